//! Texts derived from the model and a page's Markdown, made the same way wherever they
//! appear (pages, feeds, calendars, the search index): a page's summary, and the one
//! HTML/XML escaping. Below both `render` and `output`.

use crate::markdown::Rendered;

/// How long a summary made from the text may be, in characters.
const SUMMARY_CHARS: usize = 180;

/// The front matter summary, else the text before `<!-- more -->`, else the start of the text.
pub fn summary_of(summary: Option<&str>, md: &Rendered) -> String {
    if let Some(s) = summary {
        return s.trim().to_string();
    }
    let text = md.text.trim();
    if text.chars().count() <= SUMMARY_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// Escapes text for an element or a quoted attribute, in HTML and in XML alike (`&`,
/// `<`, `>`, `"`, `'`), and drops the control characters XML 1.0 does not allow at all
/// (HTML calls them parse errors), so a stray one in a Markdown file cannot make a feed
/// unreadable. The one escaping for pages, feeds, the sitemap and charts.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}
