"""Property tests of the evaluator on random rules and random partial facts.

A random condition over five facts is written as lovkode, compiled, and evaluated. The answer must
match a direct Kleene evaluation (value and the contract's `missing`), stay the same for every
completion of the facts when it is known, and become known when exactly the missing facts are filled in.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import compile_text

FACTS = ["f0", "f1", "f2", "f3", "f4"]
DECLS = "".join(f"faktum {f}: sandhedsværdi\n" for f in FACTS)

leaf = st.one_of(st.sampled_from(FACTS).map(lambda f: ("fact", f)), st.sampled_from([True, False]).map(lambda v: ("lit", v)))


def _extend(children):
    return st.one_of(
        st.tuples(st.just("og"), children, children),
        st.tuples(st.just("eller"), children, children),
        st.tuples(st.just("ikke"), children),
        st.tuples(st.just("hvis"), children, children, children),
    )


expressions = st.recursive(leaf, _extend, max_leaves=12)


def text(e) -> str:
    kind = e[0]
    if kind == "fact":
        return e[1]
    if kind == "lit":
        return "ja" if e[1] else "nej"
    if kind == "ikke":
        return f"ikke ({text(e[1])})"
    if kind == "hvis":
        return f"(hvis {text(e[1])} så {text(e[2])} ellers {text(e[3])})"
    return f"({text(e[1])} {kind} {text(e[2])})"


def reference(e, facts):
    """Kleene logic with the contract's `missing`: (value or None, frozenset of missing facts)."""
    kind = e[0]
    if kind == "fact":
        v = facts.get(e[1])
        return (v, frozenset()) if v is not None else (None, frozenset([e[1]]))
    if kind == "lit":
        return e[1], frozenset()
    if kind == "ikke":
        v, m = reference(e[1], facts)
        return (None if v is None else not v), m
    if kind == "hvis":
        c, mc = reference(e[1], facts)
        if c is True:
            return reference(e[2], facts)
        if c is False:
            return reference(e[3], facts)
        a, ma = reference(e[2], facts)
        b, mb = reference(e[3], facts)
        if a is not None and a == b:
            return a, frozenset()
        return None, mc | (ma if a is None else frozenset()) | (mb if b is None else frozenset())
    decisive = kind == "eller"  # the value that settles the whole: true for eller, false for og
    parts = [reference(e[1], facts), reference(e[2], facts)]
    if any(v is decisive for v, _ in parts):
        return decisive, frozenset()
    unknown = [m for v, m in parts if v is None]
    if unknown:
        return None, frozenset().union(*unknown)
    return (not decisive), frozenset()


partial_facts = st.dictionaries(st.sampled_from(FACTS), st.booleans())


def compiled(e):
    spec, diagnostics = compile_text(DECLS + f"spørgsmål svar\n  hjemmel: LAB § 1\n  er opfyldt, når {text(e)}\n")
    assert spec is not None, [d.message for d in diagnostics if d.is_error]
    return spec


def ask(spec, facts):
    a = spec.evaluate(facts, ["svar"])["svar"]
    return a.value, frozenset(a.missing)


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(expressions, partial_facts)
def test_matches_kleene_logic_and_the_contracts_missing(e, facts):
    assert reference(e, facts) == ask(compiled(e), facts)


@SETTINGS
@given(expressions, partial_facts, st.dictionaries(st.sampled_from(FACTS), st.booleans()))
def test_a_known_answer_stays_the_same_for_every_completion(e, facts, extra):
    spec = compiled(e)
    value, _ = ask(spec, facts)
    if value is None:
        return
    completion = {**extra, **facts}
    assert value == ask(spec, completion)[0]


@SETTINGS
@given(expressions, partial_facts, st.data())
def test_filling_in_exactly_the_missing_facts_gives_a_known_answer(e, facts, data):
    spec = compiled(e)
    value, missing = ask(spec, facts)
    if value is not None:
        assert frozenset() == missing
        return
    filled = dict(facts)
    for name in sorted(missing):
        filled[name] = data.draw(st.booleans(), label=name)
    assert ask(spec, filled)[0] is not None


@SETTINGS
@given(expressions)
def test_og_and_eller_are_commutative_over_unknown(e):
    for op in ("og", "eller"):
        left = compiled((op, e, ("fact", "f0")))
        right = compiled((op, ("fact", "f0"), e))
        for facts in ({}, {"f0": True}, {"f0": False}, {"f1": True, "f2": False}):
            assert ask(left, facts) == ask(right, facts)


@SETTINGS
@given(expressions, partial_facts)
def test_exhaustive_evaluation_gives_the_same_answers(e, facts):
    spec = compiled(e)
    full = spec.evaluate(facts, ["svar"], exhaustive=True)["svar"]
    assert ask(spec, facts) == (full.value, frozenset(full.missing))
