"""A font with Chinese glyphs for every figure: found, checked, handed to matplotlib and wordcloud.

``python -m nqp.fonts`` prints the font in use, or installs one where it can (Debian/Ubuntu as root:
the ``fonts-noto-cjk`` package) and says how to get one where it cannot.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from .errors import FontError

log = logging.getLogger(__name__)

#: file-name fragments of well-known CJK fonts, best first
KNOWN_FONTS = (
    "NotoSansCJKsc",
    "NotoSansSC",
    "NotoSansCJK",
    "SourceHanSansSC",
    "SourceHanSansCN",
    "SourceHanSans",
    "wqy-microhei",
    "wqy-zenhei",
    "PingFang",
    "msyh",
    "simhei",
    "NotoSerifCJK",
)
FONT_SUFFIXES = (".ttc", ".otf", ".ttf", ".otc")
#: characters a font must have: simplified, traditional, and the theme's own
PROBE = "中国产业链建圈强链鏈產發质"

HOW_TO_GET_ONE = (
    "No font with Chinese glyphs was found, so figures would show empty boxes. Get one of:\n"
    "  Debian/Ubuntu:  sudo apt-get install fonts-noto-cjk\n"
    "  conda:          conda install -c conda-forge font-ttf-noto-cjk\n"
    "  macOS/Windows:  PingFang / Microsoft YaHei are found automatically\n"
    "or point nqp at a .ttf/.otf/.ttc file: set NQP_FONT=/path/to/font or call nqp.use_cjk_font(path)."
)


def _font_dirs() -> list[Path]:
    dirs = []
    for prefix in {os.environ.get("CONDA_PREFIX"), sys.prefix}:
        if prefix:
            dirs += [Path(prefix) / "fonts", Path(prefix) / "share" / "fonts", Path(prefix) / "Library" / "fonts"]
    home = Path.home()
    dirs += [
        home / ".fonts",
        home / ".local" / "share" / "fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts",
    ]
    return [d for d in dirs if d.is_dir()]


def has_cjk_glyphs(path: str | Path, probe: str = PROBE) -> bool:
    """True when the font file at ``path`` has a glyph for every character of ``probe``."""
    from matplotlib.ft2font import FT2Font

    try:
        charmap = FT2Font(str(path)).get_charmap()
    except Exception:  # noqa: BLE001 - an unreadable font is simply not a candidate
        return False
    return all(ord(c) in charmap for c in probe)


def _rank(path: Path) -> int:
    name = path.name.replace(" ", "")
    for i, frag in enumerate(KNOWN_FONTS):
        if frag.lower() in name.lower():
            # prefer regular weights over bold/light/black
            heavy = any(w in name for w in ("Bold", "Black", "Light", "Thin", "Medium", "DemiLight"))
            return 2 * i + heavy
    return 10_000


@lru_cache(maxsize=None)
def _search() -> Path | None:
    candidates = []
    for d in _font_dirs():
        for f in d.rglob("*"):
            if f.suffix.lower() in FONT_SUFFIXES and _rank(f) < 10_000:
                candidates.append(f)
    for f in sorted(set(candidates), key=lambda f: (_rank(f), str(f))):
        if has_cjk_glyphs(f):
            return f
    return None


def find_cjk_font(path: str | Path | None = None) -> Path:
    """Return the path of a font with Chinese glyphs, or raise :class:`FontError` saying how to get one.

    Looks at ``path``, then ``$NQP_FONT``, then the conda environment's fonts, then the system's
    (Noto Sans CJK, Source Han Sans, WenQuanYi, PingFang, Microsoft YaHei, SimHei).
    """
    for given, what in ((path, "path"), (os.environ.get("NQP_FONT") or None, "NQP_FONT")):
        if given is None:
            continue
        p = Path(given).expanduser()
        if not p.is_file():
            raise FontError(f"{what}={str(given)!r}: no such font file. " + HOW_TO_GET_ONE)
        if not has_cjk_glyphs(p):
            raise FontError(f"{what}={str(given)!r}: this font lacks Chinese glyphs ({PROBE}). " + HOW_TO_GET_ONE)
        return p
    found = _search()
    if found is None:
        raise FontError(HOW_TO_GET_ONE)
    return found


def use_cjk_font(path: str | Path | None = None) -> Path:
    """Configure matplotlib to draw Chinese with a CJK font; return the font's path.

    Call before plotting (every plotting function of nqp does). Pass the same path to wordcloud's
    ``font_path``.
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    font = find_cjk_font(path)
    font_manager.fontManager.addfont(str(font))
    name = font_manager.FontProperties(fname=str(font)).get_name()
    mpl.rcParams["font.family"] = "sans-serif"
    rest = [f for f in mpl.rcParams["font.sans-serif"] if f != name]
    mpl.rcParams["font.sans-serif"] = [name, *rest]
    mpl.rcParams["axes.unicode_minus"] = False
    log.debug("using CJK font %s (%s)", name, font)
    return font


def ensure_font(install: bool = True) -> Path:
    """Find a CJK font; failing that, install Debian's ``fonts-noto-cjk`` when running as root."""
    try:
        return find_cjk_font()
    except FontError:
        if not install:
            raise
    apt = shutil.which("apt-get")
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if apt and is_root:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        print("nqp: installing fonts-noto-cjk with apt-get", file=sys.stderr)
        subprocess.run([apt, "update", "-qq"], check=False, env=env)
        subprocess.run([apt, "install", "-y", "-qq", "fonts-noto-cjk"], check=True, env=env)
        _search.cache_clear()
        return find_cjk_font()
    raise FontError(HOW_TO_GET_ONE)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        font = ensure_font(install="--install" in argv)
    except FontError as exc:
        print(f"nqp: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"nqp: installing a CJK font failed ({exc}).\n{HOW_TO_GET_ONE}", file=sys.stderr)
        return 1
    print(f"CJK font: {font}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
