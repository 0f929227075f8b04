//! Shortcodes in Markdown: each built-in one rendered in the page's language, a site's
//! own, code left alone, the video that loads nothing before a click, and every kind of
//! mistake reported with its file and line.

use std::collections::BTreeSet;

use crate::support::*;

fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

#[test]
fn each_shortcode_renders_in_the_page_language() {
    let site = TestSite::fixture("shortcodes");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{}", list(&report.warnings));

    let lt = site.html("/straipsniai/visi/");
    let en = site.html("/en/articles/all-the-shortcodes/");

    // helplines(): the lines of site.toml, in the page's language, with phone links.
    assert_eq!(
        texts(&lt, ".shortcode-helplines .helpline-name"),
        ["Vilties linija", "Jaunimo linija"]
    );
    assert_eq!(
        texts(&en, ".shortcode-helplines .helpline-name"),
        ["Line of Hope", "Youth Line"]
    );
    let tels: Vec<&str> = select(&lt, ".shortcode-helplines a.helpline-phone")
        .into_iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(tels, ["tel:116123", "tel:+37080028888"]);
    assert_eq!(texts(&en, ".shortcode-helplines .helpline-hours"), ["24/7"]);

    // poster(): the picture with its alt text and a link to the poster's page, in the
    // page's language when translated.
    let posters = select(&lt, "figure.shortcode-poster");
    assert_eq!(posters.len(), 2);
    let img = one(&lt, "figure.shortcode-poster:first-of-type img");
    assert_eq!(attr(img, "src"), "/plakatai/ramybe/ramybe.svg");
    assert_eq!(attr(img, "alt"), "Žalias plakatas su užrašu „Ramybė“");
    let link = one(&lt, "figure.shortcode-poster:first-of-type figcaption a");
    assert_eq!(attr(link, "href"), "/plakatai/ramybe/");
    assert_eq!(text(link), "Ramybės plakatas");
    let en_posters = select(&en, "figure.shortcode-poster");
    let en_img = en_posters[0].select(&selector("img")).next().expect("img");
    assert_eq!(attr(en_img, "src"), "/en/posters/calm/ramybe.svg");
    assert_eq!(attr(en_img, "alt"), "A green poster that says “Calm”");
    assert!(site.exists("/en/posters/calm/ramybe.svg"));
    // The Lithuanian-only poster on the English page says it is in Lithuanian.
    assert_eq!(attr(en_posters[1], "lang"), "lt");
    let lt_only = en_posters[1]
        .select(&selector("figcaption a"))
        .next()
        .expect("link");
    assert_eq!(attr(lt_only, "href"), "/plakatai/tik-lietuviskai/");

    // event_list(): upcoming soonest first (limit 2), past newest first; dates in the
    // page's language; a cancelled event says so.
    let lists = select(&lt, "ul.shortcode-events");
    assert_eq!(lists.len(), 2);
    let titles = |html: &scraper::Html, n: usize| -> Vec<String> {
        select(html, "ul.shortcode-events")[n]
            .select(&selector(".shortcode-event-title"))
            .map(text)
            .collect()
    };
    assert_eq!(titles(&lt, 0), ["Gruodžio žygis", "Sausio susitikimas"]);
    assert_eq!(titles(&lt, 1), ["Spalio susitikimas", "Kovo susitikimas"]);
    assert_eq!(titles(&en, 0), ["December walk", "January meeting"]);
    assert_eq!(titles(&en, 1), ["October meeting", "March meeting"]);
    let first = select(&lt, "ul.shortcode-events li")[0];
    assert_eq!(
        text(first.select(&selector(".badge")).next().expect("badge")),
        "Atšauktas"
    );
    let when = |html: &scraper::Html| -> Vec<String> {
        select(html, "ul.shortcode-events")[0]
            .select(&selector("time"))
            .map(text)
            .collect()
    };
    assert_eq!(
        when(&lt),
        [
            "2026 m. gruodžio 5 d., šeštadienis",
            "2027 m. sausio 20 d., trečiadienis, 18:00"
        ]
    );
    assert_eq!(
        when(&en),
        [
            "Saturday, 5 December 2026",
            "Wednesday, 20 January 2027, 18:00"
        ]
    );
    // In a section's text too (the home page): the next event only.
    assert_eq!(
        texts(&site.html("/"), ".shortcode-events .shortcode-event-title"),
        ["Gruodžio žygis"]
    );
    assert_eq!(
        texts(
            &site.html("/en/"),
            ".shortcode-events .shortcode-event-title"
        ),
        ["December walk"]
    );

    // A site's own shortcode from templates/shortcodes/, with the page it is on.
    assert_eq!(
        text(one(&lt, "blockquote figure.citata blockquote")),
        "Kalbėtis padeda"
    );
    assert_eq!(
        text(one(&lt, "figure.citata figcaption")),
        "Ona · Visi trumpieji kodai · lt"
    );
    assert_eq!(
        text(one(&en, "figure.citata figcaption")),
        "Ona · All the shortcodes · en"
    );

    // No block ended up inside a paragraph.
    for (rel, html) in site.html_files() {
        for css in ["p figure", "p ul", "p div"] {
            assert!(select(&html, css).is_empty(), "{rel}: {css}");
        }
    }
}

#[test]
fn code_and_escaped_calls_stay_text() {
    let site = TestSite::fixture("shortcodes");
    site.build_ok();
    for url in ["/straipsniai/visi/", "/en/articles/all-the-shortcodes/"] {
        let html = site.html(url);
        let code = texts(&html, "p code");
        assert_eq!(code, ["{{ helplines() }}"], "{url}");
        assert_eq!(
            text(one(&html, "pre code")),
            "{{ poster(name=\"ramybe\") }}",
            "{url}"
        );
        let last = select(&html, ".prose > p").into_iter().last().expect("p");
        assert!(
            text(last).ends_with("{{ helplines() }}."),
            "{url}: {}",
            text(last)
        );
        // Only the real calls became HTML.
        assert_eq!(select(&html, ".shortcode-helplines").len(), 1, "{url}");
        assert_eq!(select(&html, ".shortcode-poster").len(), 2, "{url}");
    }
}

/// Every URL in an attribute that makes the browser fetch or go somewhere.
fn urls(html: &scraper::Html) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for element in select(html, "*") {
        for (name, value) in element.value().attrs() {
            let is_url = matches!(
                name,
                "src" | "href" | "srcset" | "poster" | "action" | "data" | "formaction"
            );
            if is_url {
                out.push((
                    format!("{}[{name}]", element.value().name()),
                    value.to_string(),
                ));
            }
        }
    }
    out
}

fn other_origin(url: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//"))
        && !url.starts_with("https://example.test/")
}

#[test]
fn video_loads_nothing_from_another_site_before_a_click() {
    let site = TestSite::fixture("shortcodes");
    site.build_ok();
    let html = site.html("/straipsniai/vaizdo-irasas/");
    assert!(select(&html, "iframe, object, embed").is_empty());

    let links = select(&html, "figure.video-embed a.video-start");
    assert_eq!(links.len(), 2);
    assert_eq!(
        attr(links[0], "href"),
        "https://www.youtube.com/watch?v=aBc-123_xYz"
    );
    assert_eq!(
        attr(links[0], "data-video-src"),
        "https://www.youtube-nocookie.com/embed/aBc-123_xYz?autoplay=1"
    );
    assert_eq!(text(links[0]), "Žiūrėti vaizdo įrašą: Apie gerovę");
    assert_eq!(attr(links[1], "href"), "https://vimeo.com/76979871");
    assert_eq!(
        attr(links[1], "data-video-src"),
        "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"
    );
    // The thumbnail is the site's own picture, decorative beside the link text.
    let thumb = one(&html, "a.video-start img.video-thumbnail");
    assert_eq!(attr(thumb, "src"), "/straipsniai/vaizdo-irasas/kadras.svg");
    assert_eq!(attr(thumb, "alt"), "");
    assert!(site.exists("/straipsniai/vaizdo-irasas/kadras.svg"));

    // The only addresses of another site are the two links to the videos (besides the
    // share block's links, tests/build/sharing.rs).
    let external: BTreeSet<String> = urls(&html)
        .into_iter()
        .filter(|(_, url)| other_origin(url) && !sklaida::render::share::is_share_link(url))
        .map(|(what, url)| format!("{what} {url}"))
        .collect();
    assert_eq!(
        external,
        BTreeSet::from([
            "a[href] https://vimeo.com/76979871".to_string(),
            "a[href] https://www.youtube.com/watch?v=aBc-123_xYz".to_string(),
        ])
    );
    // One small local script, once per page however many videos (besides the share
    // block's, on articles, events, posters and stories).
    let scripts: Vec<&str> = select(&html, "script[src]")
        .into_iter()
        .map(|s| attr(s, "src"))
        .filter(|&s| s != "/share.js")
        .collect();
    assert_eq!(scripts, ["/video-embed.js"]);
    let js = String::from_utf8(site.read("/video-embed.js")).expect("utf-8");
    assert!(js.contains("data-video-src") && js.contains("youtube-nocookie"));
    // Pages without a video load no script (the search pages load only their own).
    for (rel, page) in site.html_files() {
        if !rel.contains("vaizdo-irasas") && !rel.contains("a-video") {
            let scripts: Vec<&str> = select(&page, "script[src]")
                .into_iter()
                .map(|s| attr(s, "src"))
                .filter(|&s| s != "/share.js")
                .collect();
            let search = rel.contains("paieska") || rel.contains("search");
            let expected: &[&str] = if search { &["/search.js"] } else { &[] };
            assert_eq!(scripts, expected, "{rel}");
        }
    }

    let en = site.html("/en/articles/a-video/");
    assert_eq!(
        text(one(&en, "a.video-start")),
        "Play the video: About well-being"
    );
    assert!(text(one(&en, ".video-note")).contains("YouTube"));
}

#[test]
fn shortcode_mistakes_name_the_file_line_and_shortcode() {
    let site = TestSite::fixture("shortcodes");
    site.write(
        "templates/shortcodes/sugedes.html",
        "<p>\n{{ nera.laukas }}\n</p>\n",
    );
    let file = "content/straipsniai/2026-06-01-klaidos.md";
    site.write(
        file,
        "---\ntitle: Klaidos\ndate: 2026-06-01\n---\nTekstas.\n\n{{ nezinomas() }}\n\n{{ event_list(limit=\"3\") }}\n\n{{ poster(name=\"nera\") }}\n\n{{ video(youtube=\"trumpas\", title=\"X\") }}\n\n{{ sugedes() }}\n\n{{ poster(name=\"ramybe\" }}\n",
    );
    let errors = site.build_errors();
    let found: Vec<(usize, &str)> = errors
        .iter()
        .map(|d| {
            assert_eq!(d.path, std::path::Path::new(file), "{d}");
            (d.line.unwrap_or(0), d.message.as_str())
        })
        .collect();
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [7, 9, 11, 13, 15, 17], "{}", list(&errors));
    for ((_, message), (name, detail)) in found.iter().zip([
        (
            "nezinomas",
            "the shortcodes are: citata, event_list, helplines, partners, poster",
        ),
        ("event_list", "`limit` must be a whole number"),
        ("poster", "the posters are: ramybe, tik-lietuviskai"),
        ("video", "`youtube` must be a video id"),
        ("sugedes", "templates/shortcodes/sugedes.html:2"),
        ("poster", "`,` or `)`"),
    ]) {
        assert!(
            message.starts_with(&format!("shortcode `{name}`")) && message.contains(detail),
            "{message}"
        );
    }
    assert!(!site.out.exists(), "a failed build writes nothing");
}

#[test]
fn doubtful_calls_are_warned_about() {
    let site = TestSite::fixture("shortcodes");
    let file = "content/straipsniai/2026-06-02-abejones.md";
    site.write(
        file,
        "---\ntitle: Abejonės\ndate: 2026-06-02\n---\nŠtai {{ poster(name=\"ramybe\") }} sakinyje.\n\n{{ poster(\n  name=\"ramybe\"\n) }}\n\nIr {{ helplines }} be skliaustų, [nuoroda](nera.md).\n",
    );
    let report = site.build_ok();
    let ours: Vec<(Option<usize>, &str)> = report
        .warnings
        .iter()
        .filter(|w| w.path == std::path::Path::new(file))
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(ours.len(), 3, "{}", list(&report.warnings));
    assert_eq!(ours[0].0, Some(5));
    assert!(ours[0].1.contains("line by itself"), "{}", ours[0].1);
    assert_eq!(ours[1].0, Some(11));
    assert!(ours[1].1.contains("{{ helplines() }}"), "{}", ours[1].1);
    // A call over several lines keeps the lines after it where they are.
    assert_eq!(ours[2].0, Some(11));
    assert!(ours[2].1.contains("nera.md"), "{}", ours[2].1);
    // The text stays text; the call over three lines is a poster too.
    let html = site.html("/straipsniai/abejones/");
    assert!(document_text(&html).contains("Ir {{ helplines }} be skliaustų"));
    assert_eq!(select(&html, "figure.shortcode-poster").len(), 2);
}

#[test]
fn the_example_site_uses_its_shortcodes_in_both_languages_and_no_placeholder_video() {
    let (_tmp, out, _) = build_example_site();
    for lang in ["lt", "en"] {
        let mut found = BTreeSet::new();
        for (rel, html) in html_files(&out) {
            if attr(one(&html, "html"), "lang") != lang {
                continue;
            }
            for (css, name) in [
                (".shortcode-helplines .helpline", "helplines"),
                ("figure.shortcode-poster img[alt]", "poster"),
                ("ul.shortcode-events li", "event_list"),
                // The example names no video (it has no real one): `video` is tested
                // on the shortcodes fixture, and embeds nothing here.
                ("figure.video-embed", "video"),
            ] {
                if !select(&html, css).is_empty() {
                    found.insert(name);
                }
            }
            assert!(select(&html, "iframe").is_empty(), "{rel}");
        }
        assert_eq!(
            found,
            BTreeSet::from(["event_list", "helplines", "poster"]),
            "{lang}"
        );
    }
}
