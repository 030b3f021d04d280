"""The browser harness: JupyterLab and Voila servers on scratch copies of the notebooks, Chromium
through Playwright, a second kernel client, and the in-page checks, in one importable module.

Used by the browser tests (tests/browser/conftest.py keeps only the pytest fixtures) and by the
benchmark, which imports it as `tests.browser.harness` when run from the repository root
(`.venv/bin/python -m benchmarks.widget_latency`).

Tests never touch the committed notebooks: they are copied into a temporary folder (outputs and
execution counts stripped, so every output seen in the page comes from this run), and Jupyter's
config, data, runtime, settings and workspace folders point into that temporary folder too, so a
learner's own Jupyter set-up cannot change what is tested and nothing is left behind.

Environment:
    CHROMIUM_PATH           Chromium or Chrome binary (default /usr/bin/chromium, then PATH)
    REQUIRE_BROWSER=1       fail instead of skip when no browser is available (CI sets it)
    BROWSER_NOTEBOOKS_DIR   folder of notebooks to test (default notebooks/)
    BROWSER_TIMEOUT_S       bound on each wait for execution or rendering (default 180)
"""
from __future__ import annotations

import ast
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
NOTEBOOK_DIR = Path(os.environ.get("BROWSER_NOTEBOOKS_DIR") or ROOT / "notebooks").resolve()
# Globbed at import (collection) time, so a new lesson is tested without editing the tests.
BROWSER_NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
TIMEOUT_S = float(os.environ.get("BROWSER_TIMEOUT_S", "180"))
SERVER_START_TIMEOUT_S = 90.0

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Hermetic: every host name except the local servers fails at once (Voila's template links
    # CDN stylesheets; without this each costs a DNS timeout on an offline machine).
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
VIEWPORT = {"width": 1400, "height": 1000}

# Lab user settings: no news or update checks (no network), as binder/overrides.json.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False, "fetchNews": "false",
    },
    # Lay out every cell, not only those near the viewport, so layout can be measured.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}
READING_VIEWPORT = {"width": 1280, "height": 800}   # a laptop, where reading comfort is measured


# ---------------------------------------------------------------------------------------------
# Browser discovery: skip without one, unless REQUIRE_BROWSER=1
# ---------------------------------------------------------------------------------------------
def find_chromium() -> tuple[str | None, str]:
    """(path, '') for a usable Chromium, or (None, reason)."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit, ""
        return None, f"CHROMIUM_PATH={explicit!r} is not an executable file"
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium", ""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found, ""
    return None, ("no Chromium found (set CHROMIUM_PATH, or install Debian's `chromium` package; "
                  "do not use `playwright install`)")


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str):
    """Skip, or fail where the browser tests must run (REQUIRE_BROWSER=1, as in CI)."""
    if browser_required():
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------------
# Scratch copies of the notebooks
# ---------------------------------------------------------------------------------------------
# {notebook name: positions (1-based, among the code cells that run) of cells whose source is
# hidden (a folded solution)}: JupyterLab shows no prompt for a folded input, so its execution
# count cannot be read from the page.
SOURCE_HIDDEN: dict[str, list[int]] = {}


def expected_prompts(name: str, n_code_cells: int) -> list[int]:
    """The execution counts Run All shows in a fresh kernel: 1..n, without folded inputs."""
    return [k for k in range(1, n_code_cells + 1) if k not in SOURCE_HIDDEN.get(name, [])]


def copy_notebooks(sources, dest: Path) -> dict[str, int]:
    """Copy notebooks into `dest` with outputs and execution counts stripped, beside a link to the
    repository's helpers/ (lesson 00 runs ``%run ../helpers/envcheck.py``, as in a checkout).

    Returns {file name: number of non-empty code cells} (JupyterLab does not execute an empty cell).
    """
    dest.mkdir(parents=True, exist_ok=True)
    helpers_link = dest.parent / "helpers"
    if not helpers_link.exists():
        helpers_link.symlink_to(ROOT / "helpers", target_is_directory=True)
    counts = {}
    for src in sources:
        nb = json.loads(Path(src).read_text(encoding="utf-8"))
        n = 0
        hidden = []
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["outputs"] = []
                cell["execution_count"] = None
                if "".join(cell.get("source", "")).strip():
                    n += 1
                    if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
                        hidden.append(n)
        SOURCE_HIDDEN[Path(src).name] = hidden
        nb.get("metadata", {}).pop("widgets", None)
        (dest / Path(src).name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
        counts[Path(src).name] = n
    return counts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(base: Path) -> dict[str, str]:
    """Environment for a server: Jupyter's folders inside `base`, no inherited MPLBACKEND (the test
    conftest sets Agg for pytest itself; a kernel must get ipykernel's inline backend)."""
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython"),
                     ("JUPYTERLAB_SETTINGS_DIR", "lab-settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "lab-workspaces")):
        (base / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(base / sub)
    env["PYTHONUNBUFFERED"] = "1"
    return env


# ---------------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------------
def _descendants(pid: int) -> list[psutil.Process]:
    """Every process below `pid`. Kernels run in their own session, so killing the server's
    process group alone would miss them."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


class Server:
    """A Jupyter server process (JupyterLab or Voila) in its own process group."""

    def __init__(self, name: str, argv: list[str], workdir: Path, env: dict, port: int, token: str,
                 ready_path: str):
        self.name, self.argv, self.workdir, self.env = name, argv, workdir, env
        self.port, self.token, self.ready_path = port, token, ready_path
        self.base_url = f"http://127.0.0.1:{port}"
        self.runtime_dir = Path(env["JUPYTER_RUNTIME_DIR"])
        self.log_path = workdir / f"{name}.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = SERVER_START_TIMEOUT_S) -> "Server":
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(self.argv, cwd=self.workdir, env=self.env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url(self.ready_path), timeout=5) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {self.ready_path} within {timeout:.0f} s:\n"
                           f"{self.log_tail()}")

    def url(self, path: str, **params) -> str:
        params = {"token": self.token, **params}
        query = "&".join(f"{k}={quote(str(v))}" if v is not None else k for k, v in params.items())
        return f"{self.base_url}{path}{'&' if '?' in path else '?'}{query}"

    def api(self, method: str, path: str, timeout: float = 30):
        req = urllib.request.Request(self.base_url + path, method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, grace: float = 15.0) -> None:
        """Stop the server (SIGTERM: it shuts its kernels down), then kill what is left of the
        processes it started, by id: its process group and its kernels."""
        if self.proc is None:
            return
        pid = self.proc.pid
        family = _descendants(pid)
        if self.proc.poll() is None:
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        for p in family:  # a kernel the server did not stop in time
            try:
                if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                    p.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self._log.close()
        self.proc = None


def lab_server(workdir: Path, root_dir: Path, settings: dict | None = None) -> Server:
    env = isolated_env(workdir)
    for rel, values in {**LAB_SETTINGS, **(settings or {})}.items():
        path = Path(env["JUPYTERLAB_SETTINGS_DIR"]) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyterlab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    return Server("jupyterlab", argv, workdir, env, port, token, "/api/status")


def voila_server(workdir: Path, root_dir: Path) -> Server:
    env = isolated_env(workdir)
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "voila", "--no-browser", "--Voila.ip=127.0.0.1",
            f"--port={port}", "--Voila.port_retries=0", f"--token={token}",
            # A failing cell shows its traceback in the page (the test reads it) instead of
            # Voila's generic "There was an error when executing cell".
            "--show_tracebacks=True",
            # Kernel connection files under our runtime folder (default: a fresh folder in /tmp),
            # so kernel_user_expression() finds them and nothing is left behind.
            f"--Voila.connection_dir_root={env['JUPYTER_RUNTIME_DIR']}", str(root_dir)]
    return Server("voila", argv, workdir, env, port, token, "/")


# ---------------------------------------------------------------------------------------------
# Talking to a kernel directly: which widgets did the kernel make?
# ---------------------------------------------------------------------------------------------
WIDGET_COUNT_EXPR = (
    "(lambda m: {'sliders': 0, 'dropdowns': 0} if m is None else (lambda ws: {"
    "'sliders': sum(1 for w in ws if type(w).__name__.endswith('Slider')), "
    "'dropdowns': sum(1 for w in ws if type(w).__name__ == 'Dropdown')})"
    "(list(m.widgets.widget._instances.values())))"
    "(__import__('sys').modules.get('ipywidgets'))"
)


def kernel_user_expression(runtime_dir: Path, kernel_id: str, expr: str, timeout: float = 60):
    """Evaluate `expr` in a running kernel as a second client (silent: no execution count, no
    output in the page) and return its value (via repr / literal_eval)."""
    result: dict = {}

    def work():  # own thread: jupyter_client's sync wrappers want an event loop of their own
        from jupyter_client import BlockingKernelClient

        # JupyterLab writes runtime/kernel-<id>.json, Voila runtime/voila_*/kernel-<id>.json.
        found = sorted(runtime_dir.rglob(f"kernel-{kernel_id}.json"))
        if not found:
            result["error"] = FileNotFoundError(
                f"no connection file for kernel {kernel_id} in {runtime_dir}")
            return
        kc = BlockingKernelClient(connection_file=str(found[0]))
        try:
            kc.load_connection_file()
            kc.start_channels()
            kc.wait_for_ready(timeout=timeout)
            msg_id = kc.execute("", silent=True, store_history=False, user_expressions={"x": expr})
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                reply = kc.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    value = reply["content"]["user_expressions"]["x"]
                    if value.get("status") != "ok":
                        raise RuntimeError(f"kernel expression failed: {value}")
                    result["value"] = ast.literal_eval(value["data"]["text/plain"])
                    return
        except Exception as exc:  # reported in the caller's thread
            result["error"] = exc
        finally:
            kc.stop_channels()

    t = threading.Thread(target=work, daemon=True)
    t.start()
    t.join(timeout + 10)
    if "error" in result:
        raise result["error"]
    if "value" not in result:
        raise TimeoutError(f"no answer from kernel {kernel_id} within {timeout:.0f} s")
    return result["value"]


def kernel_widget_counts(runtime_dir: Path, kernel_id: str) -> dict[str, int]:
    return kernel_user_expression(runtime_dir, kernel_id, WIDGET_COUNT_EXPR)


# ---------------------------------------------------------------------------------------------
# In-page checks shared by the JupyterLab and Voila tests (selectors checked against
# ipywidgets 8.1.9 in JupyterLab 4.6 and Voila 0.5.13)
# ---------------------------------------------------------------------------------------------
SLIDER = ".widget-slider"                 # one per slider widget (Int/Float/Log/Range/Selection)
SLIDER_HANDLE = ".widget-slider .noUi-handle[role=slider]"  # noUiSlider handle: focusable, keyboard
DROPDOWN = ".widget-dropdown select"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*\w*(Error|Exception)\b.*:", re.M)

JS_ERRORS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('%s')) {
    const text = el.innerText || el.textContent || '';
    out.push(text);
  }
  for (const el of document.querySelectorAll('.jp-OutputArea-output')) {
    const text = el.innerText || el.textContent || '';
    if (/Error displaying widget|Failed to (create|render) (view|model)/.test(text)) out.push(text);
  }
  return out;
}""" % STDERR.replace("'", "\\'")

# A fingerprint of what a control drives: the enclosing LiveFigure if there is one (its image and
# readout), otherwise every output in the page; control widgets themselves are left out (their own
# value label moves with them). Image sources change on every new frame (ipywidgets uses a new blob
# URL per value).
JS_SNAPSHOT = """(el) => {
  const root = el.closest('.nz-live-figure') || el.closest('.jp-Notebook') ||
               document.querySelector('#rendered_cells') || document.body;
  const imgs = [...root.querySelectorAll('img')].map(i => i.getAttribute('src') || '');
  const clone = root.cloneNode(true);
  clone.querySelectorAll('.widget-slider, .widget-dropdown, .widget-readout, script, style, img')
       .forEach(n => n.remove());
  return JSON.stringify([imgs, clone.textContent.replace(/\\s+/g, ' ')]);
}"""

JS_IMAGES_LOADED = """(el) => {
  const root = el.closest('.nz-live-figure') || el.closest('.jp-Notebook') ||
               document.querySelector('#rendered_cells') || document.body;
  return [...root.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0);
}"""


def error_outputs(page) -> list[str]:
    """Texts of outputs that are errors: tracebacks on stderr (how both JupyterLab and Voila render
    an `error` output) and widgets that failed to render. Plain warnings are not errors."""
    return [t for t in page.evaluate(JS_ERRORS)
            if TRACEBACK.search(t) or "Error displaying widget" in t or "Failed to" in t]


def widget_counts_in_page(page) -> dict[str, int]:
    return page.evaluate(
        "([s, d]) => ({sliders: document.querySelectorAll(s).length,"
        " dropdowns: document.querySelectorAll(d).length})", [SLIDER, DROPDOWN])


def wait_for_widgets(page, expected: dict[str, int], timeout: float = TIMEOUT_S) -> dict[str, int]:
    """Wait until the page shows at least as many sliders and dropdowns as the kernel made, all
    visible; returns the page's counts (fails with both counts on timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = widget_counts_in_page(page)
        if all(seen[k] >= expected[k] for k in expected):
            break
        if time.monotonic() > deadline:
            pytest.fail(f"widgets did not render: the kernel made {expected}, "
                        f"the page shows {seen}")
        page.wait_for_timeout(250)
    for selector in (SLIDER, DROPDOWN):
        loc = page.locator(selector)
        for i in range(loc.count()):
            item = loc.nth(i)
            item.scroll_into_view_if_needed(timeout=10_000)
            assert item.is_visible(), f"{selector} #{i} is in the page but not visible"
    return seen


def snapshot(handle_locator) -> str:
    return handle_locator.evaluate(JS_SNAPSHOT)


def wait_settled(locator, quiet_ms: int = 400, timeout: float = 30) -> str:
    """Wait until the output a control drives stops changing for `quiet_ms`; return it."""
    deadline = time.monotonic() + timeout
    last, since = snapshot(locator), time.monotonic()
    while time.monotonic() < deadline:
        locator.page.wait_for_timeout(100)
        now = snapshot(locator)
        if now != last:
            last, since = now, time.monotonic()
        elif (time.monotonic() - since) * 1000 >= quiet_ms:
            return now
    return last


def wait_changed(locator, before: str, what: str, timeout: float = 30) -> None:
    """Fail unless the output the control drives changes from `before` (and its images load)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if snapshot(locator) != before and locator.evaluate(JS_IMAGES_LOADED):
            return
        locator.page.wait_for_timeout(100)
    pytest.fail(f"{what}: the visible output did not change within {timeout:.0f} s")


def label_of(control) -> str:
    return control.evaluate(
        "el => (el.closest('.widget-slider, .widget-dropdown')?.querySelector('.widget-label')"
        "?.textContent || '').trim()")


def exercise_controls(page, timeout: float = 30) -> list[str]:
    """Move every slider one step and pick another option in every dropdown; after each, the
    output must change. Returns a log of what was done (for messages)."""
    done = []
    handles = page.locator(SLIDER_HANDLE)
    for i in range(handles.count()):
        h = handles.nth(i)
        h.scroll_into_view_if_needed(timeout=10_000)
        what = f"slider {label_of(h)!r} (#{i})"
        before = wait_settled(h)
        value, vmax = h.get_attribute("aria-valuenow"), h.get_attribute("aria-valuemax")
        at_max = value is not None and vmax is not None and float(value) >= float(vmax)
        key = "ArrowLeft" if at_max else "ArrowRight"
        h.focus()
        h.press(key)
        deadline = time.monotonic() + 10
        while h.get_attribute("aria-valuenow") == value and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        after_value = h.get_attribute("aria-valuenow")
        assert after_value != value, f"{what}: {key} did not move the handle (still {value})"
        wait_changed(h, before, f"{what} moved {value} -> {after_value}", timeout)
        done.append(f"{what}: {value} -> {after_value}")
    selects = page.locator(DROPDOWN)
    for i in range(selects.count()):
        s = selects.nth(i)
        s.scroll_into_view_if_needed(timeout=10_000)
        what = f"dropdown {label_of(s)!r} (#{i})"
        n = s.evaluate("el => el.options.length")
        if n < 2:
            done.append(f"{what}: only one option, not changed")
            continue
        before = wait_settled(s)
        current = s.evaluate("el => el.selectedIndex")
        target = (current + 1) % n
        s.select_option(index=target)
        wait_changed(s, before, f"{what} changed to option {target}", timeout)
        done.append(f"{what}: option {current} -> {target}")
    return done


def check_widgets_respond(page, server, kernel_id: str, name: str) -> None:
    """Every slider and dropdown the kernel made is on the page, and moving each one changes the
    visible output without an error."""
    made = kernel_widget_counts(server.runtime_dir, kernel_id)
    wait_for_widgets(page, made)
    print(f"{name}: kernel made {made}; " + "; ".join(exercise_controls(page)))
    errors = error_outputs(page)
    assert not errors, f"{name}: error output after moving the controls:\n" + "\n---\n".join(errors)


# ---------------------------------------------------------------------------------------------
# Chromium
# ---------------------------------------------------------------------------------------------
def launch_chromium(pw, profile: Path, chromium_path: str, viewport: dict | None = None):
    """A headless Chromium context, fresh profile (Debian's Chromium, never a downloaded one)."""
    return pw.chromium.launch_persistent_context(
        user_data_dir=str(profile), executable_path=chromium_path, args=CHROMIUM_ARGS,
        viewport=viewport or VIEWPORT, headless=True)


# ---------------------------------------------------------------------------------------------
# JupyterLab: open a notebook, Run All, wait, find its kernel
# ---------------------------------------------------------------------------------------------
# Per-notebook state of the run, read from the page. textContent, not innerText: JupyterLab's
# windowing (content-visibility) leaves the innerText of cells outside the viewport empty.
JS_RUN_STATE = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
    .map(e => e.textContent.trim());
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const dialog = document.querySelector('.jp-Dialog');
  return {prompts, status: indicator ? indicator.dataset.status : null,
          dialog: dialog ? dialog.innerText : null};
}"""


def open_notebook(page, lab, name, timeout: float = TIMEOUT_S) -> None:
    # `reset`: start from an empty workspace, so no tab (and kernel) of an earlier test reopens.
    page.goto(lab.url(f"/lab/tree/{name}", reset=None), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Notebook").first.wait_for(timeout=timeout * 1000)
    page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').first \
        .wait_for(timeout=timeout * 1000)


def run_all(page) -> None:
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu li[data-command="runmenu:run-all"]').click()


def wait_until_run(page, n_code_cells: int, timeout: float = TIMEOUT_S) -> list[int]:
    """Wait until the kernel is idle and every non-empty code cell has run, or a cell failed (a
    failing cell stops Run All). Returns the execution counts."""
    deadline = time.monotonic() + timeout
    done_once = False
    state = None
    while time.monotonic() < deadline:
        state = page.evaluate(JS_RUN_STATE)
        if state and state["dialog"]:
            pytest.fail(f"JupyterLab shows a dialog: {state['dialog']}")
        if state and state["status"] == "idle" and "[*]:" not in state["prompts"]:
            counted = [p for p in state["prompts"] if re.fullmatch(r"\[\d+\]:", p)]
            if len(counted) >= n_code_cells or page.locator(STDERR).count():
                if done_once:
                    return [int(p[1:-2]) for p in counted]
                done_once = True
            else:
                done_once = False
        page.wait_for_timeout(300)
    pytest.fail(f"Run All did not finish within {timeout:.0f} s; last state: {state}")


def session_kernel_id(lab, name, timeout: float = TIMEOUT_S) -> tuple[str, str]:
    """The notebook's (session id, kernel id), once JupyterLab has started them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for s in lab.api("GET", "/api/sessions"):
            if s.get("path") == name and s.get("kernel"):
                return s["id"], s["kernel"]["id"]
        time.sleep(0.3)
    pytest.fail(f"JupyterLab started no kernel for {name} within {timeout:.0f} s")


def close_session(lab, session_id: str) -> None:
    try:
        lab.api("DELETE", f"/api/sessions/{session_id}")
    except Exception as exc:  # never hide the test's own failure behind a clean-up problem
        print(f"could not close JupyterLab session {session_id}: {exc}")


# ---------------------------------------------------------------------------------------------
# Voila: render a lesson, find and shut down its kernel
# ---------------------------------------------------------------------------------------------
JS_KERNEL_ID = ("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)"
                ".kernelId")


def render_in_voila(page, voila, name: str, timeout: float = TIMEOUT_S) -> str:
    """Open a lesson as a Voila app and wait until every cell has run; returns its kernel id."""
    # The page streams while the kernel executes; Voila removes #loading once every cell has run.
    page.goto(voila.url(f"/voila/render/{name}"), wait_until="commit", timeout=timeout * 1000)
    page.locator("#rendered_cells").wait_for(state="attached", timeout=timeout * 1000)
    page.locator("#loading").wait_for(state="detached", timeout=timeout * 1000)
    return page.evaluate(JS_KERNEL_ID)


def shutdown_voila_kernel(voila, kernel_id: str) -> None:
    """Voila shuts a page's kernel down on `beforeunload` with a request the server refuses (no XSRF
    token: voila-dashboards/voila#1458), so kernels would pile up until the server stops. Ask with
    the token instead (token-authenticated requests need no XSRF token)."""
    try:
        voila.api("POST", f"/voila/api/shutdown/{kernel_id}")
    except Exception as exc:  # never hide the test's own failure behind a clean-up problem
        print(f"could not shut down Voila kernel {kernel_id}: {exc}")


# ---------------------------------------------------------------------------------------------
# One rendered page per lesson per front end, shared by every check on it
# ---------------------------------------------------------------------------------------------
JS_IMAGES_COMPLETE = "() => [...document.querySelectorAll('%s img')].every(i => i.complete)"


class OpenedLesson:
    """A lesson open in a browser tab: executed once (Voila's render, or JupyterLab's Run All),
    then read by several tests. `made` is what the kernel says it created (sliders, dropdowns);
    `counts` JupyterLab's execution counts after Run All (None in Voila); `console` the browser's
    error messages so far."""

    def __init__(self, name: str, page, kernel_id: str, made: dict, counts=None, console=None,
                 session_id: str | None = None):
        self.name, self.page, self.kernel_id, self.made = name, page, kernel_id, made
        self.counts, self.console, self.session_id = counts, console or [], session_id
        self.ready_s: float | None = None   # Voila: seconds from the request to a ready page


def _console_log(page) -> list[str]:
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error"
            else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    return console


def open_in_voila(context, voila, name: str) -> OpenedLesson:
    """Render `name` as an app at the laptop viewport and wait until every widget the kernel made
    is on the page and every image has loaded."""
    page = context.new_page()
    console = _console_log(page)
    page.set_viewport_size(READING_VIEWPORT)
    started = time.monotonic()
    kernel_id = render_in_voila(page, voila, name)
    made = kernel_widget_counts(voila.runtime_dir, kernel_id)
    opened = OpenedLesson(name, page, kernel_id, made, console=console)
    try:
        wait_for_widgets(page, made)
        page.wait_for_function(JS_IMAGES_COMPLETE % "#rendered_cells", timeout=30_000)
    except BaseException:
        close_in_voila(voila, opened)
        raise
    # Time to ready: from the request until every cell has run, every widget the kernel made is
    # on the page and every image has loaded (the kernel's widget count adds a few ms).
    opened.ready_s = time.monotonic() - started
    return opened


def close_in_voila(voila, opened: OpenedLesson) -> None:
    shutdown_voila_kernel(voila, opened.kernel_id)
    if not opened.page.is_closed():
        opened.page.close()


def open_in_lab(context, lab, name: str, n_code_cells: int) -> OpenedLesson:
    """Open `name` in JupyterLab at the laptop viewport, Run All in a fresh kernel and wait until
    every code cell has run (or one failed: the tests read the error outputs)."""
    page = context.new_page()
    console = _console_log(page)
    page.set_viewport_size(READING_VIEWPORT)
    open_notebook(page, lab, name)
    session_id, kernel_id = session_kernel_id(lab, name)
    opened = OpenedLesson(name, page, kernel_id, {}, console=console, session_id=session_id)
    try:
        run_all(page)
        opened.counts = wait_until_run(page, len(expected_prompts(name, n_code_cells)))
        opened.made = kernel_widget_counts(lab.runtime_dir, kernel_id)
    except BaseException:
        close_in_lab(lab, opened)
        raise
    return opened


def close_in_lab(lab, opened: OpenedLesson) -> None:
    close_session(lab, opened.session_id)
    if not opened.page.is_closed():
        # No beforeunload: JupyterLab would ask about unsaved changes (a dismissed dialog keeps the
        # tab open); the session was shut down through the server instead.
        opened.page.close()


class OneLessonAtATime:
    """The page of the lesson the current test reads, opened on first use and kept while the
    following tests read the same lesson; asking for another lesson closes it (its kernel too).
    The browser conftest orders a module's tests by lesson, so each lesson is executed once per
    front end. An opening that failed is remembered: the lesson's other tests fail at once with
    the same message instead of executing it again."""

    def __init__(self, open_lesson, close_lesson):
        self._open, self._close = open_lesson, close_lesson
        self.current: OpenedLesson | None = None
        self._failed: dict[str, str] = {}

    def get(self, name: str) -> OpenedLesson:
        if self.current is not None and self.current.name == name:
            return self.current
        self.close()
        if name in self._failed:
            pytest.fail(f"{name} did not open earlier in this module: {self._failed[name]}",
                        pytrace=False)
        try:
            self.current = self._open(name)
        except BaseException as exc:
            self._failed[name] = f"{type(exc).__name__}: {exc}"[:2000]
            raise
        return self.current

    def forget(self) -> None:
        """Close the current page (after a test that navigated it away)."""
        self.close()

    def close(self) -> None:
        if self.current is not None:
            opened, self.current = self.current, None
            self._close(opened)


# ---------------------------------------------------------------------------------------------
# Reading comfort (a reading column of about 90 characters a line, 16 px text, sliders of 300 px or
# more, in both front ends): measured by test_app.py and test_lab.py, printed by
# benchmarks/front_end_layout.py.
# ---------------------------------------------------------------------------------------------
LAYOUT_JS = r"""(root) => {
  const scope = document.querySelector(root);
  const prose = [...scope.querySelectorAll('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li')]
    .filter(e => e.offsetParent && e.textContent.trim().length > 0);
  const font = prose.map(e => parseFloat(getComputedStyle(e).fontSize));
  const cpl = [];
  for (const e of prose) {
    const lh = parseFloat(getComputedStyle(e).lineHeight) ||
               1.2 * parseFloat(getComputedStyle(e).fontSize);
    const lines = Math.round(e.getBoundingClientRect().height / lh);
    if (lines >= 2) cpl.push(e.textContent.replace(/\s+/g, ' ').trim().length / lines);
  }
  const sliders = [...scope.querySelectorAll('.widget-slider .noUi-target')]
    .map(e => e.getBoundingClientRect().width);
  const imgs = [...scope.querySelectorAll('img.nz-frame, .widget-image')]
    .map(i => [i.getBoundingClientRect().width, i.naturalWidth]);
  const se = document.scrollingElement;
  const panes = [se, ...document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')];
  const overflow = panes.some(p => p && p.scrollWidth > p.clientWidth + 1);
  let sticking = 0;
  for (const out of scope.querySelectorAll('.jp-OutputArea-output')) {
    const r = out.getBoundingClientRect().right;
    for (const c of out.querySelectorAll('*'))
      if (c.getBoundingClientRect().right > r + 1) { sticking++; break; }
  }
  return {font, cpl, sliders, imgs, overflow, sticking};
}"""

MIN_FONT_PX = 16
MAX_CHARS_PER_LINE = 95   # "about 90": a wrapped line's characters vary with the words on it
MIN_SLIDER_PX = 300


def check_reading_comfort(page, root: str, name: str, front: str) -> None:
    """Text of at least 16 px, lines of at most about 90 characters, slider tracks of at least
    300 px, and no sideways scrolling, in the part of the page under `root`."""
    import statistics

    m = page.evaluate(LAYOUT_JS, root)
    assert m["font"], f"{name} in {front}: no prose found"
    assert min(m["font"]) >= MIN_FONT_PX, f"{name} in {front}: prose at {min(m['font'])} px"
    assert max(m["cpl"]) <= MAX_CHARS_PER_LINE, (
        f"{name} in {front}: up to {max(m['cpl']):.0f} characters a line "
        f"(median {statistics.median(m['cpl']):.0f})")
    assert all(w >= MIN_SLIDER_PX for w in m["sliders"]), (
        f"{name} in {front}: slider tracks {sorted(round(w) for w in m['sliders'])} px")
    assert not m["overflow"], f"{name} in {front}: the page scrolls sideways"


# ---------------------------------------------------------------------------------------------
# Controls never cross: at laptop and phone width, in both front ends
# ---------------------------------------------------------------------------------------------
PHONE_VIEWPORT = {"width": 390, "height": 844}
CONTROL_SELECTOR = (".widget-slider, .widget-dropdown, .widget-datepicker, .widget-button, "
                    ".widget-toggle-buttons, .widget-checkbox, .widget-text, .nz-readout")

# Within each live view (.nz-view): (1) no two controls' boxes cross; (2) nothing inside a control
# (a slider's track, handle or value) is drawn outside that control's box, over its neighbour;
# (3) each slider's value is the element on top at its own position. Returns the problems found.
JS_CONTROLS_CROSSING = r"""(selector) => {
  const HANG = 12;
  const problems = [];
  const name = e => (e.querySelector(':scope > .widget-label')?.textContent ||
                     e.className.split(' ').find(c => /^(widget|nz)-/.test(c))
                     || e.tagName).trim().slice(0, 50);
  for (const view of document.querySelectorAll('.nz-view')) {
    const controls = [...view.querySelectorAll(selector)]
      .filter(e => e.offsetParent && !e.parentElement.closest(selector));
    const boxes = controls.map(e => e.getBoundingClientRect());
    for (let i = 0; i < controls.length; i++) {
      for (let j = i + 1; j < controls.length; j++) {
        const a = boxes[i], b = boxes[j];
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) problems.push(`"${name(controls[i])}" and "${name(controls[j])}" ` +
                                          `cross by ${w.toFixed(0)}x${h.toFixed(0)} px`);
      }
      const r = boxes[i];
      for (const part of controls[i].querySelectorAll('*')) {
        const q = part.getBoundingClientRect();
        if (!q.width || !q.height || getComputedStyle(part).visibility === 'hidden') continue;
        // Sideways, a slider's round handle may hang over its own track's end by half its width.
        if (q.top < r.top - 1 || q.bottom > r.bottom + 1 || q.left < r.left - HANG ||
            q.right > r.right + HANG) {
          problems.push(`"${name(controls[i])}": its ${part.className || part.tagName} is ` +
                        `drawn outside it (${(q.top - r.top).toFixed(0)} px from its top, ` +
                        `${(q.bottom - r.bottom).toFixed(0)} px past its bottom)`);
          break;
        }
      }
    }
    const area = view.closest('.jp-OutputArea-output') || view.parentElement;
    const a = area.getBoundingClientRect();
    for (let i = 0; i < controls.length; i++) {
      // 3 px: ipywidgets gives every control a 2 px margin.
      if (boxes[i].right > a.right + 3 || boxes[i].left < a.left - 3)
        problems.push(`"${name(controls[i])}" is cut off: ${boxes[i].left.toFixed(0)} to ` +
                      `${boxes[i].right.toFixed(0)} px in an output from ${a.left.toFixed(0)} ` +
                      `to ${a.right.toFixed(0)} px`);
    }
    for (const slider of view.querySelectorAll('.widget-slider')) {
      const value = slider.querySelector('.widget-readout');
      if (!value || !value.offsetParent) continue;
      value.scrollIntoView({block: 'center'});
      const q = value.getBoundingClientRect();
      const top = document.elementFromPoint(q.left + q.width / 2, q.top + q.height / 2);
      if (!top || !(value === top || value.contains(top)))
        problems.push(`"${name(slider)}": its value is covered by ` +
                      `${top ? (top.className || top.tagName) : 'nothing on screen'}`);
    }
  }
  return problems;
}"""


def toggle_lab_sidebar(page) -> None:
    """Show or hide JupyterLab's left sidebar (its own shortcut, Ctrl+B), as a reader on a narrow
    screen does: with the file browser open, a phone leaves the notebook about 20 px."""
    page.keyboard.press("Escape")
    page.keyboard.press("Control+b")


def check_controls_do_not_cross(page, name: str, front: str) -> None:
    """At 1280x800 and at a phone's 390x844: no control crosses another, nothing of a control is
    drawn over its neighbour or cut off by its output, and each slider's value is on top. In
    JupyterLab the left sidebar is hidden at phone width. The page is left at 1280x800."""
    found = {}
    lab = front == "JupyterLab"
    try:
        for viewport in (READING_VIEWPORT, PHONE_VIEWPORT):
            page.set_viewport_size(viewport)
            if lab and viewport is PHONE_VIEWPORT:
                toggle_lab_sidebar(page)
            page.wait_for_timeout(300)  # let the layout settle after the resize
            problems = page.evaluate(JS_CONTROLS_CROSSING, CONTROL_SELECTOR)
            if problems:
                found[f"{viewport['width']}x{viewport['height']}"] = problems
    finally:
        if lab:
            toggle_lab_sidebar(page)
        page.set_viewport_size(READING_VIEWPORT)
    assert not found, f"{name} in {front}: controls that cross:\n" + "\n".join(
        f"  at {size}: " + "\n    ".join(p[:12]) for size, p in found.items())


# ---------------------------------------------------------------------------------------------
# Figure text as shown: at least 11 px on a phone and on a laptop (both front ends)
# ---------------------------------------------------------------------------------------------
MIN_FIGURE_TEXT_PX = 11
# Each visible live figure: its smallest text as shown, in CSS px = its smallest text at the
# image's natural size (data-min-font-px, from the kernel: every visible text artist) x shown
# width / natural width; with its natural and shown widths.
# `drawn`: the kernel has drawn the figure for the width the page asked for (the view's hidden
# width field, helpers.page's FIGURE_WIDTH_JS).
JS_FIGURE_TEXT = """(root) => [...document.querySelectorAll(root + ' img.nz-frame')]
  .filter(i => i.offsetParent && i.naturalWidth && i.complete)
  .map(i => { const shown = i.getBoundingClientRect().width;
              const probe = i.closest('.nz-view').querySelector('.nz-width-probe input');
              return {px: parseFloat(i.dataset.minFontPx) * shown / i.naturalWidth,
                      shown: Math.round(shown), natural: i.naturalWidth,
                      drawn: !!probe && probe.value === i.dataset.drawnFor}; })"""


def figure_text_px(page, root: str, timeout_s: float = 60) -> list[dict]:
    """The smallest figure text as shown, per visible live figure, once the kernel has drawn
    every figure for the width the page now shows it at (waits up to `timeout_s`)."""
    page.wait_for_timeout(300)   # the page's resize observer reports after layout
    deadline = time.monotonic() + timeout_s
    while True:
        found = page.evaluate(JS_FIGURE_TEXT, root)
        if all(f["drawn"] for f in found) or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(250)


def check_figure_text_is_readable(page, root: str, name: str, front: str) -> None:
    """At a phone's 390x844 and a laptop's 1280x800, every live figure's smallest text shows at
    11 px or more (a figure is drawn for the width it is shown at). JupyterLab's sidebar is hidden
    on the phone. Prints the sizes; the page is left at 1280x800."""
    lab = front == "JupyterLab"
    sizes = {}
    try:
        for viewport in (PHONE_VIEWPORT, READING_VIEWPORT):
            page.set_viewport_size(viewport)
            if lab:
                toggle_lab_sidebar(page)
            sizes[viewport["width"]] = figure_text_px(page, root)
    finally:
        page.set_viewport_size(READING_VIEWPORT)
    for width, found in sizes.items():
        print(f"{name} in {front} at {width} px: smallest figure text " +
              ", ".join(f"{f['px']:.1f} px (shown {f['shown']} of {f['natural']} px)"
                        for f in found))
    small = {w: [round(f["px"], 1) for f in found if f["px"] < MIN_FIGURE_TEXT_PX]
             for w, found in sizes.items()}
    stale = {w: sum(not f["drawn"] for f in found) for w, found in sizes.items()}
    assert not any(stale.values()), \
        f"{name} in {front}: figures not drawn for the width they are shown at: {stale}"
    assert not any(small.values()), \
        f"{name} in {front}: figure text under {MIN_FIGURE_TEXT_PX} px as shown: {small}"


# ---------------------------------------------------------------------------------------------
# The keyboard: every control reached by Tab, with a visible focus indicator (both front ends)
# ---------------------------------------------------------------------------------------------
KEYBOARD_CONTROLS = ('.noUi-handle[role="slider"], select, input:not([type="hidden"]), button, '
                     'a[href], [tabindex]:not([tabindex="-1"])')

# Number the visible controls inside live views (data-nz-key) and keep how each looks unfocused.
JS_MARK_CONTROLS = r"""([root, selector]) => {
  const look = e => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
            s.backgroundColor].join('|'); };
  document.activeElement && document.activeElement.blur();
  const out = [];
  [...document.querySelectorAll(root + ' .nz-view')].forEach(view => {
    for (const e of view.querySelectorAll(selector)) {
      const r = e.getBoundingClientRect();
      if (!e.offsetParent || r.width === 0 || e.disabled) continue;
      e.dataset.nzKey = String(out.length);
      const label = e.getAttribute('aria-label') ||
        (e.closest('.widget-inline-hbox')?.querySelector('.widget-label')?.textContent) ||
        e.textContent || e.tagName;
      out.push({key: out.length, what: `${e.tagName.toLowerCase()} ${label.trim().slice(0, 50)}`,
                look: look(e)});
    }
  });
  return out;
}"""
JS_FOCUSED = r"""() => { const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  window.nzVisits = window.nzVisits || new Map();
  if (!window.nzVisits.has(e)) window.nzVisits.set(e, window.nzVisits.size);
  return {key: e.dataset.nzKey ?? null, visit: window.nzVisits.get(e),
          look: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
                 s.backgroundColor].join('|'),
          ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) ||
                s.boxShadow !== 'none',
          // A date field whose calendar button has the focus: the field is the active element
          // but not :focus; Chromium rings the button itself (seen in screenshots).
          calendar: e.matches('input[type="date"]') && !e.matches(':focus')}; }"""


def tab_through(page, root: str, max_presses: int = 600) -> tuple[list[dict], list[dict]]:
    """Press Tab from the top of the page until every control of the live views has had focus
    (or `max_presses`). Returns (controls, what Tab focused in turn: key and how it looked)."""
    controls = page.evaluate(JS_MARK_CONTROLS, [root, KEYBOARD_CONTROLS])
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator(root).first.evaluate(
        "e => { e.setAttribute('tabindex', '-1'); e.focus(); e.removeAttribute('tabindex'); }")
    visits, seen = [], set()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        now = page.evaluate(JS_FOCUSED)
        if now is None:
            continue
        visits.append(now)
        if now["key"] is not None:
            seen.add(int(now["key"]))
        if len(seen) == len(controls):
            break
    return controls, visits


def check_keyboard_reaches_every_control(page, root: str, name: str, front: str) -> None:
    """Tab alone reaches every slider, menu, date field, button and link of every live view, in
    the order they are on the page, and each shows a focus indicator that differs from how it
    looks unfocused (an outline of 2 px or more, or a shadow); Shift+Tab goes back."""
    controls, visits = tab_through(page, root)
    order = [int(v["key"]) for v in visits if v["key"] is not None]
    reached = set(order)
    missing = [c["what"] for c in controls if c["key"] not in reached]
    assert not missing, f"{name} in {front}: not reached by Tab: {missing}"
    first = list(dict.fromkeys(order))
    assert first == sorted(first), f"{name} in {front}: Tab order jumps: {first}"
    invisible = sorted({controls[int(v["key"])]["what"] for v in visits
                        if v["key"] is not None and not v["calendar"]
                        and (v["look"] == controls[int(v["key"])]["look"] or not v["ring"])})
    assert not invisible, f"{name} in {front}: no visible focus indicator on {invisible}"
    if len(visits) > 1:   # Shift+Tab goes back to what had the focus before
        page.keyboard.press("Shift+Tab")
        back = page.evaluate(JS_FOCUSED)
        assert back and back["visit"] == visits[-2]["visit"], \
            f"{name} in {front}: Shift+Tab went to {back}, not back to {visits[-2]}"
    print(f"{name} in {front}: {len(controls)} controls reached by Tab in order, each with a "
          f"visible focus indicator ({len(visits)} presses)")


# ---------------------------------------------------------------------------------------------
# Accessible names: every slider named by its label, every readout a live region (both front ends)
# ---------------------------------------------------------------------------------------------
JS_SLIDERS = """(root) => [...document.querySelectorAll(root + ' .widget-slider')]
  .filter(s => s.offsetParent)
  .map(s => ({label: (s.querySelector(':scope > .widget-label')?.textContent || '')
                     .replace(/\\s+/g, ' ').trim(),
              handles: [...s.querySelectorAll('[role="slider"]')]
                       .map(h => h.getAttribute('aria-label'))}))"""
JS_READOUTS = """(root) => [...document.querySelectorAll(root + ' .nz-view')]
  .filter(v => v.offsetParent).map(v => { const r = v.querySelector('.nz-readout');
              return r && {role: r.getAttribute('role'), live: r.getAttribute('aria-live'),
                           text: r.innerText.trim().slice(0, 80)}; })"""


def check_sliders_and_readouts_are_named(page, root: str, lesson: str, front: str) -> None:
    """Every visible slider's handle is named by its label (in the DOM, and as the accessibility
    tree exposes it: found by role "slider" and that name), and every live view has a readout that
    is a polite live region, found by role "status" with its text."""
    sliders = page.evaluate(JS_SLIDERS, root)
    unnamed = [s for s in sliders if not s["label"] or s["handles"] != [s["label"]]]
    assert not unnamed, f"{lesson} in {front}: sliders whose handle is not named by its label: " \
        f"{unnamed}"
    for s in sliders:
        found = page.locator(root).get_by_role("slider", name=s["label"], exact=True)
        assert found.count() >= 1, f"{lesson} in {front}: no slider named {s['label']!r}"
    readouts = page.evaluate(JS_READOUTS, root)
    bad = [r for r in readouts if not r or (r["role"], r["live"]) != ("status", "polite")]
    assert not bad, f"{lesson} in {front}: views without a polite live readout: {bad}"
    for r in readouts:
        if r["text"]:
            first_line = r["text"].splitlines()[0][:40]
            status = page.locator(root).get_by_role("status").filter(has_text=first_line)
            assert status.count() >= 1, f"{lesson} in {front}: readout {first_line!r} not a status"
    print(f"{lesson} in {front}: {len(sliders)} sliders named "
          f"{sorted({s['label'] for s in sliders})}; {len(readouts)} live readouts")


JS_SLIDER_VALUES = ("(s) => [...document.querySelectorAll(s)]"
                    ".map(h => h.getAttribute('aria-valuenow'))")


def check_menu_clicks_move_no_slider(page, name: str, front: str) -> None:
    """Click the middle of every menu, as a reader does, then close it (Escape): no slider may
    change. A slider drawn over a menu takes the click instead (a click on a model menu once moved
    the dosing interval from 4 to 8 weeks)."""
    before = page.evaluate(JS_SLIDER_VALUES, SLIDER_HANDLE)
    moved = []
    selects = page.locator(DROPDOWN)
    for i in range(selects.count()):
        menu = selects.nth(i)
        menu.scroll_into_view_if_needed(timeout=10_000)
        box = menu.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.keyboard.press("Escape")
        page.wait_for_timeout(150)
        now = page.evaluate(JS_SLIDER_VALUES, SLIDER_HANDLE)
        if now != before:
            changed = [j for j, (a, b) in enumerate(zip(before, now)) if a != b]
            moved.append(f"menu {label_of(menu)!r} (#{i}) moved slider(s) {changed}: "
                         f"{[before[j] for j in changed]} -> {[now[j] for j in changed]}")
            before = now
    assert not moved, f"{name} in {front}: " + "; ".join(moved)
