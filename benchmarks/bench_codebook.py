"""Benchmark: coding articles with a 1,000-entry dictionary, against quanteda-style token lookup in pandas.

The corpus is generated deterministically, as in :mod:`benchmarks.bench_keywords`: every sentence of the
seeds and (when present beside the repository) of the government work reports is tokenized once with
``nqp.tokenize`` and the dictionary's lexicon; each generated article draws 6 to 30 sentences with a
seeded RNG, its text is their concatenation and its tokens the concatenation of theirs. So both methods
see the same articles, and the tokens are what nqp.tokenize gives for those sentences.

The dictionary has 1,000 words: the entries of nqp's policy-instrument codebook that are words, then the
most frequent tokens of the pool (two characters or more) spread over 20 further categories.

Timed, each after one warm-up, CPU time of this process (``time.process_time``; wall clock beside it);
peak memory is measured in a separate run of each with ``tracemalloc`` (Python allocations, numpy and
pandas included):

- baseline: quanteda's ``tokens_lookup`` + ``dfm`` done with plain pandas: explode the token lists,
  ``Series.map`` token -> category, ``groupby([article, category]).size()``: counts only, no sentences;
- nqp: ``nqp.category_hits`` (every hit with its sentence and offsets, one compiled matcher over the
  text) and ``nqp.categories(..., by="article", hits=hits)`` (the tidy table with rates and shares).

With ``--chunk N`` both methods run over chunks of ``N`` articles (times summed; the hits of a chunk are
dropped once its table is made, as a researcher codes a large corpus) and peak memory is measured on the
first chunk: at 100,000 articles the hit table of this dictionary alone (18 million rows with sentences)
would need about 15 GB.

    python -m benchmarks.bench_codebook --chunk 10000   # 100,000 articles, in chunks
    python -m benchmarks.bench_codebook --docs 10000
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections import Counter

import numpy as np
import pandas as pd

from benchmarks.generate import OUTLETS, sentence_pool


def build_dictionary(tokens_per_sentence, size: int = 1000):
    """A ``size``-word nqp.Dictionary: the bundled codebook's words, then frequent pool tokens."""
    import nqp

    base = nqp.policy_instruments()
    mapping: dict[str, list[str]] = {}
    seen = set()
    for cat, form, kind in zip(base.categories, base.forms, base.kinds):
        if kind == "word" and form not in seen:
            mapping.setdefault(cat, []).append(form)
            seen.add(form)
    freq = Counter(w for ts in tokens_per_sentence for w in ts if len(w) >= 2 and any("\u4e00" <= c <= "\u9fff" for c in w))
    extra = [w for w, _ in sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])) if w not in seen]
    for i, w in enumerate(extra[: size - len(seen)]):
        mapping.setdefault(f"其他/c{i % 20:02d}", []).append(w)
    tree: dict = {}
    for cat, words in mapping.items():
        node = tree
        *parents, leaf = cat.split("/")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = words
    return nqp.Dictionary.from_mapping(tree, name=f"bench{size}")


def generate_articles(n_docs: int, seed: int = 0, size: int = 1000):
    """(articles, tokens, dictionary): ``n_docs`` generated articles, their tokens and the dictionary."""
    import nqp

    pool = list(sentence_pool())
    frame = pd.DataFrame({"doc_id": [f"s{i:06d}" for i in range(len(pool))], "text": pool})
    first = nqp.tokenize(frame, stopwords=False)["tokens"].tolist()
    dictionary = build_dictionary(first, size)
    per_sentence = nqp.tokenize(frame, stopwords=False, lexicon=dictionary.lexicon())["tokens"].tolist()
    analysis = [nqp.normalize_text(s) for s in pool]
    rng = np.random.default_rng(seed)
    lengths = rng.integers(6, 31, size=n_docs)
    picks = rng.integers(0, len(pool), size=int(lengths.sum()))
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    outlets = rng.integers(0, len(OUTLETS), size=n_docs)
    width = len(str(n_docs))
    ids = [f"gen{i:0{width}d}" for i in range(n_docs)]
    chosen = [picks[bounds[i]:bounds[i + 1]] for i in range(n_docs)]
    articles = pd.DataFrame({
        "doc_id": ids,
        "article_id": [f"{i}-01" for i in ids],
        "outlet": [OUTLETS[k] for k in outlets],
        "text": ["".join(analysis[j] for j in c) for c in chosen],
        "text_orig": ["".join(pool[j] for j in c) for c in chosen],
    })
    tokens = pd.DataFrame({"article_id": articles["article_id"],
                           "tokens": [[w for j in c for w in per_sentence[j]] for c in chosen]})
    return articles, tokens, dictionary


def token_lookup(tokens: pd.DataFrame, owner: dict[str, str]) -> pd.Series:
    """quanteda's tokens_lookup + dfm in plain pandas: hits per (article_id, category)."""
    long = tokens[["article_id", "tokens"]].explode("tokens")
    cats = long["tokens"].map(owner)
    keep = cats.notna()
    return long.loc[keep].assign(category=cats[keep]).groupby(["article_id", "category"]).size()


def _timed(fn):
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c0, time.perf_counter() - t0, out


def _peak_mb(fn) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> int:
    import nqp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--chunk", type=int, default=0, help="code in chunks of this many articles (0: all at once)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    articles, tokens, d = generate_articles(args.docs, args.seed, args.entries)
    n_chars = int(articles["text"].str.len().sum())
    n_tokens = int(tokens["tokens"].str.len().sum())
    print(f"corpus: {len(articles):,} articles, {n_chars:,} characters, {n_tokens:,} tokens; {d!r} "
          f"(generated in {time.perf_counter() - t0:.1f} s, seed {args.seed})")
    owner = dict(zip(d.forms, d.categories))

    size = args.chunk if args.chunk > 0 else len(articles)
    chunks = [(articles.iloc[i:i + size], tokens.iloc[i:i + size]) for i in range(0, len(articles), size)]

    def ours(parts=chunks):
        tables, n_hits = [], 0
        for arts, _ in parts:
            hits = nqp.category_hits(arts, d)
            n_hits += len(hits)
            tables.append(nqp.categories(arts, d, by="article", hits=hits))
            del hits
        return n_hits, pd.concat(tables, ignore_index=True)

    def baseline(parts=chunks):
        return pd.concat([token_lookup(toks, owner) for _, toks in parts])

    nqp.category_hits(articles.head(200), d)  # warm-up: the matcher is compiled once per dictionary
    token_lookup(tokens.head(200), owner)
    b_cpu, b_wall, ref = _timed(baseline)
    o_cpu, o_wall, (n_hits, table) = _timed(ours)
    agree = table.set_index(["article_id", "category"])["hits"]
    ref = ref.reindex(agree.index, fill_value=0)
    same = float((agree == ref).mean())
    print(f"hits: {n_hits:,} by text matching, {int(ref.sum()):,} by token lookup; "
          f"article x category counts identical in {same:.1%} of {len(agree):,} cells "
          "(text matching also finds a word inside a longer token)"
          + (f"; {len(chunks)} chunks of {size:,} articles, peak memory of the first" if len(chunks) > 1 else ""))
    del ref, table, agree
    b_mem = "" if args.no_memory else f"{_peak_mb(lambda: baseline(chunks[:1])):>10.0f}"
    o_mem = "" if args.no_memory else f"{_peak_mb(lambda: ours(chunks[:1])):>10.0f}"
    print()
    print(f"{'step':<58}{'CPU s':>9}{'wall s':>9}{'peak MB':>10}")
    print(f"{'token lookup with pandas (baseline: counts only)':<58}{b_cpu:>9.2f}{b_wall:>9.2f}{b_mem}")
    print(f"{'nqp.category_hits + nqp.categories (hits with sentences)':<58}{o_cpu:>9.2f}{o_wall:>9.2f}{o_mem}")
    print()
    print(f"nqp / baseline: {o_cpu / b_cpu:.2f}x CPU time; {n_chars / o_cpu:,.0f} characters per CPU second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
