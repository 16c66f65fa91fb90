//! The only writer to the output folder. A build is written to a staging
//! folder beside the output and swapped in whole, so a failed or
//! interrupted build leaves the previous output as it was. Lore only ever
//! deletes folders that carry its marker file: never a user's files.

use crate::config::Config;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Marks a folder as Lore's output, safe to replace.
pub const MARKER: &str = ".lore-output";

#[derive(Debug, Default)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
}

/// Refuses output folders that would clobber the site or a user's files.
pub fn check_output(config: &Config, output: &Path) -> Result<()> {
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

/// Writes `files` as the new content of `output`, atomically swapped in.
pub fn write_site(
    config: &Config,
    output: &Path,
    files: &BTreeMap<String, bytes::Bytes>,
) -> Result<WriteStats> {
    check_output(config, output)?;
    let parent = output
        .parent()
        .ok_or_else(|| Error::Other("the output folder has no parent".into()))?;
    crate::fs::create_dir_all(parent)?;
    let name = output
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.lore-staging"));
    let old = parent.join(format!(".{name}.lore-old"));
    for leftover in [&staging, &old] {
        remove_own_dir(leftover)?;
    }
    crate::fs::create_dir_all(&staging)?;
    std::fs::write(
        staging.join(MARKER),
        b"This folder is written by Lore; it replaces it whole on every build.\n",
    )
    .map_err(|e| Error::io("write", &staging.join(MARKER), e))?;
    let stats = fill(&staging, output, files);
    let stats = match stats {
        Ok(s) => s,
        Err(e) => {
            let _ = remove_own_dir(&staging);
            return Err(e);
        }
    };
    if output.exists() {
        std::fs::rename(output, &old).map_err(|e| Error::io("move aside", output, e))?;
    }
    if let Err(e) = std::fs::rename(&staging, output) {
        if old.exists() {
            let _ = std::fs::rename(&old, output);
        }
        return Err(Error::io("move into place", output, e));
    }
    remove_own_dir(&old)?;
    Ok(stats)
}

/// Writes every file into `staging`. A file whose bytes equal the previous
/// output's is hard-linked instead, so it keeps its modification time.
fn fill(
    staging: &Path,
    previous: &Path,
    files: &BTreeMap<String, bytes::Bytes>,
) -> Result<WriteStats> {
    use rayon::prelude::*;
    let mut dirs: Vec<PathBuf> = files
        .keys()
        .filter_map(|k| Path::new(k).parent().map(|p| staging.join(p)))
        .collect();
    dirs.dedup();
    for d in &dirs {
        crate::fs::create_dir_all(d)?;
    }
    let unchanged: Result<Vec<bool>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let dest = staging.join(rel);
            let prev = previous.join(rel);
            let same = std::fs::metadata(&prev).is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(&prev).is_ok_and(|b| b[..] == bytes[..]);
            if same && std::fs::hard_link(&prev, &dest).is_ok() {
                return Ok(true);
            }
            std::fs::write(&dest, bytes).map_err(|e| Error::io("write", &dest, e))?;
            Ok(false)
        })
        .collect();
    let unchanged = unchanged?;
    let n = unchanged.iter().filter(|u| **u).count();
    Ok(WriteStats {
        written: unchanged.len() - n,
        unchanged: n,
    })
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
