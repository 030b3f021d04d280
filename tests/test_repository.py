"""The repository stands alone and its test files import shared code the supported way.

- No tracked file refers to documents outside the repository (the project's working notes and
  reviews): what a contributor needs is in CONTRIBUTING.md, helpers/data/README.md and the
  docstrings, and clinical sources are cited by their key in helpers/data/sources.csv.
- Test modules import shared test code from plain modules (``tests/paths.py``, ``tests/hubkit.py``),
  never from ``conftest.py``: pytest loads conftest files itself, and importing one by name works
  only while ``tests/`` is on ``sys.path`` and not a package (pytest's "good practices" page).
"""
from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from paths import ROOT

TEST_FILES = sorted(p for p in (ROOT / "tests").rglob("*.py") if p.name != "conftest.py")


def conftest_imports(path) -> list[int]:
    """Line numbers of `import conftest` / `from conftest import ...` in the file at `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "conftest":
            lines.append(node.lineno)
        elif isinstance(node, ast.Import) and any(
                a.name.split(".")[-1] == "conftest" for a in node.names):
            lines.append(node.lineno)
    return lines


def test_conftest_imports_are_found(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import os\nfrom conftest import NOTEBOOKS\nimport tests.conftest as c\n")
    assert conftest_imports(sample) == [2, 3]


@pytest.mark.parametrize("path", TEST_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_test_module_imports_conftest(path):
    found = conftest_imports(path)
    assert not found, (f"{path.relative_to(ROOT)}, line {found[0]}: imports from conftest; import "
                       "shared test code from tests/paths.py (`from paths import ROOT, NOTEBOOKS`) "
                       "or another plain module instead")


# Names of documents that live outside the repository, written in pieces so this file does not
# name them itself.
OUTSIDE = ["CONVEN" + "TIONS", "pkpd" + ".md", "facts" + ".md", "practical" + ".md",
           "pml-" + "tables", "comparison" + ".md", "shared" + "/reference", "../" + "shared",
           "review-" + "lessons", "code-" + "review"]
OUTSIDE_RE = re.compile("|".join(re.escape(n) for n in OUTSIDE))
def tracked_files() -> list[str]:
    """Every file git tracks (the repository as a clone sees it), or every file on disk when this
    is not a git checkout."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             timeout=60, check=True).stdout
        return [n for n in out.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "build", "wheelhouse", "__pycache__"}
        return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*")
                if p.is_file() and not skip & set(p.relative_to(ROOT).parts)]


def references_outside() -> dict[str, list[str]]:
    """{file: [line number: text]} for every line that names a document outside the repository."""
    found: dict[str, list[str]] = {}
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file() or path == Path(__file__).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images and other binary files
        hits = [f"{i}: {line.strip()[:120]}" for i, line in enumerate(text.splitlines(), 1)
                if OUTSIDE_RE.search(line)]
        if hits:
            found[name] = hits
    return found


def test_the_names_are_recognised():
    assert OUTSIDE_RE.search("see ../" + "shared/reference/pkpd" + ".md section 4")
    assert OUTSIDE_RE.search("(CONVEN" + "TIONS.md)") and not OUTSIDE_RE.search("conventions")
    assert not OUTSIDE_RE.search("nova_pkpd_summary;comparison.csv")


def test_no_tracked_file_refers_to_documents_outside_the_repository():
    found = references_outside()
    assert not found, ("these files refer to documents that are not in the repository; write "
                       "what a contributor needs into CONTRIBUTING.md, helpers/data/README.md "
                       f"or a docstring, and cite sources by registry key: {found}")
