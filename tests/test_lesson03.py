"""Lesson 03's views: no verdicts over any view's sweep grid, the icon array counts 1,000 people
from the published estimate, and the check-your-understanding answers come from the models."""
import numpy as np
import pytest

from helpers import pml
from helpers.views import REGISTRY, build
from helpers.views import duration_and_monitoring as L
from helpers.views._pml_display import icon_colours

from rules import VERDICT
from sweeps import sweep_params

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
    red = np.all(np.isclose(face[:, :3], icon_colours(1, 1)[0][0, :3]), axis=1)
    assert red.sum() == round(est.per_1000) == r["k_point"]
    hollow = np.all(np.isclose(face, icon_colours(0, 1)[0][0]), axis=1)
    high = round(est.range_per_1000[1]) if est.range_per_1000 else round(est.per_1000)
    assert hollow.sum() == high - round(est.per_1000)


@pytest.mark.parametrize("profile", [("positive", False, 60, "not known"),
                                     ("positive", False, 0, "not known"),
                                     ("negative", True, 0, "not known"),
                                     ("positive", False, 30, 2.0), ("positive", False, 12, 3.0)])
def test_no_estimate_draws_nobody_and_says_it_is_not_zero(profile):
    r = L.compute_icons(*profile)
    assert r["icons"]["people"] is None and r["found"] == {"people": False}
    assert r["k_point"] == r["k_high"] == 0
    assert "not the same as no risk" in dict(r["readout"])["Published estimate"]
    view = build("duration_and_monitoring.icons")
    view.set_params(**dict(zip(("anti_jcv", "prior_is", "months", "index"), profile)))
    sc = view.frame.artists["people"]
    assert not sc.get_visible() and not sc.nz_all.get_visible() and sc.nz_none.get_visible()
    assert not view.fig.nz_legend.get_visible()     # no "did not get PML" people, no legend
    view.set_params(months=30, anti_jcv="positive", index="not known")
    assert sc.get_visible() and sc.nz_all.get_visible() and not sc.nz_none.get_visible()


def test_found_in_the_icon_view_is_the_models_answer_over_the_grid():
    spec = REGISTRY["duration_and_monitoring.icons"]
    for params in sweep_params(spec.controls):
        est = L.estimate_for(params["anti_jcv"], params["months"], params["prior_is"],
                             params["index"])
        assert spec.compute(**params)["found"]["people"] == est.found, params


def test_the_icon_caption_shows_both_sides_over_the_period():
    r = L.compute_icons("positive", False, 30, "not known")
    caption = r["texts"]["caption"]
    assert caption == ("5 of 1,000 got PML, 995 did not,\nduring months 25 to 48 of treatment "
                       "(4.6 per 1,000)")
    assert r["texts"]["title"].endswith("during months 25 to 48 of treatment")


def test_eid_scenario_is_labelled_and_rounded_as_our_arithmetic():
    r = L.compute_eid(False, 30)
    text = dict(r["readout"])["Longer gaps, scenario"]
    assert "our arithmetic, not a published figure" in text and "(0.3 per 1,000)" in text
    assert "0.28" not in text and "range about 0.05 to 1 per 1,000" in text
    assert "in that period" in r["texts"]["cap_scenario"]   # both arrays: one period, named
    assert r["texts"]["profile"].endswith("Both pictures: PML during months 25 to 48 of treatment")


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
    assert n["eid_all3"] == pytest.approx(11.1 * 0.06) and n["eid_all3_rounded"] == 0.7
    md = L.questions_markdown()
    assert md.count("<details>") == 4 and "0.56" in md and "4.6" in md
    assert f"{n['stale_12']:.1f}%" in md and "about 0.7 per 1,000" in md


def test_plan_view_readout_and_dates():
    view = build("duration_and_monitoring.plan")
    view.set_params(anti_jcv="negative", region="EU")
    text = view.readout_text()
    assert "Antibody retest (EU): 8" in text and "TOUCH" not in text


def test_the_ci_lines_and_their_legend_entry_show_only_where_a_source_gives_a_ci():
    view = build("duration_and_monitoring.duration")
    low = view.frame.artists["low"]
    entry = low.nz_legend_entry
    assert entry and not low.get_visible() and not any(a.get_visible() for a in entry)
    view.set_params(prior_is=True)       # Bloomgren gives a 95% CI for 25-48 months, prior IS
    assert low.get_visible() and all(a.get_visible() for a in entry)
