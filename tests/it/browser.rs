//! Real-browser checks of the default theme: builds the repo's own site,
//! serves it with `lore serve`, and runs `tests/browser/smoke.mjs` (headless
//! Debian Chromium through playwright-core) against both the built folder
//! (file://) and the server (http://); `live.mjs` checks live reload and
//! `search.mjs` the search box (from file://, on a fixture site and on the
//! repo's own notes). Screenshots land in `target/browser-shots/`.
//!
//! Needs `node`, `tests/browser/node_modules` and `/usr/bin/chromium`: when
//! one is missing the test fails and says to run `.ci/deps`.

use std::fs::File;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const SERVER_START_TIMEOUT: Duration = Duration::from_secs(30);
pub(crate) const SMOKE_TIMEOUT: Duration = Duration::from_secs(300);

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn lore() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lore"))
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

/// A port that was free a moment ago.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local address").port()
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

/// Polls a TCP connect until the server accepts, or fails after the timeout
/// (or as soon as the server process exits).
fn wait_for_server(server: &mut KillOnDrop, port: u16, log: &Path) {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    loop {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            Ok(_) => return,
            Err(e)
                if e.kind() == ErrorKind::ConnectionRefused || e.kind() == ErrorKind::TimedOut => {}
            Err(e) => panic!("connecting to {addr}: {e}"),
        }
        if let Some(status) = server.exited() {
            panic!(
                "`lore serve` exited ({status}) before listening on {addr}:\n{}",
                read_log(log)
            );
        }
        assert!(
            start.elapsed() < SERVER_START_TIMEOUT,
            "`lore serve` did not listen on {addr} within {SERVER_START_TIMEOUT:?}:\n{}",
            read_log(log)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
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
    let browser_dir = require_browser_deps();
    let tmp = tempfile::tempdir().expect("temp dir");
    let site_dir = tmp.path().join("public");
    let shots = manifest_dir().join("target/browser-shots");

    // 1. The repo's own site, built to a folder (for file:// checks).
    let build = lore()
        .arg("build")
        .arg("--root")
        .arg(manifest_dir())
        .arg("--output")
        .arg(&site_dir)
        .output()
        .expect("run lore build");
    assert!(
        build.status.success(),
        "lore build failed ({})\n--- stdout ---\n{}\n--- stderr ---\n{}",
        build.status,
        String::from_utf8_lossy(&build.stdout),
        String::from_utf8_lossy(&build.stderr)
    );

    // 2. The same site served over http.
    let port = free_port();
    let serve_log = tmp.path().join("serve.log");
    let log_file = File::create(&serve_log).expect("create serve log");
    let mut server = KillOnDrop::spawn(
        "lore serve",
        lore()
            .arg("serve")
            .arg("--root")
            .arg(manifest_dir())
            .arg("--port")
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone log handle"))
            .stderr(log_file),
    );
    wait_for_server(&mut server, port, &serve_log);

    // 3. The browser checks.
    let started = Instant::now();
    let (status, stdout, stderr) = run_logged(
        "smoke",
        Command::new("node")
            .current_dir(&browser_dir)
            .arg("smoke.mjs")
            .arg("--site-dir")
            .arg(&site_dir)
            .arg("--server")
            .arg(format!("http://127.0.0.1:{port}/"))
            .arg("--shots")
            .arg(&shots),
        tmp.path(),
        SMOKE_TIMEOUT,
    );
    drop(server);
    assert!(
        status.success(),
        "browser smoke checks failed ({status})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- lore serve log ---\n{}",
        read_log(&serve_log)
    );
    println!(
        "{stdout}browser checks took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
}

#[test]
fn an_open_page_reloads_after_an_edit_and_shows_the_error_overlay() {
    let browser_dir = require_browser_deps();
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::fs::write(site.join("site.toml"), "title = \"Live\"\n").unwrap();
    let note = site.join("content/a.md");
    std::fs::write(
        &note,
        format!(
            "---\ntitle: Alpha\n---\nFirst version.\n\n{}",
            "Filler line to scroll past.\n\n".repeat(80)
        ),
    )
    .unwrap();
    let port = free_port();
    let serve_log = tmp.path().join("serve.log");
    let mut server = KillOnDrop::spawn(
        "lore serve",
        lore()
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(&site)
            .stdout(Stdio::null())
            .stderr(File::create(&serve_log).unwrap()),
    );
    wait_for_server(&mut server, port, &serve_log);
    let (status, stdout, stderr) = run_logged(
        "live",
        Command::new("node")
            .current_dir(&browser_dir)
            .arg("live.mjs")
            .arg("--server")
            .arg(format!("http://127.0.0.1:{port}/"))
            .arg("--note")
            .arg(&note)
            .arg("--template")
            .arg(site.join("templates/note.html")),
        tmp.path(),
        SMOKE_TIMEOUT,
    );
    drop(server);
    assert!(
        status.success(),
        "live reload checks failed ({status})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}\n--- lore serve log ---\n{}",
        read_log(&serve_log)
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
    let browser_dir = require_browser_deps();
    let fixture = crate::support::Site::new();
    for (name, text) in SEARCH_FIXTURE {
        fixture.note(name, text);
    }
    fixture.build();
    let tmp = tempfile::tempdir().expect("temp dir");
    let default_site = tmp.path().join("default");
    let build = lore()
        .arg("build")
        .arg("--root")
        .arg(manifest_dir())
        .arg("--output")
        .arg(&default_site)
        .output()
        .expect("run lore build");
    assert!(
        build.status.success(),
        "lore build of the default content failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let (status, stdout, stderr) = run_logged(
        "search",
        Command::new("node")
            .current_dir(&browser_dir)
            .arg("search.mjs")
            .arg("--fixture")
            .arg(fixture.public())
            .arg("--default")
            .arg(&default_site)
            .arg("--shots")
            .arg(manifest_dir().join("target/browser-shots")),
        tmp.path(),
        SMOKE_TIMEOUT,
    );
    assert!(
        status.success(),
        "search checks failed ({status})\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
    );
    println!("{stdout}");
}
