"""A learner who passes a bad value to a view in a notebook reads the message, in the units they
typed, after a short traceback: the helper frames that only pass the value on are hidden."""
import re

import nbformat
from nbclient import NotebookClient

ANSI = re.compile(r"\x1b\[[0-9;]*m")
MAX_TRACEBACK_LINES = 25   # was 37-61 lines of helper source before


def test_a_bad_value_shows_a_short_traceback_ending_in_the_readers_units(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        'from helpers.views import build\n'
        'view = build("infusion_timing.interval")\n'
        'view.set_params(interval_weeks=-2)')]
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=120,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    (error,) = [o for o in nb.cells[0].outputs if o["output_type"] == "error"]
    lines = "\n".join(ANSI.sub("", line) for line in error["traceback"]).splitlines()
    assert len(lines) <= MAX_TRACEBACK_LINES, "\n".join(lines)
    assert lines[-1] == ("ValueError: interval_weeks must be between 4 and 8 "
                         "(Dosing interval (weeks)), got -2")
