//! Embeds and media: `![[Note]]`, `![[Note#Heading]]` and
//! `![[Note#^block]]` render that note (or part) in place, its links
//! pointing where they should from the embedding page; `![[pic.png|300]]`
//! and `![alt|300x200](pic.png)` are sized images; audio, video and PDF
//! files get their players; any other file, a link. Excalidraw drawings
//! show their exported image.
//!
//! Cycles are cut and reported once; a note may embed a part of itself
//! that does not hold the embed.
//!
//! A note's own page starts here too ([`render_note`]): a drawing is its
//! image there as where it is embedded, any other note is rendered whole
//! by [`super::html`].

use super::html::{
    h1_is_title, render_part, EmbedPart, Frame, Part, RenderCtx, Rendered, Renderer, Target,
};
use super::scan::LinkKind;
use crate::highlight::escape;
use crate::load::SourceNote;
use crate::note::NoteId;
use pulldown_cmark::LinkType;
use std::ops::Range;

/// Embeds deeper than this are shown as links.
const MAX_EMBED_DEPTH: usize = 4;

const IMAGE: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "svg", "webp", "avif", "ico", "tif", "tiff",
];
const AUDIO: &[&str] = &["mp3", "wav", "ogg", "m4a", "flac", "oga", "opus", "3gp"];
const VIDEO: &[&str] = &["mp4", "webm", "mov", "ogv", "mkv", "m4v"];

/// What a file is, by its extension.
#[derive(PartialEq)]
enum Media {
    Image,
    Audio,
    Video,
    Pdf,
    Other,
}

fn media_of(path: &str) -> Media {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        e if IMAGE.contains(&e) => Media::Image,
        e if AUDIO.contains(&e) => Media::Audio,
        e if VIDEO.contains(&e) => Media::Video,
        "pdf" => Media::Pdf,
        _ => Media::Other,
    }
}

/// `300` or `300x200`: a width and maybe a height.
fn size_of(label: &str) -> Option<(String, Option<String>)> {
    let label = label.trim();
    let (w, h) = match label.split_once('x') {
        Some((w, h)) => (w, Some(h)),
        None => (label, None),
    };
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    (digits(w) && h.is_none_or(digits)).then(|| (w.to_owned(), h.map(str::to_owned)))
}

/// The alt text and size of an image: `alt|300`, `300x200`, `alt`.
fn alt_and_size(alt: &str, wiki: bool, dest: &str) -> (String, String) {
    let (alt, size) = match alt.rsplit_once('|') {
        Some((a, s)) => match size_of(s) {
            Some(size) => (a.to_owned(), Some(size)),
            None => (alt.to_owned(), None),
        },
        None => match size_of(alt) {
            Some(size) if wiki => (String::new(), Some(size)),
            _ => (alt.to_owned(), None),
        },
    };
    let alt = if wiki && alt == dest {
        String::new()
    } else {
        alt
    };
    let size = match size {
        Some((w, Some(h))) => format!(" width=\"{w}\" height=\"{h}\""),
        Some((w, None)) => format!(" width=\"{w}\""),
        None => String::new(),
    };
    (alt, size)
}

impl<'a> Renderer<'a, '_> {
    /// Images and embeds: one tag (or one transcluded note) each.
    pub(super) fn image(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        alt: String,
        range: Range<usize>,
    ) {
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        if super::is_unsafe_url(dest) {
            self.warn(
                range.start,
                "unsafe-link",
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
        let external = !wiki && super::is_external(dest);
        let target = if external {
            Target::Keep
        } else {
            self.resolve(kind, dest, range.start)
        };
        let (alt, size) = alt_and_size(&alt, wiki, dest);
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(title))
        };
        let html = match target {
            Target::Keep => media_html(dest, dest, &alt, &size, &title_attr, external),
            Target::Internal { href, .. } => {
                media_html(&href, dest, &alt, &size, &title_attr, false)
            }
            Target::Embed {
                href,
                title,
                note,
                part,
            } => self.transclude(&href, &title, note, part, range.start),
            Target::BrokenAnchor {
                href,
                title,
                message,
            } => {
                self.warn(range.start, "broken-anchor", message, None);
                embed_card(&href, &title, "")
            }
            Target::Broken { message, help } => {
                self.warn(range.start, "broken-link", message.clone(), help);
                format!(
                    "<span class=\"broken-link\" title=\"{}\">{}</span>",
                    escape(&message),
                    escape(dest)
                )
            }
        };
        self.html(&html);
    }

    /// `![[Note]]`: the note (or its section or block) rendered in place,
    /// with a link to it. Cycles are cut and reported once, by the note of
    /// the cycle whose path sorts first; depth is bounded.
    fn transclude(
        &mut self,
        href: &str,
        title: &str,
        note: NoteId,
        part: EmbedPart,
        at: usize,
    ) -> String {
        let (target, scan) = self.ctx.resolver.note(note);
        let here = Frame {
            rel: &self.note.rel,
            at: self.offset + at,
        };
        let range = part_range(target, scan, &part);
        let mut chain = self.stack.clone();
        chain.push(here);
        let absolute = target.body_offset + range.start..target.body_offset + range.end;
        if let Some(pos) = chain
            .iter()
            .position(|f| f.rel == target.rel && absolute.contains(&f.at))
        {
            self.report_cycle(&chain[pos..], at);
            return embed_card(href, title, " embed-cycle");
        }
        if chain.len() > MAX_EMBED_DEPTH {
            return embed_card(href, title, "");
        }
        if is_drawing(target) {
            return drawing(self.ctx, target, self.page, href, title);
        }
        let skip_h1 = part == EmbedPart::Whole && h1_is_title(scan, self.ctx.resolver.title(note));
        let inner = render_part(
            target,
            scan,
            self.ctx,
            Part {
                range,
                skip_h1,
                page: self.page,
                stack: chain,
            },
        );
        self.rendered.has_math |= inner.has_math;
        self.rendered.has_diagrams |= inner.has_diagrams;
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

    /// Reports an embed cycle (once: by the note of the cycle whose path
    /// sorts first, or by the note that embeds itself), and only on the
    /// page of a note in the cycle: a page that merely embeds one would
    /// repeat it (a hub note in a cycle is embedded by many).
    fn report_cycle(&mut self, cycle: &[Frame<'_>], at: usize) {
        let rels: Vec<&str> = cycle.iter().map(|f| f.rel).collect();
        if rels.iter().min() != Some(&self.note.rel.as_str()) && !self.stack.is_empty() {
            return;
        }
        let page_note = self.stack.first().map_or(self.note.rel.as_str(), |f| f.rel);
        if !rels.contains(&page_note) {
            return;
        }
        let mut chain: Vec<&str> = rels;
        let first = chain.iter().position(|r| *r == self.note.rel).unwrap_or(0);
        chain.rotate_left(first);
        chain.push(chain[0]);
        let chain: Vec<String> = chain.iter().map(|r| shown_path(self.note, r)).collect();
        self.warn(
            at,
            "embed-cycle",
            format!(
                "embed cycle: {} — the embed is shown as a link",
                chain.join(" → ")
            ),
            None,
        );
    }
}

/// Renders note `i`'s body to HTML for its own page (a drawing: its
/// exported image, as where it is embedded).
pub(crate) fn render_note(i: NoteId, ctx: &RenderCtx<'_>) -> Rendered {
    let (note, scan) = ctx.resolver.note(i);
    if is_drawing(note) {
        let title = ctx.resolver.title(i);
        return Rendered {
            html: drawing(ctx, note, &note.url, "./", title),
            ..Default::default()
        };
    }
    let skip_h1 = h1_is_title(scan, ctx.resolver.title(i));
    render_part(
        note,
        scan,
        ctx,
        Part {
            range: 0..note.body().len(),
            skip_h1,
            page: &note.url,
            stack: Vec::new(),
        },
    )
}

/// An Excalidraw drawing (`*.excalidraw.md`).
fn is_drawing(note: &SourceNote) -> bool {
    note.rel.to_ascii_lowercase().ends_with(".excalidraw.md")
}

/// An Excalidraw drawing, for the page at `page`: its exported SVG or PNG
/// beside it (linking to `href`), else a card naming it. Never the
/// drawing's JSON.
fn drawing(
    ctx: &super::RenderCtx<'_>,
    drawing: &SourceNote,
    page: &str,
    href: &str,
    title: &str,
) -> String {
    let stem = drawing.stem.trim_end_matches(".excalidraw");
    let dir = drawing.rel.rsplit_once('/').map_or("", |(d, _)| d);
    for name in [
        format!("{stem}.excalidraw.svg"),
        format!("{stem}.excalidraw.png"),
        format!("{stem}.svg"),
        format!("{stem}.png"),
    ] {
        let path = if dir.is_empty() {
            name
        } else {
            format!("{dir}/{name}")
        };
        let (target, _) = ctx
            .resolver
            .resolve(drawing, page, LinkKind::Image, &format!("/{path}"));
        if let Target::Internal { href: src, .. } = target {
            return format!(
                "<figure class=\"drawing\"><a class=\"internal-link\" href=\"{}\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\"></a></figure>",
                escape(href),
                escape(&src),
                escape(title)
            );
        }
    }
    format!(
        "<div class=\"drawing-placeholder\"><a class=\"internal-link\" href=\"{}\">{}</a> — an Excalidraw drawing; export it to SVG or PNG beside the note to show it here</div>",
        escape(href),
        escape(title)
    )
}

/// `content/a/b.md`-style path of another note of the site, named the way
/// `note`'s own path is (whatever the content folder is called).
fn shown_path(note: &SourceNote, rel: &str) -> String {
    let source = note.source.to_string_lossy().replace('\\', "/");
    let prefix = source.strip_suffix(note.rel.as_str()).unwrap_or("");
    format!("{prefix}{rel}")
}

/// The byte range (in the note's body) an embed part covers.
fn part_range(note: &SourceNote, scan: &super::Scan, part: &EmbedPart) -> Range<usize> {
    let body_len = note.body().len();
    match part {
        EmbedPart::Whole => 0..body_len,
        EmbedPart::Section(h) => {
            let level = scan.headings[*h].level;
            let end = scan.headings[h + 1..]
                .iter()
                .find(|x| x.level <= level)
                .map_or(note.text.len(), |x| x.offset);
            scan.headings[*h].offset - note.body_offset..end - note.body_offset
        }
        EmbedPart::Block(r) => {
            r.start.saturating_sub(note.body_offset).min(body_len)
                ..r.end.saturating_sub(note.body_offset).min(body_len)
        }
    }
}

/// A link card for an embed that is not rendered in place.
fn embed_card(href: &str, title: &str, class: &str) -> String {
    format!(
        "<div class=\"embed{class}\"><div class=\"embed-title\"><a class=\"internal-link\" href=\"{}\">{}</a></div></div>",
        escape(href),
        escape(title)
    )
}

/// The element that shows a file: an image, an audio or video player, a
/// PDF viewer, or a link.
fn media_html(src: &str, dest: &str, alt: &str, size: &str, title: &str, external: bool) -> String {
    let (src, alt) = (escape(src), escape(alt));
    let lazy = if external { "" } else { " loading=\"lazy\"" };
    match media_of(dest) {
        Media::Image | Media::Other if external => {
            format!("<img src=\"{src}\" alt=\"{alt}\"{title}{size}>")
        }
        Media::Image => format!("<img src=\"{src}\" alt=\"{alt}\"{title}{size}{lazy}>"),
        Media::Audio => format!("<audio class=\"media-embed\" controls preload=\"metadata\" src=\"{src}\"{title}></audio>"),
        Media::Video => format!(
            "<video class=\"media-embed\" controls preload=\"metadata\" src=\"{src}\"{title}{size}></video>"
        ),
        Media::Pdf => format!(
            "<iframe class=\"pdf-embed\" src=\"{src}\" title=\"{}\"{size} loading=\"lazy\"></iframe>",
            if alt.is_empty() { escape(dest) } else { alt }
        ),
        Media::Other => {
            let name = dest.rsplit('/').next().unwrap_or(dest);
            format!(
                "<a class=\"internal-link attachment\" href=\"{src}\"{title}>{}</a>",
                escape(if alt.is_empty() { name } else { &alt })
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_alt_text() {
        assert_eq!(
            alt_and_size("300", true, "a.png"),
            ("".into(), " width=\"300\"".into())
        );
        assert_eq!(
            alt_and_size("300x200", true, "a.png"),
            ("".into(), " width=\"300\" height=\"200\"".into())
        );
        assert_eq!(
            alt_and_size("A cat|120", false, "a.png"),
            ("A cat".into(), " width=\"120\"".into())
        );
        assert_eq!(
            alt_and_size("A cat", false, "a.png"),
            ("A cat".into(), "".into())
        );
        assert_eq!(
            alt_and_size("1999", false, "a.png"),
            ("1999".into(), "".into())
        );
    }

    #[test]
    fn files_by_kind() {
        assert!(media_of("a/b.PNG") == Media::Image);
        assert!(media_of("song.mp3") == Media::Audio);
        assert!(media_of("clip.webm") == Media::Video);
        assert!(media_of("paper.pdf#page=3") == Media::Pdf);
        assert!(media_of("archive.zip") == Media::Other);
    }
}
