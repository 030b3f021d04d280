"""Lesson 03 (duration and monitoring): PML risk by profile as an icon array of 1,000 people,
risk over time, a negative antibody test that ages, the extended-interval scenario and the
monitoring plan (drawn in :mod:`._monitoring_plan`; estimates shown with :mod:`._pml_display`), and
its readouts, tables and questions (words in ``helpers/content/03_duration_and_monitoring.md``).

Numbers come from :mod:`helpers.pml` (published estimates, cell by cell from pml_risk.csv) and
:mod:`helpers.schedule` (the monitoring plan). Readouts give numbers for a profile from a named
population, never a verdict; where a reader might act, they say to contact the MS team.
The icon arrays are one scatter of 1,000 markers whose face and edge colours change in place and
are blitted, so a control move is a look-up and a blit.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import content, pml, schedule, sources
from ..sources import format_value
from ..style import CI_LINE, GREY, OKABE_ITO
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._monitoring_plan import PLAN_CONTROLS, compute_plan, draw_plan, plan_items, update_plan
from ._pml_tables import _estimate_rows, _figure_rows, _first_ci, _ryerson_numbers
from ._pml_tables import (  # noqa: F401  (re-exported: the notebook calls lesson.<table>())
    estimates_table_markdown, figures_markdown, ryerson_markdown)
from ._pml_display import (ANTI_JCV, COLS, INDEX, MONTHS, MONTHS_48, PRIOR_IS,
                           estimate_for, icon_axes, icon_caption, icon_counts,
                           icon_legend, icon_result, other_text, source_name, update_icons)

LESSON = "03_duration_and_monitoring"
SIGNS_LESSON = "04_living_with_treatment"   # the emergency route's words live there
# ---------------------------------------------------------------------------------------------
# 1. Risk by profile: the icon array
# ---------------------------------------------------------------------------------------------
ICON_CONTROLS = (ANTI_JCV, PRIOR_IS, MONTHS, INDEX)


@lru_cache(maxsize=1024)
def compute_icons(anti_jcv: str, prior_is: bool, months: int, index) -> dict:
    est = estimate_for(anti_jcv, months, prior_is, index)
    qualifier = est.cell.qualifier if est.found else ""
    k, high = icon_counts(est.per_1000, est.range_per_1000) if est.found else (0, 0)
    index_unused = anti_jcv != "positive" and index != "not known"
    values = {
        "anti_jcv": anti_jcv, "history": _history(prior_is), "months": f"{months:g}",
        "index": "" if index == "not known" else f"{index:g}",
        "found": est.found, "estimate": est.text() if est.found else est.message,
        "people": icon_caption(est.per_1000, est.range_per_1000, qualifier, est.period),
        "index_unused": index_unused, "index_note": est.index_note or "",
        "index_note_shown": not index_unused and bool(est.index_note),
        "whole": est.found and not prior_is,
        "others_rows": [{"other": other_text(o)} for o in est.others],
    }
    values["index_part"] = (content.fill(content.block(LESSON, "readout icons: index").text.strip(),
                                         values) if anti_jcv == "positive" and index != "not known"
                            else "")
    if est.found:
        c = est.cell
        pml.record_use(c)
        # plain words for the patient readout, not the registry's status codes
        kind = "paper" if c.status == "peer-reviewed" else "summary"
        seen = "seen" if c.cell_status == "CONFIRMED" else "one"
        how_read = content.fields(LESSON, "how it was read")[f"{kind}, {seen}"].rstrip(".")
        values.update(source=source_name(c.source), population=c.population, how_read=how_read)
    readout = content.readout(LESSON, "icons", values)
    if est.found:
        readout += content.readout(LESSON, "icons: estimate", values)
    for row in values["others_rows"]:
        readout += content.readout(LESSON, "icons: other", {**values, **row})
    readout += content.readout(LESSON, "icons: after", values)
    title = "1,000 people with this profile" + (f",\n{est.period}" if est.found else "")
    return {
        "icons": {"people": icon_result(est.per_1000, est.range_per_1000)},
        "found": {"people": est.found},
        "texts": {"caption": icon_caption(est.per_1000, est.range_per_1000, qualifier,
                                          est.period, sep="\n") if est.found else "",
                  "title": title},
        "k_point": k,
        "k_high": high,
        "readout": readout,
        "readout_values": values,
    }


def _history(prior_is: bool) -> str:
    return "earlier" if prior_is else "no earlier"


def draw_icons(fig, r) -> Frame:
    ax = fig.add_subplot()
    sc = icon_axes(ax, "1,000 people with this profile,\nduring months 25 to 48 of treatment")
    caption = ax.text(COLS / 2, -1.05, "", ha="center", va="top", fontsize=13)
    icon_legend(fig)
    fig.get_layout_engine().set(rect=(0, 0.17, 1, 0.83))
    frame = Frame({"people": sc, "caption": caption, "title": ax.title})
    update_icons(frame, r)
    return frame


# ---------------------------------------------------------------------------------------------
# 2. Risk over time: per-period estimates and our cumulative arithmetic
# ---------------------------------------------------------------------------------------------
DURATION_CONTROLS = (PRIOR_IS, MONTHS_48)
CURVE_MONTHS = np.linspace(0.0, pml.LAST_MONTH_ESTIMATED, 481)


@lru_cache(maxsize=4)
def duration_curves(prior_is: bool):
    cum = pml.cumulative_per_1000(CURVE_MONTHS, prior_is)
    low = pml.cumulative_per_1000(CURVE_MONTHS, prior_is, "low")
    high = pml.cumulative_per_1000(CURVE_MONTHS, prior_is, "high")
    steps = np.array([pml.risk("positive", max(m, 0.01), prior_is).per_1000
                      for m in CURVE_MONTHS])
    return cum, low, high, steps


@lru_cache(maxsize=256)
def compute_duration(prior_is: bool, months: int) -> dict:
    cum, low, high, steps = duration_curves(bool(prior_is))
    other = duration_curves(not prior_is)[0]
    est = pml.risk("positive", months, prior_is)
    at = round(float(pml.cumulative_per_1000([months], prior_is)[0]), 1)
    lo, hi = (float(pml.cumulative_per_1000([months], prior_is, e)[0]) for e in ("low", "high"))
    ci = (lo, hi) if hi > lo else None
    first = {"first_month": "1", "months": f"{months}"}   # months counted from the first
    so_far = content.fill(content.block(LESSON, "readout duration: so far").text.strip(), first)
    values = {
        **first, "history": _history(prior_is), "period": est.period,
        "estimate": est.text(), "source": source_name(est.source), "population": est.population,
        "so_far": so_far,
        "so_far_people": pml.people_text(at, "", so_far, ci and (round(lo, 1), round(hi, 1))),
        "band_from": f"{est.cell.months_from}", "band_to": f"{est.cell.months_to}",
    }
    readout = content.readout(LESSON, "duration", values, numbers())
    pml.record_use(est.cell)
    return {
        "months": CURVE_MONTHS, "cum": cum, "cum_low": low, "cum_high": high, "steps": steps,
        "cum_other": other, "cursor_x": float(months), "cursor_y": at, "readout": readout,
        "readout_values": values,
        "has_ci": bool(np.any(high > low)),
    }


def draw_duration(fig, r) -> Frame:
    ax_p, ax_c = fig.subplots(1, 2, sharey=True)   # one unit, one scale for both panels
    ax_c.yaxis.set_tick_params(labelleft=True)
    xl = (0, pml.LAST_MONTH_ESTIMATED)
    ax_p.set(xlim=xl, ylim=(0, 30), xlabel="Months of treatment",
             ylabel="PML per 1,000 people\nduring each period", title="Published, per period",
             xticks=range(0, 49, 12))
    ax_c.set(xlim=xl, ylim=(0, 30), xlabel="Months of treatment",
             ylabel="PML per 1,000 people\nfrom month 1 (our arithmetic)",
             title="Added up from month 1", xticks=range(0, 49, 12))
    for ax, (x, y, ha) in ((ax_p, (23, 16, "right")), (ax_c, (25, 12, "left"))):
        # the line stops below the legend's corner, so no text sits on it
        ax.axvline(24, ymax=0.6, color=GREY, linestyle="--", linewidth=1.2)
        ax.text(x, y, "24 months", ha=ha, fontsize=12, color="0.25")
    # the chosen profile is vermillion in both panels: solid per period, dashed added up
    (steps,) = ax_p.plot(r["months"], r["steps"], color=OKABE_ITO["vermillion"], linestyle="-",
                         gid="series:chosen profile, per period")
    (other,) = ax_c.plot(r["months"], r["cum_other"], color=GREY, linestyle=":", linewidth=1.8,
                         label="other immunosuppressant history")
    (low,) = ax_c.plot(r["months"], r["cum_low"], **CI_LINE, label="with the 95% CI ends")
    (high,) = ax_c.plot(r["months"], r["cum_high"], **CI_LINE, gid="series:with the 95% CI ends")
    (cum,) = ax_c.plot(r["months"], r["cum"], color=OKABE_ITO["vermillion"], linestyle="--",
                       label="chosen profile")
    (dot,) = ax_c.plot([r["cursor_x"]], [r["cursor_y"]], "o", ms=9, color=OKABE_ITO["vermillion"])
    legend = ax_c.legend(loc="upper left", frameon=False, fontsize=12)
    low.nz_legend_entry = [a for a in (*legend.get_texts(), *legend.legend_handles)
                           if getattr(a, "get_text", lambda: a.get_label())()
                           == "with the 95% CI ends"]
    frame = Frame({"steps": steps, "other": other, "low": low, "high": high, "cum": cum,
                   "dot": dot})
    update_duration(frame, r)
    return frame


_move_duration_lines = line_updater({
    "steps": ("months", "steps"), "other": ("months", "cum_other"), "low": ("months", "cum_low"),
    "high": ("months", "cum_high"), "cum": ("months", "cum"), "dot": ("cursor_x", "cursor_y"),
})


def update_duration(frame: Frame, r) -> bool:
    """Move the lines; the 95% CI lines and their legend entry show only where a source gives a
    CI (a change of what the legend shows is a full redraw)."""
    _move_duration_lines(frame, r)
    low, high = frame.artists["low"], frame.artists["high"]
    changed = low.get_visible() != r["has_ci"]
    for a in (low, high, *getattr(low, "nz_legend_entry", ())):
        a.set_visible(r["has_ci"])
    return changed


# ---------------------------------------------------------------------------------------------
# 3. A negative test that ages
# ---------------------------------------------------------------------------------------------
FN_OPTIONS = (
    ("False-negative rate: 3% (manufacturer's US site)", "manufacturer"),
    ("False-negative rate: about 2.5% (assay paper, Gorelik 2010)", "gorelik"),
    ("False-negative rate: ignored", "none"),
)
STALE_CONTROLS = (
    Control("months_since", "Months since the negative test (months)", default=12, min=0,
            max=36, step=1),
    Control("false_negative", "False negatives", default="manufacturer", options=FN_OPTIONS),
)
STALE_MONTHS = np.linspace(0.0, 36.0, 361)


def fn_pct(choice: str) -> float:
    if choice == "none":
        return 0.0
    return float(sources.value(pml.FALSE_NEGATIVE_KEYS[choice]))


@lru_cache(maxsize=8)
def stale_curve(choice: str) -> np.ndarray:
    f = fn_pct(choice)
    return 100.0 * np.array([pml.p_positive_now(t, f) for t in STALE_MONTHS])


@lru_cache(maxsize=256)
def compute_stale(months_since: int, false_negative: str) -> dict:
    f = fn_pct(false_negative)
    p = 100.0 * pml.p_positive_now(months_since, f)
    s = pml.seroconversion_pct_per_year()
    prev = float(sources.value("pml.jcv_positive_pct_treated"))
    retest = sources.value("pml.jcv_retest_months")
    values = {"months_since": f"{months_since}", "p_pct": f"{p:.1f}%", "p_in_100": f"{round(p)}",
              "seroconversion": f"{format_value(s)}%", "false_negative_pct": f"{format_value(f)}%",
              "prevalence": f"{format_value(prev)}%", "retest_months": f"{retest}"}
    readout = content.readout(LESSON, "stale", values)
    return {"months": STALE_MONTHS, "p": stale_curve(false_negative),
            "p_none": stale_curve("none"), "cursor_x": float(months_since), "cursor_y": p,
            "readout": readout, "readout_values": values}


def draw_stale(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(xlim=(0, 36), ylim=(0, 40), xticks=range(0, 37, 6),
           xlabel="Months since the negative antibody test",
           ylabel="Antibodies now (% of people, model)")
    retest = sources.value("pml.jcv_retest_months")
    ax.axvline(retest, color=GREY, linestyle="--", linewidth=1.2)
    ax.text(retest + 0.4, 36, f"EU retest at {retest} months", fontsize=12, color="0.25")
    (none,) = ax.plot(r["months"], r["p_none"], color=GREY, linestyle=":", linewidth=1.8,
                      label="false negatives ignored")
    (line,) = ax.plot(r["months"], r["p"], color=OKABE_ITO["blue"], label="chosen rate")
    (dot,) = ax.plot([r["cursor_x"]], [r["cursor_y"]], "o", ms=9, color=OKABE_ITO["blue"])
    ax.legend(loc="lower right", frameon=False)   # clear of the "EU retest" label and the lines
    return Frame({"none": none, "line": line, "dot": dot})


update_stale = line_updater({"none": ("months", "p_none"), "line": ("months", "p"),
                             "dot": ("cursor_x", "cursor_y")})


# ---------------------------------------------------------------------------------------------
# 4. The extended-interval scenario (Ryerson 2019), anti-JCV positive only
# ---------------------------------------------------------------------------------------------
EID_CONTROLS = (PRIOR_IS, MONTHS_48)


def rounded(x: float) -> float:
    """Our own arithmetic, rounded as such: one significant figure (0.276 -> 0.3)."""
    return float(f"{x:.1g}")


@lru_cache(maxsize=256)
def compute_eid(prior_is: bool, months: int) -> dict:
    est = pml.risk("positive", months, prior_is)
    sc = pml.eid_scenario(est)
    point = rounded(sc.per_1000)
    rng = tuple(rounded(x) for x in sc.range_per_1000)
    k, high = icon_counts(est.per_1000, est.range_per_1000)
    short = "in that period"       # the figure's heading names it
    pml.record_use(est.cell)
    sources.figure("eid.ryerson_hr")
    sources.figure("eid.ryerson_hr_ci")
    values = {
        "history": _history(prior_is), "months": f"{months}",
        "approved_weeks": format_value(sources.value("dose.interval_days") / 7),
        "estimate": est.text(), "source": source_name(est.source),
        "scenario_people": pml.people_text(point, "about", est.period),
        "range_low": format_value(rng[0]), "range_high": format_value(rng[1]),
        "hr": format_value(sc.hr), "hr_ci": format_value(sc.hr_ci),
        "caveats_rows": [{"caveat": c} for c in sc.caveats],
    }
    readout = content.readout(LESSON, "eid", values)
    for row in values["caveats_rows"]:
        readout += content.readout(LESSON, "eid: caveat", row)
    readout += content.readout(LESSON, "eid: after", values, numbers())
    return {
        "icons": {"standard": icon_result(est.per_1000, est.range_per_1000),
                  "scenario": icon_result(point, rng)},
        "found": {"standard": est.found, "scenario": sc.applies},
        "texts": {"cap_standard": icon_caption(est.per_1000, est.range_per_1000,
                                               est.cell.qualifier, short, sep="\n"),
                  "cap_scenario": icon_caption(point, rng, "about", short, sep="\n",
                                               event="with PML in the scenario",
                                               rest="without"),
                  "profile": f"Anti-JCV positive, {'earlier' if prior_is else 'no earlier'} "
                             f"immunosuppressants, {months} months of treatment.\n"
                             f"Both pictures: PML {est.period}"},
        "k_point": k,
        "k_high": high,
        "readout": readout,
        "readout_values": values,
    }


def draw_eid(fig, r) -> Frame:
    ax1, ax2 = fig.subplots(1, 2)
    s1 = icon_axes(ax1, "Every 4 weeks (approved)", size=11)
    s2 = icon_axes(ax2, "Longer gaps: scenario (our arithmetic)", size=11)
    c1 = ax1.text(COLS / 2, -1.05, "", ha="center", va="top", fontsize=12)
    c2 = ax2.text(COLS / 2, -1.05, "", ha="center", va="top", fontsize=12)
    icon_legend(fig)
    fig.get_layout_engine().set(rect=(0, 0.1, 1, 0.84))
    profile = fig.text(0.5, 0.99, "", ha="center", va="top", fontsize=13)
    frame = Frame({"standard": s1, "scenario": s2, "cap_standard": c1, "cap_scenario": c2,
                   "profile": profile})
    update_icons(frame, r)
    return frame


# ---------------------------------------------------------------------------------------------
# Check your understanding: numbers from the models (a test checks them)
# ---------------------------------------------------------------------------------------------
ANSWER_STALE_MONTHS = 12  # question 3: a negative test this many months ago


def answer_numbers() -> dict:
    edge = pml.BAND_EDGE_MONTHS
    a = pml.risk("positive", edge, False)
    b = pml.risk("positive", edge + 1, False)
    c = pml.risk("positive", 36, True)
    stale = 100 * pml.p_positive_now(ANSWER_STALE_MONTHS, fn_pct("manufacturer"))
    eid = pml.eid_scenario(c)
    for e in (a, b, c):
        pml.record_use(e.cell)
    return {"m24": a.per_1000, "m25": b.per_1000, "all3": c.per_1000,
            "all3_people": round(c.per_1000), "stale_12": stale,
            "eid_all3": eid.per_1000, "eid_all3_rounded": rounded(eid.per_1000),
            "hr": eid.hr,
            "plavina": sources.value("pml.plavina_stable_pct"),
            "plavina_months": sources.value("pml.plavina_months")}


NOVA_LONGER_WEEKS = 6   # NOVA's extended arm: every 6 weeks (the eid.nova_q6w_* figures)


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 < 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def numbers() -> dict:
    """Every placeholder of helpers/content/03_duration_and_monitoring.md, from the models and
    registry; functions are called when their placeholder is first shown."""
    n = answer_numbers
    edge, last = pml.BAND_EDGE_MONTHS, pml.LAST_MONTH_ESTIMATED
    berger_fox = lambda: float(sources.value("pml.berger_fox_all_three_one_in"))  # noqa: E731
    return {
        "edge": f"{edge}", "next": f"{edge + 1}", "edge_mark": f"{edge}-month",
        "first_band": f"1 to {edge} month", "second_band": f"{edge + 1} to {last} month",
        "second_period": f"{_ordinal(edge + 1)} to {_ordinal(last)} month",
        "m24": lambda: format_value(n()["m24"]), "m25": lambda: format_value(n()["m25"]),
        "m24_text": lambda: pml.risk("positive", edge).text(),
        "m25_text": lambda: pml.risk("positive", edge + 1).text(),
        "all3_rest": lambda: 1000 - n()["all3_people"],
        "all3_people": lambda: n()["all3_people"], "all3": lambda: format_value(n()["all3"]),
        "recalculated": lambda: f"about {round(1000 / berger_fox()):g}",
        "edge_years": f"{edge / 12:g}",
        "stale_months": f"{ANSWER_STALE_MONTHS} months",
        "stale_in_100": lambda: round(n()["stale_12"]),
        "stale_pct": lambda: f"{n()['stale_12']:.1f}%",
        "false_negative": content.figure("pml.assay_fn_manufacturer_pct"),
        "seroconversion": lambda: (
            f"{format_value(sources.value('pml.seroconversion_pct_per_year'))}%"),
        "retest": content.figure("pml.jcv_retest_months", qualifier=""),
        "hr": lambda: format_value(n()["hr"]), "eid_all3": lambda: f"{n()['eid_all3']:.3f}",
        "eid_all3_rounded": lambda: format_value(n()["eid_all3_rounded"]),
        "all3_period": lambda: pml.risk("positive", 36, True).period,
        "approved_weeks": lambda: format_value(sources.value("dose.interval_days") / 7),
        "nova_n": lambda: format_value(sources.value("eid.nova_n")),
        "nova_stable": content.figure("eid.nova_stable_months"),
        "nova_q4w_per_1000": lambda: f"{round(10 * sources.value('eid.nova_q4w_lesion_pct'))}",
        "nova_q6w_per_1000": lambda: f"{round(10 * sources.value('eid.nova_q6w_lesion_pct'))}",
        "nova_longer_weeks": f"{NOVA_LONGER_WEEKS}",
        # the emergency route, in lesson 04's words (its sign finder uses the same blocks)
        "contact_emergency": lambda: content.render(SIGNS_LESSON, "contact emergency", {
            "emergency_numbers": content.render(SIGNS_LESSON, "emergency numbers", {})}),
        "vermersch_n": lambda: format_value(sources.value("pml.vermersch_people")),
        "vermersch_alive": lambda: format_value(sources.value("pml.vermersch_alive")),
        "dongsi_n": lambda: format_value(sources.value("pml.natalizumab_pml_survival_n")),
        "dongsi_alive": lambda: f"{10 * sources.value('pml.natalizumab_pml_survived_pct'):.0f}",
        "dongsi_months": content.figure("pml.natalizumab_pml_followup_months"),
        **{k: (lambda k=k: _ryerson_numbers()[k])
           for k in ("sid_gap", "sid_rate", "eid_gap", "eid_rate")},
        # the tables' rows (estimates_table_markdown and figures_markdown take their own)
        "estimate_rows": _estimate_rows,
        "figure_rows": lambda: _figure_rows(["pml.iris_cases"]),
        # 'estimates range' is filled per cell; here the first cell with a CI, as an example
        "low": lambda: format_value(_first_ci()[0], ""),
        "high": lambda: format_value(_first_ci()[1], ""),
    }


def questions_markdown() -> str:
    """The check-your-understanding questions, answers folded (helpers/content/03_...md)."""
    return content.questions(LESSON, numbers())


def main_message_markdown() -> str:
    return content.main_message(LESSON, numbers())


def text_markdown(key: str) -> str:
    """Text block `key` of helpers/content/03_...md ('guess first', 'guess compare', 'eid other
    side', 'emergency signs', 'pml outcome')."""
    return content.render(LESSON, key, numbers())


SPECS = (
    ViewSpec("duration_and_monitoring.icons", "PML estimate for a profile, in 1,000 people",
             ICON_CONTROLS, compute_icons, draw_icons, update_icons),
    ViewSpec("duration_and_monitoring.duration", "PML estimates by months of treatment",
             DURATION_CONTROLS, compute_duration, draw_duration, update_duration),
    ViewSpec("duration_and_monitoring.stale", "How a negative antibody test gets stale",
             STALE_CONTROLS, compute_stale, draw_stale, update_stale),
    ViewSpec("duration_and_monitoring.eid", "Extended-interval dosing scenario (Ryerson 2019)",
             EID_CONTROLS, compute_eid, draw_eid, update_icons),
    ViewSpec("duration_and_monitoring.plan", "PML monitoring plan as a timeline",
             PLAN_CONTROLS, compute_plan, draw_plan, update_plan),
)


# ---------------------------------------------------------------------------------------------
# Small Markdown tables for the lesson (numbers a reader reads, from the registry)
# ---------------------------------------------------------------------------------------------
def plan_table_markdown(**params) -> str:
    p = {c.name: c.default for c in PLAN_CONTROLS}
    p.update(params)
    return schedule.monitoring_table_markdown(plan_items(**p))
