//! Which names a request may use for this server: requests for another
//! `Host` (DNS rebinding) and, where browsers send one, from another
//! `Origin` are refused. A server bound to the network also answers to the
//! machine's host name and addresses.

use axum::http::{header, HeaderMap};

/// Requests from pages of another site (a browser sends `Origin`) are
/// refused; tools that send no Origin are fine.
pub(super) fn origin_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    origin
        .strip_prefix("http://")
        .is_some_and(|authority| known_host(authority, hosts))
}

/// `--bind` names only this machine (`127.0.0.1`, `::1`, `localhost`).
pub(super) fn is_loopback(bind: &str) -> bool {
    bind.eq_ignore_ascii_case("localhost")
        || bind
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The names a client on the network may use for this machine when the
/// server listens on `bind`: its host name (also with `.local`, for mDNS),
/// and its addresses (every interface's for `0.0.0.0` or `::`).
pub(super) fn machine_names(bind: &str) -> Vec<String> {
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

/// The request names this server (or names nothing: HTTP/1.0).
pub(super) fn host_allowed(headers: &HeaderMap, hosts: &[String]) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true; // HTTP/1.0 clients send none; nothing to rebind
    };
    known_host(host, hosts)
}
