//! Menus (`[[menu.main]]`, `[[menu.footer]]`), the footer's default links and the home
//! page's buttons and picture, over `tests/fixtures/menus`: every kind of entry,
//! per-language names and their defaults, an untranslated page, `aria-current`, and
//! the errors for entries that lead nowhere, with their lines.

use crate::support::*;

/// The links of `css` (a `<nav>`) on a page: text, `href` and the text's `lang`.
fn links(html: &scraper::Html, css: &str) -> Vec<(String, String, Option<String>)> {
    select(html, &format!("{css} a"))
        .into_iter()
        .map(|a| {
            (
                text(a),
                attr(a, "href").to_string(),
                a.value().attr("lang").map(str::to_string),
            )
        })
        .collect()
}

fn link(name: &str, href: &str) -> (String, String, Option<String>) {
    (name.to_string(), href.to_string(), None)
}

const MAIN: &str = "nav.main-nav";
const FOOTER: &str = "footer nav";

#[test]
fn the_main_menu_has_every_kind_of_entry_in_each_language() {
    let site = TestSite::fixture("menus");
    site.build_ok();
    let lt = site.html("/");
    assert_eq!(
        links(&lt, MAIN),
        [
            link("Apie mus", "/apie/"),
            // A name written for this language.
            link("Mūsų veikla", "/veikla/"),
            link("Tik lietuviškai", "/tik-lietuviskai/"),
            link("Partneris", "https://partneris.example/"),
        ]
    );
    let en = site.html("/en/");
    assert_eq!(
        links(&en, MAIN),
        [
            // The page's own title in this language.
            link("About us", "/en/about/"),
            // No English name given: the section's English title.
            link("What we do", "/en/activities/"),
            // Not translated: the language switcher's rule (here the home page), with
            // the Lithuanian title marked as Lithuanian.
            (
                "Tik lietuviškai".to_string(),
                "/en/".to_string(),
                Some("lt".to_string())
            ),
            link("Partner", "https://partneris.example/"),
        ]
    );
    // Labelled in the page's language, as a list.
    assert_eq!(attr(one(&lt, MAIN), "aria-label"), "Pagrindinė navigacija");
    assert_eq!(attr(one(&en, MAIN), "aria-label"), "Main navigation");
    assert_eq!(select(&en, &format!("{MAIN} ul > li > a")).len(), 4);
}

#[test]
fn only_the_page_itself_is_current() {
    let site = TestSite::fixture("menus");
    site.build_ok();
    let current = |rel: &str, css: &str| -> Vec<String> {
        select(&site.html(rel), &format!("{css} a[aria-current]"))
            .into_iter()
            .map(|a| format!("{} {}", attr(a, "href"), attr(a, "aria-current")))
            .collect()
    };
    assert_eq!(current("/apie/", MAIN), ["/apie/ page"]);
    assert_eq!(current("/en/about/", MAIN), ["/en/about/ page"]);
    // A section's entry is the current page on the section's list.
    assert_eq!(current("/veikla/", MAIN), ["/veikla/ page"]);
    // On a page inside the section, the section is marked to the eye only.
    assert_eq!(current("/veikla/susitikimas/", MAIN), Vec::<String>::new());
    let html = site.html("/veikla/susitikimas/");
    let marked: Vec<_> = select(&html, &format!("{MAIN} a.is-ancestor"))
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(marked, ["/veikla/"]);
    // The footer's links too.
    assert_eq!(current("/kontaktai/", FOOTER), ["/kontaktai/ page"]);
    assert_eq!(current("/", MAIN), Vec::<String>::new());
}

#[test]
fn the_footer_links_results_privacy_and_accessibility_by_default() {
    let site = TestSite::fixture("menus");
    site.build_ok();
    let lt = site.html("/apie/");
    assert_eq!(
        links(&lt, FOOTER),
        [
            link("Kontaktai", "/kontaktai/"),
            // Listed in the footer menu: not again.
            link("Prieinamumo pareiškimas", "/prieinamumas/"),
            link("Rezultatai", "/rezultatai/"),
            link("Privatumas", "/privatumas/"),
        ]
    );
    assert_eq!(attr(one(&lt, FOOTER), "aria-label"), "Svarbi informacija");
    // In English there is no results page or privacy notice: no link to them; the
    // draft in the footer menu is left out.
    assert_eq!(
        links(&site.html("/en/about/"), FOOTER),
        [
            link("Contact us", "/en/contact/"),
            link("Accessibility statement", "/en/accessibility/"),
        ]
    );
    // Published with --drafts, the draft joins the footer.
    site.build_drafts_ok();
    let hrefs: Vec<_> = links(&site.html("/"), FOOTER)
        .into_iter()
        .map(|(_, href, _)| href)
        .collect();
    assert!(hrefs.contains(&"/juodrastis/".to_string()), "{hrefs:?}");
}

#[test]
fn without_menus_the_header_lists_the_top_sections() {
    let site = TestSite::fixture("menus");
    let toml = String::from_utf8(std::fs::read(site.root.join("site.toml")).expect("read"))
        .expect("UTF-8");
    let cut = toml.find("[[menu.main]]").expect("menus");
    site.write("site.toml", &toml[..cut]);
    site.build_ok();
    assert_eq!(links(&site.html("/"), MAIN), [link("Veikla", "/veikla/")]);
    assert_eq!(
        links(&site.html("/"), FOOTER),
        [
            link("Rezultatai", "/rezultatai/"),
            link("Privatumas", "/privatumas/"),
            link("Prieinamumo pareiškimas", "/prieinamumas/"),
        ]
    );
}

#[test]
fn the_home_page_shows_its_own_lead_buttons_and_picture() {
    let site = TestSite::fixture("menus");
    site.build_ok();
    let lt = site.html("/");
    assert_eq!(
        text(one(&lt, ".hero-lead")),
        "Trumpas pagrindinio puslapio įvadas."
    );
    let buttons = |html: &scraper::Html| -> Vec<(String, String)> {
        select(html, ".hero-actions a.button")
            .into_iter()
            .map(|a| (text(a), attr(a, "href").to_string()))
            .collect()
    };
    assert_eq!(
        buttons(&lt),
        [
            ("Parašykite mums".to_string(), "/kontaktai/".to_string()),
            (
                "Partnerio svetainė".to_string(),
                "https://partneris.example/".to_string()
            ),
        ]
    );
    let en = site.html("/en/");
    assert_eq!(
        buttons(&en),
        [("Write to us".to_string(), "/en/contact/".to_string())]
    );
    let img = one(&en, ".hero img.hero-image");
    assert_eq!(attr(img, "src"), "/pagrindinis.svg");
    assert_eq!(attr(img, "alt"), "People talking at a table");
    assert!(site.exists("/pagrindinis.svg"));

    // Without actions and picture: no buttons (the fixture has no helplines) and the
    // theme's drawing.
    site.write(
        "content/_index.en.md",
        "---\ntitle: Menu test\n---\nWelcome.\n",
    );
    site.build_ok();
    let en = site.html("/en/");
    assert!(select(&en, ".hero-actions").is_empty());
    assert!(select(&en, ".hero img").is_empty());
    assert_eq!(select(&en, ".hero svg.hero-art").len(), 1);
    // The lead falls back to the language's description.
    assert_eq!(text(one(&en, ".hero-lead")), "A site for testing menus");
}

#[test]
fn entries_that_lead_nowhere_are_errors_at_their_lines_all_at_once() {
    let site = TestSite::fixture("menus");
    let toml = String::from_utf8(std::fs::read(site.root.join("site.toml")).expect("read"))
        .expect("UTF-8");
    let cut = toml.find("[[menu.main]]").expect("menus");
    let head = &toml[..cut];
    let first = head.lines().count() + 1;
    site.write(
        "site.toml",
        &format!(
            "{head}[[menu.main]]\npage = \"nera.md\"\n\n[[menu.main]]\nsection = \"nera\"\n\n[[menu.main]]\nname = \"Niekur\"\n\n[[menu.footer]]\npage = \"apie.md\"\nurl = \"https://x.example/\"\n\n[[menu.footer]]\nurl = \"javascript:alert(1)\"\nname = \"X\"\n\n[[menu.footer]]\npage = \"content/apie.md\"\n"
        ),
    );
    site.write(
        "content/_index.md",
        "---\ntitle: Meniu bandymas\nactions:\n  - label: Parašykite\n    page: kontaktai.md\n  - label: Niekur\n    page: nera.md\n---\n",
    );
    let errors = site.build_errors();
    let got: Vec<_> = errors
        .iter()
        .map(|d| {
            (
                d.path.to_string_lossy().into_owned(),
                d.field.clone().unwrap_or_default(),
                d.line.unwrap_or(0),
            )
        })
        .collect();
    let at = |field: &str, line: usize| ("site.toml".to_string(), field.to_string(), line);
    let mut expected = vec![
        at("menu.main[0].page", first + 1),
        at("menu.main[1].section", first + 4),
        at("menu.main[2]", first + 6),
        at("menu.footer[0].url", first + 11),
        at("menu.footer[1].url", first + 14),
        at("menu.footer[2].page", first + 18),
        (
            "content/_index.md".to_string(),
            "actions[1].page".to_string(),
            6,
        ),
    ];
    let mut got = got;
    got.sort();
    expected.sort();
    assert_eq!(got, expected, "{}", list(&errors));
    let hint = error_for(&errors, "site.toml", "menu.footer[2].page");
    assert!(
        hint.message.contains("\"apie.md\""),
        "the way out: {}",
        hint.message
    );
}

#[test]
fn a_home_picture_needs_its_description() {
    let site = TestSite::fixture("menus");
    site.write(
        "content/_index.en.md",
        "---\ntitle: Menu test\nimage: pagrindinis.svg\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/_index.en.md", "image", 3);
    // Only the home page has buttons and a picture.
    site.write("content/_index.en.md", "---\ntitle: Menu test\n---\n");
    site.write(
        "content/veikla/_index.md",
        "---\ntitle: Veikla\nactions:\n  - label: X\n    url: https://x.example/\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/veikla/_index.md", "actions", 3);
}

#[test]
fn a_site_key_the_theme_no_longer_has_is_an_error_at_its_line() {
    let site = TestSite::fixture("menus");
    site.write(
        "i18n/lt.yaml",
        "skip_to_content: \"Į turinį\"\ncontact_adviser: \"Susisiekite\"\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "i18n/lt.yaml", "contact_adviser", 2);
    assert!(
        errors[0].message.contains("actions:"),
        "{}",
        errors[0].message
    );
}
