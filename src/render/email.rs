//! The e-mail version of a newsletter issue, written beside the issue's page:
//!
//! - `email.html`: one self-contained document for e-mail programs — the theme's
//!   `newsletter-email.html` with its `<style>` inlined into `style` attributes
//!   (css-inline, nothing fetched), every link and image made absolute against the
//!   issue's address (lol_html), images given `width` and `height`, and nothing an
//!   e-mail program refuses (scripts, frames, forms) left in;
//! - `email.txt`: its plain-text part, from `newsletter-email.txt`, the issue's text
//!   wrapped at [`TEXT_WIDTH`] columns with its links numbered (html2text).
//!
//! Like the rest of rendering this is text in, text out; `write_site` writes the files.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

use lol_html::{element, RewriteStrSettings};
use url::Url;

use super::{Renderer, Views};
use crate::address::has_scheme;
use crate::content::PageId;
use crate::error::Diagnostic;
use crate::media::{scaled_height, Size};

/// The templates, in the theme like every other.
pub const HTML_TEMPLATE: &str = "newsletter-email.html";
pub const TEXT_TEMPLATE: &str = "newsletter-email.txt";
/// Columns of the plain-text part.
pub const TEXT_WIDTH: usize = 72;
/// The widest an image in the e-mail is shown, in pixels: the default template's
/// 600-pixel column less its padding. Wider images get this width and a height in
/// proportion.
pub const CONTENT_WIDTH: u32 = 552;
/// How tall the funder's emblem is shown, in pixels.
pub const EMBLEM_HEIGHT: u32 = 60;
/// Gmail cuts messages larger than about 102 KB ("[Message clipped]").
const CLIP_BYTES: usize = 102 * 1024;

/// Both files of one issue, and what the reader of the build should know about them.
#[derive(Debug, Clone)]
pub struct Email {
    pub html: String,
    pub text: String,
    pub warnings: Vec<Diagnostic>,
}

impl Renderer {
    /// The e-mail version of newsletter `id`, when the theme has the templates.
    pub fn render_email(&self, views: &Views, id: PageId) -> Option<Result<Email, Diagnostic>> {
        if !self.tera.contains_template(HTML_TEMPLATE) {
            return None;
        }
        Some(self.make_email(views, id))
    }

    fn make_email(&self, views: &Views, id: PageId) -> Result<Email, Diagnostic> {
        let site = views.site;
        let config = &site.config;
        let sp = &site.pages[id];
        let source = &sp.page.source;
        let permalink = config.permalink(&sp.url);
        let base = Url::parse(&permalink).map_err(|e| {
            Diagnostic::error(
                "site.toml",
                format!("{permalink} is not a valid address ({e}); check base_url"),
            )
            .field("base_url")
        })?;
        let unsubscribe = config.newsletter.unsubscribe_url.as_str();
        let rewrite = Rewrite {
            base: &base,
            base_path: &config.base_path,
            sizes: &site.media.sizes,
            copies: &site.media.png_copies,
            keep: unsubscribe,
        };
        let fail = |message: String| {
            super::about(
                Diagnostic::error(
                    self.paths.get(HTML_TEMPLATE).cloned().unwrap_or_else(|| {
                        std::path::PathBuf::from(format!("templates/{HTML_TEMPLATE}"))
                    }),
                    message,
                ),
                source,
            )
        };

        // The issue's text for the plain-text part: its links made absolute first, so
        // the numbered references are addresses a reader can type.
        let (content, _) = rewrite
            .apply(&views.markdown[id].html)
            .and_then(|(html, report)| Ok((plain_footnotes(&html)?, report)))
            .map_err(|e| fail(format!("the issue's text could not be read: {e}")))?;
        let text = html2text::config::plain()
            .link_footnotes(true)
            .no_link_wrapping()
            .no_table_borders()
            .string_from_read(content.as_bytes(), TEXT_WIDTH)
            .map_err(|e| fail(format!("the plain-text version could not be made: {e}")))?;

        let mut ctx = views.page_context(id);
        let lang = &sp.page.lang;
        // A project's newsletter carries its project's acknowledgement (`funding` from
        // the page context), as text: the site-wide e-mail emblem is not its funder's.
        let emblem = if super::project::page_project(site, id).is_some() {
            None
        } else {
            emblem_value(site, lang, &base)
        };
        ctx.insert(
            "email",
            &serde_json::json!({
                "web_url": permalink,
                "html_url": config.permalink(&crate::site::addresses::email_html_url(&sp.url)),
                "unsubscribe_url": unsubscribe,
                "emblem": emblem,
                "text": text.trim_end(),
                "text_width": TEXT_WIDTH,
            }),
        );

        let rendered = self
            .render(HTML_TEMPLATE, &ctx)
            .map_err(|d| super::about(d, source))?;
        let inlined = css_inline::CSSInliner::options()
            .load_remote_stylesheets(false)
            .keep_style_tags(false)
            .keep_link_tags(false)
            .keep_at_rules(false)
            .resolve_css_variables(true)
            .build()
            .inline(&rendered)
            .map_err(|e| fail(format!("its CSS could not be inlined: {e}")))?;
        let (html, report) = rewrite
            .apply(&inlined)
            .map_err(|e| fail(format!("the e-mail version could not be finished: {e}")))?;

        let warnings = warnings(source, &report, html.len());

        let text = if self.tera.contains_template(TEXT_TEMPLATE) {
            self.render_template(TEXT_TEMPLATE, &ctx)
                .map_err(|d| super::about(d, source))?
        } else {
            text
        };
        Ok(Email {
            html,
            text: tidy_text(&text),
            warnings,
        })
    }
}

/// The funder's e-mail emblem of `lang`, absolute, with the size it is shown at.
fn emblem_value(site: &crate::site::Site, lang: &str, base: &Url) -> Option<serde_json::Value> {
    let config = &site.config;
    let f = config.funding.as_ref()?;
    let def = &config.default_language;
    let url = match (&f.email_emblem, &f.emblem) {
        (Some(e), _) => e.get(lang, def),
        // Without `email_emblem`, the PNG copy the build makes of an SVG emblem.
        (None, Some(e)) => {
            let copy = site.media.png_copies.get(e.get(lang, def))?;
            let height = copy.height.min(EMBLEM_HEIGHT);
            let size = Size {
                width: copy.width,
                height: copy.height,
            };
            return Some(serde_json::json!({
                "url": base.join(&config.url(&copy.url)).map_or_else(|_| copy.url.clone(), String::from),
                "width": scaled_width(size, height),
                "height": height,
            }));
        }
        (None, None) => return None,
    };
    // Shown EMBLEM_HEIGHT tall: a file twice that is sharp on dense screens.
    let shown = site.media.sizes.get(url).map(|s| {
        let height = s.height.min(EMBLEM_HEIGHT);
        (scaled_width(*s, height), height)
    });
    Some(serde_json::json!({
        "url": base.join(&config.url(url)).map_or_else(|_| url.to_string(), String::from),
        "width": shown.map(|s| s.0),
        "height": shown.map(|s| s.1),
    }))
}

/// What the author of an issue should know about its e-mail version of `html_len` bytes.
fn warnings(source: &std::path::Path, report: &Report, html_len: usize) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let warn = |message: String| Diagnostic::warning(source, message);
    if !report.without_size.is_empty() {
        warnings.push(warn(format!(
            "the e-mail version shows images whose size is unknown ({}); e-mail programs may show them at full size. Put them in the issue's folder",
            report.without_size.iter().cloned().collect::<Vec<_>>().join(", ")
        )));
    }
    if !report.removed.is_empty() {
        warnings.push(warn(format!(
            "left out of the e-mail version, because e-mail programs do not run them: {}",
            report
                .removed
                .iter()
                .map(|t| format!("<{t}>"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if html_len > CLIP_BYTES {
        warnings.push(warn(format!(
            "the e-mail version is {} KB; Gmail cuts messages over 102 KB, so shorten the issue",
            html_len / 1024
        )));
    }
    warnings
}

/// `text` wrapped at `width` columns the way the issue's own text is (html2text: by
/// display width, breaking only between words).
pub fn wrap(text: &str, width: usize) -> String {
    let paragraph = format!("<p>{}</p>", crate::text::escape(text));
    html2text::config::plain()
        .string_from_read(paragraph.as_bytes(), width.max(10))
        .map_or_else(|_| text.to_string(), |s| s.trim_end().to_string())
}

/// The width of `size` scaled to `height`, at least one pixel.
fn scaled_width(size: Size, height: u32) -> u32 {
    scaled_height(
        Size {
            width: size.height,
            height: size.width,
        },
        height,
    )
}

/// Trailing spaces off every line, a blank line before a list that follows text, at
/// most one blank line in a row, one final newline.
fn tidy_text(text: &str) -> String {
    let is_item = |l: &str| {
        l.starts_with("* ")
            || l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut out = String::with_capacity(text.len());
    let mut previous = "";
    for line in text.trim().lines() {
        let line = line.trim_end();
        let blank = line.is_empty();
        if blank && previous.is_empty() {
            continue;
        }
        let continues = previous.is_empty() || previous.starts_with(' ') || is_item(previous);
        if is_item(line) && !continues {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

/// What [`Rewrite::apply`] changed that the author should hear about.
#[derive(Debug, Default)]
struct Report {
    /// Images left without `width`/`height` (their size is unknown).
    without_size: BTreeSet<String>,
    /// Elements taken out.
    removed: BTreeSet<String>,
}

/// Makes HTML fit for e-mail: absolute URLs, sized images, no active content.
struct Rewrite<'a> {
    base: &'a Url,
    sizes: &'a HashMap<String, Size>,
    /// PNG copies of SVG images (`Media::png_copies`): e-mail programs do not show SVG.
    copies: &'a HashMap<String, crate::media::model::Sized>,
    /// A value written as it is (the mailing tool's unsubscribe merge tag).
    keep: &'a str,
    /// The site's base path (`/kampanija`): root-relative addresses are under it.
    base_path: &'a str,
}

/// Elements e-mail programs strip or refuse; taking them out keeps the file honest.
const REMOVED: &str = "script, noscript, iframe, object, embed, form, template, style, link";

impl Rewrite<'_> {
    /// `url` made absolute against the issue's address; addresses with a scheme
    /// (`https:`, `mailto:`, `tel:`) and the kept merge tag stay as they are.
    fn absolute(&self, url: &str) -> String {
        let u = url.trim();
        if u.is_empty() || u == self.keep || has_scheme(u) {
            return url.to_string();
        }
        self.base
            .join(&crate::address::prefixed(self.base_path, u))
            .map_or_else(|_| url.to_string(), String::from)
    }

    /// The size of an image of this site at the absolute `url`.
    fn size_of(&self, url: &str) -> Option<Size> {
        self.lookup(url, self.sizes).copied()
    }

    /// The value `map` has for the image of this site at the absolute `url`.
    fn lookup<'m, T>(&self, url: &str, map: &'m HashMap<String, T>) -> Option<&'m T> {
        let parsed = Url::parse(url).ok()?;
        if parsed.origin() != self.base.origin() {
            return None;
        }
        let path = parsed.path();
        let path = path
            .strip_prefix(self.base_path)
            .filter(|p| p.starts_with('/'))
            .unwrap_or(path);
        map.get(path).or_else(|| {
            let decoded = percent_encoding::percent_decode_str(path)
                .decode_utf8()
                .ok()?;
            map.get(decoded.as_ref())
        })
    }

    fn apply(&self, html: &str) -> Result<(String, Report), lol_html::errors::RewritingError> {
        let report = RefCell::new(Report::default());
        let settings = RewriteStrSettings::new()
            .append_element_content_handler(element!(REMOVED, |el| {
                let name = el.tag_name();
                let is_stylesheet = name != "link"
                    || el.get_attribute("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|w| w.eq_ignore_ascii_case("stylesheet"))
                    });
                if is_stylesheet {
                    if name != "style" && name != "link" {
                        report.borrow_mut().removed.insert(name);
                    }
                    el.remove();
                }
                Ok(())
            }))
            .append_element_content_handler(element!("[href], [src], [background]", |el| {
                for attr in ["href", "src", "background"] {
                    if let Some(value) = el.get_attribute(attr) {
                        el.set_attribute(attr, &self.absolute(&value))?;
                    }
                }
                Ok(())
            }))
            .append_element_content_handler(element!("img", |el| {
                // Copies for screens and lazy loading mean nothing in a message.
                for attr in ["srcset", "sizes", "loading", "decoding"] {
                    el.remove_attribute(attr);
                }
                let src = el.get_attribute("src").unwrap_or_default();
                if let Some(copy) = self.lookup(&src, self.copies) {
                    el.set_attribute("src", &self.absolute(&copy.url))?;
                }
                if el.has_attribute("width") && el.has_attribute("height") {
                    return Ok(());
                }
                let src = el.get_attribute("src").unwrap_or_default();
                match self.size_of(&src) {
                    Some(size) => {
                        let width = size.width.min(CONTENT_WIDTH);
                        el.set_attribute("width", &width.to_string())?;
                        el.set_attribute("height", &scaled_height(size, width).to_string())?;
                    }
                    None => {
                        report.borrow_mut().without_size.insert(src);
                    }
                }
                Ok(())
            }));
        let html = lol_html::rewrite_str(html, settings)?;
        Ok((html, report.into_inner()))
    }
}

/// Footnotes for reading as text: a reference is `(1)` rather than a link (the notes
/// follow as a numbered list), and the notes' links back up are left out.
fn plain_footnotes(html: &str) -> Result<String, lol_html::errors::RewritingError> {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("sup.footnote-ref", |el| {
            el.before("(", lol_html::html_content::ContentType::Text);
            el.after(")", lol_html::html_content::ContentType::Text);
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("sup.footnote-ref a", |el| {
            el.remove_and_keep_content();
            Ok(())
        }))
        .append_element_content_handler(element!("a.footnote-backref", |el| {
            el.remove();
            Ok(())
        }));
    lol_html::rewrite_str(html, settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite_with<'a>(base: &'a Url, sizes: &'a HashMap<String, Size>) -> Rewrite<'a> {
        Rewrite {
            base,
            sizes,
            copies: Box::leak(Box::default()),
            keep: "*|UNSUB|*",
            base_path: "",
        }
    }

    #[test]
    fn under_a_base_path_root_relative_addresses_keep_it() {
        let base = Url::parse("https://org.example/kampanija/naujienos/a/").expect("url");
        let sizes = HashMap::from([(
            "/p.png".to_string(),
            Size {
                width: 10,
                height: 5,
            },
        )]);
        let r = Rewrite {
            base_path: "/kampanija",
            ..rewrite_with(&base, &sizes)
        };
        assert_eq!(
            r.absolute("/renginiai/"),
            "https://org.example/kampanija/renginiai/"
        );
        assert_eq!(
            r.absolute("/kampanija/style.css"),
            "https://org.example/kampanija/style.css"
        );
        assert_eq!(
            r.absolute("../b/"),
            "https://org.example/kampanija/naujienos/b/"
        );
        assert!(r.size_of("https://org.example/kampanija/p.png").is_some());
    }

    #[test]
    fn every_url_becomes_absolute_but_schemes_and_the_merge_tag_stay() {
        let base = Url::parse("https://x.example/naujienlaiskiai/nr-2/").expect("url");
        let sizes = HashMap::new();
        let r = rewrite_with(&base, &sizes);
        assert_eq!(
            r.absolute("lapai.png"),
            "https://x.example/naujienlaiskiai/nr-2/lapai.png"
        );
        assert_eq!(r.absolute("/renginiai/"), "https://x.example/renginiai/");
        assert_eq!(
            r.absolute("#fn-1"),
            "https://x.example/naujienlaiskiai/nr-2/#fn-1"
        );
        assert_eq!(r.absolute("../../apie/"), "https://x.example/apie/");
        assert_eq!(r.absolute("mailto:a@b.lt"), "mailto:a@b.lt");
        assert_eq!(r.absolute("tel:+37080028888"), "tel:+37080028888");
        assert_eq!(
            r.absolute("https://other.example/a"),
            "https://other.example/a"
        );
        assert_eq!(r.absolute("*|UNSUB|*"), "*|UNSUB|*");
        assert_eq!(
            r.absolute("//cdn.example/a.png"),
            "https://cdn.example/a.png"
        );
    }

    #[test]
    fn images_get_their_size_scaled_to_the_column() {
        let base = Url::parse("https://x.example/n/").expect("url");
        let mut sizes = HashMap::new();
        sizes.insert(
            "/n/wide.png".to_string(),
            Size {
                width: 1200,
                height: 80,
            },
        );
        sizes.insert(
            "/n/small.png".to_string(),
            Size {
                width: 100,
                height: 50,
            },
        );
        let r = rewrite_with(&base, &sizes);
        let (html, report) = r
            .apply(r#"<p><img src="wide.png" alt="" loading="lazy"><img src="small.png" alt="x" srcset="a 1w"><img src="https://elsewhere.example/a.png" alt="y"></p>"#)
            .expect("rewrites");
        assert!(
            html.contains(
                r#"<img src="https://x.example/n/wide.png" alt="" width="552" height="37">"#
            ),
            "{html}"
        );
        assert!(
            html.contains(
                r#"<img src="https://x.example/n/small.png" alt="x" width="100" height="50">"#
            ),
            "{html}"
        );
        assert_eq!(
            report.without_size.into_iter().collect::<Vec<_>>(),
            ["https://elsewhere.example/a.png"]
        );
    }

    #[test]
    fn active_content_is_taken_out_and_reported() {
        let base = Url::parse("https://x.example/n/").expect("url");
        let sizes = HashMap::new();
        let r = rewrite_with(&base, &sizes);
        let (html, report) = r
            .apply("<p>a</p><script>alert(1)</script><iframe src=\"https://v.example\"></iframe><link rel=\"stylesheet\" href=\"/s.css\"><link rel=\"canonical\" href=\"/n/\"><p>b</p>")
            .expect("rewrites");
        assert_eq!(
            html,
            "<p>a</p><link rel=\"canonical\" href=\"https://x.example/n/\"><p>b</p>"
        );
        assert_eq!(
            report.removed.into_iter().collect::<Vec<_>>(),
            ["iframe", "script"]
        );
    }

    #[test]
    fn footnotes_read_as_text() {
        let html = r##"<p>Planai.<sup class="footnote-ref"><a href="#fn-1" id="fn-ref-1">1</a></sup></p><ol><li id="fn-1"><p>Gali keistis. <a class="footnote-backref" href="#fn-ref-1">↩︎</a></p></li></ol>"##;
        assert_eq!(
            plain_footnotes(html).expect("rewrites"),
            r##"<p>Planai.(1)</p><ol><li id="fn-1"><p>Gali keistis. </p></li></ol>"##
        );
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert!(has_scheme("https://a"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("a/b:c"));
        assert!(!has_scheme("/a:b"));
        assert!(!has_scheme("*|UNSUB|*"));
    }

    #[test]
    fn wrapping_keeps_words_whole_and_lines_short() {
        let text = "Bendrai finansuoja Europos Sąjunga. Tačiau išsakytos nuomonės ir požiūriai yra tik autoriaus (-ių) ir nebūtinai atspindi Europos Sąjungos nuomonę.";
        let wrapped = wrap(text, 40);
        assert!(wrapped.lines().count() >= 4, "{wrapped}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= 40),
            "{wrapped}"
        );
        assert_eq!(
            wrapped.split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
        assert_eq!(wrap("a < b & c", 72), "a < b & c");
    }

    #[test]
    fn file_sizes_in_si_units_with_cldr_numbers() {
        let cases = [
            ("lt", 900.0, "900\u{a0}B"),
            ("en", 49_600.0, "50\u{a0}kB"),
            ("lt", 1_234_567.0, "1,2\u{a0}MB"),
            ("en", 1_234_567.0, "1.2\u{a0}MB"),
            ("lt", 2_400_000_000.0, "2,4\u{a0}GB"),
        ];
        for (lang, bytes, expected) in cases {
            assert_eq!(
                super::super::file_size(lang, bytes),
                expected,
                "{lang} {bytes}"
            );
        }
    }

    #[test]
    fn text_is_tidied() {
        assert_eq!(tidy_text("\n a  \n\n\n\nb\n\n"), "a\n\nb\n");
        assert_eq!(
            tidy_text("## Kviečiame\n* one\n  more\n* two\n1. three\n\nText.\n12. four"),
            "## Kviečiame\n\n* one\n  more\n* two\n1. three\n\nText.\n\n12. four\n"
        );
    }
}
