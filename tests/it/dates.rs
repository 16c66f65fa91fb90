//! Notes' dates: frontmatter first, then git (first and last commit, from
//! a repository made here with commits at fixed dates), then the file's
//! modification time; a shallow clone is detected and explained; a bad
//! date is a warning at its line and column.

use crate::support::Site;
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with a fixed identity, committing at `date` when given.
fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut c = Command::new("git");
    c.arg("-C").arg(dir).args([
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "init.defaultBranch=main",
    ]);
    c.args(args);
    if let Some(d) = date {
        c.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = c.output().expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit_all(dir: &Path, date: &str) {
    git(dir, &["add", "-A"], None);
    git(dir, &["commit", "-q", "-m", date], Some(date));
}

/// The `datetime` of the `<time>` after `label` on a page.
fn time_after(html: &str, label: &str) -> Option<String> {
    let at = html.find(&format!("<span>{label} <time datetime=\""))?;
    let rest = &html[at..];
    let start = rest.find("datetime=\"")? + "datetime=\"".len();
    Some(rest[start..start + rest[start..].find('"')?].to_owned())
}

/// A repository with history: `a.md` written in 2020 and edited in 2021,
/// `old.md` renamed to `moved.md` in 2022, `front.md` with frontmatter dates.
fn repository() -> Site {
    let site = Site::new();
    git(site.root(), &["init", "-q"], None);
    site.note("a.md", "First.\n")
        .note("old.md", "To be moved.\n")
        .note(
            "front.md",
            "---\ndate: 2019-06-01\nupdated: 2019-07-01T12:00:00+02:00\n---\nDated.\n",
        );
    commit_all(site.root(), "2020-01-02T03:04:05Z");
    site.note("a.md", "Second.\n");
    commit_all(site.root(), "2021-02-03T04:05:06Z");
    git(
        site.root(),
        &["mv", "content/old.md", "content/moved.md"],
        None,
    );
    commit_all(site.root(), "2022-03-04T05:06:07Z");
    site
}

#[test]
fn dates_come_from_frontmatter_then_git_then_the_file() {
    let site = repository();
    // Uncommitted: a new file, and a committed one changed since.
    site.note("new.md", "Not committed.\n");
    site.build();
    let a = site.read("a/index.html");
    assert_eq!(
        time_after(&a, "Updated").as_deref(),
        Some("2021-02-03T04:05:06Z"),
        "last commit"
    );
    assert_eq!(
        time_after(&a, "Created").as_deref(),
        Some("2020-01-02T03:04:05Z"),
        "first commit"
    );
    let moved = site.read("moved/index.html");
    assert_eq!(
        time_after(&moved, "Created").as_deref(),
        Some("2020-01-02T03:04:05Z"),
        "a renamed file keeps the date it was created under its old name"
    );
    assert_eq!(
        time_after(&moved, "Updated").as_deref(),
        Some("2022-03-04T05:06:07Z")
    );
    let front = site.read("front/index.html");
    assert_eq!(
        time_after(&front, "Updated").as_deref(),
        Some("2019-07-01T12:00:00+02:00"),
        "frontmatter wins"
    );
    assert_eq!(
        time_after(&front, "Created").as_deref(),
        Some("2019-06-01T00:00:00Z")
    );
    assert!(
        front.contains("title=\"1 July 2019, 12:00 UTC+02:00\""),
        "{front}"
    );
    // The new file: its modification time, which is this year's.
    let new = site.read("new/index.html");
    let updated = time_after(&new, "Updated").expect("a date from the file");
    let year = Command::new("date").arg("-u").arg("+%Y").output().unwrap();
    assert!(updated.starts_with(String::from_utf8_lossy(&year.stdout).trim()));
    // The sitemap says the same.
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>/a/</loc><lastmod>2021-02-03T04:05:06Z</lastmod>"),
        "{sitemap}"
    );
    // An edit not yet committed: updated is the file's time, created stays.
    site.note("a.md", "Third, uncommitted.\n");
    site.build();
    let a = site.read("a/index.html");
    assert_eq!(
        time_after(&a, "Created").as_deref(),
        Some("2020-01-02T03:04:05Z")
    );
    assert_ne!(
        time_after(&a, "Updated").as_deref(),
        Some("2021-02-03T04:05:06Z")
    );
}

#[test]
fn git_runs_a_fixed_number_of_times_whatever_the_number_of_notes() {
    let site = repository();
    for i in 0..40 {
        site.note(&format!("n{i}.md"), "Note.\n");
    }
    commit_all(site.root(), "2023-01-01T00:00:00Z");
    // A `git` that logs its calls before running the real one.
    let bin = site.root().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = site.root().join("git-calls.log");
    let real = String::from_utf8(
        Command::new("sh")
            .args(["-c", "command -v git"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let wrapper = bin.join("git");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            log.display(),
            real.trim()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let out = Command::new(crate::support::LORE)
        .args(["build", "--root"])
        .arg(site.root())
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        calls.lines().count(),
        3,
        "rev-parse, log and status only:\n{calls}"
    );
    assert!(site
        .read("n39/index.html")
        .contains("datetime=\"2023-01-01T00:00:00Z\""));
}

#[test]
fn a_shallow_clone_is_detected_and_the_fix_is_told_once() {
    let origin = repository();
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.root().display());
    git(
        clone.path(),
        &["clone", "-q", "--depth", "1", &url, "site"],
        None,
    );
    let out = Command::new(crate::support::LORE)
        .args(["build", "--root"])
        .arg(clone.path().join("site"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr.matches("shallow clone").count(), 1, "{stderr}");
    assert!(stderr.contains("fetch-depth: 0"), "{stderr}");
}

#[test]
fn a_bad_date_is_a_warning_at_its_value_and_the_note_still_has_dates() {
    let site = Site::new();
    site.note(
        "a.md",
        "---\ntitle: A\ndate: the day before yesterday\n---\nText.\n",
    );
    let stderr = site.build();
    assert!(
        stderr.contains(
            "content/a.md:3:7: warning: `date`: `the day before yesterday` is not a date"
        ),
        "{stderr}"
    );
    assert!(time_after(&site.read("a/index.html"), "Updated").is_some());
}

#[test]
fn listings_sort_by_date_not_by_text() {
    let site = Site::new();
    // "Older" is 2024-09-30T20:00Z, before "Newer", though its text sorts after.
    site.note(
        "a.md",
        "---\ntitle: Older\nupdated: 2024-10-01T01:00:00+05:00\n---\n",
    )
    .note(
        "b.md",
        "---\ntitle: Newer\nupdated: 2024-09-30T22:00:00Z\n---\n",
    );
    site.build();
    let home = site.read("index.html");
    let recent = &home[home.find("Recently updated").unwrap()..];
    assert!(
        recent.find(">Newer<").unwrap() < recent.find(">Older<").unwrap(),
        "{home}"
    );
}
