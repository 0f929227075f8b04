//! Events: the `.ics` beside each event page, each language's calendar feed, the
//! schema.org JSON-LD on event pages, and dates in the reader's language. Calendars are
//! parsed with the `icalendar` crate's parser and JSON-LD with serde_json.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use sklaida::BuildOptions;

use crate::support::*;

/// One property of a parsed calendar, with its TEXT value unescaped by the parser.
#[derive(Debug, Clone)]
struct Prop {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Prop {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A parsed component (VCALENDAR, VEVENT, VTIMEZONE, …), owned.
#[derive(Debug, Clone)]
struct Component {
    name: String,
    props: Vec<Prop>,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> &Prop {
        self.props
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("{} has no {name}: {:#?}", self.name, self.props))
    }

    fn value(&self, name: &str) -> &str {
        &self.prop(name).value
    }

    fn has(&self, name: &str) -> bool {
        self.props.iter().any(|p| p.name == name)
    }

    fn children(&self, name: &str) -> Vec<&Component> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    fn events(&self) -> Vec<&Component> {
        self.children("VEVENT")
    }

    /// The one VEVENT of an event's own calendar file.
    fn event(&self) -> &Component {
        let events = self.events();
        assert_eq!(events.len(), 1, "expected one VEVENT");
        events[0]
    }
}

fn own(c: &icalendar::parser::Component<'_>) -> Component {
    Component {
        name: c.name.as_str().to_string(),
        props: own_props(&c.properties),
        children: c.components.iter().map(own).collect(),
    }
}

fn own_props(props: &[icalendar::parser::Property<'_>]) -> Vec<Prop> {
    props
        .iter()
        .map(|p| Prop {
            name: p.name.as_str().to_string(),
            params: p
                .params
                .iter()
                .map(|x| {
                    let value = x.val.as_ref().map_or("", |v| v.as_str());
                    (x.key.as_str().to_string(), value.to_string())
                })
                .collect(),
            value: p.val.as_str().to_string(),
        })
        .collect()
}

/// Checks the physical form (CRLF line ends, at most 75 octets a line), then unfolds
/// and parses `bytes` as one VCALENDAR.
fn parse_ics(name: &str, bytes: &[u8]) -> Component {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: not UTF-8: {e}"));
    assert_physical_lines(name, text);
    let unfolded = icalendar::parser::unfold(text);
    let calendar = icalendar::parser::read_calendar(&unfolded)
        .unwrap_or_else(|e| panic!("{name} does not parse:\n{e}"));
    Component {
        name: "VCALENDAR".into(),
        props: own_props(&calendar.properties),
        children: calendar.components.iter().map(own).collect(),
    }
}

/// RFC 5545 §3.1: every line ends in CRLF and holds at most 75 octets.
fn assert_physical_lines(name: &str, text: &str) {
    assert!(text.ends_with("\r\n"), "{name}: must end with CRLF");
    for (i, line) in text.split_terminator("\r\n").enumerate() {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "{name}:{}: bare line break in {line:?}",
            i + 1
        );
        assert!(
            line.len() <= 75,
            "{name}:{}: {} octets: {line:?}",
            i + 1,
            line.len()
        );
    }
}

/// Every `.ics` in the output: (path relative to the output, bytes).
fn calendars(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    site.snapshot()
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".ics"))
        .collect()
}

fn ics(site: &TestSite, rel: &str) -> Component {
    parse_ics(rel, &site.read(rel))
}

/// The JSON-LD of an event page, parsed; there must be exactly one.
fn json_ld(site: &TestSite, url: &str) -> Value {
    let html = site.html(url);
    let script = one(&html, r#"script[type="application/ld+json"]"#);
    let text: String = script.text().collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: JSON-LD: {e}\n{text}"))
}

fn built_fixture() -> TestSite {
    let site = TestSite::fixture("events");
    site.build_ok();
    site
}

#[test]
fn every_event_has_a_calendar_file_and_each_language_a_feed() {
    let site = built_fixture();
    let files: BTreeSet<String> = calendars(&site).into_iter().map(|(rel, _)| rel).collect();
    let expected: BTreeSet<String> = [
        "renginiai/calendar.ics",
        "renginiai/seminaras/seminaras.ics",
        "renginiai/stovykla/stovykla.ics",
        "renginiai/paroda/paroda.ics",
        "renginiai/savaite/savaite.ics",
        "renginiai/koncertas/koncertas.ics",
        "en/events/calendar.ics",
        "en/events/seminar/seminar.ics",
        "en/events/summer-camp/summer-camp.ics",
        "en/events/exhibition/exhibition.ics",
        "en/events/week/week.ics",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(files, expected);

    // A feed holds exactly its language's events, the same ones as their own files.
    for (feed, lang) in [
        ("renginiai/calendar.ics", "lt"),
        ("en/events/calendar.ics", "en"),
    ] {
        let cal = ics(&site, feed);
        assert_eq!(cal.value("METHOD"), "PUBLISH", "{feed}");
        assert!(cal.has("X-WR-CALNAME"), "{feed}");
        let in_feed: BTreeSet<String> = cal
            .events()
            .iter()
            .map(|e| e.value("UID").to_string())
            .collect();
        let own_files: BTreeSet<String> = files
            .iter()
            .filter(|f| !f.ends_with("calendar.ics"))
            .filter(|f| f.starts_with("en/") == (lang == "en"))
            .map(|f| ics(&site, f).event().value("UID").to_string())
            .collect();
        assert_eq!(in_feed, own_files, "{feed}");
        assert!(in_feed
            .iter()
            .all(|u| u.ends_with(&format!("-{lang}@renginiai.example.test"))));
    }

    // Event pages link to their file; the events list links to the feed with its full address.
    let page = site.html("/renginiai/seminaras/");
    let link = one(&page, "a[href$='.ics']");
    assert_eq!(attr(link, "href"), "/renginiai/seminaras/seminaras.ics");
    assert_eq!(text(link), "Įtraukti į kalendorių (.ics)");
    let page = site.html("/en/events/seminar/");
    assert_eq!(
        text(one(&page, "a[href$='.ics']")),
        "Add to calendar (.ics)"
    );
    for (url, feed) in [
        ("/renginiai/", "/renginiai/calendar.ics"),
        ("/en/events/", "/en/events/calendar.ics"),
    ] {
        let list = site.html(url);
        let link = one(&list, ".calendar-feed a");
        assert_eq!(attr(link, "href"), feed);
        assert_eq!(text(link), format!("https://renginiai.example.test{feed}"));
    }
    // A cancelled event still links its file, which tells calendars it is cancelled.
    assert_eq!(
        select(&site.html("/renginiai/savaite/"), "a[href$='.ics']").len(),
        1
    );
}

#[test]
fn every_calendar_parses_with_version_prodid_uid_and_utc_dtstamp() {
    let site = built_fixture();
    for (rel, bytes) in calendars(&site) {
        let cal = parse_ics(&rel, &bytes);
        assert_eq!(cal.value("VERSION"), "2.0", "{rel}");
        assert!(!cal.value("PRODID").is_empty(), "{rel}");
        assert!(!cal.events().is_empty(), "{rel}");
        let zones: BTreeSet<&str> = cal
            .children("VTIMEZONE")
            .iter()
            .map(|z| z.value("TZID"))
            .collect();
        for event in cal.events() {
            assert!(!event.value("UID").is_empty(), "{rel}");
            let stamp = event.value("DTSTAMP");
            assert!(
                stamp.len() == 16 && stamp.ends_with('Z') && stamp.as_bytes()[8] == b'T',
                "{rel}: DTSTAMP {stamp} is not a UTC date-time"
            );
            assert!(event.value("SEQUENCE").parse::<u32>().is_ok(), "{rel}");
            assert!(event
                .value("URL")
                .starts_with("https://renginiai.example.test/"));
            // Every TZID used has its VTIMEZONE.
            for p in &event.props {
                if let Some(tzid) = p.param("TZID") {
                    assert!(
                        zones.contains(tzid),
                        "{rel}: {} uses {tzid} without VTIMEZONE",
                        p.name
                    );
                }
            }
        }
    }
}

#[test]
fn calendars_are_byte_identical_across_rebuilds_and_keep_their_uids() {
    let site = built_fixture();
    let first = calendars(&site);
    // A later build (another "now") must not change a byte, so hosting skips the files.
    let later = BuildOptions {
        now: Some(jiff::civil::date(2027, 3, 1).at(8, 0, 0, 0)),
        ..site.options()
    };
    let report = sklaida::build(&later).expect("second build");
    assert_eq!(calendars(&site), first);
    assert!(
        report.files.unchanged >= first.len(),
        "{}",
        report.summary()
    );

    // A new address (slug) keeps the UID, so calendars update the event, not add one.
    let uid = |site: &TestSite, rel: &str| ics(site, rel).event().value("UID").to_string();
    let before = uid(&site, "en/events/seminar/seminar.ics");
    assert_eq!(
        before,
        "renginiai-2026-12-10-seminaras-en@renginiai.example.test"
    );
    let path = "content/renginiai/2026-12-10-seminaras/index.en.md";
    let text = std::fs::read_to_string(site.root.join(path)).expect("read");
    site.write(
        path,
        &text.replace("slug: seminar\n", "slug: winter-seminar\n"),
    );
    site.build_ok();
    assert_eq!(
        uid(&site, "en/events/winter-seminar/winter-seminar.ics"),
        before
    );
}

#[test]
fn timed_events_are_in_the_site_time_zone_with_its_vtimezone() {
    let site = built_fixture();
    let cal = ics(&site, "renginiai/seminaras/seminaras.ics");
    let event = cal.event();
    let start = event.prop("DTSTART");
    assert_eq!(start.param("TZID"), Some("Europe/Vilnius"));
    assert_eq!(start.value, "20261210T180000");
    let end = event.prop("DTEND");
    assert_eq!(end.param("TZID"), Some("Europe/Vilnius"));
    assert_eq!(end.value, "20261210T193000");
    // Published 2026-11-02, updated 2026-11-03 10:30: DTSTAMP is the update in UTC
    // (Vilnius is +02:00 in November), SEQUENCE the minutes in between.
    assert_eq!(event.value("DTSTAMP"), "20261103T083000Z");
    assert_eq!(
        event.value("SEQUENCE"),
        (24 * 60 + 10 * 60 + 30).to_string()
    );

    let zones = cal.children("VTIMEZONE");
    assert_eq!(zones.len(), 1);
    let zone = zones[0];
    assert_eq!(zone.value("TZID"), "Europe/Vilnius");
    let summer = zone.children("DAYLIGHT");
    let winter = zone.children("STANDARD");
    assert_eq!((summer.len(), winter.len()), (1, 1));
    assert_eq!(summer[0].value("RRULE"), "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    assert_eq!(summer[0].value("TZOFFSETFROM"), "+0200");
    assert_eq!(summer[0].value("TZOFFSETTO"), "+0300");
    assert!(summer[0].value("DTSTART").ends_with("T030000"));
    assert_eq!(
        winter[0].value("RRULE"),
        "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    );
    assert_eq!(winter[0].value("TZOFFSETFROM"), "+0300");
    assert_eq!(winter[0].value("TZOFFSETTO"), "+0200");
    assert!(winter[0].value("DTSTART").ends_with("T040000"));

    // The summer event is written in local time too; the VTIMEZONE gives it +03:00.
    let summer_event = ics(&site, "renginiai/stovykla/stovykla.ics");
    let start = summer_event.event().prop("DTSTART");
    assert_eq!(start.param("TZID"), Some("Europe/Vilnius"));
    assert_eq!(start.value, "20260704T100000");
}

#[test]
fn all_day_events_are_dates_ending_the_day_after_the_last() {
    let site = built_fixture();
    let one_day = ics(&site, "renginiai/paroda/paroda.ics");
    assert!(
        one_day.children("VTIMEZONE").is_empty(),
        "dates need no time zone"
    );
    let event = one_day.event();
    assert_eq!(event.prop("DTSTART").param("VALUE"), Some("DATE"));
    assert_eq!(event.value("DTSTART"), "20260220");
    assert_eq!(event.prop("DTEND").param("VALUE"), Some("DATE"));
    assert_eq!(event.value("DTEND"), "20260221");

    let week = ics(&site, "renginiai/savaite/savaite.ics");
    let event = week.event();
    assert_eq!(event.value("DTSTART"), "20260330");
    assert_eq!(
        event.value("DTEND"),
        "20260404",
        "30 March to 3 April inclusive"
    );
}

#[test]
fn text_is_escaped_folded_and_round_trips() {
    let site = built_fixture();
    let title = "Seminaras; nerimas, stresas ir miegas – „Ąžuolų“ klubas \\ Šiauliai";
    let raw = String::from_utf8(site.read("renginiai/seminaras/seminaras.ics")).expect("UTF-8");
    let unfolded = raw.replace("\r\n ", "");
    assert!(
        unfolded.contains(
            "SUMMARY:Seminaras\\; nerimas\\, stresas ir miegas – „Ąžuolų“ klubas \\\\ Šiauliai\r\n"
        ),
        "{unfolded}"
    );
    let event = parse_ics("seminaras.ics", raw.as_bytes()).event().clone();
    assert_eq!(event.value("SUMMARY"), title);
    assert_eq!(
        event.value("LOCATION"),
        "Kultūros centras, Atgimimo g. 1, Kazlų Rūda"
    );

    // The long description is folded over several lines and unfolds to the original.
    let summary = "Ilgas aprašymas su lietuviškomis raidėmis, kad eilutė būtų perlenkta keliose vietose: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ; kabliataškis, kablelis ir „kabutės“ – viskas turi išlikti.";
    let start = raw.find("DESCRIPTION:").expect("DESCRIPTION");
    let physical: Vec<&str> = raw[start..]
        .split("\r\n")
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with(' '))
        .map(|(_, l)| l)
        .collect();
    assert!(physical.len() >= 3, "{physical:?}");
    assert_eq!(
        event.value("DESCRIPTION"),
        format!("{summary}\n\nhttps://renginiai.example.test/renginiai/seminaras/")
    );
    assert_eq!(
        event.value("URL"),
        "https://renginiai.example.test/renginiai/seminaras/"
    );
    assert!(event
        .value("ORGANIZER")
        .ends_with("mailto:info@biuras.example.test"));
    assert_eq!(
        event.prop("ORGANIZER").param("CN"),
        Some("Sveikatos biuras")
    );
}

#[test]
fn status_follows_cancelled_and_postponed() {
    let site = built_fixture();
    for (rel, status) in [
        ("renginiai/seminaras/seminaras.ics", "CONFIRMED"),
        ("renginiai/savaite/savaite.ics", "CANCELLED"),
        ("renginiai/stovykla/stovykla.ics", "TENTATIVE"),
        ("en/events/week/week.ics", "CANCELLED"),
    ] {
        assert_eq!(ics(&site, rel).event().value("STATUS"), status, "{rel}");
    }
    let feed = ics(&site, "renginiai/calendar.ics");
    let statuses: Vec<&str> = feed.events().iter().map(|e| e.value("STATUS")).collect();
    // Soonest first: exhibition, week, camp, seminar, concert.
    assert_eq!(
        statuses,
        [
            "CONFIRMED",
            "CANCELLED",
            "TENTATIVE",
            "CONFIRMED",
            "CONFIRMED"
        ]
    );
}

#[test]
fn event_pages_carry_schema_org_event_json_ld() {
    let site = built_fixture();
    let winter = json_ld(&site, "/renginiai/seminaras/");
    assert_eq!(winter["@context"], "https://schema.org");
    assert_eq!(winter["@type"], "Event");
    assert_eq!(
        winter["name"],
        "Seminaras; nerimas, stresas ir miegas – „Ąžuolų“ klubas \\ Šiauliai"
    );
    assert_eq!(winter["startDate"], "2026-12-10T18:00:00+02:00");
    assert_eq!(winter["endDate"], "2026-12-10T19:30:00+02:00");
    assert_eq!(winter["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(
        winter["eventAttendanceMode"],
        "https://schema.org/OfflineEventAttendanceMode"
    );
    assert_eq!(winter["location"]["@type"], "Place");
    assert_eq!(winter["location"]["name"], "Kultūros centras");
    assert_eq!(winter["location"]["address"]["@type"], "PostalAddress");
    assert_eq!(
        winter["location"]["address"]["streetAddress"],
        "Atgimimo g. 1"
    );
    assert_eq!(
        winter["location"]["address"]["addressLocality"],
        "Kazlų Rūda"
    );
    assert_eq!(
        winter["url"],
        "https://renginiai.example.test/renginiai/seminaras/"
    );
    assert_eq!(
        winter["image"],
        "https://renginiai.example.test/renginiai/seminaras/plakatas.svg"
    );
    assert!(winter["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("Ilgas aprašymas")));
    assert_eq!(winter["inLanguage"], "lt");
    assert_eq!(winter["organizer"]["@type"], "Organization");
    assert_eq!(winter["organizer"]["name"], "Sveikatos biuras");
    assert_eq!(winter["organizer"]["url"], "https://biuras.example.test");
    let offers = &winter["offers"];
    assert_eq!(offers["@type"], "Offer");
    assert_eq!(offers["price"], "0");
    assert_eq!(offers["priceCurrency"], "EUR");
    assert_eq!(offers["url"], "https://registracija.example.test/seminaras");
    assert_eq!(offers["availability"], "https://schema.org/InStock");
    assert_eq!(
        json_ld(&site, "/en/events/seminar/")["organizer"]["name"],
        "Health Bureau"
    );
    assert_eq!(json_ld(&site, "/en/events/seminar/")["inLanguage"], "en");

    // Summer time: +03:00. Hybrid: a Place and a VirtualLocation. Postponed.
    let summer = json_ld(&site, "/renginiai/stovykla/");
    assert_eq!(summer["startDate"], "2026-07-04T10:00:00+03:00");
    assert_eq!(summer["endDate"], "2026-07-04T16:00:00+03:00");
    assert_eq!(summer["eventStatus"], "https://schema.org/EventPostponed");
    assert_eq!(
        summer["eventAttendanceMode"],
        "https://schema.org/MixedEventAttendanceMode"
    );
    let places = summer["location"].as_array().expect("hybrid: an array");
    assert_eq!(places.len(), 2);
    assert_eq!(places[0]["@type"], "Place");
    assert_eq!(places[1]["@type"], "VirtualLocation");
    assert_eq!(places[1]["url"], "https://tiesiogiai.example.test/stovykla");
    assert_eq!(
        summer["offers"]["availability"],
        "https://schema.org/OutOfStock"
    );
    // Without registration there is no offer.
    assert!(json_ld(&site, "/en/events/summer-camp/")
        .get("offers")
        .is_none());

    // All day: plain dates. Online only: a VirtualLocation. Cancelled.
    let day = json_ld(&site, "/renginiai/paroda/");
    assert_eq!(day["startDate"], "2026-02-20");
    assert_eq!(day["endDate"], "2026-02-20");
    let week = json_ld(&site, "/renginiai/savaite/");
    assert_eq!(week["startDate"], "2026-03-30");
    assert_eq!(week["endDate"], "2026-04-03");
    assert_eq!(week["eventStatus"], "https://schema.org/EventCancelled");
    assert_eq!(
        week["eventAttendanceMode"],
        "https://schema.org/OnlineEventAttendanceMode"
    );
    assert_eq!(week["location"]["@type"], "VirtualLocation");
}

#[test]
fn json_ld_cannot_end_its_script_element() {
    let site = built_fixture();
    let html = String::from_utf8(site.read("/renginiai/koncertas/")).expect("UTF-8");
    let open = html
        .find(r#"<script type="application/ld+json">"#)
        .expect("JSON-LD");
    let body = &html[open..];
    let close = body.find("</script>").expect("closed");
    assert!(!body[..close].contains("<!--"));
    let data = json_ld(&site, "/renginiai/koncertas/");
    assert_eq!(data["name"], "Koncertas </script><!-- ir & daugiau");
    assert_eq!(
        data["description"],
        "Žymės </script> aprašyme neturi nutraukti JSON-LD."
    );
}

#[test]
fn event_dates_read_in_each_language_with_24_hour_times() {
    let site = built_fixture();
    let times = |url: &str| -> Vec<String> {
        select(&site.html(url), ".event-facts dd time")
            .into_iter()
            .map(text)
            .collect()
    };
    assert_eq!(
        times("/renginiai/seminaras/"),
        ["2026 m. gruodžio 10 d., ketvirtadienis, 18:00", "19:30"]
    );
    assert_eq!(
        times("/en/events/seminar/"),
        ["Thursday, 10 December 2026, 18:00", "19:30"]
    );
    let summer = site.html("/en/events/summer-camp/");
    assert_eq!(
        text(one(
            &summer,
            ".event-facts dd time[datetime='2026-07-04T16:00:00']"
        )),
        "16:00"
    );
    let week = site.html("/renginiai/savaite/");
    assert_eq!(
        text(one(&week, ".event-facts dd time")),
        "2026 m. kovo 30 d. – balandžio 3 d."
    );

    // The list splits at the build's "now" (2026-11-23): upcoming soonest first, past newest first.
    let list = site.html("/renginiai/");
    let titles = |css: &str| -> Vec<String> { select(&list, css).into_iter().map(text).collect() };
    assert_eq!(
        titles(".events-upcoming .card-title"),
        [
            "Seminaras; nerimas, stresas ir miegas – „Ąžuolų“ klubas \\ Šiauliai",
            "Koncertas </script><!-- ir & daugiau"
        ]
    );
    assert_eq!(
        titles(".events-past .card-title"),
        [
            "Vasaros stovykla",
            "Psichikos sveikatos savaitė internetu",
            "Piešinių paroda"
        ]
    );
    assert_eq!(text(one(&list, "#events-past")), "Praėję renginiai");
    let en_list = site.html("/en/events/");
    assert_eq!(text(one(&en_list, "#events-upcoming")), "Upcoming events");
    assert_eq!(text(one(&en_list, "#events-past")), "Past events");
}

#[test]
fn example_site_calendars_and_json_ld_parse() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(now()),
        ..BuildOptions::default()
    };
    if let Err(e) = sklaida::build(&options) {
        panic!("the example site does not build:\n{e}");
    }
    let mut statuses = BTreeSet::new();
    let mut feeds = 0;
    for (rel, path) in output_files(&out) {
        if rel.ends_with(".ics") {
            let cal = parse_ics(&rel, &std::fs::read(&path).expect("read"));
            feeds += usize::from(rel.ends_with("/calendar.ics"));
            for e in cal.events() {
                statuses.insert(e.value("STATUS").to_string());
            }
        }
    }
    assert_eq!(feeds, 2, "one feed per language");
    assert_eq!(
        statuses,
        ["CANCELLED", "CONFIRMED", "TENTATIVE"]
            .into_iter()
            .map(String::from)
            .collect()
    );

    // Every event page has JSON-LD that parses; together they use every form.
    let mut modes = BTreeSet::new();
    for (rel, html) in html_files(&out) {
        let scripts = select(&html, r#"script[type="application/ld+json"]"#);
        let is_event = !select(&html, "article.event").is_empty();
        assert_eq!(scripts.len(), usize::from(is_event), "{rel}");
        for s in scripts {
            let data: Value = serde_json::from_str(&s.text().collect::<String>())
                .unwrap_or_else(|e| panic!("{rel}: {e}"));
            assert_eq!(data["@type"], "Event", "{rel}");
            modes.insert(
                data["eventAttendanceMode"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            );
        }
    }
    assert_eq!(
        modes.len(),
        3,
        "offline, online and hybrid events: {modes:?}"
    );
}

/// The properties a calendar and an event may have, as this writer makes them; a
/// name outside these lists in a parsed calendar was injected through a value.
const CALENDAR_PROPS: [&str; 10] = [
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "NAME",
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "BEGIN",
];
const EVENT_PROPS: [&str; 15] = [
    "UID",
    "DTSTAMP",
    "SEQUENCE",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "DESCRIPTION",
    "LOCATION",
    "CONFERENCE",
    "URL",
    "STATUS",
    "CATEGORIES",
    "ORGANIZER",
    "BEGIN",
    "END",
];

/// Every name once at most, each from `allowed`.
fn assert_props(rel: &str, what: &str, props: &[Prop], allowed: &[&str]) {
    let mut seen = BTreeSet::new();
    for p in props {
        assert!(
            allowed.contains(&p.name.as_str()),
            "{rel}: {what} has an injected {}: {p:?}",
            p.name
        );
        assert!(
            seen.insert(p.name.clone()),
            "{rel}: {what} has {} twice",
            p.name
        );
    }
}

/// The hostile site's own event: the VEVENT in `rel` whose UID starts with `uid`.
fn event_with_uid(cal: &Component, uid: &str) -> Component {
    let found: Vec<&Component> = cal
        .events()
        .into_iter()
        .filter(|e| e.value("UID").starts_with(uid))
        .collect();
    assert_eq!(found.len(), 1, "one VEVENT with UID {uid}");
    found[0].clone()
}

#[test]
fn hostile_values_stay_inside_their_properties() {
    let site = TestSite::fixture("hostile_calendar");
    site.build_ok();
    let calendars = calendars(&site);
    // Events per file: one in each event's own file; lt has 4, en 3 in its feed.
    let expected = [
        ("en/renginiai/calendar.ics", 3),
        ("en/renginiai/injekcija/injekcija.ics", 1),
        ("en/renginiai/niujorkas/niujorkas.ics", 1),
        ("en/renginiai/pirmoji/pirmoji.ics", 1),
        ("renginiai/calendar.ics", 4),
        ("renginiai/injekcija/injekcija.ics", 1),
        ("renginiai/paskutine/paskutine.ics", 1),
        ("renginiai/utc/utc.ics", 1),
        ("renginiai/visa-diena/visa-diena.ics", 1),
    ];
    let names: Vec<&str> = calendars.iter().map(|(rel, _)| rel.as_str()).collect();
    assert_eq!(names, expected.map(|(rel, _)| rel));
    for ((rel, bytes), (_, events)) in calendars.iter().zip(expected) {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        for (i, line) in text.split_terminator("\r\n").enumerate() {
            assert!(
                !line.chars().any(char::is_control),
                "{rel}:{}: a control character in {line:?}",
                i + 1
            );
        }
        let cal = parse_ics(rel, bytes);
        assert_eq!(cal.events().len(), events, "{rel}");
        assert_props(rel, "VCALENDAR", &cal.props, &CALENDAR_PROPS);
        for child in &cal.children {
            assert!(
                child.name == "VEVENT" || child.name == "VTIMEZONE",
                "{rel}: an injected {}",
                child.name
            );
            assert!(child
                .children
                .iter()
                .all(|c| c.name == "DAYLIGHT" || c.name == "STANDARD"));
        }
        for event in cal.events() {
            assert_props(rel, "VEVENT", &event.props, &EVENT_PROPS);
            assert!(event.value("SEQUENCE").parse::<i32>().is_ok(), "{rel}");
        }
    }

    // The text comes back whole from the parser: nothing was cut off into a property.
    let cal = ics(&site, "renginiai/injekcija/injekcija.ics");
    let event = cal.event();
    assert_eq!(
        event.value("SUMMARY"),
        "Seminaras; END:VEVENT, BEGIN:VEVENT \\n UID:evil „x“ \\\\ : ąčę 😀"
    );
    assert_eq!(
        event.value("DESCRIPTION"),
        "Pirma eilutė;\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil@example.test SUMMARY:fake, \\\\ ir \u{2028} tiek.\n\nhttps://kalendorius.example.test/renginiai/injekcija/"
    );
    assert_eq!(
        event.value("LOCATION"),
        "Salė \"A\"; 2 aukštas, Vilniaus g. 1, LT-01100 Vilnius; BEGIN:VALARM"
    );
    assert_eq!(
        event.value("CONFERENCE"),
        "https://meet.example.test/a;b,c?x=1&y=END:VEVENT"
    );
    assert_eq!(
        event.value("UID"),
        "renginiai-keistas-uid-evil-x-lt@kalendorius.example.test"
    );
    let organizer = event.prop("ORGANIZER");
    assert_eq!(
        organizer.value,
        "mailto:info+kalendorius@biuras.example.test"
    );
    assert_eq!(
        organizer.param("CN"),
        Some("Biuras Sveikata; ROLE=CHAIR:mailto:evil@example.test, X")
    );
    let raw = String::from_utf8(site.read("renginiai/injekcija/injekcija.ics")).expect("UTF-8");
    assert!(
        raw.replace("\r\n ", "")
            .contains("\r\nCATEGORIES:a\\,b,c\\;d,e\\\\f,END:VEVENT\r\n"),
        "{raw}"
    );
}

#[test]
fn dates_at_the_edge_of_the_years_and_in_other_zones_are_written_exactly() {
    let site = TestSite::fixture("hostile_calendar");
    site.build_ok();
    let lt = ics(&site, "renginiai/calendar.ics");
    let last = event_with_uid(&lt, "renginiai-paskutine-");
    assert_eq!(last.value("DTSTART"), "90001231T230000");
    assert_eq!(last.prop("DTSTART").param("TZID"), Some("Europe/Vilnius"));
    assert_eq!(last.value("DTEND"), "90001231T235959");
    // Minutes from year 1000 to 9000 do not fit iCalendar's INTEGER: the largest one.
    assert_eq!(last.value("SEQUENCE"), "2147483647");
    let day = event_with_uid(&lt, "renginiai-visa-diena-");
    assert_eq!(day.value("DTSTART"), "90001231");
    assert_eq!(day.value("DTEND"), "90010101");
    // 09:00 UTC is 12:00 in Vilnius in summer.
    let utc = event_with_uid(&lt, "renginiai-utc-");
    assert_eq!(utc.value("DTSTART"), "20260701T120000");
    assert_eq!(utc.value("DTEND"), "20260701T133000");

    let en = ics(&site, "en/renginiai/calendar.ics");
    // 09:00 in New York (UTC-4 in summer) is 16:00 in Vilnius (UTC+3).
    let call = event_with_uid(&en, "renginiai-niujorkas-");
    assert_eq!(call.value("DTSTART"), "20260701T160000");
    assert_eq!(call.value("DTEND"), "20260701T170000");
    let first = event_with_uid(&en, "renginiai-pirmoji-");
    assert_eq!(first.value("DTSTART"), "10000101T003000");
    assert_eq!(first.value("DTEND"), "10000103T000000");
    // The zone is described for the whole span, from before the year 1000.
    let zone = &en.children("VTIMEZONE")[0];
    let since = zone.children[0].value("DTSTART");
    assert!(since < "10000101T003000", "{since}");

    // JSON-LD has the same instants with the offset of that day.
    let data = json_ld(&site, "/renginiai/paskutine/");
    assert_eq!(data["startDate"], "9000-12-31T23:00:00+02:00");
    let data = json_ld(&site, "/renginiai/utc/");
    assert_eq!(data["startDate"], "2026-07-01T12:00:00+03:00");
    assert_eq!(data["endDate"], "2026-07-01T13:30:00+03:00");
    let data = json_ld(&site, "/en/renginiai/niujorkas/");
    assert_eq!(data["startDate"], "2026-07-01T16:00:00+03:00");
    let data = json_ld(&site, "/en/renginiai/pirmoji/");
    assert_eq!(data["startDate"], "0999-12-31T22:48:44Z");
}
