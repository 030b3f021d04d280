"""Lesson 01's fact box: natalizumab against a dummy drip (placebo) in the AFFIRM trial, benefits
and harms side by side for 1,000 people over 2 years, after the Harding Center's fact boxes: both
groups, a difference in people, no relative risks, who was studied and a summary that does not
say what to choose.

The rows are data, ``helpers/data/fact_box_affirm.csv`` (read by :mod:`helpers.registry_csv`):
each names the registry figures (percentages of people) it shows. A number of people per 1,000
is always worked out here from those percentages (:func:`per_1000`), never typed. The words are
blocks ``fact box words``, ``fact box footer`` and ``fact box summary`` of the lesson's content
file.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

from .. import content, regimen, sources
from ..registry_csv import DATA_DIR

LESSON = "01_how_natalizumab_works"
FACT_BOX_FILE = DATA_DIR / "fact_box_affirm.csv"
PEOPLE = 1000  # the one denominator of the box
CHECKED = "December 2026"  # when the figures behind the rows were last read in their sources
SIDES = (("benefit", "benefits"), ("harm", "harms"))


def load_rows(path: Path | str = FACT_BOX_FILE) -> list[dict]:
    """The rows of fact_box_affirm.csv, each figure checked against the registry."""
    from ..registry_csv import TABLES, load_table

    return [row for _, row in load_table(path, TABLES["fact_box_affirm.csv"],
                                         sources=sources.SOURCES, figures=sources.FIGURES)]


def per_1000(pct: float) -> int:
    """People of 1,000 for a percentage, rounded honestly: to the nearest 10 from 100 up (the
    trials' percentages are whole numbers, so a finer count would be false precision), to the
    nearest whole person below 100; halves round up.

    >>> per_1000(28.7), per_1000(55.7), per_1000(1.1), per_1000(0.3), per_1000(2.6)
    (290, 560, 11, 3, 26)
    """
    n = pct * PEOPLE / 100
    step = 10 if n >= 100 else 1
    return int(math.floor(n / step + 0.5 + 1e-9)) * step


def box_words() -> dict[str, str]:
    """The box's words (block ``fact box words``): each is written as a sentence, so the content
    file's reading-level check reads it as one; a label (a column or a row heading) is shown
    without its full stop. The caption and the PML note stay sentences."""
    words = content.fields(LESSON, "fact box words")
    return {k: w if k in ("caption", "pml") else w.removesuffix(".") for k, w in words.items()}


def about(n: int) -> str:
    return f"about {n:,}"


def _sources_text(keys) -> str:
    """'who, where (status)' for each distinct source of the row's figures."""
    out = []
    for key in keys:
        f = sources.figure(key)
        src = sources.SOURCES[f.source]
        text = f"{src.authors or src.publisher or src.title}, {f.where} ({f.status})"
        if text not in out:
            out.append(text)
    return "; ".join(out)


PML_SURVIVED = "pml.natalizumab_pml_survived_pct"
PML_SURVIVAL_N = "pml.natalizumab_pml_survival_n"
PML_FOLLOWUP = "pml.natalizumab_pml_followup_months"


def fact_rows(rows=None) -> list[dict]:
    """Each row as shown: its words, the people of 1,000 in each group (None where the trial
    gives no figure), the difference in words, and its sources with their status."""
    rows = load_rows() if rows is None else rows
    words = box_words()
    out = []
    for row in rows:
        keys = [row[g] for g in ("natalizumab", "placebo") if row[g]]
        pct = {g: sources.value(row[g]) if row[g] else None for g in ("natalizumab", "placebo")}
        n = {g: per_1000(p) if p is not None else None for g, p in pct.items()}
        if None not in n.values():
            d = per_1000(abs(pct["natalizumab"] - pct["placebo"]))
            more = pct["natalizumab"] > pct["placebo"]
            difference = f"{about(d)} {'more' if more else 'fewer'}" if d else "about the same"
        else:
            difference = words["no difference"]
        out.append({**row, "people": n, "difference": difference,
                    "sources": _sources_text(keys) or words["pml sources"]})
    return out


def _cell(n: int | None, words: dict, group: str, row: dict) -> str:
    if n is None:
        return words["does not apply"]
    return f"{about(n)} of {PEOPLE:,} ({about(PEOPLE - n)} {words['did not']})"


def with_pml_survival(row: dict) -> dict:
    """The PML row as the box shows it: survival after PML (registered, with its status) as the
    row's note beside the label's words, its source before lesson 03's. Only the box records
    these figures as used, not a lesson that reads the other rows."""
    if row["key"] != "pml":
        return row
    note = content.render(LESSON, "fact box pml survival", numbers())
    text = _sources_text([PML_SURVIVED, PML_SURVIVAL_N, PML_FOLLOWUP])
    return {**row, "note": note, "sources": f"{text}; {row['sources']}"}


def fact_box_html(rows=None) -> str:
    """The fact box as one accessible HTML table: a caption, a header row of column titles, a
    heading row per side (benefits, harms), each outcome as a row header, and a footer saying
    who was studied, the period and where the numbers come from."""
    rows = [with_pml_survival(r) for r in fact_rows(rows)]
    words = box_words()
    n = numbers()
    e = html.escape
    columns = ("outcome", "placebo", "natalizumab", "difference", "source")
    head = "".join(f'<th scope="col">{e(words[c])}</th>' for c in columns)
    body = []
    for side, title in SIDES:
        body.append(f'<tr><th scope="rowgroup" colspan="{len(columns)}" '
                    f'style="text-align:left">{e(words[title])}</th></tr>')
        for r in (r for r in rows if r["side"] == side):
            note = (f'<br><small style="font-weight:normal">{e(r["note"])}</small>'
                    if r["note"] else "")
            if r["natalizumab"]:
                cells = "".join(f"<td>{e(_cell(r['people'][g], words, g, r))}</td>"
                                for g in ("placebo", "natalizumab"))
                cells += f'<td>{e(r["difference"])}</td>'
            else:  # no figure read for this trial: say so across both groups, never a zero
                cells = f'<td colspan="3">{e(words["pml"])}</td>'
            body.append(
                f'<tr data-row="{e(r["key"])}"><th scope="row" style="text-align:left">'
                f'{e(r["outcome"])}{note}</th>{cells}'
                f'<td><small>{e(r["sources"])}</small></td></tr>')
    footer = content.render(LESSON, "fact box footer", n)
    return ('<table class="fact-box">'
            f'<caption style="text-align:left;font-weight:bold">{e(words["caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f'<tfoot><tr><td colspan="{len(columns)}">{e(footer)}</td></tr></tfoot></table>')


def fact_box_summary_markdown() -> str:
    """The box's summary in a few plain sentences: the differences, no advice."""
    return content.render(LESSON, "fact box summary", numbers())


def numbers() -> dict:
    """The placeholders of the fact box's footer and summary."""
    v = sources.value

    def diff(key):
        return lambda: next(r["difference"] for r in fact_rows() if r["key"] == key)

    return {
        "affirm_n": lambda: v("affirm.n_patients"), "affirm_nat": lambda: v("affirm.n_natalizumab"),
        "affirm_placebo": lambda: v("affirm.n_placebo"), "checked": CHECKED,
        "approved": f"{regimen.APPROVED_INTERVAL_WEEKS} weeks",
        "people": f"{PEOPLE:,}",
        "pml_survival_n": lambda: v(PML_SURVIVAL_N),
        "pml_followup": content.figure(PML_FOLLOWUP),
        "pml_survived": lambda: about(per_1000(float(v(PML_SURVIVED)))),
        **{f"{k}_difference": diff(k) for k in ("relapse", "disability", "infusion", "allergy",
                                                 "infection")},
    }
