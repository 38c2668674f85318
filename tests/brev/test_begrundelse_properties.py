"""Properties of the begrundelse over random partial cases of the bundled spec.

A "nej" says why: at least one part of a condition it names is false and is part of the evaluation's
derivation. An "ukendt" asks exactly for the facts the answer's ``missing`` names. No machine name
reaches a reader, and every provision cited is one the spec cites.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from lovkode import citations
from lovkode.render.begrundelse import Udfald, Writer

from tests.property.test_json_text import _case_strategy

try:
    from lovkode.render.brev_docx import docx_text as DOCX
except ImportError:  # python-docx is the optional extra lovkode[brev]; the Word letter is then not tried here
    DOCX = None

SNAKE = re.compile(r"(?<![\w/.-])[a-zæøå]+_[a-zæøå0-9_]+(?![\w/])")
QUESTIONS = ["ret_til_fleksjob", "krav_om_fastholdelse_opfyldt", "godkendelse_af_konkret_fleksjob", "fleksløntilskud",
             "legalitetsvurdering", "målgruppe_for_fleksjob", "sagsbehandlingskrav_opfyldt"]


def _walk(reasons):
    for reason in reasons:
        yield reason
        yield from _walk(reason.children)


def _names(node, found=None) -> set[str]:
    found = set() if found is None else found
    found.add(node["name"])
    for child in node.get("because", ()):
        _names(child, found)
    return found


@pytest.fixture(scope="module")
def cited(spec) -> set[str]:
    """Every citation of the spec, spelled out as the begrundelse spells it."""
    texts = {e.citation for e in spec._checked.entries.values()} | {x.citation for x in spec._checked.exceptions}
    return {citations.expand(t, spec._checked.sources) for t in texts if t}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_case_strategy())
def test_the_begrundelse_says_why_asks_what_is_missing_and_shows_no_machine_name(spec, cited, case):
    answers = spec.evaluate(case, QUESTIONS)
    writer = Writer(spec, answers._run.facts)
    for name, answer in answers.items():
        b = writer.begrundelse(name)
        text = b.text()
        assert not SNAKE.findall(text), (name, SNAKE.findall(text))
        for rule in b.rules:  # one citation, or several that share a quoted law text
            remaining = rule.citation
            for citation in sorted(cited, key=len, reverse=True):
                remaining = remaining.replace(citation, "")
            assert not remaining.strip("; "), rule.citation
        if answer.value is False:
            derivation = _names(answer.explanation)
            failed = [r for r in _walk(b.reasons) if r.holds is False and derivation.intersection(r.subjects)]
            assert failed, f"{name}: et nej uden en betingelse, der ikke er opfyldt\n{text}"
        if answer.value is None and not answer.silent and not answer.conflict:
            assert b.udfald is Udfald.UKENDT
            assert sorted(m.name for m in b.missing) == sorted(spec.facts[m].name for m in answer.missing)
            for m in b.missing:
                assert m.question in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_case_strategy())
def test_a_letter_shows_no_machine_name_and_asks_for_what_is_missing(spec, case):
    from lovkode.brev import letter, render_letter
    from lovkode.render.brev import Slags

    answers = spec.evaluate(case, ["ret_til_fleksjob"])
    brev = letter(spec, case, ["ret_til_fleksjob"])
    texts = {format: render_letter(brev, format).decode("utf-8") for format in ("markdown", "html")}
    if DOCX is not None:
        texts["docx"] = DOCX(render_letter(brev, "docx"))
    for format, text in texts.items():
        assert not SNAKE.findall(text), (format, SNAKE.findall(text))
    answer = answers["ret_til_fleksjob"]
    if answer.value is None and not answer.silent and not answer.conflict:
        assert brev.slags is Slags.ANMODNING
        text = render_letter(brev, "markdown").decode("utf-8")
        for name in answer.missing:
            question = spec._checked.entries[name].decl.presentation.question
            assert question in text
