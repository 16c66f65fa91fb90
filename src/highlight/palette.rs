//! The two themes' looks as short CSS classes.
//!
//! A token's look in a theme is its foreground, background and font style,
//! and every look a theme can give is made of values its own rules name:
//! its default colours and each rule's colours and font style. So each
//! theme's values are numbered once, from the theme alone, and a token
//! carries one short class per value that is not the default: `l3` (light
//! foreground no. 3), `d5` (dark foreground no. 5), `lf2`/`df2` (font
//! style bits), `lg1`/`dg1` (background). The stylesheet defines exactly
//! those classes, light ones plainly and dark ones under the dark
//! selectors, so it depends only on the two theme names: every page and
//! every incremental rebuild agree with it.
//!
//! When one theme gives a token a value and the other keeps its default,
//! the token carries the other theme's default class too (`d0`, `lf0`),
//! so that no light colour shows through in dark mode.

use syntect::highlighting::{Color, FontStyle, Style, Theme};

/// One theme's numbered values.
pub(super) struct Palette {
    pub theme: Theme,
    /// Foregrounds, the default first.
    fg: Vec<Color>,
    /// Backgrounds, the default first.
    bg: Vec<Color>,
}

impl Palette {
    pub(super) fn new(theme: Theme) -> Self {
        let default_fg = theme.settings.foreground.unwrap_or(Color::BLACK);
        let default_bg = theme.settings.background.unwrap_or(Color::WHITE);
        let mut fg: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|r| r.style.foreground)
            .collect();
        let mut bg: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|r| r.style.background)
            .collect();
        for (list, first) in [(&mut fg, default_fg), (&mut bg, default_bg)] {
            list.sort_by_key(|c| (c.r, c.g, c.b, c.a));
            list.dedup();
            list.retain(|c| *c != first);
            list.insert(0, first);
        }
        Palette { theme, fg, bg }
    }

    fn fg_index(&self, c: Color) -> usize {
        self.fg.iter().position(|x| *x == c).unwrap_or(0)
    }

    fn bg_index(&self, c: Color) -> usize {
        self.bg.iter().position(|x| *x == c).unwrap_or(0)
    }

    /// The theme's background as `[r, g, b]`.
    pub(super) fn background(&self) -> [u8; 3] {
        let c = self.bg[0];
        [c.r, c.g, c.b]
    }

    /// `#rrggbb` of `c` laid over the theme's background (some themes
    /// give colours an alpha).
    fn hex(&self, c: Color) -> String {
        let bg = self.bg[0];
        let a = f64::from(c.a) / 255.0;
        let mix = |f: u8, b: u8| (f64::from(f) * a + f64::from(b) * (1.0 - a)).round() as u8;
        format!(
            "#{:02x}{:02x}{:02x}",
            mix(c.r, bg.r),
            mix(c.g, bg.g),
            mix(c.b, bg.b)
        )
    }

    /// The CSS rules of this theme's classes (`prefix` `l` or `d`), each
    /// foreground lifted to a readable contrast on the background.
    pub(super) fn rules(&self, prefix: char) -> String {
        let bg = self.background();
        let mut css = format!(
            "pre.code {{ background: {}; color: {}; }}\n",
            self.hex(self.bg[0]),
            super::readable(&self.hex(self.fg[0]), bg)
        );
        for (i, c) in self.fg.iter().enumerate() {
            let color = super::readable(&self.hex(*c), bg);
            css.push_str(&format!("pre.code .{prefix}{i} {{ color: {color}; }}\n"));
        }
        for (i, c) in self.bg.iter().enumerate() {
            let color = if i == 0 {
                "transparent".to_owned()
            } else {
                self.hex(*c)
            };
            css.push_str(&format!(
                "pre.code .{prefix}g{i} {{ background-color: {color}; }}\n"
            ));
        }
        for bits in 0..8u8 {
            let font = FontStyle::from_bits_truncate(bits);
            let weight = if font.contains(FontStyle::BOLD) {
                "bold"
            } else {
                "normal"
            };
            let style = if font.contains(FontStyle::ITALIC) {
                "italic"
            } else {
                "normal"
            };
            let line = if font.contains(FontStyle::UNDERLINE) {
                "underline"
            } else {
                "none"
            };
            css.push_str(&format!(
                "pre.code .{prefix}f{bits} {{ font-weight: {weight}; font-style: {style}; text-decoration: {line}; }}\n"
            ));
        }
        css
    }
}

/// The classes of a token that looks `light` in one theme and `dark` in
/// the other; empty when it looks like plain code in both.
pub(super) fn classes(light: (&Palette, Style), dark: (&Palette, Style), out: &mut String) {
    let (lp, ls) = light;
    let (dp, ds) = dark;
    let (lf, df) = (lp.fg_index(ls.foreground), dp.fg_index(ds.foreground));
    let (lg, dg) = (lp.bg_index(ls.background), dp.bg_index(ds.background));
    let (lfont, dfont) = (ls.font_style.bits(), ds.font_style.bits());
    let mut push = |class: std::fmt::Arguments| {
        if !out.is_empty() {
            out.push(' ');
        }
        std::fmt::Write::write_fmt(out, class).expect("a String takes any text");
    };
    if lf != 0 || df != 0 {
        push(format_args!("l{lf}"));
        push(format_args!("d{df}"));
    }
    if lg != 0 || dg != 0 {
        push(format_args!("lg{lg}"));
        push(format_args!("dg{dg}"));
    }
    if lfont != 0 || dfont != 0 {
        push(format_args!("lf{lfont}"));
        push(format_args!("df{dfont}"));
    }
}
