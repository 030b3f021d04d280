"""Figures that anyone can read: every colour that carries meaning reaches 3:1 against its
background (text 4.5:1), one series looks the same in every panel of a lesson, the icon arrays
come in blocks of 100, and no label, legend or annotation overlaps another or a curve at any
control value of the sweep grid (tests/sweeps.py). What is measured, and how, is in
tests/figures.py."""
from collections import defaultdict

import numpy as np
import pytest

from helpers.views import REGISTRY
from tests import figures as F

VIEWS = F.figure_views()


@pytest.fixture(scope="module")
def built():
    """Each figure view built once for this module (the sweeps move it through the grid)."""
    return {}


def _view(built, name):
    if name not in built:
        built[name] = REGISTRY[name].build()
    return built[name]


@pytest.mark.parametrize("name", VIEWS)
def test_meaning_carrying_colours_reach_3_to_1(built, name):
    """Lines, markers, zones, spans, bands and dots against the axes' background, at the default
    and at every value of the sweep grid (a CI or a legend item can appear only for some)."""
    view = _view(built, name)
    low = {}
    for _, result in F.grid_sample(name, limit=25):
        F.at(view, result)
        for where, artist, colour, ratio in F.graphic_contrasts(view.fig):
            if ratio < F.GRAPHIC_MIN:
                low[(where, artist, colour)] = ratio
        for text, colour, ratio in F.text_contrasts(view.fig):
            if ratio < F.TEXT_MIN:
                low[("text", text, colour)] = ratio
    assert not low, "\n".join(f"{name}: {w} {a} {c} {r:.2f}:1" for (w, a, c), r in low.items())


def test_one_series_one_look_in_every_panel_of_a_lesson(built):
    """Within a lesson, a labelled series (or one tagged ``gid='series:<name>'``) has one colour
    and one line style wherever it is drawn."""
    looks = defaultdict(lambda: defaultdict(set))
    for name in VIEWS:
        lesson = name.split(".")[0]
        for label, colour, ls in F.series_styles(_view(built, name).fig):
            looks[lesson][label].add((colour, str(ls), name))
    bad = []
    for lesson, labels in looks.items():
        for label, seen in labels.items():
            if len({(c, ls) for c, ls, _ in seen}) > 1:
                bad.append(f"{lesson}: {label!r} drawn as {sorted(seen)}")
    assert not bad, "\n".join(bad)


def test_series_tags_and_labels_are_read():
    """The consistency test sees both a legend label and a tag on an unlabelled panel line."""
    fig = REGISTRY["infusion_timing.interval"].build().fig
    labels = [label for label, _, _ in F.series_styles(fig)]
    assert labels.count("chosen interval") == 2


@pytest.mark.parametrize("name", VIEWS)
def test_no_label_overlaps_another_or_a_curve(built, name):
    """Texts, titles, axis labels and legends, in display pixels, over the whole sweep grid."""
    view = _view(built, name)
    problems = {}
    for params, result in F.grid_sample(name):
        F.at(view, result)
        for problem in F.overlaps(view.fig):
            problems.setdefault(problem, params)
    assert not problems, "\n".join(f"{name} at {p}: {problem}"
                                   for problem, p in list(problems.items())[:15])


PHONE_BOX_PX = 356   # a figure's box on a 390 px wide phone, as the page reports it
OTHER_PHONE_BOXES_PX = (374,)   # a larger phone (smaller ones and 420 px: see CONTRIBUTING)


@pytest.mark.parametrize("name", F.figure_views())
def test_no_label_overlaps_another_or_a_curve_on_a_phone(name):
    """The drawing for a phone's width (panels stacked, text wrapped, legends one entry a line):
    the same overlap rules at the default and at every control alone at each of its values."""
    view = REGISTRY[name].build()
    view.show_width(PHONE_BOX_PX)
    assert view.width_px == PHONE_BOX_PX, f"{name} keeps its laptop drawing on a phone"
    singles = 1 + sum(len(c.sweep_values()) for c in REGISTRY[name].controls)
    problems = {}
    for params, result in F.grid_sample(name, limit=singles):
        F.at(view, result)
        for problem in F.overlaps(view.fig):
            problems.setdefault(problem, params)
    for width in OTHER_PHONE_BOXES_PX:   # other phones: the same rules at the default
        other = REGISTRY[name].build()
        other.show_width(width)
        for problem in F.overlaps(F.at(other, other.result)):
            problems.setdefault(problem, f"the default, {width} px")
    assert not problems, "\n".join(f"{name} on a phone at {p}: {problem}"
                                   for problem, p in list(problems.items())[:15])


def test_the_overlap_check_finds_a_label_on_a_curve():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.text(0.5, 0.5, "on the line", ha="center")
    ax.text(0.05, 0.9, "clear")
    fig.canvas.draw()
    assert any("'on the line' crosses" in p for p in F.overlaps(fig))
    assert not any("'clear'" in p for p in F.overlaps(fig))


def test_contrast_ratios_match_wcag_examples():
    assert F.contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert F.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert F.contrast("#D55E00", "#FFFFFF", alpha=0.12) < 1.2


def test_icon_array_is_ten_blocks_of_100_with_gaps():
    """Every 10 columns and every 10 rows a gap wider than the dot spacing; cases fill the
    top-left block first."""
    from helpers.views import _pml_display as D

    x, y = D._grid()
    xs, ys = np.unique(np.round(x, 6)), np.unique(np.round(y, 6))
    assert len(xs) == D.COLS and len(ys) == D.ROWS
    for values in (xs, ys):
        steps = np.diff(values)
        gaps = np.flatnonzero(steps > 1.5)
        assert list(gaps + 1) == list(range(10, len(values), 10)), steps
    first = slice(0, 100)
    assert np.ptp(x[first]) == 9 and np.ptp(y[first]) == 9
    assert x[0] == xs[0] and y[0] == ys[-1]


def test_only_known_cursors_pass_over_words(built):
    """The one exemption, kept visible: in lesson 05's gap figure the week cursor the reader
    drags crosses the 'RESTORE' and 'MRI activity' notes on the receptor panel at some gaps.
    Every other view is clean even counting its cursor."""
    crossing = set()
    for name in VIEWS:
        view = _view(built, name)
        if not any(line.get_gid() == F.CURSOR for ax in view.fig.axes for line in ax.lines):
            continue
        for _, result in F.grid_sample(name, limit=25):
            F.at(view, result)
            if F.overlaps(view.fig, strict=True):
                crossing.add(name)
                break
    assert crossing <= {"switching_and_planning.switch_gap"}, crossing
