"""Cleaning figures (``textplot_*``): what the rules removed, from which documents."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from .. import schema as S
from .._validate import check_int
from ..errors import NqpValueError
from ..fonts import use_cjk_font
from ..text import share
from .corpus import OTHER_COLOR, ROW_INCHES, _doc_labels

log = logging.getLogger(__name__)

__all__ = ["textplot_removals"]

#: the built-in steps of cleaning that are not content removals (names of the removal log)
_NOT_CONTENT = ("whitespace", "paragraph_join")
#: rules drawn in their own colour; the others are drawn together as "other rules"
_MAX_RULES = 12


def textplot_removals(summary: pd.DataFrame, ax=None, *, top: int = 20, corpus: pd.DataFrame | None = None):
    """Characters removed from the documents that lost the most, stacked by rule, with the share of
    each document they make (whitespace and paragraph breaks left out).

    ``summary``: :func:`nqp.clean_summary`'s table. ``top``: the documents drawn, most removed first;
    how many more there are, and what they lost, is said under the bars. ``corpus``: the corpus table
    (:func:`nqp.load_corpus`) to label documents by their title; without it, by ``doc_id``. The twelve
    rules that removed the most have a colour each, the rest are drawn together. Returns ``(fig, ax)``.
    """
    import matplotlib.pyplot as plt

    top = check_int("top", top, min=1)
    summary = S.check_columns(summary, "corpus", "summary", required=(S.DOC_ID, S.N_CHARS, "removed"))
    use_cjk_font()
    fixed = {S.DOC_ID, S.N_CHARS, "kept", "removed", "articles", *_NOT_CONTENT}
    rules = [c for c in summary.columns if c not in fixed and summary[c].sum() > 0]
    rules = sorted(rules, key=lambda r: (-int(summary[r].sum()), r))
    shown_rules, other_rules = rules[:_MAX_RULES], rules[_MAX_RULES:]
    data = summary.sort_values(["removed", S.DOC_ID], ascending=[False, True], kind="stable")
    hit = data[data["removed"] > 0]
    drawn = (hit if len(hit) else data).head(top)
    rest = data.iloc[len(drawn):]
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, ROW_INCHES * len(drawn) + 1.9))
    else:
        fig = ax.figure
    if corpus is not None:
        corpus = S.check_columns(corpus, "corpus", "corpus", required=(S.DOC_ID,))
        if not set(drawn[S.DOC_ID]) <= set(corpus[S.DOC_ID].astype(str)):
            raise NqpValueError("corpus: it does not hold every doc_id of summary; pass the corpus that was cleaned.")
        by_id = corpus.assign(**{S.DOC_ID: corpus[S.DOC_ID].astype(str)}).drop_duplicates(S.DOC_ID).set_index(S.DOC_ID)
        labels = _doc_labels(by_id.loc[drawn[S.DOC_ID].astype(str)].reset_index(), width=24)
    else:
        labels = drawn[S.DOC_ID].astype(str).str.slice(0, 24).tolist()
    y = np.arange(len(drawn))
    left = np.zeros(len(drawn))
    cmap = plt.get_cmap("tab20")
    for i, rule in enumerate(shown_rules):
        ax.barh(y, drawn[rule], left=left, color=cmap(i % 20), label=rule)
        left += drawn[rule].to_numpy()
    if other_rules:
        values = drawn[other_rules].sum(axis=1).to_numpy()
        ax.barh(y, values, left=left, color=OTHER_COLOR, label=f"{len(other_rules)} other rules")
    for yi, (removed, total) in enumerate(zip(drawn["removed"], drawn[S.N_CHARS])):
        ax.annotate(f"{share(removed, total)} of {total:,}", (removed, yi), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(drawn) - 0.5, -0.5)
    ax.set_xlim(0, max(1, float(drawn["removed"].max())) * 1.3)
    xlabel = "characters removed (whitespace and paragraph breaks not shown)"
    if len(rest):
        lost = int(rest["removed"].sum())
        n_lost = int((rest["removed"] > 0).sum())
        more = f"\nand {len(rest):,} more document{'s' if len(rest) != 1 else ''}"
        if n_lost:
            xlabel += more + f": {n_lost:,} of them lost {lost:,} characters in all" + (
                ", the others nothing" if n_lost < len(rest) else "")
        else:
            xlabel += more + ", from which nothing was removed"
    ax.set_xlabel(xlabel)
    if rules:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="rule")
    n = len(summary)
    ax.set_title(
        f"What cleaning removed: the {len(drawn)} document{'s' if len(drawn) != 1 else ''} that lost the most"
        if len(rest) else f"What cleaning removed from {'each of the ' + str(n) + ' documents' if n != 1 else 'the document'}"
    )
    fig.tight_layout()
    return fig, ax
