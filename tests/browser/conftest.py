"""Real-browser fixtures: JupyterLab and Voila on a scratch copy of the notebooks, in Chromium.

The servers start once per session, Chromium once per test module, and each test gets a fresh tab.
Everything else (servers, browser flags, kernel client, in-page checks) is in harness.py, which the
benchmark shares; its docstring lists the environment variables.
"""
from __future__ import annotations

import re

import pytest

from .harness import (ARTIFACTS, BROWSER_NOTEBOOKS, TIMEOUT_S, copy_notebooks, find_chromium,
                      lab_server, launch_chromium, unavailable, voila_server)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path, reason = find_chromium()
    if path is None:
        unavailable(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        unavailable(f"Playwright for Python is not installed ({exc}); "
                    "pip install -r requirements-test.txt")
    return path


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    """Scratch folder with notebook copies: (folder, notebooks folder, {name: code cells})."""
    base = tmp_path_factory.mktemp("browser")
    nb_dir = base / "notebooks"
    counts = copy_notebooks(BROWSER_NOTEBOOKS, nb_dir)
    return base, nb_dir, counts


def _started(server_factory, what: str, scratch):
    base, nb_dir, _ = scratch
    work = base / what.lower()
    work.mkdir()
    try:
        return server_factory(work, nb_dir).start()
    except RuntimeError as exc:
        pytest.fail(f"{what} did not start: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def lab(chromium_path, scratch):
    server = _started(lab_server, "JupyterLab", scratch)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def voila(chromium_path, scratch):
    server = _started(voila_server, "Voila", scratch)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser_context(chromium_path, tmp_path_factory):
    """Chromium for one test module. Not per session: Playwright's sync API marks its asyncio
    loop as running in the main thread while it is started, and `asyncio.run()` in any later test
    of the suite would then fail ("cannot be called from a running event loop")."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        try:
            context = launch_chromium(pw, profile, chromium_path)
        except Exception as exc:
            unavailable(f"Chromium at {chromium_path} did not start: {exc}")
        context.set_default_timeout(TIMEOUT_S * 1000)
        yield context
        context.close()


@pytest.fixture
def page(browser_context, request):
    """A fresh tab; on failure, a screenshot in test-artifacts/ and the console errors printed."""
    pg = browser_context.new_page()
    console: list[str] = []
    pg.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            print(f"screenshot: {ARTIFACTS / f'{name}.png'}")
        except Exception as exc:  # the page may be gone; the failure itself is what matters
            print(f"no screenshot: {exc}")
        if console:
            print("browser console errors:\n  " + "\n  ".join(console[-20:]))
    if not pg.is_closed():
        # No beforeunload: JupyterLab would ask about unsaved changes (a dismissed dialog keeps the
        # tab open); the tests shut their kernels down through the server instead.
        pg.close()
