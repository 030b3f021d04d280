"""The rules a source row of ``helpers/data/sources.csv`` follows by its kind: where a regulator's
page, a label copy or this collection's own document lives, and what marks a forum post, a blog
or a proxy copy (which no taught number may rest on). :mod:`helpers.sources` applies them while
loading."""
from __future__ import annotations

import re
from pathlib import Path

from .registry_csv import KINDS, RegistryError, untaught_kind

DATA_DIR = Path(__file__).resolve().parent / "data"
REPO_DIR = DATA_DIR.parent.parent  # repository-relative paths of this collection's documents
# Hosts of regulators' own pages: a source of kind 'regulator' must be on one of these (or a
# subdomain). Add a national agency here when one of its own pages is cited.
REGULATOR_HOSTS = ("dailymed.nlm.nih.gov", "fda.gov", "ema.europa.eu", "ec.europa.eu",
                   "swissmedic.ch", "mhra.gov.uk", "tga.gov.au", "canada.ca", "pmda.go.jp")
_REPRODUCES = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.\-]*)(?:@(\d{4}(?:-\d{2}(?:-\d{2})?)?))?")
_REPO_PATH = re.compile(r"(?!/)(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_./\-]*")


def _is_regulator_host(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in REGULATOR_HOSTS)


def _check_source_kind(path, number, row, source) -> None:
    """The kind-specific rules: where a regulator, a label copy or our own document lives."""
    key, kind = row["key"], row["kind"]
    if kind not in KINDS:
        raise RegistryError(f"{path}, row {number}: kind {kind!r} of {key!r} should be one of "
                            f"{', '.join(KINDS)}")
    marked = untaught_kind(row["url"], row["title"], row["publisher"], row["note"])
    if marked and kind != marked:
        raise RegistryError(f"{path}, row {number}: {key!r} looks like a {marked} (its address, "
                            f"title, publisher or note says so) but has kind {kind!r}; give it "
                            f"kind {marked!r}: a forum post, a blog or a page read through a proxy "
                            "is no basis for a taught number")
    if kind == "this-collection":
        if not _REPO_PATH.fullmatch(row["url"]):
            raise RegistryError(f"{path}, row {number}: url {row['url']!r} of this collection's "
                                "document should be a path in the repository, such as "
                                "helpers/data/calibration.md")
        if not ((REPO_DIR / row["url"]).is_file() or (DATA_DIR / Path(row["url"]).name).is_file()):
            raise RegistryError(f"{path}, row {number}: {row['url']!r} is not a file in the "
                                "repository")
        if row["doi"] or row["pmid"]:
            raise RegistryError(f"{path}, row {number}: this collection's document {key!r} has a "
                                "doi or pmid; those belong to another author's paper")
    elif row["url"] and not re.fullmatch(r"https?://\S+", row["url"]):
        raise RegistryError(f"{path}, row {number}: url {row['url']!r} is not an http(s) "
                            "address")
    if kind == "regulator" and not _is_regulator_host(source.host):
        raise RegistryError(f"{path}, row {number}: {key!r} has kind 'regulator' but its url is "
                            f"on {source.host or 'no host'!r}, not a regulator's site "
                            f"({', '.join(REGULATOR_HOSTS)})")
    if row["reproduces"] and not _REPRODUCES.fullmatch(row["reproduces"]):
        raise RegistryError(f"{path}, row {number}: reproduces {row['reproduces']!r} should be a "
                            "label's source key and its version date, e.g. dailymed@2023-10-27")
    if kind == "label-copy":
        if not source.reproduced[1]:
            raise RegistryError(f"{path}, row {number}: label copy {key!r} must name the label it "
                                "reproduces and its version date in 'reproduces', e.g. "
                                "dailymed@2023-10-27")
        if _is_regulator_host(source.host):
            raise RegistryError(f"{path}, row {number}: {key!r} is on a regulator's site: its "
                                "kind is 'regulator', not 'label-copy'")
    elif row["reproduces"] and kind != "mirror":
        raise RegistryError(f"{path}, row {number}: only a 'label-copy' or 'mirror' source "
                            f"reproduces another document; {key!r} is {kind!r}")
