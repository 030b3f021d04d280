"""The one interactive pattern every notebook uses: controls -> pure compute -> fast view + readout.

1. **Control specs** (:class:`Control`, in :mod:`helpers.controls`): name, label with unit, min,
   max, step, default. Ranges come from the models' own validation constants, so a control can
   never produce an invalid input, and :meth:`Control.check` refuses a typed value outside them in
   the reader's units.
2. **A pure compute function** ``compute(**params) -> dict`` of arrays and numbers, holding a
   ``"readout"``. Tests sweep it over every control's min, max, default and a grid.
3. **A view** that shows the result. Every interactive object is a :class:`View` with the same
   protocol (``params``, ``result``, ``set_params``, ``readout_text``, ``widget``, ``snapshot``):
   :class:`LiveFigure` builds its matplotlib figure once and then only updates artists in place,
   rendered by Agg *blitting* and sent as a PNG to an ``ipywidgets.Image`` (a full redraw only
   when axes limits change); :class:`LiveHTML` renders a table or form as HTML.
4. **Latest-value-wins** (:class:`LatestValueWins`, in :mod:`helpers.latest`): a control change
   records the newest parameters and schedules one render on the kernel's event loop; changes that
   arrive before it runs replace the pending ones, so dragging a slider never builds a backlog.
5. **A text readout** of the key numbers beside every view (``role="status"`` so screen readers
   announce it), also the plain-text output nbval compares and, for a figure, its text alternative.

A bad value (a typed ``set_params`` or a compute error) never freezes a view: it shows the message,
keeps its last valid state, and still answers its controls.

Where no kernel runs (a notebook rendered to HTML or shown on a code host) the view's display
output still carries a figure at default values as a PNG, and its readout as plain text.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from . import style
from .controls import Control as Control  # step 1, in helpers.controls
from .controls import defaults as defaults
from .latest import LatestValueWins as LatestValueWins  # step 4, in helpers.latest
from .narrow import DrawnForWidth
from .png import encode_png
from .view_parts import Download as Download  # a file the reader saves, in helpers.view_parts
from .view_parts import _error_html

Params = dict[str, Any]
DEFAULT_SIZE_PX = (900, 380)
# Frame pixels per CSS pixel. 2 would draw frames at twice the density (sharper on high-density
# screens), but it does not hold the latency target: measured on lesson 02's five sliders with
# `benchmarks/widget_latency.py --density 2`, medians rose from 31-37 ms to 48-53 ms and two
# fell under 4x faster than `interact` (CONTRIBUTING.md, "Performance").
PIXEL_DENSITY = 1


# ---------------------------------------------------------------------------------------------
# 3 + 5. Views
# ---------------------------------------------------------------------------------------------
class View:
    """What every interactive object shares: controls, parameters, a compute function, a readout.

    Subclasses give the body (a figure or HTML) through :meth:`_body_widget`, :meth:`_redraw`,
    :meth:`_push_body` and :meth:`snapshot`.
    """

    def __init__(
        self, controls: Sequence[Control], compute: Callable[..., Mapping], title: str = "View"
    ):
        self.controls = list(controls)
        self.compute = compute
        self.title = title
        self.params: Params = defaults(self.controls)
        self.result = compute(**self.params)
        self.error: str | None = None
        self.renders = 0
        self._scheduler = LatestValueWins(self._render_from_control)
        self._ui = None
        self._control_widgets: dict = {}
        self._download = None
        self._syncing = False
        self._said_later = 0

    # -- parameters ---------------------------------------------------------------------------
    def _checked(self, changes: Mapping) -> Params:
        __tracebackhide__ = True  # noqa: F841
        by_name = {c.name: c for c in self.controls}
        unknown = sorted(set(changes) - set(by_name))
        if unknown:
            raise TypeError(f"unknown control(s) {unknown}; this view has {sorted(by_name)}")
        checked = dict(self.params)
        for name, value in changes.items():  # a loop, not a comprehension: one frame less to read
            checked[name] = by_name[name].check(value)
        return checked

    def set_params(self, **changes) -> Mapping:
        """Compute and redraw for new parameter values (synchronously); returns the result.

        A bad value raises a clear error; the view shows it, keeps its last valid state and its
        controls keep working."""
        __tracebackhide__ = True  # noqa: F841
        try:
            params = self._checked(changes)
            self._render(params)
        except (TypeError, ValueError) as err:
            self._show_error(str(err))
            raise
        self._sync_controls()
        return self.result

    def _render(self, params: Params) -> None:
        result = self.compute(**params)
        self.params, self.result, self.error = dict(params), result, None
        self._redraw()
        self.renders += 1
        if self._ui is not None:
            self._push()

    def _render_from_control(self, params: Params) -> None:
        try:
            self._render(params)
        except (TypeError, ValueError) as err:  # never raise inside a comm callback
            self._show_error(str(err))

    def _show_error(self, message: str) -> None:
        self.error = message
        if self._ui is not None:
            self._error.value = _error_html(message)

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for name, ctl in self._control_widgets.items():
                if ctl.value != self.params[name]:
                    ctl.value = self.params[name]
        finally:
            self._syncing = False

    # -- readout ------------------------------------------------------------------------------
    def readout_pairs(self) -> list[tuple[str, str]]:
        r = self.result["readout"]
        return [("", r)] if isinstance(r, str) else list(r)

    def readout_text(self) -> str:
        return "\n".join(f"{k}: {v}" if k else v for k, v in self.readout_pairs())

    def readout_html(self) -> str:
        items = "".join(
            f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>"
            if k
            else f"<li>{html.escape(v)}</li>"
            for k, v in self.readout_pairs()
        )
        return (
            f'<div class="nz-readout" role="status" aria-live="polite" '
            f'style="font-size:16px;line-height:1.45"><ul style="padding-left:1.1em;margin:0">'
            f"{items}</ul></div>"
        )

    def download_html(self) -> str:
        """The link that saves the result's file (``result["download"]``), or nothing."""
        download = self.result.get("download")
        return download.html() if download is not None else ""

    def alt_text(self) -> str:
        """The text alternative of what the view shows now: its title and its readout."""
        return f"{self.title}. " + "; ".join(
            f"{k}: {v}" if k else v for k, v in self.readout_pairs()
        )

    # -- widgets ------------------------------------------------------------------------------
    def widget(self):
        """The ipywidgets UI: controls, readout and any error message, then the body."""
        if self._ui is None:
            import ipywidgets as w

            self._control_widgets = {c.name: c.make_widget() for c in self.controls}
            for name, ctl in self._control_widgets.items():
                ctl.observe(self._on_change(name), names="value")
            self._readout = w.HTML(self.readout_html())
            self._error = w.HTML("")
            left = [*self._control_widgets.values(), self._readout]
            if "download" in self.result:  # a file to save, under the numbers it holds
                self._download = w.HTML(self.download_html())
                left.append(self._download)
            body = self._body_widget()
            self._ui = self._layout(w, [*left, self._error, *self._hidden_parts()], body)
            self._ui.add_class("nz-view")
            self._push()
        return self._ui

    def _layout(self, w, left: list, body):
        # At most the width there is: on a phone the controls take the whole line, not more.
        box = w.VBox(left, layout=w.Layout(flex="1 1 340px", min_width="min(300px, 100%)",
                                           max_width="560px"))
        return w.HBox([box, body], layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))

    def _on_change(self, name):
        by_name = {c.name: c for c in self.controls}

        def handler(change):
            if self._syncing:
                return
            self._said_later += 1          # a newer value: a message held back is not said
            new = change["new"]
            if new is None:  # an emptied date picker: keep the last date, say why
                label = next(c.label for c in self.controls if c.name == name)
                self._show_error(f"{label}: enter a whole date, such as 4 January 2027.")
                return
            try:  # a typed date outside the window: say so, keep the last plan and the controls
                by_name[name].check(new)
            except (TypeError, ValueError):
                if _year_being_typed(new):
                    self._say_later(by_name[name].refusal(new))
                else:
                    self._show_error(by_name[name].refusal(new))
                return
            self._scheduler.submit({**self.params, name: new})

        return handler

    def _say_later(self, message: str) -> None:
        """Show `message` after TYPING_PAUSE_S unless another value arrives first. A year typed
        digit by digit passes through 0002, 0020 and 0202 before 2027: said at once, the refusal
        flickered three times (and interrupted a screen reader, role="alert")."""
        from .latest import _running_loop

        token = self._said_later
        loop = _running_loop()
        if loop is None:   # no kernel loop (plain Python, tests): nothing to wait for
            self._show_error(message)
            return
        loop.call_later(TYPING_PAUSE_S, lambda: token == self._said_later and
                        self._show_error(message))

    def _push(self) -> None:
        self._readout.value = self.readout_html()
        if self._download is not None:
            self._download.value = self.download_html()
        self._error.value = ""
        self._push_body()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.widget()._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/plain"] = f"{self.title}\n{self.readout_text()}"
        return bundle

    # -- the body (subclasses) ----------------------------------------------------------------
    def _hidden_parts(self) -> list:
        return []

    def _body_widget(self):
        raise NotImplementedError

    def _redraw(self) -> None:
        raise NotImplementedError

    def _push_body(self) -> None:
        raise NotImplementedError

    def snapshot(self) -> bytes:
        """What the view shows now, as bytes (pixels or HTML), so tests can see a change."""
        raise NotImplementedError

    def drawn_arrays(self) -> list[np.ndarray]:
        """The numeric data the body draws (for the sweeps' finiteness check)."""
        return []


@dataclass
class Frame:
    """What `draw` returns: the figure's artists that change with the controls, and the axes whose
    limits an `update` may change (an `update` returning True forces a full redraw)."""

    artists: dict[str, Any]
    axes: list = field(default_factory=list)


TYPING_PAUSE_S = 2.0


def _year_being_typed(value) -> bool:
    """A date whose year has fewer than four digits: the reader is still typing it."""
    return hasattr(value, "year") and value.year < 1000


def _series(value, n: int) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    return a if a.ndim else np.full(n, float(a))


def line_updater(mapping: Mapping[str, tuple[str, str | None]]) -> Callable:
    """An ``update(frame, result)`` that moves lines only: for each artist name, the result keys of
    its x and y data (y None: x only). A number fills the line (a cursor, a marker). Axes limits
    never change, so every frame is a blit."""

    def update(frame: Frame, result: Mapping) -> bool:
        for name, (x_key, y_key) in mapping.items():
            line = frame.artists[name]
            x = _series(result[x_key], len(line.get_xdata()))
            if y_key is None:
                line.set_xdata(x)
            else:
                line.set_data(x, _series(result[y_key], len(x)))
        return False

    return update


class LiveFigure(DrawnForWidth, View):
    """A matplotlib figure built once and updated in place.

    ``draw(fig, result) -> Frame`` builds axes and artists from the default result;
    ``update(frame, result) -> bool`` sets data on the artists and returns True when axes limits
    changed. Figures are built under :func:`helpers.style.context`, so global matplotlib settings
    are left alone.

    Drawn for the width it is shown at: the page reports how wide the figure's box is (the script
    of :func:`helpers.page.setup` writes it to a hidden field of the view, :meth:`show_width`).
    Where the laptop figure would show its text under :data:`NARROW_TEXT_PX` (a phone), the view
    draws a second figure for that width: panels drawn side by side are stacked, and it is drawn
    ``1 / NARROW_SCALE`` times wider than shown, so its smallest text shows at about 12 px. At
    laptop width nothing is reported and nothing more is drawn.
    """

    def __init__(
        self,
        controls: Sequence[Control],
        compute: Callable[..., Mapping],
        draw: Callable,
        update: Callable,
        size_px=DEFAULT_SIZE_PX,
        title: str = "Figure",
    ):
        super().__init__(controls, compute, title)
        self._draw, self._update = draw, update
        self._first_result = self.result
        self.full_draws = 0
        self._drawn: dict = {}     # width -> narrow._Drawn
        self.width_px = 0          # 0: the laptop figure; else the width a narrow one is drawn for
        self._show(self._drawing(0, tuple(size_px)))
        self.full_draws = 0

    def _full_draw(self):
        with style.context():
            self.canvas.draw()
        self.full_draws += 1
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self._blit_artists()

    def _blit_artists(self):
        self.canvas.restore_region(self._background)
        for a in self._animated:
            if a.get_visible():
                target = a.axes if getattr(a, "axes", None) is not None else self.fig
                target.draw_artist(a)

    def _redraw(self) -> None:
        if self._update(self.frame, self.result) | self._refit_after_move():
            self._full_draw()
        else:
            self._blit_artists()

    def rgba(self) -> np.ndarray:
        return np.asarray(self.canvas.buffer_rgba())

    def png(self, compress_level: int = 1) -> bytes:
        return encode_png(self.rgba(), compress_level)

    def snapshot(self) -> bytes:
        return self.rgba().tobytes()

    def drawn_arrays(self) -> list[np.ndarray]:
        from matplotlib.lines import Line2D

        return [
            np.asarray(a.get_xydata(), dtype=float) for a in self._animated if isinstance(a, Line2D)
        ]

    def frame_html(self) -> str:
        """The current frame as an <img> whose alt text says what it shows.

        An ``ipywidgets.Image`` has no alt text, and its ``tooltip`` breaks rendering in Voila
        0.5.13 (ipywidgets' ImageView.updateTooltip reads a description an Image does not have),
        so the frame travels as an HTML widget holding a PNG data URL with ``alt``. Its data
        attributes tell the page's script below which width to ask for a narrow figure, and the
        browser tests how large its smallest text is drawn (px at its natural size).
        """
        data = base64.b64encode(self.png()).decode("ascii")
        return (
            f'<img class="nz-frame" alt="{html.escape(self.alt_text())}" '
            f'data-min-font-px="{self._drawn[self.width_px].min_font_px:.2f}" '
            f'data-narrow-below="{self.narrow_below_px()}" data-drawn-for="{self.width_px}" '
            f'src="data:image/png;base64,{data}" style="width:100%;height:auto;'
            f'max-width:{self.size_px[0]}px">'
        )

    def _body_widget(self):
        import ipywidgets as w

        self._image = w.HTML(self.frame_html(), layout=w.Layout(flex="1 1 480px", min_width="0"))
        self._image.add_class("nz-live-frame")
        return self._image

    def _push_body(self) -> None:
        self._image.value = self.frame_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = super()._repr_mimebundle_(include, exclude)
        # The fast writer at zlib level 3, not Pillow at 9: measured over every live figure, 0.24 s
        # and 935 KB against 2.47 s and 1,066 KB (helpers.png); it is made with every display.
        bundle["image/png"] = base64.b64encode(self.png(compress_level=3)).decode("ascii")
        return bundle


class LiveHTML(View):
    """A table or form rendered as HTML by ``render(result) -> str``, beside its controls."""

    def __init__(
        self,
        controls: Sequence[Control],
        compute: Callable[..., Mapping],
        render: Callable[[Mapping], str],
        title: str = "Table",
    ):
        self._render_html = render
        super().__init__(controls, compute, title)
        self.html = render(self.result)

    def _redraw(self) -> None:
        self.html = self._render_html(self.result)

    def snapshot(self) -> bytes:
        return self.html.encode("utf-8")

    def _body_widget(self):
        import ipywidgets as w

        self._body = w.HTML(self.html, layout=w.Layout(flex="1 1 420px"))
        return self._body

    def _push_body(self) -> None:
        self._body.value = self.html


# ViewSpec (everything a view needs, as a lesson's views module lists it): helpers/viewspec.py.
# Still importable from here, loaded on first use (PEP 562): helpers/viewspec.py imports this
# module, so an eager import here would be circular when helpers.viewspec is imported first.
def __getattr__(name: str):
    if name == "ViewSpec":
        from .viewspec import ViewSpec
        return ViewSpec
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
