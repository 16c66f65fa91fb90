//! `lore serve`: build, serve from memory on loopback, watch the site and
//! rebuild on every change, telling open pages to reload. A failed build
//! (or a panic while building) never stops the server: it keeps serving the
//! last good pages and shows the diagnostics in an overlay.

use super::{load_config, report, Verbosity};
use crate::cli::{Global, ServeArgs};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::serve::{router, Live, ServeState, LIVE_SCRIPT};
use crate::site::{BuildOptions, Built, Workspace};
use crate::watch::SiteWatcher;
use std::sync::Arc;
use std::time::Instant;

pub fn run(global: &Global, args: &ServeArgs) -> Result<()> {
    let verbosity = Verbosity::from(global);
    let config = load_config(global)?;
    let root = config.root.clone();
    // Watch before the first build, so that no change is missed.
    let mut watcher = SiteWatcher::new(&config);
    for w in watcher.take_warnings() {
        eprintln!("warning: {w}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Other(format!("could not start the server runtime: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind((
            args.bind.as_str(),
            args.port,
        )))
        .map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "; another program uses it — try `lore serve --port {}`",
                    args.port.wrapping_add(1)
                )
            } else {
                String::new()
            };
            Error::Other(format!(
                "could not listen on {}:{}: {e}{hint}",
                args.bind, args.port
            ))
        })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    let url = if addr.ip().is_loopback() && addr.is_ipv4() {
        format!("http://127.0.0.1:{}/", addr.port())
    } else {
        format!("http://{addr}/")
    };
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {addr}: the site (and its drafts, with --drafts) is reachable from other machines on the network"
        );
    }
    let options = BuildOptions {
        search_changes: true,
        gzip_pages: true,
        keep_bodies: true,
        drafts: args.drafts,
        body_end: LIVE_SCRIPT.to_owned(),
        ..Default::default()
    };
    let state = Arc::new(ServeState::new(Default::default(), &args.bind));
    let rebuild = Rebuild {
        root: root.clone(),
        url: url.clone(),
        options,
        verbosity,
        state: state.clone(),
        workspace: std::sync::Mutex::new(None),
        search_updates: search_thread(state.clone()),
        printed: Default::default(),
    };
    rebuild.run(false);
    eprintln!("Serving {} at {url} (Ctrl-C to stop)", config.title);
    if args.open {
        open_browser(&url);
    }
    // The watcher runs on its own thread; the server on the runtime.
    std::thread::spawn(move || {
        while let Some(batch) = watcher.next_batch() {
            if batch.rescan {
                eprintln!("The file watcher lost events; rebuilding everything.");
            }
            if batch.paths.iter().any(|p| p.ends_with("site.toml")) {
                if let Ok(config) = crate::config::load(&rebuild.root) {
                    watcher.set_config(&config);
                }
            }
            for w in watcher.take_warnings() {
                eprintln!("warning: {w}");
            }
            // The next build reads only the files this batch names.
            if let Some(w) = rebuild
                .workspace
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_mut()
            {
                w.files_changed((&batch).into());
            }
            rebuild.run(true);
        }
    });
    runtime.block_on(async move {
        axum::serve(listener, router(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| Error::Other(format!("server error: {e}")))
    })
}

/// Everything a rebuild needs; one rebuild per batch of changes.
struct Rebuild {
    root: std::path::PathBuf,
    url: String,
    options: BuildOptions,
    verbosity: Verbosity,
    state: Arc<ServeState>,
    /// What the last build learned, so the next one redoes only what
    /// changed. Reset after a panic.
    workspace: std::sync::Mutex<Option<Workspace>>,
    /// Sends each good build's search changes to the search thread.
    search_updates: std::sync::mpsc::Sender<crate::search::SearchChanges>,
    /// Diagnostics already printed: a rebuild prints only new ones.
    printed: std::sync::Mutex<std::collections::HashSet<String>>,
}

impl Rebuild {
    fn run(&self, is_update: bool) {
        let start = Instant::now();
        match self.build() {
            Ok(built) => {
                self.report_new(&built.diagnostics);
                let count = built.note_count;
                let timings = built.timings.clone();
                let message = self
                    .state
                    .swap(crate::serve::files_of(built.files, built.gzipped_pages));
                // The search index is updated on its own thread, so that a
                // slow update never delays the next rebuild.
                if let Some(changes) = built.search {
                    let _ = self.search_updates.send(changes);
                }
                if start.elapsed() > LARGE_BUILD {
                    release_memory();
                }
                if self.verbosity >= Verbosity::Normal {
                    let what = match (&message, is_update) {
                        (_, false) => "Built".to_owned(),
                        (
                            Some(Live::Reload {
                                pages, all: false, ..
                            }),
                            true,
                        ) => format!("Rebuilt ({} page(s) changed)", pages.len()),
                        (Some(Live::Css { .. }), true) => "Rebuilt (styles changed)".to_owned(),
                        (Some(_), true) => "Rebuilt".to_owned(),
                        (None, true) => "Rebuilt (no change)".to_owned(),
                    };
                    eprintln!("{what} {count} notes in {} ms", start.elapsed().as_millis());
                }
                if self.verbosity == Verbosity::Verbose {
                    let laps: Vec<String> = timings
                        .iter()
                        .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1000.0))
                        .collect();
                    eprintln!("  {}", laps.join(", "));
                }
            }
            Err(diagnostics) => {
                self.report_new(&diagnostics);
                if self.state.files().is_empty() {
                    eprintln!("Build failed; there is no good build to serve yet (pages show the errors until it builds).");
                } else {
                    eprintln!("Build failed; still serving the last good build.");
                }
                self.state.fail(diagnostics_json(&diagnostics));
            }
        }
    }

    /// Prints the diagnostics not printed after the previous build, so that
    /// each rebuild says only what is new.
    fn report_new(&self, diagnostics: &[Diagnostic]) {
        let mut printed = self.printed.lock().unwrap_or_else(|e| e.into_inner());
        let fresh: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| !printed.contains(&d.render()))
            .cloned()
            .collect();
        report(&fresh, self.verbosity);
        *printed = diagnostics.iter().map(Diagnostic::render).collect();
    }

    /// Reloads site.toml (it may have changed) and builds; a panic becomes
    /// a diagnostic instead of taking the server down.
    fn build(&self) -> std::result::Result<Built, Vec<Diagnostic>> {
        let mut slot = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        let attempt =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<Built> {
                let mut config: Config = crate::config::load(&self.root)?;
                // Pages are served from the root of this server, whatever
                // base_url says.
                config
                    .set_base_url(&self.url)
                    .map_err(|d| Error::Other(d.message))?;
                let workspace = slot
                    .get_or_insert_with(|| Workspace::new(config.clone(), self.options.clone()));
                workspace.set_config(config);
                workspace.build()
            }));
        if attempt.is_err() {
            *slot = None; // a panic may have left it half-updated
        }
        match attempt {
            Ok(Ok(built)) => Ok(built),
            Ok(Err(Error::Build(failed))) => Err(failed.0),
            Ok(Err(other)) => Err(vec![Diagnostic::error("site.toml", other.to_string())]),
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "unknown panic".into());
                Err(vec![Diagnostic::error(
                    "lore",
                    format!("internal error while building (please report it): {what}"),
                )])
            }
        }
    }
}

/// Opens `url` with the desktop's opener; a failure is only a warning.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}

/// Keeps the in-memory index behind `/api/search` and the exported index
/// the pages load up to date: built whole from the first build, then
/// changed note by note.
fn search_thread(state: Arc<ServeState>) -> std::sync::mpsc::Sender<crate::search::SearchChanges> {
    let (tx, rx) = std::sync::mpsc::channel::<crate::search::SearchChanges>();
    std::thread::spawn(move || {
        let mut index: Option<Arc<crate::search::SearchIndex>> = None;
        let mut export = crate::search::export::LiveExport::compressed();
        while let Ok(mut changes) = rx.recv() {
            // Catch up: fold changes that queued up while this one ran.
            while let Ok(next) = rx.try_recv() {
                changes = merge(changes, next);
            }
            // The pages' search box first: it is what the user sees.
            // A compressed export holds every file as gzip data.
            let files = export.update(&changes).iter();
            state.set_search_files(
                files
                    .map(|(k, v)| (k.clone(), crate::serve::Body::Gzip(v.clone())))
                    .collect(),
            );
            let result = match (&index, changes.full) {
                (Some(live), false) => live.apply(&changes).map(|()| None),
                _ => {
                    crate::search::SearchIndex::in_ram(&changes.upserts).map(|i| Some(Arc::new(i)))
                }
            };
            match result {
                Ok(Some(new)) => {
                    state.set_search(new.clone());
                    index = Some(new);
                }
                Ok(None) => {}
                Err(e) => eprintln!("warning: the search index could not be updated: {e}"),
            }
            if changes.full || changes.upserts.len() > 100 {
                release_memory();
            }
        }
    });
    tx
}

/// A build this long replaced much of the site: give the memory back.
const LARGE_BUILD: std::time::Duration = std::time::Duration::from_millis(500);

/// Hands the heap freed by a large build (the previous site, rendering's
/// scratch) back to the system. glibc keeps it otherwise, and a server
/// that lives for hours would only grow.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Two builds' search changes as one (`later` wins).
fn merge(
    earlier: crate::search::SearchChanges,
    later: crate::search::SearchChanges,
) -> crate::search::SearchChanges {
    if later.full {
        return later;
    }
    let touched: std::collections::HashSet<&String> = later
        .upserts
        .iter()
        .map(|d| &d.url)
        .chain(&later.removed)
        .collect();
    let mut upserts: Vec<_> = earlier
        .upserts
        .into_iter()
        .filter(|d| !touched.contains(&d.url))
        .collect();
    let mut removed: Vec<String> = earlier
        .removed
        .into_iter()
        .filter(|u| !touched.contains(u))
        .collect();
    upserts.extend(later.upserts);
    removed.extend(later.removed);
    crate::search::SearchChanges {
        full: earlier.full,
        upserts,
        removed,
    }
}

/// Diagnostics for the overlay: each with its full text (location,
/// message, source excerpt, help).
fn diagnostics_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d.level == crate::error::Level::Error)
        .map(|d| {
            serde_json::json!({
                "path": d.path, "line": d.line, "column": d.column,
                "level": d.level, "message": d.message, "text": d.render(),
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}
