"""Bad facts: every problem named in Danish, and the work and the words bounded whatever the case holds."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lovkode
from lovkode import facts
from lovkode.facts import MAX_PROBLEMS, MAX_SUGGESTIONS, FactsError
from lovkode.types import BOOL, CHOICE, DURATION, TEXT, Type


def problems(spec, case) -> FactsError:
    with pytest.raises(FactsError) as caught:
        spec.evaluate(case)
    return caught.value


def test_a_huge_integer_is_a_facts_error_not_a_value_error(spec):
    err = problems(spec, {"modtager_førtidspension": 10**5000})
    assert "LK702" == err.problems[0].code
    assert len(str(err)) < 300


def test_an_integer_of_more_than_4300_digits_gets_a_danish_message(spec):
    err = problems(spec, {"vurderet_timetal": 10**5000})
    (problem,) = err.problems
    assert "LK707" == problem.code and "5001 cifre" in problem.message
    assert "Exceeds" not in str(err)


def test_an_iso_week_date_is_not_a_date(spec):
    (problem,) = problems(spec, {"afgørelsesdato": "2024-W23-6"}).problems
    assert ("afgørelsesdato", "LK703") == (problem.key, problem.code)


@pytest.mark.parametrize("text", ["2024-06-1", "20240601", "2024-06-01T00:00", "２０２４-06-01", "2024/06/01"])
def test_only_yyyy_mm_dd_is_a_date(spec, text):
    assert "LK703" == problems(spec, {"afgørelsesdato": text}).problems[0].code


def test_a_fødselsdato_after_the_afgørelsesdato_is_refused_naming_both(spec):
    (problem,) = problems(spec, {"fødselsdato": "2030-01-01", "afgørelsesdato": "2024-06-01"}).problems
    assert ("LK710", "fødselsdato", ("afgørelsesdato",)) == (problem.code, problem.key, problem.related)
    assert "`afgørelsesdato`" in str(problem) and "`fødselsdato`" in str(problem)


def test_born_on_the_day_of_the_decision_is_allowed(spec):
    spec.evaluate({"fødselsdato": "2024-06-01", "afgørelsesdato": "2024-06-01"})


def test_the_cross_field_problem_is_listed_with_the_others(spec):
    err = problems(spec, {"fødselsdato": "2030-01-01", "afgørelsesdato": "2024-06-01", "vurderet_timetal": -1})
    assert {"LK705", "LK710"} == {p.code for p in err.problems}


def test_more_than_six_decimals_are_refused_by_the_api_and_the_command_alike(spec):
    from decimal import Decimal

    from lovkode.caseinput import parse_case_bytes

    for case in ({"vurderet_timetal": Decimal("1.0000001")}, parse_case_bytes(b'{"vurderet_timetal": 1.0000001}')):
        assert "LK707" == problems(spec, case).problems[0].code
    spec.evaluate(parse_case_bytes(b'{"vurderet_timetal": 1.000001}'))


def test_a_number_past_the_decimal_contexts_exponent_is_lk707_not_a_traceback(spec):
    from lovkode.caseinput import parse_case_bytes

    for text in (b"1E+1000000", b"2.5E+999999999", b"1E+12"):
        case = parse_case_bytes(b'{"vurderet_timetal": ' + text + b"}")
        assert "LK707" == problems(spec, case).problems[0].code
        assert spec.evaluate_table([case])["fejl"][0] == tuple(str(p) for p in problems(spec, case).problems)


def test_a_numpy_float_is_read_as_the_float_it_is_on_both_paths(spec):
    """NumPy 2 writes ``np.float64(37.5)`` as its repr; the number is still 37,5 (a DataFrame's cells)."""
    np = pytest.importorskip("numpy")
    from lovkode.columnar.table import value_of

    case = {"vurderet_timetal": np.float64(37.5), "afgørelsesdato": "2026-06-01"}
    plain = {"vurderet_timetal": 37.5, "afgørelsesdato": "2026-06-01"}
    assert {q: a.value for q, a in spec.evaluate(case).items()} == {q: a.value for q, a in spec.evaluate(plain).items()}
    table = spec.evaluate_table([case, plain])
    assert table["fejl"] == [None, None]
    for q in spec.questions:
        assert table[q][0] == table[q][1] == value_of(spec.evaluate(plain)[q].value)


def test_34000_near_miss_keys_cost_20_lookups_and_a_short_answer(spec, monkeypatch):
    calls = []
    real = facts.suggest

    def counting(word, candidates, limit=3):
        calls.append(word)
        return real(word, candidates, limit)

    monkeypatch.setattr(facts, "suggest", counting)
    case = {f"fødselsdat{i}": True for i in range(34_000)}
    err = problems(spec, case)
    assert MAX_SUGGESTIONS == len(calls)
    assert (MAX_PROBLEMS, 34_000 - MAX_PROBLEMS, 34_000) == (len(err.problems), err.omitted, err.total)
    assert "Mente du `fødselsdato`?" in str(err.problems[0])
    assert err.problems[MAX_SUGGESTIONS].suggestion is None
    text = str(err)
    assert len(text) < 5_000 and "33950 fejl mere" in text


def test_a_huge_key_and_value_are_echoed_cut(spec, monkeypatch):
    monkeypatch.setattr(facts, "suggest", lambda *a, **k: pytest.fail("a 1 MB key is no near miss"))
    err = problems(spec, {"x" * 1_000_000: 1, "afgørelsesdato": "y" * 1_000_000})
    assert len(str(err)) < 500
    assert "…" in err.problems[0].key


def test_a_lone_surrogate_from_python_is_echoed_printably(spec):
    err = problems(spec, {"\ud800": 1})
    str(err).encode("utf-8")


def test_the_api_is_exported():
    assert lovkode.FactsError is FactsError


_ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-10**13, 10**13), st.integers(-5, 105),
    st.floats(allow_nan=True, allow_infinity=True), st.floats(-200, 200).map(lambda x: round(x, 7)),
    st.decimals(allow_nan=False, places=7, min_value=-10**13, max_value=10**13),
    st.dates().map(lambda d: d.isoformat()), st.sampled_from(["2024-W23-6", "2024-02-30", "20240601", "P6M", "P1Y2W"]),
    st.text(alphabet="0123456789-_ +W\u0663", min_size=10, max_size=10),
    st.sampled_from(["2_24-01-05", "2024-1_-05", " 024-01-05", "+024-01-05", "2024-01-0\u0663", "2024-W01-1"]),
    st.text(max_size=12), st.sampled_from(["bevilget", "afslået", "ja"]),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_ANY_VALUE, index=st.integers(0, 10_000))
def test_the_quick_conversion_takes_a_value_exactly_as_convert_does_or_leaves_it_to_convert(spec, value, index):
    """The one-sweep path of `prepare` never accepts what `convert` would refuse, nor gives another value."""
    fact_types = spec._fact_types
    name = sorted(fact_types)[index % len(fact_types)]
    quick = facts._well_formed({name: value}, fact_types)
    if quick is not None:
        if value is None:
            assert quick == {}
        else:
            converted, problem = facts.convert(name, value, fact_types[name])
            assert problem is None
            assert list(quick) == [name]
            assert (type(quick[name]), str(quick[name])) == (type(converted), str(converted))


def _prepared_or_problems(case, fact_types):
    try:
        prepared = facts.prepare(case, fact_types)
    except FactsError as error:
        return [str(p) for p in error.problems], error.omitted
    return [(key, type(value), str(value)) for key, value in prepared.items()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_whole_case_is_taken_at_once_exactly_as_fact_by_fact(spec, data):
    """`prepare` takes a case whose values are all of their fact's kind in one pass; any case gives the
    same facts in the same order, or the same problems, as converting it fact by fact (a plain dict
    of types has none of the quick paths)."""
    fact_types = spec._fact_types
    names = sorted(fact_types)
    plain = data.draw(st.booleans())
    case = {}
    for name in data.draw(st.lists(st.sampled_from(names + ["ikke_et_faktum"]), unique=True)):
        kind = fact_types[name].kind if name in fact_types else None
        if plain and kind == "sandhedsværdi":
            case[name] = data.draw(st.booleans())
        elif plain and name == "afgørelsesdato":
            case[name] = data.draw(st.dates().map(lambda d: d.isoformat()))
        else:
            case[name] = data.draw(_ANY_VALUE)
    assert _prepared_or_problems(case, fact_types) == _prepared_or_problems(case, dict(fact_types))


@pytest.mark.parametrize("case", [{"ikke_et_faktum": None}, {"vurderet_timetl": None, "vurderet_arbejdsintensitet": 90}])
def test_a_key_that_is_no_fact_is_refused_even_with_a_null_value(spec, case):
    """The contract: a case with an unknown key (typo included) is rejected as a whole. A null makes a
    fact ukendt, but a misspelt name with null would otherwise pass unseen, and it is listed anyway
    when the case has other problems."""
    with pytest.raises(FactsError) as caught:
        facts.prepare(case, spec._fact_types)
    assert "er ikke et faktum i specifikationen" in str(caught.value)


def test_a_case_of_plain_values_keeps_its_order_with_the_others_converted(spec):
    case = {"vurderet_timetal": 22.5, "modtager_førtidspension": False, "afgørelsesdato": "2024-06-01",
            "vurderet_arbejdsintensitet": 90, "kommunens_afgørelse": "bevilget"}
    prepared = facts.prepare(case, spec._fact_types)
    assert list(prepared.items()) == [("vurderet_timetal", Decimal("22.5")), ("modtager_førtidspension", False),
                                      ("afgørelsesdato", dt.date(2024, 6, 1)), ("vurderet_arbejdsintensitet",
                                                                               Decimal(90)),
                                      ("kommunens_afgørelse", "bevilget")]
    assert prepared is not case



@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("text", ["2024-06-01", "2024-02-30", "2_24-01-05", "2024-1_-05", " 024-01-05", "+024-01-05",
                                  "2024-01-0\u0663", "2024-W01-1", "2024-W23-6", "20240601", "2024-06-01 "])
def test_a_date_is_taken_quickly_only_as_convert_takes_it_with_either_date_parser(spec, monkeypatch, strict, text):
    """Without the C parser of ISO dates (which takes ASCII digits only) the quick path checks the
    pattern itself; either way it takes a date exactly when `convert` does."""
    monkeypatch.setattr(facts, "_STRICT_DATES", strict)
    quick = facts._well_formed({"afgørelsesdato": text}, spec._fact_types)
    converted, problem = facts.convert("afgørelsesdato", text, spec._fact_types["afgørelsesdato"])
    assert quick == (None if problem else {"afgørelsesdato": converted})


_OTHER_KINDS = facts.FactTypes({"frist": Type(DURATION), "note": Type(TEXT), "ja": Type(BOOL), "valg": Type(CHOICE, ("a", "b"))})


@settings(max_examples=300, deadline=None)
@given(case=st.dictionaries(st.sampled_from(sorted(_OTHER_KINDS) + ["andet"]), st.one_of(
    st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from(["P6M", "P1Y2W", "P", "P14D", "a", "c", "6M"]),
    st.text(max_size=4))))
def test_a_varighed_and_a_text_are_taken_quickly_exactly_as_fact_by_fact(case):
    """Kinds the bundled spec has no fact of (varighed, tekst) take the same quick path."""
    assert _prepared_or_problems(case, _OTHER_KINDS) == _prepared_or_problems(case, dict(_OTHER_KINDS))
    if facts._well_formed(case, _OTHER_KINDS) is not None:
        assert case.get("frist") in (None, "P6M", "P1Y2W", "P14D")


_NUMBER_FLOATS = st.one_of(
    st.integers(-10**14 + 1, 10**14 - 1).map(lambda n: n / 100), st.integers(-10**13, 10**13).map(lambda n: n / 10),
    st.integers(-10**12, 10**12).map(float), st.integers(-10**15, 10**15).map(lambda n: n / 1000),
    st.integers(0, 400).map(lambda n: n / 4), st.sampled_from([0.0, -0.0, 0.01, -0.01, 0.1, 1e-7, 5e-324]),
    st.floats(-10**12, 10**12),
)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_NUMBER_FLOATS)
def test_a_float_becomes_the_decimal_of_its_shortest_text_on_the_quick_path(spec, value):
    """A number or a timetal given as a float is the Decimal its repr writes, exponent and sign
    included (22.0 is 22,0; -0.0 keeps its sign), by the quarter-hour table, the two-decimal route
    or the text itself."""
    fact_types = spec._fact_types
    for name in ("månedlig_lønindtægt", "vurderet_timetal"):
        quick = facts._well_formed({name: value}, fact_types)
        converted, problem = facts.convert(name, value, fact_types[name])
        if quick is None:  # left to convert: out of the quick path's range or finer than two decimals
            assert not (0 <= value < 10**12 - 1 and round(value * 100) / 100 == value)
            continue
        assert problem is None
        assert str(quick[name]) == str(converted) == str(Decimal(repr(value)))
        assert quick[name].as_tuple() == Decimal(repr(value)).as_tuple()
