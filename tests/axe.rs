//! Accessibility of what the default theme ships: the example site is built, served on
//! loopback and opened in headless Chromium; axe-core (WCAG 2.0 and 2.1, A and AA
//! rules) runs on a page of every kind in both languages, at a desktop width and, for
//! the home pages, at a phone's. The second example (`examples/social-life`: three
//! languages, a sub-path, menus, projects) is checked whole, every page at both
//! widths. Any violation fails the test with the rule, its impact, the element and
//! the page.
//!
//! axe-core comes from the npm registry (`.ci/run` installs it and sets `AXE_CORE_JS`
//! to its `axe.min.js`). Without it, or without Chromium, the test fails under CI and
//! is skipped, loudly, elsewhere.

mod support {
    pub mod browser;
    pub mod example;
}

use std::path::{Path, PathBuf};

use support::browser::Browser;
use support::example::{self, navigate, set_viewport, Example};

const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// `AXE_CORE_JS`, else where `.ci/run` installs it.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/cache/npm/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(path).ok()
}

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
        serde_json::json!(AXE_TAGS)
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

#[test]
fn the_example_site_passes_axe_core_in_both_languages() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        return unavailable("/usr/bin/chromium is not installed");
    }
    let Some(axe) = axe_source() else {
        return unavailable("axe-core is not installed (set AXE_CORE_JS to its axe.min.js)");
    };

    let site = Example::build();
    let pages = example::pages_to_check(&site.options, &site.out);
    let addr = site.serve();

    let mut browser = Browser::launch(chromium);
    let session = browser.open("about:blank");
    browser.call(Some(&session), "Page.enable", serde_json::json!({}));
    let mut problems = Vec::new();

    set_viewport(&mut browser, &session, 1280, 900, false);
    for path in &pages {
        let url = format!("http://{addr}{path}");
        navigate(&mut browser, &session, &url);
        problems.extend(violations(&mut browser, &session, &axe, &url));
    }
    // Phones: the home pages at 375 px, where the menu and helplines fold.
    set_viewport(&mut browser, &session, 375, 812, true);
    for path in ["/", "/en/"] {
        let url = format!("http://{addr}{path}");
        navigate(&mut browser, &session, &url);
        problems.extend(violations(
            &mut browser,
            &session,
            &axe,
            &format!("{url} at 375 px"),
        ));
    }

    assert!(pages.len() >= 30, "too few pages checked: {pages:?}");
    report(&problems, &pages);
}

/// Fails with every violation found, else lists the pages that passed.
fn report(problems: &[String], pages: &std::collections::BTreeSet<String>) {
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
fn the_second_example_passes_axe_core_in_three_languages_on_desktop_and_phone() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        return unavailable("/usr/bin/chromium is not installed");
    }
    let Some(axe) = axe_source() else {
        return unavailable("axe-core is not installed (set AXE_CORE_JS to its axe.min.js)");
    };

    let site = Example::build_example("social-life");
    let pages = example::all_pages(&site.options, &site.out, &site.base_path);
    for lang in ["", "lv/", "en/"] {
        let home = format!("{}{lang}", site.base_path);
        assert!(pages.contains(&home), "no home page {home} in {pages:?}");
    }
    let addr = site.serve();

    let mut browser = Browser::launch(chromium);
    let session = browser.open("about:blank");
    browser.call(Some(&session), "Page.enable", serde_json::json!({}));
    let mut problems = Vec::new();
    for (width, height, mobile) in [(1280, 900, false), (375, 812, true)] {
        set_viewport(&mut browser, &session, width, height, mobile);
        for path in &pages {
            let url = format!("http://{addr}{path}");
            navigate(&mut browser, &session, &url);
            problems.extend(violations(
                &mut browser,
                &session,
                &axe,
                &format!("{url} at {width} px"),
            ));
        }
    }
    assert!(pages.len() >= 60, "too few pages checked: {pages:?}");
    report(&problems, &pages);
}
