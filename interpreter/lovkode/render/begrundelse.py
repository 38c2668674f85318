"""The begrundelse a caseworker can send: conclusion, decisive reasons, rules with the law's words, facts.

Built from an evaluation's derivation, not from a second reading of the law: the run's values for every
named rule and fact, and the rule bodies of the checked spec to say *which* part of a condition decided
(every false part of a failed `og`, in the rule's order; the exception that set a requirement aside; the
comparison with both sides; the calculation with its numbers). The evaluator writes no Danish; all the
wording is here, from the sentences and labels the legal expert wrote in the spec
(:mod:`lovkode.presentation`) with plain defaults. The result is data (:class:`Begrundelse`) that the
text here, the letter (:mod:`lovkode.render.brev`) and other callers render.

A rule already explained is referred to ("se ovenfor"), not repeated: one :class:`Writer` is shared by
the answers of one output.
"""
from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from .. import ast, citations
from ..evaluate import evaluate
from ..presentation import VALUE_SLOT, block_quotes, law_text, presentation
from ..types import BOOL, CHOICE, NUMBER
from ..values import Ukendt, normalise
from .reasons import regulation_step, silence_text, undefined_text
from .text import format_value


class Udfald(enum.Enum):
    """What kind of answer a begrundelse explains."""

    JA = "ja"
    NEJ = "nej"
    VÆRDI = "værdi"
    UKENDT = "ukendt"
    TAVS = "kilderne er tavse"


@attrs.frozen
class Reason:
    """One reason, in Danish, with the reasons under it."""

    text: str
    children: tuple["Reason", ...] = ()
    holds: bool | None = None
    """For a part of a condition: whether that part holds (None: not a part, or undecided)."""
    subjects: tuple[str, ...] = ()
    """The facts and rules the part names (identifiers, for callers and tests; never shown)."""

    def line(self) -> str:
        """The reason as one line of a list: ending in ", fordi:" when reasons follow, else a full stop."""
        if self.children:
            return self.text if self.text.endswith(":") else f"{self.text}, fordi:"
        return self.text if self.text.endswith((".", ":")) else f"{self.text}."


@attrs.frozen
class RuleText:
    """A provision applied: its citation spelled out and the law's own words quoted on its page."""

    citation: str
    law_text: str | None


@attrs.frozen
class MissingFact:
    """A fact the answer still needs, as the question to ask and whom to ask."""

    name: str
    question: str
    asked: str | None  # "borgeren", "arbejdsgiveren", "kommunen" or None (not said in the spec)


@attrs.frozen
class Begrundelse:
    """The begrundelse of one answer, as data."""

    question: str  # the question's Danish name
    udfald: Udfald
    conclusion: str  # one sentence, capitalised, with a full stop
    citation: str | None
    decision: bool  # the question is a decision to a citizen (`afgørelse til borgeren`)
    reasons: tuple[Reason, ...]
    rules: tuple[RuleText, ...]
    facts: tuple[str, ...]
    missing: tuple[MissingFact, ...]
    silent: tuple[str, ...]  # why no fact can decide it: silences, undefined arithmetic, conflicts
    sources_silent_only: bool = True  # every item of ``silent`` is a silence of the sources

    def as_json(self) -> dict:
        """The begrundelse as JSON data with Danish keys (for the HTTP service and other programs)."""
        return {
            "spørgsmål": self.question,
            "udfald": self.udfald.value,
            "konklusion": self.conclusion,
            "hjemmel": self.citation,
            "afgørelse_til_borgeren": self.decision,
            "grunde": [_reason_json(r) for r in self.reasons],
            "regler": [{"hjemmel": r.citation, "lovtekst": r.law_text} for r in self.rules],
            "oplysninger": list(self.facts),
            "mangler": [{"oplysning": m.name, "spørgsmål": m.question, "spørg": m.asked} for m in self.missing],
            "kilderne_tavse": list(self.silent),
            "tekst": self.text(),
        }

    def text(self) -> str:
        """Plain text, ready to paste: conclusion, reasons, rules, facts, missing facts."""
        title = self.question[:1].upper() + self.question[1:]
        lines = [f"{title}: {self.conclusion}"]
        if self.citation:
            lines.append(f"Hjemmel: {self.citation}")
        if self.silent:
            lines += ["", "Kilderne er tavse, så spørgsmålet kan ikke afgøres med lovkode:" if self.sources_silent_only
                      else "Spørgsmålet kan ikke afgøres med lovkode:"]
            lines += [f"- {s}" for s in self.silent]
        if self.reasons:
            lines += ["", "Begrundelse:"]
            for reason in self.reasons:
                _reason_lines(reason, 0, lines)
        if self.missing:
            lines += ["", "Disse oplysninger mangler:"]
            lines += [f"- {missing_line(m)}" for m in self.missing]
        if self.rules:
            lines += ["", "Regler, der er anvendt:"]
            for rule in self.rules:
                lines.append(f"- {rule.citation}" + (":" if rule.law_text else ""))
                if rule.law_text:
                    lines.append(f"  {rule.law_text}")
        if self.facts:
            lines += ["", "Oplysninger, der er lagt vægt på:"]
            lines += [f"- {f}" for f in self.facts]
        return "\n".join(lines)


def _reason_json(reason: Reason) -> dict:
    return {"tekst": reason.line(), "grunde": [_reason_json(c) for c in reason.children]}


def merge_rules(rules) -> list[RuleText]:
    """Provisions with the same quoted law text as one entry (their citations joined), others as they are."""
    merged: dict[object, list] = {}
    for rule in rules:
        key = rule.law_text if rule.law_text else ("uden tekst", rule.citation)
        merged.setdefault(key, [[], rule.law_text])[0].append(rule.citation)
    return [RuleText("; ".join(dict.fromkeys(cites)), text) for cites, text in merged.values()]


def missing_line(m: MissingFact) -> str:
    """``Spørg borgeren: Modtager du førtidspension?`` (or the fact's name when no question is written)."""
    if m.asked:
        return f"Spørg {m.asked}: {m.question}"
    return m.question


def _reason_lines(reason: Reason, depth: int, lines: list[str]) -> None:
    lines.append(f"{'  ' * depth}- {reason.line()}")
    for child in reason.children:
        _reason_lines(child, depth + 1, lines)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = _cap(text.strip())
    return text if text.endswith((".", "?", "!")) else text + "."


_OP_WORDS = {"=": "er", "≠": "er ikke", "<": "er under", "≤": "er højst", ">": "er over", "≥": "er mindst"}
_DATE_OP_WORDS = {"<": "er før", ">": "er efter", "≤": "er senest", "≥": "er tidligst"}
_ARITH = {"+": "+", "-": "−", "×": "×", "/": "/", "af": "af"}
_LOOSE = {"+", "-"}


class Writer:
    """Writes the begrundelse of answers to one case; shared by the answers so a rule is explained once."""

    def __init__(self, spec, facts: dict):
        self.spec = spec
        self.checked = spec._checked
        self.program = spec._program
        # Every part of every condition evaluated (the answers are the same), so a "nej" can name each
        # condition that failed, not only the first one the evaluator stopped at.
        self.run, _ = evaluate(self.program, facts, [], exhaustive=True)
        self._compiled: dict[int, object] = {}
        self.explained: set[str] = set()
        """Rules whose reasons are already written; later mentions refer to them ("se ovenfor")."""
        self._quotes: dict[str, list] = {}
        # Per begrundelse (reset by :meth:`begrundelse`): facts relied on, rules applied, abbreviations
        # written out, and the citations of the rules being explained (innermost last).
        self._facts: dict[str, str] = {}
        self._rules: dict[str, None] = {}
        self._abbreviated: set[str] = set()
        self._within: list[str | None] = [None]

    # values ------------------------------------------------------------------------------------
    def value(self, expr):
        """The value of a sub-expression in this run, by the evaluator's own closures."""
        fn = self._compiled.get(id(expr))
        if fn is None:
            fn = self._compiled[id(expr)] = self.program.expr(expr)
        self.run.stack = [[]]
        return fn(self.run)

    def value_of(self, ident: str):
        self.run.stack = [[]]
        return self.program.ref(ident)(self.run)

    def _unit_kind(self, expr) -> tuple[str | None, str | None]:
        """(type word, unit for a plain number) of an expression."""
        t = self.checked.types.get(id(expr))
        kind = t.kind if t else None
        unit = None
        if kind == NUMBER and isinstance(expr, ast.Ref):
            unit = presentation(self.checked.entries[expr.name.id]).unit
        return kind, unit

    def show(self, value, kind=None, unit=None, labels=()) -> str:
        """A value as the reader reads it: units, Danish numbers and dates, labels for choices."""
        if type(value) is Ukendt:
            return "ukendt"
        if isinstance(value, str):
            for label in labels:
                if label.value == value:
                    return label.text
            return value.replace("_", " ")
        text = format_value(normalise(value) if isinstance(value, Decimal) else value, kind)
        return f"{text} {unit}" if unit and isinstance(value, Decimal) else text

    def _labels(self, expr) -> tuple:
        if isinstance(expr, ast.Ref):
            return presentation(self.checked.entries[expr.name.id]).labels
        return ()

    def show_entry(self, ident: str, value) -> str:
        entry = self.checked.entries[ident]
        shown = presentation(entry)
        kind = entry.type.kind if entry.type else None
        return self.show(value, kind, shown.unit, shown.labels)

    # sentences ---------------------------------------------------------------------------------
    def outcome_sentence(self, ident: str, value) -> str:
        """What the legal expert wrote for this outcome, or a plain default."""
        entry = self.checked.entries[ident]
        written = self._written_sentence(entry, value)
        if written:
            return written
        name = f"»{entry.name}«"
        if type(value) is Ukendt:
            if value.silent and not value.missing:
                return f"spørgsmålet om {name} kan ikke afgøres, fordi kilderne er tavse"
            return f"spørgsmålet om {name} kan ikke afgøres endnu"
        if value is True:
            return f"{name} er opfyldt"
        if value is False:
            return f"{name} er ikke opfyldt"
        return f"{name} er {self.show_entry(ident, value)}"

    def _written_sentence(self, entry, value) -> str | None:
        """The sentence the legal expert wrote for this outcome (`når ja: "…"`), if any."""
        wanted = _outcome_of(entry, value)
        for sentence in presentation(entry).outcomes:
            if sentence.outcome is wanted[0] and sentence.choice == wanted[1]:
                return sentence.text.replace(VALUE_SLOT, self.show_entry(entry.id, value))
        return None

    def _cite(self, text: str | None) -> str:
        return citations.expand(text, self.checked.sources) if text else ""

    # reasons -----------------------------------------------------------------------------------
    def begrundelse(self, ident: str) -> Begrundelse:
        entry = self.checked.entries[ident]
        value = self.value_of(ident)
        self._facts, self._rules, self._abbreviated = {}, {}, set()
        self._within = [entry.citation]
        self.explained.discard(ident)
        reasons = tuple(self.rule_reasons(ident, value))
        self.explained.add(ident)
        self._note_rule(ident)
        if type(value) is Ukendt:
            # Silent sources and conflicting exceptions both leave nothing to ask for: the decision must
            # be made without lovkode.
            # Facts missing make it a request for them, even where another part is silent (the contract).
            udfald = Udfald.UKENDT if value.missing else Udfald.TAVS
            missing = tuple(self._missing(sorted(value.missing)))
            silent = (tuple(silence_text(s) for s in value.silent) + tuple(undefined_text(u) for u in value.undefined)
                      + tuple(f"Undtagelserne {' og '.join(c)} giver hver sit svar." for c in value.conflict))
        else:
            udfald = Udfald.JA if value is True else Udfald.NEJ if value is False else Udfald.VÆRDI
            missing, silent = (), ()
        only_silence = type(value) is not Ukendt or not (value.undefined or value.conflict)
        return Begrundelse(entry.name, udfald, _sentence(self.outcome_sentence(ident, value)),
                           self._cite(entry.citation) or None, presentation(entry).decision, reasons,
                           tuple(self._rule_texts()), tuple(self._facts.values()), missing, silent, only_silence)

    def _missing(self, idents):
        for ident in idents:
            entry = self.checked.entries[ident]
            shown = presentation(entry)
            question = shown.question or f"»{entry.name}«" + (f" ({entry.description})" if entry.description else "")
            yield MissingFact(entry.name, question, shown.asked.value if shown.asked else None)

    def _note_rule(self, ident: str) -> None:
        if self.checked.entries[ident].citation:
            self._rules.setdefault(ident)

    def _rule_texts(self):
        """The provisions applied; provisions quoted by the same law text share one entry."""
        found: dict[str, str | None] = {}
        for ident in self._rules:
            entry = self.checked.entries[ident]
            cite = self._cite(entry.citation)
            if found.get(cite) is None:
                found[cite] = self.law_text(entry)
        return merge_rules(RuleText(cite, quote) for cite, quote in found.items())

    def rule_reasons(self, ident: str, value) -> list[Reason]:
        """Why the named rule (or skøn or table) has ``value``."""
        entry = self.checked.entries[ident]
        decl = entry.decl
        if entry.kind == "skøn":
            return self._discretion(decl, value)
        if entry.kind == "tabel":
            return self._table(entry, value)
        if entry.kind == "reguleret beløb":
            return self._regulated(entry, value)
        fired = None
        if entry.exceptions:
            for exc in entry.exceptions:
                when = self._exception_when(exc)
                if when is not None and self.value(when) is True:
                    fired = exc
                    break
        if fired is not None:
            return [self._exception_reason(fired, entry, True)]
        body = self._body(decl)
        if body is None:
            return [Reason(silence_text(s)) for s in getattr(value, "silent", ())]
        version = self._version_reason(decl)
        if type(value) is Ukendt and value.silent and not value.missing:
            reasons = [Reason(silence_text(s)) for s in value.silent]
        elif body.is_condition:
            reasons = self.condition(body.value, value)
        else:
            reasons = self.value_reasons(body.value, value, presentation(entry).unit)
        if value is not True:
            for exc in entry.exceptions:
                when = self._exception_when(exc)
                if when is None:
                    continue
                v = self.value(when)
                if v is False and value is False or type(v) is Ukendt and type(value) is Ukendt:
                    reasons.append(self._exception_reason(exc, entry, v))
        return ([version] if version else []) + reasons

    def _version_reason(self, decl) -> Reason | None:
        """Which version in time decided, when the rule has versions and the date is known."""
        date = self._in_force(decl) if getattr(decl, "versions", None) else None
        if date is None:
            return None
        for version in decl.versions:
            if version.validity.contains(date):
                law = f" ({version.law})" if version.law else ""
                return Reason(f"Efter reglerne {version.validity.describe()}{law}")
        return None

    def _body(self, decl) -> ast.Body | None:
        if not getattr(decl, "versions", None):
            return getattr(decl, "body", None)
        date = self._in_force(decl)
        bodies = [v for v in decl.versions if v.body is not None]
        if date is not None:
            for version in bodies:
                if version.validity.contains(date):
                    return version.body
            return None
        return bodies[-1].body if bodies else None

    def _in_force(self, decl):
        name = decl.in_force or self.checked.in_force
        if name is None:
            return None
        d = self.value_of(name.id)
        return None if type(d) is Ukendt else d

    def _exception_when(self, exc: ast.ExceptionDecl):
        body = exc.body or self._body(exc)
        return body.when if body is not None else None

    def _exception_reason(self, exc: ast.ExceptionDecl, entry, holds) -> Reason:
        label = f"»{exc.label.text}«" if exc.label else "undtagelsen"
        if not exc.label:
            name = "Undtagelsen"
        else:
            name = f"Undtagelsen {label}"
        cite = f" ({self._short(exc.citation)})" if exc.citation else ""
        when = self._exception_when(exc)
        if holds is True:
            children = list(self.condition(when, True))
            base = self._body(entry.decl)
            if base is not None and base.is_condition:
                children.append(Reason(f"Undtagelsen sætter kravet til side: {self.expression_text(base.value)}"))
            return Reason(f"{name}{cite} gælder", tuple(children))
        if holds is False:
            return Reason(f"{name}{cite} gælder ikke", tuple(self.condition(when, False)))
        return Reason(f"Det kan ikke afgøres, om {label}{cite} gælder", tuple(self.condition(when, holds)))

    def _discretion(self, decl: ast.DiscretionDecl, value) -> list[Reason]:
        reasons = []
        if decl.assessment is not None:
            v = self.value(decl.assessment)
            reasons.append(Reason("Kommunens vurdering:", tuple(self.condition(decl.assessment, v))))
        for requirement in decl.requirements:
            v = self.value(requirement)
            if value is True or v is not True:
                reasons.append(Reason("Krav til vurderingen:", tuple(self.condition(requirement, v))))
        present = [c for c in decl.considerations if self.value(c) is True]
        if present:
            reasons.append(Reason("Hensyn, der taler imod:", tuple(r for c in present for r in self.condition(c, True))))
            if decl.weighing is not None:
                weighed = self.value(decl.weighing)
                verdict = {True: "Hensynene er afvejet", False: "Hensynene er ikke afvejet"}.get(
                    weighed, "Det er ikke oplyst, om hensynene er afvejet")
                reasons.append(Reason(verdict, tuple(self.condition(decl.weighing, weighed))))
        elif decl.considerations:
            reasons.append(Reason("Ingen af de hensyn, der kunne tale imod, er til stede"))
        return reasons

    def _table(self, entry, value) -> list[Reason]:
        decl: ast.TableDecl = entry.decl
        key_value = self.value_of(decl.key.id)
        self._fact(decl.key.id, key_value)
        key_text = f"»{self.checked.entries[decl.key.id].name}« er {self.show_entry(decl.key.id, key_value)}"
        if type(value) is Ukendt:
            return [Reason(key_text)] + [Reason(silence_text(s)) for s in value.silent]
        rows = decl.rows
        if decl.versions:
            date = self._in_force(decl)
            for version in decl.versions:
                if date is not None and version.validity.contains(date):
                    rows = version.rows
        for row in rows:
            if type(key_value) is not Ukendt and row.key.contains(key_value):
                key_name = self.checked.entries[decl.key.id].name
                return [Reason(f"{key_text}; tabellen giver {self.show_entry(entry.id, value)} "
                               f"for »{key_name}« {row.key.describe()}")]
        return [Reason(key_text)]

    def _regulated(self, entry, value) -> list[Reason]:
        """A regulated amount: the year looked up, and the chain from the last level a source states."""
        decl = entry.decl
        key_value = self.value_of(decl.key.id)
        self._fact(decl.key.id, key_value)
        key_text = f"»{self.checked.entries[decl.key.id].name}« er {self.show_entry(decl.key.id, key_value)}"
        if type(value) is Ukendt:
            return ([Reason(key_text)] + [Reason(silence_text(s)) for s in value.silent]
                    + [Reason(undefined_text(u)) for u in value.undefined])
        steps = self.checked.chains[entry.id].steps_to(key_value.year)
        return [Reason(key_text)] + [Reason(regulation_step(a)) for a in steps]

    # conditions --------------------------------------------------------------------------------
    def condition(self, expr, value) -> list[Reason]:
        """The parts of a condition that decided ``value``, each as a reason."""
        if isinstance(expr, ast.Logic):
            parts = [(p, self.value(p)) for p in expr.parts]
            settle = {"og": False, "eller": True, "ingen": True}[expr.op]
            whole_settled = value is (settle if expr.op != "ingen" else False)
            if type(value) is Ukendt:
                picked = [(p, v) for p, v in parts if type(v) is Ukendt]
            elif whole_settled:
                picked = [(p, v) for p, v in parts if v is settle]
            else:
                picked = parts
            reasons = []
            for p, v in picked:
                if isinstance(p, ast.Logic) and p.op == expr.op and expr.op != "ingen":
                    reasons += self.condition(p, v)
                else:
                    reasons.append(self._part(p, v))
            return reasons
        return [self._part(expr, value)]

    def _part(self, expr, value) -> Reason:
        reason = self.item(expr, value)
        return attrs.evolve(reason, holds=value if isinstance(value, bool) else None,
                            subjects=tuple(self._refs(expr)))

    def item(self, expr, value) -> Reason:
        """One condition (or value) as a reason, with what decided it under it."""
        if isinstance(expr, ast.Ref):
            return self.ref_reason(expr.name.id, value)
        if isinstance(expr, ast.Not):
            return self.item(expr.operand, _negate(value))
        if isinstance(expr, ast.Logic):
            heading = {"og": "alle af følgende", "eller": "mindst én af følgende", "ingen": "ingen af følgende"}[expr.op]
            verdict = _verdict(value)
            return Reason(f"Kravet om, at {heading} er opfyldt, {verdict}", tuple(self.condition(expr, value)))
        if isinstance(expr, ast.Unless):
            exc = self.value(expr.exception)
            cite = f" ({self._short(expr.citation)})" if expr.citation else ""
            if value is True and exc is True:
                return Reason(f"Undtagelsen{cite} gælder", (self.item(expr.exception, True),))
            if value is True:
                return self.item(expr.requirement, True)
            req = self.value(expr.requirement)
            exception = "gælder ikke" if exc is False else "er uafklaret"
            return Reason(f"Betingelsen er {verdict_word(value)}: {self.expression_text(expr)}",
                          (self.item(expr.requirement, req),
                           Reason(f"Undtagelsen {self.expression_text(expr.exception)}{cite} {exception}",
                                  (self.item(expr.exception, exc),))))
        if isinstance(expr, ast.Compare):
            return self._compare(expr, value)
        if isinstance(expr, ast.Known):
            known = (value is True) != expr.negated
            if isinstance(expr.operand, ast.Ref) and not self.checked.entries[expr.operand.name.id].is_fact:
                ident = expr.operand.name.id
                name = f"»{self.checked.entries[ident].name}«"
                state = "kan afgøres ud fra sagens oplysninger" if known else "kan ikke afgøres ud fra sagens oplysninger"
                return Reason(f"{name} {state}", tuple(self._sub_rules(expr)) if not known else ())
            names = self._refs(expr.operand)
            subject = " og ".join(f"»{self.checked.entries[n].name}«" for n in names) or "værdien"
            return Reason(f"{subject} er {'oplyst' if known else 'ikke oplyst'}")
        if isinstance(expr, ast.WhyUnknown):
            subject = self.expression_text(expr.operand)
            operand = self.value(expr.operand)
            if type(operand) is not Ukendt:
                state = f"{subject} kan afgøres ud fra sagens oplysninger"
            elif operand.missing:
                state = f"der mangler oplysninger til at afgøre {subject}"
            else:
                state = f"kilderne er tavse om {subject}"
            return Reason(state, tuple(self._sub_rules(expr)))
        if isinstance(expr, ast.Lawful):
            subject = self.expression_text(expr.discretion)
            state = {True: "er lovligt udøvet", False: "er ikke lovligt udøvet og skal foretages igen"}.get(
                value, "kan ikke vurderes endnu")
            return Reason(f"Skønnet {subject} {state}", tuple(self._sub_rules(expr)))
        if isinstance(expr, ast.Literal) and isinstance(expr.value, bool):
            return Reason("betingelsen er altid opfyldt" if expr.value else "betingelsen er aldrig opfyldt")
        return Reason(f"{self.expression_text(expr)}: {self.show(value, *self._unit_kind(expr))}",
                      tuple(self._sub_rules(expr)))

    def ref_reason(self, ident: str, value) -> Reason:
        entry = self.checked.entries[ident]
        if entry.is_fact:
            shown = self._fact(ident, value)
            sentence = self._written_sentence(entry, value)
            return Reason(f"{_cap(sentence)} ({shown})" if sentence else shown)
        sentence = self.outcome_sentence(ident, value)
        # A provision is named where it starts to apply, not again on every line beneath it.
        same = entry.citation == self._within[-1]
        cite = f" ({self._short(entry.citation)})" if entry.citation and not same else ""
        self._note_rule(ident)
        if ident in self.explained:
            return Reason(f"{_cap(sentence)}{cite} (se ovenfor)")
        self.explained.add(ident)
        self._within.append(entry.citation)
        try:
            return Reason(f"{_cap(sentence)}{cite}", tuple(self.rule_reasons(ident, value)))
        finally:
            self._within.pop()

    def _short(self, text: str) -> str:
        """A citation inside the reasons: the law's name written out once, its abbreviation after that."""
        return citations.expand_once(text, self.checked.sources, self._abbreviated)

    def _fact(self, ident: str, value) -> str:
        entry = self.checked.entries[ident]
        if type(value) is Ukendt or value is None:
            return f"»{entry.name}« er ikke oplyst"
        shown = f"»{entry.name}«: {self.show_entry(ident, value)}"
        self._facts.setdefault(ident, shown)
        return shown

    def _compare(self, expr: ast.Compare, value) -> Reason:
        left, right = self.value(expr.left), self.value(expr.right)
        lk, lu = self._unit_kind(expr.left)
        rk, ru = self._unit_kind(expr.right)
        lu, ru = lu or ru, ru or lu  # a plain 40 beside an age in years is 40 years
        words = (_DATE_OP_WORDS if lk == "dato" else {}).get(expr.op) or _OP_WORDS[expr.op]
        sides = []
        for side, other, unit in ((expr.left, expr.right, lu), (expr.right, expr.left, ru)):
            if isinstance(side, ast.Literal) and not isinstance(side.value, bool):
                # a plain number in the other side's unit, a choice by its label
                sides.append(self.show(side.value, side.type.kind, unit, self._labels(other)))
            else:
                sides.append(self.expression_text(side))
        text = f"{sides[0]} {words} {sides[1]}"
        for side in (expr.left, expr.right):
            for ident in self._refs(side):
                if self.checked.entries[ident].is_fact:
                    self._fact(ident, self.value_of(ident))
        if lk == BOOL:
            parts = [f"{self.expression_text(side)}: {self.show(v)}" for side, v in ((expr.left, left), (expr.right, right))]
            same = "ens" if expr.op == "=" else "forskellige"
            return Reason(f"{_cap('; '.join(parts))}; kravet om, at de er {same}, er {verdict_word(value)}",
                          tuple(self._sub_rules(expr)))
        if type(left) is not Ukendt and type(right) is not Ukendt:
            shown = f"{self.show(left, lk, lu)} {expr.op} {self.show(right, rk, ru)}"
            if lk in (CHOICE, "tekst") and expr.op in ("=", "≠"):
                literal = isinstance(expr.left, ast.Literal) or isinstance(expr.right, ast.Literal)
                if value is False and literal:
                    side = expr.right if isinstance(expr.left, ast.Literal) else expr.left
                    text += f" (oplyst: {self.show(self.value(side), lk, None, self._labels(side))})"
                elif not literal:
                    text += f" ({shown})"
            elif not (isinstance(expr.left, ast.Literal) and isinstance(expr.right, ast.Literal)):
                text += f" ({shown})"
        return Reason(f"{_cap(text)}: {verdict_word(value)}", tuple(self._sub_rules(expr)))

    def _sub_rules(self, expr) -> list[Reason]:
        """The named rules a comparison or calculation uses, each explained once."""
        reasons = []
        for ident in self._refs(expr):
            entry = self.checked.entries[ident]
            if entry.is_fact:
                self._fact(ident, self.value_of(ident))
                continue
            reasons.append(self.ref_reason(ident, self.value_of(ident)))
        return reasons

    def _refs(self, expr) -> list[str]:
        """The names an expression uses, in the order written (iterative: a recursive closure would be
        a reference cycle left to the garbage collector on every case)."""
        found: dict[str, None] = {}
        stack = [expr]
        while stack:
            e = stack.pop()
            if isinstance(e, ast.Ref):
                found.setdefault(e.name.id)
                continue
            children = []
            for field in attrs.fields(type(e)):
                if field.name == "span":
                    continue
                child = getattr(e, field.name)
                for c in (child if isinstance(child, tuple) else (child,)):
                    if attrs.has(type(c)) and not isinstance(c, (ast.Name, ast.Literal)):
                        children.append(c)
            stack.extend(reversed(children))
        return list(found)

    # values ------------------------------------------------------------------------------------
    def value_reasons(self, expr, value, unit: str | None = None) -> list[Reason]:
        """Why a rule that gives a value (an amount, a date, a choice) gives this one."""
        if isinstance(expr, ast.If):
            cond = self.value(expr.condition)
            if cond is True:
                return self.condition(expr.condition, True) + self.value_reasons(expr.then, value, unit)
            if cond is False:
                return self.condition(expr.condition, False) + self.value_reasons(expr.otherwise, value, unit)
            return self.condition(expr.condition, cond)
        if isinstance(expr, ast.Ref):
            ident = expr.name.id
            if self.checked.entries[ident].is_fact:
                return [Reason(self._fact(ident, value))]
            return [self.ref_reason(ident, value)]
        if isinstance(expr, ast.Literal):
            if expr.value is True:
                return [Reason("Der stilles ingen betingelse")]
            if expr.value is False:
                return [Reason("Betingelsen kan ikke opfyldes")]
            return []
        if type(value) is Ukendt:
            return [self.item(p, self.value(p)) for p in _unknown_parts(self, expr)] or \
                [Reason(silence_text(s)) for s in value.silent]
        kind, own_unit = self._unit_kind(expr)
        if isinstance(expr, ast.InYears):  # a conversion, not a calculation worth showing
            return self._sub_rules(expr)
        calculation = f"{self.calculation(expr)} = {self.show(value, kind, unit or own_unit)}"
        return [Reason(f"Beregning: {calculation}", tuple(self._sub_rules(expr)))]

    def calculation(self, expr, parent: str | None = None) -> str:
        """The calculation with the case's numbers: ``30 % af 16.323 kr. + 55 % af 3.677 kr.``."""
        if isinstance(expr, ast.Literal):
            return self.show(expr.value, expr.type.kind)
        if isinstance(expr, ast.Ref):
            v = self.value(expr)
            return f"»{self.checked.entries[expr.name.id].name}«" if type(v) is Ukendt else \
                self.show(v, *self._unit_kind(expr))
        if isinstance(expr, ast.Arith):
            text = f"{self.calculation(expr.left, expr.op)} {_ARITH[expr.op]} {self.calculation(expr.right, expr.op)}"
            if expr.op in _LOOSE and parent is not None and parent not in _LOOSE:
                return f"({text})"
            return text
        if isinstance(expr, ast.Extreme):
            return f"{expr.op} af ({', '.join(self.calculation(p) for p in expr.parts)})"
        if isinstance(expr, ast.RoundKroner):
            return f"{self.calculation(expr.operand)} afrundet til hele kroner"
        if isinstance(expr, ast.InYears):
            return f"{self.calculation(expr.operand)} i år"
        if isinstance(expr, ast.Negate):
            return f"−{self.calculation(expr.operand, '×')}"
        if isinstance(expr, ast.WholeYears):
            return f"hele år fra {self.calculation(expr.start)} til {self.calculation(expr.end)}"
        return self.show(self.value(expr), *self._unit_kind(expr))

    def expression_text(self, expr) -> str:
        """An expression in the spec's own words, names in »…«."""
        if isinstance(expr, ast.Ref):
            return f"»{self.checked.entries[expr.name.id].name}«"
        if isinstance(expr, ast.Literal):
            return self.show(expr.value, expr.type.kind)
        if isinstance(expr, ast.Not):
            return f"ikke {self.expression_text(expr.operand)}"
        if isinstance(expr, ast.Logic):
            joiner = {"og": " og ", "eller": " eller ", "ingen": " eller "}[expr.op]
            text = joiner.join(self.expression_text(p) for p in expr.parts)
            return f"ingen af {text}" if expr.op == "ingen" else text
        if isinstance(expr, ast.Compare):
            return f"{self.expression_text(expr.left)} {expr.op} {self.expression_text(expr.right)}"
        if isinstance(expr, ast.Arith):
            return f"{self.expression_text(expr.left)} {_ARITH[expr.op]} {self.expression_text(expr.right)}"
        if isinstance(expr, ast.Unless):
            return f"{self.expression_text(expr.requirement)}, medmindre {self.expression_text(expr.exception)}"
        if isinstance(expr, ast.Known):
            return f"{self.expression_text(expr.operand)} er {'ukendt' if expr.negated else 'oplyst'}"
        if isinstance(expr, ast.WhyUnknown):
            return f"{expr.test.value} {self.expression_text(expr.operand)}"
        if isinstance(expr, ast.Lawful):
            return f"{self.expression_text(expr.discretion)} er lovligt udøvet"
        if isinstance(expr, ast.Extreme):
            return f"{expr.op} af ({', '.join(self.expression_text(p) for p in expr.parts)})"
        if isinstance(expr, ast.RoundKroner):
            return f"{self.expression_text(expr.operand)} afrundet til hele kroner"
        if isinstance(expr, ast.InYears):
            return f"{self.expression_text(expr.operand)} i år"
        if isinstance(expr, ast.WholeYears):
            return f"hele år fra {self.expression_text(expr.start)} til {self.expression_text(expr.end)}"
        if isinstance(expr, ast.Negate):
            return f"−{self.expression_text(expr.operand)}"
        if isinstance(expr, ast.If):
            return (f"hvis {self.expression_text(expr.condition)} så {self.expression_text(expr.then)} "
                    f"ellers {self.expression_text(expr.otherwise)}")
        return "udtrykket"

    # the law's words ---------------------------------------------------------------------------
    def law_text(self, entry) -> str | None:
        """The law quoted on the rule's page (see :func:`lovkode.presentation.law_text`)."""
        file = entry.span.file
        quotes = self._quotes.get(file)
        if quotes is None:
            quotes = self._quotes[file] = block_quotes(self.spec.sources.get(file, ""))
        return law_text(entry, quotes)


def _negate(value):
    if value is True:
        return False
    if value is False:
        return True
    return value


def verdict_word(value) -> str:
    return "opfyldt" if value is True else "ikke opfyldt" if value is False else "uafklaret"


def _verdict(value) -> str:
    return "er opfyldt" if value is True else "er ikke opfyldt" if value is False else "er uafklaret"


def _unknown_parts(writer: Writer, expr) -> list:
    parts = []
    for field in ("left", "right", "operand", "start", "end"):
        child = getattr(expr, field, None)
        if child is not None and type(writer.value(child)) is Ukendt:
            parts.append(child)
    for child in getattr(expr, "parts", ()) or ():
        if type(writer.value(child)) is Ukendt:
            parts.append(child)
    return parts


def _outcome_of(entry, value) -> tuple[ast.Outcome, str | None]:
    if type(value) is Ukendt:
        return ast.Outcome.UKENDT, None
    kind = entry.type.kind if entry.type else None
    if kind == BOOL:
        return (ast.Outcome.JA if value is True else ast.Outcome.NEJ), None
    if kind == CHOICE:
        return ast.Outcome.VALG, value
    return ast.Outcome.FASTSAT, None


def begrundelser(answers) -> list[Begrundelse]:
    """The begrundelse of every answer of one evaluation, a rule explained once across them all."""
    writer = Writer(answers.spec, answers._run.facts)
    return [writer.begrundelse(name) for name in answers]


def text(answers) -> list[str]:
    """Each answer's begrundelse as plain text."""
    return [b.text() for b in begrundelser(answers)]
