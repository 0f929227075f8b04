//! The share block's addresses: plain links to each network's own share page (and an
//! e-mail), so nothing of theirs loads until a reader clicks. Articles, events, posters
//! and stories carry it unless `share: false` in the page's front matter or `[share]`
//! in `site.toml` turns a kind off (`stories = false`).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use tera::Value;

use crate::config::ShareSettings;
use crate::content::{ContentType, PageId};
use crate::site::Site;

/// What `encodeURIComponent` leaves as it is: letters, digits and `-._~`
/// (RFC 3986's unreserved characters); everything else is percent-encoded as UTF-8.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where each network's share page is; the page's address follows.
const FACEBOOK: &str = "https://www.facebook.com/sharer/sharer.php?u=";
const LINKEDIN: &str = "https://www.linkedin.com/sharing/share-offsite/?url=";
const X: &str = "https://x.com/intent/post?url=";

/// Whether `url` is a link of the share block (`check --external` does not ask them).
pub fn is_share_link(url: &str) -> bool {
    [FACEBOOK, LINKEDIN, X].iter().any(|p| url.starts_with(p))
}

/// The share block of one page: its absolute address and each way to share it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Share {
    pub url: String,
    pub facebook: String,
    pub linkedin: String,
    pub x: String,
    pub email: String,
}

/// Whether pages of `kind` carry the share block under `settings`.
pub fn kind_shares(settings: &ShareSettings, kind: ContentType) -> bool {
    match kind {
        ContentType::Article => settings.articles,
        ContentType::Event => settings.events,
        ContentType::Poster => settings.posters,
        ContentType::Story => settings.stories,
        ContentType::Page | ContentType::Newsletter => false,
    }
}

/// The share addresses of a page whose absolute address is `url`.
pub fn addresses(url: &str, title: &str) -> Share {
    let u = utf8_percent_encode(url, COMPONENT);
    let t = utf8_percent_encode(title, COMPONENT);
    Share {
        url: url.to_string(),
        facebook: format!("{FACEBOOK}{u}"),
        linkedin: format!("{LINKEDIN}{u}"),
        x: format!("{X}{u}&text={t}"),
        email: format!("mailto:?subject={t}&body={u}"),
    }
}

/// `page.share` for the page `id`: its addresses, or none when it has no share block.
pub fn links(site: &Site, id: PageId) -> Value {
    let sp = &site.pages[id];
    let p = &sp.page;
    if !p.share || !kind_shares(&site.config.share, p.content_type()) {
        return Value::none();
    }
    Value::from_serializable(&addresses(&site.config.permalink(&sp.url), &p.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_encoded_as_one_component() {
        let s = addresses(
            "https://example.lt/kampanija/renginiai/žygis/?a=1&b=2",
            "Ėjimo žygis: „kartu“ & ne vieni",
        );
        let u = "https%3A%2F%2Fexample.lt%2Fkampanija%2Frenginiai%2F%C5%BEygis%2F%3Fa%3D1%26b%3D2";
        assert_eq!(
            s.facebook,
            format!("https://www.facebook.com/sharer/sharer.php?u={u}")
        );
        assert_eq!(
            s.linkedin,
            format!("https://www.linkedin.com/sharing/share-offsite/?url={u}")
        );
        assert!(s.x.starts_with(&format!(
            "https://x.com/intent/post?url={u}&text=%C4%96jimo%20%C5%BEygis%3A%20"
        )));
        assert!(s.x.ends_with("%26%20ne%20vieni"));
        assert!(s.email.starts_with("mailto:?subject=%C4%96jimo%20"));
        assert!(s.email.ends_with(&format!("&body={u}")));
        for link in [&s.facebook, &s.linkedin, &s.x] {
            assert!(is_share_link(link));
        }
        assert!(!is_share_link("https://www.facebook.com/savivaldybe"));
    }

    #[test]
    fn kinds_follow_the_settings() {
        let mut settings = ShareSettings::default();
        assert!(kind_shares(&settings, ContentType::Story));
        assert!(!kind_shares(&settings, ContentType::Page));
        assert!(!kind_shares(&settings, ContentType::Newsletter));
        settings.stories = false;
        assert!(!kind_shares(&settings, ContentType::Story));
        assert!(kind_shares(&settings, ContentType::Article));
    }
}
