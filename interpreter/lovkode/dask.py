"""Registers beyond one machine: the columnar engine over Dask partitions (``pip install lovkode[dask]``).

Each partition is a table of cases; each worker loads the spec once (by its path) and answers its
partitions with :meth:`lovkode.Spec.evaluate_table`, so the result is the single-machine result,
partition by partition, in the same order. Columns as there: per question ``q`` the value, ``q.missing``,
``q.kilderne_tavse`` and ``q.konflikt``; ``anbefalinger``; ``fejl``.

    import lovkode.dask
    answers = lovkode.dask.read_parquet("sager/*.parquet")     # a dask DataFrame, lazily
    answers.to_parquet("svar/")                                  # or .compute()
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=4)
def _spec(path):
    from .pipeline import load

    return load(path)


def _answers(frame, spec_path, questions):
    import pandas as pd

    from .columnar.table import evaluate_table

    result = evaluate_table(_spec(spec_path), frame, questions)
    return pd.DataFrame(result.columns, index=frame.index, dtype=object)  # None stays None


def evaluate_partitions(cases, spec: str | None = None, questions=None):
    """A dask DataFrame of cases (columns named as the facts) → a dask DataFrame of answers.
    ``spec``: the spec's folder (default: the bundled one), loaded once in each worker."""
    import pandas as pd

    empty = _answers(pd.DataFrame({}), spec, questions)
    return cases.map_partitions(_answers, spec, questions, meta=empty.astype(object))


def read_parquet(path, spec: str | None = None, questions=None, **options):
    """Cases from Parquet files (a path, a glob or a folder; one partition per file or row group)."""
    import dask.dataframe as dd

    return evaluate_partitions(dd.read_parquet(path, **options), spec, questions)
