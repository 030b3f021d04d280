"""The citation registry: every figure has a source, a place in it and a status; the data files
are checked at load, and lessons can render references from the figures they used."""
import csv
import re
import shutil

import pytest

from helpers import sources
from helpers.sources import RegistryError

DATA = sources.DATA_DIR




# ---------------------------------------------------------------------------------------------
# The shipped registry
# ---------------------------------------------------------------------------------------------
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
    assert all(isinstance(v, (int, float)) for v in values), f"{key}: {f.value!r} is not numeric"
    if isinstance(f.value, tuple):
        assert len(f.value) == 2 and f.value[0] <= f.value[1], f"{key}: range {f.value!r}"


@pytest.mark.parametrize("key", sorted(sources.SOURCES))
def test_every_source_is_resolvable(key):
    s = sources.SOURCES[key]
    assert s.title.strip()
    assert s.doi or s.pmid or s.url, f"{key}: no doi, pmid or url"
    assert s.kind in sources.KINDS, f"{key}: kind {s.kind!r}"
    if s.kind == "this-collection":
        assert (sources.REPO_DIR / s.url).is_file(), f"{key}: {s.url!r} is not in the repository"
    elif s.url:
        assert re.match(r"https?://\S+$", s.url), f"{key}: {s.url!r} is not a URL"
    if s.doi:
        assert re.match(r"10\.\d{4,9}/\S+$", s.doi), f"{key}: doi {s.doi!r}"
    if s.pmid:
        assert s.pmid.isdigit(), f"{key}: pmid {s.pmid!r}"


def test_ids_in_urls_are_also_in_their_columns():
    """A doi.org or PubMed address in `url` is copied into `doi`/`pmid` for reference managers."""
    for s in sources.SOURCES.values():
        m = re.match(r"https://doi\.org/(10\.\S+)$", s.url)
        if m:
            assert s.doi == m.group(1), s.key
        m = re.search(r"pubmed(?:\.ncbi\.nlm\.nih\.gov)?/(\d+)", s.url)
        if m:
            assert s.pmid == m.group(1), s.key


def test_csv_rows_and_loaded_figures_agree():
    rows = {r["key"]: r for r in csv.DictReader(open(DATA / "figures.csv", encoding="utf-8"))}
    assert set(rows) == set(sources.FIGURES)
    dose = sources.FIGURES["dose.mg"]
    assert rows["dose.mg"]["value"] == "300"
    assert (dose.value, type(dose.value), dose.unit, dose.status) == (300, int, "mg",
                                                                       "label-copy")
    trough = sources.FIGURES["label.trough_ug_per_ml"]
    assert (rows["label.trough_ug_per_ml"]["low"], rows["label.trough_ug_per_ml"]["high"]) == (
        "23", "29")
    assert (trough.value, trough.unit) == ((23, 29), "µg/mL")
    hill = sources.FIGURES["pd.default.hill"]
    assert rows["pd.default.hill"]["value"] == "1.0" and type(hill.value) is float
    assert sources.FIGURES["eid.ryerson_n"].value == 35521
    assert sources.FIGURES["eid.ryerson_eid_per_1000"].value == (0, 2.04)
    assert sources.FIGURES["pk2.cl_l_per_day"].also == ("van_den_berg_2025",)
    assert sources.FIGURES["label.ada_cl_factor_eu"].region == "CH"  # Swiss PI, not EU SmPC
    assert sources.FIGURES["dose.mg"].region == ""


def test_whole_numbers_load_as_int_and_decimals_as_float():
    for f in sources.FIGURES.values():
        for v in f.value if isinstance(f.value, tuple) else (f.value,):
            assert isinstance(v, (int, float)) and not isinstance(v, bool)
    assert type(sources.value("pk.v_l")) is float
    assert type(sources.value("dose.interval_days")) is int
    assert type(sources.value("pd.therapeutic_conc_ug_per_ml")) is float  # written 2.0


def test_shipped_files_load_through_the_public_loader():
    srcs, figs = sources.load_registry(DATA)
    assert srcs == sources.SOURCES and figs == sources.FIGURES


# ---------------------------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------------------------
def test_unknown_figure_names_close_matches():
    with pytest.raises(KeyError, match="dose.mg"):
        sources.figure("dose.mgg")


def test_cite_formats_ranges():
    assert sources.cite("label.trough_ug_per_ml").startswith("23–29 µg/mL (")


def test_cite_names_authors_and_title():
    assert sources.cite("eid.nextms_target") == (
        "10 µg/mL (Toorop et al. Prospective trial of natalizumab personalised extended "
        "interval dosing by therapeutic drug monitoring in relapsing-remitting multiple "
        "sclerosis (NEXT-MS))")


# ---------------------------------------------------------------------------------------------
# Usage record
# ---------------------------------------------------------------------------------------------
def test_lookups_record_keys_in_first_use_order(fresh_used):
    assert sources.used() == []
    sources.value("dose.interval_days")
    sources.figure("dose.mg")
    sources.cite("label.trough_ug_per_ml")
    sources.value("dose.interval_days")
    assert sources.used() == ["dose.interval_days", "dose.mg", "label.trough_ug_per_ml"]
    with pytest.raises(KeyError):
        sources.value("no.such_key")
    assert "no.such_key" not in sources.used()
    sources.reset_used()
    assert sources.used() == []


def test_used_returns_a_copy(fresh_used):
    sources.value("dose.mg")
    sources.used().append("x")
    assert sources.used() == ["dose.mg"]


def test_rendering_records_nothing(fresh_used):
    keys = ["dose.mg", "pk2.vc_l", "label.trough_ug_per_ml"]
    sources.references_markdown(keys, source_keys=["eu_leaflet"])
    sources.figures_table_markdown(keys)
    sources.sources_for(keys)
    sources.lesson_references(prose_only=["label.ada_persistent_pct"])
    assert sources.used() == []


def test_models_record_the_parameters_they_read():
    from helpers import pd, pk

    sources.reset_used()
    pd.saturation_pct(pk.steady_state().trough_ug_per_ml)
    assert {"pk.cl_l_per_day", "pk.v_l", "pk.weight_exponent"} <= set(sources.used())


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------
def test_references_render_numbered_and_deduplicated():
    md = sources.references_markdown(["dose.mg", "dose.interval_days", "label.cmax_ug_per_ml"])
    lines = [ln for ln in md.splitlines() if re.match(r"\d+\. ", ln)]
    assert [ln.split(".")[0] for ln in lines] == ["1", "2"]
    assert "drugs.com/dosage/tysabri" in lines[0]
    assert "oddb.org" in lines[1]


def test_references_give_doi_and_pmid_as_links():
    md = sources.references_markdown(["eid.nextms_target", "pk2.vc_l"])
    assert "[PMID 37963723](https://pubmed.ncbi.nlm.nih.gov/37963723/)" in md
    assert "[doi:10.1002/psp4.70014](https://doi.org/10.1002/psp4.70014)" in md
    assert "J Neurol Neurosurg Psychiatry 2024;95(5):392-400." in md
    # the url is not repeated when it is the DOI or PubMed address itself
    assert "<https://pubmed.ncbi.nlm.nih.gov/37963723/>" not in md
    stop = sources.references_markdown(["stop.peak_months"])  # its url is its DOI
    assert "Neurology 2011;76(22):1858-1865." in stop
    assert "doi:10.1212/WNL.0b013e31821e7c8a" in stop and "<https://" not in stop
    assert "acemap" not in stop


def test_references_from_used_keys_plus_prose_only(fresh_used):
    sources.value("dose.mg")
    sources.value("stop.restore_mri_week")
    md = sources.references_markdown(sources.used() + ["label.ada_persistent_pct"],
                                     source_keys=["eu_leaflet"])
    entries = [ln for ln in md.splitlines() if re.match(r"\d+\. ", ln)]
    assert len(entries) == 5
    assert "drugs.com" in entries[0] and "RESTORE" in entries[1]
    assert "medlibrary" in entries[2] and "dailymed" in entries[3]  # the label it copies
    assert "package leaflet" in entries[4]
    assert sources.rendered_figure_keys(md) == [
        "dose.mg", "stop.restore_mri_week", "label.ada_persistent_pct"]


def test_lesson_references_returns_list_and_appendix(fresh_used):
    sources.value("dose.interval_days")
    sources.figure("pk2.vc_l")
    refs = sources.lesson_references(prose_only=["label.ada_persistent_pct", "dose.interval_days"],
                                     extra_sources=["stein_peletier_2018"])
    references, appendix = refs
    assert references == refs.references and appendix == refs.appendix
    assert "Stein & Peletier" in references and "van den Berg et al." in references
    assert appendix.count("\n| ") == 3, "one row per figure, no duplicate"
    assert "| Approved dosing interval | 28 days | label-copy |" in appendix
    expected = ["dose.interval_days", "pk2.vc_l", "label.ada_persistent_pct"]
    assert sources.rendered_figure_keys(references) == expected
    assert sources.rendered_figure_keys(appendix) == expected
    with pytest.raises(KeyError, match="no figure"):
        sources.lesson_references(prose_only=["no.such_key"])


def test_marker_is_a_hidden_line_after_the_table():
    md = sources.figures_table_markdown(["dose.mg", "label.trough_ug_per_ml"])
    assert md.endswith("\n\n<!-- registry figures: dose.mg label.trough_ug_per_ml -->")
    assert ("| Mean steady-state trough, every 4 weeks, Swiss product information | 23–29 µg/mL"
            " | secondary |") in md
    assert sources.rendered_figure_keys("no marker here") == []
    assert sources.references_markdown([], source_keys=["eu_leaflet"]).count("<!--") == 0


# ---------------------------------------------------------------------------------------------
# Loader errors: a broken copy of the data in tmp_path
# ---------------------------------------------------------------------------------------------
def broken_copy(tmp_path, name, edit):
    """Copy the data folder to tmp_path, apply `edit(rows)` to `name`'s rows, write it back."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / name
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        columns = list(rows[0])
    edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(rows)
    return folder


def figure_row(**cells):
    row = dict.fromkeys(sources.FIGURE_COLUMNS, "")
    row.update(key="tmp.new", what="A new figure", value="1", unit="mg", source="us_dosage",
               where="section 2", status="label-copy")
    row.update(cells)
    return row


def set_cells(index, **cells):
    return lambda rows: rows[index].update(cells)


# (file, edit, spreadsheet row named in the message, problem named in the message)
FIGURE_ERRORS = [
    (set_cells(2, source="us_dosag"), 4, r"unknown source 'us_dosag' in column 'source'"),
    (set_cells(5, also="dailymed;nobody_2020"), 7,
     r"unknown source 'nobody_2020' in column 'also'"),
    (set_cells(0, status="rumour"), 2,
     r"unknown status 'rumour'.*label, label-copy, peer-reviewed"),
    (set_cells(0, status="Label"), 2, r"unknown status 'Label'"),
    (lambda rows: rows.insert(1, figure_row(key="dose.mg")), 3,
     r"duplicate key 'dose.mg' \(first given in row 2\)"),
    (set_cells(0, value="~5"), 2, r"column 'value' '~5' is not a number"),
    (set_cells(0, value="1,000"), 2, r"column 'value' '1,000' is not a number"),
    (set_cells(8, high="29 µg/mL"), 10, r"column 'high' '29 µg/mL' is not a number"),
    (set_cells(0, low="1", high="2"), 2, r"either 'value' .* or both 'low' and 'high'"),
    (set_cells(0, value=""), 2, r"either 'value'.*neither"),
    (set_cells(8, high=""), 10, r"either 'value'.*\['low'\]"),
    (set_cells(8, low="30"), 10, r"low 30 is greater than high 29"),
    (set_cells(0, where=""), 2, r"column 'where' is empty"),
    (set_cells(0, key="dose mg"), 2, r"key 'dose mg' must be"),
    (set_cells(0, region="usa"), 2, r"region 'usa'"),
]


@pytest.mark.parametrize("edit, row, problem", FIGURE_ERRORS,
                         ids=[p for _, _, p in FIGURE_ERRORS])
def test_broken_figures_file_names_file_row_and_problem(tmp_path, edit, row, problem):
    folder = broken_copy(tmp_path, "figures.csv", edit)
    with pytest.raises(RegistryError) as err:
        sources.load_registry(folder)
    message = str(err.value)
    assert message.startswith(f"{folder / 'figures.csv'}, row {row}: "), message
    assert re.search(problem, message), message
    assert isinstance(err.value, ValueError)


def test_a_new_row_with_a_range_loads(tmp_path):
    folder = broken_copy(tmp_path, "figures.csv", lambda rows: rows.append(
        figure_row(value="", low="0.5", high="2", also=" dailymed ; hcp_dosing ")))
    _, figs = sources.load_registry(folder)
    assert figs["tmp.new"].value == (0.5, 2) and figs["tmp.new"].also == ("dailymed", "hcp_dosing")


SOURCE_ERRORS = [
    (set_cells(0, url=""), 2, r"source 'us_dosage' has none of doi, pmid or url"),
    (set_cells(9, pmid="PMID37963723"), 11, r"pmid 'PMID37963723' should be digits only"),
    (set_cells(7, doi="https://doi.org/10.1002/psp4.70014"), 9, r"doi .* should look like"),
    (set_cells(0, url="www.drugs.com"), 2, r"url 'www.drugs.com' is not an http"),
    (set_cells(1, key="us_dosage"), 3, r"duplicate key 'us_dosage' \(first given in row 2\)"),
    (set_cells(1, title=""), 3, r"column 'title' is empty"),
]


@pytest.mark.parametrize("edit, row, problem", SOURCE_ERRORS,
                         ids=[p for _, _, p in SOURCE_ERRORS])
def test_broken_sources_file_names_file_row_and_problem(tmp_path, edit, row, problem):
    folder = broken_copy(tmp_path, "sources.csv", edit)
    with pytest.raises(RegistryError) as err:
        sources.load_registry(folder)
    message = str(err.value)
    assert message.startswith(f"{folder / 'sources.csv'}, row {row}: "), message
    assert re.search(problem, message), message


def test_a_removed_source_is_reported_where_figures_use_it(tmp_path):
    folder = broken_copy(tmp_path, "sources.csv",
                         lambda rows: rows.remove(next(r for r in rows if r["key"] == "hcp_pk")))
    with pytest.raises(RegistryError, match=r"figures\.csv, row \d+: unknown source 'hcp_pk'"):
        sources.load_registry(folder)


def test_header_mistakes_are_named(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "figures.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status,region", "Status,region", 1), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"figures\.csv, row 1: missing columns \['status'\]; "
                                            r"unknown columns \['Status'\]"):
        sources.load_registry(folder)
    path.write_text(text.replace(",", ";"), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"row 1: columns are separated by ';'"):
        sources.load_registry(folder)


def test_unquoted_comma_and_encoding_are_named(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "figures.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    where = '"US prescribing information section 2 (Dosage and Administration), multiple sclerosis"'
    assert where in lines[1]
    lines[1] = lines[1].replace(where, where.strip('"'))
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"row 2: 14 cells but 13 columns .*double quotes"):
        sources.load_registry(folder)
    path.write_bytes("".join(lines[:1]).encode() + "x,µ\n".encode("latin-1"))
    with pytest.raises(RegistryError, match=r"figures\.csv: not UTF-8"):
        sources.load_registry(folder)


def test_spreadsheet_habits_are_tolerated(tmp_path):
    """Excel's 'CSV UTF-8' adds a byte-order mark and may leave blank rows and spaces."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "figures.csv"
    text = path.read_text(encoding="utf-8").replace("dose.mg,", " dose.mg ,", 1)
    path.write_text("\ufeff" + text + ",,,,,,,,,,,\n\n", encoding="utf-8")
    _, figs = sources.load_registry(folder)
    assert figs == sources.FIGURES


def test_missing_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match=r"sources\.csv: file not found"):
        sources.load_registry(tmp_path)


# ---------------------------------------------------------------------------------------------
# What was read, where: status against the kind of source (review of lessons 00-02, section 2)
# ---------------------------------------------------------------------------------------------
def figures_with(status):
    return [f for f in sources.FIGURES.values() if f.status == status]


def test_label_figures_come_from_a_regulator_with_a_section():
    """A 'label' figure was read in a regulator's own document, and says in which section."""
    for f in figures_with("label"):
        s = sources.SOURCES[f.source]
        assert s.kind == "regulator", f"{f.key}: {s.key} is {s.kind!r}, not a regulator"
        assert any(s.host == h or s.host.endswith("." + h) for h in sources.REGULATOR_HOSTS), (
            f"{f.key}: {s.url} is not a regulator's site")
        assert sources.SECTION_LOCATOR.search(f.where), f"{f.key}: no section in {f.where!r}"
    # the sources the review caught are not regulators, so they can never carry 'label'
    for key in ("hcp_pk", "hcp_dosing", "swiss_pi_pk", "drugs_monograph", "us_dosage"):
        assert sources.SOURCES[key].kind != "regulator", key


LABEL_ERRORS = [
    # a promotional site is not the label
    (lambda rows: rows.append(figure_row(source="hcp_pk", status="label", where="section 12.3")),
     r"status 'label' of 'tmp.new' does not fit its source 'hcp_pk' \(kind 'manufacturer'\)"),
    # the Swiss product information read on oddb.org is not the label either
    (lambda rows: rows.append(figure_row(source="swiss_pi_pk", status="label")),
     r"status 'label' .* 'swiss_pi_pk' \(kind 'mirror'\)"),
    # a label copy is not the label
    (lambda rows: rows.append(figure_row(source="us_dosage", status="label")),
     r"status 'label' .* \(kind 'label-copy'\)"),
    # the regulator's own page, but no section to check it against
    (lambda rows: rows.append(figure_row(source="dailymed", status="label", where="Dosage")),
     r"label figure 'tmp.new' needs the label section"),
    (lambda rows: rows.append(figure_row(source="us_dosage", status="label-copy",
                                         where="Dosage page")),
     r"label-copy figure 'tmp.new' needs the label section"),
    (lambda rows: rows.append(figure_row(source="hcp_pk", status="label-copy")),
     r"status 'label-copy' .* \(kind 'manufacturer'\)"),
]


@pytest.mark.parametrize("edit, problem", LABEL_ERRORS, ids=[p for _, p in LABEL_ERRORS])
def test_label_status_needs_a_regulator_and_a_section(tmp_path, edit, problem):
    folder = broken_copy(tmp_path, "figures.csv", edit)
    with pytest.raises(RegistryError, match=problem):
        sources.load_registry(folder)


def test_a_label_figure_from_dailymed_with_a_section_loads(tmp_path):
    folder = broken_copy(tmp_path, "figures.csv", lambda rows: rows.append(
        figure_row(source="dailymed", status="label", where="section 2.3", region="US")))
    _, figs = sources.load_registry(folder)
    assert figs["tmp.new"].status == "label"


def test_a_regulator_source_must_be_on_a_regulators_site(tmp_path):
    folder = broken_copy(tmp_path, "sources.csv", lambda rows: next(
        r for r in rows if r["key"] == "hcp_pk").update(kind="regulator"))
    with pytest.raises(RegistryError, match=r"'hcp_pk' has kind 'regulator' but its url is on "
                                            r"'www.tysabrihcp.com'"):
        sources.load_registry(folder)


def test_label_copy_figures_name_the_label_its_date_section_and_site():
    copies = figures_with("label-copy")
    assert copies, "drugs.com's dosage page is a label copy"
    for f in copies:
        site = sources.SOURCES[f.source]
        label_key, version = site.reproduced
        assert site.kind == "label-copy", f.key
        assert label_key in sources.SOURCES, f"{f.key}: {site.key} names no label"
        assert sources.SOURCES[label_key].kind == "regulator", f"{f.key}: {label_key}"
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", version), f"{f.key}: label date {version!r}"
        assert sources.SECTION_LOCATOR.search(f.where), f"{f.key}: no label section"
        assert site.host and site.host not in sources.SOURCES[label_key].host, (
            f"{f.key}: the site where it was read must be named, not only the label")
    dose = sources.FIGURES["dose.mg"]
    assert sources.SOURCES[dose.source].reproduced == ("dailymed", "2023-10-27")
    line = sources.references_markdown(["dose.mg"]).splitlines()[0]
    assert "drugs.com" in line and "Reproduces: TYSABRI" in line and "2023-10-27" in line


REPRODUCES_ERRORS = [
    ("", r"label copy 'us_dosage' must name the label it reproduces and its version date"),
    ("dailymed", r"label copy 'us_dosage' must name .* version date"),
    ("hcp_pk@2023-10-27", r"'us_dosage' reproduces 'hcp_pk', which is not a source of kind "
                          r"'regulator'"),
    ("dailymed@Oct 2023", r"reproduces 'dailymed@Oct 2023' should be a label's source key"),
]


@pytest.mark.parametrize("reproduces, problem", REPRODUCES_ERRORS,
                         ids=[r or "empty" for r, _ in REPRODUCES_ERRORS])
def test_a_label_copy_source_names_a_regulator_label_and_date(tmp_path, reproduces, problem):
    folder = broken_copy(tmp_path, "sources.csv", set_cells(0, reproduces=reproduces))
    with pytest.raises(RegistryError, match=problem):
        sources.load_registry(folder)


def test_teaching_assumptions_cite_this_collections_own_document():
    assumptions = figures_with("teaching-assumption")
    assert {"pk.v_l", "pk.weight_exponent", "pd.default.ec50_ug_per_ml",
            "teach.spread_weight_kg"} <= {f.key for f in assumptions}
    for f in assumptions:
        s = sources.SOURCES[f.source]
        assert s.kind == "this-collection", f"{f.key}: {s.key} is {s.kind!r}"
        assert not (s.doi or s.pmid), f"{f.key}: {s.key} carries another paper's doi or pmid"
        assert not re.match(r"https?://", s.url), f"{f.key}: {s.url} links outside the collection"
        document = (sources.REPO_DIR / s.url).read_text(encoding="utf-8")
        section = re.search(r"section '([^']+)'", f.where)
        assert section, f"{f.key}: 'where' should name a section of {s.url}"
        assert re.search(rf"^#+ {re.escape(section.group(1))}$", document, re.M), (
            f"{f.key}: {s.url} has no section {section.group(1)!r}")
    calibration = sources.SOURCES["project_calibration"]
    assert "Muralidharan" not in calibration.title + calibration.note
    assert calibration.url == "helpers/data/calibration.md"


TEACHING_ERRORS = [
    ("sources.csv", lambda rows: next(r for r in rows if r["key"] == "project_calibration")
     .update(url="https://doi.org/10.1002/jcph.894"),
     r"url 'https://doi.org/10.1002/jcph.894' of this collection's document should be a path"),
    ("sources.csv", lambda rows: next(r for r in rows if r["key"] == "project_calibration")
     .update(doi="10.1002/jcph.894"), r"has a doi or pmid; those belong to another author"),
    ("sources.csv", lambda rows: next(r for r in rows if r["key"] == "project_calibration")
     .update(url="helpers/data/no_such_file.md"), r"'helpers/data/no_such_file.md' is not a file"),
    ("figures.csv", lambda rows: rows.append(figure_row(source="foley_2019",
                                                        status="teaching-assumption")),
     r"status 'teaching-assumption' .* 'foley_2019' \(kind 'paper'\)"),
]


@pytest.mark.parametrize("name, edit, problem", TEACHING_ERRORS,
                         ids=[p for _, _, p in TEACHING_ERRORS])
def test_a_teaching_assumption_cannot_cite_another_authors_paper(tmp_path, name, edit, problem):
    folder = broken_copy(tmp_path, name, edit)
    with pytest.raises(RegistryError, match=problem):
        sources.load_registry(folder)


def test_this_collections_document_is_shown_as_a_path_not_a_link():
    md = sources.references_markdown(["pk.v_l"])
    assert "In this collection: helpers/data/calibration.md." in md
    assert "doi.org/10.1002/jcph.894" not in md


# Region-bound rules, the region they belong to and the word a reader sees in `what`.
REGION_WORDS = {"US": "US", "EU": "EU", "UK": "UK", "CH": "Swiss"}
REGION_BOUND = {
    "visit.observed_infusions": "US", "visit.observation_hours": "US",
    "sc.dose_mg": "EU", "sc.syringes_per_dose": "EU", "sc.observation_reducible_after_doses": "EU",
    "indication.crohns_no_benefit_weeks": "US", "indication.crohns_steroid_taper_months": "US",
    "pml.watch_after_stop_months": "EU", "pml.touch_followup_after_stop_months": "US",
    "label.ada_persistent_pct": "US", "ada.week12_conc_pos_ug_per_ml": "US",
    "label.ada_cl_factor_us": "US", "label.ada_cl_factor_eu": "CH", "label.cmax_ug_per_ml": "CH",
}


@pytest.mark.parametrize("key", sorted(REGION_BOUND))
def test_region_bound_rules_carry_their_region_where_a_reader_sees_it(key):
    f = sources.FIGURES[key]
    regions = f.region.split(";")
    assert REGION_BOUND[key] in regions, f"{key}: region {f.region!r}"
    assert any(REGION_WORDS[r] in f.what for r in regions), f"{key}: 'what' hides the region"


def test_every_subcutaneous_and_indication_rule_has_a_region():
    for f in sources.FIGURES.values():
        if f.key.startswith(("sc.", "indication.", "visit.observ")):
            assert f.region, f.key
    assert "UK" in sources.FIGURES["sc.dose_mg"].region.split(";")
    assert "no hypersensitivity" in sources.FIGURES["visit.observed_infusions"].note


def test_quotes_carry_region_source_and_exact_wording():
    missed = sources.QUOTES["leaflet.missed_dose"]
    assert "arrange with your doctor to receive it as soon as you can" in missed.text
    assert (missed.region, missed.source, missed.where) == ("EU", "eu_leaflet", "section 3")
    assert "ema_pi" in missed.also
    regular = sources.QUOTES["leaflet.regular_dosing"].text
    assert "Regular dosing" in regular and "especially in the first few months" in regular
    for q in sources.QUOTES.values():
        assert q.region, f"{q.key}: a quoted rule says which region it belongs to"
        assert q.status in sources.STATUSES and q.status != "teaching-assumption", q.key


def test_quote_is_recorded_and_its_sources_join_the_references(fresh_used):
    block = sources.quote_markdown("leaflet.missed_dose")
    assert block.startswith("> “If you miss your usual dose") and "section 3 (EU)" in block
    assert sources.used_quotes() == ["leaflet.missed_dose"] and sources.used() == []
    refs = sources.lesson_references().references
    assert "Gravitate Health" in refs and "European Medicines Agency" in refs
    with pytest.raises(KeyError, match="no quote"):
        sources.quote("leaflet.no_such_quote")


def test_a_quote_cannot_be_a_teaching_assumption(tmp_path):
    folder = broken_copy(tmp_path, "quotes.csv", set_cells(
        0, source="project_calibration", status="teaching-assumption"))
    with pytest.raises(RegistryError, match=r"quotes\.csv, row 2: quote 'leaflet.missed_dose' "
                                            r"cannot be a teaching-assumption"):
        sources.load_quotes(folder)


# ---------------------------------------------------------------------------------------------
# Qualifiers ('about 5') and the machine-extracted parameters
# ---------------------------------------------------------------------------------------------
def test_qualified_values_render_about_but_stay_numbers():
    rate = sources.FIGURES["dose.rate_mg_per_min"]
    assert rate.qualifier == "about" and rate.value == 5 and isinstance(rate.value, int)
    assert sources.format_value(rate.value) == "about 5"
    assert sources.format_value(rate.value, qualifier="") == "5"
    assert type(rate.value * 2) is int and rate.value * 2 == 10
    assert sources.cite("dose.rate_mg_per_min").startswith("about 5 mg/min (")
    table = sources.figures_table_markdown(["dose.rate_mg_per_min"])
    assert "| about 5 mg/min | secondary |" in table
    assert sources.format_value(sources.FIGURES["label.q6w_trough_lower_pct"].value) == (
        "about 60–70")
    assert sources.format_value(sources.FIGURES["dose.mg"].value) == "300"


def test_an_unknown_qualifier_is_named(tmp_path):
    folder = broken_copy(tmp_path, "figures.csv", set_cells(0, qualifier="~"))
    with pytest.raises(RegistryError, match=r"row 2: qualifier '~' should be one of about"):
        sources.load_registry(folder)


@pytest.mark.parametrize("key, used, other", [
    ("pk2.vc_l", "3.48", "3.49"), ("pk2.vp_l", "3.47", "3.48"),
    ("pk2.km_ug_per_ml", "0.84", "0.875"), ("pk2.vmax_mg_per_day", "2.86", "2.85")])
def test_machine_extracted_parameters_say_which_end_is_used(key, used, other):
    f = sources.FIGURES[key]
    assert f.status == "secondary" and sources.format_value(f.value) == used
    assert f"{used} is used" in f.note and other in f.note
    assert "UNCONFIRMED" in f.note and "rejected" in f.note
