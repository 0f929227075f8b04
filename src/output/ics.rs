//! iCalendar (RFC 5545) files: one beside each event page (`<slug>.ics`) and, per
//! language, a calendar feed (`calendar.ics`) in the events section to subscribe to.
//!
//! Hand-written rather than taken from a crate (see ARCHITECTURE.md): text escaping,
//! folding at 75 octets on character boundaries, and a VTIMEZONE made from the tz
//! database through jiff. Everything written depends only on the content, never on the
//! build's time, so a rebuild produces the same bytes and unchanged files stay as they are.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

use crate::addresses::{calendar_section, event_file_url, is_event, CALENDAR_FILE};
use crate::content::{slug, EventStatus, PageId, TypeFields, When};
use crate::markdown::Rendered;
use crate::site::Site;

/// Identifies the program that made the calendar. No version: an upgrade alone must
/// not change every calendar file.
const PRODID: &str = "-//Sklaida//Sklaida static site generator//EN";
/// How often subscribed calendar apps are asked to fetch the feed again.
const REFRESH: &str = "PT12H";
/// RFC 5545 §3.1: a content line is at most 75 octets, without its CRLF.
const LINE_OCTETS: usize = 75;

/// Every calendar file of the site as (path inside the output, text): one per event
/// page, then one feed per language. `markdown[id]` gives summaries to pages without one.
pub fn calendar_files(site: &Site, markdown: &[Rendered]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for id in (0..site.pages.len()).filter(|&id| is_event(site, id)) {
        let mut cal = Calendar::begin(site, None);
        cal.timezone(site, &[id]);
        cal.event(site, id, &markdown[id]);
        let url = event_file_url(&site.pages[id].url);
        files.push((url.trim_start_matches('/').to_string(), cal.end()));
    }
    for lang in &site.config.languages {
        let Some(section) = calendar_section(site, &lang.code) else {
            continue;
        };
        let mut events: Vec<PageId> = (0..site.pages.len())
            .filter(|&id| site.pages[id].page.lang == lang.code && is_event(site, id))
            .collect();
        events.sort_by_key(|&id| {
            let p = &site.pages[id].page;
            (start_of(site, id).map(|w| w.datetime()), &p.translation_key)
        });
        let s = &site.sections[section];
        let name = format!("{} · {}", s.title, lang.title);
        let mut cal = Calendar::begin(site, Some(&name));
        cal.timezone(site, &events);
        for &id in &events {
            cal.event(site, id, &markdown[id]);
        }
        let rel = format!("{}{CALENDAR_FILE}", s.url.trim_start_matches('/'));
        files.push((rel, cal.end()));
    }
    files
}

fn start_of(site: &Site, id: PageId) -> Option<When> {
    match &site.pages[id].page.fields {
        TypeFields::Event { start, .. } => Some(*start),
        _ => None,
    }
}

/// One VCALENDAR being written, line by line.
struct Calendar {
    text: String,
}

impl Calendar {
    /// Opens a calendar; a feed (with a `name`) is published for subscribing.
    fn begin(site: &Site, name: Option<&str>) -> Calendar {
        let mut cal = Calendar {
            text: String::with_capacity(2048),
        };
        cal.line("BEGIN:VCALENDAR");
        cal.line("VERSION:2.0");
        cal.line(&format!("PRODID:{PRODID}"));
        cal.line("CALSCALE:GREGORIAN");
        cal.line("METHOD:PUBLISH");
        if let Some(name) = name {
            cal.text_prop("NAME", name);
            cal.text_prop("X-WR-CALNAME", name);
            cal.text_prop("X-WR-TIMEZONE", &site.config.timezone_name);
            cal.line(&format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}"));
            cal.line(&format!("X-PUBLISHED-TTL:{REFRESH}"));
        }
        cal
    }

    fn end(mut self) -> String {
        self.line("END:VCALENDAR");
        self.text
    }

    /// Appends one content line, folded, with CRLF.
    fn line(&mut self, line: &str) {
        push_folded(&mut self.text, line);
    }

    fn text_prop(&mut self, name: &str, value: &str) {
        self.line(&format!("{name}:{}", escape_text(value)));
    }

    /// The VTIMEZONE for the site's zone, when one of `events` has a time (all-day
    /// events are dates, which need none).
    fn timezone(&mut self, site: &Site, events: &[PageId]) {
        let years = events
            .iter()
            .filter_map(|&id| match &site.pages[id].page.fields {
                TypeFields::Event {
                    start: When::DateTime(s),
                    end,
                    ..
                } => Some((s.year(), end.map_or(s.year(), |e| e.date().year()))),
                _ => None,
            })
            .reduce(|(a, b), (c, d)| (a.min(c), b.max(d)));
        if let Some((first, last)) = years {
            let config = &site.config;
            write_vtimezone(self, &config.timezone_name, &config.timezone, first, last);
        }
    }

    fn event(&mut self, site: &Site, id: PageId, md: &Rendered) {
        let config = &site.config;
        let sp = &site.pages[id];
        let p = &sp.page;
        let TypeFields::Event {
            start,
            end,
            location,
            online_url,
            status,
            ..
        } = &p.fields
        else {
            return;
        };
        let tz = &config.timezone;
        let tzid = &config.timezone_name;
        let permalink = config.permalink(&sp.url);

        self.line("BEGIN:VEVENT");
        self.line(&format!(
            "UID:{}-{}@{}",
            slug::slugify(&p.translation_key),
            p.lang,
            host(&config.base_url)
        ));
        // The time the information was last revised, so a rebuild does not change it.
        let stamp = p.updated.or(p.date).unwrap_or(*start);
        self.line(&format!("DTSTAMP:{}", utc(stamp.datetime(), tz)));
        self.line(&format!("SEQUENCE:{}", sequence(p.date, p.updated)));
        match start {
            When::Date(first) => {
                let last = end.map_or(*first, |e| e.date());
                self.line(&format!("DTSTART;VALUE=DATE:{}", ics_date(*first)));
                // All-day events end at the start of the day after the last (exclusive).
                if let Ok(after) = last.tomorrow() {
                    self.line(&format!("DTEND;VALUE=DATE:{}", ics_date(after)));
                }
            }
            When::DateTime(s) => {
                self.line(&format!("DTSTART;TZID={tzid}:{}", ics_local(*s)));
                let until = match end {
                    Some(When::DateTime(e)) => Some(*e),
                    // A timed start with an end date lasts until that day is over.
                    Some(When::Date(d)) => d
                        .tomorrow()
                        .ok()
                        .map(|d| d.to_datetime(jiff::civil::Time::midnight())),
                    None => None,
                };
                if let Some(e) = until {
                    self.line(&format!("DTEND;TZID={tzid}:{}", ics_local(e)));
                }
            }
        }
        self.text_prop("SUMMARY", &p.title);
        let summary = crate::text::summary_of(p.summary.as_deref(), md);
        let description = if summary.is_empty() {
            permalink.clone()
        } else {
            format!("{summary}\n\n{permalink}")
        };
        self.text_prop("DESCRIPTION", &description);
        let online = online_url
            .as_deref()
            .filter(|_| *status != EventStatus::Cancelled);
        match (location, online) {
            (Some(place), _) => {
                let text = match &place.address {
                    Some(address) => format!("{}, {address}", place.name),
                    None => place.name.clone(),
                };
                self.text_prop("LOCATION", &text);
            }
            (None, Some(url)) => self.text_prop("LOCATION", url),
            (None, None) => {}
        }
        if let Some(url) = online {
            self.line(&format!("CONFERENCE;VALUE=URI:{url}"));
        }
        self.line(&format!("URL;VALUE=URI:{permalink}"));
        self.line(&format!(
            "STATUS:{}",
            match status {
                EventStatus::Scheduled => "CONFIRMED",
                EventStatus::Cancelled => "CANCELLED",
                // The closest RFC 5545 has: the date is no longer certain.
                EventStatus::Postponed => "TENTATIVE",
            }
        ));
        if !p.tags.is_empty() {
            let tags: Vec<String> = p.tags.iter().map(|t| escape_text(t)).collect();
            self.line(&format!("CATEGORIES:{}", tags.join(",")));
        }
        if let Some(o) = &config.organizer {
            if let Some(email) = &o.email {
                let name = o.name.get(&p.lang, &config.default_language);
                // A quoted parameter value may hold anything but DQUOTE and controls.
                let cn: String = name
                    .chars()
                    .filter(|c| *c != '"' && !c.is_control())
                    .collect();
                self.line(&format!("ORGANIZER;CN=\"{cn}\":mailto:{email}"));
            }
        }
        self.line("END:VEVENT");
    }
}

/// Appends `line` folded at 75 octets (RFC 5545 §3.1) with CRLF endings: each
/// continuation starts with a space, and no cut falls inside a UTF-8 character.
fn push_folded(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = LINE_OCTETS;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space counts towards the 75.
        limit = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// A TEXT value (RFC 5545 §3.3.11): `\`, `;`, `,` and line breaks escaped; other
/// control characters, which TEXT may not hold, dropped.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The host of the base URL, for UIDs: `https://gerove.example.lt/x` → `gerove.example.lt`.
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match authority.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => authority,
    }
}

/// SEQUENCE goes up when an event changes: the minutes from `date` (first published)
/// to `updated`, so moving `updated` forward raises it; 0 without both.
fn sequence(date: Option<When>, updated: Option<When>) -> i64 {
    match (date, updated) {
        (Some(d), Some(u)) => (u.datetime().duration_since(d.datetime()).as_secs() / 60).max(0),
        _ => 0,
    }
}

fn ics_date(d: Date) -> String {
    d.strftime("%Y%m%d").to_string()
}

fn ics_local(dt: DateTime) -> String {
    dt.strftime("%Y%m%dT%H%M%S").to_string()
}

/// A local time of the site as a UTC DATE-TIME (`20261119T220000Z`).
fn utc(dt: DateTime, tz: &TimeZone) -> String {
    let ts = dt
        .to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .or_else(|_| dt.to_zoned(TimeZone::UTC).map(|z| z.timestamp()));
    match ts {
        Ok(ts) => ts.strftime("%Y%m%dT%H%M%SZ").to_string(),
        Err(_) => format!("{}Z", ics_local(dt)),
    }
}

/// `+0200`, with seconds only when the offset has them (RFC 5545 UTC-OFFSET).
fn ics_offset(offset: Offset) -> String {
    let total = offset.seconds();
    let sign = if total < 0 { '-' } else { '+' };
    let a = total.unsigned_abs();
    let (h, m, s) = (a / 3600, a / 60 % 60, a % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A change of offset in a time zone, as VTIMEZONE describes it: the local time it
/// happens at (in the offset before it), the offsets before and after, and its name.
#[derive(Debug, Clone, PartialEq)]
struct Onset {
    local: DateTime,
    from: Offset,
    to: Offset,
    dst: bool,
    name: String,
}

/// Writes the VTIMEZONE of `tz` valid for the years `first..=last`, from the tz
/// database. When every change in those years (and one either side) follows a yearly
/// rule, as with the EU's last-Sunday rule, each kind is one STANDARD or DAYLIGHT part
/// with an RRULE, which every calendar app understands; otherwise each change is listed.
fn write_vtimezone(cal: &mut Calendar, tzid: &str, tz: &TimeZone, first: i16, last: i16) {
    let (from_year, to_year) = (first.saturating_sub(1), last.saturating_add(1));
    let at = |year: i16| {
        jiff::civil::date(year, 1, 1)
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    };
    let (start, end) = (at(from_year), at(to_year.saturating_add(1)));
    let onsets: Vec<Onset> = tz
        .following(start)
        .take_while(|t| t.timestamp() < end)
        .map(|t| {
            let before = tz.to_offset(t.timestamp() - jiff::SignedDuration::from_secs(1));
            Onset {
                local: before.to_datetime(t.timestamp()),
                from: before,
                to: t.offset(),
                dst: t.dst().is_dst(),
                name: t.abbreviation().to_string(),
            }
        })
        .collect();

    cal.line("BEGIN:VTIMEZONE");
    cal.line(&format!("TZID:{tzid}"));
    cal.line(&format!("X-LIC-LOCATION:{tzid}"));
    if let Some(rules) = yearly_rules(&onsets, from_year, to_year) {
        for (onset, rrule) in rules {
            write_observance(cal, &onset, Some(&rrule));
        }
    } else {
        // The offset in force when the period begins, then every change in it.
        let info = tz.to_offset_info(start);
        let initial = Onset {
            local: info.offset().to_datetime(start),
            from: info.offset(),
            to: info.offset(),
            dst: info.dst().is_dst(),
            name: info.abbreviation().to_string(),
        };
        write_observance(cal, &initial, None);
        for onset in &onsets {
            write_observance(cal, onset, None);
        }
    }
    cal.line("END:VTIMEZONE");
}

fn write_observance(cal: &mut Calendar, onset: &Onset, rrule: Option<&str>) {
    let kind = if onset.dst { "DAYLIGHT" } else { "STANDARD" };
    cal.line(&format!("BEGIN:{kind}"));
    cal.line(&format!("DTSTART:{}", ics_local(onset.local)));
    if let Some(rrule) = rrule {
        cal.line(&format!("RRULE:{rrule}"));
    }
    cal.line(&format!("TZOFFSETFROM:{}", ics_offset(onset.from)));
    cal.line(&format!("TZOFFSETTO:{}", ics_offset(onset.to)));
    if !onset.name.is_empty() {
        cal.text_prop("TZNAME", &onset.name);
    }
    cal.line(&format!("END:{kind}"));
}

/// The changes as yearly rules — (first onset, RRULE) per kind of change — when every
/// kind happens exactly once in each year `from..=to`, in the same month at the same
/// local time, on the same weekday of the month (`-1SU`, `2SU`) or day of the month.
/// `None` when there are no changes or they follow no such rule.
fn yearly_rules(onsets: &[Onset], from: i16, to: i16) -> Option<Vec<(Onset, String)>> {
    let mut groups: Vec<Vec<&Onset>> = Vec::new();
    for onset in onsets {
        let same = |g: &&mut Vec<&Onset>| {
            let o = g[0];
            (o.dst, o.from, o.to, &o.name) == (onset.dst, onset.from, onset.to, &onset.name)
        };
        match groups.iter_mut().find(same) {
            Some(g) => g.push(onset),
            None => groups.push(vec![onset]),
        }
    }
    if groups.is_empty() {
        return None;
    }
    let years: Vec<i16> = (from..=to).collect();
    let mut rules = Vec::new();
    for group in groups {
        let first = group[0];
        let d0 = first.local.date();
        let every = |f: &dyn Fn(&Onset) -> bool| group.iter().all(|o| f(o));
        let in_each_year = group
            .iter()
            .map(|o| o.local.year())
            .eq(years.iter().copied());
        if !in_each_year
            || !every(&|o| o.local.month() == d0.month() && o.local.time() == first.local.time())
        {
            return None;
        }
        let by_day = if every(&|o| o.local.day() == d0.day()) {
            format!("BYMONTHDAY={}", d0.day())
        } else if !every(&|o| o.local.weekday() == d0.weekday()) {
            return None;
        } else if every(&|o| o.local.day() > o.local.date().days_in_month() - 7) {
            format!("BYDAY=-1{}", weekday_code(d0.weekday()))
        } else if every(&|o| (o.local.day() - 1) / 7 == (d0.day() - 1) / 7) {
            format!(
                "BYDAY={}{}",
                (d0.day() - 1) / 7 + 1,
                weekday_code(d0.weekday())
            )
        } else {
            return None;
        };
        rules.push((
            first.clone(),
            format!("FREQ=YEARLY;BYMONTH={};{by_day}", d0.month()),
        ));
    }
    Some(rules)
}

fn weekday_code(w: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday::*;
    match w {
        Monday => "MO",
        Tuesday => "TU",
        Wednesday => "WE",
        Thursday => "TH",
        Friday => "FR",
        Saturday => "SA",
        Sunday => "SU",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        push_folded(&mut out, line);
        out
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(folded("SUMMARY:Seminaras"), "SUMMARY:Seminaras\r\n");
        let exactly = format!("X:{}", "a".repeat(73));
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn folding_moves_a_multibyte_letter_that_would_straddle_the_limit() {
        // 74 ASCII octets, then "ž" (2 octets) would end at octet 76: it must go whole
        // to the next line, leaving a first line of 74 octets.
        let line = format!("SUMMARY:{}žąsis", "a".repeat(66));
        assert_eq!(line.find('ž'), Some(74));
        let out = folded(&line);
        let lines: Vec<&str> = out.split_terminator("\r\n").collect();
        assert_eq!(lines[0].len(), 74);
        assert_eq!(lines[1], " žąsis");
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn folded_lines_stay_within_75_octets_and_unfold_to_the_original() {
        // Letters of 1, 2, 3 and 4 octets, so cuts land at every offset.
        let line = format!("DESCRIPTION:{}", "aą€😀 Žvelk giliau; ".repeat(30));
        let out = folded(&line);
        assert!(out.ends_with("\r\n"));
        for (i, physical) in out.split_terminator("\r\n").enumerate() {
            assert!(
                physical.len() <= 75,
                "line {i} has {} octets",
                physical.len()
            );
            assert_eq!(i > 0, physical.starts_with(' '), "line {i}");
        }
        assert_eq!(unfold(&out), format!("{line}\r\n"));
    }

    #[test]
    fn text_escapes_backslash_semicolon_comma_and_line_breaks() {
        assert_eq!(
            escape_text("Žygis; lietus, \\ ne\r\nkliūtis\nTaip\u{7}"),
            "Žygis\\; lietus\\, \\\\ ne\\nkliūtis\\nTaip"
        );
    }

    #[test]
    fn host_is_taken_from_the_base_url() {
        assert_eq!(host("https://gerove.example.lt"), "gerove.example.lt");
        assert_eq!(host("http://localhost:1111/kampanija"), "localhost");
    }

    #[test]
    fn sequence_counts_minutes_from_publication_to_update() {
        let d = |s: &str| When::parse(s);
        assert_eq!(sequence(d("2026-11-02"), None), 0);
        assert_eq!(sequence(d("2026-11-02"), d("2026-11-03")), 1440);
        assert_eq!(sequence(d("2026-11-03"), d("2026-11-02")), 0);
    }

    #[test]
    fn event_file_is_named_after_the_page() {
        assert_eq!(
            event_file_url("/renginiai/seminaras/"),
            "/renginiai/seminaras/seminaras.ics"
        );
    }

    fn vtimezone(name: &str, first: i16, last: i16) -> String {
        let tz = TimeZone::get(name).expect("zone in the bundled tz database");
        let mut cal = Calendar {
            text: String::new(),
        };
        write_vtimezone(&mut cal, name, &tz, first, last);
        unfold(&cal.text)
    }

    #[test]
    fn vilnius_gets_the_eu_summer_time_rules() {
        let text = vtimezone("Europe/Vilnius", 2026, 2026);
        assert_eq!(
            text,
            "BEGIN:VTIMEZONE\r\nTZID:Europe/Vilnius\r\nX-LIC-LOCATION:Europe/Vilnius\r\n\
             BEGIN:DAYLIGHT\r\nDTSTART:20250330T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
             TZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nTZNAME:EEST\r\nEND:DAYLIGHT\r\n\
             BEGIN:STANDARD\r\nDTSTART:20251026T040000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
             TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nTZNAME:EET\r\nEND:STANDARD\r\n\
             END:VTIMEZONE\r\n"
        );
    }

    #[test]
    fn a_zone_without_summer_time_has_one_standard_observance() {
        let text = vtimezone("Asia/Tokyo", 2026, 2026);
        assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
        assert!(!text.contains("DAYLIGHT"), "{text}");
        assert!(
            text.contains("TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\n"),
            "{text}"
        );
    }

    #[test]
    fn a_zone_whose_rules_changed_lists_each_change() {
        // Mexico City stopped observing summer time after October 2022.
        let text = vtimezone("America/Mexico_City", 2022, 2022);
        assert!(!text.contains("RRULE"), "{text}");
        assert!(text.contains("DTSTART:20210404T020000"), "{text}");
        assert!(text.contains("DTSTART:20221030T020000"), "{text}");
    }

    #[test]
    fn southern_hemisphere_rules_use_the_first_sunday() {
        let text = vtimezone("Australia/Sydney", 2026, 2026);
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=1SU"),
            "{text}"
        );
        assert!(
            text.contains("RRULE:FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"),
            "{text}"
        );
    }
}
