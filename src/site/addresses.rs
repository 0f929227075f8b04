//! Every address the site makes besides a page's own URL (which `site` gives it), as
//! functions of the model, so `render` and `output` read the same address: a front
//! matter file's URL, an event's `.ics`, the calendar feed, a newsletter's e-mail files
//! and the Atom feeds ([`super::feeds`]). Search pages' and tag pages' addresses are
//! `search::search_path` and `taxonomy::tags_path`.

use crate::content::{PageId, SectionId, TypeFields};
use crate::site::Site;

/// The calendar feed's file name inside the events section's folder.
pub const CALENDAR_FILE: &str = "calendar.ics";
/// The file names of a newsletter issue's e-mail version beside its `index.html`.
pub const EMAIL_HTML_FILE: &str = "email.html";
pub const EMAIL_TEXT_FILE: &str = "email.txt";

/// A front matter file reference made root-relative: `poster.svg` in a bundle at
/// `/plakatai/a/` is `/plakatai/a/poster.svg`; absolute paths and URLs stay.
pub fn resolve_asset(page_url: &str, reference: &str) -> String {
    if reference.starts_with('/') || reference.contains("://") || reference.starts_with("data:") {
        reference.to_string()
    } else {
        format!("{page_url}{}", reference.trim_start_matches("./"))
    }
}

/// The e-mail version of an issue at `page_url`, root-relative.
pub fn email_html_url(page_url: &str) -> String {
    format!("{page_url}{EMAIL_HTML_FILE}")
}

/// The plain-text part of an issue at `page_url`, root-relative.
pub fn email_text_url(page_url: &str) -> String {
    format!("{page_url}{EMAIL_TEXT_FILE}")
}

/// Root-relative URL of an event page's own calendar file, named after the page so a
/// download is recognisable: `/renginiai/seminaras/` → `/renginiai/seminaras/seminaras.ics`.
pub fn event_file_url(page_url: &str) -> String {
    let name = page_url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("event");
    format!("{page_url}{name}.ics")
}

/// The section that holds the calendar feed of `lang`: of the sections listing events
/// in that language, the top-most (a section folder before the home page); `None`
/// when the language has no events.
pub fn calendar_section(site: &Site, lang: &str) -> Option<SectionId> {
    site.sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.lang == lang && s.pages.iter().any(|&p| is_event(site, p)))
        .min_by_key(|(_, s)| (s.is_home(), s.folder.matches('/').count(), &s.folder))
        .map(|(id, _)| id)
}

/// Root-relative URL of the calendar feed when the section `id` holds it.
pub fn calendar_url(site: &Site, id: SectionId) -> Option<String> {
    let s = &site.sections[id];
    let holds_events = s.pages.iter().any(|&p| is_event(site, p));
    (holds_events && calendar_section(site, &s.lang) == Some(id))
        .then(|| format!("{}{CALENDAR_FILE}", s.url))
}

/// Whether the page is an event.
pub fn is_event(site: &Site, id: PageId) -> bool {
    matches!(site.pages[id].page.fields, TypeFields::Event { .. })
}

/// The file name of a page's or section's generated share card beside its
/// `index.html`.
pub const CARD_FILE: &str = "share-card.png";

/// Whether social sites can show an image: PNG, JPEG or WebP (not SVG).
pub fn is_raster(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".webp"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// The root-relative address of the share card of a page or section at `url`.
pub fn share_card_url(url: &str) -> String {
    format!("{url}{CARD_FILE}")
}

/// The share card of page `id`: `None` when cards are off or the page has its own
/// raster image, or an SVG poster with its PNG copy (which is then its social image).
pub fn page_card(site: &Site, id: PageId) -> Option<String> {
    let p = &site.pages[id];
    let own = p.page.image.as_deref().is_some_and(|i| {
        let url = resolve_asset(&p.url, i);
        is_raster(&url) || site.media.png_copies.contains_key(&url)
    });
    (site.config.share_cards && !own).then(|| share_card_url(&p.url))
}

/// The share card of section `id` (home pages included), as [`page_card`].
pub fn section_card(site: &Site, id: SectionId) -> Option<String> {
    let s = &site.sections[id];
    let own = s
        .file
        .as_ref()
        .and_then(|f| f.image.as_deref())
        .is_some_and(|i| is_raster(&resolve_asset(&s.url, i)));
    (site.config.share_cards && !own).then(|| share_card_url(&s.url))
}

#[cfg(test)]
mod card_tests {
    use super::*;

    #[test]
    fn only_raster_images_are_social_images() {
        assert!(is_raster("/a/photo.JPG"));
        assert!(is_raster("https://x.example/a.webp?v=2"));
        assert!(!is_raster("/a/poster.svg"));
        assert!(!is_raster("/a/png"));
    }

    #[test]
    fn a_card_lies_beside_its_page() {
        assert_eq!(share_card_url("/apie/"), "/apie/share-card.png");
        assert_eq!(share_card_url("/"), "/share-card.png");
    }
}
