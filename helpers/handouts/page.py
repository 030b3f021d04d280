"""A handout as one printable HTML page: semantic HTML (headings, lists, tables with header
cells, figures with alt text) so Chromium's tagged PDF keeps a reading order a screen reader can
follow; body text 11 pt or more; black on white, readable in greyscale.
"""
from __future__ import annotations

import base64
import html
import re

from .model import Handout

NOTICE = ("Educational material, not medical advice. Decisions about your treatment belong with "
          "your MS team.")
PAPERS = {"a4": "A4", "letter": "Letter"}  # file suffix -> Chromium's paper format
BODY_PT = 11

STYLE = f"""
@page {{ margin: 10mm 13mm 10mm 13mm; }}
html {{ font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000;
        background: #fff; }}
body {{ margin: 0; font-size: {BODY_PT}pt; line-height: 1.3; }}
h1 {{ font-size: 17pt; margin: 0 0 2mm 0; }}
h2 {{ font-size: 13pt; margin: 3mm 0 1.2mm 0; break-after: avoid; }}
p {{ margin: 0 0 1.5mm 0; }}
.kicker {{ font-size: {BODY_PT}pt; margin: 0; }}
.message {{ border: 1.5pt solid #000; padding: 2mm 3mm; margin: 2mm 0; }}
.urgent {{ border: 2.5pt solid #000; padding: 2mm 3mm; margin: 2mm 0; break-inside: avoid; }}
table {{ border-collapse: collapse; width: 100%; font-size: {BODY_PT}pt; break-inside: auto; }}
th, td {{ text-align: left; vertical-align: top; border-bottom: 0.6pt solid #666;
          padding: 0.8mm 1.5mm 0.8mm 0; }}
th {{ border-bottom: 1.2pt solid #000; }}
tr {{ break-inside: avoid; }}
table.box th[scope="row"] {{ font-weight: normal; }}
table.box th[scope="rowgroup"] {{ padding-top: 1.5mm; }}
td.num {{ white-space: nowrap; font-weight: bold; }}
td.src {{ width: 30%; }}
ul {{ margin: 0 0 1.5mm 0; padding-left: 6mm; }}
li {{ margin: 0 0 0.8mm 0; }}
ul.questions li {{ list-style: square; }}
.figure {{ margin: 2mm 0; break-inside: avoid; }}
.figure img {{ width: 88%; height: auto; }}
.take {{ display: flex; gap: 5mm; align-items: flex-start; border-top: 1.2pt solid #000;
         padding-top: 2mm; margin-top: 3mm; break-inside: avoid; }}
.take img {{ width: 30mm; height: 30mm; flex: none; }}
.link {{ word-break: break-all; font-size: {BODY_PT}pt; }}
"""


def inline(text: str) -> str:
    """Markdown's inline marks (**bold**, *italic*, [words](url)) as HTML, the rest escaped."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)",
                 lambda m: f'<a href="{html.escape(m.group(2))}">{m.group(1)}</a>', out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def paragraphs(markdown: str) -> str:
    parts = []
    for para in markdown.strip().split("\n\n"):
        lines = para.splitlines()
        if all(ln.startswith("- ") for ln in lines):
            parts.append("<ul>" + "".join(f"<li>{inline(ln[2:])}</li>" for ln in lines)
                         + "</ul>")
        else:
            parts.append(f"<p>{inline(' '.join(lines))}</p>")
    return "\n".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def rows_table(rows, caption: str, head=("What", "Number", "Where it was read")) -> str:
    body = "".join(
        f"<tr><td>{inline(r.label)}</td><td class=\"num\">{inline(r.text)}</td>"
        f"<td class=\"src\">{inline(r.source)}</td></tr>" for r in rows)
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    return ("<table>"
            f"<thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>")


def risk_list(rows) -> str:
    items = "".join(f"<li><strong>{inline(r.label)}</strong>: {inline(r.text)}. "
                    f"<span>Source: {inline(r.source)}.</span></li>" for r in rows)
    return f"<ul>{items}</ul>"


def fact_table(t) -> str:
    """The lesson's fact box: a heading, a header row, a row group per side, the sources."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in t.head)
    body = []
    for side, rows in t.groups:
        body.append(f'<tr><th scope="rowgroup" colspan="{len(t.head)}">{e(side)}</th></tr>')
        for outcome, *cells in rows:
            if not any(cells[1:]):  # one statement across the groups (no figure: not zero)
                tds = f'<td colspan="{len(t.head) - 1}">{e(cells[0])}</td>'
            else:
                tds = "".join(f"<td>{e(c)}</td>" for c in cells)
            body.append(f'<tr><th scope="row">{e(outcome)}</th>{tds}</tr>')
    return (f"<h2>The fact box</h2><p>{e(t.caption)}</p>"
            f'<table class="box"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>'
            f"</table><p>Sources: {e(t.sources)}.</p>")


def render(h: Handout, qr_svg: str) -> str:
    """The handout `h` as one HTML document, ready to print on A4 or US Letter; `qr_svg` is the
    QR code of its link, as SVG (tools/handouts.py makes it)."""
    parts = [f'<p class="kicker">Lesson {h.number}: a page to take home</p>',
             f"<h1>{inline(h.title)}</h1>",
             f'<p class="notice"><strong>{html.escape(NOTICE)}</strong></p>',
             '<section class="message" aria-label="The main message">'
             f"<h2>The main message</h2>{paragraphs(h.main_message)}</section>"]
    if h.urgent_signs:  # the lesson lists the signs: each one, then what to do
        urgent = ("<p>Signs that cannot wait:</p><ul>"
                  + "".join(f"<li>{inline(s[0].upper() + s[1:])}</li>" for s in h.urgent_signs)
                  + f"</ul><p><strong>If you notice one: {inline(lower_first(h.emergency))}"
                  "</strong></p>")
    else:
        urgent = f"<p><strong>{inline(h.emergency_note)}</strong></p>"
    # What to do comes first after the message: it must be on the first page.
    parts.append('<section class="urgent" aria-label="What to do">'
                 "<h2>What to do, and whom to contact</h2>"
                 f"{urgent}"
                 f"<p>Anything else, or a question about your own treatment: "
                 f"{inline(lower_first(h.contact))}"
                 "</p></section>")
    if h.table:
        parts.append(fact_table(h.table))
    if h.risks:
        parts += ["<h2>In numbers: people out of 1,000</h2>", risk_list(h.risks)]
    if h.numbers:
        parts += ["<h2>Key numbers</h2>", rows_table(h.numbers, "Key numbers")]
    for box in h.fact_boxes:
        parts += [f"<h2>Facts: {html.escape(box.title.lower())}</h2>",
                  rows_table(box.rows, f"Facts: {box.title}")]
    if h.figure:
        # A <div>, not <figure>: Chromium tags a <figure> as a second Figure without alt text.
        parts.append(f'<div class="figure"><img src="{data_uri(h.figure_svg)}" '
                     f'alt="{html.escape(h.figure_alt)}">'
                     f"<p>{html.escape(h.figure_alt)}</p></div>")
    parts += ["<h2>Questions to take to your MS team</h2>",
              '<ul class="questions">'
              + "".join(f"<li>{inline(q)}</li>" for q in h.questions) + "</ul>"]
    qr_alt = f"QR code that opens this lesson in the app: {h.link}"
    parts.append('<section class="take" aria-label="Open this lesson">'
                 f'<img src="{data_uri(qr_svg)}" alt="{html.escape(qr_alt)}">'
                 "<div><p>Open this lesson in the app, with its moving figures and all its "
                 "sources (scan the code, or type the address):</p>"
                 f'<p class="link"><a href="{html.escape(h.link)}">{html.escape(h.link)}</a></p>'
                 "</div></section>")
    title = f"Lesson {h.number}: {h.title} (take-home page)"
    return (f'<!DOCTYPE html>\n<html lang="{h.lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title>"
            '<meta name="author" content="Natalizumab teaching collection">'
            f"<style>{STYLE}</style></head>\n<body><main>\n" + "\n".join(parts)
            + "\n</main></body></html>\n")
