"""`lovkode batch`: many cases (JSON Lines) in constant memory, in input order, optionally in parallel.

Lines are read (split on ``\\n`` only, in bounded pieces, see :mod:`lovkode.caseinput`) and evaluated
in windows (of a few hundred per process), so memory does not grow with the input. A bad line (bad
JSON, a bad byte, a lone surrogate, too long, bad facts) is reported with its line number on stderr
and in its output line; it does not stop the others. A progress bar is shown only when stderr is a
terminal.

Ctrl+C and SIGTERM stop the run at once: the workers are ended, every output line written so far is
complete, stderr says how many cases were done, and the exit status is 130 or 143; no report is
written for an interrupted run.
"""
from __future__ import annotations

import functools
import itertools
import json
import os
import signal
import sys
from pathlib import Path

from .caseinput import CaseInputError, iter_lines, open_input, parse_line
from .console import err as _err
from .facts import FactsError
from .workers import Signals, Stopped, progress_counter, settle, start_pool
from .render.json_output import dumps, results_json, results_text

_SPEC = None
_QUESTIONS = None
_EXPLAIN = True
_EXHAUSTIVE = False
REPORT_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
"""Report file endings and the form each one gets; any other ending needs ``--report-format``."""


def _init_worker(spec_path, questions, explain, exhaustive) -> None:
    global _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE
    from .pipeline import load

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole group; the parent ends the workers
    _SPEC = load(spec_path)
    settle()
    _QUESTIONS = questions
    _EXPLAIN = explain
    _EXHAUSTIVE = exhaustive


def evaluate_line(item, want_view: bool = False):
    """(line number, bytes) → (line number, output JSON text, results or None, error or None).

    The results object (with explanations, for the report) is returned only when asked for: across
    processes only the text travels, since pickling the trees costs more than evaluating them.
    """
    number, data = item
    try:
        case = parse_line(data, number)
        answers = _SPEC.evaluate(case, _QUESTIONS, exhaustive=_EXHAUSTIVE)
    except CaseInputError as err:
        return _failed(number, str(err))
    except FactsError as err:
        return _failed(number, err.report(f"linje {number}"))
    if not want_view:
        return number, f'{{"linje":{number},{results_text(answers, _EXPLAIN)[1:]}', None, None
    out = results_json(answers, explanations=_EXPLAIN)
    view = out["results"] if _EXPLAIN else results_json(answers, explanations=True)["results"]
    return number, dumps({"linje": number, **out}, indent=None), view, None


def _failed(number: int, problem: str):
    return number, dumps({"linje": number, "fejl": problem}, indent=None), None, problem


def _report_view(item, text: str, view):
    """The results with explanations, for the report: computed here, read back from a worker's output
    line, or (output without explanations from a worker) evaluated again here from the input line."""
    if view is not None:
        return view
    if _EXPLAIN:
        return json.loads(text).get("results")
    return evaluate_line(item, want_view=True)[2]


def _writer():
    """Write output text as UTF-8 to stdout's bytes, whatever the locale; no character can fail
    (``backslashreplace`` yields a JSON escape)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        return sys.stdout.write, sys.stdout.flush
    sys.stdout.flush()
    return (lambda text: buffer.write(text.encode("utf-8", "backslashreplace"))), buffer.flush


def _report_format(args) -> tuple[Path | None, str | None, str | None]:
    """(report path, its form, or a Danish problem)."""
    if not args.report:
        return None, None, None
    path = Path(args.report)
    form = getattr(args, "report_format", None) or REPORT_FORMATS.get(path.suffix.lower())
    if form is None:
        endings = ", ".join(REPORT_FORMATS)
        return path, None, (f"Rapporten `{path}` kan ikke skrives: lovkode skriver rapporter som Markdown eller HTML, "
                            f"så filnavnet skal ende på {endings} — eller angiv formen med "
                            f"--report-format markdown|html.")
    if path.is_dir():
        return path, None, f"Rapporten kan ikke skrives til `{path}`: det er en mappe."
    if path.parent and not path.parent.exists():
        return path, None, f"Mappen til rapporten findes ikke: `{path.parent}`."
    return path, form, None


def run_batch(args, spec) -> int:
    """Evaluate every line of ``args.cases`` with the loaded ``spec``; the exit status."""
    from .report import ReportBuilder

    if args.jobs < 0:
        _err("--jobs skal være 0 (alle kerner) eller et positivt tal.")
        return 2
    report_path, report_form, problem = _report_format(args)
    if problem:
        _err(problem)
        return 2
    report = finish = None
    if report_path is not None:
        report = ReportBuilder(navne={**{k: f.name for k, f in spec.facts.items()},
                                      **{k: r.name for k, r in spec.rules.items()}})
        finish = functools.partial(_write_report, report, report_path, report_form)

    columnar = _columnar_batch(args)  # --- hook: the columnar path (lovkode.columnar.batch_io) ---
    if columnar is not None:
        if report is not None:
            report.uden_forklaring = True
        return columnar(args, spec, report, finish)
    return _scalar_batch(args, spec, report, finish)


def _write_report(report, path: Path, form: str) -> int:
    """Write the report whole (a temporary file, then renamed); 2 with a Danish message if it cannot be.
    Called by a run that went through (not for a stopped run, nor when the input cannot be read)."""
    text = report.to_html() if form == "html" else report.to_markdown()
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as err:
        _err(f"Rapporten kan ikke skrives til `{path}`: {err.strerror or err}.")
        return 2
    finally:
        tmp.unlink(missing_ok=True)
    return 0


def _scalar_batch(args, spec, report, finish) -> int:
    """The batch case by case, with explanations (or without, when numpy is not installed)."""
    jobs = (os.cpu_count() or 1) if args.jobs == 0 else args.jobs
    try:
        stream = open_input(args.cases)
    except CaseInputError as err:
        _err(str(err))
        return 2

    global _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE
    # With a report, every failed condition is traced (not only the first), as an audit counts them all.
    _SPEC, _QUESTIONS, _EXPLAIN, _EXHAUSTIVE = spec, args.questions, not args.uden_forklaring, report is not None
    settle()
    bad = 0
    total = 0
    progress = progress_counter()
    pool = None
    stopped = None
    write, flush = _writer()
    try:
        if jobs > 1:
            pool = start_pool(jobs, _init_worker,
                               (args.spec, args.questions, not args.uden_forklaring, report is not None))
        window = 256 * max(1, jobs)
        with Signals() as signals:
            try:
                lines = iter_lines(stream)
                while True:
                    chunk = list(itertools.islice(lines, window))
                    if not chunk:
                        break
                    readable = [item for item in chunk if not isinstance(item[1], CaseInputError)]
                    if pool:
                        done = iter(pool.map(evaluate_line, readable, chunksize=64))
                    else:
                        done = iter([evaluate_line(item, want_view=report is not None) for item in readable])
                    for item in chunk:
                        number, text, view, error = (_failed(item[0], str(item[1])) if isinstance(item[1], CaseInputError)
                                                     else next(done))
                        if report is not None:
                            report.add(number, _report_view(item, text, view) if error is None else None, error)
                        with signals.whole():
                            write(text + "\n")
                            total += 1
                            if error is not None:
                                bad += 1
                                _err(error)
                    if progress:
                        progress(total)
            except Stopped as stop:
                stopped = stop.signum
            finally:
                signals.writing = True  # the last output goes out whole, whatever arrives now
                try:
                    flush()
                except BrokenPipeError:
                    pass
    finally:
        if pool is not None:
            if stopped is None:
                pool.close()
            else:
                pool.terminate()
            pool.join()
        if args.cases != "-":
            stream.close()
        if progress:
            progress(None)
    if stopped is not None:
        name = "Ctrl+C" if stopped == signal.SIGINT else "SIGTERM"
        _err(f"Afbrudt ({name}): {total} sager vurderet og skrevet ({bad} linjer med fejl); resten er ikke vurderet"
             + (", og rapporten er ikke skrevet." if report is not None else "."))
        return 128 + stopped
    if finish is not None and finish():
        return 2
    _err(f"{total} sager vurderet, {bad} linjer med fejl.")
    return 2 if bad else 0


def _columnar_batch(args):
    """The columnar batch (values and missing only, the report from the columns) when it applies:
    without explanations, or whenever a format other than JSON Lines is asked for; None otherwise."""
    from .columnar.batch_io import available, format_of, run

    formats = {format_of(args.cases, args.input_format), format_of(args.output, args.output_format)}
    if formats != {"jsonl"} or args.output not in (None, "-"):
        if not available():
            _err("CSV, Parquet og --output kræver numpy og pyarrow: installér `lovkode[data]`.")
            return lambda *_: 2
        if not args.uden_forklaring:
            _err("CSV, Parquet og --output bruges med --no-explanation: forklaringerne kan ikke stå i en tabel.")
            return lambda *_: 2
        return run
    if args.uden_forklaring and available():
        return run
    return None
