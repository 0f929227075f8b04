//! Posters: the gallery in each language, each poster's page, the smaller copies made
//! for screens (checked by decoding them) and their cache, the print PDF link, printing
//! in a real browser, and bad poster files as diagnostics.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use scraper::{ElementRef, Html};

use crate::browser::Browser;
use crate::support::*;

/// The poster pages of the `posters` fixture: (section URL, pages in gallery order).
const GALLERIES: [(&str, [&str; 3]); 2] = [
    (
        "/plakatai/",
        [
            "/plakatai/dideli-zodziai/",
            "/plakatai/skaidrus/",
            "/plakatai/vektorinis/",
        ],
    ),
    (
        "/en/posters/",
        [
            "/en/posters/big-words/",
            "/en/posters/transparent/",
            "/en/posters/vector/",
        ],
    ),
];

/// The output file of a root-relative URL.
fn file_of(out: &Path, url: &str) -> PathBuf {
    assert!(url.starts_with('/'), "not root-relative: {url}");
    out.join(url.trim_start_matches('/'))
}

/// Pixel size of an output image: decoded for raster files; for SVG, the fixture's and
/// the example's sizes are known (`width`/`height` in mm, 96 px per inch).
fn pixels(out: &Path, url: &str) -> (u32, u32) {
    let path = file_of(out, url);
    if url.ends_with(".svg") {
        let text = std::fs::read_to_string(&path).expect("svg");
        let mm = |attr: &str| -> u32 {
            let start = text.find(&format!(" {attr}=\"")).expect(attr) + attr.len() + 3;
            let value = &text[start..start + text[start..].find('"').expect("quote")];
            let number: f64 = value.trim_end_matches("mm").parse().expect("mm");
            (number * 96.0 / 25.4).round() as u32
        };
        return (mm("width"), mm("height"));
    }
    image::image_dimensions(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `srcset` as (URL, claimed width).
fn srcset(img: ElementRef<'_>) -> Vec<(String, u32)> {
    img.value()
        .attr("srcset")
        .unwrap_or("")
        .split(',')
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            let (url, w) = c.trim().rsplit_once(' ').expect("url and width");
            let w: u32 = w
                .strip_suffix('w')
                .expect("w descriptor")
                .parse()
                .expect("width");
            (url.to_string(), w)
        })
        .collect()
}

/// Every claim of an `<img>` holds for the files: each `srcset` candidate decodes to the
/// width it claims with the same proportions as `src`, `src` decodes to `width` ×
/// `height`, and nothing is wider than the original. Returns the claimed widths.
fn assert_truthful(out: &Path, img: ElementRef<'_>, original: &str) -> Vec<u32> {
    let src = attr(img, "src");
    let width: u32 = attr(img, "width").parse().expect("width is a number");
    let height: u32 = attr(img, "height").parse().expect("height is a number");
    assert_eq!(pixels(out, src), (width, height), "{}", img.html());
    let (original_w, original_h) = pixels(out, original);
    let candidates = srcset(img);
    for (url, claimed) in &candidates {
        let (w, h) = pixels(out, url);
        assert_eq!(w, *claimed, "{url} is not {claimed} wide");
        assert!(w <= original_w, "{url} is wider than the original");
        let expected =
            (f64::from(original_h) * f64::from(w) / f64::from(original_w)).round() as i64;
        assert!(
            (i64::from(h) - expected).abs() <= 1,
            "{url}: {w}×{h} is out of proportion"
        );
    }
    if !candidates.is_empty() {
        assert!(img.value().attr("sizes").is_some(), "srcset without sizes");
        assert!(
            candidates.iter().any(|(u, _)| u == src),
            "src {src} is not one of srcset"
        );
    }
    candidates.into_iter().map(|(_, w)| w).collect()
}

fn image_format(out: &Path, url: &str) -> image::ImageFormat {
    image::ImageReader::open(file_of(out, url))
        .and_then(|r| r.with_guessed_format())
        .expect("open")
        .format()
        .expect("known format")
}

#[test]
fn gallery_lists_every_poster_with_truthful_thumbnails_in_both_languages() {
    let site = TestSite::fixture("posters");
    site.build_ok();
    for (section, pages) in GALLERIES {
        let html = site.html(section);
        let cards = select(&html, "main .poster-card");
        let links: Vec<&str> = cards
            .iter()
            .map(|c| attr(one_in(*c, ".poster-card-title a"), "href"))
            .collect();
        assert_eq!(links, pages, "{section}");
        for (card, page) in cards.iter().zip(pages) {
            let img = one_in(*card, "img");
            let poster = site.html(page);
            let alt = attr(one(&poster, "main .poster-figure img"), "alt");
            assert!(!alt.is_empty());
            assert_eq!(
                attr(img, "alt"),
                alt,
                "{page}: the card's alt text is the poster's"
            );
            let claimed = assert_truthful(&site.out, img, &source_image(page));
            let expected: &[u32] = match page.rsplit('/').nth(1).unwrap_or("") {
                "dideli-zodziai" | "big-words" => &[320, 640, 1280],
                "skaidrus" | "transparent" => &[320, 500],
                _ => &[],
            };
            assert_eq!(claimed, expected, "{page}");
            // The thumbnail is the narrowest candidate.
            if let Some(&narrowest) = expected.first() {
                assert_eq!(attr(img, "width"), narrowest.to_string(), "{page}");
            }
        }
    }
    // JPEG originals give JPEG copies; a PNG with transparency keeps PNG.
    assert_eq!(
        image_format(&site.out, "/plakatai/dideli-zodziai/plakatas-640w.jpg"),
        image::ImageFormat::Jpeg
    );
    assert_eq!(
        image_format(&site.out, "/en/posters/transparent/plakatas-320w.png"),
        image::ImageFormat::Png
    );
    assert!(
        !site.exists("plakatai/skaidrus/plakatas-640w.png"),
        "never enlarged"
    );
}

/// The original image of a fixture poster page.
fn source_image(page: &str) -> String {
    let name = match page.rsplit('/').nth(1).unwrap_or("") {
        "dideli-zodziai" | "big-words" => "plakatas.jpg",
        "skaidrus" | "transparent" => "plakatas.png",
        _ => "plakatas.svg",
    };
    format!("{page}{name}")
}

/// The one element matching `css` inside `element`.
fn one_in<'a>(element: ElementRef<'a>, css: &str) -> ElementRef<'a> {
    let found: Vec<_> = element.select(&selector(css)).collect();
    assert_eq!(found.len(), 1, "{css} in {}", element.html());
    found[0]
}

#[test]
fn poster_page_shows_the_image_its_text_its_size_and_the_pdf() {
    let site = TestSite::fixture("posters");
    site.build_ok();
    let source_pdf = std::fs::read(
        site.root
            .join("content/plakatai/dideli-zodziai/plakatas-a3.pdf"),
    )
    .expect("fixture pdf");
    for (page, lang, text, download) in [
        (
            "/plakatai/dideli-zodziai/",
            "lt",
            "Dideli žodžiai apie mažus dalykus.",
            "Atsisiųsti plakatą (PDF, A3, 480\u{a0}B)",
        ),
        (
            "/en/posters/big-words/",
            "en",
            "Big words about small things.",
            "Download the poster (PDF, A3, 480\u{a0}B)",
        ),
    ] {
        let html = site.html(page);
        assert_eq!(attr(one(&html, "html"), "lang"), lang);
        assert!(
            attr(one(&html, "body"), "class")
                .split_whitespace()
                .any(|c| c == "poster-size-a3"),
            "{page}"
        );
        let img = one(&html, "main .poster-figure img");
        assert_eq!(attr(img, "src"), format!("{page}plakatas-640w.jpg"));
        assert_eq!((attr(img, "width"), attr(img, "height")), ("640", "905"));
        assert_truthful(&site.out, img, &format!("{page}plakatas.jpg"));
        let caption = text_of(one(&html, "main .poster-figure figcaption"));
        assert!(caption.contains("A3 (297 × 420 mm)"), "{caption}");
        assert!(caption.contains("1500 × 2121 px"), "{caption}");
        let full = one(&html, "main figcaption a[href$='plakatas.jpg']");
        assert_eq!(pixels(&site.out, attr(full, "href")), (1500, 2121));
        // The body is the long description, linked from the caption.
        let description = one(&html, "main #poster_text");
        assert!(text_of(description).contains(text));
        assert!(select(&html, "main figcaption a[href='#poster_text']").len() == 1);

        let link = one(&html, "main a.button[type='application/pdf']");
        // The size keeps its unit on the same line (a no-break space).
        let raw: String = link.text().collect();
        assert!(raw.contains("480\u{a0}B"), "{raw:?}");
        assert_eq!(text_of(link), download.replace('\u{a0}', " "));
        let bytes =
            std::fs::read(file_of(&site.out, attr(link, "href"))).expect("the PDF is there");
        assert_eq!(bytes, source_pdf);
    }
    // No `pdf:`, no download link.
    let plain = site.html("/plakatai/skaidrus/");
    assert!(select(&plain, "main a[type='application/pdf']").is_empty());
    // An SVG poster is shown at its own size, with no copies.
    let vector = site.html("/en/posters/vector/");
    let img = one(&vector, "main .poster-figure img");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("1587", "2245"));
    assert!(img.value().attr("srcset").is_none());
    assert_truthful(&site.out, img, "/en/posters/vector/plakatas.svg");
}

fn text_of(element: ElementRef<'_>) -> String {
    text(element)
}

#[test]
fn an_unchanged_image_is_taken_from_the_cache() {
    let site = TestSite::fixture("posters");
    let first = site.build_ok();
    // 3 JPEG copies and 1 PNG copy, each once for the two languages' pages, and the
    // PNG copy of the SVG poster (its og:image).
    assert_eq!(
        (first.images.encoded, first.images.reused),
        (5, 0),
        "{}",
        first.summary()
    );
    let cache = site.root.join(".sklaida-cache/images");
    let stamps = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut list: Vec<_> = std::fs::read_dir(dir)
            .expect("cache folder")
            .map(|e| e.expect("entry"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().and_then(|m| m.modified()).expect("mtime"),
                )
            })
            .collect();
        list.sort();
        list
    };
    let before = stamps(&cache);
    assert_eq!(before.len(), 5, "{before:?}");

    // Forced: a build with nothing changed would find its stamp fresh and do nothing.
    let second = sklaida::build(&sklaida::BuildOptions {
        force: true,
        ..site.options()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((second.images.encoded, second.images.reused), (0, 5));
    assert_eq!(stamps(&cache), before, "the cache files were written again");
    assert!(second
        .summary()
        .contains("0 image copies made, 5 from the cache"));

    // A changed image is made again; the other stays cached.
    let img = image::RgbImage::from_pixel(900, 1273, image::Rgb([200, 30, 30]));
    img.save(
        site.root
            .join("content/plakatai/dideli-zodziai/plakatas.jpg"),
    )
    .expect("save");
    let third = site.build_ok();
    assert_eq!((third.images.encoded, third.images.reused), (2, 2));
    assert_eq!(
        pixels(&site.out, "/plakatai/dideli-zodziai/plakatas-640w.jpg"),
        (640, 905)
    );
    assert!(
        !site.exists("plakatai/dideli-zodziai/plakatas-1280w.jpg"),
        "the new original is 900 wide"
    );
    // Deleting the cache is safe.
    std::fs::remove_dir_all(&cache).expect("remove cache");
    let fourth = sklaida::build(&sklaida::BuildOptions {
        force: true,
        ..site.options()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((fourth.images.encoded, fourth.images.reused), (4, 0));
}

/// Cuts a file to its first `len` bytes.
fn cut(path: &Path, len: impl FnOnce(&[u8]) -> usize) {
    let bytes = std::fs::read(path).expect("read");
    let n = len(&bytes);
    std::fs::write(path, &bytes[..n]).expect("cut");
}

#[test]
fn a_corrupt_poster_image_is_an_error_on_its_page_and_field() {
    // A PNG that ends halfway: its header reads, its pixels do not (found while
    // making the copies).
    let site = TestSite::fixture("posters");
    let png = site.root.join("content/plakatai/skaidrus/plakatas.png");
    cut(&png, |b| b.len() / 2);
    let errors = site.build_errors();
    let d = error_for(&errors, "content/plakatai/skaidrus/index.md", "image");
    assert_eq!(d.line, Some(5), "{d}");
    assert!(
        d.message.contains("content/plakatai/skaidrus/plakatas.png"),
        "{d}"
    );
    // Both languages' pages use the file; it is reported once.
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    // The previous output is kept: nothing was published.
    assert!(!site.out.exists());

    // A JPEG without its image data: cut where the scan starts (FF DA).
    let site = TestSite::fixture("posters");
    let jpeg = site
        .root
        .join("content/plakatai/dideli-zodziai/plakatas.jpg");
    cut(&jpeg, |b| {
        b.windows(2)
            .position(|w| w == [0xff, 0xda])
            .expect("a JPEG has a scan")
    });
    let errors = site.build_errors();
    let d = error_for(&errors, "content/plakatai/dideli-zodziai/index.md", "image");
    assert_eq!(d.line, Some(5), "{d}");
    assert!(
        d.message
            .contains("content/plakatai/dideli-zodziai/plakatas.jpg"),
        "{d}"
    );

    // Text saved with a .png name: found while loading, so `check` reports it too.
    let site = TestSite::fixture("posters");
    site.write("content/plakatai/skaidrus/plakatas.png", "not an image");
    let errors = match sklaida::check(&site.options()) {
        Ok(warnings) => panic!("check passed: {}", list(&warnings)),
        Err(sklaida::Errors(ds)) => ds,
    };
    let d = error_for(&errors, "content/plakatai/skaidrus/index.md", "image");
    assert!(
        d.message.contains("content/plakatai/skaidrus/plakatas.png"),
        "{d}"
    );
    assert_eq!(d.line, Some(5), "{d}");
}

#[test]
fn unsupported_missing_and_oversized_files_are_diagnostics() {
    let site = TestSite::fixture("posters");
    // A GIF is not a poster format.
    site.write_bytes(
        "content/plakatai/skaidrus/plakatas.gif",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
    );
    for file in ["index.md", "index.en.md"] {
        let rel = format!("content/plakatai/skaidrus/{file}");
        let text = std::fs::read_to_string(site.root.join(&rel)).expect("read");
        site.write(&rel, &text.replace("plakatas.png", "plakatas.gif"));
    }
    // A PDF that is not there.
    let rel = "content/plakatai/vektorinis/index.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("read");
    site.write(
        rel,
        &text.replace("size: A2\n", "size: A2\npdf: nera.pdf\n"),
    );
    // A PNG that says it is 30000 × 30000 pixels (3.6 GB decoded).
    site.write_bytes(
        "content/plakatai/dideli-zodziai/plakatas.png",
        &png_header(30_000, 30_000),
    );
    for file in ["index.md", "index.en.md"] {
        let rel = format!("content/plakatai/dideli-zodziai/{file}");
        let text = std::fs::read_to_string(site.root.join(&rel)).expect("read");
        site.write(&rel, &text.replace("plakatas.jpg", "plakatas.png"));
    }

    let errors = site.build_errors();
    let gif = error_for(&errors, "content/plakatai/skaidrus/index.md", "image");
    assert!(gif.message.contains("GIF"), "{gif}");
    assert!(gif.message.contains("PNG, JPEG or SVG"), "{gif}");
    let pdf = error_for(&errors, "content/plakatai/vektorinis/index.md", "pdf");
    assert_eq!(pdf.line, Some(4), "{pdf}");
    assert!(pdf.message.contains("nera.pdf"), "{pdf}");
    let huge = error_for(&errors, "content/plakatai/dideli-zodziai/index.md", "image");
    assert!(huge.message.contains("30000 × 30000"), "{huge}");
    assert!(huge.message.contains("too large"), "{huge}");
}

/// The first bytes of a PNG of the given size (signature, IHDR with its CRC, an empty
/// IDAT and IEND): enough for a decoder to read the size and then fail on the pixels.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[]);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn example_site_galleries_list_every_poster_in_both_languages() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = sklaida::BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(now()),
        ..sklaida::BuildOptions::default()
    };
    sklaida::build(&options).unwrap_or_else(|e| panic!("the example site does not build:\n{e}"));
    let loaded = sklaida::load(&options).expect("loads");
    let site = &loaded.site;
    let read = |url: &str| -> Html {
        let text = std::fs::read_to_string(file_of(&out, url).join("index.html")).expect(url);
        Html::parse_document(&text)
    };
    let mut raster = 0;
    let mut with_pdf = 0;
    for lang in ["lt", "en"] {
        let posters: BTreeSet<&str> = site
            .pages
            .iter()
            .filter(|p| {
                p.page.lang == lang
                    && p.page.content_type() == sklaida::content::ContentType::Poster
            })
            .map(|p| p.url.as_str())
            .collect();
        assert!(posters.len() >= 3, "{lang}: {posters:?}");
        let section = site
            .sections
            .iter()
            .find(|s| {
                s.lang == lang && s.content_type == Some(sklaida::content::ContentType::Poster)
            })
            .expect("a poster section");
        let gallery = read(&section.url);
        let cards = select(&gallery, "main .poster-card");
        let listed: BTreeSet<&str> = cards
            .iter()
            .map(|c| attr(one_in(*c, ".poster-card-title a"), "href"))
            .collect();
        assert_eq!(listed, posters, "{lang}: the gallery lists every poster");
        for card in &cards {
            let url = attr(one_in(*card, ".poster-card-title a"), "href");
            let page = read(url);
            let big = one(&page, "main .poster-figure img");
            assert!(!attr(big, "alt").is_empty(), "{url}");
            // A raster poster links its original from the caption; an SVG is its own.
            let original = select(&page, "main figcaption a[href]:not([href^='#'])")
                .first()
                .map_or_else(
                    || attr(big, "src").to_string(),
                    |a| attr(*a, "href").to_string(),
                );
            let thumb = one_in(*card, "img");
            if !srcset(thumb).is_empty() {
                raster += 1;
                assert_truthful(&out, thumb, &original);
                assert_truthful(&out, big, &original);
            } else {
                assert!(attr(big, "src").ends_with(".svg"), "{url}");
                let (w, h) = (attr(big, "width"), attr(big, "height"));
                assert!(
                    w.parse::<u32>().is_ok() && h.parse::<u32>().is_ok(),
                    "{url}"
                );
            }
            if let Some(link) = select(&page, "main a[type='application/pdf']").first() {
                with_pdf += 1;
                let bytes = std::fs::read(file_of(&out, attr(*link, "href"))).expect("pdf");
                assert!(bytes.starts_with(b"%PDF-"), "{url}");
                assert!(text(*link).contains("PDF"), "{url}");
            }
        }
    }
    assert!(raster >= 2, "a raster poster in each language");
    assert!(with_pdf >= 4, "print PDFs in both languages");
}

// ---------------------------------------------------------------------------
// Printing, in a real browser
// ---------------------------------------------------------------------------

/// Opens `url` in a new tab of `browser` and waits until it and its images have
/// loaded; returns the tab's target and session.
fn open_loaded(browser: &mut Browser, url: &str) -> (String, String) {
    let (target, session) = browser.open_target(url);
    // The new page is about:blank until the navigation commits.
    let ready = format!(
        "location.href === {} && document.readyState === 'complete' && [...document.images].every(i => i.complete && i.naturalWidth > 0)",
        serde_json::Value::from(url)
    );
    browser.wait(&session, &ready, url, Duration::from_secs(30));
    (target, session)
}

/// The pages of a PDF and each page's MediaBox, in points. Chromium writes page
/// dictionaries uncompressed (`/Type /Page … /MediaBox [0 0 w h]`).
fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut boxes = Vec::new();
    let mut rest: &str = &text;
    while let Some(i) = rest.find("/MediaBox") {
        rest = &rest[i + "/MediaBox".len()..];
        let open = rest.find('[').expect("[");
        let close = rest.find(']').expect("]");
        let numbers: Vec<f64> = rest[open + 1..close]
            .split_whitespace()
            .map(|n| n.parse().expect("number"))
            .collect();
        boxes.push((numbers[2] - numbers[0], numbers[3] - numbers[1]));
    }
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(pages, boxes.len(), "a MediaBox per page");
    boxes
}

#[test]
fn printing_a_poster_page_prints_the_poster_and_its_qr_code_on_its_paper_size() {
    let Some(chromium) = crate::browser::chromium(
        "printing_a_poster_page_prints_the_poster_and_its_qr_code_on_its_paper_size",
    ) else {
        return;
    };
    let site = TestSite::fixture("posters");
    site.build_ok();
    let (addr, _) = crate::example::serve_plain(site.out.clone());
    let mut browser = Browser::launch(chromium);
    // (page, paper in points: 1 mm = 72 / 25.4 pt)
    let mm = |w: f64, h: f64| (w * 72.0 / 25.4, h * 72.0 / 25.4);
    for (page, paper) in [
        ("/plakatai/dideli-zodziai/", mm(297.0, 420.0)),
        ("/en/posters/transparent/", mm(210.0, 297.0)),
        ("/en/posters/vector/", mm(420.0, 594.0)),
    ] {
        let (target, session) = open_loaded(&mut browser, &format!("http://{addr}{page}"));
        let bytes = browser.print_to_pdf(&session);
        let pages = pdf_pages(&bytes);
        assert_eq!(pages.len(), 1, "{page} prints on one sheet: {pages:?}");
        let (w, h) = pages[0];
        assert!(
            (w - paper.0).abs() < 1.5 && (h - paper.1).abs() < 1.5,
            "{page}: the sheet is {w} × {h} pt, not {paper:?}"
        );

        // What is on the sheet: the poster and nothing else.
        browser.call(
            Some(&session),
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "media": "print" }),
        );
        let shown = browser.evaluate(
            &session,
            r#"JSON.stringify([...document.querySelectorAll('body *')]
                .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                .filter(e => e.children.length === 0 && (e.tagName === 'IMG' || e.textContent.trim() !== ''))
                .map(e => e.tagName === 'IMG' ? 'img' : e.textContent.trim()))"#,
            false,
        );
        let shown: Vec<String> =
            serde_json::from_str(shown.as_str().expect("JSON text")).expect("list");
        // The poster, and under it the way back to the site: the QR code (decoded in
        // tests/print.rs) with its address for people who cannot scan.
        let home = if page.starts_with("/en/") {
            (
                "Scan the code or type the address:",
                "https://plakatai.example/en/",
            )
        } else {
            (
                "Nuskenuokite kodą arba įveskite adresą:",
                "https://plakatai.example/",
            )
        };
        assert_eq!(
            shown,
            ["img", home.0, home.1],
            "{page}: printing shows more than the poster and its QR code"
        );
        let fits = browser.evaluate(
            &session,
            "(() => { const inside = s => { const r = document.querySelector(s).getBoundingClientRect(); return r.height > 0 && r.bottom <= window.innerHeight + 1 && r.right <= window.innerWidth + 1; }; return inside('.poster-figure img') && inside('.poster-qr svg'); })()",
            false,
        );
        assert_eq!(
            fits,
            serde_json::Value::Bool(true),
            "{page}: the poster and its QR code do not fit on the sheet"
        );
        browser.call(
            None,
            "Target.closeTarget",
            serde_json::json!({ "targetId": target }),
        );
    }
}
