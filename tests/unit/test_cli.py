"""The command line: every bad input is a Danish message and exit 2, never a traceback."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from decimal import Decimal

import pytest

from tests.conftest import lovkode_command

GOOD = {"afgørelsesdato": "2024-06-01", "fødselsdato": "1965-03-10"}


def run(*args, stdin: str | None = None):
    done = subprocess.run(lovkode_command() + list(args), capture_output=True, text=True, encoding="utf-8",
                          input=stdin, check=False)
    assert "Traceback" not in done.stderr
    return done


@pytest.fixture
def case(tmp_path):
    def write(content, name="sag.json"):
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content, ensure_ascii=False),
                        encoding="utf-8")
        return str(path)

    return write


def test_eval_json_prints_the_contract_object(case):
    done = run("eval", case(GOOD), "--format", "json", "--question", "folkepensionsalder", "--question", "alder")
    assert 0 == done.returncode
    results = json.loads(done.stdout, parse_float=Decimal)["results"]
    assert {"alder", "folkepensionsalder"} == set(results)
    assert (Decimal(59), []) == (results["alder"]["value"], results["alder"]["missing"])
    assert {"name", "value", "citation", "because"} <= set(results["alder"]["explanation"])


def test_eval_text_gives_reasons_with_paragraphs(case):
    done = run("eval", case(GOOD), "--question", "under_folkepensionsalderen")
    assert 0 == done.returncode
    assert "Begrundelse" in done.stdout
    assert "§" in done.stdout


def test_missing_file(tmp_path):
    done = run("eval", str(tmp_path / "findes-ikke.json"))
    assert (2, True) == (done.returncode, "findes ikke" in done.stderr)


def test_invalid_json_names_line_and_column(case):
    done = run("eval", case('{\n  "fødselsdato": "1965-03-10",\n}'))
    assert 2 == done.returncode
    assert "linje 3, kolonne 1" in done.stderr


def test_misspelled_fact_suggests_the_right_name(case):
    done = run("eval", case({"fødselsdto": "1965-03-10"}))
    assert 2 == done.returncode
    assert "Mente du `fødselsdato`?" in done.stderr


@pytest.mark.parametrize("facts, words", [
    ({"fødselsdato": "1965-02-30"}, "ikke en gyldig dato"),
    ({"modtager_førtidspension": "ja"}, "`true` eller `false`"),
    ({"vurderet_arbejdsintensitet": 135}, "mellem 0 og 100"),
    ({"vurderet_timetal": -2}, "negativt"),
    ({"kommunens_afgørelse": "bevilliget"}, "Mente du `bevilget`?"),
    ([1, 2], "JSON-objekt"),
    ({"månedlig_lønindtægt": 10 ** 31}, "mellem −1.000.000.000.000 og 1.000.000.000.000"),
    ({"lønloft": 25000.1234567}, "højst 6 decimaler"),
])
def test_bad_values_are_listed_in_danish(case, facts, words):
    done = run("eval", case(facts))
    assert 2 == done.returncode
    assert words in done.stderr


def test_every_problem_is_listed_at_once(case):
    done = run("eval", case({"fødselsdato": "nej", "vurderet_timetal": -1, "x": 1}))
    assert 2 == done.returncode
    assert "3 fejl" in done.stderr


def test_unknown_question(case):
    done = run("eval", case(GOOD), "--question", "ret_til_flexjob")
    assert 2 == done.returncode
    assert "Mente du `ret_til_fleksjob`?" in done.stderr


def test_bad_arguments_are_danish_and_exit_2():
    done = run("eval")
    assert 2 == done.returncode
    assert "fejl" in done.stderr


def test_check_and_test_pass_on_the_bundled_spec():
    done = run("check")
    assert 0 == done.returncode, done.stdout
    assert "0 fejl, 0 advarsler" in done.stdout
    done = run("test")
    assert 0 == done.returncode, done.stdout
    assert " passed, 0 failed" in done.stdout.splitlines()[-1]


def test_check_reports_errors_with_exit_1(tmp_path):
    (tmp_path / "a.md").write_text("```lovkode\nregel »x«\n  er opfyldt, når »y«\n```\n", encoding="utf-8")
    done = run("check", "--spec", str(tmp_path))
    assert 1 == done.returncode
    assert "LK401" in done.stdout and "^" in done.stdout


def test_schema_is_draft_2020_12():
    done = run("schema")
    schema = json.loads(done.stdout)
    assert "https://json-schema.org/draft/2020-12/schema" == schema["$schema"]
    assert "fødselsdato" in schema["properties"]


def test_forklar():
    assert "Ukendt navn" in run("forklar", "LK201").stdout
    assert "Tal uden for det tilladte" in run("forklar", "lk707").stdout
    assert 2 == run("forklar", "LK999").returncode


def test_batch_keeps_order_and_reports_bad_lines(tmp_path):
    lines = [json.dumps(GOOD), "{ikke json", json.dumps({"fødselsdato": "1960-08-01", "afgørelsesdato": "2027-07-31"})]
    path = tmp_path / "sager.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "rapport.md"
    done = run("batch", str(path), "--question", "alder", "--report", str(report))
    assert 2 == done.returncode
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [1, 2, 3] == [o["linje"] for o in out]
    assert 59 == out[0]["results"]["alder"]["value"] and 66 == out[2]["results"]["alder"]["value"]
    assert "linje 2" in out[1]["fejl"]
    assert report.exists()


def test_every_code_a_case_can_get_is_explained():
    import re

    from lovkode import facts
    from lovkode.messages import explain

    used = set(re.findall(r'code="(LK\d+)"', Path(facts.__file__).read_text(encoding="utf-8"))) | {"LK701"}
    assert [] == [code for code in sorted(used) if explain(code) is None]
