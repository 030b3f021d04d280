"""Lesson 02 (infusion timing): live figures for the dosing interval, a late or missed infusion,
stopping, and weight and antibodies, the infusion-date planner, and the lesson's tables and
questions (their words in ``helpers/content/02_infusion_timing.md``, their numbers from
:func:`numbers`).

Concentrations come from :mod:`helpers.pk` (µg/mL), saturation from :mod:`helpers.pd` (%),
thresholds and trial figures from :mod:`helpers.sources`; the cached model curves are shared with
lesson 02b in :mod:`helpers.views._timing`. Readouts are numbers labelled as a model of an average
person, never a verdict about a reader.
"""

from __future__ import annotations

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..style import GREY, OKABE_ITO, SPAN, series
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._panels import (DAYS_PER_MONTH, LOG_TICKS, conc_sat_axes, pct, plural, reference_line,
                      shade_return_zone, spread_band, spread_label,
                      ug, washout_axes, zone_handle, zone_label)
from ._contact import contact_numbers
from ._planner import planner_spec
from ._restore import OUTCOME, compute_restore, draw_restore, restore_numbers, update_restore
# The notebook shows a readout as a table: lesson.readout_markdown(...)
from ._tables import readout_markdown as readout_markdown
from ._timing import (ANTIBODY_OPTIONS, APPROVED_WEEKS, CYCLE_DAYS, INTERVAL_CONTROL,
                      LATE_DOSE_INDEX, LATE_MAX_DAYS, LATE_WINDOW_WEEKS, MODEL_OPTIONS,
                      PRESET_CONTROL, WASHOUT_WEEKS, WEEK, WEIGHT_CONTROL, WEIGHT_YLIM,
                      _late_spread_curve, _range_text, compute_interval, compute_late,
                      compute_stopping, compute_weight, late_spread, readout_numbers,
                      refine_numbers, stopping_spread, TABLE_INTERVALS_WEEKS, trough_spread)

LESSON = "02_infusion_timing"

# ---------------------------------------------------------------------------------------------
# 1. Dosing interval: every 4 to 8 weeks over a year
# ---------------------------------------------------------------------------------------------
INTERVAL_CONTROLS = (
    INTERVAL_CONTROL,
    Control("model", "Model of the blood level", default="1cmt", options=MODEL_OPTIONS),
    PRESET_CONTROL,
)


def draw_interval(fig, r) -> Frame:
    ax_c, ax_s = conc_sat_axes(
        fig, xlabel="Months of treatment", xlim=(0, 12), xticks=range(0, 13, 2)
    )
    ref_c = reference_line(
        ax_c,
        r["months_approved"],
        r["conc_approved"],
        label=f"every {APPROVED_WEEKS} weeks (approved)",
    )
    ref_s = reference_line(ax_s, r["months_approved"], r["sat_approved"])
    (line_c,) = ax_c.plot(r["months"], r["conc"], **series("chosen", "chosen interval"),
                          label="chosen interval")
    (line_s,) = ax_s.plot(r["months"], r["sat"], **series("chosen", "chosen interval"))
    # one legend for both panels, above them: the series look the same in each, and no curve
    # passes under it
    fig.legend(handles=[ref_c, line_c], loc="outside upper center", ncols=2, frameon=False)
    return Frame({"ref_c": ref_c, "ref_s": ref_s, "line_c": line_c, "line_s": line_s})


update_interval = line_updater(
    {
        "ref_c": ("months_approved", "conc_approved"),
        "ref_s": ("months_approved", "sat_approved"),
        "line_c": ("months", "conc"),
        "line_s": ("months", "sat"),
    }
)


# ---------------------------------------------------------------------------------------------
# 2. One late (or missed) infusion after a year on schedule
# ---------------------------------------------------------------------------------------------
LATE_CONTROLS = (
    Control(
        "days_late", "Delay of one infusion (days)", default=0, min=0, max=LATE_MAX_DAYS, step=1
    ),
    PRESET_CONTROL,
)


def draw_late(fig, r) -> Frame:
    ax_c, ax_s = washout_axes(fig, xlabel="Weeks since the first infusion", xlim=LATE_WINDOW_WEEKS)
    days, low, high = _late_spread_curve()
    last = regimen.regular(n_doses=LATE_DOSE_INDEX).last_dose_day
    spread_band(ax_c, (last + days) / WEEK, low, high, label=spread_label(short=True))
    for ax in (ax_c, ax_s):
        # stops above the zone's words at the foot of the blood panel
        ax.axvline(r["due_on_time"], ymin=0.13, color=GREY, linewidth=1, linestyle=":")
    ax_c.text(r["due_on_time"] + 0.3, 150, "due", color=GREY, fontsize=12)
    zone_label(ax_c, LATE_WINDOW_WEEKS[0] + 0.4, 0.065, ha="left")
    reference_line(ax_c, r["weeks_on_time"], r["conc_on_time"], label="on time")
    ref_s = reference_line(ax_s, r["weeks_on_time"], r["sat_on_time"])
    (line_c,) = ax_c.plot(
        r["weeks"], r["conc"], **series("changed", "with the delay"), label="with the delay"
    )
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], **series("changed", "with the delay"))
    (dot,) = ax_c.plot([r["due"]], [r["trough"]], "v", ms=10, color=OKABE_ITO["vermillion"])
    fig.legend(handles=ax_c.get_legend_handles_labels()[0], loc="outside lower center", ncols=3,
               frameon=False, fontsize=12)
    return Frame({"ref_s": ref_s, "line_c": line_c, "line_s": line_s, "dot": dot})


update_late = line_updater(
    {
        "ref_s": ("weeks_on_time", "sat_on_time"),
        "line_c": ("weeks", "conc"),
        "line_s": ("weeks", "sat"),
        "dot": ("due", "trough"),
    }
)


# ---------------------------------------------------------------------------------------------
# 3. Stopping treatment: washout, and when disease activity came back in trials
# ---------------------------------------------------------------------------------------------
STOP_CONTROLS = (WEIGHT_CONTROL, PRESET_CONTROL)


def draw_stopping(fig, r) -> Frame:
    ax_c, ax_s = washout_axes(
        fig,
        xlabel="Weeks after the last infusion",
        xlim=(0, WASHOUT_WEEKS),
        xticks=range(0, WASHOUT_WEEKS + 1, 4),
    )
    relapse = sources.value("stop.restore_relapse_weeks")
    mri = sources.value("stop.restore_mri_week")
    peak = sources.value("stop.peak_months")
    peak_lo, peak_hi = (m * DAYS_PER_MONTH / WEEK for m in peak)
    for ax in (ax_c, ax_s):
        ax.axvspan(peak_lo, peak_hi, **SPAN)
        # stops below the legend in the top corner of the blood panel
        ax.axvline(mri, ymax=0.8 if ax is ax_c else 1, color="0.3", linewidth=1.2,
                   linestyle="-.")
    ax_s.text(mri + 0.4, 92, f"MRI activity\nfrom week {format_value(mri)}", fontsize=12, va="top")
    ax_s.text(
        (peak_lo + peak_hi) / 2,
        60,
        f"activity\npeaked\n{format_value(peak)} months",
        fontsize=12,
        ha="center",
    )
    # low and narrow, left of where the curve of a heavy person falls (150 kg: 28% at week 7)
    ax_s.plot(relapse, [2.5, 2.5], color="0.25", linewidth=2, marker="|", markersize=10)
    ax_s.text(
        relapse[0],
        4.5,
        f"relapses:\nweeks {format_value(relapse)}",
        fontsize=12,
        ha="center",
    )
    weeks, low, high = stopping_spread()
    spread_band(ax_c, weeks, low, high, label=spread_label(short=True))
    ax_c.legend(loc="upper right", frameon=False, fontsize=12)
    (line_c,) = ax_c.plot(r["weeks"], r["conc"], **series("chosen", "chosen person"))
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], **series("chosen", "chosen person"))
    (mark_c,) = ax_c.plot(
        [r["below_conc_weeks"]],
        [sources.value("pd.therapeutic_conc_ug_per_ml")],
        "o",
        ms=9,
        color=OKABE_ITO["blue"],
    )
    (mark_s,) = ax_s.plot(
        [r["below_sat_weeks"]],
        [sources.value("pd.therapeutic_saturation_pct")],
        "s",
        ms=9,
        color=OKABE_ITO["blue"],
    )
    return Frame({"line_c": line_c, "line_s": line_s, "mark_c": mark_c, "mark_s": mark_s})


update_stopping = line_updater(
    {
        "line_c": ("weeks", "conc"),
        "line_s": ("weeks", "sat"),
        "mark_c": ("below_conc_weeks", None),
        "mark_s": ("below_sat_weeks", None),
    }
)


# ---------------------------------------------------------------------------------------------
# 4. Why the same dose gives different troughs: body weight and antibodies
# ---------------------------------------------------------------------------------------------
WEIGHT_CONTROLS = (
    WEIGHT_CONTROL,
    Control(
        "ada_factor", "Antibodies against the drug", default=1.0, options=ANTIBODY_OPTIONS
    ),
    INTERVAL_CONTROL,
)


def draw_weight(fig, r) -> Frame:
    ax = fig.add_subplot()
    ax.set(
        xlim=(0, CYCLE_DAYS),
        ylim=WEIGHT_YLIM,
        yscale="log",
        xlabel="Days since the infusion (once levels have settled)",
        ylabel="Natalizumab\n(µg/mL, log scale)",
    )
    ax.set_yticks(LOG_TICKS, [format_value(float(t)) for t in LOG_TICKS])
    ax.set_xticks(range(0, int(CYCLE_DAYS) + 1, WEEK))
    shade_return_zone(ax)
    target = float(sources.value("eid.nextms_target"))
    # the target and the zone are named in the legend below the axes: a heavy person's curve
    # with antibodies runs through any words written on the axes
    target_line = ax.axhline(target, color="0.35", linestyle="-.", linewidth=1.2,
                             label=f"NEXT-MS target trough {format_value(target)} µg/mL")
    reference_line(
        ax,
        r["ref_days"],
        r["ref_conc"],
        label=f"{pk.REFERENCE_WEIGHT_KG:g} kg, no antibodies, every {APPROVED_WEEKS} weeks",
    )
    (line,) = ax.plot(
        r["days"], r["conc"], **series("chosen"), label="chosen person and interval"
    )
    (dot,) = ax.plot([r["interval_days"]], [r["trough"]], "o", ms=9, color=OKABE_ITO["blue"])
    handles = [*ax.get_legend_handles_labels()[0]]
    handles.remove(target_line)
    fig.legend(handles=[*handles, target_line, zone_handle()], loc="outside lower center",
               ncols=2, frameon=False, fontsize=12)
    return Frame({"line": line, "dot": dot}, [ax])


update_weight = line_updater({"line": ("days", "conc"), "dot": ("interval_days", "trough_shown")})


SPECS = (
    ViewSpec(
        "infusion_timing.interval",
        "Concentration and receptor cover over a year, by dosing interval",
        INTERVAL_CONTROLS,
        compute_interval,
        draw_interval,
        update_interval,
    ),
    ViewSpec(
        "infusion_timing.late",
        "One late or missed infusion after a year on schedule",
        LATE_CONTROLS,
        compute_late,
        draw_late,
        update_late,
    ),
    ViewSpec(
        "infusion_timing.stopping",
        "After the last infusion: washout and the return of disease activity",
        STOP_CONTROLS,
        compute_stopping,
        draw_stopping,
        update_stopping,
    ),
    ViewSpec(
        "infusion_timing.restore",
        "RESTORE: people in 100 with MS activity during a planned pause, kept or paused",
        (OUTCOME,),
        compute_restore,
        draw_restore,
        update_restore,
        size_px=(900, 420),
    ),
    ViewSpec(
        "infusion_timing.weight",
        "Why the same dose gives different troughs: weight and antibodies",
        WEIGHT_CONTROLS,
        compute_weight,
        draw_weight,
        update_weight,
    ),
    planner_spec("infusion_timing.planner"),
)


# ---------------------------------------------------------------------------------------------
# The lesson's tables and questions: words in helpers/content/02_infusion_timing.md, every
# number from the same compute functions as the live figures, or from the registry.
# ---------------------------------------------------------------------------------------------
TABLE_DAYS_LATE = (0, 7, 14, 28)
ANSWER_DAYS_LATE = 7
LONGER_WEEKS = 6  # the longer interval the lesson compares (NOVA's every 6 weeks)
WEIGHTS_COMPARED_KG = (50.0, 70.0, 100.0)


def weight_cases() -> list[tuple[float, float]]:
    """(weight kg, clearance factor for antibodies) of the people lesson 02 compares."""
    ada = float(sources.value("label.ada_cl_factor_eu"))
    return [(w, 1.0) for w in WEIGHTS_COMPARED_KG] + [(pk.REFERENCE_WEIGHT_KG, ada)]


def spread_weights_text() -> str:
    """'50 to 120 kg': the weights the spread of a readout spans."""
    low, _, high = pk.spread_weights_kg()
    return f"{low:g} to {high:g} kg"


def answer_numbers() -> dict:
    """Every number the lesson 02 questions and answers quote, from the models and registry."""
    on_time = compute_late(0, "default")
    late = compute_late(ANSWER_DAYS_LATE, "default")
    q4w = compute_interval(APPROVED_WEEKS, "1cmt", "default")
    return {
        "peak": float(q4w["conc"].max()),
        "trough": q4w["trough"],
        "cover": q4w["sat_trough"],
        "trough_spread": trough_spread(APPROVED_WEEKS),
        "days_late": ANSWER_DAYS_LATE,
        "late_trough": late["trough"],
        "late_cover": float(pd.saturation_pct(late["trough"])),
        "on_time_trough": on_time["trough"],
        "late_spread": late_spread(ANSWER_DAYS_LATE),
        "return_conc": sources.value("pd.return_conc_ug_per_ml"),
        "ada_neg": sources.value("ada.week12_conc_neg_ug_per_ml"),
        "ada_pos": sources.value("ada.week12_conc_pos_ug_per_ml"),
        "relapse_weeks": sources.value("stop.restore_relapse_weeks"),
        "pml_watch_months": sources.value("pml.watch_after_stop_months"),
    }


def _interval_rows() -> list[dict]:
    rows = []
    for weeks in TABLE_INTERVALS_WEEKS:
        main = compute_interval(weeks, "1cmt", "default")
        second = compute_interval(weeks, "1cmt", "alternative")
        rows.append({"weeks": weeks, "peak": ug(float(main["conc"].max())),
                     "trough": ug(main["trough"]), "range": _range_text(trough_spread(weeks)),
                     "cover": pct(main["sat_trough"]), "cover_second": pct(second["sat_trough"])})
    return rows


def _late_rows() -> list[dict]:
    rows = []
    for days in TABLE_DAYS_LATE:
        r, late = compute_late(days, "default"), {"days": plural(days, "day")}
        when = content.render(LESSON, "days late" if days else "on time", late)
        rows.append({**late, "when": when,
                     "trough": ug(r["trough"]), "range": _range_text(late_spread(days)),
                     "cover": pct(float(pd.saturation_pct(r["trough"])))})
    return rows


def _weight_rows() -> list[dict]:
    rows = []
    for weight, factor in weight_cases():
        person = {"weight": f"{weight:g} kg", "factor": format_value(factor, qualifier="")}
        key = "person" if factor == 1.0 else "person with antibodies"
        rows.append({**person, "person": content.render(LESSON, key, person),
                     "q4w": ug(compute_weight(weight, factor, APPROVED_WEEKS)["trough"]),
                     "longer_trough": ug(compute_weight(weight, factor, LONGER_WEEKS)["trough"])})
    return rows


def numbers() -> dict:
    """Every placeholder of helpers/content/02_infusion_timing.md, from the models and registry;
    functions are called when their placeholder is first shown."""
    n = answer_numbers
    fig = content.figure
    return {
        **readout_numbers(),
        **restore_numbers(),
        **contact_numbers(), **refine_numbers(),
        "approved": f"{APPROVED_WEEKS} weeks",
        "longer": f"{LONGER_WEEKS} weeks",
        "reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg",
        "spread": spread_label,
        "spread_weights": spread_weights_text,
        "dose": fig("dose.mg"), "bag": fig("dose.bag_ml"), "drip": fig("dose.infusion_hours"),
        "rate": fig("dose.rate_mg_per_min"),
        "observation": fig("visit.observation_hours"),
        "observed_infusions": fig("visit.observed_infusions"),
        "observation_eu": lambda: sources.quote("leaflet.observation") and content.render(
            LESSON, "observation eu", {}),
        "sc_syringes": fig("sc.syringes_per_dose"), "sc_dose": fig("sc.dose_mg"),
        "ada_neg": fig("ada.week12_conc_neg_ug_per_ml"),
        "ada_pos": fig("ada.week12_conc_pos_ug_per_ml"),
        "ada_model": lambda: ug(compute_weight(
            pk.REFERENCE_WEIGHT_KG, float(sources.value("label.ada_cl_factor_eu")), APPROVED_WEEKS
        )["trough"]),
        "interval_rows": _interval_rows, "late_rows": _late_rows, "weight_rows": _weight_rows,
        "peak": lambda: ug(n()["peak"]), "trough": lambda: ug(n()["trough"]),
        "cover": lambda: f"{n()['cover']:.0f}",
        "trough_low": lambda: ug(n()["trough_spread"][0]),
        "trough_high": lambda: ug(n()["trough_spread"][1]),
        "return_conc": lambda: f"{format_value(n()['return_conc'])} µg/mL",
        "days_late": plural(ANSWER_DAYS_LATE, "day"),
        "on_time_trough": lambda: ug(n()["on_time_trough"]),
        "late_trough": lambda: ug(n()["late_trough"]),
        "late_cover": lambda: f"{n()['late_cover']:.0f}%",
        "late_low": lambda: ug(n()["late_spread"][0]),
        "late_high": lambda: ug(n()["late_spread"][1]),
        "relapse_weeks": lambda: f"{format_value(n()['relapse_weeks'])} weeks",
        "missed_quote": lambda: sources.quote("leaflet.missed_dose").text,
        "pml_watch": lambda: f"{format_value(n()['pml_watch_months'])} months",
    }


def infusion_day_markdown() -> str:
    """Lesson 02, section 1: the dose facts and the observation rules, each with its region."""
    return content.table(LESSON, "infusion day", numbers())


def interval_table_markdown() -> str:
    """Lesson 02, section 2: settled peak, trough, spread and receptor cover by interval."""
    return content.table(LESSON, "interval table", numbers(), rows="interval_rows")


def late_table_markdown() -> str:
    """Lesson 02, section 3: one infusion late by 0, 7, 14 or 28 days."""
    return content.table(LESSON, "late table", numbers(), rows="late_rows")


def weight_table_markdown() -> str:
    """Lesson 02, section 5: settled troughs of the simple model by weight and antibodies."""
    return content.table(LESSON, "weight table", numbers(), rows="weight_rows")


def antibody_contrast_markdown() -> str:
    """Lesson 02, section 5: the measured week-12 levels with and without lasting antibodies
    (US data), next to the simple model's settled trough with antibodies."""
    return content.table(LESSON, "antibody contrast", numbers())


def block_markdown(key: str) -> str:
    """Block `key` of the content file, filled (after going home, refine note, after stopping)."""
    return content.render(LESSON, key, numbers())


def main_message_markdown() -> str:
    """Lesson 02's main message, shown as a box at the top of the lesson."""
    return content.main_message(LESSON, numbers())


def restore_markdown(outcome: str) -> str:
    """Lesson 02, section 4: the RESTORE counts for one outcome as a table (the same compute as
    the dot chart), for readers who do not see the picture."""
    return readout_markdown(compute_restore(outcome))


def questions_markdown() -> str:
    """Lesson 02's check-your-understanding questions, answers folded, numbers from the models."""
    return content.questions(LESSON, numbers())
