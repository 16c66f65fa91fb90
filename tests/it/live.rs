//! `lore serve` while editing: the real server, a real server-sent-events
//! client, real file edits. Every wait is bounded: events by a read
//! timeout, what has no event (the search index) by [`wait_for`]'s deadline.

use crate::support::{files_under, wait_for, Server, Site, LORE};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A connection to `/__lore/events`.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(server: &Server) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET /__lore/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            server.port
        )
        .unwrap();
        let mut events = Events {
            reader: BufReader::new(s),
        };
        let (name, _) = events.next();
        assert_eq!(name, "hello");
        events
    }

    /// The next event (name, data), skipping keep-alive comments. Fails
    /// after 60 s without an event (keep-alives alone would wait forever).
    fn next(&mut self) -> (String, String) {
        let (mut name, mut data) = (String::new(), String::new());
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            assert!(std::time::Instant::now() < deadline, "no event within 60 s");
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event within 30 s");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_owned();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// The next `reload` event's changed pages.
    fn next_reload(&mut self) -> serde_json::Value {
        loop {
            let (name, data) = self.next();
            if name == "reload" {
                return serde_json::from_str(&data).unwrap();
            }
        }
    }
}

fn pages(reload: &serde_json::Value) -> Vec<String> {
    reload["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

/// Saves like most editors: write a temporary file, rename it over the note.
fn atomic_save(site: &Site, rel: &str, text: &str) {
    let path = site.root().join("content").join(rel);
    let tmp = path.with_extension("md.tmp-save");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
}

fn body(server: &Server, path: &str) -> (u16, String) {
    server.get(path)
}

fn sample() -> Site {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntitle: Alpha\ntopics: [greek]\n---\nFirst version.\n",
    )
    .note("b.md", "---\ntitle: Beta\n---\nSee [[a]].\n")
    .note("c.md", "---\ntitle: Gamma\n---\nUnrelated.\n");
    site
}

#[test]
fn an_edit_reloads_the_page_and_the_pages_that_show_it() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    // A body edit: the note's page, the page it now links (backlinks) and
    // its topic page (descriptions) change; an unrelated note does not.
    atomic_save(
        &site,
        "a.md",
        "---\ntitle: Alpha\ntopics: [greek]\n---\nSecond version. It links [[b]].\n",
    );
    let changed = pages(&events.next_reload());
    for page in ["/a/", "/b/", "/topics/greek/"] {
        assert!(
            changed.contains(&page.to_owned()),
            "{page} not in {changed:?}"
        );
    }
    assert!(!changed.contains(&"/c/".to_owned()), "{changed:?}");
    let (_, a) = body(&server, "/a/");
    assert!(a.contains("Second version."));
    let (_, b) = body(&server, "/b/");
    assert!(b.contains("Linked from"), "b now has a backlink from a");
    let (_, topic) = body(&server, "/topics/greek/");
    assert!(topic.contains("Second version."));
    // A title edit changes every page that shows the title (the sidebar).
    atomic_save(
        &site,
        "a.md",
        "---\ntitle: Alpha Two\ntopics: [greek]\n---\nSecond version. It links [[b]].\n",
    );
    let changed = pages(&events.next_reload());
    assert!(changed.contains(&"/c/".to_owned()), "{changed:?}");
    assert!(body(&server, "/b/").1.contains("Alpha Two"));
}

#[test]
fn truncate_write_delete_and_rename_all_work() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    // Truncate, then write (two events, one save).
    let path = site.root().join("content/c.md");
    std::fs::File::create(&path).unwrap();
    std::fs::write(&path, "---\ntitle: Gamma\n---\nRewritten.\n").unwrap();
    events.next_reload();
    assert!(body(&server, "/c/").1.contains("Rewritten."));
    // Delete a note: its page goes, links to it become broken.
    std::fs::remove_file(site.root().join("content/a.md")).unwrap();
    let changed = pages(&events.next_reload());
    assert!(changed.contains(&"/a/".to_owned()));
    assert_eq!(body(&server, "/a/").0, 404);
    assert!(body(&server, "/b/").1.contains("class=\"broken-link\""));
    // Rename a note: the old URL goes, the new one comes.
    std::fs::rename(
        site.root().join("content/c.md"),
        site.root().join("content/delta.md"),
    )
    .unwrap();
    events.next_reload();
    assert_eq!(body(&server, "/c/").0, 404);
    assert!(body(&server, "/delta/").1.contains("Rewritten."));
}

#[test]
fn a_bad_edit_keeps_the_last_good_page_and_the_fix_clears_the_error() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    // A broken template is a site-level error (a note's problems are
    // warnings, and the site still builds).
    site.write("templates/note.html", "<p>\n{{ note.title }\n</p>\n");
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    let errors: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(errors[0]["path"], "templates/note.html");
    assert!(
        errors[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("templates/note.html:2:"),
        "{data}"
    );
    assert!(
        body(&server, "/a/").1.contains("First version."),
        "the last good page is still served"
    );
    // A page opened now also learns about the error.
    let mut late = Events::connect(&server);
    assert_eq!(late.next().0, "build-error");
    // The fix gives the same pages as the last good build: no reload.
    std::fs::remove_file(site.root().join("templates/note.html")).unwrap();
    assert_eq!(events.next().0, "ok");
    assert!(body(&server, "/a/").1.contains("First version."));
}

/// A template that includes itself overflowed the stack and killed the
/// server; now it is an error like any other.
#[test]
fn a_template_that_includes_itself_keeps_the_last_good_build_served() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    site.write(
        "templates/note.html",
        "{% extends \"base.html\" %}{% block content %}{% include \"note.html\" %}{% endblock content %}",
    );
    let (name, data) = events.next();
    assert_eq!(name, "build-error");
    assert!(
        data.contains("template `note.html` includes itself"),
        "{data}"
    );
    assert!(body(&server, "/a/").1.contains("First version."));
}

/// At the inotify watch limit (simulated: the OS watcher refuses every
/// watch after the first `limit`, with the limit's own error), serve says
/// which folder it cannot watch and how to raise the limit, polls it, and
/// still rebuilds on every edit.
#[test]
fn folders_past_the_watch_limit_are_reported_and_polled() {
    for limit in ["1", "0"] {
        let site = sample();
        site.write("templates/note.html", "{% extends \"base.html\" %}");
        let server = Server::start_env(site.root(), &[], &[("LORE_TEST_WATCH_LIMIT", limit)]);
        let mut events = Events::connect(&server);
        let log = server.log();
        assert!(
            log.contains("warning: could not watch `content` for changes: the system's limit on watched folders is reached; raise it with `sudo sysctl fs.inotify.max_user_watches=524288`"),
            "{log}"
        );
        assert!(log.contains("could not watch `templates`"), "{log}");
        assert_eq!(log.contains("could not watch `.`"), limit == "0", "{log}");
        atomic_save(&site, "a.md", "---\ntitle: Alpha\n---\nPolled edit.\n");
        events.next_reload();
        assert!(body(&server, "/a/").1.contains("Polled edit."));
    }
}

#[test]
fn a_burst_of_200_files_gives_one_rebuild_and_swap_files_are_ignored() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    for i in 0..200 {
        std::fs::write(
            site.root().join(format!("content/n{i:03}.md")),
            format!("Note {i}\n"),
        )
        .unwrap();
    }
    let first = events.next_reload();
    assert!(
        pages(&first).contains(&"/n199/".to_owned()),
        "the whole burst is in one rebuild: {first}"
    );
    // Swap and backup files change nothing; the next reload is the sentinel's.
    std::fs::write(site.root().join("content/.a.md.swp"), "junk").unwrap();
    std::fs::write(site.root().join("content/a.md~"), "junk").unwrap();
    atomic_save(&site, "c.md", "---\ntitle: Gamma\n---\nSentinel.\n");
    let next = pages(&events.next_reload());
    assert!(next.contains(&"/c/".to_owned()), "{next:?}");
    assert!(
        !next.iter().any(|p| p.starts_with("/n1")),
        "no second rebuild of the burst: {next:?}"
    );
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = sample();
    site.write("static/extra.css", "body { color: red; }\n");
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    site.write("static/extra.css", "body { color: blue; }\n");
    loop {
        let (name, _) = events.next();
        assert_ne!(name, "reload");
        if name == "css" {
            break;
        }
    }
    assert!(body(&server, "/static/extra.css").1.contains("blue"));
}

#[test]
fn live_reload_refuses_foreign_origins_and_is_only_in_served_pages() {
    let site = sample();
    let server = Server::start(site.root());
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(s, "GET /__lore/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n", server.port).unwrap();
    let mut status = String::new();
    BufReader::new(s).read_line(&mut status).unwrap();
    assert!(status.contains(" 403 "), "{status}");
    assert!(body(&server, "/a/")
        .1
        .contains("<script src=\"/__lore/live.js\"></script>"));
    let (status, js) = body(&server, "/__lore/live.js");
    assert_eq!(status, 200);
    assert!(
        js.contains("text/javascript") && js.contains("/__lore/events"),
        "{js}"
    );
    site.build();
    assert!(
        !site.read("a/index.html").contains("__lore"),
        "built pages never carry the reload client"
    );
}

#[test]
fn after_any_edits_the_served_site_equals_a_fresh_build() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    atomic_save(
        &site,
        "a.md",
        "---\ntitle: Alpha\ntopics: [greek, letters]\n---\nMentions Gamma. [[c]]\n",
    );
    events.next_reload();
    std::fs::remove_file(site.root().join("content/b.md")).unwrap();
    events.next_reload();
    site.note(
        "e.md",
        "---\ntitle: Epsilon\n---\n#letters and [[Alpha]]\n\n![[c]]\n",
    );
    events.next_reload();
    // Body-only edits (the fast path): an embedded note, a linking note's
    // sentence, a mention appearing.
    atomic_save(
        &site,
        "c.md",
        "---\ntitle: Gamma\n---\nUnrelated.\n\nSecond paragraph, now embedded. Epsilon says hi.\n",
    );
    events.next_reload();
    atomic_save(&site, "a.md", "---\ntitle: Alpha\ntopics: [greek, letters]\n---\nMentions Gamma. [[c]]\n\nA new paragraph about Epsilon.\n");
    events.next_reload();
    // A template and a stylesheet of the site's own.
    site.write("templates/topic.html", "{% extends \"base.html\" %}{% block content %}<h1>Topic {{ topic.name }}</h1>{% endblock content %}");
    events.next_reload();
    site.write("static/extra.css", "p { margin: 0 }");
    events.next();
    let url = format!("http://127.0.0.1:{}/", server.port);
    let out = std::process::Command::new(LORE)
        .args(["build", "--base-url", &url, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(out.status.success());
    let live_script = "<script src=\"/__lore/live.js\"></script>";
    for file in files_under(&site.public()) {
        if file == ".lore-output" {
            continue;
        }
        // Compared as the server's answers are read: lossy text (fonts are binary).
        let built = std::fs::read(site.public().join(&file)).unwrap_or_default();
        let built = String::from_utf8_lossy(&built).into_owned();
        // The exported search index follows the pages from its own thread.
        let get = || {
            let (status, response) = server.get(&format!("/{file}"));
            let served = response
                .split_once("\r\n\r\n")
                .unwrap()
                .1
                .replace(live_script, "");
            (status, served)
        };
        let served = if file.starts_with("search/") {
            wait_for(
                Duration::from_secs(30),
                &format!("the served {file} to equal a fresh build's"),
                || match get() {
                    (200, served) if served == built => Ok(served),
                    (status, _) => Err(format!("status {status} or other content")),
                },
            )
        } else {
            let (status, served) = get();
            assert_eq!(status, 200, "{file}");
            served
        };
        assert!(
            served == built,
            "{file} differs between the dev server and a fresh build"
        );
    }
}

#[test]
fn the_search_api_answers_from_the_live_index() {
    let site = sample();
    let server = Server::start(site.root());
    let mut events = Events::connect(&server);
    let search = |q: &str| -> (u16, serde_json::Value) {
        let (status, response) = server.get(&format!("/api/search?q={q}&limit=5"));
        let body = response.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, serde_json::from_str(body).unwrap_or_default())
    };
    // The index is refreshed right after each build; wait for it, bounded.
    let until = |q: &str, want: &str| {
        wait_for(
            Duration::from_secs(30),
            &format!("`{q}` to find `{want}`"),
            || match search(q) {
                (200, answer)
                    if answer["results"]
                        .as_array()
                        .is_some_and(|r| r.iter().any(|h| h["title"] == want)) =>
                {
                    Ok(answer)
                }
                (status, answer) => Err(format!("{status} {answer}")),
            },
        )
    };
    let answer = until("alpha", "Alpha");
    assert_eq!(answer["query"], "alpha");
    assert_eq!(answer["results"][0]["url"], "a/");
    atomic_save(
        &site,
        "c.md",
        "---\ntitle: Gamma\n---\nNow about quasars.\n",
    );
    events.next_reload();
    until("quasar", "Gamma");
    // Deleting a note takes it out of the index.
    std::fs::remove_file(site.root().join("content/c.md")).unwrap();
    events.next_reload();
    wait_for(
        Duration::from_secs(30),
        "the deleted note to leave the index",
        || match search("quasar") {
            (200, answer) if answer["results"].as_array().is_some_and(|r| r.is_empty()) => Ok(()),
            (status, answer) => Err(format!("{status} {answer}")),
        },
    );
    let (status, error) = search("%22open");
    assert_eq!(status, 400);
    assert!(error["error"]
        .as_str()
        .unwrap()
        .contains("unbalanced quote"));
}

/// A file of the site and its new text (`None`: deleted).
type Edit<'e> = (&'e str, Option<&'e str>);

/// Builds a site the way `lore serve` does: one workspace, told after each
/// edit which files changed, as the watcher tells it.
struct Incremental<'s> {
    site: &'s Site,
    workspace: lore::Workspace,
}

impl<'s> Incremental<'s> {
    fn options() -> lore::BuildOptions {
        lore::BuildOptions {
            search_changes: true,
            body_end: "<script>live</script>".into(),
            keep_bodies: true,
            ..Default::default()
        }
    }

    fn new(site: &'s Site) -> Self {
        let config = lore::load_config(site.root()).unwrap();
        let mut workspace = lore::Workspace::new(config, Self::options());
        workspace.build().unwrap();
        Incremental { site, workspace }
    }

    /// Writes (or with `None` deletes) files, then reports them changed.
    fn edit(&mut self, files: &[Edit<'_>]) {
        let mut paths = std::collections::BTreeSet::new();
        for (rel, text) in files {
            let path = self.site.root().join(rel);
            match text {
                Some(text) => {
                    self.site.write(rel, text);
                }
                None => std::fs::remove_file(&path).unwrap(),
            }
            paths.insert(path);
        }
        self.workspace.files_changed(lore::Changed::Paths(paths));
    }

    /// Builds incrementally and from scratch, and compares every output
    /// file and every diagnostic.
    fn check(&mut self, step: &str) {
        let fresh = lore::build(
            &lore::load_config(self.site.root()).unwrap(),
            &Self::options(),
        );
        let incremental = self.workspace.build();
        let problems = |r: &Result<lore::Built, lore::Error>| -> Vec<String> {
            match r {
                Ok(b) => b.diagnostics.iter().map(|d| d.render()).collect(),
                Err(lore::Error::Build(f)) => f.0.iter().map(|d| d.render()).collect(),
                Err(e) => vec![e.to_string()],
            }
        };
        assert_eq!(
            problems(&incremental),
            problems(&fresh),
            "{step}: diagnostics"
        );
        if let (Ok(inc), Ok(fresh)) = (&incremental, &fresh) {
            let differ: Vec<&String> = inc
                .files
                .keys()
                .chain(fresh.files.keys())
                .filter(|f| inc.files.get(*f) != fresh.files.get(*f))
                .collect();
            assert!(differ.is_empty(), "{step}: {differ:?} differ");
        }
        assert_eq!(incremental.is_ok(), fresh.is_ok(), "{step}");
    }
}

#[test]
fn incremental_builds_equal_fresh_builds_after_every_kind_of_edit() {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntitle: Alpha\ntopics: [greek]\ndate: 2024-01-01\n---\nFirst paragraph about alpha.\n\n## Part one\n\nSee [[b]] and [[c#Intro]].\n",
    )
    .note("b.md", "---\ntitle: Beta\n---\nBeta mentions Gamma in passing.\n\n![[d]]\n")
    .note(
        "c.md",
        "---\ntitle: Gamma\ntopics: [greek/letters]\n---\n## Intro\n\nGamma text. Alpha is nice.\n",
    )
    .note("d.md", "---\ntitle: Delta\n---\nDelta body. ^blk\n")
    .note("e/_index.md", "---\ntitle: Section E\n---\nAbout E, embedding:\n\n![[d]]\n")
    .note(
        "e/f.md",
        "---\ntitle: Foxtrot\ntopics: [greek]\n---\nLinks [[d#^blk]] and [[a#Part one]].\n",
    )
    .note("g.md", "---\ntitle: Golf\n---\nAlone.\n");
    let mut live = Incremental::new(&site);
    let a = "---\ntitle: Alpha\ntopics: [greek]\ndate: 2024-01-01\n---\nFirst paragraph about alpha.\n\n## Part one\n\nSee [[b]] and [[c#Intro]].\n";
    let (a_linked, a_mentions) = (format!("{a}\nAnd [[g]].\n"), format!("{a}\nAnd Golf.\n"));
    let a_opening = a.replace("First paragraph", "Opening paragraph");
    let steps: Vec<(&str, Vec<Edit<'_>>)> = vec![
        ("a body edit", vec![("content/b.md", Some("---\ntitle: Beta\n---\nBeta mentions Gamma in passing.\n\n![[d]]\n\nMore.\n"))]),
        ("an embedded note's body", vec![("content/d.md", Some("---\ntitle: Delta\n---\nDelta body, longer. ^blk\n"))]),
        ("a link added", vec![("content/a.md", Some(&a_linked))]),
        ("a link removed, a mention added", vec![("content/a.md", Some(&a_mentions))]),
        ("the first paragraph", vec![("content/a.md", Some(&a_opening))]),
        ("a heading renamed", vec![("content/c.md", Some("---\ntitle: Gamma\ntopics: [greek/letters]\n---\n## Introduction\n\nGamma text. Alpha is nice.\n"))]),
        ("a block id removed", vec![("content/d.md", Some("---\ntitle: Delta\n---\nDelta body, longer.\n"))]),
        ("a section index's body", vec![("content/e/_index.md", Some("---\ntitle: Section E\n---\nAbout E, no embed.\n"))]),
        ("two notes at once", vec![
            ("content/g.md", Some("---\ntitle: Golf\n---\nAlone, see [[e/f]].\n")),
            ("content/e/f.md", Some("---\ntitle: Foxtrot\ntopics: [greek]\n---\nLinks [[d]] and [[a#Part one]].\n")),
        ]),
        ("a title", vec![("content/g.md", Some("---\ntitle: Golf Course\n---\nAlone, see [[e/f]].\n"))]),
        ("a topic", vec![("content/c.md", Some("---\ntitle: Gamma\ntopics: [greek/letters, latin]\n---\n## Introduction\n\nGamma text.\n"))]),
        ("a temporary file come and gone", vec![("content/b.md.tmp-save", Some("x")), ("content/b.md.tmp-save", None), ("content/b.md", Some("---\ntitle: Beta\n---\nBeta again.\n"))]),
        ("a note added", vec![("content/h.md", Some("---\ntitle: Hotel\n---\nSee [[Alpha]].\n"))]),
        ("a note renamed", vec![("content/h.md", None), ("content/e/i.md", Some("---\ntitle: Hotel\n---\nSee [[Alpha]].\n"))]),
        ("a note deleted", vec![("content/b.md", None)]),
        ("a note made a draft", vec![("content/g.md", Some("---\ntitle: Golf Course\ndraft: true\n---\nAlone.\n"))]),
        ("a draft edited", vec![("content/g.md", Some("---\ntitle: Golf Course\ndraft: true\n---\nAlone still.\n"))]),
        ("a draft published", vec![("content/g.md", Some("---\ntitle: Golf Course\n---\nAlone still.\n"))]),
        ("a bad edit", vec![("content/a.md", Some("---\ntitle: [broken\n---\nBad.\n"))]),
        ("a body edit while broken", vec![("content/c.md", Some("---\ntitle: Gamma\ntopics: [greek/letters, latin]\n---\n## Introduction\n\nGamma text, edited.\n"))]),
        ("the fix", vec![("content/a.md", Some(a))]),
        ("an attachment added", vec![("content/img.png", Some("png"))]),
        ("an attachment changed", vec![("content/img.png", Some("png2"))]),
        ("a static file", vec![("static/extra.css", Some("p { margin: 0 }"))]),
        ("a template", vec![("templates/topic.html", Some("{% extends \"base.html\" %}{% block content %}<h1>Topic {{ topic.name }}</h1>{% endblock content %}"))]),
        ("the note template", vec![("templates/note.html", Some("{% extends \"base.html\" %}{% block content %}<article class=\"mine\">{{ note.content | safe }}</article>{% endblock content %}"))]),
        ("a body edit after the template", vec![("content/d.md", Some("---\ntitle: Delta\n---\nDelta after templates. Gamma.\n"))]),
    ];
    for (step, files) in steps {
        live.edit(&files);
        live.check(step);
        let path = live.workspace.last_path();
        match step {
            // Body edits take the delta path.
            "a body edit" | "an embedded note's body" => {
                assert_eq!(path, lore::BuildPath::Delta, "{step}")
            }
            // Every page again, but no note's Markdown: the bodies were
            // kept from the build before.
            "the note template" => {
                assert_eq!(path, lore::BuildPath::Full, "{step}");
                assert_eq!(live.workspace.bodies_rendered(), 0, "{step}");
            }
            // Only the edited note's body, on the delta path.
            "a body edit after the template" => {
                assert_eq!(path, lore::BuildPath::Delta, "{step}");
                assert_eq!(live.workspace.bodies_rendered(), 1, "{step}")
            }
            _ => {}
        }
    }
    // A batch that lost events: everything is checked again.
    site.note("c.md", "---\ntitle: Gamma\n---\nUnreported edit.\n");
    live.workspace.files_changed(lore::Changed::Unknown);
    live.check("a rescan");
}
