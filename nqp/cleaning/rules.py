"""The cleaning rules: the TOML files, their validation, and the :class:`CleanRules` they make.

Rules are data (``nqp/data/clean_rules.toml``, plus the user's files read after it). Loaded rules are
cached by the files' content, so an edited file takes effect at the next call, also in a running Python process.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from ..errors import NqpValueError

try:  # Python >= 3.11
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli comes with jupyterlab there)
    import tomli as tomllib

log = logging.getLogger(__name__)

__all__ = ["CleanRules", "RemoveRule", "RulesError", "SectionLabel", "clean_rules_table", "load_clean_rules"]

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "clean_rules.toml"

#: built-in rule names of the removal log
WHITESPACE = "whitespace"
PARAGRAPH_JOIN = "paragraph_join"
REPEAT = "repeat"
MASTHEAD = "masthead"
BOILERPLATE = "boilerplate"

KIND_ARTICLE = "article"
KIND_PHOTOS = "photos"


class RulesError(NqpValueError):
    """A cleaning-rules file cannot be used as given."""


@dataclass(frozen=True)
class RemoveRule:
    """One named removal rule (see ``nqp/data/clean_rules.toml`` for the fields)."""

    name: str
    pattern: re.Pattern
    scope: str = "line"
    byline: bool = False
    starts: str | None = None
    photo: bool = False
    page_sign: bool = False
    description: str = ""
    not_alone: bool = False
    block: str | None = None
    opening: bool = False


@dataclass(frozen=True)
class SectionLabel:
    """A heading that names a page column (两会·镜头); ``starts`` an article of ``kind``."""

    name: str
    pattern: re.Pattern
    starts: str | None = "article"
    kind: str = KIND_ARTICLE


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: loaded once per content of the files
class CleanRules:
    """The rules ``clean`` applies: removal rules, section labels, settings, punctuation."""

    remove: tuple[RemoveRule, ...]
    sections: tuple[SectionLabel, ...]
    punctuation: tuple[tuple[str, str], ...]
    heading_max_chars: int = 48
    heading_max_chars_labelled: int = 64
    heading_max_commas: int = 2
    heading_never_ends_with: str = ""
    heading_numbered: str = ""
    repeat_min_chars: int = 40
    repeat_min_chars_anywhere: int = 200
    repeat_max_distance: int = 20000
    line_max_chars: int = 40
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

    @cached_property
    def _head_test(self) -> tuple[re.Pattern | None, re.Pattern | None, re.Pattern | None]:
        """What :meth:`head_matches` runs: the anchored rules that cannot match without one of a few literal
        strings (:func:`_required_literals`: a photo caption needs 供图, 摄 or 来源 ...; a credit line 摄影, 编辑 ...)
        combined into one pattern, tried only on a line where one search finds one of those strings; the other
        anchored rules combined into another, tried on every line."""
        combined, plan = self._plan
        anchored = [r for r, m in plan if m is None]
        if combined is None or not anchored:
            return combined, None, None
        free, gated, needs = [], [], set()
        for r in anchored:
            need = _required_literals(r.pattern.pattern)
            if need:
                gated.append(r)
                needs |= need
            else:
                free.append(r)

        def join(rules):
            parts = [re.sub(r"\(\?P<\w+>", "(?:", r.pattern.pattern) for r in rules]
            return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None

        if not gated:
            return combined, None, None
        return join(free), re.compile("|".join(map(re.escape, sorted(needs, key=lambda x: (-len(x), x))))), join(gated)

    def head_matches(self, line: str) -> bool:
        """Does some rule anchored at the line start match ``line``? (The answer of one combined match of
        all of them, found faster.)"""
        rest, need, gated = self._head_test
        if rest is not None and rest.match(line) is not None:
            return True
        return need is not None and need.search(line) is not None and gated.match(line) is not None

    def rule_names(self) -> list[str]:
        """Every rule name that can appear in the removal log, in the order rules are applied."""
        return [BOILERPLATE, MASTHEAD] + [r.name for r in self.remove] + [REPEAT, PARAGRAPH_JOIN, WHITESPACE]


_SETTINGS = {
    "heading_max_chars": int,
    "heading_max_chars_labelled": int,
    "heading_max_commas": int,
    "heading_never_ends_with": str,
    "heading_numbered": str,
    "repeat_min_chars": int,
    "repeat_min_chars_anywhere": int,
    "repeat_max_distance": int,
    "line_max_chars": int,
}


@dataclass(frozen=True)
class _Table:
    """How one array of tables of a rules file (``[[remove]]``, ``[[section]]``) is read."""

    key: str
    needs_name: str  # the end of the message for an entry without a name
    fields: frozenset[str]
    choices: tuple[tuple[str, tuple, object], ...]  # (field, allowed values, default)
    moves: bool  # a replaced entry moves to where its replacement stands (else it keeps its place)


_REMOVE = _Table(
    key="remove",
    needs_name="every rule needs a `name` (it appears in the removal log).",
    fields=frozenset({"name", "pattern", "scope", "byline", "starts", "photo", "page_sign", "not_alone", "block",
                      "opening", "description", "enabled"}),
    choices=(("scope", ("line", "inline"), "line"), ("starts", (None, "article", "after_headings"), None),
             ("block", (None, "headlines"), None)),
    moves=True,
)
_SECTION = _Table(
    key="section",
    needs_name="every section label needs a `name`.",
    fields=frozenset({"name", "pattern", "starts", "kind", "description", "enabled"}),
    choices=(("starts", ("article", "after_headings"), "article"), ("kind", (KIND_ARTICLE, KIND_PHOTOS), KIND_ARTICLE)),
    moves=False,
)


def _read_table(data: dict, table: _Table, file_name: str, entries: dict[str, dict]) -> None:
    """Read the entries of ``[[table.key]]`` into ``entries`` (name -> fields): add, replace, switch off."""
    for i, r in enumerate(data.get(table.key, [])):
        where = f"{file_name}: [[{table.key}]] #{i + 1}"
        if "name" not in r:
            raise RulesError(f"{where}: {table.needs_name}")
        if r.get("enabled", True) is False:
            entries.pop(r["name"], None)
            continue
        unknown = set(r) - table.fields
        if unknown:
            raise RulesError(f"{where} ({r['name']}): unknown field(s) {sorted(unknown)}.")
        for name, allowed, default in table.choices:
            if r.get(name, default) not in allowed:
                listed = " or ".join(f'"{a}"' for a in allowed if a is not None)
                raise RulesError(f"{where} ({r['name']}): {name} must be {listed}, got {r.get(name)!r}.")
        if table.moves:
            entries.pop(r["name"], None)
        entries[r["name"]] = dict(r, _where=where)


def _required_literals(pattern: str) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` holds (``None`` when none can be told): read
    from the parsed pattern, through groups, alternatives (one string of each) and repeats of at least one.
    A pattern with case-insensitive or verbose parts is not read."""
    try:
        from re import _parser as sre_parse  # Python >= 3.11
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # pragma: no cover - the rules were compiled already
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    names = sre_parse  # the opcodes live beside the parser
    lit, sub, branch = names.LITERAL, names.SUBPATTERN, names.BRANCH
    repeats = (names.MAX_REPEAT, names.MIN_REPEAT, getattr(names, "POSSESSIVE_REPEAT", None))

    def best(cands):
        cands = [c for c in cands if c]
        return max(cands, key=lambda c: (min(map(len, c)), -len(c))) if cands else None

    def seq(items) -> frozenset[str] | None:
        cands, run = [], ""
        for op, av in items:
            if op is lit:
                run += chr(av)
                continue
            if run:
                cands.append(frozenset([run]))
                run = ""
            if op is sub:
                if av[1] & re.IGNORECASE:  # (?i:...)
                    continue
                cands.append(seq(av[3]))
            elif op is branch:
                alts = [seq(b) for b in av[1]]
                if all(alts):
                    cands.append(frozenset().union(*alts))
            elif op in repeats and av[0] >= 1:
                cands.append(seq(av[2]))
        if run:
            cands.append(frozenset([run]))
        return best(cands)

    return seq(parsed)


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


def _read_bytes(path: Path) -> bytes:
    if not path.is_file():
        raise RulesError(f"rules={str(path)!r}: no such file. Pass the path of a TOML file like nqp/data/clean_rules.toml.")
    return path.read_bytes()


def _parse_toml(path: str, content: bytes) -> dict:
    try:
        return tomllib.loads(content.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RulesError(f"rules={path!r}: not valid UTF-8 TOML ({exc}). Fix the file; see nqp/data/clean_rules.toml.") from None


def _compile(pattern, where: str) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern:
        raise RulesError(f"{where}: `pattern` must be a non-empty string, got {pattern!r}.")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RulesError(f"{where}: pattern {pattern!r} is not a valid regular expression ({exc}).") from None


@lru_cache(maxsize=16)
def _load_rules_cached(files: tuple[tuple[str, bytes], ...]) -> CleanRules:
    """The rules of ``files`` (``(path, content)`` pairs): keyed by content, so an edited file is read again."""
    removes: dict[str, dict] = {}
    sections: dict[str, dict] = {}
    settings: dict = {}
    punct: dict[str, str] = {}
    for path, content in files:
        data = _parse_toml(path, content)
        name = Path(path).name
        if "theme" in data or "on_topic_min_weight" in data.get("settings", {}):
            raise RulesError(
                f"{name}: [theme] terms and on_topic_min_weight are no longer cleaning rules: cleaning does not "
                "judge relevance. Remove them from the file and select articles by theme with "
                "nqp.articles_in_scope(articles, terms)."
            )
        _read_table(data, _REMOVE, name, removes)
        _read_table(data, _SECTION, name, sections)
        for k, v in data.get("settings", {}).items():
            if k not in _SETTINGS:
                raise RulesError(f"{name}: [settings] {k!r} is unknown; known: {', '.join(_SETTINGS)}.")
            try:
                settings[k] = _SETTINGS[k](v)
            except (TypeError, ValueError):
                raise RulesError(f"{name}: [settings] {k} = {v!r} must be {_SETTINGS[k].__name__}.") from None
        for k, v in data.get("normalize", {}).get("punctuation", {}).items():
            if len(k) != 1 or not isinstance(v, str) or len(v) != 1:
                raise RulesError(
                    f"{name}: [normalize.punctuation] {k!r} = {v!r}: both sides must be ONE character "
                    "(the analysis layer keeps the length of the original)."
                )
            punct[k] = v
    for r in removes.values():
        if r.get("block") and r.get("scope", "line") != "line":
            raise RulesError(f"{r['_where']} ({r['name']}): block = \"headlines\" needs scope = \"line\" (the heading goes whole).")
    reserved = {BOILERPLATE, MASTHEAD, REPEAT, PARAGRAPH_JOIN, WHITESPACE}
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
            page_sign=bool(r.get("page_sign", False)),
            description=r.get("description", ""),
            not_alone=bool(r.get("not_alone", False)),
            block=r.get("block"),
            opening=bool(r.get("opening", False)),
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
        files=tuple(path for path, _ in files),
        **settings,
    )


def load_clean_rules(rules=None) -> CleanRules:
    """The cleaning rules: the package's ``nqp/data/clean_rules.toml`` plus the user's file(s).

    ``rules`` is ``None`` (package rules only), a path or a list of paths of TOML files read after
    the package's (same-named rules replace, ``enabled = false`` switches off), or a
    :class:`CleanRules` returned as is. The files are read at every call and the rules cached by their
    content: a file edited while Python runs takes effect at the next call.
    """
    if isinstance(rules, CleanRules):
        return rules
    if rules is None:
        extra: list[Path] = []
    elif isinstance(rules, (str, Path)):
        extra = [Path(rules).expanduser().resolve()]
    elif isinstance(rules, (list, tuple)) and all(isinstance(r, (str, Path)) for r in rules):
        extra = [Path(r).expanduser().resolve() for r in rules]
    else:
        raise RulesError(f"rules={rules!r}: pass None, a path to a TOML rules file, a list of paths, or CleanRules.")
    return _load_rules_cached(tuple((str(f), _read_bytes(f)) for f in [RULES_FILE, *extra]))


def clean_rules_table(rules=None) -> pd.DataFrame:
    """The removal rules as a table: ``rule``, ``scope``, ``byline``, ``starts``, ``photo``, ``page_sign``, ``not_alone``, ``block``, ``opening``, ``pattern``,
    ``description``, in the order they are applied, then the built-in steps."""
    r = load_clean_rules(rules)
    rows = [
        {
            "rule": x.name,
            "scope": x.scope,
            "byline": x.byline,
            "starts": x.starts or "",
            "photo": x.photo,
            "page_sign": x.page_sign,
            "not_alone": x.not_alone,
            "block": x.block or "",
            "opening": x.opening,
            "pattern": x.pattern.pattern,
            "description": x.description,
        }
        for x in r.remove
    ]
    builtin = {
        BOILERPLATE: "a phrase that opens or closes a large share of one outlet's articles (新浪娱乐讯, 央视网消息, a page "
        "footer), learned from the corpus (nqp.clean's boilerplate= and boilerplate_min_articles=)",
        MASTHEAD: "a line that only repeats the outlet's name (华西都市报·封面新闻), usually above the byline",
        REPEAT: f"a verbatim passage of at least {r.repeat_min_chars} characters printed twice in one page: kept once "
        "(pages only)",
        PARAGRAPH_JOIN: "the break inside a sentence cut by a column or page break (pages only, with evidence: a word "
        "or a quotation across the break, a clause too short to end a paragraph ...)",
        WHITESPACE: "blank lines, indentation and the space between articles",
    }
    rows += [
        {"rule": k, "scope": "built-in", "byline": False, "starts": "", "photo": False, "page_sign": False,
         "not_alone": False, "block": "", "opening": False, "pattern": "",
         "description": v}
        for k, v in builtin.items()
    ]
    return pd.DataFrame(rows)
