"""Golden files pin the begrundelse and the draft letter of the shared example cases, the explanation
cases and a dozen demo cases, in every format (a Word letter compared as its text).

``golden/NAME.begrundelse.txt`` is the begrundelse of the case's questions; ``NAME.brev.md``,
``NAME.brev.html`` and ``NAME.brev.docx.txt`` the letter; ``NAME.partshøring.md`` the partshøring where
the letter is an afslag. ``pytest --bless`` writes them; a missing golden file fails.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lovkode.brev import decision_questions, letter, render_letter
from lovkode.render.begrundelse import Udfald, Writer
from lovkode.render.brev import Brevhoved, Slags

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "sager"
GOLDEN = Path(__file__).parent / "golden"
HOVED = Brevhoved("Eksempel Kommune", "2024-0001", "1. juni 2024")
CONTRACT = ["ret_til_fleksjob", "legalitetsvurdering"]


def _cases() -> list[tuple[str, dict, list[str]]]:
    cases = []
    for path in sorted(SHARED.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.append((f"sag-{path.stem}", data["fakta"], list(data.get("forventet", {})) or CONTRACT))
    for path in sorted((ROOT / "tests" / "explanations" / "cases").glob("*.json")):
        if path.name.endswith(".explanation.json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        facts = data["fakta"]
        if isinstance(facts, str) and facts.startswith("../"):
            continue  # a contract case, already among the `sag-` cases above
        if isinstance(facts, str):
            facts = json.loads((ROOT / facts).read_text(encoding="utf-8"))
        cases.append((f"forklaring-{path.stem}", facts, data["spørgsmål"]))
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[:12], start=1):
        cases.append((f"demo-{number:02d}", json.loads(line), CONTRACT))
    return cases


CASES = _cases()


def _check(name: str, text: str, bless: bool) -> None:
    golden = GOLDEN / name
    if bless:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{name} mangler; skriv den med pytest --bless og læs den igennem"
    assert golden.read_text(encoding="utf-8") == text, name


def _letter_questions(spec, questions: list[str]) -> list[str]:
    marked = set(decision_questions(spec))
    return [q for q in questions if q in marked] or decision_questions(spec)[:1]


@pytest.mark.parametrize("name,facts,questions", CASES, ids=[c[0] for c in CASES])
def test_begrundelse_and_letter(spec, bless, name, facts, questions):
    answers = spec.evaluate(facts, questions)
    writer = Writer(spec, answers._run.facts)
    texts = [writer.begrundelse(q).text() for q in answers]
    _check(f"{name}.begrundelse.txt", "\n\n————\n\n".join(texts) + "\n", bless)

    brev = letter(spec, facts, _letter_questions(spec, questions), HOVED)
    _check(f"{name}.brev.md", render_letter(brev, "markdown").decode("utf-8"), bless)
    _check(f"{name}.brev.html", render_letter(brev, "html").decode("utf-8"), bless)
    try:
        from lovkode.render.brev_docx import docx_text
    except ImportError:
        pytest.skip("python-docx er ikke installeret (pip install \"lovkode[brev]\"); Word-brevet er ikke prøvet")
    _check(f"{name}.brev.docx.txt", docx_text(render_letter(brev, "docx")), bless)


@pytest.mark.parametrize("name,facts,questions", CASES, ids=[c[0] for c in CASES])
def test_partshøring_before_an_afslag(spec, bless, name, facts, questions):
    asked = _letter_questions(spec, questions)
    brev = letter(spec, facts, asked, HOVED)
    answers = spec.evaluate(facts, asked)
    if brev.slags is not Slags.AFGØRELSE or all(a.value is not False for a in answers.values()):
        assert not (GOLDEN / f"{name}.partshøring.md").exists(), "en partshøring uden et afslag"
        return
    hearing = letter(spec, facts, asked, HOVED, partshøring=True)
    assert hearing.slags is Slags.PARTSHØRING
    _check(f"{name}.partshøring.md", render_letter(hearing, "markdown").decode("utf-8"), bless)


def test_the_cases_cover_every_kind_of_letter(spec):
    kinds = set()
    for _, facts, questions in CASES:
        kinds.add(letter(spec, facts, _letter_questions(spec, questions), HOVED).slags)
    assert {Slags.AFGØRELSE, Slags.ANMODNING} <= kinds
    udfald = {Writer(spec, spec.evaluate(f, q)._run.facts).begrundelse(q[0]).udfald for _, f, q in CASES}
    assert {Udfald.JA, Udfald.NEJ, Udfald.UKENDT} <= udfald
