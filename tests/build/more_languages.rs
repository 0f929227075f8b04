//! Latvian, Ukrainian and Polish: dates, ranges, numbers and plural categories against a
//! table computed from CLDR by Python's Babel (`tests/fixtures/cldr/`), and sites in
//! lt+lv+en and lt+uk+en built with the built-in theme only.

use sklaida::i18n::{self, DateStyle};

use crate::support::*;

/// One row of `tests/fixtures/cldr/table.tsv`: kind, language, input, expected.
fn cldr_table() -> Vec<(String, String, String, String)> {
    let path = fixtures_dir().join("cldr/table.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/cldr/table.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "{l}");
            (
                cols[0].to_string(),
                cols[1].to_string(),
                cols[2].to_string(),
                unescape(cols[3]),
            )
        })
        .collect()
}

/// `\u{202f}` → U+202F, as the generator writes spaces other than U+0020.
fn unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find('}').expect("closing brace");
        let c = u32::from_str_radix(&after[..end], 16)
            .ok()
            .and_then(char::from_u32)
            .expect("a code point");
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn day(text: &str) -> jiff::civil::Date {
    text.parse().expect("a date")
}

/// What Sklaida makes for one row of the table.
pub fn ours(kind: &str, lang: &str, input: &str) -> String {
    match kind {
        "long" => i18n::format_date(lang, day(input), DateStyle::Long),
        "full" => i18n::format_date(lang, day(input), DateStyle::Full),
        "month_year" => i18n::format_date(lang, day(input), DateStyle::MonthYear),
        "time" => i18n::format_time(lang, input.parse().expect("a time")),
        "range" => {
            let (a, b) = input.split_once('/').expect("start/end");
            i18n::format_date_range(lang, day(a), day(b))
        }
        "number" => i18n::format_number(lang, input.parse().expect("a number")),
        "plural" => i18n::plural_category(lang, input.parse().expect("a number"))
            .name()
            .to_string(),
        other => panic!("unknown kind {other}"),
    }
}

#[test]
fn dates_numbers_and_plurals_equal_cldr_as_babel_computes_them() {
    let table = cldr_table();
    assert!(table.len() > 200, "{} rows", table.len());
    let mut wrong = Vec::new();
    for (kind, lang, input, expected) in &table {
        let got = ours(kind, lang, input);
        if &got != expected {
            wrong.push(format!(
                "{kind} {lang} {input}: expected {expected:?}, got {got:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} differ:\n{}",
        wrong.len(),
        table.len(),
        wrong.join("\n")
    );
    // Every kind and language is there.
    for kind in [
        "long",
        "full",
        "month_year",
        "time",
        "range",
        "number",
        "plural",
    ] {
        for lang in ["lv", "uk", "pl"] {
            assert!(
                table.iter().any(|(k, l, _, _)| k == kind && l == lang),
                "{kind} {lang}"
            );
        }
    }
}
