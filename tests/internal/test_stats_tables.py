"""Private building blocks of nqp.stats: the bucketed top-k per row."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp


@pytest.mark.parametrize(
    "top, shape, density, signed",
    [(1, (40, 300), 0.3, False), (3, (40, 300), 0.3, False), (100, (40, 300), 0.3, False),
     (10, (60, 500), 0.1, True), (5, (3000, 3000), 0.0005, False)],
)
@pytest.mark.parametrize("block", [None, 97])
def test_top_per_row_matches_full_sort(top, shape, density, signed, block, monkeypatch):
    if block:  # work through small_tokens blocks of rows, as on big matrices
        import sys

        monkeypatch.setattr(sys.modules["nqp.stats._tables"], "_BLOCK", block)
    rng = np.random.default_rng(top)
    m = sp.random(*shape, density=density, random_state=rng, format="csr")
    m.data = np.round(m.data * 4) / 4 + (-0.5 if signed else 0.25)  # many ties; zeros and negatives if signed
    if shape[0] == 3000:  # one long row of equal values: the exact-sort fallback
        m = sp.vstack([m, sp.csr_matrix(np.full((1, 3000), 0.5))]).tocsr()
    from nqp.stats._tables import _top_per_row

    rows, cols, vals, ranks, entry = _top_per_row(m, top)
    np.testing.assert_array_equal(m.data[entry], vals)
    # the plain way: every non-zero entry, sorted by row, value descending, column; the first `top` of each row
    c = m.tocoo()
    nz = c.data != 0
    r, j, v = c.row[nz], c.col[nz], c.data[nz]
    order = np.lexsort((j, -v, r))
    r, j = r[order], j[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r) + 1
    np.testing.assert_array_equal(rows, r[rank <= top])
    np.testing.assert_array_equal(cols, j[rank <= top])
    np.testing.assert_array_equal(ranks, rank[rank <= top])


def test_the_one_g2_and_chi2_match_scipy():
    from scipy.stats import chi2_contingency

    from nqp.stats._tables import chi2, g2

    rng = np.random.default_rng(0)
    tables = rng.integers(0, 40, size=(200, 4)).astype(float)
    tables[:20, 0] = 0  # zero cells: 0 * ln 0 = 0
    tables[20:40, 3] = 0
    tables = tables[(tables[:, :2].sum(axis=1) > 0) & (tables[:, 2:].sum(axis=1) > 0)
                    & (tables[:, [0, 2]].sum(axis=1) > 0) & (tables[:, [1, 3]].sum(axis=1) > 0)]
    got_g2, got_chi2 = g2(*tables.T), chi2(*tables.T)
    for t, a, b in zip(tables, got_g2, got_chi2):
        table = t.reshape(2, 2)
        assert a == pytest.approx(chi2_contingency(table, correction=False, lambda_="log-likelihood")[0], abs=1e-9)
        assert b == pytest.approx(chi2_contingency(table, correction=False)[0], abs=1e-9)
    assert g2([], [], [], []).shape == (0,)
