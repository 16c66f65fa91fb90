//! The dev server: serves a built site from memory with axum. Only paths
//! of the built site are ever served — there is no file system lookup to
//! escape from — and requests for another Host are refused (DNS rebinding).
//!
//! Live reload: pages served here carry [`LIVE_SCRIPT`], which listens on
//! the server-sent events of `/__lore/events`: `reload` (with the changed
//! pages), `css` (only stylesheets changed: swap them without a reload),
//! `build-error` (diagnostics for the overlay) and `ok` (the error is
//! fixed). The events endpoint checks `Origin`.

use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Router;
use bytes::Bytes;
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use tokio::sync::broadcast;
use tokio_stream::StreamExt;

/// A served file's bytes, as the server holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
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
pub type Files = BTreeMap<String, Body>;

/// A build's files as the server holds them: every file as it is, the
/// pages the build gave gzip-compressed (`BuildOptions::gzip_pages`) as
/// gzip.
pub fn files_of(plain: BTreeMap<String, Bytes>, gzipped: BTreeMap<String, Bytes>) -> Files {
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
pub struct ServeState {
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
pub enum Live {
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
    pub fn new(files: Files, bind: &str) -> Self {
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
    pub fn swap(&self, files: Files) -> Option<Live> {
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
    pub fn fail(&self, diagnostics_json: String) {
        *self.failure.write().unwrap_or_else(|e| e.into_inner()) = Some(diagnostics_json.clone());
        let _ = self.events.send(Live::BuildError(diagnostics_json));
    }

    /// Replaces the index `/api/search` answers from.
    pub fn set_search(&self, index: Arc<crate::search::SearchIndex>) {
        *self.search.write().unwrap_or_else(|e| e.into_inner()) = Some(index);
    }

    /// Replaces the exported search index the pages load.
    pub fn set_search_files(&self, files: Files) {
        *self.search_files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    fn search_files(&self) -> Arc<Files> {
        self.search_files
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// A receiver of live-reload messages (tests, the SSE endpoint).
    pub fn subscribe(&self) -> broadcast::Receiver<Live> {
        self.events.subscribe()
    }

    pub fn files(&self) -> Arc<Files> {
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

pub fn router(state: Arc<ServeState>) -> Router {
    Router::new()
        .route("/__lore/events", axum::routing::get(live_events))
        .route("/__lore/live.js", axum::routing::get(live_js))
        .route("/api/search", axum::routing::get(api_search))
        .fallback(handle)
        .with_state(state)
}

/// The server-sent events stream of live-reload messages.
async fn live_events(
    State(state): State<Arc<ServeState>>,
    headers: HeaderMap,
) -> Response<HttpBody> {
    if !host_allowed(&headers, &state.hosts) || !origin_allowed(&headers, &state.hosts) {
        return plain(StatusCode::FORBIDDEN, "foreign origin");
    }
    let generation = state.generation.load(std::sync::atomic::Ordering::Relaxed);
    let mut first = vec![SseEvent::default()
        .event("hello")
        .data(generation.to_string())];
    if let Some(json) = state
        .failure
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
    {
        first.push(Live::BuildError(json).to_sse());
    }
    let updates = tokio_stream::wrappers::BroadcastStream::new(state.subscribe())
        .filter_map(|m| m.ok())
        .map(|m| m.to_sse());
    let stream = tokio_stream::iter(first)
        .chain(updates)
        .map(Ok::<_, Infallible>);
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[derive(serde::Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<usize>,
}

/// `GET /api/search?q=…&limit=…`: the same JSON as `lore search --json`,
/// from the live index; a bad query is a 400 with `{"error": …}`.
async fn api_search(
    State(state): State<Arc<ServeState>>,
    headers: HeaderMap,
    axum::extract::Query(params): axum::extract::Query<SearchParams>,
) -> Response<HttpBody> {
    if !host_allowed(&headers, &state.hosts) || !origin_allowed(&headers, &state.hosts) {
        return plain(StatusCode::FORBIDDEN, "foreign origin");
    }
    let index = state
        .search
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let Some(index) = index else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the search index is being built",
        );
    };
    let query = params.q.unwrap_or_default();
    let limit = params.limit.unwrap_or(10).clamp(1, 100);
    let result = tokio::task::spawn_blocking(move || index.search(&query, limit)).await;
    let (status, body) = match result {
        Ok(Ok(answer)) => (
            StatusCode::OK,
            serde_json::to_string(&answer).unwrap_or_default(),
        ),
        Ok(Err(e)) => (
            StatusCode::BAD_REQUEST,
            serde_json::json!({ "error": e.to_string() }).to_string(),
        ),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            serde_json::json!({ "error": "search failed" }).to_string(),
        ),
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(HttpBody::from(body))
        .expect("valid response")
}

/// Requests from pages of another site (a browser sends `Origin`) are
/// refused; tools that send no Origin are fine.
fn origin_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    origin
        .strip_prefix("http://")
        .is_some_and(|authority| known_host(authority, hosts))
}

/// `--bind` names only this machine (`127.0.0.1`, `::1`, `localhost`).
pub fn is_loopback(bind: &str) -> bool {
    bind.eq_ignore_ascii_case("localhost")
        || bind
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The names a client on the network may use for this machine when the
/// server listens on `bind`: its host name (also with `.local`, for mDNS),
/// and its addresses (every interface's for `0.0.0.0` or `::`).
fn machine_names(bind: &str) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(name) = host_name() {
        names.push(format!("{name}.local"));
        names.push(name);
    }
    let unspecified = bind
        .trim_matches(['[', ']'])
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_unspecified());
    if unspecified {
        for ip in interface_addresses() {
            names.push(match ip {
                std::net::IpAddr::V4(v4) => v4.to_string(),
                std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            });
        }
    }
    names
}

fn host_name() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer and its length are valid; the name is NUL-terminated on success.
    let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    let end = buf.iter().position(|b| *b == 0)?;
    let name = std::str::from_utf8(&buf[..end]).ok()?;
    (r == 0 && !name.is_empty()).then(|| name.to_owned())
}

/// The addresses of this machine's network interfaces.
fn interface_addresses() -> Vec<std::net::IpAddr> {
    let mut out = Vec::new();
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a linked list we free below;
    // every node and address is read only while the list is alive.
    unsafe {
        if libc::getifaddrs(&mut list) != 0 {
            return out;
        }
        let mut node = list;
        while !node.is_null() {
            let addr = (*node).ifa_addr;
            if !addr.is_null() {
                match i32::from((*addr).sa_family) {
                    libc::AF_INET => {
                        let a = &*(addr as *const libc::sockaddr_in);
                        out.push(std::net::Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)).into());
                    }
                    libc::AF_INET6 => {
                        let a = &*(addr as *const libc::sockaddr_in6);
                        out.push(std::net::Ipv6Addr::from(a.sin6_addr.s6_addr).into());
                    }
                    _ => {}
                }
            }
            node = (*node).ifa_next;
        }
        libc::freeifaddrs(list);
    }
    out
}

/// Whether `host[:port]` (or `[v6]:port`) names one of `hosts`.
fn known_host(authority: &str, hosts: &[String]) -> bool {
    let name = if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.rsplit_once(':').map_or(authority, |(h, _)| h)
    };
    hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// The live-reload client, injected before `</body>` of served pages only.
/// A script file rather than inline, so that pages keep their
/// Content-Security-Policy (`script-src 'self'`) under the dev server.
pub const LIVE_SCRIPT: &str = "<script src=\"/__lore/live.js\"></script>";
/// The live-reload client itself, served at `/__lore/live.js`.
const LIVE_JS: &str = include_str!("serve_live.js");

async fn live_js(State(state): State<Arc<ServeState>>, headers: HeaderMap) -> Response<HttpBody> {
    if !host_allowed(&headers, &state.hosts) {
        return plain(StatusCode::FORBIDDEN, "unexpected Host header");
    }
    Response::builder()
        .header(header::CONTENT_TYPE, "text/javascript; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(HttpBody::from(LIVE_JS))
        .expect("valid response")
}

async fn handle(
    State(state): State<Arc<ServeState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response<HttpBody> {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    if !host_allowed(&headers, &state.hosts) {
        return plain(StatusCode::FORBIDDEN, "unexpected Host header");
    }
    let files = state.files();
    if files.is_empty() {
        return first_build_failed(&state);
    }
    let gzip_ok = accepts_gzip(&headers);
    let response = match lookup(&files, uri.path()) {
        Lookup::File(key) => file_response(StatusCode::OK, &key, &files[&key], gzip_ok),
        Lookup::Redirect(to) => Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, to)
            .body(HttpBody::empty())
            .expect("valid response"),
        Lookup::NotFound => {
            let exported = state.search_files();
            match (lookup(&exported, uri.path()), files.get("404.html")) {
                (Lookup::File(key), _) => {
                    file_response(StatusCode::OK, &key, &exported[&key], gzip_ok)
                }
                (_, Some(page)) => file_response(StatusCode::NOT_FOUND, "404.html", page, gzip_ok),
                (_, None) => plain(StatusCode::NOT_FOUND, "not found"),
            }
        }
    };
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, HttpBody::empty());
    }
    response
}

/// Before the first good build there is nothing to serve: a page with the
/// live-reload script shows the overlay, and reloads once the site builds.
fn first_build_failed(state: &ServeState) -> Response<HttpBody> {
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><p id=\"lore-no-build\">The site has not built yet, so there is no good build to show; fix the problems and this page reloads.</p>{LIVE_SCRIPT}</body></html>"
    );
    let status = if state
        .failure
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .is_some()
    {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-cache")
        .body(HttpBody::from(html))
        .expect("valid response")
}

enum Lookup {
    File(String),
    Redirect(String),
    NotFound,
}

/// Maps a request path to a key of the site's files. Anything that decodes
/// to `..`, a backslash or a NUL is not found.
fn lookup(files: &Files, raw_path: &str) -> Lookup {
    let Ok(path) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::NotFound;
    };
    if path.contains(['\\', '\0']) || path.split('/').any(|s| s == ".." || s == ".") {
        return Lookup::NotFound;
    }
    let key = path.trim_start_matches('/');
    let key = if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_owned()
    };
    if files.contains_key(&key) {
        return Lookup::File(key);
    }
    if files.contains_key(&format!("{key}/index.html")) {
        // One leading slash: `//a/` would send the browser to host `a`.
        return Lookup::Redirect(format!("/{}/", raw_path.trim_start_matches('/')));
    }
    Lookup::NotFound
}

fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true; // HTTP/1.0 clients send none; nothing to rebind
    };
    known_host(host, hosts)
}

/// Whether the client takes `Content-Encoding: gzip` (every browser does).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|p| p.replace(' ', "") == "q=0");
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

fn file_response(status: StatusCode, key: &str, body: &Body, gzip_ok: bool) -> Response<HttpBody> {
    let (bytes, gzipped) = body.for_client(gzip_ok);
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .header("x-content-type-options", "nosniff");
    if matches!(body, Body::Gzip(_)) {
        response = response.header(header::VARY, "accept-encoding");
    }
    if gzipped {
        response = response.header(header::CONTENT_ENCODING, "gzip");
    }
    response
        .body(HttpBody::from(bytes))
        .expect("valid response")
}

fn plain(status: StatusCode, text: &'static str) -> Response<HttpBody> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(HttpBody::from(text))
        .expect("valid response")
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
    fn accept_encoding_is_read_like_http_says() {
        let with = |v: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ACCEPT_ENCODING, v.parse().unwrap());
            accepts_gzip(&h)
        };
        assert!(with("gzip, deflate, br, zstd"));
        assert!(with("br;q=1.0, GZIP;q=0.5"));
        assert!(with("*"));
        assert!(!with("br"));
        assert!(!with("gzip;q=0, br"));
        assert!(!accepts_gzip(&HeaderMap::new()));
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

    fn files() -> Files {
        ["index.html", "etcd/index.html", "static/lore.css"]
            .iter()
            .map(|k| (k.to_string(), Body::Plain(Bytes::new())))
            .collect()
    }

    #[test]
    fn paths_map_to_files() {
        let f = files();
        assert!(matches!(lookup(&f, "/"), Lookup::File(k) if k == "index.html"));
        assert!(matches!(lookup(&f, "/etcd/"), Lookup::File(k) if k == "etcd/index.html"));
        assert!(matches!(lookup(&f, "/etcd"), Lookup::Redirect(to) if to == "/etcd/"));
        assert!(matches!(lookup(&f, "/static/lore.css"), Lookup::File(_)));
    }

    #[test]
    fn traversal_is_not_found() {
        let f = files();
        for p in [
            "/../etc/passwd",
            "/%2e%2e/x",
            "/static/%2E%2E/index.html",
            "/a%5c..%5cb",
            "/%00",
        ] {
            assert!(matches!(lookup(&f, p), Lookup::NotFound), "{p}");
        }
    }
}
