"""`lovkode check --verbose` (`--udførligt`) shows, per rule, where the columns cannot compute its
numbers as 64-bit integers proven exact (:mod:`lovkode.columnar.scale`), with the § heading, the line and
why — as text, and with `--format json` under the key ``tal``. Each ``tal/*.md`` is a small spec;
``tal/*.txt`` beside it holds the text section and ``tal/*.json`` the JSON one. Only ``pytest --bless``
writes the golden files (a missing one is a failure); review them by eye."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from lovkode import messages
from lovkode.columnar.scale import Exactness, Loss, findings
from lovkode.pipeline import check_path
from lovkode.render.diagnostics import numbers, numbers_json
from lovkode.render.json_output import dumps

from tests.conftest import ROOT, lovkode_command
from tests.helpers import spec_of

HERE = Path(__file__).parent / "tal"
CASES = sorted(HERE.glob("*.md"))


def section(path: Path) -> str:
    spec, _, sources, _ = check_path(path)
    return numbers(findings(spec._checked), sources) + "\n"


def section_json(path: Path) -> str:
    spec, _, _, _ = check_path(path)
    return dumps(numbers_json(findings(spec._checked))) + "\n"


@pytest.mark.parametrize("form", [".txt", ".json"], ids=["tekst", "json"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_numbers_section(path: Path, form: str, bless: bool):
    text = {".txt": section, ".json": section_json}[form](path)
    golden = path.with_suffix(form)
    if bless:
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} mangler; skriv den med `pytest --bless` og gennemse den"
    assert golden.read_text(encoding="utf-8") == text


def test_the_json_says_what_the_text_says_place_by_place():
    """Each place in the JSON names its rule's verdict, the loss and the very reason the text form prints
    under that line, and the counts agree with the text's last line."""
    text = section(HERE / "regning.md")
    found = json.loads(section_json(HERE / "regning.md"))
    places = [(rule["regel"], place["linje"], place["dom"], place["grund"], place["besked"])
              for rule in found["regler"] for place in rule["steder"]]
    assert places == [
        ("timeløn", 20, "decimaltal", "division", messages.NUMBERS_LOSS[Loss.DIVISION]),
        ("tilskud", 32, "tjekket", "for stor", messages.NUMBERS_LOSS[Loss.TOO_LARGE]),
        ("ledighed i år", 48, "decimaltal", "i år", messages.NUMBERS_LOSS[Loss.IN_YEARS]),
        ("grundbeløb i alt", 61, "tjekket", "reguleret beløb", messages.NUMBERS_LOSS[Loss.REGULATED]),
    ]
    assert all(f"{rule['fil']}:{rule['linje']}:{rule['kolonne']}  ({' › '.join(rule['overskrift'])})" in text
               for rule in found["regler"])
    assert all(rule["besked"] in text for rule in found["regler"])
    assert [(r["regel"], r["dom"], r["bygger_på"]) for r in found["regler"] if r["bygger_på"]] == [
        ("timeløn over 200 kr.", None, [{"regel": "timeløn", "dom": "decimaltal"}]),
        ("halvt tilskud", "tjekket", [{"regel": "tilskud", "dom": "tjekket"}]),
    ]
    assert (found["decimaltal"], found["tjekket"]) == (2, 2) and text.rstrip().endswith(found["besked"])


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
    assert numbers_json([]) == {"regler": [], "decimaltal": 0, "tjekket": 0,
                                "besked": "Alle regneudtryk er bevist eksakte som hele tal på 64 bit."}


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


def test_check_in_json_gives_the_section_under_tal_only_when_asked():
    for option in ("--verbose", "-v", "--udførligt"):
        done = subprocess.run(lovkode_command() + ["check", "--format", "json", option, "--spec", "regning.md"],
                              capture_output=True, text=True, encoding="utf-8", cwd=HERE, check=False)
        assert (done.returncode, done.stderr) == (0, "")
        out = json.loads(done.stdout)
        assert (out["diagnostics"], out["fejl"], out["advarsler"]) == ([], 0, 0)
        assert dumps(out["tal"]) + "\n" == (HERE / "regning.json").read_text(encoding="utf-8")
    plain = subprocess.run(lovkode_command() + ["check", "--format", "json", "--spec", "regning.md"],
                           capture_output=True, text=True, encoding="utf-8", cwd=HERE, check=False)
    assert plain.returncode == 0 and "tal" not in json.loads(plain.stdout)
