"""Columnar evaluation: a whole table of cases at once, with the same answers as
:meth:`lovkode.Spec.evaluate` row for row (value, missing facts, silence, conflicts).

numpy (and pyarrow, for Arrow tables, Parquet and the Table output) are optional
(``pip install lovkode[data]``): they are imported here only when a table is evaluated, so the core
and the Pyodide build of the site run without them.
"""
from __future__ import annotations


def evaluate_table(spec, table, questions=None):
    """See :meth:`lovkode.Spec.evaluate_table`."""
    try:
        from .table import evaluate_table as run
    except ImportError as err:  # numpy absent
        raise ImportError("Søjlevis evaluering kræver numpy: installér `lovkode[data]`.") from err
    return run(spec, table, questions)
