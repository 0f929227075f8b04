//! Where pages, sections and files end up in the output.

use std::fs;

use crate::support::*;

#[test]
fn default_language_at_root_and_others_under_code() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    for (rel, lang, title) in [
        ("/", "lt", "Pradžia"),
        ("/apie/", "lt", "Apie mus"),
        ("/en/", "en", "Home"),
        ("/en/apie/", "en", "About us"),
    ] {
        let html = site.html(rel);
        assert_eq!(attr(one(&html, "html"), "lang"), lang, "{rel}");
        assert_eq!(text(one(&html, "h1")), title, "{rel}");
    }
    // The default language has no folder of its own.
    assert!(!site.out.join("lt").exists());
}

#[test]
fn report_counts_pages_per_language() {
    let site = TestSite::fixture("multilingual");
    let report = site.build_ok();
    assert_eq!(
        report.pages,
        [("lt".to_string(), 8), ("en".to_string(), 6)],
        "{}",
        report.summary()
    );
    // Homes (lt, en), veikla (lt, en), veikla/2025 (lt), archyvas (lt).
    assert_eq!(report.sections, 6);
    assert!(report.warnings.is_empty(), "{}", list(&report.warnings));
}

#[test]
fn section_slug_renames_folder_per_language() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    assert_eq!(text(one(&site.html("/veikla/"), "h1")), "Veikla");
    assert_eq!(text(one(&site.html("/en/activities/"), "h1")), "Activities");
    assert!(site.exists("/en/activities/ziemos-svente/"));
    assert!(site.exists("/en/activities/albumas/"));
    assert!(!site.out.join("en/veikla").exists());
    // A sub-folder keeps its name under the renamed folder.
    assert!(site.exists("/veikla/2025/ataskaita/"));
}

#[test]
fn slug_strips_date_and_transliterates() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    // 2026-01-10-Žiemos-šventė.md
    assert_eq!(
        text(one(&site.html("/veikla/ziemos-svente/"), "h1")),
        "Žiemos šventė"
    );
    // 2026-01-10-Žiemos-šventė.en.md takes the same slug under the English folder.
    assert_eq!(
        text(one(&site.html("/en/activities/ziemos-svente/"), "h1")),
        "Winter fair"
    );
    // 2026-02-01-kaukes.md with `slug: uzgavenes`.
    assert_eq!(
        text(one(&site.html("/veikla/uzgavenes/"), "h1")),
        "Užgavėnių kaukės"
    );
    assert!(!site.out.join("veikla/kaukes").exists());
    assert!(!site.out.join("veikla/2026-02-01-kaukes").exists());
}

#[test]
fn slug_that_is_not_url_safe_is_an_error() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/veikla/kita.md",
        "---\ntitle: Kita\nslug: Kita Vieta\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/veikla/kita.md", "slug", 3);
    assert!(
        errors[0].message.contains("kita-vieta"),
        "should suggest the safe slug: {}",
        errors[0]
    );
}

#[test]
fn bundle_files_are_copied_beside_each_language() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    let source = fs::read(site.root.join("content/veikla/albumas/nuotrauka.svg")).expect("fixture");
    for page in ["/veikla/albumas/", "/en/activities/albumas/"] {
        assert_eq!(site.read(&format!("{page}nuotrauka.svg")), source, "{page}");
        assert_eq!(
            site.read(&format!("{page}priedai/planas.txt")),
            b"planas\n",
            "{page}"
        );
        // The Markdown image's relative address works from the page.
        let html = site.html(page);
        let img = one(&html, "#content img");
        assert_eq!(attr(img, "src"), "nuotrauka.svg");
    }
}

#[test]
fn loose_files_are_copied_into_the_default_language_folder() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();
    assert_eq!(site.read("/veikla/taisykles.txt"), "taisyklės\n".as_bytes());
    assert!(!site.out.join("en/activities/taisykles.txt").exists());
}

#[test]
fn aliases_make_redirect_pages() {
    let site = TestSite::fixture("multilingual");
    site.build_ok();

    // apie.md has `aliases: [/apie-mus/]`.
    let html = site.html("/apie-mus/");
    let refresh = one(&html, r#"meta[http-equiv="refresh"]"#);
    assert_eq!(
        attr(refresh, "content"),
        "0; url=https://example.test/apie/"
    );
    let canonical = one(&html, r#"link[rel="canonical"]"#);
    assert_eq!(attr(canonical, "href"), "https://example.test/apie/");
    let link = one(&html, "body a");
    assert_eq!(attr(link, "href"), "https://example.test/apie/");
}

/// Aliases are addresses, normalised as page addresses are: without slashes, with
/// `index.html`, or a `.html` file, each is one redirect file at the file that address
/// serves, and every one leads to the page.
#[test]
fn aliases_are_normalised_to_the_files_of_their_addresses() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\naliases: [senas/adresas, /archyvas/2019/index.html, /naujiena.html, ' /tarpai/ ']\n---\nTekstas.\n",
    );
    site.build_ok();
    let target = "https://example.test/archyvas/senas/";
    for rel in [
        "/senas/adresas/",
        "/archyvas/2019/",
        "/naujiena.html",
        "/tarpai/",
    ] {
        let html = site.html(rel);
        let refresh = one(&html, r#"meta[http-equiv="refresh"]"#);
        assert_eq!(
            attr(refresh, "content"),
            format!("0; url={target}"),
            "{rel}"
        );
    }
    assert!(!site.exists("/archyvas/2019/index.html/index.html"));
    assert!(!site.exists("/naujiena.html/index.html"));
}

#[test]
fn alias_on_a_page_url_is_an_error() {
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\naliases: [/apie/]\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = error_for(&errors, "content/archyvas/senas.md", "aliases");
    assert!(d.message.contains("/apie/"), "{d}");
}

#[test]
fn two_aliases_on_one_url_is_an_error() {
    let site = TestSite::fixture("multilingual");
    // apie.md already has `aliases: [/apie-mus/]`.
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\naliases: [/apie-mus/]\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].field.as_deref(), Some("aliases"), "{}", errors[0]);
}

#[test]
fn two_pages_on_one_url_is_an_error() {
    let site = TestSite::fixture("multilingual");
    // Both want /veikla/vasara/.
    site.write(
        "content/veikla/2026-07-01-vasara.md",
        "---\ntitle: Kita vasara\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = &errors[0];
    assert_eq!(d.field.as_deref(), Some("slug"), "{d}");
    let paths = [
        "content/veikla/2026-07-01-vasara.md",
        "content/veikla/vasara.md",
    ];
    assert!(
        paths.iter().any(|p| d.path == std::path::Path::new(p)),
        "{d}"
    );
    assert!(d.message.contains("/veikla/vasara/"), "{d}");
    // The other file is named in the message.
    let other = paths
        .iter()
        .find(|p| d.path != std::path::Path::new(p))
        .expect("two paths");
    assert!(d.message.contains(other), "{d}");
}

#[test]
fn page_on_the_url_of_another_languages_home_is_an_error() {
    let site = TestSite::fixture("multilingual");
    // A Lithuanian page named `en` would be /en/, the English home page.
    site.write("content/en.md", "---\ntitle: Anglų kalba\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert!(errors[0].message.contains("/en/"), "{}", errors[0]);
}

#[test]
fn static_file_on_a_page_url_is_an_error() {
    let site = TestSite::fixture("multilingual");
    // Would silently replace the rendered page /apie/.
    site.write("static/apie/index.html", "<p>old export</p>");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert!(
        errors[0].path.to_string_lossy().contains("apie"),
        "{}",
        errors[0]
    );
}

#[test]
fn site_level_errors_name_the_line_of_their_field() {
    // Clashes found once the whole site is known still point at the line to change.
    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\naliases: [/apie/]\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/archyvas/senas.md", "aliases", 3);

    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\ntranslation_key: niekas\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/archyvas/senas.md", "translation_key", 3);

    let site = TestSite::fixture("multilingual");
    site.write(
        "content/archyvas/senas.md",
        "---\ntitle: Senas įrašas\nslug: x\n---\n",
    );
    site.write("content/archyvas/x.md", "---\ntitle: X\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = &errors[0];
    assert_eq!(d.field.as_deref(), Some("slug"), "{d}");
    if d.path == std::path::Path::new("content/archyvas/senas.md") {
        assert_eq!(d.line, Some(3), "{d}");
    } else {
        assert!(d.line.is_some(), "{d}");
    }
}

#[test]
fn editor_backup_and_hidden_files_are_ignored() {
    let site = TestSite::fixture("multilingual");
    for name in [
        "apie.md~",
        ".#apie.md",
        "#apie.md#",
        ".apie.md.swp",
        "apie.md.bak",
    ] {
        site.write(&format!("content/{name}"), "---\ntitle: [broken\n");
    }
    site.write("content/veikla/.DS_Store", "x");
    let report = site.build_ok();
    assert_eq!(report.pages[0], ("lt".to_string(), 8));
    let files: Vec<String> = output_files(&site.out)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("apie.md") || f.contains("DS_Store")),
        "{files:?}"
    );
}

#[test]
fn base_url_option_overrides_site_toml() {
    let site = TestSite::fixture("themed");
    let options = sklaida::BuildOptions {
        base_url: Some("https://preview.example.test/".into()),
        ..site.options()
    };
    sklaida::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let html = site.html("/en/apie/");
    let canonical = one(&html, r#"link[rel="canonical"]"#);
    assert_eq!(
        attr(canonical, "href"),
        "https://preview.example.test/en/apie/"
    );
    let lt = one(&html, r#"link[rel="alternate"][hreflang="lt"]"#);
    assert_eq!(attr(lt, "href"), "https://preview.example.test/apie/");
}
