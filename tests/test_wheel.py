"""A real, non-editable install holds the whole helpers package.

requirements.txt installs helpers editable, which hides packaging mistakes: an editable install
imports straight from the repository, so a subpackage the wheel leaves out (helpers.views was left
out once) or a data file it forgets still imports. This test builds the wheel, installs it into a
fresh virtual environment and imports every module from there, with the repository off the path.
No network: the build uses the installed setuptools (--no-build-isolation), the install --no-index.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

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


def test_every_module_imports_from_a_fresh_install(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([str(python), "-c", purelib],
                               capture_output=True, text=True, check=True).stdout.strip())
    # The runtime stack (numpy, matplotlib, ipywidgets) comes from this environment, appended
    # after the fresh site-packages by a .pth line. A line naming a folder does not run that
    # folder's own .pth files, so the editable install of helpers there stays inactive.
    (site / "zz_runtime_stack.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    out = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", "-q", str(wheel)],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-3000:]

    names = zipfile.ZipFile(wheel).namelist()
    modules = sorted(n[:-3].replace("/", ".").removesuffix(".__init__")
                     for n in names if n.startswith("helpers/") and n.endswith(".py"))
    data = sorted(n.split("/", 2)[2] for n in names if n.startswith("helpers/data/"))
    assert "helpers.views" in modules
    check = (
        "import importlib, json, sys\n"
        "from importlib import resources\n"
        f"modules, data = {modules!r}, {data!r}\n"
        "files = {m: importlib.import_module(m).__file__ for m in modules}\n"
        "readable = [n for n in data if (resources.files('helpers') / 'data' / n).read_bytes()]\n"
        "print(json.dumps({'files': files, 'data': readable, 'path': sys.path}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["MPLBACKEND"] = "Agg"
    run = subprocess.run([str(python), "-c", check], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.splitlines()[-1])
    outside = {m: f for m, f in result["files"].items()
               if not Path(f).resolve().is_relative_to(env_dir.resolve())}
    assert not outside, f"imported from outside the fresh install: {outside}"
    assert set(result["files"]) >= {m for m in modules}
    assert sorted(result["data"]) == data, "every data file is readable as package data"
