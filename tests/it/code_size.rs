//! Size limits of the source (STYLE.md, habit 5): no file under `src/`
//! longer than 800 lines of non-test code, and no function longer than 80
//! lines, unless it says why. A file says it in its module doc
//! (`//! size: <reason>`); a function on a line of the comments and
//! attributes right above it (`// size: <reason>`). Test modules, inline
//! (`#[cfg(test)] mod … { … }`) or in a file of their own
//! (`#[cfg(test)] mod …;`), count for neither.
//!
//! The parsing is deliberately simple: comments, strings and character
//! literals are blanked out, then braces are matched from each `fn` line.

use crate::support::{repo_root, rust_files};
use std::path::Path;

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 80;

/// Offenders in code that a branch is splitting right now (issue #14's
/// splits have all merged: none). Temporary: each entry fails the test
/// once it is no longer too long, so the list empties as they merge. A
/// file is named by its path, a function by `path:name`.
const PENDING_SPLITS: &[&str] = &[];

/// A file or function over its limit.
#[derive(Debug, PartialEq)]
struct Offender {
    /// `path` for a file, `path:name` for a function.
    key: String,
    line: usize,
    lines: usize,
    limit: usize,
}

#[test]
fn no_file_or_function_is_longer_than_the_limits_unless_it_says_why() {
    let root = repo_root();
    let files: Vec<(std::path::PathBuf, String)> = rust_files(&root.join("src"))
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    // Test modules in files of their own (`#[cfg(test)] mod tests;`).
    let test_files: Vec<std::path::PathBuf> = files
        .iter()
        .flat_map(|(path, text)| test_module_files(path, text))
        .collect();
    let mut offenders = Vec::new();
    for (path, text) in &files {
        if test_files.contains(path) {
            continue;
        }
        let rel = path.strip_prefix(&root).unwrap().to_string_lossy();
        offenders.extend(offenders_in(&rel.replace('\\', "/"), text));
    }
    let report = |o: &Offender| {
        let what = match o.key.split_once(':') {
            Some((path, name)) => format!("{path}:{} fn {name}", o.line),
            None => format!("{}:{}", o.key, o.line),
        };
        format!("  {what} is {} lines (limit {})", o.lines, o.limit)
    };
    let new: Vec<String> = offenders
        .iter()
        .filter(|o| !PENDING_SPLITS.contains(&o.key.as_str()))
        .map(report)
        .collect();
    let stale: Vec<&&str> = PENDING_SPLITS
        .iter()
        .filter(|k| !offenders.iter().any(|o| o.key == **k))
        .collect();
    assert!(
        new.is_empty() && stale.is_empty(),
        "too long (split it into named steps, or say why with a `// size: <reason>` \
         comment above the fn or `//! size: <reason>` in the module doc):\n{}\n\
         no longer too long (remove from PENDING_SPLITS): {stale:?}",
        new.join("\n")
    );
}

/// The rules, on small sources.
#[test]
fn the_size_rules_count_code_not_tests_and_honour_reasons() {
    // A function of `body` lines between its signature and closing brace,
    // braces in literals and comments included.
    let function = |above: &str, body: usize| {
        let line = "    let (s, c) = (\"{\", '}'); // }\n";
        format!("{above}fn long() {{\n{}}}\n", line.repeat(body))
    };
    let too_long = |key: &str, lines: usize, limit: usize| Offender {
        key: key.into(),
        line: 1,
        lines,
        limit,
    };
    assert_eq!(offenders_in("a.rs", &function("", MAX_FN_LINES - 2)), []);
    assert_eq!(
        offenders_in("a.rs", &function("", MAX_FN_LINES - 1)),
        [too_long("a.rs:long", MAX_FN_LINES + 1, MAX_FN_LINES)]
    );
    let reason = "/// Docs.\n// size: one table\n#[inline]\n";
    assert_eq!(offenders_in("a.rs", &function(reason, MAX_FN_LINES)), []);

    let code = "const X: u8 = 0;\n".repeat(MAX_FILE_LINES);
    // Long tests count for neither limit.
    let tests = format!(
        "#[cfg(test)]\nmod tests {{\n{}}}\n",
        function("", MAX_FN_LINES * 2)
    );
    assert_eq!(offenders_in("b.rs", &format!("{code}{tests}")), []);
    let over = format!("{code}const Y: u8 = 0;\n{tests}");
    assert_eq!(
        offenders_in("b.rs", &over),
        [too_long("b.rs", MAX_FILE_LINES + 1, MAX_FILE_LINES)]
    );
    assert_eq!(
        offenders_in("b.rs", &format!("//! size: generated\n{over}")),
        []
    );
    // A test module in a file of its own is not counted.
    let parent = "#[cfg(test)]\nmod spec;\n#[cfg(test)]\n#[path = \"x/t.rs\"]\nmod t;\n";
    assert_eq!(
        test_module_files(Path::new("src/a/b.rs"), parent),
        [
            Path::new("src/a/b/spec.rs"),
            Path::new("src/a/b/spec/mod.rs"),
            Path::new("src/a/x/t.rs")
        ]
    );
    assert_eq!(
        test_module_files(Path::new("src/a/mod.rs"), "#[cfg(test)]\nmod spec;\n")[0],
        Path::new("src/a/spec.rs")
    );
    // Raw strings, lifetimes and declarations without a body.
    let tricky = "fn a<'a>(x: &'a str) -> &'a str {\n r#\"}}\"#;\n x\n}\ntrait T { fn b(); }\n";
    assert_eq!(fn_spans(&blank_literals(tricky)), [("a".to_owned(), 0, 3)]);
}

/// The files of the test modules that the file at `path` declares without
/// a body (`#[cfg(test)] mod tests;`, optionally with `#[path = "…"]`).
fn test_module_files(path: &Path, text: &str) -> Vec<std::path::PathBuf> {
    let lines: Vec<&str> = text.lines().collect();
    let dir = path.parent().unwrap();
    let own_dir = match path.file_stem().and_then(|s| s.to_str()) {
        Some("mod" | "lib" | "main") => dir.to_owned(),
        Some(stem) => dir.join(stem),
        None => return Vec::new(),
    };
    let mut out = Vec::new();
    for (start, end) in test_spans(&blank_literals(text)) {
        let item = lines[start..=end.min(lines.len() - 1)].join("\n");
        let Some(decl) = item.trim_end().strip_suffix(';') else {
            continue;
        };
        let Some((_, name)) = decl.rsplit_once("mod ") else {
            continue;
        };
        let attr = item
            .split_once("#[path = \"")
            .and_then(|(_, p)| p.split_once('"'));
        match attr {
            Some((file, _)) => out.push(dir.join(file)),
            None => {
                out.push(own_dir.join(format!("{}.rs", name.trim())));
                out.push(own_dir.join(name.trim()).join("mod.rs"));
            }
        }
    }
    out
}

/// The file's offenders, `rel` being its path as reported.
fn offenders_in(rel: &str, text: &str) -> Vec<Offender> {
    let code = blank_literals(text);
    let lines: Vec<&str> = text.lines().collect();
    let tests = test_spans(&code);
    let in_tests = |line: usize| tests.iter().any(|(s, e)| (*s..=*e).contains(&line));
    let mut out = Vec::new();
    let counted = (0..lines.len()).filter(|&l| !in_tests(l)).count();
    let file_reason = lines.iter().any(|l| l.starts_with("//! size:"));
    if counted > MAX_FILE_LINES && !file_reason {
        out.push(Offender {
            key: rel.to_owned(),
            line: 1,
            lines: counted,
            limit: MAX_FILE_LINES,
        });
    }
    for (name, start, end) in fn_spans(&code) {
        let len = end - start + 1;
        if len > MAX_FN_LINES && !in_tests(start) && !has_reason(&lines, start) {
            out.push(Offender {
                key: format!("{rel}:{name}"),
                line: start + 1,
                lines: len,
                limit: MAX_FN_LINES,
            });
        }
    }
    out
}

/// Whether the comments and attributes right above line `at` say why.
fn has_reason(lines: &[&str], at: usize) -> bool {
    lines[..at]
        .iter()
        .rev()
        .map(|l| l.trim_start())
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l.starts_with("// size:"))
}

/// `text` with the insides of comments, strings and character literals
/// replaced by spaces (line breaks kept), so that braces are code.
fn blank_literals(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let end = match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i + b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .unwrap_or(b.len() - i)
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2)
            }
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let body = i + 2 + hashes;
                text[body..]
                    .find(&close)
                    .map_or(b.len(), |e| body + e + close.len())
            }
            b'"' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b'"' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                j + 1
            }
            // A character literal (`'{'`, `'\''`), not a lifetime (`'a`).
            b'\'' if b.get(i + 1) == Some(&b'\\') => {
                i + 3 + b[i + 3..].iter().position(|&c| c == b'\'').unwrap_or(0) + 1
            }
            b'\'' if b.get(i + 2) == Some(&b'\'') => i + 3,
            b'\'' => {
                // A multi-byte character: `'é'`.
                let c = text[i + 1..].chars().next().unwrap_or(' ');
                match b.get(i + 1 + c.len_utf8()) {
                    Some(b'\'') if !c.is_ascii() => i + 2 + c.len_utf8(),
                    _ => i + 1,
                }
            }
            _ => i + 1,
        };
        if end > i + 1 {
            blank(&mut out, i, end);
        }
        i = end.max(i + 1);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Each function with a body: its name and first and last line (from 0).
fn fn_spans(code: &str) -> Vec<(String, usize, usize)> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(code.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |at: usize| starts.partition_point(|&s| s <= at) - 1;
    let mut out = Vec::new();
    for (at, _) in code.match_indices("fn ") {
        let word_start = at == 0 || !code.as_bytes()[at - 1].is_ascii_alphanumeric();
        let name: String = code[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !word_start || name.is_empty() {
            continue;
        }
        // The body opens at the first `{` after the signature; a `;` first
        // means a declaration.
        let Some(open) = code[at..].find(['{', ';']).map(|o| at + o) else {
            continue;
        };
        if code.as_bytes()[open] == b';' {
            continue;
        }
        if let Some(close) = matching_brace(code, open) {
            out.push((name, line_of(at), line_of(close)));
        }
    }
    out
}

/// The lines (from 0, inclusive) of each `#[cfg(test)]` item with a body.
fn test_spans(code: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line = 0;
    let mut offset = 0;
    let lines: Vec<&str> = code.split('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for l in &lines {
        starts.push(offset);
        offset += l.len() + 1;
    }
    while line < lines.len() {
        if lines[line].trim_start().starts_with("#[cfg(test)]") {
            let at = starts[line];
            if let Some(open) = code[at..].find(['{', ';']).map(|o| at + o) {
                let end = match code.as_bytes()[open] {
                    b'{' => matching_brace(code, open).unwrap_or(code.len() - 1),
                    _ => open,
                };
                let last = starts.partition_point(|&s| s <= end) - 1;
                out.push((line, last));
                line = last + 1;
                continue;
            }
        }
        line += 1;
    }
    out
}

/// The byte offset of the `}` closing the `{` at `open`.
fn matching_brace(code: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in code[open..].bytes().enumerate() {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}
