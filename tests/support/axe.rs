//! axe-core, the accessibility rules engine: where its script is and the WCAG tags
//! Sklaida is held to. Needs no other support module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The rule sets run: WCAG 2.0 and 2.1, levels A and AA.
pub const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The text of `axe.min.js`: `AXE_CORE_JS`, else where `.ci/run` installs it
/// (`.ci/cache/npm/node_modules/axe-core/`); `None` if it is not there.
pub fn source() -> Option<String> {
    let path = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/cache/npm/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(path).ok()
}
