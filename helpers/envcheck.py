"""The set-up check for learners and instructors, in plain words: the Python version, the pinned
packages, the helpers package, and whether widgets really show.

It uses the standard library only, so it also runs where the collection is not installed:

- ``python3 tasks.py check`` runs this file with the collection's Python (``.venv``);
- lesson 00 runs it by path, ``%run ../helpers/envcheck.py``, before anything imports ``helpers``,
  so a learner in the wrong kernel, or without the package, reads what to do instead of an
  ``ImportError``.

The kernel cannot see whether the browser renders widgets, so :func:`widget_check` displays a widget
whose *plain-text fallback* says they are not working: a front end that renders widgets shows the
green message instead, and one that cannot shows the fallback.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

MIN_PYTHON = (3, 10)
PACKAGE = "natalizumab-helpers"
FALLBACK_PACKAGES = ("jupyterlab", "ipywidgets", "ipykernel", "matplotlib", "numpy", "scipy",
                     "voila", "icalendar")
_PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;#]+)")
START_HINT = ("Start the lessons with `python3 tasks.py lab` from the collection's folder (the "
              "first time it installs everything, 2 to 5 minutes), or use the Binder link in the "
              "README.")


@dataclass(frozen=True)
class Finding:
    """One line of the check: whether it is fine, what was checked, and what to do if not."""

    ok: bool
    what: str
    detail: str = ""


def repository_root() -> Path | None:
    """The collection's folder when this file sits in a checkout (it has requirements.txt)."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "requirements.txt").is_file() else None


def pins(root: Path | None = None) -> dict[str, str]:
    """The exact pins of requirements.txt (name -> version); empty outside a checkout."""
    root = repository_root() if root is None else root
    if root is None:
        return {}
    out = {}
    for line in (root / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = _PIN.match(line.split("#", 1)[0].strip())
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check(root: Path | None = None) -> list[Finding]:
    """Every finding, in the order a learner should read them."""
    findings = []
    py = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MIN_PYTHON:
        findings.append(Finding(True, f"Python {py}"))
    else:
        findings.append(Finding(False, f"Python {py}", "the lessons need Python 3.10 or newer. "
                                + START_HINT))
    if util.find_spec("helpers") is None or _version(PACKAGE) is None:
        findings.append(Finding(
            False, "The lessons' helpers package is not installed in this Python",
            f"this is the Python at {sys.prefix}. You are probably in the wrong kernel or "
            "environment. In JupyterLab use Kernel > Change Kernel, or close this and "
            + START_HINT[0].lower() + START_HINT[1:]))
    else:
        findings.append(Finding(True, f"The lessons' helpers package {_version(PACKAGE)}"))
    wanted = pins(root) or {name: "" for name in FALLBACK_PACKAGES}
    missing = sorted(n for n in wanted if _version(n) is None)
    different = sorted(f"{n} {_version(n)} (pinned {v})" for n, v in wanted.items()
                       if v and _version(n) not in (None, v))
    if missing:
        findings.append(Finding(False, "Missing packages: " + ", ".join(missing),
                                "install them with the collection's own set-up. " + START_HINT))
    if different:
        findings.append(Finding(False, "Other versions than the tested ones: "
                                + ", ".join(different),
                                "the lessons may still work; if something looks wrong, run "
                                "`python3 tasks.py setup`, which installs the tested versions."))
    if not missing and not different:
        pinned = "pinned " if any(wanted.values()) else ""
        findings.append(Finding(True, f"All {len(wanted)} {pinned}packages are installed"
                                + (" at the tested versions" if pinned else "")))
    return findings


def report(root: Path | None = None) -> str:
    """The check as plain text: one line a finding, then what to do, then a verdict line."""
    findings = check(root)
    lines = [("OK      " if f.ok else "PROBLEM ") + f.what
             + ("" if f.ok or not f.detail else f": {f.detail}") for f in findings]
    if all(f.ok for f in findings):
        lines.append("Everything the lessons need is installed. The widget check (a green box) "
                     "comes next in lesson 00.")
    else:
        lines.append("Something needs fixing before the lessons will work: see PROBLEM above.")
    return "\n".join(lines)


class WidgetCheck:
    WORKING = "Widgets are working: you will be able to move the sliders in every lesson."
    # The words a page shows where the box cannot be drawn: a stored copy that was never run
    # here (a file viewer, a printout) as well as a front end without widgets. They must not
    # read as a failure to someone who only opened the file.
    NOT_WORKING = (
        "The green box of this check appears here once the cell runs in JupyterLab (python3 "
        "tasks.py lab) or on Binder. If you ran the cell and still read this sentence, "
        "interactive widgets are not working here: run the cells again there."
    )

    def _repr_mimebundle_(self, include=None, exclude=None):
        import ipywidgets as w

        # Kept on the instance: a widget nothing refers to is closed when garbage-collected, and
        # the front end then shows a broken-widget icon instead of the green box.
        self._box = w.HTML(
            f'<div role="status" style="background:#e6f4ea;border-left:6px solid #009E73;'
            f'padding:8px 12px;font-size:16px">{self.WORKING}</div>'
        )
        self._box.add_class("nz-widget-check")
        bundle = dict(self._box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.NOT_WORKING
        return bundle


def widget_check() -> WidgetCheck:
    return WidgetCheck()


def main() -> int:
    print(report())
    return 0 if all(f.ok for f in check()) else 1


if __name__ == "__main__":
    if "get_ipython" in globals() or "IPython" in sys.modules:  # %run in a notebook: never exit
        print(report())
    else:
        raise SystemExit(main())
