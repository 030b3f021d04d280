"""The citation registry: every figure has a source, a place in it and a status; the data files
are checked at load, and lessons can render references from the figures they used."""
import csv
import re
import shutil

import pytest

from helpers import sources
from helpers.sources import RegistryError

DATA = sources.DATA_DIR


@pytest.fixture
def record():
    """A clean usage record for one test; the process's record is put back afterwards."""
    saved = sources.used()
    sources.reset_used()
    yield
    sources.reset_used()
    for key in saved:
        sources._USED.setdefault(key)


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
    if s.url:
        assert re.match(r"https?://\S+$", s.url), f"{key}: {s.url!r} is not a URL"
    if s.doi:
        assert re.match(r"10\.\d{4,9}/\S+$", s.doi), f"{key}: doi {s.doi!r}"
    if s.pmid:
        assert s.pmid.isdigit(), f"{key}: pmid {s.pmid!r}"


def test_ids_in_urls_are_also_in_their_columns():
    """A doi.org or PubMed address in `url` is copied into `doi`/`pmid` for reference managers."""
    for s in sources.SOURCES.values():
        m = re.match(r"https://doi\.org/(10\.\S+)$", s.url)
        if m and s.key != "project_calibration":  # its DOI is another paper's: see data/README
            assert s.doi == m.group(1), s.key
        m = re.search(r"pubmed(?:\.ncbi\.nlm\.nih\.gov)?/(\d+)", s.url)
        if m:
            assert s.pmid == m.group(1), s.key


def test_csv_rows_and_loaded_figures_agree():
    rows = {r["key"]: r for r in csv.DictReader(open(DATA / "figures.csv", encoding="utf-8"))}
    assert set(rows) == set(sources.FIGURES)
    dose = sources.FIGURES["dose.mg"]
    assert rows["dose.mg"]["value"] == "300"
    assert (dose.value, type(dose.value), dose.unit, dose.status) == (300, int, "mg", "label")
    trough = sources.FIGURES["label.trough_ug_per_ml"]
    assert (rows["label.trough_ug_per_ml"]["low"], rows["label.trough_ug_per_ml"]["high"]) == (
        "23", "29")
    assert (trough.value, trough.unit) == ((23, 29), "µg/mL")
    hill = sources.FIGURES["pd.default.hill"]
    assert rows["pd.default.hill"]["value"] == "1.0" and type(hill.value) is float
    assert sources.FIGURES["eid.ryerson_n"].value == 35521
    assert sources.FIGURES["eid.ryerson_eid_per_1000"].value == (0, 2.04)
    assert sources.FIGURES["pk2.cl_l_per_day"].also == ("van_den_berg_2025",)
    assert sources.FIGURES["label.ada_cl_factor_eu"].region == "EU"
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
def test_lookups_record_keys_in_first_use_order(record):
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


def test_used_returns_a_copy(record):
    sources.value("dose.mg")
    sources.used().append("x")
    assert sources.used() == ["dose.mg"]


def test_rendering_records_nothing(record):
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
    assert "J Neurol Neurosurg Psychiatry 2024;95:392-400." in md
    # the url is not repeated when it is the DOI or PubMed address itself
    assert "<https://pubmed.ncbi.nlm.nih.gov/37963723/>" not in md
    stop = sources.references_markdown(["stop.peak_months"])  # doi, plus a different url
    assert "doi:10.1212/WNL.0b013e31821e7c8a" in stop and "<https://acemap.info" in stop


def test_references_from_used_keys_plus_prose_only(record):
    sources.value("dose.mg")
    sources.value("stop.restore_mri_week")
    md = sources.references_markdown(sources.used() + ["label.ada_persistent_pct"],
                                     source_keys=["eu_leaflet"])
    entries = [ln for ln in md.splitlines() if re.match(r"\d+\. ", ln)]
    assert len(entries) == 4
    assert "drugs.com" in entries[0] and "RESTORE" in entries[1]
    assert "medlibrary" in entries[2] and "package leaflet" in entries[3]
    assert sources.rendered_figure_keys(md) == [
        "dose.mg", "stop.restore_mri_week", "label.ada_persistent_pct"]


def test_lesson_references_returns_list_and_appendix(record):
    sources.value("dose.interval_days")
    sources.figure("pk2.vc_l")
    refs = sources.lesson_references(prose_only=["label.ada_persistent_pct", "dose.interval_days"],
                                     extra_sources=["stein_peletier_2018"])
    references, appendix = refs
    assert references == refs.references and appendix == refs.appendix
    assert "Stein & Peletier" in references and "van den Berg et al." in references
    assert appendix.count("\n| ") == 3, "one row per figure, no duplicate"
    assert "| Approved dosing interval | 28 days | label |" in appendix
    expected = ["dose.interval_days", "pk2.vc_l", "label.ada_persistent_pct"]
    assert sources.rendered_figure_keys(references) == expected
    assert sources.rendered_figure_keys(appendix) == expected
    with pytest.raises(KeyError, match="no figure"):
        sources.lesson_references(prose_only=["no.such_key"])


def test_marker_is_a_hidden_line_after_the_table():
    md = sources.figures_table_markdown(["dose.mg", "label.trough_ug_per_ml"])
    assert md.endswith("\n\n<!-- registry figures: dose.mg label.trough_ug_per_ml -->")
    assert "| Mean steady-state trough, every 4 weeks | 23–29 µg/mL | secondary |" in md
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
               where="Dosage", status="label")
    row.update(cells)
    return row


def set_cells(index, **cells):
    return lambda rows: rows[index].update(cells)


# (file, edit, spreadsheet row named in the message, problem named in the message)
FIGURE_ERRORS = [
    (set_cells(2, source="us_dosag"), 4, r"unknown source 'us_dosag' in column 'source'"),
    (set_cells(5, also="dailymed;nobody_2020"), 7,
     r"unknown source 'nobody_2020' in column 'also'"),
    (set_cells(0, status="rumour"), 2, r"unknown status 'rumour'.*label, peer-reviewed"),
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
    lines[1] = lines[1].replace('"Dosage, MS"', "Dosage, MS")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"row 2: 13 cells but 12 columns .*double quotes"):
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
