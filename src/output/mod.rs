//! Writing the output folder, atomically and incrementally.
//!
//! A build writes into a staging folder beside the output and swaps it in only when
//! everything succeeded, so a failed or interrupted build leaves the published site
//! as it was. A file whose content is unchanged is hard-linked from the previous
//! output instead of written, so its modification time stays and hosting syncs skip it.
//! Only this module writes into the output folder.

pub mod feeds;
pub mod ics;
pub mod sitemap;
pub mod stamp;
mod xml;

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Diagnostic;

/// Counts of what a build wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files written because they are new or changed.
    pub written: usize,
    /// Files kept from the previous output because their content is the same.
    pub unchanged: usize,
}

/// An output folder being written. Dropping it without [`Output::commit`] discards the
/// staging folder and leaves the output as it was.
pub struct Output {
    dir: PathBuf,
    staging: PathBuf,
    old: PathBuf,
    _lock: fs::File,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    committed: bool,
}

impl Output {
    /// Prepares to write `dir` for the site in `site_root`.
    pub fn begin(dir: &Path, site_root: &Path) -> Result<Output, Diagnostic> {
        crate::interrupt::check(dir)?;
        let given = dir;
        let dir = absolute(dir);
        refuse_dangerous(given, &dir, &absolute(site_root))?;
        let parent = dir
            .parent()
            .ok_or_else(|| {
                Diagnostic::error(&dir, "the output folder cannot be the root of the disk")
            })?
            .to_path_buf();
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".to_string());
        fs::create_dir_all(&parent).map_err(|e| Diagnostic::io(&parent, &e))?;
        let sibling = |suffix: &str| parent.join(format!(".{name}.sklaida-{suffix}"));
        let lock_path = sibling("lock");
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| Diagnostic::io(&lock_path, &e))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Diagnostic::error(
                    &dir,
                    "another sklaida build is writing this output folder right now; wait for it to finish",
                ))
            }
            Err(fs::TryLockError::Error(e)) => return Err(Diagnostic::io(&lock_path, &e)),
        }
        let staging = sibling("staging");
        let old = sibling("old");
        // A build killed between its two renames leaves only `old`: put it back.
        if old.exists() && !dir.exists() {
            fs::rename(&old, &dir).map_err(|e| Diagnostic::io(&old, &e))?;
        }
        for leftover in [&staging, &old] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(|e| Diagnostic::io(leftover, &e))?;
            }
        }
        fs::create_dir_all(&staging).map_err(|e| Diagnostic::io(&staging, &e))?;
        Ok(Output {
            dir,
            staging,
            old,
            _lock: lock,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// The folder that will hold the output once committed.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` (a `/`-separated path inside the output). Safe to call
    /// from several threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let rel = checked(rel)?;
        crate::interrupt::check(rel)?;
        let target = self.staging.join(rel);
        make_parent(&target)?;
        let previous = self.dir.join(rel);
        if same_content(&previous, bytes) && fs::hard_link(&previous, &target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let mut f = fs::File::create(&target).map_err(|e| Diagnostic::io(&target, &e))?;
        f.write_all(bytes)
            .map_err(|e| Diagnostic::io(&target, &e))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies `source` to `rel`, keeping its modification time; an output file with the
    /// same size and time is taken to be the same file and linked instead.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        let rel = checked(rel)?;
        crate::interrupt::check(rel)?;
        let target = self.staging.join(rel);
        make_parent(&target)?;
        let (mut file, meta) = crate::input::open(source, source, crate::input::FILE_LIMIT)?;
        let previous = self.dir.join(rel);
        if let Ok(prev) = fs::metadata(&previous) {
            let same = prev.len() == meta.len() && prev.modified().ok() == meta.modified().ok();
            if same && fs::hard_link(&previous, &target).is_ok() {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
        }
        let mut copy = fs::File::create(&target).map_err(|e| Diagnostic::io(&target, &e))?;
        std::io::copy(&mut file, &mut copy).map_err(|e| Diagnostic::io(source, &e))?;
        if let Ok(modified) = meta.modified() {
            let _ = copy.set_modified(modified);
        }
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Swaps the staging folder in as the output. Files the site no longer makes are
    /// gone with the old folder.
    pub fn commit(mut self) -> Result<Stats, Diagnostic> {
        crate::interrupt::check(&self.dir)?;
        if self.dir.exists() {
            fs::rename(&self.dir, &self.old).map_err(|e| Diagnostic::io(&self.dir, &e))?;
        }
        fs::rename(&self.staging, &self.dir).map_err(|e| Diagnostic::io(&self.staging, &e))?;
        self.committed = true;
        if self.old.exists() {
            fs::remove_dir_all(&self.old).map_err(|e| Diagnostic::io(&self.old, &e))?;
        }
        Ok(Stats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

impl Output {
    /// [`Output::commit`], leaving the previous output beside the new one until the next
    /// [`Output::begin`] removes it: the swap is then two renames, so a caller holding a
    /// lock around it (the dev server, against its single-page writes) holds it briefly.
    pub fn commit_leaving_old(mut self) -> Result<Stats, Diagnostic> {
        if self.dir.exists() {
            fs::rename(&self.dir, &self.old).map_err(|e| Diagnostic::io(&self.dir, &e))?;
        }
        fs::rename(&self.staging, &self.dir).map_err(|e| Diagnostic::io(&self.staging, &e))?;
        self.committed = true;
        Ok(Stats {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        })
    }
}

/// Where a build puts its files: the output folder ([`Output`]), or `check`'s reader,
/// which reads pages as they are made and never touches the disk.
pub trait Sink: Sync {
    /// Writes `bytes` to `rel` (a `/`-separated path inside the output).
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// Copies the file `source` to `rel`.
    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic>;
    /// Whether the sink only reads what is made (`check`): files that are slow to make
    /// and that no check reads (share cards) are then only named, not drawn.
    fn reads_only(&self) -> bool {
        false
    }
}

impl Sink for Output {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Output::write(self, rel, bytes)
    }

    fn copy(&self, rel: &str, source: &Path) -> Result<(), Diagnostic> {
        Output::copy(self, rel, source)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Replaces one file of a finished output folder in place (the dev server's
/// incremental rebuilds): written beside it and renamed over it, so a reader sees the
/// old file or the new one, never half of one. Unchanged content is left alone.
pub fn replace(dir: &Path, rel: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
    let target = dir.join(checked(rel)?);
    if same_content(&target, bytes) {
        return Ok(false);
    }
    make_parent(&target)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.sklaida-new"));
    fs::write(&temp, bytes).map_err(|e| Diagnostic::io(&temp, &e))?;
    fs::rename(&temp, &target).map_err(|e| Diagnostic::io(&target, &e))?;
    Ok(true)
}

fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == bytes.len() as u64 => {
            fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn make_parent(target: &Path) -> Result<(), Diagnostic> {
    match target.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|e| Diagnostic::io(parent, &e)),
        None => Ok(()),
    }
}

/// Output paths are made by us, but a slug or alias must never reach outside.
fn checked(rel: &str) -> Result<&Path, Diagnostic> {
    let path = Path::new(rel);
    let ok = !rel.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(Diagnostic::error(
            rel,
            "refusing to write outside the output folder",
        ))
    }
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Resolve `.` and `..` lexically, then symlinks where the path exists.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    fs::canonicalize(&out).unwrap_or(out)
}

/// The output folder is replaced whole: it must not be a folder that holds anything else.
/// `dir` is `given` (as the user wrote it, and as the error names it) resolved.
fn refuse_dangerous(given: &Path, dir: &Path, site_root: &Path) -> Result<(), Diagnostic> {
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let content = site_root.join("content");
    let reason = if dir.parent().is_none() {
        Some("it is the root of the disk".to_string())
    } else if home.as_deref() == Some(dir) {
        Some("it is your home folder".to_string())
    } else if site_root.starts_with(dir) {
        Some("it holds the site itself".to_string())
    } else if dir.starts_with(&content) {
        Some("it is inside content/".to_string())
    } else if dir.starts_with(site_root.join("static"))
        || dir.starts_with(site_root.join("templates"))
        || dir.starts_with(site_root.join("themes"))
    {
        Some("it is inside the site's own sources".to_string())
    } else {
        replaceable(dir).err()
    };
    let through = match fs::read_link(given) {
        Ok(link) => format!(
            " (a symlink to {})",
            fs::canonicalize(given).unwrap_or(link).display()
        ),
        Err(_) => String::new(),
    };
    match reason {
        Some(r) => Err(Diagnostic::error(
            given,
            format!("refusing to use this as the output folder{through}: {r}, and a build replaces the whole folder"),
        )),
        None => Ok(()),
    }
}

/// Whether a build may replace `dir` (already resolved through its links): only when
/// it is missing, an empty folder, or a folder holding a built site. Anything else
/// (a file, a FIFO, a device, a socket, a link to nowhere, a folder of other files,
/// a folder it cannot list) is why not.
fn replaceable(dir: &Path) -> Result<(), String> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("it cannot be looked at ({e})")),
    };
    if meta.file_type().is_symlink() {
        return Err("the link leads nowhere (nothing is at its target)".to_string());
    }
    if !meta.is_dir() {
        return Err(format!("it is {}", crate::input::what(meta.file_type())));
    }
    let mut entries = fs::read_dir(dir).map_err(|e| format!("it cannot be listed ({e})"))?;
    if entries.next().is_none() || dir.join("index.html").is_file() {
        Ok(())
    } else {
        Err("it already holds files but no index.html (it is not a site built before)".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_modification_time() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let o = Output::begin(&out, tmp.path()).expect("begin");
        o.write("a/index.html", b"one").expect("write");
        o.write("index.html", b"two").expect("write");
        assert_eq!(
            o.commit().expect("commit"),
            Stats {
                written: 2,
                unchanged: 0
            }
        );
        let before = fs::metadata(out.join("a/index.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));

        let o = Output::begin(&out, tmp.path()).expect("begin");
        o.write("a/index.html", b"one").expect("write");
        o.write("index.html", b"changed").expect("write");
        assert_eq!(
            o.commit().expect("commit"),
            Stats {
                written: 1,
                unchanged: 1
            }
        );
        let after = fs::metadata(out.join("a/index.html"))
            .and_then(|m| m.modified())
            .expect("mtime");
        assert_eq!(before, after);
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"changed");
    }

    #[test]
    fn dropped_output_leaves_the_previous_one() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let o = Output::begin(&out, tmp.path()).expect("begin");
        o.write("index.html", b"old").expect("write");
        o.commit().expect("commit");
        let o = Output::begin(&out, tmp.path()).expect("begin");
        o.write("index.html", b"new").expect("write");
        drop(o);
        assert_eq!(fs::read(out.join("index.html")).expect("read"), b"old");
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let tmp = tempfile::tempdir().expect("tempdir");
        fs::create_dir_all(tmp.path().join("content")).expect("mkdir");
        for bad in [
            tmp.path().to_path_buf(),
            tmp.path().join("content"),
            tmp.path().join("content/x"),
        ] {
            assert!(
                Output::begin(&bad, tmp.path()).is_err(),
                "{}",
                bad.display()
            );
        }
        assert!(Output::begin(Path::new("/"), tmp.path()).is_err());

        // A folder of other files, or a file, is not replaced; a built site or an
        // empty folder is.
        let other = tmp.path().join("dokumentai");
        fs::create_dir_all(&other).expect("mkdir");
        fs::write(other.join("sutartis.pdf"), "x").expect("write");
        let e = Output::begin(&other, tmp.path()).err().expect("refused");
        assert!(e.message.contains("no index.html"), "{e}");
        assert!(other.join("sutartis.pdf").is_file());
        fs::write(tmp.path().join("failas"), "x").expect("write");
        assert!(Output::begin(&tmp.path().join("failas"), tmp.path()).is_err());
        fs::write(other.join("index.html"), "x").expect("write");
        assert!(Output::begin(&other, tmp.path()).is_ok());
        let empty = tmp.path().join("tuscias");
        fs::create_dir_all(&empty).expect("mkdir");
        assert!(Output::begin(&empty, tmp.path()).is_ok());
    }

    #[test]
    fn second_writer_is_refused_while_one_holds_the_lock() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("public");
        let first = Output::begin(&out, tmp.path()).expect("begin");
        let second = Output::begin(&out, tmp.path());
        assert!(second.is_err());
        drop(first);
        assert!(Output::begin(&out, tmp.path()).is_ok());
    }

    #[test]
    fn rejects_paths_that_leave_the_folder() {
        assert!(checked("../x").is_err());
        assert!(checked("/etc/passwd").is_err());
        assert!(checked("a/./b").is_ok());
    }
}
