"""Coding exercises stay in step with their solutions and with the helpers.

In a lesson's science section, an exercise is a code cell tagged ``exercise`` that defines a stub
raising ``NotImplementedError`` (with a hint) and catches it, so the cell still runs and draws. The
next code cell, tagged ``solution``, defines the same function and checks it against the helpers
(an ``assert``); the markdown between them shows the same function folded in ``<details>``.

For every exercise in every notebook (found by tag, so a new lesson needs no edit here): the stub
cell runs and prints its hint; the solution's self-check fails with the stub's
``NotImplementedError`` and passes with the solution; names and signatures match (``ast``); the
folded code is the solution's function; and exercises sit only in science sections.
"""
from __future__ import annotations

import ast
import contextlib
import io
import json
import re
import warnings

import matplotlib.pyplot as plt
import pytest

from paths import NOTEBOOKS

FENCED = re.compile(r"```python\n(.*?)```", re.S)
HEADING = re.compile(r"^#{2,3} ", re.M)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def tags(cell) -> list[str]:
    return cell["metadata"].get("tags", [])


def source(cell) -> str:
    return "".join(cell["source"])


def exercises():
    for path in NOTEBOOKS:
        cells = load(path)["cells"]
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "code" and "exercise" in tags(cell):
                yield pytest.param(path, cells, i, id=f"{path.stem}-cell{i}")


EXERCISES = list(exercises())


def the_function(code: str, where: str) -> ast.FunctionDef:
    defs = [n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
    assert len(defs) == 1, f"{where}: exactly one function to complete, found {len(defs)}"
    return defs[0]


def namespace_before(cells, index) -> dict:
    """The helpers as the lesson has them at the exercise: every import of the code cells above."""
    ns: dict = {}
    for cell in cells[:index]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(source(cell))
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        exec(compile(ast.Module(body=imports, type_ignores=[]), "<imports>", "exec"), ns)
    return ns


def run(code: str, ns: dict) -> str:
    """Execute a cell's code in `ns` as the kernel would (Agg backend); return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # plt.show() under Agg: "non-interactive" warning
        try:
            exec(compile(code, "<cell>", "exec"), ns)
        finally:
            plt.close("all")
    return out.getvalue()


def pair(cells, index):
    """(stub cell, folded markdown cells, solution cell) for the exercise at `index`."""
    later = cells[index + 1:]
    solution = next((c for c in later if c["cell_type"] == "code"), None)
    assert solution is not None and "solution" in tags(solution), \
        "the code cell after an exercise is its solution, tagged 'solution'"
    between = later[:later.index(solution)]
    return cells[index], between, solution


def test_the_collection_has_exercises():
    assert EXERCISES, "no cell tagged 'exercise' in any notebook"


@pytest.mark.parametrize("path, cells, index", EXERCISES)
class TestExercise:
    def test_stub_raises_a_helpful_not_implemented_error(self, path, cells, index):
        stub, _, solution = pair(cells, index)
        fn = the_function(source(stub), "stub")
        ns = namespace_before(cells, index)
        printed = run(source(stub), ns)  # the cell itself runs without an error
        with pytest.raises(NotImplementedError) as raised:
            # the solution's self-check, run against the stub, fails as designed
            check = [n for n in ast.parse(source(solution)).body
                     if not isinstance(n, ast.FunctionDef)]
            run(ast.unparse(ast.Module(body=check, type_ignores=[])), ns)
        message = str(raised.value)
        assert len(message.split()) >= 8, f"a helpful message, not {message!r}"
        assert fn.name in message, "the message names the function to complete"
        assert message in printed, "the stub cell catches the error and prints its message"

    def test_solution_passes_its_self_check(self, path, cells, index):
        stub, _, solution = pair(cells, index)
        tree = ast.parse(source(solution))
        assert any(isinstance(n, ast.Assert) for n in ast.walk(tree)), \
            "the solution checks itself against the helpers with an assert"
        ns = namespace_before(cells, index)
        run(source(stub), ns)
        printed = run(source(solution), ns)
        assert printed.strip() and len(printed.strip().splitlines()) == 1, \
            f"the solution prints one line, got {printed!r}"

    def test_stub_and_solution_have_the_same_signature(self, path, cells, index):
        stub, _, solution = pair(cells, index)
        a, b = the_function(source(stub), "stub"), the_function(source(solution), "solution")
        assert a.name == b.name
        assert ast.dump(a.args) == ast.dump(b.args), f"{a.name}: signatures differ"

    def test_folded_solution_shows_the_solution(self, path, cells, index):
        _, between, solution = pair(cells, index)
        folded = [source(c) for c in between if c["cell_type"] == "markdown"
                  and "<details><summary>Show the solution</summary>" in source(c)]
        assert len(folded) == 1, "one folded solution between the stub and the solution cell"
        blocks = FENCED.findall(folded[0])
        assert blocks, "the folded solution holds the code in a ```python block"
        shown = the_function(blocks[0], "folded solution")
        ran = the_function(source(solution), "solution")
        assert ast.dump(shown) == ast.dump(ran), "the folded code is the code that is checked"

    def test_exercise_is_in_a_science_section(self, path, cells, index):
        headed = [c for c in cells[:index]
                  if c["cell_type"] == "markdown" and HEADING.search(source(c))]
        assert headed and "audience-science" in tags(headed[-1]), \
            "exercises belong in 'For students and professionals' sections (audience-science)"
        stub, between, solution = pair(cells, index)
        for cell in (stub, *between, solution):
            assert "app-hide" in tags(cell), "code exercises are hidden in the app"
        tasks = [c for c in cells[:index] if c["cell_type"] == "markdown"]
        assert tasks and "audience-science" in tags(tasks[-1]), \
            "a task in a science cell comes just before the stub"


def synthetic(stub_body: str, solution_args: str = "x") -> list[dict]:
    def cell(kind, text, tag):
        c = {"cell_type": kind, "metadata": {"tags": [tag]}, "source": [text]}
        return {**c, "outputs": []} if kind == "code" else c
    fn = f"def f({solution_args}):\n    return x\n"
    return [
        cell("markdown", "## 1. Science\n\n*about 5 min*\n\nThe task.", "audience-science"),
        cell("code", f"def f(x):\n{stub_body}\n\n\ntry:\n    f(1)\n"
                     "except NotImplementedError as err:\n    print(err)\n", "exercise"),
        cell("markdown", f"<details><summary>Show the solution</summary>\n\n```python\n{fn}```"
                         "\n</details>", "audience-science"),
        cell("code", f"{fn}\n\nassert f(1) == 1\nprint('ok')\n", "solution"),
    ]


def test_the_checks_can_fail():
    """A stub that does not raise, a vague message, or a signature out of step is caught."""
    t = TestExercise()
    good = synthetic('    raise NotImplementedError("f() is not written yet: return x '
                     'unchanged, as the task says")')
    t.test_stub_raises_a_helpful_not_implemented_error(None, good, 1)
    t.test_solution_passes_its_self_check(None, good, 1)
    t.test_stub_and_solution_have_the_same_signature(None, good, 1)
    with pytest.raises((pytest.fail.Exception, AssertionError)):
        t.test_stub_raises_a_helpful_not_implemented_error(None, synthetic("    return 0"), 1)
    with pytest.raises(AssertionError, match="helpful"):
        t.test_stub_raises_a_helpful_not_implemented_error(
            None, synthetic('    raise NotImplementedError("todo")'), 1)
    with pytest.raises(AssertionError, match="signatures differ"):
        t.test_stub_and_solution_have_the_same_signature(
            None, synthetic('    raise NotImplementedError("x")', solution_args="x, y=1"), 1)


def test_check_plot_says_how_many_circles_sit_on_the_line():
    from helpers import exercises

    args = dict(xlabel="x (unit)", ylabel="y (unit)", title="A check")
    assert repr(exercises.check_plot([1, 2], [3, 4], None, **args)).endswith("not written yet")
    solved = exercises.check_plot([1, 2], [3, 4], [3, 4], **args)
    assert "2 of 2 circles on the line" in repr(solved)
    assert "1 of 2" in repr(exercises.check_plot([1, 2], [3, 4], [3, 4.1], **args))
    assert exercises.check_plot([1, 2], [3, 4], None, **args)._repr_png_().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="mine must have one value per x"):
        exercises.check_plot([1, 2], [3, 4], [3], **args)
