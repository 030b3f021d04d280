"""Instructor notes (workshop/notes/<lesson>.md) quote their lesson, never new numbers.

Every number with a unit or a percent sign in a lesson's notes (26.6 µg/mL, 84%, 16 weeks, 4.6 per
1,000, 1 in 217 ...) must appear in that lesson's notebook: its markdown, its code, or its stored
outputs. So a clinical number in the notes always has a lesson cell behind it, and the numbers
change with the lesson (re-executed) rather than drifting apart. Notes are found by name: a
lesson's notes file is named after its notebook.
"""
from __future__ import annotations

import json
import re

import pytest

from paths import NOTEBOOKS, ROOT

NOTES_DIR = ROOT / "workshop" / "notes"
NOTES = sorted(p for p in NOTES_DIR.glob("*.md") if p.name != "README.md")
LESSONS = {p.stem: p for p in NOTEBOOKS}

UNITS = [
    "%", "µg/mL", "mg/min", "mg/day", "mg", "mL", "L/day", "L", "kg", "×10⁹/L", "×10⁹ cells",
    "per 1,000 person-years", "per 1,000", "in 1,000", "in every 100", "in 100",
    "weeks", "week", "months", "month", "days", "day", "hours", "hour", "years", "year",
    "minutes", "min", "per year", "patients", "people", "cases", "infusions", "doses",
    "lesions",
]
NUMBER = r"(?<![\w.,⁰-⁹])\d+(?:,\d{3})*(?:\.\d+)?"
UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
QUANTITY = re.compile(rf"({NUMBER})\s?({UNIT})(?![\w/])")
ONE_IN = re.compile(r"\b1 in (\d+(?:,\d{3})*)(?!\d|,\d)")
REQUIRED_HEADINGS = ("Objectives", "Where learners get stuck", "Expected answers",
                     "When a widget misbehaves or a kernel dies", "Discussion questions")


def quantities(text: str) -> set[str]:
    """Every number with a unit as 'number unit' (one space), and every '1 in N'."""
    text = re.sub(r"[\u00a0\u202f\s]+", " ", text)
    found = {f"{n} {u}" for n, u in QUANTITY.findall(text)}
    return found | {f"1 in {n}" for n in ONE_IN.findall(text)}


def lesson_text(path) -> str:
    parts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append("".join(value))
    return "\n".join(parts)


def test_quantities_are_found():
    text = "falls to 26.6 µg/mL, 84%, about 84 in every 100, 4–8 weeks, 4.6 per 1,000 (1 in 217)"
    assert quantities(text) == {"26.6 µg/mL", "84 %", "84 in every 100", "8 weeks",
                                "4.6 per 1,000", "1 in 217"}
    assert not quantities("lesson 02, section 3, question 2, 10⁹ and week 4")
    assert quantities("3.5 ×10⁹/L and 16 weeks") == {"3.5 ×10⁹/L", "16 weeks"}


def test_there_are_notes():
    assert NOTES, f"no instructor notes in {NOTES_DIR}"


@pytest.mark.parametrize("notes", NOTES, ids=lambda p: p.name)
class TestNotes:
    def test_named_after_a_lesson(self, notes):
        assert notes.stem in LESSONS, f"{notes.name}: no notebooks/{notes.stem}.ipynb"

    def test_every_number_with_a_unit_is_in_the_lesson(self, notes):
        lesson = quantities(lesson_text(LESSONS[notes.stem]))
        missing = sorted(quantities(notes.read_text(encoding="utf-8")) - lesson)
        assert not missing, f"{notes.name}: not in {notes.stem}.ipynb: {missing}"

    def test_sections(self, notes):
        text = notes.read_text(encoding="utf-8")
        for heading in REQUIRED_HEADINGS:
            assert re.search(rf"^## {heading}", text, re.M), f"{notes.name}: '## {heading}'"

    def test_sends_questions_about_care_to_the_ms_team(self, notes):
        assert "MS team" in notes.read_text(encoding="utf-8")


@pytest.mark.parametrize("lesson", NOTEBOOKS, ids=lambda p: p.name)
def test_every_lesson_has_notes(lesson):
    notes = NOTES_DIR / f"{lesson.stem}.md"
    assert notes.is_file(), (f"no instructor notes for {lesson.name}: write "
                             f"workshop/notes/{notes.name} (the headings: {REQUIRED_HEADINGS}) and "
                             "link it from workshop/notes/README.md")


def test_the_index_lists_every_notes_file():
    index = (NOTES_DIR / "README.md").read_text(encoding="utf-8")
    for notes in NOTES:
        assert f"]({notes.name})" in index, f"README.md does not link {notes.name}"


def test_a_number_not_in_the_lesson_is_caught():
    lesson = quantities(lesson_text(LESSONS["00_start_here"]))
    assert "26.6 µg/mL" in lesson
    assert "27.6 µg/mL" not in lesson and "6 months" not in quantities("16 months")
