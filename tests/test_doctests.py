"""The `Examples` in the docstrings of the helpers a student or contributor calls run and print
what they show.

Runs doctest over helpers' model modules, the data loader, the registry look-ups
(helpers.sources), the content files' loader (helpers.content), the control spec
(helpers.controls, re-exported by helpers.widgets), a whole live figure (helpers.widgets.ViewSpec)
and helpers.views.build, inside a separate record of used figures so the examples' look-ups do
not enter any lesson's references. A docstring example that no longer matches the code fails here
with the example and what it printed instead.
"""
from __future__ import annotations

import doctest
import importlib

import pytest

from helpers import sources

MODULES = ["helpers.pk", "helpers.pk_summaries", "helpers.pd", "helpers.regimen",
           "helpers.validate", "helpers.pml", "helpers.schedule", "helpers.immune",
           "helpers.registry_csv", "helpers.jcv_test", "helpers.sources", "helpers.references",
           "helpers.values", "helpers.content", "helpers.controls", "helpers.viewspec",
           "helpers.views"]
# The public functions a student is most likely to call: each must carry an example.
MUST_HAVE_EXAMPLES = {
    "helpers.pk": ["concentration_1cmt", "steady_state", "troughs_ug_per_ml",
                   "time_below_after_last_dose_days"],
    "helpers.pd": ["saturation_pct", "conc_for_saturation"],
    "helpers.regimen": ["regular", "delay_dose", "miss_dose", "stop_after"],
    "helpers.validate": ["check_number", "check_choice"],
    "helpers.pml": ["risk", "people_text", "p_positive_now", "cumulative_per_1000"],
    "helpers.schedule": ["infusion_dates", "shift_for_delay", "add_months"],
    "helpers.immune": ["steady_state", "drug_effect"],
    "helpers.sources": ["figure", "value", "cite", "quote", "quote_markdown", "format_value",
                        "lesson_references"],
    "helpers.content": ["lessons", "path", "blocks", "parse", "block", "unwrap", "placeholders",
                        "fill", "render", "table", "fold", "question_numbers", "questions",
                        "figure", "value", "all_text"],
    "helpers.widgets": ["Control", "ViewSpec"],
    "helpers.views": ["build"],
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    with sources.separate_record():
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False,
                                 report=True)
    assert result.attempted > 0, f"{name} has no docstring examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


@pytest.mark.parametrize("name, function", [(m, f) for m, fs in MUST_HAVE_EXAMPLES.items()
                                            for f in fs])
def test_the_functions_students_call_have_examples(name, function):
    doc = getattr(importlib.import_module(name), function).__doc__ or ""
    assert "Examples\n    --------\n    >>> " in doc, f"{name}.{function} has no Examples section"
