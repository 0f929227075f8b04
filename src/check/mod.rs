//! `sklaida check`: everything worth fixing before publishing, in one report.
//!
//! The site is loaded as `build` loads it (so every front matter problem is reported the
//! same way), but loading goes on past errors, and the site is built with `build`'s
//! own function into a reader that scans each page as it is made and writes nothing
//! (never `public/`, no temporary folder), so the checks see the pages exactly as they
//! will be published. Two kinds of rules run:
//!
//! - on the sources ([`rules`]): Markdown links, images, alt text, headings and link
//!   texts with their file lines; front matter files (`image`, `pdf`, a story's photo);
//!   title length; missing and stale translations ([`history`]);
//! - on the rendered pages ([`scan`]): every internal `href`/`src` must name a file of
//!   the output and every `#fragment` an id on its page; `<img>` needs `alt`. Problems
//!   the source rules already named are not repeated; the rest are traced back to the
//!   template, `site.toml` or interface string that holds the address.
//!
//! With `external`, addresses on other sites are asked too ([`external`]); what they
//! answer is only ever a warning. Errors make [`Report::passed`] false.

pub mod external;
pub mod history;
pub mod links;
mod rules;
pub mod scan;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Severity};
use crate::pipeline::{BuildOptions, Loaded};
use links::{Broken, Href, Index};

/// What to check and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub build: BuildOptions,
    /// Also ask other sites whether the addresses the site links to still answer.
    pub external: bool,
    pub external_settings: external::Settings,
}

/// What a check found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Errors and warnings, sorted by file, then line.
    pub diagnostics: Vec<Diagnostic>,
    /// Published pages and sections whose sources were checked.
    pub pages: usize,
    /// HTML files of the rendered site that were read back (0 when a template error
    /// stopped rendering).
    pub rendered: usize,
    /// Addresses on other sites that were asked (with `external`).
    pub external: usize,
    pub duration: Duration,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// How many files have a problem.
    pub fn files(&self) -> usize {
        self.diagnostics
            .iter()
            .map(|d| &d.path)
            .collect::<HashSet<_>>()
            .len()
    }

    /// No errors (and, when `deny_warnings`, no warnings either).
    pub fn passed(&self, deny_warnings: bool) -> bool {
        self.errors() == 0 && !(deny_warnings && self.warnings() > 0)
    }

    /// `2 errors, 5 warnings in 4 files`, or `No problems found`, with what was checked.
    pub fn summary(&self) -> String {
        let checked = format!(
            "checked {} pages, {} rendered files{} in {:.2} s",
            self.pages,
            self.rendered,
            if self.external > 0 {
                format!(", {} external addresses", self.external)
            } else {
                String::new()
            },
            self.duration.as_secs_f64()
        );
        if self.diagnostics.is_empty() {
            return format!("No problems found ({checked})");
        }
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}, {} in {} ({checked})",
            plural(self.errors(), "error"),
            plural(self.warnings(), "warning"),
            plural(self.files(), "file"),
        )
    }

    /// The report as compiler-style lines, a blank line between files, then the summary.
    pub fn to_text(&self, errors_only: bool) -> String {
        let mut out = String::new();
        let mut last: Option<&Path> = None;
        for d in self
            .diagnostics
            .iter()
            .filter(|d| !errors_only || d.is_error())
        {
            if last.is_some_and(|p| p != d.path) {
                out.push('\n');
            }
            last = Some(&d.path);
            out.push_str(&d.to_string());
            out.push('\n');
        }
        if last.is_some() {
            out.push('\n');
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// The report for CI tools: `{"errors", "warnings", "files", "diagnostics": [...]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let diagnostics: Vec<serde_json::Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                serde_json::json!({
                    "file": d.path.to_string_lossy().replace('\\', "/"),
                    "line": d.line,
                    "column": d.column,
                    "severity": match d.severity {
                        Severity::Error => "error",
                        Severity::Warning => "warning",
                    },
                    "field": d.field,
                    "message": d.message,
                })
            })
            .collect();
        serde_json::json!({
            "errors": self.errors(),
            "warnings": self.warnings(),
            "files": self.files(),
            "pages": self.pages,
            "rendered": self.rendered,
            "external": self.external,
            "diagnostics": diagnostics,
        })
    }
}

/// Checks the site. Never writes into the site folder or its output folder.
pub fn run(options: &Options) -> Report {
    let started = Instant::now();
    let root = &options.build.root;
    let attempt = match crate::pipeline::load_attempt(&options.build, false) {
        Ok(a) => a,
        Err(errors) => {
            return Report {
                diagnostics: errors.0,
                pages: 0,
                rendered: 0,
                external: 0,
                duration: started.elapsed(),
            }
        }
    };
    let crate::pipeline::Attempt {
        site,
        theme,
        renderer,
        markdown,
        section_markdown,
        mut diagnostics,
        valid_until: attempt_valid_until,
        cards,
        ..
    } = attempt;

    // Build, reading every page instead of writing it; the model is lent to
    // the build and taken back (moves, not copies).
    let mut rendered: Vec<(String, scan::Scanned)> = Vec::new();
    let mut index: Option<Index> = None;
    let (site, theme, markdown, section_markdown) = match renderer {
        Some(renderer) => {
            let loaded = Loaded {
                site,
                theme,
                renderer,
                markdown,
                section_markdown,
                warnings: Vec::new(),
                content: None,
                valid_until: attempt_valid_until,
                cards,
            };
            let (i, r, ds) = build_and_read(&loaded, &options.build);
            index = Some(i);
            rendered = r;
            diagnostics.extend(ds);
            (
                loaded.site,
                loaded.theme,
                loaded.markdown,
                loaded.section_markdown,
            )
        }
        None => (site, theme, markdown, section_markdown),
    };
    let site = &site;

    let mut found = rules::check_sources(&rules::Input {
        root,
        site,
        markdown: &markdown,
        section_markdown: &section_markdown,
        index: index.as_ref(),
    });
    keep_only_errors_for_unknown_pages(&mut diagnostics, &found.unknown_page_links);
    diagnostics.append(&mut found.diagnostics);

    let origins = Origins::new(root, &theme);
    let mut external_uses = found.external;
    if let Some(index) = &index {
        let sources = output_sources(site);
        let (ds, uses) = check_rendered(
            site,
            index,
            &rendered,
            &sources,
            &found.reported,
            &origins,
            options.external,
        );
        diagnostics.extend(ds);
        external_uses.extend(uses);
    }

    let external = if options.external {
        try_external(&external_uses, options, &mut diagnostics)
    } else {
        0
    };

    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, b.severity, &a.message)
            .cmp(&(&b.path, b.line, b.column, a.severity, &b.message))
    });
    diagnostics.dedup();
    Report {
        diagnostics,
        pages: site.pages.len() + site.sections.len(),
        rendered: rendered.len(),
        external,
        duration: started.elapsed(),
    }
}

/// The loader's warning about a `.md` link to no page is an error here (the rules
/// report it): the warning goes.
fn keep_only_errors_for_unknown_pages(
    diagnostics: &mut Vec<Diagnostic>,
    unknown_page_links: &[(PathBuf, usize, String)],
) {
    let unknown: HashSet<(PathBuf, usize, String)> = unknown_page_links
        .iter()
        .map(|(p, l, u)| (p.clone(), *l, crate::pipeline::unknown_page_link(u)))
        .collect();
    diagnostics.retain(|d| {
        d.is_error()
            || !d
                .line
                .is_some_and(|l| unknown.contains(&(d.path.clone(), l, d.message.clone())))
    });
}

/// Tries every external address once and warns at each place that uses one that fails;
/// returns how many addresses were tried.
fn try_external(
    uses: &[ExternalUse],
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let mut urls: Vec<String> = uses.iter().map(|u| u.url.clone()).collect();
    urls.sort();
    urls.dedup();
    let outcomes = external::check_all(&urls, &options.external_settings);
    for u in uses {
        let Some(message) = outcomes
            .get(&u.url)
            .and_then(|o| o.problem(&u.url, &options.external_settings))
        else {
            continue;
        };
        let mut d = Diagnostic::warning(&u.path, message);
        d.line = u.line;
        if let Some(f) = &u.field {
            d = d.field(f.clone());
        }
        diagnostics.push(d);
    }
    urls.len()
}

/// One place the site links to another site.
#[derive(Debug, Clone)]
pub(crate) struct ExternalUse {
    pub url: String,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub field: Option<String>,
}

/// What `check` builds into: nothing reaches the disk; each HTML page is read for its
/// ids and links as it is made (on the rendering threads), and every file's path is kept.
#[derive(Default)]
struct Reader {
    files: Mutex<Vec<String>>,
    pages: Mutex<Vec<(String, scan::Scanned)>>,
}

impl crate::output::Sink for Reader {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        if rel.ends_with(".html") {
            let scanned = scan::scan(&String::from_utf8_lossy(bytes));
            if let Ok(mut pages) = self.pages.lock() {
                pages.push((rel.to_string(), scanned));
            }
        }
        if let Ok(mut files) = self.files.lock() {
            files.push(rel.to_string());
        }
        Ok(())
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        std::fs::metadata(source).map_err(|e| Diagnostic::io(source, &e))?;
        if let Ok(mut files) = self.files.lock() {
            files.push(rel.to_string());
        }
        Ok(())
    }

    fn reads_only(&self) -> bool {
        true
    }
}

/// Builds the site with the same function as `build`, reading every page as it is
/// made instead of writing it.
#[allow(clippy::type_complexity)]
fn build_and_read(
    loaded: &Loaded,
    options: &BuildOptions,
) -> (Index, Vec<(String, scan::Scanned)>, Vec<Diagnostic>) {
    let reader = Reader::default();
    let build_options = BuildOptions {
        progress: None,
        ..options.clone()
    };
    // Template errors while rendering are reported; what did render is still checked.
    let diagnostics = match crate::pipeline::write_site(loaded, &reader, &build_options) {
        Ok(warnings) => warnings,
        Err(errors) => errors.0,
    };
    let files = reader.files.into_inner().unwrap_or_default();
    let mut rendered = reader.pages.into_inner().unwrap_or_default();
    rendered.sort_by(|a, b| a.0.cmp(&b.0));
    let mut index = Index {
        files: files.into_iter().collect(),
        ids: HashMap::with_capacity(rendered.len()),
        duplicate_ids: HashMap::new(),
    };
    // A page that failed to render is reported as such, not as a target of broken links.
    let site = &loaded.site;
    for url in site
        .pages
        .iter()
        .map(|p| &p.url)
        .chain(site.sections.iter().map(|s| &s.url))
    {
        index.files.insert(crate::pipeline::index_path(url));
    }
    for (rel, scanned) in &rendered {
        index.ids.insert(rel.clone(), scanned.ids.clone());
        if !scanned.duplicate_ids.is_empty() {
            index
                .duplicate_ids
                .insert(rel.clone(), scanned.duplicate_ids.clone());
        }
    }
    (index, rendered, diagnostics)
}

/// Output HTML file → the content file it is made from.
fn output_sources(site: &crate::site::Site) -> HashMap<String, PathBuf> {
    let mut map = HashMap::new();
    for p in &site.pages {
        map.insert(crate::pipeline::index_path(&p.url), p.page.source.clone());
    }
    for s in &site.sections {
        if let Some(f) = &s.file {
            map.insert(crate::pipeline::index_path(&s.url), f.source.clone());
        }
    }
    map
}

/// A link on the page at `page_url` (the site's own address, without the base path)
/// resolved as [`links::classify`] does, for a site under `base_path`: a link that is
/// not absolute is what a browser asks for under the base path (`/kampanija/apie/`),
/// and gives the site's own path (`/apie/`), or `Err` with the address it asks for
/// when that is outside the base path.
fn within_base_path(
    base_path: &str,
    raw: &str,
    base_url: &str,
    page_url: &str,
) -> Result<Href, String> {
    let trimmed = raw.trim();
    if base_path.is_empty() || trimmed.starts_with("//") || crate::address::has_scheme(trimmed) {
        return Ok(links::classify(raw, base_url, page_url));
    }
    match links::classify(raw, base_url, &format!("{base_path}{page_url}")) {
        Href::Internal { path, fragment } => {
            // `path` is decoded; so is the base path it is compared with.
            let decoded = percent_encoding::percent_decode_str(base_path).decode_utf8_lossy();
            match path.strip_prefix(decoded.as_ref()) {
                Some("") => Ok(Href::Internal {
                    path: "/".to_string(),
                    fragment,
                }),
                Some(rest) if rest.starts_with('/') => Ok(Href::Internal {
                    path: rest.to_string(),
                    fragment,
                }),
                _ => Err(path),
            }
        }
        other => Ok(other),
    }
}

/// `/a/b/index.html` is the page `/a/b/`; `404.html` is at `/404.html`.
fn page_url(rel: &str) -> String {
    match rel.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{rel}"),
    }
}

/// The problems found in rendered pages as diagnostics: the same address from a
/// template is one problem, however many pages show it.
fn grouped(
    problems: BTreeMap<(Problem, String, Option<PathBuf>), Vec<String>>,
    origins: &Origins,
) -> Vec<Diagnostic> {
    let mut grouped: BTreeMap<(PathBuf, Option<usize>, Problem, String), Vec<String>> =
        BTreeMap::new();
    for ((problem, raw, source), pages) in problems {
        let (path, line) = match origins.find(source.as_deref(), &raw) {
            Some((path, line)) => (path, Some(line)),
            None => match source {
                Some(s) => (s, None),
                None => (PathBuf::from(format!("public{}", pages[0])), None),
            },
        };
        grouped
            .entry((path, line, problem, raw))
            .or_default()
            .extend(pages);
    }
    let mut diagnostics = Vec::new();
    for ((path, line, problem, raw), mut pages) in grouped {
        pages.sort();
        pages.dedup();
        let on = if pages.len() == 1 {
            format!("on the page {}", pages[0])
        } else {
            format!("on {} pages, e.g. {}", pages.len(), pages[0])
        };
        let message = match &problem {
            Problem::Missing(path) => {
                format!("link to {raw} leads nowhere: the site has no page or file {path} ({on})")
            }
            Problem::Anchor(page, fragment) => format!(
                "link to {raw}: {page} has no heading or anchor with the id \"{fragment}\" ({on})"
            ),
            Problem::NoAlt => format!(
                "image {raw} has no alt attribute ({on}): add alt=\"…\" describing it, or alt=\"\" if it is decoration"
            ),
            Problem::Outside(path) => format!(
                "link to {raw} leaves the site: a browser asks for {path}, outside the folder the site is published in (base_url); link inside the site, like /apie/ (Markdown and front matter paths from / are the site's), or write the full https:// address of the other site ({on})"
            ),
        };
        let mut d = Diagnostic::error(path, message);
        d.line = line;
        diagnostics.push(d);
    }
    diagnostics
}

/// Broken links and images without `alt` in the rendered pages that the source rules
/// did not already report, grouped by where the address is written.
fn check_rendered(
    site: &crate::site::Site,
    index: &Index,
    rendered: &[(String, scan::Scanned)],
    sources: &HashMap<String, PathBuf>,
    reported: &HashSet<String>,
    origins: &Origins,
    external: bool,
) -> (Vec<Diagnostic>, Vec<ExternalUse>) {
    let base = site.config.base_url.as_str();
    // (problem, raw address, page source) → pages it is on.
    let mut problems: BTreeMap<(Problem, String, Option<PathBuf>), Vec<String>> = BTreeMap::new();
    let mut externals: BTreeMap<String, (String, Option<PathBuf>)> = BTreeMap::new();
    for (rel, scanned) in rendered {
        let url = page_url(rel);
        let source = sources.get(rel);
        for raw in &scanned.links {
            // The mailing tool's merge tag in newsletters' e-mail versions.
            let unsubscribe = &site.config.newsletter.unsubscribe_url;
            if !unsubscribe.is_empty() && raw == unsubscribe {
                continue;
            }
            let href = match within_base_path(&site.config.base_path, raw, base, &url) {
                Ok(href) => href,
                Err(path) => {
                    problems
                        .entry((Problem::Outside(path), raw.clone(), source.cloned()))
                        .or_default()
                        .push(url.clone());
                    continue;
                }
            };
            match href {
                Href::Internal { path, fragment } => {
                    let Some(broken) = index.broken(&path, fragment.as_deref()) else {
                        continue;
                    };
                    let key = Href::Internal {
                        path: path.clone(),
                        fragment: fragment.clone(),
                    }
                    .key()
                    .unwrap_or_default();
                    if reported.contains(&key) {
                        continue;
                    }
                    let problem = match broken {
                        Broken::Missing => Problem::Missing(path),
                        Broken::Anchor { page } => {
                            Problem::Anchor(page, fragment.unwrap_or_default())
                        }
                    };
                    problems
                        .entry((problem, raw.clone(), source.cloned()))
                        .or_default()
                        .push(url.clone());
                }
                // The share block's links hold the page's own address: asking the
                // networks about each page would be a request per page, and says
                // nothing about the site.
                Href::External(address)
                    if external
                        && !reported.contains(&address)
                        && !crate::render::share::is_share_link(&address) =>
                {
                    externals
                        .entry(address)
                        .or_insert_with(|| (raw.clone(), source.cloned()));
                }
                _ => {}
            }
        }
        for src in &scanned.images_without_alt {
            problems
                .entry((Problem::NoAlt, src.clone(), source.cloned()))
                .or_default()
                .push(url.clone());
        }
    }

    let diagnostics = grouped(problems, origins);

    let uses = externals
        .into_iter()
        .map(|(url, (raw, source))| {
            let (path, line) = match origins.find(source.as_deref(), &raw) {
                Some((p, l)) => (p, Some(l)),
                None => (source.unwrap_or_else(|| PathBuf::from("site.toml")), None),
            };
            ExternalUse {
                url,
                path,
                line,
                field: None,
            }
        })
        .collect();
    (diagnostics, uses)
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Problem {
    Missing(String),
    Anchor(String, String),
    NoAlt,
    /// A link that leads out of the site's base path (`/kampanija/`): the address a
    /// browser asks for.
    Outside(String),
}

/// The files an address in a rendered page may be written in: the page's own source,
/// then the templates, `site.toml` and the interface strings.
struct Origins {
    root: PathBuf,
    texts: Vec<(PathBuf, String)>,
}

impl Origins {
    fn new(root: &Path, theme: &crate::render::Theme) -> Origins {
        let mut texts: Vec<(PathBuf, String)> = theme
            .templates
            .values()
            .map(|t| (t.origin.display_path(), t.text.clone()))
            .collect();
        if let Ok(text) = crate::content::read_text(root, Path::new("site.toml")) {
            texts.push((PathBuf::from("site.toml"), text));
        }
        // Site strings override theme strings: look at them first.
        for (_, path, text) in theme.strings.iter().rev() {
            texts.push((path.clone(), text.clone()));
        }
        Origins {
            root: root.to_path_buf(),
            texts,
        }
    }

    /// The file and line where `address` is written as an attribute or value.
    fn find(&self, page_source: Option<&Path>, address: &str) -> Option<(PathBuf, usize)> {
        if let Some(source) = page_source {
            if let Ok(text) = crate::content::read_text(&self.root, source) {
                if let Some(line) = line_of_value(&text, address) {
                    return Some((source.to_path_buf(), line));
                }
            }
        }
        self.texts
            .iter()
            .find_map(|(path, text)| Some((path.clone(), line_of_value(text, address)?)))
    }
}

/// The line where `value` stands as a whole value: between quotes or brackets, or
/// after `: ` or `=`, so that `/` is not found in every path.
fn line_of_value(text: &str, value: &str) -> Option<usize> {
    if value.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(value) {
        let start = from + at;
        let end = start + value.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let opens = matches!(before, Some('"' | '\'' | '(' | '=' | ' ' | '<'));
        let closes = matches!(
            after,
            None | Some('"' | '\'' | ')' | ' ' | '\n' | '\r' | '>' | '#')
        );
        if opens && closes {
            return Some(crate::error::line_col(text, start).0);
        }
        from = start + value.len().max(1);
        while !text.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_urls_of_output_files() {
        assert_eq!(page_url("index.html"), "/");
        assert_eq!(page_url("en/apie/index.html"), "/en/apie/");
        assert_eq!(page_url("404.html"), "/404.html");
        assert_eq!(page_url("en/404.html"), "/en/404.html");
        assert_eq!(page_url("senas-index.html"), "/senas-index.html");
    }

    #[test]
    fn values_are_found_whole() {
        let text = "a: /\n<a href=\"/apie/\">\nprivacy_url: /privatumas/\n(x.png)";
        assert_eq!(line_of_value(text, "/apie/"), Some(2));
        assert_eq!(line_of_value(text, "/privatumas/"), Some(3));
        assert_eq!(line_of_value(text, "x.png"), Some(4));
        assert_eq!(line_of_value(text, "apie"), None);
        assert_eq!(line_of_value(text, "/priv"), None);
    }
}
