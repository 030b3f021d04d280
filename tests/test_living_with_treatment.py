"""Lesson 04 (living with natalizumab): the sign finder shows its data rows word for word, the
year simulator's calendar arithmetic is right for a year checked by hand, the planner's calendar
reads back the same in two independent parsers, and the answers quote the models. The switching
gap, lesson 05's since the split, is tested in test_switching_and_planning.py."""

import csv
import datetime as dt
import html
import json
import re

import pytest
import vobject
from icalendar import Calendar

from helpers import pd, pk, regimen, sources
from helpers.views import REGISTRY
from helpers.views import _planner as planner
from helpers.views import living_with_treatment as lwt
from paths import NOTEBOOKS

D = dt.date


# ---------------------------------------------------------------------------------------------
# The sign finder: every entry equals its row
# ---------------------------------------------------------------------------------------------
def raw_rows():
    with open(lwt.SIGNS_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_entry_equals_its_row():
    rows = raw_rows()
    assert len(rows) == len(lwt.SIGNS) >= 30
    for row, e in zip(rows, lwt.SIGNS):
        assert (e.key, e.group, e.sign, e.said, e.urgency, e.route) == (
            row["key"], row["group"], row["sign"], row["said"], row["urgency"], row["route"])
        assert (e.source, ";".join(e.also), e.where, e.status, e.region) == (
            row["source"], row["also"], row["where"], row["status"], row["region"])


@pytest.mark.parametrize("row", raw_rows(), ids=lambda r: r["key"])
def test_the_finder_shows_each_row_word_for_word(row):
    shown = html.unescape(lwt.render_signs(lwt.compute_signs(row["sign"])))
    block = re.search(rf'data-key="{re.escape(row["key"])}".*?</div>', shown, re.S)
    assert block, f"{row['key']} is not shown for the sign {row['sign']!r}"
    text = block.group(0)
    for column in ("said", "urgency"):
        if row[column]:
            assert f"“{row[column]}”" in text, column
    assert f"“{row['sign']}”" in text
    assert sources.SOURCES[row["source"]].full_title in text
    assert row["where"] in text and row["region"] in text and row["status"] in text


def test_the_finder_always_ends_with_whom_to_contact_and_is_not_triage():
    for sign in lwt.SIGN_NAMES:
        result = lwt.compute_signs(sign)
        assert result["readout"][-1] == ("Whom to contact", lwt.ROUTES[result["route"]])
        page = html.unescape(lwt.render_signs(result))
        assert page.index("Whom to contact") > page.rindex("nz-sign")
        assert "not a triage tool" in page
    assert "MS team" in lwt.CONTACT


# Words in a sign that mean it cannot wait for the MS team: emergency services first.
SIGNS_THAT_CANNOT_WAIT = ("swelling of your face", "breathing", "shortness of breath",
                          "chest pain", "seizure")
# Words in a sign that cannot wait when it comes on suddenly (emergency services first), but goes
# to the MS team the same day when it has come on over days.
SIGNS_THAT_DEPEND_ON_ONSET = ("confusion", "loss of consciousness", "speech")


def test_the_rows_of_one_sign_give_one_route():
    """The route column gives one route per sign: the route shown is every row's."""
    routes = {}
    for r in raw_rows():
        routes.setdefault(r["sign"], set()).add(r["route"])
    assert {sign: rs for sign, rs in routes.items() if len(rs) > 1} == {}


@pytest.mark.parametrize("sign", lwt.SIGN_NAMES)
def test_every_sign_is_routed_by_its_rows(sign):
    """Walk every sign: the route shown is its rows' `route` column; signs that cannot wait go to
    emergency services first (with the UK, EU and US numbers), then the MS team; confusion,
    behaviour and speech go to emergency services when sudden and to the MS team the same day when
    they come on over days; every other sign goes to the MS team the same day, with an
    out-of-hours fallback, and still names the signs that cannot wait."""
    rows = [r for r in raw_rows() if r["sign"] == sign]
    (expected,) = {r["route"] for r in rows}
    if any(word in sign.lower() for word in SIGNS_THAT_CANNOT_WAIT):
        assert expected == "emergency", f"{sign!r} cannot wait: its rows must say 'emergency'"
    elif any(word in sign.lower() for word in SIGNS_THAT_DEPEND_ON_ONSET):
        assert expected == "sudden", f"{sign!r}: its rows must say 'sudden'"
    result = lwt.compute_signs(sign)
    assert result["route"] == expected
    contact = dict(result["readout"])["Whom to contact"]
    page = html.unescape(lwt.render_signs(result))
    box = re.search(r'class="nz-route nz-route-(\w+)"[^>]*>(.*?)</p>', page, re.S)
    assert box and box.group(1) == expected and contact in box.group(2)
    if expected in ("emergency", "sudden"):
        assert "border:3px solid" in box.group(0)
        for number in ("999", "112", "911"):
            assert number in contact
        assert contact.index("emergency services") < contact.index("MS team")
    else:
        assert contact == lwt.CONTACT and "999" not in contact
        assert lwt.EMERGENCY_NOTE in page
    if expected != "emergency":  # a time frame, and where to go when the team is closed
        assert "the same day" in contact and "out-of-hours service" in contact
        assert "emergency department" in contact
    if expected == "sudden":
        assert "suddenly" in contact and "over days" in contact
        assert contact.index("suddenly") < contact.index("emergency services") \
            < contact.index("over days") < contact.index("MS team")


def test_both_confusion_signs_take_the_same_route():
    confusion = [s for s in lwt.SIGN_NAMES if "confusion" in s.lower()]
    assert len(confusion) >= 2
    assert {lwt.route_for(s) for s in confusion} == {"sudden"}


def test_the_emergency_signs_are_those_that_cannot_wait():
    shown = {s.lower() for s in lwt.EMERGENCY_SIGNS}
    for words in ("swelling of your face, lips or tongue", "difficulty breathing",
                  "chest pain or discomfort", "seizures (fits)", "confusion, coming on suddenly"):
        assert words in shown, words
    assert any("loss of consciousness" in s and s.endswith("coming on suddenly") for s in shown)
    assert "Sudden confusion" in lwt.EMERGENCY_NOTE and "cannot be woken" in lwt.EMERGENCY_NOTE


def test_the_first_sign_shown_is_not_headache_and_headache_says_when_it_is_urgent():
    (control,) = lwt.SIGN_CONTROLS
    assert control.default != "Headache" and control.default in lwt.SIGN_NAMES
    note = lwt.compute_signs("Headache")["note"]
    assert note and note in html.unescape(lwt.render_signs(lwt.compute_signs("Headache")))
    # Each sign the note names is listed with headache under the leaflet's brain-infection heading.
    group = {e.sign.lower() for e in lwt.SIGNS if e.group == "Signs of a brain infection"}
    assert any("headache" == s for s in group)
    for said, listed in (("fever", "fever"), ("stiff neck", "stiff neck"),
                         ("bright light", "bright light"), ("confusion", "confusion")):
        assert said in note.lower() and any(listed in s for s in group), listed
    assert lwt.compute_signs(control.default)["note"] == ""


def test_eye_pain_or_redness_names_the_label_warning_and_a_same_day_route():
    result = lwt.compute_signs("Pain or redness of the eye(s)")
    assert any("acute retinal necrosis" in e.said for e in result["entries"])
    assert "acute retinal necrosis" in result["note"] and "same day" in result["note"]
    assert "eye emergency clinic" in result["note"]


def signs_file_with(tmp_path, index: int, column: str, value: str):
    """A copy of side_effect_signs.csv with one cell changed (row `index`, counted from 0)."""
    rows = raw_rows()
    rows[index][column] = value
    path = tmp_path / "signs.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=lwt.SIGN_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def test_the_loader_refuses_an_unknown_route(tmp_path):
    path = signs_file_with(tmp_path, 3, "route", "later")
    with pytest.raises(sources.RegistryError,
                       match="row 5: route 'later' should be one of emergency, sudden, ms_team"):
        lwt.load_signs(path)


def test_finder_rows_use_registered_sources_with_fitting_statuses():
    for e in lwt.SIGNS:
        kind = sources.SOURCES[e.source].kind
        assert kind in sources.STATUS_KINDS[e.status], e.key
        assert re.fullmatch(r"[A-Z]{2,3}(;[A-Z]{2,3})*", e.region), e.key


def test_the_loader_refuses_a_row_without_a_source(tmp_path):
    path = signs_file_with(tmp_path, 0, "source", "no_such_source")
    with pytest.raises(sources.RegistryError, match="row 2: unknown source 'no_such_source'"):
        lwt.load_signs(path)


def test_the_signs_cover_the_four_groups_the_issue_names():
    groups = " ".join(e.group.lower() for e in lwt.SIGNS)
    for word in ("allergic", "infection", "pml", "liver", "platelets"):
        assert word in groups, word


# ---------------------------------------------------------------------------------------------
# The year simulator: calendar arithmetic for 2027, checked by hand
# ---------------------------------------------------------------------------------------------
# 1 January 2027 is a Friday, so the first Monday after New Year is 4 January; then every 28 days.
BOOKED_2027 = [D(2027, 1, 4), D(2027, 2, 1), D(2027, 3, 1), D(2027, 3, 29), D(2027, 4, 26),
               D(2027, 5, 24), D(2027, 6, 21), D(2027, 7, 19), D(2027, 8, 16), D(2027, 9, 13),
               D(2027, 10, 11), D(2027, 11, 8), D(2027, 12, 6)]


def test_booked_slots_2027_by_hand():
    assert lwt.booked_slots(2027)[:13] == BOOKED_2027
    assert all(d.weekday() == 0 for d in BOOKED_2027)
    assert lwt.first_monday_after_new_year(2029) == D(2029, 1, 8)   # 1 Jan 2029 is a Monday
    assert lwt.first_monday(2027, 8) == D(2027, 8, 2)


def test_a_three_week_august_holiday_moves_the_16_august_infusion_and_the_rest():
    plan = lwt.year_plan(2027, 8, 3, 0, 0, 0)
    assert plan.holiday == (D(2027, 8, 2), D(2027, 8, 23))     # away 2 to 22 August
    given = dict(plan.given)
    assert given[9] == D(2027, 8, 23) and given[10] == D(2027, 9, 20)
    assert given[13] == D(2027, 12, 13)
    assert plan.moved == ((9, D(2027, 8, 16), D(2027, 8, 23), "holiday"),)
    assert max(lwt.gaps_days(plan)) == (35, D(2027, 8, 23))


def test_a_two_week_august_holiday_misses_every_infusion():
    plan = lwt.year_plan(2027, 8, 2, 0, 0, 0)                   # back on 16 August: due that day
    assert [d for _, d in plan.given][:13] == BOOKED_2027 and plan.moved == ()


def test_late_then_missed_by_hand():
    plan = lwt.year_plan(2027, 8, 0, 6, 7, 10)
    given = dict(plan.given)
    assert given[6] == D(2027, 5, 31) and given[9] == D(2027, 8, 23)
    assert 10 not in given and given[11] == D(2027, 10, 18)
    gaps = lwt.gaps_days(plan)
    assert (35, D(2027, 5, 31)) in gaps and (56, D(2027, 10, 18)) in gaps


def test_a_missed_infusion_is_not_also_late():
    plan = lwt.year_plan(2027, 8, 0, 6, 7, 6)
    assert 6 not in dict(plan.given) and dict(plan.given)[7] == D(2027, 6, 21)


def test_the_simulator_uses_the_pk_and_pd_models():
    plan = lwt.year_plan(2027, 8, 0, 0, 0, 6)
    days, sat = lwt.year_saturation(plan)
    reg = lwt.plan_regimen(plan)
    t0 = (D(2027, 1, 1) - lwt._origin(plan)).days
    due = (D(2027, 6, 21) - D(2027, 1, 1)).days
    conc = pk.concentration_1cmt([t0 + due], reg)[0]
    i = int(due * lwt.SAMPLES_PER_DAY)
    assert sat[pk.REFERENCE_WEIGHT_KG][i] == pytest.approx(float(pd.saturation_pct(conc)))
    assert len(days) == 365 * lwt.SAMPLES_PER_DAY
    light, ref, heavy = pk.spread_weights_kg()
    assert sat[heavy].min() < sat[ref].min() < sat[light].min()


# ---------------------------------------------------------------------------------------------
# The planner's calendar, read back with icalendar and vobject
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("reminder_days", [0, 1, 2])
def test_exported_calendar_reads_back_the_same_in_two_parsers(reminder_days):
    params = {c.name: c.default for c in REGISTRY["living_with_treatment.planner"].controls}
    result = planner.plan(**{**params, "reminder_days": reminder_days, "days_late": 5,
                             "calendar_dates": "with_delay"})
    text = result["ics"]
    ical_events = Calendar.from_ical(text.encode("utf-8")).walk("VEVENT")
    vcal = vobject.readOne(text)
    v_events = vcal.vevent_list
    assert [e.decoded("dtstart") for e in ical_events] == result["saved"]
    assert [e.dtstart.value for e in v_events] == result["saved"]
    assert [str(e["uid"]) for e in ical_events] == [e.uid.value for e in v_events]
    for ie, ve in zip(ical_events, v_events):
        ialarms = ie.walk("VALARM")
        valarms = getattr(ve, "valarm_list", [])
        assert len(ialarms) == len(valarms) == (1 if reminder_days else 0)
        if reminder_days:
            expected = -dt.timedelta(days=reminder_days)
            assert ialarms[0].decoded("trigger") == expected
            assert valarms[0].trigger.value == expected


def test_the_lesson_registers_the_planner_again():
    spec = REGISTRY["living_with_treatment.planner"]
    assert spec.compute is planner.plan and spec.factory is planner.Planner


# ---------------------------------------------------------------------------------------------
# Antibodies tell the model's story
# ---------------------------------------------------------------------------------------------
def test_antibodies_lower_the_week12_level_as_the_model_says():
    factor = float(sources.value("label.ada_cl_factor_eu"))
    reg = regimen.regular(n_doses=6)
    expected = pk.concentration_1cmt([84.0], reg, ada_cl_factor=factor)[0]
    assert lwt.first_months_curve(factor, 70.0)[2] == pytest.approx(expected)
    assert lwt.first_months_curve(factor, 70.0)[2] < lwt.first_months_curve(1.0, 70.0)[2] / 5



# ---------------------------------------------------------------------------------------------
# Check your understanding: the stored answers are the models' numbers
# ---------------------------------------------------------------------------------------------
def test_answers_quote_the_models():
    n = lwt.understanding_numbers()
    factor = float(sources.value("label.ada_cl_factor_eu"))
    assert n["week12_ada"] == pytest.approx(
        pk.concentration_1cmt([84.0], regimen.regular(n_doses=6), ada_cl_factor=factor)[0])
    assert n["missed_longest_gap"] == 56 and n["regular_longest_gap"] == 28
    assert n["headache_groups"] == 2
    text = lwt.questions_markdown()
    assert f"{lwt.ug(n['week12_ada'])}" in text and f"{lwt.pct(n['sat12_ada'])}" in text
    assert f"on {n['missed_below_days_heavy']:g} days" in text


def test_the_stored_notebook_shows_the_current_answers():
    path = next(p for p in NOTEBOOKS if p.name == "04_living_with_treatment.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "questions_markdown()" in "".join(c["source"]))
    stored = "".join(cell["outputs"][0]["data"]["text/markdown"])
    assert stored == lwt.questions_markdown()


def test_the_switching_gap_moved_to_lesson_05():
    assert "living_with_treatment.switch_gap" not in REGISTRY
    assert not hasattr(lwt, "compute_gap") and "TOFINGO" not in lwt.questions_markdown()


def test_the_lesson_ends_with_the_environment_check_hidden_in_the_app():
    path = next(p for p in NOTEBOOKS if p.name == "04_living_with_treatment.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "".join(first["source"]).rstrip().endswith("page.setup()")
    last = nb["cells"][-1]
    assert "envcheck.report()" in "".join(last["source"])
    assert "app-hide" in last["metadata"].get("tags", [])


# ---------------------------------------------------------------------------------------------
# The year simulator names its 50% as a research cut-off, with RESTORE and what to do
# ---------------------------------------------------------------------------------------------
def test_the_year_simulator_never_shows_a_bare_count_below_the_cut_off():
    """A count of days below 50% after a missed infusion read as "no unprotected days": at every
    grid point the readout calls the threshold a research cut-off, says people vary more, gives
    RESTORE's relapse weeks from the registry, and, whenever an infusion is late or missed, says
    to contact the MS team or infusion unit before the day it is due."""
    from sweeps import grid_results

    restore = sources.format_value(sources.value("stop.restore_relapse_weeks"))
    for params, result in grid_results("living_with_treatment.adherence"):
        shown = dict(result["readout"])
        below = next(v for k, v in shown.items() if k.startswith("Days with cover below"))
        assert "cut-off used in research" in below, (params, below)
        assert any("vary more than any model" in v for v in shown.values()), params
        assert restore in shown["RESTORE trial (a pause with no medicine)"], params
        late_or_missed = params["late_slot"] != 0 or params["missed_slot"] != 0
        assert ("What to do" in shown) == late_or_missed, params
        if late_or_missed:
            assert "contact your MS team or infusion unit before the day" in shown["What to do"]


def test_breaks_in_treatment_are_people_of_1000_with_the_cohort_and_its_time():
    text = lwt.text_markdown("breaks note")
    assert "cohort of 304 people" in text and "median of 58.7 months" in text
    assert "about 150 of 1,000 had at least one break" in text and "%" not in text
