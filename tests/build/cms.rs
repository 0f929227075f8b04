//! `[cms]` (issue 18): the content manager's admin page and `config.yml` at `/admin/`,
//! read back with a YAML parser and held against Sklaida's own content types; the
//! admin page kept away from readers and robots; bad `[cms]` input as errors at their
//! line. The CMS's own loader runs on the same files in `tests/cms_browser.rs`.

use scraper::Html;
use serde_json::Value;

use crate::support::*;

fn config(site: &TestSite) -> Value {
    let bytes = site.read("admin/config.yml");
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    yaml_serde::from_str(text).expect("config.yml is YAML")
}

/// The admin page's `COLLECTIONS` (name → folder and content type, for `names.js`).
fn collection_types(site: &TestSite) -> Value {
    let page = String::from_utf8(site.read("admin/index.html")).expect("UTF-8");
    let json = page
        .split("var COLLECTIONS = ")
        .nth(1)
        .and_then(|rest| rest.split(";\n").next())
        .expect("COLLECTIONS in the admin page");
    serde_json::from_str(json).expect("COLLECTIONS is JSON")
}

/// A key's text in the default theme's Lithuanian.
fn lithuanian(key: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/lt.yaml");
    let text = std::fs::read_to_string(path).expect("lt.yaml");
    let words: Value = yaml_serde::from_str(&text).expect("lt.yaml is YAML");
    words[key].as_str().expect("key").to_string()
}

fn collection<'a>(config: &'a Value, folder: &str) -> &'a Value {
    config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .find(|c| c["folder"] == format!("content/{folder}"))
        .unwrap_or_else(|| panic!("no collection for {folder}"))
}

fn field<'a>(collection: &'a Value, name: &str) -> &'a Value {
    collection["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no field {name} in {}", collection["name"]))
}

/// The names of the collection's fields the CMS requires.
fn required(collection: &Value) -> Vec<String> {
    collection["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter(|f| f["required"] == true)
        .map(|f| f["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn every_section_is_a_collection_with_its_types_fields_and_the_files_sklaida_pairs() {
    let site = TestSite::fixture("cms");
    site.build_ok();
    let config = config(&site);
    let types = collection_types(&site);
    assert_eq!(config["backend"]["name"], "github");
    assert_eq!(config["backend"]["repo"], "savivaldybe/kampanija");
    assert_eq!(config["backend"]["branch"], "main");
    assert_eq!(config["i18n"]["structure"], "multiple_files");
    assert_eq!(config["i18n"]["locales"], serde_json::json!(["lt", "en"]));
    assert_eq!(config["i18n"]["default_locale"], "lt");
    assert_eq!(config["media_folder"], "static/uploads");
    assert_eq!(config["public_folder"], "/uploads");

    // The build requires exactly these; the CMS asks for them (a poster's picture and
    // its description, a story's consent, a newsletter's number, dates where needed).
    for (folder, kind, needs) in [
        ("renginiai", "event", &["title", "start"][..]),
        ("istorijos", "story", &["title", "date", "consent"]),
        (
            "naujienlaiskiai",
            "newsletter",
            &["title", "date", "number"],
        ),
        ("plakatai", "poster", &["title", "image", "image_alt"]),
        ("straipsniai", "article", &["title", "date"]),
        ("projektai/lli-344/renginiai", "event", &["title", "start"]),
        ("projektai", "page", &["title"]),
    ] {
        let c = collection(&config, folder);
        // No filter and no hidden `type`: the admin page's names.js leaves out the
        // section's own files and pages of another type (`COLLECTIONS` gives the type).
        assert!(c.get("filter").is_none(), "{folder}");
        assert!(
            !c["fields"]
                .as_array()
                .expect("fields")
                .iter()
                .any(|f| f["name"] == "type"),
            "{folder}"
        );
        // The type is the section's, named in the site's language on the form.
        assert_eq!(
            c["label_singular"],
            lithuanian(&format!("cms_type_{kind}")),
            "{folder}"
        );
        let name = c["name"].as_str().expect("name");
        assert_eq!(types[name]["type"], kind, "{folder}");
        assert_eq!(types[name]["folder"], c["folder"], "{folder}");
        assert_eq!(c["i18n"], true, "{folder}");
        assert_eq!(c["slug"], "{{slug}}", "{folder}");
        assert_eq!(c["extension"], "md", "{folder}");
        assert_eq!(required(c), needs, "{folder}");
        // Every field is written per language (a translation not begun is no file),
        // with no default that would fill a translation not begun.
        for f in c["fields"].as_array().expect("fields") {
            assert_eq!(f["i18n"], Value::Bool(true), "{folder}: {f}");
            assert!(f.get("default").is_none(), "{folder}: {f}");
        }
    }
    // The pages beside the home page are a collection of their own.
    let top = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .find(|c| c["folder"] == "content")
        .expect("a collection for the top of content/");
    assert_eq!(top["name"], "pages");
    assert_eq!(required(top), ["title"]);
    let admin = String::from_utf8(site.read("admin/index.html")).expect("UTF-8");
    assert!(
        admin.contains(r#""pages":{"folder":"content","type":"page"}"#)
            && admin.contains(r#""renginiai":{"folder":"content/renginiai","type":"event"}"#),
        "{admin}"
    );
    let events = collection(&config, "renginiai");
    assert_eq!(field(events, "start")["format"], "YYYY-MM-DD HH:mm");
    // Each status shown in the officer's language, written as the build reads it.
    let statuses: Vec<&str> = field(events, "status")["options"]
        .as_array()
        .expect("options")
        .iter()
        .map(|o| o["value"].as_str().expect("value"))
        .collect();
    assert_eq!(statuses, ["scheduled", "cancelled", "postponed"]);
    assert_eq!(field(events, "status")["options"][1]["label"], "Atšauktas");
    let location = field(events, "location");
    assert_eq!(location["widget"], "object");
    assert_eq!(location["fields"][0]["name"], "name");
    // An event online has no place: neither the place nor its name is the widget's to
    // demand (Decap would demand the name of an empty place); the pre-save check
    // refuses an address without the name.
    assert_eq!(location["required"], false);
    assert_eq!(location["fields"][0]["required"], false);
    assert_eq!(
        field(collection(&config, "plakatai"), "size")["options"],
        serde_json::json!(["A4", "A3", "A2"])
    );
    let consent = field(collection(&config, "istorijos"), "consent");
    assert_eq!(consent["widget"], "boolean");
    assert_eq!(consent["pattern"][0], "^true$");
    assert!(consent["hint"]
        .as_str()
        .expect("hint")
        .contains("rašytinį asmens sutikimą"));
    assert_eq!(
        field(collection(&config, "straipsniai"), "tags")["widget"],
        "list"
    );
    assert_eq!(
        field(collection(&config, "straipsniai"), "date")["format"],
        "YYYY-MM-DD"
    );
    let project = field(collection(&config, "straipsniai"), "project");
    assert_eq!(project["widget"], "select");
    assert_eq!(
        project["options"],
        serde_json::json!(["projektai/lli-344", "projektai/sveikata"])
    );
    // The home page is no section collection (the top of content/ is `pages`, its
    // `_index.md` left out by names.js); each other section folder is one, once.
    let folders: Vec<&str> = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| c["folder"].as_str().expect("folder"))
        .collect();
    assert!(!folders.contains(&"content/"), "{folders:?}");
    let unique: std::collections::BTreeSet<_> = folders.iter().collect();
    assert_eq!(unique.len(), folders.len(), "{folders:?}");

    // Pages written by an earlier release as `<folder>/<slug>.<locale>.md` (Decap's own
    // names) still pair, and the English section slug is kept.
    let en: Html = site.html("en/events/vasaros-zygis/");
    assert_eq!(text(one(&en, "h1")), "Summer hike");
    assert!(site.exists("renginiai/vasaros-zygis/"));
}

#[test]
fn values_the_cms_offers_are_values_the_build_accepts() {
    let site = TestSite::fixture("cms");
    site.build_ok();
    let config = config(&site);
    let statuses = field(collection(&config, "renginiai"), "status")["options"].clone();
    let sizes = field(collection(&config, "plakatai"), "size")["options"].clone();
    let projects = field(collection(&config, "straipsniai"), "project")["options"].clone();
    for (i, status) in statuses.as_array().expect("options").iter().enumerate() {
        site.write(
            &format!("content/renginiai/r{i}.lt.md"),
            &format!("---\ntype: event\ntitle: R\nstart: 2026-06-20 10:00\nend: 2026-06-20 12:00\nstatus: {}\nlocation:\n  name: Salė\n---\n", status["value"].as_str().expect("text")),
        );
    }
    for (i, size) in sizes.as_array().expect("options").iter().enumerate() {
        site.write(
            &format!("content/plakatai/p{i}.lt.md"),
            &format!("---\ntype: poster\ntitle: P\nimage: /images/emblema.svg\nimage_alt: E\nsize: {}\n---\n", size.as_str().expect("text")),
        );
    }
    for (i, project) in projects.as_array().expect("options").iter().enumerate() {
        site.write(
            &format!("content/straipsniai/s{i}.lt.md"),
            &format!("---\ntype: article\ntitle: S\ndate: 2026-01-02\nslug: naujas-{i}\nproject: {}\ntags:\n  - a\n---\n", project.as_str().expect("text")),
        );
    }
    site.build_ok();
}

#[test]
fn the_admin_page_is_for_staff_only() {
    let site = TestSite::fixture("cms");
    site.build_ok();
    let admin = site.html("admin/");
    assert_eq!(
        attr(one(&admin, "meta[name=robots]"), "content"),
        "noindex, nofollow"
    );
    let script = one(&admin, "script[src]");
    assert!(attr(script, "src").starts_with("https://unpkg.com/decap-cms@3."));
    assert!(attr(script, "integrity").starts_with("sha384-"));
    let robots = String::from_utf8(site.read("robots.txt")).expect("UTF-8");
    assert!(robots.contains("Disallow: /admin/\n"), "{robots}");
    let sitemap = String::from_utf8(site.read("sitemap.xml")).expect("UTF-8");
    assert!(!sitemap.contains("/admin"), "{sitemap}");
    for (rel, path) in output_files(&site.out) {
        if rel.starts_with("admin/") || rel == "robots.txt" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("/admin/"), "{rel} names the admin page");
    }
    // The admin page's script is the only request to another origin.
    let found = crate::requests::external_requests(&site.out, "https://example.test");
    assert!(
        found.iter().all(|r| r.starts_with("admin/index.html:")),
        "{found:?}"
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn under_a_sub_path_the_admin_page_and_robots_use_it() {
    let site = TestSite::fixture("cms");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    site.write(
        "site.toml",
        &toml
            .replace(
                "base_url = \"https://example.test\"",
                "base_url = \"https://example.test/kampanija/\"",
            )
            .replace(
                "branch = \"main\"",
                "branch = \"main\"\nscript = \"/admin/decap-cms.js\"",
            ),
    );
    site.build_ok();
    let robots = String::from_utf8(site.read("robots.txt")).expect("UTF-8");
    assert!(robots.contains("Disallow: /kampanija/admin/\n"), "{robots}");
    let admin = site.html("admin/");
    assert_eq!(
        attr(one(&admin, "script[src]"), "src"),
        "/kampanija/admin/decap-cms.js"
    );
    let page = String::from_utf8(site.read("admin/index.html")).expect("UTF-8");
    assert!(
        page.contains("registerPreviewStyle(\"/kampanija/style.css\")"),
        "{page}"
    );
}

#[test]
fn without_cms_there_is_no_admin_page() {
    let site = TestSite::fixture("projects");
    site.build_ok();
    assert!(!site.exists("admin/"));
    let robots = String::from_utf8(site.read("robots.txt")).expect("UTF-8");
    assert!(!robots.contains("Disallow"), "{robots}");
}

#[test]
fn bad_cms_settings_are_errors_at_their_lines() {
    let site = TestSite::fixture("cms");
    let toml = std::fs::read_to_string(site.root.join("site.toml")).expect("read");
    let start = toml.rfind("[cms]").expect("[cms]");
    let head = &toml[..start];
    let first = head.lines().count() + 1;
    site.write(
        "site.toml",
        &format!(
            "{head}[cms]\nbackend = \"bitbucket\"\nrepo = \"kampanija\"\nbranch = \"my branch\"\nbase_url = \"http://auth.example\"\nscript = \"javascript:alert(1)\"\napp_id = \"\"\napi_root = \"git.example\"\n"
        ),
    );
    let errors = site.build_errors();
    for (i, field) in [
        "cms.backend",
        "cms.repo",
        "cms.branch",
        "cms.base_url",
        "cms.script",
        "cms.app_id",
        "cms.api_root",
    ]
    .into_iter()
    .enumerate()
    {
        let d = error_for(&errors, "site.toml", field);
        assert_eq!(d.line, Some(first + 1 + i), "{}", list(&errors));
    }
    assert_eq!(errors.len(), 7, "{}", list(&errors));

    site.write(
        "site.toml",
        &format!("{head}[cms]\nbackend = \"gitea\"\nrepo = \"a/b\"\n"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].field.as_deref(), Some("cms.backend"));
    assert_eq!(errors[0].line, Some(first + 1), "{}", list(&errors));

    site.write(
        "site.toml",
        &format!("{head}[cms]\nbackend = \"github\"\nrepo = \"a/b\"\nbranches = \"main\"\n"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert_eq!(errors[0].line, Some(first + 3), "{}", list(&errors));
}

#[test]
fn the_example_site_gets_a_collection_per_section() {
    let site = TestSite::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["content", "static"] {
        copy_dir(&repo.join(dir), &site.root.join(dir));
    }
    std::fs::copy(repo.join("site.toml"), site.root.join("site.toml")).expect("copy");
    let root = site.root.clone();
    let toml = std::fs::read_to_string(root.join("site.toml")).expect("read");
    std::fs::write(
        root.join("site.toml"),
        format!("{toml}\n[cms]\nbackend = \"gitlab\"\nrepo = \"grupe/savivaldybe/kampanija\"\n"),
    )
    .expect("write");
    let yaml = sklaida::cms_config(&sklaida::BuildOptions {
        root: root.clone(),
        now: Some(now()),
        ..sklaida::BuildOptions::default()
    })
    .expect("the example site's configuration");
    let config: Value = yaml_serde::from_str(&yaml).expect("YAML");
    assert_eq!(config["backend"]["name"], "gitlab");
    assert_eq!(config["backend"]["branch"], "main");
    // Each section folder, and the top of content/ (its pages beside the home page).
    let mut folders = std::collections::BTreeSet::from(["content".to_string()]);
    for entry in walk_sections(&root.join("content")) {
        folders.insert(format!("content/{entry}"));
    }
    let made: std::collections::BTreeSet<String> = config["collections"]
        .as_array()
        .expect("collections")
        .iter()
        .map(|c| c["folder"].as_str().expect("folder").to_string())
        .collect();
    assert_eq!(made, folders);
}

/// Content folders (below the home page) holding an `_index.md`.
fn walk_sections(content: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![content.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read_dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path.join("_index.md").is_file() {
                    let rel = path.strip_prefix(content).expect("inside");
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
                stack.push(path);
            }
        }
    }
    out
}

#[test]
fn an_empty_translation_file_is_no_page_but_an_empty_default_file_is_an_error() {
    let site = TestSite::fixture("cms");
    // Decap writes an empty file for each language not yet translated.
    site.write("content/renginiai/vasaros-zygis.en.md", "\n");
    site.build_ok();
    assert!(site.exists("renginiai/vasaros-zygis/"));
    assert!(!site.exists("en/events/vasaros-zygis/"));
    site.write("content/renginiai/tuscias.lt.md", "\n");
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{}", list(&errors));
    assert!(
        errors[0].path.ends_with("tuscias.lt.md"),
        "{}",
        list(&errors)
    );
}

#[test]
fn a_section_folder_called_pages_keeps_its_name_and_the_top_of_content_gives_way() {
    let site = TestSite::fixture("cms");
    site.write("content/pages/_index.md", "---\ntitle: Puslapiai\n---\n");
    site.build_ok();
    let config = config(&site);
    let named = |name: &str| {
        config["collections"]
            .as_array()
            .expect("collections")
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["folder"].clone())
    };
    assert_eq!(named("pages"), Some(Value::from("content/pages")));
    assert_eq!(named("_pages"), Some(Value::from("content")));
}
