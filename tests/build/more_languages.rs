//! Latvian, Ukrainian and Polish: dates, ranges, numbers and plural categories against a
//! table computed from CLDR by Python's Babel (`tests/fixtures/cldr/`), and sites in
//! lt+lv+en and lt+uk+en built with the built-in theme only.

use sklaida::i18n::{self, DateStyle};

use crate::support::*;

/// One row of `tests/fixtures/cldr/table.tsv`: kind, language, input, expected.
fn cldr_table() -> Vec<(String, String, String, String)> {
    let path = fixtures_dir().join("cldr/table.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/cldr/table.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "{l}");
            (
                cols[0].to_string(),
                cols[1].to_string(),
                cols[2].to_string(),
                unescape(cols[3]),
            )
        })
        .collect()
}

/// `\u{202f}` → U+202F, as the generator writes spaces other than U+0020.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find('}').expect("closing brace");
        let c = u32::from_str_radix(&after[..end], 16)
            .ok()
            .and_then(char::from_u32)
            .expect("a code point");
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn day(text: &str) -> jiff::civil::Date {
    text.parse().expect("a date")
}

/// What Sklaida makes for one row of the table.
pub fn ours(kind: &str, lang: &str, input: &str) -> String {
    match kind {
        "long" => i18n::format_date(lang, day(input), DateStyle::Long),
        "full" => i18n::format_date(lang, day(input), DateStyle::Full),
        "month_year" => i18n::format_date(lang, day(input), DateStyle::MonthYear),
        "time" => i18n::format_time(lang, input.parse().expect("a time")),
        "range" => {
            let (a, b) = input.split_once('/').expect("start/end");
            i18n::format_date_range(lang, day(a), day(b))
        }
        "number" => i18n::format_number(lang, input.parse().expect("a number")),
        "plural" => i18n::plural_category(lang, input.parse().expect("a number"))
            .name()
            .to_string(),
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn dates_numbers_and_plurals_equal_cldr_as_babel_computes_them() {
    let table = cldr_table();
    assert!(table.len() > 200, "{} rows", table.len());
    let mut wrong = Vec::new();
    for (kind, lang, input, expected) in &table {
        let got = ours(kind, lang, input);
        if &got != expected {
            wrong.push(format!(
                "{kind} {lang} {input}: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
    // Every kind and language is there.
    for kind in [
        "long",
        "full",
        "month_year",
        "time",
        "range",
        "number",
        "plural",
    ] {
        for lang in ["lv", "uk", "pl"] {
            assert!(
                table.iter().any(|(k, l, _, _)| k == kind && l == lang),
                "{kind} {lang}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Sites in lt+lv+en and lt+uk+en with the built-in theme only
// ---------------------------------------------------------------------------------------

/// The fixture sites: (folder, the third language).
const SITES: [(&str, &str); 2] = [("lang_lv", "lv"), ("lang_uk", "uk")];

/// The expected string of the CLDR table for (kind, language, input).
fn cldr(kind: &str, lang: &str, input: &str) -> String {
    cldr_table()
        .into_iter()
        .find(|(k, l, i, _)| k == kind && l == lang && i == input)
        .map(|(_, _, _, expected)| expected)
        .unwrap_or_else(|| panic!("no {kind} {lang} {input} in the CLDR table"))
}

/// A fixture built, with its build warnings and `check`'s findings both empty.
fn built(name: &str) -> TestSite {
    let site = TestSite::fixture(name);
    let report = site.build_ok();
    assert!(
        report.warnings.is_empty(),
        "{name}: {}",
        list(&report.warnings)
    );
    let found = sklaida::check::run(&sklaida::check::Options {
        build: site.options(),
        ..sklaida::check::Options::default()
    })
    .diagnostics;
    assert!(found.is_empty(), "{name}: check found\n{}", list(&found));
    site
}

/// The texts of the elements `css` selects, as written (no-break and thin spaces kept),
/// trimmed.
fn text_of(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The `<link rel="alternate" hreflang>` of a page, x-default left out.
fn alternates(html: &scraper::Html) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = select(html, r#"head link[rel="alternate"][hreflang]"#)
        .into_iter()
        .map(|l| (attr(l, "hreflang").to_string(), attr(l, "href").to_string()))
        .filter(|(code, _)| code != "x-default")
        .collect();
    found.sort();
    found
}

/// The output page an absolute or root-relative address of the site names.
fn rel_of(url: &str) -> String {
    let path = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..]));
    path.to_string()
}

#[test]
fn hreflang_is_complete_and_symmetric_and_the_switcher_lists_every_language() {
    for (name, third) in SITES {
        let site = built(name);
        let codes = ["lt", third, "en"];
        let pages: Vec<(String, scraper::Html)> = site
            .html_files()
            .into_iter()
            .filter(|(rel, _)| !rel.ends_with("404.html") && !rel.ends_with("email.html"))
            .collect();
        assert!(pages.len() > 50, "{name}: {} pages", pages.len());
        let by_path: std::collections::HashMap<String, &scraper::Html> = pages
            .iter()
            .map(|(rel, html)| {
                let path = format!("/{}", rel.trim_end_matches("index.html"));
                (path, html)
            })
            .collect();
        for (rel, html) in &pages {
            let lang = attr(one(html, "html"), "lang").to_string();
            assert!(codes.contains(&lang.as_str()), "{name} {rel}: lang {lang}");
            // The switcher: a labelled nav with a list of every language, in order,
            // each link in its own language, the current one marked and not another.
            let nav = one(html, "nav.lang-switch");
            assert!(!attr(nav, "aria-label").is_empty(), "{name} {rel}");
            let links = select(html, "nav.lang-switch > ul > li > a");
            let hreflangs: Vec<&str> = links.iter().map(|a| attr(*a, "hreflang")).collect();
            assert_eq!(hreflangs, codes, "{name} {rel}");
            for a in &links {
                assert_eq!(attr(*a, "lang"), attr(*a, "hreflang"), "{name} {rel}");
            }
            let current: Vec<&str> = links
                .iter()
                .filter(|a| a.value().attr("aria-current") == Some("page"))
                .map(|a| attr(*a, "hreflang"))
                .collect();
            assert_eq!(current, [lang.as_str()], "{name} {rel}");
            // hreflang: every language when every language has the page, and the same
            // set on each page it names.
            let alts = alternates(html);
            // Every page and section is translated; only a tag's page stands alone.
            let tag = ["zymos/", "birkas/", "mitky/", "tags/"]
                .iter()
                .any(|t| rel.contains(t) && !rel.ends_with(&format!("{t}index.html")));
            assert!(tag || alts.len() == codes.len(), "{name} {rel}: {alts:?}");
            for (code, href) in &alts {
                let other = by_path.get(&rel_of(href)).unwrap_or_else(|| {
                    panic!("{name} {rel}: hreflang {code} → {href}: no such page")
                });
                assert_eq!(
                    attr(one(other, "html"), "lang"),
                    code,
                    "{name} {rel} → {href}"
                );
                assert_eq!(alternates(other), alts, "{name}: {rel} and {href} disagree");
            }
        }
    }
}

#[test]
fn dates_and_counts_follow_cldr_in_latvian_and_ukrainian() {
    // (site, language, events section, articles section, newsletters section)
    for (name, lang, events, articles, newsletters) in [
        (
            "lang_lv",
            "lv",
            "/lv/pasakumi/",
            "/lv/raksti/",
            "/lv/jaunumu-vestules/",
        ),
        (
            "lang_uk",
            "uk",
            "/uk/zakhody/",
            "/uk/statti/",
            "/uk/biuleteni/",
        ),
    ] {
        let site = built(name);
        let when = |event: &str| {
            text_of(
                &site.html(&format!("{events}{event}/")),
                ".event-facts dd time",
            )
        };
        assert_eq!(
            when("sporto-savaite"),
            [cldr("range", lang, "2026-03-02/2026-03-05")]
        );
        assert_eq!(
            when("stovykla"),
            [cldr("range", lang, "2026-03-30/2026-04-02")]
        );
        assert_eq!(
            when("naujieji-metai"),
            [cldr("range", lang, "2026-12-30/2027-01-03")]
        );
        assert_eq!(
            when("seminaras"),
            [
                format!(
                    "{}, {}",
                    cldr("full", lang, "2026-05-15"),
                    cldr("time", lang, "10:00")
                ),
                cldr("time", lang, "12:00"),
            ]
        );
        let list = site.html(articles);
        for day in ["2026-01-01", "2024-02-29", "2020-10-30"] {
            assert_eq!(
                text_of(&list, &format!(r#".card-meta time[datetime="{day}"]"#)),
                [cldr("long", lang, day)],
                "{name} {day}"
            );
        }
        let list = site.html(newsletters);
        assert_eq!(
            text_of(&list, r#".card-meta time[datetime="2026-03-02"]"#),
            [cldr("long", lang, "2026-03-02")]
        );
        // The events list's date tiles: the month and year.
        let tiles = text_of(&site.html(events), ".date-tile-month");
        assert!(
            tiles.contains(&cldr("month_year", lang, "2026-05-15")),
            "{name}: {tiles:?}"
        );
        // Plural forms of counts, by the CLDR category the table gives each number.
        let participants = |event: &str| {
            let html = site.html(&format!("{events}{event}/"));
            text_of(&html, ".event-facts dd")
                .into_iter()
                .last()
                .unwrap_or_default()
        };
        let (forms, section_counts): (&[(&str, &str, &str)], [&str; 2]) = match lang {
            "lv" => (
                &[
                    ("sporto-savaite", "one", "21 dalībnieks"),
                    ("stovykla", "other", "3 dalībnieki"),
                    ("seminaras", "zero", "11 dalībnieku"),
                ],
                ["4 pasākumi", "3 raksti"],
            ),
            _ => (
                &[
                    ("sporto-savaite", "one", "21 учасник"),
                    ("stovykla", "few", "3 учасники"),
                    ("seminaras", "many", "11 учасників"),
                ],
                ["4 заходи", "3 статті"],
            ),
        };
        for (event, category, expected) in forms {
            let n = expected.split(' ').next().unwrap_or_default();
            assert_eq!(cldr("plural", lang, n), *category, "{lang} {n}");
            assert_eq!(participants(event), *expected, "{name} {event}");
        }
        assert_eq!(
            text_of(&site.html(events), ".page-meta"),
            [section_counts[0]]
        );
        assert_eq!(
            text_of(&site.html(articles), ".page-meta"),
            [section_counts[1]]
        );
    }
}

#[test]
fn slugs_feeds_calendars_search_and_emails_exist_in_every_language() {
    for (name, third) in SITES {
        let site = built(name);
        // (language, its root, search folder, events folder, newsletter issue)
        let layout: [(&str, &str, &str, &str, &str); 3] = match third {
            "lv" => [
                ("lt", "/", "paieska", "renginiai", "naujienlaiskiai/nr-1"),
                (
                    "lv",
                    "/lv/",
                    "meklesana",
                    "pasakumi",
                    "jaunumu-vestules/vestule-1",
                ),
                ("en", "/en/", "search", "events", "newsletters/newsletter-1"),
            ],
            _ => [
                ("lt", "/", "paieska", "renginiai", "naujienlaiskiai/nr-1"),
                ("uk", "/uk/", "poshuk", "zakhody", "biuleteni/biuleten-1"),
                ("en", "/en/", "search", "events", "newsletters/newsletter-1"),
            ],
        };
        // Titles in Cyrillic and Latvian letters give transliterated addresses.
        let slugged: &[&str] = match third {
            "lv" => &[
                "/lv/raksti/gimenes-diena/",
                "/lv/birkas/gimene/",
                "/lv/birkas/skola/",
            ],
            _ => &[
                "/uk/statti/shchastia-poruch/",
                "/uk/mitky/pidtrymka/",
                "/uk/mitky/proiekt/",
            ],
        };
        for rel in slugged {
            assert!(site.exists(rel), "{name}: no {rel}");
        }
        // The sitemap lists every language's pages, each with its alternates.
        let sitemap = String::from_utf8(site.read("sitemap.xml")).expect("UTF-8");
        let doc = roxmltree::Document::parse(&sitemap).expect("sitemap.xml parses");
        let locs: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("loc"))
            .filter_map(|n| n.text())
            .collect();
        for (lang, root, search, events, issue) in layout {
            let home = site.html(root);
            let base = attr(one(&home, r#"link[rel="canonical"]"#), "href");
            assert!(locs.contains(&base), "{name}: {base} not in the sitemap");
            // Atom feeds, read as a feed reader reads them.
            let feed = feed_rs::parser::parse(&site.read(&format!("{root}atom.xml"))[..])
                .unwrap_or_else(|e| panic!("{name} {lang}: atom.xml: {e}"));
            assert!(!feed.entries.is_empty(), "{name} {lang}");
            // Calendars, read by the icalendar crate's parser.
            let ics = String::from_utf8(site.read(&format!("{root}{events}/calendar.ics")))
                .expect("UTF-8");
            let unfolded = icalendar::parser::unfold(&ics);
            let calendar = icalendar::parser::read_calendar(&unfolded)
                .unwrap_or_else(|e| panic!("{name} {lang}: calendar.ics: {e}"));
            let events_in = calendar
                .components
                .iter()
                .filter(|c| c.name == "VEVENT")
                .count();
            assert_eq!(events_in, 4, "{name} {lang}");
            // The search index, in the page's language.
            let index: sklaida::search::Index =
                serde_json::from_slice(&site.read(&format!("{root}{search}/index.json")))
                    .unwrap_or_else(|e| panic!("{name} {lang}: search index: {e}"));
            assert_eq!(index.lang, lang);
            assert_eq!(index.docs.len(), 11, "{name} {lang}");
            // The newsletter's e-mail version, in its language, and its text.
            let email = site.html(&format!("{root}{issue}/email.html"));
            assert_eq!(attr(one(&email, "html"), "lang"), lang, "{name}");
            let text =
                String::from_utf8(site.read(&format!("{root}{issue}/email.txt"))).expect("UTF-8");
            assert!(!text.trim().is_empty(), "{name} {lang}");
        }
        // Folded words are found: „skolā“ by "skola", „пам’ять“ by "пам'ять".
        let (search, q, title) = match third {
            "lv" => ("/lv/meklesana/index.json", "skola", "Atpakaļ skolā"),
            _ => ("/uk/poshuk/index.json", "пам'ять", "Пам’ять і підтримка"),
        };
        let index: sklaida::search::Index =
            serde_json::from_slice(&site.read(search)).expect("index");
        let found: Vec<&str> = sklaida::search::query(&index, q)
            .into_iter()
            .map(|d| index.docs[d].title())
            .collect();
        assert_eq!(found, [title], "{name}: {q}");
    }
}
