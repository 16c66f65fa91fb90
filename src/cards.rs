//! Social cards (`[social] cards = true`): a 1200×630 PNG per note with the
//! site's name, the note's title (wrapped, at most three lines) and its
//! topics, in the default theme's colours, for share previews (`og:image`),
//! plus one for the site's other pages.
//!
//! Drawn in pure Rust: an SVG per card rendered by `resvg` with the bundled
//! Inter font (`fonts/`, SIL Open Font License), lines broken by the font's
//! own advance widths (`skrifa`). Each card is cached in `.lore/cards/` by
//! a hash of everything drawn on it, and in memory between `lore serve`'s
//! builds, so an unchanged note costs nothing.

use bytes::Bytes;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
const BOLD: &[u8] = include_bytes!("../fonts/Inter-Bold.ttf");
const REGULAR: &[u8] = include_bytes!("../fonts/Inter-Regular.ttf");
/// Bump when the drawing changes: every cached card is made again.
const VERSION: u32 = 1;

/// The default theme's light colours (`static/lore.css`).
const BG: &str = "#ffffff";
const FG: &str = "#1d2127";
const MUTED: &str = "#5f6874";
const ACCENT: &str = "#2360c4";
const SOFT: &str = "#f6f7f9";

const MARGIN: f32 = 80.0;
const TITLE_SIZES: [f32; 3] = [72.0, 60.0, 52.0];
const TITLE_LINES: usize = 3;

/// The output path of a note's card (`static/cards/notes/a/b.png`), and the
/// site's (`static/cards/site.png`).
pub fn card_path(url: &str) -> String {
    let url = url.trim_end_matches('/');
    format!("static/cards/notes/{url}.png")
}
pub const SITE_CARD: &str = "static/cards/site.png";

/// What one card shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Card {
    pub site: String,
    pub title: String,
    /// Topics (shown as `#topic`), or the site's description on its card.
    pub footer: String,
}

/// Draws cards, with the font loaded once and a cache of what was drawn.
pub struct Painter {
    options: resvg::usvg::Options<'static>,
    /// The card's background, drawn once: each card draws only its text.
    base: resvg::tiny_skia::Pixmap,
    bold: skrifa::FontRef<'static>,
    /// Card hash -> PNG, from the last build.
    memory: HashMap<u64, Bytes>,
}

impl Default for Painter {
    fn default() -> Self {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(BOLD.to_vec());
        db.load_font_data(REGULAR.to_vec());
        let options = resvg::usvg::Options {
            fontdb: Arc::new(db),
            font_family: "Inter".into(),
            ..Default::default()
        };
        let background = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\">\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BG}\"/>\
<rect y=\"{}\" width=\"{WIDTH}\" height=\"120\" fill=\"{SOFT}\"/>\
<rect width=\"16\" height=\"{HEIGHT}\" fill=\"{ACCENT}\"/></svg>",
            HEIGHT - 120
        );
        let mut base = resvg::tiny_skia::Pixmap::new(WIDTH, HEIGHT).expect("a card's size");
        let tree =
            resvg::usvg::Tree::from_str(&background, &options).expect("the background parses");
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut base.as_mut(),
        );
        Painter {
            options,
            base,
            bold: skrifa::FontRef::new(BOLD).expect("the bundled font parses"),
            memory: HashMap::new(),
        }
    }
}

impl Painter {
    /// The PNG of every card (output path, card): from memory, from
    /// `cache` (`.lore/cards/`), or drawn now, in parallel. Problems (a card
    /// that could not be drawn) come back as messages.
    pub fn paint(
        &mut self,
        cards: &[(String, Card)],
        cache: &Path,
    ) -> (Vec<(String, Bytes)>, Vec<String>) {
        use rayon::prelude::*;
        let dir = cache.join("cards");
        let _ = std::fs::create_dir_all(&dir);
        let this = &*self;
        let results: Vec<(String, u64, Result<Bytes, String>)> = cards
            .par_iter()
            .map(|(file, card)| {
                let key = crate::fingerprint::key_of(&(VERSION, card));
                let path = dir.join(format!("{key:016x}.png"));
                let png = match this.memory.get(&key) {
                    Some(b) => Ok(b.clone()),
                    None => match std::fs::read(&path) {
                        Ok(b) => Ok(Bytes::from(b)),
                        Err(_) => this.draw(card).map(|png| {
                            let tmp = path.with_extension("tmp");
                            if std::fs::write(&tmp, &png).is_ok() {
                                let _ = std::fs::rename(&tmp, &path);
                            }
                            Bytes::from(png)
                        }),
                    },
                };
                (file.clone(), key, png)
            })
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        let mut memory = HashMap::with_capacity(results.len());
        for (file, key, png) in results {
            match png {
                Ok(png) => {
                    memory.insert(key, png.clone());
                    files.push((file, png));
                }
                Err(m) => problems.push(format!("{file}: {m}")),
            }
        }
        self.memory = memory;
        (files, problems)
    }

    /// One card as PNG bytes.
    pub fn draw(&self, card: &Card) -> Result<Vec<u8>, String> {
        let svg = self.svg(card);
        let tree = resvg::usvg::Tree::from_str(&svg, &self.options).map_err(|e| e.to_string())?;
        let mut pixmap = self.base.clone();
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::default(),
            &mut pixmap.as_mut(),
        );
        encode_png(pixmap.data())
    }

    /// The card's text as SVG, drawn over [`Painter::base`] (white, a grey
    /// band, an accent bar): the site's name, the title in the largest
    /// size that fits in three lines, the footer.
    fn svg(&self, card: &Card) -> String {
        let width = WIDTH as f32 - 2.0 * MARGIN;
        let (size, lines) = TITLE_SIZES
            .iter()
            .map(|&s| (s, self.wrap(&card.title, s, width)))
            .find(|(_, l)| l.len() <= TITLE_LINES)
            .unwrap_or_else(|| {
                let s = TITLE_SIZES[TITLE_SIZES.len() - 1];
                (s, self.clip(self.wrap(&card.title, s, width), s, width))
            });
        let esc = crate::pages::xml_escape;
        // The title's block (cap height to the last baseline) centred in
        // the space between the site's name and the footer's band.
        let line_height = size * 1.18;
        let cap = size * 0.73;
        let block = line_height * (lines.len() as f32 - 1.0) + cap;
        let top = 150.0 + (330.0 - block) / 2.0 + cap;
        let mut title = String::new();
        for (k, line) in lines.iter().enumerate() {
            title.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{:.1}\" font-size=\"{size}\" font-weight=\"700\" fill=\"{FG}\">{}</text>",
                top + line_height * k as f32,
                esc(line)
            ));
        }
        let footer = self
            .clip(vec![card.footer.clone()], 30.0, width)
            .pop()
            .unwrap_or_default();
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
<text x=\"{MARGIN}\" y=\"110\" font-size=\"34\" font-weight=\"400\" fill=\"{MUTED}\">{}</text>\
{title}\
<text x=\"{MARGIN}\" y=\"{}\" font-size=\"30\" font-weight=\"400\" fill=\"{ACCENT}\">{}</text>\
</svg>",
            esc(&self.clip(vec![card.site.clone()], 34.0, width).pop().unwrap_or_default()),
            HEIGHT - 50,
            esc(&footer),
        )
    }

    /// Words into lines no wider than `width` at `size` (a word wider than
    /// a line is a line of its own; [`Self::clip`] shortens it).
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if line.is_empty() || self.measure(&candidate, size) <= width {
                line = candidate;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    /// At most three lines, each no wider than `width`: what does not fit
    /// ends in `…`.
    fn clip(&self, mut lines: Vec<String>, size: f32, width: f32) -> Vec<String> {
        let cut = lines.len() > TITLE_LINES;
        lines.truncate(TITLE_LINES);
        let last = lines.len().saturating_sub(1);
        for (k, line) in lines.iter_mut().enumerate() {
            let must = cut && k == last;
            if !must && self.measure(line, size) <= width {
                continue;
            }
            let mut chars: Vec<char> = line.chars().collect();
            while !chars.is_empty() {
                let s: String = chars.iter().collect::<String>() + "…";
                if self.measure(&s, size) <= width {
                    break;
                }
                chars.pop();
            }
            *line = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        }
        lines
    }

    /// The width of `text` in pixels at `size`, from the bold face's advances.
    fn measure(&self, text: &str, size: f32) -> f32 {
        use skrifa::MetadataProvider;
        let charmap = self.bold.charmap();
        let metrics = self.bold.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        text.chars()
            .map(|c| {
                let gid = charmap.map(c).unwrap_or_default();
                metrics.advance_width(gid).unwrap_or(size * 0.6)
            })
            .sum()
    }
}

/// RGBA pixels (opaque) as an RGB PNG, compressed fast: the cards are flat
/// colour and text, which compresses well at any level.
fn encode_png(rgba: &[u8]) -> Result<Vec<u8>, String> {
    let rgb: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    // Rows of flat colour become runs of zeros.
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_wrap_then_shrink_then_end_in_an_ellipsis() {
        let p = Painter::default();
        let short = p.wrap("Taints and tolerations", 72.0, 1040.0);
        assert_eq!(short, ["Taints and tolerations"]);
        let long = "A very long title about how the kube-apiserver talks to etcd and why the watch cache matters for every controller in the cluster";
        let lines = p.wrap(long, 72.0, 1040.0);
        assert!(lines.len() > 3);
        let clipped = p.clip(p.wrap(long, 52.0, 1040.0), 52.0, 1040.0);
        assert!(clipped.len() <= 3);
        assert!(clipped.iter().all(|l| p.measure(l, 52.0) <= 1040.0));
        let png = p
            .draw(&Card {
                site: "Kb".into(),
                title: long.into(),
                footer: "#net".into(),
            })
            .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
