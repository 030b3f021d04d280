"""Every notebook as a Voila app, in a real Chromium: it executes without errors, every widget
renders and every control changes what the reader sees."""
import pytest

from .conftest import (BROWSER_NOTEBOOKS, TIMEOUT_S, check_widgets_respond,
                       error_outputs)

pytestmark = pytest.mark.browser

JS_KERNEL_ID = ("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                ".kernelId")


def shutdown_kernel(voila, kernel_id):
    """Voila shuts a page's kernel down on `beforeunload` with a request the server refuses (no XSRF
    token: voila-dashboards/voila#1458), so kernels would pile up until the server stops. The test
    asks with its token instead (token-authenticated requests need no XSRF token)."""
    try:
        voila.api("POST", f"/voila/api/shutdown/{kernel_id}")
    except Exception as exc:  # never hide the test's own failure behind a clean-up problem
        print(f"could not shut down Voila kernel {kernel_id}: {exc}")


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_app_renders_and_every_control_changes_the_output(path, voila, page):
    name = path.name
    # The page streams while the kernel executes; Voila removes #loading once every cell has run.
    page.goto(voila.url(f"/voila/render/{name}"), wait_until="commit", timeout=TIMEOUT_S * 1000)
    page.locator("#rendered_cells").wait_for(state="attached", timeout=TIMEOUT_S * 1000)
    page.locator("#loading").wait_for(state="detached", timeout=TIMEOUT_S * 1000)
    kernel_id = page.evaluate(JS_KERNEL_ID)
    try:
        errors = error_outputs(page)
        assert not errors, f"{name}: error output in Voila:\n" + "\n---\n".join(errors)

        check_widgets_respond(page, voila, kernel_id, name)
    finally:
        shutdown_kernel(voila, kernel_id)
