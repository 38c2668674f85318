"""The output columns: the distinct missing-fact sets of a question are found by one 64-bit key per
row, and a collision of keys must never merge two different sets."""
from __future__ import annotations

import pytest

np = pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from lovkode.columnar import table  # noqa: E402


def _reference(bits):
    uniques, inverse = np.unique(bits, axis=0, return_inverse=True)
    return [tuple(u) for u in uniques[inverse.reshape(-1)]]


@pytest.mark.parametrize("words", [1, 2, 3])
def test_distinct_missing_sets_are_those_of_a_row_sort(words):
    rng = np.random.default_rng(words)
    bits = rng.integers(0, 4, size=(500, words)).astype(np.uint64) << np.uint64(61)
    uniques, inverse = table._distinct_rows(bits)
    assert [tuple(u) for u in uniques[inverse]] == _reference(bits)


def test_a_collision_of_keys_falls_back_to_the_exact_row_sort(monkeypatch):
    monkeypatch.setattr(table, "_MIX", np.uint64(0))  # every row's key is then its last word alone
    bits = np.array([[1, 7], [2, 7], [1, 7], [3, 8]], dtype=np.uint64)
    uniques, inverse = table._distinct_rows(bits)
    assert [tuple(u) for u in uniques[inverse]] == _reference(bits)
    assert len(uniques) == 3
