//! The pipeline of one build, in the order ARCHITECTURE.md draws it: `load.rs` (settings,
//! content, theme, the model, Markdown, the media survey and the list of every file
//! the build will write, `files.rs`), then `write.rs` (render every page and write or
//! copy every file through an [`crate::output::Sink`]), and `build.rs`, which runs both
//! into the output folder and records the stamp. `markdown.rs` renders pages' Markdown
//! with their shortcodes; `prepared.rs` is what `serve` keeps to re-render a few pages.
//!
//! `lib.rs` re-exports the entry points; `check` and `serve` run the same functions.

pub mod build;
pub mod cards;
mod files;
pub mod load;
pub mod markdown;
pub mod prepared;
pub mod write;

use std::path::PathBuf;

use crate::config::Config;

pub use build::{build, count_pages, Report};
pub use load::{load, load_attempt, load_keeping_content, site_key_uses, Attempt, Loaded};
pub use markdown::{page_markdown, render_markdown, unknown_page_link};
pub use prepared::{render_some, Prepared};
pub use write::{write_site, write_site_counting};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Where to write; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml` (e.g. for a preview deployment).
    pub base_url: Option<String>,
    /// Include drafts and pages dated in the future.
    pub drafts: bool,
    /// The build's "now"; default the current time in the site's time zone.
    pub now: Option<jiff::civil::DateTime>,
    /// Shown while rendering, when the caller wants progress.
    pub progress: Option<indicatif::ProgressBar>,
    /// Build even when the output's stamp says nothing changed.
    pub force: bool,
}

/// The build's "now": the caller's, else the current time in the site's time zone.
pub(crate) fn build_now(options: &BuildOptions, config: &Config) -> jiff::civil::DateTime {
    options.now.unwrap_or_else(|| {
        jiff::Timestamp::now()
            .to_zoned(config.timezone.clone())
            .datetime()
    })
}

/// `/a/b/` → `a/b/index.html`; `/` → `index.html`.
pub fn index_path(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}
