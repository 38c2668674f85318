"""The generated rules (:mod:`lovkode.codegen`, what ``Spec.evaluate`` runs) answer exactly as the
closures they are generated beside: the same value, missing facts, silence, conflicts and undefined
arithmetic, the same facts and rules reached in the same order with the same notes (which the
explanation is written from), the same anbefalinger and so the same JSON — on random specs with every
construct of the language, on random partial cases, and on the bundled spec's demo cases."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lovkode.api import Answers
from lovkode.evaluate import evaluate, recommendations
from lovkode.facts import FactsError, prepare
from lovkode.render.json_output import dumps, results_json, results_text

from tests.columnar.specgen import random_case, random_spec_text
from tests.helpers import spec_of

ROOT = Path(__file__).resolve().parents[2]


def _answers(spec, facts: dict, questions, closures: bool) -> Answers:
    """By the generated rules as ``Spec.evaluate`` answers (knowing the anbefalinger that concern all
    the questions, when all are asked), or by the closures, which gather what the answers reached."""
    program = spec._program  # noqa: SLF001
    run, values = evaluate(program, dict(facts), questions, closures=closures)
    every = questions == list(spec.questions)
    found = [spec._rec_views[id(r)]  # noqa: SLF001
             for r in recommendations(program, run, closures=closures, every_question=every)]
    return Answers(values, found, spec, run)


def assert_same(spec, case: dict, questions=None) -> None:
    try:
        facts = prepare(dict(case), spec._fact_types)  # noqa: SLF001
    except FactsError:
        return
    questions = list(spec.questions if questions is None else questions)
    generated = _answers(spec, facts, questions, closures=False)
    reference = _answers(spec, facts, questions, closures=True)
    for name in questions:
        a, b = generated[name], reference[name]
        assert (a.value, a.missing, a.silent, a.conflict, a.undefined) == \
               (b.value, b.missing, b.silent, b.conflict, b.undefined), (name, case)
    nodes = generated._run.nodes  # noqa: SLF001
    assert [(ident, list(deps), notes) for ident, (deps, notes) in nodes.items()] == \
           [(ident, deps, notes) for ident, (deps, notes) in reference._run.nodes.items()], case  # noqa: SLF001
    fixed = spec._program.fast.fixed_deps  # noqa: SLF001
    for ident, (deps, _) in nodes.items():  # a fixed list is its constant, anything else a list of its own
        assert deps is fixed[ident] if ident in fixed else type(deps) is list, (ident, case)
    assert generated._run.cache == reference._run.cache, case  # noqa: SLF001
    assert [r.id for r in generated.recommendations] == [r.id for r in reference.recommendations], case
    text = results_text(generated)
    assert text == results_text(reference) == dumps(results_json(reference), indent=None), case


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), case_seed=st.integers(0, 10**6))
def test_generated_rules_answer_as_the_closures_on_a_random_spec(seed, case_seed):
    spec = spec_of(random_spec_text(seed))
    rng = random.Random(case_seed)
    for _ in range(25):
        assert_same(spec, random_case(rng))
    names = [name for name, rule in spec.rules.items() if rule.askable]
    assert_same(spec, random_case(rng), rng.sample(names, rng.randrange(1, len(names) + 1)))


def test_generated_rules_answer_as_the_closures_on_the_demo_cases(spec):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if line.strip():
            case = json.loads(line)
            assert_same(spec, case)
            assert_same(spec, case, ["ret_til_fleksjob", "fleksløntilskud"])
            assert_same(spec, {k: v for i, (k, v) in enumerate(case.items()) if i % 3})


def test_generated_source_holds_no_text_of_the_spec():
    """Names, texts and numbers reach the generated code only as bindings, never as its source."""
    spec = spec_of(random_spec_text(7))
    program = spec._program.fast  # noqa: SLF001
    namespace = program._globals  # noqa: SLF001
    generated = [value for value in namespace.values()
                 if getattr(getattr(value, "__code__", None), "co_filename", "") == "<lovkode: genereret>"]
    assert generated
    for function in generated:
        assert not [c for c in function.__code__.co_consts if isinstance(c, str)], function.__name__


@pytest.mark.parametrize("body", [
    "hvis a så " * 140 + "a" + " ellers ikke a" * 140,
    "hvis a så ikke a ellers " * 140 + "b",
    "(a og " * 70 + "b" + ")" * 70,
    "a eller (" * 70 + "b" + ")" * 70,
])
def test_an_expression_nested_deeper_than_python_indents_is_still_answered_as_the_closures(body):
    """The parser accepts nesting up to 200 (LK106), Python's own source only 100 indentation levels:
    a deeply nested rule used to end load() in an IndentationError from the generated code."""
    spec = spec_of("faktum a: sandhedsværdi\nfaktum b: sandhedsværdi\n"
                   "spørgsmål x\n  hjemmel: LAB § 1\n  er opfyldt, når " + body + "\n")
    for case in ({"a": True, "b": False}, {"a": False, "b": True}, {"a": True}, {"b": True}, {}):
        assert_same(spec, case)


@pytest.mark.parametrize("depth", [1, 14, 15, 16, 40])
def test_arithmetic_inside_nested_og_is_undefined_as_in_the_closures(depth):
    """Each `og` is a loop and each arithmetic a ``try`` in the generated code, and Python nests at
    most 20 such blocks: a division by zero deep inside is still the closures' undefined value."""
    body = "(a og " * depth + "»x« / »y« > 1" + ")" * depth
    spec = spec_of("faktum a: sandhedsværdi\nfaktum x: tal\nfaktum y: tal\n"
                   "spørgsmål q\n  hjemmel: LAB § 1\n  er opfyldt, når " + body + "\n")
    for case in ({"a": True, "x": 3, "y": 0}, {"a": True, "x": 3, "y": 2}, {"a": True, "x": 10**11, "y": 10**-6},
                 {"a": True, "x": 3}, {"a": False, "y": 0}):
        assert_same(spec, case)
    assert spec.evaluate({"a": True, "x": 3, "y": 0})["q"].undefined


DATED_ADVICE = """
anbefaling »råd i en periode«
  hjemmel: LAB § 80
  gælder fra 2019-12-31 før 2022-01-01
  gives, når »b1« eller ikke »b2«
  tekst: "Et råd i en periode."
anbefaling »råd før reformen«
  hjemmel: LAB § 81
  gælder før 2020-01-01
  gives, når »r0« er oplyst
  tekst: "Et råd før reformen."
anbefaling »råd fra reformen«
  hjemmel: LAB § 82
  gælder fra 2020-01-01
  gives, når »k1«
  tekst: "Et råd fra reformen."
"""


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), case_seed=st.integers(0, 10**6))
def test_dated_anbefalinger_hold_as_in_the_closures(seed, case_seed):
    """An anbefaling with a period holds only for decisions in it: the in-force date read apart (it
    does not make the advice concern an answer), then the condition — generated as the closures do it."""
    spec = spec_of(random_spec_text(seed) + DATED_ADVICE)
    rng = random.Random(case_seed)
    for _ in range(25):
        assert_same(spec, random_case(rng))
    names = [name for name, rule in spec.rules.items() if rule.askable]
    assert_same(spec, random_case(rng), rng.sample(names, rng.randrange(1, len(names) + 1)))


def test_every_kind_of_rule_is_generated():
    """Rules with exceptions (with versions), skøn, tables (with versions) and regulated amounts are
    each one generated function, not the closures' structure."""
    spec = spec_of(random_spec_text(3) + DATED_ADVICE)
    fast = spec._program.fast  # noqa: SLF001
    kinds = {entry.kind for entry in spec._program.checked.entries.values() if not entry.is_fact}  # noqa: SLF001
    assert {"skøn", "tabel", "reguleret beløb", "regel", "spørgsmål"} <= kinds
    for ident, rule in fast.rules.items():
        assert rule.__code__.co_filename == "<lovkode: genereret>", ident


FIXED = """
faktum »a«: tal
faktum »b«: tal
faktum »p«: sandhedsværdi
faktum »q«: sandhedsværdi
regel »sum«: tal
  hjemmel: LAB § 1
  er »a« + »a« * »b«
spørgsmål »under«
  hjemmel: LAB § 2
  er opfyldt, når »sum« < »b«
spørgsmål »begge«
  hjemmel: LAB § 3
  er opfyldt, når »p« og »q«
spørgsmål »valg«: tal
  hjemmel: LAB § 4
  er hvis »p« så »a« ellers »b«
spørgsmål »først«
  hjemmel: LAB § 5
  er opfyldt, når »under« og »q«
"""


@settings(max_examples=40, deadline=None)
@given(a=st.none() | st.integers(-3, 3), b=st.none() | st.integers(-3, 3), p=st.none() | st.booleans(),
       q=st.none() | st.booleans(), questions=st.sampled_from([None, ["først"], ["valg", "under"]]))
def test_a_rule_reaches_a_fixed_list_only_where_it_reaches_the_same_in_every_case(a, b, p, q, questions):
    """`sum` and `under` reach the same facts and rules whatever the case (`a` twice, as the closures
    list it): their nodes are constants made at load. `og` stops at the first false part, `hvis`
    reaches one branch: those lists are built as the case goes (and checked against the closures)."""
    spec = spec_of(FIXED)
    assert spec._program.fast.fixed_deps == {"sum": ("a", "a", "b"), "under": ("sum", "b")}  # noqa: SLF001
    case = {name: value for name, value in {"a": a, "b": b, "p": p, "q": q}.items() if value is not None}
    assert_same(spec, case, questions)
