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
    text = sp.questions_markdown()
    assert f"{sp.pct(n['gap16_sat'])}" in text and f"{sp.pct(n['gap8_sat'])}" in text
    p = sp.pregnancy_numbers()
    assert f"About {p['jnnp_stopped']} of 100 when it was stopped" in text
    assert f"about {p['jnnp_continued']} of 100 when it went on" in text
    assert "do not stop on your own" in text
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


# ---------------------------------------------------------------------------------------------
# Pregnancy: the registries as numbers of 100 pregnancies, both sides, each with its study size
# ---------------------------------------------------------------------------------------------
def test_pregnancy_numbers_are_the_registries_per_100():
    p = sp.pregnancy_numbers()
    assert p["hellwig"] == round(100 * 183 / 274) == 67
    assert p["hellwig_severe"] == 16
    assert (p["jnnp_stopped"], p["jnnp_continued"]) == (63, 26)
    assert p["jnnp_stopped_n"] + p["jnnp_continued_n"] == 350
    assert (p["haghikia_changes"], p["haghikia_n"]) == (10, 13)


def test_the_pregnancy_tables_show_both_sides_with_their_study_size():
    text = sp.pregnancy_markdown()
    p = sp.pregnancy_numbers()
    for key in ("hellwig", "hellwig_severe", "jnnp_stopped", "jnnp_continued"):
        assert f"about {p[key]} had one; about {100 - p[key]} did not" in text, key
    assert f"{p['jnnp_stopped_n']} pregnancies" in text and "274 pregnancies" in text
    assert "10 of 13 babies" in text
    assert "Kleerekooper" not in text and "3 in 10" not in text


def test_per_100_rounds_half_up_and_rejects_a_share_outside_0_to_1():
    assert sp.per_100(0.626) == 63 and sp.per_100(0.255) == 26 and sp.per_100(0.0) == 0
    with pytest.raises(ValueError, match="share must be between 0 and 1, got 1.5"):
        sp.per_100(1.5)


def test_the_next_medicine_text_gives_alping_per_100_with_its_size_and_caveat():
    text = sp.text_markdown("next medicine")
    n = sp.next_medicine_numbers()
    assert (n["alping_rtx"], n["alping_fgl"]) == (2, 18)
    assert "256 people" in text and "within 18 months" in text
    assert f"about {n['alping_rtx']} had a relapse" in text and "cannot prove" in text
    assert "556 people who stopped natalizumab" in text and "over 24 months" in text


def test_the_lesson_opens_with_its_main_message_and_ends_with_what_matters():
    cells = notebook()["cells"]
    sources_ = ["".join(c["source"]) for c in cells]
    assert sources_[0].startswith("# ") and "main_message_markdown()" in sources_[2]
    stored = "".join(cells[2]["outputs"][0]["data"]["text/markdown"])
    assert stored == sp.main_message_markdown()
    assert "6 months" in stored and "MS team" in stored
    assert "> **Educational material" in sources_[3] and "**Time:**" in sources_[3]
    text = sp.text_markdown("what matters")
    assert text.count("\n- ") >= 5 and "no right answer" in text
    assert not any(w in text.lower() for w in ("you should", "we recommend", "best choice"))
    assert any('text_markdown("what matters")' in s for s in sources_)


def test_pregnancy_section_says_what_to_do_and_quotes_uktis_on_live_vaccines():
    text = "\n".join("".join(c["source"]) for c in notebook()["cells"])
    for key in ("uktis.late_pregnancy_vaccines", "uktis.rotavirus_bcg",
                "uktis.pregnant_on_treatment", "uktis.do_not_change"):
        assert f'quote_markdown("{key}")' in text, key
    assert "rotavirus" in sources.quote("uktis.rotavirus_bcg").text
    assert "do not stop it on your own" in sp.text_markdown("if pregnant")


def test_fatigue_in_the_trial_is_people_of_1000_over_2_years():
    text = sp.text_markdown("fatigue trial")
    assert "over 2 years, about 270 of 1,000 people on natalizumab" in text
    assert "about 210 of 1,000" in text and "%" not in text


def test_after_stopping_the_lesson_gives_the_emergency_line_of_lesson_04():
    from helpers.views import living_with_treatment as lwt

    cells = notebook()["cells"]
    ids = [c.get("id") for c in cells]
    what_to_do = "".join(cells[ids.index("l05-11")]["source"])
    assert "out-of-hours service" in what_to_do and "the same day" in what_to_do
    line = cells[ids.index("l05-11") + 1]
    assert "emergency_markdown()" in "".join(line["source"])
    assert lwt.EMERGENCY_NOTE in sp.emergency_markdown()
    assert all(n in sp.emergency_markdown() for n in ("999", "112", "911"))


def test_the_pregnancy_plan_includes_restarting_after_the_birth_and_the_questions_ask_it():
    text = sp.text_markdown("if pregnant")
    assert "before the birth" in text and "starts again after the baby is born" in text
    questions = content.render(sp.LESSON, "ms team questions", {})
    assert "Which medicine, and on what date, so there is no long gap?" in questions
    assert "start again after the birth" in questions
    assert "which medicine, and on what date, so there is no long gap?" in sp.text_markdown(
        "next medicine")


def test_the_reasons_for_stopping_name_how_many_stopped_and_that_reasons_overlap():
    text = sp.text_markdown("switch reasons note")
    assert "154 people stopped natalizumab" in text and "more than one reason" in text
