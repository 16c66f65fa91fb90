//! Site-wide checks that no single note can see: notes nothing links to
//! (info), and titles or aliases that several notes share (which makes
//! wikilinks to them ambiguous).

use super::Relations;
use crate::error::{Diagnostic, Level, LineIndex};
use crate::load::SourceNote;
use crate::note::{NoteId, Notes};
use crate::urls::link_key;
use std::collections::HashMap;

pub(crate) fn site_checks(notes: &Notes, relations: &Relations) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut names: HashMap<String, NoteId> = HashMap::new();
    for (i, n) in notes
        .ids()
        .map(|i| (i, notes.source(i)))
        .filter(|(_, n)| !n.is_section_index)
    {
        if relations.backlinks[i].is_empty() {
            out.push(
                Diagnostic::new(
                    Level::Info,
                    &n.source,
                    "orphan note: no other note links to it",
                )
                .kind("orphan"),
            );
        }
        let mut own = vec![("title", notes.title(i))];
        own.extend(n.fm.aliases.iter().map(|a| ("aliases", a.as_str())));
        let mut seen_here = Vec::new();
        for (key, name) in own {
            let k = link_key(name);
            if seen_here.contains(&k) {
                continue;
            }
            seen_here.push(k.clone());
            match names.get(&k) {
                Some(&first) if first != i => {
                    let d = Diagnostic::warning(
                        &n.source,
                        format!(
                            "`{name}` is also a title or alias of `{}`: [[{name}]] is ambiguous",
                            notes.source(first).source.display()
                        ),
                    );
                    out.push(at_key(d.kind("shared-name"), n, key));
                }
                _ => {
                    names.insert(k, i);
                }
            }
        }
    }
    out
}

/// Points a diagnostic at the frontmatter line of `key`, when it has one.
fn at_key(d: Diagnostic, note: &SourceNote, key: &str) -> Diagnostic {
    let fm = &note.text[..note.body_offset];
    let line = fm.lines().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with([':', '=']))
    });
    match line {
        Some(l) => d
            .at(l + 1, 1)
            .with_excerpt(LineIndex::new(&note.text).line_text(l + 1)),
        None => d,
    }
}
