//! Front matter: a content file's bytes as `content::load` reads them (UTF-8, BOM, line
//! ends), split at `---` and parsed as a page of the type the first byte picks, and as a
//! section `_index.md`. Any input must give a page or diagnostics, never a panic; every
//! diagnostic names the file and a line inside it.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sklaida::content::front_matter::{parse_page, parse_section, PageOrigin};
use sklaida::content::{decode_text, ContentType};
use sklaida::Diagnostic;

const TYPES: [Option<ContentType>; 7] = [
    None,
    Some(ContentType::Page),
    Some(ContentType::Article),
    Some(ContentType::Event),
    Some(ContentType::Poster),
    Some(ContentType::Newsletter),
    Some(ContentType::Story),
];

fn check(path: &Path, text: &str, diagnostics: &[Diagnostic]) {
    assert!(!diagnostics.is_empty(), "an error without a diagnostic");
    let lines = text.split('\n').count().max(1);
    for d in diagnostics {
        assert_eq!(d.path, path);
        if let Some(line) = d.line {
            assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new("content/renginiai/seminaras.md");
    let text = match decode_text(path, bytes.to_vec()) {
        Ok(t) => t,
        Err(d) => {
            assert!(d.line.is_some(), "{d}");
            return;
        }
    };
    let origin = PageOrigin {
        lang: "lt".to_string(),
        key: "renginiai/seminaras".to_string(),
        folder: "renginiai".to_string(),
        bundle: None,
        stem: "seminaras".to_string(),
        section_type: TYPES[usize::from(first) % TYPES.len()],
    };
    if let Err(ds) = parse_page(path, &text, &origin) {
        check(path, &text, &ds);
    }
    if let Err(ds) = parse_section(path, &text, "lt", "renginiai") {
        check(path, &text, &ds);
    }
});
