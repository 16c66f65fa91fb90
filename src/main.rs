//! The `lore` binary: parse the command line, run the command, print
//! errors with their whole cause chain, and set the exit code.

use clap::Parser;
use lore::cli::{Cli, Command};
use lore::cmd;
use lore::Error;
use std::process::ExitCode;

/// mimalloc: rendering allocates and frees many small strings on every
/// core at once, where it spends less CPU than the system allocator. Its
/// `no_thp` build keeps the kernel from backing its arenas with huge
/// pages, which would count as resident memory untouched.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let verbosity = cmd::Verbosity::from(&cli.global);
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(&cli.global, args),
        Command::Serve(args) => cmd::serve::run(&cli.global, args),
        Command::Check(args) => match cmd::check::run(&cli.global, args) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(e) => Err(e),
        },
        Command::Init(args) => cmd::init::run(args),
        Command::New(args) => cmd::new::run(&cli.global, args),
        Command::Search(args) => cmd::search::run(&cli.global, args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Error::Build(failed)) => {
            cmd::report(&failed.0, verbosity);
            let errors = failed
                .0
                .iter()
                .filter(|d| d.level == lore::Level::Error)
                .count();
            eprintln!("error: build failed with {errors} error(s); the previous output was left as it was");
            ExitCode::from(1)
        }
        Err(Error::Query(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(e) => {
            let mut msg = format!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg.push_str(&format!("\n  caused by: {s}"));
                source = s.source();
            }
            eprintln!("{msg}");
            ExitCode::from(1)
        }
    }
}
