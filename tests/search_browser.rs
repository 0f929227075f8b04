//! The search page in a real browser: the example site is built, served over HTTP from
//! a thread, and headless Chromium (driven over the DevTools protocol) runs the
//! theme's `search.js` on it. The script must find what `sklaida::search::query` finds,
//! in the same order, fold text as `sklaida::i18n::fold` does, and count results with
//! the same CLDR plural forms as the build. Without `/usr/bin/chromium` the tests
//! fail under CI (which installs it) and are skipped, loudly, elsewhere.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use sklaida::search::{query, Index};

/// How long the browser may take to show something before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// The built example site, served
// ---------------------------------------------------------------------------

mod support {
    pub mod browser;
    pub mod example;
}

use support::browser::{self, Browser};
use support::example::{self, Example};

struct Site {
    out: PathBuf,
    addr: String,
    _example: Example,
}

impl Site {
    fn build_and_serve() -> Site {
        Site::build_and_serve_from(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    }

    /// Builds the site in `root` (the example site or a fixture) and serves its output
    /// with a plain file server.
    fn build_and_serve_from(root: PathBuf) -> Site {
        let built = Example::build_from(root);
        let (addr, _) = example::serve_plain(built.out.clone());
        Site {
            out: built.out.clone(),
            addr,
            _example: built,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn index(&self, rel: &str) -> Index {
        let bytes = std::fs::read(self.out.join(rel)).expect("index");
        serde_json::from_slice(&bytes).expect("index parses")
    }

    /// What the Rust rules find for `q`: the URLs of the first 100 results.
    fn expected(&self, index: &Index, q: &str) -> Vec<String> {
        query(index, q)
            .into_iter()
            .take(100)
            .map(|d| index.url(&index.docs[d]))
            .collect()
    }
}

// ---------------------------------------------------------------------------
// The browser (tests/support/browser.rs) as these tests use it
// ---------------------------------------------------------------------------

/// The value of a JavaScript expression in the page; an exception fails the test.
fn eval(browser: &mut Browser, session: &str, expression: &str) -> Value {
    browser.evaluate(session, expression, false)
}

/// Waits until `expression` is true in the page, for at most [`PATIENCE`].
fn wait(browser: &mut Browser, session: &str, expression: &str, what: &str) {
    browser.wait(session, expression, what, PATIENCE);
}

const RESULTS: &str =
    "Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href'))";
const STATUS: &str = "document.getElementById('search-status').textContent";
const READY: &str = "document.getElementById('search-app')?.dataset.ready === 'true'";

/// Types `q` into the search page's form and submits it; returns the result links.
fn search(browser: &mut Browser, session: &str, q: &str) -> Vec<String> {
    let q = serde_json::to_string(q).expect("json");
    eval(browser, session,
        &format!(
            "(() => {{ const i = document.getElementById('search-query'); i.value = {q}; i.form.requestSubmit(); return true; }})()"
        ),
    );
    serde_json::from_value(eval(browser, session, RESULTS)).expect("links")
}

/// The status line the build's own plural rules give for `n` results on the page.
fn expected_status(html: &str, lang: &str, n: usize) -> String {
    let category = sklaida::i18n::plural_category(lang, n as f64).name();
    let doc = scraper::Html::parse_document(html);
    let app = doc
        .select(&scraper::Selector::parse("#search-app").expect("selector"))
        .next()
        .expect("search app");
    let form = app
        .value()
        .attr(&format!("data-count-{category}"))
        .or_else(|| app.value().attr("data-count-other"))
        .expect("count form");
    form.replace("{count}", &sklaida::i18n::format_number(lang, n as f64))
}

#[test]
fn the_browser_finds_what_the_index_rules_find() {
    let Some(chromium) = browser::chromium("the_browser_finds_what_the_index_rules_find") else {
        return;
    };
    let site = Site::build_and_serve();
    let mut browser = Browser::launch(chromium);

    let lt = site.index("paieska/index.json");
    let page = std::fs::read_to_string(site.out.join("paieska/index.html")).expect("page");
    let session = browser.open_with_scripts(&site.url("/paieska/?q=nerimas"), true);
    wait(&mut browser, &session, READY, "the loaded index");
    wait(
        &mut browser,
        &session,
        &format!("{RESULTS}.length > 0"),
        "the results for ?q=nerimas",
    );
    // The page read ?q=, searched, and said how many it found.
    let links: Vec<String> =
        serde_json::from_value(eval(&mut browser, &session, RESULTS)).expect("links");
    let nerimas = site.expected(&lt, "nerimas");
    assert!(nerimas.len() >= 3, "{nerimas:?}");
    assert_eq!(links, nerimas);
    assert_eq!(
        eval(&mut browser, &session, STATUS),
        expected_status(&page, "lt", query(&lt, "nerimas").len())
    );
    assert_eq!(
        eval(
            &mut browser,
            &session,
            "document.getElementById('search-needs-js').hidden"
        ),
        true
    );

    // Queries typed into the form: the same pages in the same order as the Rust rules.
    for q in [
        "nerimas",
        "NERIMĄ",
        "zmones",
        "žmonės",
        "konsult",
        "gerovės konsultantas",
        "kazlu ruda",
        "jaunimo linija",
        "stresas ir nemiga",
        "seminaras ",
        "plakatai",
        "xyzzyq",
    ] {
        let found = search(&mut browser, &session, q);
        assert_eq!(found, site.expected(&lt, q), "{q:?}");
        if !found.is_empty() {
            assert_eq!(
                eval(&mut browser, &session, STATUS),
                expected_status(&page, "lt", query(&lt, q).len()),
                "{q:?}"
            );
        }
    }
    // "zmones" finds the pages with "žmonės" (and its other forms).
    let zmones = search(&mut browser, &session, "zmones");
    assert!(!zmones.is_empty());
    let nothing = search(&mut browser, &session, "xyzzyq");
    assert!(nothing.is_empty());
    assert!(eval(&mut browser, &session, STATUS)
        .as_str()
        .is_some_and(|s| s.starts_with("Nieko nerasta")));

    // The script folds and splits text exactly as the build does.
    let samples = [
        "Žmonės NERIMĄ",
        "ĄČĘĖĮŠŲŪŽ ąčęėįšųūž",
        "Įėjimas į „Vilties liniją“",
        "Łódź Straße ﬁlmas İstanbul Ørsted Ærø",
        "ΣΟΦΟΣ Σοφός",
        "Crème brûlée, naïve café",
        "0 800 28888 · 116 123",
        "adviser’s e-mail",
        "Skolā ĀČĒĢĪĶĻŅŠŪŽ ģimenē",
        "Пам'ять пам’ять ПАМʼЯТЬ ‘лапки’",
        "Їжак Йосип Ґанок Єдність Київ",
        "Ёлка объявление",
    ];
    let js_folds: Vec<String> = serde_json::from_value(eval(
        &mut browser,
        &session,
        &format!(
            "{}.map(s => window.sklaidaSearch.fold(s))",
            serde_json::to_string(&samples).expect("json")
        ),
    ))
    .expect("folds");
    let rust_folds: Vec<String> = samples.iter().map(|s| sklaida::i18n::fold(s)).collect();
    assert_eq!(js_folds, rust_folds);
    let js_words: Vec<Vec<String>> = serde_json::from_value(eval(
        &mut browser,
        &session,
        &format!(
            "{}.map(s => window.sklaidaSearch.words(s))",
            serde_json::to_string(&samples).expect("json")
        ),
    ))
    .expect("words");
    let rust_words: Vec<Vec<String>> = samples.iter().map(|s| sklaida::search::words(s)).collect();
    assert_eq!(js_words, rust_words);

    // English has its own index and its own plural forms.
    let en = site.index("en/search/index.json");
    let page = std::fs::read_to_string(site.out.join("en/search/index.html")).expect("page");
    let session = browser.open_with_scripts(&site.url("/en/search/?q=anxiety"), true);
    wait(&mut browser, &session, READY, "the English index");
    wait(
        &mut browser,
        &session,
        &format!("{RESULTS}.length > 0"),
        "the results for ?q=anxiety",
    );
    for q in [
        "anxiety",
        "Anxiety sleep",
        "well-being adviser",
        "poster",
        "nerimas",
    ] {
        let found = search(&mut browser, &session, q);
        assert_eq!(found, site.expected(&en, q), "{q:?}");
        if !found.is_empty() {
            assert_eq!(
                eval(&mut browser, &session, STATUS),
                expected_status(&page, "en", query(&en, q).len()),
                "{q:?}"
            );
        }
    }
}

#[test]
fn the_header_form_leads_to_the_search_page_with_or_without_javascript() {
    let Some(chromium) =
        browser::chromium("the_header_form_leads_to_the_search_page_with_or_without_javascript")
    else {
        return;
    };
    let site = Site::build_and_serve();
    let mut browser = Browser::launch(chromium);
    let lt = site.index("paieska/index.json");
    for scripts in [true, false] {
        let session = browser.open_with_scripts(&site.url("/apie/"), scripts);
        wait(
            &mut browser,
            &session,
            "document.readyState === 'complete' && !!document.getElementById('site-search-q')",
            "the page with the header's search form",
        );
        eval(&mut browser, &session,
            "(() => { const i = document.getElementById('site-search-q'); i.value = 'zmones'; i.form.submit(); return true; })()",
        );
        wait(&mut browser, &session,
            "location.pathname === '/paieska/' && location.search === '?q=zmones' && document.readyState === 'complete'",
            "the search page with ?q=zmones",
        );
        if scripts {
            wait(
                &mut browser,
                &session,
                &format!("{RESULTS}.length > 0"),
                "results",
            );
            let links: Vec<String> =
                serde_json::from_value(eval(&mut browser, &session, RESULTS)).expect("links");
            assert_eq!(links, site.expected(&lt, "zmones"));
        } else {
            // Without scripts the page says search needs them and offers the sections.
            assert_eq!(
                eval(&mut browser, &session,
                    "document.getElementById('search-needs-js').hidden === false && document.querySelectorAll('.search-browse a').length > 1"
                ),
                true
            );
            assert_eq!(
                eval(&mut browser, &session, &format!("{RESULTS}.length")),
                0
            );
        }
    }
}

/// The Latvian and Ukrainian pages of the three-language fixtures: folded words are found
/// in the real page, as `search::query` finds them, and counted with CLDR's forms.
#[test]
fn the_browser_finds_folded_latvian_and_ukrainian_words() {
    let Some(chromium) = browser::chromium("the_browser_finds_folded_latvian_and_ukrainian_words")
    else {
        return;
    };
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut browser = Browser::launch(chromium);
    for (fixture, lang, folder, queries, title) in [
        (
            "lang_lv",
            "lv",
            "/lv/meklesana/",
            &[
                "skola",
                "skolā",
                "SKOLA",
                "gimenes diena",
                "ģimenes",
                "jaunumu vestule",
            ][..],
            ("skola", "Atpakaļ skolā"),
        ),
        (
            "lang_uk",
            "uk",
            "/uk/poshuk/",
            &[
                "пам'ять",
                "пам’ять",
                "памʼять",
                "ПАМ'ЯТЬ",
                "щастя",
                "зустріч згурівці",
                "проект",
            ][..],
            ("пам'ять", "Пам’ять і підтримка"),
        ),
    ] {
        let site = Site::build_and_serve_from(fixtures.join(fixture));
        let rel = format!("{}index.json", folder.trim_start_matches('/'));
        let index = site.index(&rel);
        let page = std::fs::read_to_string(
            site.out
                .join(folder.trim_start_matches('/'))
                .join("index.html"),
        )
        .expect("page");
        let session = browser.open_with_scripts(&site.url(folder), true);
        wait(&mut browser, &session, READY, "the loaded index");
        for q in queries {
            let found = search(&mut browser, &session, q);
            assert_eq!(found, site.expected(&index, q), "{lang} {q:?}");
            assert!(!found.is_empty(), "{lang} {q:?} finds nothing");
            assert_eq!(
                eval(&mut browser, &session, STATUS),
                expected_status(&page, lang, query(&index, q).len()),
                "{lang} {q:?}"
            );
        }
        // The folded word finds the page with the word as written.
        let (q, expected_title) = title;
        let found = search(&mut browser, &session, q);
        let titles: Vec<&str> = query(&index, q)
            .into_iter()
            .map(|d| index.docs[d].title())
            .collect();
        assert_eq!(titles, [expected_title], "{lang} {q}");
        assert_eq!(found.len(), 1, "{lang} {q}");
    }
}
