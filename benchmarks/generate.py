"""A deterministic corpus generator for benchmarks: sentences resampled from the real corpora.

``generate(n_docs, seed)`` draws each document's sentences from the seeds (cleaned of nothing: page
noise included, as real collections are) and, when it is present beside the repository, from the
government work reports. The same ``n_docs`` and ``seed`` give the same corpus, byte for byte.

    python -m benchmarks.generate 10000 build/bench/gen10k.parquet
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OUTLETS = ["成都日报", "四川日报", "华西都市报", "每日经济新闻", "羊城晚报", "科技日报", "人民日报", "经济日报"]


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Every sentence of the seeds and the bundled government work reports, in a fixed order."""
    import nqp

    texts = list(nqp.load_corpus(SEEDS)["text"])
    texts += list(nqp.gov_work_reports()["text"])
    pool = [s for t in texts for s in nqp.split_sentences(t) if len(s) >= 6]
    return tuple(pool)


def generate(n_docs: int, seed: int = 0, min_sentences: int = 6, max_sentences: int = 30) -> pd.DataFrame:
    """``n_docs`` documents as a corpus table: ``doc_id``, ``outlet``, ``date``, ``date_precision``, ``text``.

    Sentences are joined into paragraphs of one to four sentences. About a third of the documents are
    dated to the month only, the rest to the day, in 2020-2026.
    """
    pool = sentence_pool()
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_sentences, max_sentences + 1, size=n_docs)
    picks = rng.integers(0, len(pool), size=int(lengths.sum()))
    days = rng.integers(0, 7 * 365, size=n_docs)
    monthly = rng.random(n_docs) < 1 / 3
    outlets = rng.integers(0, len(OUTLETS), size=n_docs)
    para_breaks = rng.integers(1, 5, size=int(lengths.sum()))
    base = pd.Timestamp("2020-01-01")
    texts, dates, precisions = [], [], []
    at = 0
    for i in range(n_docs):
        chosen = [pool[j] for j in picks[at : at + lengths[i]]]
        breaks = para_breaks[at : at + lengths[i]]
        at += lengths[i]
        paragraphs, current = [], []
        for sentence, brk in zip(chosen, breaks):
            current.append(sentence)
            if len(current) >= brk:
                paragraphs.append("".join(current))
                current = []
        if current:
            paragraphs.append("".join(current))
        texts.append("\n\n".join(paragraphs) + "\n")
        day = base + pd.Timedelta(days=int(days[i]))
        dates.append(f"{day:%Y-%m}" if monthly[i] else f"{day:%Y-%m-%d}")
        precisions.append("month" if monthly[i] else "day")
    width = len(str(n_docs))
    return pd.DataFrame(
        {
            "doc_id": [f"gen{i:0{width}d}" for i in range(n_docs)],
            "outlet": [OUTLETS[k] for k in outlets],
            "date": dates,
            "date_precision": precisions,
            "text": texts,
        }
    )


def write(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a generated corpus as Parquet (``.parquet``), JSONL (``.jsonl``) or a folder of ``.txt`` files."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif path.suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        path.mkdir(exist_ok=True)
        for doc_id, text in zip(df["doc_id"], df["text"]):
            (path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        meta = df.drop(columns=["text"]).assign(file=df["doc_id"] + ".txt")
        meta[["file", *[c for c in meta.columns if c != "file"]]].to_csv(path / "metadata.csv", index=False)
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.argv[2] if len(sys.argv) > 2 else f"build/bench/gen{n}.parquet"
    frame = generate(n)
    print(f"{write(frame, out)}: {len(frame)} documents, {frame['text'].str.len().sum():,} characters")
