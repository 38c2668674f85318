"""The JSON text written straight from a run (``results_text``, what batch lines and the service
carry, by the spec's :class:`JsonWriter`) is byte for byte the contract's JSON: ``dumps`` of the
explanation trees that :func:`results_json` builds — on the bundled spec's cases and examples, on
random partial cases, on every construct and on random specs.

Sharing a derivation between answers (a reference instead of a copy) rests on one claim about the
checker — a rule's derivation reaches only what its static dependencies name — so that is tested too.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lovkode.facts import FactsError
from lovkode.render.json_output import _value_text, dumps, jsonable, results_json, results_text
from lovkode.types import BOOL, CHOICE, DATE, PERCENT, TEXT

from tests.columnar.specgen import random_case, random_spec_text
from tests.helpers import spec_of
from tests.unit.test_evaluation import DISCRETION, EXCEPTIONS, TABLE, VERSIONS

ROOT = Path(__file__).resolve().parents[2]


def _same(spec, facts, questions=None, exhaustive=False) -> None:
    answers = spec.evaluate(facts, questions, exhaustive=exhaustive)
    assert results_text(answers) == dumps(results_json(answers), indent=None)
    assert results_text(answers, explanations=False) == dumps(results_json(answers, explanations=False), indent=None)


def _cases() -> list[dict]:
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    cases.append(json.loads((ROOT / "spec" / "data" / "eksempel-sag.json").read_text(encoding="utf-8")))
    return cases


def test_batch_text_is_the_contract_json_for_every_demo_case_and_set_of_questions(spec):
    contract = ["ret_til_fleksjob", "legalitetsvurdering", "under_folkepensionsalderen", "fleksløntilskud"]
    for facts in _cases():
        _same(spec, facts)
        _same(spec, facts, contract)
        _same(spec, facts, ["ret_til_fleksjob"])
        _same(spec, facts, contract, exhaustive=True)


def test_batch_text_is_the_contract_json_for_the_spec_examples(spec):
    for example in spec.examples:
        questions = [q for q in example.expected if q in spec.rules]
        if questions:
            _same(spec, example.given, questions)


@pytest.mark.parametrize("source", [VERSIONS, EXCEPTIONS, DISCRETION, TABLE],
                         ids=["versioner", "undtagelser", "skøn", "tabel"])
def test_batch_text_covers_versions_exceptions_conflicts_skøn_and_silent_sources(source):
    small = spec_of(source)
    facts = [name for name in small.facts if name != "afgørelsesdato"]
    dates = [None, "2010-01-01", "2015-12-28", "2019-12-31", "2024-01-01"]
    births = [None, "1950-01-01", "1960-01-01", "1965-01-01"]
    for i in range(3 ** len(facts)):
        case = {name: (None, True, False)[(i // 3 ** k) % 3] for k, name in enumerate(facts)}
        if "fødselsdato" in small.facts:
            case["fødselsdato"] = births[i % len(births)]
        case["afgørelsesdato"] = dates[i % len(dates)]
        case = {k: v for k, v in case.items() if v is not None}
        _same(small, case)
        _same(small, case, exhaustive=True)


def _value(type_):
    kind = type_.kind
    if kind == BOOL:
        return st.booleans()
    if kind == DATE:
        # the years the writer's date table holds, and now and then any other (written through isoformat)
        return st.one_of(st.dates(dt.date(1945, 1, 1), dt.date(2030, 12, 31)),
                         st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31))).map(dt.date.isoformat)
    if kind == CHOICE:
        return st.sampled_from(type_.choices)
    if kind == TEXT:
        return st.text(max_size=8)
    if kind == PERCENT:
        return st.integers(0, 100)
    return st.one_of(st.integers(0, 60_000), st.decimals(0, 60_000, places=2, allow_nan=False))


@pytest.fixture(scope="module")
def fresh_spec():
    import lovkode

    return lovkode.load()


def _case_strategy():
    import lovkode

    types = lovkode.load()._fact_types
    return st.fixed_dictionaries({}, optional={name: _value(t) for name, t in types.items()}).map(_born_before)


def _born_before(case: dict) -> dict:
    """The contract refuses a fødselsdato after the afgørelsesdato; swap such a pair."""
    born, decided = case.get("fødselsdato"), case.get("afgørelsesdato")
    if born and decided and born > decided:
        case["fødselsdato"], case["afgørelsesdato"] = decided, born
    return case


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_case_strategy(), exhaustive=st.booleans())
def test_batch_text_is_the_contract_json_for_any_case(fresh_spec, case, exhaustive):
    _same(fresh_spec, case, exhaustive=exhaustive)
    _same(fresh_spec, case, ["ret_til_fleksjob", "legalitetsvurdering", "fleksløntilskud"], exhaustive=exhaustive)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_case_strategy(), exhaustive=st.booleans())
def test_a_derivation_reaches_only_what_the_checker_says_it_depends_on(fresh_spec, case, exhaustive):
    from lovkode.evaluate import evaluate
    from lovkode.facts import prepare

    facts = prepare(case, fresh_spec._fact_types)
    run, _ = evaluate(fresh_spec._program, facts, list(fresh_spec.questions), exhaustive)
    entries = fresh_spec._checked.entries
    for ident, (reached, _) in run.nodes.items():
        assert set(reached) <= set(entries[ident].dependencies), ident


@given(st.one_of(st.decimals(allow_nan=False, allow_infinity=False), st.integers().map(Decimal),
                 st.dates(), st.booleans(), st.sampled_from(["bevilget", "æøå \"citat\""])))
def test_a_value_written_by_the_short_road_is_written_as_dumps_writes_it(value):
    assert _value_text(value) == dumps(jsonable(value), indent=None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), case_seed=st.integers(0, 10**9), exhaustive=st.booleans())
def test_batch_text_is_the_contract_json_for_a_random_spec(seed, case_seed, exhaustive):
    """Every construct (versions, exceptions and their conflicts, tables with gaps, a skøn, undefined
    arithmetic, anbefalinger) on random partial cases; every question, and a few of them, so an
    answer may stand below another as a reference."""
    spec = spec_of(random_spec_text(seed))
    rng = random.Random(case_seed)
    questions = [name for name, rule in spec.rules.items() if rule.askable]
    for _ in range(8):
        case = random_case(rng)
        try:
            _same(spec, case, questions, exhaustive=exhaustive)
            _same(spec, case, rng.sample(questions, rng.randrange(1, len(questions) + 1)), exhaustive=exhaustive)
        except FactsError:
            continue


NUMBER_AND_SANDHEDSVÆRDI = """
faktum »antal«: tal
faktum »godkendt«: sandhedsværdi
spørgsmål »nok«
  hjemmel: LAB § 116, stk. 1
  er opfyldt, når »antal« ≥ 1 og »godkendt«
"""


@pytest.mark.parametrize("antal", [1, 0, 2])
@pytest.mark.parametrize("godkendt", [True, False])
def test_a_number_equal_to_true_or_false_is_written_as_the_number(antal, godkendt):
    """The writer finds a sandhedsværdi's node by (fact, value), and ``Decimal(1) == True``: a number
    fact of 1 or 0 must still be written as the number, never as ``true`` or ``false``."""
    spec = spec_of(NUMBER_AND_SANDHEDSVÆRDI)
    answers = spec.evaluate({"antal": antal, "godkendt": godkendt})
    text = results_text(answers)
    assert text == dumps(results_json(answers), indent=None)
    assert f'{{"name":"antal","kind":"faktum","value":{antal},' in text


@pytest.mark.parametrize("godkendt", [True, False, None], ids=["sand", "falsk", "ukendt"])
def test_a_sandhedsværdi_fact_is_written_by_its_value_true_false_or_absent(godkendt):
    """The writer finds a sandhedsværdi fact's node by its value alone — true, false or absent (None) —
    so an absent fact that a rule reaches must still be written as absent, with itself missing."""
    spec = spec_of(NUMBER_AND_SANDHEDSVÆRDI)
    answers = spec.evaluate({"antal": 2} if godkendt is None else {"antal": 2, "godkendt": godkendt})
    text = results_text(answers)
    assert text == dumps(results_json(answers), indent=None)
    value = {True: "true", False: "false", None: "null"}[godkendt]
    missing = ',"missing":["godkendt"]' if godkendt is None else ""
    assert f'{{"name":"godkendt","kind":"faktum","value":{value},"citation":null{missing},"because":[]}}' in text


def _text_and_contract(spec, facts, questions=None) -> tuple[str, dict]:
    answers = spec.evaluate(facts, questions)
    text = results_text(answers)
    assert text == dumps(results_json(answers), indent=None)
    return text, json.loads(text)


def test_an_unknown_answer_says_why_the_sources_are_silent_in_its_entry_and_its_node():
    """The writer words an unknown once and writes it into the node, the reference and the entry."""
    text, data = _text_and_contract(spec_of(VERSIONS), {"afgørelsesdato": "2010-01-01"})
    entry = data["results"]["kun_nyere"]
    assert entry["value"] is None and entry["missing"] == [] and entry["kilderne_tavse"]
    assert entry["explanation"]["kilderne_tavse"] == entry["kilderne_tavse"]


def test_a_conflict_stands_in_the_node_but_not_in_the_answers_entry():
    text, data = _text_and_contract(spec_of(EXCEPTIONS), {"x": True}, ["tal"])
    entry = data["results"]["tal"]
    assert "konflikt" not in entry
    assert entry["explanation"]["konflikt"] == [["»to« (LAB § 2)", "»tre« (LAB § 3)"]]


@pytest.mark.parametrize("decided, seniorpension", [("2019-12-31", True), ("2020-01-01", True), (None, False)])
def test_a_version_note_on_a_rule_that_is_also_an_answer_stands_in_its_node(decided, seniorpension):
    facts = {"seniorpension": seniorpension} if decided is None else {"afgørelsesdato": decided,
                                                                       "seniorpension": seniorpension}
    text, data = _text_and_contract(spec_of(VERSIONS), facts)
    node = data["results"]["betingelse"]["explanation"]
    assert "version" in node and "version" not in data["results"]["betingelse"]


@pytest.mark.parametrize("weighed", [True, False, None])
def test_a_skøn_that_is_an_answer_carries_its_own_field(weighed):
    facts = {"væsentligt": True, "dokumenteret": True, "fritid": True, "hjem": False}
    if weighed is not None:
        facts["vurderet"] = weighed
    text, data = _text_and_contract(spec_of(DISCRETION), facts, ["nedsættelse"])
    assert data["results"]["nedsættelse"]["explanation"]["skøn"]["afvejet"] is weighed


NUMBERS = """
faktum »antal«: tal
spørgsmål »dobbelt«: tal
  hjemmel: LAB § 1
  er »antal« × 2
spørgsmål »intet«: tal
  hjemmel: LAB § 1
  er »antal« × 0
"""


@pytest.mark.parametrize("antal, shown, doubled", [(22.0, "22", "44"), (2.5, "2.5", "5"), (100, "100", "200"),
                                                   (0.0, "0", "0"), (12.25, "12.25", "24.5"), (-0.0, "0", "0")])
def test_a_number_with_trailing_zeros_is_written_without_them(antal, shown, doubled):
    """A fact of 22.0 is the Decimal 22.0 and a product may end in zeros after the point: the writer
    cuts them from the number's text as ``normalise`` does, for a fact and for a rule's value."""
    text, _ = _text_and_contract(spec_of(NUMBERS), {"antal": antal})
    assert f'{{"name":"antal","kind":"faktum","value":{shown},' in text
    assert f'"dobbelt":{{"value":{doubled},' in text
    assert '"intet":{"value":0,' in text


@pytest.mark.parametrize("text", ["22.0", "-0.0", "-0", "100.00", "0.000", "1E+3", "1.50E-7", "-12.340", "2500"])
def test_a_decimal_ending_in_zero_or_with_an_exponent_is_written_as_dumps_writes_it(text):
    assert _value_text(Decimal(text)) == dumps(jsonable(Decimal(text)), indent=None)


def _generated_and_general_agree(spec, case, writer=None) -> bool:
    """Every question asked, the generated writer (:mod:`lovkode.render.json_code`) gives what the
    general walk over the run's nodes gives, and the text is the contract's JSON. False where the
    case is refused."""
    try:
        answers = spec.evaluate(case)
    except FactsError:
        return False
    writer = writer or spec.json_writer
    run, values = answers._run, answers._values
    assert list(values) == writer._questions  # so write takes the generated road
    entries = writer._trees(run, values)
    pieces = writer._write_all(run)
    assert pieces[1:] == [piece for name in values for piece in entries[name]][:-1] + ["}}"]
    assert writer.write(answers) == dumps(results_json(answers), indent=None)
    return True


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), case_seed=st.integers(0, 10**9))
def test_the_writer_generated_for_every_question_writes_what_the_general_writer_writes(seed, case_seed):
    """On random specs with every construct (unknowns, silence, conflicts, notes, skøn, tables,
    regulated amounts) and random partial cases: all the questions by the generated writer; and the
    same answers with one more rule asked, or one question fewer, by the general one."""
    spec = spec_of(random_spec_text(seed))
    rng = random.Random(case_seed)
    questions = list(spec.questions)
    others = [name for name, rule in spec.rules.items() if rule.askable and name not in questions]
    for _ in range(6):
        case = random_case(rng)
        if _generated_and_general_agree(spec, case):
            if others:
                _same(spec, case, questions + [rng.choice(others)])
            if len(questions) > 1:
                _same(spec, case, rng.sample(questions, len(questions) - 1))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), case_seed=st.integers(0, 10**9))
def test_children_known_at_load_are_written_as_the_run_reached_them(seed, case_seed):
    """A writer told that each rule always reaches what it reached in one run (``fixed_deps``, as the
    generated evaluator finds for the rules whose list never changes) writes that run as the general
    writer does — duplicates and all — whatever the construct."""
    from lovkode.render.json_output import JsonWriter

    spec = spec_of(random_spec_text(seed))
    case = random_case(random.Random(case_seed))
    try:
        run = spec.evaluate(case)._run
    except FactsError:
        return
    fixed = {ident: tuple(reached) for ident, (reached, _) in run.nodes.items()}
    writer = JsonWriter(spec._checked, spec._citations, spec.recommendations, fixed)
    assert _generated_and_general_agree(spec, case, writer)


FIXED = """
faktum »timer«: timer
faktum »loft«: timer
faktum »godkendt«: sandhedsværdi
regel »over loftet«
  hjemmel: LAB § 1
  er opfyldt, når »timer« + »timer« > »loft«
spørgsmål »tilskud«
  hjemmel: LAB § 1
  er opfyldt, når »godkendt« og »over loftet«
spørgsmål »dobbelt«: timer
  hjemmel: LAB § 2
  er »timer« + »timer«
"""


@pytest.mark.parametrize("timer", [None, 10, 25])
@pytest.mark.parametrize("godkendt", [None, True, False])
def test_a_rule_that_always_reaches_the_same_facts_has_its_children_written_from_the_list_known_at_load(
        timer, godkendt):
    """»over loftet« reaches »timer« twice and »loft« in every run: written from that list, once each."""
    from lovkode.render.json_output import JsonWriter

    spec = spec_of(FIXED)
    fixed = {"over_loftet": ("timer", "timer", "loft"), "dobbelt": ("timer", "timer")}
    writer = JsonWriter(spec._checked, spec._citations, spec.recommendations, fixed)
    case = {name: value for name, value in (("timer", timer), ("godkendt", godkendt), ("loft", 30))
            if value is not None}
    assert _generated_and_general_agree(spec, case, writer)
