"""verify --json against the lab's fixture: how often verify's per-client verdict is wrong.

    python3 compare.py --bin MILVUS_CERT --dirs ROOT --fixture fixture.json [--cases cases.toml] [-v]

For every directory, name and mode in the fixture, the lab's verdict for a verify client
("pymilvus", "go", "java", "node", "curl") is ok only if every set-up measured for it
connected (pymilvus: grpcio with ca.pem, grpcio pinned to server.pem, and pymilvus itself;
node: grpc-js and the SDK; java: ca.pem and pinned); a server that would not start fails
every client. verify's verdict comes from `milvus-cert verify DIR --json --server-name NAME`.
Prints the false ok (verify said ok, a client failed), false alarm (verify said it fails,
every set-up connected) and unknown counts. Informational: exits 0 whatever it finds.
"""

import argparse
import json
import os
import subprocess
import sys
from collections import Counter


def lab_verdicts(fixture):
    """{(dir, mode, name, client): (ok, failing set-ups)}."""
    out = {}
    for d, modes in fixture["cases"].items():
        for mode, forms in modes.items():
            if "server_error" in forms:
                continue  # filled in by the caller for every name and client
            for name, keys in forms.items():
                for key, v in keys.items():
                    k = (d, mode, name, key.split(":")[0])
                    ok, bad = out.get(k, (True, []))
                    out[k] = (ok and v["ok"], bad + ([] if v["ok"] else [key]))
    return out


def server_errors(fixture):
    return {(d, mode) for d, modes in fixture["cases"].items()
            for mode, forms in modes.items() if "server_error" in forms}


def verify(bin_, path, name):
    p = subprocess.run([bin_, "verify", path, "--json", "--server-name", name],
                       capture_output=True, text=True)
    try:
        data = json.loads(p.stdout)
    except json.JSONDecodeError:
        return None, (p.stderr.strip().splitlines() or ["no output"])[-1]
    return {(str(c["mode"]), c["client"]): c for c in data.get("clients", [])}, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dirs", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    with open(args.fixture) as f:
        fixture = json.load(f)
    lab, refused = lab_verdicts(fixture), server_errors(fixture)
    names = {}
    for d, mode, name, client in lab:
        names.setdefault(d, set()).add(name)
    counts, per_dir_wrong = Counter(), set()
    for d in sorted(fixture["cases"]):
        path = os.path.join(args.dirs, d)
        if not os.path.isdir(path):
            counts["directory missing"] += 1
            continue
        for name in sorted(names.get(d, {"localhost", "127.0.0.1"})):
            got, err = verify(args.bin, path, name)
            for mode in ("1", "2"):
                for client in ("pymilvus", "go", "java", "node", "curl"):
                    if (d, mode) in refused:
                        ok, bad = False, ["server"]
                    elif (d, mode, name, client) in lab:
                        ok, bad = lab[(d, mode, name, client)]
                    else:
                        continue
                    v = got.get((mode, client)) if got else None
                    said = v["verdict"] if v else "error"
                    kind = classify(said, ok)
                    counts[kind] += 1
                    if kind in ("false ok", "false alarm"):
                        per_dir_wrong.add(d)
                        if args.verbose:
                            reason = (v or {}).get("reason") or err or ""
                            print(f"{kind}: {d} mode {mode} {name} {client}: verify {said}"
                                  f" ({reason}); lab: {'ok' if ok else 'fails ' + ','.join(bad)}")
    total = sum(counts[k] for k in ("agree", "false ok", "false alarm", "unknown"))
    print(f"compare: {total} verdicts over {len(fixture['cases'])} directories: "
          f"{counts['agree']} agree, {counts['false ok']} false ok, "
          f"{counts['false alarm']} false alarm, {counts['unknown']} unknown"
          + (f", {counts['directory missing']} directories missing" if counts["directory missing"] else ""))
    print(f"compare: {len(fixture['cases']) - len(per_dir_wrong)} of {len(fixture['cases'])} "
          "directories judged right for every client, mode and name")
    return 0


def classify(said, ok):
    if said == "unknown":
        return "unknown"
    if said == "ok":
        return "agree" if ok else "false ok"
    return "false alarm" if ok else "agree"


if __name__ == "__main__":
    sys.exit(main())
