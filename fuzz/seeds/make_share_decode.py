#!/usr/bin/env python3
"""Writes the seed corpus of the `share_decode` fuzz target into fuzz/corpus/share_decode/.

Each file is named `<expected>--<what>.txt`, where <expected> is `ok` or the error code decoding must
return (crates/crisscross-core/tests/share_seeds.rs checks it). Links are built here with Python's zlib,
an encoder independent of the one in crisscross, from the two links given on the command line, which
come from `crisscross link` so the corpus also pins links written by crisscross itself:

    python3 fuzz/seeds/make_share_decode.py "$(crisscross link SCENARIO)" "$(crisscross link --minify SCENARIO)"
"""
import base64
import hashlib
import json
import pathlib
import sys
import zlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "corpus" / "share_decode"


def payload(data: bytes) -> str:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return base64.urlsafe_b64encode(c.compress(data) + c.flush()).decode().rstrip("=")


def envelope(scenario_raw: str, catalog="2026-04-02", crisscross="0.1.0", check=None) -> str:
    body = '{"catalog":%s,"crisscross":%s,"scenario":%s' % (json.dumps(catalog), json.dumps(crisscross), scenario_raw)
    check = check or hashlib.sha256(body.encode()).hexdigest()[:12]
    return body + ',"check":"%s"}' % check


def link(scenario_raw: str, **fields) -> str:
    return "#v1.d." + payload(envelope(scenario_raw, **fields).encode())


PLAIN = ('{"version":1,"description":"Région ✓ \\u2028 tab\\t","principal":"arn:aws:iam::111122223333:role/App",'
         '"identityPolicies":[{"name":"P","document":"{\\r\\n\\t\\"Version\\": \\"2012-10-17\\",\\u00a0'
         '\\"Statement\\": []}"}],"request":{"action":"s3:GetObject","resource":"arn:aws:s3:::b/k",'
         '"region":"us-east-1"}}')


def main() -> None:
    full, minified = sys.argv[1], sys.argv[2]
    frag = full[full.index("#"):]
    seeds = {
        "ok--control-tower-link.txt": full + "\n",
        "ok--control-tower-minified.txt": minified,
        "ok--plain-request-fragment.txt": link(PLAIN),
        "ok--plain-request-no-hash.txt": link(PLAIN)[1:],
        "ok--older-catalog.txt": link(PLAIN, catalog="2020-01-01", crisscross="0.0.1"),
        "ok--non-canonical-whitespace.txt": link(PLAIN.replace(',"principal"', ',\n  "principal"')),
        "link-truncated--cut-in-half.txt": full[: len(full) // 2],
        "link-truncated--last-character.txt": full[:-1],
        "link-truncated--last-two-characters.txt": full[:-2],
        "link-truncated--prefix-only.txt": "https://example.test/#v1.d.",
        "link-truncated--in-prefix.txt": "https://example.test/#v1",
        "link-truncated--empty-fragment.txt": "https://example.test/#",
        "link-corrupted--changed-character.txt": frag[:200] + ("B" if frag[200] == "A" else "A") + frag[201:],
        "link-corrupted--split-by-line-break.txt": frag[:76] + "\n" + frag[76:],
        "link-corrupted--trailing-dot.txt": frag + ".",
        "link-corrupted--appended-data.txt": frag + "AAAA",
        "link-corrupted--percent-encoded.txt": frag.replace("-", "%2D", 1) if "-" in frag else frag + "%2D",
        "link-corrupted--wrong-check.txt": link(PLAIN, check="000000000000"),
        "link-corrupted--changed-catalog.txt": "#v1.d." + payload(
            envelope(PLAIN).replace("2026-04-02", "2026-04-03").encode()),
        "link-corrupted--check-not-last.txt": "#v1.d." + payload(
            ('{"check":"000000000000",' + envelope(PLAIN)[1:].rsplit(',"check"', 1)[0] + "}").encode()),
        "link-corrupted--not-an-envelope.txt": "#v1.d." + payload(b'{"hello":"world"}'),
        "link-corrupted--not-json.txt": "#v1.d." + payload(b"\xff\xfe not json"),
        "link-corrupted--not-deflate.txt": "#v1.d." + base64.urlsafe_b64encode(b"\xff" * 30).decode(),
        "link-version--v2.txt": "#v2.d." + payload(b"{}"),
        "link-codec--brotli.txt": "#v1.b." + payload(b"{}"),
        "link-not-a-link--page-address.txt": "https://example.test/playground",
        "link-not-a-link--other-fragment.txt": "https://example.test/#section-2",
        "link-not-a-link--empty.txt": "",
        "link-too-large--bomb.txt": "#v1.d." + payload(b" " * ((1 << 20) + 1)),
        "link-scenario--unknown-field.txt": link('{"version":1,"principal":"p","request":{},"extra":true}'),
        "link-scenario--version-2.txt": link('{"version":2,"principal":"p","request":{}}', crisscross="9.0.0"),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in seeds.items():
        (OUT / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(seeds)} seeds to {OUT}")


if __name__ == "__main__":
    main()
