"""What a lesson says, kept as text a clinician can read and edit, filled with the models' numbers.

Each lesson's generated text (questions and answers, table phrasing) lives in one Markdown file,
``helpers/content/<notebook name>.md`` (``02_infusion_timing.md`` for
``02_infusion_timing.ipynb``). A file is a list of blocks; each block starts with a heading line
``## <key>`` and holds Markdown with ``{placeholders}``:

    ## question 1

    **1. An infusion is {days_late} late. What does the model show?**

A heading ending in ``(science)`` marks text for students and professionals (reading grade 12 or
below); every other block is plain language (grade 8 or below). Lines inside a paragraph are joined
with a space, as Markdown shows them; lines starting with ``- ``, ``| `` or ``> `` stay on their
own line. Text before the first ``##`` is a note for editors and is never shown.

Placeholders are filled from the lesson's ``numbers()`` (in its views module): a mapping of
placeholder to text, where a value may be a function with no arguments, called the first time the
placeholder is shown (so a lesson records as used only the registry figures its text shows). A
missing placeholder raises :class:`ContentError` naming the file, the block and the placeholder.
This module only loads and fills text; the numbers come from the models and ``helpers.sources``.

A live view's readout (the label and text pairs beside its figure, read by screen readers) is a
block ``## readout <view>``, one ``- label: text`` line per pair; :func:`readout` fills it from
the compute result and the lesson's ``numbers()`` on every move (each block is parsed once).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import sources

CONTENT_DIR = Path(__file__).resolve().parent / "content"
AUDIENCES = ("plain", "science")
_KEEP_LINE = ("- ", "|", "> ")


class ContentError(ValueError):
    """A content file is malformed, or a block asks for a number the lesson does not give."""


@dataclass(frozen=True)
class Block:
    """One ``## key`` block of a content file, its text as written (lines not yet joined)."""

    lesson: str
    key: str
    audience: str
    text: str
    line: int  # line number of the heading, for messages

    @property
    def where(self) -> str:
        return f"helpers/content/{self.lesson}.md, block '{self.key}' (line {self.line})"


def lessons() -> list[str]:
    """The lessons that have a content file, sorted ('00_start_here', ...)."""
    return sorted(p.stem for p in CONTENT_DIR.glob("*.md"))


def path(lesson: str) -> Path:
    return CONTENT_DIR / f"{lesson}.md"


@lru_cache(maxsize=None)
def blocks(lesson: str) -> dict[str, Block]:
    """Every block of `lesson`'s content file by key, in file order."""
    file = path(lesson)
    if not file.exists():
        raise ContentError(f"no content file helpers/content/{lesson}.md; have: {lessons()}")
    return parse(file.read_text(encoding="utf-8"), lesson)


def parse(text: str, lesson: str = "<text>") -> dict[str, Block]:
    """The blocks of a content file's `text` (see the module docstring for the format)."""
    out: dict[str, Block] = {}
    key, audience, start, lines = None, "plain", 0, []

    def close():
        if key is not None:
            out[key] = Block(lesson, key, audience, "\n".join(lines).strip("\n"), start)

    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            close()
            key, audience, start, lines = line[3:].strip(), "plain", number, []
            if key.endswith("(science)"):
                key, audience = key[: -len("(science)")].strip(), "science"
            if not key:
                raise ContentError(f"helpers/content/{lesson}.md, line {number}: empty block key")
            if key in out:
                raise ContentError(f"helpers/content/{lesson}.md, line {number}: block {key!r} "
                                   "appears twice")
        elif key is not None:
            lines.append(line)
    close()
    return out


def block(lesson: str, key: str) -> Block:
    try:
        return blocks(lesson)[key]
    except KeyError:
        raise ContentError(f"helpers/content/{lesson}.md has no block {key!r}; blocks: "
                           f"{list(blocks(lesson))}") from None


def unwrap(text: str) -> str:
    """Join the lines of each paragraph with a space, as Markdown shows them; list items, table
    rows and quotations keep their own lines; paragraphs stay apart."""
    paragraphs = []
    for para in text.strip().split("\n\n"):
        out: list[str] = []
        for line in para.strip("\n").splitlines():
            line = line.rstrip()
            if out and not line.lstrip().startswith(_KEEP_LINE):
                out[-1] = f"{out[-1]} {line.strip()}"
            else:
                out.append(line)
        if out:
            paragraphs.append("\n".join(out))
    return "\n\n".join(paragraphs)


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, in order ('{peak}' -> 'peak')."""
    return [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]


class _Filler(Mapping):
    """Looks placeholders up in `numbers`, calling a function value once; names what is missing."""

    def __init__(self, numbers: Mapping, where: str):
        self._numbers, self._where, self._done = numbers, where, {}

    def __getitem__(self, name):
        if name not in self._done:
            if name not in self._numbers:
                raise ContentError(f"{self._where}: no number for placeholder {{{name}}}; the "
                                   f"lesson's numbers() gives {sorted(self._numbers)}")
            value = self._numbers[name]
            self._done[name] = value() if callable(value) else value
        return self._done[name]

    def __iter__(self):
        return iter(self._numbers)

    def __len__(self):
        return len(self._numbers)


def fill(text: str, numbers: Mapping, where: str = "text") -> str:
    """`text` with every ``{placeholder}`` replaced by its value in `numbers`."""
    try:
        return text.format_map(_Filler(numbers, where))
    except ContentError:
        raise
    except (ValueError, IndexError, AttributeError) as e:  # a stray { or }, or '{0}', '{a.b}'
        raise ContentError(f"{where}: {e} (write a literal brace as '{{{{' or '}}}}')") from None


def render(lesson: str, key: str, numbers: Mapping) -> str:
    """Block `key` of `lesson`, lines joined as Markdown shows them, placeholders filled."""
    b = block(lesson, key)
    return fill(unwrap(b.text), numbers, b.where)


def table(lesson: str, key: str, numbers: Mapping, rows: str | None = None) -> str:
    """Table block `key` of `lesson`. With `rows` (the name of a ``numbers()`` entry holding a
    list of mappings), the table's last line is a row template, filled once per mapping."""
    b = block(lesson, key)
    lines = [ln.strip() for ln in b.text.strip().splitlines() if ln.strip()]
    if rows is None:
        return fill("\n".join(lines), numbers, b.where)
    head = fill("\n".join(lines[:-1]), numbers, b.where)
    data = _Filler(numbers, b.where)[rows]
    body = [fill(lines[-1], {**numbers, **row}, f"{b.where}, row {i}")
            for i, row in enumerate(data, start=1)]
    return "\n".join([head, *body])


def fold(answer: str) -> str:
    """An answer folded under 'Show the answer' (a <details> element)."""
    return f"<details><summary>Show the answer</summary>\n\n{answer}\n</details>"


def question_numbers(lesson: str, kind: str = "question") -> list[int]:
    """The numbers N of the ``question N`` (or `kind` N) blocks of `lesson`, in order."""
    return [int(k.split()[1]) for k in blocks(lesson) if k.startswith(f"{kind} ")]


def questions(lesson: str, numbers: Mapping) -> str:
    """Every ``question N`` block of `lesson`, each followed by its ``answer N`` folded."""
    parts = []
    for n in question_numbers(lesson):
        parts += [render(lesson, f"question {n}", numbers),
                  fold(render(lesson, f"answer {n}", numbers))]
    return "\n\n".join(parts)


def figure(key: str, *, qualifier: str | None = None) -> Callable[[], str]:
    """A ``numbers()`` value: registry figure `key` as its value and unit ('300 mg', '3%',
    'about 6 months'), looked up (and recorded as used) when first shown."""

    def text() -> str:
        f = sources.figure(key)
        value = sources.format_value(f.value, qualifier)
        sep = "" if f.unit.startswith("%") or f.unit == "°C" else " "
        return f"{value}{sep}{f.unit}".strip()

    return text


def value(key: str, *, qualifier: str | None = "") -> Callable[[], str]:
    """A ``numbers()`` value: registry figure `key`'s number alone, without its unit ('2.45')."""
    return lambda: sources.format_value(sources.value(key), qualifier)


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


def all_text(lesson: str) -> Iterable[Block]:
    """Every block of `lesson` (for tests and editors)."""
    return blocks(lesson).values()
