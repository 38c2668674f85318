"""`lovkode check --verbose` (`--udførligt`) shows, per rule, where the columns cannot compute its
numbers as 64-bit integers proven exact (:mod:`lovkode.columnar.scale`), with the § heading, the line and
why. Each ``tal/*.md`` is a small spec; ``tal/*.txt`` beside it holds the section. Only
``pytest --bless`` writes the golden files (a missing one is a failure); review them by eye."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from lovkode.columnar.scale import Exactness, Loss, findings
from lovkode.pipeline import check_path
from lovkode.render.diagnostics import numbers

from tests.conftest import ROOT, lovkode_command
from tests.helpers import spec_of

HERE = Path(__file__).parent / "tal"
CASES = sorted(HERE.glob("*.md"))


def section(path: Path) -> str:
    spec, _, sources, _ = check_path(path)
    return numbers(findings(spec._checked), sources) + "\n"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_numbers_section_text(path: Path, bless: bool):
    text = section(path)
    golden = path.with_suffix(".txt")
    if bless:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} mangler; skriv den med `pytest --bless` og gennemse den"
    assert golden.read_text(encoding="utf-8") == text


def test_each_rule_is_listed_with_the_place_that_loses_the_proof_and_why():
    spec, _, _, _ = check_path(HERE / "regning.md")
    found = {r.entry.name: (r.verdict, [(f.span.line, f.loss) for f in r.findings], [e.name for e, _ in r.builds_on])
             for r in findings(spec._checked)}
    assert found == {
        "timeløn": (Exactness.DECIMAL, [(20, Loss.DIVISION)], []),
        "timeløn over 200 kr.": (None, [], ["timeløn"]),
        "tilskud": (Exactness.CHECKED, [(32, Loss.TOO_LARGE)], []),
        "halvt tilskud": (Exactness.CHECKED, [], ["tilskud"]),
        "ledighed i år": (Exactness.DECIMAL, [(48, Loss.IN_YEARS)], []),
        "grundbeløb i alt": (Exactness.CHECKED, [(61, Loss.REGULATED)], []),
    }  # »fast beløb« (constants, rounded) is proven, and so is not listed


def test_a_spec_whose_numbers_are_all_proven_says_so():
    spec = spec_of("""
        faktum »timer«: tal
        regel »timer i alt«: tal
          hjemmel: LAB § 1
          er (»timer« + 7,5) afrundet til hele kroner
        regel »alder«: tal
          hjemmel: LAB § 2
          er hele år fra 2000-01-01 til »afgørelsesdato«
        """)
    assert findings(spec._checked) == []
    assert numbers([], {}).endswith("Alle regneudtryk er bevist eksakte som hele tal på 64 bit.")


def test_check_shows_the_section_only_when_asked():
    spec = str(HERE / "regning.md")
    for option in ("--verbose", "-v", "--udførligt"):
        done = subprocess.run(lovkode_command() + ["check", option, "--spec", spec], capture_output=True, text=True,
                              encoding="utf-8", cwd=ROOT, check=False)
        assert (done.returncode, done.stderr) == (0, "")
        assert "-- TAL »timeløn« --" in done.stdout and "Division: regnes som decimaltal" in done.stdout
        assert done.stdout.rstrip().endswith("(0 fejl, 0 advarsler).")
    plain = subprocess.run(lovkode_command() + ["check", "--spec", spec], capture_output=True, text=True,
                           encoding="utf-8", cwd=ROOT, check=False)
    assert plain.returncode == 0 and "TAL" not in plain.stdout
