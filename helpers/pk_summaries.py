"""Summaries of the concentration models: steady state, troughs, time below a level, spread."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from . import sources
from .pk import (CONC_THRESHOLD_UG_PER_ML_RANGE, ML_PER_H_TO_L_PER_DAY, MODEL_NAMES,
                 REFERENCE_WEIGHT_KG, WASHOUT_HORIZON_DAYS, Params2cmt, _check_model,
                 _conc_function, _params_1cmt_from, _solve_segment, concentration, params_2cmt)
from .regimen import (DEFAULT_DOSE_MG, DEFAULT_DURATION_DAYS, DEFAULT_INTERVAL_DAYS, N_DOSES_RANGE,
                      as_regimen, regular)
from .validate import check_array, check_int, check_number


@dataclass(frozen=True)
class SteadyState:
    """Steady-state peak and trough (µg/mL) of a regular regimen."""

    cmax_ug_per_ml: float
    trough_ug_per_ml: float
    doses_simulated: int  # 0 when computed in closed form


def steady_state(interval_days: float = DEFAULT_INTERVAL_DAYS, model: str = "1cmt",
                 dose_mg: float = DEFAULT_DOSE_MG, duration_days: float = DEFAULT_DURATION_DAYS,
                 **params) -> SteadyState:
    """Steady-state Cmax (end of infusion) and trough (just before a dose) for a regular regimen.

    1cmt: closed form, Cmax = C1(T)/(1−r), trough = C1(τ)/(1−r) with r = e^{−kτ} and C1 the
    single-dose curve. 2cmt_mm: doses are simulated until the trough changes by < 1e-7 (relative).

    Parameters
    ----------
    interval_days : float
        Days between doses (7 to 84; default 28).
    model : {"1cmt", "2cmt_mm"}
        The linear one-compartment model or the two-compartment model with saturable elimination.
    **params
        Model parameters passed on (``weight_kg``, ``ada``, ...).

    Returns
    -------
    SteadyState
        ``cmax_ug_per_ml`` and ``trough_ug_per_ml`` (model, average 70 kg adult by default).

    Examples
    --------
    >>> ss = steady_state(28)
    >>> round(ss.cmax_ug_per_ml, 1), round(ss.trough_ug_per_ml, 1)
    (112.2, 26.6)
    >>> round(steady_state(42).trough_ug_per_ml, 1)     # every 6 weeks
    11.2
    """
    one = regular(interval_days, 1, 0.0, dose_mg, duration_days)  # validates the arguments
    tau, dur = float(interval_days), one[0].duration_days
    if dur >= tau:
        raise ValueError(f"duration_days must be shorter than interval_days ({tau:g}), got {dur:g}")
    if _check_model(model) == "1cmt":
        c1 = _conc_function(one, "1cmt", 0.0, params)
        cl, v = _params_1cmt_from(params)
        acc = 1.0 / -math.expm1(-cl / v * tau)
        return SteadyState(float(c1(dur)) * acc, float(c1(tau)) * acc, 0)
    return _steady_state_2cmt(tau, one[0].dose_mg, dur, params_2cmt(**params))


def _steady_state_2cmt(tau, dose_mg, dur, p: Params2cmt, max_doses: int = 400) -> SteadyState:
    y, trough = np.zeros(2), -1.0
    for n in range(1, max_doses + 1):
        y = _solve_segment(y, 0.0, dur, dose_mg / dur, p).y[:, -1]
        cmax = y[0] / p.vc_l
        y = _solve_segment(y, dur, tau, 0.0, p).y[:, -1]
        new = y[0] / p.vc_l
        if abs(new - trough) <= 1e-7 * max(new, 1e-12):
            return SteadyState(float(cmax), float(new), n)
        trough = new
    raise RuntimeError(f"no steady state within {max_doses} doses")


def label_pitfall_1cmt(interval_days: float = DEFAULT_INTERVAL_DAYS) -> SteadyState:
    """The pitfall: the US mean CL (``label.cl_ml_per_h``, 16 mL/h = 0.384 L/day) and V
    (``label.v_l``, 5.7 L) in the one-compartment model give q4w Cmax ≈ 62 and trough ≈ 9.4 µg/mL,
    far below the label's own steady-state 110 and 23-29 µg/mL (``label.cmax_ug_per_ml``,
    ``label.trough_ug_per_ml``).
    """
    cl = float(sources.value("label.cl_ml_per_h")) * ML_PER_H_TO_L_PER_DAY
    v = float(sources.value("label.v_l"))
    return steady_state(interval_days, "1cmt", cl_l_per_day=cl, v_l=v)


def troughs_ug_per_ml(regimen, model: str = "1cmt", **params) -> np.ndarray:
    """Concentration just before each dose from the 2nd on (µg/mL); empty for a single dose.

    Examples
    --------
    >>> from helpers import regimen
    >>> troughs_ug_per_ml(regimen.regular(28, n_doses=5)).round(1).tolist()
    [20.3, 25.1, 26.3, 26.6]
    """
    reg = as_regimen(regimen)
    f = _conc_function(reg, model, reg.last_dose_day, params)
    return f(reg.times_days[1:]) if len(reg) > 1 else np.zeros(0)


def _first_below(f: Callable, t_from: float, thr: float, t_max: float) -> float:
    """First t ≥ t_from with f(t) < thr, for f decreasing on [t_from, t_max]."""
    if float(f(t_from)) < thr:
        return t_from
    step, a = 1.0, t_from
    while a < t_max:
        b = min(a + step, t_max)
        if float(f(b)) < thr:
            return float(brentq(lambda x: float(f(x)) - thr, a, b, xtol=1e-9))
        a, step = b, step * 2
    raise ValueError(f"the concentration does not fall below {thr:g} µg/mL within "
                     f"{t_max - t_from:g} days of the last dose; choose a higher threshold")


def time_below_after_last_dose_days(regimen, threshold_ug_per_ml: float, model: str = "1cmt",
                                    **params) -> float:
    """Days from the start of the last infusion until the concentration falls below a threshold.

    0 if the peak after the last dose never reaches the threshold.

    Examples
    --------
    >>> from helpers import regimen
    >>> days = time_below_after_last_dose_days(regimen.regular(28, n_doses=13), 2.0)
    >>> round(days / 7, 1)       # weeks after a year of 4-weekly doses (model output only)
    11.2
    """
    reg = as_regimen(regimen)
    thr = check_number("threshold_ug_per_ml", threshold_ug_per_ml, *CONC_THRESHOLD_UG_PER_ML_RANGE)
    end = reg[-1].end_days
    f = _conc_function(reg, model, end + WASHOUT_HORIZON_DAYS, params)
    if float(f(end)) < thr:
        return 0.0
    return _first_below(f, end, thr, end + WASHOUT_HORIZON_DAYS) - reg.last_dose_day


@dataclass(frozen=True)
class Approach:
    """Trough after dose k (just before dose k+1) as % of the steady-state trough, k = 1, 2, ..."""

    trough_pct_of_steady_state: tuple
    fraction_pct: float
    dose_number: int | None  # first dose whose following trough reaches fraction_pct; None if none


def approach_to_steady_state(interval_days: float = DEFAULT_INTERVAL_DAYS, n_doses: int = 12,
                             model: str = "1cmt", fraction_pct: float = 90.0,
                             dose_mg: float = DEFAULT_DOSE_MG, **params) -> Approach:
    """How fast troughs build up: trough after each of `n_doses` doses as % of steady state."""
    n = check_int("n_doses", n_doses, 1, N_DOSES_RANGE[1] - 1)
    frac = check_number("fraction_pct", fraction_pct, 1.0, 100.0)
    reg = regular(interval_days, n + 1, dose_mg=dose_mg)
    ss = steady_state(interval_days, model, dose_mg, **params).trough_ug_per_ml
    pct = 100.0 * troughs_ug_per_ml(reg, model, **params) / ss
    hit = np.nonzero(pct >= frac - 1e-9)[0]
    return Approach(tuple(float(x) for x in pct), frac, int(hit[0]) + 1 if hit.size else None)


# ---------------------------------------------------------------------------------------------
# Spread between people
# ---------------------------------------------------------------------------------------------


def spread_weights_kg() -> tuple[float, float, float]:
    """Light, reference and heavy body weight (kg) for showing the spread between people:
    ``teach.spread_weight_kg`` (50-120 kg) around ``pk.reference_weight_kg`` (70 kg)."""
    low, high = sources.value("teach.spread_weight_kg")
    return float(low), REFERENCE_WEIGHT_KG, float(high)


def washout_spread(t_after_days, n_doses: int = 13,
                   interval_days: float = DEFAULT_INTERVAL_DAYS) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest concentration (µg/mL) at `t_after_days` after the start of the last of
    `n_doses` regular infusions, across both models and :func:`spread_weights_kg`.

    The spread of models of average people, not of real people: measured troughs on the same
    schedule range far wider (``pk.trough_range_ug_per_ml``).
    """
    reg = regular(interval_days, n_doses)
    t = reg.last_dose_day + check_array("t_after_days", t_after_days, nonnegative=True)
    curves = [concentration(t, reg, model=m, weight_kg=w)
              for m in MODEL_NAMES for w in spread_weights_kg()]
    return np.min(curves, axis=0), np.max(curves, axis=0)
