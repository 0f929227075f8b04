//! A share card's SVG: the title set to fit (measured with the card's font, in
//! [`crate::media::card`]) and the theme's `share-card.svg` rendered with the page's
//! values. Drawing the SVG is `media::card`'s; the card's address is the model's
//! (`site::addresses::page_card`).

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::json;

use super::{Renderer, Views};
use crate::content::TypeFields;
use crate::error::Diagnostic;
use crate::media::card::{self, Fonts};
use crate::site::{Owner, Site};

/// The layout template, in the theme or the site's `templates/`.
pub const TEMPLATE: &str = "share-card.svg";
/// The title's box: from the left and right edge, its top, and its height (less on
/// events, whose date and place go below it).
const MARGIN: f32 = 80.0;
const TITLE_TOP: f32 = 140.0;
const TITLE_HEIGHT: f32 = 330.0;
const EVENT_TITLE_HEIGHT: f32 = 290.0;

/// Emblem files a card may show, by root-relative address, as `data:` URLs (read while
/// loading: rendering reads no files).
pub type Emblems = HashMap<String, String>;

impl Renderer {
    /// Whether the theme or the site has a share card layout.
    pub fn has_card_template(&self) -> bool {
        self.tera.contains_template(TEMPLATE)
    }

    /// The layout's file, for errors.
    pub fn card_template_path(&self) -> PathBuf {
        self.paths
            .get(TEMPLATE)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{TEMPLATE}")))
    }

    /// The share card of `owner` as SVG text: `card` (size, font family, the title's
    /// lines with their baselines and size, the emblem) besides the page's values.
    pub fn render_card(
        &self,
        views: &Views,
        owner: Owner,
        fonts: &Fonts,
        emblems: &Emblems,
    ) -> Result<String, Diagnostic> {
        let site = views.site;
        let (title, is_event, source) = match owner {
            Owner::Page(id) => {
                let p = &site.pages[id].page;
                let event = matches!(p.fields, TypeFields::Event { .. });
                (p.title.as_str(), event, Some(p.source.clone()))
            }
            Owner::Section(id) => {
                let s = &site.sections[id];
                (
                    s.title.as_str(),
                    false,
                    s.file.as_ref().map(|f| f.source.clone()),
                )
            }
        };
        let height = if is_event {
            EVENT_TITLE_HEIGHT
        } else {
            TITLE_HEIGHT
        };
        let width = card::WIDTH as f32 - 2.0 * MARGIN;
        let fit = card::fit_title(fonts, title, width, height);
        let lines: Vec<_> = fit
            .lines
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let y = TITLE_TOP + fit.size + i as f32 * fit.size * card::LEADING;
                json!({ "text": text, "y": y.round() })
            })
            .collect();
        let mut ctx = views.card_context(owner);
        ctx.insert(
            "card",
            &json!({
                "width": card::WIDTH,
                "height": card::HEIGHT,
                "margin": MARGIN,
                "font": fonts.family(),
                "title": { "text": title, "lines": lines, "size": fit.size },
                "emblem": emblem(site, owner, emblems),
            }),
        );
        self.render_template(TEMPLATE, &ctx)
            .map_err(|d| match source {
                Some(src) => super::about(d, &src),
                None => d,
            })
    }
}

/// The funder's emblem a card shows: `{eu: true, statement}` for the EU emblem (the
/// layout draws it, with the statement the rules put beside it), else `{href}` with the file as a `data:` URL; a project's first funder on its
/// pages, else the site's `[funding] emblem`.
fn emblem(site: &Site, owner: Owner, emblems: &Emblems) -> Option<serde_json::Value> {
    let lang = match owner {
        Owner::Page(id) => site.pages[id].page.lang.as_str(),
        Owner::Section(id) => site.sections[id].lang.as_str(),
    };
    if let Some(pid) = super::project::project_of(site, owner) {
        let project = &site.projects.list[pid];
        let acks = project
            .acknowledgements
            .get(lang)
            .or_else(|| project.acknowledgements.values().next())?;
        let first = acks.iter().find(|a| a.eu_emblem || a.emblem.is_some())?;
        if first.eu_emblem {
            return Some(json!({ "eu": true, "statement": first.statement }));
        }
        let href = emblems.get(first.emblem.as_deref()?)?;
        return Some(json!({ "href": href }));
    }
    let config = &site.config;
    let url = config
        .funding
        .as_ref()?
        .emblem
        .as_ref()?
        .get(lang, &config.default_language);
    emblems.get(url).map(|href| json!({ "href": href }))
}
