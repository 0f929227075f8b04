//! QR codes read back as a phone would read them (issue 16): every poster and event
//! page of the example site is printed to PDF by headless Chromium, the PDF is checked
//! with poppler (`pdfinfo`: one page, A4 for an event's flyer; `pdftotext`: the flyer's
//! words), turned into a bitmap (`pdftoppm`) and decoded by an independent decoder
//! (`zbarimg`, ZBar); each code must hold exactly the address it is meant to open. The
//! `qr()` shortcode of `tests/fixtures/sharing` (a site under `/kampanija/`) is decoded
//! from a screenshot of the page as shown on screen. The share block's copy button is
//! hidden without JavaScript and copies the page's address with it.
//!
//! `.ci/run` installs chromium, poppler-utils and zbar-tools. Without them the test
//! fails under CI and is skipped, loudly, elsewhere.

mod support {
    pub mod browser;
    pub mod example;
    pub mod fixture;
}

use std::path::{Path, PathBuf};
use std::process::Command;

use sklaida::content::TypeFields;
use support::browser::{self, Browser, CHROMIUM};
use support::example::{self, navigate, Example};

const TOOLS: [&str; 4] = ["pdfinfo", "pdftoppm", "pdftotext", "zbarimg"];

/// Whether Chromium, poppler and ZBar are here; says loudly what is missing if not.
fn tools_present() -> bool {
    let mut missing: Vec<&str> = TOOLS
        .iter()
        .copied()
        .filter(|t| !Path::new("/usr/bin").join(t).exists())
        .collect();
    if !Path::new(CHROMIUM).exists() {
        missing.push("chromium");
    }
    if missing.is_empty() {
        return true;
    }
    example::unavailable(
        "the QR decoding test",
        &format!("{} not installed", missing.join(", ")),
        "Run .ci/run, or: apt-get install -y chromium poppler-utils zbar-tools",
    );
    false
}

fn run(program: &str, args: &[&str]) -> std::process::Output {
    Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Every QR code ZBar finds in a PNG, as the text it holds.
fn decode_png(png: &Path) -> Vec<String> {
    let out = run(
        "zbarimg",
        &[
            "--quiet",
            "--raw",
            "-Sdisable",
            "-Sqrcode.enable",
            png.to_str().expect("path"),
        ],
    );
    // 0: found; 4: no code in the picture.
    assert!(
        matches!(out.status.code(), Some(0 | 4)),
        "zbarimg failed on {}: {}",
        png.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// What poppler says of a PDF: its page count and each page's size line.
fn pdf_pages(pdf: &Path) -> (usize, String) {
    let out = run("pdfinfo", &[pdf.to_str().expect("path")]);
    assert!(out.status.success(), "pdfinfo failed");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| panic!("no {name} in pdfinfo's answer:\n{text}"))
    };
    let pages = field("Pages:").parse().expect("a page count");
    (pages, field("Page size:"))
}

/// The QR codes of a printed PDF: each page drawn at 200 dpi and decoded.
fn decode_pdf(pdf: &Path) -> Vec<String> {
    let prefix = pdf.with_extension("");
    let out = run(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-png",
            pdf.to_str().expect("path"),
            prefix.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "pdftoppm failed");
    let dir = pdf.parent().expect("folder");
    let stem = prefix
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "png")
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(&format!("{stem}-")))
        })
        .collect();
    pngs.sort();
    assert!(!pngs.is_empty(), "pdftoppm drew no page");
    pngs.iter().flat_map(|p| decode_png(p)).collect()
}

/// The open page printed to PDF with its own page sizes, written to `file`.
fn print_to_pdf(browser: &mut Browser, session: &str, file: &Path) {
    std::fs::write(file, browser.print_to_pdf(session)).expect("write PDF");
}

/// Navigates and waits for the page's images (a poster must be drawn before printing).
fn open_loaded(browser: &mut Browser, session: &str, url: &str) {
    navigate(browser, session, url);
    browser.wait(
        session,
        "[...document.images].every(i => i.complete && i.naturalWidth > 0)",
        url,
        example::PATIENCE,
    );
}

/// The address a printed page's QR code must open, worked out from the model: a
/// poster's `qr:`, else its language's home page; an event's registration, else the
/// event's page.
fn intended(site: &sklaida::site::Site, id: usize) -> Option<(bool, String)> {
    let config = &site.config;
    let sp = &site.pages[id];
    match &sp.page.fields {
        TypeFields::Poster { qr, .. } => Some((
            false,
            qr.clone()
                .unwrap_or_else(|| config.permalink(&config.language_root(&sp.page.lang))),
        )),
        TypeFields::Event {
            registration_url, ..
        } => Some((
            true,
            match registration_url {
                Some(r) if r.contains("://") => r.clone(),
                Some(r) => config.permalink(r),
                None => config.permalink(&sp.url),
            },
        )),
        _ => None,
    }
}

#[test]
fn every_poster_and_event_of_the_example_prints_a_code_that_opens_its_address() {
    if !tools_present() {
        return;
    }
    let example = Example::build();
    let addr = example.serve();
    let loaded = sklaida::load(&example.options).expect("the example loads");
    let site = &loaded.site;
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut browser = Browser::launch(Path::new(CHROMIUM));
    let session = browser.open("about:blank");
    let mut checked = (0, 0);
    for id in 0..site.pages.len() {
        let Some((is_event, address)) = intended(site, id) else {
            continue;
        };
        let url = site.config.url(&site.pages[id].url).into_owned();
        open_loaded(&mut browser, &session, &format!("http://{addr}{url}"));
        let pdf = tmp.path().join(format!("page-{id}.pdf"));
        print_to_pdf(&mut browser, &session, &pdf);
        let (pages, size) = pdf_pages(&pdf);
        assert_eq!(pages, 1, "{url} prints on {pages} pages");
        if is_event {
            assert!(size.ends_with("(A4)"), "{url}: the flyer is {size}, not A4");
            checked.0 += 1;
        } else {
            checked.1 += 1;
        }
        assert_eq!(
            decode_pdf(&pdf),
            vec![address.clone()],
            "{url}: the printed code does not open {address}"
        );
    }
    // Every event and poster of both languages was printed.
    assert!(checked.0 >= 16 && checked.1 >= 6, "{checked:?}");
}

/// `tests/fixtures/sharing` copied into a temporary folder and built (served under
/// its base path, `/kampanija/`).
fn build_fixture(tmp: &Path) -> Example {
    let root = tmp.join("site");
    support::fixture::copy_dir(&support::fixture::fixture("sharing"), &root);
    Example::build_from(root)
}

#[test]
fn codes_under_a_sub_path_decode_on_screen_and_on_the_flyer() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = build_fixture(tmp.path());
    let addr = site.serve();
    let mut browser = Browser::launch(Path::new(CHROMIUM));
    let session = browser.open("about:blank");

    // The shortcode's codes, on screen: a screenshot of each figure.
    open_loaded(
        &mut browser,
        &session,
        &format!("http://{addr}/kampanija/straipsniai/qr/"),
    );
    let rects = browser.evaluate(
        &session,
        "[...document.querySelectorAll('figure.qr svg')].map(e => { const r = e.getBoundingClientRect(); return [r.x + scrollX, r.y + scrollY, r.width, r.height]; })",
        false,
    );
    let rects = rects.as_array().expect("rectangles").clone();
    assert_eq!(rects.len(), 2);
    let mut decoded = Vec::new();
    for (i, r) in rects.iter().enumerate() {
        let n = |k: usize| r[k].as_f64().expect("number");
        assert!(n(2) >= 96.0, "the code is drawn at a readable size: {r}");
        let shot = browser.screenshot(
            &session,
            serde_json::json!({ "x": n(0), "y": n(1), "width": n(2), "height": n(3), "scale": 2 }),
        );
        let png = tmp.path().join(format!("shortcode-{i}.png"));
        std::fs::write(&png, shot).expect("write PNG");
        decoded.extend(decode_png(&png));
    }
    assert_eq!(
        decoded,
        [
            "https://example.test/kampanija/renginiai/",
            "https://example.org/registracija?kas=1&kur=žemė"
        ]
    );

    // Printed: the flyer (the registration address; the funder's acknowledgement on
    // the same page) and the posters (`qr:`, else the home page under the base path).
    for (page, address, words) in [
        (
            "renginiai/seminaras/",
            "https://example.org/registracija/seminaras",
            &[
                "Seminaras apie miegą",
                "Kultūros centras",
                "Bendrai finansuoja Europos Sąjunga",
                "Registracija",
            ][..],
        ),
        (
            "renginiai/paroda/",
            "https://example.test/kampanija/renginiai/paroda/",
            &[
                "Paroda",
                "Biblioteka",
                "https://example.test/kampanija/renginiai/paroda/",
            ][..],
        ),
        (
            "plakatai/su-qr/",
            "https://example.org/plakatas?is=spaudos",
            &[][..],
        ),
        (
            "plakatai/be-qr/",
            "https://example.test/kampanija/",
            &[][..],
        ),
    ] {
        open_loaded(
            &mut browser,
            &session,
            &format!("http://{addr}/kampanija/{page}"),
        );
        let pdf = tmp.path().join(format!("{}.pdf", page.replace('/', "-")));
        print_to_pdf(&mut browser, &session, &pdf);
        assert_eq!(pdf_pages(&pdf).0, 1, "{page}");
        assert_eq!(decode_pdf(&pdf), [address], "{page}");
        let text = run("pdftotext", &[pdf.to_str().expect("path"), "-"]);
        let text = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for w in words {
            assert!(text.contains(w), "{page}: the flyer lacks {w:?}:\n{text}");
        }
    }
}

#[test]
fn the_copy_button_appears_with_javascript_and_copies_the_address() {
    let Some(chromium) = browser::chromium("the copy-link test") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = build_fixture(tmp.path());
    let addr = site.serve();
    let mut browser = Browser::launch(chromium);
    browser.call(
        None,
        "Browser.grantPermissions",
        serde_json::json!({
            "origin": format!("http://{addr}"),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        }),
    );
    let page = format!("http://{addr}/kampanija/straipsniai/dalinkites/");
    // Without JavaScript the button stays hidden; the address is there to copy.
    let session = browser.open_with_scripts(&page, false);
    browser.wait(
        &session,
        "document.readyState === 'complete' && !!document.querySelector('.share-address')",
        "the share block",
        example::PATIENCE,
    );
    assert_eq!(
        browser.evaluate(
            &session,
            "document.querySelector('.share-copy-button').hidden",
            false
        ),
        true
    );
    let session = browser.open(&page);
    browser.wait(
        &session,
        "document.readyState === 'complete' && !document.querySelector('.share-copy-button').hidden",
        "the copy button",
        example::PATIENCE,
    );
    browser.evaluate(
        &session,
        "document.querySelector('.share-copy-button').click()",
        false,
    );
    browser.wait(
        &session,
        "document.querySelector('.share-status').textContent !== ''",
        "the copy button's answer",
        example::PATIENCE,
    );
    assert_eq!(
        browser.evaluate(
            &session,
            "document.querySelector('.share-status').textContent",
            false
        ),
        "Nuoroda nukopijuota."
    );
    assert_eq!(
        browser.evaluate(&session, "navigator.clipboard.readText()", true),
        "https://example.test/kampanija/straipsniai/dalinkites/"
    );
}
