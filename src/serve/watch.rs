//! Watching the site's sources for changes.
//!
//! notify (through notify-debouncer-full, which pairs renames and folds an editor's
//! save into one event) watches `content/`, `templates/`, `themes/`, `static/`,
//! `i18n/` and `site.toml` — never the output folder or `public/`. Changes come out
//! as batches of [`Changed`] files. A folder that appears with files already in it
//! (a page bundle moved in) may bring no event for those files, so it is walked.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::error::Diagnostic;
use crate::input::is_ignored;

/// What part of the site a file belongs to, which decides what a change rebuilds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    Config,
    Content,
    Templates,
    Static,
    I18n,
    /// `themes/<name>/…`: templates, static files and strings of a theme.
    Theme,
}

/// The folders watched (recursively), by their area.
pub const FOLDERS: [(&str, Area); 5] = [
    ("content", Area::Content),
    ("templates", Area::Templates),
    ("static", Area::Static),
    ("i18n", Area::I18n),
    ("themes", Area::Theme),
];

/// One changed file (or folder, when it was removed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Changed {
    pub area: Area,
    /// Relative to the site root, `/`-separated.
    pub rel: String,
}

/// The area of a path relative to the site root; `None` for files that are not
/// sources (the output, editors' swap and backup files, hidden files).
pub fn area_of(rel: &Path) -> Option<Area> {
    let names: Vec<&str> = rel
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    if names.iter().any(|n| is_ignored(n)) {
        return None;
    }
    match names.as_slice() {
        ["site.toml"] => Some(Area::Config),
        [first, ..] => FOLDERS
            .iter()
            .find(|(folder, _)| folder == first)
            .map(|(_, area)| *area),
        [] => None,
    }
}

/// The watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

/// How long the debouncer waits for a burst of events (an editor's save) to end.
const DEBOUNCE: Duration = Duration::from_millis(15);

impl Watcher {
    /// Starts watching `root` (canonical); batches of changes go to `changes`.
    pub fn start(root: &Path, changes: Sender<Vec<Changed>>) -> Result<Watcher, Diagnostic> {
        let events_root = root.to_path_buf();
        let debouncer = new_debouncer(
            DEBOUNCE,
            Some(Duration::from_millis(5)),
            move |result: DebounceEventResult| {
                let Ok(events) = result else { return };
                // Reading files (as every build does) is reported too: not a change.
                let paths = events
                    .iter()
                    .filter(|e| !e.kind.is_access())
                    .flat_map(|e| e.paths.iter());
                let batch = changed_files(&events_root, paths);
                if !batch.is_empty() {
                    let _ = changes.send(batch);
                }
            },
        )
        .map_err(|e| Diagnostic::error(root, format!("cannot watch for changes: {e}")))?;
        let mut watcher = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| Diagnostic::error(root, format!("cannot watch for changes: {e}")))?;
        watcher.watch_new_folders();
        Ok(watcher)
    }

    /// Watches the source folders that exist and are not watched yet (one may be
    /// created while serving: `templates/` for a first override).
    pub fn watch_new_folders(&mut self) {
        for (name, _) in FOLDERS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: cannot watch {name}/: {e}"),
                }
            }
        }
    }
}

/// The source files behind some event paths: folders are walked (a folder moved in
/// with files inside), removed paths are kept as they are.
pub fn changed_files<'a>(root: &Path, paths: impl Iterator<Item = &'a PathBuf>) -> Vec<Changed> {
    let mut out = Vec::new();
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let Some(area) = area_of(rel) else { continue };
        // A whole source folder (re)appearing rebuilds everything anyway.
        if path.is_dir() && rel.components().count() > 1 {
            let files = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_entry(|e| !is_ignored(&e.file_name().to_string_lossy()))
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file());
            for f in files {
                if let Ok(rel) = f.path().strip_prefix(root) {
                    out.push(Changed {
                        area,
                        rel: slashed(rel),
                    });
                }
            }
            // The folder itself too: its appearance alone changes the site
            // (a new section), even when it is still empty.
        }
        out.push(Changed {
            area,
            rel: slashed(rel),
        });
    }
    out.sort();
    out.dedup();
    out
}

fn slashed(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_come_from_the_first_folder() {
        let a = |p: &str| area_of(Path::new(p));
        assert_eq!(a("site.toml"), Some(Area::Config));
        assert_eq!(a("content/renginiai/a.md"), Some(Area::Content));
        assert_eq!(a("templates/base.html"), Some(Area::Templates));
        assert_eq!(a("themes/x/static/style.css"), Some(Area::Theme));
        assert_eq!(a("static/style.css"), Some(Area::Static));
        assert_eq!(a("i18n/lt.yaml"), Some(Area::I18n));
        assert_eq!(a("public/index.html"), None);
        assert_eq!(a("target/debug/x"), None);
        assert_eq!(a("README.md"), None);
    }

    #[test]
    fn editor_files_are_ignored() {
        let a = |p: &str| area_of(Path::new(p));
        assert_eq!(a("content/.a.md.swp"), None);
        assert_eq!(a("content/a.md~"), None);
        assert_eq!(a("content/#a.md#"), None);
        assert_eq!(a("content/.git/x"), None);
        assert_eq!(a(".site.toml.swp"), None);
    }

    #[test]
    fn a_folder_brings_its_files() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let bundle = tmp.path().join("content/plakatai/naujas");
        std::fs::create_dir_all(&bundle).expect("mkdir");
        std::fs::write(bundle.join("index.md"), "---\ntitle: x\n---\n").expect("write");
        std::fs::write(bundle.join(".index.md.swp"), "").expect("write");
        let found = changed_files(tmp.path(), [bundle].iter());
        let rels: Vec<&str> = found.iter().map(|c| c.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "content/plakatai/naujas",
                "content/plakatai/naujas/index.md"
            ]
        );
    }
}
