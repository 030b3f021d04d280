"""Every live figure, table and form the notebooks use, found automatically.

Each lesson has one views module here, named after its notebook (``start_here`` for
``00_start_here.ipynb``), holding a tuple ``SPECS`` of :class:`helpers.widgets.ViewSpec` whose names
start with the module name (``start_here.after_infusion``). Modules whose name starts with ``_``
hold shared parts and register nothing. A new lesson adds its module; nothing else is edited.

``build(name)`` imports only the lesson module it needs, so a lesson's kernel records (in
:func:`helpers.sources.used`) only the figures of the lessons it shows. ``REGISTRY`` imports every
lesson module the first time it is listed; the widget sweeps and browser tests run every view.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from functools import lru_cache

from ..widgets import View, ViewSpec


def lesson_modules() -> list[str]:
    """The names of the lesson views modules (shared ``_`` modules left out), sorted."""
    return sorted(i.name for i in pkgutil.iter_modules(__path__) if not i.name.startswith("_"))


@lru_cache(maxsize=None)
def _specs(module_name: str) -> dict[str, ViewSpec]:
    if module_name not in lesson_modules():
        raise KeyError(module_name)
    module = importlib.import_module(f"{__name__}.{module_name}")
    specs: dict[str, ViewSpec] = {}
    for spec in getattr(module, "SPECS", ()):
        if not spec.name.startswith(f"{module_name}."):
            raise ValueError(
                f"view {spec.name!r} in {module_name}.py must be named '{module_name}.<view>'"
            )
        if spec.name in specs:
            raise ValueError(f"view {spec.name!r} is registered twice")
        specs[spec.name] = spec
    return specs


class _Registry(Mapping):
    """Every registered view by name; lesson modules are imported when first needed."""

    def __getitem__(self, name: str) -> ViewSpec:
        try:
            return _specs(name.split(".", 1)[0])[name]
        except KeyError:
            raise KeyError(f"no view {name!r}; registered: {sorted(self)}") from None

    def __iter__(self) -> Iterator[str]:
        for module_name in lesson_modules():
            yield from _specs(module_name)

    def __len__(self) -> int:
        return sum(1 for _ in self)


REGISTRY: Mapping[str, ViewSpec] = _Registry()


def build(name: str) -> View:
    """Build the view registered as `name`: what a lesson's code cell calls and displays.

    Parameters
    ----------
    name : str
        ``"<views module>.<view>"``, e.g. ``"start_here.after_infusion"``.

    Returns
    -------
    helpers.widgets.View
        A :class:`~helpers.widgets.LiveFigure` or :class:`~helpers.widgets.LiveHTML`, already
        computed at the controls' defaults. Displayed as a cell's last value it shows its controls,
        readout and figure (in a kernel), or the default frame and readout as text (elsewhere).

    Raises
    ------
    KeyError
        No such view; the message lists the registered ones.

    Examples
    --------
    >>> view = build("start_here.after_infusion")
    >>> view.params
    {'weeks': 4.0}

    ``set_params`` does synchronously what a slider move does through the scheduler: check the
    value against the control, compute, update the artists, blit.

    >>> result = view.set_params(weeks=8)
    >>> result["weeks"], view.renders, view.full_draws    # one render, blitted, no full redraw
    (8.0, 1, 0)
    >>> view.set_params(weeks=40)
    Traceback (most recent call last):
    ...
    ValueError: weeks must be between 0 and 16 (...), got 40
    >>> view.params                                       # the last valid state is kept
    {'weeks': 8}
    >>> build("start_here.no_such_view")
    Traceback (most recent call last):
    ...
    KeyError: "no view 'start_here.no_such_view'; registered: [...]"
    """
    return REGISTRY[name].build()
