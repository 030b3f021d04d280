"""Every lesson's content file (helpers/content/<lesson>.md) against the rules of tests/rules.py:
every placeholder resolves from the lesson's numbers(); no number with a unit is typed in (apart
from the few constants below, each with its reason); what a learner reads is at its audience's
reading level; no verdict; no "1 in N" risk. Each rule is shown once to fail on a broken text.

New lessons' content files are found by helpers.content and checked without editing this file.
"""
import importlib
import json
import re

import pytest
import textstat

from helpers import content
from helpers.views import REGISTRY, lesson_modules
from helpers.widgets import defaults
from paths import NOTEBOOKS
from rules import (MIN_WORDS, ONE_IN_N, VERDICT, grade_limit, prose, rows_as_sentences,
                   typed_numbers)

LESSONS = content.lessons()

# Numbers with a unit that may stay typed in a content file, each with why it is not a figure to
# fill in from the registry or a model.
ALLOWED_CONSTANTS = {
    "95%": "the confidence level of a published interval ('95% CI'), a statistical convention",
    "1 hour": "the EU leaflet's own words for its observation time, shown with the quotation "
              "leaflet.observation (quotes.csv) that the row cites",
    "week-12": "names the week of the US label's measurement; the figures are registered as "
               "ada.week12_conc_*_ug_per_ml",
    "week 72": "names NOVA's primary endpoint, the time of the registered eid.nova_*_lesion_pct",
    "12 weeks": "names REFINE's arm, the one the registered eid.refine_q12w_rescue_pct describes",
    "2 µg/mL": "names the cut-off of the registered eid.zhovtis_at_or_below_2_pct",
    "2 years": "AFFIRM's length, the period of the registered affirm.progression_2y_* figures",
    "30 days": "with '44 days' and '45 days', names the gap strata of the registered "
               "switch.bsteh_relapse_gap_* figures (lesson 05's facts table)",
    "44 days": "see '30 days'",
    "45 days": "see '30 days'",
    "week 8": "names TOFINGO's measurement time (to week 8 of fingolimod), the period of the "
              "registered switch.tofingo_lesions_* figures",
}


def module_for(lesson: str):
    """The views module of `lesson` ('02b_infusion_timing_science' -> infusion_timing_science)."""
    return importlib.import_module(f"helpers.views.{re.sub(r'^[0-9]+[a-z]?_', '', lesson)}")


def known_values(lesson: str) -> dict:
    """The lesson's numbers(), with the first row of every '*_rows' list merged in, so a row
    template's placeholders resolve too."""
    numbers = dict(module_for(lesson).numbers())
    for name in [k for k in numbers if k.endswith("_rows")]:
        rows = numbers[name]() if callable(numbers[name]) else numbers[name]
        assert rows, f"{lesson}: numbers()[{name!r}] has no rows"
        numbers.update(rows[0])
    return numbers


READOUT = "readout "


def view_of(key: str) -> str:
    """'readout adherence: moved infusion' -> 'adherence'."""
    return key.removeprefix(READOUT).split(":")[0]


def readout_values(lesson: str, view: str) -> dict:
    """The values the view `view` of `lesson` fills its readout with ('readout_values' of its
    compute result), merged over every control's values taken one at a time from the defaults,
    so the lines shown only sometimes resolve too; the first row of a '*_rows' list (a phrase
    filled once per item, in a 'readout <view>: <phrase>' block) is merged in."""
    spec = REGISTRY[f"{module_for(lesson).__name__.split('.')[-1]}.{view}"]
    base = defaults(spec.controls)
    merged: dict = {}
    for params in [base, *({**base, c.name: x} for c in spec.controls for x in c.values())]:
        values = spec.compute(**params)["readout_values"]
        merged.update(values)
        for rows in (v for k, v in values.items() if k.endswith("_rows") and v):
            merged.update(rows[0])
    return merged


def blocks(min_words: int = 0):
    """Every block of every content file; with `min_words`, only blocks that long (a placeholder
    counts as one word), since a grade of a few words is unstable."""
    return [pytest.param(lesson, b, id=f"{lesson}:{b.key}")
            for lesson in LESSONS for b in content.blocks(lesson).values()
            if len(prose(rows_as_sentences(b.text)).split()) >= min_words]


@pytest.fixture(scope="module")
def values():
    out = {lesson: known_values(lesson) for lesson in LESSONS}
    for lesson in LESSONS:
        for key in content.blocks(lesson):
            if key.startswith(READOUT):
                out[(lesson, key)] = {**out[lesson],
                                      **readout_values(lesson, view_of(key))}
    return out


def rendered(lesson, block, values):
    """The block as a reader reads it; a readout block's lines as sentences, without the
    '[condition]' that says when a line shows."""
    if block.key.startswith("facts "):
        return content.facts(lesson, block.key)
    if block.key.startswith(READOUT):
        text = content.fill(content.unwrap(block.text), values[(lesson, block.key)], block.where)
        return "\n".join(re.sub(r"^- (\[[^\]]*\] )?", "", line).rstrip(".") + "."
                         for line in text.splitlines())
    return content.fill(content.unwrap(block.text), values[lesson], block.where)


def test_every_lesson_with_a_notebook_has_a_content_file_and_numbers():
    stems = [p.stem for p in NOTEBOOKS]
    assert LESSONS and set(LESSONS) <= set(stems)
    for lesson in LESSONS:
        assert module_for(lesson).__name__.split(".")[-1] in lesson_modules()
        assert callable(module_for(lesson).numbers)


@pytest.mark.parametrize("lesson, block", blocks())
def test_every_placeholder_resolves(lesson, block, values):
    assert rendered(lesson, block, values).strip()


@pytest.mark.parametrize("lesson, block", blocks())
def test_no_number_with_a_unit_is_typed_in(lesson, block):
    typed = [t for t in typed_numbers(block.text) if t not in ALLOWED_CONSTANTS]
    assert not typed, (f"{block.where}: {typed} typed in; use a {{placeholder}} filled by "
                       f"numbers() from the registry or a model")


# Views whose readouts are still phrased in Python, each with why.
READOUTS_IN_CODE: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_view_phrases_its_readout_in_its_lessons_content_file(name):
    if name.startswith(tuple(READOUTS_IN_CODE)):
        pytest.skip(READOUTS_IN_CODE[next(k for k in READOUTS_IN_CODE if name.startswith(k))])
    spec = REGISTRY[name]
    result = spec.compute(**defaults(spec.controls))
    assert "readout_values" in result, (
        f"{name}: its readout is phrased in Python; write it as a 'readout <view>' block of the "
        "lesson's content file and fill it with content.readout()")


def test_a_readout_shows_a_line_only_under_its_condition_and_names_a_missing_number():
    lesson, view = "05_switching_and_planning", "switch_gap"
    numbers = module_for(lesson).numbers()
    values = readout_values(lesson, view)
    shown = dict(content.readout(lesson, view, {**values, "arm": True}, numbers))
    hidden = dict(content.readout(lesson, view, {**values, "arm": False}, numbers))
    trial = "TOFINGO trial (switch to fingolimod)"
    assert "active lesions" in shown[trial] and "not a TOFINGO arm" in hidden[trial]
    del values["conc"]
    with pytest.raises(content.ContentError, match=r"readout switch_gap.*\{conc\}"):
        content.readout(lesson, view, values, numbers)


@pytest.mark.parametrize("lesson, block", blocks(MIN_WORDS))
def test_reading_level_for_its_audience(lesson, block, values):
    if block.key == "handout":  # a list of figure keys for the printed page, not prose
        pytest.skip("the handout block names figures; the printed page is tested as a whole")
    if block.key.startswith("facts "):  # the lesson's words only, not the sources' titles
        text = prose(rows_as_sentences("\n".join(
            f"| {label} |" for label, _ in content.facts_rows(lesson, block.key))))
        if len(text.split()) < MIN_WORDS:
            pytest.skip(f"{len(text.split())} words of labels: too few for a stable grade")
    else:
        text = prose(rows_as_sentences(rendered(lesson, block, values)))
    grade, limit = textstat.flesch_kincaid_grade(text), grade_limit(block.audience)
    assert grade <= limit, f"{block.where}: grade {grade:.1f} > {limit}: {text[:120]!r}"


@pytest.mark.parametrize("lesson, block", blocks())
def test_no_verdict_and_no_one_in_n(lesson, block, values):
    text = rendered(lesson, block, values)
    assert not VERDICT.search(text), f"{block.where}: a verdict: {VERDICT.search(text)[0]!r}"
    assert not ONE_IN_N.search(block.text) and not ONE_IN_N.search(text), (
        f"{block.where}: give a risk as 'N of 1,000 people over [period]', not '1 in N'")


def test_every_allowed_constant_is_still_used():
    text = "\n".join(b.text for lesson in LESSONS for b in content.blocks(lesson).values())
    assert all(c in typed_numbers(text) for c in ALLOWED_CONSTANTS), [
        c for c in ALLOWED_CONSTANTS if c not in typed_numbers(text)]


# ---------------------------------------------------------------------------------------------
# Each rule fails on a deliberately broken content string
# ---------------------------------------------------------------------------------------------
BROKEN = """## answer 1

The level falls from {peak} to {trough}.

## answer 2 (science)

Across 50 to 120 kg, about 3% a year; retest every 6 months; by month 24.
"""


def test_a_missing_placeholder_names_file_block_and_placeholder():
    b = content.parse(BROKEN, "99_broken")["answer 1"]
    with pytest.raises(content.ContentError, match=r"99_broken\.md, block 'answer 1'.*\{trough\}"):
        content.fill(b.text, {"peak": "110 µg/mL"}, b.where)


def test_a_stray_brace_is_a_clear_error():
    with pytest.raises(content.ContentError, match="literal brace"):
        content.fill("cover {of 100", {}, "here")


def test_typed_numbers_are_found():
    b = content.parse(BROKEN, "99_broken")["answer 2"]
    assert b.audience == "science"
    assert typed_numbers(b.text) == ["120 kg", "3%", "6 months", "month 24"]
    assert typed_numbers("every {approved} weeks, {cover}% and {n} per 1,000") == []
    assert typed_numbers("4.6 per 1,000 over 24-month") == ["4.6 per 1,000", "24-month"]


def test_reading_level_rule_fails_on_hard_text():
    hard = ("Pharmacokinetic characterisation of monoclonal immunoglobulins necessitates "
            "consideration of target-mediated elimination pathways exhibiting "
            "concentration-dependent nonlinearity, particularly within extended-interval "
            "administration paradigms, notwithstanding interindividual variability.")
    assert len(prose(hard).split()) >= MIN_WORDS - 8
    assert textstat.flesch_kincaid_grade(prose(hard)) > grade_limit("science")


def test_the_verdict_rule_catches_verdicts():
    for text in ("yes, throughout", "No, it dips below", "safe to continue", "well above the level",
                 "still above it", "you are protected"):
        assert VERDICT.search(text), text
    assert not VERDICT.search("no antibodies; 26.6 µg/mL (model, average 70 kg adult)")


def test_the_risk_format_rule_catches_one_in_n():
    assert ONE_IN_N.search("A 2016 recalculation gave about 1 in 44.")
    assert not ONE_IN_N.search("about 23 of 1,000 people over more than 2 years of treatment")


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_opens_with_its_main_message_in_one_to_three_sentences(lesson):
    """The box a reader meets first: one to three sentences, shown before the first section."""
    text = content.main_message(lesson, known_values(lesson))
    body = text.removeprefix("> **The main message.** ").replace("\n> ", " ")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body.strip()) if s]
    assert 1 <= len(sentences) <= 3, f"{lesson}: {len(sentences)} sentences: {body!r}"
    cells = json.loads((NOTEBOOKS[0].parent / f"{lesson}.ipynb").read_text())["cells"]
    first_section = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                         and "".join(c["source"]).lstrip().startswith("## "))
    shown = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
             for out in c.get("outputs", [])
             if "The main message." in "".join(out.get("data", {}).get("text/markdown", ""))]
    assert shown and shown[0] < first_section, f"{lesson}: no main message before its sections"
