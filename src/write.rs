//! The only writer to the output folder. A build streams its files into a
//! staging folder beside the output as it makes them ([`Staging`]: the
//! site is never held in memory whole) and swaps it in whole, so a failed
//! or interrupted build leaves the previous output as it was. Lore only ever
//! deletes folders that carry its marker file, empty ones, and its own
//! staging folders (`.<out>.lore-staging`, `.<out>.lore-old`) while it
//! holds the output's lock: never a user's files.
//!
//! One build at a time: [`lock`] takes an exclusive lock on the site (its
//! `.lore/build.lock`: the search index there is rebuilt too) and on the
//! output (`.<out>.lore-lock` beside it); a second `lore build` waits for
//! the first, saying so. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`,
//! so `<out>` is always there; elsewhere it is two renames, and a build
//! killed between them is recovered by the next one (which puts the
//! previous output back before it starts).

use crate::config::Config;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// Marks a folder as Lore's output, safe to replace.
pub(crate) const MARKER: &str = ".lore-output";

#[derive(Debug, Default)]
pub(crate) struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Refuses output folders that would clobber the site or a user's files.
pub(crate) fn check_output(config: &Config, output: &Path) -> Result<()> {
    let refuse = |reason: &str| {
        Err(Error::RefusedOutput {
            path: output.to_path_buf(),
            reason: reason.to_owned(),
        })
    };
    let out = canonical(output);
    let root = canonical(&config.root);
    if out == root {
        return refuse("it is the site root");
    }
    if root.starts_with(&out) {
        return refuse("it contains the site");
    }
    let content = canonical(&config.content_dir());
    if content.starts_with(&out) {
        return refuse("it contains the notes");
    }
    // When the site folder is the vault (`content_dir = "."`), the output
    // lives among the notes; the walk leaves it out.
    let notes_are_the_site = content == root;
    for (dir, name) in [
        (config.content_dir(), "content/"),
        (config.templates_dir(), "templates/"),
        (config.static_dir(), "static/"),
        (config.cache_dir(), ".lore/"),
    ] {
        if out.starts_with(canonical(&dir)) && !(notes_are_the_site && name == "content/") {
            return refuse(&format!("it is inside the site's {name} folder"));
        }
    }
    if output.is_file() {
        return refuse("it is a file");
    }
    if output.is_dir() && !output.join(MARKER).exists() {
        let mut entries = std::fs::read_dir(output).map_err(|e| Error::io("read", output, e))?;
        if entries.next().is_some() {
            return refuse(&format!(
                "it is not empty and Lore did not create it (no `{MARKER}` file); empty it or choose another folder"
            ));
        }
    }
    Ok(())
}

/// Resolves symlinks where the path exists, so `public -> ..` is caught.
fn canonical(path: &Path) -> PathBuf {
    let path = crate::config::normalize(path);
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(p), Some(name)) => {
                rest.push(name.to_owned());
                existing = p;
            }
            _ => return path,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    out
}

/// Exclusive locks on the site and the output, released when dropped (or
/// when the process ends, however it ends).
#[derive(Debug)]
pub(crate) struct BuildLock {
    files: Vec<std::fs::File>,
}

/// Locks the site and `output` for one build, waiting for another build
/// that holds either (`note` is told what it waits for). Then recovers
/// what a build killed mid-swap left: the previous output, put back.
pub(crate) fn lock(config: &Config, output: &Path, note: impl Fn(&str)) -> Result<BuildLock> {
    let (parent, name) = beside(output)?;
    let mut lock = lock_site(config, &note)?;
    crate::fs::create_dir_all(parent)?;
    let shown = config.display_path(output).display().to_string();
    lock.files.push(lock_file(
        &parent.join(format!(".{name}.lore-lock")),
        &format!("writing to {shown}"),
        &note,
    )?);
    let old = parent.join(format!(".{name}.lore-old"));
    if !output.exists() && old.join(MARKER).exists() {
        std::fs::rename(&old, output).map_err(|e| Error::io("restore", output, e))?;
        note("restored the previous output, which an interrupted build had moved aside");
    }
    Ok(lock)
}

/// Locks the site alone (its `.lore/`: `lore search` rebuilding the index).
pub(crate) fn lock_site(config: &Config, note: impl Fn(&str)) -> Result<BuildLock> {
    crate::fs::create_dir_all(&config.cache_dir())?;
    let file = lock_file(
        &config.cache_dir().join("build.lock"),
        "of this site",
        &note,
    )?;
    Ok(BuildLock { files: vec![file] })
}

/// An exclusive lock on `path` (created if missing), waiting if need be.
fn lock_file(path: &Path, what: &str, note: impl Fn(&str)) -> Result<std::fs::File> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io("open", path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            note(&format!(
                "another Lore build {what} is running; waiting for it to finish"
            ));
            file.lock().map_err(|e| Error::io("lock", path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
    }
    Ok(file)
}

/// The output's parent folder and its name.
fn beside(output: &Path) -> Result<(&Path, String)> {
    let parent = output
        .parent()
        .ok_or_else(|| Error::Other("the output folder has no parent".into()))?;
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    Ok((parent, name))
}

/// Where a one-shot build (`lore build`) writes its files as it makes
/// them, instead of returning them in [`crate::Built::files`] (see
/// [`Staging`]). Called from several threads.
pub(crate) trait Sink: Send + Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;
    /// Puts the file at `same_as` (a cache file Lore made, never changed
    /// in place) at `rel` without copying it, when the sink can (a hard
    /// link); `Ok(false)` when it cannot, and the caller puts the bytes.
    fn link(&self, _rel: &str, _same_as: &Path) -> Result<bool, Error> {
        Ok(false)
    }
    /// Puts `cached` (a file in `.lore/`, see [`Sink::link`]) at `rel`: a
    /// link where the sink can make one, else its bytes (`bytes` when the
    /// caller has them, else read from the file).
    fn put_cached(&self, rel: &str, cached: &Path, bytes: Option<&[u8]>) -> Result<(), Error> {
        if cached.is_file() && self.link(rel, cached)? {
            return Ok(());
        }
        match bytes {
            Some(bytes) => self.put(rel, bytes),
            None => self.put(rel, &crate::fs::read(cached)?),
        }
    }
}

/// Where a build streams its files: a staging folder beside the output,
/// filled as pages are rendered (so a large site is never held in memory
/// whole) and swapped in by [`Staging::finish`]. Dropped without
/// finishing (a failed build), it is removed and the output stays as it
/// was. Files may be put from several threads at once.
pub(crate) struct Staging {
    staging: PathBuf,
    output: PathBuf,
    old: PathBuf,
    /// Folders already made in `staging`.
    dirs: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    written: std::sync::atomic::AtomicUsize,
    unchanged: std::sync::atomic::AtomicUsize,
    finished: bool,
}

impl Staging {
    /// A fresh staging folder for `output`. The caller holds the [`lock`].
    pub(crate) fn new(config: &Config, _lock: &BuildLock, output: &Path) -> Result<Self> {
        check_output(config, output)?;
        let (parent, name) = beside(output)?;
        let staging = parent.join(format!(".{name}.lore-staging"));
        let old = parent.join(format!(".{name}.lore-old"));
        // Under the lock no other build is writing these: any found now were
        // left by a build that was killed.
        for leftover in [&staging, &old] {
            remove_leftover(leftover)?;
        }
        crate::fs::create_dir_all(&staging)?;
        std::fs::write(
            staging.join(MARKER),
            b"This folder is written by Lore; it replaces it whole on every build.\n",
        )
        .map_err(|e| Error::io("write", &staging.join(MARKER), e))?;
        Ok(Staging {
            staging,
            output: output.to_path_buf(),
            old,
            dirs: Default::default(),
            written: Default::default(),
            unchanged: Default::default(),
            finished: false,
        })
    }

    /// Makes the folder `dest` goes in, once per folder.
    fn make_parent(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent() {
            let known = self.dirs.lock().expect("dirs").contains(dir);
            if !known {
                crate::fs::create_dir_all(dir)?;
                self.dirs.lock().expect("dirs").insert(dir.to_path_buf());
            }
        }
        Ok(())
    }

    /// Writes one file (`rel` is `/`-separated, relative to the output). A
    /// file whose bytes equal the previous output's is hard-linked
    /// instead, so it keeps its modification time.
    pub(crate) fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let dest = self.staging.join(rel);
        self.make_parent(&dest)?;
        let prev = self.output.join(rel);
        let same = std::fs::metadata(&prev).is_ok_and(|m| m.len() == bytes.len() as u64)
            && std::fs::read(&prev).is_ok_and(|b| b[..] == bytes[..]);
        if same && std::fs::hard_link(&prev, &dest).is_ok() {
            self.unchanged.fetch_add(1, Relaxed);
            return Ok(());
        }
        std::fs::write(&dest, bytes).map_err(|e| Error::io("write", &dest, e))?;
        self.written.fetch_add(1, Relaxed);
        Ok(())
    }

    /// Puts a hard link to `same_as` (a file Lore made in `.lore/` and
    /// replaces only by renaming, never in place) at `rel`; false when the
    /// file system will not (another device), and nothing is written.
    pub(crate) fn link(&self, rel: &str, same_as: &Path) -> Result<bool> {
        let dest = self.staging.join(rel);
        self.make_parent(&dest)?;
        if std::fs::hard_link(same_as, &dest).is_err() {
            return Ok(false);
        }
        self.written
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(true)
    }

    /// Swaps the staging folder in place of the output.
    pub(crate) fn finish(mut self) -> Result<WriteStats> {
        self.finished = true;
        swap(&self.staging, &self.output, &self.old)?;
        Ok(WriteStats {
            written: self.written.load(std::sync::atomic::Ordering::Relaxed),
            unchanged: self.unchanged.load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_own_dir(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        Staging::put(self, rel, bytes)
    }
    fn link(&self, rel: &str, same_as: &Path) -> Result<bool> {
        Staging::link(self, rel, same_as)
    }
}

/// Puts `staging` in place of `output`; `output` is never missing on Linux
/// (one exchange), elsewhere only between two renames ([`lock`] repairs
/// that). Removes the previous output.
fn swap(staging: &Path, output: &Path, old: &Path) -> Result<()> {
    if output.exists() {
        match exchange(staging, output) {
            Ok(()) => return remove_own_dir(staging),
            Err(e) if !exchange_unsupported(&e) => {
                let _ = remove_own_dir(staging);
                return Err(Error::io("swap into place", output, e));
            }
            Err(_) => {}
        }
        std::fs::rename(output, old).map_err(|e| Error::io("move aside", output, e))?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        if old.exists() {
            let _ = std::fs::rename(old, output);
        }
        return Err(Error::io("move into place", output, e));
    }
    remove_own_dir(old)
}

/// Swaps two paths in one step (`renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The kernel or file system cannot exchange: fall back to two renames.
fn exchange_unsupported(e: &std::io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
    ) {
        return true;
    }
    e.kind() == std::io::ErrorKind::Unsupported
}

/// Deletes a staging folder a killed build left. Lore names these; one
/// without the marker is what a build killed before writing it left (or
/// older Lore versions, when two builds ran at once).
fn remove_leftover(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.join(MARKER).exists() && dir.is_dir() && !dir.is_symlink() {
        return std::fs::remove_dir_all(dir).map_err(|e| Error::io("remove", dir, e));
    }
    remove_own_dir(dir)
}

/// Deletes a folder only when it carries Lore's marker.
fn remove_own_dir(dir: &Path) -> Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join(MARKER).exists() {
        // An empty folder (the user's empty output folder, moved aside) is
        // safe to remove: there is nothing in it to lose.
        if std::fs::remove_dir(dir).is_ok() {
            return Ok(());
        }
        return Err(Error::RefusedOutput {
            path: dir.to_path_buf(),
            reason: format!(
                "it is in Lore's way but has no `{MARKER}` file, so Lore will not delete it"
            ),
        });
    }
    std::fs::remove_dir_all(dir).map_err(|e| Error::io("remove", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        for (d, name) in [(&a, "from-a"), (&b, "from-b")] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join(name), "").unwrap();
        }
        exchange(&a, &b).unwrap();
        assert!(a.join("from-b").exists() && b.join("from-a").exists());
    }
}
