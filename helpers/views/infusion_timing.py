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
    ("Main curve (default)", "default"),
    ("Second curve: more cover at low levels", "alternative"),
)
MODEL_OPTIONS = (
    ("Simple model (one compartment)", "1cmt"),
    ("Faster loss at low levels (two compartments)", "2cmt_mm"),
)
ANTIBODY_OPTIONS = (
    ("No antibodies", 1.0),
    (
        "Lasting antibodies: drug cleared "
        f"{format_value(sources.value('label.ada_cl_factor_eu'), qualifier='')} times faster "
        "(Swiss product information)",
        float(sources.value("label.ada_cl_factor_eu")),
    ),
    (
        "Lasting antibodies: drug cleared about "
        f"{format_value(sources.value('label.ada_cl_factor_us'), qualifier='')} times faster "
        "(US data, AHFS monograph)",
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
PRESET_CONTROL = Control(
    "preset", "Receptor-cover curve (saturation)", default="default", options=PRESET_OPTIONS
)
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
    Control("model", "Model of the blood level", default="1cmt", options=MODEL_OPTIONS),
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


def _range_text(low_high: tuple[float, float]) -> str:
    return f"{ug(low_high[0])} to {ug(low_high[1])}"


@lru_cache(maxsize=16)
def trough_spread(interval_weeks: int) -> tuple[float, float]:
    """Lowest and highest settled trough (µg/mL) every `interval_weeks` weeks, across the spread
    weights (:func:`helpers.pk.spread_weights_kg`) and both models."""
    troughs = [
        pk.steady_state(interval_weeks * WEEK, model=m, weight_kg=w).trough_ug_per_ml
        for m in pk.MODEL_NAMES
        for w in pk.spread_weights_kg()
    ]
    return min(troughs), max(troughs)


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
        ("Model of", "an average 70 kg adult without antibodies"),
        ("Highest level, once levels have settled (peak; model)", ug(ss.cmax_ug_per_ml)),
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
        (f"The lowest level, {spread_label()}", _range_text(trough_spread(int(interval_weeks)))),
        (
            "Receptors covered at the lowest point (saturation; model)",
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
        ("Real people", real_people_text()),
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
    Control(
        "ada_factor", "Antibodies against the drug", default=1.0, options=ANTIBODY_OPTIONS
    ),
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
            "Lowest level before each infusion, once settled (trough; simple model)",
            f"{ug(ss.trough_ug_per_ml)} ({reference}: {ug(ref.trough_ug_per_ml)})",
        ),
        ("Receptors covered at that point (saturation; model)", pct(sat)),
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


# ---------------------------------------------------------------------------------------------
# Tables and answers for the lesson text (lessons 02 and 02b). Every number comes from the same
# compute functions as the live figures, or from the registry, so the text cannot drift from them.
# ---------------------------------------------------------------------------------------------
TABLE_INTERVALS_WEEKS = (4, 5, 6, 8)
TABLE_DAYS_LATE = (0, 7, 14, 28)
ANSWER_DAYS_LATE = 7
COMPARE_WEIGHTS_KG = (50, 100)
VOLUME_EXPONENTS = (0.0, 0.5, 1.0)  # volume fixed (the teaching model), or scaled with weight


def markdown_table(header: tuple, rows: list) -> str:
    """A small Markdown table: one header row, then `rows` (sequences of cell text)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def readout_markdown(result: dict) -> str:
    """A view's readout (label, text) pairs as a two-column table."""
    return markdown_table(("What", "Value"), [(label, text) for label, text in result["readout"]])


def _fig(key: str) -> str:
    f = sources.figure(key)
    sep = "" if f.unit == "%" else " "
    return f"{format_value(f.value)}{sep}{f.unit}".strip()


def real_people_text() -> str:
    """The caveat beside a model readout where a reader might act: the spread between real people,
    the earliest relapses in RESTORE, and what to do."""
    relapse = format_value(sources.value("stop.restore_relapse_weeks"))
    return (
        f"vary more than any model: in RESTORE some relapsed {relapse} weeks after a last "
        "infusion. If an infusion will be late, contact your MS team or infusion unit"
    )


def infusion_day_markdown() -> str:
    """Lesson 02, section 1: the dose facts and the observation rules, each with its region."""
    rows = [
        ("Dose each time", _fig("dose.mg"), "US and EU"),
        ("Mixed into a bag of salt water of", _fig("dose.bag_ml"), "US (manufacturer's site)"),
        ("How long the drip takes", _fig("dose.infusion_hours"), "US and EU"),
        ("How fast it runs in", _fig("dose.rate_mg_per_min"), "US (manufacturer's site)"),
        (
            "Watched for a reaction afterwards",
            f"{_fig('visit.observation_hours')} after each of the first "
            f"{_fig('visit.observed_infusions')}",
            "US label rule",
        ),
        (
            "Watched for a reaction afterwards",
            "during the drip and for 1 hour after"
            if sources.quote("leaflet.observation")
            else "",
            "EU leaflet",
        ),
        (
            "Form given under the skin",
            f"{_fig('sc.syringes_per_dose')} (total {_fig('sc.dose_mg')}) every 4 weeks, "
            "by a health professional",
            "EU and UK only",
        ),
    ]
    return markdown_table(("What", "Figure", "Where this applies"), rows)


def interval_table_markdown() -> str:
    """Lesson 02, section 2: settled peak, trough, spread and receptor cover by interval."""
    rows = []
    for weeks in TABLE_INTERVALS_WEEKS:
        main = compute_interval(weeks, "1cmt", "default")
        second = compute_interval(weeks, "1cmt", "alternative")
        rows.append(
            (
                f"every {weeks} weeks",
                ug(float(main["conc"].max())),
                ug(main["trough"]),
                _range_text(trough_spread(weeks)),
                f"{pct(main['sat_trough'])} / {pct(second['sat_trough'])}",
            )
        )
    header = (
        "Interval",
        "Highest level (peak)",
        "Lowest level (trough)",
        f"Lowest level, {spread_label()}",
        "Receptors covered at the lowest level (main / second curve)",
    )
    return markdown_table(header, rows)


def late_table_markdown() -> str:
    """Lesson 02, section 3: one infusion late by 0, 7, 14 or 28 days."""
    rows = []
    for days in TABLE_DAYS_LATE:
        r = compute_late(days, "default")
        rows.append(
            (
                "on time" if days == 0 else f"{plural(days, 'day')} late",
                ug(r["trough"]),
                _range_text(late_spread(days)),
                pct(float(pd.saturation_pct(r["trough"]))),
            )
        )
    header = (
        "The infusion",
        "Lowest level before it (model, average 70 kg adult)",
        f"The same, {spread_label()}",
        "Receptors covered (model, average 70 kg adult)",
    )
    return markdown_table(header, rows)


def weight_cases() -> list[tuple[str, float, float]]:
    """(label, weight kg, clearance factor for antibodies) of the people lesson 02 compares."""
    ada = float(sources.value("label.ada_cl_factor_eu"))
    return [
        ("50 kg", 50.0, 1.0),
        ("70 kg", 70.0, 1.0),
        ("100 kg", 100.0, 1.0),
        ("70 kg, lasting antibodies (cleared 2.45 times faster)", 70.0, ada),
    ]


def weight_table_markdown() -> str:
    """Lesson 02, section 5: settled troughs of the simple model by weight and antibodies."""
    rows = []
    for label, weight, factor in weight_cases():
        q4w = compute_weight(weight, factor, APPROVED_WEEKS)["trough"]
        q6w = compute_weight(weight, factor, 6)["trough"]
        rows.append((label, ug(q4w), ug(q6w)))
    return markdown_table(
        ("Person in the model", "Lowest level, every 4 weeks", "Lowest level, every 6 weeks"), rows
    )


def antibody_contrast_markdown() -> str:
    """Lesson 02, section 5: the measured week-12 levels with and without lasting antibodies
    (US data), next to the simple model's settled trough with antibodies."""
    model = compute_weight(70.0, float(sources.value("label.ada_cl_factor_eu")), 4)["trough"]
    rows = [
        ("Measured: no antibodies (US label data)", _fig("ada.week12_conc_neg_ug_per_ml")),
        ("Measured: lasting antibodies (US label data)", _fig("ada.week12_conc_pos_ug_per_ml")),
        ("Simple model: lasting antibodies, 70 kg (clearance only)", ug(model)),
    ]
    return markdown_table(("Average level before the week-12 infusion", "Level"), rows)


def answer_numbers() -> dict:
    """Every number the lesson 02 questions and answers quote, from the models and registry."""
    on_time = compute_late(0, "default")
    late = compute_late(ANSWER_DAYS_LATE, "default")
    q4w = compute_interval(APPROVED_WEEKS, "1cmt", "default")
    return {
        "peak": float(q4w["conc"].max()),
        "trough": q4w["trough"],
        "cover": q4w["sat_trough"],
        "trough_spread": trough_spread(APPROVED_WEEKS),
        "days_late": ANSWER_DAYS_LATE,
        "late_trough": late["trough"],
        "late_cover": float(pd.saturation_pct(late["trough"])),
        "on_time_trough": on_time["trough"],
        "late_spread": late_spread(ANSWER_DAYS_LATE),
        "return_conc": sources.value("pd.return_conc_ug_per_ml"),
        "ada_neg": sources.value("ada.week12_conc_neg_ug_per_ml"),
        "ada_pos": sources.value("ada.week12_conc_pos_ug_per_ml"),
        "relapse_weeks": sources.value("stop.restore_relapse_weeks"),
        "pml_watch_months": sources.value("pml.watch_after_stop_months"),
    }


def _answer(text: str) -> str:
    return f"<details><summary>Show the answer</summary>\n\n{text}\n</details>"


def questions_markdown() -> str:
    """Lesson 02's check-your-understanding questions, answers folded, numbers from the models."""
    n = answer_numbers()
    lo, hi = n["trough_spread"]
    late_lo, late_hi = n["late_spread"]
    missed = sources.quote("leaflet.missed_dose").text
    return "\n\n".join(
        [
            "**1. At the end of 4 weeks the blood level is about a quarter of its peak. Why does "
            "the drug still work?**",
            _answer(
                f"Because of saturation. In the model of an average 70 kg adult the level falls "
                f"from {ug(n['peak'])} to {ug(n['trough'])}, and about {n['cover']:.0f} in every "
                f"100 receptors are still covered. Across 50 to 120 kg and two models the lowest "
                f"level is {ug(lo)} to {ug(hi)}. A review suggests MS activity may return below "
                f"about {format_value(n['return_conc'])} µg/mL: a hedged statement, not a proven "
                "line. Only a blood test shows a person's own level."
            ),
            f"**2. An infusion is {plural(n['days_late'], 'day')} late. What does the model of an "
            "average adult show?**\n\n"
            "- a) The level falls to nothing.\n"
            "- b) The lowest level is lower, but most receptors stay covered.\n"
            "- c) Nothing changes.",
            _answer(
                f"**b**, for the model of an average 70 kg adult: the lowest level falls from "
                f"{ug(n['on_time_trough'])} to {ug(n['late_trough'])}, and cover to about "
                f"{n['late_cover']:.0f}%. Across 50 to 120 kg and two models it is {ug(late_lo)} "
                f"to {ug(late_hi)}. Real people vary more: in RESTORE some people relapsed "
                f"{format_value(n['relapse_weeks'])} weeks after a last infusion. If an infusion "
                "will be late, contact your MS team or infusion unit before the day it is due."
            ),
            "**3. True or false: every 6 weeks is a way to catch up after a missed infusion.**",
            _answer(
                "**False.** A longer interval is a plan made with the MS team, studied in people "
                f"who were stable on every 4 weeks. The EU leaflet says: “{missed}” Contact your "
                "MS team or infusion unit."
            ),
            "**4. In US label data (read in a copy), what was the average level before the "
            "week-12 infusion in people with lasting antibodies, and in people without?**",
            _answer(
                f"{format_value(n['ada_pos'])} µg/mL with lasting antibodies, against "
                f"{format_value(n['ada_neg'])} µg/mL without. Lasting antibodies can make the "
                "drug stop working, so the MS team can test for them."
            ),
            "**5. After the last infusion, for how long should people keep watching for signs "
            "of PML?**",
            _answer(
                f"For {format_value(n['pml_watch_months'])} months (EU leaflet). Report any new "
                "or worsening symptoms to the MS team at once."
            ),
        ]
    )


# Lesson 02b (for students and professionals): evidence and the models behind the figures.
def evidence_table_markdown() -> str:
    """Lesson 02b, section 1: the extended-interval evidence, each number with its comparator,
    its interval and the status of what was read."""

    def status(key: str) -> str:
        return sources.figure(key).status

    rows = [
        (
            "TOUCH registry (Ryerson 2019): observational, "
            f"{sources.value('eid.ryerson_n'):,} people with JC virus antibodies",
            "PML cases per 1,000: every 4 weeks against extended",
            f"{_fig('eid.ryerson_sid_per_1000')} against {_fig('eid.ryerson_eid_per_1000')}",
            status("eid.ryerson_sid_per_1000"),
        ),
        (
            "",
            "PML hazard ratio, extended against every 4 weeks",
            f"{_fig('eid.ryerson_hr')} (95% CI {_fig('eid.ryerson_hr_ci')})",
            status("eid.ryerson_hr"),
        ),
        (
            f"NOVA (Foley 2022): randomised, {_fig('eid.nova_n')} stable for "
            f"{_fig('eid.nova_stable_months')}",
            "any new or enlarging MRI lesion by week 72: every 4 against every 6 weeks",
            f"{_fig('eid.nova_q4w_lesion_pct')} against {_fig('eid.nova_q6w_lesion_pct')}",
            status("eid.nova_q4w_lesion_pct"),
        ),
        (
            "",
            "mean new or enlarging lesions (secondary estimand)",
            f"{_fig('eid.nova_q4w_lesions_secondary')} against "
            f"{_fig('eid.nova_q6w_lesions_secondary')} "
            f"(P = {format_value(sources.value('eid.nova_secondary_p'))})",
            status("eid.nova_q6w_lesions_secondary"),
        ),
        (
            f"NEXT-MS (Toorop 2024): after {_fig('eid.nextms_min_infusions')}, "
            f"measured troughs, target {_fig('eid.nextms_target')}",
            "new MRI activity: personalised against a historical every-4-weeks group",
            f"{_fig('eid.nextms_eid10_activity')} against {_fig('eid.nextms_historical_activity')}",
            status("eid.nextms_eid10_activity"),
        ),
        (
            "REFINE: every 12 weeks",
            "share of each 12-weekly arm that met rescue criteria (more disease activity)",
            _fig("eid.refine_q12w_rescue_pct"),
            status("eid.refine_q12w_rescue_pct"),
        ),
        (
            "Zhovtis Ryerson 2020: extended intervals, measured troughs",
            "share of people with a trough at or below 2 µg/mL",
            _fig("eid.zhovtis_at_or_below_2_pct"),
            status("eid.zhovtis_at_or_below_2_pct"),
        ),
    ]
    header = ("Study and who was in it", "What was measured", "Result", "Status")
    return markdown_table(header, rows)


def half_life_table_markdown() -> str:
    """Lesson 02b, section 3: the one-number pitfall against the teaching model and the
    measured means, every 4 weeks."""
    pitfall = pk.label_pitfall_1cmt()
    teaching = pk.steady_state(APPROVED_WEEKS * WEEK)
    rows = [
        (
            f"One compartment with the US summary figures (CL {_fig('label.cl_ml_per_h')}, "
            f"V {_fig('label.v_l')})",
            ug(pitfall.cmax_ug_per_ml),
            ug(pitfall.trough_ug_per_ml),
        ),
        (
            "The calibrated teaching model",
            ug(teaching.cmax_ug_per_ml),
            ug(teaching.trough_ug_per_ml),
        ),
        (
            "Measured means (Swiss product information, secondary)",
            _fig("label.cmax_ug_per_ml"),
            _fig("label.trough_ug_per_ml"),
        ),
    ]
    return markdown_table(("Every 4 weeks", "Peak", "Trough"), rows)


def model_comparison_markdown() -> str:
    """Lesson 02b, section 3: settled troughs of both models, 70 kg, by interval."""
    rows = [
        (
            f"every {w} weeks",
            ug(steady(w, "1cmt").trough_ug_per_ml),
            ug(steady(w, "2cmt_mm").trough_ug_per_ml),
        )
        for w in TABLE_INTERVALS_WEEKS
    ]
    return markdown_table(("Interval", "Simple model", "Two-compartment model"), rows)


def approach_markdown() -> str:
    """Lesson 02b, section 3: how many infusions until the trough reaches 90% of its settled
    value, in each model."""
    rows = []
    for label, model in (("Simple model", "1cmt"), ("Two-compartment model", "2cmt_mm")):
        a = pk.approach_to_steady_state(model=model)
        week = APPROVED_WEEKS * a.dose_number
        rows.append((label, f"after infusion {a.dose_number} (week {week})"))
    rows.append(("US figure (manufacturer's site, secondary)", _fig("label.steady_state_weeks")))
    return markdown_table(("Trough reaches 90% of its settled value", "When"), rows)


def params_markdown() -> str:
    """Lesson 02b, section 2: the parameters of both models, with their status."""
    keys = [
        ("pk.cl_l_per_day", "$CL$"), ("pk.v_l", "$V$"), ("pk.weight_exponent", "weight exponent"),
        ("pk2.cl_l_per_day", "$CL$"), ("pk2.vc_l", "$V_c$"), ("pk2.vp_l", "$V_p$"),
        ("pk2.q_l_per_day", "$Q$"), ("pk2.vmax_mg_per_day", "$V_{max}$"),
        ("pk2.km_ug_per_ml", "$K_m$"),
    ]
    rows = [
        (symbol, sources.figure(k).what, _fig(k), sources.figure(k).status) for k, symbol in keys
    ]
    return markdown_table(("Symbol", "Parameter", "Value", "Status"), rows)


def volume_scaling() -> list[tuple[float, float, float]]:
    """(volume exponent, trough at 50 kg, trough at 100 kg), every 4 weeks, simple model, when
    the volume scales as (weight / 70 kg) to the exponent (0 = fixed, the teaching model)."""
    v = float(sources.value("pk.v_l"))
    out = []
    for e in VOLUME_EXPONENTS:
        light, heavy = (
            pk.steady_state(
                APPROVED_WEEKS * WEEK, weight_kg=w, v_l=v * (w / pk.REFERENCE_WEIGHT_KG) ** e
            ).trough_ug_per_ml
            for w in COMPARE_WEIGHTS_KG
        )
        out.append((e, light, heavy))
    return out


def volume_table_markdown() -> str:
    rows = [
        (
            "fixed (the teaching model)" if e == 0 else f"scales with weight to the power {e:g}",
            ug(light),
            ug(heavy),
            f"{light / heavy:.1f}",
        )
        for e, light, heavy in volume_scaling()
    ]
    return markdown_table(("Volume", "Trough, 50 kg", "Trough, 100 kg", "Ratio"), rows)


def science_answer_numbers() -> dict:
    """Every number the lesson 02b questions and answers quote."""
    scaling = volume_scaling()
    ratios = [light / heavy for _, light, heavy in scaling]
    pitfall = pk.label_pitfall_1cmt()
    return {
        "light": scaling[0][1],
        "heavy": scaling[0][2],
        "ratio_fixed": ratios[0],
        "ratio_scaled": (min(ratios[1:]), max(ratios[1:])),
        "pitfall_trough": pitfall.trough_ug_per_ml,
        "measured_trough": sources.value("label.trough_ug_per_ml"),
        "half_life_days": sources.value("label.half_life_days"),
        "q8w_simple": steady(2 * APPROVED_WEEKS, "1cmt").trough_ug_per_ml,
        "q8w_two": steady(2 * APPROVED_WEEKS, "2cmt_mm").trough_ug_per_ml,
        "nova_q4w": sources.value("eid.nova_q4w_lesion_pct"),
        "nova_q6w": sources.value("eid.nova_q6w_lesion_pct"),
    }


def science_questions_markdown() -> str:
    """Lesson 02b's questions, answers folded, numbers from the models and registry."""
    n = science_answer_numbers()
    lo, hi = n["ratio_scaled"]
    return "\n\n".join(
        [
            "**1. Two people get 300 mg every 4 weeks. One weighs 50 kg, the other 100 kg. Whose "
            "trough is higher in the model, and how much does the answer depend on the model?**",
            _answer(
                f"The 50 kg person's: {ug(n['light'])} against {ug(n['heavy'])}, a ratio of "
                f"{n['ratio_fixed']:.1f}, in the teaching model with a fixed volume. That ratio "
                "rests on a teaching assumption: if the volume grows with weight (power 0.5 to "
                f"1), the ratio is {hi:.1f} to {lo:.1f}. Only a measured trough tells a person's "
                "own level."
            ),
            f"**2. Why does a one-compartment model with the {format_value(n['half_life_days'])}"
            "-day half-life underpredict the trough?**",
            _answer(
                f"It gives a trough of {ug(n['pitfall_trough'])} against measured means of "
                f"{format_value(n['measured_trough'])} µg/mL. Clearance is not one number: a "
                "saturable, target-mediated route removes drug faster at low levels, while the "
                "slow linear route (terminal half-life near a month) rules at high levels. One "
                "average fits neither end."
            ),
            "**3. Every 8 weeks, which model gives the lower trough, and should either be "
            "trusted there?**",
            _answer(
                f"The two-compartment model: {ug(n['q8w_two'])} against {ug(n['q8w_simple'])} "
                "in the simple model (70 kg). Neither model is validated beyond every 4 weeks, so "
                "the gap shows how uncertain long intervals are, not which number is right."
            ),
            "**4. In NOVA, what share of people had any new or enlarging MRI lesion by week "
            "72, and who took part?**",
            _answer(
                f"{format_value(n['nova_q4w'])}% on every 4 weeks and "
                f"{format_value(n['nova_q6w'])}% on every 6 weeks, in people who had been stable "
                "for at least 12 months with no recent missed doses. The result does not apply to "
                "a missed infusion, or to people early in treatment."
            ),
        ]
    )
