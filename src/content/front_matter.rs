//! Front matter: splitting a Markdown file into its YAML header and body, and turning
//! the header into a validated [`Page`] or [`SectionFile`].
//!
//! Every problem becomes a [`Diagnostic`] with the file's line (the YAML error's line
//! plus the header's offset) and the field concerned; parsing never panics.

use std::path::Path;

use serde::Deserialize;

use super::types::*;
use crate::address;
use crate::error::Diagnostic;
use crate::typography::smarten;

/// A file split at its `---` lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
}

/// Splits `text` (already without BOM, with `\n` line ends) at its front matter.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(
            path,
            "expected front matter: the file must start with a `---` line, then `title: …`, then another `---` line",
        )
        .at_line(1));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let l = text[offset..end].trim_end();
        if l == "---" || l == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::error(
        path,
        "the front matter that starts here is never closed: add a `---` line after it",
    )
    .at_line(1))
}

/// Front matter as written; every field optional so that validation can name each
/// missing one. Unknown fields are errors: a typo (`strat:`) must not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: Option<String>,
    date: Option<yaml_serde::Value>,
    updated: Option<yaml_serde::Value>,
    summary: Option<String>,
    draft: Option<bool>,
    slug: Option<String>,
    tags: Option<Vec<String>>,
    image: Option<String>,
    image_alt: Option<String>,
    weight: Option<i64>,
    aliases: Option<Vec<String>>,
    translation_key: Option<String>,
    extra: Option<yaml_serde::Value>,
    role: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    // article
    author: Option<String>,
    source: Option<RawLink>,
    // event
    start: Option<yaml_serde::Value>,
    end: Option<yaml_serde::Value>,
    location: Option<RawPlace>,
    online_url: Option<String>,
    registration_url: Option<String>,
    status: Option<String>,
    participants: Option<u32>,
    // poster
    pdf: Option<String>,
    size: Option<String>,
    qr: Option<String>,
    // newsletter
    number: Option<u32>,
    // story
    consent: Option<bool>,
    ambassador: Option<RawAmbassador>,
    anonymous: Option<bool>,
    content_warning: Option<String>,
    /// The project the page belongs to, when it is not inside the project's section.
    project: Option<String>,
    /// `share: false`: no share block on this page.
    share: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    #[serde(default)]
    name: String,
    url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: String,
    address: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmbassador {
    #[serde(default)]
    name: String,
    role: Option<String>,
    photo: Option<String>,
    photo_alt: Option<String>,
}

/// Which fields belong to which type, for "this field is not for this type" errors.
const TYPE_FIELDS: &[(&str, ContentType)] = &[
    ("author", ContentType::Article),
    ("source", ContentType::Article),
    ("start", ContentType::Event),
    ("end", ContentType::Event),
    ("location", ContentType::Event),
    ("online_url", ContentType::Event),
    ("registration_url", ContentType::Event),
    ("status", ContentType::Event),
    ("participants", ContentType::Event),
    ("pdf", ContentType::Poster),
    ("size", ContentType::Poster),
    ("qr", ContentType::Poster),
    ("number", ContentType::Newsletter),
    ("consent", ContentType::Story),
    ("ambassador", ContentType::Story),
    ("anonymous", ContentType::Story),
    ("content_warning", ContentType::Story),
];

/// Where a page file sits, worked out from its path by discovery.
#[derive(Debug, Clone)]
pub struct PageOrigin {
    pub lang: String,
    pub key: String,
    pub folder: String,
    pub bundle: Option<String>,
    /// The file or bundle name the default slug comes from.
    pub stem: String,
    /// The type the page's section gives it, if any.
    pub section_type: Option<ContentType>,
    /// The site's time zone: dates with an offset or zone are converted to it.
    pub timezone: jiff::tz::TimeZone,
}

/// Context for diagnostics of one file: its path, text and YAML offset.
struct Ctx<'a> {
    path: &'a Path,
    yaml: &'a str,
    yaml_line: usize,
    diagnostics: Vec<Diagnostic>,
}

impl Ctx<'_> {
    /// An error on `field`, at the line where the field is written.
    /// A field that is missing is reported at the opening `---` (line 1).
    /// One mistake, one error: a field already reported at that line keeps its first
    /// error (a line break in an address is both a control character and a bad address).
    fn error(&mut self, field: &str, message: impl Into<String>) {
        let line = self.field_line(field).unwrap_or(1);
        let reported = self
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.field.as_deref() == Some(field) && d.line == Some(line));
        if reported {
            return;
        }
        self.diagnostics.push(
            Diagnostic::error(self.path, message)
                .field(field)
                .at_line(line),
        );
    }

    /// Every top-level key with its file line.
    fn top_level_lines(&self) -> Vec<(String, usize)> {
        self.yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']))
            .filter_map(|(i, l)| {
                let key = l.split(':').next()?.trim();
                (!key.is_empty() && l.contains(':')).then(|| (key.to_string(), self.yaml_line + i))
            })
            .collect()
    }

    /// The file lines of the items (`- …`) of the top-level list `field`.
    fn list_item_lines(&self, field: &str) -> Vec<usize> {
        let lines: Vec<&str> = self.yaml.lines().collect();
        let Some(top_at) = lines.iter().position(|l| {
            l.strip_prefix(field)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        }) else {
            return Vec::new();
        };
        lines[top_at + 1..]
            .iter()
            .enumerate()
            .take_while(|(_, l)| l.starts_with([' ', '\t', '-']) || l.trim().is_empty())
            .filter(|(_, l)| l.trim_start().starts_with('-'))
            .map(|(i, _)| self.yaml_line + top_at + 1 + i)
            .collect()
    }

    /// The file line of a field: `start`, or `source.url` inside `source:`.
    fn field_line(&self, field: &str) -> Option<usize> {
        let mut parts = field.split('.');
        let top = parts.next().unwrap_or(field);
        let lines: Vec<&str> = self.yaml.lines().collect();
        let is_key = |line: &str, key: &str| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        };
        let top_at = lines.iter().position(|l| is_key(l, top))?;
        // A nested field is on an indented line below its parent, if written there.
        let nested = parts.next().and_then(|key| {
            lines[top_at + 1..]
                .iter()
                .take_while(|l| l.starts_with([' ', '\t']) || l.trim().is_empty())
                .position(|l| is_key(l.trim_start(), key))
                .map(|i| top_at + 1 + i)
        });
        Some(self.yaml_line + nested.unwrap_or(top_at))
    }

    fn yaml_error(&mut self, err: &yaml_serde::Error) {
        let mut message = err.to_string();
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        let mut field = None;
        // A line the error is better shown at than where the YAML parser stopped.
        let mut line = None;
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or("").to_string();
            message = format!(
                "unknown field `{name}`; check its spelling, or put custom fields under `extra:`"
            );
            field = Some(name);
        } else if let Some(rest) = message.strip_prefix("duplicate field `") {
            // The parser points at the start of the mapping; show the second one.
            let name = rest.split('`').next().unwrap_or("").to_string();
            let lines = self.key_lines(&name);
            line = lines.get(1).copied();
            message = match lines.first() {
                Some(first) => {
                    format!("`{name}` is written twice (first on line {first}); keep one of them")
                }
                None => format!("`{name}` is written twice; keep one of them"),
            };
            field = Some(name);
        } else if message == "repetition limit exceeded" {
            message = "the YAML aliases (`*name`) here expand to far too much data; write the values out instead".to_string();
            line = self.first_line_with(has_alias);
        } else if message == "recursion limit exceeded" {
            message = "the front matter is nested too deeply (more than 128 levels of lists or fields inside each other)".to_string();
        } else if message.starts_with("invalid type: ")
            && (message.ends_with("expected struct Raw")
                || message.ends_with("expected struct RawSection"))
        {
            message = "the front matter must be `field: value` lines (like `title: …`), not a list or a single value".to_string();
        } else if let Some((path, rest)) = message.split_once(": ") {
            // serde_yaml prefixes type errors with the field path: "participants: invalid type…".
            if !path.contains(' ') {
                field = Some(path.to_string());
                message = plain_types(rest);
            }
        }
        // The parser counts NEL (U+0085) and U+2028/9 as line breaks too; lines here are
        // the file's `\n` lines, so places come from the byte index.
        let place = err
            .location()
            .map(|loc| crate::error::line_col(self.yaml, loc.index()));
        if message.starts_with("found character that cannot start any token") {
            let at = place.and_then(|(line, _)| self.yaml.lines().nth(line - 1));
            if at.is_some_and(|l| l.starts_with('\t') || l.contains(": \t")) {
                message = "a tab here: YAML indents with spaces only; replace the tab with spaces"
                    .to_string();
            }
        }
        // A way out for the common mistakes: the line as it should be written.
        let at = line
            .map(|l| l.saturating_sub(self.yaml_line))
            .or(place.map(|(l, _)| l - 1));
        if let Some(hint) =
            at.and_then(|at| super::yaml_hints::find(self.yaml, at, field.is_none()))
        {
            message = format!("{message}; {}", hint.sentence());
            line = Some(self.yaml_line + hint.line);
        }
        let mut d = Diagnostic::error(self.path, message);
        if let Some(f) = field {
            d = d.field(f);
        }
        if let Some(line) = line {
            d = d.at_line(line);
        } else if let Some((line, column)) = place {
            d = d.at(self.yaml_line + line - 1, column);
        } else if let Some(line) = d.field.as_deref().and_then(|f| self.field_line(f)) {
            d = d.at_line(line);
        } else {
            d = d.at_line(self.yaml_line.saturating_sub(1).max(1));
        }
        self.diagnostics.push(d);
    }

    /// File lines of every top-level `key:`.
    fn key_lines(&self, key: &str) -> Vec<usize> {
        self.yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                l.strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
            .map(|(i, _)| self.yaml_line + i)
            .collect()
    }

    /// The file line of the first YAML line for which `test` holds.
    fn first_line_with(&self, test: impl Fn(&str) -> bool) -> Option<usize> {
        self.yaml.lines().position(test).map(|i| self.yaml_line + i)
    }

    /// A date field, read in the site's time zone `tz` (see [`When::parse_in`]).
    fn when(
        &mut self,
        field: &str,
        value: Option<yaml_serde::Value>,
        tz: &jiff::tz::TimeZone,
    ) -> Option<When> {
        let text = match value? {
            yaml_serde::Value::String(s) => s,
            // `start: 20250101` is a number to YAML: named as written, then refused.
            yaml_serde::Value::Number(n) => n.to_string(),
            _ => {
                self.error(
                    field,
                    format!("expected a date like {DATE_FORMS}; got a value of another kind"),
                );
                return None;
            }
        };
        match When::parse_in(&text, tz) {
            Ok(w) => Some(w),
            Err(message) => {
                self.error(field, message);
                None
            }
        }
    }

    /// Each alias must be a path on this site (clashes are the model's to find).
    fn aliases(&mut self, aliases: Option<&[String]>) {
        for alias in aliases.into_iter().flatten() {
            if let Err(message) = address::check(alias, address::Kind::SitePath, 0) {
                self.error("aliases", format!("alias {message}"));
            }
        }
    }

    fn url(&mut self, field: &str, value: Option<String>) -> Option<String> {
        let v = value?;
        if let Err(message) = address::check(&v, address::Kind::Link, 0) {
            self.error(field, message);
        }
        Some(v)
    }
}

/// Which control characters a text field may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chars {
    /// One line (titles, names, addresses, file names, tags): none at all.
    Line,
    /// Running text (summaries, descriptions of images): tabs and line breaks.
    Text,
}

/// The first control character (C0, DEL, C1) `text` may not hold as `kind`.
fn forbidden_control(text: &str, kind: Chars) -> Option<char> {
    text.chars()
        .find(|&c| c.is_control() && !(kind == Chars::Text && matches!(c, '\t' | '\n')))
}

/// An error for each field whose text holds a control character it may not: they are
/// invisible, break calendars and feeds (a line break in an address can add a whole
/// event to a calendar), and come from pasting, never from meaning.
fn refuse_controls(ctx: &mut Ctx<'_>, fields: &[(&str, Option<&str>, Chars)]) {
    let mut reported: Vec<&str> = Vec::new();
    for &(field, text, kind) in fields {
        let Some(c) = text.and_then(|t| forbidden_control(t, kind)) else {
            continue;
        };
        if reported.contains(&field) {
            continue;
        }
        reported.push(field);
        let what = match c {
            '\n' | '\r' => "a line break".to_string(),
            '\t' => "a tab".to_string(),
            c => format!("the control character U+{:04X}", u32::from(c)),
        };
        let fix = if kind == Chars::Line {
            "; write it on one line without control characters"
        } else {
            "; remove it (it often comes with text pasted from another program)"
        };
        ctx.error(field, format!("`{field}` holds {what}{fix}"));
    }
}

/// [`refuse_controls`] for every key and text inside `extra:` (running text there).
fn refuse_controls_in(ctx: &mut Ctx<'_>, field: &str, value: &yaml_serde::Value) {
    let mut stack = vec![value];
    let mut texts: Vec<&str> = Vec::new();
    while let Some(v) = stack.pop() {
        match v {
            yaml_serde::Value::String(s) => texts.push(s),
            yaml_serde::Value::Sequence(items) => stack.extend(items),
            yaml_serde::Value::Mapping(map) => {
                for (k, v) in map {
                    stack.push(k);
                    stack.push(v);
                }
            }
            yaml_serde::Value::Tagged(t) => stack.push(&t.value),
            _ => {}
        }
    }
    if let Some(&text) = texts
        .iter()
        .find(|t| forbidden_control(t, Chars::Text).is_some())
    {
        refuse_controls(ctx, &[(field, Some(text), Chars::Text)]);
    }
}

/// Every text of a page's front matter with the control characters it may hold. Fields
/// checked against a list of values or as slugs (`type`, `status`, `slug`…) are not
/// here: their own check names a control character as not one of the values.
fn page_strings(raw: &Raw) -> Vec<(&'static str, Option<&str>, Chars)> {
    use Chars::{Line, Text};
    let mut out = vec![
        ("title", raw.title.as_deref(), Line),
        ("summary", raw.summary.as_deref(), Text),
        ("image", raw.image.as_deref(), Line),
        ("image_alt", raw.image_alt.as_deref(), Text),
        ("translation_key", raw.translation_key.as_deref(), Line),
        ("author", raw.author.as_deref(), Line),
        ("online_url", raw.online_url.as_deref(), Line),
        ("registration_url", raw.registration_url.as_deref(), Line),
        ("pdf", raw.pdf.as_deref(), Line),
        ("qr", raw.qr.as_deref(), Line),
        ("content_warning", raw.content_warning.as_deref(), Text),
    ];
    for (field, items) in [("tags", &raw.tags), ("aliases", &raw.aliases)] {
        out.extend(
            items
                .iter()
                .flatten()
                .map(|t| (field, Some(t.as_str()), Line)),
        );
    }
    if let Some(s) = &raw.source {
        out.push(("source.name", Some(&s.name), Line));
        out.push(("source.url", s.url.as_deref(), Line));
    }
    if let Some(l) = &raw.location {
        out.push(("location.name", Some(&l.name), Line));
        out.push(("location.address", l.address.as_deref(), Line));
    }
    if let Some(a) = &raw.ambassador {
        out.push(("ambassador.name", Some(&a.name), Line));
        out.push(("ambassador.role", a.role.as_deref(), Line));
        out.push(("ambassador.photo", a.photo.as_deref(), Line));
        out.push(("ambassador.photo_alt", a.photo_alt.as_deref(), Text));
    }
    out
}

/// Whether a YAML line uses an alias (`*name` after a space, `[`, `{` or `,`).
fn has_alias(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'*'
            && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b','))
            && bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == b'_')
    })
}

/// serde's names of Rust types in "invalid type: string \"many\", expected u32" as
/// words for people who write front matter.
fn plain_types(message: &str) -> String {
    let Some((got, expected)) = message.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (like 12)",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number (like 12 or -3)",
        "f32" | "f64" => "a number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list (like [a, b] or lines starting with `- `)",
        other if other.starts_with("struct ") => "indented `field: value` lines",
        other => other,
    };
    let got = got.strip_prefix("invalid type: ").unwrap_or(got);
    let got = match got {
        "sequence" => "a list".to_string(),
        "map" => "fields".to_string(),
        "unit value" => "nothing".to_string(),
        other => other.strip_prefix("string ").unwrap_or(other).to_string(),
    };
    format!("expected {expected}, got {got}")
}

fn to_json(value: Option<yaml_serde::Value>) -> serde_json::Value {
    value
        .and_then(|v| serde_json::to_value(v).ok())
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()))
}

fn parse_raw<'a, T: serde::de::DeserializeOwned + Default>(ctx: &mut Ctx<'a>) -> Option<T> {
    if ctx.yaml.trim().is_empty() {
        return Some(T::default());
    }
    match yaml_serde::from_str::<T>(ctx.yaml) {
        Ok(raw) => Some(raw),
        Err(e) => {
            ctx.yaml_error(&e);
            None
        }
    }
}

/// Parses a page file's text into a [`Page`], or every problem found in it.
pub fn parse_page(path: &Path, text: &str, origin: &PageOrigin) -> Result<Page, Vec<Diagnostic>> {
    let split = split(path, text).map_err(|d| vec![d])?;
    let mut ctx = Ctx {
        path,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        diagnostics: Vec::new(),
    };
    let Some(mut raw) = parse_raw::<Raw>(&mut ctx) else {
        return Err(ctx.diagnostics);
    };
    refuse_controls(&mut ctx, &page_strings(&raw));
    if let Some(extra) = &raw.extra {
        refuse_controls_in(&mut ctx, "extra", extra);
    }

    let content_type = page_type(&mut ctx, raw.kind.as_deref(), origin.section_type);

    // Titles and summaries are shown as text everywhere (lists, feeds, social cards), so
    // they get the language's typography here, once.
    let title = match raw.title.take() {
        Some(t) if !t.trim().is_empty() => smarten(&t, &origin.lang),
        _ => {
            ctx.diagnostics.push(
                Diagnostic::error(
                    path,
                    "every page needs a title: add `title: …` to the front matter",
                )
                .field("title")
                .at_line(split.yaml_line.saturating_sub(1).max(1)),
            );
            String::new()
        }
    };
    let date = ctx.when("date", raw.date.take(), &origin.timezone);
    let updated = ctx.when("updated", raw.updated.take(), &origin.timezone);
    let needs_date = matches!(
        content_type,
        ContentType::Article | ContentType::Newsletter | ContentType::Story
    );
    if needs_date && date.is_none() && ctx.field_line("date").is_none() {
        ctx.error(
            "date",
            format!("{} pages need a `date: YYYY-MM-DD`", content_type.name()),
        );
    }
    if raw.image.is_some() && raw.image_alt.is_none() {
        ctx.error(
            "image_alt",
            "`image` needs `image_alt`: a short description for people who cannot see it (use \"\" for a decorative image)",
        );
    }

    let fields = type_fields(&mut ctx, &mut raw, content_type, &origin.timezone);

    check_file_references(&mut ctx, raw.image.as_deref(), &fields, &origin.folder);
    ctx.aliases(raw.aliases.as_deref());

    let slug = page_slug(&mut ctx, raw.slug.take(), &origin.stem);
    let role = raw.role.as_deref().and_then(|name| {
        let role = PageRole::from_name(name);
        if role.is_none() {
            ctx.error(
                "role",
                format!(
                    "unknown role {name:?}; use one of {}",
                    PageRole::NAMES.join(", ")
                ),
            );
        }
        role
    });

    if ctx.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(ctx.diagnostics);
    }
    let (translation_key, explicit) = match raw.translation_key {
        Some(k) => (k, true),
        None => (origin.key.clone(), false),
    };
    Ok(Page {
        source: path.to_path_buf(),
        lang: origin.lang.clone(),
        translation_key,
        explicit_translation_key: explicit,
        folder: origin.folder.clone(),
        bundle: origin.bundle.clone(),
        slug,
        title,
        summary: raw.summary.map(|t| smarten(&t, &origin.lang)),
        date,
        updated,
        draft: raw.draft.unwrap_or(false),
        tags: raw.tags.unwrap_or_default(),
        image: raw.image,
        image_alt: raw.image_alt,
        weight: raw.weight.unwrap_or(0),
        aliases: raw.aliases.unwrap_or_default(),
        extra: to_json(raw.extra),
        role,
        fields,
        project: raw.project.map(|p| p.trim().trim_matches('/').to_string()),
        share: raw.share.unwrap_or(true),
        field_lines: ctx.top_level_lines(),
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// The page's type: `type:`, else its section's, else a plain page; and an error for
/// each field that belongs to another type.
fn page_type(ctx: &mut Ctx, kind: Option<&str>, section_type: Option<ContentType>) -> ContentType {
    let content_type = match kind {
        Some(name) => ContentType::from_name(name).unwrap_or_else(|| {
            ctx.error(
                "type",
                format!(
                    "unknown type {name:?}; use one of page, article, event, poster, newsletter, story"
                ),
            );
            ContentType::Page
        }),
        None => section_type.unwrap_or(ContentType::Page),
    };

    // Fields of another type are mistakes (an article with `start:`), not silent extras.
    for (field, owner) in TYPE_FIELDS {
        if *owner != content_type && ctx.field_line(field).is_some() {
            ctx.error(
                field,
                format!(
                    "`{field}` is a field of {} pages, but this page is {} {}",
                    owner.name(),
                    article(content_type.name()),
                    content_type.name()
                ),
            );
        }
    }
    content_type
}

/// The fields of the page's type, taken out of `raw`, with their errors.
fn type_fields(
    ctx: &mut Ctx,
    raw: &mut Raw,
    content_type: ContentType,
    tz: &jiff::tz::TimeZone,
) -> TypeFields {
    match content_type {
        ContentType::Page => TypeFields::Page,
        ContentType::Article => TypeFields::Article {
            author: raw.author.take(),
            source: raw.source.take().and_then(|s| source(ctx, s)),
        },
        ContentType::Event => event_fields(ctx, raw, tz),
        ContentType::Poster => poster_fields(ctx, raw),
        ContentType::Newsletter => {
            if raw.number.is_none() {
                ctx.error(
                    "number",
                    "newsletters need `number:` (the issue number, e.g. 3)",
                );
            }
            TypeFields::Newsletter {
                number: raw.number.unwrap_or(0),
            }
        }
        ContentType::Story => story_fields(ctx, raw),
    }
}

/// An event's start, end (not before the start), status, place and addresses.
fn event_fields(ctx: &mut Ctx, raw: &mut Raw, tz: &jiff::tz::TimeZone) -> TypeFields {
    let start = ctx.when("start", raw.start.take(), tz);
    if start.is_none() && ctx.field_line("start").is_none() {
        ctx.error(
            "start",
            "events need `start: YYYY-MM-DD` (all day) or `start: YYYY-MM-DDTHH:MM`",
        );
    }
    let end = ctx.when("end", raw.end.take(), tz);
    if let (Some(s), Some(e)) = (start, end) {
        if e.datetime() < s.datetime() {
            ctx.error(
                "end",
                format!("ends ({}) before it starts ({})", e.iso(), s.iso()),
            );
        }
    }
    let status = match raw.status.as_deref() {
        None | Some("scheduled") => EventStatus::Scheduled,
        Some("cancelled") | Some("canceled") => EventStatus::Cancelled,
        Some("postponed") => EventStatus::Postponed,
        Some(other) => {
            ctx.error(
                "status",
                format!("unknown status {other:?}; use scheduled, cancelled or postponed"),
            );
            EventStatus::Scheduled
        }
    };
    let online_url = ctx.url("online_url", raw.online_url.take());
    let registration_url = ctx.url("registration_url", raw.registration_url.take());
    TypeFields::Event {
        start: start.unwrap_or(When::Date(jiff::civil::Date::ZERO)),
        end,
        location: raw.location.take().and_then(|l| place(ctx, l)),
        online_url,
        registration_url,
        status,
        participants: raw.participants,
    }
}

/// An event's place; a place with nothing written in it (`location: {name: ""}`, as
/// `sklaida new` and a CMS form emptied again leave it) is no place: the event is
/// online only. An address needs the place's name.
fn place(ctx: &mut Ctx, raw: RawPlace) -> Option<Place> {
    let address = raw.address.filter(|a| !a.trim().is_empty());
    if raw.name.trim().is_empty() {
        if address.is_some() {
            ctx.error(
                "location.name",
                "a place with an address needs its name: `location: {name: …, address: …}`",
            );
        }
        return None;
    }
    Some(Place {
        name: raw.name,
        address,
    })
}

/// An article's source; one with nothing written in it (`source: {name: "", url: ""}`,
/// as a CMS form left empty writes it) is no source. An address needs the source's name.
fn source(ctx: &mut Ctx, raw: RawLink) -> Option<Link> {
    let url = raw.url.filter(|u| !u.trim().is_empty());
    if raw.name.trim().is_empty() {
        if url.is_some() {
            ctx.error(
                "source.name",
                "a source with an address needs its name: `source: {name: …, url: …}`",
            );
        }
        return None;
    }
    Some(Link {
        name: raw.name,
        url: ctx.url("source.url", url),
    })
}

/// A story's ambassador as written, without empty strings; none when nothing is
/// written in it (`ambassador: {name: ""}`, as a CMS form left empty writes it). A
/// role or photo needs the ambassador's name (an anonymous story has no ambassador):
/// `Err` after that error.
fn ambassador(ctx: &mut Ctx, raw: RawAmbassador) -> Result<Option<RawAmbassador>, ()> {
    let given = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let a = RawAmbassador {
        name: raw.name,
        role: given(raw.role),
        photo: given(raw.photo),
        photo_alt: given(raw.photo_alt),
    };
    if !a.name.trim().is_empty() {
        return Ok(Some(a));
    }
    if a.role.is_some() || a.photo.is_some() || a.photo_alt.is_some() {
        ctx.error(
            "ambassador.name",
            "an ambassador's role or photo needs their name: `ambassador: {name: …}` (an anonymous story has no ambassador)",
        );
        return Err(());
    }
    Ok(None)
}

/// A poster's file (`image` is required), PDF and paper size.
fn poster_fields(ctx: &mut Ctx, raw: &mut Raw) -> TypeFields {
    if raw.image.is_none() {
        ctx.error(
            "image",
            "posters need `image:` (the poster file) and `image_alt:`",
        );
    }
    let size = match raw.size.as_deref() {
        None => None,
        Some("A4") | Some("a4") => Some(PaperSize::A4),
        Some("A3") | Some("a3") => Some(PaperSize::A3),
        Some("A2") | Some("a2") => Some(PaperSize::A2),
        Some(other) => {
            ctx.error(
                "size",
                format!("unknown paper size {other:?}; use A4, A3 or A2"),
            );
            None
        }
    };
    let qr = raw.qr.take().and_then(|v| match web_address(&v) {
        Ok(()) => Some(v),
        Err(message) => {
            ctx.error("qr", message);
            None
        }
    });
    TypeFields::Poster {
        pdf: raw.pdf.take(),
        size,
        qr,
    }
}

/// A poster's `qr:`: an absolute web address (`https://…` or `http://…` with a host),
/// since a printed code leaves the site and no page is there to resolve a relative one.
fn web_address(value: &str) -> Result<(), String> {
    let hint = "write the whole address a phone should open, like https://example.lt/renginiai/";
    let parsed = url::Url::parse(value.trim()).map_err(|_| {
        format!("`qr` must be an absolute web address; {value:?} is not one: {hint}")
    })?;
    if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!(
            "`qr` must be a web address starting with https:// or http://; {value:?} is not: {hint}"
        ));
    }
    if value.trim() != value || value.contains(char::is_whitespace) {
        return Err(format!(
            "`qr` must be an address without spaces, got {value:?}"
        ));
    }
    Ok(())
}

/// A story's consent and who it is about: an ambassador or no one named.
fn story_fields(ctx: &mut Ctx, raw: &mut Raw) -> TypeFields {
    let anonymous = raw.anonymous.unwrap_or(false);
    let unnamed = match raw.ambassador.take().map(|a| ambassador(ctx, a)) {
        Some(Ok(a)) => {
            raw.ambassador = a;
            false
        }
        Some(Err(())) => true,
        None => false,
    };
    if let Some(a) = &raw.ambassador {
        if anonymous {
            ctx.error(
                "ambassador",
                "a story is either `anonymous: true` or has an `ambassador:`, not both",
            );
        }
        if a.photo.is_some() && a.photo_alt.is_none() {
            ctx.error("ambassador", "`ambassador.photo` needs `photo_alt`");
        }
    } else if !anonymous && !unnamed && raw.consent == Some(true) {
        // Without consent the story is not published (a warning says so), and a new
        // story's skeleton leaves the ambassador empty: asked for once consent is given.
        ctx.error(
            "ambassador",
            "stories need `ambassador: {name, role, photo, photo_alt}` or `anonymous: true`",
        );
    }
    TypeFields::Story {
        consent: raw.consent.unwrap_or(false),
        ambassador: raw.ambassador.take().map(|a| Ambassador {
            name: a.name,
            role: a.role,
            photo: a.photo,
            photo_alt: a.photo_alt,
        }),
        anonymous,
        content_warning: raw.content_warning.take(),
    }
}

/// A file reference that climbs above the site can never be one of its files.
fn check_file_references(ctx: &mut Ctx, image: Option<&str>, fields: &TypeFields, folder: &str) {
    let files = [
        ("image", image),
        (
            "pdf",
            match fields {
                TypeFields::Poster { pdf, .. } => pdf.as_deref(),
                _ => None,
            },
        ),
        (
            "ambassador.photo",
            match fields {
                TypeFields::Story {
                    ambassador: Some(a),
                    ..
                } => a.photo.as_deref(),
                _ => None,
            },
        ),
    ];
    // The page's address is counted as deep as it can be (a bundle, a language
    // prefix), so only references that leave the site from any page are caught.
    let depth = folder.split('/').filter(|s| !s.is_empty()).count() + 2;
    for (field, reference) in files {
        let kind = match field {
            "pdf" => address::Kind::File,
            _ => address::Kind::Image,
        };
        if let Some(Err(message)) = reference.map(|r| address::check(r, kind, depth)) {
            ctx.error(field, message);
        }
    }
}

/// `slug:` when it is URL-safe (an error says how to write it), else the file's name.
fn page_slug(ctx: &mut Ctx, slug: Option<String>, stem: &str) -> String {
    match slug {
        Some(s) => {
            let clean = super::slug::slugify(&s);
            if clean != s {
                ctx.error(
                    "slug",
                    format!("{s:?} is not a URL-safe name; write it as {clean:?}"),
                );
            }
            clean
        }
        None => super::slug::slug_from_file_stem(stem),
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    title: Option<String>,
    summary: Option<String>,
    slug: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    weight: Option<i64>,
    sort_by: Option<String>,
    draft: Option<bool>,
    aliases: Option<Vec<String>>,
    extra: Option<yaml_serde::Value>,
    // the home page
    actions: Option<Vec<RawAction>>,
    image: Option<String>,
    image_alt: Option<String>,
    project: Option<yaml_serde::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    label: Option<String>,
    page: Option<String>,
    url: Option<String>,
}

/// The home page's `actions`, `image` and `image_alt` (an error in any other section).
fn home_fields(
    ctx: &mut Ctx,
    raw: &mut RawSection,
    folder: &str,
    lang: &str,
) -> (Vec<Action>, Option<String>, Option<String>) {
    if !folder.is_empty() {
        for field in ["actions", "image", "image_alt"] {
            if ctx.field_line(field).is_some() {
                ctx.error(field, format!("`{field}` is for the home page (content/_index.md and its translations), not a section"));
            }
        }
        return (Vec::new(), None, None);
    }
    if raw.image.is_some() && raw.image_alt.is_none() {
        ctx.error(
            "image",
            "`image` needs `image_alt`: a short description for people who cannot see it (use \"\" for a decorative image)",
        );
    }
    if let Some(Err(message)) = raw
        .image
        .as_deref()
        .map(|i| address::check(i, address::Kind::Image, 2))
    {
        ctx.error("image", message);
    }
    let items = ctx.list_item_lines("actions");
    let mut actions = Vec::new();
    for (i, a) in raw
        .actions
        .take()
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        let line = items
            .get(i)
            .copied()
            .or_else(|| ctx.field_line("actions"))
            .unwrap_or(1);
        let mut error = |message: String| {
            ctx.diagnostics.push(
                Diagnostic::error(ctx.path, message)
                    .field(format!("actions[{i}]"))
                    .at_line(line),
            );
        };
        let label = a.label.unwrap_or_default();
        if label.trim().is_empty() || label.chars().any(char::is_control) {
            error("every action needs `label:`, the button's text on one line".into());
            continue;
        }
        let target = match (a.page, a.url) {
            (Some(page), None) => ActionTarget::Page(page),
            (None, Some(url)) => match address::check(&url, address::Kind::Link, 0) {
                Ok(()) => ActionTarget::Url(url),
                Err(message) => {
                    error(format!("url: {message}"));
                    continue;
                }
            },
            (None, None) => {
                error("the action links to nothing: add `page: apie.md` (a content file) or `url: https://…`".into());
                continue;
            }
            (Some(_), Some(_)) => {
                error("the action gives both `page` and `url`; keep one of them".into());
                continue;
            }
        };
        actions.push(Action {
            label: smarten(label.trim(), lang),
            target,
            line,
        });
    }
    (actions, raw.image.take(), raw.image_alt.take())
}

/// Parses a section's `_index.md`.
pub fn parse_section(
    path: &Path,
    text: &str,
    lang: &str,
    folder: &str,
) -> Result<SectionFile, Vec<Diagnostic>> {
    let split = split(path, text).map_err(|d| vec![d])?;
    let mut ctx = Ctx {
        path,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        diagnostics: Vec::new(),
    };
    let Some(mut raw) = parse_raw::<RawSection>(&mut ctx) else {
        return Err(ctx.diagnostics);
    };
    let (actions, image, image_alt) = home_fields(&mut ctx, &mut raw, folder, lang);
    let project = raw.project.take().and_then(|value| {
        refuse_controls_in(&mut ctx, "project", &value);
        match super::project::parse(path, value, ctx.yaml, ctx.yaml_line) {
            Ok(p) => Some(p),
            Err(ds) => {
                ctx.diagnostics.extend(ds);
                None
            }
        }
    });
    let mut strings = vec![
        ("title", raw.title.as_deref(), Chars::Line),
        ("summary", raw.summary.as_deref(), Chars::Text),
    ];
    strings.extend(
        raw.aliases
            .iter()
            .flatten()
            .map(|a| ("aliases", Some(a.as_str()), Chars::Line)),
    );
    refuse_controls(&mut ctx, &strings);
    if let Some(extra) = &raw.extra {
        refuse_controls_in(&mut ctx, "extra", extra);
    }
    let content_type = match raw.kind.as_deref() {
        Some(name) => match ContentType::from_name(name) {
            Some(t) => Some(t),
            None => {
                ctx.error(
                    "type",
                    format!("unknown type {name:?}; use one of page, article, event, poster, newsletter, story"),
                );
                None
            }
        },
        None => folder.rsplit('/').next().and_then(ContentType::from_folder),
    };
    let title = raw.title.unwrap_or_default();
    if title.trim().is_empty() && !folder.is_empty() {
        ctx.error("title", "every section needs a title: add `title: …`");
    }
    let slug = raw.slug.map(|s| {
        let clean = super::slug::slugify(&s);
        if clean != s {
            ctx.error(
                "slug",
                format!("{s:?} is not a URL-safe name; write it as {clean:?}"),
            );
        }
        clean
    });
    let sort_by = match raw.sort_by.as_deref() {
        None => SortBy::Type,
        Some(name) => SortBy::from_name(name).unwrap_or_else(|| {
            ctx.error(
                "sort_by",
                format!("unknown order {name:?}; use date, title or weight"),
            );
            SortBy::Type
        }),
    };
    ctx.aliases(raw.aliases.as_deref());
    if !ctx.diagnostics.is_empty() {
        return Err(ctx.diagnostics);
    }
    Ok(SectionFile {
        source: path.to_path_buf(),
        lang: lang.to_string(),
        folder: folder.to_string(),
        title: smarten(&title, lang),
        summary: raw.summary.map(|t| smarten(&t, lang)),
        slug,
        content_type,
        weight: raw.weight.unwrap_or(0),
        sort_by,
        draft: raw.draft.unwrap_or(false),
        aliases: raw.aliases.unwrap_or_default(),
        extra: to_json(raw.extra),
        actions,
        image,
        image_alt,
        project,
        field_lines: ctx.top_level_lines(),
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(section_type: Option<ContentType>) -> PageOrigin {
        PageOrigin {
            lang: "lt".into(),
            key: "renginiai/seminaras".into(),
            folder: "renginiai".into(),
            bundle: None,
            stem: "2024-02-26-seminaras".into(),
            section_type,
            timezone: jiff::tz::TimeZone::get("Europe/Vilnius").expect("bundled zone"),
        }
    }

    fn page(text: &str, t: Option<ContentType>) -> Result<Page, Vec<Diagnostic>> {
        parse_page(Path::new("content/x.md"), text, &origin(t))
    }

    #[test]
    fn file_references_above_the_site_are_errors() {
        let errs = page(
            "---\ntitle: A\nimage: ../../../../../etc/passwd\nimage_alt: x\n---\n",
            None,
        )
        .expect_err("outside");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field.as_deref(), Some("image"));
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn yaml_error_lines_count_only_newlines() {
        // YAML also breaks lines at NEL and U+2028; the file's lines do not (found by
        // fuzzing: the error was put on line 9 of a 7-line file).
        for sep in ['\u{85}', '\u{2028}', '\u{2029}'] {
            let text = format!("---\ntitle: \"a{sep}b{sep}c\"\nweight: [1,\n---\n");
            let errs = page(&text, None).expect_err("unclosed list");
            assert_eq!(errs.len(), 1, "{errs:?}");
            let line = errs[0].line.expect("a line");
            assert!(
                (2..=4).contains(&line),
                "line {line} of a 4-line file: {}",
                errs[0]
            );
        }
    }

    #[test]
    fn yaml_errors_are_worded_for_authors() {
        let one = |text: &str| {
            let errs = page(text, None).expect_err("invalid");
            assert_eq!(errs.len(), 1, "{errs:?}");
            errs.into_iter().next().expect("one")
        };
        let d = one("---\ntitle: A\nsummary: x\nsummary: y\n---\n");
        assert_eq!((d.field.as_deref(), d.line), (Some("summary"), Some(4)));
        assert!(d.message.contains("first on line 3"), "{d}");

        let d = one("---\ntitle: A\nweight: sunkus\n---\n");
        assert_eq!(
            d.message,
            "expected a whole number (like 12 or -3), got \"sunkus\""
        );

        let d = one("---\ntitle: [a, b]\n---\n");
        assert_eq!(d.message, "expected text, got a list");

        let d = one("---\n- a\n- b\n---\n");
        assert!(
            d.message
                .starts_with("the front matter must be `field: value` lines"),
            "{d}"
        );

        let d = one("---\ntitle: A\nsource:\n\tname: x\n---\n");
        assert!(d.message.contains("YAML indents with spaces only"), "{d}");
        assert_eq!(d.line, Some(4));

        let deep = format!(
            "---\ntitle: A\nextra: {}1{}\n---\n",
            "[".repeat(500),
            "]".repeat(500)
        );
        assert!(one(&deep).message.contains("nested too deeply"));

        let mut bomb = String::from("---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in [
            ("b", "a"),
            ("c", "b"),
            ("d", "c"),
            ("e", "d"),
            ("f", "e"),
            ("g", "f"),
        ] {
            bomb.push_str(&format!("  {name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        bomb.push_str("---\n");
        let d = one(&bomb);
        assert!(d.message.contains("expand to far too much data"), "{d}");
        assert_eq!(d.line, Some(5));
    }

    #[test]
    fn splits_and_counts_body_lines() {
        let s = split(Path::new("a.md"), "---\ntitle: A\n---\nBody\n").expect("splits");
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let e = split(Path::new("a.md"), "---\ntitle: A\nBody\n").expect_err("unclosed");
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn event_with_bad_date_names_line_and_field() {
        let errs = page(
            "---\ntitle: Seminaras\nstart: rytoj\nparticipants: 3\n---\n",
            Some(ContentType::Event),
        )
        .expect_err("bad date");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field.as_deref(), Some("start"));
        assert_eq!(errs[0].line, Some(3));
        assert!(errs[0].message.contains("\"rytoj\""));
    }

    #[test]
    fn wrong_type_names_line_and_field() {
        let errs = page(
            "---\ntitle: S\nstart: 2024-02-26\nparticipants: many\n---\n",
            Some(ContentType::Event),
        )
        .expect_err("bad count");
        assert_eq!(errs[0].field.as_deref(), Some("participants"));
        assert_eq!(errs[0].line, Some(4));
    }

    #[test]
    fn unknown_field_is_an_error() {
        let errs = page("---\ntitle: S\nstrat: 2024-02-26\n---\n", None).expect_err("typo");
        assert_eq!(errs[0].field.as_deref(), Some("strat"));
        assert_eq!(errs[0].line, Some(3));
    }

    #[test]
    fn field_of_another_type_is_an_error() {
        let errs = page(
            "---\ntitle: S\ndate: 2024-01-01\nstart: 2024-02-26\n---\n",
            Some(ContentType::Article),
        )
        .expect_err("start on an article");
        assert_eq!(errs[0].field.as_deref(), Some("start"));
        assert!(errs[0].message.contains("event"), "{}", errs[0].message);
    }

    #[test]
    fn every_missing_required_field_is_reported() {
        let errs =
            page("---\nsummary: x\n---\n", Some(ContentType::Newsletter)).expect_err("missing");
        let fields: Vec<_> = errs.iter().filter_map(|d| d.field.as_deref()).collect();
        assert_eq!(fields, ["title", "date", "number"]);
    }

    #[test]
    fn valid_event_is_typed() {
        let p = page(
            "---\ntitle: Seminaras\nstart: 2024-02-26T10:00\nend: 2024-02-26T12:00\nlocation: {name: Salė, address: Vilniaus g. 1}\nstatus: postponed\n---\nTekstas\n",
            Some(ContentType::Event),
        )
        .expect("valid");
        assert_eq!(p.slug, "seminaras");
        match p.fields {
            TypeFields::Event { start, status, .. } => {
                assert_eq!(start.iso(), "2024-02-26T10:00:00");
                assert_eq!(status, EventStatus::Postponed);
            }
            other => panic!("not an event: {other:?}"),
        }
    }

    #[test]
    fn an_empty_place_is_no_place_and_an_address_needs_its_name() {
        for empty in [
            "location: {name: \"\"}",
            "location:\n  name: \"\"\n  address: \"\"",
        ] {
            let p = page(
                &format!("---\ntitle: Seminaras\nstart: 2024-02-26\n{empty}\n---\n"),
                Some(ContentType::Event),
            )
            .expect("an empty place");
            match p.fields {
                TypeFields::Event { location, .. } => assert_eq!(location, None, "{empty}"),
                other => panic!("not an event: {other:?}"),
            }
        }
        let errs = page(
            "---\ntitle: Seminaras\nstart: 2024-02-26\nlocation:\n  name: \"\"\n  address: Vilniaus g. 1\n---\n",
            Some(ContentType::Event),
        )
        .expect_err("an address without a name");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field.as_deref(), Some("location.name"));
        assert_eq!(errs[0].line, Some(5));
    }

    #[test]
    fn an_empty_source_or_ambassador_is_none_and_their_details_need_a_name() {
        for empty in ["source: {name: \"\"}", "source:\n  name: \"\"\n  url: \"\""] {
            let p = page(
                &format!("---\ntitle: Straipsnis\ndate: 2024-02-26\n{empty}\n---\n"),
                Some(ContentType::Article),
            )
            .expect("an empty source");
            match p.fields {
                TypeFields::Article { source, .. } => assert_eq!(source, None, "{empty}"),
                other => panic!("not an article: {other:?}"),
            }
        }
        let p = page(
            "---\ntitle: Istorija\ndate: 2024-02-26\nconsent: true\nanonymous: true\nambassador:\n  name: \"\"\n  role: \"\"\n---\n",
            Some(ContentType::Story),
        )
        .expect("an anonymous story with an empty ambassador");
        match p.fields {
            TypeFields::Story { ambassador, .. } => assert_eq!(ambassador, None),
            other => panic!("not a story: {other:?}"),
        }
        let errs = page(
            "---\ntitle: Straipsnis\ndate: 2024-02-26\nsource:\n  name: \"\"\n  url: https://example.test/\n---\n",
            Some(ContentType::Article),
        )
        .expect_err("an address without a name");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field.as_deref(), Some("source.name"));
        assert_eq!(errs[0].line, Some(5));
        let errs = page(
            "---\ntitle: Istorija\ndate: 2024-02-26\nconsent: true\nambassador:\n  role: Mokytoja\n---\n",
            Some(ContentType::Story),
        )
        .expect_err("a role without a name");
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field.as_deref(), Some("ambassador.name"));
        assert_eq!(errs[0].line, Some(5));
    }

    #[test]
    fn titles_and_summaries_get_the_languages_typography() {
        let p = page(
            "---\ntitle: 'Projektas \"Žvelk giliau\" -- susitikimas'\nsummary: Ir taip toliau...\n---\n",
            None,
        )
        .expect("valid");
        assert_eq!(p.title, "Projektas „Žvelk giliau“ – susitikimas");
        assert_eq!(p.summary.as_deref(), Some("Ir taip toliau…"));
        let section = parse_section(
            Path::new("content/a/_index.en.md"),
            "---\ntitle: The adviser's \"corner\"\n---\n",
            "en",
            "a",
        )
        .expect("valid");
        assert_eq!(section.title, "The adviser’s “corner”");
    }

    #[test]
    fn control_characters_are_refused_with_one_error_per_field() {
        let one = |yaml: &str, field: &str| {
            let text = format!("---\ntitle: S\nstart: 2026-12-10\n{yaml}\n---\n");
            let errs = page(&text, Some(ContentType::Event)).expect_err(yaml);
            assert_eq!(errs.len(), 1, "{yaml}: {errs:?}");
            assert_eq!(errs[0].field.as_deref(), Some(field), "{yaml}");
            assert_eq!(errs[0].line, Some(4), "{yaml}");
            errs[0].message.clone()
        };
        let m = one(
            "online_url: \"https://x.test/\\r\\nBEGIN:VEVENT\"",
            "online_url",
        );
        assert!(m.contains("a line break"), "{m}");
        let m = one(
            "registration_url: \"https://x.test/\\u0085\"",
            "registration_url",
        );
        assert!(m.contains("U+0085"), "{m}");
        one("location: {name: \"Salė\\nEND:VEVENT\"}", "location.name");
        one("tags: [a, \"b\\x7f\"]", "tags");
        one("tags: [\"a\\t\", \"b\\n\"]", "tags");
        one("summary: \"nul\\0here\"", "summary");
        one("extra: {note: [\"ok\", \"bell\\a\"]}", "extra");
        let m = one("title2: x", "title2");
        assert!(m.contains("unknown field"), "{m}");
        // Running text may hold tabs and line breaks.
        let text = "---\ntitle: S\nstart: 2026-12-10\nsummary: \"a\\tb\\nc\"\nimage_alt: \"x\\ny\"\nimage: a.jpg\n---\n";
        assert!(page(text, Some(ContentType::Event)).is_ok());
        // A title is one line.
        let errs = page("---\ntitle: |\n  Two\n  lines\n---\n", None).expect_err("title");
        assert_eq!(errs[0].field.as_deref(), Some("title"));
        let section = parse_section(
            Path::new("content/a/_index.md"),
            "---\ntitle: \"A\\rB\"\n---\n",
            "lt",
            "a",
        )
        .expect_err("section title");
        assert_eq!(section.len(), 1);
        assert_eq!(section[0].field.as_deref(), Some("title"));
    }

    #[test]
    fn dates_with_offsets_are_converted_and_bad_forms_name_the_good_ones() {
        let p = page(
            "---\ntitle: S\nstart: 2026-12-10T16:00Z\nend: \"2026-12-10T13:00-05:00[America/New_York]\"\n---\n",
            Some(ContentType::Event),
        )
        .expect("valid");
        let TypeFields::Event { start, end, .. } = p.fields else {
            panic!("not an event")
        };
        assert_eq!(start.iso(), "2026-12-10T18:00:00");
        assert_eq!(end.map(|e| e.iso()).as_deref(), Some("2026-12-10T20:00:00"));
        for (value, words) in [
            ("20261210", "2024-02-26T10:00+02:00"),
            ("2026-12-5", "2024-02-26 (all day)"),
            ("[2026, 12, 10]", "a value of another kind"),
            ("9500-01-01", "1000 to 9000"),
        ] {
            let text = format!("---\ntitle: S\ntype: article\ndate: {value}\n---\n");
            let errs = page(&text, None).expect_err(value);
            assert_eq!(errs.len(), 1, "{value}: {errs:?}");
            assert_eq!(
                (errs[0].field.as_deref(), errs[0].line),
                (Some("date"), Some(4))
            );
            assert!(
                errs[0].message.contains(words),
                "{value}: {}",
                errs[0].message
            );
        }
    }

    #[test]
    fn yaml_alias_bomb_is_an_error_not_a_hang() {
        let mut y = String::from("---\ntitle: x\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            y.push_str(&format!("  {i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        y.push_str("---\n");
        assert!(page(&y, None).is_err());
    }

    #[test]
    fn a_posters_qr_is_an_absolute_web_address() {
        let poster = |qr: &str| {
            page(
                &format!("---\ntitle: P\nimage: p.png\nimage_alt: p\nqr: {qr}\n---\n"),
                Some(ContentType::Poster),
            )
        };
        let ok = poster("https://example.lt/renginiai/?a=1").expect("a web address");
        assert!(matches!(
            ok.fields,
            TypeFields::Poster { qr: Some(ref q), .. } if q == "https://example.lt/renginiai/?a=1"
        ));
        assert!(ok.share, "pages share unless told not to");
        for bad in [
            "/renginiai/",
            "renginiai/",
            "example.lt",
            "mailto:a@example.lt",
            "javascript:alert(1)",
            "https://",
            "\"https://example.lt/a b\"",
        ] {
            let errs = poster(bad).expect_err(bad);
            assert_eq!(errs.len(), 1, "{bad}: {errs:?}");
            assert_eq!(errs[0].field.as_deref(), Some("qr"), "{bad}");
            assert_eq!(errs[0].line, Some(5), "{bad}");
        }
        let no_share = page("---\ntitle: A\nshare: false\n---\n", None).expect("parses");
        assert!(!no_share.share);
    }
}
