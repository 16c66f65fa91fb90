//! Real-browser checks of the default theme, and what every Chromium check
//! runs on: builds a copy of the repo's own site, serves it with `lore
//! serve`, and runs `tests/browser/smoke.mjs` (headless Debian Chromium
//! through playwright-core) against both the built folder (file://) and the
//! server (http://); `live.mjs` checks live reload and `search.mjs` the
//! search box (from file://, on a fixture site and on the repo's own
//! notes). Screenshots land in `target/browser-shots/`.
//!
//! Needs `node`, `tests/browser/node_modules` and `/usr/bin/chromium`: when
//! one is missing the test fails and says to run `.ci/deps`.

use crate::support::{Server, Site};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
pub(crate) const SMOKE_TIMEOUT: Duration = Duration::from_secs(300);

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Fails (never skips) when the browser toolchain is not installed.
pub(crate) fn require_browser_deps() -> PathBuf {
    let browser_dir = manifest_dir().join("tests/browser");
    let mut missing = Vec::new();
    if !browser_dir.join("node_modules/playwright-core").is_dir() {
        missing.push(format!(
            "{}/node_modules/playwright-core",
            browser_dir.display()
        ));
    }
    if !Path::new(CHROMIUM).exists() {
        missing.push(CHROMIUM.to_owned());
    }
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => missing.push("node (on PATH)".to_owned()),
    }
    assert!(
        missing.is_empty(),
        "browser tests need {}: run `.ci/deps` (installs chromium and runs `npm ci` in tests/browser)",
        missing.join(", ")
    );
    browser_dir
}

/// Kills the child process when dropped, so a failing test leaves no server behind.
struct KillOnDrop {
    name: &'static str,
    child: Child,
}

impl KillOnDrop {
    fn spawn(name: &'static str, command: &mut Command) -> Self {
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {name}: {e}"));
        KillOnDrop { name, child }
    }

    /// `Some(status)` if the process has already exited.
    fn exited(&mut self) -> Option<ExitStatus> {
        self.child
            .try_wait()
            .unwrap_or_else(|e| panic!("could not poll {}: {e}", self.name))
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

fn read_log(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| format!("(could not read {}: {e})", path.display()))
}

/// Runs a command to completion with its output in files, killing it after `timeout`.
/// Returns (status, stdout, stderr).
pub(crate) fn run_logged(
    name: &'static str,
    command: &mut Command,
    logs: &Path,
    timeout: Duration,
) -> (ExitStatus, String, String) {
    let out_path = logs.join(format!("{name}.stdout"));
    let err_path = logs.join(format!("{name}.stderr"));
    command
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("create stdout log"))
        .stderr(File::create(&err_path).expect("create stderr log"));
    let mut child = KillOnDrop::spawn(name, command);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.exited() {
            break status;
        }
        if start.elapsed() > timeout {
            drop(child);
            panic!(
                "{name} did not finish within {timeout:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                read_log(&out_path),
                read_log(&err_path)
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (status, read_log(&out_path), read_log(&err_path))
}

#[test]
fn default_theme_works_in_chromium_from_file_and_http() {
    let shots = manifest_dir().join("target/browser-shots");

    // 1. The repo's own site, built to a folder (for file:// checks).
    let site = Site::repository();
    site.build();

    // 2. The same site served over http.
    let server = Server::start(site.root());

    // 3. The browser checks.
    let started = Instant::now();
    let stdout = node_check(
        "smoke",
        node("smoke.mjs")
            .arg("--site-dir")
            .arg(site.public())
            .arg("--server")
            .arg(&server.url)
            .arg("--shots")
            .arg(&shots),
    );
    println!(
        "{stdout}browser checks took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
}

#[test]
fn an_open_page_reloads_after_an_edit_and_shows_the_error_overlay() {
    let site = Site::with_config("title = \"Live\"\n");
    site.note(
        "a.md",
        &format!(
            "---\ntitle: Alpha\n---\nFirst version.\n\n{}",
            "Filler line to scroll past.\n\n".repeat(80)
        ),
    );
    std::fs::create_dir_all(site.root().join("templates")).unwrap();
    let server = Server::start(site.root());
    node_check(
        "live",
        node("live.mjs")
            .arg("--server")
            .arg(&server.url)
            .arg("--note")
            .arg(site.root().join("content/a.md"))
            .arg("--template")
            .arg(site.root().join("templates/note.html")),
    );
}

/// The notes `tests/browser/search.mjs` expects in its fixture site.
const SEARCH_FIXTURE: &[(&str, &str)] = &[
    (
        "nebula.md",
        "---\ntitle: Nebula backups\ntopics: [space]\n---\n\
         How to back up a nebula: take snapshots of the nebula often. Backups of nebulae \
         are restored with `nebula restore --from backup.snap`.\n\n\
         ## Restoring\n\nRestore the backup onto a fresh star. Backing up is cheap.\n",
    ),
    (
        "galaxy.md",
        "---\ntitle: Galaxy\n---\nA galaxy holds many stars and a nebula or two. See [[Nebula backups]].\n",
    ),
    (
        "breaker.md",
        "---\ntitle: Script breaker\n---\n\
         A body with </script> inside it and `</script>` in code, and a line\u{2028}separator, \
         about nebula backups.\n\n```html\n<script>alert(2)</script> nebula\n```\n",
    ),
    (
        "xss.md",
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\nThis note has a hostile title. Quasar observations live here.\n",
    ),
];

#[test]
fn search_works_in_chromium_from_file() {
    let fixture = Site::new();
    for (name, text) in SEARCH_FIXTURE {
        fixture.note(name, text);
    }
    fixture.build();
    let default_site = Site::repository();
    default_site.build();
    let stdout = node_check(
        "search",
        node("search.mjs")
            .arg("--fixture")
            .arg(fixture.public())
            .arg("--default")
            .arg(default_site.public())
            .arg("--shots")
            .arg(manifest_dir().join("target/browser-shots")),
    );
    println!("{stdout}");
}

/// `node <script>` in `tests/browser/`, once its dependencies are there.
pub(crate) fn node(script: &str) -> Command {
    let mut command = Command::new("node");
    command.current_dir(require_browser_deps()).arg(script);
    command
}

/// Runs a browser check to its end (within [`SMOKE_TIMEOUT`]) and fails the
/// test with its whole output unless it succeeded; returns what it printed.
pub(crate) fn node_check(name: &'static str, command: &mut Command) -> String {
    let logs = tempfile::tempdir().expect("temp dir");
    let (status, stdout, stderr) = run_logged(name, command, logs.path(), SMOKE_TIMEOUT);
    assert!(
        status.success(),
        "{name} checks failed ({status}): {command:?}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    stdout
}

/// Runs `tests/browser/<script>` (Chromium, file://) on the built fixture.
pub(crate) fn run_browser_checks(script: &str, site: &Site) {
    let stdout = node_check(
        "browser checks",
        node(script)
            .arg("--site-dir")
            .arg(site.public())
            .arg("--shots")
            .arg(manifest_dir().join("target/browser-shots")),
    );
    println!("{stdout}");
}
