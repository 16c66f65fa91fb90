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
pub(crate) fn load_config(global: &Global) -> Result<Config> {
    let start = global
        .root
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let root = config::find_root(&start)?;
    config::load(&root)
}

/// Past this many warnings, only the first [`SHOWN_IN_FULL`] are printed in
/// full, then a summary by kind (unless `-v`).
const SUMMARY_OVER: usize = 20;
const SHOWN_IN_FULL: usize = 10;

/// Prints diagnostics to stderr: errors always, warnings unless quiet. A
/// real vault can have thousands of warnings: past `SUMMARY_OVER`, the
/// first ones are printed in full and the rest summed up by kind.
pub fn report(diagnostics: &[Diagnostic], verbosity: Verbosity) {
    eprint!("{}", report_text(diagnostics, verbosity));
}

/// What [`report`] prints.
fn report_text(diagnostics: &[Diagnostic], verbosity: Verbosity) -> String {
    let shown: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| match d.level {
            Level::Error => true,
            Level::Warning => verbosity >= Verbosity::Normal,
            Level::Info => verbosity >= Verbosity::Verbose,
        })
        .collect();
    let warnings = shown.iter().filter(|d| d.level == Level::Warning).count();
    let summarise = verbosity < Verbosity::Verbose && warnings > SUMMARY_OVER;
    let mut out = String::new();
    let mut in_full = 0;
    let mut rest: Vec<&Diagnostic> = Vec::new();
    for d in shown {
        if d.level == Level::Warning && summarise {
            if in_full == SHOWN_IN_FULL {
                rest.push(d);
                continue;
            }
            in_full += 1;
        }
        out.push_str(&d.render());
        out.push('\n');
    }
    if !rest.is_empty() {
        out.push_str(&summary(&rest));
    }
    out
}

/// Warnings counted by kind, with the files that have the most of each.
fn summary(rest: &[&Diagnostic]) -> String {
    use std::collections::BTreeMap;
    let mut kinds: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
    for d in rest {
        *kinds
            .entry(d.kind)
            .or_default()
            .entry(d.path.display().to_string())
            .or_default() += 1;
    }
    /// A kind's total, name, and files with their counts, most first.
    type Row<'k> = (usize, &'k str, Vec<(String, usize)>);
    let mut rows: Vec<Row<'_>> = kinds
        .into_iter()
        .map(|(kind, files)| {
            let total = files.values().sum();
            let mut files: Vec<(String, usize)> = files.into_iter().collect();
            files.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            (total, kind, files)
        })
        .collect();
    rows.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
    let mut out = format!("… and {} more warning(s):\n", rest.len());
    for (total, kind, files) in rows {
        let most: Vec<String> = files
            .iter()
            .take(3)
            .map(|(f, n)| format!("{f} ({n})"))
            .collect();
        let more = if files.len() > 3 {
            format!(", {} more files", files.len() - 3)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {total:>6}  {kind:<width$}  most in {}{more}\n",
            most.join(", ")
        ));
    }
    out.push_str("Run `lore check` to list every warning (`--format json` for tools), or add `-v` to print them all here.\n");
    out
}

/// Writes a command's output to stdout. A closed pipe (`lore search … |
/// head`) ends the output quietly, as with any Unix tool.
pub(crate) fn print_out(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        _ => {}
    }
}
