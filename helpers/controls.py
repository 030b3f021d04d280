"""Control specs, step 1 of the interactive pattern (:mod:`helpers.widgets`): a control's name,
label with unit, range or options and default, the values a sweep tests, the check of a typed
value in the reader's units, and the ipywidgets control it becomes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

Params = dict[str, Any]

@dataclass(frozen=True)
class Control:
    """One control: numeric (min/max/step), a choice (`options`) or a date (min/max dates).

    Step 1 of the interactive pattern (:mod:`helpers.widgets`). Take `min` and `max` from the
    model's own validation constants, so a slider can never produce a value the model refuses.

    Parameters
    ----------
    name : str
        The compute function's keyword argument the control sets (``weeks``).
    label : str
        What the learner reads; it must carry the unit, e.g. ``"Interval (weeks)"``. (A
        slider's handle does not take it as its accessible name: a known limitation of
        noUiSlider inside ipywidgets, CONTRIBUTING.md, *Figures and accessibility*.)
    default : number, date or option value
        The value the view opens with (and the value nbval's stored output shows).
    min, max, step : number or date, optional
        A numeric control's range and step (all three required); a date control's range.
        Integer `min`, `max` and `step` give an integer slider.
    options : tuple of (label, value), optional
        The choices of a dropdown.

    Raises
    ------
    ValueError
        An inconsistent spec (min not below max, a default outside the range or the options).

    Examples
    --------
    >>> weeks = Control("weeks", "Weeks since the last infusion (weeks)", default=4.0,
    ...                 min=0.0, max=16.0, step=0.5)
    >>> weeks.sweep_values()          # what the widget sweeps test: min, max, default, a grid
    [0.0, 16.0, 4.0, 8.0, 12.0]
    >>> weeks.check(6)
    6
    >>> weeks.check(40)
    Traceback (most recent call last):
    ...
    ValueError: weeks must be between 0 and 16 (Weeks since the last infusion (weeks)), got 40

    A choice, and a date:

    >>> import datetime as dt
    >>> status = Control("status", "Anti-JCV antibodies", default="negative",
    ...                  options=(("Negative", "negative"), ("Positive", "positive")))
    >>> status.values()
    ['negative', 'positive']
    >>> day = Control("start", "First infusion (date)", default=dt.date(2027, 1, 4),
    ...               min=dt.date(2026, 1, 1), max=dt.date(2028, 12, 31))
    >>> day.is_date, day.check(dt.date(2027, 2, 1))
    (True, datetime.date(2027, 2, 1))
    """

    name: str
    label: str
    default: Any
    min: Any = None
    max: Any = None
    step: float | None = None
    options: tuple = ()

    def __post_init__(self):
        if self.options:
            values = [v for _, v in self.options]
            if self.default not in values:
                raise ValueError(
                    f"control {self.name}: default {self.default!r} is not one of {values}"
                )
            return
        if self.is_date:
            if not (self.min < self.max) or not (self.min <= self.default <= self.max):
                raise ValueError(f"control {self.name}: needs min <= default <= max dates")
            return
        if self.min is None or self.max is None or self.step is None:
            raise ValueError(f"control {self.name}: a numeric control needs min, max and step")
        if not (self.min < self.max) or self.step <= 0:
            raise ValueError(
                f"control {self.name}: needs min < max and step > 0, got "
                f"{self.min}, {self.max}, {self.step}"
            )
        if not (self.min <= self.default <= self.max):
            raise ValueError(
                f"control {self.name}: default {self.default} outside {self.min}..{self.max}"
            )

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def is_date(self) -> bool:
        return isinstance(self.default, dt.date)

    @property
    def is_int(self) -> bool:
        return (
            not self.options
            and not self.is_date
            and all(float(x).is_integer() for x in (self.min, self.max, self.step))
        )

    def values(self) -> list:
        """Every value the control can take (choices, or every slider step; dates: a sample)."""
        if self.is_choice:
            return [v for _, v in self.options]
        if self.is_date:
            days = (self.max - self.min).days
            return sorted(
                {self.min + dt.timedelta(days=round(days * f)) for f in (0, 0.25, 0.5, 0.75, 1)}
                | {self.default}
            )
        n = int(round((self.max - self.min) / self.step))
        vals = [self.min + i * self.step for i in range(n + 1)]
        return [int(round(v)) if self.is_int else round(v, 10) for v in vals]

    def sweep_values(self, n_grid: int = 5) -> list:
        """min, max, default and an even grid (or all choices), without duplicates."""
        allv = self.values()
        if self.is_choice or self.is_date:
            return allv
        idx = np.linspace(0, len(allv) - 1, n_grid).round().astype(int)
        picked = [allv[0], allv[-1], self.default, *(allv[i] for i in idx)]
        return list(dict.fromkeys(picked))

    def check(self, value):
        """`value` if this control could produce it; otherwise a ValueError in the reader's terms,
        e.g. ``weeks must be between 0 and 16 (Weeks since last infusion), got 40``."""
        __tracebackhide__ = True  # noqa: F841  (IPython and pytest hide this frame)
        where = f"({self.label})"
        if self.is_choice:
            values = [v for _, v in self.options]
            if value not in values:
                raise ValueError(f"{self.name} must be one of {values} {where}, got {value!r}")
            return value
        if self.is_date:
            if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
                raise TypeError(
                    f"{self.name} must be a date such as "
                    f"datetime.date(2027, 1, 4) {where}, got {value!r}"
                )
            if not self.min <= value <= self.max:
                raise ValueError(
                    f"{self.name} must be between {_day(self.min)} and "
                    f"{_day(self.max)} {where}, got {_day(value)}"
                )
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(f"{self.name} must be a number {where}, got {value!r}")
        if not math.isfinite(float(value)) or not self.min <= value <= self.max:
            raise ValueError(
                f"{self.name} must be between {self.min:g} and {self.max:g} {where}, "
                f"got {float(value):g}"
            )
        return int(value) if self.is_int and float(value).is_integer() else value

    def refusal(self, value) -> str:
        """What the reader sees when a value typed into the control is refused (a date outside the
        window), in their words, e.g. ``Date of the last infusion: choose a date from 5 December
        2025 to 5 December 2031. 1 January 1900 is outside these dates.`` (the view adds that it
        still shows the last valid values)."""
        if self.is_date:
            what = _day(value) if isinstance(value, dt.date) else "That date"
            allowed, kind = f"a date from {_day(self.min)} to {_day(self.max)}", "dates"
        else:
            what, kind = "That value", "values"
            allowed = ("one of the options" if self.is_choice
                       else f"a value from {self.min:g} to {self.max:g}")
        return f"{self.label}: choose {allowed}. {what} is outside these {kind}."

    def make_widget(self):
        """The ipywidgets control: an IntSlider or FloatSlider, a Dropdown or a DatePicker,
        labelled with `label` and as wide as its box (the view lays it out)."""
        import ipywidgets as w

        style_ = {"description_width": "initial"}
        layout = w.Layout(width="100%")
        common = dict(value=self.default, description=self.label, style=style_, layout=layout)
        if self.is_choice:
            return w.Dropdown(options=list(self.options), **common)
        if self.is_date:
            # No min/max on the picker: ipywidgets would clamp a typed date to them silently, and
            # while a year is typed digit by digit (0002, 0020, 0202, 2027) the clamped value sent
            # back would overwrite the typing. The view refuses it with a message instead.
            return w.DatePicker(**common)
        cls = w.IntSlider if self.is_int else w.FloatSlider
        return cls(min=self.min, max=self.max, step=self.step, continuous_update=True, **common)


def _day(d: dt.date) -> str:
    """'4 January 2027' (no zero padding, on any OS)."""
    return f"{d.day} {d:%B %Y}"


def defaults(controls: Sequence[Control]) -> Params:
    """The default parameters of `controls`, by name: the values a view opens with.

    Examples
    --------
    >>> defaults([Control("weeks", "Weeks (weeks)", default=4, min=0, max=16, step=1)])
    {'weeks': 4}
    """
    return {c.name: c.default for c in controls}
