"""A personal infusion-schedule planner: dates from a start date and interval, a "what if I am late"
slider, and export to an .ics calendar file that writes only where asked and never overwrites
silently. Dates are whatever the learner and their MS team agreed; this plans, it does not advise.
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from .. import schedule, sources
from ..widgets import Control

EXAMPLE_START = dt.date(2027, 1, 4)   # a fixed example date, so the stored notebook output is stable
APPROVED_WEEKS = int(sources.value("dose.interval_days")) // 7

CONTROLS = (
    Control("interval_weeks", "Interval between infusions", default=APPROVED_WEEKS, options=(
        (f"every {APPROVED_WEEKS} weeks (approved)", APPROVED_WEEKS),
        ("every 5 weeks (only if your MS team planned it)", 5),
        ("every 6 weeks (only if your MS team planned it)", 6),
    )),
    Control("days_late", "Next infusion late by (days)", default=0, min=0, max=28, step=1),
    Control("n", "Infusions to plan (count)", default=6, min=2, max=26, step=1),
)


def plan(start: dt.date, interval_weeks: int, days_late: int, n: int) -> dict:
    """The next `n` infusion dates after the infusion on `start`, with the next one `days_late` late.

    A late infusion moves every later one (the rhythm restarts from the late date, as the EU patient
    leaflet describes). Returns the dates and a readout.
    """
    interval_days = int(interval_weeks) * 7
    dates = schedule.infusion_dates(start + dt.timedelta(days=interval_days), interval_days, int(n))
    if days_late:
        dates = schedule.shift_for_delay(dates, 0, int(days_late))
    on_time = schedule.infusion_dates(start + dt.timedelta(days=interval_days), interval_days, int(n))
    readout = [
        ("Last infusion", f"{start:%A %d %B %Y}"),
        ("Next infusion", f"{dates[0]:%A %d %B %Y}" + (f" ({days_late} days late)" if days_late else "")),
        (f"Infusion {n} (the last one planned)", f"{dates[-1]:%d %B %Y}" +
         (f", {days_late} days later than planned" if days_late else "")),
    ]
    if days_late:
        readout.append(("Gap before the late infusion", f"{interval_days + int(days_late)} days instead of "
                                                        f"{interval_days}"))
    return {"dates": dates, "on_time": on_time, "readout": readout}


def table_html(result: dict) -> str:
    rows = "".join(
        f"<tr><td>{i}</td><td>{d:%a %d %b %Y}</td>"
        f"<td>{'moved from ' + f'{o:%d %b}' if d != o else ''}</td></tr>"
        for i, (d, o) in enumerate(zip(result["dates"], result["on_time"]), 1)
    )
    items = "".join(f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in result["readout"])
    return (f'<div class="nz-readout" role="status" aria-live="polite" style="font-size:15px">'
            f'<ul style="padding-left:1.1em">{items}</ul>'
            f'<table class="nz-schedule"><caption style="text-align:left">Planned infusion dates</caption>'
            f"<thead><tr><th>No.</th><th>Date</th><th>Note</th></tr></thead><tbody>{rows}</tbody></table></div>")


class Planner:
    """The planner UI: start date, interval, days late, how many; a table; and an export button."""

    def __init__(self, start: dt.date = EXAMPLE_START, folder: Path | str = "."):
        self.start = start
        self.folder = Path(folder)
        self.params = {c.name: c.default for c in CONTROLS}
        self.result = plan(start, **self.params)
        self._ui = None

    def set_params(self, start: dt.date | None = None, **changes) -> dict:
        self.start = start or self.start
        self.params = {**self.params, **changes}
        self.result = plan(self.start, **self.params)
        if self._ui is not None:
            self._table.value = table_html(self.result)
        return self.result

    def readout_text(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.result["readout"])

    def export(self, filename: str, overwrite: bool = False) -> Path:
        """Write the planned dates to `filename` (.ics) in the planner's folder; never overwrites
        an existing file unless `overwrite` is True."""
        name = filename.strip()
        if not name or Path(name).name != name:
            raise ValueError(f"filename must be a plain file name such as 'my_infusions.ics', got {filename!r}")
        return schedule.write_ics(self.folder / name, self.result["dates"], overwrite=overwrite,
                                  calendar_name="Natalizumab infusions (teaching example)")

    def widget(self):
        if self._ui is None:
            import ipywidgets as w

            style = {"description_width": "initial"}
            self._date = w.DatePicker(description="Date of your last infusion", value=self.start, style=style)
            self._controls = {c.name: c.make_widget() for c in CONTROLS}
            self._table = w.HTML(table_html(self.result))
            self._filename = w.Text(value="my_infusions.ics", description="File name", style=style)
            self._overwrite = w.Checkbox(value=False, description="Replace the file if it already exists",
                                         indent=False)
            self._button = w.Button(description="Save calendar file (.ics)", icon="calendar",
                                    button_style="primary", layout=w.Layout(width="auto"))
            self._status = w.HTML("", layout=w.Layout(min_height="1.5em"))
            self._date.observe(self._on_date, names="value")
            for name, ctl in self._controls.items():
                ctl.observe(lambda ch, name=name: self.set_params(**{name: ch["new"]}), names="value")
            self._button.on_click(self._on_export)
            self._ui = w.VBox([self._date, *self._controls.values(), self._table,
                               w.HBox([self._filename, self._button]), self._overwrite, self._status])
            self._ui.add_class("nz-planner")
        return self._ui

    def _on_date(self, change):
        if change["new"] is not None:
            self.set_params(start=change["new"])

    def _on_export(self, _button=None):
        try:
            path = self.export(self._filename.value, overwrite=self._overwrite.value)
        except FileExistsError:
            self._status.value = ('<span role="alert" style="color:#a0410d">Not saved: a file called '
                                  f"<code>{html.escape(self._filename.value.strip())}</code> already exists. "
                                  "Choose another name, or tick the box to replace it.</span>")
        except (ValueError, OSError) as err:
            self._status.value = f'<span role="alert" style="color:#a0410d">Not saved: {html.escape(str(err))}</span>'
        else:
            self._status.value = (f'<span role="status">Saved {len(self.result["dates"])} dates to '
                                  f"<code>{html.escape(str(path))}</code>. Open it with your calendar app.</span>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.readout_text()
        return bundle
