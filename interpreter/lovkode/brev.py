"""`lovkode brev`: a draft afgørelsesbrev for a case, as Markdown, HTML or Word.

Plain functions for other callers (the HTTP service among them): :func:`letter` gives the letter as data,
:func:`render_letter` writes it in a format, :func:`read_letterhead` reads the small JSON file with the
letterhead. Errors are Danish and never a traceback; nothing is written unless the whole letter is.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from .console import err as _err
from .render.begrundelse import Writer
from .render.brev import Brev, Brevhoved, NoAfslag, NotADecision, build, html, markdown

FORMATS = ("markdown", "html", "docx")
_SUFFIX = {"markdown": ".md", "html": ".html", "docx": ".docx"}
_HEAD_KEYS = ("kommune", "sagsnummer", "dato", "modtager")


class LetterError(ValueError):
    """Input the letter cannot be made from; the message is Danish."""


def decision_questions(spec) -> list[str]:
    """The spec's questions marked `afgørelse til borgeren`, in spec order."""
    from .presentation import decision_questions as marked

    return [e.id for e in marked(spec._checked)]


def letter(spec, facts, questions=None, hoved: Brevhoved | None = None, partshøring: bool = False) -> Brev:
    """The draft letter for a case's facts (default questions: the first decision question of the spec).

    Raises :class:`~lovkode.facts.FactsError` for a bad case, :class:`~lovkode.api.UnknownQuestionError` for
    an unknown question and :class:`LetterError` when the questions are not decisions or there is no afslag
    to hear the citizen about.
    """
    if not questions:
        marked = decision_questions(spec)
        if not marked:
            raise LetterError("Specifikationen har ingen spørgsmål markeret med `afgørelse til borgeren`.")
        questions = marked[:1]
    answers = spec.evaluate(facts, questions)
    writer = Writer(spec, answers._run.facts)
    begrundelser = [writer.begrundelse(name) for name in answers]
    try:
        return build(begrundelser, hoved or Brevhoved(), partshøring)
    except (NotADecision, NoAfslag) as err:
        raise LetterError(str(err)) from None


def render_letter(brev: Brev, format: str = "markdown") -> bytes:
    """The letter in ``format`` (markdown, html or docx) as bytes (UTF-8 for the text formats)."""
    if format == "markdown":
        return markdown(brev).encode("utf-8")
    if format == "html":
        return html(brev).encode("utf-8")
    if format == "docx":
        try:
            from .render.brev_docx import docx_bytes
        except ImportError:
            raise LetterError('Word-formatet kræver en ekstra pakke: pip install "lovkode[brev]"') from None
        return docx_bytes(brev)
    raise LetterError(f"Formatet `{format}` findes ikke; vælg mellem {', '.join(FORMATS)}.")


def letterhead(data) -> Brevhoved:
    """A letterhead from JSON data: ``{"kommune", "sagsnummer", "dato", "modtager"}``, all optional text."""
    if not isinstance(data, dict):
        raise LetterError('Brevhovedet skal være ét JSON-objekt, f.eks. {"kommune": "Aarhus Kommune"}.')
    unknown = sorted(set(data) - set(_HEAD_KEYS))
    if unknown:
        raise LetterError(f"Brevhovedet har ukendte nøgler: {', '.join(unknown)}; brug {', '.join(_HEAD_KEYS)}.")
    bad = [k for k, v in data.items() if v is not None and not isinstance(v, str)]
    if bad:
        raise LetterError(f"I brevhovedet skal {', '.join(bad)} være tekst.")
    return Brevhoved(**{k: data.get(k) for k in _HEAD_KEYS})


def read_letterhead(path: str) -> Brevhoved:
    """A letterhead file (see :func:`letterhead`)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LetterError(f"Brevhovedfilen `{path}` findes ikke.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LetterError(f"Brevhovedfilen `{path}` kan ikke læses: {err}.") from None
    except json.JSONDecodeError as err:
        raise LetterError(f"Brevhovedfilen `{path}`: ugyldig JSON i linje {err.lineno}, kolonne {err.colno}.") from None
    try:
        return letterhead(data)
    except LetterError as err:
        raise LetterError(f"`{path}`: {err}") from None


def add_command(sub, spec_option) -> None:
    """Register `lovkode brev` on the CLI's sub-parsers (options in English as the contract writes them,
    each also in Danish)."""
    p = sub.add_parser("brev", help="lav et udkast til et afgørelsesbrev for en sag")
    p.add_argument("case", metavar="SAG.json", help="sagsfilen (JSON); - læser fra standard input")
    p.add_argument("--question", "--spørgsmål", action="append", metavar="NAVN", dest="questions",
                   help="spørgsmål, brevet afgør (kan gentages; standard: det første, der er en afgørelse til borgeren)")
    p.add_argument("--format", choices=list(FORMATS), default="markdown", help="markdown, html eller docx")
    p.add_argument("--output", "--fil", metavar="FIL", help="skriv brevet til FIL (docx kræver en fil)")
    p.add_argument("--brevhoved", metavar="FIL", help="JSON-fil med kommune, sagsnummer, dato og modtager")
    p.add_argument("--kommune", help="kommunens navn i brevhovedet")
    p.add_argument("--sagsnummer", help="sagsnummeret i brevhovedet")
    p.add_argument("--dato", help="brevets dato")
    p.add_argument("--partshøring", action="store_true", dest="partshøring",
                   help="lav partshøringen (forvaltningslovens § 19) før et afslag i stedet for afgørelsen")
    spec_option(p)


def run(args) -> int:
    """`lovkode brev`: exit 0 with the letter written, 1 for a bad spec, 2 for bad input."""
    from .api import UnknownQuestionError
    from .caseinput import CaseInputError, read_case
    from .console import load_or_report
    from .facts import FactsError

    if args.format == "docx" and not args.output:
        _err("Et Word-brev skrives til en fil: angiv --output FIL.docx.")
        return 2
    spec = load_or_report(args.spec)
    if spec is None:
        return 1
    try:
        case = read_case(args.case)
    except CaseInputError as err:
        _err(str(err))
        return 2
    try:
        hoved = read_letterhead(args.brevhoved) if args.brevhoved else Brevhoved()
        given = {k: getattr(args, k) for k in ("kommune", "sagsnummer", "dato") if getattr(args, k)}
        hoved = Brevhoved(**{**{k: getattr(hoved, k) for k in _HEAD_KEYS}, **given})
        brev = letter(spec, case, args.questions, hoved, args.partshøring)
        data = render_letter(brev, args.format)
    except FactsError as err:
        _err(err.report(args.case))
        return 2
    except (UnknownQuestionError, LetterError) as err:
        _err(str(err))
        return 2
    if not args.output:
        sys.stdout.write(data.decode("utf-8"))
        return 0
    try:
        _write_whole(Path(args.output), data)
    except OSError as err:
        _err(f"Brevet kan ikke skrives til `{args.output}`: {err.strerror or err}.")
        return 2
    return 0


def _write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename: never a half-written letter."""
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".lovkode-brev-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


__all__ = ["FORMATS", "LetterError", "add_command", "decision_questions", "letter", "letterhead", "read_letterhead",
           "render_letter", "run"]
