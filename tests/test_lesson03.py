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
    assert "Antibody test (EU): 9" in text and "TOUCH" not in text   # 8 retests + 1 before start
    assert "Before the first infusion: an antibody test (EU) and an MRI scan (EU and US)" in text
    assert "index is normally measured" not in text        # a negative test has no index


def test_plan_readout_says_the_index_is_measured_and_the_watch_covers_a_switch():
    view = build("duration_and_monitoring.plan")
    view.set_params(anti_jcv="positive", index="not known", stop=24)
    text = view.readout_text()
    assert "For a person with a positive test, the index is normally measured" in text
    assert "After stopping, or switching to another medicine: watch for PML symptoms for 6" in text
    view.set_params(index=1.2)
    assert "index is normally measured" not in view.readout_text()
    from helpers.views import duration_and_monitoring as lesson
    p = {c.name: c.default for c in lesson.PLAN_CONTROLS}
    items = lesson.compute_plan(**{**p, "stop": 24})["items"]
    assert items[0].month == 0 and "before the first infusion" in items[0].title
    assert [it.month for it in items if "switching" in it.title] == [24, 30]


def test_the_ci_lines_and_their_legend_entry_show_only_where_a_source_gives_a_ci():
    view = build("duration_and_monitoring.duration")
    low = view.frame.artists["low"]
    entry = low.nz_legend_entry
    assert entry and not low.get_visible() and not any(a.get_visible() for a in entry)
    view.set_params(prior_is=True)       # Bloomgren gives a 95% CI for 25-48 months, prior IS
    assert low.get_visible() and all(a.get_visible() for a in entry)


# ---------------------------------------------------------------------------------------------
# The stored notebook: main message first, a guess before the first PML picture, the review's
# wording fixes (03-5 virus carriers, 03-6 EU retest, 03-7 no self-triage by tempo)
# ---------------------------------------------------------------------------------------------
def _lesson03_cells():
    import json

    from paths import NOTEBOOKS
    path = next(p for p in NOTEBOOKS if p.name == "03_duration_and_monitoring.ipynb")
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_main_message_follows_the_title_and_the_affirm_link_is_at_the_top():
    cells = _lesson03_cells()
    src = ["".join(c["source"]) for c in cells]
    assert src[0].startswith("# ") and "main_message_markdown()" in src[2]
    stored = "".join(cells[2]["outputs"][0]["data"]["text/markdown"])
    assert stored == L.main_message_markdown() and "MS team at once" in stored
    assert "01_how_natalizumab_works.ipynb#9.-What-the-AFFIRM-trial-found" in src[3]
    assert "weighed against" in src[3]


def test_the_reader_guesses_before_the_first_pml_picture():
    src = ["".join(c["source"]) for c in _lesson03_cells()]
    guess = next(i for i, s in enumerate(src) if 'text_markdown("guess first")' in s)
    first_picture = next(i for i, s in enumerate(src) if "build(" in s)
    compare = next(i for i, s in enumerate(src) if 'text_markdown("guess compare")' in s)
    assert guess < first_picture < compare
    text = L.text_markdown("guess first")
    assert "Write your guess down" in text and "1,000 people" in text
    d = {c.name: c.default for c in L.ICON_CONTROLS}       # the picture opens on that profile
    assert (d["anti_jcv"], d["prior_is"], d["months"]) == ("positive", False, 30)
    assert "25th to 48th month" in text


def test_review_wording_fixes_are_in_the_lesson_and_the_notes():
    text = "\n".join("".join(c["source"]) for c in _lesson03_cells())
    assert "Most adults carry this virus and it does" not in text
    assert "About half or more of adults carry this virus" in text
    assert "in the EU, the test is repeated every 6 months" in text
    assert "over days to weeks" not in text and "can look like an MS relapse" in text
    from paths import ROOT
    notes = (ROOT / "workshop" / "notes" / "03_duration_and_monitoring.md").read_text("utf-8")
    assert "a relapse usually comes" not in notes and "can look like an MS relapse" in notes


def test_the_longer_gap_section_shows_the_ms_control_side_as_people_of_1000():
    from helpers import sources
    text = L.text_markdown("eid other side")
    q4 = round(10 * sources.value("eid.nova_q4w_lesion_pct"))
    q6 = round(10 * sources.value("eid.nova_q6w_lesion_pct"))
    assert (q4, q6) == (41, 43)
    assert f"about {q4} of 1,000 people on every 4 weeks" in text
    assert f"about {q6} of 1,000 on every 6 weeks" in text and "By week 72" in text
    assert "cannot prove" in text
    src = ["".join(c["source"]) for c in _lesson03_cells()]
    assert any('text_markdown("eid other side")' in s for s in src)


def test_the_pml_lesson_gives_the_emergency_route_in_lesson_04s_words():
    """Signs that cannot wait go to emergency services, with lesson 04's own words and numbers,
    and a closed MS team has a same-day route; the notebook shows it beside 'What to do'."""
    from helpers import content

    text = L.text_markdown("emergency signs")
    numbers = content.render("04_living_with_treatment", "emergency numbers", {})
    assert numbers in text and "seizure" in text and "cannot be woken" in text
    assert "one side" in text and "speech" in text
    assert "out-of-hours" in text and "same day" in text and "alert card" in text
    import json
    cells = json.load(open("notebooks/03_duration_and_monitoring.ipynb"))["cells"]
    ids = [c.get("id") for c in cells]
    assert ids.index("l03-emergency") == ids.index("l03-25") + 1


def test_pml_outcomes_come_from_the_registry_with_their_status():
    from helpers import sources

    text = L.text_markdown("pml outcome")
    alive, n = (sources.value(k) for k in ("pml.vermersch_alive", "pml.vermersch_people"))
    assert f"first {n:g} people" in text and f"{alive:g} of them were alive" in text
    table = L.figures_markdown(["pml.vermersch_people", "pml.vermersch_alive"])
    assert table.count("peer-reviewed") == 2


def test_past_48_months_the_readout_says_the_risk_is_not_known_to_fall():
    r = L.compute_icons("positive", False, 60, "not known")
    text = " ".join(t for _, t in r["readout"])
    assert "not known to fall after 4 years" in text and "ask your MS team" in text


@pytest.mark.parametrize("index, direction", [(0.5, "likely lower"), (0.9, "likely lower"),
                                              (1.2, None), (2.0, "likely higher")])
def test_the_index_note_gives_the_emas_direction(index, direction):
    note = pml.risk("positive", 30, index=index).index_note
    if direction:
        assert direction in note and "all index values together" in note
    else:
        assert "likely" not in note


def test_the_eid_readout_carries_the_ms_control_side_and_never_on_your_own():
    labels = dict(L.compute_eid(False, 30)["readout"])
    assert any(k.startswith("MS control") and "NOVA" in k for k in labels)
    assert "Never space out infusions on your own" in labels["What to do"]


def test_plan_readout_names_the_low_index_retest_and_one_regions_rules():
    import datetime as dt

    r = dict(L.compute_plan(dt.date(2026, 1, 5), "positive", False, "not known", "both",
                            0)["readout"])
    assert "low index is tested again every 6 months after 2 years" in r["Antibody index"]
    assert "You follow one region's rules" in r["Rules shown"]
    assert "MRI scan (EU and US)" in r["Before the first infusion"]
    eu = dict(L.compute_plan(dt.date(2026, 1, 5), "positive", False, "not known", "EU",
                             0)["readout"])
    assert "Rules shown" not in eu
