//! What the media survey found, as the site model keeps it (`Site::media`): poster
//! pictures with their copies, PDF sizes, image sizes. Plain data below the model;
//! [`super::survey`] fills it.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use serde::Serialize;

use crate::content::PageId;

/// The widths (CSS pixels) poster images are copied at for `srcset`. An image is never
/// made larger: only widths below its own are made.
pub const WIDTHS: [u32; 3] = [320, 640, 1280];

/// The image an `<img>` falls back to when `srcset` is not understood: the narrowest
/// copy at least this wide.
const FALLBACK_WIDTH: u32 = 640;

/// Pixel size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

/// The image formats posters may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Svg,
    Png,
    Jpeg,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Jpeg => "jpg",
        }
    }
}

/// An image file at a URL, with its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sized {
    /// Root-relative.
    pub url: String,
    pub width: u32,
    pub height: u32,
}

/// A poster's image as pages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub format: Format,
    pub original: Sized,
    /// Smaller copies, narrowest first (raster images only).
    pub variants: Vec<Sized>,
}

impl Picture {
    /// What `srcset` offers, narrowest first: the copies, and the original when it is no
    /// wider than the widest copy we would make (a 6000-pixel print file is not for screens).
    pub fn candidates(&self) -> Vec<&Sized> {
        let mut list: Vec<&Sized> = self.variants.iter().collect();
        let widest = WIDTHS[WIDTHS.len() - 1];
        if self.format == Format::Svg || self.original.width <= widest || list.is_empty() {
            list.push(&self.original);
        }
        list
    }

    /// The `src` of the `<img>`: the narrowest candidate at least [`FALLBACK_WIDTH`]
    /// wide, else the widest there is.
    pub fn fallback(&self) -> &Sized {
        let candidates = self.candidates();
        candidates
            .iter()
            .find(|c| c.width >= FALLBACK_WIDTH)
            .or(candidates.last())
            .copied()
            .unwrap_or(&self.original)
    }

    /// `page.picture` for templates.
    pub fn view(&self) -> serde_json::Value {
        let candidates = self.candidates();
        let srcset = if self.format == Format::Svg {
            String::new()
        } else {
            candidates
                .iter()
                .map(|c| format!("{} {}w", c.url, c.width))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let src = self.fallback();
        let thumb = candidates.first().copied().unwrap_or(&self.original);
        serde_json::json!({
            "format": self.format,
            "src": src.url,
            "width": src.width,
            "height": src.height,
            "srcset": srcset,
            "thumb": { "src": thumb.url, "width": thumb.width, "height": thumb.height },
            "original": self.original,
        })
    }
}

/// A smaller copy of an image to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The original, relative to the site root.
    pub source: PathBuf,
    /// The copy's format (JPEG unless the original may be transparent).
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// Where it goes in the output, `/`-separated.
    pub dest: String,
    /// The page that shows it and the line of its `image:`, for diagnostics.
    pub page: PathBuf,
    pub line: usize,
}

/// What [`super::survey`] found.
#[derive(Debug, Clone, Default)]
pub struct Media {
    /// Poster pages' pictures.
    pub pictures: HashMap<PageId, Picture>,
    /// Poster pages' PDF sizes in bytes, when the PDF is a file of this site.
    pub pdf_bytes: HashMap<PageId, u64>,
    /// The size of every image newsletters show and of the e-mail emblems, by
    /// root-relative URL.
    pub sizes: HashMap<String, Size>,
    /// The copies to make, each output path once.
    pub variants: Vec<Variant>,
    /// PNG copies of SVG files where raster is needed (root-relative SVG URL → its
    /// copy): posters' for `og:image`, newsletters' images and the funder's emblem for
    /// the e-mail version. Also planned in [`Media::variants`].
    pub png_copies: HashMap<String, Sized>,
    /// Every file read, relative to the site root: `serve` rebuilds everything when
    /// one changes, since copies and sizes depend on it.
    pub sources: BTreeSet<PathBuf>,
}
