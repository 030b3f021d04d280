"""Every notebook in JupyterLab, in a real Chromium: Run All, no errors, every widget renders and
every control changes what the learner sees."""
import re
import time

import pytest

from .conftest import (BROWSER_NOTEBOOKS, STDERR, TIMEOUT_S, check_widgets_respond,
                       error_outputs)

pytestmark = pytest.mark.browser

# Per-notebook state of the run, read from the page.
JS_RUN_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map(e => e.textContent.trim());
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  return {prompts, status: indicator ? indicator.dataset.status : null,
          dialog: dialog ? dialog.innerText : null};
}"""


def open_notebook(page, lab, name):
    # `reset`: start from an empty workspace, so no tab (and kernel) of an earlier test reopens.
    page.goto(lab.url(f"/lab/tree/{name}", reset=None), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=TIMEOUT_S * 1000)
    page.locator(f'.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').first \
        .wait_for(timeout=TIMEOUT_S * 1000)


def run_all(page):
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu li[data-command="runmenu:run-all"]').click()


def wait_until_run(page, n_code_cells, timeout=TIMEOUT_S):
    """Wait until the kernel is idle and every non-empty code cell has run, or a cell failed (a
    failing cell stops Run All). Returns the execution counts."""
    deadline = time.monotonic() + timeout
    done_once = False
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(JS_RUN_STATE)
        if state and state["dialog"]:
            pytest.fail(f"JupyterLab shows a dialog: {state['dialog']}")
        if state and state["status"] == "idle" and "[*]:" not in state["prompts"]:
            counted = [p for p in state["prompts"] if re.fullmatch(r"\[\d+\]:", p)]
            if len(counted) >= n_code_cells or page.locator(STDERR).count():
                if done_once:
                    return [int(p[1:-2]) for p in counted]
                done_once = True
            else:
                done_once = False
        page.wait_for_timeout(300)
    pytest.fail(f"Run All did not finish within {timeout:.0f} s; last state: {state}")


def session_kernel_id(lab, name, timeout=TIMEOUT_S):
    """The notebook's session and kernel, once JupyterLab has started them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for s in lab.api("GET", "/api/sessions"):
            if s.get("path") == name and s.get("kernel"):
                return s["id"], s["kernel"]["id"]
        time.sleep(0.3)
    pytest.fail(f"JupyterLab started no kernel for {name} within {timeout:.0f} s")


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
        try:
            lab.api("DELETE", f"/api/sessions/{session_id}")
        except Exception:
            pass


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
        try:
            lab.api("DELETE", f"/api/sessions/{session_id}")
        except Exception:
            pass
