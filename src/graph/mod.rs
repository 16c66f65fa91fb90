//! The knowledge graph: what each link means ([`resolve`]) and how notes
//! relate — backlinks with context, unlinked mentions, related notes
//! ([`relations`]), and the site-wide checks of `lore check` ([`checks`]).

mod checks;
mod relations;
mod resolve;

pub(crate) use checks::site_checks;
pub(crate) use relations::{
    outlinks, outlinks_of, relations, Backlink, MentionFinder, Mentions, NoteChange, Outlinks,
    RelatedCache, Relations,
};
pub(crate) use resolve::{Graph, LinkIndex};
