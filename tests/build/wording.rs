//! Words as a Lithuanian (and English) editor writes them, read back from built pages:
//! alert titles in the page's language, section lists counted with the section's own
//! noun in the CLDR plural form, results sentences written whole, file sizes, and the
//! interface wording of event pages.

use crate::support::*;
use sklaida::i18n::plural_category;

/// Lithuanian and English front matter for `n` pages of a section `folder`.
fn write_pages(site: &TestSite, folder: &str, n: usize, fields: &dyn Fn(usize) -> String) {
    for i in 0..n {
        for (suffix, title) in [("", "Puslapis"), (".en", "Page")] {
            site.write(
                &format!("content/{folder}/p{i}{suffix}.md"),
                &format!("---\ntitle: {title} {i}\n{}---\nTekstas.\n", fields(i)),
            );
        }
    }
}

#[test]
fn section_lists_count_with_their_own_noun() {
    let site = TestSite::fixture("typography");
    site.write(
        "static/p.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="210" height="297"><rect width="210" height="297"/></svg>"#,
    );
    // (folder, section front matter, page front matter, count, CLDR category in lt,
    //  Lithuanian, English). The categories are ICU's (checked below); the words are
    //  the Lithuanian nouns' forms for them.
    type Fields = fn(usize) -> String;
    let cases: [(&str, &str, Fields, usize, &str, &str, &str); 8] = [
        (
            "straipsniai",
            "",
            |i| format!("date: 2026-01-{:02}\n", i + 1),
            4,
            "few",
            "4 straipsniai",
            "4 articles",
        ),
        (
            "istorijos",
            "",
            |_| "consent: true\nanonymous: true\ndate: 2026-01-01\n".into(),
            2,
            "few",
            "2 istorijos",
            "2 stories",
        ),
        (
            "zodynas",
            "extra:\n  noun: terms\n",
            |_| String::new(),
            6,
            "few",
            "6 sąvokos",
            "6 terms",
        ),
        (
            "plakatai",
            "",
            |_| "image: /p.svg\nimage_alt: Plakatas\n".into(),
            21,
            "one",
            "21 plakatas",
            "21 posters",
        ),
        (
            "naujienlaiskiai",
            "",
            |i| format!("number: {}\ndate: 2026-01-01\n", i + 1),
            12,
            "other",
            "12 naujienlaiškių",
            "12 newsletters",
        ),
        (
            "renginiai",
            "",
            |_| "start: 2026-10-01T10:00\n".into(),
            1,
            "one",
            "1 renginys",
            "1 event",
        ),
        (
            "puslapiai",
            "",
            |_| String::new(),
            10,
            "other",
            "10 puslapių",
            "10 pages",
        ),
        (
            "sarasas",
            "extra:\n  noun: articles\n",
            |_| String::new(),
            22,
            "few",
            "22 straipsniai",
            "22 articles",
        ),
    ];
    for (folder, section, fields, n, _, _, _) in &cases {
        for (suffix, title) in [("", "Skyrius"), (".en", "Section")] {
            site.write(
                &format!("content/{folder}/_index{suffix}.md"),
                &format!("---\ntitle: {title}\n{section}---\n"),
            );
        }
        write_pages(&site, folder, *n, fields);
    }
    site.build_ok();
    for (folder, _, _, n, category, lt, en) in cases {
        assert_eq!(
            plural_category("lt", n as f64).name(),
            category,
            "ICU's category for {n}"
        );
        let meta = |rel: &str| text(one(&site.html(rel), ".page-head .page-meta"));
        assert_eq!(meta(&format!("{folder}/")), lt, "{folder}");
        assert_eq!(meta(&format!("en/{folder}/")), en, "en/{folder}");
    }
}

#[test]
fn alerts_are_titled_in_the_page_language() {
    let site = TestSite::fixture("typography");
    // (marker, class, Lithuanian title, English title)
    let cases = [
        ("NOTE", "note", "Pastaba", "Note"),
        ("TIP", "tip", "Patarimas", "Tip"),
        ("IMPORTANT", "important", "Svarbu", "Important"),
        ("WARNING", "warning", "Įspėjimas", "Warning"),
        ("CAUTION", "caution", "Dėmesio", "Caution"),
    ];
    let body: String = cases
        .iter()
        .map(|(marker, ..)| format!("> [!{marker}]\n> Tekstas.\n\n"))
        .collect();
    site.write(
        "content/ispejimai.md",
        &format!("---\ntitle: Įspėjimai\n---\n{body}"),
    );
    site.write(
        "content/ispejimai.en.md",
        &format!("---\ntitle: Alerts\n---\n{body}"),
    );
    // A site's own strings win over the theme's.
    site.write("i18n/lt.yaml", "alert_tip: \"Naudingas patarimas\"\n");
    site.build_ok();
    let lt = site.html("ispejimai/");
    let en = site.html("en/ispejimai/");
    for (_, class, lt_title, en_title) in cases {
        let css = format!(".alert-{class} .alert-title");
        let expected = if class == "tip" {
            "Naudingas patarimas"
        } else {
            lt_title
        };
        assert_eq!(text(one(&lt, &css)), expected, "lt {class}");
        assert_eq!(text(one(&en, &css)), en_title, "en {class}");
    }
}

#[test]
fn prose_from_front_matter_gets_the_languages_typography() {
    let site = TestSite::fixture("typography");
    for (suffix, title) in [("", "Istorija"), (".en", "Story")] {
        site.write(
            &format!("content/istorijos/_index{suffix}.md"),
            &format!("---\ntitle: {title}\n---\n"),
        );
        site.write(
            &format!("content/renginiai/_index{suffix}.md"),
            &format!("---\ntitle: {title}\n---\n"),
        );
    }
    let story = |title: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2026-01-01\nconsent: true\n\
             content_warning: 'Kalbama apie \"nerimą\" - ir nemigą...'\n\
             ambassador:\n  name: Ieva\n  role: 'Ambasadorė \"Žvelk giliau\" -- nuo 2024'\n  photo: /veidas.svg\n  photo_alt: Ievos portretas\n---\nTekstas.\n"
        )
    };
    site.write(
        "static/veidas.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"/>"#,
    );
    site.write("content/istorijos/a.md", &story("Istorija"));
    site.write("content/istorijos/a.en.md", &story("Story"));
    let event = "---\ntitle: Renginys\nstart: 2026-10-01T10:00\nlocation:\n  name: 'Biblioteka \"Šviesa\"'\n  address: 'Vytauto g. 1 - 2 aukštas'\n---\n";
    site.write("content/renginiai/r.md", event);
    site.write("content/renginiai/r.en.md", event);
    site.build_ok();
    // (page, selector, Lithuanian, English)
    let cases = [
        (
            "istorijos/a/",
            ".story-role",
            "Ambasadorė „Žvelk giliau“ – nuo 2024",
            "Ambasadorė “Žvelk giliau” – nuo 2024",
        ),
        (
            "renginiai/r/",
            ".event-facts .address",
            "Vytauto g. 1 – 2 aukštas",
            "Vytauto g. 1 - 2 aukštas",
        ),
    ];
    for (page, css, lt, en) in cases {
        assert_eq!(text(one(&site.html(page), css)), lt, "{page}");
        assert_eq!(
            text(one(&site.html(&format!("en/{page}")), css)),
            en,
            "en/{page}"
        );
    }
    let place = text(one(
        &site.html("renginiai/r/"),
        ".event-facts dd:has(.address)",
    ));
    assert!(place.starts_with("Biblioteka „Šviesa“"), "{place}");
    let warning = document_text(&site.html("istorijos/a/"));
    assert!(
        warning.contains("Kalbama apie „nerimą“ – ir nemigą…"),
        "{warning}"
    );
}

#[test]
fn results_read_as_whole_sentences() {
    let site = TestSite::fixture("results");
    site.build_ok();
    // (page, the first indicator's source line, its bar's label)
    let cases = [
        (
            "/rezultatai/",
            "Šaltinis: Registras; 2026 m. spalio 31 d. duomenimis",
            "1\u{a0}234,5 (planuota 1\u{a0}000; 123\u{a0}%)",
        ),
        (
            "/en/results/",
            "Source: Register; as of 31 October 2026",
            "1,234.5 (planned 1,000; 123%)",
        ),
    ];
    for (page, source, bar) in cases {
        let html = site.html(page);
        let line: String = one(&html, "#results-targets-table .results-source")
            .text()
            .collect();
        assert_eq!(line, source, "{page}");
        let first_bar: String = select(&html, "text.chart-value")[0].text().collect();
        assert_eq!(first_bar, bar, "{page}");
    }
}

#[test]
fn event_pages_link_their_calendar_file_whatever_their_status() {
    let site = TestSite::fixture("typography");
    site.write(
        "content/renginiai/_index.md",
        "---\ntitle: Renginiai\n---\n",
    );
    site.write(
        "static/vaizdas.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"/>"#,
    );
    for status in ["scheduled", "cancelled", "postponed"] {
        site.write(
            &format!("content/renginiai/{status}.md"),
            &format!(
                "---\ntitle: Seminaras\nstart: 2026-12-10T18:00\nstatus: {status}\n\
                 online_url: https://meet.example/seminaras\nimage: /vaizdas.svg\nimage_alt: Iliustracija\n---\n"
            ),
        );
    }
    site.build_ok();
    for status in ["scheduled", "cancelled", "postponed"] {
        let html = site.html(&format!("renginiai/{status}/"));
        let link = one(&html, "a[type='text/calendar']");
        assert_eq!(text(link), "Įtraukti į kalendorių (.ics)");
        let ics = String::from_utf8(site.read(attr(link, "href"))).expect("utf-8");
        let unfolded = icalendar::parser::unfold(&ics);
        let calendar = icalendar::parser::read_calendar(&unfolded).expect("iCalendar");
        let event = calendar
            .components
            .iter()
            .chain(calendar.components.iter().flat_map(|c| c.components.iter()))
            .find(|c| c.name.as_str() == "VEVENT")
            .expect("VEVENT");
        let carried = event
            .properties
            .iter()
            .find(|p| p.name.as_str() == "STATUS")
            .map(|p| p.val.as_str().to_string());
        // RFC 5545 has no "postponed": the closest is TENTATIVE.
        let expected = match status {
            "cancelled" => "CANCELLED",
            "postponed" => "TENTATIVE",
            _ => "CONFIRMED",
        };
        assert_eq!(carried.as_deref(), Some(expected), "{status}");
        // Online: a link to join, or nothing when cancelled; never a lone dash.
        let facts: Vec<String> = select(&html, ".event-facts dd")
            .into_iter()
            .map(text)
            .collect();
        assert!(!facts.iter().any(|f| f == "–"), "{status}: {facts:?}");
        let joins = select(
            &html,
            ".event-facts a[href='https://meet.example/seminaras']",
        )
        .len();
        assert_eq!(joins, usize::from(status != "cancelled"), "{status}");
        // The event's image, on its page and in the list.
        assert_eq!(
            attr(one(&html, ".prose .lead-image img"), "alt"),
            "Iliustracija"
        );
    }
    let list = site.html("renginiai/");
    assert_eq!(
        select(&list, ".event-card img.card-image[alt='Iliustracija']").len(),
        3
    );
}
