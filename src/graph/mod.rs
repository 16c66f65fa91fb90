//! The knowledge graph: what each link means ([`resolve`]) and how notes
//! relate — backlinks with context, unlinked mentions, related notes
//! ([`relations`]), and the site-wide checks of `lore check` ([`checks`]).

mod checks;
mod relations;
mod resolve;

pub use checks::site_checks;
pub use relations::{
    outlinks, outlinks_of, relations, Backlink, MentionFinder, Mentions, NoteChange, Outlinks,
    RelatedCache, Relations,
};
pub use resolve::{Graph, LinkIndex};
