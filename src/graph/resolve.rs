//! Link resolution: which note a link means. Wikilinks resolve by path
//! relative to `content/`, then file stem, then title, then alias —
//! case-insensitive, with spaces, hyphens and underscores alike. Markdown
//! links to `.md` files resolve by path from the linking note. Attachments
//! (`![[image.png]]`) are found anywhere under `content/`.

use crate::load::{Attachment, SourceNote};
use crate::markdown::{split_fragment, EmbedPart, LinkKind, LinkResolver, Scan, Target};
use crate::note::{NoteId, Notes};
use crate::urls::{encode_path, link_key, relative};
use std::collections::HashMap;

/// Lookup tables over every published note and attachment. They depend
/// only on each note's path, title and aliases and on the attachments'
/// paths, so `lore serve` keeps them while only note bodies change.
#[derive(Default)]
pub(crate) struct LinkIndex {
    by_path: HashMap<String, Vec<NoteId>>,
    by_stem: HashMap<String, Vec<NoteId>>,
    by_title: HashMap<String, Vec<NoteId>>,
    by_alias: HashMap<String, Vec<NoteId>>,
    /// Path relative to `content/` -> its output path.
    attachments_exact: HashMap<String, String>,
    /// Lowercased path relative to `content/` -> its output path (the
    /// first by path, when two differ only in case).
    attachments: HashMap<String, String>,
    /// Lowercased file name -> (path, output path), for Obsidian's
    /// "anywhere" lookup.
    attachment_names: HashMap<String, Vec<(String, String)>>,
}

impl LinkIndex {
    pub(crate) fn new(notes: &Notes, attachments: &[Attachment]) -> Self {
        let mut g = LinkIndex::default();
        for i in notes.ids() {
            let n = notes.source(i);
            let path = note_stem(&n.rel);
            g.by_path.entry(link_key(path)).or_default().push(i);
            if !n.is_section_index {
                g.by_stem.entry(link_key(&n.stem)).or_default().push(i);
            }
            g.by_title
                .entry(link_key(notes.title(i)))
                .or_default()
                .push(i);
            for a in &n.fm.aliases {
                g.by_alias.entry(link_key(a)).or_default().push(i);
            }
        }
        for a in attachments {
            g.attachments_exact.insert(a.rel.clone(), a.out.clone());
            g.attachments
                .entry(a.rel.to_lowercase())
                .or_insert_with(|| a.out.clone());
            let name = a.rel.rsplit('/').next().unwrap_or(&a.rel).to_lowercase();
            g.attachment_names
                .entry(name)
                .or_default()
                .push((a.rel.clone(), a.out.clone()));
        }
        g
    }
}

impl LinkIndex {
    /// The output path of the attachment at `rel`: the same case first,
    /// then any case.
    fn attachment_at(&self, rel: &str) -> Option<&str> {
        self.attachments_exact
            .get(rel)
            .or_else(|| self.attachments.get(&rel.to_lowercase()))
            .map(String::as_str)
    }
}

/// The link index with the notes it indexes: resolves links.
pub(crate) struct Graph<'a> {
    notes: &'a Notes,
    index: &'a LinkIndex,
}

impl std::ops::Deref for Graph<'_> {
    type Target = LinkIndex;
    fn deref(&self) -> &LinkIndex {
        self.index
    }
}

impl<'a> Graph<'a> {
    pub(crate) fn new(notes: &'a Notes, index: &'a LinkIndex) -> Self {
        Graph { notes, index }
    }

    /// The note a wikilink target (without `#fragment`) names, if any.
    pub(crate) fn find_note(&self, from: &SourceNote, target: &str) -> Option<NoteId> {
        let target = note_stem(target.trim());
        let key = link_key(target.trim_start_matches('/'));
        let tables = [&self.by_path, &self.by_stem, &self.by_title, &self.by_alias];
        tables
            .iter()
            .find_map(|t| t.get(&key).filter(|c| !c.is_empty()))
            .map(|candidates| self.nearest(from, candidates))
    }

    /// Among equal candidates: same folder first, then the shortest path,
    /// then alphabetical — always the same answer for the same vault.
    fn nearest(&self, from: &SourceNote, candidates: &[NoteId]) -> NoteId {
        *candidates
            .iter()
            .min_by_key(|&&i| {
                let n = self.notes.source(i);
                (
                    n.section != from.section,
                    n.rel.matches('/').count(),
                    n.rel.len(),
                    &n.rel,
                )
            })
            .expect("candidates are never empty")
    }

    fn find_attachment(&self, rel: &str) -> Option<&'a str> {
        let index: &'a LinkIndex = self.index;
        if let Some(found) = index.attachment_at(rel) {
            return Some(found);
        }
        let name = rel.rsplit('/').next().unwrap_or(rel).to_lowercase();
        let list = index.attachment_names.get(&name)?;
        list.iter()
            .min_by_key(|(p, _)| (p.matches('/').count(), p.len(), p.as_str()))
            .map(|(_, out)| out.as_str())
    }

    /// `Target` for note `i` seen from the page at `page`, with an
    /// optional fragment: a heading (`H2`, or a path `H2#H3`) or a block
    /// (`^id`).
    fn note_target(&self, page: &str, i: NoteId, fragment: Option<&str>, embed: bool) -> Target {
        let target = self.notes.source(i);
        let mut href = relative(page, &target.url);
        let title = self.notes.title(i).to_owned();
        let mut part = EmbedPart::Whole;
        if let Some(block) = fragment.and_then(|f| f.trim().strip_prefix('^')) {
            let Some(b) = self.notes.scan(i).blocks.iter().find(|b| b.id == block) else {
                return Target::BrokenAnchor {
                    href,
                    title,
                    message: format!(
                        "broken block reference #^{block} in [[{}]]: no block has the id ^{block}",
                        target.stem
                    ),
                };
            };
            href.push_str("#%5E");
            href.push_str(block);
            part = EmbedPart::Block(b.range.clone());
        } else if let Some(frag) = fragment.filter(|f| !f.trim().is_empty()) {
            match self.find_heading(i, frag) {
                // The H1 that is the page's title: the top of the page.
                Some((0, _)) if self.title_heading(i) => {}
                Some((h, id)) => {
                    href.push('#');
                    href.push_str(&id);
                    part = EmbedPart::Section(h);
                }
                None => {
                    return Target::BrokenAnchor {
                        href,
                        title,
                        message: format!(
                            "broken anchor #{frag} in [[{}]]: no such heading",
                            target.stem
                        ),
                    }
                }
            }
        }
        if embed {
            Target::Embed {
                href,
                title,
                note: i,
                part,
            }
        } else {
            Target::Internal { href, title }
        }
    }

    /// Whether note `i`'s first heading is an H1 shown as its title.
    fn title_heading(&self, i: NoteId) -> bool {
        let scan = self.notes.scan(i);
        scan.headings.first().is_some_and(|h| h.level == 1)
            && crate::markdown::h1_is_title(scan, self.notes.title(i))
    }

    /// A heading of note `i` by its text or id (`H3`), or by its path of
    /// headings (`H2#H3`: the H3 under that H2): its index and id.
    fn find_heading(&self, i: NoteId, fragment: &str) -> Option<(usize, String)> {
        let headings = &self.notes.scan(i).headings;
        let mut from = 0;
        let mut until = headings.len();
        let mut found = None;
        for step in fragment.split('#').map(str::trim).filter(|s| !s.is_empty()) {
            let key = link_key(&percent_decode(step));
            let slug = crate::urls::slugify(step);
            let n = (from..until).find(|&n| {
                let h = &headings[n];
                link_key(&h.text) == key || h.id == step || h.id == slug
            })?;
            let level = headings[n].level;
            from = n + 1;
            until = (from..until)
                .find(|&m| headings[m].level <= level)
                .unwrap_or(until);
            found = Some((n, headings[n].id.clone()));
        }
        found
    }

    fn suggest(&self, target: &str) -> Option<String> {
        let key = link_key(target);
        let mut best: Option<(usize, &str)> = None;
        let names = self
            .notes
            .ids()
            .map(|i| (i, self.notes.source(i)))
            .filter(|(_, n)| !n.is_section_index)
            .flat_map(|(i, n)| {
                std::iter::once(n.stem.as_str())
                    .chain(std::iter::once(self.notes.title(i)))
                    .chain(n.fm.aliases.iter().map(String::as_str))
                    .map(move |name| (name, n.stem.as_str()))
            });
        for (name, stem) in names {
            let d = strsim::levenshtein(&key, &link_key(name));
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, stem));
            }
        }
        let limit = (key.chars().count() / 3).max(2);
        best.filter(|(d, _)| *d <= limit).map(|(_, s)| s.to_owned())
    }

    fn broken(&self, written: &str, target: &str) -> Target {
        let message = match self.suggest(target) {
            Some(s) => format!("broken link {written} — did you mean [[{s}]]?"),
            None => format!("broken link {written}"),
        };
        Target::Broken {
            message,
            help: None,
        }
    }

    fn resolve_wiki(&self, from: &SourceNote, page: &str, dest: &str, embed: bool) -> Target {
        let (path, fragment) = split_fragment(dest);
        let written = if embed {
            format!("![[{dest}]]")
        } else {
            format!("[[{dest}]]")
        };
        if path.trim().is_empty() {
            let i = self.index_of(from);
            return self.note_target(page, i, fragment, false);
        }
        if let Some(i) = self.find_note(from, path) {
            return self.note_target(page, i, fragment, embed);
        }
        if let Some(att) = self.find_attachment(path.trim()) {
            return self.attachment_target(page, att, fragment);
        }
        self.broken(&written, path)
    }

    fn attachment_target(&self, page: &str, out: &str, fragment: Option<&str>) -> Target {
        let mut href = relative(page, &encode_path(out));
        if let Some(f) = fragment.filter(|f| !f.is_empty()) {
            href.push('#');
            href.push_str(f);
        }
        Target::Internal {
            href,
            title: String::new(),
        }
    }

    /// `[x](../a.md#frag)`, `![](img.png)`: paths relative to the note's
    /// file; when nothing is there (or the path climbs out of the content
    /// folder), the file is looked for by name across the vault, as
    /// Obsidian finds attachments and notes.
    fn resolve_path(&self, from: &SourceNote, page: &str, dest: &str) -> Target {
        let (path, fragment) = split_fragment(dest);
        let path = percent_decode(path.split('?').next().unwrap_or(path));
        if path.is_empty() {
            let i = self.index_of(from);
            return self.note_target(page, i, fragment, false);
        }
        let dir = from.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = match path.strip_prefix('/') {
            Some(abs) => join("", abs),
            None => join(dir, &path),
        };
        let name = path.rsplit('/').next().unwrap_or(&path);
        let is_note = crate::load::is_note_file(name);
        if let Some(joined) = &joined {
            if is_note {
                if let Some(&i) = self
                    .by_path
                    .get(&link_key(note_stem(joined)))
                    .and_then(|c| c.first())
                {
                    return self.note_target(page, i, fragment, false);
                }
            } else if let Some(att) = self.attachment_at(joined) {
                return self.attachment_target(page, att, fragment);
            }
        }
        // By name, anywhere.
        if is_note {
            if let Some(i) = self.find_note(from, note_stem(name)) {
                return self.note_target(page, i, fragment, false);
            }
            return self.broken(&format!("`{dest}`"), note_stem(name));
        }
        if let Some(att) = self.find_attachment(name) {
            return self.attachment_target(page, att, fragment);
        }
        Target::Broken {
            message: format!("broken link `{dest}`: no such file in the vault"),
            help: None,
        }
    }

    /// The note a link of `from` leads to, when it leads to a note.
    pub(crate) fn link_target(
        &self,
        from: &SourceNote,
        kind: LinkKind,
        dest: &str,
    ) -> Option<NoteId> {
        match kind {
            LinkKind::Wiki | LinkKind::Embed => {
                let dest = clean_wiki_dest(dest);
                let (path, _) = split_fragment(&dest);
                if path.trim().is_empty() {
                    return None; // a link within the note itself
                }
                self.find_note(from, path)
            }
            LinkKind::Markdown => {
                if crate::markdown::is_external(dest) {
                    return None;
                }
                let (path, _) = split_fragment(dest);
                let path = percent_decode(path);
                let dir = from.rel.rsplit_once('/').map_or("", |(d, _)| d);
                let joined = match path.strip_prefix('/') {
                    Some(abs) => join("", abs),
                    None => join(dir, &path),
                }
                .unwrap_or_else(|| path.rsplit('/').next().unwrap_or(&path).to_owned());
                let name = joined.rsplit('/').next().unwrap_or(&joined);
                if !crate::load::is_note_file(name) {
                    return None;
                }
                self.by_path
                    .get(&link_key(note_stem(&joined)))
                    .and_then(|c| c.first().copied())
                    .or_else(|| self.find_note(from, note_stem(name)))
            }
            LinkKind::Image => None,
        }
    }

    fn index_of(&self, note: &SourceNote) -> NoteId {
        self.notes
            .id_of(&note.rel)
            .expect("note is part of the graph")
    }
}

impl LinkResolver for Graph<'_> {
    fn resolve(
        &self,
        from: &SourceNote,
        page: &str,
        kind: LinkKind,
        dest: &str,
    ) -> (Target, Option<String>) {
        match kind {
            LinkKind::Wiki | LinkKind::Embed => {
                let dest = clean_wiki_dest(dest);
                let target = self.resolve_wiki(from, page, &dest, kind == LinkKind::Embed);
                let warning = self.ambiguity(from, split_fragment(&dest).0);
                (target, warning)
            }
            LinkKind::Markdown | LinkKind::Image => (self.resolve_path(from, page, dest), None),
        }
    }

    fn note(&self, i: NoteId) -> (&SourceNote, &Scan) {
        (self.notes.source(i), self.notes.scan(i))
    }

    fn title(&self, i: NoteId) -> &str {
        self.notes.title(i)
    }
}

/// `a/b.md` -> `a/b`.
fn note_stem(path: &str) -> &str {
    let lower = path.to_ascii_lowercase();
    for ext in [".markdown", ".md"] {
        if lower.ends_with(ext) {
            return &path[..path.len() - ext.len()];
        }
    }
    path
}

/// `Note\` (a `[[Note\|label]]` inside a table, where the pipe is escaped
/// so the table survives) means `Note`.
fn clean_wiki_dest(dest: &str) -> String {
    let dest = dest.strip_suffix('\\').unwrap_or(dest);
    dest.split("\\|").next().unwrap_or(dest).to_owned()
}

impl Graph<'_> {
    /// A warning naming every candidate when a wikilink matches several
    /// notes equally well.
    fn ambiguity(&self, from: &SourceNote, path: &str) -> Option<String> {
        let path = note_stem(path.trim());
        if path.is_empty() {
            return None;
        }
        let key = link_key(path.trim_start_matches('/'));
        let candidates = [&self.by_path, &self.by_stem, &self.by_title, &self.by_alias]
            .iter()
            .find_map(|t| t.get(&key).filter(|c| !c.is_empty()))?;
        let mut distinct: Vec<NoteId> = candidates.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            return None;
        }
        let chosen = self.nearest(from, candidates);
        let names: Vec<String> = distinct
            .iter()
            .map(|&i| format!("`{}`", self.notes.source(i).source.display()))
            .collect();
        Some(format!(
            "ambiguous link [[{path}]]: it matches {}; using `{}`",
            names.join(", "),
            self.notes.source(chosen).source.display()
        ))
    }
}

/// Joins a relative path onto a folder; `None` when `..` climbs out.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_stays_inside_content() {
        assert_eq!(join("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join("", "./x/y.png").as_deref(), Some("x/y.png"));
        assert_eq!(join("a", "../../x.md"), None);
    }
}
