//! What the fuzz targets check, one function per target. The targets in
//! `fuzz_targets/` call these, and `tests/fuzz_regressions.rs` runs every input kept in
//! `tests/fixtures/fuzz/<target>/` through them in `cargo test`.

#![allow(dead_code)] // each target uses one of these

use std::collections::HashSet;
use std::path::Path;

use sklaida::config::Config;
use sklaida::content::front_matter::{parse_page, parse_section, PageOrigin};
use sklaida::content::{decode_text, ContentType};
use sklaida::markdown::{render, Options};
use sklaida::Diagnostic;

const TYPES: [Option<ContentType>; 7] = [
    None,
    Some(ContentType::Page),
    Some(ContentType::Article),
    Some(ContentType::Event),
    Some(ContentType::Poster),
    Some(ContentType::Newsletter),
    Some(ContentType::Story),
];

/// Every diagnostic names `path` and, when it has a line, a line of `text`.
fn check_diagnostics(path: &Path, text: &str, diagnostics: &[Diagnostic]) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    let lines = text.split('\n').count().max(1);
    for d in diagnostics {
        assert_eq!(d.path, path);
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
        }
    }
}

/// A content file's bytes (the first picks the section's type) as `content::load`
/// reads them, parsed as a page and as a section: a result or diagnostics, no panic.
pub fn front_matter(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new("content/renginiai/seminaras.md");
    let text = match decode_text(path, bytes.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.line.is_some(), "{d}");
            return;
        }
    };
    let origin = PageOrigin {
        lang: "lt".to_string(),
        key: "renginiai/seminaras".to_string(),
        folder: "renginiai".to_string(),
        bundle: None,
        stem: "seminaras".to_string(),
        section_type: TYPES[usize::from(first) % TYPES.len()],
    };
    if let Err(ds) = parse_page(path, &text, &origin) {
        check_diagnostics(path, &text, &ds);
    }
    if let Err(ds) = parse_section(path, &text, "lt", "renginiai") {
        check_diagnostics(path, &text, &ds);
    }
}

/// Markdown through our renderer with a `.md` link resolver: generated heading ids are
/// unique, and every reported line is a line of the file.
pub fn markdown(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let resolve = |href: &str| {
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        path.strip_suffix(".md").map(|p| {
            let url = format!("/{}/", p.trim_start_matches("../"));
            if fragment.is_empty() {
                url
            } else {
                format!("{url}#{fragment}")
            }
        })
    };
    let first_line = 5;
    let options = Options {
        footnote_prefix: "fn-",
        resolve_link: Some(&resolve),
        first_line,
        typography: Some(sklaida::typography::Typography::for_language("lt")),
    };
    let rendered = render(source, &options);
    let last_line = first_line + source.split('\n').count();
    let mut ids = HashSet::new();
    for h in &rendered.headings {
        // Ids the author gives (`{#id}`) may repeat; generated ones never do.
        if !source.contains('{') {
            assert!(ids.insert(h.id.as_str()), "duplicate heading id {:?}", h.id);
        }
        assert!((1..=6).contains(&h.level));
        assert!(h.line >= first_line && h.line <= last_line, "{h:?}");
    }
    for l in &rendered.links {
        assert!(l.line >= first_line && l.line <= last_line, "{l:?}");
    }
    for i in &rendered.images {
        assert!(i.line >= first_line && i.line <= last_line, "{i:?}");
    }
}

/// `site.toml` text: a config (default language first, `base_url` without a trailing
/// slash) or diagnostics naming `site.toml` at a line of the text.
pub fn site_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            assert!(!config.languages.is_empty());
            assert_eq!(config.languages[0].code, config.default_language);
            assert!(!config.base_url.ends_with('/'));
        }
        Err(ds) => check_diagnostics(Path::new("site.toml"), text, &ds),
    }
}

/// An output folder with a page, a folder and, beside it, a file no request may reach.
fn served_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("sklaida-fuzz-serve-{}", std::process::id()));
        let root = dir.join("out");
        std::fs::create_dir_all(root.join("en/apie")).expect("mkdir");
        std::fs::write(root.join("index.html"), "home").expect("write");
        std::fs::write(root.join("en/apie/index.html"), "about").expect("write");
        std::fs::write(root.join("en/a.txt"), "inside").expect("write");
        std::fs::write(dir.join("secret.txt"), "secret").expect("write");
        std::fs::canonicalize(root).expect("canonical")
    })
}

/// Bytes as a request head (`METHOD TARGET …` then `Name: value` lines): the checks
/// `serve` makes before answering never panic and refuse with 400/403, a target never
/// resolves to a file outside the output folder, no answer carries the file beside it,
/// and a `Range` header gives bytes inside the file. (tiny_http reads the heads from
/// the socket; this is everything `serve` does with them.)
pub fn serve_request(data: &[u8]) {
    use sklaida::serve::http::{self, parse_range, resolve, Body, ByteRange, Target};
    use std::io::Read;
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n').map(|l| l.trim_end_matches('\r'));
    let mut first = lines.next().unwrap_or("").split(' ');
    let request = http::Request {
        method: first.next().unwrap_or("").to_string(),
        target: first.next().unwrap_or("").to_string(),
        headers: lines
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    if let Some(refused) = http::refuse(&request, loopback) {
        assert!(matches!(refused.status, 400 | 403), "{}", refused.status);
    }
    let root = served_root();
    match resolve(root, &request.target) {
        Target::File(path) => assert!(path.starts_with(root), "{} escapes", path.display()),
        Target::Redirect(location) => {
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{location}"
            );
        }
        Target::NotFound | Target::BadRequest => {}
    }
    let range = request.header("Range");
    let answer = http::answer(root, &request.target, range);
    assert!(
        matches!(answer.status, 200 | 206 | 301 | 400 | 404 | 416),
        "{}",
        answer.status
    );
    // The only files inside: two pages (sent as bytes, with the script) and a.txt.
    match answer.body {
        Body::Bytes(bytes) if answer.status == 200 => assert!(
            bytes.starts_with(b"home") || bytes.starts_with(b"about"),
            "{} served something else",
            request.target
        ),
        Body::Bytes(_) => {}
        Body::File(file, n) => {
            let mut body = Vec::new();
            file.take(n).read_to_end(&mut body).expect("read");
            let inside: &[u8] = b"inside";
            assert!(
                inside
                    .windows(body.len().max(1))
                    .any(|w| w == body.as_slice()),
                "{} served another file",
                request.target
            );
        }
    }
    if let Some(range) = range {
        for len in [0u64, 1, 10, 1 << 20] {
            if let ByteRange::Part { start, end } = parse_range(range, len) {
                assert!(start <= end && end < len, "{range}: {start}-{end} of {len}");
            }
        }
    }
}
