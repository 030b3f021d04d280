"""Lesson 03's monitoring plan as a timeline: the controls, what it computes from
:func:`helpers.schedule.monitoring_plan` (EU and US rules, 4 years) and how it is drawn. Registered
by :mod:`helpers.views.duration_and_monitoring` as ``duration_and_monitoring.plan``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .. import content, schedule, sources
from ..sources import format_value
from ..style import DARK_ORANGE, GREY, OKABE_ITO
from ..widgets import Control, Download, Frame, line_updater
from ._planner import DATE_RANGE, EXAMPLE_START
from ._pml_display import ANTI_JCV_OPTIONS, PRIOR_IS, _index

PLAN_MONTHS = 48
PLAN_FILE = "my_monitoring_plan.ics"
PLAN_CALENDAR_NAME = "PML monitoring (teaching example)"
PLAN_DOWNLOAD_LABEL = "Download this plan as a calendar (.ics) to this device"
LESSON = "03_duration_and_monitoring"
REGION_OPTIONS = (("EU and US rules", "both"), ("EU rules only", "EU"), ("US rules only", "US"))
STOP_OPTIONS = (("Treatment continues", 0), ("Stops or switches after 12 months", 12),
                ("Stops or switches after 24 months", 24),
                ("Stops or switches after 36 months", 36))
PLAN_INDEX_OPTIONS = (("Antibody index: not known", "not known"),
                      ("Antibody index: 1.2", 1.2), ("Antibody index: 2.0", 2.0))
PLAN_CONTROLS = (
    Control("start", "Date of the first infusion", default=EXAMPLE_START, min=DATE_RANGE[0],
            max=DATE_RANGE[1]),
    Control("anti_jcv", "Antibody test result", default="positive",
            options=ANTI_JCV_OPTIONS[:2]),
    PRIOR_IS,
    Control("index", "Antibody index", default="not known", options=PLAN_INDEX_OPTIONS),
    Control("region", "Rules shown", default="both", options=REGION_OPTIONS),
    Control("stop", "Stopping", default=0, options=STOP_OPTIONS),
)
KIND_STYLE = {
    schedule.MONITORING_KINDS[3]: ("o", OKABE_ITO["blue"]),
    schedule.MONITORING_KINDS[0]: ("s", OKABE_ITO["bluish_green"]),
    schedule.MONITORING_KINDS[1]: ("D", OKABE_ITO["vermillion"]),
    schedule.MONITORING_KINDS[2]: ("d", OKABE_ITO["reddish_purple"]),
    schedule.MONITORING_KINDS[4]: ("*", OKABE_ITO["black"]),
    schedule.MONITORING_KINDS[5]: ("v", OKABE_ITO["orange"]),
}
ROW_LABELS = {
    schedule.MONITORING_KINDS[3]: "TOUCH evaluation (US)",
    schedule.MONITORING_KINDS[0]: "Antibody test (EU)",
    schedule.MONITORING_KINDS[1]: "MRI, full",
    schedule.MONITORING_KINDS[2]: "MRI, abbreviated (EU)",
    schedule.MONITORING_KINDS[4]: "Risk talk again (EU)",
    schedule.MONITORING_KINDS[5]: "Watch after stop/switch",
}
ROW_ORDER = list(ROW_LABELS)


def plan_items(start, anti_jcv, prior_is, index, region, stop):
    idx = _index(index) if anti_jcv == "positive" else None
    return schedule.monitoring_plan(start, anti_jcv, prior_is, idx, region=region,
                                    months=PLAN_MONTHS, stop_after_months=stop or None)


def compute_plan(start: dt.date, anti_jcv: str, prior_is: bool, index, region: str,
                 stop: int) -> dict:
    items = plan_items(start, anti_jcv, prior_is, index, region, stop)
    out = {}
    for row, kind in enumerate(ROW_ORDER):
        months = [it.month for it in items if it.kind == kind]
        out[f"x{row}"] = np.array(months, dtype=float)
        out[f"y{row}"] = np.full(len(months), float(len(ROW_ORDER) - 1 - row))
    watch = [it.month for it in items if it.kind == schedule.MONITORING_KINDS[5]]
    out["watch_x"] = np.array([watch[0], watch[-1]] if len(watch) > 1 else [], dtype=float)
    out["watch_y"] = np.zeros(len(out["watch_x"]))
    counts = {k: sum(it.kind == k for it in items) for k in ROW_ORDER}
    first = items[0] if items else None
    count = content.block(LESSON, "readout plan: count")
    count_rows = [{"row": ROW_LABELS[k], "n": f"{n}"} for k, n in counts.items() if n]
    higher = schedule.higher_risk_eu(anti_jcv, prior_is, _index(index) if anti_jcv == "positive"
                                     else None)
    values = {
        "anti_jcv": anti_jcv, "history": "earlier" if prior_is else "no earlier",
        "unused": (" " + content.block(LESSON, "readout plan: index not used").text.strip()
                   if anti_jcv != "positive" else ""),
        "index": "not known" if index == "not known" else f"{index:g}",
        "stopping": dict((v, k) for k, v in STOP_OPTIONS)[stop],
        "start": f"{start:%A} {start.day} {start:%B %Y}",
        "plan_years": f"{PLAN_MONTHS // 12}", "n_items": f"{len(items)}",
        "count_rows": count_rows,
        "counts": ", ".join(content.fill(count.text.strip(), row, count.where)
                            for row in count_rows),
        "first": first is not None,
        "first_title": first.title if first else "", "first_region": first.region if first else "",
        "first_date": f"{first.date.day} {first.date:%B %Y}" if first else "",
        "higher_risk": higher, "stopped": bool(stop),
        "index_unknown": anti_jcv == "positive" and index == "not known",
        "mri_years": format_value(sources.value("pml.reinform_after_years")) if higher else "",
        "retest_months": format_value(sources.value("pml.jcv_retest_months")),
        "low_index_years": format_value(sources.value("pml.low_index_retest_from_years")),
        "both_regions": region == "both",
        "baseline_mri_months": f"{sources.value('pml.eu_baseline_mri_within_months'):g}",
        "watch": format_value(sources.value("pml.watch_after_stop_months")) if stop else "",
    }
    readout = content.readout(LESSON, "plan", values)
    two = schedule.add_months(start, 24)
    out["dates_text"] = (f"Month 0: {start.day} {start:%b %Y}   "
                         f"Month 24: {two.day} {two:%b %Y}")
    out["items"] = tuple(items)
    # The plan as a calendar file the reader downloads to their own device (the app has no folder).
    out["download"] = Download(PLAN_FILE, PLAN_DOWNLOAD_LABEL, schedule.monitoring_ics_text(
        items, calendar_name=PLAN_CALENDAR_NAME)) if items else None
    out["readout"] = readout
    out["readout_values"] = values
    return out


def draw_plan(fig, r) -> Frame:
    ax = fig.add_subplot()
    n = len(ROW_ORDER)
    ax.set(xlim=(-1, PLAN_MONTHS + 1), ylim=(-0.7, n - 0.1), xticks=range(0, PLAN_MONTHS + 1, 6),
           xlabel="Months after the first infusion")
    ax.set_yticks(range(n), [ROW_LABELS[k] for k in reversed(ROW_ORDER)])
    ax.grid(axis="y", alpha=0.15)
    ax.axvline(24, color=GREY, linestyle="--", linewidth=1.2)
    ax.text(24.4, -0.6, "2 years", fontsize=12, color="0.25")
    artists = {}
    (watch,) = ax.plot(r["watch_x"], r["watch_y"], color=DARK_ORANGE, linewidth=6,
                       solid_capstyle="butt")
    artists["watch"] = watch
    for row, kind in enumerate(ROW_ORDER):
        marker, colour = KIND_STYLE[kind]
        (line,) = ax.plot(r[f"x{row}"], r[f"y{row}"], marker=marker, ms=11, linestyle="none",
                          color=colour, markeredgecolor="black", markeredgewidth=0.6)
        artists[f"row{row}"] = line
    # each date beside its own month, inside the axes (one long line ran off the right edge)
    artists["dates"] = ax.text(0, n - 0.45, "", fontsize=12, color="0.2")
    artists["dates_24"] = ax.text(24.4, n - 0.45, "", fontsize=12, color="0.2")
    frame = Frame(artists)
    update_plan(frame, r)
    return frame


_update_plan_lines = line_updater({"watch": ("watch_x", "watch_y"),
                                   **{f"row{i}": (f"x{i}", f"y{i}")
                                      for i in range(len(ROW_ORDER))}})


def update_plan(frame: Frame, r) -> bool:
    _update_plan_lines(frame, r)
    month_0, _, month_24 = r["dates_text"].partition("   ")
    # each on two lines ("Month 0:" over its date), so the two fit side by side on a phone
    frame.artists["dates"].set_text(month_0.replace(": ", ":\n", 1))
    if "dates_24" in frame.artists:
        frame.artists["dates_24"].set_text(month_24.strip().replace(": ", ":\n", 1))
    return False
