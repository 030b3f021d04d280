"""Pinned versions, the helpers package, and the Binder set-up stay in step."""
import json
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


def read_pins(path: Path, seen=None) -> dict[str, str]:
    """Exact pins in a requirements file, following -r includes relative to the file."""
    seen = seen or set()
    pins: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith(("-r ", "--requirement ")):
            pins.update(read_pins((path.parent / line.split(None, 1)[1]).resolve(), seen))
        elif line.startswith("-e ") or line == ".":
            continue
        else:
            m = PIN.match(line)
            assert m, f"{path.name}: {line!r} is not pinned exactly with =="
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_runtime_and_test_stacks_are_pinned_exactly():
    runtime = read_pins(ROOT / "requirements.txt")
    assert {"jupyterlab", "ipywidgets", "matplotlib", "numpy"} <= set(runtime)
    test = read_pins(ROOT / "requirements-test.txt")
    assert {"pytest", "nbval", "playwright", "jupyter-repo2docker"} <= set(test)
    assert test.items() >= runtime.items(), "the test stack installs on top of the runtime stack"


def test_requirements_install_helpers_editable():
    lines = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines


def test_binder_installs_the_same_pins():
    assert read_pins(ROOT / "binder" / "requirements.txt") == read_pins(ROOT / "requirements.txt")
    assert "-e ." in (ROOT / "requirements.txt").read_text(), "Binder also installs helpers"


def test_installed_versions_match_the_pins():
    drift = {}
    for name, version in read_pins(ROOT / "requirements-test.txt").items():
        installed = metadata.version(name)
        if installed != version:
            drift[name] = (version, installed)
    assert not drift, f"pinned vs installed: {drift}"


def test_helpers_is_an_installed_package_not_a_path_hack():
    dist = metadata.distribution("natalizumab-helpers")
    import helpers

    assert Path(helpers.__file__).resolve().parent == ROOT / "helpers"
    assert dist.version == helpers.__version__


def test_binder_runtime_is_python_311():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_lab_news_and_update_popups_are_off(tmp_path, monkeypatch):
    """Binder (postBuild) and tasks.py both install binder/overrides.json where JupyterLab reads
    it. tasks.py is checked against a fake prefix, not this interpreter's: whoever installed the
    test stack by hand (the README's Windows steps) has no overrides in their prefix."""
    import tasks

    overrides = json.loads((ROOT / "binder" / "overrides.json").read_text())
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification["checkForUpdates"] is False
    assert notification["fetchNews"] == "false"
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert "overrides.json" in post_build and "share/jupyter/lab/settings" in post_build

    prefix = tmp_path / "prefix"
    written = tasks.install_lab_overrides(prefix)
    assert written == prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert json.loads(written.read_text()) == overrides
    assert tasks.install_lab_overrides(prefix) == written, "idempotent"

    # ... which is where JupyterLab looks: <app dir>/settings, app dir <prefix>/share/jupyter/lab
    from jupyterlab.commands import get_app_dir

    monkeypatch.delenv("JUPYTERLAB_DIR", raising=False)
    app_dir = Path(get_app_dir()).resolve().relative_to(Path(sys.prefix).resolve())
    assert written.parent.relative_to(prefix) == app_dir / "settings"


# Offline: `repo2docker --no-build` reads the repository and prints a Dockerfile, no network.
def test_repo2docker_builds_a_dockerfile_that_installs_binder_requirements():
    r2d = Path(sys.executable).with_name("repo2docker")
    out = subprocess.run([str(r2d), "--no-build", str(ROOT)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    dockerfile = out.stdout
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "./binder/postBuild" in dockerfile
    assert re.search(r"python=3\.11|python3\.11|PYTHON_VERSION=3\.11", out.stdout + out.stderr)


@pytest.mark.network  # asks the package index; skips offline (tests/conftest.py), CI requires it
def test_pip_resolves_binder_requirements():
    out = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
         "--disable-pip-version-check", "-r", "binder/requirements.txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]


# ---------------------------------------------------------------------------------------------
# Every package the code imports is declared where it is installed from
# ---------------------------------------------------------------------------------------------
# Modules of this repository itself, imported by name (not packages from the index): the
# top-level packages and tasks.py, and the plain modules in tests/ (paths, hubkit, ...).
LOCAL_MODULES = {"helpers", "tasks", "tools", "tests", "benchmarks"} | {
    p.stem for p in (ROOT / "tests").glob("*.py")}


def canonical(name: str) -> str:
    """A distribution name as the package index compares it (PEP 503): 'PyYAML' -> 'pyyaml'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_distributions(paths) -> dict[str, set[str]]:
    """{distribution: files} for every third-party module imported anywhere in `paths` (inside
    functions too), through this environment's map from modules to distributions."""
    import ast

    dists = metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in LOCAL_MODULES:
                    continue
                for dist in dists.get(top, [f"<no installed distribution for {top!r}>"]):
                    found.setdefault(canonical(dist), set()).add(path.relative_to(ROOT).as_posix())
    return found


def declared_dependencies() -> set[str]:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {canonical(re.match(r"[A-Za-z0-9._-]+", d).group()) for d in project["dependencies"]}


def python_files(*folders: str) -> list[Path]:
    return [p for f in folders for p in sorted((ROOT / f).rglob("*.py"))
            if "__pycache__" not in p.parts]


def test_distribution_names_are_compared_as_the_index_does():
    assert canonical("PyYAML") == "pyyaml" and canonical("websocket_client") == "websocket-client"
    found = imported_distributions([ROOT / "tools" / "agenda.py"])
    assert "pyyaml" in found and not any(d.startswith("<") for d in found)


def test_every_package_helpers_imports_is_a_declared_dependency():
    """`pip install` of the wheel installs what helpers needs (icalendar was missing once)."""
    used = imported_distributions(python_files("helpers"))
    missing = {d: sorted(f)[:3] for d, f in used.items() if d not in declared_dependencies()}
    assert not missing, f"imported by helpers but not in pyproject.toml dependencies: {missing}"


def test_every_package_the_tools_import_is_in_the_runtime_stack():
    """tasks.py runs tools/ (execute, book, agenda) with requirements.txt only, and
    tools/handouts.py with requirements-handouts.txt (the runtime stack and Playwright)."""
    handouts = ROOT / "tools" / "handouts.py"
    for files, stack in (
            ([p for p in python_files("tools") if p != handouts] + [ROOT / "tasks.py"],
             "requirements.txt"),
            ([handouts], "requirements-handouts.txt")):
        pinned = {canonical(p) for p in read_pins(ROOT / stack)}
        used = imported_distributions(files)
        missing = {d: sorted(f)[:3] for d, f in used.items() if d not in pinned}
        assert not missing, f"imported by tools/ or tasks.py, not pinned in {stack}: {missing}"


def test_the_handouts_stack_is_the_runtime_stack_and_the_tests_pins():
    handouts = read_pins(ROOT / "requirements-handouts.txt")
    assert handouts.items() >= read_pins(ROOT / "requirements.txt").items()
    assert read_pins(ROOT / "requirements-test.txt").items() >= handouts.items()


def test_every_package_the_tests_import_is_pinned_in_the_test_stack():
    used = imported_distributions([*python_files("tests", "benchmarks", "tools", "helpers"),
                                   ROOT / "tasks.py"])
    pins = {canonical(p) for p in read_pins(ROOT / "requirements-test.txt")}
    missing = {d: sorted(f)[:3] for d, f in used.items() if d not in pins}
    assert not missing, ("imported directly but not pinned in requirements-test.txt (arrives "
                         f"only through another package): {missing}")
