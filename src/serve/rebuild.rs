//! The dev server's builds: the first one, then one per batch of changes
//! the watcher reports, each on a workspace that remembers the last build
//! so that it redoes only what changed. A good build's files are swapped
//! in whole; a failed build (or a panic while building) keeps the last
//! good files and sends its diagnostics to the pages' overlay. What
//! happened goes to the [`Reporter`] (the command prints it).

use super::{files_of, http::Listener, release_memory, Live, ServeState, LIVE_SCRIPT};
use crate::error::{Diagnostic, Error, Level};
use crate::search::SearchChanges;
use crate::site::{BuildOptions, Built, Workspace};
use crate::watch::SiteWatcher;
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the dev server has to say, for the command to print.
#[derive(Debug)]
pub(crate) enum Event<'a> {
    /// A good build. `update`: after a change (not the first build);
    /// `message`: what the open pages were told (`None`: nothing changed).
    Built {
        update: bool,
        notes: usize,
        took: Duration,
        timings: &'a [(&'static str, Duration)],
        message: Option<&'a Live>,
        diagnostics: &'a [Diagnostic],
    },
    /// A failed build. `serving`: the last good build is still served.
    Failed {
        diagnostics: &'a [Diagnostic],
        serving: bool,
    },
    /// The watcher lost events: the next build checks every file.
    Rescan,
    /// A warning of the watcher's or the search thread's.
    Warning(&'a str),
}

/// Where [`Event`]s go; called from the server's threads.
pub(crate) type Reporter = Arc<dyn Fn(&Event<'_>) + Send + Sync>;

/// What `lore serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// The site's folder (with `site.toml`).
    pub root: PathBuf,
    /// Where the server is reached ([`Listener::url`]): pages are built
    /// for it, whatever `base_url` says.
    pub url: String,
    /// `--bind`: a name requests may use for this server.
    pub bind: String,
    /// `--drafts`.
    pub drafts: bool,
}

/// A dev server: its state, its builds, its search thread.
pub(crate) struct DevServer {
    rebuild: Arc<Rebuild>,
}

impl DevServer {
    pub(crate) fn new(settings: Settings, report: Reporter) -> Self {
        let options = BuildOptions {
            search_changes: true,
            gzip_pages: true,
            keep_bodies: true,
            drafts: settings.drafts,
            body_end: LIVE_SCRIPT.to_owned(),
            ..Default::default()
        };
        let state = Arc::new(ServeState::new(Default::default(), &settings.bind));
        let rebuild = Rebuild {
            root: settings.root,
            url: settings.url,
            options,
            state: state.clone(),
            workspace: Mutex::new(None),
            search_updates: super::search::spawn(state, report.clone()),
            report,
        };
        DevServer {
            rebuild: Arc::new(rebuild),
        }
    }

    /// The first build; reported like every rebuild.
    pub(crate) fn build(&self) {
        self.rebuild.run(false);
    }

    /// Rebuilds after every batch of changes `watcher` reports, on a thread
    /// of its own. The watcher should have been made before the first
    /// build, so that no change is missed.
    pub(crate) fn watch(&self, watcher: SiteWatcher) {
        let rebuild = self.rebuild.clone();
        std::thread::spawn(move || rebuild.follow(watcher));
    }

    /// Serves on `listener` until Ctrl-C.
    pub(crate) fn serve(&self, listener: Listener) -> Result<(), Error> {
        listener.serve(super::router(self.rebuild.state.clone()))
    }
}

/// Everything a rebuild needs; one rebuild per batch of changes.
struct Rebuild {
    root: PathBuf,
    url: String,
    options: BuildOptions,
    state: Arc<ServeState>,
    /// What the last build learned, so the next one redoes only what
    /// changed. Reset after a panic.
    workspace: Mutex<Option<Workspace>>,
    /// Sends each good build's search changes to the search thread.
    search_updates: Sender<SearchChanges>,
    report: Reporter,
}

/// A build this long replaced much of the site: give the memory back.
const LARGE_BUILD: Duration = Duration::from_millis(500);

impl Rebuild {
    fn run(&self, update: bool) {
        let start = Instant::now();
        match self.build() {
            Ok(built) => {
                let files = files_of(built.files, built.gzipped_pages);
                let message = self.state.swap(files);
                // The search index is updated on its own thread, so that a
                // slow update never delays the next rebuild.
                if let Some(changes) = built.search {
                    let _ = self.search_updates.send(changes);
                }
                if start.elapsed() > LARGE_BUILD {
                    release_memory();
                }
                (self.report)(&Event::Built {
                    update,
                    notes: built.note_count,
                    took: start.elapsed(),
                    timings: &built.timings,
                    message: message.as_ref(),
                    diagnostics: &built.diagnostics,
                });
            }
            Err(diagnostics) => {
                let serving = !self.state.files().is_empty();
                (self.report)(&Event::Failed {
                    diagnostics: &diagnostics,
                    serving,
                });
                self.state.fail(diagnostics_json(&diagnostics));
            }
        }
    }

    /// One rebuild per batch of changes, until the watcher stops.
    fn follow(&self, mut watcher: SiteWatcher) {
        while let Some(batch) = watcher.next_batch() {
            if batch.rescan {
                (self.report)(&Event::Rescan);
            }
            if batch.paths.iter().any(|p| p.ends_with("site.toml")) {
                if let Ok(config) = crate::config::load(&self.root) {
                    watcher.set_config(&config);
                }
            }
            for w in watcher.take_warnings() {
                (self.report)(&Event::Warning(&w));
            }
            // The next build reads only the files this batch names.
            if let Some(w) = self
                .workspace
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_mut()
            {
                w.files_changed((&batch).into());
            }
            self.run(true);
        }
    }

    /// Reloads site.toml (it may have changed) and builds; a panic becomes
    /// a diagnostic instead of taking the server down.
    fn build(&self) -> Result<Built, Vec<Diagnostic>> {
        let mut slot = self.workspace.lock().unwrap_or_else(|e| e.into_inner());
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut config = crate::config::load(&self.root)?;
            // Pages are served from the root of this server, whatever
            // base_url says.
            config
                .set_base_url(&self.url)
                .map_err(|d| Error::Other(d.message))?;
            let workspace =
                slot.get_or_insert_with(|| Workspace::new(config.clone(), self.options.clone()));
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

/// Diagnostics for the overlay: each with its full text (location,
/// message, source excerpt, help).
fn diagnostics_json(diagnostics: &[Diagnostic]) -> String {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| {
            serde_json::json!({
                "path": d.path, "line": d.line, "column": d.column,
                "level": d.level, "message": d.message, "text": d.render(),
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}
