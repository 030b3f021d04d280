"""The one key figure a lesson's handout may carry, as vector SVG readable in greyscale: bars
told apart by hatching and edge, not colour alone; numbers and words in the alt text.

A figure is a function of no arguments returning (svg, alt text); the ``- figure: <name>`` line
of a lesson's ``handout`` block names it. Each number it draws comes from the registry.
"""
from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from .. import pml, sources  # noqa: E402

PT = 11  # smallest text on a printed figure, in points


def _svg(fig) -> str:
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "handout"}):
        fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]


def pml_periods() -> tuple[str, str]:
    """PML risk per 1,000 people with anti-JCV antibodies, by treatment period and earlier
    immunosuppressant (Bloomgren 2012 periods, pml_risk.csv), as hatched bars."""
    groups = []
    for prior_is, label in ((False, "No earlier immunosuppressant"),
                            (True, "Earlier immunosuppressant")):
        rows = pml.periods(prior_is)
        for first, last, _ in rows:
            cell = next(c for c in pml.CELLS if c.table == "bloomgren_2012"
                        and c.anti_jcv == "positive" and c.months_from == first
                        and c.prior_is == ("yes" if prior_is else "no"))
            sources.figure(cell.figure)
        groups.append((label, rows))
    months = [f"Months {a} to {b}" for a, b, _ in groups[0][1]]
    with plt.rc_context({"font.size": PT, "font.family": "DejaVu Sans", "hatch.linewidth": 1.2}):
        fig, ax = plt.subplots(figsize=(6.0, 2.1))
        width = 0.36
        styles = ({"facecolor": "white", "hatch": "///", "edgecolor": "black"},
                  {"facecolor": "#555555", "hatch": "", "edgecolor": "black"})
        for i, ((label, rows), style) in enumerate(zip(groups, styles)):
            xs = [j + (i - 0.5) * width for j in range(len(rows))]
            values = [v for _, _, v in rows]
            bars = ax.bar(xs, values, width * 0.95, label=label, linewidth=1.2, **style)
            ax.bar_label(bars, labels=[sources.format_value(v, "") for v in values], padding=2,
                         fontsize=PT)
        ax.set_xticks(range(len(months)), months)
        ax.set_ylabel("PML per 1,000 people")
        ax.set_ylim(0, max(v for _, rows in groups for _, _, v in rows) * 1.25)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(frameon=False, loc="upper left", fontsize=PT)
        svg = _svg(fig)
    parts = []
    for label, rows in groups:
        parts.append(f"{label}: " + "; ".join(
            pml.people_text(v, "about", f"during months {a} to {b}") for a, b, v in rows))
    alt = ("Bar chart of PML risk for people with anti-JCV antibodies, by how long they have "
           "been treated (Bloomgren 2012 periods). " + ". ".join(parts) + ".")
    return svg, alt


def affirm_progression() -> tuple[str, str]:
    """People out of 1,000 whose disability got worse over AFFIRM's two years, natalizumab and
    placebo, as two hatched bars (the same denominator and period for both)."""
    arms = (("Natalizumab", "affirm.progression_2y_natalizumab_pct", "///", "white"),
            ("Placebo", "affirm.progression_2y_placebo_pct", "", "#555555"))
    people = [(label, round(sources.value(key) * 10), hatch, face)
              for label, key, hatch, face in arms]
    with plt.rc_context({"font.size": PT, "font.family": "DejaVu Sans", "hatch.linewidth": 1.2}):
        fig, ax = plt.subplots(figsize=(6.0, 1.6))
        for y, (label, n, hatch, face) in enumerate(people):
            bar = ax.barh([y], [n], 0.6, facecolor=face, hatch=hatch, edgecolor="black",
                          linewidth=1.2)
            ax.bar_label(bar, labels=[f"{n} of 1,000"], padding=3, fontsize=PT)
        ax.set_yticks(range(len(people)), [p[0] for p in people])
        ax.invert_yaxis()
        ax.set_xlim(0, 1000)
        ax.set_xlabel("People out of 1,000 whose disability got worse over two years")
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        svg = _svg(fig)
    alt = ("Bar chart, AFFIRM trial, over two years: " + "; ".join(
        f"{label}: {n} of 1,000 people had their disability get worse, {1000 - n:,} did not"
        for label, n, _, _ in people) + ".")
    return svg, alt


FIGURES = {"pml_periods": pml_periods, "affirm_progression": affirm_progression}


def figure(name: str) -> tuple[str, str]:
    """(SVG, alt text) of the handout figure `name`."""
    if name not in FIGURES:
        raise KeyError(f"no handout figure {name!r}; figures: {sorted(FIGURES)}")
    return FIGURES[name]()
