"""Lesson 02b (extended-interval dosing and the models, for students and professionals): the
evidence table, the parameters of both models, the one-half-life pitfall, how the models differ by
interval, weight and volume, and the lesson's questions. Their words are in
``helpers/content/02b_infusion_timing_science.md``, their numbers from :func:`numbers`.

The lesson shows lesson 02's live figure ``infusion_timing.interval`` and the same antibody table;
it registers no view of its own. Models: :mod:`helpers.pk` and the cached curves of
:mod:`helpers.views._timing`; figures and their status from :mod:`helpers.sources`.
"""

from __future__ import annotations

from functools import lru_cache

from .. import content, pd, pk, regimen, sources
from ..sources import format_value
from ._panels import ug
from ._timing import APPROVED_WEEKS, TABLE_INTERVALS_WEEKS, WEEK, steady
from .infusion_timing import LONGER_WEEKS
from .infusion_timing import antibody_contrast_markdown as antibody_contrast_markdown

LESSON = "02b_infusion_timing_science"
SPECS = ()  # the lesson builds lesson 02's views
COMPARE_WEIGHTS_KG = (50, 100)
VOLUME_EXPONENTS = (0.0, 0.5, 1.0)  # volume fixed (the teaching model), or scaled with weight
PARAMETERS = (  # (registry key, symbol) of both models' parameters
    ("pk.cl_l_per_day", "$CL$"), ("pk.v_l", "$V$"), ("pk.weight_exponent", "weight exponent"),
    ("pk2.cl_l_per_day", "$CL$"), ("pk2.vc_l", "$V_c$"), ("pk2.vp_l", "$V_p$"),
    ("pk2.q_l_per_day", "$Q$"), ("pk2.vmax_mg_per_day", "$V_{max}$"),
    ("pk2.km_ug_per_ml", "$K_m$"),
)


def volume_scaling() -> list[tuple[float, float, float]]:
    """(volume exponent, trough at 50 kg, trough at 100 kg), every 4 weeks, simple model, when
    the volume scales as (weight / 70 kg) to the exponent (0 = fixed, the teaching model)."""
    v = float(sources.value("pk.v_l"))
    out = []
    for e in VOLUME_EXPONENTS:
        light, heavy = (
            pk.steady_state(
                APPROVED_WEEKS * WEEK, weight_kg=w, v_l=v * (w / pk.REFERENCE_WEIGHT_KG) ** e
            ).trough_ug_per_ml
            for w in COMPARE_WEIGHTS_KG
        )
        out.append((e, light, heavy))
    return out


def answer_numbers() -> dict:
    """Every number the lesson 02b questions and answers quote."""
    scaling = volume_scaling()
    ratios = [light / heavy for _, light, heavy in scaling]
    pitfall = pk.label_pitfall_1cmt()
    return {
        "light": scaling[0][1],
        "heavy": scaling[0][2],
        "ratio_fixed": ratios[0],
        "ratio_scaled": (min(ratios[1:]), max(ratios[1:])),
        "pitfall_trough": pitfall.trough_ug_per_ml,
        "measured_trough": sources.value("label.trough_ug_per_ml"),
        "half_life_days": sources.value("label.half_life_days"),
        "q8w_simple": steady(2 * APPROVED_WEEKS, "1cmt").trough_ug_per_ml,
        "q8w_two": steady(2 * APPROVED_WEEKS, "2cmt_mm").trough_ug_per_ml,
        "nova_q4w": sources.value("eid.nova_q4w_lesion_pct"),
        "nova_q6w": sources.value("eid.nova_q6w_lesion_pct"),
    }


TOFINGO_WEEKS = (8, 12, 16)  # the washout weeks at which TOFINGO measured receptor occupancy


def tofingo_check() -> list[dict]:
    """Receptor cover (%) the models give 8, 12 and 16 weeks after the last of a year of
    infusions every 4 weeks (70 kg), beside TOFINGO's measured median occupancy
    (``pd.tofingo_ro_*``): a check of the models at low levels, not a fit."""
    reg = regimen.regular(n_doses=13)
    rows = []
    for w in TOFINGO_WEEKS:
        t = reg.last_dose_day + w * WEEK
        simple, two = (float(pk.concentration(t, reg, model=m)) for m in ("1cmt", "2cmt_mm"))
        rows.append({"weeks": w, "measured": sources.value(f"pd.tofingo_ro_{w}w_pct"),
                     "simple": float(pd.saturation_pct(simple)),
                     "simple_alt": float(pd.saturation_pct(simple, "alternative")),
                     "two": float(pd.saturation_pct(two))})
    return rows


def _status(key: str):
    return lambda: sources.figure(key).status


@lru_cache(maxsize=2)
def _approach(model: str) -> pk.Approach:
    return pk.approach_to_steady_state(model=model)


def numbers() -> dict:
    """Every placeholder of helpers/content/02b_infusion_timing_science.md, from the models and
    registry; functions are called when their placeholder is first shown."""
    n = answer_numbers
    fig = content.figure
    pitfall, teaching = pk.label_pitfall_1cmt, lambda: pk.steady_state(APPROVED_WEEKS * WEEK)
    light_kg, heavy_kg = (f"{w:g} kg" for w in COMPARE_WEIGHTS_KG)
    return {
        "approved": f"{APPROVED_WEEKS} weeks", "approved_n": f"{APPROVED_WEEKS}",
        "longer": f"{LONGER_WEEKS} weeks", "longest": f"{2 * APPROVED_WEEKS} weeks",
        "reference_weight": f"{pk.REFERENCE_WEIGHT_KG:g} kg",
        "dose": fig("dose.mg"),
        "light_kg": light_kg, "heavy_kg": heavy_kg,
        # the evidence table
        "ryerson_n": lambda: f"{sources.value('eid.ryerson_n'):,}",
        "ryerson_sid": fig("eid.ryerson_sid_per_1000"),
        "ryerson_eid": fig("eid.ryerson_eid_per_1000"),
        "ryerson_status": _status("eid.ryerson_sid_per_1000"),
        "ryerson_sid_days": fig("eid.ryerson_sid_interval_days"),
        "ryerson_eid_days": fig("eid.ryerson_eid_interval_days"),
        "ryerson_window": fig("eid.ryerson_primary_window_months"),
        "ryerson_period": fig("eid.ryerson_secondary_period_months"),
        "ryerson_doses": fig("eid.ryerson_tertiary_doses_per_year"),
        "touch_months": fig("eid.touch_2023_treatment_months"),
        "hr": fig("eid.ryerson_hr"), "hr_ci": fig("eid.ryerson_hr_ci"),
        "hr_status": _status("eid.ryerson_hr"),
        "nova_n": fig("eid.nova_n"), "nova_stable": fig("eid.nova_stable_months"),
        "nova_q4w": fig("eid.nova_q4w_lesion_pct"), "nova_q6w": fig("eid.nova_q6w_lesion_pct"),
        "nova_status": _status("eid.nova_q4w_lesion_pct"),
        "nova_q4w_sec": fig("eid.nova_q4w_lesions_secondary"),
        "nova_q6w_sec": fig("eid.nova_q6w_lesions_secondary"),
        "nova_p": content.value("eid.nova_secondary_p", qualifier=None),
        "nova_sec_status": _status("eid.nova_q6w_lesions_secondary"),
        "nova_q4w_pri": fig("eid.nova_q4w_lesions_primary"),
        "nova_q6w_pri": fig("eid.nova_q6w_lesions_primary"),
        "nova_p_pri": content.value("eid.nova_primary_p", qualifier=None),
        "nova_pri_status": _status("eid.nova_q6w_lesions_primary"),
        "tofingo_rows": lambda: [
            {"weeks": r["weeks"], "measured": f"{format_value(r['measured'])}%",
             **{k: f"{r[k]:.0f}%" for k in ("simple", "simple_alt", "two")}}
            for r in tofingo_check()],
        "nextms_min": fig("eid.nextms_min_infusions"), "nextms_target": fig("eid.nextms_target"),
        "nextms_eid": fig("eid.nextms_eid10_activity"),
        "nextms_hist": fig("eid.nextms_historical_activity"),
        "nextms_status": _status("eid.nextms_eid10_activity"),
        "refine": fig("eid.refine_q12w_rescue_pct"),
        "refine_status": _status("eid.refine_q12w_rescue_pct"),
        "zhovtis": fig("eid.zhovtis_at_or_below_2_pct"),
        "zhovtis_status": _status("eid.zhovtis_at_or_below_2_pct"),
        # the models' tables
        "label_cl": fig("label.cl_ml_per_h"), "label_v": fig("label.v_l"),
        "pitfall_peak": lambda: ug(pitfall().cmax_ug_per_ml),
        "pitfall_trough": lambda: ug(pitfall().trough_ug_per_ml),
        "teaching_peak": lambda: ug(teaching().cmax_ug_per_ml),
        "teaching_trough": lambda: ug(teaching().trough_ug_per_ml),
        "measured_peak": fig("label.cmax_ug_per_ml"),
        "measured_trough": fig("label.trough_ug_per_ml"),
        "model_rows": lambda: [{"weeks": w, "simple": ug(steady(w, "1cmt").trough_ug_per_ml),
                                "two": ug(steady(w, "2cmt_mm").trough_ug_per_ml)}
                               for w in TABLE_INTERVALS_WEEKS],
        "settled": lambda: f"{_approach('1cmt').fraction_pct:g}%",
        "simple_dose": lambda: _approach("1cmt").dose_number,
        "simple_week": lambda: APPROVED_WEEKS * _approach("1cmt").dose_number,
        "two_dose": lambda: _approach("2cmt_mm").dose_number,
        "two_week": lambda: APPROVED_WEEKS * _approach("2cmt_mm").dose_number,
        "us_steady": fig("label.steady_state_weeks"),
        "parameter_rows": lambda: [
            {"symbol": symbol, "what": sources.figure(k).what, "value": fig(k)(),
             "status": sources.figure(k).status} for k, symbol in PARAMETERS],
        "volume_rows": lambda: [
            {"power": f"{e:g}", "volume": content.render(
                LESSON, "volume fixed" if e == 0 else "volume scaled", {"power": f"{e:g}"}),
             "light": ug(light), "heavy": ug(heavy), "ratio": f"{light / heavy:.1f}"}
            for e, light, heavy in volume_scaling()],
        # the questions
        "light": lambda: ug(n()["light"]), "heavy": lambda: ug(n()["heavy"]),
        "ratio_fixed": lambda: f"{n()['ratio_fixed']:.1f}",
        "ratio_low": lambda: f"{n()['ratio_scaled'][0]:.1f}",
        "ratio_high": lambda: f"{n()['ratio_scaled'][1]:.1f}",
        "power_low": f"{VOLUME_EXPONENTS[1]:g}", "power_high": f"{VOLUME_EXPONENTS[-1]:g}",
        "half_life_days": lambda: format_value(n()["half_life_days"]),
        "q8w_simple": lambda: ug(n()["q8w_simple"]), "q8w_two": lambda: ug(n()["q8w_two"]),
    }


def evidence_table_markdown() -> str:
    """Lesson 02b, section 1: the extended-interval evidence, each number with its comparator,
    its interval and the status of what was read."""
    return content.table(LESSON, "evidence table", numbers())


def half_life_table_markdown() -> str:
    """Lesson 02b, section 3: the one-number pitfall against the teaching model and the
    measured means, every 4 weeks."""
    return content.table(LESSON, "half-life table", numbers())


def model_comparison_markdown() -> str:
    """Lesson 02b, section 3: settled troughs of both models, 70 kg, by interval."""
    return content.table(LESSON, "model comparison", numbers(), rows="model_rows")


def approach_markdown() -> str:
    """Lesson 02b, section 3: how many infusions until the trough reaches 90% of its settled
    value, in each model."""
    return content.table(LESSON, "approach table", numbers())


def params_markdown() -> str:
    """Lesson 02b, section 2: the parameters of both models, with their status."""
    return content.table(LESSON, "parameters table", numbers(), rows="parameter_rows")


def volume_table_markdown() -> str:
    """Lesson 02b, section 4: troughs at 50 and 100 kg when the volume is fixed or scales."""
    return content.table(LESSON, "volume table", numbers(), rows="volume_rows")


def tofingo_markdown() -> str:
    """Lesson 02b, section 2: receptor cover after the last infusion, measured in TOFINGO and in
    the models."""
    return content.table(LESSON, "tofingo table", numbers(), rows="tofingo_rows")


def main_message_markdown() -> str:
    """Lesson 02b's main message, shown as a box at the top of the lesson."""
    return content.main_message(LESSON, numbers())


def questions_markdown() -> str:
    """Lesson 02b's questions, answers folded, numbers from the models and registry."""
    return content.questions(LESSON, numbers())
