"""Every notebook as a Voila app, in a real Chromium: it executes without errors, every widget
renders and every control changes what the reader sees."""
import pytest

from .harness import (BROWSER_NOTEBOOKS, check_widgets_respond, error_outputs, render_in_voila,
                      shutdown_voila_kernel)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_app_renders_and_every_control_changes_the_output(path, voila, page):
    name = path.name
    kernel_id = render_in_voila(page, voila, name)
    try:
        errors = error_outputs(page)
        assert not errors, f"{name}: error output in Voila:\n" + "\n---\n".join(errors)

        check_widgets_respond(page, voila, kernel_id, name)
    finally:
        shutdown_voila_kernel(voila, kernel_id)
