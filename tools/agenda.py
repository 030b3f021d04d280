"""Workshop agendas: workshop/agendas.yaml (the data) -> workshop/README.md (what an instructor
reads), with each lesson row's time read from the lesson itself.

    python3 tasks.py agenda            write workshop/README.md from the data and the notebooks
    python3 tasks.py agenda --check    exit 1 if workshop/README.md is out of date

A row is one of:
    {lesson: 02_infusion_timing, section: 3}        a numbered section; its minutes are the
                                                    section's own "*about N min*"
    {lesson: 02_infusion_timing, part: questions}   "Check your understanding": its stated time,
                                                    else what the lesson's total leaves over
    {kind: break | welcome | discussion | wrap-up | buffer, minutes: N, title: ..., prompts: [...]}
A lesson row may also say `minutes:`; the test (tests/test_agendas.py) holds it to the lesson's.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
AGENDAS = ROOT / "workshop" / "agendas.yaml"
README = ROOT / "workshop" / "README.md"

TOTAL = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s+min", re.I)
SECTION = re.compile(r"^##\s+(\d+)\.\s+(.+?)\s*$", re.M)
QUESTIONS = re.compile(r"^##\s+Check your understanding\s*$", re.M)
OWN_TIME = re.compile(r"^\*about\s+(\d+)\s+min\*", re.M)


@dataclass
class Lesson:
    stem: str
    title: str
    total: int | None
    sections: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    questions: int | None = None  # stated time of "Check your understanding", if any

    @property
    def has_section_times(self) -> bool:
        return bool(self.sections) and all(m is not None for _, m in self.sections.values())

    def questions_minutes(self) -> int | None:
        """Stated, else the lesson's total less its sections (None when that is unknown)."""
        if self.questions is not None:
            return self.questions
        if self.total is None or not self.has_section_times:
            return None
        return self.total - sum(m for _, m in self.sections.values())


def read_lesson(path: Path) -> Lesson:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    text = "\n\n".join(cells)
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem)
    total = TOTAL.search(text)
    lesson = Lesson(path.stem, title, int(total.group(1)) if total else None)
    for cell in cells:
        own = OWN_TIME.search(cell)
        minutes = int(own.group(1)) if own else None
        head = SECTION.search(cell)
        if head and cell.lstrip().startswith("## "):
            lesson.sections[int(head.group(1))] = (head.group(2), minutes)
        elif QUESTIONS.search(cell) and cell.lstrip().startswith("## "):
            lesson.questions = minutes
    return lesson


def lessons(folder: Path = NOTEBOOKS) -> dict[str, Lesson]:
    return {p.stem: read_lesson(p) for p in sorted(folder.glob("*.ipynb"))}


def load(path: Path = AGENDAS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def row_minutes(row: dict, known: dict[str, Lesson]) -> int:
    """A row's minutes: the lesson's own for a lesson row, else the row's `minutes`."""
    if "lesson" not in row:
        return int(row["minutes"])
    lesson = known[row["lesson"]]
    if "section" in row:
        minutes = lesson.sections[int(row["section"])][1]
    else:
        minutes = lesson.questions_minutes()
    if minutes is None:  # the lesson states no section times yet: the row must say
        return int(row["minutes"])
    return minutes


def row_title(row: dict, known: dict[str, Lesson]) -> str:
    if "lesson" not in row:
        return row["title"]
    lesson = known[row["lesson"]]
    number = row["lesson"].split("_", 1)[0]
    link = f"[{number}](../notebooks/{row['lesson']}.ipynb)"
    if "section" in row:
        return f"Lesson {link}, section {row['section']}: {lesson.sections[int(row['section'])][0]}"
    return f"Lesson {link}: check your understanding (answers fold out)"


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def render(data: dict, known: dict[str, Lesson]) -> str:
    out = [
        "# Workshop agendas",
        "",
        "<!-- Written by `python3 tasks.py agenda` from agendas.yaml and the lessons' own times; "
        "edit those, not this file. -->",
        "",
        data.get("intro", "").strip(),
        "",
    ]
    for key, plan in data["plans"].items():
        rows = plan["rows"]
        total = sum(row_minutes(r, known) for r in rows)
        out += [f"## {plan['title']}", "", plan.get("for", "").strip(), "",
                f"Total: {total} minutes ({clock(total)}). Plan key: `{key}`.", "",
                "| Start | Min | What | Notes |", "|---|---|---|---|"]
        start = 0
        for row in rows:
            minutes = row_minutes(row, known)
            notes = row.get("note", "")
            if row.get("prompts"):
                notes = (notes + " " if notes else "") + " ".join(
                    f"({i}) {p}" for i, p in enumerate(row["prompts"], 1))
            kind = row.get("kind", "lesson")
            what = row_title(row, known)
            if kind in ("break", "discussion"):
                what = f"**{kind.capitalize()}:** {what}"
            out.append(f"| {clock(start)} | {minutes} | {what} | {notes} |")
            start += minutes
        out.append("")
    out += [data.get("outro", "").strip(), ""]
    return "\n".join(out).replace("\n\n\n", "\n\n")


def main(argv: list[str]) -> int:
    text = render(load(), lessons())
    if "--check" in argv:
        current = README.read_text(encoding="utf-8") if README.exists() else ""
        if current != text:
            print("workshop/README.md is out of date: run `python3 tasks.py agenda`",
                  file=sys.stderr)
            return 1
        return 0
    README.write_text(text, encoding="utf-8")
    print(f"wrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
