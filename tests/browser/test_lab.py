"""Every notebook in JupyterLab, in a real Chromium: Run All, no errors, every widget renders and
every control changes what the learner sees."""
from pathlib import Path

import pytest

from .harness import (BROWSER_NOTEBOOKS, check_widgets_respond, close_session, error_outputs,
                      open_notebook, run_all, session_kernel_id, wait_until_run)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_then_every_control_changes_the_output(path, lab, scratch, page):
    name = path.name
    n_code = scratch[2][name]
    open_notebook(page, lab, name)
    session_id, kernel_id = session_kernel_id(lab, name)
    try:
        run_all(page)
        counts = wait_until_run(page, n_code)
        errors = error_outputs(page)
        assert not errors, f"{name}: error output after Run All:\n" + "\n---\n".join(errors)
        assert counts == list(range(1, n_code + 1)), \
            f"{name}: expected execution counts 1..{n_code} in a fresh kernel, got {counts}"

        check_widgets_respond(page, lab, kernel_id, name)
    finally:
        close_session(lab, session_id)


PLANNER_NOTEBOOK = "02_infusion_timing.ipynb"


@pytest.mark.skipif(PLANNER_NOTEBOOK not in [p.name for p in BROWSER_NOTEBOOKS],
                    reason="the planner lesson is not among the browser notebooks")
def test_planner_calendar_downloads_and_saves_unchanged(lab, scratch, page):
    """The calendar reaches the reader's own device as a download that a real iCalendar parser
    reads unchanged; saving next to the notebook is the second choice and never overwrites
    silently."""
    from icalendar import Calendar

    from helpers.views import _planner as planner

    nb_dir, counts = scratch[1], scratch[2]
    target = nb_dir / "my_infusions.ics"
    target.unlink(missing_ok=True)
    open_notebook(page, lab, PLANNER_NOTEBOOK)
    session_id, _ = session_kernel_id(lab, PLANNER_NOTEBOOK)
    try:
        run_all(page)
        wait_until_run(page, counts[PLANNER_NOTEBOOK])
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
        box.locator("text=already exists").wait_for(timeout=30_000)
        assert target.read_bytes() == before
    finally:
        target.unlink(missing_ok=True)
        close_session(lab, session_id)
