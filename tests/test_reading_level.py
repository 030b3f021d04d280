"""Plain language first: text for people on treatment and carers reads at school grade 8 or below,
science sections (tagged audience-science) at grade 12 or below (Flesch-Kincaid, textstat 0.7.3)."""
import json

import pytest
import textstat

from paths import NOTEBOOKS
from rules import MIN_WORDS, PLAIN_MAX_GRADE, SCIENCE_MAX_GRADE, prose


def cells():
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            tags = cell["metadata"].get("tags", [])
            if "reading-level-exempt" in tags:
                continue
            text = prose("".join(cell["source"]))
            if len(text.split()) >= MIN_WORDS:
                yield pytest.param(text, "audience-science" in tags, id=f"{path.stem}-cell{i}")


@pytest.mark.parametrize("text, science", list(cells()))
def test_reading_level(text, science):
    grade = textstat.flesch_kincaid_grade(text)
    limit = SCIENCE_MAX_GRADE if science else PLAIN_MAX_GRADE
    assert grade <= limit, f"grade {grade:.1f} > {limit}: {text[:120]!r}"


def test_latex_is_not_graded():
    text = prose("The rate is $k = CL/V$ here.\n\n$$C(t) = \\frac{R}{CL}$$\n\nDone.")
    assert "CL" not in text and "frac" not in text and "rate" in text and "Done" in text


def test_grading_can_fail():
    hard = ("Pharmacokinetic characterisation of monoclonal immunoglobulins necessitates "
            "consideration of target-mediated elimination pathways exhibiting "
            "concentration-dependent nonlinearity, particularly within extended-interval "
            "administration paradigms.")
    assert textstat.flesch_kincaid_grade(hard) > SCIENCE_MAX_GRADE
