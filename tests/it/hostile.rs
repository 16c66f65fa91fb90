//! Inputs that used to hang Lore or crash it (stack overflows abort the
//! process, and with it `lore serve`): each must end in a clear message or
//! a good build, within a time limit.

use crate::support::Site;
use std::time::Duration;

const LIMIT: Duration = Duration::from_secs(120);

/// `lore build` that must fail with exit code 1 (not a crash); returns stderr.
fn build_fails(site: &Site) -> String {
    let out = site.lore_within(&["build"], LIMIT);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{:?}\n{stderr}", out.status);
    stderr
}

#[test]
fn a_template_that_includes_itself_is_an_error() {
    let site = Site::new();
    site.note("a.md", "# A\n");
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block content %}{% include \"note.html\" %}{% endblock content %}",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains("templates/note.html: error: template error:")
            && stderr.contains("template `note.html` includes itself"),
        "{stderr}"
    );
}

#[test]
fn templates_that_include_each_other_are_an_error() {
    let site = Site::new();
    site.note("a.md", "# A\n");
    site.write("templates/ping.html", "{% include \"pong.html\" %}");
    site.write("templates/pong.html", "{% include \"ping.html\" %}");
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block content %}{% include \"ping.html\" %}{% endblock content %}",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains("template `ping.html` includes itself"),
        "{stderr}"
    );
}

#[test]
fn a_macro_that_calls_itself_forever_is_an_error() {
    let site = Site::new();
    site.note("a.md", "# A\n");
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% import \"loop.html\" as l %}{% block content %}{{ l::down(n=1) }}{% endblock content %}",
    );
    site.write(
        "templates/loop.html",
        "{% macro down(n) %}{{ n }}{{ self::down(n=n + 1) }}{% endmacro down %}",
    );
    let stderr = build_fails(&site);
    assert!(
        stderr.contains("templates/note.html: error: template error:")
            && stderr.contains("macro `down` is called more than 64 levels deep"),
        "{stderr}"
    );
}

/// The sidebar lists notes many folders deep: the default theme draws it
/// with one loop, not a macro call per level. (500 folders aborted Lore;
/// 150 is well past the 64 levels templates may nest, and every level adds
/// a page that holds the whole tree, so deeper only slows the suite.)
#[test]
fn notes_150_folders_deep_are_built() {
    let site = Site::new();
    let deep = vec!["d"; 150].join("/");
    site.note(&format!("{deep}/leaf.md"), "---\ntitle: Leaf\n---\n");
    site.note("top.md", "# Top\n");
    let out = site.lore_within(&["build"], LIMIT);
    assert!(
        out.status.success(),
        "{:?}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let html = site.read(&format!("{deep}/leaf/index.html"));
    assert!(
        html.contains("aria-current=\"page\">Leaf</a>"),
        "the leaf is in the nav"
    );
    assert_eq!(
        html.matches("<details open>").count(),
        150,
        "every folder above it is open"
    );
    let top = site.read("top/index.html");
    assert_eq!(top.matches("<ul").count(), top.matches("</ul>").count());
}

/// A topic 10,000 levels deep ran for minutes and took gigabytes (a page
/// per level, each URL holding every level above it). Topics keep their
/// first 10 levels, with a warning at the line.
#[test]
fn topics_nested_10000_deep_are_cut_to_10_levels_with_a_warning() {
    let deep = vec!["a"; 10_000].join("/");
    let site = Site::new();
    site.note("inline.md", &format!("# Inline\n\nSee #{deep} here.\n"));
    site.note(
        "front.md",
        &format!("---\ntitle: Front\ntopics:\n  - {deep}\n---\nText.\n"),
    );
    let out = site.lore_within(&["build"], LIMIT);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("content/inline.md:3:5: warning: topic nested more than 10 levels deep; kept the first 10"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/front.md:3:1: warning: a topic is nested more than 10 levels deep; kept the first 10"),
        "{stderr}"
    );
    let ten = ["a"; 10].join("/");
    assert!(site
        .public()
        .join(format!("topics/{ten}/index.html"))
        .is_file());
    assert!(!site.public().join(format!("topics/{ten}/a")).exists());
    assert!(site
        .read("inline/index.html")
        .contains(&format!("topics/{ten}/\"")));
}

/// `get_env` would publish any environment variable (a CI secret) into
/// the pages: templates have no environment.
#[test]
fn templates_cannot_read_environment_variables() {
    let site = Site::new();
    site.note("a.md", "# A\n");
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block content %}[{{ get_env(name=\"LORE_TEST_SECRET\", default=\"none\") }}]{% endblock content %}",
    );
    let out = std::process::Command::new(crate::support::LORE)
        .args(["build", "--root"])
        .arg(site.root())
        .env("LORE_TEST_SECRET", "hunter2")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("templates/note.html: error: template error:")
            && stderr.contains(
                "`get_env` is not available: Lore templates cannot read environment variables"
            ),
        "{stderr}"
    );
    assert!(!stderr.contains("hunter2"));
    assert!(!site.public().exists());
}

/// A symbolic link to a file outside the site is never read (its text
/// would be published and searchable); a link inside the site is followed;
/// a folder link that loops is reported as a loop.
#[test]
fn symlinks_outside_the_site_are_skipped_with_a_warning() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "TOP-SECRET-PASSWORD").unwrap();
    let site = Site::new();
    site.note("real.md", "The real note.");
    let content = site.root().join("content");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), content.join("pw.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), content.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink(content.join("real.md"), content.join("alias.md")).unwrap();
    std::fs::create_dir(content.join("loop")).unwrap();
    std::os::unix::fs::symlink(&content, content.join("loop/back")).unwrap();
    let stderr = site.build();
    assert!(
        stderr.contains("content/pw.md: warning: this symbolic link points outside the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/elsewhere: warning: this symbolic link points outside the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/loop/back: warning: this symbolic link loops back to `content/`"),
        "{stderr}"
    );
    for file in crate::support::files_under(&site.public()) {
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP-SECRET"),
            "{file} holds the secret"
        );
    }
    assert!(std::fs::read_dir(site.root().join(".lore/search")).is_ok());
    let search = site.lore(&["search", "TOP-SECRET-PASSWORD", "--json"]);
    assert!(
        !String::from_utf8_lossy(&search.stdout).contains("pw"),
        "searchable"
    );
    // A link to a note inside the site is followed.
    assert!(site.read("alias/index.html").contains("The real note."));
}

/// Attachments named like Lore's own files never replace them: pages win,
/// and every collision is reported.
#[test]
fn attachments_never_overwrite_generated_files() {
    let site = Site::new();
    site.note("foo.md", "The foo note.")
        .write("content/index.html", "EVIL HOME")
        .write("content/foo/index.html", "EVIL NOTE")
        .write("content/404.html", "EVIL 404")
        .write("content/sitemap.xml", "EVIL SITEMAP")
        .write("content/static/lore.css", "EVIL CSS")
        .write("content/topics/x.png", "EVIL TOPIC");
    let stderr = site.lore(&["build", "--strict"]);
    assert_eq!(
        stderr.status.code(),
        Some(1),
        "collisions are warnings, errors with --strict"
    );
    let stderr = site.build();
    for file in ["index.html", "foo/index.html", "404.html", "sitemap.xml"] {
        assert!(!site.read(file).contains("EVIL"), "{file} was replaced");
    }
    assert!(!site.read("static/lore.css").contains("EVIL CSS"));
    assert!(stderr.contains("content/index.html: warning"), "{stderr}");
    assert!(
        stderr.contains("content/foo/index.html: warning"),
        "{stderr}"
    );
    assert!(stderr.contains("content/404.html: warning"), "{stderr}");
    assert!(stderr.contains("content/sitemap.xml: warning"), "{stderr}");
    assert!(stderr.contains("content/static: warning"), "{stderr}");
    assert!(stderr.contains("content/topics: warning"), "{stderr}");
}

/// Topics whose names slug alike never share a page silently, and no
/// topic page's relative links climb out of the site.
#[test]
fn topic_slugs_never_collide_and_every_topic_page_links_right() {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntopics: [x, \"../x\", \"!!/x\", \"c#\", c-sharp, C++]\n---\nA",
    )
    .note("b.md", "---\ntopics: [c]\n---\nB");
    let stderr = site.build();
    assert!(
        stderr.contains("the topics `c-sharp` and `c#` share the page `topics/c-sharp/`"),
        "{stderr}"
    );
    let files = crate::support::files_under(&site.public());
    assert!(!files.iter().any(|f| f.contains("//")), "{files:?}");
    for page in [
        "topics/x/index.html",
        "topics/bang-bang/x/index.html",
        "topics/c/index.html",
        "topics/c-plus-plus/index.html",
    ] {
        site.read(page);
    }
    let c = site.read("topics/c/index.html");
    let listing = &c[c.find("topic-page").unwrap()..];
    assert!(listing.contains("1 note<"), "c++ is not c: {listing}");
    assert!(listing.contains("href=\"../../b/\""), "{listing}");
    crate::support::assert_all_links_resolve(&site.public());
}
