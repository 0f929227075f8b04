//! Discovery: Atom feeds, `sitemap.xml`, `robots.txt`, social-card meta tags and tag
//! pages, on the `discovery` fixture and on the example site. Feeds are read with a
//! feed parser and the sitemap with an XML parser, never compared as strings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::*;

const BASE: &str = "https://example.test";
const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

fn parse_feed(bytes: &[u8]) -> feed_rs::model::Feed {
    feed_rs::parser::parse(bytes).unwrap_or_else(|e| panic!("not a valid feed: {e}"))
}

fn feed(out: &Path, rel: &str) -> feed_rs::model::Feed {
    let path = out.join(rel.trim_start_matches('/'));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    parse_feed(&bytes)
}

fn ids(feed: &feed_rs::model::Feed) -> Vec<&str> {
    feed.entries.iter().map(|e| e.id.as_str()).collect()
}

fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.title.as_ref().expect("entry title").content.clone())
        .collect()
}

fn link<'a>(links: &'a [feed_rs::model::Link], rel: &str) -> &'a str {
    links
        .iter()
        .find(|l| l.rel.as_deref() == Some(rel))
        .unwrap_or_else(|| panic!("no link rel={rel}"))
        .href
        .as_str()
}

/// Checks what RFC 4287 and our promise need of any feed: absolute ids and links,
/// `updated` on the feed (the newest entry's) and on every entry, entries newest first.
fn assert_valid_feed(feed: &feed_rs::model::Feed, base: &str, what: &str) {
    let abs = |url: &str| url.starts_with(&format!("{base}/"));
    assert!(abs(&feed.id), "{what}: feed id {}", feed.id);
    assert_eq!(
        link(&feed.links, "self"),
        feed.id,
        "{what}: self link is the id"
    );
    assert!(abs(link(&feed.links, "alternate")), "{what}");
    assert!(!feed.authors.is_empty(), "{what}: no author");
    assert!(feed.title.is_some(), "{what}: no title");
    let updated = feed.updated.unwrap_or_else(|| panic!("{what}: no updated"));
    assert!(!feed.entries.is_empty(), "{what}: no entries");
    assert!(
        feed.entries.len() <= 20,
        "{what}: {} entries",
        feed.entries.len()
    );
    for e in &feed.entries {
        assert!(abs(&e.id), "{what}: entry id {}", e.id);
        assert_eq!(link(&e.links, "alternate"), e.id, "{what}: entry link");
        let entry_updated = e
            .updated
            .unwrap_or_else(|| panic!("{what}: {} no updated", e.id));
        assert!(
            entry_updated <= updated,
            "{what}: {} newer than the feed",
            e.id
        );
        assert!(e.published.is_some(), "{what}: {} no published", e.id);
        assert!(e.summary.is_some(), "{what}: {} no summary", e.id);
        let content = e.content.as_ref().and_then(|c| c.body.as_deref());
        let content = content.unwrap_or_else(|| panic!("{what}: {} no content", e.id));
        for attr in ["href=\"/", "src=\"/", "href='/", "src='/"] {
            assert!(
                !content.contains(attr),
                "{what}: relative {attr} in {}",
                e.id
            );
        }
    }
    let newest = feed.entries.iter().filter_map(|e| e.updated).max();
    assert_eq!(
        feed.updated, newest,
        "{what}: updated is the newest entry's"
    );
    let published: Vec<_> = feed.entries.iter().map(|e| e.published).collect();
    let mut sorted = published.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, sorted, "{what}: entries not newest first");
}

/// Every `<head>` feed link of an output page: (title, href).
fn feed_links(html: &scraper::Html) -> Vec<(String, String)> {
    select(
        html,
        r#"head link[rel="alternate"][type="application/atom+xml"]"#,
    )
    .into_iter()
    .map(|l| (attr(l, "title").to_string(), attr(l, "href").to_string()))
    .collect()
}

fn meta(html: &scraper::Html, key: &str) -> Option<String> {
    let property = select(html, &format!(r#"head meta[property="{key}"]"#));
    let name = select(html, &format!(r#"head meta[name="{key}"]"#));
    let found: Vec<_> = property.into_iter().chain(name).collect();
    assert!(found.len() <= 1, "{key} appears {} times", found.len());
    found.first().map(|m| attr(*m, "content").to_string())
}

fn metas(html: &scraper::Html, key: &str) -> Vec<String> {
    select(html, &format!(r#"head meta[property="{key}"]"#))
        .into_iter()
        .map(|m| attr(m, "content").to_string())
        .collect()
}

/// The sitemap: `loc` → (lastmod, [(hreflang, href)]), failing on a URL listed twice.
type Sitemap = BTreeMap<String, (Option<String>, Vec<(String, String)>)>;

fn parse_sitemap(text: &str) -> Sitemap {
    let doc = roxmltree::Document::parse(text).expect("sitemap.xml is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "urlset");
    assert_eq!(root.tag_name().namespace(), Some(SITEMAP_NS));
    let mut map = Sitemap::new();
    for url in root
        .children()
        .filter(|n| n.has_tag_name((SITEMAP_NS, "url")))
    {
        let child = |name: &str| {
            url.children()
                .find(|n| n.has_tag_name((SITEMAP_NS, name)))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        let loc = child("loc").expect("<loc>");
        let alternates = url
            .children()
            .filter(|n| n.has_tag_name((XHTML_NS, "link")))
            .map(|n| {
                assert_eq!(n.attribute("rel"), Some("alternate"));
                (
                    n.attribute("hreflang").expect("hreflang").to_string(),
                    n.attribute("href").expect("href").to_string(),
                )
            })
            .collect();
        let previous = map.insert(loc.clone(), (child("lastmod"), alternates));
        assert!(previous.is_none(), "{loc} is in the sitemap twice");
    }
    map
}

/// The absolute URL of every HTML page in the output that is a page of its own:
/// not a 404 page, not an alias's redirect, and not a page search engines are asked to
/// skip (the search pages, `noindex` pages, newsletters' e-mail versions).
fn page_urls(out: &Path, base: &str) -> BTreeSet<String> {
    html_files(out)
        .into_iter()
        .filter(|(rel, html)| {
            !rel.ends_with("404.html")
                && select(html, r#"meta[http-equiv="refresh"]"#).is_empty()
                && select(html, r#"meta[name="robots"][content~="noindex"]"#).is_empty()
        })
        .map(|(rel, _)| format!("{base}/{}", rel.trim_end_matches("index.html")))
        .collect()
}

/// Every page is listed once, nothing else is; alternates are symmetric, list the
/// page itself and end with x-default = the default language's version.
fn assert_sitemap_complete(out: &Path, base: &str, default_lang: &str) -> Sitemap {
    let text = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    let map = parse_sitemap(&text);
    let listed: BTreeSet<String> = map.keys().cloned().collect();
    let pages = page_urls(out, base);
    assert_eq!(
        listed.difference(&pages).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "in the sitemap but not a page"
    );
    assert_eq!(
        pages.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "pages missing from the sitemap"
    );
    for (loc, (lastmod, alternates)) in &map {
        if let Some(lastmod) = lastmod {
            assert!(
                lastmod.len() == 10 || lastmod.len() == 25,
                "{loc}: {lastmod}"
            );
        }
        if alternates.is_empty() {
            continue;
        }
        let versions: Vec<&(String, String)> = alternates
            .iter()
            .filter(|(l, _)| l != "x-default")
            .collect();
        assert!(versions.len() >= 2, "{loc}: alternates of one version");
        assert!(
            versions.iter().any(|(_, h)| h == loc),
            "{loc} is not among its alternates"
        );
        let default = versions
            .iter()
            .find(|(l, _)| l == default_lang)
            .map(|(_, h)| h);
        let x_default: Vec<_> = alternates
            .iter()
            .filter(|(l, _)| l == "x-default")
            .collect();
        assert_eq!(x_default.len(), 1, "{loc}: x-default");
        assert_eq!(
            Some(&x_default[0].1),
            default,
            "{loc}: x-default is the default language's"
        );
        for (_, href) in &versions {
            let theirs = &map
                .get(href)
                .unwrap_or_else(|| panic!("{loc}: alternate {href} is not in the sitemap"))
                .1;
            assert_eq!(
                theirs, alternates,
                "{loc} and {href} disagree about their versions"
            );
        }
    }
    map
}

// ---------------------------------------------------------------------------------------
// Feeds
// ---------------------------------------------------------------------------------------

#[test]
fn atom_feeds_are_absolute_newest_first_and_in_their_language() {
    let site = TestSite::fixture("discovery");
    site.build_ok();

    let lt = feed(&site.out, "/atom.xml");
    assert_valid_feed(&lt, BASE, "/atom.xml");
    assert_eq!(lt.id, "https://example.test/atom.xml");
    assert_eq!(lt.language.as_deref(), Some("lt"));
    assert_eq!(
        lt.title.as_ref().map(|t| t.content.as_str()),
        Some("Bandomoji svetainė")
    );
    assert_eq!(lt.authors[0].name.as_deref(), Some("Biuras & partneriai"));
    assert_eq!(link(&lt.links, "alternate"), "https://example.test/");
    // Undated pages (the plain page even with a date, the poster without one), drafts
    // and the story without consent are not entries.
    assert_eq!(
        ids(&lt),
        [
            "https://example.test/renginiai/ateitis/", // event without date: its start, 2026-12-20
            "https://example.test/istorijos/drasa/",   // 2026-10-05
            "https://example.test/straipsniai/nuotrauka/", // 2026-10-01
            "https://example.test/straipsniai/ciobreliai/", // 2026-09-01
            "https://example.test/plakatai/su-data/",  // poster with a date
            "https://example.test/renginiai/gegute/",  // event date 2026-04-01 (starts 05-01)
            "https://example.test/straipsniai/archyvas/senas/",
        ]
    );
    // Titles round-trip through escaping, in Lithuanian.
    assert_eq!(titles(&lt)[2], "Vaistai & <sveikata> „kabutės“");
    let photo = &lt.entries[2];
    assert_eq!(
        photo.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-02T08:30:00+00:00"),
        "updated: 2026-11-02T10:30 in Vilnius"
    );
    assert_eq!(
        photo.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-09-30T21:00:00+00:00"),
        "a date is its midnight in Vilnius (+03:00 in summer time)"
    );
    let content = photo
        .content
        .as_ref()
        .and_then(|c| c.body.as_deref())
        .expect("content");
    assert!(
        content.contains(r#"href="https://example.test/apie/""#),
        "{content}"
    );
    assert!(
        content.contains(r#"src="https://example.test/straipsniai/nuotrauka/schema.svg""#),
        "{content}"
    );
    let terms: Vec<&str> = photo.categories.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["čiuožykla", "Nerimas", "yla"]);
    // An article's own author; the feed's author otherwise.
    assert_eq!(
        lt.entries[3].authors[0].name.as_deref(),
        Some("Ona Rašytoja")
    );
    // The event says when and where; the story keeps its content warning and helplines.
    let body = |i: usize| {
        lt.entries[i]
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap_or_default()
    };
    assert!(
        body(0).contains("2026 m. gruodžio 20 d., sekmadienis, 18:00–20:00"),
        "{}",
        body(0)
    );
    assert!(body(0).contains("Biblioteka, Vytauto g. 1"), "{}", body(0));
    assert!(body(1).contains("Pasakojama apie nerimą."), "{}", body(1));
    assert!(body(1).contains("Vilties linija 116 123"), "{}", body(1));
    assert!(body(5).contains("Šis renginys atšauktas."), "{}", body(5));

    let en = feed(&site.out, "/en/atom.xml");
    assert_valid_feed(&en, BASE, "/en/atom.xml");
    assert_eq!(en.language.as_deref(), Some("en"));
    assert_eq!(
        en.title.as_ref().map(|t| t.content.as_str()),
        Some("Test site")
    );
    assert_eq!(en.authors[0].name.as_deref(), Some("Bureau & partners"));
    assert_eq!(
        titles(&en),
        ["Evening ahead", "Medicines & <health> “quotes”"]
    );

    // Section feeds: a section's own pages and its subsections'.
    let articles = feed(&site.out, "/straipsniai/atom.xml");
    assert_valid_feed(&articles, BASE, "/straipsniai/atom.xml");
    assert_eq!(
        ids(&articles),
        [
            "https://example.test/straipsniai/nuotrauka/",
            "https://example.test/straipsniai/ciobreliai/",
            "https://example.test/straipsniai/archyvas/senas/",
        ]
    );
    assert_eq!(
        articles.title.as_ref().map(|t| t.content.as_str()),
        Some("Straipsniai · Bandomoji svetainė")
    );
    assert_eq!(
        link(&articles.links, "alternate"),
        "https://example.test/straipsniai/"
    );
    for rel in [
        "/renginiai/atom.xml",
        "/plakatai/atom.xml",
        "/en/articles/atom.xml",
        "/en/events/atom.xml",
    ] {
        assert_valid_feed(&feed(&site.out, rel), BASE, rel);
    }
    // A section with no dated pages has no feed.
    assert!(site.exists("/paslaugos/"));
    assert!(!site.exists("/paslaugos/atom.xml"));
}

#[test]
fn feeds_are_linked_from_head_site_feed_always_section_feed_in_its_section() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    let site_feed = ("Bandomoji svetainė".to_string(), "/atom.xml".to_string());
    let articles = (
        "Straipsniai · Bandomoji svetainė".to_string(),
        "/straipsniai/atom.xml".to_string(),
    );
    let archive = (
        "Archyvas · Bandomoji svetainė".to_string(),
        "/straipsniai/archyvas/atom.xml".to_string(),
    );
    for (rel, expected) in [
        ("/", vec![site_feed.clone()]),
        ("/apie/", vec![site_feed.clone()]),
        ("/paslaugos/", vec![site_feed.clone()]),
        ("/paslaugos/konsultacijos/", vec![site_feed.clone()]),
        ("/zymos/", vec![site_feed.clone()]),
        ("/straipsniai/", vec![site_feed.clone(), articles.clone()]),
        (
            "/straipsniai/nuotrauka/",
            vec![site_feed.clone(), articles.clone()],
        ),
        (
            "/straipsniai/archyvas/senas/",
            vec![site_feed.clone(), archive],
        ),
        (
            "/plakatai/be-datos/",
            vec![
                site_feed.clone(),
                (
                    "Plakatai · Bandomoji svetainė".into(),
                    "/plakatai/atom.xml".into(),
                ),
            ],
        ),
        (
            "/en/articles/nuotrauka/",
            vec![
                ("Test site".into(), "/en/atom.xml".into()),
                (
                    "Articles · Test site".into(),
                    "/en/articles/atom.xml".into(),
                ),
            ],
        ),
    ] {
        assert_eq!(feed_links(&site.html(rel)), expected, "{rel}");
    }
    // Every linked feed exists, on every page.
    for (rel, html) in site.html_files() {
        for (_, href) in feed_links(&html) {
            assert!(
                site.exists(&href),
                "{rel} links {href}, which is not written"
            );
        }
    }
}

#[test]
fn feeds_and_sitemap_are_the_same_bytes_when_rebuilt_later() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    let first = site.snapshot();
    // A day later nothing new is published: the files must not change.
    let options = sklaida::BuildOptions {
        now: Some(jiff::civil::date(2026, 11, 24).at(9, 0, 0, 0)),
        ..site.options()
    };
    sklaida::build(&options).expect("rebuild");
    let second = site.snapshot();
    let xml: Vec<&String> = first
        .keys()
        .filter(|k| k.ends_with(".xml") || k.ends_with(".txt"))
        .collect();
    assert!(xml.len() >= 10, "{xml:?}");
    for rel in xml {
        assert!(first[rel] == second[rel], "{rel} changed between builds");
    }
}

#[test]
fn story_without_consent_is_in_no_feed_sitemap_or_tag_page() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    for (rel, bytes) in site.snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        for needle in ["slapta", "Slapta istorija", "Neskelbtinas", "paslaptis"] {
            assert!(!text.contains(needle), "{needle:?} is in {rel}");
        }
        if rel.ends_with("atom.xml") {
            let f = parse_feed(&bytes);
            assert!(ids(&f).iter().all(|id| !id.contains("slapta")), "{rel}");
        }
    }
    // The consented story is there, in the feed and under its tag.
    let stories = feed(&site.out, "/istorijos/atom.xml");
    assert_eq!(ids(&stories), ["https://example.test/istorijos/drasa/"]);
    assert!(
        !site.exists("/zymos/paslaptis/"),
        "a tag only the unpublished story has"
    );
}

// ---------------------------------------------------------------------------------------
// Sitemap and robots.txt
// ---------------------------------------------------------------------------------------

#[test]
fn sitemap_lists_every_page_once_with_symmetric_hreflang_and_no_aliases() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    assert!(site.exists("/senas-apie/"), "the alias redirect is written");
    let map = assert_sitemap_complete(&site.out, BASE, "lt");

    assert!(!map.contains_key("https://example.test/senas-apie/"));
    assert!(!map.keys().any(|k| k.contains("404")));
    // Tag pages are pages too; the tag indexes are each other's translations.
    assert!(map.contains_key("https://example.test/zymos/nerimas/"));
    assert_eq!(
        map["https://example.test/zymos/"].1,
        [
            ("lt".to_string(), "https://example.test/zymos/".to_string()),
            (
                "en".to_string(),
                "https://example.test/en/tags/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://example.test/zymos/".to_string()
            ),
        ]
    );
    let photo = &map["https://example.test/straipsniai/nuotrauka/"];
    assert_eq!(
        photo.0.as_deref(),
        Some("2026-11-02T10:30:00+02:00"),
        "updated"
    );
    assert_eq!(
        photo.1,
        [
            (
                "lt".to_string(),
                "https://example.test/straipsniai/nuotrauka/".to_string()
            ),
            (
                "en".to_string(),
                "https://example.test/en/articles/nuotrauka/".to_string()
            ),
            (
                "x-default".to_string(),
                "https://example.test/straipsniai/nuotrauka/".to_string()
            ),
        ]
    );
    assert_eq!(
        map["https://example.test/apie/"].0.as_deref(),
        Some("2026-01-05"),
        "date"
    );
    assert_eq!(
        map["https://example.test/en/apie/"].0, None,
        "no date known"
    );
    // A page in one language has no alternates.
    assert_eq!(map["https://example.test/straipsniai/ciobreliai/"].1, []);
    // A section changes when its newest page does.
    assert_eq!(
        map["https://example.test/straipsniai/"].0.as_deref(),
        Some("2026-11-02T10:30:00+02:00")
    );
}

#[test]
fn robots_txt_allows_all_and_points_to_the_sitemap() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    let robots = String::from_utf8(site.read("robots.txt")).expect("UTF-8");
    let lines: Vec<&str> = robots.lines().map(str::trim).collect();
    assert!(lines.contains(&"User-agent: *"), "{robots}");
    assert!(lines.contains(&"Allow: /"), "{robots}");
    assert!(
        !lines.iter().any(|l| l.starts_with("Disallow: /")),
        "{robots}"
    );
    assert!(
        lines.contains(&"Sitemap: https://example.test/sitemap.xml"),
        "{robots}"
    );

    // A site's own robots.txt wins.
    site.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    site.build_ok();
    assert_eq!(
        site.read("robots.txt"),
        b"User-agent: *\nDisallow: /private/\n"
    );
}

// ---------------------------------------------------------------------------------------
// Head meta: description, Open Graph, Twitter
// ---------------------------------------------------------------------------------------

#[test]
fn social_cards_describe_pages_with_and_without_a_raster_image() {
    let site = TestSite::fixture("discovery");
    site.build_ok();

    // A page with a PNG and an English translation.
    let html = site.html("/straipsniai/nuotrauka/");
    let canonical = attr(one(&html, r#"head link[rel="canonical"]"#), "href").to_string();
    assert_eq!(canonical, "https://example.test/straipsniai/nuotrauka/");
    assert_eq!(meta(&html, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&html, "og:title").as_deref(),
        Some("Vaistai & <sveikata> „kabutės“")
    );
    let summary = "Straipsnis su nuotrauka & ženklais <b>.";
    assert_eq!(meta(&html, "description").as_deref(), Some(summary));
    assert_eq!(meta(&html, "og:description").as_deref(), Some(summary));
    assert_eq!(meta(&html, "og:url"), Some(canonical));
    assert_eq!(
        meta(&html, "og:site_name").as_deref(),
        Some("Bandomoji svetainė")
    );
    assert_eq!(meta(&html, "og:locale").as_deref(), Some("lt_LT"));
    assert_eq!(metas(&html, "og:locale:alternate"), ["en_GB"]);
    assert_eq!(
        meta(&html, "og:image").as_deref(),
        Some("https://example.test/straipsniai/nuotrauka/nuotrauka.png")
    );
    assert!(site.exists("/straipsniai/nuotrauka/nuotrauka.png"));
    assert_eq!(meta(&html, "og:image:alt").as_deref(), Some("Žmonės parke"));
    assert_eq!(
        meta(&html, "twitter:card").as_deref(),
        Some("summary_large_image")
    );

    let en = site.html("/en/articles/nuotrauka/");
    assert_eq!(meta(&en, "og:locale").as_deref(), Some("en_GB"));
    assert_eq!(metas(&en, "og:locale:alternate"), ["lt_LT"]);
    assert_eq!(
        meta(&en, "og:image").as_deref(),
        Some("https://example.test/en/articles/nuotrauka/nuotrauka.png")
    );

    // No image, no translation: its generated share card (tests/build/cards.rs).
    let plain = site.html("/straipsniai/ciobreliai/");
    assert_eq!(
        meta(&plain, "og:image").as_deref(),
        Some("https://example.test/straipsniai/ciobreliai/share-card.png")
    );
    assert!(meta(&plain, "og:image:alt").is_some_and(|a| !a.is_empty()));
    assert_eq!(
        meta(&plain, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(metas(&plain, "og:locale:alternate"), Vec::<String>::new());

    // An SVG poster: social sites cannot show SVG, so a PNG copy of it.
    let poster = site.html("/plakatai/su-data/");
    assert_eq!(
        meta(&poster, "og:image").as_deref(),
        Some("https://example.test/plakatai/su-data/p-1200w.png")
    );
    assert_eq!(meta(&poster, "og:image:width").as_deref(), Some("1200"));
    let copy = image::open(site.out.join("plakatai/su-data/p-1200w.png")).expect("decodes");
    assert_eq!(
        Some(copy.height().to_string()),
        meta(&poster, "og:image:height")
    );

    // Lists are websites; their description is the section's summary, else the site's.
    let list = site.html("/straipsniai/");
    assert_eq!(meta(&list, "og:type").as_deref(), Some("website"));
    assert_eq!(
        meta(&list, "description").as_deref(),
        Some("Visi straipsniai")
    );
    assert_eq!(
        meta(&list, "og:description").as_deref(),
        Some("Visi straipsniai")
    );
    let events = site.html("/renginiai/");
    assert_eq!(
        meta(&events, "description").as_deref(),
        Some("Svetainė testams")
    );
    let home = site.html("/");
    assert_eq!(
        meta(&home, "description").as_deref(),
        Some("Pradžios santrauka")
    );
    assert_eq!(meta(&home, "og:title").as_deref(), Some("Pradžia"));

    // Every page has the same set of card tags exactly once.
    for (rel, html) in site.html_files() {
        if !select(&html, r#"meta[http-equiv="refresh"]"#).is_empty() {
            continue;
        }
        for key in [
            "og:type",
            "og:title",
            "og:url",
            "og:site_name",
            "og:locale",
            "twitter:card",
        ] {
            assert!(meta(&html, key).is_some(), "{rel}: no {key}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tag pages
// ---------------------------------------------------------------------------------------

fn card_titles(html: &scraper::Html) -> Vec<String> {
    select(html, "main .card-title a")
        .into_iter()
        .map(text)
        .collect()
}

#[test]
fn tag_pages_list_their_pages_newest_first_per_language() {
    let site = TestSite::fixture("discovery");
    site.build_ok();

    // "Nerimas" and "nerimas" are one tag, named by the spelling used most.
    let html = site.html("/zymos/nerimas/");
    assert_eq!(text(one(&html, "main h1")), "nerimas");
    assert_eq!(
        card_titles(&html),
        [
            "Drąsos istorija",
            "Vaistai & <sveikata> „kabutės“",
            "Čiobrelių arbata"
        ]
    );
    assert_eq!(attr(one(&html, "main .eyebrow a"), "href"), "/zymos/");
    // A tag is not translated: the switcher leads to the English tag index and says so.
    let english = one(&html, r#".lang-switch a[hreflang="en"]"#);
    assert_eq!(attr(english, "href"), "/en/tags/");
    assert_eq!(select(&html, ".lang-switch .untranslated").len(), 1);
    // The draft's tag and the plain page's: published pages only.
    assert_eq!(
        card_titles(&site.html("/zymos/citrina/")),
        ["Čiobrelių arbata", "Apie projektą"]
    );
    assert!(!site.exists("/zymos/juodrastine/"));

    let en = site.html("/en/tags/anxiety/");
    assert_eq!(card_titles(&en), ["Medicines & <health> “quotes”"]);
    assert_eq!(attr(one(&en, "html"), "lang"), "en");

    // Pages link their tags.
    let page = site.html("/straipsniai/nuotrauka/");
    let links: Vec<(String, String)> = select(&page, "main .tag-list a")
        .into_iter()
        .map(|a| (text(a), attr(a, "href").to_string()))
        .collect();
    assert_eq!(
        links,
        [
            ("čiuožykla".to_string(), "/zymos/ciuozykla/".to_string()),
            ("Nerimas".to_string(), "/zymos/nerimas/".to_string()),
            ("yla".to_string(), "/zymos/yla/".to_string()),
        ]
    );
    for (_, href) in &links {
        assert!(site.exists(href), "{href}");
    }
}

#[test]
fn tag_index_is_in_lithuanian_alphabetical_order_with_counts() {
    let site = TestSite::fixture("discovery");
    site.build_ok();
    let html = site.html("/zymos/");
    assert_eq!(text(one(&html, "main h1")), "Žymos");
    let names: Vec<String> = select(&html, "main .tag-index-list a")
        .into_iter()
        .map(text)
        .collect();
    // č is a letter after c; y sorts with i; a code-point sort would put č after z.
    assert_eq!(
        names,
        [
            "citrina",
            "čiuožykla",
            "dalis",
            "ieva",
            "yla",
            "jūra",
            "nerimas"
        ]
    );
    let counts: Vec<String> = select(&html, "main .tag-index-list .tag-count")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(counts[0], "2 puslapiai");
    assert_eq!(counts[6], "3 puslapiai");
    assert_eq!(
        attr(one(&html, r#".lang-switch a[hreflang="en"]"#), "href"),
        "/en/tags/"
    );
    assert!(
        select(&html, ".lang-switch .untranslated").is_empty(),
        "the indexes are translations"
    );

    let en = site.html("/en/tags/");
    let names: Vec<String> = select(&en, "main .tag-index-list a")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(names, ["anxiety", "skating"]);
    assert_eq!(text(one(&en, "main h1")), "Tags");
}

#[test]
fn tag_folder_is_an_interface_string_and_clashes_are_errors() {
    let site = TestSite::fixture("discovery");
    site.write("i18n/lt.yaml", "tags_path: temos\n");
    site.build_ok();
    assert!(site.exists("/temos/"));
    assert!(site.exists("/temos/nerimas/"));
    assert!(!site.exists("/zymos/"));
    assert!(site.exists("/en/tags/"), "English keeps the theme's folder");
    let page = site.html("/straipsniai/nuotrauka/");
    assert!(select(&page, r#"main .tag-list a[href="/temos/nerimas/"]"#).len() == 1);

    // A page on the tag index's address.
    site.write("content/temos.md", "---\ntitle: Temos\n---\nA page.\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].path, PathBuf::from("content/temos.md"));
    assert!(errors[0].message.contains("tags_path"), "{}", errors[0]);
}

// ---------------------------------------------------------------------------------------
// The example site
// ---------------------------------------------------------------------------------------

#[test]
fn example_site_feeds_sitemap_cards_and_tags() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = sklaida::BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(now()),
        ..sklaida::BuildOptions::default()
    };
    let report = sklaida::build(&options).unwrap_or_else(|e| panic!("example site:\n{e}"));
    let base = "https://gerove.kazluruda.example";

    // The example has a story without consent (egzaminu-metai): a warning, no entry.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.field.as_deref() == Some("consent")));
    for rel in [
        "/atom.xml",
        "/en/atom.xml",
        "/istorijos/atom.xml",
        "/en/stories/atom.xml",
    ] {
        let f = feed(&out, rel);
        assert_valid_feed(&f, base, rel);
        let paths: Vec<&str> = ids(&f)
            .iter()
            .map(|id| id.trim_start_matches(base))
            .collect();
        assert!(
            paths
                .iter()
                .all(|p| !p.contains("egzamin") && !p.contains("exam")),
            "{rel}"
        );
    }
    let lt = feed(&out, "/atom.xml");
    assert_eq!(lt.language.as_deref(), Some("lt"));
    assert_eq!(
        lt.authors[0].name.as_deref(),
        Some("Kazlų Rūdos savivaldybės visuomenės sveikatos biuras")
    );
    let en = feed(&out, "/en/atom.xml");
    assert_eq!(
        en.authors[0].name.as_deref(),
        Some("Kazlų Rūda Municipality Public Health Bureau")
    );
    assert!(titles(&en)
        .iter()
        .any(|t| t == "When anxiety becomes part of everyday life"));
    assert!(!titles(&en)
        .iter()
        .any(|t| t == "Kai nerimas tampa kasdienybe"));

    assert_sitemap_complete(&out, base, "lt");
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {base}/sitemap.xml")),
        "{robots}"
    );

    // The example's images are SVG, but for one raster poster: its pages show it,
    // every other page its share card.
    let read = |rel: &str| {
        let text = std::fs::read_to_string(out.join(rel)).expect(rel);
        scraper::Html::parse_document(&text)
    };
    let office = read("straipsniai/atidarytas-geroves-konsultanto-kabinetas/index.html");
    assert_eq!(meta(&office, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&office, "og:image").as_deref(),
        Some("https://gerove.kazluruda.example/straipsniai/atidarytas-geroves-konsultanto-kabinetas/share-card.png")
    );
    assert_eq!(
        meta(&office, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(meta(&office, "og:locale").as_deref(), Some("lt_LT"));
    assert_eq!(metas(&office, "og:locale:alternate"), ["en_GB"]);
    let raster_posters = [
        (
            "plakatai/nebijok-paprasyti-pagalbos/index.html",
            "plakatai/nebijok-paprasyti-pagalbos/poster.png",
        ),
        (
            "en/posters/dont-be-afraid-to-ask-for-help/index.html",
            "en/posters/dont-be-afraid-to-ask-for-help/poster.en.png",
        ),
    ];
    for (rel, html) in html_files(&out) {
        match raster_posters.iter().find(|(page, _)| *page == rel) {
            Some((_, image)) => {
                assert_eq!(meta(&html, "og:image"), Some(format!("{base}/{image}")));
                assert_eq!(
                    meta(&html, "twitter:card").as_deref(),
                    Some("summary_large_image")
                );
            }
            // Every other page and list: its share card (e-mail versions have none).
            None if rel.ends_with("index.html") && meta(&html, "og:type").is_some() => {
                // SVG posters: a PNG copy.
                let image = meta(&html, "og:image").unwrap_or_default();
                assert!(
                    image.ends_with("/share-card.png") || image.ends_with("-1200w.png"),
                    "{rel}: {image}"
                );
            }
            None => {}
        }
    }

    // Tag index in Lithuanian order: š after s, ž after z.
    let tags = read("zymos/index.html");
    let names: Vec<String> = select(&tags, "main .tag-index-list a")
        .into_iter()
        .map(text)
        .collect();
    let mut sorted = names.clone();
    sklaida::i18n::sort_strings("lt", &mut sorted);
    assert_eq!(names, sorted);
    let position = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert!(position("susitikimai") < position("šeimos"));
    assert!(position("šventės") < position("vaikai"));
    assert!(position("žygis") > position("vaikai"));
}
