//! Horizontal bar charts as inline SVG, made at build time (no JavaScript), for the
//! results page: templates call `bar_chart(id=…, title=…, description=…, bars=[…])`.
//!
//! Accessible by construction: `role="img"` named by its `<title>` and `<desc>`, the
//! description repeating every bar's label and number in words; every bar labelled with
//! its number as visible text; colours from the theme with at least 3:1 contrast for
//! bars and 4.5:1 for text on white; classes so that forced-colours mode can repaint it.

use std::fmt::Write;

use tera::{Kwargs, State, TeraResult, Value};

use crate::text::escape;

/// Width of the drawing, in SVG units (CSS scales it down on narrow screens).
const WIDTH: f64 = 640.0;
const LABEL_SIZE: f64 = 16.0;
const LABEL_LINE: f64 = 20.0;
const BAR_HEIGHT: f64 = 28.0;
const VALUE_SIZE: f64 = 15.0;
const ROW_GAP: f64 = 18.0;
/// Characters of a label line before it wraps (16-unit text on 640 units).
const LABEL_CHARS: usize = 64;

/// Bar fill: the theme's teal-700, 7.5:1 on white (≥ 3:1 for graphics).
const BAR: &str = "#0e5e63";
/// Text: the theme's ink, 14.8:1 on white; white on a bar is 7.5:1.
const INK: &str = "#1b2a2f";
const ON_BAR: &str = "#ffffff";
/// The target marker: the theme's accent, 6.2:1 on white.
const TARGET: &str = "#a8401b";

/// One bar: its label, its length (`value`), the number written beside it, and an
/// optional target drawn as a marker on the same scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
    pub target: Option<f64>,
}

/// The chart as an `<svg>` element. `id` must be unique on the page.
pub fn bar_chart(id: &str, title: &str, description: &str, bars: &[Bar]) -> String {
    let scale = bars
        .iter()
        .flat_map(|b| [b.value, b.target.unwrap_or(0.0)])
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let x_of = |v: f64| (v.max(0.0) / scale * WIDTH).min(WIDTH);

    let mut body = String::new();
    let mut y = 0.0;
    for (i, bar) in bars.iter().enumerate() {
        let _ = write!(body, "<g class=\"chart-row\">");
        for line in wrap(&bar.label, LABEL_CHARS) {
            y += LABEL_LINE;
            let _ = write!(
                body,
                "<text class=\"chart-label\" x=\"0\" y=\"{}\" font-size=\"{LABEL_SIZE}\" fill=\"{INK}\">{}</text>",
                fmt(y - 5.0),
                escape(&line)
            );
        }
        let top = y + 4.0;
        let width = x_of(bar.value);
        // A value above zero is always visible, however small.
        let width = if bar.value > 0.0 { width.max(3.0) } else { 0.0 };
        let _ = write!(
            body,
            "<rect class=\"chart-bar\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{BAR_HEIGHT}\" fill=\"{BAR}\"/>",
            fmt(top),
            fmt(width)
        );
        let marker = bar
            .target
            .filter(|t| t.is_finite() && *t > 0.0)
            .map(|t| x_of(t).clamp(1.5, WIDTH - 1.5));
        if let Some(x) = marker {
            let _ = write!(
                body,
                "<line class=\"chart-target\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"{TARGET}\" stroke-width=\"3\"/>",
                fmt(top - 4.0),
                fmt(top + BAR_HEIGHT + 4.0),
                x = fmt(x)
            );
        }
        let text_width = bar.text.chars().count() as f64 * VALUE_SIZE * 0.62;
        let baseline = fmt(top + BAR_HEIGHT / 2.0 + VALUE_SIZE * 0.35);
        let (x, place) = value_place(width, text_width, marker);
        let (class, anchor, fill) = match place {
            Place::After => ("chart-value", "start", INK),
            Place::InsideEnd => ("chart-value chart-value-inside", "end", ON_BAR),
            Place::InsideStart => ("chart-value chart-value-inside", "start", ON_BAR),
        };
        let _ = write!(
            body,
            "<text class=\"{class}\" x=\"{}\" y=\"{baseline}\" font-size=\"{VALUE_SIZE}\" font-weight=\"700\" text-anchor=\"{anchor}\" fill=\"{fill}\">{}</text>",
            fmt(x),
            escape(&bar.text)
        );
        body.push_str("</g>");
        y = top + BAR_HEIGHT + if i + 1 < bars.len() { ROW_GAP } else { 4.0 };
    }

    let mut words = description.trim().to_string();
    for bar in bars {
        if !words.is_empty() {
            words.push(' ');
        }
        let _ = write!(words, "{}: {}.", bar.label.trim_end_matches('.'), bar.text);
    }
    let height = fmt(y.max(1.0));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>{body}</svg>",
        id = escape(id),
        w = fmt(WIDTH),
        title = escape(title),
        desc = escape(&words),
    )
}

/// Where a bar's number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// After the bar's end, in ink.
    After,
    /// Inside the bar, ending at its end, in white.
    InsideEnd,
    /// Inside the bar, from its start, in white.
    InsideStart,
}

/// Where a bar's number goes, and its x: after the bar when it fits, else inside its
/// end, else inside its start; a place clear of the target marker wins when one fits.
fn value_place(width: f64, text: f64, marker: Option<f64>) -> (f64, Place) {
    const GAP: f64 = 8.0;
    // (x, place, the text's extent, the room it must fit in)
    let candidates = [
        (
            width + GAP,
            Place::After,
            (width + GAP, width + GAP + text),
            WIDTH,
        ),
        (
            width - GAP,
            Place::InsideEnd,
            (width - GAP - text, width - GAP),
            width,
        ),
        (GAP, Place::InsideStart, (GAP, GAP + text), width),
    ];
    let fits = |c: &&(f64, Place, (f64, f64), f64)| c.2 .0 >= 0.0 && c.2 .1 <= c.3;
    let clear = |c: &&(f64, Place, (f64, f64), f64)| {
        marker.is_none_or(|m| m < c.2 .0 - 4.0 || m > c.2 .1 + 4.0)
    };
    let chosen = candidates
        .iter()
        .find(|c| fits(c) && clear(c))
        .or_else(|| candidates.iter().find(|c| fits(c)))
        .unwrap_or(&candidates[0]);
    (chosen.0, chosen.1)
}

/// Splits a label into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A coordinate with at most one decimal, no trailing `.0`.
fn fmt(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

#[derive(serde::Deserialize)]
struct Arguments {
    id: String,
    title: String,
    #[serde(default)]
    description: String,
    bars: Vec<BarArgument>,
}

#[derive(serde::Deserialize)]
struct BarArgument {
    label: String,
    value: f64,
    text: String,
    #[serde(default)]
    target: Option<f64>,
}

/// The Tera function `bar_chart(id, title, description, bars)`; `bars` is a list of
/// maps with `label`, `value`, `text` and optionally `target`.
pub fn function(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let args: Arguments = kwargs.deserialize().map_err(|e| {
        tera::Error::message(format!(
            "bar_chart needs id, title and bars=[{{label, value, text}}, …]: {e}"
        ))
    })?;
    let bars: Vec<Bar> = args
        .bars
        .into_iter()
        .map(|b| Bar {
            label: b.label,
            value: b.value,
            text: b.text,
            target: b.target,
        })
        .collect();
    Ok(Value::safe_string(&bar_chart(
        &args.id,
        &args.title,
        &args.description,
        &bars,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64, text: &str) -> Bar {
        Bar {
            label: label.into(),
            value,
            text: text.into(),
            target: None,
        }
    }

    #[test]
    fn bars_are_scaled_to_the_largest_and_labelled() {
        let svg = bar_chart(
            "c",
            "Dalyviai",
            "Dalyviai per metus.",
            &[bar("2025", 27.0, "27"), bar("2026", 108.0, "108")],
        );
        let doc = scraper::Html::parse_fragment(&svg);
        let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
        let widths: Vec<&str> = doc
            .select(&sel("rect.chart-bar"))
            .filter_map(|r| r.value().attr("width"))
            .collect();
        assert_eq!(widths, ["160", "640"]);
        let values: Vec<String> = doc
            .select(&sel("text.chart-value"))
            .map(|t| t.text().collect())
            .collect();
        assert_eq!(values, ["27", "108"]);
        let desc: String = doc.select(&sel("desc")).flat_map(|d| d.text()).collect();
        assert_eq!(desc, "Dalyviai per metus. 2025: 27. 2026: 108.");
        let svg_el = doc.select(&sel("svg")).next().expect("svg");
        assert_eq!(svg_el.value().attr("role"), Some("img"));
        assert_eq!(
            svg_el.value().attr("aria-labelledby"),
            Some("c-title c-desc")
        );
    }

    #[test]
    fn long_labels_wrap_and_text_is_escaped() {
        let label = "Gyventojai, gavę gerovės konsultanto paslaugas <ir> kitų specialistų pagalbą savivaldybėje";
        let svg = bar_chart("x", "T & T", "", &[bar(label, 1.0, "1")]);
        let doc = scraper::Html::parse_fragment(&svg);
        let sel = scraper::Selector::parse("text.chart-label").expect("selector");
        let lines: Vec<String> = doc.select(&sel).map(|t| t.text().collect()).collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.join(" "), label);
        assert!(lines.iter().all(|l| l.chars().count() <= LABEL_CHARS));
        assert!(svg.contains("<title id=\"x-title\">T &amp; T</title>"));
    }

    #[test]
    fn numbers_stay_clear_of_the_target_marker() {
        // Room after the bar: there.
        assert_eq!(value_place(100.0, 50.0, None), (108.0, Place::After));
        // A full bar: inside its end.
        assert_eq!(value_place(640.0, 100.0, None), (632.0, Place::InsideEnd));
        // Inside its end would cross the marker at 561: inside its start instead.
        assert_eq!(
            value_place(640.0, 200.0, Some(561.0)),
            (8.0, Place::InsideStart)
        );
        // A short bar with a long number and no room anywhere: after it all the same.
        assert_eq!(value_place(600.0, 700.0, None).1, Place::After);
    }

    #[test]
    fn zero_and_empty_charts_do_not_divide_by_zero() {
        let svg = bar_chart("z", "t", "", &[bar("a", 0.0, "0")]);
        assert!(svg.contains("width=\"0\""));
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let empty = bar_chart("e", "t", "", &[]);
        assert!(empty.starts_with("<svg"));
    }
}
