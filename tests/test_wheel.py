"""A real, non-editable install holds the whole helpers package and works with what it declares.

requirements.txt installs helpers editable, which hides packaging mistakes: an editable install
imports straight from the repository, so a subpackage the wheel leaves out (helpers.views was left
out once) or a data file it forgets still imports; and the development environment holds every
package, so a dependency missing from pyproject.toml (icalendar was, once: `pip install` gave a
package whose calendars failed) goes unnoticed. This test builds the wheel, installs it into a new,
empty virtual environment *with its declared dependencies* (pinned to requirements.txt's
versions), and there imports every module, builds a view, moves it and reads its readout, and
writes a calendar, with the repository off the path.

Where the dependencies come from: the workshop wheelhouse when one is built (NATALIZUMAB_WHEELHOUSE
or wheelhouse/; no index, so CI's offline pass runs it), else pip's own configured index and
folders. When neither is there (an http index that cannot be reached) it skips, unless
REQUIRE_NETWORK=1. The wheel itself builds with the installed setuptools (--no-build-isolation,
--no-index). The install skips compiling .pyc files: measured here, 13.6 s instead of 23.3 s.
"""
import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import tasks
from netkit import index_unreachable, required
from paths import ROOT

HELPERS = ROOT / "helpers"


def repo_files(pattern: str) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in HELPERS.rglob(pattern)
            if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the package sources (no build/ or egg-info in the repo)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(HELPERS, src / "helpers", ignore=shutil.ignore_patterns("__pycache__"))
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--disable-pip-version-check", "-q", "-w", str(tmp / "dist"), str(src)],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]
    (found,) = (tmp / "dist").glob("natalizumab_helpers-*.whl")
    return found


def test_wheel_holds_every_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = (repo_files("*.py") | repo_files("data/*") | repo_files("content/*")) - names
    assert not missing, f"the wheel leaves out {sorted(missing)}"


def dependency_sources() -> list[str]:
    """pip options naming where the dependencies come from (see the module docstring)."""
    named = os.environ.get(tasks.WHEELHOUSE_ENV, "").strip()
    wheelhouse = Path(named) if named else tasks.WHEELHOUSE
    if any(wheelhouse.glob("*.whl")):
        return ["--no-index", "--find-links", str(wheelhouse)]
    reason = index_unreachable()
    if reason and required("REQUIRE_NETWORK"):
        pytest.fail(f"REQUIRE_NETWORK=1 but {reason}, and no wheelhouse", pytrace=False)
    if reason:
        pytest.skip(f"{reason}, and no wheelhouse (python3 tasks.py wheelhouse)")
    return []


# Run in the fresh environment: import every module, read every data file, build and move one
# view, write a calendar (icalendar and dateutil), and report where each module came from.
CHECK = """
import datetime as dt, importlib, json, sys
from importlib import resources
modules, data = {modules!r}, {data!r}
files = {{m: importlib.import_module(m).__file__ for m in modules}}
readable = [n for n in data if (resources.files('helpers') / 'data' / n).read_bytes()]
from helpers import schedule, views
view = views.build('start_here.after_infusion')
before = view.readout_text()
view.set_params(weeks=10)
view.widget  # the ipywidgets UI, with the first frame encoded
start = dt.date(2027, 1, 31)
ics = schedule.ics_text(schedule.infusion_dates(start, 28, 3))
print(json.dumps({{'files': files, 'data': readable, 'before': before,
                  'readout': view.readout_text(), 'frame': len(view.snapshot()),
                  'events': ics.count('BEGIN:VEVENT'),
                  'month': schedule.add_months(start, 1).isoformat()}}))
"""


def test_the_wheel_installs_with_its_dependencies_and_works(wheel, tmp_path):
    sources = dependency_sources()
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)  # no system site-packages: only what pip adds
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pins = tmp_path / "pins.txt"  # requirements.txt's versions, as constraints (not installs)
    pins.write_text("\n".join(ln for ln in tasks.wheelhouse_requirements()
                              if not ln.startswith("setuptools")) + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-compile",
         "--disable-pip-version-check", "-q", *sources, "-c", str(pins), str(wheel)],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]

    names = zipfile.ZipFile(wheel).namelist()
    modules = sorted(n[:-3].replace("/", ".").removesuffix(".__init__")
                     for n in names if n.startswith("helpers/") and n.endswith(".py"))
    data = sorted(n.split("/", 2)[2] for n in names if n.startswith("helpers/data/"))
    assert "helpers.views" in modules
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    run = subprocess.run([str(python), "-c", CHECK.format(modules=modules, data=data)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.splitlines()[-1])
    outside = {m: f for m, f in result["files"].items()
               if not Path(f).resolve().is_relative_to(env_dir.resolve())}
    assert not outside, f"imported from outside the fresh install: {outside}"
    assert set(result["files"]) >= {m for m in modules}
    assert sorted(result["data"]) == data, "every data file is readable as package data"
    assert result["readout"] and result["readout"] != result["before"], result
    assert result["readout"].startswith("Weeks since the end of the last infusion: 10 "), \
        result["readout"]
    assert result["frame"] > 0 and result["events"] == 3
    assert result["month"] == "2027-02-28"
