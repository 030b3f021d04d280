"""The citation registry: every figure has a source, a place in it and a status."""
import re

import pytest

from helpers import sources


@pytest.mark.parametrize("key", sorted(sources.FIGURES))
def test_every_figure_is_fully_sourced(key):
    f = sources.FIGURES[key]
    assert f.what.strip(), f"{key}: no description"
    assert f.status in sources.STATUSES, f"{key}: status {f.status!r}"
    assert f.source in sources.SOURCES, f"{key}: unknown source {f.source!r}"
    assert f.where.strip(), f"{key}: no place in the source"
    for extra in f.also:
        assert extra in sources.SOURCES, f"{key}: unknown extra source {extra!r}"
    values = f.value if isinstance(f.value, tuple) else (f.value,)
    assert all(isinstance(v, (int, float)) for v in values), f"{key}: value {f.value!r} is not numeric"
    if isinstance(f.value, tuple):
        assert len(f.value) == 2 and f.value[0] <= f.value[1], f"{key}: range {f.value!r}"


@pytest.mark.parametrize("key", sorted(sources.SOURCES))
def test_every_source_has_title_and_link(key):
    s = sources.SOURCES[key]
    assert s.title.strip()
    assert re.match(r"https?://\S+$", s.url), f"{key}: {s.url!r} is not a URL"


def test_unknown_figure_names_close_matches():
    with pytest.raises(KeyError, match="dose.mg"):
        sources.figure("dose.mgg")


def test_registering_twice_or_bad_status_is_refused():
    with pytest.raises(ValueError, match="twice"):
        sources._figure("dose.mg", "x", 1, "mg", "us_dosage", "x", "label")
    with pytest.raises(ValueError, match="status must be one of"):
        sources._figure("tmp.new", "x", 1, "mg", "us_dosage", "x", "rumour")


def test_references_render_numbered_and_deduplicated():
    md = sources.references_markdown(["dose.mg", "dose.interval_days", "label.cmax_ug_per_ml"])
    lines = md.splitlines()
    assert [ln.split(".")[0] for ln in lines] == ["1", "2"]
    assert "drugs.com/dosage/tysabri" in lines[0]
    assert "oddb.org" in lines[1]


def test_cite_formats_ranges():
    assert sources.cite("label.trough_ug_per_ml").startswith("23–29 µg/mL (")
