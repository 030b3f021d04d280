"""The hub path, proven here: a real JupyterHub on 127.0.0.1 for three learners.

The same path a class of 200 takes on The Littlest JupyterHub or Zero to JupyterHub, at a size that
fits a CI run: JupyterHub (DummyAuthenticator, SimpleLocalProcessSpawner, configurable-http-proxy
from npm on Debian's Node.js) starts each learner's own Jupyter server; each learner opens the
nbgitpuller link from tools/links.py (the link `python3 tasks.py links --hub` prints) against a
local bare clone of this repository; nbgitpuller clones it into the learner's home; then lesson 00
runs top to bottom in a kernel of the learner's own server, through its REST and kernel websocket
APIs (what JupyterLab does on Run All). Loopback only: it passes under `unshare -n`.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import websocket

from hubkit import find_proxy
from paths import ROOT
from tools import links

pytestmark = pytest.mark.hub

LEARNERS = ("ada", "ben", "chloe")
LESSON = "notebooks/00_start_here.ipynb"
FOLDER = "natalizumab-notebooks"
BIN = Path(sys.executable).parent
TOKEN = uuid.uuid4().hex


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def bare_clone(tmp: Path) -> tuple[Path, str]:
    """A bare clone of this repository with a branch `workshop` at the checked-out commit."""
    repo = tmp / FOLDER  # no .git suffix: the folder name nbgitpuller clones into
    subprocess.run(["git", "clone", "-q", "--bare", "--no-hardlinks", str(ROOT), str(repo)],
                   check=True, timeout=120)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    subprocess.run(["git", "-C", str(repo), "branch", "-f", "workshop", head], check=True)
    return repo, "workshop"


HUB_CONFIG = """
c = get_config()  # noqa
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {tmp!r} + "/proxy.pid"
c.JupyterHub.db_url = "sqlite:///" + {tmp!r} + "/hub.sqlite"
c.JupyterHub.cookie_secret_file = {tmp!r} + "/cookie_secret"
c.JupyterHub.pid_file = {tmp!r} + "/hub.pid"
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allowed_users = set({learners!r})
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {tmp!r} + "/home/{{username}}"
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.Spawner.environment = {{"MPLBACKEND": "Agg"}}
c.JupyterHub.services = [{{"name": "kit-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "kit-test",
    "scopes": ["admin:users", "admin:servers", "admin:server_state", "tokens"],
    "services": ["kit-test"],
}}]
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A running hub: yields its public URL; stops the hub, the proxy and every learner's
    server afterwards."""
    tmp = tmp_path_factory.mktemp("hub")
    for name in LEARNERS:
        (tmp / "home" / name).mkdir(parents=True)
    port = free_port()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    config = HUB_CONFIG.format(
        port=port, hub_port=free_port(), proxy_api_port=free_port(), proxy=str(find_proxy()),
        tmp=str(tmp), learners=list(LEARNERS), singleuser=str(BIN / "jupyterhub-singleuser"),
        args=["--allow-root"] if root else [], token=TOKEN)
    (tmp / "jupyterhub_config.py").write_text(config)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    log = open(tmp / "hub.log", "w")
    proc = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(tmp / "jupyterhub_config.py")],
                            cwd=tmp, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    api = Api(url)
    try:
        wait_for(lambda: proc.poll() is not None or api.ok("/hub/api/"), "the hub", 60)
        assert proc.poll() is None, (tmp / "hub.log").read_text()[-4000:]
        yield url, api, tmp
    finally:
        pids = []
        for name in LEARNERS:
            try:
                state = api.get(f"/hub/api/users/{name}").json()["servers"][""]["state"]
                pids.append(state.get("pid"))
            except Exception:
                pass
        proc.send_signal(signal.SIGTERM)  # the hub stops the learners' servers and the proxy
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        for pid in filter(None, pids):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


class Api:
    """The hub's REST API as the test's service (admin of users and servers)."""

    def __init__(self, url):
        self.url = url
        self.headers = {"Authorization": f"token {TOKEN}"}

    def get(self, path):
        return requests.get(self.url + path, headers=self.headers, timeout=30)

    def post(self, path, body=None):
        return requests.post(self.url + path, headers=self.headers, json=body or {}, timeout=30)

    def ok(self, path):
        try:
            return self.get(path).status_code == 200
        except requests.ConnectionError:
            return False


def learner_session(url: str, api: Api, name: str) -> requests.Session:
    """A learner's browser, as far as the hub can tell: logged in through the hub's login form
    (any password: DummyAuthenticator), so the link's redirects and the learner's server see a
    logged-in learner. API calls carry a token the hub issued to the learner."""
    session = requests.Session()
    form = session.get(f"{url}/hub/login", timeout=30)
    assert form.status_code == 200, form.text[-2000:]
    xsrf = session.cookies.get("_xsrf", path="/hub/")
    done = session.post(f"{url}/hub/login", timeout=60, allow_redirects=False,
                        data={"username": name, "password": "workshop", "_xsrf": xsrf})
    assert done.status_code == 302, (done.status_code, done.text[-2000:])
    made = api.post(f"/hub/api/users/{name}/tokens", {"note": "hub test", "expires_in": 600})
    assert made.status_code in (200, 201), made.text
    session.headers["Authorization"] = f"token {made.json()['token']}"
    return session


def run_notebook(url: str, session: requests.Session, name: str, path: str) -> list[dict]:
    """Run every code cell of `path` (relative to the learner's home) in a new kernel of the
    learner's server; returns the messages per cell. Fails on any error output."""
    base = f"{url}/user/{name}"
    nb = session.get(f"{base}/api/contents/{path}", timeout=30)
    assert nb.status_code == 200, nb.text
    cells = [c for c in nb.json()["content"]["cells"] if c["cell_type"] == "code"]
    made = session.post(f"{base}/api/sessions", timeout=60, json={
        "path": path, "type": "notebook", "name": Path(path).name, "kernel": {"name": "python3"}})
    assert made.status_code == 201, made.text
    kernel = made.json()["kernel"]["id"]
    ws_url = f"ws://{urlsplit(url).netloc}/user/{name}/api/kernels/{kernel}/channels"
    ws = websocket.create_connection(
        ws_url, header=[f"Authorization: {session.headers['Authorization']}"], timeout=120)
    outputs = []
    try:
        for cell in cells:
            outputs.append(execute(ws, "".join(cell["source"])))
    finally:
        ws.close()
        session.delete(f"{base}/api/sessions/{made.json()['id']}", timeout=30)
    return outputs


def execute(ws, code: str) -> list[dict]:
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": True,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    got, idle, replied = [], False, False
    while not (idle and replied):
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "error":
            tb = "\n".join(msg["content"].get("traceback", []))
            raise AssertionError(f"cell failed:\n{code}\n{tb[-3000:]}")
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            idle = True
        elif kind == "execute_reply":
            replied = True
            assert msg["content"]["status"] == "ok", msg["content"]
        elif kind in ("stream", "display_data", "execute_result"):
            got.append(msg["content"])
    return got


def pull(session: requests.Session, link: str) -> list[dict]:
    """Open the nbgitpuller link (the hub redirects to the learner's server, which serves the
    pull page), then read the pull's event stream, as that page's script does."""
    page = session.get(link, timeout=60)
    assert page.status_code == 200, page.text[-2000:]
    assert "/git-pull" in page.url and "nbgitpuller" in page.text.lower(), page.url
    api = page.url.replace("/git-pull?", "/git-pull/api?", 1)
    events = []
    with session.get(api, stream=True, timeout=120) as stream:
        for line in stream.iter_lines(decode_unicode=True):
            if line and line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1].get("phase") in ("finished", "error"):
                    break
    return events


def test_three_learners_pull_the_lessons_and_run_lesson_00(hub):
    url, api, tmp = hub
    repo, branch = bare_clone(tmp)
    link = links.nbgitpuller_url(url, str(repo), branch, LESSON)
    assert f"urlpath=lab%2Ftree%2F{FOLDER}%2Fnotebooks%2F00_start_here.ipynb" in link

    for name in LEARNERS:  # as learners arrive: each server starts (in parallel on the hub)
        started = api.post(f"/hub/api/users/{name}/server")
        assert started.status_code in (201, 202), started.text

    def all_ready():
        users = [api.get(f"/hub/api/users/{name}").json() for name in LEARNERS]
        return all(u["servers"].get("", {}).get("ready") for u in users)

    wait_for(all_ready, "three learners' servers", 60)
    stored = json.loads((ROOT / LESSON).read_text())
    stored_text = ["".join(o.get("text", "")) for c in stored["cells"] if c["cell_type"] == "code"
                   for o in c["outputs"] if o["output_type"] == "stream"]

    for name in LEARNERS:
        session = learner_session(url, api, name)
        events = pull(session, link)
        assert events and events[-1]["phase"] == "finished", events
        pulled = tmp / "home" / name / FOLDER / LESSON
        assert pulled.read_text() == (ROOT / LESSON).read_text()

        outputs = run_notebook(url, session, name, f"{FOLDER}/{LESSON}")
        assert len(outputs) == len([c for c in stored["cells"] if c["cell_type"] == "code"])
        text = ["".join(o.get("text", "")) for cell in outputs for o in cell if "text" in o]
        # The lesson's first printed number (the usual dose) as stored in the notebook.
        assert text[0] == stored_text[0], (text[0], stored_text[0])
