"""Every link between and within lessons resolves: a section reference is a real link, and its
anchor is a heading JupyterLab (and Voila) gives an id to.

JupyterLab's heading ids are the heading text with spaces replaced by '-' (``## 3. A late or
missed infusion`` -> ``#3.-A-late-or-missed-infusion``). Links to other lessons are relative
(``02b_infusion_timing_science.ipynb#2.-The-models-as-equations``).
"""
import json
import re
from urllib.parse import unquote

import pytest

from paths import NOTEBOOKS

# Lessons being written in parallel that a lesson may already link to. The link is checked as
# soon as the notebook exists; REMOVE a name here when its lesson is merged.
NOT_YET_WRITTEN: set[str] = set()

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markdown_cells(nb):
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def anchor(heading: str) -> str:
    """JupyterLab's id for a heading: the text (inline markup dropped), spaces as '-'."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"[*`]", "", text).strip()
    return text.replace(" ", "-")


def anchors(nb) -> set[str]:
    return {anchor(h) for cell in markdown_cells(nb) for h in HEADING.findall(cell)}


def internal_links(nb) -> list[str]:
    links = [t for cell in markdown_cells(nb) for t in LINK.findall(cell)]
    return [t for t in links if not re.match(r"^[a-z]+:", t)]


LESSONS = {p.name: p for p in NOTEBOOKS}


def test_anchor_matches_jupyterlab():
    assert anchor("3. A late or missed infusion") == "3.-A-late-or-missed-infusion"
    assert anchor("**Summary**") == "Summary"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_internal_link_resolves(path):
    nb = load(path)
    broken = []
    for target in internal_links(nb):
        name, _, frag = target.partition("#")
        if name and name not in LESSONS:
            if name in NOT_YET_WRITTEN and not frag:
                continue
            broken.append(f"{target}: no lesson {name}")
            continue
        other = load(LESSONS[name]) if name else nb
        if frag and unquote(frag) not in anchors(other):
            broken.append(f"{target}: no heading with that anchor in {name or path.name}")
    assert not broken, f"{path.name}: broken links:\n" + "\n".join(broken)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_section_references_are_links(path):
    """'section 3' in prose is a link, so a reader can jump to it and the test can check it."""
    for cell in markdown_cells(load(path)):
        text = LINK.sub("", cell)
        bare = re.findall(r"\bsections?\s+\d+\b", text, re.I)
        assert not bare, f"{path.name}: section reference without a link: {bare}"


def test_the_check_can_fail(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {},
                     "source": "## 1. Intro\n\nSee [there](#1.-Outro)."}]}
    assert "#1.-Outro" in internal_links(nb)
    assert "1.-Outro" not in anchors(nb) and "1.-Intro" in anchors(nb)
