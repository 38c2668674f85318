"""`Spec.evaluate_table` answers every row as `Spec.evaluate` answers that row's case — value,
missing facts, silence of the sources, conflicts, anbefalinger, error rows — and the JSON written
from the columns is the JSON written from the scalar answers, byte for byte."""
from __future__ import annotations

import json
import random
from pathlib import Path
from unittest import mock

import pytest

pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lovkode.columnar.table import value_of  # noqa: E402
from lovkode.facts import FactsError  # noqa: E402
from lovkode.render.json_output import dumps, results_json  # noqa: E402
from lovkode.render.reasons import silence_text, undefined_text  # noqa: E402
from lovkode.values import UndefinedKind  # noqa: E402

from tests.columnar.specgen import random_case, random_spec_text  # noqa: E402
from tests.helpers import spec_of  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def as_columns(cases: list[dict]) -> dict:
    names = list(dict.fromkeys(k for case in cases for k in case))
    return {name: [case.get(name) for case in cases] for name in names}


def assert_same(spec, cases: list[dict], questions=None, table=None) -> None:
    result = spec.evaluate_table(as_columns(cases) if table is None else table, questions)
    lines = list(result.json_lines())
    names = result.questions
    order = list(as_columns(cases)) if table is None else []
    for i, case in enumerate(cases):
        if order:  # a table's row is its cells in column order
            case = {k: case[k] for k in order if case.get(k) is not None}
        try:
            answers = spec.evaluate(case, names)
        except FactsError as err:
            assert result["fejl"][i] == tuple(str(p) for p in err.problems), (i, case)
            assert lines[i][1] is None
            continue
        assert result["fejl"][i] is None, (i, case, result["fejl"][i])
        for q in names:
            assert table_outcome(result, q, i) == scalar_outcome(answers[q]), (i, q, case)
        assert result["anbefalinger"][i] == tuple(r.id for r in answers.recommendations), (i, case)
        assert lines[i][1] == dumps(results_json(answers, explanations=False), indent=None), (i, case)
    return assert_columns_alone_agree(spec, cases, names, table)


def scalar_outcome(a) -> tuple:
    """An answer as the table's columns hold it: value, missing, silence, undefined arithmetic, conflict."""
    return (value_of(a.value), tuple(a.missing), tuple(silence_text(s) for s in a.silent),
            tuple(undefined_text(u) for u in a.undefined), tuple(tuple(c) for c in a.conflict))


def table_outcome(result, q: str, i: int) -> tuple:
    return tuple(result[q + suffix][i] for suffix in ("", ".missing", ".kilderne_tavse", ".udefineret", ".konflikt"))


def assert_columns_alone_agree(spec, cases, names, table):
    """Without the rows the scalar path answers again: every row the columns claim to have settled
    is the scalar answer — value, missing, silence, undefined arithmetic, conflict, anbefalinger.
    Returns the columns' result, whose ``unsettled`` says which rows they left to the scalar path."""
    from lovkode.columnar.table import case_columns, evaluate_columns, read_columns

    if isinstance(table, list):
        result = evaluate_columns(spec, len(table), case_columns(table), names, rows=table, scalar_rows=False)
    else:
        n, columns = read_columns(as_columns(cases) if table is None else table)
        result = evaluate_columns(spec, n, columns, names, scalar_rows=False)
    order = list(as_columns(cases)) if table is None else []
    for i, case in enumerate(cases):
        if result["fejl"][i] is not None or result.unsettled[None][i]:
            continue
        if order:
            case = {k: case[k] for k in order if case.get(k) is not None}
        answers = spec.evaluate(case, names)
        for q in names:
            assert table_outcome(result, q, i) == scalar_outcome(answers[q]), (i, q, case)
        assert result["anbefalinger"][i] == tuple(r.id for r in answers.recommendations), (i, case)
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), case_seed=st.integers(0, 10**9), some_questions=st.booleans(),
       all_at_once=st.booleans())
def test_a_random_spec_gives_the_same_answers_over_columns_as_case_by_case(seed, case_seed, some_questions,
                                                                            all_at_once):
    """With some of the questions only, fewer rules are reached, and fewer anbefalinger concern them.
    Conflicting exceptions and undefined arithmetic (somewhere in about half the rows) are settled in
    the columns like silence is: no row is left to the scalar path. The JSON is the same whether the
    answers are written one distinct answer at a time or all at once (as many distinct amounts are),
    and whether the questions' pieces are joined or not."""
    from lovkode.columnar import table

    spec = spec_of(random_spec_text(seed))
    rng = random.Random(case_seed)
    questions = None
    if some_questions:
        questions = rng.sample(list(spec.questions), rng.randrange(1, len(spec.questions) + 1))
    cases = [random_case(rng, bad=True) for _ in range(40)]
    with mock.patch.object(table, "_all_at_once", lambda *_: all_at_once), \
            mock.patch.object(table, "_MERGED", 0 if all_at_once else table._MERGED):
        alone = assert_same(spec, cases, questions)
    assert int(alone.unsettled[None].sum()) == 0


def test_an_anbefaling_on_a_skøns_lawfulness_is_found_when_the_skøn_only_reaches_what_was_asked():
    """Random spec 844: »råd« is given when »skønnet« er lovligt udøvet. No question builds on the skøn,
    but its lawfulness check reaches rules the answers reached, so the anbefaling concerns them and
    its condition must be evaluated in the columns too."""
    spec = spec_of(random_spec_text(844))
    rng = random.Random(0)
    cases = [random_case(rng, bad=True) for _ in range(40)]
    assert "råd" in spec.evaluate_table(as_columns(cases))["anbefalinger"][2]
    assert_same(spec, cases)


@pytest.mark.parametrize("seed", [1, 3, 5, 7])
def test_conflicts_and_undefined_arithmetic_are_answered_by_the_columns_alone(seed):
    """Specs whose cases give answers with conflicting exceptions and with undefined arithmetic (a
    division by zero, days in years, a date past the calendar): the columns word them as the scalar
    path does (``udefineret``, ``konflikt``, and the JSON), without answering any row again."""
    spec = spec_of(random_spec_text(seed))
    rng = random.Random(seed)
    cases = [random_case(rng) for _ in range(40)]
    alone = assert_same(spec, cases)
    assert not alone.unsettled[None].any()
    for suffix in (".konflikt", ".udefineret"):
        assert any(alone[q + suffix][i] for q in alone.questions for i in range(len(cases))), suffix


@pytest.mark.parametrize("seed", [12, 23, 27])
def test_numbers_too_long_to_compute_are_undefined_on_the_same_rows_over_columns(seed):
    """Random specs whose numbers pass the 100 digits exact arithmetic holds on some rows: by a run of
    18-digit constants (12, 27) or by the regulated amount that outgrows 100 digits from 2011 (23). The
    columns say »for stort tal« on the rows the scalar path does, without answering any row again."""
    text = random_spec_text(seed)
    assert ("»stor regulering«)" in text) == (seed == 23)
    spec = spec_of(text)
    rng = random.Random(seed)
    cases = [random_case(rng) for _ in range(40)]
    alone = assert_same(spec, cases)
    assert not alone.unsettled[None].any()
    too_big = (undefined_text(UndefinedKind.TOO_BIG),)
    rows = {i for q in alone.questions for i in range(len(cases)) if alone[q + ".udefineret"][i] == too_big}
    assert 0 < len(rows) < len(cases)


def test_the_bundled_spec_on_the_demo_caseload(spec):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    assert_same(spec, cases)
    assert_same(spec, cases, ["ret_til_fleksjob", "fleksløntilskud"])


def test_the_columns_settle_every_demo_case_without_the_scalar_path(spec):
    """Silent versions, the regulated knækpunkt and why a value is unknown all have array forms, so
    no row of the demo caseload (dates within the periods the sources cover, facts given) is answered
    again row by row — and what the columns answer alone is the scalar answer (see assert_same)."""
    from lovkode.columnar.table import evaluate_columns, read_columns

    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    for questions in (None, ["sagsbehandlingskrav_opfyldt", "knækpunkt", "legalitetsvurdering"]):
        n, columns = read_columns(as_columns(cases))
        result = evaluate_columns(spec, n, columns, questions, scalar_rows=False)
        assert not result.unsettled[None].any()
        assert any(result["anbefalinger"])


def test_the_bundled_spec_on_demo_cases_with_facts_left_out(spec):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    rng = random.Random(7)
    cases = []
    for line in lines:
        case = json.loads(line)
        cases.append({k: v for k, v in case.items() if rng.random() > 0.1})
    assert_same(spec, cases)


@pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars"])
def test_arrow_pandas_and_polars_tables_give_the_same_answers(spec, library):
    module = pytest.importorskip(library, reason=f"{library} er ikke installeret")
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    rng = random.Random(3)
    cases = [{k: v for k, v in json.loads(line).items() if rng.random() > 0.1} for line in lines if line.strip()]
    columns = as_columns(cases)
    if library == "pyarrow":
        table = module.table(columns)
    elif library == "pandas":
        table = module.DataFrame({k: module.Series(v, dtype=object) for k, v in columns.items()})
    else:
        table = module.DataFrame(columns, strict=False)
    assert_same(spec, cases, table=table)


def test_the_core_runs_without_numpy_and_the_table_path_says_what_to_install(tmp_path):
    import subprocess
    import sys

    program = (
        "import sys; sys.modules['numpy'] = None\n"
        "import lovkode\n"
        "spec = lovkode.load()\n"
        "assert spec.evaluate({})['ret_til_fleksjob'].value is None\n"
        "try:\n"
        "    spec.evaluate_table({})\n"
        "except ImportError as err:\n"
        "    print(err)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert "lovkode[data]" in done.stdout


def test_a_row_is_explained_by_the_scalar_path(spec):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines[:5]]
    result = spec.evaluate_table(as_columns(cases))
    for i, case in enumerate(cases):
        explained, alone = result.explain(i), spec.evaluate(case)
        for q in spec.questions:
            assert explained[q].explanation == alone[q].explanation
            assert explained[q].begrundelse() == alone[q].begrundelse()


def test_a_list_of_cases_is_a_table_too(spec):
    """The cases as :meth:`lovkode.Spec.evaluate` takes them, with keys that are no facts and values
    that are not objects as error rows, just as in a batch."""
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    rng = random.Random(11)
    cases = [{k: v for k, v in json.loads(line).items() if rng.random() > 0.1} for line in lines[:40]]
    cases[3] = dict(cases[3], ikke_et_faktum=True)
    cases[5] = dict(cases[5], heller_ikke_et_faktum=None)  # unknown even as null, as in evaluate
    assert_same(spec, cases, table=cases)
    result = spec.evaluate_table([cases[0], "ikke en sag", cases[3]])
    assert result["fejl"][0] is None and result["fejl"][1] and result["fejl"][2]


def _one_shape(cases: list[dict]) -> list[dict]:
    """The cases with the first one's keys, in its order, as one program writes a register."""
    names = dict.fromkeys(k for case in cases for k in case)
    first = {k: v for case in reversed(cases) for k, v in case.items()}
    return [{k: case.get(k, first[k]) for k in names} for case in cases]


def test_cases_of_one_shape_are_read_at_once_and_any_other_shape_case_by_case(spec):
    """Cases with the same keys are taken in one pass, whatever the order of their keys; a case with an
    extra key or a dict of its own kind falls back to reading each case's keys."""
    from collections import OrderedDict

    from lovkode.columnar.table import case_columns

    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = _one_shape([json.loads(line) for line in lines if line.strip()])
    assert case_columns(cases) == as_columns(cases)
    assert_same(spec, cases, table=cases)
    reordered = dict(reversed(list(cases[4].items())))
    moved = OrderedDict(reversed(list(cases[6].items())))
    for name in cases[6]:
        moved.move_to_end(name)  # in the others' order when iterated, but not as a dict holds its values
    for odd in ([*cases[:4], reordered, *cases[5:]], [*cases[:6], moved, *cases[7:]],
                [*cases[:2], dict(cases[2], ikke_et_faktum=1), *cases[3:]],
                [*cases[:2], {k: v for k, v in cases[2].items() if k != "lønloft"} | {"ikke_et_faktum": 1}, *cases[3:]],
                [{"a": 1}, {"b": 2}], [{}, {}], [{"afgørelsesdato": "2024-01-01", "lønloft": 1}] * 3):
        assert case_columns(odd) == as_columns(odd)
        assert_same(spec, odd, table=odd)


def test_a_bad_value_in_a_fact_no_asked_question_reads_makes_an_error_row(spec):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = _one_shape([json.loads(line) for line in lines if line.strip()])[:20]
    cases[1] = dict(cases[1], lønloft="mange")
    cases[2] = dict(cases[2], progression_drøftet=1)
    cases[3] = dict(cases[3], fødselsdato="2024-02-30")
    questions = ["effektiv_arbejdstid"]
    result = spec.evaluate_table(cases, questions)
    assert [i for i, problems in enumerate(result["fejl"]) if problems] == [1, 2, 3]
    assert_same(spec, cases, questions, table=cases)


def test_only_anbefalinger_that_can_concern_the_questions_have_their_conditions_evaluated(spec):
    """An anbefaling concerns the answers when its condition names something they reached; one whose
    condition names nothing the questions can reach never applies, so its condition is not evaluated
    (for the 5 questions OpenFisca answers, that leaves the rules behind 6 of the 9 unevaluated)."""
    from lovkode.columnar import reach
    from lovkode.columnar.table import compiled_for

    five = ["effektiv_arbejdstid", "effektiv_arbejdstid_i_jobbet", "godkendelse_af_konkret_fleksjob",
            "krav_om_udviklingsmulighed_opfyldt", "sagsbehandlingskrav_opfyldt"]
    compiled = compiled_for(spec)
    assert len(reach.concerned(compiled, five)) < len(compiled.recommendations)
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    for questions in (five, ["knækpunkt"], ["ret_til_fleksjob", "fleksløntilskud"]):
        assert_same(spec, cases, questions, table=cases)
