//! Accessibility of what the default theme ships: the example site is built, served on
//! loopback and opened in headless Chromium; axe-core (WCAG 2.0 and 2.1, A and AA
//! rules) runs on a page of every kind in both languages, at a desktop width and, for
//! the home pages, at a phone's. Any violation fails the test with the rule, its
//! impact, the element and the page.
//!
//! axe-core comes from the npm registry (`.ci/run` installs it and sets `AXE_CORE_JS`
//! to its `axe.min.js`). Without it, or without Chromium, the test fails under CI and
//! is skipped, loudly, elsewhere.

#[path = "support/browser.rs"]
mod browser;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use browser::Browser;
use sklaida::content::ContentType;
use sklaida::serve::http::{self, Target};
use sklaida::BuildOptions;

/// How long a page may take to load before the test gives up (a busy CI machine).
const PATIENCE: Duration = Duration::from_secs(30);

const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

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

/// Fails under CI, else prints why the test did not run.
fn unavailable(what: &str) {
    let message = format!(
        "SKIPPED the axe-core accessibility test: {what}. Run .ci/run, or: npm install --prefix .ci/cache/npm axe-core@4.14.1 && apt-get install -y chromium"
    );
    assert!(!under_ci(), "{message}");
    eprintln!("\n{}\n{message}\n{}\n", "!".repeat(80), "!".repeat(80));
}

/// Serves `root` (a built site) on loopback as a static host would: folder index
/// pages, redirects to the slash URL, the language's 404 page for a miss.
fn serve(root: PathBuf) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let addr = server.server_addr().to_ip().expect("ip").to_string();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let target = request.url().to_string();
            let (status, file) = match http::resolve(&root, &target) {
                Target::File(file) => (200, Some(file)),
                Target::Redirect(to) => {
                    let header = tiny_http::Header::from_bytes("Location", to).expect("header");
                    let _ = request.respond(tiny_http::Response::empty(301).with_header(header));
                    continue;
                }
                Target::NotFound | Target::BadRequest => {
                    (404, http::not_found_page(&root, &target))
                }
            };
            let Some(file) = file else {
                let _ = request.respond(tiny_http::Response::empty(404));
                continue;
            };
            let body = std::fs::read(&file).unwrap_or_default();
            let header = tiny_http::Header::from_bytes("Content-Type", http::mime_type(&file))
                .expect("header");
            let _ = request.respond(
                tiny_http::Response::from_data(body)
                    .with_status_code(status)
                    .with_header(header),
            );
        }
    });
    addr
}

/// A page of every kind in every language: home, each section, one page of each type,
/// the results and accessibility pages, a tag, the tag index and the 404 page.
fn pages_to_check(options: &BuildOptions, out: &Path) -> BTreeSet<String> {
    let loaded = match sklaida::load(options) {
        Ok(l) => l,
        Err(e) => panic!("the example site does not load:\n{e}"),
    };
    let site = &loaded.site;
    let mut urls = BTreeSet::new();
    for section in &site.sections {
        urls.insert(section.url.clone());
    }
    for lang in &site.config.languages {
        for kind in ContentType::ALL {
            if let Some(p) = site
                .pages
                .iter()
                .find(|p| p.page.lang == lang.code && p.page.content_type() == kind)
            {
                urls.insert(p.url.clone());
            }
        }
        let root = site.config.language_root(&lang.code);
        let tags = loaded
            .renderer
            .text(&lang.code, "tags_path")
            .expect("tags_path");
        let tag_index = format!("{root}{tags}/");
        let first_tag = std::fs::read_dir(out.join(tag_index.trim_start_matches('/')))
            .expect("a tag index")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .min()
            .expect("a tag page");
        urls.insert(format!("{tag_index}{first_tag}/"));
        urls.insert(tag_index);
        urls.insert(format!("{root}no-such-page-404/"));
    }
    for key in ["rezultatai", "prieinamumas"] {
        let ids = site
            .translations
            .get(key)
            .unwrap_or_else(|| panic!("the example site has no {key} page"));
        for &id in ids {
            urls.insert(site.pages[id].url.clone());
        }
    }
    urls
}

/// Opens `url` in the tab and waits until it has loaded.
fn navigate(browser: &mut Browser, session: &str, url: &str) {
    browser.call(
        Some(session),
        "Page.navigate",
        serde_json::json!({ "url": url }),
    );
    let started = Instant::now();
    let expected = serde_json::to_string(url).expect("json");
    let ready = format!("document.readyState === 'complete' && location.href === {expected}");
    while browser.evaluate(session, &ready, false) != serde_json::Value::Bool(true) {
        assert!(started.elapsed() < PATIENCE, "{url} did not load");
        std::thread::sleep(Duration::from_millis(50));
    }
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

fn set_viewport(browser: &mut Browser, session: &str, width: u32, height: u32, mobile: bool) {
    browser.call(
        Some(session),
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({
            "width": width, "height": height,
            "deviceScaleFactor": if mobile { 2 } else { 1 },
            "mobile": mobile,
        }),
    );
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

    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0)),
        ..BuildOptions::default()
    };
    if let Err(e) = sklaida::build(&options) {
        panic!("the example site does not build:\n{e}");
    }
    let pages = pages_to_check(&options, &out);
    let root = std::fs::canonicalize(&out).expect("output folder");
    let addr = serve(root);

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
    assert!(
        problems.is_empty(),
        "axe-core found {} violation(s) on {} pages:\n{}",
        problems.len(),
        pages.len(),
        problems.join("\n")
    );
    eprintln!(
        "axe-core: no violations on {} pages (and the home pages at 375 px):\n{}",
        pages.len(),
        pages.iter().cloned().collect::<Vec<_>>().join("\n")
    );
}
