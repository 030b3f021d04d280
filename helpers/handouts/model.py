"""What a lesson's handout holds, read from its content file and the registry.

Three blocks of ``helpers/content/<lesson>.md`` make a handout:

- ``## main message``: the lesson's take-away (:func:`helpers.content.main_message`);
- ``## ms team questions``: the questions to take to the MS team, one ``- `` line each;
- ``## handout``: which figures the page carries, one ``- kind: what`` line each:

  ``- numbers: `figure.key`, `figure.key```   key numbers, each with its source and status;
  ``- risk: `figure.key` | period in words``   a share of people (a %, or a number per 1,000) in
  the one risk format, "N of 1,000 people over [period]", with the other side ("M did not");
  a figure of helpers/data/pml_risk.csv brings its own period;
  ``- facts: facts <name>``                    a table of the lesson (a ``facts`` block);
  ``- fact box: <name>``                       the lesson's fact box, benefits and harms in
  people of 1,000 (:mod:`helpers.handouts.tables`);
  ``- figure: <name>``                         the lesson's one printed figure
  (:mod:`helpers.handouts.figures`), or ``none``;
  ``- signs: urgent``                          the signs that cannot wait, from
  helpers/data/side_effect_signs.csv (route ``emergency``), with the emergency route.

Every number the page prints is traced (:attr:`Handout.traced`): the registry figure, or the
arithmetic on it (a % as people of 1,000), that gave it.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import content, pml, sources
from . import figures, tables
from ..content import ContentError

SELECTION = "handout"
QUESTIONS = "ms team questions"
MESSAGE = "main message"
KINDS = ("numbers", "risk", "facts", "fact box", "figure", "signs")
SIGNS_LESSON = "04_living_with_treatment"  # the lesson whose content holds the contact words
_KEY = re.compile(r"`([\w.]+)`")


class HandoutError(ContentError):
    """A lesson's content file lacks what its handout needs; the message says what to add."""


@dataclass(frozen=True)
class Row:
    """One printed line of figures: label, value as printed, where it was read."""

    label: str
    text: str
    source: str
    figure: str
    numbers: tuple[float, ...] = ()   # numbers derived from the figure (people of 1,000)


@dataclass(frozen=True)
class FactBox:
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Handout:
    lesson: str
    title: str
    link: str
    lang: str
    main_message: str
    numbers: tuple[Row, ...]
    risks: tuple[Row, ...]
    fact_boxes: tuple[FactBox, ...]
    table: tables.Table | None       # the lesson's fact box, if the handout carries it
    figure: str                      # name in helpers.handouts.figures, or ''
    figure_svg: str                  # the figure as SVG, '' without one
    figure_alt: str                  # its alt text (and caption): what it shows, in words
    urgent_signs: tuple[str, ...]    # signs that cannot wait, as the leaflet words them
    emergency: str                   # what to do for them (emergency services first)
    emergency_note: str              # the signs that cannot wait and what to do, in one line
    contact: str                     # whom to contact otherwise
    questions: tuple[str, ...]
    figures_used: tuple[str, ...] = field(default=())

    @property
    def number(self) -> str:
        """'02b' for '02b_infusion_timing_science'."""
        return self.lesson.split("_", 1)[0]

    @property
    def rows(self) -> tuple[Row, ...]:
        return self.numbers + self.risks + tuple(r for b in self.fact_boxes for r in b.rows)

    @property
    def traced(self) -> dict[str, tuple[float, ...]]:
        """Registry figure key -> the numbers the page prints from it: its value (or range), and
        any people of 1,000 worked out from it."""
        out: dict[str, tuple[float, ...]] = {}
        for row in self.rows:
            out[row.figure] = tuple(sorted(set(out.get(row.figure, ()) + figure_numbers(
                row.figure) + row.numbers)))
        if self.table:
            for key in self.table.figures:
                out[key] = tuple(sorted(set(out.get(key, ()) + self.table.numbers)))
        return out


def lessons() -> list[str]:
    """Every lesson with a content file ('00_start_here', ...)."""
    return content.lessons()


def views_module(lesson: str):
    """The lesson's views module (helpers.views.<name without its number>)."""
    return importlib.import_module(f"helpers.views.{lesson.split('_', 1)[1]}")


def figure_numbers(key: str) -> tuple[float, ...]:
    """The numbers figure `key` holds: its value, or the two ends of its range."""
    v = sources.value(key)
    return tuple(float(x) for x in (v if isinstance(v, tuple) else (v,)))


def short_source(key: str) -> str:
    """'Bloomgren et al., N Engl J Med 2012 (peer-reviewed)': who, where, status."""
    f = sources.figure(key)
    src = sources.SOURCES[f.source]
    who = src.authors or src.publisher or re.split(r"[,:(]", src.title)[0].strip()
    where = " ".join(p for p in (src.journal, src.year) if p)
    return f"{who}{', ' + where if where else ''} ({f.status})"


def selection(lesson: str) -> list[tuple[str, str]]:
    """The (kind, what) lines of the lesson's ``handout`` block."""
    try:
        b = content.block(lesson, SELECTION)
    except ContentError:
        raise HandoutError(
            f"helpers/content/{lesson}.md has no '## {SELECTION}' block: add one naming the "
            f"figures its handout prints (helpers/handouts/model.py says how)") from None
    out = []
    for line in content.unwrap(b.text).splitlines():
        kind, sep, what = line.removeprefix("- ").partition(": ")
        if not line.startswith("- ") or not sep or kind not in KINDS:
            raise HandoutError(f"{b.where}: a line is '- kind: what' with a kind of {KINDS}, "
                               f"got {line!r}")
        out.append((kind, what.strip()))
    return out


def _keys(where: str, text: str) -> list[str]:
    keys = _KEY.findall(text)
    missing = [k for k in keys if k not in sources.FIGURES]
    if not keys or missing:
        raise HandoutError(f"{where}: name registry figures in backticks; not in "
                           f"helpers/data/figures.csv: {missing or text!r}")
    return keys


def number_row(key: str) -> Row:
    f = sources.figure(key)
    return Row(f.what, content.figure(key)(), short_source(key), key)


def risk_row(key: str, period: str) -> Row:
    """A share of people as "N of 1,000 people over [period]; M did not"."""
    f = sources.figure(key)
    v = figure_numbers(key)
    if len(v) != 1:
        raise HandoutError(f"risk figure {key} is a range; a risk line needs one number")
    if f.unit.startswith("%"):
        per_1000 = v[0] * 10
    elif f.unit == pml.PER_1000:
        per_1000 = v[0]
    else:
        raise HandoutError(f"risk figure {key} has unit {f.unit!r}; a risk line needs a % or "
                           f"'{pml.PER_1000}'")
    derived: list[float] = []
    if not period:
        cell = next((c for c in pml.CELLS if c.figure == key), None)
        period = cell.period if cell else ""
        derived += [m for m in (cell.months_from, cell.months_to) if m] if cell else []
    if not period:
        raise HandoutError(f"risk figure {key}: name its period ('- risk: `{key}` | over ...')")
    text = pml.people_text(per_1000, f.qualifier, period)
    derived += [per_1000, round(per_1000)]
    if float(per_1000).is_integer():
        text += f"; {1000 - round(per_1000):,} did not"
        derived.append(1000 - round(per_1000))
    return Row(f.what, text, short_source(key), key, tuple(float(x) for x in derived))


def fact_box(lesson: str, key: str) -> FactBox:
    if not key.startswith("facts "):
        raise HandoutError(f"helpers/content/{lesson}.md: a fact box is a 'facts <name>' "
                           f"block, got {key!r}")
    rows = tuple(Row(label, content.figure(fig)(), short_source(fig), fig)
                 for label, fig in content.facts_rows(lesson, key))
    return FactBox(key.removeprefix("facts ").capitalize(), rows)


def ms_team_questions(lesson: str) -> tuple[str, ...]:
    try:
        b = content.block(lesson, QUESTIONS)
    except ContentError:
        raise HandoutError(f"helpers/content/{lesson}.md has no '## {QUESTIONS}' block: add "
                           "the questions a reader can take to the MS team, one '- ' line each"
                           ) from None
    lines = content.unwrap(b.text).splitlines()
    if not lines or not all(ln.startswith("- ") for ln in lines):
        raise HandoutError(f"{b.where}: one '- question' line each")
    return tuple(ln[2:].strip() for ln in lines)


def main_message(lesson: str, numbers) -> str:
    """The lesson's main message as plain Markdown (without the box's 'The main message.')."""
    try:
        text = content.main_message(lesson, numbers)
    except ContentError:
        raise HandoutError(
            f"helpers/content/{lesson}.md has no '## {MESSAGE}' block: the handout opens with "
            "the lesson's main message (one to three plain sentences); add it") from None
    return re.sub(r"^> \*\*The main message\.\*\* ", "", text).replace("\n> ", "\n")


@lru_cache(maxsize=1)
def _contact() -> tuple[tuple[str, ...], str, str, str]:
    signs_view = views_module(SIGNS_LESSON)
    numbers = {"emergency_numbers": signs_view.EMERGENCY_NUMBERS}
    return (tuple(signs_view.EMERGENCY_SIGNS),
            content.render(SIGNS_LESSON, "contact emergency", numbers),
            content.render(SIGNS_LESSON, "emergency note", numbers),
            content.render(SIGNS_LESSON, "contact ms_team", numbers))


def build(lesson: str, link: str, title: str | None = None) -> Handout:
    """The handout of `lesson`, its QR code and printed link pointing at `link`.

    Raises :class:`HandoutError` naming the block to add when the content file lacks one.
    """
    numbers = views_module(lesson).numbers()
    with sources.separate_record():
        kinds: dict[str, list] = {k: [] for k in KINDS}
        where = f"helpers/content/{lesson}.md, block '{SELECTION}'"
        for kind, what in selection(lesson):
            if kind == "numbers":
                kinds[kind] += [number_row(k) for k in _keys(where, what)]
            elif kind == "risk":
                key_part, _, period = what.partition("|")
                kinds[kind] += [risk_row(k, period.strip()) for k in _keys(where, key_part)]
            elif kind == "facts":
                kinds[kind].append(fact_box(lesson, what))
            else:
                kinds[kind].append(what)
        message = main_message(lesson, numbers)
        questions = ms_team_questions(lesson)
        urgent, emergency, note, contact = _contact()
        box = kinds["fact box"][0] if kinds["fact box"] else ""
        if box and box not in tables.TABLES:
            raise HandoutError(f"{where}: no fact box {box!r}; have {sorted(tables.TABLES)}")
        table = tables.TABLES[box]() if box else None
        figure = next((f for f in kinds["figure"] if f != "none"), "")
        svg, alt = figures.figure(figure) if figure else ("", "")
        used = tuple(sources.used())
    return Handout(
        lesson=lesson, title=title or lesson, link=link, lang="en", main_message=message,
        numbers=tuple(kinds["numbers"]), risks=tuple(kinds["risk"]),
        fact_boxes=tuple(kinds["facts"]), table=table, figure=figure, figure_svg=svg,
        figure_alt=alt,
        urgent_signs=urgent if kinds["signs"] else (), emergency=emergency, emergency_note=note,
        contact=contact,
        questions=questions, figures_used=used)
