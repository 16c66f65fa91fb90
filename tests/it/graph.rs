//! Cross-linking: backlinks with context, unlinked mentions, inline and
//! nested topics, related notes with reasons.

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
    assert!(
        site.read("topics/networking/index.html")
            .contains("href=\"../../inline/\"")
            || site
                .read("topics/networking/index.html")
                .contains("inline/")
    );
    assert!(site
        .read("topics/networking/dns/index.html")
        .contains("inline"));
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
