"""One pymilvus client attempt against a Milvus server, run as its own process.

Connects the way the Milvus docs show (``connections.connect`` with host/port and
``secure=True``, or ``MilvusClient(uri="https://…")``), then does create collection →
insert → index → load → search → drop. Prints one JSON line on stdout:

    {"ok": true|false, "step": "connect"|"create"|…, "error": "…", "tls_error": "…"}

``tls_error`` is the first TLS error gRPC C-core wrote on stderr (pymilvus itself only
says "illegal connection params or server unavailable"). Exit 0 when the workload ran,
1 when it was refused or failed, 2 when this script was misused.
"""

import argparse
import contextlib
import io
import json
import os
import random
import re
import sys
import tempfile
import uuid

DIM = 8
ROWS = 200
PROBE_ROW = 7
HOST = "127.0.0.1"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", choices=["orm", "client"], required=True)
    parser.add_argument("--plain", action="store_true", help="no TLS at all")
    parser.add_argument("--server-name", help="pymilvus server_name")
    parser.add_argument("--server-pem", help="pymilvus server_pem_path (trusted as root)")
    parser.add_argument("--ca-pem", help="pymilvus ca_pem_path")
    parser.add_argument("--client-pem", help="pymilvus client_pem_path")
    parser.add_argument("--client-key", help="pymilvus client_key_path")
    parser.add_argument("--timeout", type=float, default=3.0, help="connect timeout, seconds")
    return parser.parse_args()


def tls_kwargs(args):
    """The connection keywords pymilvus documents, only those given."""
    pairs = {
        "server_name": args.server_name,
        "server_pem_path": args.server_pem,
        "ca_pem_path": args.ca_pem,
        "client_pem_path": args.client_pem,
        "client_key_path": args.client_key,
    }
    return {key: value for key, value in pairs.items() if value}


def make_vectors():
    rng = random.Random(42)
    return [[rng.random() for _ in range(DIM)] for _ in range(ROWS)]


def check_top_hit(top_id):
    if top_id != PROBE_ROW:
        raise AssertionError(f"search returned id {top_id}, expected {PROBE_ROW}")


def run_orm(args, name, progress):
    """The ORM style: connections.connect + Collection."""
    from pymilvus import Collection, CollectionSchema, DataType, FieldSchema, connections

    progress("connect")
    kwargs = tls_kwargs(args)
    if not args.plain:
        kwargs["secure"] = True
    connections.connect("e2e", host=HOST, port=str(args.port), timeout=args.timeout, **kwargs)
    progress("create")
    schema = CollectionSchema(
        [
            FieldSchema("id", DataType.INT64, is_primary=True),
            FieldSchema("vec", DataType.FLOAT_VECTOR, dim=DIM),
        ]
    )
    # Strong consistency: the search must see the rows inserted just before.
    collection = Collection(name, schema, using="e2e", consistency_level="Strong")
    vectors = make_vectors()
    progress("insert")
    collection.insert([list(range(ROWS)), vectors])
    progress("index")
    collection.create_index(
        "vec", {"index_type": "IVF_FLAT", "metric_type": "L2", "params": {"nlist": 16}}
    )
    progress("load")
    collection.load()
    progress("search")
    hits = collection.search(
        [vectors[PROBE_ROW]], "vec", {"metric_type": "L2", "params": {"nprobe": 16}}, limit=3
    )
    check_top_hit(hits[0][0].id)
    progress("drop")
    collection.drop()
    connections.disconnect("e2e")


def run_milvus_client(args, name, progress):
    """The MilvusClient style: uri="https://…" plus the same TLS keywords."""
    from pymilvus import DataType, MilvusClient

    progress("connect")
    scheme = "http" if args.plain else "https"
    client = MilvusClient(
        uri=f"{scheme}://{HOST}:{args.port}", timeout=args.timeout, **tls_kwargs(args)
    )
    progress("create")
    schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    vectors = make_vectors()
    progress("insert")
    client.insert(name, [{"id": i, "vec": v} for i, v in enumerate(vectors)])
    progress("index")
    index_params = MilvusClient.prepare_index_params()
    index_params.add_index("vec", "IVF_FLAT", metric_type="L2", params={"nlist": 16})
    client.create_index(name, index_params)
    progress("load")
    client.load_collection(name)
    progress("search")
    hits = client.search(name, [vectors[PROBE_ROW]], limit=3, search_params={"metric_type": "L2"})
    check_top_hit(hits[0][0]["id"])
    progress("drop")
    client.drop_collection(name)
    client.close()


def first_tls_error(stderr_text):
    """The first OpenSSL/BoringSSL reason gRPC logged, e.g. CERTIFICATE_VERIFY_FAILED."""
    patterns = (
        r"Peer name \S+ is not in peer certificate",
        r"SSL routines:\w*:([A-Z0-9_]+)",
        r"Handshake failed[^\n]*",
    )
    for pattern in patterns:
        match = re.search(pattern, stderr_text)
        if match:
            return match.group(1) if match.groups() else match.group(0)
    return None


@contextlib.contextmanager
def captured_fd2():
    """Capture what gRPC C-core writes to file descriptor 2 (Python cannot see it)."""
    with tempfile.TemporaryFile(mode="w+b") as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        buffer = io.StringIO()
        try:
            yield buffer
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            buffer.write(sink.read().decode("utf-8", "replace"))


def describe(exc):
    """One short line: pymilvus's own message, without its wrapper repr."""
    text = str(exc)
    match = re.search(r"message=(.*?)\)>?$", text)
    return (match.group(1) if match else f"{type(exc).__name__}: {text}").splitlines()[0][:300]


def main():
    args = parse_args()
    # gRPC C-core names the TLS failure (e.g. "Peer name … is not in peer certificate")
    # only in its info-level log, which we capture and never show raw.
    os.environ["GRPC_VERBOSITY"] = "info"
    run = run_orm if args.api == "orm" else run_milvus_client
    name = "e2e_" + uuid.uuid4().hex[:12]
    state = {"step": "start"}

    def progress(step):
        state["step"] = step

    result = {"ok": False, "step": None, "error": None, "tls_error": None}
    with captured_fd2() as grpc_log:
        try:
            run(args, name, progress)
            result["ok"] = True
        except Exception as exc:  # any refusal or failure is a result to report
            result["error"] = describe(exc)
    result["step"] = state["step"]
    result["tls_error"] = first_tls_error(grpc_log.getvalue())
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
