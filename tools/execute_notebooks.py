#!/usr/bin/env python3
"""Execute notebooks top to bottom in a fresh kernel and save them in place, ready to commit.

    python3 tasks.py execute                                    # every notebook in notebooks/
    python3 tasks.py execute notebooks/00_start_here.ipynb      # (any OS; runs this file in .venv)

The kernel runs in notebooks/ (as in JupyterLab). Widget state is not stored, so the committed
notebook stays small and strict nbval compares only deterministic text outputs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def lesson_title(nb) -> str | None:
    """The lesson's title: its first level-1 heading, without the '# ' (None if it has none)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return None


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    client = NotebookClient(
        nb,
        record_timing=False,
        kernel_name="python3",
        timeout=600,
        store_widget_state=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    title = lesson_title(nb)
    if title:  # the page title in the Voila app and the reading copy
        nb.metadata["title"] = title
    for cell in nb.cells:  # per-cell timings change on every run: noise in every diff
        cell.metadata.pop("execution", None)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"executed {shown}", flush=True)


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in paths:
        execute(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
