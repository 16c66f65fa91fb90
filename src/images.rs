//! Images of the content folder on the page: every `<img>` of a note's
//! rendered HTML that shows one gets its `width` and `height` (read from
//! the file's header with `imagesize`, never a full decode), `loading="lazy"`
//! (but the page's first image) and `decoding="async"`, so nothing shifts
//! as images load. With `[images] max_width`, it also gets a `srcset` of
//! resized copies ([`variants`]) and a link to the original that opens in
//! a lightbox (`static/lightbox.js`).
//!
//! [`ImageTable`] is read once per build (a file's header again only when
//! its stamp moved); [`ImageTable::rewrite`] is a pure pass over HTML.

pub(crate) mod variants;

use crate::config::ImageSettings;
use crate::fs::Stamp;
use crate::load::Attachment;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// What a page needs to know of an image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct ImageInfo {
    pub width: u32,
    pub height: u32,
    pub kind: Kind,
}

/// The formats Lore reads sizes of (and, but SVG and GIF, resizes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Png,
    Jpeg,
    Webp,
    Gif,
    Svg,
    Other,
}

impl Kind {
    fn of(name: &str) -> Option<Kind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "png" => Kind::Png,
            "jpg" | "jpeg" => Kind::Jpeg,
            "webp" => Kind::Webp,
            "gif" => Kind::Gif,
            "svg" => Kind::Svg,
            "avif" | "bmp" | "ico" | "tif" | "tiff" => Kind::Other,
            _ => return None,
        })
    }
}

/// Every image attachment's size, by output path; kept between builds.
#[derive(Default)]
pub(crate) struct ImageTable {
    infos: HashMap<String, ImageInfo>,
    stamps: HashMap<PathBuf, (Stamp, Option<ImageInfo>)>,
    settings: ImageSettings,
    key: u64,
}

impl ImageTable {
    /// Reads the size of every image among `attachments` whose file changed
    /// since the last call (with `hints`, only those named there).
    pub(crate) fn refresh(
        &mut self,
        attachments: &[Attachment],
        hints: Option<&BTreeSet<PathBuf>>,
        settings: &ImageSettings,
    ) {
        use rayon::prelude::*;
        let old = std::mem::take(&mut self.stamps);
        let read: Vec<(String, PathBuf, Stamp, Option<ImageInfo>)> = attachments
            .par_iter()
            .filter_map(|a| Some((a, Kind::of(&a.rel)?)))
            .map(|(a, kind)| {
                let cached = old.get(&a.path);
                if let (Some(c), Some(h)) = (cached, hints) {
                    if !h.contains(&a.path) {
                        return (a.out.clone(), a.path.clone(), c.0, c.1);
                    }
                }
                let stamp = crate::fs::stamp(&a.path);
                match cached {
                    Some(c) if c.0 == stamp => (a.out.clone(), a.path.clone(), stamp, c.1),
                    _ => (
                        a.out.clone(),
                        a.path.clone(),
                        stamp,
                        read_info(&a.path, kind),
                    ),
                }
            })
            .collect();
        self.infos.clear();
        for (out, path, stamp, info) in read {
            if let Some(i) = info {
                self.infos.insert(out, i);
            }
            self.stamps.insert(path, (stamp, info));
        }
        self.settings = settings.clone();
        let mut all: Vec<(&String, &ImageInfo)> = self.infos.iter().collect();
        all.sort_by(|a, b| a.0.cmp(b.0));
        self.key = crate::fingerprint::key_of(&(all, &self.settings));
    }

    /// Changes whenever any image's size or the settings do.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    pub(crate) fn get(&self, out: &str) -> Option<ImageInfo> {
        self.infos.get(out).copied()
    }

    pub(crate) fn settings(&self) -> &ImageSettings {
        &self.settings
    }

    /// Sets every image's attributes in `html`, a page at `page_url`:
    /// see the module doc. Returns the HTML and whether a lightbox link was
    /// made (the page then loads `static/lightbox.js`).
    pub(crate) fn rewrite(&self, html: &str, page_url: &str) -> (String, bool) {
        if !html.contains("<img ") {
            return (html.to_owned(), false);
        }
        let mut out = String::with_capacity(html.len() + html.len() / 8);
        let (mut rest, mut first, mut lightbox) = (html, true, false);
        // Open `<a>` elements around the current point: an image already in
        // a link is not wrapped in another.
        let mut links = 0usize;
        while let Some(at) = rest.find("<img ") {
            links += count_links(&rest[..at]);
            let Some(len) = rest[at..].find('>') else {
                break;
            };
            out.push_str(&rest[..at]);
            let tag = &rest[at..at + len + 1];
            let src = attr(tag, "src").unwrap_or_default();
            let target = resolve(page_url, &unescape(src));
            match self.infos.get(&target) {
                Some(info) => {
                    let tag = sized(tag, info, first);
                    let variants = variants::srcset(&target, info, &self.settings, page_url);
                    let wrap = links == 0 && variants.is_some();
                    if wrap {
                        lightbox = true;
                        out.push_str(&format!("<a class=\"lightbox\" href=\"{src}\">"));
                    }
                    out.push_str(&variants::picture(&tag, variants.as_ref()));
                    if wrap {
                        out.push_str("</a>");
                    }
                }
                None => out.push_str(tag),
            }
            first = false;
            rest = &rest[at + len + 1..];
        }
        out.push_str(rest);
        (out, lightbox)
    }
}

/// An attribute's text as written in HTML, unescaped.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `<a ` opened minus `</a>` closed in `s` (saturating at zero on the way).
fn count_links(s: &str) -> usize {
    s.matches("<a ")
        .count()
        .saturating_sub(s.matches("</a>").count())
}

/// The size of one image file, from its header (an SVG's from its
/// `width`/`height` or `viewBox`).
fn read_info(path: &std::path::Path, kind: Kind) -> Option<ImageInfo> {
    let (width, height) = if kind == Kind::Svg {
        svg_size(&std::fs::read_to_string(path).ok()?)?
    } else {
        let size = imagesize::size(path).ok()?;
        (
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        )
    };
    (width > 0 && height > 0).then_some(ImageInfo {
        width,
        height,
        kind,
    })
}

/// An SVG's size in CSS pixels: its root's `width` and `height` (plain
/// numbers or `px`), else its `viewBox`.
fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |name: &str| -> Option<f64> {
        let v = attr(tag, name)?;
        v.trim().trim_end_matches("px").parse::<f64>().ok()
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let vb: Vec<f64> = attr(tag, "viewBox")?
                .split([' ', ','])
                .filter_map(|s| s.trim().parse().ok())
                .collect();
            (*vb.get(2)?, *vb.get(3)?)
        }
    };
    (w >= 1.0 && h >= 1.0).then(|| (w.round() as u32, h.round() as u32))
}

/// The value of `name="…"` in a tag (as written, entities and all).
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    for quote in ['"', '\''] {
        let key = format!(" {name}={quote}");
        if let Some(i) = tag.find(&key) {
            let v = &tag[i + key.len()..];
            return Some(&v[..v.find(quote)?]);
        }
    }
    None
}

/// `tag` without the attribute `name`.
fn without(tag: &str, name: &str) -> String {
    match attr(tag, name) {
        Some(v) => {
            let start = tag.find(&format!(" {name}=")).expect("found");
            let end = start + name.len() + 4 + v.len();
            format!("{}{}", &tag[..start], &tag[end..])
        }
        None => tag.to_owned(),
    }
}

/// The `<img>` tag with its size (the other side scaled when only one was
/// given), lazy loading (not the page's first) and async decoding.
fn sized(tag: &str, info: &ImageInfo, first: bool) -> String {
    let number = |n: &str| attr(tag, n).and_then(|v| v.trim().parse::<u32>().ok());
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        (Some(w), None) => (w, scale(w, info.height, info.width)),
        (None, Some(h)) => (scale(h, info.width, info.height), h),
        (None, None) => (info.width, info.height),
    };
    let mut t = tag
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim_end()
        .to_owned();
    for name in ["width", "height", "loading", "decoding"] {
        t = without(&t, name);
    }
    let lazy = if first { "" } else { " loading=\"lazy\"" };
    format!("{t} width=\"{w}\" height=\"{h}\"{lazy} decoding=\"async\">")
}

fn scale(a: u32, num: u32, den: u32) -> u32 {
    ((u64::from(a) * u64::from(num) + u64::from(den) / 2) / u64::from(den).max(1)) as u32
}

/// The output path a relative `src` of the page at `page_url` opens.
pub(crate) fn resolve(page_url: &str, src: &str) -> String {
    if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
        return String::new();
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        page_url.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    percent_encoding::percent_decode_str(&parts.join("/"))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(settings: ImageSettings) -> ImageTable {
        let mut t = ImageTable {
            settings,
            ..Default::default()
        };
        let info = |width, height| ImageInfo {
            width,
            height,
            kind: Kind::Png,
        };
        t.infos.insert("img/a b.png".into(), info(800, 600));
        t.infos.insert("img/big.png".into(), info(3000, 1500));
        t
    }

    #[test]
    fn images_get_their_size_and_only_the_first_loads_eagerly() {
        let t = table(ImageSettings::default());
        let html = "<p><img src=\"../img/a%20b.png\" alt=\"A\" loading=\"lazy\"></p><img src=\"../img/big.png\" alt=\"\" width=\"300\"><img src=\"https://x.org/y.png\">";
        let (out, lightbox) = t.rewrite(html, "notes/");
        assert_eq!(
            out,
            "<p><img src=\"../img/a%20b.png\" alt=\"A\" width=\"800\" height=\"600\" decoding=\"async\"></p><img src=\"../img/big.png\" alt=\"\" width=\"300\" height=\"150\" loading=\"lazy\" decoding=\"async\"><img src=\"https://x.org/y.png\">"
        );
        assert!(!lightbox, "no variants, no lightbox");
    }

    #[test]
    fn svg_sizes_come_from_width_height_or_viewbox() {
        assert_eq!(
            svg_size("<svg width=\"120px\" height=\"40\">"),
            Some((120, 40))
        );
        assert_eq!(
            svg_size("<?xml?><svg xmlns='x' viewBox='0 0 300 150'>"),
            Some((300, 150))
        );
        assert_eq!(svg_size("<svg width=\"100%\">"), None);
    }
}
