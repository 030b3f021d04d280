"""Live figures for lesson 02, "How infusion timing works".

Each view is a control spec, a pure compute function and a draw/update pair (``helpers.widgets``).
Concentrations come from ``helpers.pk`` (µg/mL), saturation from its Emax presets (%), thresholds
and trial figures from ``helpers.sources``. Model curves are cached per discrete setting, so a slider
move costs a table look-up and a blit.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import pk, sources
from ..style import OKABE_ITO
from ..widgets import Control, Frame, ViewSpec

DAYS_PER_WEEK = 7.0
DAYS_PER_MONTH = 365.25 / 12
GREY = "0.55"

PRESET_OPTIONS = (("Default saturation curve", "default"), ("Alternative saturation curve", "alternative"))
MODEL_OPTIONS = (("Teaching model (one compartment)", "1cmt"),
                 ("Advanced (two compartments, saturable clearance)", "2cmt_mm"))
ANTIBODY_OPTIONS = (("No antibodies", 1.0),
                    ("Persistent antibodies (EU label: clearance x2.45)",
                     float(sources.value("label.ada_cl_factor_eu"))),
                    ("Persistent antibodies (US label: clearance about x3)",
                     float(sources.value("label.ada_cl_factor_us"))))


def _thresholds():
    conc_low, conc_high = sources.value("pd.return_conc_ug_per_ml")
    sat_low, sat_high = sources.value("pd.return_saturation_pct")
    return conc_low, conc_high, sat_low, sat_high


def _shade_return_zone(ax_conc, ax_sat):
    _, conc_high, _, sat_high = _thresholds()
    ax_conc.axhspan(ax_conc.get_ylim()[0], conc_high, color=OKABE_ITO["vermillion"], alpha=0.12, lw=0)
    ax_sat.axhspan(0, sat_high, color=OKABE_ITO["vermillion"], alpha=0.12, lw=0)


def _pct(x: float) -> str:
    return f"{x:.0f}%"


def _ug(x: float) -> str:
    return f"{x:.1f} µg/mL" if x >= 1 else f"{x:.2f} µg/mL"


# ---------------------------------------------------------------------------------------------
# 1. Dosing interval: every 4, 5, 6, 7 or 8 weeks over a year
# ---------------------------------------------------------------------------------------------
YEAR_DAYS = 364.0
INTERVAL_CONTROLS = (
    Control("interval_weeks", "Dosing interval (weeks)", default=4, min=4, max=8, step=1),
    Control("model", "Model", default="1cmt", options=MODEL_OPTIONS),
    Control("preset", "Saturation curve", default="default", options=PRESET_OPTIONS),
)


@lru_cache(maxsize=32)
def year_curve(interval_weeks: int, model: str):
    """(days, µg/mL, regimen) for one year of 300 mg every `interval_weeks` weeks."""
    interval = interval_weeks * DAYS_PER_WEEK
    n = int(YEAR_DAYS // interval) + 1
    regimen = pk.regular(interval_days=interval, n_doses=n)
    t = np.linspace(0.0, YEAR_DAYS, 1200)
    t = np.union1d(t, regimen.times_days + regimen.durations_days)  # include every peak exactly
    return t, pk.concentration(t, regimen, model=model), regimen


@lru_cache(maxsize=32)
def steady(interval_weeks: int, model: str) -> pk.SteadyState:
    """Cached: the two-compartment steady state is found by integration (about 20 ms)."""
    return pk.steady_state(interval_weeks * DAYS_PER_WEEK, model=model)


def compute_interval(interval_weeks: int, model: str, preset: str) -> dict:
    t, conc, regimen = year_curve(int(interval_weeks), model)
    t4, conc4, _ = year_curve(4, model)
    ss, ss4 = steady(int(interval_weeks), model), steady(4, model)
    sat_trough = float(pk.saturation_pct(ss.trough_ug_per_ml, preset))
    sat_trough4 = float(pk.saturation_pct(ss4.trough_ug_per_ml, preset))
    lower = 100.0 * (1 - ss.trough_ug_per_ml / ss4.trough_ug_per_ml)
    per_year = 52.0 / interval_weeks
    readout = [
        ("Interval", f"every {interval_weeks} weeks, about {per_year:.1f} infusions a year"),
        ("Steady-state peak (model)", _ug(ss.cmax_ug_per_ml)),
        ("Steady-state trough (model)",
         _ug(ss.trough_ug_per_ml) + ("" if interval_weeks == 4 else
                                     f", {lower:.0f}% lower than every 4 weeks ({_ug(ss4.trough_ug_per_ml)})")),
        ("Receptors covered at the trough (model)",
         f"{_pct(sat_trough)}" + ("" if interval_weeks == 4 else f" (every 4 weeks: {_pct(sat_trough4)})")),
    ]
    return {
        "months": t / DAYS_PER_MONTH, "conc": conc, "sat": pk.saturation_pct(conc, preset),
        "months4": t4 / DAYS_PER_MONTH, "conc4": conc4, "sat4": pk.saturation_pct(conc4, preset),
        "trough": ss.trough_ug_per_ml, "trough4": ss4.trough_ug_per_ml, "sat_trough": sat_trough,
        "readout": readout,
    }


def draw_interval(fig, r) -> Frame:
    ax_c, ax_s = fig.subplots(1, 2)
    ax_c.set(xlim=(0, 12), ylim=(0, 140), xlabel="Months of treatment", ylabel="Natalizumab (µg/mL)",
             title="In the blood")
    ax_s.set(xlim=(0, 12), ylim=(0, 100), xlabel="Months of treatment", ylabel="Receptors covered (%)",
             title="On the immune cells")
    _shade_return_zone(ax_c, ax_s)
    for ax in (ax_c, ax_s):
        ax.set_xticks(range(0, 13, 2))
    (ref_c,) = ax_c.plot(r["months4"], r["conc4"], color=GREY, linestyle=":", linewidth=1.8,
                         label="every 4 weeks (approved)")
    (ref_s,) = ax_s.plot(r["months4"], r["sat4"], color=GREY, linestyle=":", linewidth=1.8)
    (line_c,) = ax_c.plot(r["months"], r["conc"], color=OKABE_ITO["blue"], label="chosen interval")
    (line_s,) = ax_s.plot(r["months"], r["sat"], color=OKABE_ITO["bluish_green"], linestyle="--")
    ax_c.legend(loc="upper right", frameon=False)
    return Frame({"ref_c": ref_c, "ref_s": ref_s, "line_c": line_c, "line_s": line_s})


def update_interval(frame: Frame, r) -> bool:
    a = frame.artists
    a["ref_c"].set_data(r["months4"], r["conc4"])
    a["ref_s"].set_data(r["months4"], r["sat4"])
    a["line_c"].set_data(r["months"], r["conc"])
    a["line_s"].set_data(r["months"], r["sat"])
    return False


# ---------------------------------------------------------------------------------------------
# 2. One late (or missed) infusion after a year on schedule
# ---------------------------------------------------------------------------------------------
LATE_DOSE_INDEX = 13          # the 14th infusion, after a year of every-4-week dosing
LATE_MAX_DAYS = 28            # 28 days late = one infusion missed
LATE_CONTROLS = (
    Control("days_late", "Delay of one infusion (days)", default=0, min=0, max=LATE_MAX_DAYS, step=1),
    Control("preset", "Saturation curve", default="default", options=PRESET_OPTIONS),
)
LATE_WINDOW_WEEKS = (44, 68)


@lru_cache(maxsize=64)
def late_curve(days_late: int):
    """(weeks, µg/mL, trough before the late dose) with dose LATE_DOSE_INDEX given `days_late` late.

    As the EU leaflet advises, the schedule then carries on every 4 weeks from the late infusion.
    """
    on_time = pk.regular(n_doses=LATE_DOSE_INDEX + 4)
    regimen = pk.delay_dose(on_time, LATE_DOSE_INDEX, float(days_late)) if days_late else on_time
    t = np.linspace(LATE_WINDOW_WEEKS[0] * 7.0, LATE_WINDOW_WEEKS[1] * 7.0, 900)
    conc = pk.concentration_1cmt(t, regimen)
    trough = float(pk.concentration_1cmt([regimen[LATE_DOSE_INDEX].time_days], regimen)[0])
    return t / DAYS_PER_WEEK, conc, trough, regimen[LATE_DOSE_INDEX].time_days / DAYS_PER_WEEK


def compute_late(days_late: int, preset: str) -> dict:
    weeks, conc, trough, due = late_curve(int(days_late))
    w0, conc0, trough0, due0 = late_curve(0)
    sat, sat0 = (float(pk.saturation_pct(x, preset)) for x in (trough, trough0))
    therapeutic = float(sources.value("pd.therapeutic_conc_ug_per_ml"))
    if days_late == 0:
        timing = "on time, 4 weeks after the last one"
    elif days_late == LATE_MAX_DAYS:
        timing = "28 days late: the same as missing one infusion"
    else:
        timing = f"{days_late} day{'s' if days_late != 1 else ''} late"
    readout = [
        ("The infusion", timing),
        ("Lowest level before it (model)", f"{_ug(trough)} (on time: {_ug(trough0)})"),
        ("Receptors covered at that point (model)", f"{_pct(sat)} (on time: {_pct(sat0)})"),
        ("Above the 2 µg/mL level used as 'therapeutic' in studies",
         "yes, throughout" if trough >= therapeutic else "no, it dips below"),
    ]
    return {"weeks": weeks, "conc": conc, "sat": pk.saturation_pct(conc, preset), "weeks0": w0,
            "conc0": conc0, "sat0": pk.saturation_pct(conc0, preset), "due": due, "due0": due0,
            "trough": trough, "readout": readout}


def draw_late(fig, r) -> Frame:
    ax_c, ax_s = fig.subplots(1, 2)
    ax_c.set(xlim=LATE_WINDOW_WEEKS, ylim=(0, 140), xlabel="Weeks since the first infusion",
             ylabel="Natalizumab (µg/mL)", title="In the blood")
    ax_s.set(xlim=LATE_WINDOW_WEEKS, ylim=(0, 100), xlabel="Weeks since the first infusion",
             ylabel="Receptors covered (%)", title="On the immune cells")
    _shade_return_zone(ax_c, ax_s)
    for ax in (ax_c, ax_s):
        ax.axvline(r["due0"], color=GREY, linewidth=1, linestyle=":")
    ax_c.text(r["due0"] + 0.3, 130, "due", color="0.35", fontsize=11)
    (ref_c,) = ax_c.plot(r["weeks0"], r["conc0"], color=GREY, linestyle=":", linewidth=1.8, label="on time")
    (ref_s,) = ax_s.plot(r["weeks0"], r["sat0"], color=GREY, linestyle=":", linewidth=1.8)
    (line_c,) = ax_c.plot(r["weeks"], r["conc"], color=OKABE_ITO["vermillion"], label="with the delay")
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], color=OKABE_ITO["reddish_purple"], linestyle="--")
    (dot,) = ax_c.plot([r["due"]], [r["trough"]], "v", ms=10, color=OKABE_ITO["vermillion"])
    ax_c.legend(loc="upper right", frameon=False)
    return Frame({"ref_c": ref_c, "ref_s": ref_s, "line_c": line_c, "line_s": line_s, "dot": dot})


def update_late(frame: Frame, r) -> bool:
    a = frame.artists
    a["ref_s"].set_data(r["weeks0"], r["sat0"])
    a["line_c"].set_data(r["weeks"], r["conc"])
    a["line_s"].set_data(r["weeks"], r["sat"])
    a["dot"].set_data([r["due"]], [r["trough"]])
    return False


# ---------------------------------------------------------------------------------------------
# 3. Stopping treatment: washout, and when disease activity came back in trials
# ---------------------------------------------------------------------------------------------
WASHOUT_WEEKS = 32
STOP_CONTROLS = (
    Control("weight_kg", "Body weight (kg)", default=70, min=40, max=150, step=5),
    Control("preset", "Saturation curve", default="default", options=PRESET_OPTIONS),
)


@lru_cache(maxsize=64)
def washout_curve(weight_kg: float):
    regimen = pk.regular(n_doses=13)
    weeks = np.linspace(0.0, WASHOUT_WEEKS, 900)
    conc = pk.concentration_1cmt(regimen.last_dose_day + weeks * 7.0, regimen, weight_kg=weight_kg)
    return weeks, np.maximum(conc, 1e-3), regimen


def compute_stopping(weight_kg: float, preset: str) -> dict:
    weeks, conc, regimen = washout_curve(float(weight_kg))
    therapeutic = float(sources.value("pd.therapeutic_conc_ug_per_ml"))
    sat_thr = float(sources.value("pd.therapeutic_saturation_pct"))
    below_conc = pk.time_below_after_last_dose_days(regimen, therapeutic, weight_kg=weight_kg) / 7.0
    below_sat = pk.saturation_below_after_last_dose_days(regimen, sat_thr, preset=preset,
                                                         weight_kg=weight_kg) / 7.0
    mri = sources.value("stop.restore_mri_week")
    readout = [
        ("Body weight", f"{weight_kg:g} kg"),
        (f"Blood level below {therapeutic:g} µg/mL (model)", f"{below_conc:.1f} weeks after the last infusion"),
        (f"Receptors covered below {sat_thr:g}% (model)", f"{below_sat:.1f} weeks after the last infusion"),
        ("In the RESTORE trial", f"MRI activity came back from week {mri}"),
    ]
    return {"weeks": weeks, "conc": conc, "sat": pk.saturation_pct(conc, preset),
            "below_conc_weeks": below_conc, "below_sat_weeks": below_sat, "readout": readout}


def draw_stopping(fig, r) -> Frame:
    ax_c, ax_s = fig.subplots(1, 2)
    ax_c.set(xlim=(0, WASHOUT_WEEKS), ylim=(0.05, 200), yscale="log", xlabel="Weeks after the last infusion",
             ylabel="Natalizumab (µg/mL, log scale)", title="In the blood")
    ax_c.set_yticks([0.1, 1, 10, 100], ["0.1", "1", "10", "100"])
    ax_s.set(xlim=(0, WASHOUT_WEEKS), ylim=(0, 100), xlabel="Weeks after the last infusion",
             ylabel="Receptors covered (%)", title="On the immune cells")
    _shade_return_zone(ax_c, ax_s)
    relapse = sources.value("stop.restore_relapse_weeks")
    mri = sources.value("stop.restore_mri_week")
    peak_lo, peak_hi = (m * DAYS_PER_MONTH / 7 for m in sources.value("stop.peak_months"))
    for ax in (ax_c, ax_s):
        ax.set_xticks(range(0, WASHOUT_WEEKS + 1, 4))
        ax.axvspan(peak_lo, peak_hi, color=OKABE_ITO["orange"], alpha=0.15, lw=0)
        ax.axvline(mri, color="0.3", linewidth=1.2, linestyle="-.")
    ax_s.text(mri + 0.4, 92, "MRI activity\nfrom week 12", fontsize=10, va="top")
    ax_s.text((peak_lo + peak_hi) / 2, 60, "activity\npeaked\n4–7 months", fontsize=10, ha="center")
    ax_s.plot(relapse, [8, 8], color="0.25", linewidth=2, marker="|", markersize=12)
    ax_s.text(sum(relapse) / 2, 11, f"relapses from\nweeks {relapse[0]}–{relapse[1]}", fontsize=10,
              ha="center")
    (line_c,) = ax_c.plot(r["weeks"], r["conc"], color=OKABE_ITO["blue"])
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], color=OKABE_ITO["bluish_green"], linestyle="--")
    (mark_c,) = ax_c.plot([r["below_conc_weeks"]], [sources.value("pd.therapeutic_conc_ug_per_ml")], "o",
                          ms=9, color=OKABE_ITO["blue"])
    (mark_s,) = ax_s.plot([r["below_sat_weeks"]], [sources.value("pd.therapeutic_saturation_pct")], "s",
                          ms=9, color=OKABE_ITO["bluish_green"])
    return Frame({"line_c": line_c, "line_s": line_s, "mark_c": mark_c, "mark_s": mark_s})


def update_stopping(frame: Frame, r) -> bool:
    a = frame.artists
    a["line_c"].set_data(r["weeks"], r["conc"])
    a["line_s"].set_data(r["weeks"], r["sat"])
    a["mark_c"].set_xdata([r["below_conc_weeks"]])
    a["mark_s"].set_xdata([r["below_sat_weeks"]])
    return False


# ---------------------------------------------------------------------------------------------
# 4. Why the same dose gives different troughs: body weight and antibodies
# ---------------------------------------------------------------------------------------------
WEIGHT_CONTROLS = (
    Control("weight_kg", "Body weight (kg)", default=70, min=40, max=150, step=5),
    Control("ada_factor", "Anti-drug antibodies", default=1.0, options=ANTIBODY_OPTIONS),
    Control("interval_weeks", "Dosing interval (weeks)", default=4, min=4, max=8, step=1),
)
CYCLE_DAYS = 56.0


@lru_cache(maxsize=512)
def steady_cycle(weight_kg: float, ada_factor: float, interval_weeks: int):
    """One dosing interval at steady state: (days into the interval, µg/mL), and the SteadyState."""
    interval = interval_weeks * DAYS_PER_WEEK
    params = dict(weight_kg=weight_kg, ada_cl_factor=ada_factor)  # factor 1.0 = no antibodies
    regimen = pk.regular(interval_days=interval, n_doses=40)
    start = regimen.last_dose_day - interval  # the interval before the last dose, at steady state
    days = np.linspace(0.0, interval, 700)
    return days, pk.concentration_1cmt(start + days, regimen, **params), pk.steady_state(interval, **params)


def compute_weight(weight_kg: float, ada_factor: float, interval_weeks: int) -> dict:
    days, conc, ss = steady_cycle(float(weight_kg), float(ada_factor), int(interval_weeks))
    ref_days, ref_conc, ref = steady_cycle(70.0, 1.0, 4)
    multiplier = pk.clearance_multiplier(weight_kg, ada_cl_factor=ada_factor)
    target = float(sources.value("eid.nextms_target"))
    sat = float(pk.saturation_pct(ss.trough_ug_per_ml))
    readout = [
        ("Clearance compared with a 70 kg person without antibodies", f"x{multiplier:.2f}"),
        ("Trough at steady state (model)", f"{_ug(ss.trough_ug_per_ml)} (70 kg, every 4 weeks: "
                                           f"{_ug(ref.trough_ug_per_ml)})"),
        ("Receptors covered at the trough (model)", _pct(sat)),
        (f"Trough above the {target:g} µg/mL target used in NEXT-MS",
         "yes" if ss.trough_ug_per_ml >= target else "no"),
    ]
    return {"days": days, "conc": conc, "ref_days": ref_days, "ref_conc": ref_conc,
            "trough": ss.trough_ug_per_ml, "sat_trough": sat, "interval_days": interval_weeks * DAYS_PER_WEEK,
            "readout": readout}


def draw_weight(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(xlim=(0, CYCLE_DAYS), ylim=(0.1, 300), yscale="log", xlabel="Days since the infusion (steady state)",
           ylabel="Natalizumab (µg/mL, log scale)")
    ax.set_yticks([0.1, 1, 10, 100], ["0.1", "1", "10", "100"])
    ax.set_xticks(range(0, int(CYCLE_DAYS) + 1, 7))
    conc_low, conc_high, _, _ = _thresholds()
    ax.axhspan(0.1, conc_high, color=OKABE_ITO["vermillion"], alpha=0.12, lw=0)
    target = float(sources.value("eid.nextms_target"))
    ax.axhline(target, color="0.35", linestyle="-.", linewidth=1.2)
    ax.text(CYCLE_DAYS - 0.5, target * 1.12, f"NEXT-MS target trough {target:g} µg/mL", ha="right",
            fontsize=10, color="0.25")
    ax.text(CYCLE_DAYS - 0.5, 0.14, f"below {conc_low:g}–{conc_high:g} µg/mL: MS activity may return",
            ha="right", fontsize=10, color="#7a2e00")
    (ref,) = ax.plot(r["ref_days"], r["ref_conc"], color=GREY, linestyle=":", linewidth=1.8,
                     label="70 kg, no antibodies, every 4 weeks")
    (line,) = ax.plot(r["days"], r["conc"], color=OKABE_ITO["blue"], label="chosen person and interval")
    (dot,) = ax.plot([r["interval_days"]], [r["trough"]], "o", ms=9, color=OKABE_ITO["blue"])
    ax.legend(loc="upper right", frameon=False)
    return Frame({"line": line, "dot": dot}, [ax])


def update_weight(frame: Frame, r) -> bool:
    frame.artists["line"].set_data(r["days"], r["conc"])
    frame.artists["dot"].set_data([r["interval_days"]], [max(r["trough"], 0.1)])
    return False


SPECS = (
    ViewSpec("infusion.interval", "Concentration and receptor cover over a year, by dosing interval",
             INTERVAL_CONTROLS, compute_interval, draw_interval, update_interval),
    ViewSpec("infusion.late", "One late or missed infusion after a year on schedule",
             LATE_CONTROLS, compute_late, draw_late, update_late),
    ViewSpec("infusion.stopping", "After the last infusion: washout and the return of disease activity",
             STOP_CONTROLS, compute_stopping, draw_stopping, update_stopping),
    ViewSpec("infusion.weight", "Why the same dose gives different troughs: weight and antibodies",
             WEIGHT_CONTROLS, compute_weight, draw_weight, update_weight),
)
