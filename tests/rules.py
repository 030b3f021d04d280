"""The rules every text a learner reads is held to, in one place for the whole test suite
(`from rules import VERDICT`): no verdicts, one risk format, reading level by audience, and
numbers with units never typed into a lesson's content file.

A plain module, not conftest.py, so tests import it like `paths`.
"""
import re

# No verdicts: a readout or answer gives numbers for a model or a named population, never a
# yes/no or a "still above the level" that a reader could take as being about themselves.
VERDICT = re.compile(r"\byes\b|\bno,|\bsafe\b|well above|still above|protected", re.I)

# One risk format, "N of 1,000 people over [period]": never "1 in N".
ONE_IN_N = re.compile(r"\b1 in \d")

# Reading level (Flesch-Kincaid grade, textstat 0.7.3): text for people on treatment and their
# carers at grade 8 or below, science sections (for students and professionals) at 12 or below.
PLAIN_MAX_GRADE = 8.0
SCIENCE_MAX_GRADE = 12.0
MIN_WORDS = 30  # shorter texts (headings, one-line prompts) give unstable grades


def prose(markdown: str) -> str:
    """The words of `markdown` a reader reads, without LaTeX, tags, link targets or table rules."""
    text = re.sub(r"\$\$.*?\$\$", " ", markdown, flags=re.S)  # display LaTeX: not prose
    text = re.sub(r"\$[^$\n]+\$", " ", text)                 # inline LaTeX
    text = re.sub(r"<[^>]+>", " ", text)                     # HTML tags (details/summary)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)   # links: keep the words
    text = re.sub(r"^\|?[-| :]+\|?$", " ", text, flags=re.M)  # table rules
    return re.sub(r"[#*|>`_]", " ", text)


def rows_as_sentences(markdown: str) -> str:
    """Each Markdown table row as one sentence (its cells joined by commas), so a table is graded
    row by row, the way it is read, not as one endless sentence."""
    def sentence(match):
        cells = [c.strip() for c in match.group(0).strip().strip("|").split("|") if c.strip()]
        return ", ".join(cells) + "." if cells else ""
    rows = re.sub(r"^\|?[-| :]+\|?$", "", markdown, flags=re.M)
    return re.sub(r"^\|.*\|$", sentence, rows, flags=re.M)


def grade_limit(audience: str) -> float:
    return SCIENCE_MAX_GRADE if audience == "science" else PLAIN_MAX_GRADE


# A number with a unit or %, typed in: in a content file it must be a {placeholder} filled from
# the registry or a model (or be one of the allowed constants of tests/test_content.py).
_NUMBER = r"(?<![\w.,])\d+(?:[.,]\d+)*(?:st|nd|rd|th)?"
_UNIT = (r"(?:%|µg/mL|mg/min|mg\b|mL\b|kg\b|×10⁹/L|per 1,000\b|times\b|"
         r"(?:day|week|month|hour|year|minute)s?\b)")
TYPED_NUMBER = re.compile(rf"{_NUMBER}\s?[-–]?\s?{_UNIT}|\b(?:week|month|day)[- ]\d+(?:[.,]\d+)*")


def typed_numbers(template: str) -> list[str]:
    """Numbers with a unit written into `template` itself (its {placeholders} left out)."""
    return [m.group(0) for m in TYPED_NUMBER.finditer(re.sub(r"\{[^{}]*\}", "X", template))]
