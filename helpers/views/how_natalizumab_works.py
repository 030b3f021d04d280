"""Lesson 01 (how natalizumab works): the leukocyte adhesion cascade as a drawn diagram (drawn in
:mod:`._cascade`), a side-by-side simulator of natalizumab against broad and other selective drugs,
why blood lymphocytes rise, and the lesson's tables (comparison, AFFIRM, answers; their words in
``helpers/content/01_how_natalizumab_works.md``).

Models: :mod:`helpers.immune` (illustrative trafficking model, status teaching-assumption), driven
by the saturation of :mod:`helpers.pd` for natalizumab. Curves are cached, so a control move is a
look-up and a blit. Readouts give numbers labelled as a model of an average adult, never a verdict.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import content, immune, sources
from ..sources import format_value
from ..style import GREY, OKABE_ITO, series
from ..widgets import Control, Frame, ViewSpec, line_updater
from . import _fact_box
from ._contact import contact_numbers
from ._cascade import CASCADE_CONTROLS, compute_cascade, draw_cascade, update_cascade

LESSON = "01_how_natalizumab_works"
SETTLED_FRACTION = 0.9  # answer 4: how far a count has moved towards its new level


# ---------------------------------------------------------------------------------------------
# 1. The leukocyte adhesion cascade, step by step
# ---------------------------------------------------------------------------------------------
# ---------------------------------------------------------------------------------------------
# 2. Side by side: drug A and drug B over two years
# ---------------------------------------------------------------------------------------------
DRUG_OPTIONS = tuple((immune.DRUG_NAMES[d], d) for d in immune.DRUGS)
RELAPSE_OPTIONS = (
    ("No relapse", immune.RELAPSE_NONE),
    ("Relapse in month 5 of treatment", immune.RELAPSE_ON),
    ("Relapse 3 months after the last dose", immune.RELAPSE_AFTER),
)
END_MONTH = 24.0
AFTER_MONTHS = 3.0  # the readout's 'after stopping' month
STOP_RANGE = (3, 18)
COMPARE_CONTROLS = (
    Control("drug_a", "Drug A (solid line)", default=immune.NATALIZUMAB, options=DRUG_OPTIONS),
    Control("drug_b", "Drug B (dashed line)", default=immune.AZATHIOPRINE_LIKE,
            options=DRUG_OPTIONS),
    Control("stop_month", "Months of treatment before stopping (months)", default=12,
            min=STOP_RANGE[0], max=STOP_RANGE[1], step=1),
    Control("relapse", "Relapse scenario", default=immune.RELAPSE_NONE, options=RELAPSE_OPTIONS),
)
ENTRY_YLIM = {False: (0, 130), True: (0, 560)}
PLOT_EVERY = 4


@lru_cache(maxsize=32)
def _courses(drug: str, relapse: str) -> dict:
    """Every stop month of one drug and relapse scenario (about 0.1 s, once), so moving the
    stop slider is a look-up, not an integration."""
    return {m: immune.time_course(drug, float(m), END_MONTH, relapse)
            for m in range(STOP_RANGE[0], STOP_RANGE[1] + 1)}


def course(drug: str, stop_month: int, relapse: str) -> immune.Course:
    family = _courses(immune.check_drug(drug), relapse)
    if stop_month not in family:
        return immune.time_course(drug, float(stop_month), END_MONTH, relapse)
    return family[stop_month]


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _count(x: float) -> str:
    return f"{x:.1f} ×10⁹/L"


def compute_compare(drug_a: str, drug_b: str, stop_month: int, relapse: str) -> dict:
    stop_month = int(stop_month)
    ca, cb = course(drug_a, stop_month, relapse), course(drug_b, stop_month, relapse)
    on, after = stop_month - 0.25, min(stop_month + AFTER_MONTHS, END_MONTH)
    name_a, name_b = immune.DRUG_NAMES[drug_a], immune.DRUG_NAMES[drug_b]

    def at(course_, month, what, fmt):
        return fmt(immune.value_at(course_, month, what))

    window = immune.relapse_window_months(relapse, stop_month)
    values = {"name_a": name_a, "name_b": name_b,
              "blood_before": _count(immune.DEFAULT.b0_1e9 / immune.DEFAULT.blood_volume_l),
              "after_months": f"{AFTER_MONTHS:g} months", "relapse": window is not None}
    for key, course_ in (("a", ca), ("b", cb)):
        values[f"blood_{key}"] = at(course_, on, "blood_count_1e9_per_l", _count)
        values[f"entry_{key}"] = at(course_, on, "cns_influx_ratio", _pct)
        values[f"outside_{key}"] = at(course_, on, "outside_cns_ratio", _pct)
        values[f"after_{key}"] = at(course_, after, "blood_count_1e9_per_l", _count)
        if window is not None:
            values[f"relapse_{key}"] = at(course_, sum(window) / 2, "cns_influx_ratio", _pct)
    if window is not None:
        values.update(relapse_signals=format_value(immune.relapse_infl()),
                      relapse_from=f"{window[0]:g}", relapse_to=f"{window[1]:g}")
    readout = content.readout(LESSON, "compare", values)
    k = PLOT_EVERY  # plot every 2 days: the monthly saw-tooth stays, the blit is cheaper
    return {
        "months": ca.months[::k],
        "blood_a": ca.blood_count_1e9_per_l[::k], "blood_b": cb.blood_count_1e9_per_l[::k],
        "entry_a": 100 * ca.cns_influx_ratio[::k], "entry_b": 100 * cb.cns_influx_ratio[::k],
        "outside_a": 100 * ca.outside_cns_ratio[::k],
        "outside_b": 100 * cb.outside_cns_ratio[::k],
        "stop_month": float(stop_month),
        "relapse_x": np.array(window if window is not None else (0.0, 0.0)),
        "relapse_on": window is not None,
        "names": (name_a, name_b),
        "readout": readout, "readout_values": values,
    }


def draw_compare(fig, r) -> Frame:
    axes = fig.subplots(1, 3)
    titles = ("Blood lymphocytes", "Entry into the brain", "Cells outside the brain")
    ylabels = ("×10⁹ per litre", "% of before treatment", "% of before\n(a count, not protection)")
    ylims = ((0, 4.5), ENTRY_YLIM[r["relapse_on"]], (0, 130))
    artists = {}
    for ax, title, ylabel, ylim in zip(axes, titles, ylabels, ylims):
        ax.set(xlim=(0, END_MONTH), ylim=ylim, title=title, ylabel=ylabel,
               xlabel="Months (dotted: stop)", xticks=range(0, int(END_MONTH) + 1, 6))
    for key, ax in zip(("blood", "entry", "outside"), axes):
        (artists[f"{key}_a"],) = ax.plot(r["months"], r[f"{key}_a"], **series("chosen", "A"))
        (artists[f"{key}_b"],) = ax.plot(r["months"], r[f"{key}_b"], **series("changed", "B"))
        artists[f"stop_{key}"] = ax.axvline(r["stop_month"], color=GREY, lw=1.2, ls=":")
    (artists["relapse"],) = axes[1].plot(r["relapse_x"], [8, 8], color=OKABE_ITO["black"],
                                         lw=6, solid_capstyle="butt")
    legend = fig.legend([artists["blood_a"], artists["blood_b"]], [f"A: {n}" for n in r["names"]],
                        loc="outside upper center", ncols=2, frameon=False, fontsize=12,
                        title="A teaching model, not trial results", title_fontsize=13)
    artists["legend"] = legend
    frame = Frame(artists, list(axes))
    update_compare(frame, r)
    return frame


_move_compare = line_updater({
    **{f"{k}_{s}": ("months", f"{k}_{s}") for k in ("blood", "entry", "outside") for s in "ab"},
    **{f"stop_{k}": ("stop_month", None) for k in ("blood", "entry", "outside")},
    "relapse": ("relapse_x", None),
})


def update_compare(frame: Frame, r) -> bool:
    _move_compare(frame, r)
    frame.artists["relapse"].set_visible(r["relapse_on"])
    texts = frame.artists["legend"].get_texts()
    for t, prefix, name in zip(texts, ("A", "B"), r["names"]):
        t.set_text(f"{prefix}: {name}")
    entry_ax = frame.axes[1]
    ylim = ENTRY_YLIM[r["relapse_on"]]
    if tuple(entry_ax.get_ylim()) != ylim:
        entry_ax.set_ylim(ylim)
        return True
    return False


# ---------------------------------------------------------------------------------------------
# 3. Why blood lymphocytes rise: alpha-4 is needed for many exits, not only the brain's
# ---------------------------------------------------------------------------------------------
RISE_CONTROLS = (
    Control("saturation_pct", "Alpha-4 receptors covered (%)", default=89, min=0, max=95, step=1),
    Control("f_alpha4_pct", "Share of exits from the blood that need alpha-4 (%)", default=45,
            min=0, max=60, step=5),
)
SAT_GRID = np.linspace(0.0, 0.95, 96)


@lru_cache(maxsize=32)
def rise_curve(f_alpha4_pct: int):
    """(saturation %, blood count ×10⁹/L, CNS entry % of before) over SAT_GRID."""
    p = immune.with_params(immune.DEFAULT, f_alpha4=f_alpha4_pct / 100.0)
    states = [immune.steady_state(immune.NATALIZUMAB, float(s), p=p) for s in SAT_GRID]
    return (100 * SAT_GRID, np.array([s.blood_count_1e9_per_l for s in states]),
            np.array([100 * s.cns_influx_ratio for s in states]))


def compute_rise(saturation_pct: int, f_alpha4_pct: int) -> dict:
    sat, blood, entry = rise_curve(int(f_alpha4_pct))
    _, blood0, entry0 = rise_curve(0)
    b = float(np.interp(saturation_pct, sat, blood))
    e = float(np.interp(saturation_pct, sat, entry))
    b0 = float(np.interp(saturation_pct, sat, blood0))
    values = {"covered_pct": f"{saturation_pct}", "exits_pct": f"{f_alpha4_pct}",
              "blood": f"{b:.2f} ×10⁹/L", "blood_cns_only": f"{b0:.2f} ×10⁹/L",
              "entry": f"{e:.0f}%"}
    return {
        "sat": sat, "blood": blood, "entry": entry, "blood_cns_only": blood0,
        "entry_cns_only": entry0, "x": float(saturation_pct), "b": b, "e": e,
        "readout": content.readout(LESSON, "rise", values),
        "readout_values": values,
    }


def draw_rise(fig, r) -> Frame:
    ax_b, ax_e = fig.subplots(1, 2)
    ax_b.set(xlim=(0, 100), ylim=(0, 5.5), xlabel="Alpha-4 receptors covered (%)",
             ylabel="×10⁹ per litre", title="Blood lymphocytes")
    ax_e.set(xlim=(0, 100), ylim=(0, 110), xlabel="Alpha-4 receptors covered (%)",
             ylabel="% of before treatment", title="Entry into the brain")
    ref = ax_b.plot(r["sat"], r["blood_cns_only"], color=GREY, ls=":", lw=2,
                    label="alpha-4 needed only to enter the brain")[0]
    (line_b,) = ax_b.plot(r["sat"], r["blood"], **series("chosen", "chosen share of exits"),
                          label="chosen share of exits")
    (dot_b,) = ax_b.plot([r["x"]], [r["b"]], "o", ms=10, color=OKABE_ITO["blue"])
    (line_e,) = ax_e.plot(r["sat"], r["entry"], **series("chosen", "chosen share of exits"))
    (dot_e,) = ax_e.plot([r["x"]], [r["e"]], "s", ms=10, color=OKABE_ITO["blue"])
    # below the flat reference line, where the rising curve never goes
    ax_b.legend(handles=[line_b, ref], loc="lower left", frameon=False, fontsize=12)
    return Frame({"line_b": line_b, "dot_b": dot_b, "line_e": line_e, "dot_e": dot_e})


update_rise = line_updater({"line_b": ("sat", "blood"), "dot_b": ("x", "b"),
                            "line_e": ("sat", "entry"), "dot_e": ("x", "e")})


SPECS = (
    ViewSpec("how_natalizumab_works.cascade",
             "The leukocyte adhesion cascade, and where natalizumab acts",
             CASCADE_CONTROLS, compute_cascade, draw_cascade, update_cascade, size_px=(900, 380)),
    ViewSpec("how_natalizumab_works.compare",
             "Drug A and drug B side by side over two years (teaching model)",
             COMPARE_CONTROLS, compute_compare, draw_compare, update_compare, size_px=(900, 380)),
    ViewSpec("how_natalizumab_works.rise",
             "Why blood lymphocytes rise on natalizumab (teaching model)",
             RISE_CONTROLS, compute_rise, draw_rise, update_rise, size_px=(900, 380)),
)


# ---------------------------------------------------------------------------------------------
# Tables: the comparison (as data, with sources), steady states, AFFIRM, answers
# ---------------------------------------------------------------------------------------------
COMPARISON_FILE = Path(__file__).resolve().parent.parent / "data" / "comparison.csv"
COMPARISON_COLUMNS = (("mechanism", "Mechanism"), ("blood_counts", "Effect on blood counts"),
                      ("risks", "Main risks"))
GROUPS = {"broad": "Broad immunosuppressant", "selective": "Selective MS drug",
          "depleting": "Targeted, cell-depleting MS drug"}


def comparison_rows(path: Path | str = COMPARISON_FILE) -> list[dict]:
    """The rows of comparison.csv, each cell's sources checked against the registry."""
    from ..registry_csv import TABLES, load_table  # the one loader of helpers/data/*.csv

    return [row for _, row in load_table(path, TABLES["comparison.csv"], sources=sources.SOURCES)]


def source_keys(cell: str) -> list[str]:
    return [k.strip() for k in cell.split(";") if k.strip()]


def comparison_sources(rows=None) -> list[str]:
    """Every source key the comparison table cites, in order of first use."""
    rows = comparison_rows() if rows is None else rows
    keys = [k for row in rows for c, _ in COMPARISON_COLUMNS
            for k in source_keys(row[f"{c}_source"])]
    return list(dict.fromkeys(keys))


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def comparison_markdown(rows=None) -> str:
    """The comparison as a Markdown table: each cell is its CSV text followed by [n] numbers
    that point to the numbered source list under the table."""
    rows = comparison_rows() if rows is None else rows
    order = comparison_sources(rows)
    number = {k: i for i, k in enumerate(order, start=1)}
    head = "| Drug | Kind | " + " | ".join(label for _, label in COMPARISON_COLUMNS) + " |"
    lines = [head, "|" + "---|" * (2 + len(COMPARISON_COLUMNS))]
    for row in rows:
        cells = [f"**{row['drug']}**", GROUPS[row["group"]]]
        for column, _ in COMPARISON_COLUMNS:
            refs = ",".join(str(number[k]) for k in source_keys(row[f"{column}_source"]))
            cells.append(f"{_cell(row[column])} [{refs}]")
        lines.append("| " + " | ".join(cells) + " |")
    notes = [f"[{i}] {sources.SOURCES[k].full_title}." for k, i in number.items()]
    return "\n".join(lines) + "\n\n**Sources of the table**\n\n" + "\n".join(
        f"- {n}" for n in notes)


def steady_states_markdown() -> str:
    """Steady states of every drug in the model, as a small table."""
    return content.table(LESSON, "steady states", numbers(), rows="steady_rows")


def affirm_markdown() -> str:
    """AFFIRM's headline as the trial gave it (relative changes), and why the fact box below it
    counts people instead."""
    return content.render(LESSON, "affirm", numbers())


def fact_box_html() -> str:
    """The AFFIRM fact box: benefits and harms per 1,000 people over 2 years, both groups side
    by side (:mod:`._fact_box`)."""
    return _fact_box.fact_box_html()


def fact_box_summary_markdown() -> str:
    """The fact box's summary: the differences in people, and no advice."""
    return content.render(LESSON, "fact box summary", numbers())


def main_message_markdown() -> str:
    """The lesson's main message, a box shown at its top."""
    return content.main_message(LESSON, numbers())


def answers() -> dict:
    """The numbers the check-your-understanding answers quote, from the models."""
    nat = immune.steady_state(immune.NATALIZUMAB)
    aza = immune.steady_state(immune.AZATHIOPRINE_LIKE)
    cns_only = immune.steady_state(
        immune.NATALIZUMAB, p=immune.with_params(immune.DEFAULT, f_alpha4=0.0))
    before = immune.steady_state(immune.NO_DRUG)
    return {
        "before_blood": round(before.blood_count_1e9_per_l, 1),
        "nat_blood": round(nat.blood_count_1e9_per_l, 1),
        "nat_entry_pct": round(100 * nat.cns_influx_ratio),
        "aza_blood": round(aza.blood_count_1e9_per_l, 1),
        "aza_entry_pct": round(100 * aza.cns_influx_ratio),
        "aza_outside_pct": round(100 * aza.outside_cns_ratio),
        "cns_only_rise_pct": round(100 * (cns_only.blood_ratio - 1), 2),
        "nat_rise_hours": round(
            24 * immune.time_to_fraction_days(immune.NATALIZUMAB, SETTLED_FRACTION), 1),
        "aza_fall_days": round(immune.time_to_fraction_days(immune.AZATHIOPRINE_LIKE,
                                                            SETTLED_FRACTION)),
    }


def numbers() -> dict:
    """Every placeholder of helpers/content/01_how_natalizumab_works.md, from the model and the
    registry; functions are called when their placeholder is first shown."""
    a, v, p = answers, sources.value, immune.DEFAULT
    return {
        **_fact_box.numbers(),
        **contact_numbers(),
        "steady_rows": lambda: [
            {"drug": immune.DRUG_NAMES[d], "blood": _count(s.blood_count_1e9_per_l),
             "entry": _pct(s.cns_influx_ratio), "outside": _pct(s.outside_cns_ratio)}
            for d in immune.DRUGS for s in [immune.steady_state(d)]],
        "relapse_fewer": lambda: f"{v('affirm.relapse_reduction_pct')}%",
        "disability_lower": lambda: f"{v('affirm.disability_reduction_pct')}%",
        **{k: (lambda k=k: a()[k]) for k in (
            "before_blood", "nat_blood", "nat_entry_pct", "aza_blood", "aza_entry_pct",
            "aza_outside_pct", "cns_only_rise_pct", "nat_rise_hours", "aza_fall_days")},
        "settled": f"{100 * SETTLED_FRACTION:g}%",
        "reversal": content.figure("immune.reversal_weeks"),
        "b0": f"{p.b0_1e9:.1f}", "before": content.figure("immune.lymphocytes_before_1e9_per_l"),
        "volume": content.figure("immune.blood_volume_l"),
        "k_out": f"{p.k_out_per_day:.1f}", "k_ret": f"{p.k_ret_per_day:.2f}",
        "d": f"{p.d_per_day:g}", "s": f"{p.s_1e9_per_day:.2f}", "f_alpha4": f"{p.f_alpha4:g}",
        "e_cns": f"{p.e_cns:g}", "k_bc": f"{p.k_bc_per_day:g}", "k_c": f"{p.k_c_per_day:g}",
        "i_prod": content.value("immune.aza_i_prod", qualifier=None),
        "rho": content.value("immune.fingolimod_egress_factor", qualifier=None),
        "kappa": content.value("immune.cd20_kill_per_day", qualifier=None),
        "phi": content.value("immune.cd20_share", qualifier=None),
        "infl": content.value("immune.relapse_infl", qualifier=None),
    }


def answers_markdown() -> str:
    """The four answers, one paragraph each (helpers/content/01_how_natalizumab_works.md)."""
    n = numbers()
    return "\n\n".join(content.render(LESSON, f"answer {i}", n)
                        for i in content.question_numbers(LESSON, "answer"))


def questions_markdown() -> str:
    """The check-your-understanding questions, answers folded (helpers/content/01_...md)."""
    return content.questions(LESSON, numbers())


def parameters_markdown() -> str:
    """The model's symbols, meanings and values, as the code uses them."""
    return content.table(LESSON, "parameters", numbers())
