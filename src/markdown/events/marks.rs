//! `==highlights==`: each `==` that pairs up within a run of inline events
//! becomes an [`Ev::Mark`], the texts around it cut apart.

use super::{breaks_run, Ev, Spanned};
use pulldown_cmark::Event;

/// `==highlights==` in each run of inline events. A `==` opens when the
/// character after it is not white space, and closes when the one before
/// it is not; an opener without a closer in the same run stays text.
pub(super) fn marks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Ev::Md(Event::Text(t)) if t.contains("==")))
    {
        return events;
    }
    let found = mark_delimiters(&events);
    if found.is_empty() {
        return events;
    }
    cut_at_marks(events, found)
}

/// The `==` that pair up: (event index, byte offset, opens), in order.
fn mark_delimiters(events: &[Spanned<'_>]) -> Vec<(usize, usize, bool)> {
    let mut found: Vec<(usize, usize, bool)> = Vec::new();
    // An opener waiting for its closer in this run: (event, byte offset).
    let mut pending: Option<(usize, usize)> = None;
    for (i, (ev, _)) in events.iter().enumerate() {
        if breaks_run(ev) {
            pending = None;
            continue;
        }
        let Ev::Md(Event::Text(t)) = ev else { continue };
        let bytes = t.as_bytes();
        let mut k = 0;
        while let Some(off) = t[k..].find("==") {
            let at = k + off;
            // A longer run of `=` (`===`) is not a delimiter.
            let run_end = at + bytes[at..].iter().take_while(|&&b| b == b'=').count();
            if run_end - at != 2 {
                k = run_end;
                continue;
            }
            // At the edge of a text event, the neighbour is inline markup
            // (`**`, a link…): not white space.
            let prev = t[..at]
                .chars()
                .next_back()
                .or_else(|| edge(events, i, false));
            let next = t[at + 2..].chars().next().or_else(|| edge(events, i, true));
            let can_close = prev.is_some_and(|c| !c.is_whitespace());
            let can_open = next.is_some_and(|c| !c.is_whitespace());
            match pending {
                Some((pi, pat)) if can_close && !(pi == i && pat + 2 == at) => {
                    found.push((pi, pat, true));
                    found.push((i, at, false));
                    pending = None;
                }
                _ if can_open => pending = Some((i, at)),
                _ => {}
            }
            k = at + 2;
        }
    }
    found
}

/// The events with each text cut at its delimiters in `found`, an
/// [`Ev::Mark`] in place of each `==`.
fn cut_at_marks(events: Vec<Spanned<'_>>, found: Vec<(usize, usize, bool)>) -> Vec<Spanned<'_>> {
    let mut out = Vec::with_capacity(events.len() + found.len() * 2);
    let mut by_event: std::collections::BTreeMap<usize, Vec<(usize, bool)>> = Default::default();
    for (i, at, open) in found {
        by_event.entry(i).or_default().push((at, open));
    }
    for (i, (ev, range)) in events.into_iter().enumerate() {
        let Some(cuts) = by_event.get(&i) else {
            out.push((ev, range));
            continue;
        };
        let Ev::Md(Event::Text(t)) = &ev else {
            unreachable!("delimiters are found in text")
        };
        let mut from = 0;
        for &(at, open) in cuts {
            if at > from {
                out.push((
                    Ev::Md(Event::Text(t[from..at].to_owned().into())),
                    range.clone(),
                ));
            }
            out.push((Ev::Mark(open), range.clone()));
            from = at + 2;
        }
        if from < t.len() {
            out.push((
                Ev::Md(Event::Text(t[from..].to_owned().into())),
                range.clone(),
            ));
        }
    }
    out
}

/// The character next to event `i` of a run (`after`: the one after it),
/// as far as the `==` rules care: white space at a line break or the
/// run's edge, else the nearest text's character, else a letter-like one.
fn edge(events: &[Spanned<'_>], i: usize, after: bool) -> Option<char> {
    let neighbour = if after {
        events.get(i + 1)
    } else {
        i.checked_sub(1).and_then(|j| events.get(j))
    };
    match neighbour.map(|(e, _)| e) {
        None => None,
        Some(e) if breaks_run(e) => None,
        Some(Ev::Md(Event::SoftBreak | Event::HardBreak)) => Some(' '),
        Some(Ev::Md(Event::Text(t))) => {
            if after {
                t.chars().next()
            } else {
                t.chars().next_back()
            }
        }
        Some(_) => Some('x'),
    }
}
