//! The page cache: what a rendered page is kept as between builds
//! ([`CachedPage`], a note's rendered [`Body`]), the keys it is kept by
//! ([`Keys`], a note body's content key over the notes it embeds), and
//! [`Page`], which takes a page from the last build when its key is the
//! same and renders it otherwise; [`stream`] hands a page to the build's
//! sink as soon as it is rendered. No file I/O.

use super::context::{page_context, PageMeta, Shared};
use super::SiteModel;
use crate::error::Diagnostic;
use crate::fingerprint::key_of;
use crate::markdown;
use crate::note::NoteId;
use crate::templates::Templates;
use bytes::Bytes;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// A rendered page, with the fingerprint of everything it was made from:
/// a later build whose inputs for the page hash the same reuses it.
#[derive(Debug, Clone)]
pub(crate) struct CachedPage {
    pub key: u64,
    pub bytes: Bytes,
    /// What rendering the page reported (a note's link warnings…).
    pub diagnostics: Vec<Diagnostic>,
    /// A note page's rendered Markdown, kept when a feed shows it.
    pub content: Option<std::sync::Arc<str>>,
    /// A note's rendered body, kept (under `lore serve`) so that a
    /// template edit renders pages without rendering Markdown again.
    pub body: Option<std::sync::Arc<Body>>,
}

/// A note's Markdown rendered, with what its page needs to know of it.
#[derive(Debug)]
pub(crate) struct Body {
    /// Everything it was rendered from, but the templates.
    pub key: u64,
    pub content: std::sync::Arc<str>,
    pub has_math: bool,
    pub has_diagrams: bool,
    pub has_lightbox: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// A page just rendered: its HTML and problems, a note's rendered body
/// (for feeds) and, when bodies are kept, the body for the next build.
pub(super) struct Rendering {
    pub html: String,
    pub diagnostics: Vec<Diagnostic>,
    pub content: Option<std::sync::Arc<str>>,
    pub body: Option<std::sync::Arc<Body>>,
}

/// Output file -> the page the last build made there.
pub(crate) type PageCache = HashMap<String, CachedPage>;

/// A page's output file and the page, or why it could not be rendered.
pub(crate) type PageResult = Result<(String, CachedPage), Diagnostic>;

/// Everything every page shares: the site, the sidebar, the templates.
fn shared_key(site_key: u64, shared: &Shared<'_>) -> u64 {
    key_of(&(site_key, shared, &shared.nav))
}

/// What rendering any page needs: the templates, the shared context and
/// its key, and the previous build's pages.
pub(super) struct Page<'p> {
    t: &'p Templates,
    shared: &'p Shared<'p>,
    pub shared_key: u64,
    pub cache: &'p PageCache,
    /// What every note body depends on besides its own inputs, when
    /// bodies are kept for the next build.
    pub body_key: Option<u64>,
    /// Hold the pages' bytes gzip-compressed.
    gzip: bool,
}

impl<'p> Page<'p> {
    pub(super) fn new(
        t: &'p Templates,
        shared: &'p Shared<'p>,
        keys: Keys,
        cache: &'p PageCache,
    ) -> Self {
        Page {
            t,
            shared,
            shared_key: shared_key(keys.site, shared),
            cache,
            body_key: keys.body,
            gzip: keys.gzip,
        }
    }

    /// Renders one page: the shared context, the page's own parts, and
    /// whatever `fill` adds (the page object: `note`, `section`…).
    pub(super) fn render(
        &self,
        meta: &PageMeta<'_>,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<String, Diagnostic> {
        let mut ctx = page_context(self.shared, meta, self.t.uses_nav());
        fill(&mut ctx);
        self.t.render(meta.template, &ctx)
    }

    /// The page at `file` from the cache when its inputs hash to `key`,
    /// else rendered now.
    pub(super) fn cached_or(
        &self,
        file: String,
        key: u64,
        render: impl FnOnce() -> Result<(String, Vec<Diagnostic>), Diagnostic>,
    ) -> PageResult {
        self.cached_or_kept(file, key, false, || {
            render().map(|(html, diagnostics)| Rendering {
                html,
                diagnostics,
                content: None,
                body: None,
            })
        })
    }

    /// [`Self::cached_or`] for a page that may keep its content (`keep`)
    /// and its note's rendered body:
    /// a cached page without it is rendered again.
    pub(super) fn cached_or_kept(
        &self,
        file: String,
        key: u64,
        keep: bool,
        render: impl FnOnce() -> Result<Rendering, Diagnostic>,
    ) -> PageResult {
        let cached = self.cache.get(&file).filter(|c| c.key == key);
        if let Some(c) = cached.filter(|c| !keep || c.content.is_some()) {
            let mut c = c.clone();
            if !keep {
                c.content = None;
            }
            return Ok((file, c));
        }
        let Rendering {
            html,
            diagnostics,
            content,
            body,
        } = render()?;
        let bytes = if self.gzip {
            crate::gzip::compress(html.as_bytes())
        } else {
            Bytes::from(html)
        };
        Ok((
            file,
            CachedPage {
                key,
                bytes,
                diagnostics,
                content: content.filter(|_| keep),
                body,
            },
        ))
    }
}

/// What every page depends on (`site`: settings and templates), and, when
/// note bodies are kept for the next build, what every body depends on
/// (`body`: the settings that shape rendered Markdown); `gzip`: pages are
/// held gzip-compressed (`BuildOptions::gzip_pages`, part of `site`).
#[derive(Clone, Copy)]
pub(crate) struct Keys {
    pub site: u64,
    pub body: Option<u64>,
    pub gzip: bool,
}

/// Writes a page to `sink` as soon as it is rendered, keeping only its key
/// and diagnostics: a large site is never held in memory whole.
pub(super) fn stream(
    sink: &dyn crate::write::Sink,
    (file, page): (String, CachedPage),
) -> PageResult {
    sink.put(&file, &page.bytes)
        .map_err(|e| Diagnostic::error(&file, format!("could not write the page: {e}")))?;
    Ok((
        file,
        CachedPage {
            bytes: Bytes::new(),
            ..page
        },
    ))
}

impl SiteModel<'_> {
    /// What a note's rendered body depends on: its own part (see
    /// [`Self::own_key`]) and, for embeds, the embedded notes' keys.
    /// Each note's key is computed once per page (`memo`), so a note that
    /// embeds another many times costs one hash per embed.
    pub(super) fn content_key(
        &self,
        i: NoteId,
        depth: usize,
        memo: &mut HashMap<(NoteId, usize), u64>,
    ) -> u64 {
        if let Some(&k) = memo.get(&(i, depth)) {
            return k;
        }
        let (own, embeds) = self.own_key(i);
        let mut h = crate::fingerprint::hasher();
        own.hash(&mut h);
        if depth < 6 {
            for &e in embeds {
                self.content_key(e, depth + 1, memo).hash(&mut h);
            }
        }
        let k = h.finish();
        memo.insert((i, depth), k);
        k
    }

    /// A note's own part of its body's key: its text, where each of its
    /// links leads (with the sizes of images), and the notes it embeds.
    /// It is the same on every page that shows the note, so it is found
    /// once per build (a vault's hub notes are embedded by thousands).
    fn own_key(&self, i: NoteId) -> &(u64, Vec<NoteId>) {
        self.own_keys[i].get_or_init(|| {
            let mut h = crate::fingerprint::hasher();
            self.notes.text_key(i).hash(&mut h);
            let n = self.notes.source(i);
            let mut embeds = Vec::new();
            for l in &self.notes.scan(i).links {
                let (target, warning) =
                    self.markdown.resolver.resolve(n, &n.url, l.kind, &l.target);
                target.hash(&mut h);
                warning.hash(&mut h);
                // An image's size is on the page.
                if let markdown::Target::Internal { href, .. } = &target {
                    let out = crate::images::resolve(&n.url, href);
                    self.images.get(&out).hash(&mut h);
                }
                if let markdown::Target::Embed { note, .. } = &target {
                    embeds.push(*note);
                }
            }
            if n.text.contains("<img") {
                self.images.key().hash(&mut h); // raw HTML images
            }
            (h.finish(), embeds)
        })
    }
}
