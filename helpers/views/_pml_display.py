"""How lesson 03 shows a PML estimate, shared by its views: the profile controls, the pieces of
an estimate's readout (source name, other published figures; the readout's words are in
helpers/content/03_duration_and_monitoring.md) and the icon array of 1,000 people (one scatter
whose colours change in place, so a move is a blit).

Estimates come from :mod:`helpers.pml` (cell by cell from pml_risk.csv); readouts give numbers for
a profile from a named population, never a verdict.
"""

from __future__ import annotations

import numpy as np

from .. import pml, sources
from ..sources import format_value
from ..style import EMPTY_DOT, EMPTY_EDGE, OKABE_ITO
from ..widgets import Control, Frame

N_PEOPLE = 1000
ROWS, COLS = 20, 50
BLOCK = 10      # people are drawn in blocks of 10 x 10 = 100 ...
BLOCK_GAP = 0.9  # ... with a gap between blocks, so counts read without counting dots

ANTI_JCV_OPTIONS = (
    ("Anti-JCV antibodies: positive", "positive"),
    ("Anti-JCV antibodies: negative", "negative"),
    ("Anti-JCV antibodies: not tested", "not tested"),
)
PRIOR_IS_OPTIONS = (
    ("Earlier immunosuppressant medicine: no", False),
    ("Earlier immunosuppressant medicine: yes", True),
)
INDEX_OPTIONS = (
    ("Antibody index: not known", "not known"),
    ("Antibody index: 0.5", 0.5),
    ("Antibody index: 0.9", 0.9),
    ("Antibody index: 1.2", 1.2),
    ("Antibody index: 1.5", 1.5),
    ("Antibody index: 2.0", 2.0),
    ("Antibody index: 3.0", 3.0),
)
ANTI_JCV = Control("anti_jcv", "Antibody test result", default="positive",
                   options=ANTI_JCV_OPTIONS)
PRIOR_IS = Control("prior_is", "Earlier immunosuppressants", default=False,
                   options=PRIOR_IS_OPTIONS)
INDEX = Control("index", "Antibody index", default="not known", options=INDEX_OPTIONS)
MONTHS_MAX = 72
MONTHS = Control("months", "Months of treatment (months)", default=30, min=0, max=MONTHS_MAX,
                 step=1)
MONTHS_48 = Control("months", "Months of treatment (months)", default=30, min=1,
                    max=pml.LAST_MONTH_ESTIMATED, step=1)


def _index(value):
    return None if value == "not known" else float(value)


def estimate_for(anti_jcv: str, months: float, prior_is: bool, index) -> pml.Estimate:
    """The estimate for a profile as the controls give it (the index only for positive)."""
    idx = _index(index) if anti_jcv == "positive" else None
    return pml.risk(anti_jcv, months, prior_is, idx)


SHORT_NAMES = {
    "bloomgren_2012": "Bloomgren 2012",
    "berger_2013_mirror": "Bloomgren 2012, as quoted by Berger 2013 (read in a copy)",
    "cns_review_2014": "Bloomgren 2012, as quoted in a 2014 review (CNS Drugs)",
    "sorensen_table_2012": "Sørensen strata (2012 table)",
    "ho_2017": "Ho 2017",
}


def source_name(key: str) -> str:
    if key in SHORT_NAMES:
        return SHORT_NAMES[key]
    s = sources.SOURCES[key]
    return f"{s.authors} {s.year}".strip() if s.authors else (s.publisher or s.title)


def other_text(other) -> str:
    """Another published figure for the same profile, as people in 1,000 over its period."""
    if isinstance(other, str):
        return other
    pml.record_use(other)
    return (f"{other.population}: "
            f"{pml.people_text(other.value, other.qualifier, other.period, other.ci)}")


# ---------------------------------------------------------------------------------------------
# Icon arrays: 1,000 people, one scatter, colours changed in place
# ---------------------------------------------------------------------------------------------
POINT = OKABE_ITO["vermillion"]
EMPTY = EMPTY_DOT        # a light fill (1.4:1 on white) ...
# ... and EMPTY_EDGE, a #767676 rim (4.5:1): the people without PML stay visible
WHITE = "#FFFFFF"


def icon_counts(point: float | None, rng: tuple | None) -> tuple[int, int]:
    """(people shown as cases at the estimate, people up to the upper end of its range) in
    1,000; the range adds people only where the source gives one. Without an estimate nobody is
    drawn at all (see :func:`update_icons`), so this is never called with None."""
    if point is None:
        raise ValueError("no estimate: draw no people at all rather than 1,000 without PML")
    k = int(round(point))
    high = max(k, int(round(rng[1])) if rng else k)
    if high > N_ANIMATED:
        raise ValueError(f"an icon array shows at most {N_ANIMATED} cases, got {high}")
    return k, high


def icon_colours(k_point: int, k_high: int,
                 n_people: int = N_PEOPLE) -> tuple[np.ndarray, np.ndarray]:
    """Face and edge colours (RGBA) of `n_people` markers (1,000 here; lesson 02's RESTORE arrays
    draw 100): filled vermillion for the estimate or count, hollow vermillion up to the upper end
    of the range, light grey with a darker rim for everyone else."""
    from matplotlib.colors import to_rgba

    face = np.tile(to_rgba(EMPTY), (n_people, 1))
    edge = np.tile(to_rgba(EMPTY_EDGE), (n_people, 1))
    face[:k_point] = to_rgba(POINT)
    edge[:k_high] = to_rgba(POINT)
    face[k_point:k_high] = to_rgba(WHITE)
    return face, edge


def icon_result(est_point: float | None, rng: tuple | None):
    """The colours of one icon array, or None where no estimate exists: then no person is drawn,
    neither with PML nor without (a picture of 1,000 people without PML would show zero risk)."""
    if est_point is None:
        return None
    return icon_colours(*icon_counts(est_point, rng))


def _grid():
    """x, y of the 1,000 people: ten blocks of 100 (5 across, 2 down), each 10 x 10 and filled row
    by row from the top-left block, so the first cases sit together in the first block. Centred
    where a plain 50 x 20 grid would be (captions placed at COLS / 2 stay centred)."""
    i = np.arange(N_PEOPLE)
    block, within = divmod(i, BLOCK * BLOCK)
    row, col = divmod(within, BLOCK)
    blocks_across = COLS // BLOCK
    bx, by = block % blocks_across, block // blocks_across
    x = bx * (BLOCK + BLOCK_GAP) + col - BLOCK_GAP * (blocks_across - 1) / 2
    y = (ROWS - 1) - (by * (BLOCK + BLOCK_GAP) + row) + BLOCK_GAP * (ROWS // BLOCK - 1) / 2
    return x, y


NO_ESTIMATE_CAPTION = ("No published estimate for this profile: no dots are drawn (not zero "
                       "risk). Ask your MS team.")
N_ANIMATED = 60   # only the first markers ever change colour (the highest count is 15)
NO_ESTIMATE = "No published estimate for this profile.\nNo dots are drawn: this is not zero risk."


def icon_axes(ax, title: str, size: float = 34):
    """The 1,000 people drawn once into the background, and one scatter of the first N_ANIMATED
    on top whose colours change in place (a blit redraws only those). The background people and
    a "no estimate" message hang on the returned scatter (``nz_all``, ``nz_none``): where no
    estimate exists :func:`update_icons` hides the people and shows the message."""
    x, y = _grid()
    face, edge = icon_colours(0, 0)
    width = 1.4 if size > 20 else 0.9
    everyone = ax.scatter(x, y, s=size, marker="o", facecolors=face, edgecolors=edge,
                          linewidths=width)
    sc = ax.scatter(x[:N_ANIMATED], y[:N_ANIMATED], s=size, marker="o",
                    facecolors=face[:N_ANIMATED], edgecolors=edge[:N_ANIMATED], linewidths=width)
    x_pad = BLOCK_GAP * (COLS // BLOCK - 1) / 2
    y_pad = BLOCK_GAP * (ROWS // BLOCK - 1) / 2
    ax.set(xlim=(-1 - x_pad, COLS + x_pad), ylim=(-1.2 - y_pad, ROWS + y_pad), aspect="equal",
           xticks=[], yticks=[])
    ax.grid(False)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=13)
    sc.nz_all = everyone
    sc.nz_none = ax.text(COLS / 2, ROWS / 2, NO_ESTIMATE, ha="center", va="center", fontsize=13,
                         visible=False, wrap=True)
    return sc


def icon_legend(fig):
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="none", ms=9, mfc=POINT, mec=POINT,
               label="got PML (the estimate)"),
        Line2D([], [], marker="o", ls="none", ms=9, mfc=WHITE, mec=POINT, mew=1.5,
               label="more, up to the top of the 95% range"),
        Line2D([], [], marker="o", ls="none", ms=9, mfc=EMPTY, mec=EMPTY_EDGE,
               label="did not get PML"),
    ]
    fig.nz_legend = fig.legend(handles=handles, loc="lower center", ncol=3, frameon=False,
                               fontsize=12)


def update_icons(frame: Frame, r) -> bool:
    """Colours in place; where an array has no estimate (None), its people and the legend are
    hidden and the "no estimate" message shown. A change of what is visible is a full redraw."""
    changed = False
    for name, colours in r["icons"].items():
        sc = frame.artists[name]
        shown = colours is not None
        if sc.nz_all.get_visible() != shown:
            sc.nz_all.set_visible(shown)
            sc.nz_none.set_visible(not shown)
            changed = True
        sc.set_visible(shown)
        if shown:
            sc.set_facecolors(colours[0][:N_ANIMATED])
            sc.set_edgecolors(colours[1][:N_ANIMATED])
    legend = getattr(next(iter(frame.artists.values())).figure, "nz_legend", None)
    everyone_shown = all(c is not None for c in r["icons"].values())
    if legend is not None and legend.get_visible() != everyone_shown:
        legend.set_visible(everyone_shown)
        changed = True
    for name, text in r.get("texts", {}).items():
        frame.artists[name].set_text(text)
    return changed


def icon_caption(est_point, rng, qualifier="", period="", sep="; ", event="got PML",
                 rest="did not") -> str:
    """Both sides, over the estimate's period: '5 of 1,000 got PML during months 25 to 48 of
    treatment (4.6 per 1,000); 995 did not'. With ``sep='\\n'`` (on a figure) three lines at
    most: both sides, the period with the number, the range."""
    if est_point is None:
        return NO_ESTIMATE_CAPTION
    k, high = icon_counts(est_point, rng)
    number = format_value(est_point, "") + " per 1,000" + (" or less" if qualifier == "up to"
                                                          else "")
    got = (f"Fewer than 1 of 1,000 {event}" if k == 0 else f"{k} of 1,000 {event}")
    others = f"more than 999 {rest}" if k == 0 else f"{N_PEOPLE - k} {rest}"
    when = f"{period} ({number})".strip()
    if high > k:
        extra = [f"up to {high} at the top of the 95% range"]
    elif rng:
        extra = [f"95% range up to {format_value(rng[1], '')} per 1,000"]
    else:
        extra = []
    if sep == "\n":
        return "\n".join([f"{got}, {others},", when, *extra])
    return sep.join([f"{got} {when}", others, *extra])
