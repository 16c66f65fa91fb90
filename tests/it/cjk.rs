//! Chinese, Japanese and Korean notes: word counts and reading time count
//! CJK characters, and `lore search` finds CJK strings wherever they sit in
//! a run of text, in the CLI and in the search box (`tests/browser/search-cjk.mjs`).

use crate::sites::cjk_vault;
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

fn search(site: &Site, query: &str) -> serde_json::Value {
    let out = site.lore(&["search", query, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn urls(answer: &serde_json::Value) -> Vec<String> {
    let mut urls: Vec<String> = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_owned())
        .collect();
    urls.sort();
    urls
}

#[test]
fn a_cjk_word_is_found_inside_a_run_of_text() {
    let site = cjk_vault();
    // In the middle of 打开命令面板，: the whole run was one token before.
    assert_eq!(urls(&search(&site, "命令面板")), ["palette/"]);
    assert_eq!(urls(&search(&site, "\"命令面板\"")), ["palette/"]);
    // The characters must be adjacent and in order.
    assert!(urls(&search(&site, "面板命令")).is_empty());
    assert_eq!(urls(&search(&site, "命令面板 ")), ["palette/"]);
    // In an alias.
    assert_eq!(urls(&search(&site, "パレット")), ["palette/"]);
    // One character, two, and Korean words between spaces.
    assert_eq!(urls(&search(&site, "插")), ["palette/"]);
    assert_eq!(urls(&search(&site, "設定")), ["sync/"]);
    assert_eq!(urls(&search(&site, "파일")), ["ko/"]);
}

#[test]
fn several_runs_and_mixed_words_must_all_match_in_any_order() {
    let site = cjk_vault();
    assert_eq!(urls(&search(&site, "命令 面板")), ["cli/", "palette/"]);
    assert_eq!(
        search(&site, "命令 面板")["results"],
        search(&site, "面板 命令")["results"],
        "word order changes nothing"
    );
    assert_eq!(urls(&search(&site, "kubectl 命令")), ["cli/"]);
    assert_eq!(urls(&search(&site, "kubectl命令")), ["cli/"]);
    assert_eq!(urls(&search(&site, "Obsidian 同期")), ["sync/"]);
    assert_eq!(urls(&search(&site, "命令 -kubectl")), ["palette/"]);
    // The title ranks first.
    assert_eq!(search(&site, "模板")["results"][0]["url"], "palette/");
}

#[test]
fn while_typing_a_cjk_run_finds_the_notes_that_hold_what_is_typed() {
    let site = cjk_vault();
    assert_eq!(urls(&search(&site, "命令面")), ["palette/"]);
    assert_eq!(urls(&search(&site, "Obsidian 同")), ["sync/"]);
    assert_eq!(urls(&search(&site, "kub")), ["cli/"]);
}
