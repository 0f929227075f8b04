//! Ways out of YAML errors: recognises the mistakes authors commonly make in front
//! matter (a quoted value that goes on after its quote, `: ` inside a value, a tab for
//! indentation, no space after `-` or `:`, an unclosed `[` or `{`) and gives the line
//! as it should be written. Reads text only; the parser's error is the caller's.

/// A way out: the 0-based line (of the YAML text) to fix, why, and the fixed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub line: usize,
    pub why: &'static str,
    pub fixed: String,
}

impl Hint {
    /// `…; why: `fixed``, to end an error message with.
    pub fn sentence(&self) -> String {
        format!("{}: `{}`", self.why, self.fixed)
    }
}

/// The hint for an error the parser found at 0-based line `at` of `yaml`: that line
/// or, when `look_back`, the nearest line above it with a recognised mistake.
pub fn find(yaml: &str, at: usize, look_back: bool) -> Option<Hint> {
    let lines: Vec<&str> = yaml.lines().collect();
    let last = at.min(lines.len().checked_sub(1)?);
    let first = if look_back { 0 } else { last };
    (first..=last).rev().find_map(|i| {
        hint_for(&lines, i).map(|(why, fixed)| Hint {
            line: i,
            why,
            fixed,
        })
    })
}

fn hint_for(lines: &[&str], i: usize) -> Option<(&'static str, String)> {
    let line = lines[i];
    let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
    let (indent, rest) = line.split_at(indent_len);
    if indent.contains('\t') {
        return Some((
            "YAML indents with spaces only; write the line with spaces",
            format!("{}{rest}", indent.replace('\t', "  ")),
        ));
    }
    if let Some(item) = rest.strip_prefix('-') {
        if !item.is_empty() && !item.starts_with([' ', '-']) && in_list(lines, i) {
            return Some((
                "a list item needs a space after `-`",
                format!("{indent}- {item}"),
            ));
        }
    }
    let (dash, entry) = match rest.strip_prefix("- ") {
        Some(e) => ("- ", e),
        None => ("", rest),
    };
    let (key, value) = split_key(entry)?;
    let start = format!("{indent}{dash}{key}:");
    if !value.starts_with([' ', '\t']) && !value.is_empty() {
        if value.starts_with([':', '/']) {
            return None;
        }
        return Some((
            "a field needs a space after its `:`",
            format!("{start} {value}"),
        ));
    }
    let value = value.trim();
    value_hint(value).map(|(why, fixed)| (why, format!("{start} {fixed}")))
}

/// `key: value` → (`key`, ` value`) when `key` is a plain field name.
fn split_key(entry: &str) -> Option<(&str, &str)> {
    let (key, value) = entry.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    plain.then_some((key, value))
}

/// Whether line `i` is inside a list: the line above is a `key:` with no value or an item.
fn in_list(lines: &[&str], i: usize) -> bool {
    lines[..i]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| {
            let t = l.trim();
            t.ends_with(':') || t.starts_with("- ")
        })
}

fn value_hint(value: &str) -> Option<(&'static str, String)> {
    if let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let after = after_closing_quote(value, quote)?;
        let after = after.trim();
        return (!after.is_empty() && !after.starts_with('#')).then(|| {
            (
                "a value that starts with a quote ends at the closing quote; put the whole value in quotes",
                quoted(value),
            )
        });
    }
    for (open, close) in [('[', ']'), ('{', '}')] {
        if value.starts_with(open) && value.matches(open).count() > value.matches(close).count() {
            return Some(match open {
                '[' => (
                    "a list in `[` ends with `]` on the same line",
                    format!("{value}]"),
                ),
                _ => ("a `{` ends with `}` on the same line", format!("{value}}}")),
            });
        }
    }
    let plain = !value.starts_with(['[', '{', '|', '>', '&', '*', '!', '%', '@', '`']);
    if plain && (value.contains(": ") || value.ends_with(':')) {
        return Some(("a value with `: ` in it must be quoted", quoted(value)));
    }
    None
}

/// What follows the closing `quote` of a value that starts with it (`None`: unclosed).
fn after_closing_quote(value: &str, quote: char) -> Option<&str> {
    let body = &value[1..];
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                continue;
            }
            return Some(&body[i + 1..]);
        }
    }
    None
}

/// `value` as one YAML string: in double quotes when it has none (and no `\`), else in
/// single quotes (a `'` inside written twice).
pub fn quoted(value: &str) -> String {
    if value.contains('"') || value.contains('\\') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(yaml: &str, at: usize) -> Option<String> {
        find(yaml, at, true).map(|h| h.fixed)
    }

    #[test]
    fn each_common_mistake_gets_its_fixed_line() {
        let cases = [
            (
                "title: \"Saugaus kelio\" naujienlaiškis Nr. 1\n",
                "title: '\"Saugaus kelio\" naujienlaiškis Nr. 1'",
            ),
            ("title: 'Jo' knyga\n", "title: \"'Jo' knyga\""),
            (
                "title: Renginys: seminaras\n",
                "title: \"Renginys: seminaras\"",
            ),
            ("tags:\n\t- a\n", "  - a"),
            ("tags:\n  -sveikata\n", "  - sveikata"),
            ("title:Seminaras\n", "title: Seminaras"),
            ("tags: [a, b\n", "tags: [a, b]"),
            ("location: {name: a\n", "location: {name: a}"),
            ("location:\n  name: Salė: 2\n", "  name: \"Salė: 2\""),
        ];
        for (yaml, want) in cases {
            let at = yaml.lines().count() - 1;
            assert_eq!(fixed(yaml, at).as_deref(), Some(want), "{yaml:?}");
        }
    }

    #[test]
    fn good_lines_get_no_hint() {
        for yaml in [
            "title: \"Saugaus kelio\"\n",
            "url: https://example.lt/a\n",
            "start: 2026-12-10T18:00\n",
            "tags: [a, b]\n",
            "title: 'It''s'\n",
            "summary: a \"quoted\" word\n",
            "tags:\n  - a\n  - -1\n",
        ] {
            assert_eq!(fixed(yaml, 5), None, "{yaml:?}");
        }
    }
}
