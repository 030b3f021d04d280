"""The picture beside a coding exercise: the lesson's model as a line, the student's function as
markers once it is written.

An exercise in a science section (a code cell tagged ``exercise``) defines a stub that raises
``NotImplementedError`` with a hint, calls it inside ``try/except NotImplementedError``, and then
calls :func:`check_plot`, so the cell always draws: before the function is written the picture shows
the model alone and says so in its legend; afterwards the student's markers sit on the line (or do
not). The folded solution follows in a cell tagged ``solution`` that checks itself against the
helpers. ``tests/test_exercises.py`` keeps stub and solution in step.
"""
from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from . import style
from .validate import check_array

FIGSIZE_IN = (9.0, 3.8)   # about 900x380 px at the collection's DPI
ON_THE_LINE_RTOL = 1e-6   # a student's value this close to the model's counts as on the line


class CheckPlot:
    """A drawn check: PNG for the notebook, and a text alternative (also what nbval compares),
    whatever matplotlib backend the kernel runs."""

    def __init__(self, png: bytes, text: str):
        self.png, self.text = png, text

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return self.text


def check_plot(x: Sequence[float], model: Sequence[float], mine: Sequence[float] | None, *,
               xlabel: str, ylabel: str, title: str,
               model_label: str = "the lesson's helpers (the model)") -> CheckPlot:
    """Draw `model` against `x` as a line and, unless `mine` is None, the student's values as
    hollow markers; the text alternative says how many of them sit on the line."""
    xs = check_array("x", x)
    ys = check_array("model", model)
    if xs.ndim != 1 or xs.shape != ys.shape:
        raise ValueError(f"model must have one value per x ({xs.size}), got {ys.size}")
    got = None
    if mine is not None:
        got = check_array("mine", mine)
        if got.shape != xs.shape:
            raise ValueError(f"mine must have one value per x ({xs.size}), got {got.size}")
    with style.context():
        fig, ax = plt.subplots(figsize=FIGSIZE_IN, layout="constrained")
        ax.plot(xs, ys, color=style.OKABE_ITO["blue"], linestyle="-", label=model_label)
        extra = []
        if got is None:
            extra = [Line2D([], [], color=style.GREY, linestyle="none", marker="o",
                            fillstyle="none", label="your function: not written yet")]
        else:
            ax.plot(xs, got, color=style.OKABE_ITO["vermillion"], linestyle="none", marker="o",
                    markersize=11, markeredgewidth=2.2, fillstyle="none", label="your function")
        ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
        ax.set_ylim(bottom=0)
        ax.legend(handles=ax.get_legend_handles_labels()[0] + extra, loc="best")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=style.DPI)
        plt.close(fig)
    if got is None:
        yours = "your function: not written yet"
    else:
        on = int(np.sum(np.isclose(got, ys, rtol=ON_THE_LINE_RTOL, atol=0.0)))
        yours = f"your function: {on} of {xs.size} circles on the line"
    text = (f"{title}: {model_label} as a line, {xlabel} from {xs.min():g} to {xs.max():g}; "
            f"{yours}")
    return CheckPlot(buf.getvalue(), text)
