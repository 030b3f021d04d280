"""Lesson views tell the same story as the models: their compute functions and the planner."""

import datetime as dt

import pytest
from icalendar import Calendar

from helpers import pk, regimen, sources
from helpers.widgets import Download as W_Download
from helpers.views import REGISTRY, build
from helpers.views import _planner as planner
from helpers.views import infusion_timing as infusion
from helpers.views import start_here as start


def readout(result):
    return dict(result["readout"])


class TestIntervalView:
    def test_trough_falls_as_the_interval_grows(self):
        troughs = [infusion.compute_interval(w, "1cmt", "default")["trough"] for w in range(4, 9)]
        assert all(a > b for a, b in zip(troughs, troughs[1:]))

    def test_label_figures_at_four_weeks(self):
        r = infusion.compute_interval(4, "1cmt", "default")
        lo, hi = sources.value("label.trough_ug_per_ml")
        assert lo <= r["trough"] <= hi
        assert 90 <= r["conc"].max() <= 130

    def test_advanced_model_collapses_faster_at_long_intervals(self):
        one = infusion.compute_interval(8, "1cmt", "default")["trough"]
        two = infusion.compute_interval(8, "2cmt_mm", "default")["trough"]
        assert two < one / 3

    def test_readout_compares_with_four_weekly(self):
        r = infusion.compute_interval(6, "1cmt", "default")
        text = readout(r)["Lowest level, just before each infusion (model; 'trough')"]
        assert "lower than every 4 weeks" in text


class TestLateView:
    def test_later_means_lower_trough(self):
        troughs = [infusion.compute_late(d, "default")["trough"] for d in (0, 7, 14, 21, 28)]
        assert all(a > b for a, b in zip(troughs, troughs[1:]))

    def test_published_scenarios(self):
        # the view shows the model's own late-dose scenario (test_pk checks the model's numbers)
        for days in (7, 14, 28):
            reg = regimen.delay_dose(regimen.regular(n_doses=17), 13, days)
            expected = pk.concentration_1cmt([reg[13].time_days], reg)[0]
            assert infusion.compute_late(days, "default")["trough"] == pytest.approx(expected)

    def test_twenty_eight_days_is_called_a_missed_infusion(self):
        assert (
            "missing one infusion" in readout(infusion.compute_late(28, "default"))["The infusion"]
        )


class TestStoppingView:
    def test_heavier_people_wash_out_sooner(self):
        light = infusion.compute_stopping(50, "default")["below_conc_weeks"]
        heavy = infusion.compute_stopping(120, "default")["below_conc_weeks"]
        assert heavy < light

    def test_washout_is_the_models(self):
        r = infusion.compute_stopping(70, "default")
        reg = regimen.regular(n_doses=13)
        expected = pk.time_below_after_last_dose_days(reg, 2.0) / 7
        assert r["below_conc_weeks"] == pytest.approx(expected)
        assert r["below_sat_weeks"] < r["below_conc_weeks"]


class TestWeightView:
    def test_antibodies_lower_the_trough_more_than_weight(self):
        ada = infusion.compute_weight(70, sources.value("label.ada_cl_factor_eu"), 4)["trough"]
        heavy = infusion.compute_weight(150, 1.0, 4)["trough"]
        assert ada < heavy < infusion.compute_weight(70, 1.0, 4)["trough"]

    def test_the_nextms_target_is_shown_for_comparison_not_as_a_verdict(self):
        r = infusion.compute_weight(70, sources.value("label.ada_cl_factor_eu"), 4)
        assert readout(r)["For comparison: the trough NEXT-MS aimed for"] == "10 µg/mL"

    def test_weight_and_interval_lower_the_trough(self):
        base = infusion.compute_weight(70, 1.0, 4)["trough"]
        assert infusion.compute_weight(100, 1.0, 4)["trough"] < base
        assert infusion.compute_weight(70, 1.0, 6)["trough"] < base
        assert infusion.compute_weight(50, 1.0, 4)["trough"] > base


def test_start_view_week_four_is_the_q4w_trough():
    r = start.compute(4.0)
    ss = pk.steady_state(28).trough_ug_per_ml
    assert r["conc"] == pytest.approx(ss, rel=0.01)


RANGES = {
    "interval_weeks": [w / 7 for w in regimen.INTERVAL_DAYS_RANGE],
    "weight_kg": pk.WEIGHT_KG_RANGE,
    "days_late": regimen.DELAY_DAYS_RANGE,
    "ada_factor": pk.ADA_CL_FACTOR_RANGE,
}


@pytest.mark.parametrize("spec", REGISTRY.values(), ids=lambda s: s.name)
def test_view_controls_stay_inside_the_models_validation(spec):
    for c in spec.controls:
        if c.name in RANGES:
            lo, hi = RANGES[c.name]
            values = c.values()
            assert lo <= min(values) and max(values) <= hi, c.name


def test_unknown_view_names_the_registered_ones():
    with pytest.raises(KeyError, match="infusion_timing.interval"):
        build("infusion_timing.nope")


class TestPlanner:
    def test_dates_follow_the_interval(self):
        r = planner.plan(dt.date(2027, 1, 4), 4, 0, 6)
        assert r["dates"][0] == dt.date(2027, 2, 1)
        assert all((b - a).days == 28 for a, b in zip(r["dates"], r["dates"][1:]))

    def test_a_late_infusion_moves_every_later_date(self):
        r = planner.plan(dt.date(2027, 1, 4), 4, 10, 6)
        assert all((d - o).days == 10 for d, o in zip(r["dates"], r["on_time"]))
        assert "38 days instead of 28" in readout(r)["Gap before the late infusion"]

    @pytest.mark.parametrize(
        "params",
        [
            dict(interval_weeks=w, days_late=d, n=n)
            for w in (4, 5, 6)
            for d in (0, 1, 14, 28)
            for n in (2, 6, 26)
        ],
    )
    def test_sweep(self, params):
        r = planner.plan(dt.date(2027, 1, 4), **params)
        assert len(r["dates"]) == params["n"] and r["readout"]
        assert "<table" in planner.table_html(r)
        assert "1 days" not in str(r["readout"])

    def test_export_round_trips_and_never_overwrites_silently(self, tmp_path):
        p = make_planner(tmp_path)
        p.set_params(days_late=3, n=4)
        path = p.export("mine.ics")
        cal = Calendar.from_ical(path.read_bytes())
        starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
        assert starts == p.result["on_time"]
        before = path.read_bytes()
        p.set_params(n=5)
        with pytest.raises(FileExistsError):
            p.export("mine.ics")
        assert path.read_bytes() == before
        p.export("mine.ics", overwrite=True)
        assert path.read_bytes() != before

    def test_the_example_date_says_it_is_an_example(self):
        assert "an example date" in make_planner().readout_text()
        p = make_planner()
        p.set_params(start=dt.date(2027, 3, 1))
        assert "example" not in p.readout_text()

    def test_the_late_date_goes_into_the_calendar_only_when_chosen(self):
        p = make_planner()
        p.set_params(days_late=9)
        assert p.result["saved"] == p.result["on_time"] != p.result["dates"]
        p.set_params(calendar_dates="with_delay")
        assert p.result["saved"] == p.result["dates"]
        assert "with the delay" in dict(p.result["readout"])["The calendar holds"]

    def test_the_download_link_carries_the_calendar_with_its_reminders(self):
        import base64
        import re

        p = make_planner()
        p.set_params(reminder_days=1, n=3)
        href = re.search(r'href="data:text/calendar;charset=utf-8;base64,([^"]+)"', p.html)
        assert re.search(r'download="my_infusions.ics"', p.html)
        cal = Calendar.from_ical(base64.b64decode(href.group(1)))
        events = cal.walk("VEVENT")
        assert [e.decoded("dtstart") for e in events] == p.result["on_time"]
        assert all(e.walk("VALARM")[0]["TRIGGER"].dt == -dt.timedelta(days=1) for e in events)

    def test_an_emptied_or_impossible_date_disables_saving_until_fixed(self, tmp_path):
        p = make_planner(tmp_path)
        ui = p.widget()
        picker = next(w for w in walk(ui) if type(w).__name__ == "DatePicker")
        button = next(w for w in walk(ui) if type(w).__name__ == "Button")
        picker.value = None
        assert p.error and "enter a whole date" in p.error and button.disabled
        assert "download" not in p.html.split("Planned", 1)[0] and "Download" not in body(ui)
        with pytest.raises(ValueError, match="fix the value"):
            p.export("x.ics")
        picker.value = dt.date(2027, 3, 1)
        assert not p.error and not button.disabled and "Download" in body(ui)

    def test_dates_are_offered_from_a_year_back_to_five_years_ahead(self):
        assert planner.date_window(dt.date(2027, 3, 1)) == (dt.date(2026, 3, 1),
                                                            dt.date(2032, 3, 1))
        assert planner.date_window(dt.date(2024, 2, 29)) == (dt.date(2023, 2, 28),
                                                             dt.date(2029, 2, 28))
        # years from now the example date is still accepted, so the stored output stays the same
        assert planner.date_window(dt.date(2031, 6, 1))[0] == planner.EXAMPLE_START
        today = dt.date.today()
        for spec in ("infusion_timing.planner", "living_with_treatment.planner",
                     "duration_and_monitoring.plan"):
            start = next(c for c in REGISTRY[spec].controls if c.name == "start")
            assert (start.min, start.max) == planner.date_window(today), spec

    @pytest.mark.parametrize("spec", ["infusion_timing.planner", "duration_and_monitoring.plan"])
    @pytest.mark.parametrize("typed", [dt.date(1900, 1, 1), dt.date(2100, 1, 1),
                                       dt.date(2196, 12, 31)])
    def test_a_date_outside_the_window_is_refused_in_the_readers_words(self, spec, typed):
        view = build(spec)
        ui = view.widget()
        picker = next(w for w in walk(ui) if type(w).__name__ == "DatePicker")
        before = (view.params, view.readout_text(), body(ui))
        picker.value = typed
        low, high = view.controls[0].min, view.controls[0].max
        assert view.error == (
            f"{view.controls[0].label}: choose a date from {low.day} {low:%B %Y} to "
            f"{high.day} {high:%B %Y}. {typed.day} {typed:%B %Y} is outside these dates.")
        assert view.error in body(ui) and 'role="alert"' in body(ui)
        assert view.params == before[0] and view.readout_text() == before[1]
        if spec.endswith("planner"):  # no calendar for 1900 to download or save
            assert "Download" not in body(ui)
            with pytest.raises(ValueError, match="fix the value"):
                view.export("x.ics")
        picker.value = dt.date.today()  # and the widget keeps working
        assert not view.error and view.params["start"] == dt.date.today()
        if spec.endswith("planner"):
            assert "Download" in body(ui)

    def test_a_year_typed_digit_by_digit_is_not_refused_at_each_digit(self, monkeypatch):
        """Typing 2027 into a date field sends 0002, 0020, 0202, 2027: no message flickers on the
        way; a year left unfinished is refused after a pause."""
        import asyncio

        from helpers import widgets

        monkeypatch.setattr(widgets, "TYPING_PAUSE_S", 0.2)
        view = build("infusion_timing.planner")
        picker = next(w for w in walk(view.widget()) if type(w).__name__ == "DatePicker")
        inside = dt.date.today() + dt.timedelta(days=30)

        async def type_year(years):
            for year in years:
                picker.value = inside.replace(year=year)
                await asyncio.sleep(0.05)
                assert not view.error, year
            await asyncio.sleep(0.3)

        asyncio.run(type_year([2, 20, 202, inside.year]))
        assert not view.error and view.params["start"] == inside
        asyncio.run(type_year([2, 20]))
        assert view.error and "is outside these dates" in view.error
        assert view.params["start"] == inside

    def test_save_reports_instead_of_overwriting(self, tmp_path):
        p = make_planner(tmp_path)
        assert "Saved 6 dates" in p.save("my_infusions.ics")
        again = p.save("my_infusions.ics")
        assert "already exists" in again and "Not saved" in again

    @pytest.mark.parametrize("name", ["", "../escape.ics", "sub/dir.ics"])
    def test_export_refuses_paths_outside_its_folder(self, tmp_path, name):
        with pytest.raises(ValueError, match="filename"):
            make_planner(tmp_path).export(name)

    def test_export_needs_the_ics_suffix(self, tmp_path):
        with pytest.raises(ValueError, match=".ics"):
            make_planner(tmp_path).export("dates.txt")

    def test_controls_update_the_table(self):
        p = make_planner()
        before = p.html
        p.set_params(days_late=5)
        assert p.html != before and "moved from" in p.html
        p.set_params(start=dt.date(2027, 3, 1))
        assert "Monday 1 March 2027" in p.readout_text()


def make_planner(folder="."):
    return planner.Planner(REGISTRY["infusion_timing.planner"], folder=folder)


def walk(widget):
    stack = [widget]
    while stack:
        w = stack.pop()
        yield w
        stack.extend(getattr(w, "children", ()))


def body(ui):
    return " ".join(str(getattr(w, "value", "")) for w in walk(ui) if type(w).__name__ == "HTML")


class TestMonitoringPlanDownload:
    """Lesson 03's plan reaches the reader's device as a calendar file (a data link), in step
    with the controls."""

    @staticmethod
    def linked_calendar(ui):
        import base64
        import re

        html = body(ui)
        assert re.search(r'download="my_monitoring_plan.ics"', html)
        href = re.search(r'href="data:text/calendar;charset=utf-8;base64,([^"]+)"', html)
        return Calendar.from_ical(base64.b64decode(href.group(1)))

    def test_the_link_holds_the_plan_shown_and_follows_the_controls(self):
        view = build("duration_and_monitoring.plan")
        ui = view.widget()
        dates = [e.decoded("dtstart") for e in self.linked_calendar(ui).walk("VEVENT")]
        assert dates == [it.date for it in view.result["items"]]
        view.set_params(stop=12, start=dt.date.today())
        dates = [e.decoded("dtstart") for e in self.linked_calendar(ui).walk("VEVENT")]
        assert dates == [it.date for it in view.result["items"]] and dates[0] >= dt.date.today()

    def test_no_link_when_the_result_has_no_file(self):
        view = build("duration_and_monitoring.plan")
        view.result = {**view.result, "download": None}
        assert view.download_html() == ""
        view.result = {**view.result, "download": W_Download("a<b>.ics", "Save", "X")}
        assert 'download="a&lt;b&gt;.ics"' in view.download_html()
