"""Lesson 02 (infusion timing): live figures for the dosing interval, a late or missed infusion,
stopping, and weight and antibodies, plus the infusion-date planner.

Concentrations come from :mod:`helpers.pk` (µg/mL), saturation from :mod:`helpers.pd` (%),
thresholds and trial figures from :mod:`helpers.sources`. Model curves are cached per discrete
setting, so a slider move costs a table look-up and a blit. Readouts are numbers labelled as a
model of an average person, never a verdict about a reader.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import pd, pk, regimen, sources
from ..sources import format_value
from ..style import GREY, OKABE_ITO, ZONE_TEXT
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._panels import (
    DAYS_PER_MONTH,
    LOG_TICKS,
    conc_sat_axes,
    washout_axes,
    pct,
    plural,
    reference_line,
    return_zone,
    shade_return_zone,
    spread_band,
    spread_label,
    ug,
    zone_label,
)
from ._planner import planner_spec

WEEK = regimen.DAYS_PER_WEEK
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
INTERVAL_WEEKS_TAUGHT = (APPROVED_WEEKS, 2 * APPROVED_WEEKS)  # 4 to 8 weeks
WEIGHT_KG_TAUGHT = (40, 150)
for _name, _inner, _outer in (
    ("interval_weeks", tuple(w * WEEK for w in INTERVAL_WEEKS_TAUGHT), regimen.INTERVAL_DAYS_RANGE),
    ("weight_kg", WEIGHT_KG_TAUGHT, pk.WEIGHT_KG_RANGE),
):
    if not (_outer[0] <= _inner[0] < _inner[1] <= _outer[1]):
        raise ValueError(f"{_name}: slider range {_inner} must lie inside {_outer}")

PRESET_OPTIONS = (
    ("Default saturation curve", "default"),
    ("Alternative saturation curve", "alternative"),
)
MODEL_OPTIONS = (
    ("Teaching model (one compartment)", "1cmt"),
    ("Advanced (two compartments, saturable clearance)", "2cmt_mm"),
)
ANTIBODY_OPTIONS = (
    ("No antibodies", 1.0),
    (
        "Persistent antibodies (Swiss product information: clearance "
        f"x{format_value(sources.value('label.ada_cl_factor_eu'), qualifier='')})",
        float(sources.value("label.ada_cl_factor_eu")),
    ),
    (
        "Persistent antibodies (US data, AHFS monograph: clearance about "
        f"x{format_value(sources.value('label.ada_cl_factor_us'), qualifier='')})",
        float(sources.value("label.ada_cl_factor_us")),
    ),
)
INTERVAL_CONTROL = Control(
    "interval_weeks",
    "Dosing interval (weeks)",
    default=APPROVED_WEEKS,
    min=INTERVAL_WEEKS_TAUGHT[0],
    max=INTERVAL_WEEKS_TAUGHT[1],
    step=1,
)
PRESET_CONTROL = Control("preset", "Saturation curve", default="default", options=PRESET_OPTIONS)
WEIGHT_CONTROL = Control(
    "weight_kg",
    "Body weight (kg)",
    default=int(pk.REFERENCE_WEIGHT_KG),
    min=WEIGHT_KG_TAUGHT[0],
    max=WEIGHT_KG_TAUGHT[1],
    step=5,
)


# ---------------------------------------------------------------------------------------------
# 1. Dosing interval: every 4 to 8 weeks over a year
# ---------------------------------------------------------------------------------------------
YEAR_DAYS = 364.0
INTERVAL_CONTROLS = (
    INTERVAL_CONTROL,
    Control("model", "Model", default="1cmt", options=MODEL_OPTIONS),
    PRESET_CONTROL,
)


@lru_cache(maxsize=32)
def year_curve(interval_weeks: int, model: str):
    """(days, µg/mL) for one year of the standard dose every `interval_weeks` weeks."""
    interval = interval_weeks * WEEK
    reg = regimen.regular(interval_days=interval, n_doses=int(YEAR_DAYS // interval) + 1)
    t = np.union1d(np.linspace(0.0, YEAR_DAYS, 1200), reg.times_days + reg.durations_days)
    return t, pk.concentration(t, reg, model=model)


@lru_cache(maxsize=32)
def steady(interval_weeks: int, model: str) -> pk.SteadyState:
    """Cached: the two-compartment steady state is found by integration (about 20 ms)."""
    return pk.steady_state(interval_weeks * WEEK, model=model)


def compute_interval(interval_weeks: int, model: str, preset: str) -> dict:
    t, conc = year_curve(int(interval_weeks), model)
    t4, conc4 = year_curve(APPROVED_WEEKS, model)
    ss, ss4 = steady(int(interval_weeks), model), steady(APPROVED_WEEKS, model)
    sat_trough = float(pd.saturation_pct(ss.trough_ug_per_ml, preset))
    sat_trough4 = float(pd.saturation_pct(ss4.trough_ug_per_ml, preset))
    lower = 100.0 * (1 - ss.trough_ug_per_ml / ss4.trough_ug_per_ml)
    approved = interval_weeks == APPROVED_WEEKS
    readout = [
        (
            "Interval",
            f"every {interval_weeks} weeks, about {52.0 / interval_weeks:.1f} infusions a year",
        ),
        ("Highest level, once levels have settled (model)", ug(ss.cmax_ug_per_ml)),
        (
            "Lowest level, just before each infusion (model; 'trough')",
            ug(ss.trough_ug_per_ml)
            + (
                ""
                if approved
                else f", {lower:.0f}% lower than every {APPROVED_WEEKS} weeks "
                f"({ug(ss4.trough_ug_per_ml)})"
            ),
        ),
        (
            "Receptors covered at the lowest point (model)",
            pct(sat_trough)
            + ("" if approved else f" (every {APPROVED_WEEKS} weeks: {pct(sat_trough4)})"),
        ),
    ]
    return {
        "months": t / DAYS_PER_MONTH,
        "conc": conc,
        "sat": pd.saturation_pct(conc, preset),
        "months_approved": t4 / DAYS_PER_MONTH,
        "conc_approved": conc4,
        "sat_approved": pd.saturation_pct(conc4, preset),
        "trough": ss.trough_ug_per_ml,
        "trough_approved": ss4.trough_ug_per_ml,
        "sat_trough": sat_trough,
        "readout": readout,
    }


def draw_interval(fig, r) -> Frame:
    ax_c, ax_s = conc_sat_axes(
        fig, xlabel="Months of treatment", xlim=(0, 12), xticks=range(0, 13, 2)
    )
    ref_c = reference_line(
        ax_c,
        r["months_approved"],
        r["conc_approved"],
        label=f"every {APPROVED_WEEKS} weeks (approved)",
    )
    ref_s = reference_line(ax_s, r["months_approved"], r["sat_approved"])
    (line_c,) = ax_c.plot(r["months"], r["conc"], color=OKABE_ITO["blue"], label="chosen interval")
    (line_s,) = ax_s.plot(r["months"], r["sat"], color=OKABE_ITO["bluish_green"], linestyle="--")
    ax_c.legend(loc="upper right", frameon=False)
    return Frame({"ref_c": ref_c, "ref_s": ref_s, "line_c": line_c, "line_s": line_s})


update_interval = line_updater(
    {
        "ref_c": ("months_approved", "conc_approved"),
        "ref_s": ("months_approved", "sat_approved"),
        "line_c": ("months", "conc"),
        "line_s": ("months", "sat"),
    }
)


# ---------------------------------------------------------------------------------------------
# 2. One late (or missed) infusion after a year on schedule
# ---------------------------------------------------------------------------------------------
LATE_DOSE_INDEX = 13  # the 14th infusion, after a year on schedule
LATE_MAX_DAYS = int(regimen.DEFAULT_INTERVAL_DAYS)  # a whole interval late = one infusion missed
LATE_CONTROLS = (
    Control(
        "days_late", "Delay of one infusion (days)", default=0, min=0, max=LATE_MAX_DAYS, step=1
    ),
    PRESET_CONTROL,
)
LATE_WINDOW_WEEKS = (44, 68)


@lru_cache(maxsize=64)
def late_curve(days_late: int):
    """(weeks, µg/mL, level just before the late dose, its week) with dose LATE_DOSE_INDEX given
    `days_late` late. As the EU leaflet advises, the schedule then carries on every 4 weeks from
    the late infusion."""
    on_time = regimen.regular(n_doses=LATE_DOSE_INDEX + 4)
    reg = regimen.delay_dose(on_time, LATE_DOSE_INDEX, float(days_late)) if days_late else on_time
    t = np.linspace(LATE_WINDOW_WEEKS[0] * WEEK, LATE_WINDOW_WEEKS[1] * WEEK, 900)
    due = reg[LATE_DOSE_INDEX].time_days
    trough = float(pk.concentration_1cmt([due], reg)[0])
    return t / WEEK, pk.concentration_1cmt(t, reg), trough, due / WEEK


@lru_cache(maxsize=1)
def _late_spread_curve():
    """Days after the last on-time infusion, and the lowest and highest level across weights and
    models if no further infusion is given (the infusion that will be late)."""
    days = np.arange(0.0, regimen.DEFAULT_INTERVAL_DAYS + LATE_MAX_DAYS + 1)
    return days, *pk.washout_spread(days, LATE_DOSE_INDEX)


def late_spread(days_late: int) -> tuple[float, float]:
    """Lowest and highest level just before an infusion `days_late` days late."""
    days, low, high = _late_spread_curve()
    i = int(regimen.DEFAULT_INTERVAL_DAYS) + int(days_late)
    return float(low[i]), float(high[i])


def compute_late(days_late: int, preset: str) -> dict:
    weeks, conc, trough, due = late_curve(int(days_late))
    w0, conc0, trough0, due0 = late_curve(0)
    sat, sat0 = (float(pd.saturation_pct(x, preset)) for x in (trough, trough0))
    if days_late == 0:
        timing = f"on time, {APPROVED_WEEKS} weeks after the last one"
    elif days_late == LATE_MAX_DAYS:
        timing = f"{plural(days_late, 'day')} late: the same as missing one infusion"
    else:
        timing = f"{plural(days_late, 'day')} late"
    low, high = late_spread(int(days_late))
    readout = [
        ("The infusion", timing),
        (
            "Lowest level before it (model, average 70 kg adult)",
            f"{ug(trough)} (on time: {ug(trough0)})",
        ),
        (f"The same, {spread_label()}", f"{ug(low)} to {ug(high)}"),
        (
            "Receptors covered at that point (model, average 70 kg adult)",
            f"{pct(sat)} (on time: {pct(sat0)})",
        ),
    ]
    return {
        "weeks": weeks,
        "conc": conc,
        "sat": pd.saturation_pct(conc, preset),
        "weeks_on_time": w0,
        "conc_on_time": conc0,
        "sat_on_time": pd.saturation_pct(conc0, preset),
        "due": due,
        "due_on_time": due0,
        "trough": trough,
        "readout": readout,
    }


def draw_late(fig, r) -> Frame:
    ax_c, ax_s = washout_axes(fig, xlabel="Weeks since the first infusion", xlim=LATE_WINDOW_WEEKS)
    days, low, high = _late_spread_curve()
    last = regimen.regular(n_doses=LATE_DOSE_INDEX).last_dose_day
    spread_band(ax_c, (last + days) / WEEK, low, high, label=spread_label(short=True))
    for ax in (ax_c, ax_s):
        ax.axvline(r["due_on_time"], color=GREY, linewidth=1, linestyle=":")
    ax_c.text(r["due_on_time"] + 0.3, 150, "due", color=GREY, fontsize=12)
    zone_label(ax_c, LATE_WINDOW_WEEKS[0] + 0.4, 0.065, ha="left")
    reference_line(ax_c, r["weeks_on_time"], r["conc_on_time"], label="on time")
    ref_s = reference_line(ax_s, r["weeks_on_time"], r["sat_on_time"])
    (line_c,) = ax_c.plot(
        r["weeks"], r["conc"], color=OKABE_ITO["vermillion"], label="with the delay"
    )
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], color=OKABE_ITO["reddish_purple"], linestyle="--")
    (dot,) = ax_c.plot([r["due"]], [r["trough"]], "v", ms=10, color=OKABE_ITO["vermillion"])
    ax_c.legend(loc="lower right", bbox_to_anchor=(1, 0.1), frameon=False, fontsize=12)
    return Frame({"ref_s": ref_s, "line_c": line_c, "line_s": line_s, "dot": dot})


update_late = line_updater(
    {
        "ref_s": ("weeks_on_time", "sat_on_time"),
        "line_c": ("weeks", "conc"),
        "line_s": ("weeks", "sat"),
        "dot": ("due", "trough"),
    }
)


# ---------------------------------------------------------------------------------------------
# 3. Stopping treatment: washout, and when disease activity came back in trials
# ---------------------------------------------------------------------------------------------
WASHOUT_WEEKS = 32
STOP_CONTROLS = (WEIGHT_CONTROL, PRESET_CONTROL)
FLOOR_UG_PER_ML = 1e-3  # keeps the log axis finite long after the last dose


@lru_cache(maxsize=64)
def washout_curve(weight_kg: float):
    reg = regimen.regular(n_doses=13)
    weeks = np.linspace(0.0, WASHOUT_WEEKS, 900)
    conc = pk.concentration_1cmt(reg.last_dose_day + weeks * WEEK, reg, weight_kg=weight_kg)
    return weeks, np.maximum(conc, FLOOR_UG_PER_ML), reg


@lru_cache(maxsize=1)
def stopping_spread():
    """Weeks after the last infusion, and the lowest and highest level across weights and models."""
    weeks = np.linspace(0.0, WASHOUT_WEEKS, 900)
    low, high = pk.washout_spread(weeks * WEEK, 13)
    return weeks, np.maximum(low, FLOOR_UG_PER_ML), high


@lru_cache(maxsize=1)
def weeks_below_spread() -> tuple[float, float]:
    """Earliest and latest week the level falls below the studies' 'therapeutic' level, across
    weights and models."""
    level = float(sources.value("pd.therapeutic_conc_ug_per_ml"))
    reg = regimen.regular(n_doses=13)
    weeks = [
        pk.time_below_after_last_dose_days(reg, level, model=m, weight_kg=w) / WEEK
        for m in pk.MODEL_NAMES
        for w in pk.spread_weights_kg()
    ]
    return min(weeks), max(weeks)


def compute_stopping(weight_kg: float, preset: str) -> dict:
    weeks, conc, reg = washout_curve(float(weight_kg))
    level = float(sources.value("pd.therapeutic_conc_ug_per_ml"))
    sat_level = float(sources.value("pd.therapeutic_saturation_pct"))
    below_conc = pk.time_below_after_last_dose_days(reg, level, weight_kg=weight_kg) / WEEK
    below_sat = (
        pd.saturation_below_after_last_dose_days(reg, sat_level, preset=preset, weight_kg=weight_kg)
        / WEEK
    )
    mri = sources.value("stop.restore_mri_week")
    relapse = sources.value("stop.restore_relapse_weeks")
    readout = [
        ("Body weight", f"{weight_kg:g} kg"),
        (
            f"Blood level below {format_value(level)} µg/mL (model)",
            f"{below_conc:.1f} weeks after the last infusion",
        ),
        (f"The same, {spread_label()}", "{:.1f} to {:.1f} weeks".format(*weeks_below_spread())),
        (
            f"Receptors covered below {format_value(sat_level)}% (model)",
            f"{below_sat:.1f} weeks after the last infusion",
        ),
        (
            "In the RESTORE trial",
            f"relapses from weeks {format_value(relapse)}, MRI activity from "
            f"week {format_value(mri)}",
        ),
    ]
    return {
        "weeks": weeks,
        "conc": conc,
        "sat": pd.saturation_pct(conc, preset),
        "below_conc_weeks": below_conc,
        "below_sat_weeks": below_sat,
        "readout": readout,
    }


def draw_stopping(fig, r) -> Frame:
    ax_c, ax_s = washout_axes(
        fig,
        xlabel="Weeks after the last infusion",
        xlim=(0, WASHOUT_WEEKS),
        xticks=range(0, WASHOUT_WEEKS + 1, 4),
    )
    relapse = sources.value("stop.restore_relapse_weeks")
    mri = sources.value("stop.restore_mri_week")
    peak = sources.value("stop.peak_months")
    peak_lo, peak_hi = (m * DAYS_PER_MONTH / WEEK for m in peak)
    for ax in (ax_c, ax_s):
        ax.axvspan(peak_lo, peak_hi, color=OKABE_ITO["orange"], alpha=0.15, lw=0)
        ax.axvline(mri, color="0.3", linewidth=1.2, linestyle="-.")
    ax_s.text(mri + 0.4, 92, f"MRI activity\nfrom week {format_value(mri)}", fontsize=12, va="top")
    ax_s.text(
        (peak_lo + peak_hi) / 2,
        60,
        f"activity\npeaked\n{format_value(peak)} months",
        fontsize=12,
        ha="center",
    )
    ax_s.plot(relapse, [8, 8], color="0.25", linewidth=2, marker="|", markersize=12)
    ax_s.text(
        sum(relapse) / 2,
        11,
        f"relapses from\nweeks {format_value(relapse)}",
        fontsize=12,
        ha="center",
    )
    weeks, low, high = stopping_spread()
    spread_band(ax_c, weeks, low, high, label=spread_label(short=True))
    ax_c.legend(loc="upper right", frameon=False, fontsize=12)
    (line_c,) = ax_c.plot(r["weeks"], r["conc"], color=OKABE_ITO["blue"])
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], color=OKABE_ITO["bluish_green"], linestyle="--")
    (mark_c,) = ax_c.plot(
        [r["below_conc_weeks"]],
        [sources.value("pd.therapeutic_conc_ug_per_ml")],
        "o",
        ms=9,
        color=OKABE_ITO["blue"],
    )
    (mark_s,) = ax_s.plot(
        [r["below_sat_weeks"]],
        [sources.value("pd.therapeutic_saturation_pct")],
        "s",
        ms=9,
        color=OKABE_ITO["bluish_green"],
    )
    return Frame({"line_c": line_c, "line_s": line_s, "mark_c": mark_c, "mark_s": mark_s})


update_stopping = line_updater(
    {
        "line_c": ("weeks", "conc"),
        "line_s": ("weeks", "sat"),
        "mark_c": ("below_conc_weeks", None),
        "mark_s": ("below_sat_weeks", None),
    }
)


# ---------------------------------------------------------------------------------------------
# 4. Why the same dose gives different troughs: body weight and antibodies
# ---------------------------------------------------------------------------------------------
WEIGHT_CONTROLS = (
    WEIGHT_CONTROL,
    Control("ada_factor", "Anti-drug antibodies", default=1.0, options=ANTIBODY_OPTIONS),
    INTERVAL_CONTROL,
)
WEIGHT_YLIM = (0.1, 300)
CYCLE_DAYS = float(INTERVAL_WEEKS_TAUGHT[1] * WEEK)


@lru_cache(maxsize=512)
def steady_cycle(weight_kg: float, ada_factor: float, interval_weeks: int):
    """One dosing interval at steady state: (days into the interval, µg/mL), and the SteadyState."""
    interval = interval_weeks * WEEK
    params = dict(weight_kg=weight_kg, ada_cl_factor=ada_factor)  # factor 1.0 = no antibodies
    reg = regimen.regular(interval_days=interval, n_doses=40)
    days = np.linspace(0.0, interval, 700)
    conc = pk.concentration_1cmt(reg.last_dose_day - interval + days, reg, **params)
    return days, conc, pk.steady_state(interval, **params)


def compute_weight(weight_kg: float, ada_factor: float, interval_weeks: int) -> dict:
    days, conc, ss = steady_cycle(float(weight_kg), float(ada_factor), int(interval_weeks))
    ref_days, ref_conc, ref = steady_cycle(pk.REFERENCE_WEIGHT_KG, 1.0, APPROVED_WEEKS)
    multiplier = pk.clearance_multiplier(weight_kg, ada_cl_factor=ada_factor)
    target = float(sources.value("eid.nextms_target"))
    sat = float(pd.saturation_pct(ss.trough_ug_per_ml))
    reference = f"{pk.REFERENCE_WEIGHT_KG:g} kg, no antibodies, every {APPROVED_WEEKS} weeks"
    readout = [
        (
            f"How fast the body clears the drug (clearance), against {pk.REFERENCE_WEIGHT_KG:g} kg "
            "without antibodies",
            f"{multiplier:.2f} times",
        ),
        (
            "Lowest level before each infusion, once settled (model; 'trough')",
            f"{ug(ss.trough_ug_per_ml)} ({reference}: {ug(ref.trough_ug_per_ml)})",
        ),
        ("Receptors covered at that point (model)", pct(sat)),
        ("For comparison: the trough NEXT-MS aimed for", f"{format_value(target)} µg/mL"),
    ]
    return {
        "days": days,
        "conc": conc,
        "ref_days": ref_days,
        "ref_conc": ref_conc,
        "trough": ss.trough_ug_per_ml,
        "trough_shown": max(ss.trough_ug_per_ml, WEIGHT_YLIM[0]),
        "sat_trough": sat,
        "interval_days": interval_weeks * WEEK,
        "readout": readout,
    }


def draw_weight(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(
        xlim=(0, CYCLE_DAYS),
        ylim=WEIGHT_YLIM,
        yscale="log",
        xlabel="Days since the infusion (once levels have settled)",
        ylabel="Natalizumab in the blood (µg/mL, log scale)",
    )
    ax.set_yticks(LOG_TICKS, [format_value(float(t)) for t in LOG_TICKS])
    ax.set_xticks(range(0, int(CYCLE_DAYS) + 1, WEEK))
    shade_return_zone(ax)
    conc_low, conc_high, _, _ = return_zone()
    target = float(sources.value("eid.nextms_target"))
    ax.axhline(target, color="0.35", linestyle="-.", linewidth=1.2)
    ax.text(
        CYCLE_DAYS - 0.5,
        target * 1.12,
        f"NEXT-MS target trough {format_value(target)} µg/mL",
        ha="right",
        fontsize=12,
        color="0.25",
    )
    ax.text(
        CYCLE_DAYS - 0.5,
        0.14,
        f"below {format_value((conc_low, conc_high))} µg/mL: MS activity may return",
        ha="right",
        fontsize=12,
        color=ZONE_TEXT,
    )
    reference_line(
        ax,
        r["ref_days"],
        r["ref_conc"],
        label=f"{pk.REFERENCE_WEIGHT_KG:g} kg, no antibodies, every {APPROVED_WEEKS} weeks",
    )
    (line,) = ax.plot(
        r["days"], r["conc"], color=OKABE_ITO["blue"], label="chosen person and interval"
    )
    (dot,) = ax.plot([r["interval_days"]], [r["trough"]], "o", ms=9, color=OKABE_ITO["blue"])
    ax.legend(loc="upper right", frameon=False)
    return Frame({"line": line, "dot": dot}, [ax])


update_weight = line_updater({"line": ("days", "conc"), "dot": ("interval_days", "trough_shown")})


SPECS = (
    ViewSpec(
        "infusion_timing.interval",
        "Concentration and receptor cover over a year, by dosing interval",
        INTERVAL_CONTROLS,
        compute_interval,
        draw_interval,
        update_interval,
    ),
    ViewSpec(
        "infusion_timing.late",
        "One late or missed infusion after a year on schedule",
        LATE_CONTROLS,
        compute_late,
        draw_late,
        update_late,
    ),
    ViewSpec(
        "infusion_timing.stopping",
        "After the last infusion: washout and the return of disease activity",
        STOP_CONTROLS,
        compute_stopping,
        draw_stopping,
        update_stopping,
    ),
    ViewSpec(
        "infusion_timing.weight",
        "Why the same dose gives different troughs: weight and antibodies",
        WEIGHT_CONTROLS,
        compute_weight,
        draw_weight,
        update_weight,
    ),
    planner_spec("infusion_timing.planner"),
)
