"""Citation registry: every clinical number the collection teaches names where it comes from.

A *source* is a document (label, paper, registry record). A *figure* is one number (or range) taken
from a source, with its unit, where in the source it stands, and a status:

- ``label``: read in a regulatory label (US prescribing information or EU SmPC) or a faithful copy;
- ``peer-reviewed``: read in a peer-reviewed paper or its abstract;
- ``secondary``: read only in a secondary copy or summary (monograph, machine-extracted record);
- ``teaching-assumption``: a value this project chose or calibrated to teach with, not measured.

Models take their default parameters from here (``value("pk.v_l")``), so a number lives in one place.
Notebooks render their reference lists with :func:`references_markdown`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Union

STATUSES = ("label", "peer-reviewed", "secondary", "teaching-assumption")

Number = Union[int, float]
Value = Union[Number, tuple]


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    url: str
    citation: str = ""


@dataclass(frozen=True)
class Figure:
    key: str
    what: str
    value: Value
    unit: str
    source: str
    where: str
    status: str
    note: str = ""
    also: tuple = field(default_factory=tuple)


SOURCES: dict[str, Source] = {}
FIGURES: dict[str, Figure] = {}


def _source(key: str, title: str, url: str, citation: str = "") -> None:
    if key in SOURCES:
        raise ValueError(f"source {key!r} is registered twice")
    SOURCES[key] = Source(key, title, url, citation)


def _figure(key, what, value, unit, source, where, status, note="", also=()) -> None:
    if key in FIGURES:
        raise ValueError(f"figure {key!r} is registered twice")
    if status not in STATUSES:
        raise ValueError(f"figure {key!r}: status must be one of {STATUSES}, got {status!r}")
    FIGURES[key] = Figure(key, what, value, unit, source, where, status, note, tuple(also))


def figure(key: str) -> Figure:
    """The registered figure `key`; KeyError names close matches if it is missing."""
    try:
        return FIGURES[key]
    except KeyError:
        close = [k for k in FIGURES if k.split(".")[0] == key.split(".")[0]]
        raise KeyError(f"no figure {key!r} in helpers.sources; figures with that prefix: {close}") from None


def value(key: str) -> Value:
    """The value of figure `key` (a number, or a (low, high) tuple for a range)."""
    return figure(key).value


def cite(key: str) -> str:
    """A short inline citation for figure `key`: 'value unit (source title)'."""
    f = figure(key)
    return f"{format_value(f.value)} {f.unit} ({SOURCES[f.source].title})".replace("  ", " ")


def format_value(v: Value) -> str:
    if isinstance(v, tuple):
        return "–".join(format_value(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return f"{v:g}" if isinstance(v, float) else str(v)


def sources_for(figure_keys: Iterable[str]) -> list[Source]:
    """The distinct sources behind `figure_keys`, in first-use order."""
    seen: dict[str, Source] = {}
    for k in figure_keys:
        for s in (figure(k).source, *figure(k).also):
            seen.setdefault(s, SOURCES[s])
    return list(seen.values())


def references_markdown(figure_keys: Iterable[str] = (), source_keys: Iterable[str] = ()) -> str:
    """A numbered Markdown reference list for the given figures and extra sources."""
    sources = sources_for(figure_keys)
    for key in source_keys:
        if key not in SOURCES:
            raise KeyError(f"no source {key!r} in helpers.sources")
        if SOURCES[key] not in sources:
            sources.append(SOURCES[key])
    lines = []
    for i, s in enumerate(sources, 1):
        cit = f" {s.citation}." if s.citation else ""
        lines.append(f"{i}. {s.title}.{cit} <{s.url}>")
    return "\n".join(lines)


def figures_table_markdown(figure_keys: Iterable[str]) -> str:
    """A Markdown table of figures with value, unit, status and source, for a lesson's appendix."""
    rows = ["| Figure | Value | Status | Source (where) |", "|---|---|---|---|"]
    for k in figure_keys:
        f = figure(k)
        rows.append(
            f"| {f.what} | {format_value(f.value)} {f.unit} | {f.status} | "
            f"{SOURCES[f.source].title} ({f.where}) |"
        )
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------
_source("us_dosage", "Tysabri Dosage (reproduces the US prescribing information, updated 27 Oct 2023)",
        "https://www.drugs.com/dosage/tysabri.html", "Drugs.com")
_source("hcp_dosing", "TYSABRI HCP site: Dosing & administration",
        "https://tysabrihcp.com/en_us/home/get-started-with-support/dosing-administration.html",
        "Biogen (manufacturer)")
_source("hcp_pk", "TYSABRI HCP site: Pharmacokinetics and residual effects",
        "https://www.tysabrihcp.com/en_us/home/pharmacokinetics/pharmacokinetics-residual-effects.html",
        "Biogen (manufacturer; label-derived)")
_source("dailymed", "TYSABRI (natalizumab) injection, US prescribing information, DailyMed",
        "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid=c5fdde91-1989-4dd2-9129-4f3323ea2962",
        "US National Library of Medicine")
_source("eu_smpc_pk", "Tysabri EU SmPC section 5.2 (Swiss Fachinformation copy)",
        "https://ch.oddb.org/en/gcc/fachinfo/reg/57273/chapter/kinetic", "section 5.2")
_source("drugs_monograph", "Natalizumab monograph (AHFS)", "https://www.drugs.com/ppa/natalizumab.html",
        "Drugs.com")
_source("medlibrary_immuno", "TYSABRI prescribing information section 6.2, Immunogenicity (copy)",
        "https://medlibrary.org/lib/rx/meds/tysabri-3/page/4/", "MedLibrary")
_source("van_den_berg_2025",
        "van den Berg et al. Pharmacokinetic model-informed precision dosing of natalizumab in multiple "
        "sclerosis", "https://doi.org/10.1002/psp4.70014", "CPT Pharmacometrics Syst Pharmacol 2025")
_source("pharmacolibrary_vdb",
        "Machine-extracted record of van den Berg 2025, Table 2 (pharmacolibrary knowledge base)",
        "https://github.com/pharmacolibrary/pharmacolibrary.github.io", "secondary transcription")
_source("toorop_2024",
        "Toorop et al. Prospective trial of natalizumab personalised extended interval dosing by "
        "therapeutic drug monitoring in relapsing-remitting multiple sclerosis (NEXT-MS)",
        "https://pubmed.ncbi.nlm.nih.gov/37963723/", "J Neurol Neurosurg Psychiatry 2024;95:392-400")
_source("ryerson_2019",
        "Ryerson et al. Risk of natalizumab-associated PML in patients with MS is reduced with extended "
        "interval dosing", "https://n.neurology.org/content/93/15/e1452", "Neurology 2019;93:e1452-e1462")
_source("ryerson_2019_editorial",
        "Dosing interval of natalizumab in MS: Do good things come to those who wait? (editorial)",
        "https://n.neurology.org/content/93/15/655", "Neurology 2019;93:655")
_source("foley_nova_2022",
        "Foley et al. Comparison of switching to 6-week dosing of natalizumab versus continuing with "
        "4-week dosing in patients with relapsing-remitting multiple sclerosis (NOVA)",
        "https://pubmed.ncbi.nlm.nih.gov/35483387/", "Lancet Neurol 2022;21:608-619")
_source("nova_pkpd_2024",
        "Pharmacokinetics and pharmacodynamics of natalizumab 6-week dosing vs continued 4-week dosing "
        "for relapsing-remitting multiple sclerosis (NOVA PK/PD)",
        "https://pubmed.ncbi.nlm.nih.gov/39393045/", "Neurol Neuroimmunol Neuroinflamm 2024")
_source("foley_2019",
        "Foley et al. Natalizumab concentrations and alpha-4 integrin saturation under standard and "
        "extended interval dosing", "https://pubmed.ncbi.nlm.nih.gov/30939392/",
        "Mult Scler Relat Disord 2019")
_source("zhovtis_2020",
        "Zhovtis Ryerson et al. Pharmacodynamics of natalizumab extended interval dosing in MS",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC7057061", "Neurol Neuroimmunol Neuroinflamm 2020;7:e672")
_source("khatri_2009",
        "Khatri et al. Effect of plasma exchange in accelerating natalizumab clearance and restoring "
        "leukocyte function", "https://doi.org/10.1212/01.wnl.0000341766.59028.9d", "Neurology 2009")
_source("fox_restore_2014",
        "Fox et al. MS disease activity in RESTORE: a randomized 24-week natalizumab treatment interruption "
        "study", "https://www.ncbi.nlm.nih.gov/pubmed/24682966", "Neurology 2014;82:1491-1498")
_source("oconnor_2011",
        "O'Connor et al. Disease activity return during natalizumab treatment interruption in patients "
        "with multiple sclerosis", "https://acemap.info/paper/451790323", "Neurology 2011")
_source("stein_peletier_2018",
        "Stein & Peletier. Predicting the onset of nonlinear pharmacokinetics",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC6202475", "CPT Pharmacometrics Syst Pharmacol 2018")
_source("eu_leaflet", "Tysabri EU package leaflet, section 3 (as reproduced in the Gravitate Health FHIR guide)",
        "https://build.fhir.org/ig/joofio/test-epi-composition/Bundle-bundlepackageleaflet-en-c9326f0c06c08c17104ae87ab98b71ae.html",
        "EU package leaflet")
_source("ms_society_uk", "MS Society UK: Natalizumab (Tysabri)",
        "https://www.mssociety.org.uk/about-ms/treatments-and-therapies/disease-modifying-therapies/natalizumab",
        "patient information")
_source("project_calibration",
        "Calibration of this collection's teaching models to the label and to published trough and "
        "saturation data (method and checks: lesson 02, appendix)",
        "https://doi.org/10.1002/jcph.894",
        "model structure after Muralidharan et al., J Clin Pharmacol 2017")

# ---------------------------------------------------------------------------------------------
# Dosing and the infusion visit
# ---------------------------------------------------------------------------------------------
_figure("dose.mg", "Dose per infusion", 300, "mg", "us_dosage", "Dosage, MS", "label")
_figure("dose.interval_days", "Approved dosing interval", 28, "days", "us_dosage",
        "Dosage, MS: every four weeks", "label")
_figure("dose.infusion_hours", "Infusion duration", 1, "hour", "us_dosage", "Dosage, MS", "label")
_figure("dose.bag_ml", "Infusion volume (0.9% sodium chloride)", 100, "mL", "hcp_dosing",
        "Dosing & administration", "label")
_figure("dose.rate_mg_per_min", "Infusion rate", 5, "mg/min", "hcp_dosing", "Dosing & administration",
        "label", note="about 5 mg per minute")
_figure("visit.observation_hours", "Observation after each of the first infusions", 1, "hour",
        "hcp_dosing", "Dosing & administration; US label section 2.3 (10/2023)", "label",
        also=("dailymed",))
_figure("visit.observed_infusions", "Number of first infusions followed by observation", 12,
        "infusions", "hcp_dosing", "Dosing & administration; US label section 2.3 (10/2023)", "label",
        also=("dailymed",))

# ---------------------------------------------------------------------------------------------
# Pharmacokinetics
# ---------------------------------------------------------------------------------------------
_figure("label.cmax_ug_per_ml", "Mean Cmax after repeated 300 mg IV (MS)", 110, "µg/mL", "eu_smpc_pk",
        "section 5.2", "secondary", note="±52 µg/mL (SD); read in a copy of the EU SmPC; the US "
        "label section 12.3 was not read directly")
_figure("label.trough_ug_per_ml", "Mean steady-state trough, every 4 weeks", (23, 29), "µg/mL",
        "eu_smpc_pk", "section 5.2", "secondary", note="read in a copy of the EU SmPC")
_figure("label.q6w_trough_lower_pct", "Trough every 6 weeks, relative to every 4 weeks", (60, 70),
        "% lower", "eu_smpc_pk", "section 5.2", "secondary")
_figure("label.steady_state_weeks", "Time to steady state, every 4 weeks", 24, "weeks", "hcp_pk",
        "Pharmacokinetics table", "label")
_figure("label.half_life_days", "Half-life (mean, US label summary)", 11, "days", "hcp_pk",
        "Pharmacokinetics table", "label", note="±4 days (SD)")
_figure("label.cl_ml_per_h", "Clearance (mean, US label summary)", 16, "mL/h", "hcp_pk",
        "Pharmacokinetics table", "label", note="±5 mL/h (SD)")
_figure("label.v_l", "Volume of distribution (mean, US label summary)", 5.7, "L", "hcp_pk",
        "Pharmacokinetics table", "label", note="±1.9 L (SD)")
_figure("label.weight_cl_pct", "Clearance rise for a 43% higher body weight", 32, "%",
        "drugs_monograph", "Pharmacokinetics: special populations", "secondary")
_figure("label.ada_cl_factor_eu", "Clearance with persistent anti-natalizumab antibodies (EU)", 2.45,
        "× normal", "eu_smpc_pk", "section 5.2", "secondary")
_figure("label.ada_cl_factor_us", "Clearance with persistent anti-natalizumab antibodies (US)", 3,
        "× normal", "drugs_monograph", "Pharmacokinetics", "secondary", note="about threefold")
_figure("label.ada_persistent_pct", "Patients with persistent anti-natalizumab antibodies", 6, "%",
        "medlibrary_immuno", "section 6.2", "label",
        note="about 9% had antibodies at least once; about 6% on more than one occasion")

_figure("pk.v_l", "Volume, one-compartment teaching model", 3.5, "L", "project_calibration",
        "calibrated to the SmPC Cmax and trough", "teaching-assumption",
        note="calibrated so one 300 mg dose raises concentration by about 85 µg/mL (label Cmax minus "
        "trough); close to the 3.48 L central volume of van den Berg 2025")
_figure("pk.cl_l_per_day", "Linear clearance, one-compartment teaching model", 0.18, "L/day",
        "project_calibration", "calibrated to the SmPC Cmax and trough", "teaching-assumption",
        note="calibrated to the label trough/peak ratio at every 4 weeks (about 25/110)")
_figure("pk.weight_exponent", "Body-weight exponent on clearance", 0.75, "", "project_calibration",
        "calibrated to the SmPC Cmax and trough", "teaching-assumption",
        note="implied by the label: 43% more weight gives about 32% more clearance; 1.43**0.75 = 1.31",
        also=("drugs_monograph",))
_figure("pk.reference_weight_kg", "Reference body weight", 70, "kg", "project_calibration",
        "calibrated to the SmPC Cmax and trough", "teaching-assumption")

_figure("pk2.cl_l_per_day", "Linear clearance, two-compartment model", 0.164, "L/day",
        "pharmacolibrary_vdb", "Table 2 as machine-extracted", "secondary",
        note="transcription of van den Berg 2025 not checked against the paper", also=("van_den_berg_2025",))
_figure("pk2.vc_l", "Central volume, two-compartment model", 3.48, "L", "pharmacolibrary_vdb",
        "Table 2 as machine-extracted", "secondary", also=("van_den_berg_2025",))
_figure("pk2.vp_l", "Peripheral volume, two-compartment model", 3.47, "L", "pharmacolibrary_vdb",
        "Table 2 as machine-extracted", "secondary", also=("van_den_berg_2025",))
_figure("pk2.q_l_per_day", "Inter-compartmental clearance, two-compartment model", 0.40, "L/day",
        "pharmacolibrary_vdb", "Table 2 as machine-extracted", "secondary", also=("van_den_berg_2025",))
_figure("pk2.vmax_mg_per_day", "Maximum saturable (Michaelis-Menten) elimination rate", 2.86, "mg/day",
        "pharmacolibrary_vdb", "Table 2 as machine-extracted", "secondary", also=("van_den_berg_2025",))
_figure("pk2.km_ug_per_ml", "Michaelis-Menten constant", 0.84, "µg/mL", "pharmacolibrary_vdb",
        "Table 2 as machine-extracted", "secondary", also=("van_den_berg_2025",))

# ---------------------------------------------------------------------------------------------
# Alpha-4 integrin saturation
# ---------------------------------------------------------------------------------------------
_figure("pd.default.smax_pct", "Maximum saturation, default Emax preset", 92, "%", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption",
        note="calibrated to Foley 2019, NOVA and the NEXT-MS statement; not a published fit",
        also=("foley_2019", "nova_pkpd_2024", "toorop_2024"))
_figure("pd.default.ec50_ug_per_ml", "EC50, default Emax preset", 2.5, "µg/mL", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption")
_figure("pd.default.hill", "Hill coefficient, default Emax preset", 1.0, "", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption")
_figure("pd.alt.smax_pct", "Maximum saturation, alternative preset", 100, "%", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption", note="anchored on Khatri 2009 and Foley 2019",
        also=("khatri_2009",))
_figure("pd.alt.ec50_ug_per_ml", "EC50, alternative preset", 1.0, "µg/mL", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption")
_figure("pd.alt.hill", "Hill coefficient, alternative preset", 0.5, "", "project_calibration",
        "calibrated to published trough and saturation pairs", "teaching-assumption")
_figure("pd.q4w_saturation_pct", "Saturation after a 4-week interval", (80, 100), "%", "toorop_2024",
        "Introduction", "peer-reviewed")
_figure("pd.return_saturation_pct", "Saturation below which disease activity may return", (20, 40), "%",
        "toorop_2024", "Introduction", "peer-reviewed")
_figure("pd.return_conc_ug_per_ml", "Concentration below which disease activity may return", (1, 2),
        "µg/mL", "toorop_2024", "Introduction", "peer-reviewed")
_figure("pd.therapeutic_conc_ug_per_ml", "'Therapeutic' trough threshold used in EID studies", 2.0,
        "µg/mL", "zhovtis_2020", "Methods and results", "peer-reviewed")
_figure("pd.therapeutic_saturation_pct", "'Therapeutic' saturation threshold used in EID studies", 50,
        "%", "zhovtis_2020", "Methods and results", "peer-reviewed")
_figure("pd.foley_sid_nadir", "Mean nadir concentration, standard interval", 35.7, "µg/mL", "foley_2019",
        "Abstract", "peer-reviewed", note="alpha-4 occupancy 87.4%")
_figure("pd.foley_eid_nadir", "Mean nadir concentration, extended interval", 18.2, "µg/mL",
        "foley_2019", "Abstract", "peer-reviewed", note="alpha-4 occupancy 78.2%")

# ---------------------------------------------------------------------------------------------
# Extended-interval dosing evidence
# ---------------------------------------------------------------------------------------------
_figure("eid.ryerson_hr", "PML hazard ratio, extended vs standard interval (primary analysis)", 0.06, "",
        "ryerson_2019", "Abstract", "peer-reviewed", note="95% CI 0.01-0.22; observational registry")
_figure("eid.ryerson_n", "Anti-JCV antibody-positive patients in the TOUCH analysis", 35521, "patients",
        "ryerson_2019", "Abstract", "peer-reviewed")
_figure("eid.ryerson_sid_per_1000", "PML cases per 1,000 patients, standard interval", (4.16, 4.74),
        "per 1,000", "ryerson_2019_editorial", "Editorial", "peer-reviewed")
_figure("eid.ryerson_eid_per_1000", "PML cases per 1,000 patients, extended interval", (0, 2.04),
        "per 1,000", "ryerson_2019_editorial", "Editorial", "peer-reviewed")
_figure("eid.nova_n", "Patients randomised in NOVA", 499, "patients", "foley_nova_2022", "Results",
        "peer-reviewed")
_figure("eid.nova_q4w_lesion_pct", "NOVA: patients with any new or enlarging T2 lesion, every 4 weeks",
        4.1, "%", "foley_nova_2022", "Results, week 72", "peer-reviewed")
_figure("eid.nova_q6w_lesion_pct", "NOVA: patients with any new or enlarging T2 lesion, every 6 weeks",
        4.3, "%", "foley_nova_2022", "Results, week 72", "peer-reviewed")
_figure("eid.nova_q6w_trough", "NOVA: trough concentration every 6 weeks", (10, 21), "µg/mL",
        "nova_pkpd_2024", "Results", "peer-reviewed", note="33-38 µg/mL every 4 weeks")
_figure("eid.nextms_target", "NEXT-MS target trough concentration", 10, "µg/mL", "toorop_2024",
        "Methods", "peer-reviewed", note="an exploratory group aimed at 5 µg/mL")
_figure("eid.nextms_eid10_activity", "NEXT-MS radiological activity, personalised EID (10 µg/mL target)",
        10.0, "per 1,000 person-years", "toorop_2024", "Results", "peer-reviewed",
        note="historical standard-interval comparator 24.7 per 1,000 person-years; non-inferior")

_figure("visit.total_hours", "Usual visit: infusion plus monitoring", 2, "hours", "ms_society_uk",
        "How is it taken", "secondary", note="about an hour's drip and another hour of monitoring")
_figure("label.terminal_half_life_days", "Median terminal half-life, population PK model", 28.2, "days",
        "eu_smpc_pk", "section 5.2", "secondary")
_figure("pd.khatri_half_saturation_conc", "Concentration at which saturation fell below 50% (plasma exchange)",
        1, "µg/mL", "khatri_2009", "Results (summary)", "secondary", note="'below about 1 µg/mL'")
_figure("pk.trough_range_ug_per_ml", "Range of standard-interval troughs between patients", (0.1, 110),
        "µg/mL", "toorop_2024", "Introduction", "peer-reviewed")

# ---------------------------------------------------------------------------------------------
# Stopping treatment
# ---------------------------------------------------------------------------------------------
_figure("stop.restore_mri_week", "RESTORE: MRI activity returned from", 12, "weeks after the last dose",
        "fox_restore_2014", "Abstract", "peer-reviewed")
_figure("stop.restore_relapse_weeks", "RESTORE: relapses reported as early as", (4, 8),
        "weeks after the last dose", "fox_restore_2014", "Abstract", "peer-reviewed")
_figure("stop.peak_months", "Disease activity after stopping peaked at", (4, 7), "months",
        "oconnor_2011", "Abstract", "peer-reviewed")
