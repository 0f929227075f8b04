//! The HTML of the default theme: accessible structure and escaping.

use crate::support::*;

/// Elements a keyboard user can reach, in document order.
const FOCUSABLE: &str =
    "body a[href], body button, body input, body select, body textarea, body [tabindex]";

#[test]
fn skip_link_is_first_focusable() {
    let site = TestSite::fixture("themed");
    site.build_ok();
    let pages = site.html_files();
    assert!(pages.len() >= 10, "{} pages", pages.len());
    for (rel, html) in &pages {
        let first = select(html, FOCUSABLE)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{rel}: nothing focusable"));
        assert_eq!(
            first.value().attr("href"),
            Some("#main"),
            "{rel}: first focusable is {}",
            first.html()
        );
        assert_eq!(select(html, "main#main").len(), 1, "{rel}");
        assert_eq!(select(html, "[id=main]").len(), 1, "{rel}: duplicate id");
    }
}

#[test]
fn every_img_has_alt() {
    let site = TestSite::fixture("themed");
    site.build_ok();
    let mut images = 0;
    for (rel, html) in site.html_files() {
        for img in select(&html, "img") {
            images += 1;
            assert!(
                img.value().attr("alt").is_some(),
                "{rel}: {} has no alt",
                img.html()
            );
        }
    }
    assert!(images >= 4, "the fixture has poster images: {images}");

    // The poster's alt text is the one from front matter, in each language.
    let poster = site.html("/plakatai/ramybe/");
    let alts: Vec<&str> = select(&poster, "main img")
        .into_iter()
        .map(|i| attr(i, "alt"))
        .collect();
    assert!(alts.contains(&"Žmogus sėdi prie ežero"), "{alts:?}");
    assert!(alts.contains(&"Plakato detalė"), "{alts:?}");
    let poster = site.html("/en/posters/ramybe/");
    let img = select(&poster, "main img")
        .into_iter()
        .find(|i| attr(*i, "src") == "/en/posters/ramybe/plakatas.svg")
        .expect("the poster image, beside the English page");
    assert_eq!(attr(img, "alt"), "A person sitting by a lake");
    assert!(site.exists("/en/posters/ramybe/plakatas.svg"));
}

#[test]
fn front_matter_title_is_escaped() {
    let site = TestSite::fixture("themed");
    let title = "<script>alert(1)</script> & <b>drąsiai</b>";
    site.write(
        "content/plakatai/pavojus.md",
        "---\ntitle: \"<script>alert(1)</script> & <b>drąsiai</b>\"\nsummary: \"<img src=x onerror=alert(2)>\"\nimage: /x.svg\nimage_alt: '\" onerror=\"alert(3)'\n---\n",
    );
    site.write(
        "static/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 297 420\"/>",
    );
    site.build_ok();

    for (rel, html) in site.html_files() {
        // The theme's own scripts are the only ones: search, and the share block's
        // copy button.
        assert!(
            select(
                &html,
                r#"script:not([src="/search.js"]):not([src="/share.js"])"#
            )
            .is_empty(),
            "{rel}: a script element"
        );
        assert!(select(&html, "b").is_empty(), "{rel}: a b element");
        assert!(select(&html, "[onerror]").is_empty(), "{rel}: an onerror");
    }
    let page = site.html("/plakatai/pavojus/");
    assert_eq!(text(one(&page, "main h1")), title);
    assert!(text(one(&page, "head title")).starts_with(title));
    let img = one(&page, r#"main img[src="/x.svg"]"#);
    assert_eq!(attr(img, "alt"), "\" onerror=\"alert(3)");
    let description = one(&page, r#"meta[name="description"]"#);
    assert_eq!(attr(description, "content"), "<img src=x onerror=alert(2)>");
    // And as text in the section's list.
    let list = site.html("/plakatai/");
    assert!(
        select(&list, "main a")
            .into_iter()
            .any(|a| text(a) == title),
        "the title is listed as text"
    );
}
