//! The results page and `results.json`: the figures counted from content equal what the
//! fixture's front matter says, counted here independently; manual indicators, number
//! formats, the bar charts and the funder's disclaimer.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

/// Figures per measure, as the test counts them from the fixture's files.
#[derive(Debug, Default)]
struct Expected {
    totals: BTreeMap<String, u64>,
    years: BTreeMap<i64, BTreeMap<String, u64>>,
    undated: BTreeMap<String, u64>,
}

const MEASURES: [&str; 6] = [
    "events_held",
    "participants",
    "posters",
    "articles",
    "newsletters",
    "stories",
];

fn front_matter(text: &str) -> yaml_serde::Value {
    let body = text.strip_prefix("---\n").expect("front matter");
    let end = body.find("\n---").expect("front matter end");
    yaml_serde::from_str(&body[..end]).expect("valid YAML")
}

fn field<'a>(fm: &'a yaml_serde::Value, key: &str) -> Option<&'a yaml_serde::Value> {
    fm.get(key).filter(|v| !v.is_null())
}

fn text_field(fm: &yaml_serde::Value, key: &str) -> Option<String> {
    field(fm, key).map(|v| match v {
        yaml_serde::Value::String(s) => s.clone(),
        other => yaml_serde::to_string(other)
            .expect("yaml")
            .trim()
            .to_string(),
    })
}

/// Counts the fixture's content by the documented rule: one item per translation
/// group (the default-language file speaks for it), only what is published, events
/// held when over at the test's "now" and scheduled.
fn count(root: &Path) -> Expected {
    // Translation group (path without language and extension) → front matter, the
    // Lithuanian file first.
    let mut groups: BTreeMap<String, (String, yaml_serde::Value)> = BTreeMap::new();
    for (rel, path) in output_files(&root.join("content")) {
        let Some(stem) = rel.strip_suffix(".md") else {
            continue;
        };
        if stem.ends_with("_index") || stem.ends_with("_index.en") {
            continue;
        }
        let is_en = stem.ends_with(".en");
        let key = stem.trim_end_matches(".en").trim_end_matches("/index");
        let folder = rel.split('/').next().expect("folder").to_string();
        let fm = front_matter(&std::fs::read_to_string(&path).expect("read"));
        if !is_en || !groups.contains_key(key) {
            groups.insert(key.to_string(), (folder, fm));
        }
    }
    let today = "2026-11-23";
    let now = "2026-11-23T12:00";
    let mut expected = Expected::default();
    for (folder, fm) in groups.values() {
        if field(fm, "draft").and_then(|v| v.as_bool()) == Some(true) {
            continue;
        }
        let date = text_field(fm, "date");
        if date.as_deref().is_some_and(|d| d > today) {
            continue;
        }
        let mut add = |year: Option<&str>, measure: &str, n: u64| {
            *expected.totals.entry(measure.into()).or_default() += n;
            let bucket = match year {
                Some(y) => expected.years.entry(y.parse().expect("year")).or_default(),
                None => &mut expected.undated,
            };
            *bucket.entry(measure.into()).or_default() += n;
        };
        let year = date.as_deref().map(|d| &d[..4]);
        match folder.as_str() {
            "renginiai" => {
                let start = text_field(fm, "start").expect("start");
                let last = text_field(fm, "end").unwrap_or_else(|| start.clone());
                let over = if last.len() == 10 {
                    last.as_str() < today
                } else {
                    &last[..16] < now
                };
                let status = text_field(fm, "status").unwrap_or_else(|| "scheduled".into());
                if over && status == "scheduled" {
                    let participants = field(fm, "participants")
                        .and_then(|v| v.as_u64())
                        .unwrap_or(0);
                    add(Some(&start[..4]), "events_held", 1);
                    add(Some(&start[..4]), "participants", participants);
                }
            }
            "plakatai" => add(year, "posters", 1),
            "straipsniai" => add(year, "articles", 1),
            "naujienlaiskiai" => add(year, "newsletters", 1),
            "istorijos" if field(fm, "consent").and_then(|v| v.as_bool()) == Some(true) => {
                add(year, "stories", 1)
            }
            _ => {}
        }
    }
    expected
}

fn get(map: &BTreeMap<String, u64>, measure: &str) -> u64 {
    map.get(measure).copied().unwrap_or(0)
}

/// Digits of a formatted number ("1 042", "1,042") as a number.
fn digits(text: &str) -> u64 {
    let d: String = text.chars().filter(char::is_ascii_digit).collect();
    d.parse()
        .unwrap_or_else(|_| panic!("no number in {text:?}"))
}

/// An element's text as written: no-break spaces stay (`text` would collapse them).
fn raw(element: scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_string()
}

fn json(site: &TestSite) -> serde_json::Value {
    serde_json::from_slice(&site.read("/results.json")).expect("results.json parses")
}

#[test]
fn results_json_equals_the_content() {
    let site = TestSite::fixture("results");
    site.build_ok();
    let expected = count(&site.root);
    // The fixture is built so that every rule matters.
    assert_eq!(get(&expected.totals, "events_held"), 4, "{expected:?}");
    assert_eq!(get(&expected.totals, "participants"), 1042, "{expected:?}");

    let data = json(&site);
    assert_eq!(data["generated"], "2026-11-23T12:00:00+02:00");
    assert_eq!(data["pages"]["lt"], "https://example.test/rezultatai/");
    assert_eq!(data["pages"]["en"], "https://example.test/en/results/");
    assert_eq!(data["held_without_participants"], 1);
    let computed = data["computed"].as_array().expect("computed");
    let ids: Vec<&str> = computed.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids, MEASURES);
    for m in computed {
        let id = m["id"].as_str().expect("id");
        assert_eq!(m["total"], get(&expected.totals, id), "{id} total");
        assert_eq!(m["undated"], get(&expected.undated, id), "{id} undated");
        let by_year: BTreeMap<i64, u64> = m["by_year"]
            .as_array()
            .expect("by_year")
            .iter()
            .map(|y| {
                (
                    y["year"].as_i64().expect("year"),
                    y["value"].as_u64().expect("value"),
                )
            })
            .collect();
        let want: BTreeMap<i64, u64> = expected
            .years
            .iter()
            .map(|(y, counts)| (*y, get(counts, id)))
            .collect();
        assert_eq!(by_year, want, "{id} by year");
        // The per-year figures and the undated ones add up to the total.
        assert_eq!(
            by_year.values().sum::<u64>() + get(&expected.undated, id),
            get(&expected.totals, id)
        );
        assert!(m["label"]["lt"].is_string() && m["label"]["en"].is_string());
    }
    assert_eq!(computed[1]["label"]["lt"], "Renginių dalyviai");
    assert_eq!(computed[1]["label"]["en"], "Event participants");

    let indicators = data["indicators"].as_array().expect("indicators");
    assert_eq!(indicators.len(), 3);
    assert_eq!(indicators[0]["label"]["lt"], "Konsultuoti gyventojai");
    assert_eq!(indicators[0]["value"], 1234.5);
    assert_eq!(indicators[0]["target"], 1000);
    assert_eq!(indicators[0]["percent"], 123);
    assert_eq!(indicators[0]["source"]["en"], "Register");
    assert_eq!(indicators[0]["as_of"], "2026-10-31");
    assert_eq!(indicators[1]["percent"], 90);
    assert!(indicators[2]["target"].is_null() && indicators[2]["percent"].is_null());
}

/// The cells of a table row, as text.
fn row(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, &format!("{css} th, {css} td"))
        .into_iter()
        .map(raw)
        .collect()
}

#[test]
fn results_pages_show_the_same_figures_in_each_language() {
    let site = TestSite::fixture("results");
    site.build_ok();
    let expected = count(&site.root);
    let years: Vec<String> = expected.years.keys().map(|y| y.to_string()).collect();

    for (url, lang, undated, total) in [
        ("/rezultatai/", "lt", "Be datos", "Iš viso"),
        ("/en/results/", "en", "Undated", "Total"),
    ] {
        let html = site.html(url);
        // The table of counted figures: years, then undated items, then the total.
        let table = one(&html, "#results-counted-table");
        assert!(!text(one(&html, "#results-counted-table caption")).is_empty());
        let head: Vec<String> = select(&html, "#results-counted-table thead th")
            .into_iter()
            .map(|th| {
                assert_eq!(attr(th, "scope"), "col");
                text(th)
            })
            .collect();
        let mut want_head = vec![head[0].clone()];
        want_head.extend(years.iter().cloned());
        want_head.extend([undated.to_string(), total.to_string()]);
        assert_eq!(head, want_head, "{lang}");
        for measure in MEASURES {
            let cells = row(&html, &format!("tr[data-measure=\"{measure}\"]"));
            let th = one(&html, &format!("tr[data-measure=\"{measure}\"] th"));
            assert_eq!(attr(th, "scope"), "row");
            let numbers: Vec<u64> = cells[1..].iter().map(|c| digits(c)).collect();
            let mut want: Vec<u64> = expected.years.values().map(|c| get(c, measure)).collect();
            want.extend([
                get(&expected.undated, measure),
                get(&expected.totals, measure),
            ]);
            assert_eq!(numbers, want, "{lang} {measure}");
        }
        assert!(table.html().contains("data-measure"));
        // Numbers in the reader's language.
        let participants = row(&html, "tr[data-measure=\"participants\"]");
        let want = if lang == "lt" { "1\u{a0}042" } else { "1,042" };
        assert_eq!(participants.last().map(String::as_str), Some(want));

        // The chart of participants: one bar per year, each labelled with its number.
        let svg = one(
            &html,
            "svg[aria-labelledby^=\"results-chart-participants\"]",
        );
        assert_eq!(attr(svg, "role"), "img");
        let labelled_by: Vec<&str> = attr(svg, "aria-labelledby").split(' ').collect();
        for id in &labelled_by {
            let named = one(&html, &format!("#{id}"));
            assert!(!text(named).is_empty(), "#{id} is empty");
        }
        let bars: Vec<String> = select(
            &html,
            "svg[aria-labelledby^=\"results-chart-participants\"] text.chart-value",
        )
        .into_iter()
        .map(raw)
        .collect();
        let want_bars: Vec<u64> = expected
            .years
            .values()
            .map(|c| get(c, "participants"))
            .collect();
        assert_eq!(
            bars.iter().map(|b| digits(b)).collect::<Vec<_>>(),
            want_bars
        );
        assert_eq!(
            select(
                &html,
                "svg[aria-labelledby^=\"results-chart-participants\"] rect.chart-bar"
            )
            .len(),
            want_bars.len()
        );
        // The description says every bar in words.
        let desc = raw(one(&html, "#results-chart-participants-desc"));
        for (year, shown) in expected.years.keys().zip(&bars) {
            assert!(desc.contains(&format!("{year}: {shown}.")), "{desc}");
        }
    }
}

#[test]
fn manual_indicators_show_value_target_and_share_per_language() {
    let site = TestSite::fixture("results");
    site.build_ok();
    let lt = site.html("/rezultatai/");
    let rows: Vec<Vec<String>> = select(&lt, "#results-targets-table tbody tr")
        .into_iter()
        .map(|tr| tr.select(&selector("th, td")).map(raw).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0][0].starts_with("Konsultuoti gyventojai"),
        "{:?}",
        rows[0]
    );
    assert!(rows[0][0].contains("Registras") && rows[0][0].contains("2026 m. spalio 31 d."));
    assert_eq!(rows[0][1..], ["1\u{a0}234,5", "1\u{a0}000", "123\u{a0}%"]);
    assert_eq!(rows[1][1..], ["36", "40", "90\u{a0}%"]);
    assert_eq!(rows[2][1..], ["500", "–", "–"]);

    let en = site.html("/en/results/");
    let first: Vec<String> = select(&en, "#results-targets-table tbody tr:first-child td")
        .into_iter()
        .map(raw)
        .collect();
    assert_eq!(first, ["1,234.5", "1,000", "123%"]);

    // The chart has a bar for each indicator with a target, labelled "x (planned y; z %)".
    let bars: Vec<String> = select(
        &lt,
        "svg[aria-labelledby^=\"results-chart-targets\"] text.chart-value",
    )
    .into_iter()
    .map(raw)
    .collect();
    assert_eq!(
        bars,
        [
            "1\u{a0}234,5 (planuota 1\u{a0}000; 123\u{a0}%)",
            "36 (planuota 40; 90\u{a0}%)"
        ]
    );
    let targets = select(
        &lt,
        "svg[aria-labelledby^=\"results-chart-targets\"] line.chart-target",
    );
    assert_eq!(targets.len(), 2, "a target marker per bar");
    let en_bars: Vec<String> = select(
        &en,
        "svg[aria-labelledby^=\"results-chart-targets\"] text.chart-value",
    )
    .into_iter()
    .map(raw)
    .collect();
    assert_eq!(en_bars[0], "1,234.5 (planned 1,000; 123%)");
}

#[test]
fn funder_disclaimer_is_on_the_results_page_and_the_emblem_in_every_footer() {
    let site = TestSite::fixture("results");
    site.build_ok();
    let config = sklaida::config::Config::load(&site.root).expect("config");
    let funding = config.funding.expect("funding");
    for (lang, results_url) in [("lt", "/rezultatai/"), ("en", "/en/results/")] {
        let disclaimer = funding
            .disclaimer
            .as_ref()
            .expect("disclaimer")
            .get(lang, "lt");
        let statement = funding.statement.get(lang, "lt");
        let html = site.html(results_url);
        assert_eq!(
            text(one(&html, ".funding-note [class$=disclaimer]")),
            disclaimer
        );
        assert_eq!(attr(one(&html, ".funding-note"), "role"), "note");
        // Once on the page: in the note, not again in the footer.
        assert_eq!(
            document_text(&html).matches(disclaimer).count(),
            1,
            "{lang}"
        );
        // Every page of the language has the emblem, whose alt text is the statement.
        for (rel, page) in site.html_files() {
            let page_lang = attr(one(&page, "html"), "lang").to_string();
            // Newsletters' e-mail versions carry the emblem in their own table.
            if page_lang != lang || rel.ends_with("email.html") {
                continue;
            }
            let emblem = one(&page, "footer .funding img.funding-emblem");
            assert_eq!(attr(emblem, "alt"), statement, "{rel}");
            assert_eq!(
                attr(emblem, "src"),
                funding.emblem.as_ref().expect("emblem").get(lang, "lt"),
                "{rel}"
            );
        }
    }
}

#[test]
fn results_json_is_written_only_with_a_results_page() {
    let site = TestSite::fixture("results");
    site.remove("content/rezultatai.md");
    site.remove("content/rezultatai.en.md");
    site.build_ok();
    assert!(!site.exists("/results.json"));
}

#[test]
fn translations_that_disagree_on_figures_are_warned_about() {
    let site = TestSite::fixture("results");
    site.write(
        "content/renginiai/2025-05-10-paroda.en.md",
        "---\ntitle: Exhibition\nstart: 2025-05-10T10:00\nstatus: scheduled\nparticipants: 31\n---\nX.\n",
    );
    let report = site.build_ok();
    let warning = report
        .warnings
        .iter()
        .find(|w| w.field.as_deref() == Some("participants"))
        .unwrap_or_else(|| panic!("no warning:\n{}", list(&report.warnings)));
    assert_eq!(
        warning.path,
        Path::new("content/renginiai/2025-05-10-paroda.en.md")
    );
    assert_eq!(warning.line, Some(5));
    assert!(
        warning.message.contains("2025-05-10-paroda.md"),
        "{warning}"
    );
    // The Lithuanian version's 30 is what counts.
    let data = json(&site);
    assert_eq!(data["computed"][1]["total"], 1042);
}

#[test]
fn an_unknown_layout_is_an_error_naming_the_file() {
    let site = TestSite::fixture("results");
    site.write(
        "content/rezultatai.md",
        "---\ntitle: Rezultatai\nextra:\n  layout: rezultatai\n---\nX.\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/rezultatai.md", "extra.layout", 3);
    assert!(
        errors[0].message.contains("rezultatai.html"),
        "{}",
        errors[0]
    );
}

#[test]
fn bad_indicators_in_site_toml_are_errors_with_lines() {
    let site = TestSite::fixture("results");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    site.write("site.toml", &toml.replace("target = 40", "target = 0"));
    let errors = site.build_errors();
    let line = toml
        .lines()
        .position(|l| l == "target = 40")
        .map(|i| i + 1)
        .expect("line");
    assert_single_error(&errors, "site.toml", "indicators[1].target", line);
}
