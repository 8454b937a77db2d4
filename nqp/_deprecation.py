"""Deprecated names kept for one release: one way to make them, so every alias warns alike."""

from __future__ import annotations

import functools
import warnings

__all__ = ["deprecated_alias"]


def deprecated_alias(func, old: str, renames: dict[str, str] | None = None):
    """``func`` under its old name ``old``: the same call, with a DeprecationWarning naming the new one.

    ``renames``: old keyword -> new keyword, for arguments the new name calls differently.
    """

    @functools.wraps(func)
    def alias(*args, **kwargs):
        for was, now in (renames or {}).items():
            if was in kwargs:
                kwargs[now] = kwargs.pop(was)
        warnings.warn(
            f"nqp.{old} is deprecated and will be removed in the next release; use nqp.{func.__name__} "
            "(the same arguments).",
            DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    alias.__name__ = alias.__qualname__ = old
    alias.__doc__ = f"Deprecated alias of :func:`nqp.{func.__name__}`.\n\n" + (func.__doc__ or "")
    return alias
