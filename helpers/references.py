"""A lesson's reference list and appendix table, rendered from the registry (helpers.sources)."""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from . import sources as _registry
from .sources import Source, format_value

_MARKER = re.compile(r"<!-- registry figures: ([^>]*?) -->")


def _lookup(key: str):
    return _registry._lookup(key)


def _distinct(keys: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def sources_for(figure_keys: Iterable[str]) -> list[Source]:
    """The distinct sources behind `figure_keys`, in first-use order."""
    seen: dict[str, Source] = {}
    for k in figure_keys:
        f = _lookup(k)
        for s in (f.source, *f.also):
            seen.setdefault(s, _registry.SOURCES[s])
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
    label, version = s.reproduced
    if label:
        what = "Reproduces" if s.kind == "label-copy" else "A copy of"
        parts.append(f"{what}: {_registry.SOURCES[label].full_title}"
                     + (f", version of {version}." if version else " (version not recorded)."))
    if s.doi:
        parts.append(f"[doi:{s.doi}]({s.doi_url}).")
    if s.pmid:
        parts.append(f"[PMID {s.pmid}]({s.pmid_url}).")
    same_as_id = (s.doi and s.doi.lower() in s.url.lower()) or (
        s.pmid and "pubmed" in s.url and re.search(rf"\b{s.pmid}\b", s.url))
    if s.in_repository:
        parts.append(f"In this collection: {s.url}.")
    elif s.url and not same_as_id:
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
        if key not in _registry.SOURCES:
            raise KeyError(f"no source {key!r} in helpers.sources")
        if _registry.SOURCES[key] not in sources:
            sources.append(_registry.SOURCES[key])
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
            f"{_registry.SOURCES[f.source].full_title} ({f.where}) |"
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
    `extra_sources` names sources cited without a figure; the sources of quotes used with
    :func:`quote` are added to the list. Rendering records nothing as used.

    The example is a lesson's references cell after its views and text looked figures up (here
    one look-up, in a record of its own so that nothing else this process used joins the list).

    Examples
    --------
    >>> from helpers.sources import separate_record, value
    >>> with separate_record():
    ...     _ = value("dose.mg")
    ...     refs = lesson_references(prose_only=["dose.infusion_hours"])
    >>> print(refs.references)
    1. Tysabri Dosage (drugs.com page reproducing the US prescribing information, ...
    <BLANKLINE>
    <!-- registry figures: dose.mg dose.infusion_hours -->
    >>> print(refs.appendix.splitlines()[0])
    | Figure | Value | Status | Source (where) |
    """
    keys = _distinct([*_registry.used(), *prose_only])
    quotes = _registry.QUOTES
    quoted = [s for k in _registry.used_quotes() for s in (quotes[k].source, *quotes[k].also)]
    return LessonReferences(references_markdown(keys, source_keys=[*extra_sources, *quoted]),
                            figures_table_markdown(keys))
