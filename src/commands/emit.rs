//! `milvus-cert emit-config`: checks the directory, builds the target and writes or prints it.

use crate::cli::emit::{EmitConfigArgs, Format};
use crate::load::{io_reason, read_input};
use crate::milvus::merge::{self, Merged};
use crate::milvus::names::ServerNames;
use crate::milvus::report::{EmitReport, Part, SCHEMA};
use crate::milvus::{DEFAULT_GRPC_PORT, TlsConfig};
use crate::render::{self, Output};
use crate::role::Role;
use crate::{EXIT_OK, store};
use anyhow::{Context, Result, anyhow, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// Runs `emit-config`.
pub fn run(args: &EmitConfigArgs, output: Output) -> Result<u8> {
    let mut ctx = Emitter::new(args)?;
    let mut report = ctx.report(args);
    match args.format {
        Format::MilvusYaml => milvus_yaml(args, &mut ctx, &mut report)?,
        other => bail!("--format {other} is not available yet"),
    }
    report.warnings = std::mem::take(&mut ctx.warnings);
    report.notes = std::mem::take(&mut ctx.notes);
    if let Some(out) = &args.out {
        write_out(out, &report, args.force)?;
        report.written = Some(absolute(out)?);
    }
    render::emit_config(&report, output)?;
    Ok(EXIT_OK)
}

/// What every target needs: the directory, the server's view of it, and what was learnt
/// along the way.
struct Emitter {
    dir: PathBuf,
    prefix: String,
    warnings: Vec<String>,
    notes: Vec<String>,
    server_names: Option<ServerNames>,
}

impl Emitter {
    fn new(args: &EmitConfigArgs) -> Result<Emitter> {
        if args.dry_run && args.milvus_yaml.is_none() {
            bail!("--dry-run needs --milvus-yaml FILE (it shows the change to that file)");
        }
        let dir = absolute(&args.dir)?;
        let prefix = match &args.cert_path_prefix {
            Some(prefix) if prefix.trim().is_empty() => bail!("--cert-path-prefix is empty"),
            Some(prefix) => prefix.clone(),
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
        Ok(Emitter {
            dir,
            prefix,
            warnings: Vec::new(),
            notes: Vec::new(),
            server_names: None,
        })
    }

    fn report(&self, args: &EmitConfigArgs) -> EmitReport {
        EmitReport {
            schema: SCHEMA,
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
                bail!(
                    "{message}; make them with `milvus-cert init --dir {}` or pass --allow-missing",
                    self.dir.display()
                );
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
    fn server_names(&mut self) -> Result<Option<ServerNames>> {
        if self.server_names.is_none() {
            let path = self.dir.join(Role::Server.cert_file());
            if !path.is_file() {
                return Ok(None);
            }
            let pem = read_input(&path)?;
            let names = ServerNames::from_pem(&pem)
                .with_context(|| format!("cannot read '{}'", path.display()))?;
            self.server_names = Some(names);
        }
        Ok(self.server_names.clone())
    }

    /// `internaltls.sni`: --sni or the server CN, which must be a SAN of server.pem.
    fn internal_sni(&mut self, args: &EmitConfigArgs) -> Result<Option<String>> {
        if !args.internal {
            return Ok(None);
        }
        let names = self.server_names()?;
        let server_pem = self.dir.join(Role::Server.cert_file());
        let sni = match (&args.sni, &names) {
            (Some(sni), _) => sni.clone(),
            (None, Some(names)) => names.common_name.clone().ok_or_else(|| {
                anyhow!(
                    "'{}' has no CommonName to use as internaltls.sni; pass --sni NAME",
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
                 Milvus components would refuse each other; reissue it with \
                 `milvus-cert server --san {sni}` or pass --sni with one of them",
                server_pem.display(),
                names.sans_text()
            );
        }
        Ok(Some(sni))
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
            http_port: args.http_port,
            internal_sni,
            legacy_tls_enabled: args.legacy_tls_enabled,
            auth: args.auth,
        };
        self.notes.push(format!(
            "with TLS on, REST is served on its own port: proxy.http.port = {} (Milvus 2.6 \
             refuses to start if REST shares the gRPC port)",
            args.http_port
        ));
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
    let settings = config.settings();
    let text = format!(
        "# milvus.yaml settings for TLS mode {} ({}), made by milvus-cert emit-config.\n\
         # With TLS on, REST needs its own port (proxy.http.port).\n{}",
        args.mode,
        mode_name(args.mode),
        merge::fragment(&settings)?
    );
    report.parts.push(Part {
        name: "milvus-yaml".into(),
        file_name: "milvus.yaml".into(),
        text: text.clone(),
    });
    report.text = text;
    let Some(file) = &args.milvus_yaml else {
        check_http_port(
            args.http_port,
            DEFAULT_GRPC_PORT.into(),
            "Milvus' default gRPC port",
        )?;
        return Ok(());
    };
    // Edit the file a symlink points at, not the link (ConfigMap mounts, dotfile managers).
    let target = fs::canonicalize(file)
        .map_err(|e| anyhow!("cannot read '{}': {}", file.display(), io_reason(&e)))?;
    let bytes = read_input(&target)?;
    let source = String::from_utf8(bytes)
        .map_err(|_| anyhow!("cannot merge into '{}': not UTF-8 text", file.display()))?;
    let merged = merge_file(&source, &settings, args.http_port)
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
    let mode = file_mode(&target)?;
    let backup = free_backup_name(&target)?;
    store::write_file(&backup, source.as_bytes(), mode, false)?;
    store::write_file(&target, merged.text.as_bytes(), mode, true)?;
    report.backup = Some(backup);
    report.written = Some(target);
    Ok(())
}

fn merge_file(source: &str, settings: &[crate::milvus::Setting], http_port: u16) -> Result<Merged> {
    let root = merge::parse_strict(source)?;
    let grpc = root
        .as_ref()
        .map(|r| &r["proxy"]["port"])
        .and_then(|p| p.as_i64())
        .unwrap_or(DEFAULT_GRPC_PORT.into());
    check_http_port(http_port, grpc, "proxy.port")?;
    merge::merge(source, settings)
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
    // Secrets carry the server key: owner-only, like the key itself.
    let mode = if report.format == Format::K8sSecret {
        store::KEY_MODE
    } else {
        store::PUBLIC_MODE
    };
    store::write_file(out, report.text.as_bytes(), mode, force)
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path)
        .map_err(|e| anyhow!("cannot resolve '{}': {}", path.display(), io_reason(&e)))
}
