//! `lore build`: build the site and write it to the output folder.

use super::{load_config, report, Verbosity};
use crate::cli::{BuildArgs, Global};
use crate::error::{BuildFailed, Error, Level, Result};
use crate::progress::{Progress, ProgressEvent};
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
    let output = output_dir(&config, args)?;
    // Refuse a bad output folder before spending time on the build.
    crate::write::check_output(&config, &output)?;
    // One build of a site (or into a folder) at a time; a second one waits.
    let lock = crate::write::lock(&config, &output, |msg| {
        if verbosity > Verbosity::Quiet {
            eprintln!("note: {msg}");
        }
    })?;
    // Files are written as they are made, into a staging folder that is
    // swapped in only when the whole build succeeded.
    let staging = std::sync::Arc::new(crate::write::Staging::new(&config, &lock, &output)?);
    let (built, search_time) = build_and_index(&config, args, verbosity, &staging, started)?;
    let built = strict(built, args.strict)?;
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
        print_timings(&built, (write_start.elapsed(), &stats), search_time);
    }
    if verbosity >= Verbosity::Normal {
        print_summary(&built, start, config.display_path(&output));
    }
    Ok(())
}

/// `--output`, made absolute, else the configured output folder.
fn output_dir(config: &crate::config::Config, args: &BuildArgs) -> Result<std::path::PathBuf> {
    Ok(match &args.output {
        Some(o) => crate::config::normalize(
            &std::path::absolute(o).map_err(|e| Error::io("resolve", o, e))?,
        ),
        None => config.output_dir.clone(),
    })
}

/// Builds the site into `staging` while the search index is made on a
/// thread of its own (tantivy's indexing takes one core); the build, and
/// how long the search stage took.
fn build_and_index(
    config: &crate::config::Config,
    args: &BuildArgs,
    verbosity: Verbosity,
    staging: &std::sync::Arc<crate::write::Staging>,
    started: std::time::SystemTime,
) -> Result<(site::Built, std::time::Duration)> {
    let (docs_out, docs_in) = std::sync::mpsc::channel();
    let options = BuildOptions {
        drafts: args.drafts,
        progress: progress_bar(verbosity),
        sink: Some(site::SinkRef(staging.clone())),
        search_docs: Some(site::DocsOut(docs_out)),
        record_redirects: true,
        drop_redirects: args.drop_redirect.clone(),
        ..Default::default()
    };
    let (built, search) = std::thread::scope(|scope| {
        let search = scope.spawn(|| search_stage(config, (args.drafts, started), docs_in, staging));
        let built = site::build(config, &options);
        // Whatever happened, no more documents come.
        drop(options);
        (built, search.join())
    });
    let built = built?;
    let search_time = search
        .map_err(|_| Error::Other("the search index build panicked".into()))??
        .unwrap_or_default();
    Ok((built, search_time))
}

/// A progress bar on a terminal (the build shows it once the site is
/// large enough), drawn with `indicatif`; nothing otherwise.
fn progress_bar(verbosity: Verbosity) -> Progress {
    let shown =
        verbosity >= Verbosity::Normal && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !shown {
        return Progress::default();
    }
    let style = indicatif::ProgressStyle::with_template("{msg:16} [{bar:32}] {pos}/{len}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    let bar = indicatif::ProgressBar::hidden().with_style(style);
    Progress::new(move |event| match event {
        ProgressEvent::Start { message, total } => {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(8));
            bar.set_message(message);
            bar.set_length(total);
        }
        ProgressEvent::Advance(n) => bar.inc(n),
        ProgressEvent::Finish => bar.finish_and_clear(),
    })
}

/// With `--strict`, warnings fail the build (as errors).
fn strict(built: site::Built, strict: bool) -> Result<site::Built> {
    if !strict || !built.diagnostics.iter().any(|d| d.level >= Level::Warning) {
        return Ok(built);
    }
    let mut diagnostics = built.diagnostics;
    for d in &mut diagnostics {
        if d.level == Level::Warning {
            d.level = Level::Error;
        }
    }
    Err(Error::Build(BuildFailed(diagnostics)))
}

/// `--timings` (or `-v`): each stage, the write and the search index.
fn print_timings(
    built: &site::Built,
    (write_time, stats): (std::time::Duration, &crate::write::WriteStats),
    search_time: std::time::Duration,
) {
    for (stage, took) in &built.timings {
        eprintln!("  {stage:<10} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
    eprintln!(
        "  {:<10} {:>8.1} ms ({} written, {} unchanged)",
        "write",
        write_time.as_secs_f64() * 1000.0,
        stats.written,
        stats.unchanged
    );
    eprintln!(
        "  {:<10} {:>8.1} ms",
        "search",
        search_time.as_secs_f64() * 1000.0
    );
}

/// `Built N notes in T ms, W warning(s) -> out`.
fn print_summary(built: &site::Built, start: Instant, output: &std::path::Path) {
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
        output.display()
    );
}
