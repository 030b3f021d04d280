"""Lesson 02's RESTORE dot chart: the dots drawn are the registry's counts, both sides are
printed, and the readout carries the counts for readers who do not see the picture."""
import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from helpers import sources
from helpers.views import build
from helpers.views import infusion_timing as lesson
from helpers.views._pml_display import POINT, WHITE


def _per_100(n_key, total_key):
    return round(100 * sources.value(n_key) / sources.value(total_key))


def expected_dots():
    """(filled, filled + hollow) per array, straight from the registry."""
    low, high = sources.value("restore.relapse_paused_pct")
    kept = _per_100("restore.mri_kept_n", "restore.mri_kept_total")
    return {
        "mri": {"left": (kept, kept),
                "right": (_per_100("restore.mri_placebo_n", "restore.mri_placebo_total"),) * 2},
        "relapse": {"left": (round(sources.value("restore.relapse_kept_pct")),) * 2,
                    "right": (round(low), round(high))},
        "restart": {"left": (0, 0),
                    "right": (_per_100("restore.restarted_n", "restore.evaluable_n"),) * 2},
    }


def _drawn(scatter):
    face, edge = scatter.get_facecolors(), scatter.get_edgecolors()
    point, white = np.array(to_rgba(POINT)), np.array(to_rgba(WHITE))
    filled = int(np.all(np.isclose(face, point), axis=1).sum())
    hollow = int((np.all(np.isclose(face, white), axis=1)
                  & np.all(np.isclose(edge, point), axis=1)).sum())
    return filled, filled + hollow


@pytest.mark.parametrize("outcome", ["mri", "relapse", "restart"])
def test_the_drawn_dots_are_the_registry_counts(outcome):
    matplotlib.use("Agg")
    view = build("infusion_timing.restore")
    view.set_params(outcome=outcome)
    artists = view.frame.artists
    for side in ("left", "right"):
        assert len(artists[side].get_offsets()) == 100
        assert _drawn(artists[side]) == expected_dots()[outcome][side], (outcome, side)


def test_the_counts_are_in_the_readout_with_both_sides():
    text = lesson.restore_markdown("mri")
    n, total = sources.value("restore.mri_placebo_n"), sources.value("restore.mri_placebo_total")
    assert f"{n} of {total} people had new MRI activity" in text
    assert f"{total - n} did not" in text
    assert f"{sources.value('restore.mri_kept_n')} of {sources.value('restore.mri_kept_total')}" \
        in text
    restart = lesson.restore_markdown("restart")
    assert f"{sources.value('restore.restarted_n')} restarted early" in restart
    for words in ("No study counted what happens after one missed dose",
                  "do not stop or delay on your own", "stable for a year"):
        assert words in text


def test_the_relapse_range_is_printed_as_the_registry_gives_it():
    low, high = sources.value("restore.relapse_paused_pct")
    assert f"{low:g} to {high:g} in 100" in lesson.restore_markdown("relapse")


def test_an_unknown_outcome_names_the_choices():
    from helpers.views._restore import arrays
    with pytest.raises(ValueError, match="outcome must be one of"):
        arrays("death")
