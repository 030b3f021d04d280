"""The repository stands alone and its test files import shared code the supported way.

- Test modules import shared test code from plain modules (``tests/paths.py``, ``tests/hubkit.py``),
  never from ``conftest.py``: pytest loads conftest files itself, and importing one by name works
  only while ``tests/`` is on ``sys.path`` and not a package (pytest's "good practices" page).
"""
from __future__ import annotations

import ast

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
