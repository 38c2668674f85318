"""Case input: what bytes are a case, and how each way of getting it wrong is told, in Danish."""
from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest

from lovkode import caseinput
from lovkode.caseinput import (MAX_CASE_BYTES, MAX_LINE_BYTES, CaseInputError, iter_json_lines, iter_lines,
                               parse_case_bytes, read_case)
from lovkode.messages import explain


def problem(data: bytes):
    with pytest.raises(CaseInputError) as caught:
        parse_case_bytes(data)
    (first, *_) = caught.value.problems
    return first


def test_numbers_are_exact_decimals_and_integers_stay_integers():
    assert {"a": Decimal("12.1"), "b": 7} == parse_case_bytes(b'{"a": 12.1, "b": 7}')


def test_an_integer_beyond_pythons_digit_limit_is_read_as_a_decimal_not_a_crash():
    value = parse_case_bytes(b'{"a": 1' + b"0" * 5000 + b"}")["a"]
    assert Decimal(10) ** 5000 == value


def test_a_byte_order_mark_is_skipped():
    assert {"fødselsdato": "1960-01-01"} == parse_case_bytes('\ufeff{"fødselsdato": "1960-01-01"}'.encode())


def test_a_key_given_twice_is_refused_and_named():
    found = problem(b'{"afg\xc3\xb8relsesdato": "2024-06-01", "afg\xc3\xb8relsesdato": "2020-01-01"}')
    assert ("LK709", "afgørelsesdato") == (found.code, found.key)
    assert "`afgørelsesdato` er angivet mere end én gang" in found.message


def test_a_bad_byte_is_located():
    found = problem(b'{"a": 1,\n "b": "\xff"}')
    assert ("LK712", 2, 8) == (found.code, found.line, found.column)
    assert "0xFF" in found.message


@pytest.mark.parametrize("data", [b'{"\\ud800": 1}', b'{"a": "x\\udfff"}', b'{"a": ["\\uDC00"]}', b'"\\ud800"'])
def test_a_lone_surrogate_escape_is_refused(data):
    found = problem(data)
    assert "LK713" == found.code
    found.message.encode("utf-8")  # the message itself can always be printed


def test_a_surrogate_pair_is_one_character_and_fine():
    assert {"a": "😀"} == parse_case_bytes(b'{"a": "\\ud83d\\ude00"}')


@pytest.mark.parametrize("data, words", [
    (b'{"a": NaN}', "NaN er ikke et gyldigt tal"),
    (b'{"a": 1', "her mangler et komma"),
    (b"   ", "er tom"),
    (b"[" * 100_000, "indlejret for dybt"),
])
def test_bad_json_is_told_in_danish(data, words):
    found = problem(data)
    assert "LK711" == found.code and words in found.message


def test_a_case_over_the_limit_is_refused_before_parsing():
    found = problem(b" " * (MAX_CASE_BYTES + 1))
    assert "LK714" == found.code


def test_every_code_here_is_explained():
    used = set(re.findall(r'"(LK7\d\d)"', Path(caseinput.__file__).read_text(encoding="utf-8")))
    assert used and [] == [code for code in sorted(used) if explain(code) is None]


# --------------------------------------------------------------------------------------------
# Case files

def test_a_missing_file_a_folder_and_an_endless_device_are_danish_errors(tmp_path):
    for path, words in [(str(tmp_path / "findes-ikke.json"), "findes ikke"), (str(tmp_path), "er en mappe"),
                        ("/dev/zero", "for stor")]:
        with pytest.raises(CaseInputError) as caught:
            read_case(path)
        assert words in str(caught.value)


def test_a_huge_file_is_not_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "stor.json"
    with open(path, "wb") as out:
        out.truncate(50_000_000)
    sizes = []
    real = caseinput._read_at_most

    def spy(stream, limit):
        data = real(stream, limit)
        sizes.append(len(data))
        return data

    monkeypatch.setattr(caseinput, "_read_at_most", spy)
    with pytest.raises(CaseInputError) as caught:
        read_case(str(path))
    assert "LK714" == caught.value.problems[0].code
    assert [MAX_CASE_BYTES + 1] == sizes


# --------------------------------------------------------------------------------------------
# JSON Lines

def lines(data: bytes):
    return list(iter_json_lines(io.BytesIO(data)))


def test_lines_are_split_on_newline_only_so_a_bare_cr_stays_inside():
    got = lines(b'{"f\xc3\xb8dselsdato":\r"1960-01-01"}\n{"a": 2}\r\n\n{"b": 3}')
    assert [(1, {"fødselsdato": "1960-01-01"}), (2, {"a": 2}), (4, {"b": 3})] == got


def test_one_bad_line_is_an_error_for_that_line_only():
    got = lines(b'{"a": 1}\n{"a": "\xff"}\n{"\\ud800": 1}\n{"a": 1, "a": 2}\n{"a": 4}\n')
    assert [1, 2, 3, 4, 5] == [n for n, _ in got]
    assert {"a": 1} == got[0][1] and {"a": 4} == got[4][1]
    codes = [(v.problems[0].code, v.problems[0].line) for _, v in got[1:4]]
    assert [("LK712", 2), ("LK713", 3), ("LK709", 4)] == codes


def test_a_byte_order_mark_on_the_first_line_is_skipped():
    assert [(1, {"a": 1}), (2, {"b": 2})] == lines(b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n')


def test_an_overlong_line_is_skipped_without_holding_it():
    class Chunks(io.RawIOBase):
        """A stream that hands out at most 64 KiB a read, as a pipe does."""

        def __init__(self, data):
            self.data = io.BytesIO(data)

        def readable(self):
            return True

        def read1(self, n=-1):
            return self.data.read(min(n, 1 << 16))

    data = b'{"a": 1}\n' + b"x" * (3 * MAX_LINE_BYTES) + b'\n{"b": 2}'
    got = list(iter_lines(Chunks(data)))
    assert [1, 2, 3] == [n for n, _ in got]
    assert isinstance(got[1][1], CaseInputError) and "LK714" == got[1][1].problems[0].code
    assert b'{"b": 2}' == got[2][1]


def test_errors_survive_pickling_for_batch_workers():
    import pickle

    err = lines(b'{"a": 1, "a": 2}')[0][1]
    again = pickle.loads(pickle.dumps(err))
    assert (err.problems, err.origin, str(err)) == (again.problems, again.origin, str(again))
