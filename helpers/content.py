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
    """The lessons that have a content file, sorted ('00_start_here', ...).

    A lesson's name is its notebook's file name without ``.ipynb``.

    Examples
    --------
    >>> lessons()[0]
    '00_start_here'
    >>> "02b_infusion_timing_science" in lessons()
    True
    """
    return sorted(p.stem for p in CONTENT_DIR.glob("*.md"))


def path(lesson: str) -> Path:
    """The content file of `lesson` (whether or not it exists yet).

    Examples
    --------
    >>> path("00_start_here").relative_to(CONTENT_DIR.parent.parent).as_posix()
    'helpers/content/00_start_here.md'
    """
    return CONTENT_DIR / f"{lesson}.md"


@lru_cache(maxsize=None)
def blocks(lesson: str) -> dict[str, Block]:
    """Every block of `lesson`'s content file by key, in file order.

    Parameters
    ----------
    lesson : str
        The lesson's name, e.g. ``"00_start_here"``.

    Returns
    -------
    dict of str to Block
        Read once per process (cached).

    Raises
    ------
    ContentError
        The lesson has no content file, or the file is malformed.

    Examples
    --------
    >>> b = blocks("00_start_here")["question 1"]
    >>> b.audience, b.where
    ('plain', "helpers/content/00_start_here.md, block 'question 1' (line ...)")
    >>> blocks("99_no_such_lesson")
    Traceback (most recent call last):
    ...
    helpers.content.ContentError: no content file helpers/content/99_no_such_lesson.md; have: [...]
    """
    file = path(lesson)
    if not file.exists():
        raise ContentError(f"no content file helpers/content/{lesson}.md; have: {lessons()}")
    return parse(file.read_text(encoding="utf-8"), lesson)


def parse(text: str, lesson: str = "<text>") -> dict[str, Block]:
    """The blocks of a content file's `text` (see the module docstring for the format).

    Parameters
    ----------
    text : str
        The whole file: an editors' note, then ``## key`` blocks.
    lesson : str, optional
        The lesson's name, used in messages.

    Returns
    -------
    dict of str to Block
        By key, in file order; a key ending in ``(science)`` loses that suffix and gets the
        audience ``"science"``.

    Examples
    --------
    >>> text = '''Notes for editors (never shown).
    ...
    ... ## answer 1
    ...
    ... The level falls from {peak} to {trough}.
    ...
    ... ## answer 2 (science)
    ...
    ... The model: {equation}.
    ... '''
    >>> found = parse(text, "99_example")
    >>> list(found), found["answer 2"].audience, found["answer 1"].text
    (['answer 1', 'answer 2'], 'science', 'The level falls from {peak} to {trough}.')
    """
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
    """Block `key` of `lesson`; a :class:`ContentError` listing the blocks if there is none.

    Examples
    --------
    >>> block("00_start_here", "interval in weeks").text
    '(every {weeks} weeks)'
    >>> block("00_start_here", "question 99")
    Traceback (most recent call last):
    ...
    helpers.content.ContentError: helpers/content/00_start_here.md has no block 'question 99'; ...
    """
    try:
        return blocks(lesson)[key]
    except KeyError:
        raise ContentError(f"helpers/content/{lesson}.md has no block {key!r}; blocks: "
                           f"{list(blocks(lesson))}") from None


def unwrap(text: str) -> str:
    """Join the lines of each paragraph with a space, as Markdown shows them; list items, table
    rows and quotations keep their own lines; paragraphs stay apart.

    Examples
    --------
    >>> print(unwrap("A paragraph written\\non two lines.\\n\\n- a list item\\n- another"))
    A paragraph written on two lines.
    <BLANKLINE>
    - a list item
    - another
    """
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
    """The placeholder names in `text`, in order ('{peak}' -> 'peak').

    Examples
    --------
    >>> placeholders("The level falls from {peak} to {trough}.")
    ['peak', 'trough']
    """
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
    """`text` with every ``{placeholder}`` replaced by its value in `numbers`.

    Parameters
    ----------
    text : str
        Markdown with ``{placeholders}`` (a literal brace is written ``{{`` or ``}}``).
    numbers : Mapping
        Placeholder name to text, or to a function of no arguments returning it (called only
        when its placeholder is shown, so only the registry figures a text shows are recorded
        as used).
    where : str, optional
        Where the text comes from, for messages (a block's ``where``).

    Raises
    ------
    ContentError
        A placeholder has no number, or a brace is unmatched; the message says where.

    Examples
    --------
    >>> fill("The level falls from {peak} to {trough}.", {"peak": "110 µg/mL",
    ...                                                   "trough": lambda: "26.6 µg/mL"})
    'The level falls from 110 µg/mL to 26.6 µg/mL.'
    >>> fill("Covered: {cover}.", {}, where="helpers/content/99_example.md, block 'answer 1'")
    Traceback (most recent call last):
    ...
    helpers.content.ContentError: ...: no number for placeholder {cover}; ...
    """
    try:
        return text.format_map(_Filler(numbers, where))
    except ContentError:
        raise
    except (ValueError, IndexError, AttributeError) as e:  # a stray { or }, or '{0}', '{a.b}'
        raise ContentError(f"{where}: {e} (write a literal brace as '{{{{' or '}}}}')") from None


def render(lesson: str, key: str, numbers: Mapping) -> str:
    """Block `key` of `lesson`, lines joined as Markdown shows them, placeholders filled.

    `numbers` is usually the lesson's own ``numbers()``, from its views module.

    Examples
    --------
    >>> from helpers.views import start_here
    >>> render("00_start_here", "interval in weeks", {"weeks": "4"})
    '(every 4 weeks)'
    >>> render("00_start_here", "question 2", start_here.numbers())
    '**2. Set the slider to 4 weeks. In the model of an average 70 kg adult, about how many ...'
    """
    b = block(lesson, key)
    return fill(unwrap(b.text), numbers, b.where)


def table(lesson: str, key: str, numbers: Mapping, rows: str | None = None) -> str:
    """Table block `key` of `lesson`. With `rows` (the name of a ``numbers()`` entry holding a
    list of mappings), the table's last line is a row template, filled once per mapping.

    Examples
    --------
    >>> from helpers.views import start_here
    >>> print(table("00_start_here", "dose table", start_here.numbers()))
    | What | Usual | Where it was read |
    |---|---|---|
    | Dose | 300 mg | Tysabri Dosage (drugs.com page ...) |
    ...

    With `rows`, the last line of the block is filled once per row (lesson 02's ``late table``
    has the row template ``| {when} | {trough} | {range} | {cover} |``):

    >>> rows = [{"when": "on time", "trough": "a", "range": "b", "cover": "c"},
    ...         {"when": "7 days late", "trough": "d", "range": "e", "cover": "f"}]
    >>> print(table("02_infusion_timing", "late table",
    ...             {"reference_weight": "70 kg", "spread": "s", "late_rows": rows},
    ...             rows="late_rows"))
    | The infusion | Lowest level before it (model, average 70 kg adult) | ...
    |---|---|---|---|
    | on time | a | b | c |
    | 7 days late | d | e | f |
    """
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
    """An answer folded under 'Show the answer' (a <details> element).

    Examples
    --------
    >>> print(fold("**b.** Because of saturation."))
    <details><summary>Show the answer</summary>
    <BLANKLINE>
    **b.** Because of saturation.
    </details>
    """
    return f"<details><summary>Show the answer</summary>\n\n{answer}\n</details>"


def question_numbers(lesson: str, kind: str = "question") -> list[int]:
    """The numbers N of the ``question N`` (or `kind` N) blocks of `lesson`, in order.

    Examples
    --------
    >>> question_numbers("00_start_here")[:2]
    [1, 2]
    """
    return [int(k.split()[1]) for k in blocks(lesson) if k.startswith(f"{kind} ")]


def questions(lesson: str, numbers: Mapping) -> str:
    """Every ``question N`` block of `lesson`, each followed by its ``answer N`` folded.

    This is what a lesson's "Check your understanding" cell shows (through its views module's
    ``questions_markdown()``); every ``question N`` needs an ``answer N``.

    Examples
    --------
    >>> from helpers.views import start_here
    >>> print(questions("00_start_here", start_here.numbers()))
    **1. Natalizumab works by ...**
    ...
    <details><summary>Show the answer</summary>
    ...
    """
    parts = []
    for n in question_numbers(lesson):
        parts += [render(lesson, f"question {n}", numbers),
                  fold(render(lesson, f"answer {n}", numbers))]
    return "\n\n".join(parts)


def figure(key: str, *, qualifier: str | None = None) -> Callable[[], str]:
    """A ``numbers()`` value: registry figure `key` as its value and unit ('300 mg', '3%',
    'about 6 months'), looked up (and recorded as used) when first shown.

    Examples
    --------
    >>> numbers = {"dose": figure("dose.mg"), "rate": figure("dose.rate_mg_per_min")}
    >>> fill("{dose} at {rate}", numbers)
    '300 mg at about 5 mg/min'
    """

    def text() -> str:
        f = sources.figure(key)
        value = sources.format_value(f.value, qualifier)
        sep = "" if f.unit.startswith("%") or f.unit == "°C" else " "
        return f"{value}{sep}{f.unit}".strip()

    return text


def value(key: str, *, qualifier: str | None = "") -> Callable[[], str]:
    """A ``numbers()`` value: registry figure `key`'s number alone, without its unit ('2.45').

    By default without the figure's qualifier; pass ``qualifier=None`` to keep it.

    Examples
    --------
    >>> fill("every {days} days", {"days": value("dose.interval_days")})
    'every 28 days'
    >>> value("dose.rate_mg_per_min")(), value("dose.rate_mg_per_min", qualifier=None)()
    ('5', 'about 5')
    """
    return lambda: sources.format_value(sources.value(key), qualifier)


def all_text(lesson: str) -> Iterable[Block]:
    """Every block of `lesson` (for tests and editors).

    Examples
    --------
    >>> {b.audience for b in all_text("02b_infusion_timing_science")} >= {"science"}
    True
    """
    return blocks(lesson).values()


# Readout, fields and facts blocks: helpers/content_blocks.py, still importable from here,
# loaded on first use (PEP 562; an eager import would be circular).
_MOVED_TO_BLOCKS = frozenset(("readout", "fields", "facts", "facts_rows", "main_message"))


def __getattr__(name: str):
    if name in _MOVED_TO_BLOCKS:
        from . import content_blocks
        return getattr(content_blocks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
