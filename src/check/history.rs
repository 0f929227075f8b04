//! When content files last changed, for "stale translation": the time of each file's
//! last git commit, read in one `git log` pass over `content/`; a file git does not
//! know (or a site outside git) falls back to the file's modification time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How a file's last change was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Git,
    Modified,
}

/// Last commit times of the files under `content/`, keyed by root-relative path.
#[derive(Debug, Default)]
pub struct History {
    commits: HashMap<PathBuf, jiff::Timestamp>,
}

impl History {
    /// Runs `git log` once in `root`. Without git, or outside a repository, the
    /// history is empty and every file uses its modification time.
    pub fn load(root: &Path) -> History {
        let output = Command::new("git")
            .arg("-C")
            .arg(root)
            .args([
                "-c",
                "core.quotePath=off",
                "log",
                "--no-renames",
                "--format=%x00%ct",
                "--name-only",
                "--relative",
                "--",
                "content",
            ])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output();
        match output {
            Ok(o) if o.status.success() => History::parse(&String::from_utf8_lossy(&o.stdout)),
            _ => History::default(),
        }
    }

    /// Reads `git log --format=%x00%ct --name-only` output: newest commit first, so a
    /// file's first mention is its last change.
    fn parse(log: &str) -> History {
        let mut commits = HashMap::new();
        let mut time = None;
        for line in log.lines() {
            if let Some(seconds) = line.strip_prefix('\0') {
                time = seconds
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(|s| jiff::Timestamp::from_second(s).ok());
            } else if let (Some(t), false) = (time, line.is_empty()) {
                commits.entry(PathBuf::from(line)).or_insert(t);
            }
        }
        History { commits }
    }

    /// The last change of both files, found the same way for both: their commits when
    /// git knows both, else their modification times. `None` when neither works.
    pub fn pair(
        &self,
        root: &Path,
        a: &Path,
        b: &Path,
    ) -> Option<(jiff::Timestamp, jiff::Timestamp, Source)> {
        if let (Some(ta), Some(tb)) = (self.commits.get(a), self.commits.get(b)) {
            return Some((*ta, *tb, Source::Git));
        }
        let modified = |p: &Path| -> Option<jiff::Timestamp> {
            let time = std::fs::metadata(root.join(p)).ok()?.modified().ok()?;
            jiff::Timestamp::try_from(time).ok()
        };
        Some((modified(a)?, modified(b)?, Source::Modified))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_commit_of_a_file_wins() {
        let log = "\x001700000300\n\ncontent/apie.md\n\n\x001700000200\n\ncontent/apie.en.md\ncontent/apie.md\n\x001700000100\n\ncontent/naujienos/žinia.md\n";
        let h = History::parse(log);
        let at = |p: &str| h.commits.get(Path::new(p)).map(|t| t.as_second());
        assert_eq!(at("content/apie.md"), Some(1_700_000_300));
        assert_eq!(at("content/apie.en.md"), Some(1_700_000_200));
        assert_eq!(at("content/naujienos/žinia.md"), Some(1_700_000_100));
        assert_eq!(at("content/kita.md"), None);
    }

    #[test]
    fn git_times_are_used_only_when_git_knows_both_files() {
        let h = History::parse("\x001700000300\n\ncontent/a.md\n");
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(tmp.path().join("content")).expect("mkdir");
        std::fs::write(tmp.path().join("content/a.md"), "a").expect("write");
        std::fs::write(tmp.path().join("content/a.en.md"), "b").expect("write");
        let (_, _, source) = h
            .pair(
                tmp.path(),
                Path::new("content/a.md"),
                Path::new("content/a.en.md"),
            )
            .expect("times");
        assert_eq!(source, Source::Modified);
        assert!(h
            .pair(
                tmp.path(),
                Path::new("content/a.md"),
                Path::new("content/none.md")
            )
            .is_none());
    }
}
