//! Obsidian callouts: a blockquote whose first line is `[!type] Title`,
//! optionally foldable with `[!type]-` (closed) or `[!type]+` (open).

/// The parsed `[!type]± title` marker.
#[derive(Debug, PartialEq)]
pub(super) struct Marker<'a> {
    /// The family the theme colours: `note`, `tip`, `warning`…
    pub family: &'static str,
    /// The type as written, lowercased, for the default title.
    pub kind: String,
    /// `Some(open)` for foldable callouts.
    pub fold: Option<bool>,
    pub title: &'a str,
    /// Everything after the marker, as written (the title with its spacing).
    pub rest: &'a str,
}

/// Parses the start of a callout's first line, e.g. `[!warning]- Careful`.
pub(super) fn parse_marker(line: &str) -> Option<Marker<'_>> {
    let rest = line.strip_prefix("[!")?;
    let end = rest.find(']')?;
    let kind = &rest[..end];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let mut after = &rest[end + 1..];
    let fold = match after.chars().next() {
        Some('-') => Some(false),
        Some('+') => Some(true),
        _ => None,
    };
    if fold.is_some() {
        after = &after[1..];
    }
    let kind = kind.to_lowercase();
    Some(Marker {
        family: family(&kind),
        kind,
        fold,
        title: after.trim(),
        rest: after,
    })
}

fn family(kind: &str) -> &'static str {
    match kind {
        "abstract" | "summary" | "tldr" => "abstract",
        "info" => "info",
        "todo" => "todo",
        "tip" | "hint" | "important" => "tip",
        "success" | "check" | "done" => "success",
        "question" | "help" | "faq" => "question",
        "warning" | "caution" | "attention" => "warning",
        "failure" | "fail" | "missing" => "failure",
        "danger" | "error" => "danger",
        "bug" => "bug",
        "example" => "example",
        "quote" | "cite" => "quote",
        _ => "note",
    }
}

/// `Note` for `note`: the default title.
pub(super) fn default_title(kind: &str) -> String {
    let mut c = kind.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c)
            .collect::<String>()
            .replace(['-', '_'], " "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_parse() {
        let m = parse_marker("[!Warning]- Back up first").unwrap();
        assert_eq!(
            (m.family, m.fold, m.title),
            ("warning", Some(false), "Back up first")
        );
        assert_eq!(parse_marker("[!faq]").unwrap().family, "question");
        assert_eq!(parse_marker("[!custom]").unwrap().family, "note");
        assert!(parse_marker("[link](x)").is_none());
        assert!(parse_marker("[!bad type]").is_none());
    }
}
