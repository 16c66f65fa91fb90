//! A small DSL for fixture sites: `Site::new().note("a.md", "...").build()`,
//! a running `lore serve` ([`Server`]) and bounded waits ([`wait_for`]).
//! Shared by both test targets (`tests/it`, `tests/heavy`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const LORE: &str = env!("CARGO_BIN_EXE_lore");

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site in a temporary folder.
pub struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// A site with a minimal site.toml and no notes.
    pub fn new() -> Self {
        Self::with_config("title = \"Test notes\"\n")
    }

    pub fn with_config(site_toml: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let site = Site { dir };
        site.write("site.toml", site_toml);
        site
    }

    /// A copy of the repository's own site (its `site.toml`, `content/`,
    /// `templates/` and `static/`): tests never build the repository itself,
    /// where parallel builds would share `.lore/` and `public/`.
    pub fn repository() -> Self {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_repository_site(site.root());
        site
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Self {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        copy_dir(&repo_root().join("tests/fixtures").join(name), site.root());
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        self
    }

    /// Writes `content/<rel>`.
    pub fn note(&self, rel: &str, text: &str) -> &Self {
        self.write(&format!("content/{rel}"), text)
    }

    /// Runs `lore <args> --root <site>`.
    pub fn lore(&self, args: &[&str]) -> Output {
        Command::new(LORE)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .expect("run lore")
    }

    /// Runs `lore <args> --root <site>`, killing it (and failing the test)
    /// if it has not finished within `timeout`: for inputs that used to hang.
    pub fn lore_within(&self, args: &[&str], timeout: std::time::Duration) -> Output {
        let child = Command::new(LORE)
            .args(args)
            .arg("--root")
            .arg(self.root())
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run lore");
        let pid = child.id() as libc::pid_t;
        let (send, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(child.wait_with_output()));
        match finished.recv_timeout(timeout) {
            Ok(out) => out.expect("wait for lore"),
            Err(_) => {
                // SAFETY: kill(2) on the pid of our own child, not yet reaped.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                panic!("lore {args:?} did not finish within {timeout:?}");
            }
        }
    }

    /// `lore build`, which must succeed; returns stderr.
    pub fn build(&self) -> String {
        self.build_with(&[])
    }

    pub fn build_with(&self, extra: &[&str]) -> String {
        let mut args = vec!["build"];
        args.extend_from_slice(extra);
        let out = self.lore(&args);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "lore build failed:\n{stderr}");
        stderr
    }

    /// `lore build`, which must fail; returns stderr.
    pub fn build_fails(&self) -> String {
        let out = self.lore(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            !out.status.success(),
            "lore build should have failed:\n{stderr}"
        );
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        stderr
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// A file of the output, as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }
}

/// How often [`wait_for`] polls.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

/// Polls `poll` (every 20 ms) until it gives `Ok`, and fails the test if it
/// has not within `timeout`, saying what it waited for and what it last saw
/// instead (the `Err`). For what a test can only observe, never be told of.
pub fn wait_for<T>(
    timeout: Duration,
    what: &str,
    mut poll: impl FnMut() -> Result<T, String>,
) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        match poll() {
            Ok(value) => return value,
            Err(seen) => assert!(
                Instant::now() < deadline,
                "waited {timeout:?} for {what}; last saw: {seen}"
            ),
        }
        std::thread::sleep(POLL_INTERVAL);
    }
}

/// How long `lore serve` may take to build and print its address.
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `lore serve` on a port the system picked (`--port 0`), killed
/// when dropped; its log is printed if the test fails.
pub struct Server {
    child: Child,
    /// The port it listens on, read from the address it printed.
    pub port: u16,
    /// The address it printed (`http://127.0.0.1:<port>/` on loopback).
    pub url: String,
    log: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("--- lore serve log ---\n{}", self.log());
        }
    }
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// `lore serve` with more arguments (`--bind …`).
    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        Server::start_env(root, args, &[])
    }

    /// `lore serve` with more arguments and environment variables. Returns
    /// once the first build is served: when the server prints its address.
    pub fn start_env(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = Command::new(LORE)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(args)
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("run lore serve");
        let mut server = Server {
            child,
            port: 0,
            url: String::new(),
            log,
        };
        server.url = wait_for(
            SERVER_START_TIMEOUT,
            "`lore serve` to print its address",
            || {
                let log = server.log();
                if let Some(status) = server.child.try_wait().unwrap() {
                    panic!("`lore serve` exited ({status}) before serving");
                }
                served_url(&log).ok_or(log)
            },
        );
        server.port = server
            .url
            .trim_end_matches('/')
            .rsplit_once(':')
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("no port in `{}`", server.url));
        server
    }

    /// A raw HTTP/1.1 request; returns (status, headers+body text).
    pub fn request(&self, method: &str, path: &str, host: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, text)
    }

    /// What `lore serve` printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        self.request("GET", path, &format!("127.0.0.1:{}", self.port))
    }
}

/// The address in `lore serve`'s `Serving <title> at <url> (Ctrl-C to stop)`.
fn served_url(log: &str) -> Option<String> {
    log.lines()
        .filter(|line| line.starts_with("Serving ") && line.ends_with(" (Ctrl-C to stop)"))
        .find_map(|line| line.rsplit_once(" at ")?.1.split(' ').next())
        .map(str::to_owned)
}

/// Copies the repository's own site (`site.toml`, `content/`, `templates/`,
/// `static/`) to `to`: see [`Site::repository`].
pub fn copy_repository_site(to: &Path) {
    for dir in ["content", "templates", "static"] {
        copy_dir(&repo_root().join(dir), &to.join(dir));
    }
    std::fs::copy(repo_root().join("site.toml"), to.join("site.toml")).unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

/// Every file under `dir`, as `/`-separated relative paths.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &entry.path(), out);
            } else {
                out.push(
                    entry
                        .path()
                        .strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every `href` and `src` attribute value of an HTML page, entities decoded.
pub fn links_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(decode_entities(&rest[..end]));
            rest = &rest[end..];
        }
    }
    out
}

pub fn decode_entities(s: &str) -> String {
    s.replace("&#x2F;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Resolves a relative link of the page at `page` (a file path relative to
/// the output) to the output file it opens from disk (`dir/` -> `dir/index.html`).
/// `None` for external links and pure fragments.
pub fn target_file(page: &str, href: &str) -> Option<String> {
    if href.is_empty()
        || href.starts_with('#')
        || href.contains("://")
        || href.starts_with("mailto:")
        || href.starts_with("//")
    {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "`{href}` in {page} climbs out of the site"
                );
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || path == "." || path.is_empty() {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Some(percent_decode(&file))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Asserts that every relative link and asset of every page of `out`
/// points at a file that exists (what opening the site from disk needs).
pub fn assert_all_links_resolve(out: &Path) {
    let files = files_under(out);
    let mut checked = 0;
    // 404.html is served by the host at any depth, so it links absolutely.
    for page in files
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for href in links_of(&html) {
            if let Some(target) = target_file(page, &href) {
                assert!(
                    out.join(&target).is_file(),
                    "{page}: link `{href}` -> `{target}` does not exist"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no links were checked");
}

/// What a reader of the published site would trip over: links and
/// sources that lead nowhere, links to anchors that are not there (and are
/// not marked broken), and Obsidian syntax shown raw outside code.
#[derive(Debug, Default)]
pub struct Audit {
    pub dead: Vec<String>,
    pub missing_anchors: Vec<String>,
    pub raw_syntax: Vec<String>,
    pub pages: usize,
}

impl Audit {
    pub fn assert_clean(&self) {
        assert!(self.pages > 0, "no page was audited");
        assert!(
            self.dead.is_empty() && self.missing_anchors.is_empty() && self.raw_syntax.is_empty(),
            "{self:#?}"
        );
    }
}

/// Audits every page of the output folder `out` (see [`Audit`]).
pub fn audit(out: &Path) -> Audit {
    let mut audit = Audit::default();
    let files = files_under(out);
    let mut ids: std::collections::HashMap<String, Vec<String>> = Default::default();
    for page in files
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        audit.pages += 1;
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for (tag, url) in tags_with_urls(&html) {
            let Some(target) = target_file(page, &url) else {
                continue;
            };
            if !out.join(&target).is_file() {
                audit.dead.push(format!("{page}: {url}"));
                continue;
            }
            let Some(fragment) = url.split_once('#').map(|(_, f)| percent_decode(f)) else {
                continue;
            };
            if fragment.is_empty() || !target.ends_with(".html") || tag.contains("broken-anchor") {
                continue;
            }
            let known = ids.entry(target.clone()).or_insert_with(|| {
                let text = std::fs::read_to_string(out.join(&target)).unwrap_or_default();
                element_ids(&text)
            });
            if !known.contains(&fragment) {
                audit.missing_anchors.push(format!("{page}: {url}"));
            }
        }
        let text = visible_text(&html);
        for pattern in ["[[", "]]", "%%", "==", "[!", "^[", "<%", "<!--"] {
            if let Some(at) = text.find(pattern) {
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(30)
                    .map_or(0, |(i, _)| i);
                let to = (at + 40).min(text.len());
                let to = (to..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                audit
                    .raw_syntax
                    .push(format!("{page}: `{pattern}` in “{}”", &text[from..to]));
            }
        }
        for word in text.split_whitespace() {
            let id = word.strip_prefix('^').unwrap_or("");
            if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                audit
                    .raw_syntax
                    .push(format!("{page}: block id `{word}` shown"));
            }
        }
    }
    audit
}

/// Each tag's text and its `href`/`src` value (entities decoded).
fn tags_with_urls(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        for (i, _) in html.match_indices(attr) {
            let tag_start = html[..i].rfind('<').unwrap_or(0);
            let tag_end = html[i..].find('>').map_or(html.len(), |e| i + e);
            let value_start = i + attr.len();
            let value_end = html[value_start..]
                .find('"')
                .map_or(html.len(), |e| value_start + e);
            out.push((
                html[tag_start..tag_end].to_owned(),
                decode_entities(&html[value_start..value_end]),
            ));
        }
    }
    out
}

/// Every `id="…"` of a page.
fn element_ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .map(|(i, m)| {
            let start = i + m.len();
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            decode_entities(&html[start..end])
        })
        .collect()
}

/// The text a reader sees, outside code, scripts and styles.
fn visible_text(html: &str) -> String {
    let mut text = html.to_owned();
    for (open, close) in [
        ("<pre", "</pre>"),
        ("<code", "</code>"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<head", "</head>"),
        ("<math", "</math>"),
    ] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode_entities(&out)
}

/// Every `.rs` file under `dir`, sorted (the code checks: sizes, the
/// module graph).
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}
