//! Slugs and URLs. Every page lives at `<url>index.html` where `url` is
//! relative to the site root and ends in `/` (the root itself is `""`).
//! Pages link to each other with relative URLs so that a site works at a
//! domain root, under a sub-path, and opened from disk.

/// A URL segment for a name: letters and digits of any script, lowercased
/// (`Taints & Tolerations` -> `taints-tolerations`, `编辑与格式化` stays
/// as it is, `Rosé Pine` -> `rosé-pine`), `_` kept, every other run of
/// characters one `-`. ASCII names give the same slugs as Lore always did.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || (is_word_mark(c) && !out.is_empty() && !dash) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if !is_invisible(c) {
            dash = true;
        }
    }
    out
}

/// Combining marks and the vowel signs of abugidas (Devanagari, Thai…):
/// part of a word, though not letters to `char::is_alphanumeric`.
fn is_word_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED | 0x0900..=0x0963 | 0x0966..=0x0DFF
        | 0x0E00..=0x0EFF | 0x0F18..=0x0F39 | 0x1000..=0x109F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0x302A..=0x302F | 0x3099..=0x309A
        | 0xFE20..=0xFE2F)
}

/// Zero-width joiners, soft hyphens and the like: dropped from slugs.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// A slug that names the symbols [`slugify`] drops, for names that would
/// otherwise share one: `C++` -> `c-plus-plus`, `Bash &&` -> `bash-and-and`,
/// `$?` -> `dollar-question`.
pub(crate) fn spelled_slug(text: &str) -> String {
    let mut spelled = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        let word = match c {
            '+' => "plus",
            '&' => "and",
            '#' => "sharp",
            '@' => "at",
            '%' => "percent",
            '$' => "dollar",
            '?' => "question",
            '!' => "bang",
            '*' => "star",
            '=' => "equals",
            '<' => "lt",
            '>' => "gt",
            '~' => "tilde",
            '^' => "caret",
            '|' => "pipe",
            _ => {
                spelled.push(c);
                continue;
            }
        };
        spelled.push(' ');
        spelled.push_str(word);
        spelled.push(' ');
    }
    slugify(&spelled)
}

/// Names Windows cannot use for a file or folder (`aux`, `nul`, `com1`…),
/// whatever the case and extension.
pub(crate) fn is_device_name(segment: &str) -> bool {
    let stem = segment
        .split('.')
        .next()
        .unwrap_or(segment)
        .to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
}

/// Checks a `slug` from frontmatter: one URL segment, no path tricks.
pub(crate) fn check_slug(raw: &str) -> Result<String, String> {
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
pub(crate) fn depth(url: &str) -> usize {
    url.matches('/').count()
}

/// The relative prefix from a page at `url` to the site root: `./`, `../`, …
pub(crate) fn root_prefix(url: &str) -> String {
    match depth(url) {
        0 => "./".to_owned(),
        n => "../".repeat(n),
    }
}

/// Output file of a page URL: `a/b/` -> `a/b/index.html`.
pub(crate) fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The section holding the page at `url`: `a/b/` is in `a/`, `a/` in the
/// root (`""`); the root is in none.
pub(crate) fn parent_section(url: &str) -> Option<&str> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(trimmed.rfind('/').map_or("", |i| &url[..=i]))
}

/// A relative link from the page at `from` to the page (or file) at `to`,
/// both root-relative.
pub(crate) fn relative(from: &str, to: &str) -> String {
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
pub(crate) fn encode_path(path: &str) -> String {
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

/// URL of a topic's page: `net/dns` -> `topics/net/dns/`. A part whose
/// slug would drop symbols names them (`c++` -> `topics/c-plus-plus/`), so
/// `c` and `c++` get pages of their own.
pub(crate) fn topic_url(topic: &str) -> String {
    let mut url = String::from("topics/");
    for part in topic.split('/') {
        url.push_str(&topic_segment(part));
        url.push('/');
    }
    url
}

/// The URL segment of one part of a topic name.
pub(crate) fn topic_segment(part: &str) -> String {
    let segment = spelled_slug(part);
    if is_device_name(&segment) {
        segment + "_"
    } else {
        segment
    }
}

/// The key used to compare link targets with note names: case-insensitive,
/// spaces, hyphens and underscores alike.
pub(crate) fn link_key(text: &str) -> String {
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
    fn slugs_keep_letters_of_every_script() {
        assert_eq!(slugify("Taints & Tolerations"), "taints-tolerations");
        assert_eq!(slugify("Café déjà vu"), "café-déjà-vu");
        assert_eq!(slugify("kube-apiserver"), "kube-apiserver");
        assert_eq!(slugify("  --x--  "), "x");
        assert_eq!(slugify("编辑与格式化"), "编辑与格式化");
        assert_eq!(slugify("Привет Мир"), "привет-мир");
        assert_eq!(slugify("हिन्दी भाषा"), "हिन्दी-भाषा");
        assert_eq!(slugify("a\u{200D}b"), "ab");
    }

    #[test]
    fn spelled_slugs_name_the_symbols() {
        assert_eq!(spelled_slug("C++"), "c-plus-plus");
        assert_eq!(spelled_slug("Bash &&"), "bash-and-and");
        assert_eq!(spelled_slug("$?"), "dollar-question");
        assert_eq!(spelled_slug("exit()"), "exit");
    }

    #[test]
    fn device_names_are_caught_in_any_case() {
        for n in ["aux", "NUL", "Con.png", "com1", "LPT9.txt"] {
            assert!(is_device_name(n), "{n}");
        }
        for n in ["auxiliary", "com0", "com", "console"] {
            assert!(!is_device_name(n), "{n}");
        }
    }

    #[test]
    fn topic_urls_keep_symbols_apart() {
        assert_eq!(topic_url("net/dns"), "topics/net/dns/");
        assert_eq!(topic_url("c"), "topics/c/");
        assert_eq!(topic_url("c++"), "topics/c-plus-plus/");
        assert_eq!(topic_url("c#"), "topics/c-sharp/");
        assert_eq!(topic_url("dns-names"), "topics/dns-names/");
        assert_eq!(topic_url("aux"), "topics/aux_/");
    }

    #[test]
    fn escaping_slugs_are_refused() {
        assert!(check_slug("../../x").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("..").is_err());
        assert_eq!(check_slug("My Note").unwrap(), "my-note");
    }

    #[test]
    fn parent_sections() {
        assert_eq!(parent_section("a/b/"), Some("a/"));
        assert_eq!(parent_section("a/"), Some(""));
        assert_eq!(parent_section(""), None);
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
