"""`lovkode batch --no-explanation` on the columnar path: values and missing facts only, many cases
in chunks, in constant memory, read and written as JSON Lines, CSV or Parquet.

The format follows the file's extension (``.jsonl``/``.ndjson``, ``.csv``, ``.parquet``) or
``--input-format``/``--output-format``; standard input and output are JSON Lines. Each output row
carries ``linje``: the line number for JSON Lines, the record number (from 1) for CSV and Parquet.
A JSON Lines line is exactly what the scalar path writes without explanations. In CSV the lists
(``missing``, ``kilderne_tavse``, ``anbefalinger``) are JSON text. A bad case is reported on stderr
with its line and as an error row, and does not stop the others. ``--report`` is counted from the
result columns chunk by chunk (:meth:`lovkode.report.ReportBuilder.add_columns`).

Where the time goes, and why the design: a chunk of JSON Lines — a piece of whole lines of a
regular file, as it is — is read by Arrow's JSON reader (C++) straight into columns, with a schema
from the fact types and checks that rule out whatever it would read otherwise than ``json``
(:func:`_arrow_text`); where they fail, or without pyarrow, it is parsed at once by
:func:`lovkode.caseinput.parse_lines` (the same guarantees as line by line; its numbers as floats
in C where each float is exactly the decimal of its digits) and put in columns. An error row's case
is read again as written. The columns are evaluated and written as bytes, each distinct answer's
text made once (:class:`JsonLines`). With ``--jobs`` the parent does next to
nothing per line: it cuts the input file into byte ranges (counting their newlines with numpy, for
the line numbers), each worker reads its range itself, evaluates it and writes its output to a part
file, and the parent has the kernel copy the parts to the output in order (``sendfile``); from a
pipe the parent reads the lines and sends them. A few pieces are in flight, so memory stays bounded.
Ctrl+C and SIGTERM end the run after a whole chunk, with the exact count of lines written, as in the
scalar batch.
"""
from __future__ import annotations

import collections
import csv
import errno
import gc
import importlib.util
import io
import itertools
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import weakref
from decimal import Decimal
from pathlib import Path

from ..console import err as _err
from ..facts import FactsError
from ..render.json_output import dumps
from ..types import AMOUNT, BOOL, HOURS, NUMBER, PERCENT

CHUNK = 4096
"""Lines per chunk: large enough that the columns pay off, small enough for bounded memory."""
JOB_CHUNK = 4096
"""Lines per piece a worker evaluates: each process holds its chunk's cases and output (some 20 kB
a line at the peak: two workers and the parent stay near 350 MB)."""
PIECE_BYTES = 1 << 23
"""Bytes of the input file per piece a worker reads itself (at most :data:`JOB_CHUNK` lines)."""
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet",
           ".pq": "parquet"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")

_SPEC = None
_QUESTIONS = None
_REPORT = False
_LINES = None
_PARTS = ""
_SOURCE = None


def available() -> bool:
    return importlib.util.find_spec("numpy") is not None


def format_of(path: str | None, given: str | None) -> str:
    if given:
        return given
    if path is None or path == "-":
        return "jsonl"
    return FORMATS.get(Path(path).suffix.lower(), "jsonl")


# reading ------------------------------------------------------------------------------------------

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
    """[(record number, case)] per chunk."""
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

class Chunk:
    """One evaluated chunk: the result columns, each row's line number, and the Danish problem of
    each row that is an error row (bad JSON or bad facts), by row index."""

    __slots__ = ("result", "numbers", "errors")

    def __init__(self, result, numbers: list, errors: dict):
        self.result, self.numbers, self.errors = result, numbers, errors

    def jsonl(self, lines: "JsonLines | None" = None) -> bytes:
        """The chunk's output lines as UTF-8, each ending in a newline: exactly what the scalar batch
        writes without explanations. ``lines`` (one for the whole run) remembers the answers written
        by earlier chunks."""
        return (lines or JsonLines())(self)

    def report(self, report) -> None:
        report.add_columns(self.numbers, self.result.columns, self.errors, self.result.questions)


class JsonLines:
    """Writes evaluated chunks as JSON Lines bytes, remembering each distinct answer's UTF-8 text
    from one chunk to the next, so that most rows' pieces are a dict look-up (or, for the questions
    with codes, most distinct answers), and the output is joined as bytes at once (no encoding of
    the whole text). Answers that are numbers or dates rarely recur; the memory is cleared when it
    holds more than :data:`LIMIT` answers (some tens of megabytes), so it stays bounded whatever
    the input."""

    LIMIT = 50_000

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, chunk: Chunk) -> bytes:
        from .table import row_parts

        result = chunk.result
        if sum(map(len, self.cache.values())) > self.LIMIT:
            self.cache.clear()
        texts, extras = row_parts(result.spec, result.questions, result.columns, result.num_rows, self.cache,
                                  result.codes, encode=True)
        heads = [b'{"linje":%d,"results":{' % number for number in chunk.numbers]
        ends = {extra: ("}" + extra + "}\n").encode("utf-8") for extra in set(extras)}
        tails = list(map(ends.__getitem__, extras))
        for i, error in chunk.errors.items():
            heads[i] = dumps({"linje": chunk.numbers[i], "fejl": error}, indent=None).encode("utf-8")
            tails[i] = b"\n"
            for column in texts:
                column[i] = b""
        return b"".join(itertools.chain.from_iterable(zip(heads, *texts, tails)))


def evaluate_lines(spec, questions, items, *, arrow: bool = True) -> Chunk:
    """[(line number, bytes or CaseInputError)] of JSON Lines → the evaluated chunk. The chunk is
    read by Arrow's JSON reader straight into columns where it can be (:func:`_arrow_lines`);
    otherwise (or with ``arrow=False``, which tests use to compare the two) the lines are read with
    their numbers as floats where that is exact (``parse_lines(floats=True)``: the number columns
    are then read in C); a row whose case is needed as written (an error row, to word its problems)
    is read again by :func:`~lovkode.caseinput.parse_line`."""
    from ..caseinput import CaseInputError, parse_line, parse_lines

    if arrow:
        found = _arrow_lines(spec, questions, items)
        if found is not None:
            return found
    cases = parse_lines(items, floats=True)
    broken = {}
    for i, case in enumerate(cases):
        if type(case) is CaseInputError:
            broken[i] = str(case)
            cases[i] = {}

    def exact(i: int):
        return cases[i] if i in broken else parse_line(items[i][1], items[i][0])

    return evaluate_cases(spec, questions, [number for number, _ in items], cases, broken, exact)


_READERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_MAX_ARROW_BYTES = 1 << 30
"""A chunk read by Arrow is one block of at most this many bytes (its block size is an int32)."""


def _arrow_reader(spec):
    """(``read_json``, its parse options, the names of the string columns) for the spec, made once;
    None without pyarrow.

    The schema is explicit, a column per fact the columns know: a sandhedsværdi is an Arrow boolean
    (the reader refuses ``1`` or ``"true"`` there), a date, a choice or a text a string (it refuses
    a number or a bool there), a number a ``decimal128(18, 6)``, read from its digits (exact, as
    JSON's numbers are read elsewhere; a number with more decimals or digits than that holds makes
    the reader fail). A key the schema does not have makes it fail too, and so does a key given
    twice, a nested value and a lone surrogate escape; invalid UTF-8 in a text it does not see
    (:func:`_arrow_text` checks the text columns)."""
    found = _READERS.get(spec)
    if found is None:
        try:
            import pyarrow as pa
            import pyarrow.json as pj
        except ImportError:
            found = ()
        else:
            from . import arrays as A
            from .table import compiled_for

            compiled = compiled_for(spec)
            types = {A.BOOL: pa.bool_(), A.NUM: pa.decimal128(18, 6), A.DATE: pa.string(), A.STR: pa.string()}
            # a fact of a kind not here (a duration, a type the columns do not know): its key
            # is unexpected to the reader, which sends the chunk the other way
            fields = [(fid, types[compiled.fact_kinds[fid]]) for fid in compiled.fact_ids
                      if compiled.fact_kinds.get(fid) in types]
            options = pj.ParseOptions(explicit_schema=pa.schema(fields), unexpected_field_behavior="error",
                                      newlines_in_values=False)
            strings = frozenset(fid for fid, t in fields if pa.types.is_string(t))
            found = (pj.read_json, pj.ReadOptions, options, strings, pa.py_buffer, pa.ArrowException)
        _READERS[spec] = found
    return found or None


def _texts_where_due(raw: bytes, array, size: int, texts: int) -> bool:
    """Whether a chunk whose double quotes do not add up (a null value, an unknown, is a key without
    a cell) has text values only in its ``texts`` text cells, not a number written as a text.

    Without a backslash every double quote is a string's edge, so ``:"`` and ``: "`` stand once before
    each text value, and once more at the end of any text that ends in a colon: their count is
    exactly ``texts`` only when no number is written as a text. With escapes, or other white space
    after a colon, this cannot be told so simply: False, and the chunk goes the old way."""
    import numpy as np

    if b"\\" in raw:
        return False
    colons = np.flatnonzero(array == 58)
    after = array[np.minimum(colons + 1, size - 1)]
    then = array[np.minimum(colons[after == 32] + 2, size - 1)]  # after a colon and one space
    if ((after == 9) | (after == 13)).any() or ((then == 32) | (then == 9) | (then == 13)).any():
        return False
    return int(np.count_nonzero(after == 34)) + int(np.count_nonzero(then == 34)) == texts


def _arrow_lines(spec, questions, items) -> "Chunk | None":
    """:func:`_arrow_text` for lines already split: joined with newlines between them."""
    datas = [data for _, data in items]
    try:
        raw = b"\n".join(datas)
    except TypeError:  # a line too long to read (its CaseInputError in its place)
        return None
    return _arrow_text(spec, questions, raw, [number for number, _ in items], datas)


def _arrow_text(spec, questions, raw: bytes, numbers, datas: list | None = None, newlines=None) -> "Chunk | None":
    """Lines (``raw``, a newline between each two, and perhaps one after the last; line ``i``
    numbered ``numbers[i]``, or ``numbers + i`` for a number: no line left out) read by Arrow's JSON reader into columns and evaluated from them, or None where
    that reading could differ from :func:`~lovkode.caseinput.parse_lines` (the caller reads the
    lines that way). ``datas``: the lines themselves, where the caller has them.

    The reader fails on anything unusual (see :func:`_arrow_reader`); what it would accept
    differently is ruled out here: every line is one object, written ``{…}`` (the reader would take
    ``{}{}`` on a line as two rows, or an object across two lines as one), and the reader must give
    as many rows as there are lines: a line's last ``}`` ends an object (a string cannot cross the
    newline, and no object nests another), its first ``{`` starts one, so each line holds at least
    one row, and with as many rows as lines, exactly its own. The decimal columns would also take a
    number written as a text (``"22.5"``): the chunk's double quotes must be exactly the keys' and
    the strings' — two per cell, and two more per text cell — which also rules out an escaped quote;
    where a null value (a key without a cell) upsets that count, :func:`_texts_where_due` counts the
    text values instead. Every row's values are then those JSON gives;
    an error row (a value the facts refuse) is read again as written, to word its problems. The
    checks are a few passes of numpy over the bytes (a blank line, a byte-order mark or a carriage
    return fails the strict one, and then the lines are looked at one by one). ``newlines``: their
    positions, where the caller found them already."""
    import numpy as np

    from ..caseinput import MAX_LINE_BYTES, _braced, parse_line

    reader = _arrow_reader(spec)
    size = len(raw) - 1 if raw.endswith(b"\n") else len(raw)  # a newline after the last line ends it
    if reader is None or not size or size >= _MAX_ARROW_BYTES:
        return None
    read_json, read_options, options, strings, buffer, failure = reader
    array = np.frombuffer(raw, dtype=np.uint8, count=size)
    newlines = np.flatnonzero(array == 10) if newlines is None else newlines[newlines < size]
    starts = np.concatenate(([0], newlines + 1))
    ends = np.append(newlines, size)
    if type(numbers) is int:
        numbers = range(numbers, numbers + len(starts))
    lengths = ends - starts
    if len(starts) != len(numbers) or int(lengths.max()) > MAX_LINE_BYTES:
        return None
    strict = lengths.min() > 0 and (array[starts] == 123).all() and (array[ends - 1] == 125).all()
    if not strict and (datas is None or not _braced(datas)):
        return None
    try:
        table = read_json(buffer(raw), read_options=read_options(use_threads=False, block_size=len(raw) + 1),
                          parse_options=options)
    except (failure, ValueError):  # ArrowInvalid, or the UnicodeDecodeError it gives for invalid UTF-8
        return None
    n = table.num_rows
    if n != len(numbers):
        return None
    columns = {}
    cells = quotes = 0
    for name in table.column_names:
        column = table.column(name).combine_chunks()
        present = n - column.null_count
        cells += present
        quotes += 2 * present if name in strings else 0
        if present:
            columns[name] = column
    if int(np.count_nonzero(array == 34)) != 2 * cells + quotes and not _texts_where_due(raw, array, size, quotes // 2):
        return None
    try:  # the reader does not check the UTF-8 of the strings it copies (a key that is not UTF-8 is no field)
        for name in strings.intersection(columns):
            columns[name].validate(full=True)
    except failure:
        return None
    from .table import evaluate_columns

    def exact(i: int):
        return parse_line(raw[starts[i]:ends[i]], numbers[i])

    result = evaluate_columns(spec, n, columns, questions, exact=exact)
    return _chunk(result, list(numbers))


def _piece_chunks(spec, questions, fd: int, offset: int, length: int, before: int, read: tuple | None = None):
    """The evaluated chunks of a byte range of a file that holds whole lines (the first after
    ``before`` lines): read at once (or ``read`` already, see :func:`_file_pieces`), and read by
    Arrow where :func:`_arrow_text` can; otherwise (or where the range is longer than a piece: a
    very long line) line by line, in bounded reads."""
    from ..caseinput import iter_line_chunks

    if read is not None or length <= PIECE_BYTES:
        raw, newlines = read or (os.pread(fd, length, offset), None)
        found = _arrow_text(spec, questions, raw, before + 1, newlines=newlines)
        if found is not None:
            yield found
            return
        stream = io.BytesIO(raw)
    else:
        stream = _Piece(fd, offset, length)
    for items in iter_line_chunks(stream, CHUNK, before=before):
        yield evaluate_lines(spec, questions, items)


def evaluate_cases(spec, questions, numbers: list, cases: list, broken: dict | None = None, exact=None) -> Chunk:
    """Cases (parsed JSON values; a non-object is an error row) → the evaluated chunk. ``exact``:
    row ``i``'s case with its numbers as Decimals, where ``cases`` may hold floats."""
    from .table import case_columns, evaluate_columns

    result = evaluate_columns(spec, len(cases), case_columns(cases), questions, rows=cases, exact=exact)
    return _chunk(result, numbers, broken)


def _chunk(result, numbers: list, broken: dict | None = None) -> Chunk:
    """The evaluated chunk, each row the facts refuse an error row worded as :func:`lovkode.facts.prepare`
    words it, beside the ``broken`` rows (unreadable lines, already worded)."""
    errors = dict(broken or {})
    for i in sorted(result.problems):
        if i not in errors:
            errors[i] = FactsError(result.problems[i]).report(f"linje {numbers[i]}")
    return Chunk(result, numbers, dict(sorted(errors.items())))


# the workers ------------------------------------------------------------------------------------

def _init_worker(spec_path, questions, report, parts: str, source: str | None) -> None:
    global _SPEC, _QUESTIONS, _REPORT, _LINES, _PARTS, _SOURCE
    from ..workers import settle
    from ..pipeline import load

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent ends the workers
    _SPEC = load(spec_path)
    settle()
    _QUESTIONS, _REPORT, _LINES, _PARTS = _SPEC._questions(questions), report, JsonLines(), parts
    _SOURCE = None if source is None else os.open(source, os.O_RDONLY)


def _worker_part(task):
    """One piece of the input — a byte range of the input file, read here, or lines the parent read
    from a pipe — evaluated and written to the part file of its slot, which the parent copies to the
    output in order. Back go only the part's size, its line count, its errors and its report counts."""
    piece, slot = task
    if type(piece) is tuple:
        chunks = _piece_chunks(_SPEC, _QUESTIONS, _SOURCE, *piece)
    else:
        chunks = map(lambda items: evaluate_lines(_SPEC, _QUESTIONS, items), (piece,))  # lazy: see _collecting
    report = None
    if _REPORT:
        from ..report import ReportBuilder

        report = ReportBuilder()
    count = 0
    errors: list = []
    with open(os.path.join(_PARTS, str(slot)), "wb") as out:
        for chunk in _collecting(chunks):
            out.write(chunk.jsonl(_LINES))
            count += len(chunk.numbers)
            errors.extend(chunk.errors.values())
            if report is not None:
                chunk.report(report)
            del chunk  # before the collection that follows (see _collecting)
        size = out.tell()
    return slot, size, count, errors, report


def _collecting(chunks, every: int = 64):
    """The chunks, with the garbage collector run once after each, instead of every few hundred
    allocations: parsing a chunk makes thousands of dicts, and each automatic collection walked
    the whole chunk again. After a chunk only what it made is looked at (the youngest generation:
    a few cycles); the older objects (a full collection costs some 40 ms) every ``every`` chunks.
    What a chunk leaves in cycles is freed at its end, so memory stays bounded. The caller lets go
    of what it made of a chunk before asking for the next (``del``): a chunk's cases still held
    would be walked by the collection, and moved to an older generation to be walked again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        for i, chunk in enumerate(chunks, start=1):
            yield chunk
            del chunk
            gc.collect(0 if i % every else 2)
    finally:
        if enabled:
            gc.enable()


class _Piece:
    """A byte range of a file as a stream, read with ``pread`` (no shared file position)."""

    def __init__(self, fd: int, offset: int, length: int):
        self.fd, self.at, self.end = fd, offset, offset + length

    def read1(self, n: int) -> bytes:
        n = min(n, self.end - self.at)
        data = os.pread(self.fd, n, self.at) if n > 0 else b""
        self.at += len(data)
        return data


def _file_pieces(fd: int, size: int | None = None, most: int | None = None, keep: bool = False):
    """(offset, length, lines before) of consecutive pieces of a regular file, each ending after a
    newline (the last at the end of the file) and holding at most ``most`` lines. The parent reads
    each piece once, into one buffer, only to find its newlines (with numpy); a worker reads it
    again itself. A line longer than a piece is passed over in bounded reads. With ``keep`` (one
    process reading the pieces itself), each comes with what was read: ``(its bytes, the positions
    of its newlines)``, or None for a piece longer than the buffer."""
    import numpy

    size, most = size or PIECE_BYTES, most or JOB_CHUNK
    buffer = bytearray(size)
    offset = before = 0
    while True:
        got = os.preadv(fd, [buffer], offset)
        if not got:
            return
        newlines = numpy.flatnonzero(numpy.frombuffer(buffer, numpy.uint8, got) == 10)
        if len(newlines) > most:  # short lines: cut after the most-th
            end, lines = int(newlines[most - 1]) + 1, most
        elif got < size:  # the end of the file
            end, lines = got, len(newlines)
        elif len(newlines):
            end, lines = int(newlines[-1]) + 1, len(newlines)
        else:  # no newline in a whole piece: one long line, to its end
            end, lines = got, 0
            while not lines:
                more = os.pread(fd, size, offset + end)
                at = more.find(b"\n")
                end += len(more) if at < 0 else at + 1
                lines = 1 if at >= 0 or len(more) < size else 0
        if not keep:
            yield offset, end, before
        else:
            yield offset, end, before, (bytes(memoryview(buffer)[:end]), newlines[:lines]) if end <= got else None
        offset += end
        before += lines


# writing -------------------------------------------------------------------------------------------

class _Writer:
    def __init__(self, kind: str, target: str | None, questions):
        self.kind = kind
        self.questions = questions
        self.target = None if target in (None, "-") else target
        self._parquet = None
        self._csv = None
        self._lines = JsonLines()
        self._send = True
        self.stream = None
        if kind == "parquet":
            if self.target is None:
                raise ValueError("Parquet kan ikke skrives til standard output: angiv en fil med --output.")
        elif kind == "csv":
            self.stream = sys.stdout if self.target is None else open(self.target + ".tmp", "w", encoding="utf-8",
                                                                      newline="")
        elif self.target is None:
            sys.stdout.flush()
            self.stream = getattr(sys.stdout, "buffer", None)
            self._text = self.stream is None  # a replaced stdout (a test, an embedding) may be text only
            if self._text:
                self.stream = sys.stdout
        else:
            self.stream = open(self.target + ".tmp", "wb")
            self._text = False

    def data(self, data: bytes) -> None:
        """JSON Lines as UTF-8 bytes."""
        self.stream.write(data.decode("utf-8") if self._text else data)

    def part(self, path: str, size: int) -> None:
        """A worker's part file (JSON Lines), copied to the output by the kernel where it can."""
        with open(path, "rb") as part:
            if self._text:
                self.data(part.read(size))
                return
            if self._send:
                self.stream.flush()
                self._send = _send(_fileno(self.stream), part.fileno(), size)
                if self._send:
                    return
            while block := part.read(min(size, 1 << 20)):
                self.stream.write(block)
                size -= len(block)

    def chunk(self, chunk: Chunk) -> None:
        if self.kind == "jsonl":
            self.data(chunk.jsonl(self._lines))
        else:
            self.table(chunk)

    def table(self, chunk: Chunk) -> None:
        """CSV or Parquet: the result's columns, with ``linje`` and ``fejl`` as text."""
        numbers = chunk.numbers
        errors = [chunk.errors.get(i) for i in range(len(numbers))]
        columns = {"linje": numbers}
        for name, values in chunk.result.columns.items():
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

        table = to_arrow(columns, self.questions, chunk.result.kinds, error_text=True)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.target + ".tmp", table.schema)
        self._parquet.write_table(table)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except BrokenPipeError:
                pass

    def close(self, ok: bool) -> None:
        if self._parquet is not None:
            self._parquet.close()
        if self.target is None:
            self.flush()
            return
        if self.stream is not None:
            self.stream.close()
        tmp = Path(self.target + ".tmp")
        if ok and tmp.exists():
            tmp.replace(self.target)
        elif tmp.exists():
            tmp.unlink()


def _fileno(stream) -> int | None:
    try:
        return stream.fileno()
    except (OSError, AttributeError, ValueError):  # a stream in memory (a test, an embedding)
        return None


def _send(target: int | None, source: int, size: int) -> bool:
    """``size`` bytes of the file ``source`` to ``target`` with ``sendfile``; False (and nothing
    written) where the kernel cannot send to that target (an appending file, an old kernel) or it
    is no file."""
    if target is None or not hasattr(os, "sendfile"):
        return False
    at = 0
    while at < size:
        try:
            sent = os.sendfile(target, source, at, size - at)
        except OSError as err:
            if at == 0 and err.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EBADF):
                return False
            raise
        if sent == 0:
            raise OSError(errno.EIO, "sendfile wrote nothing")
        at += sent
    return True


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

def run(args, spec, report=None, finish=None) -> int:
    """``lovkode batch --no-explanation``: returns the exit code (2 if any line was bad, 130/143 when
    stopped by Ctrl+C/SIGTERM). ``report`` (a :class:`lovkode.report.ReportBuilder`) is filled from
    the columns, and ``finish()`` (which writes it; non-zero if it cannot) is called when the run
    went through."""
    from ..workers import Signals, Stopped, progress_counter, settle, start_pool

    in_kind = format_of(args.cases, getattr(args, "input_format", None))
    out_kind = format_of(getattr(args, "output", None), getattr(args, "output_format", None))
    questions = spec._questions(args.questions)
    if in_kind == "parquet" and args.cases == "-":
        _err("Parquet kan ikke læses fra standard input: angiv filen.")
        return 2
    if "parquet" in (in_kind, out_kind):
        if importlib.util.find_spec("pyarrow") is None:
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
    pool = parts = None
    stopped = None
    progress = progress_counter()
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
            except IsADirectoryError:
                _err(f"`{args.cases}` er en mappe, ikke en fil. Angiv filen med sagerne.")
                return 2
            except OSError as err:
                _err(f"Filen `{args.cases}` kan ikke læses: {err.strerror or err}.")
                return 2
        jobs = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
        parallel = in_kind == "jsonl" and out_kind == "jsonl" and jobs > 1
        if parallel:
            source = os.path.abspath(args.cases) if args.cases != "-" and _regular(stream) and hasattr(os, "preadv") \
                else None
            parts = tempfile.mkdtemp(prefix="lovkode-batch-", dir=_memory_folder())
            pool = start_pool(jobs, _init_worker, (args.spec, args.questions, report is not None, parts, source))
        settle()
        with Signals() as signals:
            try:
                if parallel:
                    pieces = _file_pieces(stream.fileno()) if source else _jsonl_chunks(stream, JOB_CHUNK)
                    # two pieces per worker in flight: a worker that is ahead need not wait for a
                    # slower one to hand in the piece before its own (on a shared machine it often is)
                    window = 2 * jobs + 1
                    tasks = ((piece, k % window) for k, piece in enumerate(pieces))
                    for slot, size, count, errors, part in _in_order(pool, _worker_part, tasks, window):
                        with signals.whole():
                            writer.part(os.path.join(parts, str(slot)), size)
                            total += count
                            bad += len(errors)
                            for error in errors:
                                _err(error)
                        if report is not None:
                            report.merge(part)
                        if progress:
                            progress(total)
                else:
                    for chunk in _collecting(_chunks(spec, questions, in_kind, stream, args.cases,
                                                     hasattr(os, "preadv") and _regular(stream))):
                        with signals.whole():
                            writer.chunk(chunk)
                            total += len(chunk.numbers)
                            bad += len(chunk.errors)
                            for error in chunk.errors.values():
                                _err(error)
                        if report is not None:
                            chunk.report(report)
                        del chunk  # before the collection that follows (see _collecting)
                        if progress:
                            progress(total)
                ok = True
            except Stopped as stop:
                stopped = stop.signum
            finally:
                signals.writing = True  # the last output goes out whole, whatever arrives now
                writer.flush()
    except UnicodeDecodeError:
        _err("Filen er ikke UTF-8-tekst.")
        return 2
    except OSError as err:
        _err(f"Filen kan ikke læses eller skrives: {err.strerror or err}.")
        return 2
    finally:
        if pool is not None:
            if ok:
                pool.close()
            else:
                pool.terminate()
            pool.join()
        if parts is not None:
            shutil.rmtree(parts, ignore_errors=True)
        if stream is not None and stream is not sys.stdin and stream is not getattr(sys.stdin, "buffer", None):
            stream.close()
        writer.close(ok)
        if progress:
            progress(None)
    if stopped is not None:
        name = "Ctrl+C" if stopped == signal.SIGINT else "SIGTERM"
        if writer.target is None:
            done = f"{total} sager vurderet og skrevet ({bad} linjer med fejl); resten er ikke vurderet"
        else:
            done = f"{total} sager vurderet ({bad} linjer med fejl), men `{writer.target}` er ikke skrevet"
        _err(f"Afbrudt ({name}): {done}" + (", og rapporten er ikke skrevet." if report is not None else "."))
        return 128 + stopped
    if finish is not None and finish():
        return 2
    _err(f"{total} sager vurderet, {bad} linjer med fejl.")
    return 2 if bad else 0


def _memory_folder() -> str | None:
    """A folder in memory (``/dev/shm``) for the workers' part files when it has room for many of
    them (a container may give it only 64 MB); otherwise the system's temporary folder."""
    try:
        room = os.statvfs("/dev/shm")
    except (OSError, AttributeError):
        return None
    return "/dev/shm" if room.f_bavail * room.f_frsize >= 1 << 30 else None


def _regular(stream) -> bool:
    fd = _fileno(stream)
    return fd is not None and stat.S_ISREG(os.fstat(fd).st_mode)


def _jsonl_chunks(stream, size: int):
    from ..caseinput import iter_line_chunks

    return iter_line_chunks(stream, size)


def _in_order(pool, fn, items, window: int):
    """``pool.imap(fn, items)`` with at most ``window`` chunks in flight: ``imap`` would read the
    whole input ahead of the workers. Item ``k + window`` is handed out only after the result of
    item ``k`` was used, so the ``k % window`` part file is free again by then."""
    pending: collections.deque = collections.deque()
    for item in items:
        pending.append(pool.apply_async(fn, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _chunks(spec, questions, in_kind, stream, path, regular: bool = False):
    """The evaluated chunks of the input; JSON Lines from a regular file in pieces of whole lines
    (:func:`_piece_chunks`: no splitting into lines where Arrow reads them)."""
    if in_kind == "jsonl" and regular:
        fd = stream.fileno()
        for piece in _file_pieces(fd, most=CHUNK, keep=True):
            yield from _piece_chunks(spec, questions, fd, *piece)
    elif in_kind == "jsonl":
        for items in _jsonl_chunks(stream, CHUNK):
            yield evaluate_lines(spec, questions, items)
    elif in_kind == "csv":
        for items in _csv_chunks(stream, CHUNK, spec._fact_types):
            yield evaluate_cases(spec, questions, [n for n, _ in items], [case for _, case in items])
    else:
        from .table import evaluate_columns, read_columns

        for first, batch in _parquet_chunks(path, CHUNK):
            n, columns = read_columns(batch)
            result = evaluate_columns(spec, n, columns, questions)
            yield _chunk(result, list(range(first, first + n)))
