"""The report: every numbered notebook executed on a corpus and rendered to HTML, with an index.

Parameters reach the notebooks by papermill's convention: the cell tagged ``parameters`` holds the
defaults and a cell tagged ``injected-parameters`` is inserted after it with the values of this run.
A value given on the command line (``-p name=value``) is read as papermill reads it
(:func:`parse_parameter`); the theme (``--theme``) reaches every notebook as ``theme``, a list.
Each page ends with a run manifest (corpus hash, versions, the parameters that notebook used, date);
``manifest.json`` also holds every notebook's parameters and the SHA-256 of the lexicon, stopword,
cleaning-rule and other data files the run read.

A run is atomic: the pages are built in a hidden folder beside ``out`` and swapped in only when every
page rendered, so a failed, interrupted or killed run leaves the previous report as it was. The
notebooks and the seeds ship inside the package (``nqp/notebooks``, ``nqp/seeds`` in a wheel, the
repository's ``notebooks/`` and ``seeds/`` in a clone); :func:`copy_notebooks` copies them out for editing.
"""

from __future__ import annotations

import ast
import datetime as _dt
import difflib
import functools
import glob
import hashlib
import json
import logging
import math
import os
import platform
import re
import shutil
import tempfile
import time
from importlib import metadata as _md
from pathlib import Path

from . import schema as S
from .dates import period_name  # noqa: F401 (the pages say periods with it: nqp.report.period_name)
from .errors import NqpValueError, ReportError
from .render import glyph_warnings as _glyph_warnings
from .render import index_html as _index_html
from .render import inject_display, page_list, render_html
from .text import share  # noqa: F401 (nqp.report.share: the pages' percentages)

log = logging.getLogger(__name__)

__all__ = [
    "copy_notebooks",
    "document_label",
    "document_titles",
    "default_notebook_dir",
    "execute_notebook",
    "inject_parameters",
    "is_seeds",
    "list_notebooks",
    "manifest",
    "notebook_parameters",
    "parse_parameter",
    "parse_parameters",
    "period_name",
    "report_cleaned",
    "report_corpus",
    "resolve_corpus",
    "run_report",
    "seeds_dir",
    "versions",
]

NOTEBOOK_NAME = re.compile(r"^\d{2}-[\w.-]+\.ipynb$")
#: packages whose versions go into every manifest
KEY_PACKAGES = (
    "nqp", "pandas", "numpy", "scikit-learn", "jieba", "rjieba", "opencc", "matplotlib", "wordcloud",
    "networkx", "nbclient", "nbconvert",
)
CELL_TIMEOUT = 1800
#: the parameters the report sets itself (from --corpus and --theme), in every notebook
RUN_PARAMETERS = ("corpus", "theme")
#: nqp.load_corpus's options, given to the report as --text-column, --id-column, --date-column, --outlet-column,
#: --title-column, --encoding; they reach every notebook that declares them (a notebook that loads a corpus declares
#: them all), and a notebook to run that does not declare one given is an error
LOAD_PARAMETERS = ("text_column", "id_column", "date_column", "outlet_column", "title_column", "encoding")
#: the environment variable that hands a report's kernels the folder of the corpora it prepared (report_cleaned)
PREPARED_ENV = "NQP_REPORT_PREPARED"
#: the tokenizer's cache folder (nqp.tokenize's cache_dir); a report whose environment does not set it gives its
#: kernels a folder of its own, so that later pages read the segmentations of earlier ones (tokens identical)
TOKEN_CACHE_ENV = "NQP_CACHE_DIR"
#: the data files of nqp whose SHA-256 goes into the manifest (the words and rules every run reads)
DATA_FILES = {
    "lexicon": "lexicon.csv",
    "stopwords": "stopwords.txt",
    "formula": "formula.txt",
    "clean_rules": "clean_rules.toml",
    "speakers": "speakers.toml",
    "codebook": "policy_instruments.yaml",
}
_HERE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path | None:
    """The folder ``name`` shipped with nqp: inside the package (a wheel), else beside it (a clone)."""
    for folder in (_HERE / name, _HERE.parent / name):
        if folder.is_dir():
            return folder
    return None


def default_notebook_dir() -> Path:
    """The report's notebooks: ``nqp/notebooks`` of an installed nqp, or ``notebooks/`` of the clone nqp runs from."""
    return _shipped("notebooks") or _HERE / "notebooks"


def seeds_dir() -> Path | None:
    """The seeds corpus shipped with nqp (``nqp/seeds`` installed, ``seeds/`` in a clone); None when absent."""
    return _shipped("seeds")


def is_seeds(corpus) -> bool:
    """Is ``corpus`` (a table of :func:`nqp.load_corpus`) the seeds corpus, by content?

    The guard of prose that only holds for the seeds: the same documents (corpus SHA-256) as the
    seeds shipped with nqp (:func:`seeds_dir`). False when they are not there.
    """
    seeds = _seeds_hash()
    if seeds is None:
        return False
    from .corpus import corpus_hash

    return corpus_hash(corpus) == seeds


@functools.lru_cache(maxsize=1)
def _seeds_hash() -> str | None:
    folder = seeds_dir()
    if folder is None:
        return None
    from .corpus import corpus_hash, load_corpus

    return corpus_hash(load_corpus(folder))


def list_notebooks(folder: str | Path | None = None, only: list[str] | None = None) -> list[Path]:
    """The numbered notebooks (``NN-name.ipynb``) of ``folder`` in reading order."""
    folder = Path(folder).expanduser() if folder else default_notebook_dir()
    if not folder.is_dir():
        raise ReportError(
            f"notebooks={str(folder)!r}: no such folder. Give the folder of your notebooks (nqp notebooks DIR "
            "copies nqp's own there), or leave it out to run nqp's own."
        )
    every = sorted(p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name))
    found = [p for p in every if any(p.name.startswith(o) for o in only)] if only else every
    if not found and only and every:
        raise ReportError(f"--only {' '.join(map(str, only))}: no page's name starts with "
                          f"{'it' if len(only) == 1 else 'any of them'}; the pages are "
                          f"{', '.join(p.stem for p in every)}, e.g. --only {every[0].name[:2]}.")
    if not found:
        raise ReportError(f"notebooks={str(folder)!r}: no notebooks named NN-name.ipynb. Give the folder of your "
                          "notebooks (nqp notebooks DIR copies nqp's own there), or leave it out to run nqp's own.")
    return found


def versions() -> dict[str, str]:
    """Versions of Python and of nqp's key dependencies."""
    out = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            out[name] = _md.version(name)
        except _md.PackageNotFoundError:
            out[name] = "not installed"
    return out


# -- parameters ------------------------------------------------------------------------------------------


def parse_parameter(text: str):
    """A command-line parameter value read as papermill reads ``-p NAME VALUE``.

    ``True``, ``False`` and ``None`` (exactly so spelled) are those constants; text that Python's
    ``int()`` accepts is an int (``12``, ``-3``, ``1_000``), else text that ``float()`` accepts is a float
    (``0.5``, ``1e-3``, ``inf``, ``nan``); anything else stays a string (``true``, ``"3"``, ``建圈强链``).
    A list or a mapping is given as YAML (``-y``), a string that looks like a number with ``-r`` (raw).
    """
    if text == "True":
        return True
    if text == "False":
        return False
    if text == "None":
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_parameters(items=(), raw=(), yaml_text=None) -> dict:
    """Parameters from the command line: ``items`` as ``NAME=VALUE`` (:func:`parse_parameter`), ``raw``
    ``NAME=VALUE`` kept as strings, ``yaml_text`` a YAML mapping (lists, nested values), or a list of them
    (one per ``-y``). Later wins.

    Each item is ``"name=value"`` or a ``(name, value)`` pair (papermill's two-word ``-p NAME VALUE``).
    """
    out: dict = {}
    for values, parse in ((_flatten(items), parse_parameter), (raw, str)):
        for item in values:
            name, value = _name_value(item)
            if parse is parse_parameter and value[:1] in "[{" and value:
                raise NqpValueError(
                    f"-p {name}={value}: a list or mapping is not read from -p (papermill reads it as text); give it "
                    f"as YAML: -y '{name}: {value}', or as text with -r {name}={value}."
                )
            out[name] = parse(value)
    for yaml_text in ([yaml_text] if isinstance(yaml_text, str) else list(yaml_text or ())):
        import yaml

        try:
            mapping = yaml.safe_load(yaml_text)
        except yaml.YAMLError as exc:
            first = str(exc).splitlines()[0]
            raise NqpValueError(f"-y {yaml_text!r}: not valid YAML ({first}). Write NAME: VALUE, e.g. -y 'ks: [3, 4, 5]'.") from None
        if not isinstance(mapping, dict) or not all(isinstance(k, str) for k in mapping):
            raise NqpValueError(f"-y {yaml_text!r}: expected a YAML mapping of names to values, e.g. -y 'ks: [3, 4, 5]'.")
        # a YAML date (2024-01-01) is given to the notebook as its ISO text, as a -p value would be
        out.update({k: v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v for k, v in mapping.items()})
    return out


def _flatten(items):
    """``-p`` as argparse collects it (one list per ``-p``): ``[NAME, VALUE]`` is papermill's pair, else
    every word is ``NAME=VALUE``."""
    for item in items:
        if isinstance(item, (list, tuple)):
            if len(item) == 2 and "=" not in item[0]:
                yield tuple(item)
            else:
                yield from item
        else:
            yield item


def _name_value(item) -> tuple[str, str]:
    if isinstance(item, (tuple, list)) and len(item) == 2:
        name, value = item
    elif isinstance(item, str) and "=" in item:
        name, _, value = item.partition("=")
    else:
        raise NqpValueError(f"-p {item!r}: expected NAME=VALUE (or NAME VALUE), e.g. -p k=6.")
    name = str(name).strip()
    if not name.isidentifier():
        raise NqpValueError(f"-p {name}={value}: {name!r} is not a parameter name (letters, digits and _, e.g. -p k=6).")
    return name, str(value)


def _read(path: Path):
    """The notebook at ``path`` (nbformat 4); one that cannot be read is named, with the reason."""
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except OSError:
        raise
    except Exception as exc:
        raise ReportError(f"{Path(path).name}: not a readable notebook ({type(exc).__name__}: "
                          f"{_short(' '.join(str(exc).split()), 200)}); restore it, e.g. with nqp notebooks DIR --force.") from None


def _parameters_cell(nb, name: str):
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        raise ReportError(f"{name}: no cell tagged 'parameters'; tag the cell that holds its defaults.")
    return cell


def notebook_parameters(path: str | Path) -> dict:
    """The parameters of a notebook and their defaults, read from its cell tagged ``parameters``.

    Every top-level ``name = value`` of that cell, in order; a default that is not a literal (a list,
    number, string ...) is given as ``{"expression": "<its source>"}``.
    """

    path = Path(path)
    cell = _parameters_cell(_read(path), path.name)
    try:
        tree = ast.parse(cell.source)
    except SyntaxError as exc:
        raise ReportError(f"{path.name}: the parameters cell is not valid Python (line {exc.lineno}: {exc.msg}).") from None
    out = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        for target in targets:
            if isinstance(target, ast.Name):
                try:
                    out[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    out[target.id] = {"expression": ast.get_source_segment(cell.source, node.value)}
    return out


def _check_names(params: dict, declared: dict[str, dict], unselected: dict[str, dict] | None = None) -> None:
    """Every name in ``params`` is a parameter of at least one notebook to run; the run's own are not given twice.

    ``unselected``: the parameters of the notebooks of the folder that ``--only`` leaves out, so that a name only
    they have is named as theirs (not as a name no notebook has)."""
    for name in params:
        if name in RUN_PARAMETERS:
            raise NqpValueError(f"-p {name}: the {name} is given with --{name}, e.g. "
                                + ("--corpus PATH." if name == "corpus" else "--theme 新质生产力 --theme 新型工业化."))
    for name in params:
        if name in LOAD_PARAMETERS:
            raise NqpValueError(f"-p {name}: the corpus's {name.replace('_', ' ')} is given with --{name.replace('_', '-')} "
                                f"(run_report({name}=...)): the report loads the corpus with it too.")
    known = sorted({n for names in declared.values() for n in names} | set(RUN_PARAMETERS))
    for name in params:
        owners = [nb for nb, names in (unselected or {}).items() if name in names]
        if name not in known and owners:
            raise NqpValueError(
                f"-p {name}: only {', '.join(owners)} {'has' if len(owners) == 1 else 'have'} a parameter {name!r}, "
                f"and --only does not select {'it' if len(owners) == 1 else 'them'} (it selects "
                f"{', '.join(declared)}). Add {' '.join(nb[:2] for nb in owners)} to --only, or leave -p {name} out."
            )
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise NqpValueError(
                f"-p {name}: no notebook has a parameter {name!r}{hint}. The parameters are: {', '.join(known)}."
            )


def _files_used(params_by_notebook: dict[str, dict]) -> dict[str, dict]:
    """SHA-256 of nqp's data files and of every file a parameter names (rules, lexicon files, dictionary ...)."""
    out = {}
    for role, name in DATA_FILES.items():
        path = _HERE / "data" / name
        if path.is_file():
            out[role] = {"file": f"nqp/data/{name}", "sha256": _sha256(path)}
    for notebook, params in params_by_notebook.items():
        for key, value in params.items():
            if key == "corpus":
                continue
            for i, item in enumerate(value if isinstance(value, (list, tuple)) else [value]):
                if isinstance(item, str) and item and os.path.isfile(item):
                    role = f"{key}[{i}]" if isinstance(value, (list, tuple)) else key
                    out.setdefault(f"{notebook}:{role}", {"file": item, "sha256": _sha256(Path(item))})
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- the corpus --------------------------------------------------------------------------------------------


def report_corpus(corpus, *, text_column: str = "text", id_column: str | None = None, encoding: str | None = None,
                  date_column: str | None = None, outlet_column: str | None = None, title_column: str | None = None):
    """The corpus a report page reads: :func:`nqp.load_corpus` (or :func:`nqp.load_dataset` for a bundled name).

    Within ``nqp report`` it is loaded once for all pages: the report keeps the table in its staging folder
    (named by the environment variable ``NQP_REPORT_PREPARED``), keyed by a hash of the corpus's files (path,
    size, modification time) and the load options, and every page reads that copy. Run alone (JupyterLab),
    the notebook loads the corpus itself; the table is the same either way.
    """
    options = {"text_column": text_column, "id_column": id_column, "encoding": encoding,
               **_column_options(date_column, outlet_column, title_column)}
    key = _corpus_key(corpus, options)
    return _prepared("corpus", key, lambda: _load(corpus, **options))


def _column_options(date_column, outlet_column, title_column) -> dict:
    """The column options given (None left out, so that a key without them is the key it was before them)."""
    given = {"date_column": date_column, "outlet_column": outlet_column, "title_column": title_column}
    return {k: v for k, v in given.items() if v is not None}


def report_cleaned(corpus, *, layout: str = "auto", boilerplate: float | None = 0.5, rules=None,
                   text_column: str = "text", id_column: str | None = None, encoding: str | None = None,
                   date_column: str | None = None, outlet_column: str | None = None, title_column: str | None = None):
    """The corpus a report page analyses: ``nqp.clean(report_corpus(corpus, ...), layout=, boilerplate=, rules=)``.

    Returns nqp.clean's :class:`nqp.Cleaned` (``.corpus`` is the loaded table). Within ``nqp report`` the
    corpus is cleaned once per set of cleaning parameters and every page reads the result from the
    report's staging folder, keyed by a hash of the corpus's files, the load options, ``layout``,
    ``boilerplate``, the rules files' contents and nqp's version; run alone, the notebook cleans itself.
    ``corpus``: a path, or a bundled corpus's name (``gov_work_reports``), as for :func:`resolve_corpus`.
    """
    from .cleaning import clean

    options = {"text_column": text_column, "id_column": id_column, "encoding": encoding,
               **_column_options(date_column, outlet_column, title_column)}
    key = _corpus_key(corpus, options)
    rules_key = _rules_key(rules)
    if key is not None and rules_key is not None:
        key = _digest([key, layout, boilerplate, rules_key])
    else:
        key = None
    return _prepared("cleaned", key, lambda: clean(report_corpus(corpus, **options), layout=layout,
                                                   boilerplate=boilerplate, rules=rules, progress=False))


def report_reference(cleaned, reference_corpus) -> tuple[object, str]:
    """The reference corpus a page compares ``cleaned`` (the page's :func:`report_cleaned`) with:
    ``(reference_corpus, "")``, or ``(None, why)`` when there is none to compare with: none was given
    (``reference_corpus = None``), or it holds the very documents analysed (the work reports run against
    themselves, by name or by path), which would compare the corpus with itself. Two corpora are the same when
    their documents' texts are, in any order.
    """
    if reference_corpus is None:
        return None, "`reference_corpus = None`"
    ref = report_cleaned(reference_corpus)
    if same_texts(cleaned.corpus, ref.corpus):
        name = Path(str(reference_corpus)).name
        return None, (f"the corpus analysed is the reference corpus ({name}) itself, and a corpus compared with itself "
                      "shows no difference")
    return reference_corpus, ""


def same_texts(a, b) -> bool:
    """Whether two corpus tables hold the same texts (a multiset: order and ids aside)."""
    from . import schema as S

    if len(a) != len(b):
        return False
    a_texts, b_texts = ([hashlib.sha1(str(t).encode("utf-8", "surrogatepass")).digest() for t in df[S.TEXT]]
                        for df in (a, b))
    return sorted(a_texts) == sorted(b_texts)


def theme_glossed(theme, lexicon) -> str:
    """The theme's terms for a sentence, each with the English gloss its lexicon note gives (高质量发展
    (“high-quality development”)); a term the lexicon does not gloss (one the report added) stands alone."""
    from .cleaning import normalize_text

    if not theme:
        return ""
    terms = [theme] if isinstance(theme, str) else list(theme)
    table = lexicon.to_frame()
    notes = dict(zip(table["term"], table["note"].where(table["source"] != "theme", "")))
    out = []
    for t in terms:
        note = str(notes.get(normalize_text(t), "") or "")
        gloss = re.split(r" \(|;|: ", note, maxsplit=1)[0].strip().strip('"“”')  # the gloss before its comment
        gloss = gloss.replace('"', "'" if gloss.count('"') % 2 == 0 else "")  # quotes inside the gloss's own
        out.append(f"{t} (“{gloss}”)" if gloss else t)
    return "、".join(out)


#: the dictionary frequency of a theme term the report adds to the lexicon: that of a very common word (jieba's
#: dictionary totals about 60 million), so that no segmentation around an occurrence of the theme cuts it
THEME_FREQ = 100_000


def report_lexicon(lexicon_files=None, theme=None):
    """The lexicon every page of a report segments with: nqp's, plus the ``lexicon_files`` given (the pages'
    parameter of that name), plus the theme's terms it lacks (:meth:`nqp.Lexicon.with_terms`), so that a theme
    jieba would cut (国内大循环 → 国内 / 大 / 循环) is one token in the keywords, collocations, topics and
    companions of every page. The added terms are those of ``lexicon.to_frame()`` whose ``category`` is
    ``"theme"`` and ``source`` ``"theme"``; their dictionary frequency is :data:`THEME_FREQ`, so that the theme
    stays whole beside a dictionary word that would take part of it (科技创新能力: 科技创新 / 能力, not
    科技 / 创新能力, which would hide the mention from every count of tokens)."""
    from .tokens.lexicon import Lexicon

    if isinstance(theme, str):
        theme = [theme]
    if isinstance(lexicon_files, (str, Path)):  # -p lexicon_files=my.csv: one file
        lexicon_files = [lexicon_files]
    return Lexicon.from_any(list(lexicon_files) if lexicon_files else None).with_terms(
        theme or [], note="the report's theme, added for this run", freq=THEME_FREQ)


def _load(corpus, text_column, id_column, encoding, **columns):
    """The corpus, loaded; what the loader warned about (a column that looks like the outlet but is not read,
    a folder layout that holds dates ...) is warned about again for the caller and kept in the table's
    ``attrs["load_warnings"]``, so that page 01 tells the report's readers too."""
    import warnings

    from .corpus import load_corpus  # a bundled corpus by name too (seeds, gov_work_reports)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = load_corpus(corpus, text_column=text_column, id_column=id_column, encoding=encoding, **columns)
    said = []
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if issubclass(w.category, UserWarning) and str(w.message) not in said:
            said.append(str(w.message))
    docs.attrs["load_warnings"] = said
    return docs


def _digest(parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def _corpus_key(corpus, options: dict) -> str | None:
    """A hash of what ``corpus`` names as it is now (every file's path, size and modification time; a bundled
    corpus by name and nqp's version) and the load options; None when it names nothing loadable."""
    from .datasets import dataset_names

    try:
        version = _md.version("nqp")
    except _md.PackageNotFoundError:
        version = None
    if isinstance(corpus, str) and corpus in dataset_names() and not Path(corpus).exists():
        return _digest(["dataset", corpus, version])
    from .corpus import check_corpus_path
    from .errors import NqpError

    try:  # the path as the loader reads it (the seeds nqp ships by name too)
        path = check_corpus_path(corpus).resolve()
    except (NqpError, OSError):
        return None
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    stats = [(str(p.relative_to(path)) if p != path else str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    return _digest(["path", str(path), stats, options, version])


def _rules_key(rules):
    """The rules' contents as part of a key: None (nqp's own), file paths by their SHA-256; None for anything else
    (a CleanRules object): not cached."""
    own = _HERE / "data" / DATA_FILES["clean_rules"]
    files = [] if rules is None else [rules] if isinstance(rules, (str, Path)) else list(rules) \
        if isinstance(rules, (list, tuple)) and all(isinstance(r, (str, Path)) for r in rules) else None
    if files is None or not all(Path(f).is_file() for f in files):
        return None
    return [_sha256(own)] + [_sha256(Path(f)) for f in files]


def _prepared(kind: str, key: str | None, build):
    """``build()``, read from and kept in the report's folder of prepared corpora (``NQP_REPORT_PREPARED``) when
    there is one and ``key`` is not None; else just ``build()``. The folder is the run's own and goes with
    it: a pickle of the report's own making, written atomically."""
    import pickle

    folder = os.environ.get(PREPARED_ENV)
    if not folder or key is None:
        return build()
    path = Path(folder) / f"{kind}-{key[:32]}.pickle"
    if path.is_file():
        with open(path, "rb") as fh:
            log.info("%s read from the report's prepared corpora (%s)", kind, path.name)
            return pickle.load(fh)
    value = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    return value



def resolve_corpus(value) -> tuple[str, Path | None]:
    """What ``--corpus`` names: ``(name, path)``.

    An existing path is itself (name: its folder or file name); else ``"seeds"`` is the seeds shipped with
    nqp and a bundled dataset's name (:func:`nqp.dataset_names`, e.g. ``gov_work_reports``) that dataset,
    whose path is None (the report writes its table for the notebooks). Anything else is an error
    naming the value and what it can be.
    """
    from .datasets import dataset_names

    if value is None or str(value).strip() == "":
        raise NqpValueError("corpus: no corpus given. Give a folder or table, or one of: seeds, "
                            f"{', '.join(dataset_names())}.")
    path = Path(value).expanduser()
    if path.exists():
        return path.resolve().name, path.resolve()
    if str(value) == "seeds" and seeds_dir() is not None:
        return "seeds", seeds_dir()
    if str(value) in dataset_names():
        return str(value), None
    raise NqpValueError(
        f"corpus={str(value)!r}: no such file or folder, nor a corpus that ships with nqp ("
        f"{', '.join(['seeds', *dataset_names()])}). Give the path of a folder of documents (metadata.csv optional) "
        "or of a .csv/.jsonl/.parquet table, or one of those names."
    )


def manifest(corpus: str | Path, params: dict, docs=None) -> dict:
    """The run manifest: what was run, on what, with which versions, when.

    ``corpus`` is a path or a bundled dataset's name (:func:`resolve_corpus`); ``params`` the run's
    parameters (those given, shown on the index); ``docs`` the corpus as loaded (default: loaded here).
    """
    from .corpus import corpus_hash, load_corpus
    from .datasets import load_dataset

    name, path = resolve_corpus(corpus)
    if docs is None:
        docs = load_corpus(path) if path is not None else load_dataset(name)
    out = {
        "corpus": name,
        "corpus_sha256": corpus_hash(docs),
        "metadata_sha256": _metadata_hash(docs),
    }
    if path is not None and Path(path).is_file():  # a table: the file itself, as `sha256sum` gives it
        out["file_sha256"] = _sha256(Path(path))
    return {
        **out,
        "documents": int(len(docs)),
        "characters": int(docs["n_chars"].sum()),
        "parameters": params,
        "versions": versions(),
        "run_at": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def document_titles(articles, doc_ids):
    """Each document's title as the pages name it: its first article's headline as printed (``title_orig``; a
    picture column comes after the articles), ``""`` for a document without one, on the index of ``doc_ids``.
    The first line a corpus without titles gives (a photo credit, a dateline, a sentence) is no title here."""
    import pandas as pd

    ids = pd.Series(doc_ids)
    ordered = articles.assign(_photo=articles[S.KIND] != "article").sort_values([S.DOC_ID, "_photo", S.POSITION])
    return ids.map(ordered.groupby(S.DOC_ID)[S.TITLE_ORIG].first()).fillna("").rename(S.TITLE)


def document_label(title: str, doc_id: str, limit: int = 40) -> str:
    """A document named in a sentence: «its title», cut to ``limit`` characters with …, or its id when it has none."""
    title = str(title or "").strip()
    if not title:
        return str(doc_id)
    return "«" + (title if len(title) <= limit else title[: limit - 1] + "…") + "»"


def _metadata_hash(docs) -> str:
    """SHA-256 over each document's id, date, outlet and title as loaded (in doc_id order): a document moved to
    another outlet or date changes it, where the corpus hash (ids and texts) stays."""
    h = hashlib.sha256()
    cols = [c for c in (S.DOC_ID, S.DATE, S.OUTLET, S.TITLE) if c in docs.columns]
    rows = docs[cols].astype(object).where(docs[cols].notna(), None)
    for row in sorted(rows.itertuples(index=False, name=None), key=lambda r: str(r[0])):
        h.update(json.dumps([None if v is None else str(v) for v in row], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def inject_parameters(nb, params: dict):
    """Insert an ``injected-parameters`` cell after the ``parameters`` cell (papermill's convention)."""
    import nbformat

    lines = [f"{k} = {_literal(v)}" for k, v in params.items()]
    cell = nbformat.v4.new_code_cell("# Parameters of this run\n" + "\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cells = nb.cells
    cells[:] = [c for c in cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i + 1 for i, c in enumerate(cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise ReportError(f"{nb.metadata.get('nqp_name', 'notebook')}: no cell tagged 'parameters'; tag the cell that holds its defaults.")
    cells.insert(at, cell)
    return nb


def _literal(value) -> str:
    """``value`` as Python source (``repr``, with ``float('nan')`` and ``float('inf')`` spelled out)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"float({str(value)!r})"
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + "".join(_literal(v) + ", " for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _failing_cell(nb) -> tuple[int, str]:
    """The failing cell's number as the committed notebook counts it (the injected cell not counted),
    and ``"ErrorName: message"`` with the first line of that cell's code."""
    number = 0
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            continue
        number += 1
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "error":
                message = " ".join(str(out.get("evalue", "")).split())
                return number, f"{out.get('ename')}: {_short(message, 300)}{_code_line(cell, out.get('traceback'))}"
    return -1, "unknown error"


def _code_line(cell, traceback=None) -> str:
    """`` (line N: `code`)``: the cell's line that failed, as IPython's traceback marks it (``---->``), else
    `` (in `first line` …)``."""
    for frame in traceback or []:
        for line in re.sub(r"\x1b\[[0-9;]*m", "", frame).splitlines():
            m = re.match(r"^-*> ?(\d+)\s(.*)$", line)
            if m and m.group(2).strip():
                return f" (line {m.group(1)}: `{_short(m.group(2).strip(), 80)}`)"
    lines = [s.strip() for s in cell.source.splitlines() if s.strip() and not s.strip().startswith("#")]
    return f" (in `{_short(lines[0], 80)}`{' …' if len(lines) > 1 else ''})" if lines else ""


def _cell_number(nb, index: int) -> int:
    """The number of the cell at ``index`` of the executed notebook, as the committed notebook counts it."""
    return sum(1 for c in nb.cells[: index + 1] if "injected-parameters" not in c.get("metadata", {}).get("tags", []))


def _kernel_config():
    """The kernel's transport: encrypted (CurveZMQ keys provisioned by the kernel manager) when pyzmq and the
    kernel support it, else local sockets (IPC) where the platform has them, else plain TCP on localhost.

    A kernel started over plain TCP logs "Kernel is running over TCP without encryption" into the
    terminal of every run; with encryption or IPC that condition, and so the warning, is gone.
    """
    import zmq
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from jupyter_client.manager import KernelManager
    from traitlets.config import Config

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        supported = spec.metadata.get("supported_encryption") or []
    except NoSuchKernel:
        supported = []
    supported = [supported] if isinstance(supported, str) else supported
    provisions = "transport_encryption" in KernelManager.class_trait_names()  # jupyter_client >= 8.10
    if provisions and zmq.has("curve") and "curve" in {str(s).lower() for s in supported}:
        return Config({"KernelManager": {"transport_encryption": "auto"}})
    if os.name == "posix":
        return Config({"KernelManager": {"transport": "ipc"}})
    return Config()


#: times a kernel that dies before its first cell is started, before the report gives up
KERNEL_STARTS = 3


def execute_notebook(path: Path, params: dict, progress=None, cwd: str | Path | None = None, env: dict | None = None,
                     cancel=None):
    """Execute one notebook with ``params`` injected; return the executed notebook node.

    The kernel runs in ``cwd`` (default: the notebook's folder); the corpus path is given relative to it.
    ``env``: environment variables set for the kernel (the report's folder of prepared corpora).
    ``cancel``: a :class:`threading.Event`; once it is set, the notebook stops before its next cell and its
    running cell is interrupted (the report does so when another page failed or the run was interrupted).
    Raises :class:`ReportError` naming the notebook, the cell and the error when a cell fails, times out
    or the kernel dies, or when a figure lacks Chinese glyphs: its first line says it all.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    cwd = Path(cwd) if cwd is not None else path.parent
    nb = _read(path)
    nb.metadata["nqp_name"] = path.name
    # paths are given relative to the kernel's working directory, so that the pages shared as HTML do not
    # show the machine's folders
    params = {k: _relative(v, cwd) if k == "corpus" else v for k, v in params.items()}
    inject_parameters(nb, params)
    inject_display(nb)  # first cell: every table interactive, offline, with its CSV (nqp.render)
    hook = (lambda **kw: progress.update(1)) if progress is not None else None
    running = {"index": -1}

    def started(cell, cell_index, **kw):
        if cancel is not None and cancel.is_set():
            raise _Cancelled(path.name)
        running["index"] = cell_index

    def client():
        made = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name="python3",
            resources={"metadata": {"path": str(cwd)}},
            on_cell_start=started,
            on_cell_executed=hook,
            config=_kernel_config(),
        )
        if cancel is not None:
            _RUNNING[cancel].append(made)
        return made

    kernel_env = {"MPLBACKEND": "module://matplotlib_inline.backend_inline", **(env or {})}
    env_backup = {k: os.environ.get(k) for k in kernel_env}
    os.environ.update(kernel_env)
    try:
        for attempt in range(1, KERNEL_STARTS + 1):
            try:
                client().execute()
                break
            except (CellExecutionError, CellTimeoutError, DeadKernelError, _Cancelled):
                raise
            except Exception as exc:
                # a kernel that died before any cell ran is started again: two kernels launched at once
                # can be handed the same free TCP port, and the second one's bind fails
                if running["index"] >= 0 or attempt == KERNEL_STARTS:
                    raise
                log.warning("%s: the kernel did not start (%s); starting it again (%d of %d)", path.name,
                            _short(str(exc), 200), attempt + 1, KERNEL_STARTS)
    except _Cancelled:
        raise
    except CellExecutionError as exc:
        if cancel is not None and cancel.is_set():
            raise _Cancelled(path.name) from None
        cell, what = _failing_cell(nb)
        where = f"cell {cell}" if cell > 0 else "a cell"
        raise ReportError(f"{path.name}, {where} failed: {what}\n{_short(str(exc))}") from None
    except (CellTimeoutError, DeadKernelError) as exc:
        at = running["index"]
        where = f"cell {_cell_number(nb, at)}{_code_line(nb.cells[at])}" if at >= 0 else "a cell"
        what = (f"took longer than {CELL_TIMEOUT} s" if isinstance(exc, CellTimeoutError)
                else "the kernel died (out of memory, or killed)")
        raise ReportError(f"{path.name}, {where}: {what}.\n{_short(str(exc))}") from None
    except Exception as exc:  # the kernel could not start or talk: no cell ran
        raise ReportError(f"{path.name}: the Jupyter kernel failed ({type(exc).__name__}: {_short(str(exc), 300)}); "
                          "check that ipykernel is installed in this environment.") from None
    finally:
        for k, v in env_backup.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    bad = _glyph_warnings(nb)
    if bad:
        raise ReportError(f"{path.name}: Chinese characters drawn without a CJK font ({'; '.join(bad)}).")
    return nb


class _Cancelled(Exception):
    """A page stopped because the report stopped (another page failed, or the run was interrupted)."""


#: the notebook clients of each running report (keyed by its cancel event), so that a stop interrupts them
_RUNNING: dict = {}


def _interrupt(cancel) -> None:
    """Interrupt the running cell of every kernel of the report whose cancel event is ``cancel``."""
    import signal

    for made in _RUNNING.get(cancel, []):
        km = getattr(made, "km", None)
        process = getattr(getattr(km, "provisioner", None), "process", None)
        pid = getattr(process, "pid", None)
        if pid is None or os.name != "posix":
            continue
        try:
            os.killpg(os.getpgid(pid), signal.SIGINT)  # what KernelManager.interrupt_kernel sends
        except (ProcessLookupError, PermissionError, OSError):
            pass


def _relative(value, folder: Path):
    try:
        return os.path.relpath(value, folder)
    except (TypeError, ValueError):  # not a path, or another drive on Windows
        return value


def _short(text: str, limit: int = 3000) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return text if len(text) <= limit else text[:limit] + " …"


def run_report(
    corpus: str | Path = "seeds",
    out: str | Path = "build/report",
    notebooks: str | Path | None = None,
    only: list[str] | None = None,
    params: dict | None = None,
    theme: list[str] | str | None = None,
    show_code: bool = False,
    text_column: str | None = None,
    id_column: str | None = None,
    encoding: str | None = None,
    jobs: int | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
    title_column: str | None = None,
) -> Path:
    """Execute every numbered notebook on ``corpus``, write one HTML page each and ``index.html``.

    Each page's tables are also written beside it as CSV; its code cells are hidden behind a toggle
    (``show_code``: shown from the start).

    ``corpus``: a folder or table, ``"seeds"`` or a bundled dataset's name (:func:`resolve_corpus`).
    ``theme``: the theme's terms, given to every notebook as ``theme`` (a list; None: no theme).
    ``text_column``, ``id_column``, ``encoding``: :func:`nqp.load_corpus`'s options (a table whose text
    column is not ``text``, a folder of .txt files in an encoding that is not detected), and ``date_column``,
    ``outlet_column``, ``title_column`` (the columns of a table or of a folder's metadata.csv read as the date,
    outlet and title when they have other names, such as 发布时间, 来源, 标题), given to every
    notebook as the parameters of those names and recorded in the manifest; a notebook that does not
    declare them while they are given is an error, before anything runs.
    The corpus is loaded once, and cleaned once per set of cleaning parameters, for all the pages
    (:func:`report_cleaned`), before the first page starts; the pages share one tokenizer cache (the run's own,
    removed with it, unless ``NQP_CACHE_DIR`` is set). ``jobs`` pages run at a time, each in its own
    kernel (default: 2 where the machine has two cores or more, else 1); the pages are the same whatever
    ``jobs`` is. When a page fails, the pages running beside it are stopped. Each notebook's time (kernel
    start to page written) is in the manifest, with its parts: ``kernel_seconds`` (the kernel's start, to
    its first cell), ``cells_seconds`` (its cells, as the kernel timed them; ``cell_seconds`` has each code
    cell's), ``render_seconds`` (the HTML page and its CSV files).
    ``params``: values for the notebooks' parameters, each injected into the notebooks whose parameters
    cell has that name; a name no notebook has is an error listing the parameters. The manifest
    (``manifest.json``, and on each page) records every parameter each notebook used, defaults included.
    The executed notebooks are written next to the pages (``*.ipynb``) for reuse in JupyterLab.

    ``out`` is checked (a folder, or one that can be made, writable; empty or a previous report) before
    anything runs. The report is built in a hidden folder beside ``out`` and moved into place only when
    every page rendered: a run that fails, is interrupted or killed leaves the previous report intact.
    Returns the path of the index.
    """
    from tqdm.auto import tqdm

    from .io import check_output

    out = check_output(out, name="out", kind="folder")  # before any notebook runs
    theme = _theme(theme)
    params = dict(params or {})
    load = _load_options(text_column, id_column, encoding, date_column, outlet_column, title_column)
    jobs = _jobs(jobs)
    copies_seeds = notebooks is not None and str(corpus) == "seeds" and (Path(notebooks).expanduser() / "seeds").is_dir()
    if copies_seeds:
        corpus = Path(notebooks).expanduser() / "seeds"  # the copies' own seeds (nqp notebooks DIR wrote them), maybe edited
    name, corpus_path = resolve_corpus(corpus)
    if copies_seeds:
        # named as the copy in DIR, not as the seeds nqp ships ("seeds"); named by folders, as any corpus is
        name = f"{corpus_path.parent.name}/{corpus_path.name}"
    _check_replaceable(out, corpus_path)
    paths = list_notebooks(notebooks, only)
    declared = {p.name: notebook_parameters(p) for p in paths}
    unselected = {p.name: notebook_parameters(p) for p in list_notebooks(notebooks) if p.name not in declared} if only else {}
    _check_names(params, declared, unselected)
    _check_values(params)
    _check_load_declared(load, declared)
    given = {"corpus": name, "theme": theme, **load, **params}
    import nbformat

    n_cells = sum(
        sum(1 for c in _read(p).cells if c.cell_type == "code") + 2 for p in paths  # + the two injected cells
    )
    stage = _staging_folder(out)
    try:
        # the pages read a bundled dataset by its name (a path into this run's staging folder would name, in
        # every page's parameters, a folder gone once the report is in place)
        page_corpus = name if corpus_path is None else corpus_path
        if str(corpus) == "seeds" and seeds_dir() is not None and Path(corpus_path).resolve() == seeds_dir().resolve():
            page_corpus = "seeds"  # the shipped seeds by name, not by a path into the installed package
        # the corpus loaded once, here, for the manifest and for every page (report_corpus reads this copy), and
        # cleaned once for them all (report_cleaned), before any page starts: pages run side by side
        kernel_env = {PREPARED_ENV: str(stage / ".prepared")}
        if TOKEN_CACHE_ENV not in os.environ:  # the pages share their segmentations (a cache of the user's stays theirs)
            kernel_env[TOKEN_CACHE_ENV] = str(stage / ".tokens")
        if "OMP_WAIT_POLICY" not in os.environ:
            # OpenMP threads (scikit-learn's k-means) sleep while they wait instead of spinning: the same results,
            # and on a machine that other processes (or the page beside) load, a tenth of the CPU time
            kernel_env["OMP_WAIT_POLICY"] = "PASSIVE"
        with _environ(kernel_env):
            docs = report_corpus(str(page_corpus), **{k: v for k, v in load.items()})
            _prepare_cleaned(str(page_corpus), load, params, declared, paths)
        man = manifest(page_corpus, given, docs=docs)
        man["corpus"] = name
        used = {}
        for path in paths:
            mine = {k: v for k, v in {**load, **params}.items() if k in declared[path.name]}
            used[path.name] = {**declared[path.name], "corpus": name, "theme": theme, **mine}
        man["notebooks"] = {nb_name: {"parameters": p} for nb_name, p in used.items()}
        man["files"] = _files_used(used)
        pages = page_list(paths)

        def one(path, bar, cancel):
            run_params = {"corpus": str(page_corpus), "theme": theme,
                          **{k: v for k, v in {**load, **params}.items() if k in declared[path.name]}}
            started, wall = time.perf_counter(), time.time()
            nb = execute_notebook(path, run_params, progress=bar, cwd=Path.cwd(), env=kernel_env, cancel=cancel)
            executed = time.perf_counter()
            # the page and the CSV of each of its tables
            page = _render(path, nb, {**man, "parameters": used[path.name]}, pages, show_code)
            page.write(stage)
            nbformat.write(nb, stage / path.name)
            done = time.perf_counter()
            entry = man["notebooks"][path.name]
            entry["seconds"] = round(done - started, 2)
            entry.update(_timings(nb, wall, executed - started, done - executed))
            log.info("rendered %s", page.name)
            return page

        with tqdm(total=n_cells, desc="report", unit="cell") as bar, \
                _environ({"MPLBACKEND": "module://matplotlib_inline.backend_inline", **kernel_env}):
            entries = _run_pages(paths, one, bar, jobs, first=_longest_first(out, paths))
        man["jobs"] = jobs
        (stage / "index.html").write_text(_index_html(entries, man), encoding="utf-8")
        (stage / "manifest.json").write_text(json.dumps(man, ensure_ascii=False, indent=2), encoding="utf-8")
        shutil.rmtree(stage / ".corpus", ignore_errors=True)
        shutil.rmtree(stage / ".prepared", ignore_errors=True)
        shutil.rmtree(stage / ".tokens", ignore_errors=True)
        _swap_in(stage, out)
    except ReportError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        first, _, rest = str(exc).partition("\n")
        kept = "the previous report there is unchanged" if (out / "manifest.json").is_file() else "nothing was written"
        raise ReportError(f"{first.rstrip('.')}. The report was not written to {str(out)!r} ({kept}).\n{rest}".rstrip()) from None
    except BaseException:  # interrupted, or an error of another kind: the half-built report goes too
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return out / "index.html"


def _jobs(jobs) -> int:
    """The pages run at a time: ``jobs`` checked, or by default 2 where there are two cores or more, else 1."""
    from ._validate import check_int

    if jobs is None:
        return 2 if (os.cpu_count() or 1) >= 2 else 1
    return check_int("jobs", jobs, min=1)


class _environ:
    """Environment variables set for a block (the kernels inherit them), restored after it."""

    def __init__(self, values: dict):
        self.values = values

    def __enter__(self):
        self.saved = {k: os.environ.get(k) for k in self.values}
        os.environ.update(self.values)
        return self

    def __exit__(self, *exc):
        for k, v in self.saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        return False


def _prepare_cleaned(corpus: str, load: dict, params: dict, declared: dict[str, dict], paths) -> None:
    """Clean, once, the corpus and the reference corpus as the pages will ask :func:`report_cleaned` for them
    (each page's ``layout``, ``boilerplate``, ``rules`` and ``reference_corpus``, given or its default), so that pages
    that run side by side read them and none cleans them again. A value that is not a literal is left to
    the page."""
    asked, references = set(), set()
    for path in paths:
        names = declared[path.name]
        if "layout" in names and "report_cleaned" in path.read_text(encoding="utf-8"):
            layout = params.get("layout", names.get("layout"))
            boilerplate = params.get("boilerplate", names.get("boilerplate"))
            rules = params.get("rules", names.get("rules"))
            rules = tuple(rules) if isinstance(rules, list) else rules  # a list of files, hashable
            if not any(isinstance(v, dict) for v in (layout, boilerplate, rules)):
                asked.add((layout, boilerplate, rules))
        reference = params.get("reference_corpus", names.get("reference_corpus"))
        if isinstance(reference, str) and reference:
            references.add(reference)
    for layout, boilerplate, rules in sorted(asked, key=repr):
        try:
            report_cleaned(corpus, layout=layout, boilerplate=boilerplate,
                           rules=list(rules) if isinstance(rules, tuple) else rules, **load)
        except Exception as exc:  # a bad value: the page that uses it says so, in its own words
            log.info("the corpus was not cleaned ahead of the pages (%s: %s)", type(exc).__name__, exc)
    for reference in sorted(references):
        try:
            report_cleaned(reference)
        except Exception as exc:
            log.info("the reference corpus %r was not cleaned ahead of the pages (%s: %s)", reference,
                     type(exc).__name__, exc)


def _longest_first(out: Path, paths) -> list:
    """The order to start the pages in when they run side by side: those that took longest in the previous report
    in ``out`` (its manifest) first, so that the longest does not start last; else reading order."""
    try:
        before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["notebooks"]
        seconds = {name: float(entry["seconds"]) for name, entry in before.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return list(paths)
    return sorted(paths, key=lambda p: -seconds.get(p.name, math.inf))  # a new page first; stable otherwise


def _run_pages(paths, one, bar, jobs: int, first=None) -> list:
    """``one(path, bar, cancel)`` for every notebook, ``jobs`` at a time, in threads (each page's kernel is a
    process of its own), started in the order ``first`` (default: reading order); the pages in reading order.
    The first failure (in reading order among those that failed) stops the rest: pages not started are not
    started, running ones are interrupted."""
    import threading
    from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

    cancel = threading.Event()
    _RUNNING[cancel] = []
    try:
        if jobs == 1:
            return [one(path, bar, None) for path in paths]

        def guarded(path):
            if cancel.is_set():
                raise _Cancelled(path.name)
            return one(path, bar, cancel)

        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="nqp-report")
        submitted = {path: pool.submit(guarded, path) for path in (first or paths)}
        futures = [submitted[path] for path in paths]
        try:
            pending = set(futures)
            while pending:
                done, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                if any(f.exception() is not None for f in done):
                    break
        except BaseException:  # interrupted: stop the kernels, then go
            cancel.set()
            _interrupt(cancel)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        failed = [f for f in futures if f.done() and f.exception() is not None
                  and not isinstance(f.exception(), _Cancelled)]
        if failed:
            cancel.set()
            _interrupt(cancel)
        pool.shutdown(wait=True, cancel_futures=True)
        failed = [f for f in futures if not f.cancelled() and f.exception() is not None
                  and not isinstance(f.exception(), _Cancelled)]
        if failed:
            raise failed[0].exception()
        return [f.result() for f in futures]
    finally:
        _RUNNING.pop(cancel, None)


def _timings(nb, wall_start: float, execute_seconds: float, render_seconds: float) -> dict:
    """A page's time in parts, from the kernel's own record of each cell (nbclient's ``execution`` metadata)."""
    spans = []
    for i, cell in enumerate(nb.cells):
        times = cell.get("metadata", {}).get("execution", {}) if cell.cell_type == "code" else {}
        try:
            begin = _dt.datetime.fromisoformat(str(times["iopub.status.busy"]).replace("Z", "+00:00")).timestamp()
            start = _dt.datetime.fromisoformat(str(times["iopub.execute_input"]).replace("Z", "+00:00")).timestamp()
            end = _dt.datetime.fromisoformat(str(times["shell.execute_reply"]).replace("Z", "+00:00")).timestamp()
        except (KeyError, ValueError):
            continue
        spans.append((i, begin, max(0.0, end - start)))
    if not spans:
        return {"render_seconds": round(render_seconds, 2)}
    cells = sum(s for _, _, s in spans)
    return {
        "kernel_seconds": round(max(0.0, min(execute_seconds, spans[0][1] - wall_start)), 2),
        "cells_seconds": round(cells, 2),
        "render_seconds": round(render_seconds, 2),
        "cell_seconds": {str(i): round(s, 2) for i, _, s in spans},
    }


def _render(path: Path, nb, man: dict, pages, show_code: bool = False):
    """The page of ``nb`` (:class:`nqp.render.RenderedPage`); a failure of the HTML export is named with the
    notebook, in one line."""
    try:
        return render_html(nb, man, pages=pages, show_code=show_code)
    except Exception as exc:
        raise ReportError(f"{path.name}: executed, but its HTML page could not be rendered ({type(exc).__name__}: "
                          f"{_short(' '.join(str(exc).split()), 300)}); check the nbconvert installation.") from exc


def _load_options(text_column, id_column, encoding, date_column=None, outlet_column=None, title_column=None) -> dict:
    """The load options given (checked as nqp.load_corpus checks them), by their parameter names."""
    from .corpus import check_column_arguments, check_load_arguments

    given = {"text_column": text_column, "id_column": id_column, "encoding": encoding,
             "date_column": date_column, "outlet_column": outlet_column, "title_column": title_column}
    if text_column is None:
        text_column = "text"
    check_load_arguments(text_column, id_column, encoding)
    check_column_arguments(date_column, outlet_column, title_column)
    return {k: v for k, v in given.items() if v is not None}


def _check_load_declared(load: dict, declared: dict[str, dict]) -> None:
    """Every notebook to run declares the load options given: else it would read the corpus without them."""
    for name in load:
        missing = [nb for nb, names in declared.items() if name not in names]
        if missing:
            raise NqpValueError(
                f"{name}={load[name]!r}: {', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no parameter {name!r}, "
                f"so {'it' if len(missing) == 1 else 'they'} would load the corpus without it. Add `{name} = "
                f"{_literal(LOAD_DEFAULTS[name])}` to the parameters cell and pass it to nqp.report.report_cleaned, "
                "or leave those notebooks out with --only."
            )


#: the load options' defaults, as nqp.load_corpus has them
LOAD_DEFAULTS = {"text_column": "text", "id_column": None, "encoding": None, "date_column": None, "outlet_column": None,
                 "title_column": None}


def _theme(theme) -> list[str] | None:
    if theme is None:
        return None
    terms = [theme] if isinstance(theme, str) else list(theme)
    bad = [t for t in terms if not isinstance(t, str) or not t.strip()]
    if bad or not terms:
        raise NqpValueError(f"theme={theme!r}: expected one or more non-empty terms, e.g. --theme 新质生产力.")
    wordless = [t for t in terms if not any(c.isalnum() for c in t)]  # punctuation or symbols only: never a word
    if wordless:
        raise NqpValueError(f"theme={wordless[0]!r}: a term needs a Chinese character, a letter or a digit "
                            "(punctuation alone is never a word of the text), e.g. --theme 新质生产力.")
    # Chinese prints no space between words: 数字 经济 would be searched as written and found nowhere
    spaced = [t for t in terms if re.search(r"[\u3400-\u9fff]\s+[\u3400-\u9fff]", t.strip())]
    if spaced:
        bare = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", spaced[0].strip())
        raise NqpValueError(f"theme={spaced[0]!r}: a space between Chinese characters, which Chinese text rarely "
                            f"prints, so the term would be searched with its space and hardly found; give --theme "
                            f"{bare} (several terms: "
                            "--theme A --theme B).")
    # one term in both scripts (新质生产力, 新質生產力) is one term: the search finds both forms of either
    from .cleaning import normalize_text

    kept: dict[str, str] = {}
    for t in (t.strip() for t in terms):
        kept.setdefault(normalize_text(t), t)
    return list(kept.values())


#: what the pages' numeric parameters accept, checked before any page runs: ``name -> (least value, None
#: allowed)``; every one is a whole number (a page's own check would come minutes into the run)
WHOLE_PARAMETERS = {
    "k": (1, True), "n_clusters": (2, True), "min_df": (1, True), "top": (1, False), "max_rows": (1, False),
    "max_periods": (2, False), "n_seeds": (1, False), "max_scan": (2, False), "max_tree": (3, False),
    "max_bins": (1, False), "discover_top": (1, False), "discover_max_chars": (1, True), "min_count": (1, False),
    "min_contexts": (1, False), "window": (2, False), "kwic_window": (1, False), "jieba_sample": (1, False),
    "n_validate": (1, False), "preview_chars": (1, False), "min_chars": (1, False), "random_state": (0, False),
    "reference_min_df": (1, False), "level": (1, True),
}
#: what None means for the parameters of WHOLE_PARAMETERS that allow it, for the error message
_NONE_MEANS = {"k": "the k scan's recommendation", "n_clusters": "the best silhouette", "min_df": "2, or 1 below 4 documents",
               "level": "full category paths", "discover_max_chars": "every article"}
#: the pages' parameters that take a list of terms: one term given as text (-p trend_terms=高质量发展) is a list of it
TERM_LISTS = ("trend_terms", "reference_terms", "companions")
#: the pages' parameters that take a list of numbers of topics, each at least 2
K_LISTS = ("ks", "reference_ks")


def _choices() -> dict[str, tuple]:
    """The pages' parameters that take one of a few words, and the words, checked before any page runs."""
    from .dates import FREQS

    return {"freq": ("auto", *FREQS), "scope": ("all", "theme"), "layout": S.LAYOUT_CHOICES,
            "reprint_unit": ("article", "paragraph", "sentence"), "context": ("sentence", "paragraph", "article"),
            "method": ("nmf", "lda")}


def _check_values(params: dict) -> None:
    """The values of :data:`WHOLE_PARAMETERS`, of the word choices (:func:`_choices`) and of the lists
    (:data:`TERM_LISTS`, :data:`K_LISTS`) given with -p, checked up front: a clear error naming the parameter,
    the value and what it takes. A single term given for a list of terms is made a list of one, in ``params``."""
    for name in TERM_LISTS:
        value = params.get(name)
        if isinstance(value, str):
            params[name] = [value]  # not its characters one by one
        elif value is not None and (not isinstance(value, (list, tuple)) or not all(isinstance(t, str) and t.strip() for t in value)):
            raise NqpValueError(f"-p {name}={value!r}: {name} takes a list of terms, e.g. -y '{name}: [新质生产力, 高质量发展]'.")
    for name in K_LISTS:
        value = params.get(name)
        if value is None and name == "ks":
            continue
        if name in params and (not isinstance(value, (list, tuple)) or not value
                               or not all(isinstance(x, int) and not isinstance(x, bool) and x >= 2 for x in value)):
            raise NqpValueError(f"-p {name}={value!r}: {name} takes a non-empty list of whole numbers of at least 2 "
                                f"(numbers of topics), e.g. -y '{name}: [3, 4, 5, 6]'"
                                + (" (or None: 2 .. min(10, documents / 2))." if name == "ks" else "."))
    from .dates import date_bounds, parse_date

    bounds = {}
    for name in ("trend_start", "trend_end"):  # dates: the trend page's window
        value = params.get(name)
        if value is None:
            continue
        try:
            text, prec = parse_date(value, name=name)
        except Exception:
            raise NqpValueError(f"-p {name}={value!r}: not a date; {name} takes a year, a month or a day "
                                f"(YYYY, YYYY-MM or YYYY-MM-DD), e.g. -p {name}=2020.") from None
        bounds[name] = date_bounds(text, prec)[0 if name == "trend_start" else 1]
    if len(bounds) == 2 and bounds["trend_start"] > bounds["trend_end"]:
        raise NqpValueError(f"-p trend_start={params['trend_start']!r} is after -p trend_end={params['trend_end']!r}: "
                            "the trends' window runs from trend_start to trend_end; give trend_start <= trend_end.")
    for name, allowed in _choices().items():
        if name in params and params[name] not in allowed:
            raise NqpValueError(f"-p {name}={params[name]!r}: {name} takes one of {', '.join(allowed)}, "
                                f"e.g. -p {name}={allowed[0]}.")
    for name, value in params.items():
        if name not in WHOLE_PARAMETERS:
            continue
        least, none_ok = WHOLE_PARAMETERS[name]
        if value is None and none_ok:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            takes = f"a whole number of at least {least}" + (" (or None: " + _NONE_MEANS.get(name, "the page's choice") + ")"
                                                             if none_ok else "")
            raise NqpValueError(f"-p {name}={value!r}: {name} takes {takes}, e.g. -p {name}={max(least, 2 if none_ok else least)}.")



# -- atomic runs: a hidden folder beside the output, swapped in when complete --------------------------------


#: the files a report writes in its folder: what an earlier report left there may be replaced, nothing else
_REPORT_FILE = re.compile(r"(index\.html|manifest\.json|\d\d-[^/]+\.(html|ipynb|csv|png|svg))")


def _check_replaceable(out: Path, corpus_path: Path | None = None) -> None:
    """``out`` may be replaced by a report: it does not exist, is empty, or holds a report (``manifest.json``)
    and only the files a report writes (a file of the user's own there would go with it); and it is not
    inside the corpus's folder, where the next run would read the report's pages as documents."""
    if corpus_path is not None and corpus_path.is_dir():
        inside = out.resolve()
        if inside == corpus_path.resolve() or corpus_path.resolve() in inside.parents:
            raise NqpValueError(
                f"out={str(out)!r}: inside the corpus folder {corpus_path.name!r}, whose next reading would take the "
                "report's pages for documents. Write the report elsewhere, e.g. --out build/report."
            )
    if not (out.is_dir() and any(out.iterdir())):
        return
    if not (out / "manifest.json").is_file():
        raise NqpValueError(
            f"out={str(out)!r}: a folder that holds other files and no report (no manifest.json); the report "
            "replaces its folder as a whole. Choose a new or empty folder, e.g. build/report."
        )
    foreign = sorted(p.name for p in out.iterdir() if not (p.is_file() and _REPORT_FILE.fullmatch(p.name)))
    if foreign:
        raise NqpValueError(
            f"out={str(out)!r}: holds a report and files no report writes ({', '.join(foreign[:5])}"
            + (f", and {len(foreign) - 5} more" if len(foreign) > 5 else "") + "), which replacing the report would "
            "delete. Move them out, or choose a new or empty folder, e.g. build/report."
        )


def _staging_folder(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-{os.getpid()}-", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    stage.chmod(0o777 & ~umask)  # mkdtemp's folder is private; the report is as readable as any folder made
    return stage


def _alive(pid: int) -> bool:
    if os.name != "posix":  # no harmless probe of another process here: keep its folder
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by another user
        return True
    return True


def _leftovers(out: Path, kind: str) -> list[tuple[Path, int]]:
    """Hidden folders of earlier runs into ``out`` (``kind``: partial or old) with the pid that made them."""
    found = []
    for p in out.parent.glob(f".{glob.escape(out.name)}.{kind}-*"):
        m = re.match(rf"^\.{re.escape(out.name)}\.{kind}-(\d+)-", p.name)
        if m and p.is_dir():
            found.append((p, int(m.group(1))))
    return found


def _recover(out: Path) -> None:
    """Tidy up after runs that were killed: a report moved aside but not replaced is put back; the
    half-built folders of runs that no longer run are removed."""
    for old, pid in _leftovers(out, "old"):
        if _alive(pid):
            continue
        if not out.exists():
            os.rename(old, out)
            log.warning("%s: restored the previous report (a run was killed while replacing it)", out)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for partial, pid in _leftovers(out, "partial"):
        if not _alive(pid):
            shutil.rmtree(partial, ignore_errors=True)
            log.info("removed %s, left by a run that was killed", partial.name)


def _swap_in(stage: Path, out: Path) -> None:
    """Put the complete report ``stage`` in place of ``out``: two renames, the old report removed last."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
        old.rmdir()
        os.rename(out, old)
        os.rename(stage, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(stage, out)


# -- copies of the notebooks for editing ---------------------------------------------------------------------


def copy_notebooks(folder: str | Path, force: bool = False, notebooks: str | Path | None = None) -> list[Path]:
    """Copy the report's notebooks (and the seeds, their default corpus) into ``folder`` for editing.

    ``folder`` gets every ``NN-name.ipynb`` of ``notebooks`` (default: nqp's own) and ``seeds/``; in the
    copies the default ``corpus`` names that ``seeds`` folder, so a copy opened in JupyterLab runs as it is.
    Render the edited copies with ``nqp report --notebooks FOLDER``. Refuses to overwrite a file
    unless ``force``. Returns the paths written (notebooks, then the seeds folder).
    """
    import nbformat

    from .io import check_output

    dest = check_output(folder, name="folder", kind="folder")
    sources = list_notebooks(notebooks)
    seeds = seeds_dir()
    targets = [dest / p.name for p in sources] + ([dest / "seeds"] if seeds is not None else [])
    there = [t.name for t in targets if t.exists()]
    if there and not force:
        raise NqpValueError(f"folder={str(dest)!r}: {', '.join(there)} already there; add --force to overwrite them, "
                            "or choose another folder.")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        nb = _read(source)
        if seeds is not None:
            _point_corpus_at(nb, source, seeds, "seeds")
        nbformat.write(nb, dest / source.name)
        written.append(dest / source.name)
    if seeds is not None:
        shutil.copytree(seeds, dest / "seeds", dirs_exist_ok=True)
        written.append(dest / "seeds")
    return written


def _point_corpus_at(nb, source: Path, seeds: Path, new: str) -> None:
    """In the parameters cell, a default ``corpus`` that names the seeds (relative to ``source``'s folder)
    becomes ``new``; nothing else of the notebook changes."""
    cell = _parameters_cell(nb, source.name)
    lines = cell.source.splitlines(keepends=True)
    for node in ast.parse(cell.source).body:
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "corpus" for t in node.targets)):
            continue
        value = node.value
        if not (isinstance(value, ast.Constant) and isinstance(value.value, str) and value.lineno == value.end_lineno):
            continue
        if (source.parent / value.value).resolve() != seeds.resolve():
            continue
        line = lines[value.lineno - 1]
        start, end = _char_offsets(line, value.col_offset, value.end_col_offset)
        lines[value.lineno - 1] = line[:start] + json.dumps(new) + line[end:]
    cell.source = "".join(lines)


def _char_offsets(line: str, *byte_offsets: int) -> list[int]:
    """ast's column offsets count UTF-8 bytes; the string's offsets count characters."""
    data = line.encode("utf-8")
    return [len(data[:b].decode("utf-8")) for b in byte_offsets]
