//! Incremental relations, as a specification: a five-note graph, then
//! edits as `lore serve` applies them — a link added, a link removed (both
//! through [`Relations::patch`]), a topic changed (through [`relations`]
//! again, with the cache the patches kept). After each step the relations
//! are shown as a snapshot and must equal those computed from scratch.

use super::*;
use crate::load::SourceNote;
use crate::markdown::Scan;
use crate::note::Row;
use expect_test::{expect, Expect};
use std::fmt::Write;
use std::path::{Path, PathBuf};

const TITLES: [&str; 5] = ["Alpha", "Beta", "Gamma", "Delta", "Section"];

fn id(i: usize) -> NoteId {
    NoteId::from_index(i)
}

/// Note `i` with its title and one topic, as the table reads it.
fn row(i: usize, topic: &str) -> Row {
    let source = SourceNote {
        source: PathBuf::from(format!("content/{i}.md")),
        rel: format!("{i}.md"),
        text: String::new(),
        body_offset: 0,
        fm: crate::load::Frontmatter {
            title: Some(TITLES[i].to_owned()),
            topics: vec![topic.to_owned()],
            ..Default::default()
        },
        is_section_index: i == 4,
        section: String::new(),
        url: String::new(),
        stem: String::new(),
        warnings: vec![],
    };
    Row {
        source,
        scan: Scan::default(),
        stamp: (0, None),
        fresh: false,
    }
}

fn config() -> crate::config::Config {
    crate::config::parse(Path::new("/site"), "title = \"Site\"\n").expect("a valid site.toml")
}

/// The site as the edits leave it: notes, topics, links and mentions.
struct Graph {
    notes: Notes,
    links: Outlinks,
    mentions: Mentions,
}

impl Graph {
    /// Alpha ⇄ Beta, Gamma → Alpha and Beta, Alpha embeds Delta, the
    /// section index → Alpha; Gamma names Delta; topics `k8s` on Alpha,
    /// Delta and the index, `net` on Beta and Gamma.
    fn new() -> Self {
        let topics = ["k8s", "net", "net", "k8s", "k8s"];
        let links = [
            &[(1, LinkKind::Wiki), (3, LinkKind::Embed)][..],
            &[(0, LinkKind::Markdown)],
            &[(0, LinkKind::Wiki), (1, LinkKind::Wiki)],
            &[],
            &[(0, LinkKind::Wiki)],
        ];
        let mut notes = Notes::default();
        for (i, topic) in topics.iter().enumerate() {
            notes.push(row(i, topic), &config());
        }
        Graph {
            notes,
            links: (0..5).map(|i| links_of(i, links[i])).collect(),
            mentions: (0..5)
                .map(|i| match i {
                    2 => vec![(id(3), "Gamma names Delta.".to_owned())],
                    _ => vec![],
                })
                .collect(),
        }
    }

    fn fresh(&self) -> Relations {
        relations(
            &self.notes,
            &self.links,
            &self.mentions,
            &mut RelatedCache::default(),
        )
    }

    /// Replaces note `i`'s links, and patches `r` (and `cache`) to match.
    fn patch_links(
        &mut self,
        r: &mut Relations,
        cache: &mut RelatedCache,
        i: usize,
        new: &[(usize, LinkKind)],
    ) -> BTreeSet<usize> {
        let new_links = links_of(i, new);
        let old_links = std::mem::replace(&mut self.links[id(i)], new_links.clone());
        let change = NoteChange {
            note: id(i),
            old_links: &old_links,
            new_links: &new_links,
            old_mentions: &self.mentions[id(i)],
            new_mentions: &self.mentions[id(i)],
        };
        let changed = r.patch(&self.notes, &[change], cache);
        changed.into_iter().map(NoteId::index).collect()
    }
}

/// Links of note `i`, each in a sentence naming both ends.
fn links_of(i: usize, links: &[(usize, LinkKind)]) -> Vec<(NoteId, LinkKind, String)> {
    links
        .iter()
        .map(|&(t, kind)| (id(t), kind, format!("{} links {}.", TITLES[i], TITLES[t])))
        .collect()
}

/// The relations as a reader of each page sees them.
fn show(r: &Relations) -> String {
    let mut out = String::new();
    for (i, title) in TITLES.iter().enumerate() {
        let backlinks: Vec<String> = r.backlinks[id(i)]
            .iter()
            .map(|b| {
                let embed = if b.embed { " (embed)" } else { "" };
                format!("{}{embed} “{}”", TITLES[b.from.index()], b.context)
            })
            .collect();
        let mentions: Vec<&str> = r.mentions[id(i)]
            .iter()
            .map(|m| TITLES[m.from.index()])
            .collect();
        writeln!(out, "{title}").unwrap();
        let none = |list: String| if list.is_empty() { "none".into() } else { list };
        writeln!(out, "  backlinks: {}", none(backlinks.join("; "))).unwrap();
        writeln!(out, "  mentioned by: {}", none(mentions.join(", "))).unwrap();
        for rel in &r.related[id(i)] {
            let (to, score) = (TITLES[rel.note.index()], rel.score);
            writeln!(out, "  related: {to} {score:.2} ({})", rel.reason).unwrap();
        }
    }
    out
}

/// `r` equals the relations computed from scratch, and shows as expected.
fn check(g: &Graph, r: &Relations, expected: Expect) {
    let fresh = g.fresh();
    assert_eq!(r.outlinks, fresh.outlinks);
    assert_eq!(r.backlinks, fresh.backlinks);
    assert_eq!(r.mentions, fresh.mentions);
    assert_eq!(r.related, fresh.related);
    expected.assert_eq(&show(r));
}

#[test]
fn patched_and_reloaded_relations_equal_fresh_ones() {
    let mut g = Graph::new();
    let mut cache = RelatedCache::default();
    let mut r = relations(&g.notes, &g.links, &g.mentions, &mut cache);
    check(
        &g,
        &r,
        expect![[r#"
            Alpha
              backlinks: Beta “Beta links Alpha.”; Gamma “Gamma links Alpha.”; Section “Section links Alpha.”
              mentioned by: none
              related: Beta 7.00 (links both ways; cited together by 1 note)
              related: Delta 4.91 (linked from this note; shared topics: k8s)
              related: Gamma 3.00 (links to this note)
            Beta
              backlinks: Alpha “Alpha links Beta.”; Gamma “Gamma links Beta.”
              mentioned by: none
              related: Alpha 7.00 (links both ways; cited together by 1 note)
              related: Gamma 5.00 (links to this note; shared topics: net)
              related: Delta 1.00 (cited together by 1 note)
            Gamma
              backlinks: none
              mentioned by: none
              related: Beta 5.00 (linked from this note; shared topics: net)
              related: Alpha 3.00 (linked from this note)
            Delta
              backlinks: Alpha (embed) “Alpha links Delta.”
              mentioned by: Gamma
              related: Alpha 4.91 (links to this note; shared topics: k8s)
              related: Beta 1.00 (cited together by 1 note)
            Section
              backlinks: none
              mentioned by: none
        "#]],
    );

    // Delta links Beta: a backlink for Beta, and a stronger relation
    // between them; Alpha's list does not change.
    let changed = g.patch_links(&mut r, &mut cache, 3, &[(1, LinkKind::Wiki)]);
    assert_eq!(changed, BTreeSet::from([1, 3]));
    check(
        &g,
        &r,
        expect![[r#"
            Alpha
              backlinks: Beta “Beta links Alpha.”; Gamma “Gamma links Alpha.”; Section “Section links Alpha.”
              mentioned by: none
              related: Beta 7.00 (links both ways; cited together by 1 note)
              related: Delta 4.91 (linked from this note; shared topics: k8s)
              related: Gamma 3.00 (links to this note)
            Beta
              backlinks: Alpha “Alpha links Beta.”; Gamma “Gamma links Beta.”; Delta “Delta links Beta.”
              mentioned by: none
              related: Alpha 7.00 (links both ways; cited together by 1 note)
              related: Gamma 5.00 (links to this note; shared topics: net)
              related: Delta 4.00 (links to this note; cited together by 1 note)
            Gamma
              backlinks: none
              mentioned by: none
              related: Beta 5.00 (linked from this note; shared topics: net)
              related: Alpha 3.00 (linked from this note)
            Delta
              backlinks: Alpha (embed) “Alpha links Delta.”
              mentioned by: Gamma
              related: Alpha 4.91 (links to this note; shared topics: k8s)
              related: Beta 4.00 (linked from this note; cited together by 1 note)
            Section
              backlinks: none
              mentioned by: none
        "#]],
    );

    // Alpha drops its link to Beta and keeps its embed of Delta.
    let changed = g.patch_links(&mut r, &mut cache, 0, &[(3, LinkKind::Embed)]);
    assert_eq!(changed, BTreeSet::from([0, 1, 3]));
    check(
        &g,
        &r,
        expect![[r#"
            Alpha
              backlinks: Beta “Beta links Alpha.”; Gamma “Gamma links Alpha.”; Section “Section links Alpha.”
              mentioned by: none
              related: Delta 4.91 (linked from this note; shared topics: k8s)
              related: Beta 4.00 (links to this note; cited together by 1 note)
              related: Gamma 3.00 (links to this note)
            Beta
              backlinks: Gamma “Gamma links Beta.”; Delta “Delta links Beta.”
              mentioned by: none
              related: Gamma 5.00 (links to this note; shared topics: net)
              related: Alpha 4.00 (linked from this note; cited together by 1 note)
              related: Delta 3.00 (links to this note)
            Gamma
              backlinks: none
              mentioned by: none
              related: Beta 5.00 (linked from this note; shared topics: net)
              related: Alpha 3.00 (linked from this note)
            Delta
              backlinks: Alpha (embed) “Alpha links Delta.”
              mentioned by: Gamma
              related: Alpha 4.91 (links to this note; shared topics: k8s)
              related: Beta 3.00 (linked from this note)
            Section
              backlinks: none
              mentioned by: none
        "#]],
    );

    // Nothing changed: a reload reuses the related lists the patches kept
    // in the cache.
    let reloaded = relations(&g.notes, &g.links, &g.mentions, &mut cache);
    assert_eq!(reloaded.related, g.fresh().related);

    // Gamma's topic becomes `k8s`: topics are not patched; the reload
    // recomputes the related lists.
    g.notes.replace(id(2), row(2, "k8s"), &config());
    let r = relations(&g.notes, &g.links, &g.mentions, &mut cache);
    check(
        &g,
        &r,
        expect![[r#"
            Alpha
              backlinks: Beta “Beta links Alpha.”; Gamma “Gamma links Alpha.”; Section “Section links Alpha.”
              mentioned by: none
              related: Gamma 4.72 (links to this note; shared topics: k8s)
              related: Delta 4.72 (linked from this note; shared topics: k8s)
              related: Beta 4.00 (links to this note; cited together by 1 note)
            Beta
              backlinks: Gamma “Gamma links Beta.”; Delta “Delta links Beta.”
              mentioned by: none
              related: Alpha 4.00 (linked from this note; cited together by 1 note)
              related: Gamma 3.00 (links to this note)
              related: Delta 3.00 (links to this note)
            Gamma
              backlinks: none
              mentioned by: none
              related: Alpha 4.72 (linked from this note; shared topics: k8s)
              related: Beta 3.00 (linked from this note)
              related: Delta 1.72 (shared topics: k8s)
            Delta
              backlinks: Alpha (embed) “Alpha links Delta.”
              mentioned by: Gamma
              related: Alpha 4.72 (links to this note; shared topics: k8s)
              related: Beta 3.00 (linked from this note)
              related: Gamma 1.72 (shared topics: k8s)
            Section
              backlinks: none
              mentioned by: none
        "#]],
    );
}
