"""Lesson 05 (switching and planning): the gap view reads the PK and PD models and the TOFINGO
rows, its answers quote the models and the registry, and the stored notebook shows them."""

import json

import pytest

from helpers import content, pd, pk, regimen, sources
from helpers.views import REGISTRY
from helpers.views import switching_and_planning as sp
from paths import NOTEBOOKS

LESSON = "05_switching_and_planning.ipynb"


def notebook():
    path = next(p for p in NOTEBOOKS if p.name == LESSON)
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# The switching gap tells the models' story
# ---------------------------------------------------------------------------------------------
def test_gap_view_uses_washout_spread_and_tofingo_rows():
    r = sp.compute_gap(16, "default")
    reg = regimen.regular(n_doses=13)
    conc = pk.concentration_1cmt([reg.last_dose_day + 16 * 7], reg)[0]
    assert r["conc_at"] == pytest.approx(conc, rel=1e-3)
    assert r["sat_at"] == pytest.approx(float(pd.saturation_pct(r["conc_at"])), rel=1e-6)
    low, high = pk.washout_spread([16 * 7], 13)
    assert f"{sp.ug(float(low[0]))} to {sp.ug(float(high[0]))}" in dict(r["readout"])[
        f"The same, {sp.spread_label()}"]
    assert "8.2 active lesions" in dict(r["readout"])["TOFINGO trial (switch to fingolimod)"]
    assert "not a TOFINGO arm" in dict(sp.compute_gap(10, "default")["readout"])[
        "TOFINGO trial (switch to fingolimod)"]


def test_the_view_is_registered_under_the_lessons_module():
    spec = REGISTRY["switching_and_planning.switch_gap"]
    assert spec.compute is sp.compute_gap and spec.draw is sp.draw_gap


def test_switch_reasons_are_registry_percentages():
    rows = content.facts_rows(sp.LESSON, "facts switch reasons")
    assert len(rows) >= 5
    for _, key in rows:
        assert sources.figure(key).unit == "%", key


# ---------------------------------------------------------------------------------------------
# Check your understanding: the stored answers are the models' numbers
# ---------------------------------------------------------------------------------------------
def test_answers_quote_the_models():
    n = sp.understanding_numbers()
    assert n["gap16_sat"] == pytest.approx(sp.compute_gap(16, "default")["sat_at"])
    assert n["gap16_sat"] < n["gap8_sat"]
    assert n["lesions_16w"] == sources.value("switch.tofingo_lesions_16w")
    assert n["lesions_16w"] == max(float(sp.tofingo(w)["lesions"]) for w in sp.TOFINGO_ARMS)
    assert n["conception_months"] == sources.value("pregnancy.kleerekooper_conception_months")
    text = sp.questions_markdown()
    assert f"{sp.pct(n['gap16_sat'])}" in text and f"{sp.pct(n['gap8_sat'])}" in text
    assert f"{sources.format_value(n['conception_months'])} months" in text
    assert f"{sources.format_value(n['progression_pct'])}%" in text
    # FACETS: what the trial's abstract reports, in words; no share of people was read there
    assert "less severe" in text and "fatigue.facets_improved_pct" not in sources.FIGURES
    assert text.count("<details>") == text.count("</details>") == 3


def test_the_stored_notebook_shows_the_current_answers():
    cells = notebook()["cells"]
    cell = next(c for c in cells if "questions_markdown()" in "".join(c["source"]))
    stored = "".join(cell["outputs"][0]["data"]["text/markdown"])
    assert stored == sp.questions_markdown()


def test_the_lesson_ends_with_the_environment_check_hidden_in_the_app():
    nb = notebook()
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert "".join(first["source"]).rstrip().endswith("page.setup()")
    last = nb["cells"][-1]
    assert "envcheck.report()" in "".join(last["source"])
    assert "app-hide" in last["metadata"].get("tags", [])
