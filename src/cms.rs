//! `[cms]`: the browser editor (Decap CMS) at `/admin/`, set up from the site's own
//! model: a collection per section with the fields of its content type, the widgets and
//! checks the build needs, and the i18n structure that writes the file names Sklaida
//! pairs (`name.lt.md` + `name.en.md`: the loader takes `name.<default>.md` as the
//! default language's file, the same as `name.md`).
//!
//! Everything here is a function of the finished model; `pipeline::write` writes the
//! two files and `sklaida cms` prints the configuration.

use serde_json::{json, Map, Value};

use crate::config::Cms;
use crate::content::ContentType;
use crate::site::Site;

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
pub fn files(site: &Site) -> Vec<(String, String)> {
    let Some(cms) = &site.config.cms else {
        return Vec::new();
    };
    vec![
        (format!("{ADMIN_DIR}/index.html"), admin_page(site, cms)),
        (format!("{ADMIN_DIR}/config.yml"), config_yaml(site, None)),
    ]
}

/// The CMS's `config.yml`. `local_backend`, when given, is the address of a local
/// proxy (`sklaida serve --cms`) the CMS uses instead of the Git host.
pub fn config_yaml(site: &Site, local_backend: Option<&str>) -> String {
    let value = config_value(site, local_backend);
    let yaml = yaml_serde::to_string(&value).unwrap_or_default();
    format!(
        "# Written by Sklaida from site.toml and the content types; do not edit: change\n# [cms] in site.toml instead (see docs/cms.md).\n{yaml}"
    )
}

/// The configuration as a value (see [`config_yaml`]).
pub fn config_value(site: &Site, local_backend: Option<&str>) -> Value {
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
    if let Some(url) = local_backend {
        root["local_backend"] = json!({ "url": url });
    }
    root
}

/// One collection per section folder below the home page, in the model's order.
fn collections(site: &Site) -> Vec<Value> {
    let default = &site.config.default_language;
    let projects: Vec<String> = site
        .projects
        .list
        .iter()
        .map(|p| p.folder.clone())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for section in &site.sections {
        if section.is_home() || !seen.insert(section.folder.clone()) {
            continue;
        }
        let label = label(site, section, default);
        let kind = section.content_type.unwrap_or(ContentType::Page);
        out.push(collection(&section.folder, &label, kind, &projects));
    }
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

fn collection(folder: &str, label: &str, kind: ContentType, projects: &[String]) -> Value {
    let mut fields = vec![
        json!({"name": "type", "label": "Type", "widget": "hidden", "default": kind.name(), "i18n": "none"}),
        json!({"name": "title", "label": "Title", "widget": "string", "required": true, "i18n": true}),
    ];
    fields.push(date_field(kind));
    fields.push(json!({"name": "summary", "label": "Summary", "widget": "text", "required": false, "i18n": true,
        "hint": "One or two sentences for lists, search results and links shared on social media."}));
    fields.extend(type_fields(kind));
    if kind != ContentType::Poster {
        fields.extend(image_fields(false));
    }
    fields.push(
        json!({"name": "tags", "label": "Tags", "widget": "list", "required": false, "i18n": true}),
    );
    if !projects.is_empty() && !folder.contains('/') {
        fields.push(json!({"name": "project", "label": "Project", "widget": "select", "required": false,
            "options": projects, "i18n": true,
            "hint": "The project this page belongs to, when it is not in the project's own section."}));
    }
    fields.push(json!({"name": "slug", "label": "Address (slug)", "widget": "string", "required": false, "i18n": true,
        "pattern": [SLUG_PATTERN, "Small Latin letters, digits and single dashes, like vasaros-renginys"],
        "hint": "The last part of the page's address in this language; leave empty to use the file name."}));
    fields.push(json!({"name": "draft", "label": "Draft (not published)", "widget": "boolean", "required": false, "i18n": true}));
    fields.push(json!({"name": "body", "label": "Text", "widget": "markdown", "required": false, "i18n": true}));
    json!({
        "name": collection_name(folder),
        "label": label,
        "label_singular": kind.name(),
        "folder": format!("content/{folder}"),
        "create": true,
        "format": "frontmatter",
        "extension": "md",
        "slug": "{{slug}}",
        "summary": "{{title}}",
        "filter": {"field": "type", "value": kind.name()},
        "i18n": true,
        "fields": fields,
    })
}

/// `date`: a day; required where the build requires it.
fn date_field(kind: ContentType) -> Value {
    let required = matches!(
        kind,
        ContentType::Article | ContentType::Newsletter | ContentType::Story
    );
    let mut field = day_widget("date", "Date", required);
    field["hint"] = json!("The day it was published.");
    field
}

fn day_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false,
        "picker_utc": false, "i18n": true})
}

/// A day and a time of the site's time zone, as Sklaida reads `2026-12-10 18:00`.
fn time_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
        "picker_utc": false, "i18n": true,
        "hint": "In the site's time zone."})
}

/// `image` and `image_alt`; the admin page's check refuses a picture without its text.
fn image_fields(required: bool) -> Vec<Value> {
    vec![
        json!({"name": "image", "label": "Picture", "widget": "image", "required": required,
            "i18n": true, "choose_url": false}),
        json!({"name": "image_alt", "label": "Picture description (alt text)", "widget": "string",
            "required": required, "i18n": true,
            "hint": "What the picture shows, for people who cannot see it. Required with a picture."}),
    ]
}

const WEB_ADDRESS: &str = "^https?://[^\\s<>\"]+$";

fn web_address(name: &str, label: &str) -> Value {
    json!({"name": name, "label": label, "widget": "string", "required": false, "i18n": true,
        "pattern": [WEB_ADDRESS, "A web address starting with https://"]})
}

/// The fields only this type has, as the build checks them.
fn type_fields(kind: ContentType) -> Vec<Value> {
    match kind {
        ContentType::Page => Vec::new(),
        ContentType::Article => vec![
            json!({"name": "author", "label": "Author", "widget": "string", "required": false, "i18n": true}),
            json!({"name": "source", "label": "Source", "widget": "object", "required": false, "i18n": true,
            "collapsed": true, "fields": [
                {"name": "name", "label": "Name", "widget": "string", "required": true, "i18n": true},
                web_address("url", "Address"),
            ]}),
        ],
        ContentType::Event => vec![
            time_widget("start", "Starts", true),
            time_widget("end", "Ends", false),
            json!({"name": "location", "label": "Place", "widget": "object", "required": false, "i18n": true,
            "fields": [
                {"name": "name", "label": "Name of the place", "widget": "string", "required": true, "i18n": true},
                {"name": "address", "label": "Street address", "widget": "string", "required": false, "i18n": true},
            ]}),
            web_address("online_url", "Online (stream or meeting) address"),
            web_address("registration_url", "Registration address"),
            json!({"name": "status", "label": "Status", "widget": "select", "required": false, "i18n": true,
                "options": ["scheduled", "cancelled", "postponed"]}),
            json!({"name": "participants", "label": "Participants (after the event)", "widget": "number",
                "value_type": "int", "min": 0, "required": false, "i18n": true}),
        ],
        ContentType::Poster => {
            let mut fields = image_fields(true);
            fields.push(
                json!({"name": "pdf", "label": "Printable PDF", "widget": "file", "required": false,
                "i18n": true, "choose_url": false}),
            );
            fields.push(
                json!({"name": "size", "label": "Paper size", "widget": "select", "required": false,
                "i18n": true, "options": ["A4", "A3", "A2"]}),
            );
            fields
        }
        ContentType::Newsletter => vec![
            json!({"name": "number", "label": "Issue number", "widget": "number", "value_type": "int",
                "min": 1, "required": true, "i18n": true}),
        ],
        ContentType::Story => story_fields(),
    }
}

fn story_fields() -> Vec<Value> {
    vec![
        json!({"name": "consent", "label": "The person agreed to publish this story", "widget": "boolean",
            "required": true, "i18n": true,
            "pattern": ["^true$", "A story is published only with the written consent of the person in it: tick this once you have it."],
            "hint": "Tick only when you have the person's written consent to publish the story (and photo). Without it the story is not published."}),
        json!({"name": "anonymous", "label": "No one is named", "widget": "boolean", "required": false,
            "i18n": true, "hint": "Either tick this or fill in the ambassador below."}),
        json!({"name": "ambassador", "label": "Ambassador (the person in the story)", "widget": "object",
        "required": false, "i18n": true, "fields": [
            {"name": "name", "label": "Name", "widget": "string", "required": true, "i18n": true},
            {"name": "role", "label": "Role", "widget": "string", "required": false, "i18n": true},
            {"name": "photo", "label": "Photo", "widget": "image", "required": false, "i18n": true, "choose_url": false},
            {"name": "photo_alt", "label": "Photo description (alt text)", "widget": "string", "required": false, "i18n": true,
                "hint": "Required with a photo."},
        ]}),
        json!({"name": "content_warning", "label": "Content warning", "widget": "string", "required": false, "i18n": true}),
    ]
}

/// The admin page: staff only (`noindex`), the CMS script (pinned with its hash unless
/// `[cms] script` says otherwise), the site's stylesheet in the preview, and the
/// checks the form widgets cannot express (a picture needs its description; a story
/// names an ambassador or is anonymous; an event ends after it starts), run before every save.
pub fn admin_page(site: &Site, cms: &Cms) -> String {
    let config = &site.config;
    let script = match &cms.script {
        Some(s) => format!(
            "<script src=\"{}\"></script>",
            crate::text::escape(&config.url(s))
        ),
        None => format!(
            "<script src=\"{}\" integrity=\"{DECAP_SRI}\" crossorigin=\"anonymous\"></script>",
            default_script()
        ),
    };
    let style = crate::text::escape(&config.url("/style.css"));
    let lang = crate::text::escape(&config.default_language);
    let required = required_fields(site);
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>Content manager</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
{script}
<script>
var REQUIRED = {required};
{CHECKS}
CMS.registerPreviewStyle("{style}");
</script>
</body>
</html>
"#
    )
}

/// Each content type's required fields, as the collections mark them (JSON for the
/// admin page's check of translations).
fn required_fields(site: &Site) -> String {
    let mut map = Map::new();
    for c in collections(site) {
        let kind = c["filter"]["value"].clone();
        let names: Vec<Value> = c["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["required"] == true)
            .map(|f| f["name"].clone())
            .collect();
        if let Some(kind) = kind.as_str() {
            map.insert(kind.to_string(), Value::Array(names));
        }
    }
    Value::Object(map).to_string().replace('<', "\\u003c")
}

/// Before each save: every language's data checked for what the widgets cannot say,
/// and every translation begun for the fields the build requires (`REQUIRED`, written
/// by [`admin_page`] from the collections).
const CHECKS: &str = r#"(function () {
  function problems(data) {
    var out = [];
    if (!data) return out;
    var get = function (k) { return data.get ? data.get(k) : undefined; };
    if (get("image") && !get("image_alt")) out.push("a picture needs its description (alt text)");
    var a = get("ambassador");
    var named = a && a.get && a.get("name");
    if (a && a.get && a.get("photo") && !a.get("photo_alt")) out.push("the ambassador's photo needs its description (alt text)");
    var start = get("start"), end = get("end");
    if (start && end && String(end) < String(start)) out.push("the event ends before it starts");
    if (get("type") === "story") {
      if (named && get("anonymous")) out.push("a story is either anonymous or names an ambassador, not both");
      if (!named && !get("anonymous")) out.push("a story names an ambassador or is marked anonymous");
    }
    return out;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      var data = entry.get("data");
      var found = problems(data);
      var needs = REQUIRED[data && data.get("type")] || ["title"];
      var i18n = entry.get("i18n");
      if (i18n && i18n.forEach) {
        i18n.forEach(function (value, locale) {
          var other = value.get("data");
          // A language with nothing written is not written at all; one begun must
          // hold what the build needs ("Fill in from another locale" copies it).
          if (!other || !other.size) return;
          needs.forEach(function (f) {
            if (!other.get(f)) found.push(locale + ": " + f + " is missing");
          });
          problems(other).forEach(function (p) { found.push(locale + ": " + p); });
        });
      }
      if (found.length) throw new Error("Not saved: " + found.join("; "));
      return data;
    }
  });
})();"#;

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
