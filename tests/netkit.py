"""Where pip installs from, and whether it can be reached, for tests that install packages.

The same probe as tests/conftest.py's `network` marker uses (a plain module, so a test can import
it: pytest advises against importing from conftest).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit


def required(name: str) -> bool:
    """True when the environment variable `name` is 1, true or yes (CI sets REQUIRE_... ones)."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def index_url() -> str:
    """The package index pip uses: PIP_INDEX_URL, else pip's configured index-url, else PyPI."""
    url = os.environ.get("PIP_INDEX_URL", "")
    if not url:
        out = subprocess.run([sys.executable, "-m", "pip", "config", "list"],
                             capture_output=True, text=True, timeout=60).stdout
        for line in out.splitlines():
            key, _, value = line.partition("=")
            if key.endswith(".index-url"):
                url = value.strip().strip("'\"")
    return url or "https://pypi.org/simple"


def index_unreachable() -> str:
    """'' when pip's package index answers a TCP connection (through the HTTPS proxy, if one is
    set) within 5 s, or is a local folder (file://); otherwise why not."""
    url = urlsplit(index_url())
    if url.scheme not in ("http", "https"):
        return ""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy") or ""
    target = urlsplit(proxy) if proxy and url.scheme == "https" else url
    host, port = target.hostname, target.port or (443 if target.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=5):
            return ""
    except OSError as exc:
        return f"no network: cannot reach the package index {host}:{port} ({exc})"
