"""Every interactive figure the notebooks use, registered in one place.

Notebooks build them with ``REGISTRY[name].build()`` (or the module's helper); the widget sweep tests
run every registered compute function over its whole control grid.
"""
from __future__ import annotations

from ..widgets import ViewSpec
from . import infusion, start

REGISTRY: dict[str, ViewSpec] = {spec.name: spec for spec in (*start.SPECS, *infusion.SPECS)}


def build(name: str):
    """Build the live figure registered as `name`."""
    try:
        return REGISTRY[name].build()
    except KeyError:
        raise KeyError(f"no view {name!r}; registered: {sorted(REGISTRY)}") from None
