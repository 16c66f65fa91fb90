//! How notes relate: backlinks (with the sentence around each link),
//! unlinked mentions (a note's title or alias in another note's prose,
//! whole-word, without a link), and related notes scored over direct links,
//! shared topics and co-citation.

use super::Graph;
use crate::markdown::LinkKind;
use crate::note::{NoteId, Notes, PerNote};
use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// A note that points at another, and the sentence it does it in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Backlink {
    pub from: NoteId,
    pub context: String,
    pub embed: bool,
}

#[cfg(test)]
mod mention_tests {
    use super::*;

    #[test]
    fn common_words_are_sorted_for_the_binary_search() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn mention_rules() {
        assert_eq!(mention_rule("For"), None);
        assert_eq!(mention_rule("go"), None);
        assert_eq!(mention_rule("CAN"), Some(true));
        assert_eq!(mention_rule("Kubernetes"), Some(false));
        assert_eq!(mention_rule("kube-proxy"), Some(false));
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Related {
    pub note: NoteId,
    pub score: f32,
    pub reason: String,
}

#[derive(Debug, Default)]
pub(crate) struct Relations {
    /// Per note: distinct notes it links to (in order of first link).
    pub outlinks: PerNote<Vec<(NoteId, LinkKind)>>,
    /// Per note: notes linking to it, one entry per linking note.
    pub backlinks: PerNote<Vec<Backlink>>,
    pub mentions: PerNote<Vec<Backlink>>,
    pub related: PerNote<Vec<Related>>,
}

/// Topics with more notes than this are too broad to make notes related.
const BROAD_TOPIC: usize = 400;
const RELATED_MAX: usize = 5;

/// Per note: the distinct notes it links to, with the kind of link and
/// the sentence it is in.
pub(crate) type Outlinks = PerNote<Vec<(NoteId, LinkKind, String)>>;

/// Per note: the notes it names in its prose without linking them, with
/// the sentence.
pub(crate) type Mentions = PerNote<Vec<(NoteId, String)>>;

pub(crate) fn outlinks(graph: &Graph<'_>, notes: &Notes) -> Outlinks {
    notes
        .par_ids()
        .map(|i| outlinks_of(graph, notes, i))
        .collect()
}

/// The distinct notes note `i` links to.
pub(crate) fn outlinks_of(
    graph: &Graph<'_>,
    notes: &Notes,
    i: NoteId,
) -> Vec<(NoteId, LinkKind, String)> {
    let mut seen = BTreeSet::new();
    let from = notes.source(i);
    notes
        .scan(i)
        .links
        .iter()
        .filter_map(|l| Some((graph.link_target(from, l.kind, &l.target)?, l)))
        .filter(|(t, _)| *t != i && seen.insert(*t))
        .map(|(t, l)| (t, l.kind, l.context.clone()))
        .collect()
}

/// The related notes of the last build and what they were computed from:
/// when neither links nor topics changed, they are still right.
#[derive(Default)]
pub(crate) struct RelatedCache {
    outlinks: PerNote<Vec<(NoteId, LinkKind)>>,
    topics: PerNote<Vec<String>>,
    section_indexes: PerNote<bool>,
    related: PerNote<Vec<Related>>,
}

/// Puts the relations together from each note's outgoing links and
/// unlinked mentions (`mentions_out[i]`: notes that note `i` names).
pub(crate) fn relations(
    notes: &Notes,
    outlinks: &Outlinks,
    mentions_out: &Mentions,
    cache: &mut RelatedCache,
) -> Relations {
    let mut backlinks = PerNote::filled(notes.len(), Vec::new());
    for (i, links) in outlinks.enumerate() {
        for (t, kind, context) in links {
            backlinks[*t].push(Backlink {
                from: i,
                context: context.clone(),
                embed: *kind == LinkKind::Embed,
            });
        }
    }
    let mut mentions = PerNote::filled(notes.len(), Vec::new());
    for (i, list) in mentions_out.enumerate() {
        for (target, context) in list {
            mentions[*target].push(Backlink {
                from: i,
                context: context.clone(),
                embed: false,
            });
        }
    }
    let outlinks: PerNote<Vec<(NoteId, LinkKind)>> = outlinks
        .iter()
        .map(|l| l.iter().map(|(t, k, _)| (*t, *k)).collect())
        .collect();
    let indexes: PerNote<bool> = notes.sources().iter().map(|n| n.is_section_index).collect();
    let topics = notes.all_topics();
    let same =
        cache.outlinks == outlinks && cache.topics == *topics && cache.section_indexes == indexes;
    if !same {
        cache.related = related(notes, &outlinks, &backlinks);
        cache.outlinks = outlinks.clone();
        cache.topics = topics.clone();
        cache.section_indexes = indexes;
    }
    Relations {
        outlinks,
        backlinks,
        mentions,
        related: cache.related.clone(),
    }
}

/// What changed in one note whose text changed while no note's path,
/// title, aliases or topics did: its outgoing links and its unlinked
/// mentions, before and after.
pub(crate) struct NoteChange<'c> {
    pub note: NoteId,
    pub old_links: &'c [(NoteId, LinkKind, String)],
    pub new_links: &'c [(NoteId, LinkKind, String)],
    pub old_mentions: &'c [(NoteId, String)],
    pub new_mentions: &'c [(NoteId, String)],
}

impl NoteChange<'_> {
    /// The notes whose backlink or mention lists this change touches.
    pub(crate) fn targets(&self) -> impl Iterator<Item = NoteId> + '_ {
        let links = self.old_links.iter().chain(self.new_links).map(|l| l.0);
        let mentions = self.old_mentions.iter().chain(self.new_mentions);
        links.chain(mentions.map(|m| m.0))
    }
}

impl Relations {
    /// Updates the relations for notes whose links and mentions changed,
    /// to what [`relations`] would compute from scratch (backlinks and
    /// mentions stay in linking-note order). Returns the notes whose
    /// related list changed.
    pub(crate) fn patch(
        &mut self,
        notes: &Notes,
        changes: &[NoteChange<'_>],
        cache: &mut RelatedCache,
    ) -> BTreeSet<NoteId> {
        let mut affected = BTreeSet::new();
        for c in changes {
            let i = c.note;
            for (t, _, _) in c.old_links {
                self.backlinks[*t].retain(|b| b.from != i);
            }
            for (t, kind, context) in c.new_links {
                let list = &mut self.backlinks[*t];
                let at = list.partition_point(|b| b.from < i);
                let link = Backlink {
                    from: i,
                    context: context.clone(),
                    embed: *kind == LinkKind::Embed,
                };
                list.insert(at, link);
            }
            for (t, _) in c.old_mentions {
                self.mentions[*t].retain(|b| b.from != i);
            }
            for (t, context) in c.new_mentions {
                let list = &mut self.mentions[*t];
                let at = list.partition_point(|b| b.from < i);
                let mention = Backlink {
                    from: i,
                    context: context.clone(),
                    embed: false,
                };
                list.insert(at, mention);
            }
            let row: Vec<(NoteId, LinkKind)> = c.new_links.iter().map(|l| (l.0, l.1)).collect();
            if row != self.outlinks[i] {
                // Scores of note i, and of every note it linked or links
                // to (their backlinks, and what cites them together).
                affected.insert(i);
                affected.extend(self.outlinks[i].iter().chain(&row).map(|(t, _)| *t));
                cache.outlinks[i] = row.clone();
                self.outlinks[i] = row;
            }
        }
        let mut changed = BTreeSet::new();
        if affected.is_empty() {
            return changed;
        }
        let members = topic_members(notes);
        let scoring = Scoring {
            notes,
            members: &members,
            outlinks: &self.outlinks,
            backlinks: &self.backlinks,
        };
        let mut scratch = Scratch::new(notes.len());
        for j in affected {
            let list = related_to(j, &scoring, &mut scratch);
            if list != self.related[j] {
                cache.related[j] = list.clone();
                self.related[j] = list;
                changed.insert(j);
            }
        }
        changed
    }
}

/// One automaton over every title and alias; it finds, in a note's prose,
/// the notes it names.
pub(crate) struct MentionFinder {
    automaton: AhoCorasick,
    owners: Vec<NoteId>,
    /// Per pattern: the name as written when it must match with its case
    /// (an all-caps name such as `CAN` is not the word "can").
    exact: Vec<Option<String>>,
}

/// Words too common to be a mention of a note that has one as its title
/// ("For", "Note", "Home"): every sentence would name them.
const COMMON_WORDS: &[&str] = &[
    "about", "after", "again", "all", "also", "and", "any", "are", "back", "because", "been",
    "before", "being", "best", "both", "but", "can", "could", "day", "did", "does", "done", "down",
    "each", "even", "every", "few", "find", "first", "for", "from", "get", "give", "good", "great",
    "had", "has", "have", "help", "her", "here", "him", "his", "home", "how", "idea", "ideas",
    "index", "into", "its", "just", "know", "last", "life", "like", "list", "long", "look", "made",
    "make", "many", "may", "more", "most", "much", "must", "need", "new", "next", "not", "note",
    "notes", "now", "off", "old", "one", "only", "other", "our", "out", "over", "own", "part",
    "people", "place", "read", "readme", "right", "said", "same", "see", "she", "should", "since",
    "some", "start", "still", "such", "take", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "thing", "things", "think", "this", "those", "through", "time",
    "today", "todo", "too", "two", "under", "use", "used", "very", "want", "was", "way", "well",
    "were", "what", "when", "where", "which", "while", "who", "why", "will", "with", "work",
    "would", "year", "yes", "you", "your",
];

/// Whether a name can be found as an unlinked mention, and how: `None`
/// when it is too short or too common; `Some(true)` when only its exact
/// case counts (all capitals, like an acronym).
fn mention_rule(name: &str) -> Option<bool> {
    let lower = name.to_lowercase();
    if lower.chars().count() < 3 {
        return None;
    }
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        return Some(true);
    }
    (COMMON_WORDS.binary_search(&lower.as_str()).is_err()).then_some(false)
}

impl MentionFinder {
    pub(crate) fn new(notes: &Notes) -> Option<Self> {
        let mut names: Vec<String> = Vec::new();
        let mut owners: Vec<NoteId> = Vec::new();
        let mut exact = Vec::new();
        for (i, n) in notes
            .ids()
            .map(|i| (i, notes.source(i)))
            .filter(|(_, n)| !n.is_section_index)
        {
            let aliases = n.fm.aliases.iter().map(String::as_str);
            for name in std::iter::once(notes.title(i)).chain(aliases) {
                let name = name.trim();
                // Very short names ("go", "ip") and common words would be
                // mentioned everywhere.
                if let Some(case_matters) = mention_rule(name) {
                    names.push(name.to_lowercase());
                    owners.push(i);
                    exact.push(case_matters.then(|| name.to_owned()));
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)
            .ok()?;
        (!names.is_empty()).then_some(MentionFinder {
            automaton,
            owners,
            exact,
        })
    }

    /// The notes that note `i` names (whole-word, case-insensitive) in its
    /// prose without linking them (`linked`), each with its sentence.
    pub(crate) fn find(
        &self,
        i: NoteId,
        original: &str,
        linked: &BTreeSet<NoteId>,
    ) -> Vec<(NoteId, String)> {
        let prose = original.to_lowercase();
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for m in self.automaton.find_iter(&prose) {
            let target = self.owners[m.pattern().as_usize()];
            if let Some(exact) = &self.exact[m.pattern().as_usize()] {
                let same = original.len() == prose.len()
                    && original.get(m.start()..m.end()) == Some(exact.as_str());
                if !same {
                    continue;
                }
            }
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
    }
}

/// Top notes by: a direct link either way (3 each), each shared topic
/// (weighted by how specific it is), and co-citation (1 per note that links
/// to both).
pub(super) fn related(
    notes: &Notes,
    outlinks: &PerNote<Vec<(NoteId, LinkKind)>>,
    backlinks: &PerNote<Vec<Backlink>>,
) -> PerNote<Vec<Related>> {
    let members = topic_members(notes);
    let scoring = Scoring {
        notes,
        members: &members,
        outlinks,
        backlinks,
    };
    notes
        .par_ids()
        .map_init(
            || Scratch::new(notes.len()),
            |scratch, i| related_to(i, &scoring, scratch),
        )
        .collect()
}

/// Topic -> its notes, in note order.
pub(super) fn topic_members(notes: &Notes) -> HashMap<&str, Vec<NoteId>> {
    let mut members: HashMap<&str, Vec<NoteId>> = HashMap::new();
    for (i, ts) in notes.all_topics().enumerate() {
        for t in ts {
            members.entry(t.as_str()).or_default().push(i);
        }
    }
    members
}

/// Why a candidate is related, accumulated in a dense array (one slot per
/// note, reused across notes) instead of a hash map: this runs for every
/// note over every member of its topics.
#[derive(Clone, Copy, Default)]
struct Why {
    score: f32,
    to: bool,
    from: bool,
    shared_topics: u16,
    cocited: u32,
}

pub(super) struct Scratch {
    why: Vec<Why>,
    touched: Vec<NoteId>,
}

impl Scratch {
    pub(super) fn new(n: usize) -> Self {
        Scratch {
            why: vec![Why::default(); n],
            touched: Vec::new(),
        }
    }

    fn at(&mut self, j: NoteId) -> &mut Why {
        let w = &mut self.why[j.index()];
        if w.score == 0.0 && !w.to && !w.from {
            self.touched.push(j);
        }
        w
    }
}

/// What related notes are scored from: the notes (their topics), who is
/// in each topic, and the links both ways.
pub(super) struct Scoring<'s> {
    pub notes: &'s Notes,
    pub members: &'s HashMap<&'s str, Vec<NoteId>>,
    pub outlinks: &'s PerNote<Vec<(NoteId, LinkKind)>>,
    pub backlinks: &'s PerNote<Vec<Backlink>>,
}

/// The related notes of note `i`.
pub(super) fn related_to(i: NoteId, s: &Scoring<'_>, scratch: &mut Scratch) -> Vec<Related> {
    let Scoring {
        notes,
        members,
        outlinks,
        backlinks,
    } = *s;
    if notes.source(i).is_section_index {
        return Vec::new();
    }
    for (t, _) in &outlinks[i] {
        let w = scratch.at(*t);
        w.score += 3.0;
        w.to = true;
    }
    for b in &backlinks[i] {
        let w = scratch.at(b.from);
        w.score += 3.0;
        w.from = true;
        for (other, _) in &outlinks[b.from] {
            if *other != i {
                let w = scratch.at(*other);
                w.score += 1.0;
                w.cocited += 1;
            }
        }
    }
    for t in notes.topics(i) {
        let list = &members[t.as_str()];
        if list.len() > BROAD_TOPIC {
            continue;
        }
        let weight = 1.0 + 1.0 / (list.len() as f32).ln().max(1.0);
        for &j in list.iter().filter(|&&j| j != i) {
            let w = scratch.at(j);
            w.score += weight;
            w.shared_topics += 1;
        }
    }
    let mut best: Vec<(f32, NoteId)> = scratch
        .touched
        .iter()
        .filter(|&&j| !notes.source(j).is_section_index)
        .map(|&j| (scratch.why[j.index()].score, j))
        .collect();
    best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    best.truncate(RELATED_MAX);
    let list = best
        .into_iter()
        .map(|(score, j)| Related {
            note: j,
            score,
            reason: reason(scratch.why[j.index()], i, j, s),
        })
        .collect();
    for j in scratch.touched.drain(..) {
        scratch.why[j.index()] = Why::default();
    }
    list
}

/// Why note `j` is related to note `i`, in words.
fn reason(w: Why, i: NoteId, j: NoteId, s: &Scoring<'_>) -> String {
    let mut reasons = Vec::new();
    match (w.to, w.from) {
        (true, true) => reasons.push("links both ways".to_owned()),
        (true, false) => reasons.push("linked from this note".to_owned()),
        (false, true) => reasons.push("links to this note".to_owned()),
        _ => {}
    }
    if w.shared_topics > 0 {
        let shared: Vec<&str> = s
            .notes
            .topics(i)
            .iter()
            .filter(|t| s.members[t.as_str()].len() <= BROAD_TOPIC && s.notes.topics(j).contains(t))
            .map(String::as_str)
            .collect();
        reasons.push(format!("shared topics: {}", shared.join(", ")));
    }
    if w.cocited > 0 {
        let n = if w.cocited == 1 { "" } else { "s" };
        reasons.push(format!("cited together by {} note{n}", w.cocited));
    }
    reasons.join("; ")
}

/// Specifications, as tables: what notes relate by, and how much.
#[cfg(test)]
mod spec {
    use super::*;
    use crate::load::SourceNote;
    use std::path::PathBuf;

    fn note(title: &str, aliases: &[&str], section_index: bool) -> SourceNote {
        let fm = crate::load::Frontmatter {
            title: Some(title.to_owned()),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            ..Default::default()
        };
        SourceNote {
            source: PathBuf::from("content/n.md"),
            rel: "n.md".into(),
            text: String::new(),
            body_offset: 0,
            fm,
            is_section_index: section_index,
            section: String::new(),
            url: String::new(),
            stem: String::new(),
            warnings: vec![],
        }
    }

    /// Notes 0–3 and a section index (4), their links and topics:
    /// 0 ⇄ 1, 2 → 0 and 1 (so 0 and 1 are cited together by 2),
    /// 0 ⇢ 3 embedded; topic `k8s` on 0, 3 and 4, `net` on 1 and 2.
    fn sample() -> (Notes, Outlinks) {
        let notes = vec![
            note("Alpha", &[], false),
            note("Beta", &[], false),
            note("Gamma", &[], false),
            note("Delta", &[], false),
            note("Section", &[], true),
        ];
        let titles = ["Alpha", "Beta", "Gamma", "Delta", "Section"];
        let topics = [&["k8s"][..], &["net"], &["net"], &["k8s"], &["k8s"]];
        let notes = Notes::for_test(notes, &titles, &topics);
        let link = |t: usize, kind: LinkKind| (id(t), kind, format!("to {t}"));
        let outlinks = PerNote::from_iter([
            vec![link(1, LinkKind::Wiki), link(3, LinkKind::Embed)],
            vec![link(0, LinkKind::Markdown)],
            vec![link(0, LinkKind::Wiki), link(1, LinkKind::Wiki)],
            vec![],
            vec![link(0, LinkKind::Wiki)],
        ]);
        (notes, outlinks)
    }

    fn id(i: usize) -> NoteId {
        NoteId::from_index(i)
    }

    /// A note's expected related notes: (note, score, reason).
    type RelatedCase<'a> = (usize, &'a [(usize, f32, &'a str)]);
    /// A note's expected backlinks (from, sentence, embed) and mentioners.
    type BacklinkCase<'a> = (usize, &'a [(usize, &'a str, bool)], &'a [usize]);

    /// A topic of 3 notes weighs 1 + 1/ln 3; of 2 notes, 1 + 1/max(ln 2, 1).
    const K8S: f32 = 1.0 + 1.0 / 1.098_612_3;
    const NET: f32 = 2.0;

    #[test]
    fn related_notes_are_scored_by_links_topics_and_cocitation() {
        let (notes, outlinks) = sample();
        let none = PerNote::default();
        let r = relations(&notes, &outlinks, &none, &mut Default::default());
        #[rustfmt::skip]
        let cases: &[RelatedCase] = &[
            // A link each way is 3 + 3; being cited together by 2 adds 1.
            // The section index (4) links to 0 but is never related.
            (0, &[
                (1, 7.0, "links both ways; cited together by 1 note"),
                (3, 3.0 + K8S, "linked from this note; shared topics: k8s"),
                (2, 3.0, "links to this note"),
            ]),
            // 0 links to 1 and to 3: they are cited together.
            (1, &[
                (0, 7.0, "links both ways; cited together by 1 note"),
                (2, 3.0 + NET, "links to this note; shared topics: net"),
                (3, 1.0, "cited together by 1 note"),
            ]),
            (2, &[
                (0, 3.0, "linked from this note"),
                (1, 3.0 + NET, "linked from this note; shared topics: net"),
            ]),
            (3, &[
                (0, 3.0 + K8S, "links to this note; shared topics: k8s"),
                (1, 1.0, "cited together by 1 note"),
            ]),
            // A section index has no related notes.
            (4, &[]),
        ];
        for (i, want) in cases {
            let got: Vec<(usize, f32, &str)> = r.related[id(*i)]
                .iter()
                .map(|x| (x.note.index(), x.score, x.reason.as_str()))
                .collect();
            let mut want = want.to_vec();
            // Best first; ties by note order.
            want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            assert_eq!(got.len(), want.len(), "note {i}: {got:?}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!((g.0, g.2), (w.0, w.2), "note {i}");
                assert!((g.1 - w.1).abs() < 1e-5, "note {i}: {g:?} vs {w:?}");
            }
        }
    }

    #[test]
    fn backlinks_list_each_linking_note_once_in_note_order() {
        let (notes, outlinks) = sample();
        let mentions_out = PerNote::from_iter([
            vec![],
            vec![],
            vec![(id(3), "names Delta".to_owned())],
            vec![],
            vec![],
        ]);
        let r = relations(&notes, &outlinks, &mentions_out, &mut Default::default());
        let cases: &[BacklinkCase] = &[
            // (note, its backlinks (from, sentence, embed), notes mentioning it)
            (
                0,
                &[(1, "to 0", false), (2, "to 0", false), (4, "to 0", false)],
                &[],
            ),
            (1, &[(0, "to 1", false), (2, "to 1", false)], &[]),
            (2, &[], &[]),
            (3, &[(0, "to 3", true)], &[2]),
        ];
        for (i, backlinks, mentioned_by) in cases {
            let got: Vec<(usize, &str, bool)> = r.backlinks[id(*i)]
                .iter()
                .map(|b| (b.from.index(), b.context.as_str(), b.embed))
                .collect();
            assert_eq!(&got, backlinks, "note {i}");
            let got: Vec<usize> = r.mentions[id(*i)].iter().map(|b| b.from.index()).collect();
            assert_eq!(&got, mentioned_by, "note {i}");
        }
        assert_eq!(
            r.outlinks[id(0)],
            [(id(1), LinkKind::Wiki), (id(3), LinkKind::Embed)]
        );
    }

    #[test]
    fn a_patch_gives_what_a_fresh_computation_gives() {
        let (notes, outlinks) = sample();
        let none = PerNote::default();
        // (note, its new links)
        let edits: &[(usize, &[usize])] = &[
            (3, &[1]),       // a new link
            (0, &[3]),       // a link dropped: 0 no longer links to 1
            (2, &[]),        // every link dropped: no more co-citation
            (1, &[2, 3, 0]), // links added around an old one
        ];
        let mut cache = Default::default();
        let mut patched = relations(&notes, &outlinks, &none, &mut cache);
        let mut current = outlinks.clone();
        for (i, new) in edits {
            let new_links: Vec<_> = new
                .iter()
                .map(|t| (id(*t), LinkKind::Wiki, format!("to {t}")))
                .collect();
            let old_links = std::mem::replace(&mut current[id(*i)], new_links.clone());
            patched.patch(
                &notes,
                &[NoteChange {
                    note: id(*i),
                    old_links: &old_links,
                    new_links: &new_links,
                    old_mentions: &[],
                    new_mentions: &[],
                }],
                &mut cache,
            );
            let fresh = relations(&notes, &current, &none, &mut Default::default());
            assert_eq!(patched.outlinks, fresh.outlinks, "after editing note {i}");
            assert_eq!(patched.backlinks, fresh.backlinks, "after editing note {i}");
            assert_eq!(patched.related, fresh.related, "after editing note {i}");
        }
    }

    /// (prose of note 0, the notes it mentions with their sentence). Note 1
    /// is "Kubernetes" (alias "k8s"), 2 "CAN" (an acronym: its case counts),
    /// 3 "Go" (too short), 4 "Will" (too common), 5 "Pod" (linked from 0).
    #[test]
    fn mentions_are_whole_unlinked_names_once_per_note() {
        let notes = vec![
            note("Self", &[], false),
            note("Kubernetes", &["k8s"], false),
            note("CAN", &[], false),
            note("Go", &[], false),
            note("Will", &[], false),
            note("Pod", &[], false),
            note("Index", &[], true),
        ];
        let titles: Vec<String> = notes.iter().map(|n| n.fm.title.clone().unwrap()).collect();
        let titles: Vec<&str> = titles.iter().map(String::as_str).collect();
        let no_topics: &[&str] = &[];
        let notes = Notes::for_test(notes, &titles, &[no_topics; 7]);
        let finder = MentionFinder::new(&notes).unwrap();
        let linked = BTreeSet::from([NoteId::from_index(5)]);
        #[rustfmt::skip]
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("Run kubernetes here.", &[(1, "Run kubernetes here.")]),
            ("Uses K8S. Then Kubernetes.", &[(1, "Uses K8S.")]),
            ("Kubernetesque tools.", &[]),
            ("The CAN bus.", &[(2, "The CAN bus.")]),
            ("You can go, it will work.", &[]),
            ("A Pod runs.", &[]),
            ("Self and Index.", &[]),
            ("First line\nthen CAN and Kubernetes.", &[(2, "then CAN and Kubernetes."), (1, "then CAN and Kubernetes.")]),
        ];
        for (prose, want) in cases {
            let got = finder.find(NoteId::from_index(0), prose, &linked);
            let got: Vec<(usize, &str)> =
                got.iter().map(|(t, c)| (t.index(), c.as_str())).collect();
            assert_eq!(&got, want, "{prose:?}");
        }
    }

    #[test]
    fn topic_members_list_notes_in_order() {
        let notes = vec![
            note("A", &[], false),
            note("B", &[], false),
            note("C", &[], false),
        ];
        let notes = Notes::for_test(notes, &["A", "B", "C"], &[&["a", "b"], &[], &["b"]]);
        let members = topic_members(&notes);
        assert_eq!(members.len(), 2);
        assert_eq!(members["a"], [NoteId::from_index(0)]);
        assert_eq!(members["b"], [0, 2].map(NoteId::from_index));
    }
}

#[cfg(test)]
mod patch_spec;
