"""docs/lesson_template.ipynb, the notebook a new lesson starts from, passes the lesson checks.

The template lives outside notebooks/, where every test would take it for a lesson. Here it is
copied into a temporary notebooks/ folder, executed top to bottom in a fresh kernel the way
`python3 tasks.py execute` executes a lesson (tools/execute_notebooks.py), and then held to the
same checks as the lessons, by calling them: every check of tests/test_notebook_hygiene.py (the
lesson template, executed cleanly, no stored widget state, a static fallback for every live
figure), the references check of tests/test_lesson_references.py, the link checks of
tests/test_links.py and the reading-level check of tests/test_reading_level.py. A check added to
the hygiene test's TestNotebook applies to the template as well.

The template is stored without outputs, so it never drifts from the code it calls.
"""
from __future__ import annotations

import json
import shutil

import pytest

import test_lesson_references as references
import test_links as links
import test_notebook_hygiene as hygiene
import test_reading_level as reading
from paths import ROOT
from rules import MIN_WORDS, prose
from tools import execute_notebooks

pytestmark = pytest.mark.notebooks  # runs a kernel

TEMPLATE = ROOT / "docs" / "lesson_template.ipynb"
HYGIENE_CHECKS = sorted(n for n in dir(hygiene.TestNotebook) if n.startswith("test_"))


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The template as lesson 99 of a temporary notebooks/ folder, executed and saved."""
    folder = tmp_path_factory.mktemp("template") / "notebooks"
    folder.mkdir()
    path = folder / "99_lesson_template.ipynb"
    shutil.copy(TEMPLATE, path)
    execute_notebooks.execute(path)
    return path


def test_the_template_is_stored_without_outputs():
    nb = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code), (
        "store docs/lesson_template.ipynb without outputs (Edit > Clear Outputs of All Cells)")
    assert "widgets" not in nb["metadata"]


def test_the_hygiene_checks_are_found():
    """Guards the checks below against running none."""
    assert {"test_template_sections", "test_executed_top_to_bottom",
            "test_what_to_notice_after_every_live_figure"} <= set(HYGIENE_CHECKS)


@pytest.mark.parametrize("check", HYGIENE_CHECKS)
def test_the_template_passes_the_lesson_template_checks(check, executed):
    getattr(hygiene.TestNotebook(), check)(executed)


def test_the_templates_live_figure_has_a_static_fallback(executed):
    hygiene.test_every_widget_output_has_a_static_fallback(executed)


def test_the_templates_references_list_every_figure_it_used(executed):
    references.test_every_figure_the_code_uses_is_in_the_lessons_references(executed)
    assert references.shown_keys(references.load(executed)), "the references name no figures"


def test_the_templates_links_resolve():
    links.test_every_internal_link_resolves(TEMPLATE)
    links.test_section_references_are_links(TEMPLATE)


def test_the_templates_text_reads_at_its_audiences_level():
    graded = 0
    for cell in json.loads(TEMPLATE.read_text(encoding="utf-8"))["cells"]:
        tags = cell["metadata"].get("tags", [])
        if cell["cell_type"] != "markdown" or "reading-level-exempt" in tags:
            continue
        text = prose("".join(cell["source"]))
        if len(text.split()) >= MIN_WORDS:
            reading.test_reading_level(text, "audience-science" in tags)
            graded += 1
    assert graded >= 3
