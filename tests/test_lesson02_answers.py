"""The numbers in lessons 02 and 02b's questions, answers and tables are the models' numbers."""
import json

import pytest

from helpers import pd, pk, regimen, sources
from helpers.views import infusion_timing as lesson
from helpers.views import infusion_timing_science as science
from paths import ROOT


def test_answer_numbers_are_the_models():
    n = lesson.answer_numbers()
    ss = pk.steady_state(28)
    assert n["trough"] == pytest.approx(ss.trough_ug_per_ml)
    assert n["peak"] == pytest.approx(ss.cmax_ug_per_ml, rel=0.01)
    assert n["cover"] == pytest.approx(pd.saturation_pct(ss.trough_ug_per_ml))
    reg = regimen.delay_dose(regimen.regular(n_doses=17), 13, n["days_late"])
    late = pk.concentration_1cmt([reg[13].time_days], reg)[0]
    assert n["late_trough"] == pytest.approx(late)
    assert n["late_cover"] == pytest.approx(pd.saturation_pct(late))
    lo, hi = n["late_spread"]
    assert lo < n["late_trough"] < hi
    troughs = [pk.steady_state(28, model=m, weight_kg=w).trough_ug_per_ml
               for m in pk.MODEL_NAMES for w in pk.spread_weights_kg()]
    assert n["trough_spread"] == pytest.approx((min(troughs), max(troughs)))
    assert (n["ada_pos"], n["ada_neg"]) == (sources.value("ada.week12_conc_pos_ug_per_ml"),
                                            sources.value("ada.week12_conc_neg_ug_per_ml"))


def test_answers_quote_the_numbers_and_the_leaflet_exactly():
    n = lesson.answer_numbers()
    text = lesson.questions_markdown()
    for x in (n["trough"], n["late_trough"], n["on_time_trough"], *n["late_spread"]):
        assert f"{x:.1f} µg/mL" in text
    assert sources.quote("leaflet.missed_dose").text in text
    assert "contact your ms team or infusion unit" in text.lower()
    assert text.count("<details>") == 5


def test_tables_are_the_compute_functions():
    assert f"{pk.steady_state(42).trough_ug_per_ml:.1f} µg/mL" in lesson.interval_table_markdown()
    assert "7 days late" in lesson.late_table_markdown()
    assert "1 days" not in lesson.late_table_markdown()


def test_science_answer_numbers_are_the_models():
    n = science.answer_numbers()
    assert n["light"] == pytest.approx(pk.steady_state(28, weight_kg=50).trough_ug_per_ml)
    assert n["heavy"] == pytest.approx(pk.steady_state(28, weight_kg=100).trough_ug_per_ml)
    v = sources.value("pk.v_l")
    scaled = (pk.steady_state(28, weight_kg=50, v_l=v * 50 / 70).trough_ug_per_ml
              / pk.steady_state(28, weight_kg=100, v_l=v * 100 / 70).trough_ug_per_ml)
    assert min(n["ratio_scaled"]) == pytest.approx(scaled)
    # the fixed-volume ratio is a teaching assumption: scaling the volume shrinks it
    assert n["ratio_fixed"] > max(n["ratio_scaled"]) > min(n["ratio_scaled"]) > 1
    assert n["pitfall_trough"] == pytest.approx(pk.label_pitfall_1cmt().trough_ug_per_ml)
    assert n["q8w_two"] == pytest.approx(pk.steady_state(56, "2cmt_mm").trough_ug_per_ml)
    assert n["q8w_two"] < n["q8w_simple"]
    text = science.questions_markdown()
    assert f"{n['ratio_fixed']:.1f}" in text and "nearly three times" not in text


@pytest.mark.parametrize("name, function", [
    ("02_infusion_timing.ipynb", lesson.questions_markdown),
    ("02b_infusion_timing_science.ipynb", science.questions_markdown),
])
def test_stored_answers_are_the_current_ones(name, function):
    """The executed notebook shows what the function renders now (nbval also compares it)."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    stored = ["".join(o["data"]["text/markdown"]) for c in nb["cells"] if c["cell_type"] == "code"
              for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert function() in stored


def test_the_weight_view_never_shows_one_model_beside_the_trough_target_alone():
    """Review 02-1: beside NEXT-MS's trough target the readout gives the spread of both models
    across weights at the chosen interval, and says that the MS team decides any change."""
    from sweeps import grid_results

    from helpers.views import _timing

    for params, result in grid_results("infusion_timing.weight"):
        shown = dict(result["readout"])
        low, high = _timing.trough_spread(int(params["interval_weeks"]))
        spread = next(v for k, v in shown.items() if k.startswith("The lowest level every"))
        assert spread == _timing._range_text((low, high)), (params, spread)
        assert "two models" in next(k for k in shown if k.startswith("The lowest level every"))
        assert shown["What to do"] == "any change of interval is decided with your MS team"
