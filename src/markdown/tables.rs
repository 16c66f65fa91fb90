//! Wikilinks in tables: Obsidian reads `[[Note|label]]` in a table row as
//! one link, where GitHub's table syntax would split the cell at its `|`.
//! Before anything parses a note, the `|` inside a wikilink on a table row
//! is escaped (`[[Note\|label]]`), the form tables need and the renderer
//! already reads. (One byte is added per such pipe: positions after it on
//! that line move by one; lines do not.)

/// The text with the pipes of its tables' wikilinks escaped, or `None`
/// when it has none.
pub(crate) fn escape_wikilink_pipes(text: &str) -> Option<String> {
    if !text.contains("[[") || !text.contains('|') {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let rows = table_rows(&lines);
    let mut changed = false;
    let mut out = String::with_capacity(text.len() + 16);
    for (line, is_row) in lines.iter().zip(rows) {
        if is_row && line.contains("[[") {
            let escaped = escape_line(line);
            changed |= escaped.len() != line.len();
            out.push_str(&escaped);
        } else {
            out.push_str(line);
        }
    }
    changed.then_some(out)
}

/// Which lines are rows of a table (header, delimiter and body rows),
/// outside fenced code.
fn table_rows(lines: &[&str]) -> Vec<bool> {
    let mut rows = vec![false; lines.len()];
    let mut fence: Option<&str> = None;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = Some(&t[..3]);
            i += 1;
            continue;
        }
        if i > 0 && is_delimiter_row(t) && lines[i - 1].contains('|') {
            rows[i - 1] = true;
            let mut j = i;
            while j < lines.len() && !lines[j].trim().is_empty() && lines[j].contains('|') {
                rows[j] = true;
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    rows
}

/// `| --- | :-: |`: a table's delimiter row.
fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim().trim_start_matches('>').trim();
    t.contains('-')
        && t.contains(['|', ':'])
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Escapes each unescaped `|` between `[[` and `]]` on one line.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut depth = 0usize;
    let mut prev = '\0';
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '[' if chars.peek() == Some(&'[') => {
                depth += 1;
                out.push_str("[[");
                chars.next();
                prev = '[';
                continue;
            }
            ']' if depth > 0 && chars.peek() == Some(&']') => {
                depth -= 1;
                out.push_str("]]");
                chars.next();
                prev = ']';
                continue;
            }
            '|' if depth > 0 && prev != '\\' => out.push_str("\\|"),
            c => out.push(c),
        }
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_in_table_wikilinks_are_escaped() {
        let t = "| a | b |\n|---|---|\n| [[x|y]] | [[z\\|w]] |\n\nText [[p|q]] | not a table\n";
        let out = escape_wikilink_pipes(t).unwrap();
        assert!(out.contains("| [[x\\|y]] | [[z\\|w]] |"), "{out}");
        assert!(out.contains("Text [[p|q]] | not a table"), "{out}");
    }

    #[test]
    fn code_is_left_alone() {
        let t = "```\n| a |\n|---|\n| [[x|y]] |\n```\n";
        assert_eq!(escape_wikilink_pipes(t), None);
    }
}
