"""The checks every public function of the collection uses on its input.

Each check returns the value in canonical form or raises: ``TypeError`` for a wrong kind of value,
``ValueError`` naming the parameter, the value and the valid range, in the units of the parameter's
name (``interval_days must be between 7 and 84, got 0``). Never a silent NaN, never a traceback from
deep inside numpy.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np


def fmt(x) -> str:
    """A number as a learner would type it (``7``, ``0.5``), anything else as its repr."""
    if isinstance(x, Real) and not isinstance(x, bool):
        return f"{float(x):g}"
    return repr(x)


def check_number(name: str, value, low: float, high: float, *, low_open: bool = False) -> float:
    """`value` as a float if it is a finite real number in [low, high] (or (low, high]).

    Examples
    --------
    >>> check_number("weight_kg", 70, 30, 200)
    70.0
    >>> check_number("interval_days", 0, 7, 84)
    Traceback (most recent call last):
    ...
    ValueError: interval_days must be between 7 and 84, got 0
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a number, got {value!r} ({type(value).__name__})")
    x = float(value)
    if low_open:
        ok, rng = low < x <= high, f"greater than {fmt(low)} and at most {fmt(high)}"
    else:
        ok, rng = low <= x <= high, f"between {fmt(low)} and {fmt(high)}"
    if not math.isfinite(x) or not ok:
        raise ValueError(f"{name} must be {rng}, got {fmt(x)}")
    return x


def check_int(name: str, value, low: int, high: int) -> int:
    """`value` as an int if it is a whole number in [low, high]."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a whole number, got {value!r} ({type(value).__name__})")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {int(value)}")
    return int(value)


def check_choice(name: str, value, choices: Iterable):
    """`value` if it is one of `choices` (compared with ==).

    Examples
    --------
    >>> check_choice("model", "1cmt", ("1cmt", "2cmt_mm"))
    '1cmt'
    >>> check_choice("model", "3cmt", ("1cmt", "2cmt_mm"))
    Traceback (most recent call last):
    ...
    ValueError: model must be one of ['1cmt', '2cmt_mm'], got '3cmt'
    """
    options = tuple(choices)
    if value not in options:
        raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


def check_bool(name: str, value) -> bool:
    """`value` as a bool if it is True or False (numpy booleans included)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_array(name: str, value, *, nonnegative: bool = False) -> np.ndarray:
    """`value` as a float array of finite numbers (and >= 0 if `nonnegative`)."""
    try:
        a = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    if nonnegative and np.any(a < 0):
        raise ValueError(f"{name} must contain only numbers >= 0, got a minimum of {a.min():g}")
    return a


def check_inside(name: str, inner: tuple, outer: tuple) -> tuple:
    """`inner` (a (low, high) range) if it lies inside `outer`; used for slider ranges."""
    if not (outer[0] <= inner[0] < inner[1] <= outer[1]):
        raise ValueError(f"{name} range {inner} must lie inside the valid range {outer}")
    return inner
