"""A deterministic corpus generator for benchmarks: sentences resampled from the real corpora.

``generate(n_docs, seed)`` draws each document's sentences from the seeds (cleaned of nothing: page
noise included, as real collections are) and, when it is present beside the repository, from the
government work reports. The same ``n_docs`` and ``seed`` give the same corpus, byte for byte.

    python -m benchmarks.generate 10000 build/bench/gen10k.parquet
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OUTLETS = ["成都日报", "四川日报", "华西都市报", "每日经济新闻", "羊城晚报", "科技日报", "人民日报", "经济日报"]
# reported speech for generate(..., speech=share): the seeds quote few kinds of speaker, so a share of the
# sentences holding a theme term is framed as said by a person ({p}) or a body ({b}), or as the outlet's ({o})
SPEECH_PEOPLE = ["国家发展改革委主任郑栅洁", "省委书记王晓晖", "市长王凤朝", "工业和信息化部副部长辛国斌", "习近平总书记",
                 "李强总理", "中国宏观经济研究院研究员常铁威", "清华大学教授魏杰", "四川某科技公司董事长欧阳明",
                 "美国财政部长耶伦", "联合国秘书长古特雷斯", "相关负责人", "业内人士"]
SPEECH_BODIES = ["国家发展改革委", "商务部", "工业和信息化部", "北京市", "浙江省", "深圳市南山区", "成都高新区管委会",
                 "国家统计局", "中国人民银行", "比亚迪集团", "中国社会科学院", "四川省经济和信息化厅", "欧盟委员会"]
SPEECH_FRAMES = ["{p}表示,{c}。", "“{c}。”{p}说。", "{p}认为,“{c}。”", "据{p}介绍,{c}。", "在{p}看来,{c}。",
                 "{p}在接受记者采访时表示,{c}。", "{p}主持召开座谈会,他强调,{c}。", "{p}强调,要坚持稳中求进。他还指出,{c}。",
                 "{b}表示,{c}。", "{b}明确,{c}。", "{b}日前召开会议。会议强调,{c}。", "{b}指出,{c}。", "{b}认为,{c}。",
                 "{b}发布通知。该{s}要求,{c}。", "记者了解到,{c}。", "{c},{p}表示。"]
SPEECH_TERMS = ("新质生产力", "高质量发展", "产业链", "建圈强链", "科技创新")
# a photo credit of the pool (新华社记者 魏培全摄, 图片来源:视觉中国): a page prints it on a line of its own, under
# its picture, never at the end of a paragraph of text (where a caption rule would take the sentences before it)
_CREDIT = re.compile(r"(摄|攝|供图|供圖)\s*$|(图片来源|圖片來源|图源|圖源)\s?[:：]")
# a sentence already quoted or said by someone is left as it is
_SAID = ("“", "”", "表示", "说", "认为", "指出", "强调", "介绍", "看来", "明确")


@lru_cache(maxsize=1)
def sentence_pool() -> tuple[str, ...]:
    """Every sentence of the seeds and the bundled government work reports, in a fixed order."""
    import nqp

    texts = list(nqp.load_corpus(SEEDS)["text"])
    texts += list(nqp.gov_work_reports()["text"])
    pool = [s for t in texts for s in nqp.split_sentences(t) if len(s) >= 6]
    return tuple(pool)


def speech_frames(chosen: list[str], share: float, seed: int) -> list[str]:
    """``chosen`` with about ``share`` of its sentences that hold a theme term framed as reported speech
    (:data:`SPEECH_FRAMES`); the draws come from a generator of their own, so ``share=0`` changes nothing."""
    rng = np.random.default_rng([seed, 18])
    out = []
    for sentence in chosen:
        if (any(t in sentence for t in SPEECH_TERMS) and not any(w in sentence for w in _SAID)
                and rng.random() < share):
            frame = SPEECH_FRAMES[rng.integers(len(SPEECH_FRAMES))]
            body = SPEECH_BODIES[rng.integers(len(SPEECH_BODIES))]
            kind = next((k for k in ("集团", "管委会", "委员会", "科学院") if body.endswith(k)), body[-1])
            sentence = frame.format(p=SPEECH_PEOPLE[rng.integers(len(SPEECH_PEOPLE))], b=body, s=kind,
                                    c=sentence.strip().rstrip("。!?;；"))
        out.append(sentence)
    return out


def generate(n_docs: int, seed: int = 0, min_sentences: int = 6, max_sentences: int = 30,
             speech: float = 0.0) -> pd.DataFrame:
    """``n_docs`` documents as a corpus table: ``doc_id``, ``outlet``, ``date``, ``date_precision``, ``text``.

    Sentences are joined into paragraphs of one to four sentences; a photo credit of the pool stands as a
    paragraph of its own, as a page prints it under its picture. About a third of the documents are dated to the month only, the rest to the day, in
    2019-2025 (seven whole years, none after today). ``speech``: the share of sentences with a theme term
    framed as said by a person or a body (:func:`speech_frames`); 0 leaves them as drawn.
    """
    pool = sentence_pool()
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_sentences, max_sentences + 1, size=n_docs)
    picks = rng.integers(0, len(pool), size=int(lengths.sum()))
    days = rng.integers(0, 7 * 365, size=n_docs)
    monthly = rng.random(n_docs) < 1 / 3
    outlets = rng.integers(0, len(OUTLETS), size=n_docs)
    para_breaks = rng.integers(1, 5, size=int(lengths.sum()))
    base = pd.Timestamp("2019-01-01")
    texts, dates, precisions = [], [], []
    at = 0
    for i in range(n_docs):
        chosen = [pool[j] for j in picks[at : at + lengths[i]]]
        if speech:
            chosen = speech_frames(chosen, speech, seed * 1_000_003 + i)
        breaks = para_breaks[at : at + lengths[i]]
        at += lengths[i]
        paragraphs, current = [], []
        for sentence, brk in zip(chosen, breaks):
            if _CREDIT.search(sentence):  # a photo credit is a line of its own, as printed
                if current:
                    paragraphs.append("".join(current))
                    current = []
                paragraphs.append(sentence)
                continue
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


def main(argv: list[str] | None = None) -> None:
    """``python -m benchmarks.generate [N] [PATH] [--seed S] [--speech SHARE]``: write a generated corpus."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m benchmarks.generate",
                                 description="Write a deterministic generated corpus (sentences resampled from the "
                                             "seeds and the government work reports).")
    ap.add_argument("n", nargs="?", type=int, default=1000, help="documents (default: 1000)")
    ap.add_argument("path", nargs="?", help="a .parquet or .jsonl file, or a folder for .txt files "
                                            "(default: build/bench/genN.parquet)")
    ap.add_argument("--seed", type=int, default=0, help="the random seed (default: 0)")
    ap.add_argument("--speech", type=float, default=0.0,
                    help="the share of theme sentences framed as reported speech (default: 0)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error(f"N={args.n}: give at least one document")
    if not 0 <= args.speech <= 1:
        ap.error(f"--speech={args.speech}: give a share between 0 and 1")
    frame = generate(args.n, seed=args.seed, speech=args.speech)
    out = args.path or f"build/bench/gen{args.n}.parquet"
    print(f"{write(frame, out)}: {len(frame)} documents, {frame['text'].str.len().sum():,} characters")


if __name__ == "__main__":
    main()
