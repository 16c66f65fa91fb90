//! What pages list: notes in listing order, section titles and counts,
//! the navigation tree, breadcrumbs, topic counts, backlink and related
//! lists, recent notes, tables of contents. Shared by the page renderers
//! in [`super`]; no I/O.

use super::context::{
    DateView, LinkList, LinkRef, NavItem, Summary, TocEntry, TopicCount, TopicRef,
};
use super::{SiteModel, SIDEBAR_TOPICS};
use crate::graph;
use crate::markdown;
use crate::note::NoteId;
use crate::urls::{parent_section, topic_url};
use std::collections::HashMap;

/// A listing shows this many of a note's topics (and how many more): a
/// note with thousands of topics is listed on each of their pages.
const LISTING_TOPICS: usize = 10;

/// Topics of one note that count towards "co-occurring topics".
const COOCCURRING_PER_NOTE: usize = 50;

impl SiteModel<'_> {
    pub(super) fn description(&self, i: NoteId) -> String {
        self.notes
            .source(i)
            .fm
            .description
            .clone()
            .unwrap_or_else(|| self.notes.scan(i).summary.clone())
    }

    pub(super) fn summary(&self, i: NoteId) -> Summary {
        let n = self.notes.source(i);
        let topics = self.notes.topics(i);
        let dates = self.date_fields(i);
        Summary {
            title: self.notes.title(i).to_owned(),
            url: n.url.clone(),
            description: self.description(i),
            date: dates.date,
            updated: dates.updated,
            created_at: dates.created_at,
            updated_at: dates.updated_at,
            topics: topics
                .iter()
                .take(LISTING_TOPICS)
                .map(|t| topic_ref(t))
                .collect(),
            more_topics: topics.len().saturating_sub(LISTING_TOPICS),
        }
    }

    /// Note `i`'s dates as pages show them: the updated day only when it is
    /// not the day it was created.
    pub(super) fn date_fields(&self, i: NoteId) -> DateFields {
        let Some(d) = self.notes.dates(i) else {
            return DateFields::default();
        };
        let (created, updated) = (d.created.view(), d.updated.view());
        DateFields {
            date: Some(created.day.clone()),
            updated: (updated.day != created.day).then(|| updated.day.clone()),
            created_at: Some(created),
            updated_at: Some(updated),
        }
    }

    /// Notes (not section pages), most recently updated first, then most
    /// recently created, then by title.
    pub(crate) fn by_update(&self, ids: impl Iterator<Item = NoteId>) -> Vec<NoteId> {
        let mut ids: Vec<NoteId> = ids
            .filter(|&i| !self.notes.source(i).is_section_index && self.notes.dates(i).is_some())
            .collect();
        ids.sort_by_cached_key(|&i| {
            let d = self.notes.dates(i).expect("filtered");
            (
                std::cmp::Reverse(d.updated),
                std::cmp::Reverse(d.created),
                self.notes.title(i).to_lowercase(),
                i,
            )
        });
        ids
    }

    /// Notes in listing order: weight, then title.
    pub(super) fn sorted(&self, mut ids: Vec<NoteId>) -> Vec<NoteId> {
        ids.sort_by_cached_key(|&i| {
            (
                self.notes.source(i).fm.weight.unwrap_or(i64::MAX),
                self.notes.title(i).to_lowercase(),
            )
        });
        ids
    }

    pub(super) fn notes_in(&self, section: &str) -> Vec<NoteId> {
        let ids = self
            .notes
            .ids()
            .filter(|&i| {
                let n = self.notes.source(i);
                !n.is_section_index && n.section == section
            })
            .collect();
        self.sorted(ids)
    }

    pub(super) fn subsections_of(&self, section: &str) -> Vec<&String> {
        self.folders
            .keys()
            .filter(|u| parent_section(u) == Some(section))
            .collect()
    }

    pub(super) fn section_title(&self, url: &str) -> String {
        match self.section_index.get(url) {
            Some(&i) => self.notes.title(i).to_owned(),
            None if url.is_empty() => self.config.title.clone(),
            None => self
                .folders
                .get(url)
                .cloned()
                .unwrap_or_else(|| url.trim_end_matches('/').to_owned()),
        }
    }

    pub(super) fn count_in(&self, section: &str) -> usize {
        self.notes
            .sources()
            .iter()
            .filter(|n| !n.is_section_index && n.section.starts_with(section))
            .count()
    }

    pub(super) fn nav(&self) -> Vec<NavItem> {
        let notes_inline = self.notes.len() <= self.config.nav_inline_limit;
        self.nav_level("", notes_inline)
    }

    pub(super) fn nav_level(&self, section: &str, with_notes: bool) -> Vec<NavItem> {
        let mut items: Vec<NavItem> = self
            .subsections_of(section)
            .into_iter()
            .map(|url| NavItem {
                title: self.section_title(url),
                url: url.clone(),
                kind: "section",
                current: false,
                open: false,
                children: self.nav_level(url, with_notes),
            })
            .collect();
        if with_notes {
            items.extend(self.notes_in(section).into_iter().map(|i| NavItem {
                title: self.notes.title(i).to_owned(),
                url: self.notes.source(i).url.clone(),
                kind: "note",
                current: false,
                open: false,
                children: vec![],
            }));
        }
        items
    }

    /// The most used topics, for every page's sidebar (the topics page has
    /// them all: listing hundreds on every page would bloat large sites).
    pub(super) fn top_topics(&self) -> Vec<TopicCount> {
        let mut all: Vec<TopicCount> = self
            .topics
            .iter()
            .map(|(t, ids)| topic_count(t, ids.len()))
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        all.truncate(SIDEBAR_TOPICS);
        all
    }

    /// The first `shown` links with their sentence, the next ones (up to
    /// [`super::MORE_LINKS`]) by title only, and the total.
    pub(super) fn link_list(&self, links: &[graph::Backlink], shown: usize) -> LinkList {
        let link = |b: &graph::Backlink, context: bool| LinkRef {
            title: self.notes.title(b.from).to_owned(),
            url: self.notes.source(b.from).url.clone(),
            context: context.then(|| b.context.clone()),
            reason: None,
        };
        let shown_list: Vec<LinkRef> = links.iter().take(shown).map(|b| link(b, true)).collect();
        let more: Vec<LinkRef> = links
            .iter()
            .skip(shown)
            .take(super::MORE_LINKS)
            .map(|b| link(b, false))
            .collect();
        LinkList {
            folded: links.len() - shown_list.len(),
            unlisted: links.len() - shown_list.len() - more.len(),
            shown: shown_list,
            more,
            total: links.len(),
        }
    }

    pub(super) fn breadcrumbs(&self, section: &str) -> Vec<LinkRef> {
        let mut crumbs = vec![LinkRef {
            title: self.config.title.clone(),
            url: String::new(),
            context: None,
            reason: None,
        }];
        let mut url = String::new();
        for part in section.split_terminator('/') {
            url.push_str(part);
            url.push('/');
            crumbs.push(LinkRef {
                title: self.section_title(&url),
                url: url.clone(),
                context: None,
                reason: None,
            });
        }
        crumbs
    }

    /// The `n` most recently updated notes.
    pub(super) fn recent(&self, n: usize) -> Vec<Summary> {
        self.by_update(self.notes.ids())
            .into_iter()
            .take(n)
            .map(|i| self.summary(i))
            .collect()
    }

    /// The `n` most recently updated notes, grouped by the day they were
    /// updated (in the date's own offset), newest day first.
    pub(super) fn recent_days(&self, n: usize) -> Vec<RecentDay> {
        let mut days: Vec<RecentDay> = Vec::new();
        for s in self.recent(n) {
            let Some(updated) = s.updated_at.clone() else {
                continue;
            };
            match days.last_mut() {
                Some(day) if day.day == updated.day => day.notes.push(s),
                _ => days.push(RecentDay {
                    day: updated.day.clone(),
                    text: updated.text.clone(),
                    notes: vec![s],
                }),
            }
        }
        days
    }

    /// Topics that share the most notes with `topic` (not its own family).
    /// (Each note counts with its first [`COOCCURRING_PER_NOTE`] topics: a
    /// note with thousands of topics would make every one of their pages
    /// cost as much as all of them.)
    pub(super) fn cooccurring(&self, topic: &str, ids: &[NoteId]) -> Vec<TopicCount> {
        let nested_in = |a: &str, b: &str| {
            a.len() > b.len() && a.starts_with(b) && a.as_bytes()[b.len()] == b'/'
        };
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for &i in ids {
            for other in self.notes.topics(i).iter().take(COOCCURRING_PER_NOTE) {
                let related = other == topic || nested_in(other, topic) || nested_in(topic, other);
                if !related {
                    *counts.entry(other).or_default() += 1;
                }
            }
        }
        let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        list.into_iter()
            .take(8)
            .map(|(t, c)| topic_count(t, c))
            .collect()
    }
}

/// One day of the "recently changed" page.
#[derive(Debug, Clone, serde::Serialize)]
pub(super) struct RecentDay {
    /// `2024-05-01`.
    pub day: String,
    /// `1 May 2024`.
    pub text: String,
    pub notes: Vec<Summary>,
}

/// A note's dates for a page or listing (see [`SiteModel::date_fields`]).
#[derive(Default)]
pub(super) struct DateFields {
    pub date: Option<String>,
    pub updated: Option<String>,
    pub created_at: Option<DateView>,
    pub updated_at: Option<DateView>,
}

pub(crate) fn topic_ref(topic: &str) -> TopicRef {
    TopicRef {
        name: topic.to_owned(),
        url: topic_url(topic),
    }
}

pub(crate) fn topic_count(topic: &str, count: usize) -> TopicCount {
    TopicCount {
        name: topic.to_owned(),
        url: topic_url(topic),
        count,
        depth: topic.matches('/').count(),
    }
}

/// Nests a flat list of headings by level.
pub(crate) fn toc<'h>(headings: impl Iterator<Item = &'h markdown::Heading>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for h in headings {
        let entry = TocEntry {
            level: h.level,
            id: h.id.clone(),
            title: h.text.clone(),
            children: vec![],
        };
        let mut list = &mut root;
        while list.last().is_some_and(|last| last.level < h.level) {
            list = &mut list.last_mut().expect("checked").children;
        }
        list.push(entry);
    }
    root
}
