//! Rebuilding the site into the dev server's private output folder.
//!
//! The loaded site ([`Loaded`]) is kept between rebuilds, and each batch of changes
//! gets the cheapest [`Plan`] that gives the same output as a full build:
//!
//! - an edited Markdown body re-parses that file alone, re-renders its Markdown, and
//!   re-renders the page, its section lists and its language's home page at once;
//!   the rest of the site (feeds, tag pages, other lists) is brought up to date by a
//!   full build in the background ([`SiteState::start_catch_up`]) when saves pause;
//! - a template, theme or `i18n/` change reloads the theme and re-renders every page
//!   without reading content;
//! - a changed static file or page-bundle file is copied alone;
//! - anything else (`site.toml`, new, removed or renamed files, changed front
//!   matter) is a full build with the same functions as `build`.
//!
//! Full builds are swapped in whole, single files are replaced by rename, both under
//! [`Shared::writing`](super::Shared), so a background catch-up that started before a
//! page was written is thrown away rather than swapped in over it. A failed rebuild
//! leaves the last good output served and the kept model as it was.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::watch::{Area, Changed};
use super::Shared;
use crate::content::{self, front_matter::PageOrigin, Page, PageId, SectionId};
use crate::error::{self, Diagnostic, Errors};
use crate::pipeline::{BuildOptions, Loaded, Prepared};
use crate::render::theme::Origin;
use crate::render::{Renderer, Theme};
use crate::site::{self, Owner, Site};
use crate::{i18n, output};

/// What one successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Pages and sections rendered (or files copied, for a copy).
    pub rendered: usize,
    /// `pages`, `files`: what `rendered` counts.
    pub unit: &'static str,
    pub warnings: Vec<Diagnostic>,
    pub duration: Duration,
}

impl Rebuilt {
    /// `14 pages re-rendered`, `1 file copied`.
    pub fn work(&self) -> String {
        let n = self.rendered;
        match self.unit {
            "files" => format!("{n} file{} copied", if n == 1 { "" } else { "s" }),
            _ => format!("{n} page{} re-rendered", if n == 1 { "" } else { "s" }),
        }
    }
}

/// The cheapest way to bring the output up to date after some changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Markdown files of published pages, by page, whose bodies may have changed.
    Pages(Vec<PageId>),
    /// Files copied as they are: (output path, source relative to the root).
    Copy(Vec<(String, String)>),
    /// Templates, theme files or interface strings.
    Theme,
    Full,
}

/// What a cheap rebuild did (count, unit, warnings), or `None` when the change
/// needs a full build after all.
type Step = Result<Option<(usize, &'static str, Vec<Diagnostic>)>, Errors>;

/// The site as last built, and how to build it again.
pub struct SiteState {
    options: BuildOptions,
    loaded: Option<Loaded>,
    /// Page values, feeds and tags, kept so that an edit makes only its page's again.
    prepared: Option<Prepared>,
    /// Pages were re-rendered alone: lists, feeds and tag pages may lag behind.
    stale: bool,
    /// Counts writes into the output; a catch-up that started before the last
    /// write is thrown away rather than swapped in over it.
    generation: Arc<AtomicU64>,
    catching_up: Option<JoinHandle<()>>,
}

impl SiteState {
    /// `options.output` is the private folder.
    pub fn new(options: BuildOptions) -> SiteState {
        SiteState {
            options,
            loaded: None,
            prepared: None,
            stale: false,
            generation: Arc::new(AtomicU64::new(0)),
            catching_up: None,
        }
    }

    /// Whether a [`SiteState::catch_up`] is due.
    pub fn is_stale(&self) -> bool {
        self.stale
    }

    fn out_dir(&self) -> &Path {
        self.options
            .output
            .as_deref()
            .unwrap_or(Path::new("public"))
    }

    /// Loads and writes the whole site.
    pub fn build_all(&mut self, shared: &Shared) -> Result<Rebuilt, Errors> {
        let started = Instant::now();
        self.finish_catch_up();
        let loaded = crate::pipeline::load_keeping_content(&self.options)?;
        let mut warnings = write_all(&self.options, &loaded, shared, &self.generation)?;
        warnings.extend(loaded.warnings.iter().cloned());
        let rendered = loaded.site.pages.len() + loaded.site.sections.len();
        // Made now rather than on the first edit, which should be quick.
        self.prepared = Some(Prepared::new(&loaded));
        self.loaded = Some(loaded);
        self.stale = false;
        Ok(Rebuilt {
            rendered,
            unit: "pages",
            warnings,
            duration: started.elapsed(),
        })
    }

    /// Starts bringing the whole output up to date after pages were re-rendered
    /// alone: a full build on one thread in the background, so that saves meanwhile
    /// are served at once. It is swapped in only if nothing was written since it
    /// started (a later save leaves the site stale and it runs again). Does nothing
    /// while one is still running.
    pub fn start_catch_up(&mut self, shared: &Arc<Shared>) {
        if self.catching_up.as_ref().is_some_and(|j| !j.is_finished()) {
            return;
        }
        self.finish_catch_up();
        self.stale = false;
        let options = self.options.clone();
        let shared = Arc::clone(shared);
        let generation = Arc::clone(&self.generation);
        let at_start = generation.load(Ordering::SeqCst);
        self.catching_up = Some(std::thread::spawn(move || {
            let started = Instant::now();
            let run = || -> Result<bool, Errors> {
                let loaded = crate::pipeline::load(&options)?;
                let out_dir = options.output.as_deref().unwrap_or(Path::new("public"));
                let out = output::Output::begin(out_dir, &options.root).map_err(Errors::one)?;
                crate::pipeline::write_site(&loaded, &out, &options)?;
                let _writing = shared.writing.lock().unwrap_or_else(|e| e.into_inner());
                if generation.load(Ordering::SeqCst) != at_start {
                    return Ok(false);
                }
                shared
                    .swap_in(out, &loaded.site.config.base_path)
                    .map_err(Errors::one)?;
                Ok(true)
            };
            // One thread: the other cores stay free for the next save.
            let result = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(run),
                Err(_) => run(),
            };
            // Errors here belong to a save the rebuild loop has not handled yet; it
            // reports them itself.
            if let Ok(true) = result {
                println!(
                    "{} lists, feeds and tag pages brought up to date in {} ms",
                    super::clock(),
                    started.elapsed().as_millis()
                );
            }
        }));
    }

    /// Waits for a running catch-up: a full build needs the output to itself.
    fn finish_catch_up(&mut self) {
        if let Some(job) = self.catching_up.take() {
            let _ = job.join();
        }
    }

    /// Rebuilds after `changes`, as cheaply as gives the same output.
    pub fn update(&mut self, changes: &[Changed], shared: &Shared) -> Result<Rebuilt, Errors> {
        let plan = match &self.loaded {
            Some(loaded) => plan(changes, loaded),
            None => Plan::Full,
        };
        let started = Instant::now();
        let done = match plan {
            Plan::Pages(ids) => self.update_pages(&ids, shared)?,
            Plan::Copy(files) => self.copy(&files, shared)?,
            Plan::Theme => self.reload_theme(shared)?,
            Plan::Full => None,
        };
        match done {
            Some((rendered, unit, warnings)) => Ok(Rebuilt {
                rendered,
                unit,
                warnings,
                duration: started.elapsed(),
            }),
            None => self.build_all(shared),
        }
    }

    /// Re-parses edited pages. A changed body re-renders the page and the lists that
    /// show it; changed front matter builds the model again from the kept content
    /// and re-renders the page, its translations and those lists too. `None` when
    /// the edit moves, adds or removes pages (a full build).
    fn update_pages(&mut self, ids: &[PageId], shared: &Shared) -> Step {
        let out_dir = self.out_dir().to_path_buf();
        let drafts = self.options.drafts;
        let Some(loaded) = self.loaded.as_mut() else {
            return Ok(None);
        };
        let root = &self.options.root;
        let mut parsed = Vec::with_capacity(ids.len());
        let mut front_matter = false;
        for &id in ids {
            let old = &loaded.site.pages[id].page;
            // Gone, or now a link: a full build (which checks where links lead).
            let path = root.join(&old.source);
            if !path.is_file() || path.is_symlink() {
                return Ok(None);
            }
            let text = content::read_text(root, &old.source).map_err(Errors::one)?;
            // Emptied translation (the content manager's "not translated"): no page
            // any more, as a full build sees it.
            if text.trim().is_empty() && !loaded.site.config.is_default_language(&old.lang) {
                return Ok(None);
            }
            let origin = origin_of(old, &loaded.site);
            let new =
                content::front_matter::parse_page(&old.source, &text, &origin).map_err(sorted)?;
            if !same_but_body(old, &new) {
                front_matter = true;
            } else if new.body == old.body {
                continue;
            }
            parsed.push((id, new));
        }
        let (pages, sections, warnings) = if front_matter {
            match rebuild_model(loaded, parsed, drafts, root) {
                Ok(Some(done)) => done,
                Ok(None) => return Ok(None),
                Err(e) => {
                    // The kept content holds the new text: build it all next time.
                    self.loaded = None;
                    return Err(e);
                }
            }
        } else {
            let mut sections = BTreeSet::new();
            let mut pages = Vec::new();
            let mut problems = Vec::new();
            for (id, page) in parsed {
                keep_in_content(loaded, &page);
                loaded.site.pages[id].page = page;
                let (md, ds) = crate::pipeline::page_markdown(
                    &loaded.site,
                    Some(&loaded.renderer),
                    &loaded.site.pages[id],
                );
                loaded.markdown[id] = md;
                problems.extend(ds);
                pages.push(id);
                sections.extend(showing_sections(&loaded.site, id));
            }
            (pages, sections, problems)
        };
        if warnings.iter().any(Diagnostic::is_error) {
            // A broken shortcode: the model holds the new text; a full build redoes it.
            self.loaded = None;
            self.prepared = None;
            return Err(sorted(warnings));
        }
        let sections: Vec<SectionId> = sections.into_iter().collect();
        let mut errors = Vec::new();
        let mut warnings = warnings;
        let prepared = self.prepared.get_or_insert_with(|| Prepared::new(loaded));
        prepared.update(loaded, &pages, front_matter);
        let rendered = crate::pipeline::render_some(loaded, prepared, &pages, &sections);
        let writing = shared.writing.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        for (rel, html) in &rendered {
            match html {
                Ok(html) => {
                    if let Err(d) = output::replace(&out_dir, rel, html.as_bytes()) {
                        errors.push(d);
                    }
                }
                Err(d) => errors.push(d.clone()),
            }
        }
        drop(writing);
        for &id in &pages {
            warnings.extend(link_warnings(&loaded.site, &loaded.markdown, id));
        }
        if !errors.is_empty() {
            // The model holds the new text; a full build on the next save redoes it.
            self.loaded = None;
            self.prepared = None;
            return Err(sorted(errors));
        }
        self.stale = !pages.is_empty();
        Ok(Some((pages.len() + sections.len(), "pages", warnings)))
    }

    /// Copies changed static and bundle files over their output.
    fn copy(&mut self, files: &[(String, String)], shared: &Shared) -> Step {
        let mut written = 0;
        let _writing = shared.writing.lock().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        let site = crate::input::SiteFolder::new(&self.options.root);
        for (dest, source) in files {
            // A removed file leaves the output through a full build (which also
            // reports a file that is not a regular one or links out of the site).
            let Ok(bytes) = site.read_inside(Path::new(source), crate::input::FILE_LIMIT) else {
                return Ok(None);
            };
            if output::replace(self.out_dir(), dest, &bytes).map_err(Errors::one)? {
                written += 1;
            }
        }
        Ok(Some((written, "files", Vec::new())))
    }

    /// Reloads templates, theme files and strings; re-renders everything from the
    /// kept content.
    fn reload_theme(&mut self, shared: &Shared) -> Step {
        self.finish_catch_up();
        let Some(mut loaded) = self.loaded.take() else {
            return Ok(None);
        };
        let root = &self.options.root;
        let (theme, mut diagnostics) = Theme::load(root, &loaded.site.config);
        let uses = crate::pipeline::site_key_uses(
            &theme,
            loaded.site.sections.iter().filter_map(|s| s.file.as_ref()),
        );
        let (strings, ds) = i18n::Strings::load(&theme.strings, &uses);
        drop(uses);
        diagnostics.extend(ds);
        let renderer = Renderer::new(&theme, Arc::new(strings), &loaded.site.config.base_path);
        let renderer = match renderer {
            Ok(r) if !diagnostics.iter().any(Diagnostic::is_error) => r,
            Ok(_) => {
                self.loaded = Some(loaded);
                return Err(sorted(diagnostics));
            }
            Err(ds) => {
                diagnostics.extend(ds);
                self.loaded = Some(loaded);
                return Err(sorted(diagnostics));
            }
        };
        // Shortcodes render with the templates: the Markdown is rendered again.
        let (markdown, section_markdown, ds) =
            crate::pipeline::render_markdown(&loaded.site, Some(&renderer));
        if ds.iter().any(Diagnostic::is_error) {
            self.loaded = Some(loaded);
            return Err(sorted(ds));
        }
        diagnostics.extend(ds);
        let old_markdown = std::mem::replace(&mut loaded.markdown, markdown);
        let old_sections = std::mem::replace(&mut loaded.section_markdown, section_markdown);
        let old_theme = std::mem::replace(&mut loaded.theme, theme);
        let old_renderer = std::mem::replace(&mut loaded.renderer, renderer);
        match write_all(&self.options, &loaded, shared, &self.generation) {
            Ok(mut warnings) => {
                warnings.extend(diagnostics);
                let n = loaded.site.pages.len() + loaded.site.sections.len();
                // Tag page URLs come from the interface strings.
                self.prepared = Some(Prepared::new(&loaded));
                self.loaded = Some(loaded);
                self.stale = false;
                Ok(Some((n, "pages", warnings)))
            }
            Err(e) => {
                loaded.theme = old_theme;
                loaded.renderer = old_renderer;
                loaded.markdown = old_markdown;
                loaded.section_markdown = old_sections;
                self.loaded = Some(loaded);
                Err(e)
            }
        }
    }
}

/// Writes every output file of `loaded` and swaps the folder in.
fn write_all(
    options: &BuildOptions,
    loaded: &Loaded,
    shared: &Shared,
    generation: &AtomicU64,
) -> Result<Vec<Diagnostic>, Errors> {
    let out_dir = options.output.as_deref().unwrap_or(Path::new("public"));
    let out = output::Output::begin(out_dir, &options.root).map_err(Errors::one)?;
    let warnings = crate::pipeline::write_site(loaded, &out, options)?;
    let _writing = shared.writing.lock().unwrap_or_else(|e| e.into_inner());
    generation.fetch_add(1, Ordering::SeqCst);
    shared
        .swap_in(out, &loaded.site.config.base_path)
        .map_err(Errors::one)?;
    Ok(warnings)
}

/// What [`rebuild_model`] re-renders: pages, the sections whose lists show them, and
/// the warnings of the new model.
type Touched = (Vec<PageId>, BTreeSet<SectionId>, Vec<Diagnostic>);

/// Builds the site model again from the kept content with some pages' front matter
/// changed. `None` when pages moved, appeared or went (URLs, sections, aliases or
/// published pages differ): then page ids no longer match and only a full build will do.
fn rebuild_model(
    loaded: &mut Loaded,
    changed: Vec<(PageId, Page)>,
    drafts: bool,
    root: &Path,
) -> Result<Option<Touched>, Errors> {
    if loaded.content.is_none() {
        return Ok(None);
    }
    for (_, page) in &changed {
        if !keep_in_content(loaded, page) {
            return Ok(None);
        }
    }
    let Some(content) = loaded.content.clone() else {
        return Ok(None);
    };
    let publish = site::Publish {
        drafts,
        now: loaded.site.now,
    };
    let (site, diagnostics) = Site::build(loaded.site.config.clone(), content, publish);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(sorted(diagnostics));
    }
    // Every page shows the menus: a changed title or role in one means a full build.
    if !same_places(&loaded.site, &site) || loaded.site.menus != site.menus {
        return Ok(None);
    }
    let old = std::mem::replace(&mut loaded.site, site);
    let site = &loaded.site;
    let mut pages = BTreeSet::new();
    for (id, _) in &changed {
        pages.insert(*id);
        // Translations show the page's title in their language switcher; a changed
        // translation key pairs differently, so the old partners count too.
        pages.extend(site.translations_of(*id));
        pages.extend(old.translations_of(*id));
    }
    // Pages with shortcodes (an event list, a poster) and the results pages show other
    // pages' front matter: they are rendered again too.
    for (id, p) in site.pages.iter().enumerate() {
        if p.page.body.contains("{{") || crate::results::is_results_page(&p.page) {
            pages.insert(id);
        }
    }
    let mut diagnostics = diagnostics;
    let again = changed.iter().map(|&(id, _)| id).chain(
        pages
            .iter()
            .copied()
            .filter(|&id| site.pages[id].page.body.contains("{{")),
    );
    for id in again.collect::<BTreeSet<_>>() {
        let (md, ds) =
            crate::pipeline::page_markdown(site, Some(&loaded.renderer), &site.pages[id]);
        loaded.markdown[id] = md;
        diagnostics.extend(ds);
    }
    // A poster's `image:` or `pdf:`, or a newsletter's images, may be other files now.
    let (media, ds) = crate::media::survey(site, &loaded.theme, root, &loaded.markdown);
    if ds.iter().any(Diagnostic::is_error) {
        return Err(sorted(ds));
    }
    loaded.site.media = media;
    let site = &loaded.site;
    let mut sections: BTreeSet<SectionId> = site.homes.values().copied().collect();
    for &id in &pages {
        sections.extend(showing_sections(site, id));
    }
    // A project's page counts its pages' figures, wherever they are: the project a
    // changed page belonged to, and the one it belongs to now, are shown again.
    for (id, _) in &changed {
        for (model, pid) in [
            (&old, old.projects.of_page.get(*id)),
            (site, site.projects.of_page.get(*id)),
        ] {
            if let Some(project) = pid
                .copied()
                .flatten()
                .and_then(|p| model.projects.list.get(p))
            {
                sections.extend(
                    site.section_translations
                        .get(&project.folder)
                        .into_iter()
                        .flatten()
                        .copied(),
                );
            }
        }
    }
    Ok(Some((pages.into_iter().collect(), sections, diagnostics)))
}

/// Whether two models have the same pages and sections at the same places, so that
/// ids, URLs and links of one hold for the other.
fn same_places(a: &Site, b: &Site) -> bool {
    a.pages.len() == b.pages.len()
        && a.pages.iter().zip(&b.pages).all(|(x, y)| {
            x.page.source == y.page.source && x.url == y.url && x.section == y.section
        })
        && a.sections.len() == b.sections.len()
        && a.sections
            .iter()
            .zip(&b.sections)
            .all(|(x, y)| x.url == y.url && x.lang == y.lang && x.folder == y.folder)
        && a.aliases == b.aliases
        && a.assets == b.assets
}

/// Puts a re-parsed page into the kept content, in place of its old parse.
fn keep_in_content(loaded: &mut Loaded, page: &Page) -> bool {
    let slot = loaded
        .content
        .as_mut()
        .and_then(|c| c.pages.iter_mut().find(|p| p.source == page.source));
    match slot {
        Some(slot) => {
            *slot = page.clone();
            true
        }
        None => false,
    }
}

/// Decides how to rebuild after `changes`.
pub fn plan(changes: &[Changed], loaded: &Loaded) -> Plan {
    let site = &loaded.site;
    let theme_prefix = format!("themes/{}/", site.config.theme);
    let areas: BTreeSet<Area> = changes.iter().map(|c| c.area).collect();
    let is_theme_file = |c: &Changed| match c.area {
        Area::Templates | Area::I18n => true,
        Area::Theme => c
            .rel
            .strip_prefix(&theme_prefix)
            .is_some_and(|r| r.starts_with("templates/") || r.starts_with("i18n/")),
        _ => false,
    };
    if changes.iter().all(is_theme_file) {
        return Plan::Theme;
    }
    if areas.iter().all(|a| *a == Area::Content) {
        let md: Vec<&Changed> = changes.iter().filter(|c| c.rel.ends_with(".md")).collect();
        if md.len() == changes.len() {
            let ids: Option<Vec<PageId>> = md
                .iter()
                .map(
                    |c| match site.sources.get(&site::content_rel(Path::new(&c.rel))) {
                        Some(Owner::Page(id)) => Some(*id),
                        _ => None,
                    },
                )
                .collect();
            return ids.map_or(Plan::Full, Plan::Pages);
        }
    }
    // Smaller copies and sizes are made from poster and newsletter images.
    if changes
        .iter()
        .any(|c| site.media.sources.contains(Path::new(&c.rel)))
    {
        return Plan::Full;
    }
    // Copied files that exist and are already part of the output.
    let copies: Option<Vec<(String, String)>> = changes
        .iter()
        .map(|c| copy_dest(c, loaded, &theme_prefix).map(|dest| (dest, c.rel.clone())))
        .collect();
    copies.map_or(Plan::Full, Plan::Copy)
}

/// Where a changed file is copied to, when it is a file the output already copies.
fn copy_dest(change: &Changed, loaded: &Loaded, theme_prefix: &str) -> Option<String> {
    let source = Path::new(&change.rel);
    match change.area {
        Area::Content => loaded
            .site
            .assets
            .iter()
            .find(|a| a.source == source)
            .map(|a| a.dest.clone()),
        Area::Static => {
            let dest = change.rel.strip_prefix("static/")?;
            winning_origin(loaded, dest, source)
        }
        Area::Theme => {
            let dest = change
                .rel
                .strip_prefix(theme_prefix)?
                .strip_prefix("static/")?;
            winning_origin(loaded, dest, source)
        }
        _ => None,
    }
}

/// `dest` if `source` is the file that the theme's layers chose for it.
fn winning_origin(loaded: &Loaded, dest: &str, source: &Path) -> Option<String> {
    match loaded.theme.static_files.get(dest)? {
        Origin::Disk(p) if p == source => Some(dest.to_string()),
        _ => None,
    }
}

/// The origin `content::load` gave a page, from the page itself.
fn origin_of(page: &Page, site: &Site) -> PageOrigin {
    let rel = site::content_rel(&page.source);
    let without_md = rel.strip_suffix(".md").unwrap_or(&rel);
    let (dir, name) = content::split_rel(without_md);
    let suffix = format!(".{}", page.lang);
    let base_name = name.strip_suffix(&suffix).unwrap_or(name);
    let base_rel = content::join_rel(dir, base_name);
    let (bundle, folder, stem) = if base_name == "index" {
        let (parent, bundle_name) = content::split_rel(dir);
        (
            Some(dir.to_string()),
            parent.to_string(),
            bundle_name.to_string(),
        )
    } else {
        (None, dir.to_string(), base_name.to_string())
    };
    let default = &site.config.default_language;
    let section_type = content::ancestors(&folder).find_map(|d| {
        let files = || {
            site.sections
                .iter()
                .filter(move |s| s.folder == d)
                .filter_map(|s| s.file.as_ref())
        };
        files()
            .filter(|f| &f.lang == default)
            .find_map(|f| f.content_type)
            .or_else(|| files().find_map(|f| f.content_type))
    });
    PageOrigin {
        lang: page.lang.clone(),
        key: bundle.clone().unwrap_or(base_rel),
        folder,
        bundle,
        stem,
        section_type,
        timezone: site.config.timezone.clone(),
    }
}

/// Whether two parses of a page differ at most in their Markdown body.
fn same_but_body(old: &Page, new: &Page) -> bool {
    let without_body = |p: &Page| {
        let mut p = p.clone();
        p.body.clear();
        format!("{p:?}")
    };
    without_body(old) == without_body(new)
}

/// The sections whose pages show a page's summary or text: its section and those
/// above it, and its language's home page.
fn showing_sections(site: &Site, id: PageId) -> Vec<SectionId> {
    let mut out = Vec::new();
    let mut next = Some(site.pages[id].section);
    while let Some(s) = next {
        out.push(s);
        next = site.sections[s].parent;
    }
    out.extend(site.homes.get(&site.pages[id].page.lang).copied());
    out
}

/// Warnings for `.md` links of one page that lead nowhere, as a full load gives them.
fn link_warnings(
    site: &Site,
    markdown: &[crate::markdown::Rendered],
    id: PageId,
) -> Vec<Diagnostic> {
    markdown[id]
        .links
        .iter()
        .filter(|l| {
            let path = l.url.split('#').next().unwrap_or("");
            path.ends_with(".md") && !path.contains("://")
        })
        .map(|l| {
            Diagnostic::warning(
                &site.pages[id].page.source,
                format!("link to {}: there is no such page in content/", l.url),
            )
            .at_line(l.line)
        })
        .collect()
}

fn sorted(mut diagnostics: Vec<Diagnostic>) -> Errors {
    error::sort(&mut diagnostics);
    Errors(diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(fixture: &str) -> (BuildOptions, Loaded) {
        let options = BuildOptions {
            root: Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture),
            now: Some(jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0)),
            ..BuildOptions::default()
        };
        let loaded =
            crate::pipeline::load_keeping_content(&options).unwrap_or_else(|e| panic!("{e}"));
        (options, loaded)
    }

    fn changed(area: Area, rel: &str) -> Changed {
        Changed {
            area,
            rel: rel.to_string(),
        }
    }

    #[test]
    fn every_page_parses_again_to_itself_from_its_origin() {
        // Bundles, language suffixes, section types: the origin rebuilt from a page
        // must be the one loading gave it, or a body edit would take the slow path.
        for fixture in ["multilingual", "typed", "serve", "themed"] {
            let (options, loaded) = load(fixture);
            for p in &loaded.site.pages {
                let text = content::read_text(&options.root, &p.page.source).expect("read");
                let origin = origin_of(&p.page, &loaded.site);
                let again = content::front_matter::parse_page(&p.page.source, &text, &origin)
                    .unwrap_or_else(|e| panic!("{e:?}"));
                assert!(
                    same_but_body(&p.page, &again) && again.body == p.page.body,
                    "{}: {origin:?}",
                    p.page.source.display()
                );
            }
        }
    }

    #[test]
    fn plans_take_the_cheapest_way() {
        let (_, loaded) = load("serve");
        let plan_of = |changes: &[Changed]| plan(changes, &loaded);
        let page = loaded
            .site
            .pages
            .iter()
            .position(|p| p.page.source == Path::new("content/apie.md"))
            .expect("apie.md");
        assert_eq!(
            plan_of(&[changed(Area::Content, "content/apie.md")]),
            Plan::Pages(vec![page])
        );
        assert_eq!(
            plan_of(&[changed(Area::Templates, "templates/page.html")]),
            Plan::Theme
        );
        assert_eq!(plan_of(&[changed(Area::I18n, "i18n/lt.yaml")]), Plan::Theme);
        assert_eq!(
            plan_of(&[changed(Area::Static, "static/dokumentai/taisyklės.txt")]),
            Plan::Copy(vec![(
                "dokumentai/taisyklės.txt".to_string(),
                "static/dokumentai/taisyklės.txt".to_string()
            )])
        );
        for full in [
            vec![changed(Area::Config, "site.toml")],
            vec![changed(Area::Content, "content/naujas.md")],
            vec![changed(Area::Content, "content/renginiai/_index.md")],
            vec![changed(Area::Static, "static/naujas.css")],
            vec![
                changed(Area::Content, "content/apie.md"),
                changed(Area::Templates, "templates/page.html"),
            ],
        ] {
            assert_eq!(plan_of(&full), Plan::Full, "{full:?}");
        }
    }

    #[test]
    fn a_changed_poster_image_or_pdf_rebuilds_everything() {
        // Its copies, its size in every page showing it and the PDF's size come from
        // the file: copying it alone would leave them behind.
        let (_, loaded) = load("posters");
        for file in [
            "content/plakatai/dideli-zodziai/plakatas.jpg",
            "content/plakatai/dideli-zodziai/plakatas-a3.pdf",
            "content/plakatai/vektorinis/plakatas.svg",
        ] {
            assert_eq!(
                plan(&[changed(Area::Content, file)], &loaded),
                Plan::Full,
                "{file}"
            );
        }
    }
}
