//! Content safety: front matter is text wherever it lands (HTML, attributes, JSON-LD,
//! feeds), links in front matter are web addresses, raw HTML in Markdown passes for
//! trusted authors and is cleaned with `safe_html = true`.

use scraper::Html;

use crate::support::*;

/// Markup that would run a script, close a `<script>` or open a comment if it were not
/// escaped, plus characters every escaping must get right.
const EVIL: &str =
    "</script><script>alert(1)</script><img src=x onerror=alert(2)><b>b</b> & \"q\" 'a' <!-- ,;";

/// `EVIL` as a YAML string.
fn evil() -> String {
    serde_json::to_string(EVIL).expect("json")
}

/// The typed fixture with a page of every type whose every text field is [`EVIL`].
fn evil_site() -> TestSite {
    let site = TestSite::fixture("typed");
    let e = evil();
    site.write(
        "content/straipsniai/a.md",
        &format!("---\ntitle: {e}\nsummary: {e}\ndate: 2026-01-01\ntags: [{e}, sveikata]\nimage: /a.png\nimage_alt: {e}\nauthor: {e}\nsource:\n  name: {e}\n  url: https://example.org/x\n---\nTekstas.\n"),
    );
    site.write(
        "content/renginiai/r.md",
        &format!("---\ntitle: {e}\nsummary: {e}\nstart: 2026-12-01T10:00\nlocation:\n  name: {e}\n  address: {e}\n---\nTekstas.\n"),
    );
    site.write(
        "content/plakatai/p.md",
        &format!("---\ntitle: {e}\nimage: /p.png\nimage_alt: {e}\nsize: A3\n---\n"),
    );
    site.write(
        "content/istorijos/s.md",
        &format!("---\ntitle: {e}\ndate: 2026-01-01\nconsent: true\ncontent_warning: {e}\nambassador:\n  name: {e}\n  role: {e}\n  photo: /f.jpg\n  photo_alt: {e}\n---\nTekstas.\n"),
    );
    // A real image: a poster's picture is read for its size and resized.
    let mut png = std::io::Cursor::new(Vec::new());
    image::RgbImage::from_pixel(40, 60, image::Rgb([200, 30, 30]))
        .write_to(&mut png, image::ImageFormat::Png)
        .expect("png");
    site.write_bytes("static/p.png", &png.into_inner());
    site.write(
        "content/kita/_index.md",
        &format!("---\ntitle: {e}\nsummary: {e}\n---\nSkyrius.\n"),
    );
    site
}

/// Fails unless every `<script>` of `html` is JSON-LD that parses or one of the
/// theme's own local scripts, and nothing else of [`EVIL`] became markup.
fn assert_inert(rel: &str, html: &Html) -> Vec<serde_json::Value> {
    let mut json = Vec::new();
    for script in select(html, "script") {
        if let Some(src) = script.value().attr("src") {
            assert!(
                ["/search.js", "/video-embed.js", "/share.js"].contains(&src),
                "{rel}: a script that is not the theme's: {}",
                script.html()
            );
            assert_eq!(script.text().collect::<String>(), "", "{rel}");
            continue;
        }
        assert_eq!(
            script.value().attr("type"),
            Some("application/ld+json"),
            "{rel}: a script that is not JSON-LD: {}",
            script.html()
        );
        let text: String = script.text().collect();
        let value: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{rel}: JSON-LD broken ({e}): {text}"));
        json.push(value);
    }
    for element in select(html, "*") {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "{rel}: {name}={value}");
        }
    }
    assert!(
        select(html, "img[src=x]").is_empty(),
        "{rel}: an injected img"
    );
    assert!(select(html, "b").is_empty(), "{rel}: an injected b");
    json
}

#[test]
fn front_matter_is_text_in_every_page_attribute_json_ld_and_feed() {
    let site = evil_site();
    site.build_ok();
    let pages = site.html_files();
    assert!(pages.len() > 10);
    let mut json_ld = Vec::new();
    for (rel, html) in &pages {
        json_ld.extend(assert_inert(rel, html));
    }

    // Each field shows as the same text it was written as; titles and summaries with
    // the language's quotes and dashes (typography is text too, not markup).
    let shown = sklaida::typography::smarten(EVIL, "lt");
    assert_ne!(
        shown, EVIL,
        "typography changed nothing: the test would not see it"
    );
    let article = site.html("/straipsniai/a/");
    assert_eq!(text(one(&article, "main h1")), text_of(&shown));
    assert_eq!(attr(one(&article, "main img[src='/a.png']"), "alt"), EVIL);
    // Front matter shown as prose (author, source, place, role, warning) gets the
    // typography too; names, tags and alt texts stay as written.
    assert_eq!(text(one(&article, ".author")), text_of(&shown));
    assert!(select(&article, "a[href='https://example.org/x']")
        .iter()
        .any(|a| text(*a) == text_of(&shown)));
    assert!(
        select(&article, "a")
            .iter()
            .any(|a| text(*a) == text_of(EVIL) && attr(*a, "href").starts_with("/zymos/")),
        "the tag link"
    );
    assert_eq!(
        attr(one(&article, "meta[name=description]"), "content"),
        shown
    );
    assert!(text(one(&article, "head title")).starts_with(&text_of(&shown)));

    let event = site.html("/renginiai/r/");
    let dd = select(&event, "main dd");
    assert!(
        dd.iter().any(|d| text(*d).contains(&text_of(&shown))),
        "the place"
    );
    let ld = json_ld
        .iter()
        .find(|v| v["@type"] == "Event")
        .expect("the event's JSON-LD");
    assert_eq!(ld["name"], shown.as_str());
    assert_eq!(ld["location"]["name"], EVIL);

    let poster = site.html("/plakatai/p/");
    assert_eq!(attr(one(&poster, "main img[src='/p.png']"), "alt"), EVIL);

    let story = site.html("/istorijos/s/");
    assert_eq!(text(one(&story, ".story-name")), text_of(EVIL));
    assert_eq!(text(one(&story, ".story-role")), text_of(&shown));
    assert_eq!(attr(one(&story, "img[src='/f.jpg']"), "alt"), EVIL);
    assert!(
        select(&story, "main p")
            .iter()
            .any(|p| text(*p) == text_of(&shown)),
        "the warning"
    );

    let section = site.html("/kita/");
    assert_eq!(text(one(&section, "main h1")), text_of(&shown));

    // Feeds and the sitemap are well-formed XML with the title as text.
    for (rel, path) in output_files(&site.out) {
        if !rel.ends_with(".xml") {
            continue;
        }
        let xml = std::fs::read_to_string(&path).expect("xml");
        let doc = roxmltree::Document::parse(&xml)
            .unwrap_or_else(|e| panic!("{rel} is not well-formed: {e}"));
        if rel == "atom.xml" {
            assert!(
                doc.descendants()
                    .any(|n| n.has_tag_name("title") && n.text() == Some(shown.as_str())),
                "{rel} has no entry titled with the text"
            );
        }
    }
}

/// `s` with whitespace collapsed, as [`text`] reads elements.
fn text_of(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn links_in_front_matter_must_be_web_addresses_or_files() {
    let cases = [
        (
            "content/straipsniai/a.md",
            "---\ntitle: A\ndate: 2026-01-01\nsource:\n  name: LRT\n  url: javascript:alert(1)\n---\n",
            "source.url",
            6,
        ),
        (
            "content/plakatai/p.md",
            "---\ntitle: P\nimage: p.png\nimage_alt: P\npdf: \" JaVaScRiPt:alert(1)\"\n---\n",
            "pdf",
            5,
        ),
        (
            "content/apie.md",
            "---\ntitle: A\nimage: \"data:image/svg+xml,<svg onload=alert(1)>\"\nimage_alt: A\n---\n",
            "image",
            3,
        ),
        (
            "content/istorijos/s.md",
            "---\ntitle: S\ndate: 2026-01-01\nconsent: true\nambassador:\n  name: Ona\n  photo: vbscript:x\n  photo_alt: Ona\n---\n",
            "ambassador.photo",
            7,
        ),
    ];
    for (rel, text, field, line) in cases {
        let site = TestSite::fixture("typed");
        site.write(rel, text);
        let errors = site.build_errors();
        assert_single_error(&errors, rel, field, line);
    }
}

const RAW_HTML: &str = "---\ntitle: Istorija\n---\n## Mano istorija\n\nTekstas[^1].\n\n\
<div class=\"kvietimas\" onclick=\"alert(1)\"><script>alert(2)</script><p>Ateik!</p></div>\n\n\
<iframe src=\"/video/\" title=\"Vaizdo įrašas\"></iframe>\n\n\
<a href=\"javascript:alert(3)\">Spausk</a>\n\n\
<figure><img src=\"/a.png\" alt=\"Saulėtekis\"><figcaption>Rytas</figcaption></figure>\n\n\
<details><summary>Daugiau</summary>Paslėpta</details>\n\n\
```rust\nfn main() {}\n```\n\n\
[^1]: Išnaša.\n";

#[test]
fn raw_html_passes_for_trusted_authors_by_default() {
    let site = TestSite::fixture("typed");
    site.write("content/apie.md", RAW_HTML);
    site.build_ok();
    let page = site.html("/apie/");
    let main = one(&page, "main");
    assert_eq!(select(&page, "main script").len(), 1, "{}", main.html());
    assert!(!select(&page, "main div.kvietimas[onclick]").is_empty());
    assert!(!select(&page, "main iframe[src='/video/']").is_empty());
    assert!(!select(&page, "main a[href^=javascript]").is_empty());
}

#[test]
fn safe_html_cleans_raw_html_and_keeps_ours() {
    let site = TestSite::fixture("typed");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    site.write(
        "site.toml",
        &toml.replace("default_language", "safe_html = true\ndefault_language"),
    );
    site.write("content/apie.md", RAW_HTML);
    site.write(
        "content/_index.md",
        "---\ntitle: Pradžia\n---\n<script>alert('home')</script>\n\n<p style=\"position:fixed\">Sveiki</p>\n",
    );
    site.build_ok();
    for (rel, html) in site.html_files() {
        assert_inert(&rel, &html);
        assert!(select(&html, "main iframe").is_empty(), "{rel}");
        assert!(select(&html, "main [style*=fixed]").is_empty(), "{rel}");
        assert!(select(&html, "a[href^=javascript]").is_empty(), "{rel}");
    }
    let page = site.html("/apie/");
    let main = one(&page, "main");
    let main_text = text(main);
    assert!(main_text.contains("Ateik!"), "{main_text}");
    assert!(!main_text.contains("alert"), "{main_text}");
    // What our Markdown makes stays.
    for css in [
        "main h2#mano-istorija",
        "main sup.footnote-ref a[href='#fn-1']",
        "main section.footnotes li#fn-1",
        "main pre.code[data-lang=rust] code.language-rust span[class^='hl-']",
        "main figure img[alt='Saulėtekis'] + figcaption",
        "main details summary",
    ] {
        assert!(
            !select(&page, css).is_empty(),
            "{css} is gone:\n{}",
            main.html()
        );
    }
    // The link text stays; only the address is dropped.
    assert!(select(&page, "main a").iter().any(|a| text(*a) == "Spausk"));
}
