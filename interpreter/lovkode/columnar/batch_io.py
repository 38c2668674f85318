"""`lovkode batch --no-explanation` on the columnar path: values and missing facts only, many cases
in chunks, in constant memory, read and written as JSON Lines, CSV or Parquet.

The format follows the file's extension (``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``) or
``--input-format``/``--output-format``; standard input and output are JSON Lines. Each output row
carries ``linje``: the line number for JSON Lines, the record number (from 1) for CSV and Parquet.
A JSON Lines line is exactly what the scalar path writes without explanations. In CSV the lists
(``missing``, ``kilderne_tavse``, ``anbefalinger``) are JSON text. A bad case is reported on stderr
with its line and as an error row, and does not stop the others.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path

from ..facts import FactsError
from ..render.json_output import dumps
from ..types import AMOUNT, BOOL, HOURS, NUMBER, PERCENT

CHUNK = 4096
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
           ".pq": "parquet"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")

_SPEC = None
_QUESTIONS = None


def available() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def format_of(path: str | None, given: str | None) -> str:
    if given:
        return given
    if path is None or path == "-":
        return "jsonl"
    return FORMATS.get(Path(path).suffix.lower(), "jsonl")


# reading ------------------------------------------------------------------------------------------

def _jsonl_chunks(stream, size: int):
    """[(line number, bytes or CaseInputError)] per chunk of non-blank lines, read as the scalar batch
    reads them (:func:`lovkode.caseinput.iter_lines`: split on \\n only, bounded, a bad line is its own error)."""
    from ..caseinput import iter_lines

    lines = iter_lines(stream)
    while True:
        chunk = list(itertools.islice(lines, size))
        if not chunk:
            return
        yield chunk


def _csv_value(text: str, type_):
    """A CSV cell as the JSON value it stands for: empty is null, numbers from their digits."""
    if text == "":
        return None
    if type_ is None:
        return text
    kind = type_.kind
    if kind == BOOL:
        return {"true": True, "false": False}.get(text, text)
    if kind in (NUMBER, HOURS, PERCENT, AMOUNT) and _NUMBER.fullmatch(text):
        return Decimal(text)
    return text


def _csv_chunks(stream, size: int, fact_types):
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        return
    types = [fact_types.get(name) for name in header]
    number = 0
    while True:
        rows = list(itertools.islice(reader, size))
        if not rows:
            return
        chunk = []
        for row in rows:
            number += 1
            case = {name: _csv_value(cell, t) for name, cell, t in zip(header, row, types) if cell != ""}
            chunk.append((number, case))
        yield chunk


def _parquet_chunks(path: str, size: int):
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
        yield number + 1, batch
        number += batch.num_rows


# evaluating a chunk ------------------------------------------------------------------------------

def evaluate_cases(spec, questions, items):
    """[(line number, JSON text or a case dict)] → the chunk's TableResult, line numbers and the
    problems of lines that are not cases (JSON errors)."""
    from ..caseinput import CaseInputError, parse_line
    from .table import evaluate_columns

    numbers, cases, broken = [], [], {}
    for number, item in items:
        numbers.append(number)
        case = item
        try:
            if isinstance(item, CaseInputError):
                raise item
            if isinstance(item, bytes):
                case = parse_line(item, number)
        except CaseInputError as err:
            broken[len(cases)] = str(err)
            case = {}
        cases.append(case)
    columns = _arrow_columns(cases)
    if columns is None:
        names = list(dict.fromkeys(k for case in cases if isinstance(case, dict) for k in case))
        columns = {name: [case.get(name) if isinstance(case, dict) else None for case in cases] for name in names}
    result = evaluate_columns(spec, len(cases), columns, questions, rows=cases)
    return result, numbers, broken


def _arrow_columns(cases):
    """The cases' columns through Arrow's converter (in C++), when every value of a key has one
    kind; None otherwise (then built in Python). Decimals keep their value (7 may read as 7.0)."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    try:
        struct = pa.array(cases)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    if not pa.types.is_struct(struct.type):
        return None
    if any(pa.types.is_floating(field.type) for field in struct.type):  # a float column takes True as 1.0
        return None
    return {struct.type.field(i).name: struct.field(i) for i in range(struct.type.num_fields)}


def _error_text(result, i: int, number: int, broken: dict) -> str:
    if i in broken:
        return broken[i]
    return FactsError(result.problems[i]).report(f"linje {number}")


def jsonl_lines(result, numbers, broken):
    """The chunk's output lines, each with its error text or None."""
    for (i, number), (_, text, _) in zip(enumerate(numbers), result.json_lines()):
        if i in broken or text is None:
            error = _error_text(result, i, number, broken)
            yield dumps({"linje": number, "fejl": error}, indent=None), error
        else:
            yield f'{{"linje":{number},{text[1:]}', None


def _init_worker(spec_path, questions) -> None:
    global _SPEC, _QUESTIONS
    from ..pipeline import load

    _SPEC, _QUESTIONS = load(spec_path), questions


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def _worker_chunk(items):
    result, numbers, broken = evaluate_cases(_SPEC, _QUESTIONS, items)
    return list(jsonl_lines(result, numbers, broken))


# writing -------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, kind: str, target: str | None, questions):
        self.kind = kind
        self.questions = questions
        self.target = target
        self._parquet = None
        self._csv = None
        if kind == "parquet":
            if target in (None, "-"):
                raise ValueError("Parquet kan ikke skrives til standard output: angiv en fil med --output.")
            self.stream = None
        else:
            self.stream = sys.stdout if target in (None, "-") else open(target + ".tmp", "w", encoding="utf-8",
                                                                         newline="")

    def lines(self, lines) -> None:
        self.stream.write("".join(line + "\n" for line in lines))

    def table(self, result, numbers, errors) -> None:
        """CSV or Parquet: the result's columns, with ``linje`` and ``fejl`` as text."""
        columns = {"linje": numbers}
        for name, values in result.columns.items():
            if name == "fejl":
                continue
            columns[name] = values
        columns["fejl"] = errors
        if self.kind == "csv":
            if self._csv is None:
                self._csv = csv.writer(self.stream)
                self._csv.writerow(list(columns))
            names = list(columns)
            for i in range(len(numbers)):
                self._csv.writerow([_csv_cell(columns[name][i]) for name in names])
            return
        import pyarrow.parquet as pq

        from .table import to_arrow

        table = to_arrow(columns, self.questions, result.kinds, error_text=True)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.target + ".tmp", table.schema)
        self._parquet.write_table(table)

    def close(self, ok: bool) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self.stream is not None and self.stream is not sys.stdout:
            self.stream.close()
        elif self.stream is sys.stdout:
            self.stream.flush()
        if self.target not in (None, "-"):
            tmp = Path(self.target + ".tmp")
            if ok and tmp.exists():
                tmp.replace(self.target)
            elif tmp.exists():
                tmp.unlink()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, tuple):
        return json.dumps([list(v) if isinstance(v, tuple) else v for v in value], ensure_ascii=False)
    return str(value)


# the command ----------------------------------------------------------------------------------------

def run(args, spec) -> int:
    """``lovkode batch --no-explanation``: returns the exit code (2 if any line was bad)."""
    in_kind = format_of(args.cases, getattr(args, "input_format", None))
    out_kind = format_of(getattr(args, "output", None), getattr(args, "output_format", None))
    questions = spec._questions(args.questions)
    if in_kind == "parquet" and args.cases == "-":
        _err("Parquet kan ikke læses fra standard input: angiv filen.")
        return 2
    if "parquet" in (in_kind, out_kind):
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            _err("Parquet kræver pyarrow: installér `lovkode[data]`.")
            return 2
    try:
        writer = _Writer(out_kind, getattr(args, "output", None), questions)
    except ValueError as err:
        _err(str(err))
        return 2
    except OSError as err:
        _err(f"Resultatet kan ikke skrives til `{args.output}`: {err.strerror or err}.")
        return 2
    stream = None
    total = bad = 0
    ok = False
    pool = None
    try:
        if in_kind != "parquet":
            try:
                if in_kind == "jsonl":
                    stream = sys.stdin.buffer if args.cases == "-" else open(args.cases, "rb")
                else:
                    stream = sys.stdin if args.cases == "-" else open(args.cases, encoding="utf-8-sig", newline="")
            except FileNotFoundError:
                _err(f"Filen `{args.cases}` findes ikke.")
                return 2
            except OSError as err:
                _err(f"Filen `{args.cases}` kan ikke læses: {err.strerror or err}.")
                return 2
        if in_kind == "jsonl":
            chunks = _jsonl_chunks(stream, CHUNK)
        elif in_kind == "csv":
            chunks = _csv_chunks(stream, CHUNK, spec._fact_types)
        else:
            chunks = None
        jobs = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
        if in_kind == "jsonl" and out_kind == "jsonl" and jobs > 1:
            import multiprocessing

            pool = multiprocessing.get_context("spawn").Pool(jobs, initializer=_init_worker,
                                                             initargs=(args.spec, args.questions))
            for lines in pool.imap(_worker_chunk, chunks):
                writer.lines(text for text, _ in lines)
                for _, error in lines:
                    total += 1
                    if error is not None:
                        bad += 1
                        _err(error)
        else:
            for result, numbers, broken in _results(spec, questions, in_kind, chunks, args.cases):
                lines = list(jsonl_lines(result, numbers, broken))
                errors = [error for _, error in lines]
                if out_kind == "jsonl":
                    writer.lines(text for text, _ in lines)
                else:
                    writer.table(result, numbers, errors)
                for error in errors:
                    total += 1
                    if error is not None:
                        bad += 1
                        _err(error)
        ok = True
    except UnicodeDecodeError:
        _err("Filen er ikke UTF-8-tekst.")
        return 2
    except OSError as err:
        _err(f"Filen kan ikke læses eller skrives: {err.strerror or err}.")
        return 2
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if stream is not None and stream is not sys.stdin:
            stream.close()
        writer.close(ok)
    _err(f"{total} sager vurderet, {bad} linjer med fejl.")
    return 2 if bad else 0


def _results(spec, questions, in_kind, chunks, path):
    if in_kind == "parquet":
        from .table import evaluate_columns, read_columns

        for first, batch in _parquet_chunks(path, CHUNK):
            n, columns = read_columns(batch)
            result = evaluate_columns(spec, n, columns, questions)
            yield result, list(range(first, first + n)), {}
        return
    for chunk in chunks:
        yield evaluate_cases(spec, questions, chunk)
