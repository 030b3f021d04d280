"""Lesson 01's fact box (helpers/views/_fact_box.py, helpers/data/fact_box_affirm.csv): every
number is a registry percentage x 10 rounded as stated, both groups are shown, no relative risk,
and every row says per 1,000 and 2 years."""
from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser

import pytest

from helpers import sources
from helpers.registry_csv import DATA_DIR, RegistryError
from helpers.views import _fact_box as fb
from helpers.views import how_natalizumab_works as lesson


class Rows(HTMLParser):
    """The table's rows as lists of cell text, with the tags seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.tags, self.attrs, self._cell = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def parsed(html_text=None) -> Rows:
    p = Rows()
    p.feed(html_text if html_text is not None else lesson.fact_box_html())
    return p


def outcome_rows(p: Rows) -> list[list[str]]:
    """The rows of the body that are outcomes (not the header, side headings or footer)."""
    return [r for r in p.rows[1:-1] if len(r) > 1]


def test_per_1000_rounds_to_ten_from_a_hundred_and_to_one_below():
    assert [fb.per_1000(x) for x in (28.7, 55.7, 17, 29, 24, 18, 6)] == [
        290, 560, 170, 290, 240, 180, 60]
    assert [fb.per_1000(x) for x in (1.1, 0.3, 3.2, 2.6, 0.05)] == [11, 3, 32, 26, 1]
    assert fb.per_1000(0) == 0


@pytest.mark.parametrize("row", fb.load_rows(), ids=lambda r: r["key"])
def test_each_number_is_the_registrys_percentage_times_ten_rounded(row):
    shown = next(r for r in fb.fact_rows() if r["key"] == row["key"])
    for group in ("natalizumab", "placebo"):
        if row[group]:
            pct = sources.value(row[group])
            assert sources.figure(row[group]).unit == "%"
            expected = round(pct * 10, -1) if pct * 10 >= 100 else round(pct * 10)
            assert shown["people"][group] == expected
        else:
            assert shown["people"][group] is None
    if row["natalizumab"] and row["placebo"]:
        d = fb.per_1000(abs(sources.value(row["natalizumab"]) - sources.value(row["placebo"])))
        assert shown["difference"].startswith(f"about {d} ")


def test_the_box_shows_the_drafted_numbers_as_the_registry_holds_them():
    html_text = lesson.fact_box_html()
    for text in ("about 240 of 1,000", "about 180 of 1,000", "about 60 more",
                 "about 170 of 1,000", "about 290 of 1,000", "about 120 fewer",
                 "about 11 of 1,000", "about 3 of 1,000", "about 8 more"):
        assert text in html_text


def test_both_groups_every_row_per_1000_and_2_years_and_no_relative_risk():
    p = parsed()
    header, *_ = p.rows
    assert any("placebo" in c.lower() for c in header)
    assert any("natalizumab" in c.lower() for c in header)
    rows = outcome_rows(p)
    assert {r[0].split(" ")[0] for r in rows} and len(rows) == len(fb.load_rows())
    for r in rows:
        text = " ".join(r)
        assert "2 years" in text, r
        assert "1,000" in text, r
        assert not re.search(r"\d+\s*%", text), f"a percentage in the box: {r}"
    whole = " ".join(" ".join(r) for r in p.rows).lower()
    for relative in ("relative", "risk ratio", "hazard", "lower risk", "% fewer", "% lower"):
        assert relative not in whole
    numeric = [r for r in rows if re.search(r"about \d", r[1]) or re.search(r"about \d", r[2])]
    assert all(re.search(r"about \d", r[2]) for r in numeric)  # natalizumab in every number row


def test_pml_is_never_shown_as_zero_and_points_to_lesson_03():
    row = next(r for r in outcome_rows(parsed()) if r[0].startswith("PML"))
    assert not re.search(r"(?<![\d,])0 of", " ".join(row)) and "not zero" in " ".join(row)
    assert "Lesson 03" in " ".join(row)


def test_the_table_is_accessible_caption_header_row_scopes():
    p = parsed()
    assert "caption" in p.tags and "thead" in p.tags and "tfoot" in p.tags
    scopes = [a.get("scope") for t, a in p.attrs if t == "th"]
    assert scopes.count("col") == 5 and "row" in scopes and "rowgroup" in scopes


def test_the_footer_says_who_was_studied_the_period_and_when_read():
    footer = parsed().rows[-1][0]
    for key in ("affirm.n_patients", "affirm.n_natalizumab", "affirm.n_placebo"):
        assert str(sources.value(key)) in footer
    assert "relapsing MS" in footer and "2 years" in footer and fb.CHECKED in footer


def test_each_row_names_its_sources_with_their_status():
    for r in fb.fact_rows():
        if r["natalizumab"]:
            for key in (r["natalizumab"], r["placebo"]):
                if key:
                    assert f"({sources.figure(key).status})" in r["sources"]


def test_the_summary_gives_differences_in_people_and_no_advice():
    text = lesson.fact_box_summary_markdown()
    assert "about 270 fewer" in text and "about 60 more" in text and "2 years" in text
    assert "%" not in text and "MS team" in text
    assert not re.search(r"\byou should\b|\brecommend", text, re.I)


def test_a_row_naming_an_unknown_figure_is_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "fact_box_affirm.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["placebo"] = "no.such_figure"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, rows[0].keys())
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(RegistryError, match="no.such_figure"):
        fb.load_rows(path)


def test_the_box_records_its_figures_for_the_references(fresh_used):
    lesson.fact_box_html()
    used = set(sources.used())
    assert {"affirm.relapse_2y_placebo_pct", "safety.acute_hypersensitivity_natalizumab_pct",
            "reaction.infusion_reaction_placebo_pct", "label.ada_persistent_pct"} <= used


def test_every_number_shows_both_sides_of_the_same_1000():
    for r in outcome_rows(parsed()):
        for cell in r[1:3]:
            m = re.fullmatch(r"about ([\d,]+) of 1,000 \(about ([\d,]+) did not\)", cell)
            if m:
                assert int(m[1].replace(",", "")) + int(m[2].replace(",", "")) == 1000, cell
