"""Lesson 00 (start here): what happens to natalizumab in the blood in the weeks after an infusion.

Model: the one-compartment teaching model of :mod:`helpers.pk` at steady state on the approved
schedule (``dose.mg`` every ``dose.interval_days``), and the default saturation preset of
:mod:`helpers.pd`. Readouts are numbers for a model of an average 70 kg adult, never a verdict.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import pd, pk, regimen, sources
from ..sources import format_value
from ..style import OKABE_ITO
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._panels import pct, plural, spread_band, spread_label, ug, washout_axes, zone_label

APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
WEEKS_AFTER_RANGE = (0.0, 4.0 * APPROVED_WEEKS)  # four intervals: the washout is visible
N_DOSES_BEFORE = 12  # enough doses to sit at steady state
AVERAGE = "model, average 70 kg adult"
REAL_PEOPLE = (
    "vary more than any model: in RESTORE some relapsed "
    f"{format_value(sources.value('stop.restore_relapse_weeks'))} weeks after a last infusion. "
    "If an infusion will be late, contact your MS team or infusion unit"
)

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
    """Weeks after the last infusion; concentration (µg/mL) and saturation (%) of the average
    person; and the lowest and highest concentration across weights and models."""
    reg = regimen.regular(n_doses=N_DOSES_BEFORE)
    weeks = np.linspace(*WEEKS_AFTER_RANGE, 800)
    days = weeks * regimen.DAYS_PER_WEEK
    conc = pk.concentration_1cmt(reg.last_dose_day + days, reg)
    low, high = pk.washout_spread(days, N_DOSES_BEFORE)
    return weeks, conc, pd.saturation_pct(conc), low, high


def compute(weeks: float) -> dict:
    grid_w, grid_c, grid_s, grid_low, grid_high = washout_curve()
    conc = float(np.interp(weeks, grid_w, grid_c))
    low, high = (float(np.interp(weeks, grid_w, g)) for g in (grid_low, grid_high))
    sat = float(np.interp(weeks, grid_w, grid_s))
    if weeks == APPROVED_WEEKS:
        timing = "the usual day of the next infusion"
    elif weeks < APPROVED_WEEKS:
        timing = f"the next infusion is usually {plural(APPROVED_WEEKS - weeks, 'week')} away"
    else:
        timing = f"{plural(weeks - APPROVED_WEEKS, 'week')} past the usual day of the next infusion"
    return {
        "weeks": float(weeks),
        "conc": conc,
        "sat": sat,
        "curve_weeks": grid_w,
        "curve_conc": grid_c,
        "curve_sat": grid_s,
        "curve_low": grid_low,
        "curve_high": grid_high,
        "readout": [
            ("Weeks since the last infusion", f"{weeks:g} ({timing})"),
            (f"Natalizumab in the blood ({AVERAGE})", ug(conc)),
            (f"The same, {spread_label()}", f"{ug(low)} to {ug(high)}"),
            (
                f"Alpha-4 receptors covered ({AVERAGE})",
                f"{pct(sat)}, about {round(sat)} in every 100",
            ),
            ("Real people", REAL_PEOPLE),
        ],
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
        color=OKABE_ITO["blue"],
        label="average 70 kg adult",
    )
    ax_c.legend(loc="upper right", frameon=False, fontsize=12)
    ax_s.plot(
        result["curve_weeks"], result["curve_sat"], color=OKABE_ITO["bluish_green"], linestyle="--"
    )
    zone_label(ax_c, 0.3, 0.065, ha="left")
    for ax in (ax_c, ax_s):
        ax.axvline(APPROVED_WEEKS, color="0.4", linewidth=1, linestyle=":")
    cursor_c = ax_c.axvline(result["weeks"], color=OKABE_ITO["black"], linewidth=1.2)
    cursor_s = ax_s.axvline(result["weeks"], color=OKABE_ITO["black"], linewidth=1.2)
    (dot_c,) = ax_c.plot(
        [result["weeks"]], [result["conc"]], "o", ms=10, color=OKABE_ITO["blue"], clip_on=False
    )
    (dot_s,) = ax_s.plot(
        [result["weeks"]],
        [result["sat"]],
        "s",
        ms=10,
        color=OKABE_ITO["bluish_green"],
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
# Tables and answers for the lesson text: from the same compute as the live figure
# ---------------------------------------------------------------------------------------------
ANSWER_WEEKS = float(APPROVED_WEEKS)


def markdown_table(header: tuple, rows: list) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def readout_markdown(weeks: float = ANSWER_WEEKS) -> str:
    """The live figure's readout at `weeks`, as a table (the same compute as the figure)."""
    return markdown_table(("What", "Value"), compute(weeks)["readout"])


def dose_markdown() -> str:
    """The usual dose, as a small table with where it was read."""
    rows = []
    for key, label in (
        ("dose.mg", "Dose"),
        ("dose.infusion_hours", "How long the drip takes"),
        ("dose.interval_days", "How often"),
    ):
        f = sources.figure(key)
        value = f"{format_value(f.value)} {f.unit}"
        if key == "dose.interval_days":
            value += f" (every {f.value // regimen.DAYS_PER_WEEK:g} weeks)"
        rows.append((label, value, sources.SOURCES[f.source].full_title))
    return markdown_table(("What", "Usual", "Where it was read"), rows)


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


def _answer(text: str) -> str:
    return f"<details><summary>Show the answer</summary>\n\n{text}\n</details>"


def questions_markdown() -> str:
    """Lesson 00's questions, answers folded, numbers from the model."""
    n = answer_numbers()
    return "\n\n".join(
        [
            "**1. Natalizumab works by ...**\n\n"
            "- a) killing white blood cells throughout the body\n"
            "- b) covering a protein that immune cells use to leave the blood and enter the brain\n"
            "- c) repairing damaged nerves",
            _answer(
                "**b.** Natalizumab covers alpha-4 integrin, the \"grip\" that lets immune cells "
                "stick to blood vessel walls and enter the brain. It does not kill immune cells "
                "(a), and it does not repair nerves (c)."
            ),
            f"**2. Set the slider to {n['weeks']:g} weeks. In the model of an average 70 kg "
            "adult, about how many of every 100 receptors are still covered?**",
            _answer(
                f"About {round(n['cover'])} in every 100. The blood level has fallen from about "
                f"{ug(n['peak'])} to {ug(n['conc'])}, yet most receptors are still covered. "
                f"Across 50 to 120 kg and two models the level is {ug(n['low'])} to "
                f"{ug(n['high'])}. Real people differ even more, and only a blood test shows a "
                "person's own level. Lesson 02 explores why."
            ),
        ]
    )
