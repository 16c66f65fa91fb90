//! The output folder: staged and swapped in whole, never a user's files.

use crate::support::{files_under, Site};

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = Site::new();
    site.note("a.md", "# A\n\nFirst version.\n")
        .note("b.md", "B");
    site.build();
    let before: Vec<(String, Vec<u8>)> = files_under(&site.public())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.public().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    // A broken template is a site-level error: nothing is written.
    site.note("a.md", "Second version.\n")
        .write("templates/note.html", "{{ note.title }");
    site.build_fails();
    // With --strict, a note-level warning fails the build the same way.
    site.write("templates/note.html", "{% extends \"base.html\" %}")
        .note("a.md", "---\ntitle: [broken\n---\nThird version.\n");
    let out = site.lore(&["build", "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let after: Vec<(String, Vec<u8>)> = files_under(&site.public())
        .into_iter()
        .map(|f| {
            let b = std::fs::read(site.public().join(&f)).unwrap();
            (f, b)
        })
        .collect();
    assert_eq!(before, after);
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let site = Site::new();
    site.note("a.md", "A").note("b.md", "B");
    site.build();
    let mtime = |f: &str| {
        std::fs::metadata(site.public().join(f))
            .unwrap()
            .modified()
            .unwrap()
    };
    // An old date on b's page: a rewrite, however soon, would change it.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(site.public().join("b/index.html"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    site.note("a.md", "A changed");
    let stderr = site.build_with(&["--timings"]);
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(mtime("b/index.html"), old);
    assert!(site.read("a/index.html").contains("A changed"));
}

#[test]
fn output_folders_that_would_clobber_the_site_are_refused() {
    let site = Site::new();
    site.note("a.md", "A");
    for (out, why) in [
        (".", "it is the site root"),
        ("content", "it contains the notes"),
        ("content/x", "it is inside the site's content/ folder"),
        ("templates", "it is inside the site's templates/ folder"),
        ("static", "it is inside the site's static/ folder"),
        ("..", "it contains the site"),
    ] {
        let target = site.root().join(out);
        let res = site.lore(&["build", "--output", target.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&res.stderr);
        assert_eq!(res.status.code(), Some(1), "{out}: {err}");
        assert!(err.contains(why), "{out}: {err}");
    }
    assert!(site.root().join("content/a.md").exists());
}

#[test]
fn a_non_empty_folder_lore_did_not_create_is_refused_and_left_alone() {
    let site = Site::new();
    site.note("a.md", "A");
    site.write("mine/precious.txt", "keep me");
    let res = site.lore(&[
        "build",
        "--output",
        site.root().join("mine").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&res.stderr);
    assert_eq!(res.status.code(), Some(1));
    assert!(
        err.contains("it is not empty and Lore did not create it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/precious.txt")).unwrap(),
        "keep me"
    );
    // An empty folder is fine, and becomes Lore's.
    std::fs::create_dir(site.root().join("empty")).unwrap();
    let res = site.lore(&[
        "build",
        "--output",
        site.root().join("empty").to_str().unwrap(),
    ]);
    assert!(res.status.success());
    assert!(site.root().join("empty/.lore-output").exists());
}

#[test]
fn output_dir_from_site_toml_is_used() {
    let site = Site::with_config("title = \"T\"\noutput_dir = \"dist\"\n");
    site.note("a.md", "A");
    site.build();
    assert!(site.root().join("dist/a/index.html").exists());
}

/// Every file of the output with its bytes.
fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

/// What is beside `public/`: no staging or old folders may be left.
fn leftovers(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("lore-staging") || n.contains("lore-old"))
        .collect()
}

/// Two builds of one site at once used to both fail and leave a staging
/// folder that blocked every later build.
#[test]
fn concurrent_builds_of_one_site_all_succeed() {
    let site = Site::new();
    for i in 0..300 {
        site.note(
            &format!("n{i}.md"),
            &format!("# Note {i}\n\nSee [[n{}]].\n", (i + 1) % 300),
        );
    }
    for _round in 0..3 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(crate::support::LORE)
                    .args(["build", "--root"])
                    .arg(site.root())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for b in builds {
            let out = b.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{stderr}");
        }
        assert!(site.public().join(".lore-output").is_file());
        assert!(site.public().join("n7/index.html").is_file());
        assert_eq!(leftovers(&site), Vec::<String>::new());
    }
}

/// Runs `lore <args>` while `lock` (a lock file of the site) is held by
/// this process: it must say it waits, then finish once the lock is gone.
fn runs_after_lock(site: &Site, lock: &str, args: &[&str], says: &str, meanwhile: impl FnOnce()) {
    use std::io::BufRead;
    let lock = std::fs::File::open(site.root().join(lock)).unwrap();
    lock.lock().unwrap();
    let mut child = std::process::Command::new(crate::support::LORE)
        .args(args)
        .arg("--root")
        .arg(site.root())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert_eq!(line, format!("note: {says}\n"));
    assert!(child.try_wait().unwrap().is_none(), "it waits");
    meanwhile();
    lock.unlock().unwrap();
    assert!(child.wait().unwrap().success());
}

/// While another process holds the output's lock, `lore build` says it
/// waits, and goes on once the lock is released.
#[test]
fn a_second_build_waits_for_the_lock_and_says_so() {
    let site = Site::new();
    site.note("a.md", "# A\n");
    site.build();
    runs_after_lock(
        &site,
        ".public.lore-lock",
        &["build"],
        "another Lore build writing to public is running; waiting for it to finish",
        || {
            site.note("a.md", "# A\n\nSecond version.\n");
        },
    );
    assert!(site.read("a/index.html").contains("Second version."));
}

/// `lore search` rebuilds the index in `.lore/` too: it waits for a build.
#[test]
fn search_waits_for_a_build_of_the_site() {
    let site = Site::new();
    site.note("a.md", "# A\n\nNebula.\n");
    site.build();
    runs_after_lock(
        &site,
        ".lore/build.lock",
        &["search", "nebula"],
        "another Lore build of this site is running; waiting for it to finish",
        || {},
    );
}

/// A build killed between moving the old output aside and moving the new
/// one in (where renames are two steps) left no `public/`; a build killed
/// while writing left its staging folder. The next build repairs both,
/// even when it fails itself.
#[test]
fn what_a_killed_build_left_is_recovered_by_the_next_one() {
    let site = Site::new();
    site.note("a.md", "# A\n\nFirst version.\n");
    site.build();
    let before = snapshot(&site.public());
    std::fs::rename(site.public(), site.root().join(".public.lore-old")).unwrap();
    let staging = site.root().join(".public.lore-staging");
    std::fs::create_dir_all(staging.join("a")).unwrap();
    std::fs::write(staging.join("a/index.html"), "half written").unwrap();
    // A build that fails (a bad template) still puts the old output back.
    site.write("templates/note.html", "{{ nope(");
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "note: restored the previous output, which an interrupted build had moved aside"
        ),
        "{stderr}"
    );
    assert_eq!(snapshot(&site.public()), before);
    // The next good build clears the staging folder.
    std::fs::remove_file(site.root().join("templates/note.html")).unwrap();
    site.build();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert!(site.read("a/index.html").contains("First version."));
}
