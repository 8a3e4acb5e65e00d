//! Arguments of `status`.

use crate::store::role::DEFAULT_DIR;
use clap::Args;
use std::path::PathBuf;

pub(crate) const STATUS_EXAMPLES: &str = "EXAMPLES:
  List every certificate in ./cert with its days left; exit 1 if one expires within 30 days:
    $ milvus-cert status

  A daily cron job that mails when something expires within 60 days:
    $ milvus-cert status /etc/milvus/tls --warn-days 60 --quiet || echo renew | mail -s milvus root

  Gauges for node_exporter's textfile collector (written atomically):
    $ milvus-cert status cert --prometheus --out /var/lib/node_exporter/milvus_cert.prom --force

Every *.pem and *.crt file is read (bundles give one line per certificate); other files,
such as keys and *.bak backups, are left out. A .pem file without certificates is skipped.

EXIT CODES:
  0 every certificate is valid for longer than --warn-days
  1 a certificate is expired, expires within --warn-days or is not valid yet, or a
    certificate file cannot be read
  2 usage error, or the directory cannot be read";

/// Options of `status`.
#[derive(Debug, Args)]
#[command(after_long_help = STATUS_EXAMPLES)]
pub struct StatusArgs {
    /// Directory (or one certificate file) to check.
    #[arg(value_name = "DIR", default_value = DEFAULT_DIR)]
    pub dir: PathBuf,

    /// Exit 1 when a certificate expires within DAYS days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::check::DEFAULT_WARN_DAYS)]
    pub warn_days: u32,

    /// Print Prometheus text-format gauges instead of the table.
    ///
    /// milvus_cert_expiry_timestamp_seconds is each certificate's notAfter as a Unix time
    /// (labels file, index, subject, serial, role); milvus_cert_file_error is 1 for an
    /// unreadable file (label file).
    #[arg(long)]
    pub prometheus: bool,

    /// Write to FILE atomically instead of stdout (replacing it needs --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,

    /// With --out: print what would be written to FILE, and where; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}
