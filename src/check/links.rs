//! Where a link goes: an `href` or `src` as written (in Markdown, front matter or a
//! rendered page) becomes a path inside the site, an external address, or something
//! the checker leaves alone (`mailto:`, `tel:`, `data:`).

use std::collections::{HashMap, HashSet};

/// A link, resolved against the page it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Href {
    /// A file of this site: root-relative path (percent-decoded, no query) and fragment.
    Internal {
        path: String,
        fragment: Option<String>,
    },
    /// Another site's address, without its fragment.
    External(String),
    /// `mailto:`, `tel:`, `data:`, `javascript:`, an empty link…: nothing to check.
    Other,
}

impl Href {
    /// The key two reports of one broken link share: `/apie/#kada`, or the address.
    pub fn key(&self) -> Option<String> {
        match self {
            Href::Internal { path, fragment } => Some(match fragment {
                Some(f) => format!("{path}#{f}"),
                None => path.clone(),
            }),
            Href::External(url) => Some(url.clone()),
            Href::Other => None,
        }
    }
}

/// Resolves `href` found on the page at `page_url` (root-relative, e.g. `/apie/` or
/// `/404.html`) of a site published at `base_url` (no trailing `/`).
pub fn classify(href: &str, base_url: &str, page_url: &str) -> Href {
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if href.is_empty() {
        return Href::Other;
    }
    if let Some(fragment) = href.strip_prefix('#') {
        return internal(page_url, Some(fragment));
    }
    if let Some(rest) = href.strip_prefix("//") {
        return external(&format!("https://{rest}"), base_url);
    }
    if let Some(scheme) = scheme(href) {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" => external(href, base_url),
            // Calendar apps open `webcal:` as `https:`.
            "webcal" => external(&format!("https{}", &href[scheme.len()..]), base_url),
            _ => Href::Other,
        };
    }
    let (without_fragment, fragment) = split_fragment(href);
    let path = without_fragment
        .split_once('?')
        .map_or(without_fragment, |(p, _)| p);
    let joined = if path.starts_with('/') {
        path.to_string()
    } else if path.is_empty() {
        page_url.to_string()
    } else {
        let dir = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{path}")
    };
    Href::Internal {
        path: normalize(&decode(&joined)),
        fragment: fragment.map(decode),
    }
}

fn internal(page_url: &str, fragment: Option<&str>) -> Href {
    Href::Internal {
        path: page_url.to_string(),
        fragment: fragment.map(decode),
    }
}

/// An absolute address: this site's own (`base_url` and below) is internal.
fn external(url: &str, base_url: &str) -> Href {
    let lower = url.to_ascii_lowercase();
    let base = base_url.to_ascii_lowercase();
    let base_without_scheme = base.split_once("://").map_or(base.as_str(), |(_, r)| r);
    let url_without_scheme = lower.split_once("://").map_or(lower.as_str(), |(_, r)| r);
    if let Some(rest) = url_without_scheme.strip_prefix(base_without_scheme) {
        if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
            let offset = url.len() - rest.len();
            let rest = &url[offset..];
            let rest = if rest.starts_with('/') {
                rest.to_string()
            } else {
                format!("/{rest}")
            };
            return classify(&rest, base_url, "/");
        }
    }
    Href::External(split_fragment(url).0.to_string())
}

/// `mailto` in `mailto:a@b`; none for a path (`a/b:c` is a path, as in browsers).
fn scheme(href: &str) -> Option<&str> {
    let colon = href.find(':')?;
    let candidate = &href[..colon];
    let mut chars = candidate.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(candidate)
}

fn split_fragment(href: &str) -> (&str, Option<&str>) {
    match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    }
}

fn decode(text: &str) -> String {
    crate::serve::http::percent_decode(text)
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| text.to_string())
}

/// Resolves `.` and `..` segments; a path never climbs above `/`.
fn normalize(path: &str) -> String {
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::with_capacity(path.len());
    out.push('/');
    out.push_str(&parts.join("/"));
    if trailing && !parts.is_empty() {
        out.push('/');
    }
    out
}

/// The files a build wrote and the ids on each HTML page: what links are checked against.
#[derive(Debug, Default)]
pub struct Index {
    /// Every output file, `/`-separated, relative to the output folder.
    pub files: HashSet<String>,
    /// HTML file → the ids (and `<a name>`s) on it.
    pub ids: HashMap<String, HashSet<String>>,
    /// HTML file → the ids that more than one of its elements has.
    pub duplicate_ids: HashMap<String, HashSet<String>>,
}

/// Why an internal link leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Broken {
    /// No file answers the path.
    Missing,
    /// The page is there but nothing on it has this id.
    Anchor { page: String },
}

impl Index {
    /// The output file a path is served from: `/a/` → `a/index.html`, `/a/x.pdf` →
    /// `a/x.pdf`, `/a` → `a/index.html` when `a` is a folder (servers redirect).
    pub fn file_for(&self, path: &str) -> Option<String> {
        let rel = path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            let index = format!("{rel}index.html");
            return self.files.contains(&index).then_some(index);
        }
        if self.files.contains(rel) {
            return Some(rel.to_string());
        }
        let index = format!("{rel}/index.html");
        self.files.contains(&index).then_some(index)
    }

    /// Checks an internal link; `None` when it leads somewhere.
    pub fn broken(&self, path: &str, fragment: Option<&str>) -> Option<Broken> {
        let Some(file) = self.file_for(path) else {
            return Some(Broken::Missing);
        };
        let fragment = fragment.filter(|f| !f.is_empty() && *f != "top")?;
        let ids = self.ids.get(&file)?;
        (!ids.contains(fragment)).then(|| Broken::Anchor {
            page: path.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://gerove.example.lt";

    fn internal(path: &str, fragment: Option<&str>) -> Href {
        Href::Internal {
            path: path.to_string(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(
            classify("poster.pdf", BASE, "/plakatai/a/"),
            internal("/plakatai/a/poster.pdf", None)
        );
        assert_eq!(
            classify("../b/#kada", BASE, "/plakatai/a/"),
            internal("/plakatai/b/", Some("kada"))
        );
        assert_eq!(classify("../../../x/", BASE, "/a/"), internal("/x/", None));
        assert_eq!(classify("#top", BASE, "/a/"), internal("/a/", Some("top")));
        assert_eq!(
            classify("?page=2", BASE, "/naujienos/"),
            internal("/naujienos/", None)
        );
        assert_eq!(
            classify("x.css", BASE, "/404.html"),
            internal("/x.css", None)
        );
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(
            classify("/%C5%BEymos/nerimas/#k%C4%85", BASE, "/"),
            internal("/žymos/nerimas/", Some("ką"))
        );
    }

    #[test]
    fn the_sites_own_absolute_addresses_are_internal() {
        assert_eq!(
            classify("https://gerove.example.lt/en/about/", BASE, "/"),
            internal("/en/about/", None)
        );
        assert_eq!(
            classify("HTTPS://Gerove.example.lt", BASE, "/a/"),
            internal("/", None)
        );
        assert_eq!(
            classify("https://gerove.example.lt.evil.example/", BASE, "/"),
            Href::External("https://gerove.example.lt.evil.example/".into())
        );
        assert_eq!(
            classify("webcal://gerove.example.lt/renginiai.ics", BASE, "/"),
            internal("/renginiai.ics", None)
        );
    }

    #[test]
    fn other_schemes_are_left_alone() {
        for href in [
            "mailto:a@b.lt",
            "tel:+370",
            "data:image/png;base64,AA",
            "",
            "  ",
        ] {
            assert_eq!(classify(href, BASE, "/"), Href::Other, "{href}");
        }
        assert_eq!(
            classify("//cdn.example/x.js#y", BASE, "/"),
            Href::External("https://cdn.example/x.js".into())
        );
    }

    #[test]
    fn the_index_finds_files_folders_and_anchors() {
        let mut index = Index::default();
        for f in ["index.html", "apie/index.html", "a/x.pdf"] {
            index.files.insert(f.to_string());
        }
        index.ids.insert(
            "apie/index.html".into(),
            HashSet::from(["kada".to_string()]),
        );
        assert_eq!(index.broken("/", None), None);
        assert_eq!(index.broken("/apie", None), None);
        assert_eq!(index.broken("/apie/", Some("kada")), None);
        assert_eq!(index.broken("/apie/", Some("top")), None);
        assert_eq!(
            index.broken("/apie/", Some("kur")),
            Some(Broken::Anchor {
                page: "/apie/".into()
            })
        );
        assert_eq!(index.broken("/a/x.pdf", Some("page=2")), None);
        assert_eq!(index.broken("/a/y.pdf", None), Some(Broken::Missing));
        assert_eq!(index.broken("/kontaktai/", None), Some(Broken::Missing));
    }
}
