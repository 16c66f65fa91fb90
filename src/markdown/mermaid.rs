//! ```` ```mermaid ```` blocks: kept in the page as their source (readers
//! without JavaScript see it, search indexes it), in a container that
//! `static/diagrams.js` draws the diagram into with the vendored Mermaid.
//! Pages with a diagram link that script (`note.has_diagrams`); others
//! load no Mermaid file.

use crate::highlight::escape;

/// True for the fence languages drawn as diagrams.
pub(super) fn is_diagram(lang: Option<&str>) -> bool {
    lang.is_some_and(|l| l.eq_ignore_ascii_case("mermaid"))
}

/// The container of one diagram, holding its source.
pub(super) fn diagram_html(source: &str) -> String {
    format!(
        "<div class=\"diagram\" data-diagram=\"mermaid\"><pre class=\"diagram-source\"><code class=\"language-mermaid\">{}</code></pre></div>\n",
        escape(source)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagram_keeps_its_source_escaped() {
        assert!(is_diagram(Some("mermaid")) && is_diagram(Some("Mermaid")));
        assert!(!is_diagram(Some("rust")) && !is_diagram(None));
        assert_eq!(
            diagram_html("graph TD\n  A-->B[\"<b>\"]\n"),
            "<div class=\"diagram\" data-diagram=\"mermaid\"><pre class=\"diagram-source\"><code class=\"language-mermaid\">graph TD\n  A--&gt;B[&quot;&lt;b&gt;&quot;]\n</code></pre></div>\n"
        );
    }
}
