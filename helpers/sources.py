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
                           STATUSES, TABLES, RegistryError, load_table)

# Hosts of regulators' own pages: a source of kind 'regulator' must be on one of these (or a
# subdomain). Add a national agency here when one of its own pages is cited.
REGULATOR_HOSTS = ("dailymed.nlm.nih.gov", "fda.gov", "ema.europa.eu", "ec.europa.eu",
                   "swissmedic.ch", "mhra.gov.uk", "tga.gov.au", "canada.ca", "pmda.go.jp")
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

_REPRODUCES = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-]*)(?:@(\d{4}(?:-\d{2}(?:-\d{2})?)?))?")
_REPO_PATH = re.compile(r"(?!/)(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./\-]*")
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


class _Qualified:
    """Mixin: a number that keeps its source's qualifier ('about') for format_value and cite."""

    qualifier = ""


class QualifiedInt(_Qualified, int):
    """An int that format_value prints as 'about 5'; arithmetic on it gives plain ints."""


class QualifiedFloat(_Qualified, float):
    """A float that format_value prints as 'about 2.5'; arithmetic on it gives plain floats."""


class QualifiedRange(_Qualified, tuple):
    """A (low, high) range that format_value prints as 'about 60–70'."""


def _qualify(value, qualifier: str):
    """`value` carrying `qualifier`; it still compares and computes as the plain number."""
    if not qualifier:
        return value
    cls = (QualifiedRange if isinstance(value, tuple) else
           QualifiedFloat if isinstance(value, float) else QualifiedInt)
    q = cls(value)
    q.qualifier = qualifier
    return q


# ---------------------------------------------------------------------------------------------
# Loading and checking the data files
# ---------------------------------------------------------------------------------------------
def _is_regulator_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in REGULATOR_HOSTS)


def _check_source_kind(path, number, row, source: Source) -> None:
    """The kind-specific rules: where a regulator, a label copy or our own document lives."""
    key, kind = row["key"], row["kind"]
    if kind not in KINDS:
        raise RegistryError(f"{path}, row {number}: kind {kind!r} of {key!r} should be one of "
                            f"{', '.join(KINDS)}")
    if kind == "this-collection":
        if not _REPO_PATH.fullmatch(row["url"]):
            raise RegistryError(f"{path}, row {number}: url {row['url']!r} of this collection's "
                                "document should be a path in the repository, such as "
                                "helpers/data/calibration.md")
        if not ((REPO_DIR / row["url"]).is_file() or (DATA_DIR / Path(row["url"]).name).is_file()):
            raise RegistryError(f"{path}, row {number}: {row['url']!r} is not a file in the "
                                "repository")
        if row["doi"] or row["pmid"]:
            raise RegistryError(f"{path}, row {number}: this collection's document {key!r} has a "
                                "doi or pmid; those belong to another author's paper")
    elif row["url"] and not re.fullmatch(r"https?://\S+", row["url"]):
        raise RegistryError(f"{path}, row {number}: url {row['url']!r} is not an http(s) "
                            "address")
    if kind == "regulator" and not _is_regulator_host(source.host):
        raise RegistryError(f"{path}, row {number}: {key!r} has kind 'regulator' but its url is "
                            f"on {source.host or 'no host'!r}, not a regulator's site "
                            f"({', '.join(REGULATOR_HOSTS)})")
    if row["reproduces"] and not _REPRODUCES.fullmatch(row["reproduces"]):
        raise RegistryError(f"{path}, row {number}: reproduces {row['reproduces']!r} should be a "
                            "label's source key and its version date, e.g. dailymed@2023-10-27")
    if kind == "label-copy":
        if not source.reproduced[1]:
            raise RegistryError(f"{path}, row {number}: label copy {key!r} must name the label it "
                                "reproduces and its version date in 'reproduces', e.g. "
                                "dailymed@2023-10-27")
        if _is_regulator_host(source.host):
            raise RegistryError(f"{path}, row {number}: {key!r} is on a regulator's site: its "
                                "kind is 'regulator', not 'label-copy'")
    elif row["reproduces"] and kind != "mirror":
        raise RegistryError(f"{path}, row {number}: only a 'label-copy' or 'mirror' source "
                            f"reproduces another document; {key!r} is {kind!r}")


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
    """The registered figure `key` (recorded as used); KeyError names close matches if missing."""
    f = _lookup(key)
    _USED.setdefault(key)
    return f


def value(key: str) -> Value:
    """The value of figure `key` (a number, or a (low, high) tuple); recorded as used."""
    return figure(key).value


def cite(key: str) -> str:
    """A short inline citation for figure `key`: 'value unit (source title)'; recorded as used."""
    f = figure(key)
    return f"{format_value(f.value)} {f.unit} ({SOURCES[f.source].full_title})".replace("  ", " ")


def quote(key: str) -> Quote:
    """The registered quote `key` (exact wording, source, region); recorded as used."""
    try:
        q = QUOTES[key]
    except KeyError:
        raise KeyError(f"no quote {key!r} in helpers.sources; quotes: {sorted(QUOTES)}") from None
    _USED_QUOTES.setdefault(key)
    return q


def quote_markdown(key: str) -> str:
    """Quote `key` as a Markdown block quote naming its source, place and region."""
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


def format_value(v: Value, qualifier: str | None = None) -> str:
    """'5', '23–29', '2.45'; with the figure's qualifier in front: 'about 5'.

    The qualifier is the one given, or else the one the value carries (values of figures with a
    `qualifier` in figures.csv carry it), so ``format_value(figure("dose.rate_mg_per_min").value)``
    reads 'about 5'. Pass ``qualifier=""`` for the bare number.
    """
    if qualifier is None:
        qualifier = getattr(v, "qualifier", "")
    if isinstance(v, tuple):
        text = "–".join(format_value(x, "") for x in v)
    elif isinstance(v, float) and v.is_integer():
        text = str(int(v))
    else:
        text = f"{float(v):g}" if isinstance(v, float) else str(int(v))
    return f"{qualifier} {text}" if qualifier else text



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
