"""Citation registry: every clinical number the collection teaches names where it comes from.

A *source* is a document (label, paper, registry record). A *figure* is one number (or range) taken
from a source, with its unit, where in the source it stands, and a status:

- ``label``: read in a regulator's own document (FDA label on DailyMed, EMA product information,
  a national agency's own page), with a section locator;
- ``label-copy``: read in a faithful reproduction of such a label on another site (a drug database
  that prints the US prescribing information); its source names the label and version it
  reproduces (``reproduces``), and the locator names the label section;
- ``peer-reviewed``: read in a peer-reviewed paper or its abstract;
- ``secondary``: read only in a secondary copy or summary (monograph, promotional site, national
  product information read on a third-party site, mirror, machine-extracted record);
- ``teaching-assumption``: a value this project chose or calibrated to teach with, not measured;
  its source is this collection's own document (``helpers/data/calibration.md``).

Each source has a ``kind`` (see :data:`KINDS`), and a figure's status must fit its source's kind
(:data:`STATUS_KINDS`): the loader refuses a ``label`` figure from a promotional site, for example.
Advice quoted word for word lives in ``quotes.csv`` (:func:`quote`), with the same statuses.

The registry is data: ``helpers/data/sources.csv`` and ``helpers/data/figures.csv`` (their columns
are explained in ``helpers/data/README.md``). Both files are loaded and checked at import; a mistake
in them raises :class:`RegistryError` naming the file, the row and the problem.

Models take their default parameters from here (``value("pk.v_l")``), so a number lives in one
place.
:func:`figure`, :func:`value` and :func:`cite` record each key they are asked for, so a lesson can
render its references from what it used: :func:`lesson_references`, or
``references_markdown(used() + PROSE_ONLY)`` and ``figures_table_markdown(...)``.
"""
from __future__ import annotations

from contextlib import contextmanager

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

# The one loader and the rules every data file follows; the vocabulary is re-exported here.
from .registry_csv import (KINDS, QUALIFIERS, SECTION_LOCATOR, STATUS_KINDS,  # noqa: F401
                           STATUSES, TABLES, UNTAUGHT_KINDS, RegistryError, load_table,
                           untaught_kind)
# What each kind of source must look like (where a regulator, a label copy or our own document
# lives): helpers/source_rules.py.
from .source_rules import (_REPRODUCES, REGULATOR_HOSTS, _check_source_kind,  # noqa: F401
                           _is_regulator_host)
# Numbers that keep their qualifier ("about 5"), and how every value is printed: helpers/values.py.
from .values import (QualifiedFloat, QualifiedInt, QualifiedRange, _qualify,  # noqa: F401
                     _Qualified, format_value)

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_DIR = DATA_DIR.parent.parent  # repository-relative paths of this collection's documents
SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"
QUOTES_FILE = "quotes.csv"
SOURCE_COLUMNS = TABLES[SOURCES_FILE].columns
FIGURE_COLUMNS = TABLES[FIGURES_FILE].columns
QUOTE_COLUMNS = TABLES[QUOTES_FILE].columns

Number = Union[int, float]
Value = Union[Number, tuple]

_DOI = re.compile(r"10\.\d{4,9}/\S+")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str = ""
    authors: str = ""
    journal: str = ""
    year: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    publisher: str = ""
    kind: str = ""
    reproduces: str = ""
    note: str = ""

    @property
    def reproduced(self) -> tuple[str, str]:
        """(label source key, version date) named in `reproduces`; ('', '') if none."""
        m = _REPRODUCES.fullmatch(self.reproduces)
        return (m.group(1), m.group(2) or "") if m else ("", "")

    @property
    def in_repository(self) -> bool:
        """True when `url` is a path inside this repository (this collection's own document)."""
        return self.kind == "this-collection"

    @property
    def host(self) -> str:
        """The url's host name, lowercase ('' for a repository path)."""
        m = re.match(r"https?://([^/:?#]+)", self.url)
        return m.group(1).lower() if m else ""

    @property
    def full_title(self) -> str:
        """Authors and title as one line: 'Toorop et al. Prospective trial ...'."""
        if not self.authors:
            return self.title
        sep = " " if self.authors.endswith(".") else ". "
        return f"{self.authors}{sep}{self.title}"

    @property
    def citation(self) -> str:
        """Where it was published: 'Neurology 2014;82:1491-1498', or publisher and note."""
        journal = " ".join(p for p in (self.journal, self.year) if p)
        if journal and self.volume:
            journal += f";{self.volume}" + (f"({self.issue})" if self.issue else "")
            if self.pages:
                journal += f":{self.pages}"
        return ". ".join(p for p in (journal, self.publisher, self.note) if p)

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pmid_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""


@dataclass(frozen=True)
class Figure:
    key: str
    what: str
    value: Value
    unit: str
    source: str
    where: str
    status: str
    note: str = ""
    also: tuple = field(default_factory=tuple)
    region: str = ""
    qualifier: str = ""


@dataclass(frozen=True)
class Quote:
    """Advice or wording quoted word for word from a source (one row of quotes.csv)."""

    key: str
    text: str
    source: str
    where: str
    status: str
    region: str = ""
    note: str = ""
    also: tuple = field(default_factory=tuple)


# ---------------------------------------------------------------------------------------------
# Loading and checking the data files
# ---------------------------------------------------------------------------------------------
def _load_sources(path: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    rows = load_table(path, TABLES[SOURCES_FILE])
    for number, row in rows:
        if not (row["doi"] or row["pmid"] or row["url"]):
            raise RegistryError(f"{path}, row {number}: source {row['key']!r} has none of doi, "
                                "pmid or url; give at least one so a reader can find it")
        if row["doi"] and not _DOI.fullmatch(row["doi"]):
            raise RegistryError(f"{path}, row {number}: doi {row['doi']!r} should look like "
                                "10.1212/WNL.0b013e3181... (without https://doi.org/)")
        if row["pmid"] and not row["pmid"].isdigit():
            raise RegistryError(f"{path}, row {number}: pmid {row['pmid']!r} should be digits only")
        if row["year"] and not re.fullmatch(r"\d{4}", row["year"]):
            raise RegistryError(f"{path}, row {number}: year {row['year']!r} is not a 4-digit year")
        source = Source(**row)
        _check_source_kind(path, number, row, source)
        sources[row["key"]] = source
    seen = {row["key"]: number for number, row in rows}
    for key, s in sources.items():
        label = s.reproduced[0]
        if label and (label not in sources or sources[label].kind != "regulator"):
            raise RegistryError(f"{path}, row {seen[key]}: {key!r} reproduces {label!r}, which is "
                                f"not a source of kind 'regulator' in {SOURCES_FILE}")
    return sources


def _load_figures(path: Path, sources: dict[str, Source]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    for number, row in load_table(path, TABLES[FIGURES_FILE], sources=sources):
        given = {c: row[c] for c in ("value", "low", "high") if row[c] is not None}
        if set(given) == {"value"}:
            value: Value = row["value"]
        elif set(given) == {"low", "high"}:
            if row["low"] > row["high"]:
                raise RegistryError(f"{path}, row {number}: low {row['low']} is greater than "
                                    f"high {row['high']}")
            value = (row["low"], row["high"])
        else:
            raise RegistryError(f"{path}, row {number}: give either 'value' (one number) or both "
                                f"'low' and 'high' (a range), got {sorted(given) or 'neither'}")
        key = row["key"]
        figures[key] = Figure(key, row["what"], _qualify(value, row["qualifier"]), row["unit"],
                              row["source"], row["where"], row["status"], row["note"],
                              row["also"], row["region"], row["qualifier"])
    return figures


def _load_quotes(path: Path, sources: dict[str, Source]) -> dict[str, Quote]:
    quotes: dict[str, Quote] = {}
    for number, row in load_table(path, TABLES[QUOTES_FILE], sources=sources):
        key = row["key"]
        if row["status"] == "teaching-assumption":
            raise RegistryError(f"{path}, row {number}: quote {key!r} cannot be a "
                                "teaching-assumption: a quote is someone's exact words")
        quotes[key] = Quote(key, row["text"], row["source"], row["where"], row["status"],
                            row["region"], row["note"], row["also"])
    return quotes


def load_registry(folder: Path | str = DATA_DIR) -> tuple[dict[str, Source], dict[str, Figure]]:
    """Load and check `folder`/sources.csv and `folder`/figures.csv; RegistryError on a mistake."""
    folder = Path(folder)
    sources = _load_sources(folder / SOURCES_FILE)
    return sources, _load_figures(folder / FIGURES_FILE, sources)


def load_quotes(folder: Path | str = DATA_DIR,
                sources: dict[str, Source] | None = None) -> dict[str, Quote]:
    """Load and check `folder`/quotes.csv against the sources; RegistryError on a mistake."""
    folder = Path(folder)
    if sources is None:
        sources = _load_sources(folder / SOURCES_FILE)
    return _load_quotes(folder / QUOTES_FILE, sources)


SOURCES, FIGURES = load_registry()
QUOTES = load_quotes(sources=SOURCES)


# ---------------------------------------------------------------------------------------------
# Looking figures up, and recording which ones a lesson used
# ---------------------------------------------------------------------------------------------
_USED: dict[str, None] = {}  # insertion-ordered set of figure keys asked for in this process
_USED_QUOTES: dict[str, None] = {}  # the same for quote keys


def _lookup(key: str) -> Figure:
    try:
        return FIGURES[key]
    except KeyError:
        close = [k for k in FIGURES if k.split(".")[0] == key.split(".")[0]]
        raise KeyError(f"no figure {key!r} in helpers.sources; figures with that prefix: "
                       f"{close}") from None


def figure(key: str) -> Figure:
    """The registered figure `key`, with its value, unit, source and status; recorded as used.

    Parameters
    ----------
    key : str
        A key of ``helpers/data/figures.csv``, such as ``"dose.mg"``.

    Returns
    -------
    Figure
        The row: ``what``, ``value`` (a number, or a ``(low, high)`` tuple), ``unit``, ``source``
        (a key of ``sources.csv``), ``where`` in the source, ``status``, ``region``, ``note``.

    Raises
    ------
    KeyError
        No such figure; the message lists the figures with the same prefix.

    Examples
    --------
    >>> f = figure("dose.mg")
    >>> f.value, f.unit, f.status, f.source
    (300, 'mg', 'label-copy', 'us_dosage')
    >>> "dose.mg" in used()          # it will appear in the lesson's references
    True
    >>> figure("dose.milligrams")
    Traceback (most recent call last):
    ...
    KeyError: "no figure 'dose.milligrams' in helpers.sources; figures with that prefix: [...]"
    """
    f = _lookup(key)
    _USED.setdefault(key)
    return f


def value(key: str) -> Value:
    """The value of figure `key` (a number, or a (low, high) tuple); recorded as used.

    This is how models and views read a clinical number: never typed in, always looked up, so it
    lives in one place and appears in the references of the lesson that used it. A value from a
    row with a ``qualifier`` ("about") carries it for :func:`format_value`, and still computes as
    the plain number.

    Parameters
    ----------
    key : str
        A key of ``helpers/data/figures.csv``.

    Returns
    -------
    int, float or tuple
        The number, or ``(low, high)`` for a range.

    Examples
    --------
    >>> value("dose.interval_days")
    28
    >>> value("stop.restore_relapse_weeks")       # a range: (low, high)
    (4, 8)
    >>> rate = value("dose.rate_mg_per_min")       # a row with the qualifier 'about'
    >>> rate * 2, format_value(rate)
    (10, 'about 5')
    """
    return figure(key).value


def cite(key: str) -> str:
    """A short inline citation for figure `key`: 'value unit (source title)'; recorded as used.

    Examples
    --------
    >>> cite("dose.mg")
    '300 mg (Tysabri Dosage (drugs.com page reproducing the US prescribing information, ...))'
    """
    f = figure(key)
    return f"{format_value(f.value)} {f.unit} ({SOURCES[f.source].full_title})".replace("  ", " ")


def quote(key: str) -> Quote:
    """The registered quote `key` (exact wording, source, region); recorded as used.

    Its source (and any ``also`` sources) join the lesson's reference list
    (:func:`lesson_references`).

    Examples
    --------
    >>> q = quote("leaflet.missed_dose")
    >>> q.text[:45], q.region, q.where
    ('If you miss your usual dose of Tysabri, arran', 'EU', 'section 3')
    >>> "leaflet.missed_dose" in used_quotes()
    True
    """
    try:
        q = QUOTES[key]
    except KeyError:
        raise KeyError(f"no quote {key!r} in helpers.sources; quotes: {sorted(QUOTES)}") from None
    _USED_QUOTES.setdefault(key)
    return q


def quote_markdown(key: str) -> str:
    """Quote `key` as a Markdown block quote naming its source, place and region.

    Examples
    --------
    >>> print(quote_markdown("leaflet.missed_dose"))
    > “If you miss your usual dose of Tysabri, ...”
    >
    > ..., section 3 (EU)
    """
    q = quote(key)
    region = f" ({q.region.replace(';', ', ')})" if q.region else ""
    return f"> “{q.text}”\n>\n> {SOURCES[q.source].full_title}, {q.where}{region}"


def used() -> list[str]:
    """Keys of the figures looked up with figure/value/cite in this process, in first-use order."""
    return list(_USED)


def used_quotes() -> list[str]:
    """Keys of the quotes looked up with quote/quote_markdown in this process."""
    return list(_USED_QUOTES)


def reset_used() -> None:
    """Forget which figures and quotes were used (for tests)."""
    _USED.clear()
    _USED_QUOTES.clear()


@contextmanager
def separate_record():
    """Record the figures and quotes used inside the block apart from the rest of the process: the
    record is empty inside, and the process's own record is put back afterwards (for tests)."""
    saved, saved_quotes = used(), used_quotes()
    reset_used()
    try:
        yield
    finally:
        reset_used()
        _USED.update(dict.fromkeys(saved))
        _USED_QUOTES.update(dict.fromkeys(saved_quotes))


# Reference lists and appendix tables: helpers/references.py. Still importable from here, loaded on
# first use (PEP 562): helpers/references.py imports this module, so an eager import here
# would be circular when helpers.references is imported first.
_MOVED_TO_REFERENCES = frozenset((
    "LessonReferences", "figures_table_markdown", "lesson_references", "references_markdown",
    "rendered_figure_keys", "sources_for",
))


def __getattr__(name: str):
    if name in _MOVED_TO_REFERENCES:
        from . import references
        return getattr(references, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
