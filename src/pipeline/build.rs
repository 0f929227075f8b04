//! `build`: load, write into a staging folder beside the output, swap it in, stamp it;
//! or nothing at all when the stamp says the output is up to date.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::write::{plan_search, write_site_counting};
use super::{build_now, load, BuildOptions};
use crate::config::Config;
use crate::error::{Diagnostic, Errors};
use crate::site::Site;
use crate::{media, output, search};

/// What a build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Pages per language, in the site's language order.
    pub pages: Vec<(String, usize)>,
    pub sections: usize,
    pub files: output::Stats,
    /// Posters' smaller copies: encoded now, or taken from the cache.
    pub images: media::resize::Stats,
    /// Share cards: drawn now, or taken from the cache.
    pub cards: media::card::Stats,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
    pub duration: Duration,
    /// Nothing had changed since the last build: nothing was rendered or written.
    pub up_to_date: bool,
    /// Each language's search index: (language, bytes, bytes gzipped).
    pub search_index: Vec<(String, u64, u64)>,
}

impl Report {
    /// `Built 14 pages (lt 8, en 6) and 6 sections: 40 files written, 12 unchanged, in 0.12 s`.
    pub fn summary(&self) -> String {
        if self.up_to_date {
            return format!(
                "Nothing changed since the last build: the {} files in {} are up to date ({:.2} s)",
                self.files.unchanged,
                self.output.display(),
                self.duration.as_secs_f64(),
            );
        }
        let total: usize = self.pages.iter().map(|(_, n)| n).sum();
        let per_lang: Vec<String> = self.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let images = match self.images {
            media::resize::Stats {
                encoded: 0,
                reused: 0,
            } => String::new(),
            s => format!(
                " ({} image copies made, {} from the cache)",
                s.encoded, s.reused
            ),
        };
        let cards = match self.cards {
            media::card::Stats {
                drawn: 0,
                reused: 0,
            } => String::new(),
            s => format!(
                " ({} share cards drawn, {} from the cache)",
                s.drawn, s.reused
            ),
        };
        format!(
            "Built {total} pages ({}) and {} sections into {}: {} files written, {} unchanged{images}{cards}, in {:.2} s",
            per_lang.join(", "),
            self.sections,
            self.output.display(),
            self.files.written,
            self.files.unchanged,
            self.duration.as_secs_f64(),
        ) + &self.search_summary()
    }

    /// `; search index 48.2 kB (12.1 kB gzipped)`, or nothing without search.
    fn search_summary(&self) -> String {
        if self.search_index.is_empty() {
            return String::new();
        }
        let raw: u64 = self.search_index.iter().map(|s| s.1).sum();
        let gzip: u64 = self.search_index.iter().map(|s| s.2).sum();
        let kb = |n: u64| format!("{:.1} kB", n as f64 / 1000.0);
        format!("; search index {} ({} gzipped)", kb(raw), kb(gzip))
    }
}

/// Builds the site into its output folder. On any error the previous output is left
/// as it was and every problem is returned.
pub fn build(options: &BuildOptions) -> Result<Report, Errors> {
    let started = Instant::now();
    let out_dir = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    // A folder that is not a site is told so before anything is created.
    if !options.root.join("site.toml").is_file() {
        load(options)?;
    }
    // The output's lock first: a second build at the same time stops at once.
    let out = output::Output::begin(&out_dir, &options.root).map_err(Errors::one)?;
    // What the inputs are now, before reading them for the build: an edit made while
    // building makes the stamp stale rather than wrongly fresh.
    let identity = output::stamp::identity(&format!(
        "base_url={:?} drafts={} output={}",
        options.base_url,
        options.drafts,
        out.dir().display()
    ));
    let inputs = output::stamp::inputs(&options.root, &identity);
    if let (Some(inputs), false) = (&inputs, options.force) {
        if let Some(stamp) = Config::load(&options.root)
            .ok()
            .and_then(|config| output::stamp::fresh(out.dir(), inputs, build_now(options, &config)))
        {
            drop(out);
            return Ok(Report {
                pages: Vec::new(),
                sections: 0,
                files: output::Stats {
                    written: 0,
                    unchanged: stamp.files,
                },
                output: out_dir,
                warnings: stamp.warnings,
                duration: started.elapsed(),
                up_to_date: true,
                images: Default::default(),
                cards: Default::default(),
                search_index: Vec::new(),
            });
        }
    }
    let loaded = load(options)?;
    let (mut diagnostics, counts) = write_site_counting(&loaded, &out, options)?;
    let (images, cards) = (counts.images, counts.cards);
    let final_dir = out.dir().to_path_buf();
    output::stamp::remove(&final_dir);
    let files = out.commit().map_err(Errors::one)?;
    let search_index = search_index_sizes(&out_dir, &plan_search(&loaded).0);

    let site = &loaded.site;
    let pages = site
        .config
        .languages
        .iter()
        .map(|l| {
            let n = site.pages.iter().filter(|p| p.page.lang == l.code).count();
            (l.code.clone(), n)
        })
        .collect();
    let mut warnings = loaded.warnings;
    warnings.append(&mut diagnostics);
    if let (Some(inputs), Some((outputs, count))) = (inputs, output::stamp::outputs(&final_dir)) {
        let stamp = output::stamp::Stamp {
            inputs,
            outputs,
            files: count,
            valid_until: loaded.valid_until,
            warnings: warnings.clone(),
        };
        // Without a stamp the next build is simply a full one.
        let _ = output::stamp::write(&final_dir, &stamp);
    }
    Ok(Report {
        pages,
        sections: site.sections.len(),
        files,
        images,
        cards,
        output: out_dir,
        warnings,
        duration: started.elapsed(),
        up_to_date: false,
        search_index,
    })
}

/// Each written search index's size, raw and gzipped at the level most web servers use.
fn search_index_sizes(out_dir: &Path, search: &search::Search) -> Vec<(String, u64, u64)> {
    use std::io::Write as _;
    search
        .pages
        .iter()
        .filter_map(|p| {
            let bytes = std::fs::read(out_dir.join(p.index_url.trim_start_matches('/'))).ok()?;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            gz.write_all(&bytes).ok()?;
            let gzipped = gz.finish().ok()?.len();
            Some((p.lang.clone(), bytes.len() as u64, gzipped as u64))
        })
        .collect()
}

/// Pages per language, for callers that want counts without a build.
pub fn count_pages(site: &Site) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for p in &site.pages {
        *m.entry(p.page.lang.clone()).or_insert(0) += 1;
    }
    m
}
