"""Infusion calendars and their export as an iCalendar (.ics) file.

Calendar arithmetic uses whole days (``datetime.date``). The .ics text is written by the maintained
``icalendar`` library (RFC 5545 folding, escaping, time values, alarms) and is deterministic: UIDs
come from the date, the position in the schedule and a fixed domain, and DTSTAMP is passed in or
derived from the first date, so exporting the same schedule twice gives byte-identical files.

Educational example, not medical advice: dates are agreed with the MS team, not with this module.
"""
from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Sequence
from pathlib import Path

import icalendar
from dateutil.relativedelta import relativedelta

from . import regimen, sources
from .validate import check_int, check_number

INTERVAL_DAYS_RANGE = (int(regimen.INTERVAL_DAYS_RANGE[0]), int(regimen.INTERVAL_DAYS_RANGE[1]))
N_RANGE = regimen.N_DOSES_RANGE
DAYS_LATE_RANGE = (0, 84)
YEAR_RANGE = (1900, 2200)
DURATION_MINUTES_RANGE = (1, 24 * 60)
REMINDER_MINUTES_RANGE = (0, 14 * 24 * 60)   # up to two weeks before

PRODID = "-//Natalizumab teaching notebooks//helpers.schedule//EN"
UID_DOMAIN = "natalizumab-notebooks.invalid"   # .invalid is reserved (RFC 2606): never a real host
DEFAULT_SUMMARY = "Natalizumab (teaching example)"


def default_description() -> str:
    """The educational note put in each event's DESCRIPTION (numbers from helpers.sources)."""
    weeks = sources.format_value(sources.value("dose.interval_days") / 7)
    return (
        "Educational example from the natalizumab teaching notebooks; not medical advice and not a "
        f"booking. The approved schedule is {sources.format_value(sources.value('dose.mg'))} mg by "
        f"{sources.format_value(sources.value('dose.infusion_hours'))}-hour intravenous infusion "
        f"every {weeks} weeks. Agree every date with your MS team. If an infusion is missed, the "
        "EU patient leaflet says to arrange it as soon as you can and then continue every "
        f"{weeks} weeks."
    )


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _check_date(name: str, value) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date (not a datetime or string), got {value!r}")
    if not YEAR_RANGE[0] <= value.year <= YEAR_RANGE[1]:
        raise ValueError(f"{name} year must be between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}, "
                         f"got {value.year}")
    return value


def _check_dates(dates) -> list[dt.date]:
    if isinstance(dates, (str, bytes, dt.date)) or not isinstance(dates, Sequence):
        raise TypeError(f"dates must be a list of datetime.date, got {type(dates).__name__}")
    out = [_check_date(f"dates[{i}]", d) for i, d in enumerate(dates)]
    check_int("number of dates", len(out), *N_RANGE)
    for i, (a, b) in enumerate(itertools.pairwise(out)):
        if b <= a:
            raise ValueError(f"dates must be strictly increasing: dates[{i + 1}] ({b}) is not "
                             f"after dates[{i}] ({a})")
    return out


def _check_text(name: str, value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    bad = sorted({hex(ord(c)) for c in value
                  if (ord(c) < 32 and c not in "\t\r\n") or ord(c) == 127})
    if bad:
        raise ValueError(f"{name} must not contain control characters, found {bad}")
    return value


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------


def infusion_dates(start: dt.date, interval_days: int = 28, n: int = 13) -> list[dt.date]:
    """`n` infusion dates every `interval_days` days from `start` (default 13 = a year at q4w).

    Examples
    --------
    >>> import datetime as dt
    >>> [d.isoformat() for d in infusion_dates(dt.date(2027, 1, 4), 28, n=3)]
    ['2027-01-04', '2027-02-01', '2027-03-01']
    """
    start = _check_date("start", start)
    tau = check_int("interval_days", interval_days, *INTERVAL_DAYS_RANGE)
    n = check_int("n", n, *N_RANGE)
    dates = [start + dt.timedelta(days=i * tau) for i in range(n)]
    _check_date(f"date of infusion {n}", dates[-1])
    return dates


def shift_for_delay(dates: Sequence[dt.date], index: int, days_late: int) -> list[dt.date]:
    """A new schedule in which infusion `index` is `days_late` days late.

    A late infusion shifts every later one by the same number of days: the rhythm restarts from the
    day the infusion was actually given, as the EU patient leaflet describes for a missed dose
    ("arrange ... to receive it as soon as you can. You can then continue to receive your dose every
    4 weeks"). Dates before `index` are unchanged. The input list is not modified.

    Examples
    --------
    >>> import datetime as dt
    >>> dates = infusion_dates(dt.date(2027, 1, 4), 28, n=3)
    >>> [d.isoformat() for d in shift_for_delay(dates, 1, 7)]
    ['2027-01-04', '2027-02-08', '2027-03-08']
    """
    dates = _check_dates(dates)
    i = check_int("index", index, -len(dates), len(dates) - 1) % len(dates)
    late = check_int("days_late", days_late, *DAYS_LATE_RANGE)
    return [d + dt.timedelta(days=late) if j >= i else d for j, d in enumerate(dates)]


# ---------------------------------------------------------------------------------------------
# iCalendar export (the icalendar library writes RFC 5545: folding, escaping, the envelope)
# ---------------------------------------------------------------------------------------------


def _check_domain(uid_domain) -> str:
    if not isinstance(uid_domain, str) or not re.fullmatch(
            r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?", uid_domain):
        raise ValueError(f"uid_domain must be a host name such as {UID_DOMAIN!r}, "
                         f"got {uid_domain!r}")
    return uid_domain


def _check_start_time(start_time) -> dt.time | None:
    if start_time is None:
        return None
    if not isinstance(start_time, dt.time):
        raise TypeError(f"start_time must be a datetime.time or None, got {start_time!r}")
    if start_time.tzinfo is not None:
        raise ValueError("start_time must be a naive local time (events use floating local time)")
    return start_time


def _utc_stamp(dtstamp: dt.datetime | None, first: dt.date) -> dt.datetime:
    if dtstamp is None:
        return dt.datetime.combine(first, dt.time(0), tzinfo=dt.timezone.utc)
    if not isinstance(dtstamp, dt.datetime):
        raise TypeError(f"dtstamp must be a datetime.datetime (UTC if naive), got {dtstamp!r}")
    if dtstamp.tzinfo is None:
        return dtstamp.replace(tzinfo=dt.timezone.utc)
    return dtstamp.astimezone(dt.timezone.utc)


def _event_times(day: dt.date, start_time: dt.time | None, minutes: float):
    if start_time is None:
        return day, day + dt.timedelta(days=1)
    begin = dt.datetime.combine(day, start_time)
    return begin, begin + dt.timedelta(minutes=minutes)


def _calendar(calendar_name: str | None) -> icalendar.Calendar:
    """An empty published calendar (VERSION 2.0, this collection's PRODID), optionally named."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if calendar_name is not None:
        cal.add("x-wr-calname", _check_text("calendar_name", calendar_name))
    return cal


def _reminder(minutes_before: float, title: str) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Reminder: {title}")
    alarm.add("trigger", -dt.timedelta(minutes=minutes_before))
    return alarm


def ics_text(dates: Sequence[dt.date], *, summary: str = DEFAULT_SUMMARY,
             description: str | None = None, dtstamp: dt.datetime | None = None,
             start_time: dt.time | None = None,
             duration_minutes: float | None = None, uid_domain: str = UID_DOMAIN,
             calendar_name: str | None = None, number_events: bool = True,
             reminder_minutes_before: float | None = None) -> str:
    """An RFC 5545 calendar (str with CRLF line endings) with one VEVENT per date.

    - All-day events (DTSTART;VALUE=DATE) unless `start_time` is given; then timed events in
      floating local time lasting `duration_minutes` (default: ``dose.infusion_hours``, 1 h).
    - SUMMARY is `summary`, followed by ": infusion k of n" when `number_events`.
    - DESCRIPTION is `description` (default :func:`default_description`, an educational note).
    - UID is "natalizumab-infusion-YYYYMMDD-k@`uid_domain`", unique and reproducible.
    - DTSTAMP is `dtstamp` (converted to UTC) or midnight UTC of the first date, so output is
      deterministic.
    - `reminder_minutes_before` (for example 1440 for the day before) adds a display alarm
      (VALARM) to every event; None adds none.

    The text is written by the ``icalendar`` library, which folds lines at 75 octets and escapes
    TEXT values as RFC 5545 requires.
    """
    dates = _check_dates(dates)
    summary = _check_text("summary", summary)
    if description is None:
        description = default_description()
    description = _check_text("description", description)
    uid_domain = _check_domain(uid_domain)
    start_time = _check_start_time(start_time)
    if duration_minutes is None:
        duration_minutes = float(sources.value("dose.infusion_hours")) * 60
    minutes = check_number("duration_minutes", duration_minutes, *DURATION_MINUTES_RANGE)
    if reminder_minutes_before is not None:
        reminder_minutes_before = check_number("reminder_minutes_before", reminder_minutes_before,
                                               *REMINDER_MINUTES_RANGE)
    stamp = _utc_stamp(dtstamp, dates[0])

    cal = _calendar(calendar_name)
    n = len(dates)
    for k, day in enumerate(dates, 1):
        title = f"{summary}: infusion {k} of {n}" if number_events else summary
        begin, end = _event_times(day, start_time, minutes)
        event = icalendar.Event()
        event.add("uid", f"natalizumab-infusion-{day:%Y%m%d}-{k}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", begin)
        event.add("dtend", end)
        event.add("summary", title)
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        if reminder_minutes_before is not None:
            event.add_component(_reminder(reminder_minutes_before, title))
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def _check_ics_path(path, overwrite) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or pathlib.Path, got {type(path).__name__}")
    if not isinstance(overwrite, bool):
        raise TypeError(f"overwrite must be True or False, got {overwrite!r}")
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise ValueError(f"path must end in .ics, got {str(path)!r}")
    return path


def write_calendar(path, text: str, *, overwrite: bool = False) -> Path:
    """Write calendar `text` to `path` (must end in .ics); return the path.

    Writes only where asked. If the file exists and `overwrite` is False, raises FileExistsError and
    leaves the file untouched (never overwrites silently).
    """
    path = _check_ics_path(path, overwrite)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise IsADirectoryError(f"cannot write {path}: it is a folder")
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; pass overwrite=True to replace it")
    with open(path, "wb" if overwrite else "xb") as fh:
        fh.write(text.encode("utf-8"))
    return path


def write_ics(path, dates: Sequence[dt.date], *, overwrite: bool = False, **ics_options) -> Path:
    """Write :func:`ics_text` of `dates` to `path` (must end in .ics) with
    :func:`write_calendar`; the text is built, and so validated, before anything is written."""
    _check_ics_path(path, overwrite)
    return write_calendar(path, ics_text(dates, **ics_options), overwrite=overwrite)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later; a day the month lacks becomes its last day
    (31 August + 6 months = 28 or 29 February). Calendar arithmetic by dateutil's
    ``relativedelta``.

    Examples
    --------
    >>> import datetime as dt
    >>> add_months(dt.date(2027, 1, 4), 6)
    datetime.date(2027, 7, 4)
    >>> add_months(dt.date(2027, 8, 31), 6)     # 2028 is a leap year
    datetime.date(2028, 2, 29)
    """
    start = _check_date("start", start)
    months = check_int("months", months, 0, 12 * (YEAR_RANGE[1] - YEAR_RANGE[0]))
    return _check_date(f"start + {months} months", start + relativedelta(months=months))



# The PML monitoring plan and its calendar: helpers/monitoring.py. Still importable from here,
# loaded on first use (PEP 562): helpers/monitoring.py imports this module, so an eager import here
# would be circular when helpers.monitoring is imported first.
_MOVED_TO_MONITORING = frozenset((
    "MONITORING_KINDS", "MONITORING_SUMMARY", "MRI_INTERVAL_MONTHS_RANGE", "PLAN_ANTI_JCV",
    "PLAN_INDEX_RANGE", "PLAN_MONTHS_RANGE", "PLAN_REGIONS", "PLAN_STOP_MONTHS_RANGE",
    "MonitoringItem", "higher_risk_eu", "monitoring_description", "monitoring_ics_text",
    "monitoring_plan", "monitoring_table_markdown", "write_monitoring_ics",
))


def __getattr__(name: str):
    if name in _MOVED_TO_MONITORING:
        from . import monitoring
        return getattr(monitoring, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
