//! Reading rendered pages back: every id, every link (`href`, `src`, `srcset`,
//! `poster`) and every `<img>` without `alt`, from a WHATWG tokenizer (html5gum), so
//! comments, scripts and odd quoting are read as a browser reads them.

use std::collections::HashSet;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Span, Tokenizer};

/// What one HTML page holds that the checker needs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scanned {
    pub ids: HashSet<String>,
    /// Link targets as written (entities decoded), each once, in order of appearance.
    pub links: Vec<String>,
    /// `src` of every `<img>` that has no `alt` attribute at all.
    pub images_without_alt: Vec<String>,
}

#[derive(Default)]
struct Tag {
    name: Vec<u8>,
    attribute: Vec<u8>,
    value: Vec<u8>,
    in_value: bool,
    has_alt: bool,
    src: Option<String>,
}

pub fn scan(html: &str) -> Scanned {
    let mut out = Scanned::default();
    let mut seen: HashSet<String> = HashSet::new();
    let mut tag = Tag::default();
    {
        let mut finish_attribute = |tag: &mut Tag, out: &mut Scanned| {
            if !tag.in_value && tag.attribute.is_empty() {
                return;
            }
            let value = String::from_utf8_lossy(&tag.value).into_owned();
            match (tag.name.as_slice(), tag.attribute.as_slice()) {
                (_, b"id") | (b"a", b"name") => {
                    if !value.is_empty() {
                        out.ids.insert(value);
                    }
                }
                (b"link", b"href") | (b"a", b"href") | (b"area", b"href") => {
                    if seen.insert(value.clone()) {
                        out.links.push(value);
                    }
                }
                (_, b"src") | (b"video", b"poster") => {
                    if tag.name == b"img" {
                        tag.src = Some(value.clone());
                    }
                    if seen.insert(value.clone()) {
                        out.links.push(value);
                    }
                }
                (_, b"srcset") => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            if seen.insert(url.to_string()) {
                                out.links.push(url.to_string());
                            }
                        }
                    }
                }
                (b"img", b"alt") => tag.has_alt = true,
                _ => {}
            }
            tag.attribute.clear();
            tag.value.clear();
            tag.in_value = false;
        };
        let emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>, _span: Span<()>| -> Option<std::convert::Infallible> {
                match event {
                    CallbackEvent::OpenStartTag { name } => {
                        tag = Tag {
                            name: name.to_ascii_lowercase(),
                            ..Tag::default()
                        };
                    }
                    CallbackEvent::AttributeName { name } => {
                        finish_attribute(&mut tag, &mut out);
                        tag.attribute = name.to_ascii_lowercase();
                    }
                    CallbackEvent::AttributeValue { value } => {
                        tag.in_value = true;
                        tag.value.extend_from_slice(value);
                    }
                    CallbackEvent::CloseStartTag { .. } => {
                        finish_attribute(&mut tag, &mut out);
                        if tag.name == b"img" && !tag.has_alt {
                            out.images_without_alt
                                .push(tag.src.take().unwrap_or_default());
                        }
                        tag = Tag::default();
                    }
                    _ => {}
                }
                None
            },
        );
        let mut emitter = emitter;
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, emitter) {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_ids_links_and_images_without_alt() {
        let html = r##"<!doctype html><html><head>
<link rel="stylesheet" href="/style.css"><script type="application/ld+json">{"a":"<a href='/not-a-link/'>"}</script>
</head><body>
<a href="#main" class=skip>Skip</a>
<main id=main><h2 id="kada">Kada</h2>
<a href='/apie/?a=1&amp;b=2'>x</a><a href=/apie/?a=1&b=2>same</a>
<!-- <a href="/commented/"> -->
<img src="a.png" alt=""><img src="b.png"><IMG SRC="c.png" ALT="C">
<picture><source srcset="d.webp 1x, e.webp 2x"><img src="d.png" alt="D"></picture>
<a name="old-anchor"></a>
</main></body></html>"##;
        let s = scan(html);
        assert_eq!(
            s.links,
            [
                "/style.css",
                "#main",
                "/apie/?a=1&b=2",
                "a.png",
                "b.png",
                "c.png",
                "d.webp",
                "e.webp",
                "d.png"
            ]
        );
        assert_eq!(
            s.ids,
            HashSet::from(["main".into(), "kada".into(), "old-anchor".into()])
        );
        assert_eq!(s.images_without_alt, ["b.png"]);
    }

    #[test]
    fn attributes_without_values_do_not_shift_the_next_one() {
        let s = scan(r#"<a download href="/a.pdf">x</a><img hidden src="x.png">"#);
        assert_eq!(s.links, ["/a.pdf", "x.png"]);
        assert_eq!(s.images_without_alt, ["x.png"]);
    }
}
