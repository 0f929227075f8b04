//! The first hour of an author: one planted mistake in a copy of the clean site
//! `tests/fixtures/authoring/base` gives exactly one diagnostic — an error naming the
//! file and line, and for YAML the line as it should be written. `sklaida check` runs
//! through the library, reading what it builds.

use sklaida::check;
use sklaida::Diagnostic;

use crate::support::TestSite;

/// What a case does to the base site.
enum Plant {
    /// Replaces the first `old` with `new` in the file.
    Replace(&'static str, &'static str),
    /// Writes a new file (or overwrites one).
    Write(&'static str),
    /// Writes raw bytes.
    Bytes(&'static [u8]),
}

struct Case {
    name: &'static str,
    file: &'static str,
    plant: Plant,
    /// The one error: (file, line, words it says).
    at: (&'static str, usize),
    says: &'static str,
    /// For YAML: the fixed line the error offers.
    hint: Option<&'static str>,
}

const fn case(
    name: &'static str,
    file: &'static str,
    plant: Plant,
    at: (&'static str, usize),
    says: &'static str,
    hint: Option<&'static str>,
) -> Case {
    Case {
        name,
        file,
        plant,
        at,
        says,
        hint,
    }
}

use Plant::{Bytes, Replace, Write};

const APIE: &str = "content/apie.md";
const APIE_EN: &str = "content/apie.en.md";
const SEMINARAS: &str = "content/renginiai/seminaras.md";
const PIRMA: &str = "content/naujienos/pirma.md";
const NAUJIENOS: &str = "content/naujienos/_index.md";

#[rustfmt::skip]
const CASES: &[Case] = &[
    case("quoted value goes on", APIE, Replace("title: Apie mus", "title: \"Saugaus kelio\" naujienlaiškis Nr. 1"),
        (APIE, 2), "quote", Some("title: '\"Saugaus kelio\" naujienlaiškis Nr. 1'")),
    case("single-quoted value goes on", APIE, Replace("title: Apie mus", "title: 'Jo' knyga"),
        (APIE, 2), "quote", Some("title: \"'Jo' knyga\"")),
    case("colon in a value", APIE, Replace("title: Apie mus", "title: Renginys: seminaras"),
        (APIE, 2), "`: `", Some("title: \"Renginys: seminaras\"")),
    case("colon in a summary", APIE, Replace("summary: Kas mes esame", "summary: Kas mes: komanda"),
        (APIE, 3), "`: `", Some("summary: \"Kas mes: komanda\"")),
    case("no space after colon", APIE, Replace("title: Apie mus", "title:Apie mus"),
        (APIE, 2), "space after", Some("title: Apie mus")),
    case("unclosed list", PIRMA, Replace("tags: [sveikata, jaunimas]", "tags: [sveikata, jaunimas"),
        (PIRMA, 4), "`]`", Some("tags: [sveikata, jaunimas]")),
    case("unclosed braces", SEMINARAS, Replace("location:\n  name: Kultūros centras\n  address: Vilniaus g. 1, Vilnius", "location: {name: Kultūros centras"),
        (SEMINARAS, 5), "`}`", Some("location: {name: Kultūros centras}")),
    case("tab indentation", SEMINARAS, Replace("  name: Kultūros centras", "\tname: Kultūros centras"),
        (SEMINARAS, 6), "spaces", Some("  name: Kultūros centras")),
    case("no space after dash", PIRMA, Replace("tags: [sveikata, jaunimas]", "tags:\n  -sveikata\n  - jaunimas"),
        (PIRMA, 5), "space after `-`", Some("  - sveikata")),
    case("end before start", SEMINARAS, Replace("end: 2026-12-10T20:00", "end: 2026-12-09T20:00"),
        (SEMINARAS, 4), "before it starts", None),
    case("unknown sort_by", NAUJIENOS, Replace("sort_by: date", "sort_by: datum"),
        (NAUJIENOS, 3), "unknown order", None),
    case("unknown section type", "content/renginiai/_index.md", Replace("type: event", "type: evnt"),
        ("content/renginiai/_index.md", 3), "unknown type", None),
    case("misspelt field", APIE, Replace("summary:", "sumary:"),
        (APIE, 3), "unknown field `sumary`", None),
    case("field written twice", APIE, Replace("summary: Kas mes esame", "summary: Kas mes esame\ntitle: Apie"),
        (APIE, 4), "written twice", None),
    case("impossible date", PIRMA, Replace("date: 2026-10-01", "date: 2026-13-01"),
        (PIRMA, 3), "date", None),
    case("front matter not closed", APIE, Replace("summary: Kas mes esame\n---", "summary: Kas mes esame\n"),
        (APIE, 1), "---", None),
    case("draft is not yes or no", APIE, Replace("summary: Kas mes esame", "summary: Kas mes esame\ndraft: gal"),
        (APIE, 4), "draft", None),
    case("unknown event status", SEMINARAS, Replace("end: 2026-12-10T20:00", "end: 2026-12-10T20:00\nstatus: maybe"),
        (SEMINARAS, 5), "status", None),
    case("not UTF-8", APIE, Bytes(b"---\ntitle: Apie mus\n---\nSveiki \xe0 visi.\n"),
        (APIE, 4), "UTF-8", None),
    case("language the site lacks", "content/apie.de.md", Write("---\ntitle: Über uns\n---\nText.\n"),
        ("content/apie.de.md", 0), "does not have", None),
    case("home named index.md", "content/index.md", Write("---\ntitle: Pradžia\n---\n"),
        ("content/index.md", 0), "_index.md", None),
    case("link to no page", APIE, Replace("Mes rengiame", "Žr. [nieką](nera.md). Mes rengiame"),
        (APIE, 5), "no such page", None),
    case("summary written as a list", APIE, Replace("summary: Kas mes esame", "summary: [Kas, mes]"),
        (APIE, 3), "summary", None),
    case("two pages at one address", APIE_EN, Replace("summary: Who we are", "summary: Who we are\nslug: privacy"),
        ("content/privatumas.en.md", 3), "content/apie.en.md:4 (its `slug`)", None),
    case("two pages at one address by their names", "content/apie/index.md", Write("---\ntitle: Apie\n---\nTekstas.\n"),
        (APIE, 1), "which this file's name makes, is also the address of content/apie/index.md (its file name)", None),
    case("image that is not there", PIRMA, Replace("date: 2026-10-01", "date: 2026-10-01\nimage: nera.jpg\nimage_alt: Nieko"),
        (PIRMA, 4), "nera.jpg", None),
    case("unknown key in the site's interface texts", "i18n/lt.yaml", Write("skip_to_content: Pereiti prie turinio\nskip_to_contnet: Į turinį\n"),
        ("i18n/lt.yaml", 2), "skip_to_contnet", None),
    case("indicator's target of 0", "site.toml", Replace("description = \"A site for authors' mistakes\"", "description = \"A site for authors' mistakes\"\n\n[[indicators]]\nlabel = \"Dalyviai\"\nvalue = 10\ntarget = 0"),
        ("site.toml", 18), "indicators[0].target", None),
];

fn plant(site: &TestSite, case: &Case) {
    match case.plant {
        Replace(old, new) => {
            let path = site.root.join(case.file);
            let text = std::fs::read_to_string(&path).expect("read the fixture file");
            assert!(
                text.contains(old),
                "{}: {old:?} not in {}",
                case.name,
                case.file
            );
            site.write(case.file, &text.replacen(old, new, 1));
        }
        Write(text) => site.write(case.file, text),
        Bytes(bytes) => site.write_bytes(case.file, bytes),
    }
}

fn check_site(site: &TestSite) -> Vec<Diagnostic> {
    check::run(&check::Options {
        build: site.options(),
        ..check::Options::default()
    })
    .diagnostics
}

#[test]
fn the_base_site_is_clean() {
    let site = TestSite::fixture("authoring/base");
    let found = check_site(&site);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn each_planted_mistake_gives_exactly_one_error_at_its_line() {
    assert!(CASES.len() >= 25);
    let mut failures = Vec::new();
    for case in CASES {
        let site = TestSite::fixture("authoring/base");
        plant(&site, case);
        let found = check_site(&site);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        let ok = match found.as_slice() {
            [d] => {
                let (file, line) = case.at;
                d.is_error()
                    && d.path == std::path::Path::new(file)
                    && d.line.unwrap_or(0) == line
                    && d.to_string().contains(case.says)
                    && case
                        .hint
                        .is_none_or(|h| d.message.contains(&format!("`{h}`")))
            }
            _ => false,
        };
        if !ok {
            failures.push(format!("{}:\n  {}", case.name, shown.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn sklaida(args: &[&str], cwd: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run sklaida")
}

fn h1(site: &TestSite, page: &str) -> String {
    let html = site.html(page);
    let h1 = scraper::Selector::parse("h1").expect("selector");
    html.select(&h1)
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default()
}

#[test]
fn names_typed_in_nfd_slug_and_pair_like_nfc_ones() {
    let site = TestSite::fixture("authoring/base");
    // `gėlės-žydi` as macOS writes file names and pasted text may hold titles.
    let nfd = "ge\u{307}le\u{307}s-z\u{30c}ydi";
    site.write(
        &format!("content/{nfd}.md"),
        "---\ntitle: Ge\u{307}le\u{307}s z\u{30c}ydi\n---\nTekstas.\n",
    );
    site.write(
        "content/gėlės-žydi.en.md",
        "---\ntitle: Flowers bloom\nslug: flowers-bloom\n---\nText.\n",
    );
    site.write(
        "content/naujienos/antra.md",
        "---\ntitle: Ge\u{307}le\u{307}s\ndate: 2026-10-02\n---\nTekstas.\n",
    );
    site.write(
        "content/naujienos/antra.en.md",
        "---\ntitle: Flowers\ndate: 2026-10-02\n---\nText.\n",
    );
    // Paired (no "not translated"), and nothing else to say.
    let found = check_site(&site);
    assert!(found.is_empty(), "{found:#?}");
    site.build_ok();
    assert!(
        site.exists("geles-zydi/"),
        "the NFD file name slugs to /geles-zydi/"
    );
    assert!(!site.exists("ge-le-s-z-ydi/"));
    assert_eq!(h1(&site, "en/flowers-bloom/"), "Flowers bloom");
    // A title-made slug (`slug` from the title is not used; the file name is) — the
    // title itself reads as written.
    assert!(h1(&site, "geles-zydi/").starts_with("Ge"));
}

#[test]
fn tags_that_make_one_address_are_a_warning_naming_both() {
    let site = TestSite::fixture("authoring/base");
    site.write(
        "content/naujienos/antra.md",
        "---\ntitle: Antra\ndate: 2026-10-02\ntags: [salis]\n---\nTekstas.\n",
    );
    site.write(
        "content/naujienos/antra.en.md",
        "---\ntitle: Second\ndate: 2026-10-02\n---\nText.\n",
    );
    let text = std::fs::read_to_string(site.root.join(PIRMA)).expect("read");
    site.write(PIRMA, &text.replace("jaunimas]", "šalis]"));
    let found = check_site(&site);
    let [d] = found.as_slice() else {
        panic!("expected one warning: {found:#?}")
    };
    assert!(!d.is_error());
    assert_eq!(d.path, std::path::Path::new(PIRMA));
    assert_eq!(d.line, Some(4));
    assert!(d.message.contains("\"šalis\"") && d.message.contains("\"salis\""));
    assert!(d.message.contains("content/naujienos/antra.md"));
    // Case alone is one tag, as written by different hands: no warning.
    site.write(PIRMA, &text.replace("jaunimas]", "Sveikata]"));
    let found = check_site(&site);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn new_with_translation_of_writes_the_pairing_file_and_says_where() {
    let site = TestSite::fixture("authoring/base");
    let out = sklaida(
        &["new", "event", "Seminaras apie nerimą", "--root", "site"],
        site.tmp(),
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let written = stdout
        .trim()
        .strip_prefix("created ")
        .expect("`new` prints the path it wrote");
    let lt = site.tmp().join(written);
    assert!(lt.is_file(), "{}", lt.display());
    let out = sklaida(
        &[
            "new",
            "event",
            "Seminar on anxiety",
            "--lang",
            "en",
            "--translation-of",
            written,
            "--root",
            "site",
        ],
        site.tmp(),
    );
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let en = stdout.trim().strip_prefix("created ").expect("path");
    assert_eq!(en, written.replace(".md", ".en.md"));
    // The two pair: no "not translated" for either.
    let found = check_site(&site);
    assert!(
        !found.iter().any(|d| d.message.contains("not translated")),
        "{found:#?}"
    );

    // A translation_key of the existing file is copied.
    let apie = site.root.join(APIE);
    let text = std::fs::read_to_string(&apie).expect("read");
    site.write(
        APIE,
        &text.replacen("---\n", "---\ntranslation_key: apie-mus\n", 1),
    );
    site.remove(APIE_EN);
    let path = sklaida::new_translation(
        &site.root,
        &apie,
        "page",
        "About us",
        None,
        crate::support::now().date(),
    )
    .expect("new translation");
    assert_eq!(path, site.root.join(APIE_EN));
    let en = std::fs::read_to_string(&path).expect("read");
    assert!(en.contains("\ntranslation_key: apie-mus\n"), "{en}");
    let found = check_site(&site);
    assert!(
        !found.iter().any(|d| d.message.contains("translat")),
        "{found:#?}"
    );
    // Never over an existing file.
    assert!(sklaida::new_translation(
        &site.root,
        &apie,
        "page",
        "X",
        Some("en"),
        crate::support::now().date()
    )
    .is_err());
}

#[test]
fn init_writes_a_gitignore_for_what_builds_make() {
    let site = TestSite::empty();
    sklaida::init(&site.root).expect("init");
    let ignore = std::fs::read_to_string(site.root.join(".gitignore")).expect(".gitignore");
    let lines: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(lines, ["/public/", ".sklaida-cache/", ".*.sklaida-*"]);
    // The patterns match what a build leaves beside the site, read by git itself.
    sklaida::build(&sklaida::BuildOptions {
        root: site.root.clone(),
        now: Some(crate::support::now()),
        ..Default::default()
    })
    .expect("build");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&site.root)
            .output()
    };
    let Ok(init) = git(&["init", "-q"]) else {
        return; // no git on this machine: the file's lines are checked above
    };
    assert!(init.status.success());
    let status = git(&[
        "status",
        "--porcelain",
        "--ignored",
        "--untracked-files=all",
    ])
    .expect("git status");
    let status = String::from_utf8_lossy(&status.stdout);
    let ignored: Vec<&str> = status
        .lines()
        .filter_map(|l| l.strip_prefix("!! "))
        .collect();
    assert!(ignored.iter().any(|l| l.starts_with("public/")), "{status}");
    assert!(
        ignored.iter().any(|l| l.ends_with(".sklaida-stamp")),
        "{status}"
    );
    assert!(
        !status
            .lines()
            .filter_map(|l| l.strip_prefix("?? "))
            .any(|l| l.starts_with("public") || l.contains("sklaida-")),
        "{status}"
    );
}

#[test]
fn a_usable_site_toml_error_is_reported_with_the_content_errors() {
    let site = TestSite::fixture("authoring/base");
    for case in CASES.iter().filter(|c| {
        c.name == "indicator's target of 0"
            || c.name == "end before start"
            || c.name == "misspelt field"
    }) {
        plant(&site, case);
    }
    let errors = site.build_errors();
    let places: Vec<(String, Option<usize>)> = errors
        .iter()
        .map(|d| (d.path.display().to_string(), d.line))
        .collect();
    assert_eq!(
        places,
        [
            (APIE.to_string(), Some(3)),
            (SEMINARAS.to_string(), Some(4)),
            ("site.toml".to_string(), Some(18)),
        ],
        "{errors:#?}"
    );
}

#[test]
fn site_keys_named_by_its_own_templates_or_section_nouns_are_not_typos() {
    let site = TestSite::fixture("authoring/base");
    // A noun of the site's own for a section, with Lithuanian plural forms.
    site.write(
        "content/naujienos/_index.md",
        "---\ntitle: Naujienos\nsort_by: date\nextra: { noun: volunteers }\n---\n",
    );
    site.write(
        "i18n/lt.yaml",
        "volunteers:\n  one: \"{count} savanoris\"\n  few: \"{count} savanoriai\"\n  many: \"{count} savanorio\"\n  other: \"{count} savanorių\"\nsite_motto: Kartu lengviau\n",
    );
    site.write(
        "i18n/en.yaml",
        "volunteers:\n  one: \"{count} volunteer\"\n  other: \"{count} volunteers\"\nsite_motto: Easier together\n",
    );
    // A template of the site's own that names its own key.
    site.write(
        "templates/partials/motto.html",
        "<p class=\"motto\">{{ t(key=\"site_motto\") }}</p>\n",
    );
    let found = check_site(&site);
    assert!(found.is_empty(), "{found:#?}");
    site.build_ok();
    let list = crate::support::document_text(&site.html("naujienos/index.html"));
    assert!(list.contains("1 savanoris"), "{list}");
    // A key nothing names is still a typo at its line.
    site.write("i18n/en.yaml", "volunteers:\n  one: \"{count} volunteer\"\n  other: \"{count} volunteers\"\nsite_motto: Easier together\nsite_moto: typo\n");
    let found = check_site(&site);
    assert!(
        matches!(found.as_slice(), [d] if d.is_error() && d.line == Some(5) && d.message.contains("site_moto")),
        "{found:#?}"
    );
}
