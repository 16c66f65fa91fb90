//! Social cards (`[social] cards = true`): a 1200×630 PNG per note with the
//! site's name, the note's title (wrapped, at most three lines) and its
//! topics, in the default theme's colours, for share previews (`og:image`),
//! plus one for the site's other pages.
//!
//! Drawn in pure Rust with the bundled Inter font (`fonts/`, SIL Open Font
//! License): lines shaped and glyphs rasterised once in [`glyphs`], drawn
//! in palette indices over a pre-drawn background (white, a grey band, an
//! accent bar) and written as an 8-bit indexed PNG. Each card is cached in
//! `.lore/cards/` by a hash of everything drawn on it, and in memory
//! between `lore serve`'s builds, so an unchanged note costs nothing.
//!
//! Cost, 10,000 cards cold: see benches/README.md ("Publishing features at
//! scale"). A card used to be an SVG drawn by resvg and an RGB PNG (about
//! 1.5 ms of CPU and 33 KB); most of that was laying out and filling the
//! same glyph outlines again for every card.

mod glyphs;

use crate::write::Sink;
use bytes::Bytes;
use glyphs::{Face, Glyphs, Line};
use std::collections::HashMap;
use std::path::Path;

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
const BOLD: &[u8] = include_bytes!("../fonts/Inter-Bold.ttf");
const REGULAR: &[u8] = include_bytes!("../fonts/Inter-Regular.ttf");
/// Bump when the drawing changes: every cached card is made again.
const VERSION: u32 = 2;

/// The default theme's light colours (`static/lore.css`).
const BG: [u8; 3] = [0xff, 0xff, 0xff];
const FG: [u8; 3] = [0x1d, 0x21, 0x27];
const MUTED: [u8; 3] = [0x5f, 0x68, 0x74];
const ACCENT: [u8; 3] = [0x23, 0x60, 0xc4];
const SOFT: [u8; 3] = [0xf6, 0xf7, 0xf9];
/// The grey band at the bottom, where the footer sits.
const BAND: u32 = 120;
/// The accent bar's width, on the left.
const BAR: u32 = 16;

/// The palette: the three background colours, then for each text style
/// (colour over background) its antialiasing levels.
const BACKGROUNDS: u8 = 3;
const LEVELS: u8 = 63;
/// Text styles: the site's name, the title, the footer.
const STYLES: [([u8; 3], [u8; 3]); 3] = [(MUTED, BG), (FG, BG), (ACCENT, SOFT)];

const MARGIN: f32 = 80.0;
const TITLE_SIZES: [f32; 3] = [72.0, 60.0, 52.0];
const TITLE_LINES: usize = 3;

/// The output path of a note's card (`static/cards/notes/a/b.png`), and the
/// site's (`static/cards/site.png`).
pub(crate) fn card_path(url: &str) -> String {
    let url = url.trim_end_matches('/');
    format!("static/cards/notes/{url}.png")
}
pub(crate) const SITE_CARD: &str = "static/cards/site.png";

/// What one card shows.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Card {
    pub site: String,
    pub title: String,
    /// Topics (shown as `#topic`), or the site's description on its card.
    pub footer: String,
}

/// Draws cards, with the fonts loaded once, the glyphs drawn so far, and
/// a cache of the cards made.
pub(crate) struct Painter {
    bold: Face,
    regular: Face,
    glyphs: Glyphs,
    /// The background in palette indices, drawn once.
    base: Vec<u8>,
    /// The palette as PNG wants it (RGB triples).
    palette: Vec<u8>,
    /// Per text style, [`blend`] as a table: `pixel * 256 + coverage` ->
    /// the new pixel.
    blends: Vec<Vec<u8>>,
    /// Card hash -> PNG, from the last build.
    memory: HashMap<u64, Bytes>,
}

impl Default for Painter {
    fn default() -> Self {
        let (w, h) = (WIDTH as usize, HEIGHT as usize);
        let mut base = vec![0u8; w * h];
        for (y, row) in base.chunks_exact_mut(w).enumerate() {
            if y >= h - BAND as usize {
                row.fill(1);
            }
            row[..BAR as usize].fill(2);
        }
        let mut palette: Vec<u8> = [BG, SOFT, ACCENT].concat();
        for (fg, bg) in STYLES {
            for level in 1..=LEVELS {
                palette.extend((0..3).map(|c| {
                    let (f, b) = (fg[c] as u32, bg[c] as u32);
                    ((b * (LEVELS - level) as u32 + f * level as u32 + LEVELS as u32 / 2)
                        / LEVELS as u32) as u8
                }));
            }
        }
        Painter {
            bold: Face::new(BOLD),
            regular: Face::new(REGULAR),
            glyphs: Glyphs::default(),
            base,
            palette,
            blends: (0..STYLES.len() as u8).map(blend_table).collect(),
            memory: HashMap::new(),
        }
    }
}

impl Painter {
    /// The PNG of every card (output path, card): from memory, from
    /// `cache` (`.lore/cards/`), or drawn now, in parallel. With a `sink`
    /// (`lore build`), each card goes there as soon as it is had, as a hard
    /// link to its cached file where the sink can make one (no bytes read
    /// or written twice), and none comes back. Problems (a card that could
    /// not be drawn or written) come back as messages.
    pub(crate) fn paint(
        &mut self,
        cards: &[(String, Card)],
        cache: &Path,
        sink: Option<&dyn Sink>,
    ) -> (Vec<(String, Bytes)>, Vec<String>) {
        use rayon::prelude::*;
        let dir = cache.join("cards");
        let _ = std::fs::create_dir_all(&dir);
        let this = &*self;
        let results: Vec<(String, u64, Result<Option<Bytes>, String>)> = cards
            .par_iter()
            .map(|(file, card)| {
                let key = crate::fingerprint::key_of(&(VERSION, card));
                let path = dir.join(format!("{key:016x}.png"));
                (file.clone(), key, this.card(file, card, &path, key, sink))
            })
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut problems = Vec::new();
        let mut memory = HashMap::with_capacity(results.len());
        for (file, key, png) in results {
            match png {
                Ok(Some(png)) => {
                    memory.insert(key, png.clone());
                    files.push((file, png));
                }
                Ok(None) => {}
                Err(m) => problems.push(format!("{file}: {m}")),
            }
        }
        self.memory = memory;
        (files, problems)
    }

    /// One card: its bytes, or `None` once it is in the sink.
    fn card(
        &self,
        file: &str,
        card: &Card,
        cached: &Path,
        key: u64,
        sink: Option<&dyn Sink>,
    ) -> Result<Option<Bytes>, String> {
        if let Some(png) = self.memory.get(&key) {
            return Ok(Some(png.clone()));
        }
        let to_sink = |sink: &dyn Sink, png: Option<&[u8]>| {
            sink.put_cached(file, cached, png)
                .map(|()| None)
                .map_err(|e| e.to_string())
        };
        match (sink, cached.is_file()) {
            (Some(sink), true) => return to_sink(sink, None),
            (None, true) => {
                if let Ok(png) = std::fs::read(cached) {
                    return Ok(Some(Bytes::from(png)));
                }
            }
            _ => {}
        }
        let png = Bytes::from(self.draw(card)?);
        let tmp = cached.with_extension("tmp");
        if std::fs::write(&tmp, &png).is_ok() {
            let _ = std::fs::rename(&tmp, cached);
        }
        match sink {
            Some(sink) => to_sink(sink, Some(&png)),
            None => Ok(Some(png)),
        }
    }

    /// One card as PNG bytes.
    pub(crate) fn draw(&self, card: &Card) -> Result<Vec<u8>, String> {
        let mut canvas = self.base.clone();
        for (style, line, text) in self.layout(card) {
            let (placed, _) = line.face.1.shape(&text, line.size);
            let table = &self.blends[style as usize];
            let plot =
                |pixel: &mut u8, alpha: u8| *pixel = table[*pixel as usize * 256 + alpha as usize];
            self.glyphs
                .draw(&line, &placed, &mut canvas, WIDTH as usize, &plot);
        }
        encode_png(&canvas, &self.palette)
    }

    /// What goes where: the site's name, the title in the largest size
    /// that fits in three lines, centred in the space above the band, and
    /// the footer in the band. Each line with its style (see [`STYLES`]).
    fn layout(&self, card: &Card) -> Vec<(u8, Line<'_>, String)> {
        let width = WIDTH as f32 - 2.0 * MARGIN;
        let bold = (1, &self.bold);
        let regular = (0, &self.regular);
        let (size, lines) = TITLE_SIZES
            .iter()
            .map(|&s| (s, self.wrap(&card.title, s, width)))
            .find(|(_, l)| l.len() <= TITLE_LINES)
            .unwrap_or_else(|| {
                let s = TITLE_SIZES[TITLE_SIZES.len() - 1];
                let lines = self.wrap(&card.title, s, width);
                (s, clip(&self.bold, lines, s, width))
            });
        let above = (0, (HEIGHT - BAND) as usize);
        let band = ((HEIGHT - BAND) as usize, HEIGHT as usize);
        let line = |face, size, baseline, clip| Line {
            face,
            size,
            x: MARGIN,
            baseline,
            clip,
        };
        let one_line = |text: &str, size| {
            clip(&self.regular, vec![text.to_owned()], size, width)
                .pop()
                .unwrap_or_default()
        };
        let mut out = vec![(
            0,
            line(regular, 34.0, 110.0, above),
            one_line(&card.site, 34.0),
        )];
        // The title's block (cap height to the last baseline) centred in
        // the space between the site's name and the footer's band.
        let line_height = size * 1.18;
        let cap = size * 0.73;
        let block = line_height * (lines.len() as f32 - 1.0) + cap;
        let top = 150.0 + (330.0 - block) / 2.0 + cap;
        for (k, text) in lines.into_iter().enumerate() {
            let baseline = top + line_height * k as f32;
            out.push((1, line(bold, size, baseline, above), text));
        }
        let footer = (HEIGHT - 50) as f32;
        out.push((
            2,
            line(regular, 30.0, footer, band),
            one_line(&card.footer, 30.0),
        ));
        out
    }

    /// Words into lines no wider than `width` at `size` (a word wider than
    /// a line is a line of its own; [`clip`] shortens it). Each word is
    /// measured once, and a line is its words and spaces.
    fn wrap(&self, text: &str, size: f32, width: f32) -> Vec<String> {
        let space = self.bold.measure(" ", size);
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        let mut used = 0.0;
        for word in text.split_whitespace() {
            let w = self.bold.measure(word, size);
            if line.is_empty() {
                (line, used) = (word.to_owned(), w);
            } else if used + space + w <= width {
                line.push(' ');
                line.push_str(word);
                used += space + w;
            } else {
                lines.push(std::mem::replace(&mut line, word.to_owned()));
                used = w;
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// At most three lines, each no wider than `width` in `face`: what does
/// not fit ends in `…`.
fn clip(face: &Face, mut lines: Vec<String>, size: f32, width: f32) -> Vec<String> {
    let cut = lines.len() > TITLE_LINES;
    lines.truncate(TITLE_LINES);
    let last = lines.len().saturating_sub(1);
    for (k, line) in lines.iter_mut().enumerate() {
        let must = cut && k == last;
        if !must && face.measure(line, size) <= width {
            continue;
        }
        let mut chars: Vec<char> = line.chars().collect();
        while !chars.is_empty() {
            let s: String = chars.iter().collect::<String>() + "…";
            if face.measure(&s, size) <= width {
                break;
            }
            chars.pop();
        }
        *line = chars.iter().collect::<String>().trim_end().to_owned() + "…";
    }
    lines
}

/// Merges a glyph's coverage (`alpha`, 1–255) in text style `style` into a
/// pixel: over the background it takes the style's nearest level; over the
/// same style's text it adds coverage as paint over paint would.
fn blend(pixel: &mut u8, style: u8, alpha: u8) {
    let first = BACKGROUNDS + style * LEVELS;
    let had = if (first..first + LEVELS).contains(pixel) {
        (*pixel - first + 1) as u32 * 255 / LEVELS as u32
    } else {
        0
    };
    let a = alpha as u32;
    let covered = had + a - had * a / 255;
    let level = (covered * LEVELS as u32 + 127) / 255;
    if level > 0 {
        *pixel = first + level as u8 - 1;
    }
}

fn blend_table(style: u8) -> Vec<u8> {
    let mut table = vec![0; 256 * 256];
    for (k, out) in table.iter_mut().enumerate() {
        let mut pixel = (k / 256) as u8;
        let alpha = (k % 256) as u8;
        if alpha > 0 {
            blend(&mut pixel, style, alpha);
        }
        *out = pixel;
    }
    table
}

/// Palette indices as an 8-bit indexed PNG, compressed fast: rows of flat
/// colour compress to almost nothing, and a card is a third of the bytes of
/// an RGB one to deflate and write.
fn encode_png(indices: &[u8], palette: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(16 * 1024);
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer
        .write_image_data(indices)
        .map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> (png::OutputInfo, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgb).unwrap();
        (info, rgb)
    }

    /// How many pixels of `rows` are exactly `colour`.
    fn count(rgb: &[u8], rows: std::ops::Range<usize>, colour: [u8; 3]) -> usize {
        let w = WIDTH as usize * 3;
        rgb[rows.start * w..rows.end * w]
            .chunks_exact(3)
            .filter(|p| *p == colour)
            .count()
    }

    #[test]
    fn long_titles_wrap_then_shrink_then_end_in_an_ellipsis() {
        let p = Painter::default();
        let short = p.wrap("Taints and tolerations", 72.0, 1040.0);
        assert_eq!(short, ["Taints and tolerations"]);
        let long = "A very long title about how the kube-apiserver talks to etcd and why the watch cache matters for every controller in the cluster";
        let lines = p.wrap(long, 72.0, 1040.0);
        assert!(lines.len() > 3);
        let clipped = clip(&p.bold, p.wrap(long, 52.0, 1040.0), 52.0, 1040.0);
        assert_eq!(clipped.len(), 3);
        assert!(clipped[2].ends_with('…'));
        assert!(clipped.iter().all(|l| p.bold.measure(l, 52.0) <= 1040.0));
    }

    #[test]
    fn a_card_is_a_1200_by_630_png_with_its_text_in_the_theme_colours() {
        let p = Painter::default();
        let card = Card {
            site: "Field notes".into(),
            title: "Taints and tolerations".into(),
            footer: "#scheduling #nodes".into(),
        };
        let png = p.draw(&card).unwrap();
        let (info, rgb) = decode(&png);
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        // The site's name in muted grey near the top, the title in the
        // text colour in the middle, the topics in the accent colour in
        // the band; the pixels between are the background.
        assert!(count(&rgb, 70..120, MUTED) > 200);
        assert_eq!(count(&rgb, 70..120, FG), 0);
        assert!(count(&rgb, 150..480, FG) > 2000);
        let accent_bar = BAR as usize * 120;
        assert!(count(&rgb, 510..630, ACCENT) > accent_bar + 200);
        assert_eq!(count(&rgb, 0..40, BG), (WIDTH - BAR) as usize * 40);
        // Antialiased edges are blends of text over background.
        let blends = rgb
            .chunks_exact(3)
            .filter(|p| ![BG, SOFT, ACCENT, FG, MUTED].contains(&[p[0], p[1], p[2]]))
            .count();
        assert!(blends > 500, "{blends} antialiased pixels");
    }

    #[test]
    fn an_empty_footer_leaves_the_band_plain_and_cards_differ_by_their_text() {
        let p = Painter::default();
        let mut card = Card {
            site: "Kb".into(),
            title: "Pods".into(),
            footer: String::new(),
        };
        let (_, plain) = decode(&p.draw(&card).unwrap());
        let band = (WIDTH - BAR) as usize * BAND as usize;
        assert_eq!(count(&plain, 510..630, SOFT), band);
        card.title = "Services".into();
        let (_, other) = decode(&p.draw(&card).unwrap());
        assert_ne!(plain, other);
        // Drawn twice, a card is the same bytes.
        assert_eq!(p.draw(&card).unwrap(), p.draw(&card).unwrap());
    }
}
