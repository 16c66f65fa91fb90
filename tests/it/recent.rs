//! "Recently changed": `recent/` lists the latest 50 notes by updated date,
//! grouped by day, with title, topics and description; the home page shows
//! the latest 5 and links it, as does the sidebar of every page.

use crate::support::Site;

#[test]
fn the_recent_page_groups_the_latest_notes_by_day() {
    let site = Site::new();
    for i in 0..60 {
        // Two notes a day, on 30 days; the time orders the two.
        let (day, hour) = (1 + i / 2, 8 + i % 2);
        site.note(
            &format!("n{i:02}.md"),
            &format!(
                "---\ntitle: Note {i:02}\ndescription: About {i}\ntopics: [t{}]\ndate: 2024-01-01\nupdated: 2024-05-{day:02}T{hour:02}:00:00Z\n---\nBody.\n",
                i % 3
            ),
        );
    }
    site.note(
        "sec/_index.md",
        "---\ntitle: A section\nupdated: 2030-01-01\n---\n",
    );
    site.build();
    let whole = site.read("recent/index.html");
    assert!(whole.contains("<title>Recently changed · Test notes</title>"));
    assert!(whole.contains("<a href=\"../recent/\" aria-current=\"page\">Recently changed</a>"));
    let page = &whole[whole.find("<article class=\"recent-page\">").unwrap()..];
    assert_eq!(
        page.matches("class=\"card-title\"").count(),
        50,
        "the latest 50"
    );
    assert!(
        !page.contains("class=\"card-title\" href=\"../sec/\""),
        "section pages are not notes"
    );
    // Newest first: n59 (30 May, 09:00) then n58 (30 May, 08:00), under one day.
    let (n59, n58, n57) = (
        page.find(">Note 59<").unwrap(),
        page.find(">Note 58<").unwrap(),
        page.find(">Note 57<").unwrap(),
    );
    assert!(n59 < n58 && n58 < n57);
    let may30 = page
        .find("<time datetime=\"2024-05-30\">30 May 2024</time>")
        .unwrap();
    let may29 = page
        .find("<time datetime=\"2024-05-29\">29 May 2024</time>")
        .unwrap();
    assert!(may30 < n59 && n58 < may29 && may29 < n57);
    assert_eq!(
        page.matches("<h2 id=\"day-").count(),
        25,
        "50 notes on 25 days"
    );
    assert!(!page.contains(">Note 09<"), "older notes are left out");
    let item = &page[n59..page[n59..].find("</li>").unwrap() + n59];
    assert!(item.contains("About 59") && item.contains("#t2"), "{item}");
    // The home page: the latest 5, and a link to the rest.
    let home = site.read("index.html");
    let recent = &home[home.find("Recently updated").unwrap()..];
    assert_eq!(recent.matches("<li>").count(), 5);
    assert!(recent.contains("href=\"./recent/\""));
    // The sidebar of every page.
    let note = site.read("n00/index.html");
    assert!(note.contains("<p class=\"sidebar-links\"><a href=\"../recent/\">Recently changed</a>"));
}
