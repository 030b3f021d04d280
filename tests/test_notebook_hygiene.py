"""Every notebook is committed executed top to bottom, clean, and follows the lesson template."""
import json
import re

import pytest

from paths import NOTEBOOKS
from helpers.views import REGISTRY

SECTION = re.compile(r"^## (\d+\. .+?)\s*$", re.M)
NOTICE = re.compile(r"educational (use|material).{0,80}not medical advice", re.I | re.S)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(nb):
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
class TestNotebook:
    def test_executed_top_to_bottom(self, path):
        counts = [c.get("execution_count") for c in load(path)["cells"] if c["cell_type"] == "code"]
        assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}"

    def test_no_error_outputs_unless_tagged(self, path):
        for cell in load(path)["cells"]:
            errors = [o for o in cell.get("outputs", []) if o["output_type"] == "error"]
            if errors:
                tags = cell["metadata"].get("tags", [])
                assert "raises-exception" in tags, "".join(cell["source"])

    def test_no_stored_widget_state(self, path):
        nb = load(path)
        assert "widgets" not in nb["metadata"]

    def test_page_title_is_the_lessons_title(self, path):
        """The Voila app and the reading copy take the browser tab's title from metadata.title."""
        nb = load(path)
        first = next(line for c in nb["cells"] if c["cell_type"] == "markdown"
                     for line in "".join(c["source"]).splitlines() if line.startswith("# "))
        assert nb["metadata"].get("title") == first[2:].strip()

    def test_kernelspec_is_what_jupyterlab_writes(self, path):
        """JupyterLab rewrites any other display name on opening, which marks the lesson changed
        and autosaves it into the clone."""
        assert load(path)["metadata"]["kernelspec"] == {
            "name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}

    def test_template_sections(self, path):
        text = markdown(load(path))
        assert NOTICE.search(text), "educational-use notice missing"
        objectives = re.search(r"learning objectives|you will (learn|be able)", text, re.I)
        assert objectives, "learning objectives"
        assert re.search(r"^#+ .*references", text, re.I | re.M), "references section missing"
        assert re.search(r"^\*\*Time:\*\* about \d+ minutes", text, re.M), "a **Time:** line"
        for heading in ("Check your understanding", "Summary"):
            assert re.search(rf"^## {heading}\s*$", text, re.M), f"'## {heading}' missing"

    def test_contents_list_links_to_the_sections(self, path):
        text = markdown(load(path))
        contents = re.search(r"\*\*Contents\*\*\n(.*?)(\n\n|\Z)", text, re.S)
        assert contents, "a **Contents** list near the top"
        linked = set(re.findall(r"\]\(#([^)]+)\)", contents.group(1)))
        sections = {h.replace(" ", "-") for h in SECTION.findall(text)}
        assert sections and sections <= linked, f"not in the contents: {sections - linked}"

    def test_every_numbered_section_states_its_time(self, path):
        for cell in load(path)["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] != "markdown" or not SECTION.search(src):
                continue
            after = src[SECTION.search(src).end():].strip().splitlines()
            assert after and re.fullmatch(r"\*about \d+ min\*", after[0].strip()), \
                f"the first line of {SECTION.search(src).group(0)!r} is its time (*about N min*)"

    def test_what_to_notice_after_every_live_figure(self, path):
        cells = load(path)["cells"]
        for i, cell in enumerate(cells):
            src = "".join(cell["source"])
            if cell["cell_type"] != "code" or not any(f'build("{n}")' in src
                                                      for n in FIGURE_VIEWS):
                continue
            nxt = next((c for c in cells[i + 1:] if c["cell_type"] == "markdown"), None)
            assert nxt and "**What to notice" in "".join(nxt["source"]), \
                f"a 'What to notice' cell after {src.splitlines()[0]!r}"

    def test_every_try_it_asks_a_question(self, path):
        for para in re.split(r"\n\s*\n", markdown(load(path))):
            if "**Try it:**" in para:
                assert "?" in para, f"a Try it asks a question: {para[:80]!r}"

    def test_first_code_cell_sets_up_the_page(self, path):
        first = next(c for c in load(path)["cells"] if c["cell_type"] == "code")
        src = "".join(first["source"])
        assert "from helpers import page" in src or re.search(r"from helpers import .*\bpage\b",
                                                                src)
        assert src.strip().splitlines()[-1].strip() == "page.setup()"

    def test_last_cell_is_the_envcheck(self, path):
        last = load(path)["cells"][-1]
        src = "".join(last["source"])
        assert last["cell_type"] == "code" and "envcheck.report()" in src
        assert "app-hide" in last["metadata"].get("tags", []), "version lists are hidden in the app"

    def test_no_trailing_semicolon_or_sys_path(self, path):
        for cell in load(path)["cells"]:
            if cell["cell_type"] != "code":
                continue
            src = "".join(cell["source"])
            assert "sys.path" not in src, "notebooks import helpers as an installed package"
            for line in src.splitlines():
                assert not line.rstrip().endswith(";"), f"trailing ';' hides output: {line}"

    def test_references_rendered_from_registry(self, path):
        src = "\n".join("".join(c["source"]) for c in load(path)["cells"]
                        if c["cell_type"] == "code")
        assert "lesson_references(" in src, "references come from the figures the lesson used"


WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
VIEW_TITLES = {spec.title for spec in REGISTRY.values() if spec.draw is not None}
FIGURE_VIEWS = {spec.name for spec in REGISTRY.values() if spec.draw is not None}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_widget_output_has_a_static_fallback(path):
    """Where no kernel runs (HTML export, a code host), a widget shows as its fallback: a live
    figure as its PNG at default values, any widget as readable text rather than a widget repr."""
    live_figures = 0
    for cell in load(path)["cells"]:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if WIDGET_MIME not in data:
                continue
            text = "".join(data.get("text/plain", ""))
            assert text.strip() and not re.match(r"^(HBox|VBox|HTML|Image)\(", text), text[:80]
            if text.splitlines()[0] in VIEW_TITLES:
                assert data.get("image/png"), "a live figure stores its default frame as PNG"
                live_figures += 1
    n_views = sum(any(f'build("{name}")' in "".join(c["source"]) for name in FIGURE_VIEWS)
                  for c in load(path)["cells"] if c["cell_type"] == "code")
    assert live_figures == n_views
