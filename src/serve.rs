//! The dev server: serves a built site from memory with axum. Only paths
//! of the built site are ever served — there is no file system lookup to
//! escape from — and requests for another Host are refused (DNS rebinding).

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};
use axum::Router;
use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

pub type Files = BTreeMap<String, Vec<u8>>;

/// What the server shares between requests: the current site, swapped
/// whole after each good build.
pub struct ServeState {
    files: RwLock<Arc<Files>>,
    /// Host names (without port) that requests may use.
    hosts: Vec<String>,
}

impl ServeState {
    pub fn new(files: Files, bind: &str) -> Self {
        let mut hosts: Vec<String> = ["localhost", "127.0.0.1", "[::1]", "::1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        hosts.push(bind.to_owned());
        ServeState {
            files: RwLock::new(Arc::new(files)),
            hosts,
        }
    }

    /// Replaces the served site.
    pub fn swap(&self, files: Files) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

pub fn router(state: Arc<ServeState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

async fn handle(
    State(state): State<Arc<ServeState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    if !host_allowed(&headers, &state.hosts) {
        return plain(StatusCode::FORBIDDEN, "unexpected Host header");
    }
    let files = state.files();
    let response = match lookup(&files, uri.path()) {
        Lookup::File(key) => file_response(StatusCode::OK, &key, &files[&key]),
        Lookup::Redirect(to) => Response::builder()
            .status(StatusCode::PERMANENT_REDIRECT)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .expect("valid response"),
        Lookup::NotFound => match files.get("404.html") {
            Some(page) => file_response(StatusCode::NOT_FOUND, "404.html", page),
            None => plain(StatusCode::NOT_FOUND, "not found"),
        },
    };
    if method == Method::HEAD {
        let (parts, _) = response.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    response
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
        return Lookup::Redirect(format!("{raw_path}/"));
    }
    Lookup::NotFound
}

fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true; // HTTP/1.0 clients send none; nothing to rebind
    };
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    hosts.iter().any(|h| h.eq_ignore_ascii_case(name))
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8]) -> Response<Body> {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/javascript" {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_owned()
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
        .header("x-content-type-options", "nosniff")
        .body(Body::from(bytes.to_vec()))
        .expect("valid response")
}

fn plain(status: StatusCode, text: &'static str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text))
        .expect("valid response")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        ["index.html", "etcd/index.html", "static/lore.css"]
            .iter()
            .map(|k| (k.to_string(), vec![]))
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
