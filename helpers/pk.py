r"""Serum natalizumab concentration: the collection's pharmacokinetic models.

Units are in the names: time in days, amounts in mg, concentration in µg/mL (= mg/L), clearance in
L/day, volume in L. Every default parameter is read from :mod:`helpers.sources` (the key is named in
each docstring), so a clinical number lives in one place. Regimens are data
(:mod:`helpers.regimen`).

* the **linear one-compartment model** (:func:`concentration_1cmt`) is a closed-form superposition
  of constant-rate infusions, vectorised over time (fast enough for a slider):

  .. math:: C(t) = \sum_i \frac{R_i}{CL}\,(1 - e^{-k\,\min(t - t_i, T_i)})\,
            e^{-k\,\max(t - t_i - T_i, 0)},\qquad k = CL / V

* the **nonlinear two-compartment model** with Michaelis-Menten elimination
  (:func:`concentration_2cmt_mm`) is integrated piecewise between dose-event boundaries (infusion
  starts and ends) with ``scipy.integrate.solve_ivp``.

Saturation of alpha-4 integrin by these concentrations is :mod:`helpers.pd`.

Bad input raises ``ValueError`` (or ``TypeError`` for a wrong type) naming the parameter, the value
and the valid range; the ``*_RANGE`` constants are those ranges (inclusive). Educational models, not
medical advice: no output of this module is a dosing recommendation.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from . import sources
from .regimen import (DEFAULT_DOSE_MG, DEFAULT_DURATION_DAYS, DEFAULT_INTERVAL_DAYS, N_DOSES_RANGE,
                      TIME_DAYS_RANGE, Regimen, as_regimen, regular)
from .validate import check_array, check_bool, check_choice, check_int, check_number

WEIGHT_KG_RANGE = (30.0, 200.0)
ADA_CL_FACTOR_RANGE = (1.0, 5.0)
CL_L_PER_DAY_RANGE = (0.01, 5.0)
V_L_RANGE = (0.5, 50.0)
VMAX_MG_PER_DAY_RANGE = (0.0, 100.0)
KM_UG_PER_ML_RANGE = (0.001, 100.0)
CONC_THRESHOLD_UG_PER_ML_RANGE = (0.01, 500.0)
WASHOUT_HORIZON_DAYS = 3650.0

ML_PER_H_TO_L_PER_DAY = 24 / 1000           # unit conversion: 1 mL/h = 0.024 L/day
REFERENCE_WEIGHT_KG = float(sources.value("pk.reference_weight_kg"))


def _check_times(t_days) -> np.ndarray:
    return check_array("t_days", t_days)


def _check_model(model: str) -> str:
    return check_choice("model", model, MODEL_NAMES)


# ---------------------------------------------------------------------------------------------
# Covariates
# ---------------------------------------------------------------------------------------------


def clearance_multiplier(weight_kg: float = REFERENCE_WEIGHT_KG, ada: bool = False,
                         ada_cl_factor: float | None = None) -> float:
    """Factor on clearance for body weight and anti-drug antibodies (ADA).

    Weight: (weight_kg / ``pk.reference_weight_kg``) ** ``pk.weight_exponent`` (0.75; volume fixed).
    ADA: × `ada_cl_factor` if given (whatever `ada` says), otherwise × ``label.ada_cl_factor_eu``
    (2.45) when `ada` is True, else × 1.
    """
    w = check_number("weight_kg", weight_kg, *WEIGHT_KG_RANGE)
    check_bool("ada", ada)
    if ada_cl_factor is not None:
        f = check_number("ada_cl_factor", ada_cl_factor, *ADA_CL_FACTOR_RANGE)
    else:
        f = float(sources.value("label.ada_cl_factor_eu")) if ada else 1.0
    return (w / REFERENCE_WEIGHT_KG) ** float(sources.value("pk.weight_exponent")) * f


# ---------------------------------------------------------------------------------------------
# One-compartment linear model: closed-form superposition
# ---------------------------------------------------------------------------------------------


def _params_1cmt(cl_l_per_day, v_l, weight_kg, ada, ada_cl_factor) -> tuple[float, float]:
    cl = sources.value("pk.cl_l_per_day") if cl_l_per_day is None else cl_l_per_day
    v = sources.value("pk.v_l") if v_l is None else v_l
    cl = check_number("cl_l_per_day", cl, *CL_L_PER_DAY_RANGE)
    v = check_number("v_l", v, *V_L_RANGE)
    return cl * clearance_multiplier(weight_kg, ada, ada_cl_factor), v


def _superpose_1cmt(t, t0, dose_mg, dur, cl, k) -> np.ndarray:
    """Sum of constant-rate infusion curves: C = R/CL·(1−e^{−k·min(dt,T)})·e^{−k·max(dt−T,0)}."""
    dt = t[..., None] - t0
    during = np.clip(dt, 0.0, dur)
    after = np.maximum(dt - dur, 0.0)
    c = (dose_mg / dur / cl) * -np.expm1(-k * during) * np.exp(-k * after)
    return c.sum(axis=-1)


def concentration_1cmt(t_days, regimen, cl_l_per_day: float | None = None, v_l: float | None = None,
                       weight_kg: float = REFERENCE_WEIGHT_KG, ada: bool = False,
                       ada_cl_factor: float | None = None) -> np.ndarray:
    """Serum concentration (µg/mL) at `t_days` for the one-compartment linear model.

    Defaults: V ``pk.v_l`` (3.5 L), CL ``pk.cl_l_per_day`` (0.18 L/day), scaled by
    :func:`clearance_multiplier` for weight and ADA. Each dose is a constant-rate infusion; doses
    add by superposition (closed form, vectorised over t). Returns an array shaped like `t_days`.

    Parameters
    ----------
    t_days : float or array of float
        Times in days from the first dose.
    regimen : helpers.regimen.Regimen
        The dose events (:func:`helpers.regimen.regular` and its edits).
    cl_l_per_day, v_l : float, optional
        Clearance and volume; default the registry's teaching values.
    weight_kg : float
        Body weight (30 to 200 kg); clearance scales with it.
    ada : bool
        Persistent anti-drug antibodies (clearance multiplied by ``ada_cl_factor``).

    Returns
    -------
    numpy.ndarray
        Concentration in µg/mL, shaped like `t_days`.

    Examples
    --------
    >>> from helpers import regimen
    >>> c = concentration_1cmt([0, 1, 28], regimen.regular(28, n_doses=1))
    >>> c.round(1).tolist()      # before, one day after, and four weeks after one dose
    [0.0, 81.5, 20.3]
    """
    reg = as_regimen(regimen)
    t = _check_times(t_days)
    cl, v = _params_1cmt(cl_l_per_day, v_l, weight_kg, ada, ada_cl_factor)
    return _superpose_1cmt(t, reg.times_days, reg.doses_mg, reg.durations_days, cl, cl / v)


# ---------------------------------------------------------------------------------------------
# Two-compartment model with linear + Michaelis-Menten elimination (van den Berg 2025)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Params2cmt:
    """Parameters of the two-compartment model (units in names)."""

    cl_l_per_day: float
    vc_l: float
    vp_l: float
    q_l_per_day: float
    vmax_mg_per_day: float
    km_ug_per_ml: float


def params_2cmt(cl_l_per_day=None, vc_l=None, vp_l=None, q_l_per_day=None, vmax_mg_per_day=None,
                km_ug_per_ml=None, weight_kg: float = REFERENCE_WEIGHT_KG, ada: bool = False,
                ada_cl_factor: float | None = None) -> Params2cmt:
    """Validated two-compartment parameters; defaults ``pk2.*`` (van den Berg 2025, as
    machine-extracted).

    Weight and ADA scale the *linear* clearance only, with the same teaching assumption as the
    one-compartment model (:func:`clearance_multiplier`); van den Berg's own weight effects are
    UNCONFIRMED and not used. At 70 kg without ADA the machine-extracted parameters are used
    unchanged.
    """
    def pick(name, given, key, rng):
        return check_number(name, sources.value(key) if given is None else given, *rng)

    cl = pick("cl_l_per_day", cl_l_per_day, "pk2.cl_l_per_day", CL_L_PER_DAY_RANGE)
    return Params2cmt(
        cl_l_per_day=cl * clearance_multiplier(weight_kg, ada, ada_cl_factor),
        vc_l=pick("vc_l", vc_l, "pk2.vc_l", V_L_RANGE),
        vp_l=pick("vp_l", vp_l, "pk2.vp_l", V_L_RANGE),
        q_l_per_day=pick("q_l_per_day", q_l_per_day, "pk2.q_l_per_day", CL_L_PER_DAY_RANGE),
        vmax_mg_per_day=pick("vmax_mg_per_day", vmax_mg_per_day, "pk2.vmax_mg_per_day",
                             VMAX_MG_PER_DAY_RANGE),
        km_ug_per_ml=pick("km_ug_per_ml", km_ug_per_ml, "pk2.km_ug_per_ml", KM_UG_PER_ML_RANGE),
    )


def _rhs_2cmt(_t, y, rate_mg_per_day, p: Params2cmt):
    """dA/dt (mg/day) for central and peripheral amounts (mg)."""
    c = max(y[0] / p.vc_l, 0.0)
    cp = y[1] / p.vp_l
    transfer = p.q_l_per_day * (c - cp)
    mm = p.vmax_mg_per_day * c / (p.km_ug_per_ml + c)
    return [rate_mg_per_day - p.cl_l_per_day * c - mm - transfer, transfer]


def _jac_2cmt(_t, y, _rate, p: Params2cmt):
    c = max(y[0] / p.vc_l, 0.0)
    dmm = p.vmax_mg_per_day * p.km_ug_per_ml / (p.km_ug_per_ml + c) ** 2
    a = -(p.cl_l_per_day + dmm + p.q_l_per_day) / p.vc_l
    return [[a, p.q_l_per_day / p.vp_l], [p.q_l_per_day / p.vc_l, -p.q_l_per_day / p.vp_l]]


_SOLVER = {"method": "LSODA", "rtol": 1e-8, "atol": 1e-9}


def _solve_segment(y0, t0, t1, rate, p: Params2cmt, dense: bool = False):
    return solve_ivp(_rhs_2cmt, (t0, t1), y0, args=(rate, p), jac=_jac_2cmt, dense_output=dense,
                     **_SOLVER)


def _segments(reg: Regimen, t_end: float) -> list[tuple[float, float, float]]:
    """(start, end, infusion rate mg/day) between dose-event boundaries, up to `t_end`."""
    starts = reg.times_days
    ends = starts + reg.durations_days
    rates = reg.doses_mg / reg.durations_days
    edges = np.unique(np.concatenate([starts, ends]))
    edges = np.append(edges[edges < t_end], t_end) if t_end > starts[0] else edges[:0]
    out = []
    for a, b in itertools.pairwise(edges):
        rate = float(rates[(starts <= a) & (a < ends)].sum())
        out.append((float(a), float(b), rate))
    return out


def simulate_2cmt_mm(regimen, t_end_days: float, params: Params2cmt | None = None) -> Callable:
    """Integrate the two-compartment MM model piecewise up to `t_end_days`; return C(t) (µg/mL).

    The returned function evaluates the dense solution at any t ≤ `t_end_days` (0 before the first
    dose). Integrating once and evaluating many times keeps summaries and root finding cheap.
    """
    reg = as_regimen(regimen)
    p = params_2cmt() if params is None else params
    t_end = check_number("t_end_days", t_end_days, TIME_DAYS_RANGE[0], 2 * TIME_DAYS_RANGE[1])
    y = np.zeros(2)
    pieces = []
    for a, b, rate in _segments(reg, t_end):
        sol = _solve_segment(y, a, b, rate, p, dense=True)
        if not sol.success:
            raise RuntimeError(f"two-compartment integration failed between day {a:g} and "
                               f"{b:g}: {sol.message}")
        pieces.append((a, b, sol.sol))
        y = sol.y[:, -1]
    last_end = max(t_end, float(reg.times_days[0]))

    def conc(t_days) -> np.ndarray:
        t = _check_times(t_days)
        if np.any(t > last_end * (1 + 1e-12)):
            raise ValueError(f"t_days must be at most {last_end:g} (the simulated horizon), "
                             f"got {t.max():g}")
        out = np.zeros(t.shape)
        for a, b, sol in pieces:
            m = (t >= a) & (t <= b)
            if m.any():
                out[m] = sol(t[m])[0] / p.vc_l
        return np.maximum(out, 0.0)

    return conc


def concentration_2cmt_mm(t_days, regimen, cl_l_per_day=None, vc_l=None, vp_l=None,
                          q_l_per_day=None, vmax_mg_per_day=None, km_ug_per_ml=None,
                          weight_kg: float = REFERENCE_WEIGHT_KG, ada: bool = False,
                          ada_cl_factor: float | None = None) -> np.ndarray:
    """Serum concentration (µg/mL) at `t_days` for the two-compartment model with linear +
    Michaelis-Menten elimination from the central compartment.

    Defaults ``pk2.*``: CL 0.164 L/day, Vc 3.48 L, Vp 3.47 L, Q 0.40 L/day, Vmax 2.86 mg/day,
    Km 0.84 µg/mL (van den Berg 2025 as machine-extracted; UNCONFIRMED transcription). Integrated
    with LSODA (rtol 1e-8) piecewise between infusion starts and ends. Returns an array shaped like
    `t_days`.
    """
    reg = as_regimen(regimen)
    t = _check_times(t_days)
    p = params_2cmt(cl_l_per_day, vc_l, vp_l, q_l_per_day, vmax_mg_per_day, km_ug_per_ml,
                    weight_kg, ada, ada_cl_factor)
    t_end = float(t.max()) if t.size else 0.0
    return simulate_2cmt_mm(reg, max(t_end, 0.0), p)(t)


MODELS = {"1cmt": concentration_1cmt, "2cmt_mm": concentration_2cmt_mm}
MODEL_NAMES = tuple(MODELS)


def concentration(t_days, regimen, model: str = "1cmt", **params) -> np.ndarray:
    """Concentration (µg/mL) from the model named `model` ("1cmt" or "2cmt_mm")."""
    return MODELS[_check_model(model)](t_days, regimen, **params)


_PARAMS_1CMT = ("cl_l_per_day", "v_l", "weight_kg", "ada", "ada_cl_factor")


def _params_1cmt_from(params: dict) -> tuple[float, float]:
    unknown = set(params) - set(_PARAMS_1CMT)
    if unknown:
        raise TypeError(f"unknown parameter(s) for the 1cmt model: {sorted(unknown)}; "
                        f"valid: {list(_PARAMS_1CMT)}")
    return _params_1cmt(params.get("cl_l_per_day"), params.get("v_l"),
                        params.get("weight_kg", REFERENCE_WEIGHT_KG), params.get("ada", False),
                        params.get("ada_cl_factor"))


def _conc_function(reg: Regimen, model: str, t_end: float, params: dict) -> Callable:
    """C(t) for `model`, valid up to `t_end` (the 2-cmt model is integrated once)."""
    if _check_model(model) == "1cmt":
        cl, v = _params_1cmt_from(params)
        return lambda t: _superpose_1cmt(np.asarray(t, float), reg.times_days, reg.doses_mg,
                                         reg.durations_days, cl, cl / v)
    return simulate_2cmt_mm(reg, t_end, params_2cmt(**params))


# ---------------------------------------------------------------------------------------------
# Summaries
# ---------------------------------------------------------------------------------------------


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
