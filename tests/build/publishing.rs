//! What is published: drafts, future dates and stories without consent.

use std::path::Path;

use crate::support::*;

/// Every output file whose path or text contains `needle` (HTML compared as text,
/// other files as bytes), for "appears nowhere" checks.
fn files_mentioning(site: &TestSite, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (rel, bytes) in site.snapshot() {
        let in_text = if rel.ends_with(".html") {
            let html = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
            // Text and every attribute value (alt, title, content, href …).
            let attrs = select(&html, "*")
                .into_iter()
                .flat_map(|e| e.value().attrs().map(|(_, v)| v.to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            document_text(&html).contains(needle) || attrs.contains(needle)
        } else {
            String::from_utf8_lossy(&bytes).contains(needle)
        };
        if in_text || rel.contains(needle) {
            found.push(rel);
        }
    }
    found
}

fn list_titles(site: &TestSite, rel: &str) -> Vec<String> {
    let html = site.html(rel);
    select(&html, "main .card-title a")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn drafts_and_future_pages_are_left_out_unless_drafts() {
    let site = TestSite::fixture("publishing");
    site.build_ok();

    // Now is 2026-11-23 12:00.
    assert_eq!(
        list_titles(&site, "/straipsniai/"),
        ["Rytinis straipsnis", "Paskelbtas straipsnis"]
    );
    for (slug, title) in [
        ("juodrastis", "Juodraštinis straipsnis"), // draft: true
        ("ateitis", "Ateities straipsnis"),        // date: 2026-12-01
        ("popiete", "Popietinis straipsnis"),      // date: 2026-11-23T13:00
    ] {
        assert!(!site.out.join("straipsniai").join(slug).exists(), "{slug}");
        assert_eq!(
            files_mentioning(&site, title),
            Vec::<String>::new(),
            "{title}"
        );
    }
    // An event's `start` in the future is what events are for: it is published.
    assert!(site.exists("/renginiai/zygis/"));
    assert!(!files_mentioning(&site, "Būsimas žygis").is_empty());

    site.build_drafts_ok();
    assert_eq!(
        list_titles(&site, "/straipsniai/"),
        [
            "Ateities straipsnis",
            "Popietinis straipsnis",
            "Rytinis straipsnis",
            "Juodraštinis straipsnis",
            "Paskelbtas straipsnis",
        ]
    );
    for slug in ["juodrastis", "ateitis", "popiete"] {
        assert!(site.exists(&format!("/straipsniai/{slug}/")), "{slug}");
    }
}

#[test]
fn story_without_consent_appears_nowhere() {
    let site = TestSite::fixture("stories");
    let report = site.build_ok();

    // Both language versions lack consent (the Lithuanian one has no `consent:` at all).
    let warned: Vec<&Path> = report
        .warnings
        .iter()
        .filter(|w| w.field.as_deref() == Some("consent"))
        .map(|w| w.path.as_path())
        .collect();
    assert_eq!(
        warned,
        [
            Path::new("content/istorijos/2026-10-05-slapta/index.en.md"),
            Path::new("content/istorijos/2026-10-05-slapta/index.md"),
        ],
        "{}",
        list(&report.warnings)
    );
    assert_eq!(report.pages, [("lt".into(), 1), ("en".into(), 0)]);

    let check = |site: &TestSite| {
        for needle in [
            "slapta",
            "Neskelbtina",
            "Neskelbtinas tekstas",
            "Unpublishable",
            "Paslaptytė",
            "ona.svg",
        ] {
            assert_eq!(
                files_mentioning(site, needle),
                Vec::<String>::new(),
                "{needle:?} is in the output"
            );
        }
        // The story with consent is listed.
        assert_eq!(list_titles(site, "/istorijos/"), ["Drąsos istorija"]);
        assert!(site.exists("/istorijos/drasa/"));
    };
    check(&site);
    // Not even a preview build with drafts publishes it.
    site.build_drafts_ok();
    check(&site);
}
