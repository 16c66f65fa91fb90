//! Cross-linking: backlinks with context, unlinked mentions, inline and
//! nested topics, related notes with reasons; the graph view in Chromium.

use crate::support::Site;

/// The `<section>` of a page that starts with `heading`.
fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let start = html
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` section in:\n{html}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

fn vault() -> Site {
    let site = Site::new();
    site.note("etcd.md", "---\ntitle: etcd\naliases: [etcdctl]\ntopics: [storage, control-plane]\n---\nThe store.\n")
        .note("backup.md", "---\ntopics: [storage]\n---\nFirst line. Take a snapshot with [[etcd]] before upgrades! Then relax.\n")
        .note("apiserver.md", "---\ntitle: kube-apiserver\ntopics: [control-plane]\n---\nIt talks to etcd directly. Run `etcdctl` in code (not a mention).\n\n```bash\netcd --help\n```\n")
        .note("inline.md", "Tagged #networking/dns inline, not `#code` and not [#link](x).\n");
    site
}

#[test]
fn backlinks_list_the_linking_note_with_its_sentence() {
    let site = vault();
    site.build();
    let html = site.read("etcd/index.html");
    let section = section(&html, "Linked from");
    assert!(section.contains("href=\"../backup/\""), "{section}");
    assert!(
        section.contains("Take a snapshot with etcd before upgrades!"),
        "{section}"
    );
}

#[test]
fn unlinked_mentions_are_whole_word_and_never_from_code() {
    let site = vault();
    site.build();
    let html = site.read("etcd/index.html");
    let section = section(&html, "Unlinked mentions");
    assert!(section.contains("href=\"../apiserver/\""), "{section}");
    assert!(section.contains("It talks to etcd directly."), "{section}");
    // backup.md links etcd, so it is a backlink, not a mention.
    assert!(!section.contains("href=\"../backup/\""));
    // The only text naming etcd in inline.md... there is none.
    assert!(!section.contains("href=\"../inline/\""));
}

#[test]
fn inline_topics_link_to_nested_topic_pages() {
    let site = vault();
    site.build();
    let html = site.read("inline/index.html");
    assert!(
        html.contains(
            "<a class=\"topic-tag\" href=\"../topics/networking/dns/\">#networking/dns</a>"
        ),
        "{html}"
    );
    assert!(html.contains("<code>#code</code>"));
    // A note under networking/dns is listed under networking too.
    for topic in ["networking", "networking/dns"] {
        let depth = topic.matches('/').count() + 2;
        let href = format!("href=\"{}inline/\"", "../".repeat(depth));
        let page = site.read(&format!("topics/{topic}/index.html"));
        assert!(page.contains(&href), "{topic}: no {href} in\n{page}");
    }
    assert!(!site.public().join("topics/code").exists());
    assert!(!site.public().join("topics/link").exists());
}

#[test]
fn related_notes_come_with_reasons() {
    let site = vault();
    site.build();
    let html = site.read("etcd/index.html");
    let section = section(&html, "Related notes");
    assert!(
        section.contains("links to this note; shared topics: storage"),
        "{section}"
    );
    assert!(
        section.contains("shared topics: control-plane"),
        "{section}"
    );
}

#[test]
fn embeds_transclude_notes_and_sections_and_cut_cycles() {
    let site = Site::new();
    site.note("host.md", "Before.\n\n![[Part]]\n\n![[part#Second]]\n\n![[pic.png]]\n")
        .note("part.md", "Intro of part.\n\n## First\nOne.\n\n## Second\nTwo.\n\n### Deeper\nThree.\n\n## Third\nFour.\n")
        .note("a.md", "A here.\n\n![[b]]\n")
        .note("b.md", "B here.\n\n![[a]]\n")
        .note("self.md", "Me.\n\n![[self]]\n")
        .note("fan1.md", "Fan.\n\n![[b]]\n\n![[self]]\n")
        .note("fan2.md", "Fan.\n\n![[a]]\n")
        .write_bytes("content/img/pic.png", b"png");
    let stderr = site.build();
    let host = site.read("host/index.html");
    assert!(host.contains("<div class=\"embed\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"../part/\">part</a></div><div class=\"embed-content\"><p>Intro of part.</p>"), "{host}");
    let second = &host[host
        .find("href=\"../part/#second\"")
        .expect("section embed")..];
    assert!(
        second.contains("Two.") && second.contains("Three."),
        "the section includes its sub-headings"
    );
    let section_body = &second[..second.find("</div></div>").unwrap()];
    assert!(
        !section_body.contains("Four."),
        "the section stops at the next heading of its level"
    );
    assert!(
        host.contains("<img src=\"../img/pic.png\""),
        "image embeds are found anywhere under content/"
    );
    // a -> b -> a is reported once, with its chain, and cut: not again for
    // each page that embeds a note of the cycle (fan1, fan2).
    assert_eq!(stderr.matches("embed cycle").count(), 2, "{stderr}");
    assert!(
        stderr.contains(
            "content/a.md:3:1: warning: embed cycle: content/a.md → content/b.md → content/a.md"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/self.md:3:1: warning: embed cycle: content/self.md → content/self.md"
        ),
        "{stderr}"
    );
    assert!(site.read("a/index.html").contains("B here."));
    assert!(site.read("a/index.html").contains("embed-cycle"));
}

#[test]
fn block_references_link_to_the_marked_paragraph() {
    let site = Site::new();
    site.note("src.md", "A key fact. ^fact-1\n\nOther.\n")
        .note("user.md", "See [[src#^fact-1]] and [[src#^missing]].\n");
    let stderr = site.build();
    assert!(site
        .read("src/index.html")
        .contains("<p id=\"^fact-1\">A key fact.</p>"));
    assert!(site
        .read("user/index.html")
        .contains("href=\"../src/#%5Efact-1\""));
    assert!(
        stderr
            .contains("content/user.md:1:25: warning: broken block reference #^missing in [[src]]"),
        "{stderr}"
    );
}

#[test]
fn escaped_pipes_in_tables_and_ambiguous_links() {
    let site = Site::new();
    site.note(
        "table.md",
        "| a | b |\n|---|---|\n| [[x/note\\|the label]] | [[note]] |\n",
    )
    .note("x/note.md", "X")
    .note("y/note.md", "Y");
    let stderr = site.build();
    let html = site.read("table/index.html");
    assert!(
        html.contains(
            "<a class=\"internal-link\" href=\"../x/note/\" title=\"note\">the label</a>"
        ),
        "{html}"
    );
    // [[note]] matches two notes equally: the nearest wins, with a warning naming both.
    assert!(stderr.contains("content/table.md:3:27: warning: ambiguous link [[note]]: it matches `content/x/note.md`, `content/y/note.md`; using `content/x/note.md`"), "{stderr}");
}

#[test]
fn graph_json_and_previews_ship_with_the_site() {
    let site = vault();
    site.build();
    let graph: serde_json::Value = serde_json::from_str(&site.read("graph.json")).unwrap();
    let nodes = graph["nodes"].as_array().unwrap();
    let id = |title: &str| {
        nodes
            .iter()
            .find(|n| n["title"] == title)
            .unwrap_or_else(|| panic!("no node {title}"))["id"]
            .clone()
    };
    let etcd = id("etcd");
    let backup = id("backup");
    let storage = id("#storage");
    assert_eq!(
        nodes.iter().find(|n| n["id"] == storage).unwrap()["url"],
        "topics/storage/"
    );
    let edges = graph["edges"].as_array().unwrap();
    let has = |s: &serde_json::Value, t: &serde_json::Value, k: &str| {
        edges
            .iter()
            .any(|e| &e["source"] == s && &e["target"] == t && e["kind"] == k)
    };
    assert!(has(&backup, &etcd, "link"));
    assert!(has(&etcd, &storage, "topic"));
    let script = site.read("static/graph-data.js");
    let json = script
        .strip_prefix("window.loreGraph = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("a script assigning loreGraph");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
        graph
    );
    let previews = site.read("static/previews.js");
    assert!(previews.contains("\"backup/\":{\"text\":\"First line. Take a snapshot with etcd before upgrades! Then relax.\",\"title\":\"backup\"}"), "{previews}");
    assert!(site.public().join("graph/index.html").is_file());
}
