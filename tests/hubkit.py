"""What the hub test needs from the machine: configurable-http-proxy (npm), found without network.

Looked for, in order: the CONFIGURABLE_HTTP_PROXY environment variable (the executable's path),
.ci-node/node_modules/.bin/ in the repository (where .ci/run installs the pinned version), PATH.
"""
import os
import shutil
from pathlib import Path

from paths import ROOT

CI_NODE = ROOT / ".ci-node"
PROXY_ENV = "CONFIGURABLE_HTTP_PROXY"


def find_proxy() -> Path | None:
    named = os.environ.get(PROXY_ENV, "").strip()
    candidates = [Path(named)] if named else []
    candidates.append(CI_NODE / "node_modules" / ".bin" / "configurable-http-proxy")
    on_path = shutil.which("configurable-http-proxy")
    if on_path:
        candidates.append(Path(on_path))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    return None


def proxy_missing() -> str:
    """'' when the proxy and Node.js are there, otherwise why the hub test cannot run."""
    if find_proxy() is None:
        return (f"configurable-http-proxy not found (set {PROXY_ENV}, or run "
                "`npm install --prefix .ci-node configurable-http-proxy@5.3.0`, as .ci/run does)")
    if shutil.which("node") is None:
        return "Node.js (`node`) is not on PATH: apt-get install nodejs"
    return ""
