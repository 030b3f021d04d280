"""Lesson 01's drawn diagram of the leukocyte adhesion cascade: the five steps (their words, what
happens and where natalizumab acts, are in the lesson's content file), the controls, and how a
step is computed and drawn. Registered
by :mod:`helpers.views.how_natalizumab_works` as ``how_natalizumab_works.cascade``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import Ellipse, FancyBboxPatch, Rectangle

from .. import content
from ..style import GREY, OKABE_ITO, TEXTURE
from ..widgets import Control, Frame

LESSON = "01_how_natalizumab_works"  # its words: helpers/content/01_...md


@dataclass(frozen=True)
class Step:
    name: str
    what: str
    natalizumab: str
    cell_without: tuple  # (x, y, width, height) of the white cell
    cell_with: tuple

    @classmethod
    def from_content(cls, number: int, cell_without: tuple, cell_with: tuple) -> "Step":
        """Step `number`, its words from block 'readout cascade: step N' of the content file."""
        words = content.fields(LESSON, f"readout cascade: step {number}")
        return cls(words["name"], words["what"], words["natalizumab"], cell_without, cell_with)


STEPS = (
    Step.from_content(1, (1.0, 2.55, 0.62, 0.62), (1.0, 2.85, 0.62, 0.62)),
    Step.from_content(2, (3.0, 2.4, 0.66, 0.58), (3.0, 2.85, 0.62, 0.62)),
    Step.from_content(3, (5.0, 2.3, 0.9, 0.42), (5.0, 2.9, 0.62, 0.62)),
    Step.from_content(4, (7.0, 2.25, 1.0, 0.36), (7.0, 2.9, 0.62, 0.62)),
    Step.from_content(5, (9.0, 1.75, 0.36, 0.9), (9.0, 2.9, 0.62, 0.62)),
)
STEP_X = tuple(s.cell_without[0] for s in STEPS)
CASCADE_DRUGS = (("Without natalizumab", "without"), ("With natalizumab", "with"))
CASCADE_CONTROLS = (
    Control("step", "Step of the cascade (1 to 5)", default=1, min=1, max=len(STEPS), step=1),
    Control("drug", "Treatment shown", default="without", options=CASCADE_DRUGS),
)
WALL_Y = (1.6, 2.0)
BLOOD_Y = (2.0, 3.35)


def compute_cascade(step: int, drug: str) -> dict:
    s = STEPS[int(step) - 1]
    on = drug == "with"
    x, y, w, h = s.cell_with if on else s.cell_without
    values = {"step": f"{step}", "steps": f"{len(STEPS)}", "step_name": s.name, "what": s.what,
              "where_acts": s.natalizumab, "what_now": s.what[0].lower() + s.what[1:].rstrip("."),
              "drug": on, "caught": on and step < 3, "swept": on and 3 <= step < 5,
              "crossing": on and step == 5}
    return {
        "step": int(step),
        "cell_x": x, "cell_y": y, "cell_w": w, "cell_h": h,
        "drug_on": on,
        "readout": content.readout(LESSON, "cascade", values),
        "readout_values": values,
    }


def _antibody_marks(x, y, w, h):
    """Points around the lower half of the cell where antibodies sit on alpha-4."""
    angles = np.linspace(np.pi * 1.1, np.pi * 1.9, 5)
    return x + 0.55 * w * np.cos(angles), y + 0.55 * h * np.sin(angles)


def draw_cascade(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(xlim=(0, 10), ylim=(0, 4), xticks=[], yticks=[])
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.add_patch(Rectangle((0, BLOOD_Y[0]), 10, BLOOD_Y[1] - BLOOD_Y[0],
                           color=OKABE_ITO["vermillion"], alpha=0.08, lw=0, gid=TEXTURE))
    ax.add_patch(Rectangle((0, 0), 10, WALL_Y[0], color=OKABE_ITO["bluish_green"], alpha=0.08,
                           lw=0, gid=TEXTURE))
    ax.text(0.1, 3.15, "Blood flow →", fontsize=12)
    ax.text(9.9, 0.12, "Brain", fontsize=12, ha="right")
    ax.text(9.9, 1.27, "Vessel wall (blood-brain barrier)", fontsize=12, ha="right")
    for left in (0.05, 2.05, 4.05, 6.05, 8.05, 9.1):
        right = 8.9 if left == 8.05 else (9.95 if left == 9.1 else left + 1.9)
        ax.add_patch(FancyBboxPatch((left, WALL_Y[0]), right - left, WALL_Y[1] - WALL_Y[0],
                                    boxstyle="round,pad=0,rounding_size=0.12",
                                    fc=(*to_rgb(OKABE_ITO["orange"]), 0.45), ec="0.3", lw=0.8))
    vcam_x = np.arange(0.3, 9.9, 0.45)
    ax.plot(vcam_x, np.full_like(vcam_x, WALL_Y[1] + 0.06), "|", ms=8,
            color=OKABE_ITO["vermillion"], mew=2)
    ax.text(0.15, 1.27, "Red ticks: VCAM-1 on the wall", fontsize=12, color="#7A2E00")
    for i in range(len(STEPS)):
        ax.text(STEP_X[i], 3.7, _step_title(i), fontsize=12, ha="center", va="center",
                color=GREY)
    # one animated title drawn over the current step's grey one: a blit draws one text, not five
    title = ax.text(STEP_X[0], 3.7, _step_title(0), fontsize=12, ha="center", va="center",
                    fontweight="bold", color=OKABE_ITO["black"],
                    bbox={"fc": "white", "ec": "none", "pad": 2})
    box = Rectangle((STEP_X[0] - 0.98, 1.56), 1.96, 2.36, fill=False, ec=OKABE_ITO["black"],
                    lw=1.8, ls="--")
    ax.add_patch(box)
    cell = Ellipse((r["cell_x"], r["cell_y"]), r["cell_w"], r["cell_h"],
                   fc=OKABE_ITO["sky_blue"], ec=OKABE_ITO["blue"], lw=2)
    ax.add_patch(cell)
    (marks,) = ax.plot(*_antibody_marks(r["cell_x"], r["cell_y"], r["cell_w"], r["cell_h"]),
                       "v", ms=7, color=OKABE_ITO["reddish_purple"], ls="none")
    (few,) = ax.plot([9.0], [0.9], "o", ms=12, mfc="none", mec=OKABE_ITO["blue"], mew=2)
    caption = ax.text(0.15, 0.8, "", fontsize=12, va="center")
    action = ax.text(0.15, 0.35, "", fontsize=12, va="center", color="#5B3A8C")
    frame = Frame({"cell": cell, "marks": marks, "few": few, "box": box, "title": title,
                   "caption": caption, "action": action})
    update_cascade(frame, r)
    return frame


def update_cascade(frame: Frame, r) -> bool:
    a = frame.artists
    i = r["step"] - 1
    a["cell"].set_center((r["cell_x"], r["cell_y"]))
    a["cell"].set_width(r["cell_w"])
    a["cell"].set_height(r["cell_h"])
    a["marks"].set_data(*_antibody_marks(r["cell_x"], r["cell_y"], r["cell_w"], r["cell_h"]))
    a["marks"].set_visible(r["drug_on"])
    a["few"].set_visible(r["drug_on"] and r["step"] == len(STEPS))
    a["box"].set_x(STEP_X[i] - 0.98)
    a["title"].set_position((STEP_X[i], 3.7))
    a["title"].set_text(_step_title(i))
    s = STEPS[i]
    a["caption"].set_text(s.what)
    a["action"].set_text(("Natalizumab (purple marks): " + _short_action(i)) if r["drug_on"] else
                         "Switch on natalizumab to see where it acts.")
    return False


def _step_title(i: int) -> str:
    return f"{i + 1}. {STEPS[i].name.split(' (')[0]}".replace(" and ", ", ")


def _short_action(i: int) -> str:
    return ("fewer cells caught (alpha-4 helps catch them here)",
            "signals still arrive; the alpha-4 grips are covered",
            "VLA-4 cannot bind VCAM-1: the cell is swept on",
            "crawling along the wall is blocked too",
            "few cross; a few (Th17 cells in mice) still get in (circle)")[i]
