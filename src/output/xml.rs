//! The small pieces of XML writing that the feeds and the sitemap share: escaping (the
//! same as pages', from `text`) and dates. Documents are built as strings; there is
//! no XML library to keep in step.

use crate::config::Config;
use crate::content::When;

pub use crate::site::feeds::later;
pub use crate::text::escape;

/// RFC 3339 with the site's offset: `2026-11-20T00:00:00+02:00`. A date alone is its
/// midnight in the site's time zone.
pub fn rfc3339(config: &Config, when: When) -> String {
    crate::content::rfc3339(when.datetime(), &config.timezone)
}

/// A sitemap `<lastmod>` (W3C Datetime): the date alone when only a date is known.
pub fn w3c_date(config: &Config, when: When) -> String {
    match when {
        When::Date(d) => d.to_string(),
        When::DateTime(_) => rfc3339(config, when),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "base_url = \"https://example.test\"\n[languages.lt]\ntitle = \"T\"\ndescription = \"D\"\n",
        )
        .expect("config")
    }

    #[test]
    fn escapes_markup_and_quotes_and_drops_forbidden_characters() {
        assert_eq!(
            escape("A & B <c> \"d\" 'e'\u{1}\tf"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &#39;e&#39;\tf"
        );
        assert_eq!(escape("Žmonės „taip“"), "Žmonės „taip“");
    }

    #[test]
    fn dates_carry_the_vilnius_offset_of_their_season() {
        let c = config();
        let winter = When::parse("2026-11-20").expect("date");
        let summer = When::parse("2026-06-03T17:30").expect("datetime");
        assert_eq!(rfc3339(&c, winter), "2026-11-20T00:00:00+02:00");
        assert_eq!(rfc3339(&c, summer), "2026-06-03T17:30:00+03:00");
        assert_eq!(w3c_date(&c, winter), "2026-11-20");
        assert_eq!(w3c_date(&c, summer), "2026-06-03T17:30:00+03:00");
    }

    #[test]
    fn later_compares_dates_with_times() {
        let date = When::parse("2026-11-20").expect("date");
        let time = When::parse("2026-11-19T23:00").expect("datetime");
        assert_eq!(later(date, time), date);
        assert_eq!(later(time, date), date);
    }
}
