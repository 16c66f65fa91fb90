//! The second pass: events to HTML. One [`Renderer`] walks a note's
//! events ([`super::events`]: CommonMark plus Obsidian's syntax) once; each
//! kind of event that Lore changes has its own method, and the rest goes
//! through pulldown-cmark's HTML writer untouched. Embeds and media are in
//! [`super::embed`], raw HTML in [`super::raw_html`].

use super::events::{self, Callout, Ev, Spanned};
use super::scan::{Heading, LinkKind, Scan};
use crate::error::{Diagnostic, Level, LineIndex};
use crate::highlight::{escape, Highlighter};
use crate::load::SourceNote;
use crate::note::NoteId;
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// Where a link goes, as decided by the graph.
#[derive(Debug, Clone, PartialEq, Hash)]
pub(crate) enum Target {
    /// A page or file of this site: `href` is relative to the linking page.
    Internal { href: String, title: String },
    /// A note (or part of it) to transclude: `![[Note]]`,
    /// `![[Note#Heading]]`, `![[Note#^block]]`.
    Embed {
        href: String,
        title: String,
        note: NoteId,
        part: EmbedPart,
    },
    /// A link to the site that cannot be resolved. Rendered visibly broken.
    Broken {
        message: String,
        help: Option<String>,
    },
    /// The target exists but the anchor does not: still a link, with a warning.
    BrokenAnchor {
        href: String,
        title: String,
        message: String,
    },
    /// Leave the destination as written (external URLs, plain anchors).
    Keep,
}

/// Which part of a note an embed shows.
#[derive(Debug, Clone, PartialEq, Hash)]
pub(crate) enum EmbedPart {
    Whole,
    /// A heading's section (heading index in the scan).
    Section(usize),
    /// A block (`^id`): its byte range in the note's file.
    Block(Range<usize>),
}

/// Resolves the links of one note against the whole site.
pub(crate) trait LinkResolver: Sync {
    /// Where a link of `from` leads, with its href relative to the page at
    /// `page` (the note's own URL, or the page embedding it), and a
    /// warning when it is ambiguous.
    fn resolve(
        &self,
        from: &SourceNote,
        page: &str,
        kind: LinkKind,
        dest: &str,
    ) -> (Target, Option<String>);
    /// A note by id, for transclusion.
    fn note(&self, i: NoteId) -> (&SourceNote, &Scan);
    /// A note's title.
    fn title(&self, i: NoteId) -> &str;
}

/// Everything the renderer needs besides the note itself.
pub(crate) struct RenderCtx<'a> {
    pub highlighter: &'a Highlighter,
    pub resolver: &'a dyn LinkResolver,
    /// `Some` when raw HTML is rendered (`allow_html`): the sanitiser.
    pub sanitizer: Option<&'a ammonia::Builder<'static>>,
    /// TeX to MathML, with the site's preamble macros.
    pub math: &'a super::Math,
}

#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    /// The note (or a note it embeds) has math: its page loads the math font.
    pub has_math: bool,
    /// The note (or a note it embeds) has a diagram: its page loads Mermaid.
    pub has_diagrams: bool,
}

/// Paragraphs that hold only note embeds (`![[Note]]` on lines of their
/// own) lose their `<p>`: an embed is a `<div>`, which may not sit in a
/// paragraph (browsers close the `<p>` early and leave empty ones around
/// it). A paragraph with text beside its embed keeps it, as does one with
/// a block id (`<p id>`).
fn unwrap_block_embeds(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let is_embed =
        |e: &Event<'_>| matches!(e, Event::Html(h) if h.starts_with("<div class=\"embed"));
    let is_space = |e: &Event<'_>| match e {
        Event::SoftBreak | Event::HardBreak => true,
        Event::Text(t) => t.trim().is_empty(),
        _ => false,
    };
    let mut out = Vec::with_capacity(events.len());
    // Where the open paragraph's `<p>` is in `out`, and whether it holds
    // only embeds and space so far.
    let mut open: Option<(usize, bool)> = None;
    for ev in events {
        match &ev {
            Event::Start(Tag::Paragraph) => open = Some((out.len(), true)),
            Event::End(TagEnd::Paragraph) => {
                if let Some((at, true)) = open.take() {
                    let inner: Vec<Event<'_>> = out.drain(at..).skip(1).collect();
                    if inner.iter().any(is_embed) {
                        for embed in inner.into_iter().filter(|e| !is_space(e)) {
                            out.push(embed);
                            out.push(Event::Html("\n".into()));
                        }
                        continue;
                    }
                    out.push(Event::Start(Tag::Paragraph));
                    out.extend(inner);
                }
            }
            e => {
                if let Some((_, only)) = &mut open {
                    *only &= is_embed(e) || is_space(e);
                }
            }
        }
        out.push(ev);
    }
    out
}

/// Whether a note's first `# H1` repeats its title (so the page shows the
/// title once): the H1 leads the note and reads the same.
pub(crate) fn h1_is_title(scan: &Scan, title: &str) -> bool {
    scan.h1_leads
        && scan
            .h1
            .as_deref()
            .is_some_and(|h| crate::urls::link_key(h) == crate::urls::link_key(title))
}

/// What part of a note to render, for which page, and the chain of embeds
/// that led here.
pub(super) struct Part<'s> {
    /// Byte range in the note's body.
    pub range: Range<usize>,
    pub skip_h1: bool,
    /// URL of the page the HTML goes on: every href is relative to it.
    pub page: &'s str,
    pub stack: Vec<Frame<'s>>,
}

/// One step of the chain of embeds being rendered: the note, and where in
/// its file the embed that led deeper sits.
#[derive(Clone, Copy)]
pub(super) struct Frame<'a> {
    pub rel: &'a str,
    pub at: usize,
}

pub(super) fn render_part<'a>(
    note: &'a SourceNote,
    scan: &'a Scan,
    ctx: &RenderCtx<'_>,
    part: Part<'a>,
) -> Rendered {
    let (start, end) = (part.range.start, part.range.end);
    let absolute = note.body_offset + start;
    let first_heading = scan.headings.partition_point(|h| h.offset < absolute);
    let body = dedented(note.body(), start..end);
    let parsed = events::parse(&body);
    let footnote_labels = count_footnotes(&parsed.events);
    let mut r = Renderer {
        note,
        ctx,
        events: parsed.events,
        notes: parsed.notes,
        i: 0,
        out: Vec::new(),
        headings: scan.headings[first_heading..].iter(),
        skip_first_h1: part.skip_h1,
        closers: Vec::new(),
        callouts: Vec::new(),
        saved: Vec::new(),
        in_link: 0,
        offset: absolute,
        page: part.page,
        stack: part.stack,
        lines: LineIndex::new(&note.text),
        rendered: Rendered::default(),
        raw_html: false,
        html_depth: 0,
        footnote_base: footnote_labels,
    };
    r.run();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let events = unwrap_block_embeds(std::mem::take(&mut r.out));
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html.push_str(&r.inline_notes());
    if let (Some(sanitizer), true) = (ctx.sanitizer, r.raw_html) {
        html = sanitizer.clean(&html).to_string();
    }
    r.rendered.html = html;
    r.rendered
}

/// The part of `body` in `range`, with the indentation of its first line
/// taken off the lines after it (a nested list item embedded alone).
fn dedented(body: &str, range: Range<usize>) -> std::borrow::Cow<'_, str> {
    let text = &body[range.clone()];
    let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &body[line_start..range.start];
    if indent.is_empty() || !indent.chars().all(|c| c == ' ' || c == '\t') || !text.contains('\n') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if n == 0 {
            out.push_str(line);
        } else {
            out.push_str(
                line.strip_prefix(indent)
                    .unwrap_or(line.trim_start_matches([' ', '\t'])),
            );
        }
    }
    out.into()
}

/// How many distinct footnotes the events reference (inline footnotes
/// are numbered after them).
fn count_footnotes(events: &[Spanned<'_>]) -> usize {
    let mut labels: Vec<&str> = events
        .iter()
        .filter_map(|(e, _)| match e {
            Ev::Md(Event::FootnoteReference(l)) => Some(l.as_ref()),
            _ => None,
        })
        .collect();
    labels.sort_unstable();
    labels.dedup();
    labels.len()
}

/// The opening tag of a link to a page of the site.
fn internal_link(class: &str, href: &str, title: &str) -> String {
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    format!("<a class=\"{class}\" href=\"{}\"{title}>", escape(href))
}

pub(super) struct Renderer<'a, 'c> {
    pub(super) note: &'a SourceNote,
    pub(super) ctx: &'c RenderCtx<'c>,
    pub(super) events: Vec<Spanned<'a>>,
    /// Inline footnotes' events, rendered at the end.
    notes: Vec<Vec<Spanned<'a>>>,
    pub(super) i: usize,
    pub(super) out: Vec<Event<'a>>,
    headings: std::slice::Iter<'a, Heading>,
    skip_first_h1: bool,
    /// Closing tags for links and images Lore rewrote, innermost last.
    closers: Vec<&'static str>,
    /// Per open callout: whether it folds.
    callouts: Vec<bool>,
    /// Output saved while a heading's inner HTML is collected.
    saved: Vec<Vec<Event<'a>>>,
    in_link: usize,
    /// Byte offset of the rendered text in the note's file.
    pub(super) offset: usize,
    /// URL of the page this HTML goes on.
    pub(super) page: &'a str,
    /// The embeds that led here, outermost first.
    pub(super) stack: Vec<Frame<'a>>,
    lines: LineIndex<'a>,
    pub(super) rendered: Rendered,
    /// The note has raw HTML (rendered, so the page is sanitised).
    pub(super) raw_html: bool,
    /// How deep the raw HTML so far nests its elements.
    pub(super) html_depth: usize,
    /// Regular footnotes referenced; inline ones are numbered after them.
    footnote_base: usize,
}

impl<'a> Renderer<'a, '_> {
    fn run(&mut self) {
        while self.i < self.events.len() {
            let (event, range) = self.events[self.i].clone();
            self.i += 1;
            self.event(event, range);
        }
    }

    fn event(&mut self, event: Ev<'a>, range: Range<usize>) {
        match event {
            Ev::Md(e) => self.md(e, range),
            Ev::Mark(open) => self.html(if open { "<mark>" } else { "</mark>" }),
            Ev::CalloutStart(c) => self.callout(&c),
            Ev::CalloutBody => self.callout_body(),
            Ev::CalloutEnd => {
                let close = match self.callouts.pop() {
                    Some(true) => "</div></details>\n",
                    _ => "</div></div>\n",
                };
                self.html(close)
            }
            Ev::BlockStart(id) => {
                self.html(&format!("<div class=\"block\" id=\"^{}\">\n", escape(&id)))
            }
            Ev::BlockEnd => self.html("</div>\n"),
            // Read with the paragraph or item they belong to.
            Ev::BlockId(_) | Ev::Task(_) => {}
            Ev::InlineNote(n) => {
                let shown = self.footnote_base + n;
                self.html(&format!(
                    "<sup class=\"footnote-reference\"><a href=\"#fn-inline-{n}\" id=\"fnref-inline-{n}\">{shown}</a></sup>"
                ))
            }
        }
    }

    fn md(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.saved.push(std::mem::take(&mut self.out)),
            Event::End(TagEnd::Heading(level)) => self.heading(level as u8),
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.link(link_type, dest_url, title, range),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let alt = self.take_alt();
                self.image(link_type, &dest_url, &title, alt, range)
            }
            Event::Start(Tag::HtmlBlock) => self.html_block(range),
            Event::InlineHtml(html) => self.inline_html(html, range),
            Event::Html(html) => self.inline_html(html, range),
            Event::Start(Tag::Paragraph) => self.paragraph(),
            Event::Start(Tag::Item) => self.item(),
            Event::Text(text) => self.text(text, range.start),
            Event::InlineMath(tex) => self.math(&tex, false, range),
            Event::DisplayMath(tex) => self.math(&tex, true, range),
            other => self.out.push(other),
        }
    }

    /// A formula as MathML, or as its TeX with a warning when it cannot be.
    fn math(&mut self, tex: &str, display: bool, range: Range<usize>) {
        let out = self.ctx.math.to_html(tex, display);
        if let Some((at, reason)) = out.error {
            // Point into the TeX when it is the source text as it is.
            let open = if display { 2 } else { 1 };
            let start = range.start + open;
            let body = &self.note.text[self.offset.min(self.note.text.len())..];
            let at = match body.get(start..start + tex.len()) == Some(tex) {
                true => start + at,
                false => range.start,
            };
            self.warn(
                at,
                "math",
                format!("math not rendered: {reason}"),
                Some("it is shown as TeX; Lore renders TeX through math-core (see the README's Math section)".into()),
            );
        }
        self.rendered.has_math = true;
        self.out.push(Event::InlineHtml(out.html.into()));
    }

    pub(super) fn html(&mut self, html: &str) {
        self.out.push(Event::Html(html.to_owned().into()));
    }

    pub(super) fn warn(
        &mut self,
        offset_in_body: usize,
        kind: &'static str,
        message: String,
        help: Option<String>,
    ) {
        let offset = self.offset + offset_in_body;
        let (line, col) = self.lines.position(offset);
        let mut d = Diagnostic::new(Level::Warning, &self.note.source, message)
            .kind(kind)
            .at(line, col)
            .with_excerpt(self.lines.line_text(line));
        d.help = help;
        self.rendered.diagnostics.push(d);
    }

    fn heading(&mut self, level: u8) {
        let inner = std::mem::replace(&mut self.out, self.saved.pop().unwrap_or_default());
        let Some(h) = self.headings.next() else {
            return;
        };
        if level == 1 && std::mem::take(&mut self.skip_first_h1) {
            return; // shown as the page title
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
        let id = escape(&h.id);
        self.html(&format!(
            "<h{level} id=\"{id}\">{html} <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
        ));
    }

    fn code_block(&mut self, kind: pulldown_cmark::CodeBlockKind<'a>, range: Range<usize>) {
        let mut code = String::new();
        while let Some((event, _)) = self.events.get(self.i) {
            self.i += 1;
            match event {
                Ev::Md(Event::Text(t)) => code.push_str(t),
                Ev::Md(Event::End(TagEnd::CodeBlock)) => break,
                _ => {}
            }
        }
        let lang = match &kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .filter(|l| !l.is_empty()),
            pulldown_cmark::CodeBlockKind::Indented => None,
        };
        if super::mermaid::is_diagram(lang) {
            self.rendered.has_diagrams = true;
            self.html(&super::mermaid::diagram_html(&code));
            return;
        }
        let out = self.ctx.highlighter.highlight(&code, lang);
        if let Some(w) = out.warning {
            self.warn(range.start, "highlight", w, None);
        }
        self.html(&format!("{}\n", out.html));
    }

    /// A callout's opening: its box and title (the title's own events, if
    /// any, follow; else the type's default title).
    fn callout(&mut self, c: &Callout) {
        let family = c.family;
        let foldable = c.fold.is_some();
        let open = match c.fold {
            Some(is_open) => format!(
                "<details class=\"callout\" data-callout=\"{family}\"{}><summary class=\"callout-title\">",
                if is_open { " open" } else { "" }
            ),
            None => format!(
                "<div class=\"callout\" data-callout=\"{family}\"><div class=\"callout-title\">"
            ),
        };
        self.html(&open);
        if !c.has_title {
            let title = escape(&super::callout::default_title(&c.kind));
            self.html(&title);
        }
        self.callouts.push(foldable);
    }

    fn callout_body(&mut self) {
        let close = if self.callouts.last() == Some(&true) {
            "</summary>"
        } else {
            "</div>"
        };
        self.html(&format!("{close}<div class=\"callout-content\">\n"));
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        range: Range<usize>,
    ) {
        self.in_link += 1;
        let kind = if matches!(link_type, LinkType::WikiLink { .. }) {
            LinkKind::Wiki
        } else {
            LinkKind::Markdown
        };
        if super::is_unsafe_url(&dest) {
            self.warn(
                range.start,
                "unsafe-link",
                format!("unsafe link `{dest}` removed"),
                None,
            );
            self.open("<span class=\"unsafe-link\">".into(), "</span>");
            return;
        }
        if link_type == LinkType::Email || (kind == LinkKind::Markdown && super::is_external(&dest))
        {
            self.keep_link(link_type, dest, title);
            return;
        }
        let target = self.resolve(kind, &dest, range.start);
        if matches!(link_type, LinkType::WikiLink { has_pothole: false }) && dest.contains('#') {
            self.label_heading_link(&dest);
        }
        self.open_target(target, link_type, dest, title, range.start);
    }

    /// Opens a link to where the graph resolved it: the title written in
    /// the link wins over the target's. A broken one is warned about (at
    /// byte `at`) and shown broken.
    fn open_target(
        &mut self,
        target: Target,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        at: usize,
    ) {
        match target {
            Target::Internal { href, title: t } | Target::Embed { href, title: t, .. } => {
                let t = if title.is_empty() {
                    t
                } else {
                    title.to_string()
                };
                self.open(internal_link("internal-link", &href, &t), "</a>");
            }
            Target::BrokenAnchor {
                href,
                title: t,
                message,
            } => {
                self.warn(at, "broken-anchor", message, None);
                let html = internal_link("internal-link broken-anchor", &href, &t);
                self.open(html, "</a>");
            }
            Target::Broken { message, help } => {
                self.warn(at, "broken-link", message.clone(), help);
                self.open(
                    format!(
                        "<span class=\"broken-link\" title=\"{}\">",
                        escape(&message)
                    ),
                    "</span>",
                );
            }
            Target::Keep => self.keep_link(link_type, dest, title),
        }
    }

    /// A link left as written (pulldown-cmark renders it).
    fn keep_link(&mut self, link_type: LinkType, dest: CowStr<'a>, title: CowStr<'a>) {
        self.out.push(Event::Start(Tag::Link {
            link_type,
            dest_url: dest,
            title,
            id: "".into(),
        }));
        self.closers.push("");
    }

    /// `[[Note#Heading]]` without a label reads `Note > Heading`, as in
    /// Obsidian (`[[#Heading]]`: `Heading`): the written text is replaced.
    fn label_heading_link(&mut self, dest: &str) {
        let dest = dest.strip_suffix('\\').unwrap_or(dest);
        let label = dest
            .split('#')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" > ");
        let mut j = self.i;
        while let Some((Ev::Md(Event::Text(_)), _)) = self.events.get(j) {
            j += 1;
        }
        if matches!(
            self.events.get(j),
            Some((Ev::Md(Event::End(TagEnd::Link)), _))
        ) {
            let range = self.events[self.i].1.clone();
            self.events
                .splice(self.i..j, [(Ev::Md(Event::Text(label.into())), range)]);
        }
    }

    /// Where a link leads; an ambiguous one is warned about here.
    pub(super) fn resolve(&mut self, kind: LinkKind, dest: &str, at: usize) -> Target {
        let (target, ambiguity) = self.ctx.resolver.resolve(self.note, self.page, kind, dest);
        if let Some(w) = ambiguity {
            self.warn(at, "ambiguous-link", w, None);
        }
        target
    }

    fn open(&mut self, html: String, closer: &'static str) {
        self.out.push(Event::Html(html.into()));
        self.closers.push(closer);
    }

    fn end_link(&mut self) {
        self.in_link = self.in_link.saturating_sub(1);
        match self.closers.pop() {
            Some("") | None => self.out.push(Event::End(TagEnd::Link)),
            Some(closer) => self.html(closer),
        }
    }

    /// An image's alt text: the text up to its end, consumed.
    fn take_alt(&mut self) -> String {
        let mut alt = String::new();
        let mut depth = 0;
        while let Some((event, _)) = self.events.get(self.i) {
            self.i += 1;
            match event {
                Ev::Md(Event::Start(Tag::Image { .. })) => depth += 1,
                Ev::Md(Event::End(TagEnd::Image)) if depth == 0 => break,
                Ev::Md(Event::End(TagEnd::Image)) => depth -= 1,
                Ev::Md(Event::Text(t) | Event::Code(t)) => alt.push_str(t),
                _ => {}
            }
        }
        alt
    }

    /// The block id that follows a paragraph's or item's start, if any
    /// (and the task state of an item).
    fn marks_after_start(&self) -> (Option<String>, Option<char>) {
        let (mut id, mut task) = (None, None);
        for (e, _) in &self.events[self.i..] {
            match e {
                Ev::BlockId(b) => id = Some(b.clone()),
                Ev::Task(c) => task = Some(*c),
                _ => break,
            }
        }
        (id, task)
    }

    fn paragraph(&mut self) {
        match self.marks_after_start().0 {
            Some(id) => self.html(&format!("<p id=\"^{}\">", escape(&id))),
            None => self.out.push(Event::Start(Tag::Paragraph)),
        }
    }

    /// A list item: its block id, and for tasks the state as Obsidian's
    /// themes expect (`data-task` on the item and its checkbox).
    fn item(&mut self) {
        let (id, task) = self.marks_after_start();
        let id_attr = id
            .map(|id| format!(" id=\"^{}\"", escape(&id)))
            .unwrap_or_default();
        let Some(c) = task else {
            self.html(&format!("<li{id_attr}>"));
            return;
        };
        let state = escape(&c.to_string());
        let checked = if c == ' ' { "" } else { " checked" };
        self.html(&format!(
            "<li class=\"task-list-item\" data-task=\"{state}\"{id_attr}>"
        ));
        let checkbox =
            format!("<input type=\"checkbox\" disabled{checked} data-task=\"{state}\"> ");
        // A loose item's text is in a paragraph: the box goes inside it.
        let mut j = self.i;
        while matches!(self.events.get(j), Some((Ev::BlockId(_) | Ev::Task(_), _))) {
            j += 1;
        }
        if matches!(
            self.events.get(j),
            Some((Ev::Md(Event::Start(Tag::Paragraph)), _))
        ) {
            self.i = j + 1;
            self.out.push(Event::Start(Tag::Paragraph));
        }
        self.html(&checkbox);
    }

    /// Plain text: `#topics` link to their pages and bare URLs become links
    /// (GFM autolinks), outside links.
    fn text(&mut self, text: CowStr<'a>, offset: usize) {
        if self.in_link > 0 {
            self.out.push(Event::Text(text));
            return;
        }
        let topics = if text.contains('#') {
            super::inline_topics(&text)
        } else {
            Vec::new()
        };
        let mut rest = 0;
        for (range, topic) in topics {
            if crate::topics::topic_too_deep(&text[range.clone()]) {
                let max = crate::topics::MAX_TOPIC_DEPTH;
                let msg = format!("topic nested more than {max} levels deep; kept the first {max}");
                self.warn(offset + range.start, "topic-depth", msg, None);
            }
            self.autolink(&text[rest..range.start]);
            let href = crate::urls::relative(self.page, &crate::urls::topic_url(&topic));
            self.html(&format!(
                "<a class=\"topic-tag\" href=\"{}\">{}</a>",
                escape(&href),
                escape(&text[range.clone()])
            ));
            rest = range.end;
        }
        if rest == 0 {
            self.autolink_cow(text);
        } else {
            self.autolink(&text[rest..]);
        }
    }

    fn autolink_cow(&mut self, text: CowStr<'a>) {
        if text.contains("://") || text.contains("www.") || text.contains('@') {
            self.autolink(&text);
        } else {
            self.out.push(Event::Text(text));
        }
    }

    fn autolink(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !(text.contains("://") || text.contains("www.") || text.contains('@')) {
            self.out.push(Event::Text(text.to_owned().into()));
            return;
        }
        let mut finder = linkify::LinkFinder::new();
        finder.url_must_have_scheme(false);
        for span in finder.spans(text) {
            match span.kind() {
                Some(kind) => {
                    let s = span.as_str();
                    let href = match kind {
                        linkify::LinkKind::Email => format!("mailto:{s}"),
                        _ if !s.contains("://") => format!("https://{s}"),
                        _ => s.to_owned(),
                    };
                    self.html(&format!("<a href=\"{}\">{}</a>", escape(&href), escape(s)));
                }
                None => self.out.push(Event::Text(span.as_str().to_owned().into())),
            }
        }
    }

    /// The inline footnotes' definitions, after the note (numbered after
    /// its regular footnotes).
    fn inline_notes(&mut self) -> String {
        let notes = std::mem::take(&mut self.notes);
        let mut html = String::new();
        for (n, events) in notes.into_iter().enumerate() {
            let n = n + 1;
            self.out.clear();
            self.events = events;
            self.i = 0;
            self.run();
            let mut inner = String::new();
            pulldown_cmark::html::push_html(&mut inner, std::mem::take(&mut self.out).into_iter());
            html.push_str(&format!(
                "<div class=\"footnote-definition\" id=\"fn-inline-{n}\"><sup class=\"footnote-definition-label\">{}</sup><p>{inner} <a class=\"footnote-backref\" href=\"#fnref-inline-{n}\" aria-label=\"Back to the text\">↩</a></p></div>\n",
                self.footnote_base + n
            ));
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nested_item_is_dedented() {
        let body = "- a\n  - b ^x\n    - c\n";
        let start = body.find("- b").unwrap();
        assert_eq!(dedented(body, start..body.len()), "- b ^x\n  - c\n");
    }
}
