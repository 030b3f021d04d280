"""What the figure tests measure, in one plain module: WCAG contrast of the artists that carry
meaning, the colour and line style of each labelled series, and the boxes of texts and legends in
display pixels (for overlaps with each other, with curves and with the figure's edge).

Rules, so a reader of a failure knows what was judged:

- contrast (WCAG 2.1 SC 1.4.11, 3:1 for graphics): every visible line, marker, patch and collection
  drawn in an axes, against the axes' facecolour, with its alpha blended in. A marker or filled
  shape passes on its fill or on its edge (a light fill with a dark rim is fine). A fill marked
  ``gid="nz-texture"`` is a light texture whose boundary is drawn as its own line (the
  "MS activity may return" zone), so it is left out and that line is checked instead.
- texts (SC 1.4.3, 4.5:1): every visible text on the figure.
- overlaps: two text or legend boxes must not intersect, no text box may cross a plotted line or
  marker of the axes it sits on, and every box stays inside the figure.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.path import Path
from matplotlib.transforms import Bbox

GRAPHIC_MIN = 3.0
TEXT_MIN = 4.5
from helpers.style import CURSOR, TEXTURE


def luminance(rgb) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def blend(colour, background, alpha=None) -> tuple:
    r, g, b, a = to_rgba(colour, alpha)
    br, bg, bb, _ = to_rgba(background)
    return (a * r + (1 - a) * br, a * g + (1 - a) * bg, a * b + (1 - a) * bb)


def contrast(colour, background, alpha=None) -> float:
    """The WCAG contrast ratio of `colour` (alpha blended) drawn on `background`."""
    if to_rgba(colour, alpha)[3] == 0:
        return 1.0
    lums = sorted((luminance(blend(colour, background, alpha)), luminance(to_rgba(background))))
    return (lums[1] + 0.05) / (lums[0] + 0.05)


def _hex(colour) -> str:
    from matplotlib.colors import to_hex

    return to_hex(colour, keep_alpha=True)


def _name(artist) -> str:
    label = artist.get_label() if hasattr(artist, "get_label") else ""
    gid = artist.get_gid() if hasattr(artist, "get_gid") else None
    if isinstance(artist, Line2D) and label.startswith("_"):
        x, y = (np.asarray(v, dtype=float) for v in artist.get_data())
        if len(x) and np.all(x == x[0]) and not np.all(y == y[0]):
            label = f"vertical line at x={x[0]:g}"
        elif len(y) and np.all(y == y[0]) and not np.all(x == x[0]):
            label = f"horizontal line at y={y[0]:g}"
        elif gid:
            label = gid
    return f"{type(artist).__name__} {label!r}"


def graphic_contrasts(fig):
    """(axes title, artist, colour, ratio) for every meaning-carrying part of every axes; a part
    with a fill and an edge gives its better ratio."""
    out = []
    for ax in fig.axes:
        bg = ax.get_facecolor()
        where = ax.get_title() or ax.get_ylabel() or "axes"
        for line in ax.lines:
            if not line.get_visible():
                continue
            alpha = line.get_alpha()
            if line.get_linestyle() not in ("None", "none", "", " ") and line.get_linewidth() > 0:
                out.append((where, _name(line), _hex(line.get_color()),
                            contrast(line.get_color(), bg, alpha)))
            if line.get_marker() not in ("None", "none", "", " ", None):
                ratios = [contrast(line.get_markerfacecolor(), bg, alpha)]
                if line.get_markeredgewidth() > 0:
                    ratios.append(contrast(line.get_markeredgecolor(), bg, alpha))
                out.append((where, _name(line) + " marker", _hex(line.get_markerfacecolor()),
                            max(ratios)))
        for patch in ax.patches:
            if not patch.get_visible() or patch.get_gid() == TEXTURE:
                continue
            ratios = [contrast(patch.get_facecolor(), bg) if patch.get_fill() else 1.0]
            if patch.get_linewidth() > 0:
                ratios.append(contrast(patch.get_edgecolor(), bg))
            out.append((where, _name(patch), _hex(patch.get_facecolor()), max(ratios)))
        for coll in ax.collections:
            if not coll.get_visible() or coll.get_gid() == TEXTURE:
                continue
            faces = coll.get_facecolor()
            edges = coll.get_edgecolor()
            widths = np.atleast_1d(coll.get_linewidth())
            n = max(len(faces), len(edges), 1)
            seen = set()
            for i in range(n):
                face = faces[i % len(faces)] if len(faces) else (0, 0, 0, 0)
                edge = edges[i % len(edges)] if len(edges) else (0, 0, 0, 0)
                key = (tuple(face), tuple(edge))
                if key in seen:
                    continue
                seen.add(key)
                ratios = [contrast(face, bg, coll.get_alpha())]
                if widths[i % len(widths)] > 0:
                    ratios.append(contrast(edge, bg, coll.get_alpha()))
                out.append((where, _name(coll), _hex(face), max(ratios)))
    return out


def text_contrasts(fig):
    out = []
    for text in _texts(fig):
        ax = text.axes
        bg = ax.get_facecolor() if ax is not None and _inside(text, ax) else fig.get_facecolor()
        out.append((text.get_text()[:40], _hex(text.get_color()), contrast(text.get_color(), bg)))
    return out


def _inside(text, ax) -> bool:
    try:
        return ax.bbox.contains(*text.get_window_extent().p0)
    except RuntimeError:
        return False


# ---------------------------------------------------------------------------------------------
# Labelled series
# ---------------------------------------------------------------------------------------------
def series_styles(fig):
    """(name, colour, line style) of every series line on the figure's axes: its tag
    (``gid="series:<name>"``, :func:`helpers.style.series`) or else its legend label."""
    out = []
    for ax in fig.axes:
        for line in ax.lines:
            gid = line.get_gid() or ""
            label = gid[len("series:"):] if gid.startswith("series:") else line.get_label()
            if label.startswith("_"):
                continue
            ls = line.get_linestyle()
            ls = "none" if ls in ("None", "none", "", " ") else ls
            out.append((label, _hex(line.get_color())[:7], ls))
    return out


# ---------------------------------------------------------------------------------------------
# Boxes in display pixels
# ---------------------------------------------------------------------------------------------
def _texts(fig):
    """Every visible, non-empty text a reader reads: free texts, titles, axis labels, legends'
    texts are inside their legend's box (checked as one box)."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [*ax.texts, ax.title, ax._left_title, ax._right_title,
                  ax.xaxis.label, ax.yaxis.label]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def _tick_labels(fig):
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks():
                if tick.label1.get_visible() and tick.label1.get_text().strip():
                    lo, hi = sorted(axis.get_view_interval())
                    if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                        out.append(tick.label1)
    return out


def _legends(fig):
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes]
    return [lg for lg in legends if lg is not None and lg.get_visible()]


def _shrunk(bbox: Bbox, px: float = 1.0) -> Bbox:
    return Bbox.from_extents(bbox.x0 + px, bbox.y0 + px, bbox.x1 - px, bbox.y1 - px)


def _label(artist) -> str:
    if hasattr(artist, "get_texts"):
        return "legend [" + ", ".join(t.get_text() for t in artist.get_texts())[:60] + "]"
    return repr(artist.get_text()[:50])


def _curves(ax, strict=False):
    """(name, display Path or points) of every visible line and scatter in `ax` (cursors only
    when `strict`)."""
    out = []
    for line in ax.lines:
        if not line.get_visible() or (line.get_gid() == CURSOR and not strict):
            continue
        xy = line.get_transform().transform(line.get_path().vertices)
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            continue
        if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1:
            out.append((_name(line), Path(xy), None))
        if line.get_marker() not in ("None", "none", "", " ", None):
            out.append((_name(line) + " marker", None, xy))
    for coll in ax.collections:
        offsets = coll.get_offsets()
        if coll.get_visible() and len(offsets) and hasattr(coll, "get_sizes"):
            xy = coll.get_offset_transform().transform(offsets)
            out.append((_name(coll), None, xy[np.isfinite(xy).all(axis=1)]))
    return out


def _same_words_same_place(a, box_a, b, box_b) -> bool:
    return (hasattr(a, "get_text") and hasattr(b, "get_text") and not hasattr(a, "get_texts")
            and a.get_text() == b.get_text()
            and np.allclose(box_a.get_points().mean(0), box_b.get_points().mean(0), atol=2))


def overlaps(fig, strict=False):
    """What a reader would see collide: pairs of boxes, a box over a curve, a box off the
    figure. Returns a list of plain-words problems (empty when the figure is clean). A cursor
    (``gid=helpers.style.CURSOR``) the reader drags may pass over words; `strict` counts it."""
    renderer = fig.canvas.get_renderer()
    boxes = [(t, t.get_window_extent(renderer)) for t in _texts(fig)]
    boxes += [(lg, lg.get_window_extent(renderer)) for lg in _legends(fig)]
    problems = []
    fig_box = fig.bbox
    for artist, box in boxes:
        if (box.x0 < fig_box.x0 - 1 or box.y0 < fig_box.y0 - 1 or box.x1 > fig_box.x1 + 1
                or box.y1 > fig_box.y1 + 1):
            problems.append(f"{_label(artist)} runs off the figure")
    ticks = [(t, t.get_window_extent(renderer)) for t in _tick_labels(fig)]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1:] + ticks:
            if _same_words_same_place(a, box_a, b, box_b):
                continue   # a highlight drawn over its own label (the cascade's current step)
            if _shrunk(box_a).overlaps(_shrunk(box_b)):
                problems.append(f"{_label(a)} overlaps {_label(b)}")
    for artist, box in boxes:
        for ax in fig.axes:
            inner = Bbox.intersection(_shrunk(box), ax.bbox)
            if inner is None or inner.width <= 0 or inner.height <= 0:
                continue
            for name, path, points in _curves(ax, strict):
                if path is not None and path.intersects_bbox(inner, filled=False):
                    problems.append(f"{_label(artist)} crosses {name}")
                elif points is not None and len(points) and (
                        (points[:, 0] > inner.x0) & (points[:, 0] < inner.x1)
                        & (points[:, 1] > inner.y0) & (points[:, 1] < inner.y1)).any():
                    problems.append(f"{_label(artist)} covers {name}")
    return problems


def figure_views():
    """The names of every registered view drawn as a figure."""
    from helpers.views import REGISTRY

    return [name for name, spec in REGISTRY.items() if spec.draw is not None]


def grid_sample(name, limit=80):
    """The sweep grid of a view (computed once per process), cut to about `limit` points: the
    default, every control alone at each of its sweep values, then an even stride through the
    combinations."""
    from helpers.views import REGISTRY
    from tests.sweeps import grid_results

    grid = grid_results(name)
    singles = 1 + sum(len(c.sweep_values()) for c in REGISTRY[name].controls)
    head, rest = grid[:singles], grid[singles:]
    room = max(limit - len(head), 1)
    return head + rest[::max(1, -(-len(rest) // room))]


def at(view, result):
    """Show a precomputed result (from :func:`tests.sweeps.grid_results`) in a built view, as a
    control move would, without computing it again."""
    view.result = result
    view._redraw()
    return view.fig


def is_line(artist) -> bool:
    return isinstance(artist, Line2D)
