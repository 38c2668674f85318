"""What the sources are silent about, over columns: a row given silences by several operands gets
each message once, in the order the scalar path merges them (:func:`lovkode.values.merge`); a row
given them by one operand gets that operand's; and a column's silences are read only where it
carries the flag, so sharing an operand's array can never show a row's silence on another row."""
from __future__ import annotations

import pytest

np = pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from lovkode.columnar import arrays as A  # noqa: E402

FRAME = A.Frame(4, 3)


def _silent(rows, messages):
    return FRAME.silent(A.BOOL, np.array(rows), messages)


def _result(rows):
    """An unknown result flagged on ``rows``, its silences still to be found."""
    return FRAME.flagged(A.BOOL, np.array(rows))


def _shown(col):
    """Each row's silences as the output shows them: only where the column is flagged."""
    flagged = FRAME.has_flag(col) & col.unk
    return [tuple(col.sil[i] or ()) if flagged[i] and col.sil is not None else () for i in range(FRAME.n)]


def test_one_operand_gives_its_own_silences():
    a = _silent([True, False, True, False], ["a0", "a2"])
    result = FRAME.with_silence(_result([True, False, True, False]), [(None, a)])
    assert _shown(result) == [("a0",), (), ("a2",), ()]


def test_several_operands_give_each_message_once_in_their_order():
    a = _silent([True, True, True, False], ["x", "x", "a2"])
    b = _silent([True, True, False, True], ["x", "b1", "b3"])
    result = FRAME.with_silence(_result([True, True, True, True]), [(None, a), (None, b)])
    assert _shown(result) == [("x",), ("x", "b1"), ("a2",), ("b3",)]


def test_an_operand_gives_only_on_the_rows_it_is_taken_on():
    a = _silent([True, True, False, False], ["a0", "a1"])
    b = _silent([True, True, False, False], ["b0", "b1"])
    taken = np.array([True, False, False, False])
    result = FRAME.with_silence(_result([True, True, False, False]), [(taken, a), (None, b)])
    assert _shown(result) == [("a0", "b0"), ("b1",), (), ()]


def test_a_flag_without_silences_shows_none():
    a = _silent([True, False, False, False], ["a0"])
    result = FRAME.with_silence(_result([True, True, False, False]), [(None, a)])
    assert _shown(result) == [("a0",), (), (), ()]


def test_a_selection_keeps_each_rows_silences_with_its_flag():
    a = _silent([True, False, True, False], ["a0", "a2"])
    b = _silent([False, True, False, True], ["b1", "b3"])
    picked = A.select(np.array([True, True, False, False]), a, b)
    assert _shown(picked) == [("a0",), (), (), ("b3",)]
    assert picked.unk.tolist() == [True, False, False, True]
