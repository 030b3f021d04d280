"""Citation registry: every clinical number the collection teaches names where it comes from.

A *source* is a document (label, paper, registry record). A *figure* is one number (or range) taken
from a source, with its unit, where in the source it stands, and a status:

- ``label``: read in a regulatory label (US prescribing information or EU SmPC) or a faithful copy;
- ``peer-reviewed``: read in a peer-reviewed paper or its abstract;
- ``secondary``: read only in a secondary copy or summary (monograph, machine-extracted record);
- ``teaching-assumption``: a value this project chose or calibrated to teach with, not measured.

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

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple, Union

STATUSES = ("label", "peer-reviewed", "secondary", "teaching-assumption")

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"
SOURCE_COLUMNS = ("key", "title", "authors", "journal", "year", "volume", "pages", "doi", "pmid",
                  "url", "publisher", "note")
FIGURE_COLUMNS = ("key", "what", "value", "low", "high", "unit", "source", "also", "where",
                  "status", "region", "note")

Number = Union[int, float]
Value = Union[Number, tuple]

_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_REGION = re.compile(r"[A-Z]{2,3}")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_MARKER = re.compile(r"<!-- registry figures: ([^>]*?) -->")


class RegistryError(ValueError):
    """A mistake in helpers/data/*.csv: the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str = ""
    authors: str = ""
    journal: str = ""
    year: str = ""
    volume: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    publisher: str = ""
    note: str = ""

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
            journal += f";{self.volume}"
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


# ---------------------------------------------------------------------------------------------
# Loading and checking the data files
# ---------------------------------------------------------------------------------------------
def _read_rows(path: Path, columns: tuple[str, ...]):
    """Yield (row number as a spreadsheet shows it, {column: stripped text}) for each data row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except FileNotFoundError:
        raise RegistryError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); "
                            "save it as 'CSV UTF-8'") from None
    except csv.Error as exc:
        raise RegistryError(f"{path}: not readable as CSV ({exc})") from None
    if not rows:
        raise RegistryError(f"{path}, row 1: the file is empty; the header row is missing")
    header = [c.strip() for c in rows[0]]
    if len(header) == 1 and ";" in header[0]:
        raise RegistryError(f"{path}, row 1: columns are separated by ';'; save the file with "
                            "commas (CSV UTF-8, comma-delimited)")
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    doubled = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or doubled:
        parts = [f"missing columns {missing}" if missing else "",
                 f"unknown columns {unknown}" if unknown else "",
                 f"columns given twice {doubled}" if doubled else ""]
        raise RegistryError(f"{path}, row 1: " + "; ".join(p for p in parts if p)
                            + f"; the columns are {list(columns)}")
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise RegistryError(f"{path}, row {number}: {len(cells)} cells but {len(header)} "
                                "columns (a cell holding a comma must be in double quotes)")
        cells = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        yield number, dict(zip(header, cells))


def _require(path, number, row, *names):
    for name in names:
        if not row[name]:
            raise RegistryError(f"{path}, row {number}: column '{name}' is empty")


def _check_key(path, number, key, seen, kind):
    if not _KEY.fullmatch(key):
        raise RegistryError(f"{path}, row {number}: {kind} key {key!r} must be letters, digits, "
                            "'_', '.' or '-' without spaces")
    if key in seen:
        raise RegistryError(f"{path}, row {number}: duplicate key {key!r} "
                            f"(first given in row {seen[key]})")
    seen[key] = number


def _number(path, number, column, text) -> Number:
    """'300' -> 300 (int), '3.5' or '2.0' or '1e3' -> float; anything else is an error."""
    if not _NUMBER.fullmatch(text):
        raise RegistryError(f"{path}, row {number}: column '{column}' {text!r} is not a number "
                            "(digits with '.' for decimals; no units, '~' or thousands separators)")
    return float(text) if any(c in text for c in ".eE") else int(text)


def _load_sources(path: Path) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    seen: dict[str, int] = {}
    for number, row in _read_rows(path, SOURCE_COLUMNS):
        _require(path, number, row, "key", "title")
        _check_key(path, number, row["key"], seen, "source")
        if not (row["doi"] or row["pmid"] or row["url"]):
            raise RegistryError(f"{path}, row {number}: source {row['key']!r} has none of doi, "
                                "pmid or url; give at least one so a reader can find it")
        if row["doi"] and not _DOI.fullmatch(row["doi"]):
            raise RegistryError(f"{path}, row {number}: doi {row['doi']!r} should look like "
                                "10.1212/WNL.0b013e3181... (without https://doi.org/)")
        if row["pmid"] and not row["pmid"].isdigit():
            raise RegistryError(f"{path}, row {number}: pmid {row['pmid']!r} should be digits only")
        if row["url"] and not re.fullmatch(r"https?://\S+", row["url"]):
            raise RegistryError(f"{path}, row {number}: url {row['url']!r} is not an http(s) "
                                "address")
        if row["year"] and not re.fullmatch(r"\d{4}", row["year"]):
            raise RegistryError(f"{path}, row {number}: year {row['year']!r} is not a 4-digit year")
        sources[row["key"]] = Source(**row)
    return sources


def _load_figures(path: Path, sources: dict[str, Source]) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    seen: dict[str, int] = {}
    for number, row in _read_rows(path, FIGURE_COLUMNS):
        _require(path, number, row, "key", "what", "source", "where", "status")
        key = row["key"]
        _check_key(path, number, key, seen, "figure")
        if row["status"] not in STATUSES:
            raise RegistryError(f"{path}, row {number}: unknown status {row['status']!r} for "
                                f"{key!r}; the statuses are {', '.join(STATUSES)}")
        also = tuple(a.strip() for a in row["also"].split(";") if a.strip())
        for column, names in (("source", (row["source"],)), ("also", also)):
            for name in names:
                if name not in sources:
                    raise RegistryError(f"{path}, row {number}: unknown source {name!r} in "
                                        f"column '{column}' (not a key in {SOURCES_FILE})")
        given = {c: row[c] for c in ("value", "low", "high") if row[c]}
        if set(given) == {"value"}:
            value: Value = _number(path, number, "value", row["value"])
        elif set(given) == {"low", "high"}:
            low = _number(path, number, "low", row["low"])
            high = _number(path, number, "high", row["high"])
            if low > high:
                raise RegistryError(f"{path}, row {number}: low {row['low']} is greater than "
                                    f"high {row['high']}")
            value = (low, high)
        else:
            raise RegistryError(f"{path}, row {number}: give either 'value' (one number) or both "
                                f"'low' and 'high' (a range), got {sorted(given) or 'neither'}")
        if row["region"] and not _REGION.fullmatch(row["region"]):
            raise RegistryError(f"{path}, row {number}: region {row['region']!r} should be a code "
                                "such as US or EU, or empty")
        figures[key] = Figure(key, row["what"], value, row["unit"], row["source"], row["where"],
                              row["status"], row["note"], also, row["region"])
    return figures


def load_registry(folder: Path | str = DATA_DIR) -> tuple[dict[str, Source], dict[str, Figure]]:
    """Load and check `folder`/sources.csv and `folder`/figures.csv; RegistryError on a mistake."""
    folder = Path(folder)
    sources = _load_sources(folder / SOURCES_FILE)
    return sources, _load_figures(folder / FIGURES_FILE, sources)


SOURCES, FIGURES = load_registry()


# ---------------------------------------------------------------------------------------------
# Looking figures up, and recording which ones a lesson used
# ---------------------------------------------------------------------------------------------
_USED: dict[str, None] = {}  # insertion-ordered set of figure keys asked for in this process


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


def used() -> list[str]:
    """Keys of the figures looked up with figure/value/cite in this process, in first-use order."""
    return list(_USED)


def reset_used() -> None:
    """Forget which figures were used (for tests)."""
    _USED.clear()


def format_value(v: Value) -> str:
    if isinstance(v, tuple):
        return "–".join(format_value(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


# ---------------------------------------------------------------------------------------------
# Rendering reference lists (these never record keys as used)
# ---------------------------------------------------------------------------------------------
def _distinct(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def sources_for(figure_keys: Iterable[str]) -> list[Source]:
    """The distinct sources behind `figure_keys`, in first-use order."""
    seen: dict[str, Source] = {}
    for k in figure_keys:
        f = _lookup(k)
        for s in (f.source, *f.also):
            seen.setdefault(s, SOURCES[s])
    return list(seen.values())


def _marker(figure_keys: list[str]) -> str:
    """The machine-readable line naming the figures a rendered block covers (hidden on screen)."""
    return f"\n\n<!-- registry figures: {' '.join(figure_keys)} -->" if figure_keys else ""


def rendered_figure_keys(text: str) -> list[str]:
    """Figure keys named by the markers that references_markdown/figures_table_markdown write.

    Each rendered block ends with one line ``<!-- registry figures: key1 key2 ... -->`` (an HTML
    comment: Markdown viewers hide it). This reads every such line in `text`, in order.
    """
    keys: list[str] = []
    for m in _MARKER.finditer(text):
        keys.extend(m.group(1).split())
    return _distinct(keys)


def _reference_line(number: int, s: Source) -> str:
    parts = [f"{number}. {s.full_title}."]
    if s.citation:
        parts.append(f"{s.citation}.")
    if s.doi:
        parts.append(f"[doi:{s.doi}]({s.doi_url}).")
    if s.pmid:
        parts.append(f"[PMID {s.pmid}]({s.pmid_url}).")
    same_as_id = (s.doi and s.doi.lower() in s.url.lower()) or (
        s.pmid and "pubmed" in s.url and re.search(rf"\b{s.pmid}\b", s.url))
    if s.url and not same_as_id:
        parts.append(f"<{s.url}>")
    return " ".join(parts)


def references_markdown(figure_keys: Iterable[str] = (), source_keys: Iterable[str] = ()) -> str:
    """A numbered Markdown reference list for the given figures and extra sources.

    Each entry gives its DOI and PubMed id as links when the registry has them. The list ends with
    a hidden marker naming the figures it covers (see :func:`rendered_figure_keys`).
    """
    keys = _distinct(figure_keys)
    sources = sources_for(keys)
    for key in source_keys:
        if key not in SOURCES:
            raise KeyError(f"no source {key!r} in helpers.sources")
        if SOURCES[key] not in sources:
            sources.append(SOURCES[key])
    lines = [_reference_line(i, s) for i, s in enumerate(sources, 1)]
    return "\n".join(lines) + _marker(keys)


def figures_table_markdown(figure_keys: Iterable[str]) -> str:
    """A Markdown table of figures with value, unit, status and source, for a lesson's appendix.

    The table ends with a hidden marker naming its figures (see :func:`rendered_figure_keys`).
    """
    keys = _distinct(figure_keys)
    rows = ["| Figure | Value | Status | Source (where) |", "|---|---|---|---|"]
    for k in keys:
        f = _lookup(k)
        rows.append(
            f"| {f.what} | {format_value(f.value)} {f.unit} | {f.status} | "
            f"{SOURCES[f.source].full_title} ({f.where}) |"
        )
    return "\n".join(rows) + _marker(keys)


class LessonReferences(NamedTuple):
    """A lesson's numbered reference list and its appendix table, both as Markdown."""

    references: str
    appendix: str


def lesson_references(prose_only: Iterable[str] = (),
                      extra_sources: Iterable[str] = ()) -> LessonReferences:
    """References and appendix for every figure used so far plus `prose_only` keys.

    `prose_only` names figures that only the lesson's text quotes (no code looks them up);
    `extra_sources` names sources cited without a figure. Rendering records nothing as used.
    """
    keys = _distinct([*used(), *prose_only])
    return LessonReferences(references_markdown(keys, source_keys=extra_sources),
                            figures_table_markdown(keys))
