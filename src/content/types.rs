//! The typed content of a campaign site: pages, sections and the five campaign types.
//!
//! These are plain data made by loading; they know nothing of templates or output.

use std::path::PathBuf;

use serde::Serialize;

/// Index of a page in [`crate::site::Site::pages`].
pub type PageId = usize;
/// Index of a section in [`crate::site::Site::sections`].
pub type SectionId = usize;

/// A date, or a date with a local time (in the site's time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Date(jiff::civil::Date),
    DateTime(jiff::civil::DateTime),
}

impl When {
    /// Accepts `2024-02-26`, `2024-02-26T10:00`, `2024-02-26 10:00` and with seconds.
    pub fn parse(text: &str) -> Option<When> {
        let t = text.trim();
        if t.len() == 10 {
            return t.parse::<jiff::civil::Date>().ok().map(When::Date);
        }
        let normalized = t.replacen(' ', "T", 1);
        normalized
            .parse::<jiff::civil::DateTime>()
            .ok()
            .map(When::DateTime)
    }

    pub fn date(&self) -> jiff::civil::Date {
        match self {
            When::Date(d) => *d,
            When::DateTime(dt) => dt.date(),
        }
    }

    pub fn time(&self) -> Option<jiff::civil::Time> {
        match self {
            When::Date(_) => None,
            When::DateTime(dt) => Some(dt.time()),
        }
    }

    /// As a datetime: a bare date is its midnight.
    pub fn datetime(&self) -> jiff::civil::DateTime {
        match self {
            When::Date(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::DateTime(dt) => *dt,
        }
    }

    /// ISO 8601: `2024-02-26` or `2024-02-26T10:00:00`.
    pub fn iso(&self) -> String {
        match self {
            When::Date(d) => d.to_string(),
            When::DateTime(dt) => dt.strftime("%Y-%m-%dT%H:%M:%S").to_string(),
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// The campaign content types, plus a plain page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentType {
    Page,
    Article,
    Event,
    Poster,
    Newsletter,
    Story,
}

impl ContentType {
    pub const ALL: [ContentType; 6] = [
        ContentType::Page,
        ContentType::Article,
        ContentType::Event,
        ContentType::Poster,
        ContentType::Newsletter,
        ContentType::Story,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ContentType::Page => "page",
            ContentType::Article => "article",
            ContentType::Event => "event",
            ContentType::Poster => "poster",
            ContentType::Newsletter => "newsletter",
            ContentType::Story => "story",
        }
    }

    /// From `type:` in front matter (singular or plural, English).
    pub fn from_name(name: &str) -> Option<ContentType> {
        let n = name.trim().to_ascii_lowercase();
        ContentType::ALL
            .into_iter()
            .find(|t| n == t.name() || n == t.folder_name())
    }

    /// The section folder names that imply this type, English and Lithuanian.
    pub fn from_folder(folder: &str) -> Option<ContentType> {
        Some(match folder {
            "articles" | "straipsniai" => ContentType::Article,
            "events" | "renginiai" => ContentType::Event,
            "posters" | "plakatai" => ContentType::Poster,
            "newsletters" | "naujienlaiskiai" => ContentType::Newsletter,
            "stories" | "istorijos" => ContentType::Story,
            _ => return None,
        })
    }

    pub fn folder_name(self) -> &'static str {
        match self {
            ContentType::Page => "pages",
            ContentType::Article => "articles",
            ContentType::Event => "events",
            ContentType::Poster => "posters",
            ContentType::Newsletter => "newsletters",
            ContentType::Story => "stories",
        }
    }

    /// Whether lists of this type are newest first (else by weight, then title).
    pub fn is_dated(self) -> bool {
        !matches!(self, ContentType::Page | ContentType::Poster)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Place {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    Scheduled,
    Cancelled,
    Postponed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PaperSize {
    A4,
    A3,
    A2,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ambassador {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photo_alt: Option<String>,
}

/// The fields only one content type has, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeFields {
    Page,
    Article {
        author: Option<String>,
        source: Option<Link>,
    },
    Event {
        start: When,
        end: Option<When>,
        location: Option<Place>,
        online_url: Option<String>,
        registration_url: Option<String>,
        status: EventStatus,
        participants: Option<u32>,
    },
    Poster {
        pdf: Option<String>,
        size: Option<PaperSize>,
    },
    Newsletter {
        number: u32,
    },
    Story {
        consent: bool,
        ambassador: Option<Ambassador>,
        anonymous: bool,
        content_warning: Option<String>,
    },
}

impl TypeFields {
    pub fn content_type(&self) -> ContentType {
        match self {
            TypeFields::Page => ContentType::Page,
            TypeFields::Article { .. } => ContentType::Article,
            TypeFields::Event { .. } => ContentType::Event,
            TypeFields::Poster { .. } => ContentType::Poster,
            TypeFields::Newsletter { .. } => ContentType::Newsletter,
            TypeFields::Story { .. } => ContentType::Story,
        }
    }
}

/// One page in one language, as loaded and validated (before the site model links it).
#[derive(Debug, Clone)]
pub struct Page {
    /// Path of the Markdown file relative to the site root, e.g. `content/renginiai/x.md`.
    pub source: PathBuf,
    pub lang: String,
    /// Pairs translations: the content-relative path without language suffix and
    /// extension (`renginiai/seminaras`), or `translation_key` from front matter.
    pub translation_key: String,
    pub explicit_translation_key: bool,
    /// Content-relative folder the page lives in (`renginiai`), `""` at the top.
    pub folder: String,
    /// The bundle folder (content-relative) when the page is `name/index.md`.
    pub bundle: Option<String>,
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<When>,
    pub updated: Option<When>,
    pub draft: bool,
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub image_alt: Option<String>,
    pub weight: i64,
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    pub fields: TypeFields,
    /// Each top-level front matter key with its file line, for later diagnostics.
    pub field_lines: Vec<(String, usize)>,
    /// The Markdown body and the 1-based file line it starts on.
    pub body: String,
    pub body_line: usize,
}

/// The line of `field` in `lines`, else line 1 (the front matter's opening `---`).
pub fn line_of(lines: &[(String, usize)], field: &str) -> usize {
    lines
        .iter()
        .find(|(k, _)| k == field)
        .map_or(1, |(_, l)| *l)
}

impl Page {
    pub fn line_of(&self, field: &str) -> usize {
        line_of(&self.field_lines, field)
    }

    pub fn content_type(&self) -> ContentType {
        self.fields.content_type()
    }

    /// `extra.noindex: true`: the page asks search engines and the site search to leave
    /// it out (it is still published and listed).
    pub fn noindex(&self) -> bool {
        self.extra
            .get("noindex")
            .and_then(serde_json::Value::as_bool)
            == Some(true)
    }
}

/// How a section orders its list (`sort_by` in its `_index.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// The pages' type decides: dated types newest first, others by weight then title.
    #[default]
    Type,
    /// Newest first (an event by its start), undated pages last.
    Date,
    /// By title in the language's alphabetical order.
    Title,
    /// By `weight`, then title.
    Weight,
}

impl SortBy {
    pub fn from_name(name: &str) -> Option<SortBy> {
        Some(match name.trim() {
            "date" => SortBy::Date,
            "title" => SortBy::Title,
            "weight" => SortBy::Weight,
            _ => return None,
        })
    }
}

/// A section's `_index.md` in one language.
#[derive(Debug, Clone)]
pub struct SectionFile {
    pub source: PathBuf,
    pub lang: String,
    /// Content-relative folder, `""` for the home page.
    pub folder: String,
    pub title: String,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub content_type: Option<ContentType>,
    pub weight: i64,
    pub sort_by: SortBy,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub extra: serde_json::Value,
    pub field_lines: Vec<(String, usize)>,
    pub body: String,
    pub body_line: usize,
}

impl SectionFile {
    pub fn line_of(&self, field: &str) -> usize {
        line_of(&self.field_lines, field)
    }
}
