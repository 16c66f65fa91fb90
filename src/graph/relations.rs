//! How notes relate: backlinks (with the sentence around each link),
//! unlinked mentions (a note's title or alias in another note's prose,
//! whole-word, without a link), and related notes scored over direct links,
//! shared topics and co-citation.

use super::Graph;
use crate::load::SourceNote;
use crate::markdown::{LinkKind, Scan};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// A note that points at another, and the sentence it does it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Backlink {
    pub from: usize,
    pub context: String,
    pub embed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub note: usize,
    pub score: f32,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Relations {
    /// Per note: distinct notes it links to (in order of first link).
    pub outlinks: Vec<Vec<(usize, LinkKind)>>,
    /// Per note: notes linking to it, one entry per linking note.
    pub backlinks: Vec<Vec<Backlink>>,
    pub mentions: Vec<Vec<Backlink>>,
    pub related: Vec<Vec<Related>>,
}

/// Topics with more notes than this are too broad to make notes related.
const BROAD_TOPIC: usize = 400;
const RELATED_MAX: usize = 5;

/// Computes every relation between the published notes.
pub fn relations(
    graph: &Graph<'_>,
    notes: &[SourceNote],
    scans: &[Scan],
    prose: &[String],
    titles: &[String],
    topics: &[Vec<String>],
) -> Relations {
    let outlinks: Vec<Vec<(usize, LinkKind, String)>> = notes
        .par_iter()
        .enumerate()
        .map(|(i, n)| {
            let mut seen = BTreeSet::new();
            scans[i]
                .links
                .iter()
                .filter_map(|l| Some((graph.link_target(n, l.kind, &l.target)?, l)))
                .filter(|(t, _)| *t != i && seen.insert(*t))
                .map(|(t, l)| (t, l.kind, l.context.clone()))
                .collect()
        })
        .collect();
    let mut backlinks = vec![Vec::new(); notes.len()];
    for (i, links) in outlinks.iter().enumerate() {
        for (t, kind, context) in links {
            backlinks[*t].push(Backlink {
                from: i,
                context: context.clone(),
                embed: *kind == LinkKind::Embed,
            });
        }
    }
    let mentions = mentions(notes, prose, titles, &outlinks);
    let outlinks: Vec<Vec<(usize, LinkKind)>> = outlinks
        .into_iter()
        .map(|l| l.into_iter().map(|(t, k, _)| (t, k)).collect())
        .collect();
    let related = related(notes, topics, &outlinks, &backlinks);
    Relations {
        outlinks,
        backlinks,
        mentions,
        related,
    }
}

/// One automaton over every title and alias finds, in each note's prose,
/// the notes it names without linking them.
fn mentions(
    notes: &[SourceNote],
    prose: &[String],
    titles: &[String],
    outlinks: &[Vec<(usize, LinkKind, String)>],
) -> Vec<Vec<Backlink>> {
    let mut names: Vec<String> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for (i, n) in notes
        .iter()
        .enumerate()
        .filter(|(_, n)| !n.is_section_index)
    {
        for name in std::iter::once(&titles[i]).chain(&n.fm.aliases) {
            let name = name.trim().to_lowercase();
            // Very short names ("go", "ip") would be mentioned everywhere.
            if name.chars().count() >= 3 {
                names.push(name);
                owners.push(i);
            }
        }
    }
    let mut result = vec![Vec::new(); notes.len()];
    if names.is_empty() {
        return result;
    }
    let automaton = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)
        .expect("names build an automaton");
    let found: Vec<Vec<(usize, String)>> = prose
        .par_iter()
        .enumerate()
        .map(|(i, original)| {
            let prose = original.to_lowercase();
            let linked: BTreeSet<usize> = outlinks[i].iter().map(|(t, _, _)| *t).collect();
            let mut seen = BTreeSet::new();
            let mut out = Vec::new();
            for m in automaton.find_iter(&prose) {
                let target = owners[m.pattern().as_usize()];
                let whole_word = !prose[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !prose[m.end()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if target != i && whole_word && !linked.contains(&target) && seen.insert(target) {
                    let line_start = prose[..m.start()].rfind('\n').map_or(0, |p| p + 1);
                    let line_end = prose[m.start()..]
                        .find('\n')
                        .map_or(prose.len(), |p| m.start() + p);
                    // Context from the original-case prose: lowercasing can
                    // change byte lengths, so fall back to lowercase if so.
                    let source = if original.len() == prose.len() {
                        original
                    } else {
                        &prose
                    };
                    let context = crate::markdown::sentence_around(
                        &source[line_start..line_end],
                        m.start() - line_start,
                    );
                    out.push((target, context));
                }
            }
            out
        })
        .collect();
    for (i, list) in found.into_iter().enumerate() {
        for (target, context) in list {
            result[target].push(Backlink {
                from: i,
                context,
                embed: false,
            });
        }
    }
    result
}

/// Top notes by: a direct link either way (3 each), each shared topic
/// (weighted by how specific it is), and co-citation (1 per note that links
/// to both).
fn related(
    notes: &[SourceNote],
    topics: &[Vec<String>],
    outlinks: &[Vec<(usize, LinkKind)>],
    backlinks: &[Vec<Backlink>],
) -> Vec<Vec<Related>> {
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, ts) in topics.iter().enumerate() {
        for t in ts {
            members.entry(t.as_str()).or_default().push(i);
        }
    }
    (0..notes.len())
        .into_par_iter()
        .map(|i| {
            if notes[i].is_section_index {
                return Vec::new();
            }
            #[derive(Default)]
            struct Why {
                score: f32,
                to: bool,
                from: bool,
                topics: Vec<String>,
                cocited: usize,
            }
            let mut why: HashMap<usize, Why> = HashMap::new();
            for (t, _) in &outlinks[i] {
                let w = why.entry(*t).or_default();
                w.score += 3.0;
                w.to = true;
            }
            for b in &backlinks[i] {
                let w = why.entry(b.from).or_default();
                w.score += 3.0;
                w.from = true;
                for (other, _) in &outlinks[b.from] {
                    if *other != i {
                        let w = why.entry(*other).or_default();
                        w.score += 1.0;
                        w.cocited += 1;
                    }
                }
            }
            for t in &topics[i] {
                let list = &members[t.as_str()];
                if list.len() > BROAD_TOPIC {
                    continue;
                }
                let weight = 1.0 + 1.0 / (list.len() as f32).ln().max(1.0);
                for &j in list.iter().filter(|&&j| j != i) {
                    let w = why.entry(j).or_default();
                    w.score += weight;
                    w.topics.push(t.clone());
                }
            }
            let mut list: Vec<Related> = why
                .into_iter()
                .filter(|(j, _)| !notes[*j].is_section_index)
                .map(|(j, w)| {
                    let mut reasons = Vec::new();
                    match (w.to, w.from) {
                        (true, true) => reasons.push("links both ways".to_owned()),
                        (true, false) => reasons.push("linked from this note".to_owned()),
                        (false, true) => reasons.push("links to this note".to_owned()),
                        _ => {}
                    }
                    if !w.topics.is_empty() {
                        reasons.push(format!("shared topics: {}", w.topics.join(", ")));
                    }
                    if w.cocited > 0 {
                        reasons.push(format!(
                            "cited together by {} note{}",
                            w.cocited,
                            if w.cocited == 1 { "" } else { "s" }
                        ));
                    }
                    Related {
                        note: j,
                        score: w.score,
                        reason: reasons.join("; "),
                    }
                })
                .collect();
            list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.note.cmp(&b.note)));
            list.truncate(RELATED_MAX);
            list
        })
        .collect()
}
