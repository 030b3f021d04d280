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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import sources
from .regimen import (TIME_DAYS_RANGE, Regimen, as_regimen)
from .validate import check_array, check_bool, check_choice, check_number

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
    # Imported here: scipy.integrate takes 0.1-0.3 s to import, and only the nonlinear model
    # needs it (lessons 00, 01 and 03 start without it).
    from scipy.integrate import solve_ivp

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



# Summaries of these curves: helpers/pk_summaries.py. Still importable from here, loaded on
# first use (PEP 562): helpers/pk_summaries.py imports this module, so an eager import here
# would be circular when helpers.pk_summaries is imported first.
_MOVED_TO_PK_SUMMARIES = frozenset((
    "Approach", "SteadyState", "approach_to_steady_state", "label_pitfall_1cmt",
    "spread_weights_kg", "steady_state", "time_below_after_last_dose_days", "troughs_ug_per_ml",
    "washout_spread",
))


def __getattr__(name: str):
    if name in _MOVED_TO_PK_SUMMARIES:
        from . import pk_summaries
        return getattr(pk_summaries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
