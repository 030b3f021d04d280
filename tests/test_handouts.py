"""The take-home handouts (python3 tasks.py handouts, helpers/handouts/, tools/handouts.py).

Fast part (no browser): every lesson's content file names what its handout prints, in the
registry; a missing block is a clear error; the risk lines' arithmetic; the QR code decodes (an
independent decoder, zxing-cpp) to the link; the page's HTML carries a title, a language and alt
text on every image.

Printed part (markers `handouts` and `browser`: real Chromium, skips without one unless
REQUIRE_BROWSER=1): every handout is printed on A4 and US Letter, and each PDF is read back
(pypdf for structure, pypdfium2 for text, sizes and the rendered page): at most two pages of the
right size; title and language set; tagged (MarkInfo, a structure tree, alt text on each figure);
every font embedded; no text under 11 pt; every number on the page traced to the registry (the
figures the handout used, the arithmetic on them, the sources' citations) and each printed value
beside its label; the emergency route where the lesson lists urgent signs; the QR code, decoded
from the printed page, equals the link printed beside it and `tasks.py links --app`'s link.
"""
from __future__ import annotations

import re

import pytest
import zxingcpp
from PIL import Image

from helpers import content, pml, sources
from helpers.handouts import model, page
from tools import handouts as tool

LESSONS = model.lessons()
LINK = "https://mybinder.org/v2/gh/o/n/main?urlpath=voila%2Frender%2Fnotebooks%2F03.ipynb"
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")


def decode_matrix(matrix, scale=6, border=4) -> list[str]:
    size = len(matrix) + 2 * border
    img = Image.new("L", (size * scale, size * scale), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                img.paste(0, ((x + border) * scale, (y + border) * scale,
                              (x + border + 1) * scale, (y + border + 1) * scale))
    return [b.text for b in zxingcpp.read_barcodes(img)]


# ---------------------------------------------------------------------------------------------
# Fast: the selection, the errors, the arithmetic, the QR code, the HTML
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_names_what_its_handout_prints(lesson):
    chosen = model.selection(lesson)
    assert {k for k, _ in chosen} <= set(model.KINDS)
    assert any(k in ("numbers", "risk", "facts") for k, _ in chosen), "no key numbers"
    assert 2 <= len(model.ms_team_questions(lesson)) <= 5
    for kind, what in chosen:
        if kind in ("numbers", "risk"):
            assert all(k in sources.FIGURES for k in re.findall(r"`([\w.]+)`", what))
        if kind == "facts":
            assert content.facts_rows(lesson, what)


def test_a_missing_block_is_a_clear_error(monkeypatch):
    def no_block(lesson, numbers=None):
        raise content.ContentError("no block")

    monkeypatch.setattr(model.content, "main_message", no_block)
    with pytest.raises(model.HandoutError, match=r"03_duration_and_monitoring.md has no "
                                                 r"'## main message' block"):
        model.build("03_duration_and_monitoring", LINK)
    with pytest.raises(model.HandoutError, match=r"no '## handout' block"):
        model.selection("99_no_such_lesson")


def test_a_risk_line_is_people_of_1000_over_its_period_both_sides():
    row = model.risk_row("reaction.infusion_reaction_pct", "in the trials")
    n = round(sources.value("reaction.infusion_reaction_pct") * 10)
    assert row.text.startswith(f"{n} of 1,000 people in the trials; {1000 - n:,} did not")
    cell = pml.cell("bloomgren_2012", "positive_is_25_48")
    row = model.risk_row(cell.figure, "")
    assert cell.period in row.text and "of 1,000 people" in row.text
    with pytest.raises(model.HandoutError, match="name its period"):
        model.risk_row("reaction.infusion_reaction_pct", "")
    with pytest.raises(model.HandoutError, match="unit"):
        model.risk_row("dose.mg", "over a year")


def test_the_qr_code_decodes_to_the_link():
    assert decode_matrix(tool.qr_matrix(LINK)) == [LINK]
    assert tool.qr_svg(LINK).startswith("<svg") and "<image" not in tool.qr_svg(LINK)


def test_the_page_has_a_title_language_and_alt_text(monkeypatch):
    monkeypatch.setattr(model, "main_message", lambda lesson, numbers: "A **main** message.")
    h = model.build("03_duration_and_monitoring", LINK, "Lesson <title>")
    doc = page.render(h, tool.qr_svg(LINK))
    assert '<html lang="en">' in doc and "<title>Lesson 03: Lesson &lt;title&gt;" in doc
    imgs = re.findall(r"<img [^>]*>", doc)
    assert len(imgs) == 2 and all(re.search(r'alt="[^"]{20,}"', i) for i in imgs)
    assert "image/svg+xml" in imgs[0] and "<strong>main</strong>" in doc
    assert page.NOTICE in doc and doc.count(LINK) == 3  # the QR's alt, the href, the text
    assert h.figure_svg.startswith("<svg") and "<image" not in h.figure_svg  # vector only


def allowed_numbers(h: model.Handout) -> set[float]:
    """The numbers a handout may print: registry values of the figures it used (and the numbers
    in their descriptions), people of 1,000 rounded from a per-1,000 figure, the people of 1,000
    its risk lines, fact box and figure worked out, the cited sources' titles, years, volumes and
    pages, the values the main message's placeholders take from the lesson's numbers(), the
    emergency numbers, 1,000 and the lesson's number."""
    allowed = {1000.0, float(int(re.match(r"\d+", h.number).group()))}
    for key in h.figures_used:
        f = sources.figure(key)
        allowed |= set(model.figure_numbers(key))
        if f.unit == pml.PER_1000:  # people are whole: "about 5 of 1,000 people (4.6 per 1,000)"
            allowed |= {float(round(v)) for v in model.figure_numbers(key)}
        if f.unit.startswith("%"):  # a share as people of 1,000 (a figure's caption), both sides
            allowed |= {x for v in model.figure_numbers(key) for x in (v * 10, 1000 - v * 10)}
        src = sources.SOURCES[f.source]
        allowed |= {float(x.replace(",", "")) for x in NUMBER.findall(" ".join(
            (f.what, src.title, src.journal, src.year, src.volume, src.pages)))}
    for row in h.rows:
        allowed |= set(row.numbers)
    if h.table:  # the fact box: its people of 1,000, where each figure was read, its words
        allowed |= set(h.table.numbers)
        words = [h.table.caption, *h.table.head, *(c for _, rows in h.table.groups
                                                     for row in rows for c in row)]
        words += [sources.figure(k).where for k in h.table.figures]
        allowed |= {float(x.replace(",", "")) for x in NUMBER.findall(" ".join(words))}
    # The main message's placeholders, filled from the lesson's numbers() (the models and the
    # registry; tests/test_content.py holds the content files to no typed numbers).
    numbers = model.views_module(h.lesson).numbers()
    for name in content.placeholders(content.block(h.lesson, model.MESSAGE).text):
        value = numbers[name]() if callable(numbers[name]) else numbers[name]
        allowed |= {float(x.replace(",", "")) for x in NUMBER.findall(str(value))}
    return allowed | {float(x) for x in NUMBER.findall(h.emergency + h.emergency_note)}


def untraced(h: model.Handout, text: str) -> set[float]:
    """The numbers in `text` (a page's text, links left out) that the registry does not give."""
    text = re.sub(r"https://\S+(\n\S+)*", " ", text.replace("\r", ""))
    return {float(x.replace(",", "")) for x in NUMBER.findall(text)} - allowed_numbers(h)


def test_a_number_not_in_the_registry_is_caught(monkeypatch):
    monkeypatch.setattr(model, "main_message", lambda lesson, numbers: "A message.")
    h = model.build("04_living_with_treatment", LINK)
    row, n = h.risks[0], round(sources.value(h.risks[0].figure) * 10)
    assert not untraced(h, f"{row.label}: {row.text}. Source: {row.source}. Call 999.")
    assert untraced(h, row.text.replace(f"{n} of", f"{n + 3} of")) == {float(n + 3)}
    assert untraced(h, "Lesson 04, about 27 days") == {27.0}


# ---------------------------------------------------------------------------------------------
# Printed: every handout on A4 and Letter, read back
# ---------------------------------------------------------------------------------------------
PAPER_PT = {"a4": (595.92, 842.88), "letter": (612.0, 792.0)}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    from tests.browser.harness import find_chromium, unavailable

    path, reason = find_chromium()
    if path is None:
        unavailable(reason)
    handouts = tool
    out = tmp_path_factory.mktemp("handouts")
    remote, branch = "https://github.com/a-fork/natalizumab-copy.git", "my-branch"
    written, problems = handouts.build_all(out, remote=remote, branch=branch)
    failed = {p.split(":", 1)[0]: p for p in problems}  # each lesson's test reports its own
    repo = handouts.links.parse_github(remote)
    built = {lesson: model.build(lesson, handouts.lesson_link(repo, branch, lesson),
                                 handouts.lesson_title(lesson))
             for lesson in LESSONS if lesson not in failed}
    return out, built, written, failed


def read(pdf_path):
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    return PdfReader(str(pdf_path)), pdfium.PdfDocument(str(pdf_path))


def page_text(doc) -> str:
    return "\n".join(p.get_textpage().get_text_range() for p in doc)


def squeeze(text: str) -> str:
    # pdfium gives a hyphen that ends a line ("out-of-" / "hours") as U+FFFE
    return re.sub(r"\s+", "", text.replace("\u00ad", "").replace("\ufffe", "-"))


def struct_elements(node, out):
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for k in node:
            struct_elements(k, out)
    elif hasattr(node, "get"):
        if node.get("/S"):
            out.append((node["/S"], node.get("/Alt")))
        if node.get("/K") is not None:
            struct_elements(node["/K"], out)
    return out


CASES = [(lesson, paper) for lesson in LESSONS for paper in PAPER_PT]


@pytest.mark.handouts
@pytest.mark.browser
@pytest.mark.parametrize("lesson, paper", CASES)
def test_a_printed_handout(printed, lesson, paper):
    out, built, _, failed = printed
    if lesson in failed:
        pytest.fail(f"not printed: {failed[lesson]}", pytrace=False)
    h = built[lesson]
    reader, doc = read(out / f"{lesson}-{paper}.pdf")

    # At most two pages, each of the paper's size.
    assert 1 <= len(reader.pages) <= 2
    for p in reader.pages:
        w, hgt = float(p.mediabox.width), float(p.mediabox.height)
        assert (round(w), round(hgt)) == tuple(round(x) for x in PAPER_PT[paper])

    # Title, language, tagged, alt text on every figure, fonts embedded.
    root = reader.trailer["/Root"]
    assert reader.metadata.title.startswith(f"Lesson {h.number}: ")
    assert root.get("/Lang") == "en"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    elements = struct_elements(root["/StructTreeRoot"]["/K"], [])
    alts = [str(a) if a else "" for s, a in elements if s == "/Figure"]
    assert len(alts) == (2 if h.figure else 1), alts  # the QR code, and the figure if any
    assert all(alts), "a figure without alt text"
    assert any(a.startswith("QR code") and a.endswith(h.link) for a in alts)
    assert {"/H1", "/H2", "/L", "/LI"} <= {s for s, _ in elements}
    for p in reader.pages:
        for font in p["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor") or \
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(desc.get_object()), font

    # No text under 11 pt (pdfium's size times the text matrix's scale).
    import pypdfium2.raw as raw

    smallest = 99.0
    for p in doc:
        tp = p.get_textpage()
        for i in range(tp.count_chars()):
            if chr(raw.FPDFText_GetUnicode(tp, i)).isspace():
                continue
            m = raw.FS_MATRIX()
            raw.FPDFText_GetMatrix(tp, i, m)
            smallest = min(smallest, raw.FPDFText_GetFontSize(tp, i) * abs(m.d))
    assert smallest >= 10.95, f"text at {smallest:.1f} pt"

    # What the page says: the main message, each row's value beside its label, the questions.
    text = page_text(doc)
    flat = squeeze(text)
    for part in (h.main_message, *h.questions, page.NOTICE):
        assert squeeze(re.sub(r"\*\*", "", part)) in flat
    for row in h.rows:
        assert squeeze(f"{row.label}") in flat and squeeze(row.text) in flat, row
    if h.table:  # the fact box, cell by cell
        for _, rows in h.table.groups:
            assert all(squeeze(c) in flat for row in rows for c in row), rows

    # Every number printed is traced to the registry (see untraced()).
    assert not untraced(h, text), f"untraced numbers: {untraced(h, text)}"

    # What to do: emergency services first; the urgent signs where the lesson lists them.
    assert all(n in text for n in ("999", "112", "911"))
    if ("signs", "urgent") in model.selection(lesson):
        assert h.urgent_signs
        for sign in h.urgent_signs:
            assert squeeze(sign[1:]) in flat, sign
        route = squeeze(page.lower_first(h.emergency))
        assert flat.index(squeeze(h.urgent_signs[-1][1:])) < flat.index(route)
        assert route.startswith("callemergencyservicesnow")
    else:
        assert not h.urgent_signs and squeeze(h.emergency_note) in flat

    # The QR code on the printed page decodes to the link printed beside it, which is the
    # fork's app link for this lesson.
    printed_link = re.search(r"https://mybinder\.org\S+?\.ipynb", flat).group()
    codes = [b.text for p in doc for b in zxingcpp.read_barcodes(p.render(scale=3).to_pil())]
    assert codes == [printed_link] == [h.link]
    assert "/a-fork/natalizumab-copy/my-branch?" in h.link and f"{lesson}.ipynb" in h.link


@pytest.mark.handouts
@pytest.mark.browser
def test_every_lesson_is_printed_on_both_papers_and_the_reading_copy_links_each(
        printed, tmp_path):
    from tools import book

    out, built, written, failed = printed
    assert not failed, list(failed.values())
    assert sorted(p.name for p in written) == sorted(
        f"{lesson}-{paper}.pdf" for lesson in LESSONS for paper in PAPER_PT)
    book.build(tmp_path, remote="https://github.com/a-fork/natalizumab-copy", branch="b",
               handouts=out)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    for lesson in LESSONS:
        page_html = (tmp_path / f"{lesson}.html").read_text(encoding="utf-8")
        for paper in PAPER_PT:
            href = f"handouts/{lesson}-{paper}.pdf"
            assert f'href="{href}"' in page_html and f'href="{href}"' in index
            assert (tmp_path / href).read_bytes() == (out / f"{lesson}-{paper}.pdf").read_bytes()
