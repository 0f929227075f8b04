//! `init` and `new`: a new site builds, and so do new content files once filled in.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::*;

fn today() -> jiff::civil::Date {
    now().date()
}

fn init_site() -> TestSite {
    let site = TestSite::empty();
    sklaida::init(&site.root).expect("init");
    site
}

/// Runs `new` and returns the file it wrote, relative to the site root.
fn new(site: &TestSite, kind: &str, title: &str, lang: Option<&str>) -> String {
    let path = sklaida::new_content(&site.root, kind, title, lang, today())
        .unwrap_or_else(|e| panic!("new {kind}: {e}"));
    path.strip_prefix(&site.root)
        .expect("inside the site")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Replaces `from` with `to` in a site file (filling in the skeleton as an editor would).
fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let path = site.root.join(rel);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}:\n{text}");
    fs::write(&path, text.replacen(from, to, 1)).expect("write");
}

/// The type and URL of the page built from `source`.
fn built_page(site: &TestSite, source: &str) -> (String, String) {
    let loaded = sklaida::load(&site.options()).unwrap_or_else(|e| panic!("{e}"));
    let p = loaded
        .site
        .pages
        .iter()
        .find(|p| p.page.source == Path::new(source))
        .unwrap_or_else(|| panic!("{source} is not published"));
    (p.page.content_type().name().to_string(), p.url.clone())
}

/// Every `img` src on an output page resolves to an output file.
fn assert_images_exist(site: &TestSite, rel: &str) {
    let html = site.html(rel);
    for img in select(&html, "main img") {
        let src = attr(img, "src");
        assert!(src.starts_with('/'), "{rel}: {src}");
        assert!(site.exists(src), "{rel}: image {src} is not in the output");
    }
}

#[test]
fn init_creates_a_site_that_builds() {
    let site = init_site();
    assert!(site.root.join("site.toml").is_file());
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{}", list(&report.warnings));
    for (rel, lang) in [
        ("/", "lt"),
        ("/en/", "en"),
        ("/straipsniai/", "lt"),
        ("/en/articles/", "en"),
        ("/renginiai/", "lt"),
        ("/en/events/", "en"),
    ] {
        let html = site.html(rel);
        assert_eq!(attr(one(&html, "html"), "lang"), lang, "{rel}");
    }

    // A second init refuses and changes nothing.
    let before = fs::read(site.root.join("site.toml")).expect("read");
    assert!(sklaida::init(&site.root).is_err());
    assert_eq!(fs::read(site.root.join("site.toml")).expect("read"), before);
}

/// The built-in theme and `init` speak for any campaign: no word of the example's
/// (its well-being adviser) anywhere in what an `init` site builds. Its home page has
/// its own button, and its footer links its privacy notice and accessibility statement.
#[test]
fn an_init_site_has_no_example_campaign_words() {
    let site = init_site();
    site.build_ok();
    for (rel, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for word in ["konsultant", "adviser"] {
            assert!(!text.contains(word), "{rel} says {word:?}");
        }
    }
    let home = site.html("/en/");
    let buttons: Vec<_> = select(&home, ".hero-actions a.button")
        .into_iter()
        .map(|a| (text(a), attr(a, "href").to_string()))
        .collect();
    assert_eq!(
        buttons,
        [("Contact us".to_string(), "/en/contact/".to_string())]
    );
    let footer: Vec<_> = select(&home, "footer nav a")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(
        footer,
        ["/en/contact/", "/en/privacy/", "/en/accessibility/"]
    );
}

#[test]
fn init_into_a_folder_with_content_writes_nothing() {
    let site = TestSite::empty();
    site.write("content/_index.md", "---\ntitle: Mano\n---\n");
    let errors = sklaida::init(&site.root).expect_err("would overwrite content/_index.md");
    assert!(!errors.0.is_empty());
    assert_eq!(
        fs::read_to_string(site.root.join("content/_index.md")).expect("read"),
        "---\ntitle: Mano\n---\n"
    );
    // Half a site would make the next `init` refuse ("already a site here").
    assert!(
        !site.root.join("site.toml").exists(),
        "init failed but left site.toml behind"
    );
}

#[test]
fn new_writes_a_skeleton_that_builds_after_filling_in() {
    let site = init_site();
    let article = new(&site, "article", "Rudens naujienos", None);
    assert_eq!(
        article,
        "content/straipsniai/2026-11-23-rudens-naujienos.md"
    );
    let event = new(&site, "event", "Žygis aplink ežerą", None);
    assert_eq!(event, "content/renginiai/2026-11-23-zygis-aplink-ezera.md");
    let event_en = new(&site, "event", "Walk around the lake", Some("en"));
    assert_eq!(
        event_en,
        "content/renginiai/2026-11-23-walk-around-the-lake.en.md"
    );
    let page = new(&site, "page", "Partneriai", None);
    assert_eq!(page, "content/partneriai.md");

    // Filling in: a summary and an author.
    edit(&site, &article, "author: \"\"", "author: \"Ona\"");
    edit(&site, &event, "summary: \"\"", "summary: \"Eisime kartu\"");
    site.build_ok();

    assert_eq!(
        built_page(&site, &article),
        ("article".into(), "/straipsniai/rudens-naujienos/".into())
    );
    assert_eq!(
        built_page(&site, &event),
        ("event".into(), "/renginiai/zygis-aplink-ezera/".into())
    );
    assert_eq!(
        built_page(&site, &event_en),
        ("event".into(), "/en/events/walk-around-the-lake/".into())
    );
    assert_eq!(
        built_page(&site, &page),
        ("page".into(), "/partneriai/".into())
    );
    let html = site.html("/renginiai/zygis-aplink-ezera/");
    assert_eq!(text(one(&html, "main h1")), "Žygis aplink ežerą");
}

#[test]
fn new_newsletter_builds_after_filling_in() {
    let site = init_site();
    let file = new(&site, "newsletter", "Lapkričio naujienlaiškis", None);
    site.build_ok();
    let (kind, url) = built_page(&site, &file);
    assert_eq!(kind, "newsletter");
    assert!(site.exists(&url), "{url}");
}

#[test]
fn new_story_builds_and_is_published_once_consent_is_given() {
    let site = init_site();
    let file = new(&site, "story", "Mano kelias", None);
    // As written, the story has no consent yet: the site builds without it.
    let report = site.build_ok();
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.path == Path::new(&file) && w.field.as_deref() == Some("consent")),
        "{}",
        list(&report.warnings)
    );
    edit(&site, &file, "consent: false", "consent: true");
    // Once consent is given, the story must say who it is about: one error, at the line.
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field.as_deref(), Some("ambassador"), "{errors:?}");
    assert_eq!(errors[0].line, Some(6), "{errors:?}");
    edit(&site, &file, "name: \"\"", "name: \"Ona\"");
    site.build_ok();
    let (kind, url) = built_page(&site, &file);
    assert_eq!(kind, "story");
    assert!(site.exists(&url), "{url}");
}

#[test]
fn new_poster_builds_after_adding_its_image() {
    let site = init_site();
    let file = new(&site, "poster", "Ramybė", None);
    edit(&site, &file, "image_alt: \"\"", "image_alt: \"Ežeras\"");
    // The skeleton says `image: poster.svg`: the editor puts that file beside the page.
    let dir: PathBuf = Path::new(&file).parent().expect("folder").to_path_buf();
    site.write(&format!("{}/poster.svg", dir.display()), "<svg/>");
    site.build_ok();
    let (kind, url) = built_page(&site, &file);
    assert_eq!(kind, "poster");
    assert_images_exist(&site, &url);
}

#[test]
fn new_refuses_to_overwrite() {
    let site = init_site();
    let file = new(&site, "article", "Rudens naujienos", None);
    site.write(
        &file,
        "---\ntitle: Mano tekstas\ndate: 2026-11-23\n---\nSvarbu.\n",
    );
    let errors = sklaida::new_content(&site.root, "article", "Rudens naujienos", None, today())
        .expect_err("the file exists");
    assert_eq!(errors.0.len(), 1);
    assert!(
        errors.0[0].message.contains("already exists"),
        "{}",
        errors.0[0]
    );
    assert_eq!(
        fs::read_to_string(site.root.join(&file)).expect("read"),
        "---\ntitle: Mano tekstas\ndate: 2026-11-23\n---\nSvarbu.\n"
    );
}

#[test]
fn new_rejects_unknown_type_and_language() {
    let site = init_site();
    let before = output_files(&site.root.join("content")).len();
    assert!(sklaida::new_content(&site.root, "podcast", "X", None, today()).is_err());
    assert!(sklaida::new_content(&site.root, "page", "X", Some("de"), today()).is_err());
    let content: Vec<_> = output_files(&site.root.join("content"))
        .into_iter()
        .map(|(rel, _)| rel)
        .collect();
    assert_eq!(
        content.len(),
        before,
        "nothing new was written: {content:?}"
    );
}

/// `new` with hostile titles: each is refused with a clear error, or makes a file that
/// builds and whose page shows the title exactly (with the site's typography).
#[test]
fn new_with_hostile_titles_refuses_or_writes_a_file_that_builds() {
    let long = "Labai ilgas pavadinimas apie gerovę ".repeat(12);
    let cases: Vec<(&str, bool)> = vec![
        ("Pirma\n---\nantra: x", false),
        ("Pirma\r\nantra", false),
        ("Vienas\rdu", false),
        ("Skirtukas\tčia", false),
        ("Nulis\u{0}po", false),
        ("Spalva \u{1b}[31mraudona", false),
        ("Eilutė\u{2028}kita", false),
        ("Eilutė\u{85}kita", false),
        ("", false),
        ("   ", false),
        ("🎉🎈", true),
        ("---", true),
        ("--- Ne skyriklis ---", true),
        ("Jis sakė: \"labas\"", true),
        ("'Vienos' kabutės", true),
        ("Klausimas: atsakymas", true),
        ("# Ne antraštė", true),
        ("Kaina #1", true),
        ("- sąrašas?", true),
        ("* žvaigždutė", true),
        ("&inkaras ir *nuoroda", true),
        ("!žymė", true),
        ("%procentai", true),
        ("@paminėjimas", true),
        ("|stulpelis >daugiau", true),
        ("{ne: žemėlapis}", true),
        ("[ne, sąrašas]", true),
        ("<b>ne paryškinta</b> & kita", true),
        ("{{ helplines() }}", true),
        ("null", true),
        ("true", true),
        ("1.50", true),
        ("~", true),
        ("2025-01-01", true),
        (long.as_str(), true),
        ("  Tarpai aplink  ", true),
        ("Z\u{30c}ygis aplink e\u{307}z\u{30c}era\u{328}", true),
        ("Sveiki 🎉 visi", true),
        ("Atgal \\ pasvirasis", true),
    ];
    for (title, accepted) in cases {
        let site = init_site();
        let before = output_files(&site.root.join("content"));
        let written = sklaida::new_content(&site.root, "page", title, None, today());
        if !accepted {
            let errors = written.expect_err(&format!("{title:?} should be refused"));
            assert_eq!(errors.0.len(), 1, "{title:?}: {errors}");
            let message = &errors.0[0].message;
            assert!(message.contains("title"), "{title:?}: {message}");
            // Nothing is left behind.
            let after = output_files(&site.root.join("content"));
            assert_eq!(after, before, "{title:?} left a file");
            continue;
        }
        let path = written.unwrap_or_else(|e| panic!("{title:?}: {e}"));
        let rel = path
            .strip_prefix(&site.root)
            .expect("inside the site")
            .to_string_lossy()
            .replace('\\', "/");
        assert!(rel.len() < 120, "{title:?}: file name {rel}");
        site.build_ok();
        let loaded = sklaida::load(&site.options()).unwrap_or_else(|e| panic!("{title:?}: {e}"));
        let page = loaded
            .site
            .pages
            .iter()
            .find(|p| p.page.source == Path::new(&rel))
            .unwrap_or_else(|| panic!("{title:?}: {rel} is not published"));
        let expected = sklaida::typography::smarten(title.trim(), "lt");
        let html = site.html(&page.url);
        assert_eq!(text(one(&html, "main h1")), expected, "{title:?} in {rel}");
        let head_title = text(one(&html, "head title"));
        assert!(
            head_title.starts_with(&expected),
            "{title:?}: <title>{head_title}"
        );
    }
}
