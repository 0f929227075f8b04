//! Rebuilding the site into the dev server's private output folder.
//!
//! The same functions as `build` ([`crate::load`], [`crate::write_site`]) write a
//! complete new output, which is swapped in under the write side of
//! [`Shared::swap`](super::Shared); a failed rebuild leaves the last good output
//! being served. The loaded site is kept between rebuilds.

use std::time::{Duration, Instant};

use super::watch::Changed;
use super::Shared;
use crate::{output::Output, BuildOptions, Diagnostic, Errors, Loaded};

/// What one successful rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Pages and sections rendered.
    pub rendered: usize,
    pub warnings: Vec<Diagnostic>,
    pub duration: Duration,
}

/// The site as last built, and how to build it again.
pub struct SiteState {
    options: BuildOptions,
    loaded: Option<Loaded>,
}

impl SiteState {
    /// `options.output` is the private folder.
    pub fn new(options: BuildOptions) -> SiteState {
        SiteState {
            options,
            loaded: None,
        }
    }

    /// The last good build, if there was one.
    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// Loads and writes the whole site.
    pub fn build_all(&mut self, shared: &Shared) -> Result<Rebuilt, Errors> {
        let started = Instant::now();
        let loaded = crate::load(&self.options)?;
        let out_dir = self.options.output.clone().unwrap_or_default();
        let out = Output::begin(&out_dir, &self.options.root).map_err(Errors::one)?;
        let mut warnings = crate::write_site(&loaded, &out, &self.options)?;
        {
            let _swap = shared.swap.write().unwrap_or_else(|e| e.into_inner());
            out.commit().map_err(Errors::one)?;
            shared.set_has_output();
        }
        warnings.extend(loaded.warnings.iter().cloned());
        let rendered = loaded.site.pages.len() + loaded.site.sections.len();
        self.loaded = Some(loaded);
        Ok(Rebuilt {
            rendered,
            warnings,
            duration: started.elapsed(),
        })
    }

    /// Rebuilds after `changes`.
    pub fn update(&mut self, _changes: &[Changed], shared: &Shared) -> Result<Rebuilt, Errors> {
        self.build_all(shared)
    }
}
