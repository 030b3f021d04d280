"""The README's commands (tasks.py): idempotent set-up and the right command lines."""
import json
import re
import subprocess
import sys

import pytest

import tasks
from paths import ROOT


def test_lab_opens_the_start_notebook():
    args = tasks.launch_args("lab", ["--no-browser"])
    assert args[1:3] == ["lab", "notebooks/00_start_here.ipynb"]
    assert args[-1] == "--no-browser"


def test_voila_serves_the_whole_folder_and_opens_the_start_page():
    args = tasks.launch_args("voila", [])
    assert args[1:3] == ["notebooks", "--no-browser"] and "--port=8866" in args
    assert tasks.voila_start_url([]) == "http://localhost:8866/voila/render/00_start_here.ipynb"


def test_voila_opens_a_named_lesson_on_a_chosen_port():
    rest = ["notebooks/02_infusion_timing.ipynb", "--port", "9000"]
    args = tasks.launch_args("voila", rest)
    assert "notebooks/02_infusion_timing.ipynb" not in args and args[-2:] == ["--port", "9000"]
    assert tasks.voila_start_url(rest) == "http://localhost:9000/voila/render/02_infusion_timing.ipynb"


def test_unknown_command_prints_usage(capsys):
    assert tasks.main(["nonsense"]) == 2
    assert "python3 tasks.py lab" in capsys.readouterr().out


def test_usage_lists_every_command():
    listed = set(re.findall(r"^\s+python3 tasks\.py (\w+)", tasks.__doc__, re.M))
    assert listed == set(tasks.COMMANDS)


def test_execute_runs_the_tool_in_the_venv_on_every_lesson_by_default():
    args = tasks.execute_args([])
    assert args == [str(tasks.venv_bin("python")), str(ROOT / "tools" / "execute_notebooks.py")]


def test_execute_takes_notebooks_relative_to_the_callers_folder(tmp_path):
    args = tasks.execute_args(["notebooks/00_start_here.ipynb"], cwd=ROOT)
    assert args[2:] == [str(ROOT / "notebooks" / "00_start_here.ipynb")]
    with pytest.raises(ValueError, match="not a notebook file: README.md"):
        tasks.execute_args(["README.md"], cwd=ROOT)
    with pytest.raises(ValueError, match="missing.ipynb"):
        tasks.execute_args(["missing.ipynb"], cwd=tmp_path)


def test_execute_refuses_a_non_notebook_before_any_set_up(monkeypatch, capsys):
    monkeypatch.setattr(tasks, "ensure_venv", lambda req: pytest.fail("set-up for a bad argument"))
    assert tasks.main(["execute", "no-such.ipynb"]) == 2
    assert "not a notebook file" in capsys.readouterr().err


def test_execute_tool_runs_a_notebook_in_a_fresh_kernel(tmp_path):
    """What `tasks.py execute` runs: counts 1..n, outputs stored, no widget state."""
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [],
                     "execution_count": None} for src in ("x = 6 * 7", "print(x)")],
          "metadata": {"widgets": {"stale": True}}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "scratch.ipynb"
    path.write_text(json.dumps(nb))
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "execute_notebooks.py"), str(path)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    done = json.loads(path.read_text())
    assert [c["execution_count"] for c in done["cells"]] == [1, 2]
    assert "".join(done["cells"][1]["outputs"][0]["text"]) == "42\n"
    assert "widgets" not in done["metadata"]


def test_requirements_hash_tracks_the_requirement_files(tmp_path, monkeypatch):
    for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml"):
        (tmp_path / name).write_text((ROOT / name).read_text())
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    before = tasks.requirements_hash("requirements.txt")
    assert tasks.requirements_hash("requirements.txt") == before
    changed = (ROOT / "requirements.txt").read_text() + "\n# changed\n"
    (tmp_path / "requirements.txt").write_text(changed)
    assert tasks.requirements_hash("requirements.txt") != before


def test_installed_stamp_matches_this_environment():
    stamp = ROOT / ".venv" / ".installed-requirements-test"
    if not stamp.exists():
        pytest.skip("tests not run through tasks.py (no .venv stamp)")
    assert stamp.read_text() == tasks.requirements_hash("requirements-test.txt")


# Arguments as a shell would split them; each must reach pytest, JupyterLab or Voila unchanged.
PASSED_ON = [
    ["-m", "not browser", "-x", "--durations=10"],
    ["-m", "not browser and not network and not hub", "-p", "no:cacheprovider"],
    ["tests/test_pk.py::test_trough[q6w-1]", "-k", "a and not b", "-q"],
    ["--help"],
    ["-h", "--", "-k", "--"],
    ["--wheelhouse", "x", "--port=1"],
    [],
]


class Recorder:
    """Stands in for subprocess.run / Popen and the set-up: records the command lines."""

    def __init__(self, monkeypatch):
        self.calls = []
        monkeypatch.setattr(tasks, "ensure_venv", lambda *a, **k: self.calls.append(("setup", a)))
        monkeypatch.setattr(tasks.subprocess, "run", self.run)

    def run(self, cmd, **kwargs):
        self.calls.append(("run", list(cmd)))
        return subprocess.CompletedProcess(cmd, 0)


@pytest.mark.parametrize("extra", PASSED_ON, ids=lambda a: " ".join(a) or "none")
def test_test_passes_every_argument_to_pytest_unchanged(monkeypatch, extra):
    rec = Recorder(monkeypatch)
    assert tasks.main(["test", *extra]) == 0
    assert rec.calls[0] == ("setup", ("requirements-test.txt",))
    assert rec.calls[1] == ("run", [str(tasks.venv_bin("python")), "-m", "pytest", *extra])


@pytest.mark.parametrize("extra", PASSED_ON, ids=lambda a: " ".join(a) or "none")
def test_lab_passes_every_argument_to_jupyterlab_unchanged(monkeypatch, extra):
    monkeypatch.delenv(tasks.WHEELHOUSE_ENV, raising=False)
    rec = Recorder(monkeypatch)
    assert tasks.main(["lab", *extra]) == 0
    kind, cmd = rec.calls[-1]
    assert kind == "run" and cmd == tasks.launch_args("lab", extra)
    assert cmd[len(cmd) - len(extra):] == extra


def test_voila_passes_its_arguments_on_and_reads_the_port_and_lesson(monkeypatch):
    monkeypatch.delenv(tasks.WHEELHOUSE_ENV, raising=False)
    rec = Recorder(monkeypatch)
    seen = []
    monkeypatch.setattr(tasks, "run_voila", lambda rest: seen.append(rest) or 0)
    extra = ["notebooks/03_duration_and_monitoring.ipynb", "--port=9100", "--theme=dark",
             "--no-browser"]
    assert tasks.main(["voila", *extra]) == 0
    assert seen == [extra] and rec.calls == [("setup", ("requirements.txt", None))]
    assert tasks.voila_start_url(extra).startswith("http://localhost:9100/voila/render/03_")
    assert tasks.voila_options(extra).no_browser
    assert tasks.launch_args("voila", extra)[1:] == ["notebooks", "--no-browser", "--port=9100",
                                                     "--theme=dark"]


@pytest.mark.parametrize("command", ["links", "book", "agenda"])
def test_tools_get_their_arguments_unchanged(monkeypatch, command):
    rec = Recorder(monkeypatch)
    from tools import links

    got = []
    monkeypatch.setattr(links, "main", lambda rest: got.append(rest) or 0)
    extra = ["--help"] if command != "links" else ["--lesson", "02", "--app", "--hub", "https://h"]
    assert tasks.main([command, *extra]) == 0
    if command == "links":
        assert got == [extra] and rec.calls == []
    else:
        tool = "book.py" if command == "book" else "agenda.py"
        assert rec.calls[-1] == ("run", [str(tasks.venv_bin("python")),
                                         str(ROOT / "tools" / tool), *extra])


def test_setup_and_wheelhouse_take_their_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(tasks.WHEELHOUSE_ENV, raising=False)
    rec = Recorder(monkeypatch)
    assert tasks.main(["setup", f"--wheelhouse={tmp_path}"]) == 0
    assert rec.calls == [("setup", ("requirements.txt", tmp_path.resolve()))]
    folders = []
    monkeypatch.setattr(tasks, "build_wheelhouse", lambda folder: folders.append(folder) or 0)
    assert tasks.main(["wheelhouse", "usb/wh"]) == 0 and tasks.main(["wheelhouse"]) == 0
    assert folders == ["usb/wh", None]


def test_help_explains_each_command_and_refuses_stray_arguments(capsys):
    assert tasks.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(f"    {name}" in out for name in tasks.COMMANDS)
    assert tasks.main(["setup", "--help"]) == 0
    assert "--wheelhouse DIR" in capsys.readouterr().out
    assert tasks.main(["check", "--verbose"]) == 2
    assert "unrecognised arguments: --verbose" in capsys.readouterr().err
    assert tasks.main([]) == 2
    assert "python3 tasks.py lab" in capsys.readouterr().out


def test_handouts_sets_up_the_handouts_stack_and_runs_its_tool(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks, "ensure_venv", lambda req, wheelhouse=None: calls.append(req))
    monkeypatch.setattr(tasks.subprocess, "run",
                        lambda cmd, cwd=None: calls.append(cmd) or subprocess_done())
    assert tasks.main(["handouts", "--lesson", "03"]) == 0
    assert calls == ["requirements-handouts.txt",
                     [str(tasks.venv_bin("python")), str(ROOT / "tools" / "handouts.py"),
                      "--lesson", "03"]]


def subprocess_done():
    import subprocess

    return subprocess.CompletedProcess([], 0)
