//! The form fields of each content type: widgets, required marks and patterns as the
//! build checks them.

use serde_json::{json, Value};

use crate::content::ContentType;

use super::Words;

/// `date`: a day; required where the build requires it.
pub(super) fn date_field(kind: ContentType) -> Value {
    let required = matches!(
        kind,
        ContentType::Article | ContentType::Newsletter | ContentType::Story
    );
    let mut field = day_widget("date", "cms_date", required);
    field["hint"] = json!("cms_date_hint");
    field
}

pub(super) fn day_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false,
        "picker_utc": false, "i18n": true})
}

/// A day and a time of the site's time zone, as Sklaida reads `2026-12-10 18:00`.
pub(super) fn time_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
        "picker_utc": false, "i18n": true,
        "hint": "cms_time_hint"})
}

/// `image` and `image_alt`; the admin page's check refuses a picture without its text.
pub(super) fn image_fields(required: bool) -> Vec<Value> {
    vec![
        json!({"name": "image", "label": "cms_image", "widget": "image", "required": required,
            "i18n": true, "choose_url": false}),
        json!({"name": "image_alt", "label": "cms_image_alt", "widget": "string",
            "required": required, "i18n": true,
            "hint": "cms_image_alt_hint"}),
    ]
}

const WEB_ADDRESS: &str = "^https?://[^\\s<>\"]+$";

pub(super) fn web_address(name: &str, label: &str) -> Value {
    json!({"name": name, "label": label, "widget": "string", "required": false, "i18n": true,
        "pattern": [WEB_ADDRESS, "cms_url_pattern"]})
}

/// The fields only this type has, as the build checks them.
pub(super) fn type_fields(kind: ContentType) -> Vec<Value> {
    match kind {
        ContentType::Page => Vec::new(),
        ContentType::Article => vec![
            json!({"name": "author", "label": "cms_author", "widget": "string", "required": false, "i18n": true}),
            json!({"name": "source", "label": "cms_source", "widget": "object", "required": false, "i18n": true,
            "collapsed": true, "fields": [
                {"name": "name", "label": "cms_source_name", "widget": "string", "required": false, "i18n": true},
                web_address("url", "cms_source_url"),
            ]}),
        ],
        ContentType::Event => vec![
            time_widget("start", "cms_start", true),
            time_widget("end", "cms_end", false),
            json!({"name": "location", "label": "cms_location", "widget": "object", "required": false, "i18n": true,
            "fields": [
                {"name": "name", "label": "cms_location_name", "widget": "string", "required": false, "i18n": true},
                {"name": "address", "label": "cms_location_address", "widget": "string", "required": false, "i18n": true},
            ]}),
            web_address("online_url", "cms_online_url"),
            web_address("registration_url", "cms_registration_url"),
            json!({"name": "status", "label": "cms_status", "widget": "select", "required": false, "i18n": true,
            "options": [
                {"label": "cms_status_scheduled", "value": "scheduled"},
                {"label": "cms_status_cancelled", "value": "cancelled"},
                {"label": "cms_status_postponed", "value": "postponed"},
            ]}),
            json!({"name": "participants", "label": "cms_participants", "widget": "number",
                "value_type": "int", "min": 0, "required": false, "i18n": true}),
        ],
        ContentType::Poster => {
            let mut fields = image_fields(true);
            fields.push(
                json!({"name": "pdf", "label": "cms_pdf", "widget": "file", "required": false,
                "i18n": true, "choose_url": false}),
            );
            fields.push(
                json!({"name": "size", "label": "cms_size", "widget": "select", "required": false,
                "i18n": true, "options": ["A4", "A3", "A2"]}),
            );
            fields
        }
        ContentType::Newsletter => vec![
            json!({"name": "number", "label": "cms_number", "widget": "number", "value_type": "int",
                "min": 1, "required": true, "i18n": true}),
        ],
        ContentType::Story => story_fields(),
    }
}

pub(super) fn story_fields() -> Vec<Value> {
    vec![
        json!({"name": "consent", "label": "cms_consent", "widget": "boolean",
            "required": true, "i18n": true,
            "pattern": ["^true$", "cms_consent_pattern"],
            "hint": "cms_consent_hint"}),
        json!({"name": "anonymous", "label": "cms_anonymous", "widget": "boolean", "required": false,
            "i18n": true, "hint": "cms_anonymous_hint"}),
        json!({"name": "ambassador", "label": "cms_ambassador", "widget": "object",
        "required": false, "i18n": true, "fields": [
            {"name": "name", "label": "cms_ambassador_name", "widget": "string", "required": false, "i18n": true},
            {"name": "role", "label": "cms_ambassador_role", "widget": "string", "required": false, "i18n": true},
            {"name": "photo", "label": "cms_ambassador_photo", "widget": "image", "required": false, "i18n": true, "choose_url": false},
            {"name": "photo_alt", "label": "cms_ambassador_photo_alt", "widget": "string", "required": false, "i18n": true,
                "hint": "cms_ambassador_photo_alt_hint"},
        ]}),
        json!({"name": "content_warning", "label": "cms_content_warning", "widget": "string", "required": false, "i18n": true,
            "hint": "cms_content_warning_hint"}),
    ]
}

/// The key of a content type's name in the form ("New event"): Decap's
/// `label_singular`.
pub(super) fn type_label(kind: ContentType) -> &'static str {
    match kind {
        ContentType::Page => "cms_type_page",
        ContentType::Article => "cms_type_article",
        ContentType::Event => "cms_type_event",
        ContentType::Poster => "cms_type_poster",
        ContentType::Newsletter => "cms_type_newsletter",
        ContentType::Story => "cms_type_story",
    }
}

/// Whether `text` is one of our interface keys (the fields above name their labels,
/// hints and pattern messages by key; a section's title never looks like one).
pub(super) fn is_key(text: &str) -> bool {
    text.strip_prefix("cms_").is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    })
}

/// Replaces every key among the collections' labels, hints, option labels and pattern
/// messages with its text in `lang` (the site's default language), through `words`:
/// the theme's strings overridden by the site's own `i18n/`. A key the language lacks
/// falls back to English, then stays as it is (the build's key check names it).
pub(super) fn localize(value: &mut Value, lang: &str, words: Words) {
    let text = |key: &str| words(lang, key).or_else(|| words("en", key));
    match value {
        Value::Object(map) => {
            for (name, v) in map.iter_mut() {
                match (name.as_str(), &mut *v) {
                    ("label" | "hint" | "label_singular", Value::String(s)) if is_key(s) => {
                        if let Some(t) = text(s) {
                            *s = t;
                        }
                    }
                    ("pattern", Value::Array(pair)) => {
                        if let Some(Value::String(s)) = pair.get_mut(1) {
                            if let Some(t) = is_key(s).then(|| text(s)).flatten() {
                                *s = t;
                            }
                        }
                    }
                    _ => localize(v, lang, words),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| localize(v, lang, words)),
        _ => {}
    }
}

/// The interface languages Decap CMS 3.16.3 ships (`decap-cms-locales`), by the code
/// its `locale` setting takes.
const DECAP_LOCALES: [&str; 36] = [
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko",
    "lt", "mk", "nb_no", "nl", "nn_no", "pl", "pt", "ro", "ru", "sk", "sl", "sr_Cyrl", "sv", "th",
    "tr", "uk", "vi", "zh_Hans", "zh_Hant", "ua",
];

/// Decap's interface language for a site whose default language is `lang`: the same
/// language when Decap has it (Lithuanian, Polish, Ukrainian, …), else English
/// (Latvian, for one, is not among Decap's).
pub fn decap_locale(lang: &str) -> &'static str {
    let lower = lang.trim().to_ascii_lowercase().replace('_', "-");
    let primary = lower.split('-').next().unwrap_or("");
    let code = match primary {
        "el" => "gr",
        "nb" | "no" => "nb_no",
        "nn" => "nn_no",
        "sr" => "sr_Cyrl",
        "zh" if ["hant", "tw", "hk", "mo"].iter().any(|t| lower.contains(t)) => "zh_Hant",
        "zh" => "zh_Hans",
        // Decap has both `uk` and an older `ua`; `uk` is the language's ISO code.
        "ua" => "uk",
        other => other,
    };
    DECAP_LOCALES
        .iter()
        .find(|l| **l == code)
        .copied()
        .unwrap_or("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [ContentType; 6] = ContentType::ALL;

    /// Every key the forms show (labels, hints, option labels, pattern messages, type
    /// names), collected from the collections of every content type.
    fn form_keys() -> std::collections::BTreeSet<String> {
        fn walk(v: &Value, out: &mut std::collections::BTreeSet<String>) {
            match v {
                Value::Object(map) => {
                    let hidden = map.get("widget") == Some(&json!("hidden"));
                    for (name, v) in map {
                        match (name.as_str(), v) {
                            ("label" | "hint" | "label_singular", Value::String(s)) => {
                                if !hidden {
                                    out.insert(s.clone());
                                }
                            }
                            ("pattern", Value::Array(pair)) => {
                                out.insert(pair[1].as_str().unwrap_or_default().to_string());
                            }
                            _ => walk(v, out),
                        }
                    }
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut out = std::collections::BTreeSet::new();
        for kind in ALL {
            let k = super::super::Kind {
                name: "x".into(),
                folder: "x".into(),
                label: super::super::TOP_LABEL.into(),
                kind,
            };
            let c = super::super::collection(&k, &["p".to_string()]);
            walk(&c, &mut out);
        }
        out
    }

    /// Every label, hint and message of the forms, the checks and the preview is a key
    /// that every language the default theme ships has.
    #[test]
    fn every_word_of_the_content_manager_is_in_every_shipped_language() {
        let keys = form_keys();
        let plain: Vec<_> = keys.iter().filter(|k| !is_key(k)).collect();
        assert!(plain.is_empty(), "words not given by key: {plain:?}");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let all = keys
            .iter()
            .map(String::as_str)
            .chain(super::super::admin::CHECK_KEYS)
            .chain(super::super::admin::PREVIEW_KEYS)
            .chain(["cms_admin_title"]);
        let all: Vec<&str> = all.collect();
        assert!(all.len() > 70, "{}", all.len());
        for lang in ["en", "lt", "lv", "pl", "uk"] {
            let text = std::fs::read_to_string(dir.join(format!("{lang}.yaml"))).expect("yaml");
            let map: serde_json::Map<String, Value> = yaml_serde::from_str(&text).expect("yaml");
            let missing: Vec<_> = all.iter().filter(|k| !map.contains_key(**k)).collect();
            assert!(missing.is_empty(), "{lang}.yaml lacks {missing:?}");
        }
    }

    #[test]
    fn labels_are_replaced_in_the_language_with_english_behind() {
        let words = |lang: &str, key: &str| match (lang, key) {
            ("lt", "cms_title") => Some("Pavadinimas".to_string()),
            ("en", "cms_slug_pattern") => Some("Small letters".to_string()),
            _ => None,
        };
        let mut v = json!([{"label": "cms_title", "hint": "cms_nowhere", "pattern": ["^x$", "cms_slug_pattern"],
            "fields": [{"label": "Kampanija", "options": [{"label": "cms_title", "value": "a"}]}]}]);
        localize(&mut v, "lt", &words);
        assert_eq!(v[0]["label"], "Pavadinimas");
        assert_eq!(v[0]["hint"], "cms_nowhere");
        assert_eq!(v[0]["pattern"][1], "Small letters");
        assert_eq!(v[0]["fields"][0]["label"], "Kampanija");
        assert_eq!(v[0]["fields"][0]["options"][0]["label"], "Pavadinimas");
    }

    #[test]
    fn decap_speaks_the_default_language_when_it_has_it() {
        for (site, decap) in [
            ("lt", "lt"),
            ("pl", "pl"),
            ("uk", "uk"),
            ("lv", "en"),
            ("en", "en"),
            ("de-AT", "de"),
            ("zh-Hant", "zh_Hant"),
            ("nb", "nb_no"),
            ("et", "en"),
        ] {
            assert_eq!(decap_locale(site), decap, "{site}");
        }
    }
}
