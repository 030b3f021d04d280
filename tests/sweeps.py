"""The grid every view is swept over, and its results computed once per process: shared by the
widget sweeps and the lessons' own tests (a plain module: tests never import each other)."""
import functools
import itertools
import math

from helpers import widgets as W
from helpers.views import REGISTRY


def sweep_params(controls, n_grid=4, max_combinations=400):
    """Each control alone at every sweep value (others at default), plus an even stride through
    the grid of all controls at min/default/max and `n_grid` points."""
    base = W.defaults(controls)
    out = [dict(base)]
    for c in controls:
        out += [{**base, c.name: v} for v in c.sweep_values()]
    product = list(itertools.product(*(c.sweep_values(n_grid) for c in controls)))
    stride = max(1, math.ceil(len(product) / max_combinations))
    out += [dict(zip((c.name for c in controls), combo)) for combo in product[::stride]]
    unique = {tuple(sorted((k, str(v)) for k, v in p.items())): p for p in out}
    return list(unique.values())


@functools.lru_cache(maxsize=None)
def grid_results(name: str) -> tuple:
    """(params, result) over a view's sweep grid, computed once for the tests that read numbers
    (finiteness, readouts, verdicts): no figure is drawn for them."""
    spec = REGISTRY[name]
    return tuple((params, spec.compute(**params)) for params in sweep_params(spec.controls))
