"""Theme tracking: every mention of a policy slogan, traced to its sentence, its speaker and its place.

A *theme* is a family of surface forms of one or more terms (建圈强链, 建圈強鏈, 产业建圈强链,
建圈强链行动 ...). :func:`theme` finds every mention in nqp.clean's articles and returns one row per
mention with the sentence it stands in (original script), its offsets in the raw document, whether it
is a heading, and who says it. The other functions summarize the mention table:

- :func:`theme_variants`: the surface forms a theme is matched by;
- :func:`theme_first`: the first mention per outlet (or per term, per any column);
- :func:`theme_speakers`: who says it; :func:`theme_audit`: the honest counts against a naive raw search;
- :func:`theme_summary`: mentions and the share of articles mentioning the theme per outlet / period;
- :func:`theme_contexts`: each mention with its sentence, paragraph or article;
- :func:`theme_cooccurrence` and :func:`theme_network`: what the theme travels with, over time;
- :func:`theme_speaker`: the speaker attribution of one span of a text (used by :func:`theme`);
- :func:`theme_table`: the mention table made readable (match marked in its sentence);
- figures: :func:`textplot_theme_dispersion`, :func:`textplot_theme_network`,
  :func:`textplot_theme_companions`.

Matching and quoting
--------------------
Forms are matched on the analysis layer (``text``: simplified, normalized), so one family finds the
simplified and the traditional spellings; what is shown (``match``, ``sentence``, ``speaker``) comes
from ``text_orig`` at the same offsets. ``start``/``end`` are offsets in the raw document
(``corpus.text``), mapped by :func:`nqp.clean.raw_span`. Counts are honest because cleaning keeps text
that the page layout printed twice only once; headings are counted and flagged (``is_heading``).

Speakers
--------
A mention is attributed, in this order, to

1. the person a heading presents (``研究人员宋瑾: 产业建圈强链,...`` -> 宋瑾), when it is in a heading;
2. the speaker of the quotation “…” it stands in, introduced right after the closing quote
   (``“…”研究人员宋瑾表示``) or right before the opening one (``宋瑾认为,“…”``);
3. the speaker of the reported speech of its sentence: the last speech cue before it in the same
   sentence (``宋瑾建议,可以将…``, ``他建议,…引导产业建圈强链``, ``成都明确,…``), or a cue that closes
   the sentence (``…,宋瑾表示。``);
4. otherwise the outlet's own voice.

A speech cue is a role and a name before a speech verb (``省政协委员邱士安说``, ``教授汪锋指出``), a role
alone (``相关负责人说``), a name already introduced in the article (``宋瑾建议``, ``在邱士安看来``), a
pronoun (``他建议``: resolved to the last introduced name before it, in its paragraph first, then
earlier in the article), or a government (``成都明确``, ``市政府提出``). The cue found is kept in
``speaker_cue`` so every attribution can be checked by reading.
"""

from __future__ import annotations

import logging
import re

import numpy as np
import pandas as pd

from . import schema as S
from .errors import NqpError
from .script import converter
from .text import sentence_at, term_alternation, term_pattern

log = logging.getLogger("nqp")

# -- column names of the mention table (defined in nqp.schema) ---------------------------------
TERM = S.TERM
MATCH = S.MATCH
SENTENCE = S.SENTENCE
SENTENCE_OFFSET = S.SENTENCE_OFFSET
TEXT_START = S.TEXT_START
TEXT_END = S.TEXT_END
SPEAKER = S.SPEAKER
SPEAKER_ROLE = S.SPEAKER_ROLE
SPEAKER_TYPE = S.SPEAKER_TYPE
SPEAKER_CUE = S.SPEAKER_CUE
ATTRIBUTION = S.ATTRIBUTION
IS_HEADING = S.IS_HEADING
PERIOD = S.PERIOD

THEME_COLUMNS = [
    S.DOC_ID,
    S.ARTICLE_ID,
    S.POSITION,
    S.OUTLET,
    S.DATE,
    S.DATE_PRECISION,
    S.DATE_START,
    S.DATE_END,
    TERM,
    MATCH,
    SENTENCE,
    SENTENCE_OFFSET,
    S.START,
    S.END,
    TEXT_START,
    TEXT_END,
    SPEAKER,
    SPEAKER_ROLE,
    SPEAKER_TYPE,
    SPEAKER_CUE,
    ATTRIBUTION,
    IS_HEADING,
    S.ON_TOPIC,
]

#: speaker types, in the order tables list them
SPEAKER_TYPES = ("official", "expert", "business", "other", "government", "outlet", "unresolved")
ATTRIBUTIONS = ("heading", "quote", "reported", "outlet")

#: suffixes that make a form a campaign name of the same theme (建圈强链行动, 产业建圈强链行动)
CAMPAIGN_SUFFIXES = ("行动",)

#: companions of 建圈强链 worth following by name (theme_cooccurrence(terms=...)); a starting point only
COMPANIONS = (
    "链主",
    "产业生态",
    "生态圈",
    "成渝",
    "子链",
    "产业链",
    "重点产业链",
    "创新链",
    "新质生产力",
    "高质量发展",
    "现代化产业体系",
    "集聚",
    "协同",
    "园区",
)

# -- speech cues --------------------------------------------------------------------------------
#: a cue starts a clause: after one of these characters or at the start of the paragraph
_BOUND = ",。;:!?“”‘’()《》\n…—"
_ROLE_SUFFIXES = (
    "研究人员", "工作人员", "研究员", "副教授", "教授", "专家", "学者", "科学家", "工程师", "分析师",
    "人大代表", "代表", "委员", "副主任", "主任", "副局长", "局长", "处长", "厅长", "部长", "院长", "所长",
    "副书记", "书记", "副市长", "市长", "省长", "区长", "县长", "主席", "会长", "秘书长", "理事长",
    "董事长", "副总经理", "总经理", "经理", "总裁", "总监", "创始人", "负责人", "发言人", "校长", "行长",
    "主管", "队员", "成员", "人员", "人士",
)
_VERBS = (
    "告诉记者", "举例道", "补充道", "说道", "表示", "认为", "指出", "建议", "介绍", "强调", "提到", "提出",
    "坦言", "透露", "解释", "谈到", "直言", "呼吁", "分析", "看来", "所说", "称", "说",
)
_ADVERBS = ("进一步", "同时", "随后", "再次", "对此", "就此", "还", "也", "则", "又", "曾", "更", "亦")
#: subjects whose statements are the government's (成都明确); names ending in 市委/市政府/省委/省政府 too
GOVERNMENT_SUBJECTS = (
    "成都市", "成都", "重庆市", "重庆", "四川省", "四川", "广东省", "广东", "国务院", "党中央", "中共中央",
    "市委", "市政府", "省委", "省政府",
)
_GOV_VERBS = ("明确提出", "明确", "提出", "要求", "强调", "部署", "亮出", "提及", "指出", "表示", "确认", "宣布")

_EXPERT = re.compile(r"研究院|研究所|研究中心|研究室|大学|学院|教授|研究员|研究人员|专家|学者|智库|分析师|经济学家|科学家")
_BUSINESS = re.compile(r"公司|集团|企业|董事长|总经理|经理|总裁|创始人|CEO|首席|工厂|银行|行长|总监")
_OFFICIAL = re.compile(
    r"代表|委员|政府|局|管委会|党工委|委员会|书记|市长|省长|区长|县长|部长|厅长|处长|负责人|主任|发言人|官员|干部|主席"
)


def _alt(words) -> str:
    return term_alternation(words)


_B = re.escape(_BOUND)
_START = rf"(?:^|(?<=[{_B}]))(?:如|据|在)?"
#: roles that speak without a name (相关负责人说, 工作人员介绍, 专家指出)
_ANONYMOUS_SUFFIXES = ("负责人", "工作人员", "发言人", "专家", "学者", "人士", "人员")
_ROLE_RE = re.compile(
    rf"{_START}(?P<role>[^{_B}\s]{{0,40}}?(?:{_alt(_ROLE_SUFFIXES)}))(?P<name>[\u4e00-\u9fff]{{2,3}}?)"
    rf"(?:{_alt(_ADVERBS)})?(?P<verb>{_alt(_VERBS)})",
    re.M,
)
_ANON_RE = re.compile(
    rf"{_START}(?P<role>[^{_B}\s]{{0,40}}?(?:{_alt(_ANONYMOUS_SUFFIXES)}))(?P<name>)"
    rf"(?:{_alt(_ADVERBS)})?(?P<verb>{_alt(_VERBS)})",
    re.M,
)
_HEAD_RE = re.compile(
    rf"(?:^|(?<=[{_B}\s]))(?P<role>[^{_B}\s]{{0,40}}?(?:{_alt(_ROLE_SUFFIXES)}))(?P<name>[\u4e00-\u9fff]{{2,3}})?\s*:"
)
_PRONOUN_RE = re.compile(rf"{_START}(?P<name>他|她)(?:{_alt(_ADVERBS)})?(?P<verb>{_alt(_VERBS)})", re.M)
_GOV_RE = re.compile(
    rf"{_START}(?P<name>{_alt(GOVERNMENT_SUBJECTS)}|[\u4e00-\u9fff]{{1,6}}?(?:市委|市政府|省委|省政府))"
    rf"(?:{_alt(_ADVERBS)})?(?P<verb>{_alt(_GOV_VERBS)})",
    re.M,
)
_SENTENCE_END = re.compile(r"[。!?][”’\"']*")


def speaker_type_of(role: str | None) -> str:
    """``expert``, ``business``, ``official`` or ``other`` for a speaker's role (研究人员 -> expert).

    Tested in that order, so 大学…主任、教授 is an expert and 公司党委书记、董事长 is business.
    """
    if not isinstance(role, str) or not role:
        return "other"
    for kind, rx in (("expert", _EXPERT), ("business", _BUSINESS), ("official", _OFFICIAL)):
        if rx.search(role):
            return kind
    return "other"


class _Cue:
    __slots__ = ("start", "end", "kind", "name", "role", "name_start", "name_end")

    def __init__(self, start, end, kind, name, role, name_start, name_end):
        self.start, self.end, self.kind = start, end, kind
        self.name, self.role, self.name_start, self.name_end = name, role, name_start, name_end


class _Speakers:
    """The speech cues and introduced names of one article text."""

    def __init__(self, text: str, headings=()):
        self.text = text
        self.headings = [(int(s), int(e)) for s, e in (headings or [])]
        self.known: dict[str, str] = {}  # name -> role at its first introduction
        self.heading_cue: dict[tuple[int, int], _Cue] = {}
        for s, e in self.headings:
            m = _HEAD_RE.search(text, s, e)
            if m:
                name = m.group("name")
                cue = _Cue(m.start(), m.end(), "heading", name or m.group("role"), m.group("role"),
                           m.start("name") if name else m.start("role"), m.end("name") if name else m.end("role"))
                self.heading_cue[(s, e)] = cue
                if name:
                    self.known.setdefault(name, m.group("role"))
        cues: list[_Cue] = []
        for m in [*_ROLE_RE.finditer(text), *_ANON_RE.finditer(text)]:
            if self._in_heading(m.start()):
                continue
            name = m.group("name")
            if name:
                self.known.setdefault(name, m.group("role"))
                cues.append(_Cue(m.start(), m.end(), "person", name, m.group("role"), m.start("name"), m.end("name")))
            else:
                cues.append(_Cue(m.start(), m.end(), "person", m.group("role"), m.group("role"),
                                 m.start("role"), m.end("role")))
        if self.known:
            name_re = re.compile(
                rf"{_START}(?P<name>{_alt(self.known)})(?:{_alt(_ADVERBS)})?(?P<verb>{_alt(_VERBS)})", re.M
            )
            taken = {(c.name_start, c.name_end) for c in cues}
            for m in name_re.finditer(text):
                if (m.start("name"), m.end("name")) not in taken and not self._in_heading(m.start()):
                    n = m.group("name")
                    cues.append(_Cue(m.start(), m.end(), "person", n, self.known[n], m.start("name"), m.end("name")))
        for m in _PRONOUN_RE.finditer(text):
            if not self._in_heading(m.start()):
                cues.append(_Cue(m.start(), m.end(), "pronoun", m.group("name"), None, m.start("name"), m.end("name")))
        for m in _GOV_RE.finditer(text):
            if not self._in_heading(m.start()):
                cues.append(_Cue(m.start(), m.end(), "government", m.group("name"), None, m.start("name"), m.end("name")))
        # one cue per start (the person cue wins over a government reading of the same words)
        best: dict[int, _Cue] = {}
        rank = {"person": 0, "pronoun": 1, "government": 2}
        for c in cues:
            if c.start not in best or (rank[c.kind], -c.end) < (rank[best[c.start].kind], -best[c.start].end):
                best[c.start] = c
        self.cues = sorted(best.values(), key=lambda c: (c.start, c.end))
        self._name_re = re.compile(_alt(self.known)) if self.known else None

    def _in_heading(self, i: int) -> bool:
        return any(s <= i < e for s, e in self.headings)

    def heading_of(self, start: int, end: int):
        for s, e in self.headings:
            if s <= start and end <= e:
                return (s, e)
            if s < end and start < e:
                return (s, e)
        return None

    def antecedent(self, before: int):
        """The last introduced name before ``before`` (same paragraph first, then earlier)."""
        if self._name_re is None:
            return None
        last = None
        for m in self._name_re.finditer(self.text, 0, before):
            last = m
        return last


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
    for m in _SENTENCE_END.finditer(par, 0, before):
        if m.end() <= before:
            start = m.end()
    return start


def theme_speaker(text: str, start: int, end: int, *, headings=(), text_orig: str | None = None,
                  _speakers: _Speakers | None = None) -> dict:
    """Who says the span ``[start, end)`` of an article ``text`` (see the module docstring for the rules).

    ``headings``: the article's heading spans (nqp.clean's ``headings`` column). ``text_orig``: the
    same text in its original script (names are quoted from it); defaults to ``text``.

    Returns a dict: ``speaker`` (name, or the role of an unnamed speaker such as 相关负责人, or the
    government, e.g. 成都; None for the outlet's voice), ``speaker_role`` (the role the speaker was
    introduced with, e.g. 省政协委员), ``speaker_type`` (official / expert / business / other for
    people, ``government``, ``outlet``, or ``unresolved`` for a pronoun with no name before it),
    ``speaker_cue`` (the words the attribution rests on, e.g. ``他建议``), ``attribution``
    (``heading``, ``quote``, ``reported`` or ``outlet``).
    """
    if not isinstance(text, str):
        raise NqpError(f"theme_speaker: text must be a string, got {type(text).__name__}.")
    if not (0 <= start <= end <= len(text)):
        raise NqpError(f"theme_speaker: start={start}, end={end} must satisfy 0 <= start <= end <= len(text) = {len(text)}.")
    orig = text if text_orig is None else text_orig
    if len(orig) != len(text):
        raise NqpError("theme_speaker: text_orig must be as long as text (nqp.clean keeps the two layers aligned).")
    sp = _speakers or _Speakers(text, headings)
    outlet = {SPEAKER: None, SPEAKER_ROLE: None, SPEAKER_TYPE: "outlet", SPEAKER_CUE: None, ATTRIBUTION: "outlet"}

    def person(cue: _Cue, how: str) -> dict:
        cue_text = orig[cue.start : cue.end]
        if cue.kind == "pronoun":
            m = sp.antecedent(cue.start)
            if m is None:
                return {SPEAKER: None, SPEAKER_ROLE: None, SPEAKER_TYPE: "unresolved", SPEAKER_CUE: cue_text,
                        ATTRIBUTION: how}
            name = text[m.start() : m.end()]
            role = sp.known.get(name)
            return {SPEAKER: orig[m.start() : m.end()], SPEAKER_ROLE: _orig_of(role, text, orig),
                    SPEAKER_TYPE: speaker_type_of(role), SPEAKER_CUE: cue_text, ATTRIBUTION: how}
        if cue.kind == "government":
            return {SPEAKER: orig[cue.name_start : cue.name_end], SPEAKER_ROLE: None, SPEAKER_TYPE: "government",
                    SPEAKER_CUE: cue_text, ATTRIBUTION: how}
        name = orig[cue.name_start : cue.name_end]
        role = cue.role
        return {SPEAKER: name, SPEAKER_ROLE: _orig_of(role, text, orig), SPEAKER_TYPE: speaker_type_of(role),
                SPEAKER_CUE: cue_text, ATTRIBUTION: how}

    # 1. headings
    h = sp.heading_of(start, end)
    if h is not None:
        cue = sp.heading_cue.get(h)
        if cue is None:
            return dict(outlet, **{ATTRIBUTION: "heading"})
        out = person(cue, "heading")
        return out

    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    p1 = len(text) if p1 < 0 else p1
    par = text[p0:p1]
    s, e = start - p0, end - p0
    cues = [c for c in sp.cues if p0 <= c.start and c.end <= p1]

    # 2. the quotation the mention stands in
    q = _quote_around(par, s, e)
    if q is not None:
        qo, qc = q[0] + p0, q[1] + p0
        after = [c for c in cues if c.start == qc + 1]
        if after:
            return person(after[0], "quote")
        before = [c for c in cues if c.end <= qo and not text[c.end : qo].strip(" ,:")]
        if before:
            return person(before[-1], "quote")

    # 3. reported speech: a cue before the mention in its sentence, or one closing the sentence
    sent0 = _sentence_start(par, s) + p0
    prior = [c for c in cues if sent0 <= c.start and c.end <= start]
    if q is not None:  # a cue inside the quotation is not the quotation's speaker
        prior = [c for c in prior if not (qo < c.start < qc)]
    if prior:
        return person(prior[-1], "reported")
    m = _SENTENCE_END.search(par, e)
    sent1 = (m.start() if m else len(par)) + p0
    closing = [c for c in cues if end <= c.start and c.end == sent1 and text[c.start - 1 : c.start] in ",，"]
    if closing:
        return person(closing[0], "reported")
    return outlet


def _orig_of(role: str | None, text: str, orig: str) -> str | None:
    """The role as written in the original script (found by position of its first occurrence)."""
    if not role:
        return role
    i = text.find(role)
    return orig[i : i + len(role)] if i >= 0 else role


# ---------------------------------------------------------------------------------------------
# variants and matching


def _analysis_form(form: str) -> str:
    from .clean import normalize_text

    return normalize_text(form)


def _check_terms(terms) -> list[str]:
    if isinstance(terms, str):
        terms = [terms]
    try:
        terms = list(terms)
    except TypeError:
        raise NqpError(f"terms={terms!r}: pass a term (str) or a list of terms, e.g. ['建圈强链'].") from None
    bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
    if bad or not terms:
        raise NqpError(f"terms={terms!r}: every term must be a non-empty string; pass at least one, e.g. ['建圈强链'].")
    return [t.strip() for t in terms]


def _variants_of(term: str, lexicon, compounds: bool) -> list[str]:
    try:
        from .tokens import lexicon_variants

        forms = list(lexicon_variants(term, lexicon, compounds=compounds))
    except ImportError:  # pragma: no cover - without the tokens stage: OpenCC forms only
        simp = converter("t2s").convert(term)
        forms = [simp, term, converter("s2t").convert(simp)]
    return forms


def theme_variants(terms, *, variants=None, compounds: bool = True, lexicon=None) -> pd.DataFrame:
    """The surface forms each theme term is matched by, in both scripts.

    ``terms``: a term or a list (either script). Each term's forms come from the policy-term lexicon
    (:func:`nqp.lexicon_variants`; ``compounds=True`` adds lexicon terms that contain it, e.g.
    产业建圈强链, and the campaign names ``{form}行动``), from OpenCC (s2t/t2s), and from ``variants``
    (extra forms: a list for all terms, or a dict term -> list). A term that is a form of an earlier
    term joins that term's family. ``lexicon``: as for :func:`nqp.load_lexicon` (None: nqp's).

    Returns one row per form, sorted by term (in the order given) then form: ``term`` (the family's
    simplified name), ``form`` (as written), ``analysis_form`` (what is searched in ``text``).
    """
    terms = _check_terms(terms)
    if variants is not None and not isinstance(variants, (dict, list, tuple, set)):
        raise NqpError(f"variants={variants!r}: pass a list of extra forms, or a dict term -> list of forms.")
    owner: dict[str, str] = {}
    rows = []
    order = []
    for t in terms:
        canon = _analysis_form(t)
        if canon in owner:
            log.info("theme: term %r is a form of %r; counted in that family", t, owner[canon])
            continue
        forms = set(_variants_of(t, lexicon, compounds)) | {t, canon}
        extra = variants.get(t, variants.get(canon, [])) if isinstance(variants, dict) else (variants or [])
        forms |= {str(v) for v in extra if str(v).strip()}
        forms |= {converter("s2t").convert(f) for f in list(forms)}
        if compounds:
            forms |= {f + suf for f in list(forms) for suf in CAMPAIGN_SUFFIXES}
            forms |= {converter("s2t").convert(f) for f in list(forms)}
        order.append(canon)
        for f in sorted(forms):
            a = _analysis_form(f)
            if owner.get(a, canon) != canon:
                continue
            owner[a] = canon
            rows.append({TERM: canon, "form": f, "analysis_form": a})
    out = pd.DataFrame(rows, columns=[TERM, "form", "analysis_form"])
    out[TERM] = pd.Categorical(out[TERM], categories=order, ordered=True)
    out = out.sort_values([TERM, "form"], kind="stable").reset_index(drop=True)
    out[TERM] = out[TERM].astype(str)
    return out


def _matcher(forms: pd.DataFrame) -> tuple[re.Pattern, dict[str, str]]:
    owner = dict(zip(forms["analysis_form"], forms[TERM]))
    return term_pattern(owner), owner


# ---------------------------------------------------------------------------------------------
# the mention table


def _as_articles(articles) -> pd.DataFrame:
    from .clean import clean

    if isinstance(articles, (str, bytes)) or hasattr(articles, "__fspath__"):
        from .corpus import load_corpus

        log.info("theme: loading and cleaning %s", articles)
        return clean(load_corpus(articles)).articles
    if not isinstance(articles, pd.DataFrame):
        raise NqpError(
            f"articles: expected nqp.clean's articles (a DataFrame) or a corpus path, got {type(articles).__name__}."
        )
    if S.TEXT not in articles.columns or S.DOC_ID not in articles.columns:
        raise NqpError(
            f"articles: needs the doc_id and text columns of nqp.clean's articles; got columns {list(articles.columns)}."
        )
    if S.RAW_SEGMENTS not in articles.columns:
        log.info("theme: %d documents without raw_segments: cleaning them first (nqp.clean)", len(articles))
        return clean(articles).articles
    return articles


def _article_order(articles: pd.DataFrame) -> pd.DataFrame:
    keys = [c for c in (S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, S.ARTICLE_ID) if c in articles.columns]
    return articles.sort_values(keys, kind="stable", na_position="last")


def theme(articles, terms, *, variants=None, compounds: bool = True, lexicon=None) -> pd.DataFrame:
    """Every mention of a theme in ``articles``: one row per mention, with sentence, offsets and speaker.

    Parameters
    ----------
    articles
        nqp.clean's articles (a corpus DataFrame or a corpus path is cleaned first).
    terms
        The theme: a term or a list of terms, in either script (see :func:`theme_variants` for the forms
        matched, and ``variants``, ``compounds``, ``lexicon``). Mentions do not overlap; at one place
        the longest form wins (产业建圈强链行动 is one mention, not three).

    Returns
    -------
    DataFrame, one row per mention, sorted by ``date_start``, ``date_end``, ``doc_id``, ``position``,
    ``text_start`` (chronological, then in reading order):
    ``doc_id``, ``article_id``, ``position``, ``outlet``, ``date``, ``date_precision``, ``date_start``,
    ``date_end``; ``term`` (the family, simplified); ``match`` (the form as written, original script);
    ``sentence`` (the sentence holding it, original script, :func:`nqp.text.sentence_at`; a heading is its
    own sentence); ``sentence_offset`` (where ``match`` starts in ``sentence``); ``start``/``end``
    (offsets in the raw document ``corpus.text``, via :func:`nqp.clean.raw_span`); ``text_start``/
    ``text_end`` (offsets in the article's ``text`` and ``text_orig``); ``speaker``, ``speaker_role``,
    ``speaker_type``, ``speaker_cue``, ``attribution`` (see :func:`theme_speaker`); ``is_heading``
    (the mention is in a heading or section label); ``on_topic`` (the article's flag from nqp.clean).

    ``df.attrs["terms"]`` lists the theme's families (also those never found).
    """
    from .clean import raw_span

    arts = _as_articles(articles)
    forms = theme_variants(terms, variants=variants, compounds=compounds, lexicon=lexicon)
    rx, owner = _matcher(forms)
    rows = []
    for row in _article_order(arts).to_dict("records"):
        text = row[S.TEXT] if isinstance(row[S.TEXT], str) else ""
        hits = list(rx.finditer(text))
        if not hits:
            continue
        orig = row.get(S.TEXT_ORIG)
        if not isinstance(orig, str) or len(orig) != len(text):
            log.info("theme: %s: text_orig missing or not aligned with text; quoting the analysis layer",
                     row.get(S.ARTICLE_ID))
            orig = text
        headings = row.get(S.HEADINGS)
        headings = [] if headings is None or (isinstance(headings, float) and np.isnan(headings)) else list(headings)
        sp = _Speakers(text, headings)
        for m in hits:
            s, e = m.start(), m.end()
            ss, se = sentence_at(text, s, e)
            rs, re_ = raw_span(row, s, e)
            who = theme_speaker(text, s, e, headings=headings, text_orig=orig, _speakers=sp)
            rows.append(
                {
                    S.DOC_ID: row[S.DOC_ID],
                    S.ARTICLE_ID: row.get(S.ARTICLE_ID, row[S.DOC_ID]),
                    S.POSITION: int(row.get(S.POSITION, 0) or 0),
                    S.OUTLET: row.get(S.OUTLET),
                    S.DATE: row.get(S.DATE),
                    S.DATE_PRECISION: row.get(S.DATE_PRECISION),
                    S.DATE_START: row.get(S.DATE_START),
                    S.DATE_END: row.get(S.DATE_END),
                    TERM: owner[m.group(0)],
                    MATCH: orig[s:e],
                    SENTENCE: orig[ss:se],
                    SENTENCE_OFFSET: s - ss,
                    S.START: int(rs),
                    S.END: int(re_),
                    TEXT_START: s,
                    TEXT_END: e,
                    **who,
                    IS_HEADING: sp.heading_of(s, e) is not None,
                    S.ON_TOPIC: bool(row.get(S.ON_TOPIC, True)),
                }
            )
    out = pd.DataFrame(rows, columns=THEME_COLUMNS)
    for c in (S.DATE_START, S.DATE_END):
        out[c] = pd.to_datetime(out[c])
    for c in (S.POSITION, S.START, S.END, TEXT_START, TEXT_END, SENTENCE_OFFSET):
        out[c] = out[c].astype("int64")
    for c in (IS_HEADING, S.ON_TOPIC):
        out[c] = out[c].astype(bool)
    out = out.sort_values([S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, TEXT_START], kind="stable",
                          na_position="last").reset_index(drop=True)
    families = list(dict.fromkeys(forms[TERM]))
    out.attrs["terms"] = families
    out.attrs["forms"] = sorted(set(forms["analysis_form"]))
    counts = out[TERM].value_counts()
    log.info(
        "theme: %d mentions of %s in %d of %d articles (%d in headings)",
        len(out), ", ".join(f"{t} ({int(counts.get(t, 0))})" for t in families),
        out[S.ARTICLE_ID].nunique(), len(arts), int(out[IS_HEADING].sum()),
    )
    return out


def _check_mentions(mentions) -> pd.DataFrame:
    if not isinstance(mentions, pd.DataFrame) or not {S.DOC_ID, S.ARTICLE_ID, TERM, TEXT_START}.issubset(mentions.columns):
        raise NqpError("mentions: expected the table of nqp.theme (doc_id, article_id, term, text_start ...).")
    return mentions


def _terms_of(mentions: pd.DataFrame) -> list[str]:
    terms = mentions.attrs.get("terms")
    return list(terms) if terms else sorted(mentions[TERM].unique())


# ---------------------------------------------------------------------------------------------
# diffusion summaries


def theme_first(mentions: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """The first mention per ``by`` value (an outlet by default; ``term``, ``speaker_type`` ... work too).

    First means earliest ``date_start`` (then ``date_end``, doc, reading order): a month-precision
    date counts from the first day of its month, so ``date_precision`` is kept to read it honestly.

    Returns one row per group, sorted by ``date_start`` then the group: ``by``, ``date``,
    ``date_precision``, ``doc_id``, ``article_id``, ``term``, ``match``, ``sentence``, ``speaker``,
    ``speaker_type``, ``is_heading``, ``n_mentions`` (the group's total), ``n_docs`` (documents of
    the group that mention the theme).
    """
    m = _check_mentions(mentions)
    if by not in m.columns:
        raise NqpError(f"by={by!r}: not a column of the mention table; use one of {list(m.columns)}.")
    cols = list(dict.fromkeys([by, S.DATE, S.DATE_PRECISION, S.DATE_START, S.DOC_ID, S.ARTICLE_ID, TERM, MATCH,
                               SENTENCE, SPEAKER, SPEAKER_TYPE, IS_HEADING]))
    if m.empty:
        return pd.DataFrame(columns=cols + ["n_mentions", "n_docs"])
    key = m[by].fillna("(none)")
    ordered = m.assign(_g=key).sort_values(
        [S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, TEXT_START], kind="stable", na_position="last"
    )
    first = ordered.groupby("_g", sort=False).head(1).copy()
    n = ordered.groupby("_g")[S.DOC_ID].agg(n_mentions="size", n_docs="nunique")
    first = first.join(n, on="_g")
    first[by] = first["_g"]
    first = first.sort_values([S.DATE_START, by], kind="stable", na_position="last")
    return first[cols + ["n_mentions", "n_docs"]].reset_index(drop=True)


def theme_speakers(mentions: pd.DataFrame) -> pd.DataFrame:
    """Who says the theme: one row per speaker (the outlets' own voice is one row, its outlets listed).

    Returns ``speaker_type``, ``speaker`` (``(outlet voice)`` for the outlet's own voice),
    ``speaker_role``, ``n_mentions``, ``n_docs``, ``outlets`` (sorted, ``", "``-joined),
    ``first_date`` (with its precision), ``cues`` (the distinct cues the attributions rest on).
    Sorted by ``n_mentions`` descending, then the order of :data:`SPEAKER_TYPES`, then speaker.
    """
    m = _check_mentions(mentions)
    cols = [SPEAKER_TYPE, SPEAKER, SPEAKER_ROLE, "n_mentions", "n_docs", S.OUTLET + "s", "first_date", "cues"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    x = m.sort_values([S.DATE_START, S.DATE_END, S.DOC_ID, S.POSITION, TEXT_START], kind="stable", na_position="last")
    x = x.assign(
        _who=x[SPEAKER].astype(object).where(x[SPEAKER].notna(), "(outlet voice)"),
        _date=x[S.DATE].astype(str) + " (" + x[S.DATE_PRECISION].astype(str) + ")",
    )
    x.loc[x[SPEAKER_TYPE] == "outlet", "_who"] = "(outlet voice)"
    rows = []
    for (stype, who), g in x.groupby([SPEAKER_TYPE, "_who"], sort=False):
        roles = g[SPEAKER_ROLE].dropna()
        rows.append({
            SPEAKER_TYPE: stype,
            SPEAKER: who,
            SPEAKER_ROLE: roles.iloc[0] if len(roles) else None,
            "n_mentions": len(g),
            "n_docs": g[S.DOC_ID].nunique(),
            S.OUTLET + "s": ", ".join(sorted(g[S.OUTLET].dropna().astype(str).unique())),
            "first_date": g["_date"].iloc[0],
            "cues": " | ".join(dict.fromkeys(g[SPEAKER_CUE].dropna().astype(str))),
        })
    out = pd.DataFrame(rows, columns=cols)
    out["_t"] = out[SPEAKER_TYPE].map({t: i for i, t in enumerate(SPEAKER_TYPES)})
    out = out.sort_values(["n_mentions", "_t", SPEAKER], ascending=[False, True, True], kind="stable")
    return out.drop(columns="_t").reset_index(drop=True)


def theme_audit(mentions: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Honest counts, checked: per document, a naive search of the raw text against the mention table.

    ``corpus``: the table of :func:`nqp.load_corpus` the articles were cleaned from. The naive search
    counts the theme's forms in the whole raw text (normalized to simplified script), so it also
    counts text that cleaning removed: a passage the layout printed twice, a caption, a credit. Those
    are the difference; :func:`nqp.clean`'s ``removals`` show each removed passage.

    Returns one row per document of ``corpus`` (sorted by ``doc_id``): ``doc_id``, ``raw_search``,
    ``mentions``, ``in_headings``, ``not_counted`` (``raw_search - mentions``).
    """
    from .clean import normalize_text

    m = _check_mentions(mentions)
    if not isinstance(corpus, pd.DataFrame) or not {S.DOC_ID, S.TEXT}.issubset(corpus.columns):
        raise NqpError("corpus: expected the table of nqp.load_corpus (doc_id, text).")
    forms = m.attrs.get("forms")
    if not forms and (len(m) or m.attrs.get("terms")):
        forms = sorted(set(theme_variants(_terms_of(m))["analysis_form"]))
    rx = term_pattern(forms)
    docs = corpus.sort_values(S.DOC_ID, kind="stable")
    raw = [len(rx.findall(normalize_text(t))) if rx is not None and isinstance(t, str) else 0 for t in docs[S.TEXT]]
    per = m.groupby(S.DOC_ID).agg(mentions=(TERM, "size"), in_headings=(IS_HEADING, "sum"))
    out = pd.DataFrame({S.DOC_ID: docs[S.DOC_ID].values, "raw_search": raw})
    out = out.join(per, on=S.DOC_ID)
    out[["mentions", "in_headings"]] = out[["mentions", "in_headings"]].fillna(0).astype("int64")
    out["raw_search"] = out["raw_search"].astype("int64")
    out["not_counted"] = out["raw_search"] - out["mentions"]
    if (out["not_counted"] > 0).any():
        log.info("theme_audit: %d occurrence(s) in raw text are not mentions (removed by cleaning)",
                 int(out["not_counted"].clip(lower=0).sum()))
    return out.reset_index(drop=True)


def _auto_freq(frame: pd.DataFrame) -> str:
    if S.DATE_PRECISION not in frame.columns:
        return "year"
    prec = set(frame[S.DATE_PRECISION].dropna())
    return "year" if "year" in prec or not prec else "month"


def theme_periods(articles: pd.DataFrame, freq: str = "auto") -> pd.Series:
    """The period label of each article at ``freq`` (aligned with ``articles``), respecting date precision.

    ``freq``: ``auto`` (``year`` when any article is dated only to the year, else ``month``), or one of
    :func:`nqp.date_bins`'s (day, week, month, quarter, year, decade). An article whose date is
    coarser than ``freq`` is never put in one of its periods: it gets ``"(coarser than month)"``;
    an undated one ``"(undated)"``. The Series carries ``attrs["freq"]`` and ``attrs["starts"]``
    (label -> period start, for sorting).
    """
    from .dates import date_bins

    f = _auto_freq(articles) if freq == "auto" else freq
    bins = date_bins(articles, f)
    label = bins["bin"].astype(object)
    reason = bins["reason"].astype(object)
    label = label.where(bins["placed"], "(" + reason + ")")
    out = pd.Series(label.values, index=articles.index, name=PERIOD)
    starts = dict(zip(label[bins["placed"]], bins.loc[bins["placed"], "bin_start"]))
    out.attrs["freq"] = f
    out.attrs["starts"] = starts
    return out


def theme_summary(mentions: pd.DataFrame, articles: pd.DataFrame, by=S.OUTLET, *, freq: str = "auto") -> pd.DataFrame:
    """Mentions and the share of articles mentioning the theme, per group.

    ``by``: a column of the articles (``outlet``, ``doc_id`` ...), ``"period"`` (date periods at
    ``freq``, see :func:`theme_periods`), ``"term"`` (each family of the theme), or a list of these.
    Every group of the articles appears, also those with no mention (zeros), so shares are honest.

    Returns one row per group: the ``by`` columns; ``n_docs``, ``n_articles`` (articles in the
    group), ``n_articles_mentioning``, ``share_articles`` (their ratio), ``n_mentions``,
    ``n_headings`` (mentions in headings), ``n_chars`` (cleaned characters), ``per_10k_chars``
    (mentions per 10,000 characters), ``first_date`` (earliest ``date`` with a mention, as written,
    with its precision). Sorted by the ``by`` columns, periods chronologically (undated last).
    """
    m = _check_mentions(mentions)
    arts = _as_articles(articles)
    by = [by] if isinstance(by, str) else list(by)
    if not by:
        raise NqpError("by: give at least one grouping, e.g. 'outlet', 'period' or 'term'.")
    a = arts[[c for c in arts.columns if c not in (S.TEXT, S.TEXT_ORIG, S.RAW_SEGMENTS, S.HEADINGS)]].copy()
    if S.N_CHARS not in a.columns:
        a[S.N_CHARS] = arts[S.TEXT].str.len()
    if S.ARTICLE_ID not in a.columns:
        a[S.ARTICLE_ID] = a[S.DOC_ID]
    starts = {}
    if PERIOD in by:
        per = theme_periods(a, freq)
        a[PERIOD] = per
        starts = per.attrs["starts"]
    for c in by:
        if c not in (TERM, PERIOD) and c not in a.columns:
            raise NqpError(f"by={c!r}: not a column of the articles; use 'outlet', 'period', 'term' or one of {list(a.columns)}.")
    terms = _terms_of(m) if TERM in by else [None]
    frames = []
    for t in terms:
        mt = m if t is None else m[m[TERM] == t]
        per_art = mt.groupby(S.ARTICLE_ID).agg(n_mentions=(TERM, "size"), n_headings=(IS_HEADING, "sum"))
        x = a.join(per_art, on=S.ARTICLE_ID)
        x["n_mentions"] = x["n_mentions"].fillna(0).astype("int64")
        x["n_headings"] = x["n_headings"].fillna(0).astype("int64")
        if t is not None:
            x[TERM] = t
        frames.append(x)
    x = pd.concat(frames, ignore_index=True)
    keys = []
    for c in by:
        k = "_k_" + c
        x[k] = x[c].astype(object).where(x[c].notna(), "(none)") if c in x.columns else "(none)"
        keys.append(k)
    x["_mentioning"] = x["n_mentions"] > 0
    x["_first"] = x[S.DATE_START].where(x["_mentioning"]) if S.DATE_START in x.columns else pd.NaT
    g = x.groupby(keys, sort=False, dropna=False)
    out = g.agg(
        n_docs=(S.DOC_ID, "nunique"),
        n_articles=(S.ARTICLE_ID, "size"),
        n_articles_mentioning=("_mentioning", "sum"),
        n_mentions=("n_mentions", "sum"),
        n_headings=("n_headings", "sum"),
        n_chars=(S.N_CHARS, "sum"),
    ).reset_index()
    first_rows = x[x["_mentioning"]].sort_values(["_first", S.DOC_ID], kind="stable").groupby(keys, sort=False).head(1)
    first = first_rows.set_index(keys)
    date_col = first[S.DATE].astype(object) if S.DATE in first.columns else pd.Series(index=first.index, dtype=object)
    if S.DATE_PRECISION in first.columns:
        date_col = date_col.astype(str) + " (" + first[S.DATE_PRECISION].astype(str) + ")"
    out = out.join(date_col.rename("first_date"), on=keys)
    out = out.rename(columns=dict(zip(keys, by)))
    out["n_articles_mentioning"] = out["n_articles_mentioning"].astype("int64")
    out["share_articles"] = out["n_articles_mentioning"] / out["n_articles"].where(out["n_articles"] > 0)
    out["per_10k_chars"] = 1e4 * out["n_mentions"] / out["n_chars"].where(out["n_chars"] > 0)
    sort_keys = []
    for c in by:
        if c == PERIOD:
            out["_ps"] = out[PERIOD].map(starts)
            sort_keys += ["_ps", PERIOD]
        elif c == TERM:
            out["_ts"] = out[TERM].map({t: i for i, t in enumerate(terms)})
            sort_keys += ["_ts"]
        else:
            sort_keys.append(c)
    out = out.sort_values(sort_keys, kind="stable", na_position="last").drop(columns=["_ps", "_ts"], errors="ignore")
    cols = by + ["n_docs", "n_articles", "n_articles_mentioning", "share_articles", "n_mentions", "n_headings",
                 "n_chars", "per_10k_chars", "first_date"]
    return out[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# what the theme travels with


def _contexts(mentions: pd.DataFrame, arts: pd.DataFrame, scope: str) -> pd.DataFrame:
    """One row per distinct context (article, span, term) holding mentions, with the mention spans."""
    if scope not in ("sentence", "paragraph", "article"):
        raise NqpError(f"scope={scope!r}: use 'sentence', 'paragraph' or 'article'.")
    texts = arts.set_index(S.ARTICLE_ID)[S.TEXT] if S.ARTICLE_ID in arts.columns else arts.set_index(S.DOC_ID)[S.TEXT]
    rows = {}
    for r in mentions.itertuples(index=False):
        aid = getattr(r, S.ARTICLE_ID)
        if aid not in texts.index:
            raise NqpError(f"mentions: article {aid!r} is not in articles; pass the articles the mentions came from.")
        text = texts.loc[aid]
        s, e = getattr(r, TEXT_START), getattr(r, TEXT_END)
        c0, c1 = _context_span(text, s, e, scope)
        key = (aid, c0, c1, getattr(r, TERM))
        if key not in rows:
            rows[key] = {
                S.ARTICLE_ID: aid, "c0": c0, "c1": c1, TERM: getattr(r, TERM), S.DOC_ID: getattr(r, S.DOC_ID),
                S.OUTLET: getattr(r, S.OUTLET), S.DATE_START: getattr(r, S.DATE_START), "spans": [],
                "context": text[c0:c1],
            }
        rows[key]["spans"].append((s - c0, e - c0))
    out = pd.DataFrame(list(rows.values()))
    return out


def theme_contexts(mentions: pd.DataFrame, articles: pd.DataFrame, *, scope: str = "paragraph") -> pd.DataFrame:
    """The mention table with each mention's context: its ``sentence``, ``paragraph`` or ``article``.

    Returns a copy of ``mentions`` (same order) plus ``context`` (the passage, original script),
    ``context_start``/``context_end`` (its offsets in the article's ``text``/``text_orig``).
    """
    m = _check_mentions(mentions)
    if scope not in ("sentence", "paragraph", "article"):
        raise NqpError(f"scope={scope!r}: use 'sentence', 'paragraph' or 'article'.")
    arts = _as_articles(articles)
    by_id = arts.set_index(S.ARTICLE_ID) if S.ARTICLE_ID in arts.columns else arts.set_index(S.DOC_ID)
    ctx, c0s, c1s = [], [], []
    for aid, s, e in zip(m[S.ARTICLE_ID], m[TEXT_START], m[TEXT_END]):
        if aid not in by_id.index:
            raise NqpError(f"mentions: article {aid!r} is not in articles; pass the articles the mentions came from.")
        text = by_id.at[aid, S.TEXT]
        orig = by_id.at[aid, S.TEXT_ORIG] if S.TEXT_ORIG in by_id.columns else text
        orig = orig if isinstance(orig, str) and len(orig) == len(text) else text
        c0, c1 = _context_span(text, s, e, scope)
        ctx.append(orig[c0:c1])
        c0s.append(c0)
        c1s.append(c1)
    out = m.copy()
    out["context"] = pd.Series(ctx, index=m.index, dtype=object)
    out["context_start"] = pd.Series(c0s, index=m.index, dtype="int64")
    out["context_end"] = pd.Series(c1s, index=m.index, dtype="int64")
    return out


def _context_span(text: str, s: int, e: int, scope: str) -> tuple[int, int]:
    if scope == "sentence":
        return sentence_at(text, s, e)
    if scope == "paragraph":
        c0 = text.rfind("\n", 0, s) + 1
        c1 = text.find("\n", e)
        return c0, len(text) if c1 < 0 else c1
    return 0, len(text)


def _companions_per_context(ctx: pd.DataFrame, terms, theme_terms, lexicon, formula) -> list[dict[str, int]]:
    """For each context: companion -> occurrences, outside the theme's own mentions."""
    if ctx.empty:
        return []
    if terms is not None:
        forms = theme_variants(_check_terms(terms), compounds=False, lexicon=lexicon)
        rx, owner = _matcher(forms)
        out = []
        for text, spans in zip(ctx["context"], ctx["spans"]):
            found: dict[str, int] = {}
            for m in rx.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in spans):
                    continue
                found[owner[m.group(0)]] = found.get(owner[m.group(0)], 0) + 1
            out.append(found)
        return out
    from .tokens import tokenize

    masked = []
    for text, spans in zip(ctx["context"], ctx["spans"]):
        chars = list(text)
        for s, e in spans:
            chars[s:e] = [","] * (e - s)
        masked.append("".join(chars))
    frame = pd.DataFrame({S.DOC_ID: ctx[S.DOC_ID].values, S.ARTICLE_ID: [f"c{i}" for i in range(len(ctx))],
                          S.TEXT: masked})
    toks = tokenize(frame, lexicon=lexicon, formula=formula)["tokens"]
    own = set(theme_terms)
    han = re.compile(r"[\u4e00-\u9fff]")
    out = []
    for words in toks:
        found: dict[str, int] = {}
        for w in words:
            if len(w) < 2 or w in own or not han.search(w):
                continue
            found[w] = found.get(w, 0) + 1
        out.append(found)
    return out


def theme_cooccurrence(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    terms=None,
    scope: str = "paragraph",
    by=None,
    freq: str = "auto",
    min_contexts: int = 1,
    lexicon=None,
    formula: bool = True,
) -> pd.DataFrame:
    """The terms a theme travels with: how many of its contexts contain each companion, per group.

    A context is the ``scope`` (``sentence``, ``paragraph`` or ``article``) around a mention; two
    mentions in one paragraph make one context. Companions are ``terms`` (e.g. :data:`COMPANIONS`:
    matched in both scripts, each with its variants) or, with ``terms=None``, the words of the contexts
    (nqp.tokenize with the lexicon, stopwords and, with ``formula=True``, the political boilerplate
    removed). The theme's own mentions never count as companions.

    ``by``: None (all contexts), ``"period"`` (see :func:`theme_periods`, at ``freq``), or a column of
    the mention table (``outlet``, ``doc_id`` ...). How a companion's share changes over periods shows
    how the theme's company changes over time.

    Returns one row per theme term, group and companion seen in at least ``min_contexts`` contexts:
    ``term`` (the theme family), ``group`` (the group; ``"all"`` without ``by``), ``companion``,
    ``n_contexts`` (contexts containing it), ``n_group_contexts`` (contexts of the theme in the
    group), ``share`` (their ratio), ``count`` (occurrences). Sorted by term (theme order), group
    (chronological for periods), ``n_contexts`` descending, companion.
    """
    m = _check_mentions(mentions)
    arts = _as_articles(articles)
    cols = [TERM, "group", "companion", "n_contexts", "n_group_contexts", "share", "count"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    ctx = _contexts(m, arts, scope)
    starts = {}
    if by is None:
        ctx["group"] = "all"
    elif by == PERIOD:
        a = arts.set_index(S.ARTICLE_ID)
        per = theme_periods(a, freq)
        ctx["group"] = ctx[S.ARTICLE_ID].map(per)
        starts = per.attrs["starts"]
    else:
        if by not in m.columns:
            raise NqpError(f"by={by!r}: use None, 'period' or a column of the mention table ({list(m.columns)}).")
        first = m.drop_duplicates(S.ARTICLE_ID).set_index(S.ARTICLE_ID)[by]
        ctx["group"] = ctx[S.ARTICLE_ID].map(first).astype(object).where(lambda s: s.notna(), "(none)")
    found = _companions_per_context(ctx, terms, _theme_forms(m), lexicon, formula)
    rows = []
    for (term, group), idx in ctx.groupby([TERM, "group"], sort=False).groups.items():
        n_group = len(idx)
        tally: dict[str, list[int]] = {}
        for i in idx:
            for comp, k in found[ctx.index.get_loc(i)].items():
                t = tally.setdefault(comp, [0, 0])
                t[0] += 1
                t[1] += k
        for comp, (nc, cnt) in tally.items():
            if nc >= min_contexts:
                rows.append({TERM: term, "group": group, "companion": comp, "n_contexts": nc,
                             "n_group_contexts": n_group, "share": nc / n_group, "count": cnt})
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    order = {t: i for i, t in enumerate(_terms_of(m))}
    out["_t"] = out[TERM].map(order)
    out["_g"] = out["group"].map(starts) if starts else out["group"]
    out = out.sort_values(["_t", "_g", "group", "n_contexts", "companion"], ascending=[True, True, True, False, True],
                          kind="stable", na_position="last")
    return out.drop(columns=["_t", "_g"]).reset_index(drop=True)


def _theme_forms(mentions: pd.DataFrame) -> set[str]:
    forms = set(mentions[TERM]) | set(mentions[MATCH])
    return forms | {_analysis_form(f) for f in forms}


def theme_network(
    mentions: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    terms=None,
    scope: str = "paragraph",
    top: int = 15,
    min_contexts: int = 1,
    lexicon=None,
    formula: bool = True,
):
    """The co-occurrence network of a theme as a ``networkx.Graph``.

    Nodes: the theme's families (``center=True``) and the ``top`` companions by contexts (see
    :func:`theme_cooccurrence`, ties broken by the companion's name). Edges: theme - companion weighted
    by the contexts they share, and companion - companion by the theme contexts holding both, kept when
    at least ``min_contexts``. Node attributes ``count`` (contexts) and ``center``; edge attribute
    ``count``. Nodes and edges are added in sorted order, so layouts are reproducible.
    """
    import networkx as nx

    m = _check_mentions(mentions)
    if not isinstance(top, (int, np.integer)) or top < 1:
        raise NqpError(f"top={top!r}: give a positive whole number of companions to show.")
    graph = nx.Graph(theme=", ".join(_terms_of(m)), scope=scope)
    if m.empty:
        return graph
    arts = _as_articles(articles)
    ctx = _contexts(m, arts, scope)
    found = _companions_per_context(ctx, terms, _theme_forms(m), lexicon, formula)
    total: dict[str, int] = {}
    for f in found:
        for c in f:
            total[c] = total.get(c, 0) + 1
    comps = sorted((c for c, n in total.items() if n >= min_contexts), key=lambda c: (-total[c], c))[:top]
    centers = sorted(set(ctx[TERM]))
    n_ctx = ctx[TERM].value_counts()
    for node in sorted(set(centers) | set(comps)):
        is_center = node in centers
        graph.add_node(node, count=int(n_ctx.get(node, 0)) if is_center else int(total[node]), center=is_center)
    pairs: dict[tuple[str, str], int] = {}
    for term, f in zip(ctx[TERM], found):
        present = sorted(c for c in f if c in comps)
        for c in present:
            key = tuple(sorted((term, c)))
            pairs[key] = pairs.get(key, 0) + 1
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    for (a, b), n in sorted(pairs.items()):
        if n >= min_contexts and a != b:
            graph.add_edge(a, b, count=int(n))
    return graph


# ---------------------------------------------------------------------------------------------
# display


def theme_table(mentions: pd.DataFrame, *, mark: tuple[str, str] = ("【", "】"), width: int | None = None) -> pd.DataFrame:
    """The mention table made for reading: one row per mention, in the order of ``mentions``.

    Columns: ``date`` (with its precision when coarser than a day), ``outlet``, ``speaker`` (name and
    type; ``outlet voice`` when nobody is quoted), ``heading`` (✓ for headings), ``sentence`` (original
    script, the match between ``mark`` brackets; cut to ``width`` characters around it when given),
    ``doc_id``.
    """
    m = _check_mentions(mentions)
    rows = []
    for r in m.itertuples(index=False):
        sent = getattr(r, SENTENCE)
        o = getattr(r, SENTENCE_OFFSET)
        n = len(getattr(r, MATCH))
        marked = sent[:o] + mark[0] + sent[o : o + n] + mark[1] + sent[o + n :]
        if width and len(marked) > width:
            half = max(0, (width - n - 2) // 2)
            a = max(0, o - half)
            b = min(len(marked), o + n + 2 + half)
            marked = ("…" if a > 0 else "") + marked[a:b] + ("…" if b < len(marked) else "")
        prec = getattr(r, S.DATE_PRECISION)
        date = str(getattr(r, S.DATE)) + ("" if prec in (None, "day") or pd.isna(prec) else f" ({prec})")
        st = getattr(r, SPEAKER_TYPE)
        spk = getattr(r, SPEAKER)
        who = "outlet voice" if st == "outlet" else (f"{spk} ({st})" if isinstance(spk, str) else f"? ({st})")
        rows.append({S.DATE: date, S.OUTLET: getattr(r, S.OUTLET), SPEAKER: who,
                     "heading": "✓" if getattr(r, IS_HEADING) else "", SENTENCE: marked, S.DOC_ID: getattr(r, S.DOC_ID)})
    return pd.DataFrame(rows, columns=[S.DATE, S.OUTLET, SPEAKER, "heading", SENTENCE, S.DOC_ID])


SPEAKER_COLORS = {
    "official": "#d62728",
    "expert": "#2ca02c",
    "business": "#ff7f0e",
    "other": "#8c564b",
    "government": "#9467bd",
    "outlet": "#1f77b4",
    "unresolved": "#7f7f7f",
}


def textplot_theme_dispersion(mentions: pd.DataFrame, articles: pd.DataFrame | None = None, *, by: str = S.OUTLET,
                              ax=None, title: str | None = None):
    """Mentions per outlet on a timeline: one row per ``by`` value, one dot per mention.

    Each document of ``articles`` is drawn as a grey span over the dates it may stand for (a day, or
    the whole month/year when that is all the source says), so outlets and documents that never use the
    theme are visible too (when ``by`` is a column of the articles; ``by="term"`` draws one row per
    theme family). Mentions are stacked dots above their document's span, coloured by speaker
    type; a square marks a heading. Returns ``(fig, ax)``.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    m = _check_mentions(mentions)
    use_cjk_font()
    if by not in m.columns:
        raise NqpError(f"by={by!r}: not a column of the mention table; use 'outlet', 'term', 'speaker_type' ...")
    docs = None
    if articles is not None:
        arts = _as_articles(articles)
        if by in arts.columns:  # documents without a mention are drawn too
            docs = arts.drop_duplicates(S.DOC_ID)[[S.DOC_ID, by, S.DATE_START, S.DATE_END]]
    groups = sorted(set(m[by].fillna("(none)")) | (set(docs[by].fillna("(none)")) if docs is not None else set()))
    if ax is None:
        fig, ax = plt.subplots(figsize=(11, 0.9 * max(len(groups), 1) + 2))
    else:
        fig = ax.figure
    ypos = {g: i for i, g in enumerate(groups)}
    if docs is not None:
        for r in docs.dropna(subset=[S.DATE_START]).itertuples(index=False):
            y = ypos[getattr(r, by) if isinstance(getattr(r, by), str) else "(none)"]
            s, e = getattr(r, S.DATE_START), getattr(r, S.DATE_END)
            if e - s < pd.Timedelta(days=2):  # dated to the day: a tick
                ax.plot(s, y, "|", color="#999999", markersize=14, markeredgewidth=2, zorder=1)
            else:
                ax.barh(y, (e - s) + pd.Timedelta(days=1), left=s, height=0.18, color="#bbbbbb", alpha=0.7, zorder=1)
    dated = m.dropna(subset=[S.DATE_START])
    max_stack = 1
    for (_, doc), g in dated.groupby([by, S.DOC_ID], sort=True, dropna=False):
        first = g.iloc[0]
        y0 = ypos[first[by] if isinstance(first[by], str) else "(none)"]
        s, e = first[S.DATE_START], first[S.DATE_END]
        x = s + (e - s) / 2
        k = len(g)
        max_stack = max(max_stack, k)
        step = min(0.07, 0.7 / max(k, 1))
        for i, r in enumerate(g.itertuples(index=False)):
            ax.plot(x, y0 + 0.14 + i * step, "s" if getattr(r, IS_HEADING) else "o", markersize=5,
                    color=SPEAKER_COLORS.get(getattr(r, SPEAKER_TYPE), "#7f7f7f"), zorder=3)
        ax.annotate(f"{k}", (x, y0 + 0.14 + (k - 1) * step), xytext=(6, 0), textcoords="offset points",
                    fontsize=8, va="center")
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(-0.5, len(groups) - 0.1 + 0.3)
    ax.margins(x=0.04)
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    present = [t for t in SPEAKER_TYPES if t in set(dated[SPEAKER_TYPE])]
    handles = [plt.Line2D([], [], marker="o", ls="", color=SPEAKER_COLORS[t], label=t) for t in present]
    if dated[IS_HEADING].any():
        handles.append(plt.Line2D([], [], marker="s", ls="", color="#444444", label="in a heading"))
    if docs is not None:
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#bbbbbb", label="document (date span)"))
    if handles:
        ax.legend(handles=handles, loc="upper left", fontsize=8, title="speaker", bbox_to_anchor=(1.01, 1))
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("date (dots at the middle of a month-precision span; numbers: mentions in the document)")
    terms = ", ".join(_terms_of(m)) if len(m) or m.attrs.get("terms") else ""
    ax.set_title(title or f"{len(m)} mention{'s' if len(m) != 1 else ''} of {terms}")
    fig.tight_layout()
    return fig, ax


def textplot_theme_network(graph, *, ax=None, random_state: int = 0, title: str | None = None):
    """Draw a :func:`theme_network`: the theme in red, companions sized by contexts, edges by count.

    Drawn by :func:`nqp.textplot_network` (spring layout seeded with ``random_state``). Returns ``(fig, ax)``.
    """
    from .plots import textplot_network

    title = title or (
        f"what {graph.graph.get('theme', 'the theme')} travels with (shared {graph.graph.get('scope', 'contexts')}s)"
    )
    return textplot_network(graph, ax=ax, random_state=random_state, weight="count", title=title)


def textplot_theme_companions(cooc: pd.DataFrame, *, top: int = 12, term: str | None = None, ax=None,
                              title: str | None = None):
    """Heatmap of companions (rows) by group (columns): the share of the theme's contexts holding each.

    ``cooc``: :func:`theme_cooccurrence` with ``by="period"`` (or any ``by``). ``top``: companions with
    the most contexts overall; ``term``: which theme family (default: the first). Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    if not isinstance(cooc, pd.DataFrame) or not {TERM, "group", "companion", "share"}.issubset(cooc.columns):
        raise NqpError("cooc: expected the table of nqp.theme_cooccurrence.")
    use_cjk_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 0.4 * top + 2))
    else:
        fig = ax.figure
    if cooc.empty:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "no companions", ha="center", va="center", transform=ax.transAxes)
        return fig, ax
    term = term if term is not None else cooc[TERM].iloc[0]
    c = cooc[cooc[TERM] == term]
    totals = c.groupby("companion")["n_contexts"].sum()
    comps = sorted(totals.index, key=lambda k: (-totals[k], k))[:top]
    groups = list(dict.fromkeys(c["group"]))
    grid = c.pivot_table(index="companion", columns="group", values="share", aggfunc="sum").reindex(
        index=comps, columns=groups).fillna(0.0)
    im = ax.imshow(grid.values, aspect="auto", cmap="Blues", vmin=0, vmax=1)
    ax.set_yticks(range(len(comps)), comps)
    n_ctx = c.drop_duplicates("group").set_index("group")["n_group_contexts"]
    ax.set_xticks(range(len(groups)), [f"{g}\n(n={int(n_ctx[g])})" for g in groups], rotation=0, fontsize=8)
    for i in range(grid.shape[0]):
        for j in range(grid.shape[1]):
            v = grid.values[i, j]
            if v > 0:
                ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white" if v > 0.6 else "black")
    fig.colorbar(im, ax=ax, label="share of the theme's contexts")
    ax.set_title(title or f"what {term} travels with, by group")
    fig.tight_layout()
    return fig, ax
