//! The site model: every published page and section once, with their URLs, and the
//! indexes that make lookups hash lookups (translations, URLs, sources).
//!
//! Built once from loaded [`Content`] and then only read: rendering borrows it, the
//! dev server swaps in a new one. Building decides what is published (drafts, future
//! dates, stories without consent) and rejects clashes (two pages on one URL, two
//! files claiming one translation).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::address;
use crate::config::Config;
use crate::content::{
    ancestors, join_rel, slug, Asset, Content, ContentType, Page, PageId, SectionFile, SectionId,
    SortBy, TypeFields,
};
use crate::error::Diagnostic;
use crate::i18n;

/// A published page with its place in the site.
#[derive(Debug, Clone)]
pub struct SitePage {
    pub page: Page,
    /// Root-relative, ending in `/`: `/renginiai/seminaras/`, `/en/events/seminar/`.
    pub url: String,
    /// The section listing this page (the language's home page at the top level).
    pub section: SectionId,
}

/// A section (or a language's home page) in one language.
#[derive(Debug, Clone)]
pub struct Section {
    /// `None` for a home page made up because `_index.md` is missing.
    pub file: Option<SectionFile>,
    pub lang: String,
    /// Content-relative folder, `""` for the home page.
    pub folder: String,
    pub title: String,
    pub url: String,
    pub content_type: Option<ContentType>,
    pub weight: i64,
    pub parent: Option<SectionId>,
    /// The section's pages, in list order.
    pub pages: Vec<PageId>,
    /// Sections directly below, by weight then title.
    pub subsections: Vec<SectionId>,
}

impl Section {
    pub fn is_home(&self) -> bool {
        self.folder.is_empty()
    }
}

/// What a URL of the output belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Page(PageId),
    Section(SectionId),
}

/// A file copied to the output as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    /// Relative to the site root.
    pub source: PathBuf,
    /// Relative to the output folder, `/`-separated.
    pub dest: String,
}

/// An old URL that redirects to a page or section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// The address, normalised by [`address::normalize_alias`]: `/senas/`, `/senas.html`.
    pub from: String,
    pub to: String,
    /// As written in front matter, and where: for errors.
    pub written: String,
    pub source: PathBuf,
    pub line: usize,
}

/// Options that change what is published.
#[derive(Debug, Clone, Copy)]
pub struct Publish {
    /// Include drafts and pages dated in the future.
    pub drafts: bool,
    /// The build's "now", in the site's time zone.
    pub now: jiff::civil::DateTime,
}

/// The immutable site model.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub pages: Vec<SitePage>,
    pub sections: Vec<Section>,
    /// Language code → its home page section.
    pub homes: BTreeMap<String, SectionId>,
    /// Translation key → the pages sharing it, default language first.
    pub translations: HashMap<String, Vec<PageId>>,
    /// Section folder → the section in each language.
    pub section_translations: HashMap<String, Vec<SectionId>>,
    /// Content-relative source path (`renginiai/a.md`) → page or section, for `.md` links.
    pub sources: HashMap<String, Owner>,
    pub urls: HashMap<String, Owner>,
    pub assets: Vec<CopiedFile>,
    pub aliases: Vec<Alias>,
    /// Every other file the build writes (output path → what it is, for errors): feeds,
    /// calendars, search, tag and 404 pages, e-mail versions, static and bundle files,
    /// image copies, `results.json`, the sitemap. Empty from [`Site::build`]; filled
    /// while loading, once the theme is known, and checked against the aliases by
    /// [`Site::alias_clashes`].
    pub files: HashMap<String, String>,
    pub now: jiff::civil::DateTime,
    /// Image sizes, planned copies and PDF sizes: empty from [`Site::build`], filled by
    /// [`crate::media::survey`] while loading (it reads files; building does not).
    pub media: crate::media::model::Media,
    /// Content files that exist but did not load (their own error says why).
    pub broken: crate::content::BrokenFiles,
}

impl Site {
    /// The content file whose address `url` is: for errors about something else wanting
    /// that address. The home section without an `_index.md` is named as
    /// `content/_index.md`. (Aliases are checked against every file the build writes by
    /// [`Site::alias_clashes`].)
    pub fn file_at(&self, url: &str) -> Option<PathBuf> {
        let file = match *self.urls.get(url)? {
            Owner::Page(id) => self.pages[id].page.source.clone(),
            Owner::Section(id) => self.sections[id]
                .file
                .as_ref()
                .map_or_else(|| PathBuf::from("content/_index.md"), |f| f.source.clone()),
        };
        Some(file)
    }

    /// Aliases whose redirect file would replace another file of the build, or stand
    /// where one needs a folder (`/robots.txt/`): errors at the alias, naming the file.
    pub fn alias_clashes(&self) -> Vec<Diagnostic> {
        let mut folders: HashMap<&str, &str> = HashMap::new();
        for (file, what) in &self.files {
            for (i, _) in file.match_indices('/') {
                folders.entry(&file[..i]).or_insert(what);
            }
        }
        let mut diagnostics = Vec::new();
        for a in &self.aliases {
            let file = address::file_of(&a.from);
            let above = file
                .match_indices('/')
                .find_map(|(i, _)| self.files.get(&file[..i]));
            let other = self
                .files
                .get(&file)
                .or(above)
                .map(String::as_str)
                .or_else(|| folders.get(file.as_str()).copied());
            if let Some(other) = other {
                diagnostics.push(
                    Diagnostic::error(
                        &a.source,
                        format!(
                            "alias {:?} would replace {other} (/{file}) with a redirect; remove the alias or change it",
                            a.written
                        ),
                    )
                    .field("aliases")
                    .at_line(a.line),
                );
            }
        }
        diagnostics
    }

    /// Builds the model. Errors are returned with the model so all are reported at once.
    #[allow(clippy::too_many_lines)] // TODO(issue 15, wave 2): split
    pub fn build(config: Config, content: Content, publish: Publish) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let Content {
            pages,
            sections: section_files,
            assets,
            broken,
        } = content;

        // Every loaded page's translation key and language, published or not, so that a
        // translation that is only a draft still counts as existing.
        let mut loaded_keys: HashMap<String, Vec<String>> = HashMap::new();
        for p in &pages {
            loaded_keys
                .entry(p.translation_key.clone())
                .or_default()
                .push(p.lang.clone());
        }
        for b in broken.0.iter().filter(|b| !b.section) {
            loaded_keys
                .entry(b.key.clone())
                .or_default()
                .push(b.lang.clone());
        }

        // What is published.
        let mut published = Vec::with_capacity(pages.len());
        for page in pages {
            if let TypeFields::Story { consent: false, .. } = page.fields {
                diagnostics.push(
                    Diagnostic::warning(
                        &page.source,
                        "not published: a story needs `consent: true` from the person it is about",
                    )
                    .field("consent"),
                );
                continue;
            }
            if !publish.drafts {
                if page.draft {
                    continue;
                }
                if page.date.is_some_and(|d| d.datetime() > publish.now) {
                    continue;
                }
            }
            published.push(page);
        }
        let section_files: Vec<SectionFile> = section_files
            .into_iter()
            .filter(|s| publish.drafts || !s.draft)
            .collect();

        let builder = Builder {
            config: &config,
            section_files: section_files
                .iter()
                .map(|s| ((s.lang.as_str(), s.folder.as_str()), s))
                .collect(),
        };

        // Sections, home pages first.
        let mut sections: Vec<Section> = Vec::new();
        let mut by_folder: HashMap<(String, String), SectionId> = HashMap::new();
        for lang in &config.languages {
            let file = builder
                .section_files
                .get(&(lang.code.as_str(), ""))
                .copied();
            let id = sections.len();
            sections.push(Section {
                file: file.cloned(),
                lang: lang.code.clone(),
                folder: String::new(),
                title: file.map_or_else(|| lang.title.clone(), |f| f.title.clone()),
                url: config.language_root(&lang.code),
                content_type: None,
                weight: 0,
                parent: None,
                pages: Vec::new(),
                subsections: Vec::new(),
            });
            by_folder.insert((lang.code.clone(), String::new()), id);
        }
        let mut sorted_files: Vec<&SectionFile> = section_files
            .iter()
            .filter(|s| !s.folder.is_empty())
            .collect();
        // Parents before children.
        sorted_files.sort_by(|a, b| {
            (a.folder.matches('/').count(), &a.folder)
                .cmp(&(b.folder.matches('/').count(), &b.folder))
        });
        for file in sorted_files {
            let id = sections.len();
            let parent = builder.section_for(
                &by_folder,
                &file.lang,
                crate::content::split_rel(&file.folder).0,
            );
            sections.push(Section {
                file: Some(file.clone()),
                lang: file.lang.clone(),
                folder: file.folder.clone(),
                title: file.title.clone(),
                url: builder.folder_url(&file.lang, &file.folder),
                content_type: file.content_type,
                weight: file.weight,
                parent: Some(parent),
                pages: Vec::new(),
                subsections: Vec::new(),
            });
            by_folder.insert((file.lang.clone(), file.folder.clone()), id);
            sections[parent].subsections.push(id);
        }

        // Pages: URL and section.
        let mut site_pages = Vec::with_capacity(published.len());
        for page in published {
            let url = format!(
                "{}{}/",
                builder.folder_url(&page.lang, &page.folder),
                page.slug
            );
            let section = builder.section_for(&by_folder, &page.lang, &page.folder);
            site_pages.push(SitePage { page, url, section });
        }

        // Translations.
        let mut translations: HashMap<String, Vec<PageId>> = HashMap::new();
        for (id, p) in site_pages.iter().enumerate() {
            let group = translations
                .entry(p.page.translation_key.clone())
                .or_default();
            if let Some(&other) = group
                .iter()
                .find(|&&o| site_pages[o].page.lang == p.page.lang)
            {
                // `apie.md` beside `apie/index.md`: one address, reported there.
                if site_pages[other].url == p.url {
                    continue;
                }
                diagnostics.push(
                    Diagnostic::error(
                        &p.page.source,
                        format!(
                            "{} and this file both claim to be the {} version of translation {:?}; give one of them another `translation_key`",
                            site_pages[other].page.source.display(),
                            p.page.lang,
                            p.page.translation_key
                        ),
                    )
                    .field("translation_key")
                    .at_line(p.page.line_of("translation_key")),
                );
                continue;
            }
            group.push(id);
        }
        for group in translations.values_mut() {
            group.sort_by_key(|&id| language_rank(&config, &site_pages[id].page.lang));
        }
        for p in &site_pages {
            let partner_exists = loaded_keys
                .get(&p.page.translation_key)
                .is_some_and(|langs| langs.iter().any(|l| *l != p.page.lang));
            if p.page.explicit_translation_key && !partner_exists {
                diagnostics.push(
                    Diagnostic::error(
                        &p.page.source,
                        format!(
                            "translation_key {:?} points at nothing: no page in another language has it",
                            p.page.translation_key
                        ),
                    )
                    .field("translation_key")
                    .at_line(p.page.line_of("translation_key")),
                );
            }
        }
        let mut section_translations: HashMap<String, Vec<SectionId>> = HashMap::new();
        for (id, s) in sections.iter().enumerate() {
            section_translations
                .entry(s.folder.clone())
                .or_default()
                .push(id);
        }

        // Section lists.
        for (id, p) in site_pages.iter().enumerate() {
            sections[p.section].pages.push(id);
        }
        for s in &mut sections {
            let order = s.file.as_ref().map_or(SortBy::Type, |f| f.sort_by);
            sort_pages(&mut s.pages, &site_pages, &s.lang, order);
        }
        for id in 0..sections.len() {
            let mut subsections = std::mem::take(&mut sections[id].subsections);
            subsections.sort_by(|&a, &b| {
                let (a, b) = (&sections[a], &sections[b]);
                (a.weight.cmp(&b.weight)).then_with(|| i18n::compare(&a.lang, &a.title, &b.title))
            });
            sections[id].subsections = subsections;
        }

        // URLs must be unique.
        let mut urls: HashMap<String, Owner> = HashMap::new();
        // (file, line of `field`) of a page or section, for diagnostics.
        let place = |o: Owner, field: &str| -> (String, usize) {
            match o {
                Owner::Page(id) => (
                    site_pages[id].page.source.display().to_string(),
                    site_pages[id].page.line_of(field),
                ),
                Owner::Section(id) => sections[id].file.as_ref().map_or_else(
                    || ("a home page".to_string(), 1),
                    |f| (f.source.display().to_string(), f.line_of(field)),
                ),
            }
        };
        let owners = (0..sections.len())
            .map(|id| (sections[id].url.as_str(), Owner::Section(id)))
            .chain((0..site_pages.len()).map(|id| (site_pages[id].url.as_str(), Owner::Page(id))));
        for (url, owner) in owners {
            if let Some(prev) = urls.insert(url.to_string(), owner) {
                let (path, line) = place(owner, "slug");
                let (prev_path, prev_line) = place(prev, "slug");
                diagnostics.push(
                    Diagnostic::error(
                        &path,
                        format!(
                            "{url}, which this file's {} makes, is also the address of {}; change one `slug`",
                            if line > 1 { "`slug`" } else { "name" },
                            address_maker(&prev_path, prev_line)
                        ),
                    )
                    .field("slug")
                    .at_line(line),
                );
            }
        }

        // Aliases: old URLs that redirect.
        let mut aliases: Vec<Alias> = Vec::new();
        let mut alias_owner: HashMap<String, Owner> = HashMap::new();
        let alias_sources = (0..site_pages.len())
            .map(|id| {
                (
                    &site_pages[id].page.aliases,
                    &site_pages[id].url,
                    Owner::Page(id),
                )
            })
            .chain((0..sections.len()).filter_map(|id| {
                let f = sections[id].file.as_ref()?;
                Some((&f.aliases, &sections[id].url, Owner::Section(id)))
            }));
        for (list, url, owner) in alias_sources {
            let (source, line) = place(owner, "aliases");
            for a in list {
                let from = address::normalize_alias(a);
                let problem = if let Some(&other) = urls.get(&from) {
                    Some(format!(
                        "is the address of another page ({}), which a redirect would replace; remove the alias or change it",
                        place(other, "slug").0
                    ))
                } else if let Some(&other) = alias_owner.get(&from) {
                    Some(format!("is also an alias of {}", place(other, "aliases").0))
                } else {
                    None
                };
                match problem {
                    Some(p) => diagnostics.push(
                        Diagnostic::error(&source, format!("alias {a:?} {p}"))
                            .field("aliases")
                            .at_line(line),
                    ),
                    None => {
                        alias_owner.insert(from.clone(), owner);
                        aliases.push(Alias {
                            from,
                            to: url.clone(),
                            written: a.clone(),
                            source: PathBuf::from(&source),
                            line,
                        });
                    }
                }
            }
        }

        // Sources for `.md` links.
        let mut sources = HashMap::new();
        for (id, p) in site_pages.iter().enumerate() {
            sources.insert(content_rel(&p.page.source), Owner::Page(id));
        }
        for (id, s) in sections.iter().enumerate() {
            if let Some(f) = &s.file {
                sources.insert(content_rel(&f.source), Owner::Section(id));
            }
        }

        // Assets: bundle files beside each language's page; loose files in the default language's folder.
        let mut copied = Vec::new();
        let bundle_pages: HashMap<&str, Vec<&SitePage>> =
            site_pages.iter().fold(HashMap::new(), |mut m, p| {
                if let Some(b) = &p.page.bundle {
                    m.entry(b.as_str()).or_default().push(p);
                }
                m
            });
        for Asset {
            source,
            rel,
            bundle,
        } in assets
        {
            match bundle {
                Some(b) => {
                    let inner = rel.strip_prefix(&b).unwrap_or(&rel).trim_start_matches('/');
                    for p in bundle_pages.get(b.as_str()).into_iter().flatten() {
                        copied.push(CopiedFile {
                            source: source.clone(),
                            dest: format!("{}{}", p.url.trim_start_matches('/'), inner),
                        });
                    }
                }
                None => {
                    let (dir, name) = crate::content::split_rel(&rel);
                    let url = builder.folder_url(&config.default_language, dir);
                    copied.push(CopiedFile {
                        source,
                        dest: format!("{}{}", url.trim_start_matches('/'), name),
                    });
                }
            }
        }
        drop(builder);
        (
            Site {
                homes: config
                    .languages
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (l.code.clone(), i))
                    .collect(),
                config,
                pages: site_pages,
                sections,
                translations,
                section_translations,
                sources,
                urls,
                assets: copied,
                aliases,
                files: HashMap::new(),
                now: publish.now,
                media: crate::media::model::Media::default(),
                broken,
            },
            diagnostics,
        )
    }

    /// The other-language versions of a page, default language first.
    pub fn translations_of(&self, id: PageId) -> impl Iterator<Item = PageId> + '_ {
        self.translations
            .get(&self.pages[id].page.translation_key)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |&o| o != id)
    }

    /// The page's counterpart in `lang`, if translated.
    pub fn translation_in(&self, id: PageId, lang: &str) -> Option<PageId> {
        self.translations
            .get(&self.pages[id].page.translation_key)?
            .iter()
            .copied()
            .find(|&o| self.pages[o].page.lang == lang)
    }

    /// The section's counterpart in `lang`.
    pub fn section_in(&self, id: SectionId, lang: &str) -> Option<SectionId> {
        self.section_translations
            .get(&self.sections[id].folder)?
            .iter()
            .copied()
            .find(|&o| self.sections[o].lang == lang)
    }

    /// Where the language switcher sends a reader of `owner` who picks `lang`: the
    /// translation, else the nearest section above that exists in `lang`, else home.
    /// The flag says whether it is a real translation.
    pub fn counterpart_url(&self, owner: Owner, lang: &str) -> (String, bool) {
        let folder = match owner {
            Owner::Page(id) => {
                if let Some(t) = self.translation_in(id, lang) {
                    return (self.pages[t].url.clone(), true);
                }
                &self.pages[id].page.folder
            }
            Owner::Section(id) => {
                if let Some(t) = self.section_in(id, lang) {
                    return (self.sections[t].url.clone(), true);
                }
                &self.sections[id].folder
            }
        };
        // The nearest folder above that is a section in `lang`; the home page at the top.
        for dir in ancestors(folder) {
            let found = self
                .section_translations
                .get(dir)
                .into_iter()
                .flatten()
                .find(|&&s| self.sections[s].lang == lang);
            if let Some(&s) = found {
                return (self.sections[s].url.clone(), false);
            }
        }
        (self.config.language_root(lang), false)
    }

    /// Top-level sections of a language, by weight then title (for navigation).
    pub fn top_sections(&self, lang: &str) -> &[SectionId] {
        self.homes
            .get(lang)
            .map_or(&[], |&h| self.sections[h].subsections.as_slice())
    }
}

/// Works out folder URLs from the sections' per-language slugs.
struct Builder<'a> {
    config: &'a Config,
    section_files: HashMap<(&'a str, &'a str), &'a SectionFile>,
}

impl Builder<'_> {
    /// `/renginiai/`, `/en/events/`: each folder's slug in `lang`, else its slugified name.
    fn folder_url(&self, lang: &str, folder: &str) -> String {
        let mut url = self.config.language_root(lang);
        if folder.is_empty() {
            return url;
        }
        let mut prefix = String::new();
        for part in folder.split('/') {
            prefix = join_rel(&prefix, part);
            let own = self
                .section_files
                .get(&(lang, prefix.as_str()))
                .and_then(|s| s.slug.clone());
            url.push_str(&own.unwrap_or_else(|| slug::slugify(part)));
            url.push('/');
        }
        url
    }

    /// The nearest section at or above `folder` in `lang`; the home page at the top.
    fn section_for(
        &self,
        by_folder: &HashMap<(String, String), SectionId>,
        lang: &str,
        folder: &str,
    ) -> SectionId {
        ancestors(folder)
            .find_map(|d| by_folder.get(&(lang.to_string(), d.to_string())).copied())
            .unwrap_or(0)
    }
}

/// Where a file's address is made, for an error about two files at one address: its
/// `slug:` line, or its file name when it has none (`line_of` gives line 1 then).
fn address_maker(path: &str, slug_line: usize) -> String {
    if slug_line > 1 {
        format!("{path}:{slug_line} (its `slug`)")
    } else {
        format!("{path} (its file name)")
    }
}

fn language_rank(config: &Config, lang: &str) -> usize {
    config
        .languages
        .iter()
        .position(|l| l.code == lang)
        .unwrap_or(usize::MAX)
}

/// A section's list in `order`. By default dated types are newest first (events by
/// start) and others by weight; titles, in `lang`'s alphabetical order, break ties.
fn sort_pages(ids: &mut [PageId], pages: &[SitePage], lang: &str, order: SortBy) {
    let date = |p: &Page, any_type: bool| match &p.fields {
        TypeFields::Event { start, .. } => Some(start.datetime()),
        _ if any_type || p.content_type().is_dated() => p.date.map(|d| d.datetime()),
        _ => None,
    };
    let by_title = |a: &Page, b: &Page| i18n::compare(lang, &a.title, &b.title);
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a].page, &pages[b].page);
        let by_weight = || pa.weight.cmp(&pb.weight).then_with(|| by_title(pa, pb));
        match order {
            SortBy::Title => by_title(pa, pb).then_with(|| pa.weight.cmp(&pb.weight)),
            SortBy::Weight => by_weight(),
            SortBy::Date | SortBy::Type => {
                let any_type = order == SortBy::Date;
                match (date(pa, any_type), date(pb, any_type)) {
                    (Some(x), Some(y)) if x != y => y.cmp(&x),
                    (Some(_), None) if any_type => std::cmp::Ordering::Less,
                    (None, Some(_)) if any_type => std::cmp::Ordering::Greater,
                    _ => by_weight(),
                }
            }
        }
    });
}

/// `content/renginiai/a.md` → `renginiai/a.md`.
pub fn content_rel(source: &std::path::Path) -> String {
    crate::content::content_rel(source)
}
