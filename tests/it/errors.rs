//! Bad input: every problem is reported with `path:line:col`, all of them
//! in one run, and the build exits 1.

use crate::support::Site;

#[test]
fn bad_toml_frontmatter_names_the_line() {
    let site = Site::new();
    site.note(
        "bad.md",
        "+++\ntitle = \"ok\"\ntopics = [\"a\",\n+++\nBody\n",
    );
    let err = site.build_fails();
    assert!(
        err.contains("content/bad.md:3:15: error: invalid TOML frontmatter: unclosed array"),
        "{err}"
    );
}

#[test]
fn bad_yaml_frontmatter_names_line_and_column_with_an_excerpt() {
    let site = Site::new();
    site.note("bad.md", "---\ntitle: ok\ntopics: [a, b\n---\n");
    let err = site.build_fails();
    assert!(err.contains("content/bad.md:4:"), "{err}");
    assert!(err.contains("error: invalid YAML frontmatter"), "{err}");
}

#[test]
fn wrong_frontmatter_type_points_at_the_key() {
    let site = Site::new();
    site.note("t.md", "---\ntitle: T\ntopics: {a: 1}\n---\n");
    let err = site.build_fails();
    assert!(
        err.contains("content/t.md:3:1: error: `topics` must be a list of strings"),
        "{err}"
    );
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
fn slug_collisions_name_both_files() {
    let site = Site::new();
    site.note("Foo.md", "a")
        .note("foo.md", "b")
        .note("x.md", "---\nslug: foo\n---\n");
    let err = site.build_fails();
    assert!(
        err.contains(
            "content/foo.md: error: this note and `content/Foo.md` both want the URL `foo/`"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "content/x.md: error: this note and `content/Foo.md` both want the URL `foo/`"
        ),
        "{err}"
    );
}

#[test]
fn escaping_slug_is_an_error() {
    let site = Site::new();
    site.note("x.md", "---\ntitle: X\nslug: \"../../x\"\n---\n");
    let err = site.build_fails();
    assert!(
        err.contains("content/x.md:3:1: error: slug `../../x` must be a single path segment"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_other_notes_are_still_checked() {
    let site = Site::new();
    site.write_bytes("content/bin.md", b"# Title\nab\xff\xfe\n");
    site.note("bad.md", "---\ntitle: [\n---\n");
    let err = site.build_fails();
    assert!(
        err.contains("content/bin.md:2:3: error: invalid UTF-8 at byte offset 10"),
        "{err}"
    );
    assert!(
        err.contains("content/bad.md:"),
        "the other broken note is reported too:\n{err}"
    );
    assert!(err.contains("build failed with 2 error(s)"), "{err}");
}

#[test]
fn reserved_urls_are_refused() {
    let site = Site::new();
    site.note("topics.md", "x");
    let err = site.build_fails();
    assert!(
        err.contains("content/topics.md: error: this note's URL `topics/` is used by Lore's own"),
        "{err}"
    );
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
