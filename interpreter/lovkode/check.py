"""Stage 4: check the declarations of a whole spec before anything runs.

Input: the declarations of every file. Output: a :class:`Checked` symbol table — every name resolved
once, every expression's type known — and all diagnostics found (names with "mente du", types,
cycles, duplicates, citations, exceptions, versions, examples, unused facts). All problems of the stage
are reported together; evaluation only starts when there are no errors.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from . import ast, citations, messages, regulation
from .build import machine_id
from .diagnostics import Diagnostic, suggest
from .presentation import check_presentation
from .source import Span
from .types import (AMOUNT, BOOL, CHOICE, DATE, DURATION, NUMBER, PERCENT, T_AMOUNT, T_BOOL, T_DATE, T_DURATION,
                    T_NUMBER, TEXT, Type)


@attrs.define
class Entry:
    """A named thing of the spec: a fact, a rule (regel/spørgsmål), a skøn or a table."""

    id: str
    name: str
    kind: str  # "faktum", "regel", "spørgsmål", "skøn", "tabel", "reguleret beløb"
    decl: object
    span: Span
    type: Type | None = None
    citation: str | None = None
    description: str | None = None
    exceptions: list = attrs.field(factory=list)
    dependencies: tuple[str, ...] = ()

    @property
    def is_fact(self) -> bool:
        return self.kind == "faktum"


@attrs.define
class Checked:
    entries: dict[str, Entry]
    sources: dict[str, str]
    in_force: ast.Name | None
    examples: list[ast.ExampleDecl]
    recommendations: list[ast.RecommendationDecl]
    exceptions: list[ast.ExceptionDecl]
    types: dict[int, Type]  # id(expr) → type
    chains: dict = attrs.field(factory=dict)
    """identifier of a regulated amount → its :class:`~lovkode.regulation.Chain`, computed once."""

    def rules_children_first(self, roots) -> list[str]:
        """The rules (not facts) that ``roots`` may reach, the roots included, each after every rule it
        may reach: depth first over :attr:`Entry.dependencies`, from each root in turn. The order in
        which a derivation can be written (children before parents) or, reversed, evaluated from the
        questions down. Iterative, so no chain of rules is too long for Python's stack."""
        entries, order, seen = self.entries, [], set()
        for root in roots:
            if root in seen:
                continue
            seen.add(root)
            stack = [(root, iter(entries[root].dependencies))]
            while stack:
                ident, below = stack[-1]
                for child in below:
                    if child not in seen and not entries[child].is_fact:
                        seen.add(child)
                        stack.append((child, iter(entries[child].dependencies)))
                        break
                else:
                    stack.pop()
                    order.append(ident)
        return order


_NUMERIC = {NUMBER, "timer", PERCENT, AMOUNT}


class _Checker:
    def __init__(self, decls: list[ast.Decl]):
        self.decls = decls
        self.diagnostics: list[Diagnostic] = []
        self.entries: dict[str, Entry] = {}
        self.sources: dict[str, str] = {}
        self.in_force: ast.Name | None = None
        self.in_force_span: Span | None = None
        self.examples: list[ast.ExampleDecl] = []
        self.recommendations: list[ast.RecommendationDecl] = []
        self.exceptions: list[ast.ExceptionDecl] = []
        self.orphans: list[ast.ExceptionDecl] = []  # exceptions to a rule that does not exist (LK203)
        self.types: dict[int, Type] = {}
        self.used: set[str] = set()
        self._inferring: list[str] = []
        self._deps: list[set[str]] = []
        self._cycles_reported: set[frozenset] = set()
        self._in_regulation = False
        self.chains: dict = {}

    def error(self, code: str, span: Span, suggestions=(), **facts) -> None:
        self.diagnostics.append(messages.make(code, span, suggestions=tuple(suggestions), **facts))

    # collection --------------------------------------------------------------------------------
    def collect(self) -> None:
        for decl in self.decls:
            if isinstance(decl, ast.SourceDecl):
                if decl.abbreviation in self.sources:
                    self.error("LK415", decl.span, name=decl.abbreviation)
                if not citations.is_abbreviation(decl.abbreviation):
                    self.error("LK440", decl.span, name=decl.abbreviation)
                self.sources[decl.abbreviation] = decl.title
            elif isinstance(decl, ast.InForceDecl):
                if self.in_force is not None:
                    self.error("LK414", decl.span, other=str(self.in_force_span))
                else:
                    self.in_force, self.in_force_span = decl.name, decl.span
            elif isinstance(decl, ast.FactDecl):
                self.add(Entry(decl.name.id, decl.name.text, "faktum", decl, decl.name.span, decl.type, decl.citation,
                               decl.description))
            elif isinstance(decl, ast.RuleDecl):
                self.add(Entry(decl.name.id, decl.name.text, decl.kind, decl, decl.name.span, None, decl.citation,
                               decl.description))
            elif isinstance(decl, ast.DiscretionDecl):
                self.add(Entry(decl.name.id, decl.name.text, "skøn", decl, decl.name.span, T_BOOL, decl.citation,
                               decl.description))
            elif isinstance(decl, ast.TableDecl):
                self.add(Entry(decl.name.id, decl.name.text, "tabel", decl, decl.name.span, decl.type, decl.citation,
                               decl.description))
            elif isinstance(decl, ast.RegulationDecl):
                self.add(Entry(decl.name.id, decl.name.text, "reguleret beløb", decl, decl.name.span, T_AMOUNT,
                               decl.citation, decl.description))
            elif isinstance(decl, ast.ExceptionDecl):
                self.exceptions.append(decl)
            elif isinstance(decl, ast.RecommendationDecl):
                twin = next((r for r in self.recommendations if r.name.id == decl.name.id), None)
                if twin is not None:
                    self.error("LK202", decl.name.span, name=decl.name.text, other=str(twin.span))
                self.recommendations.append(decl)
            elif isinstance(decl, ast.ExampleDecl):
                self.examples.append(decl)

    def add(self, entry: Entry) -> None:
        if entry.id in self.entries:
            other = self.entries[entry.id]
            self.error("LK202", entry.span, name=entry.name, other=str(other.span))
            return
        self.entries[entry.id] = entry

    def attach_exceptions(self) -> None:
        for exc in self.exceptions:
            target = self.entries.get(exc.target.id)
            if target is None:
                found = suggest(exc.target.id, self._rule_ids())
                hint = messages.exception_target_hint([self.entries[f].name for f in found])
                self.error("LK203", exc.target.span, found, name=exc.target.text, hint=hint)
                self.orphans.append(exc)
            elif target.kind not in ("regel", "spørgsmål"):
                self.error("LK209", exc.target.span, name=exc.target.text, kind=target.kind,
                           hint="En undtagelse kan kun gælde en regel.")
            else:
                target.exceptions.append(exc)

    def _rule_ids(self):
        return [e.id for e in self.entries.values() if not e.is_fact]

    # citations ---------------------------------------------------------------------------------
    def check_citation(self, text: str | None, name: str, span: Span) -> None:
        if text is None:
            self.error("LK401", span, name=name)
            return
        if not citations.has_source(text):
            self.error("LK402", span, text=text)
        self.check_abbreviations(text, span)

    def check_abbreviations(self, text: str, span: Span) -> None:
        for abbreviation in citations.abbreviations(text):
            if abbreviation not in self.sources:
                found = suggest(abbreviation, self.sources)
                hint = messages.did_you_mean(found) if found else f"Tilføj `kilde {abbreviation} = \"…\"` i en lovkode-blok."
                self.error("LK205", span, found, name=abbreviation, hint=hint)

    # names and types ---------------------------------------------------------------------------
    def resolve(self, name: ast.Name) -> Entry | None:
        entry = self.entries.get(name.id)
        if entry is None:
            hint, found = messages.unknown_name_hint(name.id, self.entries)
            if found:
                hint = messages.did_you_mean([f"»{self.entries[f].name}«" for f in found])
            self.error("LK201", name.span, found, name=name.text, hint=hint)
            return None
        self.used.add(entry.id)
        if self._deps:
            self._deps[-1].add(entry.id)
        return entry

    def type_of_entry(self, entry: Entry) -> Type | None:
        """The entry's type, inferring a rule's from its body on first use; detects cycles on the way."""
        if entry.type is not None or entry.kind in ("faktum", "tabel", "skøn", "reguleret beløb"):
            if entry.kind in ("skøn", "tabel", "reguleret beløb") and entry.id in self._inferring:
                self._report_cycle(entry)
            return entry.type
        if entry.id in self._inferring:
            self._report_cycle(entry)
            return None
        self.infer_rule(entry)
        return entry.type

    def _report_cycle(self, entry: Entry) -> None:
        start = self._inferring.index(entry.id)
        cycle = self._inferring[start:] + [entry.id]
        key = frozenset(cycle)
        if key in self._cycles_reported:
            return
        self._cycles_reported.add(key)
        names = " → ".join(f"`{self.entries[c].name}`" for c in cycle)
        self.error("LK403", entry.span, name=entry.name, cycle=names)

    def infer_rule(self, entry: Entry) -> None:
        decl = entry.decl
        self._inferring.append(entry.id)
        self._deps.append(set())
        try:
            found: Type | None = None
            bodies = ([decl.body] if decl.body else []) + [v.body for v in decl.versions if v.body]
            if not bodies:
                self.error("LK404", entry.span, name=entry.name)
            for body in bodies:
                t = self.expr(body.value)
                if body.is_condition and t is not None and t.kind != BOOL:
                    self.not_a_condition(body.value, t)
                    t = None
                if t is not None and found is None:
                    found = t
                elif t is not None and found is not None and not _same(found, t):
                    self.error("LK307", body.span, left=found.described, right=t.described)
            if decl.declared_type is not None:
                if found is not None and not decl.declared_type.accepts(found):
                    self.error("LK304", entry.span, name=entry.name, declared=decl.declared_type.described,
                               actual=found.described)
                found = decl.declared_type
            entry.type = found
            for body in bodies:
                self._check_choice_values(body.value, found)
            self._check_versions(entry.name, decl.versions)
            if decl.versions or decl.in_force:
                self._in_force_date(decl.in_force, entry)
            self._exceptions_of(entry)
        finally:
            entry.dependencies = tuple(sorted(self._deps.pop()))
            self._inferring.pop()

    def _exceptions_of(self, entry: Entry) -> None:
        for exc in entry.exceptions:
            label = exc.label.text if exc.label else f"undtagelse til {entry.name}"
            self.check_citation(exc.citation, label, exc.label.span if exc.label else exc.span)
            bodies = ([exc.body] if exc.body else []) + [v.body for v in exc.versions if v.body]
            if not bodies:
                self.error("LK404", exc.span, name=label)
            for body in bodies:
                if body.when is not None:
                    self.condition(body.when)
                t = self.expr(body.value)
                if t is not None and entry.type is not None and not entry.type.accepts(t):
                    self.error("LK408", body.span, name=entry.name, actual=t.described, expected=entry.type.described)
                self._check_choice_values(body.value, entry.type)
            self._check_versions(label, exc.versions)
            if exc.versions or exc.in_force:
                self._in_force_date(exc.in_force, entry)

    def _in_force_date(self, local: ast.Name | None, entry: Entry) -> None:
        name = local or self.in_force
        if name is None:
            self.error("LK412", entry.span, name=entry.name)
            return
        target = self.resolve(name)
        if target is None:
            return
        t = self.type_of_entry(target)
        if t is not None and t.kind != DATE:
            self.error("LK208", name.span, name=name.text, type=t.described)

    def _check_versions(self, name: str, versions) -> None:
        for i, a in enumerate(versions):
            for b in versions[i + 1 :]:
                if _overlap(a.validity, b.validity):
                    self.error("LK406", b.span, name=name, first=a.validity.describe(), second=b.validity.describe())

    def _check_choice_values(self, expr, wanted: Type | None) -> None:
        """String literals a choice-typed rule can give must be among its choices."""
        if wanted is None or wanted.kind != CHOICE:
            return
        if isinstance(expr, ast.Literal) and isinstance(expr.value, str) and expr.value not in wanted.choices:
            found = suggest(expr.value, wanted.choices)
            self.error("LK206", expr.span, found, value=expr.value, name="reglen",
                       choices=", ".join(wanted.choices), hint=messages.did_you_mean(found))
        elif isinstance(expr, ast.If):
            self._check_choice_values(expr.then, wanted)
            self._check_choice_values(expr.otherwise, wanted)

    def condition(self, expr) -> None:
        t = self.expr(expr)
        if t is not None and t.kind != BOOL:
            self.not_a_condition(expr, t)

    def not_a_condition(self, expr, t: Type) -> None:
        """LK303; a text in "…" that is the name of something was meant as that »name«."""
        named = None
        if isinstance(expr, ast.Literal) and isinstance(expr.value, str):
            named = self.entries.get(machine_id(expr.value))
        if named is not None:
            self.error("LK303", expr.span, (named.id,), type=t.described, hint=messages.quoted_name_hint(named.name))
        else:
            self.error("LK303", expr.span, type=t.described, hint=messages.COMPARE_HINT)

    def expr(self, e) -> Type | None:
        t = self._expr(e)
        if t is not None:
            self.types[id(e)] = t
        return t

    def _expr(self, e) -> Type | None:
        if isinstance(e, ast.Literal):
            return e.type
        if isinstance(e, ast.Ref):
            entry = self.resolve(e.name)
            if entry is None:
                return None
            if entry.kind == "tabel" and entry.decl.by_fiscal_year and not self._in_regulation:
                self.error("LK436", e.span, name=entry.name)
            return self.type_of_entry(entry)
        if isinstance(e, (ast.Not,)):
            self.condition(e.operand)
            return T_BOOL
        if isinstance(e, ast.Logic):
            for p in e.parts:
                self.condition(p)
            return T_BOOL
        if isinstance(e, ast.Unless):
            if not e.explicit:
                self.error("LK311", e.span)
            if e.citation is not None:
                self.check_citation(e.citation, "undtagelsen", e.span)
            self.condition(e.requirement)
            self.condition(e.exception)
            return T_BOOL
        if isinstance(e, (ast.Known, ast.WhyUnknown)):
            self.expr(e.operand)
            return T_BOOL
        if isinstance(e, ast.Silent):
            return None
        if isinstance(e, ast.Lawful):
            target = self.entries.get(e.discretion.name.id) if isinstance(e.discretion, ast.Ref) else None
            self.expr(e.discretion)
            if target is not None and target.kind != "skøn":
                self.error("LK209", e.discretion.span, name=target.name, kind=target.kind,
                           hint="Kun et skøn kan være lovligt eller ulovligt udøvet: `»skønnet« er lovligt udøvet`.")
            elif target is None and not isinstance(e.discretion, ast.Ref):
                self.error("LK209", e.discretion.span, name="udtrykket", kind="udtryk",
                           hint="Skriv navnet på et skøn: `»skønnet« er lovligt udøvet`.")
            return T_BOOL
        if isinstance(e, ast.If):
            self.condition(e.condition)
            a, b = self.expr(e.then), self.expr(e.otherwise)
            if a is None or b is None:
                return a or b
            joined = _join(a, b)
            if joined is None:
                self.error("LK307", e.span, left=a.described, right=b.described)
            return joined
        if isinstance(e, ast.Compare):
            return self._compare(e)
        if isinstance(e, ast.Arith):
            return self._arith(e)
        if isinstance(e, ast.Negate):
            t = self.expr(e.operand)
            if t is not None and not (t.numeric or t.kind == DURATION):
                self.error("LK302", e.span, op="Minus", left=t.described, right="intet",
                           hint="Kun tal, timer, beløb, procenter og varigheder kan være negative.")
                return None
            return t
        if isinstance(e, ast.InYears):
            t = self.expr(e.operand)
            if t is not None and t.kind != DURATION:
                self.error("LK302", e.span, op="`i år`", left=t.described, right="år",
                           hint="`i år` omregner en varighed, f.eks. `65 år 6 måneder i år`.")
                return None
            if isinstance(e.operand, ast.Literal) and e.operand.value.days:
                self.error("LK108", e.span, text=str(e.operand.value))
            return T_NUMBER
        if isinstance(e, ast.RoundKroner):
            t = self.expr(e.operand)
            if t is not None and not t.numeric:
                self.error("LK302", e.span, op="Afrunding", left=t.described, right="hele kroner",
                           hint="Kun beløb og tal kan afrundes til hele kroner.")
                return None
            return t
        if isinstance(e, ast.Extreme):
            types = [self.expr(p) for p in e.parts]
            result = None
            for t in types:
                if t is None:
                    continue
                if result is None:
                    result = t
                    continue
                joined = _join(result, t)
                if joined is None or joined.kind == BOOL:
                    self.error("LK302", e.span, op=f"`{e.op} af`", left=result.described, right=t.described,
                               hint="Alle værdier skal have samme type.")
                    return None
                result = joined
            return result
        if isinstance(e, ast.WholeYears):
            for part in (e.start, e.end):
                t = self.expr(part)
                if t is not None and t.kind != DATE:
                    self.error("LK302", part.span, op="`hele år fra … til …`", left=t.described, right="en dato",
                               hint="Begge ender skal være datoer.")
            return T_NUMBER
        return None

    def _compare(self, e: ast.Compare) -> Type | None:
        a, b = self.expr(e.left), self.expr(e.right)
        if a is None or b is None:
            return T_BOOL
        for choice, other in ((a, e.right), (b, e.left)):
            if choice.kind == CHOICE and isinstance(other, ast.Literal) and isinstance(other.value, str):
                if other.value not in choice.choices:
                    found = suggest(other.value, choice.choices)
                    self.error("LK206", other.span, found, value=other.value, name="valget",
                               choices=", ".join(choice.choices), hint=messages.did_you_mean(found))
                return T_BOOL
        ordered = e.op in ("<", "≤", ">", "≥")
        joined = _join(a, b)
        if joined is None or (ordered and joined.kind in (BOOL, TEXT, CHOICE)):
            hint = "Sammenlign en dato med en dato og et tal med et tal."
            if DATE in (a.kind, b.kind):
                hint = "En dato kan kun sammenlignes med en anden dato, f.eks. `»afgørelsesdato« er før 2020-01-01`."
            self.error("LK301", e.span, left=a.described.capitalize(), right=b.described, hint=hint)
        return T_BOOL

    def _arith(self, e: ast.Arith) -> Type | None:
        a, b = self.expr(e.left), self.expr(e.right)
        if a is None or b is None:
            return None
        result = arith_type(e.op, a, b)
        if result is None:
            words = {"+": "Plus", "-": "Minus", "×": "Gange", "/": "Division", "af": "`af`"}
            hint = "Regn med værdier af samme slags; en procent bruges med `af`: `30 % af »løn«`."
            if DATE in (a.kind, b.kind):
                hint = "Til en dato kan lægges en varighed (`»fødselsdato« + 65 år`); brug `hele år fra … til …` mellem datoer."
            self.error("LK302", e.span, op=words[e.op], left=a.described, right=b.described, hint=hint)
        return result

    # declarations ------------------------------------------------------------------------------
    def check_all(self) -> None:
        self.collect()
        self.attach_exceptions()
        for entry in list(self.entries.values()):
            self._deps.append(set())
            try:
                self.check_entry(entry)
            finally:
                deps = self._deps.pop()
            if entry.kind in ("skøn", "tabel", "reguleret beløb"):
                entry.dependencies = tuple(sorted(deps))
        for rec in self.recommendations:
            self.check_citation(rec.citation, rec.name.text, rec.name.span)
            if rec.validity is not None:
                self._check_validity_bounds(rec.validity)
                self._in_force_date(None, Entry(rec.name.id, rec.name.text, "anbefaling", rec, rec.span))
            if rec.when is None:
                self.error("LK410", rec.span, name=rec.name.text, part="`gives, når …`")
            else:
                self.condition(rec.when)
            if rec.text is None:
                self.error("LK410", rec.span, name=rec.name.text, part="`tekst:`")
        for example in self.examples:
            self.check_example(example)
        for exc in self.orphans:  # its names are used (no false LK501), and checked, even without its rule
            for body in ([exc.body] if exc.body else []) + [v.body for v in exc.versions if v.body]:
                if body.when is not None:
                    self.condition(body.when)
                self.expr(body.value)
        self.find_cycles()
        for entry in self.entries.values():
            if entry.is_fact and entry.id not in self.used:
                self.error("LK501", entry.span, name=entry.name)

    def find_cycles(self) -> None:
        """Depth-first search of the dependency graph: catches cycles through skøn and tables too."""
        state: dict[str, int] = {}
        for root in self.entries:
            if state.get(root):
                continue
            stack = [(root, iter(self.entries[root].dependencies))]
            path = [root]
            state[root] = 1
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    path.pop()
                    state[node] = 2
                    continue
                if child not in self.entries:
                    continue
                if state.get(child) == 1:
                    cycle = path[path.index(child):] + [child]
                    key = frozenset(cycle)
                    if key not in self._cycles_reported:
                        self._cycles_reported.add(key)
                        names = " → ".join(f"`{self.entries[c].name}`" for c in cycle)
                        entry = self.entries[child]
                        self.error("LK403", entry.span, name=entry.name, cycle=names)
                elif not state.get(child):
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(self.entries[child].dependencies)))

    def check_entry(self, entry: Entry) -> None:
        decl = entry.decl
        if entry.kind == "faktum":
            if entry.citation is not None:  # optional for a fact, but its abbreviations must exist
                self.check_abbreviations(entry.citation, entry.span)
            return
        self.check_citation(entry.citation, entry.name, entry.span)
        if entry.kind in ("regel", "spørgsmål"):
            if entry.type is None and entry.id not in self._inferring:
                self.infer_rule(entry)
            return
        self._inferring.append(entry.id)
        try:
            if entry.kind == "skøn":
                if decl.assessment is None:
                    self.error("LK409", entry.span, name=entry.name)
                for part in ([decl.assessment] if decl.assessment else []) + list(decl.requirements) + \
                        list(decl.considerations) + ([decl.weighing] if decl.weighing else []):
                    self.condition(part)
            elif entry.kind == "tabel":
                self._check_table(entry, decl)
            elif entry.kind == "reguleret beløb":
                self._check_regulation(entry, decl)
        finally:
            self._inferring.pop()

    def _check_validity_bounds(self, validity: ast.Range) -> None:
        for bound in (validity.low, validity.high):
            if bound is not None and not isinstance(bound, dt.date):
                self.error("LK306", validity.span, key="datoen for gældende ret", bound=str(bound))

    # regulated amounts -------------------------------------------------------------------------
    def _check_regulation(self, entry: Entry, decl: ast.RegulationDecl) -> None:
        key_entry = self.resolve(decl.key)
        key_type = self.type_of_entry(key_entry) if key_entry else None
        if key_type is not None and key_type.kind != DATE:
            self.error("LK439", decl.key.span, name=entry.name, key=decl.key.text, type=key_type.described)
        seen: dict[int, ast.Level] = {}
        for level in decl.levels:
            if level.year in seen:
                self.error("LK433", level.span, year=level.year, name=entry.name, other=str(seen[level.year].span))
                continue
            seen[level.year] = level
            t = self.expr(level.value)
            if t is not None and (t.kind != AMOUNT or not isinstance(level.value, ast.Literal)):
                self.error("LK304", level.span, name=entry.name, declared=T_AMOUNT.described, actual=t.described)
            if level.citation is not None:
                self.check_citation(level.citation, entry.name, level.span)
        tables_ok = True
        for i, step in enumerate(decl.steps):
            for bound in {step.years.low, step.years.high}:
                if bound is not None and (not isinstance(bound, Decimal) or bound != bound.to_integral_value()):
                    self.error("LK438", step.years.span, text=str(bound))
                    tables_ok = False
            for other in decl.steps[:i]:
                if _overlap(other.years, step.years):
                    self.error("LK434", step.span, name=entry.name, first=other.years.describe(years=True),
                               second=step.years.describe(years=True))
            tables_ok = self._regulation_percent(step.percent) and tables_ok
            self._in_regulation = True
            try:
                t = self.expr(step.percent)
            finally:
                self._in_regulation = False
            if t is not None and t.kind != PERCENT:
                self.error("LK435", step.percent.span, what=t.described)
                tables_ok = False
            if step.citation is not None:
                self.check_citation(step.citation, entry.name, step.span)
        if decl.steps and tables_ok:
            first = min((int(s.years.low) for s in decl.steps if s.years.low is not None), default=None)
            if first is None or (first - 1 not in seen and not any(
                    s.years.contains(Decimal(first - 1)) for s in decl.steps)):
                year = first if first is not None else "første år"
                self.error("LK437", entry.span, name=entry.name, year=year,
                           previous=(first - 1) if first is not None else "ÅR")
                return
            tables = {e.id: e.decl for e in self.entries.values() if e.kind == "tabel" and e.decl.by_fiscal_year}
            found = regulation.chain(decl, tables)
            self.chains[entry.id] = found
            for year, amount in found.years.items():
                if amount.stated is not None and amount.previous is not None and amount.value != amount.stated.value.value:
                    level = amount.stated
                    self.error("LK432", level.span, name=entry.name, year=year,
                               stated=messages.amount(level.value.value),
                               source=level.citation or entry.citation or "det angivne niveau",
                               computed=messages.amount(amount.value),
                               chain=messages.regulation_step(amount, computed=True))
        elif not decl.steps:
            self.chains[entry.id] = regulation.chain(decl, {})

    def _regulation_percent(self, e) -> bool:
        """Only literals and tables by finansår, added or subtracted (LK435): the chain is computed at load."""
        if isinstance(e, ast.Literal):
            return True
        if isinstance(e, ast.Negate):
            return self._regulation_percent(e.operand)
        if isinstance(e, ast.Arith) and e.op in ("+", "-"):
            return self._regulation_percent(e.left) and self._regulation_percent(e.right)
        if isinstance(e, ast.Ref):
            entry = self.entries.get(e.name.id)
            if entry is None:
                return False  # LK201 comes from the type check
            if entry.kind == "tabel" and entry.decl.by_fiscal_year:
                return True
            self.error("LK435", e.span, what=f"»{entry.name}« (et {entry.kind})")
            return False
        self.error("LK435", e.span, what="et udtryk af anden slags")
        return False

    def _check_table(self, entry: Entry, decl: ast.TableDecl) -> None:
        if decl.by_fiscal_year:
            key_type = Type("finansår")
        else:
            key_entry = self.resolve(decl.key)
            key_type = self.type_of_entry(key_entry) if key_entry else None
        groups = [decl.rows] + [v.rows for v in decl.versions]
        if decl.rows and decl.versions:
            self.error("LK413", decl.rows[0].span, what="rækker uden for en version",
                       hint="Når tabellen har versioner, står alle rækker i en version.")
        for rows in groups:
            for i, row in enumerate(rows):
                for bound in {row.key.low, row.key.high} if decl.by_fiscal_year else (row.key.low, row.key.high):
                    if decl.by_fiscal_year:
                        if bound is not None and (not isinstance(bound, Decimal) or bound != bound.to_integral_value()):
                            self.error("LK438", row.key.span, text=str(bound))
                        continue
                    if bound is not None and key_type is not None and _literal_kind(bound) != (
                            key_type.kind if key_type.kind in (DATE, DURATION) else "tal"):
                        self.error("LK306", row.key.span, key=key_type.described, bound=str(bound))
                if decl.by_fiscal_year and regulation.literal_number(row.value) is None:
                    self.error("LK435", row.value.span, what="et udtryk, hvor et tal skal stå")
                t = self.expr(row.value)
                if t is not None and not decl.type.accepts(t):
                    self.error("LK304", row.span, name=entry.name, declared=decl.type.described, actual=t.described)
                if row.citation is not None:
                    self.check_citation(row.citation, entry.name, row.span)
                for other in rows[:i]:
                    if _overlap(other.key, row.key):
                        years = decl.by_fiscal_year
                        self.error("LK407", row.span, name=entry.name, first=other.key.describe(years=years),
                                   second=row.key.describe(years=years))
        self._check_versions(entry.name, decl.versions)
        if decl.versions or decl.in_force:
            self._in_force_date(decl.in_force, entry)

    def check_example(self, example: ast.ExampleDecl) -> None:
        if not example.expected:
            self.error("LK411", example.span, name=example.title)
        for assignment in example.given:
            entry = self._example_name(assignment.name)
            if entry is None:
                continue
            if not entry.is_fact:
                self.error("LK207", assignment.name.span, name=assignment.name.text)
                continue
            self._example_value(assignment, entry)
        for assignment in example.expected:
            entry = self._example_name(assignment.name)
            if entry is None:
                continue
            if isinstance(assignment.value, ast.ExpectedUnknown):
                for missing in assignment.value.missing:
                    self._example_name(missing)
            else:
                self._example_value(assignment, entry)

    def _example_name(self, name: ast.Name) -> Entry | None:
        entry = self.entries.get(name.id)
        if entry is None:
            hint, found = messages.unknown_name_hint(name.id, self.entries)
            self.error("LK204", name.span, found, name=name.text, hint=hint)
        return entry

    def _example_value(self, assignment: ast.Assignment, entry: Entry) -> None:
        value = assignment.value
        if isinstance(value, ast.ExpectedUnknown):
            return
        wanted = self.type_of_entry(entry) if not entry.is_fact else entry.type
        if wanted is None:
            return
        if wanted.kind == CHOICE and value.type.kind == TEXT:
            if value.value not in wanted.choices:
                found = suggest(value.value, wanted.choices)
                self.error("LK206", value.span, found, value=value.value, name=entry.name,
                           choices=", ".join(wanted.choices), hint=messages.did_you_mean(found))
            return
        if not wanted.accepts(value.type):
            self.error("LK305", value.span, name=entry.name, expected=wanted.described, actual=value.type.described)


def arith_type(op: str, a: Type, b: Type) -> Type | None:
    """The type of ``a op b``, or None when the arithmetic makes no sense (a percentage plus a date)."""
    if op in ("+", "-"):
        if a.kind == DATE and b.kind == DURATION:
            return T_DATE
        if op == "+" and a.kind == DURATION and b.kind == DATE:
            return T_DATE
        if a.kind == DURATION and b.kind == DURATION:
            return T_DURATION
        if a.numeric and b.numeric:
            if a.kind == b.kind or b.kind == NUMBER:
                return a
            if a.kind == NUMBER:
                return b
        return None
    if op in ("×", "af"):
        if not (a.numeric and b.numeric):
            return None
        if op == "af" and a.kind != PERCENT:
            return None
        if a.kind == NUMBER:
            return b
        if b.kind == NUMBER:
            return a
        if a.kind == PERCENT:
            return b
        if b.kind == PERCENT:
            return a
        return None
    if op == "/":
        if not (a.numeric and b.numeric):
            return None
        if b.kind == NUMBER:
            return a
        if a.kind == b.kind:
            return T_NUMBER
        return None
    return None


def _same(a: Type, b: Type) -> bool:
    return _join(a, b) is not None


def _join(a: Type, b: Type) -> Type | None:
    """The common type of two branches or operands of a comparison; None if they cannot meet."""
    if a.kind == b.kind:
        if a.kind == CHOICE:
            return Type(CHOICE, tuple(dict.fromkeys(a.choices + b.choices)))
        return a
    if a.numeric and b.numeric and NUMBER in (a.kind, b.kind):
        return a if b.kind == NUMBER else b
    if {a.kind, b.kind} == {TEXT, CHOICE}:
        return a if a.kind == CHOICE else b
    return None


def _literal_kind(value) -> str:
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, Decimal):
        return "tal"
    return DURATION


def _closed(r: ast.Range) -> ast.Range:
    """Dates are whole days: `efter 31.12.1962` is `fra 1.1.1963`, `før 1.1.1963` is `til og med 31.12.1962`."""
    low, low_inc, high, high_inc = r.low, r.low_inclusive, r.high, r.high_inclusive
    if isinstance(low, dt.date) and not low_inc:
        low, low_inc = low + dt.timedelta(days=1), True
    if isinstance(high, dt.date) and not high_inc:
        high, high_inc = high - dt.timedelta(days=1), True
    return ast.Range(low, low_inc, high, high_inc, r.span)


def _overlap(a: ast.Range, b: ast.Range) -> bool:
    """Whether two ranges share a point (bounds of different kinds never overlap: reported elsewhere)."""
    try:
        a, b = _closed(a), _closed(b)
        low_ok = a.high is None or b.low is None or b.low < a.high or (b.low == a.high and a.high_inclusive and b.low_inclusive)
        high_ok = b.high is None or a.low is None or a.low < b.high or (a.low == b.high and b.high_inclusive and a.low_inclusive)
        return low_ok and high_ok
    except TypeError:
        return False


def _with_declared_ids(decls: list) -> list:
    """A fact declared with ``id:`` keeps its machine identifier for the contract, but the spec still
    refers to it by the name it is written with (»modtager ydelse«): every such name gets that id."""
    from .build import machine_id  # the one rule for turning a written name into an identifier

    renamed = {machine_id(d.name.text): d.name.id for d in decls
               if isinstance(d, ast.FactDecl) and machine_id(d.name.text) != d.name.id}
    if not renamed:
        return decls

    def rename(node):
        if isinstance(node, ast.Name):
            new = renamed.get(node.id)
            return node if new is None else attrs.evolve(node, id=new)
        if isinstance(node, tuple):
            items = tuple(rename(n) for n in node)
            return node if all(a is b for a, b in zip(items, node)) else items
        if attrs.has(type(node)) and not isinstance(node, (Span, Type)):
            changes = {}
            for field in attrs.fields(type(node)):
                value = getattr(node, field.name)
                new = rename(value)
                if new is not value:
                    changes[field.name] = new
            return attrs.evolve(node, **changes) if changes else node
        return node

    return [rename(d) for d in decls]


def check(decls: list[ast.Decl]) -> tuple[Checked, list[Diagnostic]]:
    """Check all declarations of a spec; returns the symbol table and every diagnostic found."""
    checker = _Checker(_with_declared_ids(decls))
    try:
        checker.check_all()
    except RecursionError:
        checker.diagnostics.append(messages.make("LK106", decls[0].span if decls else Span("<spec>", 0, 0),
                                                 limit="tilladte"))
    checked = Checked(checker.entries, checker.sources, checker.in_force, checker.examples,
                      checker.recommendations, checker.exceptions, checker.types, checker.chains)
    checker.diagnostics.extend(check_presentation(checked))
    return checked, checker.diagnostics
