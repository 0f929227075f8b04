//! The example sites for browser tests: built once into a temporary folder, served on
//! loopback as a static host would (under the base path of `base_url`, as GitHub or
//! GitLab project pages serve it), and the list of pages that covers every page type
//! in every language. Also the one place a test serves a folder over HTTP: as a host
//! does ([`serve_under`]) or as a plain file server that logs what it was asked
//! ([`serve_plain`]). Needs `support/browser.rs` beside it (as `super::browser`).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::browser::Browser;
use sklaida::content::ContentType;
use sklaida::serve::http::{self, Target};
use sklaida::BuildOptions;

/// How long a page may take to load before the test gives up (a busy CI machine).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Where they were before `browser.rs` held them (`tests/cms_browser.rs` names them here).
#[allow(unused_imports)]
pub use super::browser::{unavailable, under_ci};

/// An example site, built on a fixed day into a temporary folder.
pub struct Example {
    pub options: BuildOptions,
    pub out: PathBuf,
    /// The path of `base_url` with a slash at each end (`/` or `/social-life/`): where
    /// the site is served, and what every address it makes starts with.
    pub base_path: String,
    _tmp: tempfile::TempDir,
}

impl Example {
    /// The repository's own example (`site.toml` and `content/` at the crate root).
    pub fn build() -> Example {
        Example::build_site(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    }

    /// A site under `examples/` (`examples/social-life`).
    pub fn build_example(name: &str) -> Example {
        Example::build_site(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("examples")
                .join(name),
        )
    }

    /// Builds the site in `root` (the example site, or a fixture site) the same way.
    pub fn build_from(root: PathBuf) -> Example {
        Example::build_site(root)
    }

    fn build_site(root: PathBuf) -> Example {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let base_path = base_path(&root);
        let options = BuildOptions {
            root,
            output: Some(out.clone()),
            now: Some(jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0)),
            ..BuildOptions::default()
        };
        if let Err(e) = sklaida::build(&options) {
            panic!(
                "the site at {} does not build:\n{e}",
                options.root.display()
            );
        }
        Example {
            options,
            out,
            base_path,
            _tmp: tmp,
        }
    }

    /// Serves the output on loopback under the site's base path; returns `host:port`.
    pub fn serve(&self) -> String {
        serve_under(
            std::fs::canonicalize(&self.out).expect("output folder"),
            &self.base_path,
        )
    }
}

/// The path of the site's `base_url`, read from its `site.toml` as a host would see
/// it: `https://org.example/social-life` → `/social-life/`, a bare domain → `/`.
pub fn base_path(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("site.toml")).expect("site.toml");
    let table: toml::Table = toml::from_str(&text).expect("site.toml parses");
    let url = table
        .get("base_url")
        .and_then(toml::Value::as_str)
        .expect("base_url");
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.trim_matches('/');
    if path.is_empty() {
        "/".to_string()
    } else {
        format!("/{path}/")
    }
}

/// Serves `root` (a built site) on loopback as a static host would: folder index
/// pages, redirects to the slash URL, the language's 404 page for a miss.
pub fn serve(root: PathBuf) -> String {
    serve_under(root, "/")
}

/// Serves `root` at `prefix` (`/` or `/social-life/`), as project pages are served:
/// an address outside the prefix is a plain 404, as on the real host.
pub fn serve_under(root: PathBuf, prefix: &str) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
    let addr = server.server_addr().to_ip().expect("ip").to_string();
    let prefix = prefix.trim_end_matches('/').to_string();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let full = request.url().to_string();
            let target = if prefix.is_empty() {
                Some(full.clone())
            } else if full == prefix || full.starts_with(&format!("{prefix}?")) {
                Some(format!("/{}", &full[prefix.len()..]))
            } else {
                full.strip_prefix(&prefix)
                    .filter(|rest| rest.starts_with('/'))
                    .map(str::to_string)
            };
            let Some(target) = target else {
                let _ = request.respond(tiny_http::Response::empty(404));
                continue;
            };
            let (status, file) = match http::resolve(&root, &target) {
                Target::File(file) => (200, Some(file)),
                Target::Redirect(to) => {
                    let to = format!("{prefix}{to}");
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

/// Every request a [`serve_plain`] server answered: (path, status).
pub type RequestLog = Arc<Mutex<Vec<(String, u16)>>>;

/// A plain static file server over `root` on a thread, as the simplest host is: the
/// path (query and fragment left off, percent-decoded) names a file under `root`, a
/// folder's address (`/…/`) its `index.html`; no redirects, no 404 pages, nothing
/// outside `root` (`..`). Returns `host:port` and the log of every request.
pub fn serve_plain(root: PathBuf) -> (String, RequestLog) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("listen");
    let addr = server.server_addr().to_string();
    let log = Arc::new(Mutex::new(Vec::new()));
    let requests = Arc::clone(&log);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_string();
            let decoded = percent_encoding::percent_decode_str(&path)
                .decode_utf8_lossy()
                .into_owned();
            let mut file = root.join(decoded.trim_start_matches('/'));
            if decoded.ends_with('/') {
                file.push("index.html");
            }
            let inside = !decoded.split('/').any(|s| s == "..");
            let (status, response) = match std::fs::read(&file) {
                Ok(bytes) if inside => {
                    let header =
                        tiny_http::Header::from_bytes("Content-Type", http::mime_type(&file))
                            .expect("header");
                    (
                        200,
                        tiny_http::Response::from_data(bytes).with_header(header),
                    )
                }
                _ => (
                    404,
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
                ),
            };
            requests.lock().expect("log").push((path, status));
            let _ = request.respond(response);
        }
    });
    (addr, log)
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
        urls.extend(language_pages(&loaded, &lang.code, &root, out, "/"));
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

/// Every page and section of a site in every language, and in each language the tag
/// index, its first tag, the search page and the 404 page: the whole of a small site
/// (the second example), as addresses a browser requests (with the base path).
pub fn all_pages(options: &BuildOptions, out: &Path, base_path: &str) -> BTreeSet<String> {
    let loaded = match sklaida::load(options) {
        Ok(l) => l,
        Err(e) => panic!("the site does not load:\n{e}"),
    };
    let site = &loaded.site;
    // The model's addresses may be paths in the site (`/lv/`), which the pages carry
    // under the base path, or already under it (`/social-life/lv/`): a browser asks
    // for the latter.
    let default_root = site.config.language_root(&site.config.default_language);
    let served = |url: &str| -> String {
        if base_path == "/" || default_root == base_path {
            url.to_string()
        } else {
            format!("{}{url}", base_path.trim_end_matches('/'))
        }
    };
    let mut urls: BTreeSet<String> = site.sections.iter().map(|s| served(&s.url)).collect();
    urls.extend(site.pages.iter().map(|p| served(&p.url)));
    for lang in &site.config.languages {
        let root = served(&site.config.language_root(&lang.code));
        urls.extend(language_pages(&loaded, &lang.code, &root, out, base_path));
    }
    urls
}

/// In `lang`, whose home is at `root`: the tag index, its first tag, the search page
/// and a missing page (for the 404 page), as addresses a browser asks for.
fn language_pages(
    loaded: &sklaida::Loaded,
    lang: &str,
    root: &str,
    out: &Path,
    base_path: &str,
) -> [String; 4] {
    let text = |key: &str| {
        loaded
            .renderer
            .text(lang, key)
            .unwrap_or_else(|| panic!("{key}"))
    };
    let tag_index = format!("{root}{}/", text("tags_path"));
    let first_tag = std::fs::read_dir(output_path(out, base_path, &tag_index))
        .unwrap_or_else(|_| panic!("no tag index at {tag_index}"))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .min()
        .expect("a tag page");
    let search = format!("{root}{}/", text("search_path"));
    assert!(
        output_path(out, base_path, &search)
            .join("index.html")
            .is_file(),
        "no search page at {search}"
    );
    [
        format!("{tag_index}{first_tag}/"),
        tag_index,
        search,
        format!("{root}no-such-page-404/"),
    ]
}

/// The output file or folder that an address of the site names: the base path taken
/// off (`/social-life/lv/projekti/` → `<out>/lv/projekti/`).
pub fn output_path(out: &Path, base_path: &str, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(base_path)
        .or_else(|| url.strip_prefix('/'))
        .unwrap_or(url);
    out.join(rel)
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
