"""Every case of ../shared/sager through `lovkode eval --format json`, compared exactly (value, missing)."""
from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import SHARED, lovkode_command

SAGER = sorted((SHARED / "sager").glob("*.json")) if (SHARED / "sager").is_dir() else []


def _norm(value):
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value))
    return value


@pytest.mark.skipif(not SAGER, reason="../shared/sager findes ikke ved siden af projektet")
@pytest.mark.parametrize("path", SAGER, ids=[p.stem for p in SAGER])
def test_sag(path: Path, tmp_path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    facts = tmp_path / "sag.json"
    facts.write_text(json.dumps(case["fakta"], ensure_ascii=False), encoding="utf-8")
    args = lovkode_command() + ["eval", str(facts), "--format", "json"]
    for question in case["forventet"]:
        args += ["--question", question]
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=False)
    assert 0 == done.returncode, done.stderr
    results = json.loads(done.stdout, parse_float=Decimal)["results"]
    for question, expected in case["forventet"].items():
        actual = results[question]
        assert (_norm(expected["value"]), expected["missing"]) == (_norm(actual["value"]), actual["missing"]), question
