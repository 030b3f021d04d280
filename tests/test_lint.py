"""ruff (pinned in requirements-test.txt, rules in pyproject.toml: F, E9, E501 at 100 columns) over
the collection's Python: helpers, tests, benchmarks, tools and tasks.py."""
import json
import subprocess
import sys
from pathlib import Path

from paths import ROOT

PATHS = ["helpers", "tests", "benchmarks", "tools", "tasks.py"]


def violations() -> dict[str, list[str]]:
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--output-format", "json",
                          "--no-cache", *PATHS], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode in (0, 1), out.stderr[-3000:]
    found: dict[str, list[str]] = {}
    for v in json.loads(out.stdout):
        rel = Path(v["filename"]).resolve().relative_to(ROOT).as_posix()
        found.setdefault(rel, []).append(
            f"{rel}:{v['location']['row']}:{v['location']['column']} {v['code']} {v['message']}")
    return found


def test_ruff_finds_no_violations():
    found = violations()
    assert not found, "ruff check " + " ".join(PATHS) + "\n" + "\n".join(
        line for lines in found.values() for line in lines)


def test_ruff_checks_these_rules():
    """The rules come from pyproject.toml; a long line in a scratch file must be reported."""
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--stdin-filename",
                          "tests/scratch.py", "-"], cwd=ROOT, input="import os\nx = '" + "y" * 100
                         + "'\n", capture_output=True, text=True, timeout=120)
    assert "F401" in out.stdout and "E501" in out.stdout, out.stdout + out.stderr
