//! Math: `$…$` and `$$…$$` become MathML at build time, TeX is kept byte
//! for byte, prose dollars stay prose, unsupported TeX is shown as written
//! with a warning, and only pages with math load the math stylesheet.

use crate::support::Site;

const MATH_CSS: &str = "static/math.css";

fn site_with(note: &str) -> (Site, String, String) {
    let site = Site::new();
    site.note("a.md", note);
    let stderr = site.build();
    let html = site.read("a/index.html");
    (site, html, stderr)
}

#[test]
fn tex_that_markdown_used_to_corrupt_renders_as_mathml() {
    let (_, html, stderr) = site_with("Sets $\\{a\\}$, rows $a \\\\ b$ and a map $[T](u)$.\n");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(html.matches("<math>").count(), 3, "{html}");
    // The braces, the row break and the brackets reached the converter.
    assert!(html.contains("<mo stretchy=\"false\">{</mo>"), "{html}");
    assert!(html.contains("<mo stretchy=\"false\">[</mo>"), "{html}");
    assert!(!html.contains("broken-link"), "{html}");
    assert!(
        html.contains(&format!("href=\"../{MATH_CSS}\"")),
        "math.css is linked"
    );
}

#[test]
fn dollar_amounts_stay_prose_and_load_no_math() {
    let (_, html, stderr) =
        site_with("Price is $5 and $10. A range: from $10-$20. Money: 5$ or 6$.\n");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(
        html.contains("Price is $5 and $10. A range: from $10-$20. Money: 5$ or 6$."),
        "{html}"
    );
    assert!(!html.contains("<math"), "{html}");
    assert!(
        !html.contains("math.css"),
        "a page without math loads no math stylesheet"
    );
}

#[test]
fn display_math_spans_lines_that_markdown_would_read_as_structure() {
    let note = "The Hessian is\n$$H =\n= \n\\begin{bmatrix}\na & b \\\\\n\nc & d\n\\end{bmatrix}\n$$\nand more.\n\n## Next\n";
    let (_, html, stderr) = site_with(note);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(
        html.matches("<math display=\"block\">").count(),
        1,
        "{html}"
    );
    assert_eq!(
        html.matches("<h1").count(),
        1,
        "only the page title is an h1"
    );
    assert!(html.contains("<h2 id=\"next\">"), "{html}");
    assert!(html.contains("<mtable"), "the matrix is a table: {html}");
}

#[test]
fn unsupported_tex_is_shown_as_written_with_a_warning_at_its_position() {
    let (_, html, stderr) = site_with("Intro.\n\nSee $x + \\nosuchcommand{<y>}$ here.\n");
    assert!(
        stderr.contains(
            "content/a.md:3:10: warning: math not rendered: Unknown command \"\\nosuchcommand\""
        ),
        "{stderr}"
    );
    assert!(
        html.contains("<code class=\"math-source\" title=\"TeX that Lore cannot render\">$x + \\nosuchcommand{&lt;y&gt;}$</code>"),
        "{html}"
    );
    assert!(
        html.contains("math.css"),
        "the fallback is styled by math.css"
    );
}

#[test]
fn math_is_searchable_as_tex_and_shown_as_text_in_ledes() {
    let site = Site::new();
    site.note(
        "energy.md",
        "Energy is $E = mc^2$ where $\\gamma$ varies.\n",
    )
    .note("other.md", "Nothing here.\n");
    site.build();
    let html = site.read("energy/index.html");
    assert!(
        html.contains(
            "<meta name=\"description\" content=\"Energy is $E = mc^2$ where $\\gamma$ varies.\">"
        ),
        "{html}"
    );
    let out = site.lore(&["search", "--json", "gamma"]);
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"energy/\""), "{json}");
    assert!(!json.contains("\"other/\""), "{json}");
}

#[test]
fn math_in_an_embedded_note_loads_the_math_stylesheet() {
    let site = Site::new();
    site.note("host.md", "![[Guest]]\n")
        .note("guest.md", "Inside: $x^2$.\n");
    site.build();
    let html = site.read("host/index.html");
    assert!(html.contains("<math>"), "{html}");
    assert!(html.contains("math.css"), "{html}");
}

#[test]
fn the_fixture_page_renders_every_construct_with_no_fallback() {
    let site = Site::fixture("math");
    let stderr = site.build();
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("formulas/index.html");
    assert!(!html.contains("math-source"), "no formula fell back to TeX");
    assert_eq!(html.matches("<math display=\"block\">").count(), 9);
    for element in [
        "<mfrac",
        "<msqrt",
        "<mroot",
        "<msubsup",
        "<munderover",
        "<mover",
        "<mtable",
        "<mtext",
    ] {
        assert!(html.contains(element), "{element} is missing");
    }
    assert!(html.contains("costs $5 and $10, or from $10-$20."));
    assert!(!site.read("plain/index.html").contains("math.css"));
    let css = site.read(MATH_CSS);
    assert!(css.contains("fonts/STIXTwoMath-Regular.woff2"));
    assert!(site
        .public()
        .join("static/fonts/STIXTwoMath-Regular.woff2")
        .is_file());
    assert!(site
        .public()
        .join("static/fonts/STIXTwoMath-LICENSE.txt")
        .is_file());
}

#[test]
fn the_preamble_defines_macros_for_every_formula() {
    let site = Site::new();
    site.note(
        "preamble.sty",
        "\\newcommand{\\bb}[1]{\\mathbb{#1}}\n\\DeclareMathOperator{\\vspan}{span}\n\\newcommand{\\broken}{\\frac{1}\n",
    )
    .note("a.md", "Vectors in $\\bb{R}^n$ span $\\vspan(v)$.\n");
    let stderr = site.build();
    assert!(
        stderr.contains("content/preamble.sty:3:1: warning: `\\newcommand` has an unclosed `{`"),
        "{stderr}"
    );
    let html = site.read("a/index.html");
    assert!(!html.contains("math-source"), "{html}");
    assert!(html.contains("<mi>ℝ</mi>"), "{html}");
    assert!(html.contains("span"), "{html}");
}

#[test]
fn section_pages_and_the_home_page_load_math_and_diagrams_they_show() {
    let site = Site::new();
    site.note("_index.md", "Home with $x^2$.\n")
        .note(
            "topic/_index.md",
            "Section with a diagram.\n\n```mermaid\nflowchart LR\n  A --> B\n```\n",
        )
        .note("topic/note.md", "Plain.\n");
    site.build();
    let home = site.read("index.html");
    assert!(
        home.contains("<math>") && home.contains("static/math.css"),
        "{home}"
    );
    assert!(!home.contains("diagrams.js"), "{home}");
    let section = site.read("topic/index.html");
    assert!(section.contains("../static/diagrams.js"), "{section}");
    assert!(!section.contains("math.css"), "{section}");
}
