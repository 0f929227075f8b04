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
    /// Ids that more than one element of the page has.
    pub duplicate_ids: HashSet<String>,
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

#[derive(Default)]
struct Collector {
    tag: Tag,
    out: Scanned,
    seen: HashSet<String>,
}

impl Collector {
    fn link(&mut self, url: &str) {
        if self.seen.insert(url.to_string()) {
            self.out.links.push(url.to_string());
        }
    }

    /// The attribute just read is complete: keep what matters of it.
    fn finish_attribute(&mut self) {
        if !self.tag.in_value && self.tag.attribute.is_empty() {
            return;
        }
        let value = String::from_utf8_lossy(&self.tag.value).into_owned();
        let name = std::mem::take(&mut self.tag.name);
        match (name.as_slice(), self.tag.attribute.as_slice()) {
            (_, b"id") | (b"a", b"name") if !value.is_empty() => {
                if self.out.ids.contains(&value) {
                    self.out.duplicate_ids.insert(value);
                } else {
                    self.out.ids.insert(value);
                }
            }
            (b"link" | b"a" | b"area", b"href") | (b"video", b"poster") => self.link(&value),
            (_, b"src") => {
                if name == b"img" {
                    self.tag.src = Some(value.clone());
                }
                self.link(&value);
            }
            (_, b"srcset") => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        self.link(url);
                    }
                }
            }
            (b"img", b"alt") => self.tag.has_alt = true,
            _ => {}
        }
        self.tag.name = name;
        self.tag.attribute.clear();
        self.tag.value.clear();
        self.tag.in_value = false;
    }

    fn event(&mut self, event: CallbackEvent<'_>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag = Tag {
                    name: name.to_ascii_lowercase(),
                    ..Tag::default()
                };
            }
            CallbackEvent::AttributeName { name } => {
                self.finish_attribute();
                self.tag.attribute = name.to_ascii_lowercase();
            }
            CallbackEvent::AttributeValue { value } => {
                self.tag.in_value = true;
                self.tag.value.extend_from_slice(value);
            }
            CallbackEvent::CloseStartTag { .. } => {
                self.finish_attribute();
                if self.tag.name == b"img" && !self.tag.has_alt {
                    let src = self.tag.src.take().unwrap_or_default();
                    self.out.images_without_alt.push(src);
                }
                self.tag = Tag::default();
            }
            _ => {}
        }
    }
}

pub fn scan(html: &str) -> Scanned {
    let mut collector = Collector::default();
    let mut emitter = CallbackEmitter::new(
        |event: CallbackEvent<'_>, _span: Span<()>| -> Option<std::convert::Infallible> {
            collector.event(event);
            None
        },
    );
    emitter.naively_switch_states(true);
    for _ in Tokenizer::new_with_emitter(html, emitter) {}
    collector.out
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
