"""A live figure drawn for a narrow screen (a phone), by :class:`helpers.widgets.LiveFigure`.

Where the laptop figure would show its text under :data:`NARROW_TEXT_PX`, the view draws a second
figure for the width the page reports: panels a view lays out in one row are stacked
(:func:`_stacked_figure_class`), titles, labels and notes wrap, every other label of a crowded
axis is left out, a fixed note drawn over another is left out, and the figure is drawn
``1 / NARROW_SCALE`` times wider than shown, so its smallest text (12 pt, 16.7 px drawn) shows
at about 12 px. Measured on a phone's 390x844 in the Voila app: 12.2 px (it was 6.6 px).
"""
from __future__ import annotations

import functools
import math
from typing import Iterable

from . import style

NARROW_TEXT_PX = 11.5
NARROW_SCALE = 0.72
NARROW_MIN_PX = 360
NARROW_KEPT = 2             # narrow figures kept besides the laptop one (a phone turned around)


def _narrow_height(width_px: int, rows: float) -> int:
    """A stacked figure's height: each panel about 2/3 as high as it is wide, plus room for a
    legend or caption under them."""
    return round(width_px * (0.66 * rows + 0.12))


class _Drawn:
    """One drawing of a live figure: its figure, canvas, artists, size and smallest text."""

    def __init__(self, fig, canvas, frame, animated, size_px):
        self.fig, self.canvas, self.frame, self.animated = fig, canvas, frame, animated
        self.size_px, self.min_font_px = size_px, float(style.FONT_SIZE)
        self.base_height = size_px[1]
        self.layout = self.engine = None   # the layout engine: kept to lay it out again
        self.hidden: set = set()           # fixed notes left out on a phone


def _fit_narrow(fig) -> None:
    """Fit a narrow figure's text to its width, at the same font sizes: titles, labels and notes
    wrap (legends keep their place and columns); every other label of a crowded axis is left out
    (at most MAX_NARROW_TICKS a side)."""
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    ticks = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_text()]
            ticks.update(axis.get_ticklabels(which="both"))
            if axis is ax.xaxis and len(labels) > MAX_NARROW_TICKS:
                for t in labels[1::2]:
                    t.set_visible(False)
    for leg in fig.findobj(Legend):  # a wrapped legend text has no renderer at layout time
        ticks.update([*leg.texts, leg.get_title()])
        ax = leg.axes if leg.axes is not leg.figure else None
        anchor = leg.get_bbox_to_anchor().transformed(ax.transAxes.inverted()) if ax else None
        if anchor is not None and anchor.x0 > 0.98:  # beside its axes: under it on a phone
            leg.set_loc("upper center")
            leg.set_bbox_to_anchor((0.5, -0.22), transform=ax.transAxes)
    for t in fig.findobj(Text):
        if t not in ticks:
            t.set_wrap(True)


NARROW_GROW, NARROW_GROW_STEPS = 1.2, 4


def _panel_squeezed(fig) -> bool:
    """True if a panel of `fig` is less than a third as tall as it is wide (a long legend under
    it took the room)."""
    return any(ax.bbox.height < ax.bbox.width / 3 for ax in fig.axes if ax.get_visible())


def _texts_overlap(fig) -> bool:
    """True if two visible texts or legends of `fig` (tick labels aside) overlap, as drawn."""
    from matplotlib.legend import Legend
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    legends = [leg for leg in fig.findobj(Legend) if leg.get_visible()]
    inside = {id(t) for leg in legends for t in (*leg.texts, leg.get_title())}
    ticks = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(which="both")}
    shown = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [t.get_window_extent(renderer) for t in shown if id(t) not in inside | ticks]
    tick_boxes = [t.get_window_extent(renderer) for t in shown if id(t) in ticks]
    legend_boxes = [leg.get_window_extent(renderer) for leg in legends]
    if any(b.y0 < 0 or b.y1 > fig.bbox.height for b in legend_boxes):
        return True
    boxes += legend_boxes
    return (any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
            or any(a.overlaps(b) for a in legend_boxes for b in tick_boxes))


def _hide_crossing_notes(fig, moving, hidden: set) -> bool:
    """On a narrow figure, a fixed note (``ax.text``) that would be drawn over a note that moves
    with the controls, or over an earlier fixed one of the same axes, is left out (lesson 01's
    cascade: five step names in a row, the current one in bold, two labels on one wall). Notes
    left out before (`hidden`, updated) are tried again, since moving notes move. True if what
    is shown changed."""
    renderer = fig.canvas.get_renderer()
    moving = {id(a) for a in moving}
    before = set(hidden)
    for t in list(hidden):
        t.set_visible(True)
    hidden.clear()
    for ax in fig.axes:
        kept = [t.get_window_extent(renderer) for t in ax.texts
                if id(t) in moving and t.get_visible() and t.get_text().strip()]
        for t in ax.texts:
            if id(t) in moving or not t.get_visible() or not t.get_text().strip():
                continue
            box = t.get_window_extent(renderer)
            if any(box.overlaps(k) for k in kept):
                t.set_visible(False)
                hidden.add(t)
            else:
                kept.append(box)
    return hidden != before


MAX_NARROW_TICKS = 7


def _min_font_px(fig) -> float:
    """The smallest visible text of `fig`, in pixels at its natural size."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    from .widgets import PIXEL_DENSITY

    return min(sizes, default=style.FONT_SIZE) * fig.dpi / 72 / PIXEL_DENSITY


@functools.lru_cache(maxsize=None)
def _stacked_figure_class():
    from matplotlib.figure import Figure

    class StackedFigure(Figure):
        """A figure for a narrow screen: panels a view lays out in one row (``subplots(1, n)``)
        are stacked in one column, in the same order (``stacked_rows`` counts them), and a figure
        legend lists one entry a line."""

        stacked_rows = 1

        def subplots(self, nrows=1, ncols=1, *, width_ratios=None, height_ratios=None,
                     gridspec_kw=None, **kwargs):
            if nrows == 1 and ncols > 1:
                gridspec_kw = dict(gridspec_kw or {})
                if "width_ratios" in gridspec_kw:
                    gridspec_kw["height_ratios"] = gridspec_kw.pop("width_ratios")
                nrows, ncols = ncols, 1
                width_ratios, height_ratios = None, width_ratios
            self.stacked_rows = max(self.stacked_rows, nrows)
            return super().subplots(nrows, ncols, width_ratios=width_ratios,
                                    height_ratios=height_ratios, gridspec_kw=gridspec_kw or None,
                                    **kwargs)

        def add_subplot(self, *args, **kwargs):
            if len(args) == 3 and args[0] == 1 and args[1] > 1:   # add_subplot(1, n, i)
                args = (args[1], 1, args[2])
                self.stacked_rows = max(self.stacked_rows, args[0])
            return super().add_subplot(*args, **kwargs)

        def legend(self, *args, **kwargs):
            """One entry a line: a figure legend's entries side by side run off a phone."""
            kwargs.pop("ncol", None)
            kwargs["ncols"] = 1
            return super().legend(*args, **kwargs)

    return StackedFigure


class DrawnForWidth:
    """What :class:`helpers.widgets.LiveFigure` draws per width: one :class:`_Drawn` for the
    laptop (key 0) and a few narrow ones, the hidden field the page writes the width to, and the
    switch between them (a full draw at the current result)."""

    # -- one drawing per width ----------------------------------------------------------------
    def _drawing(self, width_px: int, size_px: tuple) -> "_Drawn":
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .widgets import PIXEL_DENSITY

        narrow = width_px > 0
        with style.context():
            fig = (_stacked_figure_class() if narrow else Figure)(
                figsize=(size_px[0] / style.DPI, size_px[1] / style.DPI),
                dpi=style.DPI * PIXEL_DENSITY,
                layout="constrained",
            )
            canvas = FigureCanvasAgg(fig)
            frame = self._draw(fig, self._first_result)
            if narrow:  # its text fitted to the width, as tall as its stacked panels need
                _fit_narrow(fig)
                size_px = (size_px[0], _narrow_height(size_px[0], fig.stacked_rows))
                fig.set_size_inches(size_px[0] / style.DPI, size_px[1] / style.DPI)
        drawn = _Drawn(fig, canvas, frame, _flatten(frame.artists.values()), tuple(size_px))
        drawn.layout = drawn.engine = fig.get_layout_engine()  # as `draw` left it
        for a in drawn.animated:
            a.set_animated(True)
        self._drawn[width_px] = drawn
        return drawn

    def _show(self, drawn: "_Drawn") -> None:
        """Make `drawn` the figure the view shows, at the current result (a full draw)."""
        self.fig, self.canvas, self.frame = drawn.fig, drawn.canvas, drawn.frame
        self._animated, self.size_px = drawn.animated, drawn.size_px
        if self.result is not self._first_result:
            self._update(self.frame, self.result)
        if drawn.layout is None:   # laid out once, on its first draw; then fixed
            self._full_draw()
            return
        self.fig.set_layout_engine(drawn.layout)
        self._full_draw()
        if self.width_px:
            self._grow_while_crowded(drawn)
        self.fig.set_layout_engine("none")  # keep the layout fixed so blits line up
        if self.width_px and _hide_crossing_notes(self.fig, self._animated, drawn.hidden):
            self._full_draw()
        drawn.layout, drawn.min_font_px = None, _min_font_px(self.fig)

    def _grow_while_crowded(self, drawn: "_Drawn") -> bool:
        """Words that wrapped onto more lines need room: while they overlap, or a long legend
        squeezes a panel, the same panels are drawn taller (laid out again). True if it grew."""
        grew = False
        for _ in range(NARROW_GROW_STEPS):
            w, h = drawn.size_px
            if h >= drawn.base_height * NARROW_GROW ** NARROW_GROW_STEPS - 1 or not (
                    _texts_overlap(self.fig) or _panel_squeezed(self.fig)):
                break   # room enough, or as tall as it may grow: words side by side stay
            drawn.size_px = self.size_px = (w, round(h * NARROW_GROW))
            self.fig.set_size_inches(w / style.DPI, self.size_px[1] / style.DPI)
            self.fig.set_layout_engine(drawn.engine)
            self._full_draw()
            self.fig.set_layout_engine("none")
            grew = True
        return grew

    def _refit_after_move(self) -> bool:
        """After a control move on a phone's drawing: notes under a moving one are left out
        again, and the drawing grows if the new words need room. True if a full draw is due."""
        if not self.width_px:
            return False
        drawn = self._drawn[self.width_px]
        return (_hide_crossing_notes(self.fig, self._animated, drawn.hidden)
                | self._grow_while_crowded(drawn))

    def show_width(self, width_px: int) -> None:
        """Draw for a box `width_px` CSS pixels wide, as the page reports it (0: the laptop figure).
        Below :meth:`narrow_below_px` the view draws (once, then keeps) a narrow figure."""
        width_px = int(width_px or 0)
        if width_px >= self.narrow_below_px():
            width_px = 0
        if width_px == self.width_px:
            return
        drawn = self._drawn.get(width_px)
        if drawn is None:
            narrow = [k for k in self._drawn if k]   # oldest first; keep a few widths
            for old in narrow[:max(0, len(narrow) + 1 - NARROW_KEPT)]:
                del self._drawn[old]
            natural = max(NARROW_MIN_PX, round(width_px / NARROW_SCALE))
            drawn = self._drawing(width_px, (natural, natural))
        self.width_px = width_px
        self._show(drawn)
        if self._ui is not None:
            self._push_body()

    def narrow_below_px(self) -> int:
        """The box width under which the laptop figure's text would show under NARROW_TEXT_PX."""
        wide = self._drawn[0]
        return math.ceil(wide.size_px[0] * NARROW_TEXT_PX / wide.min_font_px)

    def _hidden_parts(self) -> list:
        """A hidden field the page writes the figure's shown width to (helpers.page,
        FIGURE_WIDTH_JS): no focus, no name, nothing a screen reader finds."""
        import ipywidgets as w

        probe = w.IntText(0, layout=w.Layout(display="none"))
        probe.add_class("nz-width-probe")
        probe.observe(lambda change: self.show_width(change["new"]), names="value")
        return [probe]


def _flatten(items: Iterable) -> list:
    out = []
    for a in items:
        if isinstance(a, (list, tuple)):
            out.extend(_flatten(a))
        elif a is not None:
            out.append(a)
    return out
