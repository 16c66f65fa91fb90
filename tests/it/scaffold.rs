//! `lore init` and `lore new`.

use crate::support::{Site, LORE};
use std::process::Command;

#[test]
fn init_makes_a_site_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("my-notes");
    let res = Command::new(LORE).arg("init").arg(&site).output().unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert!(std::fs::read_to_string(site.join("site.toml"))
        .unwrap()
        .contains("title = \"my-notes\""));
    let build = Command::new(LORE)
        .args(["build", "--strict", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("public/welcome/index.html").is_file());
    // A second init refuses and changes nothing.
    std::fs::write(site.join("site.toml"), "title = \"mine\"\n").unwrap();
    let again = Command::new(LORE).arg("init").arg(&site).output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(site.join("site.toml")).unwrap(),
        "title = \"mine\"\n"
    );
}

#[test]
fn new_creates_a_note_with_frontmatter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    Command::new(LORE)
        .arg("init")
        .arg(dir.path())
        .output()
        .unwrap();
    let res = Command::new(LORE)
        .args([
            "new",
            "Taints and tolerations",
            "--topic",
            "Scheduling",
            "--root",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&res.stdout).trim(),
        "content/taints-and-tolerations.md"
    );
    let text =
        std::fs::read_to_string(dir.path().join("content/taints-and-tolerations.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Taints and tolerations\"\ndate: 20"),
        "{text}"
    );
    assert!(text.contains("topics: [\"scheduling\"]"), "{text}");
    let again = Command::new(LORE)
        .args(["new", "Taints and tolerations", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn init_vault_writes_only_a_site_toml_and_publishes_the_vault_where_it_lives() {
    let dir = tempfile::tempdir().unwrap();
    let vault = dir.path().join("My Vault");
    let write = |rel: &str, text: &str| {
        let p = vault.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("Home.md", "# Home\nSee [[Ideas/First idea]].\n");
    write("Ideas/First idea.md", "An idea.\n");
    write("Templates/Daily.md", "<% tp.date.now() %>\n");
    write(".obsidian/templates.json", "{\"folder\": \"Templates\"}");
    let before = crate::support::files_under(&vault);
    // The site folder is the vault itself.
    let res = Command::new(LORE)
        .args(["init", "--vault", "."])
        .current_dir(&vault)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let toml = std::fs::read_to_string(vault.join("site.toml")).unwrap();
    assert!(toml.contains("title = \"My Vault\""), "{toml}");
    assert!(toml.contains("content_dir = \".\""), "{toml}");
    assert!(toml.contains("exclude = [\"Templates/**\"]"), "{toml}");
    let after = crate::support::files_under(&vault);
    let added: Vec<&String> = after.iter().filter(|f| !before.contains(f)).collect();
    assert_eq!(
        added,
        [".gitignore", "site.toml"],
        "nothing else is written"
    );
    let build = Command::new(LORE)
        .args(["build", "--root"])
        .arg(&vault)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let out = vault.join(".public");
    assert!(out.join("home/index.html").is_file());
    assert!(out.join("ideas/first-idea/index.html").is_file());
    assert!(!out.join("templates").exists(), "templates are left out");
    assert!(!out.join("site-toml").exists() && !out.join("site.toml").exists());
    // A second build does not publish the first one's output.
    let again = Command::new(LORE)
        .args(["build", "--root"])
        .arg(&vault)
        .output()
        .unwrap();
    assert!(again.status.success());
    assert!(!out.join(".public").exists());

    // A site folder beside the vault: content_dir points at it.
    let site = dir.path().join("site");
    let res = Command::new(LORE)
        .args(["init", "--vault"])
        .arg(&vault)
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let build = Command::new(LORE)
        .args(["build", "--root"])
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(site.join("public/home/index.html").is_file());
    assert!(!site.join("public/site-toml").exists());
}

/// Topics are quoted in the frontmatter like titles: `"q` and `]x` wrote
/// YAML that did not parse.
#[test]
fn new_quotes_topics_with_yaml_punctuation() {
    let site = Site::new();
    let res = site.lore(&[
        "new", "Odd", "--topic", "\"q", "--topic", "]x", "--topic", "a: b",
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let text = std::fs::read_to_string(site.root().join("content/odd.md")).unwrap();
    assert!(text.contains(r#"topics: ["\"q", "]x", "a:-b"]"#), "{text}");
    site.build();
    let html = site.read("odd/index.html");
    assert!(html.contains("#&quot;q") && html.contains("#]x"), "{html}");
}

/// `base_url = "//evil.example/"` is another site's address (protocol-
/// relative), not a path.
#[test]
fn a_protocol_relative_base_url_is_refused() {
    let site = Site::with_config("title = \"T\"\nbase_url = \"//evil.example/\"\n");
    site.note("a.md", "A");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("`base_url` must be an http(s):// URL or a path with one leading `/`"),
        "{stderr}"
    );
    let site = Site::new();
    site.note("a.md", "A");
    let out = site.lore(&["build", "--base-url", "//evil.example/"]);
    assert!(!out.status.success());
}
