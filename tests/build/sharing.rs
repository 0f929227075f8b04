//! QR codes and the share block (issue 16, points 3 and 4) over `tests/fixtures/sharing`,
//! a site under `/kampanija/`: the `qr()` shortcode, the QR codes of printed posters and
//! event flyers (what they encode; `tests/print.rs` decodes them), the share links of
//! each kind of page and the switches that turn them off, and `qr:` mistakes.
//! Decoding the codes themselves is `tests/print.rs` (Chromium, pdftoppm, zbarimg).

use percent_encoding::percent_decode_str;
use scraper::Html;

use crate::support::*;

const SITE: &str = "https://example.test/kampanija";

/// The query parameter `key` of `url`, percent-decoded.
fn param(url: &str, key: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let raw = query
        .split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key} in {url}"));
    assert!(
        !raw.contains([' ', '/', ':', '?', '#', '"', '<', '>']) && raw.is_ascii(),
        "{key} of {url} is not encoded as one component: {raw}"
    );
    percent_decode_str(raw)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

/// The share block's links of a page: (link text, href).
fn share_links(html: &Html) -> Vec<(String, String)> {
    select(html, ".share a, .share button")
        .into_iter()
        .map(|a| {
            let href = a
                .value()
                .attr("href")
                .or_else(|| a.value().attr("data-copy"))
                .unwrap_or_default();
            (text(a), href.to_string())
        })
        .collect()
}

#[test]
fn share_links_are_absolute_encoded_and_in_the_page_language() {
    let site = TestSite::fixture("sharing");
    site.build_ok();
    for (page, permalink, title, words) in [
        (
            "straipsniai/dalinkites/",
            format!("{SITE}/straipsniai/dalinkites/"),
            "Žinia & „kabutės“ – dalinkitės",
            [
                "Pasidalykite šiuo puslapiu",
                "El. paštu",
                "Kopijuoti nuorodą",
            ],
        ),
        (
            "en/articles/share-it/",
            format!("{SITE}/en/articles/share-it/"),
            "News & “quotes” – share it",
            ["Share this page", "By e-mail", "Copy link"],
        ),
    ] {
        let html = site.html(page);
        let block = one(&html, "section.share");
        let heading = one(&html, "section.share h2");
        assert_eq!(text(heading), words[0], "{page}");
        assert_eq!(
            attr(block, "aria-labelledby"),
            attr(heading, "id"),
            "{page}: the block is named by its heading"
        );
        let links = share_links(&html);
        let href = |name: &str| {
            links
                .iter()
                .find(|(t, _)| t.starts_with(name))
                .map(|(_, h)| h.clone())
                .unwrap_or_else(|| panic!("{page}: no {name} link in {links:?}"))
        };
        let fb = href("Facebook");
        assert!(
            fb.starts_with("https://www.facebook.com/sharer/sharer.php?u="),
            "{fb}"
        );
        assert_eq!(param(&fb, "u"), permalink);
        let li = href("LinkedIn");
        assert!(
            li.starts_with("https://www.linkedin.com/sharing/share-offsite/?url="),
            "{li}"
        );
        assert_eq!(param(&li, "url"), permalink);
        let x = href("X");
        assert!(x.starts_with("https://x.com/intent/post?url="), "{x}");
        assert_eq!(param(&x, "url"), permalink);
        assert_eq!(param(&x, "text"), title);
        let mail = href(words[1]);
        assert!(mail.starts_with("mailto:?subject="), "{mail}");
        assert_eq!(param(&mail, "subject"), title);
        assert_eq!(param(&mail, "body"), permalink);
        // The address is there to copy without JavaScript; the button waits for it.
        assert_eq!(href(&permalink), permalink);
        let button = one(&html, "button.share-copy-button");
        assert_eq!(text(button), words[2]);
        assert_eq!(attr(button, "type"), "button");
        assert!(button.value().attr("hidden").is_some(), "{page}");
        // Networks open in a new tab, said to screen readers, with no opener.
        for a in select(&html, ".share a[target]") {
            assert_eq!(attr(a, "target"), "_blank");
            assert_eq!(attr(a, "rel"), "noopener noreferrer");
            let fragment = Html::parse_fragment(&a.html());
            assert!(!text(one(&fragment, ".visually-hidden")).is_empty());
        }
        // The script is the theme's own, under the base path, and the page's only one
        // besides JSON-LD.
        let scripts: Vec<&str> = select(&html, "script[src]")
            .into_iter()
            .map(|s| attr(s, "src"))
            .collect();
        assert_eq!(scripts, ["/kampanija/share.js"], "{page}");
    }
    assert!(site.exists("share.js"));
}

#[test]
fn share_blocks_follow_the_page_kind_front_matter_and_site_switch() {
    let site = TestSite::fixture("sharing");
    site.build_ok();
    for (page, shared) in [
        ("straipsniai/dalinkites/", true),
        ("renginiai/seminaras/", true),
        ("plakatai/su-qr/", true),
        // `share: false`
        ("straipsniai/be-dalijimosi/", false),
        // `[share] stories = false`
        ("istorijos/istorija/", false),
        // Plain pages and lists have none.
        ("", false),
        ("straipsniai/", false),
    ] {
        let html = site.html(page);
        assert_eq!(
            select(&html, "section.share").len(),
            usize::from(shared),
            "{page}"
        );
        assert_eq!(
            select(&html, "script[src$='share.js']").len(),
            usize::from(shared),
            "{page}: the script comes only with the block"
        );
    }
    // Nothing of the networks is loaded: links are not requests.
    let external = crate::requests::external_requests(&site.out, SITE);
    assert!(external.is_empty(), "{}", external.join("\n"));
}

/// The QR code and the printed address of a print-only block or shortcode.
fn codes(html: &Html, css: &str) -> Vec<(String, String)> {
    select(html, css)
        .into_iter()
        .map(|block| {
            let fragment = Html::parse_fragment(&block.html());
            let svg = one(&fragment, "svg.qr-code");
            assert_eq!(attr(svg, "role"), "img");
            assert_eq!(attr(svg, "shape-rendering"), "crispEdges");
            let address = text(one(&fragment, ".qr-address"));
            let label = attr(svg, "aria-label").to_string();
            assert!(
                label.ends_with(&address),
                "the code's name says its address: {label:?} / {address:?}"
            );
            (label, address)
        })
        .collect()
}

#[test]
fn printed_posters_and_flyers_carry_a_code_to_the_right_address() {
    let site = TestSite::fixture("sharing");
    site.build_ok();
    for (page, css, address) in [
        // `qr:` as written.
        (
            "plakatai/su-qr/",
            ".poster-qr",
            "https://example.org/plakatas?is=spaudos".to_string(),
        ),
        // Else the home page in the poster's language, under the base path.
        ("plakatai/be-qr/", ".poster-qr", format!("{SITE}/")),
        // The registration address, else the event's page.
        (
            "renginiai/seminaras/",
            ".flyer-qr",
            "https://example.org/registracija/seminaras".to_string(),
        ),
        (
            "en/events/sleep-seminar/",
            ".flyer-qr",
            "https://example.org/registracija/seminaras".to_string(),
        ),
        (
            "renginiai/paroda/",
            ".flyer-qr",
            format!("{SITE}/renginiai/paroda/"),
        ),
    ] {
        let html = site.html(page);
        let found = codes(&html, css);
        assert_eq!(found.len(), 1, "{page}");
        assert_eq!(found[0].1, address, "{page}");
        let block = one(&html, css);
        assert!(
            attr(block, "class")
                .split_whitespace()
                .any(|c| c == "print-only"),
            "{page}: the code is for print only"
        );
    }
    let en = site.html("en/events/sleep-seminar/");
    assert_eq!(
        codes(&en, ".flyer-qr")[0].0,
        "QR code: https://example.org/registracija/seminaras"
    );
    assert_eq!(
        text(one(&en, ".flyer-qr .qr-label")),
        "Register: scan the code or type the address"
    );
    let lt = site.html("renginiai/paroda/");
    assert!(codes(&lt, ".flyer-qr")[0].0.starts_with("QR kodas: "));
}

#[test]
fn the_qr_shortcode_makes_an_absolute_address_and_prints_it() {
    let site = TestSite::fixture("sharing");
    site.build_ok();
    let html = site.html("straipsniai/qr/");
    let found = codes(&html, "figure.qr");
    let addresses: Vec<&str> = found.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        addresses,
        [
            format!("{SITE}/renginiai/").as_str(),
            "https://example.org/registracija?kas=1&kur=žemė"
        ]
    );
    assert_eq!(
        text(one(&html, "figure.qr .qr-label")),
        "Visi renginiai",
        "the label is printed with the code"
    );
    // The address is a link too, for readers on a screen.
    for a in select(&html, "figure.qr a.qr-address") {
        assert_eq!(attr(a, "href"), text(a));
    }
}

#[test]
fn a_qr_that_is_not_an_absolute_web_address_is_an_error_at_its_line() {
    let site = TestSite::fixture("sharing");
    site.write(
        "content/plakatai/su-qr/index.md",
        "---\ntitle: Plakatas\nimage: plakatas.jpg\nimage_alt: Plakatas.\nqr: plakatai/su-qr/\n---\nTekstas.\n",
    );
    site.write(
        "content/plakatai/be-qr/index.md",
        "---\ntitle: Plakatas\nimage: plakatas.jpg\nimage_alt: Plakatas.\nsize: A4\nqr: ftp://example.org/plakatas\n---\nTekstas.\n",
    );
    site.write(
        "content/straipsniai/2026-10-05-blogas.md",
        "---\ntitle: Blogas\ndate: 2026-10-05\nqr: https://example.org/\n---\nTekstas.\n",
    );
    let errors = site.build_errors();
    let d = error_for(&errors, "content/plakatai/su-qr/index.md", "qr");
    assert_eq!(d.line, Some(5), "{d}");
    assert!(d.message.contains("absolute web address"), "{d}");
    let d = error_for(&errors, "content/plakatai/be-qr/index.md", "qr");
    assert_eq!(d.line, Some(6), "{d}");
    assert!(d.message.contains("https://"), "{d}");
    // `qr:` belongs to posters.
    let d = error_for(&errors, "content/straipsniai/2026-10-05-blogas.md", "qr");
    assert_eq!(d.line, Some(4), "{d}");
    assert!(d.message.contains("poster"), "{d}");
    // One mistake, one error: nothing else is reported about these files.
    assert_eq!(
        errors
            .iter()
            .filter(|e| e.path.ends_with("index.md"))
            .count(),
        2,
        "{errors:?}"
    );
}

#[test]
fn a_qr_shortcode_with_a_bad_address_is_an_error_at_its_line() {
    let site = TestSite::fixture("sharing");
    site.write(
        "content/straipsniai/2026-10-03-qr.md",
        "---\ntitle: QR\ndate: 2026-10-03\n---\nTekstas.\n\n{{ qr(url=\"javascript:alert(1)\") }}\n\n{{ qr(label=\"be adreso\") }}\n",
    );
    let errors = site.build_errors();
    let lines: Vec<(Option<usize>, &str)> = errors
        .iter()
        .filter(|d| d.path.ends_with("2026-10-03-qr.md"))
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, Some(7), "{lines:?}");
    assert!(lines[0].1.contains("web address"), "{lines:?}");
    assert_eq!(lines[1].0, Some(9), "{lines:?}");
    assert!(lines[1].1.contains("url="), "{lines:?}");
}
