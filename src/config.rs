//! `site.toml`: parsed strictly into [`RawConfig`] (unknown keys and wrong
//! types are errors with line and column), then validated once into
//! [`Config`], whose paths are absolute.

use crate::error::{Diagnostic, Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub(crate) const FILE_NAME: &str = "site.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub output_dir: Option<PathBuf>,
    /// Where the notes are: `content` by default; `.` when the site folder
    /// is the vault; any other path, `~/…` and outside the site included.
    #[serde(default)]
    pub content_dir: Option<String>,
    /// Glob patterns (relative to the content folder) of files and folders
    /// to leave out: `["Templates/**", "private", "*.canvas"]`.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Raw HTML in notes: rendered, sanitised (the default), or with
    /// `false`, shown as text.
    #[serde(default)]
    pub allow_html: Option<bool>,
    /// Take a note's title from its first `# H1` when the frontmatter has
    /// none (instead of the file name, as Obsidian does).
    #[serde(default)]
    pub title_from_h1: bool,
    #[serde(default)]
    pub highlight: RawHighlight,
    /// Resized copies of images (`max_width`, `formats`).
    #[serde(default)]
    pub images: RawImages,
    /// Share previews (`cards`: a social card image per note).
    #[serde(default)]
    pub social: RawSocial,
    /// Above this many notes the sidebar lists sections only, so that pages
    /// of large sites stay small.
    #[serde(default)]
    pub nav_inline_limit: Option<usize>,
    /// How many notes each Atom feed holds (0: no feeds).
    #[serde(default)]
    pub feed_limit: Option<usize>,
    #[serde(default)]
    pub extra: toml::Table,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHighlight {
    pub light: Option<String>,
    pub dark: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawImages {
    pub max_width: Option<u32>,
    #[serde(default)]
    pub formats: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSocial {
    #[serde(default)]
    pub cards: bool,
}

/// The validated configuration the rest of Lore uses.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute path of the folder holding `site.toml`.
    pub(crate) root: PathBuf,
    pub(crate) title: String,
    pub(crate) description: String,
    /// Always ends with `/`.
    pub(crate) base_url: String,
    /// The path part of `base_url`, e.g. `/notes/`; `/` at a domain root.
    pub(crate) base_path: String,
    pub(crate) language: String,
    pub(crate) author: String,
    pub(crate) output_dir: PathBuf,
    /// Absolute path of the notes (`content_dir`).
    pub(crate) content: PathBuf,
    /// `exclude`, compiled.
    pub(crate) exclude: Option<globset::GlobSet>,
    pub(crate) allow_html: bool,
    pub(crate) title_from_h1: bool,
    pub(crate) highlight_light: String,
    pub(crate) highlight_dark: String,
    pub(crate) nav_inline_limit: usize,
    /// Notes per Atom feed; 0 turns feeds off.
    pub(crate) feed_limit: usize,
    /// `[images]`: resized copies.
    pub(crate) images: ImageSettings,
    /// `[social] cards`: a share image per note.
    pub(crate) social_cards: bool,
    pub(crate) extra: serde_json::Value,
}

/// The image settings of `site.toml` (`[images]`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct ImageSettings {
    /// Resized copies up to this width; `None`: no copies.
    pub max_width: Option<u32>,
    /// Formats of the copies (`webp`, `jpeg`, `png`); empty: the original's.
    pub formats: Vec<String>,
}

impl Config {
    pub(crate) fn content_dir(&self) -> PathBuf {
        self.content.clone()
    }
    /// How messages name a file of the content folder: `content/a.md`, or
    /// `a.md` when the site folder is the vault, or the whole path when
    /// the vault is elsewhere.
    pub(crate) fn content_path(&self, rel: &str) -> PathBuf {
        match self.content.strip_prefix(&self.root) {
            Ok(inside) => inside.join(rel),
            Err(_) => self.content.join(rel),
        }
    }
    pub(crate) fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    pub(crate) fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }
    /// Lore's cache folder (search index and the like), never published.
    pub(crate) fn cache_dir(&self) -> PathBuf {
        self.root.join(".lore")
    }
    /// A path relative to the site root, for messages.
    pub(crate) fn display_path<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// Whether `base_url` is a whole URL (`https://host/…`), as feeds,
    /// canonical links and share tags need.
    pub(crate) fn has_absolute_base(&self) -> bool {
        self.base_url.starts_with("https://") || self.base_url.starts_with("http://")
    }

    /// The absolute URL of a root-relative one (`a/b/`), when `base_url`
    /// is absolute.
    pub(crate) fn absolute_url(&self, url: &str) -> Option<String> {
        self.has_absolute_base()
            .then(|| format!("{}{}", self.base_url, crate::urls::encode_path(url)))
    }

    /// Replaces `base_url` (the `--base-url` flag).
    pub(crate) fn set_base_url(&mut self, url: &str) -> Result<(), Diagnostic> {
        let (base_url, base_path) =
            parse_base_url(url).map_err(|m| Diagnostic::error("--base-url", m))?;
        self.base_url = base_url;
        self.base_path = base_path;
        Ok(())
    }
}

/// Finds the site root: `start` or the nearest parent holding `site.toml`.
pub(crate) fn find_root(start: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(start).map_err(|e| Error::io("resolve", start, e))?;
    start
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).is_file())
        .map(Path::to_path_buf)
        .ok_or(Error::NoSiteRoot(start))
}

/// Reads and validates `<root>/site.toml`.
pub fn load(root: &Path) -> Result<Config> {
    let path = root.join(FILE_NAME);
    let text = crate::fs::read_to_string(&path)?;
    parse(root, &text).map_err(|d| Error::Build(crate::error::BuildFailed(vec![d])))
}

/// Parses `site.toml` text; errors point at the offending line and column.
pub(crate) fn parse(root: &Path, text: &str) -> Result<Config, Diagnostic> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::error(FILE_NAME, format!("invalid site.toml: {}", e.message()));
        match e.span() {
            Some(span) => d.at_offset(text, span.start),
            None => d,
        }
    })?;
    validate(root, raw, text)
}

fn validate(root: &Path, raw: RawConfig, text: &str) -> Result<Config, Diagnostic> {
    let key_error = |key: &str, msg: String| {
        let d = Diagnostic::error(FILE_NAME, msg);
        match find_key(text, key) {
            Some(off) => d.at_offset(text, off),
            None => d,
        }
    };
    if raw.title.trim().is_empty() {
        return Err(key_error("title", "`title` must not be empty".into()));
    }
    let (base_url, base_path) = parse_base_url(raw.base_url.as_deref().unwrap_or("/"))
        .map_err(|m| key_error("base_url", m))?;
    let output_dir = root.join(raw.output_dir.unwrap_or_else(|| PathBuf::from("public")));
    let content = match raw.content_dir.as_deref().map(str::trim) {
        None | Some("") => root.join("content"),
        Some(dir) => normalize(&root.join(expand_home(dir))),
    };
    let exclude = exclude_set(&raw.exclude).map_err(|m| key_error("exclude", m))?;
    let check_theme = |key: &str, name: Option<String>, default: &str| {
        let name = name.unwrap_or_else(|| default.to_owned());
        if crate::highlight::theme_exists(&name) {
            Ok(name)
        } else {
            Err(
                key_error(key, format!("unknown highlight theme `{name}`")).with_help(format!(
                    "available: {}",
                    crate::highlight::theme_names().join(", ")
                )),
            )
        }
    };
    Ok(Config {
        root: root.to_path_buf(),
        title: raw.title,
        description: raw.description,
        base_url,
        base_path,
        language: raw.language.unwrap_or_else(|| "en".into()),
        author: raw.author,
        output_dir: normalize(&output_dir),
        content,
        exclude,
        allow_html: raw.allow_html.unwrap_or(true),
        title_from_h1: raw.title_from_h1,
        highlight_light: check_theme(
            "light",
            raw.highlight.light,
            crate::highlight::DEFAULT_LIGHT,
        )?,
        highlight_dark: check_theme("dark", raw.highlight.dark, crate::highlight::DEFAULT_DARK)?,
        nav_inline_limit: raw.nav_inline_limit.unwrap_or(500),
        feed_limit: raw.feed_limit.unwrap_or(20),
        images: image_settings(raw.images).map_err(|m| key_error("formats", m))?,
        social_cards: raw.social.cards,
        extra: serde_json::to_value(&raw.extra).unwrap_or_default(),
    })
}

/// `[images]`, checked: known formats only, a sensible width.
fn image_settings(raw: RawImages) -> Result<ImageSettings, String> {
    for f in &raw.formats {
        if !matches!(f.as_str(), "webp" | "jpeg" | "jpg" | "png" | "original") {
            return Err(format!(
                "unknown image format `{f}` in [images] formats; use webp, jpeg, png or original"
            ));
        }
    }
    if raw.max_width.is_some_and(|w| w < 16) {
        return Err("[images] max_width must be at least 16 (pixels)".into());
    }
    Ok(ImageSettings {
        max_width: raw.max_width,
        formats: raw.formats,
    })
}

/// `~/x` -> `$HOME/x`; anything else as it is.
fn expand_home(dir: &str) -> PathBuf {
    match (dir.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ if dir == "~" => {
            std::env::var_os("HOME").map_or_else(|| PathBuf::from(dir), PathBuf::from)
        }
        _ => PathBuf::from(dir),
    }
}

/// Compiles `exclude` patterns; `None` when there are none.
fn exclude_set(patterns: &[String]) -> Result<Option<globset::GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut set = globset::GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim().trim_start_matches("./").trim_end_matches('/');
        let glob = globset::GlobBuilder::new(p)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid `exclude` pattern `{p}`: {e}"))?;
        set.add(glob);
    }
    set.build().map(Some).map_err(|e| e.to_string())
}

/// Splits a base URL into its normalised form and its path, both ending in
/// `/`. Accepts `https://host/sub/`, `http://…`, or a bare path like `/sub/`.
fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let path = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let host_end = rest.find('/').unwrap_or(rest.len());
        if host_end == 0 {
            return Err(format!("`base_url` has no host name: `{url}`"));
        }
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    } else if url.starts_with('/') {
        url
    } else {
        return Err(format!(
            "`base_url` must start with http://, https:// or `/`, not `{url}`"
        ));
    };
    // `//host/` is protocol-relative: another site's address, not a path.
    if path.starts_with("//") || path.contains('\\') {
        return Err(format!(
            "`base_url` must be an http(s):// URL or a path with one leading `/`, not `{url}`"
        ));
    }
    if path.contains(['?', '#', ' ']) {
        return Err(format!(
            "`base_url` must not contain a query, fragment or space: `{url}`"
        ));
    }
    let with_slash = |s: &str| {
        if s.ends_with('/') {
            s.to_owned()
        } else {
            format!("{s}/")
        }
    };
    Ok((with_slash(url), with_slash(path)))
}

/// Byte offset of `key =` at the start of a line, for error positions.
fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(offset + (line.len() - t.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// Removes `.` and `..` components without touching the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_sub_path() {
        assert_eq!(
            parse_base_url("https://user.github.io/notes").unwrap(),
            ("https://user.github.io/notes/".into(), "/notes/".into())
        );
        assert_eq!(parse_base_url("https://x.org").unwrap().1, "/");
        assert!(parse_base_url("ftp://x").is_err());
    }

    #[test]
    fn base_url_is_never_another_host_in_disguise() {
        for bad in [
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "https:///x/",
            "https://x.org//evil/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_base_url("/notes").unwrap().1, "/notes/");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = parse(Path::new("/s"), "title = \"x\"\n\ncolour = 1\n").unwrap_err();
        assert_eq!(err.location(), "site.toml:3:1");
        assert!(err.message.contains("colour"), "{}", err.message);
    }
}
