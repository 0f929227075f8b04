//! Translations, the language switcher, `.md` links and language metadata.

use crate::support::*;

/// One entry of the language switcher, as the fixture's templates print it.
#[derive(Debug, PartialEq, Eq)]
struct Switch {
    href: String,
    current: bool,
    translated: bool,
}

/// The switcher's entry for `code` on the output page `rel`.
fn switch(site: &TestSite, rel: &str, code: &str) -> Switch {
    let html = site.html(rel);
    let a = one(&html, &format!(r#"#languages a[hreflang="{code}"]"#));
    let flag = |name: &str| match attr(a, name) {
        "true" => true,
        "false" => false,
        other => panic!("{name}={other:?} on {rel}"),
    };
    Switch {
        href: attr(a, "href").to_string(),
        current: flag("data-current"),
        translated: flag("data-translated"),
    }
}

fn translated(href: &str) -> Switch {
    Switch {
        href: href.to_string(),
        current: false,
        translated: true,
    }
}

fn not_translated(href: &str) -> Switch {
    Switch {
        href: href.to_string(),
        current: false,
        translated: false,
    }
}

#[test]
fn translations_are_paired_by_file_name() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    // apie.md ↔ apie.en.md
    assert_eq!(switch(&site, "/apie/", "en"), translated("/en/apie/"));
    assert_eq!(switch(&site, "/en/apie/", "lt"), translated("/apie/"));
    // veikla/2026-01-10-Žiemos-šventė.md ↔ …Žiemos-šventė.en.md
    assert_eq!(
        switch(&site, "/veikla/ziemos-svente/", "en"),
        translated("/en/activities/ziemos-svente/")
    );
    // Bundles: albumas/index.md ↔ albumas/index.en.md
    assert_eq!(
        switch(&site, "/en/activities/albumas/", "lt"),
        translated("/veikla/albumas/")
    );
    // The current language's entry points at the page itself.
    assert_eq!(
        switch(&site, "/apie/", "lt"),
        Switch {
            href: "/apie/".into(),
            current: true,
            translated: true
        }
    );
}

#[test]
fn translation_key_pairs_files_with_different_names() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    // veikla/vasara.md and veikla/summer-camp.en.md share `translation_key: stovykla`.
    assert_eq!(
        switch(&site, "/veikla/vasara/", "en"),
        translated("/en/activities/summer-camp/")
    );
    assert_eq!(
        switch(&site, "/en/activities/summer-camp/", "lt"),
        translated("/veikla/vasara/")
    );
}

#[test]
fn sections_are_paired_by_folder() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    assert_eq!(
        switch(&site, "/veikla/", "en"),
        translated("/en/activities/")
    );
    assert_eq!(
        switch(&site, "/en/activities/", "lt"),
        translated("/veikla/")
    );
    assert_eq!(switch(&site, "/", "en"), translated("/en/"));
    assert_eq!(switch(&site, "/en/", "lt"), translated("/"));
}

#[test]
fn untranslated_page_links_to_other_language_section() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    // veikla/tik-lietuviskai.md has no English version: English readers go to the
    // English "veikla" section, and the switcher says the page is not translated.
    assert_eq!(
        switch(&site, "/veikla/tik-lietuviskai/", "en"),
        not_translated("/en/activities/")
    );
    // veikla/only-english.en.md has no Lithuanian version.
    assert_eq!(
        switch(&site, "/en/activities/only-english/", "lt"),
        not_translated("/veikla/")
    );
}

#[test]
fn untranslated_page_in_untranslated_subsection_links_to_nearest_section() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    // veikla/2025/ exists only in Lithuanian; veikla/ exists in both.
    assert_eq!(
        switch(&site, "/veikla/2025/ataskaita/", "en"),
        not_translated("/en/activities/")
    );
    assert_eq!(
        switch(&site, "/veikla/2025/", "en"),
        not_translated("/en/activities/")
    );
}

#[test]
fn untranslated_section_falls_back_to_home() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    // archyvas/ exists only in Lithuanian.
    assert_eq!(switch(&site, "/archyvas/", "en"), not_translated("/en/"));
    assert_eq!(
        switch(&site, "/archyvas/senas/", "en"),
        not_translated("/en/")
    );
}

#[test]
fn english_page_in_lithuanian_only_section_links_to_that_section() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    // archyvas/old-news.en.md: the nearest Lithuanian section is archyvas/.
    assert!(site.exists("/en/archyvas/old-news/"));
    assert_eq!(
        switch(&site, "/en/archyvas/old-news/", "lt"),
        not_translated("/archyvas/")
    );
}

#[test]
fn md_links_are_rewritten_to_urls_in_the_same_language() {
    let site = TestSite::fixture("multilingual");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{}", list(&report.warnings));

    let hrefs = |rel: &str| -> Vec<String> {
        let html = site.html(rel);
        select(&html, "#content a")
            .into_iter()
            .map(|a| attr(a, "href").to_string())
            .collect()
    };
    assert_eq!(
        hrefs("/apie/"),
        [
            "/veikla/ziemos-svente/#kada",
            "/veikla/vasara/",
            "/veikla/",
            "/veikla/albumas/",
            "/veikla/2025/ataskaita/",
            "/veikla/tik-lietuviskai/",
        ]
    );
    // The same links from the English page go to the English versions; pages with
    // no English version keep their Lithuanian address.
    assert_eq!(
        hrefs("/en/apie/"),
        [
            "/en/activities/ziemos-svente/#kada",
            "/en/activities/summer-camp/",
            "/en/activities/",
            "/en/activities/albumas/",
            "/veikla/2025/ataskaita/",
            "/veikla/tik-lietuviskai/",
        ]
    );
    // `../` from a page and from a section's _index.md.
    assert_eq!(hrefs("/veikla/tik-lietuviskai/"), ["/apie/"]);
    assert_eq!(hrefs("/veikla/"), ["/apie/"]);
    assert_eq!(hrefs("/en/activities/"), ["/en/apie/"]);
}

#[test]
fn md_link_to_a_missing_file_is_a_warning_with_its_line() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\n---\nPirma eilutė.\n\nŽr. [nėra](../nera.md).\n",
    );
    let report = site.build_ok();
    assert_eq!(report.warnings.len(), 1, "{}", list(&report.warnings));
    let w = &report.warnings[0];
    assert_eq!(w.path, std::path::Path::new("content/archyvas/senas.md"));
    assert_eq!(w.line, Some(6), "{w}");
    assert!(w.message.contains("nera.md"), "{w}");
}

#[test]
fn html_lang_and_hreflang_alternates() {
    let site = TestSite::fixture("themed");
    site.build_ok();

    let alternates = |rel: &str| -> Vec<(String, String)> {
        let html = site.html(rel);
        let mut v: Vec<_> = select(&html, r#"head link[rel="alternate"][hreflang]"#)
            .into_iter()
            .map(|l| (attr(l, "hreflang").to_string(), attr(l, "href").to_string()))
            .collect();
        v.sort();
        v
    };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    let expected = vec![
        pair("en", "https://example.test/en/apie/"),
        pair("lt", "https://example.test/apie/"),
        pair("x-default", "https://example.test/apie/"),
    ];
    for (rel, lang) in [("/apie/", "lt"), ("/en/apie/", "en")] {
        let html = site.html(rel);
        assert_eq!(attr(one(&html, "html"), "lang"), lang, "{rel}");
        assert_eq!(alternates(rel), expected, "{rel}");
        let canonical = one(&html, r#"link[rel="canonical"]"#);
        assert_eq!(
            attr(canonical, "href"),
            format!("https://example.test{rel}"),
            "{rel}"
        );
    }
    // Sections too, with the English folder name.
    assert_eq!(
        alternates("/en/posters/"),
        [
            pair("en", "https://example.test/en/posters/"),
            pair("lt", "https://example.test/plakatai/"),
            pair("x-default", "https://example.test/plakatai/"),
        ]
    );
    // An untranslated page announces no English version.
    assert_eq!(
        alternates("/tik-lietuviskai/"),
        [
            pair("lt", "https://example.test/tik-lietuviskai/"),
            pair("x-default", "https://example.test/tik-lietuviskai/"),
        ]
    );
    // Each language's not-found page is in its language.
    assert_eq!(attr(one(&site.html("/404.html"), "html"), "lang"), "lt");
    assert_eq!(attr(one(&site.html("/en/404.html"), "html"), "lang"), "en");
}

#[test]
fn unknown_language_suffix_is_an_error() {
    let site = TestSite::fixture("multilingual");
    site.write("content/apie.de.md", "---\ntitle: Über uns\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/apie.de.md"));
    assert!(errors[0].message.contains("\"de\""), "{}", errors[0]);
}

#[test]
fn two_files_claiming_one_translation_is_an_error() {
    let site = TestSite::fixture("multilingual");
    // A second English file with veikla/vasara.md's key.
    site.write(
        "content/veikla/camp.en.md",
        "---\ntitle: Camp\ntranslation_key: stovykla\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = &errors[0];
    assert_eq!(d.field.as_deref(), Some("translation_key"), "{d}");
    let (a, b) = (
        "content/veikla/camp.en.md",
        "content/veikla/summer-camp.en.md",
    );
    // One file is the diagnostic's, the other is named in its message.
    assert!(
        (d.path == std::path::Path::new(a) && d.message.contains(b))
            || (d.path == std::path::Path::new(b) && d.message.contains(a)),
        "{d}"
    );
}

#[test]
fn translation_key_pointing_at_nothing_is_an_error() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\ntranslation_key: niekas\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = error_for(&errors, "content/archyvas/senas.md", "translation_key");
    assert!(d.message.contains("niekas"), "{d}");
}

#[test]
fn translation_key_of_a_page_whose_translation_is_a_draft_is_not_an_error() {
    let site = TestSite::fixture("multilingual");
    // The English translation of the camp is not ready yet.
    site.write(
        "content/veikla/summer-camp.en.md",
        "---\ntitle: Summer camp\ntranslation_key: stovykla\ndraft: true\n---\n",
    );
    site.build_ok();
    assert_eq!(
        switch(&site, "/veikla/vasara/", "en"),
        not_translated("/en/activities/")
    );
    assert!(!site.exists("/en/activities/summer-camp/"));
}
