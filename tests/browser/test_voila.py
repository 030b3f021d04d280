"""Every notebook as a Voila app, in a real Chromium: a render-only smoke test. The lesson executes
without errors, every widget the kernel made is on the page and visible, and every image loads.

The full control sweep (every control changes the output) runs once, in JupyterLab (test_lab.py):
the widgets and the kernel are the same in both front ends, and sweeping both would make browser
time grow as lessons x widgets x 2.
"""
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
