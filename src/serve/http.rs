//! The dev server's HTTP side (axum): the site's files from memory with
//! the encoding each client takes, the live-reload events (server-sent
//! events, `Origin` checked) and script, `/api/search`. Only paths of the
//! built site are ever served — there is no file system lookup to escape
//! from — and requests for another Host are refused ([`super::hosts`]).

use super::hosts::{host_allowed, origin_allowed};
use super::{Body, Files, Live, ServeState, LIVE_SCRIPT};
use crate::error::Error;
use axum::body::Body as HttpBody;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::Router;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::StreamExt;

/// The server's socket, bound before the first build (so that a port in
/// use is said at once, and pages are built for the address it got), and
/// the runtime it is served on: the only async code.
pub(crate) struct Listener {
    runtime: tokio::runtime::Runtime,
    socket: tokio::net::TcpListener,
    addr: std::net::SocketAddr,
}

impl Listener {
    /// Listens on `bind:port` (port 0: one the system picks).
    pub(crate) fn bind(bind: &str, port: u16) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Other(format!("could not start the server runtime: {e}")))?;
        let socket = runtime
            .block_on(tokio::net::TcpListener::bind((bind, port)))
            .map_err(|e| {
                let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
                    format!(
                        "; another program uses it — try `lore serve --port {}`",
                        port.wrapping_add(1)
                    )
                } else {
                    String::new()
                };
                Error::Other(format!("could not listen on {bind}:{port}: {e}{hint}"))
            })?;
        let addr = socket
            .local_addr()
            .map_err(|e| Error::Other(e.to_string()))?;
        Ok(Listener {
            runtime,
            socket,
            addr,
        })
    }

    pub(crate) fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// The server's URL (`http://127.0.0.1:4000/`).
    pub(crate) fn url(&self) -> String {
        let addr = self.addr;
        if addr.ip().is_loopback() && addr.is_ipv4() {
            format!("http://127.0.0.1:{}/", addr.port())
        } else {
            format!("http://{addr}/")
        }
    }

    /// Serves `router` until Ctrl-C.
    pub(super) fn serve(self, router: Router) -> Result<(), Error> {
        let Listener {
            runtime, socket, ..
        } = self;
        runtime.block_on(async move {
            axum::serve(socket, router)
                .with_graceful_shutdown(async {
                    let _ = tokio::signal::ctrl_c().await;
                })
                .await
                .map_err(|e| Error::Other(format!("server error: {e}")))
        })
    }
}

pub(crate) fn router(state: Arc<ServeState>) -> Router {
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

/// The live-reload client itself, served at `/__lore/live.js`.
const LIVE_JS: &str = include_str!("live.js");

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

    fn files() -> Files {
        ["index.html", "etcd/index.html", "static/lore.css"]
            .iter()
            .map(|k| (k.to_string(), Body::Plain(bytes::Bytes::new())))
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
