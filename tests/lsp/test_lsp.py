"""The language server, driven over stdio as an editor drives it, on a copy of the bundled spec."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pygls", reason='sprogserveren kræver lovkode[lsp] (pygls og lsprotocol): pip install -e ".[lsp]"')
pytest.importorskip("lsprotocol", reason='sprogserveren kræver lovkode[lsp] (pygls og lsprotocol)')

from lovkode import fmt  # noqa: E402
from lovkode.literate import blocks  # noqa: E402
from lovkode.pipeline import compile_sources, spec_dir  # noqa: E402
from tests.lsp.client import Client, LspError  # noqa: E402

TILSKUD = "123-fleksloentilskud.md"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("lsp") / "spec"
    shutil.copytree(spec_dir(), root)
    return root


@pytest.fixture(scope="module")
def server(folder):
    client = Client(folder)
    client.texts = {}
    for path in sorted(folder.rglob("*.md")):
        client.texts[path.as_uri()] = path.read_text(encoding="utf-8")
        assert [] == client.diagnostics(client.open(path))
    yield client
    client.close()


@pytest.fixture
def tilskud(server, folder):
    """The § 123 file's URI; whatever a test typed into it is undone afterwards."""
    uri = (folder / TILSKUD).as_uri()
    yield uri
    server.change(uri, server.texts[uri])
    assert [] == server.diagnostics(uri)


def at(server, uri: str, needle: str, nth: int = 0, offset: int = 1) -> dict:
    """The LSP position `offset` characters into the `nth` occurrence of `needle` in a document."""
    lines = server.texts[uri].split("\n")
    found = [(n, line.index(needle)) for n, line in enumerate(lines) if needle in line]
    line, column = found[nth]
    return {"line": line, "character": column + offset}


def edited(server, uri: str, old: str, new: str) -> str:
    text = server.texts[uri]
    assert old in text
    return text.replace(old, new, 1)


def expected_diagnostics(folder: Path, name: str, text: str) -> list[tuple]:
    """What `lovkode check` reports for the file, in the server's form."""
    sources = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}
    sources[name] = text
    _, diagnostics = compile_sources(sources)
    return [(d.code, d.message + (f"\n{d.hint}" if d.hint else ""), d.span.line - 1, d.span.column - 1)
            for d in diagnostics if d.span.file == name]


def block_lines(server, uri: str, needle: str, text: str | None = None) -> list[int]:
    """The 0-based lines inside lovkode blocks where `needle` is written."""
    text = server.texts[uri] if text is None else text
    found = []
    for block in blocks("", text):
        for offset, line in enumerate(block.text.split("\n")):
            if needle in line:
                found.append(block.first_line - 1 + offset)
    return found


def span_of(server, uri: str, needle: str, word: str, nth: int = 0) -> dict:
    """The LSP range of `word` on the `nth` block line that holds `needle`."""
    line = block_lines(server, uri, needle)[nth]
    start = server.texts[uri].split("\n")[line].index(word)
    return {"start": {"line": line, "character": start}, "end": {"line": line, "character": start + len(word)}}


def shown(diagnostics: list[dict]) -> list[tuple]:
    return [(d["code"], d["message"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diagnostics]


# Diagnostics as you type ---------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, code", [
    ("er »lønloft« - »månedlig lønindtægt«", "er »lønlof« - »månedlig lønindtægt«", "LK201"),
    ("er »lønloft« - »månedlig lønindtægt«", "er »lønloft« - »månedlig lønindtægt« og", "LK103"),
    ("er »lønloft« - »månedlig lønindtægt«", "er »lønloft« »månedlig lønindtægt«", "LK102"),
    ("  er »lønloft« - »månedlig lønindtægt«", "     er »lønloft« - »månedlig lønindtægt«", "LK104"),
    ("er »lønloft« - »månedlig lønindtægt«", "er »lønloft« - »beregningsmåned«", "LK302"),
    ("  hjemmel: LAB § 123, stk. 3; BEK nr. 227 af 7. marts 2024 § 3, stk. 3", "  hjemmel: LABX § 123, stk. 3; BEK nr. 227 af 7. marts 2024 § 3, stk. 3", "LK205"),
    ("regel »plads under lønloftet«: beløb", "regel »plads under lønloftet«: dato", "LK304"),
])
def test_each_kind_of_mistake_is_shown_as_lovkode_check_reports_it(server, folder, tilskud, old, new, code):
    text = edited(server, tilskud, old, new)
    server.change(tilskud, text)
    found = shown(server.diagnostics(tilskud))
    assert code in [d[0] for d in found]
    assert expected_diagnostics(folder, TILSKUD, text) == found


def test_an_unknown_name_gets_danish_words_a_place_and_a_suggestion(server, tilskud):
    server.change(tilskud, edited(server, tilskud, "er »lønloft« - »månedlig", "er »lønlof« - »månedlig"))
    diagnostic, unused = server.diagnostics(tilskud)
    assert "LK501" == unused["code"]  # the one use of »lønloft« is gone
    assert {"range": span_of(server, tilskud, "er »lønloft« - »månedlig", "»lønloft"),
            "message": "Jeg kender ikke navnet `lønlof`.\nMente du `»lønloft«`?", "severity": 1, "code": "LK201",
            "source": "lovkode", "data": {"suggestions": ["lønloft"], "names": [True]}} == diagnostic


def test_an_unused_fact_is_a_warning_and_a_mistake_in_one_file_shows_in_the_file_it_is_in(server, folder, tilskud):
    server.change(tilskud, edited(server, tilskud, "er »lønloft« - »månedlig", "er 0 kr. - »månedlig"))
    [warning] = server.diagnostics(tilskud)
    assert ("LK501", 2, "Faktummet `lønloft` bruges ikke af nogen regel.\nBrug det i en regel, eller slet erklæringen.") \
        == (warning["code"], warning["severity"], warning["message"])


def test_a_file_in_the_folder_above_is_its_own_spec_and_does_not_speak_for_the_spec_folder(server, folder, tilskud):
    readme = folder.parent / "README.md"
    readme.write_text("# Noter\n\n```lovkode\nregel »x«\n  hjemmel: LAB § 1\n  er opfyldt, når »y«\n```\n", encoding="utf-8")
    server.texts[readme.as_uri()] = readme.read_text(encoding="utf-8")
    codes = [d["code"] for d in server.diagnostics(server.open(readme))]
    assert "LK201" in codes  # »y« is not declared in the README's own folder's spec
    server.change(tilskud, edited(server, tilskud, "er »lønloft« - »månedlig", "er »lønlof« - »månedlig"))
    assert ["LK201", "LK501"] == [d["code"] for d in server.diagnostics(tilskud)]


# Hover, definition, references -------------------------------------------------------------------

def test_hover_on_a_name_gives_its_kind_type_description_hjemmel_and_the_law_it_rests_on(server, tilskud):
    hover = server.request("textDocument/hover", {"textDocument": {"uri": tilskud},
                                                  "position": at(server, tilskud, "er »lønloft« - »månedlig", offset=5)})
    assert "\n\n".join([
        "**faktum** »lønloft«: beløb",
        "lønnen pr. måned for ansættelse på fuld tid på ordinære vilkår i den pågældende stilling, som arbejdsgiveren "
        "oplyser, inklusive fast bonus (principmeddelelse 27-23)",
        "Hjemmel: LAB § 123, stk. 3; BEK nr. 227 af 7. marts 2024 § 1, stk. 1, nr. 4, §§ 12-13",
        "> Stk. 3. Fleksløntilskud efter stk. 2 og løn udbetalt af arbejdsgiveren efter § 122 kan tilsammen højst "
        "udgøre et beløb, der svarer til den løn, der udbetales for ansættelse på fuld tid på ordinære vilkår i den "
        "pågældende stilling. Arbejdsgiveren skal oplyse kommunen om den løn, der ville udbetales for ansættelse på "
        "fuld tid på ordinære vilkår i den pågældende stilling, jf. 1. pkt. Kommunen kan på baggrund af "
        "arbejdsgiverens oplysninger beregne lønloftet, der fremgår af 1. pkt.",
        "Står under: § 123 — fleksløntilskuddet for én kalendermåned › Månedens fakta "
        f"(123-fleksloentilskud.md:{block_lines(server, tilskud, 'faktum »lønloft«')[0] + 1})",
    ]) == hover["contents"]["value"]


def test_hover_on_the_prose_around_a_block_gives_nothing(server, tilskud):
    position = at(server, tilskud, "Kommunen udbetaler fleksløntilskud til personer")
    assert server.request("textDocument/hover", {"textDocument": {"uri": tilskud}, "position": position}) is None


def test_go_to_definition_finds_the_declaring_line(server, tilskud):
    location = server.request("textDocument/definition", {
        "textDocument": {"uri": tilskud}, "position": at(server, tilskud, "er »lønloft« - »månedlig", offset=5)})
    assert {"uri": tilskud, "range": span_of(server, tilskud, "faktum »lønloft«", "»lønloft«")} == location


def test_find_uses_lists_every_rule_and_example_that_names_it(server, tilskud):
    locations = server.request("textDocument/references", {
        "textDocument": {"uri": tilskud}, "position": at(server, tilskud, "faktum »lønloft«", offset=8),
        "context": {"includeDeclaration": True}})
    written = block_lines(server, tilskud, "»lønloft«")
    assert 10 <= len(written)
    assert written == sorted(loc["range"]["start"]["line"] for loc in locations)
    assert {tilskud} == {loc["uri"] for loc in locations}


def test_find_uses_crosses_files(server, folder):
    uri = (folder / "116-stk1-maalgruppe.md").as_uri()
    locations = server.request("textDocument/references", {
        "textDocument": {"uri": uri}, "position": at(server, uri, "spørgsmål »målgruppe for fleksjob«", offset=12),
        "context": {"includeDeclaration": False}})
    written_in = {p.name for p in folder.rglob("*.md") if "»målgruppe for fleksjob«" in p.read_text(encoding="utf-8")}
    assert 2 == len(written_in)
    assert written_in == {loc["uri"].rsplit("/", 1)[1] for loc in locations}


# Completion --------------------------------------------------------------------------------------

def _complete(server, uri: str, old: str, new: str, after: str):
    text = edited(server, uri, old, new)
    server.change(uri, text)
    server.diagnostics(uri)
    line_number, line = next((n, line) for n, line in enumerate(text.split("\n")) if new in line)
    position = {"line": line_number, "character": line.index(new) + len(after)}
    return server.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": position})["items"]


def test_completion_after_a_guillemet_offers_names_starting_with_what_is_typed_first(server, tilskud):
    items = _complete(server, tilskud, "er »lønloft« - »månedlig", "er »lønlo", "er »lønlo")
    assert ["lønloft", "fleksløntilskud før lønloft", "plads under lønloftet"] == [i["label"] for i in items[:3]]
    typed = span_of(server, tilskud, "er »lønlo", "lønlo")
    assert {"range": typed, "newText": "lønloft«"} == items[0]["textEdit"]


def test_completion_puts_a_near_miss_first(server, tilskud):
    items = _complete(server, tilskud, "er »lønloft« - »månedlig", "er »lønlfot", "er »lønlfot")
    assert "lønloft" == items[0]["label"]


def test_completion_outside_a_name_offers_the_language_words_and_choice_values(server, tilskud):
    items = _complete(server, tilskud, "er »lønloft« - »månedlig", "er medm", "er medm")
    labels = [i["label"] for i in items]
    assert "medmindre" == labels[0]
    assert {"følgende", "ukendt", "hjemmel", "eksempel"} <= set(labels)
    assert [i for i in labels if i.startswith('"')], "choice values of the spec's valg-facts"


# Rename, quick fix, outline, formatting ----------------------------------------------------------

def _apply(text: str, edits: list[dict]) -> str:
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]), reverse=True):
        start, end = edit["range"]["start"], edit["range"]["end"]
        assert start["line"] == end["line"]
        line = lines[start["line"]]
        lines[start["line"]] = line[:start["character"]] + edit["newText"] + line[end["character"]:]
    return "\n".join(lines)


def test_rename_changes_the_name_everywhere_including_examples_and_warns_of_the_machine_name(server, folder, tilskud):
    edit = server.request("textDocument/rename", {"textDocument": {"uri": tilskud}, "newName": "lønloftet i stillingen",
                                                  "position": at(server, tilskud, "faktum »lønloft«", offset=8)})
    [(uri, edits)] = edit["changes"].items()
    assert (tilskud, len(block_lines(server, tilskud, "»lønloft«")), {"»lønloftet i stillingen«"}) \
        == (uri, len(edits), {e["newText"] for e in edits})
    renamed = _apply(server.texts[tilskud], edits)
    assert [] == block_lines(server, tilskud, "»lønloft«", renamed)
    sources = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md"))}
    spec, diagnostics = compile_sources({**sources, TILSKUD: renamed})
    assert [] == [d for d in diagnostics if d.is_error]
    assert all(r.passed for r in spec.run_examples())
    warning = server.wait_for(lambda m: m.get("method") == "window/showMessage")
    assert ("Maskinnavnet skifter fra `lønloft` til `lønloftet_i_stillingen`; ret det også i sagsfilerne."
            == warning["params"]["message"])


def test_rename_to_a_name_that_exists_is_refused(server, tilskud):
    with pytest.raises(LspError, match="Navnet »knækpunkt« findes allerede."):
        server.request("textDocument/rename", {"textDocument": {"uri": tilskud}, "newName": "»knækpunkt«",
                                               "position": at(server, tilskud, "faktum »lønloft«", offset=8)})


def test_a_quick_fix_writes_the_suggested_name(server, tilskud):
    server.change(tilskud, edited(server, tilskud, "er »lønloft« - »månedlig", "er »lønlof« - »månedlig"))
    diagnostics = server.diagnostics(tilskud)
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": tilskud}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
    assert [("Ret til »lønloft«", "quickfix",
             [{"range": span_of(server, tilskud, "er »lønloft« - »månedlig", "»lønloft"),
               "newText": "»lønloft«"}])] == [(a["title"], a["kind"], a["edit"]["changes"][tilskud]) for a in actions]


def test_a_name_written_in_quotation_marks_is_fixed_to_the_name(server, tilskud):
    server.change(tilskud, edited(server, tilskud, "er »lønloft« - »månedlig lønindtægt«",
                                  "er opfyldt, når \"lønloft\""))
    diagnostics = server.diagnostics(tilskud)
    assert "Et navn skrives i »…«, ikke i \"…\": mente du `»lønloft«`?" in diagnostics[0]["message"]
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": tilskud}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
    assert ["Ret til »lønloft«"] == [a["title"] for a in actions]


def test_a_quick_fix_for_an_undeclared_source_rewrites_only_the_abbreviation(server, tilskud):
    server.change(tilskud, edited(server, tilskud, "  hjemmel: LAB § 123, stk. 3; BEK nr. 227 af 7. marts 2024 § 3, stk. 3",
                                               "  hjemmel: LBA § 123, stk. 3; BEK nr. 227 af 7. marts 2024 § 3, stk. 3"))
    diagnostics = server.diagnostics(tilskud)
    actions = server.request("textDocument/codeAction", {
        "textDocument": {"uri": tilskud}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}})
    [edit] = actions[0]["edit"]["changes"][tilskud]
    assert ("Ret til LAB", "LAB", 11, 14) == (actions[0]["title"], edit["newText"], edit["range"]["start"]["character"],
                                              edit["range"]["end"]["character"])


def test_the_outline_is_the_files_headings_with_their_declarations(server, tilskud):
    [top] = server.request("textDocument/documentSymbol", {"textDocument": {"uri": tilskud}})
    assert "§ 123 — fleksløntilskuddet for én kalendermåned" == top["name"]
    sections = {s["name"]: s for s in top["children"]}
    assert ["Lovens tekst", "Månedens fakta", "Knækpunktet", "Beregningen", "Hvad kilderne ikke siger"] == list(sections)
    assert ["»beregningsmåned«", "»månedlig lønindtægt«", "»dagpengenes højeste beløb pr. måned«", "»lønloft«"] \
        == [c["name"] for c in sections["Månedens fakta"]["children"]]


def test_formatting_gives_the_layout_of_lovkode_fmt(server, tilskud):
    messy = edited(server, tilskud, "faktum »lønloft«: beløb", "faktum   «lønloft» :beløb  ")
    server.change(tilskud, messy)
    server.diagnostics(tilskud)
    edits = server.request("textDocument/formatting", {"textDocument": {"uri": tilskud},
                                                       "options": {"tabSize": 2, "insertSpaces": True}})
    assert 1 == len(edits)
    assert server.texts[tilskud] == edits[0]["newText"] == fmt.format_text(TILSKUD, messy)
    server.change(tilskud, server.texts[tilskud])
    server.diagnostics(tilskud)
    assert [] == server.request("textDocument/formatting", {"textDocument": {"uri": tilskud},
                                                            "options": {"tabSize": 2, "insertSpaces": True}})
