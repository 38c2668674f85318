"""lovkode.dask: the demo caseload as several Parquet partitions, answered on Dask's local scheduler,
gives the single-machine answers row for row."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe", reason="lovkode.dask kræver dask[dataframe] (lovkode[dask])")
pa = pytest.importorskip("pyarrow", reason="Parquet kræver pyarrow (lovkode[data])")

import pyarrow.parquet as pq  # noqa: E402

import lovkode.dask  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def test_partitions_on_the_local_scheduler_give_the_single_machine_answers(spec, tmp_path):
    lines = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    names = list(dict.fromkeys(k for case in cases for k in case))
    table = pa.table({name: [case.get(name) for case in cases] for name in names})
    for part, start in enumerate(range(0, table.num_rows, 40)):
        pq.write_table(table.slice(start, 40), tmp_path / f"del-{part:02}.parquet")

    answers = lovkode.dask.read_parquet(str(tmp_path))
    assert answers.npartitions == 4
    got = answers.compute(scheduler="threads")

    alone = spec.evaluate_table(table)
    assert list(got.columns) == list(alone.columns)
    for name, values in alone.columns.items():
        assert list(got[name]) == list(values), name
