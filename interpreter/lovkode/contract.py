"""The public contract as data: JSON Schemas of a case, of the results and of errors, and OpenAPI.

One description, read by everyone who states the contract: `lovkode schema` prints
:func:`case_schema`, the HTTP service serves :func:`case_schema` and :func:`openapi_document`, and
the site publishes them. Every schema is generated from the loaded spec's declarations (facts and
questions) and from the shapes the renderers write (``render/json_output.py``, ``trace.py``), so a
new fact, question or output field changes one place.

Every object is closed (``additionalProperties: false``): a key the renderers start writing without
a line here fails the test that validates real responses against these schemas.

The case schema agrees value for value with what ``Spec.evaluate`` accepts (``facts.py``): numbers
strictly between ±10¹² with at most 6 decimals (``multipleOf`` 0.000001 — validate with exact decimal
arithmetic, as a float quotient of 0.3 / 0.000001 is not whole), dates that exist in the calendar
written ÅÅÅÅ-MM-DD (a pattern, so no format checker is needed), percentages 0–100, hours from 0.
The one rule JSON Schema cannot state, that the birth date is not after the decision date, is in
the schema's ``description``.
"""
from __future__ import annotations

import re
from typing import Any

from .facts import NUMBER_DECIMALS, NUMBER_LIMIT
from .types import AMOUNT, BOOL, CHOICE, DATE, DURATION, HOURS, NUMBER, PERCENT, TEXT

__all__ = [
    "API_VERSION",
    "DATE_PATTERN",
    "MAX_LISTED_PROBLEMS",
    "MAX_SUGGESTIONS",
    "case_schema",
    "error_schema",
    "openapi_document",
    "results_schema",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
API_VERSION = "1"
MAX_LISTED_PROBLEMS = 50
"""The contract: past 50 problems the rest are counted, not listed."""
MAX_SUGGESTIONS = 20
"""The contract: "mente du …?" for the first 20 unknown keys only."""

# A year 0001–9999 (Python's dates; year 0000 does not exist), then a day that exists in its month:
# the 29th of February only in leap years (divisible by 4, not by 100 unless by 400).
_YEAR = r"(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
DATE_PATTERN = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
"""ÅÅÅÅ-MM-DD and a real calendar date, in the regular-expression subset every JSON Schema
validator shares (no lookaround, ASCII digits only: ``\\d`` would admit other scripts' digits)."""

_STEP = 10.0 ** -NUMBER_DECIMALS
_LIMIT = int(NUMBER_LIMIT)

_BIRTH, _DECISION = "fødselsdato", "afgørelsesdato"


# --------------------------------------------------------------------------------------------
# A case


def case_schema(spec) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a case file for `spec`: what `lovkode schema` prints."""
    properties = {name: fact_schema(fact) for name, fact in spec.facts.items()}
    description = (
        "En sag: faktanavne som nøgler. En nøgle, der mangler eller er null, er ukendt. "
        "En nøgle må kun forekomme én gang."
    )
    if _BIRTH in properties and _DECISION in properties:
        description += (
            f" Desuden gælder, hvad JSON Schema ikke kan udtrykke: `{_BIRTH}` må ikke ligge efter "
            f"`{_DECISION}`; en sag, hvor den gør, afvises."
        )
    return {
        "$schema": DRAFT,
        "$id": "https://lovkode.dk/schema/sag.json",
        "title": "Sag (lovkode)",
        "description": description,
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


DURATION_PATTERN = r"^P(?=\d)(?:(?:\d{1,4}Y)?(?:\d{1,4}M)?|(?:\d{1,4}W)?(?:\d{1,5}D)?)$"
"""A duration in a case (facts.ISO_DURATION): months and days are never mixed, as in the language."""


def fact_schema(fact) -> dict[str, Any]:
    """One fact's value: its type's JSON, or null (unknown), with the fact's meaning and source."""
    kind = fact.type.split()[0]
    if kind == BOOL:
        schema: dict[str, Any] = {"type": ["boolean", "null"]}
    elif kind == DATE:
        schema = {"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN,
                  # the pattern's `$` lets a final newline through in some regex engines
                  "minLength": 10, "maxLength": 10}
    elif kind == CHOICE:
        schema = {"enum": [*fact.choices, None]}
    elif kind == TEXT:
        schema = {"type": ["string", "null"]}
    elif kind in (NUMBER, HOURS, PERCENT, AMOUNT):
        schema = {"type": ["number", "null"], "exclusiveMinimum": -_LIMIT, "exclusiveMaximum": _LIMIT,
                  "multipleOf": _STEP}
        if kind == PERCENT:
            schema.update({"minimum": 0, "maximum": 100})
        elif kind == HOURS:
            schema["minimum"] = 0
    elif kind == DURATION:  # ISO 8601 text, years and months or weeks and days, as facts.convert reads it
        schema = {"type": ["string", "null"], "pattern": DURATION_PATTERN, "examples": ["P6M", "P1Y6M", "P14D"]}
    else:
        schema = {"type": "null"}
    description = fact.description or ""
    if fact.citation:
        description = f"{description} (hjemmel: {fact.citation})".strip()
    schema["description"] = description
    schema["x-lovkode-type"] = fact.type
    return schema


# --------------------------------------------------------------------------------------------
# Results: what `lovkode eval --format json`, `batch` and `POST /v1/evaluate` write


def results_schema(spec) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the results object, standing alone (its own ``$defs``)."""
    return _standalone(_result_defs(spec), "Resultater", "https://lovkode.dk/schema/resultater.json")


def error_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of the service's error body."""
    return _standalone({"Fejlsvar": _error_body()}, "Fejlsvar", "https://lovkode.dk/schema/fejl.json")


def _standalone(definitions: dict[str, Any], top: str, ident: str) -> dict[str, Any]:
    definitions = _repoint(definitions, "#/$defs/")
    schema = {"$schema": DRAFT, "$id": ident, **definitions.pop(top)}
    if definitions:
        schema["$defs"] = definitions
    return schema


def _result_defs(spec) -> dict[str, Any]:
    properties = {}
    for question in spec.questions:
        rule = spec.rules[question]
        properties[question] = {
            "allOf": [{"$ref": "#/$defs/Svar"}, {"properties": {"value": _value_schema(rule.type)}}],
            "description": f"»{rule.name}« ({rule.type}); hjemmel: {rule.citation}",
        }
    return {
        "Resultater": {
            "type": "object",
            "required": ["results"],
            "additionalProperties": False,
            "properties": {
                "results": {
                    "type": "object",
                    "properties": properties,
                    # `question` may name any rule of the spec, not only the questions listed here
                    "additionalProperties": {"$ref": "#/$defs/Svar"},
                },
                "kilder": {
                    "description": "Forkortelserne i hjemlerne (f.eks. LAB) skrevet ud.",
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                },
                "begrundelse": {
                    "description": ("Med `begrundelse=ja` (tjenesten): hvert svars begrundelse, som en "
                                    "sagsbehandler kan sende, efter spørgsmålets maskinnavn. En udvidelse."),
                    "type": "object",
                    "additionalProperties": {"$ref": "#/$defs/Begrundelse"},
                },
                "anbefalinger": {
                    "description": (
                        "Ankestyrelsens anbefalinger, der gælder sagen; vejledende, de ændrer aldrig "
                        "et juridisk svar. Udelades, når ingen gælder."
                    ),
                    "type": "array",
                    "items": _closed(
                        {"name": {"type": "string"}, "label": {"type": "string"},
                         "citation": {"type": ["string", "null"]}, "text": {"type": "string"}},
                        required=["name", "label", "citation", "text"],
                    ),
                },
            },
        },
        "Begrundelse": _closed(
            {
                "spørgsmål": {"type": "string", "description": "spørgsmålets navn, som loven skriver det"},
                "udfald": {"enum": ["ja", "nej", "værdi", "ukendt", "kilderne er tavse"]},
                "konklusion": {"type": "string", "description": "konklusionen i én dansk sætning"},
                "hjemmel": {"type": ["string", "null"]},
                "afgørelse_til_borgeren": {"type": "boolean"},
                "grunde": {"type": "array", "items": {"$ref": "#/$defs/Grund"}},
                "regler": {"type": "array", "items": _closed(
                    {"hjemmel": {"type": "string"}, "lovtekst": {"type": ["string", "null"]}},
                    required=["hjemmel", "lovtekst"])},
                "oplysninger": {"type": "array", "items": {"type": "string"}},
                "mangler": {"type": "array", "items": _closed(
                    {"oplysning": {"type": "string"}, "spørgsmål": {"type": "string"},
                     "spørg": {"type": ["string", "null"]}},
                    required=["oplysning", "spørgsmål", "spørg"])},
                "kilderne_tavse": {"type": "array", "items": {"type": "string"}},
                "tekst": {"type": "string", "description": "hele begrundelsen som tekst, klar til at indsætte"},
            },
            required=["spørgsmål", "udfald", "konklusion", "hjemmel", "afgørelse_til_borgeren", "grunde", "regler",
                      "oplysninger", "mangler", "kilderne_tavse", "tekst"],
            description="Begrundelsen af ét svar (forvaltningslovens §§ 22-24)",
        ),
        "Grund": _closed(
            {"tekst": {"type": "string"}, "grunde": {"type": "array", "items": {"$ref": "#/$defs/Grund"}}},
            required=["tekst", "grunde"],
        ),
        "Svar": _closed(
            {
                "value": {
                    "description": (
                        "true/false, et eksakt decimaltal, en dato (ÅÅÅÅ-MM-DD) eller et valg; "
                        "null når svaret er ukendt"
                    ),
                    "type": ["boolean", "number", "string", "null"],
                },
                "missing": _names("De ukendte fakta, der stadig kan ændre svaret, sorteret"),
                "citation": {"type": ["string", "null"]},
                "kilderne_tavse": _silent(),
                "udefineret": _undefined(),
                "explanation": {"$ref": "#/$defs/Forklaring"},
            },
            required=["value", "missing", "citation"],
        ),
        "Forklaring": _closed(
            {
                "name": {"type": "string", "description": "faktummets eller reglens maskinnavn"},
                "kind": {"enum": ["faktum", "regel", "spørgsmål", "skøn", "tabel", "reguleret beløb"]},
                "value": {"type": ["boolean", "number", "string", "null"]},
                "citation": {"type": ["string", "null"]},
                "missing": _names("De ukendte fakta under dette led, sorteret"),
                "kilderne_tavse": _silent(),
                "udefineret": _undefined(),
                "regulering": {
                    "description": ("Et reguleret beløbs kæde fra det seneste angivne niveau til året, ét trin "
                                    "pr. år i ord"),
                    "type": "array",
                    "items": {"type": "string"},
                },
                "konflikt": {
                    "description": "Undtagelser, der gælder samtidig og giver forskellige svar",
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "string"}},
                },
                "version": _closed(
                    {"gælder": {"type": "string"}, "lov": {"type": ["string", "null"]}},
                    required=["gælder", "lov"],
                    description="Den version af reglen, der gjaldt på sagens dato",
                ),
                "undtagelse": _closed(
                    {"navn": {"type": "string"}, "citation": {"type": ["string", "null"]}},
                    required=["navn", "citation"],
                    description="Undtagelsen, der afgjorde svaret",
                ),
                "række": _closed(
                    {"nøgle": {"type": "string"}, "citation": {"type": ["string", "null"]}},
                    required=["nøgle", "citation"],
                    description="Tabellens række, svaret blev slået op i",
                ),
                "skøn": _closed(
                    {"hensyn_til_stede": {"type": "array", "items": {"type": "string"}},
                     "afvejet": {"type": ["boolean", "null"]},
                     "lovligt_udøvet": {"type": ["boolean", "null"]},
                     "uopfyldte_krav": {"type": "array", "items": {"type": "string"}}},
                    required=["hensyn_til_stede", "afvejet", "lovligt_udøvet", "uopfyldte_krav"],
                    description=("Skønnet: de modhensyn, der er til stede, om de er afvejet, om skønnet er "
                                 "lovligt udøvet, og hvilke krav der ikke er opfyldt"),
                ),
                "se": {
                    "description": (
                        "Leddet er selv et af svarene; dets udledning står dér (f.eks. "
                        "`results.ret_til_fleksjob`), og `because` er tom"
                    ),
                    "type": "string",
                    "pattern": "^results\\.",
                },
                "because": {"type": "array", "items": {"$ref": "#/$defs/Forklaring"}},
            },
            required=["name", "kind", "value", "citation", "because"],
            description="Udledningstræet ned til de fakta, der er brugt",
        ),
    }


def _closed(properties: dict[str, Any], *, required: list[str], description: str | None = None) -> dict:
    schema: dict[str, Any] = {"type": "object"}
    if description:
        schema["description"] = description
    schema.update({"required": required, "additionalProperties": False, "properties": properties})
    return schema


def _names(description: str) -> dict[str, Any]:
    return {"description": description, "type": "array", "items": {"type": "string"}}


def _silent() -> dict[str, Any]:
    return {
        "description": (
            "Når svaret er ukendt, fordi kilderne intet siger for datoen (f.eks. sagsbehandlingen fra "
            "1. juli 2026 eller et knækpunkt for et år uden tilpasningsprocent): hvad kilderne er tavse om, og hvorfor"
        ),
        "type": "array",
        "items": {"type": "string"},
    }


def _undefined() -> dict[str, Any]:
    return {
        "description": ("Når svaret er ukendt, fordi regningen ikke har et resultat (f.eks. division med nul "
                        "eller et tal med flere cifre, end lovkode regner eksakt med); "
                        "holdes adskilt fra kildernes tavshed"),
        "type": "array",
        "items": {"type": "string"},
    }


def _value_schema(rule_type: str | None) -> dict[str, Any]:
    """The JSON of a value of a lovkode type (as `Rule.type` spells it), null for unknown."""
    kind = rule_type.split()[0] if rule_type else None
    if kind == BOOL:
        return {"type": ["boolean", "null"]}
    if kind in (NUMBER, HOURS, PERCENT, AMOUNT):
        return {"type": ["number", "null"]}
    if kind == DATE:
        return {"type": ["string", "null"], "format": "date", "pattern": DATE_PATTERN}
    if kind == CHOICE:
        return {"enum": [*re.findall(r'"([^"]*)"', rule_type), None]}
    if kind in (TEXT, DURATION):
        return {"type": ["string", "null"]}
    return {}


# --------------------------------------------------------------------------------------------
# Errors


def _error_body() -> dict[str, Any]:
    return _closed(
        {
            "fejl": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_LISTED_PROBLEMS,
                "items": _closed(
                    {
                        "kode": {"type": "string", "description": "f.eks. LK701 eller ugyldig_json"},
                        "nøgle": {"type": ["string", "null"],
                                  "description": "nøglen, parameteren eller stien, fejlen gælder"},
                        "besked": {"type": "string", "description": "fejlen på dansk"},
                        "mente_du": {"type": ["string", "null"], "description": "det nærmeste gyldige navn"},
                    },
                    required=["kode", "nøgle", "besked", "mente_du"],
                ),
            },
            "antal": {
                "type": "integer",
                "minimum": 1,
                "description": (
                    f"Hvor mange fejl der er i alt; de første {MAX_LISTED_PROBLEMS} står i `fejl`, "
                    "resten tælles kun"
                ),
            },
        },
        required=["fejl", "antal"],
    )


# --------------------------------------------------------------------------------------------
# OpenAPI


def _questions_list() -> dict[str, Any]:
    return _closed(
        {
            "questions": {
                "type": "array",
                "items": _closed(
                    {
                        "name": {"type": "string", "description": "navnet til `question=` og `results`"},
                        "label": {"type": "string", "description": "lovens eget udtryk"},
                        "citation": {"type": ["string", "null"]},
                        "type": {"type": ["string", "null"], "description": "lovkode-typen"},
                        "description": {"type": ["string", "null"]},
                    },
                    required=["name", "label", "citation", "type", "description"],
                ),
            }
        },
        required=["questions"],
    )


def _status() -> dict[str, Any]:
    return _closed(
        {"status": {"const": "ok"}, "version": {"type": ["string", "null"]}, "questions": {"type": "integer"}},
        required=["status", "version", "questions"],
    )


_ERROR_DESCRIPTIONS = {
    400: "Forespørgslen kan ikke læses: ugyldig JSON, ukendt spørgsmål eller parameter.",
    404: "Der findes ingen sådan side.",
    405: "Siden kan ikke kaldes med den metode.",
    408: "Klienten sendte ikke forespørgslen færdig inden for tidsgrænsen.",
    413: "Forespørgslen er større end tjenestens grænse.",
    415: "Indholdet er ikke sendt som JSON.",
    422: "Sagen er JSON, men fakta er ugyldige; alle problemer listes (de første 50).",
    500: "Uventet fejl i tjenesten.",
}


def _responses(ok: dict[str, Any], *statuses: int) -> dict[str, Any]:
    responses = {"200": ok}
    for status in statuses:
        responses[str(status)] = {
            "description": _ERROR_DESCRIPTIONS[status],
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fejlsvar"}}},
        }
    return responses


def _json_ok(description: str, schema: str, media: str = "application/json") -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


def _question_parameter() -> dict[str, Any]:
    return {
        "name": "question",
        "in": "query",
        "required": False,
        "description": "Et spørgsmål, der skal besvares; kan gentages. Som `--question` i CLI'en.",
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }


def operations() -> dict[str, dict[str, dict[str, Any]]]:
    """Path → method → OpenAPI operation: the service's routes as the contract states them.

    The service builds its route table from the same paths, and a test holds the two equal.
    """
    evaluate = {
        "operationId": "evaluate",
        "summary": "Vurdér en sag",
        "description": (
            "Kroppen er en sag: ét JSON-objekt med faktanavne som nøgler, præcis som en sagsfil til "
            "`lovkode eval`. Svaret er det samme JSON som `lovkode eval SAG.json --format json`. "
            "Uden `question` besvares alle specens spørgsmål."
        ),
        "parameters": [
            _question_parameter(),
            {
                "name": "begrundelse",
                "in": "query",
                "required": False,
                "description": "`ja` føjer hvert svars begrundelse til svaret (nøglen `begrundelse`).",
                "schema": {"enum": ["ja", "nej"]},
            },
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sag"}}},
        },
        "responses": _responses(
            _json_ok("Svarene med værdi, manglende fakta, hjemmel og begrundelse.", "Resultater"),
            400, 408, 413, 415, 422, 500,
        ),
    }
    brev = {
        "operationId": "brev",
        "summary": "Udkast til et afgørelsesbrev",
        "description": (
            "Kroppen er en sag som til `POST /v1/evaluate`. Svaret er et udkast til et afgørelsesbrev "
            "(Afgørelse, Begrundelse, Regler, Oplysninger vi har lagt vægt på, Klagevejledning) som "
            "`lovkode brev`: en anmodning om oplysninger, når svaret er ukendt, og en besked om at afgøre "
            "sagen uden lovkode, når kilderne er tavse. Kun for spørgsmål, der er en afgørelse til borgeren."
        ),
        "parameters": [
            _question_parameter(),
            {"name": "format", "in": "query", "required": False, "schema": {"enum": ["markdown", "html"]},
             "description": "markdown (standard) eller html (én fil, der kan udskrives)."},
            {"name": "partshøring", "in": "query", "required": False, "schema": {"enum": ["ja", "nej"]},
             "description": "`ja`: partshøringen (forvaltningslovens § 19) før et afslag i stedet for afgørelsen."},
            {"name": "kommune", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "sagsnummer", "in": "query", "required": False, "schema": {"type": "string"}},
            {"name": "dato", "in": "query", "required": False, "schema": {"type": "string"}},
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Sag"}}},
        },
        "responses": _responses(
            {"description": "Brevet.", "content": {"text/markdown": {"schema": {"type": "string"}},
                                                   "text/html": {"schema": {"type": "string"}}}},
            400, 408, 413, 415, 422, 500,
        ),
    }
    return {
        "/v1/evaluate": {"post": evaluate},
        "/v1/brev": {"post": brev},
        "/v1/schema": {"get": {
            "operationId": "schema",
            "summary": "JSON Schema for en sag",
            "description": (
                "JSON Schema (draft 2020-12) for kroppen til `POST /v1/evaluate`, dannet af specens "
                "faktaerklæringer; det samme som `lovkode schema` skriver."
            ),
            "responses": {"200": {"description": "JSON Schema for en sagsfil.",
                                  "content": {"application/schema+json": {"schema": {"type": "object"}}}}},
        }},
        "/v1/questions": {"get": {
            "operationId": "questions",
            "summary": "Specens spørgsmål",
            "description": (
                "Hvert spørgsmål, `POST /v1/evaluate` besvarer uden `question`, med maskinnavn, lovens "
                "eget navn, hjemmel og type."
            ),
            "responses": {"200": _json_ok("Spørgsmålene i specens rækkefølge.", "Spørgsmålsliste")},
        }},
        "/healthz": {"get": {
            "operationId": "healthz",
            "summary": "Er tjenesten oppe?",
            "description": "Svarer 200, når specen er indlæst og tjenesten tager imod forespørgsler.",
            "responses": {"200": _json_ok("Tjenesten kører.", "Status")},
        }},
        "/openapi.json": {"get": {
            "operationId": "openapi",
            "summary": "OpenAPI-dokumentet",
            "description": "Dette dokument (OpenAPI 3.1), dannet af specen ved opstart.",
            "responses": {"200": {"description": "OpenAPI 3.1-dokument.", "content": {"application/json": {}}}},
        }},
    }


def openapi_document(spec) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the service for `spec`, every schema from this module.

    OpenAPI 3.1 schemas are JSON Schema 2020-12, so the schemas are embedded as they are, their
    ``#/$defs/X`` references pointed at ``#/components/schemas/X``.
    """
    from . import __version__

    case = case_schema(spec)
    for key in ("$schema", "$id"):
        case.pop(key)
    schemas = {"Sag": case, **_result_defs(spec), "Fejlsvar": _error_body(),
               "Spørgsmålsliste": _questions_list(), "Status": _status()}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "lovkode",
            "version": f"{API_VERSION} (lovkode {__version__})",
            "description": (
                "Dansk lov som kode: fleksjobreglerne i lov om en aktiv beskæftigelsesindsats "
                "§ 116 ff., vurderet som HTTP-tjeneste. Svarene har samme form som "
                "`lovkode eval --format json`."
            ),
        },
        "jsonSchemaDialect": DRAFT,
        "paths": operations(),
        "components": {"schemas": _repoint(schemas, "#/components/schemas/")},
    }


def _repoint(node: Any, prefix: str) -> Any:
    """Every ``#/$defs/X`` reference pointed at ``prefix + X``."""
    if isinstance(node, dict):
        return {
            key: (prefix + value[len("#/$defs/"):]
                  if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/")
                  else _repoint(value, prefix))
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_repoint(item, prefix) for item in node]
    return node
