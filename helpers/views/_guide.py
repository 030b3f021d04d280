"""Parts shared by the practical guide's two lessons, 04 (living with treatment) and 05
(switching and planning): the model's label for an average person, the floor and log axis of the
drug-level panels."""

from __future__ import annotations

from .. import pk
from ..sources import format_value
from ._panels import LOG_CONC_YLIM, LOG_TICKS

AVERAGE = f"model, average {format_value(pk.REFERENCE_WEIGHT_KG)} kg adult"  # the reference person
FLOOR_UG_PER_ML = 1e-3  # levels below this are drawn at it, so the log axis never meets zero


def log_conc_axis(ax, xlabel: str, xlim) -> None:
    """The drug level on a log scale, titled 'In the blood'."""
    ax.set(xlim=xlim, ylim=LOG_CONC_YLIM, yscale="log", xlabel=xlabel,
           ylabel="Natalizumab (µg/mL, log scale)", title="In the blood")
    ax.set_yticks(LOG_TICKS, [format_value(float(t)) for t in LOG_TICKS])
