//! Ambassador stories: a story without consent is in no output file at all, the
//! content warning comes before the story, and every story page shows the helplines.

use std::path::Path;

use crate::support::*;

#[test]
fn the_example_story_without_consent_is_in_no_output_file() {
    let (_tmp, out, report) = build_example_site();
    let warned: Vec<&Path> = report
        .warnings
        .iter()
        .filter(|w| w.field.as_deref() == Some("consent"))
        .map(|w| w.path.as_path())
        .collect();
    assert_eq!(
        warned,
        [
            Path::new("content/istorijos/2026-11-18-egzaminu-metai.en.md"),
            Path::new("content/istorijos/2026-11-18-egzaminu-metai.md"),
        ]
    );
    // Its title, address, summary, text and notes: in no page, list, feed, tag page,
    // sitemap, calendar or data file.
    let needles = [
        "egzaminu-metai",
        "the-exam-year",
        "Egzaminų metai",
        "The exam year",
        "NESKELBTI",
        "DO NOT PUBLISH",
        "Abiturientas iš Kazlų Rūdos",
        "A final-year pupil",
        "Sutikimo forma",
        "Consent form sent",
    ];
    let files = output_files(&out);
    assert!(files.len() > 100, "{} files", files.len());
    for (rel, path) in &files {
        let bytes = std::fs::read(path).expect("read output");
        let text = String::from_utf8_lossy(&bytes);
        for needle in needles {
            assert!(!text.contains(needle), "{needle:?} is in {rel}");
        }
    }
    // Not counted either: two stories, each in two languages.
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.json")).expect("results.json"))
            .expect("JSON");
    let stories = data["computed"]
        .as_array()
        .expect("computed")
        .iter()
        .find(|m| m["id"] == "stories")
        .expect("stories");
    assert_eq!(stories["total"], 2);
    for (list, lang) in [
        ("istorijos/index.html", "lt"),
        ("en/stories/index.html", "en"),
    ] {
        let html = scraper::Html::parse_document(
            &std::fs::read_to_string(out.join(list)).expect("story list"),
        );
        assert_eq!(select(&html, "main .card-title a").len(), 2, "{lang}");
    }
}

/// Helpline names in `lang` from the example's site.toml.
fn helpline_names(lang: &str) -> Vec<String> {
    let config =
        sklaida::config::Config::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("site.toml");
    config
        .helplines
        .iter()
        .map(|h| h.name.get(lang, "lt").to_string())
        .collect()
}

#[test]
fn example_story_pages_warn_first_and_show_the_helplines() {
    let (_tmp, out, _) = build_example_site();
    let pages = [
        (
            "istorijos/kai-nerimas-tampa-kasdienybe/index.html",
            "lt",
            false,
        ),
        (
            "en/stories/when-anxiety-becomes-everyday/index.html",
            "en",
            false,
        ),
        ("istorijos/vieno-skambucio-drasa/index.html", "lt", true),
        (
            "en/stories/the-courage-of-one-phone-call/index.html",
            "en",
            true,
        ),
    ];
    for (rel, lang, anonymous) in pages {
        let html = scraper::Html::parse_document(
            &std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")),
        );
        // The warning, in a marked box, before the story's text.
        let order: Vec<String> = select(&html, "main aside.content-warning, main .story-body")
            .into_iter()
            .map(|e| e.value().attr("class").unwrap_or("").to_string())
            .collect();
        assert_eq!(order.len(), 2, "{rel}");
        assert!(order[0].contains("content-warning"), "{rel}: {order:?}");
        let warning = one(&html, "main aside.content-warning");
        assert_eq!(attr(warning, "role"), "note");
        let title_id = attr(warning, "aria-labelledby");
        assert!(!text(one(&html, &format!("#{title_id}"))).is_empty());
        // The helplines beside it, in the page's language, besides those in the footer.
        let names: Vec<String> = warning
            .select(&selector(".helpline-name"))
            .map(text)
            .collect();
        assert_eq!(names, helpline_names(lang), "{rel}");
        assert_eq!(
            select(&html, "footer .helpline").len(),
            names.len(),
            "{rel}"
        );

        // A photo with its alt text, or for an anonymous story a decorative placeholder.
        let portrait = one(&html, ".story-portrait");
        let img = portrait.select(&selector("img")).next();
        if anonymous {
            assert!(img.is_none(), "{rel}");
            let svg = portrait
                .select(&selector("svg"))
                .next()
                .expect("placeholder");
            assert_eq!(attr(svg, "aria-hidden"), "true");
            assert!(!text(one(&html, ".story-name")).is_empty());
        } else {
            let img = img.expect("photo");
            assert!(attr(img, "alt").contains("Ievos") || attr(img, "alt").contains("Ieva"));
            assert_eq!(text(one(&html, ".story-name")), "Ieva Jurgaitienė");
        }
    }
}

#[test]
fn a_story_without_a_warning_shows_the_helplines_after_it() {
    let site = TestSite::fixture("stories");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &format!(
            "{toml}\n[[helplines]]\nname = {{ lt = \"Vilties linija\", en = \"Line of Hope\" }}\nphone = \"116 123\"\n"
        ),
    );
    site.build_ok();
    let html = site.html("/istorijos/drasa/");
    assert!(select(&html, "aside.content-warning").is_empty());
    let order: Vec<String> = select(&html, "main aside.story-support, main .story-body")
        .into_iter()
        .map(|e| e.value().attr("class").unwrap_or("").to_string())
        .collect();
    assert_eq!(order.len(), 2, "{order:?}");
    assert!(order[1].contains("story-support"), "{order:?}");
    let support = one(&html, "aside.story-support");
    assert_eq!(attr(support, "role"), "note");
    let names: Vec<String> = support
        .select(&selector(".helpline-name"))
        .map(text)
        .collect();
    assert_eq!(names, ["Vilties linija"]);
    let phone = support
        .select(&selector("a.helpline-phone"))
        .next()
        .expect("phone");
    assert_eq!(attr(phone, "href"), "tel:116123");
}
