//! `lore build`: build the site and write it to the output folder.

use super::{load_config, report, Verbosity};
use crate::cli::{BuildArgs, Global};
use crate::error::{BuildFailed, Error, Level, Result};
use crate::site::{self, BuildOptions};
use std::time::Instant;

/// The search index in the cache folder (for `lore search`), and its
/// static export into the output (for the browser), from the documents the
/// build sends (`None`: the build failed before it had them); how long it
/// took once they came.
fn search_stage(
    config: &crate::config::Config,
    (drafts, since): (bool, std::time::SystemTime),
    docs: std::sync::mpsc::Receiver<Vec<crate::search::SearchDoc>>,
    sink: &crate::write::Staging,
) -> Result<Option<std::time::Duration>> {
    let Ok(mut docs) = docs.recv() else {
        return Ok(None);
    };
    let start = Instant::now();
    let index = crate::search::open_or_build(&config.cache_dir(), &docs)?;
    // `lore search` can then trust the index without reading the notes.
    crate::search::fresh::record(config, drafts, since);
    // One note's text a file, written a few hundred at a time; each text
    // is let go before the export reads the index into memory.
    let urls = crate::search::export::sorted_urls(&docs);
    for chunk in docs.chunks_mut(256) {
        for (rel, bytes) in crate::search::export::doc_files(&urls, &*chunk) {
            sink.put(&rel, &bytes)?;
        }
        for d in chunk {
            d.body = String::new();
        }
    }
    drop(urls);
    let export = crate::search::export::Model::from_index(&index, &docs)?;
    drop((index, docs));
    for (rel, bytes) in export.index_files() {
        sink.put(&rel, &bytes)?;
    }
    Ok(Some(start.elapsed()))
}

pub fn run(global: &Global, args: &BuildArgs) -> Result<()> {
    let verbosity = Verbosity::from(global);
    let start = Instant::now();
    let started = std::time::SystemTime::now();
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
    // One build of a site (or into a folder) at a time; a second one waits.
    let lock = crate::write::lock(&config, &output, |msg| {
        if verbosity > Verbosity::Quiet {
            eprintln!("note: {msg}");
        }
    })?;
    let progress = (verbosity >= Verbosity::Normal
        && std::io::IsTerminal::is_terminal(&std::io::stderr()))
    .then(|| {
        let style = indicatif::ProgressStyle::with_template("{msg:16} [{bar:32}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        indicatif::ProgressBar::hidden().with_style(style)
    });
    // Files are written as they are made, into a staging folder that is
    // swapped in only when the whole build succeeded.
    let staging = std::sync::Arc::new(crate::write::Staging::new(&config, &lock, &output)?);
    let (docs_out, docs_in) = std::sync::mpsc::channel();
    let options = BuildOptions {
        drafts: args.drafts,
        progress,
        sink: Some(site::SinkRef(staging.clone())),
        search_docs: Some(site::DocsOut(docs_out)),
        record_redirects: true,
        drop_redirects: args.drop_redirect.clone(),
        ..Default::default()
    };
    // The search index (and its export for the browser) is made on a thread
    // of its own while the pages render: tantivy's indexing takes one core.
    let (built, search) = std::thread::scope(|scope| {
        let search =
            scope.spawn(|| search_stage(&config, (args.drafts, started), docs_in, &staging));
        let built = site::build(&config, &options);
        // Whatever happened, no more documents come.
        drop(options);
        (built, search.join())
    });
    let built = built?;
    let search_time = search
        .map_err(|_| Error::Other("the search index build panicked".into()))??
        .unwrap_or_default();
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
    let write_start = Instant::now();
    let staging = std::sync::Arc::into_inner(staging).expect("the build let go of the output");
    let stats = staging.finish()?;
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
