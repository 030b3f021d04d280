"""The monitoring plan: dates checked by hand for a known start date, each item's source and
region, and the .ics round trip through icalendar."""
import datetime as dt

import pytest
from icalendar import Calendar

from helpers import schedule, sources

START = dt.date(2027, 1, 4)


def by_kind(items, kind):
    return [it.date for it in items if it.kind == kind]


def test_add_months_by_hand():
    assert schedule.add_months(START, 3) == dt.date(2027, 4, 4)
    assert schedule.add_months(START, 24) == dt.date(2029, 1, 4)
    assert schedule.add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert schedule.add_months(dt.date(2028, 8, 31), 6) == dt.date(2029, 2, 28)
    assert schedule.add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_add_months_keeps_the_day_or_takes_the_month_s_last_day():
    """Against the calendar module, for every day of 2027-2028 (one leap year) and 0-60 months."""
    import calendar

    day = dt.date(2027, 1, 1)
    while day.year < 2029:
        for months in range(61):
            y, m = divmod(day.month - 1 + months, 12)
            year, month = day.year + y, m + 1
            last = calendar.monthrange(year, month)[1]
            assert schedule.add_months(day, months) == dt.date(year, month, min(day.day, last))
        day += dt.timedelta(days=1)


def test_add_months_refuses_a_date_past_the_calendar_s_range():
    with pytest.raises(ValueError, match="start \\+ 24 months year must be between 1900 and 2200"):
        schedule.add_months(dt.date(2199, 6, 1), 24)
    with pytest.raises(ValueError, match="months must be"):
        schedule.add_months(START, -1)


def test_touch_evaluations_at_3_and_6_months_then_every_6():
    items = schedule.monitoring_plan(START, "positive", region="US", months=24)
    assert by_kind(items, "TOUCH evaluation") == [
        dt.date(2027, 4, 4), dt.date(2027, 7, 4), dt.date(2028, 1, 4), dt.date(2028, 7, 4),
        dt.date(2029, 1, 4)]
    assert {it.region for it in items} == {"US"}


def test_negative_people_are_retested_every_6_months_and_scanned_yearly():
    items = schedule.monitoring_plan(START, "negative", region="EU", months=24)
    assert by_kind(items, "Anti-JCV antibody test") == [
        START, dt.date(2027, 7, 4), dt.date(2028, 1, 4), dt.date(2028, 7, 4), dt.date(2029, 1, 4)]
    assert by_kind(items, "MRI, full protocol") == [START, dt.date(2028, 1, 4), dt.date(2029, 1, 4)]
    assert by_kind(items, "Risk discussion") == [dt.date(2029, 1, 4)]


def test_low_index_retests_start_at_2_years_and_high_index_gets_abbreviated_mri():
    low = schedule.monitoring_plan(START, "positive", False, 1.5, region="EU", months=36)
    assert by_kind(low, "Anti-JCV antibody test") == [
        START, dt.date(2029, 1, 4), dt.date(2029, 7, 4), dt.date(2030, 1, 4)]
    assert not by_kind(low, "MRI, abbreviated protocol")
    high = schedule.monitoring_plan(START, "positive", False, 1.51, region="EU", months=36,
                                    mri_interval_months=3)
    assert by_kind(high, "Anti-JCV antibody test") == [START]   # the test before starting only
    assert by_kind(high, "MRI, abbreviated protocol") == [
        dt.date(2029, 4, 4), dt.date(2029, 7, 4), dt.date(2029, 10, 4)]   # not on the yearly scan


def test_all_three_factors_are_higher_risk_after_2_years():
    assert schedule.higher_risk_eu("positive", True, None)
    assert not schedule.higher_risk_eu("positive", False, None)
    assert not schedule.higher_risk_eu("negative", True, None)


def test_the_plan_starts_with_the_checks_before_the_first_infusion():
    items = schedule.monitoring_plan(START, "positive", months=24)
    first = [it for it in items if it.month == 0]
    assert [(it.kind, it.region) for it in first] == [
        ("Anti-JCV antibody test", "EU"), ("MRI, full protocol", "EU and US")]
    assert all(it.date == START and "before the first infusion" in it.title for it in first)
    assert "index" in first[0].detail and "normally measured" in first[0].detail
    assert {it.figure for it in first} == {"pml.baseline_jcv_test_month",
                                           "pml.baseline_mri_month"}
    assert by_kind(schedule.monitoring_plan(START, "positive", region="US", months=24),
                   "Anti-JCV antibody test") == []          # the baseline test is the EU rule
    assert not [it for it in schedule.monitoring_plan(START, "positive", months=24,
                                                      baseline=False) if it.month == 0]
    with pytest.raises(TypeError, match="baseline"):
        schedule.monitoring_plan(START, "positive", baseline="yes")


def test_the_watch_after_stopping_covers_a_switch_in_the_plan_and_the_calendar():
    items = schedule.monitoring_plan(START, "positive", months=48, stop_after_months=24)
    watch = [it for it in items if it.kind == "Watch for PML symptoms"]
    assert [it.month for it in watch] == [24, 30]
    assert all("switch" in it.title for it in watch)
    assert "after a switch to another medicine" in watch[0].detail
    ics = Calendar.from_ical(schedule.monitoring_ics_text(items))
    summaries = [str(e["summary"]) for e in ics.walk("VEVENT")]
    descriptions = [str(e["description"]) for e in ics.walk("VEVENT")]
    assert "Last infusion (stopping or switching): watch for PML symptoms (EU)" in summaries
    assert any("up to 6 months after stopping, also after a switch" in d for d in descriptions)
    assert summaries[:2] == ["Anti-JCV antibody test before the first infusion (EU)",
                             "MRI scan before the first infusion (EU and US)"]


def test_vigilance_after_stopping():
    items = schedule.monitoring_plan(START, "positive", months=48, stop_after_months=24)
    assert by_kind(items, "Watch for PML symptoms") == [dt.date(2029, 1, 4), dt.date(2029, 7, 4)]
    assert by_kind(items, "TOUCH evaluation")[-1] == dt.date(2029, 7, 4)
    assert max(it.month for it in items if it.kind == "MRI, full protocol") == 24


def test_both_regions_ask_for_a_baseline_mri_the_eu_a_recent_one():
    """The EU also asks for a recent MRI before starting (within 3 months), not only the US."""
    for region, figure in (("EU", "pml.eu_baseline_mri_within_months"),
                           ("US", "pml.baseline_mri_month")):
        mri = [it for it in schedule.monitoring_plan(START, "positive", region=region, months=24)
               if it.month == 0 and it.kind == "MRI, full protocol"]
        assert [(it.region, it.figure) for it in mri] == [(region, figure)]
    (both,) = [it for it in schedule.monitoring_plan(START, "negative", months=24)
               if it.month == 0 and it.kind == "MRI, full protocol"]
    within = sources.value("pml.eu_baseline_mri_within_months")
    assert both.region == "EU and US" and f"within {within} months" in both.detail
    assert sources.FIGURES["pml.eu_baseline_mri_within_months"].region == "EU"
    events = Calendar.from_ical(schedule.monitoring_ics_text([both])).walk("VEVENT")
    assert str(events[0]["summary"]).endswith("(EU and US)")


def test_every_item_names_its_source_and_region():
    items = schedule.monitoring_plan(START, "positive", True, None, stop_after_months=36)
    for it in items:
        f = sources.FIGURES[it.figure]
        assert it.region in ("EU", "US", "EU and US") and f.region in it.region.split(" and ")
        assert it.source in sources.SOURCES
    table = schedule.monitoring_table_markdown(items)
    assert table.count("\n") == len(items) + 1 and "| US |" in table and "| EU |" in table


def test_ics_round_trip(tmp_path):
    items = schedule.monitoring_plan(START, "positive", True, None, stop_after_months=36)
    path = schedule.write_monitoring_ics(tmp_path / "plan.ics", items, reminder_minutes_before=1440)
    cal = Calendar.from_ical(path.read_bytes())
    events = cal.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [it.date for it in items]
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert all(str(e["summary"]).endswith(f"({it.region})") for e, it in zip(events, items))
    assert "not medical advice" in str(events[0]["description"])
    assert schedule.monitoring_ics_text(items) == schedule.monitoring_ics_text(items)
    with pytest.raises(FileExistsError):
        schedule.write_monitoring_ics(path, items)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(anti_jcv="unknown"), ValueError, r"anti_jcv must be one of \['negative', 'positive'\]"),
    (dict(region="UK"), ValueError, r"region must be one of"),
    (dict(index=-1.0), ValueError, r"index must be between 0 and 20"),
    (dict(mri_interval_months=2), ValueError, r"mri_interval_months must be between 3 and 6"),
    (dict(stop_after_months=0), ValueError, r"stop_after_months must be between 1 and 48"),
    (dict(start="2027-01-04"), TypeError, r"start must be a datetime.date"),
])
def test_bad_plan_input(kwargs, error, message):
    args = {"start": START, **kwargs}
    with pytest.raises(error, match=message):
        schedule.monitoring_plan(**args)
