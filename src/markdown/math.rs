//! Math: TeX between `$…$` (inline) and `$$…$$` (display) becomes MathML
//! at build time, so pages need no script and work from `file://`.
//! [`delimiters`] decides what is math; [`to_html`] converts one formula
//! with the `math-core` crate (MathML Core, which Chromium, Firefox and
//! Safari render natively). TeX that it cannot convert is shown as it was
//! written, in a code span, with the reason for a warning.
//!
//! Obsidian renders math with MathJax, so a few MathJax spellings that
//! `math-core` lacks are given to it in a form it knows (see [`macros`] and
//! [`compatible`]): the page still shows what the author meant.

mod delimiters;
mod preamble;

pub(super) use delimiters::events;

use crate::highlight::escape;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::borrow::Cow;
use std::panic::AssertUnwindSafe;

/// One formula as HTML.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MathHtml {
    pub html: String,
    /// Why the TeX is shown as source, and the byte offset in the TeX it
    /// concerns.
    pub error: Option<(usize, String)>,
}

/// The converter, with the built-in MathJax macros and a site's own.
pub(crate) struct Math {
    converter: LatexToMathML,
    /// Hash of the macros: what a page's cached HTML depends on.
    key: u64,
}

/// A problem with a preamble: byte offset in it, and message.
pub(super) type PreambleProblem = (usize, String);

impl Default for Math {
    fn default() -> Self {
        Math::with_preamble("").0
    }
}

impl Math {
    /// The converter with the macros a preamble (`content/preamble.sty`)
    /// defines; definitions it cannot use are left out and reported.
    pub(crate) fn with_preamble(text: &str) -> (Math, Vec<PreambleProblem>) {
        let (defs, mut problems) = preamble::definitions(text);
        let mut macros = macros();
        let mut offsets = vec![None; macros.len()];
        for d in defs {
            macros.push((d.name, d.body));
            offsets.push(Some(d.offset));
        }
        loop {
            let key = crate::fingerprint::key_of(&macros);
            let config = MathCoreConfig {
                macros: macros.clone(),
                ..Default::default()
            };
            match LatexToMathML::new(config) {
                Ok(converter) => return (Math { converter, key }, problems),
                Err((error, i, body)) => {
                    let at = offsets[i].expect("the built-in macros parse");
                    let name = macros.remove(i).0;
                    offsets.remove(i);
                    problems.push((
                        at,
                        format!(
                            "macro `\\{name}` left out: {} in `{body}`",
                            error.error_message()
                        ),
                    ));
                }
            }
        }
    }

    /// Identifies the macros, for caches.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }
}

/// MathJax commands that `math-core` does not know, as ones it does.
fn macros() -> Vec<(String, String)> {
    [
        ("dotsb", r"\cdots"),
        ("dotsm", r"\cdots"),
        ("dotsi", r"\cdots"),
        ("dotsc", r"\ldots"),
        ("dotso", r"\ldots"),
        ("iddots", "⋰"),
        ("intop", r"\int"),
        ("smallint", r"\int"),
        ("smallsetminus", r"\setminus"),
        ("shortmid", r"\mid"),
        ("centerdot", r"\cdot"),
        ("varpropto", r"\propto"),
        ("thicksim", r"\sim"),
        ("textdegree", r"{}^\circ"),
        ("widetilde", r"\tilde{#1}"),
        ("pmb", r"\boldsymbol{#1}"),
        ("mathbfit", r"\boldsymbol{#1}"),
        ("mathnormal", "{#1}"),
        ("smash", "{#1}"),
        ("textcolor", r"{\color{#1}#2}"),
        // MathJax's braket extension, which Obsidian loads on first use.
        ("set", r"\{#1\}"),
        ("Set", r"\left\{#1\right\}"),
        ("bra", r"\langle #1 \rvert"),
        ("ket", r"\lvert #1 \rangle"),
        ("braket", r"\langle #1 \rangle"),
    ]
    .into_iter()
    .map(|(name, def)| (name.to_owned(), def.to_owned()))
    .collect()
}

/// MathJax spellings rewritten for `math-core`: `\left<` for `\langle`,
/// `\mbox` and kin for `\text`, and environments it lacks as the closest one it has.
fn compatible(tex: &str) -> Cow<'_, str> {
    const REWRITES: &[(&str, &str)] = &[
        (r"\left<", r"\left\langle "),
        (r"\right>", r"\right\rangle "),
        (r"\left <", r"\left\langle "),
        (r"\right >", r"\right\rangle "),
        (r"\mbox{", r"\text{"),
        (r"\hbox{", r"\text{"),
        (r"\textup{", r"\text{"),
        (r"\textnormal{", r"\text{"),
    ];
    const ENVIRONMENTS: &[(&str, &str)] = &[
        ("split", "aligned"),
        ("multline*", "multline"),
        ("smallmatrix", "matrix"),
        ("flalign", "align"),
        ("flalign*", "align*"),
    ];
    let mut out = Cow::Borrowed(tex);
    for (from, to) in REWRITES {
        if out.contains(from) {
            out = Cow::Owned(out.replace(from, to));
        }
    }
    for (from, to) in ENVIRONMENTS.iter().filter(|_| tex.contains(r"\begin{")) {
        for side in ["begin", "end"] {
            let from = format!("\\{side}{{{from}}}");
            if out.contains(&from) {
                out = Cow::Owned(out.replace(&from, &format!("\\{side}{{{to}}}")));
            }
        }
    }
    if out.contains("{alignat") {
        out = Cow::Owned(drop_alignat_columns(&out));
    }
    out
}

/// `\begin{alignat}{2}` → `\begin{align}` (the column count goes).
fn drop_alignat_columns(tex: &str) -> String {
    let mut out = String::with_capacity(tex.len());
    let mut rest = tex;
    while let Some(i) = rest.find(r"\begin{alignat") {
        out.push_str(&rest[..i]);
        let after = &rest[i + r"\begin{alignat".len()..];
        let star = after.starts_with('*');
        let after = after.trim_start_matches('*').trim_start_matches('}');
        let after = match after.strip_prefix('{').and_then(|a| a.split_once('}')) {
            Some((n, a)) if n.trim().chars().all(|c| c.is_ascii_digit()) => a,
            _ => after,
        };
        out.push_str(if star {
            r"\begin{align*}"
        } else {
            r"\begin{align}"
        });
        rest = after;
    }
    out.push_str(rest);
    out.replace(r"\end{alignat*}", r"\end{align*}")
        .replace(r"\end{alignat}", r"\end{align}")
}

impl Math {
    /// One formula as MathML, or as its TeX in a code span when it cannot be
    /// converted.
    pub(crate) fn to_html(&self, tex: &str, display: bool) -> MathHtml {
        let mode = if display {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        let input = compatible(tex);
        // A converter bug must cost one formula, not the build.
        let converted = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.converter
                .convert_with_local_state(&input, mode)
                .map(|out| out.mathml)
                .map_err(|e| (e.0.start, e.error_message()))
        }))
        .unwrap_or_else(|_| Err((0, "the converter failed on it".to_owned())));
        match converted {
            Ok(mathml) if display => MathHtml {
                html: format!("<span class=\"math-block\">{mathml}</span>"),
                error: None,
            },
            Ok(html) => MathHtml { html, error: None },
            Err((at, message)) => MathHtml {
                html: source_html(tex, display),
                // Offsets are into the TeX as written only when it was not rewritten.
                error: Some((
                    match input {
                        Cow::Borrowed(_) => at.min(tex.len()),
                        Cow::Owned(_) => 0,
                    },
                    message,
                )),
            },
        }
    }
}

/// The TeX as written, delimiters included, in a code span.
fn source_html(tex: &str, display: bool) -> String {
    let (class, delimiter) = if display {
        ("math-source math-display", "$$")
    } else {
        ("math-source", "$")
    };
    format!(
        "<code class=\"{class}\" title=\"TeX that Lore cannot render\">{delimiter}{}{delimiter}</code>",
        escape(tex)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml() {
        let inline = Math::default().to_html(r"\frac{a}{b}", false);
        assert!(inline.html.starts_with("<math>"), "{}", inline.html);
        assert!(inline.html.contains("<mfrac>"));
        assert_eq!(inline.error, None);
        assert!(Math::default()
            .to_html("x^2", true)
            .html
            .starts_with("<span class=\"math-block\"><math display=\"block\">"));
    }

    #[test]
    fn unsupported_tex_is_shown_as_written_with_the_reason() {
        let out = Math::default().to_html(r"a + \unknowncmd{<b>}", false);
        assert_eq!(
            out.html,
            "<code class=\"math-source\" title=\"TeX that Lore cannot render\">$a + \\unknowncmd{&lt;b&gt;}$</code>"
        );
        let (at, message) = out.error.unwrap();
        assert_eq!(at, 4);
        assert!(message.contains("unknowncmd"), "{message}");
    }

    #[test]
    fn mathjax_spellings_are_understood() {
        for tex in [
            r"\left< a, b \right>",
            r"\begin{split} a &= b \\ &= c \end{split}",
            r"\begin{alignat*}{2} a &= b & c &= d \end{alignat*}",
            r"\begin{smallmatrix} a & b \end{smallmatrix}",
            r"\widetilde{abc} + \dotsm + \mbox{text} + \textcolor{red}{x}",
            r"\set{x \in X} \cup \bra{\psi} \ket{\phi}",
        ] {
            assert_eq!(Math::default().to_html(tex, true).error, None, "{tex}");
        }
    }
}
