"""One risk format where a learner or an instructor reads, beyond the views and content files
(those are held by tests/test_widget_sweeps.py and tests/test_content.py): every notebook's
Markdown and stored outputs, the instructor notes and the workshop agendas never write a risk as
"1 in N", and every PML number a stored output of lesson 03 shows names its time period.
"""
import json

import pytest

from paths import NOTEBOOKS, ROOT
from rules import ONE_IN_N, risks_without_period

WORKSHOP = sorted((ROOT / "workshop").rglob("*.md")) + sorted((ROOT / "workshop").glob("*.yaml"))


def notebook_texts(path) -> list[str]:
    """Markdown cells and stored text outputs (plain text and Markdown) of a notebook."""
    texts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            if "text" in out:
                texts.append("".join(out["text"]))
            for kind in ("text/plain", "text/markdown"):
                if kind in out.get("data", {}):
                    texts.append("".join(out["data"][kind]))
    return texts


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_writes_a_risk_as_1_in_n(path):
    found = [m.group(0) for t in notebook_texts(path) for m in ONE_IN_N.finditer(t)]
    assert not found, f"{path.name}: {found}"


@pytest.mark.parametrize("path", WORKSHOP, ids=lambda p: p.name)
def test_no_workshop_file_writes_a_risk_as_1_in_n(path):
    found = ONE_IN_N.findall(path.read_text(encoding="utf-8"))
    assert not found, f"{path.relative_to(ROOT)}: {found}"


def test_every_pml_number_in_lesson_03s_stored_outputs_names_its_period():
    """Readouts, tables and the appendix as stored (one readout line or table row is one
    unit)."""
    path = ROOT / "notebooks" / "03_duration_and_monitoring.ipynb"
    outputs = [t for t in notebook_texts(path) if "PML" in t or "per 1,000" in t]
    units = [line for t in outputs for line in t.splitlines()
             if not line.startswith("<!--") and "person-years" not in line]
    units = [u for u in units if not u[:3].strip(". ").isdigit()]   # reference list entries
    missing = risks_without_period(units)
    assert not missing, missing


def test_the_rules_here_fail_on_broken_text():
    assert ONE_IN_N.search("In the main trial, about 1 in 4 people had one.")
    assert risks_without_period(["Published estimate: about 4.6 per 1,000"])
    assert not risks_without_period(["about 5 of 1,000 people during months 25 to 48"])
