//! Share cards: the 1200×630 PNG a social network shows for a shared link, drawn from
//! an SVG layout (the theme's `share-card.svg`, rendered by `render`) with resvg and an
//! embedded font, through a content-keyed cache so an unchanged card is never drawn
//! again.
//!
//! This module measures and wraps titles with the font's own advances (skrifa, which
//! usvg already uses), checks that a font has every letter of the site's languages,
//! rasterises SVG (cards, and SVG emblems and posters where raster is needed) and keeps
//! the cache: `<site>/.sklaida-cache/cards/<hash>.png`, the hash (SipHash 1-3, 128
//! bits) taken over the SVG text, the fonts and [`SETTINGS`].

use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use resvg::{tiny_skia, usvg};
use skrifa::{instance::LocationRef, instance::Size, MetadataProvider};
use unicode_segmentation::UnicodeSegmentation;

use crate::error::Diagnostic;

/// A card's size in pixels: what Facebook, LinkedIn and X show at full width.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The cache folder, relative to the site root.
pub const CACHE_DIR: &str = ".sklaida-cache/cards";
/// Everything that changes a card's bytes besides its SVG and fonts.
const SETTINGS: &str = "sklaida-card-2 resvg-0.49 png-rgb8-fast-adaptive";

/// The built-in fonts: Noto Sans (SIL Open Font License 1.1, `fonts/OFL.txt`), Latin
/// with its extensions, Greek and Cyrillic.
static REGULAR: &[u8] = include_bytes!("../../fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/NotoSans-Bold.ttf");

/// The letters a card must be able to draw for each language the site may have
/// (besides the basic Latin alphabet for those written in Latin script).
pub fn letters(lang: &str) -> &'static str {
    let base = lang.split('-').next().unwrap_or(lang);
    match base {
        "lt" => "ĄČĘĖĮŠŲŪŽąčęėįšųūž„“–",
        "lv" => "ĀČĒĢĪĶĻŅŠŪŽāčēģīķļņšūž«»–",
        "pl" => "ĄĆĘŁŃÓŚŹŻąćęłńóśźż„”–",
        "uk" => "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя’«»–",
        "ru" => "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя«»–",
        "de" => "ÄÖÜäöüß„“–",
        "et" => "ÄÕÖÜŠŽäõöüšž„“–",
        _ => "“”–",
    }
}

/// Letters every card needs whatever the language (digits, basic Latin, punctuation).
const BASIC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.,:;!?()-…";

/// The fonts cards are drawn with: regular and bold faces, shared by every card.
pub struct Fonts {
    regular: Arc<Vec<u8>>,
    bold: Arc<Vec<u8>>,
    db: Arc<usvg::fontdb::Database>,
    family: String,
    /// Part of every card's cache key.
    key: u128,
}

impl Fonts {
    /// Noto Sans Regular and Bold, built in.
    pub fn built_in() -> Fonts {
        Fonts::from_bytes(REGULAR.to_vec(), BOLD.to_vec())
            .unwrap_or_else(|_| unreachable!("the built-in fonts are valid TrueType"))
    }

    /// The built-in fonts, parsed once per process.
    pub fn shared() -> &'static Fonts {
        static SHARED: std::sync::OnceLock<Fonts> = std::sync::OnceLock::new();
        SHARED.get_or_init(Fonts::built_in)
    }

    /// A site's font file (`share_card_font`), for regular and bold text alike.
    /// `shown` is how errors name it.
    pub fn from_file(root: &Path, rel: &str) -> Result<Fonts, Diagnostic> {
        let fail =
            |message: String| Diagnostic::error("site.toml", message).field("share_card_font");
        let bytes = crate::input::read(&root.join(rel), Path::new(rel), crate::input::IMAGE_LIMIT)
            .map_err(|d| fail(format!("{rel}: {}", d.message)))?;
        Fonts::from_bytes(bytes.clone(), bytes)
            .map_err(|e| fail(format!("{rel} is not a font file that can be read: {e}")))
    }

    fn from_bytes(regular: Vec<u8>, bold: Vec<u8>) -> Result<Fonts, String> {
        for bytes in [&regular, &bold] {
            skrifa::FontRef::new(bytes).map_err(|e| e.to_string())?;
        }
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(regular.clone());
        if bold != regular {
            db.load_font_data(bold.clone());
        }
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone())
            .ok_or_else(|| "it has no font family name".to_string())?;
        // The only font: SVGs that name another family or a generic one ("Arial,
        // sans-serif" in an emblem file) get it too, instead of losing their text.
        db.set_sans_serif_family(family.clone());
        db.set_serif_family(family.clone());
        db.set_monospace_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        let mut h = siphasher::sip128::SipHasher13::new();
        h.write(&regular);
        h.write(&bold);
        let key = siphasher::sip128::Hasher128::finish128(&h).as_u128();
        Ok(Fonts {
            regular: Arc::new(regular),
            bold: Arc::new(bold),
            db: Arc::new(db),
            family,
            key,
        })
    }

    /// The font family name an SVG layout names (`Noto Sans`).
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The letters of `text` the font cannot draw, in order, once each.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing = Vec::new();
        for bytes in [&self.regular, &self.bold] {
            let Ok(font) = skrifa::FontRef::new(bytes) else {
                continue;
            };
            let charmap = font.charmap();
            for c in text.chars() {
                if !c.is_whitespace() && charmap.map(c).is_none() && !missing.contains(&c) {
                    missing.push(c);
                }
            }
        }
        missing
    }

    /// The width of `text` set at `size` pixels, from the font's advances.
    pub fn measure(&self, text: &str, size: f32, bold: bool) -> f32 {
        let bytes = if bold { &self.bold } else { &self.regular };
        let Ok(font) = skrifa::FontRef::new(bytes) else {
            return text.chars().count() as f32 * size * 0.6;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| metrics.advance_width(g))
                    .unwrap_or(size * 0.6)
            })
            .sum()
    }
}

/// The letters of each site language a site's font lacks: one error per language,
/// naming the font file and the letters.
pub fn check_coverage(fonts: &Fonts, font_file: &str, langs: &[String]) -> Vec<Diagnostic> {
    langs
        .iter()
        .filter_map(|lang| {
            let missing = fonts.missing(&format!("{BASIC}{}", letters(lang)));
            (!missing.is_empty()).then(|| {
                let list: String = missing.iter().map(|c| format!(" {c}")).collect();
                Diagnostic::error(
                    "site.toml",
                    format!(
                        "{font_file} has no letters for{list}, which {lang} pages need on their share cards; choose a font that covers the language (the built-in Noto Sans does when share_card_font is left out)"
                    ),
                )
                .field("share_card_font")
            })
        })
        .collect()
}

/// A title set for a card: its lines and the size they fit at.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub lines: Vec<String>,
    pub size: f32,
}

/// The sizes a title is tried at, largest first, and the leading (line height / size).
const TITLE_SIZES: [f32; 5] = [80.0, 72.0, 64.0, 56.0, 48.0];
pub const LEADING: f32 = 1.2;

/// `title` in bold wrapped into `width` pixels and at most `height` pixels of lines, at
/// the largest size that holds it whole; a title too long even at the smallest size
/// keeps the lines that fit, the last ending in an ellipsis (never inside a letter).
pub fn fit_title(fonts: &Fonts, title: &str, width: f32, height: f32) -> Title {
    let words: Vec<&str> = title.split_whitespace().collect();
    let smallest = TITLE_SIZES[TITLE_SIZES.len() - 1];
    for size in TITLE_SIZES {
        let max_lines = ((height / (size * LEADING)).floor() as usize).max(1);
        let lines = wrap(fonts, &words, size, width);
        if lines.len() <= max_lines {
            return Title { lines, size };
        }
        if size == smallest {
            let mut kept: Vec<String> = lines.into_iter().take(max_lines).collect();
            if let Some(last) = kept.last_mut() {
                *last = ellipsize(fonts, last, size, width);
            }
            return Title { lines: kept, size };
        }
    }
    Title {
        lines: Vec::new(),
        size: smallest,
    }
}

/// Greedy wrapping by words; a word wider than a line is broken between letters.
fn wrap(fonts: &Fonts, words: &[&str], size: f32, width: f32) -> Vec<String> {
    let fits = |s: &str| fonts.measure(s, size, true) <= width;
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        let candidate = if line.is_empty() {
            (*word).to_string()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The word alone: broken between letters (graphemes) when wider than a line.
        for g in word.graphemes(true) {
            let next = format!("{line}{g}");
            if !line.is_empty() && !fits(&next) {
                lines.push(std::mem::replace(&mut line, g.to_string()));
            } else {
                line = next;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `line` with an ellipsis that fits in `width`, letters taken off whole from its end.
fn ellipsize(fonts: &Fonts, line: &str, size: f32, width: f32) -> String {
    let mut graphemes: Vec<&str> = line.graphemes(true).collect();
    loop {
        let kept = graphemes.concat();
        let trimmed = kept.trim_end_matches(|c: char| c.is_whitespace() || ",.;:–-".contains(c));
        let candidate = format!("{trimmed}…");
        if graphemes.is_empty() || fonts.measure(&candidate, size, true) <= width {
            return candidate;
        }
        graphemes.pop();
    }
}

/// `svg` drawn at `width` × `height` pixels (scaled from its own size), as RGBA pixels.
pub fn rasterise(
    svg: &[u8],
    fonts: &Fonts,
    width: u32,
    height: u32,
) -> Result<tiny_skia::Pixmap, String> {
    let mut options = usvg::Options {
        font_family: fonts.family.clone(),
        fontdb: Arc::clone(&fonts.db),
        resources_dir: None,
        ..usvg::Options::default()
    };
    // Only `data:` images: a layout never reads files or the network.
    options.image_href_resolver = usvg::ImageHrefResolver {
        resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("{width} × {height} is not a size that can be drawn"))?;
    let size = tree.size();
    let transform = tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Ok(pixmap)
}

/// A pixmap as PNG: RGB when opaque (cards), RGBA otherwise. Fast compression with
/// adaptive filtering (the `image` crate's default): zlib's default level makes files
/// half the size but took three times as long on the 10,000-page corpus.
pub fn encode_png(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, String> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let (w, h) = (pixmap.width(), pixmap.height());
    // Straight from the premultiplied bytes: an opaque pixel's are already its colour.
    let data = pixmap.data();
    let opaque = data.chunks_exact(4).all(|p| p[3] == 255);
    let (data, color) = if opaque {
        let mut rgb = vec![0u8; data.len() / 4 * 3];
        for (to, from) in rgb.chunks_exact_mut(3).zip(data.chunks_exact(4)) {
            to.copy_from_slice(&from[..3]);
        }
        (rgb, image::ExtendedColorType::Rgb8)
    } else {
        let mut rgba = Vec::with_capacity(data.len());
        for p in pixmap.pixels() {
            let c = p.demultiply();
            rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
        (rgba, image::ExtendedColorType::Rgba8)
    };
    let mut bytes = Vec::new();
    let encoder =
        PngEncoder::new_with_quality(&mut bytes, CompressionType::Fast, FilterType::Adaptive);
    image::ImageEncoder::write_image(encoder, &data, w, h, color).map_err(|e| e.to_string())?;
    Ok(bytes)
}

/// An SVG file (an emblem, a poster) as a PNG `height` pixels tall, keeping its
/// proportions: for e-mail programs and social networks, which do not show SVG.
pub fn svg_to_png(svg: &[u8], fonts: &Fonts, height: u32) -> Result<(Vec<u8>, u32, u32), String> {
    let tree = usvg::Tree::from_data(svg, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size();
    let width = ((size.width() / size.height()) * height as f32)
        .round()
        .max(1.0) as u32;
    let pixmap = rasterise(svg, fonts, width, height)?;
    Ok((encode_png(&pixmap)?, width, height))
}

/// One card to make: its SVG, where it goes in the output, and the file errors name
/// (the page's source).
#[derive(Debug, Clone)]
pub struct Job {
    pub dest: String,
    pub svg: String,
    pub page: PathBuf,
    /// The layout template, for an SVG that cannot be drawn.
    pub template: PathBuf,
}

/// What making cards did in one build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Cards drawn now.
    pub drawn: usize,
    /// Cards found in the cache.
    pub reused: usize,
}

/// A card ready in the cache: copy `file` to `dest` in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub dest: String,
    pub file: PathBuf,
}

/// Draws (or finds in the cache) every card, in parallel.
pub fn make(root: &Path, fonts: &Fonts, jobs: &[Job]) -> (Vec<Made>, Stats, Vec<Diagnostic>) {
    let cache = root.join(CACHE_DIR);
    if !jobs.is_empty() {
        if let Err(e) = std::fs::create_dir_all(&cache) {
            return (
                Vec::new(),
                Stats::default(),
                vec![Diagnostic::io(Path::new(CACHE_DIR), &e)],
            );
        }
    }
    let results: Vec<Result<(Made, bool), Diagnostic>> = jobs
        .par_iter()
        .map(|job| make_one(&cache, fonts, job))
        .collect();
    let mut made = Vec::new();
    let mut stats = Stats::default();
    let mut diagnostics = Vec::new();
    for r in results {
        match r {
            Ok((m, drawn)) => {
                if drawn {
                    stats.drawn += 1;
                } else {
                    stats.reused += 1;
                }
                made.push(m);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    (made, stats, diagnostics)
}

/// One card: from the cache, or drawn and put there. `true` when drawn now.
fn make_one(cache: &Path, fonts: &Fonts, job: &Job) -> Result<(Made, bool), Diagnostic> {
    let file = cache.join(format!("{}.png", key(fonts, &job.svg)));
    let made = Made {
        dest: job.dest.clone(),
        file: file.clone(),
    };
    if file.is_file() {
        return Ok((made, false));
    }
    let fail = |problem: String| {
        Diagnostic::error(
            &job.template,
            format!(
                "the share card of {} could not be drawn: {problem}",
                job.page.display()
            ),
        )
    };
    let pixmap = rasterise(job.svg.as_bytes(), fonts, WIDTH, HEIGHT).map_err(fail)?;
    let png = encode_png(&pixmap).map_err(fail)?;
    write_atomically(&file, &png).map_err(fail)?;
    Ok((made, true))
}

/// Writes `bytes` beside `path` and renames, so an interrupted build never leaves half
/// a file in the cache (several threads may write the same file: the last rename wins,
/// whole).
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = std::fs::write(&temp, bytes)
        .map_err(|e| format!("{}: {e}", temp.display()))
        .and_then(|()| {
            std::fs::rename(&temp, path).map_err(|e| format!("{}: {e}", path.display()))
        });
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// The cache key of a card: 32 hex digits.
fn key(fonts: &Fonts, svg: &str) -> String {
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(SETTINGS.as_bytes());
    h.write(&fonts.key.to_le_bytes());
    h.write(svg.as_bytes());
    format!(
        "{:032x}",
        siphasher::sip128::Hasher128::finish128(&h).as_u128()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(text: &str) -> String {
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630"><rect width="1200" height="630" fill="#0a3438"/><text x="80" y="200" font-family="Noto Sans" font-weight="700" font-size="72" fill="#fff">{text}</text></svg>"##
        )
    }

    #[test]
    fn the_built_in_font_has_every_letter_of_the_languages() {
        let fonts = Fonts::built_in();
        assert_eq!(fonts.family(), "Noto Sans");
        for lang in ["lt", "lv", "en", "uk", "pl"] {
            assert_eq!(fonts.missing(letters(lang)), Vec::<char>::new(), "{lang}");
        }
        let langs = ["lt".to_string(), "uk".to_string()];
        assert!(check_coverage(&fonts, "x.ttf", &langs).is_empty());
    }

    #[test]
    fn titles_wrap_by_measured_width_and_shrink_to_fit() {
        let fonts = Fonts::built_in();
        let short = fit_title(&fonts, "Apie mus", 1040.0, 330.0);
        assert_eq!(short.lines, vec!["Apie mus"]);
        assert_eq!(short.size, 80.0);
        let long = "Savanorystė bendruomenėje: kaip prisidėti prie kaimynų gerovės ir ką tai duoda jums pačiems";
        let t = fit_title(&fonts, long, 1040.0, 330.0);
        assert!(t.lines.len() > 1 && t.size < 80.0, "{t:?}");
        assert_eq!(t.lines.join(" "), long);
        for line in &t.lines {
            assert!(fonts.measure(line, t.size, true) <= 1040.0, "{line}");
        }
        // A wide letter is wider than a narrow one: real advances, not a count.
        assert!(fonts.measure("WWWW", 50.0, true) > fonts.measure("iiii", 50.0, true) * 2.0);
    }

    #[test]
    fn a_title_too_long_ends_in_an_ellipsis_between_letters() {
        let fonts = Fonts::built_in();
        let long = "Ąžuolų šnabždesys ".repeat(30);
        let t = fit_title(&fonts, &long, 1040.0, 330.0);
        let last = t.lines.last().expect("lines");
        assert!(last.ends_with('…'), "{last}");
        assert!(t.lines.len() as f32 * t.size * LEADING <= 330.0);
        // Every kept line is a prefix of the title's words: no letter was cut in two.
        let joined = t.lines.join(" ");
        assert!(long.starts_with(joined.trim_end_matches('…')), "{joined}");
        // A combining mark stays with its letter.
        let decomposed = "e\u{0307}".repeat(400);
        let t = fit_title(&fonts, &decomposed, 600.0, 100.0);
        let kept = t.lines.concat();
        let body = kept.trim_end_matches('…');
        assert!(body.ends_with('\u{0307}'), "{body:?}");
    }

    #[test]
    fn a_card_is_drawn_once_then_taken_from_the_cache() {
        let fonts = Fonts::built_in();
        let tmp = tempfile::tempdir().expect("tempdir");
        let job = Job {
            dest: "apie/share-card.png".into(),
            svg: svg("Žalia banga"),
            page: "content/apie.md".into(),
            template: "templates/share-card.svg".into(),
        };
        let (made, stats, ds) = make(tmp.path(), &fonts, std::slice::from_ref(&job));
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(
            stats,
            Stats {
                drawn: 1,
                reused: 0
            }
        );
        let img = image::open(&made[0].file).expect("decodes");
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        let (_, stats, _) = make(tmp.path(), &fonts, &[job]);
        assert_eq!(
            stats,
            Stats {
                drawn: 0,
                reused: 1
            }
        );
    }

    #[test]
    fn a_broken_layout_is_an_error_on_the_template() {
        let fonts = Fonts::built_in();
        let tmp = tempfile::tempdir().expect("tempdir");
        let job = Job {
            dest: "a/share-card.png".into(),
            svg: "<svg><rect".into(),
            page: "content/a.md".into(),
            template: "templates/share-card.svg".into(),
        };
        let (made, _, ds) = make(tmp.path(), &fonts, &[job]);
        assert!(made.is_empty());
        assert_eq!(ds[0].path, PathBuf::from("templates/share-card.svg"));
        assert!(ds[0].message.contains("content/a.md"), "{}", ds[0].message);
    }

    #[test]
    fn a_font_without_cyrillic_is_named_with_its_missing_letters() {
        let fonts = Fonts::built_in();
        // The built-in font has Cyrillic; a made-up language check shows the message.
        let ds = check_coverage(&fonts, "fonts/x.ttf", &["uk".to_string()]);
        assert!(ds.is_empty());
        assert!(!fonts.missing("ⰀⰁ").is_empty());
    }

    #[test]
    fn an_svg_emblem_becomes_a_png_of_the_asked_height() {
        let fonts = Fonts::built_in();
        let emblem = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><rect width="300" height="200" fill="#039"/></svg>"##;
        let (png, w, h) = svg_to_png(emblem, &fonts, 96).expect("drawn");
        assert_eq!((w, h), (144, 96));
        let img = image::load_from_memory(&png).expect("decodes");
        assert_eq!((img.width(), img.height()), (144, 96));
    }
}
