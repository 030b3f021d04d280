"""No helpers module over 450 lines: a module that grows past it is split by job (one job each,
said in its one-line docstring), keeping its public names importable from where they are used."""
from __future__ import annotations

import pytest

from paths import ROOT

MAX_LINES = 450
MODULES = sorted((ROOT / "helpers").rglob("*.py"))


def test_the_helpers_modules_are_found():
    assert len(MODULES) > 20 and ROOT / "helpers" / "sources.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_at_most_450_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, (f"{path.relative_to(ROOT)} has {lines} lines (at most "
                                f"{MAX_LINES}): split it by job")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_says_its_job_first(path):
    text = path.read_text(encoding="utf-8").lstrip()
    assert text.startswith(('"""', 'r"""')), f"{path.relative_to(ROOT)} has no module docstring"


@pytest.mark.parametrize("name", ["helpers.references", "helpers.monitoring",
                                  "helpers.pk_summaries", "helpers.pml_eid", "helpers.viewspec",
                                  "helpers.content_blocks"])
def test_a_split_off_module_imports_first_in_a_fresh_process(name):
    """A module split off another imports it; the other re-exports its names lazily, so importing
    the split-off module first is not circular (an eager re-export was, in the installed wheel)."""
    import subprocess
    import sys
    run = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
