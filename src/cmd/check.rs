//! `lore check`: every check of a build, nothing written. Prints
//! `path:line:col: level: message` lines (or JSON) and exits 1 when there is
//! any warning or error.

use super::load_config;
use crate::cli::{CheckArgs, Format, Global};
use crate::error::{Diagnostic, Error, Level, Result};
use crate::site::{self, BuildOptions};

/// Returns whether the site is clean (no warning or error).
pub fn run(global: &Global, args: &CheckArgs) -> Result<bool> {
    let config = load_config(global)?;
    let diagnostics = match site::build(
        &config,
        &BuildOptions {
            drafts: args.drafts,
            ..Default::default()
        },
    ) {
        Ok(built) => built.diagnostics,
        Err(Error::Build(failed)) => failed.0,
        Err(e) => return Err(e),
    };
    print(&diagnostics, args.format);
    Ok(!diagnostics.iter().any(|d| d.level >= Level::Warning))
}

fn print(diagnostics: &[Diagnostic], format: Format) {
    match format {
        Format::Text => {
            let lines: String = diagnostics.iter().map(|d| d.headline() + "\n").collect();
            super::print_out(&lines);
        }
        Format::Json => {
            let json = serde_json::json!({ "diagnostics": diagnostics });
            super::print_out(&(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"));
        }
    }
}
