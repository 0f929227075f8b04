//! `[cms]`: the browser editor (Decap CMS) at `/admin/`, set up from the site's own
//! model: a collection per section with the fields of its content type, the widgets and
//! checks the build needs, and Decap's i18n `multiple_files` structure. Decap names
//! the default language's file `name.<default>.md`; the admin page's `names.js` maps
//! that to Sklaida's own `name.md` in every backend, so the CMS reads and writes
//! exactly the files a person writes (`name.md` + `name.en.md`).
//!
//! Everything here is a function of the finished model; `pipeline::write` writes the
//! two files and `sklaida cms` prints the configuration.

use serde_json::{json, Map, Value};

use crate::content::ContentType;
use crate::site::Site;

mod admin;
mod fields;

pub use admin::admin_page;
pub use fields::decap_locale;
use fields::{date_field, image_fields, localize, type_fields};

/// Interface words: a key's text in a language (the theme's strings overridden by the
/// site's own `i18n/`), as the renderer looks them up; `None` for an unknown key.
pub type Words<'a> = &'a (dyn Fn(&str, &str) -> Option<String> + Sync);

/// The Decap CMS release the admin page loads by default, and the SRI hash of its
/// `dist/decap-cms.js` (the npm package's file, as unpkg serves it).
pub const DECAP_VERSION: &str = "3.16.3";
pub const DECAP_SRI: &str =
    "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p";
/// The admin page's folder in the output.
pub const ADMIN_DIR: &str = "admin";
/// Where new pictures and PDFs go (under `static/`) and their address on the site.
pub const MEDIA_FOLDER: &str = "static/uploads";
pub const PUBLIC_FOLDER: &str = "/uploads";
/// A page's own slug: what [`crate::content::slug::slugify`] leaves as it is.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// The default script address: the pinned release on the npm CDN.
pub fn default_script() -> String {
    format!("https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js")
}

/// The files of `/admin/` (output-relative path → text), or none without `[cms]`.
pub fn files(site: &Site, words: Words) -> Vec<(String, String)> {
    let Some(cms) = &site.config.cms else {
        return Vec::new();
    };
    vec![
        (
            format!("{ADMIN_DIR}/index.html"),
            admin_page(site, cms, words),
        ),
        (
            format!("{ADMIN_DIR}/config.yml"),
            config_yaml(site, words, None),
        ),
    ]
}

/// The CMS's `config.yml`. `local_backend`, when given, is the address of a local
/// proxy (`sklaida serve --cms`) the CMS uses instead of the Git host.
pub fn config_yaml(site: &Site, words: Words, local_backend: Option<&str>) -> String {
    let value = config_value(site, words, local_backend);
    let yaml = yaml_serde::to_string(&value).unwrap_or_default();
    format!(
        "# Written by Sklaida from site.toml and the content types; do not edit: change\n# [cms] in site.toml instead (see docs/cms.md).\n{yaml}"
    )
}

/// The configuration as a value (see [`config_yaml`]): Decap's interface in the site's
/// default language when Decap has it ([`decap_locale`]), the forms' labels, hints and
/// messages in that language from `words`.
pub fn config_value(site: &Site, words: Words, local_backend: Option<&str>) -> Value {
    let config = &site.config;
    let mut backend = Map::new();
    if let Some(cms) = &config.cms {
        backend.insert("name".into(), json!(cms.backend.name()));
        backend.insert("repo".into(), json!(cms.repo));
        backend.insert("branch".into(), json!(cms.branch));
        if let Some(url) = &cms.base_url {
            backend.insert("base_url".into(), json!(url));
        }
        if let Some(url) = &cms.api_root {
            backend.insert("api_root".into(), json!(url));
        }
        if let Some(id) = &cms.app_id {
            backend.insert("app_id".into(), json!(id));
            if cms.backend == crate::config::CmsBackend::GitLab {
                backend.insert("auth_type".into(), json!("pkce"));
            }
        }
    } else {
        backend.insert("name".into(), json!("test-repo"));
    }
    let locales: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut root = json!({
        "backend": backend,
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-"},
        "i18n": {
            "structure": "multiple_files",
            "locales": locales,
            "default_locale": config.default_language,
        },
        "collections": collections(site),
    });
    root["locale"] = json!(decap_locale(&config.default_language));
    localize(&mut root["collections"], &config.default_language, words);
    if let Some(url) = local_backend {
        root["local_backend"] = json!({ "url": url });
    }
    root
}

/// One collection per section folder below the home page, in the model's order, and
/// one for the pages at the top of `content/` (beside the home page).
fn collections(site: &Site) -> Vec<Value> {
    let projects: Vec<String> = site
        .projects
        .list
        .iter()
        .map(|p| p.folder.clone())
        .collect();
    kinds(site)
        .iter()
        .map(|k| collection(k, &projects))
        .collect()
}

/// What a collection is made from: its name, the folder under `content/` (empty for
/// the top), its label and the content type of its pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    pub name: String,
    pub folder: String,
    pub label: String,
    pub kind: ContentType,
}

impl Kind {
    /// The folder as the CMS names it, from the site folder (`content/renginiai`).
    pub fn cms_folder(&self) -> String {
        if self.folder.is_empty() {
            "content".to_string()
        } else {
            format!("content/{}", self.folder)
        }
    }
}

/// The label of the top of `content/` (the pages beside the home page): an interface
/// key, in the site's default language like every label.
pub const TOP_LABEL: &str = "cms_pages";

/// The collections' names, folders, labels and types: each section folder below the
/// home page once, in the model's order, then the top of `content/` (named `pages`, or
/// with `_` before it until no section's collection has that name).
pub fn kinds(site: &Site) -> Vec<Kind> {
    let default = &site.config.default_language;
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for section in &site.sections {
        if section.is_home() || !seen.insert(section.folder.clone()) {
            continue;
        }
        out.push(Kind {
            name: collection_name(&section.folder),
            folder: section.folder.clone(),
            label: label(site, section, default),
            kind: section.content_type.unwrap_or(ContentType::Page),
        });
    }
    let mut name = "pages".to_string();
    while out.iter().any(|k| k.name == name) {
        name.insert(0, '_');
    }
    out.push(Kind {
        name,
        folder: String::new(),
        label: TOP_LABEL.to_string(),
        kind: ContentType::Page,
    });
    out
}

/// A section's title in the default language, after its parents' below the home page
/// (`Sveikata be sienų › Renginiai`), so that nested sections are told apart.
fn label(site: &Site, section: &crate::site::Section, default: &str) -> String {
    let title = |folder: &str| {
        site.sections
            .iter()
            .find(|s| s.folder == folder && s.lang == default)
            .map(|s| s.title.clone())
    };
    let mut parts = Vec::new();
    let mut folder = section.folder.as_str();
    while !folder.is_empty() {
        parts.push(title(folder).unwrap_or_else(|| section.title.clone()));
        folder = folder.rsplit_once('/').map_or("", |(parent, _)| parent);
    }
    parts.reverse();
    // The top folder of a nested project section adds little: `Projektai › X › Renginiai`
    // is shortened to `X › Renginiai`.
    if parts.len() > 2 {
        parts.remove(0);
    }
    parts.join(" › ")
}

/// The collection name of a section folder (`renginiai`, `projektai-x`).
pub fn collection_name(folder: &str) -> String {
    folder.replace('/', "-")
}

/// A collection: the fields of its type, every one written per language. Neither a
/// `filter` nor a hidden `type` field: `names.js` leaves out the section's own files
/// and pages of another type, so a file stays as a person writes it.
fn collection(k: &Kind, projects: &[String]) -> Value {
    let (folder, kind) = (k.folder.as_str(), k.kind);
    let mut fields = vec![
        json!({"name": "title", "label": "cms_title", "widget": "string", "required": true, "i18n": true}),
    ];
    fields.push(date_field(kind));
    fields.push(json!({"name": "summary", "label": "cms_summary", "widget": "text", "required": false, "i18n": true,
        "hint": "cms_summary_hint"}));
    fields.extend(type_fields(kind));
    if kind != ContentType::Poster {
        fields.extend(image_fields(false));
    }
    fields.push(
        json!({"name": "tags", "label": "cms_tags", "widget": "list", "required": false, "i18n": true}),
    );
    if !projects.is_empty() && !folder.contains('/') {
        fields.push(
            json!({"name": "project", "label": "cms_project", "widget": "select", "required": false,
            "options": projects, "i18n": true,
            "hint": "cms_project_hint"}),
        );
    }
    fields.push(json!({"name": "slug", "label": "cms_slug", "widget": "string", "required": false, "i18n": true,
        "pattern": [SLUG_PATTERN, "cms_slug_pattern"],
        "hint": "cms_slug_hint"}));
    fields.push(json!({"name": "draft", "label": "cms_draft", "widget": "boolean", "required": false, "i18n": true}));
    fields.push(json!({"name": "body", "label": "cms_body", "widget": "markdown", "required": false, "i18n": true}));
    json!({
        "name": k.name,
        "label": k.label,
        "label_singular": fields::type_label(kind),
        "folder": k.cms_folder(),
        "create": true,
        "format": "frontmatter",
        "extension": "md",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "i18n": true,
        "fields": fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_script_is_the_pinned_release() {
        assert!(default_script().contains(DECAP_VERSION));
        assert!(DECAP_SRI.starts_with("sha384-"));
    }

    #[test]
    fn slugs_the_pattern_accepts_are_slugs_the_build_keeps() {
        let re = |s: &str| {
            s.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
        };
        for s in ["vasaros-renginys", "a1", "2026-kampanija"] {
            assert!(re(s));
            assert_eq!(crate::content::slug::slugify(s), s);
        }
    }
}
