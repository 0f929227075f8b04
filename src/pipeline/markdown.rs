//! Pages' and sections' Markdown as HTML, in parallel, with their shortcodes and their
//! `.md` links resolved through the model ([`crate::site::resolve_link`]).

use rayon::prelude::*;

use crate::content::PageId;
use crate::error::Diagnostic;
use crate::render::Renderer;
use crate::site::{self, links_to_broken_file, resolve_link, Site};
use crate::{interrupt, markdown, shortcodes, typography};

/// Renders the Markdown of every page (in parallel) and section, with their shortcodes,
/// rewriting `.md` links to page URLs. Unresolved `.md` links are warnings.
pub fn render_markdown(
    site: &Site,
    renderer: Option<&Renderer>,
) -> (
    Vec<markdown::Rendered>,
    Vec<Option<markdown::Rendered>>,
    Vec<Diagnostic>,
) {
    render_markdown_of(site, renderer, None)
}

/// [`render_markdown`], reading the page bodies from `bodies` (in page order) when
/// given: each is dropped as soon as it is rendered, so a build never holds the
/// sources and their HTML at once.
pub(crate) fn render_markdown_of(
    site: &Site,
    renderer: Option<&Renderer>,
    bodies: Option<Vec<String>>,
) -> (
    Vec<markdown::Rendered>,
    Vec<Option<markdown::Rendered>>,
    Vec<Diagnostic>,
) {
    // Pages left once a stop is asked for are skipped (the caller then stops).
    let one = |id: PageId, body: &str| {
        if interrupt::requested() {
            Default::default()
        } else {
            page_markdown_from(site, renderer, &site.pages[id], body)
        }
    };
    let (pages, mut diagnostics): (Vec<markdown::Rendered>, Vec<Vec<Diagnostic>>) = match bodies {
        Some(bodies) => bodies
            .into_par_iter()
            .enumerate()
            .map(|(id, body)| one(id, &body))
            .unzip(),
        None => site
            .pages
            .par_iter()
            .enumerate()
            .map(|(id, p)| one(id, &p.page.body))
            .unzip(),
    };
    let mut diagnostics: Vec<Diagnostic> = diagnostics.drain(..).flatten().collect();
    let sections: Vec<Option<markdown::Rendered>> = site
        .sections
        .iter()
        .map(|s| {
            s.file.as_ref().map(|f| {
                let resolve = |href: &str| resolve_link(site, &f.source, &f.lang, href);
                let options = markdown::Options {
                    footnote_prefix: "fn-",
                    resolve_link: Some(&resolve),
                    first_line: f.body_line,
                    typography: Some(typography::Typography::for_language(&f.lang)),
                    alert_titles: None,
                };
                let host = renderer.map(|renderer| shortcodes::Host {
                    site,
                    renderer,
                    source: &f.source,
                    lang: &f.lang,
                    url: &s.url,
                    title: &s.title,
                });
                let (rendered, ds) =
                    shortcodes::render(&f.body, &options, host.as_ref(), site.config.safe_html);
                diagnostics.extend(ds);
                rendered
            })
        })
        .collect();
    let sources = site
        .pages
        .iter()
        .map(|p| &p.page.source)
        .zip(pages.iter())
        .chain(
            site.sections
                .iter()
                .zip(sections.iter())
                .filter_map(|(s, r)| Some((&s.file.as_ref()?.source, r.as_ref()?))),
        );
    for (source, rendered) in sources {
        for link in &rendered.links {
            let path = link.url.split('#').next().unwrap_or("");
            if path.ends_with(".md")
                && !path.contains("://")
                && !links_to_broken_file(site, source, &link.url)
            {
                diagnostics.push(
                    Diagnostic::warning(source, unknown_page_link(&link.url)).at_line(link.line),
                );
            }
        }
    }
    (pages, sections, diagnostics)
}

/// The warning for a Markdown link to a `.md` file that is no page (`check` makes it an
/// error and drops this one).
pub fn unknown_page_link(url: &str) -> String {
    format!("link to {url}: there is no such page in content/")
}

/// One page's Markdown as HTML, `.md` links resolved through the model and shortcodes
/// rendered (when there is a renderer), with the shortcodes' problems. `serve`
/// re-renders a single edited page with this.
pub fn page_markdown(
    site: &Site,
    renderer: Option<&Renderer>,
    p: &site::SitePage,
) -> (markdown::Rendered, Vec<Diagnostic>) {
    page_markdown_from(site, renderer, p, &p.page.body)
}

/// [`page_markdown`] of `body`, which `build` has taken out of the page.
fn page_markdown_from(
    site: &Site,
    renderer: Option<&Renderer>,
    p: &site::SitePage,
    body: &str,
) -> (markdown::Rendered, Vec<Diagnostic>) {
    let resolve = |href: &str| resolve_link(site, &p.page.source, &p.page.lang, href);
    let options = markdown::Options {
        footnote_prefix: "fn-",
        resolve_link: Some(&resolve),
        first_line: p.page.body_line,
        typography: Some(typography::Typography::for_language(&p.page.lang)),
        alert_titles: None,
    };
    let host = renderer.map(|renderer| shortcodes::Host {
        site,
        renderer,
        source: &p.page.source,
        lang: &p.page.lang,
        url: &p.url,
        title: &p.page.title,
    });
    shortcodes::render(body, &options, host.as_ref(), site.config.safe_html)
}
