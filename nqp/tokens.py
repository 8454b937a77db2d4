"""Tokenizing: jieba with a policy-term lexicon, stopword layers, a segmentation audit and new-term discovery.

Plain jieba breaks the very words policy texts are about (建圈强链 -> 建圈 / 强链, 新质生产力 -> 新质 /
生产力). :func:`tokenize` segments every article with a tokenizer of its own (never jieba's global
one) that knows the policy-term lexicon shipped in ``nqp/data/lexicon.csv`` plus any lexicon files
of yours, removes stopwords in named layers, and returns token lists (or a long table with offsets
into the article text, so every token traces back to its sentence).

Two backends give the same tokens: ``"jieba"`` (pure Python) and ``"rjieba"`` (jieba-rs, the same
dictionary and algorithm in Rust, many times faster). The lexicon is applied to both identically
(same words, same frequencies, same tags, same order); runs of Latin letters, digits and
punctuation, where the two differ, are re-split by one rule of nqp's own. ``backend="auto"`` uses
rjieba when it is installed; ``tests/test_tokens.py`` checks on the seeds and the reference corpus
that the two agree token for token. Part-of-speech tags follow from the word (lexicon, then jieba's
dictionary), so they agree too.

``n_jobs`` runs the segmentation in worker processes (module-level workers: they work under the
spawn start method of macOS and Windows); ``cache_dir`` keeps segmentations on disk, keyed by the
text's hash and the tokenizer configuration (backend and its version, HMM, every lexicon word with
its frequency and tag), so a changed lexicon never reads a stale entry and deleting the cache
changes no result.

Functions: :func:`tokenize`, :func:`tokenize_text`, :func:`tokens_removed`, :func:`load_lexicon`,
:func:`lexicon_variants`, :func:`lexicon_audit`, :func:`terms_discover`, :func:`load_stopwords`.
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
import json
import logging
import math
import multiprocessing
import os
import re
import uuid
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from importlib import metadata
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from . import schema as S
from .errors import NqpError
from .script import converter
from .text import sentence_spans

log = logging.getLogger("nqp")

DATA = Path(__file__).resolve().parent / "data"
LEXICON_FILE = DATA / "lexicon.csv"
STOPWORDS_FILE = DATA / "stopwords.txt"
FORMULA_FILE = DATA / "formula.txt"

BACKENDS = ("auto", "jieba", "rjieba")
#: a lexicon term enters the dictionary with at least this frequency (or jieba's suggested one, if
#: higher): enough to keep the policy terms whole in context, low enough not to swallow neighbours
LEXICON_MIN_FREQ = 10
#: part-of-speech tag of a lexicon term, by category (jieba's tag set: ns place, nt organization,
#: nz other proper noun)
CATEGORY_TAGS = {"region": "ns", "organization": "nt"}
DEFAULT_TAG = "nz"
#: removal layers, in the order they are tried
LAYERS = ("punctuation", "number", "stopword", "formula")
CACHE_VERSION = 2

TOKENS = S.TOKENS
LONG_COLUMNS = S.TOKEN_COLUMNS
LEXICON_COLUMNS = ["term", "variants", "category", "note", "freq", "source"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: how a run of non-Chinese tokens is re-split (jieba's own rule for Latin/digit runs, plus widths)
_PIECE = re.compile(r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]+(?:[.．][0-9０-９]+)?[%％]?|\s+|.", re.S)
_NUMBER = re.compile(
    r"^(?:[0-9０-９]+(?:[.．,，][0-9０-９]+)*[%％]?|[〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟]+)$"
)
#: characters jieba's dictionary matching treats as part of a word (anything else splits a term)
_JIEBA_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_SEP = "\x1f"  # joins the words of one text in the cache (a whitespace char: never inside a kept token)


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
# lexicon


def _read_text_file(path: Path, what: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NqpError(f"{what} {path} does not exist. Check the path (relative to the working directory).") from None
    except IsADirectoryError:
        raise NqpError(f"{what} {path} is a folder; give the path of a .csv or .txt file.") from None
    try:
        return data.decode("utf-8-sig")  # a BOM would otherwise become part of the first term
    except UnicodeDecodeError as exc:
        raise NqpError(
            f"{what} {path} is not UTF-8 (byte {exc.start}). Re-save it as UTF-8 (with or without BOM)."
        ) from None


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
    the dictionary frequency asked for, <NA> for nqp's default), ``source`` (file name).
    """
    sources: list[Path] = [LEXICON_FILE] if builtin else []
    if paths is not None:
        sources += [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else list(paths))]
    merged: dict[str, dict] = {}
    for path in sources:
        text = _read_text_file(path, "lexicon file")
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
    frame = pd.DataFrame([merged[t] for t in sorted(merged)], columns=LEXICON_COLUMNS)
    frame["freq"] = frame["freq"].astype("Int64")
    return frame.reset_index(drop=True)


def _as_lexicon(lexicon) -> pd.DataFrame:
    """Normalize the ``lexicon`` argument of the public functions to a lexicon DataFrame."""
    if lexicon is None or lexicon is True:
        return load_lexicon()
    if lexicon is False:
        return load_lexicon(builtin=False)
    if isinstance(lexicon, pd.DataFrame):
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
        return frame[LEXICON_COLUMNS].sort_values("term", kind="stable").reset_index(drop=True)
    if isinstance(lexicon, (str, Path, list, tuple)):
        return load_lexicon(lexicon)
    raise NqpError(
        f"lexicon: expected None (nqp's lexicon), False (none), a path or list of paths, or a DataFrame "
        f"from nqp.load_lexicon(); got {type(lexicon).__name__}."
    )


def lexicon_variants(term: str, lexicon: pd.DataFrame | None = None, *, compounds: bool = False) -> list[str]:
    """Every surface form of ``term`` in both scripts: the term first, then the others sorted.

    ``term`` may be given in either script or as any variant. Terms not in the lexicon get their
    OpenCC forms. ``compounds=True`` adds the lexicon terms that contain one of the forms, with
    their variants (for 建圈强链: 产业建圈强链, 產業建圈強鏈), so that a count over tokens misses none.
    """
    if not isinstance(term, str) or not term.strip():
        raise NqpError(f"lexicon_variants: term must be a non-empty string, got {term!r}.")
    lex = _as_lexicon(lexicon)
    owner = {}
    for t, variants in zip(lex["term"], lex["variants"]):
        owner[t] = t
        for v in variants:
            owner[v] = t
    canonical = owner.get(term) or owner.get(converter("t2s").convert(term)) or converter("t2s").convert(term)
    row = lex[lex["term"] == canonical]
    forms = {canonical, term, *_script_forms(canonical)}
    if len(row):
        forms.update(row["variants"].iloc[0])
    if compounds:
        base = set(forms)
        for t, variants in zip(lex["term"], lex["variants"]):
            if t != canonical and any(f in x for f in base for x in (t, *variants)):
                forms.update((t, *variants))
    return [canonical] + sorted(forms - {canonical})


# ---------------------------------------------------------------------------------------------
# stopwords


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


# ---------------------------------------------------------------------------------------------
# segmenters


@dataclass(frozen=True)
class TokenizerConfig:
    """What determines a segmentation: backend, HMM, and the words added to the dictionary.

    ``words``: ``(word, freq or 0 for nqp's default, tag)`` in the order they are added.
    """

    backend: str
    hmm: bool = True
    words: tuple[tuple[str, int, str], ...] = ()

    def key(self) -> str:
        payload = {
            "cache_version": CACHE_VERSION,
            "backend": self.backend,
            "backend_version": _backend_version(self.backend),
            "hmm": self.hmm,
            "min_freq": LEXICON_MIN_FREQ,
            "words": self.words,
        }
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _backend_version(backend: str) -> str:
    try:
        return metadata.version(backend)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def _resolve_backend(backend: str) -> str:
    if backend not in BACKENDS:
        raise NqpError(f"backend: expected one of {BACKENDS}, got {backend!r}.")
    if backend == "auto":
        try:
            import rjieba  # noqa: F401

            return "rjieba"
        except ImportError:
            return "jieba"
    if backend == "rjieba":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            raise NqpError("backend='rjieba' needs the rjieba package: pip install rjieba (or use backend='jieba').") from None
    return backend


def _config(lexicon, backend: str = "auto", hmm: bool = True) -> TokenizerConfig:
    lex = _as_lexicon(lexicon)
    words = []
    for term, variants, category, freq in zip(lex["term"], lex["variants"], lex["category"], lex["freq"]):
        tag = CATEGORY_TAGS.get(category, DEFAULT_TAG)
        f = 0 if pd.isna(freq) else int(freq)
        for form in (term, *variants):
            words.append((form, f, tag))
    # shorter words first, then by form: a compound's suggested frequency sees its parts
    words.sort(key=lambda w: (len(w[0]), w[0]))
    return TokenizerConfig(backend=_resolve_backend(backend), hmm=bool(hmm), words=tuple(words))


def _frequency(word: str, asked: int, suggested: int) -> int:
    """The dictionary frequency of a lexicon word: ``asked`` (0: nqp's default, at least
    LEXICON_MIN_FREQ) but never below what keeps the word whole against its own parts, where jieba
    would split it without a word."""
    if not asked:
        return max(LEXICON_MIN_FREQ, suggested)
    if asked < suggested:
        log.warning(
            "lexicon: frequency %d of %r is too low to keep it whole (jieba would split it); using %d. "
            "Raise it in your lexicon file or leave it empty.", asked, word, suggested,
        )
        return suggested
    return asked


class _Segmenter:
    """A backend tokenizer of our own with the configured words added."""

    def __init__(self, config: TokenizerConfig):
        self.config = config
        self.freqs: dict[str, int] = {}
        if config.backend == "rjieba":
            import rjieba

            self.impl = rjieba.Jieba()
            suggest = self.impl.suggest_freq
            for word, freq, tag in config.words:
                f = _frequency(word, freq, suggest(word))
                self.impl.add_word(word, f, tag)
                self.freqs[word] = f
            self._cut = self.impl.cut
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            self.impl = jieba.Tokenizer()
            self.impl.initialize()
            for word, freq, tag in config.words:
                f = _frequency(word, freq, self.impl.suggest_freq(word, False))
                self.impl.add_word(word, f, tag)
                self.freqs[word] = f
            lcut = self.impl.lcut
            self._cut = lambda text, hmm: lcut(text, HMM=hmm)

    def has_word(self, word: str) -> bool:
        if self.config.backend == "rjieba":
            return self.impl.has_word(word)
        return self.impl.FREQ.get(word, 0) > 0

    def segment(self, text: str) -> tuple[list[str], list[int]]:
        """``(words, starts)`` of ``text``; whitespace dropped, non-Chinese runs re-split."""
        return _normalize(text, self._cut(text, self.config.hmm))


#: a run of characters that are not Chinese, holding a letter, digit, whitespace, a character jieba
#: treats as part of a word (+#&._%-) or one beyond the BMP. Runs of anything else (，“ 。” …… ——)
#: need no re-splitting: both backends and the rule below give each of their characters alone. (A
#: lone punctuation mark or letter between Chinese characters has nothing to re-split either: runs of
#: one character are only re-split when they are whitespace.)
_NON_HAN = r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_NON_HAN_RUN = re.compile(
    rf"{_NON_HAN}*[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\s+#&._%\-\U00010000-\U0010ffff]{_NON_HAN}*"
)


def _normalize(text: str, raw: list[str]) -> tuple[list[str], list[int]]:
    """Re-split the tokens that lie in runs of non-Chinese characters by nqp's own rule.

    jieba and jieba-rs agree on Chinese; on Latin letters, digits and punctuation they differ
    (``2.2GW``, ``2011-2020``). Every maximal group of consecutive tokens without a Chinese character
    is joined and cut again with jieba's own rule for such runs (letters and digits together, a
    decimal part and a percent sign attached, every other character alone); whitespace is dropped.
    """
    ends = list(accumulate(map(len, raw)))
    starts = [0, *ends[:-1]] if ends else []
    words: list[str] = []
    out_starts: list[int] = []
    done = 0  # raw[:done] are emitted
    for m in _NON_HAN_RUN.finditer(text):
        a, b = m.span()
        i = bisect_left(starts, a)  # first token starting in the run
        j = bisect_right(ends, b)  # tokens [i, j) lie wholly in the run
        if j <= i:
            continue
        if j - i == 1 and ends[i] - starts[i] == 1 and not raw[i].isspace():
            continue  # one punctuation mark or letter: nothing to re-split
        words.extend(raw[done:i])
        out_starts.extend(starts[done:i])
        at = starts[i]
        for piece in _PIECE.finditer(text, at, ends[j - 1]):
            w = piece.group()
            if not w.isspace():
                words.append(w)
                out_starts.append(piece.start())
        done = j
    words.extend(raw[done:])
    out_starts.extend(starts[done:])
    return words, out_starts


def _rule_tag(w: str) -> str:
    """jieba-rs's tag for a word outside the dictionary: m (digits), eng (Latin), x (anything else)."""
    eng = m = 0
    for ch in w:
        if ch.isascii() and ch.isalnum():
            eng += 1
            m += ch.isdigit()
    return "x" if eng == 0 else ("m" if eng == m else "eng")


@lru_cache(maxsize=1)
def _jieba_tags() -> dict[str, str]:
    """word -> part-of-speech tag from jieba's dictionary file (the dictionary rjieba embeds too)."""
    import jieba

    tags = {}
    with open(Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3:
                tags[parts[0]] = parts[2]
    return tags


def _tagger(config: TokenizerConfig):
    """word -> tag: the lexicon's, else jieba's dictionary's, else by rule (x for Chinese words the
    HMM found, m digits, eng Latin). The same for both backends by construction."""
    lex = {w: t for w, _, t in config.words}
    dictionary = _jieba_tags()
    memo: dict[str, str] = {}

    def tag(w: str) -> str:
        t = memo.get(w)
        if t is None:
            t = memo[w] = lex.get(w) or dictionary.get(w) or (_rule_tag(w) if not _HAN.search(w) else "x")
        return t

    return tag


_SEGMENTERS: dict[TokenizerConfig, _Segmenter] = {}


def _segmenter(config: TokenizerConfig) -> _Segmenter:
    seg = _SEGMENTERS.get(config)
    if seg is None:
        if len(_SEGMENTERS) >= 4:
            _SEGMENTERS.pop(next(iter(_SEGMENTERS)))
        seg = _SEGMENTERS[config] = _Segmenter(config)
    return seg


# packed form of one text's segmentation: (words joined by _SEP, starts as int32 bytes)
Packed = tuple[str, bytes]


def _pack(words: list[str], starts: list[int]) -> Packed:
    return _SEP.join(words), np.asarray(starts, dtype=np.int32).tobytes()


def _unpack(p: Packed) -> tuple[list[str], list[int]]:
    if not p[0]:
        return [], []
    return p[0].split(_SEP), np.frombuffer(p[1], dtype=np.int32).tolist()


# module-level worker functions: importable under the spawn start method (macOS, Windows)
_WORKER: _Segmenter | None = None


def _worker_init(config: TokenizerConfig) -> None:
    global _WORKER
    _WORKER = _Segmenter(config)


def _worker_segment(texts: list[str]) -> list[Packed]:
    return [_pack(*_WORKER.segment(t)) for t in texts]


#: start method of the worker processes for n_jobs > 1; None: "forkserver" where the platform has it
#: (Linux, macOS: nqp is imported once, then every worker forks from a clean server process), else
#: "spawn" (Windows). Never "fork": forking a process that runs threads (pyarrow's) can deadlock.
START_METHOD: str | None = None


def _mp_context():
    method = START_METHOD or ("forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn")
    ctx = multiprocessing.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["nqp.tokens"])
    return ctx


def _segment_many(config: TokenizerConfig, texts: list[str], n_jobs: int, progress=None) -> list[Packed]:
    from .progress import progress_bar

    if n_jobs == 1 or len(texts) < 2:
        seg = _segmenter(config)
        return [_pack(*seg.segment(t)) for t in progress_bar(texts, progress=progress, desc="tokenize", unit="text")]
    # chunks of about equal length, in order; sixteen per worker, so that the last ones to finish leave
    # little idle time at the end
    total = sum(len(t) for t in texts) or 1
    n_chunks = min(len(texts), n_jobs * 16)
    target = total / n_chunks
    chunks, current, size = [], [], 0
    for t in texts:
        current.append(t)
        size += len(t)
        if size >= target:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    for attempt in (1, 2):
        ex = _pool(config, n_jobs)
        try:
            parts = list(progress_bar(ex.map(_worker_segment, chunks), progress=progress, total=len(chunks),
                                      desc=f"tokenize ({n_jobs} processes)", unit="chunk"))
            break
        except BrokenProcessPool:
            _pool_shutdown()
            if attempt == 2:
                raise NqpError(
                    f"tokenize: a worker process died twice (n_jobs={n_jobs}); run with n_jobs=1, or with fewer "
                    "processes if memory is short."
                ) from None
            log.info("tokenize: a worker process died; starting the pool again")
    return [p for part in parts for p in part]


#: the worker pool of the last n_jobs > 1 call, kept for the next call with the same configuration
#: (starting processes and loading the dictionary in each costs seconds); shut down at exit
_POOL: tuple[tuple, ProcessPoolExecutor] | None = None


def _pool(config: TokenizerConfig, n_jobs: int) -> ProcessPoolExecutor:
    global _POOL
    key = (config, n_jobs, START_METHOD)
    if _POOL is not None and _POOL[0] == key:
        return _POOL[1]
    _pool_shutdown()
    ex = ProcessPoolExecutor(max_workers=n_jobs, mp_context=_mp_context(), initializer=_worker_init, initargs=(config,))
    _POOL = (key, ex)
    return ex


def _pool_shutdown() -> None:
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None


atexit.register(_pool_shutdown)


# ---------------------------------------------------------------------------------------------
# cache


def _cache_root(cache_dir) -> Path | None:
    if cache_dir is False:
        return None
    if cache_dir is None:
        env = os.environ.get("NQP_CACHE_DIR")
        return Path(env) if env else None
    if cache_dir is True:
        return Path(".nqp-cache")
    return Path(cache_dir)


class _Cache:
    """Segmentations on disk, one folder per tokenizer configuration, Parquet parts written atomically.

    A part is written to a temporary name and renamed into place, so a reader never sees half a
    file; concurrent writers at worst write the same entries twice. Deleting the folder changes no
    result, only the time it takes.
    """

    MAX_PARTS = 16

    def __init__(self, root: Path, config: TokenizerConfig):
        self.dir = root / f"tokens-v{CACHE_VERSION}" / config.key()[:24]

    def _parts(self) -> list[Path]:
        return sorted(self.dir.glob("part-*.parquet")) if self.dir.is_dir() else []

    def get(self, keys: Iterable[str]) -> dict[str, Packed]:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        wanted = pa.array(sorted(set(keys)), type=pa.string())
        found: dict[str, Packed] = {}
        for part in self._parts():
            try:
                table = pq.read_table(part)
            except (OSError, pa.ArrowInvalid) as exc:  # removed meanwhile, or unreadable: a cache miss
                log.info("tokenize cache: ignoring %s (%s)", part.name, exc)
                continue
            table = table.filter(pc.is_in(table["key"], value_set=wanted))
            for k, w, s in zip(*(table[c].to_pylist() for c in ("key", "words", "starts"))):
                found[k] = (w, s)
        return found

    def put(self, entries: dict[str, Packed]) -> None:
        if not entries:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.dir.mkdir(parents=True, exist_ok=True)
        keys = sorted(entries)
        table = pa.table(
            {
                "key": pa.array(keys, type=pa.string()),
                "words": pa.array([entries[k][0] for k in keys], type=pa.large_string()),
                "starts": pa.array([entries[k][1] for k in keys], type=pa.large_binary()),
            }
        )
        name = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:24]
        self._write(table, self.dir / f"part-{name}.parquet")
        parts = self._parts()
        if len(parts) > self.MAX_PARTS:
            self._compact(parts)

    def _write(self, table, path: Path) -> None:
        import pyarrow.parquet as pq

        tmp = path.with_name(f".tmp-{os.getpid()}-{uuid.uuid4().hex}.parquet")
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink()

    def _compact(self, parts: list[Path]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = []
        for part in parts:
            try:
                tables.append(pq.read_table(part))
            except (OSError, pa.ArrowInvalid):
                continue
        if not tables:
            return
        table = pa.concat_tables(tables)
        keys = table["key"].to_pylist()
        first = sorted({k: i for i, k in reversed(list(enumerate(keys)))}.items())
        table = table.take(pa.array([i for _, i in first]))
        self._write(table, self.dir / f"part-{uuid.uuid4().hex[:24]}.parquet")
        for part in parts:
            try:
                part.unlink()
            except FileNotFoundError:
                pass


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------------------------------------
# tokenize


def _check_articles(articles, text_column: str) -> pd.DataFrame:
    if not isinstance(articles, pd.DataFrame):
        raise NqpError(
            f"articles: expected a DataFrame (nqp.clean's articles, or a corpus from nqp.load_corpus), "
            f"got {type(articles).__name__}."
        )
    if text_column not in articles.columns:
        raise NqpError(
            f"articles: no {text_column!r} column (columns: {list(articles.columns)}). Pass the output of "
            "nqp.clean, or name the text column with text_column=."
        )
    if S.DOC_ID not in articles.columns:
        raise NqpError(f"articles: no 'doc_id' column (columns: {list(articles.columns)}). Pass the output of nqp.clean.")
    bad = [i for i, t in zip(articles.index, articles[text_column]) if not isinstance(t, str)]
    if bad:
        raise NqpError(
            f"articles: {len(bad)} rows have no text in {text_column!r} (not a string), first at index {bad[0]!r}. "
            "Fill them with '' or drop them before tokenizing."
        )
    if articles.index.has_duplicates:
        articles = articles.reset_index(drop=True)
    if S.ARTICLE_ID not in articles.columns:
        log.info("tokenize: no article_id column; each document is one article (article_id = doc_id)")
        articles = articles.copy()
        articles[S.ARTICLE_ID] = articles[S.DOC_ID].astype(str)
    return articles


def _check_n_jobs(n_jobs) -> int:
    if not isinstance(n_jobs, (int, np.integer)) or isinstance(n_jobs, bool) or n_jobs == 0 or n_jobs < -1:
        raise NqpError(f"n_jobs: expected a positive whole number or -1 (all cores), got {n_jobs!r}.")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


def _segmented(texts: list[str], config: TokenizerConfig, n_jobs: int, cache_dir, progress=None) -> list[Packed]:
    """The packed segmentation of every text, from the cache where possible."""
    keys = [_text_key(t) for t in texts]
    root = _cache_root(cache_dir)
    cache = _Cache(root, config) if root is not None else None
    found = cache.get(keys) if cache is not None else {}
    todo = {}
    for k, t in zip(keys, texts):
        if k not in found and k not in todo:
            todo[k] = t
    if todo:
        done = _segment_many(config, list(todo.values()), n_jobs, progress)
        new = dict(zip(todo.keys(), done))
        if cache is not None:
            cache.put(new)
        found.update(new)
    if cache is not None:
        log.info("tokenize cache %s: %d texts found, %d segmented", cache.dir, len(set(keys)) - len(todo), len(todo))
    return [found[k] for k in keys]


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
            elif w in stop:
                layer = "stopword"
            elif w in formula:
                layer = "formula"
            else:
                layer = ""
            memo[w] = layer
        return layer

    return classify


def _canonical_map(lexicon: pd.DataFrame) -> dict[str, str]:
    return {v: t for t, variants in zip(lexicon["term"], lexicon["variants"]) for v in variants}


def tokenize(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=False,
    canonical: bool = True,
    long: bool = False,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
    progress=None,
) -> pd.DataFrame:
    """Segment every article with jieba and the policy-term lexicon.

    ``articles``: nqp.clean's articles (``doc_id``, ``article_id``, ``text`` ...; a corpus from
    load_corpus works too: then article_id = doc_id). ``lexicon``: None for nqp's lexicon, a path or
    list of paths (nqp's plus yours), a DataFrame from :func:`load_lexicon`, or False (plain jieba).
    ``stopwords``: True drops punctuation, numbers and nqp's function words; a path or list of words
    replaces the function words; False keeps everything. ``formula``: True also drops the generic
    political boilerplate of ``nqp/data/formula.txt`` (坚持, 推进, 加快 ...), or a path/list of your own.
    ``canonical``: a variant (e.g. traditional 建圈強鏈) becomes its lexicon term. ``backend``:
    "auto" (rjieba when installed), "jieba" or "rjieba": the tokens are the same. ``n_jobs``:
    processes (spawned; -1 for all cores). ``cache_dir``: a folder for a disk cache of
    segmentations keyed by text, tokenizer configuration and lexicon (None: ``$NQP_CACHE_DIR`` if
    set, else no cache; True: ``.nqp-cache``; False: none). ``progress``: a progress bar while
    segmenting (None: only on a terminal, see :mod:`nqp.progress`).

    Returns, in the order of ``articles``, a copy of it without the text columns (``text``,
    ``text_orig``) plus ``tokens`` (list of str, the kept words in order), ``n_words`` (words before
    removal), ``n_stopwords`` (punctuation, numbers and function words removed) and ``n_formula``
    (formula words removed).

    With ``long=True``: one row per kept token, sorted by article (in the order of ``articles``)
    then ``position``: ``doc_id``, ``article_id``, ``sentence`` (0-based index of the sentence in the
    article, :func:`nqp.sentence_spans`), ``position`` (0-based index of the word among all words of
    the article, before removal), ``token``, ``pos`` (jieba dictionary tag; lexicon terms nz, ns for
    regions, nt for organizations; words outside the dictionary x, digits m, Latin eng), ``start``,
    ``end`` (offsets of the word in the article text: ``text[start:end]`` is the word as written).
    """
    articles = _check_articles(articles, text_column)
    n_jobs = _check_n_jobs(n_jobs)
    lex = _as_lexicon(lexicon)
    config = _config(lex, backend, hmm)
    layers = load_stopwords(stopwords, formula)
    texts = list(articles[text_column])
    packed = _segmented(texts, config, n_jobs, cache_dir, progress)
    classify = _classifier(layers, stopwords is not False) if stopwords is not False or formula is not False else None
    canon = _canonical_map(lex) if canonical else {}

    counts = Counter()
    if long:
        frame = _long_table(articles, texts, packed, classify, canon, counts, _tagger(config))
    else:
        frame = _wide_table(articles, text_column, packed, classify, canon, counts)
    removed = counts["removed"] or counts["punctuation"] + counts["number"] + counts["stopword"]
    log.info(
        "tokenize: %d articles, %d words; removed %d stopwords (punctuation, numbers, function words)%s; "
        "nqp.tokens_removed lists them",
        len(articles), counts["words"], removed,
        f" and, on their own, {counts['formula']} formula words" if formula is not False else "",
    )
    return frame


def _wide_table(articles, text_column, packed, classify, canon, counts) -> pd.DataFrame:
    drop: set[str] = set()  # words some layer removes
    formula: set[str] = set()  # ... the formula layer
    seen: set[str] = set()
    canon_keys = set(canon)
    tokens, n_words, n_stop, n_formula = [], [], [], []
    for p in packed:
        words = p[0].split(_SEP) if p[0] else []
        if classify is None:
            kept, nf = words, 0
        else:
            distinct = set(words)
            for w in distinct - seen:
                layer = classify(w)
                if layer:
                    drop.add(w)
                    if layer == "formula":
                        formula.add(w)
            seen |= distinct
            kept = [w for w in words if w not in drop]
            nf = sum(map(formula.__contains__, words)) if formula else 0
        if canon_keys and not canon_keys.isdisjoint(kept):
            kept = [canon.get(w, w) for w in kept]
        tokens.append(kept)
        n_words.append(len(words))
        n_stop.append(len(words) - len(kept) - nf)
        n_formula.append(nf)
    counts["words"] = sum(n_words)
    counts["removed"] = sum(n_stop)
    counts["formula"] = sum(n_formula)
    frame = articles.drop(columns=[c for c in (text_column, "text", "text_orig") if c in articles.columns]).copy()
    frame[TOKENS] = tokens
    frame["n_words"] = pd.array(n_words, dtype="int64")
    frame["n_stopwords"] = pd.array(n_stop, dtype="int64")
    frame["n_formula"] = pd.array(n_formula, dtype="int64")
    return frame


def _long_table(articles, texts, packed, classify, canon, counts, tagger) -> pd.DataFrame:
    cols = {c: [] for c in LONG_COLUMNS}
    for doc_id, article_id, text, p in zip(articles[S.DOC_ID], articles[S.ARTICLE_ID], texts, packed):
        words, starts = _unpack(p)
        counts["words"] += len(words)
        sent_starts = [s for s, _ in sentence_spans(text)]
        keep = []
        for i, w in enumerate(words):
            layer = classify(w) if classify is not None else ""
            if layer:
                counts[layer] += 1
            else:
                keep.append(i)
        n = len(keep)
        cols[S.DOC_ID].extend([doc_id] * n)
        cols["article_id"].extend([article_id] * n)
        cols["position"].extend(keep)
        cols["token"].extend(canon.get(words[i], words[i]) for i in keep)
        cols["pos"].extend(tagger(words[i]) for i in keep)
        cols["start"].extend(starts[i] for i in keep)
        cols["end"].extend(starts[i] + len(words[i]) for i in keep)
        cols["sentence"].extend(max(bisect_right(sent_starts, starts[i]) - 1, 0) for i in keep)
    frame = pd.DataFrame(cols, columns=LONG_COLUMNS)
    for c in ("sentence", "position", "start", "end"):
        frame[c] = frame[c].astype("int64")
    return frame


def tokenize_text(text: str, **options) -> list[str]:
    """The tokens of one string (``options`` as for :func:`tokenize`)."""
    if not isinstance(text, str):
        raise NqpError(f"tokenize_text: text must be a string, got {type(text).__name__}.")
    frame = tokenize(pd.DataFrame({S.DOC_ID: ["text"], S.ARTICLE_ID: ["text"], "text": [text]}), **options)
    return list(frame[TOKENS].iloc[0])


def tokens_removed(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    stopwords=True,
    formula=False,
    backend: str = "auto",
    hmm: bool = True,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
) -> pd.DataFrame:
    """What the removal layers take out: one row per (layer, word), options as for :func:`tokenize`.

    Columns: ``layer`` (punctuation, number, stopword, formula), ``token``, ``n`` (occurrences),
    ``n_articles``; sorted by layer (in that order), n descending, token.
    """
    articles = _check_articles(articles, text_column)
    n_jobs = _check_n_jobs(n_jobs)
    lex = _as_lexicon(lexicon)
    config = _config(lex, backend, hmm)
    packed = _segmented(list(articles[text_column]), config, n_jobs, cache_dir)
    classify = _classifier(load_stopwords(stopwords, formula), stopwords is not False)
    n, n_art = Counter(), Counter()
    for p in packed:
        seen = set()
        for w in (p[0].split(_SEP) if p[0] else []):
            layer = classify(w)
            if layer:
                n[(layer, w)] += 1
                seen.add((layer, w))
        n_art.update(seen)
    rows = [(layer, w, c, n_art[(layer, w)]) for (layer, w), c in n.items()]
    frame = pd.DataFrame(rows, columns=["layer", "token", "n", "n_articles"])
    frame["order"] = frame["layer"].map({l: i for i, l in enumerate(LAYERS)})
    frame = frame.sort_values(["order", "n", "token"], ascending=[True, False, True], kind="stable")
    return frame.drop(columns="order").reset_index(drop=True).astype({"n": "int64", "n_articles": "int64"})


# ---------------------------------------------------------------------------------------------
# audit


def lexicon_audit(
    articles: pd.DataFrame,
    *,
    lexicon=None,
    backend: str = "auto",
    hmm: bool = True,
    detail: bool = False,
    n_jobs: int = 1,
    cache_dir=None,
    text_column: str = "text",
) -> pd.DataFrame:
    """Is every occurrence of every lexicon term one token? The segmentation audit.

    Every occurrence of a term or one of its variants in the text is looked up in the segmentation
    with the lexicon and in plain jieba's (no lexicon). Status: ``whole`` (exactly one token),
    ``inside`` (inside a longer token, e.g. 建圈强链 inside 产业建圈强链), ``split`` (the token
    boundaries cut it: either a segmentation error or a chance string such as 链主 in 产业链主要).

    Returns one row per lexicon term, sorted by n_split descending, n descending, term: ``term``,
    ``category``, ``n`` (occurrences), ``n_whole``, ``n_inside``, ``n_split``, ``n_whole_plain``
    (occurrences plain jieba keeps as one token), ``example`` (the sentence of the first split
    occurrence, or ""). ``detail=True`` returns one row per occurrence instead, sorted by article then
    start: ``doc_id``, ``article_id``, ``term``, ``form``, ``start``, ``end``, ``status``,
    ``status_plain``, ``segmentation`` (the covering tokens joined by " / "), ``sentence``.
    """
    articles = _check_articles(articles, text_column)
    n_jobs = _check_n_jobs(n_jobs)
    lex = _as_lexicon(lexicon)
    texts = list(articles[text_column])
    with_lex = _segmented(texts, _config(lex, backend, hmm), n_jobs, cache_dir)
    plain = _segmented(texts, _config(False, backend, hmm), n_jobs, cache_dir)
    forms = sorted(((f, t) for t, vs in zip(lex["term"], lex["variants"]) for f in (t, *vs)), key=lambda x: (-len(x[0]), x[0]))
    rows = []
    for doc_id, article_id, text, p1, p0 in zip(articles[S.DOC_ID], articles[S.ARTICLE_ID], texts, with_lex, plain):
        words1, starts1 = _unpack(p1)
        words0, starts0 = _unpack(p0)
        spans = None
        for form, term in forms:
            at = text.find(form)
            while at >= 0:
                end = at + len(form)
                status, covering = _status(words1, starts1, at, end)
                status0, _ = _status(words0, starts0, at, end)
                if spans is None:
                    spans = sentence_spans(text)
                s0, e0 = next(((s, e) for s, e in spans if s <= at < e), (at, end))
                rows.append((doc_id, article_id, term, form, at, end, status, status0, " / ".join(covering), text[s0:e0]))
                at = text.find(form, at + 1)
    occ = pd.DataFrame(
        rows,
        columns=[S.DOC_ID, "article_id", "term", "form", "start", "end", "status", "status_plain", "segmentation", "sentence"],
    )
    order = {a: i for i, a in enumerate(articles[S.ARTICLE_ID])}
    occ["_o"] = occ["article_id"].map(order)
    occ = occ.sort_values(["_o", "start", "end", "term"], kind="stable").drop(columns="_o").reset_index(drop=True)
    if detail:
        return occ
    summary = []
    for term, category in zip(lex["term"], lex["category"]):
        o = occ[occ["term"] == term]
        split = o[o["status"] == "split"]
        summary.append(
            (term, category, len(o), int((o["status"] == "whole").sum()), int((o["status"] == "inside").sum()),
             len(split), int((o["status_plain"] == "whole").sum()), split["sentence"].iloc[0] if len(split) else "")
        )
    frame = pd.DataFrame(summary, columns=["term", "category", "n", "n_whole", "n_inside", "n_split", "n_whole_plain", "example"])
    frame = frame.sort_values(["n_split", "n", "term"], ascending=[False, False, True], kind="stable")
    return frame.reset_index(drop=True)


def _status(words: list[str], starts: list[int], start: int, end: int) -> tuple[str, list[str]]:
    i = bisect_right(starts, start) - 1
    if i < 0:
        return "split", []
    j = i
    covering = []
    while j < len(words) and starts[j] < end:
        covering.append(words[j])
        j += 1
    s, e = starts[i], starts[i] + len(words[i])
    if len(covering) == 1 and s <= start and e >= end:
        return ("whole" if (s, e) == (start, end) else "inside"), covering
    return "split", covering


# ---------------------------------------------------------------------------------------------
# new-term discovery

#: characters a multi-character term rarely starts or ends with (particles, prepositions, measure words)
_EDGE_CHARS = set("的了在是和与及或等也都而并就被把将对为从以于之其这那个们中上下着过吧呢吗啊有无不没要会能可已再又还所向由让使给到说")


def terms_discover(
    articles: pd.DataFrame,
    *,
    min_count: int = 3,
    min_len: int = 2,
    max_len: int = 6,
    min_pmi: float = 3.0,
    min_entropy: float = 0.5,
    top: int | None = 50,
    lexicon=None,
    backend: str = "auto",
    text_column: str = "text",
) -> pd.DataFrame:
    """Expressions the dictionary lacks, as lexicon candidates: frequent, cohesive, free at both ends.

    Character n-grams (``min_len`` to ``max_len`` Chinese characters, not crossing punctuation) seen at
    least ``min_count`` times are scored by cohesion (``pmi``: the smallest pointwise mutual
    information over the ways to cut the string in two, natural log) and freedom (``entropy``: the
    smaller of the entropies of the characters just before and just after it; a text boundary counts
    as a new character each time). Strings in jieba's dictionary, strings starting or ending with a
    function character (的, 了, 在 ...), with ``pmi < min_pmi`` or ``entropy < min_entropy`` are
    left out. ``score = log(n) * pmi * entropy``.

    Returns the ``top`` candidates (None: all), sorted by score descending then term: ``term``, ``n``,
    ``n_articles``, ``pmi``, ``left_entropy``, ``right_entropy``, ``entropy``, ``score``,
    ``in_lexicon`` (already in the lexicon: discovery re-finding it is a check on both), ``example``
    (the first sentence it occurs in).
    """
    articles = _check_articles(articles, text_column)
    for name, value in (("min_count", min_count), ("min_len", min_len), ("max_len", max_len)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise NqpError(f"terms_discover: {name} must be a positive whole number, got {value!r}.")
    if min_len < 2 or max_len < min_len:
        raise NqpError(f"terms_discover: need 2 <= min_len <= max_len, got min_len={min_len}, max_len={max_len}.")
    texts = list(articles[text_column])
    runs_per_text = [[m.group() for m in re.finditer(r"[\u4e00-\u9fff]+", t)] for t in texts]
    runs = [r for rs in runs_per_text for r in rs]
    n_chars = sum(len(r) for r in runs) or 1
    # level-wise n-gram counts: an n-gram is counted only where its prefix is frequent
    counts: dict[str, int] = Counter(ch for r in runs for ch in r)
    frequent = {g for g, c in counts.items() if c >= min_count}
    for n in range(2, max_len + 1):
        level = Counter()
        for r in runs:
            for i in range(len(r) - n + 1):
                if r[i : i + n - 1] in frequent:
                    level[r[i : i + n]] += 1
        frequent = {g for g, c in level.items() if c >= min_count}
        counts.update({g: c for g, c in level.items() if c >= min_count})
        if not frequent:
            break
    seg = _segmenter(_config(False, backend))
    lex = _as_lexicon(lexicon)
    lex_forms = set(lex["term"]) | {v for vs in lex["variants"] for v in vs}
    cands = {}
    for g, c in counts.items():
        if len(g) < min_len or c < min_count or g[0] in _EDGE_CHARS or g[-1] in _EDGE_CHARS:
            continue
        if _NUMBER.match(g) or seg.has_word(g):
            continue
        pmi = min(math.log(c * n_chars / (counts[g[:k]] * counts[g[k:]])) for k in range(1, len(g)))
        if pmi >= min_pmi:
            cands[g] = pmi
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    lengths = sorted({len(g) for g in cands})
    boundary = 0
    for r in runs:
        for n in lengths:
            for i in range(len(r) - n + 1):
                g = r[i : i + n]
                if g in cands:
                    if i > 0:
                        left[g][r[i - 1]] += 1
                    else:
                        boundary += 1
                        left[g][boundary] += 1
                    if i + n < len(r):
                        right[g][r[i + n]] += 1
                    else:
                        boundary += 1
                        right[g][boundary] += 1
    rows = []
    for g, pmi in cands.items():
        le, re_ = _entropy(left[g]), _entropy(right[g])
        ent = min(le, re_)
        if ent < min_entropy:
            continue
        n = counts[g]
        rows.append((g, n, pmi, le, re_, ent, math.log(n) * pmi * ent, g in lex_forms))
    frame = pd.DataFrame(rows, columns=["term", "n", "pmi", "left_entropy", "right_entropy", "entropy", "score", "in_lexicon"])
    frame = frame.sort_values(["score", "term"], ascending=[False, True], kind="stable")
    if top is not None:
        frame = frame.head(top)
    frame["n_articles"] = [sum(1 for t in texts if g in t) for g in frame["term"]]
    frame["example"] = [_first_sentence(texts, g) for g in frame["term"]]
    cols = ["term", "n", "n_articles", "pmi", "left_entropy", "right_entropy", "entropy", "score", "in_lexicon", "example"]
    return frame[cols].reset_index(drop=True)


def _entropy(counter: Counter) -> float:
    total = sum(counter.values())
    if not total:
        return 0.0
    return float(-sum(c / total * math.log(c / total) for c in counter.values()))


def _first_sentence(texts: list[str], term: str) -> str:
    for t in texts:
        at = t.find(term)
        if at >= 0:
            for s, e in sentence_spans(t):
                if s <= at < e:
                    return t[s:e]
    return ""
