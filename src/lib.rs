//! Sklaida: a static site generator for public-awareness campaigns.
//!
//! This file is the library's entry points only. The pipeline runs one way:
//! [`config`] → [`content`] (load and parse) → [`site`] (the immutable model) →
//! [`markdown`] → [`render`] (templates) → [`output`] (write); [`pipeline`] runs it.
//! `main.rs` only parses the command line and calls [`build`], [`check`], [`init`] or
//! [`new_content`], so tests drive the library directly.

// Functions fit on a screen (clippy.toml: 100 lines); `-D warnings` makes it an error.
#![warn(clippy::too_many_lines)]

pub mod address;
pub mod check;
pub mod cms;
pub mod config;
pub mod content;
pub mod error;
pub mod funders;
pub mod i18n;
pub mod input;
pub mod interrupt;
pub mod markdown;
pub mod media;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod results;
pub mod sanitize;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod shortcodes;
pub mod site;
pub mod taxonomy;
pub mod text;
pub mod theme;
pub mod typography;

pub use error::{Diagnostic, Errors, Severity};
pub use pipeline::{
    build, count_pages, load, load_attempt, load_keeping_content, page_markdown, render_some,
    write_site, write_site_counting, Attempt, BuildOptions, Loaded, Prepared, Report,
};
pub use scaffold::{init, new_content, new_translation};
pub use site::{links_to_broken_file, resolve_link};

/// Everything `sklaida check` finds (see [`check::run`]), without external links:
/// the warnings, or every problem when there is an error. Writes nothing.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Errors> {
    let report = check::run(&check::Options {
        build: options.clone(),
        ..check::Options::default()
    });
    if report.errors() > 0 {
        Err(Errors(report.diagnostics))
    } else {
        Ok(report.diagnostics)
    }
}

/// `sklaida cms`: the content manager's `config.yml` for the site, as every build
/// writes it to `/admin/config.yml` (an error when site.toml has no `[cms]`).
pub fn cms_config(options: &BuildOptions) -> Result<String, Errors> {
    let loaded = load(options)?;
    if loaded.site.config.cms.is_none() {
        return Err(Errors::one(Diagnostic::error(
            "site.toml",
            "there is no [cms] table: add one with backend, repo and branch (see docs/cms.md)",
        )));
    }
    let words = |lang: &str, key: &str| loaded.renderer.text(lang, key);
    Ok(cms::config_yaml(&loaded.site, &words, None))
}
