"""Lesson 05 (switching and planning): why people stop natalizumab, the gap before the next
medicine, and the check-your-understanding answers for switching, pregnancy and fatigue.

Drug levels come from :mod:`helpers.pk`, receptor cover from :mod:`helpers.pd`, trial figures
(TOFINGO, RESTORE, Alping 2016, the German pregnancy registries, Haghikia 2014) from
:mod:`helpers.sources`. Readouts give numbers for a model or a named study, never a verdict about
a reader; where a reader might act, the next step named is the MS team.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..style import CURSOR, OKABE_ITO, SPAN, ZONE_TEXT, series
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._guide import AVERAGE, FLOOR_UG_PER_ML, log_conc_axis
from ._fact_box import per_1000
from ._panels import SAT_LABEL, pct, plural, shade_return_zone, spread_band, spread_label, ug

LESSON = "05_switching_and_planning"
WEEK = regimen.DAYS_PER_WEEK

# ---------------------------------------------------------------------------------------------
# 1. Switching: the gap before the next medicine
# ---------------------------------------------------------------------------------------------
GAP_WEEKS_RANGE = (4, 20)
GAP_PLOT_WEEKS = 24
N_DOSES_BEFORE_STOP = 13
# TOFINGO's arms (weeks of gap): the registry's switch.tofingo_lesions_<N>w figures.
TOFINGO_ARMS = tuple(sorted(int(k.removeprefix("switch.tofingo_lesions_").removesuffix("w"))
                            for k in sources.FIGURES if k.startswith("switch.tofingo_lesions_")))
PRESET_OPTIONS = (
    ("Default saturation curve", "default"),
    ("Alternative saturation curve", "alternative"),
)
GAP_CONTROLS = (
    Control("washout_weeks", "Gap before the next medicine (weeks)", default=12,
            min=GAP_WEEKS_RANGE[0], max=GAP_WEEKS_RANGE[1], step=1),
    Control("preset", "Saturation curve", default="default", options=PRESET_OPTIONS),
)


def tofingo(weeks: int) -> dict:
    """TOFINGO's results for its arm of `weeks` (8, 12 or 16)."""
    return {
        "lesions": sources.value(f"switch.tofingo_lesions_{weeks}w"),
        "washout_lesions": sources.value(f"switch.tofingo_washout_lesions_{weeks}w"),
        "relapse_free_pct": sources.value(f"switch.tofingo_relapse_free_{weeks}w"),
    }


@lru_cache(maxsize=4)
def gap_curve(preset: str):
    """Weeks after the last of a year of infusions; the average person's µg/mL and % cover; and
    the lowest and highest µg/mL across weights and models (pk.washout_spread)."""
    reg = regimen.regular(n_doses=N_DOSES_BEFORE_STOP)
    weeks = np.linspace(0.0, GAP_PLOT_WEEKS, 961)
    conc = pk.concentration_1cmt(reg.last_dose_day + weeks * WEEK, reg)
    low, high = pk.washout_spread(weeks * WEEK, N_DOSES_BEFORE_STOP)
    return (weeks, np.maximum(conc, FLOOR_UG_PER_ML), pd.saturation_pct(conc, preset),
            np.maximum(low, FLOOR_UG_PER_ML), high, pd.saturation_pct(low, preset),
            pd.saturation_pct(high, preset))


def compute_gap(washout_weeks: int, preset: str) -> dict:
    weeks, conc, sat, low, high, sat_low, sat_high = gap_curve(preset)
    i = int(np.searchsorted(weeks, washout_weeks))
    arm = washout_weeks in TOFINGO_ARMS
    values = {"gap": plural(washout_weeks, "week"), "conc": ug(float(conc[i])),
              "conc_low": ug(float(low[i])), "conc_high": ug(float(high[i])),
              "cover": pct(float(sat[i])), "cover_low": pct(float(sat_low[i])),
              "cover_high": pct(float(sat_high[i])), "arm": arm}
    if arm:
        t = tofingo(washout_weeks)
        values.update(arm_gap=f"{washout_weeks}-week", lesions=format_value(t["lesions"]),
                      washout_lesions=format_value(t["washout_lesions"]),
                      relapse_free=f"{format_value(t['relapse_free_pct'])}%")
    readout = content.readout(LESSON, "switch_gap", values, readout_numbers())
    return {"washout": float(washout_weeks), "conc_at": float(conc[i]), "sat_at": float(sat[i]),
            "weeks": weeks, "sat": sat, "readout": readout, "readout_values": values}


def draw_gap(fig, r) -> Frame:
    ax_c, ax_s, ax_t = fig.subplots(1, 3, width_ratios=(1.15, 1.15, 0.8))
    weeks, conc, _, low, high, *_ = gap_curve("default")
    xlim = (0, GAP_PLOT_WEEKS)
    xlabel = "Weeks after the last infusion"
    log_conc_axis(ax_c, xlabel, xlim)
    ax_s.set(xlim=xlim, ylim=(0, 100), xlabel=xlabel, ylabel=SAT_LABEL,
             title="On the immune cells")
    shade_return_zone(ax_c, ax_s)
    relapse = sources.value("stop.restore_relapse_weeks")
    mri = sources.value("stop.restore_mri_week")
    for ax in (ax_c, ax_s):
        ax.set_xticks(range(0, GAP_PLOT_WEEKS + 1, 4))
        ax.axvspan(*relapse, **SPAN)
        ax.axvline(mri, color="0.3", linewidth=1.2, linestyle="-.")
    # right-aligned short of the MRI line, so that line never runs through the words
    ax_s.text(mri - 0.4, 3, "RESTORE:\nrelapses\nfrom here", fontsize=12, ha="right",
              color=ZONE_TEXT)
    ax_s.text(mri + 0.4, 97, f"MRI activity\nfrom week {format_value(mri)}", fontsize=12,
              va="top")   # above where the falling curve can be after week 12
    spread_band(ax_c, weeks, low, high, label=spread_label(short=True))
    ax_c.plot(weeks, conc, **series("chosen", "average 70 kg adult"), label="average 70 kg adult")
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=12)
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], **series("chosen", "average 70 kg adult"))
    cursor_c = ax_c.axvline(r["washout"], color=OKABE_ITO["black"], linewidth=1.6, gid=CURSOR)
    cursor_s = ax_s.axvline(r["washout"], color=OKABE_ITO["black"], linewidth=1.6, gid=CURSOR)
    (dot_c,) = ax_c.plot([r["washout"]], [r["conc_at"]], "o", ms=9, color=OKABE_ITO["blue"])
    (dot_s,) = ax_s.plot([r["washout"]], [r["sat_at"]], "s", ms=9,
                         color=OKABE_ITO["blue"])
    lesions = [float(tofingo(w)["lesions"]) for w in TOFINGO_ARMS]
    ax_t.bar(TOFINGO_ARMS, lesions, width=2.6, color=OKABE_ITO["sky_blue"],
             edgecolor=OKABE_ITO["black"])
    for w, n in zip(TOFINGO_ARMS, lesions):
        ax_t.text(w, n + 0.3, format_value(n), ha="center", fontsize=12)
    ax_t.set(xlim=GAP_WEEKS_RANGE, ylim=(0, 10), xticks=TOFINGO_ARMS,
             xlabel="Gap (weeks)", ylabel="Active lesions (mean)", title="TOFINGO")
    # the chosen gap as a pointer at the foot of the bars: a full-height line ran through the
    # bars' numbers
    (cursor_t,) = ax_t.plot([r["washout"]], [0.45], "^", ms=13, color=OKABE_ITO["black"],
                            linestyle="none")
    return Frame({"line_s": line_s, "cursor_c": cursor_c, "cursor_s": cursor_s,
                  "cursor_t": cursor_t, "dot_c": dot_c, "dot_s": dot_s})


update_gap = line_updater({
    "line_s": ("weeks", "sat"),
    "cursor_c": ("washout", None),
    "cursor_s": ("washout", None),
    "cursor_t": ("washout", None),
    "dot_c": ("washout", "conc_at"),
    "dot_s": ("washout", "sat_at"),
})


# ---------------------------------------------------------------------------------------------
# Check your understanding: every number from the models and the registry
# ---------------------------------------------------------------------------------------------
def understanding_numbers() -> dict:
    """Every number the check-your-understanding answers quote, from the models and registry."""
    short, long = TOFINGO_ARMS[0], TOFINGO_ARMS[-1]
    gap_short, gap_long = compute_gap(short, "default"), compute_gap(long, "default")
    return {
        "gap8_sat": gap_short["sat_at"],
        "gap16_sat": gap_long["sat_at"],
        "lesions_8w": float(sources.value(f"switch.tofingo_lesions_{short}w")),
        "lesions_16w": float(sources.value(f"switch.tofingo_lesions_{long}w")),
    }


def per_100(share: float) -> int:
    """A share (0-1) as a whole number of 100, the way the lesson says it ('about 63 of 100')."""
    if not 0 <= share <= 1:
        raise ValueError(f"share must be between 0 and 1, got {share}")
    return int(np.floor(share * 100 + 0.5))


def pregnancy_numbers() -> dict:
    """The pregnancy registries as numbers of 100 pregnancies, with the study sizes: the German
    registry after stopping (Hellwig 2022), stopping in the first trimester against going on
    (JNNP 2024), and the babies of the third-trimester case series (Haghikia 2014)."""
    v = sources.value
    hellwig_n = v("pregnancy.hellwig_pregnancies")
    out = {
        "hellwig_n": hellwig_n,
        "hellwig": per_100(v("pregnancy.hellwig_relapse_n") / hellwig_n),
        "hellwig_severe": per_100(v("pregnancy.hellwig_severe_n") / hellwig_n),
        "jnnp_stopped_n": v("pregnancy.jnnp_stopped_n"),
        "jnnp_stopped": per_100(v("pregnancy.jnnp_relapse_stopped_pct") / 100),
        "jnnp_continued_n": v("pregnancy.jnnp_continued_n"),
        "jnnp_continued": per_100(v("pregnancy.jnnp_relapse_continued_pct") / 100),
        "haghikia_n": v("pregnancy.haghikia_infants"),
        "haghikia_changes": v("pregnancy.haghikia_blood_changes"),
    }
    return out


def next_medicine_numbers() -> dict:
    """Alping 2016 (rituximab or fingolimod after natalizumab) as numbers of 100 people."""
    v = sources.value
    return {"alping_n": v("switch.alping_n"),
            "alping_rtx": per_100(v("switch.alping_relapse_rituximab_pct") / 100),
            "alping_fgl": per_100(v("switch.alping_relapse_fingolimod_pct") / 100)}


def numbers() -> dict:
    """Every placeholder of helpers/content/05_switching_and_planning.md, from the models and
    registry; functions are called when their placeholder is first shown."""
    n = understanding_numbers
    short, long = TOFINGO_ARMS[0], TOFINGO_ARMS[-1]
    return {
        **readout_numbers(),
        "long_gap": f"{long}-week", "long": plural(long, "week"), "short": plural(short, "week"),
        "lesions_long": lambda: format_value(n()["lesions_16w"]),
        "lesions_short": lambda: format_value(n()["lesions_8w"]),
        "cover_long": lambda: pct(n()["gap16_sat"]), "cover_short": lambda: pct(n()["gap8_sat"]),
        **{f"{k}_per_100": _of_100(k) for k in PER_100},
        **{f"{k}_rest": _of_100(k, rest=True) for k in PER_100},
        **{k: _count(k) for k in ("hellwig_n", "jnnp_stopped_n", "jnnp_continued_n",
                                  "haghikia_n", "haghikia_changes")},
        "alping_n": lambda: f"{next_medicine_numbers()['alping_n']:,}",
        "alping_rtx_per_100": lambda: str(next_medicine_numbers()["alping_rtx"]),
        "alping_fgl_per_100": lambda: str(next_medicine_numbers()["alping_fgl"]),
        "alping_period": content.figure("switch.alping_followup_months"),
        "stopped_n": lambda: format_value(sources.value("switch.stopped_n")),
        "bsteh_n": lambda: format_value(sources.value("switch.bsteh_n")),
        "efficacy_n": lambda: format_value(sources.value("switch.efficacy_n")),
        "efficacy_period": content.figure("switch.efficacy_months"),
        "watch": content.figure("pml.watch_after_stop_months"),
        "fatigue_nat": lambda: f"{per_1000(sources.value('fatigue.affirm_natalizumab_pct')):,}",
        "fatigue_placebo": lambda: f"{per_1000(sources.value('fatigue.affirm_placebo_pct')):,}",
    }


PER_100 = ("hellwig", "hellwig_severe", "jnnp_stopped", "jnnp_continued")


def _of_100(key: str, rest: bool = False):
    """A numbers() value: pregnancy_numbers()[key] of 100, or the rest of the 100."""
    return lambda: str(100 - pregnancy_numbers()[key] if rest else pregnancy_numbers()[key])


def _count(key: str):
    return lambda: f"{pregnancy_numbers()[key]:,}"


def pregnancy_markdown() -> str:
    """Section 2's two tables (the registries as numbers of 100 pregnancies; the babies of the
    case series) and the words that weigh both sides, from helpers/content/05_...md."""
    n = numbers()
    return "\n\n".join([content.table(LESSON, "table pregnancy", n),
                         content.table(LESSON, "table babies", n),
                         content.render(LESSON, "pregnancy trade-off", n)])


def text_markdown(key: str) -> str:
    """Text block `key` of helpers/content/05_...md ('next medicine', 'if pregnant', 'what
    matters', 'anti-cd20 note'), filled from numbers()."""
    return content.render(LESSON, key, numbers())


def emergency_markdown() -> str:
    """Lesson 04's emergency line (its 'emergency note' block, with the emergency numbers), for
    the months after stopping, when PML and relapses are watched for."""
    from .living_with_treatment import EMERGENCY_NOTE
    return f"**{EMERGENCY_NOTE}**"


def main_message_markdown() -> str:
    return content.main_message(LESSON, numbers())


@lru_cache(maxsize=None)
def readout_numbers() -> dict:
    """The lesson-wide placeholders of the readout (helpers/content/05_...md, 'readout
    switch_gap'): they do not change with the controls; registry figures are looked up when
    first shown, so the lesson's references keep their order of first use."""
    *arms, last = TOFINGO_ARMS
    return {"average": AVERAGE, "spread": spread_label,
            "arms": f"{', '.join(f'{w:g}' for w in arms)} and {last:g} weeks",
            "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks")),
            "restore_mri": lambda: format_value(sources.value("stop.restore_mri_week"))}


def facts_markdown(name: str) -> str:
    """The lesson's table of registry figures `name` ('facts <name>' in
    helpers/content/05_...md): label, value and unit, and where each was read."""
    return content.facts(LESSON, f"facts {name}")


def questions_markdown() -> str:
    """The check-your-understanding questions, answers folded (helpers/content/05_...md)."""
    return content.questions(LESSON, numbers())


SPECS = (
    ViewSpec("switching_and_planning.switch_gap",
             "The gap before the next medicine: drug level, receptor cover and trials",
             GAP_CONTROLS, compute_gap, draw_gap, update_gap),
)
