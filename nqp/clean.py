"""Cleaning: newspaper-page dumps become articles, and every character is accounted for.

``clean(corpus)`` turns each source document into one row per article. Every character of the raw
text either goes into an article or into the removal log with the name of the rule that removed it,
so kept spans and removed spans together give back the raw text exactly.

Two layers of text
------------------
``text``
    The analysis layer: simplified script (OpenCC ``t2s``), full-width ASCII made half-width, one
    convention for Chinese punctuation (see below), paragraphs joined by ``"\\n"``.
``text_orig``
    The same characters in the original script and widths, for quoting. ``len(text) == len(text_orig)``
    and character ``i`` of one is character ``i`` of the other: conversions that would change the
    length of a phrase fall back to character-by-character conversion.

Punctuation convention of the analysis layer: ASCII ``, : ; ? ! ( )`` (the seeds already use them inside
Chinese text, and full-width forms are folded into them), Chinese ``。 、 “ ” ‘ ’ 《 》 — …`` and the
middle dot ``·``. Corner quotes 「」『』 become “” ‘’. The table is ``[normalize.punctuation]`` of
``nqp/data/clean_rules.toml``.

What is removed (rules are data, see ``nqp/data/clean_rules.toml``)
-----------------------------------------------------------------
image stubs, photo captions and credits, bylines and datelines (kept in the ``byline`` column), staff
credits, page-jump markers, repost disclaimers, verbatim layout repeats (``repeat``: a long passage printed
twice in one document is kept once), blank lines (``whitespace``) and the breaks inside paragraphs cut
by a column or page break (``paragraph_join``).

Paragraph joins: a body paragraph that does not end a sentence is joined with the next body paragraph;
headings, section labels and captions are never joined. Articles: a page is split where a run of headings
is followed by a dateline (本报讯(...)), a page-jump (紧接01版), a byline under the headline, a section label
(两会·镜头), or follows a photo column.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import re
import warnings
import zlib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .errors import NqpError
from .script import has_traditional, to_simplified

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli comes with jupyterlab there)
    import tomli as tomllib

log = logging.getLogger("nqp")

RULES_FILE = Path(__file__).resolve().parent / "data" / "clean_rules.toml"

#: built-in rule names of the removal log
WHITESPACE = "whitespace"
PARAGRAPH_JOIN = "paragraph_join"
REPEAT = "repeat"
MASTHEAD = "masthead"

KIND_ARTICLE = "article"
KIND_PHOTOS = "photos"


class RulesError(NqpError, ValueError):
    """A cleaning-rules file cannot be used as given."""


# ---------------------------------------------------------------------------------------------
# rules


@dataclass(frozen=True)
class RemoveRule:
    """One named removal rule (see ``nqp/data/clean_rules.toml`` for the fields)."""

    name: str
    pattern: re.Pattern
    scope: str = "line"
    byline: bool = False
    starts: str | None = None
    photo: bool = False
    description: str = ""


@dataclass(frozen=True)
class SectionLabel:
    """A heading that names a page column (两会·镜头); ``starts`` an article of ``kind``."""

    name: str
    pattern: re.Pattern
    starts: str | None = "article"
    kind: str = KIND_ARTICLE


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: loaded once per set of files
class CleanRules:
    """The rules ``clean`` applies: removal rules, section labels, settings, punctuation, theme."""

    remove: tuple[RemoveRule, ...]
    sections: tuple[SectionLabel, ...]
    punctuation: tuple[tuple[str, str], ...]
    theme: tuple[tuple[str, float], ...]
    heading_max_chars: int = 48
    heading_max_chars_labelled: int = 64
    heading_max_commas: int = 2
    heading_never_ends_with: str = ""
    heading_numbered: str = ""
    repeat_min_chars: int = 40
    repeat_min_chars_anywhere: int = 200
    on_topic_min_weight: float = 1.0
    files: tuple[str, ...] = field(default=())

    @cached_property
    def _plan(self) -> tuple[re.Pattern | None, tuple[tuple[RemoveRule, re.Pattern | None], ...]]:
        """How to test the rules fast: one combined ``match`` for the rules anchored at the line start,
        and for each other rule a MULTILINE pattern that says whether it can match anywhere in a document."""
        anchored = [r for r in self.remove if _anchored(r.pattern.pattern)]
        combined = None
        if anchored:
            parts = [re.sub(r"\(\?P<\w+>", "(?:", r.pattern.pattern) for r in anchored]
            try:
                combined = re.compile("|".join(f"(?:{p})" for p in parts))
            except re.error:  # pragma: no cover - patterns that cannot be combined are tested one by one
                anchored, combined = [], None
        plan = tuple((r, None if r in anchored else re.compile(r.pattern.pattern, re.MULTILINE)) for r in self.remove)
        return combined, plan

    def rule_names(self) -> list[str]:
        """Every rule name that can appear in the removal log, in the order rules are applied."""
        return [MASTHEAD] + [r.name for r in self.remove] + [REPEAT, PARAGRAPH_JOIN, WHITESPACE]


_SETTINGS = {
    "heading_max_chars": int,
    "heading_max_chars_labelled": int,
    "heading_max_commas": int,
    "heading_never_ends_with": str,
    "heading_numbered": str,
    "repeat_min_chars": int,
    "repeat_min_chars_anywhere": int,
    "on_topic_min_weight": float,
}


def _anchored(pattern: str) -> bool:
    """Does the pattern start with ``^`` and have no ``|`` outside groups (so it can only match at 0)?"""
    if not pattern.startswith("^"):
        return False
    depth, i, in_class = 0, 1, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return False
        i += 1
    return True


def _read_toml(path: Path) -> dict:
    if not path.is_file():
        raise RulesError(f"rules={str(path)!r}: no such file. Pass the path of a TOML file like nqp/data/clean_rules.toml.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"rules={str(path)!r}: not valid UTF-8 TOML ({exc}). Fix the file; see nqp/data/clean_rules.toml.") from None


def _compile(pattern, where: str) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"{where}: `pattern` must be a non-empty string, got {pattern!r}.")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"{where}: pattern {pattern!r} is not a valid regular expression ({exc}).") from None


@lru_cache(maxsize=16)
def _load_rules_cached(extra: tuple[str, ...]) -> CleanRules:
    files = [RULES_FILE] + [Path(p) for p in extra]
    removes: dict[str, dict] = {}
    sections: dict[str, dict] = {}
    settings: dict = {}
    punct: dict[str, str] = {}
    theme: dict[str, float] = {}
    for f in files:
        data = _read_toml(f)
        for i, r in enumerate(data.get("remove", [])):
            where = f"{f.name}: [[remove]] #{i + 1}"
            if "name" not in r:
                raise RulesError(f"{where}: every rule needs a `name` (it appears in the removal log).")
            if r.get("enabled", True) is False:
                removes.pop(r["name"], None)
                continue
            unknown = set(r) - {"name", "pattern", "scope", "byline", "starts", "photo", "description", "enabled"}
            if unknown:
                raise RulesError(f"{where} ({r['name']}): unknown field(s) {sorted(unknown)}.")
            if r.get("scope", "line") not in ("line", "inline"):
                raise RulesError(f"{where} ({r['name']}): scope must be \"line\" or \"inline\", got {r.get('scope')!r}.")
            if r.get("starts") not in (None, "article", "after_headings"):
                raise RulesError(
                    f"{where} ({r['name']}): starts must be \"article\" or \"after_headings\", got {r.get('starts')!r}."
                )
            removes.pop(r["name"], None)  # a replaced rule moves to where the replacement stands
            removes[r["name"]] = dict(r, _where=where)
        for i, r in enumerate(data.get("section", [])):
            where = f"{f.name}: [[section]] #{i + 1}"
            if "name" not in r:
                raise RulesError(f"{where}: every section label needs a `name`.")
            if r.get("enabled", True) is False:
                sections.pop(r["name"], None)
                continue
            sections[r["name"]] = dict(r, _where=where)
        for k, v in data.get("settings", {}).items():
            if k not in _SETTINGS:
                raise RulesError(f"{f.name}: [settings] {k!r} is unknown; known: {', '.join(_SETTINGS)}.")
            try:
                settings[k] = _SETTINGS[k](v)
            except (TypeError, ValueError):
                raise RulesError(f"{f.name}: [settings] {k} = {v!r} must be {_SETTINGS[k].__name__}.") from None
        for k, v in data.get("normalize", {}).get("punctuation", {}).items():
            if len(k) != 1 or not isinstance(v, str) or len(v) != 1:
                raise RulesError(
                    f"{f.name}: [normalize.punctuation] {k!r} = {v!r}: both sides must be ONE character "
                    "(the analysis layer keeps the length of the original)."
                )
            punct[k] = v
        for k, v in data.get("theme", {}).get("terms", {}).items():
            theme[str(k)] = float(v)
    reserved = {MASTHEAD, REPEAT, PARAGRAPH_JOIN, WHITESPACE}
    clash = reserved & set(removes)
    if clash:
        raise RulesError(f"rule name(s) {sorted(clash)} are reserved for built-in steps; rename your rule.")
    remove = tuple(
        RemoveRule(
            name=r["name"],
            pattern=_compile(r.get("pattern"), f"{r['_where']} ({r['name']})"),
            scope=r.get("scope", "line"),
            byline=bool(r.get("byline", False)),
            starts=r.get("starts"),
            photo=bool(r.get("photo", False)),
            description=r.get("description", ""),
        )
        for r in removes.values()
    )
    secs = tuple(
        SectionLabel(
            name=r["name"],
            pattern=_compile(r.get("pattern"), f"{r['_where']} ({r['name']})"),
            starts=r.get("starts", "article"),
            kind=r.get("kind", KIND_ARTICLE),
        )
        for r in sections.values()
    )
    return CleanRules(
        remove=remove,
        sections=secs,
        punctuation=tuple(sorted(punct.items())),
        theme=tuple(sorted(theme.items())),
        files=tuple(str(f) for f in files),
        **settings,
    )


def load_clean_rules(rules=None) -> CleanRules:
    """The cleaning rules: the package's ``nqp/data/clean_rules.toml`` plus the user's file(s).

    ``rules`` is ``None`` (package rules only), a path or a list of paths of TOML files read after
    the package's (same-named rules replace, ``enabled = false`` switches off), or a
    :class:`CleanRules` returned as is.
    """
    if isinstance(rules, CleanRules):
        return rules
    if rules is None:
        extra: tuple[str, ...] = ()
    elif isinstance(rules, (str, Path)):
        extra = (str(Path(rules).expanduser().resolve()),)
    elif isinstance(rules, (list, tuple)) and all(isinstance(r, (str, Path)) for r in rules):
        extra = tuple(str(Path(r).expanduser().resolve()) for r in rules)
    else:
        raise RulesError(f"rules={rules!r}: pass None, a path to a TOML rules file, a list of paths, or CleanRules.")
    return _load_rules_cached(extra)


def clean_rules_table(rules=None) -> pd.DataFrame:
    """The removal rules as a table: ``rule``, ``scope``, ``byline``, ``starts``, ``photo``, ``pattern``,
    ``description``, in the order they are applied, then the built-in steps."""
    r = load_clean_rules(rules)
    rows = [
        {
            "rule": x.name,
            "scope": x.scope,
            "byline": x.byline,
            "starts": x.starts or "",
            "photo": x.photo,
            "pattern": x.pattern.pattern,
            "description": x.description,
        }
        for x in r.remove
    ]
    builtin = {
        MASTHEAD: "a line that only repeats the outlet's name (华西都市报·封面新闻), usually above the byline",
        REPEAT: f"a verbatim passage of at least {r.repeat_min_chars} characters printed twice in one document: kept once",
        PARAGRAPH_JOIN: "the break inside a paragraph cut by a column or page break",
        WHITESPACE: "blank lines, indentation and the space between articles",
    }
    rows += [
        {"rule": k, "scope": "built-in", "byline": False, "starts": "", "photo": False, "pattern": "", "description": v}
        for k, v in builtin.items()
    ]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# the analysis layer: one character for one character


@lru_cache(maxsize=16)
def _width_table(punctuation: tuple[tuple[str, str], ...]) -> np.ndarray:
    """A lookup table over the Basic Multilingual Plane: code point -> code point of the analysis layer."""
    table = np.arange(0x10000, dtype=np.uint32)
    table[0xFF01:0xFF5F] -= 0xFEE0  # full-width ASCII -> ASCII
    table[0x3000] = ord(" ")
    for k, v in punctuation:
        if ord(k) < 0x10000:
            table[ord(k)] = ord(v)
    return table


def _normalize_array(text: str, rules: CleanRules, raw32: np.ndarray | None = None) -> np.ndarray:
    """Code points of the analysis layer of ``text`` (``raw32``: the code points of ``text``, if at hand)."""
    a = raw32 if raw32 is not None else np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if has_traditional(text, a):
        a = np.frombuffer(to_simplified(text).encode("utf-32-le"), dtype=np.uint32)
    table = _width_table(rules.punctuation)
    if a.size and a.max() < 0x10000:
        return table[a]
    out = a.copy()
    bmp = a < 0x10000
    out[bmp] = table[a[bmp]]
    return out


def normalize_text(text: str, rules=None) -> str:
    """The analysis layer of ``text``: simplified script, half-width ASCII, one punctuation convention.

    ``len(normalize_text(t)) == len(t)`` always; character ``i`` of the result comes from character
    ``i`` of ``t``.
    """
    r = load_clean_rules(rules)
    out = _from_utf32(_normalize_array(text, r))
    assert len(out) == len(text)
    return out


@lru_cache(maxsize=4096)
def _normalize_short(text: str, rules: CleanRules) -> str:
    return normalize_text(text, rules)


# ---------------------------------------------------------------------------------------------
# one document

_TERMINAL = re.compile(r"[。!?;…]+[”’\"')\]】」』]*$")
#: a paragraph that ends like this is complete: never joined to the next (a colon introduces a list)
_COMPLETE = re.compile(r"[。!?;…:]+[”’\"')\]】」』]*(?:\([^()]{1,12}\))?$")
_QUESTION_END = re.compile(r"[?!]+[”’\"')]*$")
_SENTENCE_INSIDE = re.compile(r"[。;]")
_CLAUSE = re.compile(r"[^,、;:。!?…\s][^,、;:。!?…]*[,、;:。!?…”’)]*")
_LONG_CLAUSE = 8
_CLAUSE_ENDS = ",、;:。!?…”’)"
_LONG_CLAUSES = re.compile(r"[^,、;:。!?…\s][^,、;:。!?…]{%d,}" % (_LONG_CLAUSE - 1))
_LABELLED = re.compile(r":\s|\?\s|:")


def _common_run(codes: np.ndarray, a: int, b: int, n: int) -> int:
    """How many characters agree from ``a`` and ``b`` on: forwards for ``n > 0`` (comparing
    ``codes[a:a+n]`` with ``codes[b:b+n]``), backwards for ``n < 0`` (the ``-n`` characters before)."""
    if n == 0:
        return 0
    if n > 0:
        x, y = codes[a : a + n], codes[b : b + n]
    else:
        x, y = codes[a + n : a][::-1], codes[b + n : b][::-1]
    diff = np.flatnonzero(x != y)
    return int(diff[0]) if diff.size else abs(n)


def _complete(norm: str, s: int, e: int) -> bool:
    """Does ``norm[s:e]`` end a sentence (or introduce a list with a colon)?"""
    last = norm[e - 1]
    if last in "。!?;…:":
        return True
    if last in "”’\"')]】」』":
        return bool(_COMPLETE.search(norm, s, e))
    return False


@lru_cache(maxsize=4096)
def _mastheads(outlet: str) -> frozenset[str]:
    """The lines that only repeat the outlet's name: the outlet, and the outlet without a final (...)."""
    return frozenset(m for m in (outlet, re.sub(r"\s*\([^()]*\)$", "", outlet)) if len(m) >= 2)


@lru_cache(maxsize=8)
def _numbered(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"[settings] heading_numbered = {pattern!r} is not a valid regular expression ({exc}).") from None


@dataclass
class _Para:
    s: int  # raw start of the kept content of the line
    e: int  # raw end
    line: int
    blank_before: bool  # a blank line stands between this line and the previous line with content
    kind: str = "body"  # body | heading | caption
    signal: str | None = None  # "article" | "after_headings"
    section: SectionLabel | None = None
    terminated: bool = False
    cut: bool = False  # its end was removed as a layout repeat: never joined to the next paragraph


def _strongest(a: str | None, b: str | None) -> str | None:
    order = {None: 0, "after_headings": 1, "article": 2}
    return a if order[a] >= order[b] else b


class _Doc:
    """The cleaning of one document: labels per raw character, paragraphs, articles."""

    def __init__(self, raw: str, rules: CleanRules, rule_ids: dict[str, int], outlet: str = ""):
        self.raw = raw
        self.rules = rules
        self.ids = rule_ids
        self.raw32 = _utf32(raw)
        self.norm32 = _normalize_array(raw, rules, self.raw32)
        self.norm = _from_utf32(self.norm32)
        self.label = np.zeros(len(raw), dtype=np.int16)
        self.paras: list[_Para] = []
        self.bylines: list[tuple[int, str, bool]] = []  # (raw pos, text, on a kept line)
        outlet = _normalize_short(outlet.strip(), rules) if isinstance(outlet, str) else ""
        self.mastheads = _mastheads(outlet)
        self.marked = False  # has any rule removed anything yet

    # -- rules on lines ----------------------------------------------------------------------
    def _mark(self, s: int, e: int, rule: str) -> None:
        self.marked = True
        seg = self.label[s:e]
        seg[seg == 0] = self.ids[rule]

    def apply_line_rules(self) -> None:
        norm, label = self.norm, self.label
        segs = norm.split("\n")
        combined, plan = self.rules._plan
        # rules not anchored at the line start are tested on the lines only when they match the document
        unanchored = [m for _, m in plan if m is not None]
        joined = "\n".join(map(str.strip, segs)) if unanchored else ""
        active = [(r, m is None) for r, m in plan if m is None or m.search(joined)]
        any_unanchored = len(active) > len(plan) - len(unanchored)
        mastheads = self.mastheads
        paras = self.paras
        pending: str | None = None
        prev_line_para: _Para | None = None
        prev_line_no = -2
        blank = False
        pos = 0
        for line_no, seg in enumerate(segs):
            text = seg.strip()
            n_seg = len(seg)
            if not text:
                blank = True
                pos += n_seg + 1
                continue
            cs = pos if text[0] == seg[0] else pos + n_seg - len(seg.lstrip())
            ce = cs + len(text)
            pos += n_seg + 1
            blank_before, blank = blank, False
            photo = marked = False
            if text in mastheads:
                self._mark(cs, ce, MASTHEAD)
                marked = True
            head = combined is not None and combined.match(text) is not None
            if head or any_unanchored:
                for rule, is_anchored in active:
                    if is_anchored and not head:
                        continue
                    m = rule.pattern.search(text)
                    if not m:
                        continue
                    if rule.scope == "line":
                        self._mark(cs, ce, rule.name)
                        matches = [m]
                    else:
                        matches = [m for m in rule.pattern.finditer(text) if m.end() > m.start()]
                        if not matches:
                            continue
                        for m in matches:
                            self._mark(cs + m.start(), cs + m.end(), rule.name)
                    marked = True
                    if rule.byline:
                        for m in matches:
                            g = m.groupdict().get("byline")
                            b = (g if g is not None else m.group(0)).strip()
                            if b:
                                self.bylines.append((cs + m.start(), b, rule.scope == "inline"))
                    if rule.starts:
                        pending = _strongest(pending, rule.starts)
                    photo = photo or rule.photo
                    if rule.scope == "line":
                        break
            # the kept content of the line
            if not marked:
                ks, ke = cs, ce
            else:
                kept = np.flatnonzero(label[cs:ce] == 0)
                ks = ke = cs
                if len(kept):
                    ks, ke = cs + int(kept[0]), cs + int(kept[-1]) + 1
                    while ks < ke and norm[ks].isspace():
                        ks += 1
                    while ke > ks and norm[ke - 1].isspace():
                        ke -= 1
            if line_no != prev_line_no + 1:
                prev_line_para = None  # a blank line between: not the same block
            prev_line_no = line_no
            if photo and prev_line_para is not None and not prev_line_para.terminated:
                prev_line_para.kind = "caption"
            if ke > ks:
                p = _Para(ks, ke, line_no, blank_before)
                p.terminated = _complete(norm, ks, ke)
                p.signal, pending = pending, None
                if photo:
                    p.kind = "caption"
                paras.append(p)
                prev_line_para = p
            else:
                prev_line_para = None

    # -- headings ------------------------------------------------------------------------------
    def classify(self) -> None:
        """Each paragraph is a heading (headline, subheading, section label), body text or a caption.
        Headings and section labels are short: a line longer than ``heading_max_chars_labelled`` is body."""
        r = self.rules
        longest = r.heading_max_chars_labelled
        prev_kind = None
        for i, p in enumerate(self.paras):
            if p.kind == "caption":
                prev_kind = p.kind
                continue
            if p.e - p.s > longest:
                p.kind = prev_kind = "body"
                continue
            t = self.norm[p.s : p.e]
            for sec in r.sections:
                if sec.pattern.search(t):
                    p.section = sec
                    break
            p.kind = "heading" if (p.section or self._heading_like(t, i == 0, prev_kind)) else "body"
            prev_kind = p.kind

    def _heading_like(self, t: str, first: bool, prev_kind: str | None) -> bool:
        r = self.rules
        if _SENTENCE_INSIDE.search(t) or "…" in t:
            return False
        labelled = bool(_LABELLED.search(t))
        if r.heading_numbered and _numbered(r.heading_numbered).search(t):
            return len(t) <= r.heading_max_chars_labelled
        limit = r.heading_max_chars_labelled if labelled else r.heading_max_chars
        if len(t) > limit:
            return False
        if _TERMINAL.search(t) and not (_QUESTION_END.search(t) and len(t) <= r.heading_max_chars):
            return False
        commas = t.count(",") + t.count("、")
        if commas > r.heading_max_commas:
            return False
        last = t.rstrip("”’\"')")[-1:]
        if last and last in r.heading_never_ends_with and commas:
            return False
        if t.count("“") != t.count("”") or t.count("(") != t.count(")") or t.count("《") != t.count("》"):
            return False
        if "," in t and not (first or prev_kind == "heading" or labelled or " " in t):
            return False
        return True

    # -- repeats -------------------------------------------------------------------------------
    def remove_repeats(self) -> list[tuple[int, int, int, int]]:
        """Find verbatim repeats among body paragraphs; label one occurrence ``repeat``.

        Every clause of at least ``_LONG_CLAUSE`` characters found twice in body text seeds a candidate:
        the two copies are extended character by character, backwards and forwards, inside their
        paragraphs, while they agree. Cost: one regex pass over the document, then work only where a
        long clause repeats (no comparison of all pairs of positions).

        Returns ``[(kept_start, kept_end, removed_start, removed_end), ...]`` (raw offsets).
        """
        norm, label = self.norm, self.label
        long_clauses = _LONG_CLAUSES.findall(norm)
        if len(set(long_clauses)) == len(long_clauses):
            return []
        counts: dict[str, int] = defaultdict(int)
        for c in long_clauses:
            counts[c] += 1
        body = [p for p in self.paras if p.kind == "body"]
        starts = [p.s for p in body]

        def body_para(pos: int, length: int):
            k = bisect_right(starts, pos) - 1
            if k >= 0 and pos + length <= body[k].e and not label[pos : pos + length].any():
                return body[k]
            return None

        codes = self.norm32
        candidates = set()
        covered: dict[int, list[tuple[int, int]]] = defaultdict(list)  # offset b - a -> spans found
        for clause in sorted(c for c, n in counts.items() if n > 1):
            occ = []
            at = norm.find(clause)
            while at >= 0:
                p = body_para(at, len(clause))
                if p is not None:
                    occ.append((at, p))
                at = norm.find(clause, at + len(clause))
            for (a, pa), (b, pb) in zip(occ, occ[1:]):
                if any(s0 <= a < e0 for s0, e0 in covered[b - a]):
                    continue  # inside a repeat already found
                back = _common_run(codes, a, b, -min(a - pa.s, b - pb.s))
                a_s, b_s = a - back, b - back
                fwd = _common_run(codes, a, b, min(pa.e - a, pb.e - b, b_s - a))
                a_e, b_e = a + fwd, b + fwd
                covered[b - a].append((a_s, a_e))
                if a_e <= b_s and fwd >= len(clause):
                    candidates.add((b_s, b_e, a_s, a_e))
        out = []
        removed: list[tuple[int, int]] = []
        for b_s, b_e, a_s, a_e in sorted(candidates):
            length = len(norm[b_s:b_e].replace(" ", ""))
            if length < self.rules.repeat_min_chars:
                continue
            # which occurrence goes: the later one, unless the earlier interrupts a cut paragraph
            drop, keep = (b_s, b_e), (a_s, a_e)
            ia = bisect_right([p.s for p in self.paras], a_s) - 1
            pa = self.paras[ia]
            if a_s == pa.s and a_e == pa.e and self._interrupts(ia):
                drop, keep = keep, drop
            if length < self.rules.repeat_min_chars_anywhere and not self._layout_like(*drop):
                continue  # a formula the author repeated, not the layout
            if any(s < drop[1] and drop[0] < e for s, e in removed):
                continue
            removed.append(drop)
            out.append((keep[0], keep[1], drop[0], drop[1]))
            self._mark_in_paras(drop[0], drop[1], REPEAT)
        if out:
            self._refresh_paras(removed)
        out.sort(key=lambda x: x[2])
        return out

    def _layout_like(self, s: int, e: int) -> bool:
        """The span is whole paragraphs, or runs to a paragraph's end from the middle of a sentence."""
        at_start = any(p.s == s for p in self.paras)
        at_end = any(p.e == e for p in self.paras)
        if at_start and at_end:
            return True
        if not at_end:
            return False
        k = s - 1
        while k >= 0 and self.norm[k].isspace():
            k -= 1
        return k >= 0 and self.norm[k] not in "。!?;…”’\n"

    def _interrupts(self, pi: int) -> bool:
        """Paragraph ``pi`` stands between a cut body paragraph and its continuation (a pull quote)."""
        if pi == 0 or pi + 1 >= len(self.paras):
            return False
        prev, nxt = self.paras[pi - 1], self.paras[pi + 1]
        return prev.kind == "body" and not prev.terminated and nxt.kind == "body"

    def _mark_in_paras(self, s: int, e: int, rule: str) -> None:
        for p in self.paras:
            if p.e <= s or p.s >= e or p.kind != "body":
                continue
            self._mark(max(s, p.s), min(e, p.e), rule)

    def _refresh_paras(self, spans: list[tuple[int, int]]) -> None:
        """Shrink (or drop) the paragraphs that ``spans`` removed text from."""
        norm, label = self.norm, self.label
        out: list[_Para] = []
        carry: str | None = None
        for p in self.paras:
            if not any(a < p.e and p.s < b for a, b in spans):
                if carry is not None:
                    p.signal = _strongest(p.signal, carry)
                    carry = None
                out.append(p)
                continue
            kept = np.flatnonzero(label[p.s : p.e] == 0)
            if not len(kept):
                carry = _strongest(carry, p.signal)
                continue
            s, e = p.s + int(kept[0]), p.s + int(kept[-1]) + 1
            while s < e and norm[s].isspace():
                s += 1
            while e > s and norm[e - 1].isspace():
                e -= 1
            if e <= s:
                carry = _strongest(carry, p.signal)
                continue
            if e < p.e and label[e : p.e].max() == self.ids[REPEAT]:
                p.cut = True
            p.s, p.e = s, e
            p.terminated = _complete(norm, s, e)
            p.signal = _strongest(p.signal, carry)
            carry = None
            out.append(p)
        self.paras = out

    # -- articles ------------------------------------------------------------------------------
    def split_articles(self) -> list[list[int]]:
        paras = self.paras
        n = len(paras)
        starts = {0} if n else set()
        i = 0
        while i < n:
            p = paras[i]
            if p.kind == "heading":
                j = i
                while j < n and paras[j].kind == "heading":
                    j += 1
                begin = False
                if any(paras[k].section is not None and paras[k].section.starts == "article" for k in range(i, j)):
                    begin = True
                if i > 0 and paras[i - 1].kind == "caption":
                    begin = True
                if j < n and paras[j].signal in ("article", "after_headings"):
                    begin = True
                if any(paras[k].signal == "article" for k in range(i, j)):
                    begin = True
                if begin:
                    starts.add(i)
                i = j
                continue
            if p.signal == "article" and i > 0 and paras[i - 1].kind != "heading":
                starts.add(i)  # a dateline or page jump without a headline above it
            i += 1
        bounds = sorted(starts) + [n]
        return [list(range(a, b)) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]

    def join_and_label_gaps(self, groups: list[list[int]]) -> list[tuple[int, int]]:
        """Label the whitespace between paragraphs; join cut paragraphs. Returns the joins (raw gap spans).

        Between two paragraphs of an article one line break of the raw text is kept (it becomes the
        ``"\\n"`` of ``text``) and the rest is ``whitespace``; between the two parts of a cut paragraph
        the whole break is ``paragraph_join``. Outside articles, all is ``whitespace``. (Rules only ever
        remove text inside lines, so the line breaks are free.)
        """
        raw, label, paras = self.raw, self.label, self.paras
        n = len(raw)
        if not self.marked:  # nothing removed yet: every gap is free, label it slice by slice
            ws, jn = self.ids[WHITESPACE], self.ids[PARAGRAPH_JOIN]
            joins = []
            prev_end = 0
            for g in groups:
                first = paras[g[0]]
                label[prev_end : first.s] = ws
                for a, b in zip(g[:-1], g[1:]):
                    p, q = paras[a], paras[b]
                    if p.kind == "body" and q.kind == "body" and not p.terminated and not p.cut:
                        joins.append((p.e, q.s))
                        label[p.e : q.s] = jn
                    else:
                        k = raw.find("\n", p.e, q.s)
                        label[p.e : q.s] = ws
                        if k >= 0:
                            label[k] = 0
                prev_end = paras[g[-1]].e
            label[prev_end:n] = ws
            return joins
        inside = np.zeros(n + 1, dtype=np.int32)  # +1 at paragraph starts, -1 at ends: cumsum > 0 inside
        joined = np.zeros(n + 1, dtype=np.int32)
        joins, kept_breaks = [], []
        for g in groups:
            for a, b in zip(g[:-1], g[1:]):
                p, q = paras[a], paras[b]
                if p.kind == "body" and q.kind == "body" and not p.terminated and not p.cut:
                    joins.append((p.e, q.s))
                    joined[p.e] += 1
                    joined[q.s] -= 1
                else:
                    k = raw.find("\n", p.e, q.s)
                    if k >= 0:
                        kept_breaks.append(k)
        for p in paras:
            inside[p.s] += 1
            inside[p.e] -= 1
        free = (label == 0) & (np.cumsum(inside[:n]) == 0)
        if kept_breaks:
            free[np.asarray(kept_breaks, dtype=np.int64)] = False
        in_join = np.cumsum(joined[:n]) > 0
        label[free & in_join] = self.ids[PARAGRAPH_JOIN]
        label[free & ~in_join] = self.ids[WHITESPACE]
        return joins


# ---------------------------------------------------------------------------------------------
# the public functions


def _theme_terms(theme, rules: CleanRules) -> list[tuple[str, float]]:
    if theme is None:
        terms = list(rules.theme)
    elif isinstance(theme, str):
        terms = [(theme, 1.0)]
    elif isinstance(theme, dict):
        terms = [(str(k), float(v)) for k, v in theme.items()]
    else:
        try:
            terms = [(str(t), 1.0) for t in theme]
        except TypeError:
            raise NqpError(f"theme={theme!r}: pass a list of terms, a dict term -> weight, or None for the default.") from None
    terms = [(t.strip(), w) for t, w in terms if str(t).strip()]
    if not terms:
        raise NqpError(f"theme={theme!r}: no terms. Pass at least one term, e.g. theme=['新质生产力', '建圈强链'].")
    # terms are matched on the analysis layer, so normalize them the same way
    return sorted({(_normalize_short(t, rules), w) for t, w in terms}, key=lambda tw: (-len(tw[0]), tw[0]))


def _corpus_frame(corpus) -> pd.DataFrame:
    if isinstance(corpus, (str, Path)):
        from .corpus import load_corpus

        warnings.warn(
            f"nqp.clean({str(corpus)!r}): passing a path is deprecated; load it first: "
            "nqp.clean(nqp.load_corpus(path))",
            DeprecationWarning,
            stacklevel=3,
        )
        return load_corpus(corpus)
    if not isinstance(corpus, pd.DataFrame):
        raise NqpError(
            f"corpus: expected the DataFrame of nqp.load_corpus (or a path to load), got {type(corpus).__name__}."
        )
    missing = [c for c in (S.DOC_ID, S.TEXT) if c not in corpus.columns]
    if missing:
        raise NqpError(
            f"corpus: missing column(s) {missing}; it has {list(corpus.columns)[:12]}. Load it with nqp.load_corpus."
        )
    ids = corpus[S.DOC_ID].tolist()
    if len(set(ids)) != len(ids):
        dup = corpus.loc[corpus[S.DOC_ID].duplicated(), S.DOC_ID].iloc[0]
        raise NqpError(f"corpus: doc_id {dup!r} occurs more than once. Give every document a unique doc_id.")
    texts = corpus[S.TEXT].tolist()
    if not all(isinstance(t, str) for t in texts):
        bad = next(i for i, t in zip(ids, texts) if not isinstance(t, str))
        raise NqpError(f"corpus: the text of doc_id {bad!r} is not a string. Load it with nqp.load_corpus.")
    return corpus


def _all_runs(label: np.ndarray) -> tuple[list[int], list[int], list[int]]:
    """Runs of equal labels (kept runs included): ``(starts, ends, labels)`` as lists of ints."""
    if not len(label):
        return [], [], []
    change = np.flatnonzero(label[1:] != label[:-1]) + 1
    starts = np.concatenate(([0], change))
    ends = np.concatenate((change, [len(label)]))
    return starts.tolist(), ends.tolist(), label[starts].tolist()


#: columns of the articles table, in order (then the corpus metadata)
ARTICLE_COLUMNS = [
    S.DOC_ID,
    S.ARTICLE_ID,
    S.POSITION,
    S.KIND,
    S.TITLE,
    S.BYLINE,
    S.TEXT,
    S.TEXT_ORIG,
    S.START,
    S.END,
    S.HEADINGS,
    S.RAW_SEGMENTS,
    S.N_CHARS,
    S.THEME_MENTIONS,
    S.RELEVANCE,
    S.ON_TOPIC,
]
#: columns of the removal log
REMOVAL_COLUMNS = [S.DOC_ID, S.START, S.END, S.RULE, S.TEXT]


def _utf32(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)


def _from_utf32(a: np.ndarray) -> str:
    return a.astype(np.uint32).tobytes().decode("utf-32-le")


@contextlib.contextmanager
def _cycle_collector_paused():
    """Pause Python's cyclic garbage collector while documents are cleaned.

    Cleaning builds no reference cycles (tests/test_clean.py checks that a collection afterwards finds
    nothing), so everything it discards is freed at once by reference counting; the collector would
    only walk the growing output lists again and again (about a tenth of the cleaning time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _clean_one(doc_id: str, raw: str, doc_title, outlet, rules: CleanRules, ids: dict[str, int], names: list[str], theme_re, theme_w, out: dict[str, list], removed: dict[str, list] | None):
    """Clean one document: append its articles to the columns of ``out``, its removals to ``removed``;
    return the audit details (joins, repeats)."""
    d = _Doc(raw, rules, ids, outlet)
    d.apply_line_rules()
    d.classify()
    repeats = d.remove_repeats()
    groups = d.split_articles()
    joins = d.join_and_label_gaps(groups)
    label = d.label
    # bylines: to the article of the paragraph they sit on or right above them
    bylines: dict[int, list[str]] = defaultdict(list)
    para_article = {k: ai for ai, g in enumerate(groups) for k in g} if d.bylines else {}
    para_starts = [p.s for p in d.paras] if d.bylines else []
    for pos, text, inline in d.bylines:
        k = bisect_right(para_starts, pos) - 1
        if inline and k + 1 < len(d.paras) and d.paras[k + 1].s <= pos:
            k += 1
        k = max(k, 0)
        if para_article:
            ai = para_article.get(k, 0)
            if text not in bylines[ai]:
                bylines[ai].append(text)
    n_articles = len(groups)
    width = max(2, len(str(n_articles - 1))) if n_articles else 2
    title_doc = _normalize_short(str(doc_title).strip(), rules) if isinstance(doc_title, str) and doc_title.strip() else ""
    # runs of equal labels: kept runs (0) make the articles, the others the removal log
    run_starts, run_ends, run_vals = _all_runs(label)
    kept_runs = [(a, b) for a, b, v in zip(run_starts, run_ends, run_vals) if v == 0]
    norm, k = d.norm, 0
    for ai, g in enumerate(groups):
        a_s, a_e = d.paras[g[0]].s, d.paras[g[-1]].e
        segments = []  # (text_start, raw_start, length)
        t = 0
        while k < len(kept_runs) and kept_runs[k][0] < a_e:
            r0, r1 = kept_runs[k]
            if r1 > a_s:
                segments.append((t, r0, r1 - r0))
                t += r1 - r0
            k += 1
        text = "".join([norm[r0 : r0 + n] for _, r0, n in segments])
        orig = "".join([raw[r0 : r0 + n] for _, r0, n in segments])
        seg_raw = [r0 for _, r0, _ in segments]
        headings = []
        heading_paras = []
        for kk in g:
            p = d.paras[kk]
            if p.kind == "heading":
                j = bisect_right(seg_raw, p.s) - 1
                hs = segments[j][0] + p.s - segments[j][1]
                j = bisect_right(seg_raw, p.e - 1) - 1
                he = segments[j][0] + p.e - 1 - segments[j][1] + 1
                headings.append((hs, he))
                heading_paras.append(p)
        # the title: the first heading (and the heading line right under it) that is not a section label
        title = ""
        for hi, p in enumerate(heading_paras):
            if p.section is not None:
                continue
            parts = [d.norm[p.s : p.e]]
            nxt = heading_paras[hi + 1] if hi + 1 < len(heading_paras) else None
            if nxt is not None and nxt.section is None and nxt.line == p.line + 1:
                parts.append(d.norm[nxt.s : nxt.e])
            title = " ".join(parts)
            break
        if not title and heading_paras:
            title = d.norm[heading_paras[0].s : heading_paras[0].e]
        if ai == 0 and title_doc and _title_is_kept(title_doc, d):
            title = title_doc
        kinds = {d.paras[k].kind for k in g}
        section_kinds = {d.paras[k].section.kind for k in g if d.paras[k].section is not None}
        kind = KIND_PHOTOS if (KIND_PHOTOS in section_kinds or kinds <= {"heading", "caption"} and "caption" in kinds) else KIND_ARTICLE
        mentions, weight = 0, 0.0
        if theme_re is not None:
            for m in theme_re.finditer(text):
                mentions += 1
                weight += theme_w[m.group(0)]
        for col, value in (
            (S.DOC_ID, doc_id),
            (S.ARTICLE_ID, f"{doc_id}-{ai:0{width}d}"),
            (S.POSITION, ai),
            (S.KIND, kind),
            (S.TITLE, title),
            (S.BYLINE, "; ".join(bylines.get(ai, []))),
            (S.TEXT, text),
            (S.TEXT_ORIG, orig),
            (S.START, segments[0][1] if segments else a_s),
            (S.END, segments[-1][1] + segments[-1][2] if segments else a_e),
            (S.HEADINGS, headings),
            (S.RAW_SEGMENTS, segments),
            (S.N_CHARS, len(text)),
            (S.THEME_MENTIONS, mentions),
            (S.RELEVANCE, round(1000.0 * weight / max(len(text), 1), 4)),
            (S.ON_TOPIC, bool(weight >= rules.on_topic_min_weight)),
        ):
            out[col].append(value)
    if removed is None:  # neither the log nor the details are wanted
        return []
    keep = [i for i, v in enumerate(run_vals) if v != 0]
    starts = [run_starts[i] for i in keep]
    ends = [run_ends[i] for i in keep]
    vals = [run_vals[i] for i in keep]
    removed[S.DOC_ID].extend([doc_id] * len(starts))
    removed[S.START].extend(starts)
    removed[S.END].extend(ends)
    removed[S.RULE].extend([names[v] for v in vals])
    removed[S.TEXT].extend([raw[a:b] for a, b in zip(starts, ends)])
    details = [
        {S.DOC_ID: doc_id, "step": REPEAT, "kept_start": ks, "kept_end": ke, S.START: rs, S.END: re_, S.TEXT: raw[rs:re_]}
        for ks, ke, rs, re_ in repeats
    ] + [
        {
            S.DOC_ID: doc_id,
            "step": PARAGRAPH_JOIN,
            "kept_start": s,
            "kept_end": e,
            S.START: s,
            S.END: e,
            S.TEXT: raw[s:e],
        }
        for s, e in joins
    ]
    return details


def _title_is_kept(title: str, d: _Doc) -> bool:
    """The corpus title is used for the first article unless it is text that cleaning removed (a credit)."""
    key = title.replace(" ", "")
    for p in d.paras:
        if key and key[: min(len(key), 8)] in d.norm[p.s : p.e].replace(" ", ""):
            return True
    return key not in d.norm.replace(" ", "") or not key


@dataclass(frozen=True, eq=False)
class Cleaned:
    """The result of :func:`clean`: the articles and the record of what was done to the corpus.

    Attributes
    ----------
    articles : DataFrame
        One row per article (columns in :func:`clean`'s docstring): what the later stages take.
    removals : DataFrame
        The removal log: ``doc_id``, ``start``, ``end`` (raw offsets), ``rule``, ``text``. Kept spans
        (``articles.raw_segments``) and removed spans partition each raw text exactly.
    details : DataFrame
        The joins and repeats for the audit: ``doc_id``, ``step`` (``repeat`` / ``paragraph_join``),
        ``kept_start``/``kept_end``, ``start``/``end``/``text``.
    corpus : DataFrame
        The corpus that was cleaned (sorted by ``doc_id``), for the audit views that quote raw text.
    rules : CleanRules
        The rules that were applied.

    The audit views are functions of it: :func:`clean_summary`, :func:`clean_joins`,
    :func:`clean_repeats`.
    """

    articles: pd.DataFrame
    removals: pd.DataFrame
    details: pd.DataFrame
    corpus: pd.DataFrame
    rules: CleanRules

    def __repr__(self) -> str:
        return (
            f"Cleaned({len(self.corpus)} documents -> {len(self.articles)} articles, "
            f"{len(self.removals)} removals)"
        )

    def __iter__(self):  # ``articles, removals, details = clean(...)`` of the old 3-tuple, deprecated
        warnings.warn(
            "unpacking nqp.clean's result is deprecated; use its attributes: cleaned.articles, "
            "cleaned.removals, cleaned.details",
            DeprecationWarning,
            stacklevel=2,
        )
        return iter((self.articles, self.removals, self.details))


def clean(
    corpus,
    *,
    rules=None,
    theme=None,
    progress=None,
    return_removals=None,
) -> Cleaned:
    """Split each document of ``corpus`` into clean articles; log every removed character.

    Parameters
    ----------
    corpus
        The DataFrame of :func:`nqp.load_corpus` (``doc_id``, ``text`` and metadata). A path is still
        loaded, with a DeprecationWarning: call ``nqp.load_corpus(path)`` first.
    rules
        Extra rules: a path (or list of paths) to TOML files read after ``nqp/data/clean_rules.toml``,
        or a :class:`CleanRules` (see :func:`load_clean_rules`). ``None``: the package's rules.
    theme
        Terms that make an article relevant: a list (weight 1 each), a dict term -> weight, or ``None``
        for ``[theme.terms]`` of the rules (新质生产力, 建圈强链, 现代化产业体系, 产业链 ...).
    progress
        A progress bar over the documents: None shows it only on a terminal, True always, False never.
    return_removals
        Deprecated: the result always carries the removal log (``cleaned.removals``).

    Returns
    -------
    Cleaned
        ``.articles``, ``.removals``, ``.details``, ``.corpus``, ``.rules``; see :class:`Cleaned`.

    ``articles``, one row per article, sorted by ``doc_id`` then ``position``:
        ``doc_id``; ``article_id`` (``{doc_id}-{position:02d}``, unique); ``position`` (int, order in its
        document, from 0); ``kind`` (``article`` or ``photos`` for a picture column); ``title`` (analysis
        layer; the corpus title for the first article when the corpus has one); ``byline`` (bylines and
        datelines removed from the text, ``"; "``-joined); ``text`` (analysis layer: simplified,
        normalized, paragraphs joined by ``"\\n"``); ``text_orig`` (same characters in the original
        script, same length); ``start``/``end`` (raw offsets of the article's first and last kept
        character in ``corpus.text``); ``headings`` (list of ``(start, end)`` spans of ``text`` that are
        headings or section labels); ``raw_segments`` (list of ``(text_start, raw_start, length)``: text
        ``[t, t+length)`` is raw ``[r, r+length)``; see :func:`raw_span`); ``n_chars``;
        ``theme_mentions`` (int); ``relevance`` (weighted theme mentions per 1,000 characters);
        ``on_topic`` (weighted mentions >= ``on_topic_min_weight``); then the corpus metadata:
        ``outlet``, ``date``, ``date_precision``, ``date_start``, ``date_end``, ``script``, ``source``,
        ``doc_title`` and any further metadata columns.
    ``removals``, sorted by ``doc_id``, ``start``:
        ``doc_id``, ``start``, ``end`` (raw offsets), ``rule``, ``text`` (the raw characters removed).
        Kept spans (``raw_segments``) and removed spans partition each raw text exactly.
    ``details``: the joins and repeats for the audit:
        ``doc_id``, ``step`` (``repeat`` / ``paragraph_join``), ``kept_start``/``kept_end`` (raw span of
        the occurrence kept; for a join the break itself), ``start``/``end``/``text`` (raw span removed).
    """
    if return_removals is not None:
        warnings.warn(
            "nqp.clean(return_removals=...) is deprecated: the result always carries the removal log "
            "(cleaned.articles, cleaned.removals, cleaned.details)",
            DeprecationWarning,
            stacklevel=2,
        )
    df = _corpus_frame(corpus)
    r = load_clean_rules(rules)
    names = [""] + r.rule_names()
    ids = {nm: i for i, nm in enumerate(names) if nm}
    terms = _theme_terms(theme, r)
    theme_w = dict(terms)
    theme_re = re.compile("|".join(re.escape(t) for t, _ in terms)) if terms else None
    doc_ids = [str(x) for x in df[S.DOC_ID].tolist()]
    if any(a > b for a, b in zip(doc_ids, doc_ids[1:])):
        order = sorted(range(len(doc_ids)), key=doc_ids.__getitem__)
        df = df.iloc[order]
        doc_ids = [doc_ids[i] for i in order]
    df = df.reset_index(drop=True)
    texts = df[S.TEXT].tolist()
    titles = df[S.TITLE].tolist() if S.TITLE in df.columns else [None] * len(df)
    outlets = df[S.OUTLET].tolist() if S.OUTLET in df.columns else [None] * len(df)
    rows: dict[str, list] = {c: [] for c in ARTICLE_COLUMNS}
    removals: dict[str, list] = {c: [] for c in REMOVAL_COLUMNS}
    doc_rows: list[int] = []
    details = []
    empty = []
    from .progress import progress_bar

    docs = progress_bar(zip(doc_ids, texts, titles, outlets), progress=progress, total=len(doc_ids), desc="clean", unit="doc")
    with _cycle_collector_paused():
        for i, (doc_id, text, title, outlet) in enumerate(docs):
            n_before = len(rows[S.DOC_ID])
            det = _clean_one(doc_id, text, title, outlet, r, ids, names, theme_re, theme_w, rows, removals)
            n_new = len(rows[S.DOC_ID]) - n_before
            if not n_new:
                empty.append(doc_id)
            doc_rows += [i] * n_new
            details += det
    # the corpus metadata, one row per article (dtypes kept: dates stay Timestamps)
    take = np.asarray(doc_rows, dtype=np.int64)
    meta_cols = [c for c in df.columns if c not in (S.DOC_ID, S.TEXT, S.N_CHARS, S.ENCODING)]
    first = [c for c in S.METADATA_COLUMNS + [S.SCRIPT] if c in meta_cols]
    for c in first + [c for c in meta_cols if c not in first]:
        name = S.DOC_TITLE if c == S.TITLE else (f"doc_{c}" if c in rows else c)
        col = df[c]
        if isinstance(col.dtype, np.dtype) or pd.api.types.is_string_dtype(col.dtype):
            rows[name] = col.to_numpy()[take]  # plain values: the frame infers the same dtype again
        else:  # categories, nullable integers ...: keep the dtype
            rows[name] = col.take(take).reset_index(drop=True)
    articles = pd.DataFrame(rows)
    # articles and removals are in document order already (documents sorted, offsets increasing)
    if log.isEnabledFor(logging.INFO):
        n_raw = sum(map(len, texts))
        log.info(
            "clean: %d documents -> %d articles (%d on topic); kept %d of %d characters",
            len(df), len(articles), sum(rows[S.ON_TOPIC]), sum(rows[S.N_CHARS]), n_raw,
        )
        count: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for rule, s0, e0 in zip(removals[S.RULE], removals[S.START], removals[S.END]):
            count[rule][0] += 1
            count[rule][1] += e0 - s0
        for rule, (n_spans, n_chars) in sorted(count.items(), key=lambda kv: (-kv[1][1], kv[0])):
            log.info("clean: removed %d characters in %d spans by rule %s", n_chars, n_spans, rule)
    if empty:
        log.info("clean: %d document(s) had nothing left after cleaning (all in the removal log): %s", len(empty), ", ".join(empty[:10]))
    removal_df = pd.DataFrame(removals, columns=REMOVAL_COLUMNS)
    detail_df = pd.DataFrame(
        details, columns=[S.DOC_ID, "step", "kept_start", "kept_end", S.START, S.END, S.TEXT]
    ).sort_values([S.DOC_ID, S.START], kind="stable").reset_index(drop=True)
    if return_removals is False:
        return articles
    if return_removals:
        return articles, removal_df, detail_df
    return Cleaned(articles=articles, removals=removal_df, details=detail_df, corpus=df, rules=r)


def raw_span(article_row, start: int, end: int) -> tuple[int, int]:
    """Map the span ``[start, end)`` of an article's ``text`` to ``(raw_start, raw_end)`` in ``corpus.text``.

    ``article_row`` is a row of the articles table (a Series, a dict, or a namedtuple from
    ``itertuples``). The raw span runs from the raw position of ``text[start]`` to just after the raw
    position of ``text[end - 1]``, so it also covers whatever was removed in between (a joined page
    break, for example). ``raw_text[raw_start:raw_end]`` is the passage to quote in the original.
    """
    get = article_row.get if hasattr(article_row, "get") else lambda k, d=None: getattr(article_row, k, d)
    segs = get(S.RAW_SEGMENTS)
    text = get(S.TEXT)
    if segs is None or text is None:
        raise NqpError("article_row: needs the `raw_segments` and `text` columns of nqp.clean's articles table.")
    n = len(text)
    start, end = int(start), int(end)
    if not (0 <= start <= end <= n):
        raise NqpError(f"raw_span: start={start}, end={end} must satisfy 0 <= start <= end <= len(text) = {n}.")
    segs = [tuple(int(x) for x in s) for s in segs]
    if not segs:
        s0 = int(get(S.START))
        return s0, s0
    text_starts = [s[0] for s in segs]

    def raw_at(i: int) -> int:
        k = bisect_right(text_starts, i) - 1
        t0, r0, _ = segs[k]
        return r0 + (i - t0)

    if start == end:
        if start == n:
            t0, r0, ln = segs[-1]
            return r0 + ln, r0 + ln
        r = raw_at(start)
        return r, r
    return raw_at(start), raw_at(end - 1) + 1


# ---------------------------------------------------------------------------------------------
# near-duplicates across documents

_DROP_FOR_SHINGLES = re.compile(r"[\s,、;:。!?…“”‘’\"'()《》—·\-]+")


def _shingles(text: str, k: int) -> set[int]:
    """Deterministic hashes (crc32) of the character k-grams of ``text``, punctuation and spaces ignored."""
    t = _DROP_FOR_SHINGLES.sub("", text)
    if len(t) < k:
        return {zlib.crc32(t.encode("utf-8"))} if t else set()
    b = [t[i : i + k].encode("utf-8") for i in range(len(t) - k + 1)]
    return {zlib.crc32(x) for x in b}


def near_duplicates(
    articles: pd.DataFrame,
    *,
    unit: str = "paragraph",
    min_chars: int = 30,
    k: int = 5,
    threshold: float = 0.5,
    sample: int = 4,
    max_df: int = 50,
) -> pd.DataFrame:
    """Paragraphs (or sentences) that appear, the same or nearly, in two different documents.

    Syndicated copies and press-release passages show up this way. ``unit`` is ``"paragraph"`` (the
    lines of ``articles.text``) or ``"sentence"`` (:func:`nqp.sentence_spans`). Each unit with at least
    ``min_chars`` characters is cut into character
    ``k``-grams (punctuation and spaces ignored); every ``sample``-th hashed k-gram (by value, so the
    same ones are chosen in every copy) goes into an inverted index, and only paragraphs sharing one
    are compared — no comparison of every pair. A k-gram found in more than ``max_df`` paragraphs
    (boilerplate) is not used to find candidates. A pair is reported when the containment (shared
    k-grams over the k-grams of the shorter paragraph) is at least ``threshold``.

    Returns a DataFrame, one row per pair, sorted by ``containment`` descending then ids:
    ``doc_id_a``, ``article_id_a``, ``start_a``, ``end_a`` (span of the paragraph in the article's
    ``text``), ``doc_id_b``, ``article_id_b``, ``start_b``, ``end_b``, ``containment``, ``jaccard``,
    ``text_a``, ``text_b``; ``a`` is the pair's first document by ``doc_id``.
    """
    cols = [
        "doc_id_a", "article_id_a", "start_a", "end_a", "doc_id_b", "article_id_b", "start_b", "end_b",
        "containment", "jaccard", "text_a", "text_b",
    ]
    if not isinstance(articles, pd.DataFrame) or not {S.DOC_ID, S.ARTICLE_ID, S.TEXT} <= set(articles.columns):
        raise NqpError("articles: expected the DataFrame of nqp.clean (doc_id, article_id, text).")
    if not (0 < threshold <= 1):
        raise NqpError(f"threshold={threshold!r}: must be in (0, 1].")
    if k < 2 or sample < 1 or min_chars < k:
        raise NqpError(f"k={k}, sample={sample}, min_chars={min_chars}: need k >= 2, sample >= 1, min_chars >= k.")
    if unit not in ("paragraph", "sentence"):
        raise NqpError(f"unit={unit!r}: must be \"paragraph\" or \"sentence\".")
    from .text import sentence_spans

    paras = []  # (doc_id, article_id, start, end, text, shingles)
    for doc_id, art_id, text in zip(articles[S.DOC_ID], articles[S.ARTICLE_ID], articles[S.TEXT]):
        if unit == "sentence":
            spans = sentence_spans(text)
        else:
            spans, pos = [], 0
            for line in text.split("\n"):
                spans.append((pos, pos + len(line)))
                pos += len(line) + 1
        for s0, e0 in spans:
            if e0 - s0 >= min_chars:
                paras.append((doc_id, art_id, s0, e0, text[s0:e0], _shingles(text[s0:e0], k)))
    index: dict[int, list[int]] = defaultdict(list)
    for pi, p in enumerate(paras):
        for h in p[5]:
            if h % sample == 0:
                index[h].append(pi)
    pairs: set[tuple[int, int]] = set()
    for plist in index.values():
        if len(plist) < 2 or len(plist) > max_df:
            continue
        for x in range(len(plist)):
            for y in range(x + 1, len(plist)):
                a, b = plist[x], plist[y]
                if paras[a][0] != paras[b][0]:
                    pairs.add((a, b))
    rows = []
    for a, b in pairs:
        pa, pb = paras[a], paras[b]
        if pa[0] > pb[0]:
            pa, pb = pb, pa
        inter = len(pa[5] & pb[5])
        small = min(len(pa[5]), len(pb[5])) or 1
        cont = inter / small
        if cont < threshold:
            continue
        jac = inter / (len(pa[5] | pb[5]) or 1)
        rows.append(
            [pa[0], pa[1], pa[2], pa[3], pb[0], pb[1], pb[2], pb[3], round(cont, 4), round(jac, 4), pa[4], pb[4]]
        )
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(
        ["containment", "doc_id_a", "article_id_a", "start_a", "article_id_b", "start_b"],
        ascending=[False, True, True, True, True, True], kind="stable",
    ).reset_index(drop=True)
    log.info("near_duplicates: %d " + unit + "s compared through a k-gram index; %d cross-document pairs", len(paras), len(out))
    return out


# ---------------------------------------------------------------------------------------------
# writing tables for other tools


# `nqp.clean` is this module's function once the package is imported; keep `nqp.clean.raw_span` working
clean.raw_span = raw_span  # type: ignore[attr-defined]
clean.near_duplicates = near_duplicates  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# the audit: what was removed, joined, repeated (for notebooks and reviewers)


def _text_index(row, raw_pos: int) -> int:
    """Index in the article's ``text`` of raw offset ``raw_pos`` (or of the first kept character after it)."""
    segs = row[S.RAW_SEGMENTS]
    for t0, r0, n in segs:
        t0, r0, n = int(t0), int(r0), int(n)
        if raw_pos < r0:
            return t0
        if raw_pos < r0 + n:
            return t0 + raw_pos - r0
    return len(row[S.TEXT])


def _article_at(articles: pd.DataFrame, doc_id: str, raw_pos: int):
    arts = articles[(articles[S.DOC_ID] == doc_id) & (articles[S.START] <= raw_pos) & (articles[S.END] >= raw_pos)]
    return arts.iloc[0] if len(arts) else None


def _audit_parts(cleaned, old: tuple, name: str) -> tuple:
    """``(corpus, articles, removals, details)`` from a :class:`Cleaned`, or from the deprecated separate tables."""
    if isinstance(cleaned, Cleaned):
        if any(o is not None for o in old):
            raise NqpError(f"{name}(cleaned): pass only the result of nqp.clean; it carries the tables.")
        return cleaned.corpus, cleaned.articles, cleaned.removals, cleaned.details
    warnings.warn(
        f"{name}(corpus, ...) is deprecated: pass the result of nqp.clean, e.g. {name}(nqp.clean(corpus))",
        DeprecationWarning,
        stacklevel=3,
    )
    return (_corpus_frame(cleaned), *old)


def clean_summary(cleaned: Cleaned, articles=None, removals=None) -> pd.DataFrame:
    """Per document, where its characters went (``cleaned``: the result of :func:`clean`).

    Columns: ``doc_id``, ``n_chars`` (raw), ``kept`` (characters in its articles' text), ``removed``
    (characters removed by the named rules, whitespace and paragraph breaks not counted), ``articles``,
    ``on_topic`` (articles on topic), then one column per rule with the characters it removed, in the
    order of the rules (``repeat``, ``paragraph_join``, ``whitespace`` last). Sorted by ``doc_id``.
    ``n_chars == kept + removed + paragraph_join + whitespace`` on every row.
    """
    df, articles, removals, _ = _audit_parts(cleaned, (articles, removals, None), "clean_summary")
    names = [n for n in (cleaned.rules if isinstance(cleaned, Cleaned) else load_clean_rules()).rule_names()]
    rm = removals.assign(n=removals[S.END] - removals[S.START])
    per_rule = rm.pivot_table(index=S.DOC_ID, columns=S.RULE, values="n", aggfunc="sum", fill_value=0)
    order = [n for n in names if n in per_rule.columns] + sorted(c for c in per_rule.columns if c not in names)
    per_rule = per_rule[order]
    out = pd.DataFrame({S.DOC_ID: sorted(df[S.DOC_ID].astype(str))})
    n_chars = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT].str.len()))
    out[S.N_CHARS] = out[S.DOC_ID].map(n_chars).astype(int)
    kept = articles.groupby(S.DOC_ID)[S.N_CHARS].sum()
    out["kept"] = out[S.DOC_ID].map(kept).fillna(0).astype(int)
    content_rules = [c for c in order if c not in (WHITESPACE, PARAGRAPH_JOIN)]
    removed = per_rule[content_rules].sum(axis=1) if content_rules else pd.Series(dtype=int)
    out["removed"] = out[S.DOC_ID].map(removed).fillna(0).astype(int)
    out["articles"] = out[S.DOC_ID].map(articles.groupby(S.DOC_ID).size()).fillna(0).astype(int)
    out[S.ON_TOPIC] = out[S.DOC_ID].map(articles.groupby(S.DOC_ID)[S.ON_TOPIC].sum()).fillna(0).astype(int)
    for c in order:
        out[c] = out[S.DOC_ID].map(per_rule[c]).fillna(0).astype(int)
    return out


def clean_joins(cleaned: Cleaned, articles=None, details=None, context: int = 14) -> pd.DataFrame:
    """The paragraphs joined across column and page breaks, side by side (``cleaned``: from :func:`clean`).

    One row per join, in document order: ``doc_id``, ``article_id``, ``before`` (the end of the first
    part, original script), ``after`` (the start of the second part), ``between`` (what stood between
    them in the raw text and was removed, line breaks shown as ⏎), ``joined`` (the analysis text around
    the join, ``‖`` marking it).
    """
    df, articles, _, details = _audit_parts(cleaned, (articles, None, details), "clean_joins")
    raw = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT]))
    rows = []
    for d in details[details["step"] == PARAGRAPH_JOIN].itertuples(index=False):
        text = raw[d.doc_id]
        art = _article_at(articles, d.doc_id, d.start)
        before = text[max(0, d.start - context) : d.start].split("\n")[-1]
        after = text[d.end : d.end + context].split("\n")[0]
        joined = ""
        if art is not None:
            i = _text_index(art, d.end)
            t = art[S.TEXT]
            joined = t[max(0, i - context) : i].split("\n")[-1] + "‖" + t[i : i + context].split("\n")[0]
        rows.append(
            {
                S.DOC_ID: d.doc_id,
                S.ARTICLE_ID: None if art is None else art[S.ARTICLE_ID],
                "before": before,
                "after": after,
                "between": d.text.replace("\n", "⏎"),
                "joined": joined,
            }
        )
    return pd.DataFrame(rows, columns=[S.DOC_ID, S.ARTICLE_ID, "before", "after", "between", "joined"])


def clean_repeats(cleaned: Cleaned, details=None) -> pd.DataFrame:
    """The layout repeats removed, side by side with the copy kept (``cleaned``: from :func:`clean`).

    One row per repeat, in document order: ``doc_id``, ``n_chars``, ``where`` (how the removed copy sat
    in the page: ``whole paragraph``, ``pull quote inside a sentence``, ``pasted at a paragraph end``, or
    ``long repeat``), ``kept_start``, ``removed_start`` (raw offsets), ``kept`` and ``removed`` (the two
    copies, original script).
    """
    df, _, _, details = _audit_parts(cleaned, (None, None, details), "clean_repeats")
    raw = dict(zip(df[S.DOC_ID].astype(str), df[S.TEXT]))
    rows = []
    for d in details[details["step"] == REPEAT].itertuples(index=False):
        text = raw[d.doc_id]
        line_start = text.rfind("\n", 0, d.start) + 1
        nl = text.find("\n", d.end)
        line_end = len(text) if nl < 0 else nl
        whole = not text[line_start : d.start].strip() and not text[d.end : line_end].strip()
        if whole:
            prev = text[:line_start].rstrip()
            where = "pull quote inside a sentence" if prev and prev[-1] not in "。!?！？;；…”’\"" else "whole paragraph"
        elif not text[d.end : line_end].strip():
            where = "pasted at a paragraph end"
        else:
            where = "long repeat"
        rows.append(
            {
                S.DOC_ID: d.doc_id,
                S.N_CHARS: d.end - d.start,
                "where": where,
                "kept_start": d.kept_start,
                "removed_start": d.start,
                "kept": text[d.kept_start : d.kept_end],
                "removed": d.text,
            }
        )
    return pd.DataFrame(rows, columns=[S.DOC_ID, S.N_CHARS, "where", "kept_start", "removed_start", "kept", "removed"])


def textplot_removals(summary: pd.DataFrame, ax=None):
    """Characters removed from each document, stacked by rule (whitespace and paragraph breaks left out),
    with the share of the document they make. ``summary`` is :func:`clean_summary`'s table.
    Returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    fixed = {S.DOC_ID, S.N_CHARS, "kept", "removed", "articles", S.ON_TOPIC, WHITESPACE, PARAGRAPH_JOIN}
    rules = [c for c in summary.columns if c not in fixed and summary[c].sum() > 0]
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.45 * len(summary) + 1.8))
    else:
        fig = ax.figure
    labels = summary[S.DOC_ID].astype(str).str.slice(0, 24)
    y = np.arange(len(summary))
    left = np.zeros(len(summary))
    cmap = plt.get_cmap("tab20")
    for i, rule in enumerate(rules):
        ax.barh(y, summary[rule], left=left, color=cmap(i % 20), label=rule)
        left += summary[rule].to_numpy()
    for yi, (removed, total) in enumerate(zip(summary["removed"], summary[S.N_CHARS])):
        ax.annotate(f"{removed / max(total, 1):.1%} of {total:,}", (removed, yi), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(1, float(summary["removed"].max())) * 1.3)
    ax.set_xlabel("characters removed (whitespace and paragraph breaks not shown)")
    if rules:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="rule")
    ax.set_title("What cleaning removed from each document, by rule")
    fig.tight_layout()
    return fig, ax


def textplot_relevance(articles: pd.DataFrame, max_articles: int = 40, ax=None):
    """Relevance of each article to the theme (weighted mentions per 1,000 characters), on-topic
    articles in colour, off-topic ones grey; labelled with the start of the title. The ``max_articles``
    most relevant are shown when there are more. Returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()
    arts = articles.sort_values([S.RELEVANCE, S.ARTICLE_ID], ascending=[False, True]).head(max_articles)
    arts = arts.sort_values([S.DOC_ID, S.POSITION])
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 0.32 * len(arts) + 1.6))
    else:
        fig = ax.figure
    labels = [f"{a[:3]}·{p} {t[:18] or '(untitled)'}" for a, p, t in zip(arts[S.DOC_ID], arts[S.POSITION], arts[S.TITLE])]
    colors = ["#d95f02" if on else "#bdbdbd" for on in arts[S.ON_TOPIC]]
    y = np.arange(len(arts))
    ax.barh(y, arts[S.RELEVANCE], color=colors)
    ax.set_yticks(y, labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("theme mentions (weighted) per 1,000 characters")
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ("#d95f02", "#bdbdbd")]
    ax.legend(handles, ["on topic", "off topic (flagged, kept)"], loc="lower right", fontsize=8)
    shown = "" if len(arts) == len(articles) else f" ({len(arts)} most relevant of {len(articles)})"
    ax.set_title("Relevance of each article to the theme" + shown)
    fig.tight_layout()
    return fig, ax
