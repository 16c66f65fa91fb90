//! Atom feeds: one for the site and one per topic, parsed with an XML
//! parser and checked against the RFC 4287 rules that matter (ids,
//! updated, links, escaping), content with absolute URLs, linked from the
//! pages; none without an absolute `base_url`.

use crate::support::Site;
use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn site() -> Site {
    let site = Site::with_config(
        "title = \"Notes & <Things>\"\nbase_url = \"https://example.org/kb/\"\nfeed_limit = 3\n",
    );
    for (i, day) in ["01", "02", "03", "04"].iter().enumerate() {
        site.note(
            &format!("n{i}.md"),
            &format!(
                "---\ntitle: Note {i}\ndate: 2024-01-{day}\nupdated: 2024-01-{day}\ntopics: [net/dns]\n---\nSee [[n0]] and ![pic](pic.png).\n"
            ),
        );
    }
    site.note(
        "deep/x.md",
        "---\ntitle: \"Fish & <Chips> \\\"quoted\\\"\"\nupdated: 2024-02-01T10:00:00+01:00\ndate: 2023-12-31\ntopics: [food]\n---\n## Part\n\nA [link](../n1.md), [[n2]] and [here](#part).\n",
    );
    site.write_bytes("content/pic.png", b"not really a png");
    site
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", node.tag_name().name()))
}

fn text<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    child(node, name).text().unwrap_or("")
}

fn entries<'a, 'i>(feed: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    feed.children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .collect()
}

/// The RFC 4287 rules every feed and entry must follow.
fn assert_valid_atom(feed: Node<'_, '_>, self_href: &str) {
    assert!(feed.has_tag_name((ATOM, "feed")));
    for name in ["id", "title", "updated"] {
        assert_eq!(
            feed.children()
                .filter(|c| c.has_tag_name((ATOM, name)))
                .count(),
            1,
            "exactly one feed <{name}>"
        );
    }
    let links: Vec<Node> = feed
        .children()
        .filter(|c| c.has_tag_name((ATOM, "link")))
        .collect();
    let self_link = links
        .iter()
        .find(|l| l.attribute("rel") == Some("self"))
        .expect("a self link");
    assert_eq!(self_link.attribute("href"), Some(self_href));
    assert!(chrono_like(text(feed, "updated")));
    assert!(
        !text(child(feed, "author"), "name").is_empty(),
        "a feed author"
    );
    let mut ids = std::collections::HashSet::new();
    for e in entries(feed) {
        let id = text(e, "id");
        assert!(id.starts_with("https://example.org/kb/"), "{id}");
        assert!(ids.insert(id.to_owned()), "ids are unique");
        assert!(chrono_like(text(e, "updated")));
        assert!(chrono_like(text(e, "published")));
        let alternate = child(e, "link");
        assert_eq!(alternate.attribute("rel"), Some("alternate"));
        assert_eq!(alternate.attribute("href"), Some(id));
        assert!(!text(e, "title").is_empty());
    }
}

/// An RFC 3339 date-time: `2024-01-02T00:00:00Z` or with an offset.
fn chrono_like(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[10] == b'T'
        && (s.ends_with('Z') || s[19..].starts_with('+') || s[19..].starts_with('-'))
}

#[test]
fn the_site_feed_holds_the_latest_notes_with_absolute_content() {
    let site = site();
    site.build();
    let xml = site.read("feed.xml");
    let doc = Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_valid_atom(feed, "https://example.org/kb/feed.xml");
    assert_eq!(
        text(feed, "title"),
        "Notes & <Things>",
        "escaped, then read back"
    );
    assert_eq!(text(feed, "id"), "https://example.org/kb/");
    let titles: Vec<&str> = entries(feed).iter().map(|e| text(*e, "title")).collect();
    // Newest update first, `feed_limit` of them.
    assert_eq!(titles, ["Fish & <Chips> \"quoted\"", "Note 3", "Note 2"]);
    assert_eq!(text(feed, "updated"), "2024-02-01T10:00:00+01:00");
    let fish = entries(feed)[0];
    assert_eq!(text(fish, "published"), "2023-12-31T00:00:00Z");
    assert_eq!(text(fish, "id"), "https://example.org/kb/deep/x/");
    let content = child(fish, "content");
    assert_eq!(content.attribute("type"), Some("html"));
    let html = content.text().unwrap();
    assert!(
        html.contains("href=\"https://example.org/kb/deep/x/#part\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://example.org/kb/n1/\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://example.org/kb/n2/\""),
        "{html}"
    );
    let note3 = child(entries(feed)[1], "content").text().unwrap();
    assert!(
        note3.contains("src=\"https://example.org/kb/pic.png\""),
        "{note3}"
    );
    let categories: Vec<&str> = entries(feed)[1]
        .children()
        .filter(|c| c.has_tag_name((ATOM, "category")))
        .filter_map(|c| c.attribute("term"))
        .collect();
    assert_eq!(categories, ["net/dns"]);
}

#[test]
fn each_topic_has_a_feed_linked_from_its_page_and_every_page_links_the_site_feed() {
    let site = site();
    site.build();
    for (file, topic_page) in [
        ("topics/net/feed.xml", "topics/net/"),
        ("topics/net/dns/feed.xml", "topics/net/dns/"),
        ("topics/food/feed.xml", "topics/food/"),
    ] {
        let xml = site.read(file);
        let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_valid_atom(
            doc.root_element(),
            &format!("https://example.org/kb/{file}"),
        );
        assert_eq!(
            text(doc.root_element(), "id"),
            format!("https://example.org/kb/{topic_page}")
        );
        let page = site.read(&format!("{topic_page}index.html"));
        let root = "../".repeat(topic_page.matches('/').count());
        let link = format!("<a class=\"feed-link\" href=\"{root}{file}\"");
        assert!(page.contains(&link), "{topic_page}: {link}");
    }
    let net = site.read("topics/net/feed.xml");
    let doc = Document::parse(&net).unwrap();
    assert_eq!(entries(doc.root_element()).len(), 3, "feed_limit");
    assert_eq!(
        entries(
            Document::parse(&site.read("topics/food/feed.xml"))
                .unwrap()
                .root_element()
        )
        .len(),
        1
    );
    for page in [
        "index.html",
        "n1/index.html",
        "deep/x/index.html",
        "topics/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Notes &amp; &lt;Things&gt;\" href=\""),
            "{page}"
        );
    }
    let dns = site.read("topics/net/dns/index.html");
    assert!(
        dns.contains("type=\"application/atom+xml\" title=\"#net/dns · Notes &amp; &lt;Things&gt;\" href=\"../../../topics/net/dns/feed.xml\""),
        "{dns}"
    );
}

#[test]
fn without_an_absolute_base_url_there_are_no_feeds_and_one_note_says_why() {
    let site = Site::new();
    site.note("a.md", "Text.\n");
    let stderr = site.build();
    assert!(!site.public().join("feed.xml").exists());
    assert_eq!(
        stderr.matches("no Atom feeds").count(),
        1,
        "one line: {stderr}"
    );
    assert!(!site.read("a/index.html").contains("application/atom+xml"));
    // `--base-url` is enough.
    site.build_with(&["--base-url", "https://x.org/"]);
    Document::parse(&site.read("feed.xml")).expect("a feed");
}

/// Builds like `lore serve` (one workspace, told which files changed) and
/// from scratch after each edit, and compares the feeds.
#[test]
fn feeds_of_an_incremental_build_equal_a_fresh_build() {
    let site = site();
    let options = lore::BuildOptions::default();
    let config = || lore::load_config(site.root()).unwrap();
    let mut workspace = lore::Workspace::new(config(), options.clone());
    workspace.build().unwrap();
    let edits = [
        ("content/n1.md", "---\ntitle: Note 1\ndate: 2024-01-02\nupdated: 2024-03-01\ntopics: [net/dns]\n---\nNow the newest.\n"),
        ("content/n3.md", "---\ntitle: Note 3\ndate: 2024-01-04\nupdated: 2024-01-04\ntopics: [net/dns]\n---\nA body edit: [[n1]].\n"),
        ("content/n0.md", "---\ntitle: Note 0\ndate: 2024-01-01\nupdated: 2024-01-01\ntopics: [net/dns]\n---\nOld and out of the feeds, edited.\n"),
    ];
    for (rel, text) in edits {
        site.write(rel, text);
        workspace.files_changed(lore::Changed::Paths([site.root().join(rel)].into()));
        let incremental = workspace.build().unwrap();
        let fresh = lore::build(&config(), &options).unwrap();
        for (file, bytes) in fresh.files.iter().filter(|(f, _)| f.ends_with(".xml")) {
            assert!(
                incremental.files.get(file) == Some(bytes),
                "after editing {rel}: {file} differs"
            );
        }
    }
    let built = workspace.build().unwrap();
    let xml = String::from_utf8_lossy(&built.files["feed.xml"]);
    assert!(
        xml.find("Note 1").unwrap() < xml.find("Note 3").unwrap(),
        "{xml}"
    );
}
