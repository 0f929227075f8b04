//! `safe_html = true`: the HTML made from Markdown is cleaned with ammonia, for sites
//! that publish stories contributed by the public. Raw HTML in a body keeps only safe
//! elements and attributes — no `<script>`, `<style>`, `<iframe>`, forms, event
//! handlers (`on…`), `javascript:` or `data:` links, `style` (but table alignment) —
//! while everything our own Markdown renderer writes survives unchanged: heading and
//! footnote ids, classes (of highlighted code, alerts, tables), footnote links and
//! roles, task-list boxes, `figure`, `details`, tables. Links get no added `rel`.
//!
//! By default (`safe_html = false`) authors are trusted and raw HTML passes unchanged.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::markdown::Rendered;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(["section", "input", "label"])
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("th", ["scope", "style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("pre", ["data-lang"])
        .add_tag_attributes("img", ["loading", "title"])
        .add_tag_attributes("input", ["type", "checked"])
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("section", ["role"])
        .add_tag_attributes("a", ["role"])
        .link_rel(None)
        // Shortcodes' placeholders are comments, filled in after cleaning.
        .strip_comments(false)
        // A box in a story can never be typed in or sent.
        .set_tag_attribute_value("input", "disabled", "")
        .add_clean_content_tags([
            "iframe", "noembed", "noframes", "noscript", "object", "template", "textarea",
        ])
        .attribute_filter(keep_attribute);
    b
});

/// Whether (and how) an attribute allowed by name stays.
fn keep_attribute<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    match attribute {
        // Table cells' alignment is the only style kept.
        "style" => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then_some(Cow::Borrowed(value)),
        "role" => matches!(
            (element, value),
            ("div", "note") | ("section", "doc-endnotes") | ("a", "doc-backlink")
        )
        .then_some(Cow::Borrowed(value)),
        "type" => (element == "input" && value == "checkbox").then_some(Cow::Borrowed(value)),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The HTML with only the safe parts of raw HTML left.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Cleans a rendered Markdown body (its HTML and its summary's HTML) in place.
pub fn clean_rendered(rendered: &mut Rendered) {
    rendered.html = clean(&rendered.html);
    if let Some(summary) = &rendered.summary_html {
        rendered.summary_html = Some(clean(summary));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::markdown::{render, Options};

    fn element_names(html: &str) -> HashSet<String> {
        let doc = scraper::Html::parse_fragment(html);
        doc.root_element()
            .descendants()
            .filter_map(|n| n.value().as_element().map(|e| e.name().to_string()))
            .collect()
    }

    fn attrs(html: &str) -> HashSet<String> {
        let doc = scraper::Html::parse_fragment(html);
        doc.root_element()
            .descendants()
            .filter_map(|n| n.value().as_element())
            .flat_map(|e| e.attrs().map(|(k, _)| k.to_string()).collect::<Vec<_>>())
            .collect()
    }

    #[test]
    fn dangerous_html_is_removed() {
        let dirty = r#"<p onclick="alert(1)">Tekstas<script>alert(2)</script></p>
<style>body{display:none}</style>
<iframe src="https://example.com/">rėmas</iframe>
<a href="javascript:alert(3)">nuoroda</a> <a href="data:text/html,x">duomenys</a>
<img src="x.png" onerror="alert(4)" alt="vaizdas" style="position:fixed">
<div class="button" style="position:fixed">dėžė</div>
<input type="text" name="slaptažodis"><form action="/x"><button>Siųsti</button></form>
<object data="x.swf"></object><embed src="x.swf"><svg><script>alert(5)</script></svg>
<math><mi xlink:href="javascript:alert(6)">x</mi></math>"#;
        let clean = clean(dirty);
        let names = element_names(&clean);
        for bad in [
            "script", "style", "iframe", "form", "button", "object", "embed", "svg", "math",
        ] {
            assert!(!names.contains(bad), "{bad} in {clean}");
        }
        let attrs = attrs(&clean);
        assert!(
            !attrs
                .iter()
                .any(|a| a.starts_with("on") || a == "style" || a == "name"),
            "{attrs:?} in {clean}"
        );
        assert!(
            !clean.contains("javascript:") && !clean.contains("data:"),
            "{clean}"
        );
        assert!(!clean.contains("alert("), "{clean}");
        assert!(!clean.contains("rėmas"), "iframe content kept: {clean}");
        // Text and harmless markup stay.
        assert!(clean.contains("<p>Tekstas</p>"), "{clean}");
        assert!(clean.contains(r#"alt="vaizdas""#), "{clean}");
        assert!(
            clean.contains(r#"<div class="button">dėžė</div>"#),
            "{clean}"
        );
        assert!(clean.contains(r#"<a>nuoroda</a>"#), "{clean}");
        assert!(!clean.contains("type=\"text\""), "{clean}");
    }

    #[test]
    fn our_own_markup_survives() {
        let md = "# Antraštė {#pradzia .platus}\n\n\
                  > [!WARNING]\n> Atsargiai.\n\n\
                  Tekstas[^1] su `kodu`.\n\n\
                  | A | B |\n|:--|--:|\n| 1 | 2 |\n\n\
                  - [x] padaryta\n- [ ] liko\n\n\
                  ```rust\nfn main() { let x = 1; }\n```\n\n\
                  3. trečias\n\n\
                  <figure><img src=\"a.jpg\" alt=\"A\"><figcaption>Parašas</figcaption></figure>\n\n\
                  <details><summary>Daugiau</summary>Paslėpta</details>\n\n\
                  [^1]: Išnaša.\n";
        let rendered = render(md, &Options::default());
        let cleaned = clean(&rendered.html);
        let before = scraper::Html::parse_fragment(&rendered.html);
        let after = scraper::Html::parse_fragment(&cleaned);
        let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
        for css in [
            "h1#pradzia",
            "div.alert.alert-warning[role=note] p.alert-title",
            "sup.footnote-ref a[href='#fn-1'][id]",
            "section.footnotes[role=doc-endnotes] li#fn-1 a.footnote-backref[role=doc-backlink]",
            "div.table-wrap table th[scope=col][style='text-align: left']",
            "td[style='text-align: right']",
            "input[type=checkbox][checked][disabled]",
            "pre.code[data-lang=rust] code.language-rust span[class^='hl-']",
            "ol[start='3']",
            "figure img[alt=A] + figcaption",
            "details summary",
        ] {
            assert!(
                before.select(&sel(css)).next().is_some(),
                "render lost {css}"
            );
            assert!(
                after.select(&sel(css)).next().is_some(),
                "{css} is gone after cleaning:\n{cleaned}"
            );
        }
        // Every highlighting class is kept.
        let classes = |doc: &scraper::Html| -> Vec<String> {
            doc.select(&sel("pre span"))
                .filter_map(|e| e.value().attr("class").map(str::to_string))
                .collect()
        };
        assert_eq!(classes(&before), classes(&after));
        // Markdown without raw HTML comes out the same: every element, attribute and text.
        let without_raw: String = md
            .lines()
            .filter(|l| !l.starts_with('<'))
            .map(|l| format!("{l}\n"))
            .collect();
        let html = render(&without_raw, &Options::default()).html;
        assert_eq!(dom(&clean(&html)), dom(&html));
    }

    /// Elements (name and sorted attributes) and texts in document order.
    fn dom(html: &str) -> Vec<String> {
        let doc = scraper::Html::parse_fragment(html);
        doc.root_element()
            .descendants()
            .filter_map(|n| {
                if let Some(e) = n.value().as_element() {
                    let mut attrs: Vec<String> =
                        e.attrs().map(|(k, v)| format!("{k}={v}")).collect();
                    attrs.sort();
                    Some(format!("<{} {}>", e.name(), attrs.join(" ")))
                } else {
                    n.value().as_text().map(|t| t.to_string())
                }
            })
            .collect()
    }
}
