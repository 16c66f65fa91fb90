//! Mermaid diagrams: a ```` ```mermaid ```` block stays in the page as its
//! source, inside a container that `static/diagrams.js` draws into with the
//! vendored Mermaid; only pages with a diagram load Mermaid.

use crate::support::Site;

const FLOWCHART: &str =
    "```mermaid\nflowchart LR\n  Client[Browser client] --> Api{\"API <server>\"}\n```\n";

#[test]
fn a_mermaid_block_keeps_its_source_and_loads_mermaid() {
    let site = Site::new();
    site.note("a.md", &format!("Before.\n\n{FLOWCHART}\nAfter.\n"))
        .note("plain.md", "No diagram.\n\n```rust\nfn main() {}\n```\n");
    let stderr = site.build();
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("a/index.html");
    assert!(
        html.contains("<div class=\"diagram\" data-diagram=\"mermaid\"><pre class=\"diagram-source\"><code class=\"language-mermaid\">flowchart LR\n  Client[Browser client] --&gt; Api{&quot;API &lt;server&gt;&quot;}\n</code></pre></div>"),
        "{html}"
    );
    assert!(
        html.contains("<script src=\"../static/diagrams.js\" data-mermaid=\"../static/mermaid/mermaid.min.js\" defer></script>"),
        "{html}"
    );
    assert!(html.contains("href=\"../static/diagrams.css\""), "{html}");
    let plain = site.read("plain/index.html");
    assert!(
        !plain.contains("mermaid") && !plain.contains("diagrams."),
        "{plain}"
    );
    let mermaid = site.public().join("static/mermaid/mermaid.min.js");
    assert!(std::fs::metadata(mermaid).unwrap().len() > 1_000_000);
    assert!(site
        .read("static/mermaid/LICENSE.txt")
        .contains("MIT License"));
}

#[test]
fn a_diagram_is_searchable_by_its_labels() {
    let site = Site::new();
    site.note("a.md", FLOWCHART).note("b.md", "Nothing.\n");
    site.build();
    let out = site.lore(&["search", "--json", "client"]);
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"a/\""), "{json}");
}

#[test]
fn a_diagram_in_an_embedded_note_loads_mermaid() {
    let site = Site::new();
    site.note("host.md", "![[Guest]]\n")
        .note("guest.md", FLOWCHART);
    site.build();
    assert!(site.read("host/index.html").contains("static/diagrams.js"));
}
