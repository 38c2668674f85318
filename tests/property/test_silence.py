"""Property tests of silence: random conditions over facts and a part the sources are silent about.

A rule is built from five facts and one silent part (a rule whose only version for the date says
`kilderne er tavse`). Over every partial case:
- the value and `missing` match a direct Kleene evaluation where the silent part is unknown and can
  never become known, so `missing` lists only facts that could still make the answer known;
- filling in exactly the missing facts either decides the answer or leaves it unknown with nothing
  missing and the sources silent (the contract's exception for silence);
- `kilderne er tavse om X` holds exactly when X is unknown with nothing missing, and
  `der mangler oplysninger til X` exactly when X is unknown with facts missing — both always known,
  and (like `er ukendt`) exempt from monotonicity.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lovkode.values import SilenceKind
from tests.helpers import compile_text

FACTS = ["f0", "f1", "f2", "f3", "f4"]
DECLS = "".join(f"faktum {f}: sandhedsværdi\n" for f in FACTS) + """\
regel tavs
  hjemmel: LAB § 1
  version før 2020-01-01:
    kilderne er tavse: "reglen fra før 2020 er ikke fundet"
  version fra 2020-01-01:
    er opfyldt, når f0
"""
DATE = "2019-06-01"  # the silent version's period

leaf = st.one_of(st.sampled_from(FACTS + ["tavs"]).map(lambda f: ("fact", f)),
                 st.sampled_from([True, False]).map(lambda v: ("lit", v)))


def _extend(children):
    return st.one_of(
        st.tuples(st.just("og"), children, children),
        st.tuples(st.just("eller"), children, children),
        st.tuples(st.just("ikke"), children),
    )


expressions = st.recursive(leaf, _extend, max_leaves=10)
partial_facts = st.fixed_dictionaries({}, optional={f: st.booleans() for f in FACTS})


def text(e) -> str:
    if e[0] == "fact":
        return e[1]
    if e[0] == "lit":
        return "ja" if e[1] else "nej"
    if e[0] == "ikke":
        return f"ikke ({text(e[1])})"
    return f"({text(e[1])} {e[0]} {text(e[2])})"


SILENT = "silent"


def reference(e, facts):
    """(value or None, missing, silent?) by Kleene logic; the silent part is unknown forever."""
    kind = e[0]
    if kind == "fact":
        if e[1] == "tavs":
            return None, frozenset(), True
        v = facts.get(e[1])
        return (v, frozenset(), False) if v is not None else (None, frozenset([e[1]]), False)
    if kind == "lit":
        return e[1], frozenset(), False
    if kind == "ikke":
        v, m, s = reference(e[1], facts)
        return (None if v is None else not v), m, s
    decisive = kind == "eller"
    a, b = reference(e[1], facts), reference(e[2], facts)
    if a[0] is decisive or b[0] is decisive:
        return decisive, frozenset(), False
    unknown = [p for p in (a, b) if p[0] is None]
    if not unknown:
        return (not decisive), frozenset(), False
    return None, frozenset().union(*(p[1] for p in unknown)), any(p[2] for p in unknown)


def _spec(expr):
    body = DECLS + f"regel r\n  hjemmel: LAB § 2\n  er opfyldt, når {text(expr)}\n" \
                   "regel t\n  hjemmel: LAB § 3\n  er opfyldt, når kilderne er tavse om r\n" \
                   "regel m\n  hjemmel: LAB § 4\n  er opfyldt, når der mangler oplysninger til r\n"
    spec, diagnostics = compile_text(body)
    assert spec is not None, [(d.code, d.message) for d in diagnostics]
    return spec


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, partial_facts)
def test_silence_follows_kleene_and_lists_only_facts_that_could_decide(expr, facts):
    spec = _spec(expr)
    case = {"afgørelsesdato": DATE, **facts}
    answers = spec.evaluate(case, questions=["r", "t", "m"])
    value, missing, silent = reference(expr, facts)
    r = answers["r"]
    assert (r.value, set(r.missing)) == (value, set(missing))
    if value is None and not missing:
        assert silent and r.silent and all(s.kind is SilenceKind.STATED for s in r.silent)
    # The two tests of why an answer is unknown are always known, and they exclude each other.
    assert answers["t"].value is (value is None and not missing)
    assert answers["m"].value is (value is None and bool(missing))
    assert not (answers["t"].value and answers["m"].value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions, partial_facts, st.data())
def test_filling_in_the_missing_facts_decides_or_leaves_only_silence(expr, facts, data):
    spec = _spec(expr)
    first = spec.evaluate({"afgørelsesdato": DATE, **facts}, questions=["r"])["r"]
    filled = dict(facts)
    for name in first.missing:
        filled[name] = data.draw(st.booleans(), label=name)
    second = spec.evaluate({"afgørelsesdato": DATE, **filled}, questions=["r"])["r"]
    assert second.value is not None or (not second.missing and second.silent)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=-5000, max_value=5000), st.booleans())
def test_arithmetic_with_a_silent_operand_lists_no_missing_fact(amount, give_amount):
    """Arithmetic needs every operand: past a silent one, no fact can make the result known."""
    body = """\
faktum løn: beløb
tabel sats efter afgørelsesdato: procent
  hjemmel: LAB § 1
  - fra 2020-01-01: 30 %
regel fradrag: beløb
  hjemmel: LAB § 2
  er sats af løn
"""
    spec, diagnostics = compile_text(body)
    assert spec is not None, [(d.code, d.message) for d in diagnostics]
    case = {"afgørelsesdato": "2019-01-01", **({"løn": amount} if give_amount else {})}
    answer = spec.evaluate(case, questions=["fradrag"])["fradrag"]
    assert (answer.value, answer.missing) == (None, ())
    assert answer.silent
