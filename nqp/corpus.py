"""Loading: a folder of text files or a table becomes a corpus DataFrame.

The corpus has one row per source document and keeps the decoded text untouched; every later stage
works from it. See :func:`load_corpus` for the schema.

The steps of :func:`load_corpus` are public building blocks for the streaming path
(:func:`nqp.corpus_to_parquet` runs them partition by partition, so its rows are the same):
:func:`check_corpus_path`, :func:`corpus_files`, :func:`read_metadata`, :func:`read_files` (text files),
:func:`table_doc_ids` and :func:`table_rows` (table rows), and :func:`finish_corpus` (ids, dates,
script, titles, column order). They are not in ``__all__``: import them from ``nqp.corpus``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import logging
import os
import re
import unicodedata
import warnings
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from . import schema as S
from .dates import date_bounds, parse_date
from .errors import CorpusError, NqpTypeError, NqpValueError
from .script import detect_script, to_simplified
from .text import LINE_BREAK

log = logging.getLogger(__name__)

__all__ = ["corpus_hash", "corpus_layout", "corpus_summary", "decode_bytes", "load_corpus", "metadata_from_paths"]

#: the file types of a corpus folder, by how their text is read: decoded as it is; extracted from HTML
#: (beautifulsoup4), from Word (python-docx), from PDF (pypdf), from OpenDocument text (odfpy), from RTF (striprtf)
TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
DOCX_SUFFIXES = (".docx",)
PDF_SUFFIXES = (".pdf",)
ODT_SUFFIXES = (".odt",)
RTF_SUFFIXES = (".rtf",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + DOCX_SUFFIXES + PDF_SUFFIXES + ODT_SUFFIXES + RTF_SUFFIXES
#: document types people have that no well-kept pure-Python library reads, and how to make them readable
CONVERT_REMEDIES = {
    ".doc": "Word 97-2003 .doc files cannot be read: open them in Word, WPS Office or LibreOffice and save them as "
            ".docx (or convert a folder at once: soffice --headless --convert-to docx *.doc)",
    ".wps": "WPS Writer .wps files cannot be read: open them in WPS Office and save them as .docx",
    ".pages": "Apple Pages files cannot be read: export them from Pages as Word (.docx)",
    ".xls": "Excel 97-2003 .xls workbooks cannot be read: open the file in Excel, WPS Office or LibreOffice and save it "
            "as .xlsx (or as CSV UTF-8)",
    ".et": "WPS Spreadsheets .et workbooks cannot be read: open the file in WPS Office and save it as .xlsx",
}
#: Excel workbooks read as tables (openpyxl); the old binary .xls is refused with a remedy (CONVERT_REMEDIES)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet", ".pq") + EXCEL_SUFFIXES
#: tables that hold typed cells, not encoded text: no encoding to detect
BINARY_TABLE_SUFFIXES = (".parquet", ".pq") + EXCEL_SUFFIXES
#: the most characters Excel keeps in a cell: a text of this length was probably cut by Excel
EXCEL_CELL_LIMIT = 32767
#: the columns a workbook's rows carry, where each came from: its sheet and its row number in the sheet (as
#: Excel numbers them, the header row 1), so that every document traces back to its cell
EXCEL_PLACE = ("excel_sheet", "excel_row")
METADATA_FILE = "metadata.csv"  # found without case: Metadata.csv, METADATA.CSV
#: the columns of metadata.csv the loader reads (names matched case-insensitively, spaces stripped)
METADATA_READ = ("file", S.DOC_ID, S.OUTLET, S.DATE, S.DATE_PRECISION, S.TITLE, S.SCRIPT)
#: names the loader never reads from a folder: hidden files and folders, Office lock files
NOT_READ_PREFIXES = (".", "~$")
_SUFFIX_LIST = ", ".join(DOCUMENT_SUFFIXES)

# Legacy encodings Chinese text really comes in; charset-normalizer chooses among them when a file is
# not valid UTF-8 and carries no byte-order mark.
CHINESE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "cp950", "gbk", "gb2312", "utf_16"]
#: encodings a file may be in that is none of those, named in the error (never used to decode): Western European
#: Windows text, UTF-16 without a byte-order mark, Japanese and Korean
OTHER_ENCODINGS = ["cp1252", "utf_16_le", "utf_16_be", "shift_jis", "euc_kr"]
#: charset-normalizer's "chaos" (mess ratio) above which a decoding is not trusted
MAX_CHAOS = 0.15

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


# ---------------------------------------------------------------------------------------------
# decoding


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode the bytes of a Chinese text file; return ``(text, encoding)``.

    Byte-order marks are trusted (UTF-8, UTF-16, UTF-32); otherwise strict UTF-8 is tried, then
    charset-normalizer chooses among GB18030/GBK, Big5 and UTF-16. A BOM is not part of the text.
    Raises :class:`CorpusError` naming ``name`` for empty, binary or undecodable input.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason} "
                    f"at byte {exc.start}). Re-save the file as UTF-8."
                ) from None
            return _check_text(text.lstrip("\ufeff"), name), enc
    if b"\x00" in data:
        raise CorpusError(
            f"{name}: contains NUL bytes and no UTF-16 byte-order mark, so it looks like a binary file, "
            "not text. Remove it from the corpus folder, or re-save it as UTF-8 text."
        )
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None or best.chaos > MAX_CHAOS:
        found = "nothing" if best is None else f"{best.encoding} with mess ratio {best.chaos:.2f}"
        raise CorpusError(
            f"{name}: cannot be decoded confidently as UTF-8, GB18030/GBK, Big5 or UTF-16 "
            f"(best guess: {found}).{_other_encoding(data)} Re-save it as UTF-8, or pass encoding=... to load_corpus."
        )
    return _check_text(str(best), name), best.encoding


def _other_encoding(data: bytes) -> str:
    """A sentence naming the encoding (not a Chinese one) that charset-normalizer finds for ``data``, if any: a
    Windows-1252 or Latin-1 file (Western European text) looks like nothing among the Chinese encodings."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 1 << 16], cp_isolation=OTHER_ENCODINGS).best()
    if best is None or best.chaos > MAX_CHAOS or best.encoding in CHINESE_ENCODINGS:
        return ""
    return f" It reads as {best.encoding}: if that is right, pass encoding={best.encoding!r}."


class _EmptyText(CorpusError):
    """A document with no text (:func:`read_files` adds the metadata row the user must delete with it)."""


def _check_text(text: str, name: str, after: str = "") -> str:
    if not text.strip():
        raise _EmptyText(f"{name}: is empty or holds only whitespace{after}. Remove it or give it its text.")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f\v")
    if controls > max(3, 0.01 * len(text)):
        raise CorpusError(
            f"{name}: {controls} control characters in {len(text)}; this looks like a binary file, "
            "not text. Remove it from the corpus."
        )
    return text


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """``(text, encoding)``: a byte-order mark or valid UTF-8 as :func:`decode_bytes` reads them; else ``encoding``
    when given (strict), else :func:`decode_bytes`'s detection. So ``encoding=`` for the legacy files of a folder
    leaves its UTF-8 files as they are, as for tables."""
    if not encoding or any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_bytes(data, name)
    try:
        return _check_text(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _check_text(data.decode(encoding), name), encoding
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{name}: cannot be decoded as {encoding!r} ({exc.reason} at byte {exc.start}). "
            "Pass the encoding it was saved in, or leave encoding=None to detect it."
        ) from None


# ---------------------------------------------------------------------------------------------
# documents: text, HTML, Word, PDF

#: HTML elements that stand on lines of their own; their text never runs into the text around them
_HTML_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li main menu nav ol p pre section summary "
    "table tbody tfoot thead tr ul".split()
)
#: HTML elements whose content is not text of the document
_HTML_DROPPED = ("script", "style", "noscript", "template", "title", "svg", "math", "object", "iframe", "head")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


#: the page furniture of a web page, around its article: elements of these names (a ``header`` only outside an
#: ``article`` or ``main``), of these ARIA roles, or whose class or id holds one of these words (the class
#: ``site-nav``, ``breadcrumb``, ``share-bar``, ``related``, ``footer`` ...): the site's menus, breadcrumbs,
#: share buttons, related links, comments and footers, which repeat on every page and are no part of the article
_HTML_FURNITURE = ("nav", "footer", "aside", "form", "button", "menu")
_HTML_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_HTML_FURNITURE_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navigation|menu|header|topbar|footer|foot|breadcrumbs?|crumbs?|share|sharing|"
    r"social|related|recommend|hot|sidebar|side|comments?|copyright|login|toolbar|ad|ads|advert)(?:$|[-_\s\d])",
    re.I,
)


def _furniture(tag, body_chars: int) -> bool:
    """Is ``tag`` page furniture (see :data:`_HTML_FURNITURE`)? An element that holds the page's ``h1``, or
    half of its paragraphs' text, is not, whatever its class says (``<div class="article-header">``)."""
    name = tag.name
    if name in _HTML_FURNITURE:
        return True
    if name == "header" and tag.find_parent(["article", "main"]) is None:
        return tag.find("h1") is None
    if (tag.get("role") or "").lower() in _HTML_FURNITURE_ROLES:
        return True
    words = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
    if not words or not _HTML_FURNITURE_WORDS.search(words):
        return False
    if tag.find("h1") is not None:
        return False
    own = sum(len(p.get_text()) for p in tag.find_all("p"))
    return own * 2 < body_chars or body_chars == 0


def html_text(markup: str) -> str:
    """The text of an HTML document as a reader sees it, parsed by beautifulsoup4 (Python's ``html.parser``).

    Block elements (paragraphs, headings, list items, table rows, ``div`` ...) and ``<br>`` become
    line breaks, table cells are separated by a tab; whitespace inside a line collapses to one space as
    a browser shows it (kept as it is in ``<pre>``); ``script``, ``style``, ``noscript``, ``template``,
    ``head`` (with the ``title``), ``svg``, ``math``, ``object``, ``iframe`` and comments are dropped;
    entities are decoded. Lines are stripped (also in ``<pre>``) and empty lines dropped. The page furniture
    around the article is dropped too (:func:`_furniture`): ``nav``, ``footer``, ``aside``, forms, a page-level
    ``header`` without the ``h1``, elements of the roles navigation, banner, contentinfo, complementary, and
    elements whose class or id names a menu, breadcrumb, share bar, related links, comments or footer; the
    headline (``h1``) and the paragraphs of the article stay.
    """
    from bs4 import BeautifulSoup, NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup.find_all(_HTML_DROPPED):
        tag.decompose()
    body_chars = sum(len(p.get_text()) for p in soup.find_all("p"))
    for tag in soup.find_all(True):
        if getattr(tag, "decomposed", False):  # inside furniture dropped already
            continue
        if tag.parent is not None and _furniture(tag, body_chars):
            tag.decompose()
    for node in list(soup.find_all(string=True)):
        if type(node) is NavigableString and node.find_parent("pre") is None:
            node.replace_with(_HTML_SPACE.sub(" ", str(node)))
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_before("\t")
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = "".join(s for s in soup.find_all(string=True) if type(s) is NavigableString)
    lines = (line.strip(" \t") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _decode_html(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """HTML bytes decoded: ``encoding`` when given; else a BOM, strict UTF-8, the charset the document
    declares (``<meta charset>``) when it decodes strictly, else :func:`decode_bytes`'s detection."""
    if not encoding and not any(data.startswith(bom) for bom, _ in _BOMS):
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
        m = _HTML_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            try:
                codecs.lookup(declared)
                return data.decode(declared), declared
            except (LookupError, UnicodeDecodeError):
                pass
    return _decode(data, name, encoding)


def _docx_text(path: Path, name: str) -> str:
    """The body text of a Word ``.docx`` file (python-docx): paragraphs and tables in document order,
    a table row as one line with its cells separated by a tab (a merged cell once)."""
    try:
        import docx
        from docx.table import Table
    except ImportError:
        raise CorpusError(
            f"{name}: reading Word files needs python-docx, which is not installed. "
            "Run pip install python-docx, or save the file as UTF-8 text."
        ) from None
    try:
        document = docx.Document(str(path))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells, seen = [], set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:  # a merged cell is returned once per grid column
                            seen.add(id(cell._tc))
                            cells.append(cell.text)
                    lines.append("\t".join(cells))
            else:
                lines.append(block.text)
    except Exception as exc:  # noqa: BLE001 - a damaged or mislabelled file: one clear message
        raise CorpusError(
            f"{name}: cannot be read as a Word .docx file ({type(exc).__name__}: {exc}). "
            "Open it in Word and save it again as .docx (an old .doc must be converted), or save it as UTF-8 text."
        ) from None
    return "\n".join(lines)


def _pdf_text(path: Path, name: str) -> str:
    """The text layer of a PDF (pypdf), page after page, one line break between pages."""
    try:
        from pypdf import PdfReader
    except ImportError:
        raise CorpusError(
            f"{name}: reading PDF files needs pypdf, which is not installed. Run pip install pypdf, "
            "or save the text as UTF-8 .txt."
        ) from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CorpusError(
                f"{name}: the PDF is encrypted with a password. Save an unprotected copy, or its text as UTF-8 .txt."
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except CorpusError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file: one clear message
        raise CorpusError(
            f"{name}: cannot be read as a PDF ({type(exc).__name__}: {exc}). "
            "Check that the file is a complete PDF, or save its text as UTF-8 .txt."
        ) from None
    text = "\n".join(p.strip("\n") for p in pages)
    if not text.strip():
        raise CorpusError(
            f"{name}: the PDF has no text layer ({len(pages)} page(s) without text: a scan?). "
            "Run OCR on it first (for example ocrmypdf), or supply its text as UTF-8 .txt."
        )
    return text


def _odt_text(path: Path, name: str) -> str:
    """The body text of an OpenDocument ``.odt`` file (odfpy): headings and paragraphs in document order (list
    items too), a table row as one line with its cells separated by a tab; whitespace collapsed as ODF says
    (``text:s`` runs of spaces, tabs and line breaks kept); notes, annotations, frames and tracked changes dropped."""
    try:
        from odf.namespaces import DRAWNS, OFFICENS, TABLENS, TEXTNS
        from odf.opendocument import load
    except ImportError:
        raise CorpusError(
            f"{name}: reading OpenDocument files needs odfpy, which is not installed. Run pip install odfpy, "
            "or save the file as .docx or UTF-8 text."
        ) from None
    skipped = {(TEXTNS, "note"), (OFFICENS, "annotation"), (DRAWNS, "frame"), (TEXTNS, "tracked-changes"),
               (OFFICENS, "forms"), (TEXTNS, "sequence-decls"), (TEXTNS, "variable-decls")}
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}

    def inline(node, out):
        for n in node.childNodes:
            if n.nodeType == n.TEXT_NODE:
                out.append(_HTML_SPACE.sub(" ", n.data))
            elif n.qname in skipped:
                continue
            elif n.qname == (TEXTNS, "s"):
                out.append(" " * int(n.getAttrNS(TEXTNS, "c") or 1))
            elif n.qname == (TEXTNS, "tab"):
                out.append("\t")
            elif n.qname == (TEXTNS, "line-break"):
                out.append("\n")
            else:
                inline(n, out)
        return out

    def walk(node, lines):
        for n in node.childNodes:
            if n.nodeType != n.ELEMENT_NODE or n.qname in skipped:
                continue
            if n.qname in blocks:
                lines.append("".join(inline(n, [])).strip(" "))
            elif n.qname == (TABLENS, "table-row"):
                cells = []
                for c in n.childNodes:  # covered cells (merged into another) are not repeated
                    if c.nodeType == c.ELEMENT_NODE and c.qname == (TABLENS, "table-cell"):
                        cells.append("\n".join(walk(c, [])))
                lines.append("\t".join(cells))
            else:
                walk(n, lines)
        return lines

    try:
        document = load(str(path))
        lines = walk(document.text, [])
    except Exception as exc:  # noqa: BLE001 - a damaged or mislabelled file: one clear message
        raise CorpusError(
            f"{name}: cannot be read as an OpenDocument .odt file ({type(exc).__name__}: {exc}). "
            "Open it in LibreOffice and save it again, or save it as .docx or UTF-8 text."
        ) from None
    return "\n".join(lines)


def _rtf_text(data: bytes, name: str, encoding: str | None) -> tuple[str, str]:
    """The text of an RTF file (striprtf) and the encoding of its bytes: ``\\'xx`` escapes in the code page the
    file declares (``\\ansicpg936``: GBK), ``\\uN`` characters; ``\\par`` a line break, table cells separated
    by ``|``; font, colour and style tables, document info, pictures and footnotes dropped."""
    try:
        from striprtf.striprtf import rtf_to_text
    except ImportError:
        raise CorpusError(
            f"{name}: reading RTF files needs striprtf, which is not installed. Run pip install striprtf, "
            "or save the file as .docx or UTF-8 text."
        ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if not data.lstrip().startswith(b"{\\rtf"):
        raise CorpusError(f"{name}: is not an RTF file (it does not start with {{\\rtf). Check the file, or give it "
                          "the suffix of what it holds (.txt for text).")
    try:  # RTF is 7-bit text; an export that wrote raw 8-bit bytes is decoded as a text file is
        markup, enc = data.decode("ascii"), "rtf"
    except UnicodeDecodeError:
        markup, enc = _decode(data, name, encoding)
    try:
        text = rtf_to_text(markup, errors="strict")
    except Exception as exc:  # noqa: BLE001 - a code page Python lacks, a malformed escape: one clear message
        raise CorpusError(
            f"{name}: cannot be read as RTF ({type(exc).__name__}: {exc}). Open it in Word, WPS Office or "
            "LibreOffice and save it as .docx, or save it as UTF-8 text."
        ) from None
    return text.strip("\n"), enc


def refuse_unread(name: str, suffix: str) -> CorpusError:
    """The error for a document file the loader does not read: the conversion that makes it readable, when
    there is one (:data:`CONVERT_REMEDIES`), else the types it reads."""
    if suffix in CONVERT_REMEDIES:
        return CorpusError(f"{name}: {CONVERT_REMEDIES[suffix]}.")
    return CorpusError(f"{name}: the loader does not read {suffix or 'files without a suffix'} files "
                       f"(it reads {_SUFFIX_LIST}). Convert it to one of these, or remove it.")


def read_document(path: Path, name: str | None = None, encoding: str | None = None) -> tuple[str, str, str]:
    """The text of one document file: ``(text, encoding, extraction)``.

    ``.txt``/``.md``: the decoded file, untouched (``extraction`` ``"none"``); ``.html``/``.htm``:
    :func:`html_text` of the decoded markup (``"html"``); ``.docx``: python-docx (``"docx"``, encoding
    ``"docx"``); ``.pdf``: pypdf's text layer (``"pdf"``, encoding ``"pdf"``); ``.odt``: odfpy (``"odt"``,
    encoding ``"odt"``); ``.rtf``: striprtf (``"rtf"``, encoding ``"rtf"``, or the one its raw bytes were
    decoded from). ``.doc``, ``.wps`` and ``.pages`` are refused with the conversion that makes them readable.
    ``name`` names the file in messages; every failure is a :class:`CorpusError` naming it and the remedy.
    """
    name = name or path.name
    suffix = path.suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES:
        raise refuse_unread(name, suffix)
    try:
        if suffix in DOCX_SUFFIXES:
            return _check_text(_docx_text(path, name), name, " once read as a Word document"), "docx", "docx"
        if suffix in PDF_SUFFIXES:
            return _check_text(_pdf_text(path, name), name), "pdf", "pdf"
        if suffix in ODT_SUFFIXES:
            return _check_text(_odt_text(path, name), name, " once read as an OpenDocument file"), "odt", "odt"
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{name}: cannot be read ({exc.strerror or exc}). Check that it exists and that you may read it.") from None
    if suffix in HTML_SUFFIXES:
        markup, enc = _decode_html(data, name, encoding)
        return _check_text(html_text(markup), name, " once its HTML markup is removed"), enc, "html"
    if suffix in RTF_SUFFIXES:
        text, enc = _rtf_text(data, name, encoding)
        return _check_text(text, name, " once its RTF markup is removed"), enc, "rtf"
    text, enc = _decode(data, name, encoding)
    return text, enc, "none"


# ---------------------------------------------------------------------------------------------
# loading


def load_corpus(
    path,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    date_column: str | None = None,
    outlet_column: str | None = None,
    title_column: str | None = None,
    encoding: str | None = None,
    progress=None,
) -> pd.DataFrame:
    """Load a corpus: one row per source document, its text read but otherwise untouched.

    ``path`` is either

    * a folder of documents, read with its subfolders: ``.txt`` and ``.md`` (decoded text), ``.html``/
      ``.htm`` (the text of the page, :func:`html_text`), ``.docx`` (python-docx) and ``.pdf`` (pypdf's
      text layer); every other file, and hidden ones (``.name``, Office's ``~$name``), is named in one
      warning. Symbolic links are followed (to files and folders, inside the folder or not); a link
      that loops back into a folder above it, or points nowhere, is an error naming it. An optional
      ``metadata.csv`` at the top has the columns ``file`` (required: the path relative to the folder,
      ``2024/03/a.txt``), and optionally ``doc_id`` (default: that path without its suffix,
      ``2024/03/a``), ``outlet``, ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), ``date_precision``
      (``year``/``month``/``day``; inferred from the date when absent), ``title``, ``script`` (the
      script you expect; compared with the detected one) and any other columns, carried as they are.
      Header names are matched without case and surrounding spaces;
    * a single document file of those types;
    * a single table, ``.csv``, ``.jsonl``, ``.parquet`` or Excel ``.xlsx`` (every sheet, one table:
      :func:`_excel_records`), with a text column (``text_column``) and
      any metadata columns; a ``year`` column is a date of year precision; the id comes from
      ``id_column``, ``doc_id`` or ``id``, else a unique ``year``, else the row number; a column
      named ``source`` is kept as ``origin``.

    ``date_column``, ``outlet_column``, ``title_column``: the column read as the ``date``, ``outlet`` or
    ``title`` when it has another name (``pubdate``, ``来源``, ``标题``), in a table or in a folder's
    ``metadata.csv``; a name that is not a column is an error naming the columns there are. A table or
    metadata file without a ``date``/``outlet``/``title`` column but with a column of a name exports give it
    (:data:`COLUMN_ALIASES`) whose values look the part is warned about, naming the column and these options.

    Text files, ``metadata.csv`` and CSV/JSONL tables are decoded alike: a byte-order mark, else
    UTF-8, else ``encoding`` when given (so it serves the legacy files of a mixed folder), else detected
    (GB18030/GBK, Big5, UTF-16; a file that reads as none of them is named with the encoding it seems to be
    in, such as Windows-1252). ``metadata.csv`` is found whatever the case of its name. Metadata must not use the names of
    :data:`nqp.schema.RESERVED_METADATA_COLUMNS` (the loader's own columns and those later stages add).
    The text is what the file holds: line breaks stay as they are (a CRLF or lone-CR file keeps them;
    :func:`nqp.clean` reads every convention as one line break).

    Returns a DataFrame sorted by ``doc_id`` with the columns

    ``doc_id`` (str, unique), ``source`` (path relative to the folder, or ``table:row``), ``outlet``,
    ``date`` (normalized string at its own precision), ``date_precision``, ``date_start``/``date_end``
    (the first and last day the date may stand for), ``title`` (from metadata, else the first line),
    ``script`` (detected: simplified / traditional / mixed / unknown), ``encoding`` (the one used to
    decode), ``extraction`` (``none``, ``html``, ``docx`` or ``pdf``: how the text came out of the
    file), ``n_chars``, ``text``; then any further metadata columns.

    Bad input raises :class:`nqp.errors.CorpusError` naming the file and the fix (a wrong argument
    type :class:`nqp.errors.NqpTypeError`); a document without a metadata row is kept and warned about.
    ``progress``: a progress bar over the files of a folder (None: only on a terminal, see :mod:`nqp.progress`).
    """
    if isinstance(path, str) and not Path(path).expanduser().exists():
        from .datasets import dataset_names, load_dataset

        if path in dataset_names():  # a bundled corpus by name, as nqp report takes it
            return load_dataset(path)
    p = check_corpus_path(path)
    text_column, id_column, encoding = check_load_arguments(text_column, id_column, encoding)
    columns = check_column_arguments(date_column, outlet_column, title_column)
    if p.is_dir():
        corpus = _load_folder(p, encoding=encoding, progress=progress, columns=columns)
    elif p.suffix.lower() in TABLE_SUFFIXES:
        corpus = _load_table(p, text_column=text_column, id_column=id_column, encoding=encoding, columns=columns)
    elif p.suffix.lower() in DOCUMENT_SUFFIXES:
        _no_columns(columns, f"{p}: a single document file, so")
        corpus = read_files([p], p.parent, None, encoding=encoding)
    elif p.suffix.lower() in CONVERT_REMEDIES:
        raise refuse_unread(str(p), p.suffix.lower())
    else:
        raise CorpusError(
            f"{p}: unsupported file type {p.suffix!r}. Use a folder of documents ({_SUFFIX_LIST}), one such "
            f"file, or a {'/'.join(TABLE_SUFFIXES)} table."
        )
    log.info("loaded %d documents, %d characters from %s", len(corpus), int(corpus[S.N_CHARS].sum()), p.name)
    return corpus


def check_corpus_path(path) -> Path:
    """``path`` as a :class:`~pathlib.Path` (``~`` expanded) when it names an existing file or folder.

    The one check of a corpus path, shared by :func:`load_corpus` and :func:`nqp.corpus_to_parquet`;
    raises :class:`NqpTypeError` for what is not a path, :class:`CorpusError` with the remedy for a
    missing or empty path.
    """
    if path is None or (isinstance(path, str) and path.strip() == ""):
        raise CorpusError("path: no corpus path given. Pass a folder of documents or a .csv/.jsonl/.parquet table.")
    if not isinstance(path, (str, os.PathLike)):
        raise NqpTypeError(
            f"path={path!r}: expected a folder or file path (a str or pathlib.Path), got {type(path).__name__}. "
            "Pass the path of a folder of documents or of a .csv/.jsonl/.parquet table."
        )
    p = Path(path).expanduser()
    if not p.exists() and str(path) == "seeds":  # the name of the seed pages nqp ships, as nqp report takes it
        from .report import seeds_dir

        shipped = seeds_dir()
        if shipped is not None:
            return shipped
    if not p.exists():
        raise CorpusError(
            f"{p}: no such file or folder. Pass a folder of documents (with an optional metadata.csv) "
            "or a .csv/.jsonl/.parquet table; \"seeds\" and \"gov_work_reports\" name the corpora nqp ships."
        )
    return p


def check_load_arguments(text_column, id_column, encoding) -> tuple[str, str | None, str | None]:
    """The ``text_column``, ``id_column`` and ``encoding`` arguments of :func:`load_corpus`, checked."""
    if not isinstance(text_column, str) or not text_column:
        raise NqpTypeError(f"text_column={text_column!r}: expected the name of the text column (a non-empty str).")
    if id_column is not None and (not isinstance(id_column, str) or not id_column):
        raise NqpTypeError(f"id_column={id_column!r}: expected the name of the id column (a str), or None.")
    if encoding is not None:
        if not isinstance(encoding, str):
            raise NqpTypeError(f"encoding={encoding!r}: expected the name of an encoding (a str such as 'gb18030'), or None.")
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise NqpValueError(
                f"encoding={encoding!r}: not an encoding Python knows. Use a name such as 'utf-8', 'gb18030', "
                "'big5' or 'utf-16', or None to detect it."
            ) from None
    return text_column, id_column or None, encoding or None


#: the options of :func:`load_corpus` that name the column read as ``date``, ``outlet`` and ``title``
COLUMN_OPTIONS = {S.DATE: "date_column", S.OUTLET: "outlet_column", S.TITLE: "title_column"}
#: the names exports give those columns (matched without case and surrounding spaces): a table (or a folder's
#: metadata file) without a ``date``/``outlet``/``title`` column but with one of these, holding values that look
#: the part, is warned about, the remedy named (:func:`column_alias_warnings`); it is never read silently
COLUMN_ALIASES = {
    S.DATE: ("pubdate", "pub_date", "publish_date", "publishdate", "publish_time", "publication_date", "published",
             "published_at", "pubtime", "pub_time", "release_date", "time", "datetime", "created_at",
             "日期", "时间", "发布时间", "发布日期", "发表时间", "发表日期", "出版日期", "刊发日期", "刊登日期"),
    S.OUTLET: ("source", "media", "medium", "publisher", "newspaper", "paper", "site", "website",
               "来源", "媒体", "媒体名称", "报纸", "报刊", "刊物", "出处", "信息来源", "发布媒体", "网站"),
    S.TITLE: ("headline", "heading", "标题", "题目", "题名", "篇名", "新闻标题", "文章标题"),
}
#: the names exports give the text column: a table without the text column named, but with one of these
#: holding text, gets an error that names it (the text is never read from a column not asked for)
TEXT_ALIASES = ("content", "body", "article", "fulltext", "full_text", "maintext", "main_text", "news_text",
                "正文", "内容", "全文", "内文", "文章内容", "新闻内容", "新闻正文", "文本", "原文")
#: how many values of an alias column are looked at to decide whether it looks the part (its first ones)
ALIAS_SAMPLE = 1000
#: the longest value an outlet column holds (an outlet is a name: 人民日报, 新华社, 华西都市报·封面新闻)
OUTLET_MAX_CHARS = 40
#: the longest value a title column holds
TITLE_MAX_CHARS = 200


def check_column_arguments(date_column=None, outlet_column=None, title_column=None) -> dict[str, str]:
    """The ``date_column``, ``outlet_column`` and ``title_column`` arguments of :func:`load_corpus`, checked:
    each None or a non-empty str, no column named twice. Returns ``{role: column}`` for those given."""
    given = {}
    for role, value in zip(COLUMN_OPTIONS, (date_column, outlet_column, title_column)):
        option = COLUMN_OPTIONS[role]
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise NqpTypeError(f"{option}={value!r}: expected the name of the column that holds the {role} "
                               f"(a non-empty str), or None to read the column named {role!r}.")
        twice = [COLUMN_OPTIONS[r] for r, c in given.items() if c == value.strip()]
        if twice:
            raise NqpValueError(f"{option}={value!r}: {twice[0]} names that column too; a column is read as one thing. "
                                "Name another column for one of them.")
        given[role] = value.strip()
    return given


def column_renames(columns, where: str, given: dict[str, str], text_column: str | None = None) -> dict[str, str]:
    """The renames ``{column: role}`` that make the columns ``given`` (``{role: column}``, as
    :func:`check_column_arguments` returns) the ``date``, ``outlet`` and ``title`` of the table (or metadata
    file) ``where`` with these ``columns``. A name is matched as it is, else without case when one column
    matches. A :class:`CorpusError` names the columns there are when one is not there, and refuses the text
    column, and a column already named ``date`` (``outlet``, ``title``) beside the one given."""
    columns = [str(c) for c in columns]
    renames = {}
    for role, name in given.items():
        option = COLUMN_OPTIONS[role]
        found = name if name in columns else None
        if found is None:
            folded = [c for c in columns if c.strip().lower() == name.lower()]
            found = folded[0] if len(folded) == 1 else None
        if found is None:
            raise CorpusError(f"{where}: no column {name!r} for {option} (the columns: {', '.join(columns)}). "
                              f"Pass {option}=... naming one of them, or leave it out to read the column {role!r}.")
        if text_column is not None and found == text_column:
            raise CorpusError(f"{where}: {option}={name!r} is the text column. Name the column that holds the {role}.")
        if found == role:
            continue
        if role in columns:
            raise CorpusError(
                f"{where}: has a column {role!r} and {option}={name!r}: which holds the {role}? Leave {option} out "
                f"to read {role!r}, or rename or drop the {role!r} column to read {name!r}."
            )
        renames[found] = role
    return renames


def alias_key(column) -> str:
    """How a column name is matched against :data:`COLUMN_ALIASES` and :data:`TEXT_ALIASES`: without
    surrounding spaces or case, in simplified script (an export from Hong Kong or Taiwan names its columns
    發佈時間, 來源, 標題)."""
    return to_simplified(str(column).strip().lower())


def text_column_hint(columns, texts=None) -> str:
    """A sentence naming the column that looks like the text, for the error of a table without the text
    column asked for: a column of :data:`TEXT_ALIASES`, else (``texts``: ``{column: values}``) the column
    whose values are longest on average, when they are long enough to be articles. Empty when none does."""
    columns = [str(c) for c in columns]
    named = [c for c in columns if alias_key(c) in TEXT_ALIASES]
    if not named and texts:
        lengths = {}
        for column, values in texts.items():
            filled = [v for v in _filled(values) if isinstance(v, str)]
            if filled and len(filled) == len(_filled(values)):
                lengths[column] = sum(len(v) for v in filled) / len(filled)
        best = max(lengths, key=lengths.get, default=None)
        named = [best] if best is not None and lengths[best] > TITLE_MAX_CHARS else []
    if not named:
        return ""
    return f" The column {named[0]!r} looks like the text: pass text_column={named[0]!r}."



def _filled(values) -> list:
    """The first :data:`ALIAS_SAMPLE` values of a column that are not empty (None, NaN, blank)."""
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip()):
            continue
        out.append(v)
        if len(out) >= ALIAS_SAMPLE:
            break
    return out


def _looks_like(role: str, values: list) -> bool:
    """Do these (non-empty) values look like dates (each read by :func:`nqp.dates.parse_date`), outlets (short
    names without ``/ : @``, so not links or addresses, and not all dates) or titles (one line, not a whole text)?"""
    if not values:
        return False
    if role == S.DATE:
        for v in values:
            try:
                parse_date(v)
            except CorpusError:
                return False
        return True
    if not all(isinstance(v, str) and "\n" not in v and "\r" not in v for v in values):
        return False
    if role == S.OUTLET:
        if _looks_like(S.DATE, values):
            return False
        return all(len(v.strip()) <= OUTLET_MAX_CHARS and not any(c in v for c in "/:@") for v in values)
    return all(len(v.strip()) <= TITLE_MAX_CHARS for v in values)


def column_alias_warnings(frame: pd.DataFrame, where: str, *, text_column: str | None = None,
                          folder: bool = False) -> list[str]:
    """Warn about a column the loader does not read but that holds what it reads as ``date``, ``outlet`` or
    ``title``: the table (or metadata file, ``folder``) ``where`` has no column of that name, and one of
    :data:`COLUMN_ALIASES` (``pubdate``, ``来源``, ``标题`` ...) whose values look the part (:func:`_looks_like`,
    on its first :data:`ALIAS_SAMPLE` values). The warning names the file, the column and the remedy: rename it,
    or pass ``date_column=`` (``--date-column`` on the command line) and the like. Returns the messages (one per role at most)."""
    messages = []
    for role, aliases in COLUMN_ALIASES.items():
        if role in frame.columns or (role == S.DATE and "year" in frame.columns):
            continue
        for column in frame.columns:
            if column == text_column or alias_key(column) not in aliases:
                continue
            values = _filled(frame[column])
            if not _looks_like(role, values):
                continue
            option = COLUMN_OPTIONS[role]
            shown = ", ".join(str(v)[:30] for v in values[:2])
            kept = " (a table's 'source' column is kept as 'origin')" if column == S.SOURCE and not folder else ""
            messages.append(
                f"{where}: no {role!r} column, but the column {column!r} holds what looks like the {role} "
                f"({shown}{', ...' if len(values) > 2 else ''}); it is not read as the {role}{kept}. "
                f"Rename the column to {role!r}, or pass {option}={column!r} to load_corpus "
                f"(--{option.replace('_', '-')} {column} on the command line)."
            )
            break
    for message in messages:
        warnings.warn(message, stacklevel=4)  # the caller of load_corpus
    return messages


# -- folders -------------------------------------------------------------------------------------


def file_key(path: Path, folder: Path) -> str:
    """How a file of a corpus folder is named in ``metadata.csv`` and in ``source``: its path relative to
    ``folder`` with ``/`` separators, in Unicode NFC (``2024/03/a.txt``)."""
    try:
        rel = path.relative_to(folder)
    except ValueError:
        rel = Path(path.name)
    return unicodedata.normalize("NFC", rel.as_posix())


def key_doc_id(key: str) -> str:
    """The default ``doc_id`` of a file: its :func:`file_key` without the suffix (``2024/03/a``)."""
    stem, dot, suffix = key.rpartition(".")
    return stem if dot and "/" not in suffix and stem and not stem.endswith("/") else key


def _file_identity(path) -> tuple:
    """What makes two paths one file: device and inode (symbolic and hard links alike), else the real path."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino) if st.st_ino else (os.path.realpath(path),)


def _fold_links(folder: Path, docs: list[tuple[str, Path]]) -> tuple[list[tuple[str, Path]], list[tuple[str, str]]]:
    """``docs`` with each file once, and ``(folded key, kept key)`` for every other path to a file already there.

    The key kept is the file's own path when it lies in the folder (not reached through a link), else the first key.
    """
    by_file: dict[tuple, list[tuple[str, Path]]] = {}
    for key, path in docs:
        by_file.setdefault(_file_identity(path), []).append((key, path))
    real_folder = os.path.realpath(folder)
    kept, folded = [], []
    for group in by_file.values():
        group.sort(key=lambda kp: kp[0])
        own = [kp for kp in group if os.path.realpath(kp[1]) == os.path.join(real_folder, *kp[0].split("/"))]
        keep = (own or group)[0]
        kept.append(keep)
        folded += [(key, keep[0]) for key, _ in group if key != keep[0]]
    return kept, sorted(folded)


def _scan(folder: Path) -> tuple[list[Path], list[str], list[tuple[str, str]]]:
    """The documents of ``folder`` and its subfolders (sorted by key), the keys of everything else, and the
    paths folded because they reach a file already listed (``(folded key, kept key)``, :func:`_fold_links`).

    Follows symbolic links; a link to a folder that contains it (a loop), a link that points nowhere
    with a document's suffix, or a folder that cannot be listed, is a :class:`CorpusError`.
    """
    docs: list[tuple[str, Path]] = []
    others: list[str] = []
    problems: list[str] = []
    stack = [(folder, "", (os.path.realpath(folder),))]
    while stack:
        here, prefix, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError as exc:
            problems.append(f"{prefix or './'}: the folder cannot be listed ({exc.strerror or exc}). "
                            "Check that you may read it, or move it out of the corpus folder.")
            continue
        subfolders = []
        for e in entries:
            key = unicodedata.normalize("NFC", prefix + e.name)
            if not prefix and e.name.lower() == METADATA_FILE and e.is_file():
                continue  # the metadata (metadata_file: one, whatever its case)
            if e.name.startswith(NOT_READ_PREFIXES):
                others.append(key + ("/" if e.is_dir(follow_symlinks=False) else ""))
                continue
            try:
                is_dir, is_file = e.is_dir(), e.is_file()
            except OSError as exc:  # a loop of links, for one
                problems.append(f"{key}: cannot be followed ({exc.strerror or exc}). Remove the link or fix its target.")
                continue
            if is_dir:
                real = os.path.realpath(e.path)
                if real in ancestors:
                    problems.append(f"{key}: a symbolic link to {real}, a folder that contains it, so reading it "
                                    "would never end. Remove the link, or point it outside the corpus folder.")
                    continue
                subfolders.append((Path(e.path), key + "/", ancestors + (real,)))
            elif is_file and e.name.lower().endswith(DOCUMENT_SUFFIXES):
                docs.append((key, Path(e.path)))
            elif e.is_symlink() and not is_file and e.name.lower().endswith(DOCUMENT_SUFFIXES):
                problems.append(f"{key}: a symbolic link to {os.readlink(e.path)}, which does not exist. "
                                "Remove the link or restore its target.")
            else:
                others.append(key)
        stack.extend(reversed(subfolders))
    if problems:
        raise CorpusError(f"cannot read the corpus folder {folder}:\n  " + "\n  ".join(problems))
    docs, folded = _fold_links(folder, docs)
    docs.sort(key=lambda kp: kp[0])
    return [p for _, p in docs], sorted(others), folded


def _listing(keys: list[str], limit: int = 5) -> str:
    return ", ".join(keys[:limit]) + (", ..." if len(keys) > limit else "")


def corpus_files(folder: Path, *, warn: bool = True) -> list[Path]:
    """The documents of a corpus folder and its subfolders, sorted by :func:`file_key`; each file once.

    Every other file (and hidden ones) is named in one warning with their count, with the conversion
    that makes a ``.doc``, ``.wps`` or ``.pages`` file readable (:data:`CONVERT_REMEDIES`); a path that
    reaches a file already listed (a symbolic or hard link to it, or a file inside a linked folder) is
    folded into it, named in another warning (``warn``). :class:`CorpusError` when there is no document.
    """
    files, others, folded = _scan(folder)
    if not files:
        raise CorpusError(
            f"{folder}: no documents in this folder or its subfolders ({_SUFFIX_LIST}; found: "
            f"{_listing(others) or 'nothing'}). "
            + "".join(f"{CONVERT_REMEDIES[x]}. " for x in _convertible(others))
            + "Put one file per document there, or pass a .csv/.jsonl/.parquet table."
        )
    if others and warn:
        remedies = [f"{CONVERT_REMEDIES[x]} ({_listing(keys, 3)})." for x, keys in _convertible(others).items()]
        nested = [k for k in others if k.rsplit("/", 1)[-1].lower() == METADATA_FILE]
        if nested:
            remedies.append(f"Only the {METADATA_FILE} at the top of the folder is read ({_listing(nested, 3)} "
                            "not): move their rows into it, the file paths relative to the top.")
        warnings.warn(
            f"{folder}: {len(others)} file(s) not read ({_listing(others)}): "
            f"the loader reads {_SUFFIX_LIST} files and skips hidden ones. "
            + "".join(r + " " for r in remedies)
            + "Convert the ones you need, or move them out of the folder.",
            stacklevel=4,  # the caller of load_corpus / corpus_to_parquet
        )
    if folded and warn:
        warnings.warn(
            f"{folder}: {len(folded)} path(s) reach a file already loaded under another name, so each file is loaded "
            f"once: {_listing([f'{a} (the same file as {b})' for a, b in folded])}. Remove the links, or copy the file "
            "if you mean two documents.",
            stacklevel=4,
        )
    return files


def _convertible(keys: list[str]) -> dict[str, list[str]]:
    """The keys of :data:`CONVERT_REMEDIES` types among ``keys``, by suffix (hidden and lock files left out)."""
    out: dict[str, list[str]] = {}
    for k in keys:
        name = k.rsplit("/", 1)[-1]
        suffix = os.path.splitext(name)[1].lower()
        if suffix in CONVERT_REMEDIES and not name.startswith(NOT_READ_PREFIXES):
            out.setdefault(suffix, []).append(k)
    return out


def metadata_file(folder: Path) -> Path | None:
    """The ``metadata.csv`` of a corpus folder, its name matched without case (``Metadata.csv`` as Excel may save
    it); None when there is none; a :class:`CorpusError` when two names differ only in case."""
    try:
        found = sorted(e.name for e in os.scandir(folder) if e.name.lower() == METADATA_FILE and e.is_file())
    except OSError:
        return None
    if len(found) > 1:
        raise CorpusError(f"{folder}: {' and '.join(found)} are both the corpus metadata. Keep one of them.")
    return folder / found[0] if found else None


def _load_folder(folder: Path, encoding: str | None, progress=None, columns: dict | None = None) -> pd.DataFrame:
    files = corpus_files(folder)
    meta_path = metadata_file(folder)
    if meta_path is None:
        _no_columns(columns, f"{folder}: the folder has no {METADATA_FILE}, so")
    meta = read_metadata(meta_path, files, encoding=encoding, columns=columns) if meta_path is not None else None
    _layout_hint(folder, files, meta)
    return read_files(files, folder, meta, encoding=encoding, progress=progress)


# -- metadata from the folder's own layout -------------------------------------------------------

#: a date in a file's path: a day (2024-03-05, 2024_03_05, 2024.3.5, 2024年3月5日, 20240305, 2024/03/05/ as
#: folders), else a month (2024-03, 2024年3月, 2024/03/ as folders, the compact 202403 starting a file or folder
#: name: 202403_a.txt, not 2024031 nor 202413), else a year standing as a folder (2024/)
_PATH_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:([-_./])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])"
                       r"|年(0?[1-9]|1[0-2])月(0?[1-9]|[12]\d|3[01])日|(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01]))(?!\d)")
_PATH_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_./](0?[1-9]|1[0-2])|年(0?[1-9]|1[0-2])月?)(?![\d])"
                         r"|(?:^|/)((?:19|20)\d{2})(0[1-9]|1[0-2])(?!\d)")
_PATH_YEAR = re.compile(r"(?:^|/)((?:19|20)\d{2})年?/")
#: the share of a folder's files whose paths must hold a date for the loader to suggest reading them
PATH_DATE_SHARE = 0.9


def date_in_path(key: str) -> str | None:
    """The date a file's path (its :func:`file_key`, ``2024/03/05/a.txt`` or ``人民日报/2024-03-05_a.txt``)
    holds: the first day in it, else the first month, else a year standing as a folder; as ``YYYY-MM-DD``,
    ``YYYY-MM`` or ``YYYY``. None when it holds none (digits running on, as in an id, are no date)."""
    m = _PATH_DAY.search(key)
    if m:
        y, parts = m.group(1), [g for g in m.groups()[1:] if g is not None and g not in "-_./"]
        month, day = (int(parts[0]), int(parts[1]))
        try:
            pd.Timestamp(int(y), month, day)
        except ValueError:
            return None  # 2024-02-30: a day that does not exist is no date (not read as its month)
        return f"{y}-{month:02d}-{day:02d}"
    m = _PATH_MONTH.search(key)
    if m:
        year, month = m.group(1) or m.group(4), int(m.group(2) or m.group(3) or m.group(5))
        return f"{year}-{month:02d}"
    m = _PATH_YEAR.search(key)
    return m.group(1) if m else None


#: a plain-text file at most this large is read to see whether it holds only whitespace
_EMPTY_CHECK_BYTES = 4096


def _looks_empty(path: Path) -> bool:
    """A file of no bytes, or a .txt/.md file of at most :data:`_EMPTY_CHECK_BYTES` of whitespace only (a
    byte-order mark aside): a document :func:`read_document` refuses, found without reading larger files."""
    try:
        size = path.stat().st_size
        if size == 0:
            return True
        if size > _EMPTY_CHECK_BYTES or path.suffix.lower() not in (".txt", ".md"):
            return False
        data = path.read_bytes()
    except OSError:
        return False
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return not data.decode(enc, errors="replace").lstrip("\ufeff").strip()
    try:
        return not data.decode("utf-8").strip()
    except UnicodeDecodeError:
        return not data.strip()


def named_first(names: list[str], what: str, top: int = 10) -> str:
    """``3 undated files: a.txt, b.txt, c.txt``: how many, then the first ``top`` names and how many more."""
    more = f" and {len(names) - top:,} more" if len(names) > top else ""
    return f"{len(names):,} {what}{'s' if len(names) != 1 else ''}: {', '.join(names[:top])}{more}"


def outlet_in_path(key: str) -> str | None:
    """The first folder of a file's path (``人民日报/2024-03-05_a.txt`` → ``人民日报``); None for a file at the top."""
    return key.split("/", 1)[0] if "/" in key else None


def metadata_from_paths(folder, *, outlet_from: str | None = "folder", date_from: str | None = "path") -> pd.DataFrame:
    """A ``metadata.csv`` table for a corpus folder whose layout holds the outlets and dates: ``file`` (each
    document's path, as :func:`load_corpus` names it), ``outlet`` when ``outlet_from="folder"`` (the first
    folder of its path, :func:`outlet_in_path`), ``date`` when ``date_from="path"`` (:func:`date_in_path`).
    A file the layout gives no value for has an empty cell. Write it beside the documents
    (``nqp metadata FOLDER`` does, after a look at it) and :func:`load_corpus` reads it; edit it first where
    the layout misleads.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: not a folder. metadata_from_paths reads the layout of a corpus folder.")
    if outlet_from not in (None, "folder"):
        raise NqpValueError(f"outlet_from={outlet_from!r}: expected 'folder' (the first folder of each path) or None.")
    if date_from not in (None, "path"):
        raise NqpValueError(f"date_from={date_from!r}: expected 'path' (a date in each file's path) or None.")
    if outlet_from is None and date_from is None:
        raise NqpValueError("outlet_from=None and date_from=None: nothing to read from the paths; give one of them.")
    files = corpus_files(folder)
    keys = [file_key(f, folder) for f in files]
    empty = [k for f, k in zip(files, keys) if _looks_empty(f)]
    if empty:
        warnings.warn(
            f"{folder}: {named_first(empty, 'empty file')} (no text, or only whitespace); the loader refuses "
            + ("it. The table has its row: delete the file and its row, or give the file its text." if len(empty) == 1
               else "them. The table has their rows: delete each file and its row, or give the file its text."),
            stacklevel=2,
        )
    table = pd.DataFrame({"file": keys})
    if outlet_from:
        table[S.OUTLET] = [outlet_in_path(k) for k in keys]
    if date_from:
        table[S.DATE] = [date_in_path(k) for k in keys]
    return table


def _layout_hint(folder: Path, files: list[Path], meta: pd.DataFrame | None) -> None:
    """Warn when a folder's layout seems to hold what its metadata does not give: its files in two or more
    top folders (named like outlets) and no outlet; nearly all their paths holding dates and no date."""
    has = set(meta.columns) if meta is not None else set()
    keys = [file_key(f, folder) for f in files]
    tops = sorted({k.split("/", 1)[0] for k in keys if "/" in k})
    found = []
    # folders named by dates (2023/, 2024/) are no outlets
    if S.OUTLET not in has and len(tops) >= 2 and all("/" in k for k in keys) and not any(date_in_path(t + "/") for t in tops):
        found.append(("outlet_from='folder'", f"the files lie in {len(tops)} folders ({', '.join(tops[:3])}"
                                               f"{', ...' if len(tops) > 3 else ''})"))
    if S.DATE not in has and "year" not in has:
        dated = [k for k in keys if date_in_path(k)]
        if keys and len(dated) >= PATH_DATE_SHARE * len(keys):
            found.append(("date_from='path'", f"{len(dated):,} of {len(keys):,} file paths hold a date "
                                              f"({', '.join(dated[:2])}{', ...' if len(dated) > 2 else ''})"))
    if found:
        what = " and ".join(f for _, f in found)
        options = " ".join(f"--{o.split('=')[0].replace('_', '-')} {o.split('=')[1].strip(chr(39))}" for o, _ in found)
        warnings.warn(
            f"{folder}: {what}, but {'no metadata file gives' if meta is None else 'its metadata file does not give'} "
            f"{'outlets or dates' if len(found) == 2 else 'outlets' if found[0][0].startswith('outlet') else 'dates'}: "
            f"they are not read from the paths. If they are what the layout means, `nqp metadata {folder} {options}` "
            f"writes a {METADATA_FILE} from them to check and keep.",
            stacklevel=4,
        )


def _no_columns(columns: dict | None, what: str) -> None:
    """Column options given where there is no table to take the columns from: an error naming them."""
    if columns:
        options = ", ".join(f"{COLUMN_OPTIONS[r]}={c!r}" for r, c in columns.items())
        raise CorpusError(f"{what} there are no columns to read {options} from. Put the dates, outlets and titles "
                          f"in a {METADATA_FILE} beside the documents (a 'file' column naming each), or leave "
                          f"{'that option' if len(columns) == 1 else 'those options'} out.")


# -- tables: decoding and parsing ----------------------------------------------------------------


def table_encoding(path: Path, encoding: str | None = None) -> str:
    """The encoding of a CSV/JSONL table: a byte-order mark; else UTF-8 when the whole file is valid
    UTF-8 (read in blocks); else ``encoding`` when given; else detected from its first megabyte."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        for bom, enc in _BOMS:
            if head.startswith(bom):
                return "utf-8-sig" if enc == "utf-8-sig" else enc
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for block in iter(lambda: fh.read(1 << 20), b""):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
        if encoding:
            return encoding
        fh.seek(0)
        sample = fh.read(1 << 20)
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise CorpusError(
            f"{path}: cannot be decoded confidently as UTF-8, GB18030/GBK, Big5 or UTF-16. "
            "Re-save it as UTF-8, or pass encoding=... naming the one it was saved in."
        )
    return best.encoding


@contextmanager
def _open_text(path: Path, encoding: str):
    """``path`` opened as text in ``encoding``; a decoding error becomes a :class:`CorpusError`."""
    try:
        with open(path, encoding=encoding, newline="") as fh:
            yield fh
    except UnicodeDecodeError as exc:
        raise CorpusError(
            f"{path}: is not valid {encoding} ({exc.reason}). Re-save it as UTF-8, or pass encoding=... "
            "naming the one it was saved in."
        ) from None


@contextmanager
def _csv_field_size():
    """Let a CSV cell hold a whole document (the csv module's default limit is 131,072 characters)."""
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_dialect(first_line: str) -> str:
    """The delimiter: a comma, unless the header has none but has tabs (Excel's Unicode text) or semicolons."""
    if "," not in first_line:
        for d in ("\t", ";"):
            if d in first_line:
                return d
    return ","


def _csv_records(fh, where: str, size: int | None = None):
    """Rows of a CSV file as lists of dicts (``size`` rows at a time; all at once when None): every cell
    a str, empty cells None, header names stripped; blank lines skipped (a row of empty cells is a row). A row with more or fewer
    cells than the header is a :class:`CorpusError` naming its line."""
    first = fh.readline()
    if not first.strip():
        raise CorpusError(f"{where}: the first line is empty; it must be the header (the column names).")
    delimiter = _csv_dialect(first)
    with _csv_field_size():
        reader = csv.reader(io.StringIO(first), delimiter=delimiter)
        header = [h.strip().lstrip("\ufeff").strip() for h in next(reader)]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            raise CorpusError(f"{where}: the header names {', '.join(map(repr, twice))} more than once. "
                              "Give every column its own name.")
        reader = csv.reader(fh, delimiter=delimiter)
        chunk = []
        bad = []
        for row in reader:
            line = reader.line_num + 1
            if not row:  # a blank line
                continue
            if len(row) != len(header):
                bad.append(f"line {line} has {len(row)} fields, the header {len(header)}")
                if len(bad) >= 5:
                    break
                continue
            chunk.append(dict(zip(header, (c if c != "" else None for c in row))))
            if size and len(chunk) >= size and not bad:
                yield header, chunk
                chunk = []
        if bad:
            sep = {",": "a comma", "\t": "a tab", ";": "a semicolon"}[delimiter]
            raise CorpusError(
                f"{where}: {'; '.join(bad)}. Put double quotes around a value that holds {sep} "
                "(\"a, b\"), or add the missing cells, so that each row has one cell per column."
            )
        if chunk or size is None:
            yield header, chunk


def _jsonl_records(fh, where: str, size: int | None = None):
    """Objects of a JSON Lines file (``size`` at a time); a line that is not a JSON object is a
    :class:`CorpusError` naming its line number."""
    chunk = []
    for line_no, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{where}: line {line_no} is not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno}). "
                "Fix or remove that line: each line must be one JSON object."
            ) from None
        if not isinstance(obj, dict):
            raise CorpusError(
                f"{where}: line {line_no} is a JSON {type(obj).__name__}, not an object. "
                'Each line must be one JSON object, such as {"text": "...", "date": "2024-03"}.'
            )
        chunk.append(obj)
        if size and len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk or size is None:
        yield chunk


def _excel_cell(value):
    """An Excel cell as a CSV cell reads: str, or None when empty. A date is written ISO (``2024-03-05``, with
    its time when it has one: ``2024-03-05 14:30:00``), a whole number without ``.0``."""
    import datetime as dt

    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    value = str(value)
    return value if value.strip() else None


def _excel_records(path: Path, size: int | None = None):
    """The rows of an Excel workbook's sheets as ``(header, records)``: the first row of a sheet is its header
    (names stripped), every cell as :func:`_excel_cell` gives it; rows with no value are skipped, and so are
    sheets with no value. Every sheet with data must have the first sheet's header (they are one table); a
    sheet with other columns, a value under no header, a header named twice or a workbook that cannot be
    opened is a :class:`CorpusError` naming the sheet and the remedy. A text at Excel's cell limit is warned about.
    Each record also holds its place, ``excel_sheet`` and ``excel_row`` (:data:`EXCEL_PLACE`), unless the
    workbook has columns of those names."""
    import openpyxl

    where = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike: one clear message
        raise CorpusError(f"{where}: cannot be read as an Excel .xlsx workbook ({type(exc).__name__}: {exc}). "
                          "Open it in Excel, WPS Office or LibreOffice and save it again as .xlsx, or save it as "
                          "CSV UTF-8.") from None
    header = None
    at_limit = []
    yielded = False
    try:
        for sheet in book.worksheets:
            rows = enumerate(sheet.iter_rows(values_only=True), start=1)  # Excel's row numbers
            head = None
            for _, row in rows:  # the header: the first row with a value
                if any(_excel_cell(c) is not None for c in row):
                    head = [_excel_cell(c) for c in row]
                    break
            if head is None:
                continue
            while head and head[-1] is None:
                head.pop()
            named = [h.strip() if h is not None else None for h in head]
            if None in named:
                raise CorpusError(f"{where}: sheet {sheet.title!r} has a column without a name in its first row "
                                  f"(column {named.index(None) + 1}). Name every column, or delete the empty one.")
            twice = sorted({h for h in named if named.count(h) > 1})
            if twice:
                raise CorpusError(f"{where}: sheet {sheet.title!r} names {', '.join(map(repr, twice))} more than once "
                                  "in its first row. Give every column its own name.")
            if header is None:
                header, first = named, sheet.title
                place = [c for c in EXCEL_PLACE if c not in header]
                if len(place) < len(EXCEL_PLACE):  # the workbook's own columns of those names are kept, not the place
                    place = []
            elif named != header:
                raise CorpusError(
                    f"{where}: sheet {sheet.title!r} has other columns ({', '.join(named)}) than sheet {first!r} "
                    f"({', '.join(header)}); nqp reads every sheet of a workbook as one table. Give the sheets the "
                    "same columns, or save each sheet as its own file."
                )
            chunk = []
            for n, row in rows:
                cells = [_excel_cell(c) for c in row]
                if all(c is None for c in cells):
                    continue
                extra = [i for i, c in enumerate(cells[len(header):], start=len(header) + 1) if c is not None]
                if extra:
                    raise CorpusError(f"{where}: sheet {sheet.title!r}, row {n} has a value in column {extra[0]}, "
                                      "which has no name in the first row. Name the column, or delete the value.")
                cells += [None] * (len(header) - len(cells))
                if any(isinstance(c, str) and len(c) >= EXCEL_CELL_LIMIT for c in cells):
                    at_limit.append(f"{sheet.title}:{n}")
                chunk.append({**dict(zip(header, cells)), **dict(zip(place, (sheet.title, n)))})
                if size and len(chunk) >= size:
                    yielded = True
                    yield header + place, chunk
                    chunk = []
            if chunk:
                yielded = True
                yield header + place, chunk
    finally:
        book.close()
    if header is None:
        raise CorpusError(f"{where}: the workbook is empty; its first row must name the columns, "
                          "and each row below hold a document.")
    if not yielded:  # a header and no rows: one empty frame, which the loader refuses as a table without rows
        yield header + place, []
    if at_limit:
        warnings.warn(
            f"{where}: {len(at_limit)} cell(s) hold {EXCEL_CELL_LIMIT:,} characters, the most Excel keeps in a cell "
            f"(sheet:row {', '.join(at_limit[:5])}{', ...' if len(at_limit) > 5 else ''}); their text was probably "
            "cut when the workbook was saved. Export the corpus as CSV or JSON Lines to keep whole texts.",
            stacklevel=4,
        )


def _records_frame(records: list[dict], columns=None) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=columns)


def table_chunks(path: Path, size: int | None = None, *, encoding: str | None = None, columns=None,
                 decoded_as: str | None = None):
    """A CSV/JSONL/Parquet/Excel table as DataFrames of ``size`` rows (one frame when None): the one reader
    of :func:`load_corpus` and :func:`nqp.corpus_to_parquet`. CSV and Excel cells are str (empty ones None,
    :func:`_excel_cell`; every sheet of a workbook is one table, :func:`_excel_records`); a
    ``.json`` file (an array of objects) is read whole. ``decoded_as``: the encoding
    :func:`table_encoding` already found for this file (so a caller that reads it twice scans it once)."""
    suffix = path.suffix.lower()
    where = str(path)
    if suffix in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        try:
            pf = pq.ParquetFile(path)
            if size is None:
                yield pf.read(columns=columns).to_pandas()
                return
            batches = pf.iter_batches(batch_size=size, columns=columns)
            for batch in batches:
                yield batch.to_pandas()
        except Exception as exc:  # noqa: BLE001 - reader errors vary; one clear message
            raise CorpusError(f"{path}: cannot be read as Parquet ({type(exc).__name__}: {exc}).") from None
        return
    if suffix in EXCEL_SUFFIXES:
        chunks = _excel_records(path, size)
        if size is None:  # one frame of every sheet, after the whole workbook was checked
            chunks = list(chunks)
            chunks = [(chunks[0][0], [r for _, records in chunks for r in records])]
        for header, records in chunks:
            frame = _records_frame(records, header)
            yield frame[[c for c in columns if c in frame.columns]] if columns is not None else frame
        return
    enc = decoded_as or table_encoding(path, encoding)
    with _open_text(path, enc) as fh:
        if suffix in (".csv", ".tsv"):  # the delimiter is read from the header line
            header = None
            for header, records in _csv_records(fh, where, size):
                yield _records_frame(records, header)
            if header is None:
                raise CorpusError(f"{path}: the file is empty; it needs a header line and a row per document.")
        elif suffix in (".jsonl", ".ndjson"):
            for records in _jsonl_records(fh, where, size):
                yield _records_frame(records)
        else:
            try:
                data = json.load(fh)
            except json.JSONDecodeError as exc:
                raise CorpusError(
                    f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}). "
                    "Fix the file; it must be an array of objects (or use JSON Lines, one object per line)."
                ) from None
            if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
                yield _records_frame([dict(zip(data, row)) for row in zip(*data.values())], list(data))
            elif isinstance(data, list) and all(isinstance(r, dict) for r in data):
                yield _records_frame(data)
            else:
                raise CorpusError(f"{path}: must hold an array of objects, one per document ([{{\"text\": ...}}, ...]).")


def _normalize_header(columns, where: str, *, known=METADATA_READ) -> dict[str, str]:
    """Column renames: names stripped; a ``known`` one matched without case. Two columns with one name
    and an unnamed column are errors naming them."""
    renames, seen = {}, {}
    for c in columns:
        name = str(c).strip()
        if name.lower() in known:
            name = name.lower()
        if name in seen:
            raise CorpusError(f"{where}: columns {seen[name]!r} and {c!r} are both {name!r}. Keep one of them.")
        seen[name] = c
        renames[c] = name
    return renames


def _check_reserved(columns, where: str, allowed=()) -> None:
    reserved = {c.lower() for c in S.RESERVED_METADATA_COLUMNS} - set(allowed)
    bad = [c for c in columns if str(c).strip().lower() in reserved]
    if bad:
        raise CorpusError(
            f"{where}: column(s) {', '.join(map(repr, bad))} have names nqp writes itself "
            f"(reserved: {', '.join(S.RESERVED_METADATA_COLUMNS)}). Rename them (e.g. {bad[0]!r} -> "
            f"'{str(bad[0]).strip().lower()}_orig'), or drop them if they hold what nqp computes."
        )


# -- metadata ------------------------------------------------------------------------------------


def _normalize_file(value: str) -> str:
    v = unicodedata.normalize("NFC", value.strip().replace("\\", "/"))
    while v.startswith("./"):
        v = v[2:]
    return v


def read_metadata(meta_path: Path, files: list[Path] | None = None, *, encoding: str | None = None,
                  columns: dict[str, str] | None = None) -> pd.DataFrame:
    """The ``metadata.csv`` of a corpus folder, checked against the documents ``files`` (default: the
    folder's, :func:`corpus_files`).

    Decoded like a table (:func:`table_encoding`); header names stripped, the columns the loader
    reads (:data:`METADATA_READ`) matched without case; reserved names refused; a row with one cell
    too many or too few is an error naming its line. ``file`` holds each document's :func:`file_key`
    (``\\`` read as ``/``), once; a row naming a file that does not exist, or one the loader does not
    read, is an error naming it. All cells are strings; empty cells are None.
    ``columns``: ``{role: column}`` (:func:`check_column_arguments`), the columns read as ``date``, ``outlet``,
    ``title`` (:func:`column_renames`); a column that looks like one of them under another name is warned
    about (:func:`column_alias_warnings`).
    """
    folder = meta_path.parent
    where = str(meta_path)
    frames = list(table_chunks(meta_path, None, encoding=encoding))
    meta = frames[0]
    meta = meta.astype(object).where(meta.notna(), None)  # every cell a str, or None when empty
    meta = meta[meta.notna().any(axis=1)].reset_index(drop=True)  # rows of empty cells, as spreadsheets leave them
    meta = meta.rename(columns=_normalize_header(meta.columns, where))
    unnamed = [i + 1 for i, c in enumerate(meta.columns) if c == ""]
    for i in unnamed:
        col = meta.iloc[:, i - 1]
        if col.notna().any():
            raise CorpusError(f"{where}: column {i} has values but no name in the header. Name it.")
    meta = meta.loc[:, [c != "" for c in meta.columns]]
    if columns:
        meta = meta.rename(columns=column_renames(meta.columns, where, columns))
    _check_reserved(meta.columns, where)
    if "file" not in meta.columns:
        raise CorpusError(
            f"{where}: needs a 'file' column naming each document (has: {', '.join(map(str, meta.columns))})."
        )
    if meta["file"].isna().any():
        rows = [str(i + 2) for i in range(len(meta)) if meta["file"].iloc[i] is None][:5]
        raise CorpusError(f"{where}: rows without a file name (data rows {', '.join(rows)}). Fill them or remove them.")
    meta["file"] = [_normalize_file(f) for f in meta["file"]]
    dup = meta["file"][meta["file"].duplicated()].tolist()
    if dup:
        raise CorpusError(f"{where}: files listed twice: {', '.join(dup)}. Keep one row per file.")
    files = corpus_files(folder, warn=False) if files is None else files
    keys = {file_key(f, folder) for f in files}
    lower = {k.lower(): k for k in keys}
    missing, unread, elsewhere = [], [], []
    for f in meta["file"]:
        if f in keys:
            continue
        target = folder / f
        if not target.exists():
            hint = f" (there is {lower[f.lower()]})" if f.lower() in lower else ""
            missing.append(f + hint)
        elif target.is_dir():
            unread.append(f"{f} (a folder)")
        elif not f.lower().endswith(DOCUMENT_SUFFIXES):
            unread.append(f)
        else:
            elsewhere.append(f)
    if missing:
        raise CorpusError(
            f"{where}: rows name files that do not exist: {', '.join(missing)}. "
            "Correct the file names (paths relative to the corpus folder, such as 2024/03/a.txt) or remove those rows."
        )
    if unread:
        raise CorpusError(
            f"{where}: rows name files the loader does not read: {', '.join(unread)}; it reads {_SUFFIX_LIST}. "
            + "".join(f"{CONVERT_REMEDIES[x]}. " for x in _convertible(unread))
            + "Convert them to one of these types, or remove those rows."
        )
    if elsewhere:
        same = _same_file_keys(folder, files, elsewhere)
        if same:
            raise CorpusError(
                f"{where}: rows name paths that reach a file loaded under another name: "
                f"{', '.join(f'{a} (loaded as {b})' for a, b in same)}. Name each file once, by the name it is "
                "loaded under, or copy the file if you mean two documents."
            )
        raise CorpusError(
            f"{where}: rows name files that are not documents of the folder: {', '.join(elsewhere)} (hidden, "
            "or outside the corpus folder). Name files inside the folder by their relative path, or remove those rows."
        )
    column_alias_warnings(meta.drop(columns=["file"]), where, folder=True)
    meta.attrs["path"] = str(meta_path)
    return meta


def _same_file_keys(folder: Path, files: list[Path], names: list[str]) -> list[tuple[str, str]]:
    """``(name, key)`` for each metadata file ``name`` that is another path to the document ``key`` of ``files``."""
    ids = {}
    for f in files:
        try:
            ids[_file_identity(f)] = file_key(f, folder)
        except OSError:
            continue
    out = []
    for name in names:
        try:
            key = ids.get(_file_identity(folder / name))
        except OSError:
            continue
        if key is not None:
            out.append((name, key))
    return out


def read_files(files: list[Path], folder: Path, meta: pd.DataFrame | None, encoding: str | None = None,
               progress=None) -> pd.DataFrame:
    """The corpus rows of some document ``files`` of ``folder``, with their rows of ``meta`` (from :func:`read_metadata`).

    Each file is read by :func:`read_document` and finished by :func:`finish_corpus`: the rows are
    those :func:`load_corpus` gives for the same files. Every file that cannot be read is named in one
    :class:`CorpusError`; a file without a metadata row is warned about.
    """
    from .progress import progress_bar

    by_file = {} if meta is None else {r["file"]: r for r in meta.to_dict("records")}
    rows, problems, unlisted = [], [], []
    for f in progress_bar(files, progress=progress, desc="load", unit="file"):
        key = file_key(f, folder)
        try:
            text, enc, extraction = read_document(f, key, encoding)
        except _EmptyText as exc:
            # the next load must not fail on the row that names the file removed
            problems.append(str(exc).rstrip(".") + (f"; if you remove it, also delete (or correct) its row in "
                                                    f"{_meta_name(folder, meta)}." if key in by_file else "."))
            continue
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        row = dict(by_file.get(key, {}))
        row.pop("file", None)
        if meta is not None and key not in by_file:
            unlisted.append(key)
        given = row.get(S.DOC_ID)
        row[S.DOC_ID] = given if isinstance(given, str) and given.strip() else key_doc_id(key)
        row[S.SOURCE] = key
        row[S.TEXT] = text
        row[S.ENCODING] = enc
        row[S.EXTRACTION] = extraction
        rows.append(row)
    if problems:
        raise CorpusError("cannot load the corpus in " + str(folder) + ":\n  " + "\n  ".join(problems))
    if unlisted:
        warnings.warn(
            f"{_meta_name(folder, meta)}: no row for {', '.join(unlisted[:10])}{', ...' if len(unlisted) > 10 else ''}; "
            "loaded without outlet or date. Add a row per file to metadata.csv.",
            stacklevel=3,
        )
    where = _meta_name(folder, meta) if meta is not None else str(folder)
    frame = pd.DataFrame(rows)
    _check_doc_ids(frame, where)
    return finish_corpus(frame, where=where)


def _meta_name(folder: Path, meta: pd.DataFrame) -> str:
    """The path of the metadata file ``meta`` was read from (:func:`read_metadata` records it)."""
    return str(meta.attrs.get("path") or folder / METADATA_FILE)


def _check_doc_ids(frame: pd.DataFrame, where: str) -> None:
    dup = frame[S.DOC_ID][frame[S.DOC_ID].duplicated(keep=False)]
    if len(dup):
        first = dup.iloc[0]
        sources = frame.loc[frame[S.DOC_ID] == first, S.SOURCE].tolist()
        raise CorpusError(
            f"{where}: duplicate doc_id {first} (from {' and '.join(sources)}). Give every document its own "
            "id: rename a file, or give a doc_id per file in metadata.csv."
        )


# -- tables --------------------------------------------------------------------------------------


def check_table_columns(columns, path: Path, text_column: str, id_column: str | None, texts=None) -> None:
    """The columns of a corpus table, checked: the text column is there, no other column is ``text``,
    no reserved name, ``source`` and ``origin`` not both, the id column there when named. ``texts``
    (``{column: values}``, optional) lets the error of a missing text column name the likeliest one
    (:func:`text_column_hint`)."""
    columns = [str(c) for c in columns]
    if text_column not in columns:
        hint = text_column_hint(columns, texts)
        raise CorpusError(
            f"{path}: no text column {text_column!r} (columns: {', '.join(columns)})."
            + (hint or " Pass text_column=... naming the column that holds the text.")
        )
    if text_column != S.TEXT and S.TEXT in columns:
        raise CorpusError(
            f"{path}: has a column 'text' and text_column={text_column!r}: which holds the text? "
            f"Pass text_column='text', or rename or drop the 'text' column to use {text_column!r}."
        )
    if S.SOURCE in columns and "origin" in columns:
        raise CorpusError(
            f"{path}: has both 'source' and 'origin' columns; a table's 'source' is kept as 'origin'. "
            "Rename one of them."
        )
    _check_reserved([c for c in columns if c != text_column], str(path), allowed=(S.TEXT, S.SOURCE))
    if id_column and id_column not in columns:
        raise CorpusError(f"{path}: no id column {id_column!r}. Columns: {', '.join(columns)}.")


def check_table_texts(texts, path: Path, offset: int = 0) -> None:
    """Each value of a table's text column is a non-empty str; else a :class:`CorpusError` naming the rows."""
    empty, other = [], []
    for i, t in enumerate(texts):
        if isinstance(t, str):
            if not t.strip():
                empty.append(f"{path.name}:{offset + i + 1}")
        elif t is None or (isinstance(t, float) and t != t):
            empty.append(f"{path.name}:{offset + i + 1}")
        else:
            other.append(f"{path.name}:{offset + i + 1} ({type(t).__name__} {t!r:.40})")
    if other:
        raise CorpusError(
            f"{path}: the text in {len(other)} row(s) is not text ({', '.join(other[:5])}). Store the text "
            "as a string (in JSON, in quotes), or pass text_column=... naming the column that holds the text."
        )
    if empty:
        raise CorpusError(
            f"{path}: empty text in {len(empty)} row(s) ({', '.join(empty[:5])}). Remove those rows or fill them."
        )


def _load_table(path: Path, text_column: str, id_column: str | None, encoding: str | None = None,
                columns: dict | None = None) -> pd.DataFrame:
    enc = None if path.suffix.lower() in BINARY_TABLE_SUFFIXES else table_encoding(path, encoding)
    table = next(table_chunks(path, None, decoded_as=enc))
    if table.empty:
        raise CorpusError(f"{path}: the table has no rows.")
    table.columns = [str(c) for c in table.columns]
    if columns:
        table = table.rename(columns=column_renames(table.columns, str(path), columns, text_column=text_column))
    check_table_columns(table.columns, path, text_column, id_column,
                        texts=None if text_column in table.columns else {c: table[c] for c in table.columns})
    column_alias_warnings(table, str(path), text_column=text_column)
    check_table_texts(table[text_column], path)
    renamed = _table_columns(table, text_column)
    id_col = id_column or next((c for c in (S.DOC_ID, "id") if c in renamed.columns), None)
    ids = table_doc_ids(
        path.stem, len(renamed), renamed[id_col] if id_col else None, renamed["year"] if "year" in renamed.columns else None
    )
    return table_rows(table, path, ids, text_column=text_column, encoding=table_encoding_label(path, decoded_as=enc))


def table_encoding_label(path: Path, encoding: str | None = None, *, decoded_as: str | None = None) -> str:
    """The ``encoding`` column of a table's rows: ``parquet``, or the encoding its text was decoded from
    (``decoded_as``: what :func:`table_encoding` found, when the caller has it already)."""
    if path.suffix.lower() in (".parquet", ".pq"):
        return "parquet"
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return "xlsx"
    enc = decoded_as or table_encoding(path, encoding)
    return "utf-8" if enc == "utf-8-sig" else enc


def _table_columns(table: pd.DataFrame, text_column: str) -> pd.DataFrame:
    # a table's own "source" column (where its text came from) is kept as "origin"
    return table.rename(columns={S.SOURCE: "origin"}).rename(columns={text_column: S.TEXT}).reset_index(drop=True)


def table_rows(table: pd.DataFrame, path: Path, ids, *, text_column: str = "text", offset: int = 0,
               encoding: str | None = None) -> pd.DataFrame:
    """Rows of the table at ``path`` (all of them, or a chunk starting at row ``offset``) as corpus rows.

    ``ids``: their ``doc_id`` values (:func:`table_doc_ids` over the whole table). The text column
    becomes ``text``, a ``source`` column ``origin``; ``source`` is ``{file name}:{row number}``; a
    ``year`` column without a ``date`` is a date of year precision; ``encoding`` is the table's
    (:func:`table_encoding_label`; default: computed); then :func:`finish_corpus`. This is what
    :func:`load_corpus` does with a table, and what :func:`nqp.corpus_to_parquet` does chunk by chunk.
    """
    table = _table_columns(table, text_column)
    table[S.DOC_ID] = ids
    table[S.SOURCE] = [f"{path.name}:{offset + i + 1}" for i in range(len(table))]
    if S.DATE not in table.columns and "year" in table.columns:
        table[S.DATE] = table["year"].astype(str)
        table[S.DATE_PRECISION] = "year"
    table[S.ENCODING] = encoding or table_encoding_label(path)
    table[S.EXTRACTION] = "none"
    return finish_corpus(table, where=str(path))


def table_doc_ids(stem: str, n_rows: int, ids=None, year=None) -> list[str]:
    """The ``doc_id`` of each row of a table: its id column, else ``{stem}_{year}`` when the years are
    unique, else ``{stem}_{row number}`` zero-padded."""
    if ids is not None:
        return [str(i) for i in ids]
    if year is not None:
        year = pd.Series(year)
        if year.notna().all() and year.is_unique:
            return [f"{stem}_{y}" for y in year.astype(str)]
    width = len(str(n_rows))
    return [f"{stem}_{i:0{width}d}" for i in range(n_rows)]


def finish_corpus(df: pd.DataFrame, where: str) -> pd.DataFrame:
    """Rows with ``doc_id`` and ``text`` (and any metadata) made into the corpus table of :func:`load_corpus`.

    Checks the ids are unique; parses ``date`` at its ``date_precision`` and adds ``date_start``/
    ``date_end``; detects the ``script`` (a declared one is kept as ``script_declared`` and warned
    about when it disagrees); fills ``title`` from the first text line; adds ``n_chars``; orders the
    columns and sorts by ``doc_id``. ``where`` names the source in error messages.
    """
    dup = df[S.DOC_ID][df[S.DOC_ID].duplicated()].unique().tolist()
    if dup:
        raise CorpusError(f"{where}: duplicate doc_id {', '.join(map(str, dup[:10]))}. Give every document its own id.")
    for col in (S.OUTLET, S.DATE, S.DATE_PRECISION, S.TITLE):
        if col not in df.columns:
            df[col] = None
    if S.EXTRACTION not in df.columns:
        df[S.EXTRACTION] = "none"
    dates, precs, problems = [], [], []
    for doc_id, date, prec in zip(df[S.DOC_ID], df[S.DATE], df[S.DATE_PRECISION]):
        if date is None or (not isinstance(date, str) and pd.isna(date)) or str(date).strip() == "":
            dates.append(None)
            precs.append(None)
            continue
        try:
            d, p = parse_date(date, prec, name=f"{where}, {doc_id}")
        except CorpusError as exc:
            problems.append(str(exc))
            continue
        dates.append(d)
        precs.append(p)
    if problems:
        n = len(problems)
        raise CorpusError(f"{n:,} bad date{'s' if n != 1 else ''} (correct {'them' if n != 1 else 'it'}, or leave a "
                          "date empty to mark its document undated):\n  " + "\n  ".join(problems))
    df[S.DATE] = dates
    df[S.DATE_PRECISION] = precs
    bounds = [date_bounds(d, p) for d, p in zip(dates, precs)]
    # one unit whatever the dates (all missing would be seconds), as a Parquet round trip keeps it
    df[S.DATE_START] = pd.to_datetime([b[0] for b in bounds]).as_unit("us")
    df[S.DATE_END] = pd.to_datetime([b[1] for b in bounds]).as_unit("us")
    _future_dates(df, where)
    if S.SCRIPT in df.columns:
        df = df.rename(columns={S.SCRIPT: S.SCRIPT_DECLARED})
    df[S.SCRIPT] = [detect_script(t) for t in df[S.TEXT]]
    if S.SCRIPT_DECLARED in df.columns:
        for doc_id, declared, found in zip(df[S.DOC_ID], df[S.SCRIPT_DECLARED], df[S.SCRIPT]):
            if declared and declared != found:
                warnings.warn(f"{where}: {doc_id} is declared {declared} but reads as {found}.", stacklevel=4)
    df[S.TITLE] = [
        t if isinstance(t, str) and t.strip() else _first_line(text) for t, text in zip(df[S.TITLE], df[S.TEXT])
    ]
    df[S.N_CHARS] = df[S.TEXT].str.len().astype("int64")
    df[S.DOC_ID] = df[S.DOC_ID].astype(str)
    extra = [c for c in df.columns if c not in S.CORPUS_COLUMNS]
    return df[S.CORPUS_COLUMNS + extra].sort_values(S.DOC_ID, kind="stable").reset_index(drop=True)


def _future_dates(df: pd.DataFrame, where: str, today: pd.Timestamp | None = None) -> list[str]:
    """Warn about documents dated after ``today`` (the day of the run): a date that has not come is a typo,
    a day and month swapped or a clock that was wrong, and it would stretch every timeline to it. A date
    given to the month or year counts from its first day (2026-12 is not in the future in December 2026).
    Returns the message (a list of at most one)."""
    today = pd.Timestamp.now().normalize() if today is None else today
    late = df[S.DATE_START] > today
    if not late.any():
        return []
    rows = df.loc[late, [S.DOC_ID, S.DATE]].sort_values(S.DATE, kind="stable")
    n = len(rows)
    shown = ", ".join(f"{d} ({i})" for i, d in zip(rows[S.DOC_ID].head(5), rows[S.DATE].head(5)))
    message = (f"{where}: {n:,} document{'s are' if n != 1 else ' is'} dated after today ({today:%Y-%m-%d}): "
               f"{shown}{', ...' if n > 5 else ''}. Check these dates in the source (a typo, or day and month "
               "swapped); they are kept as given.")
    warnings.warn(message, stacklevel=5)  # the caller of load_corpus
    return [message]


#: a Markdown image stub, ``![caption](url)``, as page dumps leave them
IMAGE_STUB = r"!\[[^\]]*\]\([^)]*\)"
_MARKUP_LINE = re.compile(rf"^\s*({IMAGE_STUB}|<[^>]+>)\s*$")


#: a salutation opening a speech (各位代表：, 同志们:): no title
_SALUTATION = re.compile(r"^\S.{0,11}[：:]$")


def _first_line(text: str, limit: int = 60) -> str:
    """The first line that is neither markup nor a salutation (the first non-blank line when all are)."""
    fallback = ""
    for line in text.splitlines():
        line = line.strip()
        if line and not _MARKUP_LINE.match(line):
            if not _SALUTATION.match(line):
                return line[:limit]
            fallback = fallback or line[:limit]
    return fallback


def corpus_hash(corpus: pd.DataFrame) -> str:
    """SHA-256 over the ids and texts of a corpus (any row order gives the same hash)."""
    h = hashlib.sha256()
    for doc_id, text in sorted(zip(corpus[S.DOC_ID].astype(str), corpus[S.TEXT])):
        h.update(json.dumps([doc_id, text], ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def corpus_summary(corpus: pd.DataFrame, by: str = S.OUTLET) -> pd.DataFrame:
    """Documents per ``by`` value: ``documents``, ``characters``, ``first``/``last`` date as the sources write
    it (``2021-01`` for a month-dated document: no day is invented) and the precisions present, sorted by
    first date (the start of the earliest period) then name."""
    data = corpus.assign(_key=corpus[by].fillna(f"(no {by})").astype(str))
    dated = data[data[S.DATE_START].notna()]
    # the earliest document's date (by its start) and the latest's (by its end), as written
    first = dated.sort_values([S.DATE_START, S.DATE_END], kind="stable").groupby("_key")[S.DATE].first()
    last = dated.sort_values([S.DATE_END, S.DATE_START], kind="stable").groupby("_key")[S.DATE].last()
    out = (
        data.groupby("_key")
        .agg(
            documents=(S.DOC_ID, "size"),
            characters=(S.N_CHARS, "sum"),
            _start=(S.DATE_START, "min"),
            precision=(S.DATE_PRECISION, lambda s: ", ".join(sorted(set(s.dropna())))),
            script=(S.SCRIPT, lambda s: ", ".join(sorted(set(s.dropna())))),
        )
        .rename_axis(by)
        .reset_index()
    )
    out.insert(3, "first", out[by].map(first))
    out.insert(4, "last", out[by].map(last))
    return out.sort_values(["_start", by], kind="stable").drop(columns="_start").reset_index(drop=True)


def corpus_layout(corpus: pd.DataFrame) -> pd.DataFrame:
    """The raw page layout of each document, before cleaning: one row per document, in corpus order.

    Columns: ``doc_id``; ``lines`` (line breaks + 1, a break of any convention: :data:`nqp.text.LINE_BREAK`);
    ``blank_line_share`` (the share of the text's lines that hold only whitespace); ``image_stubs``
    (Markdown image stubs ``![...](...)``).
    """
    corpus = S.check_columns(corpus, "corpus", "corpus")
    text = corpus[S.TEXT]
    lines = text.str.count(LINE_BREAK.pattern) + 1
    blank = []
    for t in text:
        parts = LINE_BREAK.split(t)
        blank.append(sum(1 for line in parts if not line.strip()) / len(parts))
    out = corpus[[S.DOC_ID]].assign(**{
        S.LINES: lines,
        S.BLANK_LINE_SHARE: pd.Series(blank, index=corpus.index, dtype="float64"),
        S.IMAGE_STUBS: text.str.count(IMAGE_STUB),
    })
    return out[S.LAYOUT_COLUMNS]
