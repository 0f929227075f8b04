//! Lithuanian and English done right on real pages: quotation marks, dashes and
//! ellipses per language (never in code or addresses), numbers with the language's
//! separators, and lists ordered by the language's alphabet.

use crate::support::*;

/// The titles of a list page's cards, in order.
fn card_titles(site: &TestSite, rel: &str) -> Vec<String> {
    select(&site.html(rel), ".card-title a")
        .into_iter()
        .map(text)
        .collect()
}

const TITLES: [&str; 8] = [
    "Ydos",
    "Ilgesys",
    "Čiuožykla",
    "Cukrus",
    "Šokis",
    "Sveikata",
    "Žiema",
    "Zuikis",
];

/// A section `folder` in both languages with a page per title of [`TITLES`].
fn write_section(site: &TestSite, folder: &str, section_fields: &str) {
    site.write(
        &format!("content/{folder}/_index.md"),
        &format!("---\ntitle: Skyrius\n{section_fields}---\n"),
    );
    site.write(
        &format!("content/{folder}/_index.en.md"),
        &format!("---\ntitle: Section\n{section_fields}---\n"),
    );
    for (i, title) in TITLES.iter().enumerate() {
        for suffix in ["", ".en"] {
            // Weights go against the alphabet, so an order by weight would show it.
            site.write(
                &format!("content/{folder}/p{i}{suffix}.md"),
                &format!("---\ntitle: {title}\nweight: {}\n---\n", 10 - i),
            );
        }
    }
}

#[test]
fn titles_sort_in_the_languages_alphabet() {
    let site = TestSite::fixture("typography");
    write_section(&site, "zodynas", "sort_by: title\n");
    // Undated pages of equal weight fall back on the title too.
    site.write("content/kiti/_index.md", "---\ntitle: Kiti\n---\n");
    for (i, title) in ["Žuvys", "Zebras", "Yra", "Ir", "Čia", "Cinkas"]
        .iter()
        .enumerate()
    {
        site.write(
            &format!("content/kiti/k{i}.md"),
            &format!("---\ntitle: {title}\n---\n"),
        );
    }
    site.build_ok();
    assert_eq!(
        card_titles(&site, "zodynas/"),
        [
            "Cukrus",
            "Čiuožykla",
            "Ydos",
            "Ilgesys",
            "Sveikata",
            "Šokis",
            "Zuikis",
            "Žiema"
        ]
    );
    assert_eq!(
        card_titles(&site, "en/zodynas/"),
        [
            "Čiuožykla",
            "Cukrus",
            "Ilgesys",
            "Šokis",
            "Sveikata",
            "Ydos",
            "Žiema",
            "Zuikis"
        ]
    );
    assert_eq!(
        card_titles(&site, "kiti/"),
        ["Cinkas", "Čia", "Ir", "Yra", "Zebras", "Žuvys"]
    );
}

#[test]
fn sort_by_weight_and_date_and_bad_values() {
    let site = TestSite::fixture("typography");
    write_section(&site, "zodynas", "sort_by: weight\n");
    site.build_ok();
    let mut by_weight: Vec<String> = TITLES.iter().rev().map(|t| t.to_string()).collect();
    assert_eq!(card_titles(&site, "zodynas/"), by_weight);

    // By date: newest first, undated pages after them by weight.
    write_section(&site, "zodynas", "sort_by: date\n");
    site.write(
        "content/zodynas/p7.md",
        "---\ntitle: Zuikis\ndate: 2026-01-02\n---\n",
    );
    site.write(
        "content/zodynas/p0.md",
        "---\ntitle: Ydos\ndate: 2026-03-04\n---\n",
    );
    site.build_ok();
    by_weight.retain(|t| t != "Zuikis" && t != "Ydos");
    let mut expected = vec!["Ydos".to_string(), "Zuikis".to_string()];
    expected.extend(by_weight);
    assert_eq!(card_titles(&site, "zodynas/"), expected);

    site.write(
        "content/zodynas/_index.md",
        "---\ntitle: Skyrius\nsort_by: abecele\n---\n",
    );
    let errors = site.build_errors();
    assert_single_error(&errors, "content/zodynas/_index.md", "sort_by", 3);
    assert!(
        errors[0].message.contains("date, title or weight"),
        "{}",
        errors[0]
    );
}

#[test]
fn quotes_dashes_and_ellipses_follow_the_page_language() {
    let site = TestSite::fixture("typography");
    let body = "Projektas \"Žvelk giliau\" -- tai 'mūsų' kelias... --- sako jie.\n\n\
                Kodas: `\"a\" -- b...`, adresas https://example.lt/a--b.\n\n\
                ```\necho \"x\" -- y...\n```\n";
    site.write(
        "content/kelias.md",
        &format!("---\ntitle: Kelias \"Žvelk giliau\" -- pradžia\nsummary: Ir taip toliau...\n---\n{body}"),
    );
    site.write(
        "content/kelias.en.md",
        &format!("---\ntitle: The \"Look Deeper\" path -- the adviser's start\n---\n{body}"),
    );
    site.build_ok();

    let lt = site.html("kelias/");
    assert_eq!(text(one(&lt, "h1")), "Kelias „Žvelk giliau“ – pradžia");
    let paragraphs: Vec<String> = select(&lt, ".prose p").into_iter().map(text).collect();
    assert_eq!(
        paragraphs[0],
        "Projektas „Žvelk giliau“ – tai ‚mūsų‘ kelias… — sako jie."
    );
    assert_eq!(
        paragraphs[1],
        "Kodas: \"a\" -- b..., adresas https://example.lt/a--b."
    );
    assert_eq!(text(one(&lt, ".prose pre code")), "echo \"x\" -- y...");
    assert_eq!(
        attr(one(&lt, r#"meta[name="description"]"#), "content"),
        "Ir taip toliau…"
    );
    assert_eq!(
        attr(one(&lt, r#"meta[property="og:title"]"#), "content"),
        "Kelias „Žvelk giliau“ – pradžia"
    );

    let en = site.html("en/kelias/");
    assert_eq!(
        text(one(&en, "h1")),
        "The “Look Deeper” path – the adviser’s start"
    );
    let first = text(select(&en, ".prose p")[0]);
    assert_eq!(
        first,
        "Projektas “Žvelk giliau” – tai ‘mūsų’ kelias… — sako jie."
    );
    assert_eq!(text(one(&en, ".prose pre code")), "echo \"x\" -- y...");

    // The search index carries the same title.
    let index = String::from_utf8(site.read("paieska/index.json")).expect("utf-8");
    assert!(index.contains("Kelias „Žvelk giliau“ – pradžia"), "{index}");
}

#[test]
fn counts_use_the_languages_number_format() {
    let site = TestSite::fixture("typography");
    for (suffix, title) in [("", "Konferencija"), (".en", "Conference")] {
        site.write(
            &format!("content/renginiai/konferencija{suffix}.md"),
            &format!("---\ntitle: {title}\nstart: 2026-10-01T10:00\nparticipants: 1234\n---\n"),
        );
    }
    site.write(
        "content/renginiai/_index.md",
        "---\ntitle: Renginiai\n---\n",
    );
    site.write(
        "content/renginiai/_index.en.md",
        "---\ntitle: Events\nslug: events\n---\n",
    );
    site.build_ok();
    let participants = |rel: &str| {
        let html = site.html(rel);
        let dd = select(&html, ".fact dd")
            .into_iter()
            .map(|e| e.text().collect::<String>())
            .find(|t| t.contains("234"))
            .unwrap_or_else(|| panic!("{rel}: no participants"));
        dd
    };
    // Lithuanian groups with a no-break space (U+00A0); 1234 ends in 4: "few".
    assert_eq!(
        participants("renginiai/konferencija/"),
        "1\u{a0}234 dalyviai"
    );
    assert_eq!(
        participants("en/events/konferencija/"),
        "1,234 participants"
    );
}

#[test]
fn nested_quotes_spaced_dashes_and_inches_on_built_pages() {
    // (typed, Lithuanian, English), each as a title and as a paragraph of the body.
    let cases = [
        (
            r#""Jis sakė "taip"""#,
            "„Jis sakė ‚taip‘“",
            "“Jis sakė ‘taip’”",
        ),
        (
            "pagalba - ne gėda",
            "pagalba – ne gėda",
            "pagalba - ne gėda",
        ),
        (
            r#"Ekranas 15" įstrižainės"#,
            r#"Ekranas 15" įstrižainės"#,
            r#"Ekranas 15" įstrižainės"#,
        ),
        (
            "e-paštas - ir - telefonas",
            "e-paštas – ir – telefonas",
            "e-paštas - ir - telefonas",
        ),
        ("- ne sąrašas", "- ne sąrašas", "- ne sąrašas"),
    ];
    let site = TestSite::fixture("typography");
    for (i, (typed, ..)) in cases.iter().enumerate() {
        let title = typed.replace('\'', "''");
        for suffix in ["", ".en"] {
            site.write(
                &format!("content/p{i}{suffix}.md"),
                &format!("---\ntitle: '{title}'\n---\nTekstas: {typed}\n"),
            );
        }
    }
    site.build_ok();
    for (i, (typed, lt, en)) in cases.iter().enumerate() {
        for (prefix, expected) in [("", lt), ("en/", en)] {
            let html = site.html(&format!("{prefix}p{i}/"));
            assert_eq!(&text(one(&html, "h1")), expected, "title {prefix}: {typed}");
            let body = text(select(&html, ".prose p")[0]);
            assert_eq!(
                body,
                format!("Tekstas: {expected}"),
                "body {prefix}: {typed}"
            );
        }
    }
}
