"""A view's specification: its name, title, controls, compute function and how it is drawn (a
figure's `draw` and `update`, or an HTML `render`); :mod:`helpers.views` registers every lesson's
``SPECS`` and builds views from them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

from .controls import Control  # noqa: F401  (the example below uses it)
from .widgets import DEFAULT_SIZE_PX, Frame, LiveFigure, LiveHTML, View, line_updater  # noqa: F401


@dataclass(frozen=True)
class ViewSpec:
    """Everything a view needs; the lesson's views module lists its specs in ``SPECS`` and
    :mod:`helpers.views` registers them. A figure gives `draw` and `update`, a table or form gives
    `render`; `factory` builds a subclass with extra parts (the planner's save button).

    The example is a whole live figure: one control, a pure compute function with a readout, a
    `draw` that builds the figure once and names the artist that moves, and an `update` that only
    sets its data (fixed axes limits, so every move is a blit).

    Examples
    --------
    >>> import numpy as np
    >>> def compute(k):
    ...     x = np.linspace(0, 1, 50)
    ...     return {"x": x, "y": x ** k, "readout": [("Exponent", f"{k:g}")]}
    >>> def draw(fig, result):
    ...     ax = fig.add_subplot()
    ...     (line,) = ax.plot(result["x"], result["y"])
    ...     ax.set_ylim(0, 1)
    ...     return Frame({"line": line})
    >>> spec = ViewSpec("example.power", "A power curve",
    ...                 (Control("k", "Exponent k (no unit)", default=1.0, min=0.5, max=3.0,
    ...                          step=0.5),),
    ...                 compute, draw, line_updater({"line": ("x", "y")}), size_px=(300, 200))
    >>> view = spec.build()
    >>> before = view.snapshot()
    >>> _ = view.set_params(k=2.0)
    >>> view.snapshot() != before, view.renders, view.full_draws
    (True, 1, 0)
    >>> view.readout_text(), view.alt_text()
    ('Exponent: 2', 'A power curve. Exponent: 2')
    """

    name: str
    title: str
    controls: tuple
    compute: Callable[..., Mapping]
    draw: Callable | None = None
    update: Callable | None = None
    render: Callable | None = None
    size_px: tuple = DEFAULT_SIZE_PX
    factory: Callable | None = None

    def __post_init__(self):
        if (self.draw is None) == (self.render is None) and self.factory is None:
            raise ValueError(f"view {self.name}: give draw and update (a figure) or render (HTML)")

    def build(self) -> View:
        if self.factory is not None:
            return self.factory(self)
        if self.render is not None:
            return LiveHTML(self.controls, self.compute, self.render, self.title)
        return LiveFigure(
            self.controls, self.compute, self.draw, self.update, self.size_px, self.title
        )
