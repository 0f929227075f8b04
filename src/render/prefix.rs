//! A site under a sub-path (`base_url = "https://org.github.io/kampanija/"`): every
//! root-relative address in a rendered page (`/apie/`, `/style.css`, a `srcset`'s
//! copies, the search page's `data-index`) is given the base path, once, so a browser
//! requests it under `/kampanija/`. The model's addresses stay relative to the site's
//! root; addresses with a scheme, relative ones and fragments are left alone. With no
//! base path the page is returned as it is, byte for byte.

use lol_html::{element, text, RewriteStrSettings};

use crate::address::prefixed;

/// Attributes that hold one address.
const ADDRESS_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "poster",
    "formaction",
    "data",
    "cite",
    "xlink:href",
    "data-index",
];

/// `html` with every root-relative address under `base_path` (nothing changes when it
/// is empty).
pub fn html(base_path: &str, html: &str) -> Result<String, lol_html::errors::RewritingError> {
    if base_path.is_empty() {
        return Ok(html.to_string());
    }
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", |el| {
            for attr in ADDRESS_ATTRIBUTES {
                if let Some(value) = el.get_attribute(attr) {
                    let fixed = prefixed(base_path, value.trim());
                    if fixed != value.trim() {
                        el.set_attribute(attr, &fixed)?;
                    }
                }
            }
            for attr in ["srcset", "imagesrcset"] {
                if let Some(value) = el.get_attribute(attr) {
                    el.set_attribute(attr, &srcset(base_path, &value))?;
                }
            }
            if let Some(value) = el.get_attribute("style") {
                el.set_attribute("style", &css(base_path, &value))?;
            }
            Ok(())
        }))
        .append_element_content_handler(text!("style", |chunk| {
            // Style sheets in the page: `url(/…)` as in a CSS file (a chunk may end inside
            // a `url(`; the theme's own style sheets are files with relative `url()`s).
            let fixed = css(base_path, chunk.as_str());
            if fixed != chunk.as_str() {
                chunk.replace(&fixed, lol_html::html_content::ContentType::Html);
            }
            Ok(())
        }));
    lol_html::rewrite_str(html, settings)
}

/// A `srcset` (`/a-320w.png 320w, /a-640w.png 640w`) with each address under `base_path`.
fn srcset(base_path: &str, value: &str) -> String {
    value
        .split(',')
        .map(|candidate| {
            let lead = candidate.len() - candidate.trim_start().len();
            let (space, rest) = candidate.split_at(lead);
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (url, descriptor) = rest.split_at(end);
            format!("{space}{}{descriptor}", prefixed(base_path, url))
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// CSS with each `url(/…)` under `base_path`.
pub fn css(base_path: &str, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let inner = after.trim_start();
        out.push_str(&after[..after.len() - inner.len()]);
        let quote = inner.chars().next().filter(|c| matches!(c, '"' | '\''));
        let body = quote.map_or(inner, |q| &inner[q.len_utf8()..]);
        if let Some(q) = quote {
            out.push(q);
        }
        let end = body.find([')', '"', '\'']).unwrap_or(body.len());
        out.push_str(&prefixed(base_path, body[..end].trim()));
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_root_relative_address_gets_the_base_path_once() {
        let page = r##"<link rel="stylesheet" href="/style.css"><a href="/apie/">a</a><a href="/kampanija/x/">x</a><a href="https://x.lt/">e</a><a href="apie/">r</a><a href="#m">m</a><img src="/p.png" srcset="/p-320w.png 320w, /p-640w.png 640w" alt=""><div id="search-app" data-index="/paieska/index.json"></div><form action="/paieska/"></form><p style="background: url('/a.png')">t</p>"##;
        let out = html("/kampanija", page).expect("rewrite");
        for want in [
            r#"href="/kampanija/style.css""#,
            r#"href="/kampanija/apie/""#,
            r#"href="/kampanija/x/""#,
            r#"href="https://x.lt/""#,
            r#"href="apie/""#,
            r##"href="#m""##,
            r#"src="/kampanija/p.png""#,
            r#"srcset="/kampanija/p-320w.png 320w, /kampanija/p-640w.png 640w""#,
            r#"data-index="/kampanija/paieska/index.json""#,
            r#"action="/kampanija/paieska/""#,
            "url('/kampanija/a.png')",
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
        assert_eq!(html("", page).expect("same"), page);
    }

    #[test]
    fn css_urls() {
        assert_eq!(
            css("/k", "a{background:url(/a.png)} b{background:url( \"/b.png\" )} c{background:url(c.png)}"),
            "a{background:url(/k/a.png)} b{background:url( \"/k/b.png\" )} c{background:url(c.png)}"
        );
    }
}
