//! The admin page `/admin/index.html`: the CMS script, the site's stylesheet for the
//! preview, and the checks run before every save (`checks.js`).

use serde_json::{Map, Value};

use crate::config::Cms;
use crate::site::Site;

use super::{collections, default_script, DECAP_SRI};

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
    let checks = CHECKS;
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
{checks}
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

/// Before each save: see `checks.js`.
const CHECKS: &str = include_str!("checks.js");
