"""Figure style for the collection: colour-blind-safe, projector-readable, deterministic.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"); every series also
gets its own line style, so a plot still reads in greyscale or for a reader who cannot tell the
colours apart. Fonts are sized for a projector at the back of a room.

Deterministic output: `apply()` fixes the SVG hash salt, drops the date from saved files and uses
the Agg backend's PNG output, so strict nbval sees the same text output run after run.
"""
from __future__ import annotations

import matplotlib

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

# Order used for series: strong contrasts first; yellow last (weak on white backgrounds).
SERIES_COLOURS = [
    OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange", "sky_blue",
                           "black", "yellow")
]
LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)), (0, (3, 3))]

FONT_SIZE = 13

RC = {
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 1,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": FONT_SIZE - 1,
    "ytick.labelsize": FONT_SIZE - 1,
    "legend.fontsize": FONT_SIZE - 1,
    "lines.linewidth": 2.4,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "svg.hashsalt": "natalizumab-notebooks",
    "svg.fonttype": "none",
    "path.simplify": True,
}


def series_style(i: int) -> dict:
    """Colour and line style for the i-th series (cycles after eight)."""
    return {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "linestyle": LINE_STYLES[i % len(LINE_STYLES)]}


def apply() -> None:
    """Apply the collection's style to matplotlib (idempotent)."""
    matplotlib.rcParams.update(RC)
    matplotlib.rcParams["axes.prop_cycle"] = matplotlib.cycler(
        color=SERIES_COLOURS, linestyle=LINE_STYLES
    )

