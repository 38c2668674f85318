"""The `lovkode` command: check, test, eval, batch, schema, forklar, serve.

Exit status (the contract): 0 success, 1 the spec has errors or an example failed, 2 bad input (case
file, arguments). Every message is Danish; no input can produce a traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path

from . import messages
from .api import Spec, SpecError, UnknownQuestionError
from .facts import FactsError
from .pipeline import check_path, load
from .render import diagnostics as render_diag
from .render.json_output import dumps, results_json

_DANISH_ARGPARSE = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "expected one argument": "forventede én værdi",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan være %(matches)s",
}


def _translate(text: str) -> str:
    return _DANISH_ARGPARSE.get(text, text)


argparse._ = _translate  # argparse looks its messages up through this module-level gettext alias


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: fejl: {message}\n")
        raise SystemExit(2)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lovkode", description="Dansk lov som kode: fleksjobreglerne (LAB § 116 ff.) med begrundelser.")
    parser.add_argument("--version", action="version", version="lovkode 0.1.0", help="vis versionen og afslut")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", parser_class=_Parser)

    def spec_option(p):
        p.add_argument("--spec", metavar="MAPPE", help="mappen med spec-filerne (standard: den medfølgende fleksjob-spec)")

    p = sub.add_parser("check", help="læs og tjek specifikationen")
    spec_option(p)
    p.add_argument("--format", choices=["tekst", "text", "gnu", "json"], default="tekst", help="form på fejlmeddelelserne")

    p = sub.add_parser("test", help="kør alle eksempler i specifikationen")
    spec_option(p)
    p.add_argument("-v", "--verbose", action="store_true", help="vis hvert eksempel")

    p = sub.add_parser("eval", help="vurdér en sag")
    p.add_argument("case", metavar="SAG.json", help="sagsfilen (JSON); - læser fra standard input")
    p.add_argument("--question", "--spørgsmål", action="append", metavar="NAVN", dest="questions",
                   help="spørgsmål der skal besvares (kan gentages; standard: alle)")
    p.add_argument("--format", choices=["text", "tekst", "json"], default="text", help="tekst eller json")
    spec_option(p)

    p = sub.add_parser("batch", help="vurdér mange sager (JSON Lines)")
    p.add_argument("cases", metavar="SAGER.jsonl", help="én sag pr. linje; - læser fra standard input")
    p.add_argument("--report", metavar="FIL", help="skriv en rapport (.md eller .html) som en praksisundersøgelse")
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="antal processer (0 = alle kerner)")
    p.add_argument("--question", "--spørgsmål", action="append", metavar="NAVN", dest="questions",
                   help="spørgsmål der skal besvares (kan gentages; standard: alle)")
    p.add_argument("--no-explanation", "--uden-forklaring", action="store_true", dest="uden_forklaring",
                   help="kun værdier og manglende fakta, søjlevis og hurtigt (med lovkode[data])")
    # --- columnar batch I/O (lovkode.columnar.batch_io) ---
    p.add_argument("--output", "--resultat", metavar="FIL", help="skriv resultatet til FIL (standard: standard output)")
    p.add_argument("--input-format", "--indformat", choices=["jsonl", "csv", "parquet"],
                   help="formatet på sagerne (standard: efter filendelsen, ellers jsonl)")
    p.add_argument("--output-format", "--udformat", choices=["jsonl", "csv", "parquet"],
                   help="formatet på resultatet (standard: efter filendelsen, ellers jsonl)")
    spec_option(p)

    p = sub.add_parser("schema", help="udskriv JSON Schema for en sagsfil")
    spec_option(p)

    p = sub.add_parser("forklar", help="forklar en fejlkode, f.eks. LK201")
    p.add_argument("code", metavar="KODE")

    p = sub.add_parser("serve", help="start JSON-tjenesten (kræver lovkode[server])")
    p.add_argument("--host", default="127.0.0.1", help="adresse (standard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
    p.add_argument("--max-body-bytes", type=int, default=1_000_000, metavar="N",
                   help="største tilladte forespørgsel i byte (standard 1.000.000)")
    spec_option(p)
    return parser


def _err(text: str) -> None:
    sys.stderr.write(text.rstrip("\n") + "\n")


def _prefix(root: Path) -> str:
    base = root if root.is_dir() else root.parent
    try:
        shown = base.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = base.as_posix()
    return "" if shown in ("", ".") else shown.rstrip("/") + "/"


def _load_or_report(spec_path) -> Spec | None:
    try:
        return load(spec_path)
    except SpecError as err:
        prefix = _prefix(err.root) if err.root else ""
        for d in err.diagnostics:
            if d.is_error:
                _err(render_diag.box(d, err.sources, prefix))
                _err("")
        _err(f"Specifikationen kan ikke bruges: {render_diag.summary(err.diagnostics)}. Kør `lovkode check`.")
        return None


def cmd_check(args) -> int:
    spec, diagnostics, sources, root = check_path(args.spec)
    prefix = _prefix(root)
    if args.format == "json":
        print(dumps({"diagnostics": [render_diag.as_json(d, prefix) for d in diagnostics],
                     "fejl": sum(d.is_error for d in diagnostics),
                     "advarsler": sum(not d.is_error for d in diagnostics)}))
    else:
        for d in diagnostics:
            print(render_diag.gnu(d, prefix) if args.format == "gnu" else render_diag.box(d, sources, prefix) + "\n")
        if spec is not None:
            print(f"Specifikationen er i orden: {len(spec.facts)} fakta, {len(spec.rules)} regler, "
                  f"{len(spec.questions)} spørgsmål, {len(spec.examples)} eksempler ({render_diag.summary(diagnostics)}).")
        else:
            print(f"Specifikationen har fejl: {render_diag.summary(diagnostics)}.")
    return 1 if any(d.is_error for d in diagnostics) else 0


def cmd_test(args) -> int:
    spec = _load_or_report(args.spec)
    if spec is None:
        return 1
    prefix = _prefix(spec.root)
    results = spec.run_examples()
    failed = [r for r in results if not r.passed]
    for r in results:
        if args.verbose or not r.passed:
            mark = "OK  " if r.passed else "FEJL"
            print(f"{mark} {prefix}{r.example.span.file}:{r.example.span.line}: Eksempel '{r.example.name}'")
            if not r.passed:
                print(f"     {r.message}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _read_case(path: str):
    """Read a case file; returns (case, None) or (None, Danish message)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, f"Sagsfilen `{path}` findes ikke."
    except IsADirectoryError:
        return None, f"`{path}` er en mappe, ikke en sagsfil."
    except UnicodeDecodeError:
        return None, f"Sagsfilen `{path}` er ikke UTF-8-tekst."
    except OSError as err:
        return None, f"Sagsfilen `{path}` kan ikke læses: {err.strerror or err}."
    return _parse_json(text, path)


def _parse_json(text: str, where: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant), None
    except json.JSONDecodeError as err:
        return None, f"{where}: ugyldig JSON i linje {err.lineno}, kolonne {err.colno}: {_json_reason(err.msg)}."
    except ValueError as err:
        return None, f"{where}: ugyldig JSON: {err}."
    except RecursionError:
        return None, f"{where}: JSON-dokumentet er indlejret for dybt."


def _reject_constant(name: str):
    raise ValueError(f"{name} er ikke et gyldigt tal")


_JSON_REASONS = {
    "Expecting value": "her forventedes en værdi",
    "Expecting property name enclosed in double quotes": "her forventedes et navn i dobbelte anførselstegn",
    "Expecting ',' delimiter": "her mangler et komma",
    "Expecting ':' delimiter": "her mangler et kolon",
    "Extra data": "der står mere efter JSON-objektet",
    "Unterminated string starting at": "teksten slutter ikke",
    "Invalid control character at": "ugyldigt tegn i teksten",
}


def _json_reason(msg: str) -> str:
    return _JSON_REASONS.get(msg, msg)


def _facts_error_text(err: FactsError, where: str) -> str:
    lines = [f"{where}: sagen afvises ({len(err.problems)} fejl):"]
    lines += [f"  - {p}" for p in err.problems]
    return "\n".join(lines)


def cmd_eval(args) -> int:
    spec = _load_or_report(args.spec)
    if spec is None:
        return 1
    case, problem = _read_case(args.case)
    if problem:
        _err(problem)
        return 2
    try:
        answers = spec.evaluate(case, args.questions)
    except FactsError as err:
        _err(_facts_error_text(err, args.case))
        return 2
    except UnknownQuestionError as err:
        _err(str(err))
        return 2
    if args.format == "json":
        print(dumps(results_json(answers)))
        return 0
    print(render_answers_text(spec, answers))
    return 0


def render_answers_text(spec: Spec, answers) -> str:
    """The decisions as a caseworker reads them, one block per question, then the anbefalinger."""
    parts = []
    for answer in answers.values():
        parts.append(answer.begrundelse())
    if answers.recommendations:
        lines = ["Anbefalinger (vejledende; de ændrer ikke det juridiske svar):"]
        for rec in answers.recommendations:
            lines.append(f"- {rec.text} ({rec.citation})" if rec.citation else f"- {rec.text}")
        parts.append("\n".join(lines))
    sep = "\n\n" + "—" * 60 + "\n\n"
    return sep.join(parts)


def cmd_schema(args) -> int:
    spec = _load_or_report(args.spec)
    if spec is None:
        return 1
    print(dumps(spec.json_schema()))
    return 0


def cmd_forklar(args) -> int:
    text = messages.explain(args.code)
    if text is None:
        _err(f"Koden `{args.code}` findes ikke. Koderne ser sådan ud: LK201.")
        return 2
    print(text)
    return 0


def cmd_serve(args) -> int:
    if args.max_body_bytes <= 0:
        _err("--max-body-bytes skal være et positivt tal.")
        return 2
    try:
        from . import server
    except ImportError:
        _err('JSON-tjenesten kræver ekstra pakker: pip install "lovkode[server]"')
        return 2
    spec = _load_or_report(args.spec)
    if spec is None:
        return 1
    try:
        return server.run(args.host, args.port, args.spec, spec=spec, max_body_bytes=args.max_body_bytes) or 0
    except ImportError:
        _err('JSON-tjenesten kræver ekstra pakker: pip install "lovkode[server]"')
        return 2


def cmd_batch(args) -> int:
    from .batch import run_batch

    return run_batch(args)


_COMMANDS = {"check": cmd_check, "test": cmd_test, "eval": cmd_eval, "batch": cmd_batch, "schema": cmd_schema,
             "forklar": cmd_forklar, "serve": cmd_serve}


def main(argv=None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        _err("Afbrudt.")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
