""""Prøv en sag" without a browser: the order the page asks in, the form made from the declarations, the
answers the page shows (the very module Pyodide runs, here under CPython) against the API, and what the
site build ships to the browser.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import ROOT

import lovkode
from lovkode import structure
from lovkode.site.proev import assets, bundle, form, page, session

SAGER = ROOT.parent / "shared" / "sager"
CASES = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SAGER.glob("*.json"))] if SAGER.is_dir() else []


@pytest.fixture(scope="module")
def spec():
    return lovkode.load(ROOT / "spec")


@pytest.fixture(scope="module")
def proevning(spec):
    return session.Proevning(spec)


# -- the order of the questions' facts ------------------------------------------------------------------

def test_the_afproevning_is_asked_before_its_exception(spec):
    """§ 116, stk. 3: tilbud skal være afprøvet (1. pkt.), medmindre det er åbenbart formålsløst (2. pkt.)."""
    assert ("relevante_tilbud_afprøvet", "afprøvning_åbenbart_formålsløs") == \
        structure.facts_in_order(spec, "krav_om_afprøvning_opfyldt")


def test_the_order_names_exactly_what_the_checker_found(spec):
    closure = spec._dependency_closure()
    for ident, rule in spec.rules.items():
        assert set(structure.condition_order(spec, ident)) == set(rule.dependencies), ident
        assert set(structure.facts_in_order(spec, ident)) == {f for f in closure[ident] if f in spec.facts}, ident


def test_the_rules_for_ret_til_fleksjob_start_with_the_target_group(spec):
    order = structure.facts_in_order(spec, "ret_til_fleksjob")
    assert order[0] == "kan_arbejde_på_ordinære_vilkår"
    assert order.index("arbejdsevne_væsentligt_nedsat") < order.index("relevante_tilbud_afprøvet")


# -- the form -----------------------------------------------------------------------------------------

def test_the_form_has_a_control_for_every_fact_of_every_question(spec):
    described = form.describe_form(spec)
    assert [q["id"] for q in described["spørgsmål"]] == list(spec.questions)
    for question in described["spørgsmål"]:
        assert question["fakta"] == list(structure.facts_in_order(spec, question["id"]))
        assert all(f in described["fakta"] for f in question["fakta"])
    fields = described["fakta"]
    assert fields["modtager_førtidspension"]["felt"] == "ja-nej"
    assert fields["fødselsdato"]["felt"] == "dato"
    assert (fields["vurderet_arbejdsintensitet"]["felt"], fields["vurderet_arbejdsintensitet"]["enhed"],
            fields["vurderet_arbejdsintensitet"]["min"], fields["vurderet_arbejdsintensitet"]["max"]) == ("tal", "%", 0, 100)
    assert fields["vurderet_timetal"]["enhed"] == "timer"
    assert fields["kommunens_afgørelse"]["felt"] == "valg"
    assert "bevilget" in fields["kommunens_afgørelse"]["valg"]
    assert all(field["navn"] and field["beskrivelse"] for field in fields.values())


def test_every_rule_a_case_can_change_can_be_tried_not_only_the_questions(spec):
    """The 18 rules that are not questions of the contract — the seniorpension's condition, the skøn on
    the arbejdsevne, the knækpunkt, the folkepensionsalder … — are offered after the questions, each with
    its facts; only the tilpasningsprocent is not: it is a table by finansår, which no case's facts look
    up (only the regulation of the knækpunkt does, year by year)."""
    described = form.describe_form(spec)
    others = [rule["id"] for rule in described["regler"]]
    assert others == list(form.tryable_rules(spec))
    assert [r for r in spec.rules if r not in spec.questions and r not in others] == ["tilpasningsprocent"]
    assert not set(others) & set(spec.questions)
    assert {"betingelsen_om_seniorpension", "varige_og_væsentlige_begrænsninger_i_arbejdsevnen",
            "knækpunkt_efter_beregningsmåned", "folkepensionsalder_efter_fødselsdato"} <= set(others)
    for rule in described["regler"]:
        assert rule["fakta"] == list(structure.facts_in_order(spec, rule["id"])) and rule["fakta"], rule["id"]
        assert all(f in described["fakta"] for f in rule["fakta"])
        assert (rule["navn"], rule["art"], rule["hjemmel"]) == (spec.rules[rule["id"]].name, spec.rules[rule["id"]].kind,
                                                              spec.rules[rule["id"]].citation)
    assert {rule["art"] for rule in described["regler"]} == {"regel", "skøn", "tabel", "reguleret beløb"}
    assert described["format"] == 2


# -- the answers the page shows ------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [(True, "true"), (False, "false"), (None, "null"), (Decimal("12.5"), "12.5"),
                                         (Decimal("68"), "68"), (dt.date(2031, 3, 10), "2031-03-10"),
                                         ("hjemvises", "hjemvises")])
def test_the_answer_is_held_as_the_contract_writes_it(value, text):
    assert text == session.contract_text(value)


@pytest.mark.skipif(not CASES, reason="../shared/sager findes ikke")
def test_every_case_fact_by_fact_as_the_api(spec, proevning):
    for case in CASES:
        for question in case["forventet"]:
            order = structure.facts_in_order(spec, question)
            given_facts: dict = {}
            for fact, value in case["fakta"].items():
                given_facts[fact] = value
                shown = proevning.answer(question, given_facts)
                answer = spec.evaluate(given_facts, questions=[question])[question]
                assert shown["svar"] == session.contract_text(answer.value)
                assert shown["missing"] == list(answer.missing)
                assert shown["næste"] == [f for f in order if f in answer.missing]
                assert {f for f, s in shown["fakta"].items() if s["status"] == session.DECIDES} == set(answer.missing)
                assert set(shown["fakta"]) == set(order)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_fact_shown_as_without_bearing_cannot_change_the_answer(spec, proevning, data):
    """Grey means it: give any fact the page greys out its value from a real case, and the answer stays."""
    if not CASES:
        pytest.skip("../shared/sager findes ikke")
    case = data.draw(st.sampled_from(CASES))
    question = data.draw(st.sampled_from(sorted(case["forventet"])))
    keys = sorted(case["fakta"])
    chosen = data.draw(st.lists(st.sampled_from(keys), unique=True)) if keys else []
    facts = {k: case["fakta"][k] for k in chosen}
    shown = proevning.answer(question, facts)
    for fact, state in shown["fakta"].items():
        if state["status"] == session.IRRELEVANT and fact not in facts and fact in case["fakta"]:
            assert state["hvorfor"]
            after = proevning.answer(question, {**facts, fact: case["fakta"][fact]})
            assert after["svar"] == shown["svar"], (question, fact)


@pytest.mark.skipif(not CASES, reason="../shared/sager findes ikke")
def test_every_other_rule_fact_by_fact_as_the_api(spec, proevning):
    """A rule that is not a question is answered as the API answers it by name, case by case and fact
    by fact, with its begrundelse — the knækpunkt (a regulated amount) and the folkepensionsalder (a
    table) too."""
    for rule in form.tryable_rules(spec):
        order = structure.facts_in_order(spec, rule)
        for case in [{"fakta": {}}] + CASES[:6]:
            given_facts: dict = {}
            for fact, value in [(None, None)] + list(case["fakta"].items()):
                if fact is not None:
                    given_facts[fact] = value
                shown = proevning.answer(rule, given_facts)
                answer = spec.evaluate(given_facts, questions=[rule])[rule]
                assert (shown["spørgsmål"], shown["svar"]) == (rule, session.contract_text(answer.value))
                assert shown["missing"] == list(answer.missing)
                assert shown["næste"] == [f for f in order if f in answer.missing]
                assert shown["begrundelse"] == answer.begrundelse()
                assert set(shown["fakta"]) == set(order)


def test_bad_facts_come_back_in_danish_at_their_field(proevning):
    shown = json.loads(proevning.answer_json("ret_til_fleksjob", '{"vurderet_timetal": "mange", "kan_arbejde": true}'))
    problems = {p["faktum"]: p["tekst"] for p in shown["fejl"]}
    assert "vurderet_timetal" in problems and "tal" in problems["vurderet_timetal"]
    assert "kan_arbejde" in problems
    assert "fejl" in json.loads(proevning.answer_json("ret_til_fleksjob", "{ikke json"))
    assert "fejl" in json.loads(proevning.answer_json("intet_spørgsmål", "{}"))


def test_exact_numbers_from_the_page(proevning):
    shown = json.loads(proevning.answer_json("effektiv_arbejdstid",
                                             '{"vurderet_timetal": 7, "vurderet_arbejdsintensitet": 35}'))
    assert "2.45" == shown["svar"]


# -- what the browser gets ------------------------------------------------------------------------------

def test_the_archive_runs_the_spec_without_lark_parsing(spec, tmp_path):
    """The interpreter as shipped to the browser: its own spec and parse cache, the page's module beside it
    (run here with CPython, which reads the same pickles as Pyodide)."""
    archive = bundle.interpreter_archive(spec)
    with zipfile.ZipFile(__import__("io").BytesIO(archive)) as opened:
        names = opened.namelist()
        opened.extractall(tmp_path)
    assert "lovkode/__init__.py" in names and "lovkode_proev.py" in names
    assert not any(n.startswith("lovkode/site/") for n in names), "the site generator is not for the browser"
    assert {n[len("spec/"):] for n in names if n.startswith("spec/")} == set(spec.sources)
    assert len([n for n in names if n.startswith("lovkode/_data/parsecache/")]) == len(spec.sources)
    assert archive == bundle.interpreter_archive(spec), "the same sources give the same archive"
    program = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import lovkode, lovkode_proev\n"
        "from lovkode import pipeline\n"
        "def refuse(*args): raise SystemExit('Lark was run: the parse cache was missed')\n"
        "pipeline._parse_file = refuse\n"
        "p = lovkode_proev.Proevning(lovkode.load(sys.argv[1] + '/spec'))\n"
        "print(p.answer_json('krav_om_afprøvning_opfyldt', '{\"relevante_tilbud_afprøvet\": true}'))\n")
    env = dict(os.environ, LOVKODE_CACHE_DIR="")
    done = subprocess.run([sys.executable, "-I", "-c", program, str(tmp_path)], capture_output=True, text=True,
                          env=env, check=False)
    assert 0 == done.returncode, done.stderr
    assert json.loads(done.stdout)["svar"] == "true"


def test_the_runtime_is_found_or_the_reason_given(tmp_path):
    runtime, why = bundle.find_runtime(tmp_path)
    assert runtime is None and "pyodide.mjs" in why
    for name in bundle.PYODIDE_FILES:
        (tmp_path / name).write_text('{"version": "314.0.7"}' if name == "package.json" else "x")
    runtime, why = bundle.find_runtime(tmp_path)
    assert runtime is None and "lark" in why
    for wheel in ("lark-1.3.1-py3-none-any.whl", "attrs-26.1.0-py3-none-any.whl"):
        (tmp_path / wheel).write_bytes(b"")
    runtime, why = bundle.find_runtime(tmp_path)
    assert runtime is not None and runtime.version == "314.0.7" and len(runtime.files()) == 8


def test_fetching_without_npm_says_why_in_danish(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(assets.shutil, "which", lambda name: None)
    assert 2 == assets.main(["--out", str(tmp_path)])
    assert "npm findes ikke" in capsys.readouterr().err


def test_the_page_without_the_runtime_points_to_the_command_line():
    text = page.page_html("proev/", None)
    assert 'data-fortolker="nej"' in text and "lovkode eval" in text and "<noscript>" in text
    assert 'href="../guide/udviklere/"' in text


def test_the_built_page(built_site):
    assert 0 == built_site.returncode, built_site.log[-3000:]
    html = (built_site.site / "proev" / "index.html").read_text(encoding="utf-8")
    assert 'id="lovkode-proev"' in html and "<noscript>" in html and 'src="proev.js"' in html
    described = json.loads((built_site.site / "proev" / "formular.json").read_text(encoding="utf-8"))
    shipped = (built_site.site / "proev" / "pyodide" / "pyodide.mjs").is_file()
    assert (described["fortolker"] is not None) == shipped
    assert ("data-fortolker" in html) != shipped
    questions = (built_site.site / "spoergsmaal" / "index.html").read_text(encoding="utf-8")
    assert questions.count("Prøv en sag med dette spørgsmål") == len(described["spørgsmål"])
    assert described["regler"] and described["format"] == form.FORMAT


def test_on_the_law_pages_a_link_beside_every_rule_a_reader_can_try(built_site, spec):
    """Beside the definition of every question and every other rule a case can change — one link each,
    named by the rule, leading to Prøv en sag with it chosen; none beside a fact or the
    tilpasningsprocent."""
    import re
    from urllib.parse import parse_qs, unquote

    assert 0 == built_site.returncode, built_site.log[-3000:]
    links = []
    for path in sorted((built_site.site / "spec").rglob("index.html")):
        text = path.read_text(encoding="utf-8")
        links += re.findall(r'<p class="lovkode-proev-knap lovkode-proev-ved-definition"><a class="md-button" '
                            r'href="([^"]+)">Prøv en sag med »([^<]+)«</a></p>', text)
    chosen = [parse_qs(unquote(href).split("#", 1)[1])["spørgsmål"][0] for href, _ in links]
    assert sorted(chosen) == sorted(spec.questions + form.tryable_rules(spec))
    assert all(spec.rules[ident].name == name.replace("&amp;", "&") for ident, (_, name) in zip(chosen, links))
    assert all(href.split("#")[0].endswith("proev/") for href, _ in links)
