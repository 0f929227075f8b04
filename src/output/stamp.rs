//! The build stamp: what the output folder was last built from, so a build with
//! nothing changed can say so without rendering or writing anything.
//!
//! After a successful build, `.<name>.sklaida-stamp` beside the output records three
//! things: a fingerprint of every input (the program itself, the build options,
//! `site.toml` and every file under `content/`, `templates/`, `static/`, `i18n/` and
//! `themes/`, by content), a fingerprint of the output folder as it was left (each
//! file's path, size and modification time), and the moment until which the output
//! stays right with time passing (the next local midnight, or sooner the next moment
//! an event starts or ends or a future-dated page comes due). The next build whose
//! inputs, output and clock all still match is a no-op. Anything that cannot be read
//! counts as a change: a stamp only ever skips work, never output.

use std::fs;
use std::hash::Hasher;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use siphasher::sip128::{Hasher128, SipHasher13};

/// The site folders whose files a build reads (besides `site.toml`); `fonts/` holds a
/// share card font (`share_card_font`).
const INPUT_FOLDERS: [&str; 6] = ["content", "templates", "static", "i18n", "themes", "fonts"];

/// A 128-bit fingerprint, kept as hex in the stamp.
pub type Fingerprint = String;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub inputs: Fingerprint,
    pub outputs: Fingerprint,
    /// Output files, for the build's summary when it skips.
    pub files: usize,
    /// Local time (the site's time zone) from which the output may be out of date.
    pub valid_until: jiff::civil::DateTime,
    /// The build's warnings, repeated when a later build finds nothing to do.
    #[serde(default)]
    pub warnings: Vec<crate::error::Diagnostic>,
}

/// Where the stamp of the output folder `dir` lives: beside it, like the staging
/// folder, so removing the output never leaves a stamp inside it.
pub fn path_for(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let parent = dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.sklaida-stamp"))
}

/// The stamp left by the last build into `dir`, if it is readable.
pub fn read(dir: &Path) -> Option<Stamp> {
    let path = path_for(dir);
    let bytes = crate::input::read(&path, &path, crate::input::TEXT_LIMIT).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Records `stamp` for `dir` (written beside it and renamed into place).
pub fn write(dir: &Path, stamp: &Stamp) -> std::io::Result<()> {
    let path = path_for(dir);
    let temp = path.with_extension("new");
    let text = serde_json::to_string_pretty(stamp).map_err(std::io::Error::other)?;
    fs::write(&temp, text)?;
    fs::rename(&temp, &path)
}

/// Forgets the stamp of `dir` (a build that changes the output without one).
pub fn remove(dir: &Path) {
    let _ = fs::remove_file(path_for(dir));
}

/// Whether the output in `dir` is still what `inputs` build at `now`: its stamp when
/// it is.
pub fn fresh(dir: &Path, inputs: &str, now: jiff::civil::DateTime) -> Option<Stamp> {
    let stamp = read(dir)?;
    if stamp.inputs != inputs || now >= stamp.valid_until {
        return None;
    }
    let (outputs, files) = outputs(dir)?;
    (outputs == stamp.outputs && files == stamp.files).then_some(stamp)
}

/// The fingerprint of a build's inputs: `identity` (the program and the options that
/// change output), `site.toml` and every file of the site's input folders, by path
/// and content. `None` when any of them cannot be read.
pub fn inputs(root: &Path, identity: &str) -> Option<Fingerprint> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    files.push(("site.toml".to_string(), root.join("site.toml")));
    // The files loading reads, walked as loading walks them (never out of the site).
    let site = crate::input::SiteFolder::new(root);
    let mut problems = Vec::new();
    for folder in INPUT_FOLDERS {
        let dir = root.join(folder);
        if !dir.exists() {
            continue;
        }
        for entry in site.files(&dir, &mut problems) {
            let rel = entry.path().strip_prefix(root).ok()?;
            files.push((
                rel.to_string_lossy().into_owned(),
                entry.path().to_path_buf(),
            ));
        }
    }
    if !problems.is_empty() {
        return None;
    }
    let hashes: Vec<Option<u128>> = files.par_iter().map(|(_, path)| hash_file(path)).collect();
    let mut all = SipHasher13::new();
    all.write(identity.as_bytes());
    all.write_u8(0);
    for ((rel, _), hash) in files.iter().zip(hashes) {
        all.write(rel.as_bytes());
        all.write_u8(0);
        all.write_u128(hash?);
    }
    Some(format!("{:032x}", all.finish128().as_u128()))
}

/// The fingerprint of an output folder as it stands: every file's path, size and
/// modification time (a build links unchanged files, so their times stay), and how
/// many files there are. `None` when the folder cannot be read.
pub fn outputs(dir: &Path) -> Option<(Fingerprint, usize)> {
    let mut hasher = SipHasher13::new();
    let mut files = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        if entry.depth() == 0 {
            continue;
        }
        let meta = entry.metadata().ok()?;
        let rel = entry.path().strip_prefix(dir).ok()?;
        hasher.write(rel.to_string_lossy().as_bytes());
        hasher.write_u8(0);
        if meta.is_file() {
            files += 1;
            hasher.write_u64(meta.len());
            let modified = meta.modified().ok()?;
            let since = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
            hasher.write_u128(since.as_nanos());
        }
    }
    Some((format!("{:032x}", hasher.finish128().as_u128()), files))
}

/// Who is building: this program (its version and the executable's size and time,
/// so a rebuilt binary never trusts an old stamp) plus what the caller adds (the
/// options that change output).
pub fn identity(options: &str) -> String {
    let exe = std::env::current_exe()
        .and_then(fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{time}", m.len())
        })
        .unwrap_or_default();
    format!("sklaida {} {exe} {options}", env!("CARGO_PKG_VERSION"))
}

fn hash_file(path: &Path) -> Option<u128> {
    let (mut file, _) = crate::input::open(path, path, crate::input::FILE_LIMIT).ok()?;
    let mut hasher = SipHasher13::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).ok()?;
        if n == 0 {
            break;
        }
        hasher.write(&buffer[..n]);
    }
    Some(hasher.finish128().as_u128())
}

/// The moment from which a build made at `now` may be out of date as time passes:
/// the next local midnight (dates shown as "today", the year in the footer), or
/// sooner the first of `moments` after `now` (events starting or ending, pages
/// dated in the future).
pub fn valid_until(
    now: jiff::civil::DateTime,
    moments: impl IntoIterator<Item = jiff::civil::DateTime>,
) -> jiff::civil::DateTime {
    let midnight = now
        .date()
        .tomorrow()
        .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        .unwrap_or(now);
    moments
        .into_iter()
        .filter(|m| *m > now)
        .fold(midnight, std::cmp::min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn valid_until_the_next_midnight_or_the_next_moment() {
        let now = date(2026, 11, 23).at(12, 0, 0, 0);
        assert_eq!(valid_until(now, []), date(2026, 11, 24).at(0, 0, 0, 0));
        let soon = date(2026, 11, 23).at(18, 30, 0, 0);
        let past = date(2026, 11, 1).at(9, 0, 0, 0);
        assert_eq!(valid_until(now, [past, soon]), soon);
        assert_eq!(valid_until(now, [now]), date(2026, 11, 24).at(0, 0, 0, 0));
    }

    #[test]
    fn inputs_change_with_any_file_and_with_identity() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::write(root.join("site.toml"), "base_url = \"x\"").expect("write");
        fs::create_dir_all(root.join("content/a")).expect("mkdir");
        fs::write(root.join("content/a/p.md"), "one").expect("write");
        let first = inputs(root, "id").expect("fingerprint");
        assert_eq!(inputs(root, "id").as_ref(), Some(&first));
        assert_ne!(inputs(root, "other").as_ref(), Some(&first));
        fs::write(root.join("content/a/p.md"), "two").expect("write");
        let second = inputs(root, "id").expect("fingerprint");
        assert_ne!(second, first);
        fs::create_dir_all(root.join("static")).expect("mkdir");
        fs::write(root.join("static/x.css"), "").expect("write");
        let third = inputs(root, "id").expect("fingerprint");
        assert_ne!(third, second);
        // Files outside the input folders (the output, notes) do not count.
        fs::write(root.join("NOTES.txt"), "x").expect("write");
        fs::create_dir_all(root.join("public")).expect("mkdir");
        fs::write(root.join("public/index.html"), "x").expect("write");
        assert_eq!(inputs(root, "id").expect("fingerprint"), third);
    }

    #[test]
    fn a_stamp_is_fresh_only_while_inputs_output_and_clock_match() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("a")).expect("mkdir");
        fs::write(out.join("a/index.html"), "x").expect("write");
        let now = date(2026, 11, 23).at(12, 0, 0, 0);
        let (fp, files) = outputs(&out).expect("outputs");
        let stamp = Stamp {
            inputs: "in".into(),
            outputs: fp,
            files,
            valid_until: date(2026, 11, 24).at(0, 0, 0, 0),
            warnings: Vec::new(),
        };
        write(&out, &stamp).expect("stamp");
        assert_eq!(fresh(&out, "in", now).map(|s| s.files), Some(1));
        assert_eq!(fresh(&out, "changed", now), None);
        assert_eq!(fresh(&out, "in", date(2026, 11, 24).at(0, 0, 0, 0)), None);
        fs::write(out.join("a/extra.html"), "y").expect("write");
        assert_eq!(fresh(&out, "in", now), None);
        fs::remove_file(out.join("a/extra.html")).expect("rm");
        assert_eq!(fresh(&out, "in", now).map(|s| s.files), Some(1));
        fs::write(out.join("a/index.html"), "xy").expect("write");
        assert_eq!(fresh(&out, "in", now), None);
        remove(&out);
        assert_eq!(read(&out), None);
    }
}
