"""The reading copy (`python3 tasks.py book`, tools/book.py): every lesson, its summary and its
reference list are on the built pages, with a launch link on each page, and `app-hide` cells left
out. Built offline with nbconvert from the stored outputs."""
import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from paths import NOTEBOOKS
from tools import book


def words(text: str) -> str:
    return " ".join(re.findall(r"[A-Za-z0-9]+", text))


def page_words(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return words(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def markdown_lines(md: str) -> list[str]:
    """Lines of Markdown as the words a reader sees (links keep their text, not their address)."""
    md = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", md)
    md = re.sub(r"<[^>]+>", " ", md)
    md = re.sub(r"\$[^$]*\$", " ", md)  # LaTeX renders in the browser, not as words
    md = re.sub(r"(?m)^\s*(?:\d+\.|[-*+>]|#+)\s+", "", md)  # list numbers, bullets, headings
    return [w for w in (words(line) for line in md.splitlines()) if len(w.split()) >= 3]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    book.build(out, remote="git@github.com:someone/fork.git", branch="workshop")
    return out


def lesson_parts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    summary = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"
                   and "".join(c["source"]).startswith("## Summary"))
    refs = ["".join(o["data"]["text/markdown"]) for c in cells if c["cell_type"] == "code"
            and "refs.references" in "".join(c["source"])
            for o in c["outputs"] if "text/markdown" in o.get("data", {})]
    hidden = ["".join(o.get("text", "")) for c in cells
              if "app-hide" in c["metadata"].get("tags", []) for o in c.get("outputs", [])]
    return summary, refs, hidden


def test_the_index_lists_every_lesson_in_order(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    pages = re.findall(r'<li><a href="([^"]+)"', index)
    assert pages == [f"{p.stem}.html" for p in NOTEBOOKS]
    assert "not medical advice" in index


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_lesson_has_its_summary_references_and_launch_links(built, path):
    page = (built / f"{path.stem}.html").read_text(encoding="utf-8")
    text = page_words(page)
    summary, refs, hidden = lesson_parts(path)
    assert 'id="Summary"' in page
    missing = [line for line in markdown_lines(summary) if line not in text]
    assert not missing, f"summary lines not on the page: {missing[:3]}"
    assert refs, f"{path.name} renders no reference list"
    missing = [line for md in refs for line in markdown_lines(md) if line not in text]
    assert not missing, f"reference lines not on the page: {missing[:3]}"
    assert 'id="References"' in page
    for out in hidden:
        for line in markdown_lines(out)[:3]:
            assert line not in text, f"an app-hide cell's output is on the page: {line}"
    launch = [html.unescape(u) for u in re.findall(r'href="(https://mybinder\.org[^"]+)"', page)]
    assert {parse_qs(urlsplit(u).query)["urlpath"][0] for u in launch} == {
        f"voila/render/notebooks/{path.name}", f"lab/tree/notebooks/{path.name}"}
    assert all("/v2/gh/someone/fork/workshop?" in u for u in launch)
    local = re.sub(r'href="https?://[^"]+"', "", page)
    assert ".ipynb#" not in local, "a link to another lesson left as .ipynb"


def test_figures_come_from_the_stored_outputs_with_their_text(built):
    page = (built / "02_infusion_timing.html").read_text(encoding="utf-8")
    tags = [t for t in re.findall(r"<img\b[^>]*>", page) if 'class="book-figure"' in t]
    assert len(tags) >= 3
    for tag in tags:
        assert 'src="data:image/png;base64,' in tag
        assert re.search(r'alt="[^"]*\w[^"]*"', tag), "every figure has its readout as alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_page_has_the_lesson_title_the_bar_before_the_lesson_and_the_book_style_last(built,
                                                                                          path):
    """What tools/templates/reading_copy.html.j2 adds to nbconvert's JupyterLab page."""
    import nbformat

    page = (built / f"{path.stem}.html").read_text(encoding="utf-8")
    title = book.title_of(nbformat.read(path, as_version=4), path.stem)
    assert re.search(r"<title>(.*?)</title>", page, re.S).group(1) == html.escape(title)
    head, _, body = page.partition("</head>")
    assert head.rstrip().endswith("</style>") and ".book-nav {" in head.rsplit("<style", 1)[1]
    assert re.match(r'\s*<body[^>]*>\s*<nav [^>]*class="book-nav"', body)
    assert body.index("</nav>") < body.index("<main>")
