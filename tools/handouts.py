"""The handouts: one printed page (two at most) per lesson, to take home, as PDF in A4 and US
Letter, built offline from the lessons' content files and the registry (helpers.handouts).

    python3 tasks.py handouts [--out DIR] [--lesson 03 ...] [--remote URL] [--branch NAME]

Writes build/handouts/<lesson>-a4.pdf and <lesson>-letter.pdf (and the HTML each was printed
from). Each page's QR code and printed link open that lesson in the app on Binder, for this
copy's GitHub remote and branch (tools/links.py, as `tasks.py links --app`), so a fork's handouts
point at the fork; without a GitHub remote, at the copy the README's Binder badge names.

Printing: Chromium's print to PDF through Playwright (the browser tests drive the same), tagged
(a structure tree a screen reader follows, with the page's title, language and alt texts), fonts
embedded. Chromium is Debian's /usr/bin/chromium, else CHROMIUM_PATH, else `chromium` on PATH,
else an installed Google Chrome or Microsoft Edge; no network is used (every host name fails).
docs/handouts.md says why this route and what was measured.
"""
from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import segno
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from helpers.content import ContentError  # noqa: E402
from helpers.handouts import build, lessons  # noqa: E402
from helpers.handouts.page import PAPERS, render  # noqa: E402
from tools import book, links  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "handouts"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Offline by construction: every host name fails at once.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def find_chromium() -> tuple[str | None, str | None]:
    """(executable path, None), or (None, a Playwright channel: 'chrome' or 'msedge')."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        return explicit, None
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium", None
    found = (shutil.which("chromium") or shutil.which("chromium-browser")
             or shutil.which("google-chrome"))
    if found:
        return found, None
    return None, "msedge" if os.name == "nt" else "chrome"


def qr_code(link: str) -> segno.QRCode:
    """The QR code of `link` (error correction M: survives a crease or a smudge)."""
    return segno.make_qr(link, error="m", boost_error=False)


def qr_svg(link: str) -> str:
    """The QR code of `link` as SVG: black modules on white, a quiet zone of 4 modules."""
    out = io.BytesIO()
    qr_code(link).save(out, kind="svg", scale=1, border=4, dark="#000", light="#fff",
                       xmldecl=False)
    return out.getvalue().decode()


def qr_matrix(link: str) -> list[list[bool]]:
    """The modules of the QR code of `link` (True: dark), without the quiet zone."""
    return [[bool(m) for m in row] for row in qr_code(link).matrix]


def pdf_name(lesson: str, paper: str) -> str:
    return f"{lesson}-{paper}.pdf"


def lesson_link(repo: links.GitHubRepo, branch: str, lesson: str) -> str:
    """The app (Voila on Binder) link of `lesson`, as `tasks.py links --lesson N --app`."""
    return links.binder_url(repo, branch, f"notebooks/{lesson}.ipynb", app=True)


def lesson_title(lesson: str) -> str:
    nb = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    return book.title_of(nb, lesson)


def select(wanted: list[str] | None) -> list[str]:
    if not wanted:
        return lessons()
    return [Path(links.lesson_path(w)).stem for w in wanted]


def build_all(out: Path = OUT, wanted: list[str] | None = None, remote: str | None = None,
              branch: str | None = None, papers=tuple(PAPERS)) -> tuple[list[Path], list[str]]:
    """Print every lesson's handout (or those `wanted`) on each paper; (PDFs written,
    problems), a problem being a lesson whose content file lacks a block the handout needs."""
    repo, branch, origin = book.launch_repo(remote, branch)
    out.mkdir(parents=True, exist_ok=True)
    pages, problems = {}, []
    for lesson in select(wanted):
        for stale in out.glob(f"{lesson}[-.]*"):  # never leave an old page beside a new one
            stale.unlink()
        try:
            handout = build(lesson, lesson_link(repo, branch, lesson), lesson_title(lesson))
        except ContentError as exc:  # a block missing or malformed: the message says which
            problems.append(f"{lesson}: {exc}")
            continue
        html_file = out / f"{lesson}.html"
        html_file.write_text(render(handout, qr_svg(handout.link)), encoding="utf-8")
        pages[lesson] = html_file
    written = print_pdfs(pages, out, papers)
    print(f"Handouts: {len(written)} PDFs for {len(pages)} lessons in {out}; links open "
          f"{repo.owner}/{repo.name} at {branch} (from {origin}).")
    return written, problems


def print_pdfs(pages: dict[str, Path], out: Path, papers) -> list[Path]:
    """Print each HTML page to a tagged PDF on each paper, with one Chromium."""
    if not pages:
        return []
    path, channel = find_chromium()
    written = []
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=path, channel=channel,
                                         args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:  # no browser at all: say what to install
            raise SystemExit(
                f"No Chromium to print with ({exc.__class__.__name__}). Install Chromium "
                "(Debian/Ubuntu: apt-get install chromium) or Google Chrome, or set "
                "CHROMIUM_PATH to its executable.") from None
        try:
            page = browser.new_page()
            for lesson, html_file in pages.items():
                page.goto(html_file.as_uri())
                page.evaluate("document.fonts.ready")
                for paper in papers:
                    target = out / pdf_name(lesson, paper)
                    page.pdf(path=str(target), format=PAPERS[paper], tagged=True,
                             print_background=True, prefer_css_page_size=False)
                    written.append(target)
        finally:
            browser.close()
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python3 tasks.py handouts",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lesson", action="append",
                        help="only this lesson (a number, 02b, or a name); repeat for more")
    parser.add_argument("--remote", help="GitHub repository the links open")
    parser.add_argument("--branch")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    _, problems = build_all(args.out, args.lesson, args.remote, args.branch)
    print(f"Built in {time.perf_counter() - started:.1f} s.")
    for problem in problems:
        print(f"Not built: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
