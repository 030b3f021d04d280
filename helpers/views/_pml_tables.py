"""Lesson 03's small Markdown tables of published PML figures (numbers a reader reads, from the
registry): their header labels and row phrasing are blocks of
helpers/content/03_duration_and_monitoring.md ('estimates table', 'ryerson table', 'figures
table'). Shown by :mod:`helpers.views.duration_and_monitoring`, which re-exports them.
"""

from __future__ import annotations

from .. import content, pml, sources
from ..sources import format_value

LESSON = "03_duration_and_monitoring"


def _estimate_rows(table: str = "bloomgren_2012") -> list[dict]:
    rng = content.block(LESSON, "estimates range").text.strip()
    none = content.block(LESSON, "no range").text.strip()
    rows = []
    for c in pml.table_cells(table):
        pml.record_use(c)
        rows.append({
            "group": c.population, "people": pml.people_text(c.value, c.qualifier),
            "period": c.period, "status": c.status, "checked": c.cell_status.lower(),
            "range": (content.fill(rng, {"low": format_value(c.ci[0], ""),
                                         "high": format_value(c.ci[1], "")})
                      if c.ci else none)})
    return rows


def estimates_table_markdown(table: str = "bloomgren_2012") -> str:
    """The confirmed cells of one published table: people in 1,000, the period each number
    covers, its 95% range, source status and check (words: 'estimates table' of the content
    file)."""
    return content.table(LESSON, "estimates table", {"estimate_rows": _estimate_rows(table)},
                         rows="estimate_rows")


def _ryerson_numbers() -> dict:
    out = {}
    for arm in ("sid", "eid"):
        g = sources.figure(f"eid.ryerson_{arm}_interval_days")
        r = sources.figure(f"eid.ryerson_{arm}_per_1000")
        out[f"{arm}_gap"] = f"{format_value(g.value)} {g.unit}"
        out[f"{arm}_rate"] = format_value(r.value, "").replace(chr(8211), " to ")
    return out


def ryerson_markdown() -> str:
    """Ryerson 2019's PML counts with their time frame and exposure: people with PML of 1,000,
    each person counted over their own time in the registry (the source gives no fixed period),
    and the average gap between infusions in each group (words: 'ryerson table')."""
    return content.table(LESSON, "ryerson table", {
        **_ryerson_numbers(),
        "approved_weeks": format_value(sources.value("dose.interval_days") / 7)})


def _figure_rows(keys) -> list[dict]:
    rows = []
    for key in keys:
        f = sources.figure(key)
        rows.append({"what": f.what, "number": f"{format_value(f.value)} {f.unit}",
                     "status": f.status})
    return rows


def figures_markdown(keys) -> str:
    """A small table of registry figures: what, value and status (words: 'figures table')."""
    return content.table(LESSON, "figures table", {"figure_rows": _figure_rows(keys)},
                         rows="figure_rows")


def _first_ci() -> tuple:
    """The first CI of the Bloomgren table: the example that fills 'estimates range' in the
    lesson's numbers() (the test that every placeholder resolves)."""
    return next(c.ci for c in pml.table_cells("bloomgren_2012") if c.ci)
