"""Figure style for the collection: colour-blind-safe, projector-readable, deterministic.

Colours are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"); every series also
gets its own line style, so a plot still reads in greyscale or for a reader who cannot tell the
colours apart. Fonts are sized for a projector at the back of a room.

Deterministic output: :func:`context` fixes the SVG hash salt and the DPI, so strict nbval sees the
same output run after run. Views build and draw their figures inside :func:`context`, so importing
or using the collection never changes a learner's global matplotlib settings.
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
    OKABE_ITO[k]
    for k in (
        "blue",
        "vermillion",
        "bluish_green",
        "reddish_purple",
        "orange",
        "sky_blue",
        "black",
        "yellow",
    )
]
LINE_STYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1)), (0, (8, 2)), (0, (3, 3))]

# Neutral and text colours beside the palette: grey for reference curves, dark orange-brown for
# text on the vermillion "activity may return" zone, dark red for error messages. Each has a
# contrast ratio of at least 4.5:1 on white (WCAG AA for text).
GREY = "#767676"
ZONE_TEXT = "#7A2E00"
ALERT_TEXT = "#A0410D"
ZONE_ALPHA = 0.12
REFERENCE_LINE = {"color": GREY, "linestyle": ":", "linewidth": 1.8}

FONT_SIZE = 13
DPI = 100

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
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "natalizumab-notebooks",
    "svg.fonttype": "none",
    "path.simplify": True,
    "axes.prop_cycle": matplotlib.cycler(color=SERIES_COLOURS, linestyle=LINE_STYLES),
}


def context():
    """A context manager applying the collection's style to figures built inside it only."""
    return matplotlib.rc_context(RC)
