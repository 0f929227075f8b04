//! QR codes as inline SVG, made at build time: the `qr()` shortcode, the printed
//! poster's way back to the site and the event flyer's code. Templates call
//! `qr_code(url=…, label=…)`.
//!
//! The `qrcode` crate encodes (error correction M: a printed code still reads with a
//! fold, a pin hole or a smudge over 15 % of it) and draws with its SVG renderer; we
//! keep its drawing (one `<path>`, `shape-rendering="crispEdges"`, a quiet zone of 4
//! modules in white) and replace only its XML prologue and the `<svg>` element's
//! attributes: no fixed size (CSS sizes it; the `viewBox` is in modules, so any size
//! stays sharp on paper), `role="img"` with an accessible name that says the address.

use tera::{Kwargs, State, TeraResult, Value};

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::text::escape;

/// The code for `url` as an `<svg>` element named `label` for screen readers.
pub fn svg(url: &str, label: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| format!("{url:?} cannot be a QR code: {e}"))?;
    let drawn = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    // The renderer writes `<?xml …?><svg xmlns=… version="1.1" width="W" height="H"
    // viewBox="0 0 W H" shape-rendering="crispEdges">…`: keep from `viewBox` on.
    let body = drawn
        .find(" viewBox=")
        .map(|at| &drawn[at..])
        .filter(|rest| rest.contains("shape-rendering=\"crispEdges\""))
        .ok_or("the QR renderer wrote an SVG of a form this version does not know")?;
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" aria-label=\"{}\"{body}",
        escape(label)
    ))
}

/// The Tera function `qr_code(url, label)`: the code as a safe string. `label` is the
/// accessible name (say the address in it); without one it is the address itself.
pub fn register(tera: &mut tera::Tera) {
    tera.register_function(
        "qr_code",
        |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let url: String = kwargs.must_get("url")?;
            let label: Option<String> = kwargs.get("label")?;
            let label = label.unwrap_or_else(|| url.clone());
            svg(&url, &label)
                .map(|s| Value::safe_string(&s))
                .map_err(tera::Error::message)
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_named_sharp_and_has_its_quiet_zone() {
        let out = svg(
            "https://example.lt/renginiai/",
            "QR kodas: https://example.lt/",
        )
        .unwrap();
        assert!(out.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr-code\" role=\"img\" aria-label=\"QR kodas: https://example.lt/\" viewBox=\"0 0 "));
        assert!(out.contains("shape-rendering=\"crispEdges\""));
        assert!(!out.contains("<?xml"));
        assert!(out.ends_with("</svg>"));
        // Version 2 (25 modules) for this length, plus 4 modules of white each side.
        let code =
            QrCode::with_error_correction_level(b"https://example.lt/renginiai/", EcLevel::M)
                .unwrap();
        let side = code.width() + 8;
        assert!(
            out.contains(&format!("viewBox=\"0 0 {side} {side}\"")),
            "{out}"
        );
        assert_eq!(code.error_correction_level(), EcLevel::M);
        // The first dark module is at the quiet zone's edge.
        assert!(out.contains("d=\"M4 4"), "{out}");
        let parsed = roxmltree::Document::parse(&out).unwrap();
        let svg = parsed.root_element();
        assert_eq!(svg.attribute("role"), Some("img"));
        // No fixed size: CSS sizes it.
        assert_eq!(
            (svg.attribute("width"), svg.attribute("height")),
            (None, None)
        );
        // A white background over the whole code, quiet zone included.
        let rect = svg.first_element_child().unwrap();
        assert_eq!(rect.attribute("fill"), Some("#fff"));
        assert_eq!(rect.attribute("width"), Some(side.to_string().as_str()));
    }

    #[test]
    fn labels_are_escaped_and_too_long_data_is_an_error() {
        let out = svg("https://x.test/?a=1&b=2", "a \"b\" & <c>").unwrap();
        assert!(out.contains("aria-label=\"a &quot;b&quot; &amp; &lt;c&gt;\""));
        let long = format!("https://x.test/{}", "a".repeat(3000));
        assert!(svg(&long, "x").is_err());
    }
}
