"""Every registered view, across its whole control range: no exception, nothing non-finite drawn,
a readout present, every control changes what is shown, and controls stay in step with set_params.

New lessons' views are found by ``helpers.views`` and swept here without editing this file.
"""
import math
import re
from collections.abc import Mapping

import numpy as np
import pytest

from helpers import widgets as W
from helpers.views import REGISTRY
from sweeps import grid_results, sweep_params
from rules import (ONE_IN_N, VERDICT, dots_without_estimate, risks_without_period,
                   shown_texts)

SPECS = sorted(REGISTRY.values(), key=lambda s: s.name)


def finite(result: Mapping) -> bool:
    """True when every number and float array in a compute result is finite."""
    for v in result.values():
        if isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool):
            if not math.isfinite(float(v)):
                return False
        elif isinstance(v, np.ndarray) and v.dtype.kind in "fc":
            if not np.all(np.isfinite(v)):
                return False
        elif isinstance(v, Mapping) and not finite(v):
            return False
    return True


def test_registry_is_not_empty_and_found_by_itself():
    assert {"start_here.after_infusion", "infusion_timing.interval"} <= set(REGISTRY)


def test_sweep_params_cover_each_control_extremes():
    controls = REGISTRY["infusion_timing.weight"].controls
    params = sweep_params(controls)
    for c in controls:
        values = c.values()
        assert any(p[c.name] == values[0] for p in params)
        assert any(p[c.name] == values[-1] for p in params)
    assert all(set(p) == {c.name for c in controls} for p in params)


def test_finite_catches_nan_and_inf():
    assert finite({"a": np.ones(3), "b": 1.0})
    assert not finite({"a": np.array([1.0, np.nan])})
    assert not finite({"a": float("inf")})


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_compute_over_the_control_grid(spec):
    for params, result in grid_results(spec.name):
        assert finite(result), f"non-finite values at {params}"
        readout = result["readout"]
        pairs = [("", readout)] if isinstance(readout, str) else readout
        assert pairs and all(text.strip() for _, text in pairs), f"empty readout at {params}"


def test_the_verdict_pattern_catches_verdicts():
    for text in ("yes, throughout", "No, it dips below", "safe to continue", "well above the level",
                 "still above it", "you are protected"):
        assert VERDICT.search(text), text
    assert not VERDICT.search("no antibodies; 26.6 µg/mL (model, average 70 kg adult)")


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_readout_gives_a_verdict_anywhere_on_the_grid(spec):
    """Readouts give numbers for a model or a named population, never a yes/no about a reader."""
    for params, result in grid_results(spec.name):
        readout = result["readout"]
        text = readout if isinstance(readout, str) else " | ".join(f"{k}: {v}" for k, v in readout)
        assert not VERDICT.search(text), f"{spec.name} at {params}: {text}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_risk_is_written_as_1_in_n_anywhere_on_the_grid(spec):
    """One risk format, "N of 1,000 people over [period]", in every readout line and figure
    text at every point of the grid."""
    for params, result in grid_results(spec.name):
        for text in shown_texts(result):
            assert not ONE_IN_N.search(text), f"{spec.name} at {params}: {text}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_risk_number_names_its_period_anywhere_on_the_grid(spec):
    for params, result in grid_results(spec.name):
        missing = risks_without_period(shown_texts(result))
        assert not missing, f"{spec.name} at {params}: no time period in {missing}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_dots_where_no_estimate_exists_anywhere_on_the_grid(spec):
    for params, result in grid_results(spec.name):
        assert not dots_without_estimate(result), f"{spec.name} at {params}"


def test_the_risk_rules_fail_on_broken_examples():
    """Each rule fails once on a deliberately broken readout, and passes its repaired twin."""
    broken = {"readout": [("Published estimate", "about 4.6 per 1,000 (about 1 in 217)")],
              "icons": {"people": (np.zeros((1000, 4)), np.zeros((1000, 4)))},
              "found": {"people": False},
              "texts": {"caption": "5 of 1,000 got PML"}}
    texts = shown_texts(broken)
    assert any(ONE_IN_N.search(t) for t in texts)
    assert risks_without_period(texts) == ["Published estimate: about 4.6 per 1,000 (about 1 "
                                           "in 217)", "5 of 1,000 got PML"]
    assert dots_without_estimate(broken) == ["people"]
    assert dots_without_estimate({**broken, "found": {}}) == ["people"]   # found not said
    fixed = {"readout": [("Published estimate", "about 5 of 1,000 people (4.6 per 1,000) "
                          "during months 25 to 48 of treatment")],
             "icons": {"people": None}, "found": {"people": False},
             "texts": {"caption": "5 of 1,000 got PML\nduring months 25 to 48; 995 did not"}}
    texts = shown_texts(fixed)
    assert not any(ONE_IN_N.search(t) for t in texts)
    assert risks_without_period(texts) == [] and dots_without_estimate(fixed) == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_view_draws_finite_data_at_every_extreme(spec):
    """The data the figure's artists are given is finite at every sweep value. A number property:
    the artists are updated as on screen, but no frame is rasterised (that is pixels, checked by
    test_every_control_changes_what_is_shown)."""
    view = spec.build()
    for control in spec.controls:
        for value in control.sweep_values():
            params = view._checked({**W.defaults(spec.controls), control.name: value})
            view.params, view.result = params, spec.compute(**params)
            if isinstance(view, W.LiveFigure):
                view._update(view.frame, view.result)
            for xy in view.drawn_arrays():
                assert np.all(np.isfinite(xy)), f"{control.name}={value}"
            assert view.readout_text().strip()
            assert view.alt_text().startswith(spec.title)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_control_changes_what_is_shown(spec):
    view = spec.build()
    base = W.defaults(spec.controls)
    for control in spec.controls:
        values = control.values()
        view.set_params(**{**base, control.name: values[0]})
        low = view.snapshot(), view.readout_text()
        view.set_params(**{**base, control.name: values[-1]})
        assert low != (view.snapshot(), view.readout_text()), control.name


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_controls_are_labelled_with_units_or_choices(spec):
    for c in spec.controls:
        assert c.label.strip()
        if not c.is_choice and not c.is_date:
            assert "(" in c.label and ")" in c.label, f"{spec.name}: {c.label!r} has no unit"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_out_of_range_values_are_refused_in_the_readers_units(spec):
    view = spec.build()
    for c in spec.controls:
        if c.is_choice:
            bad = ["no such choice"]
        elif c.is_date:
            bad = [c.min.replace(year=c.min.year - 1)]
        else:
            bad = [c.min - 10 * c.step, c.max + 10 * c.step]
        for value in bad:
            with pytest.raises(ValueError, match=rf"^{c.name} must .*\({re.escape(c.label)}\)"):
                view.set_params(**{c.name: value})
        assert view.params == W.defaults(spec.controls)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_a_bad_call_never_freezes_the_widget(spec):
    view = spec.build()
    view.widget()
    numeric = [c for c in spec.controls if not c.is_choice and not c.is_date]
    c = numeric[0] if numeric else spec.controls[0]
    before = view.snapshot()
    with pytest.raises((TypeError, ValueError)):
        view.set_params(**{c.name: "not a value"})
    assert view.error and 'role="alert"' in ui_error_html(view)
    assert view.snapshot() == before                       # last valid state kept
    widget = control_widget(view, c.name)
    widget.value = c.values()[-1] if widget.value != c.values()[-1] else c.values()[0]
    assert view.snapshot() != before and not view.error    # and it still answers its controls


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_controls_and_set_params_stay_in_step(spec):
    view = spec.build()
    view.widget()
    for c in spec.controls:
        value = c.values()[-1] if c.default != c.values()[-1] else c.values()[0]
        view.set_params(**{c.name: value})
        assert control_widget(view, c.name).value == value           # code -> control
        other = c.default
        control_widget(view, c.name).value = other
        assert view.params[c.name] == other                          # control -> code


def control_widget(view, name):
    """The ipywidget that drives control `name` (found by its description in the widget tree)."""
    label = next(c.label for c in view.controls if c.name == name)
    stack = [view.widget()]
    while stack:
        w = stack.pop()
        if getattr(w, "description", None) == label and hasattr(w, "value"):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(name)


def ui_error_html(view):
    stack = [view.widget()]
    while stack:
        w = stack.pop()
        if "nz-error" in str(getattr(w, "value", "")):
            return w.value
        stack.extend(getattr(w, "children", ()))
    return ""


MIN_TEXT_PT = 12   # readable from the back of a room at the default figure size


@pytest.mark.parametrize("spec", [s for s in SPECS if s.draw is not None], ids=lambda s: s.name)
def test_every_text_on_a_figure_is_at_least_12_points(spec):
    from matplotlib.text import Text

    view = spec.build()
    small = sorted({(t.get_fontsize(), t.get_text()[:40]) for t in view.fig.findobj(Text)
                    if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_TEXT_PT})
    assert not small, f"{spec.name}: text under {MIN_TEXT_PT} pt: {small}"
