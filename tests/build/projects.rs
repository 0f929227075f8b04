//! Projects (issue 12), over `tests/fixtures/projects`: two projects of different
//! programmes (Interreg with the EU, LLI-344; EEA Grants with a ministry, EEA-7), pages
//! inside and outside them. Asserted by parsing the output: the fact box and amounts per
//! language, partners in order with alt text, each page's acknowledgement and
//! disclaimers, per-project results, `results.json`'s block, the EU emblem's geometry,
//! the e-mail version, and the example site's acknowledgement unchanged.

use crate::support::*;

const LLI_LT: &str = "Bendrai finansuoja Europos Sąjunga";
const LLI_INTERREG_DISCLAIMER: &str =
    "Už šio leidinio turinį atsako tik Pakruojo rajono savivaldybės administracija.";
const LLI_EU_DISCLAIMER: &str = "Nuomonės yra tik autorių.";
const EEA_LT: &str =
    "Projektui „Sveika bendruomenė“ skirta 250 000 € EEE finansinio mechanizmo parama.";
const EEA_EN: &str = "The Healthy community project benefits from a €250,000 grant from Iceland, Liechtenstein and Norway through the EEA Grants.";
const SITE_LT: &str = "Svetainę finansuoja savivaldybė";

fn site() -> TestSite {
    let site = TestSite::fixture("projects");
    site.build_ok();
    site
}

fn facts(html: &scraper::Html) -> Vec<(String, String)> {
    select(html, ".project-facts > dl.facts > div")
        .into_iter()
        .map(|d| (text(one_in(d, "dt")), text(one_in(d, "dd"))))
        .collect()
}

fn one_in<'a>(e: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    e.select(&selector(css))
        .next()
        .unwrap_or_else(|| panic!("no {css} in {}", e.html()))
}

#[test]
fn fact_boxes_show_figures_formatted_per_language() {
    let site = site();
    let lt = facts(&site.html("projektai/lli-344/index.html"));
    let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert!(lt.contains(&pair("Projekto Nr.", "LLI-344")), "{lt:?}");
    // (`text` collapses white space, U+00A0 too; the raw HTML keeps it.)
    assert!(
        lt.contains(&pair("Bendra projekto vertė", "447 391,61 €")),
        "{lt:?}"
    );
    assert!(
        lt.contains(&pair("Skirtas finansavimas", "380 282,87 €")),
        "{lt:?}"
    );
    let raw = String::from_utf8(site.read("projektai/lli-344/index.html")).expect("UTF-8");
    assert!(raw.contains("<dd class=\"project-total\">447\u{a0}391,61\u{a0}€</dd>"));
    assert!(lt.contains(&pair("Būsena", "Įgyvendintas")), "{lt:?}");
    let en = facts(&site.html("en/projects/lli-344/index.html"));
    assert!(en.contains(&pair("Total budget", "€447,391.61")), "{en:?}");
    assert!(en.contains(&pair("Grant", "€380,282.87")), "{en:?}");
    assert!(
        en.contains(&pair(
            "Programme",
            "Interreg V-A Latvia–Lithuania Programme 2014–2020"
        )),
        "{en:?}"
    );
    let eea = facts(&site.html("projektai/sveikata/index.html"));
    assert!(eea.contains(&pair("Būsena", "Vykdomas")), "{eea:?}");
}

#[test]
fn partners_are_listed_lead_first_with_alt_text() {
    let site = site();
    for (page, lang) in [
        ("projektai/lli-344/index.html", "lt"),
        ("en/projects/lli-344/index.html", "en"),
    ] {
        let html = site.html(page);
        let items = select(&html, ".project-facts .partners > li");
        assert_eq!(items.len(), 2, "{page}");
        assert!(attr(items[0], "class").contains("partner-lead"));
        let lt = cldr_country(lang, "LT");
        assert!(text(items[0]).starts_with(&format!(
            "Pakruojo rajono savivaldybės administracija ({lt})"
        )));
        let logo = one_in(items[0], "img");
        assert_eq!(attr(logo, "alt"), "Pakruojo rajono savivaldybė");
        assert_eq!(attr(logo, "src"), "/projektai/lli-344/pakruojis.svg");
        assert!(site.exists("projektai/lli-344/pakruojis.svg"));
        assert_eq!(attr(one_in(items[0], "a"), "href"), "https://pakruojis.lt");
        let lv = cldr_country(lang, "LV");
        assert!(text(items[1]).starts_with(&format!("Rundāles novada pašvaldība ({lv})")));
    }
    // The partners() shortcode in the English project text lists the same, in order.
    let html = site.html("en/projects/lli-344/index.html");
    let names: Vec<String> = select(&html, ".shortcode-partners .partner-name")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(
        names,
        [
            "Pakruojo rajono savivaldybės administracija",
            "Rundāles novada pašvaldība"
        ]
    );
}

/// The footer's acknowledgement of a page: (project link, statements, disclaimers),
/// or `None` for the site-wide one (then its statement).
fn acknowledgement(html: &scraper::Html) -> Result<(String, Vec<String>, Vec<String>), String> {
    let footer = one(html, "footer .funding");
    if !attr(footer, "class").contains("funding-project") {
        return Err(text(one_in(footer, ".funding-statement")));
    }
    let link = attr(one_in(footer, ".funding-project a"), "href").to_string();
    let statements = footer
        .select(&selector(".funder-statement"))
        .map(text)
        .collect();
    let disclaimers = footer
        .select(&selector(".funding-disclaimer"))
        .map(text)
        .collect();
    Ok((link, statements, disclaimers))
}

#[test]
fn every_page_of_a_project_carries_its_acknowledgement_and_others_the_sites() {
    let site = site();
    let mut seen = (0, 0, 0);
    for (rel, html) in site.html_files() {
        let Some(footer) = select(&html, "footer .funding").into_iter().next() else {
            continue;
        };
        let _ = footer;
        let ack = acknowledgement(&html);
        if rel.starts_with("projektai/lli-344/") || rel.starts_with("en/projects/lli-344/") {
            let (link, statements, disclaimers) =
                ack.unwrap_or_else(|s| panic!("{rel}: site-wide {s}"));
            let en = rel.starts_with("en/");
            assert_eq!(
                link,
                if en {
                    "/en/projects/lli-344/"
                } else {
                    "/projektai/lli-344/"
                },
                "{rel}"
            );
            let eu = if en {
                "Co-funded by the European Union"
            } else {
                LLI_LT
            };
            assert!(statements.iter().any(|s| s == eu), "{rel}: {statements:?}");
            // Interreg's disclaimer is on every page of the project.
            assert!(
                disclaimers
                    .iter()
                    .any(|d| d.contains("sole responsibility") || d == LLI_INTERREG_DISCLAIMER),
                "{rel}: {disclaimers:?}"
            );
            seen.0 += 1;
        } else if rel.starts_with("projektai/sveikata/")
            || rel.starts_with("en/projects/healthy-community/")
            || rel == "straipsniai/apie-sveikata/index.html"
        {
            let (_, statements, _) = ack.unwrap_or_else(|s| panic!("{rel}: site-wide {s}"));
            let eea = if rel.starts_with("en/") {
                EEA_EN
            } else {
                EEA_LT
            };
            assert_eq!(statements[0], eea, "{rel}");
            seen.1 += 1;
        } else {
            assert_eq!(
                ack.err().as_deref().unwrap_or("a project's"),
                if rel.starts_with("en/") {
                    "The website is funded by the municipality"
                } else {
                    SITE_LT
                },
                "{rel}"
            );
            seen.2 += 1;
        }
    }
    assert!(seen.0 >= 7 && seen.1 >= 6 && seen.2 >= 5, "{seen:?}");
}

#[test]
fn disclaimers_for_publications_are_on_publications_only() {
    let site = site();
    let ack = |rel: &str| acknowledgement(&site.html(rel)).unwrap_or_else(|s| panic!("{rel}: {s}"));
    // An article and a newsletter publish views: both disclaimers.
    for rel in [
        "projektai/lli-344/straipsniai/ataskaita/index.html",
        "projektai/lli-344/naujienlaiskiai/nr-1/index.html",
        "projektai/lli-344/index.html",
    ] {
        assert_eq!(
            ack(rel).2,
            [LLI_INTERREG_DISCLAIMER, LLI_EU_DISCLAIMER],
            "{rel}"
        );
    }
    // An event page: Interreg's (every page) only.
    assert_eq!(
        ack("projektai/lli-344/renginiai/zygis/index.html").2,
        [LLI_INTERREG_DISCLAIMER]
    );
    // The site-wide disclaimer box is not repeated on a project's newsletter.
    let html = site.html("projektai/lli-344/naujienlaiskiai/nr-1/index.html");
    assert!(select(&html, ".funding-note").is_empty());
}

fn counted(html: &scraper::Html) -> Vec<(String, String)> {
    select(html, ".project-counted dd")
        .into_iter()
        .map(|d| (attr(d, "data-measure").to_string(), text(d)))
        .collect()
}

#[test]
fn results_count_a_projects_own_pages_only() {
    let site = site();
    let m = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    // LLI: one event held (40 participants, published in two languages: once), one
    // article, one newsletter. Not the site's other article, not EEA-7's pages.
    assert_eq!(
        counted(&site.html("projektai/lli-344/index.html")),
        m(&[
            ("events_held", "1"),
            ("participants", "40"),
            ("posters", "0"),
            ("articles", "1"),
            ("newsletters", "1"),
            ("stories", "0")
        ])
    );
    // EEA-7: its event (25), the article outside its folder that names it, its newsletter.
    assert_eq!(
        counted(&site.html("projektai/sveikata/index.html")),
        m(&[
            ("events_held", "1"),
            ("participants", "25"),
            ("posters", "0"),
            ("articles", "1"),
            ("newsletters", "1"),
            ("stories", "0")
        ])
    );
    let html = site.html("projektai/lli-344/index.html");
    let row: Vec<String> = select(&html, ".project-indicators tbody tr > *")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(row, ["Dalyviai", "800", "600", "133 %"]);
}

#[test]
fn results_json_has_a_block_per_project() {
    let site = site();
    let json: serde_json::Value = serde_json::from_slice(&site.read("results.json")).expect("JSON");
    let projects = json["projects"].as_array().expect("projects");
    assert_eq!(projects.len(), 2);
    let lli = &projects[0];
    assert_eq!(lli["code"], "LLI-344");
    assert_eq!(lli["status"], "completed");
    assert_eq!(lli["budget"]["total"], 447_391.61);
    assert_eq!(lli["name"]["en"], "Health without borders");
    assert_eq!(lli["computed"]["participants"], 40);
    assert_eq!(lli["indicators"][0]["percent"], 133);
    let eea = &projects[1];
    assert_eq!(eea["status"], "running");
    assert_eq!(eea["computed"]["articles"], 1);
    // The site's totals still count everything once.
    let total = |id: &str| {
        json["computed"]
            .as_array()
            .expect("computed")
            .iter()
            .find(|c| c["id"] == id)
            .expect("measure")["total"]
            .clone()
    };
    assert_eq!(total("articles"), 3);
    assert_eq!(total("participants"), 65);
}

#[test]
fn the_projects_list_shows_running_then_completed() {
    let site = site();
    let html = site.html("projektai/index.html");
    let cards: Vec<(String, String)> = select(&html, ".project-card")
        .into_iter()
        .map(|c| (attr(c, "data-status").to_string(), text(one_in(c, "h2"))))
        .collect();
    assert_eq!(
        cards,
        [
            ("running".to_string(), "Sveika bendruomenė".to_string()),
            ("completed".to_string(), "Sveikata be sienų".to_string())
        ]
    );
    assert!(select(&html, ".empty").is_empty());
    let en = site.html("en/projects/index.html");
    assert_eq!(select(&en, ".project-card").len(), 2);
}

/// The EU emblem as the theme draws it: 3:2, twelve five-pointed stars whose centres
/// lie on a circle of a third of the height, each star's points on a circle of an
/// eighteenth of the height, one point up; Reflex Blue and Yellow.
#[test]
fn the_eu_emblem_follows_its_published_geometry() {
    let site = site();
    let html = site.html("en/projects/lli-344/index.html");
    let svg = select(&html, ".project-facts svg.eu-emblem")[0];
    assert_eq!(attr(svg, "aria-label"), "Co-funded by the European Union");
    assert_eq!(attr(svg, "role"), "img");
    let source = svg
        .html()
        .replace("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    let doc = roxmltree::Document::parse(&source).expect("SVG");
    let root = doc.root_element();
    assert_eq!(root.attribute("viewBox"), Some("0 0 300 200"));
    let rect = root
        .children()
        .find(|n| n.has_tag_name("rect"))
        .expect("rect");
    assert_eq!(rect.attribute("fill"), Some("#003399"));
    let path = root
        .children()
        .find(|n| n.has_tag_name("path"))
        .expect("path");
    assert_eq!(path.attribute("fill"), Some("#FFCC00"));
    let d = path.attribute("d").expect("d");
    let stars: Vec<Vec<(f64, f64)>> = d
        .split('Z')
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.trim_start_matches('M')
                .split('L')
                .map(|p| {
                    let mut xy = p.split(' ').map(|n| n.parse::<f64>().expect("number"));
                    (xy.next().expect("x"), xy.next().expect("y"))
                })
                .collect()
        })
        .collect();
    assert_eq!(stars.len(), 12);
    for star in &stars {
        assert_eq!(star.len(), 10, "five points and five inner corners");
        let outer: Vec<_> = star.iter().step_by(2).collect();
        let cx = outer.iter().map(|p| p.0).sum::<f64>() / 5.0;
        let cy = outer.iter().map(|p| p.1).sum::<f64>() / 5.0;
        let from_centre = ((cx - 150.0).powi(2) + (cy - 100.0).powi(2)).sqrt();
        assert!((from_centre - 200.0 / 3.0).abs() < 0.02, "{from_centre}");
        for p in &outer {
            let r = ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt();
            assert!((r - 200.0 / 18.0).abs() < 0.02, "{r}");
        }
        // One point straight up: the first point is above the centre.
        assert!((outer[0].0 - cx).abs() < 0.01 && outer[0].1 < cy);
    }
}

#[test]
fn a_projects_newsletter_email_carries_its_acknowledgement() {
    let site = site();
    let html = String::from_utf8(site.read("projektai/sveikata/naujienlaiskiai/nr-1/email.html"))
        .expect("UTF-8");
    assert!(html.contains(EEA_LT), "{html}");
    assert!(!html.contains(SITE_LT));
    assert!(!html.contains("emblema.svg"));
    let txt = String::from_utf8(site.read("projektai/sveikata/naujienlaiskiai/nr-1/email.txt"))
        .expect("UTF-8");
    assert!(
        txt.contains("Sveika bendruomenė · Projekto Nr. EEA-7"),
        "{txt}"
    );
    // The Interreg project's issue: every statement, then the disclaimers it carries.
    let txt = String::from_utf8(site.read("projektai/lli-344/naujienlaiskiai/nr-1/email.txt"))
        .expect("UTF-8");
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        "Bendrai finansuoja Europos Sąjunga",
        LLI_INTERREG_DISCLAIMER,
        LLI_EU_DISCLAIMER,
        "Sveikata be sienų · Projekto Nr. LLI-344",
    ] {
        assert!(flat.contains(part), "{part}: {txt}");
    }
}

#[test]
fn missing_wording_is_asked_for_at_the_funders_line() {
    let site = TestSite::fixture("projects");
    // Without the Lithuanian EEA statement the theme cannot cite, the build asks for it.
    let path = "content/projektai/sveikata/_index.md";
    site.replace_in(path, "      statement: { lt: \"Projektui „Sveika bendruomenė“ skirta 250 000 € EEE finansinio mechanizmo parama.\" }\n", "");
    let errors = site.build_errors();
    assert_single_error(&errors, path, "project.funders[1].statement", 8);
    let e = error_for(&errors, path, "project.funders[1].statement");
    assert!(
        e.message.contains("statement: { lt: \"…\" }"),
        "{}",
        e.message
    );
}

#[test]
fn the_example_site_keeps_its_site_wide_acknowledgement() {
    let (_tmp, out, _) = build_example_site();
    let html = scraper::Html::parse_document(
        &std::fs::read_to_string(out.join("index.html")).expect("home"),
    );
    let footer = one(&html, "footer .funding");
    assert!(!attr(footer, "class").contains("funding-project"));
    assert!(select(&html, "svg.eu-emblem").is_empty());
    assert!(
        !out.join("results.json").exists()
            || !std::fs::read_to_string(out.join("results.json"))
                .expect("json")
                .contains("\"projects\"")
    );
}

/// A project's page links the sections inside it (its events, articles, newsletters)
/// with how many pages each lists, and says "nothing yet" only when it has none.
#[test]
fn a_project_page_links_the_sections_inside_it() {
    let site = site();
    let html = site.html("projektai/lli-344/index.html");
    let subsections: Vec<(String, String, String)> = select(&html, ".subsection-list > li")
        .into_iter()
        .map(|li| {
            let a = one_in(li, "h2 a");
            (
                text(a),
                attr(a, "href").to_string(),
                text(one_in(li, ".card-meta")),
            )
        })
        .collect();
    assert_eq!(
        subsections,
        [
            (
                "Naujienlaiškiai".to_string(),
                "/projektai/lli-344/naujienlaiskiai/".to_string(),
                "1 naujienlaiškis".to_string()
            ),
            (
                "Renginiai".to_string(),
                "/projektai/lli-344/renginiai/".to_string(),
                "1 renginys".to_string()
            ),
            (
                "Straipsniai".to_string(),
                "/projektai/lli-344/straipsniai/".to_string(),
                "1 straipsnis".to_string()
            ),
        ]
    );
    assert!(select(&html, ".empty").is_empty());
    // The projects list links projects as projects, not again as sections.
    let list = site.html("projektai/index.html");
    assert!(select(&list, ".subsection-list").is_empty());
}

/// Partner countries by name in the page's language, as CLDR has them (Babel's table):
/// the five languages of the default theme, eight countries.
#[test]
fn partner_countries_are_named_in_each_page_language_as_cldr_names_them() {
    let site = TestSite::fixture("partner_countries");
    site.build_ok();
    let codes = ["LT", "LV", "EE", "PL", "UA", "DE", "NO", "GB"];
    for (lang, page) in [
        ("lt", "projektai/baltija/index.html"),
        ("en", "en/projects/baltic-neighbours/index.html"),
        ("lv", "lv/projekti/baltijas-kaimini/index.html"),
        ("uk", "uk/proiekty/baltiiski-susidy/index.html"),
        ("pl", "pl/projekty/baltyccy-sasiedzi/index.html"),
    ] {
        let html = site.html(page);
        let shown: Vec<String> = select(&html, ".project-facts .partners > li .partner-country")
            .into_iter()
            .map(text)
            .collect();
        let expected: Vec<String> = codes
            .iter()
            .map(|c| format!("({})", cldr_country(lang, c)))
            .collect();
        assert_eq!(shown, expected, "{page}");
        // No bare code is left for a reader to decipher.
        for item in select(&html, ".project-facts .partners > li") {
            for code in codes {
                assert!(
                    !text(item).contains(&format!("({code})")),
                    "{page}: {}",
                    text(item)
                );
            }
        }
    }
}

#[test]
fn a_partner_country_that_is_not_a_code_is_an_error_at_its_line() {
    let site = TestSite::fixture("partner_countries");
    let rel = "content/projektai/baltija/_index.md";
    site.replace_in(rel, "country: EE", "country: Estija");
    let errors = site.build_errors();
    assert_single_error(&errors, rel, "project.partners[3].country", 10);
    let message = &errors[0].message;
    assert!(message.contains("write its code instead: EE"), "{message}");
}
