"""JSON Lines read by Arrow's JSON reader (the columnar batch's quick reading) give every line
exactly what the reading by ``json`` gives: the same answers, the same error rows with the same
Danish wording, whatever hostile lines a chunk holds beside the ordinary ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")
pytest.importorskip("pyarrow", reason="Arrows JSON-læser kræver pyarrow (lovkode[data])")
pytest.importorskip("hypothesis", reason="hypothesis er ikke installeret")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lovkode.columnar.batch_io import _arrow_lines, evaluate_lines  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEMO = [line for line in (ROOT / "spec" / "data" / "demo-sager.jsonl").read_bytes().split(b"\n") if line.strip()]
BOOL_FACT, NUMBER_FACT, DATE_FACT, CHOICE_FACT = ("arbejdsevne_varigt_nedsat", "vurderet_timetal", "afgørelsesdato",
                                                  "kommunens_afgørelse")


def _both(spec, items):
    """The chunk's output and error rows read by Arrow, and read by ``json`` (the old reading)."""
    new, old = evaluate_lines(spec, None, items), evaluate_lines(spec, None, items, arrow=False)
    return (new.jsonl(), new.errors), (old.jsonl(), old.errors)


def _with(line: bytes, key: str, value: bytes) -> bytes:
    """The case with ``key`` set to the JSON text ``value`` (added at the end if absent)."""
    case = json.loads(line)
    case[key] = "\0marker"
    text = json.dumps(case, ensure_ascii=False).encode("utf-8")
    return text.replace(b'"\\u0000marker"', value)


_VALUES = {
    BOOL_FACT: [b"1", b"0", b'"true"', b"null", b"true", b"false", b"{}", b"[]"],
    NUMBER_FACT: [b"22.5", b"-0", b"-0.0", b"1e3", b"1E+2", b"1e400", b"1e-7", b"-1.5e-3", b"0.1234567", b"0.10000000",
                  b"12345678901234567.5", b"123456789012345678901234", b"999999999999.999999", b"1000000000000",
                  b"0.1000000000000000055511151231257827", b'"22.5"', b'"x"', b"true", b"null", b"NaN", b"Infinity",
                  b"[1]", b"37", b"101", b"-1"],
    DATE_FACT: [b'"2024-02-30"', b'"2024-06-01"', b'"2024-6-1"', b"20240601", b"true", b'"\\u0032024-06-01"',
                b'"2024-06-01 "', b'"\\ud800"', b'"2024\\"06-01"', b'"\xff"', b"null"],
    CHOICE_FACT: [b'"bevilget"', b'"afslag"', b'"ja:nej"', b'"\\u00e6"', b"5", b'"\\ud83d\\ude00"', b'"\\ud800"',
                  b'"a\\"b"', b'""', b'"\xc3"', b"null", b'"\xed\xa0\x80"'],
    "ukendt_faktum": [b"null", b"1"],
}
_keys = st.sampled_from(sorted(_VALUES))
_edits = st.one_of(
    st.tuples(st.just("value"), _keys.flatmap(lambda k: st.tuples(st.just(k), st.sampled_from(_VALUES[k])))),
    st.tuples(st.just("whole"), st.sampled_from([b"[1]", b"5", b"{}", b"{}{}", b'"x"', b"null", b"{", b"{ }", b"} {"])),
    st.tuples(st.just("twice"), _keys),  # a key given twice: json keeps the last value, the contract refuses it
    st.tuples(st.just("around"), st.sampled_from([b"\r", b"  ", b"\t", b" \r", b"\x0c"])),
    st.tuples(st.just("before"), st.sampled_from([b"\xef\xbb\xbf", b" ", b"\t"])),
    st.tuples(st.just("key"), st.sampled_from([b'"\xff": true', b'"\xc3": 1', b'"vurderet_timetal\xed\xa0\x80": 1',
                                               b'"\\u0076urderet_timetal": 1'])),
    st.tuples(st.just("split"), st.just(None)),  # the object across two lines
    st.tuples(st.just("pair"), st.just(None)),  # two objects on the line
)


def _edited(line: bytes, edit) -> list[bytes]:
    what, arg = edit
    if what == "value":
        return [_with(line, *arg)]
    if what == "whole":
        return [arg]
    if what == "twice":
        case = json.loads(line)
        first = json.dumps(case.get(arg, True)).encode()
        return [line[:-1] + b', "' + arg.encode("utf-8") + b'": ' + first + b"}"]
    if what == "key":
        return [line[:-1] + b", " + arg + b"}"]
    if what == "around":
        return [line + arg]
    if what == "before":
        return [arg + line]
    if what == "split":
        at = line.index(b",")
        return [line[:at], line[at + 1:]]
    return [line + b" " + line]


_lines = st.lists(st.tuples(st.integers(0, len(DEMO) - 1), st.one_of(st.none(), st.none(), _edits)),
                  min_size=1, max_size=6)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(picks=_lines, gaps=st.lists(st.integers(1, 3), min_size=8, max_size=8))
def test_a_chunk_read_by_arrow_gives_each_line_what_json_gives_hostile_lines_included(spec, picks, gaps):
    """Numbers as text or with too many digits, bools as numbers, duplicate keys, nulls, lines that
    are no object or two, lone surrogates, invalid UTF-8, byte-order marks, carriage returns."""
    datas = [data for k, edit in picks for data in ([DEMO[k]] if edit is None else _edited(DEMO[k], edit))]
    numbers, number = [], 0
    for i in range(len(datas)):
        number += gaps[i % len(gaps)]
        numbers.append(number)
    items = list(zip(numbers, datas))
    new, old = _both(spec, items)
    assert new == old


def test_an_ordinary_chunk_is_read_by_arrow(spec):
    """The property above would hold trivially if Arrow read nothing: the demo cases it does read."""
    items = list(enumerate(DEMO, start=1))
    assert _arrow_lines(spec, None, items) is not None
    new, old = _both(spec, items)
    assert new == old


@pytest.mark.parametrize("lines", [
    [_with(DEMO[0], NUMBER_FACT, b'"22.5"')],  # the decimal column would take the text
    [_with(DEMO[0], NUMBER_FACT, b'"22.5"'), _with(DEMO[1], DATE_FACT, b"null")],  # the same beside a null
    [_with(DEMO[0], NUMBER_FACT, b'"22.5"'), _with(DEMO[1], CHOICE_FACT, b'"x\\": \\""')],  # an escaped key in a text
    [_with(DEMO[0], NUMBER_FACT, b"null"), _with(DEMO[1], CHOICE_FACT, b'"a\\u00e6"')],  # a null where escapes are
    [_with(DEMO[0], NUMBER_FACT, b'"22.5"'), _with(DEMO[1], CHOICE_FACT, b'"ja:"')],  # a text that ends in a colon
    [_with(DEMO[0], NUMBER_FACT, b'"22.5"').replace(b'": "', b'":\t"', 1)],  # other white space after a colon
    [DEMO[0] + b" " + DEMO[1]],  # two rows from one line
    [DEMO[0][:DEMO[0].index(b",")], DEMO[0][DEMO[0].index(b",") + 1:], DEMO[1] + DEMO[2]],  # 1 + 2 rows for 3 lines
    [_with(DEMO[0], BOOL_FACT, b"1")],
    [_with(DEMO[0], CHOICE_FACT, b'"\\ud800"')],
    [_with(DEMO[0], CHOICE_FACT, b'"a\\"b"')],
    [DEMO[0], b"\xef\xbb\xbf" + DEMO[1]],
    [_with(DEMO[0], CHOICE_FACT, b'"\xc3"')],  # Arrow's reader copies a string's bytes unchecked
    [_with(DEMO[0], DATE_FACT, b'"2024-06-\xed\xa0\x80"')],
])
def test_what_arrow_would_read_otherwise_goes_the_old_way(spec, lines):
    items = list(enumerate(lines, start=1))
    assert _arrow_lines(spec, None, items) is None
    new, old = _both(spec, items)
    assert new == old


@pytest.mark.parametrize("lines", [
    [_with(DEMO[0], NUMBER_FACT, b"null")],
    [_with(_with(DEMO[0], NUMBER_FACT, b"null"), DATE_FACT, b"null"), _with(DEMO[1], BOOL_FACT, b"null")],
    [_with(DEMO[0], NUMBER_FACT, b"null"), _with(DEMO[1], CHOICE_FACT, b'"ja: null"')],
])
def test_a_null_value_an_unknown_is_read_by_arrow_too(spec, lines):
    """A register often writes an unknown fact as null; without escapes in the chunk a null costs the
    quick reading nothing (a number as a text is found by its key instead of by counting quotes)."""
    items = list(enumerate(lines, start=1))
    if b"\\" in b"".join(lines):
        assert _arrow_lines(spec, None, items) is None
    else:
        assert _arrow_lines(spec, None, items) is not None
    new, old = _both(spec, items)
    assert new == old


def test_a_fact_the_contract_refuses_is_an_error_row_worded_from_the_line_as_written(spec):
    """Arrow reads the chunk; the bad line alone is an error row, with the line's own number and the
    message the old reading gives."""
    lines = [DEMO[0], _with(DEMO[1], NUMBER_FACT, b"1234567890123.5"), _with(DEMO[2], DATE_FACT, b'"2024-02-30"'),
             DEMO[3]]
    items = list(zip([3, 7, 8, 12], lines))
    assert _arrow_lines(spec, None, items) is not None
    new, old = _both(spec, items)
    assert new == old
    assert sorted(new[1]) == [1, 2]
    assert new[1][1].startswith("linje 7") and new[1][2].startswith("linje 8")


def test_arrow_columns_that_start_inside_their_buffers_are_read_from_their_offset(spec):
    """A slice of a table (as Parquet batches may be) shares its parent's buffers: its booleans,
    nulls and dates are read from its own offset on."""
    import pyarrow as pa

    cases = [json.loads(line) for line in DEMO[:40]]
    names = sorted({name for case in cases for name in case})
    table = pa.record_batch({name: pa.array([case.get(name) for case in cases]) for name in names}).slice(5, 30)
    assert table.column(names[0]).offset == 5
    want = spec.evaluate_table(cases[5:35])
    got = spec.evaluate_table(table)
    assert all(got[name] == want[name] for name in want.columns)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(picks=_lines, blanks=st.lists(st.sampled_from([b"", b"  ", b"\r"]), max_size=3), bom=st.booleans(),
       crlf=st.booleans(), final_newline=st.booleans(), size=st.sampled_from([1 << 10, 1 << 23]), keep=st.booleans())
def test_a_file_read_in_pieces_of_whole_lines_gives_what_its_lines_read_one_by_one_give(
        spec, tmp_path, picks, blanks, bom, crlf, final_newline, size, keep):
    """The batch reads a regular file in pieces of whole lines, each read by Arrow as it is where it
    can: line numbers, blank lines, a byte-order mark, CRLF, a last line without newline and a line
    longer than a piece come out as when the lines are read one by one the old way; so too where
    one process has the pieces' bytes and newlines from finding them (``keep``)."""
    import io
    import os

    from lovkode.caseinput import iter_line_chunks
    from lovkode.columnar.batch_io import _file_pieces, _piece_chunks

    lines = [data for k, edit in picks for data in ([DEMO[k]] if edit is None else _edited(DEMO[k], edit))]
    for at, blank in enumerate(blanks):
        lines.insert(at * 2 % (len(lines) + 1), blank)
    data = (b"\xef\xbb\xbf" if bom else b"") + (b"\r\n" if crlf else b"\n").join(lines) + (b"\n" if final_newline else b"")
    path = tmp_path / "sager.jsonl"
    path.write_bytes(data)
    want = [evaluate_lines(spec, None, items, arrow=False) for items in iter_line_chunks(io.BytesIO(data), 4096)]
    fd = os.open(path, os.O_RDONLY)
    try:
        got = [chunk for piece in _file_pieces(fd, size, 4, keep) for chunk in _piece_chunks(spec, None, fd, *piece)]
    finally:
        os.close(fd)
    assert b"".join(c.jsonl() for c in got) == b"".join(c.jsonl() for c in want)
    assert [e for c in got for e in c.errors.values()] == [e for c in want for e in c.errors.values()]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_without_pyarrow_the_batch_reads_the_lines_the_old_way_and_writes_the_same(spec, tmp_path, capsysbinary,
                                                                                  monkeypatch, jobs):
    """The core install (numpy without pyarrow, as ``lovkode[data]`` may be missing it) keeps working."""
    import sys

    from lovkode.cli import main
    from lovkode.columnar import batch_io

    lines = DEMO[:30] + [b"", b"ikke json", _with(DEMO[0], NUMBER_FACT, b'"22.5"'), DEMO[1] + b"\r"]
    path = tmp_path / "sager.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    args = ["batch", str(path), "--no-explanation", "--jobs", jobs]
    assert main(args) == 2
    want = capsysbinary.readouterr()
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    monkeypatch.setattr(batch_io, "_READERS", batch_io.weakref.WeakKeyDictionary())
    assert batch_io._arrow_reader(spec) is None
    assert main(args) == 2
    assert capsysbinary.readouterr() == want
