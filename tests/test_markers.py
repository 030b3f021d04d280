"""Every collected test has exactly one kind (unit, notebooks, browser, network), so that
`-m "not browser and not network"` and the offline pass select what they say."""
from pathlib import Path

from paths import ROOT

KINDS = ("unit", "notebooks", "browser", "network")


def kinds(item):
    return [k for k in KINDS if item.get_closest_marker(k)]


def test_every_item_has_exactly_one_kind(request):
    wrong = {i.nodeid: kinds(i) for i in request.session.items if len(kinds(i)) != 1}
    assert not wrong, f"items without exactly one kind marker: {wrong}"


def test_kinds_follow_where_the_test_lives(request):
    for item in request.session.items:
        path = Path(str(item.path)).resolve()
        if path.suffix == ".ipynb":
            assert kinds(item) == ["notebooks"], item.nodeid
        elif path.is_relative_to(ROOT / "tests" / "browser"):
            assert kinds(item) == ["browser"], item.nodeid
    assert kinds(request.node) == ["unit"]


def test_the_package_index_test_is_marked_network(request):
    marked = {i.name for i in request.session.items if i.get_closest_marker("network")}
    collected = {i.name for i in request.session.items}
    if "test_pip_resolves_binder_requirements" in collected:
        assert "test_pip_resolves_binder_requirements" in marked
