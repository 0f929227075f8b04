//! The repository's own example site (`site.toml` and `content/` at the crate root).

use std::path::{Path, PathBuf};

use sklaida::BuildOptions;

use crate::support::*;

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    options: BuildOptions,
}

fn build_example() -> Built {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(now()),
        ..BuildOptions::default()
    };
    if let Err(e) = sklaida::build(&options) {
        panic!("the example site does not build:\n{e}");
    }
    Built {
        _tmp: tmp,
        out,
        options,
    }
}

/// The output file a root-relative URL points at, if it exists.
fn target(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path.trim_start_matches('/'))
        .decode_utf8_lossy()
        .into_owned();
    let file = out.join(&path);
    let file = if path.is_empty() || path.ends_with('/') || file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    file.is_file().then_some(file)
}

#[test]
fn example_site_builds_with_working_links_and_alt_text() {
    let built = build_example();
    let out = &built.out;

    // Both languages have a home page.
    for (rel, lang) in [("index.html", "lt"), ("en/index.html", "en")] {
        let text = std::fs::read_to_string(out.join(rel)).expect("home page");
        let html = scraper::Html::parse_document(&text);
        assert_eq!(attr(one(&html, "html"), "lang"), lang, "{rel}");
    }

    // Exactly one Lithuanian page has no English translation.
    let loaded = sklaida::load(&built.options).expect("loads");
    let site = &loaded.site;
    let untranslated: Vec<String> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(id, p)| p.page.lang == "lt" && site.translation_in(*id, "en").is_none())
        .map(|(_, p)| p.page.source.display().to_string())
        .collect();
    assert_eq!(untranslated.len(), 1, "{untranslated:?}");

    let mut broken = Vec::new();
    let mut missing_alt = Vec::new();
    let pages = html_files(out);
    assert!(pages.len() > 40, "{} pages", pages.len());
    for (rel, html) in &pages {
        for element in select(html, "[href], [src]") {
            for name in ["href", "src"] {
                let Some(url) = element.value().attr(name) else {
                    continue;
                };
                if url.starts_with('/') && !url.starts_with("//") && target(out, url).is_none() {
                    broken.push(format!("{rel}: {name}={url}"));
                }
            }
        }
        for img in select(html, "img") {
            if img.value().attr("alt").is_none() {
                missing_alt.push(format!("{rel}: {}", img.html()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "broken internal links:\n{}",
        broken.join("\n")
    );
    assert!(
        missing_alt.is_empty(),
        "img without alt:\n{}",
        missing_alt.join("\n")
    );
}
