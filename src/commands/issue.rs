//! `init`, `ca`, `server`, `client`, `sign`, `renew`: each turns its arguments into
//! settings and options, has the write side (`init`, `ca`, `leaf`, `sign`, `renew`) plan
//! and run it (or, with `--dry-run`, list the planned writes), and hands the report to
//! `render`.

use crate::cli::issue::{NewCaArgs, OutputArgs};
use crate::cli::sign::Profile;
use crate::cli::{CaArgs, InitArgs, LeafArgs, RenewArgs, SignArgs, SubjectArgs};
use crate::issue::issuing::{key_format_ok, now};
use crate::issue::plan::{CaPlan, InitPlan, IssuePlan, check_days};
use crate::render::{self, Output};
use crate::settings::{self, Overrides, Settings};
use crate::store::passphrase::PassphraseSource;
use crate::store::role::Role;
use anyhow::Result;

/// The subject fields the flags give.
pub fn subject_overrides(o: &mut Overrides, s: &SubjectArgs) {
    o.country = s.country.clone();
    o.state = s.state.clone();
    o.locality = s.locality.clone();
    o.org = s.org.clone();
    o.org_unit = s.org_unit.clone();
}

/// The settings the flags of a new CA give (`ca`, `rotate-ca`).
pub fn new_ca_overrides(output: &OutputArgs, ca: &NewCaArgs) -> Overrides {
    let mut o = Overrides {
        dir: output.dir.clone(),
        ca_cn: ca.ca_cn.clone(),
        key_type: ca.key.key_type,
        key_bits: ca.key.key_bits,
        ca_days: ca.ca_days,
        ..Overrides::default()
    };
    subject_overrides(&mut o, &ca.subject);
    o
}

/// The settings `init`'s flags give.
pub fn init_overrides(args: &InitArgs) -> Overrides {
    let mut o = Overrides {
        dir: args.output.dir.clone(),
        cn: args.names.cn.clone(),
        san: args.names.sans.clone(),
        client_cn: args.names.client_cn.clone(),
        ca_cn: args.names.ca_cn.clone(),
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        days: args.validity.days,
        ca_days: args.validity.ca_days,
        ..Overrides::default()
    };
    subject_overrides(&mut o, &args.subject);
    o
}

/// The settings in effect; `None` when `--print-config` showed them instead.
pub fn settings(
    flags: &Overrides,
    output: &OutputArgs,
    print: bool,
    out: Output,
) -> Result<Option<Settings>> {
    let settings = settings::load(flags, output.config.as_deref())?;
    if print {
        render::settings(&settings, out)?;
        return Ok(None);
    }
    Ok(Some(settings))
}

/// The settings of a command without `--print-config` that reads only `dir` and `days`
/// from its flags, each setting checked (a bad file value is an error whichever command
/// reads it).
fn dir_and_days(output: &OutputArgs, days: Option<u32>) -> Result<Settings> {
    let flags = Overrides {
        dir: output.dir.clone(),
        days,
        ..Overrides::default()
    };
    checked(&flags, output)
}

/// The settings `flags` give, every one checked.
pub fn checked(flags: &Overrides, output: &OutputArgs) -> Result<Settings> {
    let settings = settings::load(flags, output.config.as_deref())?;
    crate::issue::plan::validate(&settings)?;
    Ok(settings)
}

/// Where this command gets the CA key's passphrase.
pub fn passphrase(output: &OutputArgs) -> PassphraseSource {
    PassphraseSource::new(output.passphrase_file.clone())
}

/// `milvus-cert init`.
pub fn init(args: &InitArgs, output: Output) -> Result<()> {
    let flags = init_overrides(args);
    let Some(settings) = settings(&flags, &args.output, args.print_config, output)? else {
        return Ok(());
    };
    let mut plan = InitPlan::from_settings(&settings, args.force, args.new_ca, now())?;
    plan.key_format = args.key.format.key_format;
    let encrypt = args.encrypt_ca_key;
    key_format_ok(plan.key_format, plan.key, encrypt, &mut plan.warnings)?;
    let passphrase = passphrase(&args.output);
    if args.output.dry_run {
        return render::issued(&crate::issue::init::dry_run(&plan, &passphrase)?, output);
    }
    let summary = crate::issue::init::run_init(&plan, &passphrase, encrypt)?;
    render::init(&summary, output)
}

/// `milvus-cert ca`.
pub fn ca(args: &CaArgs, output: Output) -> Result<()> {
    let flags = new_ca_overrides(&args.output, &args.ca);
    let Some(settings) = settings(&flags, &args.output, args.print_config, output)? else {
        return Ok(());
    };
    crate::issue::plan::validate(&settings)?;
    let plan = CaPlan::from_settings(&settings, args.force, now())?;
    let opts = crate::issue::ca::CaOptions {
        key_format: args.ca.key.format.key_format,
        encrypt: args.encrypt_ca_key,
        dry_run: args.output.dry_run,
    };
    let report = crate::issue::ca::run(&plan, opts, &passphrase(&args.output))?;
    render::issued(&report, output)
}

/// `milvus-cert server` and `milvus-cert client`.
pub fn leaf(role: Role, args: &LeafArgs, output: Output) -> Result<()> {
    let mut flags = Overrides {
        dir: args.output.dir.clone(),
        san: args.sans.clone(),
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        days: args.days,
        ..Overrides::default()
    };
    subject_overrides(&mut flags, &args.subject);
    if role == Role::Server {
        flags.cn = args.cn.clone();
        flags.server_name = args.name.clone();
    } else {
        flags.client_cn = args.cn.clone();
        flags.client_name = args.name.clone();
    }
    let Some(settings) = settings(&flags, &args.output, args.print_config, output)? else {
        return Ok(());
    };
    let plan = IssuePlan::from_settings(&settings, role, args.force, now())?;
    crate::issue::plan::validate(&settings)?;
    let (format, dry_run) = (args.key.format.key_format, args.output.dry_run);
    let report = crate::issue::leaf::run(&plan, format, dry_run, &passphrase(&args.output))?;
    render::issued(&report, output)
}

/// `milvus-cert sign`.
pub fn sign(args: &SignArgs, output: Output) -> Result<()> {
    let settings = dir_and_days(&args.output, args.days)?;
    check_days(&settings.days.origin.label("days"), settings.days.value)?;
    let validity = crate::pki::Validity::days_from(now(), settings.days.value);
    let opts = crate::issue::sign::SignOptions {
        csr: args.csr.clone(),
        out: args.out.clone(),
        role: match args.profile {
            Profile::Server => Role::Server,
            Profile::Client => Role::Client,
        },
        sans: args.sans.clone(),
        force: args.force,
        dry_run: args.output.dry_run,
    };
    let dir = &settings.dir.value;
    let report = crate::issue::sign::run(&opts, dir, validity, &passphrase(&args.output))?;
    render::issued(&report, output)
}

/// `milvus-cert renew`.
pub fn renew(args: &RenewArgs, output: Output) -> Result<()> {
    let settings = dir_and_days(&args.output, args.days)?;
    let opts = crate::issue::renew::RenewOptions {
        names: args.names.clone(),
        cn: args.cn.clone(),
        sans: args.sans.clone(),
        keep_key: args.keep_key,
        key_type: args.key.key_type,
        key_bits: args.key.key_bits,
        key_format: args.key.format.key_format,
        force: args.force,
        dry_run: args.output.dry_run,
    };
    let report = crate::issue::renew::run(&opts, &settings, &passphrase(&args.output))?;
    render::issued(&report, output)
}
