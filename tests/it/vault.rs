//! Obsidian vaults read the way Obsidian shows them: one small fixture per
//! piece of syntax, with the rendered HTML asserted.

use crate::support::Site;

/// The `<article>` body of a note page (what the note itself rendered).
fn body(html: &str) -> &str {
    let start = html.find("<div class=\"prose\"").expect("note body");
    let end = html[start..]
        .find("<footer class=\"note-links\">")
        .or_else(|| html[start..].find("</article>"))
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[test]
fn comments_vanish_before_anything_reads_them() {
    let site = Site::new();
    site.note(
        "a.md",
        "Visible %%hidden [[Ghost]] #ghost-topic%% text.\n\n%%\nA whole\n\n[[Other]] block\n%%\n\n<!-- an html\ncomment --> after\n\n`%% code %%`\n",
    )
    .note("other.md", "Other");
    let stderr = site.build();
    assert!(
        !stderr.contains("Ghost"),
        "nothing inside a comment is reported:\n{stderr}"
    );
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(b.contains("Visible"), "{b}");
    assert!(
        !b.contains("hidden") && !b.contains("A whole") && !b.contains("an html"),
        "{b}"
    );
    assert!(b.contains("<code>%% code %%</code>"), "{b}");
    assert!(!site.public().join("topics/ghost-topic").exists());
    // No backlink from a link inside a comment.
    assert!(!site.read("other/index.html").contains("Linked from"));
}

#[test]
fn highlights_tasks_and_inline_footnotes() {
    let site = Site::new();
    site.note(
        "a.md",
        "Some ==marked **text**== here.\n\n- [/] half\n- [x] done\n- [ ] todo\n- [?] asked\n\nA claim^[With a **source**.] and one[^1].\n\n[^1]: Regular.\n",
    );
    site.build();
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(
        b.contains("<mark>marked <strong>text</strong></mark>"),
        "{b}"
    );
    assert!(b.contains("<li class=\"task-list-item\" data-task=\"/\"><input type=\"checkbox\" disabled checked data-task=\"/\"> half"), "{b}");
    assert!(
        b.contains("data-task=\" \"><input type=\"checkbox\" disabled data-task=\" \"> todo"),
        "{b}"
    );
    assert!(b.contains("data-task=\"?\""), "{b}");
    assert!(
        b.contains("<a href=\"#fn-inline-1\" id=\"fnref-inline-1\">2</a>"),
        "{b}"
    );
    assert!(b.contains("id=\"fn-inline-1\"><sup class=\"footnote-definition-label\">2</sup><p>With a <strong>source</strong>."), "{b}");
    assert!(!b.contains("^["), "{b}");
}

#[test]
fn block_ids_are_hidden_and_links_to_them_work() {
    let site = Site::new();
    site.note(
        "src.md",
        "A paragraph. ^para\n\n- item one ^li\n  - child of one\n- item two\n\n> [!note] A callout\n> inside\n\n^callout\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n^table\n",
    )
    .note(
        "user.md",
        "[[src#^para]] [[src#^li]] [[src#^callout]] [[src#^table]]\n\n![[src#^li]]\n\n![[src#^callout]]\n",
    );
    let stderr = site.build();
    assert!(!stderr.contains("warning"), "every id is valid:\n{stderr}");
    let src = site.read("src/index.html");
    let b = body(&src);
    assert!(!b.contains('^') || !b.contains(" ^"), "{b}");
    assert!(b.contains("<p id=\"^para\">A paragraph.</p>"), "{b}");
    assert!(b.contains("<li id=\"^li\">item one"), "{b}");
    assert!(b.contains("<div class=\"block\" id=\"^callout\">"), "{b}");
    assert!(b.contains("<div class=\"block\" id=\"^table\">"), "{b}");
    let user = site.read("user/index.html");
    let u = body(&user);
    for id in ["para", "li", "callout", "table"] {
        assert!(
            u.contains(&format!("href=\"../src/#%5E{id}\"")),
            "{id}: {u}"
        );
    }
    // Embedding a block shows only that block.
    let embeds: Vec<&str> = u.split("<div class=\"embed\">").skip(1).collect();
    assert_eq!(embeds.len(), 2, "{u}");
    assert!(
        embeds[0].contains("item one") && embeds[0].contains("child of one"),
        "{}",
        embeds[0]
    );
    assert!(
        !embeds[0].contains("item two") && !embeds[0].contains("A paragraph"),
        "{}",
        embeds[0]
    );
    assert!(
        embeds[1].contains("data-callout=\"note\"") && embeds[1].contains("inside"),
        "{}",
        embeds[1]
    );
    assert!(!embeds[1].contains("<table>"), "{}", embeds[1]);
    // lore check accepts them all.
    let out = site.lore(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("block reference"), "{text}");
}

#[test]
fn callout_titles_take_inline_markdown_and_links() {
    let site = Site::new();
    site.note("a.md", "> [!info] See [[Other note]] and *this*\n> Body.\n")
        .note("Other note.md", "x");
    let stderr = site.build();
    assert!(!stderr.contains("broken"), "{stderr}");
    let html = site.read("a/index.html");
    assert!(
        html.contains("<div class=\"callout-title\">See <a class=\"internal-link\" href=\"../other-note/\" title=\"Other note\">Other note</a> and <em>this</em></div>"),
        "{}",
        body(&html)
    );
}

#[test]
fn heading_links_take_paths_and_read_note_then_heading() {
    let site = Site::new();
    site.note(
        "Guide.md",
        "# Guide\n\n## Install\n### Linux\nA.\n## Usage\n### Linux\nB.\n",
    )
    .note(
        "a.md",
        "[[Guide#Usage#Linux]] [[Guide#Guide]] [[Guide#Install]] [[Guide#Install|custom]]\n",
    );
    let stderr = site.build();
    assert!(!stderr.contains("broken"), "{stderr}");
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(
        b.contains("href=\"../guide/#linux-1\" title=\"Guide\">Guide &gt; Usage &gt; Linux</a>"),
        "{b}"
    );
    // The H1 that is the title: the top of the page.
    assert!(
        b.contains("href=\"../guide/\" title=\"Guide\">Guide &gt; Guide</a>"),
        "{b}"
    );
    assert!(b.contains(">Guide &gt; Install</a>"), "{b}");
    assert!(b.contains(">custom</a>"), "{b}");
}

#[test]
fn links_inside_embeds_work_from_the_embedding_page() {
    let site = Site::new();
    site.note("deep/er/host.md", "![[part]]\n")
        .note(
            "lib/part.md",
            "## Section\nSee [[target]], [[#Section]], [file](../files/doc.txt) and #tagged.\n",
        )
        .note("target.md", "T")
        .write_bytes("content/files/doc.txt", b"doc");
    let stderr = site.build();
    assert!(!stderr.contains("broken"), "{stderr}");
    let html = site.read("deep/er/host/index.html");
    let b = body(&html);
    assert!(b.contains("href=\"../../../target/\""), "{b}");
    assert!(b.contains("href=\"../../../lib/part/#section\""), "{b}");
    assert!(b.contains("href=\"../../../files/doc.txt\""), "{b}");
    assert!(b.contains("href=\"../../../topics/tagged/\""), "{b}");
    crate::support::assert_all_links_resolve(&site.public());
}

#[test]
fn a_note_may_embed_another_part_of_itself() {
    let site = Site::new();
    site.note("self.md", "## One\nFirst part.\n\n## Two\n![[self#One]]\n");
    let stderr = site.build();
    assert!(!stderr.contains("cycle"), "{stderr}");
    let html = site.read("self/index.html");
    assert!(
        html.contains("<div class=\"embed-content\"><h2 id=\"one\">One"),
        "{}",
        body(&html)
    );
    // Embedding the section that holds the embed is a cycle.
    site.note("loop.md", "## One\n![[loop#One]]\n");
    let stderr = site.build();
    assert!(stderr.contains("embed cycle"), "{stderr}");
}

#[test]
fn media_embeds_get_their_elements() {
    let site = Site::new();
    site.note(
        "a.md",
        "![[pic.png|300]]\n\n![[pic.png|300x200]]\n\n![Alt text|120](pic.png)\n\n![[song.mp3]]\n\n![[clip.webm]]\n\n![[paper.pdf#page=3]]\n\n![[data.zip]]\n\n![[missing.png]]\n",
    )
    .write_bytes("content/img/pic.png", b"png")
    .write_bytes("content/media/song.mp3", b"mp3")
    .write_bytes("content/media/clip.webm", b"webm")
    .write_bytes("content/docs/paper.pdf", b"%PDF")
    .write_bytes("content/data.zip", b"zip");
    let stderr = site.build();
    assert!(
        stderr.contains("missing.png"),
        "a missing file is a warning:\n{stderr}"
    );
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(
        b.contains("<img src=\"../img/pic.png\" alt=\"\" width=\"300\" loading=\"lazy\">"),
        "{b}"
    );
    assert!(b.contains("width=\"300\" height=\"200\""), "{b}");
    assert!(
        b.contains("<img src=\"../img/pic.png\" alt=\"Alt text\" width=\"120\""),
        "{b}"
    );
    assert!(b.contains("<audio class=\"media-embed\" controls preload=\"metadata\" src=\"../media/song.mp3\"></audio>"), "{b}");
    assert!(b.contains("<video class=\"media-embed\" controls preload=\"metadata\" src=\"../media/clip.webm\"></video>"), "{b}");
    assert!(
        b.contains("<iframe class=\"pdf-embed\" src=\"../docs/paper.pdf#page=3\""),
        "{b}"
    );
    assert!(
        b.contains("<a class=\"internal-link attachment\" href=\"../data.zip\">data.zip</a>"),
        "{b}"
    );
    assert!(!b.contains("<img src=\"../media"), "{b}");
}

#[test]
fn attachments_are_found_by_name_like_obsidian_does() {
    let site = Site::new();
    site.note(
        "notes/a.md",
        "![x](shot.png) ![y](../../up/shot.png) [doc](other.md)\n",
    )
    .note("elsewhere/other.md", "O")
    .write_bytes("content/images/shot.png", b"png");
    let stderr = site.build();
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("notes/a/index.html");
    assert_eq!(
        html.matches("src=\"../../images/shot.png\"").count(),
        2,
        "{}",
        body(&html)
    );
    assert!(
        html.contains("href=\"../../elsewhere/other/\""),
        "{}",
        body(&html)
    );
}

#[test]
fn excalidraw_drawings_show_their_export_never_their_json() {
    let site = Site::new();
    let json = format!(
        "{{\"type\":\"excalidraw\",\"elements\":[{}]}}",
        "{\"x\":1},".repeat(50)
    );
    site.note(
        "Drawing.excalidraw.md",
        &format!("---\nexcalidraw-plugin: parsed\n---\n# Text Elements\nHello\n\n%%\n# Drawing\n```json\n{json}\n```\n%%\n"),
    )
    .note("Bare.excalidraw.md", &format!("```json\n{json}\n```\n"))
    .write_bytes("content/Drawing.excalidraw.svg", b"<svg/>")
    .note("host.md", "![[Drawing.excalidraw]]\n\n![[Bare.excalidraw]]\n");
    site.build();
    let host = site.read("host/index.html");
    let b = body(&host);
    assert!(b.contains("<img src=\"../Drawing.excalidraw.svg\""), "{b}");
    assert!(b.contains("drawing-placeholder"), "{b}");
    assert!(!b.contains("elements"), "{b}");
    let page = site.read("drawing-excalidraw/index.html");
    assert!(
        body(&page).contains("Drawing.excalidraw.svg"),
        "{}",
        body(&page)
    );
    assert!(!site
        .read("bare-excalidraw/index.html")
        .contains("\"elements\""));
}

#[test]
fn raw_html_renders_sanitised_with_https_iframes_only() {
    let site = Site::new();
    site.note(
        "a.md",
        "<div class=\"box\"><span style=\"color:red\">red</span></div>\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n<iframe src=\"http://evil.example/\"></iframe>\n\n<style>\nbody{display:none}\n\nAfter the style.\n",
    );
    let stderr = site.build();
    assert!(stderr.contains("`<style>` is not closed"), "{stderr}");
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(b.contains("<span style=\"color:red\">red</span>"), "{b}");
    assert!(
        b.contains(" src=\"https://www.youtube.com/embed/x\"></iframe>"),
        "{b}"
    );
    assert!(b.contains("sandbox=\""), "{b}");
    assert!(!b.contains("evil.example\""), "{b}");
    assert!(
        b.contains("After the style."),
        "an unclosed <style> swallows nothing: {b}"
    );
}

#[test]
fn folder_notes_are_their_folders_page_and_attachment_folders_no_section() {
    let site = Site::new();
    site.note("Projects.md", "The projects folder note.\n")
        .note("Projects/alpha.md", "Alpha")
        .write_bytes("content/assets/pic.png", b"png")
        .note("b.md", "![[pic.png]]");
    site.build();
    assert!(site
        .read("projects/index.html")
        .contains("The projects folder note."));
    site.read("projects/alpha/index.html");
    let home = site.read("index.html");
    assert!(
        !home.contains("href=\"assets/\""),
        "a folder of attachments is no section"
    );
    assert!(!site.public().join("assets/index.html").exists());
    let sitemap = site.read("sitemap.xml");
    assert_eq!(sitemap.matches("projects/</loc>").count(), 1, "{sitemap}");
}

#[test]
fn unlinked_mentions_are_capped_and_skip_common_words_and_lowercase_acronyms() {
    let site = Site::new();
    site.note("Hub topic.md", "The hub.")
        .note("For.md", "A note titled like a common word.")
        .note("CAN.md", "---\naliases: [CAN bus]\n---\nThe bus.")
        .note("low.md", "You can do it for sure.")
        .note("caps.md", "The CAN carries frames.");
    for i in 0..30 {
        site.note(
            &format!("m{i:02}.md"),
            "This mentions hub topic in passing.",
        );
    }
    site.build();
    let hub = site.read("hub-topic/index.html");
    assert!(
        hub.contains("Unlinked mentions <span class=\"badge\">30</span>"),
        "{hub}"
    );
    let section = &hub[hub.find("link-group mentions").unwrap()..];
    assert_eq!(
        section.matches("<p class=\"link-context\">").count(),
        20,
        "{section}"
    );
    assert!(
        section.contains("<summary>and 10 more</summary>"),
        "{section}"
    );
    let can = site.read("can/index.html");
    let mentions = &can[can.find("link-group mentions").expect("mentions")..];
    assert!(
        mentions.contains("href=\"../caps/\""),
        "an all-caps name matches in capitals"
    );
    assert!(
        !mentions.contains("href=\"../low/\""),
        "…and not the word `can`"
    );
    assert!(!site.read("for/index.html").contains("Unlinked mentions"));
}

/// The warnings the messy vault must give: each problem it holds, once,
/// with its place.
const MESSY_WARNINGS: &[&str] = &[
    "content/C++.md:3:",        // `- @someone`: invalid YAML
    "content/Daily note.md:2:", // Templater code in frontmatter
    "content/Projects/Alpha.md:3:1: warning: `draft` must be true or false",
    "content/broken.md:1:8: warning: broken link [[Missing note]]",
    "content/broken.md:1:",           // ![[missing.png]]
    "content/deep/er/est/Deep.md:1:", // [[Guide#Nope]]
    "this note and `content/exit.md` would share a URL",
    "this note and `content/RedShift - OLED.md` would share a URL",
    "content/attachments: warning: this folder and `content/Attachments` would share a URL",
];

#[test]
fn a_messy_vault_builds_and_reads_clean() {
    let site = Site::fixture("messy-vault");
    let stderr = site.build();
    for expected in MESSY_WARNINGS {
        assert!(
            stderr.contains(expected),
            "missing `{expected}` in:\n{stderr}"
        );
    }
    let audit = crate::support::audit(&site.public());
    audit.assert_clean();
    // Templates, .obsidian/ and .trash/ are not published.
    for gone in ["templates", "Templates", ".obsidian", ".trash", "daily"] {
        assert!(!site.public().join(gone).exists(), "{gone}");
    }
    let home = site.read("home/index.html");
    assert!(!home.contains("secret-topic") && !home.contains("Ghost note"));
    assert!(home.contains("<mark>the important part</mark>"));
    // --strict lists every warning and fails.
    let out = site.lore(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let strict = String::from_utf8_lossy(&out.stderr);
    for expected in MESSY_WARNINGS {
        let expected = expected.replace(": warning: ", ": error: ");
        assert!(
            strict.contains(&expected),
            "--strict misses `{expected}`:\n{strict}"
        );
    }
}

#[test]
fn wikilinks_with_a_label_work_inside_tables() {
    let site = Site::new();
    site.note(
        "a.md",
        "| Option | Meaning |\n| --- | --- |\n| `--name` | see [[Other note|the other]] and [[Other note]] |\n",
    )
    .note("Other note.md", "x");
    let stderr = site.build();
    assert!(!stderr.contains("broken"), "{stderr}");
    let html = site.read("a/index.html");
    let b = body(&html);
    assert!(b.contains("<td>see <a class=\"internal-link\" href=\"../other-note/\" title=\"Other note\">the other</a> and "), "{b}");
    assert_eq!(b.matches("<td>").count(), 2, "{b}");
}

#[test]
fn listings_and_link_contexts_show_inline_code_as_code() {
    let site = Site::new();
    site.note(
        "syntax.md",
        "Write `[[Note]]` to link, as [[other]] does.\n",
    )
    .note("other.md", "x");
    site.build();
    let home = site.read("index.html");
    assert!(
        home.contains("Write <code>[[Note]]</code> to link, as other does."),
        "{home}"
    );
    let other = site.read("other/index.html");
    assert!(
        other.contains(
            "<p class=\"link-context\">Write <code>[[Note]]</code> to link, as other does."
        ),
        "{other}"
    );
    crate::support::audit(&site.public()).assert_clean();
}

#[test]
fn links_in_frontmatter_properties_are_links_and_link_topics_are_topics() {
    let site = Site::new();
    site.note(
        "Out of Control.md",
        "---\ncategories:\n  - \"[[Books]]\"\nauthor: [\"[[Kevin Kelly|KK]]\"]\ntopics:\n  - \"[[Emergence]]\"\n---\nA book.\n",
    )
    .note("Books.md", "The books.")
    .note("Kevin Kelly.md", "A writer.");
    site.build();
    let books = site.read("books/index.html");
    let linked = &books[books.find("link-group backlinks").expect("a backlink")..];
    assert!(linked.contains("href=\"../out-of-control/\""), "{linked}");
    assert!(linked.contains("categories: Books"), "{linked}");
    assert!(site.read("kevin-kelly/index.html").contains("author: KK"));
    site.read("topics/emergence/index.html");
    let graph = site.read("graph.json");
    assert!(graph.contains("\"kind\":\"link\""), "{graph}");
    crate::support::audit(&site.public()).assert_clean();
}
