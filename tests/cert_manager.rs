//! `emit-config --format cert-manager`: the manifests parse as multi-document YAML
//! (yaml-rust2), refer to each other consistently (names, namespaces, secret keys,
//! issuerRef), carry server.pem's names as openssl reads them, and the CA Secret decodes
//! to ca.pem and ca.key byte for byte — and signs certificates ca.pem verifies.

mod common;

use base64::Engine;
use common::*;
use std::fs;
use std::path::Path;
use yaml_rust2::{Yaml, YamlLoader};

fn emit(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["emit-config", "--dir", s(dir), "--format", "cert-manager"];
    args.extend_from_slice(extra);
    let out = run(&args);
    let (stdout, stderr) = text(&out);
    (out.status.code().unwrap(), stdout, stderr)
}

fn parse(yaml: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(yaml).unwrap_or_else(|e| panic!("not YAML ({e}):\n{yaml}"))
}

fn string(y: &Yaml) -> String {
    y.as_str()
        .unwrap_or_else(|| panic!("not a string: {y:?}"))
        .to_string()
}

fn strings(y: &Yaml) -> Vec<String> {
    y.as_vec()
        .map(|v| v.iter().map(string).collect())
        .unwrap_or_default()
}

fn b64(y: &Yaml) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(string(y))
        .unwrap()
}

/// DNS and IP SANs as `openssl x509 -ext subjectAltName` prints them.
fn openssl_sans(dir: &Path, file: &str) -> (Vec<String>, Vec<String>) {
    let out = openssl_ok(
        dir,
        &["x509", "-in", file, "-noout", "-ext", "subjectAltName"],
    );
    let line = out.lines().nth(1).unwrap_or("").trim().to_string();
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    for part in line.split(", ") {
        if let Some(d) = part.strip_prefix("DNS:") {
            dns.push(d.to_string());
        } else if let Some(ip) = part.strip_prefix("IP Address:") {
            // openssl prints IPv6 in full upper-case form; normalise through std.
            ips.push(ip.parse::<std::net::IpAddr>().unwrap().to_string());
        }
    }
    (dns, ips)
}

#[test]
fn manifests_parse_and_reference_each_other() {
    let (_tmp, dir) = init_dir(&["--cn", "milvus.example.com", "--san", "10.0.0.5"]);
    let (code, yaml, stderr) = emit(&dir, &["--mode", "2", "--namespace", "vectors"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("private key"),
        "the CA key is warned about: {stderr}"
    );
    let docs = parse(&yaml);
    assert_eq!(docs.len(), 4, "Secret, Issuer, 2 Certificates");
    let kinds: Vec<String> = docs.iter().map(|d| string(&d["kind"])).collect();
    assert_eq!(kinds, ["Secret", "Issuer", "Certificate", "Certificate"]);
    for d in &docs {
        assert_eq!(string(&d["metadata"]["namespace"]), "vectors");
    }
    let (secret, issuer, proxy, client) = (&docs[0], &docs[1], &docs[2], &docs[3]);

    // The CA Secret: kubernetes.io/tls with the CA's exact bytes.
    assert_eq!(string(&secret["apiVersion"]), "v1");
    assert_eq!(string(&secret["type"]), "kubernetes.io/tls");
    let data = secret["data"].as_hash().unwrap();
    let keys: Vec<String> = data.keys().map(string).collect();
    assert_eq!(keys, ["ca.crt", "tls.crt", "tls.key"]);
    let ca_pem = fs::read(dir.join("ca.pem")).unwrap();
    let ca_key = fs::read(dir.join("ca.key")).unwrap();
    assert_eq!(b64(&secret["data"]["tls.crt"]), ca_pem);
    assert_eq!(b64(&secret["data"]["ca.crt"]), ca_pem);
    assert_eq!(b64(&secret["data"]["tls.key"]), ca_key);

    // The Issuer uses that Secret.
    assert_eq!(string(&issuer["apiVersion"]), "cert-manager.io/v1");
    assert_eq!(
        string(&issuer["spec"]["ca"]["secretName"]),
        string(&secret["metadata"]["name"])
    );

    // Both Certificates point at the Issuer and write distinct Secrets.
    for cert in [proxy, client] {
        assert_eq!(string(&cert["apiVersion"]), "cert-manager.io/v1");
        let r = &cert["spec"]["issuerRef"];
        assert_eq!(string(&r["name"]), string(&issuer["metadata"]["name"]));
        assert_eq!(string(&r["kind"]), "Issuer");
        assert_eq!(string(&r["group"]), "cert-manager.io");
        let key = &cert["spec"]["privateKey"];
        assert_eq!(string(&key["algorithm"]), "RSA");
        assert_eq!(key["size"].as_i64(), Some(2048));
        assert_eq!(string(&key["encoding"]), "PKCS8");
        assert_eq!(string(&cert["spec"]["duration"]), "2160h");
        assert_eq!(string(&cert["spec"]["renewBefore"]), "720h");
    }
    assert_ne!(
        string(&proxy["spec"]["secretName"]),
        string(&client["spec"]["secretName"])
    );
    assert_ne!(
        string(&proxy["spec"]["secretName"]),
        string(&secret["metadata"]["name"]),
        "cert-manager must not write over the CA Secret"
    );

    // The proxy: server.pem's CN and SANs (as openssl reads them), server auth.
    let (dns, ips) = openssl_sans(&dir, "server.pem");
    assert_eq!(string(&proxy["spec"]["commonName"]), "milvus.example.com");
    assert_eq!(strings(&proxy["spec"]["dnsNames"]), dns);
    assert_eq!(strings(&proxy["spec"]["ipAddresses"]), ips);
    assert_eq!(ips, ["10.0.0.5"]);
    assert_eq!(
        strings(&proxy["spec"]["usages"]),
        ["server auth", "digital signature", "key encipherment"]
    );
    assert_eq!(
        strings(&proxy["spec"]["subject"]["organizations"]),
        ["milvus"]
    );
    // The client: client.pem's names, client auth.
    let (client_dns, _) = openssl_sans(&dir, "client.pem");
    assert_eq!(string(&client["spec"]["commonName"]), "milvus-client");
    assert_eq!(strings(&client["spec"]["dnsNames"]), client_dns);
    assert_eq!(
        strings(&client["spec"]["usages"]),
        ["client auth", "digital signature", "key encipherment"]
    );

    // The proxy's Secret is the kubernetes.io/tls Secret --format k8s-secret makes, so a
    // volume mounting one keeps working with the other.
    let out = run(&emit_cmd(
        &dir,
        "--mode 2 --format k8s-secret --namespace vectors",
        &[],
    ));
    let k8s = parse(&text(&out).0);
    let tls_secret = k8s
        .iter()
        .find(|d| string(&d["type"]) == "kubernetes.io/tls")
        .unwrap();
    assert_eq!(
        string(&tls_secret["metadata"]["name"]),
        string(&proxy["spec"]["secretName"])
    );
    // The commented volume maps the cert-manager keys to the file names milvus.yaml uses.
    let proxy_secret = string(&proxy["spec"]["secretName"]);
    assert!(yaml.contains(&format!("#         secretName: {proxy_secret}")));
    for (key, path) in [
        ("tls.crt", "server.pem"),
        ("tls.key", "server.key"),
        ("ca.crt", "ca.pem"),
    ] {
        assert!(
            yaml.contains(&format!("{{key: {key}, path: {path}}}")),
            "{key}"
        );
    }
}

#[test]
fn mode_1_ecdsa_and_a_custom_secret_name() {
    let (_tmp, dir) = init_dir(&["--key-type", "ecdsa-p384"]);
    let (code, yaml, stderr) = emit(&dir, &["--mode", "1", "--secret-name", "milvus-prod"]);
    assert_eq!(code, 0, "{stderr}");
    let docs = parse(&yaml);
    assert_eq!(docs.len(), 3, "no client Certificate in mode 1");
    assert_eq!(string(&docs[0]["metadata"]["name"]), "milvus-prod-ca");
    assert_eq!(string(&docs[0]["metadata"]["namespace"]), "default");
    assert_eq!(string(&docs[2]["spec"]["secretName"]), "milvus-prod-tls");
    let key = &docs[2]["spec"]["privateKey"];
    assert_eq!(
        (string(&key["algorithm"]), key["size"].as_i64()),
        ("ECDSA".into(), Some(384))
    );
    assert_eq!(
        strings(&docs[2]["spec"]["usages"]),
        ["server auth", "digital signature"],
        "ECDSA keys cannot encipher"
    );
}

#[test]
fn the_ca_secret_signs_certificates_that_ca_pem_verifies() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let (_, yaml, _) = emit(&dir, &["--mode", "2"]);
    let secret = &parse(&yaml)[0];
    let work = tmp.path();
    fs::write(work.join("tls.crt"), b64(&secret["data"]["tls.crt"])).unwrap();
    fs::write(work.join("tls.key"), b64(&secret["data"]["tls.key"])).unwrap();
    // Sign as cert-manager's CA issuer would, with the Secret's files only.
    openssl_ok(
        work,
        &argv(
            "x509 -req -in",
            &[
                s(&dir.join("server.csr")),
                "-CA",
                "tls.crt",
                "-CAkey",
                "tls.key",
                "-CAcreateserial",
                "-days",
                "90",
                "-copy_extensions",
                "copy",
                "-out",
                "issued.pem",
            ],
        ),
    );
    let ca = dir.join("ca.pem");
    let out = openssl_ok(
        work,
        &verify_args(s(&ca), &["-purpose", "sslserver", "issued.pem"]),
    );
    assert!(out.contains("issued.pem: OK"), "{out}");
}

#[test]
fn out_is_private_and_bad_cas_are_refused() {
    let (tmp, dir) = init_dir(&["--key-type", "ecdsa-p256"]);
    let out_file = tmp.path().join("cm.yaml");
    let args = ["--mode", "2", "--out", s(&out_file)];
    let (code, stdout, stderr) = emit(&dir, &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("BEGIN") && !stdout.contains("tls.key"));
    assert!(stderr.contains("private key"), "{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&out_file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the file holds the CA key");
    }
    assert_eq!(parse(&fs::read_to_string(&out_file).unwrap()).len(), 4);
    let (code, _, stderr) = emit(&dir, &args);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"), "{stderr}");

    // --json carries the manifests as one part.
    let (code, stdout, _) = emit(&dir, &["--mode", "2", "--json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["format"], "cert-manager");
    assert_eq!(json["parts"][0]["name"], "cert-manager");
    assert_eq!(parse(json["text"].as_str().unwrap()).len(), 4);

    // A ca.key that is not ca.pem's would make cert-manager issue unverifiable certificates.
    let (_other_tmp, other) = init_dir(&["--key-type", "ecdsa-p256"]);
    fs::copy(other.join("ca.key"), dir.join("ca.key")).unwrap();
    let (code, stdout, stderr) = emit(&dir, &["--mode", "2"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("cert-manager"), "{stderr}");
    // A trust bundle is not a CA for an issuer.
    fs::copy(other.join("ca.key"), dir.join("ca.key")).unwrap();
    fs::copy(other.join("ca.pem"), dir.join("ca.pem")).unwrap();
    let mut bundle = fs::read(other.join("ca.pem")).unwrap();
    bundle.extend(fs::read(tmp.path().join("cert/ca.pem")).unwrap());
    fs::write(dir.join("ca.pem"), &bundle).unwrap();
    let (code, _, stderr) = emit(&dir, &["--mode", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("2 certificates"), "{stderr}");
    // No ca.key at all.
    fs::remove_file(dir.join("ca.key")).unwrap();
    let (code, _, stderr) = emit(&dir, &["--mode", "2"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("ca.key"), "{stderr}");
    // A bad namespace.
    let (code, _, stderr) = emit(&other, &["--mode", "2", "--namespace", "Bad_NS"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--namespace"), "{stderr}");
}
