//! Writing: every page, section, feed, calendar, search index, redirect and copied
//! file of a loaded site, rendered in parallel and written through an
//! [`output::Sink`] (`build`'s staging folder, `serve`'s folder, or `check`'s reader).

use rayon::prelude::*;

use super::{index_path, BuildOptions, Loaded};
use crate::error::{self, Diagnostic, Errors};
use crate::render::{self, Views};
use crate::site;
use crate::{address, cms, content, markdown, media, output, results, search, taxonomy};

/// The search pages, when the site wants search and the theme has a search page.
pub(crate) fn plan_search(loaded: &Loaded) -> (search::Search, Vec<Diagnostic>) {
    let renderer = &loaded.renderer;
    if !renderer.has_search_page() {
        return (search::Search::default(), Vec::new());
    }
    search::Search::plan(&loaded.site, |lang| renderer.text(lang, "search_path"))
}

/// Renders every page and copies every file into `out`. Returns warnings; errors abort.
/// `build` and `serve` (into its private folder) both write through this; `check`
/// reads the pages it makes without writing them.
pub fn write_site(
    loaded: &Loaded,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Result<Vec<Diagnostic>, Errors> {
    write_site_counting(loaded, out, options).map(|(warnings, _)| warnings)
}

/// What the media steps of one build did: poster copies and share cards, made now or
/// found in the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub images: media::resize::Stats,
    pub cards: media::card::Stats,
}

/// [`write_site`], also saying how many image copies and share cards were made or
/// found in the cache.
pub fn write_site_counting(
    loaded: &Loaded,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Result<(Vec<Diagnostic>, Counts), Errors> {
    let site = &loaded.site;
    let renderer = &loaded.renderer;
    let feeds = site::feeds::Feeds::plan(site);
    let (tags, tag_errors) =
        taxonomy::Taxonomy::build(site, |lang| renderer.text(lang, "tags_path"));
    let (search, search_errors) = plan_search(loaded);
    let views = Views::new(site, &loaded.markdown, &loaded.section_markdown)
        .with_discovery(&feeds, &tags)
        .with_search(&search);
    if let Some(bar) = &options.progress {
        bar.set_length((site.pages.len() + site.sections.len()) as u64);
    }

    let mut errors = write_pages(loaded, &views, out, options);
    errors.extend(tag_errors);
    let (email_errors, mut warnings) = write_emails(loaded, &views, out);
    errors.extend(email_errors);
    errors.extend(search_errors);
    errors.extend(write_discovery(loaded, &views, &feeds, &tags, out));
    errors.extend(write_search(loaded, &views, &search, out));
    errors.extend(write_sections(loaded, &views, out, options));
    errors.extend(write_site_files(loaded, &views, out));
    let (copy_errors, image_stats) = copy_files(loaded, out, options);
    errors.extend(copy_errors);
    let (card_errors, card_stats) = super::cards::write(loaded, &views, out, options);
    errors.extend(card_errors);
    let counts = Counts {
        images: image_stats,
        cards: card_stats,
    };
    if let Some(bar) = &options.progress {
        bar.finish_and_clear();
    }
    if errors.is_empty() {
        error::sort(&mut warnings);
        Ok((warnings, counts))
    } else {
        error::sort(&mut errors);
        Err(Errors(errors))
    }
}

/// One more page or section done, on the caller's progress bar.
fn tick(options: &BuildOptions) {
    if let Some(bar) = &options.progress {
        bar.inc(1);
    }
}

/// Every page, in parallel.
fn write_pages(
    loaded: &Loaded,
    views: &Views,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Vec<Diagnostic> {
    let pages = &loaded.site.pages;
    let render = |id| loaded.renderer.render_page(views, id);
    write_rendered(pages.len(), |id| &pages[id].url, render, out, options)
}

/// Every section and home page, in parallel.
fn write_sections(
    loaded: &Loaded,
    views: &Views,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Vec<Diagnostic> {
    let sections = &loaded.site.sections;
    let render = |id| loaded.renderer.render_section(views, id);
    write_rendered(sections.len(), |id| &sections[id].url, render, out, options)
}

/// Renders items `0..count` in parallel and writes each to its address's
/// `index.html`, one progress tick each.
fn write_rendered<'a>(
    count: usize,
    url: impl Fn(usize) -> &'a str + Sync,
    render: impl Fn(usize) -> Result<String, Diagnostic> + Sync,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Vec<Diagnostic> {
    (0..count)
        .into_par_iter()
        .filter_map(|id| {
            let result =
                render(id).and_then(|html| out.write(&index_path(url(id)), html.as_bytes()));
            tick(options);
            result.err()
        })
        .collect()
}

/// Newsletters' e-mail versions, beside each issue's page: (errors, warnings).
fn write_emails(
    loaded: &Loaded,
    views: &Views,
    out: &dyn output::Sink,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let site = &loaded.site;
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let emails: Vec<_> = (0..site.pages.len())
        .into_par_iter()
        .filter(|&id| site.pages[id].page.content_type() == content::ContentType::Newsletter)
        .filter_map(|id| Some((id, loaded.renderer.render_email(views, id)?)))
        .collect();
    for (id, email) in emails {
        let url = &site.pages[id].url;
        match email {
            Ok(email) => {
                let files = [
                    (site::addresses::email_html_url(url), email.html),
                    (site::addresses::email_text_url(url), email.text),
                ];
                for (rel, text) in files {
                    if let Err(d) = out.write(rel.trim_start_matches('/'), text.as_bytes()) {
                        errors.push(d);
                    }
                }
                warnings.extend(email.warnings);
            }
            Err(d) => errors.push(d),
        }
    }
    (errors, warnings)
}

/// The site's other files: each language's 404 page, redirects, `syntax.css` when a
/// page has highlighted code, calendars and `results.json`.
fn write_site_files(loaded: &Loaded, views: &Views, out: &dyn output::Sink) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let renderer = &loaded.renderer;
    let mut errors = Vec::new();
    for lang in &site.config.languages {
        if let Some(result) = renderer.render_not_found(views, &lang.code) {
            let rel = format!(
                "{}404.html",
                site.config
                    .language_root(&lang.code)
                    .trim_start_matches('/')
            );
            if let Err(d) = result.and_then(|html| out.write(&rel, html.as_bytes())) {
                errors.push(d);
            }
        }
    }
    for alias in &site.aliases {
        let rel = address::file_of(&alias.from);
        if let Err(d) = out.write(&rel, render::redirect_page(site, &alias.to).as_bytes()) {
            errors.push(d);
        }
    }
    if site
        .pages
        .iter()
        .enumerate()
        .any(|(id, _)| loaded.markdown[id].html.contains("<pre class=\"code\""))
    {
        if let Err(d) = out.write("syntax.css", markdown::highlight_css().as_bytes()) {
            errors.push(d);
        }
    }
    // Calendars: each event's `.ics` and each language's feed.
    let calendars = output::ics::calendar_files(site, &loaded.markdown);
    errors.par_extend(
        calendars
            .par_iter()
            .filter_map(|(rel, text)| out.write(rel, text.as_bytes()).err()),
    );

    if results::has_results_page(site) {
        let json =
            results::Results::compute(site).json(site, &|lang, key| renderer.text(lang, key));
        if let Err(d) = out.write(results::JSON_FILE, json.as_bytes()) {
            errors.push(d);
        }
    }
    errors
}

/// Static files (the theme's and the site's), page bundle files, and posters' smaller
/// copies, made (or found) in the cache.
fn copy_files(
    loaded: &Loaded,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> (Vec<Diagnostic>, media::resize::Stats) {
    let site = &loaded.site;
    let copies: Vec<(String, render::theme::Origin)> = loaded
        .theme
        .static_files
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut errors: Vec<Diagnostic> = copies
        .par_iter()
        .filter_map(|(rel, origin)| match origin {
            render::theme::Origin::Disk(p) => out.copy(rel, &options.root.join(p)).err(),
            render::theme::Origin::BuiltIn(_, bytes) => out.write(rel, bytes).err(),
        })
        .collect();
    errors.par_extend(
        site.assets
            .par_iter()
            .filter_map(|a| out.copy(&a.dest, &options.root.join(&a.source)).err()),
    );
    let (made, image_stats, ds) = media::resize::make(&options.root, &site.media.variants);
    errors.extend(ds);
    errors.par_extend(
        made.par_iter()
            .filter_map(|m| out.copy(&m.dest, &m.file).err()),
    );
    (errors, image_stats)
}

/// Feeds, tag pages, `sitemap.xml` and `robots.txt` (unless the site ships its own).
fn write_discovery(
    loaded: &Loaded,
    views: &Views,
    feeds: &site::feeds::Feeds,
    tags: &taxonomy::Taxonomy,
    out: &dyn output::Sink,
) -> Vec<Diagnostic> {
    let site = &loaded.site;
    let renderer = &loaded.renderer;
    let strings = |lang: &str, key: &str| renderer.text(lang, key);
    let mut files: Vec<(String, Result<String, Diagnostic>)> = feeds
        .feeds
        .par_iter()
        .map(|f| {
            let xml = output::feeds::atom(site, f, &loaded.markdown, &strings);
            (f.url.trim_start_matches('/').to_string(), Ok(xml))
        })
        .collect();
    for language in &tags.languages {
        let lang = &language.lang;
        if let Some(html) = renderer.render_tag_index(views, lang) {
            files.push((index_path(&language.url), html));
        }
        files.par_extend(language.tags.par_iter().enumerate().filter_map(|(i, tag)| {
            let html = renderer.render_tag(views, lang, i)?;
            Some((index_path(&tag.url), html))
        }));
    }
    let own = |name: &str| loaded.theme.static_files.contains_key(name);
    if !own(output::sitemap::FILE_NAME) {
        let xml = output::sitemap::sitemap(site, tags);
        files.push((output::sitemap::FILE_NAME.to_string(), Ok(xml)));
    }
    if !own("robots.txt") {
        files.push(("robots.txt".to_string(), Ok(output::sitemap::robots(site))));
    }
    files.extend(
        cms::files(site, &strings)
            .into_iter()
            .map(|(rel, text)| (rel, Ok(text))),
    );
    files
        .par_iter()
        .filter_map(|(rel, text)| match text {
            Ok(text) => out.write(rel, text.as_bytes()).err(),
            Err(d) => Some(d.clone()),
        })
        .collect()
}

/// Each language's search page and its index.
fn write_search(
    loaded: &Loaded,
    views: &Views,
    search: &search::Search,
    out: &dyn output::Sink,
) -> Vec<Diagnostic> {
    search
        .pages
        .par_iter()
        .flat_map_iter(|page| {
            let html = loaded
                .renderer
                .render_search(views, &page.lang)
                .map(|html| html.and_then(|h| out.write(&index_path(&page.url), h.as_bytes())));
            let index = search::Index::build(&loaded.site, &loaded.markdown, &page.lang);
            let json = out.write(
                page.index_url.trim_start_matches('/'),
                index.to_json().as_bytes(),
            );
            [html.and_then(Result::err), json.err()]
        })
        .flatten()
        .collect()
}
