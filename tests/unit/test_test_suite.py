"""The test suite itself: tests that can fail, that run however pytest is started, and that say so
when what they test is missing."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.diagnostics import test_golden
from tests.explanations import test_golden_explanations


def test_a_missing_diagnostic_golden_file_fails_and_is_not_written(tmp_path):
    case = shutil.copy(test_golden.CASES[0], tmp_path)
    with pytest.raises(AssertionError, match="mangler"):
        test_golden.test_diagnostic_text(Path(case), bless=False)
    assert [] == list(tmp_path.glob("*.txt"))


def test_a_missing_explanation_golden_file_fails_and_is_not_written(tmp_path, spec):
    case = shutil.copy(test_golden_explanations.CASES[0], tmp_path)
    with pytest.raises(AssertionError, match="mangler"):
        test_golden_explanations.test_begrundelse(Path(case), spec, bless=False)
    assert [Path(case)] == list(tmp_path.iterdir())


def test_bless_writes_the_golden_file(tmp_path):
    case = Path(shutil.copy(test_golden.CASES[0], tmp_path))
    test_golden.test_diagnostic_text(case, bless=True)
    assert case.with_suffix(".txt").exists()


def _pytest() -> list[str]:
    script = Path(sys.executable).parent / "pytest"
    if not script.exists():
        pytest.skip(f"intet pytest-program ved siden af {sys.executable}")
    return [str(script)]


def test_plain_pytest_collects_from_any_folder(tmp_path):
    done = subprocess.run(_pytest() + ["--collect-only", "-q", str(ROOT / "tests" / "unit" / "test_caseinput.py")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)
    assert 0 == done.returncode, done.stdout + done.stderr
    assert "No module named 'tests'" not in done.stdout + done.stderr


def test_the_summary_says_loudly_that_the_contract_was_not_tested(tmp_path):
    env = {**os.environ, "LOVKODE_SHARED": str(tmp_path / "findes-ikke")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                           str(ROOT / "tests" / "conformance" / "test_contract.py")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert "KONTRAKTEN ER IKKE PRØVET" in done.stdout
    assert "kontrakt- og lovtests er sprunget over" in done.stdout
