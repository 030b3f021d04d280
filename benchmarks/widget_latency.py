#!/usr/bin/env python3
"""Key-to-visible latency of every live figure, in JupyterLab and Chromium, against `interact`.

    .venv/bin/python -m benchmarks.widget_latency [--views NAME,...] [--moves 30] [--json out.json]

Run it from the repository root: it imports the browser tests' harness (tests/browser/harness.py)
for the same servers, Chromium flags, Run All and kernel client as the tests.

Prints numbers, passes or fails nothing. For each view in ``helpers.views.REGISTRY`` it builds a
scratch notebook (never touching notebooks/) that shows, in one kernel:

* the view as a ``LiveFigure`` (helpers/widgets.py: blitted frames in an ``ipywidgets.Image``), and
* the same figure the common way: ``ipywidgets.interactive`` around a function that makes a new
  matplotlib figure with the same ``draw`` and shows it inline (``plt.show()``), once per move.

It then drives the first slider of each with the keyboard and measures, in the page:

* **single move**: ``performance.now()`` at ``keydown`` until the new frame is visible (a
  MutationObserver sees the image change, ``img.decode()`` resolves and the next animation frame
  runs). Each move waits for the previous one to settle. Median and p90.
* **ten moves at once**: ten ArrowRight presses as fast as Playwright can send them; time from the
  first keydown until the last frame is visible, where "last" means no further frame arrives in the
  next 500 ms (that quiet window is not counted). The kernel's last rendered value is checked
  against the slider's final value.

and, in the kernel (timing wrappers on the view instance, not on helpers' code): compute, update
(set_data), Agg blit or full draw, PNG encode and bytes, widget send; so a slow result can be split
into kernel render, transfer and browser decode. Targets (CONTRIBUTING.md, Performance): median
<= 100 ms, >= 4x faster than interact, ten-move settle <= 300 ms.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

try:  # the shipped frame encoder (it may move from helpers.widgets to helpers.png)
    from helpers.png import encode_png
except ImportError:
    from helpers.widgets import encode_png
try:
    from tests.browser import harness
except ModuleNotFoundError as exc:  # run as a file path, or from another folder
    raise SystemExit(f"{exc}: run from the repository root as "
                     "`.venv/bin/python -m benchmarks.widget_latency`") from exc

TARGET_MEDIAN_MS, TARGET_RATIO, TARGET_SETTLE_MS = 100.0, 4.0, 300.0


# ---------------------------------------------------------------------------------------------
# The scratch notebook
# ---------------------------------------------------------------------------------------------
SETUP = r'''
import time
import ipywidgets as W
import matplotlib.pyplot as plt
from helpers.views import REGISTRY

BENCH, BENCH_LAST = {}, {}
ENCODER = {encoder!r}

def _png_pillow(rgba, compress_level=1):
    """The encoder shipped before helpers' own (--encoder pillow): Pillow, RGB, compress_level 1."""
    import io
    from PIL import Image
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="PNG", compress_level=compress_level)
    return buf.getvalue()

def _timed(store, key, fn):
    def wrapper(*a, **k):
        t = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            store.setdefault(key, []).append((time.perf_counter() - t) * 1000)
    return wrapper

def bench_live(i, name):
    v = REGISTRY[name].build()
    st = BENCH.setdefault(f"live:{name}", {})
    v.compute = _timed(st, "compute_ms", v.compute)
    v._update = _timed(st, "update_ms", v._update)
    png = v.png if ENCODER == "shipped" else (lambda compress_level=1: _png_pillow(v.rgba()))
    def timed_png(compress_level=1):
        t = time.perf_counter()
        data = png(compress_level)
        st.setdefault("png_ms", []).append((time.perf_counter() - t) * 1000)
        st.setdefault("png_bytes", []).append(len(data))
        return data
    v.png = timed_png
    v._push = _timed(st, "push_ms", v._push)
    work = _timed(st, "render_ms", v._scheduler._work)
    def last(params):
        BENCH_LAST[f"live:{name}"] = dict(params)
        work(params)
    v._scheduler._work = last
    v.widget().add_class(f"bench-live-{i}")
    return v

def bench_interact(i, name):
    spec = REGISTRY[name]
    st = BENCH.setdefault(f"interact:{name}", {})
    w, h = spec.size_px
    def replot(**p):
        t = time.perf_counter()
        fig = plt.figure(figsize=(w / 100, h / 100), dpi=100, layout="constrained")
        spec.draw(fig, spec.compute(**p))
        plt.show()
        st.setdefault("replot_ms", []).append((time.perf_counter() - t) * 1000)
        BENCH_LAST[f"interact:{name}"] = dict(p)
    ui = W.interactive(replot, **{c.name: c.make_widget() for c in spec.controls})
    ui.add_class(f"bench-interact-{i}")
    return ui

def bench_reset():
    for st in BENCH.values():
        st.clear()
    BENCH_LAST.clear()
    return True
'''


def notebook(names: list[str], encoder: str = "shipped", density: float = 1) -> dict:
    def code(src):  # nbformat 4.5 wants an id on every cell
        return {"cell_type": "code", "id": f"bench-{len(cells)}", "metadata": {}, "source": src,
                "outputs": [], "execution_count": None}

    setup = SETUP.strip().replace("{encoder!r}", repr(encoder))
    cells: list = []
    cells.append(code(setup))
    cells.append(code(f"import helpers.widgets\nhelpers.widgets.PIXEL_DENSITY = {density!r}"))
    for i, name in enumerate(names):
        cells.append(code(f"live_{i} = bench_live({i}, {name!r})\nlive_{i}"))
        cells.append(code(f"bench_interact({i}, {name!r})"))
    return {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}}}


# ---------------------------------------------------------------------------------------------
# In the page: key and frame times
# ---------------------------------------------------------------------------------------------
JS_HARNESS = r"""() => {
  if (window.__nzBench) return;
  const S = {keys: [], events: [], obs: null};
  document.addEventListener('keydown', () => S.keys.push(performance.now()), true);
  S.watch = (sel) => {
    const container = document.querySelector(sel);
    if (S.obs) S.obs.disconnect();
    const img0 = container.querySelector('img');
    S.lastImg = img0; S.lastSrc = img0 ? img0.getAttribute('src') : null;
    S.obs = new MutationObserver(() => {
      const img = container.querySelector('img');
      if (!img) return;
      const src = img.getAttribute('src');
      if (img === S.lastImg && src === S.lastSrc) return;
      S.lastImg = img; S.lastSrc = src;
      const rec = {tMut: performance.now(), tVis: null, ok: true};
      S.events.push(rec);
      img.decode().catch(() => { rec.ok = false; })
         .then(() => requestAnimationFrame(() => { rec.tVis = performance.now(); }));
    });
    S.obs.observe(container, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ['src']});
  };
  S.reset = () => { S.keys = []; S.events = []; };
  S.state = () => ({keys: S.keys, events: S.events, now: performance.now()});
  window.__nzBench = S;
}"""


def wait_quiet(page, quiet_ms: float, timeout_s: float = 30.0) -> dict:
    """Poll until at least one frame arrived after a key, every frame is decoded, and none arrived
    for `quiet_ms`. Returns the page state (keys, events)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        st = page.evaluate("() => window.__nzBench.state()")
        ev = st["events"]
        if st["keys"] and ev and all(e["tVis"] is not None or not e["ok"] for e in ev) \
                and st["now"] - ev[-1]["tMut"] >= quiet_ms:
            return st
        page.wait_for_timeout(20)
    raise TimeoutError(f"no settled frame within {timeout_s:.0f} s: {st}")


def slider_state(handle):
    vals = [handle.get_attribute(a) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax")]
    return [float(v) for v in vals]


def single_moves(page, handle, container: str, n: int, quiet_ms: float = 300,
                 warmup: int = 2) -> dict:
    """`n` single moves, each after the previous one settled; the first `warmup` are not counted."""
    page.evaluate("sel => window.__nzBench.watch(sel)", container)
    handle.scroll_into_view_if_needed()
    page.evaluate("sel => document.querySelector(sel).scrollIntoView({block: 'center'})", container)
    handle.focus()
    direction = "ArrowRight"
    lat, decode, to_mut = [], [], []
    for move in range(warmup + n):
        value, lo, hi = slider_state(handle)
        if direction == "ArrowRight" and value >= hi:
            direction = "ArrowLeft"
        elif direction == "ArrowLeft" and value <= lo:
            direction = "ArrowRight"
        page.evaluate("() => window.__nzBench.reset()")
        page.keyboard.press(direction)
        st = wait_quiet(page, quiet_ms)
        first = next((e for e in st["events"] if e["ok"]), None)
        if first is None or move < warmup:
            continue
        lat.append(first["tVis"] - st["keys"][0])
        to_mut.append(first["tMut"] - st["keys"][0])
        decode.append(first["tVis"] - first["tMut"])
    return {"latency_ms": lat, "key_to_dom_ms": to_mut, "decode_paint_ms": decode}


def ten_moves(page, handle, container: str, quiet_ms: float = 500) -> dict:
    page.evaluate("sel => window.__nzBench.watch(sel)", container)
    handle.focus()
    value, lo, hi = slider_state(handle)
    step_room_right = hi - value
    direction = "ArrowRight" if step_room_right >= (value - lo) else "ArrowLeft"
    page.wait_for_timeout(300)
    page.evaluate("() => window.__nzBench.reset()")
    for _ in range(10):
        page.keyboard.press(direction)
    st = wait_quiet(page, quiet_ms, timeout_s=60)
    shown = [e for e in st["events"] if e["ok"]]
    return {"settle_ms": shown[-1]["tVis"] - st["keys"][0], "frames": len(shown),
            "keys": len(st["keys"]), "final_value": slider_state(handle)[0]}


def median(xs):
    return float(np.median(xs)) if len(xs) else float("nan")


def p90(xs):
    return float(np.percentile(xs, 90)) if len(xs) else float("nan")


def offline_encodes(names) -> dict:
    """Kernel-free cost of one frame per view: blit, PNG (as shipped), PNG smaller, JPEG."""
    from helpers.views import REGISTRY

    out = {}
    for name in names:
        v = REGISTRY[name].build()
        rgba = v.rgba()
        rows = {}
        for label, fn in [
            ("png_shipped", lambda: encode_png(rgba)),
            ("png_pillow", lambda: _png_pillow(rgba)),
            ("png1_rgb_quant", lambda: _png_quantized(rgba)),
            ("jpeg85", lambda: _jpeg(rgba, 85)),
        ]:
            times, size = [], 0
            for _ in range(15):
                t = time.perf_counter()
                size = len(fn())
                times.append((time.perf_counter() - t) * 1000)
            rows[label] = (median(times), size)
        t_blit = []
        for _ in range(15):
            t = time.perf_counter()
            v._blit_artists()
            t_blit.append((time.perf_counter() - t) * 1000)
        t_full = []
        for _ in range(5):
            t = time.perf_counter()
            v._full_draw()
            t_full.append((time.perf_counter() - t) * 1000)
        rows["blit_ms"], rows["full_draw_ms"] = median(t_blit), median(t_full)
        out[name] = rows
    return out


def _jpeg(rgba, quality):
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def _png_pillow(rgba):
    """The encoder shipped before helpers' own: Pillow, RGB, compress_level 1."""
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _png_quantized(rgba):
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).quantize(colors=64, method=Image.Quantize.FASTOCTREE) \
        .save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def machine_info(page) -> dict:
    import ipywidgets
    import jupyterlab
    import matplotlib

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    brands = page.evaluate("async () => (await navigator.userAgentData.getHighEntropyValues("
                           "['fullVersionList'])).fullVersionList")
    chrome = next((b["version"] for b in brands
                   if b["brand"] in ("Chromium", "Google Chrome")), "?")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cores": cores, "cpu": model or platform.processor(),
            "python": platform.python_version(),
            "jupyterlab": jupyterlab.__version__, "ipywidgets": ipywidgets.__version__,
            "matplotlib": matplotlib.__version__, "chromium": chrome, "os": platform.platform()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--views", help="comma-separated REGISTRY names (default: all)")
    ap.add_argument("--moves", type=int, default=30,
                    help="single moves per LiveFigure (default 30)")
    ap.add_argument("--interact-moves", type=int, default=15,
                    help="single moves per interact figure (default 15; each takes ~1 s)")
    ap.add_argument("--bursts", type=int, default=3, help="ten-move bursts per figure (default 3)")
    ap.add_argument("--encoder", choices=("shipped", "pillow"), default="shipped",
                    help="frame encoder: helpers' own (default), or Pillow at compress_level=1 "
                         "(the encoder shipped before) patched onto each view instance")
    ap.add_argument("--density", type=float, default=1,
                    help="frame pixels per CSS pixel (helpers.widgets.PIXEL_DENSITY; default 1)")
    ap.add_argument("--json", help="also write the raw numbers here")
    args = ap.parse_args(argv)

    from helpers.views import REGISTRY

    figures = [n for n, spec in REGISTRY.items() if spec.draw is not None]   # live figures only
    names = args.views.split(",") if args.views else figures
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        ap.error(f"unknown views {unknown}; registered: {sorted(REGISTRY)}")
    chromium, reason = harness.find_chromium()
    if chromium is None:
        print(f"cannot run: {reason}", file=sys.stderr)
        return 2

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="nz-widget-latency-"))
    nb_dir = work / "notebooks"
    nb_dir.mkdir()
    bench = notebook(names, args.encoder, args.density)
    (nb_dir / "bench.ipynb").write_text(json.dumps(bench, indent=1))
    lab = harness.lab_server(work, nb_dir)
    results: dict = {"views": {}, "encoder": args.encoder}
    try:
        print(f"Starting JupyterLab and Chromium ({len(names)} views) ...",
              file=sys.stderr, flush=True)
        lab.start()
        with sync_playwright() as pw:
            ctx = harness.launch_chromium(pw, work / "profile", chromium)
            page = ctx.new_page()
            page.set_default_timeout(120_000)
            harness.open_notebook(page, lab, "bench.ipynb")
            _, kernel_id = harness.session_kernel_id(lab, "bench.ipynb")
            harness.run_all(page)
            harness.wait_until_run(page, 1 + 2 * len(names), timeout=300)
            errors = harness.error_outputs(page)
            if errors:
                raise RuntimeError("the benchmark notebook failed:\n" + "\n".join(errors))
            page.evaluate(JS_HARNESS)
            results["machine"] = machine_info(page)

            def kernel(expr):
                return harness.kernel_user_expression(lab.runtime_dir, kernel_id, expr)

            def kernel_bench(key):
                return kernel("{k: dict(v) for k, v in BENCH.items()}").get(key, {})

            for i, name in enumerate(names):
                row: dict = {}
                # The first slider in the page is the first numeric control, in spec order.
                param = next((c.name for c in REGISTRY[name].controls if not c.is_choice), None)
                for kind, n_moves in (("live", args.moves), ("interact", args.interact_moves)):
                    container = f".bench-{kind}-{i}"
                    page.locator(container).wait_for()
                    handle = page.locator(f"{container} .noUi-handle").first
                    if handle.count() == 0:
                        print(f"{name}: no slider, skipped", file=sys.stderr)
                        break
                    label = handle.evaluate("el => el.closest('.widget-slider')"
                                            ".querySelector('.widget-label').textContent")
                    print(f"{name} [{kind}] slider {label!r}: {n_moves} single moves ...",
                          file=sys.stderr, flush=True)
                    kernel("bench_reset()")
                    single = single_moves(page, handle, container, n_moves)
                    k_single = kernel_bench(f"{kind}:{name}")
                    bursts = []
                    for _ in range(args.bursts):
                        kernel("bench_reset()")
                        b = ten_moves(page, handle, container)
                        last = kernel("dict(BENCH_LAST)").get(f"{kind}:{name}", {})
                        k = kernel_bench(f"{kind}:{name}")
                        b["renders"] = len(k.get("render_ms", k.get("replot_ms", [])))
                        b["final_rendered"] = last
                        b["final_ok"] = param in last and \
                            abs(float(last[param]) - b["final_value"]) < 1e-9
                        bursts.append(b)
                    row[kind] = {"slider": label, "single": single, "kernel": k_single,
                                 "bursts": bursts}
                results["views"][name] = row
            page.close()
            ctx.close()
    finally:
        lab.stop()
        shutil.rmtree(work, ignore_errors=True)

    results["offline"] = offline_encodes(names)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    return 0


def report(results: dict) -> None:
    m = results["machine"]
    encoder = "" if results["encoder"] == "shipped" else f" (frame encoder: {results['encoder']})"
    print(f"\n## Widget latency, JupyterLab {m['jupyterlab']} + Chromium {m['chromium']}"
          f"{encoder}\n")
    print(f"Machine: {m['cores']} cores ({m['cpu']}), {m['os']}, Python {m['python']}, "
          f"ipywidgets {m['ipywidgets']}, matplotlib {m['matplotlib']}.\n")
    print("| widget (slider) | median ms | p90 ms | interact median ms | ratio "
          "| settle ms (10 moves) | interact settle ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    misses = []
    for name, row in results["views"].items():
        if "live" not in row:
            continue
        live, inter = row["live"], row.get("interact")
        lm, lp = median(live["single"]["latency_ms"]), p90(live["single"]["latency_ms"])
        im = median(inter["single"]["latency_ms"]) if inter else float("nan")
        settle = median([b["settle_ms"] for b in live["bursts"]])
        isettle = median([b["settle_ms"] for b in inter["bursts"]]) if inter else float("nan")
        ratio = im / lm if lm else float("nan")
        print(f"| {name} ({live['slider']}) | {lm:.0f} | {lp:.0f} | {im:.0f} | {ratio:.1f}x | "
              f"{settle:.0f} | {isettle:.0f} |")
        if lm > TARGET_MEDIAN_MS:
            misses.append(f"{name}: median {lm:.0f} ms > {TARGET_MEDIAN_MS:.0f}")
        if ratio < TARGET_RATIO:
            misses.append(f"{name}: only {ratio:.1f}x faster than interact (< {TARGET_RATIO:.0f}x)")
        if settle > TARGET_SETTLE_MS:
            misses.append(f"{name}: ten-move settle {settle:.0f} ms > {TARGET_SETTLE_MS:.0f}")

    print(f"\nTargets: median <= {TARGET_MEDIAN_MS:.0f} ms, >= {TARGET_RATIO:.0f}x faster than "
          f"interact, ten-move settle <= {TARGET_SETTLE_MS:.0f} ms. "
          + ("All met." if not misses else "Missed: " + "; ".join(misses) + "."))

    print("\n### Where the time goes (medians, single moves)\n")
    print("| widget | key→DOM ms | decode+paint ms | kernel render ms | compute | update "
          "| draw/blit | PNG encode | send | PNG KB | interact kernel replot ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, row in results["views"].items():
        if "live" not in row:
            continue
        s, k = row["live"]["single"], row["live"]["kernel"]
        render, comp, upd = median(k.get("render_ms", [])), median(k.get("compute_ms", [])), \
            median(k.get("update_ms", []))
        push, png = median(k.get("push_ms", [])), median(k.get("png_ms", []))
        draw = render - comp - upd - push
        kb = median(k.get("png_bytes", [])) / 1024
        rk = row.get("interact", {}).get("kernel", {})
        print(f"| {name} | {median(s['key_to_dom_ms']):.0f} | {median(s['decode_paint_ms']):.0f} "
              f"| {render:.1f} | {comp:.1f} | {upd:.1f} | {draw:.1f} | {png:.1f} "
              f"| {push - png:.1f} | {kb:.0f} | {median(rk.get('replot_ms', [])):.0f} |")
    print("\nkey→DOM: keydown to the new image in the DOM (comm round trip + kernel render); "
          "decode+paint: to the image decoded and the next frame painted.")

    print("\n### Ten moves at once (LiveFigure)\n")
    print("| widget | settle ms (each burst) | frames shown | kernel renders "
          "| final frame = final value |")
    print("|---|---|---|---|---|")
    for name, row in results["views"].items():
        if "live" not in row:
            continue
        bs = row["live"]["bursts"]
        settles = ", ".join(f"{b['settle_ms']:.0f}" for b in bs)
        frames = ", ".join(str(b["frames"]) for b in bs)
        renders = ", ".join(str(b["renders"]) for b in bs)
        final = "yes" if all(b["final_ok"] for b in bs) else "NO"
        print(f"| {name} | {settles} | {frames} | {renders} | {final} |")

    print("\n### One frame, encoded other ways (this process, no browser)\n")
    print("| widget | blit ms | full draw ms | PNG as shipped ms / KB | PNG Pillow level 1 ms / KB "
          "| PNG 64 colours ms / KB | JPEG q85 ms / KB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, o in results["offline"].items():
        print(f"| {name} | {o['blit_ms']:.1f} | {o['full_draw_ms']:.1f} | "
              f"{o['png_shipped'][0]:.1f} / {o['png_shipped'][1] / 1024:.0f} | "
              f"{o['png_pillow'][0]:.1f} / {o['png_pillow'][1] / 1024:.0f} | "
              f"{o['png1_rgb_quant'][0]:.1f} / {o['png1_rgb_quant'][1] / 1024:.0f} | "
              f"{o['jpeg85'][0]:.1f} / {o['jpeg85'][1] / 1024:.0f} |")


if __name__ == "__main__":
    raise SystemExit(main())
