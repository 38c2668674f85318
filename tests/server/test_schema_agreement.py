"""The case schema and the API agree on every single value (issue 11, item 8).

Cases are generated FROM the published schema — a small generator that reads its keywords (type,
enum, pattern, lengths, bounds, multipleOf) and refuses any keyword it does not know, so a schema
that grows a rule the generator ignores fails here instead of being tested loosely. Every generated
case must be accepted by `lovkode.load().evaluate`, except where the one cross-field rule the schema
states in prose (birth date after decision date) says otherwise. Then values near every boundary,
of every JSON type, are tried one fact at a time: schema and API must both accept or both reject.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

jsonschema = pytest.importorskip("jsonschema", reason='kræver jsonschema: pip install "lovkode[test]"')
from jsonschema import Draft202012Validator  # noqa: E402

import lovkode  # noqa: E402
from lovkode import contract  # noqa: E402
from lovkode.caseinput import parse_case_bytes  # noqa: E402
from lovkode.render.json_output import dumps  # noqa: E402

SPEC = lovkode.load()
SCHEMA = contract.case_schema(SPEC)
VALIDATOR = Draft202012Validator(json.loads(json.dumps(SCHEMA), parse_float=Decimal))
FACTS = sorted(SCHEMA["properties"])

_ANNOTATIONS = {"description", "x-lovkode-type", "format"}
_UNDERSTOOD = {"type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum",
               "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}


def value_strategy(schema: dict) -> st.SearchStrategy:
    """The values `schema` allows, read from its keywords alone."""
    unknown = set(schema) - _ANNOTATIONS - _UNDERSTOOD
    assert not unknown, f"generatoren kender ikke {unknown}: lær den dem, før skemaet bruger dem"
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    options = []
    for kind in types:
        if kind == "null":
            options.append(st.none())
        elif kind == "boolean":
            options.append(st.booleans())
        elif kind == "string":
            text = st.from_regex(schema["pattern"], fullmatch=True) if "pattern" in schema else st.text()
            low, high = schema.get("minLength", 0), schema.get("maxLength")
            options.append(text.filter(lambda s: len(s) >= low and (high is None or len(s) <= high)))
        elif kind == "number":
            options.append(_numbers(schema))
        else:
            raise AssertionError(f"ukendt type {kind}")
    return st.one_of(options)


def _numbers(schema: dict) -> st.SearchStrategy:
    step = Decimal(str(schema["multipleOf"]))
    places = -step.as_tuple().exponent
    low = max(Decimal(schema.get("minimum", "-Infinity")), Decimal(schema["exclusiveMinimum"]) + step)
    high = min(Decimal(schema.get("maximum", "Infinity")), Decimal(schema["exclusiveMaximum"]) - step)
    decimals = st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False)
    integers = st.integers(min_value=int(low.to_integral_value("ROUND_CEILING")),
                           max_value=int(high.to_integral_value("ROUND_FLOOR")))
    edges = st.sampled_from([v for v in (low, high, low + step, high - step, Decimal(0)) if low <= v <= high])
    return st.one_of(decimals, integers, edges)


CASES = st.fixed_dictionaries({}, optional={name: value_strategy(SCHEMA["properties"][name]) for name in FACTS})


def schema_accepts(case) -> bool:
    return VALIDATOR.is_valid(case)


def api_accepts(case) -> bool:
    try:
        SPEC.evaluate(case, questions=[])  # the facts are checked all the same
    except lovkode.FactsError:
        return False
    return True


def wire(case) -> object:
    """The case as the service and `lovkode eval` receive it: JSON bytes through lovkode.caseinput."""
    return parse_case_bytes(dumps(case, indent=None).encode(), origin="Sagen")


def birth_after_decision(case) -> bool:
    birth, decision = case.get("fødselsdato"), case.get("afgørelsesdato")
    return birth is not None and decision is not None and birth > decision  # ÅÅÅÅ-MM-DD sorts as dates


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASES)
def test_every_case_the_schema_generates_is_accepted_by_the_api(case):
    assert schema_accepts(case), list(VALIDATOR.iter_errors(case))
    assert api_accepts(wire(case)) is not birth_after_decision(case), case


def test_the_cross_field_rule_is_stated_in_the_schema():
    assert "`fødselsdato` må ikke ligge efter `afgørelsesdato`" in SCHEMA["description"]


def test_a_birth_date_after_the_decision_date_is_rejected():
    """The contract's cross-field rule, the issue's repro: 2030 against 2024 gave ret_til_fleksjob."""
    case = {"fødselsdato": "2030-01-01", "afgørelsesdato": "2024-06-01"}
    assert schema_accepts(case)  # JSON Schema cannot state it; its description does
    assert not api_accepts(case)


# Values near every boundary the contract draws, and of every JSON type.
_BOUNDARY_NUMBERS = [
    "0", "-0", "0.000001", "0.0000001", "-0.000001", "1.1234567", "1.1234560", "12.5", "35",
    "99.999999", "100", "100.000001", "101", "-1", "999999999999.999999", "1000000000000",
    "-999999999999.999999", "-1000000000000", "1E+12", "1E-7", "1E-6", "123456789012.5", "1e3",
]
_BOUNDARY_TEXTS = [
    "2024-06-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2024-04-31", "2024-13-01",
    "2024-00-10", "2024-01-00", "0000-01-01", "0001-01-01", "9999-12-31", "2024-W23-6", "2024-1-01",
    "20240601", "2024-06-01T00:00", "2024-06-01\n", " 2024-06-01", "\uff12\uff10\uff12\uff14-06-01",
    "2024\u201006\u201001", "bevilget", "afslag", "Bevilget", "", "ja",
]
VALUES = st.one_of(
    st.sampled_from([Decimal(v) for v in _BOUNDARY_NUMBERS]),
    st.sampled_from(_BOUNDARY_TEXTS),
    st.none(), st.booleans(),
    st.integers(min_value=-10**13, max_value=10**13),
    st.decimals(allow_nan=False, allow_infinity=False, places=7),
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**13, max_value=10**13),
    st.text(max_size=12),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    st.lists(st.booleans(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.booleans(), max_size=1),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(FACTS), VALUES)
def test_schema_and_api_agree_on_every_single_value(name, value):
    case = {name: value}
    assert schema_accepts(case) == api_accepts(case), (name, value, list(VALIDATOR.iter_errors(case)))


@pytest.mark.parametrize("raw", _BOUNDARY_NUMBERS + [json.dumps(t) for t in _BOUNDARY_TEXTS])
def test_schema_and_api_agree_on_the_boundaries_as_json_text(raw):
    """The same values as they arrive in a file or a request body: JSON text, read exactly."""
    disagree = []
    for name in FACTS:
        case = json.loads('{"' + name + '": ' + raw + "}", parse_float=Decimal)
        if schema_accepts(case) != api_accepts(wire(case)):
            disagree.append(f"{name}: skemaet {'godtager' if schema_accepts(case) else 'afviser'}")
    assert not disagree, disagree


def test_the_date_pattern_is_the_calendar():
    """Every day of four centuries, and every impossible month-day, against Python's calendar."""
    import datetime as dt

    pattern = re.compile(contract.DATE_PATTERN)
    for year in (0, 1, 4, 100, 400, 800, 1600, 1900, 1999, 2000, 2023, 2024, 2100, 9996, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    dt.date(year, month, day)
                    real = True
                except ValueError:
                    real = False
                assert bool(pattern.fullmatch(text)) is real, text
