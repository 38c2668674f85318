"""Case facts in: JSON-like values → typed values, or every problem listed.

A case is rejected as a whole when any key is unknown (with "mente du …?"), a value has the wrong
type, a date does not exist, a percentage is outside 0–100, a number of hours is negative, a number
is too large or too fine for exact arithmetic, or the fødselsdato lies after the afgørelsesdato.
``null`` and absent keys are *ukendt*.

The work per case is bounded whatever its size: the first :data:`MAX_PROBLEMS` problems are kept
and the rest counted, "mente du" is looked up for the first :data:`MAX_SUGGESTIONS` unknown keys,
and keys and values are echoed cut to a few dozen characters.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

import attrs

from .caseinput import shown
from .diagnostics import suggest
from .messages import did_you_mean
from .types import AMOUNT, BOOL, CHOICE, DATE, DURATION, HOURS, NUMBER, PERCENT, TEXT, Type
from .values import MAX_DECIMALS, Duration, within_limits
from .values import NUMBER_LIMIT as _NUMBER_LIMIT


# A number in a case lies strictly between ±10¹² with at most 6 decimals, like a number in a spec, so
# every sum, product and percentage stays exact within Python's 28 significant digits.
NUMBER_LIMIT = _NUMBER_LIMIT
NUMBER_DECIMALS = MAX_DECIMALS

MAX_PROBLEMS = 50
"""Problems listed in full; past these, the rest of a case's problems are counted (the contract)."""
MAX_SUGGESTIONS = 20
"""Unknown keys that get a "mente du …?"; each lookup compares the key with every fact name."""
_SUGGEST_CHARS = 100  # a key this long is no near miss of a fact name; comparing it would only cost
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DATE_ORDER = (("fødselsdato", "afgørelsesdato"),)
"""Pairs of date facts where the first cannot lie after the second (the contract); checked when the
spec declares both as dates."""


@attrs.frozen
class FactProblem:
    """One problem with one key of a case file."""

    key: str
    message: str
    suggestion: str | None = None
    code: str = "LK701"
    related: tuple[str, ...] = ()
    """Other keys the problem concerns (a cross-field problem names both)."""

    def __str__(self) -> str:
        text = f"`{self.key}`: {self.message}"
        if self.suggestion:
            text += f" {did_you_mean([self.suggestion])}"
        return text


class FactsError(ValueError):
    """Bad facts: ``problems`` lists every one, in Danish."""

    def __init__(self, problems: list[FactProblem], omitted: int = 0):
        self.problems = list(problems)
        self.omitted = omitted
        """How many further problems were counted but not listed (past :data:`MAX_PROBLEMS`)."""
        super().__init__(f"Sagen har {self.total} fejl:\n" + "\n".join(self.lines()))

    @property
    def total(self) -> int:
        return len(self.problems) + self.omitted

    def report(self, origin: str) -> str:
        """The rejection as ``lovkode eval`` and ``lovkode batch`` print it."""
        return "\n".join([f"{origin}: sagen afvises ({self.total} fejl):", *self.lines()])

    def lines(self, indent: str = "  - ") -> list[str]:
        """One line per listed problem, and a last line counting the rest, if any."""
        out = [f"{indent}{p}" for p in self.problems]
        if self.omitted:
            out.append(f"{indent}… og {self.omitted} fejl mere, som ikke er vist (de første {len(self.problems)} "
                       f"er vist ovenfor).")
        return out


def _number(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(float(value))) if math.isfinite(value) else None
    return None


def convert(key: str, value, type_: Type):
    """Convert one JSON value to the fact's type; returns (value, problem-or-None)."""
    kind = type_.kind
    if kind == BOOL:
        if isinstance(value, bool):
            return value, None
        return None, FactProblem(key, f"skal være `true` eller `false`, men er {_shown(value)}.", code="LK702")
    if kind in (NUMBER, HOURS, PERCENT, AMOUNT):
        number = _number(value)
        if number is None:
            return None, FactProblem(key, f"skal være et tal, men er {_shown(value)}.", code="LK702")
        if kind == PERCENT and not (0 <= number <= 100):
            return None, FactProblem(key, f"er en procent og skal ligge mellem 0 og 100, men er {number}.", code="LK704")
        if kind == HOURS and number < 0:
            return None, FactProblem(key, f"er et timetal og kan ikke være negativt ({number}).", code="LK705")
        if not within_limits(number):
            return None, FactProblem(key, f"er tallet {_shown_number(number)}, men et tal i en sag skal ligge mellem "
                                          f"−1.000.000.000.000 og 1.000.000.000.000 og have højst "
                                          f"{NUMBER_DECIMALS} decimaler.", code="LK707")
        return number, None
    if kind == DATE:
        if isinstance(value, dt.datetime):
            return None, FactProblem(key, "skal være en dato uden klokkeslæt (ÅÅÅÅ-MM-DD).", code="LK702")
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str):
            try:
                if not _DATE.fullmatch(value):  # only ÅÅÅÅ-MM-DD: fromisoformat also takes week dates (2024-W23-6)
                    raise ValueError
                return dt.date.fromisoformat(value), None
            except ValueError:
                return None, FactProblem(key, f"`{shown(value)}` er ikke en gyldig dato (skriv ÅÅÅÅ-MM-DD, f.eks. 2024-06-01).",
                                         code="LK703")
        return None, FactProblem(key, f"skal være en dato som tekst (ÅÅÅÅ-MM-DD), men er {_shown(value)}.", code="LK702")
    if kind == CHOICE:
        if isinstance(value, str) and value in type_.choices:
            return value, None
        if isinstance(value, str):
            near = suggest(value, type_.choices, limit=1) if len(value) <= _SUGGEST_CHARS else ()
            return None, FactProblem(key, f"`{shown(value)}` er ikke et af valgene ({', '.join(type_.choices)}).",
                                     near[0] if near else None, code="LK706")
        return None, FactProblem(key, f"skal være et af valgene ({', '.join(type_.choices)}), men er {_shown(value)}.",
                                 code="LK702")
    if kind == TEXT:
        if isinstance(value, str):
            return value, None
        return None, FactProblem(key, f"skal være en tekst, men er {_shown(value)}.", code="LK702")
    if kind == DURATION:
        return _duration(key, value)
    return None, FactProblem(key, "har en type, lovkode ikke kender.", code="LK702")


ISO_DURATION = re.compile(r"P(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,5})D)?")
"""A duration in a case: ISO 8601 with years, months, weeks and days (`P6M`, `P1Y6M`, `P14D`, `P2W`)."""


def _duration(key: str, value):
    match = ISO_DURATION.fullmatch(value) if isinstance(value, str) else None
    if match is None or value == "P":
        return None, FactProblem(key, "skal være en varighed som tekst efter ISO 8601, f.eks. \"P6M\" (6 måneder), "
                                      f"\"P1Y6M\" eller \"P14D\", men er {_shown(value)}.", code="LK702")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    if (years or months) and (weeks or days):
        return None, FactProblem(key, f"`{value}` blander måneder og dage; den slags regning er tvetydig (brug enten "
                                      "år og måneder eller uger og dage).", code="LK703")
    return Duration(years * 12 + months, weeks * 7 + days), None


def _shown(value) -> str:
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, str):
        return f"teksten \"{shown(value)}\""
    if isinstance(value, (int, float, Decimal)):
        number = _number(value)
        return f"tallet {_shown_number(number) if number is not None else value}"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "et objekt"
    return f"`{shown(repr(value))}`"


def _shown_number(number: Decimal) -> str:
    """A number as echoed in a message: in full when short, else its first digits and its size."""
    text = str(number)
    if len(text) <= 30:
        return text
    return f"{text[:12]}… (et tal med {number.adjusted() + 1} cifre før kommaet)" if number.adjusted() >= 0 \
        else f"{text[:30]}…"


class FactTypes(dict):
    """Fact name → type, knowing which facts are sandhedsværdier (most of a case) and how to take the
    common values of the others at once, so :func:`prepare` can take a well-formed case in one sweep."""

    def __init__(self, types):
        super().__init__(types)
        self.booleans = frozenset(name for name, type_ in self.items() if type_ is not None and type_.kind == BOOL)
        self.ordered = _ordered_dates(self)
        self.quick = {name: _quick(type_) for name, type_ in self.items()
                      if type_ is not None and type_.kind != BOOL}
        """Fact name → a function giving a value's converted form, or :data:`_SLOW` where only
        :func:`convert` can tell (a problem, or a rarer form); none for sandhedsværdier."""
        self.others = frozenset(self.quick)
        self.names = self.booleans | self.others


_SLOW = object()
_WHOLE_LIMIT = int(NUMBER_LIMIT)


def _quick(type_: Type):
    """A value of a fact type converted exactly as :func:`convert` converts it, or :data:`_SLOW`: whole
    numbers within the limits, floats with few decimals, dates as ÅÅÅÅ-MM-DD, valid choices and texts
    without the steps of :func:`convert`; any other type by :func:`convert` itself."""
    kind = type_.kind
    if kind in (NUMBER, HOURS, PERCENT, AMOUNT):
        low = 0 if kind in (PERCENT, HOURS) else -_WHOLE_LIMIT + 1
        high = 100 if kind == PERCENT else _WHOLE_LIMIT - 1

        def number(value, low=low, high=high):
            kind = value.__class__
            if kind is int:
                return Decimal(value) if low <= value <= high else _SLOW
            if kind is float and low <= value <= high:
                text = repr(value)  # in range, its decimals after the point, or an exponent (then convert)
                if "e" not in text and len(text) - text.index(".") <= NUMBER_DECIMALS + 1:
                    return Decimal(text)
            return _SLOW

        return number
    if kind == DATE:
        def date(value):
            if value.__class__ is str and _DATE.fullmatch(value):
                try:
                    return dt.date.fromisoformat(value)
                except ValueError:
                    pass
            return _SLOW

        return date
    if kind == CHOICE:
        choices = frozenset(type_.choices)
        return lambda value: value if value.__class__ is str and value in choices else _SLOW
    if kind == TEXT:
        return lambda value: value if value.__class__ is str else _SLOW

    def other(value):
        converted, problem = convert("", value, type_)
        return _SLOW if problem is not None else converted

    return other


def _ordered_dates(fact_types) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in DATE_ORDER
                 if getattr(fact_types.get(a), "kind", None) == DATE and getattr(fact_types.get(b), "kind", None) == DATE)


def _misordered(facts: dict, ordered) -> list[FactProblem]:
    problems = []
    for first, second in ordered:
        a, b = facts.get(first), facts.get(second)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and a > b:
            problems.append(FactProblem(first, f"er {a.isoformat()}, som ligger efter `{second}` ({b.isoformat()}); "
                                               f"man kan ikke være født efter afgørelsen. Ret den af de to datoer, der er forkert.",
                                        code="LK710", related=(second,)))
    return problems


def prepare(case, fact_types: dict[str, Type]) -> dict:
    """Check and convert a whole case; raises :class:`FactsError` listing every problem."""
    if not isinstance(case, dict):
        raise FactsError([FactProblem("(sagen)", "en sag skal være et JSON-objekt med faktanavne som nøgler.",
                                      code="LK708")])
    booleans = getattr(fact_types, "booleans", None)
    if booleans is not None and case.keys() <= fact_types.names:
        # Every key a fact: as many values sandhedsværdier as there are such facts, and the other
        # facts' values converted quickly (none of which takes a sandhedsværdi or null), means the
        # case is well-formed; then it is taken as it is, in C but for the few other facts.
        others = fact_types.others.intersection(case)
        if list(map(type, case.values())).count(bool) == len(case) - len(others):
            facts = dict(case)
            quick = fact_types.quick
            for key in others:
                value = quick[key](facts[key])
                if value is _SLOW:
                    break
                facts[key] = value
            else:
                if not _misordered(facts, fact_types.ordered):
                    return facts
    if booleans is not None:
        # A well-formed case in one sweep: sandhedsværdier as they are, the rest by the type's quick
        # conversion; any problem at all and the loop below lists every one, in the case's order.
        quick = fact_types.quick
        facts = {}
        for key, value in case.items():
            if value is None:  # ukendt, but only under a fact's name: the contract refuses any other key
                if key not in fact_types:
                    break
                continue
            if value.__class__ is bool:
                if key not in booleans:
                    break
                facts[key] = value
                continue
            convert_quickly = quick.get(key)
            if convert_quickly is None:
                break
            value = convert_quickly(value)
            if value is _SLOW:
                break
            facts[key] = value
        else:
            if not _misordered(facts, fact_types.ordered):
                return facts
    problems: list[FactProblem] = []
    omitted = 0
    unknown = 0
    facts = {}

    def add(problem: FactProblem) -> None:
        nonlocal omitted
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
        else:
            omitted += 1

    for key, value in case.items():
        type_ = fact_types.get(key) if isinstance(key, str) else None
        if type_ is None:
            name = key if isinstance(key, str) else repr(key)
            unknown += 1
            near = suggest(name, fact_types, limit=1) \
                if unknown <= MAX_SUGGESTIONS and len(name) <= _SUGGEST_CHARS and len(problems) < MAX_PROBLEMS else ()
            add(FactProblem(shown(name), "er ikke et faktum i specifikationen.", near[0] if near else None))
            continue
        if value is None:
            continue
        converted, problem = convert(key, value, type_)
        if problem is not None:
            add(problem)
        else:
            facts[key] = converted
    ordered = getattr(fact_types, "ordered", None)
    for problem in _misordered(facts, _ordered_dates(fact_types) if ordered is None else ordered):
        add(problem)
    if problems or omitted:
        raise FactsError(problems, omitted)
    return facts
