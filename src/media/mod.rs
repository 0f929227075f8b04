//! Files that pages show or offer, as facts templates need: a poster image's pixel size
//! and the smaller copies made of it for screens, an SVG's size, a print PDF's file
//! size, and the size of every image in a newsletter (e-mail needs `width`/`height`).
//!
//! [`survey`] reads file headers once the site model is built (it is part of loading);
//! [`resize`] makes the copies, through a cache in the site folder, when writing.
//! Templates see the results through `page.picture` and `page.pdf_bytes`.

pub mod card;
pub mod model;
pub mod resize;
pub mod svg;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::content::{PageId, TypeFields};
use crate::error::Diagnostic;
use crate::site::addresses::resolve_asset;
use crate::site::{Site, SitePage};
use crate::theme::{Origin, Theme};
pub use model::{Format, Media, Picture, Size, Sized, Variant, WIDTHS};

/// What an image file's first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Facts {
    format: Format,
    size: Size,
    /// Whether it has an alpha channel (transparency).
    alpha: bool,
}

/// A file of the site found from a URL.
enum Found {
    Disk(PathBuf),
    BuiltIn(&'static [u8]),
}

/// Output URL path (`/plakatai/a/poster.png`) → the file copied there.
struct Files<'a> {
    assets: HashMap<&'a str, &'a Path>,
    theme: &'a Theme,
    /// Every file found on disk: [`Media::sources`].
    found: std::cell::RefCell<BTreeSet<PathBuf>>,
}

impl Files<'_> {
    fn find(&self, url: &str) -> Option<Found> {
        let rel = url.trim_start_matches('/');
        let rel = rel.split(['?', '#']).next().unwrap_or(rel);
        let decoded = url_decode(rel);
        let rel = decoded.as_deref().unwrap_or(rel);
        let path = match self.assets.get(rel) {
            Some(p) => p.to_path_buf(),
            None => match self.theme.static_files.get(rel)? {
                Origin::Disk(p) => p.clone(),
                Origin::BuiltIn(_, bytes) => return Some(Found::BuiltIn(bytes)),
            },
        };
        self.found.borrow_mut().insert(path.clone());
        Some(Found::Disk(path))
    }
}

/// Percent-decoding of a URL path (`pl%C4%97%C5%A1.png`), when it has escapes.
fn url_decode(path: &str) -> Option<String> {
    if !path.contains('%') {
        return None;
    }
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("//") || url.starts_with("data:")
}

/// Reads the size (and format) of every poster image, PDF and newsletter image.
/// Missing, unreadable or unsupported poster files are errors on the page's field;
/// a newsletter image that cannot be read is a warning (the web page still works).
pub fn survey(
    site: &Site,
    theme: &Theme,
    root: &Path,
    markdown: &[crate::markdown::Rendered],
) -> (Media, Vec<Diagnostic>) {
    let files = Files {
        assets: site
            .assets
            .iter()
            .map(|a| (a.dest.as_str(), a.source.as_path()))
            .collect(),
        theme,
        found: Default::default(),
    };
    let mut media = Media::default();
    let mut diagnostics = Vec::new();
    let mut planned: HashMap<String, usize> = HashMap::new();

    // Default language first: a problem with a file both languages' pages show is
    // reported on the default language's page.
    let mut order: Vec<PageId> = (0..site.pages.len()).collect();
    order.sort_by_key(|&id| site.pages[id].page.lang != site.config.default_language);
    for id in order {
        let sp = &site.pages[id];
        let page = &sp.page;
        match &page.fields {
            TypeFields::Poster { pdf, .. } => {
                if let Some(image) = &page.image {
                    let line = page.line_of("image");
                    let error = |message: String| {
                        Diagnostic::error(&page.source, message)
                            .field("image")
                            .at_line(line)
                    };
                    let url = resolve_asset(&sp.url, image);
                    if is_external(&url) {
                        diagnostics.push(Diagnostic::warning(
                            &page.source,
                            format!("{image} is on another site, so its size is unknown and no smaller copies are made; put the file in the poster's folder"),
                        ).field("image").at_line(line));
                    } else {
                        match files.find(&url) {
                            None => diagnostics.push(error(format!(
                                "{image}: there is no such file; put it in the poster's folder ({}) or in static/",
                                page.source.parent().map_or_else(String::new, |p| p.display().to_string())
                            ))),
                            Some(found) => match inspect(root, &found, &url) {
                                Err(Problem::Bad(problem)) => diagnostics.push(error(problem)),
                                Err(Problem::NoSize(problem)) => diagnostics.push(
                                    Diagnostic::warning(&page.source, problem)
                                        .field("image")
                                        .at_line(line),
                                ),
                                Ok(facts) => {
                                    let picture = plan_picture(
                                        &url, facts, &found, page, line,
                                        &mut media.variants, &mut planned,
                                    );
                                    media.pictures.insert(id, picture);
                                    if let (Format::Svg, Found::Disk(source)) = (facts.format, &found) {
                                        let copy = PngCopy { url: &url, size: facts.size, source, page: &page.source, line };
                                        plan_png_copy(copy, SOCIAL_WIDTH, &mut media, &mut planned);
                                    }
                                }
                            },
                        }
                    }
                }
                if let Some(pdf) = pdf {
                    survey_pdf(&files, root, (id, sp), pdf, &mut media, &mut diagnostics);
                }
            }
            TypeFields::Newsletter { .. } => {
                survey_newsletter(
                    (&files, root),
                    sp,
                    &markdown[id],
                    (&mut media, &mut planned),
                    &mut diagnostics,
                );
            }
            _ => {}
        }
    }

    survey_emblems(
        site,
        (&files, root),
        (&mut media, &mut planned),
        &mut diagnostics,
    );
    // A copy must not replace a file the site has under the same name.
    for v in &media.variants {
        if files.find(&v.dest).is_some() {
            diagnostics.push(
                Diagnostic::error(
                    &v.page,
                    format!("/{} is where a smaller copy of the poster goes, but the site already has a file there; rename that file", v.dest),
                )
                .field("image")
                .at_line(v.line),
            );
        }
    }

    media.sources = files.found.into_inner();
    (media, diagnostics)
}

/// A poster's PDF: its size in bytes, or an error when it is missing or not a PDF.
fn survey_pdf(
    files: &Files,
    root: &Path,
    (id, sp): (PageId, &SitePage),
    pdf: &str,
    media: &mut Media,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let page = &sp.page;
    let url = resolve_asset(&sp.url, pdf);
    if !is_external(&url) {
        let error = |message: String| {
            Diagnostic::error(&page.source, message)
                .field("pdf")
                .at_line(page.line_of("pdf"))
        };
        match files.find(&url) {
            None => diagnostics.push(error(format!(
                "{pdf}: there is no such file; put the PDF in the poster's folder"
            ))),
            Some(found) => match pdf_size(root, &found) {
                Ok(bytes) => {
                    media.pdf_bytes.insert(id, bytes);
                }
                Err(problem) => diagnostics.push(error(format!("{pdf} {problem}"))),
            },
        }
    }
}

/// The size of every image a newsletter issue shows, for its e-mail version.
fn survey_newsletter(
    (files, root): (&Files, &Path),
    sp: &SitePage,
    md: &crate::markdown::Rendered,
    (media, planned): (&mut Media, &mut HashMap<String, usize>),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let page = &sp.page;
    for image in &md.images {
        let url = resolve_asset(&sp.url, &image.src);
        if is_external(&url) || media.sizes.contains_key(&url) {
            continue;
        }
        // A missing file is the link checker's to report.
        let Some(found) = files.find(&url) else {
            continue;
        };
        match inspect(root, &found, &url) {
            Ok(facts) => {
                // E-mail programs do not show SVG: a PNG copy goes in its place.
                if let (Format::Svg, Found::Disk(source)) = (facts.format, &found) {
                    let copy = PngCopy {
                        url: &url,
                        size: facts.size,
                        source,
                        page: &page.source,
                        line: image.line,
                    };
                    plan_png_copy(
                        copy,
                        SOCIAL_WIDTH.min(facts.size.width.saturating_mul(2)),
                        media,
                        planned,
                    );
                }
                media.sizes.insert(url, facts.size);
            }
            Err(problem) => diagnostics.push(
                Diagnostic::warning(
                    &page.source,
                    format!(
                        "{}; the e-mail version cannot give its size",
                        problem.message()
                    ),
                )
                .at_line(image.line),
            ),
        }
    }
}

/// How wide an SVG poster's PNG copy is (for `og:image`, and newsletters' SVG images).
pub const SOCIAL_WIDTH: u32 = 1200;
/// How tall the PNG copy of an SVG emblem is: twice what the e-mail version shows.
pub const EMBLEM_COPY_HEIGHT: u32 = 120;

/// An SVG file that needs a PNG copy, and who shows it (for errors).
struct PngCopy<'a> {
    url: &'a str,
    size: Size,
    source: &'a Path,
    page: &'a Path,
    line: usize,
}

/// Plans the PNG copy of an SVG file `width` pixels wide beside it
/// (`poster.svg` → `poster-1200w.png`), drawn by [`resize::make`] with resvg.
fn plan_png_copy(
    copy: PngCopy,
    width: u32,
    media: &mut Media,
    planned: &mut HashMap<String, usize>,
) {
    if media.png_copies.contains_key(copy.url) || copy.size.width == 0 {
        return;
    }
    let height = scaled_height(copy.size, width);
    let (dir, name) = copy.url.rsplit_once('/').unwrap_or(("", copy.url));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let dest = format!("{}/{stem}-{width}w.png", dir.trim_start_matches('/'))
        .trim_start_matches('/')
        .to_string();
    if !planned.contains_key(&dest) {
        planned.insert(dest.clone(), media.variants.len());
        media.variants.push(Variant {
            source: copy.source.to_path_buf(),
            format: Format::Png,
            width,
            height,
            dest: dest.clone(),
            page: copy.page.to_path_buf(),
            line: copy.line,
        });
    }
    media
        .sizes
        .insert(format!("/{dest}"), Size { width, height });
    media.png_copies.insert(
        copy.url.to_string(),
        Sized {
            url: format!("/{dest}"),
            width,
            height,
        },
    );
}

/// The funder's e-mail emblem in each language: its size, or an error. Without
/// `email_emblem`, an SVG `emblem` gets a PNG copy for e-mail.
fn survey_emblems(
    site: &Site,
    (files, root): (&Files, &Path),
    (media, planned): (&mut Media, &mut HashMap<String, usize>),
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(funding) = &site.config.funding else {
        return;
    };
    let def = &site.config.default_language;
    for lang in &site.config.languages {
        let (url, given) = match (&funding.email_emblem, &funding.emblem) {
            (Some(e), _) => (e.get(&lang.code, def), true),
            (None, Some(e)) => (e.get(&lang.code, def), false),
            (None, None) => continue,
        };
        if is_external(url) || media.sizes.contains_key(url) {
            continue;
        }
        let field = "funding.email_emblem";
        let problem = match files.find(url) {
            None => Some("there is no such file in static/".to_string()),
            Some(found) => match inspect(root, &found, url) {
                Ok(facts) if facts.format == Format::Svg && given => {
                    Some("an SVG, which Gmail and Outlook do not show; use a PNG, or leave email_emblem out and Sklaida makes a PNG of the SVG emblem".to_string())
                }
                Ok(facts) => {
                    if let (Format::Svg, Found::Disk(source)) = (facts.format, &found) {
                        let height = EMBLEM_COPY_HEIGHT;
                        let width = scaled_height(
                            Size { width: facts.size.height, height: facts.size.width },
                            height,
                        );
                        let copy = PngCopy { url, size: facts.size, source, page: Path::new("site.toml"), line: 0 };
                        plan_png_copy(copy, width, media, planned);
                    }
                    media.sizes.insert(url.to_string(), facts.size);
                    None
                }
                Err(problem) => Some(problem.message()),
            },
        };
        // A missing or unreadable `emblem` is the link checker's to report.
        if let (Some(problem), true) = (problem, given) {
            diagnostics
                .push(Diagnostic::error("site.toml", format!("{url}: {problem}")).field(field));
        }
    }
}

/// The picture of a poster whose original is at `url`, planning its copies.
#[allow(clippy::too_many_arguments)]
fn plan_picture(
    url: &str,
    facts: Facts,
    found: &Found,
    page: &crate::content::Page,
    line: usize,
    variants: &mut Vec<Variant>,
    planned: &mut HashMap<String, usize>,
) -> Picture {
    let Facts { format, size, .. } = facts;
    let original = Sized {
        url: url.to_string(),
        width: size.width,
        height: size.height,
    };
    // Copies are JPEG unless the original may be transparent: a flat-colour poster
    // with sharp text is two to three times smaller as JPEG than as PNG at screen sizes
    // (and the original stays linked at full size).
    let copies_format = if format == Format::Png && facts.alpha {
        Format::Png
    } else {
        Format::Jpeg
    };
    let Found::Disk(source) = found else {
        return Picture {
            format,
            original,
            variants: Vec::new(),
        };
    };
    if format == Format::Svg {
        return Picture {
            format,
            original,
            variants: Vec::new(),
        };
    }
    let (dir, name) = url.rsplit_once('/').unwrap_or(("", url));
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let copies = WIDTHS
        .iter()
        .filter(|&&w| w < size.width)
        .map(|&width| {
            let height = scaled_height(size, width);
            let dest = format!(
                "{}/{stem}-{width}w.{}",
                dir.trim_start_matches('/'),
                copies_format.extension()
            )
            .trim_start_matches('/')
            .to_string();
            if !planned.contains_key(&dest) {
                planned.insert(dest.clone(), variants.len());
                variants.push(Variant {
                    source: source.clone(),
                    format: copies_format,
                    width,
                    height,
                    dest: dest.clone(),
                    page: page.source.clone(),
                    line,
                });
            }
            Sized {
                url: format!("/{dest}"),
                width,
                height,
            }
        })
        .collect();
    Picture {
        format,
        original,
        variants: copies,
    }
}

/// The height of `size` scaled to `width`, at least one pixel.
pub fn scaled_height(size: Size, width: u32) -> u32 {
    let h = (u64::from(size.height) * u64::from(width) + u64::from(size.width) / 2)
        / u64::from(size.width.max(1));
    h.clamp(1, u64::from(u32::MAX)) as u32
}

/// An image's format and size from its header (SVG: from its attributes). The error
/// says what is wrong, starting with the file's name.
/// Why an image's size is unknown.
#[derive(Debug)]
enum Problem {
    /// Not a usable image: an error on a poster.
    Bad(String),
    /// An SVG that states no size: it works, but pages cannot reserve its space.
    NoSize(String),
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem::Bad(message)
    }
}

impl Problem {
    fn message(self) -> String {
        match self {
            Problem::Bad(m) | Problem::NoSize(m) => m,
        }
    }
}

fn inspect(root: &Path, found: &Found, url: &str) -> Result<Facts, Problem> {
    let name = match found {
        Found::Disk(p) => p.display().to_string(),
        Found::BuiltIn(_) => url.to_string(),
    };
    let is_svg = url.to_ascii_lowercase().ends_with(".svg");
    if is_svg {
        let bytes = match found {
            Found::Disk(p) => crate::input::read(&root.join(p), p, crate::input::TEXT_LIMIT)
                .map_err(|d| format!("{name}: {}", d.message))?,
            Found::BuiltIn(b) => b.to_vec(),
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{name} is not a readable SVG file: it is not UTF-8 text"))?;
        return match svg::size(&text) {
            Ok(Some(size)) => Ok(Facts {
                format: Format::Svg,
                size,
                alpha: true,
            }),
            Ok(None) => Err(Problem::NoSize(format!(
                "{name} has no size, so pages cannot reserve its space: give its <svg> element a viewBox (e.g. viewBox=\"0 0 297 420\") or width and height"
            ))),
            Err(problem) => Err(Problem::Bad(format!("{name} {problem}"))),
        };
    }
    match found {
        Found::Disk(p) => {
            let (file, _) = crate::input::open(&root.join(p), p, crate::input::IMAGE_LIMIT)
                .map_err(|d| format!("{name}: {}", d.message))?;
            Ok(header(
                image::ImageReader::new(std::io::BufReader::new(file)),
                &name,
            )?)
        }
        Found::BuiltIn(b) => Ok(header(
            image::ImageReader::new(std::io::Cursor::new(*b)),
            &name,
        )?),
    }
}

/// A raster image's format and size from its first bytes.
fn header<R: std::io::BufRead + std::io::Seek>(
    reader: image::ImageReader<R>,
    name: &str,
) -> Result<Facts, String> {
    let reader = reader
        .with_guessed_format()
        .map_err(|e| format!("{name}: {e}"))?;
    let format = match reader.format() {
        Some(image::ImageFormat::Png) => Format::Png,
        Some(image::ImageFormat::Jpeg) => Format::Jpeg,
        Some(other) => {
            return Err(format!(
                "{name} is a {} image; use PNG, JPEG or SVG",
                other
                    .extensions_str()
                    .first()
                    .map_or("other", |e| e)
                    .to_uppercase()
            ))
        }
        None => {
            return Err(format!(
                "{name} is not an image sklaida can read (PNG, JPEG or SVG)"
            ))
        }
    };
    let unreadable = |e: image::ImageError| {
        format!(
            "{name} is not a readable {} image: {e}",
            format.extension().to_uppercase()
        )
    };
    let mut reader = reader;
    // Only the header is read here; decoding, within limits, is `resize`'s.
    reader.no_limits();
    let decoder = reader.into_decoder().map_err(unreadable)?;
    let (width, height) = image::ImageDecoder::dimensions(&decoder);
    let color = image::ImageDecoder::color_type(&decoder);
    if width == 0 || height == 0 {
        return Err(format!(
            "{name} is an empty image ({width} × {height} pixels)"
        ));
    }
    if resize::decoded_bytes(width, height, color.bytes_per_pixel()) > resize::MAX_DECODED {
        return Err(format!("{name} {}", resize::too_large(width, height)));
    }
    let alpha = color.has_alpha();
    Ok(Facts {
        format,
        size: Size { width, height },
        alpha,
    })
}

/// A PDF's size in bytes, once its first bytes say it is a PDF.
fn pdf_size(root: &Path, found: &Found) -> Result<u64, String> {
    let bytes: Vec<u8> = match found {
        Found::Disk(p) => {
            use std::io::Read;
            let mut head = Vec::with_capacity(1024);
            let (file, meta) = crate::input::open(&root.join(p), p, crate::input::FILE_LIMIT)
                .map_err(|d| format!("cannot be read: {}", d.message))?;
            file.take(1024)
                .read_to_end(&mut head)
                .map_err(|e| format!("cannot be read: {e}"))?;
            let len = meta.len();
            if !is_pdf(&head) {
                return Err("is not a PDF file (it does not start with %PDF-)".to_string());
            }
            return Ok(len);
        }
        Found::BuiltIn(b) => b.to_vec(),
    };
    if is_pdf(&bytes) {
        Ok(bytes.len() as u64)
    } else {
        Err("is not a PDF file (it does not start with %PDF-)".to_string())
    }
}

/// PDF readers accept the header anywhere in the first kilobyte.
fn is_pdf(head: &[u8]) -> bool {
    head.windows(5).any(|w| w == b"%PDF-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(format: Format, width: u32, height: u32, variants: &[u32]) -> Picture {
        let size = Size { width, height };
        Picture {
            format,
            original: Sized {
                url: "/p/a.png".into(),
                width,
                height,
            },
            variants: variants
                .iter()
                .map(|&w| Sized {
                    url: format!("/p/a-{w}w.png"),
                    width: w,
                    height: scaled_height(size, w),
                })
                .collect(),
        }
    }

    #[test]
    fn heights_keep_the_proportions() {
        let a4 = Size {
            width: 2480,
            height: 3508,
        };
        assert_eq!(scaled_height(a4, 320), 453);
        assert_eq!(scaled_height(a4, 1280), 1811);
        let strip = Size {
            width: 4000,
            height: 1,
        };
        assert_eq!(scaled_height(strip, 320), 1);
    }

    #[test]
    fn a_large_original_is_left_out_of_srcset() {
        let p = picture(Format::Png, 2480, 3508, &[320, 640, 1280]);
        let widths: Vec<u32> = p.candidates().iter().map(|c| c.width).collect();
        assert_eq!(widths, [320, 640, 1280]);
        assert_eq!(p.fallback().width, 640);
        let v = p.view();
        assert_eq!(
            v["srcset"],
            "/p/a-320w.png 320w, /p/a-640w.png 640w, /p/a-1280w.png 1280w"
        );
        assert_eq!(v["thumb"]["width"], 320);
        assert_eq!(v["height"], 905);
    }

    #[test]
    fn a_small_original_is_offered_itself() {
        let p = picture(Format::Jpeg, 500, 700, &[320]);
        let widths: Vec<u32> = p.candidates().iter().map(|c| c.width).collect();
        assert_eq!(widths, [320, 500]);
        assert_eq!(p.fallback().width, 500);
        let tiny = picture(Format::Png, 200, 300, &[]);
        assert_eq!(tiny.view()["srcset"], "/p/a.png 200w");
    }

    #[test]
    fn svg_has_no_srcset() {
        let p = picture(Format::Svg, 1123, 1587, &[]);
        let v = p.view();
        assert_eq!(v["srcset"], "");
        assert_eq!(v["src"], "/p/a.png");
        assert_eq!(
            (v["width"].clone(), v["height"].clone()),
            (1123.into(), 1587.into())
        );
    }

    #[test]
    fn escaped_paths_are_decoded() {
        assert_eq!(
            url_decode("a/pl%C4%97%C5%A1.png").as_deref(),
            Some("a/plėš.png")
        );
        assert_eq!(url_decode("a/b.png"), None);
    }

    #[test]
    fn pdf_header_is_found_in_the_first_kilobyte() {
        assert!(is_pdf(b"%PDF-1.7\n"));
        assert!(is_pdf(b"\xef\xbb\xbf%PDF-1.4"));
        assert!(!is_pdf(b"\x89PNG\r\n"));
    }
}
