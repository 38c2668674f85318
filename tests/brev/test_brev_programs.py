"""The letter in the programs a caseworker opens it with: the Word letter converted to PDF by LibreOffice
(headless), and the HTML letter in Chromium — drawn with every section, asking for nothing outside the
file, and printable.

Each test is skipped, with the reason, where its program is missing; CI installs both (`.ci/run`:
Debian's libreoffice-writer and chromium; the playwright package from the test extra).
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lovkode.brev import letter, render_letter
from lovkode.render.brev import Brevhoved

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
HOVED = Brevhoved("Eksempel Kommune", "2024-0001", "1. juni 2024")


def _afslag(spec):
    facts = json.loads((ROOT.parent / "shared" / "sager" / "foertidspension.json").read_text(encoding="utf-8"))["fakta"]
    return letter(spec, facts, ["ret_til_fleksjob"], HOVED)


def test_libreoffice_converts_the_word_letter_to_pdf(spec, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) findes ikke (apt-get install -y libreoffice-writer)")
    pytest.importorskip("docx", reason="python-docx er ikke installeret (pip install \"lovkode[brev]\")")
    source = tmp_path / "afgørelse.docx"
    source.write_bytes(render_letter(_afslag(spec), "docx"))
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profil'}",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "afgørelse.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stdout + done.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000


def test_chromium_draws_the_html_letter_from_the_file_alone_and_prints_it(spec, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} findes ikke (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pakken playwright er ikke installeret")
    path = tmp_path / "afgørelse.html"
    path.write_bytes(render_letter(_afslag(spec), "html"))
    requested = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(path.as_uri())
            headings = page.locator("h2").all_inner_texts()
            assert headings == ["Afgørelse", "Begrundelse", "Regler", "Oplysninger vi har lagt vægt på",
                                "Klagevejledning", "Med venlig hilsen"]
            assert page.locator("h1").inner_text() == "Afgørelse om ret til fleksjob"
            assert page.locator(".udfyldes").count() >= 2  # what the caseworker must fill in is marked
            assert page.locator("section").first.bounding_box()["height"] > 0
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert [url for url in requested if url != path.as_uri()] == []
    assert pdf.startswith(b"%PDF")
