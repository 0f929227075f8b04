//! Template context: borrowed views of the site model turned into Tera values.
//!
//! Values shared by many pages (a section's page list, a language's navigation data)
//! are made once and cloned cheaply (Tera's arrays and maps are reference-counted).

use std::collections::HashMap;

use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::content::{ContentType, PageId, SectionId, TypeFields, When};
use crate::markdown::Rendered;
use crate::site::addresses::{is_raster, resolve_asset};
use crate::site::{Owner, Site};
use crate::text::summary_of;
use crate::typography::smarten;

/// Words a minute for reading time.
const READING_SPEED: usize = 200;
/// How many of the newest pages the home page lists.
const HOME_LATEST: usize = 12;

#[derive(Serialize)]
struct TranslationView<'a> {
    lang: &'a str,
    name: &'a str,
    url: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct SectionRef<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    summary: String,
    url: &'a str,
    permalink: String,
    lang: &'a str,
    #[serde(rename = "type")]
    kind: ContentType,
    slug: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<When>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<When>,
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_alt: Option<&'a str>,
    weight: i64,
    extra: &'a serde_json::Value,
    translations: Vec<TranslationView<'a>>,
    section: SectionRef<'a>,
    word_count: usize,
    reading_minutes: usize,
    has_code: bool,
    #[serde(flatten)]
    fields: FieldsView<'a>,
}

/// The type's own fields, flattened into `page`.
#[derive(Serialize)]
#[serde(untagged)]
enum FieldsView<'a> {
    None {},
    Article {
        #[serde(skip_serializing_if = "Option::is_none")]
        author: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<crate::content::Link>,
    },
    Event {
        start: When,
        #[serde(skip_serializing_if = "Option::is_none")]
        end: Option<When>,
        all_day: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<crate::content::Place>,
        #[serde(skip_serializing_if = "Option::is_none")]
        online_url: &'a Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        registration_url: &'a Option<String>,
        status: crate::content::EventStatus,
        #[serde(skip_serializing_if = "Option::is_none")]
        participants: Option<u32>,
        /// The event's own `.ics`, root-relative.
        ics_url: String,
        /// schema.org JSON-LD, ready to print inside `<script>`.
        json_ld: String,
        /// What the printed flyer's QR code opens: the registration, else the page.
        qr_url: String,
    },
    Poster {
        #[serde(skip_serializing_if = "Option::is_none")]
        pdf: Option<String>,
        /// The PDF's size in bytes, when it is a file of this site.
        #[serde(skip_serializing_if = "Option::is_none")]
        pdf_bytes: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        size: Option<crate::content::PaperSize>,
        /// The image with its size and smaller copies ([`crate::media::Picture::view`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        picture: Option<serde_json::Value>,
        /// What the printed poster's QR code opens: `qr:`, else the home page.
        qr_url: String,
    },
    Newsletter {
        number: u32,
        /// The e-mail version and its plain-text part, root-relative.
        email_url: String,
        email_text_url: String,
    },
    Story {
        #[serde(skip_serializing_if = "Option::is_none")]
        ambassador: Option<crate::content::Ambassador>,
        anonymous: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        content_warning: Option<String>,
    },
}

/// Everything templates see, prepared once per build.
pub struct Views<'s> {
    pub site: &'s Site,
    pub markdown: &'s [Rendered],
    pub section_markdown: &'s [Option<Rendered>],
    /// Per page: its value without `content`.
    pages: Vec<Value>,
    /// Per section: the list of its pages' values.
    section_pages: Vec<Value>,
    /// Per section: its full value (made once: pages render with their section's).
    sections: Vec<Value>,
    /// Per language: `site`, `helplines`, `funding`, `organizer`.
    per_language: HashMap<String, LanguageValues>,
    /// Feeds and tags, once [`Views::with_discovery`] gave them.
    discovery: Option<Discovery<'s>>,
    results: crate::results::Results,
    /// The search pages, once [`Views::with_search`] gave them.
    pub(super) search: Option<&'s crate::search::Search>,
}

struct LanguageValues {
    site: Value,
    helplines: Value,
    /// The campaign's results (see `crate::results`), for the results page.
    results: Value,
    funding: Value,
    organizer: Value,
    sections: Value,
    latest: Value,
}

impl<'s> Views<'s> {
    pub fn new(
        site: &'s Site,
        markdown: &'s [Rendered],
        section_markdown: &'s [Option<Rendered>],
    ) -> Views<'s> {
        let pages = page_values(site, markdown);
        Views::with_page_values(site, markdown, section_markdown, pages)
    }

    /// Views from page values made before with [`page_values`]: the dev server keeps
    /// them between rebuilds and makes again only those of pages whose text changed.
    pub fn with_page_values(
        site: &'s Site,
        markdown: &'s [Rendered],
        section_markdown: &'s [Option<Rendered>],
        pages: Vec<Value>,
    ) -> Views<'s> {
        let section_pages: Vec<Value> = site
            .sections
            .iter()
            .map(|s| {
                Value::from(
                    s.pages
                        .iter()
                        .map(|&p| pages[p].clone())
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let mut views = Views {
            site,
            markdown,
            section_markdown,
            pages,
            section_pages,
            sections: Vec::new(),
            per_language: HashMap::new(),
            discovery: None,
            results: crate::results::Results::compute(site),
            search: None,
        };
        views.sections = (0..site.sections.len())
            .map(|id| views.make_section_value(id))
            .collect();
        for lang in &site.config.languages {
            let values = views.language_values(&lang.code);
            views.per_language.insert(lang.code.clone(), values);
        }
        views
    }

    fn language_values(&self, lang: &str) -> LanguageValues {
        let config = &self.site.config;
        let def = config.default_language.as_str();
        let site = site_value(self.site, lang);
        let helplines = helplines_value(config, lang);
        let funding = config.funding.as_ref().map(|f| {
            serde_json::json!({
                "programme": f.programme.get(lang, def),
                "project_number": f.project_number,
                "emblem": f.emblem.as_ref().map(|e| e.get(lang, def)),
                "statement": f.statement.get(lang, def),
                "disclaimer": f.disclaimer.as_ref().map(|d| d.get(lang, def)),
            })
        });
        let organizer = config.organizer.as_ref().map(|o| {
            serde_json::json!({ "name": o.name.get(lang, def), "url": o.url, "email": o.email })
        });
        let sections: Vec<Value> = self
            .site
            .top_sections(lang)
            .iter()
            .map(|&id| self.section_value(id))
            .collect();
        let mut latest: Vec<PageId> = (0..self.site.pages.len())
            .filter(|&id| {
                let p = &self.site.pages[id].page;
                p.lang == lang && p.content_type() != ContentType::Page && p.date.is_some()
            })
            .collect();
        latest.sort_by(|&a, &b| {
            self.site.pages[b]
                .page
                .date
                .cmp(&self.site.pages[a].page.date)
        });
        latest.truncate(HOME_LATEST);
        LanguageValues {
            site: Value::from_serializable(&site),
            helplines: Value::from_serializable(&helplines),
            results: Value::from_serializable(&self.results.value(self.site, lang)),
            funding: funding.map_or_else(Value::none, |f| Value::from_serializable(&f)),
            organizer: organizer.map_or_else(Value::none, |o| Value::from_serializable(&o)),
            sections: Value::from(sections),
            latest: Value::from(
                latest
                    .iter()
                    .map(|&id| self.pages[id].clone())
                    .collect::<Vec<_>>(),
            ),
        }
    }

    fn section_value(&self, id: SectionId) -> Value {
        self.sections[id].clone()
    }

    /// `section` for templates: its fields, its pages, and its content when rendered.
    fn make_section_value(&self, id: SectionId) -> Value {
        let s = &self.site.sections[id];
        let config = &self.site.config;
        let translations: Vec<_> = self
            .site
            .section_translations
            .get(&s.folder)
            .into_iter()
            .flatten()
            .filter(|&&o| o != id)
            .map(|&o| {
                let t = &self.site.sections[o];
                serde_json::json!({
                    "lang": t.lang, "url": t.url, "title": t.title,
                    "name": config.language(&t.lang).map_or(t.lang.as_str(), |l| l.name.as_str()),
                })
            })
            .collect();
        let file = s.file.as_ref();
        let v = serde_json::json!({
            "title": s.title,
            "url": s.url,
            "permalink": config.permalink(&s.url),
            "lang": s.lang,
            "type": s.content_type.map(ContentType::name),
            "summary": file.and_then(|f| f.summary.clone()),
            "extra": file.map(|f| f.extra.clone()),
            "translations": translations,
            "calendar_url": crate::site::addresses::calendar_url(self.site, id),
            "noun": section_noun(s.content_type, file.map(|f| &f.extra)),
            // Loose files of content/ are copied into the default language's folders.
            "image": file.and_then(|f| f.image.as_deref()).map(|i| {
                resolve_asset(&config.language_root(&config.default_language), i)
            }),
            "image_alt": file.and_then(|f| f.image_alt.as_deref()),
            "actions": self.site.menus.actions(id).iter().map(|a| {
                serde_json::json!({ "label": a.name, "url": a.url })
            }).collect::<Vec<_>>(),
        });
        let mut map = Value::from_serializable(&v).into_map().unwrap_or_default();
        map.insert("pages".into(), self.section_pages[id].clone());
        if let Some(projects) = super::project::list_below(self.site, id) {
            map.insert("projects".into(), Value::from_serializable(&projects));
        }
        map.insert("subsections".into(), self.subsections_value(id));
        let (upcoming, past) = self.split_events(&s.pages);
        map.insert("upcoming".into(), upcoming);
        map.insert("past".into(), past);
        let content = self.section_markdown[id]
            .as_ref()
            .map_or("", |r| r.html.as_str());
        map.insert("content".into(), Value::safe_string(content));
        Value::from(map)
    }

    /// `section.subsections`: the sections inside `id` that are not projects (those are
    /// `section.projects`), each with its title, address, summary and how many pages it
    /// lists, counted with its noun.
    fn subsections_value(&self, id: SectionId) -> Value {
        let list: Vec<_> = self.site.sections[id]
            .subsections
            .iter()
            .filter(|&&sub| site_project_here(self.site, sub).is_none())
            .map(|&sub| {
                let t = &self.site.sections[sub];
                let file = t.file.as_ref();
                serde_json::json!({
                    "title": t.title,
                    "url": t.url,
                    "summary": file.and_then(|f| f.summary.clone()),
                    "count": t.pages.len(),
                    "noun": section_noun(t.content_type, file.map(|f| &f.extra)),
                })
            })
            .collect();
        Value::from_serializable(&list)
    }

    /// A list's events split at the build's "now": upcoming soonest first (an event
    /// still running counts as upcoming), past newest first.
    fn split_events(&self, ids: &[PageId]) -> (Value, Value) {
        let now = self.site.now;
        let mut upcoming = Vec::new();
        let mut past = Vec::new();
        for &id in ids {
            if let TypeFields::Event { start, end, .. } = &self.site.pages[id].page.fields {
                if crate::results::is_over(now, *start, *end) {
                    past.push((start.datetime(), id));
                } else {
                    upcoming.push((start.datetime(), id));
                }
            }
        }
        upcoming.sort();
        past.sort_by(|a, b| b.cmp(a));
        let values = |list: Vec<(jiff::civil::DateTime, PageId)>| {
            Value::from(
                list.into_iter()
                    .map(|(_, id)| self.pages[id].clone())
                    .collect::<Vec<_>>(),
            )
        };
        (values(upcoming), values(past))
    }

    /// The context for rendering the page `id`.
    pub fn page_context(&self, id: PageId) -> tera::Context {
        let p = &self.site.pages[id];
        let mut ctx = self.base_context(&p.page.lang, Owner::Page(id), &p.url);
        let mut map = self.pages[id].clone().into_map().unwrap_or_default();
        map.insert(
            "content".into(),
            Value::safe_string(&self.markdown[id].html),
        );
        map.insert("tag_links".into(), self.tag_links(id));
        map.insert("toc".into(), toc_value(&self.markdown[id]));
        map.insert("share".into(), super::share::links(self.site, id));
        ctx.insert_value("page", Value::from(map));
        ctx.insert_value("section", self.section_value(p.section));
        ctx
    }

    /// The context for a section's list page (or a home page).
    pub fn section_context(&self, id: SectionId) -> tera::Context {
        let s = &self.site.sections[id];
        let mut ctx = self.base_context(&s.lang, Owner::Section(id), &s.url);
        let mut section = self.section_value(id);
        if s.is_home() {
            let values = &self.per_language[&s.lang];
            let mut map = section.into_map().unwrap_or_default();
            map.insert("pages".into(), values.latest.clone());
            section = Value::from(map);
            ctx.insert_value("sections", values.sections.clone());
        }
        let own_project = site_project_here(self.site, id);
        if let Some(pid) = own_project {
            let fact = super::project::fact_box(self.site, pid, &s.lang);
            ctx.insert_value("project", Value::from_serializable(&fact));
        }
        ctx.insert_value("section", section);
        ctx
    }

    /// What a share card's layout sees besides `card`: `site`, `funding` (a project's
    /// acknowledgement on its pages), `lang`, and `page` (none for a section) and
    /// `section`, the values pages render with.
    pub(super) fn card_context(&self, owner: Owner) -> tera::Context {
        let site = self.site;
        let lang = match owner {
            Owner::Page(id) => site.pages[id].page.lang.as_str(),
            Owner::Section(id) => site.sections[id].lang.as_str(),
        };
        let mut ctx = tera::Context::new();
        if let Some(values) = self.per_language.get(lang) {
            ctx.insert_value("site", values.site.clone());
            ctx.insert_value("funding", values.funding.clone());
        }
        if let Some(pid) = super::project::project_of(site, owner) {
            let ack = super::project::acknowledgement(site, pid, lang, owner);
            ctx.insert_value("funding", Value::from_serializable(&ack));
        }
        ctx.insert("lang", lang);
        match owner {
            Owner::Page(id) => {
                ctx.insert_value("page", self.pages[id].clone());
                ctx.insert_value("section", self.section_value(site.pages[id].section));
            }
            Owner::Section(id) => {
                ctx.insert_value("page", Value::none());
                ctx.insert_value("section", self.section_value(id));
            }
        }
        ctx
    }

    /// The context for the not-found page of a language.
    pub fn not_found_context(&self, lang: &str) -> tera::Context {
        let home = self.site.homes.get(lang).copied().unwrap_or(0);
        let url = format!("{}404.html", self.site.config.language_root(lang));
        let mut ctx = self.base_context(lang, Owner::Section(home), &url);
        ctx.insert_value("section", self.section_value(home));
        ctx
    }

    pub(super) fn base_context(&self, lang: &str, owner: Owner, url: &str) -> tera::Context {
        let site = self.site;
        let config = &site.config;
        let mut ctx = tera::Context::new();
        if let Some(values) = self.per_language.get(lang) {
            ctx.insert_value("site", values.site.clone());
            ctx.insert_value("helplines", values.helplines.clone());
            ctx.insert_value("funding", values.funding.clone());
            ctx.insert_value("organizer", values.organizer.clone());
            ctx.insert_value("results", values.results.clone());
        }
        // A project's pages carry its acknowledgement instead of the site-wide one.
        if let Some(pid) = super::project::project_of(site, owner) {
            let ack = super::project::acknowledgement(site, pid, lang, owner);
            ctx.insert_value("funding", Value::from_serializable(&ack));
        }
        ctx.insert_value("project", Value::none());
        ctx.insert("lang", lang);
        ctx.insert("canonical", &config.permalink(url));
        ctx.insert("current_url", url);

        ctx.insert("nav", &menu_value(site, site.menus.main(lang), owner, url));
        ctx.insert(
            "footer_nav",
            &menu_value(site, site.menus.footer(lang), owner, url),
        );

        let language_links: Vec<_> = config
            .languages
            .iter()
            .map(|l| {
                let (url, translated, current) = if l.code == lang {
                    (url.to_string(), true, true)
                } else {
                    let (u, t) = site.counterpart_url(owner, &l.code);
                    (u, t, false)
                };
                serde_json::json!({ "code": l.code, "name": l.name, "url": url, "current": current, "translated": translated })
            })
            .collect();
        ctx.insert("language_links", &language_links);

        let alternates: Vec<_> = match owner {
            Owner::Page(id) => site
                .translations
                .get(&site.pages[id].page.translation_key)
                .into_iter()
                .flatten()
                .map(|&o| serde_json::json!({ "code": site.pages[o].page.lang, "url": config.permalink(&site.pages[o].url) }))
                .collect(),
            Owner::Section(id) => site
                .section_translations
                .get(&site.sections[id].folder)
                .into_iter()
                .flatten()
                .map(|&o| serde_json::json!({ "code": site.sections[o].lang, "url": config.permalink(&site.sections[o].url) }))
                .collect(),
        };
        ctx.insert("alternates", &alternates);
        self.insert_head_values(&mut ctx, lang, owner);
        match self.search.and_then(|s| s.page(lang)) {
            Some(page) => ctx.insert("search_url", &page.url),
            None => ctx.insert_value("search_url", Value::none()),
        }
        ctx
    }
}

/// The project whose own section `id` is (not one inside it).
fn site_project_here(site: &Site, id: SectionId) -> Option<crate::site::projects::ProjectId> {
    let pid = site.projects.of_section.get(id).copied().flatten()?;
    (site.projects.list[pid].folder == site.sections[id].folder).then_some(pid)
}

/// A menu for templates (`nav`, `footer_nav`): each link's `title`, `url`, `lang` (when
/// the text is in another language), `current` (it is the page at `url`: only that
/// link gets `aria-current="page"`) and `ancestor` (a section the page is inside).
fn menu_value(
    site: &Site,
    items: &[crate::site::menus::MenuItem],
    owner: Owner,
    url: &str,
) -> Vec<serde_json::Value> {
    items
        .iter()
        .map(|item| {
            let current = item.url == url;
            let ancestor = !current
                && matches!(item.target, Some(Owner::Section(s)) if is_inside(site, owner, s));
            serde_json::json!({
                "title": item.name,
                "url": item.url,
                "lang": item.name_lang,
                "current": current,
                "ancestor": ancestor,
            })
        })
        .collect()
}

/// Whether `owner` is a page or section inside the section `section` (not the home page,
/// which everything is inside).
fn is_inside(site: &Site, owner: Owner, section: SectionId) -> bool {
    if site.sections[section].is_home() {
        return false;
    }
    let mut at = match owner {
        Owner::Page(p) => Some(site.pages[p].section),
        Owner::Section(s) => site.sections[s].parent,
    };
    while let Some(id) = at {
        if id == section {
            return true;
        }
        at = site.sections[id].parent;
    }
    false
}

/// `site` for templates in `lang`: the language's title and description, the base URL,
/// the languages, `extra`.
pub fn site_value(site: &Site, lang: &str) -> serde_json::Value {
    let config = &site.config;
    let language = config.language(lang);
    serde_json::json!({
        "title": language.map_or("", |l| l.title.as_str()),
        "description": language.map_or("", |l| l.description.as_str()),
        "base_url": config.base_url,
        "default_language": config.default_language,
        "build_year": site.now.year(),
        "timezone": config.timezone_name,
        "languages": config.languages.iter().map(|l| serde_json::json!({
            "code": l.code, "name": l.name, "title": l.title,
            "description": l.description, "url": config.language_root(&l.code),
        })).collect::<Vec<_>>(),
        "extra": config.extra,
    })
}

/// `helplines` for templates: `[[helplines]]` in `lang`, with `tel` for the link.
pub fn helplines_value(config: &Config, lang: &str) -> serde_json::Value {
    let def = config.default_language.as_str();
    config
        .helplines
        .iter()
        .map(|h| {
            serde_json::json!({
                "name": h.name.get(lang, def),
                "phone": h.phone,
                "tel": h.tel.clone().unwrap_or_else(|| h.phone.chars().filter(|c| !c.is_whitespace()).collect()),
                "hours": h.hours.as_ref().map(|x| x.get(lang, def)),
                "url": h.url,
            })
        })
        .collect()
}

/// The interface string a section's list counts its pages with: `noun:` in its
/// `_index.md`'s `extra` when given (a key of the interface strings with plural forms,
/// e.g. `terms`), else the noun of its content type („4 straipsniai“, „21 plakatas“).
fn section_noun(kind: Option<ContentType>, extra: Option<&serde_json::Value>) -> String {
    if let Some(noun) = extra.and_then(|e| e.get("noun")).and_then(|n| n.as_str()) {
        return noun.to_string();
    }
    match kind {
        Some(ContentType::Poster) => "poster_count",
        Some(ContentType::Page) | None => "pages",
        Some(other) => other.folder_name(),
    }
    .to_string()
}

/// Front-matter text shown as prose (a role, a place, a warning) with the language's
/// quotes and dashes, as titles and summaries have them.
fn prose(text: &Option<String>, lang: &str) -> Option<String> {
    text.as_deref().map(|t| smarten(t, lang))
}

/// Every page's template value (without `content`), in page order.
pub fn page_values(site: &Site, markdown: &[Rendered]) -> Vec<Value> {
    (0..site.pages.len())
        .map(|id| page_value(site, id, &markdown[id]))
        .collect()
}

/// One page's template value (without `content`).
pub fn page_value(site: &Site, id: PageId, md: &Rendered) -> Value {
    let config: &Config = &site.config;
    let sp = &site.pages[id];
    let p = &sp.page;
    let section = &site.sections[sp.section];
    let translations = site
        .translations_of(id)
        .map(|o| {
            let t = &site.pages[o];
            TranslationView {
                lang: &t.page.lang,
                name: config
                    .language(&t.page.lang)
                    .map_or(t.page.lang.as_str(), |l| l.name.as_str()),
                url: &t.url,
                title: &t.page.title,
            }
        })
        .collect();
    let summary = summary_of(p.summary.as_deref(), md);
    let fields = fields_view(site, id, &summary);
    let view = PageView {
        title: &p.title,
        summary,
        url: &sp.url,
        permalink: config.permalink(&sp.url),
        lang: &p.lang,
        kind: p.content_type(),
        slug: &p.slug,
        date: p.date,
        updated: p.updated,
        tags: &p.tags,
        image: p.image.as_deref().map(|u| resolve_asset(&sp.url, u)),
        image_alt: p.image_alt.as_deref(),
        weight: p.weight,
        extra: &p.extra,
        translations,
        section: SectionRef {
            title: &section.title,
            url: &section.url,
        },
        word_count: md.word_count,
        reading_minutes: md.word_count.div_ceil(READING_SPEED).max(1),
        has_code: md.html.contains("<pre class=\"code\""),
        fields,
    };
    Value::from_serializable(&view)
}

/// A page's type fields for templates: files resolved beside the page, front matter
/// shown as prose with the language's typography.
fn fields_view<'a>(site: &'a Site, id: PageId, summary: &str) -> FieldsView<'a> {
    let config: &Config = &site.config;
    let sp = &site.pages[id];
    let p = &sp.page;
    let lang = p.lang.as_str();
    match &p.fields {
        TypeFields::Page => FieldsView::None {},
        TypeFields::Article { author, source } => FieldsView::Article {
            author: prose(author, lang),
            source: source.clone().map(|mut s| {
                s.name = smarten(&s.name, lang);
                s
            }),
        },
        TypeFields::Event {
            start,
            end,
            location,
            online_url,
            registration_url,
            status,
            participants,
        } => FieldsView::Event {
            start: *start,
            end: *end,
            all_day: matches!(start, When::Date(_)),
            location: location.clone().map(|mut l| {
                l.name = smarten(&l.name, lang);
                l.address = prose(&l.address, lang);
                l
            }),
            online_url,
            registration_url,
            status: *status,
            participants: *participants,
            ics_url: crate::site::addresses::event_file_url(&sp.url),
            json_ld: super::jsonld::event(config, p, &sp.url, summary).unwrap_or_default(),
            qr_url: registration_url.as_deref().map_or_else(
                || config.permalink(&sp.url),
                |r| absolute(config, &sp.url, r),
            ),
        },
        TypeFields::Poster { pdf, size, qr } => FieldsView::Poster {
            qr_url: qr
                .clone()
                .unwrap_or_else(|| config.permalink(&config.language_root(lang))),
            pdf: pdf.as_deref().map(|u| resolve_asset(&sp.url, u)),
            pdf_bytes: site.media.pdf_bytes.get(&id).copied(),
            size: *size,
            picture: site
                .media
                .pictures
                .get(&id)
                .map(crate::media::Picture::view),
        },
        TypeFields::Newsletter { number } => FieldsView::Newsletter {
            number: *number,
            email_url: crate::site::addresses::email_html_url(&sp.url),
            email_text_url: crate::site::addresses::email_text_url(&sp.url),
        },
        TypeFields::Story {
            ambassador,
            anonymous,
            content_warning,
            ..
        } => FieldsView::Story {
            ambassador: ambassador.clone().map(|mut a| {
                a.photo = a.photo.map(|u| resolve_asset(&sp.url, &u));
                a.role = prose(&a.role, lang);
                a
            }),
            anonymous: *anonymous,
            content_warning: prose(content_warning, lang),
        },
    }
}

/// An address written in front matter as a reader outside the site needs it: kept when
/// it has a scheme, else resolved beside the page and made absolute.
pub(super) fn absolute(config: &Config, page_url: &str, address: &str) -> String {
    if address.contains("://") || address.starts_with("mailto:") {
        address.to_string()
    } else {
        config.permalink(&resolve_asset(page_url, address))
    }
}

/// The page's headings for a table of contents. Only the page's own context has
/// them: lists of thousands of pages would carry them for nothing.
fn toc_value(md: &Rendered) -> Value {
    let toc: Vec<TocEntry> = md
        .headings
        .iter()
        .map(|h| TocEntry {
            level: h.level,
            id: &h.id,
            title: &h.title,
        })
        .collect();
    Value::from_serializable(&toc)
}

// ---------------------------------------------------------------------------------------
// Discovery: feed links, Open Graph values, tag links and the tag pages' contexts
// ---------------------------------------------------------------------------------------

/// What [`Views::with_discovery`] adds: the site's feeds and tags.
#[derive(Clone, Copy)]
struct Discovery<'s> {
    feeds: &'s crate::site::feeds::Feeds,
    tags: &'s crate::taxonomy::Taxonomy,
}

impl<'s> Views<'s> {
    /// Adds feed links (`feeds`), tag links (`page.tag_links`) and the tag pages.
    pub fn with_discovery(
        mut self,
        feeds: &'s crate::site::feeds::Feeds,
        tags: &'s crate::taxonomy::Taxonomy,
    ) -> Views<'s> {
        self.discovery = Some(Discovery { feeds, tags });
        self
    }

    /// `feeds`, `og_type`, `og_locale`, `og_locale_alternates` and `og_image`.
    fn insert_head_values(&self, ctx: &mut tera::Context, lang: &str, owner: Owner) {
        let site = self.site;
        let mut feeds = Vec::new();
        if let Some(d) = self.discovery {
            let section = match owner {
                Owner::Page(id) => site.pages[id].section,
                Owner::Section(id) => id,
            };
            let links = d
                .feeds
                .site_feed(lang)
                .into_iter()
                .chain(d.feeds.section_feed(section));
            feeds.extend(links.map(|f| serde_json::json!({ "title": f.title, "url": f.url })));
        }
        ctx.insert("feeds", &feeds);

        let (og_type, other_langs): (&str, Vec<&str>) = match owner {
            Owner::Page(id) => (
                "article",
                site.translations_of(id)
                    .map(|o| site.pages[o].page.lang.as_str())
                    .collect(),
            ),
            Owner::Section(id) => (
                "website",
                site.section_translations
                    .get(&site.sections[id].folder)
                    .into_iter()
                    .flatten()
                    .filter(|&&o| o != id)
                    .map(|&o| site.sections[o].lang.as_str())
                    .collect(),
            ),
        };
        ctx.insert("og_type", og_type);
        self.insert_og_locales(ctx, lang, other_langs);

        let image = social_image(site, owner);
        match image {
            Some(image) => ctx.insert("og_image", &image),
            None => ctx.insert_value("og_image", Value::none()),
        }
    }

    pub(super) fn insert_og_locales(&self, ctx: &mut tera::Context, lang: &str, others: Vec<&str>) {
        match og_locale(lang) {
            Some(locale) => ctx.insert("og_locale", &locale),
            None => ctx.insert_value("og_locale", Value::none()),
        }
        let alternates: Vec<String> = others.into_iter().filter_map(og_locale).collect();
        ctx.insert("og_locale_alternates", &alternates);
    }

    /// `page.tag_links`: the page's tags as `{name, url}`, in front matter order.
    fn tag_links(&self, id: PageId) -> Value {
        let page = &self.site.pages[id].page;
        let tags = self.discovery.and_then(|d| d.tags.language(&page.lang));
        let links: Vec<_> = page
            .tags
            .iter()
            .filter_map(|text| {
                let tag = tags?.tag(text)?;
                Some(serde_json::json!({ "name": text.trim(), "url": tag.url }))
            })
            .collect();
        Value::from_serializable(&links)
    }

    /// The context of a tag's page (`tag.html`): `tag` with its `pages`, newest first.
    pub fn tag_context(&self, lang: &str, index: usize) -> Option<tera::Context> {
        let tags = self.discovery?.tags.language(lang)?;
        let tag = tags.tags.get(index)?;
        let mut ctx = self.tag_base_context(lang, &tag.url, false);
        let mut map = Value::from_serializable(&serde_json::json!({
            "name": tag.name,
            "slug": tag.slug,
            "url": tag.url,
            "permalink": self.site.config.permalink(&tag.url),
            "count": tag.pages.len(),
        }))
        .into_map()
        .unwrap_or_default();
        let pages: Vec<Value> = tag.pages.iter().map(|&id| self.pages[id].clone()).collect();
        map.insert("pages".into(), Value::from(pages));
        ctx.insert_value("tag", Value::from(map));
        ctx.insert("tag_index_url", &tags.url);
        Some(ctx)
    }

    /// The context of a language's tag index (`tags.html`): `tags` in alphabetical order.
    pub fn tag_index_context(&self, lang: &str) -> Option<tera::Context> {
        let tags = self.discovery?.tags.language(lang)?;
        let mut ctx = self.tag_base_context(lang, &tags.url, true);
        let list: Vec<_> = tags
            .tags
            .iter()
            .map(|t| {
                serde_json::json!({ "name": t.name, "slug": t.slug, "url": t.url, "count": t.pages.len() })
            })
            .collect();
        ctx.insert("tags", &list);
        ctx.insert("tag_index_url", &tags.url);
        Some(ctx)
    }

    /// The base context for a tag page at `url`. The tag indexes of the languages are
    /// translations of one another; a tag itself is not translated, so the language
    /// switcher leads to the other language's tag index (or home) and says so.
    fn tag_base_context(&self, lang: &str, url: &str, is_index: bool) -> tera::Context {
        let site = self.site;
        let config = &site.config;
        let home = site.homes.get(lang).copied().unwrap_or(0);
        let mut ctx = self.base_context(lang, Owner::Section(home), url);
        let index_of = |code: &str| {
            self.discovery
                .and_then(|d| d.tags.language(code))
                .map(|t| t.url.clone())
        };
        let language_links: Vec<_> = config
            .languages
            .iter()
            .map(|l| {
                let current = l.code == lang;
                let (link, translated) = if current {
                    (url.to_string(), true)
                } else {
                    match index_of(&l.code) {
                        Some(index) => (index, is_index),
                        None => (config.language_root(&l.code), false),
                    }
                };
                serde_json::json!({ "code": l.code, "name": l.name, "url": link, "current": current, "translated": translated })
            })
            .collect();
        ctx.insert("language_links", &language_links);
        let versions: Vec<(&str, String)> = if is_index {
            config
                .languages
                .iter()
                .filter_map(|l| Some((l.code.as_str(), index_of(&l.code)?)))
                .collect()
        } else {
            vec![(lang, url.to_string())]
        };
        let alternates: Vec<_> = versions
            .iter()
            .map(|(code, u)| serde_json::json!({ "code": code, "url": config.permalink(u) }))
            .collect();
        ctx.insert("alternates", &alternates);
        let others = versions
            .iter()
            .map(|(code, _)| *code)
            .filter(|code| *code != lang)
            .collect();
        self.insert_og_locales(&mut ctx, lang, others);
        ctx
    }
}

/// The Open Graph locale of a site language: `lt` → `lt_LT`, `en` → `en_GB` (the EU's
/// English). A code with a region keeps it (`en-US` → `en_US`); other bare codes map
/// to the country where the language is mainly spoken; an unknown code has none.
pub fn og_locale(code: &str) -> Option<String> {
    let mut parts = code.split('-');
    let language = parts.next()?.to_ascii_lowercase();
    if let Some(region) = parts.find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return Some(format!("{language}_{}", region.to_ascii_uppercase()));
    }
    let region = match language.as_str() {
        "lt" => "LT",
        "en" => "GB",
        "lv" => "LV",
        "et" => "EE",
        "pl" => "PL",
        "ru" => "RU",
        "uk" => "UA",
        "be" => "BY",
        "de" => "DE",
        "fr" => "FR",
        "es" => "ES",
        "it" => "IT",
        "nl" => "NL",
        "pt" => "PT",
        "fi" => "FI",
        "sv" => "SE",
        "da" => "DK",
        "nb" | "no" => "NO",
        "cs" => "CZ",
        "sk" => "SK",
        "hu" => "HU",
        "ro" => "RO",
        "bg" => "BG",
        "el" => "GR",
        "hr" => "HR",
        "sl" => "SI",
        "ga" => "IE",
        "mt" => "MT",
        _ => return None,
    };
    let language = if language == "no" {
        "nb".to_string()
    } else {
        language
    };
    Some(format!("{language}_{region}"))
}

/// `og_image`: the page's own raster image, else its share card (the model's
/// address), with its size; absolute through the site's permalink. `None` without
/// either.
fn social_image(site: &Site, owner: Owner) -> Option<serde_json::Value> {
    let (url, image, alt, card) = match owner {
        Owner::Page(id) => {
            let p = &site.pages[id];
            let card = crate::site::addresses::page_card(site, id);
            (
                &p.url,
                p.page.image.as_deref(),
                p.page.image_alt.as_deref(),
                card,
            )
        }
        Owner::Section(id) => {
            let s = &site.sections[id];
            let file = s.file.as_ref();
            let card = crate::site::addresses::section_card(site, id);
            let image = file.and_then(|f| f.image.as_deref());
            (
                &s.url,
                image,
                file.and_then(|f| f.image_alt.as_deref()),
                card,
            )
        }
    };
    let absolute = |url: String| {
        if url.starts_with('/') && !url.starts_with("//") {
            site.config.permalink(&url)
        } else {
            url
        }
    };
    if let Some(card) = card {
        let title = match owner {
            Owner::Page(id) => site.pages[id].page.title.as_str(),
            Owner::Section(id) => site.sections[id].title.as_str(),
        };
        return Some(serde_json::json!({
            "url": absolute(card),
            "alt": title,
            "width": crate::media::card::WIDTH,
            "height": crate::media::card::HEIGHT,
        }));
    }
    let image = resolve_asset(url, image?);
    // An SVG poster: its PNG copy.
    if let Some(copy) = site.media.png_copies.get(&image) {
        return Some(serde_json::json!({
            "url": absolute(copy.url.clone()),
            "alt": alt.unwrap_or(""),
            "width": copy.width,
            "height": copy.height,
        }));
    }
    is_raster(&image).then(|| {
        let size = match owner {
            Owner::Page(id) => site
                .media
                .pictures
                .get(&id)
                .map(|p| (p.original.width, p.original.height)),
            Owner::Section(_) => None,
        };
        serde_json::json!({
            "url": absolute(image),
            "alt": alt.unwrap_or(""),
            "width": size.map(|s| s.0),
            "height": size.map(|s| s.1),
        })
    })
}

#[cfg(test)]
mod discovery_tests {
    use super::*;

    #[test]
    fn og_locales_map_language_codes() {
        assert_eq!(og_locale("lt").as_deref(), Some("lt_LT"));
        assert_eq!(og_locale("en").as_deref(), Some("en_GB"));
        assert_eq!(og_locale("en-US").as_deref(), Some("en_US"));
        assert_eq!(og_locale("no").as_deref(), Some("nb_NO"));
        assert_eq!(og_locale("xx"), None);
    }
}
