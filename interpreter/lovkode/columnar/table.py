"""``Spec.evaluate_table``: a table of cases in, a table of answers out, row for row what
:meth:`lovkode.Spec.evaluate` answers.

Columns out, per question ``q`` (the contract's JSON values, so the JSON written from them is the
contract's byte for byte):

- ``q``: ``true``/``false``; a number as the exact decimal text JSON carries (``"2.45"``, never a
  binary float); a date as ``ÅÅÅÅ-MM-DD``; a choice or text as itself; a duration as its Danish text;
  null when *ukendt*;
- ``q.missing``: the sorted names of the facts whose absence left it open;
- ``q.kilderne_tavse``: what the sources are silent about (empty when they are not);
- ``q.udefineret``: undefined arithmetic, such as a division by zero (empty when none);
- ``q.konflikt``: the pairs of exceptions that fired with different results (empty when none);

and for the whole row ``anbefalinger`` (the ids of the anbefalinger that apply) and ``fejl``: null,
or the problems that made the row an error row (its answers are then null).
"""
from __future__ import annotations

import datetime as dt
import itertools
import operator
import weakref
from collections.abc import Mapping
from decimal import Decimal

import numpy as np

from ..facts import FactsError, prepare
from ..render.reasons import silence_text, undefined_text
from ..values import number_text
from . import arrays as A, reach
from .arrays import BOOL, DATE, DUR, NUM, Col
from .compile import Compiled, Context
from .inputs import fact_column, python_values

_COMPILED: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def compiled_for(spec) -> Compiled:
    """The spec's column program, compiled once per loaded spec."""
    found = _COMPILED.get(spec)
    if found is None:
        found = _COMPILED[spec] = Compiled(spec)
    return found


class TableError(ValueError):
    """The input is not a table at all (columns of different lengths, not a table type)."""


def read_columns(table) -> tuple[int, dict]:
    """Column name → list of Python values (None for null), from any table type we accept."""
    module = type(table).__module__.split(".")[0]
    if module == "pyarrow":
        columns = {}
        for name in table.column_names:
            column = table.column(name)
            columns[name] = column.combine_chunks() if hasattr(column, "combine_chunks") else column
        return table.num_rows, columns
    if module == "pandas":
        columns = {}
        for name in table.columns:
            series = table[name]
            columns[str(name)] = series.astype(object).where(series.notna(), None).tolist()
        return len(table), columns
    if module == "polars":
        return table.height, {name: table.get_column(name).to_list() for name in table.columns}
    if isinstance(table, Mapping):
        columns = {str(name): list(values) for name, values in table.items()}
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise TableError("Kolonnerne i tabellen har forskellig længde: "
                             + ", ".join(f"`{k}` {len(v)}" for k, v in columns.items()) + ".")
        return (lengths.pop() if lengths else 0), columns
    raise TableError("En tabel skal være en pyarrow Table eller RecordBatch, en pandas- eller Polars-DataFrame, "
                     "en mapping fra kolonnenavn til en liste af værdier eller en liste af sager (JSON-objekter).")


class TableResult:
    """The answers for a table: ``table`` (a pyarrow Table, or a dict of lists without pyarrow), and
    :meth:`explain` for the full explanation of a row from the scalar path."""

    def __init__(self, spec, questions, columns: dict, raw_row, n: int):
        self.spec = spec
        self.questions = tuple(questions)
        self.columns = columns
        self._raw_row = raw_row
        self.num_rows = n
        self._table = None
        self.codes: dict = {}

    @property
    def table(self):
        if self._table is None:
            self._table = to_arrow(self.columns, self.questions, self.kinds)
        return self._table

    def __len__(self) -> int:
        return self.num_rows

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def explain(self, i: int):
        """Row ``i``'s answers with explanations and begrundelse (:class:`lovkode.api.Answers`);
        raises :class:`lovkode.FactsError` for an error row."""
        return self.spec.evaluate(self._raw_row(i), self.questions)

    def json_lines(self, first_line: int | None = None):
        """Each row as the contract's compact JSON without explanations (what ``lovkode batch
        --no-explanation`` writes); with ``first_line``, each prefixed by its ``"linje"``."""
        return json_lines(self.spec, self.questions, self.columns, self.num_rows, first_line, self.codes)


def evaluate_table(spec, table, questions=None) -> TableResult:
    if isinstance(table, (list, tuple)):  # the cases themselves, as JSON objects
        cases = list(table)
        return evaluate_columns(spec, len(cases), case_columns(cases), questions, rows=cases)
    n, columns = read_columns(table)
    return evaluate_columns(spec, n, columns, questions)


def case_columns(cases: list) -> dict:
    """The cases' columns (name → list, None where absent), filled case by case: one pass over each
    case's own keys, instead of one look-up per case for every name any case has. A case that is
    not an object contributes nothing (``evaluate_columns`` makes it an error row).

    When every case is a dict with the same keys (a register written by one program), all values are
    taken in one pass in C, case by case, and each column is every k-th."""
    n = len(cases)
    if n and type(cases[0]) is dict and len(cases[0]) > 1 and set(map(type, cases)) == {dict}:
        names = tuple(cases[0])
        k = len(names)
        if set(map(len, cases)) == {k}:
            try:  # with as many keys as the first, a case lacks one of its keys if it has another
                values = list(itertools.chain.from_iterable(map(operator.itemgetter(*names), cases)))
            except KeyError:
                values = None
            if values is not None:
                return {name: values[j::k] for j, name in enumerate(names)}
    columns: dict = {}
    for i, case in enumerate(cases):
        if not isinstance(case, dict):
            continue
        for name, value in case.items():
            try:  # a subscript, not a call: the cheapest step for the common case, a name seen before
                columns[name][i] = value
            except KeyError:
                column = columns[name] = [None] * n
                column[i] = value
    return columns


def evaluate_columns(spec, n: int, columns: dict, questions=None, rows=None, *, scalar_rows: bool = True,
                     exact=None) -> TableResult:
    """The engine: ``columns`` (name → list, None = null); ``rows``, when the input was cases
    (JSON objects), are those cases and ``columns`` made from them by :func:`case_columns`, so a key
    that is no fact is an error even with a null value.

    Every answer — value, missing facts, silence, undefined arithmetic, conflicting exceptions — is
    settled in the columns. The one thing they cannot always tell is which anbefalinger apply to a
    row: that needs what the row's answers reached, and a rule on the scalar path
    (:class:`~lovkode.columnar.compile.ScalarRule`) or a construct :mod:`~lovkode.columnar.reach`
    does not walk does not say. Only such rows, where an anbefaling's condition holds, are answered
    again on the scalar path (:func:`_scalar_row`); with every construct listed in the compiler,
    none are.

    ``scalar_rows=False`` (for tests) leaves those rows as the columns have them, and says which they
    are in ``result.unsettled`` (``None`` → row mask).

    ``exact`` (with ``rows`` that may hold binary floats for numbers, each exactly the decimal it
    was read from): row ``i``'s case as written, with Decimals, for wording its problems and for
    :meth:`TableResult.explain`."""
    questions = spec._questions(questions)
    compiled = compiled_for(spec)
    fact_types = spec._fact_types
    frame = A.Frame(n, len(compiled.fact_ids))

    def raw_row(i: int) -> dict:
        if exact is not None:
            return exact(i)
        if rows is not None:
            return rows[i]
        row = {}
        for name, values in columns.items():
            v = values[i]
            if hasattr(v, "as_py"):
                v = v.as_py()
            if v is not None:
                row[name] = v
        return row

    bad = np.zeros(n, dtype=bool)
    for name in columns:
        if name not in fact_types:
            bad |= ~_nulls(columns[name])
    if rows is not None:  # the columns were made from these rows (case_columns): a key that is
        # no fact has a column of its own, so only the rows that name one need looking at
        if set(map(type, rows)) != {dict}:  # the common case, every row a dict, at C speed
            bad |= np.fromiter((not isinstance(r, dict) for r in rows), dtype=bool, count=n)
        for name in columns:
            if name not in fact_types:
                bad |= np.fromiter((isinstance(r, dict) and name in r for r in rows), dtype=bool, count=n)
    facts: dict = {}
    converted: dict = {}
    for index, fid in enumerate(compiled.fact_ids):
        values = columns.get(fid)
        kind = compiled.fact_kinds[fid]
        if values is None or kind is None:
            if values is not None:  # a type the columns do not know (a duration): let prepare judge
                bad |= ~_nulls(values)
            col = frame.flagged(kind or BOOL, np.ones(n, dtype=bool))
            col.miss[:] = 0
            _set_bit(col.miss, np.ones(n, dtype=bool), index)
            if kind == NUM:
                col.val = A.zeros(n)
            facts[fid] = col
            continue
        val, null, wrong = fact_column(fid, values, fact_types[fid], kind, n)
        unk = null | wrong
        miss = frame.no_miss()
        if unk.any():
            _set_bit(miss, unk, index)
            bad |= wrong
        facts[fid] = Col(kind, val, unk, miss)
        converted[fid] = kind
    if rows is not None:
        # read: the cases are the rows now. A million cells in lists would be gone through by every
        # collection of the garbage collector while the rules are evaluated (each of them ~20 ms)
        columns = values = None
    for first, second in getattr(fact_types, "ordered", ()):  # born after the decision: prepare says so
        a, b = facts.get(first), facts.get(second)
        if a is not None and b is not None and a.kind == DATE == b.kind:
            bad |= ~a.unk & ~b.unk & (a.val > b.val)
    names = list(converted)
    python: list = []
    row_cache: dict = {}

    def row_facts(i: int) -> dict:
        """Row ``i``'s facts as :func:`lovkode.facts.prepare` gives them, for the scalar path; the
        columns' Python values (one object matrix, a row per case) are made the first time a row asks."""
        if bad[i]:
            return {}
        if not python:
            matrix = np.empty((n, len(names)), dtype=object)
            for j, fid in enumerate(names):
                matrix[:, j] = python_values(converted[fid], facts[fid].val, facts[fid].unk)
            python.append(matrix)
        found = row_cache.get(i)
        if found is None:  # read, never changed, by each rule on the scalar path: made once per row
            found = row_cache[i] = {fid: v for fid, v in zip(names, python[0][i].tolist()) if v is not None}
        return found

    problems: dict[int, list] = {}
    for i in np.flatnonzero(bad):
        try:
            prepare(raw_row(int(i)), fact_types)
        except FactsError as err:
            problems[int(i)] = err.problems
        else:  # the columns were stricter than the case: not an error after all
            bad[i] = False
    ctx = Context(frame, facts, row_facts)
    results = {q: compiled.ref(q)(ctx) for q in questions}
    concerning = reach.concerned(compiled, questions)
    for rec, when in concerning:
        if when is not None:
            when(ctx)
    found, unsettled_recs = reach.recommendations(compiled, ctx, questions, ~bad, concerning)
    unsettled = {None: unsettled_recs}
    redo = unsettled_recs & ~bad
    out, codes = _columns(spec, compiled, frame, questions, results, bad, problems)
    if found:
        out["anbefalinger"] = _recommendation_ids(found, n)
    if scalar_rows:
        for i in np.flatnonzero(redo):
            _scalar_row(spec, out, int(i), row_facts(int(i)), questions)
            codes = {}  # the codes do not know the rows answered on the scalar path
    result = TableResult(spec, questions, out, raw_row, n)
    result.codes = codes
    result.unsettled = unsettled
    result.problems = problems
    result.kinds = {q: results[q].kind for q in questions}
    return result


def _recommendation_ids(found, n: int) -> list:
    """Per row, the ids of the anbefalinger that apply, in their order: each row's set as a code
    (the anbefalinger as bits, in groups of 62), each distinct set's tuple made once."""
    ids = [rec.name.id for rec, _ in found]
    masks = [applies for _, applies in found]
    codes = []
    for start in range(0, len(masks), 62):
        code = np.zeros(n, dtype=np.int64)
        for bit, applies in enumerate(masks[start:start + 62]):
            code |= applies.astype(np.int64) << bit
        codes.append(code)
    keys = np.stack(codes, axis=1) if len(codes) > 1 else codes[0][:, None]
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True) if len(codes) > 1 else A.distinct(codes[0])
    tuples = np.fromiter((tuple(ids[g * 62 + bit] for g, word in enumerate(np.atleast_1d(row).tolist())
                                for bit in range(62) if word >> bit & 1) for row in distinct),
                         dtype=object, count=len(distinct))
    return tuples[inverse.reshape(-1)].tolist()


def _set_bit(miss, rows, index: int) -> None:
    """Fact ``index``'s bit on the rows of the mask ``rows``, in one pass over its word's column."""
    word, bit = divmod(index, 64)
    column = miss[:, word]
    column |= np.where(rows, np.uint64(1 << bit), np.uint64(0))


def _is_arrow(values) -> bool:
    return type(values).__module__.split(".")[0] == "pyarrow"


def _nulls(values):
    if _is_arrow(values):
        return values.is_null().to_numpy(zero_copy_only=False)
    return np.array([v is None for v in values], dtype=bool)


def _columns(spec, compiled, frame, questions, results, bad, problems) -> tuple[dict, dict]:
    """The output columns (Python lists) from the question columns: each list made once, by indexing
    a small array of the distinct cells (values, missing sets) with each row's code. Beside them, per
    question whose values have such codes, ``(value codes, values, missing codes, missing sets,
    reason codes, reasons)``: what a writer needs to write each distinct answer once
    (:func:`row_parts`)."""
    n = frame.n
    out: dict = {}
    codes: dict = {}
    missing = _missing_columns(frame, compiled.fact_ids, [results[q] for q in questions], bad)
    for q, (mcodes, msets) in zip(questions, missing):
        col = results[q]
        found = _value_codes(col, col.unk | bad)
        silent, undefined, conflict, rcodes, reasons = _reason_columns(col, col.unk & frame.has_flag(col) & ~bad, n)
        if found is None:
            out[q] = _values(col, col.unk | bad)
        else:
            out[q] = found[1][found[0]].tolist()
            codes[q] = (*found, mcodes, msets, rcodes, reasons)
        out[q + ".missing"] = [()] * n if mcodes is None else msets[mcodes].tolist()
        out[q + ".kilderne_tavse"] = silent
        out[q + ".udefineret"] = undefined
        out[q + ".konflikt"] = conflict
    out["anbefalinger"] = [()] * n
    out["fejl"] = [None] * n
    for i, found in problems.items():
        out["fejl"][i] = tuple(str(p) for p in found)
    return out, codes


def _reason_columns(col: Col, rows, n: int) -> tuple:
    """The ``kilderne_tavse``, ``udefineret`` and ``konflikt`` cells of a question (each a tuple, empty
    where none) from the reasons of its flagged ``rows``: each distinct set of reasons split and worded
    once, and put in place for all rows at once. Then the same as codes: row ``i``'s
    ``(kilderne_tavse, udefineret)`` is ``reasons[codes[i]]`` (codes None: none on any row)."""
    rows = np.flatnonzero(rows)
    if col.sil is None or not len(rows):
        return [()] * n, [()] * n, [()] * n, None, _NO_REASONS
    keys = col.sil[rows].tolist()
    distinct = dict.fromkeys(keys)
    table = []
    for k in distinct:
        distinct[k] = len(table)
        silent, undefined, conflict = A.split_reasons(k)
        table.append((silent, tuple(undefined_text(u) for u in undefined), conflict))
    codes = np.fromiter(map(distinct.__getitem__, keys), dtype=np.intp, count=len(keys))
    out = []
    for slot in range(3):
        if not any(parts[slot] for parts in table):
            out.append([()] * n)
            continue
        mapped = np.empty(len(table), dtype=object)
        for j, parts in enumerate(table):
            mapped[j] = parts[slot]
        cells = np.empty(n, dtype=object)
        cells.fill(())
        cells[rows] = mapped[codes]
        out.append(cells.tolist())
    rcodes = np.zeros(n, dtype=np.intp)
    rcodes[rows] = codes + 1
    return out[0], out[1], out[2], rcodes, [((), ()), *((parts[0], parts[1]) for parts in table)]


_NO_REASONS = [((), ())]


def _missing_columns(frame, names, cols, bad) -> list:
    """Each column's missing facts per row (sorted name tuples; the flag and error rows aside) as
    ``(codes, sets)``: row ``i`` misses ``sets[codes[i]]`` (``codes`` None: nothing on any row). The
    rows that miss something, of all columns together, are decoded once per distinct bitset."""
    n = frame.n
    parts, spans = [], []
    for col in cols:
        rows = np.flatnonzero(frame.has_facts(col) & ~bad)
        spans.append(rows)
        parts.append(col.miss[rows])
    total = sum(len(rows) for rows in spans)
    if not total:
        return [(None, _NOTHING) for _ in cols]
    bits = np.concatenate(parts)
    bits[:, frame.flag_word] &= ~frame.flag_mask
    uniques, inverse = _distinct_rows(bits)
    decoded = np.fromiter([(), *_names(uniques, names)], dtype=object, count=len(uniques) + 1)
    out = []
    start = 0
    for rows in spans:
        if not len(rows):
            out.append((None, _NOTHING))
            continue
        found = np.zeros(n, dtype=np.intp)
        found[rows] = inverse[start:start + len(rows)] + 1  # 0: nothing missing
        start += len(rows)
        out.append((found, decoded))
    return out


_NOTHING = np.fromiter([()], dtype=object, count=1)


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _distinct_rows(bits):
    """``np.unique(bits, axis=0, return_inverse=True)`` for bitset rows (in no particular order), by
    one 64-bit key per row: finding the distinct values of a single key column is many times faster
    than sorting rows. With more than one word, a collision (two different rows with one key) is
    detected and answered the slow, exact way."""
    key = bits[:, 0]
    for word in range(1, bits.shape[1]):
        key = key * _MIX ^ bits[:, word]
    keys, inverse = A.distinct(key)
    if bits.shape[1] == 1:
        return keys[:, None], inverse
    first = np.empty(len(keys), dtype=np.intp)
    first[inverse] = np.arange(len(inverse))  # a row with each key
    uniques = bits[first]
    if not (uniques[inverse] == bits).all():
        uniques, inverse = np.unique(bits, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
    return uniques, inverse


def _names(bitsets, names) -> list[tuple]:
    """Each row of bitsets (``uint64`` words over ``names``; bits past them are flags) as the sorted
    tuple of its names, for all rows at once: the bits unpacked, their columns put in name order."""
    order = sorted(range(len(names)), key=names.__getitem__)
    words = np.ascontiguousarray(bitsets, dtype="<u8")
    bits = np.unpackbits(words.view(np.uint8), axis=1, bitorder="little")[:, :len(names)][:, order]
    _, cols = np.nonzero(bits)
    flat = np.array(names, dtype=object)[order][cols].tolist()
    ends = np.cumsum(bits.sum(axis=1)).tolist()
    return [tuple(flat[start:end]) for start, end in zip([0, *ends], ends)]


_BOOL_CELLS = np.array([False, True, None], dtype=object)


def _value_codes(col: Col, unk):
    """``(codes, values)``, row ``i``'s value (the contract's JSON value; None where unknown) being
    ``values[codes[i]]`` (an object array of the distinct values): for sandhedsværdier, numbers at a
    scale and dates; None for the other kinds."""
    kind = col.kind
    n = len(unk)
    if kind == BOOL:
        if len(col.val) != n:
            return np.full(n, 2, dtype=np.intp), _BOOL_CELLS
        return np.where(unk, 2, col.val), _BOOL_CELLS
    if kind == NUM:
        if len(col.val) != n:
            return np.zeros(n, dtype=np.intp), _NONE_CELL
        return A.num_codes(col.val, unk)
    if kind == DATE:
        if len(col.val) != n:
            return np.zeros(n, dtype=np.intp), _NONE_CELL
        days, inverse = A.distinct(col.val)
        texts = np.empty(len(days) + 1, dtype=object)
        texts[:-1] = [dt.date.fromordinal(d).isoformat() for d in days.tolist()]
        return np.where(unk, len(days), inverse), texts
    return None


_NONE_CELL = np.full(1, None, dtype=object)


def _values(col: Col, unk) -> list:
    """Known values as the contract's JSON values; None where unknown."""
    found = _value_codes(col, unk)
    if found is not None:
        return found[1][found[0]].tolist()
    n = len(unk)
    if col.kind == NUM:
        return A.num_text(col.val, unk)
    if col.kind == DUR:
        from ..values import Duration

        values = [str(Duration(int(m), int(d))) for m, d in zip(*col.val)]
    else:
        values = list(col.val)
    if len(values) != n:
        return [None] * n
    if unk.any():
        cells = np.empty(n, dtype=object)
        cells[:] = values
        cells[unk] = None
        return cells.tolist()
    return values


def value_of(value):
    """A scalar answer's value as this table's columns hold it."""
    if value is None or type(value) is bool or type(value) is str:
        return value
    if type(value) is Decimal:
        return number_text(value)
    if type(value) is dt.date:
        return value.isoformat()
    return str(value)


def _scalar_row(spec, out: dict, i: int, facts: dict, questions) -> None:
    """Row ``i`` answered again by :meth:`lovkode.Spec.evaluate`'s path, into the output columns."""
    answers = spec._evaluate_prepared(facts, questions)
    for q in questions:
        a = answers[q]
        out[q][i] = value_of(a.value)
        out[q + ".missing"][i] = tuple(a.missing)
        out[q + ".kilderne_tavse"][i] = tuple(silence_text(s) for s in a.silent)
        out[q + ".udefineret"][i] = tuple(undefined_text(u) for u in a.undefined)
        out[q + ".konflikt"][i] = tuple(tuple(pair) for pair in a.conflict)
    out["anbefalinger"][i] = tuple(r.id for r in answers.recommendations)


def to_arrow(columns: dict, questions, kinds: dict, error_text: bool = False):
    """The columns as a pyarrow Table, or the dict itself when pyarrow is not installed. The schema
    depends on the spec alone (a sandhedsværdi is a bool, every other value text), so the tables
    of successive chunks can go into one Parquet file."""
    try:
        import pyarrow as pa
    except ImportError:
        return columns
    texts = pa.list_(pa.string())
    arrays = {}
    for name, values in columns.items():
        if name in questions:
            arrays[name] = pa.array(values, type=pa.bool_() if kinds[name] == BOOL else pa.string())
        elif name == "linje":
            arrays[name] = pa.array(values, type=pa.int64())
        elif name == "fejl" and error_text:
            arrays[name] = pa.array(values, type=pa.string())
        elif name.endswith(".konflikt"):
            arrays[name] = pa.array([[list(p) for p in v] for v in values], type=pa.list_(texts))
        else:
            arrays[name] = pa.array([list(v) if v is not None else None for v in values], type=texts)
    return pa.table(arrays)


def json_lines(spec, questions, columns, n, first_line=None, codes=None):
    """Row by row, the compact JSON :func:`lovkode.render.json_output.results_json` gives without
    explanations (None for an error row, with its problems)."""
    fejl = columns["fejl"]
    for i, body in enumerate(row_texts(spec, questions, columns, n, codes)):
        line = None if first_line is None else first_line + i
        if body is None:
            yield line, None, fejl[i]
        else:
            yield line, "{" + body + "}", None


def row_texts(spec, questions, columns, n, codes=None) -> list:
    """Each row's JSON object without its braces (``"results":{…}`` and any ``"anbefalinger"``), None
    for an error row."""
    texts, extras = row_parts(spec, questions, columns, n, codes=codes)
    out = ['"results":{' + "".join(row) + "}" + extra for row, extra in zip(zip(*texts), extras)] if texts else \
        ['"results":{}' + extra for extra in extras]
    for i, problems in enumerate(columns["fejl"]):
        if problems is not None:
            out[i] = None
    return out


def row_parts(spec, questions, columns, n, cache: dict | None = None, codes: dict | None = None,
              encode: bool = False) -> tuple[list, list]:
    """The pieces of each row's JSON, in columns to be joined row by row: the questions' ``"q":{…}``
    (after the first with its leading comma), and per row the ``,"anbefalinger":[…]`` that follows
    the results (or nothing). Written question by question, each distinct answer's text once, so a
    writer can join all rows' pieces in one go (``str.join`` in C). A ``cache`` (an empty dict, kept
    by the caller) keeps the written answers from one call to the next, so that a batch writes each
    distinct answer once. With a question's ``codes`` (from the evaluation: its values and missing
    sets as row codes), its distinct answers are found on the codes, in C, and each looked up once,
    not once per row; the pieces of consecutive such questions become one piece per row while their
    distinct combinations stay few (see :func:`_merged`), so there is less to join. With ``encode``
    the pieces are UTF-8 bytes."""
    from ..render.json_output import dumps
    from .compile import kind_of

    entries = spec._checked.entries
    texts: list = []
    run = None  # the coded questions not yet put in ``texts``: (row codes, their pieces)
    lists: dict = {}  # the JSON of each missing set, by the array of sets (one for all questions)
    cache = {} if cache is None else cache
    written: dict = cache.setdefault(None, {})
    for first, q in enumerate(questions):
        answer = cache.get((q, first > 0, encode))
        if answer is None:
            number = entries[q].type is not None and kind_of(entries[q].type) == NUM
            answer = cache[q, first > 0, encode] = _AnswerTexts(
                ("," if first else "") + dumps(q, indent=None) + ':{"value":',
                ',"citation":' + dumps(spec.rules[q].citation, indent=None), number, written, encode)
        found = codes.get(q) if codes is not None else None
        if found is not None:
            coded = _coded_parts(answer, *found, lists)
            merged = None if run is None else _merged(run, coded, n)
            if merged is None and run is not None:
                texts.append(run[1][run[0]].tolist())
            run = merged or coded
            continue
        if run is not None:
            texts.append(run[1][run[0]].tolist())
            run = None
        silent, undefined = columns[q + ".kilderne_tavse"], columns[q + ".udefineret"]
        if silent.count(()) == n and undefined.count(()) == n:  # the usual: neither, so the key is shorter
            keys = zip(columns[q], columns[q + ".missing"])
        else:
            keys = zip(columns[q], columns[q + ".missing"], silent, undefined)
        texts.append(list(map(answer.__getitem__, keys)))
    if run is not None:
        texts.append(run[1][run[0]].tolist())
    recs = {r.id: r for r in spec.recommendations}
    found = columns["anbefalinger"]
    extras = dict.fromkeys(found)
    for ids in extras:
        extras[ids] = "" if not ids else ',"anbefalinger":' + dumps(
            [{"name": r.id, "label": r.name, "citation": r.citation, "text": r.text}
             for r in (recs[x] for x in ids)], indent=None)
    return texts, list(map(extras.__getitem__, found))


def _coded_parts(answer, vcodes, values, mcodes, msets, rcodes, reasons, lists: dict) -> tuple:
    """A question's pieces from its codes, ``(row codes, pieces)``: each distinct (value, missing,
    reasons) answer's text looked up once; row ``i``'s piece is ``pieces[codes[i]]``. Where most
    rows' answers differ (amounts, mostly), or most of the last chunk's were new, they are written
    all at once instead, and not kept: they rarely recur."""
    width = 1 if mcodes is None else len(msets)
    many = 1 if rcodes is None else len(reasons)
    key = vcodes.astype(np.int64)
    if mcodes is not None:
        key = key * width + mcodes
    if rcodes is not None:
        key = key * many + rcodes
    keys, inverse = A.distinct(key)
    r, rest = np.divmod(keys, many)[::-1] if rcodes is not None else (None, keys)
    v, m = np.divmod(rest, width)
    if _all_at_once(answer, len(keys), len(key)):
        if mcodes is None:
            middles = np.full(len(keys), answer.middle(()), dtype=object)
        else:
            found = lists.get(id(msets))
            if found is None:  # each missing set's piece made once for all the chunk's questions
                found = lists[id(msets)] = np.fromiter(map(answer.middle, msets), dtype=object, count=len(msets))
            middles = found[m]
        ends = np.fromiter(map(answer.end, reasons), dtype=object, count=len(reasons))
        return inverse, answer.many(values[v], middles, ends[r] if rcodes is not None else ends[0])
    pieces = np.empty(len(keys), dtype=object)
    known = len(answer)
    sets = msets if mcodes is not None else [()]
    if rcodes is None:
        pieces[:] = [answer[values[a], sets[b]] for a, b in zip(v.tolist(), m.tolist())]
    else:
        pieces[:] = [answer[values[a], sets[b], *reasons[c]] for a, b, c in zip(v.tolist(), m.tolist(), r.tolist())]
    answer.asked, answer.new = len(keys), len(answer) - known
    return inverse, pieces


_MANY = 64
"""So many distinct answers at least, in a quarter of the rows or more, are written at once."""


def _all_at_once(answer, distinct: int, rows: int) -> bool:
    """Whether a question's ``distinct`` answers in ``rows`` rows are written all at once: when they
    are many, or were mostly new in the last chunk."""
    return distinct >= _MANY and (distinct * 4 > rows or answer.new * 2 > answer.asked)


_MERGED = 8
"""Consecutive questions' pieces are joined while their distinct combinations are at most one in
so many rows: then each joined piece is shared by several rows."""


def _merged(run: tuple, coded: tuple, n: int) -> tuple | None:
    """The pieces of ``run`` followed by those of ``coded`` as one piece per row, ``(row codes,
    pieces)``, when the distinct pairs are few enough to pay off; else None."""
    width = len(coded[1])
    keys, inverse = A.distinct(run[0].astype(np.int64) * width + coded[0])
    if len(keys) * _MERGED > n:
        return None
    keys = keys.tolist()
    pieces = np.empty(len(keys), dtype=object)
    left, right = run[1], coded[1]
    pieces[:] = [left[k // width] + right[k % width] for k in keys]
    return inverse, pieces


class _AnswerTexts(dict):
    """One question's answer texts (UTF-8 with ``encode``) by (value, missing[, kilderne_tavse,
    udefineret]): each distinct answer is written once, on its first look-up; every other row is one
    dict look-up. The JSON of each distinct value and list is written once too, in ``written``
    (shared by a chunk's questions: the same missing facts recur in many answers)."""

    def __init__(self, head: str, tail: str, number: bool, written: dict, encode: bool = False):
        super().__init__()
        self.head, self.tail, self.number, self.written, self.encode = head, tail, number, written, encode
        self.asked = self.new = 0  # the distinct answers of the last chunk looked up here, and how many were new

    def _json(self, item) -> str:
        """``item`` (a text, or a tuple of texts written as a list) as JSON."""
        text = self.written.get(item)
        if text is None:
            from ..render.json_output import dumps

            text = self.written[item] = dumps(list(item) if type(item) is tuple else item, indent=None)
        return text

    def _value(self, v) -> str:
        if v is None:
            return "null"
        if v is True or v is False:
            return "true" if v else "false"
        return v if self.number else self._json(v)

    def reasons(self, pair) -> str:
        """What follows the citation for these (kilderne_tavse, udefineret)."""
        silent, undefined = pair
        return ((',"kilderne_tavse":' + self._json(silent) if silent else "")
                + (',"udefineret":' + self._json(undefined) if undefined else ""))

    def middle(self, missing):
        """The piece of an answer from its missing list to its citation."""
        text = ',"missing":' + self._json(missing)
        return text.encode("utf-8") if self.encode else text

    def end(self, pair):
        """The piece of an answer from its citation to its end, with these (kilderne_tavse, udefineret)."""
        text = self.tail + self.reasons(pair) + "}"
        return text.encode("utf-8") if self.encode else text

    def _headed(self, v):
        text = self.head + self._value(v)
        return text.encode("utf-8") if self.encode else text

    def many(self, values, middles, ends):
        """The texts of the answers with these values and the pieces that follow them (object arrays;
        ``ends`` may be one piece for all), written all at once, each concatenation one pass in C,
        and not kept."""
        return np.fromiter(map(self._headed, values), dtype=object, count=len(values)) + middles + ends

    def __missing__(self, key):
        text = self[key] = self._headed(key[0]) + self.middle(key[1]) + self.end(key[2:] or _NO_REASONS[0])
        return text
