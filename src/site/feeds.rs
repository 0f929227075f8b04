//! Which Atom feeds a site has and what is in them, decided from the finished model:
//! per language one for the whole site (`/atom.xml`, `/en/atom.xml`) and one per
//! section with entries (`/renginiai/atom.xml`), each with its entries newest first,
//! at most [`MAX_ENTRIES`]. Pages link to them (`render`); `output::feeds` writes them.

use std::collections::HashMap;

use crate::content::{PageId, SectionId, TypeFields, When};
use crate::site::Site;
use crate::taxonomy::listing_date;

/// How many entries a feed keeps.
pub const MAX_ENTRIES: usize = 20;
/// The feed's file name in its folder.
pub const FILE_NAME: &str = "atom.xml";

/// One feed to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub lang: String,
    /// `None` for the language's site-wide feed.
    pub section: Option<SectionId>,
    /// Root-relative: `/atom.xml`, `/en/events/atom.xml`.
    pub url: String,
    /// The site title, or "section title · site title".
    pub title: String,
    /// The HTML page the feed follows (home page or section), root-relative.
    pub page_url: String,
    /// Newest first, at most [`MAX_ENTRIES`].
    pub entries: Vec<PageId>,
}

/// Every feed of a site: a site-wide one per language, always, and one per section
/// that has entries (its own pages and those of the sections inside it).
#[derive(Debug, Clone, Default)]
pub struct Feeds {
    pub feeds: Vec<Feed>,
    by_language: HashMap<String, usize>,
    by_section: HashMap<SectionId, usize>,
}

impl Feeds {
    pub fn plan(site: &Site) -> Feeds {
        let mut plan = Feeds::default();
        for language in &site.config.languages {
            let lang = &language.code;
            let ids = (0..site.pages.len()).filter(|&id| site.pages[id].page.lang == *lang);
            let home = site.config.language_root(lang);
            plan.by_language.insert(lang.clone(), plan.feeds.len());
            plan.feeds.push(Feed {
                lang: lang.clone(),
                section: None,
                url: format!("{home}{FILE_NAME}"),
                title: language.title.clone(),
                page_url: home,
                entries: entries(site, ids),
            });
        }
        for (id, section) in site.sections.iter().enumerate() {
            if section.is_home() {
                continue;
            }
            let mut ids = Vec::new();
            collect_pages(site, id, &mut ids);
            let entries = entries(site, ids.into_iter());
            if entries.is_empty() {
                continue;
            }
            let site_title = site
                .config
                .language(&section.lang)
                .map_or("", |l| l.title.as_str());
            plan.by_section.insert(id, plan.feeds.len());
            plan.feeds.push(Feed {
                lang: section.lang.clone(),
                section: Some(id),
                url: format!("{}{FILE_NAME}", section.url),
                title: format!("{} · {site_title}", section.title),
                page_url: section.url.clone(),
                entries,
            });
        }
        plan
    }

    /// The site-wide feed of a language.
    pub fn site_feed(&self, lang: &str) -> Option<&Feed> {
        self.by_language.get(lang).map(|&i| &self.feeds[i])
    }

    /// A section's feed, if it has entries.
    pub fn section_feed(&self, section: SectionId) -> Option<&Feed> {
        self.by_section.get(&section).map(|&i| &self.feeds[i])
    }
}

/// Whether a page is a feed entry at all.
pub fn is_entry(site: &Site, id: PageId) -> bool {
    let page = &site.pages[id].page;
    match page.fields {
        TypeFields::Page => false,
        TypeFields::Poster { .. } => page.date.is_some(),
        _ => listing_date(page).is_some(),
    }
}

/// The entries among `ids`, newest first (by date, then last update, then address),
/// cut to [`MAX_ENTRIES`].
fn entries(site: &Site, ids: impl Iterator<Item = PageId>) -> Vec<PageId> {
    let mut list: Vec<PageId> = ids.filter(|&id| is_entry(site, id)).collect();
    list.sort_by(|&a, &b| {
        let key = |id: PageId| {
            let p = &site.pages[id].page;
            (
                listing_date(p).map(|w| w.datetime()),
                updated(site, id).map(|w| w.datetime()),
            )
        };
        key(b)
            .cmp(&key(a))
            .then_with(|| site.pages[a].url.cmp(&site.pages[b].url))
    });
    list.truncate(MAX_ENTRIES);
    list
}

/// A section's pages and those of every section inside it.
fn collect_pages(site: &Site, section: SectionId, out: &mut Vec<PageId>) {
    out.extend_from_slice(&site.sections[section].pages);
    for &sub in &site.sections[section].subsections {
        collect_pages(site, sub, out);
    }
}

/// An entry's `updated`: its `updated`, else its listing date, never before its date.
pub fn updated(site: &Site, id: PageId) -> Option<When> {
    let page = &site.pages[id].page;
    match (page.updated, listing_date(page)) {
        (Some(u), Some(d)) => Some(later(u, d)),
        (u, d) => u.or(d),
    }
}

/// The later of two times (a date alone counting as its midnight).
pub fn later(a: When, b: When) -> When {
    if b.datetime() > a.datetime() {
        b
    } else {
        a
    }
}
