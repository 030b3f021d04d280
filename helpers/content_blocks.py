"""The content-file blocks a view or a table reads in parts: ``readout <view>`` (the (label, text)
pairs beside a live figure, filled on every move), ``fields`` (named pieces of text) and
``facts`` tables (rows that name registry figures). The file format and the rest of the loader
are in :mod:`helpers.content`."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from . import sources
from .content import ContentError, _Filler, block, fill, unwrap


@dataclass(frozen=True)
class _ReadoutLine:
    when: tuple[str, ...]   # show the line only when each value is true ('not x': false)
    label: str
    text: str


@lru_cache(maxsize=None)
def _readout_lines(lesson: str, view: str) -> tuple[tuple[_ReadoutLine, ...], str]:
    b = block(lesson, f"readout {view}")
    lines: list[_ReadoutLine] = []
    for raw in unwrap(b.text).splitlines():
        if not raw.startswith("- "):
            raise ContentError(f"{b.where}: a readout line starts with '- ', got {raw!r}")
        line, when = raw[2:].strip(), ()
        if line.startswith("["):
            conditions, _, line = line[1:].partition("]")
            when, line = tuple(c.strip() for c in conditions.split(",")), line.strip()
        depth, cut = 0, -1
        if line.startswith("**") and "**: " in line[2:]:  # a label holding ': ', in bold
            label, _, text = line[2:].partition("**: ")
            lines.append(_ReadoutLine(when, label, text))
            continue
        for i, ch in enumerate(line):
            depth += (ch == "(") - (ch == ")")
            if depth == 0 and line.startswith(": ", i):
                cut = i
                break
        if cut < 0:
            raise ContentError(f"{b.where}: a readout line is 'label: text', got {raw!r}")
        lines.append(_ReadoutLine(when, line[:cut], line[cut + 2:]))
    return tuple(lines), b.where


def readout(lesson: str, view: str, values: Mapping,
            numbers: Mapping | None = None) -> list[tuple[str, str]]:
    """The (label, text) pairs of block ``readout <view>`` of `lesson`, filled from `values` (the
    compute result's numbers, as text) and then `numbers` (the lesson's ``numbers()``).

    Each line of the block is ``- label: text`` (the first ': ' outside parentheses ends the
    label; a label holding ': ' is written in bold, ``- **label**: text``; both may hold
    placeholders). A line starting ``[name]`` is shown only when
    ``values[name]`` is true, ``[not name]`` only when it is false, ``[a, not b]`` when both
    hold: for pairs that apply only sometimes. The block is parsed once per process; a move only
    fills its lines.
    """
    lines, where = _readout_lines(lesson, view)
    merged = _Filler({**numbers, **values} if numbers else values, where)
    out = []
    for ln in lines:
        if any(bool(merged[c[4:] if c.startswith("not ") else c]) == c.startswith("not ")
               for c in ln.when):
            continue
        out.append((fill(ln.label, merged, where), fill(ln.text, merged, where)))
    return out


@lru_cache(maxsize=None)
def fields(lesson: str, key: str) -> dict[str, str]:
    """Block `key` of `lesson` as named pieces of text: one ``- name: text`` line each (lines
    inside an item are joined), for words a view shows in parts (a diagram's step name and
    what happens in it). No placeholders; parsed once."""
    b = block(lesson, key)
    out = {}
    for line in unwrap(b.text).splitlines():
        name, sep, text = line.removeprefix("- ").partition(": ")
        if not line.startswith("- ") or not sep:
            raise ContentError(f"{b.where}: a line is '- name: text', got {line!r}")
        out[name.strip()] = text.strip()
    return out


def _figure_text(key: str) -> str:
    f = sources.figure(key)
    value = sources.format_value(f.value)
    return f"{value}{f.unit}" if f.unit in ("%", "°C") else f"{value} {f.unit}".strip()


def facts_rows(lesson: str, key: str) -> list[tuple[str, str]]:
    """The (label, figure key) rows of facts block `key` of `lesson` (see :func:`facts`)."""
    b = block(lesson, key)
    out = []
    for row in [ln.strip() for ln in b.text.strip().splitlines() if ln.strip()][2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        if len(cells) != 2 or not re.fullmatch(r"`[\w.]+`", cells[1]):
            raise ContentError(f"{b.where}: a facts row is '| label | `figure.key` |', "
                               f"got {row!r}")
        if cells[1].strip("`") not in sources.FIGURES:
            raise ContentError(f"{b.where}: no figure {cells[1]} in helpers/data/figures.csv")
        out.append((cells[0], cells[1].strip("`")))
    return out


def facts(lesson: str, key: str) -> str:
    """Facts block `key` of `lesson`: a table whose rows name registry figures, filled with each
    figure's value and unit and where it was read.

    The block is a Markdown table: its header row (the column titles, as shown), a rule, then
    one row per figure, ``| label | `figure.key` |``; each row is shown as
    ``| label | value unit | source, where (status) |``. The figures are recorded as used.
    """
    b = block(lesson, key)
    lines = [ln.strip() for ln in b.text.strip().splitlines() if ln.strip()][:2]
    for label, fig_key in facts_rows(lesson, key):
        f = sources.figure(fig_key)
        src = sources.SOURCES[f.source]
        who = src.authors or src.publisher or src.title
        lines.append(f"| {label} | {_figure_text(fig_key)} | {who}, {f.where} ({f.status}) |")
    return "\n".join(lines)


def main_message(lesson: str, numbers: Mapping | None = None) -> str:
    """Block ``main message`` of `lesson`: what the lesson wants a reader to take away, in one to
    three sentences, shown as a box at the top of the lesson (and on its printed handout), filled
    from the lesson's ``numbers()``."""
    b = block(lesson, "main message")
    text = fill(unwrap(b.text).strip(), numbers or {}, b.where)
    return "> **The main message.** " + text.replace("\n", "\n> ")
