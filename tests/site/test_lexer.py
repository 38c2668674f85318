"""The Pygments lexer for lovkode: the right tokens for a sample, and no Error token anywhere in the
bundled spec or in the language reference, so that the site never shows a red error box in code."""
from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pygments.token import Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation, String

from lovkode.literate import blocks
from lovkode.pygments_lexer import LovkodeLexer

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = '''\
kilde LAB = "lov om en aktiv beskæftigelsesindsats"
gældende ret vurderes på »afgørelsesdato«

faktum »vurderet timetal«: timer  # fra arbejdsevnevurderingen
  beskrivelse: "timer om ugen"
  hjemmel: LAB § 122, stk. 2

regel »effektiv arbejdstid«: timer
  hjemmel: LAB § 122, stk. 2
  version fra 2020-01-01 (lov nr. 548 af 7. maj 2019):
    er <<vurderet timetal>> gange vurderet_arbejdsintensitet
  version før 1. januar 2020:
    er 12,5 timer

undtagelse »akut skade« til »krav om fastholdelse opfyldt«
  hjemmel: LAB § 119, stk. 3
  er opfyldt, når ikke »x« ≥ 16.323 kr. og »y« er ukendt

eksempel "35 %"
  givet: »vurderet timetal«: 7 timer; »vurderet arbejdsintensitet«: 35 %
  så:
    - »effektiv arbejdstid«: 2,45 timer
    - »folkepensionsalder«: 65 år 6 måneder
'''


def tokens(text: str) -> list[tuple[object, str]]:
    return [(t, v) for t, v in LovkodeLexer().get_tokens(text) if v.strip()]


def test_sample_tokens():
    got = tokens(SAMPLE)
    expected_pairs = [
        (Keyword.Declaration, "kilde"),
        (Name.Constant, "LAB"),
        (String.Double, '"lov om en aktiv beskæftigelsesindsats"'),
        (Keyword.Declaration, "gældende"),
        (Name.Variable, "»afgørelsesdato«"),
        (Keyword.Declaration, "faktum"),
        (Name.Function, "»vurderet timetal«"),
        (Keyword.Type, "timer"),
        (Comment.Single, "# fra arbejdsevnevurderingen"),
        (Keyword, "hjemmel"),
        (String.Doc, " LAB § 122, stk. 2"),
        (Keyword.Declaration, "version"),
        (Literal.Date, "2020-01-01"),
        (String.Doc, "lov nr. 548 af 7. maj 2019"),
        (Name.Variable, "<<vurderet timetal>>"),
        (Operator.Word, "gange"),
        (Name.Variable, "vurderet_arbejdsintensitet"),
        (Literal.Date, "1. januar 2020"),
        (Number, "12,5 timer"),
        (Name.Function, "»akut skade«"),
        (Name.Variable, "»krav om fastholdelse opfyldt«"),
        (Operator, "≥"),
        (Number, "16.323 kr."),
        (Keyword.Constant, "ukendt"),
        (String.Double, '"35 %"'),
        (Number, "7 timer"),
        (Punctuation, ";"),
        (Number, "35 %"),
        (Number, "2,45 timer"),
        (Number, "65 år 6 måneder"),
    ]
    for pair in expected_pairs:
        assert pair in got, f"mangler {pair}"
    assert [] == [v for t, v in got if t in Error]


def test_bullet_is_punctuation_and_minus_is_operator():
    got = tokens("regel »x«\n  er:\n    - 3 - 2, hvis ja\n")
    assert (Punctuation, "-") == got[got.index((Keyword, "er")) + 2]
    assert (Operator, "-") in got


def test_unknown_character_is_an_error_token():
    assert (Error, "@") in tokens("regel »x« @")


def _spec_blocks():
    found = []
    for path in sorted((ROOT / "spec").rglob("*.md")) + [ROOT / "docs" / "sprog.md"]:
        for block in blocks(path.name, path.read_text(encoding="utf-8")):
            found.append(pytest.param(block, id=f"{path.name}:{block.first_line}"))
    return found


@pytest.mark.parametrize("block", _spec_blocks())
def test_no_error_tokens_in_bundled_spec(block):
    errors = []
    line = block.first_line
    for ttype, value in LovkodeLexer().get_tokens(block.text):
        if ttype in Error:
            errors.append((line, value))
        line += value.count("\n")
    assert [] == errors


def test_registered_as_pygments_plugin():
    if not [e for e in entry_points(group="pygments.lexers") if e.name == "lovkode"]:
        pytest.skip("pakken lovkode er ikke installeret (pip install -e .), så indgangen pygments.lexers findes ikke")
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    assert "lovkode" == get_lexer_by_name("lovkode").name
    assert "lovkode" == get_lexer_for_filename("regler.lovkode").name


def test_every_keyword_of_the_grammar_is_highlighted_as_a_keyword():
    """A word the grammar reserves (`reguleret`, `kilderne`, `finansår` …) must not look like a name."""
    import re

    grammar = (ROOT / "grammar" / "lovkode.lark").read_text(encoding="utf-8")
    words = sorted({w for w in re.findall(r'"([^"\W\d]\w*)"', grammar)})
    assert "reguleret" in words and "tavse" in words
    named = [w for w in words if any(t in Name for t, v in LovkodeLexer().get_tokens(w) if v == w)]
    assert [] == named
