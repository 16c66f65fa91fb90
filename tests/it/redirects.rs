//! Redirects: `redirect_from` pages, redirects kept for notes that moved
//! (recorded in `.lore/redirects.toml`, kept by later builds, dropped with
//! `--drop-redirect`), never over a real page, and followed by Chromium
//! from `file://`.

use crate::support::Site;

/// The `url=` of a redirect page's refresh.
fn refresh_target(html: &str) -> &str {
    let at = html.find("content=\"0; url=").expect("a refresh") + "content=\"0; url=".len();
    &html[at..at + html[at..].find('"').unwrap()]
}

#[test]
fn redirect_from_writes_a_page_at_each_old_url() {
    let site = Site::with_config("title = \"T\"\nbase_url = \"https://x.org/kb/\"\n");
    site.note(
        "guides/new.md",
        "---\ntitle: New & improved\nredirect_from: [old/place/, /kb/legacy.html, /kb/flat]\n---\n## Part\n\nText.\n",
    );
    site.build();
    let old = site.read("old/place/index.html");
    assert_eq!(refresh_target(&old), "../../guides/new/");
    assert!(old.contains("<link rel=\"canonical\" href=\"https://x.org/kb/guides/new/\">"));
    assert!(old.contains("<a href=\"../../guides/new/\">New &amp; improved</a>"));
    assert!(old.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(old.contains("src=\"../../static/redirect.js\" data-to=\"../../guides/new/\""));
    assert_eq!(refresh_target(&site.read("legacy.html")), "guides/new/");
    assert_eq!(
        refresh_target(&site.read("flat/index.html")),
        "../guides/new/"
    );
    crate::support::assert_all_links_resolve(&site.public());
}

#[test]
fn a_redirect_never_overwrites_a_page_and_says_so() {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntitle: A\nredirect_from: [b/, static/lore.css]\n---\nA.\n",
    )
    .note("b.md", "---\ntitle: B\n---\nThe real B.\n");
    let stderr = site.build();
    assert!(site.read("b/index.html").contains("The real B."));
    assert!(site.read("static/lore.css").len() > 1000);
    assert_eq!(
        stderr
            .matches("is already a page or file of the site")
            .count(),
        2,
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:3:1: warning: `redirect_from: b/` is not written"),
        "{stderr}"
    );
}

#[test]
fn a_renamed_note_keeps_a_redirect_from_its_old_url_until_dropped() {
    let site = Site::new();
    site.note("setup.md", "---\ntitle: Setup\n---\nHow to set up.\n")
        .note(
            "moved.md",
            "---\ntitle: Moved\n---\nWill move and change.\n",
        );
    site.build();
    // Renamed (same text), and moved to a folder (same file name, new text).
    std::fs::rename(
        site.root().join("content/setup.md"),
        site.root().join("content/install.md"),
    )
    .unwrap();
    site.note(
        "archive/moved.md",
        "---\ntitle: Moved\n---\nMoved, and edited.\n",
    );
    std::fs::remove_file(site.root().join("content/moved.md")).unwrap();
    site.build();
    assert_eq!(
        refresh_target(&site.read("setup/index.html")),
        "../install/"
    );
    assert_eq!(
        refresh_target(&site.read("moved/index.html")),
        "../archive/moved/"
    );
    let record = std::fs::read_to_string(site.root().join(".lore/redirects.toml")).unwrap();
    assert!(record.contains("\"setup/\" = \"install.md\""), "{record}");
    // A second build keeps them; renaming again moves the redirect along.
    site.build();
    assert_eq!(
        refresh_target(&site.read("setup/index.html")),
        "../install/"
    );
    std::fs::rename(
        site.root().join("content/install.md"),
        site.root().join("content/installing.md"),
    )
    .unwrap();
    site.build();
    assert_eq!(
        refresh_target(&site.read("setup/index.html")),
        "../installing/"
    );
    assert_eq!(
        refresh_target(&site.read("install/index.html")),
        "../installing/"
    );
    // Dropped with the flag: gone from the output and the record.
    site.build_with(&["--drop-redirect", "/setup/"]);
    assert!(!site.public().join("setup/index.html").exists());
    assert!(site.public().join("install/index.html").exists());
    site.build();
    assert!(
        !site.public().join("setup/index.html").exists(),
        "stays dropped"
    );
    // A note taking the old URL again wins, and the kept redirect goes.
    site.note(
        "install.md",
        "---\ntitle: Install again\n---\nA new page.\n",
    );
    site.build();
    assert!(site.read("install/index.html").contains("A new page."));
    let record = std::fs::read_to_string(site.root().join(".lore/redirects.toml")).unwrap();
    assert!(!record.contains("\"install/\" ="), "{record}");
}
