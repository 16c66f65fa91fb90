//! URLs work at a domain root, under a sub-path, and from disk: every
//! internal link and asset is relative and points at a file that exists.

use crate::support::{assert_all_links_resolve, Site};

/// A vault published under a sub-path, with nested folders, topics and an
/// image attachment: `tests/fixtures/subpath-vault`.
fn sample() -> Site {
    Site::fixture("subpath-vault")
}

#[test]
fn every_link_and_asset_resolves_to_a_file_on_disk() {
    let site = sample();
    site.build();
    assert_all_links_resolve(&site.public());
}

#[test]
fn sub_path_base_url_keeps_links_relative() {
    let site = sample();
    site.build();
    let deep = site.read("a/b/deep-note/index.html");
    assert!(deep.contains("href=\"../../../top/\""), "{deep}");
    for html in [
        deep,
        site.read("index.html"),
        site.read("topics/net/dns/index.html"),
    ] {
        for href in crate::support::links_of(&html) {
            assert!(
                !href.starts_with('/'),
                "absolute link `{href}` breaks sub-paths and file://"
            );
        }
    }
    // The 404 page, served at any depth, uses the base path.
    assert!(crate::support::decode_entities(&site.read("404.html"))
        .contains("href=\"/notes/static/lore.css\""));
    // The sitemap has absolute URLs under the base.
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://user.github.io/notes/a/b/deep-note/</loc>"));
}

#[test]
fn attachments_are_copied_and_linked() {
    let site = sample();
    site.build();
    assert_eq!(
        std::fs::read(site.public().join("img/pic.png")).unwrap(),
        b"\x89PNG fake"
    );
    let top = site.read("top/index.html");
    assert!(top.contains("<img src=\"../img/pic.png\""), "{top}");
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = sample();
    site.build_with(&["--base-url", "https://example.com/preview/"]);
    assert!(site
        .read("sitemap.xml")
        .contains("https://example.com/preview/top/"));
}
