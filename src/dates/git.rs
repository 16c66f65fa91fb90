//! Notes' dates from git: one `git log` for the whole content folder (its
//! files' first and last commits, following renames) and one `git status`
//! (which files have uncommitted changes), never a process per note.
//!
//! Both run again only when the repository moved (its `HEAD`, reflog or
//! index changed), so `lore serve` runs no git process while the notes are
//! only edited: a note whose file changed since `git status` ran counts as
//! uncommitted, as `git status` would say.

use super::Date;
use crate::error::Diagnostic;
use crate::fs::Stamp;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file's first and last commit (author dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileHistory {
    pub first: Date,
    pub last: Date,
}

/// What git knows about the content folder.
#[derive(Default)]
pub(crate) struct GitDates {
    /// The content folder it was read for.
    content: PathBuf,
    repo: Option<Repo>,
    /// Not asked yet (or the content folder moved).
    asked: bool,
    /// Stamps of the repository's `HEAD`, reflog and index when read.
    repo_stamps: Vec<Stamp>,
    /// By path relative to the content folder.
    history: HashMap<String, FileHistory>,
    /// Files with uncommitted changes (or unknown to git).
    dirty: HashSet<String>,
    /// Note stamps when `git status` ran: a note whose stamp moved since
    /// has changed, uncommitted.
    status_stamps: HashMap<String, Stamp>,
}

struct Repo {
    git_dir: PathBuf,
    /// The content folder, relative to the repository's top (`content/`).
    prefix: String,
    shallow: bool,
}

impl GitDates {
    /// Reads the history again when the repository changed since the last
    /// call (or the content folder is another one). `notes` are the notes'
    /// paths (relative to the content folder) and stamps, as just loaded.
    /// Returns the warning for a shallow clone, once per call.
    pub(crate) fn refresh<'n>(
        &mut self,
        content: &Path,
        shown: &Path,
        notes: impl Iterator<Item = (&'n str, Stamp)>,
    ) -> Option<Diagnostic> {
        if !self.asked || self.content != content {
            *self = GitDates {
                content: content.to_path_buf(),
                repo: find_repo(content),
                asked: true,
                ..Default::default()
            };
        }
        let repo = self.repo.as_ref()?;
        let stamps: Vec<Stamp> = ["HEAD", "logs/HEAD", "index"]
            .iter()
            .map(|f| crate::fs::stamp(&repo.git_dir.join(f)))
            .collect();
        if stamps != self.repo_stamps {
            let (history, dirty) = read_repo(content, &repo.prefix);
            self.history = history;
            self.dirty = dirty;
            self.repo_stamps = stamps;
            self.status_stamps = notes.map(|(rel, s)| (rel.to_owned(), s)).collect();
        }
        repo.shallow.then(|| shallow_warning(shown))
    }

    /// The file's first and last commit, if git has any.
    pub(crate) fn history(&self, rel: &str) -> Option<FileHistory> {
        self.history.get(rel).copied()
    }

    /// Whether the file has changes git has not committed.
    pub(crate) fn is_dirty(&self, rel: &str, stamp: &Stamp) -> bool {
        self.dirty.contains(rel) || self.status_stamps.get(rel).is_some_and(|s| s != stamp)
    }
}

fn shallow_warning(shown: &Path) -> Diagnostic {
    Diagnostic::warning(
        shown,
        "the git repository is a shallow clone: notes without dates in their frontmatter get the dates of the few commits it has",
    )
    .kind("git")
    .with_help("fetch the whole history (`git fetch --unshallow`); in GitHub Actions, give actions/checkout `with: { fetch-depth: 0 }`")
}

/// The repository holding `content`, if any (and if git is installed).
fn find_repo(content: &Path) -> Option<Repo> {
    let out = git(content)
        .args([
            "rev-parse",
            "--is-shallow-repository",
            "--absolute-git-dir",
            "--show-prefix",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let shallow = lines.next()? == "true";
    let git_dir = PathBuf::from(lines.next()?);
    let prefix = lines.next().unwrap_or("").to_owned();
    Some(Repo {
        git_dir,
        prefix,
        shallow,
    })
}

fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(dir)
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotePath=false",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Runs `git log` and `git status` side by side and reads both.
fn read_repo(content: &Path, prefix: &str) -> (HashMap<String, FileHistory>, HashSet<String>) {
    std::thread::scope(|s| {
        let log = s.spawn(|| {
            git(content)
                .args(["log", "-z", "--relative", "--name-status", "-M"])
                .arg("--format=%x1e%aI")
                .args(["--", "."])
                .output()
        });
        let status = git(content)
            .args([
                "status",
                "--porcelain=v1",
                "-z",
                "--untracked-files=all",
                "--no-renames",
                "--",
                ".",
            ])
            .output();
        let history = match log.join() {
            Ok(Ok(out)) if out.status.success() => parse_log(&String::from_utf8_lossy(&out.stdout)),
            _ => HashMap::new(),
        };
        let dirty = match status {
            Ok(out) if out.status.success() => {
                parse_status(&String::from_utf8_lossy(&out.stdout), prefix)
            }
            _ => HashSet::new(),
        };
        (history, dirty)
    })
}

/// Reads `git log -z --name-status --format=%x1e%aI` (newest commit
/// first) into each file's first and last commit. A rename carries the
/// older commits of the old path over to the new one; a file's history
/// stops at the commit that added it (an older file of the same name is
/// another file).
pub(crate) fn parse_log(text: &str) -> HashMap<String, FileHistory> {
    let mut history: HashMap<String, FileHistory> = HashMap::new();
    // An older path -> the name the file has now.
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut born: HashSet<String> = HashSet::new();
    for commit in text.split('\x1e').filter(|c| !c.is_empty()) {
        let mut fields = commit.split('\0');
        let Some(date) = fields.next().and_then(|d| Date::parse(d.trim()).ok()) else {
            continue;
        };
        let fields: Vec<&str> = fields.map(|f| f.trim_start_matches('\n')).collect();
        let mut i = 0;
        while i < fields.len() {
            let status = fields[i];
            let Some(kind) = status.chars().next() else {
                i += 1;
                continue;
            };
            let paths = if matches!(kind, 'R' | 'C') { 2 } else { 1 };
            let Some(path) = fields.get(i + paths) else {
                break;
            };
            let now = renamed
                .get(*path)
                .cloned()
                .unwrap_or_else(|| path.to_string());
            if kind != 'D' && !born.contains(&now) {
                history
                    .entry(now.clone())
                    .and_modify(|h| h.first = date)
                    .or_insert(FileHistory {
                        first: date,
                        last: date,
                    });
                match kind {
                    'A' => {
                        born.insert(now);
                    }
                    'R' => {
                        renamed.insert(fields[i + 1].to_owned(), now);
                    }
                    _ => {}
                }
            }
            i += paths + 1;
        }
    }
    history
}

/// The paths (relative to the content folder) that `git status
/// --porcelain=v1 -z` lists: changed, staged, untracked.
fn parse_status(text: &str, prefix: &str) -> HashSet<String> {
    text.split('\0')
        .filter(|e| e.len() > 3)
        .filter_map(|e| e[3..].strip_prefix(prefix).map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_commits_follow_renames() {
        // Newest first, as git log prints.
        let log = "\x1e2024-03-01T00:00:00Z\0\nM\0b.md\0\
                   \x1e2024-02-01T00:00:00Z\0\nR100\0a.md\0b.md\0A\0c.md\0\
                   \x1e2024-01-01T00:00:00Z\0\nA\0a.md\0M\0c.md\0";
        let h = parse_log(log);
        let day = |s| Date::parse(s).unwrap();
        assert_eq!(
            h["b.md"].first,
            day("2024-01-01T00:00:00Z"),
            "created as a.md"
        );
        assert_eq!(h["b.md"].last, day("2024-03-01T00:00:00Z"));
        assert_eq!(
            h["c.md"].first,
            day("2024-02-01T00:00:00Z"),
            "an older c.md was another file"
        );
    }

    #[test]
    fn status_paths_are_taken_relative_to_the_content_folder() {
        let dirty = parse_status(
            " M content/a.md\0?? content/new.md\0M  other.md\0",
            "content/",
        );
        let mut v: Vec<&String> = dirty.iter().collect();
        v.sort();
        assert_eq!(v, ["a.md", "new.md"]);
    }
}
