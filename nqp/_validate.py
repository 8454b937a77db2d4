"""Argument checks at the public boundary, written once.

Each check raises :class:`nqp.errors.NqpValueError` (or :class:`~nqp.errors.NqpTypeError`) with a
message that names the argument, the bad value and what to pass instead.
"""

from __future__ import annotations

import numbers

import numpy as np

from .errors import NqpTypeError, NqpValueError


def check_int(name: str, value, *, min: int | None = None, max: int | None = None, allow_none: bool = False):
    """``value`` as an ``int`` when it is an integer (not a bool) within ``[min, max]``; else an error."""
    if value is None and allow_none:
        return None
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, np.integer)):
        raise NqpTypeError(f"{name}={value!r}: expected an integer{_bounds(min, max)}.")
    value = int(value)
    if (min is not None and value < min) or (max is not None and value > max):
        raise NqpValueError(f"{name}={value!r}: expected an integer{_bounds(min, max)}.")
    return value


def check_number(name: str, value, *, min: float | None = None, max: float | None = None):
    """``value`` as a ``float`` when it is a real number within ``[min, max]``; else an error."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise NqpTypeError(f"{name}={value!r}: expected a number{_bounds(min, max)}.")
    value = float(value)
    if np.isnan(value) or (min is not None and value < min) or (max is not None and value > max):
        raise NqpValueError(f"{name}={value!r}: expected a number{_bounds(min, max)}.")
    return value


def check_choice(name: str, value, choices):
    """``value`` when it is one of ``choices``; else an error listing them."""
    if value not in tuple(choices):
        listed = ", ".join(repr(c) for c in choices)
        raise NqpValueError(f"{name}={value!r}: expected one of {listed}.")
    return value


def check_random_state(value, name: str = "random_state") -> int:
    """A seed for nqp's random steps: a non-negative ``int`` (numpy integers accepted).

    scikit-learn's ``check_random_state`` also accepts ``None`` and ``RandomState`` objects; nqp does
    not, because its tables must be identical on a rerun and several seeds are derived from one
    (``random_state + i``), which only an integer allows.
    """
    if value is None or isinstance(value, (np.random.RandomState, np.random.Generator)):
        raise NqpTypeError(
            f"{name}={value!r}: nqp needs an integer seed so that a rerun gives identical tables "
            f"(and further seeds can be derived from it); pass e.g. {name}=0."
        )
    return check_int(name, value, min=0, max=2**32 - 1)


def _bounds(lo, hi) -> str:
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}"
    if lo is not None:
        return f" >= {lo}"
    if hi is not None:
        return f" <= {hi}"
    return ""
