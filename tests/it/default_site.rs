//! The repository is itself a site: the Kubernetes notes build cleanly and
//! every note gets its page.

use crate::support::{assert_all_links_resolve, Site};

#[test]
fn default_site_builds_every_note_without_warnings() {
    let site = Site::repository();
    let stderr = site.build_with(&["--strict"]);
    let public = site.public();
    let mut notes = 0;
    for entry in std::fs::read_dir(site.root().join("content")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".md").filter(|s| *s != "_index") {
            assert!(
                public.join(stem).join("index.html").is_file(),
                "no page for {name}"
            );
            notes += 1;
        }
    }
    assert!(notes >= 25, "only {notes} notes");
    assert!(stderr.contains(&format!("Built {notes} notes")), "{stderr}");
    let index = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(index.contains("Kubernetes Ultimate Notes"));
    assert_all_links_resolve(&public);
}
