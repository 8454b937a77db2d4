"""Progress bars for the long stages (tqdm), off unless someone is watching a terminal.

Every long loop of nqp takes ``progress=``: ``None`` (the default) shows a bar only when standard
error is a terminal (tqdm's ``disable=None``), so nothing is printed into a notebook's output or a
log file; ``True`` always shows it; ``False`` never. The environment variable ``NQP_PROGRESS``
(``0``/``1``) overrides the ``None`` default, e.g. ``NQP_PROGRESS=0`` on a cluster.
"""

from __future__ import annotations

import os
import sys


def progress_disable(progress) -> bool | None:
    """tqdm's ``disable`` value for nqp's ``progress`` argument (None: only on a terminal)."""
    if progress is None:
        env = os.environ.get("NQP_PROGRESS", "").strip().lower()
        if env in ("0", "false", "no", "off"):
            return True
        if env in ("1", "true", "yes", "on"):
            return False
        return None
    return not bool(progress)


def progress_bar(iterable=None, *, progress=None, total=None, desc: str | None = None, unit: str = "it"):
    """A tqdm bar over ``iterable`` on standard error (``progress`` as in the module docstring)."""
    from tqdm import tqdm

    return tqdm(
        iterable,
        total=total,
        desc=desc,
        unit=unit,
        disable=progress_disable(progress),
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        mininterval=0.5,
    )
