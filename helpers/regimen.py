"""Dosing regimens as data: dose events, and the edits that make a dose late, missed or stopped.

A regimen is a tuple of :class:`DoseEvent` (start time in days, amount in mg, infusion duration in
days), as in the published PK libraries (PKPDsim, linpk). A late, missed or stopped dose is an edit
to that data (:func:`delay_dose`, :func:`miss_dose`, :func:`stop_after`), never a new code path in
the models of :mod:`helpers.pk`.

Defaults come from the registry: ``dose.mg`` (300 mg), ``dose.interval_days`` (28 days) and
``dose.infusion_hours`` (1 h). The ``*_RANGE`` constants are the valid ranges (inclusive), so
controls can take their limits from them. Educational models, not medical advice.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from . import sources
from .validate import check_int, check_number, fmt

DOSE_MG_RANGE = (1.0, 1500.0)
INTERVAL_DAYS_RANGE = (7.0, 84.0)
N_DOSES_RANGE = (1, 300)
TIME_DAYS_RANGE = (0.0, 36500.0)           # dose start times: 0 to 100 years
DURATION_DAYS_MAX = 7.0                   # no infusion lasts longer than the shortest interval
DELAY_DAYS_RANGE = (-84.0, 84.0)          # negative = given early

DAYS_PER_WEEK = 7
DEFAULT_DOSE_MG = float(sources.value("dose.mg"))
DEFAULT_INTERVAL_DAYS = float(sources.value("dose.interval_days"))
DEFAULT_DURATION_DAYS = float(sources.value("dose.infusion_hours")) / 24
APPROVED_INTERVAL_WEEKS = int(DEFAULT_INTERVAL_DAYS) // DAYS_PER_WEEK
INTERVAL_WEEKS_RANGE = tuple(int(d) // DAYS_PER_WEEK for d in INTERVAL_DAYS_RANGE)


@dataclass(frozen=True)
class DoseEvent:
    """One infusion: start time (days), amount (mg) and duration (days, default 1 h).

    Defaults: `dose_mg` from ``dose.mg`` (300 mg), `duration_days` from ``dose.infusion_hours``.
    """

    time_days: float
    dose_mg: float = DEFAULT_DOSE_MG
    duration_days: float = DEFAULT_DURATION_DAYS

    def __post_init__(self):
        object.__setattr__(self, "time_days",
                           check_number("time_days", self.time_days, *TIME_DAYS_RANGE))
        object.__setattr__(self, "dose_mg", check_number("dose_mg", self.dose_mg, *DOSE_MG_RANGE))
        object.__setattr__(self, "duration_days", check_number(
            "duration_days", self.duration_days, 0.0, DURATION_DAYS_MAX, low_open=True))

    @property
    def end_days(self) -> float:
        return self.time_days + self.duration_days


@dataclass(frozen=True)
class Regimen:
    """A dosing regimen: one or more :class:`DoseEvent` with strictly increasing start times.

    Each infusion must end before the next one starts. Behaves like a tuple of DoseEvents.
    """

    doses: tuple

    def __post_init__(self):
        doses = tuple(self.doses) if not isinstance(self.doses, DoseEvent) else (self.doses,)
        for i, d in enumerate(doses):
            if not isinstance(d, DoseEvent):
                raise TypeError(f"doses[{i}] must be a DoseEvent, got {type(d).__name__}")
        check_int("n_doses", len(doses), *N_DOSES_RANGE)
        for i, (a, b) in enumerate(itertools.pairwise(doses)):
            if b.time_days <= a.time_days:
                raise ValueError(
                    "dose times must be strictly increasing: "
                    f"dose {i + 1} at day {fmt(b.time_days)} "
                    f"is out of order after dose {i} at day {fmt(a.time_days)}")
            gap = b.time_days - a.time_days
            if a.duration_days >= gap:
                raise ValueError(
                    f"duration_days of dose {i} must be shorter than the gap to the next dose "
                    f"({fmt(gap)} days), got {fmt(a.duration_days)}")
        object.__setattr__(self, "doses", doses)

    def __len__(self) -> int:
        return len(self.doses)

    def __iter__(self):
        return iter(self.doses)

    def __getitem__(self, i):
        return self.doses[i]

    @property
    def times_days(self) -> np.ndarray:
        return np.array([d.time_days for d in self.doses])

    @property
    def doses_mg(self) -> np.ndarray:
        return np.array([d.dose_mg for d in self.doses])

    @property
    def durations_days(self) -> np.ndarray:
        return np.array([d.duration_days for d in self.doses])

    @property
    def last_dose_day(self) -> float:
        return self.doses[-1].time_days


def as_regimen(regimen) -> Regimen:
    """`regimen` as a Regimen (accepts a Regimen, a DoseEvent or an iterable of DoseEvents)."""
    if isinstance(regimen, Regimen):
        return regimen
    if isinstance(regimen, DoseEvent):
        return Regimen((regimen,))
    if isinstance(regimen, (str, bytes)) or not isinstance(regimen, Iterable):
        raise TypeError("regimen must be a Regimen or a sequence of DoseEvent, "
                        f"got {type(regimen).__name__}")
    return Regimen(tuple(regimen))


def regular(interval_days: float = DEFAULT_INTERVAL_DAYS, n_doses: int = 13,
            start_day: float = 0.0, dose_mg: float = DEFAULT_DOSE_MG,
            duration_days: float = DEFAULT_DURATION_DAYS) -> Regimen:
    """`n_doses` infusions every `interval_days` from `start_day` (13 doses = about a year at q4w).

    Parameters
    ----------
    interval_days : float
        Days from one infusion to the next (default ``dose.interval_days``, 28).
    n_doses : int
        How many infusions (default 13).
    start_day : float
        Day of the first infusion (default 0).
    dose_mg, duration_days : float
        Each dose and its infusion time (defaults ``dose.mg``, 300 mg, and
        ``dose.infusion_hours``, 1 hour).

    Returns
    -------
    Regimen
        The dose events, as data.

    Examples
    --------
    >>> r = regular(28, n_doses=3)
    >>> r.times_days.tolist()
    [0.0, 28.0, 56.0]
    >>> r.doses_mg.tolist()
    [300.0, 300.0, 300.0]
    """
    tau = check_number("interval_days", interval_days, *INTERVAL_DAYS_RANGE)
    n = check_int("n_doses", n_doses, *N_DOSES_RANGE)
    t0 = check_number("start_day", start_day, *TIME_DAYS_RANGE)
    return Regimen(tuple(DoseEvent(t0 + i * tau, dose_mg, duration_days) for i in range(n)))


def _check_index(regimen: Regimen, index) -> int:
    n = len(regimen)
    i = check_int("index", index, -n, n - 1)
    return i % n


def delay_dose(regimen, index: int, days: float, shift_following: bool = True) -> Regimen:
    """A new regimen with dose `index` given `days` later (negative = earlier).

    With `shift_following` (default) every later dose moves by the same amount: the schedule
    restarts from the late infusion, as the EU patient leaflet describes for a missed dose ("as
    soon as you can ... then continue every 4 weeks"). Without it, later doses keep their dates.

    Examples
    --------
    >>> r = regular(28, n_doses=3)
    >>> delay_dose(r, 1, 7).times_days.tolist()
    [0.0, 35.0, 63.0]
    >>> delay_dose(r, 1, 7, shift_following=False).times_days.tolist()
    [0.0, 35.0, 56.0]
    """
    reg = as_regimen(regimen)
    i = _check_index(reg, index)
    d = check_number("days", days, *DELAY_DAYS_RANGE)
    last = len(reg) if shift_following else i + 1
    return Regimen(tuple(
        DoseEvent(e.time_days + d, e.dose_mg, e.duration_days) if i <= j < last else e
        for j, e in enumerate(reg)))


def miss_dose(regimen, index: int) -> Regimen:
    """A new regimen without dose `index`; the other doses keep their times.

    Examples
    --------
    >>> miss_dose(regular(28, n_doses=3), 1).times_days.tolist()
    [0.0, 56.0]
    """
    reg = as_regimen(regimen)
    i = _check_index(reg, index)
    if len(reg) == 1:
        raise ValueError("n_doses must be at least 1: cannot miss the only dose of a regimen")
    return Regimen(reg.doses[:i] + reg.doses[i + 1:])


def stop_after(regimen, n_doses: int) -> Regimen:
    """A new regimen keeping only the first `n_doses` doses (treatment stops after them).

    Examples
    --------
    >>> stop_after(regular(28, n_doses=13), 2).times_days.tolist()
    [0.0, 28.0]
    """
    reg = as_regimen(regimen)
    n = check_int("n_doses", n_doses, 1, len(reg))
    return Regimen(reg.doses[:n])
