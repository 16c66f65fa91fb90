//! Each feature's Chromium check, run from file:// on a fixture site: the
//! feature's build checks are in `tests/it/<feature>.rs` (dates, graph,
//! images, math, diagrams, redirects, vault, cjk), the scripts in
//! `tests/browser/`.

use crate::browser::{manifest_dir, node, node_check, run_browser_checks};
use crate::sites::{cjk_vault, variant_site};
use crate::support::Site;

#[test]
fn a_note_says_how_long_ago_it_was_updated_in_chromium() {
    let three_days_ago = chrono::Utc::now() - chrono::Duration::days(3);
    let day = three_days_ago.format("%Y-%m-%d").to_string();
    let site = Site::new();
    site.note(
        "a.md",
        &format!("---\ndate: 2020-01-01\nupdated: {day}\n---\nText.\n"),
    );
    site.build();
    let tooltip = three_days_ago.format("%-d %B %Y").to_string();
    node_check(
        "relative-time",
        node("relative-time.mjs")
            .arg(site.public().join("a/index.html"))
            .arg("3 days ago")
            .arg(&tooltip),
    );
}

/// The notes `tests/browser/graph.mjs` expects in its fixture site. Hub's
/// filler puts its local graph below the fold, so that the page can scroll.
fn graph_view_fixture() -> Site {
    let site = Site::new();
    site.note(
        "hub.md",
        &format!(
            "---\ntitle: Hub\ntopics: [alpha]\n---\nSee [[Alpha one]], [[Beta two]] and [[Gamma]].\n\n{}",
            "Filler paragraph to make the page scroll.\n\n".repeat(40)
        ),
    )
    .note(
        "alpha-one.md",
        "---\ntitle: Alpha one\ntopics: [alpha/one]\n---\nBack to [[Hub]].\n",
    )
    .note(
        "beta-two.md",
        "---\ntitle: Beta two\ntopics: [beta]\n---\nOn to [[Gamma]].\n",
    )
    .note(
        "gamma.md",
        "---\ntitle: Gamma\ntopics: [beta]\n---\nIt embeds:\n\n![[Alpha one]]\n",
    )
    .note("far.md", "---\ntitle: Far\n---\nOnly [[Gamma]].\n")
    .note("orphan.md", "---\ntitle: Orphan\n---\nNo links at all.\n");
    site
}

#[test]
fn the_graph_view_draws_and_answers_in_chromium() {
    let site = graph_view_fixture();
    site.build();
    let stdout = node_check(
        "graph",
        node("graph.mjs")
            .arg("--site")
            .arg(site.public())
            .arg("--shots")
            .arg(manifest_dir().join("target/browser-shots")),
    );
    println!("{stdout}");
}

#[test]
fn the_lightbox_opens_in_chromium() {
    let site = variant_site();
    site.build();
    node_check(
        "lightbox",
        node("lightbox.mjs").arg(site.public().join("a/index.html")),
    );
}

#[test]
fn formulas_lay_out_in_chromium_from_file_without_overflow() {
    let site = Site::fixture("math");
    site.build();
    run_browser_checks("math.mjs", &site);
}

#[test]
fn diagrams_draw_in_chromium_from_file_and_follow_the_theme() {
    let site = Site::fixture("diagrams");
    site.build();
    run_browser_checks("mermaid.mjs", &site);
}

#[test]
fn chromium_follows_a_redirect_from_file() {
    let site = Site::new();
    site.note(
        "docs/target.md",
        "---\ntitle: Target\nredirect_from: [very/old/page/]\n---\n## Far below\n\nText.\n",
    );
    site.build();
    node_check(
        "redirect",
        node("redirect.mjs")
            .arg(site.public().join("very/old/page/index.html"))
            .arg(site.public().join("docs/target/index.html"))
            .arg("#far-below"),
    );
}

/// A WAV file of `ms` milliseconds of a tone (8 kHz, 8-bit mono).
fn wav(ms: u32) -> Vec<u8> {
    let samples = 8 * ms;
    let mut out = Vec::new();
    out.extend(b"RIFF");
    out.extend((36 + samples).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes());
    out.extend(1u16.to_le_bytes()); // PCM
    out.extend(1u16.to_le_bytes()); // mono
    out.extend(8000u32.to_le_bytes());
    out.extend(8000u32.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(8u16.to_le_bytes());
    out.extend(b"data");
    out.extend(samples.to_le_bytes());
    out.extend((0..samples).map(|i| if (i / 10) % 2 == 0 { 96u8 } else { 160 }));
    out
}

/// A one-page PDF.
fn pdf() -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{o}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for o in offsets {
        out.push_str(&format!("{o:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[test]
fn embedded_links_and_media_work_in_chromium_from_file() {
    let site = Site::new();
    site.note(
        "deep/er/host.md",
        "![[part]]\n\n![[song.wav]]\n\n![[clip.webm]]\n\n![[paper.pdf#page=2]]\n",
    )
    .note(
        "lib/part.md",
        "## Section\nSee [[target]], [[#Section]] and #tagged.\n",
    )
    .note("target.md", "The target.")
    .write_bytes("content/media/song.wav", &wav(400))
    .write_bytes(
        "content/media/clip.webm",
        b"placeholder, recorded by the browser test",
    )
    .write_bytes("content/docs/paper.pdf", &pdf());
    site.build();
    run_browser_checks("vault.mjs", &site);
}

#[test]
fn the_search_box_finds_and_marks_cjk_strings_in_chromium_from_file() {
    let site = cjk_vault();
    site.build();
    let stdout = node_check("search-cjk", node("search-cjk.mjs").arg(site.public()));
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        7,
        "{stdout}"
    );
}
