"""The set-up check: plain words for each problem a learner meets in the first minutes, from the
same code in `python3 tasks.py check` and lesson 00, fast, and without importing helpers."""
import subprocess
import sys
import time
from importlib import metadata

import pytest

from helpers import envcheck
from paths import ROOT


def test_this_environment_passes_and_says_so():
    assert all(f.ok for f in envcheck.check())
    assert envcheck.report().splitlines()[-1].startswith("Everything the lessons need")


def test_pins_are_read_from_requirements():
    pins = envcheck.pins(ROOT)
    assert pins["numpy"] and pins["ipywidgets"] and "natalizumab-helpers" not in pins


def fake_versions(monkeypatch, table):
    real = metadata.version

    def version(name):
        if name in table:
            if table[name] is None:
                raise metadata.PackageNotFoundError(name)
            return table[name]
        return real(name)

    monkeypatch.setattr(envcheck.metadata, "version", version)


def test_a_missing_package_is_named_with_what_to_do(monkeypatch):
    fake_versions(monkeypatch, {"scipy": None})
    text = envcheck.report()
    assert "PROBLEM Missing packages: scipy" in text and "python3 tasks.py lab" in text
    assert text.splitlines()[-1].startswith("Something needs fixing")


def test_another_version_than_the_pin_is_named(monkeypatch):
    fake_versions(monkeypatch, {"numpy": "1.0.0"})
    assert "numpy 1.0.0 (pinned" in envcheck.report()
    assert "python3 tasks.py setup" in envcheck.report()


def test_the_wrong_kernel_is_recognised(monkeypatch):
    fake_versions(monkeypatch, {"natalizumab-helpers": None})
    text = envcheck.report()
    assert "helpers package is not installed in this Python" in text
    assert "wrong kernel" in text and "Kernel > Change Kernel" in text


def test_it_runs_as_a_script_without_the_package_and_quickly(tmp_path):
    """`%run ../helpers/envcheck.py` and `tasks.py check` run the file by path: it must not need
    helpers importable, and must answer well within 10 seconds."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-I", str(ROOT / "helpers" / "envcheck.py")],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert time.perf_counter() - start < 10
    assert "OK      Python" in out.stdout and out.returncode in (0, 1), out.stderr


def test_tasks_check_runs_the_same_code():
    out = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "check"], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    if not (ROOT / ".venv").exists():
        pytest.skip("no .venv: tasks.py check says to set up first")
    assert out.stdout.splitlines()[:3] == envcheck.report().splitlines()[:3]
