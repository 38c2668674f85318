"""The command line under hostile and broken input: nothing gets through, nothing is lost (issue 11).

Each test is a repro from the issue; most run `lovkode` in this process (fast), the signal tests as
a real process that is sent Ctrl+C or SIGTERM.
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from lovkode.cli import main
from tests.conftest import lovkode_command

LINE = '{"fødselsdato":"1960-01-01","afgørelsesdato":"2024-06-01"}'


@pytest.fixture
def lovkode(capsysbinary, monkeypatch):
    """Run `lovkode ARGS` here; (exit status, stdout, stderr) as text."""

    def run(*args, stdin: bytes = b""):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        status = main([str(a) for a in args])
        out, err = capsysbinary.readouterr()
        err = err.decode("utf-8")
        assert "Traceback" not in err
        return status, out.decode("utf-8"), err

    return run


def results(out: str) -> dict[int, dict]:
    return {line["linje"]: line for line in map(json.loads, out.splitlines())}


# --------------------------------------------------------------------------------------------
# Nothing lost (items 3–5)

def test_a_lone_surrogate_is_an_error_for_its_line_and_the_batch_goes_on(lovkode):
    status, out, err = lovkode("batch", "-", "--question", "alder",
                               stdin='{"fødselsdato":"1960-01-01"}\n{"\\ud800":1}\n{"fødselsdato":"1961-01-01"}\n'.encode())
    lines = results(out)
    assert (2, [1, 2, 3]) == (status, sorted(lines))
    assert "results" in lines[1] and "results" in lines[3]
    assert "surrogat" in lines[2]["fejl"] and "linje 2" in err


def test_one_bad_byte_is_reported_on_its_line_and_the_others_are_evaluated(lovkode, tmp_path):
    rows = [LINE.encode()] * 130
    rows[100] = b'{"f\xf8dselsdato":"1960-01-01"}'  # Latin-1 ø on line 101
    path = tmp_path / "sager.jsonl"
    path.write_bytes(b"\n".join(rows) + b"\n")
    status, out, err = lovkode("batch", path, "--question", "alder")
    lines = results(out)
    assert (2, 130) == (status, len(lines))
    assert "UTF-8" in lines[101]["fejl"] and "linje 101" in lines[101]["fejl"]
    assert all("results" in lines[n] for n in lines if n != 101)


def test_a_bare_cr_stays_inside_its_line(lovkode):
    status, out, _ = lovkode("batch", "-", "--question", "alder",
                             stdin=b'{"f\xc3\xb8dselsdato":\r"1960-01-01"}\n' + LINE.encode() + b"\n")
    lines = results(out)
    assert (0, [1, 2]) == (status, sorted(lines))
    assert "1960-01-01" == lines[1]["results"]["alder"]["explanation"]["because"][0]["value"]


def test_an_overlong_line_is_skipped_with_an_error(lovkode, tmp_path):
    path = tmp_path / "sager.jsonl"
    path.write_bytes(LINE.encode() + b'\n{"x": "' + b"y" * 2_000_000 + b'"}\n' + LINE.encode() + b"\n")
    status, out, err = lovkode("batch", path, "--question", "alder")
    lines = results(out)
    assert (2, [1, 2, 3]) == (status, sorted(lines))
    assert "for lang" in lines[2]["fejl"] and len(err) < 1_000


# --------------------------------------------------------------------------------------------
# Bad input gets a clear answer (items 2, 8)

def test_a_byte_order_mark_is_accepted_by_eval_and_batch(lovkode, tmp_path):
    path = tmp_path / "sag.json"
    path.write_bytes("\ufeff".encode() + LINE.encode())
    assert 0 == lovkode("eval", path, "--question", "alder", "--format", "json")[0]
    path.write_bytes("\ufeff".encode() + LINE.encode() + b"\n" + LINE.encode() + b"\n")
    status, out, _ = lovkode("batch", path, "--question", "alder")
    assert (0, [1, 2]) == (status, sorted(results(out)))


def test_a_key_given_twice_is_refused_naming_it(lovkode):
    status, out, err = lovkode("eval", "-", stdin='{"afgørelsesdato":"2024-06-01","afgørelsesdato":"2020-01-01"}'.encode())
    assert (2, "") == (status, out)
    assert "`afgørelsesdato` er angivet mere end én gang" in err


def _bounded(*args) -> subprocess.CompletedProcess:
    """`lovkode ARGS` as a process with at most 2 GB of address space, so that a reader that reads
    without limit fails this test with a MemoryError instead of exhausting the machine."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    done = subprocess.run(lovkode_command() + [str(a) for a in args], capture_output=True, timeout=120,
                          preexec_fn=limit, check=False)
    assert b"Traceback" not in done.stderr, done.stderr[-2000:]
    return done


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_input_is_a_danish_error_not_memory_exhaustion():
    done = _bounded("eval", "/dev/zero")
    assert 2 == done.returncode and "for stor" in done.stderr.decode()


def test_a_huge_unknown_key_is_refused_by_size_without_echoing_it(tmp_path):
    path = tmp_path / "sag.json"
    path.write_bytes(b'{"' + b"x" * 50_000_000 + b'": 1}')
    done = _bounded("eval", path)
    err = done.stderr.decode()
    assert 2 == done.returncode and "for stor" in err and len(err) < 500


def test_an_unknown_key_just_under_the_limit_is_echoed_cut(lovkode, tmp_path):
    path = tmp_path / "sag.json"
    path.write_bytes(b'{"' + b"x" * 900_000 + b'": 1}')
    status, _, err = lovkode("eval", path)
    assert 2 == status and "er ikke et faktum" in err and len(err) < 500


def test_a_fødselsdato_after_the_afgørelsesdato_is_refused(lovkode):
    status, _, err = lovkode("eval", "-", stdin='{"fødselsdato":"2030-01-01","afgørelsesdato":"2024-06-01"}'.encode())
    assert 2 == status and "`fødselsdato`" in err and "`afgørelsesdato`" in err


def test_an_iso_week_date_is_refused(lovkode):
    status, _, err = lovkode("eval", "-", stdin=b'{"afg\xc3\xb8relsesdato":"2024-W23-6"}')
    assert 2 == status and "2024-W23-6" in err


def test_many_problems_are_listed_to_50_and_counted(lovkode):
    case = {f"fødselsdat{i}": True for i in range(300)}
    status, _, err = lovkode("eval", "-", stdin=json.dumps(case).encode())
    assert 2 == status and "(300 fejl)" in err and "250 fejl mere" in err
    assert 51 == err.count("\n  - ")


# --------------------------------------------------------------------------------------------
# The command line as a new user meets it (item 10)

def test_check_with_a_spec_that_does_not_exist_exits_2(lovkode, tmp_path):
    status, _, err = lovkode("check", "--spec", tmp_path / "findes-ikke")
    assert 2 == status and "findes ikke" in err


def test_check_with_a_device_as_spec_says_it_is_no_folder(lovkode):
    status, _, err = lovkode("check", "--spec", "/dev/zero")
    assert 2 == status and "hverken en mappe eller en fil" in err and "findes ikke" not in err


def test_batch_of_a_folder_is_danish(lovkode, tmp_path):
    status, _, err = lovkode("batch", tmp_path)
    assert 2 == status and "er en mappe" in err and "Is a directory" not in err


def test_test_with_an_empty_folder_names_it_once_and_advises_with_it(lovkode, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    status, _, err = lovkode("test", "--spec", "adir")
    assert 1 == status
    assert "adir/adir" not in err
    assert "`lovkode check --spec adir`" in err


@pytest.mark.parametrize("name", ["r.pdf", "r.txt", "r"])
def test_a_report_file_of_an_unknown_form_is_refused(lovkode, tmp_path, name):
    status, _, err = lovkode("batch", "-", "--report", tmp_path / name, stdin=LINE.encode())
    assert 2 == status and ".md" in err and ".html" in err
    assert [] == list(tmp_path.iterdir())


def test_a_report_form_can_be_given(lovkode, tmp_path):
    status, _, _ = lovkode("batch", "-", "--rapport", tmp_path / "r.txt", "--rapportformat", "html", stdin=LINE.encode())
    assert 0 == status and (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_question_lists_the_questions(lovkode, spec):
    status, _, err = lovkode("eval", "-", "--question", "findes_ikke", stdin=LINE.encode())
    assert 2 == status and all(name in err for name in spec.questions)
    status, _, err = lovkode("batch", "-", "--question", "findes_ikke", stdin=LINE.encode())
    assert 2 == status and "ret_til_fleksjob" in err


def test_options_are_accepted_in_english_and_danish(lovkode, tmp_path):
    english = lovkode("eval", "-", "--question", "alder", "--format", "text", stdin=LINE.encode())
    danish = lovkode("eval", "-", "--spørgsmål", "alder", "--format", "tekst", stdin=LINE.encode())
    assert 0 == english[0] and english == danish
    english = lovkode("batch", "-", "--jobs", "1", "--no-explanation", "--report", tmp_path / "a.md", stdin=LINE.encode())
    danish = lovkode("batch", "-", "--processer", "1", "--uden-forklaring", "--rapport", tmp_path / "b.md",
                     stdin=LINE.encode())
    assert english == danish
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")
    assert 0 == lovkode("check", "--format", "tekst")[0]


# --------------------------------------------------------------------------------------------
# Ctrl+C and SIGTERM (item 6): a real process, with bounded waits

@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig, whole_group, status, name", [
    (signal.SIGINT, True, 130, "Ctrl+C"),    # a terminal sends Ctrl+C to the whole process group
    (signal.SIGTERM, False, 143, "SIGTERM"),  # kill PID
], ids=["ctrl-c", "sigterm"])
@pytest.mark.parametrize("options, count", [
    ([], 50_000),
    (["--no-explanation"], 400_000),  # the columnar path writes a chunk at a time, and fast
], ids=["explaining", "columnar"])
def test_batch_with_two_jobs_stops_at_once_on_a_signal(tmp_path, sig, whole_group, status, name, options, count):
    if options:
        pytest.importorskip("numpy", reason="søjlevis evaluering kræver numpy (lovkode[data])")
    cases = tmp_path / "sager.jsonl"
    cases.write_text((LINE + "\n") * count, encoding="utf-8")
    out_path, err_path = tmp_path / "ud.jsonl", tmp_path / "fejl.txt"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(lovkode_command() + ["batch", str(cases), "--jobs", "2", *options], stdout=out,
                                stderr=err, start_new_session=True)
        try:
            deadline = time.monotonic() + 120
            while out_path.stat().st_size == 0 and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.02)
            assert proc.poll() is None, "the batch ended before it could be interrupted"
            (os.killpg if whole_group else os.kill)(proc.pid, sig)
            proc.wait(timeout=15)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    message = err_path.read_text(encoding="utf-8")
    assert status == proc.returncode, message
    assert "Traceback" not in message and "leaked" not in message and "BrokenPipe" not in message
    written = out_path.read_bytes()
    assert written.endswith(b"\n")
    lines = [json.loads(line) for line in written.splitlines()]
    assert list(range(1, len(lines) + 1)) == [line["linje"] for line in lines]
    assert len(lines) < count
    assert f"Afbrudt ({name}): {len(lines)} sager vurderet" in message
