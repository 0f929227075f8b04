//! The example site for browser tests: built once into a temporary folder, served on
//! loopback as a static host would, and the list of pages that covers every page type
//! in every language. Shared by `tests/axe.rs` and `tests/gates.rs`.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::browser::Browser;
use sklaida::content::ContentType;
use sklaida::serve::http::{self, Target};
use sklaida::BuildOptions;

/// How long a page may take to load before the test gives up (a busy CI machine).
pub const PATIENCE: Duration = Duration::from_secs(30);

pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Fails under CI, else prints, loudly, why `test` did not run and how to run it.
pub fn unavailable(test: &str, what: &str, how: &str) {
    let message = format!("SKIPPED {test}: {what}. {how}");
    assert!(!under_ci(), "{message}");
    eprintln!("\n{}\n{message}\n{}\n", "!".repeat(80), "!".repeat(80));
}

/// The example site, built on a fixed day into a temporary folder.
pub struct Example {
    pub options: BuildOptions,
    pub out: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Example {
    pub fn build() -> Example {
        Example::build_from(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    }

    /// Builds the site in `root` (the example site, or a fixture site) the same way.
    pub fn build_from(root: PathBuf) -> Example {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let options = BuildOptions {
            root,
            output: Some(out.clone()),
            now: Some(jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0)),
            ..BuildOptions::default()
        };
        if let Err(e) = sklaida::build(&options) {
            panic!("the example site does not build:\n{e}");
        }
        Example {
            options,
            out,
            _tmp: tmp,
        }
    }

    /// Serves the output on loopback; returns `host:port`.
    pub fn serve(&self) -> String {
        serve(std::fs::canonicalize(&self.out).expect("output folder"))
    }
}

/// Serves `root` (a built site) on loopback as a static host would: folder index
/// pages, redirects to the slash URL, the language's 404 page for a miss.
pub fn serve(root: PathBuf) -> String {
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
/// the results and accessibility pages, a tag, the tag index, the search page and the
/// 404 page.
pub fn pages_to_check(options: &BuildOptions, out: &Path) -> BTreeSet<String> {
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
        let text = |key: &str| {
            loaded
                .renderer
                .text(&lang.code, key)
                .unwrap_or_else(|| panic!("{key}"))
        };
        let tag_index = format!("{root}{}/", text("tags_path"));
        let first_tag = std::fs::read_dir(out.join(tag_index.trim_start_matches('/')))
            .expect("a tag index")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .min()
            .expect("a tag page");
        urls.insert(format!("{tag_index}{first_tag}/"));
        urls.insert(tag_index);
        let search = format!("{root}{}/", text("search_path"));
        assert!(
            out.join(search.trim_start_matches('/'))
                .join("index.html")
                .is_file(),
            "no search page at {search}"
        );
        urls.insert(search);
        urls.insert(format!("{root}no-such-page-404/"));
    }
    // The example site must have these; a fixture site may not (no results page).
    let example = options.root == Path::new(env!("CARGO_MANIFEST_DIR"));
    for key in ["rezultatai", "prieinamumas", "kontaktai"] {
        let Some(ids) = site.translations.get(key) else {
            assert!(!example, "the example site has no {key} page");
            continue;
        };
        for &id in ids {
            urls.insert(site.pages[id].url.clone());
        }
    }
    urls
}

/// Opens `url` in the tab and waits until it has loaded.
pub fn navigate(browser: &mut Browser, session: &str, url: &str) {
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

pub fn set_viewport(browser: &mut Browser, session: &str, width: u32, height: u32, mobile: bool) {
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
