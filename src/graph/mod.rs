//! The knowledge graph: what each link means ([`resolve`]) and how notes
//! relate — backlinks with context, unlinked mentions, related notes
//! ([`relations`]).

mod relations;
mod resolve;

pub use relations::{relations, Backlink, Related, Relations};
pub use resolve::Graph;
