"""Session set-up shared by every test: the Agg backend, markers by kind, and the network probe.

Markers (declared in pyproject.toml), applied here so no test file has to remember them:
    browser    tests under tests/browser/ (real Chromium)
    notebooks  nbval's cells of notebooks/*.ipynb (strict: stored outputs must match a fresh run)
    network    needs the package index; marked by hand; skips when the index is unreachable,
               fails instead when REQUIRE_NETWORK=1 (CI's online pass sets it)
    hub        a real JupyterHub on 127.0.0.1 (tests/test_hub.py, marked by hand); its kind is
               `notebooks` (it runs a lesson in kernels); skips without configurable-http-proxy,
               fails instead when REQUIRE_HUB=1 (.ci/run sets it)
    unit       everything else (no browser, no notebook kernel, no network)

Fast path: python3 tasks.py test -m "not browser and not network"
At the end of every run, a line gives the time spent in each kind (summed over the xdist workers)
beside the wall time, so a slowdown shows where it happens; `--durations=N` lists the slowest tests.
Paths for tests: `from paths import ROOT, NOTEBOOKS` (tests/paths.py), not from this file.
"""
import os
import time
from functools import lru_cache
from pathlib import Path

import matplotlib
import pytest

from netkit import index_unreachable, required
from paths import ROOT

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

BROWSER_DIR = ROOT / "tests" / "browser"
KINDS = ("browser", "notebooks", "network", "unit")


def _nbval_kernels_over_ipc() -> None:
    """nbval's kernels talk over Unix sockets, not TCP ports, where the platform has them.

    A kernel on TCP takes ports the client picked a moment earlier as free; with three workers
    starting kernels, JupyterLab and Voila servers and Chromium, another process can take one in
    between, and the kernel then never answers ("Kernel didn't respond in 60 seconds", once in
    CI). A socket file in a folder of this run's own cannot be taken."""
    if os.name != "posix":
        return
    import atexit
    import shutil
    import tempfile

    from jupyter_client import KernelManager
    from nbval import kernel as nbval_kernel

    folder = tempfile.mkdtemp(prefix="nbval-kernels-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)

    class IpcKernelManager(KernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=os.path.join(folder, f"k{os.getpid()}"),
                             **kwargs)

    nbval_kernel.KernelManager = IpcKernelManager   # what nbval's start_new_kernel makes


_nbval_kernels_over_ipc()


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("hub") and not item.get_closest_marker("notebooks"):
            item.add_marker(pytest.mark.notebooks)
        if any(item.get_closest_marker(k) for k in ("browser", "notebooks", "network")):
            continue
        path = Path(str(item.path)).resolve()
        if path.is_relative_to(BROWSER_DIR):
            item.add_marker(pytest.mark.browser)
        elif type(item).__name__ == "IntegrationCell" or path.suffix == ".ipynb":
            item.add_marker(pytest.mark.notebooks)
        else:
            item.add_marker(pytest.mark.unit)


@lru_cache(maxsize=1)
def network_unavailable() -> str:
    """'' when the package index answers (tests/netkit.py), otherwise why not; asked once."""
    return index_unreachable()


def pytest_runtest_setup(item):
    if item.get_closest_marker("hub") is not None:
        from hubkit import proxy_missing

        reason = proxy_missing()
        if reason and required("REQUIRE_HUB"):
            pytest.fail(f"REQUIRE_HUB=1 but {reason}", pytrace=False)
        if reason:
            pytest.skip(reason)
    if item.get_closest_marker("network") is None:
        return
    reason = network_unavailable()
    if not reason:
        return
    if required("REQUIRE_NETWORK"):
        pytest.fail(f"REQUIRE_NETWORK=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def fresh_used():
    """A clean record of the figures used, for one test; the process's record is put back."""
    from helpers import sources

    with sources.separate_record():
        yield


# ---------------------------------------------------------------------------------------------
# Where the time went: seconds by kind at the end of the run
# ---------------------------------------------------------------------------------------------
SUMMARY_KINDS = ("browser", "hub", "network", "notebooks", "unit")
_STARTED = time.monotonic()


def kind_of(keywords) -> str:
    """A report's kind, from its keywords (markers included): hub before notebooks."""
    return next((k for k in SUMMARY_KINDS if k in keywords), "other")


def pytest_terminal_summary(terminalreporter):
    seconds: dict[str, float] = {}
    tests: dict[str, set] = {}
    for reports in terminalreporter.stats.values():
        for r in reports:
            if not hasattr(r, "duration") or not hasattr(r, "nodeid"):
                continue
            kind = kind_of(getattr(r, "keywords", {}))
            seconds[kind] = seconds.get(kind, 0.0) + r.duration
            tests.setdefault(kind, set()).add(r.nodeid)
    if not seconds:
        return
    parts = [f"{k} {seconds[k]:.0f} s ({len(tests[k])} tests)"
             for k in sorted(seconds, key=seconds.get, reverse=True)]
    terminalreporter.write_sep("-", "time by kind")
    terminalreporter.write_line(
        "; ".join(parts) + f"; summed {sum(seconds.values()):.0f} s, "
        f"wall {time.monotonic() - _STARTED:.0f} s")
