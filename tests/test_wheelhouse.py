"""Offline on the day: `python3 tasks.py setup --wheelhouse DIR` installs everything from the
folder that `python3 tasks.py wheelhouse DIR` filled, with no package index at all.

The wheelhouse is built by .ci/run's online step; this test runs in both passes and matters in the
offline one (`unshare -n`: no network). It skips when no wheelhouse has been built, unless
REQUIRE_WHEELHOUSE=1 (set by .ci/run). The wheelhouse is NATALIZUMAB_WHEELHOUSE, else wheelhouse/.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tasks
from paths import ROOT

COPY = ["tasks.py", "requirements.txt", "requirements-test.txt", "pyproject.toml", "README.md",
        "helpers", "binder", "tools"]


def wheelhouse() -> Path:
    named = os.environ.get(tasks.WHEELHOUSE_ENV, "").strip()
    return Path(named) if named else tasks.WHEELHOUSE


def test_the_wheelhouse_holds_the_runtime_pins_and_setuptools_not_the_local_package():
    wanted = tasks.wheelhouse_requirements()
    assert "-e ." not in wanted and any(w.startswith("setuptools==") for w in wanted)
    runtime = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text()
               .splitlines()]
    assert {ln for ln in runtime if "==" in ln} <= set(wanted)
    args = tasks.wheelhouse_args(Path("python"), Path("/wh"), Path("/wh/req.txt"))
    assert args[1:4] == ["-m", "pip", "download"] and "--only-binary=:all:" in args


def test_setup_reads_the_wheelhouse_from_the_command_line_or_the_environment(monkeypatch):
    monkeypatch.delenv(tasks.WHEELHOUSE_ENV, raising=False)
    assert tasks.wheelhouse_from([]) is None
    assert tasks.wheelhouse_from(["--wheelhouse", "/usb/wh"]) == Path("/usb/wh").resolve()
    assert tasks.wheelhouse_from(["--wheelhouse=/usb/wh"]) == Path("/usb/wh").resolve()
    monkeypatch.setenv(tasks.WHEELHOUSE_ENV, "/media/wh")
    assert tasks.wheelhouse_from([]) == Path("/media/wh").resolve()
    assert tasks.wheelhouse_pip_args(Path("/w"))[:3] == ["--no-index", "--find-links", "/w"]


def test_setup_refuses_a_missing_wheelhouse(tmp_path, capsys):
    assert tasks.main(["setup", "--wheelhouse", str(tmp_path / "nothing")]) == 2
    assert "no wheelhouse folder" in capsys.readouterr().err


def test_a_fresh_install_from_the_wheelhouse_needs_no_network(tmp_path):
    wh = wheelhouse()
    if not any(wh.glob("*.whl")):
        reason = f"no wheelhouse at {wh}: build one with `python3 tasks.py wheelhouse`"
        if os.environ.get("REQUIRE_WHEELHOUSE", "").strip().lower() in {"1", "true", "yes"}:
            pytest.fail(f"REQUIRE_WHEELHOUSE=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    copy = tmp_path / "natalizumab-notebooks"
    copy.mkdir()
    for name in COPY:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, copy / name)
    # No pip configuration (no index, no extra folders of wheels): only the wheelhouse.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_NO_INDEX="1")
    setup = subprocess.run([sys.executable, "tasks.py", "setup", "--wheelhouse", str(wh)],
                           cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-4000:]
    assert "from the wheelhouse" in setup.stdout
    python = copy / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    check = ("import helpers, helpers.views, helpers.pk, ipywidgets, matplotlib, jupyterlab\n"
             "import voila\nprint(helpers.__file__)")
    run = subprocess.run([str(python), "-c", check], cwd=tmp_path, env={**env, "MPLBACKEND": "Agg"},
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert Path(run.stdout.strip()).resolve() == (copy / "helpers" / "__init__.py").resolve()
    again = subprocess.run([sys.executable, "tasks.py", "setup"], cwd=copy, env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "Installing" not in again.stdout, "set-up is idempotent"
