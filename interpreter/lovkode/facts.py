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
from itertools import compress, repeat
from operator import countOf, is_

import attrs

from .caseinput import shown
from .diagnostics import suggest
from .messages import did_you_mean
from .types import AMOUNT, BOOL, CHOICE, DATE, DURATION, HOURS, NUMBER, PERCENT, TEXT, Type
from .values import EXACT, MAX_DECIMALS, Duration, within_limits
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
    """Fact name → type, with the facts grouped by kind, so :func:`prepare` can take a well-formed case
    in one sweep: the keys and the sandhedsværdier (most of a case) checked in C, the few other facts
    converted inline, kind by kind."""

    def __init__(self, types):
        super().__init__(types)
        kinds = {name: type_.kind for name, type_ in self.items() if type_ is not None}
        self.names = frozenset(kinds)
        self.booleans = frozenset(name for name, kind in kinds.items() if kind == BOOL)
        self.numbers = tuple((name, *_BOUNDS[kind]) for name, kind in kinds.items() if kind in _BOUNDS)
        """(name, lowest, highest whole number) of each number fact: the contract's limits, and a
        percentage's 0–100 and an hour count's 0 on top."""
        self.dates = tuple(name for name, kind in kinds.items() if kind == DATE)
        self.texts = tuple((name, frozenset(self[name].choices) if kind == CHOICE else None,
                            None if kind in (CHOICE, TEXT) else self[name])
                           for name, kind in kinds.items() if kind not in _BOUNDS and kind not in (BOOL, DATE))
        """(name, its choices or None, its type or None) of each fact given as a text: a choice among
        its choices, a free text, and the rarer kinds (varigheder), which :func:`convert` parses."""
        self.ordered = _ordered_dates(self)


_WHOLE_LIMIT = int(NUMBER_LIMIT)
_BOUNDS = {NUMBER: (1 - _WHOLE_LIMIT, _WHOLE_LIMIT - 1), AMOUNT: (1 - _WHOLE_LIMIT, _WHOLE_LIMIT - 1),
           HOURS: (0, _WHOLE_LIMIT - 1), PERCENT: (0, 100)}
_SMALL = tuple(Decimal(n) for n in range(101))
"""The whole numbers 0–100 (every whole percentage) as Decimals, made once: Decimals are immutable."""
_QUARTERS = {n / 4: Decimal(repr(n / 4)) for n in range(1, 401)}
"""The quarter hours 0,25–100 (a timetal) as :func:`convert` takes them, made once: Decimals are immutable.

A float of at most two decimals (``cents / 100 == value``, the division correctly rounded) is the
nearest float to ``cents / 100``, a decimal of at most 14 digits within the limits; two decimals of at
most 15 digits are never the same float, so the shortest text of the float, ``repr``'s, is that
decimal: ``cents`` with two decimals, or one where the last is 0 (``repr`` writes ``22.0``). Not 0:
``repr`` keeps the sign of ``-0.0``."""
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_times = EXACT.multiply
_NONE = type(None)
_from_iso = dt.date.fromisoformat
_STRICT_DATES = type(dt.date.fromisoformat) is type(len)
"""Whether ``date.fromisoformat`` is the C parser, which takes only ASCII digits (the pure-Python one
takes ``int()``'s forms, such as ``2_24``); then a ten-character text with dashes at 4 and 7 that it
takes is exactly an ÅÅÅÅ-MM-DD that :data:`_DATE` matches, and the pattern is not needed."""


def _well_formed(case: dict, types: FactTypes) -> dict | None:
    """The facts of a case whose every key is a fact and every value of its fact's kind in the common
    forms (whole numbers and floats with few decimals within the limits, dates as ÅÅÅÅ-MM-DD, valid
    choices, texts, sandhedsværdier), converted exactly as :func:`convert` converts them; ``None`` for
    any other case, which :func:`prepare` then takes fact by fact."""
    if not types.names.issuperset(case):
        return None
    facts = dict(case)
    get = facts.get
    converted = 0  # the facts of other kinds than sandhedsværdi with a value
    for key, low, high in types.numbers:
        value = get(key)
        if value is None:
            continue
        kind = value.__class__
        if kind is int:
            if not low <= value <= high:
                return None
            facts[key] = _SMALL[value] if 0 <= value <= 100 else Decimal(value)
        elif kind is float and low <= value <= high:
            number = _QUARTERS.get(value)
            if number is None:
                cents = round(value * 100)
                if cents and cents / 100 == value:  # at most two decimals: see _QUARTERS
                    number = _times(Decimal(cents), _CENT) if cents % 10 else _times(Decimal(cents // 10), _TENTH)
                else:
                    text = repr(value)  # in range: its decimals after the point, or an exponent (then convert)
                    if "e" in text or len(text) - text.index(".") > NUMBER_DECIMALS + 1:
                        return None
                    number = Decimal(text)
            facts[key] = number
        else:
            return None
        converted += 1
    for key in types.dates:
        value = get(key)
        if value is None:
            continue
        if value.__class__ is not str or len(value) != 10 or value[4] != "-" or value[7] != "-" \
                or not (_STRICT_DATES or _DATE.fullmatch(value)):
            return None
        try:
            facts[key] = _from_iso(value)
        except ValueError:
            return None
        converted += 1
    for key, choices, parsed in types.texts:
        value = get(key)
        if value is None:
            continue
        if value.__class__ is not str or choices is not None and value not in choices:
            return None
        if parsed is not None:
            facts[key], problem = convert(key, value, parsed)
            if problem is not None:
                return None
        converted += 1
    # Every other fact's value is converted and none is a sandhedsværdi or null (no conversion above
    # takes one), so the sandhedsværdier hold every bool and null of the case: all their values are
    # such when these are as many as the keys that are not other facts with a value.
    bools = countOf(map(type, case.values()), bool)
    if bools != len(case) - converted:
        if bools + countOf(map(type, case.values()), _NONE) != len(case) - converted:
            return None
        for key in compress(case, map(is_, case.values(), repeat(None))):  # null is ukendt: no fact at all
            del facts[key]
    if types.ordered and _misordered(facts, types.ordered):
        return None
    return facts


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
    if type(fact_types) is FactTypes:
        facts = _well_formed(case, fact_types)
        if facts is not None:
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
