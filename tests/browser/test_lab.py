"""Every notebook in JupyterLab, in a real Chromium: Run All, no errors, every widget renders and
every control changes what the learner sees."""
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
def test_planner_button_saves_a_calendar_that_icalendar_reads_unchanged(lab, scratch, page):
    """Issue: a calendar exported from the notebook imports into a real iCalendar parser unchanged,
    and a second click never overwrites the file silently."""
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
        box.locator("button", has_text="Save calendar file").click()
        box.locator("text=Saved 6 dates").wait_for(timeout=30_000)
        events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        expected = planner.plan(**{c.name: c.default for c in planner.CONTROLS})
        assert [e.decoded("dtstart") for e in events] == expected["dates"]
        assert len({str(e["uid"]) for e in events}) == len(events)

        before = target.read_bytes()
        box.locator("button", has_text="Save calendar file").click()
        box.locator("text=already exists").wait_for(timeout=30_000)
        assert target.read_bytes() == before
    finally:
        target.unlink(missing_ok=True)
        close_session(lab, session_id)
