"""Figure furniture shared by every lesson's views: the two-panel concentration and saturation
axes, the shaded "activity may return" zones, reference lines and unit formatting.

Thresholds come from the registry (``pd.return_conc_ug_per_ml`` 1-2 µg/mL and
``pd.return_saturation_pct`` 20-40 %, NEXT-MS introduction), never retyped here.
"""

from __future__ import annotations

from .. import pk, sources
from ..sources import format_value
from ..style import BAND, REFERENCE_LINE, ZONE_EDGE, ZONE_FILL, ZONE_TEXT

CONC_LABEL = "Natalizumab (µg/mL)"
SAT_LABEL = "Receptors covered (%)"
LOG_TICKS = [0.1, 1, 10, 100]
DAYS_PER_MONTH = 365.25 / 12


def return_zone() -> tuple[float, float, float, float]:
    """(conc low, conc high µg/mL, saturation low, high %) where MS activity may return."""
    conc_low, conc_high = sources.value("pd.return_conc_ug_per_ml")
    sat_low, sat_high = sources.value("pd.return_saturation_pct")
    return conc_low, conc_high, sat_low, sat_high


def return_zone_text() -> str:
    conc_low, conc_high, _, _ = return_zone()
    return f"below {format_value((conc_low, conc_high))} µg/mL: MS activity may return"


def shade_return_zone(ax_conc=None, ax_sat=None) -> None:
    """Shade the concentration and/or saturation zone where MS activity may return: a light
    hatched fill bounded by a 1 px line in the zone's text colour (3:1 or more on white, where
    the fill alone is 1.2:1)."""
    _, conc_high, _, sat_high = return_zone()
    if ax_conc is not None:
        ax_conc.axhspan(min(ax_conc.get_ylim()[0], 0.0), conc_high, **ZONE_FILL)
        ax_conc.axhline(conc_high, **ZONE_EDGE)
    if ax_sat is not None:
        ax_sat.axhspan(0, sat_high, **ZONE_FILL)
        ax_sat.axhline(sat_high, **ZONE_EDGE)


def zone_handle(label: str | None = None):
    """A legend item for the zone (hatched fill, dark edge), where a curve could run through
    words written on the axes."""
    from matplotlib.patches import Patch

    fill = {k: v for k, v in ZONE_FILL.items() if k not in ("gid", "linewidth", "edgecolor")}
    return Patch(**fill, edgecolor=ZONE_EDGE["color"], linewidth=ZONE_EDGE["linewidth"],
                 label=label or return_zone_text())


def zone_label(ax, x: float, y: float, **kw):
    """The zone's words on the axes, in the zone's text colour."""
    return ax.text(x, y, return_zone_text(), color=ZONE_TEXT, fontsize=12, **kw)


def conc_sat_axes(
    fig,
    *,
    xlabel: str,
    xlim: tuple,
    conc_ylim: tuple = (0, 140),
    log_conc: bool = False,
    xticks=None,
):
    """Two side-by-side axes, the blood level (left) and receptor cover (right), with their
    return zones shaded. Returns (ax_conc, ax_sat)."""
    ax_c, ax_s = fig.subplots(1, 2)
    ax_c.set(
        xlim=xlim,
        ylim=conc_ylim,
        xlabel=xlabel,
        title="In the blood",
        ylabel="Natalizumab (µg/mL, log scale)" if log_conc else CONC_LABEL,
    )
    if log_conc:
        ax_c.set_yscale("log")
        ax_c.set_yticks(LOG_TICKS, [format_value(float(t)) for t in LOG_TICKS])
    ax_s.set(xlim=xlim, ylim=(0, 100), xlabel=xlabel, ylabel=SAT_LABEL, title="On the immune cells")
    shade_return_zone(ax_c, ax_s)
    if xticks is not None:
        for ax in (ax_c, ax_s):
            ax.set_xticks(xticks)
    return ax_c, ax_s


LOG_CONC_YLIM = (0.05, 300)


def washout_axes(fig, *, xlabel: str, xlim: tuple, xticks=None):
    """:func:`conc_sat_axes` with the blood level on a log scale, so the 1-2 µg/mL zone and the
    spread of low levels stay visible."""
    return conc_sat_axes(
        fig, xlabel=xlabel, xlim=xlim, conc_ylim=LOG_CONC_YLIM, log_conc=True, xticks=xticks
    )


def reference_line(ax, x, y, **kw):
    """A grey dotted comparison curve (the approved schedule, or a typical person)."""
    (line,) = ax.plot(x, y, **{**REFERENCE_LINE, **kw})
    return line


def spread_label(short: bool = False) -> str:
    """How the spread is labelled: 'range across 50–120 kg and two models' ('50–120 kg, two
    models' in a legend)."""
    low, _, high = pk.spread_weights_kg()
    weights = f"{format_value((low, high))} kg"
    return f"{weights}, two models" if short else f"range across {weights} and two models"


def spread_band(ax, x, low, high, **kw):
    """The spread between models of lighter and heavier people, as a light band behind a curve."""
    return ax.fill_between(x, low, high, **{**BAND, **kw})


def pct(x: float) -> str:
    return f"{x:.0f}%"


def ug(x: float) -> str:
    return f"{x:.1f} µg/mL" if x >= 1 else f"{x:.2f} µg/mL"


def plural(n: float, word: str) -> str:
    """'1 day', '2 days', '0.5 weeks'."""
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"
