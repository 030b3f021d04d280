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

# Contrast (WCAG 2.1 SC 1.4.11): every colour that carries meaning reaches 3:1 against the white
# axes. Okabe-Ito orange (2.3:1), sky blue (2.3:1) and yellow (1.3:1) do not, so they are used
# only as light fills with a darker edge, or replaced by a darker shade of the same hue for lines
# (ratios on white in the comments; tests/test_figures.py measures every drawn artist).
DARK_BLUE = "#004D7A"     # 9.0:1: a 95% interval's lines, spread-band edges
DARK_ORANGE = "#A86400"   # 4.7:1: orange lines and the edges of orange spans
DARK_PURPLE = "#A8508A"   # 5.0:1: reddish-purple lines
EMPTY_DOT = "#DDDDDD"     # the light fill of a "did not get PML" dot (1.4:1) ...
EMPTY_EDGE = GREY         # ... kept visible by its 4.5:1 rim

# A light fill that carries no meaning of its own (a texture, a background area named by its
# text); where it marks something, its boundary is drawn as a line that meets 3:1.
TEXTURE = "nz-texture"
# A cursor: the line the reader moves with a control. It may pass over a label while the reader
# drags it (it marks where they put it); static lines never do (tests/test_figures.py).
CURSOR = "nz-cursor"
# The "MS activity may return" zone: a light hatched fill (texture, not meaning) whose boundary is
# a 1 px line in the zone's text colour (9.5:1). Figures draw it with helpers.views._panels.
ZONE_FILL = {"facecolor": (0.835, 0.369, 0.0, ZONE_ALPHA), "edgecolor": (0.835, 0.369, 0.0, 0.3),
             "hatch": "//", "linewidth": 0, "gid": TEXTURE}
ZONE_EDGE = {"color": ZONE_TEXT, "linewidth": 1.0, "linestyle": "-"}
# A light span (weeks when relapses came back) keeps its light fill and gets a darker edge.
SPAN = {"facecolor": (0.902, 0.624, 0.0, 0.15), "edgecolor": DARK_ORANGE, "linewidth": 1.0}
# The spread between people: a light band with a thin darker rim.
BAND = {"facecolor": (0.337, 0.706, 0.914, 0.25), "edgecolor": DARK_BLUE, "linewidth": 0.6}
# A 95% interval's ends: at least 2 px, dark blue, dash-dot.
CI_LINE = {"color": DARK_BLUE, "linestyle": "-.", "linewidth": 1.6}

# One look per series, the same in every panel of a lesson (the blood level and the receptor
# cover of one scenario share its colour and line style; the panel's title says which is which).
SERIES = {
    "chosen": {"color": OKABE_ITO["blue"], "linestyle": "-"},
    "changed": {"color": OKABE_ITO["vermillion"], "linestyle": "--"},
    "reference": REFERENCE_LINE,
    "other": {"color": OKABE_ITO["bluish_green"], "linestyle": "-."},
    "light": {"color": OKABE_ITO["bluish_green"], "linestyle": "--", "linewidth": 1.4},
    "heavy": {"color": DARK_PURPLE, "linestyle": "-.", "linewidth": 1.4},
}


def series(kind: str, name: str | None = None, **kw) -> dict:
    """Keyword arguments for ``ax.plot`` drawing the series `kind` (a key of :data:`SERIES`);
    `name` tags the line (``gid="series:<name>"``) so the tests can check that one series looks
    the same in every panel, whether or not it is in a legend."""
    out = dict(SERIES[kind])
    if name is not None:
        out["gid"] = f"series:{name}"
    return {**out, **kw}

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
