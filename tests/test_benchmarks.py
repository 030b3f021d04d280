"""The benchmark still imports and builds its notebook, so a change to the browser harness or to
helpers cannot break it unnoticed (running it takes minutes and a browser, so CI does not)."""
import json

import nbformat
import pytest

wl = pytest.importorskip("benchmarks.widget_latency")


def test_benchmark_times_the_shipped_encoder_and_the_shared_harness():
    from helpers import widgets
    from tests.browser import harness

    assert wl.harness is harness
    try:
        from helpers.png import encode_png
    except ImportError:
        encode_png = widgets.encode_png
    assert wl.encode_png is encode_png, "the benchmark must time the shipped encoder, not a copy"


def test_benchmark_notebook_is_valid_and_shows_every_view():
    from helpers.views import REGISTRY

    names = [n for n, spec in REGISTRY.items() if spec.draw is not None]
    nb = nbformat.reads(json.dumps(wl.notebook(names, density=2)), as_version=4)
    nbformat.validate(nb)
    assert len(nb.cells) == 2 + 2 * len(names)     # set-up, pixel density, then two per view
    assert "PIXEL_DENSITY = 2" in nb.cells[1].source


def test_layout_benchmark_uses_the_shared_harness():
    from tests.browser import harness

    layout = pytest.importorskip("benchmarks.front_end_layout")
    assert layout.harness is harness


def test_ready_time_benchmark_uses_the_shared_harness_and_the_tests_budget():
    from tests.browser import harness, test_app

    ready = pytest.importorskip("benchmarks.app_ready_time")
    assert ready.harness is harness
    assert ready.BUDGET_S == test_app.READY_BUDGET_S
