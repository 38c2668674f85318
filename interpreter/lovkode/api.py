"""The public Python API: a loaded :class:`Spec`, its answers, and read-only views of its declarations.

A Spec is immutable once loaded and safe to share between threads: every :meth:`Spec.evaluate` works
on its own :class:`~lovkode.evaluate.Run`.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import attrs

from . import ast, citations
from .build import machine_id, strip_quotes
from .check import Checked
from .diagnostics import Diagnostic, suggest
from .evaluate import Program, evaluate, recommendations
from .facts import FactTypes, prepare
from .messages import did_you_mean
from .render import text as text_render
from .render.json_output import JsonWriter
from .source import Span
from .trace import tracer_for
from .values import Ukendt, normalise

if TYPE_CHECKING:
    from .render.begrundelse import Begrundelse


class SpecError(Exception):
    """The spec has errors; ``diagnostics`` holds every one of them."""

    def __init__(self, diagnostics: list[Diagnostic], sources: Mapping[str, str] | None = None, root: Path | None = None):
        self.diagnostics = list(diagnostics)
        self.sources = dict(sources or {})
        self.root = root
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else None
        summary = f"Specifikationen har {len(errors)} fejl"
        if first is not None:
            summary += f"; den første: {first.span}: [{first.code}] {first.message}"
        super().__init__(summary)


class UnknownQuestionError(ValueError):
    """A question name the spec does not have (with a "mente du …?" suggestion)."""

    def __init__(self, name: str, suggestion: str | None):
        self.name = name
        self.suggestion = suggestion
        text = f"Spørgsmålet `{name}` findes ikke i specifikationen."
        if suggestion:
            text += f" {did_you_mean([suggestion])}"
        super().__init__(text)


class NotAQuestionError(UnknownQuestionError):
    """A name the spec has that no case can ask: a table by finansår, read only by a regulation (LK436).

    Answering it would say »kan ikke afgøres endnu« as if a fact were missing; no fact decides it."""

    def __init__(self, name: str, shown: str):
        ValueError.__init__(self, f"»{shown}« er en tabel efter finansår. Den slås kun op, når et beløb reguleres, "
                                  "med det finansår, der reguleres til, og kan ikke stilles som spørgsmål om en sag.")
        self.name = name
        self.suggestion = None


@attrs.frozen
class Fact:
    id: str
    name: str
    type: str
    description: str | None
    citation: str | None
    span: Span
    choices: tuple[str, ...] = ()


@attrs.frozen
class Rule:
    id: str
    name: str
    kind: str
    type: str | None
    citation: str | None
    span: Span
    is_question: bool
    dependencies: tuple[str, ...]
    versions: tuple[tuple[Any, Any, Any], ...]
    description: str | None = None
    exceptions: tuple[str, ...] = ()
    askable: bool = True
    """False for a table by finansår: only a regulation reads it, so asking it raises NotAQuestionError."""


@attrs.frozen
class ExceptionInfo:
    label: str | None
    target: str
    citation: str | None
    span: Span


@attrs.frozen
class Recommendation:
    id: str
    name: str
    citation: str | None
    text: str | None
    span: Span


@attrs.frozen
class Example:
    name: str
    span: Span
    given: dict
    expected: dict  # id → (value, missing tuple)
    citation: str | None = None
    description: str | None = None
    expected_spans: dict = attrs.field(factory=dict)  # id → where the expectation is written


@attrs.frozen
class RegulatedAmount:
    """A regulated amount's whole chain, year by year, as computed at load (for the site and reports).

    ``years`` are :class:`lovkode.regulation.YearAmount` records: the amount, the previous year's amount
    it was regulated from, the percentage and its terms with their hjemmel, and any level a source states.
    ``too_big`` are the years whose amount has more digits than exact arithmetic holds (undefined
    arithmetic, not a silence of the sources); they have no record in ``years``.
    """

    id: str
    name: str
    citation: str | None
    span: Span
    years: tuple
    too_big: frozenset = frozenset()


@attrs.frozen
class ExampleResult:
    example: Example
    passed: bool
    actual: dict
    message: str
    span: Span | None = None  # the first expectation that was not met

    @property
    def where(self) -> Span:
        """Where to point a reader: the first wrong expectation, else the example."""
        return self.span or self.example.span


class Answer:
    """The answer to one question: value, missing facts, citation, and its derivation on demand."""

    __slots__ = ("name", "value", "missing", "citation", "silent", "conflict", "undefined", "_spec", "_run", "_node")

    def __init__(self, name, value, missing, citation, silent, conflict, spec, run, undefined=()):
        self.name = name
        self.value = value
        self.missing = missing
        self.citation = citation
        self.silent = silent
        """What the sources are silent about, as typed :class:`~lovkode.values.Silence` records."""
        self.conflict = conflict
        self.undefined = undefined
        """Undefined arithmetic (division by zero, a date off the calendar) — not a silence of the sources."""
        self._spec = spec
        self._run = run
        self._node = None

    def __repr__(self) -> str:
        return f"Answer({self.name!r}, value={self.value!r}, missing={self.missing!r})"

    def _tree(self) -> dict:
        if self._node is None:
            self._node = tracer_for(self._spec, self._run).node(self.name)
        return self._node

    @property
    def explanation(self) -> dict:
        """The contract's derivation tree: ``{"name", "value", "citation", "because": [...]}``.

        Sub-derivations shared between answers are the same dict objects: treat the tree as read-only.
        """
        return self._tree()

    def begrundelse(self) -> str:
        """The Danish reasons a caseworker could paste into a decision (see :mod:`lovkode.render.begrundelse`)."""
        return self.begrundelse_data().text()

    def begrundelse_data(self) -> "Begrundelse":
        """The begrundelse as data: conclusion, reasons, rules with the law's words, facts, missing facts."""
        from .render.begrundelse import Writer

        return Writer(self._spec, self._run.facts).begrundelse(self.name)


class Answers(Mapping):
    """Answers by question name, plus the anbefalinger that apply to the case.

    ``sources`` spells out the abbreviations (``LAB``) that citations inside explanations use; ``spec``
    is the spec that gave them. An :class:`Answer` is made when it is first asked for: the JSON writer
    reads the run's values directly (``_values``: question → the evaluator's value), so writing a case
    makes no Answer objects.
    """

    def __init__(self, values: dict, recommendations: list[Recommendation], spec: "Spec", run=None):
        self._values = values
        self._answers: dict[str, Answer] = {}
        self._run = run
        self.recommendations = recommendations
        self.spec = spec
        self.sources = spec._checked.sources

    def __getitem__(self, key: str) -> Answer:
        found = self._answers.get(key)
        if found is None:
            found = self._answers[key] = self.spec._answer(key, self._values[key], self._run)
        return found

    def __contains__(self, key) -> bool:
        return key in self._values

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def tracer(self):
        """The derivations of this run (shared by all its answers)."""
        return tracer_for(self.spec, self._run)


class Spec:
    """A loaded, checked and compiled spec."""

    def __init__(self, checked: Checked, program: Program, root: Path | None, sources: Mapping[str, str],
                 diagnostics: list[Diagnostic]):
        self._checked = checked
        self._program = program
        self.root = root
        self.sources = dict(sources)
        self.warnings = tuple(d for d in diagnostics if not d.is_error)
        entries = checked.entries
        self._fact_types = FactTypes({e.id: e.type for e in entries.values() if e.is_fact})
        self.facts: Mapping[str, Fact] = {
            e.id: Fact(e.id, e.name, str(e.type), e.description, self._cite(e.citation), e.span,
                       e.type.choices if e.type else ())
            for e in entries.values() if e.is_fact}
        self.rules: Mapping[str, Rule] = {e.id: self._rule_view(e) for e in entries.values() if not e.is_fact}
        self.questions: tuple[str, ...] = tuple(e.id for e in entries.values() if e.kind == "spørgsmål")
        self.exceptions = tuple(ExceptionInfo(x.label.text if x.label else None, x.target.id, self._cite(x.citation),
                                              x.span) for x in checked.exceptions)
        self.recommendations = tuple(self._recommendation(r) for r in checked.recommendations)
        self.examples = tuple(self._example(x) for x in checked.examples)
        self.regulated_amounts: Mapping[str, RegulatedAmount] = {
            e.id: self._regulated(e, checked.chains.get(e.id)) for e in entries.values() if e.kind == "reguleret beløb"}
        self._rec_views = {id(r): v for r, v in zip(checked.recommendations, self.recommendations)}
        self._closure = None
        self._reach_tests: dict = {}
        self._citations = {ident: rule.citation for ident, rule in self.rules.items()}
        self.json_writer = JsonWriter(checked, self._citations, self.recommendations,
                                      program.fast.fixed_deps if program.fast is not None else None)
        """Writes the contract's JSON text for this spec's answers (see :func:`results_text`)."""

    # views -------------------------------------------------------------------------------------
    def _cite(self, text):
        return citations.expand(text, self._checked.sources)

    def _rule_view(self, e) -> Rule:
        decl = e.decl
        versions = []
        for v in getattr(decl, "versions", ()) or ():
            versions.append((_low(v.validity), _high(v.validity), v.law))
        return Rule(e.id, e.name, e.kind, str(e.type) if e.type else None, self._cite(e.citation), e.span,
                    e.kind == "spørgsmål", e.dependencies, tuple(versions), e.description,
                    tuple((x.label.text if x.label else "") for x in e.exceptions),
                    not (e.kind == "tabel" and e.decl.by_fiscal_year))

    def _recommendation(self, r: ast.RecommendationDecl) -> Recommendation:
        return Recommendation(r.name.id, r.name.text, self._cite(r.citation), r.text, r.span)

    def _regulated(self, e, chain) -> RegulatedAmount:
        """The view of a regulated amount; ``chain``: its years as the checker computed them, if any."""
        years, too_big = ((), frozenset()) if chain is None else (tuple(chain.years.values()), chain.too_big)
        return RegulatedAmount(e.id, e.name, self._cite(e.citation), e.span, years, too_big)

    def _example(self, x: ast.ExampleDecl) -> Example:
        given = {a.name.id: a.value.value for a in x.given if isinstance(a.value, ast.Literal)}
        expected = {}
        for a in x.expected:
            if isinstance(a.value, ast.ExpectedUnknown):
                expected[a.name.id] = (None, tuple(sorted(n.id for n in a.value.missing)))
            else:
                expected[a.name.id] = (normalise(a.value.value), ())
        return Example(x.title, x.span, given, expected, self._cite(x.citation), x.description,
                       {a.name.id: a.span for a in x.expected})

    def reaches_any(self, names: frozenset):
        """A test ``name → bool``: may the derivation of ``name`` pass through one of ``names`` (other
        than itself)? From the static dependency graph, computed once per set of names."""
        known = self._reach_tests.get(names)
        if known is None:
            closure = self._dependency_closure()
            known = {ident for ident, below in closure.items() if below & names}.__contains__
            self._reach_tests[names] = known
        return known

    def _dependency_closure(self) -> dict[str, frozenset]:
        """Everything each name's derivation may reach, following the checked dependencies."""
        if self._closure is None:
            direct = {e.id: tuple(e.dependencies) for e in self._checked.entries.values()}
            closure: dict[str, frozenset] = {}

            def below(ident: str) -> frozenset:
                found = closure.get(ident)
                if found is None:
                    closure[ident] = frozenset()  # the checker has ruled out cycles
                    found = frozenset(direct.get(ident, ())).union(*(below(d) for d in direct.get(ident, ())))
                    closure[ident] = found
                return found

            for ident in direct:
                below(ident)
            self._closure = closure
        return self._closure

    # evaluation --------------------------------------------------------------------------------
    def evaluate(self, facts: Mapping[str, Any], questions: Iterable[str] | None = None, *,
                 exhaustive: bool = False) -> Answers:
        """Answer ``questions`` (default: every question of the spec) for a case's facts.

        ``exhaustive=True`` evaluates every condition even after the answer is settled, so the
        explanation shows every condition that failed (as an audit wants); the answers are the same.

        Raises :class:`FactsError` listing every bad fact and :class:`UnknownQuestionError` for a name
        that is not a rule of the spec.
        """
        case = facts if type(facts) is dict or not isinstance(facts, Mapping) else dict(facts)  # prepare only reads it
        prepared = prepare(case, self._fact_types)
        return self._evaluate_prepared(prepared, self._questions(questions), exhaustive, questions is None)

    def evaluate_table(self, table, questions: Iterable[str] | None = None):
        """Answer ``questions`` for every row of a table of cases at once (needs ``lovkode[data]``):
        a pyarrow Table or RecordBatch, a pandas or Polars DataFrame, a mapping of fact name → values
        (null or an absent column is ukendt), or a list of cases as :meth:`evaluate` takes them. The same answers as :meth:`evaluate` row for row; a bad
        value makes only its row an error row. See :mod:`lovkode.columnar`."""
        from .columnar import evaluate_table

        return evaluate_table(self, table, questions)

    def _questions(self, questions) -> list[str]:
        if questions is None:
            return list(self.questions)
        if isinstance(questions, str):
            questions = [questions]
        names = [self._question_id(name) for name in questions]
        for name in names:
            if name not in self.rules:
                near = suggest(str(name), self.rules, limit=1)
                raise UnknownQuestionError(str(name), near[0] if near else None)
            if not self.rules[name].askable:
                raise NotAQuestionError(name, self.rules[name].name)
        return names

    def _question_id(self, name) -> str:
        """A question asked by its machine name or as the spec writes it (»name«, <<name>>)."""
        if name in self.rules or not isinstance(name, str):
            return name
        ident = machine_id(strip_quotes(name.strip()))
        return ident if ident in self.rules else name

    def _evaluate_prepared(self, prepared: dict, questions: list[str], exhaustive: bool = False,
                           every_question: bool = False) -> Answers:
        run, values = evaluate(self._program, prepared, questions, exhaustive)
        found = [self._rec_views[id(r)] for r in recommendations(self._program, run, every_question=every_question)]
        return Answers(values, found, self, run)

    def _answer(self, name: str, value, run) -> Answer:
        """The :class:`Answer` to ``name`` from the evaluator's value for it."""
        if type(value) is Ukendt:
            return Answer(name, None, tuple(sorted(value.missing)), self._citations[name], value.silent,
                          value.conflict, self, run, value.undefined)
        return Answer(name, value if type(value) is bool else normalise(value), (), self._citations[name], (), (),
                      self, run)

    def run_examples(self) -> list[ExampleResult]:
        """Evaluate every example of the spec and compare with what it expects."""
        results = []
        for example in self.examples:
            questions = [q for q in example.expected if q in self.rules]
            facts_expected = [q for q in example.expected if q in self.facts]
            answers = self._evaluate_prepared(dict(example.given), questions)
            actual = {}
            problems = []
            wrong = []
            for q in questions:
                a = answers[q]
                actual[q] = (a.value, a.missing)
                want = example.expected[q]
                if not _same_value(want[0], a.value) or tuple(want[1]) != tuple(a.missing):
                    wrong.append(q)
                    problems.append(f"»{self.rules[q].name}«: forventet {_show(want, self.rules[q].type)}, "
                                    f"fik {_show(actual[q], self.rules[q].type)}")
            for q in facts_expected:
                actual[q] = (example.given.get(q), ())
                if not _same_value(example.expected[q][0], example.given.get(q)):
                    wrong.append(q)
                    problems.append(f"»{self.facts[q].name}«: forventet {example.expected[q][0]}, fik {example.given.get(q)}")
            message = "; ".join(problems)
            spans = [example.expected_spans[q] for q in wrong if q in example.expected_spans]
            first = min(spans, key=lambda span: (span.line, span.column)) if spans else None
            results.append(ExampleResult(example, not problems, actual, message, first))
        return results

    # schema ------------------------------------------------------------------------------------
    def json_schema(self) -> dict:
        """JSON Schema (draft 2020-12) of a case file, generated from the fact declarations
        (see :mod:`lovkode.contract`, the one description of the contract)."""
        from .contract import case_schema

        return case_schema(self)


def _same_value(want, got) -> bool:
    if isinstance(want, Decimal) and isinstance(got, Decimal):
        return want == got
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    return want == got


def _show(pair, kind) -> str:
    value, missing = pair
    if value is None:
        text = "ukendt"
        if missing:
            text += " (mangler " + ", ".join(missing) + ")"
        return text
    return text_render.format_value(value, kind.split()[0] if kind else None)


def _low(r):
    return r.low


def _high(r):
    return r.high
