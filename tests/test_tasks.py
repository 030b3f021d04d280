"""The README's two commands (tasks.py): idempotent set-up and the right launch command lines."""
import importlib.util

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
tasks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tasks)


def test_lab_opens_the_start_notebook():
    args = tasks.launch_args("lab", ["--no-browser"])
    assert args[1:3] == ["lab", "notebooks/00_start_here.ipynb"]
    assert args[-1] == "--no-browser"


def test_voila_defaults_to_the_start_notebook_but_takes_a_lesson():
    assert tasks.launch_args("voila", ["--port", "9000"])[1] == "notebooks/00_start_here.ipynb"
    args = tasks.launch_args("voila", ["notebooks/02_infusion_timing.ipynb", "--no-browser"])
    assert args[1:] == ["notebooks/02_infusion_timing.ipynb", "--no-browser"]


def test_unknown_command_prints_usage(capsys):
    assert tasks.main(["nonsense"]) == 2
    assert "python3 tasks.py lab" in capsys.readouterr().out


def test_requirements_hash_tracks_the_requirement_files(tmp_path, monkeypatch):
    for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    before = tasks.requirements_hash("requirements.txt")
    assert tasks.requirements_hash("requirements.txt") == before
    (tmp_path / "requirements.txt").write_text((ROOT / "requirements.txt").read_text() + "\n# changed\n")
    assert tasks.requirements_hash("requirements.txt") != before


def test_installed_stamp_matches_this_environment():
    stamp = ROOT / ".venv" / ".installed-requirements-test"
    if not stamp.exists():
        pytest.skip("tests not run through tasks.py (no .venv stamp)")
    assert stamp.read_text() == tasks.requirements_hash("requirements-test.txt")
