"""The interactive pattern itself: control specs, latest-value-wins, blitting, readouts."""

import asyncio
import base64

import numpy as np
import pytest

from helpers import png
from helpers import widgets as W
from helpers.views import REGISTRY, build


def toy_controls():
    return [
        W.Control("k", "Rate (per day)", default=0.5, min=0.1, max=2.0, step=0.1),
        W.Control("n", "Doses (count)", default=3, min=1, max=10, step=1),
        W.Control("mode", "Mode", default="a", options=(("A", "a"), ("B", "b"))),
    ]


def toy_compute(k, n, mode):
    t = np.linspace(0, 10, 500)
    y = n * np.exp(-k * t) * (1.0 if mode == "a" else 0.5)
    return {"t": t, "y": y, "peak": float(y.max()), "readout": [("Peak", f"{y.max():.2f} units")]}


def toy_draw(fig, result):
    ax = fig.add_subplot()
    (line,) = ax.plot(result["t"], result["y"])
    ax.set_ylim(0, 10)
    ax.set_xlabel("Time (days)")
    return W.Frame({"line": line}, [ax])


def toy_update(frame, result):
    frame.artists["line"].set_data(result["t"], result["y"])
    ax = frame.axes[0]
    top = 10 if result["peak"] <= 5 else 20
    if ax.get_ylim()[1] != top:
        ax.set_ylim(0, top)
        return True
    return False


def make_view():
    return W.LiveFigure(
        toy_controls(), toy_compute, toy_draw, toy_update, size_px=(600, 300), title="Toy"
    )


class TestControl:
    def test_int_slider_detected_and_values_cover_range(self):
        c = toy_controls()[1]
        assert c.is_int and c.values() == list(range(1, 11))

    def test_sweep_values_include_min_max_default(self):
        c = toy_controls()[0]
        vals = c.sweep_values()
        assert {0.1, 2.0, 0.5} <= set(vals)

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            (dict(default=5, min=10, max=1, step=1), "min < max"),
            (dict(default=50, min=0, max=10, step=1), "outside"),
            (dict(default=1, min=0, max=10, step=0), "step > 0"),
            (dict(default="z", options=(("A", "a"),)), "not one of"),
        ],
    )
    def test_bad_specs_are_refused(self, kwargs, message):
        with pytest.raises(ValueError, match=message):
            W.Control("x", "X (unit)", **kwargs)

    def test_widget_ranges_follow_the_spec(self):
        c = toy_controls()[0]
        w = c.make_widget()
        assert (w.min, w.max, w.step, w.value) == (0.1, 2.0, 0.1, 0.5)
        assert w.continuous_update
        d = toy_controls()[2].make_widget()
        assert d.value == "a"


class TestLatestValueWins:
    def test_without_loop_runs_each_value_at_once(self):
        seen = []
        lvw = W.LatestValueWins(seen.append)
        for v in range(3):
            lvw.submit(v)
        assert seen == [0, 1, 2]

    def test_burst_inside_a_loop_renders_only_the_newest_value(self):
        seen = []

        async def burst():
            lvw = W.LatestValueWins(seen.append, defer=True)
            for v in range(10):
                lvw.submit(v)
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            return lvw

        lvw = asyncio.run(burst())
        assert seen == [9]
        assert (lvw.submitted, lvw.runs) == (10, 1)

    def test_values_spaced_out_each_render(self):
        seen = []

        async def spaced():
            lvw = W.LatestValueWins(seen.append, defer=True)
            for v in range(3):
                lvw.submit(v)
                await asyncio.sleep(0)

        asyncio.run(spaced())
        assert seen == [0, 1, 2]


class TestLiveFigure:
    def test_blitted_frame_equals_a_full_redraw(self):
        view = make_view()
        view.set_params(k=1.3, n=4)
        blitted = view.rgba().copy()
        assert view.full_draws == 0
        other = make_view()
        other.set_params(n=7)  # peak 7: new limits force a full draw ...
        other.set_params(k=1.3, n=4)  # ... and so does going back
        assert other.full_draws == 2
        assert np.array_equal(blitted, other.rgba())

    def test_limit_change_forces_full_draw_and_moves_the_line(self):
        view = make_view()
        before = view.rgba().copy()
        view.set_params(n=10, k=0.1, mode="a")
        assert view.full_draws == 1  # peak 10: the y limit doubles
        assert not np.array_equal(before, view.rgba())

    def test_readout_follows_params(self):
        view = make_view()
        assert view.readout_text() == "Peak: 3.00 units"
        view.set_params(n=5)
        assert view.readout_text() == "Peak: 5.00 units"
        assert 'role="status"' in view.readout_html()

    def test_widget_moves_update_image_alt_text_and_readout(self):
        view = make_view()
        ui = view.widget()
        frame = find(ui, "HTML", "nz-frame")
        slider = find(ui, "IntSlider")
        first = frame.value
        slider.value = 7  # no running loop: renders at once
        assert frame.value != first
        assert "7.00" in find(ui, "HTML", "nz-readout").value
        assert view.alt_text() == "Toy. Peak: 7.00 units"
        assert 'alt="Toy. Peak: 7.00 units"' in frame.value
        src = frame.value.split('src="data:image/png;base64,', 1)[1].split('"', 1)[0]
        assert base64.b64decode(src) == view.png()
        assert ui is view.widget()

    def test_control_check_speaks_the_readers_units(self):
        with pytest.raises(
            ValueError, match=r"^n must be between 1 and 10 \(Doses \(count\)\), got 40$"
        ):
            make_view().set_params(n=40)
        with pytest.raises(TypeError, match="unknown control"):
            make_view().set_params(dose=3)

    def test_static_fallbacks_in_the_display_bundle(self):
        bundle = make_view()._repr_mimebundle_()
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
        assert bundle["text/plain"] == "Toy\nPeak: 3.00 units"


def two_panel_draw(fig, result):
    axes = fig.subplots(1, 2, width_ratios=(2, 1))
    (line,) = axes[0].plot(result["t"], result["y"])
    axes[0].set_ylim(0, 10)
    axes[0].set_title("A long title that has to wrap on a phone, and it does so")
    axes[1].plot([0, 1], [0, 1])
    return W.Frame({"line": line}, [axes[0]])


class TestDrawnForItsWidth:
    """A phone: the page reports a narrow box, the view draws a figure for it (panels stacked,
    text at about 12 px as shown), controls keep working, and a laptop width brings the first
    figure back."""

    def make(self):
        return W.LiveFigure(toy_controls(), toy_compute, two_panel_draw, toy_update,
                            size_px=(900, 380), title="Two")

    def test_laptop_width_changes_nothing(self):
        view = self.make()
        before = view.rgba().copy()
        view.show_width(0)
        view.show_width(view.narrow_below_px() + 50)
        assert view.width_px == 0 and view.full_draws == 0
        assert np.array_equal(before, view.rgba())

    def test_a_phone_gets_stacked_panels_with_text_of_at_least_11_px_as_shown(self):
        view = self.make()
        ui = view.widget()
        probe = find(ui, "IntText")
        assert probe.layout.display == "none" and "nz-width-probe" in probe._dom_classes
        assert view.narrow_below_px() > 400   # a phone's 356 px box is narrower
        probe.value = 350
        w, h = view.size_px
        assert view.width_px == 350 and w > 350 and h > w      # drawn wider than shown, tall
        (a, b) = [ax.get_position() for ax in view.fig.axes]
        assert a.y0 > b.y1 and abs(a.x0 - b.x0) < 0.05            # stacked, first on top
        assert view._drawn[350].min_font_px * 350 / w >= 11
        html = find(ui, "HTML", "nz-frame").value
        assert f'max-width:{w}px' in html and 'data-min-font-px="16.67"' in html
        shown = view.rgba().copy()
        slider = find(ui, "IntSlider")
        slider.value = 7                                            # still answers its controls
        assert view.rgba().shape == shown.shape and not np.array_equal(view.rgba(), shown)
        probe.value = 0                                             # a laptop again
        assert view.size_px == (900, 380)
        laptop_at_7 = self.make()
        laptop_at_7.set_params(n=7)
        assert np.array_equal(view.rgba(), laptop_at_7.rgba())


@pytest.mark.parametrize("level", [1, 9])
def test_png_encoder_keeps_every_pixel(level):
    import io

    from PIL import Image

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(37, 53, 4), dtype=np.uint8)
    data = png.encode_png(rgba, compress_level=level)
    back = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    assert np.array_equal(back, rgba[..., :3])


def test_png_encoder_refuses_bad_frames():
    with pytest.raises(ValueError, match="rgba must be"):
        png.encode_png(np.zeros((4, 4), np.uint8))


def find(widget, cls_name, text=""):
    """The first widget of class `cls_name` in the tree whose value contains `text`."""
    stack = [widget]
    while stack:
        w = stack.pop(0)
        if type(w).__name__ == cls_name and text in str(getattr(w, "value", "")):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(cls_name)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_live_figure_draws_for_a_phone(name):
    """Every live figure draws for a phone's 350 px box, with text of at least 11 px as shown (a
    legend title set to wrap once broke lesson 01's comparison there: matplotlib cannot wrap a
    legend's text while it lays the figure out)."""
    view = build(name)
    if not isinstance(view, W.LiveFigure):
        pytest.skip(f"{name} is a form, not a live figure")
    view.show_width(350)
    if view.width_px:   # a figure whose laptop text is large enough keeps its laptop drawing
        assert view._drawn[350].min_font_px * 350 / view.size_px[0] >= 11
