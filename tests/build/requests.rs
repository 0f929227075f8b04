//! No request to another origin: every file of a built site is read the way a browser
//! (or a feed reader) would, and every resource it would fetch by itself — `src`,
//! `srcset`, `poster`, `<object data>`, `<link>`s that load (stylesheets, icons,
//! preload, preconnect …), CSS `url()` and `@import` in files, `<style>` and `style=""`,
//! `<meta http-equiv=refresh>`, `<base>`, `ping`, SVG `href`s, `<?xml-stylesheet?>` —
//! must come from the site itself. Links the author wrote (`<a href>`) are not requests.

use std::path::Path;

use scraper::Html;

use crate::support::*;

/// `link rel` values that only describe a page and make the browser fetch nothing.
const DESCRIPTIVE_RELS: &[&str] = &[
    "alternate",
    "author",
    "bookmark",
    "canonical",
    "external",
    "help",
    "license",
    "me",
    "next",
    "nofollow",
    "noopener",
    "noreferrer",
    "prev",
    "search",
    "tag",
];

/// Whether `url` leaves the site at `base_url` (an absolute `https://…` without slash).
fn is_other_origin(url: &str, base_url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("//") || lower.starts_with("\\\\") {
        return !lower.trim_start_matches(['/', '\\']).starts_with(
            base_url
                .split("://")
                .nth(1)
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str(),
        );
    }
    let Some((scheme, _)) = lower.split_once(':') else {
        return false;
    };
    if scheme.contains(['/', '?', '#']) {
        // A relative path with a colon later on.
        return false;
    }
    match scheme {
        "data" | "about" => false,
        _ => {
            !(lower == base_url.to_ascii_lowercase()
                || lower.starts_with(&format!("{}/", base_url.to_ascii_lowercase())))
        }
    }
}

/// The URLs in a `srcset` (`a.jpg 1x, b.jpg 2x`).
fn srcset_urls(value: &str) -> Vec<&str> {
    value
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .collect()
}

/// The URLs CSS loads: `url(…)` and `@import "…"`, comments left out.
pub fn css_urls(css: &str) -> Vec<String> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    let lower = text.to_ascii_lowercase();
    let mut urls = Vec::new();
    let unquote = |s: &str| {
        s.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_string()
    };
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let end = lower[start..].find(')').map_or(lower.len(), |e| start + e);
        urls.push(unquote(&text[start..end]));
        from = end;
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find("@import") {
        let start = from + i + 7;
        let after = text[start..].trim_start();
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let inner = &after[1..];
            let end = inner.find(q).unwrap_or(inner.len());
            urls.push(inner[..end].to_string());
        }
        from = start;
    }
    urls
}

/// Every request an HTML document makes by itself: (what, URL).
fn html_requests(html: &Html) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut push = |what: String, url: &str| found.push((what, url.to_string()));
    for element in select(html, "*") {
        let e = element.value();
        let name = e.name();
        for (attr, value) in e.attrs() {
            let what = format!("<{name} {attr}>");
            match attr {
                "src" | "poster" | "background" | "ping" => push(what, value),
                "data" if name == "object" => push(what, value),
                "srcset" | "imagesrcset" => {
                    for url in srcset_urls(value) {
                        push(what.clone(), url);
                    }
                }
                "href" | "xlink:href" => {
                    let loads = match name {
                        "link" => e.attr("rel").is_none_or(|rel| {
                            rel.split_whitespace().any(|r| {
                                !DESCRIPTIVE_RELS.contains(&r.to_ascii_lowercase().as_str())
                            })
                        }),
                        "base" | "image" | "use" | "script" => true,
                        n => n.eq_ignore_ascii_case("feImage"),
                    };
                    if loads {
                        push(what, value);
                    }
                }
                "style" => {
                    for url in css_urls(value) {
                        push(what.clone(), &url);
                    }
                }
                _ => {}
            }
        }
        if name == "style" {
            for url in css_urls(&element.text().collect::<String>()) {
                push("<style>".to_string(), &url);
            }
        }
        if name == "meta"
            && e.attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            let content = e.attr("content").unwrap_or("");
            if let Some(i) = content.to_ascii_lowercase().find("url=") {
                push(
                    "<meta http-equiv=refresh>".to_string(),
                    content[i + 4..].trim().trim_matches(['\'', '"']),
                );
            }
        }
    }
    found
}

/// Every request an SVG or XML file makes by itself.
fn xml_requests(text: &str) -> Result<Vec<(String, String)>, String> {
    let doc = roxmltree::Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for node in doc.descendants() {
        if node.is_pi() {
            if let Some(pi) = node.pi().filter(|pi| pi.target == "xml-stylesheet") {
                let value = pi.value.unwrap_or("");
                if let Some(i) = value.find("href=") {
                    let rest = &value[i + 5..];
                    let q = rest.chars().next().unwrap_or('"');
                    let url = rest[1..].split(q).next().unwrap_or("");
                    found.push(("<?xml-stylesheet?>".to_string(), url.to_string()));
                }
            }
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        for a in node.attributes() {
            let what = format!("<{name} {}>", a.name());
            match a.name() {
                "href" if matches!(name, "image" | "use" | "feImage" | "script") => {
                    found.push((what, a.value().to_string()))
                }
                "src" => found.push((what, a.value().to_string())),
                "style" => {
                    for url in css_urls(a.value()) {
                        found.push((what.clone(), url));
                    }
                }
                _ => {}
            }
        }
        if name == "style" {
            for url in css_urls(node.text().unwrap_or("")) {
                found.push(("<style>".to_string(), url));
            }
        }
    }
    Ok(found)
}

/// Every request to another origin made by the files of `out`: `file: what url`.
pub fn external_requests(out: &Path, base_url: &str) -> Vec<String> {
    let mut external = Vec::new();
    for (rel, path) in output_files(out) {
        let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let requests = match ext.as_str() {
            "html" | "htm" => {
                let text = std::fs::read_to_string(&path).expect("HTML is UTF-8");
                html_requests(&Html::parse_document(&text))
            }
            "css" => {
                let text = std::fs::read_to_string(&path).expect("CSS is UTF-8");
                css_urls(&text)
                    .into_iter()
                    .map(|u| ("url()".to_string(), u))
                    .collect()
            }
            "svg" | "xml" | "atom" | "rss" => {
                let text = std::fs::read_to_string(&path).expect("XML is UTF-8");
                xml_requests(&text).unwrap_or_else(|e| panic!("{rel} is not well-formed: {e}"))
            }
            _ => Vec::new(),
        };
        for (what, url) in requests {
            if is_other_origin(&url, base_url) {
                external.push(format!("{rel}: {what} {url}"));
            }
        }
    }
    external
}

#[test]
fn the_example_site_requests_nothing_from_another_origin() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = sklaida::BuildOptions {
        root: Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        output: Some(out.clone()),
        now: Some(now()),
        ..sklaida::BuildOptions::default()
    };
    if let Err(e) = sklaida::build(&options) {
        panic!("the example site does not build:\n{e}");
    }
    let base_url = sklaida::load(&options).expect("loads").site.config.base_url;
    // The scan covers every kind of file the site ships.
    let files = output_files(&out);
    for ext in [".html", ".css", ".svg", ".xml"] {
        assert!(
            files.iter().any(|(rel, _)| rel.ends_with(ext)),
            "no {ext} file"
        );
    }
    let external = external_requests(&out, &base_url);
    assert!(
        external.is_empty(),
        "requests to other origins:\n{}",
        external.join("\n")
    );
}

/// The scan finds each kind of request it claims to, and lets links and same-site
/// resources be.
#[test]
fn the_scan_finds_every_kind_of_request() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path();
    let base = "https://example.lt";
    let html = r#"<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example.com/a.css">
<link rel="preconnect" href="https://fonts.gstatic.com">
<link rel="icon" href="//cdn.example.com/i.png">
<link rel="alternate" hreflang="en" href="https://other.example/en/">
<link rel="canonical" href="https://example.lt/">
<link rel="stylesheet" href="/style.css">
<meta http-equiv="refresh" content="0; url=https://tracker.example/">
<base href="https://cdn.example.com/">
<style>body { background: url("https://img.example/bg.png") } @import 'https://css.example/x.css';</style>
<script src="https://js.example/t.js"></script>
</head><body>
<img src="https://img.example/a.png" srcset="/ok.png 1x, https://img.example/b.png 2x" alt="">
<video poster="https://img.example/p.jpg"><source srcset="https://img.example/s.webp"></video>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<object data="https://obj.example/o.swf"></object><embed src="https://obj.example/e.swf">
<p style="background-image:url(https://img.example/c.png)">x</p>
<a href="https://other.example/" ping="https://ping.example/">a link the author wrote</a>
<a href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.lt%2F" target="_blank" rel="noopener noreferrer">a share link: nothing loads before a click</a>
<a href="mailto:?subject=x&amp;body=https%3A%2F%2Fexample.lt%2F">e-mail</a>
<script src="/share.js" defer></script>
<svg><image href="https://img.example/d.png"/><use xlink:href="https://img.example/s.svg#i"/></svg>
<img src="/local.png" alt=""><img src="https://example.lt/own.png" alt=""><img src="data:image/png;base64,AA" alt="">
</body></html>"#;
    std::fs::write(out.join("index.html"), html).expect("write");
    std::fs::write(
        out.join("style.css"),
        "/* url(https://comment.example/x.png) */ a { background: url( 'https://img.example/e.png' ) } @import \"https://css.example/y.css\"; b { background: url(/ok.png) }",
    )
    .expect("write");
    std::fs::write(
        out.join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><style>@import url(https://css.example/z.css);</style><image xlink:href="https://img.example/f.png"/><a href="https://other.example/">ok</a></svg>"#,
    )
    .expect("write");
    std::fs::write(
        out.join("atom.xml"),
        r#"<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="https://xsl.example/feed.xsl"?><feed xmlns="http://www.w3.org/2005/Atom"><link href="https://other.example/"/></feed>"#,
    )
    .expect("write");
    let found = external_requests(out, base);
    let expected = [
        "index.html: <link href> https://cdn.example.com/a.css",
        "index.html: <link href> https://fonts.gstatic.com",
        "index.html: <link href> //cdn.example.com/i.png",
        "index.html: <meta http-equiv=refresh> https://tracker.example/",
        "index.html: <base href> https://cdn.example.com/",
        "index.html: <style> https://img.example/bg.png",
        "index.html: <style> https://css.example/x.css",
        "index.html: <script src> https://js.example/t.js",
        "index.html: <img src> https://img.example/a.png",
        "index.html: <img srcset> https://img.example/b.png",
        "index.html: <video poster> https://img.example/p.jpg",
        "index.html: <source srcset> https://img.example/s.webp",
        "index.html: <iframe src> https://www.youtube.com/embed/x",
        "index.html: <object data> https://obj.example/o.swf",
        "index.html: <embed src> https://obj.example/e.swf",
        "index.html: <p style> https://img.example/c.png",
        "index.html: <a ping> https://ping.example/",
        "index.html: <image href> https://img.example/d.png",
        "index.html: <use href> https://img.example/s.svg#i",
        "style.css: url() https://img.example/e.png",
        "style.css: url() https://css.example/y.css",
        "logo.svg: <style> https://css.example/z.css",
        "logo.svg: <image href> https://img.example/f.png",
        "atom.xml: <?xml-stylesheet?> https://xsl.example/feed.xsl",
    ];
    let mut missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|e| !found.iter().any(|f| f == e))
        .collect();
    missing.sort_unstable();
    assert!(
        missing.is_empty(),
        "not found:\n{}\nfound:\n{}",
        missing.join("\n"),
        found.join("\n")
    );
    assert_eq!(
        found.len(),
        expected.len(),
        "found more:\n{}",
        found.join("\n")
    );
}
