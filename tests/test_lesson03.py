"""Lesson 03's views: no verdicts over any view's sweep grid, the icon array counts 1,000 people
from the published estimate, and the check-your-understanding answers come from the models."""
import numpy as np
import pytest

from helpers import pml
from helpers.views import REGISTRY, build
from helpers.views import duration_and_monitoring as L

from rules import VERDICT
from test_widget_sweeps import sweep_params

SPECS = [s for s in REGISTRY.values() if s.name.startswith("duration_and_monitoring.")]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_verdict_in_any_readout_over_the_sweep_grid(spec):
    for params in sweep_params(spec.controls):
        for label, text in spec.compute(**params)["readout"]:
            assert not VERDICT.search(f"{label} {text}"), (params, label, text)


def test_five_views_registered():
    assert len(SPECS) == 5


@pytest.mark.parametrize("months", [1, 24, 25, 48])
@pytest.mark.parametrize("prior_is", [False, True])
def test_icon_array_shows_the_published_estimate(months, prior_is):
    r = L.compute_icons("positive", prior_is, months, "not known")
    est = pml.risk("positive", months, prior_is)
    face, edge = r["icons"]["people"]
    assert face.shape == (1000, 4)
    red = np.all(np.isclose(face[:, :3], L.icon_colours(1, 1)[0][0, :3]), axis=1)
    assert red.sum() == round(est.per_1000) == r["k_point"]
    hollow = np.all(np.isclose(face, L.icon_colours(0, 1)[0][0]), axis=1)
    high = round(est.range_per_1000[1]) if est.range_per_1000 else round(est.per_1000)
    assert hollow.sum() == high - round(est.per_1000)


def test_no_estimate_beyond_48_months_is_shown_as_none():
    r = L.compute_icons("positive", False, 60, "not known")
    assert r["k_point"] == r["k_high"] == 0
    assert "No confirmed estimate" in dict(r["readout"])["Published estimate"]


def test_index_readout_for_a_negative_result():
    r = L.compute_icons("negative", False, 30, 2.0)
    assert "not used" in dict(r["readout"])["Antibody index"]


def test_eid_view_carries_its_caveats():
    r = L.compute_eid(True, 30)
    caveats = [t for k, t in r["readout"] if k == "Caveat"]
    assert any("Observational" in c for c in caveats) and len(caveats) == 5


def test_check_your_understanding_numbers_come_from_the_models():
    n = L.answer_numbers()
    assert n["m24"] == pml.risk("positive", 24).per_1000 == 0.56
    assert n["m25"] == pml.risk("positive", 25).per_1000 == 4.6
    assert n["all3"] == 11.1 and n["all3_people"] == 11
    assert n["stale_12"] == pytest.approx(100 * pml.p_positive_now(12, 3))
    assert n["eid_all3"] == pytest.approx(11.1 * 0.06)
    md = L.check_answers_markdown()
    assert md.count("<details>") == 4 and "0.56" in md and "4.6" in md
    assert f"{n['stale_12']:.1f}%" in md and "0.67 per 1,000" in md


def test_plan_view_readout_and_dates():
    view = build("duration_and_monitoring.plan")
    view.set_params(anti_jcv="negative", region="EU")
    text = view.readout_text()
    assert "Antibody retest (EU): 8" in text and "TOUCH" not in text
