"""Lesson 04's year of infusions: the calendar (four-weekly slots from the first Monday of the
year), a plan with a holiday and a missed or late slot, receptor cover through the year for the
average person and the spread weights, and how the year view is computed and drawn. Registered by
:mod:`helpers.views.living_with_treatment` as ``living_with_treatment.adherence``.

Drug levels come from :mod:`helpers.pk`, receptor cover from :mod:`helpers.pd`; the readout gives
numbers for a model of an average person, never a verdict.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..style import DARK_ORANGE, GREY, OKABE_ITO, series
from ..widgets import Control, Frame, line_updater
from ._guide import AVERAGE
from ._panels import SAT_LABEL, pct, shade_return_zone, zone_handle

LESSON = "04_living_with_treatment"  # its readout's words: helpers/content/04_...md
WEEK = regimen.DAYS_PER_WEEK
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
INTERVAL_DAYS = int(regimen.DEFAULT_INTERVAL_DAYS)

YEARS = tuple(range(2026, 2031))
SLOTS_IN_YEAR = 13          # 13 four-weekly slots from the first Monday of the year
SLOTS_SIMULATED = 15        # two more into the next year, so December is not a washout
DOSES_BEFORE = 13           # a year of regular infusions before: the year starts at steady state
HOLIDAY_MONTHS = (("April", 4), ("August", 8), ("December", 12))
ADHERENCE_CONTROLS = (
    Control("year", "Calendar year", default=2027, options=tuple((str(y), y) for y in YEARS)),
    Control("holiday_month", "Holiday starts on the first Monday of", default=8,
            options=HOLIDAY_MONTHS),
    Control("holiday_weeks", "Holiday length (weeks)", default=3, min=0, max=4, step=1),
    Control("late_slot", "Late infusion (number in the year, 0 = none)", default=6, min=0,
            max=SLOTS_IN_YEAR, step=1),
    Control("days_late", "How late (days)", default=7, min=0, max=INTERVAL_DAYS, step=1),
    Control("missed_slot", "Missed infusion (number in the year, 0 = none)", default=0, min=0,
            max=SLOTS_IN_YEAR, step=1),
)


def first_monday_after_new_year(year: int) -> dt.date:
    """The first Monday after 1 January (2 to 8 January): the year's first booked infusion."""
    d = dt.date(year, 1, 2)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def first_monday(year: int, month: int) -> dt.date:
    d = dt.date(year, month, 1)
    return d + dt.timedelta(days=(7 - d.weekday()) % 7)


def booked_slots(year: int, n: int = SLOTS_SIMULATED) -> list[dt.date]:
    """Every 4 weeks from the first Monday after New Year: always a Monday."""
    first = first_monday_after_new_year(year)
    return [first + dt.timedelta(days=INTERVAL_DAYS * k) for k in range(n)]


@dataclass(frozen=True)
class YearPlan:
    """A year's infusions: booked dates, the dates given (slot number, date), missed slots, the
    holiday (first day, first day back) and what moved."""

    year: int
    booked: tuple
    given: tuple
    missed: tuple
    holiday: tuple
    moved: tuple


def year_plan(year: int, holiday_month: int, holiday_weeks: int, late_slot: int,
              days_late: int, missed_slot: int) -> YearPlan:
    """The calendar arithmetic, in this order:

    1. booked: every 4 weeks from the first Monday after New Year;
    2. late: infusion `late_slot` is `days_late` days later, and every later one moves with it
       (the leaflet's "then continue every 4 weeks"); a missed one cannot also be late;
    3. holiday: an infusion then due in the holiday is given on the first day back (the Monday
       after it), and every later one moves with it;
    4. missed: infusion `missed_slot` is not given; the others keep their dates.
    """
    booked = booked_slots(year)
    dates = list(booked)
    start = first_monday(year, holiday_month)
    back = start + dt.timedelta(weeks=holiday_weeks)
    moved = []
    if late_slot and days_late and late_slot != missed_slot:
        i = late_slot - 1
        moved.append((late_slot, dates[i], dates[i] + dt.timedelta(days=days_late), "late"))
        dates[i:] = [x + dt.timedelta(days=days_late) for x in dates[i:]]
    for i, d in enumerate(dates):
        if start <= d < back and i + 1 != missed_slot:
            shift = back - d
            moved.append((i + 1, d, back, "holiday"))
            dates[i:] = [x + shift for x in dates[i:]]
    missed = (missed_slot,) if missed_slot else ()
    given = tuple((i + 1, d) for i, d in enumerate(dates) if i + 1 not in missed)
    return YearPlan(year, tuple(booked), given, missed, (start, back), tuple(moved))


def gaps_days(plan: YearPlan) -> list[tuple[int, dt.date]]:
    """(days since the previous infusion, date) for each infusion given in the year; the first
    is counted from the last regular infusion of the year before."""
    before = plan.booked[0] - dt.timedelta(days=INTERVAL_DAYS)
    out, prev = [], before
    for _, d in plan.given:
        if d.year == plan.year:
            out.append(((d - prev).days, d))
        prev = d
    return out


def _origin(plan: YearPlan) -> dt.date:
    return plan.booked[0] - dt.timedelta(days=INTERVAL_DAYS * DOSES_BEFORE)


def plan_regimen(plan: YearPlan) -> regimen.Regimen:
    """The year's infusions, after a year of regular ones, as a regimen (day 0 = the origin)."""
    origin = _origin(plan)
    prior = [INTERVAL_DAYS * k for k in range(DOSES_BEFORE)]
    days = prior + [(d - origin).days for _, d in plan.given]
    return regimen.Regimen(tuple(regimen.DoseEvent(float(t)) for t in days))


SAMPLES_PER_DAY = 2


@lru_cache(maxsize=256)
def year_saturation(plan: YearPlan):
    """Days since 1 January; % cover for the average person and for the lightest and heaviest
    of the spread weights (teaching model, default saturation curve)."""
    reg = plan_regimen(plan)
    n_days = 366 if calendar.isleap(plan.year) else 365
    days = np.arange(0, n_days * SAMPLES_PER_DAY) / SAMPLES_PER_DAY
    t = (dt.date(plan.year, 1, 1) - _origin(plan)).days + days
    sat = {w: pd.saturation_pct(pk.concentration_1cmt(t, reg, weight_kg=w))
           for w in pk.spread_weights_kg()}
    return days, sat


@lru_cache(maxsize=None)
def _readout_numbers() -> dict:
    """The readout's placeholders that do not change with the controls (registry figures looked
    up when first shown)."""
    return {"average": AVERAGE,
            "spread_weights": lambda: "{:g} to {:g} kg".format(*pk.spread_weights_kg()[::2]),
            "threshold": lambda: f"{format_value(sources.value('pd.therapeutic_saturation_pct'))}%",
            "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks"))}


def days_below(sat: np.ndarray, threshold: float) -> float:
    return float(np.count_nonzero(sat < threshold)) / SAMPLES_PER_DAY


def short_date(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b}"


def compute_adherence(year: int, holiday_month: int, holiday_weeks: int, late_slot: int,
                      days_late: int, missed_slot: int) -> dict:
    plan = year_plan(int(year), int(holiday_month), int(holiday_weeks), int(late_slot),
                     int(days_late), int(missed_slot))
    days, sat = year_saturation(plan)
    light, ref, heavy = pk.spread_weights_kg()
    avg = sat[ref]
    threshold = float(sources.value("pd.therapeutic_saturation_pct"))
    below = {w: days_below(s, threshold) for w, s in sat.items()}
    low_i = int(np.argmin(avg))
    jan1 = dt.date(plan.year, 1, 1)
    in_year = [(n, d) for n, d in plan.given if d.year == plan.year]
    gaps = gaps_days(plan)
    longest, longest_date = max(gaps)
    start, back = plan.holiday
    holiday_moves = [m for m in plan.moved if m[3] == "holiday"]
    moved = content.block(LESSON, "readout adherence: moved infusion")
    values = {
        "plan_year": f"{plan.year}", "given_count": f"{len(in_year)}",
        "given_dates": ", ".join(f"{d.day} {d:%b}" for _, d in in_year),
        "holiday": holiday_weeks != 0, "holiday_moved": bool(holiday_weeks and holiday_moves),
        "holiday_quiet": bool(holiday_weeks and not holiday_moves),
        "holiday_from": short_date(start), "holiday_to": short_date(back - dt.timedelta(days=1)),
        "holiday_move_rows": [{"infusion": f"{n}", "moved_from": short_date(a),
                               "moved_to": short_date(b)} for n, a, b, _ in holiday_moves],
        "longest_days": f"{longest}", "longest_weeks": f"{longest / WEEK:.1f}",
        "longest_end": short_date(longest_date), "lowest_cover": pct(float(avg[low_i])),
        "lowest_date": short_date(jan1 + dt.timedelta(days=int(days[low_i]))),
        "below": f"{below[ref]:g}", "below_low": f"{min(below.values()):g}",
        "below_high": f"{max(below.values()):g}",
        "late_or_missed": bool(plan.missed) or late_slot != 0,
    }
    values["holiday_moves"] = ", ".join(content.fill(moved.text.strip(), row, moved.where)
                                        for row in values["holiday_move_rows"])
    readout = content.readout(LESSON, "adherence", values, _readout_numbers())
    given_x = [(d - jan1).days for _, d in plan.given if d.year == plan.year]
    missed_x = [(plan.booked[n - 1] - jan1).days for n in plan.missed
                if plan.booked[n - 1].year == plan.year]
    return {
        "days": days, "sat": avg, "sat_light": sat[light], "sat_heavy": sat[heavy],
        "given_x": np.array(given_x, float), "given_y": np.full(len(given_x), 96.0),
        "missed_x": np.array(missed_x, float), "missed_y": np.full(len(missed_x), 96.0),
        "holiday_x": np.array([(start - jan1).days, (back - jan1).days], float),
        "holiday_y": np.full(2, 8.0 if holiday_weeks else -10.0),
        "year": plan.year, "below_days": below[ref], "below_days_heavy": below[heavy],
        "longest_gap_days": longest,
        "plan": plan, "readout": readout, "readout_values": values,
    }


def month_starts(year: int) -> list[int]:
    return [(dt.date(year, m, 1) - dt.date(year, 1, 1)).days for m in range(1, 13)]


def _month_ticks(ax, year: int) -> None:
    ax.set_xticks(month_starts(year), [calendar.month_abbr[m] for m in range(1, 13)])
    ax.set_xlim(0, 366 if calendar.isleap(year) else 365)


def draw_adherence(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(ylim=(0, 100), ylabel=SAT_LABEL, title="Receptors covered through the year (model)")
    _month_ticks(ax, r["year"])
    shade_return_zone(None, ax)
    threshold = float(sources.value("pd.therapeutic_saturation_pct"))
    # the 50% line and the zone are named in the legend: a missed infusion takes the 120 kg
    # curve through any words written on the axes
    level = ax.axhline(threshold, color=GREY, linestyle=":", linewidth=1.5,
                       label=f"{format_value(threshold)}%: the 'therapeutic'\nlevel in "
                       "extended-interval\nstudies")
    (light,) = ax.plot(r["days"], r["sat_light"], **series("light"), label="50 kg")
    (heavy,) = ax.plot(r["days"], r["sat_heavy"], **series("heavy"), label="120 kg")
    (avg,) = ax.plot(r["days"], r["sat"], **series("chosen"), label="70 kg")
    (given,) = ax.plot(r["given_x"], r["given_y"], "v", ms=9, color=OKABE_ITO["bluish_green"],
                       linestyle="none", label="infusion")
    (missed,) = ax.plot(r["missed_x"], r["missed_y"], "X", ms=11, color=OKABE_ITO["vermillion"],
                        linestyle="none", label="missed")
    (holiday,) = ax.plot(r["holiday_x"], r["holiday_y"], color=DARK_ORANGE,
                         linewidth=8, solid_capstyle="butt", label="holiday")
    ax.legend(handles=[light, heavy, avg, given, missed, holiday, level,
                       zone_handle("MS activity\nmay return")],
              loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=12)
    return Frame({"avg": avg, "light": light, "heavy": heavy, "given": given, "missed": missed,
                  "holiday": holiday}, [ax])


_move_adherence_lines = line_updater({
    "avg": ("days", "sat"), "light": ("days", "sat_light"), "heavy": ("days", "sat_heavy"),
    "given": ("given_x", "given_y"), "missed": ("missed_x", "missed_y"),
    "holiday": ("holiday_x", "holiday_y"),
})


def update_adherence(frame: Frame, r) -> bool:
    """Move the lines; a new year re-labels the months (a full redraw)."""
    ax = frame.axes[0]
    _move_adherence_lines(frame, r)
    if list(ax.get_xticks()) == month_starts(r["year"]):
        return False
    _month_ticks(ax, r["year"])
    return True
