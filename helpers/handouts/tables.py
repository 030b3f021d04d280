"""A lesson's fact box (benefits and harms side by side, in people of 1,000) as a table for the
printed page, from the same rows and words the lesson shows (lesson 01: the AFFIRM fact box,
helpers/views/_fact_box.py); no smaller type than the page's body text."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    caption: str
    head: tuple[str, ...]
    groups: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]  # (side, rows of cells)
    sources: str
    numbers: tuple[float, ...]        # every number a cell shows, worked out from the registry
    figures: tuple[str, ...]          # the registry figures behind it


def affirm() -> Table:
    """Lesson 01's fact box: natalizumab against placebo in AFFIRM, 1,000 people over 2 years."""
    from ..views import _fact_box as box

    words = box.box_words()
    rows = box.fact_rows()
    numbers: list[float] = [box.PEOPLE]
    groups = []
    for side, title in box.SIDES:
        cells = []
        for r in (r for r in rows if r["side"] == side):
            if r["natalizumab"]:
                shown = []
                for g in ("placebo", "natalizumab"):
                    n = r["people"][g]
                    if n is None:  # the trial gives no figure for this group
                        shown.append(words["does not apply"])
                        continue
                    numbers += [n, box.PEOPLE - n]
                    shown.append(f"{box.about(n)} of {box.PEOPLE:,} "
                                 f"({box.about(box.PEOPLE - n)} {words['did not']})")
                numbers += [float(x.replace(",", "")) for x in r["difference"].split()
                            if x.replace(",", "").isdigit()]
                cells.append((r["outcome"], *shown, r["difference"]))
            else:
                cells.append((r["outcome"], words["pml"], "", ""))
        groups.append((words[title], tuple(cells)))
    keys = tuple(r[g] for r in rows for g in ("natalizumab", "placebo") if r[g])
    sources_text = "; ".join(dict.fromkeys(r["sources"] for r in rows))
    return Table(words["caption"], tuple(words[c] for c in ("outcome", "placebo", "natalizumab",
                                                             "difference")),
                 tuple(groups), sources_text, tuple(float(x) for x in numbers), keys)


TABLES = {"affirm": affirm}
