//! The display size of an SVG file, from its root element's `width`, `height` and
//! `viewBox`, so that `<img>` tags of SVG posters carry `width` and `height` like
//! raster ones. No rendering: the attributes say everything we need.

use super::Size;

/// CSS pixels per unit (CSS Values 3: 1in = 96px = 2.54cm = 72pt = 6pc).
fn px_per(unit: &str) -> Option<f64> {
    Some(match unit {
        "" | "px" => 1.0,
        "in" => 96.0,
        "cm" => 96.0 / 2.54,
        "mm" => 96.0 / 25.4,
        "q" | "Q" => 96.0 / 101.6,
        "pt" => 96.0 / 72.0,
        "pc" => 16.0,
        _ => return None,
    })
}

/// A length attribute (`297mm`, `600`, `12.5in`) in CSS pixels; `None` for relative
/// units (`%`, `em`), which say nothing about the file's own size.
fn length(value: &str) -> Option<f64> {
    let v = value.trim();
    let split = v
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E')))
        .unwrap_or(v.len());
    // `1e3` is a number but `1em` is not: an `e` followed by a letter starts the unit.
    let (number, unit) = match v[..split].rfind(['e', 'E']) {
        Some(i) if v[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) => v.split_at(i),
        _ => v.split_at(split),
    };
    let n: f64 = number.parse().ok()?;
    let px = n * px_per(unit.trim())?;
    (px.is_finite() && px > 0.0).then_some(px)
}

/// `viewBox="min-x min-y width height"` → (width, height).
fn view_box(value: &str) -> Option<(f64, f64)> {
    let numbers: Vec<f64> = value
        .split([' ', ',', '\t', '\n', '\r'])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 && w.is_finite() && h.is_finite() => Some((*w, *h)),
        _ => None,
    }
}

/// Elements that run code or embed a document when the SVG is opened on its own.
const ACTIVE_ELEMENTS: [&str; 8] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "use",
];

/// Code the poster would run in the site's name when opened on its own (posters are
/// published as files): a script, an `on…` attribute, embedded HTML, a `javascript:`
/// link. The message names the element and its line; `None` when there is none.
fn active_content(doc: &roxmltree::Document) -> Option<String> {
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let line = doc.text_pos_at(node.range().start).row;
        let name = node.tag_name().name();
        let lower = name.to_ascii_lowercase();
        // `<use>` is harmless unless it pulls in another file (which may hold scripts).
        let remote_use = lower == "use"
            && node
                .attributes()
                .any(|a| a.name() == "href" && !a.value().trim_start().starts_with('#'));
        if ACTIVE_ELEMENTS.contains(&lower.as_str()) && (lower != "use" || remote_use) {
            return Some(format!(
                "has a <{name}> element (line {line}), which could run code in the site's name when the file is opened; remove it (export the poster again as plain SVG)"
            ));
        }
        for a in node.attributes() {
            let attr = a.name().to_ascii_lowercase();
            let value: String = a
                .value()
                .chars()
                .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
                .collect::<String>()
                .to_ascii_lowercase();
            let code = [
                "javascript:",
                "vbscript:",
                "data:text/html",
                "data:image/svg",
            ]
            .iter()
            .any(|s| value.starts_with(s));
            if attr.starts_with("on") || code {
                return Some(format!(
                    "has {}=\"…\" on <{name}> (line {line}), which could run code in the site's name when the file is opened; remove it (export the poster again as plain SVG)",
                    a.name()
                ));
            }
        }
    }
    None
}

/// The size an SVG is drawn at by default, in whole CSS pixels: `width` and `height`,
/// or one of them and the `viewBox`'s proportions, or the `viewBox` itself. `None`
/// when it says none of these (browsers then draw it 300 × 150).
pub fn size(text: &str) -> Result<Option<Size>, String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("is not a readable SVG file: {e}"))?;
    if let Some(problem) = active_content(&doc) {
        return Err(problem);
    }
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(format!(
            "is not an SVG file: its first element is <{}>, not <svg>",
            root.tag_name().name()
        ));
    }
    let width = root.attribute("width").and_then(length);
    let height = root.attribute("height").and_then(length);
    let vb = root.attribute("viewBox").and_then(view_box);
    let (w, h) = match (width, height, vb) {
        (Some(w), Some(h), _) => (w, h),
        (Some(w), None, Some((vw, vh))) => (w, w * vh / vw),
        (None, Some(h), Some((vw, vh))) => (h * vw / vh, h),
        (None, None, Some((vw, vh))) => (vw, vh),
        _ => return Ok(None),
    };
    let round = |x: f64| x.round().clamp(1.0, u32::MAX as f64) as u32;
    Ok(Some(Size {
        width: round(w),
        height: round(h),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(attrs: &str) -> Result<Size, String> {
        size(&format!(
            "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}><rect/></svg>"
        ))
        .map(|s| s.expect("has a size"))
    }

    #[test]
    fn active_content_is_refused_with_its_element_and_line() {
        for (body, element) in [
            ("<script>alert(1)</script>", "<script>"),
            (
                "<SCRIPT xmlns=\"http://www.w3.org/2000/svg\">x</SCRIPT>",
                "<SCRIPT>",
            ),
            ("<rect onclick=\"x()\"/>", "onclick="),
            ("<foreignObject><p>x</p></foreignObject>", "<foreignObject>"),
            ("<a href=\" java\tscript:x\"><rect/></a>", "href="),
            ("<set attributeName=\"href\" to=\"javascript:x\"/>", "to="),
            ("<use href=\"other.svg#a\"/>", "<use>"),
        ] {
            let text = format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">\n{body}</svg>"
            );
            let message = size(&text).expect_err(body);
            assert!(message.contains(element), "{body}: {message}");
            assert!(message.contains("(line 2)"), "{body}: {message}");
        }
        let onload = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"x()\"/>";
        assert!(size(onload).expect_err("onload").contains("onload="));
        let fine = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><use href=\"#a\"/><a href=\"https://x.lt/\"><rect opacity=\"0.5\"/></a></svg>";
        assert!(size(fine).is_ok());
    }

    #[test]
    fn millimetres_become_css_pixels() {
        // An A3 sheet: 297 × 420 mm at 96 px per inch.
        let s = svg("viewBox=\"0 0 297 420\" width=\"297mm\" height=\"420mm\"").expect("size");
        assert_eq!((s.width, s.height), (1123, 1587));
    }

    #[test]
    fn plain_numbers_are_pixels() {
        let s = svg("width=\"600\" height=\"40\"").expect("size");
        assert_eq!((s.width, s.height), (600, 40));
        let s = svg("width=\"1e2px\" height=\"50.4\"").expect("size");
        assert_eq!((s.width, s.height), (100, 50));
    }

    #[test]
    fn one_side_and_the_view_box_give_the_other() {
        let s = svg("viewBox=\"0 0 210 297\" width=\"420\"").expect("size");
        assert_eq!((s.width, s.height), (420, 594));
        let s = svg("viewBox=\"0,0,210,297\" height=\"297\"").expect("size");
        assert_eq!((s.width, s.height), (210, 297));
    }

    #[test]
    fn relative_units_fall_back_to_the_view_box() {
        let s = svg("viewBox=\"0 0 305 60\" width=\"100%\" height=\"2em\"").expect("size");
        assert_eq!((s.width, s.height), (305, 60));
    }

    #[test]
    fn no_size_at_all_is_none() {
        let none = |attrs: &str| {
            size(&format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}/>"
            ))
        };
        assert_eq!(none("width=\"100%\""), Ok(None));
        assert_eq!(none("viewBox=\"0 0 0 10\""), Ok(None));
        assert_eq!(none(""), Ok(None));
    }

    #[test]
    fn other_files_are_not_svgs() {
        assert!(size("<html><body/></html>")
            .expect_err("html")
            .contains("<html>"));
        assert!(size("\u{89}PNG").is_err());
        assert!(size("<svg").is_err());
    }

    #[test]
    fn a_doctype_is_accepted() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10pt\" height=\"72pt\"/>";
        let s = size(text).expect("parses").expect("size");
        assert_eq!((s.width, s.height), (13, 96));
    }
}
