//! Images: every image of the content folder gets its width and height
//! from the file's header, lazy loading (but the first) and async decoding;
//! with `[images] max_width` resized copies in a `srcset`, made once and
//! cached in `.lore/images/`, and a link to the original that opens a
//! lightbox in Chromium.

use crate::sites::{png, variant_site};
use crate::support::Site;

fn img_tags(html: &str) -> Vec<&str> {
    html.match_indices("<img ")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn images_get_their_size_and_load_lazily_after_the_first() {
    let site = Site::new();
    site.write_bytes("content/img/wide.png", &png(640, 320));
    site.write_bytes("content/img/b.png", &png(200, 100));
    site.write(
        "content/img/d.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"></svg>",
    );
    site.note(
        "a.md",
        "![[wide.png]]\n\n![B](img/b.png)\n\n![[b.png|50]]\n\n![[d.svg]]\n\n<img src=\"../img/b.png\" alt=\"raw\">\n\n![ext](https://example.org/x.png)\n",
    );
    site.build();
    let html = site.read("a/index.html");
    let tags = img_tags(&html);
    assert_eq!(tags.len(), 6, "{tags:#?}");
    assert!(
        tags[0].contains("width=\"640\" height=\"320\" decoding=\"async\""),
        "{}",
        tags[0]
    );
    assert!(
        !tags[0].contains("loading="),
        "the first image loads at once: {}",
        tags[0]
    );
    assert!(
        tags[1].contains("width=\"200\" height=\"100\" loading=\"lazy\" decoding=\"async\""),
        "{}",
        tags[1]
    );
    assert!(
        tags[2].contains("width=\"50\" height=\"25\""),
        "a set width keeps the ratio: {}",
        tags[2]
    );
    assert!(
        tags[3].contains("width=\"120\" height=\"60\""),
        "{}",
        tags[3]
    );
    assert!(
        tags[4].contains("alt=\"raw\"") && tags[4].contains("width=\"200\" height=\"100\""),
        "{}",
        tags[4]
    );
    assert!(
        !tags[5].contains("width="),
        "external images are left alone: {}",
        tags[5]
    );
    assert!(!html.contains("lightbox"), "no copies, no lightbox");
}

#[test]
fn resized_copies_are_listed_made_and_cached() {
    let site = variant_site();
    site.build();
    let html = site.read("a/index.html");
    let picture = &html[html
        .find("<a class=\"lightbox\" href=\"../photo.png\"><picture>")
        .expect(&html)..];
    let picture = &picture[..picture.find("</picture></a>").unwrap()];
    assert!(picture.contains("<source type=\"image/webp\" srcset=\"../static/variants/photo.png/480.webp 480w, ../static/variants/photo.png/960.webp 960w, ../static/variants/photo.png/1200.webp 1200w\" sizes=\"(max-width: 736px) 100vw, 736px\">"), "{picture}");
    assert!(picture.contains("srcset=\"../static/variants/photo.png/480.png 480w, ../static/variants/photo.png/960.png 960w, ../static/variants/photo.png/1200.png 1200w\""), "{picture}");
    assert!(picture.contains("width=\"2000\" height=\"1000\""));
    for (file, w, h) in [
        ("480.webp", 480, 240),
        ("1200.webp", 1200, 600),
        ("960.png", 960, 480),
    ] {
        let bytes =
            std::fs::read(site.public().join("static/variants/photo.png").join(file)).unwrap();
        let img = image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((img.width(), img.height()), (w, h), "{file}");
    }
    // The small image: a webp copy at its own size, its PNG is the original.
    assert!(
        html.contains("srcset=\"../static/variants/small.png/300.webp 300w\""),
        "{html}"
    );
    assert!(html.contains("srcset=\"../small.png 300w\""), "{html}");
    // Cached: a second build makes none of them again.
    let cache = site.root().join(".lore/images");
    let mut cached: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cached.sort();
    assert_eq!(cached.len(), 7, "{cached:?}");
    let stamps: Vec<_> = cached
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    site.build();
    let again: Vec<_> = cached
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(stamps, again, "the copies were read back, not made again");
    // The published copies are the cached files, not second copies.
    use std::os::unix::fs::MetadataExt;
    let published = std::fs::metadata(site.public().join("static/variants/photo.png/960.png"))
        .unwrap()
        .ino();
    assert!(
        cached
            .iter()
            .any(|p| std::fs::metadata(p).unwrap().ino() == published),
        "static/variants/photo.png/960.png is a hard link to .lore/images/"
    );
    // Another picture under the same name: new copies.
    site.write_bytes("content/photo.png", &png(1600, 1600));
    site.build();
    assert!(site
        .read("a/index.html")
        .contains("width=\"1600\" height=\"1600\""));
    let img = image::load_from_memory(
        &std::fs::read(site.public().join("static/variants/photo.png/480.webp")).unwrap(),
    )
    .unwrap();
    assert_eq!((img.width(), img.height()), (480, 480));
}
