//! Templates: tera, loaded once per build from the embedded defaults
//! ([`crate::assets`]) with a site's own `templates/*.html` on top; the
//! filters Lore adds (`code_spans`) and the one it takes away (`get_env`);
//! rendering a template with a context; template errors as diagnostics
//! with the template's path, line and column. It reads the templates at
//! load time and does no other I/O. What pages give the templates is in
//! [`crate::pages`] (`pages/context.rs`), which renders through this
//! module; this module knows nothing of pages.

use crate::error::Diagnostic;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

/// The loaded templates, and where each came from (for messages).
pub(crate) struct Templates {
    tera: Tera,
    /// Hash of every template's name and text.
    key: u64,
    sources: Vec<(String, PathBuf)>,
    /// Injected before `</body>` of every page (the dev server's reload
    /// script); empty for `lore build`.
    pub body_end: String,
    /// Some template reads `nav` (the nested tree): only then is it built
    /// for each page (the default theme reads `nav_rows`, a fraction of
    /// the cost on a site of hundreds of notes).
    uses_nav: bool,
}

impl Templates {
    /// Embedded defaults, overridden by `dir/*.html` files of the same name.
    pub(crate) fn load(dir: &Path, root: &Path) -> Result<Self, Vec<Diagnostic>> {
        let (sources, mut diagnostics) = read_sources(dir, root);
        let mut tera = new_tera();
        let mut ok = Vec::new();
        for (name, path, text) in &sources {
            // Parse each alone first so that every syntax error is reported
            // with its own file, not only the first.
            match tera::Template::new(name, None, text) {
                Ok(_) => ok.push((name.as_str(), text.as_str())),
                Err(e) => diagnostics.push(template_diagnostic(path, &e, Some(text))),
            }
        }
        if diagnostics.is_empty() {
            if let Err(e) = tera.add_raw_templates(ok) {
                diagnostics.push(Diagnostic::error("templates/", error_chain(&e)));
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let uses_nav = sources
            .iter()
            .any(|(_, _, text)| reads_variable(text, "nav"));
        let key =
            crate::fingerprint::key_of(&sources.iter().map(|(n, _, t)| (n, t)).collect::<Vec<_>>());
        let sources = sources.into_iter().map(|(n, p, _)| (n, p)).collect();
        Ok(Templates {
            key,
            tera,
            sources,
            body_end: String::new(),
            uses_nav,
        })
    }

    /// Changes whenever any template's text does.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    fn source_of(&self, name: &str) -> PathBuf {
        self.sources.iter().find(|(n, _)| n == name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |(_, p)| p.clone(),
        )
    }

    /// Whether some template reads `nav` (the nested tree), so that page
    /// contexts hold it (see [`crate::pages`]).
    pub(crate) fn uses_nav(&self) -> bool {
        self.uses_nav
    }

    /// Renders the template `name` with `ctx`, and injects [`Self::body_end`].
    pub(crate) fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        let mut html = self
            .tera
            .render(name, ctx)
            .map_err(|e| template_diagnostic(&self.source_of(name), &e, None))?;
        if !self.body_end.is_empty() {
            match html.rfind("</body>") {
                Some(i) => html.insert_str(i, &self.body_end),
                None => html.push_str(&self.body_end),
            }
        }
        Ok(html)
    }
}

/// Every template's name, shown path and text: the embedded defaults,
/// each replaced by the site's file of the same name under `dir`; and the
/// files that could not be read.
fn read_sources(dir: &Path, root: &Path) -> (Vec<(String, PathBuf, String)>, Vec<Diagnostic>) {
    let mut sources: Vec<(String, PathBuf, String)> = crate::assets::TEMPLATES
        .iter()
        .map(|(name, bytes)| {
            let path = PathBuf::from(format!("templates/{name} (built-in)"));
            (
                name.to_string(),
                path,
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    let mut diagnostics = Vec::new();
    if !dir.is_dir() {
        return (sources, diagnostics);
    }
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file()
            || crate::load::is_ignored(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
        match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.retain(|(n, _, _)| *n != name);
                sources.push((name, shown, text));
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                shown,
                format!("could not read template: {e}"),
            )),
        }
    }
    (sources, diagnostics)
}

/// Tera as Lore sets it up: autoescaping everywhere (with Lore's escape),
/// the `code_spans` filter, and no `get_env`.
fn new_tera() -> Tera {
    let mut tera = Tera::default();
    // Templates see only what Lore gives them: tera's `get_env` would
    // publish any environment variable (a CI secret) into the pages.
    // Tera has no other function that reads the environment, files, the
    // network or runs programs.
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| {
            Err(tera::Error::msg(
                "`get_env` is not available: Lore templates cannot read environment variables \
                 (put values in site.toml's [extra] and use `site.extra`)",
            ))
        },
    );
    tera.register_filter("code_spans", code_spans_filter);
    tera.autoescape_on(vec![""]);
    // Tera's default also escapes `/`, which makes every URL unreadable.
    tera.set_escape_fn(crate::highlight::escape);
    tera
}

/// `code_spans`: text whose `` `code` `` spans become `<code>` elements,
/// escaped (use with `| safe`). Summaries and link contexts keep a note's
/// inline code that way, so a listing shows `[[Note]]` as code, not as
/// raw syntax.
fn code_spans_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let text = tera::try_get_value!("code_spans", "value", String, value);
    Ok(tera::Value::String(code_spans(&text)))
}

pub(crate) fn code_spans(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut parts = text.split('`');
    out.push_str(&crate::highlight::escape(parts.next().unwrap_or("")));
    let rest: Vec<&str> = parts.collect();
    // Pairs of backticks are code; an unpaired last one stays as it is.
    let pairs = rest.len() / 2 * 2;
    for (i, part) in rest.iter().enumerate() {
        if i >= pairs {
            out.push('`');
            out.push_str(&crate::highlight::escape(part));
        } else if i % 2 == 0 {
            out.push_str("<code>");
            out.push_str(&crate::highlight::escape(part));
            out.push_str("</code>");
        } else {
            out.push_str(&crate::highlight::escape(part));
        }
    }
    out
}

/// Whether a template's tags (`{{ }}`, `{% %}`) name the variable `name`
/// (a whole word, not a field such as `item.name`).
fn reads_variable(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        rest = &rest[open + 1..];
        let close = match rest.chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => continue,
        };
        let end = rest.find(close).unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let found = tag.match_indices(name).any(|(i, _)| {
            let before = tag[..i].chars().next_back();
            let after = tag[i + name.len()..].chars().next();
            !before.is_some_and(|c| word(c) || c == '.') && !after.is_some_and(word)
        });
        if found {
            return true;
        }
    }
    false
}

/// Tera's error and its causes on one line.
fn error_chain(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// A template error with the template's path and, for syntax errors, the
/// line and column tera's parser reports (`--> 3:5`).
fn template_diagnostic(path: &Path, e: &tera::Error, text: Option<&str>) -> Diagnostic {
    let chain = error_chain(e);
    let position = chain.split("--> ").nth(1).and_then(|rest| {
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    // Tera's parser message spans several lines with its own excerpt; keep
    // the gist on one line.
    let message = chain
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let d = Diagnostic::error(path, format!("template error: {message}"));
    match (position, text) {
        (Some((line, col)), Some(text)) => {
            let excerpt = text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .to_owned();
            d.at(line, col).with_excerpt(excerpt)
        }
        (Some((line, col)), None) => d.at(line, col),
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::reads_variable;

    #[test]
    fn a_variable_is_read_only_where_a_tag_names_it() {
        assert!(reads_variable("{{ m::tree(items=nav, root=root) }}", "nav"));
        assert!(reads_variable("{%- if nav %}x{% endif %}", "nav"));
        assert!(reads_variable("{% for i in nav %}{% endfor %}", "nav"));
        assert!(!reads_variable(
            "<nav class=\"nav-tree\">{{ nav_rows }}</nav>",
            "nav"
        ));
        assert!(!reads_variable("{{ item.nav }} {{ navigation }}", "nav"));
        for (name, bytes) in crate::assets::TEMPLATES {
            let text = std::str::from_utf8(bytes).unwrap();
            assert!(!reads_variable(text, "nav"), "{name} reads `nav`");
        }
    }
}

#[cfg(test)]
mod code_span_tests {
    use super::code_spans;

    #[test]
    fn code_spans_become_code_and_the_rest_is_escaped() {
        assert_eq!(
            code_spans("a `[[b]]` <c>"),
            "a <code>[[b]]</code> &lt;c&gt;"
        );
        assert_eq!(code_spans("one ` tick"), "one ` tick");
        assert_eq!(code_spans("`x` and `y"), "<code>x</code> and `y");
    }
}
