//! A site under a sub-path (`base_url = "https://org.github.io/kampanija/"`, a GitHub
//! project site): `tests/fixtures/subpath` is built with the binary and served under
//! `/kampanija/` — once by a plain static file server (a folder holding the output at
//! `kampanija/`, as GitHub Pages has it), once by `sklaida serve` — and headless
//! Chromium opens every page. Every link, `src`, `srcset`, stylesheet, script, CSS
//! `url()`, feed and the search index the pages name or load must answer (no 404) and
//! stay under `/kampanija/`. Without `/usr/bin/chromium` the tests fail under CI and
//! are skipped, loudly, elsewhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod support {
    pub mod browser;
    pub mod example;
    pub mod fixture;
    pub mod http;
    pub mod served;
}

use support::browser::{self, Browser};
use support::fixture::copy_dir;
use support::served::Served;

const PREFIX: &str = "/kampanija";
const PUBLISHED: &str = "https://org.github.io/kampanija/";
const PATIENCE: Duration = Duration::from_secs(30);

fn fixture() -> PathBuf {
    support::fixture::fixture("subpath")
}

/// Builds a copy of the fixture (`<dir>/site`, so the image cache stays out of the
/// repository) with the binary into `<dir>/kampanija`.
fn build_into(dir: &Path) -> PathBuf {
    let out = dir.join("kampanija");
    let site = dir.join("site");
    copy_dir(&fixture(), &site);
    let run = Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(["build", "--root"])
        .arg(&site)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run sklaida build");
    assert!(
        run.status.success(),
        "the sub-path fixture does not build:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// Every file of the output, relative, `/`-separated.
fn files(out: &Path) -> Vec<String> {
    let mut files = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)
            .expect("read_dir")
            .map(|e| e.expect("entry"))
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(out).expect("inside").to_string_lossy();
                files.push(rel.replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// Every page of the output (`index.html` files and the 404 pages, not the redirects
/// of aliases, which leave for the published site at once) as the address a browser
/// asks for under the prefix, and each search page with a query that finds pages.
fn pages(out: &Path) -> Vec<String> {
    let searches = [
        "/kampanija/paieska/?q=seminaras",
        "/kampanija/en/search/?q=seminar",
    ];
    let mut pages: Vec<String> = files(out)
        .into_iter()
        .filter(|rel| {
            let html = fs::read_to_string(out.join(rel)).unwrap_or_default();
            !html.contains("http-equiv=\"refresh\"")
        })
        .filter_map(|rel| match rel.strip_suffix("index.html") {
            Some(dir) => Some(format!("{PREFIX}/{dir}")),
            None => rel.ends_with("404.html").then(|| format!("{PREFIX}/{rel}")),
        })
        .collect();
    pages.extend(searches.map(String::from));
    pages
}

/// Every absolute address of the published site in the output's text files (feeds,
/// calendars, sitemap, robots.txt, redirects, e-mail versions, Open Graph, JSON-LD,
/// the results), as a path under the prefix, with the files naming it.
fn absolute_addresses(out: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut addresses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for rel in files(out) {
        if !rel.ends_with(".html")
            && !rel.ends_with(".xml")
            && !rel.ends_with(".ics")
            && !rel.ends_with(".txt")
            && !rel.ends_with(".json")
        {
            continue;
        }
        // Calendar lines are folded at 75 octets.
        let text = fs::read_to_string(out.join(&rel))
            .expect("text")
            .replace("\r\n ", "");
        for (at, _) in text.match_indices("https://org.github.io") {
            let rest = &text[at..];
            // The site's address itself (`"site": "https://org.github.io/kampanija"`).
            let site = PUBLISHED.trim_end_matches('/');
            if rest
                .strip_prefix(site)
                .is_some_and(|r| r.starts_with(['"', '<']))
            {
                continue;
            }
            assert!(
                rest.starts_with(PUBLISHED),
                "{rel} names the host outside the site: {}",
                &rest[..rest.len().min(60)]
            );
            let rest = &rest[PUBLISHED.len()..];
            let end = rest
                .find(|c: char| {
                    matches!(c, '"' | '<' | '\'' | ')' | ']' | '\\' | '&') || c.is_whitespace()
                })
                .unwrap_or(rest.len());
            addresses
                .entry(format!("{PREFIX}/{}", &rest[..end]))
                .or_default()
                .insert(rel.clone());
        }
    }
    addresses
}

/// The status of a GET of `target` from `addr`.
fn status_of(addr: &str, target: &str) -> u16 {
    support::http::get(addr, target).status
}

/// In the page: every address it names (links, `src`, `srcset`, stylesheets, feeds,
/// the search index) and every resource the browser loaded for it (style sheets, CSS
/// `url()` images, scripts, the index fetch) with its HTTP status.
const COLLECT: &str = r#"(() => {
  const named = [];
  for (const el of document.querySelectorAll('[href], [src], [srcset], [data-index], [action], [poster]')) {
    for (const a of ['href', 'src', 'data-index', 'action', 'poster']) {
      const v = el.getAttribute(a);
      if (v !== null && !v.includes('{{')) named.push(v);
    }
    const set = el.getAttribute('srcset');
    if (set) for (const c of set.split(',')) named.push(c.trim().split(/\s+/)[0]);
  }
  const resolved = named
    .map(v => { try { return new URL(v, location.href); } catch (e) { return null; } })
    .filter(u => u && u.origin === location.origin)
    .map(u => u.pathname + u.search);
  const loaded = performance.getEntriesByType('resource')
    .map(e => [new URL(e.name).origin === location.origin ? new URL(e.name).pathname : e.name, e.responseStatus || 0]);
  const nav = performance.getEntriesByType('navigation')[0];
  return { named: resolved, loaded, status: nav ? nav.responseStatus : 0, path: location.pathname };
})()"#;

struct Crawl {
    /// Address → the pages that name or load it.
    seen: BTreeMap<String, BTreeSet<String>>,
    problems: Vec<String>,
}

/// Opens every page at `http://addr` + page in Chromium and gathers what each names
/// and loads; the search pages are given time to fetch their index.
fn crawl(chromium: &Path, addr: &str, pages: &[String]) -> Crawl {
    let mut browser = Browser::launch(chromium);
    let mut crawl = Crawl {
        seen: BTreeMap::new(),
        problems: Vec::new(),
    };
    for page in pages {
        let session = browser.open(&format!("http://{addr}{page}"));
        let (path, query) = page.split_once('?').unwrap_or((page, ""));
        browser.wait(
            &session,
            &format!("location.pathname === {path:?} && document.readyState === 'complete'"),
            &format!("{page} loaded"),
            PATIENCE,
        );
        if path.ends_with("/paieska/") || path.ends_with("/search/") {
            browser.wait(
                &session,
                "document.getElementById('search-app')?.dataset.ready === 'true'",
                &format!("the search index of {page} fetched"),
                PATIENCE,
            );
        }
        if !query.is_empty() {
            // The script's result links, made from the index.
            browser.wait(
                &session,
                "document.querySelectorAll('#search-results a').length > 0",
                &format!("results on {page}"),
                PATIENCE,
            );
        }
        let found = browser.evaluate(&session, COLLECT, false);
        let status = found["status"].as_u64().unwrap_or(0);
        if status != 200 && status != 0 {
            crawl.problems.push(format!("{page} answered {status}"));
        }
        for named in found["named"].as_array().into_iter().flatten() {
            let named = named.as_str().unwrap_or_default().to_string();
            crawl.seen.entry(named).or_default().insert(page.clone());
        }
        for entry in found["loaded"].as_array().into_iter().flatten() {
            let name = entry[0].as_str().unwrap_or_default().to_string();
            let status = entry[1].as_u64().unwrap_or(0);
            if status >= 400 {
                crawl
                    .problems
                    .push(format!("{page} loaded {name}, which answered {status}"));
            }
            crawl.seen.entry(name).or_default().insert(page.clone());
        }
        let _ = browser.try_call(Some(&session), "Page.close", serde_json::json!({}));
    }
    crawl
}

/// Every address of `crawl` answers from `addr` and is under the prefix; feeds' and
/// the sitemap's absolute addresses too.
fn assert_all_answer(addr: &str, crawl: &Crawl, out: &Path) {
    let mut problems = crawl.problems.clone();
    let mut addresses: BTreeMap<String, BTreeSet<String>> = crawl.seen.clone();
    for (address, files) in absolute_addresses(out) {
        addresses.entry(address).or_default().extend(files);
    }
    // The aliases' redirect pages, which nothing links to.
    for alias in ["/kampanija/senas-apie/", "/kampanija/old-about/"] {
        addresses
            .entry(alias.to_string())
            .or_default()
            .insert("aliases".into());
    }
    assert!(addresses.len() > 60, "too few addresses: {addresses:?}");
    for (address, pages) in &addresses {
        if address.contains("://") {
            continue; // another site's, loaded by nothing (no third-party requests)
        }
        let on = pages.iter().next().cloned().unwrap_or_default();
        if !address.starts_with(&format!("{PREFIX}/")) {
            problems.push(format!("{address} (on {on}) leaves {PREFIX}/"));
            continue;
        }
        let path = address.split('#').next().unwrap_or(address);
        let status = status_of(addr, path);
        if status == 404 || status >= 400 || status == 0 {
            problems.push(format!("{address} (on {on}) answered {status}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What every crawl must have seen: the kinds of address a site under a sub-path makes.
fn assert_kinds_seen(crawl: &Crawl) {
    for needle in [
        "/kampanija/style.css",
        "/kampanija/favicon.svg",
        "/kampanija/search.js",
        "/kampanija/video-embed.js",
        "/kampanija/paieska/index.json",
        "/kampanija/en/search/index.json",
        "/kampanija/atom.xml",
        "/kampanija/renginiai/calendar.ics",
        "/kampanija/renginiai/seminaras/seminaras.ics",
        "/kampanija/en/events/winter-seminar/",
        "/kampanija/plakatai/dideli-zodziai/plakatas-320w.jpg",
        "/kampanija/plakatai/dideli-zodziai/plakatas-a3.pdf",
        "/kampanija/images/nuotrauka.png",
        "/kampanija/images/emblema.svg",
        "/kampanija/naujienlaiskiai/nr-2/email.html",
        "/kampanija/zymos/",
        "/kampanija/kontaktai/",
        "/kampanija/en/",
        "/kampanija/results.json",
    ] {
        assert!(
            crawl.seen.keys().any(|k| k.starts_with(needle)),
            "no page named or loaded {needle}; seen: {:?}",
            crawl.seen.keys().collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_plain_static_server_under_the_prefix_answers_everything_the_pages_name() {
    let Some(chromium) = browser::chromium("the sub-path test under a static server") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = build_into(tmp.path());
    let (addr, log) = support::example::serve_plain(tmp.path().to_path_buf());
    let pages = pages(&out);
    assert!(pages.len() > 25, "{pages:?}");
    // The 404 pages are opened like the others: their links work from any depth.
    assert!(pages.iter().any(|p| p == "/kampanija/en/404.html"));
    let crawl = crawl(chromium, &addr, &pages);
    assert_kinds_seen(&crawl);
    assert_all_answer(&addr, &crawl, &out);
    // Whatever the browser asked the server for was under the prefix and was there.
    let requests = log.lock().expect("log").clone();
    let bad: Vec<_> = requests
        .iter()
        .filter(|(path, status)| *status != 200 || !path.starts_with("/kampanija/"))
        .collect();
    assert!(
        bad.is_empty(),
        "requests that failed or left the prefix: {bad:?}"
    );
}

#[test]
fn sklaida_serve_answers_under_the_prefix_and_reloads_there() {
    let Some(chromium) = browser::chromium("the sub-path test under sklaida serve") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = build_into(tmp.path());
    let served = Served::start(&fixture(), |_| {}, &[]);
    assert!(
        served.url.ends_with("/kampanija/"),
        "serve announces the prefix: {}",
        served.url
    );
    let addr = served.addr.clone();
    // The host's root leads to the site; outside the prefix nothing answers.
    let root = support::http::get(&addr, "/");
    assert_eq!(root.status, 302, "{}", root.text());
    assert!(
        root.header("location")
            .is_some_and(|l| l.starts_with("/kampanija/")),
        "{:?}",
        root.headers
    );
    assert_eq!(status_of(&addr, "/apie/"), 404);
    assert_eq!(status_of(&addr, "/kampanija/apie/"), 200);

    let pages = pages(&out);
    let crawl = crawl(chromium, &addr, &pages);
    assert_kinds_seen(&crawl);
    assert_all_answer(&addr, &crawl, &out);

    // Live reload works under the prefix: a saved title shows in the open page.
    let mut browser = Browser::launch(chromium);
    let session = browser.open(&format!("http://{addr}/kampanija/kontaktai/"));
    browser.wait(
        &session,
        "document.readyState === 'complete' && !!window.sklaidaServeEvents",
        "the contacts page with live reload",
        PATIENCE,
    );
    browser.wait(
        &session,
        "window.sklaidaServeEvents.readyState === 1",
        "the live reload stream open",
        PATIENCE,
    );
    let file = served.root.join("content/kontaktai.md");
    let text = fs::read_to_string(&file).expect("read");
    fs::write(
        &file,
        text.replace("title: Kontaktai", "title: Kontaktai ir adresas"),
    )
    .expect("write");
    browser.wait(
        &session,
        "document.querySelector('h1')?.textContent.includes('Kontaktai ir adresas') && location.pathname === '/kampanija/kontaktai/'",
        "the new title after a reload under the prefix",
        Duration::from_secs(60),
    );
}
