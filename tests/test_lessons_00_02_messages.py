"""Lessons 00, 02 and 02b open with their main message, right after the title, and the claims
their texts make about the RESTORE counts and the TOFINGO check hold for the registry and the
models."""
import json

import pytest

from helpers import sources
from helpers.views import infusion_timing, infusion_timing_science, start_here
from paths import ROOT

LESSONS = {"00_start_here": start_here, "02_infusion_timing": infusion_timing,
           "02b_infusion_timing_science": infusion_timing_science}


@pytest.mark.parametrize("stem", LESSONS)
def test_the_main_message_follows_the_title(stem):
    nb = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    first_output = next(c for c in cells if c["cell_type"] == "code"
                        and "main_message_markdown()" in "".join(c["source"]))
    position = cells.index(first_output)
    between = [c for c in cells[1:position] if c["cell_type"] == "markdown"]
    assert not between, "only the set-up cell may sit between the title and the main message"
    stored = "".join(first_output["outputs"][0]["data"]["text/markdown"])
    assert stored == LESSONS[stem].main_message_markdown()
    assert "Learning objectives" not in "".join(cells[0]["source"])


def test_lesson_02s_main_message_quotes_the_restore_counts():
    text = infusion_timing.main_message_markdown()
    placebo = (sources.value("restore.mri_placebo_n"), sources.value("restore.mri_placebo_total"))
    kept = (sources.value("restore.mri_kept_n"), sources.value("restore.mri_kept_total"))
    assert f"{placebo[0]} of {placebo[1]}" in text and f"{kept[0]} of {kept[1]}" in text
    assert "on your own" in text


def test_the_tofingo_check_says_what_the_text_says():
    """02b: every model is below the measured median at 8 weeks; the simple model's main curve
    is within 5 percentage points of it at 12 and 16 weeks."""
    rows = {r["weeks"]: r for r in infusion_timing_science.tofingo_check()}
    assert [rows[w]["measured"] for w in (8, 12, 16)] == [
        sources.value(f"pd.tofingo_ro_{w}w_pct") for w in (8, 12, 16)]
    assert all(rows[8][m] < rows[8]["measured"] for m in ("simple", "simple_alt", "two"))
    for w in (12, 16):
        assert abs(rows[w]["simple"] - rows[w]["measured"]) < 5
