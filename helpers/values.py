"""How a registry value is carried and printed: numbers that keep their source's qualifier
("about 5") while computing as plain numbers, and :func:`format_value`, the one way every lesson
writes a value ('5', '23–29', 'about 2.5')."""
from __future__ import annotations

from typing import Union

Number = Union[int, float]
Value = Union[Number, tuple]


class _Qualified:
    """Mixin: a number that keeps its source's qualifier ('about') for format_value and cite."""

    qualifier = ""


class QualifiedInt(_Qualified, int):
    """An int that format_value prints as 'about 5'; arithmetic on it gives plain ints."""


class QualifiedFloat(_Qualified, float):
    """A float that format_value prints as 'about 2.5'; arithmetic on it gives plain floats."""


class QualifiedRange(_Qualified, tuple):
    """A (low, high) range that format_value prints as 'about 60–70'."""


def _qualify(value, qualifier: str):
    """`value` carrying `qualifier`; it still compares and computes as the plain number."""
    if not qualifier:
        return value
    cls = (QualifiedRange if isinstance(value, tuple) else
           QualifiedFloat if isinstance(value, float) else QualifiedInt)
    q = cls(value)
    q.qualifier = qualifier
    return q


def format_value(v: Value, qualifier: str | None = None) -> str:
    """'5', '23–29', '2.45'; with the figure's qualifier in front: 'about 5'.

    The qualifier is the one given, or else the one the value carries (values of figures with a
    `qualifier` in figures.csv carry it), so ``format_value(figure("dose.rate_mg_per_min").value)``
    reads 'about 5'. Pass ``qualifier=""`` for the bare number.

    Examples
    --------
    >>> format_value(300), format_value(2.0), format_value(2.45), format_value((23, 29))
    ('300', '2', '2.45', '23–29')
    >>> from helpers.sources import value
    >>> format_value(value("dose.rate_mg_per_min")), format_value(5, "about")
    ('about 5', 'about 5')
    >>> format_value(value("dose.rate_mg_per_min"), qualifier="")
    '5'
    """
    if qualifier is None:
        qualifier = getattr(v, "qualifier", "")
    if isinstance(v, tuple):
        text = "–".join(format_value(x, "") for x in v)
    elif isinstance(v, float) and v.is_integer():
        text = str(int(v))
    else:
        text = f"{float(v):g}" if isinstance(v, float) else str(int(v))
    return f"{qualifier} {text}" if qualifier else text
