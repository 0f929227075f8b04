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
        timezone: jiff::tz::TimeZone::get("Europe/Vilnius").expect("bundled zone"),
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
        alert_titles: None,
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
/// and a `Range` header gives bytes inside the file; as a CMS path (`serve --cms`)
/// the target is either refused or plain and inside `content/` or `static/`. (tiny_http reads the heads from
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
        peer: None,
        body: Vec::new(),
    };
    let loopback = std::net::IpAddr::from([127, 0, 0, 1]);
    if let Some(refused) = http::refuse(&request, loopback) {
        assert!(matches!(refused.status, 400 | 403), "{}", refused.status);
    }
    // `serve --cms`: a path a call names is plain and inside content/ or static/.
    if let Ok(rel) = sklaida::serve::cms::checked(&request.target) {
        use std::path::Component;
        let first = rel.components().next();
        assert!(
            matches!(first, Some(Component::Normal(a)) if sklaida::serve::cms::AREAS.iter().any(|x| a == *x)),
            "{} is outside the areas",
            rel.display()
        );
        assert!(
            rel.components().all(|c| matches!(c, Component::Normal(_))),
            "{} is not plain",
            rel.display()
        );
    }
    let _ = sklaida::serve::cms::allowed(
        Some(loopback),
        request.header("Host"),
        request.header("Origin"),
        request.header("Content-Type"),
    );
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
    // The same site under a base path: a redirect stays on this host and under the
    // base path, and nothing outside it is a file of the site.
    let under = http::answer_under(root, "/kampanija", &request.target, range);
    assert!(
        matches!(under.status, 200 | 206 | 301 | 302 | 400 | 404 | 416),
        "{}",
        under.status
    );
    for (name, value) in &under.headers {
        if *name == "Location" {
            assert!(value.starts_with("/kampanija/"), "{value}");
        }
    }
    if matches!(under.status, 200 | 206) {
        assert!(
            request.target.starts_with("/kampanija/"),
            "{} answered outside the base path",
            request.target
        );
    }
    if let Some(range) = range {
        for len in [0u64, 1, 10, 1 << 20] {
            if let ByteRange::Part { start, end } = parse_range(range, len) {
                assert!(start <= end && end < len, "{range}: {start}-{end} of {len}");
            }
        }
    }
}

/// The site the `calendar` target builds events into: Vilnius, two languages and an
/// organiser, so every property of a VEVENT is written.
fn calendar_config() -> &'static Config {
    static CONFIG: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::parse(
            "base_url = \"https://example.test\"\ndefault_language = \"lt\"\ntimezone = \"Europe/Vilnius\"\n\
             [languages.lt]\ntitle = \"T\"\ndescription = \"D\"\n[languages.en]\ntitle = \"T\"\ndescription = \"D\"\n\
             [organizer]\nname = \"Biuras; \\\"A\\\", B:C\"\nemail = \"info@example.test\"\n",
        )
        .expect("the calendar target's site.toml")
    })
}

/// A calendar's text as RFC 5545 §3.1 wants it: CRLF line ends, no line over 75
/// octets, no control character in any line; returns it unfolded.
fn check_physical(text: &str) -> String {
    assert!(text.ends_with("\r\n"), "no CRLF at the end");
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(
            !line.chars().any(char::is_control),
            "a control character in {line:?}"
        );
    }
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

/// TEXT unescaped (RFC 5545 §3.3.11), written here rather than taken from the writer.
fn unescape_text(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') | Some('N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// What a TEXT value must unescape to: line breaks as `\n`, tabs as spaces, other
/// control characters gone.
fn text_as_written(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

/// The iCalendar writer on any text: each value kind and a parameter give one content
/// line with no control character, folded within 75 octets, which unfolds to exactly
/// the escaped text; TEXT unescapes to the text as written.
fn check_content_lines(text: &str) {
    use sklaida::output::ics::{content_line, escape, Value};
    let tags = [text.to_string(), text.chars().rev().collect()];
    for value in [
        Value::Text(text),
        Value::Uri(text),
        Value::Plain(text),
        Value::Texts(&tags),
    ] {
        let params = [("CN", Value::Param(text))];
        let line = content_line("X-FUZZ", &params, value);
        let unfolded = check_physical(&line);
        let mut expected = String::from("X-FUZZ;CN=");
        escape(Value::Param(text), &mut expected);
        expected.push(':');
        escape(value, &mut expected);
        expected.push_str("\r\n");
        assert_eq!(unfolded, expected);
        assert_eq!(unfolded.matches("\r\n").count(), 1, "one content line");
    }
    let mut escaped = String::new();
    escape(Value::Text(text), &mut escaped);
    assert_eq!(unescape_text(&escaped), text_as_written(text));
    // Separators of the line and of lists never appear unescaped in TEXT.
    let bare = escaped
        .replace("\\\\", "")
        .replace("\\;", "")
        .replace("\\,", "");
    assert!(!bare.contains([';', ',']), "{escaped:?}");
}

/// Dates through everything that shows them: a date parsed in the site's zone is
/// inside `YEARS`, reads back from its ISO form (the form templates get), formats in
/// both languages' date filters and is valid RFC 3339 for JSON-LD and feeds.
fn check_when(when: sklaida::content::When) {
    use sklaida::content::{rfc3339, When, YEARS};
    use sklaida::i18n::{format_date, format_date_range, format_time, DateStyle};
    assert!(YEARS.contains(&when.date().year()), "{when:?}");
    let iso = when.iso();
    let back = When::parse(&iso).unwrap_or_else(|| panic!("{iso} does not read back"));
    assert_eq!(back.iso(), iso);
    let tz = &calendar_config().timezone;
    let stamp = rfc3339(when.datetime(), tz);
    assert!(
        stamp.parse::<jiff::Timestamp>().is_ok(),
        "{stamp} is not RFC 3339"
    );
    for lang in ["lt", "en"] {
        for style in [
            DateStyle::Long,
            DateStyle::Full,
            DateStyle::Short,
            DateStyle::MonthYear,
        ] {
            assert!(!format_date(lang, when.date(), style).is_empty());
        }
        if let Some(t) = when.time() {
            assert!(!format_time(lang, t).is_empty());
        }
        let end = when
            .date()
            .tomorrow()
            .expect("a day after every date in YEARS");
        assert!(!format_date_range(lang, when.date(), end).is_empty());
    }
}

/// A page's front matter as an event of the calendar site (the first byte picks the
/// page's language), then its `.ics` and the feed, JSON-LD and the date filters; and
/// every line of the input through the date parser and the iCalendar writer.
pub fn calendar(data: &[u8]) {
    use sklaida::content::{Content, TypeFields, When};
    use sklaida::site::{Publish, Site};
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let config = calendar_config();
    for line in text.lines().take(16) {
        check_content_lines(line);
        let value = line.split_once(": ").map_or(line, |(_, v)| v);
        if let Ok(when) = When::parse_in(value.trim_matches('"'), &config.timezone) {
            check_when(when);
        }
    }
    let lang = if first % 2 == 0 { "lt" } else { "en" };
    let path = Path::new("content/renginiai/seminaras.md");
    let origin = PageOrigin {
        lang: lang.to_string(),
        key: "renginiai/seminaras".to_string(),
        folder: "renginiai".to_string(),
        bundle: None,
        stem: "seminaras".to_string(),
        section_type: Some(ContentType::Event),
        timezone: config.timezone.clone(),
    };
    let page = match parse_page(path, text, &origin) {
        Ok(page) => page,
        Err(ds) => return check_diagnostics(path, text, &ds),
    };
    let TypeFields::Event { start, end, .. } = page.fields.clone() else {
        return;
    };
    for when in [Some(start), end, page.date, page.updated]
        .into_iter()
        .flatten()
    {
        check_when(when);
    }
    let title = page.title.clone();
    let content = Content {
        pages: vec![page],
        sections: Vec::new(),
        assets: Vec::new(),
        broken: Default::default(),
    };
    let publish = Publish {
        drafts: true,
        now: jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0),
    };
    let (site, _) = Site::build(config.clone(), content, publish);
    let Some(sp) = site.pages.first() else {
        return;
    };
    let options = Options {
        footnote_prefix: "fn-",
        resolve_link: None,
        first_line: sp.page.body_line,
        typography: None,
        alert_titles: None,
    };
    let markdown = vec![render(&sp.page.body, &options)];
    let json = sklaida::render::jsonld::event(config, &sp.page, &sp.url, "")
        .expect("an event has JSON-LD");
    let data: serde_json::Value = serde_json::from_str(&json).expect("JSON-LD parses");
    assert!(data["startDate"].as_str().is_some_and(|s| !s.is_empty()));
    for (rel, ics) in sklaida::output::ics::calendar_files(&site, &markdown) {
        let unfolded = check_physical(&ics);
        assert_eq!(unfolded.matches("\r\nBEGIN:VEVENT\r\n").count(), 1, "{rel}");
        assert_eq!(unfolded.matches("\r\nEND:VEVENT\r\n").count(), 1, "{rel}");
        let summary = unfolded
            .split("\r\n")
            .find_map(|l| l.strip_prefix("SUMMARY:"))
            .expect("SUMMARY");
        assert_eq!(unescape_text(summary), text_as_written(&title), "{rel}");
        let calendar = icalendar::parser::read_calendar(&unfolded)
            .unwrap_or_else(|e| panic!("{rel} does not parse: {e}"));
        let events: Vec<_> = calendar
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
            .collect();
        assert_eq!(events.len(), 1, "{rel}");
        let mut names = HashSet::new();
        for p in &events[0].properties {
            let name = p.name.as_str().to_string();
            assert!(names.insert(name.clone()), "{rel}: {name} twice");
        }
    }
}
