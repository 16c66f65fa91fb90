//! Accessibility: axe-core in Chromium finds no serious or critical
//! violation on any kind of page of the default site (home, note, section,
//! topic, topics, graph, recent, 404, the search box open), in the light
//! and the dark theme (`tests/browser/a11y.mjs`).

use crate::browser::{node, node_check};
use crate::support::Site;

#[test]
fn every_kind_of_page_passes_axe_in_light_and_dark() {
    // The repository's own notes, plus a section (they have none).
    let site = Site::repository();
    site.note(
        "operations/_index.md",
        "---\ntitle: Operations\n---\nRunning clusters day to day.\n",
    )
    .note(
        "operations/runbooks.md",
        "---\ntitle: Runbooks\ntopics: [operations]\n---\nSee [[etcd]] and [[kubelet]].\n\n```bash\nkubectl get pods --all-namespaces --output=custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,STATUS:.status.phase,RESTARTS:.status.containerStatuses[0].restartCount\n```\n",
    );
    // The 404 page links from the site's root path (hosts serve it at any
    // depth): make that root the output folder, so it is styled from disk.
    let root = format!("{}/", site.public().display());
    site.build_with(&["--base-url", &root]);
    let pages = [
        ("home", "index.html"),
        ("note", "etcd/index.html"),
        ("code", "operations/runbooks/index.html"),
        ("section", "operations/index.html"),
        ("topic", "topics/storage/index.html"),
        ("topics", "topics/index.html"),
        ("graph", "graph/index.html"),
        ("recent", "recent/index.html"),
        ("404", "404.html"),
        ("search", "etcd/index.html"),
    ];
    let list: Vec<String> = pages.iter().map(|(k, p)| format!("{k}={p}")).collect();
    let stdout = node_check(
        "a11y",
        node("a11y.mjs")
            .arg("--site-dir")
            .arg(site.public())
            .arg("--pages")
            .arg(list.join(",")),
    );
    println!("{stdout}");
}
