"""An anbefaling is given when its condition holds and touches what the answers reached. When all
questions are asked, some anbefalinger are known at load to touch the answers whenever they hold (their
condition always reads something every evaluation reads); the rest are checked against the case."""
from __future__ import annotations

from lovkode.evaluate import concerning_every_answer

from tests.helpers import spec_of

SPEC = """\
faktum »a«: sandhedsværdi
faktum »b«: sandhedsværdi
faktum »c«: sandhedsværdi
spørgsmål »q«
  hjemmel: LAB § 1
  er opfyldt, når »a« og »b«
anbefaling »om a«
  hjemmel: LAB § 2
  gives, når »a« og »c«
  tekst: "Om a."
anbefaling »om b«
  hjemmel: LAB § 3
  gives, når ikke »b«
  tekst: "Om b."
anbefaling »om c alene«
  hjemmel: LAB § 4
  gives, når »c«
  tekst: "Om c."
"""


def _given(spec, case, questions=None) -> list[str]:
    return [r.name for r in spec.evaluate(case, questions).recommendations]


def test_advice_on_a_fact_every_answer_reads_first_is_known_at_load_to_concern_the_answers():
    spec = spec_of(SPEC)
    known = {r.name.text for r in spec._checked.recommendations  # noqa: SLF001
             if id(r) in concerning_every_answer(spec._checked)}  # noqa: SLF001
    assert known == {"om a"}  # »b« is read only when »a« holds; »c« by no question


def test_advice_on_a_fact_the_answers_did_not_reach_is_not_given():
    spec = spec_of(SPEC)
    assert _given(spec, {"a": True, "b": False, "c": True}) == ["om a", "om b"]
    assert _given(spec, {"a": False, "b": False, "c": True}) == []  # »q« stopped at »a«: »b« unread
    assert _given(spec, {"a": True, "b": False, "c": True}, ["q"]) == ["om a", "om b"]


def test_the_bundled_spec_knows_which_advice_concerns_every_answer(spec):
    known = {r.name.text for r in spec._checked.recommendations  # noqa: SLF001
             if id(r) in spec._program.fast.concerning}  # noqa: SLF001
    assert known == {"overvej sag om førtidspension", "træf skriftlig afgørelse med klagevejledning",
                     "afprøv med sigte på normale vilkår", "overvej ressourceforløb, når udviklingen er uafklaret"}
