"""The dictionary of a codebook: categories and their entries, read from YAML, CSV or LIWC files.

A :class:`Dictionary` is a frozen, hashable value: one item per entry (category path, the term as
written, its analysis form, its kind, the file and line it comes from). Categories nest with ``/``
(``供给型/人才培养``). An entry is a *word* (人才培养), a *phrase* (words separated by spaces, matched
with or without the spaces between Chinese characters) or a *glob* (``人才*``, ``*补贴``, ``tax*``: a
``*`` at the start and/or the end). Entries may be written in either script: they are matched on the
analysis layer of nqp.clean's articles (simplified, normalized) and quoted in the original script.

Formats (the suffix decides):

- ``.yaml`` / ``.yml``: nested mappings whose leaves are lists of terms (quanteda's YAML dictionary
  format): ``供给型: {人才培养: [人才培养, 人才引进], 资金投入: [专项资金]}``;
- ``.csv``: a header with ``category`` and ``term`` columns, one entry a row (``category`` may be a
  path such as ``供给型/人才培养``);
- ``.dic`` (LIWC): a ``%``-delimited header of ``number<TAB>category`` lines, then ``term<TAB>number
  [number ...]`` lines.

A malformed file, an empty one, an empty category or an entry listed in two categories is an error
naming the file and line.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..io import read_text_file
from ..errors import NqpError, NqpTypeError

log = logging.getLogger(__name__)

__all__ = ["BUNDLED", "CATEGORY_GLOSSES", "GLOB_CHARS", "Dictionary", "category_gloss", "policy_instruments"]

DATA = Path(__file__).resolve().parent.parent / "data"
#: the codebooks that come with nqp: name -> file
BUNDLED = {"policy_instruments": DATA / "policy_instruments.yaml"}
#: how many Chinese characters a ``*`` stands for at most (Chinese text has no spaces to end a word)
GLOB_CHARS = 2
SUFFIXES = (".yaml", ".yml", ".csv", ".dic")
KINDS = ("word", "phrase", "glob")

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LATIN = "A-Za-z0-9"


def _analysis_form(term: str) -> str:
    from ..cleaning import normalize_text

    return normalize_text(term)


def _kind(term: str) -> str:
    if "*" in term:
        return "glob"
    return "phrase" if any(ch.isspace() for ch in term) else "word"


def _check_term(term, where: str) -> str:
    """``term`` stripped, with runs of whitespace made one space; an error naming ``where`` if malformed."""
    if not isinstance(term, str):
        raise NqpError(f"{where}: entry {term!r} is not a term (a string); write each term as text, e.g. 人才培养.")
    t = " ".join(term.split())
    if not t:
        raise NqpError(f"{where}: empty term. Remove the entry or fill in the term.")
    inner = t.strip("*")
    if not inner:
        raise NqpError(f"{where}: the entry {term!r} is only a glob; a glob needs a written part, e.g. 人才*.")
    if "*" in inner:
        raise NqpError(
            f"{where}: {term!r} has a * inside; a * may only stand at the start or the end (人才*, *补贴)."
        )
    if t.startswith("**") or t.endswith("**"):
        raise NqpError(f"{where}: {term!r}: write one * at the start or the end, not two.")
    if inner != inner.strip():
        raise NqpError(f"{where}: {term!r}: no space between a * and the term.")
    return t


# ---------------------------------------------------------------------------------------------
# readers: each gives [(category path, term as written, "file, line N")]


def _read_text(path: Path) -> str:
    return read_text_file(path, "dictionary file", "a .yaml, .csv or .dic file")


def _rows_yaml(text: str, path: Path) -> list[tuple[str, str, str]]:
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}" if mark is not None else ""
        raise NqpError(f"dictionary file {path}{at}: not valid YAML ({getattr(exc, 'problem', exc)}).") from None
    if root is None:
        raise NqpError(f"dictionary file {path} is empty; write categories with their terms (see nqp.Dictionary).")
    rows: list[tuple[str, str, str]] = []

    def where(node) -> str:
        return f"{path}, line {node.start_mark.line + 1}"

    def walk(node, parents: list[str]) -> None:
        if isinstance(node, yaml.MappingNode):
            if not node.value:
                raise NqpError(f"{where(node)}: category {'/'.join(parents) or '(top)'} is empty; give it terms.")
            seen = set()
            for key, value in node.value:
                name = key.value.strip() if isinstance(key, yaml.ScalarNode) else ""
                if not name or "/" in name:
                    raise NqpError(f"{where(key)}: {key.value!r} is not a category name (a non-empty name "
                                   "without /; nest categories instead).")
                if name in seen:
                    raise NqpError(f"{where(key)}: category {'/'.join(parents + [name])} is listed twice; merge them.")
                seen.add(name)
                walk(value, parents + [name])
        elif isinstance(node, yaml.SequenceNode):
            if not parents:
                raise NqpError(f"{where(node)}: the top of the file is a list; give every term a category "
                               "(category: [term, term]).")
            if not node.value:
                raise NqpError(f"{where(node)}: category {'/'.join(parents)} has no terms; give it terms or remove it.")
            for item in node.value:
                if not isinstance(item, yaml.ScalarNode):
                    raise NqpError(f"{where(item)}: category {'/'.join(parents)}: a list of terms may hold only "
                                   "terms; nest categories as a mapping (name: [terms]).")
                rows.append(("/".join(parents), item.value, where(item)))
        else:
            if not parents:
                raise NqpError(f"{where(node)}: expected categories (name: [terms]), got {node.value!r}.")
            if node.value is None or not str(node.value).strip():
                raise NqpError(f"{where(node)}: category {'/'.join(parents)} has no terms; give it terms or remove it.")
            rows.append(("/".join(parents), node.value, where(node)))  # one term written without a list

    walk(root, [])
    return rows


def _rows_csv(text: str, path: Path) -> list[tuple[str, str, str]]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise NqpError(f"dictionary file {path} is empty; write a header 'category,term' and one entry a row.") from None
    names = [h.strip().lower() for h in header]
    if "category" not in names or "term" not in names:
        raise NqpError(f"dictionary file {path}, line 1: the header {header} needs 'category' and 'term' columns.")
    ic, it = names.index("category"), names.index("term")
    rows = []
    for rec in reader:
        line = reader.line_num
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            raise NqpError(f"{path}, line {line}: {len(rec)} fields where the header has {len(header)}; "
                           "quote a term holding a comma.")
        cat = "/".join(p.strip() for p in rec[ic].split("/"))
        if not rec[ic].strip() or any(not p for p in cat.split("/")):
            raise NqpError(f"{path}, line {line}: category {rec[ic]!r} is empty or has an empty level.")
        rows.append((cat, rec[it], f"{path}, line {line}"))
    if not rows:
        raise NqpError(f"dictionary file {path} has a header but no entries.")
    return rows


def _rows_liwc(text: str, path: Path) -> list[tuple[str, str, str]]:
    lines = text.splitlines()
    marks = [i for i, ln in enumerate(lines) if ln.strip() == "%"]
    if len(marks) < 2:
        raise NqpError(f"dictionary file {path}: a LIWC .dic file starts with a category list between two lines "
                       f"holding only %; found {len(marks)} such line(s).")
    ids: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        ln = lines[i].strip()
        if not ln:
            continue
        parts = ln.split(None, 1)
        if len(parts) != 2 or not parts[0].isdigit():
            raise NqpError(f"{path}, line {i + 1}: {ln!r} is not 'number<TAB>category'.")
        if parts[0] in ids:
            raise NqpError(f"{path}, line {i + 1}: category number {parts[0]} is used twice.")
        ids[parts[0]] = parts[1].strip()
    if not ids:
        raise NqpError(f"{path}: the category list between the % lines is empty.")
    rows = []
    for i in range(marks[1] + 1, len(lines)):
        ln = lines[i].strip()
        if not ln:
            continue
        parts = ln.split("\t") if "\t" in ln else ln.split()
        parts = [p.strip() for p in parts if p.strip()]
        numbers = parts[1:]
        if len(parts) < 2 or not all(n.isdigit() for n in numbers):
            raise NqpError(f"{path}, line {i + 1}: {ln!r} is not 'term<TAB>number [number ...]' (separate a phrase's "
                           "words by spaces and the fields by tabs).")
        for n in numbers:
            if n not in ids:
                raise NqpError(f"{path}, line {i + 1}: category number {n} is not in the category list.")
            rows.append((ids[n], parts[0], f"{path}, line {i + 1}"))
    if not rows:
        raise NqpError(f"dictionary file {path} lists categories but no terms.")
    return rows


def _rows_mapping(mapping, where: str) -> list[tuple[str, str, str]]:
    rows = []

    def walk(node, parents):
        if isinstance(node, dict):
            if not node:
                raise NqpError(f"{where}: category {'/'.join(parents) or '(top)'} is empty; give it terms.")
            for k, v in node.items():
                if not isinstance(k, str) or not k.strip() or "/" in k:
                    raise NqpError(f"{where}: {k!r} is not a category name (a non-empty string without /).")
                walk(v, parents + [k.strip()])
        elif isinstance(node, (list, tuple)) and parents:
            if not node:
                raise NqpError(f"{where}: category {'/'.join(parents)} has no terms.")
            for i, t in enumerate(node):
                rows.append(("/".join(parents), t, f"{where}, {'/'.join(parents)}[{i}]"))
        elif isinstance(node, str) and parents:
            rows.append(("/".join(parents), node, f"{where}, {'/'.join(parents)}"))
        else:
            raise NqpError(f"{where}: expected categories (a dict of name -> list of terms), got {node!r}.")

    walk(mapping, [])
    return rows


# ---------------------------------------------------------------------------------------------
# the value


@dataclass(frozen=True)
class Dictionary:
    """A codebook's dictionary as one immutable, hashable value.

    Parallel tuples, one item per entry, in file order: ``categories`` (the category path, levels
    joined by ``/``), ``terms`` (as written, whitespace made single spaces), ``forms`` (the analysis
    form matched: simplified, normalized; for a glob with its ``*``), ``kinds`` (``word``, ``phrase``
    or ``glob``), ``wheres`` (``file, line N``). ``name``: the dictionary's name (its file's stem).
    ``glob_chars``: the Chinese characters a ``*`` stands for at most (a ``*`` next to Latin letters
    or digits takes the rest of the word).

    Build it with :meth:`read` (a file), :meth:`from_mapping` (a dict) or :meth:`bundled`.
    """

    name: str = "dictionary"
    categories: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    wheres: tuple[str, ...] = field(default=(), compare=False)
    glob_chars: int = GLOB_CHARS

    def __post_init__(self):
        n = len(self.terms)
        if any(len(getattr(self, f)) != n for f in ("categories", "forms", "kinds", "wheres")):
            raise NqpError("Dictionary: categories, terms, forms, kinds and wheres must have the same length.")
        if not n:
            raise NqpError(f"dictionary {self.name}: no entries; give at least one category with a term.")

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def read(cls, path, *, glob_chars: int = GLOB_CHARS) -> "Dictionary":
        """The dictionary of a ``.yaml``/``.yml``, ``.csv`` or LIWC ``.dic`` file (see the module docstring)."""
        from .._validate import check_int

        glob_chars = check_int("glob_chars", glob_chars, min=0, max=10)
        if isinstance(path, Dictionary):
            return path
        if not isinstance(path, (str, Path)):
            raise NqpTypeError(f"dictionary: expected a file path or a nqp.Dictionary, got {type(path).__name__}.")
        path = Path(path).expanduser()
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            raise NqpError(f"dictionary file {path}: unknown format {suffix or '(no suffix)'!r}; use .yaml, .csv "
                           "(category,term) or a LIWC .dic file.")
        text = _read_text(path)
        if not text.strip():
            raise NqpError(f"dictionary file {path} is empty; write categories with their terms.")
        reader = {".csv": _rows_csv, ".dic": _rows_liwc}.get(suffix, _rows_yaml)
        # a bundled codebook is cited by its place in the package, not by this machine's path to it
        shown = Path("nqp", "data", path.name) if path.resolve().parent == DATA else path
        return cls._from_rows(reader(text, shown), path.stem, glob_chars)

    @classmethod
    def from_mapping(cls, mapping: dict, *, name: str = "dictionary", glob_chars: int = GLOB_CHARS) -> "Dictionary":
        """The dictionary of a nested dict: category -> list of terms, or category -> dict of sub-categories."""
        if not isinstance(mapping, dict):
            raise NqpTypeError(f"mapping: expected a dict of category -> list of terms, got {type(mapping).__name__}.")
        return cls._from_rows(_rows_mapping(mapping, f"dictionary {name}"), name, glob_chars)

    @classmethod
    def bundled(cls, name: str = "policy_instruments") -> "Dictionary":
        """A codebook that comes with nqp (:data:`BUNDLED`): ``policy_instruments``."""
        if name not in BUNDLED:
            raise NqpError(f"Dictionary.bundled: no bundled codebook {name!r}; there is {', '.join(sorted(BUNDLED))}.")
        return cls.read(BUNDLED[name])

    @classmethod
    def from_any(cls, dictionary) -> "Dictionary":
        """The one resolver of a ``dictionary=`` argument: None (the bundled policy instruments), a path, a Dictionary."""
        if dictionary is None:
            return cls.bundled()
        if isinstance(dictionary, dict):
            return cls.from_mapping(dictionary)
        return cls.read(dictionary)

    @classmethod
    def _from_rows(cls, rows, name: str, glob_chars: int) -> "Dictionary":
        if not rows:
            raise NqpError(f"dictionary {name}: no entries; give at least one category with a term.")
        seen: dict[str, tuple[str, str]] = {}
        out = []
        for category, term, where in rows:
            t = _check_term(term, where)
            form = _analysis_form(t)
            key = form.lower() if not re.search(f"[{_HAN}]", form) else form
            if key in seen:
                other_cat, other_where = seen[key]
                if other_cat != category:
                    raise NqpError(
                        f"{where}: {t!r} is in {category} and also in {other_cat} ({other_where}); a term may "
                        "code one category only. Keep it in one."
                    )
                log.info("dictionary %s: %r listed again in %s (%s); counted once", name, t, category, where)
                continue
            seen[key] = (category, where)
            out.append((category, t, form, _kind(t), where))
        return cls(
            name=name,
            categories=tuple(r[0] for r in out),
            terms=tuple(r[1] for r in out),
            forms=tuple(r[2] for r in out),
            kinds=tuple(r[3] for r in out),
            wheres=tuple(r[4] for r in out),
            glob_chars=glob_chars,
        )

    # -- views ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.terms)

    def __repr__(self) -> str:
        return f"Dictionary({self.name!r}: {len(self.category_names())} categories, {len(self)} entries)"

    def category_names(self, level: int | None = None) -> list[str]:
        """The categories in file order; ``level=1`` their first level (``供给型``), ``2`` two levels ..."""
        return list(dict.fromkeys(category_at(c, level) for c in self.categories))

    def to_frame(self):
        """One row per entry, in file order: ``category``, ``term``, ``form``, ``kind``, ``where``."""
        import pandas as pd

        from .. import schema as S

        return pd.DataFrame({S.CATEGORY: list(self.categories), S.TERM: list(self.terms), S.FORM: list(self.forms),
                             "kind": list(self.kinds), "where": list(self.wheres)})

    def lexicon_terms(self) -> tuple[str, ...]:
        """The plain words of the dictionary that can join the tokenizer's lexicon, sorted.

        Words only (no phrases, no globs), and only those jieba can keep as one token (Chinese
        characters, letters, digits); in simplified script (the lexicon adds the traditional forms).
        """
        from ..tokens import Lexicon

        words = sorted({f for f, k in zip(self.forms, self.kinds) if k == "word"})
        ok = []
        for w in words:
            try:
                Lexicon.from_any(_lexicon_frame([w]))
            except NqpError:
                log.info("dictionary %s: %r cannot be one jieba token; it is matched in the text only", self.name, w)
                continue
            ok.append(w)
        return tuple(ok)

    def lexicon(self, base=None):
        """A :class:`nqp.Lexicon`: ``base`` (anything ``lexicon=`` takes; None: nqp's) plus :meth:`lexicon_terms`.

        Pass it as ``nqp.tokenize(articles, lexicon=dictionary.lexicon())`` so that the dictionary's
        words are never split. A word already in ``base`` keeps its entry there.
        """
        import pandas as pd

        from ..tokens import Lexicon

        lex = Lexicon.from_any(base)
        have = set(lex.forms())
        extra = [w for w in self.lexicon_terms() if w not in have]
        if not extra:
            return lex
        frame = pd.concat([lex.to_frame(), _lexicon_frame(extra, self.name)], ignore_index=True)
        return Lexicon.from_any(frame)

    # -- the matcher ----------------------------------------------------------------------------

    @cached_property
    def _matcher(self):
        return build_matcher(self.forms, self.kinds, self.glob_chars)

    def matcher(self):
        """``(pattern, literal form -> entry index, group number -> entry index)``: the one compiled matcher."""
        return self._matcher


def _lexicon_frame(words, source: str = "dictionary"):
    import pandas as pd

    return pd.DataFrame({"term": list(words), "variants": [()] * len(words), "category": ["codebook"] * len(words),
                         "note": [""] * len(words), "freq": [pd.NA] * len(words), "source": [source] * len(words)})


#: short English glosses of the category names of nqp's policy-instrument codebook, for a reader without Chinese
#: (a codebook of one's own that uses the same names gets them too; other names have none)
CATEGORY_GLOSSES = {
    "供给型": "supply-side", "人才培养": "talent", "资金投入": "funding", "技术支持": "technology support",
    "公共服务": "public services", "基础设施": "infrastructure",
    "需求型": "demand-side", "政府采购": "public procurement", "示范工程": "demonstration projects",
    "贸易管制": "trade controls", "服务外包": "service outsourcing",
    "环境型": "environmental", "目标规划": "targets and plans", "金融支持": "finance", "税收优惠": "tax incentives",
    "法规管制": "regulation", "策略性措施": "strategic measures",
}


def category_gloss(category: str, *, only: bool = False) -> str:
    """``category`` with an English gloss of each level that :data:`CATEGORY_GLOSSES` knows:
    ``供给型/人才培养`` → ``供给型/人才培养 (supply-side / talent)``; a name without a gloss stays as it is.
    ``only=True`` gives the gloss alone (``supply-side / talent``; ``""`` for a name without one)."""
    parts = str(category).split("/")
    glosses = [CATEGORY_GLOSSES.get(part) for part in parts]
    if not any(glosses):
        return "" if only else str(category)
    english = " / ".join(g or part for g, part in zip(glosses, parts))
    return english if only else f"{category} ({english})"


def category_at(category: str, level: int | None) -> str:
    """``category`` cut to its first ``level`` levels (None: the whole path)."""
    if level is None:
        return category
    return "/".join(category.split("/")[:level])


def _piece(form: str) -> str:
    """The regex of a word or phrase: literal characters; a space matches any whitespace, or none between
    Chinese characters."""
    words = form.split(" ")
    out = re.escape(words[0])
    for prev, word in zip(words, words[1:]):
        han = re.match(f"[{_HAN}]", prev[-1]) or re.match(f"[{_HAN}]", word[0])
        out += (r"\s*" if han else r"\s+") + re.escape(word)
    return out


def build_matcher(forms, kinds, glob_chars: int = GLOB_CHARS):
    """One compiled pattern for a dictionary's entries.

    Alternatives are ordered by the length of their written part, longest first (ties: words and
    phrases before globs, then code-point order), so at one place the most specific entry wins and
    hits never overlap. Words are plain alternatives (an ``owner`` lookup of the matched text); each
    phrase and glob is a group of its own. Letters and digits at an entry's edge must not continue a
    Latin word (``AI`` does not match in ``MAIL``).
    """
    order = sorted(range(len(forms)), key=lambda i: (-len(forms[i].strip("*")), kinds[i] == "glob", forms[i]))
    parts, owner, groups = [], {}, {}
    group = 0
    for i in order:
        form, kind = forms[i], kinds[i]
        stem = form.strip("*")
        body = _piece(stem)
        if kind == "glob":
            if form.startswith("*"):
                run = f"[{_LATIN}]*" if re.match(f"[{_LATIN}]", stem[0]) else f"[{_HAN}]{{0,{glob_chars}}}"
                body = run + body
            if form.endswith("*"):
                run = f"[{_LATIN}]*" if re.match(f"[{_LATIN}]", stem[-1]) else f"[{_HAN}]{{0,{glob_chars}}}"
                body = body + run
        if re.match(f"[{_LATIN}]", stem[0]):
            body = f"(?<![{_LATIN}])" + body
        if re.match(f"[{_LATIN}]", stem[-1]):
            body = body + f"(?![{_LATIN}])"
        if kind == "word" and body == re.escape(stem):
            owner[stem] = i
            parts.append(body)
        else:
            group += 1
            groups[group] = i
            parts.append(f"({body})")
    flags = re.IGNORECASE if any(re.search(f"[{_LATIN}]", f) for f in forms) else 0
    if flags:
        owner = {k.lower(): v for k, v in owner.items()}
    return re.compile("|".join(parts), flags), owner, groups


def policy_instruments() -> Dictionary:
    """nqp's policy-instrument codebook (``nqp/data/policy_instruments.yaml``): a starting point to edit.

    Three families after Rothwell and Zegveld (1981): 供给型 (supply-side), 需求型 (demand-side) and
    环境型 (environmental) instruments, each with the sub-categories of the Chinese 政策工具 literature.
    The terms were chosen by nqp's authors; they are not a validated instrument. Read the file, copy
    it, edit it, and validate it on your corpus (:func:`nqp.validation_sample`).
    """
    return Dictionary.bundled("policy_instruments")
