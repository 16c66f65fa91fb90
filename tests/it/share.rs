//! Share metadata and robots.txt: every page has a canonical link and
//! Open Graph / Twitter tags; notes have their article times; robots.txt
//! names the sitemap.

use crate::support::Site;

fn meta<'h>(html: &'h str, attr: &str, name: &str) -> Option<&'h str> {
    let key = format!("<meta {attr}=\"{name}\" content=\"");
    let at = html.find(&key)? + key.len();
    Some(&html[at..at + html[at..].find('"')?])
}

fn canonical(html: &str) -> Option<&str> {
    let key = "<link rel=\"canonical\" href=\"";
    let at = html.find(key)? + key.len();
    Some(&html[at..at + html[at..].find('"')?])
}

#[test]
fn every_page_has_canonical_and_share_tags() {
    let site = Site::with_config(
        "title = \"Kb & co\"\ndescription = \"All the notes\"\nbase_url = \"https://x.org/kb/\"\n",
    );
    site.note(
        "net/dns.md",
        "---\ntitle: DNS <basics>\ndescription: How names resolve\ndate: 2024-01-02T03:04:05Z\nupdated: 2024-02-03\ntopics: [net]\n---\nText.\n",
    );
    site.build();
    let note = site.read("net/dns/index.html");
    assert_eq!(canonical(&note), Some("https://x.org/kb/net/dns/"));
    assert_eq!(
        meta(&note, "property", "og:url"),
        Some("https://x.org/kb/net/dns/")
    );
    assert_eq!(
        meta(&note, "property", "og:title"),
        Some("DNS &lt;basics&gt;")
    );
    assert_eq!(
        meta(&note, "property", "og:description"),
        Some("How names resolve")
    );
    assert_eq!(meta(&note, "property", "og:type"), Some("article"));
    assert_eq!(meta(&note, "property", "og:site_name"), Some("Kb &amp; co"));
    assert_eq!(meta(&note, "name", "twitter:card"), Some("summary"));
    assert_eq!(
        meta(&note, "property", "article:published_time"),
        Some("2024-01-02T03:04:05Z")
    );
    assert_eq!(
        meta(&note, "property", "article:modified_time"),
        Some("2024-02-03T00:00:00Z")
    );
    assert_eq!(meta(&note, "property", "article:tag"), Some("net"));
    for (page, url) in [
        ("index.html", "https://x.org/kb/"),
        ("net/index.html", "https://x.org/kb/net/"),
        ("topics/net/index.html", "https://x.org/kb/topics/net/"),
        ("topics/index.html", "https://x.org/kb/topics/"),
        ("graph/index.html", "https://x.org/kb/graph/"),
        ("recent/index.html", "https://x.org/kb/recent/"),
    ] {
        let html = site.read(page);
        assert_eq!(canonical(&html), Some(url), "{page}");
        assert_eq!(meta(&html, "property", "og:url"), Some(url), "{page}");
        assert_eq!(
            meta(&html, "property", "og:type"),
            Some("website"),
            "{page}"
        );
        assert!(
            meta(&html, "property", "og:description").is_some(),
            "{page}"
        );
        assert!(meta(&html, "property", "article:published_time").is_none());
    }
    let home = site.read("index.html");
    assert_eq!(
        meta(&home, "property", "og:description"),
        Some("All the notes")
    );
    assert!(
        canonical(&site.read("404.html")).is_none(),
        "a 404 is no page to point at"
    );
    let robots = site.read("robots.txt");
    assert_eq!(
        robots,
        "User-agent: *\nAllow: /\n\nSitemap: https://x.org/kb/sitemap.xml\n"
    );
}

#[test]
fn without_an_absolute_base_url_the_canonical_link_is_relative() {
    let site = Site::new();
    site.note("a/b.md", "Text.\n");
    site.build();
    let html = site.read("a/b/index.html");
    assert_eq!(canonical(&html), Some("../../a/b/"));
    assert!(
        meta(&html, "property", "og:url").is_none(),
        "og:url must be absolute"
    );
    assert_eq!(canonical(&site.read("index.html")), Some("./"));
    assert!(!site.read("robots.txt").contains("\nSitemap:"));
}
