"""The parameters of the immune-cell trafficking model (:mod:`helpers.immune`): the
:class:`Params` record, :func:`params` (registry defaults, each value validated, any overridden by
name) and :data:`DEFAULT`. Cells in 10⁹, rates per day; every default is a registry figure
``immune.*`` (status teaching-assumption, explained in ``helpers/data/calibration.md``).
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from . import sources
from .validate import check_number

RATE_PER_DAY_RANGE = (0.0, 1000.0)
FRACTION_RANGE = (0.0, 1.0)
CELLS_1E9_RANGE = (1e-3, 1e5)
VOLUME_L_RANGE = (0.5, 10.0)


@dataclass(frozen=True)
class Params:
    """The model's parameters; build with :func:`params` (validated, defaults from the registry).

    Cells in 10⁹, rates per day. ``f_alpha4``: share of exits from the blood that need alpha-4;
    ``e_cns``: share of CNS entry that needs alpha-4.
    """

    blood_volume_l: float
    b0_1e9: float
    pool_1e9: float
    transit_1e9_per_day: float
    d_per_day: float
    f_alpha4: float
    e_cns: float
    k_bc_per_day: float
    k_c_per_day: float

    @property
    def t0_1e9(self) -> float:
        return self.pool_1e9 - self.b0_1e9

    @property
    def k_out_per_day(self) -> float:
        return self.transit_1e9_per_day / self.b0_1e9

    @property
    def k_ret_per_day(self) -> float:
        return (self.k_out_per_day + self.k_bc_per_day) * self.b0_1e9 / self.t0_1e9

    @property
    def s_1e9_per_day(self) -> float:
        return self.d_per_day * self.t0_1e9 + self.k_bc_per_day * self.b0_1e9

    @property
    def c0_1e9(self) -> float:
        return self.k_bc_per_day * self.b0_1e9 / self.k_c_per_day


_RANGES = {
    "blood_volume_l": VOLUME_L_RANGE,
    "b0_1e9": CELLS_1E9_RANGE,
    "pool_1e9": CELLS_1E9_RANGE,
    "transit_1e9_per_day": (0.0, 1e6),
    "d_per_day": RATE_PER_DAY_RANGE,
    "f_alpha4": FRACTION_RANGE,
    "e_cns": FRACTION_RANGE,
    "k_bc_per_day": RATE_PER_DAY_RANGE,
    "k_c_per_day": RATE_PER_DAY_RANGE,
}


def _default_params() -> dict:
    volume = float(sources.value("immune.blood_volume_l"))
    return {
        "blood_volume_l": volume,
        "b0_1e9": float(sources.value("immune.lymphocytes_before_1e9_per_l")) * volume,
        "pool_1e9": float(sources.value("immune.total_pool_1e9")),
        "transit_1e9_per_day": float(sources.value("immune.daily_transit_1e9")),
        "d_per_day": float(sources.value("immune.d_per_day")),
        "f_alpha4": float(sources.value("immune.f_alpha4")),
        "e_cns": float(sources.value("immune.e_cns")),
        "k_bc_per_day": float(sources.value("immune.k_bc_per_day")),
        "k_c_per_day": float(sources.value("immune.k_c_per_day")),
    }


def params(**overrides) -> Params:
    """The model's parameters: registry defaults, any of them overridden by name.

    Every value is checked: ``params(d_per_day=-1)`` raises ``d_per_day must be between 0 and
    1000, got -1``; an unknown name raises TypeError listing the valid ones.
    """
    base = _default_params()
    unknown = sorted(set(overrides) - set(base))
    if unknown:
        raise TypeError(f"unknown parameter(s) {unknown}; the parameters are {sorted(base)}")
    base.update(overrides)
    checked = {k: check_number(k, v, *_RANGES[k]) for k, v in base.items()}
    if checked["b0_1e9"] >= checked["pool_1e9"]:
        raise ValueError(f"b0_1e9 must be below pool_1e9 ({checked['pool_1e9']:g}), "
                         f"got {checked['b0_1e9']:g}")
    for name in ("transit_1e9_per_day", "k_c_per_day"):
        if checked[name] <= 0:
            raise ValueError(f"{name} must be greater than 0 and at most "
                             f"{_RANGES[name][1]:g}, got {checked[name]:g}")
    return Params(**checked)


DEFAULT = params()


def with_params(p: Params, **changes) -> Params:
    """A copy of `p` with `changes`, validated like :func:`params`."""
    merged = {f.name: getattr(p, f.name) for f in fields(p)}
    merged.update(changes)
    return params(**merged)
