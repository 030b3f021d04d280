"""helpers.schedule: infusion dates and their RFC 5545 (.ics) export.

The export is written with `icalendar`; these tests check the RFC 5545 properties a calendar app
relies on in the text itself (CRLF, folding at 75 octets, escaping) and read it back.
"""
import datetime as dt
import itertools

import icalendar
import pytest

from helpers import schedule

START = dt.date(2025, 1, 6)


def events(text):
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def physical_lines(text):
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def unfold(text):
    return text.replace("\r\n ", "")


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic
# ---------------------------------------------------------------------------------------------


def test_infusion_dates_every_four_weeks():
    dates = schedule.infusion_dates(START, 28, 4)
    assert dates == [dt.date(2025, 1, 6), dt.date(2025, 2, 3), dt.date(2025, 3, 3),
                     dt.date(2025, 3, 31)]
    assert len(schedule.infusion_dates(START)) == 13
    assert all(d.weekday() == START.weekday() for d in schedule.infusion_dates(START, 28, 13))


def test_a_late_infusion_shifts_the_following_ones():
    dates = schedule.infusion_dates(START, 28, 4)
    shifted = schedule.shift_for_delay(dates, 1, 7)
    assert shifted[0] == dates[0]
    assert shifted[1:] == [d + dt.timedelta(days=7) for d in dates[1:]]
    assert [(b - a).days for a, b in itertools.pairwise(shifted)] == [35, 28, 28]
    assert dates == schedule.infusion_dates(START, 28, 4)      # input not modified
    assert schedule.shift_for_delay(dates, -1, 3)[-1] == dates[-1] + dt.timedelta(days=3)


# ---------------------------------------------------------------------------------------------
# Round trip through the icalendar package
# ---------------------------------------------------------------------------------------------


def test_round_trip_all_day_events():
    dates = schedule.infusion_dates(START, 28, 13)
    text = schedule.ics_text(dates, summary="Natalizumab infusion")
    evs = events(text)
    assert len(evs) == 13
    assert [e["DTSTART"].dt for e in evs] == dates
    assert all(type(e["DTSTART"].dt) is dt.date for e in evs)
    assert [e["DTEND"].dt for e in evs] == [d + dt.timedelta(days=1) for d in dates]
    assert [str(e["SUMMARY"]) for e in evs] == [f"Natalizumab infusion: infusion {k} of 13"
                                                 for k in range(1, 14)]
    uids = [str(e["UID"]) for e in evs]
    assert len(set(uids)) == 13 and all("@" in u for u in uids)
    assert all("not medical advice" in str(e["DESCRIPTION"]) for e in evs)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"]) == schedule.PRODID


def test_round_trip_timed_events():
    dates = schedule.infusion_dates(START, 42, 3)
    evs = events(schedule.ics_text(dates, start_time=dt.time(9, 30), duration_minutes=120))
    assert [e["DTSTART"].dt for e in evs] == [dt.datetime.combine(d, dt.time(9, 30)) for d in dates]
    assert all(e["DTEND"].dt - e["DTSTART"].dt == dt.timedelta(hours=2) for e in evs)
    default = events(schedule.ics_text(dates, start_time=dt.time(9, 30)))
    # default length: the 1-hour infusion (dose.infusion_hours)
    assert default[0]["DTEND"].dt - default[0]["DTSTART"].dt == dt.timedelta(hours=1)


def test_output_is_deterministic_and_uses_crlf():
    dates = schedule.infusion_dates(START, 28, 5)
    a, b = schedule.ics_text(dates), schedule.ics_text(list(dates))
    assert a == b
    assert "\n" not in a.replace("\r\n", "")
    assert "DTSTAMP:20250106T000000Z\r\n" in a
    stamp = dt.datetime(2025, 1, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert "DTSTAMP:20250101T100000Z\r\n" in schedule.ics_text(dates, dtstamp=stamp)
    lines = physical_lines(a)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 5


# ---------------------------------------------------------------------------------------------
# Folding and escaping
# ---------------------------------------------------------------------------------------------


def test_long_descriptions_are_folded_at_75_octets():
    long = "Ask the infusion unit about parking. " * 12 + "Ünïcödé ✓ " * 20
    text = schedule.ics_text(schedule.infusion_dates(START, 28, 2), description=long)
    lines = physical_lines(text)
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines)                 # folding happened
    assert sum(len(line.encode("utf-8")) == 75 for line in lines) > 3  # lines are filled
    assert all(str(e["DESCRIPTION"]) == long for e in events(text))    # unfolds to the original


def test_folding_never_splits_a_multibyte_character():
    text = schedule.ics_text([START], description="é" * 100)
    for part in physical_lines(text):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")                           # each line is valid UTF-8
    assert "DESCRIPTION:" + "é" * 100 + "\r\n" in unfold(text)


def test_special_characters_are_escaped_and_survive_the_round_trip():
    tricky = 'Bring: ID, list; notes\\back\nsecond line, "quoted"'
    text = schedule.ics_text([START], summary="Infusion; clinic, room 3", description=tricky,
                             number_events=False)
    raw = unfold(text)
    assert "SUMMARY:Infusion\\; clinic\\, room 3\r\n" in raw
    assert "Bring: ID\\, list\\; notes\\\\back\\nsecond line\\, \"quoted\"" in raw
    (ev,) = events(text)
    assert str(ev["SUMMARY"]) == "Infusion; clinic, room 3"
    assert str(ev["DESCRIPTION"]) == tricky


def test_reminders_are_display_alarms_before_each_event():
    dates = schedule.infusion_dates(START, 28, 3)
    evs = events(schedule.ics_text(dates, reminder_minutes_before=24 * 60))
    for ev in evs:
        (alarm,) = ev.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == -dt.timedelta(days=1)
    assert not events(schedule.ics_text(dates))[0].walk("VALARM")


# ---------------------------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------------------------


def test_write_ics_refuses_to_overwrite(tmp_path):
    path = tmp_path / "infusions.ics"
    dates = schedule.infusion_dates(START, 28, 3)
    assert schedule.write_ics(path, dates) == path
    first = path.read_bytes()
    assert first.decode("utf-8") == schedule.ics_text(dates)
    with pytest.raises(FileExistsError, match=r"already exists.*overwrite=True"):
        schedule.write_ics(path, schedule.infusion_dates(START, 42, 3))
    assert path.read_bytes() == first                                   # untouched


def test_write_ics_overwrites_when_asked(tmp_path):
    path = tmp_path / "infusions.ics"
    path.write_text("old")
    schedule.write_ics(path, [START], overwrite=True)
    assert len(events(path.read_bytes())) == 1


def test_write_ics_checks_the_path_before_writing(tmp_path):
    with pytest.raises(ValueError, match=r"\.ics"):
        schedule.write_ics(tmp_path / "notes.txt", [START])
    with pytest.raises(FileNotFoundError, match="does not exist"):
        schedule.write_ics(tmp_path / "missing" / "a.ics", [START])
    with pytest.raises(TypeError, match="dates"):
        schedule.write_ics(tmp_path / "a.ics", "2025-01-06")
    assert list(tmp_path.iterdir()) == []                               # nothing was written


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------


BAD_VALUES = [
    ("interval_days", lambda: schedule.infusion_dates(START, 0, 3)),
    ("interval_days", lambda: schedule.infusion_dates(START, 85, 3)),
    ("n must be between", lambda: schedule.infusion_dates(START, 28, 0)),
    ("start year", lambda: schedule.infusion_dates(dt.date(1066, 1, 1))),
    ("days_late", lambda: schedule.shift_for_delay([START], 0, -3)),
    ("index", lambda: schedule.shift_for_delay([START], 5, 7)),
    ("strictly increasing", lambda: schedule.ics_text([START, START])),
    ("number of dates", lambda: schedule.ics_text([])),
    ("summary must not be empty", lambda: schedule.ics_text([START], summary="  ")),
    ("control characters", lambda: schedule.ics_text([START], description="bell\x07")),
    ("uid_domain", lambda: schedule.ics_text([START], uid_domain="bad domain!")),
    ("duration_minutes",
     lambda: schedule.ics_text([START], start_time=dt.time(9), duration_minutes=0)),
    ("reminder_minutes_before", lambda: schedule.ics_text([START], reminder_minutes_before=-5)),
]


@pytest.mark.parametrize("needle, call", BAD_VALUES, ids=[n for n, _ in BAD_VALUES])
def test_bad_values_raise_clear_value_errors(needle, call):
    with pytest.raises(ValueError, match=needle):
        call()


BAD_TYPES = [
    ("start must be a datetime.date", lambda: schedule.infusion_dates("2025-01-06")),
    ("start must be a datetime.date", lambda: schedule.infusion_dates(dt.datetime(2025, 1, 6))),
    ("interval_days must be a whole number", lambda: schedule.infusion_dates(START, 28.5)),
    ("dates", lambda: schedule.ics_text(START)),
    ("start_time", lambda: schedule.ics_text([START], start_time="09:00")),
    ("dtstamp", lambda: schedule.ics_text([START], dtstamp=START)),
    ("summary must be a string", lambda: schedule.ics_text([START], summary=3)),
]


@pytest.mark.parametrize("needle, call", BAD_TYPES, ids=[n for n, _ in BAD_TYPES])
def test_wrong_types_raise_clear_type_errors(needle, call):
    with pytest.raises(TypeError, match=needle):
        call()
