"""Lesson 04 (living with natalizumab): the sign finder, antibodies and drug levels, a year of
infusions with holidays and missed or late slots (in :mod:`._year_plan`), the planner, and
the lesson's questions (words in ``helpers/content/04_living_with_treatment.md``). The gap
before the next medicine is lesson 05's (:mod:`helpers.views.switching_and_planning`).

The sign finder's entries are data (``helpers/data/side_effect_signs.csv``): every row quotes its
source word for word, with the source key, where in the source, its status and region. Drug levels
come from :mod:`helpers.pk`, receptor cover from :mod:`helpers.pd`, trial figures from
:mod:`helpers.sources`. Readouts give numbers for a model or a named study, never a verdict about a
reader; where a reader might act, the next step is named. Each sign's row says whom to contact
(column ``route``): emergency services first for signs that cannot wait (face, lip or tongue
swelling, breathing trouble, chest pain, seizures); for confusion, behaviour and speech, it
depends on how fast it came (sudden: emergency services; over days: the MS team the same day);
else the MS team the same day, with an out-of-hours fallback. All rows of one sign give one route.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ..style import GREY, OKABE_ITO, series
from ._fact_box import fact_rows, per_1000
from ..widgets import Control, Frame, ViewSpec, line_updater
from ._guide import AVERAGE, FLOOR_UG_PER_ML, log_conc_axis
from ._panels import SAT_LABEL, pct, plural, reference_line, shade_return_zone, ug
from ._planner import planner_spec
from ._year_plan import (ADHERENCE_CONTROLS, SAMPLES_PER_DAY, _origin, booked_slots,  # noqa: F401
                         compute_adherence, draw_adherence, first_monday,
                         first_monday_after_new_year, gaps_days, plan_regimen, update_adherence,
                         year_plan, year_saturation)

LESSON = "04_living_with_treatment"
WEEK = regimen.DAYS_PER_WEEK
APPROVED_WEEKS = regimen.APPROVED_INTERVAL_WEEKS
INTERVAL_DAYS = int(regimen.DEFAULT_INTERVAL_DAYS)
# The finder's words for whom to contact: helpers/content/04_living_with_treatment.md.
CONTACT = content.render(LESSON, "contact ms_team", {})
EMERGENCY_NUMBERS = content.render(LESSON, "emergency numbers", {})
EMERGENCY_CONTACT = content.render(LESSON, "contact emergency",
                                   {"emergency_numbers": EMERGENCY_NUMBERS})
SUDDEN_CONTACT = content.render(LESSON, "contact sudden", {"emergency_numbers": EMERGENCY_NUMBERS})
# Whom to contact, by a row's `route`; the rows of one sign all give the same route (tested).
ROUTES = {"emergency": EMERGENCY_CONTACT, "sudden": SUDDEN_CONTACT, "ms_team": CONTACT}
ROUTE_ORDER = ("emergency", "sudden", "ms_team")
# Routes whose words start with emergency services: shown in a bordered box that stands out.
BOXED_ROUTES = ("emergency", "sudden")
NOT_TRIAGE = content.render(LESSON, "not triage", {})

# ---------------------------------------------------------------------------------------------
# 1. The sign finder: rows of side_effect_signs.csv, quoted word for word
# ---------------------------------------------------------------------------------------------
SIGNS_FILE = sources.DATA_DIR / "side_effect_signs.csv"
SIGN_COLUMNS = (
    "key", "group", "sign", "said", "urgency", "route", "source", "also", "where", "status",
    "region", "note",
)


@dataclass(frozen=True)
class SignEntry:
    """One row of side_effect_signs.csv: a sign as its source lists it, and the source's words."""

    key: str
    group: str
    sign: str
    said: str
    urgency: str
    route: str
    source: str
    also: tuple
    where: str
    status: str
    region: str
    note: str = ""


def load_signs(path: Path | str = SIGNS_FILE) -> tuple[SignEntry, ...]:
    """The finder's entries, checked: known columns, unique keys, a known route, a registered
    source whose kind fits the status, a locator, a region, and at least one quotation per row."""
    from ..registry_csv import TABLES, load_table  # the one loader of helpers/data/*.csv

    rows = load_table(path, TABLES["side_effect_signs.csv"], sources=sources.SOURCES)
    return tuple(SignEntry(**row) for _, row in rows)


SIGNS = load_signs()
SIGN_NAMES = tuple(dict.fromkeys(e.sign for e in SIGNS))
SIGN_OPTIONS = tuple((s[0].upper() + s[1:], s) for s in SIGN_NAMES)
SIGN_CONTROLS = (
    Control("sign", "Sign you noticed", default="Your MS getting worse, or any new symptoms",
            options=SIGN_OPTIONS),
)
# A note shown under some signs (content blocks "sign note ..."): when a common sign is urgent.
SIGN_NOTES = {"Headache": "sign note headache", "Pain or redness of the eye(s)": "sign note eye"}


def entries_for(sign: str) -> list[SignEntry]:
    return [e for e in SIGNS if e.sign == sign]


def route_for(sign: str) -> str:
    """The route of the rows that list `sign` ('emergency', 'sudden' or 'ms_team'); were they
    ever to differ, the most urgent."""
    return min((e.route for e in entries_for(sign)), key=ROUTE_ORDER.index)


# The signs that cannot wait, as a handout lists them: the emergency signs, then those that cannot
# wait when they come on suddenly.
EMERGENCY_SIGNS = (tuple(s for s in SIGN_NAMES if route_for(s) == "emergency")
                   + tuple(f"{s}, coming on suddenly" for s in SIGN_NAMES
                           if route_for(s) == "sudden"))
EMERGENCY_NOTE = content.render(LESSON, "emergency note", {"emergency_numbers": EMERGENCY_NUMBERS})


def source_line(e: SignEntry) -> str:
    """'EU: Tysabri 300 mg EU package leaflet ..., section 4 (status: secondary)'."""
    return (f"{e.region.replace(';', ', ')}: {sources.SOURCES[e.source].full_title}, {e.where} "
            f"(status: {e.status})")


def compute_signs(sign: str) -> dict:
    entries = entries_for(sign)
    route = route_for(sign)
    groups = "; ".join(dict.fromkeys(e.group for e in entries))
    regions = ", ".join(dict.fromkeys(e.region for e in entries))
    values = {"sign": sign, "groups": groups, "regions": regions, "route": ROUTES[route],
              "entries": plural(len(entries), "entry").replace("entrys", "entries")}
    readout = content.readout(LESSON, "signs", values)
    note = content.render(LESSON, SIGN_NOTES[sign], {}) if sign in SIGN_NOTES else ""
    return {"sign": sign, "entries": entries, "route": route, "readout": readout,
            "readout_values": values, "note": note}


def _quote_html(text: str) -> str:
    return (f'<blockquote style="margin:0.3em 0 0.3em 0.8em;padding-left:0.6em;'
            f'border-left:3px solid {GREY}">“{html.escape(text)}”</blockquote>')


def _contact_html(route: str) -> str:
    """'Whom to contact' for a route; the emergency route in a bordered box that stands out."""
    text = f"<b>Whom to contact:</b> {html.escape(ROUTES[route])}"
    if route in BOXED_ROUTES:
        border = OKABE_ITO["vermillion"]
        return (f'<p class="nz-route nz-route-{route}" style="margin:0.6em 0 0 0;padding:0.5em '
                f'0.7em;border:3px solid {border};border-radius:4px">{text}</p>')
    return f'<p class="nz-route nz-route-ms_team" style="margin:0.6em 0 0 0">{text}</p>'


def render_signs(result: dict) -> str:
    parts = []
    for e in result["entries"]:
        parts.append(
            f'<div class="nz-sign" data-key="{html.escape(e.key)}" style="margin-bottom:0.8em">'
            f"<p style=\"margin:0\"><b>{html.escape(e.group)}</b>: listed as "
            f"“{html.escape(e.sign)}”</p>"
            + (_quote_html(e.said) if e.said else "")
            + (f"<p style=\"margin:0.2em 0 0 0\">What it says to do:</p>{_quote_html(e.urgency)}"
               if e.urgency else "")
            + f'<p style="margin:0;font-size:15px">{html.escape(source_line(e))}</p></div>'
        )
    return (
        '<div class="nz-signs" style="font-size:16px;line-height:1.45">'
        + "".join(parts)
        + (f'<p class="nz-sign-note" style="margin:0.4em 0 0 0"><b>'
           f'{html.escape(result["note"])}</b></p>' if result.get("note") else "")
        + _contact_html(result["route"])
        + (f'<p style="margin:0.4em 0 0 0">{html.escape(EMERGENCY_NOTE)}</p>'
           if result["route"] == "ms_team" else "")
        + f'<p style="margin:0.4em 0 0 0"><i>{html.escape(NOT_TRIAGE)}</i></p></div>'
    )


# ---------------------------------------------------------------------------------------------
# 2. When treatment stops working: persistent antibodies and drug levels
# ---------------------------------------------------------------------------------------------
ADA_OPTIONS = (
    ("No antibodies", 1.0),
    (
        "Persistent antibodies (Swiss product information: clearance "
        f"x{format_value(sources.value('label.ada_cl_factor_eu'), qualifier='')})",
        float(sources.value("label.ada_cl_factor_eu")),
    ),
    (
        "Persistent antibodies (US data, AHFS monograph: clearance about "
        f"x{format_value(sources.value('label.ada_cl_factor_us'), qualifier='')})",
        float(sources.value("label.ada_cl_factor_us")),
    ),
)
WEIGHT_KG_TAUGHT = (40, 150)
ADA_CONTROLS = (
    Control("ada_factor", "Anti-drug antibodies", default=1.0, options=ADA_OPTIONS),
    Control("weight_kg", "Body weight (kg)", default=int(pk.REFERENCE_WEIGHT_KG),
            min=WEIGHT_KG_TAUGHT[0], max=WEIGHT_KG_TAUGHT[1], step=5),
)
ADA_WEEKS = 24
MEASURED_WEEK = 12  # the US label measured troughs at week 12 (before the 4th infusion)


@lru_cache(maxsize=256)
def first_months_curve(ada_factor: float, weight_kg: float):
    """Weeks since the first infusion, µg/mL, for the first 24 weeks on 4-weekly infusions, with
    antibodies (if any) present from the first infusion (a simplification)."""
    reg = regimen.regular(n_doses=ADA_WEEKS // APPROVED_WEEKS)
    weeks = np.linspace(0.0, ADA_WEEKS, 900)
    params = dict(weight_kg=weight_kg, ada_cl_factor=ada_factor)
    conc = pk.concentration_1cmt(weeks * WEEK, reg, **params)
    week12 = float(pk.concentration_1cmt([MEASURED_WEEK * WEEK], reg, **params)[0])
    return weeks, np.maximum(conc, FLOOR_UG_PER_ML), week12


def compute_antibodies(ada_factor: float, weight_kg: float) -> dict:
    weeks, conc, week12 = first_months_curve(float(ada_factor), float(weight_kg))
    w0, conc0, week12_0 = first_months_curve(1.0, pk.REFERENCE_WEIGHT_KG)
    sat12 = float(pd.saturation_pct(week12))
    values = {"weight": f"{weight_kg:g} kg", "antibodies": ada_factor != 1.0,
              "clearance_factor": f"{ada_factor:g}", "week12": ug(week12),
              "week12_reference": ug(week12_0), "sat12": pct(sat12)}
    readout = content.readout(LESSON, "antibodies", values, readout_numbers())
    return {"weeks": weeks, "conc": conc, "sat": pd.saturation_pct(conc), "weeks_ref": w0,
            "conc_ref": conc0, "week": float(MEASURED_WEEK), "week12": max(week12, 0.06),
            "sat12": sat12, "readout": readout, "readout_values": values}


def draw_antibodies(fig, r) -> Frame:
    ax_c, ax_s = fig.subplots(1, 2)
    xlim = (0, ADA_WEEKS)
    log_conc_axis(ax_c, "Weeks since the first infusion", xlim)
    ax_s.set(xlim=xlim, ylim=(0, 100), xlabel="Weeks since the first infusion",
             ylabel=SAT_LABEL, title="On the immune cells")
    shade_return_zone(ax_c, ax_s)
    for ax in (ax_c, ax_s):
        ax.set_xticks(range(0, ADA_WEEKS + 1, 4))
    neg = float(sources.value("ada.week12_conc_neg_ug_per_ml"))
    pos = float(sources.value("ada.week12_conc_pos_ug_per_ml"))
    ax_c.plot([MEASURED_WEEK - 0.6], [neg], "s", ms=9, color=OKABE_ITO["black"],
              linestyle="none", label="US label, week 12: no antibodies")
    ax_c.plot([MEASURED_WEEK - 0.6], [pos], "D", ms=9, color=OKABE_ITO["vermillion"],
              linestyle="none", label="US label, week 12: antibodies")
    reference_line(ax_c, r["weeks_ref"], r["conc_ref"], label="70 kg, no antibodies")
    (line_c,) = ax_c.plot(r["weeks"], r["conc"], **series("chosen", "chosen person"),
                          label="chosen person")
    (line_s,) = ax_s.plot(r["weeks"], r["sat"], **series("chosen", "chosen person"))
    (dot,) = ax_s.plot([r["week"]], [r["sat12"]], "o", ms=9, color=OKABE_ITO["blue"])
    fig.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=12)
    return Frame({"line_c": line_c, "line_s": line_s, "dot": dot})


update_antibodies = line_updater(
    {"line_c": ("weeks", "conc"), "line_s": ("weeks", "sat"), "dot": ("week", "sat12")}
)


# ---------------------------------------------------------------------------------------------
# Check your understanding: every number from the models and the registry
# ---------------------------------------------------------------------------------------------
ANSWER_YEAR, ANSWER_MISSED_SLOT = 2027, 6  # question 2's year and missed infusion


def understanding_numbers() -> dict:
    """Every number the check-your-understanding answers quote, from the models and registry."""
    ada = compute_antibodies(float(sources.value("label.ada_cl_factor_eu")), 70)
    none = compute_antibodies(1.0, 70)
    base = dict(year=ANSWER_YEAR, holiday_month=8, holiday_weeks=0, late_slot=0, days_late=0)
    regular = compute_adherence(**base, missed_slot=0)
    missed = compute_adherence(**base, missed_slot=ANSWER_MISSED_SLOT)
    return {
        "week12_no_ada": first_months_curve(1.0, 70.0)[2],
        "week12_ada": first_months_curve(float(sources.value("label.ada_cl_factor_eu")), 70.0)[2],
        "sat12_no_ada": none["sat12"],
        "sat12_ada": ada["sat12"],
        "regular_longest_gap": regular["longest_gap_days"],
        "missed_longest_gap": missed["longest_gap_days"],
        "regular_below_days": regular["below_days"],
        "missed_below_days": missed["below_days"],
        "missed_below_days_heavy": missed["below_days_heavy"],
        "regular_below_days_heavy": regular["below_days_heavy"],
        "headache_groups": len(entries_for("Headache")),
    }


@lru_cache(maxsize=None)
def readout_numbers() -> dict:
    """The lesson-wide placeholders of the readouts (helpers/content/04_...md, 'readout ...'):
    they do not change with the controls; registry figures are looked up when first shown, so
    the lesson's references keep their order of first use."""
    def ug_value(key):
        return lambda: f"{format_value(float(sources.value(key)))} µg/mL"

    return {"average": AVERAGE, "measured_week": f"{MEASURED_WEEK}",
            "measured_infusion": f"{MEASURED_WEEK // APPROVED_WEEKS + 1}",
            "reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg",
            "ada_neg_level": ug_value("ada.week12_conc_neg_ug_per_ml"),
            "ada_pos_level": ug_value("ada.week12_conc_pos_ug_per_ml"),
            "ada_persistent": lambda: f"{per_1000(sources.value('label.ada_persistent_pct')):,}",
            "threshold": lambda: f"{format_value(sources.value('pd.therapeutic_saturation_pct'))}%",
            "spread_weights": lambda: "{:g} to {:g} kg".format(*pk.spread_weights_kg()[::2])}


def numbers() -> dict:
    """Every placeholder of helpers/content/04_living_with_treatment.md, from the models and
    registry; functions are called when their placeholder is first shown."""
    n = understanding_numbers
    return {
        **readout_numbers(),
        "emergency_numbers": EMERGENCY_NUMBERS,
        "restore_relapse": lambda: format_value(sources.value("stop.restore_relapse_weeks")),
        "ada_factor": content.value("label.ada_cl_factor_eu"),
        "measured_week": f"{MEASURED_WEEK}",
        "week12_no_ada": lambda: ug(n()["week12_no_ada"]),
        "week12_ada": lambda: ug(n()["week12_ada"]),
        "sat12_no_ada": lambda: pct(n()["sat12_no_ada"]),
        "sat12_ada": lambda: pct(n()["sat12_ada"]),
        "ada_neg_value": content.value("ada.week12_conc_neg_ug_per_ml", qualifier=None),
        "ada_pos": content.figure("ada.week12_conc_pos_ug_per_ml"),
        "year": f"{ANSWER_YEAR}", "missed_slot": f"{ANSWER_MISSED_SLOT}",
        "threshold": lambda: f"{format_value(sources.value('pd.therapeutic_saturation_pct'))}%",
        "missed_gap": lambda: n()["missed_longest_gap"],
        "regular_gap": lambda: n()["regular_longest_gap"],
        "reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg",
        "heavy": f"{pk.spread_weights_kg()[-1]:g} kg",
        "missed_below": lambda: f"{n()['missed_below_days']:g}",
        "missed_below_heavy": lambda: f"{n()['missed_below_days_heavy']:g}",
        "regular_below_heavy": lambda: f"{n()['regular_below_days_heavy']:g}",
        "headache_groups": lambda: n()["headache_groups"],
        "cohort_n": lambda: format_value(sources.value("schedule.cohort_n")),
        "treatment_months": content.figure("schedule.treatment_median_months"),
        "breaks_per_1000": lambda: f"{per_1000(sources.value('schedule.interruption_pct')):,}",
        **{k: (lambda k=k: side_effect_numbers()[k]) for k in (
            "infusion_nat", "infusion_placebo", "infusion_difference", "allergy_nat",
            "allergy_placebo", "allergy_difference")},
    }


def side_effect_numbers() -> dict:
    """People of 1,000 over 2 years in AFFIRM (lesson 01's fact box): infusion reactions and
    serious allergic reactions, on natalizumab and on a dummy drip, and the difference."""
    out = {}
    for row in fact_rows():
        if row["key"] in ("infusion", "allergy"):
            out[f"{row['key']}_nat"] = f"{row['people']['natalizumab']:,}"
            out[f"{row['key']}_placebo"] = f"{row['people']['placebo']:,}"
            out[f"{row['key']}_difference"] = row["difference"]
    return out


def side_effects_markdown() -> str:
    """How common reactions to the drip were, per 1,000 people over 2 years (section 1)."""
    return content.render(LESSON, "side effects", numbers())


def text_markdown(key: str) -> str:
    """Text block `key` of helpers/content/04_...md ('breaks note'), filled from numbers()."""
    return content.render(LESSON, key, numbers())


def main_message_markdown() -> str:
    """The lesson's main message, a box shown at its top."""
    return content.main_message(LESSON, numbers())


def facts_markdown(name: str) -> str:
    """The lesson's table of registry figures `name` ('facts <name>' in
    helpers/content/04_...md): label, value and unit, and where each was read."""
    return content.facts(LESSON, f"facts {name}")


def questions_markdown() -> str:
    """The check-your-understanding questions, answers folded (helpers/content/04_...md)."""
    return content.questions(LESSON, numbers())


SPECS = (
    ViewSpec("living_with_treatment.signs", "Sign finder: what the leaflet and label say",
             SIGN_CONTROLS, compute_signs, render=render_signs),
    ViewSpec("living_with_treatment.antibodies",
             "Drug levels in the first 24 weeks, with and without lasting antibodies",
             ADA_CONTROLS, compute_antibodies, draw_antibodies, update_antibodies),
    ViewSpec("living_with_treatment.adherence",
             "A year of infusions with a holiday and a missed or late slot",
             ADHERENCE_CONTROLS, compute_adherence, draw_adherence, update_adherence),
    planner_spec("living_with_treatment.planner"),
)
