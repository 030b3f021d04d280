"""The figure style: Okabe-Ito colours, a line style as a second cue, projector-sized fonts."""
import matplotlib

from helpers import style

OKABE_ITO_HEX = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def test_palette_is_okabe_ito():
    assert set(style.OKABE_ITO.values()) == OKABE_ITO_HEX
    assert set(style.SERIES_COLOURS) == OKABE_ITO_HEX


def test_each_series_has_its_own_colour_and_line_style():
    first = [style.series_style(i) for i in range(len(style.SERIES_COLOURS))]
    assert len({s["color"] for s in first}) == len(first)
    assert len({str(s["linestyle"]) for s in first}) == len(first)
    assert style.series_style(len(first)) == first[0]


def test_apply_sets_readable_deterministic_defaults():
    style.apply()
    style.apply()
    rc = matplotlib.rcParams
    assert rc["font.size"] >= 12 and rc["lines.linewidth"] >= 2
    assert rc["svg.hashsalt"] == style.RC["svg.hashsalt"]
    cycle = list(rc["axes.prop_cycle"])
    assert cycle[0]["color"] == style.SERIES_COLOURS[0] and "linestyle" in cycle[0]
