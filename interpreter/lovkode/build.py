"""Stage 3: Lark parse tree → typed AST (:mod:`lovkode.ast`).

One Transformer turns each tree of a block into frozen nodes with spans in the Markdown file. Problems
found while building (an impossible date, an ambiguous duration, a misplaced line) are recorded as
diagnostics rather than raised, because Lark would wrap an exception from a callback in ``VisitError``.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import attrs
from lark import Token, Transformer, Tree, v_args
from lark.exceptions import VisitError

from . import ast, messages
from .diagnostics import Diagnostic
from .literate import Block
from .source import Span
from .types import (CHOICE, T_AMOUNT, T_BOOL, T_DATE, T_DURATION, T_HOURS, T_NUMBER, T_PERCENT, T_TEXT, Type)
from .values import Duration, parse_date, parse_number, within_limits

_NOT_WORD = re.compile(r"[^\w]+")


def machine_id(text: str) -> str:
    """The machine identifier of a name: lower case, spaces and hyphens to `_`, other signs dropped."""
    lowered = text.strip().lower()
    lowered = re.sub(r"[\s\-–]+", "_", lowered)
    lowered = _NOT_WORD.sub("", lowered)
    return re.sub(r"_+", "_", lowered).strip("_")


def strip_quotes(text: str) -> str:
    if text.startswith("<<"):
        return text[2:-2].strip()
    if text[:1] in "»«":
        return text[1:-1].strip()
    return text


_COMPARE_WORDS = {"før": "<", "efter": ">", "mindst": "≥", "højst": "≤", "under": "<", "over": ">"}
_CMP = {"!=": "≠", "<=": "≤", ">=": "≥"}
_OPS = {"gange": "×", "*": "×", "×": "×", "/": "/", "af": "af", "+": "+", "plus": "+", "-": "-", "−": "-",
        "minus": "-"}


class _Tagged(tuple):
    """A (tag, value, span) item inside a declaration, sorted out by the declaration's callback."""


def _tag(tag: str, value, span: Span) -> _Tagged:
    return _Tagged((tag, value, span))


@v_args(meta=True)
class _Builder(Transformer):
    def __init__(self, block: Block, diagnostics: list[Diagnostic]):
        super().__init__(visit_tokens=False)
        self.block = block
        self.diagnostics = diagnostics

    # positions ---------------------------------------------------------------------------------
    def _span(self, meta) -> Span:
        if getattr(meta, "empty", True):
            return Span(self.block.file, self.block.first_line, 1, heading=self.block.heading)
        first = self.block.first_line - 1
        return Span(self.block.file, first + meta.line, meta.column, first + meta.end_line, meta.end_column,
                    self.block.heading)

    def _tspan(self, token: Token) -> Span:
        first = self.block.first_line - 1
        line = token.line or 1
        column = token.column or 1
        end_col = column + len(str(token))
        return Span(self.block.file, first + line, column, first + line, end_col, self.block.heading)

    def _error(self, code: str, span: Span, **facts) -> None:
        self.diagnostics.append(messages.make(code, span, **facts))

    # top level ---------------------------------------------------------------------------------
    def start(self, meta, children):
        return [c for c in children if c is not None and not isinstance(c, Token)]

    def name(self, meta, children):
        token = children[0]
        text = strip_quotes(str(token))
        return ast.Name(text, machine_id(text), self._tspan(token))

    def description(self, meta, children):
        return _tag("beskrivelse", str(children[0])[1:-1], self._span(meta))

    def citation(self, meta, children):
        text = str(children[0]).split(":", 1)[1].strip()
        return _tag("hjemmel", text, self._span(meta))

    def ident_item(self, meta, children):
        return _tag("id", str(children[0]), self._span(meta))

    def source_decl(self, meta, children):
        return ast.SourceDecl(str(children[0]), str(children[1])[1:-1], self._span(meta))

    def in_force_decl(self, meta, children):
        return ast.InForceDecl(children[0], self._span(meta))

    def _items(self, items, allowed: set[str], what: str):
        """Sort a declaration's lines by kind; a line that cannot stand here is LK413."""
        found: dict[str, list] = {}
        for item in items:
            if item is None:
                continue
            if isinstance(item, _Tagged):
                tag, value, span = item
            elif isinstance(item, ast.Body):
                tag, value, span = "krop", item, item.span
            elif isinstance(item, ast.InForceDecl):
                tag, value, span = "gældende", item.name, item.span
            elif isinstance(item, (ast.Version, ast.TableVersion)):
                tag, value, span = "version", item, item.span
            elif isinstance(item, ast.Row):
                tag, value, span = "række", item, item.span
            else:
                continue
            if tag not in allowed:
                self._error("LK413", span, what=_LINE_WORDS.get(tag, tag),
                            hint=f"I {what} kan stå: " + ", ".join(_LINE_WORDS.get(a, a) for a in sorted(allowed)) + ".")
                continue
            if tag in found and tag in ("beskrivelse", "hjemmel", "id", "gældende", "vurdering", "afvejning", "tekst",
                                         "gives", "afrunding", "periode", "afgørelse", "spørg", "enhed",
                                         "lovtekst"):
                self._error("LK413", span, what=f"en linje mere med {_LINE_WORDS.get(tag, tag)}",
                            hint="Hver slags linje kan kun stå én gang.")
                continue
            found.setdefault(tag, []).append(value)
        return found

    @staticmethod
    def _one(found, tag):
        values = found.get(tag)
        return values[0] if values else None

    def fact_decl(self, meta, children):
        name, type_ = children[0], children[1]
        found = self._items(children[2:], {"beskrivelse", "hjemmel", "id", "udfald", "etiket", "spørg", "enhed",
                                           "lovtekst"}, "et faktum")
        ident = self._one(found, "id")
        if ident:
            name = ast.Name(name.text, ident, name.span)
        return ast.FactDecl(name, type_, self._one(found, "beskrivelse"), self._one(found, "hjemmel"), name.span,
                            self._presentation(found))

    def _body(self, found, label: str):
        """The one `er …` line of a declaration or version; a second one is LK405."""
        bodies = found.get("krop", [])
        if len(bodies) > 1:
            self._error("LK405", bodies[1].span, name=label)
        return bodies[0] if bodies else None

    def rule_decl(self, meta, children):
        kind, name, declared = str(children[0]), children[1], children[2]
        found = self._items(children[3:], {"beskrivelse", "hjemmel", "gældende", "krop", "version"} | _PRESENTATION,
                            "en regel")
        body = self._body(found, name.text)
        if body is not None and isinstance(body.value, ast.Silent):
            self._error("LK431", body.span)
            body = None
        if body is not None:
            body = self._rule_body(body, name)
        versions = tuple(self._rule_version(v, name) for v in found.get("version", []))
        return ast.RuleDecl(kind, name, declared, self._one(found, "beskrivelse"), self._one(found, "hjemmel"),
                            self._one(found, "gældende"), body, versions, name.span, self._presentation(found))

    def _rule_body(self, body: ast.Body, name: ast.Name) -> ast.Body:
        """In a rule, `er opfyldt, når X` means the rule is X; `er V, når C` belongs in an exception."""
        if body.when is None:
            return body
        value = body.value
        if isinstance(value, ast.Literal) and value.type == T_BOOL:
            cond = body.when if value.value else ast.Not(body.when, body.when.span)
            return ast.Body(cond, None, body.span, is_condition=True)
        self._error("LK413", body.span, what="`er …, når …`",
                    hint="I en regel skrives `er opfyldt, når …` eller `er …`; `er …, når …` hører til en undtagelse.")
        return ast.Body(value, None, body.span)

    def _rule_version(self, version: ast.Version, name: ast.Name) -> ast.Version:
        body = self._rule_body(version.body, name) if version.body is not None else None
        return ast.Version(version.validity, version.law, body, version.span, version.citation)

    def version(self, meta, children):
        validity, law = children[0], children[1]
        found = self._items(children[2:], {"krop", "hjemmel"}, "en version")
        body = self._body(found, "versionen")
        span = self._span(meta)
        if body is None:
            self._error("LK404", span, name="versionen")
        return ast.Version(validity, str(law)[1:-1].strip() if law else None, body, span, self._one(found, "hjemmel"))

    def silent(self, meta, children):
        span = self._span(meta)
        reason = str(children[0])[1:-1].strip() if children and children[0] is not None else None
        if not reason:
            self._error("LK430", span)
        return ast.Body(ast.Silent(reason or None, span), None, span)

    def exception_decl(self, meta, children):
        label, target = children[0], children[1]
        found = self._items(children[2:], {"beskrivelse", "hjemmel", "gældende", "krop", "version"}, "en undtagelse")
        body = self._body(found, target.text)
        span = label.span if label else self._span(meta)
        for b in ([body] if body else []) + [v.body for v in found.get("version", []) if v.body]:
            if isinstance(b.value, ast.Silent):
                self._error("LK431", b.span)
            elif b.when is None:
                self._error("LK413", b.span, what="en undtagelse uden `når`",
                            hint="En undtagelse siger, hvornår den gælder: `er opfyldt, når …`.")
        return ast.ExceptionDecl(label, target, self._one(found, "beskrivelse"), self._one(found, "hjemmel"), body,
                                 tuple(found.get("version", [])), self._one(found, "gældende"), span)

    # presentation ------------------------------------------------------------------------------
    def decision_item(self, meta, children):
        return _tag("afgørelse", True, self._span(meta))

    def outcome_item(self, meta, children):
        outcome, text = children
        span = self._span(meta)
        kind, choice = outcome
        return _tag("udfald", ast.OutcomeSentence(kind, str(text)[1:-1], span, choice), span)

    def outcome_true(self, meta, children):
        return (ast.Outcome.JA, None)

    def outcome_false(self, meta, children):
        return (ast.Outcome.NEJ, None)

    def outcome_unknown(self, meta, children):
        return (ast.Outcome.UKENDT, None)

    def outcome_set(self, meta, children):
        return (ast.Outcome.FASTSAT, None)

    def outcome_choice(self, meta, children):
        return (ast.Outcome.VALG, str(children[0])[1:-1])

    def label_item(self, meta, children):
        span = self._span(meta)
        return _tag("etiket", ast.Label(str(children[0])[1:-1], str(children[1])[1:-1], span), span)

    def ask_item(self, meta, children):
        return _tag("spørg", (ast.Asked(str(children[0])), str(children[1])[1:-1]), self._span(meta))

    def unit_item(self, meta, children):
        return _tag("enhed", str(children[0])[1:-1], self._span(meta))

    def law_text_item(self, meta, children):
        return _tag("lovtekst", str(children[0])[1:-1], self._span(meta))

    def _presentation(self, found) -> ast.Presentation:
        if not found.keys() & _PRESENTATION:
            return ast.Presentation()
        asked, question = self._one(found, "spørg") or (None, None)
        return ast.Presentation(bool(found.get("afgørelse")), tuple(found.get("udfald", ())),
                                tuple(found.get("etiket", ())), question, asked, self._one(found, "enhed"),
                                self._one(found, "lovtekst"))

    # statements --------------------------------------------------------------------------------
    def holds_when(self, meta, children):
        span = self._span(meta)
        return ast.Body(ast.Literal(True, T_BOOL, span), children[0], span)

    def fails_when(self, meta, children):
        span = self._span(meta)
        return ast.Body(ast.Literal(False, T_BOOL, span), children[0], span)

    def always_holds(self, meta, children):
        span = self._span(meta)
        return ast.Body(ast.Literal(True, T_BOOL, span), None, span)

    def never_holds(self, meta, children):
        span = self._span(meta)
        return ast.Body(ast.Literal(False, T_BOOL, span), None, span)

    def value_when(self, meta, children):
        return ast.Body(children[0], children[1], self._span(meta))

    def value(self, meta, children):
        return ast.Body(children[0], None, self._span(meta))

    def cases(self, meta, children):
        span = self._span(meta)
        cases = list(children)
        last = cases[-1]
        if last[0] != "ellers":
            self._error("LK413", span, what="`er:` uden `- ellers …`",
                        hint="Slut listen med `- ellers VÆRDI`, så der altid er et svar.")
            result = ast.Literal(False, T_BOOL, span)
        else:
            result = last[1]
        for case in reversed(cases[:-1]):
            if case[0] == "ellers":
                self._error("LK413", case[3], what="`- ellers …` før det sidste punkt",
                            hint="`- ellers …` skal stå til sidst.")
                continue
            result = ast.If(case[2], case[1], result, case[3])
        return ast.Body(result, None, span)

    def case_if(self, meta, children):
        return ("hvis", children[0], children[1], self._span(meta))

    def case_else(self, meta, children):
        return ("ellers", children[0], None, self._span(meta))

    # conditions --------------------------------------------------------------------------------
    def condition(self, meta, children):
        requirement, exception = children
        if exception is None:
            return requirement
        return ast.Unless(requirement, exception, self._span(meta))

    def cited_bullet(self, meta, children):
        """A bullet with its own ``hjemmel:``: the hjemmel of the exception its `medmindre` makes."""
        condition, citation = children[0], children[1]
        if not isinstance(condition, ast.Unless):
            self._error("LK413", citation[2], what="`hjemmel:` under et punkt uden `medmindre`",
                        hint="En hjemmel under et punkt hører til undtagelsen: `- KRAV, medmindre UNDTAGELSE`.")
            return condition
        return attrs.evolve(condition, citation=citation[1])

    def waiver(self, meta, children):
        return ast.Unless(children[0], children[1], self._span(meta), explicit=True)

    def exclusion(self, meta, children):
        span = self._span(meta)
        return ast.Logic("og", (children[0], ast.Not(children[1], children[1].span)), span)

    @staticmethod
    def _requirements(parts):
        """In a list of requirements, `KRAV, medmindre UNDTAGELSE` can only mean that the requirement is waived."""
        return tuple(attrs.evolve(p, explicit=True) if isinstance(p, ast.Unless) else p for p in parts)

    def list_condition(self, meta, children):
        op = children[0]
        parts = self._requirements(children[1:]) if op == "og" else tuple(children[1:])
        return ast.Logic(op, parts, self._span(meta), listed=True)

    def all_of(self, meta, children):
        return "og"

    def any_of(self, meta, children):
        return "eller"

    def none_of(self, meta, children):
        return "ingen"

    def bullets(self, meta, children):
        return tuple(children)

    # discretion --------------------------------------------------------------------------------
    def assessment(self, meta, children):
        return _tag("vurdering", children[0], self._span(meta))

    def requirements(self, meta, children):
        return _tag("krav", self._requirements(children[0]), self._span(meta))

    def considerations(self, meta, children):
        return _tag("hensyn", children[0], self._span(meta))

    def weighing(self, meta, children):
        return _tag("afvejning", children[0], self._span(meta))

    def discretion_decl(self, meta, children):
        name = children[0]
        found = self._items(children[1:], {"beskrivelse", "hjemmel", "vurdering", "krav", "hensyn", "afvejning",
                                           "udfald", "lovtekst"}, "et skøn")
        requirements = tuple(p for group in found.get("krav", []) for p in group)
        considerations = tuple(p for group in found.get("hensyn", []) for p in group)
        return ast.DiscretionDecl(name, self._one(found, "beskrivelse"), self._one(found, "hjemmel"),
                                  self._one(found, "vurdering"), requirements, considerations,
                                  self._one(found, "afvejning"), name.span, self._presentation(found))

    # tables ------------------------------------------------------------------------------------
    def row(self, meta, children):
        validity, value, citation = children
        return ast.Row(validity, value, citation[1] if citation else None, self._span(meta))

    def table_version(self, meta, children):
        validity, law = children[0], children[1]
        found = self._items(children[2:], {"række"}, "en version af en tabel")
        return ast.TableVersion(validity, str(law)[1:-1].strip() if law else None, tuple(found.get("række", [])),
                                self._span(meta))

    def fiscal_year(self, meta, children):
        return None

    def table_decl(self, meta, children):
        name, key, type_ = children[0], children[1], children[2]
        found = self._items(children[3:], {"beskrivelse", "hjemmel", "gældende", "række", "version"}, "en tabel")
        return ast.TableDecl(name, key, type_, self._one(found, "beskrivelse"), self._one(found, "hjemmel"),
                             self._one(found, "gældende"), tuple(found.get("række", [])),
                             tuple(found.get("version", [])), name.span)

    def _bound(self, literal):
        return literal.value if isinstance(literal, ast.Literal) else None

    def range_from(self, meta, children):
        return ast.Range(self._bound(children[0]), True, None, True, self._span(meta))

    def range_from_to(self, meta, children):
        return ast.Range(self._bound(children[0]), True, self._bound(children[1]), True, self._span(meta))

    def range_from_before(self, meta, children):
        return ast.Range(self._bound(children[0]), True, self._bound(children[1]), False, self._span(meta))

    def range_before(self, meta, children):
        return ast.Range(None, True, self._bound(children[0]), False, self._span(meta))

    def range_after(self, meta, children):
        return ast.Range(self._bound(children[0]), False, None, True, self._span(meta))

    def range_to(self, meta, children):
        return ast.Range(None, True, self._bound(children[0]), True, self._span(meta))

    def range_single(self, meta, children):
        year = self._decimal(children[0])
        return ast.Range(year, True, year, True, self._span(meta))

    # regulated amounts -------------------------------------------------------------------------
    def _year(self, token: Token) -> int:
        value = self._decimal(token)
        if value != value.to_integral_value() or not 1 <= value <= 9999:
            self._error("LK438", self._tspan(token), text=str(token))
            return 0
        return int(value)

    def level(self, meta, children):
        year, value, citation = children[0], children[1], children[2] if len(children) > 2 else None
        return _tag("niveau", ast.Level(self._year(year), value, citation[1] if citation else None,
                                        self._span(meta)), self._span(meta))

    def regulation_step(self, meta, children):
        years, percent, citation = children[0], children[1], children[2] if len(children) > 2 else None
        step = ast.RegulationStep(years, percent, citation[1] if citation else None, self._span(meta))
        return _tag("regulering", step, self._span(meta))

    def yearly_rounding(self, meta, children):
        return _tag("afrunding", True, self._span(meta))

    def regulation_decl(self, meta, children):
        name, key = children[0], children[1]
        found = self._items(children[2:], {"beskrivelse", "hjemmel", "niveau", "regulering", "afrunding"},
                            "et reguleret beløb")
        return ast.RegulationDecl(name, key, self._one(found, "beskrivelse"), self._one(found, "hjemmel"),
                                  tuple(found.get("niveau", [])), tuple(found.get("regulering", [])),
                                  bool(found.get("afrunding")), name.span)

    # recommendations and examples ---------------------------------------------------------------
    def given_when(self, meta, children):
        return _tag("gives", children[0], self._span(meta))

    def text(self, meta, children):
        return _tag("tekst", str(children[0])[1:-1], self._span(meta))

    def rec_validity(self, meta, children):
        return _tag("periode", children[0], self._span(meta))

    def recommendation_decl(self, meta, children):
        name = children[0]
        found = self._items(children[1:], {"beskrivelse", "hjemmel", "gives", "tekst", "periode"}, "en anbefaling")
        return ast.RecommendationDecl(name, self._one(found, "beskrivelse"), self._one(found, "hjemmel"),
                                      self._one(found, "gives"), self._one(found, "tekst"), name.span,
                                      self._one(found, "periode"))

    def given(self, meta, children):
        return _tag("givet", children[0], self._span(meta))

    def expected(self, meta, children):
        return _tag("så", children[0], self._span(meta))

    def assignments(self, meta, children):
        return tuple(c for c in children if isinstance(c, ast.Assignment))

    def assignment(self, meta, children):
        return ast.Assignment(children[0], children[1], self._span(meta))

    def negative(self, meta, children):
        lit = self.number(meta, children)
        return ast.Literal(-lit.value, lit.type, lit.span)

    def unknown_value(self, meta, children):
        return ast.ExpectedUnknown(tuple(c for c in children if isinstance(c, ast.Name)), self._span(meta))

    def example_decl(self, meta, children):
        title = str(children[0])[1:-1]
        span = self._tspan(children[0])
        found = self._items(children[1:], {"beskrivelse", "hjemmel", "givet", "så"}, "et eksempel")
        given = tuple(a for group in found.get("givet", []) for a in group)
        expected = tuple(a for group in found.get("så", []) for a in group)
        return ast.ExampleDecl(title, self._one(found, "beskrivelse"), self._one(found, "hjemmel"), given, expected,
                               span)

    # types -------------------------------------------------------------------------------------
    def t_bool(self, meta, children):
        return T_BOOL

    def t_number(self, meta, children):
        return T_NUMBER

    def t_hours(self, meta, children):
        return T_HOURS

    def t_percent(self, meta, children):
        return T_PERCENT

    def t_amount(self, meta, children):
        return T_AMOUNT

    def t_date(self, meta, children):
        return T_DATE

    def t_duration(self, meta, children):
        return T_DURATION

    def t_text(self, meta, children):
        return T_TEXT

    def t_choice(self, meta, children):
        return Type(CHOICE, tuple(str(c)[1:-1] for c in children if c is not None))

    # expressions -------------------------------------------------------------------------------
    def if_expr(self, meta, children):
        return ast.If(children[0], children[1], children[2], self._span(meta))

    def _logic(self, op, meta, children):
        parts = tuple(c for c in children if c is not None)
        if len(parts) == 1:
            return parts[0]
        return ast.Logic(op, parts, self._span(meta))

    def or_(self, meta, children):
        return self._logic("eller", meta, children)

    def and_(self, meta, children):
        return self._logic("og", meta, children)

    def not_(self, meta, children):
        return ast.Not(children[0], self._span(meta))

    def compare(self, meta, children):
        left, op, right = children
        return ast.Compare(_CMP.get(str(op), str(op)), left, right, self._span(meta))

    def equal(self, meta, children):
        return ast.Compare("=", children[0], children[1], self._span(meta))

    def not_equal(self, meta, children):
        return ast.Compare("≠", children[0], children[1], self._span(meta))

    def compare_words(self, meta, children):
        left, word, right = children
        return ast.Compare(_COMPARE_WORDS[str(word)], left, right, self._span(meta))

    def is_unknown(self, meta, children):
        return ast.Known(children[0], True, self._span(meta))

    def is_known(self, meta, children):
        return ast.Known(children[0], False, self._span(meta))

    def is_silent(self, meta, children):
        return ast.WhyUnknown(children[0], ast.UnknownTest.SILENT, self._span(meta))

    # spans of time: A + D compared with B, as `A er mindst D før B` says -----------------------------
    _SPAN_OPS = {"mindst": "≤", "over": "<", "mere": "<", "højst": "≥", "under": ">", "mindre": ">"}

    def _span_test(self, word, start, length, end, span):
        op = self._SPAN_OPS.get(str(word))
        if op is None:
            self._error("LK102", span, expected="`mindst`, `højst`, `mere end` eller `mindre end`",
                        found=f"`{word}`", hint="Skriv f.eks. `»afgørelsesdato« er mere end 6 år før »dag«`.")
            op = "≤"
        return ast.Compare(op, ast.Arith("+", start, length, span), end, span)

    @staticmethod
    def _words(children):
        return [c for c in children if not (isinstance(c, Token) and str(c) in ("end", "før", "efter"))]

    def span_before(self, meta, children):
        start, word, length, end = self._words(children)
        return self._span_test(word, start, length, end, self._span(meta))

    def span_after(self, meta, children):
        end, word, length, start = self._words(children)
        return self._span_test(word, start, length, end, self._span(meta))

    def span_between(self, meta, children):
        word, length, start, end = self._words(children)
        return self._span_test(word, start, length, end, self._span(meta))

    def excess(self, meta, children):
        """`den del af A, der overstiger B`: A − B, never below zero (LAB § 123, stk. 2, 2. pkt.)."""
        span = self._span(meta)
        amount, threshold = children
        zero = ast.Literal(Decimal(0), T_NUMBER, span)
        return ast.Extreme("største", (ast.Arith("-", amount, threshold, span), zero), span)

    def is_lawful(self, meta, children):
        return ast.Lawful(children[0], self._span(meta))

    def lacks_facts(self, meta, children):
        return ast.WhyUnknown(children[0], ast.UnknownTest.MISSING_FACTS, self._span(meta))

    def arith(self, meta, children):
        result = children[0]
        span = self._span(meta)
        for operand in children[0::2] if len(children) > 1 else ():
            if isinstance(operand, ast.RoundKroner) and not self._closed_by_parenthesis(operand.span):
                self._error("LK310", operand.span)
        for i in range(1, len(children), 2):
            result = ast.Arith(_OPS[str(children[i])], result, children[i + 1], span)
        return result

    def _closed_by_parenthesis(self, span: Span) -> bool:
        """Whether the source text right after ``span`` is a closing parenthesis."""
        lines = self.block.text.split("\n")
        index = span.end_line - self.block.first_line
        if not 0 <= index < len(lines):
            return False
        return lines[index][span.end_column - 1:].lstrip().startswith(")")

    def negate(self, meta, children):
        return ast.Negate(children[0], self._span(meta))

    def in_years(self, meta, children):
        return ast.InYears(children[0], self._span(meta))

    def round_kroner(self, meta, children):
        return ast.RoundKroner(children[0], self._span(meta))

    def minimum(self, meta, children):
        return ast.Extreme("mindste", tuple(children), self._span(meta))

    def maximum(self, meta, children):
        return ast.Extreme("største", tuple(children), self._span(meta))

    def whole_years(self, meta, children):
        return ast.WholeYears(children[0], children[1], self._span(meta))

    def ref(self, meta, children):
        return ast.Ref(children[0], children[0].span)

    # literals ----------------------------------------------------------------------------------
    def true(self, meta, children):
        return ast.Literal(True, T_BOOL, self._span(meta))

    def false(self, meta, children):
        return ast.Literal(False, T_BOOL, self._span(meta))

    def _decimal(self, token: Token) -> Decimal:
        try:
            value = parse_number(str(token))
        except (InvalidOperation, ValueError):
            self._error("LK109", self._tspan(token), text=str(token))
            return Decimal(0)
        if not within_limits(value):
            self._error("LK110", self._tspan(token), text=str(token))
            return Decimal(0)
        return value

    def number(self, meta, children):
        return ast.Literal(self._decimal(children[0]), T_NUMBER, self._span(meta))

    def hours(self, meta, children):
        return ast.Literal(self._decimal(children[0]), T_HOURS, self._span(meta))

    def percent(self, meta, children):
        return ast.Literal(self._decimal(children[0]), T_PERCENT, self._span(meta))

    def amount(self, meta, children):
        return ast.Literal(self._decimal(children[0]), T_AMOUNT, self._span(meta))

    def date(self, meta, children):
        token = children[0]
        try:
            return ast.Literal(parse_date(str(token)), T_DATE, self._span(meta))
        except (ValueError, OverflowError):
            self._error("LK107", self._tspan(token), text=str(token))
            return ast.Literal(None, T_DATE, self._span(meta))

    def duration(self, meta, children):
        months = Decimal(0)
        days = Decimal(0)
        for i in range(0, len(children), 2):
            amount = self._decimal(children[i])
            unit = str(children[i + 1])
            if unit == "år":
                months += amount * 12
            elif unit.startswith("måned"):
                months += amount
            elif unit.startswith("uge"):
                days += amount * 7
            else:
                days += amount
        span = self._span(meta)
        text = " ".join(str(c) for c in children)
        if (months and days) or months != months.to_integral_value() or days != days.to_integral_value():
            self._error("LK108", span, text=text)
            return ast.Literal(Duration(), T_DURATION, span)
        return ast.Literal(Duration(int(months), int(days)), T_DURATION, span)

    def string(self, meta, children):
        return ast.Literal(str(children[0])[1:-1], T_TEXT, self._span(meta))


_LINE_WORDS = {
    "beskrivelse": "`beskrivelse:`",
    "hjemmel": "`hjemmel:`",
    "id": "`id:`",
    "gældende": "`gældende ret vurderes på …`",
    "krop": "`er …`",
    "version": "`version …:`",
    "række": "en række `- fra … : …`",
    "vurdering": "`vurdering:`",
    "krav": "`krav:`",
    "hensyn": "`hensyn imod:`",
    "afvejning": "`afvejning:`",
    "gives": "`gives, når …`",
    "tekst": "`tekst:`",
    "givet": "`givet:`",
    "så": "`så:`",
    "niveau": "`niveau ÅR: beløb`",
    "regulering": "`reguleres fra ÅR med …`",
    "afrunding": "`beløbet afrundes til hele kroner hvert år`",
    "periode": "`gælder fra … før …`",
    "afgørelse": "`afgørelse til borgeren`",
    "udfald": "`når …: \"…\"`",
    "etiket": "`\"…\" vises som \"…\"`",
    "spørg": "`spørg …: \"…\"`",
    "enhed": "`enhed:`",
    "lovtekst": "`lovtekst:`",
}

_PRESENTATION = {"afgørelse", "udfald", "etiket", "spørg", "enhed", "lovtekst"}
"""The optional lines that say how a rule or fact is put to a citizen (see :class:`lovkode.ast.Presentation`)."""


def build(block: Block, tree: Tree, diagnostics: list[Diagnostic]) -> list[ast.Decl]:
    """Turn one block's parse tree into declarations, appending any problems to ``diagnostics``."""
    try:
        decls = _Builder(block, diagnostics).transform(tree)
        too_deep = [d for d in decls if _depth(d) > MAX_EXPRESSION_DEPTH]
    except (RecursionError, VisitError) as err:
        if isinstance(err, VisitError) and not isinstance(err.orig_exc, RecursionError):
            raise
        too_deep = [None]
        decls = []
    if too_deep:
        span = getattr(too_deep[0], "span", None) or Span(block.file, block.first_line, 1, heading=block.heading)
        diagnostics.append(messages.make("LK106", span, limit=MAX_EXPRESSION_DEPTH))
        return []
    return decls


MAX_EXPRESSION_DEPTH = 150
"""Deeper expressions are refused (LK106) so no later stage can run out of stack."""


def _depth(node, level: int = 0) -> int:
    """How deeply a declaration's expressions nest (attrs nodes and tuples of them)."""
    if level > MAX_EXPRESSION_DEPTH:
        return level
    deepest = level
    if isinstance(node, tuple):
        children = node
    elif attrs.has(type(node)):
        children = [getattr(node, f.name) for f in attrs.fields(type(node)) if f.name not in ("span", "type", "name")]
    else:
        return level
    for child in children:
        if isinstance(child, tuple) or attrs.has(type(child)):
            deepest = max(deepest, _depth(child, level + 1))
            if deepest > MAX_EXPRESSION_DEPTH:
                break
    return deepest
