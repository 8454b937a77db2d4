"""load_corpus on inputs as they really arrive: exported folders with subfolders and mixed file types,
spreadsheets' metadata, tables in legacy encodings. Each case asserts the exact outcome: the texts loaded,
or the error naming the file and the remedy."""

from __future__ import annotations

import io
import json
import os
import warnings

import pandas as pd
import pytest

import nqp
from nqp import schema as S
from nqp.errors import CorpusError, NqpTypeError, NqpValueError

A = "以科技创新引领现代化产业体系建设，加快形成新质生产力。"
B = "成都召開推進重點產業鏈高質量發展工作會議，以重點產業鏈建圈強鏈破題。"
C = "建圈强链是成都的产业组织方式。\n第二段：新质生产力。"


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer is ``lines`` (ASCII, Helvetica), byte offsets computed."""
    content = "BT /F1 12 Tf 72 720 Td " + " ".join(f"({line}) Tj 0 -16 Td" for line in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def _blank_pdf(password: str | None = None) -> bytes:
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(200, 200)
    if password:
        w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _docx() -> bytes:
    """A Word file: a heading, a paragraph with a line break, a table with a merged cell."""
    import docx

    d = docx.Document()
    d.add_heading("建圈强链", level=1)
    d.add_paragraph("第一段。").add_run().add_break()
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "年份", "产业链"
    t.cell(1, 0).merge(t.cell(1, 1)).text = "合并"
    d.add_paragraph("表后一段。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _odt() -> bytes:
    """An OpenDocument text: a heading, a paragraph with spaces, a tab, a line break and a footnote, a list,
    a table with a merged cell."""
    from odf.opendocument import OpenDocumentText
    from odf.table import CoveredTableCell, Table, TableCell, TableColumn, TableRow
    from odf.text import H, LineBreak, List, ListItem, Note, NoteBody, NoteCitation, P, S, Tab

    d = OpenDocumentText()
    d.text.addElement(H(outlinelevel=1, text="建圈强链"))
    p = P(text="第一段")
    p.addElement(S(c=2))
    p.addText("两格")
    p.addElement(Tab())
    p.addText("制表")
    p.addElement(LineBreak())
    p.addText("换行。")
    note, body = Note(noteclass="footnote"), NoteBody()
    note.addElement(NoteCitation(text="1"))
    body.addElement(P(text="脚注不是正文"))
    note.addElement(body)
    p.addElement(note)
    d.text.addElement(p)
    items, item = List(), ListItem()
    item.addElement(P(text="列表一"))
    items.addElement(item)
    d.text.addElement(items)
    t = Table(name="t")
    t.addElement(TableColumn(numbercolumnsrepeated=2))
    for cells in (["年份", "产业链"], ["合并", None]):
        row = TableRow()
        for text in cells:
            if text is None:
                row.addElement(CoveredTableCell())
                continue
            cell = TableCell(numbercolumnsspanned=2) if text == "合并" else TableCell()
            cell.addElement(P(text=text))
            row.addElement(cell)
        t.addElement(row)
    d.text.addElement(t)
    d.text.addElement(P(text="表后一段。"))
    buf = io.BytesIO()
    d.write(buf)
    return buf.getvalue()


ODT_TEXT = "建圈强链\n第一段  两格\t制表\n换行。\n列表一\n年份\t产业链\n合并\n表后一段。"
# RTF as Word and WordPad write Chinese: the GBK code page's \'xx escapes, and \uN characters (negative above
# 32767) with a fallback; font, colour and style tables, document info and a footnote that are not text
RTF = (
    r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}{\colortbl;\red0\green0\blue0;}"
    r"{\stylesheet{\s0 Normal;}}{\info{\title x}{\author y}}{\*\generator Msftedit 5.41;}\uc1\pard\f0\fs24 "
    r"\'d6\'d0\'b9\'fa\'d0\'c2\'ce\'c5\par \u24314?\u22280?\u24378?\u-27541?{\footnote \'d7\'a2}\par}"
)
RTF_TEXT = "中国新闻\n建圈强鑫"


HTML = (
    "<!DOCTYPE html><html><head><title>网页标题</title><style>p {color: red}</style></head><body>"
    "<!-- a comment --><h1>建圈强链</h1><p>第一段<b>加粗</b>\n  文字。</p><script>var x = '不是正文';</script>"
    "<div><p>第二&amp;段</p><p>第三段<br>换行</p></div><table><tr><td>年份</td><td>2024</td></tr></table>"
    "<noscript>请启用脚本</noscript><pre>  保留\n  空格</pre></body></html>"
)
HTML_TEXT = "建圈强链\n第一段加粗 文字。\n第二&段\n第三段\n换行\n年份\t2024\n保留\n空格"

# (case, files {relative path: str | bytes}, metadata.csv text or None, expected {doc_id: text} or an error regex)
FOLDER_CASES = [
    ("subfolders are read, the relative path is the doc_id",
     {"top.txt": A, "sub/inner.txt": B, "sub/deeper/deep.txt": C}, None,
     {"sub/deeper/deep": C, "sub/inner": B, "top": A}),
    ("only subfolders (2024/03, 2024/04)", {"2024/03/a.txt": A, "2024/04/b.txt": B}, None,
     {"2024/03/a": A, "2024/04/b": B}),
    ("metadata names sub/b.txt", {"a.txt": A, "sub/b.txt": B}, "file,doc_id,outlet\na.txt,,成都日报\nsub/b.txt,bee,科技日报\n",
     {"a": A, "bee": B}),
    ("metadata names sub\\b.txt (Windows)", {"a.txt": A, "sub/b.txt": B}, "file,outlet\na.txt,x\nsub\\b.txt,y\n",
     {"a": A, "sub/b": B}),
    ("metadata names ./a.txt and spaces around", {"a.txt": A}, "file,outlet\n ./a.txt ,x\n", {"a": A}),
    ("markdown is text", {"notes.md": "# 标题\n\n" + A}, "file,outlet\nnotes.md,x\n", {"notes": "# 标题\n\n" + A}),
    ("html: tags, scripts, styles, comments dropped, blocks as lines", {"page.html": HTML}, None, {"page": HTML_TEXT}),
    ("htm declaring gbk", {"old.htm": f'<html><head><meta charset="gbk"></head><body><p>{A}</p></body></html>'.encode("gbk")},
     None, {"old": A}),
    ("odt: headings, paragraphs, lists and tables in order, spaces and tabs kept, a footnote dropped",
     {"o.odt": _odt()}, None, {"o": ODT_TEXT}),
    ("rtf: the GBK code page and \\u characters, tables and info dropped", {"r.rtf": RTF}, None, {"r": RTF_TEXT}),
    ("rtf with a UTF-8 BOM and raw GBK bytes", {"r.rtf": b"\xef\xbb\xbf{\\rtf1\\ansi " + A.encode("gbk") + b"\\par}"},
     None, {"r": A}),
    ("docx: paragraphs and tables in order, a merged cell once", {"w.docx": _docx()}, None,
     {"w": "建圈强链\n第一段。\n\n年份\t产业链\n合并\n表后一段。"}),
    ("pdf: the text layer", {"p.pdf": _pdf(["Hello PDF", "Second line"])}, None, {"p": "Hello PDF\nSecond line"}),
    ("one line of 3 million characters", {"long.txt": A * 100_000}, None, {"long": A * 100_000}),
    ("lone CR and CRLF text is kept as it is", {"mac.txt": A.replace("，", "\r"), "dos.txt": "一\r\n二\r\n"}, None,
     {"dos": "一\r\n二\r\n", "mac": A.replace("，", "\r")}),
    ("headers matched without case or spaces", {"a.txt": A}, "File, Outlet ,DATE\na.txt,成都日报,2024-03\n", {"a": A}),
    ("a GBK metadata.csv", {"a.txt": A}, "file,outlet\na.txt,成都日报锦观新闻\n".encode("gbk"), {"a": A}),
    ("a UTF-8 metadata.csv with a BOM and CRLF", {"a.txt": A}, "\ufefffile,outlet\r\na.txt,x\r\n", {"a": A}),
    ("rows of empty cells left by a spreadsheet", {"a.txt": A}, "file,outlet\na.txt,x\n,\n,\n", {"a": A}),
    # errors: each names the file or value and the remedy
    ("metadata names a file the loader does not read", {"a.txt": A, "notes.xyz": "x"}, "file\na.txt\nnotes.xyz\n",
     r"metadata\.csv: rows name files the loader does not read: notes\.xyz; it reads \.txt, \.md, \.html, \.htm, "
     r"\.docx, \.pdf, \.odt, \.rtf\. Convert them"),
    ("metadata names a .doc", {"a.txt": A, "old.doc": b"\xd0\xcf\x11\xe0"}, "file\na.txt\nold.doc\n",
     r"metadata\.csv: rows name files the loader does not read: old\.doc; it reads .*\. Word 97-2003 \.doc files "
     r"cannot be read: open them in Word, WPS Office or LibreOffice and save them as \.docx"),
    ("metadata names a folder", {"a.txt": A, "sub/b.txt": B}, "file\na.txt\nsub\n", r"does not read: sub \(a folder\)"),
    ("metadata names a file in the wrong case", {"a.txt": A}, "file\nA.txt\n",
     r"rows name files that do not exist: A\.txt \(there is a\.txt\)\. Correct the file names"),
    ("metadata names a missing file in a subfolder", {"a.txt": A}, "file\nsub/b.txt\n", r"do not exist: sub/b\.txt"),
    ("a row with one field too many", {"a.txt": A, "b.txt": B}, "file,outlet,date\na.txt,成都日报,2024-01\nb.txt,科技日报,x,2024-05\n",
     r"metadata\.csv: line 3 has 4 fields, the header 3\. Put double quotes around a value that holds a comma"),
    ("a row with one field too few", {"a.txt": A}, "file,outlet,date\na.txt,成都日报\n", r"line 2 has 2 fields, the header 3"),
    ("two headers that are one name", {"a.txt": A}, "file,Date,date\na.txt,2024,2024\n",
     r"columns 'Date' and 'date' are both 'date'\. Keep one"),
    ("an unnamed column with values", {"a.txt": A}, "file,,outlet\na.txt,x,y\n", r"column 2 has values but no name"),
    ("a.txt and a.md give one doc_id", {"a.txt": A, "a.md": B}, None,
     r"duplicate doc_id a \(from a\.md and a\.txt\)\. Give every document its own id: rename a file"),
    ("html with no text", {"a.txt": A, "empty.html": "<html><script>x()</script></html>"}, None,
     r"empty\.html: is empty or holds only whitespace once its HTML markup is removed"),
    ("a damaged docx", {"a.txt": A, "bad.docx": b"PK\x03\x04 not a zip"}, None,
     r"bad\.docx: cannot be read as a Word \.docx file .*save it again as \.docx"),
    ("an encrypted pdf", {"a.txt": A, "locked.pdf": _blank_pdf("secret")}, None,
     r"locked\.pdf: the PDF is encrypted with a password\. Save an unprotected copy"),
    ("a scanned pdf without text", {"a.txt": A, "scan.pdf": _blank_pdf()}, None,
     r"scan\.pdf: the PDF has no text layer \(1 page\(s\) without text: a scan\?\)\. Run OCR"),
    ("a damaged odt", {"a.txt": A, "bad.odt": b"PK\x03\x04 not a zip"}, None,
     r"bad\.odt: cannot be read as an OpenDocument \.odt file .*save it as \.docx or UTF-8 text"),
    ("an rtf that is not RTF", {"a.txt": A, "fake.rtf": A}, None,
     r"fake\.rtf: is not an RTF file \(it does not start with \{\\rtf\)\. Check the file"),
    ("an rtf without text", {"a.txt": A, "blank.rtf": r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par}"}, None,
     r"blank\.rtf: is empty or holds only whitespace once its RTF markup is removed"),
    # what an exported folder also holds
    ("a zero-byte file", {"a.txt": A, "z.txt": b""}, None, r"z\.txt: is empty or holds only whitespace\. Remove it or give it"),
    ("a Windows-1252 file", {"a.txt": A, "e.txt": "The café said “hello” – naïve résumé.\n".encode("cp1252")}, None,
     r"e\.txt: cannot be decoded confidently as UTF-8, GB18030/GBK, Big5 or UTF-16 \(best guess: nothing\)\. It reads "
     r"as cp1252: if that is right, pass encoding='cp1252'\. Re-save it as UTF-8"),
    ("UTF-16 without a byte-order mark", {"a.txt": A, "u.txt": (A * 3).encode("utf-16-le")}, None,
     r"u\.txt: cannot be decoded confidently .*It reads as utf_16_le: if that is right, pass encoding='utf_16_le'"),
    ("an undecodable file in a subfolder", {"a.txt": A, "sub/noise.txt": bytes(range(0x80, 0x100)) * 20}, None,
     r"sub/noise\.txt: cannot be decoded confidently"),
]


def _write(folder, files, metadata):
    for rel, content in files.items():
        f = folder / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    if metadata is not None:
        (folder / "metadata.csv").write_bytes(metadata.encode("utf-8") if isinstance(metadata, str) else metadata)
    return folder


@pytest.mark.parametrize("case, files, metadata, expected", FOLDER_CASES, ids=[c[0] for c in FOLDER_CASES])
def test_folder_inputs(tmp_path, case, files, metadata, expected):
    _write(tmp_path, files, metadata)
    if isinstance(expected, str):
        with warnings.catch_warnings(), pytest.raises(CorpusError, match=expected):
            warnings.simplefilter("ignore")  # the not-read warning of notes.xyz comes before the error
            nqp.load_corpus(tmp_path)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these cases warns
        # but for the hint that 2024/03/a.txt holds a date (tests/corpus/test_metadata_from_paths.py)
        warnings.filterwarnings("ignore", message=r".*not read from the paths")
        corpus = nqp.load_corpus(tmp_path)
    assert dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])) == expected
    assert corpus[S.DOC_ID].tolist() == sorted(expected)
    assert (corpus[S.N_CHARS] == corpus[S.TEXT].str.len()).all()
    assert set(corpus[S.EXTRACTION]) <= set(S.EXTRACTIONS)


def test_source_extraction_and_metadata_of_a_mixed_folder(tmp_path):
    _write(tmp_path, {"2024/03/a.txt": A, "2024/04/b.html": f"<p>{B}</p>", "w.docx": _docx(), "p.pdf": _pdf(["x y"])},
           "File , outlet ,date\n2024/03/a.txt,成都日报,2024-03\n2024/04/b.html,每日经济新闻,2024-04-02\n")
    with pytest.warns(UserWarning, match=r"no row for p\.pdf, w\.docx"):
        corpus = nqp.load_corpus(tmp_path)
    rows = corpus.set_index(S.DOC_ID)
    assert rows.index.tolist() == ["2024/03/a", "2024/04/b", "p", "w"]
    assert rows[S.SOURCE].tolist() == ["2024/03/a.txt", "2024/04/b.html", "p.pdf", "w.docx"]
    assert rows[S.EXTRACTION].tolist() == ["none", "html", "pdf", "docx"]
    assert rows[S.ENCODING].tolist() == ["utf-8", "utf-8", "pdf", "docx"]
    assert rows.loc["2024/03/a", S.OUTLET] == "成都日报" and rows.loc["2024/04/b", S.DATE] == "2024-04-02"
    assert rows.loc["2024/04/b", S.TEXT] == B


def test_files_not_read_are_named_in_one_warning(tmp_path):
    _write(tmp_path, {"a.txt": A, "img/1.png": b"\x89PNG", "notes.xyz": "x", ".DS_Store": b"\0", "old.doc": b"\xd0\xcf",
                      "~$a.docx": b"lock", "~$old.doc": b"lock", "data.csv": "a,b\n", "sub/metadata.csv": "file\n",
                      "x.json": "{}", "y.wps": b"\xd0\xcf"}, None)
    with pytest.warns(UserWarning) as record:
        corpus = nqp.load_corpus(tmp_path)
    assert corpus[S.DOC_ID].tolist() == ["a"]
    messages = [str(w.message) for w in record]
    assert len(messages) == 1
    assert messages[0] == (
        f"{tmp_path}: 10 file(s) not read (.DS_Store, data.csv, img/1.png, notes.xyz, old.doc, ...): the loader reads "
        ".txt, .md, .html, .htm, .docx, .pdf, .odt, .rtf files and skips hidden ones. Word 97-2003 .doc files cannot "
        "be read: open them in Word, WPS Office or LibreOffice and save them as .docx (or convert a folder at once: "
        "soffice --headless --convert-to docx *.doc) (old.doc). WPS Writer .wps files cannot be read: open them in "
        "WPS Office and save them as .docx (y.wps). Only the metadata.csv at the top of the folder is read "
        "(sub/metadata.csv not): move their rows into it, the file paths relative to the top. Convert the ones you "
        "need, or move them out of the folder."
    )


def test_a_folder_of_nothing_readable_names_what_it_found(tmp_path):
    _write(tmp_path, {"2024/a.doc": b"\xd0\xcf", "2024/b.xls": "x"}, None)
    with pytest.raises(CorpusError, match=r"no documents in this folder or its subfolders .*found: 2024/a\.doc, "
                                          r"2024/b\.xls\)\. Word 97-2003 \.doc files cannot be read: .*save them as \.docx"):
        nqp.load_corpus(tmp_path)


@pytest.mark.parametrize("name, match", [
    ("old.doc", r"old\.doc: Word 97-2003 \.doc files cannot be read: open them in Word, WPS Office or LibreOffice and "
                r"save them as \.docx"),
    ("old.wps", r"old\.wps: WPS Writer \.wps files cannot be read: open them in WPS Office and save them as \.docx"),
])
def test_a_single_file_nqp_cannot_read_is_refused_with_its_conversion(tmp_path, name, match):
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE2 compound file, as Word 97-2003 writes
    with pytest.raises(CorpusError, match=match):
        nqp.load_corpus(tmp_path / name)
    with pytest.raises(CorpusError, match=match):
        nqp.corpus_to_parquet(tmp_path / name, tmp_path / "out")


def test_an_unzipped_mac_archive_and_windows_files_are_named_not_read(tmp_path):
    _write(tmp_path, {"a.txt": A, "__MACOSX/._a.txt": b"\x00\x05\x16\x07\x00\x02", "Thumbs.db": b"\xd0\xcf",
                      "desktop.ini": "[.ShellClassInfo]\n", "sub/.DS_Store": b"\x00\x00\x00\x01Bud1"}, None)
    with pytest.warns(UserWarning, match=r"4 file\(s\) not read \(Thumbs\.db, __MACOSX/\._a\.txt, desktop\.ini, "
                                         r"sub/\.DS_Store\)"):
        corpus = nqp.load_corpus(tmp_path)
    assert dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])) == {"a": A}


def test_metadata_csv_is_found_whatever_the_case_of_its_name(tmp_path):
    _write(tmp_path, {"a.txt": A, "b.txt": B}, None)
    (tmp_path / "Metadata.CSV").write_text("file,outlet\na.txt,成都日报\n", encoding="utf-8")
    with pytest.warns(UserWarning, match=r"Metadata\.CSV: no row for b\.txt") as record:
        corpus = nqp.load_corpus(tmp_path)
    assert len(record) == 1  # not also named as a file not read
    assert corpus.set_index(S.DOC_ID)[S.OUTLET].fillna("(none)").to_dict() == {"a": "成都日报", "b": "(none)"}
    (tmp_path / "metadata.csv").write_text("file\na.txt\n", encoding="utf-8")
    if len({p.name for p in tmp_path.iterdir()}) == 5:  # a file system that tells the two names apart
        with pytest.raises(CorpusError, match=r"Metadata\.CSV and metadata\.csv are both the corpus metadata\. Keep one"):
            nqp.load_corpus(tmp_path)


def test_encoding_serves_the_legacy_files_of_a_mixed_folder(tmp_path):
    western = "The café said “hello” – naïve résumé.\n"
    _write(tmp_path, {"a.txt": A, "e.txt": western.encode("cp1252"), "g.txt": B.encode("utf-8-sig")}, None)
    corpus = nqp.load_corpus(tmp_path, encoding="cp1252")
    rows = corpus.set_index(S.DOC_ID)
    assert rows[S.TEXT].to_dict() == {"a": A, "e": western, "g": B}
    assert rows[S.ENCODING].to_dict() == {"a": "utf-8", "e": "cp1252", "g": "utf-8-sig"}


# -- symbolic links: followed to files and folders, inside or outside; loops and dangling links refused


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_symlinks_are_followed_and_each_file_is_loaded_once(tmp_path):
    outside = _write(tmp_path / "outside", {"o.txt": B, "more/m.txt": C}, None)
    corpus_dir = _write(tmp_path / "corpus", {"a.txt": A, "2024/03/b.txt": B}, None)
    (corpus_dir / "link.txt").symlink_to(outside / "o.txt")
    (corpus_dir / "linked").symlink_to(outside / "more", target_is_directory=True)
    (corpus_dir / "again.txt").symlink_to(corpus_dir / "a.txt")  # a second name of a.txt
    (corpus_dir / "latest").symlink_to(corpus_dir / "2024" / "03", target_is_directory=True)  # 2024/03 again
    (corpus_dir / "also.txt").symlink_to(outside / "o.txt")  # link.txt's file, through another link
    os.link(corpus_dir / "a.txt", corpus_dir / "hard.txt")  # a hard link: the same file too
    with pytest.warns(UserWarning) as record:
        corpus = nqp.load_corpus(corpus_dir)
    assert dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])) == {"2024/03/b": B, "a": A, "also": B, "linked/m": C}
    assert [str(w.message) for w in record] == [
        f"{corpus_dir}: 4 path(s) reach a file already loaded under another name, so each file is loaded once: "
        "again.txt (the same file as a.txt), hard.txt (the same file as a.txt), latest/b.txt (the same file as "
        "2024/03/b.txt), link.txt (the same file as also.txt). Remove the links, or copy the file if you mean two documents."
    ]
    with pytest.warns(UserWarning, match="4 path"):  # the streaming path reads the same files
        out = nqp.corpus_to_parquet(corpus_dir, tmp_path / "out")
    pd.testing.assert_frame_equal(nqp.parquet_read(out), corpus)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
def test_a_metadata_row_naming_a_folded_link_says_which_name_is_loaded(tmp_path):
    _write(tmp_path, {"a.txt": A}, "file,outlet\na.txt,x\nagain.txt,y\n")
    (tmp_path / "again.txt").symlink_to(tmp_path / "a.txt")
    with warnings.catch_warnings(), pytest.raises(CorpusError, match=(
            r"metadata\.csv: rows name paths that reach a file loaded under another name: again\.txt \(loaded as "
            r"a\.txt\)\. Name each file once, by the name it is loaded under")):
        warnings.simplefilter("ignore")
        nqp.load_corpus(tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("kind", ["loop", "dangling", "self"])
def test_symlinks_that_cannot_be_read_are_named(tmp_path, kind):
    _write(tmp_path, {"a.txt": A, "sub/b.txt": B}, None)
    if kind == "loop":
        (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
        match = r"sub/up: a symbolic link to .*, a folder that contains it.*Remove the link"
    elif kind == "dangling":
        (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
        match = r"gone\.txt: a symbolic link to .*nowhere\.txt, which does not exist\. Remove the link or restore its target"
    else:
        (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
        match = r"self\.txt: cannot be followed .*Remove the link or fix its target"
    with pytest.raises(CorpusError, match=match):
        nqp.load_corpus(tmp_path)


# -- reserved metadata names


@pytest.mark.parametrize("column", ["text", "source", "n_chars", "encoding", "date_start", "date_end",
                                    "script_declared", "extraction", "tokens", "Text", " n_words "])
def test_reserved_metadata_columns_are_refused(tmp_path, column):
    _write(tmp_path, {"a.txt": A}, f"file,{column}\na.txt,x\n")
    reserved = ", ".join(S.RESERVED_METADATA_COLUMNS)
    with pytest.raises(CorpusError) as err:
        nqp.load_corpus(tmp_path)
    message = str(err.value)
    assert f"column(s) {column.strip()!r} have names nqp writes itself (reserved: {reserved}). Rename them" in message


# -- tables


def _table(tmp_path, name: str, content) -> object:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


TABLE_CASES = [
    ("a GBK CSV", "t.csv", f"id,text,outlet\n1,{A},成都日报\n".encode("gbk"), {}, {"1": A}),
    ("a Big5 CSV", "t.csv", f"id,text\n1,{B}\n".encode("big5"), {}, {"1": B}),
    ("a GBK CSV with encoding=", "t.csv", f"id,text\n1,{A}\n".encode("gbk"), {"encoding": "gbk"}, {"1": A}),
    ("a UTF-16 CSV (BOM)", "t.csv", f"id,text\n1,{A}\n".encode("utf-16"), {}, {"1": A}),
    ("a tab-separated export", "t.csv", f"id\ttext\n1\t{A}\n", {}, {"1": A}),
    ("a CSV whose text holds commas and line breaks", "t.csv", f'id,text\n1,"{C},末尾"\n', {}, {"1": C + ",末尾"}),
    ("a GBK JSONL", "t.jsonl", (json.dumps({"id": "x", "text": A}, ensure_ascii=False) + "\n").encode("gb18030"),
     {}, {"x": A}),
    ("JSONL with blank lines and CRLF", "t.jsonl", '{"id": "x", "text": "一"}\r\n\r\n{"id": "y", "text": "二"}\r\n', {},
     {"x": "一", "y": "二"}),
    ("text_column=body", "t.jsonl", '{"id": "x", "body": "一"}\n', {"text_column": "body"}, {"x": "一"}),
    # errors
    ("a malformed JSONL line", "t.jsonl", '{"text": "一"}\n{"text": "二"}\n{"text": 三}\n', {},
     r"t\.jsonl: line 3 is not valid JSON \(Expecting value at column 10\)\. Fix or remove that line"),
    ("a JSONL line that is not an object", "t.jsonl", '{"text": "一"}\n["二"]\n', {},
     r"line 2 is a JSON list, not an object"),
    ("a numeric text", "t.jsonl", '{"text": "一"}\n{"text": 123}\n', {},
     r"the text in 1 row\(s\) is not text \(t\.jsonl:2 \(int 123\)\)\. Store the text as a string"),
    ("an empty text", "t.jsonl", '{"text": "一"}\n{"text": " "}\n', {}, r"empty text in 1 row\(s\) \(t\.jsonl:2\)"),
    ("both text and text_column=body", "t.jsonl", '{"text": "一", "body": "二"}\n', {"text_column": "body"},
     r"has a column 'text' and text_column='body': which holds the text\? Pass text_column='text', or rename or drop"),
    ("both text and text_column=body (CSV, two rows)", "t.csv", "text,body\n一,二\n三,四\n", {"text_column": "body"},
     r"has a column 'text' and text_column='body'"),
    ("a reserved column in a table", "t.csv", "text,n_chars\n一,1\n", {}, r"column\(s\) 'n_chars' have names nqp writes itself"),
    ("source and origin", "t.csv", "text,source,origin\n一,a,b\n", {}, r"has both 'source' and 'origin' columns"),
    ("a CSV row with one field too many", "t.csv", "id,text\n1,一\n2,二,三\n", {},
     r"t\.csv: line 3 has 3 fields, the header 2\. Put double quotes"),
    ("a CSV with a wrong encoding=", "t.csv", f"id,text\n1,{A}\n".encode("gbk"), {"encoding": "utf-16-le"},
     r"t\.csv: is not valid utf-16-le .*pass encoding=\.\.\. naming the one it was saved in"),
    ("a JSON file that is not an array", "t.json", '"text"', {}, r"t\.json: must hold an array of objects"),
    ("an empty CSV", "t.csv", "", {}, r"t\.csv: the first line is empty; it must be the header"),
    ("a CSV header with a name twice", "t.csv", "text,outlet,outlet\n一,a,b\n", {},
     r"t\.csv: the header names 'outlet' more than once\. Give every column its own name"),
]


@pytest.mark.parametrize("case, name, content, kwargs, expected", TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_table_inputs(tmp_path, case, name, content, kwargs, expected):
    path = _table(tmp_path, name, content)
    if isinstance(expected, str):
        with pytest.raises(CorpusError, match=expected):
            nqp.load_corpus(path, **kwargs)
        return
    corpus = nqp.load_corpus(path, **kwargs)
    assert dict(zip(corpus[S.DOC_ID], corpus[S.TEXT])) == expected


def test_table_encoding_is_recorded_and_dates_keep_their_precision(tmp_path):
    gbk = _table(tmp_path, "g.csv", f"id,text,date\n1,{A},2024-03\n".encode("gbk"))
    corpus = nqp.load_corpus(gbk)
    assert corpus.loc[0, S.ENCODING] == "gb18030" and corpus.loc[0, S.EXTRACTION] == "none"
    assert (corpus.loc[0, S.DATE], corpus.loc[0, S.DATE_PRECISION]) == ("2024-03", "month")
    lines = _table(tmp_path, "j.jsonl", '{"id": "a", "text": "一", "date": "2024-03"}\n')
    corpus = nqp.load_corpus(lines)
    assert (corpus.loc[0, S.DATE], corpus.loc[0, S.DATE_PRECISION]) == ("2024-03", "month")  # never a day invented


@pytest.mark.parametrize("kwargs, error, match", [
    ({"path": 123}, NqpTypeError, r"path=123: expected a folder or file path \(a str or pathlib\.Path\), got int"),
    ({"path": ["a.txt"]}, NqpTypeError, r"path=\['a\.txt'\]: expected a folder or file path"),
    ({"text_column": 5}, NqpTypeError, r"text_column=5: expected the name of the text column"),
    ({"id_column": 0}, NqpTypeError, r"id_column=0: expected the name of the id column"),
    ({"encoding": "nope"}, NqpValueError, r"encoding='nope': not an encoding Python knows\. Use a name such as"),
    ({"encoding": 936}, NqpTypeError, r"encoding=936: expected the name of an encoding"),
])
def test_arguments_are_checked(tmp_path, kwargs, error, match):
    _write(tmp_path, {"a.txt": A}, None)
    kwargs = {"path": tmp_path, **kwargs}
    with pytest.raises(error, match=match):
        nqp.load_corpus(**kwargs)
    with pytest.raises(error, match=match):
        nqp.corpus_to_parquet(out=tmp_path.parent / f"{tmp_path.name}-out", **kwargs)


# -- the streaming path reads the same documents


def test_corpus_to_parquet_reads_the_mixed_folder_as_load_corpus(tmp_path):
    src = _write(tmp_path / "src", {"2024/03/a.txt": A, "2024/04/b.html": f"<p>{B}</p>", "w.docx": _docx(),
                                    "p.pdf": _pdf(["x y"]), "sub/c.md": C, "notes.xyz": "x"},
                 "file,outlet\n2024/03/a.txt,成都日报\nsub/c.md,科技日报\n2024/04/b.html,x\nw.docx,y\np.pdf,z\n")
    with pytest.warns(UserWarning, match=r"1 file\(s\) not read \(notes\.xyz\)"):
        expected = nqp.load_corpus(src)
    with pytest.warns(UserWarning, match=r"1 file\(s\) not read \(notes\.xyz\)"):
        out = nqp.corpus_to_parquet(src, tmp_path / "out", partition_size=2)
    pd.testing.assert_frame_equal(nqp.parquet_read(out), expected)


@pytest.mark.parametrize("name, content, match", [
    ("t.jsonl", '{"text": "一"}\n{"text": 2}\n', r"is not text \(t\.jsonl:2 \(int 2\)\)"),
    ("t.jsonl", '{"text": "一"}\n{"text": 三}\n', r"line 2 is not valid JSON"),
    ("t.csv", "text,n_chars\n一,1\n", r"'n_chars' have names nqp writes itself"),
])
def test_corpus_to_parquet_refuses_a_bad_table_before_writing(tmp_path, name, content, match):
    path = _table(tmp_path, name, content)
    with pytest.raises(CorpusError, match=match):
        nqp.corpus_to_parquet(path, tmp_path / "out", partition_size=1)
    assert not list((tmp_path / "out").glob("part.*.parquet"))


def test_corpus_to_parquet_reads_a_gbk_csv_in_chunks_as_load_corpus(tmp_path):
    rows = "".join(f"d{i:02d},{A[: 5 + i]},{2000 + i}\n" for i in range(7))
    path = _table(tmp_path, "t.csv", ("id,text,year\n" + rows).encode("gbk"))
    out = nqp.corpus_to_parquet(path, tmp_path / "out", partition_size=3)
    pd.testing.assert_frame_equal(nqp.parquet_read(out), nqp.load_corpus(path))


@pytest.mark.parametrize("name, content, text, extraction", [
    ("a.md", "# 标题\n" + A, "# 标题\n" + A, "none"),
    ("a.html", f"<p>{A}</p><p>{B}</p>", f"{A}\n{B}", "html"),
    ("a.htm", f"<div>{A}</div>".encode("gb18030"), A, "html"),
    ("a.pdf", _pdf(["one", "two"]), "one\ntwo", "pdf"),
    ("a.docx", _docx(), "建圈强链\n第一段。\n\n年份\t产业链\n合并\n表后一段。", "docx"),
])
def test_a_single_document_file_loads(tmp_path, name, content, text, extraction):
    path = _table(tmp_path, name, content)
    corpus = nqp.load_corpus(path)
    assert corpus[[S.DOC_ID, S.SOURCE, S.TEXT, S.EXTRACTION]].values.tolist() == [["a", name, text, extraction]]
