"""Lesson views tell the same story as the model: checks on their compute functions and the planner."""
import datetime as dt

import numpy as np
import pytest
from icalendar import Calendar

from helpers import pk, sources
from helpers.views import REGISTRY, build, infusion, planner, start


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
        text = readout(infusion.compute_interval(6, "1cmt", "default"))["Steady-state trough (model)"]
        assert "lower than every 4 weeks" in text


class TestLateView:
    def test_later_means_lower_trough(self):
        troughs = [infusion.compute_late(d, "default")["trough"] for d in (0, 7, 14, 21, 28)]
        assert all(a > b for a, b in zip(troughs, troughs[1:]))

    def test_published_scenarios(self):
        # shared model check: 1 week late 18.6, 2 weeks 13.0, missed 6.3 µg/mL
        for days, expected in ((7, 18.6), (14, 13.0), (28, 6.3)):
            assert infusion.compute_late(days, "default")["trough"] == pytest.approx(expected, abs=0.15)

    def test_twenty_eight_days_is_called_a_missed_infusion(self):
        assert "missing one infusion" in readout(infusion.compute_late(28, "default"))["The infusion"]


class TestStoppingView:
    def test_heavier_people_wash_out_sooner(self):
        light = infusion.compute_stopping(50, "default")["below_conc_weeks"]
        heavy = infusion.compute_stopping(120, "default")["below_conc_weeks"]
        assert heavy < light

    def test_typical_washout_matches_the_model_check(self):
        r = infusion.compute_stopping(70, "default")
        assert r["below_conc_weeks"] == pytest.approx(11.2, abs=0.15)
        assert r["below_sat_weeks"] == pytest.approx(10.1, abs=0.15)
        assert infusion.compute_stopping(70, "alternative")["below_sat_weeks"] == pytest.approx(13.1, abs=0.2)


class TestWeightView:
    def test_antibodies_drop_the_trough_below_the_return_zone(self):
        r = infusion.compute_weight(70, sources.value("label.ada_cl_factor_eu"), 4)
        assert r["trough"] < sources.value("pd.return_conc_ug_per_ml")[1] * 2
        assert readout(r)["Trough above the 10 µg/mL target used in NEXT-MS"] == "no"

    def test_weight_and_interval_lower_the_trough(self):
        base = infusion.compute_weight(70, 1.0, 4)["trough"]
        assert infusion.compute_weight(100, 1.0, 4)["trough"] < base
        assert infusion.compute_weight(70, 1.0, 6)["trough"] < base
        assert infusion.compute_weight(50, 1.0, 4)["trough"] > base


def test_start_view_week_four_is_the_q4w_trough():
    r = start.compute(4.0)
    ss = pk.steady_state(28).trough_ug_per_ml
    assert r["conc"] == pytest.approx(ss, rel=0.01)


def test_view_controls_stay_inside_the_models_validation():
    lo, hi = pk.INTERVAL_DAYS_RANGE
    lo_w, hi_w = pk.WEIGHT_KG_RANGE
    for spec in REGISTRY.values():
        for c in spec.controls:
            if c.name == "interval_weeks" and not c.is_choice:
                assert lo <= c.min * 7 and c.max * 7 <= hi
            if c.name == "weight_kg":
                assert lo_w <= c.min and c.max <= hi_w


def test_unknown_view_names_the_registered_ones():
    with pytest.raises(KeyError, match="infusion.interval"):
        build("infusion.nope")


class TestPlanner:
    def test_dates_follow_the_interval(self):
        r = planner.plan(dt.date(2027, 1, 4), 4, 0, 6)
        assert r["dates"][0] == dt.date(2027, 2, 1)
        assert all((b - a).days == 28 for a, b in zip(r["dates"], r["dates"][1:]))

    def test_a_late_infusion_moves_every_later_date(self):
        r = planner.plan(dt.date(2027, 1, 4), 4, 10, 6)
        assert all((d - o).days == 10 for d, o in zip(r["dates"], r["on_time"]))
        assert "38 days instead of 28" in readout(r)["Gap before the late infusion"]

    @pytest.mark.parametrize("params", [
        dict(interval_weeks=w, days_late=d, n=n) for w in (4, 5, 6) for d in (0, 1, 14, 28) for n in (2, 6, 26)
    ])
    def test_sweep(self, params):
        r = planner.plan(dt.date(2027, 1, 4), **params)
        assert len(r["dates"]) == params["n"] and r["readout"]
        assert "<table" in planner.table_html(r)

    def test_export_round_trips_and_never_overwrites_silently(self, tmp_path):
        p = planner.Planner(folder=tmp_path)
        p.set_params(days_late=3, n=4)
        path = p.export("mine.ics")
        cal = Calendar.from_ical(path.read_bytes())
        starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
        assert starts == p.result["dates"]
        before = path.read_bytes()
        p.set_params(days_late=0)
        with pytest.raises(FileExistsError):
            p.export("mine.ics")
        assert path.read_bytes() == before
        p.export("mine.ics", overwrite=True)
        assert path.read_bytes() != before

    def test_export_button_reports_instead_of_overwriting(self, tmp_path):
        p = planner.Planner(folder=tmp_path)
        p.widget()
        p._on_export()
        assert "Saved 6 dates" in p._status.value
        p._on_export()
        assert "already exists" in p._status.value and "Not saved" in p._status.value

    @pytest.mark.parametrize("name", ["", "../escape.ics", "sub/dir.ics"])
    def test_export_refuses_paths_outside_its_folder(self, tmp_path, name):
        with pytest.raises(ValueError, match="filename"):
            planner.Planner(folder=tmp_path).export(name)

    def test_export_needs_the_ics_suffix(self, tmp_path):
        with pytest.raises(ValueError, match=".ics"):
            planner.Planner(folder=tmp_path).export("dates.txt")

    def test_widget_controls_update_the_table(self):
        p = planner.Planner()
        p.widget()
        before = p._table.value
        p._controls["days_late"].value = 5
        assert p._table.value != before and "5 days late" in p._table.value
        p._date.value = dt.date(2027, 3, 1)
        assert "Monday 01 March 2027" in p._table.value
