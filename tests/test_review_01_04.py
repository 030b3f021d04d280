"""Review items of lessons 01 and 04 ("safe to hand to a patient"): benefits and harms per 1,000
people with their period, the registry's statuses and regions, the appendix legends, the colour
the text names, and the main message at the top of each lesson. Each test fails if its fix is
undone."""
from __future__ import annotations

import json
import re

import pytest
from matplotlib.colors import to_hex

from helpers import content, sources
from helpers.style import OKABE_ITO
from helpers.views import REGISTRY
from helpers.views import _fact_box as fb
from helpers.views import how_natalizumab_works as hnw
from helpers.views import living_with_treatment as lwt
from paths import NOTEBOOKS

NB = {p.stem[:2]: p for p in NOTEBOOKS if p.stem[:2] in ("01", "04")}


def cells(lesson: str) -> list[dict]:
    return json.loads(NB[lesson].read_text(encoding="utf-8"))["cells"]


def markdown_text(lesson: str) -> str:
    return "\n".join("".join(c["source"]) for c in cells(lesson) if c["cell_type"] == "markdown")


def shown_text(lesson: str) -> str:
    """What a reader reads: the markdown cells and the stored text outputs."""
    outs = [o.get("data", {}).get(kind, "") for c in cells(lesson) if c["cell_type"] == "code"
            for o in c.get("outputs", []) for kind in ("text/markdown", "text/html")]
    return markdown_text(lesson) + "\n" + "\n".join("".join(o) for o in outs)


# --- benefits and harms per 1,000, with a period ------------------------------------------------
@pytest.mark.parametrize("lesson", ["01", "04"])
def test_no_per_100_left_for_affirm_or_side_effects(lesson):
    text = shown_text(lesson)
    for gone in ("per 100 people", "of every 100", "in 100\npeople had antibodies",
                 "about 6 in 100", "Most side effects of natalizumab are mild",
                 "(adjusted rate)"):
        assert gone not in text, gone


def test_lesson_04_side_effects_give_the_fact_boxs_numbers_with_period():
    text = lwt.side_effects_markdown()
    rows = {r["key"]: r for r in fb.fact_rows()}
    inf, allergy = rows["infusion"], rows["allergy"]
    assert f"about {inf['people']['natalizumab']} of 1,000" in text
    assert f"about {inf['people']['placebo']} of 1,000" in text
    assert inf["difference"] in text and "more" in inf["difference"]
    assert f"about {allergy['people']['natalizumab']} of 1,000" in text
    assert "over 2 years" in text and "%" not in text
    assert text in shown_text("04")


def test_lesson_04_antibody_share_is_per_1000():
    values = lwt.readout_numbers()
    assert values["ada_persistent"]() == f"{fb.per_1000(sources.value('label.ada_persistent_pct'))}"
    block = content.block(lwt.LESSON, "readout antibodies").text
    assert "of 1,000" in block and "in 100" not in block


# --- registry -----------------------------------------------------------------------------------
def test_the_swansea_audit_is_secondary_a_conference_abstract():
    for key in ("visit.swansea_iv_minutes", "visit.swansea_sc_minutes"):
        assert sources.figure(key).status == "secondary"


def test_both_infusion_reaction_figures_name_their_region():
    assert sources.figure("reaction.infusion_reaction_placebo_pct").region == \
        sources.figure("reaction.infusion_reaction_pct").region == "US"


@pytest.mark.parametrize("lesson", ["01", "04"])
def test_the_appendix_legend_separates_label_from_label_copy(lesson):
    (legend,) = [t for t in markdown_text(lesson).split("\n\n") if t.startswith("*label*")]
    assert "*label-copy*" in legend and "regulator's own document" in legend


# --- lesson 01 review items ---------------------------------------------------------------------
def test_01_1_depleting_drugs_are_not_called_selective():
    rows = {r["drug"]: r["group"] for r in hnw.comparison_rows()}
    assert rows["Alemtuzumab"] == rows["Ocrelizumab"] == "depleting"
    assert "depleting" in hnw.GROUPS["depleting"]


def test_01_2_and_5_the_rise_is_expected_not_an_infection_and_studies_differ():
    text = markdown_text("01")
    assert "not a sign of an infection" in text and "Studies\ndiffer" in text


def test_01_3_natalizumab_risks_name_allergic_reactions_and_liver_injury():
    row = next(r for r in hnw.comparison_rows() if r["drug"] == "Natalizumab")
    assert "allergic reactions" in row["risks"] and "liver injury" in row["risks"]
    assert {"hcp_safety", "empr_2008"} <= set(hnw.source_keys(row["risks_source"]))


def test_01_4_answer_4_says_within_16_weeks_from_the_registry():
    text = hnw.answers_markdown()
    assert content.figure("immune.reversal_weeks")() in text and "over weeks." not in text


def test_01_5_step_1_is_flagged_as_animal_imaging():
    steps = content.fields(hnw.LESSON, "readout cascade: step 1")
    assert "animal imaging" in steps["natalizumab"]


def test_01_the_immune_figures_are_titled_teaching_model_and_outside_count_is_not_protection():
    for name in ("how_natalizumab_works.compare", "how_natalizumab_works.rise"):
        assert "(teaching model)" in REGISTRY[name].title
    import matplotlib.pyplot as plt

    spec = REGISTRY["how_natalizumab_works.compare"]
    fig = plt.figure()
    frame = spec.draw(fig, spec.compute(**{c.name: c.default for c in spec.controls}))
    assert "not protection" in frame.axes[2].get_ylabel()
    plt.close(fig)


# --- lesson 04 review items ---------------------------------------------------------------------
def test_04_3_the_text_names_the_colour_the_diamond_is_drawn_in():
    import matplotlib.pyplot as plt

    spec = REGISTRY["living_with_treatment.antibodies"]
    fig = plt.figure()
    spec.draw(fig, spec.compute(**{c.name: c.default for c in spec.controls}))
    diamonds = [ln for ax in fig.axes for ln in ax.get_lines() if ln.get_marker() == "D"]
    plt.close(fig)
    assert diamonds and to_hex(diamonds[0].get_color()) == to_hex(OKABE_ITO["vermillion"])
    text = markdown_text("04")
    assert "red diamond" not in text.replace("orange-red diamond", "")
    assert "orange-red diamond" in text


def test_04_4_no_unsourced_antibody_timing():
    assert "most often show up after the\nfirst few infusions" not in markdown_text("04")
    assert "most often show up" not in markdown_text("04")


def test_04_5_observation_time_names_its_region_and_no_three_hours():
    text = markdown_text("04")
    assert "two to three hours" not in text
    section = text[text.index("## 4. The infusion visit"):]
    assert "EU leaflet" in section and "US label" in section
    assert f"first {sources.value('visit.observed_infusions')} infusions" in section


def test_04_section_3_points_to_lesson_02_on_stopping():
    text = markdown_text("04")
    section = text[text.index("## 3. Staying on schedule"):text.index("## 4. The infusion visit")]
    assert "(02_infusion_timing.ipynb#4.-When-treatment-stops)" in section


# --- the main message, right after the title ----------------------------------------------------
@pytest.mark.parametrize("lesson, module", [("01", hnw), ("04", lwt)])
def test_the_main_message_is_shown_right_after_the_title(lesson, module):
    cs = cells(lesson)
    assert "".join(cs[0]["source"]).startswith("# ")
    message = module.main_message_markdown()
    assert message.startswith("> **The main message.**")
    (shown_at,) = [i for i, c in enumerate(cs) if "main_message_markdown()" in "".join(c["source"])]
    assert all(c["cell_type"] == "code" for c in cs[1:shown_at])  # only the imports before it
    shown = "".join(cs[shown_at]["outputs"][0]["data"]["text/markdown"])
    assert shown == message
    following = cs[shown_at + 1]
    assert "".join(following["source"]).startswith("**Who it is for.**")
    words = len(re.findall(r"\w+", message))
    assert 10 <= words <= 80
