//! Text for the social cards: lines shaped by `harfrust` (kerning and
//! ligatures, as a browser would set them), each glyph's outline
//! (`skrifa`) rasterised once per size and quarter-pixel offset into an
//! alpha mask (`tiny-skia`), and kept: ten thousand cards draw the same
//! few hundred glyphs, so a card costs a copy of each glyph's mask, not
//! the outline's rasterisation.

use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// Horizontal positions are rounded to a quarter of a pixel: a glyph is
/// rasterised at most four times per size.
const PHASES: f32 = 4.0;

/// A bundled font, ready to shape and draw.
pub(super) struct Face {
    font: skrifa::FontRef<'static>,
    shaping: harfrust::ShaperData,
    /// Shaping plans by script and direction: making one is most of the
    /// cost of shaping a short line.
    plans: RwLock<HashMap<(harfrust::Script, harfrust::Direction), Arc<harfrust::ShapePlan>>>,
    units_per_em: f32,
}

impl Face {
    pub(super) fn new(data: &'static [u8]) -> Face {
        let font = skrifa::FontRef::new(data).expect("the bundled font parses");
        let units_per_em = font
            .metrics(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            )
            .units_per_em as f32;
        Face {
            shaping: harfrust::ShaperData::new(&font),
            plans: RwLock::default(),
            font,
            units_per_em,
        }
    }

    /// `text` set on one line at `size` px: each glyph's id and pen
    /// position (x from the line's start, y up from the baseline), and the
    /// line's width.
    pub(super) fn shape(&self, text: &str, size: f32) -> (Vec<Placed>, f32) {
        let shaper = self.shaping.shaper(&self.font).build();
        let mut buffer = harfrust::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (buffer.script(), buffer.direction());
        let cached = self.plans.read().expect("plans").get(&key).cloned();
        let plan = cached.unwrap_or_else(|| {
            let plan = harfrust::ShapePlan::new(&shaper, key.1, Some(key.0), None, &[]);
            let plan = Arc::new(plan);
            self.plans.write().expect("plans").insert(key, plan.clone());
            plan
        });
        let options = harfrust::ShapeOptions::new();
        let shaped = match buffer.language() {
            None => shaper.shape(buffer, options.plan(Some(&plan))),
            Some(_) => shaper.shape(buffer, options),
        };
        let scale = size / self.units_per_em;
        let mut pen = 0.0;
        let mut placed = Vec::with_capacity(shaped.len());
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            placed.push(Placed {
                glyph: info.glyph_id,
                x: pen + pos.x_offset as f32 * scale,
                y: pos.y_offset as f32 * scale,
            });
            pen += pos.x_advance as f32 * scale;
        }
        (placed, pen)
    }

    /// The width of `text` set on one line at `size` px.
    pub(super) fn measure(&self, text: &str, size: f32) -> f32 {
        self.shape(text, size).1
    }

    /// The glyph's coverage at `size`, offset right by `phase` quarter
    /// pixels; `None` for a glyph with no outline (a space).
    fn rasterise(&self, glyph: u32, size: f32, phase: u8) -> Option<Mask> {
        use skrifa::outline::DrawSettings;
        let outline = self
            .font
            .outline_glyphs()
            .get(skrifa::GlyphId::new(glyph))?;
        let mut pen = Pen {
            path: tiny_skia::PathBuilder::new(),
            dx: phase as f32 / PHASES,
        };
        let settings = DrawSettings::unhinted(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        outline.draw(settings, &mut pen).ok()?;
        let path = pen.path.finish()?;
        let bounds = path.bounds();
        let left = bounds.left().floor() as i32;
        let top = bounds.top().floor() as i32;
        let width = (bounds.right().ceil() as i32 - left).max(1) as u32;
        let height = (bounds.bottom().ceil() as i32 - top).max(1) as u32;
        let mut mask = tiny_skia::Mask::new(width, height)?;
        let shift = tiny_skia::Transform::from_translate(-left as f32, -top as f32);
        mask.fill_path(&path, tiny_skia::FillRule::Winding, true, shift);
        Some(Mask {
            left,
            top,
            width,
            alpha: mask.data().to_vec(),
        })
    }
}

/// One glyph of a shaped line.
pub(super) struct Placed {
    glyph: u32,
    x: f32,
    y: f32,
}

/// Turns an outline into a tiny-skia path, y pointing down, moved right by
/// the sub-pixel phase.
struct Pen {
    path: tiny_skia::PathBuilder,
    dx: f32,
}

impl skrifa::outline::OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(x + self.dx, -y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(x + self.dx, -y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.path.quad_to(cx + self.dx, -cy, x + self.dx, -y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let dx = self.dx;
        self.path
            .cubic_to(cx0 + dx, -cy0, cx1 + dx, -cy1, x + dx, -y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// A glyph's coverage (0–255 per pixel), placed relative to the pen's
/// whole-pixel position on the baseline.
struct Mask {
    left: i32,
    top: i32,
    width: u32,
    alpha: Vec<u8>,
}

/// Which face, glyph, size (its bits) and quarter-pixel phase.
type Key = (u8, u32, u32, u8);

/// Every glyph mask drawn so far, shared by the threads drawing cards.
#[derive(Default)]
pub(super) struct Glyphs {
    masks: RwLock<HashMap<Key, Option<Arc<Mask>>>>,
}

/// Where a line is drawn and what it may cover.
pub(super) struct Line<'a> {
    pub face: (u8, &'a Face),
    pub size: f32,
    pub x: f32,
    pub baseline: f32,
    /// Rows `clip.0..clip.1` only.
    pub clip: (usize, usize),
}

impl Glyphs {
    fn mask(&self, face: (u8, &Face), glyph: u32, size: f32, phase: u8) -> Option<Arc<Mask>> {
        let key = (face.0, glyph, size.to_bits(), phase);
        if let Some(m) = self.masks.read().expect("glyph cache").get(&key) {
            return m.clone();
        }
        let made = face.1.rasterise(glyph, size, phase).map(Arc::new);
        let mut masks = self.masks.write().expect("glyph cache");
        masks.entry(key).or_insert(made).clone()
    }

    /// Draws a shaped line into `canvas` (one byte per pixel, `width`
    /// wide): `plot(pixel, coverage)` merges a glyph's coverage there.
    pub(super) fn draw(
        &self,
        line: &Line<'_>,
        placed: &[Placed],
        canvas: &mut [u8],
        width: usize,
        plot: &impl Fn(&mut u8, u8),
    ) {
        let rows = canvas.len() / width;
        let baseline = line.baseline.round() as i32;
        for g in placed {
            let x = line.x + g.x;
            let mut whole = x.floor();
            let mut phase = ((x - whole) * PHASES).round() as u8;
            if phase as f32 >= PHASES {
                whole += 1.0;
                phase = 0;
            }
            let Some(mask) = self.mask(line.face, g.glyph, line.size, phase) else {
                continue;
            };
            let x0 = whole as i32 + mask.left;
            let y0 = baseline - g.y.round() as i32 + mask.top;
            for (dy, src) in mask.alpha.chunks_exact(mask.width as usize).enumerate() {
                let y = y0 + dy as i32;
                if y < line.clip.0 as i32 || y >= line.clip.1.min(rows) as i32 {
                    continue;
                }
                let row = &mut canvas[y as usize * width..(y as usize + 1) * width];
                for (dx, &a) in src.iter().enumerate() {
                    let px = x0 + dx as i32;
                    if a != 0 && px >= 0 && (px as usize) < width {
                        plot(&mut row[px as usize], a);
                    }
                }
            }
        }
    }
}
