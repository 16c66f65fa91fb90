//! The default theme and scaffold, embedded in the binary one file at a
//! time (a missing file is a compile error, and cargo rebuilds when one
//! changes). A site's own `templates/` and `static/` files override these
//! by name.

macro_rules! embed {
    ($dir:literal, $($name:literal),+ $(,)?) => {
        &[$(($name, include_bytes!(concat!("../", $dir, "/", $name)) as &[u8])),+]
    };
}

/// Default templates, by name.
pub(crate) const TEMPLATES: &[(&str, &[u8])] = embed!(
    "templates",
    "base.html",
    "macros.html",
    "index.html",
    "note.html",
    "section.html",
    "topic.html",
    "topics.html",
    "404.html",
    "graph.html",
    "recent.html",
);

/// Default static files, copied to `static/` in the output.
pub(crate) const STATIC: &[(&str, &[u8])] = embed!(
    "static",
    "lore.css",
    "lore.js",
    "theme.js",
    "redirect.js",
    "lightbox.js",
    "favicon.svg",
    "graph/data.js",
    "graph/layout.js",
    "graph/view.js",
    "graph/render.js",
    "graph/raster.js",
    "graph/interaction.js",
    "graph/page.js",
    "search/tokenize.js",
    "search/engine.js",
    "search/ui.js",
    "math.css",
    "fonts/STIXTwoMath-Regular.woff2",
    "fonts/STIXTwoMath-LICENSE.txt",
    "diagrams.css",
    "diagrams.js",
    "mermaid/mermaid.min.js",
    "mermaid/LICENSE.txt",
);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every file under `dir`, as `/`-separated paths relative to it.
    fn listed(dir: &str) -> BTreeSet<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| {
                e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.')
            })
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    #[test]
    fn every_theme_file_is_embedded() {
        let embedded: BTreeSet<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            listed("templates"),
            embedded,
            "templates/ and assets::TEMPLATES differ"
        );
        let embedded: BTreeSet<String> = STATIC.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            listed("static"),
            embedded,
            "static/ and assets::STATIC differ"
        );
    }
}
