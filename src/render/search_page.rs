//! The search page's template context: the page of one language, with the language
//! switcher and `hreflang` alternates leading to the other languages' search pages.

use tera::Value;

use super::Views;
use crate::search::Search;
use crate::site::Owner;

impl<'s> Views<'s> {
    /// Adds `search_url` to every page (the header's search form) and the search pages.
    pub fn with_search(mut self, search: &'s Search) -> Views<'s> {
        self.search = Some(search);
        self
    }

    /// The context of `lang`'s search page (`search.html`): `search` with the page's
    /// `url`, the index's `index_url`, and `sections` (title, url) for readers without
    /// JavaScript.
    pub fn search_context(&self, lang: &str) -> Option<tera::Context> {
        let search = self.search?;
        let page = search.page(lang)?;
        let site = self.site;
        let config = &site.config;
        let home = site.homes.get(lang).copied()?;
        let mut ctx = self.base_context(lang, Owner::Section(home), &page.url);
        let language_links: Vec<_> = config
            .languages
            .iter()
            .map(|l| {
                let (url, translated) = match search.page(&l.code) {
                    Some(p) => (p.url.clone(), true),
                    None => (config.language_root(&l.code), false),
                };
                serde_json::json!({
                    "code": l.code, "name": l.name, "url": url,
                    "current": l.code == lang, "translated": translated,
                })
            })
            .collect();
        ctx.insert("language_links", &language_links);
        let alternates: Vec<_> = search
            .pages
            .iter()
            .map(|p| serde_json::json!({ "code": p.lang, "url": config.permalink(&p.url) }))
            .collect();
        ctx.insert("alternates", &alternates);
        let others = search
            .pages
            .iter()
            .map(|p| p.lang.as_str())
            .filter(|code| *code != lang)
            .collect();
        self.insert_og_locales(&mut ctx, lang, others);
        let sections: Vec<_> = site
            .top_sections(lang)
            .iter()
            .map(|&id| {
                let s = &site.sections[id];
                serde_json::json!({ "title": s.title, "url": s.url })
            })
            .collect();
        let value = serde_json::json!({
            "url": page.url,
            "index_url": page.index_url,
            "sections": sections,
        });
        ctx.insert_value("search", Value::from_serializable(&value));
        Some(ctx)
    }
}
