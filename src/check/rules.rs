//! The rules that read the sources: each problem is named at its file and line.
//!
//! | rule | severity |
//! |---|---|
//! | a Markdown link or image, or a front matter `image`/`pdf`/photo, leads nowhere | error |
//! | a link's `#anchor` is not on its page | error |
//! | a Markdown image without alt text; a poster with an empty `image_alt` | error |
//! | an empty link text | warning |
//! | a heading that skips a level (the page title is the `h1`) | warning |
//! | a heading whose id the theme also uses on the rendered page | warning |
//! | a telephone link whose number could break across lines (ordinary spaces) | warning |
//! | a title longer than 70 characters | warning |
//! | a page or section with no translation into one of the site's languages | warning |
//! | a translation that changed before its original did ("stale") | warning |

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::history::{History, Source};
use super::links::{self, Broken, Href, Index};
use super::ExternalUse;
use crate::content::{line_of, TypeFields};
use crate::error::Diagnostic;
use crate::markdown::Rendered;
use crate::site::addresses::resolve_asset;
use crate::site::Site;

/// Longer titles are cut in search results and browser tabs.
pub const MAX_TITLE: usize = 70;

pub struct Input<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub markdown: &'a [Rendered],
    pub section_markdown: &'a [Option<Rendered>],
    /// The rendered output; `None` when templates failed (links are then not checked).
    pub index: Option<&'a Index>,
}

#[derive(Default)]
pub struct Found {
    pub diagnostics: Vec<Diagnostic>,
    /// Keys ([`Href::key`]) of the broken links reported here, so the rendered pages'
    /// check does not report them again.
    pub reported: HashSet<String>,
    pub external: Vec<ExternalUse>,
    /// `.md` links to no page: (file, line, link), whose loader warning this replaces.
    pub unknown_page_links: Vec<(PathBuf, usize, String)>,
}

/// One Markdown document: a page or a section's `_index.md`.
struct Doc<'a> {
    source: &'a Path,
    url: &'a str,
    title: &'a str,
    field_lines: &'a [(String, usize)],
    markdown: &'a Rendered,
}

pub fn check_sources(input: &Input) -> Found {
    let mut found = Found::default();
    let site = input.site;
    let docs = site
        .pages
        .iter()
        .zip(input.markdown)
        .map(|(p, md)| Doc {
            source: &p.page.source,
            url: &p.url,
            title: &p.page.title,
            field_lines: &p.page.field_lines,
            markdown: md,
        })
        .chain(
            site.sections
                .iter()
                .zip(input.section_markdown)
                .filter_map(|(s, md)| {
                    let file = s.file.as_ref()?;
                    Some(Doc {
                        source: &file.source,
                        url: &s.url,
                        title: &file.title,
                        field_lines: &file.field_lines,
                        markdown: md.as_ref()?,
                    })
                }),
        );
    for doc in docs {
        check_doc(input, &doc, &mut found);
    }
    for p in &site.pages {
        check_front_matter_files(input, p, &mut found);
    }
    check_translations(input, &mut found);
    found
}

fn check_doc(input: &Input, doc: &Doc, found: &mut Found) {
    check_title(doc, found);
    check_links(input, doc, found);
    check_images(input, doc, found);
    check_headings(doc, found);
    check_heading_ids(input, doc, found);
}

/// A title longer than search results and tabs show.
fn check_title(doc: &Doc, found: &mut Found) {
    let title_chars = doc.title.chars().count();
    if title_chars > MAX_TITLE {
        found.diagnostics.push(
            Diagnostic::warning(
                doc.source,
                format!(
                    "the title is {title_chars} characters long; search results and browser tabs cut titles after about {MAX_TITLE}: keep the title short and put the rest in `summary`"
                ),
            )
            .field("title")
            .at_line(line_of(doc.field_lines, "title")),
        );
    }
}

/// Links without text, to missing pages or anchors; external links to try later.
fn check_links(input: &Input, doc: &Doc, found: &mut Found) {
    let base = input.site.config.base_url.as_str();
    for link in &doc.markdown.links {
        if let Some(warning) = wrapping_phone(doc.source, link) {
            found.diagnostics.push(warning);
        }
        if link.text.trim().is_empty() {
            found.diagnostics.push(
                Diagnostic::warning(
                    doc.source,
                    format!(
                        "the link to {} has no text: write what it leads to between the brackets, [like this]({})",
                        link.url, link.url
                    ),
                )
                .at_line(link.line),
            );
        }
        let href = links::classify(&link.url, base, doc.url);
        match &href {
            Href::Internal { path, fragment } => {
                let Some(index) = input.index else { continue };
                let Some(broken) = index.broken(path, fragment.as_deref()) else {
                    continue;
                };
                let without_fragment = link.url.split('#').next().unwrap_or("");
                if crate::links_to_broken_file(input.site, doc.source, &link.url) {
                    found.reported.extend(href.key());
                    continue;
                }
                let message = if without_fragment.ends_with(".md") {
                    found.unknown_page_links.push((
                        doc.source.to_path_buf(),
                        link.line,
                        link.url.clone(),
                    ));
                    crate::pipeline::unknown_page_link(&link.url)
                } else {
                    broken_message(
                        &link.url,
                        path,
                        fragment.as_deref(),
                        &broken,
                        "page or file",
                    )
                };
                found.reported.extend(href.key());
                found
                    .diagnostics
                    .push(Diagnostic::error(doc.source, message).at_line(link.line));
            }
            Href::External(url) => {
                found.reported.insert(url.clone());
                found.external.push(ExternalUse {
                    url: url.clone(),
                    path: doc.source.to_path_buf(),
                    line: Some(link.line),
                    field: None,
                });
            }
            Href::Other => {}
        }
    }
}

/// Images without alt text or file; external images to try later.
fn check_images(input: &Input, doc: &Doc, found: &mut Found) {
    let base = input.site.config.base_url.as_str();
    for image in &doc.markdown.images {
        if image.alt.trim().is_empty() && !image.decorative {
            found.diagnostics.push(
                Diagnostic::error(
                    doc.source,
                    format!(
                        "the image {} has no alt text: describe what it shows between the brackets, ![like this]({}), for people who cannot see it (an ornament: ![]({} \"decorative\"))",
                        image.src, image.src, image.src
                    ),
                )
                .at_line(image.line),
            );
        }
        let href = links::classify(&image.src, base, doc.url);
        match &href {
            Href::Internal { path, fragment } => {
                let Some(index) = input.index else { continue };
                if let Some(broken) = index.broken(path, fragment.as_deref()) {
                    found.reported.extend(href.key());
                    found.diagnostics.push(
                        Diagnostic::error(
                            doc.source,
                            broken_message(&image.src, path, None, &broken, "image"),
                        )
                        .at_line(image.line),
                    );
                }
            }
            Href::External(url) => {
                found.reported.insert(url.clone());
                found.external.push(ExternalUse {
                    url: url.clone(),
                    path: doc.source.to_path_buf(),
                    line: Some(image.line),
                    field: None,
                });
            }
            Href::Other => {}
        }
    }
}

/// Headings that skip a level.
fn check_headings(doc: &Doc, found: &mut Found) {
    // The template shows the title as the page's only h1.
    let mut previous = 1;
    for heading in &doc.markdown.headings {
        if heading.level > previous + 1 {
            found.diagnostics.push(
                Diagnostic::warning(
                    doc.source,
                    format!(
                        "the heading \"{}\" skips from level {previous} to {}: screen reader users move by headings, so use {} here (the page title is level 1)",
                        heading.title,
                        heading.level,
                        "#".repeat(usize::from(previous) + 1)
                    ),
                )
                .at_line(heading.line),
            );
        }
        previous = heading.level;
    }
}

/// A heading whose id another element of the rendered page has too (the theme's
/// `#helplines` band, say): a link to `#id` lands on the first, so one of them is
/// unreachable, and the page is not valid HTML.
fn check_heading_ids(input: &Input, doc: &Doc, found: &mut Found) {
    let Some(index) = input.index else { return };
    let Some(duplicates) = index
        .file_for(doc.url)
        .and_then(|file| index.duplicate_ids.get(&file))
    else {
        return;
    };
    for heading in &doc.markdown.headings {
        if duplicates.contains(&heading.id) {
            found.diagnostics.push(
                Diagnostic::warning(
                    doc.source,
                    format!(
                        "the heading \"{}\" gets the id \"{id}\", which the theme already uses on this page: a link to #{id} would land on the wrong one; give the heading an id of its own, ## {} {{#another-{id}}}",
                        heading.title, heading.title, id = heading.id
                    ),
                )
                .at_line(heading.line),
            );
        }
    }
}

/// A `tel:` link whose text has ordinary spaces: the number can break across two
/// lines, and a helpline number must read (and be copied) whole.
fn wrapping_phone(source: &Path, link: &crate::markdown::LinkRef) -> Option<Diagnostic> {
    let tel = link.url.get(..4)?.eq_ignore_ascii_case("tel:");
    if !tel || !link.text.contains([' ', '\t', '\n']) {
        return None;
    }
    let nowrap = link
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("&nbsp;");
    Some(
        Diagnostic::warning(
            source,
            format!(
                "the phone number \"{}\" can break across two lines at its spaces: write non-breaking spaces, [{nowrap}]({})",
                link.text.trim(),
                link.url
            ),
        )
        .at_line(link.line),
    )
}

fn broken_message(
    written: &str,
    path: &str,
    fragment: Option<&str>,
    broken: &Broken,
    what: &str,
) -> String {
    match broken {
        Broken::Missing if what == "image" => {
            format!("the image {written} is missing: the site has no file {path}")
        }
        Broken::Missing => {
            format!("link to {written} leads nowhere: the site has no {what} {path}")
        }
        Broken::Anchor { page } => format!(
            "link to {written}: {page} has no heading or anchor with the id \"{}\"",
            fragment.unwrap_or("")
        ),
    }
}

/// `image` and a story's photo must be files of the site (posters' files are
/// checked while loading).
fn check_front_matter_files(input: &Input, p: &crate::site::SitePage, found: &mut Found) {
    let page = &p.page;
    let mut files: Vec<(&str, &str, &str)> = Vec::new();
    // A poster's image and PDF are read while loading (media survey), which reports
    // them missing already.
    let poster = matches!(page.fields, TypeFields::Poster { .. });
    if let Some(image) = &page.image {
        files.push(("image", image, "image"));
    }
    match &page.fields {
        TypeFields::Poster { pdf, .. } => {
            if let Some(pdf) = pdf {
                files.push(("pdf", pdf, "PDF"));
            }
            if page.image.is_some()
                && page
                    .image_alt
                    .as_deref()
                    .is_some_and(|a| a.trim().is_empty())
            {
                found.diagnostics.push(
                    Diagnostic::error(
                        &page.source,
                        "a poster's image is its message: `image_alt` must say what the poster says, not be empty",
                    )
                    .field("image_alt")
                    .at_line(page.line_of("image_alt")),
                );
            }
        }
        TypeFields::Story {
            ambassador: Some(a),
            ..
        } => {
            if let Some(photo) = &a.photo {
                files.push(("ambassador", photo, "photo"));
            }
        }
        _ => {}
    }
    let base = input.site.config.base_url.as_str();
    for (field, reference, what) in files {
        let resolved = resolve_asset(&p.url, reference);
        let href = links::classify(&resolved, base, &p.url);
        match &href {
            Href::Internal { path, .. } => {
                let Some(index) = input.index else { continue };
                if index.broken(path, None).is_some() {
                    found.reported.extend(href.key());
                    if poster {
                        continue;
                    }
                    found.diagnostics.push(
                        Diagnostic::error(
                            &page.source,
                            format!(
                                "the {what} {reference} is missing: the site has no file {path}; put the file in the page's folder or in static/"
                            ),
                        )
                        .field(field)
                        .at_line(page.line_of(field)),
                    );
                }
            }
            Href::External(url) => {
                found.reported.insert(url.clone());
                found.external.push(ExternalUse {
                    url: url.clone(),
                    path: page.source.clone(),
                    line: Some(page.line_of(field)),
                    field: Some(field.to_string()),
                });
            }
            Href::Other => {}
        }
    }
}

fn language_name(site: &Site, code: &str) -> String {
    site.config
        .languages
        .iter()
        .find(|l| l.code == code)
        .map_or_else(|| code.to_string(), |l| format!("{} ({code})", l.name))
}

/// Pages and sections without a version in each language (a version that did not
/// load counts: its own error says why).
fn missing_translations(site: &Site, found: &mut Found) {
    let languages = &site.config.languages;
    if languages.len() < 2 {
        return;
    }
    for (id, p) in site.pages.iter().enumerate() {
        for lang in languages {
            if lang.code != p.page.lang
                && site.translation_in(id, &lang.code).is_none()
                && !site
                    .broken
                    .has_version(&p.page.translation_key, &lang.code, false)
            {
                found.diagnostics.push(Diagnostic::warning(
                    &p.page.source,
                    format!(
                        "not translated into {}: readers who switch language are told the page is not translated",
                        language_name(site, &lang.code)
                    ),
                ));
            }
        }
    }
    for (id, s) in site.sections.iter().enumerate() {
        let Some(file) = &s.file else { continue };
        for lang in languages {
            if lang.code != s.lang
                && site.section_in(id, &lang.code).is_none()
                && !site.broken.has_version(&s.folder, &lang.code, true)
            {
                found.diagnostics.push(Diagnostic::warning(
                    &file.source,
                    format!(
                        "section not translated into {}",
                        language_name(site, &lang.code)
                    ),
                ));
            }
        }
    }
}

/// Missing translations of pages and sections, and translations older than their
/// original (the default language's version).
fn check_translations(input: &Input, found: &mut Found) {
    let site = input.site;
    if site.config.languages.len() < 2 {
        return;
    }
    missing_translations(site, found);

    let mut history: Option<History> = None;
    let mut groups: Vec<&Vec<usize>> = site.translations.values().collect();
    groups.sort();
    for group in groups {
        let Some((&original, others)) = group.split_first() else {
            continue;
        };
        let op = &site.pages[original].page;
        if !site.config.is_default_language(&op.lang) {
            continue;
        }
        for &other in others {
            let tp = &site.pages[other].page;
            let (o_when, t_when) = (op.updated.or(op.date), tp.updated.or(tp.date));
            let (o_date, t_date, how, line) = match (o_when, t_when) {
                (Some(o), Some(t)) => {
                    if o.datetime() <= t.datetime() {
                        continue;
                    }
                    let field = |p: &crate::content::Page| {
                        if p.updated.is_some() {
                            "updated"
                        } else {
                            "date"
                        }
                    };
                    (
                        format!("{} (`{}`)", o.iso(), field(op)),
                        format!("{} (`{}`)", t.iso(), field(tp)),
                        "",
                        Some(tp.line_of(field(tp))),
                    )
                }
                _ => {
                    let h = history.get_or_insert_with(|| History::load(input.root));
                    let Some((o, t, source)) = h.pair(input.root, &op.source, &tp.source) else {
                        continue;
                    };
                    let tz = &site.config.timezone;
                    let (o, t) = (o.to_zoned(tz.clone()).date(), t.to_zoned(tz.clone()).date());
                    if o <= t {
                        continue;
                    }
                    let how = match source {
                        Source::Git => " (last commits)",
                        Source::Modified => " (file modification times)",
                    };
                    (o.to_string(), t.to_string(), how, None)
                }
            };
            let mut d = Diagnostic::warning(
                &tp.source,
                format!(
                    "stale translation: {} changed on {o_date}, this translation on {t_date}{how}; bring it up to date and set `updated:` in both",
                    op.source.display()
                ),
            );
            d.line = line;
            found.diagnostics.push(d);
        }
    }
}
