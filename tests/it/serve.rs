//! `lore serve` on a real loopback port: pages, 404s, traversal and Host
//! checks.

use crate::support::{Server, Site};

#[test]
fn serves_pages_assets_and_the_404_page() {
    let site = Site::new();
    site.note("etcd.md", "# etcd\n\nBackups.\n");
    // `--port 0`: the system picks a free port and the server prints it.
    let server = Server::start(site.root());
    assert_ne!(server.port, 0);
    assert_eq!(server.url, format!("http://127.0.0.1:{}/", server.port));
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
