"""Every lesson as a Voila app (the front end for people on treatment), in a real Chromium.

Each lesson is rendered once, at a laptop's 1280x800, and every check below reads that same page
(tests/browser/conftest.py orders this module's tests by lesson; harness.OneLessonAtATime keeps
the page):

1. the lesson executes without errors, every widget the kernel made is on the page and visible,
   and every image loads;
2. reading comfort: text of at least 16 px, lines of about 90 characters at most, slider tracks
   of 300 px or more, no sideways scrolling; and at 1280x800 and a phone's 390x844, no control
   crosses another, nothing of a control is drawn over its neighbour, each slider's value is on
   top;
3. the keyboard: Tab reaches every control of every live view in page order, each with a visible
   focus ring, and Shift+Tab goes back; figure text shows at 11 px or more at both sizes;
4. accessibility: axe-core (bundled with axe-playwright-python: no network) finds no `serious` or
   `critical` violation in the lesson's own content (inside Voila's #rendered_cells), with no
   exception list (KNOWN_LIMITATIONS stays empty). Everything axe reports is printed, with rule,
   impact and target. Through the browser's accessibility tree, every slider is found by its role
   and its label (Playwright's get_by_role), and every readout is a live region (role "status",
   aria-live "polite") that a screen reader announces when it changes;
5. nothing about cells or notebooks in the visible text ("the next cell", "Run All", "save it
   next to the notebook"): that is JupyterLab's, hidden in the app;
6. on lesson 02, the planner's calendar reaches the reader's device as a download, and a date
   outside the window (1900) is refused with a message, no calendar for it, and the planner keeps
   working; on lesson 03, the monitoring plan's calendar downloads too;
7. on lesson 00, last, a link to another lesson opens it in the app.

The full control sweep (every control changes the output) runs once, in JupyterLab (test_lab.py):
the widgets and the kernel are the same in both front ends.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .harness import (BROWSER_NOTEBOOKS, PHONE_VIEWPORT, READING_VIEWPORT,
                      check_controls_do_not_cross, check_figure_text_is_readable,
                      check_keyboard_reaches_every_control, check_menu_clicks_move_no_slider,
                      check_reading_comfort,
                      check_sliders_and_readouts_are_named, error_outputs, shutdown_voila_kernel,
                      widget_counts_in_page)

pytestmark = pytest.mark.browser

LESSONS = [p.name for p in BROWSER_NOTEBOOKS]
PLANNER_NOTEBOOK = "02_infusion_timing.ipynb"
MONITORING_NOTEBOOK = "03_duration_and_monitoring.ipynb"
START = "00_start_here.ipynb"

JS_BROKEN_IMAGES = """() => [...document.querySelectorAll('#rendered_cells img')]
  .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("lesson", LESSONS)
def test_app_renders_every_widget_without_errors(lesson, app_pages):
    opened = app_pages.get(lesson)
    errors = error_outputs(opened.page)
    assert not errors, f"{lesson}: error output in Voila:\n" + "\n---\n".join(errors)
    seen = widget_counts_in_page(opened.page)
    assert all(seen[k] >= opened.made[k] for k in opened.made), (opened.made, seen)
    broken = opened.page.evaluate(JS_BROKEN_IMAGES)
    assert not broken, f"{lesson}: images that did not load: {broken}"
    print(f"{lesson}: kernel made {opened.made}, page shows {seen}")


READY_BUDGET_S = 5.0
# Run beside JupyterLab's tests (the suite's two xdist workers share the 2 cores), a render takes
# up to twice as long (measured: lesson 00 2.6 s alone, 6.1 s beside them); the budget is then
# held at twice its value, so the check catches a regression without failing on the sharing.
# Alone (-n 0) or in benchmarks/app_ready_time.py, it is 5 s.
SHARED = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1
READY_LIMIT_S = READY_BUDGET_S * (2 if SHARED else 1)


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_is_ready_in_the_app_within_the_budget(lesson, app_pages):
    """A reader waits at most 5 s for a lesson (measured on a 2-core machine: render, every widget
    on the page, every image loaded). benchmarks/app_ready_time.py prints the spread."""
    ready = app_pages.get(lesson).ready_s
    print(f"{lesson}: ready in the app in {ready:.1f} s (limit {READY_LIMIT_S:g} s"
          f"{', beside the JupyterLab tests' if SHARED else ''})")
    assert ready <= READY_LIMIT_S, f"{lesson}: ready in {ready:.1f} s, over {READY_LIMIT_S:g} s"


@pytest.mark.parametrize("lesson", LESSONS)
def test_reading_comfort_in_the_app(lesson, app_pages):
    check_reading_comfort(app_pages.get(lesson).page, "#rendered_cells", lesson, "Voila")


@pytest.mark.parametrize("lesson", LESSONS)
def test_clicking_a_menu_moves_no_slider_in_the_app(lesson, app_pages):
    check_menu_clicks_move_no_slider(app_pages.get(lesson).page, lesson, "Voila")


@pytest.mark.parametrize("lesson", LESSONS)
def test_controls_never_cross_in_the_app(lesson, app_pages):
    check_controls_do_not_cross(app_pages.get(lesson).page, lesson, "Voila")


# ---------------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------------
FAIL_IMPACTS = {"serious", "critical"}
CONTENT = "#rendered_cells"

# Library limitations: (rule id, CSS selector the flagged element must match, evidence). Empty:
# the one there was (noUiSlider's slider handle inside ipywidgets has no accessible name) is fixed
# by the script helpers.page.setup() delivers, and
# test_every_slider_and_readout_has_an_accessible_name proves it through the accessibility tree.
# An entry needs evidence that the library, not the lessons, is at fault.
KNOWN_LIMITATIONS: list[tuple[str, str, str]] = []

JS_NODE_INFO = """([target, content, patterns]) => {
  const el = document.querySelector(target);
  if (!el) return null;
  return {inContent: !!el.closest(content), matches: patterns.map(p => el.matches(p))};
}"""


def run_axe(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]


def classify(page, violations):
    """(failures, known, elsewhere, minor): lists of (rule, impact, target, html, note)."""
    failures, known, elsewhere, minor = [], [], [], []
    for v in violations:
        rule, impact = v["id"], v.get("impact") or "none"
        for node in v["nodes"]:
            target = node["target"]
            row = (rule, impact, " ".join(map(str, target)), node.get("html", "")[:160])
            if impact not in FAIL_IMPACTS:
                minor.append(row)
                continue
            # axe gives a list for elements inside iframes or shadow roots; the lessons have none.
            sel = target[0] if len(target) == 1 and isinstance(target[0], str) else None
            info = sel and page.evaluate(
                JS_NODE_INFO, [sel, CONTENT, [p for _, p, _ in KNOWN_LIMITATIONS]])
            if not info:
                failures.append(row + ("element not found again: counted as a failure",))
            elif not info["inContent"]:
                elsewhere.append(row + ("Voila's page template, outside the lesson",))
            else:
                note = next((why for (r, _, why), hit in zip(KNOWN_LIMITATIONS, info["matches"])
                             if hit and r == rule), None)
                (known if note else failures).append(row + (note or "",))
    return failures, known, elsewhere, minor


def table(rows) -> str:
    return "\n".join(f"  {r[0]} [{r[1]}] {r[2]}\n      {r[3]}" + (f"\n      ({r[4]})" if len(r) > 4
                                                                    and r[4] else "")
                     for r in rows) or "  none"


@pytest.mark.parametrize("lesson", LESSONS)
def test_lesson_app_has_no_serious_or_critical_axe_violations(lesson, app_pages):
    page = app_pages.get(lesson).page
    failures, known, elsewhere, minor = classify(page, run_axe(page))
    report = (f"{lesson}: axe-core in Voila\n"
              f"serious/critical in the lesson:\n{table(failures)}\n"
              f"known library limitations (not failures):\n{table(known)}\n"
              f"serious/critical outside the lesson (Voila's template):\n{table(elsewhere)}\n"
              f"moderate/minor (not failures): {len(minor)} nodes, rules "
              f"{sorted({r[0] for r in minor})}")
    print(report)
    if failures:
        pytest.fail(report, pytrace=False)


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_slider_and_readout_has_an_accessible_name(lesson, app_pages):
    check_sliders_and_readouts_are_named(app_pages.get(lesson).page, CONTENT, lesson, "Voila")


JS_PHONE = """() => {
  const tables = [];
  for (const t of document.querySelectorAll('#rendered_cells .jp-RenderedMarkdown table')) {
    if (!t.offsetParent) continue;
    const area = t.closest('.jp-RenderedMarkdown').getBoundingClientRect();
    const box = t.getBoundingClientRect();
    const scrolls = getComputedStyle(t).overflowX === 'auto' && t.scrollWidth > t.clientWidth;
    tables.push({fits: box.right <= area.right + 1 && box.left >= area.left - 1, scrolls,
                 hint: getComputedStyle(t, '::before').content,
                 head: t.innerText.slice(0, 40)});
  }
  const se = document.scrollingElement;
  return {tables, sideways: se.scrollWidth > se.clientWidth + 1};
}"""


@pytest.mark.parametrize("lesson", LESSONS)
def test_on_a_phone_tables_fit_or_say_they_scroll(lesson, app_pages):
    """At 390x844 the page never scrolls sideways, and each table fits the reading column or
    scrolls inside itself with a line saying so."""
    from helpers import page as nz_page

    page = app_pages.get(lesson).page
    try:
        page.set_viewport_size(PHONE_VIEWPORT)
        page.wait_for_timeout(300)
        m = page.evaluate(JS_PHONE)
    finally:
        page.set_viewport_size(READING_VIEWPORT)
    assert not m["sideways"], f"{lesson}: the page scrolls sideways on a phone"
    bad = [t for t in m["tables"] if not t["fits"] and not (
        t["scrolls"] and nz_page.TABLE_SCROLL_HINT in t["hint"])]
    assert not bad, f"{lesson}: tables cut off on a phone, without scrolling and its hint: {bad}"
    print(f"{lesson} at 390 px: {len(m['tables'])} tables "
          f"({sum(t['scrolls'] for t in m['tables'])} scroll)")


@pytest.mark.parametrize("lesson", LESSONS)
def test_figure_text_is_readable_on_a_phone_and_a_laptop_in_the_app(lesson, app_pages):
    """Figures are drawn for the width they are shown at: at 390x844 and 1280x800 every live
    figure's smallest text shows at 11 px or more (it was about 6.6 px on a phone)."""
    check_figure_text_is_readable(app_pages.get(lesson).page, CONTENT, lesson, "Voila")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_control_is_reached_by_the_keyboard_with_a_visible_focus(lesson, app_pages):
    """A reader without a mouse: Tab from the top reaches every slider, menu, date field, button
    and link of every live view, in page order, each with a focus ring that differs from how it
    looks unfocused, and Shift+Tab goes back. (In JupyterLab, Tab inside a code cell indents: its
    keyboard users move between cells with JupyterLab's own keys, so this runs in the app.)"""
    check_keyboard_reaches_every_control(app_pages.get(lesson).page, CONTENT, lesson, "Voila")


# Words that belong beside a notebook, not in the app (hidden there: cells tagged app-hide, parts of
# widgets with the class nz-lab-only).
NOTEBOOK_WORDS = re.compile(
    r"\b(?:code cells?|(?:this|next|first|last|previous) cell|cell (?:below|above)|run all|"
    r"notebooks?|jupyter(?:lab)?|kernel)\b", re.I)


@pytest.mark.parametrize("lesson", LESSONS)
def test_nothing_about_cells_or_notebooks_shows_in_the_app(lesson, app_pages):
    text = app_pages.get(lesson).page.locator(CONTENT).inner_text()
    found = sorted({m.group(0) for m in NOTEBOOK_WORDS.finditer(text)})
    context = [text[max(0, m.start() - 60):m.end() + 40].replace("\n", " ")
               for m in NOTEBOOK_WORDS.finditer(text)][:5]
    assert not found, f"{lesson} in Voila shows {found}:\n  " + "\n  ".join(context)


# ---------------------------------------------------------------------------------------------
# One lesson each
# ---------------------------------------------------------------------------------------------
@pytest.mark.lesson(PLANNER_NOTEBOOK)
@pytest.mark.skipif(PLANNER_NOTEBOOK not in LESSONS,
                    reason="the planner lesson is not among the browser notebooks")
def test_planner_calendar_downloads_from_the_app(app_pages):
    """In the app there is no folder to save to: the calendar must reach the reader's device."""
    from icalendar import Calendar

    from helpers.views import _planner as planner

    page = app_pages.get(PLANNER_NOTEBOOK).page
    link = page.locator(".nz-planner a.nz-download")
    link.wait_for(timeout=60_000)
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        link.click()
    events = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")
    expected = planner.plan(**{c.name: c.default for c in planner.CONTROLS})["saved"]
    assert [e.decoded("dtstart") for e in events] == expected


@pytest.mark.lesson(PLANNER_NOTEBOOK)
@pytest.mark.skipif(PLANNER_NOTEBOOK not in LESSONS,
                    reason="the planner lesson is not among the browser notebooks")
def test_a_date_outside_the_window_is_refused_and_the_planner_keeps_working(app_pages):
    """A reader types 1900: a short message says which dates the planner takes, no calendar for
    1900 can be downloaded, and a date inside the window brings the plan and its download back."""
    import datetime as dt

    from helpers.views import _planner as planner

    page = app_pages.get(PLANNER_NOTEBOOK).page
    box = page.locator(".nz-planner")
    picker = box.locator('input[type="date"]')
    picker.scroll_into_view_if_needed()
    try:
        picker.fill("1900-01-01")
        alert = box.locator('[role="alert"]', has_text="choose a date from")
        alert.wait_for(timeout=30_000)
        low, high = planner.date_window()
        assert f"{low.day} {low:%B %Y} to {high.day} {high:%B %Y}" in alert.inner_text()
        assert "1 January 1900" in alert.inner_text()
        assert box.locator("a.nz-download").count() == 0, "a calendar for 1900 can be downloaded"
        assert "1900" not in box.locator(".nz-readout").inner_text()
    finally:
        inside = dt.date.today() + dt.timedelta(days=30)
        picker.fill(inside.isoformat())
    box.locator("a.nz-download").wait_for(timeout=30_000)
    assert box.locator('[role="alert"]').count() == 0
    assert f"{inside.day} {inside:%B %Y}" in box.locator(".nz-readout").inner_text()
    picker.fill(planner.EXAMPLE_START.isoformat())   # as the other checks found it
    box.locator(".nz-readout", has_text="an example date").wait_for(timeout=30_000)


@pytest.mark.lesson(MONITORING_NOTEBOOK)
@pytest.mark.skipif(MONITORING_NOTEBOOK not in LESSONS,
                    reason="the monitoring lesson is not among the browser notebooks")
def test_monitoring_plan_calendar_downloads_from_the_app(app_pages):
    """Lesson 03 promises the plan as a calendar file: in the app it must reach the reader's
    device, and two independent parsers (icalendar, vobject) read the plan shown."""
    import vobject
    from icalendar import Calendar

    from helpers.views import _monitoring_plan as mp

    page = app_pages.get(MONITORING_NOTEBOOK).page
    link = page.locator(f'{CONTENT} a.nz-download[download="{mp.PLAN_FILE}"]')
    link.wait_for(timeout=60_000)
    link.scroll_into_view_if_needed()
    with page.expect_download(timeout=30_000) as info:
        link.click()
    assert info.value.suggested_filename == mp.PLAN_FILE
    text = Path(info.value.path()).read_text(encoding="utf-8")
    expected = [it.date for it in mp.compute_plan(
        **{c.name: c.default for c in mp.PLAN_CONTROLS})["items"]]
    assert [e.decoded("dtstart") for e in Calendar.from_ical(text).walk("VEVENT")] == expected
    assert [e.dtstart.value for e in vobject.readOne(text).vevent_list] == expected


@pytest.mark.lesson(START)
@pytest.mark.skipif(START not in LESSONS or len(LESSONS) < 2,
                    reason="needs the start page and another lesson")
def test_links_between_lessons_work_in_the_app(app_pages, voila):
    """The app serves the whole folder: a link from the start page opens the next lesson (not a
    403), and each page's title is its lesson's title. Runs last on the start page: it navigates
    the shared page away."""
    titles = {p.name: json.loads(p.read_text(encoding="utf-8"))["metadata"]["title"]
              for p in BROWSER_NOTEBOOKS}
    opened = app_pages.get(START)
    page = opened.page
    try:
        assert page.title() == titles[START]
        target = next(n for n in LESSONS if n != START)
        link = page.locator(f'#rendered_cells a[href$="{target}"]').first
        link.scroll_into_view_if_needed()
        with page.expect_navigation(timeout=120_000):
            link.click()
        page.locator("#rendered_cells").wait_for(state="attached", timeout=120_000)
        assert page.url.endswith(f"/voila/render/{target}")
        assert page.title() == titles[target]
        page.locator("#loading").wait_for(state="detached", timeout=120_000)
        shutdown_voila_kernel(voila, page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
            ".kernelId"))
    finally:
        app_pages.forget()
