//! Addresses written by people: front matter's links and file references, aliases,
//! shortcode file arguments and `base_url`. One check per kind of address, so that a
//! path meant for this site (`/…`, `poster.svg`) can never leave it: no `//` (another
//! site for a browser), no backslash (read as `/` by browsers), no scheme where a path
//! is expected, no `..` above the site's root, no control characters.

/// What a field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `source.url`, `online_url`, `registration_url`: an `https://` or `http://`
    /// address, or a path on this site starting with `/`.
    Link,
    /// `image`, `ambassador.photo`: a file beside the page, a path on this site, an
    /// `https://` address, or `data:image/…` (not SVG, which can carry scripts).
    Image,
    /// `pdf`: a file beside the page, a path on this site, or an `https://` address.
    File,
    /// Shortcode file arguments (`video(thumbnail=…)`): a file beside the page or a
    /// path on this site, never another site's.
    LocalFile,
    /// `aliases`: a path on this site, `/senas/adresas/` or `/senas.html`.
    SitePath,
}

/// Checks `value` as a `kind` of address. `depth` is how many folders deep the page's
/// address can be (for relative references that climb with `..`). The error is the
/// message for the field, starting with what is wrong.
pub fn check(value: &str, kind: Kind, depth: usize) -> Result<(), String> {
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(format!(
            "{value:?} has a control character (U+{:04X}); an address is one line of visible characters",
            u32::from(c)
        ));
    }
    if value.trim().is_empty() {
        return Err("is empty; write an address or remove the field".into());
    }
    if value.contains('\\') || decoded(value).contains('\\') {
        return Err(format!(
            "{value:?} has a backslash (\\), which browsers read as /; web addresses use /"
        ));
    }
    if let Some(scheme) = scheme(value) {
        return check_scheme(value, &scheme, kind);
    }
    if value.trim_start().starts_with("//") {
        return Err(format!(
            "{value:?} starts with //, which browsers read as another site ({}); write https://… for another site, or a path with one / for this site",
            value.trim_start().trim_start_matches('/').split('/').next().unwrap_or("")
        ));
    }
    match kind {
        Kind::Link if !value.starts_with('/') => Err(format!(
            "expected an address starting with https:// (or / for this site), got {value:?}"
        )),
        Kind::SitePath => site_path(value),
        Kind::Link if climbs_out(value, 0) => Err(format!(
            "{value:?} climbs above the site's root with ..; write the path from the root, like /renginiai/"
        )),
        _ if climbs_out(value, depth) => Err(format!(
            "{value:?} leads outside the site; use a file in the page's folder (like photo.jpg) or a path on this site starting with /"
        )),
        _ => Ok(()),
    }
}

/// An alias: no `..` or `.` segments, no query or fragment (a file cannot answer them).
fn site_path(value: &str) -> Result<(), String> {
    let plain = decoded(value);
    if plain.split('/').any(|s| s == ".." || s == ".") {
        return Err(format!(
            "{value:?} is not a path on this site: it has a `.` or `..` part; write the old address as readers typed it, like /senas/adresas/"
        ));
    }
    if value.contains(['?', '#']) {
        return Err(format!(
            "{value:?} has a ? or #, which a redirect file cannot answer; write only the path, like /senas/adresas/"
        ));
    }
    Ok(())
}

fn check_scheme(value: &str, scheme: &str, kind: Kind) -> Result<(), String> {
    let lower = scheme.to_ascii_lowercase();
    let allowed = match kind {
        Kind::Link => lower == "https" || lower == "http",
        Kind::Image => lower == "https" || lower == "data",
        Kind::File => lower == "https",
        Kind::LocalFile | Kind::SitePath => false,
    };
    if !allowed {
        return Err(match (kind, lower.as_str()) {
            (Kind::SitePath, _) => format!(
                "{value:?} is not a path on this site; an alias is an old address of this site, like /senas/adresas/"
            ),
            (Kind::LocalFile, _) => format!(
                "{value:?} is not a file on this site; use a file beside the page or a path starting with /"
            ),
            (Kind::Image | Kind::File, "http") => format!(
                "{value:?} is an http:// address, which browsers block on an https:// site; use its https:// address or put the file beside the page"
            ),
            _ => format!(
                "{scheme}: addresses are not allowed here; use a file name, a path starting with / or an https:// address"
            ),
        });
    }
    if lower == "data" {
        let rest = value.split_once(':').map_or("", |(_, r)| r).trim_start();
        let rest = rest.to_ascii_lowercase();
        return if rest.starts_with("image/") && !rest.starts_with("image/svg") {
            Ok(())
        } else {
            Err(format!(
                "{scheme}: addresses are not allowed here except data:image/png, jpeg, gif or webp; use a file name, a path starting with / or an https:// address"
            ))
        };
    }
    let after = value.trim().get(scheme.len() + 1..).unwrap_or("");
    match url::Url::parse(value.trim()) {
        Ok(u)
            if after.starts_with("//")
                && !after[2..].starts_with(['/', '\\'])
                && u.host_str().is_some_and(|h| !h.is_empty()) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "{value:?} is not a full web address; write it like https://example.lt/page"
        )),
    }
}

/// The scheme of `value` (`https`, `javascript`), as browsers see it: they skip spaces
/// and control characters before and inside a scheme.
fn scheme(value: &str) -> Option<String> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect();
    has_scheme(&squeezed).then(|| squeezed.split(':').next().unwrap_or_default().to_string())
}

/// `value` with percent escapes decoded (`%2e%2e` is `..` to a browser).
fn decoded(value: &str) -> String {
    percent_encoding::percent_decode_str(value)
        .decode_utf8_lossy()
        .into_owned()
}

/// Whether a relative reference climbs above the site's root from a page `depth`
/// folders deep (a path from the root may not climb at all).
fn climbs_out(reference: &str, depth: usize) -> bool {
    let plain = decoded(reference);
    let mut depth = if plain.starts_with('/') {
        0
    } else {
        depth as i64
    };
    for segment in plain.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

/// The output file of an address: `/a/` → `a/index.html`, `/a.html` → `a.html`,
/// `/` → `index.html`. Pages, sections and aliases all map to files with this.
pub fn file_of(url: &str) -> String {
    let rel = url.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if rel.ends_with(".html") {
        rel.to_string()
    } else {
        format!("{rel}/index.html")
    }
}

/// An alias as an address: `senas/adresas` → `/senas/adresas/`, `/a/index.html` →
/// `/a/`, `/senas.html` stays, `""` → `/`.
pub fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("index.html")
        .filter(|t| t.is_empty() || t.ends_with('/'))
        .map_or(trimmed, |t| t.trim_end_matches('/'));
    if trimmed.is_empty() {
        "/".to_string()
    } else if trimmed.ends_with(".html") {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// Checks a `base_url` (from `site.toml` or `--base-url`) and returns it without its
/// trailing `/`: an `https://` or `http://` address of a domain, or of a folder on it
/// (`https://org.github.io/kampanija/`, a project site), nothing else.
pub fn base_url(value: &str) -> Result<String, String> {
    let expected = "expected an absolute URL of the site, like https://example.lt or https://org.github.io/kampanija/";
    if value.chars().any(char::is_control) || value.contains(['\\', ' ', '"', '<', '>', '\'']) {
        return Err(format!("{expected}, got {value:?}"));
    }
    let parsed = url::Url::parse(value).map_err(|_| format!("{expected}, got {value:?}"))?;
    let lower = value.to_ascii_lowercase();
    let after = lower.split_once("://").map_or("", |(_, rest)| rest);
    let absolute =
        (lower.starts_with("https://") || lower.starts_with("http://")) && !after.starts_with('/');
    if !absolute || parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("{expected}, got {value:?}"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "{expected}, without a user name or password, got {value:?}"
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() || value.contains(['?', '#']) {
        return Err(format!("{expected}, without ? or #, got {value:?}"));
    }
    let path = parsed.path().trim_end_matches('/');
    if path.is_empty() {
        return Ok(value.trim_end_matches('/').to_string());
    }
    let typed = after.split_once('/').map_or("", |(_, p)| p);
    if path.contains("//") || typed.split('/').any(|s| s == "." || s == "..") {
        return Err(format!(
            "{expected}; its path {:?} has an empty, `.` or `..` part, write the folder plainly, like /kampanija/",
            parsed.path()
        ));
    }
    Ok(format!("{}{path}", parsed.origin().ascii_serialization()))
}

/// The folder part of a checked `base_url`: `""` for a site at the root of its domain,
/// `/kampanija` (no trailing `/`) for `https://org.github.io/kampanija`.
pub fn base_path(base_url: &str) -> String {
    let after = base_url.split_once("://").map_or("", |(_, rest)| rest);
    after.find('/').map_or(String::new(), |at| {
        after[at..].trim_end_matches('/').to_string()
    })
}

/// A root-relative address of the site (`/apie/`) as a browser requests it, under the
/// site's `base_path` (`/kampanija/apie/`). Addresses with a scheme, `//…`, relative
/// ones, fragments and ones already under the base path stay as they are.
pub fn prefixed<'a>(base_path: &str, url: &'a str) -> std::borrow::Cow<'a, str> {
    if base_path.is_empty()
        || !url.starts_with('/')
        || url.starts_with("//")
        || under_base_path(base_path, url)
    {
        return std::borrow::Cow::Borrowed(url);
    }
    std::borrow::Cow::Owned(format!("{base_path}{url}"))
}

/// Whether the root-relative `url` is `base_path` itself or below it.
pub fn under_base_path(base_path: &str, url: &str) -> bool {
    url.strip_prefix(base_path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']))
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `tel:`, `data:` …), as RFC
/// 3986 has it: `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"` before any `/`, `?`
/// or `#`. The one test for "absolute or not" that links, feeds and e-mails share.
pub fn has_scheme(url: &str) -> bool {
    match url.find([':', '/', '?', '#']) {
        Some(end) if url[end..].starts_with(':') => {
            let mut scheme = url[..end].bytes();
            scheme.next().is_some_and(|b| b.is_ascii_alphabetic())
                && scheme.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_stay_on_the_site() {
        for bad in [
            "//evil.example/x",
            "/\\evil.example/x",
            " //evil.example",
            "/%5cevil.example",
            "/a\n/b",
            "/\t/evil.example",
            "javascript:alert(1)",
            "JaVa\tScRiPt:alert(1)",
            "https:evil.example",
            "https://",
            "https:///evil.example",
            "/../../renginiai/",
        ] {
            assert!(check(bad, Kind::Link, 3).is_err(), "{bad:?}");
        }
        for good in ["/apie/", "https://x.lt/a", "http://x.lt/", "/a%20b/"] {
            assert_eq!(check(good, Kind::Link, 3), Ok(()), "{good:?}");
        }
        assert!(check("http://x.lt/a.jpg", Kind::Image, 3).is_err());
        assert!(check("data:image/svg+xml,<svg onload=x>", Kind::Image, 3).is_err());
        assert!(check("data:image/png;base64,AA", Kind::Image, 3).is_ok());
        assert!(check("data:image/png;base64,AA", Kind::File, 3).is_err());
        assert!(check("../../../../etc/passwd", Kind::LocalFile, 3).is_err());
        assert!(check("%2e%2e/%2e%2e/%2e%2e/%2e%2e/x", Kind::LocalFile, 3).is_err());
        assert!(check("/../x.jpg", Kind::Image, 3).is_err());
        assert!(check("../a.jpg", Kind::Image, 3).is_ok());
        assert!(check("https://x.lt/a.jpg", Kind::LocalFile, 3).is_err());
        assert!(check("https://evil.example/", Kind::SitePath, 0).is_err());
        assert!(check("/a/../b/", Kind::SitePath, 0).is_err());
        assert!(check("/a?id=3", Kind::SitePath, 0).is_err());
        assert!(check("senas/adresas", Kind::SitePath, 0).is_ok());
    }

    #[test]
    fn aliases_are_addresses_of_files() {
        for (alias, address, file) in [
            ("/index.html", "/", "index.html"),
            ("", "/", "index.html"),
            (
                "senas/adresas",
                "/senas/adresas/",
                "senas/adresas/index.html",
            ),
            ("/apie/index.html", "/apie/", "apie/index.html"),
            ("/404.html", "/404.html", "404.html"),
            (
                "/naujienos/email.html",
                "/naujienos/email.html",
                "naujienos/email.html",
            ),
            ("/myindex.html", "/myindex.html", "myindex.html"),
        ] {
            assert_eq!(normalize_alias(alias), address, "{alias:?}");
            assert_eq!(file_of(address), file, "{alias:?}");
        }
    }

    #[test]
    fn base_urls_are_domains_or_folders_on_them() {
        for (value, url, path) in [
            ("https://example.lt/", "https://example.lt", ""),
            ("https://example.lt", "https://example.lt", ""),
            ("http://localhost:1111", "http://localhost:1111", ""),
            (
                "https://org.github.io/kampanija/",
                "https://org.github.io/kampanija",
                "/kampanija",
            ),
            (
                "https://org.github.io/kampanija",
                "https://org.github.io/kampanija",
                "/kampanija",
            ),
            (
                "https://Org.GitLab.io/a/b/",
                "https://org.gitlab.io/a/b",
                "/a/b",
            ),
            (
                "https://x.lt:8443/kampanija/",
                "https://x.lt:8443/kampanija",
                "/kampanija",
            ),
            (
                "https://x.lt/gerov%C4%97/",
                "https://x.lt/gerov%C4%97",
                "/gerov%C4%97",
            ),
        ] {
            assert_eq!(base_url(value).as_deref(), Ok(url), "{value:?}");
            assert_eq!(base_path(url), path, "{value:?}");
        }
        for bad in [
            "javascript:alert(1)//",
            "example.lt",
            "https://",
            "https:///x",
            "ftp://example.lt",
            "ftp://example.lt/kampanija/",
            "https://user:pw@example.lt",
            "https://user@example.lt/kampanija/",
            "https://example.lt/?a=1",
            "https://example.lt/#x",
            "https://example.lt/kampanija/?a=1",
            "https://example.lt/kampanija/#x",
            "https://example.lt/kampanija?",
            "https://example.lt/a//b/",
            "https://example.lt/a/../b/",
            "https://example.lt/./b/",
            "https://exa mple.lt",
            "https://example.lt\"><script>",
            "/kampanija/",
        ] {
            assert!(base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn site_addresses_get_the_base_path_once() {
        for (url, want) in [
            ("/apie/", "/kampanija/apie/"),
            ("/", "/kampanija/"),
            ("/style.css", "/kampanija/style.css"),
            ("/kampanija/apie/", "/kampanija/apie/"),
            ("/kampanija", "/kampanija"),
            ("/kampanijos/", "/kampanija/kampanijos/"),
            ("//cdn.example/x", "//cdn.example/x"),
            ("https://x.lt/a", "https://x.lt/a"),
            ("apie/", "apie/"),
            ("#main", "#main"),
            ("mailto:a@b.lt", "mailto:a@b.lt"),
        ] {
            assert_eq!(prefixed("/kampanija", url), want, "{url:?}");
            assert_eq!(prefixed("", url), url, "{url:?}");
        }
    }
}
