//! The content manager in the officer's language (issue 18): Decap's interface locale,
//! the forms' labels and hints, the pre-save messages and the admin page's title in
//! the site's default language, from the theme's interface strings, which a site's own
//! `i18n/` overrides; the preview's words in every language of the site. Decap itself
//! shows them in `tests/cms_browser.rs`.

use serde_json::Value;

use crate::support::*;

fn config(site: &TestSite) -> Value {
    let bytes = site.read("admin/config.yml");
    yaml_serde::from_str(std::str::from_utf8(&bytes).expect("UTF-8")).expect("YAML")
}

fn label(config: &Value, collection: &str, field: &str) -> String {
    let c = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .find(|c| c["name"] == collection)
        .unwrap_or_else(|| panic!("no collection {collection}"));
    let f = c["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == field)
        .unwrap_or_else(|| panic!("no field {field}"));
    f["label"].as_str().expect("label").to_string()
}

/// A JSON object the admin page writes into its script as `var NAME = {…};`.
fn script_object(page: &str, name: &str) -> Value {
    let start = page
        .find(&format!("var {name} = "))
        .unwrap_or_else(|| panic!("no {name}"))
        + name.len()
        + 7;
    let end = start + page[start..].find(";\n").expect("end");
    serde_json::from_str(&page[start..end]).expect("JSON")
}

#[test]
fn a_lithuanian_site_gets_lithuanian_forms_and_its_own_words_win() {
    let site = TestSite::fixture("cms");
    site.build_ok();
    let cfg = config(&site);
    assert_eq!(cfg["locale"], "lt");
    assert_eq!(label(&cfg, "renginiai", "title"), "Pavadinimas");
    assert_eq!(label(&cfg, "renginiai", "start"), "Pradžia");
    let c = &cfg["collections"][0];
    assert!(
        !serde_json::to_string(&cfg)
            .expect("json")
            .contains("\"cms_"),
        "a key left untranslated"
    );
    assert!(c["label_singular"].is_string());
    let page = String::from_utf8(site.read("admin/index.html")).expect("UTF-8");
    let admin = site.html("admin/");
    assert_eq!(text(one(&admin, "title")), "Turinio valdymas");
    let words = script_object(&page, "WORDS");
    assert_eq!(words["cms_check_not_saved"], "Neišsaugota: {problems}");
    assert_eq!(words["fields"]["title"], "Pavadinimas");
    let preview = script_object(&page, "PREVIEW_WORDS");
    assert_eq!(preview["default"], "lt");
    assert_eq!(preview["words"]["lt"]["event_when"], "Kada");
    assert_eq!(preview["words"]["en"]["event_when"], "When");
    assert_eq!(preview["collections"]["renginiai"], "event");

    // The site's own strings replace the theme's, in the forms as on the pages.
    site.write(
        "i18n/lt.yaml",
        "cms_title: Antraštė\ncms_admin_title: Svetainės redaktorius\n",
    );
    site.build_ok();
    let again = config(&site);
    assert_eq!(label(&again, "renginiai", "title"), "Antraštė");
    assert_eq!(
        text(one(&site.html("admin/"), "title")),
        "Svetainės redaktorius"
    );
}

/// Decap has no Latvian: its own words are English, ours Latvian.
#[test]
fn a_latvian_site_gets_decap_in_english_and_latvian_forms() {
    let site = TestSite::empty();
    site.write(
        "site.toml",
        "base_url = \"https://example.test\"\ndefault_language = \"lv\"\n\n[languages.lv]\ntitle = \"Vietne\"\ndescription = \"Kampaņa\"\n\n[cms]\nbackend = \"github\"\nrepo = \"a/b\"\n",
    );
    site.write("content/_index.md", "---\ntitle: Sākums\n---\n");
    site.write(
        "content/pasakumi/_index.md",
        "---\ntitle: Pasākumi\ntype: event\n---\n",
    );
    site.write(
        "content/pasakumi/talka.md",
        "---\ntype: event\ntitle: Talka\nstart: 2026-06-20 10:00\n---\n",
    );
    site.build_ok();
    let config = config(&site);
    assert_eq!(config["locale"], "en");
    assert_eq!(label(&config, "pasakumi", "title"), "Virsraksts");
    assert_eq!(label(&config, "pasakumi", "start"), "Sākums");
    assert_eq!(
        text(one(&site.html("admin/"), "title")),
        "Satura pārvaldība"
    );
}
