//! One thin file per subcommand: find the site, call the library, report.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod search;
pub mod serve;

use crate::cli::Global;
use crate::config::{self, Config};
use crate::error::{Diagnostic, Level, Result};

/// What to print, from `-q` and `-v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

impl From<&Global> for Verbosity {
    fn from(g: &Global) -> Self {
        if g.quiet {
            Verbosity::Quiet
        } else if g.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        }
    }
}

/// Finds `site.toml` from `--root` or the current folder, and loads it.
pub fn load_config(global: &Global) -> Result<Config> {
    let start = global
        .root
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let root = config::find_root(&start)?;
    config::load(&root)
}

/// Prints diagnostics to stderr: errors always, warnings unless quiet.
pub fn report(diagnostics: &[Diagnostic], verbosity: Verbosity) {
    for d in diagnostics {
        let show = match d.level {
            Level::Error => true,
            Level::Warning => verbosity >= Verbosity::Normal,
            Level::Info => verbosity >= Verbosity::Verbose,
        };
        if show {
            eprintln!("{}", d.render());
        }
    }
}

/// Writes a command's output to stdout. A closed pipe (`lore search … |
/// head`) ends the output quietly, as with any Unix tool.
pub fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        _ => {}
    }
}
