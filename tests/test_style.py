"""The figure style: Okabe-Ito colours, a line style as a second cue, projector-sized fonts, and no
change to a learner's global matplotlib settings."""
import matplotlib

from helpers import style

OKABE_ITO_HEX = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
                 "#CC79A7"}


def test_palette_is_okabe_ito():
    assert set(style.OKABE_ITO.values()) == OKABE_ITO_HEX
    assert set(style.SERIES_COLOURS) == OKABE_ITO_HEX


def test_each_series_has_its_own_colour_and_line_style():
    cycle = list(style.RC["axes.prop_cycle"])
    assert len({c["color"] for c in cycle}) == len(cycle) == len(style.SERIES_COLOURS)
    assert len({str(c["linestyle"]) for c in cycle}) == len(cycle)


def relative_luminance(hex_colour):
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_text_colours_meet_wcag_aa_on_white():
    for colour in (style.GREY, style.ZONE_TEXT, style.ALERT_TEXT):
        assert 1.05 / (relative_luminance(colour) + 0.05) >= 4.5, colour


def test_context_is_readable_deterministic_and_leaves_global_settings_alone():
    before = dict(matplotlib.rcParams)
    with style.context():
        rc = matplotlib.rcParams
        assert rc["font.size"] >= 12 and rc["lines.linewidth"] >= 2
        assert rc["svg.hashsalt"] == style.RC["svg.hashsalt"]
        assert list(rc["axes.prop_cycle"])[0]["color"] == style.SERIES_COLOURS[0]
    assert dict(matplotlib.rcParams) == before


def test_building_a_view_leaves_global_settings_alone():
    from helpers.views import REGISTRY

    before = dict(matplotlib.rcParams)
    for spec in REGISTRY.values():
        spec.build()
    assert dict(matplotlib.rcParams) == before
