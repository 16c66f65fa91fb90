//! `lore check`: every check, nothing written, `path:line:col: level:
//! message` lines (or JSON), exit 1 on any warning or error.

use crate::support::Site;

#[test]
fn check_lists_every_problem_and_exits_1() {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntitle: A\naliases: [Shared]\n---\nSee [[b]], [[nope]] and [[b#Missing]].\n\n![[a]]\n",
    )
    .note(
        "b.md",
        "---\ntitle: B\naliases: [shared]\n---\n## Here\n[[a]]\n",
    )
    .note("lonely.md", "Nobody links here. ![[gone.png]]\n");
    let out = site.lore(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "content/a.md:5:12: warning: broken link [[nope]]",
            "content/a.md:5:25: warning: broken anchor #Missing in [[b]]: no such heading",
            "content/a.md:7:1: warning: embed cycle: content/a.md → content/a.md — the embed is shown as a link",
            "content/b.md:3:1: warning: `shared` is also a title or alias of `content/a.md`: [[shared]] is ambiguous",
            "content/lonely.md: info: orphan note: no other note links to it",
            "content/lonely.md:1:20: warning: broken link ![[gone.png]]",
        ],
        "{stdout}"
    );
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn check_passes_a_clean_site_and_speaks_json() {
    let site = Site::new();
    site.note("a.md", "[[b]]").note("b.md", "[[a]]");
    let out = site.lore(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");

    site.note("c.md", "[[a]] [[zzz]]");
    let out = site.lore(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = json["diagnostics"].as_array().unwrap();
    assert_eq!(all.len(), 2, "{json}");
    assert_eq!(all[0]["message"], "orphan note: no other note links to it");
    assert_eq!(all[0]["level"], "info");
    let d = &all[1];
    assert_eq!(d["path"], "content/c.md");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 7);
    assert_eq!(d["level"], "warning");
    assert_eq!(d["message"], "broken link [[zzz]]");
}

#[test]
fn check_reports_note_and_template_problems() {
    let site = Site::new();
    site.note("bad.md", "---\ntitle: [\n---\n");
    let out = site.lore(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("content/bad.md:3:1: warning: invalid YAML frontmatter"),
        "{stdout}"
    );
    site.write("templates/note.html", "{{ x }");
    let out = site.lore(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("templates/note.html:1:"), "{stdout}");
    assert!(stdout.contains("error: template error"), "{stdout}");
}
