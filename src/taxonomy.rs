//! Tags: which pages carry each tag, per language, and where the tag pages are.
//!
//! Computed from the finished site model, which it does not change. A language's tag
//! pages live under a folder that is an interface string, `tags_path` (`zymos` in
//! Lithuanian, `tags` in English), so a site renames it in its own `i18n/<lang>.yaml`.
//! Spellings with one slug ("Nerimas", "nerimas") are one tag. Rendering the pages is
//! `render`'s job; writing them, `output`'s.

use std::collections::{BTreeMap, HashMap};

use crate::content::{slug, Page, PageId, TypeFields, When};
use crate::error::Diagnostic;
use crate::i18n;
use crate::site::Site;

/// The tag folder when the interface strings do not name one.
pub const DEFAULT_PATH: &str = "tags";

/// One tag in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As written in front matter (the most used spelling when several share a slug).
    pub name: String,
    pub slug: String,
    /// Root-relative: `/zymos/nerimas/`, `/en/tags/anxiety/`.
    pub url: String,
    /// The pages with this tag, newest first, then undated ones by title.
    pub pages: Vec<PageId>,
}

/// The tags of one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageTags {
    pub lang: String,
    /// The tag index: `/zymos/`, `/en/tags/`.
    pub url: String,
    /// In the language's alphabetical order (CLDR collation: č after c in Lithuanian).
    pub tags: Vec<Tag>,
    by_slug: HashMap<String, usize>,
}

impl LanguageTags {
    /// The tag that a page's tag text belongs to.
    pub fn tag(&self, text: &str) -> Option<&Tag> {
        self.by_slug
            .get(&slug::slugify(text))
            .map(|&i| &self.tags[i])
    }
}

/// Every language's tags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taxonomy {
    /// Languages with at least one tag, in the site's language order.
    pub languages: Vec<LanguageTags>,
}

impl Taxonomy {
    /// Gathers the tags of every published page. `tags_path(lang)` is the language's
    /// `tags_path` interface string, if any. A tag page on the address of a page or a
    /// section is an error naming that file.
    pub fn build(
        site: &Site,
        tags_path: impl Fn(&str) -> Option<String>,
    ) -> (Taxonomy, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut languages = Vec::new();
        for language in &site.config.languages {
            let lang = language.code.as_str();
            let folder = slug::folder_path(tags_path(lang).as_deref(), DEFAULT_PATH);
            let index_url = format!("{}{folder}/", site.config.language_root(lang));

            // slug → (spelling → uses, pages)
            let mut found: BTreeMap<String, (BTreeMap<&str, usize>, Vec<PageId>)> = BTreeMap::new();
            for (id, p) in site.pages.iter().enumerate() {
                if p.page.lang != lang {
                    continue;
                }
                for text in &p.page.tags {
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let (spellings, pages) = found.entry(slug::slugify(text)).or_default();
                    *spellings.entry(text).or_default() += 1;
                    if pages.last() != Some(&id) {
                        pages.push(id);
                    }
                }
            }
            if found.is_empty() {
                continue;
            }
            let mut tags: Vec<Tag> = found
                .into_iter()
                .map(|(slug, (spellings, mut pages))| {
                    sort_newest_first(site, lang, &mut pages);
                    Tag {
                        name: most_used(lang, &spellings),
                        url: format!("{index_url}{slug}/"),
                        slug,
                        pages,
                    }
                })
                .collect();
            i18n::sort_by_text(lang, &mut tags, |t| t.name.as_str());

            let urls =
                std::iter::once(index_url.as_str()).chain(tags.iter().map(|t| t.url.as_str()));
            for url in urls {
                if let Some(d) = clash(site, lang, &folder, url) {
                    diagnostics.push(d);
                }
            }
            let by_slug = tags
                .iter()
                .enumerate()
                .map(|(i, t)| (t.slug.clone(), i))
                .collect();
            languages.push(LanguageTags {
                lang: lang.to_string(),
                url: index_url,
                tags,
                by_slug,
            });
        }
        (Taxonomy { languages }, diagnostics)
    }

    pub fn language(&self, lang: &str) -> Option<&LanguageTags> {
        self.languages.iter().find(|l| l.lang == lang)
    }
}

/// Tags written differently (not only in case) that slug to one address — „šalis“ and
/// „salis“ — become one tag page under one of the names: a warning at the later
/// spelling's `tags` line, naming both.
pub fn merged_spellings(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // (language, slug) → (the first spelling, its file)
    let mut first: BTreeMap<(&str, String), (String, &str, &std::path::Path)> = BTreeMap::new();
    let mut told = std::collections::BTreeSet::new();
    for p in &site.pages {
        for text in p
            .page
            .tags
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            let spelling = slug::nfc(text).to_lowercase();
            let key = (p.page.lang.as_str(), slug::slugify(text));
            let (seen, written, file) = first
                .entry(key.clone())
                .or_insert_with(|| (spelling.clone(), text, &p.page.source));
            if *seen != spelling && told.insert((key.0, key.1.clone(), spelling)) {
                diagnostics.push(
                    Diagnostic::warning(
                        &p.page.source,
                        format!(
                            "tag {text:?} and tag {written:?} (in {}) make one tag page, {:?}, under one name; write them alike",
                            file.display(),
                            key.1
                        ),
                    )
                    .field("tags")
                    .at_line(p.page.line_of("tags")),
                );
            }
        }
    }
    diagnostics
}

/// The date a page is listed by in feeds and tag pages: its `date`, else an event's
/// start. Plain pages and posters without a `date` have none.
pub fn listing_date(page: &Page) -> Option<When> {
    match (&page.fields, page.date) {
        (_, Some(date)) => Some(date),
        (TypeFields::Event { start, .. }, None) => Some(*start),
        _ => None,
    }
}

/// Newest first by [`listing_date`]; undated pages after, by title in `lang`'s order.
fn sort_newest_first(site: &Site, lang: &str, ids: &mut [PageId]) {
    let title = |id: PageId| site.pages[id].page.title.as_str();
    ids.sort_by(|&a, &b| i18n::compare(lang, title(a), title(b)));
    // Stable: equal dates keep the title order.
    ids.sort_by_key(|&id| {
        std::cmp::Reverse(listing_date(&site.pages[id].page).map(|w| w.datetime()))
    });
}

/// The spelling used most; on a tie, the first in the language's order.
fn most_used(lang: &str, spellings: &BTreeMap<&str, usize>) -> String {
    let mut best: Option<(&str, usize)> = None;
    for (&text, &uses) in spellings {
        best = match best {
            Some((b, n))
                if n > uses
                    || (n == uses
                        && i18n::compare(lang, b, text) != std::cmp::Ordering::Greater) =>
            {
                Some((b, n))
            }
            _ => Some((text, uses)),
        };
    }
    best.map(|(t, _)| t.to_string()).unwrap_or_default()
}

/// An error when a tag page would take the address of content (an alias there is
/// [`Site::alias_clashes`]'s to report).
fn clash(site: &Site, lang: &str, folder: &str, url: &str) -> Option<Diagnostic> {
    let source = site.file_at(url)?;
    Some(Diagnostic::error(
        source,
        format!(
            "{url} is this file's address and also a tag page (tag folder {folder:?} in language {lang}); \
             change the `slug`, or set another `tags_path` in i18n/{lang}.yaml"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_folder_is_slugified_and_defaults_to_tags() {
        assert_eq!(slug::folder_path(Some("zymos"), DEFAULT_PATH), "zymos");
        assert_eq!(slug::folder_path(Some(" /Žymos/ "), DEFAULT_PATH), "zymos");
        assert_eq!(
            slug::folder_path(Some("apie/temos"), DEFAULT_PATH),
            "apie/temos"
        );
        assert_eq!(slug::folder_path(Some("//"), DEFAULT_PATH), "tags");
        assert_eq!(slug::folder_path(None, DEFAULT_PATH), "tags");
    }

    #[test]
    fn the_most_used_spelling_names_the_tag() {
        let spellings: BTreeMap<&str, usize> = [("Nerimas", 1), ("nerimas", 2)].into();
        assert_eq!(most_used("lt", &spellings), "nerimas");
        let tie: BTreeMap<&str, usize> = [("Nerimas", 1), ("nerimas", 1)].into();
        assert_eq!(
            most_used("lt", &tie),
            "nerimas",
            "lowercase first in CLDR order"
        );
    }
}
