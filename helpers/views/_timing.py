"""The models behind lessons 02 (infusion timing) and 02b (its science), shared by both views
modules: the controls, the cached curves (a year on each interval, one late infusion, the washout
after stopping, one settled dosing cycle, the spread of troughs across weights and models) and what
each of lesson 02's live figures computes. Every curve is cached per discrete setting, so a slider
move costs a table look-up.

Concentrations come from :mod:`helpers.pk` (µg/mL), saturation from :mod:`helpers.pd` (%),
thresholds and trial figures from :mod:`helpers.sources`. Readouts are numbers labelled as a model
of an average person, never a verdict about a reader.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..widgets import Control
from ._panels import DAYS_PER_MONTH, pct, plural, spread_label, ug

WEEK = regimen.DAYS_PER_WEEK
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
LESSON = "02_infusion_timing"  # its readouts' words: helpers/content/02_infusion_timing.md
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
# A year on each interval, and the spread of settled troughs
# ---------------------------------------------------------------------------------------------
YEAR_DAYS = 364.0
TABLE_INTERVALS_WEEKS = (4, 5, 6, 8)  # the intervals lessons 02 and 02b tabulate


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

# ---------------------------------------------------------------------------------------------
# One late (or missed) infusion after a year on schedule
# ---------------------------------------------------------------------------------------------
LATE_DOSE_INDEX = 13  # the 14th infusion, after a year on schedule
LATE_MAX_DAYS = int(regimen.DEFAULT_INTERVAL_DAYS)  # a whole interval late = one infusion missed
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

# ---------------------------------------------------------------------------------------------
# Stopping treatment: the washout
# ---------------------------------------------------------------------------------------------
WASHOUT_WEEKS = 32
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

# ---------------------------------------------------------------------------------------------
# One settled dosing cycle, by weight, antibodies and interval
# ---------------------------------------------------------------------------------------------
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


@lru_cache(maxsize=None)
def readout_numbers() -> dict:
    """The readouts' placeholders that do not change with the controls; registry figures are
    looked up when first shown, so a lesson's references keep their order of first use."""
    return {"reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg", "spread": spread_label,
            "approved_weeks": f"{APPROVED_WEEKS}",
            "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks")),
            "restore_mri": lambda: format_value(sources.value("stop.restore_mri_week"))}


# ---------------------------------------------------------------------------------------------
# What each live figure of lesson 02 computes (also quoted by lesson 02b's tables)
# ---------------------------------------------------------------------------------------------
def compute_interval(interval_weeks: int, model: str, preset: str) -> dict:
    t, conc = year_curve(int(interval_weeks), model)
    t4, conc4 = year_curve(APPROVED_WEEKS, model)
    ss, ss4 = steady(int(interval_weeks), model), steady(APPROVED_WEEKS, model)
    sat_trough = float(pd.saturation_pct(ss.trough_ug_per_ml, preset))
    sat_trough4 = float(pd.saturation_pct(ss4.trough_ug_per_ml, preset))
    lower = 100.0 * (1 - ss.trough_ug_per_ml / ss4.trough_ug_per_ml)
    values = {"interval": f"{interval_weeks}", "per_year": f"{52.0 / interval_weeks:.1f}",
              "at_approved": interval_weeks == APPROVED_WEEKS, "peak": ug(ss.cmax_ug_per_ml),
              "trough": ug(ss.trough_ug_per_ml), "lower": f"{lower:.0f}%",
              "trough_approved": ug(ss4.trough_ug_per_ml),
              "trough_range": _range_text(trough_spread(int(interval_weeks))),
              "cover": pct(sat_trough), "cover_approved": pct(sat_trough4)}
    readout = content.readout(LESSON, "interval", values, readout_numbers())
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
        "readout": readout, "readout_values": values,
    }


def compute_late(days_late: int, preset: str) -> dict:
    weeks, conc, trough, due = late_curve(int(days_late))
    w0, conc0, trough0, due0 = late_curve(0)
    sat, sat0 = (float(pd.saturation_pct(x, preset)) for x in (trough, trough0))
    low, high = late_spread(int(days_late))
    values = {"on_time": days_late == 0, "missed": days_late == LATE_MAX_DAYS,
              "late_only": 0 < days_late < LATE_MAX_DAYS, "late": plural(days_late, "day"),
              "trough": ug(trough), "trough_on_time": ug(trough0), "trough_low": ug(low),
              "trough_high": ug(high), "cover": pct(sat), "cover_on_time": pct(sat0)}
    readout = content.readout(LESSON, "late", values, readout_numbers())
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
        "readout": readout, "readout_values": values,
    }


def compute_stopping(weight_kg: float, preset: str) -> dict:
    weeks, conc, reg = washout_curve(float(weight_kg))
    level = float(sources.value("pd.therapeutic_conc_ug_per_ml"))
    sat_level = float(sources.value("pd.therapeutic_saturation_pct"))
    below_conc = pk.time_below_after_last_dose_days(reg, level, weight_kg=weight_kg) / WEEK
    below_sat = (
        pd.saturation_below_after_last_dose_days(reg, sat_level, preset=preset, weight_kg=weight_kg)
        / WEEK
    )
    spread_low, spread_high = weeks_below_spread()
    values = {"weight": f"{weight_kg:g} kg", "level": f"{format_value(level)} µg/mL",
              "below_level": f"{below_conc:.1f}", "below_low": f"{spread_low:.1f}",
              "below_high": f"{spread_high:.1f}", "cover_level": f"{format_value(sat_level)}%",
              "below_cover": f"{below_sat:.1f}"}
    readout = content.readout(LESSON, "stopping", values, readout_numbers())
    return {
        "weeks": weeks,
        "conc": conc,
        "sat": pd.saturation_pct(conc, preset),
        "below_conc_weeks": below_conc,
        "below_sat_weeks": below_sat,
        "readout": readout, "readout_values": values,
    }


def compute_weight(weight_kg: float, ada_factor: float, interval_weeks: int) -> dict:
    days, conc, ss = steady_cycle(float(weight_kg), float(ada_factor), int(interval_weeks))
    ref_days, ref_conc, ref = steady_cycle(pk.REFERENCE_WEIGHT_KG, 1.0, APPROVED_WEEKS)
    multiplier = pk.clearance_multiplier(weight_kg, ada_cl_factor=ada_factor)
    target = float(sources.value("eid.nextms_target"))
    sat = float(pd.saturation_pct(ss.trough_ug_per_ml))
    values = {"multiplier": f"{multiplier:.2f}", "trough": ug(ss.trough_ug_per_ml),
              "trough_reference": ug(ref.trough_ug_per_ml), "cover": pct(sat),
              "nextms_target": f"{format_value(target)} µg/mL",
              "interval": f"{int(interval_weeks)}",
              "trough_range": _range_text(trough_spread(int(interval_weeks)))}
    readout = content.readout(LESSON, "weight", values, readout_numbers())
    return {
        "days": days,
        "conc": conc,
        "ref_days": ref_days,
        "ref_conc": ref_conc,
        "trough": ss.trough_ug_per_ml,
        "trough_shown": max(ss.trough_ug_per_ml, WEIGHT_YLIM[0]),
        "sat_trough": sat,
        "interval_days": interval_weeks * WEEK,
        "readout": readout, "readout_values": values,
    }


def refine_numbers() -> dict:
    """REFINE's 12-weekly arms: 'at least 390 of every 1,000' met the rescue criteria (a lower
    bound, so rounded down; looked up when shown), and the interval of those arms."""
    def rescue() -> str:
        f = sources.figure("eid.refine_q12w_rescue_pct")
        return f"{f.qualifier} {int(f.value * 10 // 10 * 10):,} of every 1,000".strip()
    return {"refine_rescue": rescue, "refine_interval": "12 weeks"}
