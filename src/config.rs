//! `site.toml` → [`Config`], validated once.
//!
//! Owns the site's languages, base URL, time zone, theme name and the campaign data
//! that templates show on every page (organiser, funding, helplines, indicators).
//! Nothing else reads `site.toml`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{line_col, Diagnostic};

/// Text given per language: `{ lt = "…", en = "…" }`, or one string for every language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Localized {
    Same(String),
    PerLanguage(BTreeMap<String, String>),
}

impl Localized {
    /// The text in `lang`, else in `fallback`, else any.
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        match self {
            Localized::Same(s) => s,
            Localized::PerLanguage(map) => map
                .get(lang)
                .or_else(|| map.get(fallback))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }
}

/// One language of the site, in the order of `site.toml` with the default language first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    pub code: String,
    /// The language's own name, for the language switcher ("Lietuvių", "English").
    pub name: String,
    pub title: String,
    pub description: String,
    /// The line of its `[languages.…]` table in `site.toml`, for diagnostics.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organizer {
    pub name: Localized,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    pub programme: Localized,
    #[serde(default)]
    pub project_number: Option<String>,
    #[serde(default)]
    pub emblem: Option<Localized>,
    /// A PNG or JPEG of the emblem for newsletters' e-mail version: e-mail programs
    /// (Gmail, Outlook) do not show SVG.
    #[serde(default)]
    pub email_emblem: Option<Localized>,
    pub statement: Localized,
    #[serde(default)]
    pub disclaimer: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    pub name: Localized,
    /// As shown: "0 800 28888".
    pub phone: String,
    /// For the `tel:` link; defaults to `phone` without spaces.
    #[serde(default)]
    pub tel: Option<String>,
    #[serde(default)]
    pub hours: Option<Localized>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub verified_on: Option<toml::value::Datetime>,
}

/// `[newsletter]`: how newsletters' e-mail version is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsletterSettings {
    /// The unsubscribe link as the mailing tool wants it written: a merge tag it
    /// replaces with each reader's own link (Mailchimp `*|UNSUB|*`, Brevo
    /// `{{ unsubscribe }}`, MailerLite `{$unsubscribe}`). Empty: no unsubscribe line.
    #[serde(default = "default_unsubscribe")]
    pub unsubscribe_url: String,
}

fn default_unsubscribe() -> String {
    "*|UNSUB|*".to_string()
}

impl Default for NewsletterSettings {
    fn default() -> Self {
        NewsletterSettings {
            unsubscribe_url: default_unsubscribe(),
        }
    }
}

/// `[share]`: which kinds of page carry the share block (links to share the page on
/// social networks, by e-mail and a copy-link button). Each is on unless turned off;
/// one page turns it off with `share: false` in its front matter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareSettings {
    #[serde(default = "yes")]
    pub articles: bool,
    #[serde(default = "yes")]
    pub events: bool,
    #[serde(default = "yes")]
    pub posters: bool,
    /// Some ambassadors may not want their story pushed around: `stories = false`.
    #[serde(default = "yes")]
    pub stories: bool,
}

impl Default for ShareSettings {
    fn default() -> Self {
        ShareSettings {
            articles: true,
            events: true,
            posters: true,
            stories: true,
        }
    }
}

/// A result the funder counts that content cannot (`[[indicators]]`), shown on the
/// results page and in `results.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub label: Localized,
    pub value: f64,
    /// What the project planned; the results page shows the value as a share of it.
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub unit: Option<Localized>,
    /// Where the figure comes from ("service register").
    #[serde(default)]
    pub source: Option<Localized>,
    /// The day the figure was counted.
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
}

/// What a menu entry links to: exactly one of `page`, `section` or `url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuTarget {
    /// A content file, relative to `content/` as written (`apie.md`).
    Page(String),
    /// A section folder under `content/` (`renginiai`; `""` is the home page).
    Section(String),
    /// An address: `https://…`, `mailto:…` or a path on this site.
    Url(String),
}

/// One entry of `[[menu.main]]` or `[[menu.footer]]`, in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuEntry {
    pub target: MenuTarget,
    /// The link text per language; by default the page's or section's title.
    pub name: Option<Localized>,
    /// The line of its `page`, `section` or `url` in `site.toml`, for diagnostics.
    pub line: Option<usize>,
    /// `menu.main[2]`: the field prefix for diagnostics.
    pub field: String,
}

/// `[menu]`: the header's and the footer's links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Menus {
    /// `None` without `[[menu.main]]`: the header lists the top-level sections.
    pub main: Option<Vec<MenuEntry>>,
    pub footer: Vec<MenuEntry>,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute, without a trailing slash; may end in a folder
    /// (`https://org.github.io/kampanija`).
    pub base_url: String,
    /// The folder of `base_url` (`/kampanija`), `""` at the root of a domain. The model's
    /// addresses are relative to it; [`Config::url`] puts it in front.
    pub base_path: String,
    pub default_language: String,
    /// Default language first.
    pub languages: Vec<Language>,
    pub theme: String,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub safe_html: bool,
    /// A search page and index per language (`search = false` turns them off).
    pub search: bool,
    /// A generated 1200×630 share card for every page and section without its own
    /// raster image (`share_cards = false` turns them off).
    pub share_cards: bool,
    /// A font file (site-relative) for the share cards instead of the built-in Noto Sans.
    pub share_card_font: Option<String>,
    pub organizer: Option<Organizer>,
    pub funding: Option<Funding>,
    pub helplines: Vec<Helpline>,
    pub indicators: Vec<Indicator>,
    pub newsletter: NewsletterSettings,
    /// `[share]`: the share block per kind of page.
    pub share: ShareSettings,
    /// `[[menu.main]]` and `[[menu.footer]]`.
    pub menu: Menus,
    /// `[extra]`: free data for templates.
    pub extra: toml::Table,
    /// `[cms]`: the browser editor written to `/admin/` (`crate::cms`).
    pub cms: Option<Cms>,
    /// Per-language tables that lack a site language (which then shows the default
    /// language's text): warnings at their line, for `check` and `build` to report.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    #[serde(default = "default_language")]
    default_language: String,
    languages: BTreeMap<String, RawLanguage>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    safe_html: bool,
    #[serde(default = "yes")]
    search: bool,
    #[serde(default = "yes")]
    share_cards: bool,
    #[serde(default)]
    share_card_font: Option<String>,
    #[serde(default)]
    organizer: Option<Organizer>,
    #[serde(default)]
    funding: Option<Funding>,
    #[serde(default)]
    helplines: Vec<Helpline>,
    #[serde(default)]
    indicators: Vec<Indicator>,
    #[serde(default)]
    newsletter: NewsletterSettings,
    #[serde(default)]
    share: ShareSettings,
    #[serde(default)]
    menu: RawMenus,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    cms: Option<RawCms>,
}

/// Where the CMS commits: the Git host's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmsBackend {
    GitHub,
    GitLab,
    Gitea,
}

impl CmsBackend {
    /// The backend's name in the CMS's configuration (`github`, `gitlab`, `gitea`).
    pub fn name(self) -> &'static str {
        match self {
            CmsBackend::GitHub => "github",
            CmsBackend::GitLab => "gitlab",
            CmsBackend::Gitea => "gitea",
        }
    }
}

/// `[cms]`: the repository the browser editor commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cms {
    pub backend: CmsBackend,
    /// `owner/name` (GitLab: `group/subgroup/name`).
    pub repo: String,
    pub branch: String,
    /// GitHub: the OAuth proxy's address (`https://…`); GitLab: the GitLab server's,
    /// when it is not gitlab.com.
    pub base_url: Option<String>,
    /// GitLab and Gitea: the ID of the OAuth application the officers log in with
    /// (GitLab then logs in with PKCE, no proxy needed).
    pub app_id: Option<String>,
    /// GitLab on its own server and Gitea: the API's address
    /// (`https://git.example.lt/api/v1`).
    pub api_root: Option<String>,
    /// Where the admin page loads the CMS from instead of the pinned CDN copy: an
    /// `https://` address or a path on this site (`/admin/decap-cms.js`).
    pub script: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCms {
    backend: String,
    repo: String,
    #[serde(default = "default_branch")]
    branch: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    app_id: Option<String>,
    #[serde(default)]
    api_root: Option<String>,
    #[serde(default)]
    script: Option<String>,
}

fn default_branch() -> String {
    "main".to_string()
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMenus {
    #[serde(default)]
    main: Option<Vec<RawMenuEntry>>,
    #[serde(default)]
    footer: Vec<RawMenuEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuEntry {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    section: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    name: Option<Localized>,
}

fn default_language() -> String {
    "lt".to_string()
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: String,
    description: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    weight: Option<i64>,
}

pub const DEFAULT_THEME: &str = "default";
pub const DEFAULT_TIMEZONE: &str = "Europe/Vilnius";

impl Config {
    /// Reads and validates `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        match Config::load_usable(root)? {
            (config, errors) if errors.is_empty() => Ok(config),
            (_, errors) => Err(errors),
        }
    }

    /// [`Config::load`], going on past errors that leave the settings usable (an
    /// indicator's or a helpline's): the config without those entries and their
    /// errors, so that a build reports them together with every content error.
    pub fn load_usable(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let file = Path::new("site.toml");
        if matches!(path.symlink_metadata(), Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            return Err(vec![Diagnostic::error(
                file,
                format!(
                    "there is no site.toml in {}: run sklaida in the site's folder (or give it with --root); `sklaida init` makes a new site",
                    root.display()
                ),
            )]);
        }
        let bytes =
            crate::input::read(&path, file, crate::input::TEXT_LIMIT).map_err(|d| vec![d])?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            vec![Diagnostic::error(
                file,
                "the file is not UTF-8 text; save it as UTF-8 in your editor",
            )
            .at_line(line)]
        })?;
        let (config, entry_errors) = Config::parse_usable(&text)?;
        // A theme other than the built-in one is a folder of the site.
        if config.theme != DEFAULT_THEME && !root.join("themes").join(&config.theme).is_dir() {
            let mut d = Diagnostic::error(
                file,
                format!(
                    "there is no folder themes/{} for this theme; create it or remove `theme`",
                    config.theme
                ),
            )
            .field("theme");
            if let Some(line) = find_key_line(&text, "theme") {
                d = d.at_line(line);
            }
            return Err(vec![d]);
        }
        Ok((config, entry_errors))
    }

    /// [`Config::parse`]; when every error is in an entry of `[[indicators]]` or
    /// `[[helplines]]`, the config without those entries, and the errors.
    pub fn parse_usable(text: &str) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let errors = match Config::parse(text) {
            Ok(config) => return Ok((config, Vec::new())),
            Err(errors) => errors,
        };
        let mut dropped: Vec<(&str, usize)> = Vec::new();
        for d in &errors {
            match d.field.as_deref().and_then(entry_of) {
                Some(entry) => dropped.push(entry),
                None => return Err(errors),
            }
        }
        let Ok(mut table) = toml::from_str::<toml::Table>(text) else {
            return Err(errors);
        };
        for &(array, index) in &dropped {
            if let Some(item) = array_at(&mut table, array).and_then(|items| items.get_mut(index)) {
                // Emptied, not removed: the other entries keep their numbers.
                *item = toml::Value::Table(toml::Table::new());
            }
        }
        for array in USABLE_ARRAYS {
            if let Some(items) = array_at(&mut table, array) {
                items.retain(|i| i.as_table().is_none_or(|t| !t.is_empty()));
            }
        }
        let usable = toml::to_string(&table)
            .ok()
            .and_then(|t| Config::parse_as(&t, text).ok());
        match usable {
            Some(mut config) => {
                renumber_menus(&mut config.menu, &dropped, text);
                Ok((config, errors))
            }
            None => Err(errors),
        }
    }

    /// Parses the text of a `site.toml`; diagnostics name `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse_as(text, text)
    }

    /// Parses `text`, a `site.toml` or the same settings rewritten without some entries
    /// ([`Config::parse_usable`]); languages' order and lines and per-language tables'
    /// warnings come from `written`, the file as the person wrote it.
    fn parse_as(text: &str, written: &str) -> Result<Config, Vec<Diagnostic>> {
        let file = Path::new("site.toml");
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut d = Diagnostic::error(file, e.message().trim().to_string());
            if let Some(span) = e.span() {
                let (line, col) = line_col(text, span.start);
                d = d.at(line, col);
            }
            vec![d]
        })?;
        let mut errors = Vec::new();
        let err = |key: &str, msg: String| key_error(text, key, msg);

        let base_url = crate::address::base_url(&raw.base_url).unwrap_or_else(|message| {
            errors.push(err("base_url", message));
            String::new()
        });

        let languages = languages(&raw, written, &mut errors);

        let timezone_name = raw
            .timezone
            .clone()
            .unwrap_or_else(|| DEFAULT_TIMEZONE.to_string());
        let timezone = match jiff::tz::TimeZone::get(&timezone_name) {
            Ok(tz) => tz,
            Err(_) => {
                errors.push(err(
                    "timezone",
                    format!(
                        "unknown time zone {timezone_name:?}; use a name like \"Europe/Vilnius\""
                    ),
                ));
                jiff::tz::TimeZone::UTC
            }
        };

        let theme = raw
            .theme
            .clone()
            .unwrap_or_else(|| DEFAULT_THEME.to_string());
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            errors.push(err(
                "theme",
                format!("{theme:?} is not a theme folder name"),
            ));
        }

        check_contacts(&raw, text, &mut errors);
        check_indicators(&raw, text, &mut errors);
        let warnings = check_localized(written, &languages, &raw.default_language, &mut errors);
        let menu = Menus {
            main: raw
                .menu
                .main
                .as_deref()
                .map(|entries| menu_entries(entries, "menu.main", text, &mut errors)),
            footer: menu_entries(&raw.menu.footer, "menu.footer", text, &mut errors),
        };
        let cms = raw.cms.as_ref().and_then(|c| cms(c, text, &mut errors));

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Config {
            base_path: crate::address::base_path(&base_url),
            base_url,
            default_language: raw.default_language,
            languages,
            theme,
            timezone,
            timezone_name,
            safe_html: raw.safe_html,
            search: raw.search,
            share_cards: raw.share_cards,
            share_card_font: raw.share_card_font,
            organizer: raw.organizer,
            funding: raw.funding,
            helplines: raw.helplines,
            indicators: raw.indicators,
            newsletter: raw.newsletter,
            share: raw.share,
            menu,
            extra: raw.extra,
            cms,
            warnings,
        })
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn is_default_language(&self, code: &str) -> bool {
        code == self.default_language
    }

    /// `/` for the default language, `/en/` for others.
    pub fn language_root(&self, code: &str) -> String {
        if self.is_default_language(code) {
            "/".to_string()
        } else {
            format!("/{code}/")
        }
    }

    /// The absolute address of a root-relative URL of the site: `base_url` + `url`
    /// (a URL already under the base path gets it once).
    pub fn permalink(&self, url: &str) -> String {
        let origin =
            (self.base_url.strip_suffix(self.base_path.as_str())).unwrap_or(&self.base_url);
        format!("{origin}{}", self.url(url))
    }

    /// A root-relative URL of the site as a browser requests it, under the base path:
    /// `/style.css` → `/kampanija/style.css` (unchanged at the root of a domain).
    pub fn url<'a>(&self, url: &'a str) -> std::borrow::Cow<'a, str> {
        crate::address::prefixed(&self.base_path, url)
    }

    /// Sets `base_url` (checked by [`crate::address::base_url`]) and its base path.
    pub fn set_base_url(&mut self, base_url: String) {
        self.base_path = crate::address::base_path(&base_url);
        self.base_url = base_url;
    }
}

/// `[cms]` checked: a backend the CMS has, `owner/name`, a branch name Git accepts,
/// `https://` addresses (or, for `script`, a path on this site); one error per key.
fn cms(raw: &RawCms, text: &str, errors: &mut Vec<Diagnostic>) -> Option<Cms> {
    let before = errors.len();
    let backend = match raw.backend.as_str() {
        "github" => Some(CmsBackend::GitHub),
        "gitlab" => Some(CmsBackend::GitLab),
        "gitea" => Some(CmsBackend::Gitea),
        other => {
            errors.push(key_error(
                text,
                "cms.backend",
                format!("unknown backend {other:?}; use \"github\", \"gitlab\" or \"gitea\""),
            ));
            None
        }
    };
    let parts: Vec<&str> = raw.repo.split('/').collect();
    let name_ok = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    let most = if backend == Some(CmsBackend::GitLab) {
        20
    } else {
        2
    };
    if parts.len() < 2 || parts.len() > most || !parts.iter().all(name_ok) {
        errors.push(key_error(
            text,
            "cms.repo",
            format!(
                "{:?} is not a repository; write it as owner/name, like \"savivaldybe/kampanija\"",
                raw.repo
            ),
        ));
    }
    let b = &raw.branch;
    if b.is_empty()
        || b.starts_with(['-', '/', '.'])
        || b.ends_with(['/', '.'])
        || b.ends_with(".lock")
        || b.contains("..")
        || b.contains("//")
        || b.contains("@{")
        || b.chars()
            .any(|c| c.is_control() || c.is_whitespace() || "~^:?*[\\".contains(c))
    {
        errors.push(key_error(
            text,
            "cms.branch",
            format!("{b:?} is not a branch name Git accepts; write it like \"main\""),
        ));
    }
    cms_addresses(raw, backend, text, errors);
    (errors.len() == before).then(|| Cms {
        backend: backend.unwrap_or(CmsBackend::GitHub),
        repo: raw.repo.clone(),
        branch: raw.branch.clone(),
        base_url: raw
            .base_url
            .as_ref()
            .map(|u| u.trim_end_matches('/').to_string()),
        app_id: raw.app_id.clone(),
        api_root: raw
            .api_root
            .as_ref()
            .map(|u| u.trim_end_matches('/').to_string()),
        script: raw.script.clone(),
    })
}

/// `[cms]`'s addresses and IDs: `base_url`, `api_root` (required for Gitea), `app_id`,
/// `script`.
fn cms_addresses(
    raw: &RawCms,
    backend: Option<CmsBackend>,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) {
    if let Some(url) = &raw.base_url {
        if !is_web_address(url) {
            errors.push(key_error(
                text,
                "cms.base_url",
                format!("{url:?} is not the address of the login (OAuth) service; write it like \"https://auth.example.lt\""),
            ));
        }
    }
    if let Some(url) = raw.api_root.as_ref().filter(|u| !is_web_address(u)) {
        errors.push(key_error(
            text,
            "cms.api_root",
            format!(
                "{url:?} is not an API address; write it like \"https://git.example.lt/api/v1\""
            ),
        ));
    }
    if backend == Some(CmsBackend::Gitea) && raw.api_root.is_none() {
        errors.push(key_error(
            text,
            "cms.backend",
            "the gitea backend needs `api_root`, the address of the Gitea server's API (like \"https://git.example.lt/api/v1\")".to_string(),
        ));
    }
    if let Some(id) = raw
        .app_id
        .as_ref()
        .filter(|id| id.is_empty() || id.chars().any(|c| c.is_whitespace() || c.is_control()))
    {
        errors.push(key_error(
            text,
            "cms.app_id",
            format!("{id:?} is not an application ID; copy it from the OAuth application's page"),
        ));
    }
    if let Some(script) = &raw.script {
        let path = script.starts_with('/')
            && !script.starts_with("//")
            && !script.chars().any(|c| c.is_whitespace() || c.is_control());
        if !(path || is_web_address(script)) {
            errors.push(key_error(
                text,
                "cms.script",
                format!("{script:?} is neither an https:// address nor a path on this site like \"/admin/decap-cms.js\""),
            ));
        }
    }
}

/// `https://host…` without spaces, quotes or angle brackets.
fn is_web_address(url: &str) -> bool {
    url.strip_prefix("https://").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
    })
}

/// An error at `key` of `site.toml`, at its line when it can be found.
fn key_error(text: &str, key: &str, msg: String) -> Diagnostic {
    let mut d = Diagnostic::error(Path::new("site.toml"), msg).field(key);
    if let Some(line) = find_key_line(text, key) {
        d = d.at_line(line);
    }
    d
}

/// The `[languages.…]` tables, default language first, then by `weight` (0 when not
/// given), then in the order `site.toml` lists them; errors for codes that are not
/// BCP 47 language tags, two codes with one folder, empty titles, no language or a
/// default language without a table.
fn languages(raw: &RawConfig, text: &str, errors: &mut Vec<Diagnostic>) -> Vec<Language> {
    let err = |key: &str, msg: String| key_error(text, key, msg);
    let positions = language_positions(text);
    let line_of = |code: &str| {
        positions
            .get(code)
            .map(|&at| line_col(text, at).0)
            .or_else(|| find_key_line(text, &format!("languages.{code}")))
    };
    let mut languages = Vec::new();
    let mut folders: HashMap<String, &str> = HashMap::new();
    // In the order written, so that the second of two clashing codes is the error.
    let mut written: Vec<_> = raw.languages.iter().collect();
    written.sort_by_key(|(code, _)| positions.get(code.as_str()).copied());
    for (code, lang) in written {
        let at_code = |msg: String| {
            let d =
                Diagnostic::error(Path::new("site.toml"), msg).field(format!("languages.{code}"));
            match line_of(code) {
                Some(line) => d.at_line(line),
                None => d,
            }
        };
        if let Some(problem) = language_tag_problem(code) {
            errors.push(at_code(problem));
            continue;
        }
        let folder = folder_key(code);
        if let Some(other) = folders.insert(folder.clone(), code) {
            errors.push(at_code(format!(
                "{code:?} and {other:?} are one language with one folder ({folder}/); keep one of them"
            )));
            continue;
        }
        if lang.title.trim().is_empty() {
            errors.push(err(
                &format!("languages.{code}.title"),
                "must not be empty".into(),
            ));
        }
        languages.push((
            (lang.weight.unwrap_or(0), positions.get(code).copied()),
            Language {
                code: code.clone(),
                name: lang
                    .name
                    .clone()
                    .unwrap_or_else(|| native_name(code).to_string()),
                title: lang.title.clone(),
                description: lang.description.clone(),
                line: line_of(code),
            },
        ));
    }
    if raw.languages.is_empty() {
        errors.push(err(
            "languages",
            "at least one language is needed, e.g. [languages.lt] with title and description"
                .into(),
        ));
    } else if !raw.languages.contains_key(&raw.default_language) {
        errors.push(err(
            "default_language",
            format!(
                "{:?} has no [languages.{}] table (languages are: {})",
                raw.default_language,
                raw.default_language,
                raw.languages.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    languages.sort_by(|(wa, a), (wb, b)| {
        let da = a.code != raw.default_language;
        let db = b.code != raw.default_language;
        (da, wa, &a.code).cmp(&(db, wb, &b.code))
    });
    languages.into_iter().map(|(_, l)| l).collect()
}

/// Where each language's key is written in `site.toml` (`lt` of `[languages.lt]`, or
/// of an inline `languages = { lt = … }`): the byte offsets that give their order.
fn language_positions(text: &str) -> HashMap<String, usize> {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return HashMap::new();
    };
    let languages = root
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == "languages");
    let Some((_, value)) = languages else {
        return HashMap::new();
    };
    let toml::de::DeValue::Table(table) = value.get_ref() else {
        return HashMap::new();
    };
    table
        .iter()
        .map(|(k, _)| (k.get_ref().to_string(), k.span().start))
        .collect()
}

/// Why `code` is not a language tag Sklaida can use, if it is not: it must parse as a
/// BCP 47 tag (ICU's parser) whose language is 2 or 3 letters (`lt`, `en-GB`,
/// `sr-Latn`), with hyphens; other text (`English`, `lt_LT`) is refused.
pub fn language_tag_problem(code: &str) -> Option<String> {
    let example = "a BCP 47 language tag like \"lt\", \"en\" or \"en-GB\"";
    if code.contains('_') {
        return Some(format!(
            "{code:?} is not {example}: write the parts with a hyphen ({:?})",
            code.replace('_', "-")
        ));
    }
    match icu_locale_core::LanguageIdentifier::try_from_str(code) {
        Ok(id) if (2..=3).contains(&id.language.as_str().len()) => None,
        _ => Some(format!("{code:?} is not {example}")),
    }
}

/// The folder a language's pages go to, as a case-insensitive file system and the BCP
/// 47 canonical form see it: `EN`, `en` → `en`; `sr-latn`, `sr-Latn` → `sr-latn`.
fn folder_key(code: &str) -> String {
    icu_locale_core::LanguageIdentifier::try_from_str(code)
        .map_or_else(|_| code.to_string(), |id| id.to_string())
        .to_lowercase()
}

/// Per-language tables (`{ lt = "…", en = "…" }`) anywhere in `site.toml` (organizer,
/// funding, helplines, indicators, `[extra]`, …), found by their shape rather than
/// listed by field: a table other than `[languages]` whose values are all texts, whose
/// keys are all language tags and one of whose keys is a language of the site. A key
/// naming a language the site does not have is an error at its line; a table that
/// lacks a language of the site (which then shows the default language's text) is a
/// warning at its line, returned.
fn check_localized(
    text: &str,
    languages: &[Language],
    default: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let Ok(root) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    let mut tables = Vec::new();
    for (key, value) in root.get_ref() {
        if key.get_ref().as_ref() != "languages" {
            find_localized(key.get_ref(), key.span().start, value, &codes, &mut tables);
        }
    }
    let file = Path::new("site.toml");
    let mut warnings = Vec::new();
    let mut unknown = Vec::new();
    for table in tables {
        for (code, at) in &table.keys {
            if !codes.contains(&code.as_str()) {
                unknown.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "{code:?} is not a language of this site ({}); remove it, or add [languages.{code}]",
                            codes.join(", ")
                        ),
                    )
                    .field(&table.field)
                    .at_line(line_col(text, *at).0),
                );
            }
        }
        let missing: Vec<&str> = codes
            .iter()
            .copied()
            .filter(|c| !table.keys.iter().any(|(k, _)| k == c))
            .collect();
        if !missing.is_empty() {
            // What `Localized::get` shows instead: the default language's text, else
            // the first in the table's order.
            let shown = if table.keys.iter().any(|(k, _)| k == default) {
                default.to_string()
            } else {
                let mut keys: Vec<&str> = table.keys.iter().map(|(k, _)| k.as_str()).collect();
                keys.sort_unstable();
                keys.first().map_or_else(String::new, |k| (*k).to_string())
            };
            warnings.push(
                Diagnostic::warning(
                    file,
                    format!(
                        "no text in {}: pages in {} show the {shown:?} text instead; add {}",
                        missing.join(", "),
                        if missing.len() == 1 {
                            "that language"
                        } else {
                            "those languages"
                        },
                        missing
                            .iter()
                            .map(|c| format!("{c} = \"…\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .field(&table.field)
                .at_line(line_col(text, table.at).0),
            );
        }
    }
    unknown.sort_by_key(|d: &Diagnostic| d.line);
    errors.extend(unknown);
    warnings.sort_by_key(|d| d.line);
    warnings
}

/// A per-language table of `site.toml`: its field (`helplines[1].name`), where its key
/// is written, and its language keys with where each is written.
struct LocalizedTable {
    field: String,
    at: usize,
    keys: Vec<(String, usize)>,
}

/// Collects the per-language tables in `value` (at `field`, written at `at`) and below.
fn find_localized(
    field: &str,
    at: usize,
    value: &toml::Spanned<toml::de::DeValue<'_>>,
    codes: &[&str],
    out: &mut Vec<LocalizedTable>,
) {
    match value.get_ref() {
        toml::de::DeValue::Table(table) => {
            let localized = !table.is_empty()
                && table.iter().all(|(k, v)| {
                    v.get_ref().is_str() && language_tag_problem(k.get_ref()).is_none()
                })
                && table.keys().any(|k| codes.contains(&k.get_ref().as_ref()));
            if localized {
                out.push(LocalizedTable {
                    field: field.to_string(),
                    at,
                    keys: table
                        .keys()
                        .map(|k| (k.get_ref().to_string(), k.span().start))
                        .collect(),
                });
                return;
            }
            for (k, v) in table {
                let inner = format!("{field}.{}", k.get_ref());
                find_localized(&inner, k.span().start, v, codes, out);
            }
        }
        toml::de::DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // An entry of `[[helplines]]` is written at its own header.
                let start = if item.span().start < at {
                    at
                } else {
                    item.span().start
                };
                find_localized(&format!("{field}[{i}]"), start, item, codes, out);
            }
        }
        _ => {}
    }
}

/// Helplines' and the organizer's addresses, phone numbers, dates and names.
fn check_contacts(raw: &RawConfig, text: &str, errors: &mut Vec<Diagnostic>) {
    let err = |key: &str, msg: String| key_error(text, key, msg);
    for (i, h) in raw.helplines.iter().enumerate() {
        if h.phone.trim().is_empty() {
            errors.push(err(
                &format!("helplines[{i}].phone"),
                "must not be empty".into(),
            ));
        }
        let field = |key: &str| format!("helplines[{i}].{key}");
        if let Some(Err(message)) = h
            .url
            .as_deref()
            .map(|u| crate::address::check(u, crate::address::Kind::Link, 0))
        {
            errors.push(err(&field("url"), message));
        }
        if let Some(message) = h.tel.as_deref().and_then(address_problem) {
            errors.push(err(&field("tel"), message));
        }
        if let Some(message) = h.verified_on.and_then(date_problem) {
            errors.push(err(&field("verified_on"), message));
        }
    }
    if let Some(o) = &raw.organizer {
        if let Some(Err(message)) = o
            .url
            .as_deref()
            .map(|u| crate::address::check(u, crate::address::Kind::Link, 0))
        {
            errors.push(err("organizer.url", message));
        }
        if let Some(message) = o.email.as_deref().and_then(email_problem) {
            errors.push(err("organizer.email", message));
        }
        let names = match &o.name {
            Localized::Same(n) => vec![n],
            Localized::PerLanguage(map) => map.values().collect(),
        };
        if names.iter().any(|n| n.chars().any(char::is_control)) {
            errors.push(err(
                "organizer.name",
                "holds a line break or another control character; write it on one line".into(),
            ));
        }
    }
}

/// `[[menu.main]]` or `[[menu.footer]]` (`array`): each entry names exactly one of
/// `page`, `section` and `url`, and a `url` is an address a link can have. Entries
/// with an error are left out (their error says why). Whether the page or section
/// exists is the model's question (`site::menus`).
fn menu_entries(
    entries: &[RawMenuEntry],
    array: &str,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<MenuEntry> {
    let file = Path::new("site.toml");
    let mut out = Vec::new();
    for (i, raw) in entries.iter().enumerate() {
        let field = format!("{array}[{i}]");
        let header = find_array_table_line(text, array, i);
        let at = |key: &str, message: String| {
            let d = Diagnostic::error(file, message).field(if key.is_empty() {
                field.clone()
            } else {
                format!("{field}.{key}")
            });
            match find_table_key_line(text, array, i, key).or(header) {
                Some(line) => d.at_line(line),
                None => d,
            }
        };
        let given: Vec<(&str, &String)> = [
            ("page", raw.page.as_ref()),
            ("section", raw.section.as_ref()),
            ("url", raw.url.as_ref()),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
        let target = match given.as_slice() {
            [] => {
                errors.push(at("", "the entry links to nothing: give it one of `page = \"apie.md\"` (a content file), `section = \"renginiai\"` (a section folder) or `url = \"https://…\"`".into()));
                continue;
            }
            [(key, value)] => match *key {
                "page" => MenuTarget::Page((*value).clone()),
                "section" => MenuTarget::Section(value.trim_matches('/').to_string()),
                _ => {
                    if let Err(message) =
                        crate::address::check(value, crate::address::Kind::Link, 0)
                    {
                        errors.push(at("url", message));
                        continue;
                    }
                    MenuTarget::Url((*value).clone())
                }
            },
            [(first, _), (second, _), ..] => {
                errors.push(at(second, format!("the entry gives both `{first}` and `{second}`; an entry links to one thing: keep one of them")));
                continue;
            }
        };
        if matches!(target, MenuTarget::Url(_)) && raw.name.is_none() {
            errors.push(at(
                "url",
                "an entry with `url` needs `name` (the link text, e.g. `name = { lt = \"…\", en = \"…\" }`)".into(),
            ));
            continue;
        }
        let key = given[0].0;
        out.push(MenuEntry {
            target,
            name: raw.name.clone(),
            line: find_table_key_line(text, array, i, key).or(header),
            field,
        });
    }
    out
}

/// Menu entries parsed again without the dropped ones: their fields and lines as in
/// the file the user wrote.
fn renumber_menus(menu: &mut Menus, dropped: &[(&str, usize)], text: &str) {
    let lists = [
        ("menu.main", menu.main.as_mut()),
        ("menu.footer", Some(&mut menu.footer)),
    ];
    for (array, entries) in lists {
        let Some(entries) = entries else { continue };
        let kept = (0..).filter(|i| !dropped.contains(&(array, *i)));
        for (entry, i) in entries.iter_mut().zip(kept) {
            let key = match entry.target {
                MenuTarget::Page(_) => "page",
                MenuTarget::Section(_) => "section",
                MenuTarget::Url(_) => "url",
            };
            entry.field = format!("{array}[{i}]");
            entry.line = find_table_key_line(text, array, i, key)
                .or_else(|| find_array_table_line(text, array, i));
        }
    }
}

/// 1-based line of the `index`-th `[[array]]` header.
fn find_array_table_line(text: &str, array: &str, index: usize) -> Option<usize> {
    let header = format!("[[{array}]]");
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == header)
        .nth(index)
        .map(|(n, _)| n + 1)
}

/// `[[indicators]]`: finite values, positive targets, dates in range.
fn check_indicators(raw: &RawConfig, text: &str, errors: &mut Vec<Diagnostic>) {
    let file = Path::new("site.toml");
    for (i, indicator) in raw.indicators.iter().enumerate() {
        let indicator_err = |key: &str, msg: &str| {
            let d = Diagnostic::error(file, msg).field(format!("indicators[{i}].{key}"));
            match find_table_key_line(text, "indicators", i, key) {
                Some(line) => d.at_line(line),
                None => d,
            }
        };
        // TOML has `nan` and `inf`; neither can be shown or counted.
        if !indicator.value.is_finite() {
            errors.push(indicator_err(
                "value",
                "must be a number (like 120 or 3.5), not nan or inf",
            ));
        }
        if indicator.target.is_some_and(|t| !t.is_finite() || t <= 0.0) {
            errors.push(indicator_err(
                "target",
                "must be a number more than 0 (leave it out when nothing was planned)",
            ));
        }
        if let Some(message) = indicator.as_of.and_then(date_problem) {
            errors.push(indicator_err("as_of", &message));
        }
    }
}

/// A BCP 47-ish code: 2–3 lowercase letters, optionally `-` and a region or script.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Native names of languages campaign sites in the region use; others show their code.
fn native_name(code: &str) -> &str {
    match code.split('-').next().unwrap_or(code) {
        "lt" => "Lietuvių",
        "en" => "English",
        "lv" => "Latviešu",
        "pl" => "Polski",
        "ru" => "Русский",
        "uk" => "Українська",
        "de" => "Deutsch",
        "fr" => "Français",
        "et" => "Eesti",
        "no" | "nb" => "Norsk",
        _ => code,
    }
}

/// Why `address` (a web address or a phone number for a link) is unusable: a control
/// character in it, which no address has and which would break the files it is
/// written into (a line break in a calendar starts a new property).
fn address_problem(address: &str) -> Option<String> {
    address
        .chars()
        .any(char::is_control)
        .then(|| format!("{address:?} holds a line break, a tab or another control character; write the address on one line"))
}

/// The first and last year a date in content or `site.toml` may have: calendars write four-digit
/// years, time zones are worked out a year either side, and every date must have a
/// day after it, so dates stay well inside what jiff, ICU and iCalendar can represent.
pub const YEARS: std::ops::RangeInclusive<i16> = 1000..=9000;

/// Why `email` is not an e-mail address calendars and `mailto:` links can use: it needs
/// one `@` with text on both sides and no spaces, control characters, quotes or
/// brackets.
fn email_problem(email: &str) -> Option<String> {
    let ok = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && email
                    .chars()
                    .all(|c| !c.is_control() && !c.is_whitespace() && !"\"<>()[]\\,;:".contains(c))
        }
        None => false,
    };
    (!ok).then(|| {
        format!("expected one e-mail address like info@example.lt (no spaces, line breaks or quotes), got {email:?}")
    })
}

/// Why a TOML date of `site.toml` cannot be shown: not a date alone, or outside the
/// years content dates may have ([`YEARS`]).
fn date_problem(d: toml::value::Datetime) -> Option<String> {
    let Some(date) = d.date.filter(|_| d.time.is_none() && d.offset.is_none()) else {
        return Some("expected a date like 2026-10-31".to_string());
    };
    let years = YEARS;
    let year = i16::try_from(date.year).unwrap_or(i16::MAX);
    let month = i8::try_from(date.month).unwrap_or(0);
    let day = i8::try_from(date.day).unwrap_or(0);
    if jiff::civil::Date::new(year, month, day).is_err() {
        return Some(format!("{date} is not a day of the calendar"));
    }
    (!years.contains(&year)).then(|| {
        format!(
            "{date} is outside the years Sklaida can show ({} to {})",
            years.start(),
            years.end()
        )
    })
}

/// The array at a dotted `path` of the table (`menu.main`).
fn array_at<'t>(table: &'t mut toml::Table, path: &str) -> Option<&'t mut Vec<toml::Value>> {
    let (first, rest) = path.split_once('.').unwrap_or((path, ""));
    match table.get_mut(first)? {
        toml::Value::Array(items) if rest.is_empty() => Some(items),
        toml::Value::Table(inner) if !rest.is_empty() => array_at(inner, rest),
        _ => None,
    }
}

/// The lists of `site.toml` whose entries the site can be built without.
const USABLE_ARRAYS: [&str; 4] = ["indicators", "helplines", "menu.main", "menu.footer"];

/// `indicators[2].target` → (`indicators`, 2): an error in one entry of a list that
/// the site can be built without.
fn entry_of(field: &str) -> Option<(&'static str, usize)> {
    USABLE_ARRAYS.into_iter().find_map(|array| {
        let rest = field.strip_prefix(array)?.strip_prefix('[')?;
        let index = rest.split(']').next()?.parse().ok()?;
        Some((array, index))
    })
}

/// The 1-based line of `key` (`theme`, `languages.en.title`, `helplines[1].phone`):
/// the line assigning it inside its table, else its table's `[header]`.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let header_of = |line: &str| -> Option<String> {
        let t = line.trim();
        t.starts_with('[').then(|| {
            t.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .split('.')
                .map(|p| p.trim().trim_matches('"'))
                .collect::<Vec<_>>()
                .join(".")
        })
    };
    let assigns = |line: &str, name: &str| {
        line.trim_start()
            .trim_start_matches('"')
            .strip_prefix(name)
            .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with('='))
    };
    // `helplines[1].phone` → table `helplines`, its second header, key `phone`.
    let (key, nth) = match key.split_once('[') {
        Some((table, rest)) => {
            let n = rest
                .split(']')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let tail = rest.split_once("].").map_or("", |(_, t)| t);
            (
                if tail.is_empty() {
                    table.to_string()
                } else {
                    format!("{table}.{tail}")
                },
                n,
            )
        }
        None => (key.to_string(), 0),
    };
    // The table holding the key and the key's name in it, longest table first.
    let parts: Vec<&str> = key.split('.').collect();
    for split in (0..parts.len()).rev() {
        let table = parts[..split].join(".");
        let name = parts[split..].join(".");
        let start = if table.is_empty() {
            Some(0)
        } else {
            lines
                .iter()
                .enumerate()
                .filter(|(_, l)| header_of(l).as_deref() == Some(table.as_str()))
                .nth(nth)
                .map(|(i, _)| i + 1)
        };
        let Some(start) = start else { continue };
        if split == parts.len() {
            return Some(start);
        }
        let end = lines[start..]
            .iter()
            .position(|l| header_of(l).is_some())
            .map_or(lines.len(), |i| start + i);
        if let Some(i) = lines[start..end].iter().position(|l| assigns(l, &name)) {
            return Some(start + i + 1);
        }
        if let Some(i) = lines
            .iter()
            .position(|l| header_of(l).as_deref() == Some(key.as_str()))
        {
            return Some(i + 1);
        }
        if !table.is_empty() {
            return Some(start);
        }
    }
    None
}

/// 1-based line of `key =` inside the `index`-th `[[array]]` table.
fn find_table_key_line(text: &str, array: &str, index: usize, key: &str) -> Option<usize> {
    let header = format!("[[{array}]]");
    let mut seen = None;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with('[') {
            if t.trim_end() == header {
                seen = Some(seen.map_or(0, |s| s + 1));
            } else if seen == Some(index) {
                return None;
            }
            continue;
        }
        let is_key = t
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if seen == Some(index) && is_key {
            return Some(n + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
base_url = "https://example.lt/"
[languages.en]
title = "Site"
description = "d"
[languages.lt]
title = "Svetainė"
description = "a"
"#;

    #[test]
    fn a_base_url_with_a_folder_gives_the_base_path_and_addresses_under_it() {
        let c = Config::parse(
            &MINIMAL.replace("https://example.lt/", "https://org.github.io/kampanija/"),
        )
        .expect("valid");
        assert_eq!(c.base_url, "https://org.github.io/kampanija");
        assert_eq!(c.base_path, "/kampanija");
        assert_eq!(c.url("/style.css"), "/kampanija/style.css");
        assert_eq!(
            c.permalink("/en/about/"),
            "https://org.github.io/kampanija/en/about/"
        );
        // Already under the base path: once.
        assert_eq!(
            c.permalink("/kampanija/style.css"),
            "https://org.github.io/kampanija/style.css"
        );
        let root = Config::parse(MINIMAL).expect("valid");
        assert_eq!(root.base_path, "");
        assert_eq!(root.url("/style.css"), "/style.css");
        assert_eq!(root.permalink("/en/"), "https://example.lt/en/");
    }

    #[test]
    fn a_base_url_with_a_query_is_an_error_at_its_line() {
        let text = MINIMAL.replace(
            "https://example.lt/",
            "https://org.github.io/kampanija/?x=1",
        );
        let errors = Config::parse(&text).expect_err("refused");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field.as_deref(), Some("base_url"));
        assert_eq!(errors[0].line, Some(2));
        assert!(
            errors[0].message.contains("without ? or #"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn default_language_comes_first_and_defaults_apply() {
        let c = Config::parse(MINIMAL).expect("valid");
        assert_eq!(c.base_url, "https://example.lt");
        assert_eq!(c.languages[0].code, "lt");
        assert_eq!(c.languages[0].name, "Lietuvių");
        assert_eq!(c.theme, "default");
        assert_eq!(c.timezone_name, "Europe/Vilnius");
        assert_eq!(c.language_root("en"), "/en/");
        assert_eq!(c.language_root("lt"), "/");
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let text = "base_url = \"example.lt\"\ndefault_language = \"lv\"\ntimezone = \"Mars/Base\"\n[languages.lt]\ntitle = \"x\"\ndescription = \"\"\n";
        let errors = Config::parse(text).expect_err("invalid");
        let fields: Vec<_> = errors.iter().filter_map(|d| d.field.clone()).collect();
        assert_eq!(fields, ["base_url", "default_language", "timezone"]);
        assert_eq!(errors[0].line, Some(1));
        assert_eq!(errors[2].line, Some(3));
    }

    #[test]
    fn unknown_key_is_an_error_with_a_line() {
        let text =
            format!("{MINIMAL}\n[languages.lt2]\ntitle = \"x\"\ndescription = \"\"\ncolour = 1\n");
        let errors = Config::parse(&text).expect_err("invalid");
        assert!(errors[0].message.contains("colour"), "{}", errors[0]);
        assert!(errors[0].line.is_some());
    }

    #[test]
    fn rejects_bad_language_codes() {
        let text = MINIMAL.replace("[languages.en]", "[languages.English]");
        let errors = Config::parse(&text).expect_err("invalid");
        assert_eq!(errors[0].field.as_deref(), Some("languages.English"));
        assert_eq!(errors[0].line, Some(3));
    }

    #[test]
    fn key_lines_are_found_inside_their_table() {
        let text = "base_url = \"x\"\n[languages.lt]\ntitle = \"a\"\n[languages.en]\ntitle = \"\"\n[[helplines]]\nphone = \"1\"\n[[helplines]]\nname = \"b\"\nphone = \"\"\n";
        assert_eq!(find_key_line(text, "base_url"), Some(1));
        assert_eq!(find_key_line(text, "languages.lt"), Some(2));
        assert_eq!(find_key_line(text, "languages.en.title"), Some(5));
        assert_eq!(find_key_line(text, "helplines[1].phone"), Some(10));
        assert_eq!(find_key_line(text, "helplines[0]"), Some(6));
        assert_eq!(find_key_line(text, "theme"), None);
    }

    #[test]
    fn helpline_and_organizer_addresses_stay_on_the_site_or_are_web_addresses() {
        let text = MINIMAL.replace(
            "[languages.en]",
            "[organizer]\nname = \"O\"\nurl = \"//evil.example/\"\n[[helplines]]\nname = \"H\"\nphone = \"1\"\nurl = \"/\\\\evil.example\"\n[languages.en]",
        );
        let errors = Config::parse(&text).expect_err("invalid");
        let fields: Vec<_> = errors.iter().filter_map(|d| d.field.clone()).collect();
        assert_eq!(fields, ["helplines[0].url", "organizer.url"], "{errors:?}");
    }

    #[test]
    fn a_missing_theme_folder_is_an_error_at_its_line() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let text = MINIMAL.replace("base_url", "theme = \"nera\"\nbase_url");
        std::fs::write(tmp.path().join("site.toml"), &text).expect("write");
        let errors = Config::load(tmp.path()).expect_err("no such theme");
        assert_eq!(errors[0].field.as_deref(), Some("theme"));
        assert_eq!(errors[0].line, Some(2));
        std::fs::create_dir_all(tmp.path().join("themes/nera")).expect("mkdir");
        assert!(Config::load(tmp.path()).is_ok());
    }

    #[test]
    fn indicators_that_are_not_finite_numbers_are_errors_at_their_line() {
        let text = format!(
            "{MINIMAL}\n[[indicators]]\nlabel = \"a\"\nvalue = nan\n\n[[indicators]]\nlabel = \"b\"\nvalue = -inf\ntarget = +inf\n\n[[indicators]]\nlabel = \"c\"\nvalue = 1\ntarget = nan\nas_of = 9999-12-31\n"
        );
        let errors = Config::parse(&text).expect_err("invalid");
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        let line = |needle: &str| text.lines().position(|l| l == needle).map(|i| i + 1);
        assert_eq!(
            found,
            [
                ("indicators[0].value".to_string(), line("value = nan")),
                ("indicators[1].value".to_string(), line("value = -inf")),
                ("indicators[1].target".to_string(), line("target = +inf")),
                ("indicators[2].target".to_string(), line("target = nan")),
                (
                    "indicators[2].as_of".to_string(),
                    line("as_of = 9999-12-31")
                ),
            ]
        );
        assert!(errors[4].message.contains("1000 to 9000"), "{}", errors[4]);
    }

    #[test]
    fn addresses_with_control_characters_and_odd_emails_are_errors() {
        for (table, field) in [
            (
                "[organizer]\nname = \"B\"\nemail = \"info@x.test\\r\\nATTENDEE:mailto:a@b.test\"",
                "organizer.email",
            ),
            (
                "[organizer]\nname = \"B\"\nemail = \"a b@x.test\"",
                "organizer.email",
            ),
            (
                "[organizer]\nname = \"B\"\nemail = \"\\\"x\\\"@x.test\"",
                "organizer.email",
            ),
            (
                "[organizer]\nname = \"B\"\nemail = \"no-at-sign\"",
                "organizer.email",
            ),
            (
                "[organizer]\nname = \"B\"\nemail = \"a@b@c\"",
                "organizer.email",
            ),
            (
                "[organizer]\nname = \"B\"\nurl = \"https://x.test/\\u0000\"",
                "organizer.url",
            ),
            ("[organizer]\nname = \"B\\nC\"", "organizer.name"),
            (
                "[[helplines]]\nname = \"H\"\nphone = \"1\"\nurl = \"https://x.test/\\t\"",
                "helplines[0].url",
            ),
            (
                "[[helplines]]\nname = \"H\"\nphone = \"1\"\ntel = \"+370\\u0085\"",
                "helplines[0].tel",
            ),
        ] {
            let text = format!("{MINIMAL}\n{table}\n");
            let errors = Config::parse(&text).expect_err(table);
            assert_eq!(errors.len(), 1, "{table}: {errors:?}");
            assert_eq!(errors[0].field.as_deref(), Some(field), "{table}");
            assert!(errors[0].line.is_some(), "{table}");
        }
        let fine =
            format!("{MINIMAL}\n[organizer]\nname = \"B\"\nemail = \"info+x@b.example.lt\"\n");
        assert!(Config::parse(&fine).is_ok());
    }

    #[test]
    fn indicator_problems_name_the_indicator_and_its_line() {
        let text = format!(
            "{MINIMAL}\n[[indicators]]\nlabel = \"a\"\nvalue = 1\ntarget = 5\n\n[[indicators]]\nlabel = \"b\"\nvalue = 2\ntarget = 0\nas_of = 2026-10-31T10:00:00\n"
        );
        let errors = Config::parse(&text).expect_err("invalid");
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        let line = |needle: &str| text.lines().position(|l| l == needle).map(|i| i + 1);
        assert_eq!(
            found,
            [
                ("indicators[1].target".to_string(), line("target = 0")),
                (
                    "indicators[1].as_of".to_string(),
                    line("as_of = 2026-10-31T10:00:00")
                ),
            ]
        );
    }

    const THREE: &str = r#"base_url = "https://example.lt/"
[languages.lt]
title = "Svetainė"
description = "a"

[languages.lv]
title = "Vietne"
description = "b"

[languages.en]
title = "Site"
description = "c"
"#;

    #[test]
    fn languages_keep_the_order_they_are_written_in() {
        let c = Config::parse(THREE).expect("valid");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["lt", "lv", "en"]);
        assert_eq!(c.languages[1].line, Some(6));
        // The default language first, wherever it is written.
        let c = Config::parse(&THREE.replace("base_url", "default_language = \"en\"\nbase_url"))
            .expect("valid");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "lt", "lv"]);
        // `weight` still orders them when given.
        let c =
            Config::parse(&THREE.replace("title = \"Vietne\"", "weight = 5\ntitle = \"Vietne\""))
                .expect("valid");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["lt", "en", "lv"]);
        // Inline tables too.
        let inline = "base_url = \"https://x.lt\"\nlanguages = { lt = { title = \"a\", description = \"\" }, uk = { title = \"b\", description = \"\" }, en = { title = \"c\", description = \"\" } }\n";
        let c = Config::parse(inline).expect("valid");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["lt", "uk", "en"]);
    }

    #[test]
    fn codes_must_be_bcp47_tags_with_a_folder_each() {
        for (code, ok) in [
            ("lt", true),
            ("en-GB", true),
            ("sr-Latn", true),
            ("EN", true),
            ("English", false),
            ("lt_LT", false),
            ("e", false),
            ("en-", false),
            ("12", false),
            ("en-GB-x", false),
        ] {
            assert_eq!(language_tag_problem(code).is_none(), ok, "{code}");
        }
        let text = format!(
            "{THREE}\n[languages.EN]\ntitle = \"x\"\ndescription = \"\"\n\n[languages.lt_LT]\ntitle = \"x\"\ndescription = \"\"\n"
        );
        let errors = Config::parse(&text).expect_err("invalid");
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        let line = |needle: &str| text.lines().position(|l| l == needle).map(|i| i + 1);
        assert_eq!(
            found,
            [
                ("languages.EN".to_string(), line("[languages.EN]")),
                ("languages.lt_LT".to_string(), line("[languages.lt_LT]")),
            ],
            "{errors:?}"
        );
        assert!(errors[0].message.contains("one folder"), "{}", errors[0]);
        assert!(errors[1].message.contains("\"lt-LT\""), "{}", errors[1]);
    }

    #[test]
    fn per_language_tables_name_only_site_languages_and_missing_ones_warn() {
        let text = format!(
            "{THREE}\n[organizer]\nname = {{ lt = \"Biuras\", lv = \"Birojs\", en = \"Bureau\" }}\n\n[funding]\nprogramme = {{ lt = \"P\", en = \"P\" }}\nstatement = \"S\"\n\n[[helplines]]\nname = {{ lt = \"L\", lv = \"L\", en = \"L\" }}\nphone = \"1\"\n\n[[helplines]]\nphone = \"2\"\n[helplines.name]\nlt = \"A\"\nlv = \"A\"\nen = \"A\"\nxx = \"A\"\n\n[extra]\nsocial = {{ fb = \"https://fb\", ig = \"https://ig\" }}\nmotto = {{ lt = \"M\", lv = \"M\", pl = \"M\", en = \"M\" }}\n"
        );
        let errors = Config::parse(&text).expect_err("unknown languages");
        let found: Vec<_> = errors
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        let line = |needle: &str| {
            text.lines()
                .position(|l| l.starts_with(needle))
                .map(|i| i + 1)
        };
        assert_eq!(
            found,
            [
                ("helplines[1].name".to_string(), line("xx = ")),
                ("extra.motto".to_string(), line("motto = ")),
            ],
            "{errors:?}"
        );
        assert!(errors[1].message.contains("\"pl\""), "{}", errors[1]);

        let text = text.replace("xx = \"A\"\n", "").replace("pl = \"M\", ", "");
        let c = Config::parse(&text).expect("valid");
        let warnings: Vec<_> = c
            .warnings
            .iter()
            .map(|d| (d.field.clone().unwrap_or_default(), d.line, d.is_error()))
            .collect();
        assert_eq!(
            warnings,
            [("funding.programme".to_string(), line("programme = "), false)]
        );
        assert!(c.warnings[0].message.contains("lv"), "{}", c.warnings[0]);
        let name = c.funding.as_ref().map(|f| f.programme.get("lv", "lt"));
        assert_eq!(name, Some("P"));
    }

    #[test]
    fn a_table_without_the_default_language_says_which_text_shows() {
        let text = format!("{THREE}\n[organizer]\nname = {{ lv = \"B\", en = \"B\" }}\n");
        let c = Config::parse(&text).expect("valid");
        assert_eq!(c.warnings.len(), 1);
        assert!(
            c.warnings[0]
                .message
                .contains("no text in lt: pages in that language show the \"en\" text"),
            "{}",
            c.warnings[0]
        );
    }

    #[test]
    fn entries_dropped_for_errors_keep_the_languages_order_and_warnings() {
        let text = format!(
            "{THREE}\n[organizer]\nname = {{ lt = \"B\", en = \"B\" }}\n\n[[indicators]]\nlabel = \"a\"\nvalue = nan\n"
        );
        let (c, errors) = Config::parse_usable(&text).expect("usable");
        assert_eq!(errors.len(), 1, "{errors:?}");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["lt", "lv", "en"]);
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(
            c.warnings[0].line,
            text.lines()
                .position(|l| l.starts_with("name ="))
                .map(|i| i + 1)
        );
    }

    #[test]
    fn localized_falls_back() {
        let l: Localized = toml::from_str::<toml::Table>("x = { lt = \"a\" }")
            .ok()
            .and_then(|t| t.get("x").cloned())
            .and_then(|v| v.try_into().ok())
            .expect("parses");
        assert_eq!(l.get("en", "lt"), "a");
    }

    #[test]
    fn a_bad_menu_entry_is_an_error_and_the_others_keep_their_lines() {
        let text = format!(
            "{MINIMAL}\n[[menu.main]]\npage = \"a.md\"\nurl = \"https://x.example\"\n\n[[menu.main]]\nsection = \"renginiai/\"\n\n[[menu.footer]]\nurl = \"https://x.example\"\nname = {{ lt = \"X\" }}\n"
        );
        let (config, errors) = Config::parse_usable(&text).expect("usable");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field.as_deref(), Some("menu.main[0].url"));
        assert_eq!(errors[0].line, Some(12));
        let main = config.menu.main.expect("a main menu");
        assert_eq!(main.len(), 1);
        assert_eq!(main[0].target, MenuTarget::Section("renginiai".into()));
        assert_eq!(main[0].field, "menu.main[1]");
        assert_eq!(main[0].line, Some(15));
        assert_eq!(config.menu.footer[0].line, Some(18));
        // No [menu]: no main menu (the top sections), an empty footer menu.
        let plain = Config::parse(MINIMAL).expect("valid");
        assert_eq!(plain.menu, Menus::default());
    }
}
