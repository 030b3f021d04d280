"""Where things are, for tests to import (`from paths import ROOT, NOTEBOOKS`).

A plain module rather than conftest.py: pytest advises against importing from conftest, which
breaks as soon as tests/ or a folder in it becomes a package.
"""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Globbed at import (collection) time, so a new lesson is tested without editing the tests.
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
