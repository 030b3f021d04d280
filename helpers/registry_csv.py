"""The one loader for every data file in ``helpers/data/``, with one set of rules.

Every ``*.csv`` there is a table a clinician can open in a spreadsheet. Each is described once, in
:data:`TABLES`, by a :class:`Table`: its columns, the columns that identify a row, and which rules
apply. :func:`load_table` reads a file and checks, row by row:

1. **Declared columns**: the header names each declared column once, and no other (any order).
2. **Filled cells**: the ``required`` columns are not empty (blank rows are skipped).
3. **Unique keys**: the ``key`` columns identify one row; code keys are letters, digits, ``_``,
   ``.`` or ``-`` without spaces.
4. **Choices**: a ``choices`` column holds one of its allowed words.
5. **Numbers without units**: a ``numbers`` column holds digits with ``.`` for decimals (``35521``,
   ``2.0``), never ``~5``, ``1,000`` or ``29 µg/mL``; it loads as an int (no ``.``) or a float.
6. **Figures and units**: a ``figures`` column names a row of ``figures.csv``, and a row that
   states a ``unit`` for a figure states that figure's unit.
7. **Registered sources**: a ``source_lists`` column holds ``;``-separated keys of ``sources.csv``.
8. **Provenance** (``provenance=True``): ``status`` is one of :data:`STATUSES` and fits the kind of
   its ``source`` (:data:`STATUS_KINDS`); ``source`` and ``also`` are registered; a ``label`` or
   ``label-copy`` row names the label section in ``where``; ``region`` is a code such as ``US`` or
   ``EU;UK``.
9. **Nothing taught rests on a forum, a blog or a proxy copy**: no ``source``, ``also`` or
   ``source_lists`` cell names a source whose kind is in :data:`UNTAUGHT_KINDS`; a source whose
   address, title, publisher or note marks it as one (:func:`untaught_kind`) must have that kind.

A mistake raises :class:`RegistryError` naming the file, the row as a spreadsheet numbers it (the
header is row 1) and the problem, for example::

    .../helpers/data/figures.csv, row 6: column 'value' '~5' is not a number (...)

Rules that belong to one file only (a figure's value or range, a source's kind and address) stay
with the module that owns the file (:mod:`helpers.sources`) and run on the rows this loader
returns. The columns of each file are explained for clinicians in ``helpers/data/README.md``.

Examples
--------
>>> from helpers import registry_csv, sources
>>> rows = registry_csv.load_table(registry_csv.DATA_DIR / "comparison.csv",
...                                registry_csv.TABLES["comparison.csv"], sources=sources.SOURCES)
>>> number, row = rows[0]
>>> number, row["drug"], row["group"]
(2, 'Azathioprine', 'broad')
"""
from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

DATA_DIR = Path(__file__).resolve().parent / "data"

STATUSES = ("label", "label-copy", "peer-reviewed", "secondary", "teaching-assumption")

# What kind of document a source is (the `kind` column of sources.csv).
KINDS = {
    "regulator": "a regulator's own document: FDA label (DailyMed), EMA, a national agency's page",
    "label-copy": "a faithful reproduction of a regulator's label on another site; names it in "
                  "`reproduces` with the version date",
    "mirror": "an unofficial, test or third-party copy of a document (reproduces may name it)",
    "manufacturer": "the manufacturer's own (promotional) material",
    "monograph": "a drug-information monograph or summary (AHFS, PDR)",
    "paper": "a peer-reviewed paper or its abstract",
    "secondary": "news, review summary or machine-extracted record (not a forum, blog or proxy)",
    "patient-information": "a charity's or health service's information for patients",
    "this-collection": "a document of this collection (its url is a path in the repository)",
    "forum": "a forum post or a reader's comment: never a basis for a taught row",
    "blog": "a blog post, even a clinician's or a university's: never a basis for a taught row",
    "proxy-copy": "a page read through a translation or web proxy: never a basis for a taught row",
}
# Kinds no taught row (figure, quote, sign, comparison statement, PML cell) may rest on: find the
# primary source, or keep the number out of the teaching.
UNTAUGHT_KINDS = ("forum", "blog", "proxy-copy")
# What marks a source as one of them, in its url, title, publisher or note.
UNTAUGHT_MARKERS = {
    "proxy-copy": re.compile(r"\bproxy\b|\.translate\.goog\b|\bweglot\b|translate\.google\.",
                             re.IGNORECASE),
    "forum": re.compile(r"\bforums?\b|\bmessage board\b|\bneurotalk\b", re.IGNORECASE),
    "blog": re.compile(r"blog", re.IGNORECASE),
}
# The source kinds each status allows. 'secondary' allows every kind but 'this-collection' and
# the untaught kinds (a forum post, a blog or a proxy copy backs no status at all).
STATUS_KINDS = {
    "label": ("regulator",),
    "label-copy": ("label-copy",),
    "peer-reviewed": ("paper",),
    "secondary": tuple(k for k in KINDS if k != "this-collection" and k not in UNTAUGHT_KINDS),
    "teaching-assumption": ("this-collection",),
}
# Words a figure's `qualifier` may hold; sources.format_value and cite print it before the number.
QUALIFIERS = ("about", "up to", "at least", "below about", "within", "usually within")
# A section locator in `where` ('section 2.3', '§6.2'), required for label and label-copy rows.
SECTION_LOCATOR = re.compile(r"\bsection\s+\d|§\s*\d", re.IGNORECASE)
SOURCES_FILE = "sources.csv"
FIGURES_FILE = "figures.csv"

Number = Union[int, float]

_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_REGION = re.compile(r"[A-Z]{2,3}(?:;[A-Z]{2,3})*")


class RegistryError(ValueError):
    """A mistake in helpers/data/*.csv: the message names the file, the row and the problem."""


@dataclass(frozen=True)
class Table:
    """What one data file holds and which of the rules above apply to it."""

    columns: tuple[str, ...]
    key: tuple[str, ...] = ("key",)        # the columns that identify a row, together
    key_kind: str = ""                     # 'figure', 'source', ...: keys are code keys
    required: tuple[str, ...] = ()         # columns that may not be empty
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbers: tuple[str, ...] = ()          # columns holding a number (None when empty)
    figures: tuple[str, ...] = ()          # columns naming a figure of figures.csv
    unit_of: str = ""                      # the figures column whose unit `unit` must equal
    source_lists: tuple[str, ...] = ()     # columns of ';'-separated source keys
    provenance: bool = False               # source, status (also, where, region) checked
    any_of: tuple[tuple[str, ...], ...] = ()  # groups of columns of which one must be filled


PROVENANCE = ("source", "also", "where", "status", "region")

TABLES: dict[str, Table] = {
    "sources.csv": Table(
        columns=("key", "title", "authors", "journal", "year", "volume", "issue", "pages", "doi",
                 "pmid", "url", "publisher", "kind", "reproduces", "note"),
        key_kind="source", required=("key", "title")),
    "figures.csv": Table(
        columns=("key", "what", "qualifier", "value", "low", "high", "unit", "source", "also",
                 "where", "status", "region", "note"),
        key_kind="figure", required=("key", "what", "source", "where", "status"),
        choices={"qualifier": QUALIFIERS}, numbers=("value", "low", "high"), provenance=True),
    "quotes.csv": Table(
        columns=("key", "text", "source", "also", "where", "status", "region", "note"),
        key_kind="quote", required=("key", "text", "source", "where", "status", "region"),
        provenance=True),
    "pml_risk.csv": Table(
        columns=("table", "cell", "anti_jcv", "prior_is", "months_from", "months_to", "figure",
                 "ci_figure", "qualifier", "value", "ci_low", "ci_high", "unit", "source",
                 "status", "cell_status", "population", "note"),
        key=("table", "cell"), key_kind="cell",
        required=("table", "cell", "anti_jcv", "prior_is", "figure", "value", "unit", "source",
                  "status", "cell_status", "population"),
        choices={"anti_jcv": ("negative", "positive", "any"), "prior_is": ("yes", "no", "any"),
                 "cell_status": ("CONFIRMED", "PARTIALLY CONFIRMED"), "qualifier": QUALIFIERS},
        numbers=("months_from", "months_to", "value", "ci_low", "ci_high"),
        figures=("figure", "ci_figure"), unit_of="figure", provenance=True),
    "comparison.csv": Table(
        columns=("drug", "group", "mechanism", "mechanism_source", "blood_counts",
                 "blood_counts_source", "risks", "risks_source"),
        key=("drug",),
        required=("drug", "group", "mechanism", "mechanism_source", "blood_counts",
                  "blood_counts_source", "risks", "risks_source"),
        choices={"group": ("broad", "selective", "depleting")},
        source_lists=("mechanism_source", "blood_counts_source", "risks_source")),
    "side_effect_signs.csv": Table(
        columns=("key", "group", "sign", "said", "urgency", "route", "source", "also", "where",
                 "status", "region", "note"),
        key_kind="sign",
        required=("key", "group", "sign", "route", "source", "where", "status", "region"),
        choices={"route": ("emergency", "sudden", "ms_team")}, provenance=True,
        any_of=(("said", "urgency"),)),
    "fact_box_affirm.csv": Table(
        columns=("key", "side", "outcome", "natalizumab", "placebo", "note"),
        key_kind="row", required=("key", "side", "outcome"),
        choices={"side": ("benefit", "harm")}, figures=("natalizumab", "placebo")),
}

Row = dict  # {column: text}; numbers as int/float/None, provenance `also` as a tuple of keys


def read_rows(path: Path, columns: tuple[str, ...]):
    """Yield (row number as a spreadsheet shows it, {column: stripped text}) for each data row,
    after checking the header holds exactly `columns` (in any order)."""
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


def number(path, row_number: int, column: str, text: str) -> Number:
    """'300' -> 300 (int), '3.5' or '2.0' or '1e3' -> float; anything else is a RegistryError."""
    if not _NUMBER.fullmatch(text):
        raise RegistryError(f"{path}, row {row_number}: column '{column}' {text!r} is not a "
                            "number (digits with '.' for decimals; no units, '~' or thousands "
                            "separators)")
    return float(text) if any(c in text for c in ".eE") else int(text)


def source_keys(text: str) -> tuple[str, ...]:
    """'a; b;c' -> ('a', 'b', 'c'): the keys of a ';'-separated cell, blanks dropped."""
    return tuple(k.strip() for k in text.split(";") if k.strip())


def untaught_kind(*texts: str) -> str:
    """The kind in :data:`UNTAUGHT_KINDS` that a source's url, title, publisher or note mark it as
    ('' if none): a proxy address (or PubMed under another host), the word forum or blog.

    >>> untaught_kind("https://proxy.weglot.com/wg_1/nl/en/pubmed.ncbi.nlm.nih.gov/17452584")
    'proxy-copy'
    >>> untaught_kind("https://api-pubmed-ncbi.laibokeji.com/23950550")
    'proxy-copy'
    >>> untaught_kind("https://pubmed.ncbi.nlm.nih.gov/17452584/", "MRI outcomes in AFFIRM")
    ''
    """
    text = " ".join(texts)
    found = next((kind for kind, marker in UNTAUGHT_MARKERS.items() if marker.search(text)), "")
    # A host that carries PubMed's name but is not the NIH's own: PubMed read through a web proxy.
    hosts = re.findall(r"https?://([^/\s]+)", text)
    if not found and any(re.search(r"pubmed|ncbi", h, re.IGNORECASE)
                         and not h.lower().endswith((".gov", ".gov.")) for h in hosts):
        found = "proxy-copy"
    return found


def _check_taught_sources(where: str, key: str, column: str, names, sources: Mapping) -> None:
    """A taught row names no forum post, blog or proxy copy (rule 9)."""
    for name in names:
        kind = getattr(sources.get(name), "kind", "")
        if kind in UNTAUGHT_KINDS:
            raise RegistryError(f"{where}: {key!r} rests on {name!r} (kind {kind!r}) in column "
                                f"'{column}'; a forum post, a blog or a page read through a proxy "
                                "is no basis for what a lesson teaches: find the primary source "
                                "and cite it, or take the row out")


def _check_provenance(where: str, row: Row, key: str, sources: Mapping) -> None:
    """Status, sources, locator and region of a row; turns `also` into a tuple of keys."""
    if row["status"] not in STATUSES:
        raise RegistryError(f"{where}: unknown status {row['status']!r} for {key!r}; the "
                            f"statuses are {', '.join(STATUSES)}")
    if "also" in row:
        row["also"] = source_keys(row["also"])
    for column, names in (("source", (row["source"],)), ("also", row.get("also", ()))):
        for name in names:
            if name not in sources:
                raise RegistryError(f"{where}: unknown source {name!r} in column '{column}' "
                                    f"(not a key in {SOURCES_FILE})")
    _check_taught_sources(where, key, "source", (row["source"],), sources)
    _check_taught_sources(where, key, "also", row.get("also", ()), sources)
    status, source = row["status"], sources[row["source"]]
    if source.kind not in STATUS_KINDS[status]:
        raise RegistryError(f"{where}: status {status!r} of {key!r} does not fit its source "
                            f"{source.key!r} (kind {source.kind!r}); {status!r} needs a source "
                            f"of kind {' or '.join(STATUS_KINDS[status])}")
    if "where" in row and status in ("label", "label-copy") and \
            not SECTION_LOCATOR.search(row["where"]):
        raise RegistryError(f"{where}: {status} figure {key!r} needs the label section in "
                            f"'where' (e.g. 'section 2.3'), got {row['where']!r}")
    if row.get("region") and not _REGION.fullmatch(row["region"]):
        raise RegistryError(f"{where}: region {row['region']!r} should be a code such as US or "
                            "EU (several as EU;UK), or empty")


def load_table(path: Path | str, table: Table, *, sources: Mapping | None = None,
               figures: Mapping | None = None) -> list[tuple[int, Row]]:
    """The rows of the data file at `path`, checked by the rules of `table` (module docstring).

    `sources` (key -> an object with ``key`` and ``kind``, e.g. ``helpers.sources.SOURCES``) is
    needed when the table has provenance or source lists; `figures` (key -> an object with
    ``unit``, e.g. ``helpers.sources.FIGURES``) when it names figures. Returns
    ``[(row number, row), ...]`` in file order; raises :class:`RegistryError` on the first mistake.
    """
    path = Path(path)
    if (table.provenance or table.source_lists) and sources is None:
        raise TypeError(f"{path.name}: load_table needs the sources to check its rows")
    if table.figures and figures is None:
        raise TypeError(f"{path.name}: load_table needs the figures to check its rows")
    seen: dict[tuple, int] = {}
    out = []
    for row_number, row in read_rows(path, table.columns):
        where = f"{path}, row {row_number}"
        for name in table.required:
            if not row[name]:
                raise RegistryError(f"{where}: column '{name}' is empty")
        key = tuple(row[c] for c in table.key)
        shown = ".".join(key)
        if table.key_kind:
            for part in key:
                if not _KEY.fullmatch(part):
                    raise RegistryError(f"{where}: {table.key_kind} key {part!r} must be letters, "
                                        "digits, '_', '.' or '-' without spaces")
        if key in seen:
            raise RegistryError(f"{where}: duplicate key {shown!r} (first given in row "
                                f"{seen[key]})")
        seen[key] = row_number
        for names in table.any_of:
            if not any(row[c] for c in names):
                raise RegistryError(f"{where}: give at least one of the columns "
                                    f"{', '.join(repr(c) for c in names)}")
        for column, allowed in table.choices.items():
            if row[column] and row[column] not in allowed or (
                    not row[column] and column in table.required):
                empty = "" if column in table.required else ", or empty"
                raise RegistryError(f"{where}: {column} {row[column]!r} should be one of "
                                    f"{', '.join(allowed)}{empty}")
        for column in table.numbers:
            row[column] = number(path, row_number, column, row[column]) if row[column] else None
        for column in table.figures:
            if row[column] and row[column] not in figures:
                raise RegistryError(f"{where}: figure {row[column]!r} in column '{column}' is not "
                                    f"a key in {FIGURES_FILE}")
        if table.unit_of and row["unit"] != figures[row[table.unit_of]].unit:
            raise RegistryError(f"{where}: unit {row['unit']!r} is not the unit of its figure "
                                f"{row[table.unit_of]!r} in {FIGURES_FILE} "
                                f"({figures[row[table.unit_of]].unit!r})")
        for column in table.source_lists:
            if column in table.required and not source_keys(row[column]):
                raise RegistryError(f"{where}: column '{column}' names no source")
            for name in source_keys(row[column]):
                if name not in sources:
                    raise RegistryError(f"{where}: unknown source {name!r} in column '{column}' "
                                        f"(not a key in {SOURCES_FILE})")
            _check_taught_sources(where, shown, column, source_keys(row[column]), sources)
        if table.provenance:
            _check_provenance(where, row, shown, sources)
        out.append((row_number, row))
    return out
