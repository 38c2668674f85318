"""Small things a jurist trying the language ran into (issue 14, item 8), each kept fixed by a test."""
from __future__ import annotations

import subprocess
from decimal import Decimal

from lovkode.diagnostics import Diagnostic
from lovkode.render.diagnostics import summary
from tests.conftest import lovkode_command
from tests.helpers import spec_of

SPEC = """\
faktum »løn«: beløb
regel »dobbelt løn«: beløb
  hjemmel: LAB § 1
  er »løn« gange 2
eksempel "løn 10 kr."
  givet: »løn«: 10 kr.
  så:
    - »løn«: 10 kr.
    - »dobbelt løn«: 25 kr.
"""


def test_one_warning_is_written_in_the_singular():
    warning = Diagnostic("LK501", "advarsel", "…")
    assert ("0 fejl, 1 advarsel", "0 fejl, 2 advarsler") == (summary([warning]), summary([warning, warning]))


def test_an_amount_ends_its_sentence_with_one_full_stop():
    spec = spec_of(SPEC)
    reasons = spec.evaluate({"afgørelsesdato": "2024-01-01", "løn": 20000}, ["dobbelt_løn"])["dobbelt_løn"].begrundelse()
    assert "40.000 kr." in reasons and "»løn«: 20.000 kr." in reasons
    assert "kr.." not in reasons


def test_a_question_can_be_asked_as_the_spec_writes_it():
    spec = spec_of(SPEC)
    for written in ("»dobbelt løn«", "<<dobbelt løn>>", "dobbelt_løn"):
        answers = spec.evaluate({"afgørelsesdato": "2024-01-01", "løn": 10}, [written])
        assert Decimal(20) == answers["dobbelt_løn"].value


def test_a_failing_example_points_to_the_expectation_that_was_not_met(tmp_path):
    from tests.helpers import HEADER

    (tmp_path / "spec.md").write_text("# Løn\n\n```lovkode\n" + HEADER + SPEC + "```\n", encoding="utf-8")
    done = subprocess.run(lovkode_command() + ["test", "--spec", str(tmp_path)], capture_output=True, text=True,
                          encoding="utf-8", check=False)
    wrong = next(n for n, line in enumerate((tmp_path / "spec.md").read_text(encoding="utf-8").split("\n"), start=1)
                 if "»dobbelt løn«: 25 kr." in line)
    assert 1 == done.returncode
    assert f"FEJL {tmp_path.name}/spec.md:{wrong}: Eksempel 'løn 10 kr.'" in done.stdout.replace(str(tmp_path.parent) + "/", "")


def test_a_source_abbreviation_with_digits_is_written_out_in_the_hjemmel():
    spec = spec_of("""\
        kilde BEK227 = "bekendtgørelse nr. 227 af 7. marts 2024"
        regel »x«
          hjemmel: BEK227 § 3, stk. 2
          er opfyldt, når »afgørelsesdato« er oplyst
        """)
    assert "bekendtgørelse nr. 227 af 7. marts 2024 § 3, stk. 2" == spec.rules["x"].citation


DURATION_SPEC = """\
    faktum »startdato«: dato
    faktum »ansættelsens længde«: varighed
    regel »slutdato«: dato
      hjemmel: LAB § 120
      er »startdato« + »ansættelsens længde«
    eksempel "seks måneder"
      givet: »startdato«: 2024-01-31; »ansættelsens længde«: 1 måned
      så: »slutdato«: 2024-02-29
    """


def test_a_duration_is_given_in_a_case_as_iso_8601_and_the_schema_says_so():
    import jsonschema

    spec = spec_of(DURATION_SPEC)
    assert all(r.passed for r in spec.run_examples())
    for written, end in (("P1M", "2024-02-29"), ("P1Y6M", "2025-07-31"), ("P14D", "2024-02-14"), ("P2W", "2024-02-14")):
        case = {"afgørelsesdato": "2024-01-01", "startdato": "2024-01-31", "ansættelsens_længde": written}
        jsonschema.validate(case, spec.json_schema())
        assert end == spec.evaluate(case, ["slutdato"])["slutdato"].value.isoformat()


def test_a_duration_that_is_not_iso_8601_or_mixes_months_and_days_is_refused_in_danish():
    from lovkode.facts import FactsError

    spec = spec_of(DURATION_SPEC)
    for written, words in ((6, "skal være en varighed som tekst efter ISO 8601"), ("6 måneder", "ISO 8601"),
                           ("P1M2D", "blander måneder og dage")):
        case = {"afgørelsesdato": "2024-01-01", "startdato": "2024-01-31", "ansættelsens_længde": written}
        try:
            spec.evaluate(case, ["slutdato"])
        except FactsError as err:
            assert words in str(err)
        else:
            raise AssertionError(f"{written!r} blev godtaget")
