//! Watching the site: notify events in, batches of changed paths out.
//! Editors save in odd ways (a temp file renamed over the note,
//! truncate-then-write, several events per save, a `git checkout` touching
//! hundreds of files), so events are debounced: a batch closes after a
//! short quiet period (or a maximum wait), and each batch gives one
//! rebuild. Swap and backup files are ignored; a watcher overflow asks for
//! a full rescan.
//!
//! What is watched comes from the [`Config`]: the content, templates and
//! static folders (wherever they are) and `site.toml`; never the output
//! folder or `.lore/` (with `content_dir = "."` they are inside the content
//! folder: the folders on the way to them are watched one level at a time).
//! A folder the OS will not watch (inotify's limit on watches) is reported
//! with the fix and polled instead, so no edit goes unseen.

use crate::config::Config;
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
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
/// How often folders that cannot be watched are checked for changes.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// For tests only: the OS watcher accepts this many watches, then every
/// further one fails as it does at the inotify limit (`ENOSPC`), so the
/// same fallback runs as on a machine at its limit.
pub(crate) const WATCH_LIMIT_ENV: &str = "LORE_TEST_WATCH_LIMIT";
/// What to tell a user whose machine hit the watch limit.
const LIMIT_HELP: &str = "the system's limit on watched folders is reached; raise it with \
     `sudo sysctl fs.inotify.max_user_watches=524288` (and in /etc/sysctl.conf to keep it)";

/// What changed since the last batch.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Batch {
    pub paths: BTreeSet<PathBuf>,
    /// The watcher lost events (overflow): everything must be rescanned.
    pub rescan: bool,
}

impl From<&Batch> for crate::site::Changed {
    /// What a workspace is told of a batch.
    fn from(batch: &Batch) -> Self {
        match batch.rescan {
            true => crate::site::Changed::Unknown,
            false => crate::site::Changed::Paths(batch.paths.clone()),
        }
    }
}

type Events = notify::Result<notify::Event>;

/// Watches a site's folders and `site.toml`.
pub(crate) struct SiteWatcher {
    /// The OS watcher; `None` when the OS would not give one.
    os: Option<RecommendedWatcher>,
    /// Created at the first folder the OS watcher refuses.
    poller: Option<PollWatcher>,
    tx: Sender<Events>,
    events: Receiver<Events>,
    scope: Scope,
    /// Folders watched so far (either way), so each is added once.
    watched: BTreeSet<PathBuf>,
    /// Problems to tell the user (see [`SiteWatcher::take_warnings`]).
    warnings: Vec<String>,
    /// OS watches still allowed under [`WATCH_LIMIT_ENV`].
    test_limit: Option<usize>,
}

/// What belongs to the site, from its config.
#[derive(Debug, Clone)]
struct Scope {
    root: PathBuf,
    site_toml: PathBuf,
    /// Content, templates and static folders.
    dirs: Vec<PathBuf>,
    /// The output folder and `.lore/`: never watched, never relevant.
    excluded: Vec<PathBuf>,
}

impl Scope {
    fn new(config: &Config) -> Scope {
        let mut dirs = vec![
            config.content_dir(),
            config.templates_dir(),
            config.static_dir(),
        ];
        dirs.dedup();
        Scope {
            root: config.root.clone(),
            site_toml: config.root.join("site.toml"),
            dirs,
            excluded: vec![config.output_dir.clone(), config.cache_dir()],
        }
    }

    /// Only site.toml and files in the site's folders matter, never the
    /// output or `.lore/`, and never editor swap or backup files.
    fn relevant(&self, path: &Path) -> bool {
        if path == self.site_toml {
            return true;
        }
        if self.excluded.iter().any(|e| path.starts_with(e)) {
            return false;
        }
        self.dirs.iter().any(|dir| {
            path.strip_prefix(dir).is_ok_and(|rel| {
                !rel.components()
                    .any(|c| crate::load::is_ignored(&c.as_os_str().to_string_lossy()))
            })
        })
    }

    /// The folders to watch and how. The site root (one level: site.toml
    /// and folders created later) first, then each site folder whole, or
    /// one level at a time on the way to an excluded folder inside it.
    fn plan(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut plan = Vec::new();
        for dir in &self.dirs {
            let covered = self.dirs.iter().any(|d| d != dir && dir.starts_with(d));
            if !covered {
                self.plan_dir(dir, &mut plan);
            }
        }
        if !plan.iter().any(|(p, _)| *p == self.root) {
            plan.insert(0, (self.root.clone(), RecursiveMode::NonRecursive));
        }
        plan
    }

    fn plan_dir(&self, dir: &Path, plan: &mut Vec<(PathBuf, RecursiveMode)>) {
        if !dir.is_dir() || self.excluded.iter().any(|e| dir.starts_with(e)) {
            return;
        }
        if !self.excluded.iter().any(|e| e.starts_with(dir)) {
            plan.push((dir.to_path_buf(), RecursiveMode::Recursive));
            return;
        }
        if dir != self.root {
            plan.push((dir.to_path_buf(), RecursiveMode::NonRecursive));
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| !crate::load::is_ignored(&e.file_name().to_string_lossy()))
            .map(|e| e.path())
            .collect();
        children.sort();
        for child in children {
            self.plan_dir(&child, plan);
        }
    }
}

impl SiteWatcher {
    /// Starts watching; never fails (what the OS will not watch is polled,
    /// and said so in [`SiteWatcher::take_warnings`]).
    pub(crate) fn new(config: &Config) -> Self {
        let (tx, events) = channel();
        let handler = tx.clone();
        let mut warnings = Vec::new();
        let os = match notify::recommended_watcher(move |e| {
            let _ = handler.send(e);
        }) {
            Ok(w) => Some(w),
            Err(e) => {
                warnings.push(format!(
                    "could not start the file watcher ({}); checking the site for changes every second instead",
                    describe(&e)
                ));
                None
            }
        };
        let test_limit = std::env::var(WATCH_LIMIT_ENV)
            .ok()
            .and_then(|v| v.parse().ok());
        let mut w = SiteWatcher {
            os,
            poller: None,
            tx,
            events,
            scope: Scope::new(config),
            watched: BTreeSet::new(),
            warnings,
            test_limit,
        };
        w.sync();
        w
    }

    /// Watches what a changed `site.toml` names (a moved content folder).
    pub(crate) fn set_config(&mut self, config: &Config) {
        self.scope = Scope::new(config);
        self.sync();
    }

    /// Problems since the last call, one line each, for the terminal.
    pub(crate) fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Watches every planned folder not watched yet (a folder may have
    /// appeared since).
    fn sync(&mut self) {
        for (dir, mode) in self.scope.plan() {
            if self.watched.contains(&dir) {
                continue;
            }
            match self.watch_os(&dir, mode) {
                Ok(()) => {}
                Err(e) => {
                    let shown = dir.strip_prefix(&self.scope.root).unwrap_or(&dir);
                    let shown = if shown.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        shown
                    };
                    self.warnings.push(format!(
                        "could not watch `{}` for changes: {}; checking it every second instead",
                        shown.display(),
                        describe(&e)
                    ));
                    self.poll(&dir, mode);
                }
            }
            self.watched.insert(dir);
        }
    }

    fn watch_os(&mut self, dir: &Path, mode: RecursiveMode) -> notify::Result<()> {
        let Some(os) = &mut self.os else {
            return Err(notify::Error::generic("no file watcher"));
        };
        if let Some(left) = &mut self.test_limit {
            if *left == 0 {
                return Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch));
            }
            *left -= 1;
        }
        os.watch(dir, mode)
    }

    /// Polls `dir`; a poller that cannot start leaves only a warning.
    fn poll(&mut self, dir: &Path, mode: RecursiveMode) {
        if self.poller.is_none() {
            let tx = self.tx.clone();
            // Contents too: the poller keeps modification times in whole
            // seconds, so a second save within the same second would be missed.
            let config = notify::Config::default()
                .with_poll_interval(POLL_EVERY)
                .with_compare_contents(true);
            match PollWatcher::new(
                move |e| {
                    let _ = tx.send(e);
                },
                config,
            ) {
                Ok(p) => self.poller = Some(p),
                Err(e) => {
                    self.warnings.push(format!(
                        "could not poll for changes either: {}",
                        describe(&e)
                    ));
                    return;
                }
            }
        }
        if let Some(Err(e)) = self.poller.as_mut().map(|p| p.watch(dir, mode)) {
            self.warnings.push(format!(
                "could not poll `{}`: {}",
                dir.display(),
                describe(&e)
            ));
        }
    }

    /// Blocks until something relevant changes, then returns the whole
    /// burst as one batch. `None` when the watcher is gone.
    pub(crate) fn next_batch(&mut self) -> Option<Batch> {
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
        self.sync();
        Some(batch)
    }

    fn add(&mut self, batch: &mut Batch, event: Events) {
        match event {
            Ok(event) => {
                if event.need_rescan() {
                    batch.rescan = true;
                }
                if matches!(event.kind, notify::EventKind::Access(_)) {
                    return;
                }
                for path in event.paths {
                    if self.scope.relevant(&path) {
                        batch.paths.insert(path);
                    }
                }
            }
            // The OS watcher could not follow a folder created inside a
            // watched one: from now on, poll every site folder as well.
            Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                if self.poller.is_none() {
                    self.warnings.push(format!(
                        "could not watch a new folder for changes: {}; checking the site every second instead",
                        describe(&e)
                    ));
                    for (dir, mode) in self.scope.plan() {
                        self.poll(&dir, mode);
                    }
                }
                batch.rescan = true;
            }
            // An error from the OS watcher (queue overflow and the like):
            // events may have been lost.
            Err(_) => batch.rescan = true,
        }
    }
}

/// A watch error for the terminal, with the fix for the watch limit.
fn describe(e: &notify::Error) -> String {
    match e.kind {
        notify::ErrorKind::MaxFilesWatch => LIMIT_HELP.to_owned(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(content: &str, output: &str) -> Scope {
        let root = PathBuf::from("/site");
        Scope {
            site_toml: root.join("site.toml"),
            dirs: vec![
                root.join(content),
                root.join("templates"),
                root.join("static"),
            ],
            excluded: vec![root.join(output), root.join(".lore")],
            root,
        }
    }

    #[test]
    fn only_site_files_are_relevant() {
        let s = scope("content", "public");
        assert!(s.relevant(Path::new("/site/site.toml")));
        assert!(s.relevant(Path::new("/site/content/a.md")));
        assert!(s.relevant(Path::new("/site/templates/note.html")));
        assert!(!s.relevant(Path::new("/site/public/a/index.html")));
        assert!(!s.relevant(Path::new("/site/.lore/index")));
        assert!(!s.relevant(Path::new("/site/content/.a.md.swp")));
        assert!(!s.relevant(Path::new("/site/content/a.md~")));
        assert!(!s.relevant(Path::new("/site/content/.git/x")));
        assert!(!s.relevant(Path::new("/site/README.md")));
    }

    #[test]
    fn with_the_site_root_as_content_the_output_is_still_left_out() {
        let s = scope(".", "public");
        assert!(s.relevant(Path::new("/site/README.md")));
        assert!(!s.relevant(Path::new("/site/public/index.html")));
        assert!(!s.relevant(Path::new("/site/.lore/search/x")));
    }

    #[test]
    fn the_way_to_an_excluded_folder_is_watched_one_level_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for d in ["notes/deep", "build/public/x", "templates"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        let s = Scope {
            site_toml: root.join("site.toml"),
            dirs: vec![root.clone(), root.join("templates")],
            excluded: vec![root.join("build/public"), root.join(".lore")],
            root: root.clone(),
        };
        let plan = s.plan();
        let has = |p: &str, m: RecursiveMode| plan.contains(&(root.join(p), m));
        assert_eq!(plan[0], (root.clone(), RecursiveMode::NonRecursive));
        assert!(has("notes", RecursiveMode::Recursive), "{plan:?}");
        assert!(has("build", RecursiveMode::NonRecursive), "{plan:?}");
        assert!(has("templates", RecursiveMode::Recursive), "{plan:?}");
        assert!(
            !plan
                .iter()
                .any(|(p, _)| p.starts_with(root.join("build/public"))),
            "{plan:?}"
        );
    }
}
