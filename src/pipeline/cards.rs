//! Share cards in the pipeline: while loading, the card font (built in, or the site's
//! `share_card_font` checked against every site language) and the emblem files cards
//! show; while writing, each page's and section's card rendered (`render::card`),
//! drawn or found in the cache (`media::card`) and copied to its address
//! (`site::addresses::page_card`).

use std::path::Path;
use std::sync::Arc;

use base64::Engine;
use rayon::prelude::*;

use super::{BuildOptions, Loaded};
use crate::error::Diagnostic;
use crate::media::card::{self, Fonts};
use crate::render::card::Emblems;
use crate::render::{theme::Origin, Theme, Views};
use crate::site::{addresses, Owner, Site};
use crate::{output, render};

/// What drawing cards needs, read while loading.
pub struct Cards {
    pub fonts: Fonts,
    pub emblems: Emblems,
}

/// The card font and emblems, or `None` when the site turns cards off
/// (`share_cards = false`) or the theme has no layout.
pub(crate) fn load(
    root: &Path,
    site: &Site,
    theme: &Theme,
) -> (Option<Arc<Cards>>, Vec<Diagnostic>) {
    let config = &site.config;
    if !config.share_cards || !theme.templates.contains_key(render::card::TEMPLATE) {
        return (None, Vec::new());
    }
    let fonts = match &config.share_card_font {
        None => Fonts::built_in(),
        Some(rel) => match Fonts::from_file(root, rel) {
            Ok(fonts) => {
                let langs: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
                let missing = card::check_coverage(&fonts, rel, &langs);
                if !missing.is_empty() {
                    return (None, missing);
                }
                fonts
            }
            Err(d) => return (None, vec![d]),
        },
    };
    let emblems = emblems(root, site, theme);
    (Some(Arc::new(Cards { fonts, emblems })), Vec::new())
}

/// Every emblem file a card may show (the site's `[funding] emblem` in each language,
/// projects' funders' emblems), as `data:` URLs. A missing file is left out: the
/// link checker reports it on the pages that show it.
fn emblems(root: &Path, site: &Site, theme: &Theme) -> Emblems {
    let config = &site.config;
    let mut urls: Vec<&str> = Vec::new();
    if let Some(emblem) = config.funding.as_ref().and_then(|f| f.emblem.as_ref()) {
        for lang in &config.languages {
            urls.push(emblem.get(&lang.code, &config.default_language));
        }
    }
    for project in &site.projects.list {
        for acks in project.acknowledgements.values() {
            urls.extend(acks.iter().filter_map(|a| a.emblem.as_deref()));
        }
    }
    let mut emblems = Emblems::new();
    for url in urls {
        if emblems.contains_key(url) {
            continue;
        }
        let Some(mime) = mime_of(url) else { continue };
        let Some(bytes) = emblem_bytes(root, site, theme, url) else {
            continue;
        };
        let data = base64::engine::general_purpose::STANDARD.encode(bytes);
        emblems.insert(url.to_string(), format!("data:{mime};base64,{data}"));
    }
    emblems
}

/// The type of an emblem file from its name: SVG, PNG or JPEG.
fn mime_of(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    if lower.ends_with(".svg") {
        Some("image/svg+xml")
    } else if lower.ends_with(".png") {
        Some("image/png")
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The bytes of the site's file at root-relative `url`: a static file (theme or site)
/// or a content file.
fn emblem_bytes(root: &Path, site: &Site, theme: &Theme, url: &str) -> Option<Vec<u8>> {
    let rel = url.strip_prefix('/')?;
    if let Some(origin) = theme.static_files.get(rel) {
        return match origin {
            Origin::BuiltIn(_, bytes) => Some(bytes.to_vec()),
            Origin::Disk(p) => crate::input::read(&root.join(p), p, crate::input::IMAGE_LIMIT).ok(),
        };
    }
    let asset = site.assets.iter().find(|a| a.dest == rel)?;
    crate::input::read(
        &root.join(&asset.source),
        &asset.source,
        crate::input::IMAGE_LIMIT,
    )
    .ok()
}

/// Every page and section with a card: its owner and the card's address.
pub(crate) fn planned(site: &Site) -> Vec<(Owner, String)> {
    let pages = (0..site.pages.len())
        .filter_map(|id| Some((Owner::Page(id), addresses::page_card(site, id)?)));
    let sections = (0..site.sections.len())
        .filter_map(|id| Some((Owner::Section(id), addresses::section_card(site, id)?)));
    pages.chain(sections).collect()
}

/// Renders every card's SVG, draws those not in the cache, and copies them to their
/// addresses: (errors, what was drawn and reused).
pub(crate) fn write(
    loaded: &Loaded,
    views: &Views,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> (Vec<Diagnostic>, card::Stats) {
    let Some(cards) = &loaded.cards else {
        return (Vec::new(), card::Stats::default());
    };
    let site = &loaded.site;
    let renderer = &loaded.renderer;
    let template = renderer.card_template_path();
    let rendered: Vec<Result<card::Job, Diagnostic>> = planned(site)
        .into_par_iter()
        .map(|(owner, url)| {
            let svg = renderer.render_card(views, owner, &cards.fonts, &cards.emblems)?;
            let page = match owner {
                Owner::Page(id) => site.pages[id].page.source.clone(),
                Owner::Section(id) => site.sections[id]
                    .file
                    .as_ref()
                    .map_or_else(|| url.clone().into(), |f| f.source.clone()),
            };
            Ok(card::Job {
                dest: url.trim_start_matches('/').to_string(),
                svg,
                page,
                template: template.clone(),
            })
        })
        .collect();
    let mut errors = Vec::new();
    let mut jobs = Vec::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(job) => jobs.push(job),
            Err(d) => errors.push(d),
        }
    }
    // One template error is one error, however many cards it breaks.
    errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
    errors.dedup_by(|a, b| a.path == b.path && a.line == b.line && same_problem(a, b));
    if out.reads_only() {
        // `check`: the layouts rendered (their errors found), the cards named, none drawn.
        for job in &jobs {
            errors.extend(out.write(&job.dest, &[]).err());
        }
        return (errors, card::Stats::default());
    }
    let (made, stats, ds) = card::make(&options.root, &cards.fonts, &jobs);
    errors.extend(ds);
    errors.par_extend(
        made.par_iter()
            .filter_map(|m| out.copy(&m.dest, &m.file).err()),
    );
    (errors, stats)
}

/// Two template errors that differ only in the page being rendered.
fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    let strip = |m: &str| {
        m.split(" (while rendering ")
            .next()
            .unwrap_or(m)
            .to_string()
    };
    strip(&a.message) == strip(&b.message)
}
