"""Immune-cell trafficking: a selective blocker (natalizumab) against broad immunosuppressants.

A teaching model, **illustrative, not fitted**: every rate is registered with status
teaching-assumption and explained in ``helpers/data/calibration.md`` (*Immune-cell trafficking
model*). Three compartments of lymphocytes, in units of 10⁹ cells, linked by first-order rates:

- ``B``: blood; ``T``: lymphoid and peripheral tissue; ``C``: central nervous system (CNS).

::

    dB/dt = ρ·k_ret·T − k_out·(1 − f_α4·S)·B − k_BC·infl·(1 − E_CNS·S)·B − κ·B
    dT/dt = s·(1 − I_prod) + k_out·(1 − f_α4·S)·B − ρ·k_ret·T − d·T − κ·T
    dC/dt = k_BC·infl·(1 − E_CNS·S)·B − k_C·C

S is alpha-4 saturation (0 to 1), from :mod:`helpers.pk` and :mod:`helpers.pd` for a dosing
regimen; I_prod is a broad drug's inhibition of production; ρ (``egress_factor``) scales how fast
cells leave lymphoid tissue (a fingolimod-like drug lowers it); κ (``kill_per_day``) kills cells of
a depleted subset (an anti-CD20-like drug: the equations run twice, for the depleted share φ with
κ > 0 and for the rest with κ = 0; the system is linear, so the two add up). ``infl`` multiplies
entry into the CNS during a relapse (VCAM-1 is raised by inflammation).

Rates without a source of their own are derived from sourced totals: k_out = daily transit / B₀,
k_ret = (k_out + k_BC)·B₀ / T₀ and s = d·T₀ + k_BC·B₀ give the no-drug steady state B₀, T₀, C₀.

Steady states are in closed form (:func:`steady_state`); time courses (:func:`time_course`) are
integrated exactly for coefficients held constant over each half-day step (matrix exponential of
the linear system), so the stiff blood compartment (residence about 30 minutes) costs nothing.
Educational model, not medical advice: it describes no real person.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache

import numpy as np
from scipy.linalg import expm

from . import pd, pk, regimen, sources
from .immune_params import (CELLS_1E9_RANGE, DEFAULT, FRACTION_RANGE,  # noqa: F401
                            RATE_PER_DAY_RANGE, VOLUME_L_RANGE, Params, params, with_params)
from .validate import check_choice, check_number

# ---------------------------------------------------------------------------------------------
# Parameters (registry keys immune.*): Params, params() and DEFAULT in helpers.immune_params
# ---------------------------------------------------------------------------------------------
INFL_RANGE = (1.0, 20.0)
STEP_DAYS = 0.5
DAYS_PER_MONTH = 365.25 / 12
COURSE_MONTHS_RANGE = (1.0, 60.0)



# ---------------------------------------------------------------------------------------------
# Drugs: each is an effect on the rates
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Effect:
    """What a drug does to the rates at one moment.

    ``saturation`` S (0-1); ``i_prod`` production inhibition (0-1); ``egress_factor`` ρ (0-1,
    1 = no change); ``kill_per_day`` κ on the depleted share ``depleted_share`` φ (0-1).
    """

    saturation: float = 0.0
    i_prod: float = 0.0
    egress_factor: float = 1.0
    kill_per_day: float = 0.0
    depleted_share: float = 0.0

    def __post_init__(self):
        for name, rng in (("saturation", FRACTION_RANGE), ("i_prod", FRACTION_RANGE),
                          ("egress_factor", FRACTION_RANGE), ("kill_per_day", RATE_PER_DAY_RANGE),
                          ("depleted_share", FRACTION_RANGE)):
            object.__setattr__(self, name, check_number(name, getattr(self, name), *rng))

    @classmethod
    def _saturation_only(cls, saturation: float) -> "Effect":
        """An Effect for a saturation the model computed itself (0-1): no re-validation, so a
        time course with hundreds of distinct saturations stays fast."""
        e = object.__new__(cls)
        for f in fields(cls):
            object.__setattr__(e, f.name, f.default)
        object.__setattr__(e, "saturation", min(max(float(saturation), 0.0), 1.0))
        return e


NO_DRUG = "none"
NATALIZUMAB = "natalizumab"
AZATHIOPRINE_LIKE = "azathioprine_like"
FINGOLIMOD_LIKE = "fingolimod_like"
ANTI_CD20_LIKE = "anti_cd20_like"
DRUGS = (NO_DRUG, NATALIZUMAB, AZATHIOPRINE_LIKE, FINGOLIMOD_LIKE, ANTI_CD20_LIKE)
DRUG_NAMES = {
    NO_DRUG: "No treatment",
    NATALIZUMAB: "Natalizumab",
    AZATHIOPRINE_LIKE: "Azathioprine-like broad drug",
    FINGOLIMOD_LIKE: "Fingolimod-like (caricature)",
    ANTI_CD20_LIKE: "Anti-CD20-like (caricature)",
}


def check_drug(drug: str) -> str:
    return check_choice("drug", drug, DRUGS)


def check_saturation(saturation: float) -> float:
    """Saturation as a fraction: `saturation must be between 0 and 1, got 89` for a percent."""
    return check_number("saturation", saturation, *FRACTION_RANGE)


def near_peak_saturation() -> float:
    """S near peak on natalizumab, the calibration point (``immune.sat_near_peak``)."""
    return float(sources.value("immune.sat_near_peak"))


def drug_effect(drug: str, saturation: float | None = None) -> Effect:
    """The on-treatment effect of `drug` (one of :data:`DRUGS`).

    Natalizumab: alpha-4 saturation S (default ``immune.sat_near_peak``). Azathioprine-like:
    production inhibition ``immune.aza_i_prod``. Fingolimod-like: egress from lymphoid tissue
    scaled by ``immune.fingolimod_egress_factor``. Anti-CD20-like: kills the depleted share
    ``immune.cd20_share`` at ``immune.cd20_kill_per_day``.

    Examples
    --------
    >>> drug_effect("natalizumab").saturation
    0.89
    >>> drug_effect("azathioprine_like").saturation
    0.0
    """
    drug = check_drug(drug)
    if saturation is not None:
        saturation = check_saturation(saturation)
        if drug != NATALIZUMAB:
            raise ValueError(f"saturation applies only to drug 'natalizumab', got drug {drug!r}")
    if drug == NATALIZUMAB:
        return Effect(saturation=near_peak_saturation() if saturation is None else saturation)
    if drug == AZATHIOPRINE_LIKE:
        return Effect(i_prod=float(sources.value("immune.aza_i_prod")))
    if drug == FINGOLIMOD_LIKE:
        return Effect(egress_factor=float(sources.value("immune.fingolimod_egress_factor")))
    if drug == ANTI_CD20_LIKE:
        return Effect(kill_per_day=float(sources.value("immune.cd20_kill_per_day")),
                      depleted_share=float(sources.value("immune.cd20_share")))
    return Effect()


# ---------------------------------------------------------------------------------------------
# The linear system
# ---------------------------------------------------------------------------------------------
def _matrix(p: Params, e: Effect, infl: float, kill: float) -> np.ndarray:
    """4x4 augmented matrix M of d[B, T, C, 1]/dt = M·[B, T, C, 1] (the 1 carries production)."""
    a = p.k_out_per_day * (1 - p.f_alpha4 * e.saturation)
    b = p.k_bc_per_day * infl * (1 - p.e_cns * e.saturation)
    ret = e.egress_factor * p.k_ret_per_day
    s = p.s_1e9_per_day * (1 - e.i_prod)
    return np.array([
        [-(a + b + kill), ret, 0.0, 0.0],
        [a, -(ret + p.d_per_day + kill), 0.0, s],
        [b, 0.0, -p.k_c_per_day, 0.0],
        [0.0, 0.0, 0.0, 0.0],
    ])


def _subsets(e: Effect) -> list[tuple[float, float]]:
    """(share of cells, kill rate) for each subset the equations run for."""
    if e.depleted_share > 0 and e.kill_per_day > 0:
        return [(1 - e.depleted_share, 0.0), (e.depleted_share, e.kill_per_day)]
    return [(1.0, 0.0)]


def _check_infl(infl: float) -> float:
    return check_number("infl", infl, *INFL_RANGE)


@dataclass(frozen=True)
class SteadyState:
    """Closed-form steady state (cells in 10⁹, influx in 10⁹ cells/day) and ratios to no drug."""

    blood_1e9: float
    tissue_1e9: float
    cns_1e9: float
    blood_count_1e9_per_l: float
    cns_influx_1e9_per_day: float
    outside_cns_1e9: float
    blood_ratio: float
    cns_influx_ratio: float
    outside_cns_ratio: float


def _steady_subset(p: Params, e: Effect, infl: float, kill: float) -> tuple[float, float, float]:
    """B, T, C at steady state for one subset (all of production), in closed form:

    B = s'·ρk_ret / [(ρk_ret + d + κ)(a + b + κ) − a·ρk_ret], T = (a + b + κ)·B / (ρk_ret),
    C = b·B / k_C, with a = k_out(1 − f_α4·S), b = k_BC·infl·(1 − E_CNS·S), s' = s(1 − I_prod).
    """
    a = p.k_out_per_day * (1 - p.f_alpha4 * e.saturation)
    b = p.k_bc_per_day * infl * (1 - p.e_cns * e.saturation)
    ret = e.egress_factor * p.k_ret_per_day
    s = p.s_1e9_per_day * (1 - e.i_prod)
    if ret == 0:  # nothing leaves the tissue: blood empties, tissue holds what is made
        t = s / (p.d_per_day + kill) if p.d_per_day + kill > 0 else float("inf")
        return 0.0, t, 0.0
    denom = (ret + p.d_per_day + kill) * (a + b + kill) - a * ret
    blood = s * ret / denom if denom > 0 else float("inf")
    return blood, (a + b + kill) * blood / ret, b * blood / p.k_c_per_day


def steady_state(drug: str = NO_DRUG, saturation: float | None = None, infl: float = 1.0,
                 p: Params | None = None) -> SteadyState:
    """Steady state on `drug` held at its effect (natalizumab at `saturation`, a fraction 0-1).

    Ratios compare with no drug and no inflammation (infl = 1) under the same parameters.
    Natalizumab near peak (S = 0.89) gives about 3.5 × 10⁹/L and a CNS influx of about 0.33.

    Examples
    --------
    >>> s = steady_state("natalizumab")
    >>> round(s.blood_count_1e9_per_l, 1), round(s.cns_influx_ratio, 2)
    (3.5, 0.33)
    >>> round(steady_state().blood_count_1e9_per_l, 1)     # no drug
    2.1
    """
    p = DEFAULT if p is None else p
    e = drug_effect(drug, saturation)
    infl = _check_infl(infl)
    totals = np.zeros(3)
    influx = 0.0
    for share, kill in _subsets(e):
        bl, ti, cn = _steady_subset(p, e, infl, kill)
        totals += share * np.array([bl, ti, cn])
        influx += share * p.k_bc_per_day * infl * (1 - p.e_cns * e.saturation) * bl
    blood, tissue, cns = (float(x) for x in totals)
    b0, t0 = p.b0_1e9, p.t0_1e9
    return SteadyState(
        blood_1e9=blood, tissue_1e9=tissue, cns_1e9=cns,
        blood_count_1e9_per_l=blood / p.blood_volume_l,
        cns_influx_1e9_per_day=influx,
        outside_cns_1e9=blood + tissue,
        blood_ratio=blood / b0,
        cns_influx_ratio=influx / (p.k_bc_per_day * b0),
        outside_cns_ratio=(blood + tissue) / (b0 + t0),
    )


def baseline(p: Params | None = None) -> np.ndarray:
    """[B₀, T₀, C₀] (10⁹ cells), the no-drug steady state."""
    p = DEFAULT if p is None else p
    return np.array([p.b0_1e9, p.t0_1e9, p.c0_1e9])


def derivatives(state, effect: Effect, infl: float = 1.0, p: Params | None = None,
                kill: float = 0.0) -> np.ndarray:
    """d[B, T, C]/dt for one subset (for tests and other integrators)."""
    p = DEFAULT if p is None else p
    x = np.append(np.asarray(state, dtype=float), 1.0)
    return (_matrix(p, effect, _check_infl(infl), kill) @ x)[:3]


def integrate(x0, effects, infls, p: Params | None = None, step_days: float = STEP_DAYS,
              kill_scale: float = 1.0) -> np.ndarray:
    """States [B, T, C] at 0, h, 2h, ... for coefficients constant over each step of `step_days`.

    `effects` and `infls` give one Effect and one infl per step. Exact for piecewise-constant
    coefficients: x(t + h) = expm(M·h)·x(t). Returns an array of shape (n_steps + 1, 3).
    ``kill_scale`` 0 runs the non-depleted subset, 1 the depleted one (kill at the effect's rate).
    """
    p = DEFAULT if p is None else p
    h = check_number("step_days", step_days, 1e-4, 30.0)
    x = np.append(np.asarray(x0, dtype=float), 1.0)
    if x.shape != (4,) or np.any(x[:3] < 0):
        raise ValueError("x0 must be three cell numbers >= 0 (B, T, C)")
    index: dict = {}
    keys = []
    steps = []
    for e, infl in zip(effects, infls):
        key = (id(e), infl)  # steps share Effect objects: cheap to hash, one look-up each
        if key not in index:
            index[key] = len(keys)
            keys.append((p, e, float(infl), kill_scale * e.kill_per_day, h))
        steps.append(index[key])
    phis = _step_matrices(keys)
    out = np.empty((len(steps) + 1, 4))
    out[0] = x
    for i, j in enumerate(steps):
        out[i + 1] = x = phis[j].dot(x)
    return out[:, :3]


_PHI_CACHE: dict = {}
_PHI_CACHE_MAX = 50_000


def _step_matrices(keys: list) -> list:
    """expm(M·h) for each (params, effect, infl, kill, h), computed once per process and shared
    by every time course (one batched scipy call for the new ones)."""
    missing = [k for k in dict.fromkeys(keys) if k not in _PHI_CACHE]
    if missing:
        if len(_PHI_CACHE) + len(missing) > _PHI_CACHE_MAX:
            _PHI_CACHE.clear()
        new = expm(np.array([_matrix(p, e, infl, kill) * h for p, e, infl, kill, h in missing]))
        _PHI_CACHE.update(zip(missing, new))
    return [_PHI_CACHE[k] for k in keys]


# ---------------------------------------------------------------------------------------------
# Time courses: start, stop, relapse
# ---------------------------------------------------------------------------------------------
RELAPSE_NONE = "none"
RELAPSE_ON = "on_treatment"
RELAPSE_AFTER = "after_stopping"
RELAPSES = (RELAPSE_NONE, RELAPSE_ON, RELAPSE_AFTER)
RELAPSE_ON_MONTH = 4.0          # a relapse in month 5 of treatment (teaching scenario)
RELAPSE_AFTER_MONTHS = 3.0      # a relapse starting 3 months after the last dose
RELAPSE_MONTHS = 1.0            # lasting one month


def relapse_window_months(relapse: str, stop_month: float) -> tuple[float, float] | None:
    """(start, end) month of the relapse scenario, or None."""
    relapse = check_choice("relapse", relapse, RELAPSES)
    if relapse == RELAPSE_NONE:
        return None
    start = RELAPSE_ON_MONTH if relapse == RELAPSE_ON else stop_month + RELAPSE_AFTER_MONTHS
    return start, start + RELAPSE_MONTHS


def relapse_infl() -> float:
    """infl during a relapse: the low end of ``immune.relapse_infl`` (5)."""
    return float(sources.value("immune.relapse_infl")[0])


@lru_cache(maxsize=8)
def natalizumab_saturation(stop_day: float, end_day: float, step_days: float = STEP_DAYS,
                           preset: str = "default") -> np.ndarray:
    """S (0-1) at the middle of each step: 300 mg every 4 weeks from day 0, the last infusion
    before `stop_day`; after it the drug washes out (lesson 02's models, :mod:`helpers.pk`)."""
    n_doses = max(1, int(np.ceil(stop_day / regimen.DEFAULT_INTERVAL_DAYS)))
    reg = regimen.regular(n_doses=n_doses)
    mid = (np.arange(int(round(end_day / step_days))) + 0.5) * step_days
    return pd.saturation_pct(pk.concentration(mid, reg), preset) / 100.0


@dataclass(frozen=True)
class Course:
    """A time course: months, blood count (×10⁹/L), CNS influx and cells outside the CNS (both
    relative to before treatment), saturation S (0-1), and the raw states (10⁹ cells)."""

    months: np.ndarray
    blood_count_1e9_per_l: np.ndarray
    cns_influx_ratio: np.ndarray
    outside_cns_ratio: np.ndarray
    saturation: np.ndarray
    states: np.ndarray


def _course_checks(drug, stop_month, end_month, relapse):
    drug = check_drug(drug)
    end = check_number("end_month", end_month, *COURSE_MONTHS_RANGE)
    stop = check_number("stop_month", stop_month, 0.0, end)
    return drug, stop, end, check_choice("relapse", relapse, RELAPSES)


def time_course(drug: str, stop_month: float = 12.0, end_month: float = 24.0,
                relapse: str = RELAPSE_NONE, p: Params | None = None) -> Course:
    """From the no-drug steady state: `drug` from month 0 to `stop_month`, then none, to
    `end_month`. Natalizumab's effect follows the drug in the blood (infusions every 4 weeks, then
    washout); the other drugs' effects switch on and off (caricatures). `relapse` raises entry to
    the CNS (infl ``immune.relapse_infl``) for one month (:func:`relapse_window_months`)."""
    drug, stop, end, relapse = _course_checks(drug, stop_month, end_month, relapse)
    return _time_course(drug, stop, end, relapse, DEFAULT if p is None else p)


@lru_cache(maxsize=256)
def _time_course(drug: str, stop: float, end: float, relapse: str, p: Params) -> Course:
    h = STEP_DAYS
    n = int(round(end * DAYS_PER_MONTH / h))
    mid_months = (np.arange(n) + 0.5) * h / DAYS_PER_MONTH
    on = mid_months < stop
    on_effect = drug_effect(drug)
    if drug == NATALIZUMAB:
        sat = np.zeros(n)
        if stop > 0:
            sat = natalizumab_saturation(round(stop * DAYS_PER_MONTH, 6), n * h, h)
        sat = np.round(sat, 3)  # equal steps share one matrix exponential
        unique = {float(s): Effect._saturation_only(s) for s in np.unique(sat)}
        effects = [unique[float(s)] for s in sat]
    else:
        off = Effect()
        effects = [on_effect if o else off for o in on]
        sat = np.zeros(n)
    infl = np.ones(n)
    window = relapse_window_months(relapse, stop)
    if window is not None:
        infl[(mid_months >= window[0]) & (mid_months < window[1])] = relapse_infl()
    infls = [float(x) for x in infl]
    x0 = baseline(p)
    subsets = _subsets(on_effect)
    states = np.zeros((n + 1, 3))
    influx = np.zeros(n + 1)
    for share, kill in subsets:
        st = integrate(x0, effects, infls, p, h, kill_scale=1.0 if kill else 0.0)
        states += share * st
        b_rate = p.k_bc_per_day * infl * (1 - p.e_cns * np.array([e.saturation for e in effects]))
        influx += share * st[:, 0] * np.append(b_rate[:1], b_rate)
    months = np.arange(n + 1) * h / DAYS_PER_MONTH
    return Course(
        months=months,
        blood_count_1e9_per_l=states[:, 0] / p.blood_volume_l,
        cns_influx_ratio=influx / (p.k_bc_per_day * p.b0_1e9),
        outside_cns_ratio=(states[:, 0] + states[:, 1]) / (p.b0_1e9 + p.t0_1e9),
        saturation=np.append(sat[:1], sat),
        states=states,
    )


def value_at(course: Course, month: float, what: str = "blood_count_1e9_per_l") -> float:
    """One output of `course` at `month` (linear interpolation)."""
    names = [f.name for f in fields(Course) if f.name not in ("months", "states")]
    what = check_choice("what", what, names)
    month = check_number("month", month, 0.0, float(course.months[-1]))
    return float(np.interp(month, course.months, getattr(course, what)))


def time_to_fraction_days(drug: str, fraction: float = 0.9, saturation: float | None = None,
                          p: Params | None = None) -> float:
    """Days from starting `drug` (effect switched on at once) until the blood count has moved
    `fraction` of the way to its new steady state. Natalizumab: hours (blood residence is
    minutes); azathioprine-like: months (set by tissue turnover d)."""
    p = DEFAULT if p is None else p
    frac = check_number("fraction", fraction, 0.01, 0.99)
    e = drug_effect(drug, saturation)
    target = steady_state(drug, saturation, p=p).blood_1e9
    start = p.b0_1e9
    if abs(target - start) < 1e-12:
        return 0.0
    for h, n in ((1 / 96, 960), (0.5, 4000)):
        x = np.zeros(n + 1)
        for share, kill in _subsets(e):
            x += share * integrate(baseline(p), [e] * n, [1.0] * n, p, h,
                                   kill_scale=1.0 if kill else 0.0)[:, 0]
        moved = (x - start) / (target - start)
        hit = np.nonzero(moved >= frac)[0]
        if hit.size:
            i = int(hit[0])
            m0, m1 = moved[i - 1], moved[i]
            return float((i - 1 + (frac - m0) / (m1 - m0)) * h)
    raise ValueError(f"the blood count does not reach {frac:g} of its new level within "
                     "2000 days")
