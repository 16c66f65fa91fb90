//! Syntax highlighting: the only user of syntect. Code is highlighted at
//! build time, in the light and the dark theme at once, into spans whose
//! short classes name each theme's colours (see [`palette`]), and
//! [`Highlighter::css`] defines those classes. Grammars and themes are
//! bat's, through the `two-face` crate.

mod palette;

use palette::Palette;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::{EmbeddedLazyThemeSet, EmbeddedThemeName};

pub(crate) const DEFAULT_LIGHT: &str = "InspiredGitHub";
pub(crate) const DEFAULT_DARK: &str = "OneHalfDark";
/// Lines longer than this are not highlighted (regex grammars go quadratic).
pub(crate) const MAX_LINE: usize = 16 * 1024;
/// Blocks larger than this are not highlighted.
pub(crate) const MAX_BLOCK: usize = 512 * 1024;

/// Loaded once per build and shared by every thread.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
    light: Palette,
    dark: Palette,
    /// The classes of each scope stack met so far (see `classes_of`).
    seen: std::sync::RwLock<std::collections::HashMap<Vec<Scope>, std::sync::Arc<str>>>,
}

/// A highlighted (or escaped) block, and why it was not highlighted if so.
pub(crate) struct Highlighted {
    pub html: String,
    pub warning: Option<String>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    /// The default themes.
    pub(crate) fn new() -> Self {
        Self::with_themes(DEFAULT_LIGHT, DEFAULT_DARK).expect("the default themes are bundled")
    }

    /// Highlights for the named light and dark themes.
    pub(crate) fn with_themes(light: &str, dark: &str) -> Result<Self, String> {
        Ok(Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            light: palette(light)?,
            dark: palette(dark)?,
            seen: Default::default(),
        })
    }

    /// Other themes, the grammars kept.
    pub(crate) fn set_themes(&mut self, light: &str, dark: &str) -> Result<(), String> {
        self.light = palette(light)?;
        self.dark = palette(dark)?;
        self.seen = Default::default();
        Ok(())
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.to_ascii_lowercase();
        let token = match lang.as_str() {
            "shell" | "sh" | "zsh" | "console" | "shell-session" => "bash",
            "yml" => "yaml",
            "py" => "python",
            "rs" => "rust",
            "js" | "mjs" | "cjs" => "javascript",
            "ts" => "typescript",
            "golang" => "go",
            "docker" | "containerfile" => "dockerfile",
            "conf" | "cfg" | "systemd" => "ini",
            "patch" => "diff",
            "jsonc" | "json5" => "json",
            other => other,
        };
        self.syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_name(token))
            .filter(|s| s.name != "Plain Text")
    }

    /// `<pre class="code" data-lang=…><code class="language-…">…</code></pre>`.
    /// Unknown languages and oversized input come out as escaped plain text.
    pub(crate) fn highlight(&self, code: &str, lang: Option<&str>) -> Highlighted {
        let lang = lang.map(str::trim).filter(|l| !l.is_empty());
        let attrs = match lang {
            Some(l) => {
                let l = escape(l);
                format!(" data-lang=\"{l}\"><code class=\"language-{l}\"")
            }
            None => "><code".to_owned(),
        };
        let (body, warning) = match lang.and_then(|l| self.find(l)) {
            None => (escape(code), None),
            Some(_) if code.len() > MAX_BLOCK => (
                escape(code),
                Some(format!(
                    "code block of {} KB is too large to highlight; shown as plain text",
                    code.len() / 1024
                )),
            ),
            Some(_) if code.lines().any(|l| l.len() > MAX_LINE) => (
                escape(code),
                Some("code block has a line over 16 KB; shown as plain text".to_owned()),
            ),
            Some(syntax) => match self.classed(code, syntax) {
                Ok(html) => (html, None),
                Err(e) => (
                    escape(code),
                    Some(format!("could not highlight code block: {e}")),
                ),
            },
        };
        Highlighted {
            // Focusable, so that a block wider than the page scrolls from
            // the keyboard too.
            html: format!("<pre class=\"code\" tabindex=\"0\"{attrs}>{body}</code></pre>"),
            warning,
        }
    }

    /// The block's HTML: each token in a span of its looks' classes,
    /// tokens alike in both themes sharing one span, and plain ones in none.
    fn classed(&self, code: &str, syntax: &SyntaxReference) -> Result<String, String> {
        let mut parser = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut out = String::with_capacity(code.len() * 2);
        let (mut open, mut classes) = (String::new(), String::new());
        let mut emit = |text: &str, classes: &mut String, out: &mut String| {
            // White space shows no colour: it stays in the open span.
            let blank = text.trim().is_empty() && colour_only(&open) && colour_only(classes);
            if *classes != open && !blank {
                if !open.is_empty() {
                    out.push_str("</span>");
                }
                if !classes.is_empty() {
                    out.push_str("<span class=\"");
                    out.push_str(classes);
                    out.push_str("\">");
                }
                std::mem::swap(&mut open, classes);
            }
            escape_into(out, text);
        };
        for line in LinesWithEndings::from(code) {
            let ops = parser
                .parse_line(line, &self.syntaxes)
                .map_err(|e| e.to_string())?;
            let mut at = 0;
            for (next, op) in &ops {
                if *next > at {
                    self.classes_of(&stack, &mut classes);
                    emit(&line[at..*next], &mut classes, &mut out);
                    at = *next;
                }
                stack.apply(op).map_err(|e| format!("{e:?}"))?;
            }
            if at < line.len() {
                self.classes_of(&stack, &mut classes);
                emit(&line[at..], &mut classes, &mut out);
            }
        }
        if !open.is_empty() {
            out.push_str("</span>");
        }
        Ok(out)
    }

    /// The classes of text under `stack`, into `out`. A theme's look for
    /// a stack takes matching every rule of the theme, so each stack's
    /// classes are kept once found (code repeats the same few stacks).
    fn classes_of(&self, stack: &ScopeStack, out: &mut String) {
        out.clear();
        let scopes = stack.as_slice();
        if let Some(found) = self.seen.read().ok().and_then(|m| m.get(scopes).cloned()) {
            out.push_str(&found);
            return;
        }
        let light = syntect::highlighting::Highlighter::new(&self.light.theme);
        let dark = syntect::highlighting::Highlighter::new(&self.dark.theme);
        palette::classes(
            (&self.light, light.style_for_stack(scopes)),
            (&self.dark, dark.style_for_stack(scopes)),
            out,
        );
        if let Ok(mut seen) = self.seen.write() {
            seen.insert(scopes.to_vec(), out.as_str().into());
        }
    }

    /// CSS for both themes: light by default, dark when the page says
    /// `data-theme="dark"` or the system prefers dark and the page does not
    /// insist on light.
    pub(crate) fn css(&self) -> String {
        let dark = self.dark.rules('d');
        format!(
            "/* Generated by Lore: syntax colours. */\n{}[data-theme=dark] {{\n{dark}}}\n@media (prefers-color-scheme: dark) {{\n:root:not([data-theme=light]) {{\n{dark}}}\n}}\n",
            self.light.rules('l')
        )
    }
}

/// Classes that set only colours (no background, no font style).
fn colour_only(classes: &str) -> bool {
    !classes.contains('g') && !classes.contains('f')
}

fn palette(name: &str) -> Result<Palette, String> {
    let id = find_theme(name).ok_or_else(|| format!("unknown highlight theme `{name}`"))?;
    Ok(Palette::new(two_face::theme::extra().get(id).clone()))
}

/// WCAG's minimum contrast for normal text (AA).
const MIN_CONTRAST: f64 = 4.5;

/// `hex` (`#rrggbb`), moved towards white on a dark background (towards
/// black on a light one) just enough to reach a 4.5:1 contrast: some
/// bundled themes fall short (OneHalfDark's red is 4.38:1 on its own
/// background). Colours that pass, or are not `#rrggbb`, stay as they are.
fn readable(hex: &str, bg: [u8; 3]) -> String {
    let Some(fg) = parse_hex(hex) else {
        return hex.to_owned();
    };
    if contrast(fg, bg) >= MIN_CONTRAST {
        return hex.to_owned();
    }
    let target = if luminance(bg) < 0.5 { 255.0 } else { 0.0 };
    for step in 1..=100 {
        let t = f64::from(step) / 100.0;
        let mixed = fg.map(|c| (f64::from(c) + (target - f64::from(c)) * t).round() as u8);
        if contrast(mixed, bg) >= MIN_CONTRAST {
            return format!("#{:02x}{:02x}{:02x}", mixed[0], mixed[1], mixed[2]);
        }
    }
    hex.to_owned()
}

fn parse_hex(hex: &str) -> Option<[u8; 3]> {
    let h = hex.strip_prefix('#').filter(|h| h.len() == 6)?;
    let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// Relative luminance (WCAG 2).
fn luminance(c: [u8; 3]) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn find_theme(name: &str) -> Option<EmbeddedThemeName> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|t| t.as_name().eq_ignore_ascii_case(name))
}

pub(crate) fn theme_exists(name: &str) -> bool {
    find_theme(name).is_some()
}

pub(crate) fn theme_names() -> Vec<&'static str> {
    EmbeddedLazyThemeSet::theme_names()
        .iter()
        .map(|t| t.as_name())
        .collect()
}

/// Minimal HTML escaping for text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_below_aa_contrast_are_lifted_just_enough() {
        let bg = [0x28, 0x2c, 0x34];
        assert!(contrast(parse_hex("#e06c75").unwrap(), bg) < 4.5);
        let fixed = readable("#e06c75", bg);
        assert!(contrast(parse_hex(&fixed).unwrap(), bg) >= 4.5, "{fixed}");
        assert_ne!(fixed, "#ffffff", "only a little lighter");
        assert_eq!(readable("#abb2bf", bg), "#abb2bf", "passing colours stay");
        let css = Highlighter::new().css();
        assert!(!css.contains("\n color: #e06c75"), "{css}");
    }

    #[test]
    fn required_languages_are_known() {
        let h = Highlighter::new();
        for lang in [
            "bash",
            "shell",
            "sh",
            "yaml",
            "json",
            "toml",
            "rust",
            "python",
            "go",
            "dockerfile",
            "ini",
            "diff",
            "javascript",
            "typescript",
            "sql",
        ] {
            assert!(h.find(lang).is_some(), "{lang} has no grammar");
        }
    }

    #[test]
    fn hostile_language_string_is_escaped() {
        let out = Highlighter::new().highlight("x", Some("\"><script>"));
        assert!(!out.html.contains("<script>"), "{}", out.html);
    }

    #[test]
    fn long_lines_are_not_highlighted() {
        let code = "a".repeat(MAX_LINE + 1);
        let out = Highlighter::new().highlight(&code, Some("bash"));
        assert!(out.warning.is_some());
        assert!(!out.html.contains("<span"));
    }

    /// Inputs that sent grammars into endless loops (syntect#460: `a /*` in
    /// bat's JavaScript, and the JSON-ish sample of the issue) or that stress
    /// them: unclosed strings, comments, heredocs, templates.
    const LOOP_CORPUS: &[&str] = &[
        "a /*\n",
        "{\n    // this is an inline comment\n\n    \"foo\": \"bar\" // another inline comment\n\n    /*\n       This is a block comment\n       that continues on another line\n    */\n}\n",
        "x /*", "/*", "a /", "a //\n", "\"unclosed\n", "'\n", "`${\n", "<<EOF\n", "<!--\n",
        "{{ a\n", "$(\n", "#\n", "\\\n", "<a b='\n", "é /* ü\r\n", "\n\n", "(((((\n", ")]}\n",
    ];

    /// Every bundled grammar must come back on every corpus input, as
    /// highlighted HTML or (over the step budget) an error. A watchdog names
    /// the grammar and input if one does not, rather than hanging the suite.
    #[test]
    fn every_grammar_terminates_on_the_loop_corpus() {
        use std::sync::{mpsc, Arc, Mutex};
        let current = Arc::new(Mutex::new(String::new()));
        let (done, finished) = mpsc::channel();
        let shared = Arc::clone(&current);
        std::thread::spawn(move || {
            let h = Highlighter::new();
            for syntax in h.syntaxes.syntaxes() {
                for code in LOOP_CORPUS {
                    *shared.lock().unwrap() = format!("{} on {code:?}", syntax.name);
                    let _ = h.classed(code, syntax);
                }
            }
            done.send(h.syntaxes.syntaxes().len()).unwrap();
        });
        match finished.recv_timeout(std::time::Duration::from_secs(120)) {
            Ok(count) => assert!(count > 150, "only {count} grammars"),
            Err(_) => panic!("highlighting never returned: {}", current.lock().unwrap()),
        }
    }

    #[test]
    fn javascript_comment_after_an_identifier_is_highlighted() {
        let out = Highlighter::new().highlight("a /*\n", Some("javascript"));
        assert_eq!(out.warning, None);
        let (ident, comment) = (span_of(&out.html, "a "), span_of(&out.html, "/*"));
        assert!(comment.is_some() && comment != ident, "{}", out.html);
    }

    /// The classes of the span whose text starts with `text`.
    fn span_of<'h>(html: &'h str, text: &str) -> Option<&'h str> {
        let at = html.find(&format!("\">{text}"))?;
        let start = html[..at].rfind("class=\"")? + 7;
        Some(&html[start..at])
    }

    #[test]
    fn tokens_carry_a_class_per_theme_and_plain_text_none() {
        let h = Highlighter::new();
        let out = h.highlight("fn main() {\n    let x = \"s\"; // note\n}\n", Some("rust"));
        let keyword = span_of(&out.html, "fn").expect("keywords are coloured");
        // A light and a dark colour, each defined by the stylesheet in its
        // own theme's section.
        let css = h.css();
        let (light, dark) = css.split_once("[data-theme=dark]").unwrap();
        for class in keyword.split(' ') {
            let rule = format!("pre.code .{class} {{");
            let section = if class.starts_with('l') { light } else { dark };
            assert!(section.contains(&rule), "{class} is not defined");
        }
        assert!(keyword.contains('l') && keyword.contains('d'), "{keyword}");
        // The same look shares its classes: `fn` and `let` are keywords.
        assert_eq!(span_of(&out.html, "let"), Some(keyword));
        // Spans open only where the look changes.
        assert!(!out.html.contains("</span><span class=\"\">"));
    }

    /// A grammar of `n` contexts that each hand the position on with a
    /// lookahead `set`; the last one either consumes an `x` or (`looping`)
    /// sets the first again without consuming.
    fn chain_grammar(n: usize, looping: bool) -> Highlighter {
        let mut yaml = String::from("%YAML 1.2\n---\nname: Chain\nscope: source.chain\nfile_extensions: [chain]\ncontexts:\n");
        for i in 0..n {
            let next = if i + 1 < n {
                format!("c{}", i + 1)
            } else {
                "main".to_owned()
            };
            let name = if i == 0 {
                "main".to_owned()
            } else {
                format!("c{i}")
            };
            let consume = if i + 1 == n && !looping { "x" } else { "(?=x)" };
            yaml.push_str(&format!(
                "  {name}:\n    - match: '{consume}'\n      scope: keyword.c{i}\n      set: {next}\n"
            ));
        }
        let def = syntect::parsing::SyntaxDefinition::load_from_str(&yaml, true, None).unwrap();
        let mut builder = syntect::parsing::SyntaxSetBuilder::new();
        builder.add(def);
        Highlighter {
            syntaxes: builder.build(),
            ..Highlighter::new()
        }
    }

    #[test]
    fn a_loop_of_non_consuming_sets_is_broken() {
        let out = chain_grammar(3, true).highlight("xxx\n", Some("chain"));
        assert_eq!(out.warning, None);
        let text: String = out
            .html
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
            .collect();
        assert_eq!(text, "xxx\n");
    }

    #[test]
    fn a_line_over_the_step_budget_is_shown_as_plain_text_with_a_warning() {
        let line = "x".repeat(200);
        let out = chain_grammar(200, false).highlight(&line, Some("chain"));
        let warning = out.warning.expect("a warning");
        assert!(warning.contains("gave up"), "{warning}");
        assert!(!out.html.contains("<span"), "{}", out.html);
        assert!(out.html.contains(&line));
        // The same grammar within budget is highlighted.
        let out = chain_grammar(20, false).highlight(&line, Some("chain"));
        assert_eq!(out.warning, None);
    }

    #[test]
    fn css_has_both_themes() {
        let css = Highlighter::new().css();
        assert!(css.contains("[data-theme=dark]"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
