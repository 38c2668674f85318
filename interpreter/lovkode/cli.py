"""The `lovkode` command: check, test, eval, batch, brev, schema, forklar, serve, fmt, lsp.

Exit status (the contract): 0 success, 1 the spec has errors or an example failed, 2 bad input (case
file, arguments). Every message is Danish; no input can produce a traceback.

Option names: each option has the name the contract writes (``--question``, ``--report``,
``--format``, ``--spec``, ``--jobs``), and is also accepted under a Danish name (``--spørgsmål``,
``--rapport``, ``--processer``, …); ``--format`` takes ``text`` and ``tekst`` alike.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import contract, messages
from .api import NotAQuestionError, Spec, UnknownQuestionError
from .caseinput import CaseInputError, read_case
from .console import box, err as _err, load_or_report, shown_prefix, spec_path_problem
from .facts import FactsError
from .pipeline import check_path
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

    def question_option(p):
        p.add_argument("--question", "--spørgsmål", action="append", metavar="NAVN", dest="questions",
                       help="spørgsmål der skal besvares (kan gentages; standard: alle)")

    p = sub.add_parser("check", help="læs og tjek specifikationen")
    spec_option(p)
    p.add_argument("--format", type=_format, choices=["text", "gnu", "json"], default="text",
                   help="form på fejlmeddelelserne: text (eller tekst), gnu eller json")
    p.add_argument("-v", "--verbose", "--udførligt", action="store_true",
                   help="vis også (i tekst- og JSON-formen, under nøglen \"tal\"), hvilke regler søjlevis evaluering "
                        "ikke regner bevist som hele tal, og hvorfor")

    p = sub.add_parser("test", help="kør alle eksempler i specifikationen")
    spec_option(p)
    p.add_argument("-v", "--verbose", "--udførligt", action="store_true", help="vis hvert eksempel")

    p = sub.add_parser("eval", help="vurdér en sag")
    p.add_argument("case", metavar="SAG.json", help="sagsfilen (JSON); - læser fra standard input")
    question_option(p)
    p.add_argument("--format", type=_format, choices=["text", "json"], default="text",
                   help="text (eller tekst) eller json")
    spec_option(p)

    p = sub.add_parser("batch", help="vurdér mange sager (JSON Lines)")
    p.add_argument("cases", metavar="SAGER.jsonl", help="én sag pr. linje; - læser fra standard input")
    p.add_argument("--report", "--rapport", metavar="FIL",
                   help="skriv en rapport som en praksisundersøgelse: FIL.md (Markdown) eller FIL.html; med "
                        "--no-explanation tælles den af søjlerne, med de samme tal, men uden afsnittet om "
                        "betingelser, der ikke var opfyldt (det kræver forklaringerne)")
    p.add_argument("--report-format", "--rapportformat", type=_report_format, choices=["markdown", "html"],
                   metavar="FORM", help="rapportens form (markdown eller html), når filnavnet ikke siger den")
    p.add_argument("--jobs", "--processer", type=int, default=1, metavar="N", help="antal processer (0 = alle kerner)")
    question_option(p)
    p.add_argument("--no-explanation", "--uden-forklaring", action="store_true", dest="uden_forklaring",
                   help="kun værdier og manglende fakta, søjlevis og hurtigt (med lovkode[data]); læser og "
                        "skriver også CSV og Parquet; med JSON Lines ind og ud deler --jobs bidder på 4.096 linjer "
                        "ud på processer")
    # --- columnar batch I/O (lovkode.columnar.batch_io) ---
    p.add_argument("--output", "--resultat", metavar="FIL", help="skriv resultatet til FIL (standard: standard output)")
    p.add_argument("--input-format", "--indformat", choices=["jsonl", "csv", "parquet"],
                   help="formatet på sagerne (standard: efter filendelsen, ellers jsonl)")
    p.add_argument("--output-format", "--udformat", choices=["jsonl", "csv", "parquet"],
                   help="formatet på resultatet (standard: efter filendelsen, ellers jsonl)")
    spec_option(p)

    from .brev import add_command as add_brev_command

    add_brev_command(sub, spec_option)

    p = sub.add_parser("schema", help="udskriv JSON Schema for en sagsfil")
    spec_option(p)

    p = sub.add_parser("forklar", help="forklar en fejlkode, f.eks. LK201")
    p.add_argument("code", metavar="KODE")

    p = sub.add_parser("serve", help="start JSON-tjenesten (kræver lovkode[server])")
    p.add_argument("--host", "--vært", default="127.0.0.1", help="adresse (standard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (standard 8000)")
    p.add_argument("--max-body-bytes", "--største-forespørgsel", type=int, default=65_536, metavar="N",
                   help="største tilladte forespørgsel i byte (standard 65.536)")
    p.add_argument("--header-timeout", "--tid-til-hoved", type=float, default=10.0, metavar="SEK",
                   help="sekunder til forespørgslens hoved (standard 10)")
    p.add_argument("--body-timeout", "--tid-til-sag", type=float, default=10.0, metavar="SEK",
                   help="sekunder til sagen, når hovedet er modtaget (standard 10)")
    spec_option(p)

    p = sub.add_parser("fmt", help="ret lovkode-blokkenes opstilling til den faste form (prosaen røres ikke)")
    p.add_argument("files", nargs="*", metavar="FIL", help="spec-filer eller mapper (standard: --spec)")
    p.add_argument("--check", action="store_true", help="ret intet; vis de filer, der ville blive ændret (afslut med 1)")
    spec_option(p)

    sub.add_parser("lsp", help="start sprogserveren til editorer over stdio (kræver lovkode[lsp])")
    return parser


_FORMATS = {"tekst": "text"}
_REPORT_FORMATS = {"md": "markdown", "htm": "html"}


def _format(value: str) -> str:
    """``--format``: the contract's English value, or its Danish spelling."""
    return _FORMATS.get(value, value)


def _report_format(value: str) -> str:
    return _REPORT_FORMATS.get(value.lower(), value.lower())


def unknown_question_text(spec: Spec, err: UnknownQuestionError) -> str:
    """The error, followed by the questions the spec does answer."""
    names = ", ".join(spec.questions)
    if isinstance(err, NotAQuestionError):
        return f"{err} Spørgsmålene i specifikationen er: {names}."
    return f"{err} Spørgsmålene i specifikationen er: {names}. Enhver regel kan også stilles som spørgsmål."


def cmd_check(args) -> int:
    spec, diagnostics, sources, root = check_path(args.spec)
    prefix = shown_prefix(root)
    numbers = None
    if spec is not None and args.verbose and args.format != "gnu":
        from .columnar.scale import findings

        numbers = findings(spec._checked)
    if args.format == "json":
        out = {"diagnostics": [render_diag.as_json(d, prefix) for d in diagnostics],
               "fejl": sum(d.is_error for d in diagnostics),
               "advarsler": sum(not d.is_error for d in diagnostics)}
        if numbers is not None:
            out["tal"] = render_diag.numbers_json(numbers, prefix)
        print(dumps(out))
    else:
        for d in diagnostics:
            print(render_diag.gnu(d, prefix) if args.format == "gnu" else box(d, sources, prefix, root) + "\n")
        if numbers is not None:
            print(render_diag.numbers(numbers, sources, prefix) + "\n")
        if spec is not None:
            print(f"Specifikationen er i orden: {len(spec.facts)} fakta, {len(spec.rules)} regler, "
                  f"{len(spec.questions)} spørgsmål, {len(spec.examples)} eksempler ({render_diag.summary(diagnostics)}).")
        else:
            print(f"Specifikationen har fejl: {render_diag.summary(diagnostics)}.")
    return 1 if any(d.is_error for d in diagnostics) else 0


def cmd_test(args) -> int:
    spec = load_or_report(args.spec)
    if spec is None:
        return 1
    prefix = shown_prefix(spec.root)
    results = spec.run_examples()
    failed = [r for r in results if not r.passed]
    for r in results:
        if args.verbose or not r.passed:
            mark = "OK  " if r.passed else "FEJL"
            print(f"{mark} {prefix}{r.where.file}:{r.where.line}: Eksempel '{r.example.name}'")
            if not r.passed:
                print(f"     {r.message}")
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def cmd_eval(args) -> int:
    spec = load_or_report(args.spec)
    if spec is None:
        return 1
    try:
        case = read_case(args.case)
        answers = spec.evaluate(case, args.questions)
    except CaseInputError as err:
        _err(str(err))
        return 2
    except FactsError as err:
        _err(err.report(args.case))
        return 2
    except UnknownQuestionError as err:
        _err(unknown_question_text(spec, err))
        return 2
    if args.format == "json":
        print(dumps(results_json(answers)))
        return 0
    print(render_answers_text(spec, answers))
    return 0


def render_answers_text(spec: Spec, answers) -> str:
    """The decisions as a caseworker reads them, one block per question, then the anbefalinger."""
    from .render.begrundelse import text as begrundelse_text

    parts = begrundelse_text(answers)
    if answers.recommendations:
        lines = ["Anbefalinger (vejledende; de ændrer ikke det juridiske svar):"]
        for rec in answers.recommendations:
            lines.append(f"- {rec.text} ({rec.citation})" if rec.citation else f"- {rec.text}")
        parts.append("\n".join(lines))
    sep = "\n\n" + "—" * 60 + "\n\n"
    return sep.join(parts)


def cmd_schema(args) -> int:
    spec = load_or_report(args.spec)
    if spec is None:
        return 1
    print(dumps(contract.case_schema(spec)))
    return 0


def cmd_forklar(args) -> int:
    text = messages.explain(args.code)
    if text is None:
        _err(f"Koden `{args.code}` findes ikke. Koderne ser sådan ud: LK201.")
        return 2
    print(text)
    return 0


def cmd_serve(args) -> int:
    from .server.listen import serve_command

    spec = load_or_report(args.spec)
    return 1 if spec is None else serve_command(args, spec)


def cmd_brev(args) -> int:
    from .brev import run

    return run(args)


def cmd_batch(args) -> int:
    from .batch import run_batch

    spec = load_or_report(args.spec)
    if spec is None:
        return 1
    try:
        spec._questions(args.questions)
    except UnknownQuestionError as err:
        _err(unknown_question_text(spec, err))
        return 2
    return run_batch(args, spec)


def cmd_fmt(args) -> int:
    from .fmt import format_files
    from .pipeline import spec_dir

    paths = [Path(f) for f in args.files] or [Path(args.spec) if args.spec else spec_dir()]
    results = format_files(paths, write=not args.check)
    failed = [r for r in results if r.error]
    for r in failed:
        _err(f"Filen `{r.path}` kan ikke formateres: {r.error}.")
    for r in results:
        for line in r.skipped:
            _err(f"{r.path}:{line}: blokken kan ikke læses og er ikke formateret; `lovkode check` viser fejlen.")
    changed = [r for r in results if r.changed]
    for r in changed:
        print(f"{'Ville blive ændret' if args.check else 'Formateret'}: {r.path}")
    if args.check and changed:
        print(f"{len(changed)} af {len(results)} filer har ikke den faste opstilling. Kør `lovkode fmt`.")
    elif not failed and not changed:
        print(f"Alle {len(results)} filer har allerede den faste opstilling.")
    if failed:
        return 2
    return 1 if args.check and changed else 0


def cmd_lsp(args) -> int:
    try:
        from .lsp import serve
    except ImportError:
        _err('Sprogserveren kræver ekstra pakker: pip install "lovkode[lsp]"')
        return 2
    serve()
    return 0


_COMMANDS = {"check": cmd_check, "test": cmd_test, "eval": cmd_eval, "batch": cmd_batch, "schema": cmd_schema,
             "forklar": cmd_forklar, "serve": cmd_serve, "brev": cmd_brev, "fmt": cmd_fmt, "lsp": cmd_lsp}


def main(argv=None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    problem = spec_path_problem(getattr(args, "spec", None))
    if problem:
        _err(problem)
        return 2
    try:
        return _COMMANDS[args.command](args)
    except KeyboardInterrupt:
        _err("Afbrudt.")
        return 130
    except BrokenPipeError:
        # The reader has gone (`| head`): stop quietly, and let the final flush at exit go nowhere.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0


if __name__ == "__main__":
    sys.exit(main())
