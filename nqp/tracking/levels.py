"""Outlets' levels (central, provincial, municipal, ...): from a ``level`` metadata column or a mapping.

A corpus may say each document's level in its own ``level`` column (``metadata.csv``); where it does
not, the outlet's name is looked up in ``nqp/data/levels.toml`` (well-known outlets), extended by the
user's own file(s) or a dict. :func:`outlet_levels` gives each row's level; the first mention per
level and the lag between levels are :func:`nqp.theme_levels` and :func:`nqp.theme_lag`.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli comes with jupyterlab there)
    import tomli as tomllib

log = logging.getLogger(__name__)

__all__ = ["LEVELS", "LEVELS_FILE", "load_levels", "outlet_levels"]

#: the levels nqp orders, from the centre outwards; other words a user gives come after them
LEVELS = ("central", "provincial", "municipal", "county", "industry", "foreign")
LEVELS_FILE = Path(__file__).resolve().parents[1] / "data" / "levels.toml"


@lru_cache(maxsize=16)
def _read(path: str, mtime: float) -> tuple[tuple[str, str], ...]:
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NqpValueError(f"levels={path!r}: not valid UTF-8 TOML ({exc}). Fix the file; see nqp/data/levels.toml.") from None
    table = data.get("levels")
    if not isinstance(table, dict) or set(data) - {"levels"}:
        raise NqpValueError(
            f"levels={path!r}: expected one table [levels] of lists, e.g. [levels] central = [\"人民日报\"]; "
            "see nqp/data/levels.toml."
        )
    pairs = []
    for level, names in table.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise NqpValueError(f"levels={path!r}: [levels] {level} must be a list of outlet names (strings).")
        pairs += [(n.strip(), level) for n in names]
    return tuple(pairs)


def load_levels(levels=None) -> dict[str, str]:
    """The outlet -> level mapping: ``nqp/data/levels.toml``, then ``levels`` on top of it.

    ``levels``: None (the package's list only), the path of a TOML file like ``nqp/data/levels.toml`` or a
    list of such paths (read in order, later names win), or a dict ``{outlet: level}``.
    """
    out = dict(_read(str(LEVELS_FILE), LEVELS_FILE.stat().st_mtime))
    if levels is None:
        return out
    if isinstance(levels, dict):
        bad = [k for k, v in levels.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise NqpTypeError(f"levels: a dict maps outlet names to level names (strings); bad keys {bad[:3]}.")
        return {**out, **{k.strip(): v.strip() for k, v in levels.items()}}
    paths = [levels] if isinstance(levels, (str, Path)) else levels
    if not isinstance(paths, (list, tuple)) or not all(isinstance(p, (str, Path)) for p in paths):
        raise NqpTypeError(
            f"levels={levels!r}: pass None, the path of a TOML file like nqp/data/levels.toml, a list of paths, "
            "or a dict {outlet: level}."
        )
    for p in paths:
        p = Path(p).expanduser()
        if not p.is_file():
            raise NqpValueError(f"levels={str(p)!r}: no such file. Pass the path of a TOML file like nqp/data/levels.toml.")
        out.update(dict(_read(str(p.resolve()), p.stat().st_mtime)))
    return out


def _lookup(outlet, mapping: dict[str, str], prefixes: list[str]):
    if not isinstance(outlet, str) or not outlet.strip():
        return None
    from ..script import to_simplified

    for name in dict.fromkeys((outlet.strip(), to_simplified(outlet.strip()))):  # 聯合報 is 联合报's
        if name in mapping:
            return mapping[name]
        for known in prefixes:  # longest first: 成都日报 (锦观新闻) -> 成都日报
            if name.startswith(known):
                return mapping[known]
    return None


def outlet_levels(table: pd.DataFrame, levels=None) -> pd.Series:
    """The level of each row of ``table`` (articles, mentions or a corpus), aligned with it.

    A row's own ``level`` value (a metadata column) wins; otherwise its ``outlet`` is looked up in
    :func:`load_levels` ``(levels)``, exactly or as the start of the name (华西都市报·封面新闻 is
    华西都市报's), as written or in simplified script (聯合報 is 联合报's). Rows without either get a missing level. Returns a Series named ``level``.
    """
    if not isinstance(table, pd.DataFrame):
        raise NqpTypeError(f"table: expected a DataFrame with an outlet or level column, got {type(table).__name__}.")
    mapping = load_levels(levels)
    prefixes = sorted(mapping, key=lambda k: (-len(k), k))
    if S.OUTLET in table.columns:
        found = {o: _lookup(o, mapping, prefixes) for o in table[S.OUTLET].dropna().unique()}
        looked = table[S.OUTLET].map(found)
    else:
        looked = pd.Series(None, index=table.index, dtype=object)
    out = looked.astype(object)
    if S.LEVEL in table.columns:
        own = table[S.LEVEL].astype(object)
        own = own.where(own.map(lambda v: isinstance(v, str) and bool(v.strip())), None)
        out = own.map(lambda v: v.strip() if isinstance(v, str) else v).where(own.notna(), out)
    out = out.where(out.notna(), None).rename(S.LEVEL)
    n_missing = int(out.isna().sum())
    if n_missing:
        log.info("outlet_levels: %d of %d rows have no level (no level column value, outlet not in the mapping)",
                 n_missing, len(out))
    return out


def level_order(values) -> list[str]:
    """``values`` (level names) in nqp's order: :data:`LEVELS` first, then the others alphabetically."""
    rank = {v: i for i, v in enumerate(LEVELS)}
    return sorted(dict.fromkeys(values), key=lambda v: (rank.get(v, len(LEVELS)), str(v)))
