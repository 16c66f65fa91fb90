//! What Lore renders, as a specification: each case is a note's Markdown
//! and the HTML of its page body (the table of contents, when it has one,
//! then the rendered note), followed by the warnings the build gave for
//! it. The notes are built together by `lore build` in one site with a few
//! notes and an image to link to, so links, embeds and raw HTML go through
//! the same resolver and sanitiser as on any site.
//!
//! The expected HTML is an `expect-test` snapshot: after a deliberate
//! change of output, `UPDATE_EXPECT=1 cargo test --test it render_spec`
//! rewrites it in place, and the diff is the change to review.

use crate::sites::png;
use crate::support::Site;
use expect_test::{expect, Expect};

/// One note of the specification.
struct Case {
    /// Its file name in `content/spec/`, without `.md`.
    name: &'static str,
    markdown: &'static str,
    expected: Expect,
}

fn case(name: &'static str, markdown: &'static str, expected: Expect) -> Case {
    Case {
        name,
        markdown,
        expected,
    }
}

#[rustfmt::skip]
fn cases() -> Vec<Case> {
    vec![
        case("headings",
            "## Install\n\n### On Linux\n\n## Install\n\n## Custom id {#mine}\n\n#### Deep *emphasis*\n",
            expect![[r##"
                <nav><ol>
                  <li><a href="#install" data-level="2">Install</a><ol>
                  <li><a href="#on-linux" data-level="3">On Linux</a></li>
                </ol></li>
                  <li><a href="#install-1" data-level="2">Install</a></li>
                  <li><a href="#mine" data-level="2">Custom id</a><ol>
                  <li><a href="#deep-emphasis" data-level="4">Deep emphasis</a></li>
                </ol></li>
                </ol></nav>
                <h2 id="install">Install <a class="heading-anchor" href="#install" aria-hidden="true" tabindex="-1">#</a></h2>
                <h3 id="on-linux">On Linux <a class="heading-anchor" href="#on-linux" aria-hidden="true" tabindex="-1">#</a></h3>
                <h2 id="install-1">Install <a class="heading-anchor" href="#install-1" aria-hidden="true" tabindex="-1">#</a></h2>
                <h2 id="mine">Custom id <a class="heading-anchor" href="#mine" aria-hidden="true" tabindex="-1">#</a></h2>
                <h4 id="deep-emphasis">Deep <em>emphasis</em> <a class="heading-anchor" href="#deep-emphasis" aria-hidden="true" tabindex="-1">#</a></h4>
            "##]]),
        case("h1-as-title",
            "# H1 as title\n\nThe H1 repeats the title, so the page shows it once.\n\n# Second H1\n",
            expect![[r##"
                <nav><ol>
                  <li><a href="#second-h1" data-level="1">Second H1</a></li>
                </ol></nav>
                <p>The H1 repeats the title, so the page shows it once.</p>
                <h1 id="second-h1">Second H1 <a class="heading-anchor" href="#second-h1" aria-hidden="true" tabindex="-1">#</a></h1>
            "##]]),
        case("wikilinks",
            "[[Target]], [[Target|an alias]], [[Target#Setup]], [[Target#^blk]], [[#Local]], [[Missing]], [[Target#Nope]].\n\n## Local\n",
            expect![[r##"
                <nav><ol>
                  <li><a href="#local" data-level="2">Local</a></li>
                </ol></nav>
                <p><a class="internal-link" href="../../target/" title="Target">Target</a>, <a class="internal-link" href="../../target/" title="Target">an alias</a>, <a class="internal-link" href="../../target/#setup" title="Target">Target &gt; Setup</a>, <a class="internal-link" href="../../target/#%5Eblk" title="Target">Target &gt; ^blk</a>, <a class="internal-link" href="./#local" title="wikilinks">Local</a>, <span class="broken-link" title="broken link [[Missing]]">Missing</span>, <a class="internal-link broken-anchor" href="../../target/" title="Target">Target &gt; Nope</a>.</p>
                <h2 id="local">Local <a class="heading-anchor" href="#local" aria-hidden="true" tabindex="-1">#</a></h2>

                -- warnings --
                1:81: broken link [[Missing]]
                1:94: broken anchor #Nope in [[target]]: no such heading
            "##]]),
        case("markdown-links",
            "[rel](../target.md), [anchor](#x), [ext](https://example.org/a?b=1&c=2), [mail](mailto:a@example.org), [bad](javascript:alert(1)), <https://auto.example>, www.example.com\n",
            expect![[r#"
                <p><a class="internal-link" href="../../target/" title="Target">rel</a>, <a class="internal-link broken-anchor" href="./" title="markdown-links">anchor</a>, <a href="https://example.org/a?b=1&amp;c=2">ext</a>, <a href="mailto:a@example.org">mail</a>, <span class="unsafe-link">bad</span>, <a href="https://auto.example">https://auto.example</a>, <a href="https://www.example.com">www.example.com</a></p>

                -- warnings --
                1:22: broken anchor #x in [[markdown-links]]: no such heading
                1:104: unsafe link `javascript:alert(1)` removed
            "#]]),
        case("embeds-beside-text",
            "See ![[Other]] here.\n\n![[Other]] ^kept\n",
            expect![[r#"
                <p>See <div class="embed"><div class="embed-title"><a class="internal-link" href="../../other/">Other</a></div><div class="embed-content"><p>The <strong>other</strong> note.</p>
                </div></div> here.</p>
                <p id="^kept"><div class="embed"><div class="embed-title"><a class="internal-link" href="../../other/">Other</a></div><div class="embed-content"><p>The <strong>other</strong> note.</p>
                </div></div></p>
            "#]],
        ),
        case("embeds",
            "![[Target#Setup]]\n\n![[Target#^blk]]\n\n![[Other]]\n\n![[Nowhere]]\n",
            expect![[r##"
                <div class="embed"><div class="embed-title"><a class="internal-link" href="../../target/#setup">Target</a></div><div class="embed-content"><h2 id="setup">Setup <a class="heading-anchor" href="#setup" aria-hidden="true" tabindex="-1">#</a></h2>
                <p id="^blk">Set it up.</p>
                <p>More setup.</p>
                </div></div>
                <div class="embed"><div class="embed-title"><a class="internal-link" href="../../target/#%5Eblk">Target</a></div><div class="embed-content"><p id="^blk">Set it up.</p>
                </div></div>
                <div class="embed"><div class="embed-title"><a class="internal-link" href="../../other/">Other</a></div><div class="embed-content"><p>The <strong>other</strong> note.</p>
                </div></div>
                <p><span class="broken-link" title="broken link ![[Nowhere]]">Nowhere</span></p>

                -- warnings --
                7:1: broken link ![[Nowhere]]
            "##]]),
        case("images",
            "![[cat.png]]\n\n![[cat.png|100]]\n\n![A cat](../cat.png \"Title\")\n\n![remote](https://example.org/x.png)\n",
            expect![[r#"
                <p><img src="../../cat.png" alt="" width="40" height="30" decoding="async"></p>
                <p><img src="../../cat.png" alt="" width="100" height="75" loading="lazy" decoding="async"></p>
                <p><img src="../../cat.png" alt="A cat" title="Title" width="40" height="30" loading="lazy" decoding="async"></p>
                <p><img src="https://example.org/x.png" alt="remote"></p>
            "#]]),
        case("callouts",
            "> [!note]\n> Default title.\n\n> [!tip] Custom **title**\n> Body.\n\n> [!warning]- Folded\n> Hidden.\n\n> [!faq]+ Open\n> Shown.\n\n> [!unknown-kind] Odd\n> Body.\n\n> Plain quote.\n",
            expect![[r#"
                <div class="callout" data-callout="note"><div class="callout-title">Note</div><div class="callout-content">
                <p>Default title.</p>
                </div></div>
                <div class="callout" data-callout="tip"><div class="callout-title">Custom <strong>title</strong></div><div class="callout-content">
                <p>Body.</p>
                </div></div>
                <details class="callout" data-callout="warning"><summary class="callout-title">Folded</summary><div class="callout-content">
                <p>Hidden.</p>
                </div></details>
                <details class="callout" data-callout="question" open><summary class="callout-title">Open</summary><div class="callout-content">
                <p>Shown.</p>
                </div></details>
                <div class="callout" data-callout="note"><div class="callout-title">Odd</div><div class="callout-content">
                <p>Body.</p>
                </div></div>
                <blockquote>
                <p>Plain quote.</p>
                </blockquote>
            "#]]),
        case("nested-callouts",
            "> [!note] Outer\n> Outer text.\n> > [!info]- Inner\n> > Inner text.\n",
            expect![[r#"
                <div class="callout" data-callout="note"><div class="callout-title">Outer</div><div class="callout-content">
                <p>Outer text.</p>
                <details class="callout" data-callout="info"><summary class="callout-title">Inner</summary><div class="callout-content">
                <p>Inner text.</p>
                </div></details>
                </div></div>
            "#]]),
        case("highlights",
            "A ==highlight== and ==**bold** one==, not == spaced ==, not `==code==`.\n",
            expect![[r#"
                <p>A <mark>highlight</mark> and <mark><strong>bold</strong> one</mark>, not == spaced ==, not <code>==code==</code>.</p>
            "#]]),
        case("comments",
            "Visible %%hidden inline%% text.\n\n%%\nA hidden block.\n%%\n\nAfter.\n",
            expect![[r#"
                <p>Visible                   text.</p>
                <p>After.</p>
            "#]]),
        case("block-ids",
            "A paragraph. ^para\n\n- item one ^item\n- item two\n\n> A quote.\n\n^quote\n",
            expect![[r#"
                <p id="^para">A paragraph.</p>
                <ul>
                <li id="^item">item one</li>
                <li>item two</li>
                </ul>
                <div class="block" id="^quote">
                <blockquote>
                <p>A quote.</p>
                </blockquote>
                </div>
            "#]]),
        case("tables",
            "| Left | Center | Right |\n|:-----|:------:|------:|\n| a | [[Target\\|alias]] | `c` |\n",
            expect![[r#"
                <table><thead><tr><th style="text-align: left">Left</th><th style="text-align: center">Center</th><th style="text-align: right">Right</th></tr></thead><tbody>
                <tr><td style="text-align: left">a</td><td style="text-align: center"><a class="internal-link" href="../../target/" title="Target">alias</a></td><td style="text-align: right"><code>c</code></td></tr>
                </tbody></table>
            "#]]),
        case("task-lists",
            "- [ ] todo\n- [x] done\n- [/] half done\n- [?] question\n\n1. [ ] loose\n\n   with a paragraph\n",
            expect![[r#"
                <ul>
                <li class="task-list-item" data-task=" "><input type="checkbox" disabled data-task=" "> todo</li>
                <li class="task-list-item" data-task="x"><input type="checkbox" disabled checked data-task="x"> done</li>
                <li class="task-list-item" data-task="/"><input type="checkbox" disabled checked data-task="/"> half done</li>
                <li class="task-list-item" data-task="?"><input type="checkbox" disabled checked data-task="?"> question</li>
                </ul>
                <ol>
                <li class="task-list-item" data-task=" ">
                <p><input type="checkbox" disabled data-task=" "> loose</p>
                <p>with a paragraph</p>
                </li>
                </ol>
            "#]]),
        case("footnotes",
            "A claim[^src] and an inline one^[with *markup*].\n\n[^src]: The source.\n",
            expect![[r##"
                <p>A claim<sup class="footnote-reference"><a href="#src">1</a></sup> and an inline one<sup class="footnote-reference"><a href="#fn-inline-1" id="fnref-inline-1">2</a></sup>.</p>
                <div class="footnote-definition" id="src"><sup class="footnote-definition-label">1</sup>
                <p>The source.</p>
                </div>
                <div class="footnote-definition" id="fn-inline-1"><sup class="footnote-definition-label">2</sup><p>with <em>markup</em> <a class="footnote-backref" href="#fnref-inline-1" aria-label="Back to the text">↩</a></p></div>
            "##]]),
        case("code",
            "```rust\nfn main() { println!(\"{}\", 1); }\n```\n\n```no-such-language\n<kept & escaped>\n```\n\n    indented\n\nInline `code <b>`.\n",
            expect![[r#"
                <pre class="code" tabindex="0" data-lang="rust"><code class="language-rust"><span class="l9 d5 lf1 df0">fn</span> <span class="l7 d3 lf1 df0">main</span>() { println!(<span class="l2 d4">&quot;</span><span class="l1 d7">{}</span><span class="l2 d4">&quot;</span>, <span class="l1 d7">1</span>); }
                </code></pre>
                <pre class="code" tabindex="0" data-lang="no-such-language"><code class="language-no-such-language">&lt;kept &amp; escaped&gt;
                </code></pre>
                <pre class="code" tabindex="0"><code>indented
                </code></pre>
                <p>Inline <code>code &lt;b&gt;</code>.</p>
            "#]]),
        case("math",
            "Inline $x^2 + y_1$ and display:\n\n$$\n\\frac{a}{b}\n$$\n\nA price of $5 and $6 is not math. Broken: $\\unknowncommand$\n",
            expect![[r#"
                <p>Inline <math><msup><mi>x</mi><mn>2</mn></msup><mo>+</mo><msub><mi>y</mi><mn>1</mn></msub></math> and display:</p>
                <p><span class="math-block"><math display="block"><mfrac><mi>a</mi><mi>b</mi></mfrac></math></span></p>
                <p>A price of $5 and $6 is not math. Broken: <code class="math-source" title="TeX that Lore cannot render">$\unknowncommand$</code></p>

                -- warnings --
                7:44: math not rendered: Unknown command "\unknowncommand".
            "#]]),
        case("mermaid",
            "```mermaid\ngraph TD\n  A --> B & C\n```\n",
            expect![[r#"
                <div class="diagram" data-diagram="mermaid"><pre class="diagram-source"><code class="language-mermaid">graph TD
                  A --&gt; B &amp; C
                </code></pre></div>
            "#]]),
        case("raw-html",
            "<div class=\"box\" onclick=\"steal()\">kept <b>bold</b><script>alert(1)</script></div>\n\nInline <kbd>Ctrl</kbd> and <span style=\"color:red\">style</span>.\n\n<iframe src=\"https://video.example/embed\" sandbox=\"allow-top-navigation\"></iframe>\n\n<a href=\"javascript:alert(1)\">js</a>\n\n<style>\nbody { display: none }\n",
            expect![[r#"
                <div class="box">kept <b>bold</b></div>
                <p>Inline <kbd>Ctrl</kbd> and <span style="color:red">style</span>.</p>
                <iframe sandbox="allow-scripts allow-same-origin allow-popups allow-presentation" loading="lazy" src="https://video.example/embed"></iframe>
                <p><a rel="noopener noreferrer">js</a></p>
                <p>&lt;style&gt;
                body { display: none }</p>

                -- warnings --
                9:1: `<style>` is not closed in this HTML block; it is shown as text
            "#]]),
        case("topics-and-autolinks",
            "Tagged #kubernetes/networking and #1 not a tag; see https://example.org.\n",
            expect![[r#"
                <p>Tagged <a class="topic-tag" href="../../topics/kubernetes/networking/">#kubernetes/networking</a> and #1 not a tag; see <a href="https://example.org">https://example.org</a>.</p>
            "#]]),
        case("cjk",
            "## 设置 网络\n\n见 [[模板]] 和 [[模板#用法]]。==重点==文字。\n",
            expect![[r##"
                <nav><ol>
                  <li><a href="#设置-网络" data-level="2">设置 网络</a></li>
                </ol></nav>
                <h2 id="设置-网络">设置 网络 <a class="heading-anchor" href="#设置-网络" aria-hidden="true" tabindex="-1">#</a></h2>
                <p>见 <a class="internal-link" href="../../cjk/" title="模板">模板</a> 和 <a class="internal-link" href="../../cjk/#用法" title="模板">模板 &gt; 用法</a>。<mark>重点</mark>文字。</p>
            "##]]),
    ]
}

#[test]
fn each_case_renders_as_specified() {
    let cases = cases();
    let site = Site::new();
    site.write("templates/note.html", NOTE_TEMPLATE);
    site.write_bytes("content/cat.png", &png(40, 30));
    site.note(
        "target.md",
        "---\ntitle: Target\n---\nIntro.\n\n## Setup\n\nSet it up. ^blk\n\nMore setup.\n\n## Use\n\nUse it.\n",
    )
    .note("other.md", "---\ntitle: Other\n---\nThe **other** note.\n")
    .note("cjk.md", "---\ntitle: 模板\n---\n## 用法\n\n插入模板。\n");
    for c in &cases {
        site.note(&format!("spec/{}.md", c.name), c.markdown);
    }
    let stderr = site.build();
    for c in &cases {
        c.expected.assert_eq(&rendered(&site, &stderr, c.name));
    }
}

/// The page body alone: its table of contents and content.
const NOTE_TEMPLATE: &str = "{% import \"macros.html\" as m %}\
{% if note.toc %}<nav>{{ m::toc(items=note.toc) }}</nav>\n{% endif %}\
{{ note.content | safe }}";

/// A case's page body, then its warnings (`line:column: message`).
fn rendered(site: &Site, stderr: &str, name: &str) -> String {
    let mut out = site.read(&format!("spec/{name}/index.html"));
    let prefix = format!("content/spec/{name}.md:");
    let warnings: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|l| l.replacen(": warning:", ":", 1))
        .collect();
    if !warnings.is_empty() {
        out.push_str("\n-- warnings --\n");
        out.push_str(&warnings.join("\n"));
        out.push('\n');
    }
    out
}
