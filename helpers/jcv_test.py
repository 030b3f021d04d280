"""The anti-JCV antibody test as :mod:`helpers.pml` teaches it: the two published false-negative
rates with their statuses, the yearly seroconversion rate, and the chance that a person whose
test was negative some months ago has antibodies now. Figures from :mod:`helpers.sources`.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import sources
from .validate import check_number

MONTHS_SINCE_TEST_RANGE = (0.0, 120.0)
PCT_RANGE = (0.0, 100.0)
FALSE_NEGATIVE_KEYS = {"manufacturer": "pml.assay_fn_manufacturer_pct",
                       "gorelik": "pml.assay_fn_gorelik_pct"}


@dataclass(frozen=True)
class PublishedRate:
    name: str
    pct: float
    key: str
    status: str
    source: str
    region: str = ""
    note: str = ""


def false_negative_rates() -> tuple[PublishedRate, ...]:
    """The two published false-negative rates of the test, with their statuses."""
    out = []
    for name, key in FALSE_NEGATIVE_KEYS.items():
        f = sources.figure(key)
        out.append(PublishedRate(name, float(f.value), key, f.status, f.source, f.region, f.note))
    return tuple(out)


def seroconversion_pct_per_year() -> float:
    return float(sources.value("pml.seroconversion_pct_per_year"))


def p_positive_now(months_since_test: float, false_negative_pct: float = 0.0,
                   seroconversion_pct: float | None = None,
                   prevalence_pct: float | None = None) -> float:
    """The chance (0-1) that a person whose anti-JCV test was negative `months_since_test` ago
    has antibodies now.

    Two routes: the test missed antibodies that were there (a false negative), or the person has
    become positive since (seroconversion). With prevalence p of antibodies among people tested,
    false-negative rate f (share of positive people the test calls negative) and a yearly
    seroconversion s, assuming no false positives and a steady yearly rate:

        q0 = p f / (p f + 1 - p)                     (positive although the test said negative)
        P(t) = 1 - (1 - q0) (1 - s) ** (t / 12)

    Defaults: s from ``pml.seroconversion_pct_per_year``, p from ``pml.jcv_positive_pct_treated``.

    Examples
    --------
    >>> round(p_positive_now(12, false_negative_pct=3), 3)   # a year after a negative test
    0.138
    >>> p_positive_now(0)            # no false negatives, no time: the test was right
    0.0
    """
    t = check_number("months_since_test", months_since_test, *MONTHS_SINCE_TEST_RANGE)
    f = check_number("false_negative_pct", false_negative_pct, *PCT_RANGE) / 100.0
    if seroconversion_pct is None:
        seroconversion_pct = seroconversion_pct_per_year()
    s = check_number("seroconversion_pct", seroconversion_pct, 0.0, 99.0) / 100.0
    if prevalence_pct is None:
        prevalence_pct = float(sources.value("pml.jcv_positive_pct_treated"))
    p = check_number("prevalence_pct", prevalence_pct, 0.0, 99.0) / 100.0
    q0 = p * f / (p * f + 1.0 - p) if f > 0 else 0.0
    return 1.0 - (1.0 - q0) * (1.0 - s) ** (t / 12.0)
