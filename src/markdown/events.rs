//! Obsidian's syntax on top of pulldown-cmark: one pass turns a note's
//! CommonMark events into [`Ev`]s, which the scan, the renderer and the
//! plain-text pass all read, so each sees the same blocks:
//!
//! - callouts: a blockquote whose first line is `[!type]± Title`;
//! - block ids: `^id` at the end of a paragraph or list item, or on a line
//!   of its own after the block it names (a list, quote, callout, table…);
//! - `==highlights==` ([`marks`]);
//! - inline footnotes `^[text]`;
//! - task states beyond `[ ]` and `[x]` (`- [/]`, `- [?]`…).
//!
//! The CommonMark events come from [`super::math::events`] (math read as
//! Obsidian reads it). Adjacent text events are merged first, so a `==` or
//! `^[` that pulldown-cmark split across events is still seen.

mod marks;

use super::callout;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::iter::Peekable;
use std::ops::Range;

/// A Markdown event, or one of Obsidian's that pulldown-cmark has no event
/// for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ev<'a> {
    Md(Event<'a>),
    /// `==` that opens (`true`) or closes a highlight.
    Mark(bool),
    /// A callout opens; its title's inline events follow, then
    /// [`Ev::CalloutBody`], the content, and [`Ev::CalloutEnd`].
    CalloutStart(Callout),
    CalloutBody,
    CalloutEnd,
    /// The id of the paragraph or list item whose start comes right before.
    BlockId(String),
    /// An own-line `^id` after a block: the block, wrapped, up to
    /// [`Ev::BlockEnd`].
    BlockStart(String),
    BlockEnd,
    /// The task state of the list item whose start comes right before:
    /// `' '`, `'x'`, or another character (`/`, `-`, `?`…).
    Task(char),
    /// An inline footnote `^[…]`: its number (from 1) among the note's
    /// inline footnotes, whose events are in [`Parsed::notes`].
    InlineNote(usize),
}

/// A callout's marker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Callout {
    /// The family the theme colours: `note`, `tip`, `warning`…
    pub family: &'static str,
    /// The type as written, lowercased.
    pub kind: String,
    /// `Some(open)` for foldable callouts.
    pub fold: Option<bool>,
    /// Whether the first line has a title after the marker.
    pub has_title: bool,
}

/// A block with an id, and where it is in the text that was parsed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub(crate) struct Block {
    pub id: String,
    pub range: Range<usize>,
}

pub(crate) type Spanned<'a> = (Ev<'a>, Range<usize>);

#[derive(Debug, Default)]
pub(crate) struct Parsed<'a> {
    pub events: Vec<Spanned<'a>>,
    /// The events of each inline footnote, by number - 1.
    pub notes: Vec<Vec<Spanned<'a>>>,
    /// Every block id, with its block.
    pub blocks: Vec<Block>,
}

/// Parses `text` (a note's body, or a part of it) into Lore's events.
pub(crate) fn parse(text: &str) -> Parsed<'_> {
    let merged = merge_text(text);
    let events = callouts(merged);
    let (events, blocks) = block_ids(events, text);
    let events = tasks(events);
    let (events, notes) = inline(events);
    Parsed {
        events,
        notes,
        blocks,
    }
}

/// pulldown-cmark's events with adjacent text events joined into one.
fn merge_text(text: &str) -> Vec<Spanned<'_>> {
    let mut out: Vec<Spanned<'_>> = Vec::new();
    // Text being joined: its pieces so far and their range.
    let mut pending: Option<(String, Range<usize>)> = None;
    for (event, range) in super::math::events(text) {
        if let Event::Text(t) = &event {
            if let Some((Ev::Md(Event::Text(prev)), prev_range)) = out.last() {
                let (joined, r) =
                    pending.get_or_insert_with(|| (prev.to_string(), prev_range.clone()));
                joined.push_str(t);
                r.end = range.end;
                continue;
            }
        }
        flush(&mut out, &mut pending);
        out.push((Ev::Md(event), range));
    }
    flush(&mut out, &mut pending);
    out
}

fn flush<'a>(out: &mut [Spanned<'a>], pending: &mut Option<(String, Range<usize>)>) {
    if let (Some((joined, range)), Some(last)) = (pending.take(), out.last_mut()) {
        *last = (Ev::Md(Event::Text(joined.into())), range);
    }
}

fn text_of<'e>(ev: Option<&'e Spanned<'_>>) -> Option<&'e str> {
    match ev {
        Some((Ev::Md(Event::Text(t)), _)) => Some(t),
        _ => None,
    }
}

/// Blockquotes whose first line is `[!type]`: callouts, their title apart.
fn callouts(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Ev::Md(Event::Start(Tag::BlockQuote(_)))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // Per open blockquote: whether it is a callout.
    let mut quotes: Vec<bool> = Vec::new();
    let mut it = events.into_iter().peekable();
    while let Some((ev, range)) = it.next() {
        match ev {
            Ev::Md(Event::Start(Tag::BlockQuote(kind))) => {
                let head = quote_head(&mut it);
                let marker = text_of(head.get(1)).and_then(callout::parse_marker);
                quotes.push(marker.is_some());
                match marker {
                    Some(marker) => {
                        let first_text = head[1].1.clone();
                        open_callout(marker, first_text, range, &mut it, &mut out);
                    }
                    None => {
                        out.push((Ev::Md(Event::Start(Tag::BlockQuote(kind))), range));
                        out.extend(head);
                    }
                }
            }
            Ev::Md(Event::End(TagEnd::BlockQuote(kind))) => {
                if quotes.pop() == Some(true) {
                    out.push((Ev::CalloutEnd, range));
                } else {
                    out.push((Ev::Md(Event::End(TagEnd::BlockQuote(kind))), range));
                }
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// A blockquote's first paragraph start and first text, if any: where a
/// callout's marker would be.
fn quote_head<'a>(it: &mut Peekable<impl Iterator<Item = Spanned<'a>>>) -> Vec<Spanned<'a>> {
    let mut head = Vec::new();
    if matches!(it.peek(), Some((Ev::Md(Event::Start(Tag::Paragraph)), _))) {
        head.extend(it.next());
        if matches!(it.peek(), Some((Ev::Md(Event::Text(_)), _))) {
            head.extend(it.next());
        }
    }
    head
}

/// A callout's opening: its start, its title's events, then its body's
/// start (and the paragraph the first line was in, when it goes on).
/// `first_text` is where the marker's text event is in the note.
fn open_callout<'a>(
    marker: callout::Marker<'_>,
    first_text: Range<usize>,
    range: Range<usize>,
    it: &mut Peekable<impl Iterator<Item = Spanned<'a>>>,
    out: &mut Vec<Spanned<'a>>,
) {
    let (title, ended) = callout_title(marker.rest, first_text, it);
    out.push((
        Ev::CalloutStart(Callout {
            family: marker.family,
            kind: marker.kind,
            fold: marker.fold,
            has_title: !title.is_empty(),
        }),
        range.clone(),
    ));
    out.extend(title);
    out.push((Ev::CalloutBody, range.clone()));
    if !ended {
        out.push((Ev::Md(Event::Start(Tag::Paragraph)), range));
    }
}

/// The title of a callout: the text after its marker (`rest`, which ends
/// the text event at `first_text`) and the inline events up to the end of
/// the first line. Also whether the first paragraph ended there.
fn callout_title<'a>(
    rest: &str,
    first_text: Range<usize>,
    it: &mut Peekable<impl Iterator<Item = Spanned<'a>>>,
) -> (Vec<Spanned<'a>>, bool) {
    let mut title: Vec<Spanned<'a>> = Vec::new();
    if !rest.trim().is_empty() {
        let start = first_text.end - rest.len().min(first_text.len());
        title.push((
            Ev::Md(Event::Text(rest.trim_start().to_owned().into())),
            start..first_text.end,
        ));
    }
    let mut ended = false;
    while let Some((e, _)) = it.peek() {
        match e {
            Ev::Md(Event::SoftBreak | Event::HardBreak) => {
                it.next();
                break;
            }
            Ev::Md(Event::End(TagEnd::Paragraph)) => {
                it.next();
                ended = true;
                break;
            }
            _ => title.extend(it.next()),
        }
    }
    if let Some((Ev::Md(Event::Text(t)), _)) = title.last_mut() {
        *t = t.trim_end().to_owned().into();
    }
    title.retain(|(e, _)| !matches!(e, Ev::Md(Event::Text(t)) if t.is_empty()));
    (title, ended)
}

/// `^id` at the end of a block's text (Obsidian's block reference): the
/// id, and the text before it.
pub(crate) fn block_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let (before, id) = trimmed.rsplit_once('^')?;
    let ok = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && (before.is_empty() || before.ends_with(char::is_whitespace));
    ok.then_some((id, before))
}

fn is_start(ev: &Ev<'_>) -> bool {
    matches!(
        ev,
        Ev::Md(Event::Start(_)) | Ev::CalloutStart(_) | Ev::BlockStart(_)
    )
}

fn is_end(ev: &Ev<'_>) -> bool {
    matches!(ev, Ev::Md(Event::End(_)) | Ev::CalloutEnd | Ev::BlockEnd)
}

/// For each start event, the index of its end, and the reverse.
fn partners(events: &[Spanned<'_>]) -> Vec<usize> {
    let mut partner = vec![usize::MAX; events.len()];
    let mut stack = Vec::new();
    for (i, (ev, _)) in events.iter().enumerate() {
        if is_start(ev) {
            stack.push(i);
        } else if is_end(ev) {
            if let Some(s) = stack.pop() {
                partner[s] = i;
                partner[i] = s;
            }
        }
    }
    partner
}

/// What to do to the event list, gathered first and applied at once.
#[derive(Default)]
struct Edits<'a> {
    before: Vec<(usize, Ev<'a>)>,
    after: Vec<(usize, Ev<'a>)>,
    /// Index -> new text (an id cut off).
    text: Vec<(usize, String)>,
    deleted: Vec<Range<usize>>,
}

impl<'a> Edits<'a> {
    fn apply(self, events: Vec<Spanned<'a>>) -> Vec<Spanned<'a>> {
        let n = events.len();
        let mut before: Vec<Vec<Ev<'a>>> = vec![Vec::new(); n];
        let mut after: Vec<Vec<Ev<'a>>> = vec![Vec::new(); n];
        for (i, e) in self.before {
            before[i].push(e);
        }
        for (i, e) in self.after {
            after[i].push(e);
        }
        let mut gone = vec![false; n];
        for r in self.deleted {
            gone[r].iter_mut().for_each(|g| *g = true);
        }
        let mut text: Vec<Option<String>> = vec![None; n];
        for (i, t) in self.text {
            text[i] = Some(t);
        }
        let mut out = Vec::with_capacity(n + 8);
        for (i, (ev, range)) in events.into_iter().enumerate() {
            out.extend(before[i].drain(..).map(|e| (e, range.clone())));
            if !gone[i] {
                match text[i].take() {
                    Some(t) if t.is_empty() => {}
                    Some(t) => out.push((Ev::Md(Event::Text(t.into())), range.clone())),
                    None => out.push((ev, range.clone())),
                }
            }
            out.extend(after[i].drain(..).rev().map(|e| (e, range.clone())));
        }
        out
    }
}

/// Finds every `^id`, hides it, and marks the block it names.
fn block_ids<'a>(events: Vec<Spanned<'a>>, source: &str) -> (Vec<Spanned<'a>>, Vec<Block>) {
    if !source.contains('^') {
        return (events, Vec::new());
    }
    let partner = partners(&events);
    let mut edits = Edits::default();
    let mut blocks = Vec::new();
    for (s, (ev, range)) in events.iter().enumerate() {
        let e = partner[s];
        match ev {
            Ev::Md(Event::Start(Tag::Paragraph)) if e != usize::MAX => {
                let Some((id, before)) = text_of(events.get(e - 1)).and_then(block_id) else {
                    continue;
                };
                let (id, before) = (id.to_owned(), before.to_owned());
                if e == s + 2 && before.trim().is_empty() {
                    // `^id` alone: it names the block before it.
                    own_line_id(&events, &partner, s, e, id, &mut edits, &mut blocks);
                    continue;
                }
                edits.text.push((e - 1, before.trim_end().to_owned()));
                let quote = enclosing_quote(&events, &partner, s)
                    .filter(|_| lazy_line(source, &events[e - 1].1, &events, e - 2));
                if let Some(q) = quote {
                    wrap(&events, &partner, q, id, &mut edits, &mut blocks);
                } else if s > 0 && matches!(events[s - 1].0, Ev::Md(Event::Start(Tag::Item))) {
                    edits.after.push((s - 1, Ev::BlockId(id.clone())));
                    blocks.push(Block {
                        id,
                        range: events[s - 1].1.clone(),
                    });
                } else {
                    edits.after.push((s, Ev::BlockId(id.clone())));
                    blocks.push(Block {
                        id,
                        range: range.clone(),
                    });
                }
            }
            Ev::Md(Event::Start(Tag::Item)) if e != usize::MAX => {
                // A tight item: its own text runs until a nested block.
                let mut last = None;
                for (j, (ev, _)) in events.iter().enumerate().take(e).skip(s + 1) {
                    match ev {
                        Ev::Md(Event::Start(Tag::Paragraph)) => break,
                        ev if is_start(ev) && !is_inline_start(ev) => break,
                        Ev::Md(Event::Text(_)) => last = Some(j),
                        _ => {}
                    }
                }
                let Some(j) = last else { continue };
                if let Some((id, before)) = text_of(events.get(j)).and_then(block_id) {
                    edits.text.push((j, before.trim_end().to_owned()));
                    edits.after.push((s, Ev::BlockId(id.to_owned())));
                    blocks.push(Block {
                        id: id.to_owned(),
                        range: range.clone(),
                    });
                }
            }
            _ => {}
        }
    }
    if blocks.is_empty() {
        return (events, blocks);
    }
    (edits.apply(events), blocks)
}

fn is_inline_start(ev: &Ev<'_>) -> bool {
    matches!(
        ev,
        Ev::Md(Event::Start(
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ))
    )
}

/// An own-line `^id` paragraph (events `s..=e`): the block ending right
/// before it gets the id; the paragraph goes.
fn own_line_id<'a>(
    events: &[Spanned<'a>],
    partner: &[usize],
    s: usize,
    e: usize,
    id: String,
    edits: &mut Edits<'a>,
    blocks: &mut Vec<Block>,
) {
    edits.deleted.push(s..e + 1);
    let before = s.checked_sub(1).filter(|&b| is_end(&events[b].0));
    match before.map(|b| partner[b]).filter(|&p| p != usize::MAX) {
        Some(start) => wrap(events, partner, start, id, edits, blocks),
        None => {
            edits.before.push((s, Ev::BlockStart(id.clone())));
            edits.before.push((s, Ev::BlockEnd));
            blocks.push(Block {
                id,
                range: events[s].1.clone(),
            });
        }
    }
}

/// Wraps the block starting at `start` in a [`Ev::BlockStart`].
fn wrap<'a>(
    events: &[Spanned<'a>],
    partner: &[usize],
    start: usize,
    id: String,
    edits: &mut Edits<'a>,
    blocks: &mut Vec<Block>,
) {
    edits.before.push((start, Ev::BlockStart(id.clone())));
    edits.after.push((partner[start], Ev::BlockEnd));
    blocks.push(Block {
        id,
        range: events[start].1.clone(),
    });
}

/// The outermost blockquote or callout holding the paragraph at `s`, when
/// the paragraph is its last block.
fn enclosing_quote(events: &[Spanned<'_>], partner: &[usize], s: usize) -> Option<usize> {
    let e = partner[s];
    let end = events.get(e + 1)?;
    if !matches!(
        end.0,
        Ev::CalloutEnd | Ev::Md(Event::End(TagEnd::BlockQuote(_)))
    ) {
        return None;
    }
    let mut q = partner[e + 1];
    // Nested quotes ending together: the outermost.
    while let Some(next) = events.get(partner[q] + 1) {
        let is_quote_end = matches!(
            next.0,
            Ev::CalloutEnd | Ev::Md(Event::End(TagEnd::BlockQuote(_)))
        );
        if !is_quote_end || partner[partner[q] + 1] + 1 != q {
            break;
        }
        q = partner[partner[q] + 1];
    }
    Some(q)
}

/// Whether the id text at `range` is on a line of its own that does not
/// start with `>` (a lazy continuation line after a quote), with a line
/// break event right before it.
fn lazy_line(source: &str, range: &Range<usize>, events: &[Spanned<'_>], prev: usize) -> bool {
    let is_break = matches!(
        events.get(prev).map(|e| &e.0),
        Some(Ev::Md(Event::SoftBreak | Event::HardBreak))
    );
    let start = range.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].trim_start();
    is_break && !line.starts_with('>')
}

/// Task markers: pulldown-cmark's `[ ]`/`[x]`, and Obsidian's other states
/// (`[/]`, `[-]`, `[?]`…) that it leaves as text.
fn tasks(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Ev::Md(Event::Start(Tag::Item))))
    {
        return events;
    }
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut item_at: Option<usize> = None;
    for (ev, range) in events {
        match ev {
            Ev::Md(Event::Start(Tag::Item)) => {
                out.push((ev, range));
                item_at = Some(out.len());
                continue;
            }
            Ev::Md(Event::TaskListMarker(done)) => {
                let c = if done { 'x' } else { ' ' };
                match item_at {
                    Some(at) => out.insert(at, (Ev::Task(c), range)),
                    None => out.push((Ev::Task(c), range)),
                }
            }
            Ev::Md(Event::Text(ref t)) if item_at.is_some() => {
                let at = item_at.expect("checked");
                match custom_task(t) {
                    Some((c, rest)) => {
                        out.insert(at, (Ev::Task(c), range.clone()));
                        if !rest.is_empty() {
                            out.push((Ev::Md(Event::Text(rest.to_owned().into())), range));
                        }
                    }
                    None => out.push((ev, range)),
                }
            }
            Ev::Md(Event::Start(Tag::Paragraph)) | Ev::BlockId(_) => {
                out.push((ev, range));
                continue; // a loose item's text is in a paragraph
            }
            _ => out.push((ev, range)),
        }
        item_at = None;
    }
    out
}

/// `[/] rest`: a task state other than `[ ]`/`[x]`, and the text after it.
fn custom_task(text: &str) -> Option<(char, &str)> {
    let rest = text.strip_prefix('[')?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    let after = chars.as_str().strip_prefix(']')?;
    let ok = !c.is_whitespace() && !matches!(c, '[' | ']');
    let rest = match after.strip_prefix(' ') {
        Some(r) => r,
        None if after.is_empty() => after,
        None => return None,
    };
    ok.then_some((c, rest))
}

/// Inline syntax within each run of text: `==highlights==` and `^[inline
/// footnotes]`.
fn inline(events: Vec<Spanned<'_>>) -> (Vec<Spanned<'_>>, Vec<Vec<Spanned<'_>>>) {
    let mut notes = Vec::new();
    let events = footnotes(events, &mut notes);
    let events = marks::marks(events);
    let notes = notes.into_iter().map(marks::marks).collect();
    (events, notes)
}

/// Whether an event ends a run of inline content.
fn breaks_run(ev: &Ev<'_>) -> bool {
    match ev {
        Ev::Md(Event::Start(_) | Event::End(_)) => !is_inline_start(ev) && !is_inline_end(ev),
        Ev::Md(_) | Ev::Mark(_) | Ev::InlineNote(_) => false,
        _ => true,
    }
}

fn is_inline_end(ev: &Ev<'_>) -> bool {
    matches!(
        ev,
        Ev::Md(Event::End(
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ))
    )
}

/// `^[…]` in a run of inline events: the events inside go to `notes`, an
/// [`Ev::InlineNote`] stays in their place. An unclosed `^[` stays text.
/// Each text is cut at its `^[` and `]` in one pass (no piece is copied
/// twice), so a paragraph of thousands of footnotes stays linear.
fn footnotes<'a>(events: Vec<Spanned<'a>>, notes: &mut Vec<Vec<Spanned<'a>>>) -> Vec<Spanned<'a>> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Ev::Md(Event::Text(t)) if t.contains("^[")))
    {
        return events;
    }
    /// A note being collected: its events, bracket depth, where it began.
    struct Open<'a> {
        inner: Vec<Spanned<'a>>,
        depth: usize,
        start: Range<usize>,
    }
    fn give_back<'a>(open: Open<'a>, out: &mut Vec<Spanned<'a>>) {
        out.push((Ev::Md(Event::Text("^[".into())), open.start));
        out.extend(open.inner);
    }
    let piece =
        |t: &str, range: &Range<usize>| (Ev::Md(Event::Text(t.to_owned().into())), range.clone());
    let mut out: Vec<Spanned<'a>> = Vec::with_capacity(events.len());
    let mut open: Option<Open<'a>> = None;
    for (ev, range) in events {
        let Ev::Md(Event::Text(t)) = &ev else {
            match open.as_mut() {
                Some(_) if breaks_run(&ev) => {
                    give_back(open.take().expect("open"), &mut out);
                    out.push((ev, range));
                }
                Some(note) => note.inner.push((ev, range)),
                None => out.push((ev, range)),
            }
            continue;
        };
        if open.is_none() && !t.contains("^[") {
            out.push((ev, range));
            continue;
        }
        let mut at = 0;
        while at < t.len() {
            match open.as_mut() {
                None => match t[at..].find("^[") {
                    Some(k) => {
                        if k > 0 {
                            out.push(piece(&t[at..at + k], &range));
                        }
                        open = Some(Open {
                            inner: Vec::new(),
                            depth: 0,
                            start: range.clone(),
                        });
                        at += k + 2;
                    }
                    None => {
                        out.push(piece(&t[at..], &range));
                        at = t.len();
                    }
                },
                Some(note) => match closing_bracket(&t[at..], &mut note.depth) {
                    Some(k) => {
                        if k > 0 {
                            note.inner.push(piece(&t[at..at + k], &range));
                        }
                        let note = open.take().expect("open");
                        notes.push(note.inner);
                        out.push((Ev::InlineNote(notes.len()), note.start.start..range.end));
                        at += k + 1;
                    }
                    None => {
                        note.inner.push(piece(&t[at..], &range));
                        at = t.len();
                    }
                },
            }
        }
    }
    if let Some(note) = open {
        give_back(note, &mut out);
    }
    out
}

/// The byte index of the `]` that closes an inline note in `text`, given
/// the brackets opened so far (updated).
fn closing_bracket(text: &str, depth: &mut usize) -> Option<usize> {
    for (i, c) in text.char_indices() {
        match c {
            '[' => *depth += 1,
            ']' if *depth == 0 => return Some(i),
            ']' => *depth -= 1,
            _ => {}
        }
    }
    None
}

/// The text of the events, for tests.
#[cfg(test)]
pub(crate) fn text(events: &[Spanned<'_>]) -> String {
    let mut out = String::new();
    for (ev, _) in events {
        match ev {
            Ev::Md(Event::Text(t) | Event::Code(t)) => out.push_str(t),
            Ev::Md(Event::SoftBreak | Event::HardBreak) => out.push(' '),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::CowStr;

    fn evs(md: &str) -> Vec<Ev<'_>> {
        parse(md).events.into_iter().map(|(e, _)| e).collect()
    }

    fn text_ev(s: &str) -> Ev<'static> {
        Ev::Md(Event::Text(CowStr::from(s.to_owned())))
    }

    #[test]
    fn highlights_pair_within_a_paragraph() {
        let e = evs("a ==b c== d == e\n");
        assert!(
            e.contains(&Ev::Mark(true)) && e.contains(&Ev::Mark(false)),
            "{e:?}"
        );
        assert!(e.contains(&text_ev("b c")), "{e:?}");
        assert!(e.contains(&text_ev(" d == e")), "{e:?}");
        // Spaces inside the delimiters: not a highlight.
        assert!(!evs("x == y == z\n").contains(&Ev::Mark(true)));
        // Across inline markup.
        let e = evs("==a **b** c==\n");
        assert_eq!(
            e.iter().filter(|e| matches!(e, Ev::Mark(_))).count(),
            2,
            "{e:?}"
        );
        // Not in code.
        assert!(!evs("`==a==`\n").contains(&Ev::Mark(true)));
    }

    #[test]
    fn block_ids_are_hidden_and_name_their_block() {
        let p = parse("Para one ^abc\n\n- item ^li\n  - child\n\n> quote\n\n^q1\n\nend\n");
        let ids: Vec<&str> = p.blocks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["abc", "li", "q1"]);
        assert!(!text(&p.events).contains('^'), "{:?}", p.events);
        assert!(p
            .events
            .iter()
            .any(|(e, _)| *e == Ev::BlockStart("q1".into())));
        // The list item's range covers its child.
        let li = &p.blocks[1];
        assert!(li.range.len() > "- item ^li".len());
    }

    #[test]
    fn a_lazy_id_line_after_a_quote_names_the_quote() {
        let p = parse("> [!note] Title\n> text\n^cid\n");
        assert!(
            p.events
                .iter()
                .any(|(e, _)| *e == Ev::BlockStart("cid".into())),
            "{:?}",
            p.events
        );
        assert!(p
            .events
            .first()
            .is_some_and(|(e, _)| *e == Ev::BlockStart("cid".into())));
    }

    #[test]
    fn callout_titles_keep_their_inline_markup_and_spacing() {
        let e = evs("> [!info] See [[Other note]] now\n> body\n");
        assert!(matches!(&e[0], Ev::CalloutStart(c) if c.family == "info" && c.has_title));
        assert_eq!(e[1], text_ev("See "));
        assert!(matches!(e[2], Ev::Md(Event::Start(Tag::Link { .. }))));
        assert!(e.contains(&Ev::CalloutBody));
        assert!(e.contains(&Ev::CalloutEnd));
    }

    #[test]
    fn custom_task_states() {
        let e = evs("- [/] half\n- [x] done\n- [ ] todo\n- [link] no\n");
        let tasks: Vec<char> = e
            .iter()
            .filter_map(|e| match e {
                Ev::Task(c) => Some(*c),
                _ => None,
            })
            .collect();
        assert_eq!(tasks, ['/', 'x', ' ']);
        assert!(e.contains(&text_ev("half")));
    }

    #[test]
    fn inline_footnotes_move_their_text_out() {
        let p = parse("Claim^[a **source** here] and more.\n");
        let e: Vec<&Ev<'_>> = p.events.iter().map(|(e, _)| e).collect();
        assert!(e.contains(&&Ev::InlineNote(1)), "{e:?}");
        assert_eq!(text(&p.events), "Claim and more.");
        assert_eq!(text(&p.notes[0]), "a source here");
        // Unclosed: text as written.
        assert_eq!(text(&parse("x ^[open\n").events), "x ^[open");
    }
}
