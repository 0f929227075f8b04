//! `sklaida check`: the fixture `tests/fixtures/check` has one problem of each kind
//! planted; each must be found at its file and line with its severity, and the clean
//! example site must pass. External links are checked against a local server.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sklaida::check::{self, external, Report};
use sklaida::{BuildOptions, Severity};

use crate::support::*;

fn run(site: &TestSite) -> Report {
    check::run(&check::Options {
        build: site.options(),
        ..check::Options::default()
    })
}

/// (file, line, severity, words the message must contain)
type Expected = (&'static str, Option<usize>, Severity, &'static str);

const PLANTED: &[Expected] = &[
    // front matter: `image` without `image_alt`
    (
        "content/be-alt.md",
        Some(1),
        Severity::Error,
        "`image` needs `image_alt`",
    ),
    // title of 71 characters
    (
        "content/ilgas.md",
        Some(2),
        Severity::Warning,
        "71 characters",
    ),
    // front matter error, the same as `build` reports
    ("content/klaida.md", Some(3), Severity::Error, "2026-13-45"),
    // broken internal link
    (
        "content/nuorodos.md",
        Some(6),
        Severity::Error,
        "link to /renginiai/nera/ leads nowhere",
    ),
    // broken anchor
    (
        "content/nuorodos.md",
        Some(8),
        Severity::Error,
        "/apie/ has no heading or anchor with the id \"nera\"",
    ),
    // missing image
    (
        "content/nuorodos.md",
        Some(10),
        Severity::Error,
        "the image nera.png is missing",
    ),
    // empty alt text
    (
        "content/nuorodos.md",
        Some(12),
        Severity::Error,
        "the image /logo.svg has no alt text",
    ),
    // empty link text
    (
        "content/nuorodos.md",
        Some(14),
        Severity::Warning,
        "the link to /apie/ has no text",
    ),
    // heading h2 → h4
    (
        "content/nuorodos.md",
        Some(18),
        Severity::Warning,
        "skips from level 2 to 4",
    ),
    // missing PDF
    (
        "content/plakatai/plakatas/index.md",
        Some(5),
        Severity::Error,
        "plakatas.pdf: there is no such file",
    ),
    // stale translation, by `updated`
    (
        "content/senas.en.md",
        Some(5),
        Severity::Warning,
        "stale translation: content/senas.md changed on 2026-11-20 (`updated`), this translation on 2026-10-01",
    ),
    // untranslated page
    (
        "content/tik-lietuviskai.md",
        None,
        Severity::Warning,
        "not translated into English (en)",
    ),
    // a template's broken link, once for both 404 pages
    (
        "templates/404.html",
        Some(11),
        Severity::Error,
        "link to /pagalba/ leads nowhere: the site has no page or file /pagalba/ (on 2 pages",
    ),
];

fn assert_found(report: &Report, expected: &[Expected]) {
    let found = list(&report.diagnostics);
    assert_eq!(report.diagnostics.len(), expected.len(), "found:\n{found}");
    for (d, (path, line, severity, words)) in report.diagnostics.iter().zip(expected) {
        assert_eq!(d.path, PathBuf::from(path), "found:\n{found}");
        assert_eq!(d.line, *line, "{d}");
        assert_eq!(d.severity, *severity, "{d}");
        assert!(d.message.contains(words), "{d}\nshould contain: {words}");
    }
}

#[test]
fn check_finds_each_planted_problem_at_its_line() {
    let site = TestSite::fixture("check");
    let report = run(&site);
    assert_found(&report, PLANTED);
    assert_eq!(report.errors(), 8);
    assert_eq!(report.warnings(), 5);
    assert!(!report.passed(false));
    assert!(report
        .summary()
        .starts_with("8 errors, 5 warnings in 8 files (checked "));
    // Nothing is written: no output folder, nothing in the site.
    assert!(!site.out.exists());
    assert!(!site.root.join("public").exists());
}

#[test]
fn fixing_the_problems_clears_the_report() {
    let site = TestSite::fixture("check");
    site.write(
        "content/nuorodos.md",
        "---\ntitle: Nuorodos\n---\n[Kada](apie.md#kada), ![Logotipas](/logo.svg), [Apie](/apie/).\n\n![](/logo.svg \"decorative\")\n\n## Skyrius\n\n### Poskyris\n",
    );
    site.write(
        "content/ilgas.md",
        "---\ntitle: Trumpas pavadinimas\n---\nTekstas.\n",
    );
    site.write(
        "content/klaida.md",
        "---\ntitle: Klaida\ndate: 2026-11-13\n---\nData gera.\n",
    );
    site.write(
        "content/klaida.en.md",
        "---\ntitle: Mistake\ndate: 2026-11-13\n---\nA good date.\n",
    );
    site.write(
        "content/be-alt.md",
        "---\ntitle: Be aprašymo\nimage: /logo.svg\nimage_alt: \"\"\n---\nPuošmena.\n",
    );
    site.write(
        "content/be-alt.en.md",
        "---\ntitle: No description\nimage: /logo.svg\nimage_alt: \"\"\n---\nAn ornament.\n",
    );
    site.write("content/plakatai/plakatas/plakatas.pdf", "%PDF-1.4\n");
    site.write(
        "content/senas.en.md",
        "---\ntitle: Updated page\nslug: updated\ndate: 2026-09-01\nupdated: 2026-11-21\n---\nUp to date.\n",
    );
    site.write(
        "content/tik-lietuviskai.en.md",
        "---\ntitle: Lithuanian only no more\n---\nTranslated.\n",
    );
    site.write("content/pagalba.md", "---\ntitle: Pagalba\n---\nPagalba.\n");
    site.write(
        "content/pagalba.en.md",
        "---\ntitle: Help\nslug: help\n---\nHelp.\n",
    );
    let report = run(&site);
    assert_eq!(report.diagnostics, [], "{}", list(&report.diagnostics));
    assert!(report.passed(true));
    assert!(report.summary().starts_with("No problems found ("));
}

#[test]
fn a_broken_link_in_raw_html_is_traced_to_its_line() {
    let site = TestSite::fixture("check");
    site.write(
        "content/apie.md",
        "---\ntitle: Apie\n---\nApie.\n\n<p><a href=\"/kontaktai/\">Kontaktai</a> <img src=\"/logo.svg\"></p>\n\n## Kada\n",
    );
    let report = run(&site);
    let about: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.path == Path::new("content/apie.md"))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        about,
        [
            "content/apie.md:6: error: image /logo.svg has no alt attribute (on the page /apie/): add alt=\"…\" describing it, or alt=\"\" if it is decoration",
            "content/apie.md:6: error: link to /kontaktai/ leads nowhere: the site has no page or file /kontaktai/ (on the page /apie/)",
        ]
    );
}

#[test]
fn missing_front_matter_files_are_named_at_their_field() {
    let site = TestSite::fixture("check");
    site.write(
        "content/apie.md",
        "---\ntitle: Apie\nimage: /nera.svg\nimage_alt: Logotipas\n---\n## Kada\n",
    );
    site.write(
        "content/istorijos/jonas.md",
        "---\ntitle: Jono istorija\ntype: story\ndate: 2026-11-01\nconsent: true\nambassador:\n  name: Jonas\n  photo: jonas.jpg\n  photo_alt: Jonas prie ežero\n---\nIstorija.\n",
    );
    site.write(
        "content/istorijos/jonas.en.md",
        "---\ntitle: Jonas's story\ntype: story\ndate: 2026-11-01\nconsent: true\nambassador:\n  name: Jonas\n---\nA story.\n",
    );
    let report = run(&site);
    let found: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.path == Path::new("content/apie.md") || d.path.starts_with("content/istorijos")
        })
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        found,
        [
            "content/apie.md:3: error: image: the image /nera.svg is missing: the site has no file /nera.svg; put the file in the page's folder or in static/",
            "content/istorijos/jonas.md:6: error: ambassador: the photo jonas.jpg is missing: the site has no file /istorijos/jonas/jonas.jpg; put the file in the page's folder or in static/",
        ]
    );
}

#[test]
fn a_template_error_is_reported_with_the_source_problems() {
    let site = TestSite::fixture("check");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% if %}\n",
    );
    let report = run(&site);
    let found = list(&report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.path == Path::new("templates/404.html")),
        "{found}"
    );
    // Rules that need no rendered page still run.
    for (path, line) in [
        ("content/nuorodos.md", 12),
        ("content/ilgas.md", 2),
        ("content/klaida.md", 3),
    ] {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.path == Path::new(path) && d.line == Some(line)),
            "{path}:{line} missing from:\n{found}"
        );
    }
    assert_eq!(report.rendered, 0);
}

#[test]
fn the_example_site_has_only_its_deliberate_warnings() {
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        now: Some(now()),
        ..BuildOptions::default()
    };
    let report = check::run(&check::Options {
        build: options,
        ..check::Options::default()
    });
    let found: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found,
        [
            // A story waiting for its teller's written consent, in both languages.
            "content/istorijos/2026-11-18-egzaminu-metai.en.md: warning: consent: not published: a story needs `consent: true` from the person it is about",
            "content/istorijos/2026-11-18-egzaminu-metai.md: warning: consent: not published: a story needs `consent: true` from the person it is about",
            // The one article published in Lithuanian only.
            "content/straipsniai/2026-11-12-susitikimas-su-seniunais.md: warning: not translated into English (en): readers who switch language are told the page is not translated",
        ],
        "{}",
        found.join("\n")
    );
    assert!(report.rendered > 100, "{}", report.summary());
}

#[test]
fn a_new_site_from_init_passes() {
    let site = TestSite::empty();
    sklaida::init(&site.root).expect("init");
    let report = run(&site);
    assert_eq!(report.diagnostics, [], "{}", list(&report.diagnostics));
}

fn sklaida(args: &[&str], site: &TestSite) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(args)
        .current_dir(site.tmp())
        .output()
        .expect("run sklaida")
}

#[test]
fn cli_check_prints_every_problem_and_exits_non_zero() {
    let site = TestSite::fixture("check");
    let out = sklaida(&["check", "--root", "site"], &site);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), PLANTED.len() + 1, "{stdout}");
    for (line, (path, number, severity, words)) in lines.iter().zip(PLANTED) {
        let place = match number {
            Some(n) => format!("{path}:{n}: "),
            None => format!("{path}: "),
        };
        let label = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        assert!(line.starts_with(&format!("{place}{label}: ")), "{line}");
        assert!(line.contains(words), "{line}");
    }
    assert!(
        lines[PLANTED.len()].starts_with("8 errors, 5 warnings in 8 files"),
        "{stdout}"
    );
    // Files are separated by a blank line: 8 files, 7 gaps, one before the summary.
    assert_eq!(stdout.matches("\n\n").count(), 8, "{stdout}");
    assert!(!site.root.join("public").exists());

    let json = sklaida(&["check", "--root", "site", "--format", "json"], &site);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON report");
    assert_eq!(value["errors"], 8);
    assert_eq!(value["warnings"], 5);
    assert_eq!(value["files"], 8);
    let first = &value["diagnostics"][0];
    assert_eq!(first["file"], "content/be-alt.md");
    assert_eq!(first["line"], 1);
    assert_eq!(first["severity"], "error");
    assert_eq!(first["field"], "image_alt");
}

#[test]
fn cli_check_passes_warnings_unless_told_to_deny_them() {
    let site = TestSite::fixture("check");
    for file in [
        "content/be-alt.md",
        "content/klaida.md",
        "content/nuorodos.md",
        "content/nuorodos.en.md",
        "templates/404.html",
    ] {
        site.remove(file);
    }
    site.write(
        "content/plakatai/plakatas/index.md",
        "---\ntitle: Plakatas\nimage: plakatas.svg\nimage_alt: Žalias skritulys\n---\nPlakatas.\n",
    );
    let out = sklaida(&["check", "--root", "site"], &site);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("0 errors, 3 warnings in 3 files"),
        "{stdout}"
    );
    for flag in ["--deny-warnings", "--strict"] {
        let out = sklaida(&["check", "--root", "site", flag], &site);
        assert_eq!(out.status.code(), Some(1), "{flag}");
    }
    let quiet = sklaida(&["--quiet", "check", "--root", "site"], &site);
    let stdout = String::from_utf8_lossy(&quiet.stdout);
    assert!(!stdout.contains("warning:"), "{stdout}");
}

/// A local stand-in for other sites: what each path answers, and every request seen.
struct Remote {
    addr: String,
    seen: Arc<Mutex<Vec<(String, String)>>>,
}

impl Remote {
    fn start() -> Remote {
        let server = tiny_http::Server::http("127.0.0.1:0").expect("bind");
        let addr = server
            .server_addr()
            .to_ip()
            .expect("ip address")
            .to_string();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let method = request.method().to_string();
                let path = request.url().to_string();
                log.lock()
                    .expect("log")
                    .push((method.clone(), path.clone()));
                std::thread::spawn(move || {
                    let response = match (method.as_str(), path.as_str()) {
                        (_, "/ok") => tiny_http::Response::from_string("ok"),
                        (_, "/gone") => {
                            tiny_http::Response::from_string("gone").with_status_code(404)
                        }
                        (_, "/moved") => tiny_http::Response::from_string("")
                            .with_status_code(301)
                            .with_header(
                                tiny_http::Header::from_bytes("Location", "/ok").expect("header"),
                            ),
                        ("HEAD", "/no-head") => {
                            tiny_http::Response::from_string("").with_status_code(405)
                        }
                        ("GET", "/no-head") => tiny_http::Response::from_string("fine"),
                        (_, "/slow") => {
                            std::thread::sleep(Duration::from_secs(5));
                            tiny_http::Response::from_string("late")
                        }
                        _ => tiny_http::Response::from_string("?").with_status_code(500),
                    };
                    let _ = request.respond(response);
                });
            }
        });
        Remote { addr, seen }
    }

    fn requests(&self, path: &str) -> Vec<String> {
        self.seen
            .lock()
            .expect("log")
            .iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.clone())
            .collect()
    }
}

#[test]
fn external_links_are_asked_once_each_and_only_warned_about() {
    let remote = Remote::start();
    let site = TestSite::fixture("check");
    let a = &remote.addr;
    site.write(
        "content/isoriniai.md",
        &format!(
            "---\ntitle: Išoriniai\n---\n[Gerai](http://{a}/ok)\n\n[Dingo](http://{a}/gone)\n\n[Perkelta](http://{a}/moved)\n\n[Be HEAD](http://{a}/no-head)\n\n[Lėta](http://{a}/slow)\n\n[Vėl gerai](http://{a}/ok#skyrius)\n"
        ),
    );
    site.write(
        "content/isoriniai.en.md",
        &format!("---\ntitle: External\nslug: external\n---\n[Fine](http://{a}/ok)\n"),
    );
    let report = check::run(&check::Options {
        build: site.options(),
        external: true,
        external_settings: external::Settings {
            timeout: Duration::from_millis(500),
            workers: 4,
        },
    });
    let external: BTreeMap<usize, String> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains(a.as_str()))
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning, "{d}");
            assert_eq!(d.path, PathBuf::from("content/isoriniai.md"), "{d}");
            (d.line.expect("line"), d.message.clone())
        })
        .collect();
    assert_eq!(
        external,
        BTreeMap::from([
            (
                6,
                format!("link to http://{a}/gone: the server answers 404 Not Found")
            ),
            (
                8,
                format!("link to http://{a}/moved redirects (301) to /ok: link to the new address instead")
            ),
            (12, format!("link to http://{a}/slow: no answer within 0.5 s")),
        ])
    );
    // The planted problems are still all there, and only they are errors.
    assert_eq!(report.errors(), 8);
    // Each address once: `/ok` is linked three times (one with a fragment).
    assert_eq!(remote.requests("/ok"), ["HEAD"]);
    assert_eq!(remote.requests("/no-head"), ["HEAD", "GET"]);
    assert_eq!(remote.requests("/gone"), ["HEAD", "GET"]);
    assert_eq!(report.external, 5);

    // Without `external`, nobody is asked.
    let before = remote.seen.lock().expect("log").len();
    let quiet = run(&site);
    assert_eq!(quiet.external, 0);
    assert_eq!(remote.seen.lock().expect("log").len(), before);
}

/// The diagnostics `check` reports for `file`, as printed.
fn printed_for(report: &Report, file: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.path == Path::new(file))
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn a_heading_id_the_theme_also_uses_is_a_warning_at_its_line() {
    let site = TestSite::fixture("check");
    // The default theme's <main> has id="main"; "## Main" would get it too.
    site.write(
        "content/apie.md",
        "---\ntitle: Apie\n---\nApie.\n\n## Main\n\nTekstas.\n\n## Kada\n",
    );
    let about = printed_for(&run(&site), "content/apie.md");
    assert_eq!(
        about,
        ["content/apie.md:6: warning: the heading \"Main\" gets the id \"main\", which the theme already uses on this page: a link to #main would land on the wrong one; give the heading an id of its own, ## Main {#another-main}"],
        "{about:?}"
    );
    // The rendered page really has the id twice: the warning is about real output
    // (built without the fixture's planted errors).
    for planted in ["be-alt.md", "klaida.md", "nuorodos.md", "nuorodos.en.md"] {
        site.remove(&format!("content/{planted}"));
    }
    std::fs::remove_dir_all(site.root.join("content/plakatai")).expect("remove posters");
    site.build_ok();
    let html = site.html("apie/index.html");
    let mains = html
        .select(&scraper::Selector::parse("[id='main']").expect("selector"))
        .count();
    assert_eq!(mains, 2);

    site.write(
        "content/apie.md",
        "---\ntitle: Apie\n---\nApie.\n\n## Main {#pagrindinis}\n\nTekstas.\n\n## Kada\n",
    );
    assert_eq!(
        printed_for(&run(&site), "content/apie.md"),
        Vec::<String>::new()
    );
}

#[test]
fn a_phone_number_that_can_wrap_is_a_warning_at_its_line() {
    let site = TestSite::fixture("check");
    site.write(
        "content/apie.md",
        "---\ntitle: Apie\n---\nApie.\n\nSkambinkite [0 800 28888](tel:+37080028888)\nar [116&nbsp;123](tel:116123), [112](tel:112).\n\n## Kada\n",
    );
    let about = printed_for(&run(&site), "content/apie.md");
    assert_eq!(
        about,
        ["content/apie.md:6: warning: the phone number \"0 800 28888\" can break across two lines at its spaces: write non-breaking spaces, [0&nbsp;800&nbsp;28888](tel:+37080028888)"],
        "{about:?}"
    );
}

/// A site under a sub-path (`tests/fixtures/subpath`) checks clean; a link that climbs
/// out of `/kampanija/` is an error at its line, naming the address a browser asks for.
#[test]
fn check_reports_links_that_leave_the_base_path() {
    let site = TestSite::fixture("subpath");
    let report = run(&site);
    assert_eq!(report.diagnostics, [], "{}", list(&report.diagnostics));

    site.write(
        "content/kitur.md",
        "---\ntitle: Kitur\n---\nTekstas.\n\nNuoroda <a href=\"../../kitas-projektas/\">į kitą projektą</a> ir [vidinė](/apie/).\n",
    );
    site.write(
        "content/kitur.en.md",
        "---\ntitle: Elsewhere\nslug: elsewhere\n---\nText with <img src=\"../../../x.png\" alt=\"x\">.\n",
    );
    let report = run(&site);
    let found = list(&report.diagnostics);
    assert_eq!(report.errors(), 2, "{found}");
    let lt = &report.diagnostics[1];
    assert_eq!(lt.path, Path::new("content/kitur.md"), "{found}");
    assert_eq!(lt.line, Some(6), "{found}");
    assert!(
        lt.message
            .contains("link to ../../kitas-projektas/ leaves the site")
            && lt.message.contains("asks for /kitas-projektas/"),
        "{found}"
    );
    let en = &report.diagnostics[0];
    assert_eq!(en.path, Path::new("content/kitur.en.md"), "{found}");
    assert!(en.message.contains("asks for /x.png"), "{found}");
}
