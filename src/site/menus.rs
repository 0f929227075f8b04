//! Step: the menus. `[[menu.main]]` and `[[menu.footer]]` of `site.toml` and the home
//! page's buttons (`actions:` in `content/_index.md`) become links per language: a
//! page or a section through its translations, an address as written.
//!
//! A language where the page (or section) is not translated gets the language
//! switcher's rule ([`Site::counterpart_url`]): the nearest section above in that
//! language, else its home page; the link text is then the entry's `name`, else the
//! title in the default language (marked with its language). Without `[[menu.main]]`
//! the header lists the top-level sections, as before menus existed. The footer also
//! links, in each language it exists in, the results page (`extra.layout: results`),
//! the privacy notice (`role: privacy`) and the accessibility statement
//! (`role: accessibility`), unless the footer menu already leads there.
//!
//! A page or section that was loaded but is not published (a draft, a page dated in the
//! future) is left out of the menu; one that does not exist is an error at its line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Owner, Site};
use crate::config::{Localized, MenuEntry, MenuTarget};
use crate::content::{ActionTarget, PageRole, SectionId};
use crate::error::Diagnostic;

/// One link of a menu in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuItem {
    pub name: String,
    /// The language of `name` when it is not the menu's: the title of a page that is not
    /// translated into the menu's language.
    pub name_lang: Option<String>,
    /// The address, from the model (or as written for a `url` entry).
    pub url: String,
    /// The page or section of this site the link leads to, for `aria-current`.
    pub target: Option<Owner>,
}

/// The menus of every language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Menus {
    /// Language → the header's links.
    pub main: HashMap<String, Vec<MenuItem>>,
    /// Language → the footer's links.
    pub footer: HashMap<String, Vec<MenuItem>>,
    /// A home page (section) → its buttons, in order.
    pub actions: HashMap<SectionId, Vec<MenuItem>>,
}

impl Menus {
    pub fn main(&self, lang: &str) -> &[MenuItem] {
        self.main.get(lang).map_or(&[], Vec::as_slice)
    }

    pub fn footer(&self, lang: &str) -> &[MenuItem] {
        self.footer.get(lang).map_or(&[], Vec::as_slice)
    }

    pub fn actions(&self, home: SectionId) -> &[MenuItem] {
        self.actions.get(&home).map_or(&[], Vec::as_slice)
    }
}

/// What was loaded but is not published: named in a menu, it is left out, not an error.
#[derive(Debug, Default)]
pub(super) struct Unpublished {
    /// Content-relative paths of pages and `_index.md` files (`apie.md`).
    pub files: HashSet<String>,
    /// Section folders (`renginiai`).
    pub folders: HashSet<String>,
}

/// What a `page` or `section` reference names.
enum Found {
    At(Owner),
    /// Exists but is not published, or did not load (its own error says why).
    Skip,
    Missing(String),
}

/// Resolves every menu and every home page's actions; an error for each entry naming a
/// file or section that does not exist.
pub(super) fn build(site: &Site, unpublished: &Unpublished) -> (Menus, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut menus = Menus::default();
    let config = &site.config;
    let main = config
        .menu
        .main
        .as_ref()
        .map(|entries| resolve_entries(site, entries, unpublished, &mut diagnostics));
    let footer = resolve_entries(site, &config.menu.footer, unpublished, &mut diagnostics);
    for (i, lang) in config.languages.iter().enumerate() {
        let code = lang.code.as_str();
        let items = match &main {
            Some(per_lang) => per_lang[i].clone(),
            None => site
                .top_sections(code)
                .iter()
                .map(|&id| MenuItem {
                    name: site.sections[id].title.clone(),
                    name_lang: None,
                    url: site.sections[id].url.clone(),
                    target: Some(Owner::Section(id)),
                })
                .collect(),
        };
        menus.main.insert(lang.code.clone(), items);
        let mut items = footer[i].clone();
        footer_defaults(site, code, &mut items);
        menus.footer.insert(lang.code.clone(), items);
    }
    for (id, section) in site.sections.iter().enumerate() {
        let Some(file) = section.file.as_ref().filter(|_| section.is_home()) else {
            continue;
        };
        let mut items = Vec::new();
        for (i, action) in file.actions.iter().enumerate() {
            let target = match &action.target {
                ActionTarget::Url(url) => Some(url_item(site, url, action.label.clone())),
                ActionTarget::Page(rel) => match find_page(site, rel, unpublished) {
                    Found::At(owner) => Some(item_in(site, owner, &section.lang, None)),
                    Found::Skip => None,
                    Found::Missing(message) => {
                        diagnostics.push(
                            Diagnostic::error(&file.source, message)
                                .field(format!("actions[{i}].page"))
                                .at_line(action.line),
                        );
                        None
                    }
                },
            };
            if let Some(mut item) = target {
                item.name.clone_from(&action.label);
                item.name_lang = None;
                items.push(item);
            }
        }
        if !items.is_empty() {
            menus.actions.insert(id, items);
        }
    }
    (menus, diagnostics)
}

/// A menu's entries resolved in each language of the site (in the site's order); an
/// error for each entry whose page or section does not exist.
fn resolve_entries(
    site: &Site,
    entries: &[MenuEntry],
    unpublished: &Unpublished,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<MenuItem>> {
    let languages = &site.config.languages;
    let mut out = vec![Vec::new(); languages.len()];
    for entry in entries {
        let (found, key) = match &entry.target {
            MenuTarget::Url(url) => {
                for (i, lang) in languages.iter().enumerate() {
                    let (name, name_lang) =
                        entry_name(site, entry.name.as_ref(), &lang.code).unwrap_or_default();
                    let mut item = url_item(site, url, name);
                    item.name_lang = name_lang;
                    out[i].push(item);
                }
                continue;
            }
            MenuTarget::Page(rel) => (find_page(site, rel, unpublished), "page"),
            MenuTarget::Section(folder) => (find_section(site, folder, unpublished), "section"),
        };
        match found {
            Found::At(owner) => {
                for (i, lang) in languages.iter().enumerate() {
                    out[i].push(item_in(site, owner, &lang.code, entry.name.as_ref()));
                }
            }
            Found::Skip => {}
            Found::Missing(message) => {
                let mut d = Diagnostic::error(Path::new("site.toml"), message)
                    .field(format!("{}.{key}", entry.field));
                if let Some(line) = entry.line {
                    d = d.at_line(line);
                }
                diagnostics.push(d);
            }
        }
    }
    out
}

/// The link to `owner` (a page or section in any language) for a reader of `lang`: its
/// translation, else the language switcher's fallback with the default language's title.
fn item_in(site: &Site, owner: Owner, lang: &str, name: Option<&Localized>) -> MenuItem {
    let translated = match owner {
        Owner::Page(id) => site.translation_in(id, lang).map(Owner::Page),
        Owner::Section(id) => site.section_in(id, lang).map(Owner::Section),
    };
    let given = name.and_then(|n| given_name(n, lang));
    if let Some(target) = translated {
        let (title, url) = title_and_url(site, target);
        return MenuItem {
            name: given.unwrap_or(title).to_string(),
            name_lang: None,
            url: url.to_string(),
            target: Some(target),
        };
    }
    let (url, _) = site.counterpart_url(owner, lang);
    let (name, name_lang) = match given {
        Some(n) => (n.to_string(), None),
        None => {
            // The title in the default language, else in the language it was written in.
            let shown = default_version(site, owner).unwrap_or(owner);
            let (title, _) = title_and_url(site, shown);
            (title.to_string(), Some(owner_lang(site, shown).to_string()))
        }
    };
    MenuItem {
        name,
        name_lang,
        url,
        target: None,
    }
}

/// An entry's `name` written for `lang` (one text for all languages counts).
fn given_name<'a>(name: &'a Localized, lang: &str) -> Option<&'a str> {
    match name {
        Localized::Same(s) => Some(s),
        Localized::PerLanguage(map) => map.get(lang).map(String::as_str),
    }
}

/// A `url` entry's name in `lang`, else in the default language (with its language).
fn entry_name(
    site: &Site,
    name: Option<&Localized>,
    lang: &str,
) -> Option<(String, Option<String>)> {
    let name = name?;
    if let Some(n) = given_name(name, lang) {
        return Some((n.to_string(), None));
    }
    let def = site.config.default_language.as_str();
    let text = name.get(lang, def);
    let written_in = match name {
        Localized::PerLanguage(map) => map
            .iter()
            .find(|(_, v)| v.as_str() == text)
            .map(|(k, _)| k.clone()),
        Localized::Same(_) => None,
    };
    Some((text.to_string(), written_in))
}

/// A link to an address as written; a path of this site knows its page or section.
fn url_item(site: &Site, url: &str, name: String) -> MenuItem {
    MenuItem {
        name,
        name_lang: None,
        url: url.to_string(),
        target: site.urls.get(url).copied(),
    }
}

fn title_and_url(site: &Site, owner: Owner) -> (&str, &str) {
    match owner {
        Owner::Page(id) => (&site.pages[id].page.title, &site.pages[id].url),
        Owner::Section(id) => (&site.sections[id].title, &site.sections[id].url),
    }
}

fn owner_lang(site: &Site, owner: Owner) -> &str {
    match owner {
        Owner::Page(id) => &site.pages[id].page.lang,
        Owner::Section(id) => &site.sections[id].lang,
    }
}

/// The version of `owner` in the site's default language, if there is one.
fn default_version(site: &Site, owner: Owner) -> Option<Owner> {
    let def = site.config.default_language.as_str();
    match owner {
        Owner::Page(id) => site.translation_in(id, def).map(Owner::Page),
        Owner::Section(id) => site.section_in(id, def).map(Owner::Section),
    }
}

/// The page (or `_index.md`) at the content-relative path `rel`.
fn find_page(site: &Site, rel: &str, unpublished: &Unpublished) -> Found {
    let rel = rel.trim_start_matches("./");
    if let Some(&owner) = site.sources.get(rel) {
        return Found::At(owner);
    }
    if unpublished.files.contains(rel) || site.broken.has_file(rel) {
        return Found::Skip;
    }
    let hint = if let Some(inside) = rel.strip_prefix("content/") {
        format!("; write the path from inside content/: \"{inside}\"")
    } else if site.sources.contains_key(&format!("{rel}.md")) {
        format!("; did you mean \"{rel}.md\"?")
    } else if site
        .sources
        .contains_key(&format!("{}/index.md", rel.trim_end_matches('/')))
    {
        format!("; did you mean \"{}/index.md\"?", rel.trim_end_matches('/'))
    } else {
        String::new()
    };
    Found::Missing(format!(
        "there is no content file content/{rel}: name a Markdown file by its path under content/, like \"apie.md\" or \"renginiai/seminaras.md\"{hint}"
    ))
}

/// The section whose folder is `folder` (`renginiai`, `""` for the home page).
fn find_section(site: &Site, folder: &str, unpublished: &Unpublished) -> Found {
    if let Some(&id) = site
        .section_translations
        .get(folder)
        .and_then(|s| s.first())
    {
        return Found::At(Owner::Section(id));
    }
    let broken = site
        .config
        .languages
        .iter()
        .any(|l| site.broken.has_version(folder, &l.code, true));
    if unpublished.folders.contains(folder) || broken {
        return Found::Skip;
    }
    let def = site.config.default_language.as_str();
    let mut known: Vec<&str> = site
        .top_sections(def)
        .iter()
        .map(|&id| site.sections[id].folder.as_str())
        .collect();
    known.sort_unstable();
    let list = if known.is_empty() {
        String::new()
    } else {
        format!(" (top-level sections: {})", known.join(", "))
    };
    Found::Missing(format!(
        "there is no section {folder:?}: a section is a folder under content/ with an _index.md{list}"
    ))
}

/// The footer's default links in `lang`: the results page, the privacy notice and the
/// accessibility statement, each when it exists and the footer does not already lead there.
fn footer_defaults(site: &Site, lang: &str, items: &mut Vec<MenuItem>) {
    let kinds: [&dyn Fn(&crate::content::Page) -> bool; 3] = [
        &|p| p.is_results_page(),
        &|p| p.role == Some(PageRole::Privacy),
        &|p| p.role == Some(PageRole::Accessibility),
    ];
    for is_kind in kinds {
        let found = site
            .pages
            .iter()
            .position(|sp| sp.page.lang == lang && is_kind(&sp.page));
        let Some(id) = found else { continue };
        let url = &site.pages[id].url;
        let listed = items
            .iter()
            .any(|i| i.target == Some(Owner::Page(id)) || &i.url == url);
        if !listed {
            items.push(MenuItem {
                name: site.pages[id].page.title.clone(),
                name_lang: None,
                url: url.clone(),
                target: Some(Owner::Page(id)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{config, page, section};
    use super::*;
    use crate::content::Content;

    fn site_with(menu: &str, pages: Vec<crate::content::Page>) -> (Site, Vec<Diagnostic>) {
        let text = format!(
            "base_url = \"https://x.lt\"\n[languages.lt]\ntitle = \"Svetainė\"\ndescription = \"b\"\n[languages.en]\ntitle = \"Site\"\ndescription = \"b\"\n{menu}"
        );
        let cfg = crate::config::Config::parse(&text).expect("valid");
        let content = Content {
            pages,
            sections: vec![
                section("renginiai", "lt", "title: Renginiai"),
                section("renginiai", "en", "title: Events\nslug: events"),
            ],
            assets: Vec::new(),
            broken: crate::content::BrokenFiles::default(),
        };
        let publish = super::super::Publish {
            drafts: false,
            now: jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0),
        };
        Site::build(cfg, content, publish)
    }

    #[test]
    fn a_page_resolves_per_language_and_falls_back_where_untranslated() {
        let _ = config();
        let (site, errors) = site_with(
            "[[menu.main]]\npage = \"apie.md\"\n[[menu.main]]\npage = \"tik.md\"\nname = { lt = \"Tik lietuviškai\" }\n[[menu.main]]\nsection = \"renginiai\"\n[[menu.main]]\nurl = \"https://kitas.example\"\nname = { lt = \"Kitas\", en = \"Other\" }\n",
            vec![
                page("apie", "lt", "title: Apie"),
                page("apie", "en", "title: About\nslug: about"),
                page("tik", "lt", "title: Tik čia"),
            ],
        );
        assert!(errors.is_empty(), "{errors:?}");
        let en: Vec<_> = site
            .menus
            .main("en")
            .iter()
            .map(|i| (i.name.as_str(), i.url.as_str(), i.name_lang.as_deref()))
            .collect();
        assert_eq!(
            en,
            [
                ("About", "/en/about/", None),
                ("Tik čia", "/en/", Some("lt")),
                ("Events", "/en/events/", None),
                ("Other", "https://kitas.example", None),
            ]
        );
        let lt: Vec<_> = site
            .menus
            .main("lt")
            .iter()
            .map(|i| i.name.as_str())
            .collect();
        assert_eq!(lt, ["Apie", "Tik lietuviškai", "Renginiai", "Kitas"]);
    }

    #[test]
    fn missing_pages_and_sections_are_errors_at_their_lines() {
        let (_, errors) = site_with(
            "[[menu.main]]\npage = \"nera.md\"\n\n[[menu.footer]]\nsection = \"nera\"\n",
            Vec::new(),
        );
        let got: Vec<_> = errors
            .iter()
            .map(|d| (d.field.as_deref().unwrap_or(""), d.line))
            .collect();
        assert_eq!(
            got,
            [
                ("menu.main[0].page", Some(9)),
                ("menu.footer[0].section", Some(12))
            ],
            "{errors:?}"
        );
    }

    #[test]
    fn the_footer_links_the_accessibility_statement_once() {
        let (site, _) = site_with(
            "",
            vec![page(
                "prieinamumas",
                "lt",
                "title: Prieinamumas\nrole: accessibility",
            )],
        );
        let lt: Vec<_> = site
            .menus
            .footer("lt")
            .iter()
            .map(|i| i.url.as_str())
            .collect();
        assert_eq!(lt, ["/prieinamumas/"]);
        assert!(site.menus.footer("en").is_empty());
        let (site, _) = site_with(
            "[[menu.footer]]\npage = \"prieinamumas.md\"\n",
            vec![page(
                "prieinamumas",
                "lt",
                "title: Prieinamumas\nrole: accessibility",
            )],
        );
        assert_eq!(site.menus.footer("lt").len(), 1);
    }
}
