"""The numbers in lesson 00's questions and the table under its figure are the model's."""
import json

import pytest

from helpers import pd, pk
from helpers.views import start_here
from paths import ROOT


def test_answer_numbers_are_the_models():
    n = start_here.answer_numbers()
    ss = pk.steady_state(28)
    assert n["conc"] == pytest.approx(ss.trough_ug_per_ml, rel=0.01)
    assert n["cover"] == pytest.approx(pd.saturation_pct(ss.trough_ug_per_ml), rel=0.01)
    assert n["peak"] == pytest.approx(ss.cmax_ug_per_ml)
    assert n["low"] < n["conc"] < n["high"]


def test_answers_and_table_come_from_the_figures_compute():
    n = start_here.answer_numbers()
    text = start_here.questions_markdown()
    assert f"About {round(n['cover'])} in every 100" in text
    table = start_here.readout_markdown(n["weeks"])
    for label, value in start_here.compute(n["weeks"])["readout"]:
        assert f"| {label} | {value} |" in table


def test_stored_outputs_are_the_current_ones():
    nb = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    stored = ["".join(o["data"]["text/markdown"]) for c in nb["cells"] if c["cell_type"] == "code"
              for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    assert start_here.questions_markdown() in stored
    assert start_here.readout_markdown(4) in stored


def test_week_0_is_the_end_of_the_drip_not_the_trough_before_it():
    """Review 00-1: the slider at 0 showed the trough before the last infusion."""
    ss = pk.steady_state(28)
    assert start_here.compute(0.0)["conc"] == pytest.approx(ss.cmax_ug_per_ml, rel=0.02)
    assert start_here.compute(0.0)["conc"] > 3 * start_here.compute(4.0)["conc"]
