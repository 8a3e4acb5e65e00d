//! `emit-config --format compose|k8s-secret|helm-values|client`: the YAML targets parse
//! strictly with exactly the expected keys, the Secrets decode back to the exact file bytes,
//! and the client snippets carry the right paths and names as literals their own language
//! reads back (checked with python3, node, javac/java and sh where installed).

mod common;

use base64::Engine;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use yaml_rust2::{Yaml, YamlLoader};

fn docs(text: &str) -> Vec<Yaml> {
    YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn keys(node: &Yaml) -> Vec<&str> {
    node.as_hash()
        .unwrap_or_else(|| panic!("not a mapping: {node:?}"))
        .keys()
        .map(|k| k.as_str().unwrap())
        .collect()
}

fn strs(node: &Yaml) -> Vec<&str> {
    node.as_vec()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// A certificate directory whose path has quotes, a backslash and spaces.
fn odd_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("o'dd \"q\" \\u0041 dir");
    run_ok(&["init", "--dir", s(&dir), "--quiet"]);
    (tmp, dir)
}

#[test]
fn compose_mounts_only_what_the_server_reads_and_publishes_rest() {
    let (tmp, dir) = init_dir(&[]);
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 2 --format compose --cert-path-prefix /milvus/tls",
        &[],
    ));
    let doc = &docs(&out)[0];
    assert_eq!(keys(doc), ["services"]);
    assert_eq!(keys(&doc["services"]), ["standalone"]);
    assert_eq!(keys(&doc["services"]["standalone"]), ["volumes", "ports"]);
    let file = |f: &str| format!("{}/{f}:/milvus/tls/{f}:ro", dir.display());
    assert_eq!(
        strs(&doc["services"]["standalone"]["volumes"]),
        [
            file("server.pem").as_str(),
            file("server.key").as_str(),
            file("ca.pem").as_str(),
            "${DOCKER_VOLUME_DIRECTORY:-.}/milvus.yaml:/milvus/configs/milvus.yaml:ro",
        ]
    );
    assert!(
        !out.contains("ca.key") && !out.contains("client.key"),
        "{out}"
    );
    assert_eq!(strs(&doc["services"]["standalone"]["ports"]), ["8080:8080"]);

    // The container path defaults to the docs' /milvus/tls; a relative one is refused,
    // since Docker mounts only at absolute paths.
    let default = emit_ok(&["--dir", s(&dir), "--mode", "2", "--format", "compose"]);
    assert_eq!(default, out);
    let refused = run(&emit_cmd(
        &dir,
        "--mode 2 --format compose --cert-path-prefix ./tls",
        &[],
    ));
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused).1.contains("absolute"),
        "{}",
        text(&refused).1
    );

    // --milvus-yaml names the file to mount (and is not modified); a ':' in a path
    // switches that entry to the long syntax.
    let yaml = tmp.path().join("a:b.yaml");
    fs::write(&yaml, "x: 1\n").unwrap();
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 1 --format compose --milvus-yaml",
        &[s(&yaml)],
    ));
    let doc = &docs(&out)[0];
    let volumes = doc["services"]["standalone"]["volumes"].as_vec().unwrap();
    assert_eq!(
        volumes[0].as_str().unwrap(),
        format!("{}/server.pem:/milvus/tls/server.pem:ro", dir.display())
    );
    assert_eq!(keys(&volumes[3]), ["type", "source", "target", "read_only"]);
    assert_eq!(volumes[3]["source"].as_str(), Some(s(&yaml)));
    assert_eq!(
        volumes[3]["target"].as_str(),
        Some("/milvus/configs/milvus.yaml")
    );
    assert_eq!(fs::read_to_string(&yaml).unwrap(), "x: 1\n");
}

#[test]
fn secrets_decode_back_to_the_exact_files() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 2 --format k8s-secret --namespace vector-db --secret-name milvus-certs",
        &[],
    ));
    let all = docs(&out);
    assert_eq!(all.len(), 2, "{out}");
    let file = |name: &str| fs::read(dir.join(name)).unwrap();
    let decode = |v: &Yaml| {
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap())
            .unwrap()
    };
    for (doc, name, kind, data) in [
        (
            &all[0],
            "milvus-certs",
            "Opaque",
            [
                ("server.pem", "server.pem"),
                ("server.key", "server.key"),
                ("ca.pem", "ca.pem"),
            ],
        ),
        (
            &all[1],
            "milvus-certs-tls",
            "kubernetes.io/tls",
            [
                ("tls.crt", "server.pem"),
                ("tls.key", "server.key"),
                ("ca.crt", "ca.pem"),
            ],
        ),
    ] {
        assert_eq!(
            keys(doc),
            ["apiVersion", "kind", "metadata", "type", "data"]
        );
        assert_eq!(doc["apiVersion"].as_str(), Some("v1"));
        assert_eq!(doc["kind"].as_str(), Some("Secret"));
        assert_eq!(doc["type"].as_str(), Some(kind));
        assert_eq!(keys(&doc["metadata"]), ["name", "namespace"]);
        assert_eq!(doc["metadata"]["name"].as_str(), Some(name));
        assert_eq!(doc["metadata"]["namespace"].as_str(), Some("vector-db"));
        let expected: Vec<&str> = data.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys(&doc["data"]), expected);
        for (key, source) in data {
            assert_eq!(decode(&doc["data"][key]), file(source), "{key}");
        }
    }
}

#[test]
fn secrets_in_mode_1_skip_a_missing_ca_and_check_names() {
    let (_tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("ca.pem")).unwrap();
    let out = run_ok(&emit_cmd(&dir, "--mode 1 --format k8s-secret", &[]));
    let (stdout, err) = text(&out);
    assert!(err.contains("warning:") && err.contains("ca.pem"), "{err}");
    let all = docs(&stdout);
    assert_eq!(keys(&all[0]["data"]), ["server.pem", "server.key"]);
    assert_eq!(keys(&all[1]["data"]), ["tls.crt", "tls.key"]);
    // Mode 2 refuses it.
    let out = emit(&["--dir", s(&dir), "--mode", "2", "--format", "k8s-secret"]);
    assert_eq!(out.status.code(), Some(2));

    for (flag, bad) in [("--namespace", "Prod_NS"), ("--secret-name", "a/b")] {
        let out = run(&emit_cmd(
            &dir,
            "--mode 1 --format k8s-secret",
            &[flag, bad],
        ));
        assert_eq!(out.status.code(), Some(2), "{flag} {bad}");
        assert!(text(&out).1.contains("not a valid Kubernetes name"));
    }
}

#[cfg(unix)]
#[test]
fn out_writes_secrets_owner_only_and_never_overwrites() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, dir) = init_dir(&[]);
    let out_file = tmp.path().join("secret.yaml");
    let args = [
        "--dir",
        s(&dir),
        "--mode",
        "2",
        "--format",
        "k8s-secret",
        "--out",
        s(&out_file),
    ];
    let stdout = emit_ok(&args);
    assert!(stdout.contains("Wrote k8s-secret to"), "{stdout}");
    let first = fs::read_to_string(&out_file).unwrap();
    assert_eq!(docs(&first).len(), 2);
    assert_eq!(
        fs::metadata(&out_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    fs::write(&out_file, "mine").unwrap();
    let out = emit(&args);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--force"));
    assert_eq!(fs::read_to_string(&out_file).unwrap(), "mine");
    let mut forced = args.to_vec();
    forced.push("--force");
    emit_ok(&forced);
    assert_eq!(docs(&fs::read_to_string(&out_file).unwrap()).len(), 2);
}

#[test]
fn helm_values_mount_the_secret_where_user_yaml_points() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 2 --format helm-values --secret-name milvus-certs --auth",
        &[],
    ));
    let doc = &docs(&out)[0];
    assert_eq!(keys(doc), ["extraConfigFiles", "volumes", "volumeMounts"]);
    assert_eq!(keys(&doc["extraConfigFiles"]), ["user.yaml"]);
    let user = &docs(doc["extraConfigFiles"]["user.yaml"].as_str().unwrap())[0];
    assert_eq!(keys(user), ["tls", "common", "proxy"]);
    assert_eq!(
        user["tls"]["serverPemPath"].as_str(),
        Some("/milvus/tls/server.pem")
    );
    assert_eq!(
        user["tls"]["caPemPath"].as_str(),
        Some("/milvus/tls/ca.pem")
    );
    assert_eq!(
        keys(&user["common"]["security"]),
        ["tlsMode", "authorizationEnabled"]
    );
    assert_eq!(user["common"]["security"]["tlsMode"], Yaml::Integer(2));
    assert_eq!(user["proxy"]["http"]["port"], Yaml::Integer(8080));
    let volume = &doc["volumes"][0];
    assert_eq!(keys(volume), ["name", "secret"]);
    assert_eq!(
        volume["secret"]["secretName"].as_str(),
        Some("milvus-certs")
    );
    let mount = &doc["volumeMounts"][0];
    assert_eq!(keys(mount), ["name", "mountPath", "readOnly"]);
    assert_eq!(mount["name"], volume["name"]);
    assert_eq!(mount["mountPath"].as_str(), Some("/milvus/tls"));

    // A custom prefix moves both the mount and the paths.
    let out = run_stdout(&emit_cmd(
        &dir,
        "--mode 1 --format helm-values --cert-path-prefix /etc/milvus/certs",
        &[],
    ));
    let doc = &docs(&out)[0];
    let user = &docs(doc["extraConfigFiles"]["user.yaml"].as_str().unwrap())[0];
    assert_eq!(
        user["tls"]["serverKeyPath"].as_str(),
        Some("/etc/milvus/certs/server.key")
    );
    assert_eq!(
        doc["volumeMounts"][0]["mountPath"].as_str(),
        Some("/etc/milvus/certs")
    );
    let out = run(&emit_cmd(
        &dir,
        "--mode 1 --format helm-values --cert-path-prefix relative/dir",
        &[],
    ));
    assert_eq!(out.status.code(), Some(2));
}

fn snippet(dir: &Path, mode: &str, client: &str, extra: &[&str]) -> String {
    let rest = [&["--mode", mode, "--client", client][..], extra].concat();
    run_stdout(&emit_cmd(dir, "--format client", &rest))
}

#[test]
fn snippets_carry_the_paths_and_the_server_name() {
    let (_tmp, dir) = init_dir(&["--cn", "milvus.example.com"]);
    let p = |name: &str| dir.join(name).display().to_string();
    let py1 = snippet(&dir, "1", "python", &[]);
    assert!(py1.contains(&format!("server_pem_path=\"{}\"", p("server.pem"))));
    // The default server name is the server certificate's CN.
    assert!(py1.contains("server_name=\"milvus.example.com\""), "{py1}");
    assert!(py1.contains("uri=\"https://localhost:19530\""));
    let py2 = snippet(
        &dir,
        "2",
        "python",
        &["--host", "10.0.0.5", "--port", "29530"],
    );
    for (arg, file) in [
        ("client_pem_path", "client.pem"),
        ("client_key_path", "client.key"),
        ("ca_pem_path", "ca.pem"),
    ] {
        assert!(py2.contains(&format!("{arg}=\"{}\"", p(file))), "{py2}");
    }
    assert!(py2.contains("uri=\"https://10.0.0.5:29530\""));
    assert!(!py2.contains("server_pem_path"));

    let go = snippet(&dir, "2", "go", &["--server-name", "milvus.example.com"]);
    assert!(go.contains(&format!("os.ReadFile(\"{}\")", p("ca.pem"))));
    assert!(go.contains(&format!(
        "tls.LoadX509KeyPair(\"{}\", \"{}\")",
        p("client.pem"),
        p("client.key")
    )));
    assert!(go.contains("ServerName: \"milvus.example.com\""));
    assert!(go.contains("tls.VersionTLS13"));

    let java = snippet(&dir, "1", "java", &[]);
    assert!(java.contains(&format!(".serverPemPath(\"{}\")", p("server.pem"))));
    assert!(java.contains(".serverName(\"milvus.example.com\")"));
    let java2 = snippet(&dir, "2", "java", &[]);
    assert!(java2.contains(&format!(".clientKeyPath(\"{}\")", p("client.key"))));

    let node = snippet(&dir, "2", "node", &[]);
    assert!(node.contains(&format!("rootCertPath: \"{}\"", p("ca.pem"))));
    assert!(node.contains(&format!("certChainPath: \"{}\"", p("client.pem"))));
    assert!(node.contains(&format!("privateKeyPath: \"{}\"", p("client.key"))));
    assert!(node.contains("serverName: \"milvus.example.com\""));

    let curl = snippet(&dir, "1", "curl", &["--http-port", "9443"]);
    assert!(curl.contains(&format!("--cacert '{}'", p("ca.pem"))));
    // The URL carries the server name (curl checks it); --connect-to reaches the host.
    assert!(curl.contains("'https://milvus.example.com:9443/v2/vectordb/collections/list'"));
    assert!(curl.contains("--connect-to 'milvus.example.com:9443:localhost:9443'"));
    assert!(!curl.contains("--cert "));
    let curl2 = snippet(&dir, "2", "curl", &["--host", "milvus.example.com"]);
    assert!(curl2.contains(&format!("--key '{}'", p("client.key"))));
    assert!(!curl2.contains("--connect-to"));
}

#[test]
fn a_server_name_outside_the_sans_is_warned_about() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_ok(&emit_cmd(
        &dir,
        "--mode 1 --format client --client python --server-name db.example.org",
        &[],
    ));
    let err = text(&out).1;
    assert!(
        err.contains("'db.example.org' is not a subjectAltName"),
        "{err}"
    );
    assert!(err.contains("DNS:localhost"), "{err}");
}

#[test]
fn auth_snippets_read_credentials_from_the_environment() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_ok(&emit_cmd(&dir, "--mode 2 --format client --auth", &[]));
    let (stdout, err) = text(&out);
    assert!(err.contains("default root password"), "{err}");
    for needle in [
        "user=os.environ[\"MILVUS_USER\"]",
        "password=os.environ[\"MILVUS_PASSWORD\"]",
        "Password: os.Getenv(\"MILVUS_PASSWORD\")",
        ".password(System.getenv(\"MILVUS_PASSWORD\"))",
        "password: process.env.MILVUS_PASSWORD",
        "${MILVUS_PASSWORD:?set MILVUS_PASSWORD}",
    ] {
        assert!(stdout.contains(needle), "missing {needle}");
    }
    assert_eq!(
        stdout.matches("Change the default root password").count(),
        5
    );
    // No literal password anywhere (Milvus' default is "Milvus").
    assert!(!stdout.contains("\"Milvus\"") && !stdout.contains(":Milvus"));
    // Without --auth there are no credentials at all.
    let plain = emit_ok(&["--dir", s(&dir), "--mode", "2", "--format", "client"]);
    assert!(!plain.contains("MILVUS_PASSWORD"));
}

#[test]
fn client_json_lists_every_snippet() {
    let (_tmp, dir) = init_dir(&[]);
    let out = run_ok(&emit_cmd(&dir, "--mode 1 --format client --json", &[]));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("only JSON");
    assert_eq!(json["format"], "client");
    let parts = json["parts"].as_array().unwrap();
    let names: Vec<&str> = parts.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["python", "go", "java", "node", "curl"]);
    let files: Vec<&str> = parts
        .iter()
        .map(|p| p["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            "milvus_tls.py",
            "main.go",
            "MilvusTls.java",
            "milvus_tls.js",
            "milvus_tls.sh"
        ]
    );
    for part in parts {
        assert!(
            json["text"]
                .as_str()
                .unwrap()
                .contains(part["text"].as_str().unwrap())
        );
    }
    // --out needs a single snippet.
    let out = run(&emit_cmd(&dir, "--mode 1 --format client --out x.py", &[]));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--client"));
}

#[test]
fn missing_client_files_are_refused() {
    let (_tmp, dir) = init_dir(&[]);
    fs::remove_file(dir.join("client.key")).unwrap();
    let out = emit(&["--dir", s(&dir), "--mode", "2", "--format", "client"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("lacks client.key"));
    // Mode 1 does not need the client files.
    emit_ok(&["--dir", s(&dir), "--mode", "1", "--format", "client"]);
}

/// Python reads every emitted literal back as the exact path: compiled with py_compile
/// and parsed with its own `ast`.
#[test]
fn python_snippets_compile_and_hold_the_exact_paths() {
    if !have("python3", "--version") {
        return;
    }
    let (tmp, dir) = odd_dir();
    for (mode, auth) in [("1", false), ("2", false), ("1", true), ("2", true)] {
        let mut extra = vec!["--server-name", "localhost"];
        if auth {
            extra.push("--auth");
        }
        let code = snippet(&dir, mode, "python", &extra);
        let file = tmp.path().join(format!("snippet_{mode}_{auth}.py"));
        fs::write(&file, &code).unwrap();
        command_ok(Command::new("python3").args(["-m", "py_compile", s(&file)]));
        let script = "import ast, json, sys\n\
            call = [n for n in ast.walk(ast.parse(open(sys.argv[1]).read())) \
                    if isinstance(n, ast.Call) and getattr(n.func, 'id', '') == 'MilvusClient'][0]\n\
            print(json.dumps({k.arg: k.value.value for k in call.keywords \
                    if isinstance(k.value, ast.Constant)}))";
        let out = command_ok(Command::new("python3").args(["-c", script, s(&file)]));
        let args: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let p = |name: &str| dir.join(name).display().to_string();
        assert_eq!(args["server_name"], "localhost");
        assert_eq!(args["secure"], true);
        if mode == "1" {
            assert_eq!(args["server_pem_path"], p("server.pem"));
        } else {
            assert_eq!(args["client_pem_path"], p("client.pem"));
            assert_eq!(args["client_key_path"], p("client.key"));
            assert_eq!(args["ca_pem_path"], p("ca.pem"));
        }
    }
}

/// The mode 2 `--auth` snippet for `client` in an [`odd_dir`], written to `file_name` and
/// accepted by `check` (a syntax check: the program and its arguments before the file).
fn checked_snippet(
    client: &str,
    file_name: &str,
    check: &[&str],
) -> (tempfile::TempDir, PathBuf, String) {
    let (tmp, dir) = odd_dir();
    let code = snippet(&dir, "2", client, &["--auth"]);
    let file = tmp.path().join(file_name);
    fs::write(&file, &code).unwrap();
    command_ok(Command::new(check[0]).args(&check[1..]).arg(&file));
    (tmp, dir, code)
}

/// Finds the literal after `marker` on its line (up to the line's end, minus `trim`).
fn literal_after<'a>(code: &'a str, marker: &str, trim: &[char]) -> &'a str {
    let start = code
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in\n{code}"))
        + marker.len();
    let line = code[start..].lines().next().unwrap();
    line.trim_end_matches(trim)
}

#[test]
fn node_snippets_parse_and_hold_the_exact_paths() {
    if !have("node", "--version") {
        return;
    }
    let (_tmp, dir, code) = checked_snippet("node", "snippet.js", &["node", "--check"]);
    for (marker, name) in [
        ("rootCertPath: ", "ca.pem"),
        ("certChainPath: ", "client.pem"),
        ("privateKeyPath: ", "client.key"),
    ] {
        let literal = literal_after(&code, marker, &[',']);
        let out = Command::new("node")
            .args(["-e", &format!("process.stdout.write({literal})")])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            dir.join(name).display().to_string()
        );
    }
}

#[test]
fn java_literals_hold_the_exact_paths() {
    if !have("javac", "-version") {
        return;
    }
    let (tmp, dir) = odd_dir();
    let code = snippet(&dir, "2", "java", &[]);
    // The SDK is not here to compile the snippet itself, so compile its literals.
    let literals: Vec<&str> = [".clientPemPath(", ".clientKeyPath(", ".caPemPath("]
        .iter()
        .map(|m| literal_after(&code, m, &[')']))
        .collect();
    let probe = format!(
        "public class Probe {{ public static void main(String[] a) {{ \
         System.out.print(String.join(\"\\n\", {})); }} }}",
        literals.join(", ")
    );
    let work = tmp.path().join("java");
    fs::create_dir(&work).unwrap();
    fs::write(work.join("Probe.java"), probe).unwrap();
    command_ok(Command::new("javac").current_dir(&work).arg("Probe.java"));
    let out = Command::new("java")
        .current_dir(&work)
        .args(["-Dfile.encoding=UTF-8", "Probe"])
        .output()
        .unwrap();
    let p = |name: &str| dir.join(name).display().to_string();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        [p("client.pem"), p("client.key"), p("ca.pem")].join("\n")
    );
}

#[test]
fn curl_snippets_are_valid_shell_with_one_word_per_path() {
    let (_tmp, dir, code) = checked_snippet("curl", "snippet.sh", &["sh", "-n"]);
    for (marker, name) in [
        ("--cacert ", "ca.pem"),
        ("--cert ", "client.pem"),
        ("--key ", "client.key"),
    ] {
        let word = literal_after(&code, marker, &[' ', '\\']);
        let out = Command::new("sh")
            .args(["-c", &format!("printf '%s|' {word}")])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            format!("{}|", dir.join(name).display())
        );
    }
}
