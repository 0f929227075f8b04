//! Atom feeds (RFC 4287): the XML of each feed [`crate::site::feeds`] plans —
//! per language one for the whole site (`/atom.xml`, `/en/atom.xml`) and one per
//! section with entries (`/renginiai/atom.xml`), newest first.
//!
//! Entries are the dated campaign content: articles, newsletters, stories, events (by
//! their `date`, else their start) and posters that have a `date`; plain pages never.
//! A feed is a pure function of the model: its `updated` is its newest entry's, never
//! the build time, so a rebuild writes the same bytes. Stories without consent are not
//! in the model, so they cannot reach a feed.

use std::fmt::Write as _;

use super::xml::{escape, later, rfc3339};
use crate::address::has_scheme;
use crate::content::{EventStatus, PageId, TypeFields, When};
use crate::i18n::{self, DateStyle};
use crate::markdown::Rendered;
use crate::site::feeds::{updated, Feed};
use crate::site::Site;
use crate::taxonomy::listing_date;

/// `updated` of a feed with no entries: a fixed instant, so rebuilds stay identical.
const NO_ENTRIES_UPDATED: &str = "1970-01-01T00:00:00Z";

/// Interface strings for the words feeds add to entries (`content_warning`,
/// `event_when`, …): `(lang, key)` → text, if the theme or site has it.
pub type Strings<'a> = &'a (dyn Fn(&str, &str) -> Option<String> + Sync);

/// The Atom document of `feed`.
pub fn atom(site: &Site, feed: &Feed, markdown: &[Rendered], strings: Strings) -> String {
    let config = &site.config;
    let lang = feed.lang.as_str();
    let self_url = config.permalink(&feed.url);
    let newest = feed
        .entries
        .iter()
        .filter_map(|&id| updated(site, id))
        .reduce(later);
    let language = config.language(lang);

    let mut x = String::with_capacity(4096 + feed.entries.len() * 4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(lang)
    );
    let _ = writeln!(x, "  <id>{}</id>", escape(&self_url));
    let _ = writeln!(x, "  <title>{}</title>", escape(&feed.title));
    if let Some(description) = language
        .map(|l| l.description.as_str())
        .filter(|d| !d.is_empty())
    {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(description));
    }
    let _ = writeln!(
        x,
        "  <updated>{}</updated>",
        newest.map_or_else(|| NO_ENTRIES_UPDATED.to_string(), |w| rfc3339(config, w))
    );
    x.push_str("  <author>\n");
    match &config.organizer {
        Some(o) => {
            let name = o.name.get(lang, &config.default_language);
            let _ = writeln!(x, "    <name>{}</name>", escape(name));
            if let Some(url) = &o.url {
                let _ = writeln!(x, "    <uri>{}</uri>", escape(url));
            }
            if let Some(email) = &o.email {
                let _ = writeln!(x, "    <email>{}</email>", escape(email));
            }
        }
        None => {
            let name = language.map_or("", |l| l.title.as_str());
            let _ = writeln!(x, "    <name>{}</name>", escape(name));
        }
    }
    x.push_str("  </author>\n");
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&self_url)
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&config.permalink(&feed.page_url))
    );
    x.push_str("  <generator>Sklaida</generator>\n");
    for &id in &feed.entries {
        write_entry(&mut x, site, id, &markdown[id], strings);
    }
    x.push_str("</feed>\n");
    x
}

fn write_entry(x: &mut String, site: &Site, id: PageId, md: &Rendered, strings: Strings) {
    let config = &site.config;
    let sp = &site.pages[id];
    let page = &sp.page;
    let permalink = escape(&config.permalink(&sp.url));
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <id>{permalink}</id>");
    let _ = writeln!(x, "    <title>{}</title>", escape(&page.title));
    if let Some(date) = listing_date(page) {
        let _ = writeln!(x, "    <published>{}</published>", rfc3339(config, date));
    }
    if let Some(date) = updated(site, id) {
        let _ = writeln!(x, "    <updated>{}</updated>", rfc3339(config, date));
    }
    if let TypeFields::Article {
        author: Some(author),
        ..
    } = &page.fields
    {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape(author));
    }
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{permalink}\"/>"
    );
    for tag in &page.tags {
        let _ = writeln!(x, "    <category term=\"{}\"/>", escape(tag.trim()));
    }
    let summary = crate::text::summary_of(page.summary.as_deref(), md);
    if !summary.is_empty() {
        let _ = writeln!(x, "    <summary>{}</summary>", escape(&summary));
    }
    let mut html = preface(site, id, strings);
    html.push_str(&absolute_urls(
        &md.html,
        &config.base_url,
        &config.permalink(&sp.url),
    ));
    let _ = writeln!(
        x,
        "    <content type=\"html\" xml:base=\"{permalink}\">{}</content>",
        escape(&html)
    );
    x.push_str("  </entry>\n");
}

/// What the page template shows around the text and a feed reader would miss: an
/// event's time, place and status; a story's content warning with the helplines
/// beside it (safe messaging asks for support options wherever the story goes).
fn preface(site: &Site, id: PageId, strings: Strings) -> String {
    let page = &site.pages[id].page;
    let lang = page.lang.as_str();
    let word = |key: &str, fallback: &str| {
        escape(&strings(lang, key).unwrap_or_else(|| fallback.to_string()))
    };
    let mut html = String::new();
    match &page.fields {
        TypeFields::Event {
            start,
            end,
            location,
            online_url,
            status,
            ..
        } => {
            match status {
                EventStatus::Cancelled => {
                    let _ = write!(
                        html,
                        "<p><strong>{}</strong></p>",
                        word("event_cancelled_notice", "This event is cancelled.")
                    );
                }
                EventStatus::Postponed => {
                    let _ = write!(
                        html,
                        "<p><strong>{}</strong></p>",
                        word("event_postponed_notice", "This event is postponed.")
                    );
                }
                EventStatus::Scheduled => {}
            }
            let _ = write!(
                html,
                "<p><strong>{}:</strong> {}",
                word("event_when", "When"),
                escape(&event_time(lang, *start, *end))
            );
            if let Some(place) = location {
                let _ = write!(
                    html,
                    "<br><strong>{}:</strong> {}",
                    word("event_where", "Where"),
                    escape(&place.name)
                );
                if let Some(address) = &place.address {
                    let _ = write!(html, ", {}", escape(address));
                }
            } else if online_url.is_some() {
                let _ = write!(html, "<br>{}", word("event_online", "Online"));
            }
            html.push_str("</p>\n");
        }
        TypeFields::Story {
            content_warning: Some(warning),
            ..
        } => {
            let _ = writeln!(
                html,
                "<p><strong>{}:</strong> {}</p>",
                word("content_warning", "Content warning"),
                escape(warning)
            );
            let def = site.config.default_language.as_str();
            let lines: Vec<String> = site
                .config
                .helplines
                .iter()
                .map(|h| {
                    let mut line =
                        format!("{} {}", escape(h.name.get(lang, def)), escape(&h.phone));
                    if let Some(hours) = &h.hours {
                        let _ = write!(line, " ({})", escape(hours.get(lang, def)));
                    }
                    line
                })
                .collect();
            if !lines.is_empty() {
                let _ = writeln!(
                    html,
                    "<p>{}: {}</p>",
                    word("helplines", "Helplines"),
                    lines.join("; ")
                );
            }
        }
        _ => {}
    }
    html
}

/// "2026 m. gruodžio 10 d., ketvirtadienis, 18:00–19:30" and the like.
fn event_time(lang: &str, start: When, end: Option<When>) -> String {
    let day = |w: When| i18n::format_date(lang, w.date(), DateStyle::Full);
    let time = |w: When| w.time().map(|t| i18n::format_time(lang, t));
    match (start, end) {
        (When::Date(s), Some(e)) if e.date() != s => i18n::format_date_range(lang, s, e.date()),
        (When::Date(_), _) => day(start),
        (When::DateTime(_), Some(e)) if e.date() == start.date() => match time(e) {
            Some(t) => format!("{}, {}–{t}", day(start), time(start).unwrap_or_default()),
            None => format!("{}, {}", day(start), time(start).unwrap_or_default()),
        },
        (When::DateTime(_), Some(e)) => {
            let end_text = match time(e) {
                Some(t) => format!("{}, {t}", day(e)),
                None => day(e),
            };
            format!(
                "{}, {} – {end_text}",
                day(start),
                time(start).unwrap_or_default()
            )
        }
        (When::DateTime(_), None) => {
            format!("{}, {}", day(start), time(start).unwrap_or_default())
        }
    }
}

/// Makes the URLs in `href`, `src` and `srcset` attributes absolute, so the HTML works
/// in a feed reader: root-relative ones (`/apie/`) against `base_url`, page-relative
/// ones (`poster.svg`, `#kontaktai`) against the page's address. URLs with a scheme or
/// starting `//` stay. (The `xml:base` on `<content>` says the same for readers that
/// honour it.) HTML the rewriter cannot read is kept as it is.
pub fn absolute_urls(html: &str, base_url: &str, page_url: &str) -> String {
    use lol_html::{element, RewriteStrSettings};
    // Under a sub-path (`https://org.github.io/kampanija`), `/apie/` is
    // `/kampanija/apie/`, and an address already under it keeps it once.
    let base_path = crate::address::base_path(base_url);
    let origin = base_url
        .strip_suffix(base_path.as_str())
        .unwrap_or(base_url);
    let absolute = |value: &str| -> String {
        let v = value.trim();
        if v.starts_with("//") || has_scheme(v) {
            value.to_string()
        } else if v.starts_with('/') {
            format!("{origin}{}", crate::address::prefixed(&base_path, v))
        } else {
            format!("{page_url}{}", v.trim_start_matches("./"))
        }
    };
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "[href], [src], [srcset]",
        |el| {
            for attr in ["href", "src"] {
                if let Some(value) = el.get_attribute(attr) {
                    el.set_attribute(attr, &absolute(&value))?;
                }
            }
            if let Some(set) = el.get_attribute("srcset") {
                // `a.png 320w, b.png 640w`: each candidate's URL, descriptors kept.
                let candidates: Vec<String> = set
                    .split(',')
                    .map(|c| {
                        let c = c.trim();
                        match c.split_once(char::is_whitespace) {
                            Some((url, descriptor)) => format!("{} {descriptor}", absolute(url)),
                            None => absolute(c),
                        }
                    })
                    .collect();
                el.set_attribute("srcset", &candidates.join(", "))?;
            }
            Ok(())
        }
    ));
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_become_absolute() {
        let html = r##"<p><a href="/apie/">a</a> <img src="poster.svg" alt="x"> <a href="#fn-1">1</a> <a href='./b.pdf'>b</a> <a href="https://kitur.example/">c</a> <a href="mailto:a@b.lt">d</a> <a href="//cdn.example/x">e</a> <a data-href="/x">f</a></p>"##;
        let out = absolute_urls(html, "https://s.example", "https://s.example/p/");
        assert_eq!(
            out,
            r##"<p><a href="https://s.example/apie/">a</a> <img src="https://s.example/p/poster.svg" alt="x"> <a href="https://s.example/p/#fn-1">1</a> <a href="https://s.example/p/b.pdf">b</a> <a href="https://kitur.example/">c</a> <a href="mailto:a@b.lt">d</a> <a href="//cdn.example/x">e</a> <a data-href="/x">f</a></p>"##
        );
    }

    #[test]
    fn text_that_only_looks_like_an_attribute_stays() {
        let html = "<p>src=&quot;/x&quot; and href= alone, ąžuolas</p>";
        assert_eq!(absolute_urls(html, "https://s", "https://s/p/"), html);
        assert_eq!(
            absolute_urls(
                r#"<a href="/apie/">a</a><a href="/k/b/">b</a>"#,
                "https://s/k",
                "https://s/k/p/"
            ),
            r#"<a href="https://s/k/apie/">a</a><a href="https://s/k/b/">b</a>"#
        );
        // Quotes in text and in code are not attributes either.
        let code = "<p>Rašykite <code>a href=\"/x\"</code> arba  src='y'.</p>";
        assert_eq!(absolute_urls(code, "https://s", "https://s/p/"), code);
    }

    #[test]
    fn every_candidate_of_a_srcset_becomes_absolute() {
        let html = r#"<img src="/p-640.png" srcset="/p-320.png 320w, p-640.png 640w,https://c.example/x.png 2x" alt="">"#;
        assert_eq!(
            absolute_urls(html, "https://s", "https://s/p/"),
            r#"<img src="https://s/p-640.png" srcset="https://s/p-320.png 320w, https://s/p/p-640.png 640w, https://c.example/x.png 2x" alt="">"#
        );
    }

    #[test]
    fn event_times_read_like_the_page() {
        let s = When::parse("2026-12-10T18:00").expect("start");
        let e = When::parse("2026-12-10T19:30").expect("end");
        assert_eq!(
            event_time("lt", s, Some(e)),
            "2026 m. gruodžio 10 d., ketvirtadienis, 18:00–19:30"
        );
        let d = When::parse("2026-02-20").expect("day");
        assert_eq!(event_time("en", d, None), "Friday, 20 February 2026");
    }
}
