//! Watching the site folder: notify events in, batches of changed paths
//! out. Editors save in odd ways (a temp file renamed over the note,
//! truncate-then-write, several events per save, a `git checkout` touching
//! hundreds of files), so events are debounced: a batch closes after a
//! short quiet period (or a maximum wait), and each batch gives one
//! rebuild. Swap and backup files are ignored; a watcher overflow asks for
//! a full rescan.

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that closes a batch.
const QUIET: Duration = Duration::from_millis(25);
/// Quiet time once a batch holds many paths: a `git checkout` or a script
/// writing hundreds of files can pause longer than one save does (a loaded
/// machine, a slow disk), and splitting it would rebuild twice.
const BURST_QUIET: Duration = Duration::from_millis(150);
const BURST_PATHS: usize = 8;
/// A batch never waits longer than this for quiet.
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// What changed since the last batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (overflow): everything must be rescanned.
    pub rescan: bool,
}

/// Watches `content/`, `templates/`, `static/` and `site.toml` of `root`.
pub struct SiteWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// The site folders watched so far (one may be created later).
    watched: BTreeSet<PathBuf>,
}

const SITE_DIRS: [&str; 3] = ["content", "templates", "static"];

impl SiteWatcher {
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })?;
        // The root itself, non-recursively, sees site.toml and folders that
        // appear later (a `templates/` created after `lore serve` started).
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut w = SiteWatcher {
            watcher,
            events,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        w.watch_new_dirs();
        Ok(w)
    }

    /// Starts watching `content/`, `templates/` or `static/` when it has
    /// appeared since.
    fn watch_new_dirs(&mut self) {
        for dir in SITE_DIRS {
            let path = self.root.join(dir);
            if path.is_dir()
                && !self.watched.contains(&path)
                && self.watcher.watch(&path, RecursiveMode::Recursive).is_ok()
            {
                self.watched.insert(path);
            }
        }
    }

    /// Blocks until something relevant changes, then returns the whole
    /// burst as one batch. `None` when the watcher is gone.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let mut batch = Batch::default();
        // Wait for the first relevant event.
        while batch.paths.is_empty() && !batch.rescan {
            let event = self.events.recv().ok()?;
            self.add(&mut batch, event);
        }
        let started = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(started.elapsed());
            if left.is_zero() {
                break;
            }
            let quiet = if batch.paths.len() > BURST_PATHS {
                BURST_QUIET
            } else {
                QUIET
            };
            match self.events.recv_timeout(quiet.min(left)) {
                Ok(event) => self.add(&mut batch, event),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        // A site folder created in this burst: watch it from now on. The
        // rebuild that follows reads it whole, so files written into it
        // before the watch began are not missed.
        self.watch_new_dirs();
        Some(batch)
    }

    fn add(&self, batch: &mut Batch, event: notify::Result<notify::Event>) {
        match event {
            Ok(event) => {
                if event.need_rescan() {
                    batch.rescan = true;
                }
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for path in event.paths {
                    if relevant(&self.root, &path) {
                        batch.paths.insert(path);
                    }
                }
            }
            // An error from the OS watcher (queue overflow and the like):
            // events may have been lost.
            Err(_) => batch.rescan = true,
        }
    }
}

/// Only site.toml and files under content/, templates/, static/ matter,
/// and never editor swap or backup files.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    if first == "site.toml" {
        return true;
    }
    if !matches!(first.as_ref(), "content" | "templates" | "static") {
        return false;
    }
    !rel.components()
        .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_files_are_relevant() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/site.toml")));
        assert!(relevant(root, Path::new("/site/content/a.md")));
        assert!(relevant(root, Path::new("/site/templates/note.html")));
        assert!(!relevant(root, Path::new("/site/public/a/index.html")));
        assert!(!relevant(root, Path::new("/site/.lore/index")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/content/.git/x")));
    }
}
