//! Shortcodes: small reusable pieces inside Markdown — `{{ helplines() }}`,
//! `{{ poster(name="…") }}`, `{{ event_list(upcoming=true, limit=3) }}`,
//! `{{ video(youtube="…", title="…") }}` and any a site adds in `templates/shortcodes/`.
//!
//! Owns finding the calls in a Markdown source (never inside code spans or code
//! blocks), parsing their keyword arguments, checking the built-in shortcodes'
//! arguments and preparing their data from the site model, rendering each with the
//! template `shortcodes/<name>.html` through the site's Tera (so `t()` and the date
//! filters speak the page's language), and putting the HTML in place of the call once
//! the Markdown is rendered. A call is first replaced by an HTML comment, so Markdown
//! never touches the shortcode's HTML, and a call alone on its line becomes a block of
//! its own. `{{/* helplines() */}}` writes `{{ helplines() }}` literally.

use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, LinkType, Options as ParserOptions, Parser, Tag, TagEnd};
use serde_json::json;

use crate::content::{PageId, TypeFields};
use crate::error::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::render::{context, Renderer};
use crate::site::Site;

use crate::render::SHORTCODE_DIR as TEMPLATE_DIR;

/// What every shortcode template gets; arguments may not take these names.
const RESERVED: [&str; 6] = ["lang", "page", "site", "helplines", "first", "args"];

/// Start of the placeholder comment a call is replaced with while Markdown renders.
const PLACEHOLDER: &str = "<!--sklaida-shortcode-";

/// An argument value as written: `"text"`, `3`, `2.5`, `true`.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Arg {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Arg::Str(s) => json!(s),
            Arg::Int(n) => json!(n),
            Arg::Float(f) => json!(f),
            Arg::Bool(b) => json!(b),
        }
    }

    /// As written in the call, for messages.
    fn written(&self) -> String {
        match self {
            Arg::Str(s) => format!("{s:?}"),
            Arg::Int(n) => n.to_string(),
            Arg::Float(f) => f.to_string(),
            Arg::Bool(b) => b.to_string(),
        }
    }
}

/// One shortcode call in a Markdown source.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub args: Vec<(String, Arg)>,
    /// 1-based line of the file where the call starts.
    pub line: usize,
    /// Byte range of `{{ … }}` in the source.
    pub span: Range<usize>,
    /// Alone on its line (after any list or quote marker): it becomes a block.
    pub alone: bool,
}

/// What scanning a source finds.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Call(Call),
    /// `{{/* x() */}}`: written out as `{{ x() }}`.
    Literal {
        span: Range<usize>,
        text: String,
    },
    /// A call that cannot be read.
    Problem {
        line: usize,
        name: Option<String>,
        message: String,
    },
    /// `{{ name }}` without parentheses: text, unless `name` is a shortcode.
    Bare {
        line: usize,
        name: String,
    },
}

/// Finds the shortcode calls in `source` (whose first line is `first_line` of its
/// file), skipping code spans and code blocks.
pub fn scan(source: &str, first_line: usize) -> Vec<Found> {
    let mut found = Vec::new();
    if !source.contains("{{") {
        return found;
    }
    let Regions { code, attributes } = regions(source);
    let line_of = |at: usize| first_line + source[..at].matches('\n').count();
    let mut i = 0;
    while let Some(pos) = source[i..].find("{{") {
        let at = i + pos;
        if let Some(r) = code.iter().find(|r| r.contains(&at)) {
            i = r.end.max(at + 2);
            continue;
        }
        if let Some(rest) = source[at + 2..].strip_prefix("/*") {
            match rest.find("*/}}") {
                Some(end) => {
                    let stop = at + 4 + end + 4;
                    found.push(Found::Literal {
                        span: at..stop,
                        text: format!("{{{{{}}}}}", &rest[..end]),
                    });
                    i = stop;
                }
                None => {
                    found.push(Found::Problem {
                        line: line_of(at),
                        name: None,
                        message: "`{{/*` is not closed: write `{{/* shortcode() */}}` to show a shortcode as text".into(),
                    });
                    i = at + 4;
                }
            }
            continue;
        }
        let mut c = Cursor {
            s: source,
            pos: at + 2,
        };
        c.skip_ws();
        let Some(name) = c.ident() else {
            i = at + 2;
            continue;
        };
        c.skip_ws();
        if !c.eat("(") {
            if c.eat("}}") {
                found.push(Found::Bare {
                    line: line_of(at),
                    name: name.to_string(),
                });
            }
            i = at + 2;
            continue;
        }
        let parsed = c.args().and_then(|args| {
            c.skip_ws();
            if c.eat("}}") {
                Ok(args)
            } else {
                Err("expected `}}` after `)`".to_string())
            }
        });
        match parsed {
            Ok(_) if attributes.iter().any(|r| r.contains(&at)) => {
                found.push(Found::Problem {
                    line: line_of(at),
                    name: Some(name.to_string()),
                    message: format!(
                        "a shortcode cannot be in a link's address or title, in an image or inside an HTML tag: HTML cannot go there; move the call out of the link, image or tag, or write `{{{{/* {name}() */}}}}` to show it as text"
                    ),
                });
                i = c.pos;
            }
            Ok(args) => {
                let span = at..c.pos;
                found.push(Found::Call(Call {
                    name: name.to_string(),
                    args,
                    line: line_of(at),
                    alone: alone_on_line(source, &span),
                    span,
                }));
                i = c.pos;
            }
            Err(message) => {
                found.push(Found::Problem {
                    line: line_of(at),
                    name: Some(name.to_string()),
                    message,
                });
                // Go on after this call's end, if it has one on the same line.
                let line_end = source[at..].find('\n').map_or(source.len(), |p| at + p);
                i = source[at..line_end]
                    .find("}}")
                    .map_or(at + 2, |p| at + p + 2);
            }
        }
    }
    found
}

/// Where in a source a call cannot be rendered.
struct Regions {
    /// Code spans and code blocks, where `{{` is text.
    code: Vec<Range<usize>>,
    /// Links' addresses and titles, images (their alt text is an attribute too),
    /// autolinks, link reference definitions and HTML tags: HTML cannot go there.
    attributes: Vec<Range<usize>>,
}

/// The code and attribute [`Regions`] of `source`, from one Markdown parse.
fn regions(source: &str) -> Regions {
    let mut options = ParserOptions::empty();
    options.insert(ParserOptions::ENABLE_TABLES);
    options.insert(ParserOptions::ENABLE_FOOTNOTES);
    options.insert(ParserOptions::ENABLE_STRIKETHROUGH);
    options.insert(ParserOptions::ENABLE_TASKLISTS);
    options.insert(ParserOptions::ENABLE_HEADING_ATTRIBUTES);
    options.insert(ParserOptions::ENABLE_GFM);
    let mut events = Parser::new_ext(source, options).into_offset_iter();
    let mut attributes: Vec<Range<usize>> = events
        .reference_definitions()
        .iter()
        .map(|(_, def)| def.span.clone())
        .collect();
    let mut code = Vec::new();
    // Open links and images: (their range, where a link's text ends so far, whether
    // all of it is an attribute).
    let mut open: Vec<(Range<usize>, usize, bool)> = Vec::new();
    for (event, range) in events.by_ref() {
        match &event {
            Event::Start(Tag::Link { link_type, .. }) => {
                let whole = matches!(link_type, LinkType::Autolink | LinkType::Email);
                open.push((range.clone(), range.start + 1, whole));
                continue;
            }
            Event::Start(Tag::Image { .. }) => {
                open.push((range.clone(), range.start, true));
                continue;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some((r, text_end, whole)) = open.pop() {
                    attributes.push(if whole { r } else { text_end..r.end });
                }
            }
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range.clone()),
            // An HTML tag in the text: a call there would be in an attribute.
            Event::InlineHtml(_) => attributes.push(range.clone()),
            _ => {}
        }
        if let Some((_, text_end, false)) = open.last_mut() {
            *text_end = (*text_end).max(range.end);
        }
    }
    Regions { code, attributes }
}

/// Whether only whitespace, quote and list markers share the call's line.
fn alone_on_line(source: &str, span: &Range<usize>) -> bool {
    let line_start = source[..span.start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = source[span.end..]
        .find('\n')
        .map_or(source.len(), |p| span.end + p);
    let mut before = source[line_start..span.start].trim_start();
    loop {
        let t = before.trim_start_matches(['>', ' ', '\t']);
        let t = match t.split_once(' ') {
            Some((marker, rest)) if is_list_marker(marker) => rest,
            _ => t,
        };
        if t.len() == before.len() {
            break;
        }
        before = t.trim_start();
    }
    before.trim().is_empty() && source[span.end..line_end].trim().is_empty()
}

fn is_list_marker(m: &str) -> bool {
    matches!(m, "-" | "*" | "+")
        || (m.len() > 1
            && m.ends_with(['.', ')'])
            && m[..m.len() - 1].bytes().all(|b| b.is_ascii_digit()))
}

/// Reads the call syntax: `name(key="text", n=3, flag=true)`.
struct Cursor<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, text: &str) -> bool {
        if self.rest().starts_with(text) {
            self.pos += text.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let first = rest.bytes().next()?;
        if !(first.is_ascii_alphabetic() || first == b'_') {
            return None;
        }
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        self.pos += len;
        Some(&rest[..len])
    }

    /// After `(`: the arguments up to and including `)`.
    fn args(&mut self) -> Result<Vec<(String, Arg)>, String> {
        let mut args: Vec<(String, Arg)> = Vec::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Ok(args);
            }
            let Some(key) = self.ident() else {
                return Err(match self.rest().chars().next() {
                    None => "the call is not closed: expected `) }}`".to_string(),
                    Some(c) => format!(
                        "expected an argument like name=\"…\" or `)`, found {c:?}; arguments are given by name"
                    ),
                });
            };
            self.skip_ws();
            if !self.eat("=") {
                return Err(format!("expected `=` after `{key}`"));
            }
            self.skip_ws();
            let value = self.value().map_err(|e| format!("`{key}`: {e}"))?;
            if args.iter().any(|(k, _)| k == key) {
                return Err(format!("`{key}` is given twice"));
            }
            args.push((key.to_string(), value));
            self.skip_ws();
            if !self.eat(",") {
                self.skip_ws();
                if !self.rest().starts_with(')') {
                    return Err(format!("expected `,` or `)` after `{key}`'s value"));
                }
            }
        }
    }

    fn value(&mut self) -> Result<Arg, String> {
        let rest = self.rest();
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let mut text = String::new();
            let mut chars = rest.char_indices().skip(1);
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, 'n')) => text.push('\n'),
                        Some((_, e)) => text.push(e),
                        None => break,
                    },
                    c if c == quote => {
                        self.pos += i + 1;
                        return Ok(Arg::Str(text));
                    }
                    c => text.push(c),
                }
            }
            return Err(format!("the text is not closed: expected {quote}"));
        }
        for (word, value) in [("true", true), ("false", false)] {
            if rest.starts_with(word)
                && !rest[word.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                self.pos += word.len();
                return Ok(Arg::Bool(value));
            }
        }
        let len = rest
            .char_indices()
            .take_while(|&(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
            .count();
        let number = &rest[..len];
        if let Ok(n) = number.parse::<i64>() {
            self.pos += len;
            return Ok(Arg::Int(n));
        }
        if let Ok(f) = number.parse::<f64>() {
            self.pos += len;
            return Ok(Arg::Float(f));
        }
        let shown: String = rest
            .chars()
            .take_while(|c| !matches!(c, ',' | ')' | '\n'))
            .collect();
        Err(format!(
            "expected \"text\" in quotes, a number, true or false, got {:?}",
            shown.trim()
        ))
    }
}

// ---------------------------------------------------------------------------------------
// Built-in shortcodes: their arguments and data
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Whole,
    YesNo,
}

struct Param {
    name: &'static str,
    kind: Kind,
    required: bool,
}

const fn param(name: &'static str, kind: Kind, required: bool) -> Param {
    Param {
        name,
        kind,
        required,
    }
}

/// The theme's shortcodes and the arguments they take. A site's own template of the
/// same name replaces the theme's HTML but keeps these arguments and data.
const BUILT_IN: [(&str, &[Param]); 6] = [
    ("helplines", &[]),
    ("poster", &[param("name", Kind::Text, true)]),
    (
        "event_list",
        &[
            param("upcoming", Kind::YesNo, false),
            param("limit", Kind::Whole, false),
        ],
    ),
    (
        "video",
        &[
            param("youtube", Kind::Text, false),
            param("vimeo", Kind::Text, false),
            param("title", Kind::Text, true),
            param("thumbnail", Kind::Text, false),
        ],
    ),
    ("partners", &[param("project", Kind::Text, false)]),
    (
        "qr",
        &[
            param("url", Kind::Text, true),
            param("label", Kind::Text, false),
        ],
    ),
];

/// Checks a built-in's arguments against its parameters.
fn check_args(name: &str, params: &[Param], args: &[(String, Arg)]) -> Result<(), String> {
    for (key, value) in args {
        let Some(p) = params.iter().find(|p| p.name == key) else {
            let takes = if params.is_empty() {
                "it takes no arguments".to_string()
            } else {
                format!(
                    "it takes {}",
                    params.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                )
            };
            return Err(format!("`{name}` has no argument `{key}`; {takes}"));
        };
        let fits = matches!(
            (p.kind, value),
            (Kind::Text, Arg::Str(_)) | (Kind::Whole, Arg::Int(_)) | (Kind::YesNo, Arg::Bool(_))
        );
        if !fits {
            let wanted = match p.kind {
                Kind::Text => "text in quotes",
                Kind::Whole => "a whole number like 3",
                Kind::YesNo => "true or false",
            };
            return Err(format!("`{key}` must be {wanted}, got {}", value.written()));
        }
    }
    if let Some(p) = params
        .iter()
        .find(|p| p.required && !args.iter().any(|(k, _)| k == p.name))
    {
        return Err(format!("`{name}` needs `{}=\"…\"`", p.name));
    }
    Ok(())
}

fn text_arg<'a>(args: &'a [(String, Arg)], key: &str) -> Option<&'a str> {
    args.iter().find_map(|(k, v)| match v {
        Arg::Str(s) if k == key => Some(s.as_str()),
        _ => None,
    })
}

fn int_arg(args: &[(String, Arg)], key: &str) -> Option<i64> {
    args.iter().find_map(|(k, v)| match v {
        Arg::Int(n) if k == key => Some(*n),
        _ => None,
    })
}

fn bool_arg(args: &[(String, Arg)], key: &str) -> Option<bool> {
    args.iter().find_map(|(k, v)| match v {
        Arg::Bool(b) if k == key => Some(*b),
        _ => None,
    })
}

/// The page a shortcode is called from.
pub struct Host<'a> {
    pub site: &'a Site,
    pub renderer: &'a Renderer,
    /// The Markdown file, for diagnostics.
    pub source: &'a Path,
    pub lang: &'a str,
    /// The page's URL (relative files such as a video thumbnail are beside it).
    pub url: &'a str,
    pub title: &'a str,
}

/// The data a built-in shortcode adds to its template's context.
fn built_in_data(
    name: &str,
    args: &[(String, Arg)],
    host: &Host,
) -> Result<Vec<(&'static str, tera::Value)>, String> {
    let v = |value: serde_json::Value| tera::Value::from_serializable(&value);
    let site = host.site;
    Ok(match name {
        "poster" => {
            let wanted = text_arg(args, "name").unwrap_or("");
            let id = find_poster(site, host.lang, wanted)?;
            vec![(
                "poster",
                context::page_value(site, id, &Rendered::default()),
            )]
        }
        "event_list" => {
            let upcoming = bool_arg(args, "upcoming").unwrap_or(true);
            let limit = match int_arg(args, "limit") {
                Some(n) if n < 1 => return Err(format!("`limit` must be 1 or more, got {n}")),
                Some(n) => Some(usize::try_from(n).unwrap_or(usize::MAX)),
                None => None,
            };
            let mut events: Vec<(jiff::civil::DateTime, PageId)> = site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.page.lang == host.lang)
                .filter_map(|(id, p)| match &p.page.fields {
                    TypeFields::Event { start, end, .. }
                        if crate::results::is_over(site.now, *start, *end) != upcoming =>
                    {
                        Some((start.datetime(), id))
                    }
                    _ => None,
                })
                .collect();
            events.sort();
            if !upcoming {
                events.reverse();
            }
            events.truncate(limit.unwrap_or(usize::MAX));
            let values: Vec<tera::Value> = events
                .iter()
                .map(|&(_, id)| context::page_value(site, id, &Rendered::default()))
                .collect();
            vec![
                ("events", tera::Value::from(values)),
                ("upcoming", v(json!(upcoming))),
                ("limit", v(json!(limit))),
            ]
        }
        "video" => vec![("video", v(video(args, host)?))],
        "qr" => vec![("qr", v(qr(args, host)?))],
        "partners" => {
            let pid = partners_project(args, host)?;
            let fact = crate::render::project::fact_box(site, pid, host.lang);
            vec![("partners", v(fact["partners"].clone()))]
        }
        "helplines" => {
            if site.config.helplines.is_empty() {
                return Err(
                    "the site has no [[helplines]] in site.toml, so there is nothing to show"
                        .into(),
                );
            }
            Vec::new()
        }
        _ => Vec::new(),
    })
}

/// The project whose partners `partners()` lists: `project="<folder or code>"`, else
/// the project of the page it is written on.
fn partners_project(args: &[(String, Arg)], host: &Host) -> Result<usize, String> {
    let site = host.site;
    if let Some(name) = text_arg(args, "project") {
        let name = name.trim().trim_matches('/');
        return site
            .projects
            .list
            .iter()
            .position(|p| p.folder == name || p.code() == Some(name))
            .ok_or_else(|| format!("there is no project {name:?}; name a project's folder under content/ or its code"));
    }
    let owner = site.urls.get(host.url).copied();
    owner
        .and_then(|o| crate::render::project::project_of(site, o))
        .ok_or_else(|| {
            "this page belongs to no project: write `partners(project=\"<the project's folder>\")`"
                .to_string()
        })
}

/// The poster called `name` — its bundle folder, file name or slug — in `lang` when
/// translated, else in the language it has.
fn find_poster(site: &Site, lang: &str, name: &str) -> Result<PageId, String> {
    let is_poster = |id: &PageId| matches!(site.pages[*id].page.fields, TypeFields::Poster { .. });
    let last = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let names_of = |id: PageId| {
        let p = &site.pages[id].page;
        let mut names = vec![p.slug.clone(), last(&p.translation_key)];
        if let Some(bundle) = &p.bundle {
            names.push(last(bundle));
        }
        names
    };
    let found: Vec<PageId> = (0..site.pages.len())
        .filter(is_poster)
        .filter(|&id| names_of(id).iter().any(|n| n == name))
        .collect();
    let mut keys: Vec<&str> = found
        .iter()
        .map(|&id| site.pages[id].page.translation_key.as_str())
        .collect();
    keys.sort();
    keys.dedup();
    if keys.len() > 1 {
        return Err(format!(
            "{name:?} names several posters ({}); use the folder name",
            keys.join(", ")
        ));
    }
    // Translations share the key: the one in the page's language, else the first.
    if let Some(&first) = found.first() {
        let in_lang = site.translation_in(first, lang).or_else(|| {
            found
                .iter()
                .copied()
                .find(|&id| site.pages[id].page.lang == lang)
        });
        return Ok(in_lang.unwrap_or(first));
    }
    let mut known: Vec<String> = (0..site.pages.len())
        .filter(is_poster)
        .filter(|&id| site.pages[id].page.lang == lang)
        .map(|id| {
            let p = &site.pages[id].page;
            p.bundle
                .as_deref()
                .map_or_else(|| last(&p.translation_key), last)
        })
        .collect();
    known.sort();
    known.dedup();
    Err(if known.is_empty() {
        format!("there is no poster named {name:?}, and the site has no posters in this language")
    } else {
        format!(
            "there is no poster named {name:?}; the posters are: {}",
            known.join(", ")
        )
    })
}

/// `video`: the player's addresses, built from a checked id. The page itself links
/// only to the video's page; the player's address is data for the click.
fn video(args: &[(String, Arg)], host: &Host) -> Result<serde_json::Value, String> {
    let title = text_arg(args, "title").unwrap_or("").trim();
    if title.is_empty() {
        return Err("`title` must say what the video is about".into());
    }
    let (provider, id, watch, embed) = match (text_arg(args, "youtube"), text_arg(args, "vimeo")) {
        (Some(id), None) => {
            let ok = id.len() == 11
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !ok {
                return Err(format!(
                    "`youtube` must be a video id of 11 letters, digits, - or _ (the part after watch?v= in its address), got {id:?}"
                ));
            }
            (
                "youtube",
                id,
                format!("https://www.youtube.com/watch?v={id}"),
                format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1"),
            )
        }
        (None, Some(id)) => {
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`vimeo` must be a video number (the digits in its address), got {id:?}"
                ));
            }
            (
                "vimeo",
                id,
                format!("https://vimeo.com/{id}"),
                format!("https://player.vimeo.com/video/{id}?autoplay=1&dnt=1"),
            )
        }
        (Some(_), Some(_)) => return Err("give `youtube` or `vimeo`, not both".into()),
        (None, None) => return Err("`video` needs `youtube=\"…\"` or `vimeo=\"…\"`".into()),
    };
    let thumbnail = match text_arg(args, "thumbnail") {
        Some(t) => Some(local_file(host, "thumbnail", t)?),
        None => None,
    };
    Ok(json!({
        "provider": provider,
        "id": id,
        "title": title,
        "watch_url": watch,
        "embed_url": embed,
        "thumbnail": thumbnail,
    }))
}

/// `qr`: the absolute address the code opens (a web address as written; an address of
/// this site made absolute under `base_url`) and the label printed with it.
fn qr(args: &[(String, Arg)], host: &Host) -> Result<serde_json::Value, String> {
    let url = text_arg(args, "url").unwrap_or("").trim();
    let absolute = if url.starts_with("https://") || url.starts_with("http://") {
        url::Url::parse(url)
            .ok()
            .filter(|u| u.host_str().is_some_and(|h| !h.is_empty()))
            .ok_or_else(|| format!("`url` {url:?} is not a web address"))?;
        url.to_string()
    } else if url.is_empty()
        || url.contains(':')
        || url.starts_with("//")
        || url.contains(char::is_whitespace)
    {
        return Err(format!(
            "`url` must be a web address (https://…) or an address on this site (/renginiai/), got {url:?}"
        ));
    } else {
        let depth = host.url.split('/').filter(|s| !s.is_empty()).count();
        crate::address::check(url, crate::address::Kind::Link, depth)
            .map_err(|message| format!("`url` {url:?}: {message}"))?;
        host.site
            .config
            .permalink(&crate::site::addresses::resolve_asset(host.url, url))
    };
    let label = text_arg(args, "label")
        .map(str::trim)
        .filter(|l| !l.is_empty());
    Ok(json!({ "url": absolute, "label": label }))
}

/// A file argument of a built-in shortcode: a file beside the page or a path on this
/// site (never another site's: it would be loaded before the reader chooses to), as
/// the address the page uses.
fn local_file(host: &Host, key: &str, value: &str) -> Result<String, String> {
    let depth = host.url.split('/').filter(|s| !s.is_empty()).count();
    crate::address::check(value, crate::address::Kind::LocalFile, depth).map_err(|message| {
        format!("`{key}` must be a picture on this site (beside the page or in static/): {message}")
    })?;
    Ok(crate::site::addresses::resolve_asset(host.url, value))
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

/// Renders one call with its template; the error is the message for a diagnostic.
fn render_call(call: &Call, host: &Host, first: bool) -> Result<String, String> {
    let name = call.name.as_str();
    if !host.renderer.has_shortcode(name) {
        let names = host.renderer.shortcode_names();
        return Err(format!(
            "there is no such shortcode (no template {TEMPLATE_DIR}{name}.html); the shortcodes are: {}",
            names.join(", ")
        ));
    }
    if let Some((key, _)) = call
        .args
        .iter()
        .find(|(k, _)| RESERVED.contains(&k.as_str()))
    {
        return Err(format!(
            "`{key}` cannot be an argument name: templates already use it"
        ));
    }
    let mut ctx = tera::Context::new();
    let mut args = serde_json::Map::new();
    for (key, value) in &call.args {
        args.insert(key.clone(), value.to_json());
        ctx.insert(key.clone(), &value.to_json());
    }
    if let Some((_, params)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
        check_args(name, params, &call.args)?;
        for (key, value) in built_in_data(name, &call.args, host)? {
            ctx.insert_value(key, value);
        }
    }
    let site = host.site;
    ctx.insert("args", &args);
    ctx.insert("lang", host.lang);
    ctx.insert("first", &first);
    ctx.insert(
        "page",
        &json!({
            "title": host.title,
            "url": host.url,
            "permalink": site.config.permalink(host.url),
            "lang": host.lang,
        }),
    );
    ctx.insert("site", &context::site_value(site, host.lang));
    ctx.insert(
        "helplines",
        &context::helplines_value(&site.config, host.lang),
    );
    host.renderer.render_shortcode(name, &ctx)
}

/// A source with its calls replaced by placeholders, and each call's HTML.
struct Expanded {
    markdown: String,
    html: Vec<String>,
}

/// Replaces every call in `source` by a placeholder and renders it.
fn expand(source: &str, first_line: usize, host: &Host) -> (Expanded, Vec<Diagnostic>) {
    let found = scan(source, first_line);
    let mut diagnostics = Vec::new();
    let mut markdown = String::with_capacity(source.len());
    let mut html = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut copied = 0;
    for f in &found {
        match f {
            Found::Call(call) => {
                let first = !seen.contains(&call.name.as_str());
                seen.push(&call.name);
                let rendered = match render_call(call, host, first) {
                    Ok(out) => {
                        if !call.alone && is_block(&out) {
                            diagnostics.push(
                                Diagnostic::warning(
                                    host.source,
                                    format!(
                                        "shortcode `{}` makes a block of its own; put the call on a line by itself, or the page's HTML is not valid",
                                        call.name
                                    ),
                                )
                                .at_line(call.line),
                            );
                        }
                        out
                    }
                    Err(message) => {
                        diagnostics.push(
                            Diagnostic::error(
                                host.source,
                                format!("shortcode `{}`: {message}", call.name),
                            )
                            .at_line(call.line),
                        );
                        String::new()
                    }
                };
                markdown.push_str(&source[copied..call.span.start]);
                // The placeholder keeps the call's line count, so later lines keep
                // their numbers in diagnostics, without making an empty line.
                markdown.push_str(PLACEHOLDER);
                markdown.push_str(&html.len().to_string());
                let lines = source[call.span.clone()].matches('\n').count();
                for _ in 0..lines {
                    markdown.push_str("\n.");
                }
                markdown.push_str("-->");
                copied = call.span.end;
                html.push(rendered);
            }
            Found::Literal { span, text } => {
                markdown.push_str(&source[copied..span.start]);
                markdown.push_str(text);
                copied = span.end;
            }
            Found::Problem {
                line,
                name,
                message,
            } => {
                let what = name
                    .as_ref()
                    .map_or_else(String::new, |n| format!(" `{n}`"));
                diagnostics.push(
                    Diagnostic::error(host.source, format!("shortcode{what}: {message}"))
                        .at_line(*line),
                );
            }
            Found::Bare { line, name } => {
                if host.renderer.has_shortcode(name) {
                    diagnostics.push(
                        Diagnostic::warning(
                            host.source,
                            format!(
                                "`{{{{ {name} }}}}` is shown as text; to use the shortcode write `{{{{ {name}() }}}}`"
                            ),
                        )
                        .at_line(*line),
                    );
                }
            }
        }
    }
    markdown.push_str(&source[copied..]);
    (Expanded { markdown, html }, diagnostics)
}

/// Whether HTML starts with an element that cannot sit inside a paragraph.
fn is_block(html: &str) -> bool {
    let Some(rest) = html.trim_start().strip_prefix('<') else {
        return false;
    };
    let tag: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        tag.as_str(),
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "details"
            | "div"
            | "dl"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "table"
            | "ul"
    )
}

/// Puts each call's HTML where its placeholder ended up.
fn fill(text: &str, html: &[String]) -> String {
    if !text.contains(PLACEHOLDER) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + html.iter().map(String::len).sum::<usize>());
    let mut rest = text;
    while let Some(pos) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + PLACEHOLDER.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok();
        match (index.and_then(|i| html.get(i)), after.find("-->")) {
            (Some(h), Some(end)) => {
                out.push_str(h);
                rest = &after[end + 3..];
            }
            _ => {
                out.push_str(PLACEHOLDER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Renders a Markdown body with its shortcodes (when a renderer is given): the
/// rendered body and the shortcodes' problems, each at its file and line.
///
/// With `safe_html` the author's HTML is cleaned before the shortcodes' own HTML (made
/// by the site's templates, trusted) takes the place of its placeholders.
pub fn render(
    body: &str,
    options: &markdown::Options,
    host: Option<&Host>,
    safe_html: bool,
) -> (Rendered, Vec<Diagnostic>) {
    let titles =
        host.map(|h| markdown::AlertTitles::from_strings(|key| h.renderer.text(h.lang, key)));
    let titled;
    let options = match &titles {
        Some(titles) => {
            titled = markdown::Options {
                alert_titles: Some(titles),
                ..*options
            };
            &titled
        }
        None => options,
    };
    let Some(host) = host.filter(|_| body.contains("{{")) else {
        let mut rendered = markdown::render(body, options);
        if safe_html {
            crate::sanitize::clean_rendered(&mut rendered);
        }
        return (rendered, Vec::new());
    };
    let (expanded, diagnostics) = expand(body, options.first_line, host);
    let mut rendered = markdown::render(&expanded.markdown, options);
    if safe_html {
        crate::sanitize::clean_rendered(&mut rendered);
    }
    if !expanded.html.is_empty() {
        rendered.html = fill(&rendered.html, &expanded.html);
        rendered.summary_html = rendered.summary_html.map(|s| fill(&s, &expanded.html));
    }
    (rendered, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(source: &str) -> Vec<Call> {
        scan(source, 1)
            .into_iter()
            .filter_map(|f| match f {
                Found::Call(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn reads_names_arguments_and_lines() {
        let source = "Tekstas\n\n{{ event_list(upcoming=false, limit=3) }}\n\nIr {{poster(name=\"a \\\"b\\\"\", x = -2.5, y='c')}} čia.\n";
        let found = calls(source);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "event_list");
        assert_eq!(
            found[0].args,
            [
                ("upcoming".to_string(), Arg::Bool(false)),
                ("limit".to_string(), Arg::Int(3)),
            ]
        );
        assert_eq!(found[0].line, 3);
        assert!(found[0].alone);
        assert_eq!(
            &source[found[0].span.clone()],
            "{{ event_list(upcoming=false, limit=3) }}"
        );
        assert_eq!(found[1].line, 5);
        assert!(!found[1].alone);
        assert_eq!(
            found[1].args,
            [
                ("name".to_string(), Arg::Str("a \"b\"".into())),
                ("x".to_string(), Arg::Float(-2.5)),
                ("y".to_string(), Arg::Str("c".into())),
            ]
        );
    }

    #[test]
    fn calls_in_attributes_are_problems_and_in_link_text_are_calls() {
        let problem_lines = |source: &str| -> Vec<usize> {
            scan(source, 1)
                .into_iter()
                .filter_map(|f| match f {
                    Found::Problem { line, message, .. }
                        if message.contains("cannot be in a link") =>
                    {
                        Some(line)
                    }
                    _ => None,
                })
                .collect()
        };
        for source in [
            "[a](https://x/ \"{{ helplines() }}\")",
            "Text\n\n![{{ helplines() }}](a.png)",
            "[a](/b/{{helplines()}}/)",
            "<https://x.lt/{{helplines()}}>",
            "[a][r]\n\n[r]: /b/ '{{ helplines() }}'",
            "[![x](a.png '{{ helplines() }}')](/b/)",
            "Text <abbr title=\"{{ helplines() }}\">PSC</abbr>",
        ] {
            assert_eq!(problem_lines(source).len(), 1, "{source:?}");
            assert!(calls(source).is_empty(), "{source:?}");
        }
        assert_eq!(problem_lines("Text\n\n![{{ helplines() }}](a.png)"), [3]);
        for source in [
            "[{{ helplines() }}](/apie/)",
            "**[a](/b/)** {{ helplines() }}",
            "[a](/b/) and ![c](d.png) then {{ helplines() }}",
            "<b>{{ helplines() }}</b>",
        ] {
            assert!(problem_lines(source).is_empty(), "{source:?}");
            assert_eq!(calls(source).len(), 1, "{source:?}");
        }
    }

    #[test]
    fn code_is_never_scanned() {
        let source = "`{{ helplines() }}`\n\n```md\n{{ poster(name=\"x\") }}\n```\n\n    {{ video() }}\n\n{{ helplines() }}\n";
        let found = calls(source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 9);
    }

    #[test]
    fn comments_write_the_call_as_text() {
        let source = "Rašykite {{/* helplines() */}}.";
        let found = scan(source, 1);
        assert_eq!(
            found,
            [Found::Literal {
                span: source.find('{').unwrap_or(0)..source.len() - 1,
                text: "{{ helplines() }}".into()
            }]
        );
    }

    #[test]
    fn broken_calls_are_problems_with_lines() {
        let source = "a\n{{ poster(name=) }}\n{{ poster(\"x\") }}\n{{ poster(name=\"x\" }}\n{{ a(b=1, b=2) }}\n{{/* x\n";
        let problems: Vec<(usize, String)> = scan(source, 10)
            .into_iter()
            .filter_map(|f| match f {
                Found::Problem { line, message, .. } => Some((line, message)),
                _ => None,
            })
            .collect();
        let lines: Vec<usize> = problems.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [11, 12, 13, 14, 15], "{problems:?}");
        assert!(problems[0].1.contains("`name`"), "{}", problems[0].1);
        assert!(problems[1].1.contains("by name"), "{}", problems[1].1);
        assert!(problems[2].1.contains("`,` or `)`"), "{}", problems[2].1);
        assert!(problems[3].1.contains("twice"), "{}", problems[3].1);
    }

    #[test]
    fn other_braces_are_text() {
        assert!(scan("{{ page.title }} ir {{ }} ir {{1}}", 1)
            .iter()
            .all(|f| !matches!(f, Found::Call(_) | Found::Problem { .. })));
        assert_eq!(
            scan("{{ helplines }}", 4),
            [Found::Bare {
                line: 4,
                name: "helplines".into()
            }]
        );
    }

    #[test]
    fn a_call_after_a_list_or_quote_marker_is_alone() {
        for source in [
            "- {{ a() }}",
            "> {{ a() }}",
            "1. {{ a() }}",
            "  {{ a() }}  ",
        ] {
            assert!(calls(source)[0].alone, "{source}");
        }
        for source in ["x {{ a() }}", "{{ a() }} y", "-x {{ a() }}"] {
            assert!(!calls(source)[0].alone, "{source}");
        }
    }

    #[test]
    fn built_in_arguments_are_checked() {
        let params = BUILT_IN[2].1;
        let ok = [
            ("upcoming".to_string(), Arg::Bool(false)),
            ("limit".to_string(), Arg::Int(2)),
        ];
        assert_eq!(check_args("event_list", params, &ok), Ok(()));
        let bad = check_args(
            "event_list",
            params,
            &[("limit".into(), Arg::Str("3".into()))],
        );
        assert_eq!(
            bad,
            Err("`limit` must be a whole number like 3, got \"3\"".into())
        );
        let unknown = check_args("event_list", params, &[("limt".into(), Arg::Int(3))]);
        assert!(unknown.is_err_and(|e| e.contains("limt") && e.contains("upcoming, limit")));
        let missing = check_args("poster", BUILT_IN[1].1, &[]);
        assert_eq!(missing, Err("`poster` needs `name=\"…\"`".into()));
    }

    #[test]
    fn placeholders_are_filled_wherever_markdown_put_them() {
        let html = vec!["<figure>A</figure>".to_string(), "<b>B</b>".to_string()];
        let text = format!("{PLACEHOLDER}0-->\n<p>x {PLACEHOLDER}1\n.\n.--> y</p>");
        assert_eq!(
            fill(&text, &html),
            "<figure>A</figure>\n<p>x <b>B</b> y</p>"
        );
        assert_eq!(fill("nieko", &html), "nieko");
    }

    #[test]
    fn block_html_is_recognised() {
        assert!(is_block("\n<figure class=x>"));
        assert!(is_block("<UL>"));
        assert!(!is_block("<span>"));
        assert!(!is_block("text"));
    }
}
