"""helpers.pml: every table cell equals its registry row, the lookup at its boundaries, monotone
cumulative risk, the staleness of a negative test by hand, the extended-interval scenario and
clear errors for bad input."""
import csv

import numpy as np
import pytest

from helpers import pml, sources


def rows():
    with open(pml.RISK_FILE, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", rows(), ids=lambda r: f"{r['table']}.{r['cell']}")
def test_every_cell_equals_its_registry_row(row):
    f = sources.FIGURES[row["figure"]]
    assert float(row["value"]) == pytest.approx(float(f.value))
    assert row["qualifier"] == f.qualifier
    assert row["source"] == f.source and row["status"] == f.status
    assert row["unit"] == f.unit == "per 1,000"
    if row["ci_figure"]:
        lo, hi = sources.FIGURES[row["ci_figure"]].value
        assert (float(row["ci_low"]), float(row["ci_high"])) == pytest.approx((lo, hi))
    else:
        assert not row["ci_low"] and not row["ci_high"]
    c = pml.cell(row["table"], row["cell"])
    assert c.value == pytest.approx(float(f.value)) and c.population


def test_no_unconfirmed_table_is_stored():
    """The current US label's Table 1 and the EU index-by-year table are NOT CONFIRMED."""
    assert {c.table for c in pml.CELLS} == {"bloomgren_2012", "sorensen", "ho_2017"}
    assert all(c.cell_status in ("CONFIRMED", "PARTIALLY CONFIRMED") for c in pml.CELLS)
    assert not any("label" in c.source or "index" in c.cell for c in pml.CELLS)


@pytest.mark.parametrize("months, cell", [(0.5, "positive_no_is_1_24"), (24, "positive_no_is_1_24"),
                                          (24.01, "positive_no_is_25_48"),
                                          (25, "positive_no_is_25_48"),
                                          (48, "positive_no_is_25_48")])
def test_lookup_at_the_24_25_month_boundary(months, cell):
    assert pml.risk("positive", months).cell == pml.cell("bloomgren_2012", cell)


def test_published_numbers_come_back_with_source_status_and_population():
    e = pml.risk("positive", 30, prior_is=True)
    assert e.per_1000 == 11.1 and e.range_per_1000 == (8.3, 14.5)
    assert e.source == "bloomgren_2012" and e.status == "peer-reviewed"
    assert "25-48 months" in e.population
    assert any("about 23 of 1,000 people" in o and "over more than 2 years" in o
               for o in e.others if isinstance(o, str))
    neg = pml.risk("negative", 60)
    assert neg.per_1000 == 0.09 and neg.range_per_1000 == (0, 0.48)
    assert pml.cell("ho_2017", "negative") in neg.others


def test_no_guess_where_no_confirmed_estimate_exists():
    for e in (pml.risk("positive", 49), pml.risk("positive", 0), pml.risk("negative", 0)):
        assert not e.found and e.per_1000 is None and "No" in e.message
    assert "label" in pml.risk("positive", 60).text()


def test_month_12_is_in_no_sorensen_stratum():
    assert pml.risk("not tested", 12).others == ()
    assert pml.risk("not tested", 11).others == (pml.cell("sorensen", "exposure_1_11"),)
    assert pml.risk("not tested", 12.5).others == (pml.cell("sorensen", "exposure_13_24"),)


@pytest.mark.parametrize("index, words", [(0.9, "0.9 or less"), (0.91, "no statement"),
                                          (1.5, "no statement"), (1.51, "increases substantially")])
def test_index_at_the_ema_boundaries(index, words):
    e = pml.risk("positive", 30, index=index)
    assert words in e.index_note
    if index <= 1.5:     # the index never invents a number
        assert e.per_1000 == pml.risk("positive", 30).per_1000
    else:                # nor gives the figure for everyone as this group's
        assert not e.found and e.per_1000 is None and "not the same as no risk" in e.message
        assert e.others == (pml.risk("positive", 30).cell,)


@pytest.mark.parametrize("months", [1, 24, 25, 48])
def test_an_index_above_1_5_gets_no_number_at_any_duration(months):
    assert not pml.risk("positive", months, index=3.0).found
    assert pml.risk("positive", months, prior_is=True, index=3.0).found   # index not used


def test_every_estimate_names_its_period_in_people_of_1000():
    for args in [("positive", 10), ("positive", 30), ("positive", 30, True), ("negative", 30),
                 ("not tested", 30)]:
        e = pml.risk(*args)
        text = e.text()
        assert " of 1,000 people " in text and e.period in text and "1 in" not in text
    assert pml.risk("positive", 10).period == "during months 1 to 24 of treatment"
    assert pml.risk("negative", 10).period == pml.ALL_TIME


def test_the_negative_estimate_agrees_with_its_95_percent_range():
    """Bloomgren's 'up to 0.09' is a point estimate from no observed cases; its 95% range reaches
    0.48, so the words never say 'at most' the point estimate."""
    text = pml.risk("negative", 30).text()
    assert "0.09 per 1,000 or less" in text and "95% range 0 to 0.48 of 1,000" in text
    assert "at most" not in text and text.startswith("fewer than 1 of 1,000 people")


def test_people_text_rounds_to_whole_people_as_the_dots_do():
    assert pml.people_text(0.56).startswith("about 1 of 1,000 people (0.56")
    assert pml.people_text(0.28).startswith("fewer than 1 of 1,000 people (0.28")
    assert pml.people_text(4.6).startswith("about 5 of 1,000 people (4.6")


def test_index_above_1_5_before_2_years_is_not_called_higher():
    assert "longer than 2 years" in pml.risk("positive", 24, index=3.0).index_note
    assert "not used" in pml.risk("positive", 30, prior_is=True, index=3.0).index_note


@pytest.mark.parametrize("prior_is", [False, True])
@pytest.mark.parametrize("end", ["point", "low", "high"])
def test_cumulative_risk_never_decreases(prior_is, end):
    t = np.linspace(0, 48, 200)
    c = pml.cumulative_per_1000(t, prior_is, end)
    assert c[0] == 0 and np.all(np.diff(c) >= 0)


def test_cumulative_by_hand():
    r1, r2 = 1.6, 11.1
    assert pml.cumulative_per_1000([24], True)[0] == pytest.approx(r1)
    expected = 1000 * (1 - (1 - r1 / 1000) * (1 - r2 / 1000 * 12 / 24))
    assert pml.cumulative_per_1000([36], True)[0] == pytest.approx(expected)
    with pytest.raises(ValueError, match="months must be between 0 and 48"):
        pml.cumulative_per_1000([49], True)


def test_staleness_against_a_hand_calculation():
    p, f, s = 0.536, 0.03, 0.108
    q0 = p * f / (p * f + 1 - p)
    expected = 1 - (1 - q0) * (1 - s) ** (18 / 12)
    assert pml.p_positive_now(18, 3) == pytest.approx(expected)
    assert pml.p_positive_now(0, 0) == 0
    assert pml.p_positive_now(12, 0) == pytest.approx(s)
    ages = [pml.p_positive_now(t, 3) for t in range(0, 37, 6)]
    assert all(a < b for a, b in zip(ages, ages[1:]))


def test_two_false_negative_rates_with_statuses():
    rates = {r.name: r for r in pml.false_negative_rates()}
    assert rates["manufacturer"].pct == 3 and rates["manufacturer"].status == "secondary"
    assert rates["manufacturer"].region == "US"
    assert rates["gorelik"].pct == 2.5 and "4.4" in rates["gorelik"].note


def test_eid_scenario_only_where_the_source_applies():
    pos = pml.risk("positive", 30, True)
    sc = pml.eid_scenario(pos)
    assert sc.applies and sc.hr == 0.06 and sc.hr_ci == (0.01, 0.22)
    assert sc.per_1000 == pytest.approx(11.1 * 0.06)
    assert sc.range_per_1000 == pytest.approx((8.3 * 0.01, 14.5 * 0.22))
    assert any("Observational" in c for c in sc.caveats)
    assert any("every 4 weeks" in c for c in sc.caveats)
    for e in (pml.risk("negative", 30), pml.risk("not tested", 30), pml.risk("positive", 60)):
        out = pml.eid_scenario(e)
        assert not out.applies and out.reason and out.caveats
    with pytest.raises(TypeError, match="estimate must be"):
        pml.eid_scenario("positive")


@pytest.mark.parametrize("kwargs, message", [
    (dict(anti_jcv="positive", months=-1), r"months must be between 0 and 240, got -1"),
    (dict(anti_jcv="positive", months=10, index=-0.1), r"index must be between 0 and 20"),
    (dict(anti_jcv="maybe", months=10), r"anti_jcv must be one of \['negative', 'positive'"),
    (dict(anti_jcv="negative", months=10, index=1.0), r"index applies only when anti_jcv"),
])
def test_bad_input_names_the_parameter_and_the_valid_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pml.risk(**kwargs)


def test_bad_types_and_bad_staleness_input():
    with pytest.raises(TypeError, match="prior_is must be True or False"):
        pml.risk("positive", 10, prior_is="yes")
    with pytest.raises(ValueError, match="months_since_test must be between 0 and 120"):
        pml.p_positive_now(-3)
    with pytest.raises(ValueError, match="false_negative_pct must be between 0 and 100"):
        pml.p_positive_now(3, false_negative_pct=120)


def test_the_loader_names_a_bad_row(tmp_path):
    text = pml.RISK_FILE.read_text(encoding="utf-8").replace("CONFIRMED,", "SURE,", 1)
    bad = tmp_path / "pml_risk.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"row 2: cell_status 'SURE' should be one of CONFIRMED, "
                                         r"PARTIALLY CONFIRMED"):
        pml.load_cells(bad)
