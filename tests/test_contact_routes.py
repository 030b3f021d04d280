"""Whom to call, as lessons 00, 01, 02 and 02b say it (the neurologist and patient review of
December 2026): a page that names a sign that cannot wait also gives the emergency numbers; every
"contact your MS team at once" comes with a same-day fallback for when the team is closed; the
emergency words are lesson 04's own blocks, not a retyped copy; and the map in lesson 00 gives
each lesson the time the lesson itself states.

A lesson joins these checks by adding its notebook to LESSONS once its pages say the same.
"""
import json
import re

import pytest

from helpers.views import _contact, _fact_box, infusion_timing, living_with_treatment
from helpers.views import start_here
from paths import ROOT
from tools import agenda

LESSONS = ("00_start_here", "01_how_natalizumab_works", "02_infusion_timing",
           "02b_infusion_timing_science")
# Signs that cannot wait for the MS team (lesson 04's emergency note names the same).
CANNOT_WAIT = re.compile(r"(trouble|difficulty) breathing|chest pain|swelling of the face|"
                         r"face or lip swelling|seizure|cannot be woken", re.I)
AT_ONCE = re.compile(r"MS team[^.;:]*at once", re.I)
FALLBACK = "out-of-hours"


def chunks(stem: str) -> list[str]:
    """The page as a reader sees it, in order: each Markdown cell, then each stored text
    output of each code cell."""
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            out.append("".join(cell["source"]))
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            text = data.get("text/markdown") or data.get("text/html") or o.get("text") or ""
            out.append("".join(text))
    return out


@pytest.mark.parametrize("stem", LESSONS)
def test_a_page_naming_a_sign_that_cannot_wait_gives_the_emergency_numbers(stem):
    page = "\n".join(chunks(stem))
    if CANNOT_WAIT.search(page):
        for number in ("999", "112", "911"):
            assert number in page, f"{stem} names a sign that cannot wait but not {number}"


@pytest.mark.parametrize("stem", LESSONS)
def test_every_contact_at_once_has_a_same_day_fallback(stem):
    """The fallback sits in the same cell or output, or in the one right after it."""
    parts = chunks(stem)
    for i, text in enumerate(parts):
        for m in AT_ONCE.finditer(text):
            after = text[m.start():] + "".join(parts[i + 1:i + 2])
            assert FALLBACK in after, f"{stem}: {m.group(0)!r} has no same-day fallback"


def test_the_emergency_words_are_lesson_04s_blocks():
    assert _contact.EMERGENCY_CONTACT == living_with_treatment.EMERGENCY_CONTACT
    assert _contact.EMERGENCY_NOTE == living_with_treatment.EMERGENCY_NOTE
    assert FALLBACK in _contact.SAME_DAY and "alert card" in _contact.SAME_DAY


def test_lesson_02_sends_reaction_signs_after_going_home_to_emergency_services():
    """Review C1: breathing, chest pain, a swollen face go to 999/112/911 first; hives or
    itching alone go to the MS team or infusion unit, with the fallback."""
    text = infusion_timing.block_markdown("after going home")
    urgent, alone = text.split("\n\n", 1)
    for sign in ("breathing", "chest pain", "face, lips or tongue"):
        assert sign in urgent
    assert _contact.EMERGENCY_CONTACT in urgent
    assert urgent.index("999") < urgent.index("MS team")
    assert "hives or itching alone" in alone.lower() and "999" not in alone
    assert _contact.SAME_DAY in alone


def test_lesson_00s_main_message_qualifies_the_immune_system_claim():
    """Review M4: never a bare "does not weaken the whole immune system"."""
    text = start_here.main_message_markdown()
    assert "does not weaken the whole immune system" not in text
    assert "not the whole immune system" in text
    assert "infections are still more likely" in text


def test_the_pml_row_gives_survival_beside_the_label_words_with_its_status():
    """Review M3a: the label's "usually leads to death" is not left alone."""
    row = _fact_box.with_pml_survival(next(r for r in _fact_box.fact_rows() if r["key"] == "pml"))
    assert "usually leads to death" in row["outcome"]
    survived = _fact_box.per_1000(float(_fact_box.sources.value(_fact_box.PML_SURVIVED)))
    assert f"about {survived} of 1,000" in row["note"] and "lasting disability" in row["note"]
    assert "(peer-reviewed)" in row["sources"] and "Lesson 03" in row["sources"]
    assert row["note"] in _fact_box.html.unescape(_fact_box.fact_box_html())


MAP_ROW = re.compile(r"^\| (?:\*\*|\[)(\d\db?) [^|]*\|[^|]*\|[^|]*\| (\d+) min \|$", re.M)


def test_the_map_gives_each_lesson_its_own_stated_time():
    """Review m3: lesson 00's map of the collection agrees with each lesson's **Time:**."""
    page = "\n".join(chunks("00_start_here"))
    rows = dict(MAP_ROW.findall(page))
    lessons = agenda.lessons()
    assert len(rows) == len(lessons)
    for name, found in lessons.items():
        assert rows[name[:3].rstrip("_")] == str(found.total), name
