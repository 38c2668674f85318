"""`lovkode batch`: many cases (JSON Lines) in constant memory, in input order, optionally in parallel.

Lines are read and evaluated in windows (of a few hundred per process), so memory does not grow with
the input. A bad line is reported with its line number on stderr and in its output line; it does not
stop the others. A progress bar is shown only when stderr is a terminal.
"""
from __future__ import annotations

import gc
import itertools
import json
import os
import sys
from pathlib import Path

from .cli import _facts_error_text, _parse_json
from .facts import FactsError
from .render.json_output import dumps, results_json, results_text

_SPEC = None
_QUESTIONS = None
_EXPLAIN = True
_EXHAUSTIVE = False


def _init_worker(spec_path, questions, explain, exhaustive) -> None:
    global _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE
    from .pipeline import load

    _SPEC = load(spec_path)
    _settle()
    _QUESTIONS = questions
    _EXPLAIN = explain
    _EXHAUSTIVE = exhaustive


def _settle() -> None:
    """The loaded spec lives as long as the batch: move it out of the garbage collector's way, so
    the collections that every case's short-lived objects cause do not walk it again and again."""
    gc.collect()
    gc.freeze()


def evaluate_line(item, want_view: bool = False):
    """(line number, text) → (line number, output JSON text, results or None, error or None).

    The results object (with explanations, for the report) is returned only when asked for: across
    processes only the text travels, since pickling the trees costs more than evaluating them.
    """
    number, text = item
    case, problem = _parse_json(text, f"linje {number}")
    if problem is None:
        try:
            answers = _SPEC.evaluate(case, _QUESTIONS, exhaustive=_EXHAUSTIVE)
        except FactsError as err:
            problem = _facts_error_text(err, f"linje {number}")
        else:
            if not want_view:
                return number, f'{{"linje":{number},{results_text(answers, _EXPLAIN)[1:]}', None, None
            out = results_json(answers, explanations=_EXPLAIN)
            view = out["results"] if _EXPLAIN else results_json(answers, explanations=True)["results"]
            return number, dumps({"linje": number, **out}, indent=None), view, None
    return number, dumps({"linje": number, "fejl": problem}, indent=None), None, problem


def _report_view(item, text: str, view):
    """The results with explanations, for the report: computed here, read back from a worker's output
    line, or (output without explanations from a worker) evaluated again here from the input line."""
    if view is not None:
        return view
    if _EXPLAIN:
        return json.loads(text).get("results")
    return evaluate_line(item, want_view=True)[2]


def _lines(stream):
    for number, raw in enumerate(stream, start=1):
        text = raw.strip()
        if text:
            yield number, text


def run_batch(args) -> int:
    from .api import UnknownQuestionError
    from .cli import _err, _load_or_report
    from .report import ReportBuilder

    spec = _load_or_report(args.spec)
    if spec is None:
        return 1
    try:
        spec._questions(args.questions)
    except UnknownQuestionError as err:
        _err(str(err))
        return 2
    if args.jobs < 0:
        _err("--jobs skal være 0 (alle kerner) eller et positivt tal.")
        return 2
    columnar = _columnar_batch(args)  # --- hook: the columnar path (lovkode.columnar.batch_io) ---
    if columnar is not None:
        return columnar(args, spec)
    jobs = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
    report_path = Path(args.report) if args.report else None
    if report_path is not None and report_path.parent and not report_path.parent.exists():
        _err(f"Mappen til rapporten findes ikke: `{report_path.parent}`.")
        return 2
    try:
        stream = sys.stdin if args.cases == "-" else open(args.cases, encoding="utf-8")
    except FileNotFoundError:
        _err(f"Filen `{args.cases}` findes ikke.")
        return 2
    except OSError as err:
        _err(f"Filen `{args.cases}` kan ikke læses: {err.strerror or err}.")
        return 2

    global _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE
    # With a report, every failed condition is traced (not only the first), as an audit counts them all.
    _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE = spec, args.questions, not args.uden_forklaring, bool(args.report)
    _settle()
    report = ReportBuilder()
    bad = 0
    total = 0
    progress = _progress()
    pool = None
    try:
        if jobs > 1:
            import multiprocessing

            pool = multiprocessing.get_context("spawn").Pool(
                jobs, initializer=_init_worker, initargs=(args.spec, args.questions, not args.uden_forklaring, bool(args.report)))
        window = 256 * max(1, jobs)
        lines = _lines(stream)
        out = sys.stdout
        while True:
            chunk = list(itertools.islice(lines, window))
            if not chunk:
                break
            if pool:
                results = pool.map(evaluate_line, chunk, chunksize=64)
            else:
                results = (evaluate_line(item, want_view=report_path is not None) for item in chunk)
            for item, (number, text, view, error) in zip(chunk, results):
                out.write(text + "\n")
                if report_path is not None:
                    report.add(number, _report_view(item, text, view) if error is None else None, error)
                total += 1
                if error is not None:
                    bad += 1
                    _err(error)
            if progress:
                progress(total)
        out.flush()
    except UnicodeDecodeError:
        _err("Filen er ikke UTF-8-tekst.")
        return 2
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if stream is not sys.stdin:
            stream.close()
        if progress:
            progress(None)
    if report_path is not None:
        text = report.to_html() if report_path.suffix.lower() in (".html", ".htm") else report.to_markdown()
        tmp = report_path.with_name(report_path.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(report_path)
        except OSError as err:
            _err(f"Rapporten kan ikke skrives til `{report_path}`: {err.strerror or err}.")
            return 2
    _err(f"{total} sager vurderet, {bad} linjer med fejl.")
    return 2 if bad else 0


def _columnar_batch(args):
    """The columnar batch (values and missing only) when it applies: without explanations and
    without a report, or whenever a format other than JSON Lines is asked for; None otherwise."""
    from .columnar.batch_io import available, format_of, run

    formats = {format_of(args.cases, args.input_format), format_of(args.output, args.output_format)}
    if formats != {"jsonl"} or args.output not in (None, "-"):
        if not available():
            _err("CSV, Parquet og --output kræver numpy og pyarrow: installér `lovkode[data]`.")
            return lambda args, spec: 2
        if not args.uden_forklaring or args.report:
            _err("CSV, Parquet og --output bruges med --no-explanation og uden --report.")
            return lambda args, spec: 2
        return run
    if args.uden_forklaring and not args.report and available():
        return run
    return None


def _progress():
    """A rich progress counter on a terminal; nothing on a pipe."""
    if not sys.stderr.isatty():
        return None
    try:
        from rich.progress import Progress, SpinnerColumn, TextColumn
    except ImportError:
        return None
    bar = Progress(SpinnerColumn(), TextColumn("{task.completed} sager vurderet"), transient=True)
    bar.start()
    task = bar.add_task("batch", total=None)

    def update(done):
        if done is None:
            bar.stop()
        else:
            bar.update(task, completed=done)

    return update
