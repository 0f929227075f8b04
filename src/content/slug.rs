//! Slugs: the URL-safe names of pages and sections.
//!
//! Lithuanian, Latvian, Polish (and neighbouring languages') letters are transliterated
//! to ASCII rather than percent-encoded, so URLs read well when pasted into a newsletter.
//! Cyrillic is transliterated by Ukraine's national table (Cabinet of Ministers
//! Resolution No. 55 of 27 January 2010), see [`cyrillic_to_latin`].

/// `"Ąžuolų šventė 2024!"` → `"azuolu-svente-2024"`. Never empty: falls back to `"page"`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    // Names as macOS and pasted text write them (NFD: `e` + U+0307) are the same
    // letters as composed ones (NFC: `ė`); a mark left over joins its letter.
    let text = nfc(text);
    let text = cyrillic_to_latin(&text);
    for c in text.chars().filter(|c| !is_combining_mark(*c)) {
        let base;
        let mut mapped = transliterate(c);
        if mapped == " " && !c.is_ascii() {
            // A letter with a mark the table lacks (`ẋ`, `ǎ`): its plain letter.
            if let Some(b) = base_letter(c) {
                base = b.to_string();
                mapped = &base;
            }
        }
        for m in mapped.chars() {
            if m.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(m.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    if out.is_empty() {
        "page".to_string()
    } else {
        out
    }
}

/// `text` in Unicode NFC (composed letters), as people mean what they type.
pub fn nfc(text: &str) -> std::borrow::Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// The ASCII letter or digit a letter with marks is made of (`ẋ` → `x`), if any.
fn base_letter(c: char) -> Option<char> {
    let mut buf = [0u8; 4];
    let nfd =
        icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(c.encode_utf8(&mut buf));
    nfd.chars().next().filter(char::is_ascii_alphanumeric)
}

/// A combining diacritical mark (U+0300–U+036F) that no letter took in [`nfc`].
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// A folder of the site set in an interface string (`tags_path`, `search_path`):
/// `/Žymos/` → `zymos`; several folders stay (`apie/zymos`); none → `default`.
pub fn folder_path(configured: Option<&str>, default: &str) -> String {
    let parts: Vec<String> = configured
        .unwrap_or("")
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(slugify)
        .collect();
    if parts.is_empty() {
        default.to_string()
    } else {
        parts.join("/")
    }
}

/// The slug a file name gives when front matter has none: the stem without a leading
/// `YYYY-MM-DD-` date, slugified.
pub fn slug_from_file_stem(stem: &str) -> String {
    slugify(strip_date_prefix(stem))
}

/// `"2024-02-26-seminaras"` → `"seminaras"`; other names unchanged.
pub fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b[10] == b'-' || b[10] == b'_');
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

/// The date a `YYYY-MM-DD-` file name starts with, if any.
pub fn date_prefix(stem: &str) -> Option<&str> {
    (strip_date_prefix(stem).len() != stem.len()).then(|| &stem[..10])
}

/// Cyrillic letters in Latin by Ukraine's national transliteration (Cabinet of Ministers
/// Resolution No. 55, 27 January 2010): `Щастя` → `Shchastia`, `Київ` → `Kyiv`. є ї й ю
/// я have their own forms at the start of a word (`Юрій` → `Yurii`), зг is `zgh` (so it
/// is not read as ж), and ь and the apostrophe (`'`, `’`, `ʼ`) are dropped, so
/// `Знам'янка` → `Znamianka`. Russian letters Ukrainian lacks follow the Russian passport
/// table (ICAO Doc 9303): ё → e, ы → y, э → e, ъ → ie (the letters both have, such as
/// и and г, are read as Ukrainian: y, h); Belarusian ў → u. Other text is
/// returned as it is.
pub fn cyrillic_to_latin(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_cyrillic) {
        return std::borrow::Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        let before = |n: usize| i.checked_sub(n).map(|j| chars[j]);
        if is_apostrophe(c) && before(1).is_some_and(is_cyrillic) {
            continue;
        }
        let lower = c.to_lowercase().next().unwrap_or(c);
        if !is_cyrillic(lower) {
            out.push(c);
            continue;
        }
        // Inside a word when a letter comes before it, also across an apostrophe.
        let inside = match before(1) {
            Some(p) if is_apostrophe(p) => before(2).is_some_and(char::is_alphabetic),
            Some(p) => p.is_alphabetic(),
            None => false,
        };
        let after_z = before(1).is_some_and(|p| matches!(p, 'з' | 'З'));
        out.push_str(ukrainian_letter(lower, inside, after_z));
    }
    std::borrow::Cow::Owned(out)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{4ff}').contains(&c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}' | '`')
}

/// One lowercase Cyrillic letter in Latin (see [`cyrillic_to_latin`]).
fn ukrainian_letter(c: char, inside: bool, after_z: bool) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' if after_z => "gh",
        'г' => "h",
        'ґ' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'є' if inside => "ie",
        'є' => "ye",
        'ж' => "zh",
        'з' => "z",
        'и' | 'ы' => "y",
        'і' => "i",
        'ї' if inside => "i",
        'ї' => "yi",
        'й' if inside => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ь' => "",
        'ъ' => "ie",
        'ю' if inside => "iu",
        'ю' => "yu",
        'я' if inside => "ia",
        'я' => "ya",
        // Letters of other Cyrillic alphabets: a word break, as other scripts are.
        _ => " ",
    }
}

/// ASCII for Latin letters with diacritics used around the Baltic and in Western Europe.
fn transliterate(c: char) -> &'static str {
    match c {
        'ą' | 'Ą' | 'ā' | 'Ā' | 'á' | 'Á' | 'à' | 'À' | 'â' | 'Â' | 'ä' | 'Ä' | 'ã' | 'å' | 'Å' => {
            "a"
        }
        'č' | 'Č' | 'ć' | 'Ć' | 'ç' | 'Ç' => "c",
        'ď' | 'Ď' => "d",
        'ę' | 'Ę' | 'ė' | 'Ė' | 'ē' | 'Ē' | 'é' | 'É' | 'è' | 'È' | 'ê' | 'Ê' | 'ë' | 'Ë' | 'ě' => {
            "e"
        }
        'ģ' | 'Ģ' | 'ğ' => "g",
        'į' | 'Į' | 'ī' | 'Ī' | 'í' | 'Í' | 'ì' | 'î' | 'ï' | 'ı' => "i",
        'ķ' | 'Ķ' => "k",
        'ļ' | 'Ļ' | 'ł' | 'Ł' => "l",
        'ņ' | 'Ņ' | 'ń' | 'Ń' | 'ñ' | 'Ñ' | 'ň' => "n",
        'ó' | 'Ó' | 'ò' | 'ô' | 'ö' | 'Ö' | 'õ' | 'Õ' | 'ø' | 'Ø' | 'ő' => "o",
        'ř' | 'Ř' => "r",
        'š' | 'Š' | 'ś' | 'Ś' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'Ť' => "t",
        'ų' | 'Ų' | 'ū' | 'Ū' | 'ú' | 'Ú' | 'ù' | 'û' | 'ü' | 'Ü' | 'ů' | 'ű' => "u",
        'ý' | 'Ý' | 'ÿ' => "y",
        'ž' | 'Ž' | 'ź' | 'Ź' | 'ż' | 'Ż' => "z",
        'æ' | 'Æ' => "ae",
        'œ' => "oe",
        _ => {
            if c.is_ascii() {
                ascii_str(c)
            } else {
                " "
            }
        }
    }
}

fn ascii_str(c: char) -> &'static str {
    const TABLE: &str = "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0 !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\0";
    let i = c as usize;
    TABLE.get(i..i + 1).unwrap_or(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_letters_slug_like_composed_ones() {
        // `gėlės-žydi` as macOS writes file names: e + U+0307, z + U+030C.
        let nfd = "ge\u{307}le\u{307}s-z\u{30c}ydi";
        assert_eq!(slugify(nfd), "geles-zydi");
        assert_eq!(slugify("x\u{307}y"), "xy");
    }

    #[test]
    fn transliterates_lithuanian() {
        assert_eq!(slugify("Ąžuolų šventė"), "azuolu-svente");
        assert_eq!(slugify("ąčęėįšųūž ĄČĘĖĮŠŲŪŽ"), "aceeisuuz-aceeisuuz");
        assert_eq!(slugify("Kaip gauti pagalbą?"), "kaip-gauti-pagalba");
    }

    #[test]
    fn collapses_and_trims_separators() {
        assert_eq!(slugify("  --Hello,   World!-- "), "hello-world");
        assert_eq!(slugify("!!!"), "page");
    }

    #[test]
    fn strips_a_leading_date() {
        assert_eq!(slug_from_file_stem("2024-02-26-Seminaras"), "seminaras");
        assert_eq!(date_prefix("2024-02-26-seminaras"), Some("2024-02-26"));
        assert_eq!(slug_from_file_stem("2024-02-26"), "2024-02-26");
        assert_eq!(date_prefix("seminaras"), None);
    }

    /// Ukraine's national table (Resolution No. 55 of 2010), with the examples the
    /// Resolution itself gives for each letter, and Latvian and Polish letters.
    #[test]
    fn transliterates_by_table() {
        let table = [
            // Ukrainian: the Resolution's own examples.
            ("Алушта", "alushta"),
            ("Андрій", "andrii"),
            ("Борщагівка", "borshchahivka"),
            ("Вінниця", "vinnytsia"),
            ("Гадяч", "hadiach"),
            ("Згорани", "zghorany"),
            ("Розгон", "rozghon"),
            ("Ґалаґан", "galagan"),
            ("Дон", "don"),
            ("Рівне", "rivne"),
            ("Єнакієве", "yenakiieve"),
            ("Наєнко", "naienko"),
            ("Житомир", "zhytomyr"),
            ("Закарпаття", "zakarpattia"),
            ("Медвин", "medvyn"),
            ("Іршава", "irshava"),
            ("Їжакевич", "yizhakevych"),
            ("Кадиївка", "kadyivka"),
            ("Йосипівка", "yosypivka"),
            ("Стрий", "stryi"),
            ("Олексій", "oleksii"),
            ("Київ", "kyiv"),
            ("Миколаїв", "mykolaiv"),
            ("Ніжин", "nizhyn"),
            ("Одеса", "odesa"),
            ("Полтава", "poltava"),
            ("Ромни", "romny"),
            ("Суми", "sumy"),
            ("Тетерів", "teteriv"),
            ("Ужгород", "uzhhorod"),
            ("Фастів", "fastiv"),
            ("Харків", "kharkiv"),
            ("Біла Церква", "bila-tserkva"),
            ("Чернівці", "chernivtsi"),
            ("Шостка", "shostka"),
            ("Гоща", "hoshcha"),
            ("Русь", "rus"),
            ("Юрій", "yurii"),
            ("Крюківка", "kriukivka"),
            ("Яготин", "yahotyn"),
            ("Ічня", "ichnia"),
            ("Знам'янка", "znamianka"),
            ("Знам’янка", "znamianka"),
            ("Знамʼянка", "znamianka"),
            // DOMAIN.md's examples, and titles.
            ("Безпека", "bezpeka"),
            ("Щастя", "shchastia"),
            ("новини", "novyny"),
            ("Пам’ять і підтримка: 2026", "pamiat-i-pidtrymka-2026"),
            ("ЩАСТЯ", "shchastia"),
            // Russian letters Ukrainian lacks (ICAO 9303).
            ("Объявление", "obieiavlenye"),
            ("Мы", "my"),
            ("Это ёлка", "eto-elka"),
            // Latvian.
            ("Ābele, čūska, ēdiens", "abele-cuska-ediens"),
            (
                "ģimene ķirbis ļoti ņemt šis ūdens žurka",
                "gimene-kirbis-loti-nemt-sis-udens-zurka",
            ),
            ("Sociālā dzīve Rundālē", "sociala-dzive-rundale"),
            // Polish.
            ("Łódź, Gdańsk i źródła", "lodz-gdansk-i-zrodla"),
            ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
            // Apostrophes in Latin text still part words.
            ("Don't panic", "don-t-panic"),
        ];
        for (title, slug) in table {
            assert_eq!(slugify(title), slug, "{title}");
        }
    }
}
