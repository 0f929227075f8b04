//! What `serve` keeps between edits to re-render only what an edit touched.

use rayon::prelude::*;

use super::write::plan_search;
use super::{index_path, Loaded};
use crate::content::{self, PageId};
use crate::error::Diagnostic;
use crate::render::{self, Views};
use crate::site;
use crate::{search, taxonomy};

/// What rendering derives from the whole model besides the model itself: every page's
/// template value, the feeds and the tags. All of it depends on front matter and
/// Markdown only, so `serve` keeps it while edits change nothing but pages' bodies.
pub struct Prepared {
    pub page_values: Vec<tera::Value>,
    pub feeds: site::feeds::Feeds,
    pub tags: taxonomy::Taxonomy,
    pub search: search::Search,
}

impl Prepared {
    pub fn new(loaded: &Loaded) -> Prepared {
        let site = &loaded.site;
        let renderer = &loaded.renderer;
        Prepared {
            page_values: render::context::page_values(site, &loaded.markdown),
            feeds: site::feeds::Feeds::plan(site),
            tags: taxonomy::Taxonomy::build(site, |lang| renderer.text(lang, "tags_path")).0,
            search: plan_search(loaded).0,
        }
    }

    /// After `pages` changed: their values again and, when their front matter changed
    /// (`lists`), the feeds and tags.
    pub fn update(&mut self, loaded: &Loaded, pages: &[PageId], lists: bool) {
        let site = &loaded.site;
        for &id in pages {
            self.page_values[id] = render::context::page_value(site, id, &loaded.markdown[id]);
        }
        if lists {
            let renderer = &loaded.renderer;
            self.feeds = site::feeds::Feeds::plan(site);
            self.tags = taxonomy::Taxonomy::build(site, |lang| renderer.text(lang, "tags_path")).0;
        }
    }
}

/// Renders some pages and sections of a loaded site, as [`write_site`] renders them:
/// (output path, HTML) each. `serve` uses it to re-render what an edit touched.
pub fn render_some(
    loaded: &Loaded,
    prepared: &Prepared,
    pages: &[PageId],
    sections: &[content::SectionId],
) -> Vec<(String, Result<String, Diagnostic>)> {
    let site = &loaded.site;
    let views = Views::with_page_values(
        site,
        &loaded.markdown,
        &loaded.section_markdown,
        prepared.page_values.clone(),
    )
    .with_discovery(&prepared.feeds, &prepared.tags)
    .with_search(&prepared.search);
    let renderer = &loaded.renderer;
    let mut out: Vec<_> = pages
        .par_iter()
        .map(|&id| {
            let html = renderer.render_page(&views, id);
            (index_path(&site.pages[id].url), html)
        })
        .collect();
    out.par_extend(sections.par_iter().map(|&id| {
        let html = renderer.render_section(&views, id);
        (index_path(&site.sections[id].url), html)
    }));
    // A newsletter's e-mail version follows its page.
    for &id in pages {
        let url = &site.pages[id].url;
        if site.pages[id].page.content_type() != content::ContentType::Newsletter {
            continue;
        }
        let html_rel = site::addresses::email_html_url(url)
            .trim_start_matches('/')
            .to_string();
        let text_rel = site::addresses::email_text_url(url)
            .trim_start_matches('/')
            .to_string();
        match renderer.render_email(&views, id) {
            Some(Ok(email)) => {
                out.push((html_rel, Ok(email.html)));
                out.push((text_rel, Ok(email.text)));
            }
            Some(Err(d)) => out.push((html_rel, Err(d))),
            None => {}
        }
    }
    out
}
