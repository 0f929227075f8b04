//! The admin page `/admin/index.html`: the CMS script, the site's stylesheet for the
//! preview, the checks run before every save (`checks.js`) and Sklaida's file names in
//! every backend (`names.js`). Decap starts only after them (`CMS_MANUAL_INIT`, then
//! `CMS.init()`), so its backends are wrapped before it makes one.

use serde_json::{json, Map, Value};

use crate::config::Cms;
use crate::site::Site;

use super::{collections, config_value, default_script, kinds, Words, DECAP_SRI};

/// The admin page: staff only (`noindex`), the CMS script (pinned with its hash unless
/// `[cms] script` says otherwise), the site's stylesheet in the preview, and the
/// checks the form widgets cannot express (a picture needs its description; a story
/// names an ambassador or is anonymous; an event ends after it starts), run before every save.
pub fn admin_page(site: &Site, cms: &Cms, words: Words) -> String {
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
    let lang = crate::text::escape(lang_code(site));
    let required = required_fields(site);
    let collections = collection_types(site);
    let checks = CHECKS;
    let title = crate::text::escape(&word(words, lang_code(site), "cms_admin_title"));
    let messages = script_json(&check_words(site, words));
    let preview_words = script_json(&preview_words(site, words));
    let preview = PREVIEW;
    let phrases = PHRASES;
    let names = NAMES;
    format!(
        r#"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>{title}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script>window.CMS_MANUAL_INIT = true;</script>
{script}
<script>
var REQUIRED = {required};
var COLLECTIONS = {collections};
{phrases}
var WORDS = {messages};
{checks}
{names}
CMS.registerPreviewStyle("{style}");
var PREVIEW_WORDS = {preview_words};
{preview}
CMS.init();
</script>
</body>
</html>
"#
    )
}

/// Each collection's required fields, as its form marks them (JSON for the admin
/// page's check of translations), by the collection's name.
fn required_fields(site: &Site) -> String {
    let mut map = Map::new();
    for c in collections(site) {
        let names: Vec<Value> = c["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["required"] == true)
            .map(|f| f["name"].clone())
            .collect();
        if let Some(name) = c["name"].as_str() {
            map.insert(name.to_string(), Value::Array(names));
        }
    }
    script_json(&Value::Object(map))
}

/// Each collection's folder and content type, by its name (JSON for `checks.js` and
/// `names.js`).
fn collection_types(site: &Site) -> String {
    let mut map = Map::new();
    for k in kinds(site) {
        map.insert(
            k.name.clone(),
            json!({ "folder": k.cms_folder(), "type": k.kind.name() }),
        );
    }
    script_json(&Value::Object(map))
}

/// JSON to write inside a `<script>`: no `<` that could close it.
fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

fn lang_code(site: &Site) -> &str {
    &site.config.default_language
}

/// A key's text in `lang`, else in English, else the key (the build's checks of the
/// theme's keys keep that from happening with the default theme).
fn word(words: Words, lang: &str, key: &str) -> String {
    words(lang, key)
        .or_else(|| words("en", key))
        .unwrap_or_else(|| key.to_string())
}

/// The pre-save checks' messages (`checks.js`), in the site's default language like
/// the forms, and the forms' field labels by name, to name a missing field.
fn check_words(site: &Site, words: Words) -> Value {
    let lang = lang_code(site);
    let mut out = Map::new();
    for key in CHECK_KEYS {
        out.insert(key.to_string(), Value::String(word(words, lang, key)));
    }
    let mut labels = Map::new();
    let config = config_value(site, words, None);
    for field in config["collections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|c| c["fields"].as_array().into_iter().flatten())
    {
        if let (Some(name), Some(label)) = (field["name"].as_str(), field["label"].as_str()) {
            labels.insert(name.to_string(), Value::String(label.to_string()));
        }
    }
    out.insert("fields".to_string(), Value::Object(labels));
    Value::Object(out)
}

/// The keys of `checks.js`'s messages.
pub(super) const CHECK_KEYS: [&str; 10] = [
    "cms_check_not_saved",
    "cms_check_image_alt",
    "cms_check_photo_alt",
    "cms_check_end_before_start",
    "cms_check_anonymous_and_named",
    "cms_check_anonymous_or_named",
    "cms_check_missing",
    "cms_check_place_name",
    "cms_check_source_name",
    "cms_check_ambassador_name",
];

/// The keys of the words `preview.js` shows, in every language of the site (the
/// preview is in the language being edited): the theme's own words for the same parts
/// of the page, and the preview's notes to the officer.
pub(super) const PREVIEW_KEYS: [&str; 26] = [
    "event_when",
    "event_where",
    "event_online",
    "event_join_online",
    "event_participants",
    "event_cancelled_notice",
    "event_postponed_notice",
    "register",
    "status_cancelled",
    "status_postponed",
    "all_day",
    "published",
    "written_by",
    "first_published_in",
    "tags",
    "poster_paper_size",
    "download_poster",
    "poster_text",
    "newsletter_number",
    "content_warning",
    "name_withheld",
    "name_changed",
    "cms_preview_untitled",
    "cms_preview_draft",
    "cms_preview_no_consent",
    "cms_preview_alt_missing",
];

/// For the preview: `{ default: "lt", collections: { name: type }, words: { "lt": {
/// key: text, … }, "en": … } }` (the type by collection: a translation's data has no
/// `type` of its own).
fn preview_words(site: &Site, words: Words) -> Value {
    let mut out = Map::new();
    for language in &site.config.languages {
        let lang = language.code.as_str();
        let texts: Map<String, Value> = PREVIEW_KEYS
            .iter()
            .map(|key| (key.to_string(), Value::String(word(words, lang, key))))
            .collect();
        out.insert(lang.to_string(), Value::Object(texts));
    }
    let names: Map<String, Value> = kinds(site)
        .into_iter()
        .map(|k| (k.name, Value::String(k.kind.name().to_string())))
        .collect();
    serde_json::json!({ "default": lang_code(site), "collections": names, "words": out })
}

/// Corrections to Decap's own interface words: see `phrases.js`.
const PHRASES: &str = include_str!("phrases.js");

/// The preview templates: see `preview.js`.
const PREVIEW: &str = include_str!("preview.js");

/// Before each save: see `checks.js`.
const CHECKS: &str = include_str!("checks.js");
/// Sklaida's file names in every backend: see `names.js`.
const NAMES: &str = include_str!("names.js");
