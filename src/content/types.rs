//! The typed content of a campaign site: pages, sections and the five campaign types.
//!
//! These are plain data made by loading; they know nothing of templates or output.

use std::path::PathBuf;

use serde::Serialize;

/// Index of a page in [`crate::site::Site::pages`].
pub type PageId = usize;
/// Index of a section in [`crate::site::Site::sections`].
pub type SectionId = usize;

pub use crate::config::YEARS;

/// The forms a date in front matter may take, for error messages.
pub const DATE_FORMS: &str = "2024-02-26 (all day), 2024-02-26T10:00 or 2024-02-26 10:00 \
(the site's time zone), 2024-02-26T10:00+02:00 (an offset from UTC, or Z) or \
2024-02-26T10:00[Europe/Paris] (a time zone)";

/// A date, or a date with a local time (in the site's time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Date(jiff::civil::Date),
    DateTime(jiff::civil::DateTime),
}

impl When {
    /// A date or local time without offset or zone (`2024-02-26`, `2024-02-26T10:00`,
    /// `2024-02-26 10:00:30`) in [`YEARS`]; `None` for anything else. For values that are
    /// already local times of the site, like those templates pass to date filters.
    pub fn parse(text: &str) -> Option<When> {
        When::read(text, None).ok()
    }

    /// A date from front matter, as a date or a local time of the site's zone `site`.
    /// An offset (`+02:00`, `Z`) or a zone (`[America/New_York]`) makes the time that
    /// instant, converted to the site's zone; a local time the site's clocks skip (the
    /// hour summer time begins) is refused rather than moved. The error says why, in
    /// words for authors.
    pub fn parse_in(text: &str, site: &jiff::tz::TimeZone) -> Result<When, String> {
        When::read(text, Some(site))
    }

    fn read(text: &str, site: Option<&jiff::tz::TimeZone>) -> Result<When, String> {
        let parts = DateParts::split(text.trim())
            .ok_or_else(|| format!("expected a date like {DATE_FORMS}; got {text:?}"))?;
        let date: jiff::civil::Date = parts
            .date
            .parse()
            .map_err(|_| format!("{:?} is not a day of the calendar", parts.date))?;
        in_years(date)?;
        let Some(time) = parts.time else {
            return Ok(When::Date(date));
        };
        let time: jiff::civil::Time = time
            .parse()
            .map_err(|_| format!("{time:?} is not a time of day (00:00 to 23:59)"))?;
        let local = date.to_datetime(time);
        let Some(site) = site else {
            return match (parts.offset, parts.zone) {
                (None, None) => Ok(When::DateTime(local)),
                _ => Err(format!("expected a local time without offset or zone, like 2024-02-26T10:00; got {text:?}")),
            };
        };
        let instant = match (parts.offset, parts.zone) {
            (None, None) => {
                return exists_in(local, site, "the site's time zone").map(When::DateTime)
            }
            (offset, zone) => instant(local, offset, zone)?,
        };
        let converted = site.to_datetime(instant);
        in_years(converted.date())?;
        Ok(When::DateTime(converted))
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

/// A local time of zone `tz` as RFC 3339 with that day's offset
/// (`2026-12-10T18:00:00+02:00`). RFC 3339 offsets have no seconds, so a time in a
/// zone's local mean time (before standard time, like Vilnius' +01:41:16 until 1880)
/// is written as the same instant in UTC. A time the zone cannot place (never for
/// dates in [`YEARS`]) is taken as UTC.
pub fn rfc3339(local: jiff::civil::DateTime, tz: &jiff::tz::TimeZone) -> String {
    match local.to_zoned(tz.clone()) {
        Ok(z) if z.offset().seconds() % 60 == 0 => z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        Ok(z) => z.timestamp().strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => local.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
    }
}

/// A date's text cut into its parts, each of the shape the accepted forms allow:
/// `YYYY-MM-DD`, then `T` or a space and `HH:MM[:SS[.fraction]]`, then `Z` or
/// `±HH:MM`, then `[Zone/Name]`. Whether the numbers make sense is jiff's to say.
struct DateParts<'a> {
    date: &'a str,
    time: Option<&'a str>,
    offset: Option<&'a str>,
    zone: Option<&'a str>,
}

impl<'a> DateParts<'a> {
    fn split(text: &'a str) -> Option<DateParts<'a>> {
        // Every accepted form is ASCII, so byte positions are character positions.
        if !text.is_ascii() {
            return None;
        }
        let (rest, zone) = match text.split_once('[') {
            Some((rest, zone)) => (rest, Some(zone.strip_suffix(']')?)),
            None => (text, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let shaped = |s: &str, shape: &str| {
            s.len() == shape.len()
                && s.bytes().zip(shape.bytes()).all(|(b, p)| {
                    if p == b'9' {
                        b.is_ascii_digit()
                    } else {
                        b == p
                    }
                })
        };
        let date = rest.get(..10).filter(|d| shaped(d, "9999-99-99"))?;
        let after = &rest[10..];
        if after.is_empty() {
            return zone.is_none().then_some(DateParts {
                date,
                time: None,
                offset: None,
                zone,
            });
        }
        let after = after.strip_prefix(['T', ' '])?;
        let time_end = after.find(['Z', '+', '-']).unwrap_or(after.len());
        let (time, offset) = after.split_at(time_end);
        let (hm, seconds) = (time.get(..5)?, &time[5..]);
        let seconds_ok = seconds.is_empty()
            || seconds.get(..3).is_some_and(|s| shaped(s, ":99"))
                && seconds[3..]
                    .strip_prefix('.')
                    .map_or(seconds.len() == 3, |f| digits(f) && f.len() <= 9);
        let offset_ok = offset.is_empty()
            || offset == "Z"
            || shaped(offset, "+99:99")
            || shaped(offset, "-99:99");
        let zone_ok = zone.is_none_or(|z| {
            !z.is_empty()
                && z.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/_+-".contains(&b))
        });
        (shaped(hm, "99:99") && seconds_ok && offset_ok && zone_ok).then_some(DateParts {
            date,
            time: Some(time),
            offset: (!offset.is_empty()).then_some(offset),
            zone,
        })
    }
}

/// A date inside [`YEARS`], else the error saying so.
fn in_years(date: jiff::civil::Date) -> Result<(), String> {
    if YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(format!(
            "{date} is outside the years Sklaida can publish ({} to {})",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// `local` if the clocks of `tz` (called `name`) show it; a time they skip is an error.
fn exists_in(
    local: jiff::civil::DateTime,
    tz: &jiff::tz::TimeZone,
    name: &str,
) -> Result<jiff::civil::DateTime, String> {
    match tz.to_ambiguous_timestamp(local).offset() {
        jiff::tz::AmbiguousOffset::Gap { before, after } => Err(format!(
            "{} does not exist in {name}: the clocks go from {before} to {after} then; write the time as it will be shown",
            local.strftime("%Y-%m-%d %H:%M")
        )),
        _ => Ok(local),
    }
}

/// The instant a local time means with its offset and/or zone. With both, they must
/// agree (`-04:00[America/New_York]` in summer); a zone's repeated hour (when summer
/// time ends) means its first occurrence.
fn instant(
    local: jiff::civil::DateTime,
    offset: Option<&str>,
    zone: Option<&str>,
) -> Result<jiff::Timestamp, String> {
    let zone = match zone {
        Some(name) => Some((
            name,
            jiff::tz::TimeZone::get(name).map_err(|_| {
                format!("unknown time zone {name:?}; use a name like Europe/Vilnius or America/New_York")
            })?,
        )),
        None => None,
    };
    let out_of_range = || format!("{} cannot be converted to the site's time zone", local);
    let Some(offset) = offset else {
        let (name, tz) = zone.ok_or_else(out_of_range)?;
        let local = exists_in(local, &tz, name)?;
        return tz.to_timestamp(local).map_err(|_| out_of_range());
    };
    let offset = if offset == "Z" {
        jiff::tz::Offset::UTC
    } else {
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let hours: i32 = offset[1..3].parse().map_err(|_| out_of_range())?;
        let minutes: i32 = offset[4..6].parse().map_err(|_| out_of_range())?;
        if hours > 18 || minutes > 59 {
            return Err(format!(
                "{offset} is not an offset from UTC (-18:00 to +18:00)"
            ));
        }
        jiff::tz::Offset::from_seconds(sign * (hours * 3600 + minutes * 60))
            .map_err(|_| out_of_range())?
    };
    let instant = offset.to_timestamp(local).map_err(|_| out_of_range())?;
    if let Some((name, tz)) = zone {
        let actual = tz.to_offset(instant);
        if actual != offset {
            return Err(format!(
                "{offset} is not the offset of {name} on that day ({actual}); give the offset or the zone, or make them agree"
            ));
        }
    }
    Ok(instant)
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
        /// `qr:`: the absolute address the printed poster's QR code opens (else the
        /// site's home page in the poster's language).
        qr: Option<String>,
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
    /// `role:`: what the page is for the whole site (the footer links it by default).
    pub role: Option<PageRole>,
    pub fields: TypeFields,
    /// `project:`: the project folder (or translation key) a page outside the project's
    /// section belongs to, trimmed of slashes.
    pub project: Option<String>,
    /// `share:` (default true): whether the page carries the share block, where its
    /// kind has one.
    pub share: bool,
    /// Each top-level front matter key with its file line, for later diagnostics.
    pub field_lines: Vec<(String, usize)>,
    /// The Markdown body and the 1-based file line it starts on.
    pub body: String,
    pub body_line: usize,
}

/// The `extra.layout` of a results page.
pub const RESULTS_LAYOUT: &str = "results";

/// What a page is for the whole site (`role:` in front matter). The footer links a
/// page with a role by default, in each language it exists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRole {
    /// The accessibility statement.
    Accessibility,
    /// The privacy notice.
    Privacy,
}

impl PageRole {
    pub const NAMES: [&'static str; 2] = ["accessibility", "privacy"];

    pub fn from_name(name: &str) -> Option<PageRole> {
        match name {
            "accessibility" => Some(PageRole::Accessibility),
            "privacy" => Some(PageRole::Privacy),
            _ => None,
        }
    }
}

/// A button of the home page (`actions:` in `content/_index.md`): its label and what it
/// links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub label: String,
    pub target: ActionTarget,
    /// The file line of its list item, for diagnostics.
    pub line: usize,
}

/// What an action links to: a content file (resolved per language) or an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionTarget {
    Page(String),
    Url(String),
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

    /// Whether the page asks for the results layout (`extra: { layout: results }`).
    pub fn is_results_page(&self) -> bool {
        self.extra.get("layout").and_then(|v| v.as_str()) == Some(RESULTS_LAYOUT)
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
    /// The home page's buttons (`actions:`), in order.
    pub actions: Vec<Action>,
    /// The home page's picture and its description.
    pub image: Option<String>,
    pub image_alt: Option<String>,
    /// `project:`: the section is a project (`content::project`).
    pub project: Option<super::project::ProjectFile>,
    pub field_lines: Vec<(String, usize)>,
    pub body: String,
    pub body_line: usize,
}

impl SectionFile {
    pub fn line_of(&self, field: &str) -> usize {
        line_of(&self.field_lines, field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn vilnius() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/Vilnius").expect("bundled zone")
    }

    fn read(text: &str) -> Result<When, String> {
        When::parse_in(text, &vilnius())
    }

    #[test]
    fn local_forms_are_dates_or_times_of_the_site() {
        assert_eq!(read("2026-12-10"), Ok(When::Date(date(2026, 12, 10))));
        let at = |h, m, s| Ok(When::DateTime(date(2026, 12, 10).at(h, m, s, 0)));
        assert_eq!(read("2026-12-10T18:00"), at(18, 0, 0));
        assert_eq!(read(" 2026-12-10 18:00:30 "), at(18, 0, 30));
        assert_eq!(
            read("2026-12-10T18:00:30.25"),
            Ok(When::DateTime(date(2026, 12, 10).at(
                18,
                0,
                30,
                250_000_000
            )))
        );
    }

    #[test]
    fn offsets_and_zones_mean_that_instant_in_the_sites_zone() {
        let at = |m, d, h, min| Ok(When::DateTime(date(2026, m, d).at(h, min, 0, 0)));
        // Winter: Vilnius is UTC+2; summer: UTC+3.
        assert_eq!(read("2026-12-10T16:00+02:00"), at(12, 10, 16, 0));
        assert_eq!(read("2026-12-10T16:00Z"), at(12, 10, 18, 0));
        assert_eq!(read("2026-07-01T09:00-04:00"), at(7, 1, 16, 0));
        assert_eq!(read("2026-07-01T09:00[America/New_York]"), at(7, 1, 16, 0));
        assert_eq!(
            read("2026-07-01T09:00-04:00[America/New_York]"),
            at(7, 1, 16, 0)
        );
        assert_eq!(
            read("2026-12-31T23:30-05:30"),
            Ok(When::DateTime(date(2027, 1, 1).at(7, 0, 0, 0)))
        );
        // A date crossing midnight with the conversion lands on the other day.
        assert_eq!(read("2026-12-10T23:00Z"), at(12, 11, 1, 0));
    }

    #[test]
    fn offsets_that_contradict_their_zone_or_no_zone_are_errors() {
        let e = read("2026-07-01T09:00-05:00[America/New_York]").expect_err("EDT is -04:00");
        assert!(e.contains("not the offset of America/New_York"), "{e}");
        let e = read("2026-07-01T09:00[Europe/Atlantis]").expect_err("no such zone");
        assert!(e.contains("unknown time zone \"Europe/Atlantis\""), "{e}");
        let e = read("2026-07-01T09:00+19:00").expect_err("too far");
        assert!(e.contains("not an offset"), "{e}");
    }

    #[test]
    fn a_time_the_clocks_skip_is_an_error_not_a_shift() {
        // Vilnius moves from 03:00 to 04:00 on the last Sunday of March.
        let e = read("2026-03-29T03:30").expect_err("gap");
        assert!(e.contains("does not exist"), "{e}");
        let e = read("2026-03-08T02:30[America/New_York]").expect_err("gap in New York");
        assert!(e.contains("America/New_York"), "{e}");
        // The repeated hour in autumn is its first occurrence.
        assert!(read("2026-10-25T03:30").is_ok());
    }

    #[test]
    fn other_forms_are_errors_naming_the_accepted_ones() {
        for bad in [
            "20261210",
            "20261210T1800",
            "2026-1-1",
            "2026-12-5 10:00",
            "12/10/2026",
            "10.12.2026",
            "2026-12-10T18",
            "2026-12-10T1800",
            "2026-12-10 18:00:00 +2",
            "2026-12-10T18:00+0200",
            "2026-12-10t18:00",
            "+002026-12-10",
            "2026-12-10[Europe/Vilnius]",
            "2026-12-10T18:00[]",
            "2026-12-10T18:00[u-ca=gregory]",
            "2026-12-10T18:00:00.1234567891",
            "２０２６-12-10",
            "2026-12-10T18:00\u{0}",
            "",
            "tomorrow",
        ] {
            let e = read(bad).expect_err(bad);
            assert!(e.contains("2024-02-26T10:00+02:00"), "{bad}: {e}");
            assert_eq!(When::parse(bad), None, "{bad}");
        }
        for impossible in [
            "2026-02-30",
            "2026-13-01",
            "2026-12-10T24:00",
            "2026-12-10T18:61",
        ] {
            let e = read(impossible).expect_err(impossible);
            assert!(e.contains("is not a"), "{impossible}: {e}");
        }
    }

    #[test]
    fn years_outside_1000_to_9000_are_errors_before_and_after_conversion() {
        assert!(read("1000-01-01").is_ok());
        assert!(read("9000-12-31T23:59:59").is_ok());
        for bad in [
            "0999-12-31",
            "9001-01-01",
            "9999-12-31T23:00",
            "0000-01-01",
            "9998-06-01T10:00",
        ] {
            let e = read(bad).expect_err(bad);
            assert!(
                e.contains("outside the years Sklaida can publish (1000 to 9000)"),
                "{bad}: {e}"
            );
        }
        // In UTC still 9000; in Vilnius already 9001.
        let e = read("9000-12-31T23:30Z").expect_err("9001 in Vilnius");
        assert!(e.contains("9001-01-01"), "{e}");
    }

    #[test]
    fn template_values_take_local_forms_only() {
        assert!(When::parse("2026-12-10T18:00:00").is_some());
        assert_eq!(When::parse("2026-12-10T18:00+02:00"), None);
        assert_eq!(When::parse("2026-12-10T18:00[Europe/Vilnius]"), None);
    }

    #[test]
    fn rfc3339_has_the_offset_of_the_day_or_utc_for_local_mean_time() {
        let tz = vilnius();
        assert_eq!(
            rfc3339(date(2026, 7, 1).at(12, 0, 0, 0), &tz),
            "2026-07-01T12:00:00+03:00"
        );
        assert_eq!(
            rfc3339(date(1870, 1, 1).at(12, 0, 0, 0), &tz),
            "1870-01-01T10:18:44Z"
        );
    }
}
