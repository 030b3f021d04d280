"""Real-browser fixtures: JupyterLab and Voila on a scratch copy of the notebooks, in Chromium.

The servers start once per session (per xdist worker), Chromium once per test module. A lesson is
executed once per front end: `app_pages` and `lab_pages` keep the page of the lesson the tests
read, and this module's collection hook orders each module's tests by lesson (a test names its
lesson by its `lesson` parameter or a `lesson` mark), so all checks of a lesson read one page.
Everything else (servers, browser flags, kernel client, in-page checks) is in harness.py, which the
benchmark shares; its docstring lists the environment variables.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from .harness import (ARTIFACTS, BROWSER_NOTEBOOKS, TIMEOUT_S, OneLessonAtATime, close_in_lab,
                      close_in_voila, copy_notebooks, find_chromium, lab_server, launch_chromium,
                      open_in_lab, open_in_voila, unavailable, voila_server)

BROWSER_DIR = Path(__file__).resolve().parent
LESSON_ORDER = {p.name: i for i, p in enumerate(BROWSER_NOTEBOOKS)}


def lesson_of(item) -> str | None:
    """The lesson a test reads: its `lesson` parameter, else its `lesson` mark, else None."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "lesson" in callspec.params:
        return callspec.params["lesson"]
    mark = item.get_closest_marker("lesson")
    return mark.args[0] if mark else None


def pytest_collection_modifyitems(items):
    """Within each browser test module, run the tests of one lesson together, in the order they
    are written (tests without a lesson last), so each lesson is rendered once per front end."""
    slots: dict[Path, list[int]] = {}
    for i, item in enumerate(items):
        path = Path(str(item.path)).resolve()
        if path.parent == BROWSER_DIR:
            slots.setdefault(path, []).append(i)
    for indices in slots.values():
        group = [items[i] for i in indices]
        group.sort(key=lambda it: LESSON_ORDER.get(lesson_of(it), len(LESSON_ORDER)))
        for i, item in zip(indices, group):
            items[i] = item


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


def _screenshot(page, nodeid: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        print(f"screenshot: {ARTIFACTS / f'{name}.png'}")
    except Exception as exc:  # the page may be gone; the failure itself is what matters
        print(f"no screenshot: {exc}")


@pytest.fixture(scope="module")
def app_pages(browser_context, voila):
    """Lessons rendered as apps, one at a time (harness.OneLessonAtATime)."""
    pages = OneLessonAtATime(lambda name: open_in_voila(browser_context, voila, name),
                             lambda opened: close_in_voila(voila, opened))
    yield pages
    pages.close()


@pytest.fixture(scope="module")
def lab_pages(browser_context, lab, scratch):
    """Lessons opened in JupyterLab after Run All, one at a time (harness.OneLessonAtATime)."""
    pages = OneLessonAtATime(
        lambda name: open_in_lab(browser_context, lab, name, scratch[2][name]),
        lambda opened: close_in_lab(lab, opened))
    yield pages
    pages.close()


@pytest.fixture(autouse=True)
def _shared_page_on_failure(request):
    """On a failed test that read a shared lesson page: a screenshot and the console errors."""
    yield
    rep = getattr(request.node, "rep_call", None)
    if rep is None or not rep.failed:
        return
    for name in ("app_pages", "lab_pages"):
        if name in request.fixturenames:
            opened = request.getfixturevalue(name).current
            if opened is not None and not opened.page.is_closed():
                _screenshot(opened.page, request.node.nodeid)
                if opened.console:
                    print("browser console errors:\n  " + "\n  ".join(opened.console[-20:]))
