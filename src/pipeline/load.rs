//! Loading: `site.toml`, `content/`, the theme and its strings, the model
//! ([`Site::build`]), Markdown, the media survey, and the files the build will write
//! (for alias clashes). Writes nothing.

use std::sync::Arc;

use super::files::planned_files;
use super::markdown::render_markdown_of;
use super::{build_now, index_path, BuildOptions};
use crate::config::Config;
use crate::error::{self, Diagnostic, Errors};
use crate::render::{Renderer, Theme};
use crate::site::{Publish, Site};
use crate::{
    address, content, i18n, interrupt, markdown, media, output, render, results, taxonomy,
};

/// A loaded, validated site ready to render: what `build`, `check` and `serve` share.
pub struct Loaded {
    pub site: Site,
    pub theme: Theme,
    pub renderer: Renderer,
    pub markdown: Vec<markdown::Rendered>,
    pub section_markdown: Vec<Option<markdown::Rendered>>,
    pub warnings: Vec<Diagnostic>,
    /// Everything `content/` held, published or not, when loaded with
    /// [`load_keeping_content`]: `serve` builds the model again from it after a front
    /// matter edit without reading the other files.
    pub content: Option<content::Content>,
    /// The site's local time from which this build may be out of date as time passes
    /// (see [`output::stamp::valid_until`]).
    pub valid_until: jiff::civil::DateTime,
    /// The share cards' font and emblems; `None` when cards are off.
    pub cards: Option<std::sync::Arc<super::cards::Cards>>,
}

/// Loads, parses and validates the whole site; renders Markdown. Writes nothing.
pub fn load(options: &BuildOptions) -> Result<Loaded, Errors> {
    load_site(options, false)
}

/// [`load`], keeping the parsed content in [`Loaded::content`].
pub fn load_keeping_content(options: &BuildOptions) -> Result<Loaded, Errors> {
    load_site(options, true)
}

fn load_site(options: &BuildOptions, keep_content: bool) -> Result<Loaded, Errors> {
    let attempt = load_attempt(options, keep_content)?;
    match attempt.renderer {
        Some(renderer) if !attempt.diagnostics.iter().any(Diagnostic::is_error) => Ok(Loaded {
            site: attempt.site,
            theme: attempt.theme,
            renderer,
            markdown: attempt.markdown,
            section_markdown: attempt.section_markdown,
            warnings: attempt.diagnostics,
            content: attempt.content,
            valid_until: attempt.valid_until,
            cards: attempt.cards,
        }),
        _ => Err(Errors(attempt.diagnostics)),
    }
}

/// Everything loading made, also when some of it failed: `check` goes on past errors
/// to find every problem. Pages whose front matter failed are left out of the model.
pub struct Attempt {
    pub site: Site,
    pub theme: Theme,
    /// `None` when a template does not compile.
    pub renderer: Option<Renderer>,
    pub markdown: Vec<markdown::Rendered>,
    pub section_markdown: Vec<Option<markdown::Rendered>>,
    /// Every error and warning, sorted.
    pub diagnostics: Vec<Diagnostic>,
    pub content: Option<content::Content>,
    pub valid_until: jiff::civil::DateTime,
    pub cards: Option<std::sync::Arc<super::cards::Cards>>,
}

/// Loads, parses and validates as far as it can; fails only when `site.toml` does.
pub fn load_attempt(options: &BuildOptions, keep_content: bool) -> Result<Attempt, Errors> {
    let root = &options.root;
    // Errors that leave the settings usable are reported with the content's.
    let (mut config, config_errors) = Config::load_usable(root).map_err(Errors)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(
            address::base_url(url)
                .map_err(|message| Errors::one(Diagnostic::error("--base-url", message)))?,
        );
    }
    let now = build_now(options, &config);

    // A stop asked for while loading ends it between stages (and at every file read).
    let stopped = || interrupt::check(root).map_err(Errors::one);
    let mut diagnostics = config_errors;
    diagnostics.extend(config.warnings.iter().cloned());
    let (content, ds) = content::load(root, &config);
    diagnostics.extend(ds);
    stopped()?;
    let (theme, ds) = Theme::load(root, &config);
    diagnostics.extend(ds);
    let uses = site_key_uses(&theme, content.sections.iter());
    let (strings, ds) = i18n::Strings::load(&theme.strings, &uses);
    drop(uses);
    diagnostics.extend(ds);
    diagnostics.extend(languages_without_strings(&config, &strings));
    let kept = keep_content.then(|| content.clone());
    let valid_until = output::stamp::valid_until(now, time_moments(&content));
    let (mut site, ds) = Site::build(
        config,
        content,
        Publish {
            drafts: options.drafts,
            now,
        },
    );
    diagnostics.extend(ds);
    diagnostics.extend(base_path_clashes(&site));
    let renderer = match Renderer::new(&theme, Arc::new(strings), &site.config.base_path) {
        Ok(r) => Some(r),
        Err(ds) => {
            diagnostics.extend(ds);
            None
        }
    };
    // A build keeps the bodies only as HTML; `serve` keeps them to compare edits.
    let bodies = (!keep_content).then(|| {
        site.pages
            .iter_mut()
            .map(|p| std::mem::take(&mut p.page.body))
            .collect()
    });
    stopped()?;
    let (markdown, section_markdown, ds) = render_markdown_of(&site, renderer.as_ref(), bodies);
    diagnostics.extend(ds);
    stopped()?;
    diagnostics.extend(results::warnings(&site));
    diagnostics.extend(taxonomy::merged_spellings(&site));
    let (media, ds) = media::survey(&site, &theme, root, &markdown);
    site.media = media;
    diagnostics.extend(ds);
    diagnostics.extend(copy_clashes(&site, &theme));
    let (cards, ds) = super::cards::load(root, &site, &theme);
    diagnostics.extend(ds);
    if let Some(renderer) = &renderer {
        site.files = planned_files(&site, &theme, renderer);
        diagnostics.extend(site.alias_clashes());
    }

    error::sort(&mut diagnostics);
    Ok(Attempt {
        site,
        theme,
        renderer,
        markdown,
        section_markdown,
        diagnostics,
        content: kept,
        valid_until,
        cards,
    })
}

/// A language of `site.toml` that neither the theme nor the site has interface strings
/// for ("Skip to content", month names in templates …) cannot be rendered: say so at
/// its `[languages.…]` line rather than at the first template that needs a string.
/// Pages and sections whose address starts with the folder of `base_url`
/// (`content/kampanija/` under `https://org.github.io/kampanija/`): their links would
/// read as the site's own root, so each is an error at its file.
fn base_path_clashes(site: &Site) -> Vec<Diagnostic> {
    let base_path = site.config.base_path.as_str();
    if base_path.is_empty() {
        return Vec::new();
    }
    let pages = site.pages.iter().map(|p| (&p.url, Some(&p.page.source)));
    let sections = (site.sections.iter()).map(|s| (&s.url, s.file.as_ref().map(|f| &f.source)));
    pages
        .chain(sections)
        .filter(|(url, _)| address::under_base_path(base_path, url))
        .filter_map(|(url, source)| {
            Some(Diagnostic::error(
                source?,
                format!(
                    "{url} starts with {base_path}/, the folder the site is published in (base_url), so links to it would lead to the site's own {}; give the folder or page another name or `slug`",
                    &url[base_path.len()..]
                ),
            ))
        })
        .collect()
}

fn languages_without_strings(config: &Config, strings: &i18n::Strings) -> Vec<Diagnostic> {
    config
        .languages
        .iter()
        .filter(|l| !strings.has_language(&l.code))
        .map(|l| {
            let code = &l.code;
            let d = Diagnostic::error(
                "site.toml",
                format!(
                    "the theme has no interface texts in {code:?} (it has {}); add i18n/{code}.yaml to the site, translated from the theme's en.yaml, or remove [languages.{code}]",
                    strings.languages().join(", ")
                ),
            )
            .field(format!("languages.{code}"));
            match l.line {
                Some(line) => d.at_line(line),
                None => d,
            }
        })
        .collect()
}

/// The moments at which what a build shows changes by itself: pages coming due, and
/// events starting and ending (upcoming, running, past).
fn time_moments(content: &content::Content) -> Vec<jiff::civil::DateTime> {
    let mut moments = Vec::new();
    for page in &content.pages {
        moments.extend(page.date.map(|d| d.datetime()));
        if let content::TypeFields::Event { start, end, .. } = &page.fields {
            moments.push(start.datetime());
            moments.extend(end.map(|e| e.datetime()));
            // A day-long event is over when its last day is.
            let last = end.unwrap_or(*start);
            if let content::When::Date(d) = last {
                moments.extend(
                    d.tomorrow()
                        .ok()
                        .map(|t| t.to_datetime(jiff::civil::Time::midnight())),
                );
            }
        }
    }
    moments
}

/// Copied files that would silently replace a rendered page (`static/apie/index.html`,
/// an `index.html` in a page bundle) are errors naming both files.
fn copy_clashes(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let mut rendered: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for p in &site.pages {
        rendered.insert(index_path(&p.url), p.page.source.display().to_string());
    }
    for s in &site.sections {
        let name = s.file.as_ref().map_or_else(
            || "the home page".to_string(),
            |f| f.source.display().to_string(),
        );
        rendered.insert(index_path(&s.url), name);
    }
    let copied = theme
        .static_files
        .iter()
        .filter_map(|(dest, origin)| match origin {
            render::theme::Origin::Disk(p) => Some((dest.as_str(), p.clone())),
            render::theme::Origin::BuiltIn(..) => None,
        })
        .chain(
            site.assets
                .iter()
                .map(|a| (a.dest.as_str(), a.source.clone())),
        );
    copied
        .filter_map(|(dest, source)| {
            let page = rendered.get(dest)?;
            Some(Diagnostic::error(
                source,
                format!("this file would replace the page made from {page} at /{dest}; rename or move it"),
            ))
        })
        .collect()
}

/// The site's own texts that may name interface keys the theme does not have: its
/// templates and the `noun` of its sections (see [`i18n::Strings::load`]).
pub fn site_key_uses<'a>(
    theme: &'a Theme,
    sections: impl Iterator<Item = &'a crate::content::SectionFile>,
) -> Vec<&'a str> {
    theme
        .templates
        .values()
        .filter(|t| matches!(t.origin, crate::theme::Origin::Disk(_)))
        .map(|t| t.text.as_str())
        .chain(sections.filter_map(|s| s.extra.get("noun").and_then(|n| n.as_str())))
        .collect()
}
