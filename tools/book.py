"""The reading copy: every lesson as a static web page, built offline with nbconvert.

    python3 tasks.py book [--out DIR] [--remote URL] [--branch NAME] [--handouts DIR]

Writes build/book/index.html (the lessons in order) and one page per lesson: the prose and the
outputs stored in the notebook (figures, tables, summary, references), no code, the cells tagged
`app-hide` left out (as in the Voila app), a launch link on each page (Binder: the app and
JupyterLab, from tools/links.py) and links between lessons that point at the other pages.
The take-home pages printed by `tasks.py handouts` (build/handouts/, or --handouts DIR) are copied
into the book's handouts/ folder and linked from each lesson's bar and from the index.

Why nbconvert and not Jupyter Book: see docs/reading-copy.md (Jupyter Book 2 downloads its site
theme from the network at build time; Jupyter Book 1 adds about 40 packages to the stack).
"""
from __future__ import annotations

import argparse
import base64
import html
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import links  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "book"
HANDOUTS = ROOT / "build" / "handouts"  # where `tasks.py handouts` prints them
PAPERS = (("a4", "A4"), ("letter", "US Letter"))
TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_TEMPLATE = "reading_copy.html.j2"  # extends nbconvert's lab/index.html.j2
WIDGET = "application/vnd.jupyter.widget-view+json"
README_BADGE = re.compile(r"https://mybinder\.org/v2/gh/([^/\s]+)/([^/\s]+)/([^?\s]+)\?")

STYLE = """
<style>
  .book-nav { max-width: 60rem; margin: 0 auto; padding: 0.8rem 1rem; font-size: 16px;
              border-bottom: 1px solid #ccc; display: flex; flex-wrap: wrap; gap: 1rem; }
  .book-nav a { color: #0055aa; }
  .jp-Notebook { max-width: 60rem; margin: 0 auto; }
  .jp-RenderedHTMLCommon { font-size: 16px; line-height: 1.5; }
  img.book-figure { max-width: 100%; height: auto; }
</style>
"""


def launch_repo(remote: str | None, branch: str | None) -> tuple[links.GitHubRepo, str, str]:
    """The repository and branch the launch links open: --remote, else this copy's origin if it
    is on GitHub, else the README's Binder badge (the published copy)."""
    tried = remote if remote is not None else links.current_remote()
    try:
        repo = links.parse_github(tried)
        return repo, branch or links.current_branch(), f"{tried}"
    except links.NoGitHubRemote:
        m = README_BADGE.search((ROOT / "README.md").read_text(encoding="utf-8"))
        if not m:
            raise
        return links.GitHubRepo(m.group(1), m.group(2)), branch or m.group(3), "the README badge"


def figure_html(output: dict) -> None:
    """A stored live figure (widget view, PNG fallback and its text) becomes an <img> whose alt
    text is the figure's readout; the widget view itself cannot render without a kernel."""
    data = output.get("data", {})
    data.pop(WIDGET, None)
    if "image/png" in data:
        png = data["image/png"]
        png = png if isinstance(png, str) else base64.b64encode(png).decode()
        alt = html.escape(str(data.get("text/plain", "")).strip(), quote=True)
        output["data"] = {"text/html": f'<img class="book-figure" alt="{alt}" '
                                       f'src="data:image/png;base64,{png.strip()}">'}


def prepare(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") in ("display_data", "execute_result"):
                    figure_html(output)
        elif cell.cell_type == "markdown":
            cell.source = re.sub(r"\]\((?!https?:)([^)#\s]+)\.ipynb", r"](\1.html", cell.source)


def exporter() -> HTMLExporter:
    """nbconvert's JupyterLab page through tools/templates/reading_copy.html.j2 (title, style and
    navigation bar), without code or prompts, and without the cells tagged `app-hide`."""
    exp = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)],
                       template_file=PAGE_TEMPLATE)
    exp.exclude_input = True
    exp.exclude_input_prompt = True
    exp.exclude_output_prompt = True
    remove = TagRemovePreprocessor(remove_cell_tags={"app-hide"}, enabled=True)
    exp.register_preprocessor(remove, enabled=True)
    return exp


def title_of(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def time_of(nb) -> str:
    for cell in nb.cells:
        m = re.search(r"\*\*Time:\*\*\s*(about \d+ minutes)", cell.source)
        if cell.cell_type == "markdown" and m:
            return m.group(1)
    return ""


def handout_links(stem: str, present: set[str]) -> str:
    """Links to the lesson's take-home page in each paper size copied into the book, or ''."""
    found = [(f"handouts/{stem}-{paper}.pdf", name) for paper, name in PAPERS
             if f"{stem}-{paper}.pdf" in present]
    if not found:
        return ""
    return "Take-home page (PDF): " + ", ".join(
        f'<a href="{html.escape(href)}">{name}</a>' for href, name in found)


def copy_handouts(handouts: Path | None, out: Path) -> set[str]:
    """Copy the printed handouts (`tasks.py handouts`) into the book's handouts/ folder; the
    names of the PDFs copied."""
    pdfs = sorted(handouts.glob("*.pdf")) if handouts and handouts.is_dir() else []
    if pdfs:
        (out / "handouts").mkdir(parents=True, exist_ok=True)
        for pdf in pdfs:
            shutil.copyfile(pdf, out / "handouts" / pdf.name)
    return {pdf.name for pdf in pdfs}


def nav(repo: links.GitHubRepo, branch: str, lesson: str | None,
        handouts: set[str] = frozenset()) -> str:
    parts = ['<nav class="book-nav" aria-label="Reading copy">',
             '<a href="index.html">All lessons</a>']
    if lesson:
        app = links.binder_url(repo, branch, f"notebooks/{lesson}", app=True)
        lab = links.binder_url(repo, branch, f"notebooks/{lesson}")
        parts += [f'<a href="{html.escape(app)}">Open this lesson as an app (Binder)</a>',
                  f'<a href="{html.escape(lab)}">Open it in JupyterLab (Binder)</a>']
        printed = handout_links(Path(lesson).stem, handouts)
        if printed:
            parts.append(f"<span>{printed}</span>")
    parts.append("<span>Educational material, not medical advice.</span></nav>")
    return "\n".join(parts)


def index_page(entries: list[tuple[str, str, str]], repo, branch,
               handouts: set[str] = frozenset()) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(page)}">{html.escape(title)}</a>'
        + (f" ({html.escape(minutes)})" if minutes else "")
        + (f"; {printed}" if (printed := handout_links(Path(page).stem, handouts)) else "")
        + "</li>"
        for page, title, minutes in entries)
    app = links.binder_url(repo, branch, "notebooks/00_start_here.ipynb", app=True)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Natalizumab (Tysabri): the lessons, reading copy</title>{STYLE}</head>
<body><main class="jp-Notebook jp-RenderedHTMLCommon">
<h1>Natalizumab (Tysabri): the lessons</h1>
<p>A reading copy of every lesson, with the figures as they were when the lessons were last run.
To move the pictures yourself, <a href="{html.escape(app)}">open the lessons as an app on
Binder</a>.</p>
<blockquote><p><strong>Educational material, not medical advice.</strong> Decisions about
treatment belong with your MS team.</p></blockquote>
<h2>Lessons, in order</h2>
<ol>
{items}
</ol>
</main></body></html>
"""


def build(out: Path = OUT, remote: str | None = None, branch: str | None = None,
          handouts: Path | None = HANDOUTS) -> list[Path]:
    repo, branch, origin = launch_repo(remote, branch)
    out.mkdir(parents=True, exist_ok=True)
    printed = copy_handouts(handouts, out)
    exp = exporter()
    entries, written = [], []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title = title_of(nb, path.stem)
        prepare(nb)
        nb.metadata["title"] = title  # the page's <title> (the template escapes it)
        body, _ = exp.from_notebook_node(
            nb, resources={"book_nav": nav(repo, branch, path.name, printed),
                                "book_style": STYLE})
        page = out / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        entries.append((page.name, title, time_of(nb)))
        written.append(page)
    index = out / "index.html"
    index.write_text(index_page(entries, repo, branch, printed), encoding="utf-8")
    print(f"Reading copy: {len(entries)} lessons in {out} (open {index}); launch links open "
          f"{repo.owner}/{repo.name} at {branch} (from {origin}).")
    if printed:
        print(f"Take-home pages: {len(printed)} PDFs from {handouts}, linked from each lesson.")
    else:
        print("No take-home pages linked: run `python3 tasks.py handouts` first, then this again.")
    return [index, *written]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py book")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--remote", help="GitHub repository the launch links open")
    parser.add_argument("--branch")
    parser.add_argument("--handouts", type=Path, default=HANDOUTS,
                        help="the printed handouts to copy and link (default: build/handouts/)")
    args = parser.parse_args(argv)
    build(args.out, args.remote, args.branch, args.handouts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
