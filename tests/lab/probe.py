"""`milvus-cert probe` against the lab's own servers, compared with the lab's measured verdicts.

    probe.py --bin MILVUS_CERT --dirs ROOT --fixture fixture.json [-v]

Starts one `milvuslab serve` (run.sh's LAB_GO) for every directory under ROOT in modes 1
and 2, then runs `milvus-cert probe 127.0.0.1:GRPC --rest-port REST --dir DIR --server-name
NAME --json` for every (directory, mode, name) the fixture has where the server started.
Probe's detected `tls_mode` must be the mode served, and each client's verdict must agree
with the fixture as compare.py reads it: a client is ok only if every set-up measured for it
connected (pymilvus: grpcio with ca.pem, grpcio pinned to server.pem and pymilvus itself;
java: ca.pem and pinned; node: grpc-js and the SDK), curl from the REST endpoint. An
`unknown` verdict is counted, not failed. Exits 1 on any disagreement, printing a table.
Loopback only.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from compare import classify, lab_verdicts, server_errors
from lab import MODES, Server, case_dirs

CLIENTS = ("pymilvus", "go", "java", "node", "curl")


def probe(bin_, path, name, ports):
    """(exit code, JSON document or None, last stderr line)."""
    cmd = [bin_, "probe", f"127.0.0.1:{ports['grpc_port']}", "--rest-port", str(ports["rest_port"]),
           "--dir", path, "--server-name", name, "--timeout", "10", "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    try:
        doc = json.loads(p.stdout)
    except json.JSONDecodeError:
        doc = None
    return p.returncode, doc, (p.stderr.strip().splitlines() or [""])[-1]


def probe_verdicts(doc):
    """({client: verdict dict}, {protocol: tls_mode}, [endpoint errors]) from probe --json."""
    verdicts, modes, errors = {}, {}, []
    for e in doc.get("endpoints", []):
        if e.get("error"):
            errors.append(f"{e['protocol']}: {e['error']}")
            continue
        modes[e["protocol"]] = e["tls_mode"]
        for v in e.get("clients", []):
            verdicts[v["client"]] = v
    return verdicts, modes, errors


def judge(key, mode, lab, result):
    """Rows [(kind, client, probe said, lab said, why)] for one (dir, mode, name)."""
    code, doc, err = result
    if doc is None:
        return [("probe error", "-", f"exit {code}", "-", err)]
    got, modes, errors = probe_verdicts(doc)
    rows = [("probe error", "-", "-", "-", e) for e in errors]
    for proto, m in sorted(modes.items()):
        rows.append(("agree" if m == mode else "mode differs", f"tls_mode ({proto})", str(m), str(mode), ""))
    d, name = key
    for client in CLIENTS:
        if (d, str(mode), name, client) not in lab:
            continue
        ok, bad = lab[(d, str(mode), name, client)]
        v = got.get(client)
        said = v["verdict"] if v else "missing"
        kind = classify(said, ok) if v else "probe error"
        rows.append((kind, client, said, "ok" if ok else "fails " + ",".join(bad), (v or {}).get("reason") or ""))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dirs", required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("-v", "--verbose", action="store_true", help="print every row, not only disagreements")
    args = ap.parse_args()
    with open(args.fixture) as f:
        fixture = json.load(f)
    started = time.monotonic()
    lab, refused = lab_verdicts(fixture), server_errors(fixture)
    names = {}
    for d, _mode, name, _client in lab:
        names.setdefault(d, set()).add(name)
    dirs = [(n, p) for n, p in case_dirs(args.dirs) if n in fixture["cases"]]
    missing = sorted(set(fixture["cases"]) - {n for n, _ in dirs})
    server = Server(dirs)
    try:
        jobs = [(n, p, m, name) for n, p in dirs for m in MODES
                if (n, str(m)) not in refused for name in sorted(names.get(n, ()))]
        # The lab records a server that would not start; one that now refuses is a change.
        jobs, gone = ([j for j in jobs if f"{j[0]}/{j[2]}" in server.ports],
                      sorted({(j[0], j[2]) for j in jobs if f"{j[0]}/{j[2]}" not in server.ports}))
        with ThreadPoolExecutor(max_workers=os.cpu_count() * 4) as pool:
            results = list(pool.map(lambda j: probe(args.bin, j[1], j[3], server.ports[f"{j[0]}/{j[2]}"]), jobs))
    finally:
        server.stop()
    counts, table = Counter(), []
    for (n, _p, m, name), result in zip(jobs, results):
        for kind, client, said, lab_said, why in judge((n, name), m, lab, result):
            counts[kind] += 1
            if kind not in ("agree", "unknown") or args.verbose:
                table.append((kind, n, str(m), name, client, said, lab_said, why))
    for n, m in gone:
        counts["server refused"] += 1
        table.append(("server refused", n, str(m), "-", "-", "-", "-", server.errors.get(f"{n}/{m}", "")))
    for d in missing:
        counts["directory missing"] += 1
        table.append(("directory missing", d, "-", "-", "-", "-", "-", ""))
    if table:
        head = ("", "directory", "mode", "name", "client", "probe", "lab", "probe's reason")
        widths = [max(len(r[i]) for r in [head] + table) for i in range(7)]
        for r in [head] + table:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[7][:160])
    bad = sum(v for k, v in counts.items() if k not in ("agree", "unknown"))
    print(f"probe-lab: {len(jobs)} probes of {len(dirs)} directories in "
          f"{time.monotonic() - started:.0f}s ({len(refused)} (directory, mode) the server refuses "
          f"skipped): {counts['agree']} agree, {counts['unknown']} unknown, {bad} disagree"
          + "".join(f", {v} {k}" for k, v in sorted(counts.items()) if k not in ("agree", "unknown")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
