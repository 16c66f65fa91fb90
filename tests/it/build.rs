//! Building a site: titles, headings, TOC, Markdown features, highlighting,
//! drafts, frontmatter extras and template overrides.

use crate::support::Site;

#[test]
fn titles_come_from_frontmatter_then_the_file_name() {
    let site = Site::new();
    site.note("a.md", "---\ntitle: From frontmatter\n---\n# Other H1\n")
        .note("b.md", "# A heading\n\nText.\n")
        .note("Same Title.md", "# Same title\n\nText.\n")
        .note("c-file-name.md", "Just text.\n");
    site.build();
    let a = site.read("a/index.html");
    assert!(
        a.contains("<title>From frontmatter · Test notes</title>"),
        "{a}"
    );
    assert!(
        a.contains("<h1 id=\"other-h1\">Other H1 "),
        "an H1 that is not the title stays in the body"
    );
    let b = site.read("b/index.html");
    assert!(b.contains("<title>b · Test notes</title>"), "{b}");
    assert!(b.contains("<h1 id=\"a-heading\">A heading "), "{b}");
    // An H1 that repeats the title is not shown twice.
    let same = site.read("same-title/index.html");
    assert!(
        same.contains("<title>Same Title · Test notes</title>"),
        "{same}"
    );
    assert!(!same.contains("id=\"same-title\">Same title"), "{same}");
    assert!(site
        .read("c-file-name/index.html")
        .contains("<title>c-file-name · Test notes</title>"));
}

#[test]
fn title_from_h1_is_the_opt_in_rule() {
    let site = Site::with_config("title = \"T\"\ntitle_from_h1 = true\n");
    site.note("b.md", "# From the H1\n\nText.\n")
        .note("c.md", "Text.\n");
    site.build();
    let b = site.read("b/index.html");
    assert!(b.contains("<title>From the H1 · T</title>"), "{b}");
    assert_eq!(b.matches("From the H1</h1>").count(), 1, "{b}");
    assert!(site.read("c/index.html").contains("<title>c · T</title>"));
}

#[test]
fn headings_get_stable_unique_ids_and_a_toc() {
    let site = Site::new();
    site.note(
        "n.md",
        "---\ntitle: N\n---\n## Setup\n### Install it\n## Setup\n## Custom {#my-id}\n",
    );
    site.build();
    let html = site.read("n/index.html");
    for id in ["setup", "install-it", "setup-1", "my-id"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "missing id {id}");
        assert!(
            html.contains(&format!("href=\"#{id}\"")),
            "TOC or anchor missing for {id}"
        );
    }
    // The TOC nests "Install it" under the first "Setup".
    let toc_start = html.find("Install it</a>").unwrap();
    let setup = html.find("href=\"#setup\"").unwrap();
    assert!(setup < toc_start);
}

#[test]
fn gfm_features_render() {
    let site = Site::new();
    site.note(
        "g.md",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n\nA note[^1].\n\n[^1]: The footnote.\n\nSee https://example.org/x for more.\n",
    );
    site.build();
    let html = site.read("g/index.html");
    assert!(html.contains("<table>"), "table");
    assert!(html.contains("<del>gone</del>"), "strikethrough");
    assert!(html.contains("type=\"checkbox\""), "task list");
    assert!(html.contains("class=\"footnote-definition\""), "footnote");
    assert!(
        html.contains("<a href=\"https://example.org/x\">https://example.org/x</a>"),
        "autolink"
    );
}

#[test]
fn code_is_highlighted_with_classes_for_yaml_and_bash() {
    let site = Site::new();
    site.note("c.md", "```yaml\napiVersion: v1\nkind: Pod\n```\n\n```bash\nkubectl get pods -n kube-system\n```\n\n```nosuchlang\n<b>x</b>\n```\n");
    site.build();
    let html = site.read("c/index.html");
    assert!(
        html.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"yaml\"><code class=\"language-yaml\"><span class=\""),
        "{html}"
    );
    let key = span_of(&html, "apiVersion").expect("yaml keys are classed");
    let value = span_of(&html, "v1").expect("yaml values are classed");
    assert_ne!(key, value, "keys and values look different");
    assert!(
        span_of(&html, "kubectl").is_some(),
        "bash is classed: {html}"
    );
    assert!(!html.contains("style=\""), "no inline styles");
    // Unknown languages come out escaped, not highlighted.
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"));
    // Every class on the page is defined: light ones plainly, dark ones
    // under the dark selectors (the attribute and the system setting).
    let css = site.read("static/syntax.css");
    let (light, dark) = css.split_once("[data-theme=dark]").expect("a dark section");
    assert!(dark.contains("prefers-color-scheme: dark"));
    for block in html.split("<pre class=\"code\"").skip(1) {
        let block = &block[..block.find("</pre>").unwrap()];
        for classes in block.split("<span class=\"").skip(1) {
            let classes = &classes[..classes.find('"').unwrap()];
            for class in classes.split(' ') {
                let rule = format!("pre.code .{class} {{");
                match class.chars().next() {
                    Some('l') => assert!(light.contains(&rule), "{class} undefined"),
                    Some('d') => assert!(dark.contains(&rule), "{class} undefined"),
                    _ => panic!("unexpected class {class}"),
                }
            }
        }
    }
}

/// The classes of the span whose text starts with `text`.
fn span_of<'h>(html: &'h str, text: &str) -> Option<&'h str> {
    let at = html.find(&format!("\">{text}"))?;
    let start = html[..at].rfind("class=\"")? + 7;
    Some(&html[start..at])
}

/// syntect#460: bat's JavaScript grammar looped forever on `a /*`, and so
/// did the issue's JSON-ish sample.
#[test]
fn code_that_sent_the_highlighter_into_a_loop_is_highlighted() {
    let sample = "{\n    // this is an inline comment\n\n    \"foo\": \"bar\" // another inline comment\n\n    /*\n       This is a block comment\n       that continues on another line\n    */\n}";
    let site = Site::new();
    site.note(
        "c.md",
        &format!(
            "# C\n\n```javascript\na /*\n```\n\n```js\n{sample}\n```\n\n```json\n{sample}\n```\n"
        ),
    );
    let out = site.lore_within(&["build"], std::time::Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("c/index.html");
    // The comment after `a` is coloured as a comment, and so is the
    // block comment of both samples: highlighting went on past it.
    let comment = span_of(&html, "/*").expect("the comment is classed");
    for block in html.split("<pre class=\"code\"").skip(1) {
        let block = &block[..block.find("</pre>").unwrap()];
        assert!(block.contains(&format!("class=\"{comment}\">")), "{block}");
    }
    assert_eq!(html.matches("<pre class=\"code\"").count(), 3);
}

/// A block that is not highlighted is still shown, and the warning names
/// the note and the block's line.
#[test]
fn a_block_left_plain_is_reported_at_its_line() {
    let site = Site::new();
    let long = "x".repeat(17 * 1024);
    site.note("c.md", &format!("# C\n\n```bash\n{long}\n```\n"));
    let stderr = site.build();
    assert!(
        stderr.contains("c.md:3:1: warning: code block has a line over 16 KB; shown as plain text"),
        "{stderr}"
    );
    assert!(site
        .read("c/index.html")
        .contains(&format!("<code class=\"language-bash\">{long}")));
}

#[test]
fn callouts_render_with_type_title_and_folding() {
    let site = Site::new();
    site.note("c.md", "> [!warning] Back up first\n> Snapshot etcd.\n\n> [!tip]- Folded\n> Hidden.\n\n> [!note]\n> Plain.\n\n> quote\n");
    site.build();
    let html = site.read("c/index.html");
    assert!(html.contains("<div class=\"callout\" data-callout=\"warning\"><div class=\"callout-title\">Back up first</div>"), "{html}");
    assert!(html.contains("<details class=\"callout\" data-callout=\"tip\"><summary class=\"callout-title\">Folded</summary>"));
    assert!(html.contains("<div class=\"callout-title\">Note</div>"));
    assert!(html.contains("<blockquote>"), "plain quotes stay quotes");
}

#[test]
fn callouts_nest() {
    let site = Site::new();
    site.note(
        "n.md",
        "> [!example] Outer\n> Outer text.\n> > [!danger]+ Inner\n> > Inner text.\n",
    );
    site.build();
    let html = site.read("n/index.html");
    let outer = html
        .find("data-callout=\"example\"")
        .expect("outer callout");
    let inner = html.find("<details class=\"callout\" data-callout=\"danger\" open><summary class=\"callout-title\">Inner</summary>").expect("inner callout");
    let outer_end = html[outer..].find("</div></div>").unwrap() + outer;
    assert!(
        outer < inner && inner < outer_end,
        "the inner callout sits inside the outer one"
    );
}

#[test]
fn drafts_and_unpublished_notes_are_left_out_unless_asked() {
    let site = Site::new();
    site.note("pub.md", "Hi\n")
        .note("d.md", "---\ndraft: true\n---\nDraft\n")
        .note("p.md", "---\npublish: false\n---\nPrivate\n");
    site.build();
    assert!(site.public().join("pub/index.html").exists());
    assert!(!site.public().join("d").exists());
    assert!(!site.public().join("p").exists());
    site.build_with(&["--drafts"]);
    assert!(site.public().join("d/index.html").exists());
    assert!(site.public().join("p/index.html").exists());
}

#[test]
fn site_templates_override_the_default_by_name_and_see_frontmatter_extras() {
    let site = Site::new();
    site.note(
        "x.md",
        "---\ntitle: X\ncssclasses: wide\npermalink: whatever\n---\nBody\n",
    );
    site.write("templates/note.html", "<p class=\"mine\">{{ note.title }} {{ note.extra.cssclasses }} {{ note.content | safe }}</p>");
    site.build();
    let html = site.read("x/index.html");
    assert!(
        html.starts_with("<p class=\"mine\">X wide <p>Body</p>"),
        "{html}"
    );
    // Other pages still use the default theme.
    assert!(site.read("index.html").contains("static/lore.css"));
}

#[test]
fn folders_are_sections_with_their_index_page() {
    let site = Site::new();
    site.note(
        "kubernetes/_index.md",
        "---\ntitle: Kubernetes\n---\nAll about k8s.\n",
    )
    .note(
        "kubernetes/etcd.md",
        "---\ntitle: etcd\ntopics: [storage/kv]\n---\nText\n",
    )
    .note("Other Folder/Note One.md", "Text\n");
    site.build();
    let section = site.read("kubernetes/index.html");
    assert!(section.contains("All about k8s."));
    assert!(
        section.contains("href=\"../kubernetes/etcd/\"")
            || section.contains("href=\"./etcd/\"")
            || section.contains("etcd/\""),
        "section lists its notes:\n{section}"
    );
    assert!(site.public().join("kubernetes/etcd/index.html").exists());
    assert!(
        site.public()
            .join("other-folder/note-one/index.html")
            .exists(),
        "slugs are lowercase"
    );
    // Nested topics: the note is under storage/kv and under storage.
    assert!(site.read("topics/storage/index.html").contains("etcd"));
    assert!(site.read("topics/storage/kv/index.html").contains("etcd"));
    assert!(site.read("topics/index.html").contains("storage/kv"));
}

#[test]
fn raw_html_is_sanitised_by_default_and_escaped_when_off() {
    let body = "<script>alert(1)</script>\n\n<b onclick=\"x()\">bold</b> [click](javascript:alert(2)) ![i](data:text/html,x)\n\n```\"><script>\nx\n```\n";
    let site = Site::with_config("title = \"T\"\nallow_html = false\n");
    site.note("h.md", body);
    site.build();
    let html = site.read("h/index.html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<script>alert"));
    assert!(
        !html.to_lowercase().contains("javascript:"),
        "javascript: link removed"
    );
    assert!(!html.contains("data:text/html"), "data: URL removed");

    let allowed = Site::new();
    allowed.note("h.md", body);
    allowed.build();
    let html = allowed.read("h/index.html");
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(
        !html.contains("<script>alert"),
        "scripts are sanitised away"
    );
    assert!(
        !html.contains("onclick"),
        "event handlers are sanitised away"
    );
    assert!(!html.to_lowercase().contains("javascript:"));
}

#[test]
fn bom_crlf_empty_and_frontmatter_only_notes_are_fine() {
    let site = Site::new();
    site.write_bytes(
        "content/bom.md",
        b"\xef\xbb\xbf---\r\ntitle: With BOM\r\n---\r\n## Head\r\nText\r\n",
    );
    site.note("empty.md", "")
        .note("only-fm.md", "---\ntitle: Only frontmatter\n---\n");
    site.build();
    let html = site.read("bom/index.html");
    assert!(html.contains("<title>With BOM · Test notes</title>"));
    assert!(html.contains("id=\"head\""));
    assert!(site
        .read("empty/index.html")
        .contains("<title>empty · Test notes</title>"));
    assert!(site.read("only-fm/index.html").contains("Only frontmatter"));
}

#[test]
fn wikilinks_and_md_links_resolve_to_note_urls() {
    let site = Site::new();
    site.note(
        "a.md",
        "See [[B Note]], [[b-note#Part two|the part]] and [file](sub/c.md#x).\n",
    )
    .note("b-note.md", "## Part two\n")
    .note("sub/c.md", "## X\n");
    site.build();
    let html = site.read("a/index.html");
    assert!(
        html.contains("<a class=\"internal-link\" href=\"../b-note/\""),
        "{html}"
    );
    assert!(html.contains("href=\"../b-note/#part-two\""));
    assert!(html.contains("href=\"../sub/c/#x\""));
}

#[test]
fn summary_line_counts_notes() {
    let site = Site::new();
    site.note("a.md", "x").note("b.md", "y");
    let stderr = site.build();
    assert!(stderr.contains("Built 2 notes in "), "{stderr}");
    let quiet = site.build_with(&["-q"]);
    assert_eq!(quiet, "");
}
