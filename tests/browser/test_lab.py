"""Every lesson in JupyterLab (students, instructors: code visible), in a real Chromium.

Each lesson is opened and Run All is done once, at a laptop's 1280x800, and every check below
reads that same page (tests/browser/conftest.py orders this module's tests by lesson;
harness.OneLessonAtATime keeps the page), in this order:

1. Run All leaves no error and runs every code cell, in order, in a fresh kernel;
2. reading comfort: text of at least 16 px, lines of about 90 characters at most, slider tracks
   of 300 px or more, no sideways scrolling; and at 1280x800 and a phone's 390x844, no control
   crosses another, nothing of a control is drawn over its neighbour, each slider's value is on
   top;
3. on lesson 02, the planner's calendar downloads, and saving it next to the notebook writes the
   same dates and never overwrites silently (before any control moves the planner);
4. every slider is named by its label (found by role "slider" and that name) and every readout
   is a polite live region, as in the app;
5. on lessons with a coding exercise, its solution stays folded after Run All: neither the folded
   <details> nor the solution cell (source hidden) shows the solution's code until opened;
6. every control: moving each slider one step and picking another option in each dropdown
   changes what the learner sees, without an error.
"""
import ast
import json
from pathlib import Path

import pytest

from .harness import (BROWSER_NOTEBOOKS, check_controls_do_not_cross,
                      check_figure_text_is_readable,
                      check_menu_clicks_move_no_slider, check_reading_comfort,
                      check_sliders_and_readouts_are_named, check_widgets_respond, error_outputs,
                      expected_prompts)

pytestmark = pytest.mark.browser

LESSONS = [p.name for p in BROWSER_NOTEBOOKS]
NOTEBOOK_DIR = BROWSER_NOTEBOOKS[0].parent if BROWSER_NOTEBOOKS else Path(".")
PLANNER_NOTEBOOK = "02_infusion_timing.ipynb"


@pytest.mark.parametrize("lesson", LESSONS)
def test_run_all_leaves_no_error_and_runs_every_cell_in_order(lesson, lab_pages, scratch):
    opened = lab_pages.get(lesson)
    errors = error_outputs(opened.page)
    assert not errors, f"{lesson}: error output after Run All:\n" + "\n---\n".join(errors)
    expected = expected_prompts(lesson, scratch[2][lesson])  # 1..n, without folded solutions
    assert opened.counts == expected, \
        f"{lesson}: expected execution counts {expected} in a fresh kernel, got {opened.counts}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_reading_comfort_in_jupyterlab(lesson, lab_pages):
    check_reading_comfort(lab_pages.get(lesson).page, ".jp-Notebook", lesson, "JupyterLab")


@pytest.mark.parametrize("lesson", LESSONS)
def test_clicking_a_menu_moves_no_slider_in_jupyterlab(lesson, lab_pages):
    check_menu_clicks_move_no_slider(lab_pages.get(lesson).page, lesson, "JupyterLab")


@pytest.mark.parametrize("lesson", LESSONS)
def test_controls_never_cross_in_jupyterlab(lesson, lab_pages):
    check_controls_do_not_cross(lab_pages.get(lesson).page, lesson, "JupyterLab")


@pytest.mark.parametrize("lesson", LESSONS)
def test_figure_text_is_readable_on_a_phone_and_a_laptop_in_jupyterlab(lesson, lab_pages):
    check_figure_text_is_readable(lab_pages.get(lesson).page, ".jp-Notebook", lesson,
                                  "JupyterLab")


@pytest.mark.lesson(PLANNER_NOTEBOOK)
@pytest.mark.skipif(PLANNER_NOTEBOOK not in LESSONS,
                    reason="the planner lesson is not among the browser notebooks")
def test_planner_calendar_downloads_and_saves_unchanged(lab_pages, scratch):
    """The calendar reaches the reader's own device as a download that a real iCalendar parser
    reads unchanged; saving next to the notebook is the second choice and never overwrites
    silently."""
    from icalendar import Calendar

    from helpers.views import _planner as planner

    target = scratch[1] / "my_infusions.ics"
    target.unlink(missing_ok=True)
    page = lab_pages.get(PLANNER_NOTEBOOK).page
    try:
        box = page.locator(".nz-planner")
        box.scroll_into_view_if_needed()
        expected = planner.plan(**{c.name: c.default for c in planner.CONTROLS})["saved"]
        with page.expect_download(timeout=30_000) as info:
            box.locator("a.nz-download").click()
        assert info.value.suggested_filename == "my_infusions.ics"
        events = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")
        assert [e.decoded("dtstart") for e in events] == expected

        box.locator("button", has_text="save it next to the notebook").click()
        box.locator("text=Saved 6 dates").wait_for(timeout=30_000)
        events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert [e.decoded("dtstart") for e in events] == expected
        assert len({str(e["uid"]) for e in events}) == len(events)

        before = target.read_bytes()
        box.locator("button", has_text="save it next to the notebook").click()
        box.locator('[role="alert"]', has_text="already exists").wait_for(timeout=30_000)
        assert target.read_bytes() == before
    finally:
        target.unlink(missing_ok=True)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_slider_and_readout_has_an_accessible_name_in_jupyterlab(lesson, lab_pages):
    check_sliders_and_readouts_are_named(lab_pages.get(lesson).page, ".jp-Notebook", lesson,
                                         "JupyterLab")


def solution_lines(path: Path) -> list[str]:
    """The body lines of each solution cell's function that the rest of the lesson does not show
    anyway (a stub's hint may quote a formula): what must not show until the learner opens it."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines, elsewhere = [], []
    for cell in cells:
        code = "".join(cell["source"])
        if cell["cell_type"] == "code" and "solution" in cell["metadata"].get("tags", []):
            fn = next(n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef))
            body = fn.body[1:] if isinstance(fn.body[0], ast.Expr) else fn.body  # no docstring
            lines += [ast.get_source_segment(code, n).splitlines()[0].split("#")[0].strip()
                      for n in body]
        elif "<summary>Show the solution</summary>" not in code:
            elsewhere.append(code + json.dumps(cell.get("outputs", []), ensure_ascii=False))
    return [x for x in lines if not any(x in text for text in elsewhere)]


WITH_EXERCISES = [p.name for p in BROWSER_NOTEBOOKS if solution_lines(p)]


@pytest.mark.parametrize("lesson", WITH_EXERCISES)
def test_solutions_stay_folded_until_opened(lesson, lab_pages):
    """Run All runs the solution's check, but its code shows only when the learner opens it."""
    page = lab_pages.get(lesson).page
    lines = solution_lines(NOTEBOOK_DIR / lesson)
    shown = page.locator(".jp-Notebook").inner_text()
    assert not [x for x in lines if x in shown], f"{lesson}: solution code visible after Run All"
    summary = page.locator(".jp-Notebook details summary", has_text="Show the solution").first
    summary.scroll_into_view_if_needed()
    summary.click()
    try:
        assert lines[0] in page.locator(".jp-Notebook").inner_text(), "opened, it shows the code"
    finally:
        summary.click()


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_control_changes_the_output(lesson, lab_pages, lab):
    opened = lab_pages.get(lesson)
    check_widgets_respond(opened.page, lab, opened.kernel_id, lesson)
