#!/usr/bin/env python3
"""The README's commands, for any machine with Python 3.10+ and pip (Windows: `py tasks.py ...`).

    python3 tasks.py lab      set up .venv (first time only), open JupyterLab on the start notebook
    python3 tasks.py test     set up .venv with the test stack (first time only) and run every test
    python3 tasks.py test -m "not browser and not network"
                              the fast path: no browser, no package index (markers: pyproject.toml)
    python3 tasks.py voila    open the lessons as a clean app without code (Voila), on the start
                              page; links between lessons work. Name a lesson to open it first:
                              python3 tasks.py voila notebooks/02_infusion_timing.ipynb
    python3 tasks.py execute [NOTEBOOK ...]
                              re-execute notebooks top to bottom in a fresh kernel and save them,
                              ready to commit (every notebooks/*.ipynb when none is named)
    python3 tasks.py check    the learner's set-up check, in plain words, in a few seconds: Python,
                              the pinned packages, the helpers package (the widgets are checked in
                              lesson 00, which runs the same code)
    python3 tasks.py setup    only set up .venv with the runtime stack (for example before a
                              workshop without network), then exit; with --wheelhouse DIR (or
                              NATALIZUMAB_WHEELHOUSE=DIR) it installs from that folder, no network
    python3 tasks.py links    the Binder and JupyterHub (nbgitpuller) links for this copy's remote
                              and branch: --lesson 02, --app, --hub https://your.hub
                              (tools/links.py)
    python3 tasks.py wheelhouse [DIR]
                              download every pinned wheel for this machine into DIR (default
                              wheelhouse/), to carry to a workshop on a USB stick
    python3 tasks.py book     build every lesson as a static reading copy in build/book/
    python3 tasks.py handouts print every lesson's take-home page as PDF (A4 and US Letter) in
                              build/handouts/, offline, with Chromium (tools/handouts.py)
    python3 tasks.py agenda   write workshop/README.md from workshop/agendas.yaml and the lessons'
                              own times (--check: only say whether it is up to date)

Set-up is idempotent: the virtual environment in .venv is reused, and packages are installed again
only when requirements*.txt or pyproject.toml change (a hash of them is kept in .venv).
Every argument after `lab`, `test` or `voila` goes to JupyterLab, pytest or Voila unchanged, --help
included (`python3 tasks.py test --help` is pytest's help); after `links`, `book`, `handouts` or
`agenda`, to that tool (tools/*.py). `python3 tasks.py COMMAND --help` explains the other
commands' options.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import socket
import time
import webbrowser
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
VOILA_PORT = 8866
EXECUTE_TOOL = ROOT / "tools" / "execute_notebooks.py"
COMMANDS = ("lab", "test", "voila", "execute", "check", "setup", "links", "wheelhouse", "book",
            "handouts", "agenda")
WHEELHOUSE = ROOT / "wheelhouse"
WHEELHOUSE_ENV = "NATALIZUMAB_WHEELHOUSE"
BOOK_TOOL = ROOT / "tools" / "book.py"
HANDOUTS_TOOL = ROOT / "tools" / "handouts.py"
# The runtime stack and Chromium's driver (Playwright), which prints the handouts.
HANDOUTS_REQUIREMENTS = "requirements-handouts.txt"
ENVCHECK = ROOT / "helpers" / "envcheck.py"
LAB_OVERRIDES = ROOT / "binder" / "overrides.json"


def venv_bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def requirements_hash(requirements: str) -> str:
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-test.txt", "pyproject.toml", requirements):
        digest.update((ROOT / name).read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def make_venv() -> Path:
    """.venv's Python, creating the environment (with pip) if missing."""
    if sys.version_info < (3, 10):
        sys.exit(f"Python 3.10 or newer is needed, this is {sys.version.split()[0]}")
    python = venv_bin("python")
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    return python


def wheelhouse_pip_args(wheelhouse: Path | None) -> list[str]:
    """pip options that install only from `wheelhouse` (no package index, no network). The helpers
    package itself is built from this folder with the wheelhouse's setuptools (no build isolation,
    which would otherwise fetch setuptools from the index)."""
    if wheelhouse is None:
        return []
    return ["--no-index", "--find-links", str(wheelhouse), "--no-build-isolation"]


def ensure_venv(requirements: str, wheelhouse: Path | None = None) -> None:
    """Create .venv if missing and install `requirements` unless already installed; from the
    folder `wheelhouse` only, with no network, when one is given."""
    python = make_venv()
    stamp = VENV / f".installed-{Path(requirements).stem}"
    wanted = requirements_hash(requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print(f"Installing {requirements} into {VENV} (once; later runs reuse it) ...", flush=True)
    pip = [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if wheelhouse is not None:
        print(f"... from the wheelhouse {wheelhouse}, without network", flush=True)
        # The pinned setuptools builds helpers: the one ensurepip leaves (65 on Python 3.11)
        # would need the separate `wheel` package.
        subprocess.run([*pip, *wheelhouse_pip_args(wheelhouse), pinned_setuptools()], cwd=ROOT,
                       check=True)
    subprocess.run([*pip, *wheelhouse_pip_args(wheelhouse), "-r", requirements], cwd=ROOT,
                   check=True)
    install_lab_overrides(VENV)
    stamp.write_text(wanted)


def lab_settings_dir(prefix: Path) -> Path:
    """Where JupyterLab reads overrides.json for an environment whose sys.prefix is `prefix`."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings"


def install_lab_overrides(prefix: Path) -> Path:
    """Switch off JupyterLab's news and update pop-ups in the environment at `prefix` (a venv's
    folder is its sys.prefix), as Binder's postBuild does. Returns the file written."""
    settings = lab_settings_dir(prefix)
    settings.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LAB_OVERRIDES, settings / "overrides.json")
    return settings / "overrides.json"


def root_flags() -> list[str]:
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


def launch_args(command: str, rest: list[str]) -> list[str]:
    """The command line that opens JupyterLab on the start notebook, or a lesson in Voila."""
    if command == "lab":
        return [str(venv_bin("jupyter")), "lab", START_NOTEBOOK, *root_flags(), *rest]
    if command == "voila":
        others = [a for a in rest if not a.endswith(".ipynb")]
        port = [] if any(a.startswith("--port") for a in others) else [f"--port={VOILA_PORT}"]
        return [str(venv_bin("voila")), "notebooks", "--no-browser", *port,
                *(a for a in others if a != "--no-browser")]
    raise ValueError(f"command must be 'lab' or 'voila', got {command!r}")


def voila_options(rest: list[str]) -> argparse.Namespace:
    """What tasks.py itself reads from the arguments it passes on to Voila: the lesson to open
    first (a .ipynb path), --port and --no-browser. Everything else is Voila's alone."""
    parser = argparse.ArgumentParser(prog="python3 tasks.py voila", add_help=False,
                                     allow_abbrev=False)
    parser.add_argument("--port", type=int, default=VOILA_PORT)
    parser.add_argument("--no-browser", action="store_true")
    known, others = parser.parse_known_args(rest)
    known.lesson = next((a for a in others if a.endswith(".ipynb")), START_NOTEBOOK)
    return known


def voila_start_url(rest: list[str]) -> str:
    """The page the app opens on: the lesson named in `rest`, else the start page. Voila serves the
    whole notebooks/ folder, so links between lessons work."""
    options = voila_options(rest)
    return f"http://localhost:{options.port}/voila/render/{Path(options.lesson).name}"


def run_voila(rest: list[str]) -> int:
    """Serve notebooks/ as an app and open the browser on the start page once it answers."""
    options = voila_options(rest)
    url = voila_start_url(rest)
    proc = subprocess.Popen(launch_args("voila", rest), cwd=ROOT)
    if not options.no_browser:
        port = options.port
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    webbrowser.open(url)
                    break
            time.sleep(0.3)
    print(f"The lessons as an app: {url}  (Ctrl+C to stop)", flush=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        return proc.wait()


def execute_args(notebooks: list[str], cwd: Path | None = None) -> list[str]:
    """The command line that re-executes `notebooks` (paths relative to `cwd`, default the current
    folder), or every lesson when none is named. Raises ValueError for anything but a notebook."""
    cwd = Path.cwd() if cwd is None else cwd
    paths = []
    for name in notebooks:
        path = (cwd / name).resolve()
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"not a notebook file: {name}")
        paths.append(str(path))
    return [str(venv_bin("python")), str(EXECUTE_TOOL), *paths]


def check() -> int:
    """Run the set-up check (helpers/envcheck.py, standard library only) with .venv's Python;
    installs nothing, so it answers in seconds even on a broken machine."""
    python = venv_bin("python")
    if not python.exists():
        print("Not set up yet: run `python3 tasks.py lab` (the first time it installs everything, "
              "2 to 5 minutes), then run this check again.")
        return 1
    code = subprocess.run([str(python), str(ENVCHECK)], cwd=ROOT).returncode
    print("Widgets are checked in the browser: open lesson 00 (`python3 tasks.py lab`) and run "
          "its set-up check.")
    return code


def pinned_setuptools() -> str:
    """setuptools as pinned in requirements-test.txt: the wheelhouse carries it to build helpers."""
    for line in (ROOT / "requirements-test.txt").read_text().splitlines():
        if line.startswith("setuptools=="):
            return line.split("#", 1)[0].strip()
    return "setuptools"


def wheelhouse_requirements() -> list[str]:
    """What the wheelhouse holds: every pinned runtime requirement (requirements.txt, less the
    local `-e .`, which is built from the folder at set-up) and setuptools to build it with."""
    lines = [ln.split("#", 1)[0].strip()
             for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    return [ln for ln in lines if ln and ln not in ("-e .", ".")] + [pinned_setuptools()]


def wheelhouse_args(python: Path, dest: Path, requirements_file: Path) -> list[str]:
    """pip download of every wheel (and their dependencies) for this machine's platform and
    Python into `dest`; binary wheels only, so nothing is compiled at the workshop."""
    return [str(python), "-m", "pip", "download", "--disable-pip-version-check", "-q",
            "--only-binary=:all:", "-d", str(dest), "-r", str(requirements_file)]


def folder_size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def build_wheelhouse(folder: str | None) -> int:
    dest = Path(folder).resolve() if folder else WHEELHOUSE
    dest.mkdir(parents=True, exist_ok=True)
    req = dest / "requirements-wheelhouse.txt"
    req.write_text("\n".join(wheelhouse_requirements()) + "\n")
    python = make_venv()
    print(f"Downloading every pinned wheel for Python {sys.version_info.major}."
          f"{sys.version_info.minor} on this platform into {dest} ...", flush=True)
    code = subprocess.run(wheelhouse_args(python, dest, req), cwd=ROOT).returncode
    if code:
        return code
    wheels = len(list(dest.glob("*.whl")))
    print(f"{wheels} wheels, {folder_size_mb(dest):.0f} MB in {dest} (fits on a 1 GB USB stick).")
    print(f"On the day, with no network: python3 tasks.py setup --wheelhouse {dest}")
    print("It serves machines with the same operating system, processor and Python version as "
          "this one; build one per kind of laptop in the room.")
    return 0


def add_wheelhouse_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wheelhouse", type=Path, metavar="DIR",
                        help=f"install from this folder of wheels, with no network (default: the "
                             f"environment variable {WHEELHOUSE_ENV}, else the package index)")


def wheelhouse_from(rest: list[str]) -> Path | None:
    """The wheelhouse named by --wheelhouse DIR (or --wheelhouse=DIR), else by the environment
    variable NATALIZUMAB_WHEELHOUSE, else None (install from the package index)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    add_wheelhouse_option(parser)
    return named_or_env_wheelhouse(parser.parse_known_args(rest)[0].wheelhouse)


def named_or_env_wheelhouse(named: Path | None) -> Path | None:
    """`named`, else the folder in NATALIZUMAB_WHEELHOUSE, else None; as an absolute path."""
    if named is not None:
        return Path(named).resolve()
    env = os.environ.get(WHEELHOUSE_ENV, "").strip()
    return Path(env).resolve() if env else None


# The commands whose arguments all go, unchanged, to another program (--help included).
PASS_THROUGH = {
    "lab": "JupyterLab",
    "test": "pytest",
    "voila": "Voila",
    "links": "tools/links.py",
    "book": "tools/book.py",
    "handouts": "tools/handouts.py",
    "agenda": "tools/agenda.py",
}
SUMMARIES = {
    "lab": "set up .venv (first time only) and open JupyterLab on the start notebook",
    "test": "set up .venv with the test stack (first time only) and run the tests",
    "voila": "open the lessons as a clean app without code (Voila)",
    "execute": "re-execute notebooks top to bottom in a fresh kernel and save them",
    "check": "the learner's set-up check, in plain words",
    "setup": "only set up .venv with the runtime stack, then exit",
    "links": "the Binder and JupyterHub links for this copy's remote and branch",
    "wheelhouse": "download every pinned wheel for this machine into a folder",
    "book": "build every lesson as a static reading copy in build/book/",
    "handouts": "print every lesson's take-home page as PDF in build/handouts/",
    "agenda": "write workshop/README.md from workshop/agendas.yaml and the lessons' own times",
}


class _Parser(argparse.ArgumentParser):
    """The top-level parser: a missing or unknown command prints the whole usage (this module's
    docstring) on standard output, then the problem, and exits with status 2."""

    def error(self, message):
        self.print_help(sys.stdout)
        self.exit(2, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """tasks.py's command line: one sub-command per entry of COMMANDS."""
    top = _Parser(prog="python3 tasks.py", description=__doc__,
                  formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands = {}
    for name in COMMANDS:
        if name in PASS_THROUGH:
            commands[name] = sub.add_parser(
                name, add_help=False, help=SUMMARIES[name],
                description=f"Every argument goes to {PASS_THROUGH[name]} unchanged.")
        else:
            commands[name] = sub.add_parser(name, help=SUMMARIES[name],
                                            description=SUMMARIES[name] + ".")
    commands["execute"].add_argument(
        "notebooks", nargs="*", metavar="NOTEBOOK",
        help="notebooks to re-execute (default: every notebooks/*.ipynb)")
    add_wheelhouse_option(commands["setup"])
    commands["wheelhouse"].add_argument(
        "folder", nargs="?", metavar="DIR", help="where to put the wheels (default: wheelhouse/)")
    return top


def main(argv: list[str]) -> int:
    try:
        args, rest = parser().parse_known_args(argv)
    except SystemExit as exc:  # --help, or a mistake argparse has explained
        return exc.code if isinstance(exc.code, int) else 2
    command = args.command
    if rest and command not in PASS_THROUGH:
        print(f"tasks.py {command}: unrecognised arguments: {' '.join(rest)} "
              f"(python3 tasks.py {command} --help)", file=sys.stderr)
        return 2
    if command == "test":
        ensure_venv("requirements-test.txt")
        return subprocess.run([str(venv_bin("python")), "-m", "pytest", *rest], cwd=ROOT).returncode
    if command == "execute":
        try:
            cmd = execute_args(args.notebooks)
        except ValueError as exc:
            print(f"tasks.py execute: {exc}", file=sys.stderr)
            return 2
        ensure_venv("requirements.txt")
        return subprocess.run(cmd, cwd=ROOT).returncode
    if command == "check":
        return check()
    if command == "links":
        from tools import links

        return links.main(rest)
    if command == "wheelhouse":
        return build_wheelhouse(args.folder)
    if command == "handouts":
        ensure_venv(HANDOUTS_REQUIREMENTS)
        return subprocess.run([str(venv_bin("python")), str(HANDOUTS_TOOL), *rest],
                              cwd=ROOT).returncode
    if command in ("book", "agenda"):
        ensure_venv("requirements.txt")
        tool = BOOK_TOOL if command == "book" else ROOT / "tools" / "agenda.py"
        return subprocess.run([str(venv_bin("python")), str(tool), *rest], cwd=ROOT).returncode
    wheelhouse = named_or_env_wheelhouse(getattr(args, "wheelhouse", None))  # only setup names one
    if wheelhouse is not None and not wheelhouse.is_dir():
        print(f"tasks.py: no wheelhouse folder at {wheelhouse}", file=sys.stderr)
        return 2
    ensure_venv("requirements.txt", wheelhouse)
    if command == "setup":
        return 0
    if command == "voila":
        return run_voila(rest)
    return subprocess.run(launch_args(command, rest), cwd=ROOT).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
