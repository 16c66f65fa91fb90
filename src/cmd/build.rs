//! `lore build`: build the site and write it to the output folder.

use super::{load_config, report, Verbosity};
use crate::cli::{BuildArgs, Global};
use crate::error::{BuildFailed, Error, Level, Result};
use crate::site::{self, BuildOptions};
use std::time::Instant;

pub fn run(global: &Global, args: &BuildArgs) -> Result<()> {
    let verbosity = Verbosity::from(global);
    let start = Instant::now();
    let mut config = load_config(global)?;
    if let Some(url) = &args.base_url {
        config
            .set_base_url(url)
            .map_err(|d| Error::Build(BuildFailed(vec![d])))?;
    }
    let output = match &args.output {
        Some(o) => crate::config::normalize(
            &std::path::absolute(o).map_err(|e| Error::io("resolve", o, e))?,
        ),
        None => config.output_dir.clone(),
    };
    // Refuse a bad output folder before spending time on the build.
    crate::write::check_output(&config, &output)?;
    let progress = (verbosity >= Verbosity::Normal
        && std::io::IsTerminal::is_terminal(&std::io::stderr()))
    .then(|| {
        let style = indicatif::ProgressStyle::with_template("{msg:16} [{bar:32}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        indicatif::ProgressBar::hidden().with_style(style)
    });
    let options = BuildOptions {
        drafts: args.drafts,
        progress,
        record_redirects: true,
        drop_redirects: args.drop_redirect.clone(),
        ..Default::default()
    };
    let built = site::build(&config, &options)?;
    if args.strict && built.diagnostics.iter().any(|d| d.level >= Level::Warning) {
        let mut diagnostics = built.diagnostics;
        for d in &mut diagnostics {
            if d.level == Level::Warning {
                d.level = Level::Error;
            }
        }
        return Err(Error::Build(BuildFailed(diagnostics)));
    }
    report(&built.diagnostics, verbosity);
    if verbosity >= Verbosity::Normal {
        for note in &built.notes {
            eprintln!("note: {note}");
        }
    }
    let mut built = built;
    // The search index lives in the cache folder, outside the output; its
    // static export (for the browser) goes into the output.
    let search_start = Instant::now();
    let docs = site::search_docs(&config, args.drafts)?;
    let index = crate::search::open_or_build(&config.cache_dir(), &docs)?;
    let export = crate::search::export::Model::from_index(&index, &docs)?;
    built.files.extend(export.files(&docs));
    drop((export, index, docs));
    let search_time = search_start.elapsed();
    let write_start = Instant::now();
    let stats = crate::write::write_site(&config, &output, &built.files)?;
    // Only once the output holds the redirects: a failed write keeps the
    // old record, so the next build still sees the moves.
    if let Some(record) = &built.redirects {
        record.save(&config.cache_dir())?;
    }
    if args.timings || verbosity == Verbosity::Verbose {
        for (stage, took) in &built.timings {
            eprintln!("  {stage:<10} {:>8.1} ms", took.as_secs_f64() * 1000.0);
        }
        eprintln!(
            "  {:<10} {:>8.1} ms ({} written, {} unchanged)",
            "write",
            write_start.elapsed().as_secs_f64() * 1000.0,
            stats.written,
            stats.unchanged
        );
        eprintln!(
            "  {:<10} {:>8.1} ms",
            "search",
            search_time.as_secs_f64() * 1000.0
        );
    }
    if verbosity >= Verbosity::Normal {
        let warnings = built
            .diagnostics
            .iter()
            .filter(|d| d.level == Level::Warning)
            .count();
        let warn = if warnings > 0 {
            format!(", {warnings} warning(s)")
        } else {
            String::new()
        };
        eprintln!(
            "Built {} notes in {} ms{warn} -> {}",
            built.note_count,
            start.elapsed().as_millis(),
            config.display_path(&output).display()
        );
    }
    Ok(())
}
