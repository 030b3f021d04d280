"""Sizing a hub from measurement: the memory each learner's session needs.

    .venv/bin/python -m benchmarks.memory                 every lesson in notebooks/
    .venv/bin/python -m benchmarks.memory --lessons 00,02

For each lesson, a fresh kernel (the same python3 kernel JupyterLab starts) runs every code cell top
to bottom, as Run All does; then the kernel's resident memory (RSS, and USS: the part no other
process shares) is read. Separately, a Jupyter server (`jupyter lab`, as a hub's single-user server
runs it) is started, JupyterLab's page and a few API calls are requested once, and its own RSS is
read. A learner's session needs the server plus one kernel per open lesson. Prints a Markdown table
(docs/hosting.md keeps the last one measured). No network: everything runs on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import os
import platform
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
import requests
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
MB = 1024 * 1024


def kernel_memory(path: Path) -> tuple[float, float, float]:
    """(seconds, RSS MB, USS MB) of a fresh kernel after running every cell of `path`."""
    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(path.parent), env={**os.environ, "MPLBACKEND": "Agg"})
    try:
        client = NotebookClient(nb, km=km, timeout=300, resources={
            "metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        with client.setup_kernel():
            client.execute()
            seconds = time.perf_counter() - start
            proc = psutil.Process(km.provisioner.process.pid)
            info = proc.memory_full_info()
            return seconds, info.rss / MB, info.uss / MB
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_memory() -> float:
    """RSS MB of a JupyterLab server after it served the JupyterLab page and a few API calls."""
    port, token = free_port(), secrets.token_hex(16)
    jupyter = Path(sys.executable).parent / "jupyter"
    root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [str(jupyter), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
             f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={NOTEBOOKS}", *root],
            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "JUPYTER_RUNTIME_DIR": tmp})
        try:
            url, headers = f"http://127.0.0.1:{port}", {"Authorization": f"token {token}"}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if requests.get(f"{url}/api/status", headers=headers, timeout=2).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.3)
            for path in ("/lab", "/api/contents", "/api/kernelspecs", "/lab/api/settings"):
                requests.get(url + path, headers=headers, timeout=30)
            time.sleep(1)
            return psutil.Process(proc.pid).memory_info().rss / MB
        finally:
            proc.terminate()
            proc.wait(30)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memory")
    parser.add_argument("--lessons", help="comma-separated lesson numbers or names (default: all)")
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.lessons:
        wanted = [w.strip() for w in args.lessons.split(",")]
        paths = [p for p in paths if p.stem in wanted or p.stem.split("_", 1)[0] in wanted]
    print(f"Python {platform.python_version()}, {platform.machine()}, "
          f"{psutil.cpu_count()} cores, {psutil.virtual_memory().total / MB / 1024:.0f} GiB")
    print("\n| Lesson | Run All (s) | Kernel RSS (MB) | Kernel USS (MB) |")
    print("|---|---|---|---|")
    largest = 0.0
    for path in paths:
        seconds, rss, uss = kernel_memory(path)
        largest = max(largest, rss)
        print(f"| {path.stem} | {seconds:.1f} | {rss:.0f} | {uss:.0f} |", flush=True)
    server = server_memory()
    print(f"\nJupyter server (JupyterLab, after serving its page): RSS {server:.0f} MB")
    print(f"One learner with one lesson open: about {server + largest:.0f} MB "
          f"(server + the largest kernel).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
