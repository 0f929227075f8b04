//! Typography per language: straight quotes become the language's quotation marks
//! (Lithuanian „…“ and ‚…‘, English “…” and ‘…’; a double quote inside a double quote
//! becomes the single marks: „Jis sakė ‚taip‘“), `--` an en dash, `---` an em dash
//! and `...` an ellipsis. In Lithuanian a hyphen with a space on each side between
//! words is a dash („pagalba – ne gėda“). A closing `"` with no quote open (`15"`,
//! inches) stays as written.
//!
//! In Markdown bodies pulldown-cmark's smart punctuation finds the quotes and tells
//! opening from closing; [`SmartPunctuation`] only turns its English marks into the
//! page language's and leaves URLs alone. Titles and summaries from front matter are
//! plain text and go through [`smarten`]. Code never changes: pulldown does not touch
//! code spans and blocks, and [`smarten`] is never given code.

use pulldown_cmark::{Event, TagEnd};

/// A language's quotation marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotes {
    pub open_double: char,
    pub close_double: char,
    pub open_single: char,
    pub close_single: char,
}

/// Lithuanian: „…“ (U+201E, U+201C), and ‚…‘ (U+201A, U+2018) for single quotes.
pub const LITHUANIAN: Quotes = Quotes {
    open_double: '„',
    close_double: '“',
    open_single: '‚',
    close_single: '‘',
};

/// English (and pulldown-cmark's own): “…” and ‘…’.
pub const ENGLISH: Quotes = Quotes {
    open_double: '“',
    close_double: '”',
    open_single: '‘',
    close_single: '’',
};

/// Latvian: „…“ as Lithuanian, and ‚…‘ inside.
pub const LATVIAN: Quotes = LITHUANIAN;

/// Polish: „…” (U+201E, U+201D), and «…» inside (PWN's rule for a quotation within a
/// quotation).
pub const POLISH: Quotes = Quotes {
    open_double: '„',
    close_double: '”',
    open_single: '«',
    close_single: '»',
};

/// Ukrainian: «…» (the standard's „лапки-ялинки“), and „…“ inside.
pub const UKRAINIAN: Quotes = Quotes {
    open_double: '«',
    close_double: '»',
    open_single: '„',
    close_single: '“',
};

/// The apostrophe in "don't" and "O’Brien", the same in every language.
pub const APOSTROPHE: char = '’';

/// How one language writes punctuation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typography {
    /// `None`: the language's quotation marks are not known here, so straight quotes
    /// stay straight (dashes and ellipses still change).
    pub quotes: Option<Quotes>,
    /// Whether ` - ` between words is a spaced en dash (Lithuanian).
    pub spaced_dash: bool,
}

impl Typography {
    /// Lithuanian, English, Latvian, Polish and Ukrainian have their marks; other
    /// languages keep straight quotes.
    pub fn for_language(lang: &str) -> Typography {
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        let lithuanian = primary.eq_ignore_ascii_case("lt");
        let quotes = match primary.to_ascii_lowercase().as_str() {
            "lt" => Some(LITHUANIAN),
            "en" => Some(ENGLISH),
            "lv" => Some(LATVIAN),
            "pl" => Some(POLISH),
            "uk" => Some(UKRAINIAN),
            _ => None,
        };
        Typography {
            quotes,
            spaced_dash: lithuanian,
        }
    }
}

/// Straight quotes, dashes and dots in plain text (a title, a summary) made typographic.
///
/// A `"` opens after the start, a space, an opening bracket or a dash, and closes
/// otherwise. A `'` between letters is an apostrophe; it opens where a `"` would, and
/// closes an open single quote. Words that are addresses (`https://…`, `www.…`) stay
/// as written.
pub fn smarten(text: &str, lang: &str) -> String {
    let typography = Typography::for_language(lang);
    let mut out = String::with_capacity(text.len() + 8);
    let mut open = Open::default();
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let space_end = rest[word_end..]
            .find(|c: char| !c.is_whitespace())
            .map_or(rest.len(), |i| word_end + i);
        let word = &rest[..word_end];
        if is_address(word) {
            out.push_str(word);
        } else if word == "-" && typography.spaced_dash && between_words(&out, &rest[space_end..]) {
            out.push('–');
        } else {
            smarten_word(word, &typography, &mut open, &mut out);
        }
        out.push_str(&rest[word_end..space_end]);
        rest = &rest[space_end..];
    }
    out
}

/// The quotes open at a point of the text.
#[derive(Debug, Default, Clone, Copy)]
struct Open {
    /// Double quotes (`"`) open: the second level is written with single marks.
    doubles: usize,
    /// Single quotes (`'`) open.
    singles: usize,
}

/// Whether a lone `-` between `before` (the text so far, ending in a space) and
/// `after` (the rest, starting after the space) stands between words.
fn between_words(before: &str, after: &str) -> bool {
    let prev = before.trim_end().chars().next_back();
    let next = after.chars().next();
    prev.is_some_and(|c| c.is_alphanumeric() || "“”‘’»).!?".contains(c))
        && next.is_some_and(|c| c.is_alphanumeric() || "„“‘‚«(\"'".contains(c))
}

/// One whitespace-free word of [`smarten`], appended to `buf` (the text so far).
fn smarten_word(word: &str, typography: &Typography, open: &mut Open, buf: &mut String) {
    let chars: Vec<char> = word.chars().collect();
    let mut prev = buf.chars().next_back();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{–—-".contains(p));
        match c {
            '.' if chars.get(i..i + 3) == Some(&['.', '.', '.']) => {
                buf.push('…');
                i += 3;
                prev = Some('…');
                continue;
            }
            '-' if next == Some('-') => {
                let run = chars[i..].iter().take_while(|&&c| c == '-').count();
                let after = chars.get(i + run).copied();
                if run > 3 || is_markup_dash(prev, after) {
                    buf.extend(&chars[i..i + run]);
                } else {
                    buf.push(if run == 3 { '—' } else { '–' });
                }
                i += run;
                prev = Some('-');
                continue;
            }
            '"' => match typography.quotes {
                Some(q) if opens && next.is_some() => {
                    open.doubles += 1;
                    buf.push(if open.doubles > 1 {
                        q.open_single
                    } else {
                        q.open_double
                    });
                }
                Some(q) if open.doubles > 0 => {
                    open.doubles -= 1;
                    buf.push(if open.doubles > 0 {
                        q.close_single
                    } else {
                        q.close_double
                    });
                }
                _ => buf.push('"'),
            },
            '\'' => {
                let between_letters = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                match typography.quotes {
                    Some(q) if !between_letters && opens && next.is_some() => {
                        open.singles += 1;
                        buf.push(q.open_single);
                    }
                    Some(q) if !between_letters && open.singles > 0 => {
                        open.singles -= 1;
                        buf.push(q.close_single);
                    }
                    Some(_) => buf.push(APOSTROPHE),
                    None => buf.push('\''),
                }
            }
            c => buf.push(c),
        }
        prev = Some(c);
        i += 1;
    }
}

/// `<!--` and `-->` are markup written as text, not dashes.
fn is_markup_dash(before: Option<char>, after: Option<char>) -> bool {
    matches!(before, Some('<' | '!')) || after == Some('>')
}

/// A word that is a web or mail address, where `--` and `...` are part of the address.
fn is_address(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '<', '[', '"', '\'']);
    word.contains("://") || word.starts_with("www.") || word.starts_with("mailto:")
}

/// Rewrites pulldown-cmark's smart punctuation (parsed with
/// `ENABLE_SMART_PUNCTUATION`) for one document: quotes in the page's language, and
/// the source text back where a mark landed inside an address.
///
/// pulldown emits each mark it makes as its own `Text` event ("“", "’", "–", "…"), so a
/// mark is an event whose text differs from the source it covers. It pairs double
/// quotes itself; a `’` is a closing single quote when a `‘` is open and no letter
/// follows, else an apostrophe.
pub struct SmartPunctuation<'s> {
    source: &'s str,
    typography: Typography,
    open_singles: usize,
    open_doubles: usize,
}

impl<'s> SmartPunctuation<'s> {
    pub fn new(source: &'s str, typography: Typography) -> Self {
        SmartPunctuation {
            source,
            typography,
            open_singles: 0,
            open_doubles: 0,
        }
    }

    /// The event to render in place of `event`, found at `range` of the source.
    pub fn rewrite<'e>(&mut self, event: Event<'e>, range: std::ops::Range<usize>) -> Event<'e> {
        let Event::Text(text) = &event else {
            if let Event::End(end) = &event {
                if ends_inline_run(end) {
                    self.open_singles = 0;
                    self.open_doubles = 0;
                }
            }
            return event;
        };
        let Some(written) = self.source.get(range.clone()) else {
            return event;
        };
        let made = match (text.as_ref(), written) {
            (made @ ("“" | "”"), "\"") | (made @ ("‘" | "’"), "'") => made,
            (made @ ("–" | "—" | "…"), _) if written.bytes().all(|b| b == b'-' || b == b'.') => {
                made
            }
            _ => return self.spaced_dashes(event, range),
        };
        let before = self.source[..range.start].chars().next_back();
        let after = self.source[range.end..].chars().next();
        let markup = matches!(made, "–" | "—") && is_markup_dash(before, after);
        if markup || self.in_address(range.clone()) {
            return Event::Text(written.to_string().into());
        }
        let Some(q) = self.typography.quotes else {
            return match made {
                "“" | "”" | "‘" | "’" => Event::Text(written.to_string().into()),
                _ => event,
            };
        };
        // pulldown may open a quote that closes one already open (`"a "b""`): one
        // after a letter or a mark closes.
        let closes_open = self.open_doubles > 0
            && before.is_some_and(|c| !c.is_whitespace() && !"([{–—-".contains(c));
        let made = if made == "“" && closes_open {
            "”"
        } else {
            made
        };
        // Nothing open and right after a letter or digit: inches (`15"`), as written.
        if made == "“" && self.open_doubles == 0 && before.is_some_and(char::is_alphanumeric) {
            return Event::Text(written.to_string().into());
        }
        let mark = match made {
            "“" => {
                self.open_doubles += 1;
                if self.open_doubles > 1 {
                    q.open_single
                } else {
                    q.open_double
                }
            }
            // A closing quote with none open: inches (`15"`), as written.
            "”" if self.open_doubles == 0 => return Event::Text(written.to_string().into()),
            "”" => {
                self.open_doubles -= 1;
                if self.open_doubles > 0 {
                    q.close_single
                } else {
                    q.close_double
                }
            }
            "‘" => {
                self.open_singles += 1;
                q.open_single
            }
            "’" => {
                let next = self.source[range.end..].chars().next();
                if self.open_singles > 0 && !next.is_some_and(char::is_alphanumeric) {
                    self.open_singles -= 1;
                    q.close_single
                } else {
                    APOSTROPHE
                }
            }
            _ => return event,
        };
        Event::Text(mark.to_string().into())
    }

    /// A text's ` - ` between words as ` – ` (Lithuanian); other text as it is.
    fn spaced_dashes<'e>(&self, event: Event<'e>, range: std::ops::Range<usize>) -> Event<'e> {
        let Event::Text(text) = &event else {
            return event;
        };
        if !self.typography.spaced_dash || !text.contains(" - ") {
            return event;
        }
        let before = self.source.get(..range.start).unwrap_or("");
        let after = self.source.get(range.end..).unwrap_or("");
        let mut out = String::with_capacity(text.len() + 2);
        let mut rest: &str = text;
        while let Some(i) = rest.find(" - ") {
            let prev_text = if out.is_empty() && i == 0 {
                before
            } else {
                &rest[..i]
            };
            let prev = if i == 0 && !out.is_empty() {
                &out
            } else {
                prev_text
            };
            let next = &rest[i + 3..];
            let next = if next.is_empty() { after } else { next };
            let dash = if between_words(prev, next) {
                " – "
            } else {
                " - "
            };
            out.push_str(&rest[..i]);
            out.push_str(dash);
            rest = &rest[i + 3..];
        }
        out.push_str(rest);
        Event::Text(out.into())
    }

    /// Whether the mark at `range` is inside a word of the source that is an address.
    fn in_address(&self, range: std::ops::Range<usize>) -> bool {
        let stop = |c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '[' | ']');
        let start = self.source[..range.start].rfind(stop).map_or(0, |i| {
            i + self.source[i..].chars().next().map_or(1, char::len_utf8)
        });
        let end = self.source[range.end..]
            .find(stop)
            .map_or(self.source.len(), |i| range.end + i);
        is_address(&self.source[start..end])
    }
}

/// Blocks whose text pulldown pairs quotes within.
fn ends_inline_run(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::TableCell
            | TagEnd::Item
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_per_language() {
        let cases = [
            (
                "lt",
                r#"Projektas "Žvelk giliau""#,
                "Projektas „Žvelk giliau“",
            ),
            (
                "lt",
                r#"Jis sakė: "Paskambink į 'Vilties liniją'.""#,
                "Jis sakė: „Paskambink į ‚Vilties liniją‘.“",
            ),
            ("lt", "2024--2025 m.", "2024–2025 m."),
            ("lt", "Pauzė --- ir vėl", "Pauzė — ir vėl"),
            ("lt", "Ir taip toliau...", "Ir taip toliau…"),
            ("lt", "O'Brienas", "O’Brienas"),
            (
                "en",
                r#"The "Look Deeper" project"#,
                "The “Look Deeper” project",
            ),
            ("en", "The adviser's office", "The adviser’s office"),
            ("en", "A 'quiet' room", "A ‘quiet’ room"),
            ("en", "the students' work", "the students’ work"),
            ("en", r#"("quoted")"#, "(“quoted”)"),
            ("en", r#"-- "dash" --"#, "– “dash” –"),
            // Markup written as text keeps its hyphens; so do long runs.
            (
                "lt",
                "Koncertas <!-- ir --> daugiau",
                "Koncertas <!-- ir --> daugiau",
            ),
            ("lt", "a ---- b", "a ---- b"),
            // Other languages keep straight quotes; dashes still change.
            ("de", r#"Das "Projekt" -- gut"#, r#"Das "Projekt" – gut"#),
            // Addresses stay as written.
            (
                "lt",
                "Žr. https://example.lt/a--b...c ir www.x.lt/--",
                "Žr. https://example.lt/a--b...c ir www.x.lt/--",
            ),
            ("lt", "", ""),
            ("lt", "  tarpai  lieka  ", "  tarpai  lieka  "),
            // Quotes inside quotes; inches stay.
            ("lt", r#""Jis sakė "taip"""#, "„Jis sakė ‚taip‘“"),
            ("en", r#""He said "yes"""#, "“He said ‘yes’”"),
            (
                "lt",
                r#"Ekranas 15" įstrižainės"#,
                r#"Ekranas 15" įstrižainės"#,
            ),
            // A spaced hyphen between words is a dash in Lithuanian only.
            ("lt", "pagalba - ne gėda", "pagalba – ne gėda"),
            ("lt", r#""Taip" - atsakė"#, "„Taip“ – atsakė"),
            ("lt", "- sąrašas", "- sąrašas"),
            ("lt", "a -b", "a -b"),
            ("en", "help - not shame", "help - not shame"),
            // Latvian, Polish and Ukrainian marks, outer and inner.
            (
                "lv",
                r#"Projekts "Sociālā dzīve""#,
                "Projekts „Sociālā dzīve“",
            ),
            (
                "pl",
                r#"Projekt "Życie "razem"""#,
                "Projekt „Życie «razem»”",
            ),
            ("uk", r#"Проєкт "Життя "разом"""#, "Проєкт «Життя „разом“»"),
            ("uk", "пам'ять", "пам’ять"),
        ];
        for (lang, input, expected) in cases {
            assert_eq!(smarten(input, lang), expected, "{lang}: {input}");
        }
    }

    #[test]
    fn language_codes_with_regions() {
        assert_eq!(Typography::for_language("lt-LT").quotes, Some(LITHUANIAN));
        assert_eq!(Typography::for_language("en_GB").quotes, Some(ENGLISH));
        assert_eq!(Typography::for_language("EN").quotes, Some(ENGLISH));
        assert_eq!(Typography::for_language("fr").quotes, None);
    }

    /// The body HTML of `markdown` rendered in `lang`.
    fn body(markdown: &str, lang: &str) -> String {
        let options = crate::markdown::Options {
            typography: Some(Typography::for_language(lang)),
            ..Default::default()
        };
        crate::markdown::render(markdown, &options).html
    }

    #[test]
    fn markdown_per_language() {
        let cases = [
            (
                "lt",
                r#"Projektas "Žvelk giliau" -- tai "kelias"."#,
                "<p>Projektas „Žvelk giliau“ – tai „kelias“.</p>\n",
            ),
            (
                "lt",
                r#""Jis sakė: 'paskambink'", o aš... tylėjau --- ilgai."#,
                "<p>„Jis sakė: ‚paskambink‘“, o aš… tylėjau — ilgai.</p>\n",
            ),
            ("lt", "O'Brienas atvyko.", "<p>O’Brienas atvyko.</p>\n"),
            (
                "en",
                r#"The "Look Deeper" project -- it's 'ours'..."#,
                "<p>The “Look Deeper” project – it’s ‘ours’…</p>\n",
            ),
            (
                "en",
                "## The adviser's \"office\"",
                "<h2 id=\"the-adviser-s-office\">The adviser’s “office”</h2>\n",
            ),
            // Emphasis inside quotes, quotes inside link text.
            (
                "lt",
                r#"Žr. "*svarbu*" ir ["Apie"](/apie/)."#,
                "<p>Žr. „<em>svarbu</em>“ ir <a href=\"/apie/\">„Apie“</a>.</p>\n",
            ),
            // Quotes inside quotes, inches, spaced hyphens.
            (
                "lt",
                r#""Jis sakė "taip"", o pagalba - ne gėda."#,
                "<p>„Jis sakė ‚taip‘“, o pagalba – ne gėda.</p>\n",
            ),
            (
                "lt",
                r#"Ekranas 15" dydžio."#,
                "<p>Ekranas 15\" dydžio.</p>\n",
            ),
            (
                "en",
                r#""He said "yes"" - then left."#,
                "<p>“He said ‘yes’” - then left.</p>\n",
            ),
            // Other languages: dashes and dots only.
            (
                "de",
                r#"Das "Projekt" -- gut..."#,
                "<p>Das \"Projekt\" – gut…</p>\n",
            ),
        ];
        for (lang, markdown, expected) in cases {
            assert_eq!(body(markdown, lang), expected, "{lang}: {markdown}");
        }
    }

    #[test]
    fn markdown_code_urls_and_html_stay_as_written() {
        let cases = [
            // Code spans and blocks.
            (
                r#"Rašykite `"a" -- 'b'...` taip."#,
                "<p>Rašykite <code>\"a\" -- 'b'...</code> taip.</p>\n",
            ),
            (
                "```\necho \"a\" -- '...'\n```\n",
                "<pre class=\"code\"><code>echo \"a\" -- '...'\n</code></pre>\n",
            ),
            // Addresses: autolinks, bare ones and link destinations.
            (
                "<https://example.lt/a--b...c>",
                "<p><a href=\"https://example.lt/a--b...c\">https://example.lt/a--b...c</a></p>\n",
            ),
            (
                "Žr. https://example.lt/a--b... ir www.x.lt/--y.",
                "<p>Žr. https://example.lt/a--b... ir www.x.lt/--y.</p>\n",
            ),
            (
                "[\"a\"](https://example.lt/a--b)",
                "<p><a href=\"https://example.lt/a--b\">„a“</a></p>\n",
            ),
            // Raw HTML and its attributes.
            (
                "<span title=\"a -- 'b'\">x</span>",
                "<p><span title=\"a -- 'b'\">x</span></p>\n",
            ),
            ("a --> b", "<p>a --&gt; b</p>\n"),
            // Escaped quotes are what the author asked for.
            (r#"\"tiesiai\""#, "<p>\"tiesiai\"</p>\n"),
        ];
        for (markdown, expected) in cases {
            assert_eq!(body(markdown, "lt"), expected, "{markdown}");
        }
    }

    #[test]
    fn without_typography_text_is_as_written() {
        let html = crate::markdown::render(r#""a" -- b..."#, &Default::default()).html;
        assert_eq!(html, "<p>\"a\" -- b...</p>\n");
    }
}
