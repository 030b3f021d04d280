"""Set-up check for learners and instructors: versions, and whether widgets really show.

The kernel cannot see whether the browser renders widgets, so :func:`widget_check` displays a widget
whose *plain-text fallback* says they are not working: a front end that renders widgets shows the
green message instead, and one that cannot shows the fallback.
"""

from __future__ import annotations

import sys
from importlib import metadata

PACKAGES = (
    "jupyterlab",
    "ipywidgets",
    "ipykernel",
    "matplotlib",
    "numpy",
    "scipy",
    "pillow",
    "voila",
    "natalizumab-helpers",
)
MIN_PYTHON = (3, 10)


def versions() -> dict[str, str]:
    out = {"python": f"{sys.version_info.major}.{sys.version_info.minor}"}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def report() -> str:
    """A plain report: Python and package versions, and what to do if something is missing."""
    v = versions()
    ok_python = sys.version_info[:2] >= MIN_PYTHON
    lines = [f"Python {v['python']}: {'OK' if ok_python else 'too old, 3.10 or newer is needed'}"]
    missing = [n for n in PACKAGES if v[n] == "not installed"]
    for name in PACKAGES:
        lines.append(f"{name} {v[name]}")
    if missing:
        lines.append(
            "Missing: " + ", ".join(missing) + ". Run: python3 tasks.py lab (or see README)."
        )
    else:
        lines.append("All packages are installed.")
    return "\n".join(lines)


class WidgetCheck:
    WORKING = "Widgets are working: you will be able to move the sliders in every lesson."
    NOT_WORKING = (
        "If you can read this sentence instead of a green box, interactive widgets are NOT "
        "working here. Open the notebook in JupyterLab (python3 tasks.py lab) or on Binder, "
        "and run the cells again."
    )

    def _repr_mimebundle_(self, include=None, exclude=None):
        import ipywidgets as w

        # Kept on the instance: a widget nothing refers to is closed when garbage-collected, and
        # the front end then shows a broken-widget icon instead of the green box.
        self._box = w.HTML(
            f'<div role="status" style="background:#e6f4ea;border-left:6px solid #009E73;'
            f'padding:8px 12px;font-size:15px">{self.WORKING}</div>'
        )
        self._box.add_class("nz-widget-check")
        bundle = dict(self._box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = self.NOT_WORKING
        return bundle


def widget_check() -> WidgetCheck:
    return WidgetCheck()
