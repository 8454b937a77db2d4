"""load_corpus: the seeds, encodings Chinese text really comes in, tables, and every kind of bad input."""

from __future__ import annotations

import json
import random
import shutil
import warnings

import pandas as pd
import pytest
from seed_ids import D000, D001, D002, D003, D004, SEED_IDS

import nqp
from nqp import schema as S
from nqp.corpus import decode_bytes
from nqp.dates import parse_date
from nqp.script import detect_script
from nqp.errors import CorpusError

SEED_FACTS = [
    # doc_id, outlet, date, precision, script
    (D000, "华西都市报·封面新闻", "2024-03", "month", "simplified"),
    (D001, "成都日报 (锦观新闻)", "2024-01-25", "day", "simplified"),
    (D002, "羊城晚报", "2024-08", "month", "simplified"),
    (D003, "每日经济新闻 (网易号)", "2026-02-25", "day", "traditional"),
    (D004, "科技日报", "2024-05", "month", "simplified"),
]

SIMPLIFIED = "以科技创新引领现代化产业体系建设，加快形成新质生产力，是2024年四川要重点做好的十个方面工作之一。" * 4
TRADITIONAL = "成都召開推進重點產業鏈高質量發展工作會議，以重點產業鏈建圈強鏈破題，無疑為高質量發展錨定了更為具體的承載。" * 4


def test_seeds_schema_and_facts(corpus, seeds_path):
    assert list(corpus.columns[: len(S.CORPUS_COLUMNS)]) == S.CORPUS_COLUMNS
    assert corpus[S.DOC_ID].tolist() == [f[0] for f in SEED_FACTS]
    assert tuple(sorted(f.stem for f in seeds_path.glob("*.txt"))) == SEED_IDS  # tests/seed_ids.py is right
    for (doc_id, outlet, date, precision, script), row in zip(SEED_FACTS, corpus.itertuples()):
        assert (row.outlet, row.date, row.date_precision, row.script) == (outlet, date, precision, script)
        raw = (seeds_path / f"{doc_id}.txt").read_text(encoding="utf-8")
        assert row.text == raw  # decoded, otherwise untouched
        assert row.n_chars == len(raw)
        assert row.encoding == "utf-8"
    # month precision stands for the whole month, never an invented day
    row = corpus.set_index(S.DOC_ID).loc[D000]
    assert (row.date_start, row.date_end) == (pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-31"))


def test_load_is_deterministic(seeds_path, corpus):
    again = nqp.load_corpus(seeds_path)
    pd.testing.assert_frame_equal(corpus, again)
    assert nqp.corpus_hash(corpus) == nqp.corpus_hash(again.iloc[::-1])


@pytest.mark.parametrize(
    "text, encoding, expected",
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),  # GBK is a subset of GB18030; decoding as GB18030 is exact
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (SIMPLIFIED, "utf-16", "utf-16"),
    ],
)
def test_encodings(tmp_path, text, encoding, expected):
    (tmp_path / "doc.txt").write_bytes(text.encode(encoding))
    corpus = nqp.load_corpus(tmp_path)
    assert corpus.loc[0, "text"] == text
    assert corpus.loc[0, "encoding"] == expected


def test_real_seed_in_big5_and_gb18030(tmp_path, seeds_path):
    trad = (seeds_path / f"{D003}.txt").read_text(encoding="utf-8")
    simp = (seeds_path / f"{D001}.txt").read_text(encoding="utf-8")
    assert decode_bytes(trad.encode("big5"), "003") == (trad, "big5")
    assert decode_bytes(simp.encode("gb18030"), "001") == (simp, "gb18030")


@pytest.mark.parametrize(
    "text, script",
    [
        (SIMPLIFIED, "simplified"),
        (TRADITIONAL, "traditional"),
        (SIMPLIFIED + TRADITIONAL, "mixed"),
        ("2024 GDP 5.8%", "unknown"),
    ],
)
def test_detect_script(text, script):
    assert detect_script(text) == script
    assert script in S.SCRIPTS  # the values the script column documents


@pytest.mark.parametrize(
    "value, precision, expected",
    [
        ("2024", None, ("2024", "year")),
        (2024, None, ("2024", "year")),
        ("2024-03", None, ("2024-03", "month")),
        ("2024/3", None, ("2024-03", "month")),
        ("2024年3月", None, ("2024-03", "month")),
        ("2024-01-25", None, ("2024-01-25", "day")),
        ("2024年1月25日", None, ("2024-01-25", "day")),
        ("2024-01-25", "month", ("2024-01", "month")),
        (pd.Timestamp("2026-02-25"), None, ("2026-02-25", "day")),
    ],
)
def test_parse_date(value, precision, expected):
    assert parse_date(value, precision) == expected


# ---------------------------------------------------------------------------------------------
# bad input: each gets a clear error (or warning) naming the file and the fix


def _folder(tmp_path, files: dict[str, bytes | str], metadata: str | None = None):
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (tmp_path / name).write_bytes(data)
    if metadata is not None:
        (tmp_path / "metadata.csv").write_text(metadata, encoding="utf-8")
    return tmp_path


def test_missing_path(tmp_path):
    with pytest.raises(CorpusError, match=r"no such file or folder.*folder of documents"):
        nqp.load_corpus(tmp_path / "nope")


def test_folder_without_text_files(tmp_path):
    (tmp_path / "notes.xyz").write_bytes(b"PK")
    with pytest.raises(CorpusError, match=r"no documents in this folder or its subfolders.*found: notes\.xyz"):
        nqp.load_corpus(tmp_path)


@pytest.mark.parametrize("content", ["", "   \n\t\n", "\ufeff\n"])
def test_empty_or_whitespace_file(tmp_path, content):
    _folder(tmp_path, {"a.txt": SIMPLIFIED, "empty.txt": content})
    with pytest.raises(CorpusError, match=r"empty\.txt: is empty or holds only whitespace"):
        nqp.load_corpus(tmp_path)


def test_an_empty_file_that_metadata_lists_says_to_delete_its_row_too(tmp_path):
    """Removing the empty file alone would leave a row naming a file that does not exist: the error says so."""
    _folder(tmp_path, {"a.txt": SIMPLIFIED, "empty.txt": "", "blank.txt": " \n"})
    (tmp_path / "metadata.csv").write_text("file,outlet\na.txt,人民日报\nempty.txt,人民日报\n", encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        nqp.load_corpus(tmp_path)
    lines = str(caught.value).split("\n  ")
    listed = [line for line in lines if line.startswith("empty.txt")]
    unlisted = [line for line in lines if line.startswith("blank.txt")]
    assert listed == ["empty.txt: is empty or holds only whitespace. Remove it or give it its text; if you remove "
                      f"it, also delete (or correct) its row in {tmp_path / 'metadata.csv'}."]
    assert unlisted == ["blank.txt: is empty or holds only whitespace. Remove it or give it its text."]
    # the remedy works: the file and its row removed, the corpus loads (the unlisted blank file gone too)
    (tmp_path / "empty.txt").unlink()
    (tmp_path / "blank.txt").unlink()
    (tmp_path / "metadata.csv").write_text("file,outlet\na.txt,人民日报\n", encoding="utf-8")
    assert nqp.load_corpus(tmp_path)["source"].tolist() == ["a.txt"]


def test_binary_file(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED, "image.txt": bytes(range(256)) * 8})
    with pytest.raises(CorpusError, match=r"image\.txt: .*binary"):
        nqp.load_corpus(tmp_path)


def test_undecodable_file(tmp_path):
    rng = random.Random(0)
    noise = bytes(rng.choice(range(0x80, 0x100)) for _ in range(4000))
    _folder(tmp_path, {"noise.txt": noise})
    with pytest.raises(CorpusError, match=r"noise\.txt: cannot be decoded confidently.*Re-save it as UTF-8"):
        nqp.load_corpus(tmp_path)


def test_metadata_names_missing_file(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED}, "file,outlet,date\na.txt,成都日报,2024-01\nb.txt,科技日报,2024-05\n")
    with pytest.raises(CorpusError, match=r"metadata\.csv: rows name files that do not exist: b\.txt"):
        nqp.load_corpus(tmp_path)


def test_text_file_without_metadata_row_is_kept_with_warning(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED, "b.txt": TRADITIONAL}, "file,outlet,date\na.txt,成都日报,2024-01\n")
    with pytest.warns(UserWarning, match=r"no row for b\.txt.*Add a row"):
        corpus = nqp.load_corpus(tmp_path)
    assert corpus["doc_id"].tolist() == ["a", "b"]
    assert pd.isna(corpus.loc[1, "outlet"]) and pd.isna(corpus.loc[1, "date"])


def test_duplicate_ids(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED, "b.txt": SIMPLIFIED}, "file,doc_id\na.txt,x\nb.txt,x\n")
    with pytest.raises(CorpusError, match=r"duplicate doc_id x"):
        nqp.load_corpus(tmp_path)


def test_duplicate_ids_in_table(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"id": ["1", "1"], "text": [SIMPLIFIED, TRADITIONAL]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"t\.csv: duplicate doc_id 1"):
        nqp.load_corpus(path)


@pytest.mark.parametrize("bad", ["next spring", "2024-13", "2024-02-30", "24-3"])
def test_unparseable_date(tmp_path, bad):
    _folder(tmp_path, {"a.txt": SIMPLIFIED}, f"file,date\na.txt,{bad}\n")
    with pytest.raises(CorpusError, match=r"metadata\.csv, a: .*(cannot read the date|does not exist)"):
        nqp.load_corpus(tmp_path)


def test_precision_never_invents_a_day(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED}, "file,date,date_precision\na.txt,2024-03,day\n")
    with pytest.raises(CorpusError, match=r"Never invent a day"):
        nqp.load_corpus(tmp_path)


def test_declared_script_disagreeing_warns(tmp_path):
    _folder(tmp_path, {"a.txt": TRADITIONAL}, "file,script\na.txt,simplified\n")
    with pytest.warns(UserWarning, match=r"declared simplified but reads as traditional"):
        corpus = nqp.load_corpus(tmp_path)
    assert corpus.loc[0, "script"] == "traditional"


def test_metadata_without_file_column(tmp_path):
    _folder(tmp_path, {"a.txt": SIMPLIFIED}, "name,date\na.txt,2024\n")
    with pytest.raises(CorpusError, match=r"needs a 'file' column"):
        nqp.load_corpus(tmp_path)


def test_unsupported_file_type(tmp_path):
    (tmp_path / "c.xyz").write_bytes(b"PK")
    with pytest.raises(CorpusError, match=r"unsupported file type '\.xyz'"):
        nqp.load_corpus(tmp_path / "c.xyz")


# ---------------------------------------------------------------------------------------------
# tables


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_tables(tmp_path, fmt):
    df = pd.DataFrame(
        {"year": [2023, 2024], "source": ["a", "b"], "text": [SIMPLIFIED, TRADITIONAL], "outlet": ["x", "y"]}
    )
    path = tmp_path / f"reports.{fmt}"
    if fmt == "csv":
        df.to_csv(path, index=False)
    elif fmt == "jsonl":
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in df.to_dict("records")), encoding="utf-8")
    else:
        df.to_parquet(path)
    corpus = nqp.load_corpus(path)
    assert corpus["doc_id"].tolist() == ["reports_2023", "reports_2024"]
    assert corpus["date"].tolist() == ["2023", "2024"]
    assert corpus["date_precision"].tolist() == ["year", "year"]
    assert corpus["origin"].tolist() == ["a", "b"]  # the table's own source column survives
    assert corpus["source"].tolist() == [f"reports.{fmt}:1", f"reports.{fmt}:2"]
    assert corpus["script"].tolist() == ["simplified", "traditional"]
    assert corpus["text"].tolist() == [SIMPLIFIED, TRADITIONAL]


def test_table_without_text_column(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"body": [SIMPLIFIED]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"no text column 'text'.*body.*text_column"):
        nqp.load_corpus(path)
    assert nqp.load_corpus(path, text_column="body").loc[0, "text"] == SIMPLIFIED


def test_table_with_empty_text(tmp_path):
    path = tmp_path / "t.csv"
    pd.DataFrame({"text": [SIMPLIFIED, ""]}).to_csv(path, index=False)
    with pytest.raises(CorpusError, match=r"empty text in 1 row\(s\) \(t\.csv:2\)"):
        nqp.load_corpus(path)


def test_reference_corpus_loads_in_one_call(reference_corpus):
    assert len(reference_corpus) == 57
    assert reference_corpus["date_precision"].eq("year").all()
    assert reference_corpus["doc_id"].is_unique
    assert set(reference_corpus["script"]) == {"simplified"}
    years = reference_corpus["date"].astype(int)
    assert years.min() == 1954 and years.max() == 2025
    has_nqp = reference_corpus.loc[reference_corpus["text"].str.contains("新质生产力"), "date"].astype(int)
    assert has_nqp.min() == 2024


def test_copied_seeds_load_identically(tmp_path, seeds_path, corpus):
    copy = tmp_path / "seeds"
    shutil.copytree(seeds_path, copy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = nqp.load_corpus(copy)
    pd.testing.assert_frame_equal(corpus, again)
