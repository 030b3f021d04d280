"""Reading comfort, measured in Chromium at 1280x800 in both front ends, on every lesson: text of
at least 16 px, lines of at most about 90 characters, and slider tracks at least 300 px long
(CONVENTIONS.md, "Two front ends, one lesson"; the style sheet is helpers/page.py)."""
import statistics

import pytest

from .harness import (BROWSER_NOTEBOOKS, LAYOUT_JS, READING_VIEWPORT, close_session,
                      kernel_widget_counts, open_notebook, render_in_voila, run_all,
                      session_kernel_id, shutdown_voila_kernel, wait_for_widgets,
                      wait_until_run)

pytestmark = pytest.mark.browser

MIN_FONT_PX = 16
MAX_CHARS_PER_LINE = 95   # "about 90": a wrapped line's characters vary with the words on it
MIN_SLIDER_PX = 300


def check(name: str, front: str, m: dict) -> None:
    assert m["font"], f"{name} in {front}: no prose found"
    assert min(m["font"]) >= MIN_FONT_PX, f"{name} in {front}: prose at {min(m['font'])} px"
    assert max(m["cpl"]) <= MAX_CHARS_PER_LINE, (
        f"{name} in {front}: up to {max(m['cpl']):.0f} characters a line "
        f"(median {statistics.median(m['cpl']):.0f})")
    assert all(w >= MIN_SLIDER_PX for w in m["sliders"]), (
        f"{name} in {front}: slider tracks {sorted(round(w) for w in m['sliders'])} px")
    assert not m["overflow"], f"{name} in {front}: the page scrolls sideways"


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_reading_comfort_in_the_app(path, voila, page):
    page.set_viewport_size(READING_VIEWPORT)
    kernel_id = render_in_voila(page, voila, path.name)
    try:
        wait_for_widgets(page, kernel_widget_counts(voila.runtime_dir, kernel_id))
        check(path.name, "Voila", page.evaluate(LAYOUT_JS, "#rendered_cells"))
    finally:
        shutdown_voila_kernel(voila, kernel_id)


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_reading_comfort_in_jupyterlab(path, lab, scratch, page):
    name = path.name
    page.set_viewport_size(READING_VIEWPORT)
    open_notebook(page, lab, name)
    session_id, kernel_id = session_kernel_id(lab, name)
    try:
        run_all(page)
        wait_until_run(page, scratch[2][name])
        wait_for_widgets(page, kernel_widget_counts(lab.runtime_dir, kernel_id))
        check(name, "JupyterLab", page.evaluate(LAYOUT_JS, ".jp-Notebook"))
    finally:
        close_session(lab, session_id)
