//! `lore search "etcd backup"`: ranked results from the site's tantivy
//! index, built first when it is missing or stale.

use super::{load_config, print_out};
use crate::cli::{Global, SearchArgs};
use crate::error::{Error, Result};
use crate::search::{self, Hit};
use std::fmt::Write;
use std::io::IsTerminal;

pub fn run(global: &Global, args: &SearchArgs) -> Result<()> {
    // A bad query is the user's to fix, before any work is done.
    search::parse(&args.query).map_err(|e| Error::Query(e.to_string()))?;
    let config = load_config(global)?;
    let index = open_fresh(&config, args.drafts)?;
    let answer = index
        .search(&args.query, args.limit)
        .map_err(|e| Error::Query(e.to_string()))?;
    if args.json {
        print_out(&(serde_json::to_string_pretty(&answer).unwrap_or_default() + "\n"));
        return Ok(());
    }
    let mut out = String::new();
    if answer.results.is_empty() {
        let _ = writeln!(out, "No notes match `{}`.", args.query);
    }
    let bold = std::io::stdout().is_terminal();
    for (i, hit) in answer.results.iter().enumerate() {
        let title = if bold {
            format!("\x1b[1m{}\x1b[0m", hit.title)
        } else {
            hit.title.clone()
        };
        let _ = writeln!(
            out,
            "{}. {title}  {}  (score {:.3})",
            i + 1,
            hit.path,
            hit.score
        );
        let _ = writeln!(out, "   {}", snippet(hit, bold));
    }
    print_out(&out);
    Ok(())
}

/// The site's index, as the content is now. When the file stamps recorded
/// with the index still hold, it is opened as it is; otherwise the notes
/// are read, and the index rebuilt if their text changed.
fn open_fresh(config: &crate::config::Config, drafts: bool) -> Result<search::SearchIndex> {
    if search::fresh::is_fresh(config, drafts) {
        if let Ok(index) = search::open(&search::index_dir(&config.cache_dir())) {
            return Ok(index);
        }
    }
    let since = std::time::SystemTime::now();
    let docs = crate::site::search_docs(config, drafts)?;
    // The index may be rebuilt: not while a build rebuilds it too.
    let lock = crate::write::lock_site(config, |msg| eprintln!("note: {msg}"))?;
    let index = search::open_or_build(&config.cache_dir(), &docs)?;
    search::fresh::record(config, drafts, since);
    drop(lock);
    Ok(index)
}

/// The snippet with its matched words in bold (on a terminal).
fn snippet(hit: &Hit, bold: bool) -> String {
    if !bold {
        return hit.snippet.clone();
    }
    let chars: Vec<char> = hit.snippet.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for [start, end] in &hit.highlights {
        out.extend(&chars[at.min(*start)..*start]);
        out.push_str("\x1b[1m");
        out.extend(&chars[*start..*end]);
        out.push_str("\x1b[0m");
        at = *end;
    }
    out.extend(&chars[at.min(chars.len())..]);
    out
}
