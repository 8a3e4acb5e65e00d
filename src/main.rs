use clap::Parser;
use milvus_cert::{EXIT_USAGE, cli::Cli, render};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match milvus_cert::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            render::error(&error);
            ExitCode::from(EXIT_USAGE)
        }
    }
}
