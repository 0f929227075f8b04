//! Loading content: discovering files under `content/` (walkdir), telling their
//! language and role from the file name, and parsing them into typed [`Page`]s and
//! [`SectionFile`]s. Loading reads files and produces data; it makes no HTML.

pub mod front_matter;
pub mod project;
pub mod slug;
pub mod types;
pub mod yaml_hints;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use types::*;

use crate::config::{is_language_code, Config};
use crate::error::Diagnostic;
use crate::input::{self, SiteFolder};
use front_matter::PageOrigin;

/// A file under `content/` that is not Markdown: copied to the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Relative to the site root (`content/plakatai/a/poster.svg`).
    pub source: PathBuf,
    /// Content-relative path (`plakatai/a/poster.svg`).
    pub rel: String,
    /// The page bundle it belongs to (`plakatai/a`), or `None` for a loose file.
    pub bundle: Option<String>,
}

/// Everything `content/` holds, parsed.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub sections: Vec<SectionFile>,
    pub assets: Vec<Asset>,
    /// Files that exist but did not load (their error is reported once, by the
    /// loader): links, translations and sections still count them as existing.
    pub broken: BrokenFiles,
}

/// The files of `content/` that did not load.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BrokenFiles(pub Vec<Broken>);

impl BrokenFiles {
    /// Whether the content-relative path `rel` (`renginiai/a.md`) is a file that did
    /// not load: a link to it is not reported again.
    pub fn has_file(&self, rel: &str) -> bool {
        self.0.iter().any(|b| b.rel == rel)
    }

    /// Whether the page with translation key `key` (or, `section`, the folder `key`)
    /// has a version in `lang` that did not load.
    pub fn has_version(&self, key: &str, lang: &str, section: bool) -> bool {
        self.0
            .iter()
            .any(|b| b.section == section && b.key == key && b.lang == lang)
    }
}

/// A Markdown file under `content/` that failed to load, as far as its name tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Content-relative path (`renginiai/a.en.md`), as `.md` links name it.
    pub rel: String,
    pub lang: String,
    /// The translation key it would have had (its `translation_key:` line when it has
    /// one, else the key its name gives), or, for an `_index.md`, its folder.
    pub key: String,
    /// An `_index.md`.
    pub section: bool,
}

/// One Markdown file found by discovery, before parsing.
#[derive(Debug, Clone)]
struct Found {
    source: PathBuf,
    /// Content-relative path without the language suffix and `.md`.
    base_rel: String,
    lang: String,
}

/// Reads the whole `content/` folder of `root`. Returns what parsed and every problem.
pub fn load(root: &Path, config: &Config) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(Diagnostic::error(
            "content",
            "there is no content/ folder: create it and put the site's Markdown files in it",
        ));
        return (Content::default(), diagnostics);
    }
    let (markdown, other) = discover(root, &content_dir, config, &mut diagnostics);
    let bundles = bundles_of(&markdown);
    let mut broken = Vec::new();
    let (sections, page_files) =
        parse_sections(root, markdown, &bundles, &mut diagnostics, &mut broken);
    let section_types = section_types(&sections, config);
    let pages = parse_pages(
        root,
        config,
        &page_files,
        &section_types,
        &mut diagnostics,
        &mut broken,
    );
    let assets = assets_of(other, &bundles);
    (
        Content {
            pages,
            sections,
            assets,
            broken: BrokenFiles(broken),
        },
        diagnostics,
    )
}

/// Every file under `content/`: Markdown files with their language, and the other
/// files as (path from the root, content-relative path).
fn discover(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Found>, Vec<(PathBuf, String)>) {
    let mut markdown = Vec::new();
    let mut other = Vec::new();
    for entry in SiteFolder::new(root).files(content_dir, diagnostics) {
        let rel_to_root = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let Ok(rel) = entry.path().strip_prefix(content_dir) else {
            continue;
        };
        let Some(rel) = rel.to_str().map(|s| s.replace('\\', "/")) else {
            diagnostics.push(Diagnostic::error(
                rel_to_root,
                "the file name is not valid UTF-8; rename it",
            ));
            continue;
        };
        if let Some(without_md) = rel.strip_suffix(".md") {
            match language_of(without_md, config) {
                Ok((base_rel, lang)) => markdown.push(Found {
                    source: rel_to_root,
                    base_rel,
                    lang,
                }),
                Err(message) => diagnostics.push(Diagnostic::error(rel_to_root, message)),
            }
        } else {
            other.push((rel_to_root, rel));
        }
    }
    (markdown, other)
}

/// Bundles: folders holding an index.md (in any language).
fn bundles_of(markdown: &[Found]) -> BTreeSet<String> {
    markdown
        .iter()
        .filter_map(|f| {
            let (dir, name) = split_rel(&f.base_rel);
            (name == "index" && !dir.is_empty()).then(|| dir.to_string())
        })
        .collect()
}

/// Parses the `_index.md` files; returns the sections and the page files left. Those
/// that fail go to `broken`.
fn parse_sections(
    root: &Path,
    markdown: Vec<Found>,
    bundles: &BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<Broken>,
) -> (Vec<SectionFile>, Vec<Found>) {
    let mut sections = Vec::new();
    let mut page_files = Vec::new();
    for f in markdown {
        let (dir, name) = split_rel(&f.base_rel);
        if name == "_index" {
            if bundles.contains(dir) {
                diagnostics.push(Diagnostic::error(
                    &f.source,
                    "a folder is either a section (_index.md) or a page bundle (index.md), not both",
                ));
                continue;
            }
            match read_text(root, &f.source) {
                Ok(text) => match front_matter::parse_section(&f.source, &text, &f.lang, dir) {
                    Ok(s) => sections.push(s),
                    Err(ds) => {
                        diagnostics.extend(ds);
                        broken.push(Broken::of(&f, dir, true, None));
                    }
                },
                Err(d) => {
                    diagnostics.push(d);
                    broken.push(Broken::of(&f, dir, true, None));
                }
            }
        } else {
            page_files.push(f);
        }
    }
    (sections, page_files)
}

/// Section folder → the type its `_index.md` gives its pages: the default language's
/// decides; another language's fills a gap.
fn section_types<'a>(
    sections: &'a [SectionFile],
    config: &Config,
) -> BTreeMap<&'a str, ContentType> {
    let mut m = BTreeMap::new();
    for s in sections
        .iter()
        .filter(|s| s.lang == config.default_language)
    {
        if let Some(t) = s.content_type {
            m.insert(s.folder.as_str(), t);
        }
    }
    for s in sections {
        if let Some(t) = s.content_type {
            m.entry(s.folder.as_str()).or_insert(t);
        }
    }
    m
}

/// Parses the pages in parallel; the problems of those that fail go to the
/// diagnostics, and the files to the broken ones.
fn parse_pages(
    root: &Path,
    config: &Config,
    page_files: &[Found],
    section_types: &BTreeMap<&str, ContentType>,
    diagnostics: &mut Vec<Diagnostic>,
    broken: &mut Vec<Broken>,
) -> Vec<Page> {
    let results: Vec<Result<Page, (Vec<Diagnostic>, Broken)>> = page_files
        .par_iter()
        .filter_map(|f| {
            let origin = match page_origin(f, section_types, config) {
                Ok(o) => o,
                Err(d) => return Some(Err((vec![d], Broken::of(f, "", true, None)))),
            };
            let text = match read_text(root, &f.source) {
                Ok(t) => t,
                Err(d) => return Some(Err((vec![d], Broken::of(f, &origin.key, false, None)))),
            };
            // Decap CMS on its own (and earlier releases of `crate::cms`) writes an
            // empty file for each language not yet translated: no page, as if it
            // were not there.
            if text.trim().is_empty() && !config.is_default_language(&f.lang) {
                return None;
            }
            Some(
                front_matter::parse_page(&f.source, &text, &origin)
                    .map_err(|ds| (ds, Broken::of(f, &origin.key, false, Some(&text)))),
            )
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err((ds, b)) => {
                diagnostics.extend(ds);
                broken.push(b);
            }
        }
    }
    pages
}

/// Where a page file sits: its bundle, folder, slug stem, translation key and the type
/// its section gives it.
fn page_origin(
    f: &Found,
    section_types: &BTreeMap<&str, ContentType>,
    config: &Config,
) -> Result<PageOrigin, Diagnostic> {
    let (dir, name) = split_rel(&f.base_rel);
    let (bundle, folder, stem) = if name == "index" {
        let (parent, bundle_name) = split_rel(dir);
        (
            Some(dir.to_string()),
            parent.to_string(),
            bundle_name.to_string(),
        )
    } else {
        (None, dir.to_string(), name.to_string())
    };
    if name == "index" && dir.is_empty() {
        return Err(Diagnostic::error(
            &f.source,
            "content/index.md would be the home page: name it content/_index.md",
        ));
    }
    let section_type = ancestors(&folder).find_map(|d| section_types.get(d).copied());
    Ok(PageOrigin {
        lang: f.lang.clone(),
        // NFD names (macOS) pair with NFC ones.
        key: slug::nfc(bundle.as_deref().unwrap_or(&f.base_rel)).into_owned(),
        folder,
        bundle,
        stem,
        section_type,
        timezone: config.timezone.clone(),
    })
}

/// The files that are not Markdown, each with the bundle it belongs to, if any.
fn assets_of(other: Vec<(PathBuf, String)>, bundles: &BTreeSet<String>) -> Vec<Asset> {
    other
        .into_iter()
        .map(|(source, rel)| {
            let bundle = ancestors(split_rel(&rel).0)
                .find(|d| bundles.contains(*d))
                .map(str::to_string);
            Asset {
                source,
                rel,
                bundle,
            }
        })
        .collect()
}

impl Broken {
    /// `f`, which did not load; `key` is its folder (a section) or the translation key
    /// its name gives, unless `text` has a `translation_key:` line.
    fn of(f: &Found, key: &str, section: bool, text: Option<&str>) -> Broken {
        let written = text.and_then(|t| {
            t.lines()
                .find_map(|l| l.strip_prefix("translation_key:"))
                .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
                .filter(|v| !v.is_empty())
        });
        Broken {
            rel: content_rel(&f.source),
            lang: f.lang.clone(),
            key: written.unwrap_or_else(|| key.to_string()),
            section,
        }
    }
}

/// `content/a/b.md` → `a/b.md`.
pub fn content_rel(source: &Path) -> String {
    let s = source.to_string_lossy().replace('\\', "/");
    s.strip_prefix("content/").unwrap_or(&s).to_string()
}

/// `renginiai/seminaras.en` → (`renginiai/seminaras`, `en`); no suffix → default language.
fn language_of(without_md: &str, config: &Config) -> Result<(String, String), String> {
    let (dir, name) = split_rel(without_md);
    if let Some((base, suffix)) = name.rsplit_once('.') {
        if config.language(suffix).is_some() {
            return Ok((join_rel(dir, base), suffix.to_string()));
        }
        if is_language_code(suffix) {
            let known: Vec<_> = config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(format!(
                "the file name says language {suffix:?}, which site.toml does not have (languages: {}); add [languages.{suffix}] or rename the file",
                known.join(", ")
            ));
        }
    }
    Ok((without_md.to_string(), config.default_language.clone()))
}

/// Reads a content file as text (a regular file within [`input::TEXT_LIMIT`]): UTF-8 (an error names the line with the bad byte),
/// without a byte order mark, with `\n` line ends.
pub fn read_text(root: &Path, source: &Path) -> Result<String, Diagnostic> {
    let bytes = input::read(&root.join(source), source, input::TEXT_LIMIT)?;
    decode_text(source, bytes)
}

/// A content file's bytes as text, as [`read_text`] reads it; `source` names the file
/// in the error.
pub fn decode_text(source: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..good].iter().filter(|&&b| b == b'\n').count() + 1;
            return Err(Diagnostic::error(
                source,
                "the file is not UTF-8 text; save it as UTF-8 in your editor",
            )
            .at_line(line));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// `a/b/c` → (`a/b`, `c`); `c` → (``, `c`).
pub fn split_rel(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

pub fn join_rel(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// `a/b/c`, `a/b`, `a`, `` — a folder and each folder above it, the content root last.
pub fn ancestors(dir: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(dir);
    std::iter::from_fn(move || {
        let current = next?;
        next = if current.is_empty() {
            None
        } else {
            Some(split_rel(current).0)
        };
        Some(current)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_end_at_the_root() {
        let a: Vec<_> = ancestors("a/b/c").collect();
        assert_eq!(a, ["a/b/c", "a/b", "a", ""]);
        assert_eq!(ancestors("").collect::<Vec<_>>(), [""]);
    }

    #[test]
    fn file_names_give_the_language() {
        let config = Config::parse(
            "base_url = \"https://x.lt\"\n[languages.lt]\ntitle = \"a\"\ndescription = \"b\"\n[languages.en]\ntitle = \"a\"\ndescription = \"b\"\n",
        )
        .expect("valid");
        assert_eq!(
            language_of("a/seminaras.en", &config),
            Ok(("a/seminaras".to_string(), "en".to_string()))
        );
        assert_eq!(
            language_of("a/seminaras", &config),
            Ok(("a/seminaras".to_string(), "lt".to_string()))
        );
        assert!(language_of("a/seminaras.de", &config).is_err());
        // A dot that is not a language code is part of the name.
        assert_eq!(
            language_of("a/v1.2", &config),
            Ok(("a/v1.2".to_string(), "lt".to_string()))
        );
    }
}
