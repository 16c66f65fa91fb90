//! Social cards (`[social] cards = true`): a 1200×630 PNG per note (and one
//! for the site), named by the pages' `og:image`, cached in `.lore/cards/`
//! so that a second build draws nothing again.

use crate::support::Site;

fn site() -> Site {
    let site = Site::with_config(
        "title = \"Field notes\"\ndescription = \"What we learnt\"\nbase_url = \"https://x.org/\"\n[social]\ncards = true\n",
    );
    site.note("net/dns.md", "---\ntitle: How DNS names resolve, from the stub resolver to the root servers and back\ntopics: [net, dns]\n---\nText.\n")
        .note("b.md", "---\ntitle: B\n---\nText.\n");
    site
}

fn cached(site: &Site) -> Vec<(std::path::PathBuf, std::time::SystemTime)> {
    let mut list: Vec<_> = std::fs::read_dir(site.root().join(".lore/cards"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let t = std::fs::metadata(&p).unwrap().modified().unwrap();
            (p, t)
        })
        .collect();
    list.sort();
    list
}

#[test]
fn each_note_has_a_card_that_decodes_at_1200_by_630() {
    let site = site();
    site.build();
    for file in [
        "static/cards/notes/net/dns.png",
        "static/cards/notes/b.png",
        "static/cards/site.png",
    ] {
        let bytes = std::fs::read(site.public().join(file)).unwrap();
        let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((img.width(), img.height()), (1200, 630), "{file}");
        // Not a blank image: the title's pixels are dark on the light card.
        let rgb = img.to_rgb8();
        assert!(
            rgb.pixels().any(|p| p.0[0] < 60 && p.0[1] < 60),
            "{file} has text"
        );
    }
    let note = site.read("net/dns/index.html");
    assert!(
        note.contains(
            "<meta property=\"og:image\" content=\"https://x.org/static/cards/notes/net/dns.png\">"
        ),
        "{note}"
    );
    assert!(note.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
    assert!(site
        .read("index.html")
        .contains("<meta property=\"og:image\" content=\"https://x.org/static/cards/site.png\">"));
}

#[test]
fn cards_are_cached_and_drawn_again_only_when_what_they_show_changes() {
    let site = site();
    site.build();
    let first = cached(&site);
    assert_eq!(first.len(), 3, "two notes and the site: {first:?}");
    site.build();
    assert_eq!(cached(&site), first, "the second build drew nothing");
    // A body edit changes nothing on the card; a title does.
    site.note("b.md", "---\ntitle: B\n---\nOther text.\n");
    site.build();
    assert_eq!(cached(&site), first);
    site.note("b.md", "---\ntitle: Bee\n---\nOther text.\n");
    site.build();
    assert_eq!(cached(&site).len(), 4, "one new card");
}

#[test]
fn the_published_card_is_the_cached_file_not_a_second_copy() {
    use std::os::unix::fs::MetadataExt;
    let site = site();
    for build in ["cold", "warm"] {
        site.build();
        let published = std::fs::metadata(site.public().join("static/cards/notes/b.png")).unwrap();
        let same = cached(&site)
            .iter()
            .any(|(p, _)| std::fs::metadata(p).unwrap().ino() == published.ino());
        assert!(
            same,
            "{build} build: the output's card is a hard link to .lore/cards/"
        );
    }
    // A card that changes is a new cached file: the old output is not
    // rewritten through the link.
    let before = std::fs::read(site.public().join("static/cards/notes/b.png")).unwrap();
    let old = cached(&site);
    site.note("b.md", "---\ntitle: Bee\n---\nText.\n");
    site.build();
    for (path, _) in &old {
        assert!(path.exists(), "{path:?} is kept");
    }
    let after = std::fs::read(site.public().join("static/cards/notes/b.png")).unwrap();
    assert_ne!(before, after);
    assert!(old.iter().any(|(p, _)| std::fs::read(p).unwrap() == before));
}

#[test]
fn without_the_setting_there_are_no_cards() {
    let site = Site::with_config("title = \"T\"\nbase_url = \"https://x.org/\"\n");
    site.note("a.md", "Text.\n");
    site.build();
    assert!(!site.public().join("static/cards").exists());
    assert!(!site.read("a/index.html").contains("og:image"));
}
