//! Newsletters: the archive, each issue's page, and its e-mail version (`email.html`,
//! parsed as an e-mail program would get it) and plain-text part (`email.txt`).

use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html};

use crate::support::*;

/// What an issue's e-mail version must carry, in its language.
struct Expect<'a> {
    base: &'a str,
    lang: &'a str,
    /// The issue's page, root-relative.
    page: &'a str,
    title: &'a str,
    summary: &'a str,
    statement: &'a str,
    disclaimer: &'a str,
    /// The mailing tool's unsubscribe merge tag ("" for none).
    unsubscribe: &'a str,
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn number(element: ElementRef<'_>, name: &str) -> u32 {
    attr(element, name)
        .parse()
        .unwrap_or_else(|_| panic!("{name} is not a number on {}", element.html()))
}

/// The file an absolute URL of the site points at.
fn local(out: &Path, base: &str, url: &str) -> PathBuf {
    let path = url.strip_prefix(base).expect("this site's URL");
    let path = path.split('#').next().unwrap_or("");
    let file = out.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file.join("index.html")
    } else {
        file
    }
}

/// Checks an `email.html` as an e-mail program would get it; returns it parsed.
fn assert_email_html(out: &Path, e: &Expect<'_>) -> Html {
    let rel = format!("{}email.html", e.page.trim_start_matches('/'));
    let bytes = std::fs::read(out.join(&rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
    assert!(
        bytes.len() < 102 * 1024,
        "{rel} is {} bytes: Gmail clips it",
        bytes.len()
    );
    let html = Html::parse_document(std::str::from_utf8(&bytes).expect("UTF-8"));
    assert_eq!(attr(one(&html, "html"), "lang"), e.lang, "{rel}");
    assert_eq!(text(one(&html, "head title")), e.title);

    // Nothing an e-mail program drops or refuses.
    for css in [
        "script",
        "style",
        "link[rel~=stylesheet]",
        "iframe",
        "form",
        "object",
        "embed",
    ] {
        assert!(select(&html, css).is_empty(), "{rel}: {css}");
    }
    // All CSS inlined: the template's classes reached elements as style attributes.
    for css in ["body", "h1", "p", "a", "table.container", "td"] {
        for element in select(&html, css) {
            assert!(
                element
                    .value()
                    .attr("style")
                    .is_some_and(|s| s.contains(':')),
                "{rel}: {css} has no inline style: {}",
                element.html()
            );
        }
    }

    // Every address absolute; the one exception is the unsubscribe merge tag.
    let mut unsubscribe_links = 0;
    for element in select(&html, "[href], [src], [background]") {
        for name in ["href", "src", "background"] {
            let Some(url) = element.value().attr(name) else {
                continue;
            };
            if !e.unsubscribe.is_empty() && url == e.unsubscribe {
                unsubscribe_links += 1;
                continue;
            }
            let absolute = url.starts_with("https://")
                || url.starts_with("mailto:")
                || url.starts_with("tel:");
            assert!(absolute, "{rel}: {name}={url} is not absolute");
            // The site's own files are there to be fetched.
            if url.starts_with(e.base) {
                let file = local(out, e.base, url);
                assert!(file.is_file(), "{rel}: {url} is not in the output");
            }
        }
    }
    assert_eq!(
        unsubscribe_links,
        usize::from(!e.unsubscribe.is_empty()),
        "{rel}: the unsubscribe link"
    );

    // Layout: tables for presentation, one column of at most 600 pixels.
    let root = select(&html, "body table")
        .into_iter()
        .find(|t| {
            t.ancestors()
                .filter_map(ElementRef::wrap)
                .all(|a| a.value().name() != "table")
        })
        .expect("a layout table");
    assert!(
        number(root, "width") <= 600,
        "{rel}: the root table is wider than 600"
    );
    let style = attr(root, "style").replace(' ', "");
    assert!(style.contains("max-width:600px"), "{rel}: {style}");
    for table in select(&html, "table") {
        assert_eq!(
            attr(table, "role"),
            "presentation",
            "{rel}: {}",
            table.html()
        );
    }

    // Images: alt, width and height, in proportion to the file and within the column.
    for img in select(&html, "img") {
        let _ = attr(img, "alt");
        let (w, h) = (number(img, "width"), number(img, "height"));
        assert!(w <= 600, "{rel}: an image {w} wide");
        let src = attr(img, "src");
        let (fw, fh) = image::image_dimensions(local(out, e.base, src)).expect("decodes");
        let expected = f64::from(fh) * f64::from(w) / f64::from(fw);
        assert!(
            (f64::from(h) - expected).abs() <= 1.0,
            "{rel}: {src} shown {w}×{h}, file {fw}×{fh}"
        );
    }

    // The preheader is the summary, hidden.
    let preheader = select(&html, "body div")
        .into_iter()
        .next()
        .expect("a first div");
    assert!(
        text(preheader).starts_with(e.summary),
        "{rel}: {}",
        text(preheader)
    );
    assert!(attr(preheader, "style").contains("display: none"), "{rel}");

    // Funding: the emblem with the statement as its alt text, and the disclaimer.
    let emblem = select(&html, "img")
        .into_iter()
        .find(|i| attr(*i, "alt") == e.statement)
        .unwrap_or_else(|| panic!("{rel}: no emblem with alt {:?}", e.statement));
    assert!(
        number(emblem, "height") <= 60,
        "{rel}: the emblem is too tall"
    );
    let body = document_text(&html);
    assert!(
        body.contains(&collapse(e.disclaimer)),
        "{rel}: no disclaimer"
    );
    // The web version.
    let permalink = format!("{}{}", e.base, e.page);
    assert!(
        select(&html, "a")
            .iter()
            .any(|a| attr(*a, "href") == permalink),
        "{rel}: no link to {permalink}"
    );
    html
}

/// Checks an `email.txt`: plain text, wrapped, with the issue's links as absolute
/// addresses. Returns the text.
fn assert_email_text(out: &Path, e: &Expect<'_>) -> String {
    let rel = format!("{}email.txt", e.page.trim_start_matches('/'));
    let text = std::fs::read_to_string(out.join(&rel)).unwrap_or_else(|err| panic!("{rel}: {err}"));
    assert!(text.contains(&format!("# {}", e.title)), "{rel}: no title");
    // No markup: no tag and no character reference.
    let bytes = text.as_bytes();
    for (i, w) in bytes.windows(2).enumerate() {
        let tag = w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!');
        assert!(
            !tag,
            "{rel}: markup at byte {i}: {}",
            &text[i..(i + 40).min(text.len())]
        );
    }
    for entity in ["&amp;", "&nbsp;", "&lt;", "&quot;", "&#"] {
        assert!(!text.contains(entity), "{rel}: {entity}");
    }
    // Wrapped at 72 columns; only an address too long to break may stick out.
    for line in text.lines() {
        if line.chars().count() > 72 {
            assert!(
                !line.trim().contains(' ') || line.starts_with('['),
                "{rel}: a long line: {line}"
            );
        }
    }
    // Every link of the issue's page body, as an absolute address.
    let page = Html::parse_document(
        &std::fs::read_to_string(local(out, e.base, &format!("{}{}", e.base, e.page)))
            .expect("the issue's page"),
    );
    // Footnote references read as "(1)" in text, not as links.
    let footnote_links = select(
        &page,
        "main .prose .footnote-ref a, main .prose a.footnote-backref",
    );
    for a in select(&page, "main .prose a[href]") {
        let href = attr(a, "href");
        if footnote_links.contains(&a)
            || href.ends_with("email.html")
            || href.ends_with("email.txt")
            || a.ancestors()
                .filter_map(ElementRef::wrap)
                .any(|p| p.value().attr("class").is_some_and(|c| c.contains("tags")))
        {
            continue;
        }
        let absolute = if href.starts_with('/') {
            format!("{}{href}", e.base)
        } else if href.starts_with('#') {
            format!("{}{}{href}", e.base, e.page)
        } else {
            href.to_string()
        };
        assert!(text.contains(&absolute), "{rel}: no {absolute}");
    }
    let flat = collapse(&text);
    assert!(
        flat.contains(&collapse(e.disclaimer)),
        "{rel}: no disclaimer"
    );
    assert!(
        text.contains(&format!("{}{}", e.base, e.page)),
        "{rel}: no web version"
    );
    if !e.unsubscribe.is_empty() {
        assert!(text.contains(e.unsubscribe), "{rel}: no unsubscribe tag");
    }
    text
}

const BASE: &str = "https://naujienos.example";

fn autumn(lang: &str) -> Expect<'static> {
    match lang {
        "lt" => Expect {
            base: BASE,
            lang: "lt",
            page: "/naujienlaiskiai/nr-2/",
            title: "Rudens naujienos",
            summary: "Nauji susitikimai, konsultacijos ir kvietimas į parodą.",
            statement: "Bendrai finansuoja Europos Sąjunga",
            disclaimer: "Bendrai finansuoja Europos Sąjunga. Išsakytos nuomonės yra tik autorių.",
            unsubscribe: "{{ unsubscribe }}",
        },
        _ => Expect {
            base: BASE,
            lang: "en",
            page: "/en/newsletters/autumn-news/",
            title: "Autumn news",
            summary: "New meetings, consultations and an invitation to an exhibition.",
            statement: "Co-funded by the European Union",
            disclaimer: "Co-funded by the European Union. Views and opinions expressed are those of the authors only.",
            unsubscribe: "{{ unsubscribe }}",
        },
    }
}

#[test]
fn email_version_is_one_self_contained_document_in_each_language() {
    let site = TestSite::fixture("newsletters");
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{}", list(&report.warnings));
    for lang in ["lt", "en"] {
        let e = autumn(lang);
        let html = assert_email_html(&site.out, &e);
        // The issue's links, made absolute: a `.md` link, a root-relative one with a
        // fragment, a fragment of the issue itself, a footnote.
        let hrefs: Vec<&str> = select(&html, "td.content a")
            .iter()
            .map(|a| attr(*a, "href"))
            .collect();
        let expected: &[&str] = if lang == "lt" {
            &[
                "https://naujienos.example/naujienlaiskiai/nr-2/#fn-1",
                "https://naujienos.example/apie/",
                "https://naujienos.example/apie/#kaip-mus-rasti",
                "mailto:info@naujienos.example",
                "https://naujienos.example/naujienlaiskiai/nr-1/",
                "https://kultura.example/paroda",
                "https://naujienos.example/naujienlaiskiai/nr-2/#susitikimai",
                "https://naujienos.example/naujienlaiskiai/nr-2/#fn-ref-1",
            ]
        } else {
            &[
                "https://naujienos.example/en/newsletters/autumn-news/#fn-1",
                "https://naujienos.example/en/about/",
                "https://naujienos.example/en/about/#how-to-find-us",
                "mailto:info@naujienos.example",
                "https://naujienos.example/en/newsletters/spring-news/",
                "https://kultura.example/paroda",
                "https://naujienos.example/en/newsletters/autumn-news/#meetings",
                "https://naujienos.example/en/newsletters/autumn-news/#fn-ref-1",
            ]
        };
        assert_eq!(hrefs, expected, "{lang}");
        // The issue's image: 900 × 300 shown at the column's 552 pixels.
        let img = one(&html, "td.content img");
        assert_eq!((attr(img, "width"), attr(img, "height")), ("552", "184"));
        assert!(img.value().attr("loading").is_none());
        // The emblem: 300 × 60, shown at its size.
        let emblem = one(&html, "td.funding img");
        assert_eq!(
            attr(emblem, "src"),
            "https://naujienos.example/images/emblema.png"
        );
        assert_eq!(
            (attr(emblem, "width"), attr(emblem, "height")),
            ("300", "60")
        );
        // The helpline, callable.
        assert!(select(&html, "a[href='tel:116123']").len() == 1, "{lang}");
    }
}

#[test]
fn email_text_is_plain_wrapped_and_has_absolute_links() {
    let site = TestSite::fixture("newsletters");
    site.build_ok();
    let lt = assert_email_text(&site.out, &autumn("lt"));
    assert!(lt.contains("Nr. 2 · 2026 m. rugsėjo 15 d."), "{lt}");
    assert!(
        lt.contains("kvietimai.(1)"),
        "a footnote reads as (1): {lt}"
    );
    assert!(
        lt.contains("* Konsultacijos antradieniais."),
        "lists stay lists: {lt}"
    );
    assert!(lt.contains("Vilties linija: 116 123"), "{lt}");
    let en = assert_email_text(&site.out, &autumn("en"));
    assert!(en.contains("No. 2 · 15 September 2026"), "{en}");
    assert!(!en.contains("Rudens"), "the English text is English");
}

#[test]
fn issue_page_links_its_email_version_and_shows_the_disclaimer() {
    let site = TestSite::fixture("newsletters");
    site.build_ok();
    for lang in ["lt", "en"] {
        let e = autumn(lang);
        let page = site.html(e.page);
        let links: Vec<&str> = select(&page, "main .newsletter-email a")
            .iter()
            .map(|a| attr(*a, "href"))
            .collect();
        assert_eq!(
            links,
            [
                format!("{}email.html", e.page),
                format!("{}email.txt", e.page)
            ]
        );
        for link in links {
            assert!(site.exists(link), "{link}");
        }
        let label = text(one(&page, "main .newsletter-email"));
        assert!(
            label.starts_with(if lang == "lt" {
                "El. laiško versija"
            } else {
                "Email version"
            }),
            "{label}"
        );
        assert!(
            document_text(&page).contains(e.disclaimer),
            "{lang}: no disclaimer"
        );
    }
}

#[test]
fn archive_lists_issues_newest_first_with_number_and_date() {
    let site = TestSite::fixture("newsletters");
    site.build_ok();
    for (url, expected, disclaimer) in [
        (
            "/naujienlaiskiai/",
            [
                (
                    "Rudens naujienos",
                    "Nr. 2 · 2026 m. rugsėjo 15 d.",
                    "Nauji susitikimai, konsultacijos ir kvietimas į parodą.",
                ),
                (
                    "Pavasario naujienos",
                    "Nr. 1 · 2026 m. kovo 1 d.",
                    "Kas nuveikta per žiemą.",
                ),
            ],
            autumn("lt").disclaimer,
        ),
        (
            "/en/newsletters/",
            [
                (
                    "Autumn news",
                    "No. 2 · 15 September 2026",
                    "New meetings, consultations and an invitation to an exhibition.",
                ),
                (
                    "Spring news",
                    "No. 1 · 1 March 2026",
                    "What we did over the winter.",
                ),
            ],
            autumn("en").disclaimer,
        ),
    ] {
        let html = site.html(url);
        let issues: Vec<(String, String, String)> = select(&html, "main .issue")
            .into_iter()
            .map(|li| {
                let pick = |css: &str| {
                    let found: Vec<_> = li.select(&selector(css)).collect();
                    assert_eq!(found.len(), 1, "{css}");
                    text(found[0])
                };
                (
                    pick(".card-title"),
                    pick(".card-meta"),
                    pick(".card-summary"),
                )
            })
            .collect();
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(issues, expected, "{url}");
        assert!(
            document_text(&html).contains(disclaimer),
            "{url}: no disclaimer"
        );
    }
}

#[test]
fn what_mail_programs_refuse_is_left_out_with_a_warning() {
    let site = TestSite::fixture("newsletters");
    site.write(
        "content/naujienlaiskiai/2026-03-01-nr-1.md",
        "---\ntitle: Pavasario naujienos\ndate: 2026-03-01\nnumber: 1\n---\nTekstas.\n\n<script>alert(1)</script>\n\n<iframe src=\"https://video.example/embed\"></iframe>\n\n![Iš kitur](https://kitur.example/a.png)\n",
    );
    let report = site.build_ok();
    let warnings: Vec<&sklaida::Diagnostic> = report
        .warnings
        .iter()
        .filter(|d| d.path == Path::new("content/naujienlaiskiai/2026-03-01-nr-1.md"))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("<iframe>") && d.message.contains("<script>")),
        "{}",
        list(&report.warnings)
    );
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("https://kitur.example/a.png")),
        "an image of unknown size: {}",
        list(&report.warnings)
    );
    let email =
        std::fs::read_to_string(site.out.join("naujienlaiskiai/nr-1/email.html")).expect("email");
    let html = Html::parse_document(&email);
    assert!(select(&html, "script, iframe").is_empty());
    assert_eq!(
        select(&html, "p")
            .iter()
            .filter(|p| text(**p) == "Tekstas.")
            .count(),
        1
    );
}

#[test]
fn unsubscribe_and_emblem_follow_site_toml() {
    let site = TestSite::fixture("newsletters");
    let config = std::fs::read_to_string(site.root.join("site.toml")).expect("site.toml");
    // No merge tag: no unsubscribe line. No e-mail emblem: a PNG the build draws of the
    // SVG emblem, beside the statement.
    let without = config
        .replace(
            "unsubscribe_url = \"{{ unsubscribe }}\"",
            "unsubscribe_url = \"\"",
        )
        .replace(
            "email_emblem = { lt = \"/images/emblema.png\", en = \"/images/emblema.png\" }\n",
            "",
        );
    site.write("site.toml", &without);
    site.build_ok();
    let e = Expect {
        unsubscribe: "",
        ..autumn("lt")
    };
    let html = Html::parse_document(
        &std::fs::read_to_string(site.out.join("naujienlaiskiai/nr-2/email.html")).expect("email"),
    );
    let emblem = one(&html, "td.funding img");
    let src = attr(emblem, "src");
    let copy = src
        .rsplit_once("/images/")
        .map(|(_, name)| name)
        .unwrap_or_else(|| panic!("{src}"));
    assert!(
        copy.starts_with("emblema-") && copy.ends_with("w.png"),
        "{src}"
    );
    assert_eq!(attr(emblem, "height"), "60");
    let png = image::open(site.out.join("images").join(copy)).expect("the copy decodes");
    assert_eq!(png.height(), 120);
    assert_eq!(attr(emblem, "alt"), e.statement);
    let text = assert_email_text(&site.out, &e);
    assert!(!text.contains("Atsisakyti"), "{text}");
    assert!(!document_text(&html).contains("Atsisakyti"));

    // The e-mail emblem must be a picture mail programs show.
    let svg = config.replace("/images/emblema.png", "/images/emblema.svg");
    site.write("site.toml", &svg);
    let errors = site.build_errors();
    let d = error_for(&errors, "site.toml", "funding.email_emblem");
    assert!(d.message.contains("SVG"), "{d}");
    assert!(d.message.contains("/images/emblema.svg"), "{d}");
}

#[test]
fn example_site_newsletters_have_email_versions_in_both_languages() {
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
    let config = &site.config;
    let funding = config.funding.as_ref().expect("the example has [funding]");
    let mut checked = Vec::new();
    for p in site
        .pages
        .iter()
        .filter(|p| p.page.content_type() == sklaida::content::ContentType::Newsletter)
    {
        let lang = p.page.lang.as_str();
        let e = Expect {
            base: &config.base_url,
            lang,
            page: &p.url,
            title: &p.page.title,
            summary: p.page.summary.as_deref().expect("issues have summaries"),
            statement: funding.statement.get(lang, "lt"),
            disclaimer: funding
                .disclaimer
                .as_ref()
                .expect("a disclaimer")
                .get(lang, "lt"),
            unsubscribe: &config.newsletter.unsubscribe_url,
        };
        assert_email_html(&out, &e);
        assert_email_text(&out, &e);
        checked.push(lang);
    }
    checked.sort_unstable();
    assert_eq!(checked, ["en", "en", "lt", "lt"]);
}
