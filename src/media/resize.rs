//! Making the smaller copies of poster images that [`super::survey`] planned, through a
//! cache in the site folder so that an unchanged image is never decoded or encoded again.
//!
//! A cache file is named for what it holds: `<hash>-<width>w.<ext>` in
//! `<site>/.sklaida-cache/images/`, the hash (SipHash 1-3, 128 bits) taken over the
//! original's bytes and the encoder settings below. The build copies cache files into
//! the output. Deleting the cache folder is always safe; the next build fills it again.
//!
//! Originals are decoded one per task in parallel (rayon), each decoded once for all its
//! widths, within a memory budget shared by the whole process so that several large
//! posters do not decode at the same time; an image too large to decode within the
//! budget, or one that does not decode, is a [`Diagnostic`] on its page's `image:`.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::io::{BufWriter, Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex};

use image::{DynamicImage, ImageDecoder};
use rayon::prelude::*;

use super::{Format, Variant};
use crate::error::Diagnostic;

/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".sklaida-cache/images";

/// Everything that changes the bytes of a copy besides the original: part of the key,
/// so that changing a setting here makes new copies.
const SETTINGS: &str = "sklaida-resize-1 area+lanczos3 jpeg-q82 png-best-adaptive rgb8/rgba8";
const JPEG_QUALITY: u8 = 82;

/// Memory the decoded images of one process may take at once.
const MEMORY_BUDGET: u64 = 1 << 30;
/// The largest decoded image we accept (about 130 megapixels in RGBA).
pub const MAX_DECODED: u64 = 512 << 20;

/// Bytes an image takes decoded.
pub fn decoded_bytes(width: u32, height: u32, bytes_per_pixel: u8) -> u64 {
    u64::from(width) * u64::from(height) * u64::from(bytes_per_pixel)
}

/// What to say about an image over [`MAX_DECODED`].
pub fn too_large(width: u32, height: u32) -> String {
    format!(
        "is {width} × {height} pixels, too large to make screen copies of; export a version at most 4000 pixels wide for the web (the print file goes in `pdf:`)"
    )
}

/// What resizing did in one build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Copies encoded now (one per original and width, whatever pages show it).
    pub encoded: usize,
    /// Copies found in the cache.
    pub reused: usize,
}

/// A copy ready in the cache: copy `file` to `dest` in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub dest: String,
    /// Absolute path of the cache file.
    pub file: PathBuf,
}

/// Makes (or finds in the cache) every copy in `variants`, in parallel.
pub fn make(root: &Path, variants: &[Variant]) -> (Vec<Made>, Stats, Vec<Diagnostic>) {
    let cache = root.join(CACHE_DIR);
    // One task per original: it is decoded once for all its widths.
    let mut jobs: BTreeMap<(&Path, Format), Vec<&Variant>> = BTreeMap::new();
    for v in variants {
        jobs.entry((v.source.as_path(), v.format))
            .or_default()
            .push(v);
    }
    if !jobs.is_empty() {
        if let Err(e) = std::fs::create_dir_all(&cache) {
            return (
                Vec::new(),
                Stats::default(),
                vec![Diagnostic::io(Path::new(CACHE_DIR), &e)],
            );
        }
    }
    let jobs: Vec<_> = jobs.into_iter().collect();
    let results: Vec<(Vec<Made>, Stats, Option<Diagnostic>)> = jobs
        .par_iter()
        .map(|((source, format), list)| make_one(root, &cache, source, *format, list))
        .collect();
    let mut made = Vec::new();
    let mut stats = Stats::default();
    let mut diagnostics = Vec::new();
    for (m, s, d) in results {
        made.extend(m);
        stats.encoded += s.encoded;
        stats.reused += s.reused;
        diagnostics.extend(d);
    }
    made.sort_by(|a, b| a.dest.cmp(&b.dest));
    (made, stats, diagnostics)
}

/// The copies of one original.
fn make_one(
    root: &Path,
    cache: &Path,
    source: &Path,
    format: Format,
    list: &[&Variant],
) -> (Vec<Made>, Stats, Option<Diagnostic>) {
    let first = list[0];
    let fail = |message: String| {
        Diagnostic::error(&first.page, message)
            .field("image")
            .at_line(first.line)
    };
    let bytes = match crate::input::read(&root.join(source), source, crate::input::IMAGE_LIMIT) {
        Ok(b) => b,
        Err(d) => {
            return (
                Vec::new(),
                Stats::default(),
                Some(fail(format!("{}: {}", source.display(), d.message))),
            )
        }
    };
    let key = key(&bytes);
    let file_of = |v: &Variant| cache.join(format!("{key}-{}w.{}", v.width, format.extension()));
    let mut stats = Stats::default();
    // Pages in several languages show the same copies: each width is one cache file.
    let mut widths: Vec<&Variant> = list.to_vec();
    widths.sort_by_key(|v| v.width);
    widths.dedup_by_key(|v| v.width);
    let missing: Vec<&Variant> = widths
        .iter()
        .copied()
        .filter(|v| !file_of(v).is_file())
        .collect();
    stats.reused = widths.len() - missing.len();
    if !missing.is_empty() {
        let is_svg = source
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
        let made = if is_svg {
            draw_svg(&bytes, &missing, &file_of)
        } else {
            encode(&bytes, format, &missing, &file_of)
        };
        match made {
            Ok(n) => stats.encoded = n,
            Err(problem) => {
                return (
                    Vec::new(),
                    Stats::default(),
                    Some(fail(format!("{} {problem}", source.display()))),
                )
            }
        }
    }
    let made = list
        .iter()
        .map(|v| Made {
            dest: v.dest.clone(),
            file: file_of(v),
        })
        .collect();
    (made, stats, None)
}

/// The cache key of an original: 32 hex digits.
fn key(bytes: &[u8]) -> String {
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(SETTINGS.as_bytes());
    h.write(bytes);
    format!(
        "{:032x}",
        siphasher::sip128::Hasher128::finish128(&h).as_u128()
    )
}

/// PNG copies of an SVG, drawn with resvg at each copy's size. Returns how many.
fn draw_svg(
    bytes: &[u8],
    missing: &[&Variant],
    file_of: &dyn Fn(&Variant) -> PathBuf,
) -> Result<usize, String> {
    let fonts = super::card::Fonts::shared();
    for v in missing {
        let pixmap = super::card::rasterise(bytes, fonts, v.width, v.height)
            .map_err(|e| format!("could not be drawn: {e}"))?;
        let png = super::card::encode_png(&pixmap)?;
        super::card::write_atomically(&file_of(v), &png)?;
    }
    Ok(missing.len())
}

/// Decodes the original once and writes each missing copy, widest first (each copy is
/// made from the one before, which is both faster and as sharp). Returns how many.
fn encode(
    bytes: &[u8],
    format: Format,
    missing: &[&Variant],
    file_of: &dyn Fn(&Variant) -> PathBuf,
) -> Result<usize, String> {
    let unreadable = |e: image::ImageError| format!("is not a readable image: {e}");
    let mut reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| format!("cannot be read: {e}"))?;
    // The size first, then the pixels within the limit.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    let decoded = decoded_bytes(width, height, decoder.color_type().bytes_per_pixel());
    if decoded > MAX_DECODED {
        return Err(too_large(width, height));
    }
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED);
    decoder.set_limits(limits).map_err(unreadable)?;
    // The decoded image, its 8-bit copy and the resampling buffers.
    let _memory = BUDGET.take(decoded * 2 + (64 << 20));
    let image = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    // JPEG copies are made only of originals without an alpha channel.
    let mut current = if image.color().has_alpha() && format == Format::Png {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    let mut widest_first: Vec<&Variant> = missing.to_vec();
    widest_first.sort_by_key(|v| std::cmp::Reverse(v.width));
    for v in &widest_first {
        // An area average down to twice the size first: cheap, and no aliasing for
        // Lanczos to amplify when the step is large.
        if current.width() > v.width * 2 {
            let h = super::scaled_height(
                super::Size {
                    width: current.width(),
                    height: current.height(),
                },
                v.width * 2,
            );
            current = current.thumbnail_exact(v.width * 2, h);
        }
        current = current.resize_exact(v.width, v.height, image::imageops::FilterType::Lanczos3);
        write_atomically(&file_of(v), |w| match format {
            Format::Jpeg => current.write_with_encoder(
                image::codecs::jpeg::JpegEncoder::new_with_quality(w, JPEG_QUALITY),
            ),
            _ => current.write_with_encoder(image::codecs::png::PngEncoder::new_with_quality(
                w,
                image::codecs::png::CompressionType::Best,
                image::codecs::png::FilterType::Adaptive,
            )),
        })?;
    }
    Ok(widest_first.len())
}

/// Writes beside `path` and renames, so an interrupted build never leaves half a file
/// in the cache.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> image::ImageResult<()>,
) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Unique per process and call: builds in several threads (tests, `serve`'s
    // catch-up) may make the same copy at once; the last rename wins, whole.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = (|| -> Result<(), String> {
        let file = std::fs::File::create(&temp).map_err(|e| format!("{}: {e}", temp.display()))?;
        let mut w = BufWriter::new(file);
        write(&mut w).map_err(|e| format!("could not be encoded: {e}"))?;
        w.flush().map_err(|e| format!("{}: {e}", temp.display()))?;
        std::fs::rename(&temp, path).map_err(|e| format!("{}: {e}", path.display()))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Memory shared by the decoding tasks of the process.
struct Budget {
    left: Mutex<u64>,
    freed: Condvar,
}

static BUDGET: Budget = Budget {
    left: Mutex::new(MEMORY_BUDGET),
    freed: Condvar::new(),
};

/// Memory taken from the budget, given back when dropped.
struct Taken(u64);

impl Budget {
    /// Waits until `amount` (at most the whole budget) is free and takes it. The tasks
    /// holding memory never wait for other tasks, so waiting always ends.
    fn take(&'static self, amount: u64) -> Taken {
        let amount = amount.min(MEMORY_BUDGET);
        let mut left = self.left.lock().unwrap_or_else(|e| e.into_inner());
        while *left < amount {
            left = self.freed.wait(left).unwrap_or_else(|e| e.into_inner());
        }
        *left -= amount;
        Taken(amount)
    }
}

impl Drop for Taken {
    fn drop(&mut self) {
        let mut left = BUDGET.left.lock().unwrap_or_else(|e| e.into_inner());
        *left += self.0;
        BUDGET.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .expect("encode");
        bytes
    }

    fn variant(dir: &Path, width: u32, height: u32) -> Variant {
        Variant {
            source: dir.join("a.png"),
            format: Format::Png,
            width,
            height,
            dest: format!("p/a-{width}w.png"),
            page: PathBuf::from("content/p/index.md"),
            line: 3,
        }
    }

    #[test]
    fn copies_have_the_planned_size_and_come_from_the_cache_the_second_time() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join("a.png"), png(700, 990)).expect("write");
        let variants = [
            variant(Path::new(""), 320, 453),
            variant(Path::new(""), 640, 905),
        ];
        let (made, stats, ds) = make(tmp.path(), &variants);
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(
            stats,
            Stats {
                encoded: 2,
                reused: 0
            }
        );
        for (m, v) in made.iter().zip(&variants) {
            let (w, h) = image::image_dimensions(&m.file).expect("decodes");
            assert_eq!((w, h), (v.width, v.height), "{}", m.dest);
        }
        let (again, stats, _) = make(tmp.path(), &variants);
        assert_eq!(
            stats,
            Stats {
                encoded: 0,
                reused: 2
            }
        );
        assert_eq!(again, made);
    }

    #[test]
    fn a_corrupt_image_is_a_diagnostic_on_the_page() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut bytes = png(400, 400);
        bytes.truncate(bytes.len() / 2);
        std::fs::write(tmp.path().join("a.png"), bytes).expect("write");
        let (made, _, ds) = make(tmp.path(), &[variant(Path::new(""), 320, 320)]);
        assert!(made.is_empty());
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].path, PathBuf::from("content/p/index.md"));
        assert_eq!(ds[0].field.as_deref(), Some("image"));
        assert_eq!(ds[0].line, Some(3));
        assert!(ds[0].message.contains("a.png"), "{}", ds[0].message);
    }

    #[test]
    fn the_key_changes_with_the_bytes() {
        assert_ne!(key(b"one"), key(b"two"));
        assert_eq!(key(b"one"), key(b"one"));
        assert_eq!(key(b"one").len(), 32);
    }
}
