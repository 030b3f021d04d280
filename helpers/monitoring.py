"""The PML monitoring plan: what is checked when, by which rule, in which region, and its .ics."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import icalendar

from . import sources
from .schedule import (REMINDER_MINUTES_RANGE, UID_DOMAIN, _calendar, _check_date,
                       _check_domain, _check_ics_path, _check_text, _reminder, _utc_stamp,
                       add_months, write_calendar)
from .validate import check_bool, check_choice, check_int, check_number

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


BOTH_REGIONS = "EU and US"   # the region of an item both regions' rules give


@dataclass(frozen=True)
class MonitoringItem:
    """One dated item of a monitoring plan, with the rule's source and region."""

    date: dt.date
    month: int            # whole months after the first infusion
    kind: str             # one of MONITORING_KINDS
    title: str
    region: str           # EU, US, or "EU and US" (BOTH_REGIONS) for a rule both give
    figure: str           # the registry figure holding the rule
    detail: str = ""

    @property
    def source(self) -> str:
        return sources.FIGURES[self.figure].source


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
                    mri_interval_months: int = 6,
                    baseline: bool = True) -> list[MonitoringItem]:
    """The monitoring plan from the first infusion on `start`, for `months` months.

    Rules, each with its registry figure (source and region in ``helpers/data/figures.csv``):

    - With `baseline` (the default), the checks before the first infusion, at month 0: EU, the
      anti-JCV antibody test, with its index when positive (``pml.baseline_jcv_test_month``);
      EU and US, an MRI scan (``pml.baseline_mri_month``; the EU a recent one, within 3 months,
      ``pml.eu_baseline_mri_within_months``).
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
    - After stopping or switching to another medicine (`stop_after_months`): watch for PML
      symptoms for 6 months (EU leaflet, ``pml.watch_after_stop_months``).

    `region` 'EU', 'US' or 'both' picks the rules shown. Dates are calendar months after
    `start` (:func:`add_months`). Educational example: the MS team sets the real plan.
    """
    start = _check_date("start", start)
    anti_jcv = check_choice("anti_jcv", anti_jcv, PLAN_ANTI_JCV)
    prior_is = check_bool("prior_is", prior_is)
    baseline = check_bool("baseline", baseline)
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
        if month <= months and (region == "both" or region in reg.split(" and ")):
            items.append((month, kind, title, reg, figure, detail))

    if baseline:
        add(int(v("pml.baseline_jcv_test_month")), MONITORING_KINDS[0],
            "Anti-JCV antibody test before the first infusion", "EU",
            "pml.baseline_jcv_test_month",
            "before starting: a positive result also gives an index, which is normally measured")
        # both regions ask for it: the EU a recent scan (within 3 months) as a reference
        recent = v("pml.eu_baseline_mri_within_months")
        mri_region = {"both": BOTH_REGIONS}.get(region, region)
        add(int(v("pml.baseline_mri_month")), MONITORING_KINDS[1],
            "MRI scan before the first infusion", mri_region,
            "pml.eu_baseline_mri_within_months" if region == "EU" else "pml.baseline_mri_month",
            f"before starting, to compare later scans with; EU: a recent scan, taken within "
            f"{recent} months before the first infusion")
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
        add(stop_after_months, MONITORING_KINDS[5],
            "Last infusion (stopping or switching): watch for PML symptoms",
            "EU", "pml.watch_after_stop_months",
            f"PML can start up to {watch} months after stopping, also after a switch to another "
            "medicine; report new symptoms at once")
        add(stop_after_months + watch, MONITORING_KINDS[5],
            f"{watch} months after stopping or switching: end of the watch period in the EU "
            "leaflet", "EU",
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
