#!/usr/bin/env python3
"""Layout of every lesson in JupyterLab and in Voila, measured in Chromium at one window size.

    .venv/bin/python -m benchmarks.front_end_layout [--width 1280 --height 800]

Prints numbers, passes or fails nothing (CONTRIBUTING.md, "Two front ends, one lesson", names the
targets: a reading column of about 90 characters a line, text 16 px or more, sliders 300 px or
more). Per lesson and front end: prose font size and characters per line, slider track widths,
live-figure image widths (and how many are scaled down), horizontal overflow, and axe-core's
serious/critical findings inside the lesson by rule. Run from the repository root: it uses the
browser tests' harness (tests/browser/harness.py).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

try:
    from tests.browser import harness
except ModuleNotFoundError as exc:
    raise SystemExit(f"{exc}: run from the repository root as "
                     "`.venv/bin/python -m benchmarks.front_end_layout`") from exc


JS_MEASURE = harness.LAYOUT_JS


def stats(xs, fmt="{:.0f}"):
    if not xs:
        return "-"
    return (f"{fmt.format(min(xs))}-{fmt.format(max(xs))} "
            f"(median {fmt.format(statistics.median(xs))})")


def axe_counts(page, root: str) -> str:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, context=root, options={"resultTypes": ["violations"]}).response
    c = Counter()
    for v in found["violations"]:
        if v.get("impact") in ("serious", "critical"):
            c[f"{v['id']} ({v['impact']})"] += len(v["nodes"])
    return ", ".join(f"{k}: {n}" for k, n in sorted(c.items())) or "none"


def row(front: str, name: str, m: dict, axe: str) -> str:
    scaled = sum(1 for w, n in m["imgs"] if n and w < n - 1)
    return (f"| {name} | {front} | {stats(m['font'])} | {stats(m['cpl'])} | {stats(m['sliders'])} "
            f"| {stats([w for w, _ in m['imgs']])} ({scaled}/{len(m['imgs'])} scaled down) "
            f"| {'yes' if m['overflow'] else 'no'} | {m['sticking']} | {axe} |")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=800)
    args = ap.parse_args(argv)
    chromium, reason = harness.find_chromium()
    if chromium is None:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="nz-layout-"))
    nb_dir = work / "notebooks"
    counts = harness.copy_notebooks(harness.BROWSER_NOTEBOOKS, nb_dir)
    (work / "lab").mkdir()
    (work / "voila").mkdir()
    lab = harness.lab_server(work / "lab", nb_dir)
    voila = harness.voila_server(work / "voila", nb_dir)
    rows = []
    try:
        lab.start()
        voila.start()
        with sync_playwright() as pw:
            ctx = harness.launch_chromium(pw, work / "profile", chromium,
                                          {"width": args.width, "height": args.height})
            ctx.set_default_timeout(harness.TIMEOUT_S * 1000)
            for path in harness.BROWSER_NOTEBOOKS:
                name = path.name
                print(f"{name} ...", file=sys.stderr, flush=True)
                page = ctx.new_page()
                kernel_id = harness.render_in_voila(page, voila, name)
                harness.wait_for_widgets(
                    page, harness.kernel_widget_counts(voila.runtime_dir, kernel_id))
                rows.append(row("Voila", name, page.evaluate(JS_MEASURE, "#rendered_cells"),
                                axe_counts(page, "#rendered_cells")))
                harness.shutdown_voila_kernel(voila, kernel_id)
                page.close()

                page = ctx.new_page()
                harness.open_notebook(page, lab, name)
                session_id, kernel_id = harness.session_kernel_id(lab, name)
                harness.run_all(page)
                harness.wait_until_run(page, counts[name])
                harness.wait_for_widgets(
                    page, harness.kernel_widget_counts(lab.runtime_dir, kernel_id))
                rows.append(row("JupyterLab", name, page.evaluate(JS_MEASURE, ".jp-Notebook"),
                                axe_counts(page, ".jp-Notebook")))
                harness.close_session(lab, session_id)
                page.close()
            ctx.close()
    finally:
        lab.stop()
        voila.stop()
        shutil.rmtree(work, ignore_errors=True)

    print(f"\n## Lessons at {args.width}x{args.height} (Chromium, headless)\n")
    print("| lesson | front end | prose font px | characters per line | slider track px "
          "| figure image px | horizontal overflow | outputs sticking out "
          "| axe serious/critical in the lesson |")
    print("|---|---|---|---|---|---|---|---:|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
