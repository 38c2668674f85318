"""`lovkode batch --no-explanation` on the columnar path: each line is what the scalar path writes
without explanations, and JSON Lines, CSV and Parquet round trips give the same answers."""
from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest

np = pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")
pytest.importorskip("hypothesis", reason="hypothesis er ikke installeret")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lovkode.cli import main  # noqa: E402
from lovkode.columnar.table import value_of  # noqa: E402
from lovkode.facts import FactsError  # noqa: E402
from lovkode.render.json_output import dumps, results_json  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "spec" / "data" / "demo-sager.jsonl"


def _demo() -> list[dict]:
    return [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]


def _scalar_line(spec, number: int, text: str) -> str:
    """The line the scalar batch (lovkode.batch.evaluate_line) writes, without explanations."""
    from lovkode.caseinput import CaseInputError, parse_line

    try:
        answers = spec.evaluate(parse_line(text.encode("utf-8"), number))
    except CaseInputError as err:
        problem = str(err)
    except FactsError as err:
        problem = err.report(f"linje {number}")
    else:
        return dumps({"linje": number, **results_json(answers, explanations=False)}, indent=None)
    return dumps({"linje": number, "fejl": problem}, indent=None)


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_line_is_the_scalar_line_bad_lines_included(spec, tmp_path, capsys, jobs):
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:40]
    lines += ['{"ukendt_faktum": null}', "ikke json", '{"vurderet_timetal": "x"}', "[1, 2]", "",
              '{"afgørelsesdato": "2024-02-30"}']
    cases = tmp_path / "sager.jsonl"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["batch", str(cases), "--no-explanation", "--jobs", str(jobs)]) == 2
    out, err = capsys.readouterr()
    want = [_scalar_line(spec, n, text) for n, text in enumerate(lines, start=1) if text.strip()]
    assert out.splitlines() == want
    assert "45 sager vurderet, 5 linjer med fejl." in err  # a null under a key that is no fact too


def _write_csv(path: Path, cases: list[dict], names: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        for case in cases:
            row = []
            for name in names:
                v = case.get(name)
                row.append("" if v is None else "true" if v is True else "false" if v is False else str(v))
            writer.writerow(row)


def _check_rows(spec, cases, rows) -> None:
    assert len(rows) == len(cases)
    for case, row in zip(cases, rows):
        answers = spec.evaluate(case)
        for q in spec.questions:
            a = answers[q]
            assert row[q] == value_of(a.value), q
            assert list(row[q + ".missing"]) == list(a.missing), q


def test_csv_in_and_out(spec, tmp_path):
    cases = _demo()
    names = list(dict.fromkeys(k for case in cases for k in case))
    _write_csv(tmp_path / "sager.csv", cases, names)
    assert main(["batch", str(tmp_path / "sager.csv"), "--no-explanation", "--output", str(tmp_path / "svar.csv")]) == 0
    with (tmp_path / "svar.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    decoded = []
    for row in rows:
        out = {}
        for key, text in row.items():
            if key.endswith((".missing", ".kilderne_tavse", ".konflikt")):
                out[key] = json.loads(text)
            elif key in spec.questions:
                out[key] = None if text == "" else {"true": True, "false": False}.get(text, text)
        decoded.append(out)
    _check_rows(spec, cases, decoded)
    assert [int(r["linje"]) for r in rows] == list(range(1, len(cases) + 1))


def test_parquet_in_and_out(spec, tmp_path):
    pa = pytest.importorskip("pyarrow", reason="Parquet kræver pyarrow (lovkode[data])")
    import pyarrow.parquet as pq

    from lovkode.columnar import batch_io

    cases = _demo()
    names = list(dict.fromkeys(k for case in cases for k in case))
    table = pa.table({name: [case.get(name) for case in cases] for name in names})
    pq.write_table(table, tmp_path / "sager.parquet")
    chunk, batch_io.CHUNK = batch_io.CHUNK, 50  # several chunks into one file
    try:
        assert main(["batch", str(tmp_path / "sager.parquet"), "--no-explanation",
                     "--output", str(tmp_path / "svar.parquet")]) == 0
    finally:
        batch_io.CHUNK = chunk
    rows = pq.read_table(tmp_path / "svar.parquet").to_pylist()
    _check_rows(spec, cases, rows)


def test_parquet_needs_a_file_to_write_to(tmp_path, capsys):
    assert main(["batch", str(DEMO), "--no-explanation", "--output-format", "parquet"]) == 2
    assert "Parquet kan ikke skrives til standard output" in capsys.readouterr().err


def _report_lines(spec, tmp_path, lines: list[str], *options: str):
    cases = tmp_path / "sager.jsonl"
    cases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / f"rapport{len(list(tmp_path.iterdir()))}.md"
    main(["batch", str(cases), "--report", str(report), *options])
    return report.read_text(encoding="utf-8")


def _sections(markdown: str) -> dict[str, str]:
    parts = markdown.split("\n## ")
    return {part.split("\n", 1)[0]: part for part in parts}


@pytest.mark.parametrize("options", [[], ["--jobs", "2"], ["--question", "ret_til_fleksjob", "--question", "alder"]],
                         ids=["one-process", "two-processes", "some-questions"])
def test_the_report_from_the_columns_has_the_figures_of_the_explaining_report(spec, tmp_path, capsys, options):
    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines += ['{"ukendt_faktum": 1}', "ikke json", '{"vurderet_timetal": "x"}', '{"a": 1, "a": 2}']
    explaining = _sections(_report_lines(spec, tmp_path, lines, *options))
    columns = _sections(_report_lines(spec, tmp_path, lines, "--no-explanation", *options))
    assert "Kørslen er uden forklaringer (--no-explanation)" in columns["Hyppigste betingelser, der ikke var opfyldt"]
    assert "Kørslen er uden forklaringer" not in explaining["Hyppigste betingelser, der ikke var opfyldt"]
    del explaining["Hyppigste betingelser, der ikke var opfyldt"], columns["Hyppigste betingelser, der ikke var opfyldt"]
    assert columns == explaining
    assert "Vurderede sager | 130 |" in columns["Oversigt"] and "kunne læses | 4 |" in columns["Oversigt"]


def test_the_report_counts_of_the_columns_equal_case_by_case_counts(spec):
    """ReportBuilder.add_columns over a chunk counts what add counts case by case (without the
    conditions, which need explanations), merged from two halves as the workers send them."""
    from lovkode.columnar.batch_io import evaluate_cases
    from lovkode.report import ReportBuilder

    cases = _demo() + [{"fødselsdato": "x"}, [1]]
    numbers = list(range(1, len(cases) + 1))
    by_case = ReportBuilder()
    for number, case in zip(numbers, cases):
        try:
            answers = spec.evaluate(case)
        except FactsError as err:
            by_case.add(number, None, err.report(f"linje {number}"))
        else:
            by_case.add(number, results_json(answers, explanations=False)["results"], None)
    merged = ReportBuilder()
    for part in (slice(0, 70), slice(70, None)):
        chunk = evaluate_cases(spec, spec.questions, numbers[part], cases[part])
        counted = ReportBuilder()
        chunk.report(counted)
        merged.merge(counted)
    for name in ("linjer", "vurderet", "fejl", "fejl_eksempler", "legalitet", "ret", "mangler", "mangler_ret",
                 "sager_med_mangler"):
        assert getattr(merged, name) == getattr(by_case, name), name
    assert merged.fejl == 2 and merged.mangler


def test_a_csv_batch_counts_its_report_from_the_columns(spec, tmp_path, capsys):
    cases = _demo()
    names = list(dict.fromkeys(k for case in cases for k in case))
    _write_csv(tmp_path / "sager.csv", cases, names)
    jsonl = tmp_path / "sager.jsonl"
    jsonl.write_text("".join(json.dumps(case, ensure_ascii=False) + "\n" for case in cases), encoding="utf-8")
    assert main(["batch", str(tmp_path / "sager.csv"), "--no-explanation", "--output", str(tmp_path / "svar.csv"),
                 "--report", str(tmp_path / "csv.md")]) == 0
    assert main(["batch", str(jsonl), "--report", str(tmp_path / "jsonl.md")]) == 0
    from_csv = _sections((tmp_path / "csv.md").read_text(encoding="utf-8"))
    explaining = _sections((tmp_path / "jsonl.md").read_text(encoding="utf-8"))
    del from_csv["Hyppigste betingelser, der ikke var opfyldt"], explaining["Hyppigste betingelser, der ikke var opfyldt"]
    assert from_csv == explaining


def test_no_report_is_written_when_the_cases_cannot_be_read(tmp_path, capsys):
    for options in ([], ["--no-explanation"]):
        assert main(["batch", str(tmp_path / "findes-ikke.jsonl"), "--report", str(tmp_path / "r.md"), *options]) == 2
        assert "findes ikke" in capsys.readouterr().err
        assert not (tmp_path / "r.md").exists()


fact_names = st.lists(st.text(alphabet="abzZæøå_1", min_size=1, max_size=4), max_size=140, unique=True)
names_and_bitsets = fact_names.flatmap(
    lambda names: st.tuples(st.just(names), st.lists(
        st.lists(st.integers(0, 2**64 - 1), min_size=len(names) // 64 + 1, max_size=len(names) // 64 + 1),
        min_size=1, max_size=6)))


@settings(max_examples=200, deadline=None)
@given(names_and_bitsets)
def test_missing_facts_are_the_set_bits_names_sorted_and_the_flag_bits_past_them_ignored(case):
    """A bitset row's missing facts: the names of its set bits (word w, bit b is name 64·w + b), sorted
    as Python sorts texts; bits past the names (the silence flag) name nothing."""
    from lovkode.columnar.table import _names

    names, rows = case
    bitsets = np.array(rows, dtype=np.uint64)
    want = [tuple(sorted(names[64 * w + b] for w, word in enumerate(row) for b in range(64)
                         if word >> b & 1 and 64 * w + b < len(names))) for row in rows]
    assert _names(bitsets, names) == want


_piece_line = st.one_of(st.sampled_from([b"", b"  ", b'{"alder": 1}', b"\xef\xbb\xbf{}", b"ikke json", b"{}\r"]),
                        st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")),
                        st.integers(40, 200).map(lambda n: b"x" * n))


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_piece_line, max_size=30), final_newline=st.booleans(), size=st.integers(1, 64),
       most=st.integers(1, 5))
def test_the_pieces_the_workers_read_give_the_lines_of_the_whole_file(tmp_path_factory, lines, final_newline, size,
                                                                     most):
    """With --jobs, each worker reads its own byte range of the input file: read piece by piece,
    with the lines before each piece, the file gives exactly the numbered lines it gives whole —
    long lines (over a piece, and over the line limit), blank lines and a missing last newline
    included."""
    from lovkode.caseinput import CaseInputError, iter_line_chunks
    from lovkode.columnar.batch_io import _file_pieces, _Piece

    path = tmp_path_factory.mktemp("pieces") / "sager.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if final_newline and lines else b""))

    def flat(chunks):
        return [(n, item.problems if isinstance(item, CaseInputError) else item)
                for chunk in chunks for n, item in chunk]

    with path.open("rb") as f:
        whole = flat(iter_line_chunks(f, 3, limit=100))
        pieces = list(_file_pieces(f.fileno(), size, most))
        assert [offset for offset, _, _ in pieces] == list(itertools.accumulate((n for _, n, _ in pieces[:-1]),
                                                                                 initial=0))[:len(pieces)]
        assert sum(n for _, n, _ in pieces) == path.stat().st_size
        read = flat(chunk for offset, length, before in pieces
                    for chunk in iter_line_chunks(_Piece(f.fileno(), offset, length), 3, limit=100, before=before))
    assert read == whole


@pytest.mark.parametrize("how", ["file", "pipe", "output"])
def test_two_processes_in_small_pieces_write_what_one_process_writes(spec, tmp_path, capsysbinary, monkeypatch, how):
    """The workers read their pieces themselves (a file) or get lines from the parent (a pipe), and
    write part files that the parent copies in order (to standard output, or to --output)."""
    import io
    import sys

    from lovkode.columnar import batch_io

    lines = DEMO.read_text(encoding="utf-8").splitlines()
    lines[3:3] = ["ikke json", "", '{"a": 1, "a": 2}', '{"vurderet_timetal": "x"}', "x" * 5000]
    cases = tmp_path / "sager.jsonl"
    cases.write_text("\n".join(lines), encoding="utf-8")  # no newline after the last line
    assert main(["batch", str(cases), "--no-explanation", "--jobs", "1"]) == 2
    want = capsysbinary.readouterr().out
    monkeypatch.setattr(batch_io, "PIECE_BYTES", 3000)
    monkeypatch.setattr(batch_io, "JOB_CHUNK", 7)
    args = ["batch", str(cases), "--no-explanation", "--jobs", "2"]
    if how == "pipe":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(cases.read_bytes()), encoding="utf-8"))
        args[1] = "-"
    if how == "output":
        args += ["--output", str(tmp_path / "svar.jsonl")]
    assert main(args) == 2
    out, err = capsysbinary.readouterr()
    assert (tmp_path / "svar.jsonl").read_bytes() == want if how == "output" else out == want
    assert f"{len([line for line in lines if line.strip()])} sager vurderet, 4 linjer med fejl." in err.decode()


_NUMBER_FACTS = ["vurderet_timetal", "vurderet_arbejdsintensitet", "aftalt_arbejdsintensitet", "månedlig_lønindtægt",
                 "dagpengenes_højeste_beløb_pr_måned", "lønloft"]
_odd_numbers = st.sampled_from(["-0", "-0.0", "0.10", "22.0", "1e5", "1E+3", "2.5E-7", "1e-400", "0.1234567",
                                "100.000001",
                                "12345678901234567.5", "0.1000000000000000055511151231257827", "999999999999.999999",
                                "1000000000000", "-1", "-17.25", "101", '"22.5"', "null", "true"])
_odd_number = st.one_of(
    _odd_numbers, _odd_numbers, st.decimals(min_value=-1000, max_value=100_000, places=2, allow_nan=False).map(str),
    st.floats(0, 60, allow_nan=False).map(repr))


@settings(max_examples=60, deadline=None)
@given(picks=st.lists(st.tuples(st.integers(0, 29), st.dictionaries(st.sampled_from(_NUMBER_FACTS), _odd_number,
                                                                    min_size=1, max_size=2)), min_size=1, max_size=3))
def test_numbers_read_as_floats_give_the_scalar_lines_odd_numbers_included(spec, picks):
    """A chunk read with its numbers as floats (where that is exact) writes each line as the scalar
    path does, whose numbers are Decimals from their digits: -0, 1e5, 0.10, too many decimals or
    digits, a number written as a text, each a value or an error row exactly as there."""
    from lovkode.columnar.batch_io import evaluate_lines

    demo = DEMO.read_text(encoding="utf-8").splitlines()
    lines = []
    for k, numbers in picks:
        case = json.loads(demo[k])
        for name in numbers:
            case[name] = "\0" + name
        text = json.dumps(case, ensure_ascii=False)
        for name, number in numbers.items():
            text = text.replace(json.dumps("\0" + name), number)
        lines.append(text)
    items = [(n, text.encode("utf-8")) for n, text in enumerate(lines, start=1)]
    got = evaluate_lines(spec, None, items).jsonl().decode("utf-8").splitlines()
    assert got == [_scalar_line(spec, n, text) for n, text in enumerate(lines, start=1)]
