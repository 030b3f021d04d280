#!/usr/bin/env python3
"""How long a reader waits for each lesson in the Voila app, measured in Chromium.

    .venv/bin/python -m benchmarks.app_ready_time [--runs 3] [--lessons 01 03]

Prints numbers, passes or fails nothing. "Ready" is what the browser tests wait for
(tests/browser/harness.py, open_in_voila): from the request until every cell has run, every
widget the kernel made is on the page and every image has loaded. Each run renders the lesson in
a fresh page and kernel; the table gives the median and the slowest of the runs. The budget the
browser test holds is 5 s (tests/browser/test_app.py, READY_BUDGET_S). Run from the repository
root: it uses the browser tests' harness.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

try:
    from tests.browser import harness
except ModuleNotFoundError as exc:
    raise SystemExit(f"{exc}: run from the repository root as "
                     "`.venv/bin/python -m benchmarks.app_ready_time`") from exc

BUDGET_S = 5.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="renders per lesson (default 3)")
    ap.add_argument("--lessons", nargs="*", default=[],
                    help="lesson number prefixes such as 01 03 (default: every lesson)")
    args = ap.parse_args(argv)
    chromium, reason = harness.find_chromium()
    if chromium is None:
        raise SystemExit(reason)
    from playwright.sync_api import sync_playwright

    notebooks = [p for p in harness.BROWSER_NOTEBOOKS
                 if not args.lessons or any(p.name.startswith(x) for x in args.lessons)]
    base = Path(tempfile.mkdtemp(prefix="app-ready-"))
    try:
        nb_dir = base / "notebooks"
        harness.copy_notebooks(notebooks, nb_dir)
        (base / "voila").mkdir()
        server = harness.voila_server(base / "voila", nb_dir).start()
        rows = []
        try:
            with sync_playwright() as pw:
                context = harness.launch_chromium(pw, base / "profile", chromium)
                for nb in notebooks:
                    times = []
                    for _ in range(args.runs):
                        opened = harness.open_in_voila(context, server, nb.name)
                        times.append(opened.ready_s)
                        harness.close_in_voila(server, opened)
                    rows.append((nb.name, times))
                context.close()
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"Ready in the Voila app ({args.runs} runs each, {os.cpu_count()} cores; "
          f"budget {BUDGET_S:g} s)\n")
    print("| lesson | median (s) | slowest (s) | within budget |")
    print("|---|---|---|---|")
    for name, times in rows:
        print(f"| {name} | {statistics.median(times):.1f} | {max(times):.1f} | "
              f"{'yes' if max(times) <= BUDGET_S else 'no'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
