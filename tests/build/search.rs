//! Site search: each language's index is read back with serde_json into the same type
//! the build wrote and queried with `sklaida::search::query`, the rules `search.js`
//! follows (tests/search_browser.rs checks that the script agrees); the search page
//! and the header's search form are parsed with scraper.

use std::collections::BTreeSet;

use sklaida::search::{query, Index};

use crate::support::*;

fn index(site: &TestSite, rel: &str) -> Index {
    let bytes = site.read(rel);
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{rel} is not an index: {e}"))
}

/// The URLs `q` finds, best first.
fn found(index: &Index, q: &str) -> Vec<String> {
    query(index, q)
        .into_iter()
        .map(|d| index.url(&index.docs[d]))
        .collect()
}

#[test]
fn each_language_has_an_index_that_folds_case_diacritics_and_endings() {
    let site = TestSite::fixture("search");
    site.build_ok();
    let lt = index(&site, "paieska/index.json");
    let en = index(&site, "en/search/index.json");
    assert_eq!((lt.lang.as_str(), en.lang.as_str()), ("lt", "en"));

    // "nerimas" finds "nerimą": the title hit first, then the page that has it in its text.
    let nerimas = ["/renginiai/seminaras/", "/straipsniai/zmones/"];
    assert_eq!(found(&lt, "nerimas"), nerimas);
    assert_eq!(found(&lt, "NERIMAS"), nerimas);
    assert_eq!(found(&lt, "Nerimą"), nerimas);
    // "zmones" finds "žmonės"; several words must all match.
    assert_eq!(found(&lt, "zmones"), ["/straipsniai/zmones/"]);
    assert_eq!(found(&lt, "zmones stresas"), ["/straipsniai/zmones/"]);
    assert!(found(&lt, "zmones seminaras").is_empty());
    // The last word matches the beginning of a word while it is typed.
    assert_eq!(found(&lt, "konsultac"), ["/apie/"]);
    // Tags, an event's place and an article's author are searchable.
    assert_eq!(found(&lt, "psichikos"), ["/renginiai/seminaras/"]);
    assert_eq!(found(&lt, "kulturos centras"), ["/renginiai/seminaras/"]);
    assert_eq!(found(&lt, "stankeviciene"), ["/straipsniai/zmones/"]);
    // Code blocks are not text.
    assert!(found(&lt, "kodoblokas").is_empty());

    // The languages are separate.
    assert_eq!(found(&en, "anxiety"), ["/en/events/seminar/"]);
    assert!(found(&lt, "anxiety").is_empty());
    assert!(found(&en, "nerimas").is_empty());
    assert_eq!(found(&en, "CONSULTATIONS"), ["/en/apie/"]);

    // A document shows its section, date and summary.
    let seminar = lt
        .docs
        .iter()
        .find(|d| lt.url(d) == "/renginiai/seminaras/")
        .expect("seminar");
    assert_eq!(seminar.title(), "Seminaras apie nerimą");
    assert_eq!(seminar.3, "2026-05-01");
    assert_eq!(lt.sections[seminar.0].0, "Renginiai");
    let article = lt
        .docs
        .iter()
        .find(|d| lt.url(d) == "/straipsniai/zmones/")
        .expect("article");
    assert_eq!(article.summary(), "Gyventojai pasakoja, kas padeda.");
}

#[test]
fn drafts_unconsented_stories_noindex_pages_and_aliases_never_reach_the_index() {
    let site = TestSite::fixture("search");
    site.build_ok();
    let lt = index(&site, "paieska/index.json");
    for word in [
        "juodrastinis", // a draft
        "ateitininkai", // dated in the future
        "neskelbtina",  // a story without consent
        "neindeksuojamas",
        "vidine", // extra.search: false
    ] {
        assert!(
            found(&lt, word).is_empty(),
            "{word}: {:?}",
            found(&lt, word)
        );
    }
    // Every document is a page of the output: no alias, 404 or list page.
    let urls: BTreeSet<String> = lt.docs.iter().map(|d| lt.url(d)).collect();
    assert_eq!(
        urls,
        ["/apie/", "/renginiai/seminaras/", "/straipsniai/zmones/"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    // A `--drafts` preview shows drafts and future pages, but search still leaves them out.
    site.build_drafts_ok();
    let lt = index(&site, "paieska/index.json");
    assert!(found(&lt, "juodrastinis").is_empty());
    assert!(found(&lt, "ateitininkai").is_empty());
    assert!(site.exists("juodrastis/"));

    // A noindex page asks search engines to skip it and is not in the sitemap.
    let html = site.html("paslaptis/");
    assert_eq!(
        attr(one(&html, r#"meta[name="robots"]"#), "content"),
        "noindex"
    );
    let sitemap = String::from_utf8(site.read("sitemap.xml")).expect("utf-8");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.test/vidinis/"), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("paslaptis")), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("paieska")), "{locs:?}");
    assert!(select(&site.html("vidinis/"), r#"meta[name="robots"]"#).is_empty());
}

#[test]
fn the_search_page_works_without_javascript_and_loads_only_a_local_script() {
    let site = TestSite::fixture("search");
    site.build_ok();
    for (rel, lang, index_url) in [
        ("paieska/", "lt", "/paieska/index.json"),
        ("en/search/", "en", "/en/search/index.json"),
    ] {
        let html = site.html(rel);
        assert_eq!(attr(one(&html, "html"), "lang"), lang);
        assert_eq!(
            attr(one(&html, r#"meta[name="robots"]"#), "content"),
            "noindex",
            "{rel}"
        );
        // A real form: it reloads this page with ?q= when scripts do not run.
        let form = one(&html, "main form[role=search]");
        assert_eq!(attr(form, "action"), format!("/{rel}"));
        assert_eq!(attr(form, "method"), "get");
        let input = one(&html, "main form input[type=search]");
        assert_eq!(attr(input, "name"), "q");
        let label = one(&html, "main form label");
        assert_eq!(attr(label, "for"), attr(input, "id"));
        assert!(!text(label).is_empty());
        one(&html, "main form button[type=submit]");
        // The results are announced in a live region.
        one(&html, "#search-status[role=status]");
        let app = one(&html, "#search-app");
        assert_eq!(attr(app, "data-index"), index_url);
        assert!(site.exists(index_url));
        // The one script is the theme's own file.
        let scripts = select(&html, "script[src]");
        assert_eq!(scripts.len(), 1, "{rel}");
        let src = attr(scripts[0], "src");
        assert!(src.starts_with('/') && !src.starts_with("//"), "{src}");
        assert!(site.exists(src), "{src}");
        // Without JavaScript: a note and the sections to browse instead.
        assert!(!text(one(&html, "#search-needs-js")).is_empty());
        let links: Vec<&str> = select(&html, ".search-browse a")
            .into_iter()
            .map(|a| attr(a, "href"))
            .collect();
        assert!(links.contains(&"/sitemap.xml"), "{links:?}");
        assert!(links.len() >= 2, "{links:?}");
        // No second search form in the header of the search page itself.
        assert!(select(&html, "header form").is_empty());
    }
    let lt = site.html("paieska/");
    assert_eq!(
        attr(one(&lt, "#search-app"), "data-count-few"),
        "Rasti {count} puslapiai"
    );
    // The language switcher leads to the other language's search page.
    let english = one(&lt, r#".lang-switch a[hreflang="en"]"#);
    assert_eq!(attr(english, "href"), "/en/search/");
}

#[test]
fn every_page_header_has_a_labelled_search_form() {
    let site = TestSite::fixture("search");
    site.build_ok();
    for (rel, action) in [
        ("", "/paieska/"),
        ("apie/", "/paieska/"),
        ("renginiai/seminaras/", "/paieska/"),
        ("en/", "/en/search/"),
        ("en/events/seminar/", "/en/search/"),
        ("404.html", "/paieska/"),
    ] {
        let html = site.html(rel);
        let form = one(&html, "header form[role=search]");
        assert_eq!(attr(form, "action"), action, "{rel}");
        let input = one(&html, "header form input[type=search]");
        assert_eq!(attr(input, "name"), "q");
        let label = one(&html, "header form label");
        assert_eq!(attr(label, "for"), attr(input, "id"), "{rel}");
        assert!(!text(label).is_empty(), "{rel}");
        // (The share block's copy button is the event page's only script.)
        assert!(
            select(&html, r#"script[src]:not([src="/share.js"])"#).is_empty(),
            "{rel}: no script"
        );
    }
}

#[test]
fn the_build_reports_the_index_size() {
    let site = TestSite::fixture("search");
    let report = site.build_ok();
    let langs: Vec<&str> = report
        .search_index
        .iter()
        .map(|(l, _, _)| l.as_str())
        .collect();
    assert_eq!(langs, ["lt", "en"]);
    for (lang, raw, gzip) in &report.search_index {
        let rel = if lang == "lt" {
            "paieska/index.json"
        } else {
            "en/search/index.json"
        };
        assert_eq!(*raw, site.read(rel).len() as u64, "{lang}");
        assert!(gzip < raw && *gzip > 0, "{lang}: {gzip} of {raw}");
    }
    assert!(
        report.summary().contains("search index"),
        "{}",
        report.summary()
    );
}

#[test]
fn search_can_be_turned_off() {
    let site = TestSite::fixture("search");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    site.write("site.toml", &format!("search = false\n{toml}"));
    let report = site.build_ok();
    assert!(report.search_index.is_empty());
    assert!(!site.exists("paieska/"));
    assert!(!site.exists("paieska/index.json"));
    assert!(select(&site.html(""), "form").is_empty());
    assert!(!report.summary().contains("search"));
}

#[test]
fn a_page_on_the_search_pages_address_is_an_error() {
    let site = TestSite::fixture("search");
    site.write("content/paieska.md", "---\ntitle: Paieška\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/paieska.md"));
    assert!(errors[0].message.contains("search_path"), "{}", errors[0]);
    // A site can move its search page with the `search_path` interface string.
    site.write("i18n/lt.yaml", "search_path: ieskoti\n");
    site.build_ok();
    assert!(site.exists("ieskoti/index.json"));
    assert_eq!(
        attr(one(&site.html(""), "header form"), "action"),
        "/ieskoti/"
    );
}
