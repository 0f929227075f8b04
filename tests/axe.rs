//! Accessibility of what the default theme ships: the example site is built, served on
//! loopback and opened in headless Chromium; axe-core (WCAG 2.0 and 2.1, A and AA
//! rules) runs on a page of every kind in both languages, at a desktop width and, for
//! the home pages, at a phone's. Any violation fails the test with the rule, its
//! impact, the element and the page.
//!
//! axe-core comes from the npm registry (`.ci/run` installs it and sets `AXE_CORE_JS`
//! to its `axe.min.js`). Without it, or without Chromium, the test fails under CI and
//! is skipped, loudly, elsewhere.

mod support {
    pub mod axe;
    pub mod browser;
    pub mod example;
}

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use support::browser::Browser;
use support::example::{self, navigate, set_viewport, Example};

fn unavailable(what: &str) {
    example::unavailable(
        "the axe-core accessibility test",
        what,
        "Run .ci/run, or: npm install --prefix .ci/cache/npm axe-core@4.14.1 && apt-get install -y chromium",
    );
}

/// Runs axe on the loaded page: one line per violating element.
fn violations(browser: &mut Browser, session: &str, axe: &str, label: &str) -> Vec<String> {
    if browser.evaluate(session, "typeof axe", false) != "object" {
        browser.evaluate(session, axe, false);
    }
    let run = format!(
        "axe.run(document, {{ runOnly: {{ type: 'tag', values: {} }}, resultTypes: ['violations'] }})
           .then(r => r.violations.flatMap(v => v.nodes.map(n => ({{
              id: v.id, impact: v.impact, help: v.help,
              target: n.target.join(' '), html: n.html.slice(0, 160) }}))))",
        serde_json::json!(support::axe::TAGS)
    );
    let found = browser.evaluate(session, &run, true);
    found
        .as_array()
        .expect("axe results")
        .iter()
        .map(|v| {
            format!(
                "{label}: {} ({}): {} — {} — {}",
                v["id"].as_str().unwrap_or(""),
                v["impact"].as_str().unwrap_or(""),
                v["help"].as_str().unwrap_or(""),
                v["target"].as_str().unwrap_or(""),
                v["html"].as_str().unwrap_or(""),
            )
        })
        .collect()
}

/// A headless Chromium with axe-core ready to run, or `None` (and a note, or a failure
/// under CI) when either is missing.
struct Axe {
    browser: Browser,
    session: String,
    source: String,
}

impl Axe {
    fn start() -> Option<Axe> {
        let chromium = Path::new(support::browser::CHROMIUM);
        if !chromium.exists() {
            unavailable("/usr/bin/chromium is not installed");
            return None;
        }
        let Some(source) = support::axe::source() else {
            unavailable("axe-core is not installed (set AXE_CORE_JS to its axe.min.js)");
            return None;
        };
        let mut browser = Browser::launch(chromium);
        let session = browser.open("about:blank");
        browser.call(Some(&session), "Page.enable", serde_json::json!({}));
        Some(Axe {
            browser,
            session,
            source,
        })
    }

    /// Opens each of `paths` on `addr` at `width` × `height` (a phone when `mobile`) and
    /// returns axe's violations, labelled with the address (and the width on phones).
    fn check<P: AsRef<str>>(
        &mut self,
        addr: &str,
        paths: impl IntoIterator<Item = P>,
        (width, height, mobile): (u32, u32, bool),
    ) -> Vec<String> {
        set_viewport(&mut self.browser, &self.session, width, height, mobile);
        let mut problems = Vec::new();
        for path in paths {
            let url = format!("http://{addr}{}", path.as_ref());
            navigate(&mut self.browser, &self.session, &url);
            let label = if mobile {
                format!("{url} at {width} px")
            } else {
                url
            };
            problems.extend(violations(
                &mut self.browser,
                &self.session,
                &self.source,
                &label,
            ));
        }
        problems
    }
}

const DESKTOP: (u32, u32, bool) = (1280, 900, false);
const PHONE: (u32, u32, bool) = (375, 812, true);

/// Fails with every violation found, else lists the pages that passed.
fn report(problems: &[String], pages: &BTreeSet<String>) {
    assert!(
        problems.is_empty(),
        "axe-core found {} violation(s) on {} pages:\n{}",
        problems.len(),
        pages.len(),
        problems.join("\n")
    );
    eprintln!(
        "axe-core: no violations on {} pages:\n{}",
        pages.len(),
        pages.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_example_site_passes_axe_core_in_both_languages() {
    let Some(mut axe) = Axe::start() else { return };
    let site = Example::build();
    let pages = example::pages_to_check(&site.options, &site.out);
    let addr = site.serve();
    let mut problems = axe.check(&addr, &pages, DESKTOP);
    // Phones: the home pages at 375 px, where the menu and helplines fold.
    problems.extend(axe.check(&addr, ["/", "/en/"], PHONE));
    assert!(pages.len() >= 30, "too few pages checked: {pages:?}");
    report(&problems, &pages);
}

/// The three-language fixtures (lt+lv+en, lt+uk+en, built-in theme only): the language
/// switcher with three languages and the Latvian and Ukrainian texts pass axe-core on a
/// page of every kind, at a desktop width and, for the home pages, at 375 px.
#[test]
fn the_three_language_fixtures_pass_axe_core() {
    let Some(mut axe) = Axe::start() else { return };
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for (fixture, third) in [("lang_lv", "lv"), ("lang_uk", "uk")] {
        let site = Example::build_from(fixtures().join(fixture));
        let pages = example::pages_to_check(&site.options, &site.out);
        let addr = site.serve();
        problems.extend(axe.check(&addr, &pages, DESKTOP));
        let homes = ["/".to_string(), format!("/{third}/"), "/en/".to_string()];
        problems.extend(axe.check(&addr, &homes, PHONE));
        assert!(
            pages.iter().any(|p| p.starts_with(&format!("/{third}/"))),
            "{pages:?}"
        );
        checked.extend(pages.iter().map(|p| format!("{fixture}{p}")));
    }
    report(&problems, &checked);
}

/// Projects (issue 12): the projects fixture's project pages, projects list and pages
/// carrying a project's acknowledgement, at a desktop width and at 375 px.
#[test]
fn project_pages_pass_axe_core_on_desktop_and_phone() {
    let Some(mut axe) = Axe::start() else { return };
    let site = Example::build_from(fixtures().join("projects"));
    let addr = site.serve();
    let pages: BTreeSet<String> = [
        "/projektai/",
        "/en/projects/",
        "/projektai/lli-344/",
        "/en/projects/lli-344/",
        "/projektai/sveikata/",
        "/en/projects/healthy-community/",
        "/projektai/lli-344/renginiai/zygis/",
        "/projektai/lli-344/naujienlaiskiai/nr-1/",
        "/straipsniai/apie-sveikata/",
    ]
    .map(String::from)
    .into();
    let mut problems = axe.check(&addr, &pages, DESKTOP);
    problems.extend(axe.check(&addr, &pages, PHONE));
    report(&problems, &pages);
}

#[test]
fn the_second_example_passes_axe_core_in_three_languages_on_desktop_and_phone() {
    let Some(mut axe) = Axe::start() else { return };
    let site = Example::build_example("social-life");
    let pages = example::all_pages(&site.options, &site.out, &site.base_path);
    for lang in ["", "lv/", "en/"] {
        let home = format!("{}{lang}", site.base_path);
        assert!(pages.contains(&home), "no home page {home} in {pages:?}");
    }
    let addr = site.serve();
    let mut problems = axe.check(&addr, &pages, DESKTOP);
    problems.extend(axe.check(&addr, &pages, PHONE));
    assert!(pages.len() >= 60, "too few pages checked: {pages:?}");
    report(&problems, &pages);
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}
