//! iCalendar (RFC 5545) files: one beside each event page (`<slug>.ics`) and, per
//! language, a calendar feed (`calendar.ics`) in the events section to subscribe to.
//!
//! Hand-written rather than taken from a crate (see ARCHITECTURE.md): text escaping,
//! folding at 75 octets on character boundaries, and a VTIMEZONE made from the tz
//! database through jiff. Everything written depends only on the content, never on the
//! build's time, so a rebuild produces the same bytes and unchanged files stay as they are.

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

use crate::content::{slug, EventStatus, PageId, TypeFields, When, YEARS};
use crate::markdown::Rendered;
use crate::site::addresses::{calendar_section, event_file_url, is_event, CALENDAR_FILE};
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

/// A property value or parameter, as [`escape`] must write it.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// TEXT (RFC 5545 §3.3.11): `\`, `;`, `,` and line breaks escaped.
    Text(&'a str),
    /// A list of TEXT values (CATEGORIES), each escaped, separated by `,`.
    Texts(&'a [String]),
    /// A URI or CAL-ADDRESS (§3.3.13, §3.3.3), which has no escapes: written as is.
    Uri(&'a str),
    /// A value this module formats itself: a date, a number, an RRULE, a fixed word.
    Plain(&'a str),
    /// A parameter value (§3.2): quoted when it holds `;`, `:` or `,`; no `"` inside.
    Param(&'a str),
}

/// The one way text gets into a calendar: every property value and parameter passes
/// through here, whatever its kind, so no field can bring a line break or any other
/// control character (C0, DEL, C1) into a content line. In TEXT a line break becomes
/// `\n` and a tab a space; elsewhere control characters are dropped (loading refuses
/// them in addresses, so this only guards).
pub fn escape(value: Value<'_>, out: &mut String) {
    let text = match value {
        Value::Text(t) => t,
        Value::Texts(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                escape(Value::Text(item), out);
            }
            return;
        }
        Value::Uri(t) | Value::Plain(t) => {
            out.extend(t.chars().filter(|c| !c.is_control()));
            return;
        }
        Value::Param(t) => {
            let clean = || t.chars().filter(|c| !c.is_control() && *c != '"');
            if clean().any(|c| matches!(c, ';' | ':' | ',')) {
                out.push('"');
                out.extend(clean());
                out.push('"');
            } else {
                out.extend(clean());
            }
            return;
        }
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            // CRLF is one line break; a CR alone is one too.
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// One content line, folded, with CRLF: `NAME;PARAM=value:value`, every parameter and
/// the value through [`escape`]. The property and parameter names are this module's.
pub fn content_line(name: &str, params: &[(&str, Value<'_>)], value: Value<'_>) -> String {
    let mut line = String::with_capacity(name.len() + 64);
    line.push_str(name);
    for (key, param) in params {
        line.push(';');
        line.push_str(key);
        line.push('=');
        escape(*param, &mut line);
    }
    line.push(':');
    escape(value, &mut line);
    let mut out = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    push_folded(&mut out, &line);
    out
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
        cal.plain("BEGIN", "VCALENDAR");
        cal.plain("VERSION", "2.0");
        cal.prop("PRODID", &[], Value::Text(PRODID));
        cal.plain("CALSCALE", "GREGORIAN");
        cal.plain("METHOD", "PUBLISH");
        if let Some(name) = name {
            cal.prop("NAME", &[], Value::Text(name));
            cal.prop("X-WR-CALNAME", &[], Value::Text(name));
            cal.prop(
                "X-WR-TIMEZONE",
                &[],
                Value::Text(&site.config.timezone_name),
            );
            let duration = [("VALUE", Value::Plain("DURATION"))];
            cal.prop("REFRESH-INTERVAL", &duration, Value::Plain(REFRESH));
            cal.plain("X-PUBLISHED-TTL", REFRESH);
        }
        cal
    }

    fn end(mut self) -> String {
        self.plain("END", "VCALENDAR");
        self.text
    }

    /// Appends one property: the only way anything is written into the calendar.
    fn prop(&mut self, name: &str, params: &[(&str, Value<'_>)], value: Value<'_>) {
        self.text.push_str(&content_line(name, params, value));
    }

    fn plain(&mut self, name: &str, value: &str) {
        self.prop(name, &[], Value::Plain(value));
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
        let permalink = config.permalink(&sp.url);

        self.plain("BEGIN", "VEVENT");
        // Two project sites on one host (`org.github.io/a/`, `/b/`) keep apart.
        let uid = format!(
            "{}-{}@{}{}",
            slug::slugify(&p.translation_key),
            p.lang,
            host(&config.base_url),
            config.base_path
        );
        self.prop("UID", &[], Value::Text(&uid));
        // The time the information was last revised, so a rebuild does not change it.
        let stamp = p.updated.or(p.date).unwrap_or(*start);
        self.plain("DTSTAMP", &utc(stamp.datetime(), tz));
        self.plain("SEQUENCE", &sequence(p.date, p.updated).to_string());
        self.times(&config.timezone_name, *start, *end);
        self.prop("SUMMARY", &[], Value::Text(&p.title));
        let summary = crate::text::summary_of(p.summary.as_deref(), md);
        let description = if summary.is_empty() {
            permalink.clone()
        } else {
            format!("{summary}\n\n{permalink}")
        };
        self.prop("DESCRIPTION", &[], Value::Text(&description));
        let online = online_url
            .as_deref()
            .filter(|_| *status != EventStatus::Cancelled);
        match (location, online) {
            (Some(place), _) => {
                let text = match &place.address {
                    Some(address) => format!("{}, {address}", place.name),
                    None => place.name.clone(),
                };
                self.prop("LOCATION", &[], Value::Text(&text));
            }
            (None, Some(url)) => self.prop("LOCATION", &[], Value::Text(url)),
            (None, None) => {}
        }
        let uri = [("VALUE", Value::Plain("URI"))];
        if let Some(url) = online {
            self.prop("CONFERENCE", &uri, Value::Uri(url));
        }
        self.prop("URL", &uri, Value::Uri(&permalink));
        self.plain(
            "STATUS",
            match status {
                EventStatus::Scheduled => "CONFIRMED",
                EventStatus::Cancelled => "CANCELLED",
                // The closest RFC 5545 has: the date is no longer certain.
                EventStatus::Postponed => "TENTATIVE",
            },
        );
        if !p.tags.is_empty() {
            self.prop("CATEGORIES", &[], Value::Texts(&p.tags));
        }
        if let Some(o) = &config.organizer {
            if let Some(email) = &o.email {
                let name = o.name.get(&p.lang, &config.default_language);
                let mailto = format!("mailto:{email}");
                self.prop(
                    "ORGANIZER",
                    &[("CN", Value::Param(name))],
                    Value::Uri(&mailto),
                );
            }
        }
        self.plain("END", "VEVENT");
    }

    /// DTSTART and DTEND: dates for all-day events (the end exclusive), else local
    /// times of the site's zone `tzid`.
    fn times(&mut self, tzid: &str, start: When, end: Option<When>) {
        let date = [("VALUE", Value::Plain("DATE"))];
        let zone = [("TZID", Value::Param(tzid))];
        match start {
            When::Date(first) => {
                let last = end.map_or(first, |e| e.date());
                self.prop("DTSTART", &date, Value::Plain(&ics_date(first)));
                // All-day events end at the start of the day after the last (exclusive).
                if let Ok(after) = last.tomorrow() {
                    self.prop("DTEND", &date, Value::Plain(&ics_date(after)));
                }
            }
            When::DateTime(s) => {
                self.prop("DTSTART", &zone, Value::Plain(&ics_local(s)));
                let until = match end {
                    Some(When::DateTime(e)) => Some(e),
                    // A timed start with an end date lasts until that day is over.
                    Some(When::Date(d)) => d
                        .tomorrow()
                        .ok()
                        .map(|d| d.to_datetime(jiff::civil::Time::midnight())),
                    None => None,
                };
                if let Some(e) = until {
                    self.prop("DTEND", &zone, Value::Plain(&ics_local(e)));
                }
            }
        }
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

/// A TEXT value escaped (see [`escape`]).
#[cfg(test)]
fn escape_text(text: &str) -> String {
    let mut out = String::new();
    escape(Value::Text(text), &mut out);
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
/// to `updated`, so moving `updated` forward raises it; 0 without both. iCalendar's
/// INTEGER is 32-bit (§3.3.8), so it stops at 2,147,483,647 (about 4,000 years).
fn sequence(date: Option<When>, updated: Option<When>) -> i32 {
    match (date, updated) {
        (Some(d), Some(u)) => {
            let minutes = u.datetime().duration_since(d.datetime()).as_secs() / 60;
            i32::try_from(minutes.max(0)).unwrap_or(i32::MAX)
        }
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
    // Content dates are inside `YEARS`; the clamp keeps a year either side and the
    // year after that representable whatever comes in.
    let (min, max) = (*YEARS.start() - 1, *YEARS.end() + 1);
    let from_year = first.saturating_sub(1).clamp(min, max);
    let to_year = last.saturating_add(1).clamp(from_year, max);
    let at = |year: i16| {
        Date::new(year, 1, 1)
            .and_then(|d| d.to_zoned(TimeZone::UTC))
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::MAX)
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

    cal.plain("BEGIN", "VTIMEZONE");
    cal.prop("TZID", &[], Value::Text(tzid));
    cal.prop("X-LIC-LOCATION", &[], Value::Text(tzid));
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
    cal.plain("END", "VTIMEZONE");
}

fn write_observance(cal: &mut Calendar, onset: &Onset, rrule: Option<&str>) {
    let kind = if onset.dst { "DAYLIGHT" } else { "STANDARD" };
    cal.plain("BEGIN", kind);
    cal.plain("DTSTART", &ics_local(onset.local));
    if let Some(rrule) = rrule {
        cal.plain("RRULE", rrule);
    }
    cal.plain("TZOFFSETFROM", &ics_offset(onset.from));
    cal.plain("TZOFFSETTO", &ics_offset(onset.to));
    if !onset.name.is_empty() {
        cal.prop("TZNAME", &[], Value::Text(&onset.name));
    }
    cal.plain("END", kind);
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

    /// Every C0 and C1 control character, DEL, and text around them.
    fn controls() -> String {
        let mut text = String::from("a;b,c\\d:e\"f");
        text.extend(
            (0u32..=0x9f)
                .filter_map(char::from_u32)
                .filter(|c| c.is_control()),
        );
        text.push_str("END:VEVENT\r\nBEGIN:VEVENT\rX\n");
        text
    }

    #[test]
    fn no_value_kind_lets_a_control_character_through() {
        let text = controls();
        let list = [text.clone(), "x".to_string()];
        for value in [
            Value::Text(&text),
            Value::Texts(&list),
            Value::Uri(&text),
            Value::Plain(&text),
            Value::Param(&text),
        ] {
            let line = content_line("X-TEST", &[("P", Value::Param(&text))], value);
            let body = line.strip_suffix("\r\n").expect("CRLF");
            for physical in body.split("\r\n ") {
                assert!(
                    !physical.chars().any(char::is_control),
                    "{value:?}: {physical:?}"
                );
                assert!(physical.len() <= 75);
            }
        }
    }

    #[test]
    fn parameters_are_quoted_when_they_hold_separators_and_lose_quotes() {
        let line = content_line(
            "ORGANIZER",
            &[("CN", Value::Param("A \"B\"; C:D"))],
            Value::Uri("mailto:a@b.test"),
        );
        assert_eq!(line, "ORGANIZER;CN=\"A B; C:D\":mailto:a@b.test\r\n");
        let line = content_line(
            "DTSTART",
            &[("TZID", Value::Param("Europe/Vilnius"))],
            Value::Plain("20261210T180000"),
        );
        assert_eq!(line, "DTSTART;TZID=Europe/Vilnius:20261210T180000\r\n");
        let tags = ["a,b".to_string(), "c;d\\".to_string()];
        assert_eq!(
            content_line("CATEGORIES", &[], Value::Texts(&tags)),
            "CATEGORIES:a\\,b,c\\;d\\\\\r\n"
        );
    }

    #[test]
    fn sequence_stops_at_the_largest_icalendar_integer() {
        let d = |s: &str| When::parse(s);
        assert_eq!(sequence(d("1000-01-01"), d("9000-12-31")), i32::MAX);
        assert_eq!(sequence(d("9000-12-31"), d("1000-01-01")), 0);
    }

    #[test]
    fn time_zones_at_the_edge_of_the_years_do_not_panic() {
        for (first, last) in [
            (9000, 9000),
            (1000, 1000),
            (1000, 9000),
            (9999, 9999),
            (i16::MAX, i16::MAX),
            (i16::MIN, i16::MIN),
            (i16::MIN, i16::MAX),
        ] {
            let text = vtimezone("Europe/Vilnius", first, last);
            assert!(text.starts_with("BEGIN:VTIMEZONE\r\n"), "{first}..{last}");
            assert!(text.ends_with("END:VTIMEZONE\r\n"), "{first}..{last}");
        }
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
