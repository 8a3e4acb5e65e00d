//! `milvus-cert emit-config`: checks the directory, builds the target and writes or prints it.

use crate::certdir::view::CertView;
use crate::cli::emit::{ClientKind, EmitConfigArgs, Format};
use crate::milvus::client::{self as snippets, ClientTarget};
use crate::milvus::deploy::{self, SecretFile};
use crate::milvus::merge::{self, Merged};
use crate::milvus::report::{EmitReport, Part};
use crate::milvus::{DEFAULT_GRPC_PORT, TlsConfig, join_path};
use crate::render::{self, Output};
use crate::store;
use crate::store::read::{io_reason, read_input};
use crate::store::role::Role;
use anyhow::{Context, Result, anyhow, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// Runs `emit-config`.
pub fn run(args: &EmitConfigArgs, output: Output) -> Result<()> {
    let mut ctx = Emitter::new(args)?;
    let mut report = ctx.report(args);
    match args.format {
        Format::MilvusYaml => milvus_yaml(args, &mut ctx, &mut report)?,
        Format::Compose => compose(args, &mut ctx, &mut report)?,
        Format::K8sSecret => k8s_secret(args, &mut ctx, &mut report)?,
        Format::HelmValues => helm_values(args, &mut ctx, &mut report)?,
        Format::Client => client(args, &mut ctx, &mut report)?,
        Format::CertManager => cert_manager(args, &mut ctx, &mut report)?,
    }
    report.warnings = std::mem::take(&mut ctx.warnings);
    report.notes = std::mem::take(&mut ctx.notes);
    if let Some(out) = &args.out {
        write_out(out, &report, args.force)?;
        report.written = Some(absolute(out)?);
    }
    render::emit_config(&report, output)
}

/// What every target needs: the directory, the server's view of it, and what was learnt
/// along the way.
struct Emitter {
    dir: PathBuf,
    prefix: String,
    warnings: Vec<String>,
    notes: Vec<String>,
    server_names: Option<CertView>,
}

impl Emitter {
    fn new(args: &EmitConfigArgs) -> Result<Emitter> {
        if args.dry_run && args.milvus_yaml.is_none() {
            bail!("--dry-run needs --milvus-yaml FILE (it shows the change to that file)");
        }
        if args.milvus_yaml.is_some()
            && !matches!(args.format, Format::MilvusYaml | Format::Compose)
        {
            bail!(
                "--milvus-yaml is for --format milvus-yaml (merge) or compose (the file to mount)"
            );
        }
        if args.out.is_some() && args.format == Format::Client && args.client.client.is_none() {
            bail!("--out with --format client needs --client CLIENT (one snippet per file)");
        }
        let dir = absolute(&args.dir)?;
        // In a pod or a container the local directory means nothing: mount where the
        // docs do.
        let in_pod = matches!(
            args.format,
            Format::K8sSecret | Format::HelmValues | Format::CertManager | Format::Compose
        );
        let prefix = match &args.cert_path_prefix {
            Some(prefix) if prefix.trim().is_empty() => bail!("--cert-path-prefix is empty"),
            Some(prefix) => prefix.clone(),
            None if in_pod => deploy::DEFAULT_K8S_MOUNT.to_string(),
            None => dir
                .to_str()
                .ok_or_else(|| {
                    anyhow!(
                        "'{}' is not valid UTF-8; pass --cert-path-prefix",
                        dir.display()
                    )
                })?
                .to_string(),
        };
        if prefix.contains(['\n', '\r', '\0']) {
            bail!("--cert-path-prefix must not contain line breaks or NUL");
        }
        let mut warnings = Vec::new();
        if !prefix.starts_with('/') && args.format != Format::Client {
            warnings.push(format!(
                "--cert-path-prefix '{prefix}' is relative: Milvus resolves it against its \
                 working directory"
            ));
        }
        Ok(Emitter {
            dir,
            prefix,
            warnings,
            notes: Vec::new(),
            server_names: None,
        })
    }

    fn report(&self, args: &EmitConfigArgs) -> EmitReport {
        EmitReport {
            format: args.format,
            mode: args.mode,
            dir: self.dir.clone(),
            cert_path_prefix: self.prefix.clone(),
            milvus_yaml: None,
            dry_run: args.dry_run,
            changed: Vec::new(),
            unchanged: Vec::new(),
            backup: None,
            written: None,
            diff: None,
            text: String::new(),
            parts: Vec::new(),
            warnings: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Refuses (or, with --allow-missing, warns about) referenced files missing from DIR.
    /// `optional` files only ever warn.
    fn require(
        &mut self,
        files: &[String],
        optional: &[(String, &str)],
        allow: bool,
    ) -> Result<()> {
        let missing: Vec<&String> = files
            .iter()
            .filter(|name| !self.dir.join(name).is_file())
            .collect();
        if !missing.is_empty() {
            let list = missing
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let message = format!(
                "'{}' lacks {list}, which the configuration points at",
                self.dir.display()
            );
            if !allow {
                bail!("{message}; {}", missing_fix(&self.dir, &missing));
            }
            self.warnings.push(message);
        }
        for (name, why) in optional {
            if !self.dir.join(name).is_file() {
                self.warnings.push(format!(
                    "'{}' does not exist; {why}",
                    self.dir.join(name).display()
                ));
            }
        }
        Ok(())
    }

    /// The names in DIR/server.pem, if it exists.
    fn server_names(&mut self) -> Result<Option<CertView>> {
        if self.server_names.is_none() {
            let path = self.dir.join(Role::Server.cert_file());
            if !path.is_file() {
                return Ok(None);
            }
            let pem = read_input(&path)?;
            let names = CertView::from_pem(&pem, time::OffsetDateTime::now_utc())
                .map_err(|e| anyhow!("cannot read '{}': {e}", path.display()))?;
            self.server_names = Some(names);
        }
        Ok(self.server_names.clone())
    }

    /// `<prefix>/<name>`: a file as the server (or client) sees it.
    fn path(&self, name: &str) -> String {
        join_path(&self.prefix, name)
    }

    /// --server-name, or server.pem's default name; warns when it is not a SAN.
    fn server_name(&mut self, args: &EmitConfigArgs) -> Result<String> {
        let names = self.server_names()?;
        let server_pem = self.dir.join(Role::Server.cert_file());
        let name = match (&args.client.server_name, &names) {
            (Some(name), _) => check_name(name, "--server-name")?,
            (None, Some(names)) => match names.default_server_name() {
                Some(name) => check_name(&name, "the server certificate's name")?,
                None => bail!(
                    "'{}' has no subjectAltName or CommonName; pass --server-name NAME",
                    server_pem.display()
                ),
            },
            (None, None) => {
                self.warnings.push(format!(
                    "'{}' is missing, so the server name is a guess: localhost (pass --server-name)",
                    server_pem.display()
                ));
                "localhost".to_string()
            }
        };
        if let Some(names) = &names
            && !names.san_matches(&name)
        {
            self.warnings.push(format!(
                "server name '{name}' is not a subjectAltName of '{}' (it has {}): the clients \
                 will refuse the server; pass --server-name with one of them",
                server_pem.display(),
                names.sans_text()
            ));
        }
        Ok(name)
    }

    /// `internaltls.sni`: --sni or server.pem's default name, which must be a SAN of server.pem.
    fn internal_sni(&mut self, args: &EmitConfigArgs) -> Result<Option<String>> {
        if !args.internal {
            return Ok(None);
        }
        let names = self.server_names()?;
        let server_pem = self.dir.join(Role::Server.cert_file());
        let sni = match (&args.sni, &names) {
            (Some(sni), _) => sni.clone(),
            (None, Some(names)) => names.default_server_name().ok_or_else(|| {
                anyhow!(
                    "'{}' has no name to use as internaltls.sni; pass --sni NAME",
                    server_pem.display()
                )
            })?,
            (None, None) => bail!(
                "--internal needs --sni NAME when '{}' is missing",
                server_pem.display()
            ),
        };
        if sni.trim().is_empty() || sni.contains(['\n', '\r', '\0']) {
            bail!("--sni must be a host name");
        }
        if let Some(names) = &names
            && !names.san_matches(&sni)
        {
            bail!(
                "'{}' has no subjectAltName equal to internaltls.sni '{sni}' (it has {}), so \
                 Milvus components would refuse each other; add it, keeping the others, with \
                 `{}` or pass --sni with one of them",
                server_pem.display(),
                names.sans_text(),
                crate::check::advice::command(
                    &["renew", Role::Server.default_name()],
                    &self.dir,
                    &["--san", &sni]
                )
            );
        }
        Ok(Some(sni))
    }

    /// In a cluster clients reach Milvus by a Service name: a server certificate that
    /// names only localhost or loopback addresses fails them all.
    fn warn_local_only(&mut self) -> Result<()> {
        let Some(names) = self.server_names()? else {
            return Ok(());
        };
        let local_dns = |d: &String| {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        };
        let only_local = names.dns_sans.iter().all(local_dns)
            && names.ip_sans.iter().all(|ip| ip.is_loopback())
            && !(names.dns_sans.is_empty() && names.ip_sans.is_empty());
        if only_local {
            let fix = crate::check::advice::command(
                &["renew", Role::Server.default_name()],
                &self.dir,
                &["--san", "NAME"],
            );
            self.warnings.push(format!(
                "server.pem names only localhost and loopback addresses ({}): clients in the \
                 cluster connect with a Service name (my-release-milvus.NAMESPACE.svc) and will \
                 refuse it; add that name, keeping the others: `{fix}`",
                names.sans_text()
            ));
        }
        Ok(())
    }

    /// Says that REST has a port of its own, for the targets that set it.
    fn note_http_port(&mut self, args: &EmitConfigArgs) {
        self.notes.push(format!(
            "with TLS on, REST is served on its own port: proxy.http.port = {} (Milvus 2.6 \
             refuses to start if REST shares the gRPC port)",
            args.http_port()
        ));
    }

    fn tls_config(&mut self, args: &EmitConfigArgs) -> Result<TlsConfig> {
        let internal_sni = self.internal_sni(args)?;
        let mut files = vec![Role::Server.cert_file(), Role::Server.key_file()];
        let mut optional = Vec::new();
        if args.mode == 2 || args.internal {
            files.push(Role::Ca.cert_file());
        } else {
            optional.push((
                Role::Ca.cert_file(),
                "tls.caPemPath points at it; mode 1 does not read it, but mode 2 would",
            ));
        }
        self.require(&files, &optional, args.allow_missing)?;
        let config = TlsConfig {
            mode: args.mode,
            prefix: self.prefix.clone(),
            http_port: args.http_port(),
            internal_sni,
            legacy_tls_enabled: args.legacy_tls_enabled,
            auth: args.auth,
        };
        if args.auth {
            self.notes.push(
                "authentication is on: log in as root with the default password Milvus, then \
                 change it at once (and create a user per application)"
                    .to_string(),
            );
        }
        Ok(config)
    }
}

fn milvus_yaml(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    let config = ctx.tls_config(args)?;
    ctx.note_http_port(args);
    let settings = config.settings();
    let text = format!(
        "# milvus.yaml settings for TLS mode {} ({}), made by milvus-cert emit-config.\n\
         # With TLS on, REST needs its own port (proxy.http.port).\n{}",
        args.mode,
        mode_name(args.mode),
        merge::fragment(&settings)?
    );
    single(report, "milvus-yaml", "milvus.yaml", text);
    let Some(file) = &args.milvus_yaml else {
        apart_from_default_grpc(args)?;
        return Ok(());
    };
    // Edit the file a symlink points at, not the link (ConfigMap mounts, dotfile managers).
    let target = fs::canonicalize(file).map_err(|e| {
        let fix = if e.kind() == std::io::ErrorKind::NotFound {
            "; give the milvus.yaml Milvus reads (the one from its release or container), or \
             leave out --milvus-yaml to print the settings"
        } else {
            ""
        };
        anyhow!("cannot read '{}': {}{fix}", file.display(), io_reason(&e))
    })?;
    let bytes = read_input(&target)?;
    let source = String::from_utf8(bytes)
        .map_err(|_| anyhow!("cannot merge into '{}': not UTF-8 text", file.display()))?;
    let settings = keep_http_port(&source, settings, args.http_port)?;
    let merged = merge_file(&source, &settings, http_port_of(&settings))
        .with_context(|| format!("cannot merge into '{}' (left untouched)", file.display()))?;
    report.milvus_yaml = Some(target.clone());
    report.unchanged = settings
        .iter()
        .filter(|s| !merged.changes.iter().any(|c| c.key == s.key))
        .map(|s| s.key.clone())
        .collect();
    let name = file.display().to_string();
    report.diff = Some(
        similar::TextDiff::from_lines(&source, &merged.text)
            .unified_diff()
            .context_radius(3)
            .header(&name, &format!("{name} (merged)"))
            .to_string(),
    );
    report.changed = merged.changes.clone();
    if args.dry_run || merged.changes.is_empty() {
        return Ok(());
    }
    // Another writer (an editor, a second run) must not lose its change to ours.
    if read_input(&target)? != source.as_bytes() {
        bail!(
            "'{}' changed while it was being merged; nothing was written, run again",
            file.display()
        );
    }
    let mode = file_mode(&target)?;
    let backup = free_backup_name(&target)?;
    store::write_file(&backup, source.as_bytes(), mode, false)?;
    store::write_file(&target, merged.text.as_bytes(), mode, true)?;
    report.backup = Some(backup);
    report.written = Some(target);
    Ok(())
}

fn compose(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    ctx.tls_config(args)?;
    ctx.note_http_port(args);
    apart_from_default_grpc(args)?;
    let host_dir = utf8(&ctx.dir)?;
    let host_yaml = match &args.milvus_yaml {
        Some(file) => utf8(&absolute(file)?)?,
        None => deploy::COMPOSE_MILVUS_YAML.to_string(),
    };
    // What the server reads: never ca.key or client.key.
    let files = [
        Role::Server.cert_file(),
        Role::Server.key_file(),
        Role::Ca.cert_file(),
    ];
    let settings = emit_command(args, ctx, None, &["--cert-path-prefix", &ctx.prefix]);
    let text = deploy::compose(
        args.mode,
        args.http_port(),
        (&host_dir, &files),
        &ctx.prefix,
        &host_yaml,
        &settings,
    )?;
    single(report, "compose", "docker-compose.override.yml", text);
    Ok(())
}

fn k8s_secret(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    ctx.tls_config(args)?;
    ctx.warn_local_only()?;
    let sources = [
        (Role::Server.cert_file(), "tls.crt"),
        (Role::Server.key_file(), "tls.key"),
        (Role::Ca.cert_file(), "ca.crt"),
    ];
    let mut generic = Vec::new();
    let mut tls = Vec::new();
    for (name, tls_key) in sources {
        let path = ctx.dir.join(&name);
        if !path.is_file() {
            continue; // already refused, or warned about with --allow-missing
        }
        let bytes = read_input(&path)?;
        tls.push(SecretFile {
            key: tls_key.to_string(),
            bytes: bytes.clone(),
        });
        generic.push(SecretFile { key: name, bytes });
    }
    let name = &args.k8s.secret_name;
    let mut extra = vec!["--secret-name", name.as_str()];
    if args.cert_path_prefix.is_some() {
        extra.extend(["--cert-path-prefix", ctx.prefix.as_str()]);
    }
    let helm = emit_command(args, ctx, Some("helm-values"), &extra);
    let namespace = args.k8s.namespace.as_deref();
    let text = deploy::secrets(args.mode, namespace, name, (&generic, &tls), &helm)?;
    ctx.notes.push(format!(
        "the Secrets hold server.key: keep the output out of version control; Helm values that \
         mount '{name}' at {}: --format helm-values",
        ctx.prefix
    ));
    single(report, "k8s-secret", "milvus-tls-secret.yaml", text);
    Ok(())
}

fn helm_values(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    let config = ctx.tls_config(args)?;
    ctx.warn_local_only()?;
    ctx.note_http_port(args);
    apart_from_default_grpc(args)?;
    let user_yaml = merge::fragment(&config.settings())?;
    let name = args.k8s.secret_name.as_str();
    let namespace = args.k8s.namespace.as_deref();
    let mut extra = vec!["--secret-name", name];
    if let Some(ns) = namespace {
        extra.extend(["--namespace", ns]);
    }
    let secret = emit_command(args, ctx, Some("k8s-secret"), &extra);
    let text = deploy::helm_values(
        args.mode,
        (name, namespace),
        &ctx.prefix,
        &user_yaml,
        &secret,
    )?;
    single(report, "helm-values", "values-tls.yaml", text);
    Ok(())
}

fn client(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    let kinds: Vec<ClientKind> = match args.client.client {
        Some(kind) => vec![kind],
        None => snippets::ALL_CLIENTS.to_vec(),
    };
    // The files each client reads: pymilvus and Java pin server.pem in mode 1 (as the
    // Milvus docs and SDK examples do); the others trust ca.pem.
    let mut files = Vec::new();
    let mut want = |name: String| {
        if !files.contains(&name) {
            files.push(name);
        }
    };
    for kind in &kinds {
        if args.mode == 2 {
            want(Role::Client.cert_file());
            want(Role::Client.key_file());
            want(Role::Ca.cert_file());
        } else if matches!(kind, ClientKind::Python | ClientKind::Java) {
            want(Role::Server.cert_file());
        } else {
            want(Role::Ca.cert_file());
        }
    }
    ctx.require(&files, &[], args.allow_missing)?;
    let host = check_name(&args.client.host, "--host")?;
    let server_name = ctx.server_name(args)?;
    let target = ClientTarget {
        mode: args.mode,
        host,
        port: args.client.port,
        http_port: args.http_port(),
        server_name,
        server_pem: ctx.path(&Role::Server.cert_file()),
        ca_pem: ctx.path(&Role::Ca.cert_file()),
        client_pem: ctx.path(&Role::Client.cert_file()),
        client_key: ctx.path(&Role::Client.key_file()),
        auth: args.auth,
    };
    let mut text = String::new();
    for kind in kinds {
        let snippet = snippets::snippet(kind, &target)?;
        if args.client.client.is_none() {
            text.push_str(&format!(
                "{}==> {} ({kind}) <==\n",
                if text.is_empty() { "" } else { "\n" },
                snippet.file_name
            ));
        }
        text.push_str(&snippet.text);
        report.parts.push(Part {
            name: kind.to_string(),
            file_name: snippet.file_name.to_string(),
            text: snippet.text,
        });
    }
    if args.auth {
        ctx.notes.push(format!(
            "the snippets read the user and password from {} and {}; change the default root \
             password (Milvus) before anything else",
            snippets::USER_ENV,
            snippets::PASSWORD_ENV
        ));
    }
    report.text = text;
    Ok(())
}

fn cert_manager(args: &EmitConfigArgs, ctx: &mut Emitter, report: &mut EmitReport) -> Result<()> {
    use crate::milvus::cert_manager::{self as cm, LeafFacts};
    let files = [
        Role::Ca.cert_file(),
        Role::Ca.key_file(),
        Role::Server.cert_file(),
    ];
    ctx.require(&files, &[], false)?;
    ctx.warn_local_only()?;
    let read = |name: &str| read_input(&ctx.dir.join(name));
    let facts = |name: &str| -> Result<LeafFacts> {
        let path = ctx.dir.join(name);
        CertView::from_pem(&read(name)?, time::OffsetDateTime::now_utc())
            .map_err(|e| anyhow!(e))
            .and_then(|view| LeafFacts::of(&view))
            .with_context(|| format!("cannot read '{}'", path.display()))
    };
    let client_pem = Role::Client.cert_file();
    let client = if args.mode == 2 && ctx.dir.join(&client_pem).is_file() {
        Some(facts(&client_pem)?)
    } else {
        None
    };
    let (ca_pem, ca_key) = (read(&Role::Ca.cert_file())?, read(&Role::Ca.key_file())?);
    let ca_key = plain_ca_key(ca_key, &ctx.dir, args.k8s.passphrase_file.clone())?;
    let text = cm::manifests(&cm::Input {
        mode: args.mode,
        namespace: args.k8s.namespace.as_deref().unwrap_or("default"),
        secret_name: &args.k8s.secret_name,
        mount_path: &ctx.prefix,
        ca_pem: &ca_pem,
        ca_key: &ca_key,
        server: facts(&Role::Server.cert_file())?,
        client,
    })?;
    ctx.warnings.push(format!(
        "the output holds the CA's private key ({}): whoever reads it or the Secret can issue \
         certificates every Milvus client trusts; keep it out of version control and restrict \
         access to the Secret",
        ctx.dir.join(Role::Ca.key_file()).display()
    ));
    single(report, "cert-manager", "milvus-cert-manager.yaml", text);
    Ok(())
}

/// The whole output is one piece.
fn single(report: &mut EmitReport, name: &str, file_name: &str, text: String) {
    report.parts.push(Part {
        name: name.into(),
        file_name: file_name.into(),
        text: text.clone(),
    });
    report.text = text;
}

fn check_name(value: &str, flag: &str) -> Result<String> {
    if value.is_empty()
        || value
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "/\\'\"`$".contains(c))
    {
        bail!("{flag} '{value}' is not a host name or IP address");
    }
    Ok(value.to_string())
}

fn utf8(path: &Path) -> Result<String> {
    path.to_str()
        .map(str::to_string)
        .ok_or_else(|| anyhow!("'{}' is not valid UTF-8", path.display()))
}

fn merge_file(source: &str, settings: &[crate::milvus::Setting], http_port: u16) -> Result<Merged> {
    let root = merge::parse_strict(source.trim_start_matches('\u{feff}'))?;
    let grpc = root
        .as_ref()
        .map(|r| &r["proxy"]["port"])
        .and_then(|p| p.as_i64())
        .unwrap_or(DEFAULT_GRPC_PORT.into());
    check_http_port(http_port, grpc, "proxy.port")?;
    merge::merge(source, settings)
}

/// Without --http-port, a valid `proxy.http.port` already in the file that differs from
/// the gRPC port is kept (a chosen 9000 is not overwritten with 8080).
fn keep_http_port(
    source: &str,
    mut settings: Vec<crate::milvus::Setting>,
    given: Option<u16>,
) -> Result<Vec<crate::milvus::Setting>> {
    if given.is_some() {
        return Ok(settings);
    }
    let Ok(Some(root)) = merge::parse_strict(source.trim_start_matches('\u{feff}')) else {
        return Ok(settings);
    };
    let grpc = root["proxy"]["port"]
        .as_i64()
        .unwrap_or(DEFAULT_GRPC_PORT.into());
    let existing = root["proxy"]["http"]["port"].as_i64();
    if let Some(port) = existing.filter(|p| (1..=65535).contains(p) && *p != grpc) {
        for s in &mut settings {
            if s.key == "proxy.http.port" {
                s.value = crate::milvus::Value::Int(port);
            }
        }
    }
    Ok(settings)
}

/// The `proxy.http.port` in `settings`.
fn http_port_of(settings: &[crate::milvus::Setting]) -> u16 {
    settings
        .iter()
        .find(|s| s.key == "proxy.http.port")
        .and_then(|s| match s.value {
            crate::milvus::Value::Int(p) => u16::try_from(p).ok(),
            _ => None,
        })
        .unwrap_or(crate::milvus::DEFAULT_HTTP_PORT)
}

/// [`check_http_port`] against Milvus' default gRPC port, for targets with no milvus.yaml
/// that says otherwise.
fn apart_from_default_grpc(args: &EmitConfigArgs) -> Result<()> {
    check_http_port(
        args.http_port(),
        DEFAULT_GRPC_PORT.into(),
        "Milvus' default gRPC port",
    )
}

fn check_http_port(http: u16, grpc: i64, what: &str) -> Result<()> {
    if i64::from(http) == grpc {
        bail!(
            "--http-port {http} is {what}; with TLS on REST needs a port of its own \
             (Milvus 2.6 refuses to start otherwise)"
        );
    }
    Ok(())
}

fn mode_name(mode: u8) -> &'static str {
    if mode == 2 {
        "mutual TLS"
    } else {
        "one-way TLS"
    }
}

/// `FILE.bak`, or the first free `FILE.bak.N`: an earlier backup is never overwritten.
fn free_backup_name(target: &Path) -> Result<PathBuf> {
    let base = format!("{}.bak", target.display());
    (0..10_000)
        .map(|n| {
            if n == 0 {
                PathBuf::from(&base)
            } else {
                PathBuf::from(format!("{base}.{n}"))
            }
        })
        .find(|p| fs::symlink_metadata(p).is_err())
        .ok_or_else(|| anyhow!("no free backup name next to '{}'", target.display()))
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Result<u32> {
    use std::os::unix::fs::PermissionsExt;
    let meta = fs::metadata(path)
        .map_err(|e| anyhow!("cannot read '{}': {}", path.display(), io_reason(&e)))?;
    Ok(meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Result<u32> {
    Ok(store::PUBLIC_MODE)
}

fn write_out(out: &Path, report: &EmitReport, force: bool) -> Result<()> {
    // Secrets carry the server key (cert-manager's: the CA key): owner-only, like the key.
    let mode = if matches!(report.format, Format::K8sSecret | Format::CertManager) {
        store::KEY_MODE
    } else {
        store::PUBLIC_MODE
    };
    store::write_file(out, report.text.as_bytes(), mode, force)
}

/// The absolute form of `path` with `.` and `..` resolved lexically (as Go's
/// filepath.Clean does), so the paths Milvus is given read cleanly. Symlinks are kept:
/// a link swapped to rotate certificates keeps working.
/// cert-manager needs the CA key in clear inside its Secret: an encrypted ca.key is
/// decrypted in memory with the passphrase given (never written to disk).
fn plain_ca_key(key: Vec<u8>, dir: &Path, file: Option<PathBuf>) -> Result<Vec<u8>> {
    if !String::from_utf8_lossy(&key).contains("BEGIN ENCRYPTED PRIVATE KEY") {
        return Ok(key);
    }
    let path = dir.join(Role::Ca.key_file());
    let Some(pass) = crate::store::passphrase::PassphraseSource::new(file).given()? else {
        bail!(
            "'{}' is encrypted: pass its passphrase with --passphrase-file FILE (or \
             MILVUS_CERT_CA_PASSPHRASE) and emit-config decrypts it in memory for the CA \
             Secret; nothing is written to disk",
            path.display()
        );
    };
    let plain = crate::pki::protect::decrypt_pem(&key, &pass)
        .map_err(|e| anyhow!("cannot decrypt '{}': {e}", path.display()))?;
    Ok(plain.as_bytes().to_vec())
}

/// How to get the missing files of `dir`, with a command that works in its state.
fn missing_fix(dir: &Path, missing: &[&String]) -> String {
    let has = |name: String| dir.join(name).is_file();
    let command = |args: &[&str], extra: &[&str]| crate::check::advice::command(args, dir, extra);
    if !has(Role::Ca.cert_file()) && !has(Role::Server.cert_file()) {
        return format!("make them with `{}`", command(&["init"], &[]));
    }
    if missing.iter().any(|n| **n == Role::Ca.key_file()) {
        return format!(
            "ca.key is needed and nothing can replace it: put it back (from a backup), or \
             replace the CA and every leaf with `{}`",
            command(&["rotate-ca", "--all"], &[])
        );
    }
    if !has(Role::Ca.key_file()) {
        return "ca.key is missing too, so nothing can be issued here: put back the missing \
                files (from a backup)"
            .to_string();
    }
    let roles: Vec<&str> = [Role::Server, Role::Client]
        .into_iter()
        .filter(|r| {
            missing
                .iter()
                .any(|n| **n == r.cert_file() || **n == r.key_file())
        })
        .map(Role::default_name)
        .collect();
    let commands: Vec<String> = roles
        .iter()
        .map(|r| format!("`{}`", command(&[r], &["--force"])))
        .collect();
    format!(
        "make them from this CA with {} (existing files are kept as .bak), or pass --allow-missing",
        commands.join(" and ")
    )
}

/// An `emit-config` command to print: this run's --dir and --mode (and --http-port,
/// --internal, --sni when given), `format`, and `extra`, so it reproduces this context.
fn emit_command(
    args: &EmitConfigArgs,
    ctx: &Emitter,
    format: Option<&str>,
    extra: &[&str],
) -> String {
    let mode = args.mode.to_string();
    let http_port = args.http_port().to_string();
    let mut words = vec!["--mode", mode.as_str()];
    if let Some(format) = format {
        words.extend(["--format", format]);
    }
    if args.http_port.is_some() {
        words.extend(["--http-port", http_port.as_str()]);
    }
    if args.internal {
        words.push("--internal");
    }
    if let Some(sni) = &args.sni {
        words.extend(["--sni", sni.as_str()]);
    }
    words.extend(extra);
    crate::check::advice::command(&["emit-config"], &ctx.dir, &words)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    use std::path::Component;
    let abs = std::path::absolute(path)
        .map_err(|e| anyhow!("cannot resolve '{}': {}", path.display(), io_reason(&e)))?;
    let mut clean = PathBuf::new();
    for component in abs.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}
