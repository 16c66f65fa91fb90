//! Slugs and URLs. Every page lives at `<url>index.html` where `url` is
//! relative to the site root and ends in `/` (the root itself is `""`).
//! Pages link to each other with relative URLs so that a site works at a
//! domain root, under a sub-path, and opened from disk.

/// Lowercase ASCII slug: `Taints & Tolerations` -> `taints-tolerations`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    let mut dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '.' && !out.is_empty() && !dash {
            // Keep dots inside names like `kube-proxy.conf`? No: a dot in a
            // URL segment confuses static hosts that guess content types.
            dash = true;
        } else {
            dash = true;
        }
    }
    out
}

/// Checks a `slug` from frontmatter: one URL segment, no path tricks.
pub fn check_slug(raw: &str) -> Result<String, String> {
    if raw.contains(['/', '\\']) || raw.split('.').all(|p| p.is_empty()) || raw.contains("..") {
        return Err(format!(
            "slug `{raw}` must be a single path segment (no `/`, `\\` or `..`)"
        ));
    }
    let slug = slugify(raw);
    if slug.is_empty() {
        return Err(format!("slug `{raw}` has no letters or digits"));
    }
    Ok(slug)
}

/// How many folders deep a page URL is: `""` -> 0, `a/b/` -> 2.
pub fn depth(url: &str) -> usize {
    url.matches('/').count()
}

/// The relative prefix from a page at `url` to the site root: `./`, `../`, …
pub fn root_prefix(url: &str) -> String {
    match depth(url) {
        0 => "./".to_owned(),
        n => "../".repeat(n),
    }
}

/// Output file of a page URL: `a/b/` -> `a/b/index.html`.
pub fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// A relative link from the page at `from` to the page (or file) at `to`,
/// both root-relative.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(to_parts.iter())
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// Percent-encodes each segment of a root-relative file path for an href.
pub fn encode_path(path: &str) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'%')
        .add(b'\'')
        .add(b'[')
        .add(b']')
        .add(b'\\')
        .add(b'^')
        .add(b'|');
    path.split('/')
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// URL of a topic's page: `net/dns` -> `topics/net/dns/`.
pub fn topic_url(topic: &str) -> String {
    let mut url = String::from("topics/");
    for part in topic.split('/') {
        url.push_str(&slugify(part));
        url.push('/');
    }
    url
}

/// The key used to compare link targets with note names: case-insensitive,
/// spaces, hyphens and underscores alike.
pub fn link_key(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c == ' ' || c == '_' { '-' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii() {
        assert_eq!(slugify("Taints & Tolerations"), "taints-tolerations");
        assert_eq!(slugify("Café déjà vu"), "cafe-deja-vu");
        assert_eq!(slugify("kube-apiserver"), "kube-apiserver");
        assert_eq!(slugify("  --x--  "), "x");
    }

    #[test]
    fn escaping_slugs_are_refused() {
        assert!(check_slug("../../x").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("..").is_err());
        assert_eq!(check_slug("My Note").unwrap(), "my-note");
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative("", "etcd/"), "etcd/");
        assert_eq!(relative("etcd/", "etcd/"), "./");
        assert_eq!(relative("etcd/", "scheduler/"), "../scheduler/");
        assert_eq!(relative("a/b/", "a/c/"), "../c/");
        assert_eq!(relative("a/b/", ""), "../../");
        assert_eq!(relative("a/", "static/x.css"), "../static/x.css");
        assert_eq!(root_prefix(""), "./");
        assert_eq!(root_prefix("a/b/"), "../../");
    }

    #[test]
    fn link_keys_ignore_case_and_separators() {
        assert_eq!(
            link_key("Taints and_Tolerations"),
            link_key("taints-and-tolerations")
        );
    }
}
