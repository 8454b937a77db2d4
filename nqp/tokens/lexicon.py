"""The policy-term lexicon and the word lists of the removal layers: files, formats, validation.

A lexicon is read once into a :class:`Lexicon`, a frozen, hashable value (terms with their variants
in both scripts, categories, notes, frequencies). Every function of the tokenizing stage (and the
theme stage's variants) resolves its ``lexicon=`` argument through :meth:`Lexicon.from_any`, the one
place where ``None``, ``True``, ``False``, a path, a list of paths or a DataFrame become a lexicon;
passing a :class:`Lexicon` itself reads no file. :func:`load_lexicon` returns the same content as a
DataFrame, for display and editing.

The removal layers (punctuation, numbers, function words, formula words) are word lists too:
:func:`load_stopwords` reads them, and the rule that assigns a word to a layer lives here beside them.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import not_
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from .. import schema as S
from ..io import read_text_file
from ..errors import NqpError, NqpTypeError
from ..script import converter

log = logging.getLogger(__name__)

__all__ = [
    "DATA",
    "FORMULA_FILE",
    "LAYERS",
    "LEXICON_COLUMNS",
    "LEXICON_FILE",
    "STOPWORDS_FILE",
    "URL_PATTERN",
    "Lexicon",
    "lexicon_variants",
    "load_lexicon",
    "load_stopwords",
]

DATA = Path(__file__).resolve().parent.parent / "data"
LEXICON_FILE = DATA / "lexicon.csv"
STOPWORDS_FILE = DATA / "stopwords.txt"
FORMULA_FILE = DATA / "formula.txt"

#: the columns of :func:`load_lexicon`'s table, in order
LEXICON_COLUMNS = S.LEXICON_COLUMNS
#: removal layers, in the order they are tried (url: URLs and e-mail addresses, one word each)
LAYERS = ("punctuation", "number", "url", "stopword", "formula")

#: characters jieba's dictionary matching treats as part of a word (anything else splits a term)
_JIEBA_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
#: top-level domains a bare domain (xinhuanet.com, www-less) ends with
_TLDS = ("com|cn|net|org|gov|edu|int|mil|info|biz|name|pro|io|ai|co|me|tv|cc|xyz|top|site|online|app|dev|"
         "hk|tw|mo|jp|kr|sg|uk|de|fr|ru|us|eu|au|ca|in")
#: a character of a URL after its host, and one it may end with (never a full stop or a comma of the sentence)
_URL_CHAR = r"[A-Za-z0-9\-._~:/?#@&=%+]"
_URL_END = r"[A-Za-z0-9/\-_=#~%&+]"
#: a URL (with a scheme, or from www.), an e-mail address, or a bare domain with its path: one word, which
#: (no look-ahead or look-behind: a word matches alone as it does in its run, which the tokens table relies on)
#: the removal layer ``url`` drops (a web export's addresses are not words of its text)
URL_PATTERN = (
    rf"(?i:https?://|ftp://|www\.){_URL_CHAR}*{_URL_END}"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
    rf"|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?i:{_TLDS})(?:/(?:{_URL_CHAR}*{_URL_END})?)?"
)
#: a word the url layer removes
_URL_WORD = re.compile(rf"(?:{URL_PATTERN})\Z")
#: a word the number layer removes: Arabic digits (decimals, thousands, percent) or Chinese numerals
_NUMBER = re.compile(
    r"^(?:[0-9０-９]+(?:[.．,，][0-9０-９]+)*[%％]?|[〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+)$"
)


# ---------------------------------------------------------------------------------------------
# script conversion


def _script_forms(term: str) -> list[str]:
    """The traditional forms of a simplified term (OpenCC s2t, s2tw, s2hk), excluding the term."""
    out = []
    for config in ("s2t", "s2tw", "s2hk"):
        form = converter(config).convert(term)
        if form != term and form not in out:
            out.append(form)
    return out


# ---------------------------------------------------------------------------------------------
# files


def _read_text_file(path: Path, what: str) -> str:
    return read_text_file(path, what, "a .csv or .txt file")


def _lexicon_rows_csv(text: str, path: Path) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip() for f in (reader.fieldnames or [])]
    if "term" not in fields:
        raise NqpError(
            f"lexicon file {path} has no 'term' column (columns: {fields}). A lexicon CSV needs a header "
            "with 'term' and, optionally, 'variants' (separated by |), 'category', 'note', 'freq'."
        )
    rows = []
    for line_no, rec in enumerate(reader, start=2):
        rec = {(k or "").strip(): (v or "").strip() for k, v in rec.items()}
        rows.append(
            {
                "term": rec.get("term", ""),
                "variants": [v.strip() for v in rec.get("variants", "").split("|") if v.strip()],
                "category": rec.get("category", ""),
                "note": rec.get("note", ""),
                "freq": rec.get("freq", ""),
                "where": f"{path}, line {line_no}",
            }
        )
    return rows


def _lexicon_rows_txt(text: str, path: Path) -> list[dict]:
    """jieba's user-dictionary format: ``word [freq] [tag]`` per line; ``#`` starts a comment."""
    rows = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not line:
            continue
        parts = line.split()
        freq = ""
        category = ""
        if len(parts) >= 2 and parts[1].isdigit():
            freq = parts[1]
            category = parts[2] if len(parts) >= 3 else ""
        elif len(parts) >= 2:
            raise NqpError(
                f"lexicon file {path}, line {line_no}: {line!r} is not 'word [freq] [tag]': the second field "
                f"{parts[1]!r} is not a frequency. A term cannot contain spaces; write one term per line."
            )
        rows.append(
            {"term": parts[0], "variants": [], "category": category, "note": "", "freq": freq,
             "where": f"{path}, line {line_no}"}
        )
    return rows


def _check_form(form: str, where: str) -> None:
    if not form:
        raise NqpError(f"{where}: empty term. Remove the line or fill in the term.")
    if any(ch.isspace() for ch in form):
        raise NqpError(f"{where}: term {form!r} contains whitespace; jieba can never keep it whole. Remove the space.")
    if not _JIEBA_WORD.match(form):
        bad = sorted({ch for ch in form if not _JIEBA_WORD.match(ch)})
        raise NqpError(
            f"{where}: term {form!r} contains {''.join(bad)!r}, which jieba treats as a word boundary, so the "
            "term could never be one token. Leave the character out (e.g. write 成渝双城经济圈, not 成渝·双城经济圈)."
        )


def _read(paths, builtin: bool) -> "Lexicon":
    """The lexicon of nqp's file (``builtin``) plus ``paths``; each file is read once per content."""
    sources: list[Path] = [LEXICON_FILE] if builtin else []
    if paths is not None:
        sources += [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else list(paths))]
    return _merge(tuple((path, _read_text_file(path, "lexicon file")) for path in sources))


@lru_cache(maxsize=16)
def _merge(files: tuple[tuple[Path, str], ...]) -> "Lexicon":
    """Parse, validate and merge lexicon files given as ``(path, content)``: keyed by content, so an
    edited file is read again and an unchanged one is not converted twice."""
    merged: dict[str, dict] = {}
    for path, text in files:
        rows = _lexicon_rows_csv(text, path) if path.suffix.lower() == ".csv" else _lexicon_rows_txt(text, path)
        for row in rows:
            where = row["where"]
            term = row["term"]
            _check_form(term, where)
            simplified = converter("t2s").convert(term)
            variants = set(row["variants"])
            if simplified != term:
                variants.add(term)
                term = simplified
            for v in variants:
                _check_form(v, where)
            variants.update(_script_forms(term))
            variants.discard(term)
            freq = row["freq"]
            if freq and not str(freq).isdigit():
                raise NqpError(f"{where}: freq {freq!r} of {term!r} is not a whole number. Leave it empty or write e.g. 1000.")
            entry = merged.get(term)
            if entry is not None:
                log.info("lexicon: %s listed again in %s; the later entry wins, variants are merged", term, where)
                variants |= set(entry["variants"])
            merged[term] = {
                "term": term,
                "variants": tuple(sorted(variants)),
                "category": row["category"] or (entry or {}).get("category", ""),
                "note": row["note"] or (entry or {}).get("note", ""),
                "freq": int(freq) if freq else (entry or {}).get("freq"),
                "source": path.name,
            }
    # a form may not belong to two terms
    owner: dict[str, str] = {}
    for term in sorted(merged):
        for form in (term, *merged[term]["variants"]):
            if form in owner and owner[form] != term:
                raise NqpError(
                    f"lexicon: {form!r} is listed both as {owner[form]!r} and as a variant of {term!r}. "
                    "Keep it in one entry."
                )
            owner[form] = term
    return Lexicon._from_rows([merged[t] for t in sorted(merged)])


# ---------------------------------------------------------------------------------------------
# the value


@dataclass(frozen=True)
class Lexicon:
    """The policy-term lexicon as one immutable, hashable value.

    Parallel tuples, one item per term, sorted by term: ``terms`` (simplified script), ``variants``
    (tuple of the term's other surface forms, both scripts, sorted), ``categories``, ``notes``,
    ``freqs`` (the dictionary frequency asked for, or None for nqp's default) and ``sources`` (the
    file each term comes from). Build it with :meth:`from_any`; :meth:`to_frame` gives the table of
    :func:`load_lexicon`. Immutable and hashable, it can key a cache; pass one value to many calls and
    the lexicon files are read and converted once.
    """

    terms: tuple[str, ...] = ()
    variants: tuple[tuple[str, ...], ...] = ()
    categories: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    freqs: tuple[int | None, ...] = ()
    sources: tuple[str, ...] = ()

    def __post_init__(self):
        n = len(self.terms)
        if any(len(getattr(self, f)) != n for f in ("variants", "categories", "notes", "freqs", "sources")):
            raise NqpError("Lexicon: terms, variants, categories, notes, freqs and sources must have the same length.")

    @classmethod
    def _from_rows(cls, rows: list[dict]) -> "Lexicon":
        return cls(
            terms=tuple(r["term"] for r in rows),
            variants=tuple(tuple(r["variants"]) for r in rows),
            categories=tuple(r["category"] for r in rows),
            notes=tuple(r["note"] for r in rows),
            freqs=tuple(None if r["freq"] is None or pd.isna(r["freq"]) else int(r["freq"]) for r in rows),
            sources=tuple(r["source"] for r in rows),
        )

    @classmethod
    def from_any(cls, lexicon=None) -> "Lexicon":
        """The one resolver of every ``lexicon=`` argument.

        ``None`` or ``True``: nqp's lexicon (``nqp/data/lexicon.csv``); ``False``: none (plain
        jieba); a path or a list of paths: nqp's lexicon plus those files (see :func:`load_lexicon`
        for the formats); a DataFrame with a ``term`` column (e.g. from :func:`load_lexicon`; the
        other columns are optional), taken as it is; a :class:`Lexicon`: itself.
        """
        if isinstance(lexicon, Lexicon):
            return lexicon
        if lexicon is None or lexicon is True:
            return _read(None, True)
        if lexicon is False:
            return _read(None, False)
        if isinstance(lexicon, pd.DataFrame):
            return cls._from_frame(lexicon)
        if isinstance(lexicon, (str, Path, list, tuple)):
            return _read(lexicon, True)
        raise NqpTypeError(
            f"lexicon: expected None (nqp's lexicon), False (none), a path or list of paths, a DataFrame "
            f"from nqp.load_lexicon() or a nqp.Lexicon; got {type(lexicon).__name__}."
        )

    @classmethod
    def _from_frame(cls, lexicon: pd.DataFrame) -> "Lexicon":
        if "term" not in lexicon.columns:
            raise NqpError(
                f"lexicon: the DataFrame has no 'term' column (columns: {list(lexicon.columns)}). "
                "Build it with nqp.load_lexicon()."
            )
        frame = lexicon.copy()
        for col, default in (("variants", ()), ("category", ""), ("note", ""), ("freq", pd.NA), ("source", "DataFrame")):
            if col not in frame.columns:
                frame[col] = [default] * len(frame)
        frame["variants"] = [tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else
                             tuple(x for x in str(v).split("|") if x) if isinstance(v, str) else ()
                             for v in frame["variants"]]
        for term, variants in zip(frame["term"], frame["variants"]):
            for form in (term, *variants):
                _check_form(str(form), f"lexicon DataFrame, term {term!r}")
        frame["freq"] = frame["freq"].astype("Int64")
        frame = frame[LEXICON_COLUMNS].sort_values("term", kind="stable")
        return cls._from_rows(frame.to_dict("records"))

    def with_terms(self, terms, *, category: str = "theme", note: str = "", source: str = "theme",
                   freq: int | None = None) -> "Lexicon":
        """This lexicon with ``terms`` added (each in simplified script, its traditional forms as variants, as a
        lexicon file's term gets them), so that the segmenter keeps them whole: a report's theme. A term that
        is already a form of the lexicon is left as it is; one jieba could never keep whole (whitespace, a
        character it splits at, as ``·`` or ``-``) is left out, and so is one whose traditional form another
        term owns. ``freq``: the dictionary frequency of the added terms (None: nqp's default, the least that
        keeps each whole against its own parts). Returns this lexicon when nothing is added."""
        if terms is None:
            return self
        terms = [terms] if isinstance(terms, str) else list(terms)
        owner = dict(self._owner)
        rows = [dict(term=t, variants=v, category=c, note=n, freq=f, source=src)
                for t, v, c, n, f, src in zip(self.terms, self.variants, self.categories, self.notes, self.freqs,
                                              self.sources)]
        added = False
        for raw in terms:
            term = converter("t2s").convert(str(raw).strip())
            if not term or term in owner or str(raw).strip() in owner:
                continue
            try:
                _check_form(term, "theme")
            except NqpError:
                log.info("lexicon: %r is not added: jieba splits at one of its characters", raw)
                continue
            variants = tuple(sorted(v for v in _script_forms(term) if v != term))
            if any(v in owner for v in variants):
                continue
            rows.append(dict(term=term, variants=variants, category=category, note=note, freq=freq, source=source))
            for form in (term, *variants):
                owner[form] = term
            added = True
        if not added:
            return self
        return Lexicon._from_rows(sorted(rows, key=lambda r: r["term"]))

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"Lexicon({len(self)} terms, {len(self.forms())} forms)"

    def to_frame(self) -> pd.DataFrame:
        """One row per term, sorted by term: the columns of :func:`load_lexicon`."""
        frame = pd.DataFrame(
            {"term": list(self.terms), "variants": list(self.variants), "category": list(self.categories),
             "note": list(self.notes), "freq": [pd.NA if f is None else f for f in self.freqs],
             "source": list(self.sources)},
            columns=LEXICON_COLUMNS,
        )
        frame["freq"] = frame["freq"].astype("Int64")
        return frame

    def forms(self) -> dict[str, str]:
        """Every surface form (terms and variants) -> its term."""
        return dict(self._owner)

    def canonical_map(self) -> dict[str, str]:
        """variant -> term, for the variants only (the map ``canonical=True`` applies to tokens)."""
        return dict(self._canonical)

    @cached_property
    def _owner(self) -> dict[str, str]:
        owner = {}
        for t, variants in zip(self.terms, self.variants):
            owner[t] = t
            for v in variants:
                owner[v] = t
        return owner

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {v: t for t, variants in zip(self.terms, self.variants) for v in variants}

    @cached_property
    def _row(self) -> dict[str, int]:
        row: dict[str, int] = {}
        for i, t in enumerate(self.terms):
            row.setdefault(t, i)
        return row

    def variants_of(self, term: str, *, compounds: bool = False) -> list[str]:
        """Every surface form of ``term`` in both scripts: the term first, then the others sorted.

        As :func:`lexicon_variants`, without resolving a lexicon again.
        """
        if not isinstance(term, str) or not term.strip():
            raise NqpError(f"lexicon_variants: term must be a non-empty string, got {term!r}.")
        owner = self._owner
        simplified = converter("t2s").convert(term)
        canonical = owner.get(term) or owner.get(simplified) or simplified
        forms = {canonical, term, *_script_forms(canonical)}
        at = self._row.get(canonical)
        if at is not None:
            forms.update(self.variants[at])
        if compounds:
            base = set(forms)
            for t, variants in zip(self.terms, self.variants):
                if t != canonical and any(f in x for f in base for x in (t, *variants)):
                    forms.update((t, *variants))
        return [canonical] + sorted(forms - {canonical})


def load_lexicon(paths: str | Path | Sequence[str | Path] | None = None, *, builtin: bool = True) -> pd.DataFrame:
    """The policy-term lexicon: nqp's own (``nqp/data/lexicon.csv``) plus your lexicon files.

    ``paths``: one file or a list. A ``.csv`` needs a ``term`` column and may have ``variants``
    (forms separated by ``|``), ``category``, ``note`` and ``freq``; any other file is read in jieba's
    user-dictionary format (``word [freq] [tag]`` per line). Files are UTF-8, with or without BOM.
    ``builtin=False`` leaves nqp's own lexicon out.

    Terms are stored in simplified script; a traditional term becomes a variant of its simplified
    form. The traditional forms (OpenCC s2t, s2tw, s2hk) are always among the variants. A term listed
    twice keeps the later file's category/note/freq and the union of the variants.

    Returns one row per term, sorted by term: ``term`` (str), ``variants`` (tuple of str, sorted; the
    term's other surface forms, both scripts), ``category`` (str), ``note`` (str), ``freq`` (Int64:
    the dictionary frequency asked for, <NA> for nqp's default), ``source`` (file name). The same
    content as a frozen value: :meth:`Lexicon.from_any` (pass that to many calls to read the files once).
    """
    return _read(paths, builtin).to_frame()


def lexicon_variants(term: str, lexicon=None, *, compounds: bool = False) -> list[str]:
    """Every surface form of ``term`` in both scripts: the term first, then the others sorted.

    ``term`` may be given in either script or as any variant. Terms not in the lexicon get their
    OpenCC forms. ``compounds=True`` adds the lexicon terms that contain one of the forms, with
    their variants (for 建圈强链: 产业建圈强链, 產業建圈強鏈), so that a count over tokens misses none.
    ``lexicon``: as for :func:`nqp.tokenize`; pass a :class:`Lexicon` when asking for many terms.
    """
    return Lexicon.from_any(lexicon).variants_of(term, compounds=compounds)


# ---------------------------------------------------------------------------------------------
# word lists of the removal layers


def _read_wordlist(source, what: str) -> frozenset[str]:
    if isinstance(source, (str, Path)):
        text = _read_text_file(Path(source), what)
        words = []
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            words.extend(line.split())
    else:
        try:
            words = [str(w).strip() for w in source]
        except TypeError:
            raise NqpError(f"{what}: expected True, False, a file path or a list of words; got {source!r}.") from None
    out = set()
    for w in words:
        if w:
            out.add(w)
            out.add(converter("t2s").convert(w))
            out.update(_script_forms(w))
    return frozenset(out)


def load_stopwords(stopwords=True, formula=False) -> dict[str, frozenset[str]]:
    """The word lists of the removal layers: ``{"stopword": ..., "formula": ...}``.

    ``stopwords``/``formula``: True for nqp's lists (``nqp/data/stopwords.txt``,
    ``nqp/data/formula.txt``), False for none, a file path (one or more words per line, ``#``
    comments) or a list of words to use instead. Both scripts are included.
    """
    return {
        "stopword": _layer_words(stopwords, STOPWORDS_FILE, "stopwords"),
        "formula": _layer_words(formula, FORMULA_FILE, "formula"),
    }


def _layer_words(option, default: Path, what: str) -> frozenset[str]:
    if option is True:
        return _default_words(str(default))
    if option is False or option is None:
        return frozenset()
    return _read_wordlist(option, what)


@lru_cache(maxsize=4)
def _default_words(path: str) -> frozenset[str]:
    return _read_wordlist(path, "word list")


def _classifier(layers: dict[str, frozenset[str]], stop_on: bool = True):
    """word -> the layer that removes it ("" when kept). ``stop_on=False`` keeps punctuation and numbers."""
    memo: dict[str, str] = {}
    stop = layers["stopword"]
    formula = layers["formula"]

    def classify(w: str) -> str:
        layer = memo.get(w)
        if layer is None:
            if not stop_on:
                layer = "formula" if w in formula else ""
            elif not any(ch.isalnum() for ch in w):
                layer = "punctuation"
            elif _NUMBER.match(w):
                layer = "number"
            elif _URL_WORD.match(w):
                layer = "url"
            elif w in stop:
                layer = "stopword"
            elif w in formula:
                layer = "formula"
            else:
                layer = ""
            memo[w] = layer
        return layer

    return classify


#: a letter or digit (``str.isalnum``: Unicode word characters without the underscore)
_ALNUM = re.compile(r"[^\W_]")
#: the layers :func:`_layers_of` returns, by code (url last: the codes of the others stay)
_LAYER_CODES = ("", "punctuation", "number", "stopword", "formula", "url")


def _layers_of(words: list[str], layers: dict[str, frozenset[str]], stop_on: bool = True) -> np.ndarray:
    """The layer of every word as a code into :data:`_LAYER_CODES` (0 kept): :func:`_classifier`'s answer
    for many words at once, each test a C-level pass over the words, the first that applies winning."""
    n = len(words)
    code = np.zeros(n, dtype=np.int8)
    if stop_on:
        tests = [
            (1, map(not_, map(_ALNUM.search, words))),  # no match: no letter or digit
            (2, map(bool, map(_NUMBER.match, words))),
            (5, map(bool, map(_URL_WORD.match, words))),
            (3, map(layers["stopword"].__contains__, words)),
        ]
    else:
        tests = []
    tests.append((4, map(layers["formula"].__contains__, words)))
    for c, hits in reversed(tests):  # the first test that applies wins: apply them last to first
        code[np.fromiter(hits, dtype=bool, count=n)] = c
    return code

