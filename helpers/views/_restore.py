"""Lesson 02, section 4: what RESTORE counted when people paused natalizumab, as two arrays of 100
people each (new MRI activity, a relapse, an early restart), with the raw counts printed on the
figure and in the readout.

Counts come from the registry (``restore.*``, Fox et al. 2014); the words are in
``helpers/content/02_infusion_timing.md`` (``restore`` blocks). The arrays reuse lesson 03's icon
colours (filled for people counted, hollow up to the top of a published range, grey for everyone
else); one scatter per array whose colours change in place, so a change is a blit.
"""

from __future__ import annotations

import textwrap

import numpy as np

from .. import content, sources
from ..sources import format_value
from ..widgets import Control, Frame
from ._pml_display import EMPTY, EMPTY_EDGE, POINT, WHITE, icon_colours

LESSON = "02_infusion_timing"
N_PEOPLE = 100
SIDE = 10  # 10 x 10 people per array
TITLE_WIDTH = 42  # characters per line of an array's title
TITLE_LINES = 3
OUTCOMES = (
    ("New MRI activity", "mri"),
    ("A relapse", "relapse"),
    ("Restarted natalizumab early", "restart"),
)
OUTCOME = Control("outcome", "What RESTORE counted", default="mri", options=OUTCOMES)


def _count(key: str) -> int:
    return int(sources.value(key))


def in_100(n: int, total: int) -> int:
    """People in 100 for n of total, rounded: the dots an array fills."""
    return int(round(100 * n / total))


def arrays(outcome: str) -> dict:
    """For each array ('left', 'right'): filled dots, the top of the range in dots, and the
    words of its title, both sides. Every count comes from the registry."""
    kept_n, kept_total = _count("restore.mri_kept_n"), _count("restore.mri_kept_total")
    if outcome == "mri":
        pl_n, pl_total = _count("restore.mri_placebo_n"), _count("restore.mri_placebo_total")
        left = (in_100(kept_n, kept_total), in_100(kept_n, kept_total),
                {"n": kept_n, "total": kept_total, "rest": kept_total - kept_n})
        right = (in_100(pl_n, pl_total), in_100(pl_n, pl_total),
                 {"n": pl_n, "total": pl_total, "rest": pl_total - pl_n,
                  "in100": in_100(pl_n, pl_total)})
    elif outcome == "relapse":
        kept = int(round(float(sources.value("restore.relapse_kept_pct"))))
        low, high = (int(round(float(v))) for v in sources.value("restore.relapse_paused_pct"))
        left = (kept, kept, {"n": kept, "rest": N_PEOPLE - kept})
        right = (low, high, {"low": low, "high": high, "rest_low": N_PEOPLE - high,
                             "rest_high": N_PEOPLE - low})
    elif outcome == "restart":
        n, total = _count("restore.restarted_n"), _count("restore.evaluable_n")
        left = (0, 0, {"n": 0, "total": kept_total, "rest": kept_total})
        right = (in_100(n, total), in_100(n, total),
                 {"n": n, "total": total, "rest": total - n, "in100": in_100(n, total)})
    else:
        raise ValueError(f"outcome must be one of {[v for _, v in OUTCOMES]}, got {outcome!r}")
    out = {}
    for side, (k, k_high, values) in (("left", left), ("right", right)):
        values = {**dict.fromkeys(PHRASE_KEYS, ""), **{n: f"{v}" for n, v in values.items()}}
        text = content.render(LESSON, f"readout restore: {outcome} {side}", values)
        out[side] = {"dots": k, "dots_high": k_high, "text": text, "values": values,
                     "title": _title(text)}
    return out


def _title(text: str) -> str:
    """An array's title, wrapped and padded to TITLE_LINES lines, so every choice of the menu
    fits the space the figure's layout kept for the first one."""
    lines = textwrap.wrap(text, TITLE_WIDTH)
    if len(lines) > TITLE_LINES:
        raise ValueError(f"a title of {len(lines)} lines does not fit {TITLE_LINES}: {text!r}")
    return "\n".join(lines + [""] * (TITLE_LINES - len(lines)))


# Every placeholder of the 'readout restore: <outcome> <side>' phrases (unused ones are empty).
PHRASE_KEYS = ("n", "total", "rest", "in100", "low", "high", "rest_low", "rest_high")


def compute_restore(outcome: str) -> dict:
    a = arrays(outcome)
    values = {"outcome": dict((v, label) for label, v in OUTCOMES)[outcome],
              "left": a["left"]["text"], "right": a["right"]["text"],
              "array_rows": [a["left"]["values"], a["right"]["values"]]}
    return {
        "outcome": outcome,
        "arrays": a,
        "icons": {side: icon_colours(a[side]["dots"], a[side]["dots_high"], N_PEOPLE)
                  for side in a},
        "found": {side: True for side in a},  # every array draws a published count
        "readout": content.readout(LESSON, "restore", values, restore_numbers()),
        "readout_values": values,
    }


def restore_numbers() -> dict:
    """The placeholders of the RESTORE readout and of lesson 02's main message."""
    def count(key):
        return lambda: f"{_count(key)}"
    return {"pause": content.figure("restore.pause_weeks"),
            "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks")),
            "placebo_n": count("restore.mri_placebo_n"),
            "placebo_total": count("restore.mri_placebo_total"),
            "kept_n": count("restore.mri_kept_n"), "kept_total": count("restore.mri_kept_total")}


def _grid():
    i = np.arange(N_PEOPLE)
    return i % SIDE, SIDE - 1 - i // SIDE


def draw_restore(fig, r) -> Frame:
    from matplotlib.lines import Line2D

    x, y = _grid()
    artists = {}
    for i, side in enumerate(("left", "right")):
        ax = fig.add_subplot(1, 2, i + 1)
        face, edge = r["icons"][side]
        sc = ax.scatter(x, y, s=95, marker="o", facecolors=face, edgecolors=edge, linewidths=1.4)
        ax.set(xlim=(-0.8, SIDE - 0.2), ylim=(-0.8, SIDE - 0.2), aspect="equal", xticks=[],
               yticks=[])
        ax.grid(False)
        for spine in ax.spines.values():
            spine.set_visible(False)
        title = ax.set_title(r["arrays"][side]["title"], fontsize=12)
        artists[side] = sc
        artists[f"{side}_title"] = title
    handles = [
        Line2D([], [], marker="o", ls="none", ms=9, mfc=POINT, mec=POINT, label="counted"),
        Line2D([], [], marker="o", ls="none", ms=9, mfc=WHITE, mec=POINT, mew=1.5,
               label="more, up to the top of the range"),
        Line2D([], [], marker="o", ls="none", ms=9, mfc=EMPTY, mec=EMPTY_EDGE,
               label="not counted"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False, fontsize=12)
    return Frame(artists)


def update_restore(frame: Frame, r) -> bool:
    for side in ("left", "right"):
        face, edge = r["icons"][side]
        frame.artists[side].set_facecolors(face)
        frame.artists[side].set_edgecolors(edge)
        frame.artists[f"{side}_title"].set_text(r["arrays"][side]["title"])
    return True  # titles change: a full redraw
