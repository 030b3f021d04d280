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

# Every risk number names its time period: a number "of 1,000" or "per 1,000" (people) shares its
# line (a readout line, a caption) with a period: "during months 25 to 48", "over all treatment
# time together", "from month 1 to month 30", "over more than 2 years", "per year",
# "person-years", "for that period", a stratum "25-48 months of treatment".
RISK_NUMBER = re.compile(r"\d[\d.,]*\s+(?:of|per|in)\s+1,000\b(?!\s*person-years)")
PERIOD = re.compile(
    r"\b(?:during|over|from|in|by|within|for|after)\b[^;|\d]{0,30}?(?:\d[\d.,]*[^;|\d]{0,20}?)?"
    r"\b(?:months?|years?|weeks?|treatment time|period|follow-up)\b|person-years|\bper year\b"
    r"|\b\d+\s?[-–]\s?\d+ months\b",    # a stratum: '25-48 months of treatment'
    re.I)


def risks_without_period(units) -> list[str]:
    """The texts of `units` (readout lines, figure captions; one string is one unit) that give a
    risk number "of/per 1,000" but name no time period."""
    units = [units] if isinstance(units, str) else units
    return [u for u in units if RISK_NUMBER.search(u) and not PERIOD.search(u)]


# No estimate, no dots: a view that draws icon arrays gives, per array, its colours (None when
# no person is drawn) and whether a published estimate exists ("found"). Where none exists the
# array draws nobody, neither with PML nor without: 1,000 people without PML would show zero risk.
def dots_without_estimate(result) -> list[str]:
    """The icon arrays of a compute result that draw people where no estimate exists (or that do
    not say whether one exists)."""
    icons = result.get("icons", {})
    found = result.get("found", {})
    return [name for name, colours in icons.items()
            if name not in found or (not found[name] and colours is not None)]


def shown_texts(result) -> list[str]:
    """Every text of a compute result a reader reads, one unit each: readout lines ("label:
    text"), then figure texts (a caption over several lines is one unit)."""
    readout = result["readout"]
    units = [readout] if isinstance(readout, str) else [f"{k}: {v}" for k, v in readout]
    return units + [str(t) for t in result.get("texts", {}).values()]


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
