//! Share cards on real output: every card of the cards fixture and of the example site
//! is a 1200×630 PNG that decodes (the `image` crate), every page points at its card
//! (or its own photo) with size and alt text, OCR (tesseract, `lit+eng`) reads the
//! titles back from the pixels, an unchanged page's card is never drawn again, and bad
//! layouts and fonts are errors naming their file.

use std::path::Path;
use std::process::Command;

use scraper::Html;
use sklaida::BuildOptions;

use crate::support::*;

/// `<meta property=… content=…>` of a page, if any.
fn meta<'a>(html: &'a Html, property: &str) -> Option<&'a str> {
    let css = format!("meta[property=\"{property}\"], meta[name=\"{property}\"]");
    select(html, &css).first().map(|m| attr(*m, "content"))
}

/// Checks every page's social image and every card file of the output at `out` of a
/// site at `base_url`; returns how many cards the pages point at.
fn check_cards(out: &Path, base_url: &str) -> usize {
    let mut referenced = std::collections::BTreeSet::new();
    for (rel, html) in html_files(out) {
        if !rel.ends_with("index.html") || select(&html, "meta[http-equiv=refresh]").len() == 1 {
            continue; // a redirect, an e-mail version, a 404 page
        }
        let Some(image) = meta(&html, "og:image") else {
            panic!("{rel}: no og:image");
        };
        assert_eq!(
            meta(&html, "twitter:card"),
            Some("summary_large_image"),
            "{rel}"
        );
        let alt = meta(&html, "og:image:alt").unwrap_or_default();
        assert!(!alt.trim().is_empty(), "{rel}: og:image without alt text");
        let Some(path) = image.strip_prefix(base_url) else {
            panic!("{rel}: og:image {image} is not an address of the site");
        };
        if !path.ends_with("/share-card.png") {
            continue; // the page's own photo
        }
        assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{rel}");
        assert_eq!(meta(&html, "og:image:height"), Some("630"), "{rel}");
        referenced.insert(path.trim_start_matches('/').to_string());
    }
    let files: std::collections::BTreeSet<String> = output_files(out)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with("share-card.png"))
        .map(|(rel, path)| {
            let img = image::open(&path).unwrap_or_else(|e| panic!("{rel} does not decode: {e}"));
            assert_eq!((img.width(), img.height()), (1200, 630), "{rel}");
            assert_eq!(
                image::ImageFormat::from_path(&path).ok(),
                Some(image::ImageFormat::Png)
            );
            rel
        })
        .collect();
    assert_eq!(
        files, referenced,
        "card files and the pages pointing at them"
    );
    files.len()
}

#[test]
fn every_card_of_the_fixture_is_a_1200_by_630_png_referenced_with_size_and_alt() {
    let site = TestSite::fixture("cards");
    let report = site.build_ok();
    let n = check_cards(&site.out, "https://korteles.example.test");
    // 7 pages and 8 sections, less the page with its own photo.
    assert_eq!(n, 14);
    assert_eq!(report.cards.drawn, 14);
    // The page with its own photo points at it, with its alt text and no card.
    let html = site.html("straipsniai/nuotrauka/index.html");
    assert_eq!(
        meta(&html, "og:image"),
        Some("https://korteles.example.test/images/miskas.png")
    );
    assert_eq!(meta(&html, "og:image:alt"), Some("Miškas rudenį"));
    assert!(!site.exists("straipsniai/nuotrauka/share-card.png"));
    // The card's alt text is the page's title.
    let html = site.html("straipsniai/azuolai/index.html");
    assert_eq!(
        meta(&html, "og:image:alt"),
        Some("Ąžuolų sodinimas Šiaulių mokyklose")
    );
}

#[test]
fn every_card_of_the_example_site_is_a_1200_by_630_png_referenced_with_size_and_alt() {
    let (_tmp, out, report) = build_example_site();
    let n = check_cards(&out, "https://gerove.kazluruda.example");
    assert!(n > 10, "{n}");
    assert_eq!(report.cards.drawn + report.cards.reused, n);
}

#[test]
fn a_second_build_draws_no_card_again_and_an_edit_redraws_only_its_card() {
    let site = TestSite::fixture("cards");
    let first = site.build_ok();
    assert_eq!((first.cards.drawn, first.cards.reused), (14, 0));
    let again = sklaida::build(&BuildOptions {
        force: true,
        ..site.options()
    })
    .expect("builds");
    assert_eq!((again.cards.drawn, again.cards.reused), (0, 14));
    let before = site.read("straipsniai/azuolai/share-card.png");
    let path = site.root.join("content/straipsniai/azuolai.en.md");
    let text = std::fs::read_to_string(&path).expect("read");
    site.write(
        "content/straipsniai/azuolai.en.md",
        &text.replace("Planting oaks", "Planting lindens"),
    );
    let edited = site.build_ok();
    assert_eq!((edited.cards.drawn, edited.cards.reused), (1, 13));
    assert_eq!(site.read("straipsniai/azuolai/share-card.png"), before);
}

#[test]
fn cards_off_leave_pages_without_a_social_image() {
    let site = TestSite::fixture("cards");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    site.write("site.toml", &format!("share_cards = false\n{toml}"));
    let report = site.build_ok();
    assert_eq!(report.cards, Default::default());
    assert!(!site.exists("straipsniai/azuolai/share-card.png"));
    let html = site.html("straipsniai/azuolai/index.html");
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "twitter:card"), Some("summary"));
}

/// Letters folded to their base (ą → a, š → s, ї → і) and lower case: OCR may miss a
/// mark, so words are compared without them.
fn fold(text: &str) -> String {
    icu_normalizer::DecomposingNormalizerBorrowed::new_nfd()
        .normalize(text)
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The text tesseract reads on a PNG, or `None` without tesseract.
fn ocr(png: &Path) -> Option<String> {
    let out = Command::new("tesseract")
        .arg(png)
        .arg("-")
        .args(["-l", "lit+eng"])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "tesseract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn ocr_reads_lithuanian_and_english_titles_back_from_the_cards() {
    let site = TestSite::fixture("cards");
    site.build_ok();
    let cards = [
        (
            "straipsniai/azuolai/share-card.png",
            "Ąžuolų sodinimas Šiaulių mokyklose",
        ),
        (
            "en/straipsniai/azuolai/share-card.png",
            "Planting oaks in village schools",
        ),
        (
            "renginiai/talka/share-card.png",
            "Medžių sodinimo talka Kalnų parkas",
        ),
        (
            "en/renginiai/talka/share-card.png",
            "Tree planting day Kalnai park",
        ),
    ];
    for (rel, words) in cards {
        let path = site.out_path(rel);
        assert!(path.is_file(), "{rel}");
        let Some(text) = ocr(&path) else {
            let message = "SKIPPED ocr_reads_lithuanian_and_english_titles_back_from_the_cards: tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-lit)";
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "{message}"
            );
            eprintln!("\n{message}\n");
            return;
        };
        let read = fold(&text);
        for word in words.split_whitespace() {
            assert!(
                read.contains(&fold(word)),
                "{rel}: OCR did not find {word:?} in {text:?}"
            );
        }
    }
}

#[test]
fn a_layout_that_fails_is_an_error_at_its_file_and_line() {
    let site = TestSite::fixture("cards");
    site.write(
        "templates/share-card.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1200\" height=\"630\">\n<text>{{ card.title.text }}</text>\n<text>{{ card.nothing.here }}</text>\n</svg>\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, Path::new("templates/share-card.svg"));
    assert_eq!(errors[0].line, Some(3), "{}", errors[0]);
}

#[test]
fn a_layout_that_is_not_svg_is_an_error_on_the_template() {
    let site = TestSite::fixture("cards");
    site.write("templates/share-card.svg", "<svg><rect></svg>\n");
    let errors = site.build_errors();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|e| e.path == Path::new("templates/share-card.svg")),
        "{errors:?}"
    );
    assert!(
        errors[0].message.contains("could not be drawn"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_font_without_a_languages_letters_is_an_error_naming_the_file_and_letters() {
    let site = TestSite::fixture("cards");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    site.write(
        "site.toml",
        &format!("share_card_font = \"fonts/NotoSansRunic-Regular.ttf\"\n{toml}"),
    );
    let errors = site.build_errors();
    let about = |lang: &str| {
        errors
            .iter()
            .find(|e| e.message.contains(&format!("which {lang} pages need")))
            .unwrap_or_else(|| panic!("no error for {lang}: {errors:?}"))
    };
    let lt = about("lt");
    assert_eq!(lt.path, Path::new("site.toml"));
    assert_eq!(lt.field.as_deref(), Some("share_card_font"));
    assert!(
        lt.message.contains("fonts/NotoSansRunic-Regular.ttf"),
        "{lt}"
    );
    assert!(lt.message.contains('ą') && lt.message.contains('Ž'), "{lt}");
    let uk = about("uk");
    assert!(uk.message.contains('ї') && uk.message.contains('Ґ'), "{uk}");
}

/// The funder's mark on a card keeps its statement: the example's emblem file writes
/// "Co-funded by the European Union" as SVG text in Arial or a generic sans-serif, which
/// the card's only font must stand in for, and the panel behind it keeps dark text
/// readable.
#[test]
fn ocr_reads_the_funders_statement_on_the_example_cards() {
    let (tmp, out, _report) = build_example_site();
    let card = out.join("en/articles/look-deeper-mental-health-ambassadors/share-card.png");
    assert!(card.is_file(), "{}", card.display());
    // The panel (bottom right), three times as large: tesseract misses 14-pixel text.
    let panel = image::open(&card)
        .expect("the card decodes")
        .crop_imm(880, 470, 260, 110)
        .resize(780, 330, image::imageops::FilterType::Lanczos3);
    let enlarged = tmp.path().join("panel.png");
    panel.save(&enlarged).expect("panel saved");
    let Some(text) = ocr(&enlarged) else {
        let message = "SKIPPED ocr_reads_the_funders_statement_on_the_example_cards: tesseract is not installed";
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "{message}"
        );
        eprintln!("\n{message}\n");
        return;
    };
    let read = fold(&text);
    for word in ["Co-funded", "European", "Union"] {
        assert!(
            read.contains(&fold(word)),
            "OCR did not find {word:?} in {text:?}"
        );
    }
}
