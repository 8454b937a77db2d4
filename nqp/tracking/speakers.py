"""Speaker attribution: who says a span of an article (:func:`speaker_of`).

A mention is attributed, in this order, to

1. the person a heading presents (``研究人员宋瑾: 产业建圈强链,...`` -> 宋瑾), when it is in a heading;
2. the speaker of the quotation “…” it stands in, introduced right after the closing quote
   (``“…”研究人员宋瑾表示``) or right before the opening one (``宋瑾认为,“…”``);
3. the speaker of the reported speech of its sentence: the last speech cue before it in the same
   sentence (``宋瑾建议,可以将…``, ``他建议,…引导产业建圈强链``, ``国家发展改革委表示,…``), or a cue
   that closes the sentence (``…,宋瑾表示。``);
4. otherwise the outlet's own voice.

A speech cue starts a clause and ends in a speech verb. Its subject is

- a person: a role and a name (``省政协委员邱士安说``, ``美国财政部长耶伦表示``), a name and a title
  (``习近平总书记对大家说``, ``高鸿钧常委代表无党派人士界发言提出``), a role alone (``相关负责人说``) or a
  name already introduced (``宋瑾建议``, ``在邱士安看来``, ``李强在会上强调``; a name is introduced by a
  cue, by a role or title before an action such as 主持召开, or by the list of ``[names] people``);
- a pronoun (``他强调``, ``他们认为``), resolved to the last name introduced before it (in the same
  sentence too: ``赵乐际主持召开…,他强调``), or a demonstrative (``该负责人介绍``, ``该局指出``),
  resolved to the last cue before it whose role or body ends the same way; ``unresolved`` when nobody
  fits;
- a body: a government, party or state organ, a ministry, commission, bureau or office, a province,
  city, district or county, a company, a university or institute, a foreign body (``国家发展改革委表示``,
  ``北京市明确``, ``青白江区委提出``, ``中国社会科学院认为``).

A name is never shorter or other than the surname rules allow: a surname of ``[names]`` and one or two
characters (a compound surname and one or two), so no fragment such as 对大家 or 界发言 becomes a
speaker; after a foreign role any two to eight characters (布林肯). The cue found is kept in
``speaker_cue`` with its offsets, ``speaker_cue_start``/``speaker_cue_end`` in the article text, so every
attribution can be checked by reading.

The grammar of a cue is code (here); its words are data: ``nqp/data/speakers.toml``, which a file of
your own extends (:func:`load_speaker_rules`; ``nqp.theme(..., speakers=path)``; notebook 06's
parameter ``speakers``), so a corpus about another province needs no change to the package.
"""

from __future__ import annotations

import hashlib
import logging
import re
from bisect import bisect_left, bisect_right
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import schema as S
from ..errors import NqpTypeError, NqpValueError
from ..text import term_alternation

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10 (tomli comes with jupyterlab there)
    import tomli as tomllib

log = logging.getLogger(__name__)

__all__ = ["SPEAKER_TYPES", "ATTRIBUTIONS", "SpeakerRules", "load_speaker_rules", "speaker_type_of", "body_type_of",
           "speaker_of", "theme_speaker_types", "theme_speaker"]

SPEAKERS_FILE = Path(__file__).resolve().parent.parent / "data" / "speakers.toml"

#: speaker types, in the order tables list them: people (and bodies of that kind: a company is
#: ``business``, a university ``expert``, a foreign body ``foreign``), the government as a body, the
#: outlet's own voice, and a pronoun or demonstrative nobody named before it fits
SPEAKER_TYPES = ("official", "expert", "business", "foreign", "other", "government", "outlet", "unresolved")
#: how a mention is attributed (the ``attribution`` column)
ATTRIBUTIONS = ("heading", "quote", "reported", "outlet")

#: the word lists of a speakers file: TOML table -> key -> SpeakerRules field
_FIELDS = {
    "cues": {"prefixes": "prefixes", "occasions": "occasions", "role_suffixes": "role_suffixes", "titles": "titles",
             "anonymous_suffixes": "anonymous_suffixes", "verbs": "verbs", "adverbs": "adverbs",
             "pronouns": "pronouns", "demonstratives": "demonstratives", "introducers": "introducers"},
    "government": {"subjects": "government_subjects", "suffixes": "government_suffixes",
                   "not_bodies": "not_bodies", "not_starts": "not_starts", "starts_ok": "starts_ok", "not_inside": "not_inside", "actions": "actions",
                   "references": "references", "verbs": "government_verbs"},
    "names": {"surnames": "surnames", "compound_surnames": "compound_surnames", "people": "people",
              "not_last": "not_last", "not_last_any": "not_last_any", "not_names": "not_names"},
    "types": {"foreign": "foreign", "government": "government", "expert": "expert", "business": "business",
              "official": "official"},
}


@dataclass(frozen=True)
class SpeakerRules:
    """The speech-cue vocabulary (see ``nqp/data/speakers.toml`` for what each list is). Hashable."""

    boundary: str
    prefixes: tuple[str, ...]
    role_suffixes: tuple[str, ...]
    anonymous_suffixes: tuple[str, ...]
    verbs: tuple[str, ...]
    adverbs: tuple[str, ...]
    pronouns: tuple[str, ...]
    government_subjects: tuple[str, ...]
    government_suffixes: tuple[str, ...]
    government_verbs: tuple[str, ...]
    expert: tuple[str, ...]
    business: tuple[str, ...]
    official: tuple[str, ...]
    occasions: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    demonstratives: tuple[str, ...] = ()
    introducers: tuple[str, ...] = ()
    not_bodies: tuple[str, ...] = ()
    not_starts: tuple[str, ...] = ()
    starts_ok: tuple[str, ...] = ()
    not_inside: tuple[str, ...] = ()
    not_names: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    compound_surnames: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    not_last: tuple[str, ...] = ()
    not_last_any: tuple[str, ...] = ()
    foreign: tuple[str, ...] = ()
    government: tuple[str, ...] = ()
    files: tuple[str, ...] = ()


def _read(path: Path) -> dict:
    if not path.is_file():
        raise NqpValueError(f"speakers={str(path)!r}: no such file. Pass the path of a TOML file like nqp/data/speakers.toml.")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NqpValueError(
            f"speakers={str(path)!r}: not valid UTF-8 TOML ({exc}). Fix the file; see nqp/data/speakers.toml."
        ) from None


@lru_cache(maxsize=16)
def _load_cached(files: tuple[tuple[str, str], ...]) -> SpeakerRules:
    # keyed by (path, content hash): a file edited in a session is read again
    words: dict[str, list[str]] = {f: [] for table in _FIELDS.values() for f in table.values()}
    boundary = ""
    for path, _ in files:
        data = _read(Path(path))
        name = Path(path).name
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise NqpValueError(f"{name}: unknown table(s) {sorted(unknown)}; known: {', '.join(_FIELDS)}.")
        for table, fields in _FIELDS.items():
            section = data.get(table, {})
            extra = set(section) - set(fields) - ({"boundary"} if table == "cues" else set())
            if extra:
                raise NqpValueError(f"{name}: [{table}] has unknown key(s) {sorted(extra)}; known: {', '.join(fields)}.")
            for key, field in fields.items():
                values = section.get(key, [])
                if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                    raise NqpValueError(f"{name}: [{table}] {key} must be a list of non-empty strings, got {values!r}.")
                words[field] += [v for v in values if v not in words[field]]
        bad = [v for v in data.get("names", {}).get("surnames", []) if isinstance(v, str) and len(v) != 1]
        bad += [v for v in data.get("names", {}).get("compound_surnames", []) if isinstance(v, str) and len(v) < 2]
        if bad:
            raise NqpValueError(f"{name}: [names] surnames are single characters and compound_surnames two or more, "
                                f"got {bad!r}; move each to the list it belongs to.")
        b = data.get("cues", {}).get("boundary", "")
        if not isinstance(b, str):
            raise NqpValueError(f"{name}: [cues] boundary must be a string of characters, got {b!r}.")
        boundary += "".join(c for c in b if c not in boundary)
    return SpeakerRules(boundary=boundary, files=tuple(p for p, _ in files),
                        **{k: tuple(v) for k, v in words.items()})


def load_speaker_rules(speakers=None) -> SpeakerRules:
    """The speech-cue vocabulary: the package's ``nqp/data/speakers.toml`` plus your file(s).

    ``speakers``: None (the package's only), a path or a list of paths of TOML files read after the
    package's, whose lists add words to the package's (same tables and keys), or a
    :class:`SpeakerRules` returned as is.
    """
    if isinstance(speakers, SpeakerRules):
        return speakers
    if speakers is None:
        extra: list[Path] = []
    elif isinstance(speakers, (str, Path)):
        extra = [Path(speakers)]
    elif isinstance(speakers, (list, tuple)) and all(isinstance(p, (str, Path)) for p in speakers):
        extra = [Path(p) for p in speakers]
    else:
        raise NqpTypeError(
            f"speakers={speakers!r}: pass None, the path of a TOML speakers file, a list of paths, or SpeakerRules."
        )
    files = []
    for p in [SPEAKERS_FILE, *(q.expanduser().resolve() for q in extra)]:
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
        files.append((str(p), digest))
    return _load_cached(tuple(files))


class _Patterns:
    """The compiled cue patterns of one :class:`SpeakerRules`."""

    def __init__(self, r: SpeakerRules):
        alt = term_alternation

        def ending(words) -> str:
            # the alternation of words that end a role or a body, behind a look-ahead at their first characters:
            # the same matches, but each of the up to 41 lengths a lazy role tries at each position fails on
            # one character class instead of on every word (3.5x faster on long text)
            first = "".join(sorted({w[0] for w in words if w}))
            return rf"(?=[{re.escape(first)}])(?:{alt(words)})" if first else ""

        b = re.escape(r.boundary)
        han = r"\u4e00-\u9fff"
        self.start = start = rf"(?:^|(?<=[{b}]))(?:{alt(r.prefixes)})?"
        # between the subject and the verb: an occasion (在会上, 对大家, 代表…界发言), then an adverb
        occasion = rf"(?:(?:{alt(r.occasions)})[^{b}\s]{{0,24}}?)?" if r.occasions else ""
        self.tail = tail = rf"{occasion}(?:{alt(r.adverbs)})?(?P<verb>{alt(r.verbs)})"
        singles = "".join(sorted({c for c in r.surnames if len(c) == 1}))
        surname = "|".join(x for x in (alt(r.compound_surnames), f"[{re.escape(singles)}]" if singles else "") if x)
        # a name: one of [names] people, or a surname and one or two characters
        name = rf"(?:{alt(r.people)})" if r.people else ""
        no_end = "".join(sorted({c for c in r.not_last_any if len(c) == 1}))
        end_ok = rf"(?<![{re.escape(no_end)}])" if no_end else ""
        given = rf"(?:{surname})[{han}]{{1,2}}?{end_ok}" if surname else ""
        self.name = name = "|".join(x for x in (name, given) if x) or "(?!)"
        role = rf"[^{b}\s]{{0,40}}?(?:{ending(r.role_suffixes)})"
        self.role = re.compile(rf"{start}(?P<role>{role})(?P<name>{name}){tail}", re.M)
        self.titled = re.compile(rf"{start}(?P<name>{name})(?P<role>{alt(r.titles) or '(?!)'}){tail}", re.M)
        # after a foreign role any two to eight characters make the name (美国国务卿布林肯); kept only when
        # the role names a foreign country or body
        self.foreign = re.compile(rf"{start}(?P<role>{role})(?P<name>[{han}·]{{2,8}}?){tail}", re.M)
        self.foreign_role = re.compile(alt(r.foreign)) if r.foreign else None
        self.anonymous = re.compile(rf"{start}(?P<role>[^{b}\s]{{0,40}}?(?:{ending(r.anonymous_suffixes)}))(?P<name>){tail}",
                                    re.M)
        self.heading = re.compile(
            rf"(?:^|(?<=[{b}\s]))(?P<role>{role})(?P<name>{name})?\s*:"
        )
        # names introduced without a speech verb: a role and a name, or a name and a title, before an
        # action (主持召开) or a pause
        # (or before a word a name never ends in: 宋平将对此作说明)
        after = "".join(sorted({c for c in r.not_last_any if len(c) == 1}))
        pause = rf"[,、;:。!?\s({re.escape(after)}]"
        intro = rf"(?=(?:{alt(r.introducers)})|{pause}|$)" if r.introducers else rf"(?={pause}|$)"
        self.intro_role = re.compile(rf"(?P<role>{role})(?P<name>{name}){intro}", re.M)
        self.intro_titled = re.compile(rf"{start}(?P<name>{name})(?P<role>{alt(r.titles) or '(?!)'}){intro}", re.M)
        self.people = re.compile(alt(r.people)) if r.people else None
        # a name alone before a speech verb (郭程明表示, 宋瑾认为, 周总理说): surname rules only, never a
        # body, no occasion between (曾经对…提出 is no speech of 曾经)
        bare_tail = rf"(?:{alt(r.adverbs)})?(?P<verb>{alt(r.verbs)})"
        self.bare = re.compile(rf"{start}(?P<name>{given or '(?!)'}){bare_tail}", re.M)
        self.intro_anonymous = re.compile(
            rf"{start}(?P<name>[^{b}\s]{{0,40}}?(?:{ending(r.anonymous_suffixes)})){intro}", re.M)
        self.intro_foreign = re.compile(rf"{start}(?P<role>{role})(?P<name>[{han}·]{{2,8}}?){intro}", re.M)
        self.pronoun = re.compile(rf"{start}(?P<name>{alt(r.pronouns)}){tail}", re.M)
        ends = alt([*r.role_suffixes, *r.government_suffixes])
        any_verb = rf"{occasion}(?:{alt(r.adverbs)})?(?P<verb>{alt([*r.verbs, *r.government_verbs])})"
        self.demonstrative = (
            re.compile(rf"{start}(?P<name>(?:{alt(r.demonstratives)})(?P<ref>{ends})){any_verb}", re.M)
            if r.demonstratives else None
        )
        gov_tail = rf"{occasion}(?:{alt(r.adverbs)})?(?P<verb>{alt(r.government_verbs)})"
        subjects = alt(r.government_subjects)
        body = rf"[{han}]{{0,14}}?(?:{ending(r.government_suffixes)})"
        bodies = "|".join(x for x in (subjects, body) if x)
        self.government = re.compile(rf"{start}(?P<name>{bodies}){gov_tail}", re.M)
        # a body named with an action (国家统计局日前召开会议), what 会议 and 该局 may refer back to
        acting = "|".join(x for x in (body, subjects) if x)  # 北京市发布通知: the body with its suffix
        self.acting = (re.compile(rf"{start}(?P<name>{acting})[^{b}\s]{{0,6}}?(?:{alt(r.actions)})", re.M)
                       if r.actions else None)
        self.references = frozenset(r.references)
        self.not_bodies = frozenset(r.not_bodies)
        self.not_starts = tuple(r.not_starts)
        self.starts_ok = tuple(r.starts_ok)
        self.not_inside = tuple(r.not_inside)
        self.demonstratives = tuple(r.demonstratives)
        self.not_names = frozenset(r.not_names)
        self.titles = tuple(r.titles)
        self.body_ends = tuple(r.government_suffixes)
        # a person's type: a foreign word; then organisation words (those ending like a body); then titles
        ends = tuple(r.government_suffixes)
        self.types = [("foreign", re.compile(alt(r.foreign)))] if r.foreign else []
        for pass_orgs in (True, False):
            for kind in ("expert", "business", "official"):
                words = [w for w in getattr(r, kind) if w.endswith(ends) == pass_orgs]
                if words:
                    self.types.append((kind, re.compile(alt(words))))
        self.body_types = [(kind, re.compile(alt(getattr(r, kind))))
                           for kind in ("foreign", "government", "expert", "business") if getattr(r, kind)]
        self.officials = frozenset(r.people)
        # the parts of the cue of a known name (:meth:`names`), for :meth:`_Speakers.name_cues`: the clause
        # start (the text's start, a line break or a boundary character before), the prefixes in the order
        # the alternation tries them (longest first), and the rest of the cue after the name
        self.boundary = frozenset(r.boundary) | {"\n"}
        self.prefixes = sorted({x for x in r.prefixes if x}, key=lambda f: (-len(f), f))
        self.prefix_set = frozenset(self.prefixes)
        self.tail_re = re.compile(tail, re.M)
        self.not_last = frozenset(r.not_last)


    def starts_badly(self, name: str) -> bool:
        """Does ``name`` start with a word no speaker starts with (按照…, 对…), and not with a noun that
        begins like one (经济学者, 对外…)?"""
        return name.startswith(self.not_starts) and not name.startswith(self.starts_ok)

    def names(self, known) -> re.Pattern:
        """A cue made of a name already introduced (宋瑾建议), as one regex: what :meth:`_Speakers.name_cues`
        finds without it (an alternation of every known name tried at every clause start costs the number of
        names, which grows with the text, at each clause: quadratic in a long article)."""
        return re.compile(rf"{self.start}(?P<name>{term_alternation(known)}){self.tail}", re.M)


@lru_cache(maxsize=16)
def _patterns(rules: SpeakerRules) -> _Patterns:
    return _Patterns(rules)


#: the end of a sentence for attribution: 。!? with closing quotes. Deliberately not ; or ;
#: (nqp.text.sentence_spans ends sentences there too): reported speech runs on over a semicolon
#: (宋瑾建议,一是…;二是…), so the cue before the semicolon still speaks the clause after it.
_SPEECH_SENTENCE_END = re.compile(r"[。!?][”’\"']*")
_QUOTE_MARK = re.compile("[“”]")


def speaker_type_of(role: str | None, speakers=None) -> str:
    """``foreign``, ``expert``, ``business``, ``official`` or ``other`` for a person's role (研究人员 -> expert).

    Tested in that order, so 美国财政部长 is foreign, 大学…主任、教授 an expert and 公司党委书记、董事长
    business. The words of each type are the ``[types]`` of ``nqp/data/speakers.toml`` (``speakers``:
    see :func:`load_speaker_rules`).
    """
    return _role_type(_patterns(load_speaker_rules(speakers)), role)


def _role_type(px: _Patterns, role) -> str:
    if not isinstance(role, str) or not role:
        return "other"
    for kind, rx in px.types:
        if rx.search(role):
            return kind
    return "other"


def body_type_of(body: str | None, speakers=None) -> str:
    """``foreign``, ``government``, ``expert`` or ``business`` for a body that speaks (国家发展改革委 -> government).

    Tested in that order (``[types]`` of ``nqp/data/speakers.toml``), so 中国人民银行 is the government,
    中国社会科学院 an expert and 某某集团 business; a body no word types is the government.
    """
    return _body_type(_patterns(load_speaker_rules(speakers)), body)


def _body_type(px: _Patterns, body) -> str:
    if not isinstance(body, str) or not body:
        return "government"
    for kind, rx in px.body_types:
        if rx.search(body):
            return kind
    return "government"


class _Cue:
    """One speech cue: its span, its kind (person, pronoun, demonstrative, government) and its subject."""

    __slots__ = ("start", "end", "kind", "name", "role", "name_start", "name_end", "ref")

    def __init__(self, start, end, kind, name, role, name_start, name_end, ref=None):
        self.start, self.end, self.kind = start, end, kind
        self.name, self.role, self.name_start, self.name_end = name, role, name_start, name_end
        self.ref = ref  # a demonstrative's ending (该局 -> 局)


class _Speakers:
    """The speech cues and introduced names of one article text."""

    def __init__(self, text: str, headings=(), rules: SpeakerRules | None = None):
        self.text = text
        self.rules = rules = rules or load_speaker_rules()
        self.px = px = _patterns(rules)
        self.headings = [(int(s), int(e)) for s, e in (headings or [])]
        # sorted and disjoint (as nqp.clean gives them): the heading of a position is a binary search
        ordered = all(e0 <= s1 for (_, e0), (s1, _) in zip(self.headings, self.headings[1:]))
        ordered = ordered and all(s <= e for s, e in self.headings)
        self._heading_index = ([s for s, _ in self.headings], [e for _, e in self.headings]) if ordered else None
        self._occ = None
        self.known: dict[str, str] = {}  # name -> role at its first introduction
        self.heading_cue: dict[tuple[int, int], _Cue] = {}
        for s, e in self.headings:
            m = px.heading.search(text, s, e)
            if m:
                name = m.group("name")
                cue = _Cue(m.start(), m.end(), "heading", name or m.group("role"), m.group("role"),
                           m.start("name") if name else m.start("role"), m.end("name") if name else m.end("role"))
                self.heading_cue[(s, e)] = cue
                if name:
                    self.known.setdefault(name, m.group("role"))
        cues: list[_Cue] = []
        foreign = [m for m in px.foreign.finditer(text)
                   if px.foreign_role is not None and px.foreign_role.search(m.group("role"))]
        people = [*px.role.finditer(text), *px.titled.finditer(text), *foreign]
        # an unnamed role after 该 is a reference back (该负责人表示), not a speaker of its own
        anonymous = [m for m in px.anonymous.finditer(text)
                     if not px.starts_badly(m.group("role")) and not m.group("role").startswith(px.demonstratives)]
        for m in [*people, *anonymous]:
            if self._in_heading(m.start()):
                continue
            name = m.group("name")
            if name:
                self.known.setdefault(name, m.group("role"))
                cues.append(_Cue(m.start(), m.end(), "person", name, m.group("role"), m.start("name"), m.end("name")))
            else:
                # 有专家认为, 有议员指出: "there is an expert who…", the speaker is the role without 有 (有关负责人 keeps it)
                role, at = m.group("role"), m.start("role")
                if role.startswith("有") and not role.startswith("有关") and len(role) > 2:
                    role, at = role[1:], at + 1
                cues.append(_Cue(m.start(), m.end(), "person", role, role, at, m.end("role")))
        # names introduced without speech (委员长赵乐际主持召开…), and the people nqp knows by name
        for m in [*px.intro_role.finditer(text), *px.intro_titled.finditer(text)]:
            self.known.setdefault(m.group("name"), m.group("role"))
        for m in px.intro_foreign.finditer(text):
            if px.foreign_role is not None and px.foreign_role.search(m.group("role")):
                self.known.setdefault(m.group("name"), m.group("role"))
        # an unnamed speaker is its own antecedent (相关负责人主持召开座谈会,他强调)
        for m in px.intro_anonymous.finditer(text):
            if not px.starts_badly(m.group("name")):
                self.known.setdefault(m.group("name"), m.group("name"))
        for c in cues:
            if c.name == c.role and c.kind == "person":
                self.known.setdefault(c.name, c.role)
        # a name alone before a speech verb, when it is no body (郭程明表示)
        for m in px.bare.finditer(text):
            name = m.group("name")
            if (not self._in_heading(m.start()) and not name.endswith(px.body_ends) and name[-1] not in px.not_last
                    and name not in px.not_names and name[:2] not in px.not_names):
                # a surname and a title (周总理说, 毛主席指出): the title is its role
                self.known.setdefault(name, next((t for t in px.titles if name.endswith(t) and len(name) > len(t)), None))
                cues.append(_Cue(m.start(), m.end(), "person", name, self.known[name], m.start("name"), m.end("name")))
        if px.people is not None:
            for m in px.people.finditer(text):
                self.known.setdefault(m.group(0), None)
        if self.known:
            taken = {(c.name_start, c.name_end) for c in cues}
            for a, b, na, nb in self.name_cues():
                if (na, nb) not in taken and not self._in_heading(a):
                    n = text[na:nb]
                    cues.append(_Cue(a, b, "person", n, self.known[n], na, nb))
        for m in px.pronoun.finditer(text):
            if not self._in_heading(m.start()):
                cues.append(_Cue(m.start(), m.end(), "pronoun", m.group("name"), None, m.start("name"), m.end("name")))
        if px.demonstrative is not None:
            for m in px.demonstrative.finditer(text):
                if not self._in_heading(m.start()):
                    cues.append(_Cue(m.start(), m.end(), "demonstrative", m.group("name"), None, m.start("name"),
                                     m.end("name"), ref=m.group("ref")))
        # bodies named with an action, by position (会议强调 and 该局 look back to them)
        self.acting: list[tuple[int, int, str]] = []
        if px.acting is not None:
            for m in px.acting.finditer(text):
                name = m.group("name")
                if self._body_ok(px, name) and name not in px.references:
                    self.acting.append((m.start("name"), m.end("name"), name))
        for m in px.government.finditer(text):
            name = m.group("name")
            if self._body_ok(px, name) and not self._in_heading(m.start()):
                kind = "reference" if name in px.references else "government"
                cues.append(_Cue(m.start(), m.end(), kind, name, None, m.start("name"), m.end("name"), ref=name))
        # one cue per start (the person cue wins over a government reading of the same words)
        best: dict[int, _Cue] = {}
        rank = {"person": 0, "pronoun": 1, "demonstrative": 1, "government": 2, "reference": 2}
        for c in cues:
            if c.start not in best or (rank[c.kind], -c.end) < (rank[best[c.start].kind], -best[c.start].end):
                best[c.start] = c
        self.cues = sorted(best.values(), key=lambda c: (c.start, c.end))
        # look-up indexes, built on first use: each query of speaker_of is then a binary search
        self._index = None
        self._quotes: dict[tuple[int, int], tuple[list[int], list[int], list[int]]] = {}
        self._names = None
        self._roles: dict[str, str | None] = {}
        self._roles_of = None
        self._first: dict[str, int] | None = None
        self._first_words: set[str] = set()
        self._resolved: dict[tuple[int, int, str], tuple | None] = {}
        self._by_ref: dict[str, list[int]] = {}
        self._acting_by_ref: dict[str, list[int]] = {}
        self._types: dict[tuple[str | None, str | None], str] = {}
        self._acting_ends = [b for _, b, _ in self.acting]

    @property
    def _name_re(self) -> re.Pattern | None:
        """The known names as one regex alternation (longest first): what :meth:`antecedent` and
        :meth:`name_cues` match without it. Kept for the tests that compare against it."""
        return re.compile(term_alternation(self.known)) if self.known else None

    def _name_occurrences(self) -> dict[int, list[int]]:
        """``{start: [length, ...]}`` (longest first) of every occurrence of a known name in the text,
        overlapping ones too: one Aho-Corasick pass, whatever the number of names."""
        if self._occ is None:
            occ: dict[int, list[int]] = {}
            names = [n for n in self.known if n]
            if names:
                import ahocorasick

                auto = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
                for n in names:
                    auto.add_word(n)
                auto.make_automaton()
                for end, n in auto.iter(self.text):
                    occ.setdefault(end - n + 1, []).append(n)
                for lengths in occ.values():
                    if len(lengths) > 1:
                        lengths.sort(reverse=True)
            self._occ = occ
        return self._occ

    def name_cues(self) -> list[tuple[int, int, int, int]]:
        """``(start, end, name_start, name_end)`` of each cue made of a known name (宋瑾建议), as
        ``_patterns(rules).names(known).finditer(text)`` finds them (tested identical), in one pass.

        The regex tries, at each clause start, every prefix that matches there (longest first, then none),
        then every known name after it (longest first), then the rest of the cue (``tail``); the first that
        matches is the cue, and the search goes on after it. Here only the clause starts a known name
        occurs at (directly or after a prefix) are tried, the names from :meth:`_name_occurrences`: the
        work is the number of occurrences, not the number of clauses times the number of names.
        """
        text, px = self.text, self.px
        occ = self._name_occurrences()

        def clause_start(p: int) -> bool:
            return p == 0 or text[p - 1] in px.boundary

        candidates = set()
        lengths = sorted({len(x) for x in px.prefixes})
        for q in occ:
            if clause_start(q):
                candidates.add(q)
            for n in lengths:
                if n <= q and clause_start(q - n) and text[q - n : q] in px.prefix_set:
                    candidates.add(q - n)
        out, free = [], 0
        tail = px.tail_re
        for p in sorted(candidates):
            if p < free:
                continue
            found = None
            for pre in [x for x in px.prefixes if text.startswith(x, p)] + [""]:
                q = p + len(pre)
                for n in occ.get(q, ()):
                    m = tail.match(text, q + n)
                    if m is not None:
                        found = (p, m.end(), q, q + n)
                        break
                if found is not None:
                    break
            if found is not None:
                out.append(found)
                free = found[1]
        return out

    def _build_index(self):
        text = self.text
        by_end = sorted(self.cues, key=lambda c: (c.end, c.start))
        ends = [(m.start(), m.end()) for m in _SPEECH_SENTENCE_END.finditer(text)]
        self._index = (
            [c.start for c in self.cues],
            by_end,
            [c.end for c in by_end],
            [m.start() for m in re.finditer("\n", text)],
            [a for a, _ in ends],
            [b for _, b in ends],
        )
        return self._index

    def paragraph(self, start: int, end: int) -> tuple[int, int]:
        """``(p0, p1)``: the line holding ``[start, end)`` (after the last line break before ``start``,
        up to the first at or after ``end``)."""
        breaks = (self._index or self._build_index())[3]
        k = bisect_left(breaks, start) - 1
        p0 = breaks[k] + 1 if k >= 0 else 0
        k = bisect_left(breaks, end)
        return p0, (breaks[k] if k < len(breaks) else len(self.text))

    def quote_around(self, p0: int, p1: int, s: int, e: int):
        """``(open, close)`` of the innermost quotation “…” of the line ``[p0, p1)`` that contains
        ``[s, e)`` (``open < s``, ``e <= close``), else None: :func:`_quote_around` on the line, the
        line's quotation pairs found once."""
        q = self._quotes.get((p0, p1))
        if q is None:
            text, stack, pairs = self.text, [], []
            for m in _QUOTE_MARK.finditer(text, p0, p1):
                i = m.start()
                if text[i] == "“":
                    stack.append(i)
                elif stack:
                    pairs.append((stack.pop(), i))
            pairs.sort()
            # the pairs nest (a close always ends the last open): each pair's parent is the pair around it
            opens, closes = [o for o, _ in pairs], [c for _, c in pairs]
            parent, chain = [], []
            for k, o in enumerate(opens):
                while chain and closes[chain[-1]] < o:
                    chain.pop()
                parent.append(chain[-1] if chain else -1)
                chain.append(k)
            q = self._quotes[(p0, p1)] = (opens, closes, parent)
        opens, closes, parent = q
        # every pair holding [s, e) holds the pair opening last before s, or is that pair
        k = bisect_left(opens, s) - 1
        while k >= 0:
            if e <= closes[k]:
                return opens[k], closes[k]
            k = parent[k]
        return None

    def cue_at(self, pos: int):
        """The cue starting at ``pos``, else None (one cue per start)."""
        starts = (self._index or self._build_index())[0]
        k = bisect_left(starts, pos)
        return self.cues[k] if k < len(starts) and starts[k] == pos else None

    def cues_ending(self, lo: int, hi: int) -> list[_Cue]:
        """The cues whose end is in ``[lo, hi]``, by end then start."""
        _, by_end, end_keys = (self._index or self._build_index())[:3]
        return by_end[bisect_left(end_keys, lo) : bisect_right(end_keys, hi)]

    def first_cue_after(self, end: int, hi: int):
        """The first cue starting at or after ``end`` and ending by ``hi``, else None."""
        starts = (self._index or self._build_index())[0]
        k = bisect_left(starts, end)
        while k < len(starts) and starts[k] < hi:
            if self.cues[k].end <= hi:
                return self.cues[k]
            k += 1
        return None

    def last_cue_before(self, lo: int, start: int, skip=None):
        """The last cue (in start order) with ``lo <= c.start`` and ``c.end <= start``; cues starting
        inside ``skip = (qo, qc)`` (``qo < c.start < qc``) do not count."""
        starts = (self._index or self._build_index())[0]
        k = bisect_right(starts, start) - 1
        while k >= 0 and starts[k] >= lo:
            c = self.cues[k]
            if skip is not None and skip[0] < c.start < skip[1]:
                k = min(k - 1, bisect_right(starts, skip[0]) - 1)
                continue
            if c.end <= start:
                return c
            k -= 1
        return None

    def speech_sentence(self, p0: int, p1: int, start: int, end: int) -> tuple[int, int]:
        """``(sent0, sent1)``: where the sentence for attribution (:data:`_SPEECH_SENTENCE_END`) holding
        ``start`` begins in the line ``[p0, p1)``, and where the first sentence end at or after ``end`` is
        (``p1`` when none)."""
        idx = self._index or self._build_index()
        m_starts, m_ends = idx[4], idx[5]
        k = bisect_left(m_starts, start) - 1  # the last end mark starting before start
        sent0 = min(m_ends[k], start) if k >= 0 and m_starts[k] >= p0 else p0
        k = bisect_left(m_starts, end)
        sent1 = m_starts[k] if k < len(m_starts) and m_starts[k] < p1 else p1
        return sent0, sent1

    def orig_role(self, role: str | None, orig: str) -> str | None:
        """``role`` as written in ``orig``, the original script (found by the position of its first occurrence), once per role."""
        if self._roles_of is not orig:
            self._roles, self._roles_of = {}, orig
        if role not in self._roles:
            if not role:
                self._roles[role] = role
            else:
                i = self.first_at(role)
                self._roles[role] = orig[i : i + len(role)] if i >= 0 else role
        return self._roles[role]

    def first_at(self, word: str) -> int:
        """``text.find(word)``: for the roles of the cues and of the known names, found together in one
        Aho-Corasick pass the first time one is asked (a ``find`` per role from the text's start would
        cost the number of roles times the text)."""
        if self._first is None:
            words = {c.role for c in [*self.cues, *self.heading_cue.values()] if isinstance(c.role, str) and c.role}
            words |= {r for r in self.known.values() if isinstance(r, str) and r}
            self._first = {}
            if words:
                import ahocorasick

                auto = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
                for w in words:
                    auto.add_word(w)
                auto.make_automaton()
                first, left = self._first, len(words)
                for end, n in auto.iter(self.text):
                    w = self.text[end - n + 1 : end + 1]
                    if w not in first:  # the occurrences of one word come in order
                        first[w] = end - n + 1
                        left -= 1
                        if not left:
                            break
                self._first_words = words
        if word in self._first:
            return self._first[word]
        return -1 if word in self._first_words else self.text.find(word)

    def person_type(self, name: str, role: str | None) -> str:
        """A person's type (:func:`speaker_type_of` of the role; ``official`` for a name nqp knows), once per pair."""
        key = (name, role)
        kind = self._types.get(key)
        if kind is None:
            kind = _role_type(self.px, role)
            if kind == "other" and name in self.px.officials:
                kind = "official"
            self._types[key] = kind
        return kind

    def body_type(self, body: str | None) -> str:
        """:func:`body_type_of` of ``body``, once per body."""
        key = (None, body)
        kind = self._types.get(key)
        if kind is None:
            kind = self._types[key] = _body_type(self.px, body)
        return kind

    def acting_ends(self) -> list[int]:
        """The ends of :attr:`acting` (increasing: the matches do not overlap)."""
        return self._acting_ends

    def ref_candidates(self, ref: str) -> list[int]:
        """The indexes in :attr:`cues` of the cues a demonstrative ending in ``ref`` may refer to (a body ending
        in it, a person whose role holds it, a pronoun or demonstrative ending in it), in order; once per word."""
        got = self._by_ref.get(ref)
        if got is None:
            got = self._by_ref[ref] = [
                k for k, c in enumerate(self.cues)
                if (c.kind == "government" and c.name.endswith(ref))
                or (c.kind == "person" and isinstance(c.role, str) and ref in c.role)
                or (c.kind in ("pronoun", "demonstrative") and c.name.endswith(ref))
            ]
        return got

    def acting_candidates(self, ref: str) -> list[int]:
        """The indexes in :attr:`acting` of the bodies longer than ``ref`` that end in it, in order."""
        got = self._acting_by_ref.get(ref)
        if got is None:
            got = self._acting_by_ref[ref] = [k for k, (_, _, name) in enumerate(self.acting)
                                              if name.endswith(ref) and len(name) > len(ref)]
        return got

    @staticmethod
    def _body_ok(px: _Patterns, name: str) -> bool:
        """A body that may speak: two characters or more, not a word like 干部, not 按照… or 对…."""
        return (len(name) >= 2 and name not in px.not_bodies and not px.starts_badly(name)
                and not any(w in name for w in px.not_inside))

    def _in_heading(self, i: int) -> bool:
        if self._heading_index is not None:
            starts, ends = self._heading_index
            k = bisect_right(starts, i) - 1
            return k >= 0 and i < ends[k]
        return any(s <= i < e for s, e in self.headings)

    def heading_of(self, start: int, end: int):
        """The first heading (in the order given) that holds or overlaps ``[start, end)``, else None."""
        headings, lo = self.headings, 0
        if self._heading_index is not None:
            # sorted and disjoint: only those ending at or after start and starting by end can qualify
            starts, ends = self._heading_index
            lo = bisect_left(ends, start)
        for i in range(lo, len(headings)):
            s, e = headings[i]
            if self._heading_index is not None and s > end:
                break
            if s <= start and end <= e:
                return (s, e)
            if s < end and start < e:
                return (s, e)
        return None

    def antecedent(self, before: int) -> tuple[int, int] | None:
        """``(start, end)`` of the last introduced name before ``before`` (same paragraph first, then
        earlier): the last match of the names in ``text[:before]``, leftmost and longest first as the
        regex alternation :attr:`_name_re` matches them. The matches in the whole text are made once (from
        :meth:`_name_occurrences`); a match that runs over ``before`` is made again in the few characters
        before it."""
        if not self.known:
            return None
        if self._names is None:
            starts, ends, free = [], [], 0
            occ = self._name_occurrences()
            for q in sorted(occ):
                if q >= free:
                    free = q + occ[q][0]
                    starts.append(q)
                    ends.append(free)
            self._names, self._name_ends = starts, ends
        starts, ends = self._names, self._name_ends
        j = bisect_right(ends, before) - 1
        if j + 1 < len(starts) and starts[j + 1] < before:
            occ, last, free = self._occ, None, starts[j + 1]
            for q in range(starts[j + 1], before):
                if q >= free:
                    n = next((n for n in occ.get(q, ()) if q + n <= before), None)
                    if n is not None:
                        last, free = (q, q + n), q + n
            if last is not None:
                return last
        return (starts[j], ends[j]) if j >= 0 else None


def _quote_around(par: str, s: int, e: int):
    """``(open, close)`` of the quotation “…” of ``par`` that contains ``[s, e)``, else None."""
    depth_open = []
    pairs = []
    for i, ch in enumerate(par):
        if ch == "“":
            depth_open.append(i)
        elif ch == "”" and depth_open:
            pairs.append((depth_open.pop(), i))
    inside = [(o, c) for o, c in pairs if o < s and e <= c]
    if not inside:
        return None
    return max(inside, key=lambda p: p[0])  # the innermost


def _sentence_start(par: str, before: int) -> int:
    """Start of the sentence (ended by 。!? and closing quotes, not by ; or ,) holding ``before``."""
    start = 0
    for m in _SPEECH_SENTENCE_END.finditer(par, 0, before):
        if m.end() <= before:
            start = m.end()
    return start


def _orig_of(role: str | None, text: str, orig: str) -> str | None:
    """The role as written in the original script (found by position of its first occurrence)."""
    if not role:
        return role
    i = text.find(role)
    return orig[i : i + len(role)] if i >= 0 else role


#: the attribution of a span nobody is cited for: the outlet's own voice
OUTLET_VOICE = {S.SPEAKER: None, S.SPEAKER_ROLE: None, S.SPEAKER_TYPE: "outlet", S.SPEAKER_CUE: None,
                S.SPEAKER_CUE_START: None, S.SPEAKER_CUE_END: None, S.ATTRIBUTION: "outlet"}


def _resolve(sp: _Speakers, cue: _Cue):
    """``(name, role, type)`` a pronoun or demonstrative cue refers to, or None.

    A pronoun: the last name introduced before it (:meth:`_Speakers.antecedent`). A demonstrative
    (该局, 该负责人): the last cue before it whose body or role ends in the same word, resolved in turn.
    Found once per cue (the mentions a cue speaks share it); the cues looked back at are only those that
    may fit the word (:meth:`_Speakers.ref_candidates`), not every cue before it.
    """
    key = (cue.start, cue.end, cue.kind)
    if key not in sp._resolved:
        sp._resolved[key] = _resolve_once(sp, cue)
    return sp._resolved[key]


def _resolve_once(sp: _Speakers, cue: _Cue):
    text, px = sp.text, sp.px
    acting_ends = sp.acting_ends()
    if cue.kind == "reference" or (cue.kind == "demonstrative" and cue.ref in px.references):
        k = bisect_right(acting_ends, cue.start) - 1  # the last body named with an action before the cue
        if k >= 0:
            a, b, name = sp.acting[k]
            return a, b, None, sp.body_type(name)
        return None
    if cue.kind == "pronoun":
        m = sp.antecedent(cue.start)
        if m is None:
            return None
        a, b = m
        name = text[a:b]
        role = sp.known.get(name)
        return a, b, role, sp.person_type(name, role)
    starts = (sp._index or sp._build_index())[0]
    ref = cue.ref
    candidates = sp.ref_candidates(ref)  # every cue that may fit ref, in cue order
    for i in range(bisect_left(candidates, bisect_left(starts, cue.start)) - 1, -1, -1):
        c = sp.cues[candidates[i]]
        if c.end > cue.start:
            continue
        if c.kind == "government" and c.name.endswith(ref):
            return c.name_start, c.name_end, None, sp.body_type(c.name)
        if c.kind == "person" and isinstance(c.role, str) and c.role.endswith(ref):
            return c.name_start, c.name_end, c.role, sp.person_type(c.name, c.role)
        if c.kind == "person" and isinstance(c.role, str) and ref in c.role:
            # the body in a person's role (国家统计局新闻发言人…, 该局指出 -> 国家统计局)
            body = c.role[: c.role.rfind(ref) + len(ref)]
            a = text.find(body, c.start, c.end)
            if a >= 0 and len(body) > len(ref):
                return a, a + len(body), None, sp.body_type(body)
        if c.kind in ("pronoun", "demonstrative") and c.name.endswith(ref):
            return _resolve(sp, c)
    # a body named with an action (浙江省发布通知。该省要求): the last before the cue that ends in ref
    fits = sp.acting_candidates(ref)
    i = bisect_right(fits, bisect_right(acting_ends, cue.start) - 1) - 1
    if i >= 0:
        a, b, name = sp.acting[fits[i]]
        return a, b, None, sp.body_type(name)
    return None


def _person_type(sp: _Speakers, name: str, role: str | None) -> str:
    return sp.person_type(name, role)


def _attribute(sp: _Speakers, cue: _Cue, how: str, text: str, orig: str) -> dict:
    """The attribution (the columns of :func:`speaker_of`) a cue gives a span, ``how`` it was found."""
    span = {S.SPEAKER_CUE: orig[cue.start : cue.end], S.SPEAKER_CUE_START: cue.start, S.SPEAKER_CUE_END: cue.end,
            S.ATTRIBUTION: how}
    if cue.kind == "reference":
        got = _resolve(sp, cue)
        if got is None:  # 会议强调 with no body named before: the meeting itself
            return {S.SPEAKER: orig[cue.name_start : cue.name_end], S.SPEAKER_ROLE: None,
                    S.SPEAKER_TYPE: "government", **span}
        a, b, _, kind = got
        return {S.SPEAKER: orig[a:b], S.SPEAKER_ROLE: None, S.SPEAKER_TYPE: kind, **span}
    if cue.kind in ("pronoun", "demonstrative"):
        got = _resolve(sp, cue)
        if got is None:
            return {S.SPEAKER: None, S.SPEAKER_ROLE: None, S.SPEAKER_TYPE: "unresolved", **span}
        a, b, role, kind = got
        return {S.SPEAKER: orig[a:b], S.SPEAKER_ROLE: sp.orig_role(role, orig), S.SPEAKER_TYPE: kind, **span}
    if cue.kind == "government":
        return {S.SPEAKER: orig[cue.name_start : cue.name_end], S.SPEAKER_ROLE: None,
                S.SPEAKER_TYPE: sp.body_type(cue.name), **span}
    return {S.SPEAKER: orig[cue.name_start : cue.name_end], S.SPEAKER_ROLE: sp.orig_role(cue.role, orig),
            S.SPEAKER_TYPE: _person_type(sp, cue.name, cue.role), **span}


def speaker_of(text: str, start: int, end: int, *, headings=(), text_orig: str | None = None, speakers=None,
               _speakers: _Speakers | None = None) -> dict:
    """Who says the span ``[start, end)`` of an article ``text`` (see the module docstring for the rules).

    ``headings``: the article's heading spans (nqp.clean's ``headings`` column). ``text_orig``: the
    same text in its original script (names are quoted from it); defaults to ``text``. ``speakers``:
    the speech-cue vocabulary (:func:`load_speaker_rules`: None for nqp's, or your file(s) added).

    Returns a dict: ``speaker`` (name, or the role of an unnamed speaker such as 相关负责人, or the
    body, e.g. 成都, 国家发展改革委; None for the outlet's voice), ``speaker_role`` (the role or title
    the speaker was introduced with, e.g. 省政协委员, 总书记), ``speaker_type`` (official / expert /
    business / foreign / other for people, the same for a body of that kind (:func:`body_type_of`),
    ``government`` for a government body, ``outlet``, or ``unresolved`` for a pronoun or demonstrative
    nobody before it fits), ``speaker_cue`` (the words the attribution rests on, e.g. ``他建议``, in
    the original script), ``speaker_cue_start``/``speaker_cue_end`` (the cue's offsets in ``text``; None
    for the outlet's voice), ``attribution`` (``heading``, ``quote``, ``reported`` or ``outlet``:
    :data:`ATTRIBUTIONS`; the types are :data:`SPEAKER_TYPES`).
    """
    if not isinstance(text, str):
        raise NqpTypeError(f"speaker_of: text must be a string, got {type(text).__name__}.")
    if not (0 <= start <= end <= len(text)):
        raise NqpValueError(
            f"speaker_of: start={start}, end={end} must satisfy 0 <= start <= end <= len(text) = {len(text)}."
        )
    orig = text if text_orig is None else text_orig
    if len(orig) != len(text):
        raise NqpValueError("speaker_of: text_orig must be as long as text (nqp.clean keeps the two layers aligned).")
    sp = _speakers or _Speakers(text, headings, load_speaker_rules(speakers))
    outlet = dict(OUTLET_VOICE)

    def person(cue: _Cue, how: str) -> dict:
        return _attribute(sp, cue, how, text, orig)

    # 1. headings
    h = sp.heading_of(start, end)
    if h is not None:
        cue = sp.heading_cue.get(h)
        if cue is None:
            return dict(outlet, **{S.ATTRIBUTION: "heading"})
        return person(cue, "heading")

    p0, p1 = sp.paragraph(start, end)

    # 2. the quotation the mention stands in
    q = sp.quote_around(p0, p1, start, end)
    if q is not None:
        qo, qc = q
        c = sp.cue_at(qc + 1)
        if c is not None and c.end <= p1:
            return person(c, "quote")
        # a cue that ends where only spaces, commas and colons stand before the quotation
        lo = qo
        while lo > 0 and text[lo - 1] in " ,:":
            lo -= 1
        before = [c for c in sp.cues_ending(lo, qo) if p0 <= c.start]
        if before:
            return person(max(before, key=lambda c: (c.start, c.end)), "quote")

    # 3. reported speech: a cue before the mention in its sentence, or one closing the sentence
    sent0, sent1 = sp.speech_sentence(p0, p1, start, end)
    # a cue inside the quotation is not the quotation's speaker
    c = sp.last_cue_before(sent0, start, skip=q)
    if c is not None:
        return person(c, "reported")
    closing = [c for c in sp.cues_ending(sent1, sent1)
               if end <= c.start and p0 <= c.start and text[c.start - 1 : c.start] in ",，"]
    if closing:
        return person(min(closing, key=lambda c: (c.start, c.end)), "reported")
    # the speaker named after a lead-in clause of the same sentence (以科技创新推动…高质量发展,李志建议,…)
    c = sp.first_cue_after(end, sent1)
    if c is not None and q is None and c.start > p0 and text[c.start - 1] in ",，" and c.kind != "reference":
        return person(c, "reported")
    return outlet


def theme_speaker_types(mentions, top: int = 3):
    """How the mentions of :func:`nqp.theme` are attributed: one row per speaker type, in :data:`SPEAKER_TYPES` order.

    Columns: ``speaker_type``; ``n_mentions`` and ``share`` (of all mentions); ``n_speakers`` (distinct
    speakers; 0 for the outlet's voice and for ``unresolved``); ``n_docs``; ``direct`` (in a quotation
    or a heading that presents its speaker) and ``reported`` (reported speech); ``top_speakers`` (the
    ``top`` speakers with most mentions, ``name (n)``, ``" | "``-joined; ties by name). Only the types
    that occur are listed; an empty table for no mention.
    """
    import pandas as pd

    from .._validate import check_int
    from .mentions import check_mentions

    m = check_mentions(mentions)
    top = check_int("top", top, min=0)
    cols = S.SPEAKER_TYPE_COLUMNS
    if m.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    n = len(m)
    for kind in SPEAKER_TYPES:
        g = m[m[S.SPEAKER_TYPE] == kind]
        if g.empty:
            continue
        named = g[S.SPEAKER].dropna().astype(str)
        counts = named.value_counts()
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        rows.append({
            S.SPEAKER_TYPE: kind, S.N_MENTIONS: len(g), "share": len(g) / n, S.N_SPEAKERS: int(named.nunique()),
            "n_docs": int(g[S.DOC_ID].nunique()),
            S.DIRECT: int(((g[S.ATTRIBUTION] == "quote") | ((g[S.ATTRIBUTION] == "heading") & g[S.SPEAKER].notna())).sum()),
            S.REPORTED: int((g[S.ATTRIBUTION] == "reported").sum()),
            S.TOP_SPEAKERS: " | ".join(f"{k} ({v})" for k, v in ranked),
        })
    return pd.DataFrame(rows, columns=cols)


def theme_speaker(text: str, start: int, end: int, **kwargs) -> dict:
    """Deprecated alias of :func:`speaker_of` (it returns one attribution, not a table)."""
    warnings.warn("nqp.theme_speaker is deprecated; use nqp.speaker_of (same arguments, same result).",
                  DeprecationWarning, stacklevel=2)
    return speaker_of(text, start, end, **kwargs)
