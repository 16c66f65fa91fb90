//! Comments: Obsidian's `%% … %%` and HTML's `<!-- … -->`, inline or over
//! many lines, are the author's, not the reader's. They are blanked out of
//! a note's text before anything else reads it, so nothing inside them is
//! rendered, indexed, linked or reported. Blanking keeps every other byte
//! where it was (line breaks stay; other characters become spaces), so
//! positions in messages still point into the file as written.
//!
//! Code is not comment: `%%` or `<!--` inside a fenced code block or an
//! inline code span stays. An unclosed `%%` runs to the end of the note,
//! as in Obsidian.

/// The text with its comments blanked, or `None` when it has none.
pub(crate) fn blank_comments(text: &str) -> Option<String> {
    if !text.contains("%%") && !text.contains("<!--") {
        return None;
    }
    let spans = comment_spans(text);
    if spans.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in spans {
        out.push_str(&text[from..start]);
        for c in text[start..end].chars() {
            if c == '\n' {
                out.push('\n');
            } else {
                // As many spaces as the character has bytes.
                out.extend(std::iter::repeat_n(' ', c.len_utf8()));
            }
        }
        from = end;
    }
    out.push_str(&text[from..]);
    Some(out)
}

/// Byte ranges of the comments of `text`, outside code.
fn comment_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    // The fence of the code block we are in: its character and length.
    let mut fence: Option<(u8, usize)> = None;
    let mut line_start = true;
    let mut i = 0;
    while i < text.len() {
        if line_start {
            let end = text[i..].find('\n').map_or(text.len(), |e| i + e + 1);
            let line = &text[i..end];
            match fence {
                Some((ch, len)) => {
                    if closes_fence(line, ch, len) {
                        fence = None;
                    }
                    i = end;
                    continue;
                }
                None => {
                    if let Some(f) = opens_fence(line) {
                        fence = Some(f);
                        i = end;
                        continue;
                    }
                }
            }
            line_start = false;
        }
        let close = match bytes[i] {
            b'\n' => {
                line_start = true;
                i += 1;
                continue;
            }
            b'`' => {
                i = skip_code_span(text, i);
                continue;
            }
            b'%' if bytes.get(i + 1) == Some(&b'%') => Some(
                text[i + 2..]
                    .find("%%")
                    .map_or(text.len(), |e| i + 2 + e + 2),
            ),
            b'<' if text[i..].starts_with("<!--") => {
                text[i + 4..].find("-->").map(|e| i + 4 + e + 3)
            }
            _ => None,
        };
        match close {
            Some(end) => {
                spans.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    spans
}

/// A fenced code block's opening line: ```` ``` ```` or `~~~` (3 or more),
/// after any indentation (fences nest in lists and callouts: `> ```).
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches([' ', '\t', '>']).trim_start();
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&b| b == ch).count();
    if len < 3 || (ch == b'`' && t[len..].contains('`')) {
        return None;
    }
    Some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let t = line
        .trim_start_matches([' ', '\t', '>'])
        .trim_start()
        .trim_end();
    t.len() >= len && t.bytes().all(|b| b == ch)
}

/// Past an inline code span starting at `i` (a run of backticks), or just
/// past the backticks when nothing closes it on the same paragraph.
fn skip_code_span(text: &str, i: usize) -> usize {
    let bytes = text.as_bytes();
    let n = bytes[i..].iter().take_while(|&&b| b == b'`').count();
    let mut j = i + n;
    while j < text.len() {
        if bytes[j] == b'\n' && text[j + 1..].starts_with('\n') {
            break; // a blank line ends the paragraph
        }
        if bytes[j] == b'`' {
            let m = bytes[j..].iter().take_while(|&&b| b == b'`').count();
            if m == n {
                return j + m;
            }
            j += m;
        } else {
            j += 1;
        }
    }
    i + n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(t: &str) -> String {
        blank_comments(t).unwrap_or_else(|| t.to_owned())
    }

    #[test]
    fn comments_vanish_and_positions_stay() {
        let t = "a %%hidden%% b\n";
        let b = blank(t);
        assert_eq!(b.len(), t.len());
        assert_eq!(b.split_whitespace().collect::<Vec<_>>(), ["a", "b"]);
        let t = "x\n%%\nline [[Link]] #tag\n\nmore\n%%\ny <!-- c\nd --> z\n";
        let b = blank(t);
        assert_eq!(b.lines().count(), t.lines().count());
        assert_eq!(b.split_whitespace().collect::<Vec<_>>(), ["x", "y", "z"]);
    }

    #[test]
    fn code_is_not_comment() {
        let t = "`a %% b` and\n```\n%% kept\n```\n%% gone %%\n";
        let b = blank(t);
        assert!(b.contains("`a %% b`"));
        assert!(b.contains("%% kept"));
        assert!(!b.contains("gone"));
    }

    #[test]
    fn an_unclosed_comment_runs_to_the_end() {
        assert_eq!(
            blank("a %% b\nc\n").split_whitespace().collect::<Vec<_>>(),
            ["a"]
        );
    }

    #[test]
    fn several_comments_on_one_line_and_after_a_multiline_one() {
        let t = "%%a%% keep %%b\nc%% also %%d%% end\n";
        assert_eq!(
            blank(t).split_whitespace().collect::<Vec<_>>(),
            ["keep", "also", "end"]
        );
    }
}
