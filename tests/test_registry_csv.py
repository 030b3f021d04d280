"""One loader, one set of rules, for every data file in helpers/data/ (helpers/registry_csv.py).

Each rule is broken once in a copy of every file it applies to, and the file's own loader (the
function its module calls at import: sources.load_registry / load_quotes, pml.load_cells, the
lesson views' load_signs and comparison_rows) must refuse it with a RegistryError naming the file,
the spreadsheet row and the problem. Also: every CSV is described in registry_csv.TABLES and, column
by column, in helpers/data/README.md.
"""
from __future__ import annotations

import csv
import re
import shutil

import pytest

from helpers import pml, registry_csv, sources
from helpers.registry_csv import TABLES, RegistryError
from helpers.views import _fact_box as fact_box
from helpers.views import how_natalizumab_works as hnw
from helpers.views import living_with_treatment as lwt

DATA = registry_csv.DATA_DIR
README = DATA / "README.md"


def loader(name: str):
    """The function that loads data file `name` from a folder holding a copy of the data."""
    return {
        "sources.csv": lambda folder: sources.load_registry(folder),
        "figures.csv": lambda folder: sources.load_registry(folder),
        "quotes.csv": lambda folder: sources.load_quotes(folder),
        "pml_risk.csv": lambda folder: pml.load_cells(folder / "pml_risk.csv"),
        "comparison.csv": lambda folder: hnw.comparison_rows(folder / "comparison.csv"),
        "side_effect_signs.csv": lambda folder: lwt.load_signs(folder / "side_effect_signs.csv"),
        "fact_box_affirm.csv": lambda folder: fact_box.load_rows(folder / "fact_box_affirm.csv"),
    }[name]


def read(name: str) -> list[dict]:
    with open(DATA / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def broken(tmp_path, name: str, edit, header=None):
    """A copy of helpers/data with `edit(rows)` applied to file `name`; returns the folder."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    rows = read(name)
    edit(rows)
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or TABLES[name].columns)
        writer.writerows([[r.get(c, "") for c in TABLES[name].columns] for r in rows])
    return folder


def cases():
    """(file, what is broken, edit of the rows, spreadsheet row, problem named)."""
    out = []
    for name, t in TABLES.items():
        first = read(name)[0]
        key = dict((c, first[c]) for c in t.key)
        out.append((name, "duplicate key", lambda rows, key=key: rows[1].update(key), 3,
                    r"duplicate key '.+' \(first given in row 2\)"))
        for column in t.required:
            out.append((name, f"empty {column}", lambda rows, c=column: rows[0].update({c: ""}),
                        2, rf"column '{column}' (is empty|names no source)"))
        for column in t.choices:
            out.append((name, f"bad {column}",
                        lambda rows, c=column: rows[0].update({c: "nonsense"}), 2,
                        rf"{column} 'nonsense' should be one of"))
        for column in t.numbers:
            out.append((name, f"unit in {column}",
                        lambda rows, c=column: rows[0].update({c: "29 µg/mL"}), 2,
                        rf"column '{column}' '29 µg/mL' is not a number"))
        for column in t.figures:
            out.append((name, f"unknown figure in {column}",
                        lambda rows, c=column: rows[0].update({c: "no.such_figure"}), 2,
                        rf"figure 'no.such_figure' in column '{column}' is not a key"))
        if t.unit_of:
            out.append((name, "unit not the figure's", lambda rows: rows[0].update(unit="mg"),
                        2, r"unit 'mg' is not the unit of its figure"))
        for column in t.source_lists:
            out.append((name, f"unknown source in {column}",
                        lambda rows, c=column: rows[0].update({c: "us_dosage;no_such_source"}),
                        2, rf"unknown source 'no_such_source' in column '{column}'"))
        for group in t.any_of:
            out.append((name, "none of " + "/".join(group),
                        lambda rows, g=group: rows[0].update(dict.fromkeys(g, "")), 2,
                        r"give at least one of the columns"))
        if t.provenance:
            out += [
                (name, "unknown source", lambda rows: rows[0].update(source="no_such_source"),
                 2, r"unknown source 'no_such_source' in column 'source'"),
                (name, "status against its source's kind",
                 lambda rows: rows[0].update(status="teaching-assumption", source="us_dosage"),
                 2, r"status 'teaching-assumption' .* does not fit its source 'us_dosage'"),
                (name, "unknown status", lambda rows: rows[0].update(status="rumour"), 2,
                 r"unknown status 'rumour'"),
            ]
            if "also" in t.columns:
                out.append((name, "unknown also", lambda rows: rows[0].update(also="nobody_2020"),
                            2, r"unknown source 'nobody_2020' in column 'also'"))
            if "region" in t.columns:
                out.append((name, "bad region", lambda rows: rows[0].update(region="usa"), 2,
                            r"region 'usa' should be a code"))
    return out


CASES = cases()


@pytest.mark.parametrize("name, what, edit, row, problem", CASES,
                         ids=[f"{n}: {w}" for n, w, *_ in CASES])
def test_every_rule_holds_in_every_file_it_applies_to(tmp_path, name, what, edit, row, problem):
    folder = broken(tmp_path, name, edit)
    with pytest.raises(RegistryError) as err:
        loader(name)(folder)
    message = str(err.value)
    assert message.startswith(f"{folder / name}, row {row}: "), message
    assert re.search(problem, message), message
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_header_mistakes_are_named_in_every_file(tmp_path, name):
    columns = list(TABLES[name].columns)
    renamed = [c.upper() if i == 1 else c for i, c in enumerate(columns)]
    folder = broken(tmp_path, name, lambda rows: None, header=renamed)
    with pytest.raises(RegistryError, match=rf"{re.escape(name)}, row 1: missing columns "
                                            rf"\['{columns[1]}'\]; unknown columns"):
        loader(name)(folder)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_file_loads_as_shipped_and_in_any_column_order(tmp_path, name):
    columns = list(reversed(TABLES[name].columns))
    folder = broken(tmp_path, name, lambda rows: None, header=columns)
    rows = read(name)
    with open(folder / name, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)
    assert loader(name)(folder)


def test_every_data_file_is_described_once():
    assert {p.name for p in DATA.glob("*.csv")} == set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_data_file_and_column_is_documented_for_clinicians(name):
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(name)}\b.*?(?=^## |\Z)", text, re.M | re.S)
    assert section, f"helpers/data/README.md has no '## {name}' section"
    for column in TABLES[name].columns:
        assert f"`{column}`" in section.group(), f"{name}: column '{column}' is not explained"


def test_the_lessons_words_are_the_loaders_choices():
    assert set(TABLES["side_effect_signs.csv"].choices["route"]) == set(lwt.ROUTES)
    assert set(TABLES["comparison.csv"].choices["group"]) == set(hnw.GROUPS)
    assert TABLES["side_effect_signs.csv"].columns == lwt.SIGN_COLUMNS
    assert TABLES["pml_risk.csv"].choices["anti_jcv"] == ("negative", "positive", "any")


def test_rows_come_back_checked_and_typed():
    rows = registry_csv.load_table(DATA / "pml_risk.csv", TABLES["pml_risk.csv"],
                                   sources=sources.SOURCES, figures=sources.FIGURES)
    number, row = rows[2]
    assert number == 4 and (row["months_from"], row["months_to"]) == (1, 24)
    assert isinstance(row["value"], float) and row["ci_low"] is None
    (_, sign), *_ = registry_csv.load_table(DATA / "side_effect_signs.csv",
                                            TABLES["side_effect_signs.csv"],
                                            sources=sources.SOURCES)
    assert isinstance(sign["also"], tuple)
    with pytest.raises(TypeError, match="needs the sources"):
        registry_csv.load_table(DATA / "quotes.csv", TABLES["quotes.csv"])


# ---------------------------------------------------------------------------------------------
# Rule 9: nothing taught rests on a forum post, a blog or a page read through a proxy
# ---------------------------------------------------------------------------------------------
TAUGHT = {name: t for name, t in TABLES.items() if t.provenance or t.source_lists}


def named_sources(name: str) -> list[tuple[str, str, str]]:
    """(row key, column, source key) for every source a row of data file `name` names."""
    t = TABLES[name]
    columns = (("source", "also") if t.provenance else ()) + t.source_lists
    return [(".".join(row[c] for c in t.key), column, key)
            for row in read(name) for column in columns if column in row
            for key in registry_csv.source_keys(row[column])]


def test_the_taught_tables_are_the_ones_that_name_sources():
    assert set(TAUGHT) == {"figures.csv", "quotes.csv", "pml_risk.csv", "comparison.csv",
                           "side_effect_signs.csv"}


@pytest.mark.parametrize("name", sorted(TAUGHT))
def test_no_taught_row_rests_on_a_forum_a_blog_or_a_proxy_copy(name):
    bad = [(row, column, key, sources.SOURCES[key].kind) for row, column, key in named_sources(name)
           if sources.SOURCES[key].kind in registry_csv.UNTAUGHT_KINDS]
    assert not bad, f"{name}: rows resting on a forum post, a blog or a proxy copy: {bad}"


def test_no_source_looks_like_a_forum_a_blog_or_a_proxy_copy_under_another_kind():
    for s in sources.SOURCES.values():
        marked = registry_csv.untaught_kind(s.url, s.title, s.publisher, s.note)
        assert marked in ("", s.kind), f"{s.key}: looks like a {marked}, has kind {s.kind!r}"


@pytest.mark.parametrize("marker, kind", [
    ("https://proxy.weglot.com/wg_1/nl/en/pubmed.ncbi.nlm.nih.gov/17452584", "proxy-copy"),
    ("https://pubmed-ncbi-nlm-nih-gov.translate.goog/17452584/", "proxy-copy"),
    ("https://api-pubmed-ncbi.laibokeji.com/23950550", "proxy-copy"),
    ("https://www.neurotalk.org/245059-post232.html", "forum"),
    ("https://multiple-sclerosis-research.blogspot.com/2014/08/plex.html", "blog"),
])
def test_a_source_marked_as_forum_blog_or_proxy_must_say_so(tmp_path, marker, kind):
    folder = broken(tmp_path, "sources.csv", lambda rows: rows[0].update(url=marker))
    with pytest.raises(RegistryError, match=rf"row 2: 'us_dosage' looks like a {kind} .*"
                                            rf"give it kind '{kind}'"):
        sources.load_registry(folder)


@pytest.mark.parametrize("name, column", [(n, c) for n in sorted(TAUGHT)
                                          for c in (("source", "also") if TABLES[n].provenance
                                                    else ()) + TABLES[n].source_lists
                                          if c in TABLES[n].columns])
def test_a_row_naming_a_blog_is_refused_in_every_taught_file(tmp_path, name, column):
    blog = sources.Source(key="a_blog", title="A clinician's blog post", kind="blog",
                          url="https://example.org/blog/post")
    known = {**sources.SOURCES, "a_blog": blog}
    rows = read(name)
    rows[0][column] = "a_blog" if column == "source" else "a_blog;" + rows[0][column]
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, TABLES[name].columns)
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(RegistryError, match=rf"row 2: .* rests on 'a_blog' \(kind 'blog'\) in "
                                            rf"column '{column}'.*no basis"):
        registry_csv.load_table(path, TABLES[name], sources=known, figures=sources.FIGURES)


def test_no_status_accepts_a_forum_a_blog_or_a_proxy_copy():
    for status, kinds in registry_csv.STATUS_KINDS.items():
        assert not set(kinds) & set(registry_csv.UNTAUGHT_KINDS), status


# ---------------------------------------------------------------------------------------------
# No cell of a data file points at a file outside the repository
# ---------------------------------------------------------------------------------------------
LOCAL_PATH = re.compile(r"file://|(?<![\w/.:])(?:\.\./|~/|/(?:home|work|tmp|root|Users|mnt|opt)/)"
                        r"|\b[A-Za-z]:\\")
FILE_NAME = re.compile(r"(?<![\w/.:-])([\w-]+(?:/[\w.-]+)*\.(?:md|csv|py|ipynb|txt|ya?ml|json))\b")


def test_the_path_patterns_are_recognised():
    assert LOCAL_PATH.search("see ../notes.md") and LOCAL_PATH.search("/work/x/notes.md")
    assert LOCAL_PATH.search("file:///tmp/a.pdf") and not LOCAL_PATH.search("https://a.org/b/c")
    assert FILE_NAME.findall("calibration.md, section 'Body weight'") == ["calibration.md"]
    assert not FILE_NAME.findall("https://example.org/docs/page.md")


@pytest.mark.parametrize("name", sorted(TABLES))
def test_no_note_or_cell_points_at_a_file_outside_the_repository(name):
    repo = DATA.parent.parent
    for number, row in enumerate(read(name), 2):
        for column, cell in row.items():
            if column == "url" or not cell:
                continue
            assert not LOCAL_PATH.search(cell), f"{name}, row {number}, {column}: {cell!r}"
            for path in FILE_NAME.findall(cell):
                assert (repo / path).is_file() or (DATA / path).is_file(), (
                    f"{name}, row {number}, {column}: {path!r} is not a file in the repository")
