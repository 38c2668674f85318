"""CPU-tid pr. forespørgsel til HTTP-tjenesten for fjendtlige kroppe under størrelsesgrænsen.

Kør fra projektets rod::

    python benchmarks/tjeneste.py            # 5 gentagelser af hver krop
    python benchmarks/tjeneste.py --gange 9

Målet (issue 11, punkt 2): ingen forespørgsel under tjenestens grænse (1.000.000 byte) koster mere
end 50 ms CPU ud over en almindelig sag. Hver krop sendes gennem hele applikationen, som `lovkode
serve` kører den (Starlette i processen, uden netværk), og CPU-tiden for hele processen måles
(`time.process_time`, så arbejde i trådpuljen tæller med). Medianen af gentagelserne står ved siden
af en almindelig sag (en demo-sag, alle spørgsmål med begrundelse), og forskellen er tallet, der
holdes op mod målet. Ingen tidsgrænser i testene: tallene afhænger af maskinen.
"""
from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0


def bodies(limit: int) -> dict[str, bytes]:
    """Navn → krop; hver under grænsen, hver rettet mod en bestemt del af vejen ind."""
    import lovkode

    facts = sorted(lovkode.load().facts)
    demo = (ROOT / "spec" / "data" / "demo-sager.jsonl").read_text(encoding="utf-8").splitlines()[0]
    out = {"almindelig sag (demo-sag 1)": demo.encode()}

    def fill(make, stop=limit - 64) -> bytes:
        parts, size, i = [], 2, 0
        while True:
            part = make(i)
            if size + len(part) + 1 > stop:
                break
            parts.append(part)
            size += len(part) + 1
            i += 1
        return ("{" + ",".join(parts) + "}").encode()

    out["næsten-rigtige nøgler (34.000 på 1 MB)"] = fill(lambda i: f'"vurderet_timetl{i}":true')
    out["ukendte nøgler uden lighed"] = fill(lambda i: f'"q{i:x}":1')
    out["nøgler givet to gange"] = fill(lambda i: f'"a{i}":1,"a{i}":2')
    out["enlige surrogater"] = fill(lambda i: f'"\\ud800{i}":true')
    out["dyb indlejring"] = b"[" * (limit - 1000) + b"]" * 10
    out["dybt indlejrede objekter"] = b'{"a":' * ((limit - 1000) // 5) + b"1"
    out["én kæmpe nøgle"] = json.dumps({"x" * (limit - 100): True}).encode()
    out["én kæmpe tekst som dato"] = json.dumps({"fødselsdato": "1" * (limit - 100)}).encode()
    out["et tal, der fylder hele kroppen"] = b'{"vurderet_timetal":' + b"7" * (limit - 1000) + b"}"
    out["et decimaltal, der fylder hele kroppen"] = b'{"vurderet_timetal":0.' + b"7" * (limit - 1000) + b"}"
    out["en lang liste som værdi"] = '{"fødselsdato":['.encode() + b",".join([b"true"] * ((limit - 100) // 5)) + b"]}"
    out["gyldig sag fyldt op med mellemrum"] = demo.encode() + b" " * (limit - 100 - len(demo.encode()))
    out["alle fakta forkerte"] = json.dumps({name: [1] for name in facts}).encode()
    out["ikke UTF-8 til sidst"] = b'{"a":"' + b"x" * (limit - 100) + b'\xff"}'
    out["afbrudt JSON"] = demo.encode()[:-1] + b" " * (limit - 100 - len(demo.encode()))
    for name, body in out.items():
        assert len(body) <= limit, (name, len(body))
    return out


def measure(client, body: bytes, times: int) -> tuple[float, int, int]:
    samples = []
    for _ in range(times):
        start = time.process_time()
        response = client.post("/v1/evaluate", content=body, headers={"content-type": "application/json"})
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples), response.status_code, len(response.content)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gange", type=int, default=5, help="gentagelser pr. krop (medianen bruges)")
    parser.add_argument("--grænse", type=int, default=None, metavar="BYTE",
                        help="tjenestens største forespørgsel (standard: tjenestens egen standard)")
    parser.add_argument("--kun", action="append", default=[], metavar="NAVN",
                        help="mål kun kroppe, hvis navn indeholder NAVN (kan gentages)")
    args = parser.parse_args(argv)

    from starlette.testclient import TestClient

    import lovkode
    from lovkode import server

    limit = args.grænse or server.DEFAULT_MAX_BODY_BYTES
    client = TestClient(server.create_app(lovkode.load(), max_body_bytes=limit), raise_server_exceptions=False)
    cases = bodies(limit)
    if args.kun:
        cases = {name: body for name, body in cases.items()
                 if name.startswith("almindelig") or any(part in name for part in args.kun)}
    measure(client, next(iter(cases.values())), 3)  # warm-up: imports, thread pool, caches
    print(f"lovkode {lovkode.__version__}, Python {platform.python_version()}, {platform.machine()}; "
          f"største forespørgsel {limit} byte")
    print(f"CPU-tid pr. forespørgsel (median af {args.gange}); mål: højst {TARGET_MS:g} ms over en almindelig sag\n")
    print(f"{'krop':40} {'byte':>9} {'svar':>5} {'svarbyte':>9} {'CPU ms':>8} {'over':>8}")
    baseline = None
    worst = 0.0
    for name, body in cases.items():
        cpu, status, size = measure(client, body, args.gange)
        if baseline is None:
            baseline = cpu
        over = cpu - baseline
        worst = max(worst, over)
        print(f"{name:40} {len(body):>9} {status:>5} {size:>9} {cpu:>8.1f} {over:>+8.1f}", flush=True)
    verdict = "nået" if worst <= TARGET_MS else "IKKE nået"
    print(f"\nværste: {worst:+.1f} ms over en almindelig sag — målet ({TARGET_MS:g} ms) er {verdict}")
    return 0 if worst <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
