// The Node side of the compatibility lab. One process takes a whole batch of cases.
//
// stdin: one JSON case a line {id, kind: "grpcjs"|"sdk", dir, mode, server_name, host, port}
// stdout: one JSON line a case {id, ok, error}.
//   grpcjs: @grpc/grpc-js set up as the Node SDK does (credentials.createSsl(ca[, key,
//           cert]) and grpc.ssl_target_name_override), one raw Health/Check call.
//   sdk:    the real @zilliz/milvus2-sdk-node MilvusClient with the options that
//           `milvus-cert emit-config --format client` prints; its Connect call.
"use strict";
const fs = require("fs");
const path = require("path");
const readline = require("readline");
const grpc = require("@grpc/grpc-js");

// Each MilvusClient parses the Milvus protos again (about 0.7 s of CPU); the lab makes
// hundreds. Parse once: the results are read-only descriptions, and TLS never sees them.
function memoize(mod, name, key) {
  const orig = mod[name];
  const memo = new Map();
  mod[name] = function (...args) {
    const k = key(args);
    if (k === undefined) return orig.apply(this, args);
    if (!memo.has(k)) memo.set(k, orig.apply(this, args));
    return memo.get(k);
  };
}
function sdkModule(name) {
  const sdkDir = path.dirname(require.resolve("@zilliz/milvus2-sdk-node/package.json"));
  return require(require.resolve(name, { paths: [sdkDir] }));
}
memoize(sdkModule("protobufjs").Root, "fromJSON", ([json, root]) => (root ? undefined : json));
const jsonIds = new Map();
memoize(sdkModule("@grpc/proto-loader"), "fromJSON", ([json, opts]) => {
  if (!jsonIds.has(json)) jsonIds.set(json, jsonIds.size);
  return `${jsonIds.get(json)}:${JSON.stringify(opts)}`;
});

const TIMEOUT_MS = 5000;
const JOBS = 16;

// host:port, with an IPv6 literal in brackets.
function target(c) {
  return c.host.includes(":") ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}

function read(c, name) {
  return fs.readFileSync(path.join(c.dir, name));
}

// Any status the server itself sent means the TLS connection was made.
function connected(code) {
  return ![grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED, grpc.status.UNKNOWN,
    grpc.status.INTERNAL, grpc.status.CANCELLED].includes(code);
}

function viaGrpcJs(c) {
  return new Promise((resolve) => {
    let client;
    try {
      const creds = c.mode === 2
        ? grpc.credentials.createSsl(read(c, "ca.pem"), read(c, "client.key"), read(c, "client.pem"))
        : grpc.credentials.createSsl(read(c, "ca.pem"));
      client = new grpc.Client(target(c), creds,
        { "grpc.ssl_target_name_override": c.server_name });
    } catch (err) {
      resolve({ ok: false, error: String(err && err.message || err) });
      return;
    }
    const raw = (b) => b;
    client.makeUnaryRequest("/grpc.health.v1.Health/Check", raw, raw, Buffer.alloc(0),
      { deadline: Date.now() + TIMEOUT_MS }, (err) => {
        client.close();
        if (!err) resolve({ ok: true });
        else resolve({ ok: connected(err.code), error: err.details || err.message });
      });
  });
}

async function viaSdk(c) {
  const { MilvusClient } = require("@zilliz/milvus2-sdk-node");
  const tls = { rootCertPath: path.join(c.dir, "ca.pem"), serverName: c.server_name };
  if (c.mode === 2) {
    tls.certChainPath = path.join(c.dir, "client.pem");
    tls.privateKeyPath = path.join(c.dir, "client.key");
  }
  let client;
  try {
    // No retries: a refused handshake is refused again, and the lab has many to wait for.
    client = new MilvusClient({
      address: target(c), ssl: true, tls, timeout: TIMEOUT_MS, maxRetries: 0,
    });
    await client.connectPromise;
    return { ok: true };
  } catch (err) {
    return { ok: false, error: String(err && (err.details || err.message) || err) };
  } finally {
    if (client) await client.closeConnection().catch(() => {});
  }
}

async function main() {
  const cases = [];
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line.trim()) cases.push(JSON.parse(line));
  }
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const c = cases[next++];
      let res;
      try {
        res = c.kind === "sdk" ? await viaSdk(c) : await viaGrpcJs(c);
      } catch (err) {
        res = { ok: false, error: String(err && err.message || err) };
      }
      process.stdout.write(JSON.stringify({ id: c.id, ...res }) + "\n");
    }
  }
  await Promise.all(Array.from({ length: JOBS }, worker));
  process.exit(0);
}

main();
