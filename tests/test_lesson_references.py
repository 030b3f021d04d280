"""Every figure a lesson's code looks up is listed in the references the lesson shows.

What is checked, for each notebook in notebooks/:

1. **Figures the code uses**: every string literal in a code cell that is a key of
   ``helpers.sources.FIGURES`` (``sources.value("dose.mg")``, ``cite('label.v_l')`` inside an
   f-string, or a key in a list that a loop passes to ``sources.figure``, or in a ``PROSE_ONLY``
   list passed to the references functions).
2. **Figures the references show**: the keys named in the *stored outputs* of the notebook's
   references cells, i.e. the code cells that call ``references_markdown``,
   ``figures_table_markdown`` or ``lesson_references``.

The format read in (2) is the one ``helpers.sources`` writes: each rendered reference list and
appendix table ends with one line

    <!-- registry figures: dose.mg dose.interval_days label.trough_ug_per_ml -->

(an HTML comment, so JupyterLab, Voila and GitHub do not show it; keys separated by spaces), and
``helpers.sources.rendered_figure_keys(text)`` parses it. A notebook produces it by displaying
the functions' Markdown, e.g. ``display(Markdown(sources.references_markdown(
sources.used() + PROSE_ONLY)))`` and ``display(Markdown(sources.figures_table_markdown(...)))``,
or the two strings of ``sources.lesson_references(prose_only=PROSE_ONLY)``, then executing the
notebook so the outputs are stored. A hand-typed list in Markdown, or outputs stored before the
marker existed, name no keys, so every used figure counts as missing.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from paths import NOTEBOOKS
from helpers import sources

REFERENCE_FUNCTIONS = ("references_markdown", "figures_table_markdown", "lesson_references")

# Outputs of these two were stored before the marker existed and their references cells list
# keys by hand; another change rewrites them to render from sources.used() and re-executes them.
# Non-strict, so the test reports XPASS, not a failure, once their outputs carry the marker.
def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source_text(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def string_literals(code: str) -> list[str]:
    """String constants in `code` (IPython magics and shell lines dropped before parsing)."""
    python = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln
                       for ln in code.splitlines())
    try:
        tree = ast.parse(python)
    except SyntaxError:  # not plain Python: fall back to quoted words
        return re.findall(r"""["']([^"'\s]+)["']""", code)
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def used_keys(nb: dict) -> list[str]:
    """Registry figure keys that appear as string literals in the notebook's code cells."""
    keys = [s for c in code_cells(nb) for s in string_literals(source_text(c))]
    return list(dict.fromkeys(k for k in keys if k in sources.FIGURES))


def reference_cells(nb: dict) -> list[dict]:
    return [c for c in code_cells(nb)
            if any(re.search(rf"\b{f}\s*\(", source_text(c)) for f in REFERENCE_FUNCTIONS)]


def output_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        texts = [out.get("text", "")] + [out.get("data", {}).get(m, "")
                                         for m in ("text/markdown", "text/html", "text/plain")]
        parts += ["".join(t) if isinstance(t, list) else t for t in texts]
    return "\n".join(parts)


def shown_keys(nb: dict) -> list[str]:
    """Figure keys the stored outputs of the references cells name (see the module docstring)."""
    return sources.rendered_figure_keys("\n".join(output_text(c) for c in reference_cells(nb)))


def missing_references(nb: dict) -> list[str]:
    shown = set(shown_keys(nb))
    return [k for k in used_keys(nb) if k not in shown]


# ---------------------------------------------------------------------------------------------
# The lessons
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_the_code_uses_is_in_the_lessons_references(path):
    nb = load(path)
    assert reference_cells(nb), f"{path.name}: no code cell calls {REFERENCE_FUNCTIONS}"
    assert shown_keys(nb), (f"{path.name}: the references cells' stored outputs name no figures "
                            "(no '<!-- registry figures: ... -->' line); render them with "
                            "helpers.sources and execute the notebook")
    missing = missing_references(nb)
    assert not missing, f"{path.name}: figures used but not in the references: {missing}"


def test_the_lessons_use_registry_figures():
    """Guards the check above against reading nothing: the lessons' code does name figures. A
    lesson whose figures all come through its views module's numbers() names none in its code,
    and that is fine: its references still list them (the check above reads the stored list)."""
    named = {p.name: used_keys(load(p)) for p in NOTEBOOKS}
    assert any(named.values()), "no lesson's code names a registry figure: the check reads nothing"
    assert "dose.mg" in named[NOTEBOOKS[0].name], named[NOTEBOOKS[0].name]


# ---------------------------------------------------------------------------------------------
# The check itself, on small notebooks written to tmp_path
# ---------------------------------------------------------------------------------------------
def code(src: str, *markdown_outputs: str) -> dict:
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"text/markdown": md, "text/plain": "<IPython.core.display.Markdown>"}}
               for md in markdown_outputs]
    return {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": src,
            "outputs": outputs}


def write(tmp_path: Path, cells: list[dict]) -> Path:
    path = tmp_path / "lesson.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


LESSON_CODE = [
    code('%matplotlib inline\nfrom helpers import sources\nn = sources.value("dose.mg")'),
    code('for key in ["label.trough_ug_per_ml", "visit.total_hours"]:\n'
         '    f = sources.figure(key)'),
    code("print(f\"{sources.cite('eid.nextms_target')}\")"),
]
PROSE_ONLY = ["label.ada_persistent_pct"]
REFS_SRC = ('PROSE_ONLY = ["label.ada_persistent_pct"]\n'
            "refs, appendix = sources.lesson_references(prose_only=PROSE_ONLY)\n"
            "display(Markdown(refs))\ndisplay(Markdown(appendix))")


def rendered(keys):
    """What lesson_references shows once `keys` have been used: (list, appendix)."""
    return sources.references_markdown(keys), sources.figures_table_markdown(keys)


def test_check_passes_when_the_references_show_every_used_figure(tmp_path):
    keys = ["dose.mg", "label.trough_ug_per_ml", "visit.total_hours", "eid.nextms_target",
            *PROSE_ONLY]
    refs, appendix = rendered(keys)
    nb = load(write(tmp_path, [*LESSON_CODE, code(REFS_SRC, refs, appendix)]))
    assert used_keys(nb) == keys
    assert missing_references(nb) == []


def test_check_fails_when_a_used_figure_is_left_out(tmp_path):
    """A deliberately broken copy: the references were rendered without one figure."""
    keys = ["dose.mg", "label.trough_ug_per_ml", "eid.nextms_target", *PROSE_ONLY]
    refs, appendix = rendered(keys)
    nb = load(write(tmp_path, [*LESSON_CODE, code(REFS_SRC, refs, appendix)]))
    assert missing_references(nb) == ["visit.total_hours"]
    with pytest.raises(AssertionError, match="visit.total_hours"):
        test_every_figure_the_code_uses_is_in_the_lessons_references(tmp_path / "lesson.ipynb")


def test_check_fails_on_a_hand_typed_list_without_the_marker(tmp_path):
    old_style = "1. Tysabri Dosage. Drugs.com. <https://www.drugs.com/dosage/tysabri.html>"
    nb = load(write(tmp_path, [*LESSON_CODE, code(REFS_SRC, old_style)]))
    assert missing_references(nb)[0] == "dose.mg"
    with pytest.raises(AssertionError, match="name no figures"):
        test_every_figure_the_code_uses_is_in_the_lessons_references(tmp_path / "lesson.ipynb")


def test_check_reads_only_the_references_cells(tmp_path):
    """A marker printed by some other cell does not count as the lesson's references."""
    refs, _ = rendered(["dose.mg"])
    nb = load(write(tmp_path, [code('x = sources.value("dose.mg")', refs),
                               code("display(Markdown(sources.references_markdown([])))")]))
    assert missing_references(nb) == ["dose.mg"]


def test_a_lesson_without_a_references_cell_fails(tmp_path):
    write(tmp_path, LESSON_CODE)
    with pytest.raises(AssertionError, match="no code cell calls"):
        test_every_figure_the_code_uses_is_in_the_lessons_references(tmp_path / "lesson.ipynb")


def test_keys_from_the_real_renderers_round_trip():
    keys = ["dose.mg", "pk2.vc_l", "stop.peak_months"]
    assert sources.rendered_figure_keys(sources.references_markdown(keys)) == keys
    assert sources.rendered_figure_keys(sources.figures_table_markdown(keys)) == keys
