//! `lore serve` on a real loopback port: pages, 404s, traversal and Host
//! checks.

use crate::support::{Site, LORE};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `lore serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    log: tempfile::NamedTempFile,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
            eprintln!("--- lore serve log ---\n{log}");
        }
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    pub fn start(root: &std::path::Path) -> Server {
        Server::start_with(root, &[])
    }

    /// `lore serve` with more arguments (`--bind …`).
    pub fn start_with(root: &std::path::Path, args: &[&str]) -> Server {
        Server::start_env(root, args, &[])
    }

    /// `lore serve` with more arguments and environment variables.
    pub fn start_env(root: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().unwrap();
        let child = Command::new(LORE)
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap();
        let server = Server { child, port, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "server did not start");
            std::thread::yield_now();
        }
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

#[test]
fn serves_pages_assets_and_the_404_page() {
    let site = Site::new();
    site.note("etcd.md", "# etcd\n\nBackups.\n");
    let server = Server::start(site.root());
    let (status, body) = server.get("/etcd/");
    assert_eq!(status, 200);
    assert!(
        body.contains("content-type: text/html; charset=utf-8"),
        "{body}"
    );
    assert!(body.contains("Backups."));
    assert_eq!(server.get("/etcd").0, 308);
    let (status, css) = server.get("/static/lore.css");
    assert_eq!(status, 200);
    assert!(css.contains("content-type: text/css"));
    let (status, body) = server.get("/nope/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404 page is served");
    assert!(!body.to_lowercase().contains("access-control-allow-origin"));
    // The served site was never written to disk.
    assert!(!site.public().exists());
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = Site::new();
    site.note("a.md", "A");
    site.write("secret.txt", "top secret");
    let server = Server::start(site.root());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/a/..%5c..%5csecret.txt",
        "/site.toml",
        "/content/a.md",
    ] {
        let (status, body) = server.get(path);
        assert_ne!(status, 200, "{path}");
        assert!(!body.contains("top secret"), "{path}");
    }
}

#[test]
fn foreign_hosts_and_other_methods_are_refused() {
    let site = Site::new();
    site.note("a.md", "A");
    let server = Server::start(site.root());
    assert_eq!(server.request("GET", "/", "evil.example:1111").0, 403);
    assert_eq!(
        server
            .request("GET", "/", &format!("localhost:{}", server.port))
            .0,
        200
    );
    assert_eq!(server.request("POST", "/", "127.0.0.1").0, 405);
    let (status, head) = server.request("HEAD", "/a/", "127.0.0.1");
    assert_eq!(status, 200);
    assert!(!head.contains("<html"));
}

/// `GET //a` answered `Location: //a/`: a redirect to the host `a`.
#[test]
fn folder_redirects_stay_on_this_server() {
    let site = Site::new();
    site.note("a.md", "A");
    let server = Server::start(site.root());
    for path in ["//a", "///a", "/a"] {
        let (status, head) = server.get(path);
        assert_eq!(status, 308, "{path}");
        assert!(head.contains("location: /a/\r\n"), "{path}: {head}");
    }
}

/// With `--bind 0.0.0.0` other machines reach the server by this
/// machine's name or addresses: those Host headers are accepted, foreign
/// ones still refused, and Lore warns that the site is on the network.
#[test]
fn a_network_bind_accepts_this_machines_names_and_warns() {
    let site = Site::new();
    site.note("a.md", "A");
    let server = Server::start_with(site.root(), &["--bind", "0.0.0.0"]);
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let port = server.port;
    assert_eq!(
        server
            .request("GET", "/a/", &format!("{}:{port}", host.trim()))
            .0,
        200
    );
    assert_eq!(
        server.request("GET", "/a/", &format!("127.0.0.1:{port}")).0,
        200
    );
    assert_eq!(
        server
            .request("GET", "/a/", &format!("evil.example:{port}"))
            .0,
        403
    );
    // Every address of this machine's interfaces (from the kernel's list).
    let ours: Vec<String> = std::fs::read_to_string("/proc/net/fib_trie")
        .unwrap_or_default()
        .lines()
        .collect::<Vec<_>>()
        .windows(2)
        .filter(|w| w[1].contains("/32 host LOCAL"))
        .filter_map(|w| w[0].trim().strip_prefix("|-- ").map(str::to_owned))
        .collect();
    for ip in &ours {
        assert_eq!(
            server.request("GET", "/a/", &format!("{ip}:{port}")).0,
            200,
            "{ip}"
        );
    }
    assert!(
        server
            .log()
            .contains("reachable from other machines on the network"),
        "{}",
        server.log()
    );
}

#[test]
fn a_loopback_bind_does_not_accept_this_machines_name() {
    let site = Site::new();
    site.note("a.md", "A");
    let server = Server::start(site.root());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let port = server.port;
    assert_eq!(
        server
            .request("GET", "/a/", &format!("{}:{port}", host.trim()))
            .0,
        403
    );
}

/// When the first build fails there is no last good build: the page and
/// the terminal say so.
#[test]
fn a_first_build_that_fails_does_not_claim_a_last_good_build() {
    let site = Site::new();
    site.note("a.md", "A")
        .write("templates/note.html", "{{ note.title }");
    let server = Server::start(site.root());
    let (status, body) = server.get("/a/");
    assert_eq!(status, 500);
    assert!(body.contains("there is no good build to show"), "{body}");
    let log = server.log();
    assert!(log.contains("there is no good build to serve yet"), "{log}");
    assert!(!log.contains("last good"), "{log}");
}
