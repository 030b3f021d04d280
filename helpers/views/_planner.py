"""A personal infusion-schedule planner: dates from the last infusion and the interval, a "what if
the next one is late" control, and a calendar (.ics) the reader downloads to their own device (a
link in the page, which works in JupyterLab, the Voila app and on Binder), or saves next to the
notebook, never overwriting silently. The late date goes into the calendar only if the reader
chooses it; an optional reminder comes before each infusion. Dates are whatever the reader and their
MS team agreed: this plans, it does not advise. Lesson 02 registers it; later lessons can register
it again under their own name.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

from dateutil.relativedelta import relativedelta

from .. import content, regimen, schedule
from ..style import ALERT_TEXT
from ..widgets import Control, LiveHTML, ViewSpec
from ._panels import plural

EXAMPLE_START = dt.date(2027, 1, 4)  # a fixed example date, so the stored notebook output is stable
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
# The planner's words, for lessons 02 and 04 alike: helpers/content/02_infusion_timing.md.
LESSON = "02_infusion_timing"
WINDOW_YEARS_BACK, WINDOW_YEARS_AHEAD = 1, 5


def date_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates a reader may enter: from one year before `today` to five years after it (a last
    infusion, a first one, a plan; nothing from 1900 or 2196). The fixed example date is always
    inside, so the lesson's stored output is the same whatever day it runs.

    >>> date_window(dt.date(2027, 3, 1))
    (datetime.date(2026, 3, 1), datetime.date(2032, 3, 1))
    """
    today = today or dt.date.today()
    low = today - relativedelta(years=WINDOW_YEARS_BACK)
    high = today + relativedelta(years=WINDOW_YEARS_AHEAD)
    return min(low, EXAMPLE_START), max(high, EXAMPLE_START)


DATE_RANGE = date_window()
DAYS_LATE_MAX = int(regimen.DEFAULT_INTERVAL_DAYS)  # a whole interval late = one missed
CALENDAR_NAME = "Natalizumab infusions (teaching example)"

CONTROLS = (
    Control(
        "start",
        "Date of the last infusion",
        default=EXAMPLE_START,
        min=DATE_RANGE[0],
        max=DATE_RANGE[1],
    ),
    Control(
        "interval_weeks",
        "Interval between infusions (weeks)",
        default=APPROVED_WEEKS,
        options=(
            (f"every {APPROVED_WEEKS} weeks (approved)", APPROVED_WEEKS),
            ("every 5 weeks (only if your MS team planned it)", 5),
            ("every 6 weeks (only if your MS team planned it)", 6),
        ),
    ),
    Control(
        "days_late",
        "Next infusion late by (days)",
        default=0,
        min=0,
        max=min(DAYS_LATE_MAX, schedule.DAYS_LATE_RANGE[1]),
        step=1,
    ),
    Control("n", "Infusions to plan (count)", default=6, min=2, max=26, step=1),
    Control(
        "calendar_dates",
        "Dates to put in the calendar",
        default="on_time",
        options=(
            ("the planned dates (not the late one)", "on_time"),
            ("the dates with the delay above", "with_delay"),
        ),
    ),
    Control(
        "reminder_days",
        "Reminder in the calendar",
        default=0,
        options=(("no reminder", 0), ("the day before", 1), ("two days before", 2)),
    ),
)
FILE_NAME = "my_infusions.ics"
MINUTES_PER_DAY = 24 * 60


def long_date(d: dt.date) -> str:
    """'Monday 4 January 2027' (no zero padding, on any OS)."""
    return f"{d:%A} {d.day} {d:%B %Y}"


def short_date(d: dt.date) -> str:
    """'Mon 4 Jan 2027'."""
    return f"{d:%a} {d.day} {d:%b %Y}"


def plan(
    start: dt.date,
    interval_weeks: int,
    days_late: int,
    n: int,
    calendar_dates: str = "on_time",
    reminder_days: int = 0,
) -> dict:
    """The next `n` infusion dates after the one on `start`, with the next one `days_late` late.

    A late infusion moves every later one (the rhythm restarts from the late date, as the EU patient
    leaflet describes). Returns the dates, the on-time dates, the dates the calendar holds (the
    on-time ones unless `calendar_dates` is "with_delay"), its .ics text and a readout.
    """
    interval_days = int(interval_weeks) * regimen.DAYS_PER_WEEK
    on_time = schedule.infusion_dates(
        start + dt.timedelta(days=interval_days), interval_days, int(n)
    )
    dates = schedule.shift_for_delay(on_time, 0, int(days_late)) if days_late else on_time
    saved = dates if calendar_dates == "with_delay" else on_time
    values = {"example": start == EXAMPLE_START, "late": bool(days_late),
              "with_delay": calendar_dates == "with_delay", "reminder": bool(reminder_days),
              "last": long_date(start), "next": long_date(dates[0]), "n": f"{n}",
              "final": long_date(dates[-1]), "late_by": plural(days_late, "day"),
              "gap_days": f"{interval_days + int(days_late)}", "interval_days": f"{interval_days}",
              "saved_count": f"{len(saved)}", "saved_first": long_date(saved[0]),
              "reminder_before": plural(reminder_days, "day")}
    readout = content.readout(LESSON, "planner", values)
    ics = schedule.ics_text(
        saved,
        calendar_name=CALENDAR_NAME,
        reminder_minutes_before=reminder_days * MINUTES_PER_DAY if reminder_days else None,
    )
    return {"dates": dates, "on_time": on_time, "saved": saved, "ics": ics, "readout": readout,
            "readout_values": values}


def download_link(result: dict, name: str = FILE_NAME) -> str:
    """A link that downloads the calendar to the reader's own device (a data URL: no server)."""
    data = base64.b64encode(result["ics"].encode("utf-8")).decode("ascii")
    return (
        f'<a class="nz-download" download="{html.escape(name)}" '
        f'href="data:text/calendar;charset=utf-8;base64,{data}" '
        'style="font-size:16px;font-weight:bold">Download the calendar (.ics) to this device</a>'
    )


def table_html(result: dict) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{short_date(d)}</td>"
        f"<td>{'moved from ' + short_date(o) if d != o else ''}</td></tr>"
        for i, (d, o) in enumerate(zip(result["dates"], result["on_time"]), 1)
    )
    return (
        '<table class="nz-schedule" style="font-size:16px">'
        '<caption style="text-align:left">Planned infusion dates</caption>'
        f"<thead><tr><th>No.</th><th>Date</th><th>Note</th></tr></thead><tbody>{rows}</tbody>"
        f'</table><p style="margin-top:0.8em">{download_link(result)}</p>'
    )


class Planner(LiveHTML):
    """The planner: its controls and table, plus a file name, a replace box and a save button."""

    def __init__(self, spec: ViewSpec, folder: Path | str = "."):
        super().__init__(spec.controls, spec.compute, spec.render, spec.title)
        self.folder = Path(folder)

    def export(self, filename: str, overwrite: bool = False) -> Path:
        """Write the calendar's dates to `filename` (.ics) in the planner's folder (the server's,
        next to the notebook); never overwrites an existing file unless `overwrite` is True."""
        name = filename.strip()
        if not name or Path(name).name != name:
            raise ValueError(
                f"filename must be a plain file name such as 'my_infusions.ics', got {filename!r}"
            )
        if self.error:
            raise ValueError(f"fix the value above first: {self.error}")
        return schedule.write_calendar(self.folder / name, self.result["ics"], overwrite=overwrite)

    def save(self, filename: str, overwrite: bool = False) -> str:
        """Export as the Save button does; returns the message it shows (saved, or why not)."""
        try:
            path = self.export(filename, overwrite=overwrite)
        except FileExistsError:
            return (
                '<span role="alert" style="color:{c}">Not saved: a file called <code>{n}</code> '
                "already exists. Choose another name, or tick the box to replace it.</span>"
            ).format(c=ALERT_TEXT, n=html.escape(filename.strip()))
        except (ValueError, OSError) as err:
            return (
                f'<span role="alert" style="color:{ALERT_TEXT}">Not saved: '
                f"{html.escape(str(err))}</span>"
            )
        return (
            f'<span role="status">Saved {len(self.result["saved"])} dates to '
            f"<code>{html.escape(str(path))}</code> on the computer that runs the notebook. "
            "Open it with your calendar app.</span>"
        )

    def _show_error(self, message: str) -> None:
        super()._show_error(message)
        if self._ui is not None:  # nothing can be saved or downloaded until the value is fixed
            self._button.disabled = True
            self._body.value = table_html(self.result).split("<p ", 1)[0] + (
                '<p style="font-size:16px">The calendar can be downloaded once the value above '
                "is fixed.</p>"
            )

    def _push(self) -> None:
        super()._push()
        self._button.disabled = False

    def _layout(self, w, left: list, body):
        style = {"description_width": "initial"}
        self._filename = w.Text(value=FILE_NAME, description="File name", style=style,
                                layout=w.Layout(max_width="100%"))
        self._overwrite = w.Checkbox(
            value=False, indent=False, description="Replace the file if it already exists",
            layout=w.Layout(width="auto", max_width="100%"),
        )
        self._button = button = w.Button(
            description="Or save it next to the notebook (.ics)",
            icon="calendar",
            layout=w.Layout(width="auto"),
        )
        self._status = w.HTML("", layout=w.Layout(min_height="1.5em"))
        button.on_click(
            lambda _b: setattr(
                self._status,
                "value",
                self.save(self._filename.value, overwrite=self._overwrite.value),
            )
        )
        save = w.HBox([self._filename, button], layout=w.Layout(flex_flow="row wrap"))
        # Saving next to the notebook is for JupyterLab; the app hides it (helpers.page): there
        # the file would land on the server, never on the reader's device.
        lab_only = w.VBox([save, self._overwrite, self._status])
        lab_only.add_class("nz-lab-only")
        box = w.VBox([*left, body, lab_only])
        box.add_class("nz-planner")
        return box


def planner_spec(name: str) -> ViewSpec:
    return ViewSpec(
        name, "Plan your infusion dates", CONTROLS, plan, render=table_html, factory=Planner
    )
