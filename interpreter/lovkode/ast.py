"""Stage 3's output: the typed syntax tree of lovkode.

Frozen attrs classes, one per construct, each with the :class:`~lovkode.source.Span` it came from. The
checker and the compiler work only on these nodes, never on Lark's trees, so a change of grammar stays
inside :mod:`lovkode.build`.
"""
from __future__ import annotations

import datetime as _dt
import enum
from decimal import Decimal
from typing import Union

import attrs

from .source import Span
from .types import Type
from .values import Duration


@attrs.frozen
class Name:
    """A name as written (``»varig og væsentlig nedsættelse«``) and its machine identifier."""

    text: str
    id: str
    span: Span


# Expressions -------------------------------------------------------------------------------------

@attrs.frozen
class Literal:
    value: Union[bool, Decimal, _dt.date, Duration, str]
    type: Type
    span: Span


@attrs.frozen
class Ref:
    name: Name
    span: Span


@attrs.frozen
class Not:
    operand: "Expr"
    span: Span


@attrs.frozen
class Logic:
    """``og``/``eller`` over two or more parts, and the lawyers' lists (alle/mindst én/ingen af følgende)."""

    op: str  # "og", "eller", "ingen"
    parts: tuple["Expr", ...]
    span: Span
    listed: bool = False


@attrs.frozen
class Unless:
    """``KRAV, medmindre UNDTAGELSE``: the requirement holds when the exception does (the requirement is
    waived). ``explicit``: written where that reading is unmistakable — in a list of requirements, or as
    ``KRAV, men kravet bortfalder, når UNDTAGELSE``; elsewhere `medmindre` is ambiguous (LK311)."""

    requirement: "Expr"
    exception: "Expr"
    span: Span
    explicit: bool = False
    citation: str | None = None
    """The exception's own hjemmel (``hjemmel:`` indented under the bullet): § 116, stk. 3, 2. pkt."""


@attrs.frozen
class If:
    condition: "Expr"
    then: "Expr"
    otherwise: "Expr"
    span: Span


@attrs.frozen
class Compare:
    op: str  # "=", "≠", "<", "≤", ">", "≥"
    left: "Expr"
    right: "Expr"
    span: Span


@attrs.frozen
class Known:
    """``er oplyst`` (negated=False) / ``er ukendt`` (negated=True): deliberately not monotone."""

    operand: "Expr"
    negated: bool
    span: Span


class UnknownTest(enum.Enum):
    """Why an unknown value is unknown — the two tests a rule can make of it."""

    SILENT = "kilderne er tavse om"
    """Unknown with nothing missing because the sources are silent: no fact can decide it."""
    MISSING_FACTS = "der mangler oplysninger til"
    """Unknown with facts missing: filling them in could decide it."""


@attrs.frozen
class WhyUnknown:
    """``kilderne er tavse om X`` / ``der mangler oplysninger til X``: always known, like ``er ukendt``,
    and likewise deliberately not monotone."""

    operand: "Expr"
    test: UnknownTest
    span: Span


@attrs.frozen
class Lawful:
    """``»skøn« er lovligt udøvet``: whether the skøn's requirements are met and contrary considerations
    weighed — its lawfulness, apart from the assessment's outcome (three-valued)."""

    discretion: "Expr"
    span: Span


@attrs.frozen
class Silent:
    """``kilderne er tavse: "…"`` — the body of a version for a period the sources say nothing about."""

    reason: str | None
    span: Span


@attrs.frozen
class Arith:
    op: str  # "+", "-", "×", "/", "af"
    left: "Expr"
    right: "Expr"
    span: Span


@attrs.frozen
class Negate:
    operand: "Expr"
    span: Span


@attrs.frozen
class InYears:
    operand: "Expr"
    span: Span


@attrs.frozen
class RoundKroner:
    operand: "Expr"
    span: Span


@attrs.frozen
class Extreme:
    op: str  # "mindste" / "største"
    parts: tuple["Expr", ...]
    span: Span


@attrs.frozen
class WholeYears:
    start: "Expr"
    end: "Expr"
    span: Span


Expr = Union[Literal, Ref, Not, Logic, Unless, If, Compare, Known, WhyUnknown, Lawful, Silent, Arith, Negate, InYears,
             RoundKroner, Extreme, WholeYears]


# Declarations -------------------------------------------------------------------------------------

@attrs.frozen
class Range:
    """A validity period or a row's key range; bounds are literals, ``None`` is open."""

    low: object | None
    low_inclusive: bool
    high: object | None
    high_inclusive: bool
    span: Span

    def contains(self, key) -> bool:
        if self.low is not None and (key < self.low or (key == self.low and not self.low_inclusive)):
            return False
        if self.high is not None and (key > self.high or (key == self.high and not self.high_inclusive)):
            return False
        return True

    def describe(self, years: bool = False) -> str:
        """In Danish: »fra 1. januar 2013 før 1. juli 2026«; ``years`` for finansår (»fra 2020«, »2025«)."""
        from .render.text import format_value as _format  # local: rendering is a later stage

        def format_value(bound):
            return str(int(bound)) if years and bound == int(bound) else _format(bound)

        if years and self.low is not None and self.low == self.high:
            return format_value(self.low)
        if self.low is not None and self.high is not None:
            tail = "til og med" if self.high_inclusive else "før"
            return f"fra {format_value(self.low)} {tail} {format_value(self.high)}"
        if self.low is not None:
            return f"{'fra' if self.low_inclusive else 'efter'} {format_value(self.low)}"
        if self.high is not None:
            return f"{'til og med' if self.high_inclusive else 'før'} {format_value(self.high)}"
        return "altid"


@attrs.frozen
class Body:
    """What a rule, version or exception gives: ``value`` when ``when`` holds (``when`` None: always)."""

    value: Expr
    when: Expr | None
    span: Span
    is_condition: bool = False


@attrs.frozen
class Version:
    validity: Range
    law: str | None
    body: Body | None
    span: Span
    citation: str | None = None


class Outcome(enum.Enum):
    """Which answer an outcome sentence (`når ja: "…"`) is written for."""

    JA = "ja"
    NEJ = "nej"
    UKENDT = "ukendt"
    FASTSAT = "fastsat"  # any known value of a rule that is not a yes/no; the sentence holds {værdi}
    VALG = "valg"  # one choice of a `valg mellem` rule, named in ``OutcomeSentence.choice``


class Asked(enum.Enum):
    """Whom to ask for a missing fact (`spørg borgeren: "…"`)."""

    BORGEREN = "borgeren"
    ARBEJDSGIVEREN = "arbejdsgiveren"
    KOMMUNEN = "kommunen"


@attrs.frozen
class OutcomeSentence:
    outcome: Outcome
    text: str
    span: Span
    choice: str | None = None


@attrs.frozen
class Label:
    """`"i_overensstemmelse" vises som "i overensstemmelse med reglerne"`: a choice as a reader sees it."""

    value: str
    text: str
    span: Span


@attrs.frozen
class Presentation:
    """How a rule or fact is put to a citizen: all optional, the begrundelse and the letter use them."""

    decision: bool = False
    outcomes: tuple[OutcomeSentence, ...] = ()
    labels: tuple[Label, ...] = ()
    question: str | None = None
    asked: Asked | None = None
    unit: str | None = None
    law_text: str | None = None
    span: Span | None = None


@attrs.frozen
class SourceDecl:
    abbreviation: str
    title: str
    span: Span


@attrs.frozen
class InForceDecl:
    name: Name
    span: Span


@attrs.frozen
class FactDecl:
    name: Name
    type: Type
    description: str | None
    citation: str | None
    span: Span
    presentation: Presentation = Presentation()


@attrs.frozen
class RuleDecl:
    kind: str  # "regel" / "spørgsmål"
    name: Name
    declared_type: Type | None
    description: str | None
    citation: str | None
    in_force: Name | None
    body: Body | None
    versions: tuple[Version, ...]
    span: Span
    presentation: Presentation = Presentation()


@attrs.frozen
class ExceptionDecl:
    label: Name | None
    target: Name
    description: str | None
    citation: str | None
    body: Body | None
    versions: tuple[Version, ...]
    in_force: Name | None
    span: Span


@attrs.frozen
class DiscretionDecl:
    name: Name
    description: str | None
    citation: str | None
    assessment: Expr | None
    requirements: tuple[Expr, ...]
    considerations: tuple[Expr, ...]
    weighing: Expr | None
    span: Span
    presentation: Presentation = Presentation()


@attrs.frozen
class Row:
    key: Range
    value: Expr
    citation: str | None
    span: Span


@attrs.frozen
class TableVersion:
    validity: Range
    law: str | None
    rows: tuple[Row, ...]
    span: Span


@attrs.frozen
class TableDecl:
    """A table by ranges of a fact or rule (``key``), or by finansår (``key`` None): the percentages
    that a regulated amount is regulated with, looked up by the year being regulated."""

    name: Name
    key: Name | None
    type: Type
    description: str | None
    citation: str | None
    in_force: Name | None
    rows: tuple[Row, ...]
    versions: tuple[TableVersion, ...]
    span: Span

    @property
    def by_fiscal_year(self) -> bool:
        return self.key is None


@attrs.frozen
class Level:
    """``niveau 2024: 16.323 kr.`` — the amount a source states at one year's level."""

    year: int
    value: Expr
    citation: str | None
    span: Span


@attrs.frozen
class RegulationStep:
    """``reguleres fra 2020 med 1,7 % + »tilpasningsprocent«`` — the percentage for each year in ``years``."""

    years: Range
    percent: Expr
    citation: str | None
    span: Span


@attrs.frozen
class RegulationDecl:
    """An amount regulated every 1 January by the law's own rule (LAB § 189 a): from the latest stated
    level, each year's amount is the previous year's (as rounded) times 1 + that year's percentage."""

    name: Name
    key: Name
    description: str | None
    citation: str | None
    levels: tuple[Level, ...]
    steps: tuple[RegulationStep, ...]
    rounded: bool
    span: Span


@attrs.frozen
class RecommendationDecl:
    name: Name
    description: str | None
    citation: str | None
    when: Expr | None
    text: str | None
    span: Span
    validity: Range | None = None
    """``gælder før 2026-02-01``: the period of decisions (by the spec's in-force date) the advice fits."""


@attrs.frozen
class ExpectedUnknown:
    """``ukendt[, mangler »a«, »b«]`` in an example."""

    missing: tuple[Name, ...]
    span: Span


@attrs.frozen
class Assignment:
    name: Name
    value: Literal | ExpectedUnknown
    span: Span


@attrs.frozen
class ExampleDecl:
    title: str
    description: str | None
    citation: str | None
    given: tuple[Assignment, ...]
    expected: tuple[Assignment, ...]
    span: Span


Decl = Union[SourceDecl, InForceDecl, FactDecl, RuleDecl, ExceptionDecl, DiscretionDecl, TableDecl, RegulationDecl,
             RecommendationDecl, ExampleDecl]
