"""Lesson 00 (start here): what happens to natalizumab in the blood in the weeks after an infusion.

Model: the one-compartment teaching model of :mod:`helpers.pk` at steady state on the approved
schedule (``dose.mg`` every ``dose.interval_days``), and the default saturation preset of
:mod:`helpers.pd`. Readouts are numbers for a model of an average 70 kg adult, never a verdict.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..style import CURSOR, OKABE_ITO, series
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._contact import contact_numbers
from ._panels import (pct, plural, spread_band, spread_label, ug, washout_axes,
                      zone_label)
from ._tables import markdown_table

LESSON = "00_start_here"
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
WEEKS_AFTER_RANGE = (0.0, 4.0 * APPROVED_WEEKS)  # four intervals: the washout is visible
N_DOSES_BEFORE = 12  # enough doses to sit at steady state
CONTROLS = (
    Control(
        "weeks",
        "Weeks since the last infusion (weeks)",
        default=float(APPROVED_WEEKS),
        min=WEEKS_AFTER_RANGE[0],
        max=WEEKS_AFTER_RANGE[1],
        step=0.5,
    ),
)


@lru_cache(maxsize=1)
def washout_curve():
    """Weeks after the end of the last infusion; concentration (µg/mL) and saturation (%) of the
    average person; and the lowest and highest concentration across weights and models. Week 0
    is the end of the drip (the peak), not its start, when the level is still the trough before
    it."""
    reg = regimen.regular(n_doses=N_DOSES_BEFORE)
    weeks = np.linspace(*WEEKS_AFTER_RANGE, 800)
    days = weeks * regimen.DAYS_PER_WEEK + regimen.DEFAULT_DURATION_DAYS
    conc = pk.concentration_1cmt(reg.last_dose_day + days, reg)
    low, high = pk.washout_spread(days, N_DOSES_BEFORE)
    return weeks, conc, pd.saturation_pct(conc), low, high


def compute(weeks: float) -> dict:
    grid_w, grid_c, grid_s, grid_low, grid_high = washout_curve()
    conc = float(np.interp(weeks, grid_w, grid_c))
    low, high = (float(np.interp(weeks, grid_w, g)) for g in (grid_low, grid_high))
    sat = float(np.interp(weeks, grid_w, grid_s))
    values = {"weeks_since": f"{weeks:g}", "due": weeks == APPROVED_WEEKS,
              "before": weeks < APPROVED_WEEKS, "after": weeks > APPROVED_WEEKS,
              "start": weeks == 0,
              "to_go": plural(APPROVED_WEEKS - weeks, "week"),
              "past": plural(weeks - APPROVED_WEEKS, "week"), "level": ug(conc),
              "level_low": ug(low), "level_high": ug(high), "covered": pct(sat),
              "covered_in_100": f"{round(sat)}"}
    return {
        "weeks": float(weeks),
        "conc": conc,
        "sat": sat,
        "curve_weeks": grid_w,
        "curve_conc": grid_c,
        "curve_sat": grid_s,
        "curve_low": grid_low,
        "curve_high": grid_high,
        "readout": content.readout(LESSON, "after_infusion", values, readout_numbers()),
        "readout_values": values,
    }


def draw(fig, result) -> Frame:
    ax_c, ax_s = washout_axes(
        fig,
        xlabel="Weeks since the last infusion",
        xlim=WEEKS_AFTER_RANGE,
        xticks=range(0, int(WEEKS_AFTER_RANGE[1]) + 1, 2),
    )
    spread_band(
        ax_c,
        result["curve_weeks"],
        result["curve_low"],
        result["curve_high"],
        label=spread_label(short=True),
    )
    ax_c.plot(
        result["curve_weeks"],
        result["curve_conc"],
        **series("chosen", "average 70 kg adult"),
        label="average 70 kg adult",
    )
    # below the panels: the week cursor would otherwise run through a legend on the axes
    fig.legend(handles=ax_c.get_legend_handles_labels()[0], loc="outside lower center", ncols=2,
               frameon=False, fontsize=12)
    ax_s.plot(
        result["curve_weeks"], result["curve_sat"], **series("chosen", "average 70 kg adult")
    )
    zone_label(ax_c, 0.3, 0.065, ha="left")
    for ax in (ax_c, ax_s):
        # stops above the zone's words at the foot of the blood panel
        ax.axvline(APPROVED_WEEKS, ymin=0.13, color="0.4", linewidth=1, linestyle=":")
    cursor_c = ax_c.axvline(result["weeks"], ymin=0.13, color=OKABE_ITO["black"], linewidth=1.2,
                            gid=CURSOR)   # stops above the zone's words
    cursor_s = ax_s.axvline(result["weeks"], color=OKABE_ITO["black"], linewidth=1.2, gid=CURSOR)
    (dot_c,) = ax_c.plot(
        [result["weeks"]], [result["conc"]], "o", ms=10, color=OKABE_ITO["blue"], clip_on=False
    )
    (dot_s,) = ax_s.plot(
        [result["weeks"]],
        [result["sat"]],
        "s",
        ms=10,
        color=OKABE_ITO["blue"],
        clip_on=False,
    )
    return Frame({"cursor_c": cursor_c, "cursor_s": cursor_s, "dot_c": dot_c, "dot_s": dot_s})


update = line_updater(
    {
        "cursor_c": ("weeks", None),
        "cursor_s": ("weeks", None),
        "dot_c": ("weeks", "conc"),
        "dot_s": ("weeks", "sat"),
    }
)


SPECS = (
    ViewSpec(
        "start_here.after_infusion",
        "Natalizumab in the weeks after an infusion (teaching model)",
        CONTROLS,
        compute,
        draw,
        update,
        size_px=(900, 360),
    ),
)


# ---------------------------------------------------------------------------------------------
# Tables and answers for the lesson text: words in helpers/content/00_start_here.md, numbers from
# the same compute as the live figure
# ---------------------------------------------------------------------------------------------
ANSWER_WEEKS = float(APPROVED_WEEKS)


def readout_markdown(weeks: float = ANSWER_WEEKS) -> str:
    """The live figure's readout at `weeks`, as a table (the same compute as the figure)."""
    return markdown_table(("What", "Value"), compute(weeks)["readout"])


def answer_numbers() -> dict:
    """Every number lesson 00's questions and answers quote."""
    r = compute(ANSWER_WEEKS)
    return {
        "weeks": ANSWER_WEEKS,
        "conc": r["conc"],
        "cover": r["sat"],
        "peak": pk.steady_state(APPROVED_WEEKS * regimen.DAYS_PER_WEEK).cmax_ug_per_ml,
        "low": float(np.interp(ANSWER_WEEKS, r["curve_weeks"], r["curve_low"])),
        "high": float(np.interp(ANSWER_WEEKS, r["curve_weeks"], r["curve_high"])),
    }


def _dose_value(key: str) -> str:
    f = sources.figure(key)
    value = f"{format_value(f.value)} {f.unit}"
    if key == "dose.interval_days":
        value += " " + content.render(LESSON, "interval in weeks",
                                {"weeks": f"{f.value // regimen.DAYS_PER_WEEK:g}"})
    return value


@lru_cache(maxsize=None)
def readout_numbers() -> dict:
    """The readout's placeholders that do not change with the control; registry figures are
    looked up when first shown, so a lesson's references keep their order of first use."""
    return {"reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg", "spread": spread_label,
            "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks"))}


def numbers() -> dict:
    """Every placeholder of helpers/content/00_start_here.md, from the model and registry;
    functions are called when their placeholder is first shown."""
    n = answer_numbers
    where = lambda key: lambda: sources.SOURCES[sources.figure(key).source].full_title  # noqa: E731
    low, _, high = pk.spread_weights_kg()
    return {
        **readout_numbers(),
        **contact_numbers(),
        "dose": lambda: _dose_value("dose.mg"), "dose_source": where("dose.mg"),
        "drip": lambda: _dose_value("dose.infusion_hours"),
        "drip_source": where("dose.infusion_hours"),
        "interval": lambda: _dose_value("dose.interval_days"),
        "interval_source": where("dose.interval_days"),
        "weeks": f"{ANSWER_WEEKS:g}",
        "reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg",
        "cover": lambda: f"{round(n()['cover'])}",
        "peak": lambda: ug(n()["peak"]), "conc": lambda: ug(n()["conc"]),
        "spread_weights": f"{low:g} to {high:g} kg",
        "low": lambda: ug(n()["low"]), "high": lambda: ug(n()["high"]),
    }


def dose_markdown() -> str:
    """The usual dose, as a small table with where it was read."""
    return content.table(LESSON, "dose table", numbers())


def what_to_do_markdown() -> str:
    """Lesson 00, section 1: whom to contact, with the same-day fallback and lesson 04's emergency
    note for the signs that cannot wait."""
    return content.render(LESSON, "what to do", numbers())


def main_message_markdown() -> str:
    """Lesson 00's main message, shown as a box at the top of the lesson."""
    return content.main_message(LESSON, numbers())


def questions_markdown() -> str:
    """Lesson 00's questions, answers folded, numbers from the model."""
    return content.questions(LESSON, numbers())
