//! Reading the site's input files. Every file a build reads from the site folder
//! (`site.toml`, Markdown, templates, interface strings, static and bundle files,
//! posters and their PDFs, theme files) is opened by [`open`] or [`read`]: it must be a
//! regular file (a FIFO would block the build, a device never ends) no larger than its
//! limit, checked on the opened handle so nothing can be swapped in between. A file
//! found by walking the site's folders that is a symlink is followed only when its
//! target stays inside the site folder ([`SiteFolder`]). Each read is also where a
//! requested stop (Ctrl+C, SIGTERM) ends loading.

use std::fs::{self, File, FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// Texts read whole: `site.toml`, Markdown, templates, interface strings, SVG images.
pub const TEXT_LIMIT: u64 = 64 << 20;
/// Raster images read whole to learn their size and make smaller copies.
pub const IMAGE_LIMIT: u64 = 256 << 20;
/// Files copied as they are (static files, bundle files, PDFs).
pub const FILE_LIMIT: u64 = 4 << 30;

/// Opens `path` for reading once it is known to be a regular file of at most `limit`
/// bytes; `shown` names it in the error. A FIFO is opened without waiting for a
/// writer, so it is refused at once instead of blocking.
pub fn open(path: &Path, shown: &Path, limit: u64) -> Result<(File, Metadata), Diagnostic> {
    crate::interrupt::check(shown)?;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        // A socket cannot even be opened: say what it is rather than why that failed.
        match fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => not_regular(shown, meta.file_type()),
            _ => Diagnostic::io(shown, &e),
        }
    })?;
    let meta = file.metadata().map_err(|e| Diagnostic::io(shown, &e))?;
    if !meta.is_file() {
        return Err(not_regular(shown, meta.file_type()));
    }
    if meta.len() > limit {
        let (len, max) = match (size(meta.len()), size(limit)) {
            // Just over: rounded, both would read the same.
            (len, max) if len == max => (
                format!("{} bytes", meta.len()),
                format!("{limit} bytes ({max})"),
            ),
            pair => pair,
        };
        return Err(Diagnostic::error(
            shown,
            format!(
                "the file is {len}, more than the {max} sklaida reads from a file like this; make it smaller"
            ),
        ));
    }
    Ok((file, meta))
}

/// The bytes of `path`, read as [`open`] allows (and no more, should it grow).
pub fn read(path: &Path, shown: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
    let (file, meta) = open(path, shown, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostic::io(shown, &e))?;
    Ok(bytes)
}

/// What a file that is not a regular file is, for a message: `a FIFO (named pipe)`.
pub fn what(file_type: FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symlink"
    } else if file_type.is_file() {
        "a file"
    } else {
        "a special file"
    }
}

/// The error for an input that is not a regular file.
pub fn not_regular(shown: &Path, file_type: FileType) -> Diagnostic {
    Diagnostic::error(
        shown,
        format!(
            "this is {}, not a regular file; sklaida reads only regular files: put a file here or remove it",
            what(file_type)
        ),
    )
}

/// `64 MiB`, `1.5 GiB`, `812 bytes`.
fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// The site folder, to tell whether a symlink found inside it leads out of it.
#[derive(Debug, Clone)]
pub struct SiteFolder {
    root: PathBuf,
    canonical: PathBuf,
}

impl SiteFolder {
    pub fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            root: root.to_path_buf(),
            canonical: fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// An error when `path` (a file or folder under the site, maybe reached through
    /// links) really is somewhere outside the site folder, naming the link and its
    /// target. Paths that are not links are not looked up.
    pub fn check_link(&self, path: &Path, is_link: bool) -> Result<(), Diagnostic> {
        if !is_link {
            return Ok(());
        }
        let shown = path.strip_prefix(&self.root).unwrap_or(path);
        match fs::canonicalize(path) {
            Ok(target) if target.starts_with(&self.canonical) => Ok(()),
            Ok(target) => Err(Diagnostic::error(
                shown,
                format!(
                    "this is a symlink to {}, outside the site folder; sklaida follows links only to files inside the site folder (copy what it points to into the site instead)",
                    target.display()
                ),
            )),
            Err(e) => Err(Diagnostic::io(shown, &e)),
        }
    }

    /// The error for a walk's entry that leads out of the site folder or is not a
    /// regular file or folder; `None` for one to read.
    pub fn check_entry(&self, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
        if let Err(d) = self.check_link(entry.path(), entry.path_is_symlink()) {
            return Some(d);
        }
        let file_type = entry.file_type();
        (!file_type.is_file() && !file_type.is_dir()).then(|| {
            not_regular(
                entry
                    .path()
                    .strip_prefix(&self.root)
                    .unwrap_or(entry.path()),
                file_type,
            )
        })
    }

    /// The regular files under `dir` (a folder of the site), sorted by name, leaving out
    /// hidden and backup files ([`is_ignored`]); links are followed
    /// inside the site folder. Whatever else the walk meets (a link out of the site, a
    /// FIFO, a link loop, an unreadable folder) is an error of its own.
    pub fn files(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<walkdir::DirEntry> {
        let mut files = Vec::new();
        let mut walker = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
        while let Some(entry) = walker.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().unwrap_or(dir);
                    let shown = path.strip_prefix(&self.root).unwrap_or(path);
                    let message = if err.loop_ancestor().is_some() {
                        "this link points back to a folder that contains it (a symlink loop); remove it"
                            .to_string()
                    } else {
                        format!("cannot read: {err}")
                    };
                    diagnostics.push(Diagnostic::error(shown, message));
                    continue;
                }
            };
            if let Some(d) = self.check_entry(&entry) {
                diagnostics.push(d);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
            } else if entry.file_type().is_file() {
                files.push(entry);
            }
        }
        files
    }

    /// [`read`] of `rel` (relative to the site folder), refused when it leads out of
    /// the site folder: for a file named by a change rather than found by a walk.
    pub fn read_inside(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, Diagnostic> {
        let path = self.root.join(rel);
        self.check_link(&path, true)?;
        read(&path, rel, limit)
    }
}

/// Editors' swap and backup files, hidden files: never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_and_others_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("a.md");
        fs::write(&file, "tekstas").expect("write");
        assert_eq!(
            read(&file, Path::new("a.md"), TEXT_LIMIT).expect("read"),
            b"tekstas"
        );
        let e = read(tmp.path(), Path::new("dir"), TEXT_LIMIT).expect_err("a folder");
        assert!(e.message.contains("this is a folder"), "{e}");
        let e = read(&file, Path::new("a.md"), 3).expect_err("too large");
        assert!(
            e.message
                .contains("the file is 7 bytes, more than the 3 bytes"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let fifo = tmp.path().join("vamzdis.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(made.success());
        let e = read(&fifo, Path::new("vamzdis.md"), TEXT_LIMIT).expect_err("refused");
        assert_eq!(e.path, Path::new("vamzdis.md"));
        assert!(
            e.message
                .contains("a FIFO (named pipe), not a regular file"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_inside_the_site_folder() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("static")).expect("mkdir");
        fs::write(tmp.path().join("slapta.txt"), "slapta").expect("write");
        fs::write(root.join("bendra.txt"), "bendra").expect("write");
        std::os::unix::fs::symlink("../../slapta.txt", root.join("static/a.txt")).expect("link");
        std::os::unix::fs::symlink("../bendra.txt", root.join("static/b.txt")).expect("link");
        let site = SiteFolder::new(&root);
        let e = site
            .read_inside(Path::new("static/a.txt"), TEXT_LIMIT)
            .expect_err("outside");
        assert_eq!(e.path, Path::new("static/a.txt"));
        assert!(
            e.message.contains("slapta.txt, outside the site folder"),
            "{e}"
        );
        assert_eq!(
            site.read_inside(Path::new("static/b.txt"), TEXT_LIMIT)
                .expect("inside"),
            b"bendra"
        );
    }
}
