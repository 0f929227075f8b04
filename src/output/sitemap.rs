//! `sitemap.xml` and `robots.txt` at the output's root.
//!
//! The sitemap lists every page, section, home page and tag page in every language
//! once — not aliases (they redirect), the 404 and search pages, or pages marked
//! `noindex` — with `<lastmod>` where a
//! date is known, and, for a page that exists in several languages, an
//! `xhtml:link rel="alternate"` per language version (itself included) plus
//! `x-default` (the default language's version), as search engines ask. URLs are in
//! address order, so the same site gives the same bytes.

use std::fmt::Write as _;

use super::xml::{escape, later, w3c_date};
use crate::config::Config;
use crate::content::{PageId, When};
use crate::site::Site;
use crate::taxonomy::Taxonomy;

/// The sitemap's file name at the output's root.
pub const FILE_NAME: &str = "sitemap.xml";

/// One `<url>`.
struct Entry {
    loc: String,
    lastmod: Option<When>,
    /// (hreflang, absolute URL); empty when the page is in one language only.
    alternates: Vec<(String, String)>,
}

/// The sitemap of the whole site.
pub fn sitemap(site: &Site, tags: &Taxonomy) -> String {
    let config = &site.config;
    let mut entries: Vec<Entry> = Vec::new();

    // Pages with `extra.noindex: true` ask search engines to leave them out.
    for (id, p) in site.pages.iter().enumerate() {
        if p.page.noindex() {
            continue;
        }
        let group: Vec<(String, String)> = site
            .translations
            .get(&p.page.translation_key)
            .into_iter()
            .flatten()
            .filter(|&&o| !site.pages[o].page.noindex())
            .map(|&o| (site.pages[o].page.lang.clone(), site.pages[o].url.clone()))
            .collect();
        entries.push(Entry {
            loc: config.permalink(&p.url),
            lastmod: lastmod(site, id),
            alternates: alternates(config, group),
        });
    }
    for s in &site.sections {
        let group: Vec<(String, String)> = site
            .section_translations
            .get(&s.folder)
            .into_iter()
            .flatten()
            .map(|&o| (site.sections[o].lang.clone(), site.sections[o].url.clone()))
            .collect();
        // A list page changes when its pages do; a home page lists the whole language.
        let pages: Vec<PageId> = if s.is_home() {
            (0..site.pages.len())
                .filter(|&id| site.pages[id].page.lang == s.lang)
                .collect()
        } else {
            s.pages.clone()
        };
        entries.push(Entry {
            loc: config.permalink(&s.url),
            lastmod: newest(site, &pages),
            alternates: alternates(config, group),
        });
    }
    let index_group: Vec<(String, String)> = tags
        .languages
        .iter()
        .map(|l| (l.lang.clone(), l.url.clone()))
        .collect();
    for language in &tags.languages {
        let all: Vec<PageId> = language
            .tags
            .iter()
            .flat_map(|t| t.pages.iter().copied())
            .collect();
        entries.push(Entry {
            loc: config.permalink(&language.url),
            lastmod: newest(site, &all),
            alternates: alternates(config, index_group.clone()),
        });
        for tag in &language.tags {
            entries.push(Entry {
                loc: config.permalink(&tag.url),
                lastmod: newest(site, &tag.pages),
                alternates: Vec::new(),
            });
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));

    let mut x = String::with_capacity(256 + entries.len() * 300);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for e in &entries {
        x.push_str("  <url>\n");
        let _ = writeln!(x, "    <loc>{}</loc>", escape(&e.loc));
        if let Some(when) = e.lastmod {
            let _ = writeln!(x, "    <lastmod>{}</lastmod>", w3c_date(config, when));
        }
        for (lang, href) in &e.alternates {
            let _ = writeln!(
                x,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(lang),
                escape(href)
            );
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// `robots.txt`: everything may be crawled but the content manager (`[cms]`); the
/// sitemap is here.
pub fn robots(site: &Site) -> String {
    let admin = match &site.config.cms {
        Some(_) => format!("Disallow: {}\n", site.config.url("/admin/")),
        None => String::new(),
    };
    format!(
        "User-agent: *\n{admin}Allow: {}\n\nSitemap: {}\n",
        site.config.url("/"),
        site.config.permalink(&format!("/{FILE_NAME}"))
    )
}

/// The alternates of a group of language versions (default language first), with
/// `x-default` for the default language's; none when there is only one version.
fn alternates(config: &Config, mut group: Vec<(String, String)>) -> Vec<(String, String)> {
    if group.len() < 2 {
        return Vec::new();
    }
    let rank = |lang: &str| config.languages.iter().position(|l| l.code == lang);
    group.sort_by_key(|(lang, _)| rank(lang));
    let default = group
        .iter()
        .find(|(lang, _)| *lang == config.default_language)
        .map(|(_, url)| ("x-default".to_string(), config.permalink(url)));
    group
        .into_iter()
        .map(|(lang, url)| (lang, config.permalink(&url)))
        .chain(default)
        .collect()
}

/// A page's last change: `updated`, else `date`.
fn lastmod(site: &Site, id: PageId) -> Option<When> {
    let page = &site.pages[id].page;
    page.updated.or(page.date)
}

fn newest(site: &Site, ids: &[PageId]) -> Option<When> {
    ids.iter().filter_map(|&id| lastmod(site, id)).reduce(later)
}
