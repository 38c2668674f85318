"""Case input in one place: case files, JSON Lines, decoding, size limits and duplicate keys.

Every way a case enters lovkode (``lovkode eval``, ``lovkode batch``, the HTTP service) reads it with
these functions, so that all of them accept and refuse exactly the same bytes, with the same Danish
wording. A problem is data (:class:`CaseProblem`: code, message, key, line), raised together in a
:class:`CaseInputError`; the caller decides how to show it.

What is accepted: UTF-8 (an optional byte-order mark, which Windows tools write, is skipped), one
JSON value, numbers read as exact :class:`~decimal.Decimal` (never binary floats), no key given twice,
no lone surrogate escape (``"\\ud800"``, which no text can hold), at most :data:`MAX_CASE_BYTES` for a
case and :data:`MAX_LINE_BYTES` for a line of JSON Lines. Input is read in bounded pieces, so an
endless or huge input costs bounded memory and ends in a Danish message.
"""
from __future__ import annotations

import bisect
import io
import itertools
import json
import re
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import BinaryIO

import attrs

MAX_CASE_BYTES = 1_000_000
"""The largest case file (bytes): a real case is a few kilobytes; the HTTP service has the same limit."""
MAX_LINE_BYTES = 1_000_000
"""The largest line of a JSON Lines file (bytes); a longer line is skipped with an error."""
SHOWN_CHARS = 60
"""Keys and values echoed in a message are cut to this many characters (with »…«)."""

_BOM = b"\xef\xbb\xbf"
_CHUNK = 1 << 16
_BLOCK = 1 << 20  # JSON Lines are read a megabyte at a time (read1 may give less)
_MAX_INT_DIGITS = 4000  # below Python's limit on int(str) (4,300 digits); longer integers are read as Decimal
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # JSON's whitespace, as json.decoder skips it


@attrs.frozen
class CaseProblem:
    """One problem with a case's input: a stable code (LK7xx), a Danish message, and where."""

    code: str
    message: str
    key: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        return self.message

    def to_json(self) -> dict:
        """The problem as JSON (keys in the contract's English style); absent parts are left out."""
        out = {"code": self.code, "message": self.message}
        for name in ("key", "line", "column"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


class CaseInputError(Exception):
    """The input is not a readable case; ``problems`` says why, in Danish."""

    def __init__(self, problems, origin: str = "sagen"):
        self.problems = tuple(problems)
        self.origin = origin
        super().__init__("\n".join(f"{origin}: {p.message}" for p in self.problems))

    def __reduce__(self):  # picklable, for batch workers
        return (CaseInputError, (self.problems, self.origin))


def shown(text: str, limit: int = SHOWN_CHARS) -> str:
    """A key or value as it may be echoed in a message: cut to ``limit`` characters, and with any
    lone surrogate written as its escape, so that the message can always be printed."""
    if len(text) > limit:
        text = text[:limit] + "…"
    if not text.isascii() and _SURROGATE.search(text):
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


# --------------------------------------------------------------------------------------------
# One case

def parse_case_bytes(data: bytes, *, origin: str = "sagen") -> object:
    """Decode and parse one case (the whole of ``data``); raises :class:`CaseInputError`."""
    return _parse(data, origin, None)


def parse_line(data: bytes, number: int) -> object:
    """Parse one line of a JSON Lines file; problems carry the line's number."""
    return _parse(data, f"linje {number}", number)


def _parse(data: bytes, origin: str, line: int | None) -> object:
    def fail(code: str, message: str, *, key=None, at_line=None, column=None):
        raise CaseInputError([CaseProblem(code, message, key, line if line is not None else at_line, column)], origin)

    if len(data) > (MAX_LINE_BYTES if line is not None else MAX_CASE_BYTES):
        limit = MAX_LINE_BYTES if line is not None else MAX_CASE_BYTES
        fail("LK714", f"er for stor: mere end {_thousands(limit)} byte. En sag fylder nogle få kilobyte.")
    if data.startswith(_BOM):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        at = err.start
        row = data.count(b"\n", 0, at) + 1
        column = at - (data.rfind(b"\n", 0, at) + 1) + 1
        where = f"kolonne {column}" if line is not None else f"linje {row}, kolonne {column}"
        fail("LK712", f"er ikke UTF-8-tekst: byten 0x{data[at]:02X} i {where} kan ikke læses. Gem filen som UTF-8.",
             at_line=row, column=column)
    if not text.strip():
        fail("LK711", "er tom; en sag er ét JSON-objekt, f.eks. {\"afgørelsesdato\": \"2024-06-01\"}.")
    try:
        if text.startswith("\ufeff"):  # a second byte-order mark, refused as json.loads refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)  # one decoder for all (json.loads would build one per case)
    except _DuplicateKeys as dup:
        raise CaseInputError([CaseProblem("LK709", f"nøglen `{shown(key)}` er angivet mere end én gang; angiv hver "
                                                   f"nøgle én gang.", shown(key), line) for key in dup.keys],
                             origin) from None
    except json.JSONDecodeError as err:
        where = f"kolonne {err.colno}" if line is not None else f"linje {err.lineno}, kolonne {err.colno}"
        fail("LK711", f"ugyldig JSON i {where}: {_JSON_REASONS.get(err.msg, err.msg)}.", at_line=err.lineno,
             column=err.colno)
    except _BadConstant as err:
        fail("LK711", f"ugyldig JSON: {err.name} er ikke et gyldigt tal.")
    except RecursionError:
        fail("LK711", "JSON-dokumentet er indlejret for dybt.")
    if _SURROGATE_ESCAPE.search(text):
        key = _lone_surrogate(value)
        if key is not None:
            fail("LK713", f"`{shown(key)}` indeholder et enligt surrogat-tegn (en \\ud800–\\udfff-escape uden sin "
                          f"partner), som ikke er tekst. Ret nøglen eller værdien.", key=shown(key))
    return value


def parse_lines(items: list, floats: bool = False) -> list:
    """Many lines of JSON Lines at once, exactly as :func:`parse_line` reads each: (line number,
    bytes or :class:`CaseInputError`) in, the value or the :class:`CaseInputError` of each out.

    With ``floats`` (for the columnar batch, which reads number columns from floats in C), the common
    chunk (see :func:`_flat_objects`) may give a number with a fraction as a binary float instead of
    a Decimal, where that float is exactly the decimal its digits say (:func:`_float_safe`); the
    caller reads a line with :func:`parse_line` where it needs its values as written (an error row).

    When every line is written ``{…}`` (an object, as every case is), the lines are
    read as one JSON array whose separators hold a newline: a string cannot cross a newline, so each
    line's first ``{`` and last ``}`` are structural, and when the array holds exactly as many
    objects as lines (so none is nested in another), each element is exactly its line, read as the
    line alone would be; when no line nests anything, the C decoder reads the array alone
    (:func:`_flat_objects`). Otherwise each line's value is scanned in place and must end where its line ends. A
    line with a lone-surrogate escape, and any line that is refused (bad JSON, a key given twice,
    NaN, a byte-order mark), is read again by :func:`parse_line`, which finds and words the problem.
    Duplicate keys are found while decoding (the check :func:`parse_line` makes), not in a second pass.
    """
    out: list = [item for _, item in items]
    lines = [i for i, item in enumerate(out) if type(item) is bytes]
    if not lines:
        return out
    datas = [out[i] for i in lines]
    try:
        longest = max(map(len, datas))
        if longest > MAX_LINE_BYTES:
            raise ValueError
        # the brackets put on the first and last line, so that the chunk is copied once, not three times
        raw = b",\n".join([b"[" + datas[0], *datas[1:-1], datas[-1] + b"]"] if len(datas) > 1
                           else [b"[" + datas[0] + b"]"])
        text = raw.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        for i in lines:
            out[i] = _parse_or_error(items[i])
        return out
    suspect = set()
    if b"\\u" in raw and _SURROGATE_ESCAPE.search(text):  # most chunks have no \u at all: no regex then
        starts = list(itertools.accumulate((len(d) + 1 for d in text.split("\n")), initial=0))
        for match in _SURROGATE_ESCAPE.finditer(text):
            suspect.add(bisect.bisect_right(starts, match.start()) - 1)
    elif _braced(datas):
        values = _flat_objects(raw, text, len(datas), longest, floats) or _objects_one_per_line(text, len(datas))
        if values is not None:
            for i, value in zip(lines, values):
                out[i] = value
            return out
    scan = _DECODER.scan_once
    whitespace = _WHITESPACE.match
    find = text.find
    start = 1
    for j, i in enumerate(lines):
        end = find(",\n", start)
        if end < 0:
            end = len(text) - 1
        try:
            if j in suspect:
                raise ValueError
            value, stop = scan(text, start)
            if stop != end and (stop > end or whitespace(text, stop, end).end() != end):
                raise ValueError
            out[i] = value
        except (ValueError, StopIteration, RecursionError):  # bad JSON, a key twice, NaN: parse_line words it
            out[i] = _parse_or_error(items[i])
        start = end + 2
    return out


def _braced(datas: list) -> bool:
    """Whether every line is written ``{…}`` (blanks may follow the ``}``)."""
    if all(map(bytes.startswith, datas, itertools.repeat(b"{"))) and \
            all(map(bytes.endswith, datas, itertools.repeat(b"}"))):
        return True
    return all(d[:1] == b"{" and d.rstrip(b" \t\r")[-1:] == b"}" for d in datas)


def _flat_objects(raw: bytes, text: str, n: int, longest: int, floats: bool = False) -> list | None:
    """The common chunk of ``n`` braced lines, read by the C decoder alone (no Python call per
    object): when the chunk holds no ``{`` but each line's first, no object nests another, and a
    line's last ``}`` can then close only its own object, so each element is exactly its line's
    object. When the chunk has no more colons than the objects have keys, every colon is a key's,
    so no key was given twice (a dict keeps one of two). Integers are read by ``int`` itself when
    no line is long enough to hold more digits than :func:`_integer` reads as ``int``. None when
    any of this does not hold, or the array cannot be read. (``raw`` is ``text`` as UTF-8, where
    the counting is quicker; no byte of a multi-byte character is ``{`` or ``:``.) With ``floats``,
    numbers with a fraction are read as floats when :func:`_float_safe` says that is exact."""
    braces, colons, safe = _counts(raw, floats)
    if braces != n:
        return None
    decoder = _FLAT if longest <= _MAX_INT_DIGITS else _FLAT_LONG
    if safe and decoder is _FLAT:
        decoder = _FLAT_FLOAT
    try:
        values = decoder.decode(text)
    except (ValueError, RecursionError):
        return None
    if len(values) != n or colons != sum(map(len, values)):
        return None
    return values


def _counts(raw: bytes, floats: bool = False) -> tuple[int, int, bool]:
    """The number of ``{`` and of ``:`` in ``raw``, and (when ``floats`` is asked) whether its
    numbers may be read as floats (:func:`_float_safe`): with numpy (installed with the columnar
    batch, the only reader of chunks so large that it matters) a few times quicker than
    ``bytes.count``."""
    try:
        import numpy
    except ImportError:
        return raw.count(b"{"), raw.count(b":"), False
    array = numpy.frombuffer(raw, numpy.uint8)
    return (int(numpy.count_nonzero(array == 123)), int(numpy.count_nonzero(array == 58)),
            floats and _float_safe(array))


_EIGHT = 0x0101010101010101
"""Eight bytes of a numpy bool mask that are all true, as one 64-bit word."""


def _float_safe(array) -> bool:
    """Whether every number in the text (UTF-8 bytes as a numpy array) is exactly the float its
    digits round to. A decimal of at most 15 significant digits is the shortest form of its float
    (which is how the columns read a float), in the whole range of floats: so no run of 16 digits and
    points may occur. An exponent only takes a number out of that range: upwards it is then
    infinite or far past the contract's limits, as its decimal is; downwards it may become 0.0, so
    no ``e-`` may occur. Where a text holds such a run or an ``e-``, the answer is no: only a slower
    read, never another value. Quick: a pass finds the few ``-``, one makes the mask of digits and
    points (and ``/``, which only costs a slower read), a run of 16 holds a whole aligned word of 8
    of them, and only the few such words are looked at closer."""
    import numpy

    signs = numpy.flatnonzero(array[1:] == 45)  # each "-" but a first, by the byte before it
    if len(signs) and ((array[signs] | numpy.uint8(32)) == 101).any():  # e- or E-
        return False
    num = (array - numpy.uint8(46)) <= 11  # "." "/" and the digits; below "." wraps round past them
    n = len(num)
    full = numpy.flatnonzero(num[:n - n % 8].view(numpy.uint64) == _EIGHT)
    if not len(full):
        return True
    at = full[:, None] * 8 + numpy.arange(-8, 16)  # each such word with the 8 bytes either side
    window = num[numpy.clip(at, 0, n - 1)] & (at >= 0) & (at < n)
    stop = numpy.zeros((len(full), 1), dtype=bool)
    before = numpy.argmin(numpy.concatenate([window[:, 7::-1], stop], axis=1), axis=1)  # the run's bytes before it
    after = numpy.argmin(numpy.concatenate([window[:, 16:], stop], axis=1), axis=1)
    return not (before + after >= 8).any()


def _objects_one_per_line(text: str, n: int) -> list | None:
    """The array ``text`` read at once (its keys shared between lines, which is most of the gain),
    when it holds ``n`` objects and no other; None when not, or when it cannot be read."""
    objects = 0

    def counted(pairs: list) -> dict:
        nonlocal objects
        objects += 1
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise _DuplicateKeys([])
        return obj

    decoder = json.JSONDecoder(parse_float=Decimal, parse_int=_integer, parse_constant=_reject_constant,
                               object_pairs_hook=counted)
    try:
        values = decoder.decode(text)
    except (ValueError, RecursionError):
        return None
    if objects != n or len(values) != n:
        return None
    return values


def _parse_or_error(item):
    try:
        return parse_line(item[1], item[0])
    except CaseInputError as err:
        return err


def _integer(text: str):
    return int(text) if len(text) <= _MAX_INT_DIGITS else Decimal(text)


class _BadConstant(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _reject_constant(name: str):
    raise _BadConstant(name)


class _DuplicateKeys(ValueError):
    def __init__(self, keys: list[str]):
        super().__init__(keys)
        self.keys = keys


def _object(pairs: list) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set = set()
        twice: dict = {}  # in the order met, each once; a dict keeps this linear for thousands of keys
        for key, _ in pairs:
            if key in seen:
                twice[key] = None
            seen.add(key)
        raise _DuplicateKeys(list(twice))
    return obj


_DECODER = json.JSONDecoder(parse_float=Decimal, parse_int=_integer, parse_constant=_reject_constant,
                            object_pairs_hook=_object)
_FLAT = json.JSONDecoder(parse_float=Decimal, parse_constant=_reject_constant)
_FLAT_FLOAT = json.JSONDecoder(parse_constant=_reject_constant)  # float itself: read in C, no call
_FLAT_LONG = json.JSONDecoder(parse_float=Decimal, parse_int=_integer, parse_constant=_reject_constant)


def _lone_surrogate(value, key: str | None = None) -> str | None:
    """The key under which a lone surrogate sits (or the text itself, outside an object), or None."""
    stack = [(value, key)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return where if where is not None else item
        elif isinstance(item, dict):
            for k, v in item.items():
                if _SURROGATE.search(k):
                    return k
                stack.append((v, k if where is None else where))
        elif isinstance(item, list):
            stack.extend((v, where) for v in item)
    return None


_JSON_REASONS = {
    "Expecting value": "her forventedes en værdi",
    "Expecting property name enclosed in double quotes": "her forventedes et navn i dobbelte anførselstegn",
    "Expecting ',' delimiter": "her mangler et komma",
    "Expecting ':' delimiter": "her mangler et kolon",
    "Extra data": "der står mere efter JSON-objektet",
    "Unterminated string starting at": "teksten slutter ikke",
    "Invalid control character at": "ugyldigt tegn i teksten",
    "Invalid \\escape": "ugyldig \\-escape i teksten",
    "Invalid \\uXXXX escape": "ugyldig \\u-escape i teksten",
}


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --------------------------------------------------------------------------------------------
# A case file

def read_case(path: str) -> object:
    """Read and parse a case file, or standard input for ``-``; raises :class:`CaseInputError`.

    At most :data:`MAX_CASE_BYTES` + 1 bytes are read, so ``/dev/zero`` or a huge file ends in a
    Danish message, not in exhausted memory.
    """
    origin = origin_of(path)
    stream = open_input(path)
    try:
        data = _read_at_most(stream, MAX_CASE_BYTES + 1)
    except OSError as err:
        raise CaseInputError([CaseProblem("LK715", f"kan ikke læses ({err.strerror or type(err).__name__}).")],
                             origin) from None
    finally:
        if path != "-":
            stream.close()
    if len(data) > MAX_CASE_BYTES:
        raise CaseInputError([CaseProblem("LK714", f"er for stor: mere end {_thousands(MAX_CASE_BYTES)} byte. En sag "
                                                   f"fylder nogle få kilobyte.")], origin)
    return parse_case_bytes(data, origin=origin)


def origin_of(path: str) -> str:
    """How an input path is named in messages."""
    return "standard input" if path == "-" else path


def open_input(path: str) -> BinaryIO:
    """A binary stream of a case file or JSON Lines file (standard input for ``-``); a path that
    cannot be opened is a :class:`CaseInputError` in Danish, not the system's English."""
    if path == "-":
        buffer = getattr(sys.stdin, "buffer", None)  # a replaced stdin (a test, an embedding) may be text only
        return buffer if buffer is not None else io.BytesIO(sys.stdin.read().encode("utf-8", "surrogatepass"))
    problem = None
    try:
        return open(path, "rb")
    except FileNotFoundError:
        problem = "filen findes ikke."
    except IsADirectoryError:
        problem = "er en mappe, ikke en fil. Angiv filen med sagen eller sagerne."
    except PermissionError:
        problem = "filen kan ikke læses: adgang nægtet."
    except OSError as err:
        problem = f"filen kan ikke læses ({err.strerror or type(err).__name__})."
    raise CaseInputError([CaseProblem("LK715", problem)], origin_of(path))


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    parts = []
    size = 0
    while size < limit:
        block = stream.read(min(_CHUNK, limit - size))
        if not block:
            break
        parts.append(block)
        size += len(block)
    return b"".join(parts)


# --------------------------------------------------------------------------------------------
# JSON Lines

def iter_lines(stream: BinaryIO, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes | CaseInputError]]:
    """The non-blank lines of a binary stream as (line number, bytes), split on ``\\n`` only.

    A carriage return stays inside its line (it is JSON whitespace), so line numbers are those of
    any editor. The stream is read in bounded pieces; a line longer than ``limit`` bytes is skipped
    as it streams past (never held) and given as a :class:`CaseInputError` in its place.
    """
    for chunk in iter_line_chunks(stream, 256, limit):
        yield from chunk


def iter_line_chunks(stream: BinaryIO, size: int, limit: int = MAX_LINE_BYTES, block_size: int = _BLOCK,
                     before: int = 0) -> Iterator[list[tuple[int, bytes | CaseInputError]]]:
    """:func:`iter_lines` in lists of at most ``size`` lines, for readers that work a chunk at a time
    (the columnar batch): the lines between a block's first and last newline are taken as a whole.
    ``before``: the lines before the stream's start, when it is a piece of a file that begins at
    the start of a line (a byte-order mark is skipped only on the file's first line)."""
    read = getattr(stream, "read1", None) or stream.read
    number = before
    pending = b""  # the start of the current line, from earlier blocks
    too_long = False
    out: list = []

    def finish(line: bytes):
        if too_long or len(line) > limit:
            return CaseInputError([CaseProblem(
                "LK714", f"linjen er for lang: mere end {_thousands(limit)} byte. Den er sprunget over.",
                line=number)], f"linje {number}")
        if number == 1 and line.startswith(_BOM):
            line = line[3:]
        return line if line.strip() else None

    while True:
        block = read(block_size)
        if not block:
            break
        parts = block.split(b"\n")
        if len(parts) > 1:
            number += 1
            item = finish(pending + parts[0] if not too_long else b"")
            pending, too_long = b"", False
            if item is not None:
                out.append((number, item))
            whole = parts[1:-1]
            if whole:
                if max(map(len, whole)) <= limit:  # no line 1 here, so only blank lines are left out
                    out.extend((n, line) for n, line in zip(range(number + 1, number + 1 + len(whole)), whole)
                               if line and not line.isspace())
                    number += len(whole)
                else:
                    for line in whole:
                        number += 1
                        item = finish(line)
                        if item is not None:
                            out.append((number, item))
            while len(out) >= size:
                yield out[:size]
                del out[:size]
        if too_long:
            continue
        pending += parts[-1]
        if len(pending) > limit:
            pending, too_long = b"", True
    if pending or too_long:
        number += 1
        item = finish(pending)
        if item is not None:
            out.append((number, item))
    while out:
        yield out[:size]
        del out[:size]


def iter_json_lines(stream: BinaryIO) -> Iterator[tuple[int, object | CaseInputError]]:
    """Each non-blank line of a JSON Lines stream as (line number, value or :class:`CaseInputError`):
    a line that cannot be read is an error for that line only; the others go on."""
    for number, item in iter_lines(stream):
        if isinstance(item, CaseInputError):
            yield number, item
            continue
        try:
            yield number, parse_line(item, number)
        except CaseInputError as err:
            yield number, err
