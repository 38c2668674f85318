"""Stage 5b: the checked program as generated Python functions, for fast evaluation of one case.

Why: the closures of :class:`lovkode.evaluate.Program` cost one Python call per fact, rule and
operator reached (about 500 per case of the bundled spec). Here each rule that is one expression
becomes one Python function whose body is that expression written out as statements on local
variables: facts read inline, `og`/`eller` short-circuiting as Kleene's logic with the unknown parts
gathered inline, comparisons as Python operators. The functions are generated once, when the spec
is loaded, and keep the closures' protocol exactly: the same values, the same ``run.cache`` and
``run.nodes`` (the facts and rules reached, in the order reached, and the same notes), so the tracer,
the JSON writer and the begrundelse read a run the same whichever made it (only, where a rule
reaches the same in every run, its list is a tuple made at load: :attr:`FastProgram.fixed_deps`). A
property test compares the two on random specs with every construct.

Every other named thing becomes one function too, its notes appended inline: a rule's versions (the
version in force picked by its date's bounds as constants), its exceptions (with versions), a skøn
with its lawfulness, a table's rows (with versions) as bound tests, a regulated amount's year looked
up in a dict made at load. All the questions are one function (:attr:`FastProgram.answer_all`), and
so are all the anbefalinger's conditions (:attr:`FastProgram.held`). The rare paths (a date that
picks a version unknown) call the closures. The exhaustive evaluation that the begrundelse asks for
stays with the closures.

Safety: the source is generated from the checked AST only, never from the text of the spec or of a
case. Every name, number, date, text and function it needs is passed in as a global binding under a
generated identifier (``k3``, ``a7``, ``f2`` …); the source itself holds only those identifiers,
Python keywords and operators from a fixed table. Nothing a user writes is ever executed as code.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys

from . import ast, evaluate
from .cache import cache_dir
from .evaluate import _MISS, Program
from .values import EXACT, Duration, Ukendt, add_duration, add_months, hundreds_power, merge, multiply, strict

_OPERATORS = {"=": "==", "≠": "!=", "<": "<", "≤": "<=", ">": ">", "≥": ">="}
_DEEPEST = 60
"""The deepest indentation a generated function gets. Python refuses source indented 100 levels, and
the parser accepts expressions nested up to 200 (LK106): an expression nested deeper than this is
evaluated by the closures, whose operands start generated functions of their own at depth 1."""
_LOOPS = 15
"""The most `og`/`eller` loops nested in a generated function; Python compiles at most 20 nested
blocks (»too many statically nested blocks«): loops, and the two of an arithmetic's ``try``, which
holds no block of its own. A deeper `og`/`eller` is written without a loop."""


class FastProgram(Program):
    """The same program as ``program``, with each rule evaluated by generated code (see the module).

    Every expression of the language is generated; the known case of the rarer operations (date and
    decimal arithmetic, rounding, ``mindste``/``største``) calls the same functions as the closures.
    An expression the generator had no method for would be evaluated by the closures, with its
    operands generated (:meth:`fallback`).

    All the source is compiled at once (what the closures of the rare paths ask for is generated in
    a first pass, :meth:`later`; a thing the generator cannot write, a versioned one without a date,
    keeps the closures' structure around generated expressions), and the compiled code is kept in
    the parse cache under a hash of its source."""

    def __init__(self, program: Program):  # not Program.__init__: the closures are ``program``'s
        self.checked = program.checked
        self.absent = program.absent
        self._types = program._types
        self._refs = {}
        self.rules = {}
        self._names: dict[str, str] = {}
        self._globals: dict = {"Ukendt": Ukendt, "merge": merge, "strict": strict, "MISS": _MISS,
                               "gather": _gather, "__builtins__": {"type": type, "bool": bool, "list": list}}
        self._count = 0
        self._generated: dict[int, str] = {}  # id of an expression → its generated function's name
        self._lawful: dict[int, object] = {}
        self._later: list[tuple[str, object]] = []  # names bound once the source is compiled
        self._source: list[str] | None = []  # None once compiled
        self.fixed_deps: dict[str, tuple[str, ...]] = {}
        """The rules whose list of what they reached is the same in every run made by the generated code
        (each append certain, none under a condition: see :class:`_Reached`), each with that list: the
        facts and rules in the order reached, a name reached twice standing twice. Wherever such a rule
        is evaluated (its function, or written out where it is reached), its node holds this very
        tuple, made at load: ``run.nodes[ident][0] is fixed_deps[ident]``; so a writer may write its
        children from a plan made at load. Only for runs of the generated code: the closures (an
        exhaustive run, ``closures=True``) build lists. Never to be mutated."""
        self._fixed: dict[str, tuple[str, str]] = {}  # of fixed_deps: the bound names of the tuple and of its node
        self._varying: set[str] = set()  # the rules whose list varies somewhere they are evaluated
        users: dict[str, int] = {}
        for entry in self.checked.entries.values():
            for ident in entry.dependencies:
                users[ident] = users.get(ident, 0) + 1
        generated, other = [], []
        for entry in self.checked.entries.values():
            if not entry.is_fact:
                (generated if self._generable(entry) else other).append(entry)
        self.inlined = frozenset(e.id for e in generated if users.get(e.id) == 1 and _plain(e))
        """The plain rules (no versions, no exceptions) that one other thing reaches: written out where it
        reaches them, as their function would do it (their own list of what they reached, their value
        cached, their node), without a call. So are the plain questions in :attr:`answer_all`."""
        for entry in generated + other:
            self._names[entry.id] = self._fresh("r")
        for entry in generated:
            self._source.append(_Function(self, entry.id).rule(entry))
        for entry in other:  # first pass: generate what the structure asks for; its closures are dropped
            self._compile_entry(entry)
        self.questions = [e.id for e in self.checked.entries.values() if e.kind == "spørgsmål"]
        """All the spec's questions in order, as ``Spec.evaluate`` asks them by default."""
        self._source.append(_Function(self, None).answers(self.questions, "answer_all"))
        self.concerning = evaluate.concerning_every_answer(self.checked)
        """The anbefalinger that concern all the questions' answers whenever they hold (by ``id``)."""
        recs = [rec for rec in self.checked.recommendations if rec.when is not None]
        self._source.append(_Function(self, None).held(recs, "held"))
        self._source.append(_Function(self, None).held(recs, "held_every", self.concerning))
        self._exec("\n".join(self._source))
        self._source = None
        for name, make in self._later:
            self._globals[name] = make()
        for entry in generated:
            self.rules[entry.id] = self._globals[self._names[entry.id]]
        for entry in other:
            self.rules[entry.id] = self._globals[self._names[entry.id]] = self._compile_entry(entry)
        for ident in self.checked.entries:
            self.ref(ident)
        self.answer_all = self._globals["answer_all"]
        """``answer_all(run)``: the values of :attr:`questions`, by name."""
        self.held = self._globals["held"]
        """``held(run)``: the anbefalinger whose condition holds, in order, each with the facts and
        rules its condition reached (as :func:`lovkode.evaluate.recommendations` reads them)."""
        self.held_every = self._globals["held_every"]
        """As :attr:`held`, where all the questions were answered: what the conditions of
        :attr:`concerning` reach is not gathered (they concern the answers whenever they hold)."""

    def _generable(self, entry) -> bool:
        """Whether ``entry`` is generated as one function: all but a versioned thing without a date."""
        decl = entry.decl
        if entry.kind in ("regel", "spørgsmål"):
            return (not decl.versions or self._date_name(decl.in_force) is not None) and all(
                not exc.versions or self._date_name(exc.in_force) is not None for exc in entry.exceptions)
        if entry.kind == "tabel":
            return not decl.versions or self._date_name(decl.in_force) is not None
        return True

    # bindings ---------------------------------------------------------------------------------
    def _fresh(self, prefix: str) -> str:
        self._count += 1
        return f"{prefix}{self._count}"

    def bind(self, value, prefix: str = "k") -> str:
        """A generated global name for ``value`` (a constant, a function, a name as data)."""
        name = self._fresh(prefix)
        self._globals[name] = value
        return name

    def _date_name(self, local: ast.Name | None):
        """The date that picks a version: the thing's own, or the spec's in-force date (as :meth:`_date_fn`)."""
        return local or self.checked.in_force

    def fixed(self, ident: str, deps: tuple[str, ...]) -> tuple[str, str]:
        """The bound names of the constant ``deps`` of a rule whose list is fixed where it is now
        written, and of its node ``(deps, ())``: the same objects wherever it is written."""
        names = self._fixed.get(ident)
        if names is None or self._globals[names[0]] != deps:
            if names is not None:  # (never: the same body is written alike) not one constant: not fixed
                self.varying(ident)
            names = self._fixed[ident] = self.bind(deps), self.bind((deps, ()))
            if ident not in self._varying:
                self.fixed_deps[ident] = deps
        return names

    def varying(self, ident: str) -> None:
        """``ident``'s list of what it reached is built at run time somewhere: not fixed (:attr:`fixed_deps`)."""
        self._varying.add(ident)
        self.fixed_deps.pop(ident, None)

    def rule_name(self, ident: str) -> str:
        return self._names[ident]

    def _exec(self, source: str) -> None:
        exec(compiled(source), self._globals)  # noqa: S102 — generated from the AST only: see the module

    # expressions outside a generated rule (versions, exceptions, skøn, tables, anbefalinger) -----
    def expr(self, e):
        if isinstance(e, (ast.Literal, ast.Ref)):
            return Program.expr(self, e)
        name = self._generated.get(id(e))
        if name is None:
            source, name = _Function(self, None).expression(e)
            self._generated[id(e)] = name
            if self._source is not None:
                self._source.append(source)
                return _not_yet
            self._exec(source)
            for later, make in self._later:
                if later not in self._globals:
                    self._globals[later] = make()
        elif self._source is not None:
            return _not_yet
        return self._globals[name]

    def lawfulness_expr(self, decl: ast.DiscretionDecl):
        """Whether a skøn is lawfully exercised (:meth:`Program._lawfulness`) as one expression to
        generate: its requirements and (ikke (any consideration against) eller the weighing)."""
        found = self._lawful.get(id(decl))
        if found is None:
            span = decl.span
            parts = list(decl.requirements)
            if decl.considerations:
                weighing = decl.weighing if decl.weighing is not None else ast.Literal(False, None, span)
                against = ast.Logic("eller", tuple(decl.considerations), span)
                parts.append(ast.Logic("eller", (ast.Not(against, span), weighing), span))
            found = ast.Logic("og", tuple(parts), span) if parts else ast.Literal(True, None, span)
            self._lawful[id(decl)] = found
        return found

    def _lawfulness(self, decl: ast.DiscretionDecl):
        return self.expr(self.lawfulness_expr(decl))

    def later(self, make, prefix: str = "f") -> str:
        """A generated global name for what ``make()`` builds from generated functions: called
        once now (so what it asks for is generated in the first pass) and again after compiling."""
        name = self._fresh(prefix)
        self._later.append((name, make))
        make()
        return name

    def fallback(self, e) -> str:
        """The name of the closures' evaluator of a rare construct, with its operands generated."""
        return self.later(lambda: Program.expr(self, e))


def _plain(entry) -> bool:
    """Whether ``entry`` is a rule that is one expression: no versions, no exceptions (its node has no notes)."""
    return entry.kind in ("regel", "spørgsmål") and not entry.decl.versions and not entry.exceptions


def _months_only(e) -> bool:
    """Whether ``e`` is a literal length of whole months (added to a date by :func:`add_months` alone)."""
    return isinstance(e, ast.Literal) and type(e.value) is Duration and e.value.months != 0 and not e.value.days


def _not_yet(run):  # pragma: no cover — the first pass's stand-in, never called
    raise AssertionError("generated code used before it was compiled")


def _gather(unknown, value):
    """The unknown parts of an `og`/`eller` so far, with one more (see :func:`lovkode.evaluate._kleene`)."""
    if unknown is None:
        return value
    if type(unknown) is list:
        unknown.append(value)
        return unknown
    return [unknown, value]


def compiled(source: str):
    """The code of ``source``, from the parse cache when it holds it (keyed by the source itself)."""
    directory = cache_dir()
    path = None
    if directory is not None:
        key = hashlib.sha256(f"{sys.version}\0{source}".encode()).hexdigest()
        path = directory / f"genereret-{key}.marshal"
        try:
            return marshal.loads(path.read_bytes())
        except Exception:  # a missing or damaged entry is a miss
            pass
    code = compile(source, "<lovkode: genereret>", "exec")
    if path is not None:
        try:
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(marshal.dumps(code))
            os.replace(temporary, path)
        except OSError:
            pass
    return code


class _Local:
    """A value already computed into a local of the generated function, as a part of an expression."""

    def __init__(self, name: str):
        self.name = name


class _Reached:
    """A list of the facts and rules that a rule (or an anbefaling's condition) reached, as its
    generated code builds it: ``name``, made at indentation ``depth``.

    Why: most rules reach the same facts and rules in every run (a comparison of two facts, a sum),
    and building that list again in each run cost a call per append. So the list is written last
    (:func:`_render`): the appends are placeholders until the whole function is generated. An append
    is *certain* where it runs whenever the list is made: at the list's own depth, or in the first
    part of an `og`/`eller` loop (``_Function.certain``); anything under an ``if``, in a later part of
    a loop, in a branch of a version, exception, table or skøn is not. A list whose appends are all
    certain, and to which no closure appends (through ``run.stack``), is *fixed*: it is not built at
    all, its node is a constant made at load (:attr:`FastProgram.fixed_deps`). Any other list is made
    with its leading certain appends, ``[a, b]``, and appended to from the first that is not."""

    def __init__(self, name: str, depth: int, fixable: bool = True, made: bool = True):
        self.name = name
        self.depth = depth
        self.made = made  # False: ``name`` is the top of ``run.stack`` already, made by the caller
        self.leading: list[_Append] = []  # the certain appends before anything uncertain: in its making
        self.settled = made  # nothing uncertain reached it yet (and it is made here, with what reached it)
        self.fixed = fixable and made  # all its appends are certain; no closure appends to it

    def unsettle(self) -> None:
        """Something that does not happen in every run appends to the list from here on."""
        self.settled = self.fixed = False


class _Append:
    """``name.append(key)``: dropped where the list is made with it (:class:`_Reached`)."""

    def __init__(self, reached: _Reached, ident: str, key: str, depth: int):
        self.reached, self.ident, self.key, self.depth = reached, ident, key, depth
        self.folded = False

    def text(self) -> str | None:
        return None if self.folded else "    " * self.depth + f"{self.reached.name}.append({self.key})"


class _Made:
    """``name = []`` with its leading certain appends; nothing where the list is fixed."""

    def __init__(self, reached: _Reached):
        self.reached = reached

    def text(self) -> str | None:
        reached = self.reached
        if reached.fixed:
            return None
        return "    " * reached.depth + f"{reached.name} = [{', '.join(a.key for a in reached.leading)}]"


class _Node:
    """``run.nodes[key] = (name, notes)``; where the list is fixed, its constant (see :class:`_Reached`)."""

    def __init__(self, program: FastProgram, reached: _Reached, ident: str, key: str, notes: str | None, depth: int):
        self.program, self.reached, self.ident, self.key, self.notes, self.depth = \
            program, reached, ident, key, notes, depth

    def text(self) -> str:
        reached, program = self.reached, self.program
        if not reached.fixed:
            program.varying(self.ident)
            node = f"({reached.name}, {self.notes or '()'})"
        else:
            deps, whole = program.fixed(self.ident, tuple(a.ident for a in reached.leading))
            node = whole if self.notes is None else f"({deps}, {self.notes})"
        return "    " * self.depth + f"run.nodes[{self.key}] = {node}"


def _render(lines) -> str:
    """A generated function's source: its lines, the placeholders written now that its lists are known."""
    texts = (line if type(line) is str else line.text() for line in lines)
    return "\n".join(text for text in texts if text is not None) + "\n"


class _Function:
    """The source of one generated function: a rule (its own list of what it reached), an
    expression (appending to the list of the rule around it, ``run.stack[-1]``), all the questions
    (:meth:`answers`) or all the anbefalinger's conditions (:meth:`held`)."""

    def __init__(self, program: FastProgram, ident: str | None):
        self.program = program
        self.ident = ident
        self.lines: list = []  # source lines, and placeholders of a list's making, appends and node (:func:`_render`)
        self.temps = 0
        self.reads: set[str] = set()  # of the locals "facts" and "cache": those the body reads
        self.loops = 0  # `og`/`eller` loops around the statements now written
        self.inlined: set[str] = set()  # the rules written out in this function (once each)
        self.constants: set[str] = set()  # the names of known literals: never unknown
        self.certain: set[int] = set()
        """The depths of the blocks now written that run whenever the block around them does: the first
        part of an `og`/`eller` loop (an ``if``'s branch, a later part of a loop, … do not)."""
        self.deps: _Reached | None = _Reached("d", 1, made=False)
        """The list the facts and rules reached are appended to; None: a part whose reach is no reason."""

    def _temp(self) -> str:
        self.temps += 1
        return f"t{self.temps}"

    def _emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def _append(self, depth: int, ident: str, key: str) -> None:
        """``key`` (the bound name of ``ident``) appended to the list of what the part now written reaches."""
        reached = self.deps
        if reached is None:
            return
        append = _Append(reached, ident, key, depth)
        if reached.settled and all(d in self.certain for d in range(reached.depth + 1, depth + 1)):
            append.folded = True
            reached.leading.append(append)
        else:
            reached.unsettle()
        self.lines.append(append)

    def _closure(self, depth: int, line: str) -> None:
        """``line``, which calls a closure: it appends what it reaches to the top of ``run.stack``."""
        reached = self.deps
        if reached is not None:
            reached.unsettle()
            if not reached.made:  # the top of the stack already
                self._emit(depth, line)
                return
        self._emit(depth, f"run.stack.append({reached.name if reached is not None else '[]'})")
        self._emit(depth, line)
        self._emit(depth, "run.stack.pop()")

    def _segment(self, deps: _Reached | None, emit):
        """``emit()`` with what it reaches appended to ``deps`` (None: not kept)."""
        saved, self.deps = self.deps, deps
        result = emit()
        self.deps = saved
        return result

    def rule(self, entry) -> str:
        """A named thing as one function: a plain rule's body, or (as :meth:`Program._compile_entry`)
        a rule's versions and exceptions, a skøn, a table or a regulated amount, its notes inline."""
        program = self.program
        name = program.rule_name(self.ident)
        rid = program.bind(self.ident, "n")
        decl = entry.decl
        plain = _plain(entry)
        reached = _Reached("d", 1)
        result = self._segment(reached, lambda: self._value(decl.body.value, 1) if plain else self._entry(entry, 1))
        head = [f"def {name}(run):", _Made(reached), *self._locals()]
        if not plain:
            head.append("    note = []")
        self._emit(1, f"{'cache' if 'cache' in self.reads else 'run.cache'}[{rid}] = {result}")
        self.lines.append(_Node(program, reached, self.ident, rid, None if plain else "note", 1))
        self._emit(1, f"return {result}")
        return _render(head + self.lines)

    def _entry(self, entry, depth: int) -> str:
        decl = entry.decl
        if entry.kind in ("regel", "spørgsmål"):
            return self._exceptions(entry, depth) if entry.exceptions else self._base(entry, depth)
        if entry.kind == "skøn":
            return self._discretion(decl, depth)
        if entry.kind == "reguleret beløb":
            return self._regulated(entry, depth)
        if decl.by_fiscal_year:
            return self.program.bind(evaluate._NOTHING)  # read by the regulation chain at load only
        if not decl.versions:
            return self._lookup(entry, decl.rows, None, depth)
        program = self.program
        versions = list(enumerate(decl.versions))
        return self._select(decl.in_force, decl.span, [(v.validity, (i, v.rows)) for i, v in versions],
                            lambda rows, depth: self._lookup(entry, rows[1], rows[0], depth),
                            lambda: [program.table_lookup(entry, v.rows, i) for i, v in versions],
                            f"»{entry.name}«", depth)

    def _base(self, entry, depth: int) -> str:
        """A rule's value without its exceptions: its body, or the version in force and its body."""
        decl = entry.decl
        if not decl.versions:
            return self._value(decl.body.value, depth)
        program = self.program
        versions = [v for v in decl.versions if v.body is not None]
        return self._select(decl.in_force, decl.span, [(v.validity, v) for v in versions],
                            lambda version, depth: self._version(entry, version, depth),
                            lambda: [program._version_fn(version, entry) for version in versions],
                            f"»{entry.name}«", depth)

    def _version(self, entry, version, depth: int) -> str:
        if isinstance(version.body.value, ast.Silent):
            return self.program.bind(evaluate.silent_version(version, entry))
        return self._value(version.body.value, depth)

    def _select(self, local, span, versions, body, closures, what: str, depth: int, default=None) -> str:
        """As :meth:`Program._versioned`: the first of ``versions`` (``(validity, what body() writes)``)
        whose period holds the date, noted; none: ``default``, or the sources are silent; the date
        unknown: every version compared, by ``closures()`` (the versions' closures)."""
        program = self.program
        bind = program.bind
        date = self._value(ast.Ref(program._date_name(local), span), depth)
        v = self._temp()
        self._emit(depth, f"if type({date}) is not Ukendt:")
        for index, (validity, payload) in enumerate(versions):
            self._emit(depth + 1, f"{'if' if index == 0 else 'elif'} {self._within(date, validity)}:")
            self._emit(depth + 2, f"note.append({bind((evaluate.NoteKind.VERSION, index))})")
            self._emit(depth + 2, f"{v} = {body(payload, depth + 2)}")
        if versions:
            self._emit(depth + 1, "else:")
        if default is None:
            self._emit(depth + 1 + bool(versions), f"note.append(({bind(evaluate.NoteKind.SILENT)}, {date}))")
            self._emit(depth + 1 + bool(versions), f"{v} = {bind(evaluate.no_version, 'o')}({bind(what)}, {date})")
        else:
            self._emit(depth + 1 + bool(versions), f"{v} = {bind(default)}")
        self._emit(depth, "else:")
        unknown_date = program.later(lambda: evaluate._unknown_date(closures(), default))
        self._closure(depth + 1, f"{v} = {unknown_date}(run, note, {date})")
        return v

    def _within(self, key: str, validity) -> str:
        """A test that ``key`` lies in the range ``validity`` (as :meth:`ast.Range.contains`)."""
        low, low_in, high, high_in = evaluate._bounds(validity)
        tests = []
        if low is not None:
            tests.append(f"{key} {'>=' if low_in else '>'} {self.program.bind(low)}")
        if high is not None:
            tests.append(f"{key} {'<=' if high_in else '<'} {self.program.bind(high)}")
        return " and ".join(tests) or "True"

    def _exceptions(self, entry, depth: int) -> str:
        """As :meth:`Program._rule_body`'s ``with_exceptions``: each exception's condition in turn,
        the value of each that holds at once; none holds: the rule's own value, then the values of
        those that may hold (written a second time there)."""
        bind = self.program.bind
        fired, opened, v = self._temp(), self._temp(), self._temp()
        self._emit(depth, f"{fired} = []")
        conditions = []
        for index, exc in enumerate(entry.exceptions):
            c = self._exception(entry, exc, True, depth)
            conditions.append(c)
            self._emit(depth, f"if {c} is True:")
            self._emit(depth + 1, f"{fired}.append(({index}, {self._exception(entry, exc, False, depth + 1)}))")
        self._emit(depth, f"if {fired}:")
        self._emit(depth + 1, f"{v} = {bind(evaluate.exception_fired, 'o')}({fired}, note, "
                              f"{bind(evaluate.exception_labels(entry))})")
        self._emit(depth, "else:")
        b = self._base(entry, depth + 1)
        self._emit(depth + 1, f"{opened} = []")
        for c, exc in zip(conditions, entry.exceptions):  # none is True here: not False is unknown
            self._emit(depth + 1, f"if {c} is not False:")
            self._emit(depth + 2, f"{opened}.append(({c}, {self._exception(entry, exc, False, depth + 2)}))")
        self._emit(depth + 1, f"{v} = {bind(evaluate.exceptions_open, 'o')}({b}, {opened}) if {opened} else {b}")
        return v

    def _exception(self, entry, exc, when: bool, depth: int) -> str:
        """An exception's condition (``when``) or its value, of its version in force where it has versions."""
        def part(body, depth):
            if not when:
                return self._value(body.value, depth)
            return "True" if body.when is None else self._value(body.when, depth)

        if not exc.versions:
            return part(exc.body, depth)
        program = self.program
        versions = [v for v in exc.versions if v.body is not None]
        make = program._when_fn if when else program._body_fn
        return self._select(exc.in_force, exc.span, [(v.validity, v.body) for v in versions], part,
                            lambda: [make(v.body) for v in versions], evaluate._exception_label(exc, entry),
                            depth, default=False if when else None)

    def _discretion(self, decl, depth: int) -> str:
        """As :meth:`Program._discretion`: the assessment, lawfully exercised; its lawfulness noted,
        where the assessment is false evaluated for the note alone, reaching nothing that becomes a reason.

        The `og` of the two is written out here: where the assessment is not false, the lawfulness
        reached for the value is the one noted (evaluated again it reaches the same, all cached)."""
        lawful = self.program.lawfulness_expr(decl)
        x = self._value(decl.assessment, depth)
        v, a = self._temp(), self._temp()
        self._emit(depth, f"if {x} is False:")
        self._emit(depth + 1, f"{v} = False")
        self._emit(depth + 1, f"{a} = {self._segment(None, lambda: self._value(lawful, depth + 1))}")
        self._emit(depth, "else:")
        self._emit(depth + 1, f"{a} = {self._value(lawful, depth + 1)}")
        self._emit(depth + 1, f"if {a} is False or {x} is True:")
        self._emit(depth + 2, f"{v} = {a}")
        self._emit(depth + 1, f"elif {a} is True:")
        self._emit(depth + 2, f"{v} = {x}")
        self._emit(depth + 1, "else:")
        self._emit(depth + 2, f"{v} = merge([{x}, {a}])")
        self._emit(depth, f"note.append(({self.program.bind(evaluate.NoteKind.LAWFUL)}, {a} if type({a}) is bool else None))")
        return v

    def _key(self, entry, depth: int) -> tuple[str, str]:
        """A table's or regulated amount's key ``k``, and its value ``v``: ``k`` where it is unknown
        (the ``if`` written here; the caller writes the rest of the branches)."""
        decl = entry.decl
        k = self._value(ast.Ref(decl.key, decl.span), depth)
        v = self._temp()
        self._emit(depth, f"if type({k}) is Ukendt:")
        self._emit(depth + 1, f"{v} = {k}")
        return k, v

    def _lookup(self, entry, rows, version_index, depth: int) -> str:
        """As :meth:`Program.table_lookup`: the first row holding the key, noted, and its value."""
        bind = self.program.bind
        k, v = self._key(entry, depth)
        for index, row in enumerate(rows):
            self._emit(depth, f"elif {self._within(k, row.key)}:")
            self._emit(depth + 1, f"note.append({bind((evaluate.NoteKind.ROW, (version_index, index)))})")
            self._emit(depth + 1, f"{v} = {self._value(row.value, depth + 1)}")
        self._emit(depth, "else:")
        self._emit(depth + 1, f"note.append(({bind(evaluate.NoteKind.SILENT)}, {k}))")
        self._emit(depth + 1, f"{v} = {bind(evaluate.no_row, 'o')}({bind(f'»{entry.name}«')}, {k})")
        return v

    def _regulated(self, entry, depth: int) -> str:
        """As :meth:`Program._regulated`: the key's year's amount in a dict made at load, noted."""
        bind = self.program.bind
        amounts, gap = self.program.regulated_years(entry)
        k, v = self._key(entry, depth)
        y = self._temp()
        self._emit(depth, "else:")
        self._emit(depth + 1, f"{y} = {k}.year")
        self._emit(depth + 1, f"{v} = {bind(amounts)}.get({y}, MISS)")
        self._emit(depth + 1, f"if {v} is MISS:")
        self._emit(depth + 2, f"{v} = {bind(gap, 'o')}({y}, note)")
        self._emit(depth + 1, "else:")
        self._emit(depth + 2, f"note.append(({bind(evaluate.NoteKind.REGULATED)}, {y}))")
        return v

    def answers(self, questions, name: str) -> str:
        """``name(run)``: every one of ``questions`` evaluated in order, their values by name."""
        program = self.program
        entries = program.checked.entries
        reached: set[str] = set()  # what the questions before may have evaluated (their dependencies' closure)

        def reach(ident: str) -> None:
            if ident not in reached:
                reached.add(ident)
                for below in entries[ident].dependencies:
                    reach(below)

        pairs = []
        self.deps = None
        for ident in questions:  # a plain one written out here, as :attr:`FastProgram.inlined` (a call costs)
            key = program.bind(ident, "n")
            t = self._temp()
            # where no question before reaches it, it is not yet evaluated (answer_all starts a run)
            t = self._rule(ident, key, t, 1, _plain(entries[ident]), ident in reached)
            reach(ident)
            pairs.append(f"{key}: {t}")
        self._emit(1, f"return {{{', '.join(pairs)}}}")
        return _render([f"def {name}(run):", *self._locals()] + self.lines)

    def held(self, recs, name: str, always=frozenset()) -> str:
        """``name(run)``: the anbefalinger of ``recs`` whose condition holds, each with what its
        condition reached (a list of its own, as :func:`lovkode.evaluate.recommendations` gives each;
        none gathered for those in ``always``, by ``id``)."""
        bind = self.program.bind
        self._emit(1, "h = []")
        for rec in recs:
            reached = _Reached("d", 1, fixable=False) if id(rec) not in always else None
            if reached is not None:
                self.lines.append(_Made(reached))
            t = self._segment(reached, lambda rec=rec: self._condition(rec, 1))
            self._emit(1, f"if {t} is True:")
            self._emit(2, f"h.append(({bind(rec)}, {'d' if reached is not None else '()'}))")
        self._emit(1, "return h")
        return _render([f"def {name}(run):", *self._locals()] + self.lines)

    def _condition(self, rec, depth: int) -> str:
        """As :meth:`Program._recommendation`: a dated anbefaling's period (by the in-force date,
        reaching nothing that concerns the answers) and its condition."""
        program = self.program
        if rec.validity is None:
            return self._value(rec.when, depth)
        if program.checked.in_force is None:  # pragma: no cover — the checker asks for the date (LK)
            t = self._temp()
            self._closure(depth, f"{t} = {program.later(lambda: Program._recommendation(program, rec))}(run)")
            return t
        date = self._segment(None, lambda: self._value(ast.Ref(program.checked.in_force, rec.span), depth))
        t = self._temp()
        self._emit(depth, f"{t} = {date} if type({date}) is Ukendt else {self._within(date, rec.validity)}")
        return self._kleene([_Local(t), rec.when], False, depth)

    def expression(self, e) -> tuple[str, str]:
        name = self.program.bind(None, "x")
        result = self._value(e, 1)  # ``d`` is the top of the stack already
        head = [f"def {name}(run):", "    d = run.stack[-1]", *self._locals()]
        self._emit(1, f"return {result}")
        return _render(head + self.lines), name

    def _locals(self) -> list[str]:
        """The run's facts and cache as locals, each only where the body reads it."""
        return [f"    {name} = run.{name}" for name in ("facts", "cache") if name in self.reads]

    # one expression: statements at ``depth`` leaving its value in a local, whose name is returned
    def _value(self, e, depth: int) -> str:
        method = getattr(self, "_x_" + type(e).__name__, None)
        if method is None or depth > _DEEPEST:
            return self._fallback(e, depth)
        return method(e, depth)

    def _fallback(self, e, depth: int) -> str:
        fn = self.program.fallback(e)
        t = self._temp()
        self._closure(depth, f"{t} = {fn}(run)")
        return t

    def _x__Local(self, e, depth: int) -> str:
        return e.name

    def _x_Literal(self, e, depth: int) -> str:
        name = self.program.bind(e.value)
        if e.value is not None and type(e.value) is not Ukendt:
            self.constants.add(name)
        return name

    def _x_Ref(self, e, depth: int) -> str:
        program = self.program
        ident = e.name.id
        t = self._temp()
        key = program.bind(ident, "n")
        if program.checked.entries[ident].is_fact:
            self.reads.add("facts")
            absent = program.bind(program.absent[ident], "a")
            self._append(depth, ident, key)
            self._emit(depth, f"{t} = facts.get({key}, {absent})")  # a case's facts hold no None (prepare)
        else:
            self._rule(ident, key, t, depth, ident in program.inlined)
            self._append(depth, ident, key)
        return t

    def _inline(self, entry, key: str, depth: int) -> str:
        """A plain rule's function written out here (see :attr:`FastProgram.inlined`), once a function."""
        self.inlined.add(entry.id)
        reached = _Reached(self._temp(), depth)
        self.lines.append(_Made(reached))
        result = self._segment(reached, lambda: self._value(entry.decl.body.value, depth))
        self._emit(depth, f"cache[{key}] = {result}")
        self.lines.append(_Node(self.program, reached, entry.id, key, None, depth))
        return result

    def _rule(self, ident: str, key: str, t: str, depth: int, written: bool, cached: bool = True) -> str:
        """The local holding the rule's value (``t``, or where its written-out function left it): from the
        run's cache where it may be evaluated already (``cached``), else written out here where
        ``written`` (once a function: :meth:`_inline`), else by its function."""
        self.reads.add("cache")
        if cached:
            self._emit(depth, f"if {key} in cache:")
            self._emit(depth + 1, f"{t} = cache[{key}]")
            self._emit(depth, "else:")
            depth += 1
        if written and ident not in self.inlined:
            result = self._inline(self.program.checked.entries[ident], key, depth)
            if not cached:  # its value where the written-out function left it
                return result
            self._emit(depth, f"{t} = {result}")
        else:
            self._emit(depth, f"{t} = {self.program.rule_name(ident)}(run)")
        return t

    def _x_Not(self, e, depth: int) -> str:
        operand = self._value(e.operand, depth)
        return self._negate(operand, depth)

    def _negate(self, operand: str, depth: int) -> str:
        t = self._temp()
        self._emit(depth, f"{t} = False if {operand} is True else True if {operand} is False else {operand}")
        return t

    def _x_Logic(self, e, depth: int) -> str:
        if e.op == "og":
            return self._kleene(e.parts, False, depth)
        if e.op == "eller":
            return self._kleene(e.parts, True, depth)
        return self._negate(self._kleene(e.parts, True, depth), depth)

    def _x_Unless(self, e, depth: int) -> str:
        return self._kleene([e.exception, e.requirement], True, depth)

    def _kleene(self, parts, decisive: bool, depth: int) -> str:
        """As :func:`lovkode.evaluate._kleene`: the first decisive part settles the whole (the rest
        are not evaluated); otherwise unknown if any part is, their unknowns merged.

        The parts are written one after another inside a loop run once, which the decisive part
        leaves with ``break``, so a part that is settled (the common case: a condition met) costs one
        test. A part that is `ikke` something is tested as its operand with the values swapped: the
        negation of an unknown is the same unknown, so no negated value is made."""
        if len(parts) == 1:
            return self._value(parts[0], depth)
        settled = not decisive
        v, u = self._temp(), self._temp()
        self._emit(depth, f"{v} = {settled}")
        self._emit(depth, f"{u} = None")
        if self.loops >= _LOOPS:
            self._kleene_chained(parts, decisive, depth, v, u)
        else:
            self._kleene_loop(parts, decisive, depth, v, u)
        self._emit(depth, f"if {u} is not None and {v} is not {decisive}:")
        self._emit(depth + 1, f"{v} = merge({u}) if type({u}) is list else {u}")
        return v

    def _kleene_loop(self, parts, decisive: bool, depth: int, v: str, u: str) -> None:
        settled = not decisive
        self._emit(depth, "while True:")
        self.loops += 1
        inner = depth + 1
        self.certain.add(inner)  # the first part runs whenever the loop does
        for index, part in enumerate(parts):
            negated = isinstance(part, ast.Not)
            t = self._value(part.operand if negated else part, inner)
            self.certain.discard(inner)
            self._emit(inner, f"if {t} is not {decisive if negated else settled}:")
            self._emit(inner + 1, f"if {t} is {settled if negated else decisive}:")
            self._emit(inner + 2, f"{v} = {decisive}")
            self._emit(inner + 2, "break")
            self._emit(inner + 1, f"{u} = {t}" if index == 0 else f"{u} = gather({u}, {t})")
        self._emit(inner, "break")
        self.loops -= 1

    def _kleene_chained(self, parts, decisive: bool, depth: int, v: str, u: str) -> None:
        """The parts without a loop, each after the last under a test that the whole is not yet
        settled: for `og`/`eller` nested deeper than Python nests loops (``_LOOPS``)."""
        settled = not decisive
        for index, part in enumerate(parts):
            inner = depth
            if index:
                self._emit(depth, f"if {v} is not {decisive}:")
                inner = depth + 1
            t = self._value(part, inner)
            self._emit(inner, f"if {t} is {decisive}:")
            self._emit(inner + 1, f"{v} = {decisive}")
            self._emit(inner, f"elif {t} is not {settled}:")
            self._emit(inner + 1, f"{u} = {t}" if index == 0 else f"{u} = gather({u}, {t})")

    def _x_If(self, e, depth: int) -> str:
        c = self._value(e.condition, depth)
        a, b, v = self._temp(), self._temp(), self._temp()
        self._emit(depth, f"{a} = {b} = None")
        self._emit(depth, f"if {c} is not False:")
        self._emit(depth + 1, f"{a} = {self._value(e.then, depth + 1)}")
        self._emit(depth, f"if {c} is not True:")
        self._emit(depth + 1, f"{b} = {self._value(e.otherwise, depth + 1)}")
        self._emit(depth, f"if {c} is True:")
        self._emit(depth + 1, f"{v} = {a}")
        self._emit(depth, f"elif {c} is False:")
        self._emit(depth + 1, f"{v} = {b}")
        self._emit(depth, f"elif type({a}) is not Ukendt and type({b}) is not Ukendt and {a} == {b}:")
        self._emit(depth + 1, f"{v} = {a}")
        self._emit(depth, "else:")
        self._emit(depth + 1, f"{v} = merge([{c}] + ([{a}] if type({a}) is Ukendt else [])"
                              f" + ([{b}] if type({b}) is Ukendt else []))")
        return v

    def _x_Negate(self, e, depth: int) -> str:
        return self._unary(e.operand, evaluate.negate_known, depth)

    def _x_InYears(self, e, depth: int) -> str:
        return self._unary(e.operand, evaluate.in_years_known, depth)

    def _x_RoundKroner(self, e, depth: int) -> str:
        return self._unary(e.operand, evaluate.rounded_known, depth)

    def _unary(self, operand, known, depth: int) -> str:
        v = self._value(operand, depth)
        t = self._temp()
        self._emit(depth, f"{t} = {v} if type({v}) is Ukendt else {self.program.bind(known, 'o')}({v})")
        return t

    def _x_Extreme(self, e, depth: int) -> str:
        """The known case inline: `mindste`/`største` of known values; otherwise :func:`evaluate.extreme_of`
        of those that may be unknown (a constant never is: it is neither tested nor gathered)."""
        values = [self._value(part, depth) for part in e.parts]
        unknowable = [v for v in values if v not in self.constants]
        pick = self.program.bind(min if e.op == "mindste" else max, "o")
        t = self._temp()
        known = f"{t} = {pick}({', '.join(values)})" if len(values) > 1 else f"{t} = {values[0]}"
        if not unknowable:
            self._emit(depth, known)
            return t
        self._emit(depth, f"if {' and '.join(f'type({v}) is not Ukendt' for v in unknowable)}:")
        self._emit(depth + 1, known)
        self._emit(depth, "else:")
        self._emit(depth + 1, f"{t} = {self.program.bind(evaluate.extreme_of, 'o')}({pick}, [{', '.join(unknowable)}])")
        return t

    def _x_WholeYears(self, e, depth: int) -> str:
        a = self._value(e.start, depth)
        b = self._value(e.end, depth)
        t = self._temp()
        self._both_known(a, b, t, f"{self.program.bind(evaluate.whole_years_known, 'o')}({a}, {b})", depth)
        return t

    def _x_Lawful(self, e, depth: int) -> str:
        program = self.program
        return self._value(program.lawfulness_expr(program.checked.entries[e.discretion.name.id].decl), depth)

    def _x_Known(self, e, depth: int) -> str:
        operand = self._value(e.operand, depth)
        t = self._temp()
        self._emit(depth, f"{t} = type({operand}) is {'' if e.negated else 'not '}Ukendt")
        return t

    def _x_WhyUnknown(self, e, depth: int) -> str:
        operand = self._value(e.operand, depth)
        t = self._temp()
        if e.test is ast.UnknownTest.SILENT:
            self._emit(depth, f"{t} = type({operand}) is Ukendt and not {operand}.missing and bool({operand}.silent)")
        else:
            self._emit(depth, f"{t} = type({operand}) is Ukendt and bool({operand}.missing)")
        return t

    def _x_Compare(self, e, depth: int) -> str:
        op = _OPERATORS[e.op]
        a = self._value(e.left, depth)
        t = self._temp()
        if isinstance(e.right, ast.Literal) and e.right.value is not None:
            b = self._value(e.right, depth)
            self._emit(depth, f"{t} = {a} if type({a}) is Ukendt else {a} {op} {b}")
            return t
        b = self._value(e.right, depth)
        self._both_known(a, b, t, f"{a} {op} {b}", depth)
        return t

    def _x_Arith(self, e, depth: int) -> str:
        """The operation called inline, its undefined cases caught around it (as ``arithmetic``'s
        ``safe`` does, without a call of its own)."""
        program = self.program
        bind = program.bind
        function, swapped, extra = program.operation_call(e)
        a = self._value(e.left, depth)
        b = self._value(e.right, depth)
        t = self._temp()
        arguments = [b, a] if swapped else [a, b]
        if function is multiply:  # its two steps inline, the power of 100 as a constant
            call = (f"{bind(EXACT.divide, 'o')}({bind(EXACT.multiply, 'o')}({', '.join(arguments)}), "
                    f"{bind(hundreds_power(*extra))})")
        elif function is add_duration and _months_only(e.left if swapped else e.right):
            months = extra[0] * (e.left if swapped else e.right).value.months
            call = f"{bind(add_months, 'o')}({arguments[0]}, {bind(months)})"
        else:
            call = f"{bind(function, 'o')}({', '.join(arguments + [bind(x) for x in extra])})"
        self._both_known(a, b, t, call, depth, raises=True)
        return t

    def _both_known(self, a: str, b: str, t: str, known: str, depth: int, raises: bool = False) -> None:
        """``t``: ``known`` when both operands are known; otherwise the strict unknown of the two.
        ``raises``: ``known`` may raise an arithmetic error, whose undefined value ``t`` then is."""
        tests = []
        if a not in self.constants:
            tests.append((a, f"strict([{a}, {b}]) if type({b}) is Ukendt else {a}" if b not in self.constants else a))
        if b not in self.constants:
            tests.append((b, b))
        for index, (operand, unknown) in enumerate(tests):
            self._emit(depth, f"{'elif' if index else 'if'} type({operand}) is Ukendt:")
            self._emit(depth + 1, f"{t} = {unknown}")
        if tests:
            self._emit(depth, "else:")
            depth += 1
        if not raises:
            self._emit(depth, f"{t} = {known}")
            return
        program = self.program
        self._emit(depth, "try:")
        self._emit(depth + 1, f"{t} = {known}")
        self._emit(depth, f"except {program.bind(evaluate.ARITHMETIC_ERRORS)} as error:")
        self._emit(depth + 1, f"{t} = {program.bind(evaluate.undefined, 'o')}(error)")


