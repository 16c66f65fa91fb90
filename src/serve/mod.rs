//! `lore serve`'s library side: the site served from memory, rebuilt on
//! every change the watcher reports, with open pages told to reload.
//!
//! - this module: what is served ([`Files`] of typed [`Body`]s), the
//!   shared [`ServeState`] swapped whole after each good build, and the
//!   live-reload messages ([`Live`]);
//! - [`DevServer`] (`rebuild.rs`): the first build, the watcher's thread
//!   and one rebuild per batch of changes; a failed build (or a panic)
//!   keeps the last good files and shows its diagnostics in an overlay;
//! - `search.rs`: the thread that keeps `/api/search`'s index and the
//!   pages' exported index up to date;
//! - `http.rs`: the axum routes, and [`Listener`] (the socket and the
//!   runtime); `hosts.rs`: the Host and Origin checks (DNS rebinding).
//!
//! It prints nothing: what a command shows comes as [`Event`]s.
//!
//! Live reload: pages served here carry [`LIVE_SCRIPT`], which listens on
//! the server-sent events of `/__lore/events`: `reload` (with the changed
//! pages), `css` (only stylesheets changed: swap them without a reload),
//! `build-error` (diagnostics for the overlay) and `ok` (the error is
//! fixed).

mod hosts;
mod http;
mod rebuild;
mod search;

pub(crate) use http::{router, Listener};
pub(crate) use rebuild::{DevServer, Event, Reporter, Settings};

use axum::response::sse::Event as SseEvent;
use bytes::Bytes;
use hosts::{is_loopback, machine_names};
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;

/// A served file's bytes, as the server holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    /// As they go to the client.
    Plain(Bytes),
    /// Gzip data ([`crate::gzip`]): pages and the search export, held
    /// compressed (a 10,000-note site's pages are ~450 MB of HTML); sent
    /// as they are to clients that take gzip, inflated for the others.
    Gzip(Bytes),
}

impl Body {
    /// The same bytes in the same encoding. Unchanged files come back from
    /// the workspace as the same buffers: comparing pointers first spares
    /// comparing the whole site's bytes.
    fn same(&self, other: &Body) -> bool {
        let same_bytes =
            |a: &Bytes, b: &Bytes| (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b;
        match (self, other) {
            (Body::Plain(a), Body::Plain(b)) | (Body::Gzip(a), Body::Gzip(b)) => same_bytes(a, b),
            _ => false,
        }
    }

    /// What to send a client (which takes gzip, or not), and whether it
    /// is gzip data.
    fn for_client(&self, gzip_ok: bool) -> (Bytes, bool) {
        match self {
            Body::Plain(bytes) => (bytes.clone(), false),
            Body::Gzip(bytes) if gzip_ok => (bytes.clone(), true),
            Body::Gzip(bytes) => match crate::gzip::inflate(bytes) {
                Some(text) => (Bytes::from(text), false),
                // Not ours to fail on: the bytes as they are, labelled.
                None => (bytes.clone(), true),
            },
        }
    }
}

/// Output path -> body: what the server serves.
pub(crate) type Files = BTreeMap<String, Body>;

/// A build's files as the server holds them: every file as it is, the
/// pages the build gave gzip-compressed (`BuildOptions::gzip_pages`) as
/// gzip.
pub(crate) fn files_of(plain: BTreeMap<String, Bytes>, gzipped: BTreeMap<String, Bytes>) -> Files {
    // The pages are most of a site: the map is built from them in one
    // pass, then the other files go in.
    let mut files: Files = gzipped
        .into_iter()
        .map(|(k, v)| (k, Body::Gzip(v)))
        .collect();
    files.extend(plain.into_iter().map(|(k, v)| (k, Body::Plain(v))));
    files
}

/// What the server shares between requests: the current site, swapped
/// whole after each good build.
pub(crate) struct ServeState {
    files: RwLock<Arc<Files>>,
    /// Host names (without port) that requests may use.
    hosts: Vec<String>,
    /// The live-reload channel to every open page.
    events: broadcast::Sender<Live>,
    /// The diagnostics of the last build when it failed, for pages that
    /// connect while the site is broken.
    failure: RwLock<Option<String>>,
    /// Changes with every good build; a page that reconnects to a server
    /// with another generation reloads (the server restarted).
    generation: std::sync::atomic::AtomicU64,
    /// The live search index behind `/api/search`.
    search: RwLock<Option<Arc<crate::search::SearchIndex>>>,
    /// The exported index (`search/…`) the pages' search box loads, kept
    /// apart from the pages: it follows them shortly after each build and
    /// never triggers a reload.
    search_files: RwLock<Arc<Files>>,
}

/// A message to the open pages.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Live {
    /// These page paths (`/etcd/`) changed; `all` when other files did.
    /// `generation` identifies the new build.
    Reload {
        pages: Vec<String>,
        all: bool,
        generation: u64,
    },
    /// Only stylesheets changed.
    Css { generation: u64 },
    /// The last build failed: JSON list of diagnostics.
    BuildError(String),
    /// The site builds again.
    Ok,
}

impl Live {
    fn to_sse(&self) -> SseEvent {
        match self {
            Live::Reload { pages, all, generation } => SseEvent::default()
                .event("reload")
                .data(serde_json::json!({ "pages": pages, "all": all, "generation": generation.to_string() }).to_string()),
            Live::Css { generation } => SseEvent::default()
                .event("css")
                .data(serde_json::json!({ "generation": generation.to_string() }).to_string()),
            Live::BuildError(json) => SseEvent::default().event("build-error").data(json.as_str()),
            Live::Ok => SseEvent::default().event("ok").data("{}"),
        }
    }
}

impl ServeState {
    pub(crate) fn new(files: Files, bind: &str) -> Self {
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        hosts.push(bind.to_owned());
        if !is_loopback(bind) {
            // Reachable from the network: other machines name this one by
            // its host name or one of its addresses.
            hosts.extend(machine_names(bind));
        }
        let (events, _) = broadcast::channel(64);
        let generation = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        ServeState {
            files: RwLock::new(Arc::new(files)),
            hosts,
            events,
            failure: RwLock::new(None),
            search: RwLock::new(None),
            search_files: RwLock::new(Arc::new(Files::new())),
            generation: generation.into(),
        }
    }

    /// Replaces the served site after a good build and tells the open
    /// pages what changed. Returns the message sent (if any).
    pub(crate) fn swap(&self, files: Files) -> Option<Live> {
        use std::sync::atomic::Ordering;
        let old = std::mem::replace(
            &mut *self.files.write().unwrap_or_else(|e| e.into_inner()),
            Arc::new(files),
        );
        let new = self.files();
        if self
            .failure
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .is_some()
        {
            let _ = self.events.send(Live::Ok);
        }
        let generation = self.generation.load(Ordering::Relaxed) + 1;
        let message = changes(&old, &new, generation);
        if let Some(m) = &message {
            self.generation.store(generation, Ordering::Relaxed);
            let _ = self.events.send(m.clone());
        }
        message
    }

    /// Keeps serving the last good build and shows the diagnostics.
    pub(crate) fn fail(&self, diagnostics_json: String) {
        *self.failure.write().unwrap_or_else(|e| e.into_inner()) = Some(diagnostics_json.clone());
        let _ = self.events.send(Live::BuildError(diagnostics_json));
    }

    /// Replaces the index `/api/search` answers from.
    pub(crate) fn set_search(&self, index: Arc<crate::search::SearchIndex>) {
        *self.search.write().unwrap_or_else(|e| e.into_inner()) = Some(index);
    }

    /// Replaces the exported search index the pages load.
    pub(crate) fn set_search_files(&self, files: Files) {
        *self.search_files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    fn search_files(&self) -> Arc<Files> {
        self.search_files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A receiver of live-reload messages (tests, the SSE endpoint).
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Live> {
        self.events.subscribe()
    }

    pub(crate) fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Data files that pages load on demand; a change to them alone reloads
/// nothing.
const LAZY_DATA: &[&str] = &[
    "sitemap.xml",
    "graph.json",
    "static/graph-data.js",
    "static/previews.js",
];

/// What changed between two builds, as a message for the open pages.
fn changes(old: &Files, new: &Files, generation: u64) -> Option<Live> {
    let mut pages = Vec::new();
    let mut css = false;
    let mut all = false;
    let same = |a: Option<&Body>, b: Option<&Body>| match (a, b) {
        (Some(a), Some(b)) => a.same(b),
        (None, None) => true,
        _ => false,
    };
    let added = new.keys().filter(|k| !old.contains_key(*k));
    let keys = old.keys().chain(added);
    for key in keys.filter(|k| !same(old.get(*k), new.get(*k))) {
        // Atom feeds and social cards: no open page shows them.
        let unseen = key.ends_with(".xml") || key.starts_with("static/cards/");
        if LAZY_DATA.contains(&key.as_str()) || unseen {
            // Loaded on demand by open pages: their next use sees it.
            continue;
        }
        if let Some(dir) = key.strip_suffix("index.html") {
            pages.push(format!("/{dir}"));
        } else if key.ends_with(".css") {
            css = true;
        } else {
            all = true;
        }
    }
    match (pages.is_empty() && !all, css) {
        (true, true) => Some(Live::Css { generation }),
        (true, false) => None,
        (false, _) => Some(Live::Reload {
            pages,
            all: all || css,
            generation,
        }),
    }
}

/// The live-reload client, injected before `</body>` of served pages only.
/// A script file rather than inline, so that pages keep their
/// Content-Security-Policy (`script-src 'self'`) under the dev server.
pub(crate) const LIVE_SCRIPT: &str = "<script src=\"/__lore/live.js\"></script>";

/// Hands the heap freed by a large build (the previous site, rendering's
/// scratch) back to the system. glibc keeps it otherwise, and a server
/// that lives for hours would only grow.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_bodies_go_out_as_gzip_or_inflated() {
        let html = "<!DOCTYPE html><p>hello</p>".repeat(20);
        let gz = crate::gzip::compress(html.as_bytes());
        let page = Body::Gzip(gz.clone());
        assert_eq!(page.for_client(true), (gz.clone(), true));
        let (plain, gzipped) = page.for_client(false);
        assert_eq!((plain.as_ref(), gzipped), (html.as_bytes(), false));
        // A plain body goes as it is, even when its bytes look like gzip
        // (an attachment that is a `.gz` file): nothing is sniffed.
        let attachment = Body::Plain(gz.clone());
        assert_eq!(attachment.for_client(false), (gz.clone(), false));
        assert_eq!(attachment.for_client(true), (gz, false));
    }

    #[test]
    fn changes_name_pages_or_stylesheets() {
        let files = |pairs: &[(&str, &str)]| -> Files {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Body::Plain(Bytes::from(v.to_string()))))
                .collect()
        };
        let reload = |pages: &[&str], all| {
            Some(Live::Reload {
                pages: pages.iter().map(|p| p.to_string()).collect(),
                all,
                generation: 7,
            })
        };
        let old = files(&[
            ("a/index.html", "1"),
            ("static/x.css", "1"),
            ("graph.json", "1"),
        ]);
        assert_eq!(changes(&old, &old, 7), None);
        let css = files(&[
            ("a/index.html", "1"),
            ("static/x.css", "2"),
            ("graph.json", "1"),
        ]);
        assert_eq!(changes(&old, &css, 7), Some(Live::Css { generation: 7 }));
        let page = files(&[
            ("a/index.html", "2"),
            ("static/x.css", "1"),
            ("graph.json", "2"),
        ]);
        assert_eq!(
            changes(&old, &page, 7),
            reload(&["/a/"], false),
            "lazy data reloads nothing"
        );
        // A page and a stylesheet: every page reloads (all of them use it).
        let both = files(&[
            ("a/index.html", "2"),
            ("static/x.css", "2"),
            ("graph.json", "1"),
        ]);
        assert_eq!(changes(&old, &both, 7), reload(&["/a/"], true));
        let image = files(&[
            ("a/index.html", "1"),
            ("static/x.css", "1"),
            ("graph.json", "1"),
            ("img.png", "1"),
        ]);
        assert_eq!(changes(&old, &image, 7), reload(&[], true));
    }
}
