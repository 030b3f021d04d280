"""Every notebook as a Voila app, in a real Chromium: a render-only smoke test. The lesson executes
without errors, every widget the kernel made is on the page and visible, and every image loads.

The full control sweep (every control changes the output) runs once, in JupyterLab (test_lab.py):
the widgets and the kernel are the same in both front ends, and sweeping both would make browser
time grow as lessons x widgets x 2.
"""
from pathlib import Path

import pytest

from .harness import (BROWSER_NOTEBOOKS, error_outputs, kernel_widget_counts, render_in_voila,
                      shutdown_voila_kernel, wait_for_widgets)

pytestmark = pytest.mark.browser

JS_BROKEN_IMAGES = """() => [...document.querySelectorAll('#rendered_cells img')]
  .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_app_renders_every_widget_without_errors(path, voila, page):
    name = path.name
    kernel_id = render_in_voila(page, voila, name)
    try:
        errors = error_outputs(page)
        assert not errors, f"{name}: error output in Voila:\n" + "\n---\n".join(errors)
        made = kernel_widget_counts(voila.runtime_dir, kernel_id)
        seen = wait_for_widgets(page, made)
        page.wait_for_function(
            "() => [...document.querySelectorAll('#rendered_cells img')]"
            ".every(i => i.complete)", timeout=30_000)
        broken = page.evaluate(JS_BROKEN_IMAGES)
        assert not broken, f"{name}: images that did not load: {broken}"
        print(f"{name}: kernel made {made}, page shows {seen}")
    finally:
        shutdown_voila_kernel(voila, kernel_id)


PLANNER_NOTEBOOK = "02_infusion_timing.ipynb"


@pytest.mark.skipif(PLANNER_NOTEBOOK not in [p.name for p in BROWSER_NOTEBOOKS],
                    reason="the planner lesson is not among the browser notebooks")
def test_planner_calendar_downloads_from_the_app(voila, page):
    """In the app there is no folder to save to: the calendar must reach the reader's device."""
    from icalendar import Calendar

    from helpers.views import _planner as planner

    kernel_id = render_in_voila(page, voila, PLANNER_NOTEBOOK)
    try:
        link = page.locator(".nz-planner a.nz-download")
        link.wait_for(timeout=60_000)
        link.scroll_into_view_if_needed()
        with page.expect_download(timeout=30_000) as info:
            link.click()
        events = Calendar.from_ical(Path(info.value.path()).read_bytes()).walk("VEVENT")
        expected = planner.plan(**{c.name: c.default for c in planner.CONTROLS})["saved"]
        assert [e.decoded("dtstart") for e in events] == expected
    finally:
        shutdown_voila_kernel(voila, kernel_id)


def test_links_between_lessons_work_in_the_app(voila, page):
    """The app serves the whole folder: a link from the start page opens the next lesson (not a
    403), and each page's title is its lesson's title."""
    import json

    from .harness import BROWSER_NOTEBOOKS

    names = [p.name for p in BROWSER_NOTEBOOKS]
    if "00_start_here.ipynb" not in names or len(names) < 2:
        pytest.skip("needs the start page and another lesson")
    kernel_id = render_in_voila(page, voila, "00_start_here.ipynb")
    titles = {p.name: json.loads(p.read_text(encoding="utf-8"))["metadata"]["title"]
              for p in BROWSER_NOTEBOOKS}
    try:
        assert page.title() == titles["00_start_here.ipynb"]
        target = next(n for n in names if n != "00_start_here.ipynb")
        link = page.locator(f'#rendered_cells a[href$="{target}"]').first
        link.scroll_into_view_if_needed()
        with page.expect_navigation(timeout=120_000):
            link.click()
        page.locator("#rendered_cells").wait_for(state="attached", timeout=120_000)
        assert page.url.endswith(f"/voila/render/{target}")
        assert page.title() == titles[target]
    finally:
        shutdown_voila_kernel(voila, kernel_id)
