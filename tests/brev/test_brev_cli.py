"""`lovkode brev` on the command line: the options in English and Danish, the letterhead, and a Danish
message with exit status 2 (and nothing written) for every kind of bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lovkode.cli import main

ROOT = Path(__file__).resolve().parents[2]
SAG = str(ROOT / "spec" / "data" / "eksempel-sag.json")


def _afslag(tmp_path) -> str:
    facts = json.loads((ROOT.parent / "shared" / "sager" / "foertidspension.json").read_text(encoding="utf-8"))["fakta"]
    path = tmp_path / "afslag.json"
    path.write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_a_letter_with_its_letterhead_from_options(capsys):
    assert main(["brev", SAG, "--question", "ret_til_fleksjob", "--kommune", "Eksempel Kommune",
                 "--sagsnummer", "2024-0001", "--dato", "1. juni 2024"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Kommune: Eksempel Kommune")
    for section in ("## Afgørelse", "## Begrundelse", "## Regler", "## Oplysninger vi har lagt vægt på",
                    "## Klagevejledning"):
        assert section in out


def test_danish_option_names_and_a_letterhead_file(tmp_path, capsys):
    head = tmp_path / "brevhoved.json"
    head.write_text(json.dumps({"kommune": "Aarhus Kommune", "sagsnummer": "7"}), encoding="utf-8")
    out = tmp_path / "brev.html"
    assert main(["brev", SAG, "--spørgsmål", "ret_til_fleksjob", "--format", "html", "--fil", str(out),
                 "--brevhoved", str(head), "--dato", "2. juni 2024"]) == 0
    html = out.read_text(encoding="utf-8")
    assert "Aarhus Kommune" in html and "Sagsnummer: 7" in html and "2. juni 2024" in html
    assert "<script" not in html and "http" not in html.split("<body>")[1]


def test_a_partshøring_before_an_afslag(tmp_path, capsys):
    assert main(["brev", _afslag(tmp_path), "--partshøring"]) == 0
    out = capsys.readouterr().out
    assert "# Partshøring før afgørelse om ret til fleksjob" in out and "§ 19" in out


@pytest.mark.parametrize("argv,message", [
    (["--question", "legalitetsvurdering"], "er ikke en afgørelse til borgeren"),
    (["--question", "ret_til_fleksjb"], "Mente du"),
    (["--partshøring"], "ingen af svarene er et afslag"),
    (["--format", "docx"], "angiv --output"),
    (["--brevhoved", "/findes/ikke.json"], "findes ikke"),
])
def test_bad_input_is_a_danish_message_and_status_2(argv, message, capsys):
    assert main(["brev", SAG] + argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""
    assert "Traceback" not in captured.err


def test_a_bad_letterhead_file_names_what_is_wrong(tmp_path, capsys):
    head = tmp_path / "brevhoved.json"
    head.write_text(json.dumps({"komune": "Aarhus"}), encoding="utf-8")
    out = tmp_path / "brev.md"
    assert main(["brev", SAG, "--brevhoved", str(head), "--output", str(out)]) == 2
    assert "komune" in capsys.readouterr().err
    assert not out.exists()


def test_a_word_letter_is_written_whole(tmp_path):
    pytest.importorskip("docx", reason="python-docx er ikke installeret (pip install \"lovkode[brev]\")")
    out = tmp_path / "brev.docx"
    assert main(["brev", SAG, "--format", "docx", "--output", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir()] == ["brev.docx"]
