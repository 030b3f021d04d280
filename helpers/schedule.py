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
from dataclasses import dataclass
from pathlib import Path

import icalendar
from dateutil.relativedelta import relativedelta

from . import regimen, sources
from .validate import check_bool, check_choice, check_int, check_number

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


# ---------------------------------------------------------------------------------------------
# The PML monitoring plan (lesson 03): what is checked when, by which rule, in which region
# ---------------------------------------------------------------------------------------------
PLAN_ANTI_JCV = ("negative", "positive")
PLAN_REGIONS = ("EU", "US", "both")
PLAN_MONTHS_RANGE = (6, 120)
PLAN_STOP_MONTHS_RANGE = (1, 114)
MRI_INTERVAL_MONTHS_RANGE = (3, 6)   # EMA 2016: 'e.g. every 3 to 6 months'
PLAN_INDEX_RANGE = (0.0, 20.0)
MONITORING_KINDS = (
    "Anti-JCV antibody test",
    "MRI, full protocol",
    "MRI, abbreviated protocol",
    "TOUCH evaluation",
    "Risk discussion",
    "Watch for PML symptoms",
)
MONITORING_SUMMARY = "Natalizumab monitoring (teaching example)"


@dataclass(frozen=True)
class MonitoringItem:
    """One dated item of a monitoring plan, with the rule's source and region."""

    date: dt.date
    month: int            # whole months after the first infusion
    kind: str             # one of MONITORING_KINDS
    title: str
    region: str           # EU or US
    figure: str           # the registry figure holding the rule
    detail: str = ""

    @property
    def source(self) -> str:
        return sources.FIGURES[self.figure].source


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


def higher_risk_eu(anti_jcv: str, prior_is: bool, index: float | None) -> bool:
    """EU definition of higher PML risk once past 2 years (EMA 2016): anti-JCV positive with
    earlier immunosuppressants (all three factors), or a high index (above 1.5) without them."""
    if anti_jcv != "positive":
        return False
    return bool(prior_is) or (index is not None and index > float(
        sources.value("pml.ema_index_high")))


def monitoring_plan(start: dt.date, anti_jcv: str = "positive", prior_is: bool = False,
                    index: float | None = None, *, region: str = "both", months: int = 48,
                    stop_after_months: int | None = None,
                    mri_interval_months: int = 6) -> list[MonitoringItem]:
    """The monitoring plan from the first infusion on `start`, for `months` months.

    Rules, each with its registry figure (source and region in ``helpers/data/figures.csv``):

    - EU: anti-JCV antibody retest every 6 months for negative people, and for positive people
      without earlier immunosuppressants whose index is 1.5 or below, from 2 years on
      (``pml.jcv_retest_months``; the source says 'low index': this plan reads it as not above
      1.5, the EMA threshold).
    - EU: full MRI at least once a year (``pml.mri_full_max_months``); at higher risk after 2
      years, an abbreviated MRI every `mri_interval_months` (3 to 6) in between
      (``pml.mri_higher_risk_months``).
    - US: TOUCH evaluations 3 and 6 months after the first infusion, then every 6 months, and 6
      months after stopping (``pml.touch_*``).
    - EU: the risk discussion again at 2 years (``pml.reinform_after_years``).
    - After stopping (`stop_after_months`): watch for PML symptoms for 6 months (EU leaflet,
      ``pml.watch_after_stop_months``).

    `region` 'EU', 'US' or 'both' picks the rules shown. Dates are calendar months after
    `start` (:func:`add_months`). Educational example: the MS team sets the real plan.
    """
    start = _check_date("start", start)
    anti_jcv = check_choice("anti_jcv", anti_jcv, PLAN_ANTI_JCV)
    prior_is = check_bool("prior_is", prior_is)
    if index is not None:
        index = check_number("index", index, *PLAN_INDEX_RANGE)
        if anti_jcv != "positive":
            raise ValueError("index applies only when anti_jcv is 'positive', got "
                             f"anti_jcv={anti_jcv!r} with index={index:g}")
    region = check_choice("region", region, PLAN_REGIONS)
    months = check_int("months", months, *PLAN_MONTHS_RANGE)
    mri_every = check_int("mri_interval_months", mri_interval_months, *MRI_INTERVAL_MONTHS_RANGE)
    if stop_after_months is not None:
        stop_after_months = check_int("stop_after_months", stop_after_months,
                                      PLAN_STOP_MONTHS_RANGE[0], months)
    on_until = months if stop_after_months is None else stop_after_months
    v = sources.value
    two_years = int(v("pml.reinform_after_years")) * 12
    items: list[tuple[int, str, str, str, str, str]] = []

    def add(month, kind, title, reg, figure, detail=""):
        if month <= months and region in (reg, "both"):
            items.append((month, kind, title, reg, figure, detail))

    retest = int(v("pml.jcv_retest_months"))
    low_index = (anti_jcv == "positive" and not prior_is and index is not None
                 and index <= float(v("pml.ema_index_high")))
    if anti_jcv == "negative" or low_index:
        first = retest if anti_jcv == "negative" else two_years
        why = ("anti-JCV negative" if anti_jcv == "negative" else
               "low index (read here as 1.5 or below), no earlier immunosuppressants, from 2 years")
        for m in range(first, on_until + 1, retest):
            add(m, MONITORING_KINDS[0], "Anti-JCV antibody retest", "EU", "pml.jcv_retest_months",
                f"every {retest} months: {why}")
    full = int(v("pml.mri_full_max_months"))
    for m in range(full, on_until + 1, full):
        add(m, MONITORING_KINDS[1], "MRI scan, full protocol", "EU", "pml.mri_full_max_months",
            "at least once a year, for everyone on treatment")
    if higher_risk_eu(anti_jcv, prior_is, index):
        why = ("all three risk factors" if prior_is else "index above 1.5 and no earlier "
               "immunosuppressants")
        for m in range(two_years + mri_every, on_until + 1, mri_every):
            if m % full:
                add(m, MONITORING_KINDS[2], "MRI scan, abbreviated protocol", "EU",
                    "pml.mri_higher_risk_months",
                    f"every {mri_every} months at higher risk after 2 years ({why})")
    first_eval = int(v("pml.touch_first_eval_months"))
    second_eval = int(v("pml.touch_second_eval_months"))
    every = int(v("pml.touch_eval_interval_months"))
    for m in [first_eval, *range(second_eval, on_until + 1, every)]:
        if m <= on_until:
            add(m, MONITORING_KINDS[3], "TOUCH evaluation and reauthorisation", "US",
                "pml.touch_eval_interval_months",
                f"{first_eval} and {second_eval} months after the first infusion, then every "
                f"{every} months")
    if two_years <= on_until:
        add(two_years, MONITORING_KINDS[4], "PML risk discussion again (2 years)", "EU",
            "pml.reinform_after_years", "every patient is re-informed about PML risk after 2 years")
    if stop_after_months is not None:
        watch = int(v("pml.watch_after_stop_months"))
        after = int(v("pml.touch_followup_after_stop_months"))
        add(stop_after_months, MONITORING_KINDS[5], "Last infusion: watch for PML symptoms",
            "EU", "pml.watch_after_stop_months",
            f"PML can start up to {watch} months after stopping; report new symptoms at once")
        add(stop_after_months + watch, MONITORING_KINDS[5],
            f"{watch} months after stopping: end of the watch period in the EU leaflet", "EU",
            "pml.watch_after_stop_months", "keep reporting any new symptoms to the MS team")
        add(stop_after_months + after, MONITORING_KINDS[3], "TOUCH evaluation after stopping",
            "US", "pml.touch_followup_after_stop_months",
            f"evaluations continue for at least {after} months after stopping")
    order = {k: i for i, k in enumerate(MONITORING_KINDS)}
    items.sort(key=lambda it: (it[0], order[it[1]], it[2]))
    return [MonitoringItem(add_months(start, m), m, kind, title, reg, fig, detail)
            for m, kind, title, reg, fig, detail in items]


def monitoring_table_markdown(items: Sequence[MonitoringItem]) -> str:
    """The plan as a Markdown table: date, month, what, region and source."""
    rows = ["| Date | Month | What | Region | Source |", "|---|---|---|---|---|"]
    for it in items:
        src = sources.SOURCES[it.source]
        rows.append(f"| {it.date:%a} {it.date.day} {it.date:%b %Y} | {it.month} | {it.title} "
                    f"| {it.region} | {src.authors or src.publisher or src.title} |")
    return "\n".join(rows)


def monitoring_description(item: MonitoringItem) -> str:
    src = sources.SOURCES[item.source]
    return (f"{item.title} ({item.region}): {item.detail}. Rule from: {src.full_title}. "
            "Educational example from the natalizumab teaching notebooks; not medical advice and "
            "not a booking. Your MS team sets your own plan; contact them at once about new or "
            "worsening symptoms.")


def monitoring_ics_text(items: Sequence[MonitoringItem], *, dtstamp: dt.datetime | None = None,
                        uid_domain: str = UID_DOMAIN, calendar_name: str | None = None,
                        reminder_minutes_before: float | None = None) -> str:
    """An RFC 5545 calendar with one all-day VEVENT per monitoring item, written by the
    ``icalendar`` library like :func:`ics_text`: SUMMARY 'title (region)', DESCRIPTION with the
    rule's detail and source, reproducible UIDs and DTSTAMP."""
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence) or not items:
        raise TypeError("items must be a non-empty list of MonitoringItem (from "
                        "monitoring_plan)")
    for i, it in enumerate(items):
        if not isinstance(it, MonitoringItem):
            raise TypeError(f"items[{i}] must be a MonitoringItem, got {type(it).__name__}")
        _check_date(f"items[{i}].date", it.date)
    uid_domain = _check_domain(uid_domain)
    if reminder_minutes_before is not None:
        reminder_minutes_before = check_number("reminder_minutes_before", reminder_minutes_before,
                                               *REMINDER_MINUTES_RANGE)
    stamp = _utc_stamp(dtstamp, items[0].date)
    cal = _calendar(calendar_name)
    for k, it in enumerate(items, 1):
        title = _check_text("title", f"{it.title} ({it.region})")
        event = icalendar.Event()
        event.add("uid", f"natalizumab-monitoring-{it.date:%Y%m%d}-{k}@{uid_domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", it.date)
        event.add("dtend", it.date + dt.timedelta(days=1))
        event.add("summary", title)
        event.add("description", monitoring_description(it))
        event.add("categories", [it.kind, it.region])
        event.add("transp", "TRANSPARENT")
        if reminder_minutes_before is not None:
            event.add_component(_reminder(reminder_minutes_before, title))
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def write_monitoring_ics(path, items: Sequence[MonitoringItem], *, overwrite: bool = False,
                         **ics_options) -> Path:
    """Write :func:`monitoring_ics_text` to `path` (.ics) with :func:`write_calendar`: never
    overwrites unless asked."""
    _check_ics_path(path, overwrite)
    return write_calendar(path, monitoring_ics_text(items, **ics_options), overwrite=overwrite)
