"""Start-here demo: what happens to natalizumab in the blood in the weeks after an infusion.

Model: the one-compartment teaching model of ``helpers.pk`` at steady state on 300 mg every 4 weeks,
and the default alpha-4 saturation preset. Thresholds from NEXT-MS (Toorop 2024, introduction).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import pk, sources
from ..style import OKABE_ITO
from ..widgets import Control, Frame, ViewSpec

MAX_WEEKS = 16
N_DOSES_BEFORE = 12  # enough doses for the model to sit at steady state

CONTROLS = (
    Control("weeks", "Weeks since last infusion", default=4.0, min=0.0, max=float(MAX_WEEKS), step=0.5),
)


@lru_cache(maxsize=1)
def washout_curve():
    """Concentration (µg/mL) and saturation (%) for 0..MAX_WEEKS weeks after the last infusion."""
    interval = sources.value("dose.interval_days")
    regimen = pk.regular(interval_days=interval, n_doses=N_DOSES_BEFORE)
    last = regimen.doses[-1].time_days
    weeks = np.linspace(0, MAX_WEEKS, 800)
    conc = pk.concentration_1cmt(last + weeks * 7.0, regimen)
    return weeks, conc, pk.saturation_pct(conc)


def compute(weeks: float) -> dict:
    grid_w, grid_c, grid_s = washout_curve()
    conc = float(np.interp(weeks, grid_w, grid_c))
    sat = float(np.interp(weeks, grid_w, grid_s))
    low, high = sources.value("pd.return_conc_ug_per_ml")
    if conc >= 10:
        status = "well above the level where MS activity may return"
    elif conc >= high:
        status = "falling, but still above the level where MS activity may return"
    else:
        status = f"at or below {low}–{high} µg/mL, where MS activity may return"
    next_dose = "today is the usual day of the next infusion" if weeks == 4 else (
        f"the next infusion is {'due in' if weeks < 4 else 'late by'} {abs(4 - weeks):g} weeks")
    return {
        "weeks": float(weeks),
        "conc": conc,
        "sat": sat,
        "curve_weeks": grid_w,
        "curve_conc": grid_c,
        "curve_sat": grid_s,
        "readout": [
            ("Weeks since last infusion", f"{weeks:g} ({next_dose})"),
            ("Natalizumab in blood (model)", f"{conc:.1f} µg/mL, {status}"),
            ("Alpha-4 receptors covered (model)", f"{sat:.0f}%, about {round(sat)} in every 100"),
        ],
    }


def draw(fig, result) -> Frame:
    ax_c, ax_s = fig.subplots(1, 2)
    low, high = sources.value("pd.return_conc_ug_per_ml")
    s_low, s_high = sources.value("pd.return_saturation_pct")
    ax_c.plot(result["curve_weeks"], result["curve_conc"], color=OKABE_ITO["blue"])
    ax_c.axhspan(0, high, color=OKABE_ITO["vermillion"], alpha=0.12, lw=0)
    ax_c.text(MAX_WEEKS - 0.2, high + 2, f"below {low}–{high} µg/mL: activity may return", ha="right",
              fontsize=10, color="#7a2e00")
    ax_c.set(xlim=(0, MAX_WEEKS), ylim=(0, 120), xlabel="Weeks since last infusion",
             ylabel="Natalizumab (µg/mL)", title="In the blood")
    ax_s.plot(result["curve_weeks"], result["curve_sat"], color=OKABE_ITO["bluish_green"], linestyle="--")
    ax_s.axhspan(0, s_high, color=OKABE_ITO["vermillion"], alpha=0.12, lw=0)
    ax_s.set(xlim=(0, MAX_WEEKS), ylim=(0, 100), xlabel="Weeks since last infusion",
             ylabel="Receptors covered (%)", title="On the immune cells")
    for ax in (ax_c, ax_s):
        ax.axvline(4, color="0.4", linewidth=1, linestyle=":")
        ax.set_xticks(range(0, MAX_WEEKS + 1, 2))
    cursor_c = ax_c.axvline(result["weeks"], color=OKABE_ITO["black"], linewidth=1.2)
    cursor_s = ax_s.axvline(result["weeks"], color=OKABE_ITO["black"], linewidth=1.2)
    (dot_c,) = ax_c.plot([result["weeks"]], [result["conc"]], "o", ms=10, color=OKABE_ITO["blue"],
                      clip_on=False)
    (dot_s,) = ax_s.plot([result["weeks"]], [result["sat"]], "s", ms=10,
                      color=OKABE_ITO["bluish_green"], clip_on=False)
    return Frame({"cursor_c": cursor_c, "cursor_s": cursor_s, "dot_c": dot_c, "dot_s": dot_s})


def update(frame: Frame, result) -> bool:
    a = frame.artists
    w = result["weeks"]
    a["cursor_c"].set_xdata([w, w])
    a["cursor_s"].set_xdata([w, w])
    a["dot_c"].set_data([w], [result["conc"]])
    a["dot_s"].set_data([w], [result["sat"]])
    return False


SPECS = (
    ViewSpec("start.after_infusion", "Natalizumab in the weeks after an infusion (teaching model)",
             CONTROLS, compute, draw, update, size_px=(900, 360)),
)


def after_infusion_view():
    """The start notebook's live example."""
    return SPECS[0].build()
