//! The site-wide data files: `graph.json` (and the graph page's script),
//! hover previews, `sitemap.xml`. Each is made from the whole model at
//! once; no I/O.

use super::SiteModel;
use crate::markdown;
use crate::note::PerNote;
use crate::urls::topic_url;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

impl SiteModel<'_> {
    /// Notes and topics as nodes; links, embeds and topic membership as
    /// edges. Node ids are positions in `nodes`.
    pub(crate) fn graph_json(&self) -> String {
        #[derive(Serialize)]
        struct Node<'n> {
            id: usize,
            kind: &'static str,
            title: std::borrow::Cow<'n, str>,
            url: std::borrow::Cow<'n, str>,
            topics: &'n [String],
        }
        #[derive(Serialize)]
        struct Edge {
            source: usize,
            target: usize,
            kind: &'static str,
        }
        #[derive(Serialize)]
        struct GraphData<'n> {
            nodes: Vec<Node<'n>>,
            edges: Vec<Edge>,
        }
        let mut node_id: PerNote<Option<usize>> = PerNote::filled(self.notes.len(), None);
        let mut nodes = Vec::new();
        for (i, n) in self
            .notes
            .ids()
            .map(|i| (i, self.notes.source(i)))
            .filter(|(_, n)| !n.is_section_index)
        {
            node_id[i] = Some(nodes.len());
            let (title, url) = (self.notes.title(i).into(), n.url.as_str().into());
            nodes.push(Node {
                id: nodes.len(),
                kind: "note",
                title,
                url,
                topics: self.notes.topics(i),
            });
        }
        // By URL: a topic merged into another (same page) is that node.
        let mut topic_id: HashMap<String, usize> = HashMap::new();
        for topic in self.topics.keys() {
            topic_id.insert(topic_url(topic), nodes.len());
            let (title, url) = (format!("#{topic}").into(), topic_url(topic).into());
            nodes.push(Node {
                id: nodes.len(),
                kind: "topic",
                title,
                url,
                topics: &[],
            });
        }
        let mut edges = Vec::new();
        for (i, links) in self.relations.outlinks.enumerate() {
            let Some(source) = node_id[i] else { continue };
            for (t, kind) in links {
                if let Some(target) = node_id[*t] {
                    let kind = edge_kind(*kind);
                    edges.push(Edge {
                        source,
                        target,
                        kind,
                    });
                }
            }
            for t in self.notes.topics(i) {
                if let Some(&target) = topic_id.get(&topic_url(t)) {
                    edges.push(Edge {
                        source,
                        target,
                        kind: "topic",
                    });
                }
            }
        }
        serde_json::to_string(&GraphData { nodes, edges }).unwrap_or_default()
    }

    /// Title and first paragraph of every note, by URL, for hover previews.
    pub(crate) fn previews_json(&self) -> String {
        #[derive(Serialize)]
        struct Preview<'p> {
            text: &'p str,
            title: &'p str,
        }
        let map: BTreeMap<&str, Preview> = self
            .notes
            .ids()
            .map(|i| {
                (
                    self.notes.source(i).url.as_str(),
                    Preview {
                        text: &self.notes.scan(i).summary,
                        title: self.notes.title(i),
                    },
                )
            })
            .collect();
        serde_json::to_string(&map).unwrap_or_default()
    }

    /// `robots.txt`: everything may be crawled; the sitemap's URL when it
    /// can be absolute (the protocol wants one).
    pub(crate) fn robots(&self) -> String {
        let mut text = String::from("User-agent: *\nAllow: /\n");
        match self.config.absolute_url("sitemap.xml") {
            Some(url) => text.push_str(&format!("\nSitemap: {url}\n")),
            None => text
                .push_str("\n# Sitemap: set an absolute base_url in site.toml to list it here.\n"),
        }
        text
    }

    pub(crate) fn sitemap(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let mut add = |url: &str, lastmod: Option<&str>| {
            xml.push_str(&format!(
                "  <url><loc>{}{}</loc>",
                crate::highlight::escape(&self.config.base_url),
                crate::highlight::escape(url)
            ));
            if let Some(d) = lastmod {
                xml.push_str(&format!(
                    "<lastmod>{}</lastmod>",
                    crate::highlight::escape(d)
                ));
            }
            xml.push_str("</url>\n");
        };
        for url in self.folders.keys().filter(|u| !self.claimed.contains(*u)) {
            add(url, None);
        }
        for i in self.notes.ids() {
            let n = self.notes.source(i);
            if !n.is_section_index {
                let lastmod = self.notes.dates(i).map(|d| d.updated.rfc3339());
                add(&n.url, lastmod.as_deref());
            }
        }
        xml.push_str("</urlset>\n");
        xml
    }
}

/// The graph's name for the kind of a link.
fn edge_kind(kind: markdown::LinkKind) -> &'static str {
    if kind == markdown::LinkKind::Embed {
        "embed"
    } else {
        "link"
    }
}
