"""Workshop agendas (workshop/agendas.yaml): the times add up, and every lesson row matches the
lesson's own stated time, read from the notebook. General: a new lesson needs only rows.

Every lesson an agenda names must state its total ("**Time:** about N minutes") and each numbered
section's own time ("*about N min*" under each "## N." heading), and its sections must fit in its
total: a lesson that does not fails, naming what to fix (the notebook hygiene test also requires
the section times).
"""
import pytest

from tools import agenda

DATA = agenda.load()
LESSONS = agenda.lessons()
KINDS = {"welcome", "break", "discussion", "wrap-up", "buffer"}
PAIRS = sorted({(plan, row["lesson"]) for plan, p in DATA["plans"].items() for row in p["rows"]
                if "lesson" in row})


def rows(plan, lesson=None):
    return [r for r in DATA["plans"][plan]["rows"] if lesson is None or r.get("lesson") == lesson]


@pytest.mark.parametrize("plan", sorted(DATA["plans"]))
def test_a_plan_adds_up_to_its_length_with_breaks_and_discussion(plan):
    p = DATA["plans"][plan]
    total = sum(agenda.row_minutes(r, LESSONS) for r in p["rows"])
    assert total == p["minutes"], f"{plan}: rows add up to {total} min, not {p['minutes']}"
    for row in p["rows"]:
        assert ("lesson" in row) != ("kind" in row), f"{plan}: a row is a lesson or a kind: {row}"
        if "kind" in row:
            assert row["kind"] in KINDS and row["minutes"] > 0 and row["title"], row
    kinds = [r.get("kind") for r in p["rows"]]
    assert kinds.count("break") >= (2 if p["minutes"] > 180 else 1), f"{plan}: too few breaks"
    talks = [r for r in p["rows"] if r.get("kind") == "discussion"]
    assert talks and all(r.get("prompts") or r.get("note") for r in talks)
    assert any(r.get("prompts") for r in talks), f"{plan}: no discussion prompts"


@pytest.mark.parametrize(("plan", "lesson"), PAIRS, ids=[f"{p}-{n}" for p, n in PAIRS])
def test_lesson_rows_take_the_lessons_own_times(plan, lesson):
    assert lesson in LESSONS, f"{plan}: no notebook notebooks/{lesson}.ipynb"
    found = LESSONS[lesson]
    assert found.has_section_times, (
        f"lesson {lesson} states no time for some of its sections (\"*about N min*\" under each "
        "'## N.' heading): its rows cannot be checked")
    numbers = [int(r["section"]) for r in rows(plan, lesson) if "section" in r]
    assert numbers == sorted(set(numbers)), f"{plan}: {lesson}'s sections out of order or twice"
    for row in rows(plan, lesson):
        if "section" in row:
            assert int(row["section"]) in found.sections, f"{lesson} has no section {row}"
            own = found.sections[int(row["section"])][1]
        else:
            assert row.get("part") == "questions", row
            own = found.questions_minutes()
            assert own is not None and own >= 0, (
                f"{lesson}: the questions' time is unknown ({found.total} min in all, sections "
                f"{sum(m for _, m in found.sections.values())})")
        assert agenda.row_minutes(row, LESSONS) == own
        if "minutes" in row:
            assert row["minutes"] == own, f"{plan}: {row} says {row['minutes']}, the lesson {own}"


@pytest.mark.parametrize(("plan", "lesson"), PAIRS, ids=[f"{p}-{n}" for p, n in PAIRS])
def test_a_whole_lesson_takes_its_stated_total(plan, lesson):
    """Where a plan holds every numbered section of a lesson, its rows add up to the lesson's
    **Time:** (the questions take what the sections leave)."""
    found = LESSONS.get(lesson)
    assert found is not None, f"{plan}: no notebook notebooks/{lesson}.ipynb"
    assert found.has_section_times and found.total is not None, (
        f"lesson {lesson} states no total (**Time:** about N minutes) or no time for some "
        "sections")
    covered = {int(r["section"]) for r in rows(plan, lesson) if "section" in r}
    if covered != set(found.sections):
        return  # a part of the lesson: the section rows are checked one by one above
    sections = sum(m for _, m in found.sections.values())
    assert found.questions is not None or sections <= found.total, (
        f"lesson {lesson} states {found.total} minutes in all but its sections add up to "
        f"{sections}: correct the lesson's **Time:** or its sections' times")
    got = sum(agenda.row_minutes(r, LESSONS) for r in rows(plan, lesson))
    if not any(r.get("part") == "questions" for r in rows(plan, lesson)):
        got += found.questions_minutes() or 0  # answered in a discussion row instead
    assert got == found.total, f"{plan}: {lesson} takes {got} min, the lesson says {found.total}"


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_lesson_s_times_add_up(lesson):
    """Every lesson, in a plan or not: its sections (and its questions, where timed) take its
    stated total, so any plan can take it whole or in parts."""
    found = LESSONS[lesson]
    assert found.total is not None and found.has_section_times, (
        f"lesson {lesson} states no total (**Time:** about N minutes) or no time for some "
        "sections (\"*about N min*\" under each '## N.' heading)")
    sections = sum(m for _, m in found.sections.values())
    if found.questions is None:
        assert sections <= found.total, (
            f"lesson {lesson} states {found.total} minutes in all but its sections add up to "
            f"{sections}: correct the lesson's **Time:** or its sections' times")
    else:
        assert sections + found.questions == found.total, (
            f"lesson {lesson} states {found.total} minutes in all but its sections and questions "
            f"add up to {sections + found.questions}")


def test_the_rendered_agenda_is_up_to_date():
    rendered = agenda.render(DATA, LESSONS)
    current = agenda.README.read_text(encoding="utf-8") if agenda.README.exists() else ""
    assert current == rendered, "workshop/README.md is out of date: run `python3 tasks.py agenda`"


def test_rendered_start_times_run_on_without_gaps():
    text = agenda.render(DATA, LESSONS)
    for plan in DATA["plans"].values():
        start = 0
        for row in plan["rows"]:
            assert f"| {agenda.clock(start)} | {agenda.row_minutes(row, LESSONS)} |" in text
            start += agenda.row_minutes(row, LESSONS)


def test_a_lesson_without_section_times_is_read_as_such(tmp_path):
    import json

    cells = [{"cell_type": "markdown", "metadata": {}, "source": src} for src in (
        "# A lesson\n\n**Time:** about 20 minutes.", "## 1. One\n\nText.",
        "## 2. Two\n\n*about 5 min*\n\nText.", "## Check your understanding\n\n*about 3 min*")]
    path = tmp_path / "09_x.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    found = agenda.read_lesson(path)
    assert (found.total, found.sections, found.questions) == (
        20, {1: ("One", None), 2: ("Two", 5)}, 3)
    assert not found.has_section_times
