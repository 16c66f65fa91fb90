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
    let b_before = mtime("b/index.html");
    std::thread::sleep(std::time::Duration::from_millis(20)); // mtime granularity, not synchronisation
    site.note("a.md", "A changed");
    let stderr = site.build_with(&["--timings"]);
    assert!(stderr.contains("unchanged"), "{stderr}");
    assert_eq!(mtime("b/index.html"), b_before);
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
