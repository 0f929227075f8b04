//! Finding the theme: templates, static files and interface strings, in layers —
//! the built-in default theme, then `themes/<name>/` on disk, then the site's own
//! `templates/`, `static/` and `i18n/` — later layers win file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::{Config, DEFAULT_THEME};
use crate::error::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Where a theme file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Relative to the site root.
    Disk(PathBuf),
    /// Compiled into the binary (the default theme), with its path inside the theme.
    BuiltIn(&'static str, &'static [u8]),
}

impl Origin {
    /// How diagnostics name this file.
    pub fn display_path(&self) -> PathBuf {
        match self {
            Origin::Disk(p) => p.clone(),
            Origin::BuiltIn(rel, _) => PathBuf::from(format!("(built-in theme) {rel}")),
        }
    }
}

/// A template: its Tera name (`base.html`, `partials/helplines.html`) and text.
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub origin: Origin,
    pub text: String,
}

/// The merged theme of a site.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, Template>,
    /// Output path (`style.css`, `images/x.svg`) → where it comes from.
    pub static_files: BTreeMap<String, Origin>,
    /// (language, file, YAML text), lowest priority first.
    pub strings: Vec<(String, PathBuf, String)>,
}

impl Theme {
    pub fn load(root: &Path, config: &Config) -> (Theme, Vec<Diagnostic>) {
        let mut theme = Theme::default();
        let mut diagnostics = Vec::new();

        for (rel, bytes) in embedded::FILES {
            theme.add(root, rel, Origin::BuiltIn(rel, bytes), &mut diagnostics);
        }
        let theme_dir = root.join("themes").join(&config.theme);
        if theme_dir.is_dir() {
            let prefix = PathBuf::from("themes").join(&config.theme);
            for (rel, source) in files_under(root, &prefix, &mut diagnostics) {
                theme.add(root, &rel, Origin::Disk(source), &mut diagnostics);
            }
        } else if config.theme != DEFAULT_THEME {
            diagnostics.push(
                Diagnostic::error(
                    "site.toml",
                    format!(
                        "theme {:?}: there is no folder themes/{}",
                        config.theme, config.theme
                    ),
                )
                .field("theme"),
            );
        }
        for layer in ["templates", "static", "i18n"] {
            for (rel, source) in files_under(root, Path::new(layer), &mut diagnostics) {
                theme.add(
                    root,
                    &format!("{layer}/{rel}"),
                    Origin::Disk(source),
                    &mut diagnostics,
                );
            }
        }
        (theme, diagnostics)
    }

    /// Adds one file, `rel` being its path inside a theme (`templates/base.html`).
    fn add(&mut self, root: &Path, rel: &str, origin: Origin, diagnostics: &mut Vec<Diagnostic>) {
        if let Some(name) = rel.strip_prefix("templates/") {
            match read(root, &origin) {
                Ok(text) => {
                    self.templates.insert(
                        name.to_string(),
                        Template {
                            name: name.to_string(),
                            origin,
                            text,
                        },
                    );
                }
                Err(d) => diagnostics.push(d),
            }
        } else if let Some(out) = rel.strip_prefix("static/") {
            self.static_files.insert(out.to_string(), origin);
        } else if let Some(file) = rel.strip_prefix("i18n/") {
            let Some(lang) = file
                .strip_suffix(".yaml")
                .or_else(|| file.strip_suffix(".yml"))
            else {
                return;
            };
            match read(root, &origin) {
                Ok(text) => self
                    .strings
                    .push((lang.to_string(), origin.display_path(), text)),
                Err(d) => diagnostics.push(d),
            }
        }
    }

    /// Where a template comes from, for diagnostics.
    pub fn template_path(&self, name: &str) -> PathBuf {
        self.templates.get(name).map_or_else(
            || PathBuf::from(format!("templates/{name}")),
            |t| t.origin.display_path(),
        )
    }
}

fn read(root: &Path, origin: &Origin) -> Result<String, Diagnostic> {
    match origin {
        Origin::BuiltIn(rel, bytes) => String::from_utf8(bytes.to_vec())
            .map_err(|_| Diagnostic::error(*rel, "built-in theme file is not UTF-8")),
        Origin::Disk(path) => {
            let bytes = crate::input::read(&root.join(path), path, crate::input::TEXT_LIMIT)?;
            String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(
                    path,
                    "the file is not UTF-8 text; save it as UTF-8 in your editor",
                )
            })
        }
    }
}

/// Every file under `root/dir`, as (path inside `dir` with `/`, path relative to root).
fn files_under(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for e in crate::input::SiteFolder::new(root).files(&full, diagnostics) {
        let Ok(inside) = e.path().strip_prefix(&full) else {
            continue;
        };
        let rel_root = e
            .path()
            .strip_prefix(root)
            .unwrap_or(e.path())
            .to_path_buf();
        match inside.to_str() {
            Some(s) => out.push((s.replace('\\', "/"), rel_root)),
            None => diagnostics.push(Diagnostic::error(
                rel_root,
                "the file name is not valid UTF-8",
            )),
        }
    }
    out
}

/// The bytes of a static file.
pub fn static_bytes(
    root: &Path,
    origin: &Origin,
) -> Result<std::borrow::Cow<'static, [u8]>, Diagnostic> {
    match origin {
        Origin::BuiltIn(_, bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
        Origin::Disk(p) => crate::input::read(&root.join(p), p, crate::input::FILE_LIMIT)
            .map(std::borrow::Cow::Owned),
    }
}
