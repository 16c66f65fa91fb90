//! Is the search index in `.lore/search` still what the content would
//! give? Answered from file stamps, so `lore search` need not read and
//! parse every note before each query.
//!
//! Whoever writes or checks the index (`lore build`, `lore search`) also
//! records, next to it, the size and modification time of every note, of
//! every folder of the content (a folder's time changes when a file is
//! added to it, removed or renamed) and of `site.toml`. The index is fresh
//! when every recorded stamp still holds and the drafts setting and Lore's
//! version are the same. Anything else — a record missing, unreadable or
//! out of date — sends the caller down the slow path, which reads the
//! notes, rebuilds the index when their text changed, and records again.
//!
//! A file written in the second before its stamp was taken may change
//! again within the same clock tick (git's "racily clean" problem): such a
//! record is not written, and the next query checks the slow way.

use crate::config::Config;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const FILE: &str = "sources";

/// What a record's first line must say for it to apply.
fn header(drafts: bool) -> String {
    format!(
        "lore {} schema{} drafts={}",
        env!("CARGO_PKG_VERSION"),
        super::SCHEMA_VERSION,
        u8::from(drafts)
    )
}

/// A path's stamp as one line's fields: size and nanoseconds since 1970.
/// `None` when the file is gone or the disk keeps no times.
fn stamp(path: &Path) -> Option<(u64, u128)> {
    let meta = std::fs::metadata(path).ok()?;
    let time = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    // A folder's size says nothing stable; its time is what counts.
    let len = if meta.is_dir() { 0 } else { meta.len() };
    Some((len, time.as_nanos()))
}

/// The paths whose stamps decide freshness: `site.toml`, every content
/// folder and every note, as the walk of the content folder lists them.
fn watched(config: &Config) -> Option<Vec<PathBuf>> {
    let walk = crate::load::walk::walk(config).ok()?;
    let content = config.content.clone();
    let mut paths = vec![config.root.join(crate::config::FILE_NAME), content.clone()];
    paths.extend(
        walk.folder_rels
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| content.join(r)),
    );
    paths.extend(walk.notes.into_iter().map(|(p, _)| p));
    Some(paths)
}

/// Records the stamps of the content the index was just checked against.
/// `since` is when the notes started to be read: a file changed after
/// that (or within a second before it) may not be in the index, so no
/// record is written then.
pub(crate) fn record(config: &Config, drafts: bool, since: SystemTime) {
    let path = super::index_dir(&config.cache_dir()).join(FILE);
    let _ = std::fs::remove_file(&path);
    let Some(paths) = watched(config) else {
        return;
    };
    let cutoff = since
        .checked_sub(Duration::from_secs(1))
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut text = header(drafts);
    text.push('\n');
    for p in &paths {
        let Some((len, nanos)) = stamp(p) else {
            return;
        };
        if nanos >= cutoff {
            return;
        }
        let Some(shown) = p.to_str().filter(|s| !s.contains(['\n', '\t'])) else {
            return;
        };
        text.push_str(&format!("{len}\t{nanos}\t{shown}\n"));
    }
    let tmp = path.with_extension("tmp");
    if std::fs::write(&tmp, text).is_ok() {
        let _ = std::fs::rename(&tmp, &path);
    }
}

/// True when the record next to the index still holds for every path.
pub(crate) fn is_fresh(config: &Config, drafts: bool) -> bool {
    let path = super::index_dir(&config.cache_dir()).join(FILE);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return false;
    };
    let mut lines = text.lines();
    if lines.next() != Some(header(drafts).as_str()) {
        return false;
    }
    // Ten thousand `stat`s are most of a query's time: grouped by folder,
    // so each is looked up by name in an open folder, and on all cores.
    let mut folders: std::collections::HashMap<&Path, Vec<Line>> = Default::default();
    for line in lines {
        let Some(line) = Line::parse(line) else {
            return false;
        };
        let parent = line.path.parent().unwrap_or(Path::new(""));
        folders.entry(parent).or_default().push(line);
    }
    let folders: Vec<_> = folders.into_iter().collect();
    !folders.is_empty()
        && folders
            .par_iter()
            .all(|(folder, lines)| all_hold(folder, lines))
}

/// One record line: `size\tnanos\tpath`.
struct Line<'a> {
    len: u64,
    nanos: u128,
    path: &'a Path,
}

impl<'a> Line<'a> {
    fn parse(line: &'a str) -> Option<Self> {
        let mut fields = line.splitn(3, '\t');
        Some(Line {
            len: fields.next()?.parse().ok()?,
            nanos: fields.next()?.parse().ok()?,
            path: Path::new(fields.next()?),
        })
    }
}

/// Whether every line of one folder still holds: each name is looked up
/// in the open folder (`fstatat`), not walked from `/` again.
#[cfg(unix)]
fn all_hold(folder: &Path, lines: &[Line]) -> bool {
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    let Ok(dir) = std::fs::File::open(folder) else {
        return false;
    };
    lines.iter().all(|line| {
        let Some(name) = line.path.file_name() else {
            return stamp(line.path) == Some((line.len, line.nanos));
        };
        let Ok(name) = std::ffi::CString::new(name.as_bytes()) else {
            return false;
        };
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `dir` is an open folder for the whole call, `name` a
        // NUL-terminated string, and `st` a stat buffer of the right type.
        if unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), &mut st, 0) } != 0 {
            return false;
        }
        let Ok(secs) = u128::try_from(st.st_mtime) else {
            return false;
        };
        let Ok(nsec) = u128::try_from(st.st_mtime_nsec) else {
            return false;
        };
        let is_dir = st.st_mode & libc::S_IFMT == libc::S_IFDIR;
        let len = if is_dir { 0 } else { st.st_size as u64 };
        (len, secs * 1_000_000_000 + nsec) == (line.len, line.nanos)
    })
}

#[cfg(not(unix))]
fn all_hold(_folder: &Path, lines: &[Line]) -> bool {
    lines
        .iter()
        .all(|line| stamp(line.path) == Some((line.len, line.nanos)))
}
