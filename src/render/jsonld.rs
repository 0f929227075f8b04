//! schema.org `Event` JSON-LD for event pages: what search engines read to show an
//! event's date, place and status.
//!
//! Made in Rust with serde_json so quoting is always right, and escaped so the text can
//! sit inside `<script type="application/ld+json">` as it is: templates print it with
//! `| safe` and never build JSON themselves.

use jiff::tz::TimeZone;
use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::content::{EventStatus, Page, Place, TypeFields, When};

const SCHEMA: &str = "https://schema.org/";

/// The JSON-LD of the event `page` at `url` (root-relative), with `summary` as its
/// description; `None` for other types. Safe to print inside a `<script>` element.
pub fn event(config: &Config, page: &Page, url: &str, summary: &str) -> Option<String> {
    let TypeFields::Event {
        start,
        end,
        location,
        online_url,
        registration_url,
        status,
        ..
    } = &page.fields
    else {
        return None;
    };
    let tz = &config.timezone;
    let mut data = Map::new();
    data.insert("@context".into(), json!("https://schema.org"));
    data.insert("@type".into(), json!("Event"));
    data.insert("name".into(), json!(page.title));
    data.insert("startDate".into(), json!(schema_date(*start, tz)));
    let end_date = match (start, end) {
        (_, Some(e)) => Some(schema_date(*e, tz)),
        // An all-day event without an end is over when its day is.
        (When::Date(d), None) => Some(d.to_string()),
        (When::DateTime(_), None) => None,
    };
    if let Some(e) = end_date {
        data.insert("endDate".into(), json!(e));
    }
    let status_name = match status {
        EventStatus::Scheduled => "EventScheduled",
        EventStatus::Cancelled => "EventCancelled",
        EventStatus::Postponed => "EventPostponed",
    };
    data.insert(
        "eventStatus".into(),
        json!(format!("{SCHEMA}{status_name}")),
    );
    let mode = match (location.is_some(), online_url.is_some()) {
        (true, true) => "MixedEventAttendanceMode",
        (false, true) => "OnlineEventAttendanceMode",
        _ => "OfflineEventAttendanceMode",
    };
    data.insert(
        "eventAttendanceMode".into(),
        json!(format!("{SCHEMA}{mode}")),
    );
    if let Some(place) = location_value(location.as_ref(), online_url.as_deref()) {
        data.insert("location".into(), place);
    }
    if !summary.is_empty() {
        data.insert("description".into(), json!(summary));
    }
    if let Some(image) = &page.image {
        let image = crate::site::addresses::resolve_asset(url, image);
        let absolute = if image.starts_with('/') {
            config.permalink(&image)
        } else {
            image
        };
        data.insert("image".into(), json!(absolute));
    }
    data.insert("url".into(), json!(config.permalink(url)));
    data.insert("inLanguage".into(), json!(page.lang));
    if let Some(organizer) = organizer_value(config, &page.lang) {
        data.insert("organizer".into(), organizer);
    }
    if let Some(registration) = registration_url {
        data.insert("offers".into(), offer_value(registration, *status));
    }
    Some(script_safe(&Value::Object(data).to_string()))
}

/// The place, the online address, both (an array), or nothing.
fn location_value(location: Option<&Place>, online_url: Option<&str>) -> Option<Value> {
    let mut places: Vec<Value> = Vec::new();
    if let Some(place) = location {
        places.push(place_value(place));
    }
    if let Some(online) = online_url {
        places.push(json!({ "@type": "VirtualLocation", "url": online }));
    }
    match places.len() {
        0 => None,
        1 => Some(places.remove(0)),
        _ => Some(Value::Array(places)),
    }
}

/// The site's `[organizer]`, named in the page's language.
fn organizer_value(config: &Config, lang: &str) -> Option<Value> {
    let o = config.organizer.as_ref()?;
    let mut organizer = Map::new();
    organizer.insert("@type".into(), json!("Organization"));
    organizer.insert(
        "name".into(),
        json!(o.name.get(lang, &config.default_language)),
    );
    if let Some(u) = &o.url {
        organizer.insert("url".into(), json!(u));
    }
    if let Some(e) = &o.email {
        organizer.insert("email".into(), json!(e));
    }
    Some(Value::Object(organizer))
}

/// Registration as a free offer that closes when the event will not happen.
fn offer_value(registration: &str, status: EventStatus) -> Value {
    let availability = match status {
        EventStatus::Scheduled => "InStock",
        EventStatus::Cancelled | EventStatus::Postponed => "OutOfStock",
    };
    json!({
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "EUR",
        "url": registration,
        "availability": format!("{SCHEMA}{availability}"),
    })
}

/// A date as is; a local time with its offset from the tz database on that day
/// (`2026-12-10T18:00:00+02:00`, `2026-05-15T17:00:00+03:00`).
fn schema_date(when: When, tz: &TimeZone) -> String {
    match when {
        When::Date(d) => d.to_string(),
        When::DateTime(dt) => crate::content::rfc3339(dt, tz),
    }
}

/// A Place with a PostalAddress. `address` is one line in front matter; "street,
/// town" (one comma) is split into its two parts, anything else kept whole.
fn place_value(place: &Place) -> Value {
    let mut value = Map::new();
    value.insert("@type".into(), json!("Place"));
    value.insert("name".into(), json!(place.name));
    if let Some(address) = &place.address {
        let mut postal = Map::new();
        postal.insert("@type".into(), json!("PostalAddress"));
        match address.split_once(',') {
            Some((street, town)) if !town.contains(',') => {
                postal.insert("streetAddress".into(), json!(street.trim()));
                postal.insert("addressLocality".into(), json!(town.trim()));
            }
            _ => {
                postal.insert("streetAddress".into(), json!(address.trim()));
            }
        }
        value.insert("address".into(), Value::Object(postal));
    }
    Value::Object(value)
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>` and `&`
/// occur only inside JSON strings, where `\u003c` and the like mean the same.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_end_tags_cannot_appear() {
        let text = script_safe(&json!({ "name": "</script><!-- & -->" }).to_string());
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["name"], "</script><!-- & -->");
    }

    #[test]
    fn offsets_follow_summer_time_in_vilnius() {
        let tz = TimeZone::get("Europe/Vilnius").expect("zone");
        let winter = When::parse("2026-12-10T18:00").expect("date");
        let summer = When::parse("2026-05-15T17:00").expect("date");
        assert_eq!(schema_date(winter, &tz), "2026-12-10T18:00:00+02:00");
        assert_eq!(schema_date(summer, &tz), "2026-05-15T17:00:00+03:00");
        let day = When::parse("2026-02-20").expect("date");
        assert_eq!(schema_date(day, &tz), "2026-02-20");
        // Local mean time had an offset with seconds, which ISO 8601 dates cannot say.
        let lmt = When::parse("1000-01-01T00:30").expect("date");
        assert_eq!(schema_date(lmt, &tz), "0999-12-31T22:48:44Z");
    }

    #[test]
    fn street_and_town_are_split_at_the_one_comma() {
        let place = Place {
            name: "Biblioteka".into(),
            address: Some("Vytauto g. 22, Kazlų Rūda".into()),
        };
        let v = place_value(&place);
        assert_eq!(v["address"]["streetAddress"], "Vytauto g. 22");
        assert_eq!(v["address"]["addressLocality"], "Kazlų Rūda");
    }
}
