"""The one interactive pattern every notebook uses: controls -> pure compute -> fast view + readout.

1. **Control specs** (:class:`Control`): name, label with unit, min, max, step, default. Ranges come
   from the model's own validation constants, so a slider can never produce an invalid input.
2. **A pure compute function** ``compute(**params) -> dict`` of arrays and numbers. Tests sweep it
   over every control's min, max, default and a grid (``tests/test_widget_sweeps.py``).
3. **A view** (:class:`LiveFigure`) that builds its matplotlib figure once and then only updates
   artists in place. Frames are rendered with Agg *blitting* (restore a cached background, draw the
   changed artists) and sent as a PNG to an ``ipywidgets.Image``; a full redraw happens only when the
   axes limits change. Measured choice, see README "Performance".
4. **Latest-value-wins**: a control change only records the newest parameters and schedules one
   render on the kernel's event loop; changes that arrive before that render runs replace the
   pending ones, so dragging a slider never builds a backlog.
5. **A text readout** of the key numbers beside every plot (``role="status"`` so screen readers
   announce it), also used as the plain-text output nbval compares.

Where no kernel runs (a notebook rendered to HTML or shown on a code host) the view's display
output still carries the figure at default values as a PNG, and its readout as plain text.
"""
from __future__ import annotations

import asyncio
import base64
import html
import io
import itertools
import math
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np

Params = dict[str, Any]


# ---------------------------------------------------------------------------------------------
# 1. Control specs
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Control:
    """One control. A numeric control has min/max/step; a choice control has `options`.

    `label` is what the learner reads and must carry the unit, e.g. "Interval (weeks)".
    `options` is a sequence of (label, value) pairs for a dropdown.
    """

    name: str
    label: str
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    options: tuple = ()
    readout_format: str = ""

    def __post_init__(self):
        if self.options:
            values = [v for _, v in self.options]
            if self.default not in values:
                raise ValueError(f"control {self.name}: default {self.default!r} is not one of {values}")
            return
        if self.min is None or self.max is None or self.step is None:
            raise ValueError(f"control {self.name}: a numeric control needs min, max and step")
        if not (self.min < self.max) or self.step <= 0:
            raise ValueError(f"control {self.name}: needs min < max and step > 0, got "
                             f"{self.min}, {self.max}, {self.step}")
        if not (self.min <= self.default <= self.max):
            raise ValueError(f"control {self.name}: default {self.default} outside {self.min}..{self.max}")

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    @property
    def is_int(self) -> bool:
        return not self.options and all(float(x).is_integer() for x in (self.min, self.max, self.step))

    def values(self) -> list:
        """Every value the control can take (choices, or every slider step)."""
        if self.is_choice:
            return [v for _, v in self.options]
        n = int(round((self.max - self.min) / self.step))
        vals = [self.min + i * self.step for i in range(n + 1)]
        return [int(round(v)) if self.is_int else round(v, 10) for v in vals]

    def sweep_values(self, n_grid: int = 5) -> list:
        """min, max, default and an even grid (or all choices), without duplicates."""
        if self.is_choice:
            return self.values()
        allv = self.values()
        idx = np.linspace(0, len(allv) - 1, n_grid).round().astype(int)
        picked = [allv[0], allv[-1], self.default, *(allv[i] for i in idx)]
        return list(dict.fromkeys(picked))

    def make_widget(self):
        import ipywidgets as w

        style = {"description_width": "initial"}
        layout = w.Layout(width="100%")
        if self.is_choice:
            return w.Dropdown(options=list(self.options), value=self.default, description=self.label,
                              style=style, layout=layout)
        cls = w.IntSlider if self.is_int else w.FloatSlider
        kwargs = dict(value=self.default, min=self.min, max=self.max, step=self.step,
                      description=self.label, continuous_update=True, style=style, layout=layout)
        if self.readout_format:
            kwargs["readout_format"] = self.readout_format
        return cls(**kwargs)


def defaults(controls: Sequence[Control]) -> Params:
    return {c.name: c.default for c in controls}


def sweep_params(controls: Sequence[Control], n_grid: int = 4, max_combinations: int = 400) -> list[Params]:
    """Parameter sets for a sweep: each control alone at every sweep value (others at default),
    plus a grid of combinations (every control at min/default/max and `n_grid` points), capped at
    `max_combinations` by taking an even stride through the full product."""
    base = defaults(controls)
    out = [dict(base)]
    for c in controls:
        for v in c.sweep_values():
            out.append({**base, c.name: v})
    axes = [c.sweep_values(n_grid) for c in controls]
    product = list(itertools.product(*axes))
    stride = max(1, math.ceil(len(product) / max_combinations))
    for combo in product[::stride]:
        out.append(dict(zip((c.name for c in controls), combo)))
    unique = {tuple(sorted(p.items(), key=lambda kv: kv[0])): p for p in out}
    return list(unique.values())


# ---------------------------------------------------------------------------------------------
# 4. Latest-value-wins scheduling
# ---------------------------------------------------------------------------------------------
class LatestValueWins:
    """Run `work(value)` for the newest submitted value only.

    Inside a Jupyter kernel the work is scheduled with ``loop.call_soon`` on the kernel's running
    event loop; values submitted before it runs replace the pending value, so a burst of slider
    messages gives one render with the last value. Elsewhere (plain Python, tests, a script that
    happens to run some other event loop) the work runs at once, unless ``defer=True`` asks for the
    kernel behaviour on whatever loop is running.
    """

    _EMPTY = object()

    def __init__(self, work: Callable[[Any], None], defer: bool | None = None):
        self._work = work
        self._defer = defer
        self._pending: Any = self._EMPTY
        self._scheduled = False
        self.runs = 0
        self.submitted = 0

    def submit(self, value) -> None:
        self.submitted += 1
        self._pending = value
        if self._scheduled:
            return
        loop = _running_loop() if (self._defer if self._defer is not None else _in_kernel()) else None
        if loop is None:
            self._run()
        else:
            self._scheduled = True
            loop.call_soon(self._run)

    def _run(self) -> None:
        self._scheduled = False
        value, self._pending = self._pending, self._EMPTY
        if value is self._EMPTY:
            return
        self.runs += 1
        self._work(value)


def _in_kernel() -> bool:
    try:
        from ipykernel.kernelbase import Kernel
    except ImportError:  # pragma: no cover - ipykernel is a runtime requirement
        return False
    return Kernel.initialized()


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    # Comm messages may be handled outside a coroutine; the kernel's loop is then the thread's loop.
    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return None
    return loop if loop.is_running() else None


# ---------------------------------------------------------------------------------------------
# 3 + 5. The view
# ---------------------------------------------------------------------------------------------
@dataclass
class Frame:
    """What `draw` returns: the figure's artists by name, and the axes whose limits may change."""

    artists: dict[str, Any]
    axes: list = field(default_factory=list)


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def encode_png(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """Encode an RGBA frame (H x W x 4, uint8) as an RGB PNG.

    Live frames (``compress_level`` 1 to 3) are written directly with zlib, every row with PNG
    filter 0: measured 7-9 ms for a 900 x 380 frame against 17-19 ms for Pillow at level 1, with the
    same pixels and a similar size (benchmarks/README.md). Higher levels, used once for the stored
    fallback image, go through Pillow's adaptive filters for a smaller file.
    """
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] < 3 or rgba.dtype != np.uint8:
        raise ValueError(f"rgba must be an H x W x 3 or 4 uint8 array, got {rgba.shape} {rgba.dtype}")
    if compress_level > 3:
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(rgba[..., :3])).save(buf, format="PNG",
                                                                  compress_level=compress_level)
        return buf.getvalue()
    h, w = rgba.shape[:2]
    raw = np.empty((h, 1 + 3 * w), np.uint8)
    raw[:, 0] = 0  # filter type 0 (None) for every row
    raw[:, 1:] = rgba[..., :3].reshape(h, 3 * w)
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(raw.tobytes(), compress_level)) + _png_chunk(b"IEND", b""))


class LiveFigure:
    """A figure that is built once and updated in place, with controls and a text readout.

    Parameters
    ----------
    controls: the control specs.
    compute: pure function ``compute(**params) -> dict``; the dict must hold ``"readout"``, a list of
        (label, text) pairs or a string with the key numbers.
    draw: ``draw(fig, result) -> Frame``; builds axes and artists once, from the default result.
        Artists that change with the controls go in ``Frame.artists``.
    update: ``update(frame, result) -> bool``; sets data on the artists; returns True when axes
        limits changed (which forces a full redraw instead of a blit).
    size_px: figure size in pixels (width, height).
    title: accessible name of the figure (alt text prefix).
    """

    def __init__(self, controls: Sequence[Control], compute: Callable[..., Mapping],
                 draw: Callable, update: Callable, size_px=(900, 380), title: str = "Figure"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from . import style

        style.apply()
        self.controls = list(controls)
        self.compute = compute
        self._update = update
        self.title = title
        self.params = defaults(self.controls)
        self.result = compute(**self.params)
        dpi = 100
        self.fig = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.frame = draw(self.fig, self.result)
        self._animated = [a for a in _flatten(self.frame.artists.values())]
        for a in self._animated:
            a.set_animated(True)
        self._background = None
        self._full_draw()
        self.fig.set_layout_engine("none")  # keep the layout fixed so blits line up
        self.renders = 0
        self.full_draws = 0
        self._scheduler = LatestValueWins(self._render)
        self._ui = None

    # -- rendering ---------------------------------------------------------------------------
    def _full_draw(self):
        self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox)
        self._blit_artists()

    def _blit_artists(self):
        self.canvas.restore_region(self._background)
        for a in self._animated:
            if a.get_visible():
                a.axes.draw_artist(a) if getattr(a, "axes", None) is not None else self.fig.draw_artist(a)

    def set_params(self, **changes) -> Mapping:
        """Compute and redraw for new parameter values (synchronously); returns the result."""
        self.params = {**self.params, **changes}
        self._render(self.params)
        return self.result

    def _render(self, params: Params):
        self.result = self.compute(**params)
        limits_changed = self._update(self.frame, self.result)
        if limits_changed:
            self.full_draws += 1
            self._full_draw()
        else:
            self._blit_artists()
        self.renders += 1
        if self._ui is not None:
            self._push_to_widgets()

    def rgba(self) -> np.ndarray:
        return np.asarray(self.canvas.buffer_rgba())

    def png(self, compress_level: int = 1) -> bytes:
        return encode_png(self.rgba(), compress_level)

    def readout_pairs(self) -> list[tuple[str, str]]:
        r = self.result["readout"]
        return [("", r)] if isinstance(r, str) else list(r)

    def readout_text(self) -> str:
        return "\n".join(f"{k}: {v}" if k else v for k, v in self.readout_pairs())

    def readout_html(self) -> str:
        items = "".join(
            f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" if k else f"<li>{html.escape(v)}</li>"
            for k, v in self.readout_pairs()
        )
        return (f'<div class="nz-readout" role="status" aria-live="polite" '
                f'style="font-size:15px;line-height:1.45"><ul style="padding-left:1.1em;margin:0">'
                f"{items}</ul></div>")

    # -- widgets ------------------------------------------------------------------------------
    def widget(self):
        """The ipywidgets UI: controls and readout on the left, the figure on the right."""
        if self._ui is None:
            import ipywidgets as w

            self._controls = {c.name: c.make_widget() for c in self.controls}
            for name, ctl in self._controls.items():
                ctl.observe(self._on_change(name), names="value")
            self._image = w.Image(format="png", value=self.png(),
                                  layout=w.Layout(width="100%", max_width=f"{self.fig.bbox.width:.0f}px",
                                                  height="auto", object_fit="contain"))
            self._readout = w.HTML(self.readout_html())
            left = w.VBox([*self._controls.values(), self._readout],
                          layout=w.Layout(flex="1 1 340px", min_width="300px", max_width="560px"))
            self._ui = w.HBox([left, self._image],
                              layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
            self._ui.add_class("nz-live-figure")
            self._push_to_widgets()
        return self._ui

    def _on_change(self, name):
        def handler(change):
            self.params = {**self.params, name: change["new"]}
            self._scheduler.submit(dict(self.params))
        return handler

    def _push_to_widgets(self):
        self._image.value = self.png()
        self._readout.value = self.readout_html()

    def _repr_mimebundle_(self, include=None, exclude=None):
        ui = self.widget()
        bundle = ui._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle = dict(bundle)
        # Fallbacks for places with no kernel: the figure at default values and the readout.
        bundle["image/png"] = base64.b64encode(self.png(compress_level=9)).decode("ascii")
        bundle["text/plain"] = f"{self.title}\n{self.readout_text()}"
        return bundle


@dataclass(frozen=True)
class ViewSpec:
    """Everything a LiveFigure needs; registered in ``helpers.views.REGISTRY`` for the sweeps."""

    name: str
    title: str
    controls: tuple
    compute: Callable[..., Mapping]
    draw: Callable
    update: Callable
    size_px: tuple = (900, 380)

    def build(self) -> LiveFigure:
        return LiveFigure(self.controls, self.compute, self.draw, self.update, self.size_px, self.title)


def _flatten(items: Iterable) -> list:
    out = []
    for a in items:
        if isinstance(a, (list, tuple)):
            out.extend(_flatten(a))
        elif a is not None:
            out.append(a)
    return out


def finite_arrays(result: Mapping) -> bool:
    """True when every array or number in a compute result is finite (used by the sweeps)."""
    for v in result.values():
        if isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool):
            if not math.isfinite(float(v)):
                return False
        elif isinstance(v, np.ndarray) and v.dtype.kind in "fc":
            if not np.all(np.isfinite(v)):
                return False
        elif isinstance(v, Mapping):
            if not finite_arrays(v):
                return False
    return True
