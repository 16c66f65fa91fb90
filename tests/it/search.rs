//! `lore search`: the tantivy index of a fixture vault, the query
//! language, snippets, and bad queries.

use crate::support::Site;

fn vault() -> Site {
    let site = Site::new();
    site.note("etcd.md", "---\ntitle: etcd\naliases: [etcdctl]\ntopics: [storage]\n---\n## Backup and restore\nTake a snapshot with `etcdctl snapshot save` before any upgrade.\n")
        .note("deployments.md", "---\ntitle: Deployments\ntopics: [workloads]\n---\nA rollout replaces pods. Undo a rollout with kubectl.\n")
        .note("apiserver.md", "---\ntitle: kube-apiserver\ntopics: [control-plane]\n---\nThe front door. It stores everything in etcd.\n")
        .note("docker.md", "---\ntitle: Docker links\ntopics: [workloads]\n---\nOld docker rollout tricks.\n")
        .note("xss.md", "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\nBody with </script> and \u{2028} separator, about snapshots.\n");
    site
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

fn titles(answer: &serde_json::Value) -> Vec<String> {
    answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn words_are_stemmed_and_titles_rank_first() {
    let site = vault();
    let a = search(&site, "rollouts");
    assert_eq!(titles(&a)[0], "Deployments", "{a}");
    let a = search(&site, "etcd");
    assert_eq!(titles(&a)[0], "etcd", "the title match ranks first: {a}");
    assert!(titles(&a).contains(&"kube-apiserver".to_owned()));
    let first = &a["results"][0];
    assert_eq!(first["path"], "content/etcd.md");
    assert_eq!(first["url"], "etcd/");
    assert!(first["score"].as_f64().unwrap() > a["results"][1]["score"].as_f64().unwrap());
}

#[test]
fn every_word_must_match_then_any_word() {
    let site = vault();
    assert_eq!(titles(&search(&site, "rollout docker ")), ["Docker links"]);
    // No note has both: fall back to any word.
    let any = titles(&search(&site, "snapshot pods "));
    assert!(
        any.contains(&"etcd".to_owned()) && any.contains(&"Deployments".to_owned()),
        "{any:?}"
    );
}

#[test]
fn phrases_exclusions_topics_prefixes_and_typos() {
    let site = vault();
    assert_eq!(titles(&search(&site, "\"front door\"")), ["kube-apiserver"]);
    assert_eq!(titles(&search(&site, "rollout -docker ")), ["Deployments"]);
    assert_eq!(
        titles(&search(&site, "rollout topic:workloads -kubectl")),
        ["Docker links"]
    );
    assert_eq!(
        titles(&search(&site, "kube-ap"))[0],
        "kube-apiserver",
        "prefix of the last word"
    );
    assert_eq!(
        titles(&search(&site, "snapshto "))[0],
        "etcd",
        "one typo in a 5+ letter word"
    );
    assert!(
        titles(&search(&site, "etdc ")).is_empty(),
        "no typo tolerance under 5 letters"
    );
}

#[test]
fn snippets_highlight_the_matched_words() {
    let site = vault();
    let a = search(&site, "snapshot ");
    let hit = a["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "etcd")
        .unwrap();
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let [s, e] = [
        hit["highlights"][0][0].as_u64().unwrap() as usize,
        hit["highlights"][0][1].as_u64().unwrap() as usize,
    ];
    assert_eq!(
        snippet[s..e].iter().collect::<String>().to_lowercase(),
        "snapshot"
    );
}

#[test]
fn hostile_titles_stay_data_and_bad_queries_exit_2() {
    let site = vault();
    let a = search(&site, "separator");
    assert_eq!(titles(&a), ["<img src=x onerror=alert(1)>"]);
    for bad in ["\"unclosed", "   ", "-only"] {
        let out = site.lore(&["search", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).starts_with("error: "),
            "{bad}"
        );
    }
}

#[test]
fn the_index_lives_in_the_cache_and_build_refreshes_it() {
    let site = vault();
    site.build();
    assert!(site.root().join(".lore/search/lore-stamp").is_file());
    assert!(!site.public().join(".lore").exists());
    site.note("new.md", "---\ntitle: Brand new\n---\nquasar\n");
    // Stale: search rebuilds it first.
    assert_eq!(titles(&search(&site, "quasar")), ["Brand new"]);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let site = vault();
    site.lore(&["search", "etcd"]); // builds the index first
    for args in [
        &["search", "etcd"][..],
        &["search", "etcd", "--json"],
        &["check"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader); // like `| head` that already exited
        let out = std::process::Command::new(crate::support::LORE)
            .args(args)
            .arg("--root")
            .arg(site.root())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            out.status.code().is_some(),
            "{args:?} was killed: {:?}",
            out.status
        );
    }
}

#[test]
fn callout_markers_are_not_searchable_text_but_their_titles_are() {
    let site = Site::new();
    site.note(
        "z.md",
        "---\ntitle: Zoo\n---\n> [!warning]- Careful now\n> Zebras bite.\n\n> A plain quote about zebras.\n",
    );
    let answer = search(&site, "zebras");
    let snippet = answer["results"][0]["snippet"].as_str().unwrap();
    assert!(!snippet.contains("[!"), "{snippet}");
    assert!(snippet.contains("Careful now"), "{snippet}");
    assert!(snippet.contains("A plain quote about zebras"), "{snippet}");
    assert!(search(&site, "warning")["results"]
        .as_array()
        .unwrap()
        .is_empty());
}

/// Sets the modification time of every file and folder under `dir` a
/// minute back, as if the site had been written long before the build.
fn age(dir: &std::path::Path) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            age(&path);
        }
        std::fs::File::open(&path)
            .unwrap()
            .set_modified(then)
            .unwrap();
    }
    std::fs::File::open(dir)
        .unwrap()
        .set_modified(then)
        .unwrap();
}

#[test]
fn a_fresh_index_is_trusted_from_file_stamps_and_every_change_is_seen() {
    let site = vault();
    age(site.root());
    site.build();
    assert!(site.root().join(".lore/search/sources").is_file());

    // Other words, same size and time: the stamps say nothing changed, so
    // `lore search` trusts the index and reads no note.
    let etcd = site.root().join("content/etcd.md");
    let then = std::fs::metadata(&etcd).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&etcd).unwrap();
    std::fs::write(&etcd, text.replace("snapshot save", "zeppelin okay")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&etcd)
        .unwrap()
        .set_modified(then)
        .unwrap();
    assert!(titles(&search(&site, "snapshot")).contains(&"etcd".to_owned()));
    assert!(titles(&search(&site, "zeppelin")).is_empty());

    // An edit (a new time), a new note and a removed one are all seen.
    site.note(
        "deployments.md",
        "---\ntitle: Deployments\n---\nA quasar rollout.\n",
    );
    assert_eq!(titles(&search(&site, "quasar")), ["Deployments"]);
    site.note("sub/new.md", "---\ntitle: Brand new\n---\npulsar\n");
    assert_eq!(titles(&search(&site, "pulsar")), ["Brand new"]);
    std::fs::remove_file(site.root().join("content/docker.md")).unwrap();
    assert!(titles(&search(&site, "docker")).is_empty());
    // The whole content read again, the swapped words are found too.
    assert_eq!(titles(&search(&site, "zeppelin")), ["etcd"]);
}
