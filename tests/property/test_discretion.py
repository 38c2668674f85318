"""Property test of a skøn's lawfulness: over every partial case, its value is the assessment and its
lawfulness (Kleene `og`), and `er lovligt udøvet` is the lawfulness alone — the requirements met and,
where a consideration against is present, the contrary information weighed."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import spec_of

SPEC = """
faktum »vurdering«: sandhedsværdi
faktum »dokumenteret«: sandhedsværdi
faktum »hensyn«: sandhedsværdi
faktum »afvejet«: sandhedsværdi
skøn »skønnet«
  hjemmel: LAB § 116, stk. 1
  vurdering: »vurdering«
  krav:
    - »dokumenteret«
  hensyn imod:
    - »hensyn«
  afvejning: »afvejet«
regel »lovligt«
  hjemmel: LAB § 1
  er opfyldt, når »skønnet« er lovligt udøvet
"""
FACTS = ("vurdering", "dokumenteret", "hensyn", "afvejet")


def kleene_and(*values):
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def kleene_or(*values):
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def kleene_not(v):
    return None if v is None else not v


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={f: st.booleans() for f in FACTS}))
def test_value_is_assessment_and_lawfulness(facts):
    spec = spec_of(SPEC)
    answers = spec.evaluate(facts, ["skønnet", "lovligt"])
    get = facts.get
    lawful = kleene_and(get("dokumenteret"), kleene_or(kleene_not(get("hensyn")), get("afvejet")))
    assert answers["lovligt"].value is lawful
    assert answers["skønnet"].value is kleene_and(get("vurdering"), lawful)
    assert answers["skønnet"].explanation["skøn"]["lovligt_udøvet"] is lawful
