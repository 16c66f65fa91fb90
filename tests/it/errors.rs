//! Bad input: every problem is reported with `path:line:col`, all of them
//! in one run. A problem in one note is a warning and the rest of the site
//! still publishes (`--strict` makes it an error); problems with
//! `site.toml` or templates are errors and the build exits 1.

use crate::support::Site;

#[test]
fn bad_toml_frontmatter_is_a_warning_and_the_note_is_still_published() {
    let site = Site::new();
    site.note(
        "bad.md",
        "+++\ntitle = \"ok\"\ntopics = [\"a\",\n+++\nBody text\n",
    );
    let err = site.build();
    assert!(
        err.contains("content/bad.md:3:15: warning: invalid TOML frontmatter: unclosed array"),
        "{err}"
    );
    let html = site.read("bad/index.html");
    assert!(
        html.contains("<title>bad · Test notes</title>"),
        "title from the file name"
    );
    assert!(html.contains("Body text"), "{html}");
}

#[test]
fn bad_yaml_frontmatter_names_line_and_column_with_an_excerpt() {
    let site = Site::new();
    site.note("bad.md", "---\ntitle: ok\ntopics: [a, b\n---\nBody\n");
    let err = site.build();
    assert!(err.contains("content/bad.md:4:"), "{err}");
    assert!(err.contains("warning: invalid YAML frontmatter"), "{err}");
    assert!(err.contains(" | ---"), "the excerpt shows the line:\n{err}");
    // --strict turns it into an error and leaves the output untouched.
    let before = site.read("bad/index.html");
    let out = site.lore(&["build", "--strict"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/bad.md:4:"), "{stderr}");
    assert!(
        stderr.contains("error: invalid YAML frontmatter"),
        "{stderr}"
    );
    assert_eq!(site.read("bad/index.html"), before);
}

#[test]
fn templater_code_and_unquoted_at_signs_in_frontmatter_do_not_stop_the_site() {
    let site = Site::new();
    site.note(
        "weekly.md",
        "---\nweek: \"[[<% tp.date.now(\"YYYY\") %>]]\"\n---\n# Week\n",
    )
    .note("people.md", "---\nauthors:\n- @kepano\n---\nHello\n")
    .note("fine.md", "---\ntitle: Fine\n---\nok\n");
    let err = site.build();
    assert!(err.contains("content/weekly.md:2:"), "{err}");
    assert!(err.contains("content/people.md:3:"), "{err}");
    for page in ["weekly/index.html", "people/index.html", "fine/index.html"] {
        site.read(page);
    }
}

#[test]
fn wrong_frontmatter_type_drops_only_that_field() {
    let site = Site::new();
    site.note(
        "t.md",
        "---\ntitle: T\ntopics: {a: 1}\naliases: [7, {x: y}]\n---\n",
    );
    let err = site.build();
    assert!(
        err.contains(
            "content/t.md:3:1: warning: `topics` must be a list of names, not a map; ignored"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/t.md:4:1: warning: `aliases`"),
        "{err}"
    );
    let html = site.read("t/index.html");
    assert!(html.contains("<title>T · Test notes</title>"), "{html}");
}

#[test]
fn unknown_site_toml_key_names_line_and_column() {
    let site = Site::with_config("title = \"T\"\nbase_url = \"/\"\ntheme_colour = \"red\"\n");
    let err = site.build_fails();
    assert!(
        err.contains("site.toml:3:1: error: invalid site.toml: unknown field `theme_colour`"),
        "{err}"
    );
}

#[test]
fn wrong_site_toml_type_names_line_and_column() {
    let site = Site::with_config("title = \"T\"\nallow_html = \"yes\"\n");
    let err = site.build_fails();
    assert!(
        err.contains("site.toml:2:14: error: invalid site.toml"),
        "{err}"
    );
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    let site = Site::new();
    site.note("a.md", "x");
    site.write("templates/note.html", "<p>\n{{ note.title }\n</p>\n");
    let err = site.build_fails();
    assert!(err.contains("templates/note.html:2:"), "{err}");
    assert!(err.contains("error: template error"), "{err}");
}

#[test]
fn template_render_error_names_the_template() {
    let site = Site::new();
    site.note("a.md", "x");
    site.write("templates/note.html", "{{ note.no_such_field }}");
    let err = site.build_fails();
    assert!(
        err.contains("templates/note.html: error: template error"),
        "{err}"
    );
}

#[test]
fn slug_collisions_get_a_suffix_and_name_both_files() {
    let site = Site::new();
    site.note("Foo.md", "a")
        .note("foo.md", "b")
        .note("x.md", "---\nslug: foo\n---\nc");
    let err = site.build();
    // A slug set in frontmatter wins; then the names, in path order.
    assert!(
        err.contains("content/Foo.md: warning: this note and `content/x.md` would share a URL; this one is published at `foo-2/`"),
        "{err}"
    );
    assert!(
        err.contains("content/foo.md: warning: this note and `content/x.md` would share a URL; this one is published at `foo-3/`"),
        "{err}"
    );
    assert!(site.read("foo/index.html").contains("<p>c</p>"));
    assert!(site.read("foo-2/index.html").contains("<p>a</p>"));
    assert!(site.read("foo-3/index.html").contains("<p>b</p>"));
}

#[test]
fn file_names_that_slug_alike_publish_at_distinct_urls() {
    let site = Site::new();
    let names = [
        "C",
        "C++",
        "Bash",
        "Bash &",
        "Bash &&",
        "exit",
        "exit()",
        "Rose Pine",
        "Rosé Pine",
        "RedShift: OLED",
        "RedShift - OLED",
        "$?",
        "编辑与格式化",
    ];
    for name in names {
        site.note(&format!("{name}.md"), &format!("Body of {name}\n"));
    }
    site.build();
    let expected = [
        ("c", "C"),
        ("c-plus-plus", "C++"),
        ("bash", "Bash"),
        ("bash-and", "Bash &amp;"),
        ("bash-and-and", "Bash &amp;&amp;"),
        ("exit", "exit"),
        ("exit-2", "exit()"),
        ("rose-pine", "Rose Pine"),
        ("rosé-pine", "Rosé Pine"),
        ("redshift-oled", "RedShift - OLED"),
        ("redshift-oled-2", "RedShift: OLED"),
        ("dollar-question", "$?"),
        ("编辑与格式化", "编辑与格式化"),
    ];
    for (url, name) in expected {
        let html = site.read(&format!("{url}/index.html"));
        assert!(
            html.contains(&format!("<p>Body of {name}</p>")),
            "{url}: {html}"
        );
    }
    // ASCII names keep the URLs they always had.
    assert!(site.public().join("bash/index.html").is_file());
}

#[test]
fn folders_that_differ_only_in_case_do_not_merge() {
    let site = Site::new();
    site.note("Attachments/a.md", "upper")
        .note("attachments/a.md", "lower")
        .write_bytes("content/Attachments/pic.png", b"upper")
        .write_bytes("content/attachments/pic.png", b"lower")
        .note(
            "links.md",
            "![[Attachments/pic.png]] ![[attachments/pic.png]]",
        );
    site.build();
    let mut outputs: Vec<String> = crate::support::files_under(&site.public())
        .into_iter()
        .map(|f| f.to_lowercase())
        .collect();
    let count = outputs.len();
    outputs.sort();
    outputs.dedup();
    assert_eq!(outputs.len(), count, "two outputs differ only in case");
    assert_eq!(
        std::fs::read(site.public().join("attachments/pic.png")).unwrap(),
        b"upper"
    );
    assert_eq!(
        std::fs::read(site.public().join("attachments-2/pic.png")).unwrap(),
        b"lower"
    );
    let links = site.read("links/index.html");
    assert!(links.contains("src=\"../attachments/pic.png\""), "{links}");
    assert!(
        links.contains("src=\"../attachments-2/pic.png\""),
        "{links}"
    );
}

#[test]
fn a_frontmatter_slug_that_escapes_is_a_warning_and_the_file_name_is_used() {
    let site = Site::new();
    site.note("x.md", "---\ntitle: X\nslug: \"../../x\"\n---\n");
    let err = site.build();
    assert!(
        err.contains("content/x.md:3:1: warning: slug `../../x` must be a single path segment"),
        "{err}"
    );
    site.read("x/index.html");
}

#[test]
fn invalid_utf8_leaves_that_note_out_and_the_rest_publishes() {
    let site = Site::new();
    site.write_bytes("content/bin.md", b"# Title\nab\xff\xfe\n");
    site.note("bad.md", "---\ntitle: [\n---\n")
        .note("good.md", "fine");
    let err = site.build();
    assert!(
        err.contains("content/bin.md:2:3: warning: invalid UTF-8 at byte offset 10"),
        "{err}"
    );
    assert!(
        err.contains("content/bad.md:"),
        "the other broken note is reported too:\n{err}"
    );
    assert!(!site.public().join("bin/index.html").exists());
    site.read("good/index.html");
    site.read("bad/index.html");
}

#[test]
fn notes_named_like_lore_pages_and_windows_devices_get_other_urls() {
    let site = Site::new();
    site.note("topics.md", "mine")
        .note("aux.md", "device")
        .note("x.md", "#topic");
    let err = site.build();
    assert!(
        err.contains("content/topics.md: warning: this note's URL is taken by one of Lore's own pages; it is published at `topics-2/`"),
        "{err}"
    );
    assert!(site.read("topics-2/index.html").contains("<p>mine</p>"));
    assert!(site.read("aux_/index.html").contains("<p>device</p>"));
    site.read("topics/topic/index.html");
}

#[test]
fn missing_site_toml_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(crate::support::LORE)
        .args(["build", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("could not find `site.toml`"), "{err}");
}

#[test]
fn broken_links_warn_with_a_suggestion_and_render_visibly_broken() {
    let site = Site::new();
    site.note("etcd-backup.md", "x")
        .note("a.md", "Line one\nsee [[Etcd backpu]] now\n");
    let err = site.build();
    assert!(err.contains("content/a.md:2:5: warning: broken link [[Etcd backpu]] — did you mean [[etcd-backup]]?"), "{err}");
    let html = site.read("a/index.html");
    assert!(html.contains("<span class=\"broken-link\""), "{html}");
    // --strict turns the warning into a failure.
    let out = site.lore(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn many_warnings_are_summed_up_by_kind_and_lore_check_lists_them_all() {
    let site = Site::new();
    let links: String = (0..20).map(|i| format!("[[missing {i}]]\n\n")).collect();
    site.note("a.md", &links)
        .note("b.md", &links[..links.len() / 2]);
    site.note("c.md", "---\ntitle: [\n---\n");
    let stderr = site.build();
    assert_eq!(stderr.matches(": warning: ").count(), 10, "{stderr}");
    assert!(stderr.contains("… and 21 more warning(s):"), "{stderr}");
    assert!(
        stderr.contains("broken-link  most in content/a.md (10), content/b.md (10)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Run `lore check` to list every warning"),
        "{stderr}"
    );
    let verbose = site.lore(&["build", "-v"]);
    let verbose = String::from_utf8_lossy(&verbose.stderr);
    assert_eq!(verbose.matches(": warning: ").count(), 31, "{verbose}");
    let check = site.lore(&["check"]);
    let listed = String::from_utf8_lossy(&check.stdout);
    assert_eq!(listed.matches(": warning: ").count(), 31, "{listed}");
}
