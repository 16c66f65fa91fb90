//! Chinese, Japanese and Korean notes: word counts and reading time count
//! CJK characters, and `lore search` finds CJK strings wherever they sit in
//! a run of text.

use crate::support::Site;

fn words_shown(site: &Site, page: &str) -> String {
    let html = site.read(page);
    let end = html.find(" word").expect("a word count");
    let start = html[..end].rfind('>').unwrap() + 1;
    html[start..end].to_owned()
}

#[test]
fn word_counts_count_each_cjk_character() {
    let site = Site::new();
    let chinese = "打开命令面板，输入模板。".repeat(50);
    site.note("zh.md", &format!("# 中文\n\n{chinese}\n"))
        .note(
            "mixed.md",
            "# Mixed\n\n使用 kubectl 命令 — 点击**打开**。\n",
        )
        .note("en.md", "# English\n\nTake a snapshot — then restore it.\n");
    site.build();
    // 2 + 50 × 10 characters; the punctuation is no word.
    assert_eq!(words_shown(&site, "zh/index.html"), "502");
    assert!(site.read("zh/index.html").contains("3 min read"));
    // Mixed, kubectl, and the 8 characters of 使用命令点击打开.
    assert_eq!(words_shown(&site, "mixed/index.html"), "10");
    // English, Take a snapshot then restore it (the dash is no word).
    assert_eq!(words_shown(&site, "en/index.html"), "7");
}
