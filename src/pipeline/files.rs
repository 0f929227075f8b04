//! The list of every file a build writes besides pages, sections and aliases, made
//! while loading (once the theme is known) so that an alias on any of them is one
//! lookup ([`crate::site::Site::alias_clashes`]).

use super::index_path;
use crate::render::{Renderer, Theme};
use crate::site::{self, Site};
use crate::{cms, content, output, render, results, search, taxonomy};

/// Every file the build writes besides pages, sections and aliases (output path →
/// what it is), as [`write_site`] writes them: for [`Site::alias_clashes`].
pub(crate) fn planned_files(
    site: &Site,
    theme: &Theme,
    renderer: &Renderer,
) -> std::collections::HashMap<String, String> {
    let mut files = std::collections::HashMap::new();
    let mut add = |url: &str, what: String| {
        files.insert(url.trim_start_matches('/').to_string(), what);
    };
    for lang in &site.config.languages {
        let root = site.config.language_root(&lang.code);
        add(
            &format!("{root}404.html"),
            format!("the {} 404 page", lang.code),
        );
    }
    for p in &site.pages {
        if p.page.content_type() == content::ContentType::Newsletter {
            let source = p.page.source.display();
            add(
                &site::addresses::email_html_url(&p.url),
                format!("the e-mail version of {source}"),
            );
            add(
                &site::addresses::email_text_url(&p.url),
                format!("the e-mail text of {source}"),
            );
        }
    }
    for p in &site.pages {
        if let content::TypeFields::Event { .. } = p.page.fields {
            let what = format!("the calendar file of {}", p.page.source.display());
            add(&site::addresses::event_file_url(&p.url), what);
        }
    }
    for lang in &site.config.languages {
        if let Some(s) = site::addresses::calendar_section(site, &lang.code) {
            let url = format!("{}{}", site.sections[s].url, site::addresses::CALENDAR_FILE);
            add(&url, format!("the {} calendar feed", lang.code));
        }
    }
    for feed in site::feeds::Feeds::plan(site).feeds {
        add(&feed.url, format!("the {} feed", feed.lang));
    }
    let text = |lang: &str, key: &str| renderer.text(lang, key);
    let (tags, _) = taxonomy::Taxonomy::build(site, |lang| text(lang, "tags_path"));
    for language in &tags.languages {
        add(
            &index_path(&language.url),
            format!("the {} tag list", language.lang),
        );
        for tag in &language.tags {
            add(
                &index_path(&tag.url),
                format!("the {} tag page {}", language.lang, tag.url),
            );
        }
    }
    if renderer.has_search_page() {
        let (search, _) = search::Search::plan(site, |lang| text(lang, "search_path"));
        for page in &search.pages {
            add(
                &index_path(&page.url),
                format!("the {} search page", page.lang),
            );
            add(&page.index_url, format!("the {} search index", page.lang));
        }
    }
    for name in [
        output::sitemap::FILE_NAME,
        "robots.txt",
        "syntax.css",
        results::JSON_FILE,
    ] {
        add(name, format!("/{name}"));
    }
    for (rel, _) in cms::files(site, &|_, _| None) {
        add(&rel, format!("the content manager's /{rel}"));
    }
    for (rel, origin) in &theme.static_files {
        let what = match origin {
            render::theme::Origin::Disk(p) => p.display().to_string(),
            render::theme::Origin::BuiltIn(..) => format!("the theme's {rel}"),
        };
        add(rel, what);
    }
    for a in &site.assets {
        add(&a.dest, a.source.display().to_string());
    }
    for (owner, url) in super::cards::planned(site) {
        if !renderer.has_card_template() {
            break;
        }
        let what = match owner {
            site::Owner::Page(id) => site.pages[id].page.source.display().to_string(),
            site::Owner::Section(id) => site.sections[id].url.clone(),
        };
        add(&url, format!("the share card of {what}"));
    }
    for v in &site.media.variants {
        add(&v.dest, format!("a smaller copy of {}", v.source.display()));
    }
    files
}
