"""Joining unknowns: the missing facts of all, and each silence, conflict and undefined operation once,
in the order met — the quick path for unknowns with only missing facts gives what the full one gives."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lovkode.values import Silence, SilenceKind, Ukendt, UndefinedKind, merge, strict

_silences = st.builds(Silence, st.sampled_from(list(SilenceKind)), st.sampled_from(["sats", "loft"]),
                      st.sampled_from([None, 2024, "x"]))
_unknowns = st.builds(Ukendt, st.frozensets(st.sampled_from("abcde"), max_size=3),
                      st.lists(_silences, max_size=2).map(tuple),
                      st.lists(st.sampled_from([("a",), ("b", "c")]), max_size=2).map(tuple),
                      st.lists(st.sampled_from(list(UndefinedKind)), max_size=2).map(tuple))
_plain = st.builds(Ukendt, st.frozensets(st.sampled_from("abcde"), max_size=3))


def _once(parts):
    kept = []
    for part in parts:
        if part not in kept:
            kept.append(part)
    return tuple(kept)


@given(unknowns=st.lists(st.one_of(_plain, _unknowns), min_size=1, max_size=5))
def test_merged_unknowns_keep_every_missing_fact_and_each_reason_once_in_order(unknowns):
    merged = merge(unknowns)
    assert merged.missing == frozenset().union(*(u.missing for u in unknowns))
    assert merged.silent == _once(s for u in unknowns for s in u.silent)
    assert merged.conflict == _once(c for u in unknowns for c in u.conflict)
    assert merged.undefined == _once(d for u in unknowns for d in u.undefined)
    hopeless = any(not u.missing for u in unknowns)
    assert strict(unknowns).missing == (frozenset() if hopeless else merged.missing)
