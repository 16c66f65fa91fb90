//! The second pass: events to HTML. One [`Renderer`] walks a note's events
//! once; each kind of event that Lore changes has its own method, and the
//! rest goes through pulldown-cmark's HTML writer untouched.

use super::callout;
use super::scan::{Heading, LinkKind, Scan};
use crate::error::{Diagnostic, Level, LineIndex};
use crate::highlight::{escape, Highlighter};
use crate::load::SourceNote;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::ops::Range;

/// Where a link goes, as decided by the graph.
#[derive(Debug, Clone, PartialEq, Hash)]
pub enum Target {
    /// A page or file of this site: `href` is relative to the linking page.
    Internal { href: String, title: String },
    /// A note (or one heading's section of it, by heading index) to
    /// transclude: `![[Note]]`, `![[Note#Heading]]`.
    Embed {
        href: String,
        title: String,
        note: usize,
        section: Option<usize>,
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

/// Resolves the links of one note against the whole site.
pub trait LinkResolver: Sync {
    /// Where a link leads, and a warning when it is ambiguous.
    fn resolve(&self, from: &SourceNote, kind: LinkKind, dest: &str) -> (Target, Option<String>);
    /// A note by index, for transclusion.
    fn note(&self, i: usize) -> (&SourceNote, &Scan);
}

/// Embeds deeper than this are shown as links.
const MAX_EMBED_DEPTH: usize = 4;

/// Everything the renderer needs besides the note itself.
pub struct RenderCtx<'a> {
    pub highlighter: &'a Highlighter,
    pub resolver: &'a dyn LinkResolver,
    /// `Some` when site.toml says `allow_html = true`: the sanitiser.
    pub sanitizer: Option<&'a ammonia::Builder<'static>>,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders a note's body to HTML.
pub fn render_note(note: &SourceNote, scan: &Scan, ctx: &RenderCtx<'_>) -> Rendered {
    let skip_h1 = scan.h1_leads && note.fm.title.is_none();
    render_part(
        note,
        scan,
        ctx,
        Part {
            section: None,
            skip_h1,
            stack: vec![note.rel.as_str()],
        },
    )
}

/// What part of a note to render, and the chain of embeds that led here.
struct Part<'s> {
    /// Only this heading's section (heading index in the scan).
    section: Option<usize>,
    skip_h1: bool,
    stack: Vec<&'s str>,
}

fn render_part<'a>(
    note: &'a SourceNote,
    scan: &'a Scan,
    ctx: &RenderCtx<'_>,
    part: Part<'a>,
) -> Rendered {
    let (start, end, first_heading) = match part.section {
        Some(h) => {
            let level = scan.headings[h].level;
            let end = scan.headings[h + 1..]
                .iter()
                .find(|x| x.level <= level)
                .map_or(note.text.len(), |x| x.offset);
            (
                scan.headings[h].offset - note.body_offset,
                end - note.body_offset,
                h,
            )
        }
        None => (0, note.body().len(), 0),
    };
    let body = &note.body()[start..end];
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, super::parser_options())
        .into_offset_iter()
        .collect();
    let mut r = Renderer {
        note,
        ctx,
        events,
        i: 0,
        out: Vec::new(),
        headings: scan.headings[first_heading..].iter(),
        skip_first_h1: part.skip_h1,
        closers: Vec::new(),
        quotes: Vec::new(),
        saved: Vec::new(),
        in_link: 0,
        offset: note.body_offset + start,
        stack: part.stack,
        lines: LineIndex::new(&note.text),
        rendered: Rendered::default(),
    };
    r.run();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.out.into_iter());
    if let Some(sanitizer) = ctx.sanitizer {
        html = sanitizer.clean(&html).to_string();
    }
    r.rendered.html = html;
    r.rendered
}

/// A link card for an embed that is not rendered in place.
fn embed_card(href: &str, title: &str, class: &str) -> String {
    format!(
        "<div class=\"embed{class}\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"{}\">{}</a></div></div>",
        escape(href),
        escape(title)
    )
}

/// What to emit when a container that Lore opened closes.
enum Quote {
    Plain,
    Callout { foldable: bool },
}

struct Renderer<'a, 'c> {
    note: &'a SourceNote,
    ctx: &'c RenderCtx<'c>,
    events: Vec<(Event<'a>, Range<usize>)>,
    i: usize,
    out: Vec<Event<'a>>,
    headings: std::slice::Iter<'a, Heading>,
    skip_first_h1: bool,
    /// Closing tags for links and images Lore rewrote, innermost last.
    closers: Vec<&'static str>,
    quotes: Vec<Quote>,
    /// Output saved while a heading's inner HTML is collected.
    saved: Vec<Vec<Event<'a>>>,
    in_link: usize,
    /// Byte offset of the rendered text in the note's file.
    offset: usize,
    /// Notes being rendered, outermost first (embeds nest).
    stack: Vec<&'a str>,
    lines: LineIndex<'a>,
    rendered: Rendered,
}

impl<'a> Renderer<'a, '_> {
    fn run(&mut self) {
        while self.i < self.events.len() {
            let (event, range) = self.events[self.i].clone();
            self.i += 1;
            match event {
                Event::Start(Tag::Heading { .. }) => self.saved.push(std::mem::take(&mut self.out)),
                Event::End(TagEnd::Heading(level)) => self.heading(level as u8),
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind, range),
                Event::Start(Tag::BlockQuote(_)) => self.blockquote(),
                Event::End(TagEnd::BlockQuote(kind)) => self.end_blockquote(kind),
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
                }) => self.image(link_type, dest_url, title, range),
                Event::Start(Tag::HtmlBlock) if self.ctx.sanitizer.is_none() => {
                    self.out.push(Event::Start(Tag::Paragraph))
                }
                Event::End(TagEnd::HtmlBlock) if self.ctx.sanitizer.is_none() => {
                    self.out.push(Event::End(TagEnd::Paragraph))
                }
                Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html),
                Event::Start(Tag::Paragraph) => self.paragraph(),
                Event::Text(text) => self.text(text, range.start),
                other => self.out.push(other),
            }
        }
    }

    fn warn(&mut self, offset_in_body: usize, level: Level, message: String, help: Option<String>) {
        let offset = self.offset + offset_in_body;
        let (line, col) = self.lines.position(offset);
        let mut d = Diagnostic::new(level, &self.note.source, message)
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
        self.out.push(Event::Html(
            format!(
                "<h{level} id=\"{id}\">{html} <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\">#</a></h{level}>\n"
            )
            .into(),
        ));
    }

    fn code_block(&mut self, kind: pulldown_cmark::CodeBlockKind<'a>, range: Range<usize>) {
        let mut code = String::new();
        while let Some((event, _)) = self.events.get(self.i) {
            self.i += 1;
            match event {
                Event::Text(t) => code.push_str(t),
                Event::End(TagEnd::CodeBlock) => break,
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
        let out = self.ctx.highlighter.highlight(&code, lang);
        if let Some(w) = out.warning {
            self.warn(range.start, Level::Warning, w, None);
        }
        self.out.push(Event::Html(format!("{}\n", out.html).into()));
    }

    /// A blockquote, or a callout when its first text is `[!type]`.
    fn blockquote(&mut self) {
        let is_para = matches!(
            self.events.get(self.i),
            Some((Event::Start(Tag::Paragraph), _))
        );
        let mut first = String::new();
        let mut j = self.i + 1;
        while let Some((Event::Text(t), _)) = self.events.get(j).filter(|_| is_para) {
            first.push_str(t);
            j += 1;
        }
        let Some(marker) = callout::parse_marker(&first) else {
            self.quotes.push(Quote::Plain);
            self.out.push(Event::Start(Tag::BlockQuote(None)));
            return;
        };
        // The title is the rest of the first line, with any inline markup.
        let mut title = escape(marker.title);
        let mut k = j;
        let mut inline = Vec::new();
        while let Some((e, _)) = self.events.get(k) {
            if matches!(
                e,
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
            ) {
                break;
            }
            inline.push(e.clone());
            k += 1;
        }
        pulldown_cmark::html::push_html(&mut title, inline.into_iter());
        if title.trim().is_empty() {
            title = escape(&callout::default_title(&marker.kind));
        }
        let family = marker.family;
        let (open, foldable) = match marker.fold {
            Some(is_open) => (
                format!(
                    "<details class=\"callout\" data-callout=\"{family}\"{}><summary class=\"callout-title\">{title}</summary>",
                    if is_open { " open" } else { "" }
                ),
                true,
            ),
            None => (
                format!("<div class=\"callout\" data-callout=\"{family}\"><div class=\"callout-title\">{title}</div>"),
                false,
            ),
        };
        self.out.push(Event::Html(
            format!("{open}<div class=\"callout-content\">\n").into(),
        ));
        self.quotes.push(Quote::Callout { foldable });
        // Continue after the first line: inside the same paragraph when it
        // goes on, else after it.
        match self.events.get(k) {
            Some((Event::End(TagEnd::Paragraph), _)) => self.i = k + 1,
            _ => {
                self.out.push(Event::Start(Tag::Paragraph));
                self.i = k + 1;
            }
        }
    }

    fn end_blockquote(&mut self, kind: Option<pulldown_cmark::BlockQuoteKind>) {
        match self.quotes.pop() {
            Some(Quote::Callout { foldable: true }) => {
                self.out.push(Event::Html("</div></details>\n".into()))
            }
            Some(Quote::Callout { foldable: false }) => {
                self.out.push(Event::Html("</div></div>\n".into()))
            }
            _ => self.out.push(Event::End(TagEnd::BlockQuote(kind))),
        }
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
                Level::Warning,
                format!("unsafe link `{dest}` removed"),
                None,
            );
            self.open("<span class=\"unsafe-link\">".into(), "</span>");
            return;
        }
        if link_type == LinkType::Email || (kind == LinkKind::Markdown && super::is_external(&dest))
        {
            self.out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id: "".into(),
            }));
            self.closers.push("");
            return;
        }
        let target = self.resolve(kind, &dest, range.start);
        let title_attr = |t: &str| {
            if t.is_empty() {
                String::new()
            } else {
                format!(" title=\"{}\"", escape(t))
            }
        };
        match target {
            Target::Internal { href, title: t } | Target::Embed { href, title: t, .. } => {
                let t = if title.is_empty() {
                    t
                } else {
                    title.to_string()
                };
                self.open(
                    format!(
                        "<a class=\"internal-link\" href=\"{}\"{}>",
                        escape(&href),
                        title_attr(&t)
                    ),
                    "</a>",
                );
            }
            Target::BrokenAnchor {
                href,
                title: t,
                message,
            } => {
                self.warn(range.start, Level::Warning, message, None);
                self.open(
                    format!(
                        "<a class=\"internal-link broken-anchor\" href=\"{}\"{}>",
                        escape(&href),
                        title_attr(&t)
                    ),
                    "</a>",
                );
            }
            Target::Broken { message, help } => {
                self.warn(range.start, Level::Warning, message.clone(), help);
                self.open(
                    format!(
                        "<span class=\"broken-link\" title=\"{}\">",
                        escape(&message)
                    ),
                    "</span>",
                );
            }
            Target::Keep => {
                self.out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id: "".into(),
                }));
                self.closers.push("");
            }
        }
    }

    /// Where a link leads; an ambiguous one is warned about here.
    fn resolve(&mut self, kind: LinkKind, dest: &str, at: usize) -> Target {
        let (target, ambiguity) = self.ctx.resolver.resolve(self.note, kind, dest);
        if let Some(w) = ambiguity {
            self.warn(at, Level::Warning, w, None);
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
            Some(closer) => self.out.push(Event::Html(closer.into())),
        }
    }

    /// Images and embeds: the alt text is collected, then one tag is written.
    fn image(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        range: Range<usize>,
    ) {
        let mut alt = String::new();
        let mut depth = 0;
        while let Some((event, _)) = self.events.get(self.i) {
            self.i += 1;
            match event {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(TagEnd::Image) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(t),
                _ => {}
            }
        }
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        if super::is_unsafe_url(&dest) {
            self.warn(
                range.start,
                Level::Warning,
                format!("unsafe image source `{dest}` removed"),
                None,
            );
            return;
        }
        let kind = if wiki {
            LinkKind::Embed
        } else {
            LinkKind::Image
        };
        let target = if !wiki && super::is_external(&dest) {
            Target::Keep
        } else {
            self.resolve(kind, &dest, range.start)
        };
        // `![[image.png|300]]`: Obsidian's width syntax.
        let (alt, width) = match (wiki, alt.rsplit_once('|')) {
            (true, Some((a, w))) if w.chars().all(|c| c.is_ascii_digit()) && !w.is_empty() => {
                (a.to_owned(), Some(w.to_owned()))
            }
            _ if wiki && alt == *dest => (String::new(), None),
            _ => (alt, None),
        };
        let width = width.map(|w| format!(" width=\"{w}\"")).unwrap_or_default();
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(&title))
        };
        let html = match target {
            Target::Keep => format!(
                "<img src=\"{}\" alt=\"{}\"{title_attr}{width}>",
                escape(&dest),
                escape(&alt)
            ),
            Target::Internal { href, .. } => {
                format!(
                    "<img src=\"{}\" alt=\"{}\"{title_attr}{width} loading=\"lazy\">",
                    escape(&href),
                    escape(&alt)
                )
            }
            Target::Embed {
                href,
                title,
                note,
                section,
            } => self.transclude(&href, &title, note, section, range.start),
            Target::BrokenAnchor {
                href,
                title,
                message,
            } => {
                self.warn(range.start, Level::Warning, message, None);
                embed_card(&href, &title, "")
            }
            Target::Broken { message, help } => {
                self.warn(range.start, Level::Warning, message.clone(), help);
                format!(
                    "<span class=\"broken-link\" title=\"{}\">{}</span>",
                    escape(&message),
                    escape(&dest)
                )
            }
        };
        self.out.push(Event::Html(html.into()));
    }

    /// `![[Note]]`: the note (or its section) rendered in place, with a
    /// link to it. Cycles are cut and reported once, by the note of the
    /// cycle whose path sorts first; depth is bounded.
    fn transclude(
        &mut self,
        href: &str,
        title: &str,
        note: usize,
        section: Option<usize>,
        at: usize,
    ) -> String {
        let (target, scan) = self.ctx.resolver.note(note);
        if let Some(pos) = self.stack.iter().position(|rel| *rel == target.rel) {
            let cycle = &self.stack[pos..];
            if cycle.iter().min() == Some(&self.note.rel.as_str()) || self.stack.len() == 1 {
                // Start the chain at the note that holds this embed.
                let mut chain: Vec<&str> = cycle.to_vec();
                chain.rotate_left(cycle.len() - 1);
                chain.push(chain[0]);
                let chain: Vec<String> = chain.iter().map(|r| format!("content/{r}")).collect();
                self.warn(
                    at,
                    Level::Warning,
                    format!(
                        "embed cycle: {} — the embed is shown as a link",
                        chain.join(" → ")
                    ),
                    None,
                );
            }
            return embed_card(href, title, " embed-cycle");
        }
        if self.stack.len() > MAX_EMBED_DEPTH {
            return embed_card(href, title, "");
        }
        let mut stack = self.stack.clone();
        stack.push(&target.rel);
        let skip_h1 = section.is_none() && scan.h1_leads && target.fm.title.is_none();
        let inner = render_part(
            target,
            scan,
            self.ctx,
            Part {
                section,
                skip_h1,
                stack,
            },
        );
        // The embedded note reports its own problems on its own page; only
        // cycles found inside this embed are this page's concern.
        self.rendered.diagnostics.extend(
            inner
                .diagnostics
                .into_iter()
                .filter(|d| d.message.starts_with("embed cycle")),
        );
        format!(
            "<div class=\"embed\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"{}\">{}</a></div><div class=\"embed-content\">{}</div></div>",
            escape(href),
            escape(title),
            inner.html
        )
    }

    /// A paragraph ending in `^block-id` gets that id (and loses the marker).
    fn paragraph(&mut self) {
        let mut j = self.i;
        let mut last_text = None;
        while let Some((e, _)) = self.events.get(j) {
            match e {
                Event::End(TagEnd::Paragraph) => break,
                Event::Text(_) => last_text = Some(j),
                Event::Start(Tag::Paragraph) => return self.out.push(Event::Start(Tag::Paragraph)),
                _ => {}
            }
            j += 1;
        }
        let marked = last_text.and_then(|k| match &self.events[k].0 {
            Event::Text(t) => {
                super::block_id(t).map(|id| (k, id.to_owned(), t.trim_end().len() - id.len() - 1))
            }
            _ => None,
        });
        match marked {
            Some((k, id, cut)) => {
                if let Event::Text(t) = &self.events[k].0 {
                    let kept = t[..cut].trim_end().to_owned();
                    self.events[k].0 = Event::Text(kept.into());
                }
                self.out
                    .push(Event::Html(format!("<p id=\"^{}\">", escape(&id)).into()));
            }
            None => self.out.push(Event::Start(Tag::Paragraph)),
        }
    }

    fn raw_html(&mut self, html: CowStr<'a>) {
        let trimmed = html.trim();
        if trimmed.starts_with("<!--") && trimmed.ends_with("-->") {
            return; // comments are the author's, not the reader's
        }
        if self.ctx.sanitizer.is_some() {
            self.out.push(Event::Html(html));
        } else {
            self.out.push(Event::Text(html));
        }
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
            if crate::load::topic_too_deep(&text[range.clone()]) {
                let max = crate::load::MAX_TOPIC_DEPTH;
                let msg = format!("topic nested more than {max} levels deep; kept the first {max}");
                self.warn(offset + range.start, Level::Warning, msg, None);
            }
            self.autolink(&text[rest..range.start]);
            let href = crate::urls::relative(&self.note.url, &crate::urls::topic_url(&topic));
            self.out.push(Event::Html(
                format!(
                    "<a class=\"topic-tag\" href=\"{}\">{}</a>",
                    escape(&href),
                    escape(&text[range.clone()])
                )
                .into(),
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
                    self.out.push(Event::Html(
                        format!("<a href=\"{}\">{}</a>", escape(&href), escape(s)).into(),
                    ));
                }
                None => self.out.push(Event::Text(span.as_str().to_owned().into())),
            }
        }
    }
}
