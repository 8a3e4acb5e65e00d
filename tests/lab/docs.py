"""Writes docs/compatibility.md from the lab's fixture (lab.py docs)."""

import json
import os
import re

try:
    import tomllib
except ImportError:  # Python < 3.11: the page is made without the corpus' descriptions
    tomllib = None

CLIENTS = ["pymilvus", "go", "java", "node", "curl"]
CLIENT_TITLES = {
    "pymilvus": "pymilvus",
    "go": "Go SDK",
    "java": "Java SDK",
    "node": "Node SDK",
    "curl": "curl (REST)",
}
# How each lab key sets its client up, in the words of the SDK's documentation.
VARIANTS = {
    "go": "grpc-go with `credentials.NewTLS(&tls.Config{RootCAs: ca.pem, ServerName, MinVersion})`"
    " (+ `Certificates: client.pem/client.key`, TLS 1.3 in mode 2): the TLS set-up of"
    " `emit-config --format client`'s Go snippet",
    "java:ca": "grpc-java on Netty: `GrpcSslContexts.forClient().trustManager(ca.pem)`"
    " (+ `.keyManager(client.pem, client.key)` in mode 2), authority = server name:"
    " the Java SDK's `caPemPath`",
    "java:pin": "the same with `trustManager(server.pem)`: the Java SDK's `serverPemPath` (mode 1)",
    "node:grpc-js": "@grpc/grpc-js `credentials.createSsl(ca.pem[, client.key, client.pem])` with"
    " `grpc.ssl_target_name_override`, as the Node SDK builds it",
    "node:sdk": "the real `@zilliz/milvus2-sdk-node` `MilvusClient({ssl, tls: {rootCertPath,"
    " certChainPath, privateKeyPath, serverName}})`, its Connect call",
    "pymilvus:grpcio-ca": "grpcio `ssl_channel_credentials(root_certificates=ca.pem[, key, chain])`"
    " with `grpc.ssl_target_name_override`, as pymilvus builds it",
    "pymilvus:grpcio-pin": "the same with `root_certificates=server.pem`: pymilvus' `server_pem_path` (mode 1)",
    "pymilvus:sdk": "the real pymilvus `connections.connect(secure=True, server_name, server_pem_path)`"
    " in mode 1, `client_pem_path, client_key_path, ca_pem_path` in mode 2",
    "curl": "curl `--cacert ca.pem` (+ `--cert client.pem --key client.key --tlsv1.3` in mode 2)"
    " against the REST port, as `emit-config --format client`'s milvus_tls.sh",
}


def load_corpus(path):
    """({case id: entry}, [class names in the corpus' order]) from cases.toml."""
    if not path or not os.path.isfile(path) or tomllib is None:
        return {}, []
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return {c["id"]: c for c in data.get("case", [])}, data.get("classes", [])


def case_class(name, meta):
    if name.startswith("milvus-cert-init"):
        return "milvus-cert init"
    return meta.get("class") or name.split("-")[0]


def case_title(name, meta):
    if name.startswith("milvus-cert-init"):
        kind = name.removeprefix("milvus-cert-init").lstrip("-") or "ecdsa-p256"
        return f"`milvus-cert init` with its defaults ({kind} keys)"
    return case_title_of(meta)


def case_title_of(meta):
    for key in ("title", "what", "property", "description", "text"):
        if isinstance(meta.get(key), str):
            return meta[key]
    return ""


def cell(modes, client, mode):
    """ok / fails / which set-up fails, for one verify client in one mode."""
    forms = modes.get(str(mode))
    if forms is None:
        return "–"
    if "server_error" in forms:
        return "server won't start"
    failed, total = {}, 0
    for name, keys in forms.items():
        for key, v in keys.items():
            if key.split(":")[0] == client:
                total += 1
                if not v["ok"]:
                    failed.setdefault(key, []).append(name)
    if not failed:
        return "ok"
    if sum(len(n) for n in failed.values()) == total:
        return "**fails**"
    parts = []
    for key, names in sorted(failed.items()):
        how = SETUP.get(key, key)
        where = "" if len(names) == len(forms) else " by " + "/".join(names)
        parts.append((how + where).strip() or "partly")
    return "**fails**: " + "; ".join(parts)


SETUP = {
    "java:ca": "ca.pem", "java:pin": "pinned", "node:grpc-js": "grpc-js", "node:sdk": "SDK",
    "pymilvus:grpcio-ca": "ca.pem", "pymilvus:grpcio-pin": "pinned", "pymilvus:sdk": "SDK",
    "go": "", "curl": "",
}


def errors_of(modes):
    """Distinct (mode, key, error) lines of one directory."""
    seen = {}
    for mode, forms in sorted(modes.items()):
        if "server_error" in forms:
            seen.setdefault(("server", mode), forms["server_error"])
            continue
        for form, keys in sorted(forms.items()):
            for key, v in sorted(keys.items()):
                if not v["ok"] and v.get("error"):
                    seen.setdefault((key, mode), shorten(v["error"]))
    return seen


def shorten(text, limit=400):
    """The part of an error a user searches for: without Netty's pipeline dump, the
    wrappers around the JDK's reason, or curl's advice paragraph."""
    text = re.sub(r"\s*Channel Pipeline: \[[^\]]*\]", "", text)
    text = text.replace(" / caused by javax.net.ssl.SSLHandshakeException: General OpenSslEngine problem", "")
    text = re.sub(r" More details here: https://curl\.se.*", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(fixture):
    lines = [
        "# Which Milvus client accepts which certificates",
        "",
        "<!-- Generated by `bash tests/lab/run.sh docs` from tests/lab/fixture.json. Do not edit. -->",
        "",
        "Every row below is a certificate directory with one deliberate property (the defect",
        "corpus, `tests/lab/corpus/`) or one made by `milvus-cert init`. For each, the",
        "compatibility lab (`tests/lab/`) started a Go gRPC server configured like the Milvus",
        "proxy (mode 1: server certificate only; mode 2: client certificates required and",
        "verified against ca.pem, TLS 1.3 minimum) plus its REST port over HTTPS, and made a",
        "real TLS handshake and one request with each client, by server name and by IP",
        "(`localhost`, `127.0.0.1`, and `::1` where the case lists it; the connection itself",
        "always goes to 127.0.0.1). **ok** means every documented way of setting that client up",
        "connected with every name; **fails** names the set-up (ca.pem, pinned server.pem,",
        "grpc-js, the SDK) and the names that did not. Search this page for the error your",
        "client prints.",
        "",
        "## Stacks measured",
        "",
        "| side | versions |",
        "|---|---|",
    ]
    for side, version in sorted(fixture["stacks"].items()):
        lines.append(f"| {side} | {version.replace('|', '/')} |")
    lines += ["", "## How each client was set up", ""]
    lines += [f"- `{k}`: {v}" for k, v in VARIANTS.items()]
    return lines


SDK_SCOPE = [
    "",
    "## What is verified for the Go and Java SDKs, and what is not",
    "",
    "The Go SDK (`github.com/milvus-io/milvus/client/v2`) and the Java SDK",
    "(`io.milvus:milvus-sdk-java`) cannot be installed here (no Go module proxy, no Maven",
    "Central). What the lab runs for them is their TLS set-up, with the stacks they use:",
    "",
    "- **Go:** the `tls.Config` and `credentials.NewTLS` calls of the Go snippet that",
    "  `milvus-cert emit-config --format client` prints, in Go's crypto/tls (the version in",
    "  the table above, the Go generation Milvus 2.6 is built with) through grpc-go. Not",
    "  verified: the SDK's own dial options and retry logic, and grpc-go versions newer than",
    "  Debian's (certificate checks live in crypto/tls, not grpc-go).",
    "- **Java:** the `SslContext` the Java SDK builds (`GrpcSslContexts.forClient()`,",
    "  `trustManager(ca.pem or server.pem)`, `keyManager(client.pem, client.key)`, the server",
    "  name as authority) in grpc-java on Netty with the OpenSSL provider (netty-tcnative),",
    "  as the SDK's grpc-netty-shaded uses BoringSSL through tcnative. Certificate path and",
    "  host name checks are the JDK's trust manager in both. Not verified: the SDK's",
    "  `MilvusClientV2` wrapper itself, and differences between Debian's Netty 4.1.48 /",
    "  tcnative (linked to OpenSSL 3) and the shaded Netty/BoringSSL the SDK bundles (key",
    "  file parsing is Netty's in both; the lab asks for TLS 1.3 explicitly, which newer",
    "  Netty offers by default).",
    "- **pymilvus and the Node SDK** run for real (`connections.connect`, `MilvusClient`)",
    "  besides the bare gRPC stacks they build on.",
]


def table(names, cases, results):
    lines = ["| directory | property | " + " | ".join(f"{CLIENT_TITLES[c]} mode 1 | mode 2" for c in CLIENTS) + " |",
             "|---|---|" + "---|---|" * len(CLIENTS)]
    for name in names:
        meta = cases.get(name, {})
        cells = [cell(results[name], c, m) for c in CLIENTS for m in (1, 2)]
        lines.append(f"| `{name}` | {case_title(name, meta).replace('|', '/')} | " + " | ".join(cells) + " |")
    return lines


def error_section(names, results):
    lines = []
    for name in names:
        errs = errors_of(results[name])
        if not errs:
            continue
        lines += ["", f"`{name}`:", ""]
        for (key, mode), text in errs.items():
            who = "server (Milvus would not start)" if key == "server" else f"`{key}`"
            lines.append(f"- mode {mode}, {who}: `{text.replace('`', chr(39))}`")
    return lines


def overview(ordered, results):
    """Per class: in how many of its directories each client is ok, per mode."""
    lines = ["", "## Overview: directories each client accepts, by class", "",
             "| class | directories | " + " | ".join(f"{CLIENT_TITLES[c]} mode 1 | mode 2" for c in CLIENTS) + " |",
             "|---|---|" + "---|---|" * len(CLIENTS)]
    for cls, names in ordered:
        cells = [str(sum(cell(results[n], c, m) == "ok" for n in names)) for c in CLIENTS for m in (1, 2)]
        lines.append(f"| {cls} | {len(names)} | " + " | ".join(cells) + " |")
    return lines


def render(fixture, cases, order):
    results = fixture["cases"]
    classes = {}
    for name in sorted(results):
        classes.setdefault(case_class(name, cases.get(name, {})), []).append(name)
    rank = {c: i for i, c in enumerate(["milvus-cert init"] + order)}
    ordered = sorted(classes.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))
    lines = header(fixture) + SDK_SCOPE + overview(ordered, results)
    for cls, names in ordered:
        lines += ["", f"## Class: {cls}", ""]
        lines += table(names, cases, results)
        errs = error_section(names, results)
        if errs:
            lines += ["", "What the clients print:"] + errs
    return "\n".join(lines) + "\n"


def main(args):
    with open(args.fixture) as f:
        fixture = json.load(f)
    text = render(fixture, *load_corpus(args.cases))
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, args.out)
    print(f"lab: wrote {args.out}")
    return 0
