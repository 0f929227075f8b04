//! Content that is wrong is reported, with the file, line and field, and nothing is built.
//!
//! The `typed` fixture has a section of every type; each test adds one file to it.

use crate::support::*;

/// Adds `text` at `rel` to the `typed` fixture and returns the build's errors.
fn errors_with(rel: &str, text: &str) -> Vec<sklaida::Diagnostic> {
    let site = TestSite::fixture("typed");
    site.write(rel, text);
    let errors = site.build_errors();
    assert!(
        !site.out.exists(),
        "a failed build must not create the output"
    );
    errors
}

/// Asserts that `errors` are exactly one per field in `fields`, all about `path`.
/// (That they also have a line is `missing_required_field_errors_have_a_line`.)
fn assert_missing(errors: &[sklaida::Diagnostic], path: &str, fields: &[&str]) {
    let mut got: Vec<&str> = errors.iter().filter_map(|d| d.field.as_deref()).collect();
    got.sort_unstable();
    let mut want = fields.to_vec();
    want.sort_unstable();
    assert_eq!(got, want, "errors:\n{}", list(errors));
    for d in errors {
        assert_eq!(d.path, std::path::Path::new(path), "{d}");
    }
}

#[test]
fn valid_pages_of_every_type_build() {
    let site = TestSite::fixture("typed");
    site.write(
        "content/straipsniai/a.md",
        "---\ntitle: Straipsnis\ndate: 2026-01-01\nauthor: Ona\n---\n",
    );
    site.write(
        "content/renginiai/r.md",
        "---\ntitle: Renginys\nstart: 2026-12-01T10:00\nend: 2026-12-01T12:00\nparticipants: 12\n---\n",
    );
    site.write(
        "content/plakatai/p/index.md",
        "---\ntitle: Plakatas\nimage: p.svg\nimage_alt: Saulė\nsize: A3\n---\n",
    );
    site.write("content/plakatai/p/p.svg", "<svg/>");
    site.write(
        "content/naujienlaiskiai/n.md",
        "---\ntitle: Nr. 1\ndate: 2026-01-01\nnumber: 1\n---\n",
    );
    site.write(
        "content/istorijos/s.md",
        "---\ntitle: Istorija\ndate: 2026-01-01\nconsent: true\nanonymous: true\n---\n",
    );
    site.write(
        "content/susitikimai/m.md",
        "---\ntitle: Susitikimas\nstart: 2026-12-02\n---\n",
    );
    site.write(
        "content/kita.md",
        "---\ntitle: Kita\ntype: event\nstart: 2026-12-03\n---\n",
    );
    let report = site.build_ok();
    assert_eq!(report.pages[0], ("lt".to_string(), 7));

    let loaded = sklaida::load(&site.options()).expect("loads");
    let mut types: Vec<(String, &str)> = loaded
        .site
        .pages
        .iter()
        .map(|p| (p.url.clone(), p.page.content_type().name()))
        .collect();
    types.sort();
    assert_eq!(
        types,
        [
            ("/istorijos/s/".to_string(), "story"),
            ("/kita/".to_string(), "event"),
            ("/naujienlaiskiai/n/".to_string(), "newsletter"),
            ("/plakatai/p/".to_string(), "poster"),
            ("/renginiai/r/".to_string(), "event"),
            ("/straipsniai/a/".to_string(), "article"),
            ("/susitikimai/m/".to_string(), "event"),
        ]
    );
}

#[test]
fn article_needs_a_date() {
    let errors = errors_with("content/straipsniai/a.md", "---\ntitle: Straipsnis\n---\n");
    assert_missing(&errors, "content/straipsniai/a.md", &["date"]);
}

#[test]
fn event_needs_a_start() {
    let errors = errors_with("content/renginiai/r.md", "---\ntitle: Renginys\n---\n");
    assert_missing(&errors, "content/renginiai/r.md", &["start"]);
}

#[test]
fn type_from_section_index_needs_its_fields() {
    // susitikimai/_index.md says `type: event`.
    let errors = errors_with("content/susitikimai/m.md", "---\ntitle: Susitikimas\n---\n");
    assert_missing(&errors, "content/susitikimai/m.md", &["start"]);
}

#[test]
fn event_ending_before_it_starts_is_an_error() {
    let errors = errors_with(
        "content/renginiai/r.md",
        "---\ntitle: Renginys\nstart: 2026-12-01T10:00\nend: 2026-12-01T09:00\n---\n",
    );
    assert_single_error(&errors, "content/renginiai/r.md", "end", 4);
}

#[test]
fn poster_needs_image_and_image_alt() {
    let errors = errors_with("content/plakatai/p.md", "---\ntitle: Plakatas\n---\n");
    assert_missing(&errors, "content/plakatai/p.md", &["image"]);

    let errors = errors_with(
        "content/plakatai/p.md",
        "---\ntitle: Plakatas\nimage: p.svg\n---\n",
    );
    assert_missing(&errors, "content/plakatai/p.md", &["image_alt"]);
}

#[test]
fn newsletter_needs_date_and_number() {
    let errors = errors_with("content/naujienlaiskiai/n.md", "---\ntitle: Nr. 1\n---\n");
    assert_missing(&errors, "content/naujienlaiskiai/n.md", &["date", "number"]);
}

#[test]
fn story_needs_date_and_ambassador_or_anonymous() {
    let errors = errors_with(
        "content/istorijos/s.md",
        "---\ntitle: Istorija\nconsent: true\n---\n",
    );
    assert_missing(&errors, "content/istorijos/s.md", &["ambassador", "date"]);

    let errors = errors_with(
        "content/istorijos/s.md",
        "---\ntitle: Istorija\ndate: 2026-01-01\nconsent: true\nanonymous: true\nambassador: {name: Ona}\n---\n",
    );
    assert_single_error(&errors, "content/istorijos/s.md", "ambassador", 6);
}

#[test]
fn missing_required_field_errors_have_a_line() {
    // `content/x.md:LINE: error: FIELD: …` like every other error, so editors can jump
    // to the front matter; a missing title already gets line 1.
    let cases = [
        ("content/apie.md", "---\nsummary: x\n---\n", "title"),
        ("content/straipsniai/a.md", "---\ntitle: A\n---\n", "date"),
        ("content/renginiai/r.md", "---\ntitle: R\n---\n", "start"),
        ("content/plakatai/p.md", "---\ntitle: P\n---\n", "image"),
        (
            "content/plakatai/p.md",
            "---\ntitle: P\nimage: p.svg\n---\n",
            "image_alt",
        ),
        (
            "content/naujienlaiskiai/n.md",
            "---\ntitle: N\ndate: 2026-01-01\n---\n",
            "number",
        ),
        (
            "content/istorijos/s.md",
            "---\ntitle: S\ndate: 2026-01-01\nconsent: true\n---\n",
            "ambassador",
        ),
    ];
    let mut without_line = Vec::new();
    for (path, text, field) in cases {
        let errors = errors_with(path, text);
        let d = error_for(&errors, path, field);
        if d.line.is_none() {
            without_line.push(d.to_string());
        }
    }
    assert!(
        without_line.is_empty(),
        "errors without a line:\n{}",
        without_line.join("\n")
    );
}

#[test]
fn page_needs_a_title() {
    let errors = errors_with("content/apie.md", "---\nsummary: Be pavadinimo\n---\n");
    assert_missing(&errors, "content/apie.md", &["title"]);
}

#[test]
fn bad_date_is_an_error_at_its_line() {
    let errors = errors_with(
        "content/straipsniai/a.md",
        "---\ntitle: Straipsnis\nsummary: Apie\ndate: 2026-13-45\n---\n",
    );
    assert_single_error(&errors, "content/straipsniai/a.md", "date", 4);
    assert!(errors[0].message.contains("2026-13-45"), "{}", errors[0]);

    let errors = errors_with(
        "content/renginiai/r.md",
        "---\ntitle: Renginys\nstart: rytoj\n---\n",
    );
    assert_single_error(&errors, "content/renginiai/r.md", "start", 3);
    assert!(errors[0].message.contains("rytoj"), "{}", errors[0]);
}

#[test]
fn wrong_value_type_is_an_error_at_its_line() {
    let errors = errors_with(
        "content/renginiai/r.md",
        "---\ntitle: Renginys\nstart: 2026-12-01\nparticipants: many\n---\n",
    );
    assert_single_error(&errors, "content/renginiai/r.md", "participants", 4);

    let errors = errors_with(
        "content/naujienlaiskiai/n.md",
        "---\ntitle: Nr. 1\ndate: 2026-01-01\nnumber: pirmas\n---\n",
    );
    assert_single_error(&errors, "content/naujienlaiskiai/n.md", "number", 4);
}

#[test]
fn unknown_type_is_an_error() {
    let errors = errors_with("content/apie.md", "---\ntitle: Apie\ntype: podcast\n---\n");
    assert_single_error(&errors, "content/apie.md", "type", 3);
    assert!(errors[0].message.contains("podcast"), "{}", errors[0]);

    let errors = errors_with(
        "content/kita/_index.md",
        "---\ntitle: Kita\ntype: podcasts\n---\n",
    );
    assert_single_error(&errors, "content/kita/_index.md", "type", 3);
}

#[test]
fn unknown_field_is_an_error() {
    let errors = errors_with(
        "content/renginiai/r.md",
        "---\ntitle: Renginys\nstrat: 2026-12-01\n---\n",
    );
    assert_single_error(&errors, "content/renginiai/r.md", "strat", 3);
}

#[test]
fn field_of_another_type_is_an_error() {
    let errors = errors_with(
        "content/straipsniai/a.md",
        "---\ntitle: Straipsnis\ndate: 2026-01-01\nstart: 2026-01-02\n---\n",
    );
    assert_single_error(&errors, "content/straipsniai/a.md", "start", 4);
}

#[test]
fn broken_yaml_reports_file_and_line() {
    let errors = errors_with(
        "content/apie.md",
        "---\ntitle: Apie\nsummary: Trumpai\n  tags: [a, b]\n---\n",
    );
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/apie.md"));
    assert_eq!(errors[0].line, Some(4), "{}", errors[0]);
}

#[test]
fn unclosed_front_matter_is_an_error() {
    let errors = errors_with("content/apie.md", "---\ntitle: Apie\n\nTekstas.\n");
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/apie.md"));
    assert_eq!(errors[0].line, Some(1), "{}", errors[0]);
}

#[test]
fn unclosed_tera_tag_reports_template_and_line() {
    let site = TestSite::fixture("broken_template");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    let d = &errors[0];
    assert_eq!(d.path, std::path::Path::new("templates/page.html"), "{d}");
    // The `{% if %}` that is never closed is on line 4; the parser notices at the end.
    assert!(
        matches!(d.line, Some(4..=8)),
        "line should point into the template: {d}"
    );
    assert!(!site.out.exists());
}

#[test]
fn unknown_site_toml_key_is_an_error() {
    let site = TestSite::fixture("typed");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    site.write("site.toml", &format!("colour = \"red\"\n{toml}"));
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("site.toml"));
    assert_eq!(errors[0].line, Some(1), "{}", errors[0]);
    assert!(errors[0].message.contains("colour"), "{}", errors[0]);
}

#[test]
fn all_errors_are_reported_together() {
    let site = TestSite::fixture("three_broken");
    let errors = site.build_errors();
    let mut paths: Vec<String> = errors
        .iter()
        .map(|d| d.path.display().to_string())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "content/apie.md",
            "content/kontaktai.fr.md",
            "content/renginiai/seminaras.md",
        ],
        "{}",
        list(&errors)
    );
    let event = error_for(&errors, "content/renginiai/seminaras.md", "start");
    assert_eq!(event.line, Some(3));
    let yaml = errors
        .iter()
        .find(|d| d.path == std::path::Path::new("content/apie.md"))
        .expect("yaml error");
    assert!(yaml.line.is_some(), "{yaml}");
}

#[test]
fn crlf_and_bom_are_accepted() {
    let site = TestSite::fixture("typed");
    site.write(
        "content/straipsniai/langai.md",
        "\u{feff}---\r\ntitle: Langai\r\ndate: 2026-01-02\r\n---\r\nPirma pastraipa.\r\n\r\nAntra pastraipa.\r\n",
    );
    site.write(
        "content/straipsniai/_index.md",
        "\u{feff}---\r\ntitle: Straipsniai\r\n---\r\n",
    );
    site.build_ok();
    let html = site.html("/straipsniai/langai/");
    assert_eq!(text(one(&html, "main h1")), "Langai");
    let paragraphs: Vec<String> = select(&html, "main .prose p")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(paragraphs, ["Pirma pastraipa.", "Antra pastraipa."]);
    assert_eq!(
        text(one(&site.html("/straipsniai/"), "main h1")),
        "Straipsniai"
    );

    // Lines are still counted right in a CRLF file.
    site.write(
        "content/renginiai/r.md",
        "---\r\ntitle: Renginys\r\nstart: rytoj\r\n---\r\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/renginiai/r.md", "start", 3);
}

#[test]
fn site_toml_with_bom_and_crlf_is_accepted() {
    let site = TestSite::fixture("typed");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    site.write(
        "site.toml",
        &format!("\u{feff}{}", toml.replace('\n', "\r\n")),
    );
    site.build_ok();
    assert_eq!(text(one(&site.html("/"), "title")), "Bandomoji svetainė");
}

#[test]
fn invalid_utf8_names_the_line() {
    let site = TestSite::fixture("typed");
    site.write_bytes(
        "content/apie.md",
        b"---\ntitle: Apie\n---\nGeras tekstas.\nBlogas \xe0 tekstas.\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/apie.md"));
    assert_eq!(errors[0].line, Some(5), "{}", errors[0]);
}

#[test]
fn index_md_at_the_top_is_an_error() {
    let errors = errors_with("content/index.md", "---\ntitle: Pradžia\n---\n");
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, std::path::Path::new("content/index.md"));
    assert!(errors[0].message.contains("_index.md"), "{}", errors[0]);
}

#[test]
fn folder_that_is_both_section_and_bundle_is_an_error() {
    let site = TestSite::fixture("typed");
    site.write("content/kita/_index.md", "---\ntitle: Kita\n---\n");
    site.write("content/kita/index.md", "---\ntitle: Kita\n---\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(
        errors[0].path,
        std::path::Path::new("content/kita/_index.md")
    );
}
