"""The plain functions other callers (the HTTP service among them) use for the begrundelse and the letter."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lovkode.brev import LetterError, letter, letterhead, render_letter
from lovkode.render.brev import Brevhoved, Slags

ROOT = Path(__file__).resolve().parents[2]
FACTS = json.loads((ROOT / "spec" / "data" / "eksempel-sag.json").read_text(encoding="utf-8"))


def test_the_begrundelse_as_json_is_the_text_and_its_parts(spec):
    answer = spec.evaluate(FACTS, ["ret_til_fleksjob"])["ret_til_fleksjob"]
    data = answer.begrundelse_data().as_json()
    assert data["tekst"] == answer.begrundelse()
    assert data["udfald"] == "ja" and data["afgørelse_til_borgeren"] is True
    assert data["konklusion"] == "Personen har ret til fleksjob."
    assert data["grunde"][0]["tekst"].startswith("Personen er i målgruppen for fleksjob")
    json.dumps(data)  # plain JSON data all the way down


def test_a_letterhead_from_json_data():
    assert letterhead({"kommune": "Aarhus Kommune"}) == Brevhoved(kommune="Aarhus Kommune")
    with pytest.raises(LetterError, match="ukendte nøgler: by"):
        letterhead({"by": "Aarhus"})
    with pytest.raises(LetterError, match="sagsnummer være tekst"):
        letterhead({"sagsnummer": 7})
    with pytest.raises(LetterError, match="ét JSON-objekt"):
        letterhead(["Aarhus"])


def test_a_letter_for_the_service(spec):
    brev = letter(spec, FACTS, ["ret_til_fleksjob"], Brevhoved("Aarhus Kommune", "1", "1. juni 2024"))
    assert brev.slags is Slags.AFGØRELSE
    assert render_letter(brev, "html").startswith(b"<!DOCTYPE html>")
    with pytest.raises(LetterError, match="findes ikke"):
        render_letter(brev, "pdf")


def test_the_bundled_spec_has_every_line_a_letter_needs(spec):
    """`lovkode check` stays warning-free: every decision to a citizen has its sentences, labels, questions
    and units (LK511–LK514)."""
    assert [d.code for d in spec.warnings] == []


CONFLICT = '''
faktum »a«: sandhedsværdi
  spørg kommunen: "Er a opfyldt?"
faktum »b«: sandhedsværdi
  spørg borgeren: "Er b opfyldt?"
spørgsmål »ret«
  hjemmel: LAB § 1
  er opfyldt, når »a«
  afgørelse til borgeren
  når ja: "personen har ret"
  når nej: "personen har ikke ret"
undtagelse »første« til »ret«
  hjemmel: LAB § 2
  er opfyldt, når »b«
undtagelse »anden« til »ret«
  hjemmel: LAB § 3
  er ikke opfyldt, når »b«
'''


def test_conflicting_exceptions_are_decided_without_lovkode_not_asked_about():
    from tests.helpers import spec_of

    small = spec_of(CONFLICT)
    brev = letter(small, {"a": True, "b": True}, ["ret"])
    assert brev.slags is Slags.UDEN_LOVKODE
    text = render_letter(brev, "markdown").decode("utf-8")
    assert "»første«" in text and "»anden«" in text
    asked = letter(small, {}, ["ret"])
    assert asked.slags is Slags.ANMODNING
    assert "Er a opfyldt?" in render_letter(asked, "markdown").decode("utf-8")
