//! The output folder: replaced atomically, untouched on failure, incremental.

use std::fs;
use std::time::{Duration, SystemTime};

use crate::support::*;

/// Names in the temporary folder other than the site, its output, the lock file and
/// the build stamp.
fn leftovers(site: &TestSite) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.tmp())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n != "site"
                && n != "public"
                && !n.ends_with("sklaida-lock")
                && !n.ends_with("sklaida-stamp")
        })
        .collect();
    names.sort();
    names
}

fn mtime(site: &TestSite, rel: &str) -> SystemTime {
    fs::metadata(site.out_path(rel))
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    let before = site.snapshot();
    assert!(before.contains_key("apie/index.html"));

    // An error found while loading: nothing is written.
    site.write("content/apie.md", "---\ntitle: Apie\nstrat: x\n---\n");
    site.remove("content/archyvas/senas.md");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(site.snapshot(), before);
    assert_eq!(leftovers(&site), Vec::<String>::new());

    // An error found while rendering, after some pages were written to the staging
    // folder: the staging folder is thrown away.
    site.write("content/apie.md", "---\ntitle: Apie mus\n---\n");
    site.write(
        "templates/page.html",
        "<!doctype html><html><body>{{ t(key=\"no_such_string\") }}</body></html>",
    );
    let errors = site.build_errors();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .any(|d| d.path == std::path::Path::new("templates/page.html")),
        "{}",
        list(&errors)
    );
    assert_eq!(site.snapshot(), before);
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn rebuild_keeps_unchanged_files_mtime() {
    let site = TestSite::fixture("multilingual");
    let first = site.build_ok();
    assert_eq!(first.files.unchanged, 0);
    let total = first.files.written;

    let kept = [
        "/apie/",
        "/en/apie/",
        "/veikla/albumas/nuotrauka.svg",
        "/veikla/taisykles.txt",
    ];
    let before: Vec<SystemTime> = kept.iter().map(|r| mtime(&site, r)).collect();
    let changed_before = mtime(&site, "/archyvas/senas/");
    std::thread::sleep(Duration::from_millis(50));

    // The same site again: the stamp says nothing changed; nothing is rendered or written.
    let second = site.build_ok();
    assert!(second.up_to_date, "{}", second.summary());
    assert_eq!((second.files.written, second.files.unchanged), (0, total));

    // Forced: everything is rendered again and compared; still nothing is written.
    let forced = sklaida::build(&sklaida::BuildOptions {
        force: true,
        ..site.options()
    })
    .expect("builds");
    assert!(!forced.up_to_date);
    assert_eq!((forced.files.written, forced.files.unchanged), (0, total));

    // One page's text changes: only that page (and nothing it is not listed on) and the
    // search index of its language are written.
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\n---\nNaujas tekstas.\n",
    );
    let third = site.build_ok();
    assert_eq!(third.files.written, 2, "{}", third.summary());
    assert_eq!(third.files.unchanged, total - 2);
    assert!(mtime(&site, "/paieska/index.json") > changed_before);

    let after: Vec<SystemTime> = kept.iter().map(|r| mtime(&site, r)).collect();
    assert_eq!(before, after);
    assert!(mtime(&site, "/archyvas/senas/") > changed_before);
    let html = site.html("/archyvas/senas/");
    assert_eq!(text(one(&html, "#content")), "Naujas tekstas.");
}

#[test]
fn removed_page_disappears_after_successful_build() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    assert!(site.exists("/archyvas/senas/"));
    assert!(site.exists("/veikla/albumas/nuotrauka.svg"));

    site.remove("content/archyvas/senas.md");
    site.remove("content/veikla/albumas/nuotrauka.svg");
    site.build_ok();
    assert!(!site.out.join("archyvas/senas").exists());
    assert!(!site.exists("/veikla/albumas/nuotrauka.svg"));
    let html = site.html("/archyvas/");
    assert!(select(&html, "#pages a").is_empty());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn check_reports_problems_and_writes_nothing() {
    let site = TestSite::fixture("stories");
    // The fixture has no privacy, accessibility or contact page for the theme's links
    // to lead to: `check` reports those (under the built-in theme's strings).
    let content_problems = |ds: Vec<sklaida::Diagnostic>| -> Vec<sklaida::Diagnostic> {
        ds.into_iter()
            .filter(|d| d.path.starts_with("content"))
            .collect()
    };
    let found = sklaida::check(&site.options()).unwrap_or_else(|e| e.0);
    let consent: Vec<_> = content_problems(found)
        .into_iter()
        .filter(|d| d.field.as_deref() == Some("consent"))
        .collect();
    assert_eq!(consent.len(), 2, "{}", list(&consent));
    assert!(!site.out.exists());

    site.write("content/apie.md", "---\ntitle: Apie\nstrat: x\n---\n");
    let errors = sklaida::check(&site.options()).expect_err("an unknown field");
    let errors: Vec<_> = content_problems(errors.0)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert_single_error(&errors, "content/apie.md", "strat", 3);
    assert!(!site.out.exists());
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn output_inside_content_is_refused() {
    let site = TestSite::fixture("multilingual");
    let options = sklaida::BuildOptions {
        output: Some(site.root.join("content/public")),
        ..site.options()
    };
    let errors = sklaida::build(&options).expect_err("refused");
    assert_eq!(errors.0.len(), 1, "{}", list(&errors.0));
    // Nothing was replaced or created inside content/.
    assert!(!site.root.join("content/public").exists());
    assert!(site.root.join("content/apie.md").is_file());
}

#[test]
fn an_unchanged_site_is_built_again_when_time_changes_what_it_shows() {
    // The seminar starts at 2026-12-10 18:00: built the minute before, the output is
    // right until then and not after.
    let site = TestSite::fixture("events");
    let at = |d: i8, h: i8, m: i8| jiff::civil::date(2026, 12, d).at(h, m, 0, 0);
    let build_at = |now| {
        sklaida::build(&sklaida::BuildOptions {
            now: Some(now),
            ..site.options()
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    assert!(!build_at(at(10, 17, 58)).up_to_date);
    assert!(build_at(at(10, 17, 59)).up_to_date);
    let later = build_at(at(10, 18, 0));
    assert!(!later.up_to_date, "{}", later.summary());
    // It ends at 19:30.
    assert!(build_at(at(10, 19, 29)).up_to_date);
    assert!(!build_at(at(10, 19, 30)).up_to_date);
    // A build made on one day is not trusted the next, whatever the site holds.
    assert!(build_at(at(10, 23, 59)).up_to_date);
    assert!(!build_at(at(11, 0, 0)).up_to_date);
}
