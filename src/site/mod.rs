//! The site model: every published page and section once, with their URLs, and the
//! indexes that make lookups hash lookups (translations, URLs, sources).
//!
//! Built once from loaded [`Content`] and then only read: rendering borrows it, the
//! dev server swaps in a new one. [`Site::build`] runs its steps in order, each in its
//! own file: what is published (`publish.rs`), sections and folder addresses
//! (`sections.rs`), pages' addresses (`urls.rs`), translations paired (`translations.rs`),
//! lists sorted (`lists.rs`), unique addresses (`urls.rs`), redirects (`aliases.rs`), the
//! `.md` sources index (`urls.rs`), copied files (`assets.rs`) and, on the finished
//! model, the menus and home pages' buttons (`menus.rs`). Clashes (two pages on
//! one URL, two files claiming one translation) are errors returned with the model.
//!
//! Every other address the site makes is a function of the model too: [`addresses`]
//! (front matter files, `.ics`, the calendar feed, e-mail versions), [`feeds`] (which
//! Atom feeds exist) and [`resolve_link`] (a Markdown `.md` link).

pub mod addresses;
mod aliases;
mod assets;
pub mod feeds;
mod links;
mod lists;
pub mod menus;
pub mod projects;
mod publish;
mod sections;
mod translations;
mod urls;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::Config;
use crate::content::{ancestors, Content, ContentType, Page, PageId, SectionFile, SectionId};
use crate::error::Diagnostic;

pub use links::{links_to_broken_file, resolve_link};
use sections::Folders;

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
    /// The address, normalised by [`crate::address::normalize_alias`]: `/senas/`, `/senas.html`.
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
    /// The header's and footer's links and the home pages' buttons, per language.
    pub menus: menus::Menus,
    /// Projects (sections with a `project:` table) and which pages belong to each.
    pub projects: projects::Projects,
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

    /// Builds the model in its steps. Errors are returned with the model so all are
    /// reported at once.
    pub fn build(config: Config, content: Content, publish: Publish) -> (Site, Vec<Diagnostic>) {
        let Content {
            pages,
            sections: section_files,
            assets,
            broken,
        } = content;
        let loaded_keys = publish::loaded_keys(&pages, &broken);
        let mut unpublished = menus::Unpublished::default();
        unpublished.files.extend(
            pages
                .iter()
                .map(|p| content_rel(&p.source))
                .chain(section_files.iter().map(|s| content_rel(&s.source))),
        );
        unpublished
            .folders
            .extend(section_files.iter().map(|s| s.folder.clone()));
        let (published, mut diagnostics) = publish::published_pages(pages, publish);
        let section_files = publish::published_sections(section_files, publish);
        let folders = Folders::new(&config, &section_files);
        let (mut sections, by_folder) = sections::build_sections(&config, &section_files, &folders);
        let site_pages = urls::place_pages(published, &folders, &by_folder);
        let (translations, ds) = translations::pair_pages(&config, &site_pages, &loaded_keys);
        diagnostics.extend(ds);
        let section_translations = translations::pair_sections(&sections);
        lists::fill_lists(&mut sections, &site_pages);
        let (urls, ds) = urls::unique_urls(&site_pages, &sections);
        diagnostics.extend(ds);
        let (aliases, ds) = aliases::collect(&site_pages, &sections, &urls);
        diagnostics.extend(ds);
        let sources = urls::sources(&site_pages, &sections);
        let (projects, ds) = projects::build(&config, &sections, &site_pages, publish.now.date());
        diagnostics.extend(ds);
        let copied = assets::place_assets(assets, &site_pages, &folders, &config.default_language);
        drop(folders);
        let mut site = Site {
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
            menus: menus::Menus::default(),
            projects,
        };
        let (menus, ds) = menus::build(&site, &unpublished);
        diagnostics.extend(ds);
        site.menus = menus;
        (site, diagnostics)
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

/// `content/renginiai/a.md` → `renginiai/a.md`.
pub fn content_rel(source: &std::path::Path) -> String {
    crate::content::content_rel(source)
}

/// What the steps' unit tests build from: a two-language site (`lt` default, `en`) and
/// pages and sections parsed from front matter as loading parses them.
#[cfg(test)]
mod testing {
    use std::path::PathBuf;

    use crate::config::Config;
    use crate::content::front_matter::{parse_page, parse_section, PageOrigin};
    use crate::content::{split_rel, Page, SectionFile};

    pub fn config() -> Config {
        Config::parse(
            "base_url = \"https://x.lt\"\n[languages.lt]\ntitle = \"Svetainė\"\ndescription = \"b\"\n[languages.en]\ntitle = \"Site\"\ndescription = \"b\"\n",
        )
        .expect("valid")
    }

    fn source(rel: &str, lang: &str, name: &str) -> PathBuf {
        let suffix = if lang == "lt" {
            String::new()
        } else {
            format!(".{lang}")
        };
        PathBuf::from(format!("content/{rel}{name}{suffix}.md"))
    }

    /// `content/<rel>.md` (`.en.md` in English) with the front matter `yaml`.
    pub fn page(rel: &str, lang: &str, yaml: &str) -> Page {
        let (folder, stem) = split_rel(rel);
        let origin = PageOrigin {
            lang: lang.to_string(),
            key: rel.to_string(),
            folder: folder.to_string(),
            bundle: None,
            stem: stem.to_string(),
            section_type: None,
            timezone: config().timezone,
        };
        let path = source(rel, lang, "");
        parse_page(&path, &format!("---\n{yaml}\n---\nBody\n"), &origin).expect("valid")
    }

    /// `content/<folder>/_index.md` in `lang` with the front matter `yaml`.
    pub fn section(folder: &str, lang: &str, yaml: &str) -> SectionFile {
        let rel = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        let path = source(&rel, lang, "_index");
        parse_section(&path, &format!("---\n{yaml}\n---\n"), lang, folder).expect("valid")
    }
}
