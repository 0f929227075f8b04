//! Sklaida: a static site generator for public-awareness campaigns.
//!
//! The pipeline runs one way: [`config`] → [`content`] (load and parse) → [`site`]
//! (the immutable model) → [`markdown`] → [`render`] (templates) → [`output`] (write).
//! `main.rs` only parses the command line and calls [`build`], [`check`], [`init`] or
//! [`new_content`], so tests drive the library directly.

// Functions fit on a screen (clippy.toml: 100 lines); `-D warnings` makes it an error.
#![warn(clippy::too_many_lines)]

pub mod address;
pub mod addresses;
pub mod check;
pub mod config;
pub mod content;
pub mod error;
pub mod i18n;
pub mod input;
pub mod interrupt;
pub mod markdown;
pub mod media;
pub mod output;
pub mod render;
pub mod results;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod taxonomy;
pub mod text;
pub mod theme;
pub mod typography;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use content::PageId;
pub use error::{Diagnostic, Errors, Severity};
use render::{Renderer, Theme, Views};
pub use scaffold::{init, new_content, new_translation};
use site::{Owner, Publish, Site};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml` (e.g. for a preview deployment).
    pub base_url: Option<String>,
    /// Include drafts and pages dated in the future.
    pub drafts: bool,
    /// The build's "now"; default the current time in the site's time zone.
    pub now: Option<jiff::civil::DateTime>,
    /// Shown while rendering, when the caller wants progress.
    pub progress: Option<indicatif::ProgressBar>,
    /// Build even when the output's stamp says nothing changed.
    pub force: bool,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Pages per language, in the site's language order.
    pub pages: Vec<(String, usize)>,
    pub sections: usize,
    pub files: output::Stats,
    /// Posters' smaller copies: encoded now, or taken from the cache.
    pub images: media::resize::Stats,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub duration: Duration,
    /// Nothing had changed since the last build: nothing was rendered or written.
    pub up_to_date: bool,
    /// Each language's search index: (language, bytes, bytes gzipped).
    pub search_index: Vec<(String, u64, u64)>,
}

impl Report {
    /// `Built 14 pages (lt 8, en 6) and 6 sections: 40 files written, 12 unchanged, in 0.12 s`.
    pub fn summary(&self) -> String {
        if self.up_to_date {
            return format!(
                "Nothing changed since the last build: the {} files in {} are up to date ({:.2} s)",
                self.files.unchanged,
                self.output.display(),
                self.duration.as_secs_f64(),
            );
        }
        let total: usize = self.pages.iter().map(|(_, n)| n).sum();
        let per_lang: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let images = match self.images {
            media::resize::Stats {
                encoded: 0,
                reused: 0,
            } => String::new(),
            s => format!(
                " ({} image copies made, {} from the cache)",
                s.encoded, s.reused
            ),
        };
        format!(
            "Built {total} pages ({}) and {} sections into {}: {} files written, {} unchanged{images}, in {:.2} s",
            per_lang.join(", "),
            self.sections,
            self.output.display(),
            self.files.written,
            self.files.unchanged,
            self.duration.as_secs_f64(),
        ) + &self.search_summary()
    }

    /// `; search index 48.2 kB (12.1 kB gzipped)`, or nothing without search.
    fn search_summary(&self) -> String {
        if self.search_index.is_empty() {
            return String::new();
        }
        let raw: u64 = self.search_index.iter().map(|s| s.1).sum();
        let gzip: u64 = self.search_index.iter().map(|s| s.2).sum();
        let kb = |n: u64| format!("{:.1} kB", n as f64 / 1000.0);
        format!("; search index {} ({} gzipped)", kb(raw), kb(gzip))
    }
}

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
}

/// Loads, parses and validates as far as it can; fails only when `site.toml` does.
pub fn load_attempt(options: &BuildOptions, keep_content: bool) -> Result<Attempt, Errors> {
    let root = &options.root;
    // Errors that leave the settings usable are reported with the content's.
    let (mut config, config_errors) = Config::load_usable(root).map_err(Errors)?;
    if let Some(url) = &options.base_url {
        config.base_url = address::base_url(url)
            .map_err(|message| Errors::one(Diagnostic::error("--base-url", message)))?;
    }
    let now = build_now(options, &config);

    // A stop asked for while loading ends it between stages (and at every file read).
    let stopped = || interrupt::check(root).map_err(Errors::one);
    let mut diagnostics = config_errors;
    let (content, ds) = content::load(root, &config);
    diagnostics.extend(ds);
    stopped()?;
    let (theme, ds) = Theme::load(root, &config);
    diagnostics.extend(ds);
    let (strings, ds) = i18n::Strings::load(&theme.strings);
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
    let renderer = match Renderer::new(&theme, Arc::new(strings)) {
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
    })
}

/// A language of `site.toml` that neither the theme nor the site has interface strings
/// for ("Skip to content", month names in templates …) cannot be rendered: say so at
/// its `[languages.…]` line rather than at the first template that needs a string.
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

/// Builds the site into its output folder. On any error the previous output is left
/// as it was and every problem is returned.
pub fn build(options: &BuildOptions) -> Result<Report, Errors> {
    let started = Instant::now();
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // A folder that is not a site is told so before anything is created.
    if !options.root.join("site.toml").is_file() {
        load(options)?;
    }
    // The output's lock first: a second build at the same time stops at once.
    let out = output::Output::begin(&out_dir, &options.root).map_err(Errors::one)?;
    // What the inputs are now, before reading them for the build: an edit made while
    // building makes the stamp stale rather than wrongly fresh.
    let identity = output::stamp::identity(&format!(
        "base_url={:?} drafts={} output={}",
        options.base_url,
        options.drafts,
        out.dir().display()
    ));
    let inputs = output::stamp::inputs(&options.root, &identity);
    if let (Some(inputs), false) = (&inputs, options.force) {
        if let Some(stamp) = Config::load(&options.root)
            .ok()
            .and_then(|config| output::stamp::fresh(out.dir(), inputs, build_now(options, &config)))
        {
            drop(out);
            return Ok(Report {
                pages: Vec::new(),
                sections: 0,
                files: output::Stats {
                    written: 0,
                    unchanged: stamp.files,
                },
                output: out_dir,
                warnings: stamp.warnings,
                duration: started.elapsed(),
                up_to_date: true,
                images: Default::default(),
                search_index: Vec::new(),
            });
        }
    }
    let loaded = load(options)?;
    let (mut diagnostics, images) = write_site_counting(&loaded, &out, options)?;
    let final_dir = out.dir().to_path_buf();
    output::stamp::remove(&final_dir);
    let files = out.commit().map_err(Errors::one)?;
    let search_index = search_index_sizes(&out_dir, &plan_search(&loaded).0);

    let site = &loaded.site;
    let pages = site
        .config
        .languages
        .iter()
        .map(|l| {
            let n = site.pages.iter().filter(|p| p.page.lang == l.code).count();
            (l.code.clone(), n)
        })
        .collect();
    let mut warnings = loaded.warnings;
    warnings.append(&mut diagnostics);
    if let (Some(inputs), Some((outputs, count))) = (inputs, output::stamp::outputs(&final_dir)) {
        let stamp = output::stamp::Stamp {
            inputs,
            outputs,
            files: count,
            valid_until: loaded.valid_until,
            warnings: warnings.clone(),
        };
        // Without a stamp the next build is simply a full one.
        let _ = output::stamp::write(&final_dir, &stamp);
    }
    Ok(Report {
        pages,
        sections: site.sections.len(),
        files,
        images,
        output: out_dir,
        warnings,
        duration: started.elapsed(),
        up_to_date: false,
        search_index,
    })
}

/// The build's "now": the caller's, else the current time in the site's time zone.
fn build_now(options: &BuildOptions, config: &Config) -> jiff::civil::DateTime {
    options.now.unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned(config.timezone.clone())
            .datetime()
    })
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

/// The search pages, when the site wants search and the theme has a search page.
fn plan_search(loaded: &Loaded) -> (search::Search, Vec<Diagnostic>) {
    let renderer = &loaded.renderer;
    if !renderer.has_search_page() {
        return (search::Search::default(), Vec::new());
    }
    search::Search::plan(&loaded.site, |lang| renderer.text(lang, "search_path"))
}

/// Each written search index's size, raw and gzipped at the level most web servers use.
fn search_index_sizes(out_dir: &Path, search: &search::Search) -> Vec<(String, u64, u64)> {
    use std::io::Write as _;
    search
        .pages
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(out_dir.join(p.index_url.trim_start_matches('/'))).ok()?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&bytes).ok()?;
            let gzipped = gz.finish().ok()?.len();
            Some((p.lang.clone(), bytes.len() as u64, gzipped as u64))
        })
        .collect()
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

/// [`write_site`], also saying how many image copies were made or found in the cache.
#[allow(clippy::too_many_lines)] // TODO(issue 15, wave 2): split
pub fn write_site_counting(
    loaded: &Loaded,
    out: &dyn output::Sink,
    options: &BuildOptions,
) -> Result<(Vec<Diagnostic>, media::resize::Stats), Errors> {
    let site = &loaded.site;
    let renderer = &loaded.renderer;
    let feeds = addresses::feeds::Feeds::plan(site);
    let (tags, tag_errors) =
        taxonomy::Taxonomy::build(site, |lang| renderer.text(lang, "tags_path"));
    let (search, search_errors) = plan_search(loaded);
    let views = Views::new(site, &loaded.markdown, &loaded.section_markdown)
        .with_discovery(&feeds, &tags)
        .with_search(&search);
    if let Some(bar) = &options.progress {
        bar.set_length((site.pages.len() + site.sections.len()) as u64);
    }
    let tick = || {
        if let Some(bar) = &options.progress {
            bar.inc(1);
        }
    };

    let mut errors: Vec<Diagnostic> = (0..site.pages.len())
        .into_par_iter()
        .filter_map(|id| {
            let result = renderer
                .render_page(&views, id)
                .and_then(|html| out.write(&index_path(&site.pages[id].url), html.as_bytes()));
            tick();
            result.err()
        })
        .collect();
    errors.extend(tag_errors);
    let mut warnings = Vec::new();
    // Newsletters' e-mail versions, beside each issue's page.
    let emails: Vec<_> = (0..site.pages.len())
        .into_par_iter()
        .filter(|&id| site.pages[id].page.content_type() == content::ContentType::Newsletter)
        .filter_map(|id| Some((id, renderer.render_email(&views, id)?)))
        .collect();
    for (id, email) in emails {
        let url = &site.pages[id].url;
        match email {
            Ok(email) => {
                let files = [
                    (addresses::email_html_url(url), email.html),
                    (addresses::email_text_url(url), email.text),
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
    errors.extend(search_errors);
    errors.extend(write_discovery(loaded, &views, &feeds, &tags, out));
    errors.extend(write_search(loaded, &views, &search, out));
    errors.par_extend((0..site.sections.len()).into_par_iter().filter_map(|id| {
        let result = renderer
            .render_section(&views, id)
            .and_then(|html| out.write(&index_path(&site.sections[id].url), html.as_bytes()));
        tick();
        result.err()
    }));
    for lang in &site.config.languages {
        if let Some(result) = renderer.render_not_found(&views, &lang.code) {
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

    // Static files: the theme's and the site's, then page bundle files.
    let copies: Vec<(String, render::theme::Origin)> = loaded
        .theme
        .static_files
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    errors.par_extend(copies.par_iter().filter_map(|(rel, origin)| match origin {
        render::theme::Origin::Disk(p) => out.copy(rel, &options.root.join(p)).err(),
        render::theme::Origin::BuiltIn(_, bytes) => out.write(rel, bytes).err(),
    }));
    errors.par_extend(
        site.assets
            .par_iter()
            .filter_map(|a| out.copy(&a.dest, &options.root.join(&a.source)).err()),
    );
    // Posters' smaller copies, made (or found) in the cache.
    let (made, image_stats, ds) = media::resize::make(&options.root, &site.media.variants);
    errors.extend(ds);
    errors.par_extend(
        made.par_iter()
            .filter_map(|m| out.copy(&m.dest, &m.file).err()),
    );
    if let Some(bar) = &options.progress {
        bar.finish_and_clear();
    }
    if errors.is_empty() {
        error::sort(&mut warnings);
        Ok((warnings, image_stats))
    } else {
        error::sort(&mut errors);
        Err(Errors(errors))
    }
}

/// Feeds, tag pages, `sitemap.xml` and `robots.txt` (unless the site ships its own).
fn write_discovery(
    loaded: &Loaded,
    views: &Views,
    feeds: &addresses::feeds::Feeds,
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

/// What rendering derives from the whole model besides the model itself: every page's
/// template value, the feeds and the tags. All of it depends on front matter and
/// Markdown only, so `serve` keeps it while edits change nothing but pages' bodies.
pub struct Prepared {
    pub page_values: Vec<tera::Value>,
    pub feeds: addresses::feeds::Feeds,
    pub tags: taxonomy::Taxonomy,
    pub search: search::Search,
}

impl Prepared {
    pub fn new(loaded: &Loaded) -> Prepared {
        let site = &loaded.site;
        let renderer = &loaded.renderer;
        Prepared {
            page_values: render::context::page_values(site, &loaded.markdown),
            feeds: addresses::feeds::Feeds::plan(site),
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
            self.feeds = addresses::feeds::Feeds::plan(site);
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
        let html_rel = addresses::email_html_url(url)
            .trim_start_matches('/')
            .to_string();
        let text_rel = addresses::email_text_url(url)
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

/// Every file the build writes besides pages, sections and aliases (output path →
/// what it is), as [`write_site`] writes them: for [`Site::alias_clashes`].
fn planned_files(
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
                &addresses::email_html_url(&p.url),
                format!("the e-mail version of {source}"),
            );
            add(
                &addresses::email_text_url(&p.url),
                format!("the e-mail text of {source}"),
            );
        }
    }
    for p in &site.pages {
        if let content::TypeFields::Event { .. } = p.page.fields {
            let what = format!("the calendar file of {}", p.page.source.display());
            add(&addresses::event_file_url(&p.url), what);
        }
    }
    for lang in &site.config.languages {
        if let Some(s) = addresses::calendar_section(site, &lang.code) {
            let url = format!("{}{}", site.sections[s].url, addresses::CALENDAR_FILE);
            add(&url, format!("the {} calendar feed", lang.code));
        }
    }
    for feed in addresses::feeds::Feeds::plan(site).feeds {
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
    for v in &site.media.variants {
        add(&v.dest, format!("a smaller copy of {}", v.source.display()));
    }
    files
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

/// `/a/b/` → `a/b/index.html`; `/` → `index.html`.
pub(crate) fn index_path(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

/// Renders the Markdown of every page (in parallel) and section, with their shortcodes,
/// rewriting `.md` links to page URLs. Unresolved `.md` links are warnings.
pub(crate) fn render_markdown(
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
fn render_markdown_of(
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
pub(crate) fn unknown_page_link(url: &str) -> String {
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

/// A Markdown link to another content file (`../renginiai/a.md#kada`) as that page's
/// URL, in the linking page's language when translated.
pub fn resolve_link(site: &Site, from: &Path, lang: &str, href: &str) -> Option<String> {
    let (target, fragment) = link_target(from, href)?;
    let url = match site.sources.get(&target)? {
        Owner::Page(id) => {
            let id: PageId = site.translation_in(*id, lang).unwrap_or(*id);
            site.pages[id].url.clone()
        }
        Owner::Section(id) => {
            let id = site.section_in(*id, lang).unwrap_or(*id);
            site.sections[id].url.clone()
        }
    };
    Some(match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    })
}

/// A Markdown link to a content file (`../renginiai/a.md#kada`) from the file `from`:
/// the content-relative path it names (`renginiai/a.md`) and its fragment.
fn link_target<'h>(from: &Path, href: &'h str) -> Option<(String, Option<&'h str>)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    if !path.ends_with(".md") {
        return None;
    }
    let from_rel = site::content_rel(from);
    let base = content::split_rel(&from_rel).0;
    let mut parts: Vec<&str> = if base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some((parts.join("/"), fragment))
}

/// Whether a Markdown link from `from` names a content file that did not load: its
/// own error says why, and the link is not reported again.
pub fn links_to_broken_file(site: &Site, from: &Path, href: &str) -> bool {
    link_target(from, href).is_some_and(|(target, _)| site.broken.has_file(&target))
}

/// Everything `sklaida check` finds (see [`check::run`]), without external links:
/// the warnings, or every problem when there is an error. Writes nothing.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Errors> {
    let report = check::run(&check::Options {
        build: options.clone(),
        ..check::Options::default()
    });
    if report.errors() > 0 {
        Err(Errors(report.diagnostics))
    } else {
        Ok(report.diagnostics)
    }
}

/// Pages per language, for callers that want counts without a build.
pub fn count_pages(site: &Site) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for p in &site.pages {
        *m.entry(p.page.lang.clone()).or_insert(0) += 1;
    }
    m
}
