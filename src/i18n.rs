//! Language-dependent text: CLDR plural categories, dates, times, numbers, collation,
//! country names and search folding (all from ICU4X's compiled CLDR data), plus the interface strings a
//! theme and a site define per language (`Strings`). The default theme ships Lithuanian,
//! English, Latvian, Ukrainian and Polish, and date ranges are shaped for each of them;
//! any BCP 47 code works, and one ICU4X has no data for (or cannot parse) behaves as
//! English.

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use icu_calendar::{Date, Gregorian};
use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_datetime::fieldsets::enums::DateFieldSet;
use icu_datetime::fieldsets::{T, YM, YMD, YMDE};
use icu_datetime::input::Time;
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames};
use icu_datetime::{FixedCalendarDateTimeFormatter, NoCalendarFormatter};
use icu_decimal::input::{Decimal, FloatPrecision, SignDisplay};
use icu_decimal::DecimalFormatter;
use icu_locale::names::RegionDisplayName;
use icu_locale_core::subtags::Region;
use icu_locale_core::{locale, Locale};
use icu_normalizer::DecomposingNormalizerBorrowed;
use icu_plurals::PluralRules;
use writeable::TryWriteable;

use crate::error::Diagnostic;

// ---------------------------------------------------------------------------------------
// Plural categories
// ---------------------------------------------------------------------------------------

/// A CLDR cardinal plural category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PluralCategory {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl PluralCategory {
    const ALL: [PluralCategory; 6] = [
        PluralCategory::Zero,
        PluralCategory::One,
        PluralCategory::Two,
        PluralCategory::Few,
        PluralCategory::Many,
        PluralCategory::Other,
    ];

    /// The CLDR name, as written in interface string files (`few`).
    pub fn name(self) -> &'static str {
        match self {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl From<icu_plurals::PluralCategory> for PluralCategory {
    fn from(c: icu_plurals::PluralCategory) -> Self {
        use icu_plurals::PluralCategory as Icu;
        match c {
            Icu::Zero => PluralCategory::Zero,
            Icu::One => PluralCategory::One,
            Icu::Two => PluralCategory::Two,
            Icu::Few => PluralCategory::Few,
            Icu::Many => PluralCategory::Many,
            Icu::Other => PluralCategory::Other,
        }
    }
}

/// CLDR cardinal plural category for `n` in language `lang` ("lt", "en", any BCP 47 code;
/// unknown → English rules). `n` may be fractional (0.5 → lt `Many`).
///
/// The category is that of `n` as `format_number` shows it (at most three fraction
/// digits), so a count and its words always agree: 1.0004 shows as "1" and is `One`.
pub fn plural_category(lang: &str, n: f64) -> PluralCategory {
    let Some(decimal) = to_decimal(n) else {
        return PluralCategory::Other;
    };
    let lang = lang_data(lang);
    match lang.plurals() {
        Some(rules) => rules.category_for(&decimal).into(),
        None => PluralCategory::Other,
    }
}

/// The CLDR cardinal plural categories language `lang` uses (lv: zero, one, other; uk
/// and pl: one, few, many, other), in CLDR order; English's for an unknown code.
pub fn plural_categories(lang: &str) -> Vec<PluralCategory> {
    let lang = lang_data(lang);
    match lang.plurals() {
        Some(rules) => rules.categories().map(PluralCategory::from).collect(),
        None => vec![PluralCategory::Other],
    }
}

// ---------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------

/// The number as CLDR's default decimal pattern shows it: at most three fraction digits
/// (`#,##0.###`, rounded half-even as ICU does), no trailing zeros, no "-0".
fn to_decimal(n: f64) -> Option<Decimal> {
    let mut decimal = Decimal::try_from_f64(n, FloatPrecision::RoundTrip).ok()?;
    decimal.round(-3);
    decimal.absolute.trim_end();
    decimal.apply_sign_display(SignDisplay::Negative);
    Some(decimal)
}

/// `n` in the language's CLDR decimal format: lt "1 234,5" (U+00A0 grouping, decimal
/// comma; CLDR lt groups from four digits, "1 234", and writes minus as U+2212),
/// en "1,234.5". At most three fraction digits. NaN and infinities are written as Rust does.
pub fn format_number(lang: &str, n: f64) -> String {
    let Some(decimal) = to_decimal(n) else {
        return n.to_string();
    };
    let lang = lang_data(lang);
    match lang.decimal() {
        Some(formatter) => formatter.format(&decimal).to_string(),
        None => decimal.to_string(),
    }
}

/// An amount of money in the language's CLDR currency format, two fraction digits:
/// lt "447 391,61 €", en "€447,391.61", lv and pl "447 391,61 €", uk "447 391,61 EUR"
/// (U+00A0 before the sign). ICU4X 2 has no stable currency formatter (it is in
/// `icu_experimental`), so the digits come from ICU's decimal formatter and the place
/// and symbol of the currency from CLDR 46's `currencyFormats` standard pattern and
/// symbols for the languages the theme ships, written out here (checked against
/// Babel's CLDR tables in the tests). Another currency is written by its ISO code.
pub fn format_money(lang: &str, amount: f64, currency: &str) -> String {
    money(lang, amount, currency, -2)
}

/// As [`format_money`], but a whole amount without its cents ("€250,000"), as
/// acknowledgement texts write a grant.
pub fn format_money_whole(lang: &str, amount: f64, currency: &str) -> String {
    let position = if amount.fract() == 0.0 { 0 } else { -2 };
    money(lang, amount, currency, position)
}

fn money(lang: &str, amount: f64, currency: &str, position: i16) -> String {
    let digits = match Decimal::try_from_f64(amount, FloatPrecision::RoundTrip) {
        Ok(mut d) => {
            d.round(position);
            d.absolute.pad_end(position);
            d.apply_sign_display(SignDisplay::Negative);
            let data = lang_data(lang);
            match data.decimal() {
                Some(f) => f.format(&d).to_string(),
                None => d.to_string(),
            }
        }
        Err(_) => amount.to_string(),
    };
    let primary = lang.split('-').next().unwrap_or(lang);
    let symbol = match (currency, primary) {
        ("EUR", "uk") => "EUR",
        ("EUR", _) => "\u{20ac}",
        (code, _) => code,
    };
    if primary == "en" {
        if symbol.chars().count() == 1 {
            format!("{symbol}{digits}")
        } else {
            format!("{symbol}\u{a0}{digits}")
        }
    } else {
        format!("{digits}\u{a0}{symbol}")
    }
}

// ---------------------------------------------------------------------------------------
// Dates and times
// ---------------------------------------------------------------------------------------

/// Which CLDR date format to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// lt "2024 m. vasario 26 d.", en "26 February 2024".
    Long,
    /// lt "2024 m. vasario 26 d., pirmadienis", en "Monday, 26 February 2024".
    Full,
    /// lt "2024-02-26", en "26/02/2024".
    Short,
    /// lt "2024 m. vasaris" (nominative), en "February 2024".
    MonthYear,
}

/// `date` in the language's CLDR format for `style`. English without a region uses
/// en-GB conventions ("26 February 2024"); an explicit region (en-US) is honoured.
pub fn format_date(lang: &str, date: jiff::civil::Date, style: DateStyle) -> String {
    let lang = lang_data(lang);
    format_date_with(&lang, date, style)
}

fn format_date_with(lang: &Lang, date: jiff::civil::Date, style: DateStyle) -> String {
    let formatted = to_icu_date(date).and_then(|d| match style {
        DateStyle::Long => lang.long().map(|f| f.format(&d).to_string()),
        DateStyle::Full => lang.full().map(|f| f.format(&d).to_string()),
        DateStyle::Short => lang.short().map(|f| f.format(&d).to_string()),
        DateStyle::MonthYear => lang.month_year().map(|f| f.format(&d).to_string()),
    });
    // ICU data is compiled in, so this fallback is for dates outside ICU's range only.
    formatted.unwrap_or_else(|| date.to_string())
}

/// `time` as the language's CLDR hour-and-minute format: "10:00" in lt and en (en-GB).
pub fn format_time(lang: &str, time: jiff::civil::Time) -> String {
    let lang = lang_data(lang);
    let icu_time = Time::try_new(
        u8::try_from(time.hour()).unwrap_or(0),
        u8::try_from(time.minute()).unwrap_or(0),
        u8::try_from(time.second()).unwrap_or(0),
        u32::try_from(time.subsec_nanosecond()).unwrap_or(0),
    )
    .ok();
    match (lang.time(), icu_time) {
        (Some(formatter), Some(t)) => formatter.format(&t).to_string(),
        _ => format!("{:02}:{:02}", time.hour(), time.minute()),
    }
}

/// A date range. lt "2024 m. vasario 26–28 d.", "2024 m. vasario 26 d. – kovo 2 d.";
/// en "26–28 February 2024", "26 February – 2 March 2024"; across years, two long dates.
///
/// lv "2026. gada 2.–5. marts"; uk "2–5 березня 2026 р."; pl "2–5 marca 2026" (and
/// across months and years as CLDR's interval patterns shape them).
///
/// CLDR has interval formats, but ICU4X exposes them only as unstable API, so the
/// shapes are built here for Lithuanian, day-first English, Latvian, Ukrainian and
/// Polish, with month names from ICU (genitive in lt, uk and pl). Other languages get
/// "long – long". A range given backwards is shown in order; checking that is the
/// content's business, not the formatter's.
pub fn format_date_range(lang: &str, start: jiff::civil::Date, end: jiff::civil::Date) -> String {
    let lang = lang_data(lang);
    let (start, end) = if end < start {
        (end, start)
    } else {
        (start, end)
    };
    if start == end {
        return format_date_with(&lang, start, DateStyle::Long);
    }
    let both_long = || {
        format!(
            "{} – {}",
            format_date_with(&lang, start, DateStyle::Long),
            format_date_with(&lang, end, DateStyle::Long)
        )
    };
    if start.year() != end.year() {
        return across_years(&lang, start, end);
    }
    let Some(months) = lang.month_names() else {
        return both_long();
    };
    let month = |d: jiff::civil::Date| {
        usize::try_from(d.month() - 1)
            .ok()
            .and_then(|i| months.get(i))
            .map(String::as_str)
    };
    let (Some(m1), Some(m2)) = (month(start), month(end)) else {
        return both_long();
    };
    let (y, d1, d2) = (start.year(), start.day(), end.day());
    let same_month = start.month() == end.month();
    match lang.range_shape {
        RangeShape::Lithuanian if same_month => format!("{y} m. {m1} {d1}–{d2} d."),
        RangeShape::Lithuanian => format!("{y} m. {m1} {d1} d. – {m2} {d2} d."),
        RangeShape::EnglishDayFirst if same_month => format!("{d1}–{d2} {m1} {y}"),
        RangeShape::EnglishDayFirst => format!("{d1} {m1} – {d2} {m2} {y}"),
        // CLDR's interval patterns (yMMMd for lv and uk, which have no yMMMMd; yMMMMd
        // for pl), with the months in full as in the long date.
        RangeShape::Latvian if same_month => format!("{y}. gada {d1}.–{d2}. {m1}"),
        RangeShape::Latvian => format!("{y}. gada {d1}. {m1}\u{2009}–\u{2009}{d2}. {m2}"),
        RangeShape::Ukrainian if same_month => format!("{d1}–{d2} {m1} {y}\u{202f}р."),
        RangeShape::Ukrainian => format!("{d1} {m1}\u{a0}— {d2} {m2} {y}\u{202f}р."),
        RangeShape::Polish if same_month => format!("{d1}–{d2} {m1} {y}"),
        RangeShape::Polish => format!("{d1} {m1}\u{2009}–\u{2009}{d2} {m2} {y}"),
        RangeShape::Generic => both_long(),
    }
}

/// A range across years in CLDR's interval pattern where the language has one (lv, uk,
/// pl: the long date's parts), else two long dates with " – ".
fn across_years(lang: &Lang, start: jiff::civil::Date, end: jiff::civil::Date) -> String {
    let (first, last) = (
        format_date_with(lang, start, DateStyle::Long),
        format_date_with(lang, end, DateStyle::Long),
    );
    match lang.range_shape {
        RangeShape::Latvian | RangeShape::Polish => format!("{first}\u{2009}–\u{2009}{last}"),
        // "2 березня 2026 — 3 січня 2027 рр.": the year abbreviation once, plural.
        RangeShape::Ukrainian => match (
            first.strip_suffix("\u{202f}р."),
            last.strip_suffix("\u{202f}р."),
        ) {
            (Some(first), Some(last)) => format!("{first}\u{a0}— {last}\u{202f}рр."),
            _ => format!("{first} – {last}"),
        },
        _ => format!("{first} – {last}"),
    }
}

fn to_icu_date(date: jiff::civil::Date) -> Option<Date<Gregorian>> {
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    Date::try_new_gregorian(i32::from(date.year()), month, day).ok()
}

// ---------------------------------------------------------------------------------------
// Collation and search folding
// ---------------------------------------------------------------------------------------

/// Compares `a` and `b` by the language's CLDR collation (lt: c < č, s < š, z < ž as
/// letters; ą ę ė į ų ū and y are secondary variants of a e e i u u and i; case matters
/// last). Strings the collator finds equal are ordered by code point, so sorting is
/// deterministic.
pub fn compare(lang: &str, a: &str, b: &str) -> Ordering {
    let lang = lang_data(lang);
    compare_with(lang.collator(), a, b)
}

fn compare_with(collator: Option<&CollatorBorrowed<'static>>, a: &str, b: &str) -> Ordering {
    match collator {
        Some(c) => c.compare(a, b).then_with(|| a.cmp(b)),
        None => a.cmp(b),
    }
}

/// Sorts `items` by the language's CLDR collation (see `compare`).
pub fn sort_strings(lang: &str, items: &mut [String]) {
    sort_by_text(lang, items, |s| s.as_str());
}

/// Sorts any items by a text they carry (a title, a tag name) with the language's
/// CLDR collation; the sort is stable.
pub fn sort_by_text<T>(lang: &str, items: &mut [T], text: impl Fn(&T) -> &str) {
    let lang = lang_data(lang);
    let collator = lang.collator();
    items.sort_by(|a, b| compare_with(collator, text(a), text(b)));
}

/// Folds text for search: lowercase and without diacritics, so "Žmonės" → "zmones".
///
/// Lowercasing is Unicode's default, not Lithuanian-tailored (which would add U+0307
/// after accented i). NFKD then splits letters from their marks (and expands
/// compatibility forms such as "ﬁ"), and the marks are dropped: Latvian "skolā" →
/// "skola", Ukrainian ї → і, й → и, Russian ё → е. A few letters carry no decomposable
/// mark (Polish ł, common in Lithuania, and ø, đ, ß, æ, œ, ı; Ukrainian ґ → г and є →
/// е) and are mapped by hand. Apostrophes (' ’ ʼ ‘) are dropped, so a word keeps
/// together whichever one is typed ("пам'ять", "пам’ять", "памʼять" → "память"). The
/// search page's script (`search.js`) folds queries with the same steps.
pub fn fold(text: &str) -> String {
    let lower = text.to_lowercase();
    let nfkd = DecomposingNormalizerBorrowed::new_nfkd();
    let mut out = String::with_capacity(lower.len());
    // ASCII is already folded and, as a starter, never reorders with marks around it,
    // so only the runs between ASCII need decomposing: the same result as decomposing
    // the whole text, at a fraction of the cost on a long page.
    let mut rest = lower.as_str();
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        // The apostrophe is dropped, not a word break: "пам'ять" is "пам’ять".
        out.extend(rest[..ascii].chars().filter(|&c| c != '\''));
        rest = &rest[ascii..];
        let other = rest
            .bytes()
            .position(|b| b.is_ascii())
            .unwrap_or(rest.len());
        for c in nfkd.normalize(&rest[..other]).chars() {
            match c {
                c if is_combining_mark(c) => {}
                'ł' => out.push('l'),
                'ø' => out.push('o'),
                'đ' => out.push('d'),
                'ı' => out.push('i'),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                // Ukrainian: ґ and є as г and е (ї and й lose their marks above).
                'ґ' => out.push('г'),
                'є' => out.push('е'),
                // The apostrophe's other spellings (’ ʼ ‘), dropped like '.
                '\u{2019}' | '\u{2bc}' | '\u{2018}' => {}
                // A word-final Σ lowercases to ς (in Rust and in browsers): one letter, σ.
                'ς' => out.push('σ'),
                c => out.push(c),
            }
        }
        rest = &rest[other..];
    }
    out
}

/// The combining diacritical mark blocks: what NFKD leaves after a Latin, Greek or
/// Cyrillic base letter.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

// ---------------------------------------------------------------------------------------
// Per-language ICU objects, cached
// ---------------------------------------------------------------------------------------

/// How `format_date_range` shapes a range in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeShape {
    Lithuanian,
    EnglishDayFirst,
    Latvian,
    Ukrainian,
    Polish,
    Generic,
}

type DateFormatter<F> = FixedCalendarDateTimeFormatter<Gregorian, F>;

/// One language's resolved locale and its ICU objects, each built on first use.
///
/// Building an ICU4X formatter from compiled data costs a few times more than using it
/// (about 1.5 µs against 0.4 µs for a long date), and they are not `Sync` without ICU's
/// `sync` feature, so each thread keeps one `Lang` per language code it has seen and
/// builds each object on first use.
struct Lang {
    locale: Locale,
    range_shape: RangeShape,
    plurals: OnceCell<Option<PluralRules>>,
    decimal: OnceCell<Option<DecimalFormatter>>,
    long: OnceCell<Option<DateFormatter<YMD>>>,
    full: OnceCell<Option<DateFormatter<YMDE>>>,
    short: OnceCell<Option<DateFormatter<YMD>>>,
    month_year: OnceCell<Option<DateFormatter<YM>>>,
    time: OnceCell<Option<NoCalendarFormatter<T>>>,
    month_names: OnceCell<Option<Vec<String>>>,
    collator: OnceCell<Option<CollatorBorrowed<'static>>>,
}

impl Lang {
    fn new(code: &str) -> Lang {
        let locale = resolve_locale(code);
        let range_shape = match (locale.id.language.as_str(), locale.id.region) {
            ("lt", _) => RangeShape::Lithuanian,
            ("en", Some(region)) if region.as_str() == "GB" => RangeShape::EnglishDayFirst,
            ("lv", _) => RangeShape::Latvian,
            ("uk", _) => RangeShape::Ukrainian,
            ("pl", _) => RangeShape::Polish,
            _ => RangeShape::Generic,
        };
        Lang {
            locale,
            range_shape,
            plurals: OnceCell::new(),
            decimal: OnceCell::new(),
            long: OnceCell::new(),
            full: OnceCell::new(),
            short: OnceCell::new(),
            month_year: OnceCell::new(),
            time: OnceCell::new(),
            month_names: OnceCell::new(),
            collator: OnceCell::new(),
        }
    }

    fn plurals(&self) -> Option<&PluralRules> {
        self.plurals
            .get_or_init(|| PluralRules::try_new_cardinal((&self.locale).into()).ok())
            .as_ref()
    }

    fn decimal(&self) -> Option<&DecimalFormatter> {
        self.decimal
            .get_or_init(|| {
                DecimalFormatter::try_new((&self.locale).into(), Default::default()).ok()
            })
            .as_ref()
    }

    fn long(&self) -> Option<&DateFormatter<YMD>> {
        self.long
            .get_or_init(|| DateFormatter::try_new((&self.locale).into(), YMD::long()).ok())
            .as_ref()
    }

    fn full(&self) -> Option<&DateFormatter<YMDE>> {
        self.full
            .get_or_init(|| DateFormatter::try_new((&self.locale).into(), YMDE::long()).ok())
            .as_ref()
    }

    fn short(&self) -> Option<&DateFormatter<YMD>> {
        self.short
            .get_or_init(|| DateFormatter::try_new((&self.locale).into(), YMD::short()).ok())
            .as_ref()
    }

    fn month_year(&self) -> Option<&DateFormatter<YM>> {
        self.month_year
            .get_or_init(|| DateFormatter::try_new((&self.locale).into(), YM::long()).ok())
            .as_ref()
    }

    fn time(&self) -> Option<&NoCalendarFormatter<T>> {
        self.time
            .get_or_init(|| NoCalendarFormatter::try_new((&self.locale).into(), T::hm()).ok())
            .as_ref()
    }

    /// The twelve wide month names in their formatting context (CLDR `MMMM`: genitive in
    /// lt, "vasario"), as used next to a day number.
    fn month_names(&self) -> Option<&Vec<String>> {
        self.month_names
            .get_or_init(|| {
                let pattern = DateTimePattern::try_from_pattern_str("MMMM").ok()?;
                let mut names = FixedCalendarDateTimeNames::<Gregorian, DateFieldSet>::try_new(
                    (&self.locale).into(),
                )
                .ok()?;
                let formatter = names.include_for_pattern(&pattern).ok()?;
                (1..=12)
                    .map(|m| {
                        let date = Date::try_new_gregorian(2024, m, 1).ok()?;
                        formatter
                            .format(&date)
                            .try_write_to_string()
                            .ok()
                            .map(Cow::into_owned)
                    })
                    .collect()
            })
            .as_ref()
    }

    fn collator(&self) -> Option<&CollatorBorrowed<'static>> {
        self.collator
            .get_or_init(|| {
                Collator::try_new((&self.locale).into(), CollatorOptions::default()).ok()
            })
            .as_ref()
    }
}

// ---------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------

/// Two-letter region codes CLDR names that are not a country or territory of ISO
/// 3166-1: groupings and special codes (EU, EZ, UN, QO, XA, XB, ZZ) and the
/// exceptionally reserved codes of parts of other countries (AC, CP, CQ, DG, EA, IC,
/// TA). `tests/fixtures/cldr/countries.py` leaves out the same.
const NOT_COUNTRIES: [&str; 14] = [
    "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA",
];

/// Whether `code` is a country code a partner's `country:` may have: two capital
/// letters that CLDR names as a country or territory (ISO 3166-1 alpha-2, and XK,
/// Kosovo), not a grouping such as EU or UN.
pub fn is_country(code: &str) -> bool {
    code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && !NOT_COUNTRIES.contains(&code)
        && region_name("en", code).is_some()
}

/// The name of country `code` in `lang`, from CLDR ("LV" in lt: "Latvija", in uk:
/// "Латвія"); `None` when [`is_country`] is false. A language ICU4X has no data for
/// gets English names, as its dates are English.
pub fn country_name(lang: &str, code: &str) -> Option<String> {
    if is_country(code) {
        region_name(lang, code)
    } else {
        None
    }
}

/// CLDR's name of any region code in `lang` (ICU4X's "light" data: every modern
/// region, in every language CLDR has).
fn region_name(lang: &str, code: &str) -> Option<String> {
    let region = Region::try_from_str(code).ok()?;
    let lang = lang_data(lang);
    RegionDisplayName::try_new_light((&lang.locale).into(), region)
        .ok()
        .map(|name| name.to_string())
}

/// The code of the country whose CLDR name in one of `langs` is `name` (case and
/// surrounding spaces ignored): "Latvija" → "LV". For the hint of a `country:` that
/// holds a name instead of a code; it tries every code, so only after an error.
pub fn country_code_of_name(langs: &[&str], name: &str) -> Option<String> {
    let wanted = name.trim().to_lowercase();
    let codes = (b'A'..=b'Z').flat_map(|a| (b'A'..=b'Z').map(move |b| [a, b]));
    codes
        .filter_map(|c| String::from_utf8(c.to_vec()).ok())
        .filter(|code| is_country(code))
        .find(|code| {
            langs
                .iter()
                .any(|lang| region_name(lang, code).is_some_and(|n| n.to_lowercase() == wanted))
        })
}

thread_local! {
    static LANGS: RefCell<HashMap<String, Rc<Lang>>> = RefCell::new(HashMap::new());
}

/// This thread's cached `Lang` for a language code.
fn lang_data(code: &str) -> Rc<Lang> {
    LANGS
        .try_with(|langs| {
            if let Some(lang) = langs.borrow().get(code) {
                return Rc::clone(lang);
            }
            let lang = Rc::new(Lang::new(code));
            langs
                .borrow_mut()
                .insert(code.to_string(), Rc::clone(&lang));
            lang
        })
        // Only while the thread is being torn down: work uncached rather than panic.
        .unwrap_or_else(|_| Rc::new(Lang::new(code)))
}

/// The locale ICU formats `code` with: English without a region is en-GB (the product
/// writes "26 February 2024"); an unparsable code, or one CLDR has no data for, is en-GB.
fn resolve_locale(code: &str) -> Locale {
    let english = locale!("en-GB");
    let Ok(mut locale) = Locale::try_from_str(code.trim()) else {
        return english;
    };
    if locale.id.language.as_str() == "en" && locale.id.region.is_none() {
        locale.id.region = Region::try_from_str("GB").ok();
    }
    if locale.id.language.is_unknown() || !has_cldr_data(&locale) {
        return english;
    }
    locale
}

/// Whether ICU has real data for `locale`, rather than falling back to the root locale.
///
/// ICU4X has no stable "is this locale supported" query (its baked providers are
/// unstable API), so this formats a date both ways: root's long date ("2024 M02 26")
/// is a placeholder no real language produces.
fn has_cldr_data(locale: &Locale) -> bool {
    let Some(date) = Date::try_new_gregorian(2024, 2, 26).ok() else {
        return false;
    };
    let format = |l: &Locale| {
        DateFormatter::try_new(l.into(), YMD::long())
            .ok()
            .map(|f: DateFormatter<YMD>| f.format(&date).to_string())
    };
    format(locale) != format(&Locale::UNKNOWN)
}

// ---------------------------------------------------------------------------------------
// Interface strings
// ---------------------------------------------------------------------------------------

/// Interface strings of one site: theme strings overridden key by key by the site's.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    /// Language code (normalised, "lt") → key → entry.
    langs: HashMap<String, BTreeMap<String, Entry>>,
}

/// One interface string: plain text, or text per CLDR plural category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Plain(String),
    Plural(PluralForms),
}

/// The forms of a plural entry; `other` is always present in loaded strings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluralForms {
    forms: [Option<String>; 6],
}

impl PluralForms {
    /// The form for `category`, if the entry has one.
    pub fn form(&self, category: PluralCategory) -> Option<&str> {
        self.forms[category.index()].as_deref()
    }

    /// The form for `category`, else `other`, else any form there is.
    fn best(&self, category: PluralCategory) -> &str {
        self.form(category)
            .or_else(|| self.form(PluralCategory::Other))
            .or_else(|| self.forms.iter().flatten().next().map(String::as_str))
            .unwrap_or("")
    }
}

/// Why `Strings::get` found no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No such key in that language (carries the key).
    UnknownKey(String),
    /// The key has plural forms but was used without a count (carries the key).
    NeedsCount(String),
}

impl fmt::Display for LookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LookupError::UnknownKey(key) => write!(f, "unknown interface string `{key}`"),
            LookupError::NeedsCount(key) => write!(
                f,
                "interface string `{key}` has plural forms and needs a count"
            ),
        }
    }
}

impl std::error::Error for LookupError {}

impl Strings {
    /// Loads interface strings from `sources`: (language code, file path for messages,
    /// YAML text), in increasing priority (theme first, then site). A later source's key
    /// replaces an earlier one's whole entry. A file with a problem contributes what it
    /// can, and each problem is a diagnostic naming the file and line.
    ///
    /// `site_uses` are the site's own texts that may name a key the theme does not
    /// have (its own templates, the `noun` of its sections): a site key none of them
    /// names is a typo and an error at its line.
    pub fn load(
        sources: &[(String, PathBuf, String)],
        site_uses: &[&str],
    ) -> (Strings, Vec<Diagnostic>) {
        let mut strings = Strings::default();
        let mut diagnostics = Vec::new();
        for (lang, path, text) in sources {
            let entries = parse_strings(path, text, &mut diagnostics);
            strings
                .langs
                .entry(normalize_lang(lang))
                .or_default()
                .extend(entries);
        }
        diagnostics.extend(unknown_site_keys(sources, site_uses));
        (strings, diagnostics)
    }

    /// The string for `key` in `lang`; with `count`, the plural form for it (falling back
    /// to `other`) with "{count}" replaced by `format_number(lang, count)`.
    pub fn get(&self, lang: &str, key: &str, count: Option<f64>) -> Result<String, LookupError> {
        let entry = self
            .entries(lang)
            .and_then(|entries| entries.get(key))
            .ok_or_else(|| LookupError::UnknownKey(key.to_string()))?;
        let text = match (entry, count) {
            (Entry::Plain(text), _) => text.as_str(),
            (Entry::Plural(_), None) => return Err(LookupError::NeedsCount(key.to_string())),
            (Entry::Plural(forms), Some(n)) => forms.best(plural_category(lang, n)),
        };
        Ok(match count {
            Some(n) if text.contains("{count}") => text.replace("{count}", &format_number(lang, n)),
            _ => text.to_string(),
        })
    }

    /// A plural entry's forms as written, by CLDR category name (`one`, `few`, …), for
    /// a script that picks the form itself (with the browser's `Intl.PluralRules`).
    /// `None` for an unknown key or a plain text.
    pub fn plural_forms(&self, lang: &str, key: &str) -> Option<Vec<(&'static str, &str)>> {
        match self.entries(lang)?.get(key)? {
            Entry::Plain(_) => None,
            Entry::Plural(forms) => Some(
                PluralCategory::ALL
                    .into_iter()
                    .filter_map(|c| Some((c.name(), forms.form(c)?)))
                    .collect(),
            ),
        }
    }

    /// Keys present in `from_lang` but missing in `to_lang`, sorted (for a warning that a
    /// translation of the interface is incomplete).
    pub fn missing_keys(&self, from_lang: &str, to_lang: &str) -> Vec<String> {
        let Some(from) = self.entries(from_lang) else {
            return Vec::new();
        };
        let to = self.entries(to_lang);
        from.keys()
            .filter(|key| !to.is_some_and(|to| to.contains_key(key.as_str())))
            .cloned()
            .collect()
    }

    /// Whether any interface strings were loaded for `lang`.
    pub fn has_language(&self, lang: &str) -> bool {
        self.entries(lang).is_some()
    }

    /// The languages that have interface strings, sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut langs: Vec<&str> = self.langs.keys().map(String::as_str).collect();
        langs.sort_unstable();
        langs
    }

    fn entries(&self, lang: &str) -> Option<&BTreeMap<String, Entry>> {
        self.langs
            .get(lang)
            .or_else(|| self.langs.get(&normalize_lang(lang)))
    }
}

/// "LT" and "lt" name one language; an unparsable code is kept as written.
fn normalize_lang(lang: &str) -> String {
    let lang = lang.trim();
    Locale::try_from_str(lang).map_or_else(|_| lang.to_string(), |l| l.to_string())
}

/// A key of the site's own `i18n/<lang>.yaml` that no theme layer defines is a typo
/// (nothing would ever show it): an error at its line.
fn unknown_site_keys(sources: &[(String, PathBuf, String)], site_uses: &[&str]) -> Vec<Diagnostic> {
    let is_site = |path: &Path| path.starts_with("i18n");
    let theme_keys: std::collections::HashSet<&str> = sources
        .iter()
        .filter(|(_, path, _)| !is_site(path))
        .flat_map(|(_, _, text)| top_level_keys(text).map(|(_, key)| key))
        .collect();
    if theme_keys.is_empty() {
        return Vec::new();
    }
    sources
        .iter()
        .filter(|(_, path, _)| is_site(path))
        .flat_map(|(_, path, text)| {
            top_level_keys(text)
                .filter(|(_, key)| !theme_keys.contains(key) && !site_uses_key(site_uses, key))
                .map(|(line, key)| {
                    let why = match removed_key(key) {
                        Some(instead) => format!("the theme no longer has this key: {instead}"),
                        None => "the theme has no such key, so nothing shows it; check its spelling against the theme's i18n/en.yaml (docs/i18n.md lists every key)".to_string(),
                    };
                    Diagnostic::error(path, format!("unknown interface text `{key}`: {why}"))
                        .field(key)
                        .at_line(line)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Where a key the theme once had went: a site that set it is told what to write instead.
fn removed_key(key: &str) -> Option<&'static str> {
    match key {
        "contact_adviser" | "contact_url" => Some("the home page's buttons are `actions:` in content/_index.md (docs/content.md, \"The home page\")"),
        "privacy" | "privacy_url" | "accessibility" | "accessibility_url" => Some("the footer links the pages with `role: privacy` and `role: accessibility` in their front matter, by their titles (docs/content.md, \"Menus\")"),
        _ => None,
    }
}

/// Whether one of the site's own texts names `key`: the whole text (a section's
/// `noun`), or the key in quotes (`t(key="my_key")` in a template).
fn site_uses_key(site_uses: &[&str], key: &str) -> bool {
    site_uses.iter().any(|text| {
        *text == key || text.contains(&format!("\"{key}\"")) || text.contains(&format!("'{key}'"))
    })
}

/// (1-based line, key) of every top-level `key:` of a YAML text.
fn top_level_keys(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        if l.starts_with([' ', '\t', '#', '-']) {
            return None;
        }
        let key = l.split_once(':')?.0.trim().trim_matches(['"', '\'']);
        (!key.is_empty()).then_some((i + 1, key))
    })
}

fn parse_strings(path: &Path, text: &str, out: &mut Vec<Diagnostic>) -> Vec<(String, Entry)> {
    use yaml_serde::Value;

    let value: Value = match yaml_serde::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let mut d = Diagnostic::error(
                path,
                format!("invalid YAML: {}", strip_location(&err.to_string())),
            );
            let message = err.to_string();
            if let Some(line) = duplicate_key_line(text, &message, err.location()) {
                d = d.at_line(line);
            } else if let Some(loc) = err.location() {
                // From the byte index: YAML also breaks lines at NEL and U+2028.
                let (line, column) = crate::error::line_col(text, loc.index());
                d = d.at(line, column);
            }
            out.push(d);
            return Vec::new();
        }
    };
    let mapping = match value {
        Value::Null => return Vec::new(),
        Value::Mapping(mapping) => mapping,
        other => {
            out.push(
                Diagnostic::error(
                    path,
                    format!(
                        "expected interface strings as `key: text` lines, found {}",
                        describe(&other)
                    ),
                )
                .at_line(1),
            );
            return Vec::new();
        }
    };

    let mut entries = Vec::new();
    for (key, value) in mapping {
        let Some(key) = scalar_key(&key) else {
            // A list or map as a key has no name to find its line by.
            out.push(Diagnostic::error(
                path,
                format!("a key must be text, not {}", describe(&key)),
            ));
            continue;
        };
        let key_line = find_key_line(text, &key, None);
        let at_key = |message: String| {
            let d = Diagnostic::error(path, message).field(key.clone());
            match key_line {
                Some(line) => d.at_line(line),
                None => d,
            }
        };
        match value {
            Value::String(s) => entries.push((key.clone(), Entry::Plain(s))),
            Value::Mapping(forms) => {
                if let Some(forms) = parse_plural(path, text, &key, key_line, forms, out) {
                    entries.push((key.clone(), Entry::Plural(forms)));
                }
            }
            other => out.push(at_key(format!(
                "expected a text or a map of plural forms (one, few, many, other), found {}",
                describe(&other)
            ))),
        }
    }
    entries
}

/// A plural entry's map (`one: …`, `few: …`), checked: CLDR category names only, text
/// values, and an `other` form to fall back on.
fn parse_plural(
    path: &Path,
    text: &str,
    key: &str,
    key_line: Option<usize>,
    map: yaml_serde::Mapping,
    out: &mut Vec<Diagnostic>,
) -> Option<PluralForms> {
    let mut forms = PluralForms::default();
    let mut ok = true;
    for (name, value) in map {
        let name = scalar_key(&name).unwrap_or_default();
        let line = key_line
            .and_then(|parent| find_key_line(text, &name, Some(parent)))
            .or(key_line);
        let mut error = |message: String| {
            let mut d = Diagnostic::error(path, message).field(format!("{key}.{name}"));
            if let Some(line) = line {
                d = d.at_line(line);
            }
            out.push(d);
            ok = false;
        };
        let Some(category) = PluralCategory::from_name(&name) else {
            error(format!(
                "`{name}` is not a plural category; use zero, one, two, few, many or other"
            ));
            continue;
        };
        match value {
            yaml_serde::Value::String(s) => forms.forms[category.index()] = Some(s),
            other => error(format!(
                "expected the text of the `{name}` form, found {}",
                describe(&other)
            )),
        }
    }
    if ok && forms.form(PluralCategory::Other).is_none() {
        let mut d = Diagnostic::error(
            path,
            "a plural entry needs an `other` form, used for any count without its own form",
        )
        .field(key.to_string());
        if let Some(line) = key_line {
            d = d.at_line(line);
        }
        out.push(d);
        ok = false;
    }
    ok.then_some(forms)
}

fn scalar_key(value: &yaml_serde::Value) -> Option<String> {
    match value {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn describe(value: &yaml_serde::Value) -> &'static str {
    use yaml_serde::Value;
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number (quote it to make it text)",
        Value::String(_) => "a text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a map",
        Value::Tagged(_) => "a tagged value",
    }
}

/// For a duplicate key yaml_serde points at the start of the map that holds it; the
/// line a person must change is the key's second appearance after that.
fn duplicate_key_line(
    text: &str,
    message: &str,
    location: Option<yaml_serde::Location>,
) -> Option<usize> {
    let key = message.strip_prefix("duplicate entry with key \"")?;
    let key = &key[..key.find('"')?];
    let from = location.map_or(0, |l| l.line().saturating_sub(1));
    text.lines()
        .enumerate()
        .skip(from)
        .filter(|(_, line)| line_is_key(line.trim_start(), key))
        .nth(1)
        .map(|(i, _)| i + 1)
}

/// yaml_serde's message says " at line 3 column 5" once for the error's place, which
/// the diagnostic carries; any later place ("while scanning … at line 2 column 4") stays.
fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[start + " at line ".len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = match rest.strip_prefix(" column ") {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    format!("{}{rest}", &message[..start])
}

/// The 1-based line where `key:` is written. yaml_serde's `Value` keeps no positions, so
/// this reads the text: a top-level key (`parent` None) starts a line; a nested key is
/// indented below its parent's line (1-based `parent`), and the search ends where the
/// parent's block does (the next unindented line).
fn find_key_line(text: &str, key: &str, parent: Option<usize>) -> Option<usize> {
    for (i, line) in text.lines().enumerate().skip(parent.unwrap_or(0)) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indented = trimmed.len() != line.len();
        match parent {
            None if !indented && line_is_key(trimmed, key) => return Some(i + 1),
            Some(_) if !indented => return None,
            Some(_) if line_is_key(trimmed, key) => return Some(i + 1),
            _ => {}
        }
    }
    None
}

fn line_is_key(line: &str, key: &str) -> bool {
    let rest = [
        line.strip_prefix(key),
        line.strip_prefix('"')
            .and_then(|l| l.strip_prefix(key))
            .and_then(|l| l.strip_prefix('"')),
        line.strip_prefix('\'')
            .and_then(|l| l.strip_prefix(key))
            .and_then(|l| l.strip_prefix('\'')),
    ];
    rest.into_iter()
        .flatten()
        .any(|rest| rest.trim_start().starts_with(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Babel's CLDR names (`tests/fixtures/cldr/countries.py`): language, code, name.
    fn babel_countries() -> Vec<(String, String, String)> {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cldr/countries.tsv"),
        )
        .expect("countries.tsv");
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| {
                let mut f = l.split('\t').map(str::to_string);
                let mut next = || f.next().expect("three columns");
                (next(), next(), next())
            })
            .collect()
    }

    #[test]
    fn country_names_are_babels_in_every_theme_language() {
        let rows = babel_countries();
        assert!(rows.len() > 1200, "{}", rows.len());
        let wrong: Vec<String> = rows
            .iter()
            .filter(|(lang, code, name)| country_name(lang, code).as_deref() != Some(name))
            .map(|(lang, code, name)| {
                format!(
                    "{lang} {code}: {:?}, Babel {name:?}",
                    country_name(lang, code)
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn countries_are_the_codes_babel_lists_and_no_others() {
        let listed: std::collections::BTreeSet<String> = babel_countries()
            .into_iter()
            .map(|(_, code, _)| code)
            .collect();
        for a in b'A'..=b'Z' {
            for b in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b]).expect("ASCII");
                assert_eq!(is_country(&code), listed.contains(&code), "{code}");
            }
        }
        for code in [
            "lv", "Lv", "LVA", "", "L", "EU", "UN", "ZZ", "001", "UK", "EL",
        ] {
            assert!(!is_country(code), "{code}");
            assert_eq!(country_name("lt", code), None, "{code}");
        }
        assert!(is_country("XK"));
    }

    #[test]
    fn a_country_is_found_by_its_name_in_the_given_languages() {
        assert_eq!(
            country_code_of_name(&["lt", "en"], "Latvija").as_deref(),
            Some("LV")
        );
        assert_eq!(
            country_code_of_name(&["lt", "en"], " latvia ").as_deref(),
            Some("LV")
        );
        assert_eq!(
            country_code_of_name(&["uk"], "Латвія").as_deref(),
            Some("LV")
        );
        assert_eq!(country_code_of_name(&["lt"], "Latvia"), None);
        assert_eq!(country_code_of_name(&["lt", "en"], "Atlantis"), None);
    }

    #[test]
    fn a_language_without_data_gets_english_country_names() {
        assert_eq!(country_name("xx", "LV").as_deref(), Some("Latvia"));
        assert_eq!(country_name("en", "LV").as_deref(), Some("Latvia"));
    }

    #[test]
    fn money_follows_cldr_currency_patterns() {
        // Babel 2.19 (CLDR): format_currency(447391.61, "EUR", locale=…).
        assert_eq!(
            format_money("lt", 447_391.61, "EUR"),
            "447\u{a0}391,61\u{a0}€"
        );
        assert_eq!(format_money("en", 447_391.61, "EUR"), "€447,391.61");
        assert_eq!(
            format_money("lv", 447_391.61, "EUR"),
            "447\u{a0}391,61\u{a0}€"
        );
        assert_eq!(
            format_money("pl", 447_391.61, "EUR"),
            "447\u{a0}391,61\u{a0}€"
        );
        assert_eq!(
            format_money("uk", 447_391.61, "EUR"),
            "447\u{a0}391,61\u{a0}EUR"
        );
        assert_eq!(format_money("en", 250_000.0, "EUR"), "€250,000.00");
        assert_eq!(format_money_whole("en", 250_000.0, "EUR"), "€250,000");
        assert_eq!(
            format_money_whole("lt", 250_000.5, "EUR"),
            "250\u{a0}000,50\u{a0}€"
        );
        assert_eq!(format_money("lt", 1000.0, "USD"), "1\u{a0}000,00\u{a0}USD");
    }
    use jiff::civil::{date, time};

    #[test]
    fn plural_categories_follow_cldr() {
        use PluralCategory::*;
        let cases: &[(&str, f64, PluralCategory)] = &[
            ("lt", 1.0, One),
            ("lt", 21.0, One),
            ("lt", 101.0, One),
            ("lt", 2.0, Few),
            ("lt", 9.0, Few),
            ("lt", 22.0, Few),
            ("lt", 93.0, Few),
            ("lt", 227.0, Few),
            ("lt", 0.5, Many),
            ("lt", 1.5, Many),
            ("lt", 0.0, Other),
            ("lt", 10.0, Other),
            ("lt", 11.0, Other),
            ("lt", 12.0, Other),
            ("lt", 19.0, Other),
            ("lt", 20.0, Other),
            ("lt", 30.0, Other),
            ("lt", 100.0, Other),
            ("en", 1.0, One),
            ("en", 0.0, Other),
            ("en", 2.0, Other),
            ("en", 1.5, Other),
            // Unknown and invalid codes use English rules.
            ("xx", 1.0, One),
            ("not a language!", 1.0, One),
            ("", 1.0, One),
            // Region and case variants resolve to the language.
            ("lt-LT", 22.0, Few),
            ("LT", 22.0, Few),
            // The category is that of the number as shown.
            ("lt", 1.0004, One),
            ("lt", -21.0, One),
            ("lt", f64::NAN, Other),
        ];
        for &(lang, n, expected) in cases {
            assert_eq!(plural_category(lang, n), expected, "{lang} {n}");
        }
    }

    #[test]
    fn lithuanian_dates() {
        let d = date(2024, 2, 26);
        assert_eq!(
            format_date("lt", d, DateStyle::Long),
            "2024 m. vasario 26 d."
        );
        assert_eq!(
            format_date("lt", d, DateStyle::Full),
            "2024 m. vasario 26 d., pirmadienis"
        );
        assert_eq!(format_date("lt", d, DateStyle::Short), "2024-02-26");
        assert_eq!(
            format_date("lt", d, DateStyle::MonthYear),
            "2024 m. vasaris"
        );
    }

    #[test]
    fn every_lithuanian_month_is_genitive_with_a_day() {
        let months = [
            "sausio",
            "vasario",
            "kovo",
            "balandžio",
            "gegužės",
            "birželio",
            "liepos",
            "rugpjūčio",
            "rugsėjo",
            "spalio",
            "lapkričio",
            "gruodžio",
        ];
        for (i, month) in months.iter().enumerate() {
            let d = date(2024, i as i8 + 1, 5);
            assert_eq!(
                format_date("lt", d, DateStyle::Long),
                format!("2024 m. {month} 5 d.")
            );
        }
    }

    #[test]
    fn every_lithuanian_month_alone_is_nominative() {
        let months = [
            "sausis",
            "vasaris",
            "kovas",
            "balandis",
            "gegužė",
            "birželis",
            "liepa",
            "rugpjūtis",
            "rugsėjis",
            "spalis",
            "lapkritis",
            "gruodis",
        ];
        for (i, month) in months.iter().enumerate() {
            let d = date(2024, i as i8 + 1, 5);
            assert_eq!(
                format_date("lt", d, DateStyle::MonthYear),
                format!("2024 m. {month}")
            );
        }
    }

    #[test]
    fn english_dates_are_day_first() {
        let d = date(2024, 2, 26);
        for lang in ["en", "en-GB", "xx", "???"] {
            assert_eq!(format_date(lang, d, DateStyle::Long), "26 February 2024");
            assert_eq!(
                format_date(lang, d, DateStyle::Full),
                "Monday, 26 February 2024"
            );
            assert_eq!(format_date(lang, d, DateStyle::Short), "26/02/2024");
            assert_eq!(format_date(lang, d, DateStyle::MonthYear), "February 2024");
        }
        // An explicit region is honoured.
        assert_eq!(
            format_date("en-US", d, DateStyle::Long),
            "February 26, 2024"
        );
    }

    #[test]
    fn times_are_24_hour() {
        for lang in ["lt", "en"] {
            assert_eq!(format_time(lang, time(10, 0, 0, 0)), "10:00");
            assert_eq!(format_time(lang, time(18, 5, 30, 0)), "18:05");
        }
    }

    #[test]
    fn date_ranges() {
        let cases = [
            (
                "lt",
                (2024, 2, 26),
                (2024, 2, 28),
                "2024 m. vasario 26–28 d.",
            ),
            (
                "lt",
                (2024, 2, 26),
                (2024, 3, 2),
                "2024 m. vasario 26 d. – kovo 2 d.",
            ),
            (
                "lt",
                (2024, 12, 30),
                (2025, 1, 2),
                "2024 m. gruodžio 30 d. – 2025 m. sausio 2 d.",
            ),
            ("lt", (2024, 2, 26), (2024, 2, 26), "2024 m. vasario 26 d."),
            ("en", (2024, 2, 26), (2024, 2, 28), "26–28 February 2024"),
            (
                "en",
                (2024, 2, 26),
                (2024, 3, 2),
                "26 February – 2 March 2024",
            ),
            (
                "en",
                (2024, 12, 30),
                (2025, 1, 2),
                "30 December 2024 – 2 January 2025",
            ),
            // Given backwards, shown in order.
            ("en", (2024, 2, 28), (2024, 2, 26), "26–28 February 2024"),
            // Other languages: two long dates.
            (
                "de",
                (2024, 2, 26),
                (2024, 2, 28),
                "26. Februar 2024 – 28. Februar 2024",
            ),
        ];
        for (lang, (y1, m1, d1), (y2, m2, d2), expected) in cases {
            assert_eq!(
                format_date_range(lang, date(y1, m1, d1), date(y2, m2, d2)),
                expected
            );
        }
    }

    #[test]
    fn numbers() {
        let cases = [
            ("lt", 1234.5, "1\u{a0}234,5"),
            // CLDR lt groups from four digits (minimumGroupingDigits 1).
            ("lt", 1234.0, "1\u{a0}234"),
            ("lt", 1234567.0, "1\u{a0}234\u{a0}567"),
            ("lt", 0.5, "0,5"),
            ("lt", 999.0, "999"),
            // CLDR lt's minus sign is U+2212.
            ("lt", -2.5, "\u{2212}2,5"),
            ("lt", 2.0 / 3.0, "0,667"),
            ("lt", -0.0001, "0"),
            ("en", 1234.5, "1,234.5"),
            ("en", 1234.0, "1,234"),
            ("en", -2.5, "-2.5"),
            ("xx", 1234.5, "1,234.5"),
        ];
        for (lang, n, expected) in cases {
            assert_eq!(format_number(lang, n), expected, "{lang} {n}");
        }
    }

    const THEME_LT: &str = "\
skip_to_content: \"Pereiti prie turinio\"
read_more: Skaityti daugiau
events:
  one: \"{count} renginys\"
  few: \"{count} renginiai\"
  many: \"{count} renginio\"
  other: \"{count} renginių\"
";

    fn load(sources: &[(&str, &str, &str)]) -> (Strings, Vec<Diagnostic>) {
        let owned: Vec<(String, PathBuf, String)> = sources
            .iter()
            .map(|(l, p, t)| (l.to_string(), PathBuf::from(p), t.to_string()))
            .collect();
        Strings::load(&owned, &[])
    }

    #[test]
    fn site_strings_override_theme_key_by_key() {
        let (strings, diags) = load(&[
            ("lt", "themes/x/i18n/lt.yaml", THEME_LT),
            ("lt", "i18n/lt.yaml", "read_more: Plačiau\n"),
        ]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(strings.get("lt", "read_more", None).unwrap(), "Plačiau");
        assert_eq!(
            strings.get("lt", "skip_to_content", None).unwrap(),
            "Pereiti prie turinio"
        );
    }

    #[test]
    fn plural_lookup_uses_cldr_categories_and_local_numbers() {
        let (strings, diags) = load(&[("lt", "lt.yaml", THEME_LT)]);
        assert!(diags.is_empty(), "{diags:?}");
        let cases = [
            (2.0, "2 renginiai"),
            (10.0, "10 renginių"),
            (21.0, "21 renginys"),
            (0.5, "0,5 renginio"),
            (1234.0, "1\u{a0}234 renginiai"),
        ];
        for (n, expected) in cases {
            assert_eq!(strings.get("lt", "events", Some(n)).unwrap(), expected);
        }
    }

    #[test]
    fn plural_forms_as_written() {
        let (strings, _) = load(&[("lt", "lt.yaml", THEME_LT)]);
        let forms = strings.plural_forms("lt", "events").expect("plural");
        assert_eq!(
            forms,
            [
                ("one", "{count} renginys"),
                ("few", "{count} renginiai"),
                ("many", "{count} renginio"),
                ("other", "{count} renginių"),
            ]
        );
        assert_eq!(strings.plural_forms("lt", "read_more"), None);
        assert_eq!(strings.plural_forms("lt", "nope"), None);
    }

    #[test]
    fn missing_plural_form_falls_back_to_other() {
        let yaml = "events:\n  one: \"{count} event\"\n  other: \"{count} events\"\n";
        let (strings, _) = load(&[("lt", "lt.yaml", yaml)]);
        assert_eq!(strings.get("lt", "events", Some(3.0)).unwrap(), "3 events");
    }

    #[test]
    fn lookup_errors() {
        let (strings, _) = load(&[("lt", "lt.yaml", THEME_LT)]);
        assert_eq!(
            strings.get("lt", "nope", None),
            Err(LookupError::UnknownKey("nope".to_string()))
        );
        assert_eq!(
            strings.get("en", "events", Some(1.0)),
            Err(LookupError::UnknownKey("events".to_string()))
        );
        assert_eq!(
            strings.get("lt", "events", None),
            Err(LookupError::NeedsCount("events".to_string()))
        );
        assert_eq!(
            LookupError::UnknownKey("events".to_string()).to_string(),
            "unknown interface string `events`"
        );
    }

    #[test]
    fn missing_keys_lists_untranslated_strings() {
        let (strings, _) = load(&[
            ("lt", "lt.yaml", THEME_LT),
            ("en", "en.yaml", "read_more: Read more\n"),
        ]);
        assert_eq!(
            strings.missing_keys("lt", "en"),
            vec!["events".to_string(), "skip_to_content".to_string()]
        );
        assert!(strings.missing_keys("en", "lt").is_empty());
        assert_eq!(strings.missing_keys("lt", "pl").len(), 3);
    }

    #[test]
    fn bad_yaml_reports_file_and_line() {
        let yaml = "a: A\nb: B: C\nc: C\n";
        let (_, diags) = load(&[("lt", "i18n/lt.yaml", yaml)]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].path, PathBuf::from("i18n/lt.yaml"));
        assert_eq!(diags[0].line, Some(2), "{}", diags[0]);
        assert!(diags[0].is_error());

        // libyaml notices an unclosed quote at the end of the text; the message keeps
        // where the quoted text started.
        let yaml = "a: A\nb: B\nc: \"unclosed\n";
        let (_, diags) = load(&[("lt", "i18n/lt.yaml", yaml)]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(4), "{}", diags[0]);
        assert!(diags[0].message.contains("line 3"), "{}", diags[0]);
    }

    #[test]
    fn wrong_values_report_the_key_line() {
        let yaml = "\
# comment
a: A
list:
  - x
events:
  one: \"{count} renginys\"
  fewer: \"{count} renginiai\"
  other: \"{count} renginių\"
count: 3
";
        let (strings, diags) = load(&[("lt", "lt.yaml", yaml)]);
        let found: Vec<(Option<usize>, Option<&str>)> =
            diags.iter().map(|d| (d.line, d.field.as_deref())).collect();
        assert_eq!(
            found,
            vec![
                (Some(3), Some("list")),
                (Some(7), Some("events.fewer")),
                (Some(9), Some("count")),
            ],
            "{diags:?}"
        );
        assert!(diags[1]
            .message
            .contains("`fewer` is not a plural category"));
        // The good entries still load.
        assert_eq!(strings.get("lt", "a", None).unwrap(), "A");
    }

    #[test]
    fn duplicate_keys_and_empty_files() {
        let (_, diags) = load(&[("lt", "lt.yaml", "a: A\nb: B\na: C\n")]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].line, Some(3), "{}", diags[0]);
        let (strings, diags) = load(&[("lt", "lt.yaml", "# nothing yet\n")]);
        assert!(diags.is_empty());
        assert!(strings.missing_keys("lt", "en").is_empty());
        let (_, diags) = load(&[("lt", "lt.yaml", "- a\n- b\n")]);
        assert_eq!(diags.len(), 1);
        let (_, diags) = load(&[("lt", "lt.yaml", "a: A\nb: B: C\n")]);
        assert_eq!(
            diags[0].to_string(),
            "lt.yaml:2:5: error: invalid YAML: mapping values are not allowed in this context"
        );
    }

    #[test]
    fn plural_entry_needs_other() {
        let yaml = "x: y\nevents:\n  one: \"{count} renginys\"\n";
        let (_, diags) = load(&[("lt", "lt.yaml", yaml)]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, Some(2));
    }

    #[test]
    fn lithuanian_collation() {
        let mut words: Vec<String> = [
            "žuvis", "zebras", "čia", "cukrus", "yra", "ir", "šuo", "sala",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        sort_strings("lt", &mut words);
        assert_eq!(
            words,
            ["cukrus", "čia", "ir", "yra", "sala", "šuo", "zebras", "žuvis"]
        );
        // Accented vowels and y are secondary variants: they differ only when nothing
        // else does.
        assert_eq!(compare("lt", "ąsa", "asb"), Ordering::Less);
        assert_eq!(compare("lt", "ąsa", "asa"), Ordering::Greater);
        assert_eq!(compare("lt", "ūsai", "usas"), Ordering::Less);
        // y is i with a secondary difference: "ypač" sorts among the ip… words.
        assert_eq!(compare("lt", "ypač", "ir"), Ordering::Less);
        assert_eq!(compare("lt", "ypač", "ilgas"), Ordering::Greater);
        assert_eq!(compare("lt", "yra", "ira"), Ordering::Greater);
        // Case is looked at last.
        assert_eq!(compare("lt", "Ąžuolas", "ąžuolas"), Ordering::Greater);
        assert_eq!(compare("lt", "Bėgimas", "ąžuolas"), Ordering::Greater);
    }

    #[test]
    fn titles_sort_in_each_languages_alphabet() {
        let titles = [
            "Ydos",
            "Ilgesys",
            "Čiuožykla",
            "Cukrus",
            "Šokis",
            "Sveikata",
            "Žiema",
            "Zuikis",
        ];
        let sorted = |lang: &str| {
            let mut t: Vec<String> = titles.iter().map(|s| s.to_string()).collect();
            sort_strings(lang, &mut t);
            t
        };
        // Lithuanian: č, š, ž are letters after c, s, z; y is an i ("Ydos" < "Ilgesys").
        assert_eq!(
            sorted("lt"),
            [
                "Cukrus",
                "Čiuožykla",
                "Ydos",
                "Ilgesys",
                "Sveikata",
                "Šokis",
                "Zuikis",
                "Žiema"
            ]
        );
        // English (CLDR root): the marks only break ties, y is its own letter.
        assert_eq!(
            sorted("en"),
            [
                "Čiuožykla",
                "Cukrus",
                "Ilgesys",
                "Šokis",
                "Sveikata",
                "Ydos",
                "Žiema",
                "Zuikis"
            ]
        );
    }

    #[test]
    fn code_point_order_is_not_collation() {
        // Root collation (English) keeps č with c: the Lithuanian tailoring matters.
        assert_eq!(compare("en", "čia", "cukrus"), Ordering::Less);
        assert_eq!(compare("lt", "čia", "cukrus"), Ordering::Greater);
    }

    #[test]
    fn sort_by_text_sorts_any_items() {
        let mut items = vec![(2, "šuo"), (1, "sala"), (3, "zebras")];
        sort_by_text("lt", &mut items, |i| i.1);
        assert_eq!(items.iter().map(|i| i.0).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn folding_for_search() {
        assert_eq!(fold("Žmonės NERIMĄ"), "zmones nerima");
        // A mark after an ASCII letter, marks in another order, a ligature mid-word.
        assert_eq!(fold("Cafe\u{301} e\u{328}\u{307} oﬁce"), "cafe e ofice");
        assert_eq!(fold("plain ascii TEXT"), "plain ascii text");
        assert_eq!(fold(""), "");
        assert_eq!(fold("ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"), "aceeisuuz aceeisuuz");
        // No U+0307 after i, whatever the case of the input.
        assert_eq!(fold("ĮĖJIMAS Į"), "iejimas i");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Łódź ﬁlmas"), "lodz filmas");
        // Latvian.
        assert_eq!(fold("Skolā ĀČĒĢĪĶĻŅŠŪŽ"), "skola acegiklnsuz");
        // Ukrainian: ї і, й и, ґ г, є е; every apostrophe dropped.
        assert_eq!(fold("Їжак Йосип Ґанок Єдність"), "іжак иосип ганок едність");
        for word in ["пам'ять", "пам’ять", "памʼять", "ПАМ‘ЯТЬ"] {
            assert_eq!(fold(word), "память", "{word}");
        }
        assert_eq!(fold("don't Ёлка"), "dont елка");
    }

    #[test]
    fn formatting_is_fast_when_cached() {
        let start = std::time::Instant::now();
        let d = date(2024, 2, 26);
        let mut total = 0;
        for i in 0..20_000 {
            let lang = if i % 2 == 0 { "lt" } else { "en" };
            total += format_date(lang, d, DateStyle::Long).len();
        }
        let elapsed = start.elapsed();
        eprintln!("20,000 format_date calls: {elapsed:?}");
        assert!(total > 0);
    }

    /// Every language the default theme ships has exactly the keys of `en.yaml`, the
    /// same kind of entry (text or plural) for each, and for every plural entry exactly
    /// the categories CLDR gives that language.
    #[test]
    fn every_shipped_language_is_complete() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let load = |code: &str| {
            let path = dir.join(format!("{code}.yaml"));
            let text = std::fs::read_to_string(&path).expect("shipped file");
            let mut diagnostics = Vec::new();
            let entries: BTreeMap<String, Entry> = parse_strings(&path, &text, &mut diagnostics)
                .into_iter()
                .collect();
            assert!(diagnostics.is_empty(), "{code}: {diagnostics:?}");
            entries
        };
        let english = load("en");
        let mut shipped: Vec<String> = std::fs::read_dir(&dir)
            .expect("i18n folder")
            .filter_map(|e| {
                e.ok()?
                    .file_name()
                    .to_str()?
                    .strip_suffix(".yaml")
                    .map(String::from)
            })
            .collect();
        shipped.sort();
        assert_eq!(shipped, ["en", "lt", "lv", "pl", "uk"]);
        for code in &shipped {
            let entries = load(code);
            let keys = |m: &BTreeMap<String, Entry>| m.keys().cloned().collect::<Vec<_>>();
            let missing: Vec<_> = english
                .keys()
                .filter(|k| !entries.contains_key(*k))
                .collect();
            let extra: Vec<_> = entries
                .keys()
                .filter(|k| !english.contains_key(*k))
                .collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{code}: missing {missing:?}, not in en.yaml {extra:?}"
            );
            assert_eq!(keys(&entries), keys(&english));
            let categories = plural_categories(code);
            for (key, entry) in &entries {
                match (entry, &english[key]) {
                    (Entry::Plain(_), Entry::Plain(_)) => {}
                    (Entry::Plural(forms), Entry::Plural(_)) => {
                        let has: Vec<_> = PluralCategory::ALL
                            .into_iter()
                            .filter(|c| forms.form(*c).is_some())
                            .collect();
                        assert_eq!(has, categories, "{code}: {key}");
                    }
                    _ => panic!("{code}: {key} is a text in one file and plural in the other"),
                }
            }
        }
        use PluralCategory::*;
        assert_eq!(plural_categories("lv"), [Zero, One, Other]);
        assert_eq!(plural_categories("uk"), [One, Few, Many, Other]);
        assert_eq!(plural_categories("pl"), [One, Few, Many, Other]);
        assert_eq!(plural_categories("lt"), [One, Few, Many, Other]);
    }
}
