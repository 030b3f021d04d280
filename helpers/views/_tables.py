"""Small Markdown tables shared by every lesson's views: a table from rows of cell text, and a live
view's readout as a two-column table (the same compute as the figure beside it)."""

from __future__ import annotations


def markdown_table(header: tuple, rows: list) -> str:
    """A small Markdown table: one header row, then `rows` (sequences of cell text)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def readout_markdown(result: dict) -> str:
    """A view's readout (label, text) pairs as a two-column table."""
    return markdown_table(("What", "Value"), [(label, text) for label, text in result["readout"]])
