"""The immune-trafficking teaching model (helpers.immune): its calibration figures, conservation,
non-negativity, agreement with an independent integrator, and clear errors for bad input."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from helpers import immune, sources


def ratio(key):
    return float(sources.value(key)) / 100.0


# ---------------------------------------------------------------------------------------------
# Calibration: the sourced figures each drug effect was calibrated to
# ---------------------------------------------------------------------------------------------
def test_no_drug_is_the_pre_treatment_mean():
    s = immune.steady_state()
    assert s.blood_count_1e9_per_l == pytest.approx(
        sources.value("immune.lymphocytes_before_1e9_per_l"), rel=1e-9)
    assert s.cns_influx_ratio == pytest.approx(1.0) and s.outside_cns_ratio == pytest.approx(1.0)


def test_natalizumab_near_peak_raises_blood_count_2_1_to_3_5():
    s = immune.steady_state(immune.NATALIZUMAB)
    assert s.blood_count_1e9_per_l == pytest.approx(
        sources.value("immune.lymphocytes_on_1e9_per_l"), abs=0.05)


def test_natalizumab_near_peak_cuts_cns_influx_to_about_a_third():
    s = immune.steady_state(immune.NATALIZUMAB)
    target = float(sources.value("immune.natalizumab_cns_influx_ratio"))
    assert s.cns_influx_ratio == pytest.approx(target, abs=0.02)
    assert s.cns_influx_ratio == pytest.approx(1 / 3, abs=0.02)


def test_azathioprine_like_lowers_counts_to_57_percent_and_entry_only_in_proportion():
    s = immune.steady_state(immune.AZATHIOPRINE_LIKE)
    target = ratio("immune.aza_lymphocytes_pct_of_baseline")
    assert s.blood_ratio == pytest.approx(target, abs=0.01)
    assert s.cns_influx_ratio == pytest.approx(s.blood_ratio, rel=1e-6)
    assert s.outside_cns_ratio == pytest.approx(target, abs=0.01)


def test_fingolimod_like_lands_inside_the_labels_20_to_30_percent():
    low, high = sources.value("immune.fingolimod_lymphocytes_pct_of_baseline")
    s = immune.steady_state(immune.FINGOLIMOD_LIKE)
    assert low / 100 <= s.blood_ratio <= high / 100
    assert s.outside_cns_ratio > 0.95  # cells are held back in lymph nodes, not removed


def test_anti_cd20_like_removes_its_share_everywhere():
    share = float(sources.value("immune.cd20_share"))
    s = immune.steady_state(immune.ANTI_CD20_LIKE)
    assert 1 - share - 0.01 <= s.blood_ratio < 1 - share + 0.01
    assert s.outside_cns_ratio == pytest.approx(s.blood_ratio, abs=0.01)


def test_the_core_contrast():
    nat = immune.steady_state(immune.NATALIZUMAB)
    aza = immune.steady_state(immune.AZATHIOPRINE_LIKE)
    assert nat.blood_ratio > 1 > aza.blood_ratio
    assert nat.cns_influx_ratio < aza.cns_influx_ratio < 1
    assert nat.outside_cns_ratio >= 1 > aza.outside_cns_ratio


def test_blocking_only_the_cns_does_not_explain_the_rise():
    p = immune.with_params(immune.DEFAULT, f_alpha4=0.0)
    assert immune.steady_state(immune.NATALIZUMAB, p=p).blood_ratio < 1.001


def test_q6w_trough_saturation_matches_the_research_notes():
    s = immune.steady_state(immune.NATALIZUMAB, 0.75)
    assert s.blood_count_1e9_per_l == pytest.approx(3.17, abs=0.02)
    assert s.cns_influx_ratio == pytest.approx(0.49, abs=0.01)


def test_steady_state_is_a_fixed_point_of_the_equations():
    for drug in immune.DRUGS:
        e = immune.drug_effect(drug)
        for share, kill in immune._subsets(e):
            x = immune._steady_subset(immune.DEFAULT, e, 1.0, kill)
            assert np.allclose(immune.derivatives(x, e, kill=kill), 0, atol=1e-9), drug


# ---------------------------------------------------------------------------------------------
# Dynamics
# ---------------------------------------------------------------------------------------------
def test_natalizumab_rise_takes_hours_azathioprine_fall_takes_months():
    assert immune.time_to_fraction_days(immune.NATALIZUMAB) < 0.25
    assert 200 < immune.time_to_fraction_days(immune.AZATHIOPRINE_LIKE) < 270


def test_time_course_reaches_the_steady_state_and_stopping_follows_washout():
    c = immune.time_course(immune.NATALIZUMAB, stop_month=12, end_month=24)
    on = immune.value_at(c, 11.5)
    assert 3.2 < on < 3.6
    # weeks after the last infusion the drug is still there, so counts are still raised;
    # cell kinetics alone (hours) would have brought them back at once
    assert immune.value_at(c, 12.5) > 3.0
    assert immune.value_at(c, 24) == pytest.approx(2.1, abs=0.02)
    aza = immune.time_course(immune.AZATHIOPRINE_LIKE, stop_month=12, end_month=24)
    assert immune.value_at(aza, 1) > immune.value_at(aza, 6) > immune.value_at(aza, 12)


def test_relapse_raises_entry_during_its_window_only():
    c = immune.time_course(immune.NO_DRUG, 12, 24, immune.RELAPSE_ON)
    start, end = immune.relapse_window_months(immune.RELAPSE_ON, 12)
    inside = immune.value_at(c, (start + end) / 2, "cns_influx_ratio")
    assert inside == pytest.approx(immune.relapse_infl(), rel=0.01)
    assert immune.value_at(c, end + 2, "cns_influx_ratio") == pytest.approx(1.0, abs=0.01)
    nat = immune.time_course(immune.NATALIZUMAB, 12, 24, immune.RELAPSE_ON)
    assert immune.value_at(nat, (start + end) / 2, "cns_influx_ratio") < inside / 2


def test_exact_steps_agree_with_an_independent_integrator():
    e = immune.Effect(saturation=0.8, i_prod=0.2, egress_factor=0.7)
    x0 = immune.baseline()
    n, h = 40, 0.5
    ours = immune.integrate(x0, [e] * n, [3.0] * n, step_days=h)
    m = immune._matrix(immune.DEFAULT, e, 3.0, 0.0)
    ref = solve_ivp(lambda t, y: (m @ np.append(y, 1.0))[:3], (0, n * h), x0, method="Radau",
                    t_eval=np.arange(n + 1) * h, rtol=1e-10, atol=1e-12)
    assert np.allclose(ours, ref.y.T, rtol=1e-6, atol=1e-9)


# ---------------------------------------------------------------------------------------------
# Conservation and non-negativity (property tests)
# ---------------------------------------------------------------------------------------------
fractions = st.floats(0.0, 1.0)
effects = st.builds(immune.Effect, saturation=fractions, i_prod=fractions,
                    egress_factor=st.floats(0.05, 1.0))


@settings(max_examples=40, deadline=None)
@given(e=effects, infl=st.floats(1.0, 20.0), days=st.integers(1, 200))
def test_cells_are_conserved_when_nothing_is_made_or_lost(e, infl, days):
    """With no production, no death and no loss from the CNS, the model only moves cells."""
    p = immune.params(d_per_day=0.0, k_c_per_day=1e-12)
    x0 = immune.baseline(p)
    closed = immune.Effect(saturation=e.saturation, i_prod=1.0, egress_factor=e.egress_factor)
    xs = immune.integrate(x0, [closed] * days, [infl] * days, p, step_days=1.0)
    assert np.allclose(xs.sum(axis=1), x0.sum(), rtol=1e-7)


@settings(max_examples=40, deadline=None)
@given(e=effects, infl=st.floats(1.0, 20.0), share=fractions)
def test_cells_never_go_negative(e, infl, share):
    x0 = immune.baseline() * np.array([1.0, share, 0.0])
    xs = immune.integrate(x0, [e] * 60, [infl] * 60, step_days=0.5)
    assert np.all(xs >= -1e-9)
    s = immune._steady_subset(immune.DEFAULT, e, infl, 0.0)
    assert all(v >= 0 for v in s)


@pytest.mark.parametrize("drug", immune.DRUGS)
@pytest.mark.parametrize("relapse", immune.RELAPSES)
def test_every_time_course_is_finite_and_nonnegative(drug, relapse):
    c = immune.time_course(drug, 9, 24, relapse)
    for a in (c.blood_count_1e9_per_l, c.cns_influx_ratio, c.outside_cns_ratio, c.states):
        assert np.all(np.isfinite(a)) and np.all(a >= 0)


# ---------------------------------------------------------------------------------------------
# Clear errors
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: immune.params(d_per_day=-1), r"^d_per_day must be between 0 and 1000, got -1$"),
    (lambda: immune.params(k_bc_per_day=-0.5),
     r"^k_bc_per_day must be between 0 and 1000, got -0.5"),
    (lambda: immune.steady_state(immune.NATALIZUMAB, saturation=89),
     r"^saturation must be between 0 and 1, got 89$"),
    (lambda: immune.steady_state(immune.NATALIZUMAB, saturation=-0.1),
     r"^saturation must be between 0 and 1, got -0.1$"),
    (lambda: immune.Effect(saturation=1.5), r"^saturation must be between 0 and 1, got 1.5$"),
    (lambda: immune.steady_state("rituximab"), r"^drug must be one of \['none', 'natalizumab'"),
    (lambda: immune.time_course("aspirin"), r"^drug must be one of"),
    (lambda: immune.time_course(immune.NATALIZUMAB, stop_month=30, end_month=24),
     r"^stop_month must be between 0 and 24, got 30$"),
    (lambda: immune.steady_state(infl=0.5), r"^infl must be between 1 and 20, got 0.5$"),
    (lambda: immune.time_course(immune.NATALIZUMAB, relapse="sometimes"), r"^relapse must be one"),
    (lambda: immune.steady_state(immune.AZATHIOPRINE_LIKE, 0.5), r"only to drug 'natalizumab'"),
    (lambda: immune.params(transit_1e9_per_day=0), r"transit_1e9_per_day must be greater than 0"),
])
def test_bad_input_names_the_parameter_value_and_range(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_unknown_parameter_and_wrong_type_are_named():
    with pytest.raises(TypeError, match=r"unknown parameter\(s\) \['k_out'\]"):
        immune.params(k_out=3)
    with pytest.raises(TypeError, match="saturation must be a number"):
        immune.steady_state(immune.NATALIZUMAB, saturation="high")




def test_model_parameters_are_registered_figures(fresh_used):
    immune.params()
    immune.steady_state(immune.ANTI_CD20_LIKE)
    immune.steady_state(immune.FINGOLIMOD_LIKE)
    immune.steady_state(immune.AZATHIOPRINE_LIKE)
    immune.steady_state(immune.NATALIZUMAB)
    used = set(sources.used())
    for key in ("immune.f_alpha4", "immune.e_cns", "immune.d_per_day", "immune.aza_i_prod",
                "immune.fingolimod_egress_factor", "immune.cd20_share", "immune.sat_near_peak",
                "immune.lymphocytes_before_1e9_per_l", "immune.blood_volume_l"):
        assert key in used, key
        f = sources.figure(key)
        if key.startswith("immune.") and f.source == "project_calibration":
            assert f.status == "teaching-assumption"
