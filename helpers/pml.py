"""PML risk estimates by profile, and the arithmetic of the anti-JCV antibody test.

Every estimate is a published number read from a source, stored cell by cell in
``helpers/data/pml_risk.csv`` (each cell names its row of ``figures.csv``, so its value, source and
status live in the registry and a test checks the two agree). Nothing here fills a cell from
memory: where no confirmed estimate exists for a profile, :func:`risk` says so instead of guessing.

What is *not* here, on purpose: the cells of the current US label's Table 1 and the EU
index-by-year table. Neither was confirmed in a source that was read (``helpers/data/README.md``,
*pml_risk.csv*); the lesson describes how the label presents risk and sends readers to it.

- :func:`risk`: the estimate for a profile (anti-JCV status, index if known, earlier
  immunosuppressants, months of treatment), with its source, status and population.
- :func:`cumulative_per_1000`: our arithmetic combining the per-period estimates over time.
- :func:`p_positive_now`: how a negative antibody test gets stale (false negatives and
  seroconversion).
- :func:`eid_scenario`: the Ryerson 2019 hazard ratio applied where the source applies.

Numbers describe groups of people in named studies, never a verdict about one person.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import sources
from .registry_csv import TABLES, load_table
from .jcv_test import (FALSE_NEGATIVE_KEYS, PublishedRate, false_negative_rates,  # noqa: F401
                       p_positive_now, seroconversion_pct_per_year)
from .validate import check_array, check_bool, check_choice, check_number

ANTI_JCV = ("negative", "positive", "not tested")
MONTHS_RANGE = (0.0, 240.0)          # up to 20 years of treatment
INDEX_RANGE = (0.0, 20.0)            # anti-JCV antibody index (no unit)
BAND_EDGE_MONTHS = 24                # the 1-24 / 25-48 month boundary of the published tables
LAST_MONTH_ESTIMATED = 48            # the confirmed period estimates stop at 48 months
RISK_FILE = sources.DATA_DIR / "pml_risk.csv"
RISK_COLUMNS = TABLES["pml_risk.csv"].columns
PER_1000 = "per 1,000"
NOT_ZERO = "No estimate is not the same as no risk."
# The period of a cell that covers every treatment duration at once.
ALL_TIME = "over all treatment time together, not one period"


# ---------------------------------------------------------------------------------------------
# The risk tables as data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One cell of a published risk table (one row of pml_risk.csv)."""

    table: str
    cell: str
    anti_jcv: str          # negative, positive or any
    prior_is: str          # yes, no or any
    months_from: int | None
    months_to: int | None
    figure: str            # key of the figure in figures.csv
    ci_figure: str         # key of its 95% CI in figures.csv, or ''
    qualifier: str
    value: float
    ci_low: float | None
    ci_high: float | None
    unit: str
    source: str
    status: str
    cell_status: str       # CONFIRMED or PARTIALLY CONFIRMED (helpers/data/README.md)
    population: str
    note: str = ""

    @property
    def ci(self) -> tuple[float, float] | None:
        return None if self.ci_low is None else (self.ci_low, self.ci_high)

    def covers(self, months: float) -> bool:
        """True when `months` of treatment fall in this cell's stratum. A stratum 'a-b months'
        covers more than a-1 and up to b months (month k is the k-th month of treatment)."""
        if self.months_from is None:
            return months > 0
        return self.months_from - 1 < months <= self.months_to

    @property
    def band(self) -> str:
        if self.months_from is None:
            return "any duration"
        return f"{self.months_from}-{self.months_to} months"

    @property
    def period(self) -> str:
        """The time period the number covers, in words: every PML figure names one."""
        if self.months_from is None:
            return ALL_TIME
        return f"during months {self.months_from} to {self.months_to} of treatment"


def load_cells(path: Path | str = RISK_FILE) -> tuple[Cell, ...]:
    """Read and check pml_risk.csv with the registry's loader (:mod:`helpers.registry_csv`):
    declared columns, one row per (table, cell), known words, numbers, figures of figures.csv with
    the same unit, registered sources whose kind fits the status. A mistake raises
    :class:`~helpers.sources.RegistryError` (a ValueError) naming the file, the row and the problem.
    """
    rows = load_table(path, TABLES["pml_risk.csv"], sources=sources.SOURCES,
                      figures=sources.FIGURES)
    return tuple(Cell(
        row["table"], row["cell"], row["anti_jcv"], row["prior_is"], row["months_from"],
        row["months_to"], row["figure"], row["ci_figure"], row["qualifier"], float(row["value"]),
        None if row["ci_low"] is None else float(row["ci_low"]),
        None if row["ci_high"] is None else float(row["ci_high"]),
        row["unit"], row["source"], row["status"], row["cell_status"], row["population"],
        row["note"]) for _, row in rows)


CELLS = load_cells()


def cell(table: str, name: str) -> Cell:
    """The cell `name` of `table` (for example ``cell("bloomgren_2012", "negative")``)."""
    for c in CELLS:
        if (c.table, c.cell) == (table, name):
            return c
    raise KeyError(f"no cell {table}.{name}; cells: {[f'{c.table}.{c.cell}' for c in CELLS]}")


def table_cells(table: str) -> list[Cell]:
    return [c for c in CELLS if c.table == table]


def record_use(c: Cell) -> None:
    """Look the cell's figures up in the registry, so a lesson's references list them."""
    sources.figure(c.figure)
    if c.ci_figure:
        sources.figure(c.ci_figure)


# ---------------------------------------------------------------------------------------------
# Risk by profile
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Profile:
    anti_jcv: str
    months: float
    prior_is: bool = False
    index: float | None = None


@dataclass(frozen=True)
class Estimate:
    """A published estimate for a profile, or none with the reason (`message`)."""

    profile: Profile
    cell: Cell | None
    message: str = ""
    others: tuple = ()          # further published estimates for the same profile (Cell or str)
    index_note: str = ""        # what EMA says about the index for this profile, if anything

    @property
    def found(self) -> bool:
        return self.cell is not None

    @property
    def per_1000(self) -> float | None:
        return None if self.cell is None else self.cell.value

    @property
    def range_per_1000(self) -> tuple[float, float] | None:
        """The 95% CI where the source gives one."""
        return None if self.cell is None else self.cell.ci

    @property
    def source(self) -> str:
        return "" if self.cell is None else self.cell.source

    @property
    def status(self) -> str:
        return "" if self.cell is None else self.cell.status

    @property
    def population(self) -> str:
        return "" if self.cell is None else self.cell.population

    @property
    def period(self) -> str:
        """The time period of the estimate ('during months 25 to 48 of treatment'), '' if none."""
        return "" if self.cell is None else self.cell.period

    def text(self) -> str:
        """The estimate as people in 1,000 over its period, with its 95% range where the source
        gives one, or the reason there is none.

        Examples
        --------
        >>> risk("positive", 30).text()[:40]
        'about 5 of 1,000 people (4.6 per 1,000) '
        >>> risk("positive", 30).period
        'during months 25 to 48 of treatment'
        """
        if self.cell is None:
            return self.message
        c = self.cell
        return people_text(c.value, c.qualifier, c.period, c.ci)


def people_text(per_1000: float, qualifier: str = "", period: str = "",
                ci: tuple | None = None) -> str:
    """A risk in the collection's one format, "N of 1,000 people over [period]".

    People are whole: the number rounds to people as an icon array draws them, and one that
    rounds to 0 is "fewer than 1 of 1,000 people"; the number itself follows in brackets;
    a source's "up to" becomes "or less" after the number, and a 95% range is given as its own
    reach, so the words never claim a ceiling that the range contradicts.

    Examples
    --------
    >>> people_text(11.1, "", "in months 25-48")
    'about 11 of 1,000 people (11.1 per 1,000) in months 25-48'
    >>> people_text(0.09, "up to", "overall", (0, 0.48)).split("; ")[1]
    '95% range 0 to 0.48 of 1,000'
    """
    number = sources.format_value(float(per_1000), "")
    exact = f"{number} per 1,000" + (" or less" if qualifier == "up to" else "")
    if round(per_1000) == 0:
        head = f"fewer than 1 of 1,000 people ({exact})"
    elif float(per_1000).is_integer() and qualifier != "up to":
        head = f"about {number} of 1,000 people" if qualifier else f"{number} of 1,000 people"
    else:
        head = f"about {round(per_1000)} of 1,000 people ({exact})"
    out = f"{head} {period}".strip()
    if ci:
        lo, hi = (sources.format_value(float(x), "") for x in ci)
        out += f"; 95% range {lo} to {hi} of 1,000"
    return out


def _check_profile(anti_jcv, months, prior_is, index) -> Profile:
    anti_jcv = check_choice("anti_jcv", anti_jcv, ANTI_JCV)
    months = check_number("months", months, *MONTHS_RANGE)
    prior_is = check_bool("prior_is", prior_is)
    if index is not None:
        index = check_number("index", index, *INDEX_RANGE)
        if anti_jcv != "positive":
            raise ValueError(f"index applies only when anti_jcv is 'positive' (an index is the "
                             f"level of a positive result), got anti_jcv={anti_jcv!r} with "
                             f"index={index:g}")
    return Profile(anti_jcv, months, prior_is, index)


def index_note(profile: Profile) -> str:
    """What the EMA (2016) says about this profile's antibody index; '' without an index.

    Boundaries as the EMA words them: 'index values of 0.9 or less' (0.9 is low) and 'index
    values above 1.5' (1.5 itself is not above 1.5), 'treated ... for longer than 2 years'.
    """
    if profile.index is None:
        return ""
    low = float(sources.value("pml.ema_index_low"))
    high = float(sources.value("pml.ema_index_high"))
    after = float(sources.value("pml.ema_higher_risk_after_months"))
    if profile.prior_is:
        return ("EMA links the index to PML risk only in people who have not had "
                "immunosuppressants before; with earlier immunosuppressants it is not used.")
    if profile.index <= low:
        return (f"Index {profile.index:g} is {low:g} or less: EMA (2016) calls the risk 'small, "
                "and lower than previously estimated', so at this index it is likely lower than "
                "the estimate for all index values together. No confirmed number per 1,000 by "
                "index.")
    if profile.index <= high:
        return (f"Index {profile.index:g} is above {low:g} and up to {high:g}: EMA (2016) makes "
                "no statement for this band. No confirmed number per 1,000 by index.")
    if profile.months > after:
        return (f"Index {profile.index:g} is above {high:g}, after more than {after / 12:g} years: "
                "EMA (2016) says the risk 'increases substantially', so at this index it is "
                "likely higher than the figure for all index values together. No confirmed "
                "number per 1,000 by index.")
    return (f"Index {profile.index:g} is above {high:g}: EMA's (2016) statement on this band is "
            f"for people treated for longer than {after / 12:g} years. No confirmed number per "
            "1,000 by index.")


def risk(anti_jcv: str, months: float, prior_is: bool = False,
         index: float | None = None) -> Estimate:
    """The published estimate for a profile, with its source, status and population.

    - ``anti_jcv``: 'negative', 'positive' or 'not tested'.
    - ``months``: months of natalizumab so far (0 to 240). A stratum '1-24 months' covers more
      than 0 and up to 24 months; 24.5 months is in '25-48 months'.
    - ``prior_is``: earlier immunosuppressant treatment (True/False).
    - ``index``: the anti-JCV antibody index, only for a positive result, or None if not known.

    The index changes the EMA statement in ``index_note``, never the number: no confirmed
    estimate per 1,000 by index was found. Above the EMA's upper threshold (1.5, without earlier
    immunosuppressants) ``found`` is False: the figure for all anti-JCV positive people is not
    the risk of a group the EU links to a higher risk, so it is kept in ``others``, not given as
    theirs. Where no confirmed estimate exists (before the first month, or beyond 48 months for
    anti-JCV positive people), ``found`` is False and ``message`` says why.

    Examples
    --------
    >>> e = risk("positive", 30)
    >>> e.per_1000, e.cell.band, e.cell.source
    (4.6, '25-48 months', 'cns_review_2014')
    >>> risk("positive", 60).found         # no confirmed estimate beyond 48 months
    False
    """
    p = _check_profile(anti_jcv, months, prior_is, index)
    note = index_note(p)
    if p.months == 0:
        return Estimate(p, None, "No estimate: the published estimates describe people from "
                        f"their first month of treatment on. {NOT_ZERO}", index_note=note)
    if p.anti_jcv == "negative":
        return Estimate(p, cell("bloomgren_2012", "negative"),
                        others=(cell("ho_2017", "negative"), cell("sorensen", "negative")))
    if p.anti_jcv == "not tested":
        others = tuple(c for c in table_cells("sorensen")
                       if c.anti_jcv == "any" and c.covers(p.months))
        return Estimate(p, cell("bloomgren_2012", "overall"), others=others)
    if p.months > LAST_MONTH_ESTIMATED:
        return Estimate(p, None, f"No confirmed estimate: the published estimates read for this "
                        f"lesson stop at {LAST_MONTH_ESTIMATED} months. The risk is not known "
                        f"to fall after {LAST_MONTH_ESTIMATED // 12:g} years. The US label has a "
                        f"newer table; ask your MS team for the figure that applies to you. "
                        f"{NOT_ZERO}",
                        index_note=note)
    ist = "is" if p.prior_is else "no_is"
    band = "1_24" if p.months <= BAND_EDGE_MONTHS else "25_48"
    everyone = cell("bloomgren_2012", f"positive_{ist}_{band}")
    if (p.index is not None and not p.prior_is
            and p.index > float(sources.value("pml.ema_index_high"))):
        return Estimate(p, None, "No published estimate for this index: the estimates read for "
                        "this lesson are for all anti-JCV positive people together, whatever "
                        "their index, and the EU links a higher index to a higher risk. The "
                        f"figure for everyone is not this group's risk. {NOT_ZERO}",
                        others=(everyone,), index_note=note)
    others: tuple = ()
    if p.prior_is and band == "25_48":
        others = (berger_fox_text(),)
    return Estimate(p, everyone, others=others, index_note=note)


def berger_fox_text() -> str:
    """The Berger & Fox (2016) recalculation for all three risk factors, as people in 1,000 over
    its period (the source gives one person among about 44, over more than 2 years of treatment)."""
    n = float(sources.value("pml.berger_fox_all_three_one_in"))
    after = BAND_EDGE_MONTHS / 12
    return (f"With all three risk factors, a recalculation with 2015 data gave about "
            f"{round(1000 / n)} of 1,000 people ({1000 / n:.1f} per 1,000) over more than "
            f"{after:g} years of treatment (Berger & Fox 2016), higher than the 2012 estimate.")


# ---------------------------------------------------------------------------------------------
# Cumulative risk over time (our arithmetic on the per-period estimates)
# ---------------------------------------------------------------------------------------------
def periods(prior_is: bool, end: str = "point") -> list[tuple[int, int, float]]:
    """(first month, last month, per 1,000) of each period estimate for an anti-JCV positive
    person; `end` 'low' or 'high' takes the 95% CI end where the source gives one."""
    check_bool("prior_is", prior_is)
    check_choice("end", end, ("point", "low", "high"))
    ist = "is" if prior_is else "no_is"
    out = []
    for band in ("1_24", "25_48"):
        c = cell("bloomgren_2012", f"positive_{ist}_{band}")
        value = c.value if end == "point" or c.ci is None else c.ci[0 if end == "low" else 1]
        out.append((c.months_from, c.months_to, value))
    return out


def combine_periods(months, period_list) -> np.ndarray:
    """Cumulative risk per 1,000 after `months` of treatment from per-period risks.

    Each period's risk r (per 1,000) is spread evenly over its months; the chance of staying free
    of PML is the product over periods of (1 - r x fraction of the period reached / 1,000):
    C(t) = 1000 x (1 - prod_k (1 - r_k f_k(t) / 1000)). It never decreases with t. Months beyond
    the last period are refused (no estimate there).
    """
    t = check_array("months", months, nonnegative=True)
    last = max(p[1] for p in period_list)
    if np.any(t > last):
        raise ValueError(f"months must be between 0 and {last} (the last month with an "
                         f"estimate), got a maximum of {t.max():g}")
    survive = np.ones_like(t)
    for first, to, r in period_list:
        start, length = first - 1, to - first + 1
        frac = np.clip((t - start) / length, 0.0, 1.0)
        survive = survive * (1.0 - r * frac / 1000.0)
    return 1000.0 * (1.0 - survive)


def cumulative_per_1000(months, prior_is: bool = False, end: str = "point") -> np.ndarray:
    """Cumulative risk per 1,000 for an anti-JCV positive person (Bloomgren 2012 periods).

    Examples
    --------
    >>> cumulative_per_1000([12, 24, 48]).round(2).tolist()
    [0.28, 0.56, 5.16]
    """
    return combine_periods(months, periods(prior_is, end))


# The extended-interval scenario (Ryerson 2019): helpers/pml_eid.py. Still importable from here,
# loaded on first use (PEP 562): helpers/pml_eid.py imports this module, so an eager import here
# would be circular when helpers.pml_eid is imported first.
_MOVED_TO_EID = frozenset(("EidScenario", "eid_caveats", "eid_scenario"))


def __getattr__(name: str):
    if name in _MOVED_TO_EID:
        from . import pml_eid
        return getattr(pml_eid, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
