//! The admin page `/admin/index.html`: the CMS script, the site's stylesheet for the
//! preview, the checks run before every save (`checks.js`) and Sklaida's file names in
//! every backend (`names.js`). Decap starts only after them (`CMS_MANUAL_INIT`, then
//! `CMS.init()`), so its backends are wrapped before it makes one.

use serde_json::{json, Map, Value};

use crate::config::Cms;
use crate::site::Site;

use super::{collections, default_script, kinds, DECAP_SRI};

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
    let collections = collection_types(site);
    let checks = CHECKS;
    let names = NAMES;
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
<script>window.CMS_MANUAL_INIT = true;</script>
{script}
<script>
var REQUIRED = {required};
var COLLECTIONS = {collections};
{checks}
{names}
CMS.registerPreviewStyle("{style}");
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

/// JSON that cannot end the `<script>` element it is written into.
fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

/// Before each save: see `checks.js`.
const CHECKS: &str = include_str!("checks.js");
/// Sklaida's file names in every backend: see `names.js`.
const NAMES: &str = include_str!("names.js");
