//! The sites under `examples/`: each builds and passes `check` with no errors, and the
//! second example (`examples/social-life`: an organisation with two funded projects in
//! Lithuanian, Latvian and English, published under `/social-life/`) shows what its
//! files ask for, read back from the output.

use std::path::{Path, PathBuf};

use scraper::Html;
use sklaida::BuildOptions;

use crate::support::*;

const BASE: &str = "/social-life/";

fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples")
}

fn options(root: PathBuf, out: PathBuf) -> BuildOptions {
    BuildOptions {
        root,
        output: Some(out),
        now: Some(now()),
        ..BuildOptions::default()
    }
}

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn page(&self, rel: &str) -> Html {
        let path = self.out.join(rel).join("index.html");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Html::parse_document(&text)
    }
}

fn build_social_life() -> Built {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = options(examples_dir().join("social-life"), out.clone());
    if let Err(e) = sklaida::build(&options) {
        panic!("examples/social-life does not build:\n{e}");
    }
    Built { _tmp: tmp, out }
}

/// The text with every kind of space taken out, so amounts compare whatever space
/// CLDR puts between thousands (no-break or narrow no-break).
fn without_spaces(html: &Html) -> String {
    document_text(html)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202F}' && *c != '\u{00A0}')
        .collect()
}

#[test]
fn every_example_site_builds_and_passes_check() {
    let mut sites: Vec<PathBuf> = std::fs::read_dir(examples_dir())
        .expect("examples/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("site.toml").is_file())
        .collect();
    sites.sort();
    assert!(!sites.is_empty(), "no site under examples/");
    for root in sites {
        let tmp = tempfile::tempdir().expect("tempdir");
        let options = options(root.clone(), tmp.path().join("public"));
        if let Err(e) = sklaida::build(&options) {
            panic!("{} does not build:\n{e}", root.display());
        }
        let diagnostics = match sklaida::check(&options) {
            Ok(ds) => ds,
            Err(e) => panic!("check finds errors in {}:\n{e}", root.display()),
        };
        // Pages left untranslated on purpose (they show the switcher's fallback) are
        // the only warnings an example may have.
        let other: Vec<_> = diagnostics
            .iter()
            .filter(|d| !d.message.contains("not translated"))
            .collect();
        assert!(
            other.is_empty(),
            "check warns about {}:\n{}",
            root.display(),
            other
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn social_life_is_in_three_languages_and_every_address_stays_under_its_sub_path() {
    let built = build_social_life();
    for (rel, lang) in [("", "lt"), ("lv", "lv"), ("en", "en")] {
        let html = built.page(rel);
        assert_eq!(attr(one(&html, "html"), "lang"), lang, "/{rel}");
    }
    let mut wrong = Vec::new();
    for (rel, html) in html_files(&built.out) {
        for element in select(&html, "[href], [src], [srcset]") {
            let srcset = element.value().attr("srcset").unwrap_or("");
            let addresses = ["href", "src"]
                .into_iter()
                .filter_map(|name| element.value().attr(name))
                .chain(
                    srcset
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next()),
                );
            for url in addresses {
                if !url.starts_with('/') || url.starts_with("//") {
                    continue;
                }
                let Some(inside) = url.strip_prefix(BASE) else {
                    wrong.push(format!("{rel}: {url} leaves {BASE}"));
                    continue;
                };
                let path = inside.split(['#', '?']).next().unwrap_or("");
                let file = built.out.join(path);
                if !(file.is_file() || file.join("index.html").is_file()) {
                    wrong.push(format!("{rel}: {url} names no file"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn social_life_menus_and_home_page_come_from_its_own_files() {
    let built = build_social_life();
    let cases = [
        (
            "",
            "kontaktai",
            "apie",
            "privatumas",
            "prieinamumas",
            "Susisiekite su mumis",
        ),
        (
            "lv/",
            "lv/kontakti",
            "lv/par-mums",
            "lv/privatums",
            "lv/pieklustamiba",
            "Sazināties ar mums",
        ),
        (
            "en/",
            "en/contact",
            "en/about",
            "en/privacy",
            "en/accessibility",
            "Contact us",
        ),
    ];
    for (home, contact, about, privacy, accessibility, action) in cases {
        let links = |html: &Html| -> Vec<(String, String)> {
            select(html, "a[href]")
                .into_iter()
                .map(|a| (attr(a, "href").to_string(), text(a)))
                .collect()
        };
        // The contact and privacy pages' texts link neither: the menus do.
        let on_contact = links(&built.page(contact));
        let about_url = format!("{BASE}{about}/");
        assert!(
            on_contact.iter().any(|(href, _)| *href == about_url),
            "{contact}: no menu link to {about_url}: {on_contact:?}"
        );
        let on_privacy = links(&built.page(privacy));
        let statement_url = format!("{BASE}{accessibility}/");
        assert!(
            on_privacy.iter().any(|(href, _)| *href == statement_url),
            "{privacy}: no footer link to {statement_url}: {on_privacy:?}"
        );
        assert!(
            on_privacy
                .iter()
                .any(|(href, _)| href == "https://latlit.eu"),
            "{privacy}: no menu link to the programme's site: {on_privacy:?}"
        );
        // The home page's button is the label its own front matter gives.
        let home_page = built.page(home);
        let contact_url = format!("{BASE}{contact}/");
        assert!(
            links(&home_page)
                .iter()
                .any(|(href, label)| *href == contact_url && label == action),
            "/{home}: no action {action:?} to {contact_url}"
        );
        let hero = select(&home_page, "img")
            .into_iter()
            .find(|img| attr(*img, "src").ends_with("/images/kaimynai.svg"))
            .unwrap_or_else(|| panic!("/{home}: no hero image"));
        assert!(!attr(hero, "alt").is_empty(), "/{home}: hero without alt");
        let words = document_text(&home_page).to_lowercase();
        assert!(
            !words.contains("konsultant") && !words.contains("adviser"),
            "/{home} shows the first example's words"
        );
    }
}

#[test]
fn social_life_project_pages_show_budget_partners_and_their_own_funder() {
    let built = build_social_life();
    let interreg = [
        (
            "projektai/social-life",
            "2014–2020 m. Interreg V-A Latvijos ir Lietuvos",
            "447391,61",
            "380282,87",
        ),
        (
            "lv/projekti/social-life",
            "Interreg V-A Latvijas–Lietuvas",
            "447391,61",
            "380282,87",
        ),
        (
            "en/projects/social-life",
            "Interreg V-A Latvia–Lithuania",
            "447,391.61",
            "380,282.87",
        ),
    ];
    for (rel, programme, total, grant) in interreg {
        let html = built.page(rel);
        let words = document_text(&html);
        assert!(words.contains("LLI-344"), "{rel}: no project number");
        assert!(
            words.contains(programme),
            "{rel}: no programme {programme:?}"
        );
        assert!(
            !words.contains("EACEA"),
            "{rel}: the other project's funder"
        );
        let compact = without_spaces(&html);
        assert!(compact.contains(total), "{rel}: no total {total}");
        assert!(compact.contains(grant), "{rel}: no grant {grant}");
        // Partners with their logos, each with alt text, the lead partner first.
        let logos: Vec<(String, String)> = select(&html, "img")
            .into_iter()
            .map(|img| (attr(img, "src").to_string(), attr(img, "alt").to_string()))
            .filter(|(src, _)| src.contains("/logos/"))
            .collect();
        // The partners may be shown twice (fact box and partners block): their first
        // appearances give the order.
        let mut order: Vec<&str> = Vec::new();
        for name in logos.iter().filter_map(|(src, _)| src.rsplit('/').next()) {
            if !order.contains(&name) {
                order.push(name);
            }
        }
        assert_eq!(
            order,
            ["pakruojis.svg", "rundale.svg", "iecava.svg"],
            "{rel}: partners' logos {logos:?}"
        );
        assert!(
            logos.iter().all(|(_, alt)| !alt.is_empty()),
            "{rel}: {logos:?}"
        );
        // Their countries by name in the page's language, as CLDR names them.
        let lang = rel
            .split('/')
            .next()
            .filter(|l| ["lv", "en"].contains(l))
            .unwrap_or("lt");
        let countries: Vec<String> = select(&html, ".project-facts .partner-country")
            .into_iter()
            .map(text)
            .collect();
        let expected: Vec<String> = ["LT", "LV", "LV"]
            .iter()
            .map(|c| format!("({})", cldr_country(lang, c)))
            .collect();
        assert_eq!(countries, expected, "{rel}");
    }
    let erasmus = [
        "projektai/emocine-gerove",
        "lv/projekti/emocionala-labklajiba",
        "en/projects/emotional-well-being",
    ];
    for rel in erasmus {
        let words = document_text(&built.page(rel));
        assert!(words.contains("2023-1-LV01-KA210-ADU-000164014"), "{rel}");
        assert!(words.contains("EACEA"), "{rel}: no Erasmus+ disclaimer");
        assert!(
            !words.contains("LLI-344"),
            "{rel}: the other project's number"
        );
    }
    // The organisation's own pages carry neither project's acknowledgement.
    for rel in ["kontaktai", "lv/kontakti", "en/contact"] {
        let words = document_text(&built.page(rel));
        assert!(
            !words.contains("EACEA") && !words.contains("Interreg V-A"),
            "{rel} carries a project's acknowledgement"
        );
    }
}
