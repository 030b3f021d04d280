"""Every registered widget, across its whole control range: no exception, nothing non-finite drawn,
a readout present, and the ranges are ones the models accept."""
import numpy as np
import pytest
from matplotlib.lines import Line2D

from helpers import widgets as W
from helpers.views import REGISTRY

SPECS = sorted(REGISTRY.values(), key=lambda s: s.name)


def test_registry_is_not_empty():
    assert REGISTRY


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_compute_over_the_control_grid(spec):
    for params in W.sweep_params(spec.controls):
        result = spec.compute(**params)
        assert W.finite_arrays(result), f"non-finite values at {params}"
        readout = result["readout"]
        assert readout and all(text.strip() for _, text in readout), f"empty readout at {params}"


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_view_draws_finite_artists_at_every_extreme(spec):
    view = spec.build()
    for control in spec.controls:
        for value in control.sweep_values():
            view.set_params(**{**W.defaults(spec.controls), control.name: value})
            for artist in W._flatten(view.frame.artists.values()):
                if isinstance(artist, Line2D):
                    xy = np.asarray(artist.get_xydata(), dtype=float)
                    assert np.all(np.isfinite(xy)), f"{artist} at {control.name}={value}"
            assert view.readout_text().strip()


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_control_changes_the_picture_or_the_readout(spec):
    for control in spec.controls:
        view = spec.build()
        base = W.defaults(spec.controls)
        lo = control.values()[0]
        hi = control.values()[-1]
        view.set_params(**{**base, control.name: lo})
        img_lo, text_lo = view.rgba().copy(), view.readout_text()
        view.set_params(**{**base, control.name: hi})
        assert not (np.array_equal(img_lo, view.rgba()) and text_lo == view.readout_text()), control.name


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_controls_are_labelled_with_units_or_choices(spec):
    for c in spec.controls:
        assert c.label.strip()
        if not c.is_choice and not c.is_int:
            assert "(" in c.label or c.label.lower().startswith(("weeks", "days", "months")), c.label
