//! Site search without a service: per language, a search page (`/paieska/`,
//! `/en/search/`) and a search index written beside it at build time
//! (`/paieska/index.json`), which the page's small script (`search.js` in the default
//! theme) downloads and queries in the reader's browser.
//!
//! This module owns what is indexed (published pages, never drafts, `noindex` pages or
//! pages with `extra.search: false`), how text becomes index terms (folded with
//! [`i18n::fold`], split into words, stop words dropped, a light per-language stemming),
//! the index format, and [`query`]: the matching and ranking rules, which `search.js`
//! follows line for line. The stemming rules and stop words travel inside the index,
//! so the browser applies exactly the ones the build used. Computed from the finished
//! site model and the rendered Markdown; writing the files is `output`'s job.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use base64::Engine as _;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::content::{slug, Page, PageId, TypeFields};
use crate::error::Diagnostic;
use crate::i18n;
use crate::markdown::Rendered;
use crate::site::Site;
use crate::taxonomy::listing_date;

/// The search page's folder when the interface strings do not name one.
pub const DEFAULT_PATH: &str = "search";
/// The index's file name in the search page's folder.
pub const INDEX_FILE: &str = "index.json";
/// The format of the index; `search.js` refuses another.
pub const FORMAT: u32 = 1;
/// Words shorter than this (in characters, after folding) are not indexed.
const MIN_WORD: usize = 2;
/// A summary in the index is cut to about this many characters.
const SUMMARY_CHARS: usize = 140;

/// One language's search page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    pub lang: String,
    /// Root-relative: `/paieska/`, `/en/search/`.
    pub url: String,
    /// `/paieska/index.json`.
    pub index_url: String,
}

/// The search pages of the site: none when `site.toml` says `search = false`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    pub pages: Vec<SearchPage>,
}

impl Search {
    /// Plans a search page per language at its `search_path` interface string (default
    /// `search`). A search page on the address of a page or section is an error
    /// naming that file.
    pub fn plan(
        site: &Site,
        search_path: impl Fn(&str) -> Option<String>,
    ) -> (Search, Vec<Diagnostic>) {
        if !site.config.search {
            return (Search::default(), Vec::new());
        }
        let mut diagnostics = Vec::new();
        let pages = site
            .config
            .languages
            .iter()
            .map(|language| {
                let lang = language.code.as_str();
                let folder = slug::folder_path(search_path(lang).as_deref(), DEFAULT_PATH);
                let url = format!("{}{folder}/", site.config.language_root(lang));
                if let Some(d) = clash(site, lang, &folder, &url) {
                    diagnostics.push(d);
                }
                SearchPage {
                    lang: lang.to_string(),
                    index_url: format!("{url}{INDEX_FILE}"),
                    url,
                }
            })
            .collect();
        (Search { pages }, diagnostics)
    }

    pub fn page(&self, lang: &str) -> Option<&SearchPage> {
        self.pages.iter().find(|p| p.lang == lang)
    }
}

/// An error when the search page would take the address of content (an alias there
/// is [`Site::alias_clashes`]'s to report).
fn clash(site: &Site, lang: &str, folder: &str, url: &str) -> Option<Diagnostic> {
    let source = site.file_at(url)?;
    Some(Diagnostic::error(
        source,
        format!(
            "{url} is the address of this file and also of the search page \
             (folder {folder:?} in language {lang}); change the `slug`, or set \
             another `search_path` in i18n/{lang}.yaml"
        ),
    ))
}

/// Whether a published page belongs in the search index: not a draft (even in a
/// `--drafts` preview), not dated in the future, and not opted out with
/// `extra.noindex: true` or `extra.search: false`. Stories without consent are not in
/// the site model at all.
pub fn is_indexed(page: &Page, now: jiff::civil::DateTime) -> bool {
    !page.draft
        && page.date.is_none_or(|d| d.datetime() <= now)
        && !page.noindex()
        && page
            .extra
            .get("search")
            .and_then(serde_json::Value::as_bool)
            != Some(false)
}

// ---------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------

/// A light stemming: strip the longest listed ending that leaves at least `min`
/// characters, unless the word ends in one of `keep`. Endings are written folded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stemming {
    pub min: usize,
    /// ASCII, longest first, then alphabetically.
    pub endings: Vec<String>,
    pub keep: Vec<String>,
}

impl Stemming {
    /// Lithuanian case endings of nouns and adjectives (and a few verb endings), so
    /// "nerimas", "nerimo" and "nerimą" meet at "nerim"; English plurals; for other
    /// languages none.
    pub fn for_language(lang: &str) -> Stemming {
        let primary = lang.split(['-', '_']).next().unwrap_or("");
        let (min, endings, keep): (usize, &[&str], &[&str]) =
            match primary.to_ascii_lowercase().as_str() {
                "lt" => (3, LITHUANIAN_ENDINGS, &[]),
                "lv" => (3, LATVIAN_ENDINGS, &[]),
                "en" => (3, &["s"], &["ss", "us", "is"]),
                _ => (3, &[], &[]),
            };
        let mut endings: Vec<String> = endings.iter().map(|e| e.to_string()).collect();
        // Longest first; equal lengths alphabetically, so the list is deterministic.
        endings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        endings.dedup();
        Stemming {
            min,
            endings,
            keep: keep.iter().map(|e| e.to_string()).collect(),
        }
    }

    /// The stem of a folded word.
    ///
    /// `search.js` walks the endings in order and takes the first that fits; since
    /// they are sorted longest first (then alphabetically) and are ASCII, looking up
    /// the word's last 5, 4, … 1 letters among the endings of that length finds the
    /// same one, without comparing the word with every ending.
    pub fn stem<'w>(&self, word: &'w str) -> &'w str {
        if self.keep.iter().any(|k| word.ends_with(k.as_str())) {
            return word;
        }
        let longest = self.endings.first().map_or(0, String::len);
        let strippable = word.chars().count().saturating_sub(self.min);
        for n in (1..=longest.min(strippable)).rev() {
            let cut = word.len() - n;
            if !word.is_char_boundary(cut) {
                continue;
            }
            let suffix = &word[cut..];
            let from = self.endings.partition_point(|e| e.len() > n);
            let to = self.endings.partition_point(|e| e.len() >= n);
            if self.endings[from..to]
                .binary_search_by(|e| e.as_str().cmp(suffix))
                .is_ok()
            {
                return &word[..cut];
            }
        }
        word
    }
}

/// Folded Lithuanian endings (ą → a, ė and ę → e, į → i, ų and ū → u).
const LITHUANIAN_ENDINGS: &[&str] = &[
    // Nouns and adjectives, singular and plural, all cases.
    "a", "ai", "ais", "am", "ams", "as", "au", "aus", "e", "ei", "eje", "ems", "emis", "es", "ese",
    "i", "ia", "iai", "iais", "iam", "iams", "ias", "iau", "iaus", "ie", "ies", "imi", "imis",
    "ims", "io", "ioje", "iomis", "ioms", "ios", "iose", "is", "iu", "iuje", "iumi", "iuose",
    "ius", "iui", "o", "oje", "omis", "oms", "os", "ose", "u", "ui", "uje", "umi", "umis", "ums",
    "uo", "uose", "us", "y", "yje", "ys", "yse",
    // Verbs: infinitive, present and past persons.
    "ame", "ate", "ome", "ote", "ti", "tis",
];

/// Folded Latvian case endings of nouns and adjectives (ā → a, ē → e, ī → i, ū → u), so
/// "skola", "skolas", "skolā" and "skolām" meet at "skol", and "pasākums", "pasākumi",
/// "pasākumu" at "pasakum". Polish and Ukrainian get no stemming: their endings need
/// more than a list to strip without joining unrelated words.
const LATVIAN_ENDINGS: &[&str] = &[
    "a", "ai", "am", "as", "e", "ei", "em", "es", "i", "iem", "im", "is", "os", "s", "u", "um",
    "us",
];

/// Function words left out of the index and of queries.
fn stop_words(lang: &str) -> &'static [&'static str] {
    match lang.split(['-', '_']).next().unwrap_or("") {
        "lt" => &[
            "ar", "bei", "bet", "dar", "iki", "ir", "is", "jau", "jei", "jog", "kad", "kai",
            "kaip", "ne", "nes", "nuo", "per", "po", "prie", "su", "tai", "tik", "uz", "yra",
        ],
        "en" => &[
            "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "in", "is", "it",
            "its", "not", "of", "on", "or", "the", "this", "that", "to", "was", "were", "with",
        ],
        // Folded: "arī" → "ari", "kā" → "ka".
        "lv" => &[
            "ar", "ari", "bet", "ir", "ja", "ka", "lai", "no", "par", "pie", "tas", "un", "uz",
            "vai",
        ],
        // Folded as `i18n::fold` folds them (ї → і, й → и, є → е).
        "uk" => &[
            "але", "або", "від", "для", "до", "за", "із", "на", "не", "по", "про", "та", "те",
            "то", "це", "чи", "що", "як",
        ],
        // Folded: "się" → "sie", "że" → "ze".
        "pl" => &[
            "ale", "czy", "dla", "do", "jak", "jest", "lub", "na", "nie", "od", "oraz", "po",
            "sie", "to", "za", "ze",
        ],
        _ => &[],
    }
}

/// The words of `text`, folded: runs of letters and digits (`char::is_alphanumeric`,
/// the `[\p{Alphabetic}\p{N}]` of the script) of at least two characters.
pub fn words(text: &str) -> Vec<String> {
    split_words(&i18n::fold(text)).map(str::to_string).collect()
}

/// The words of text already folded.
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().nth(MIN_WORD - 1).is_some())
}

// ---------------------------------------------------------------------------------------
// The index
// ---------------------------------------------------------------------------------------

/// One language's search index, as written to `index.json` and read back by
/// `search.js` (and by [`query`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// [`FORMAT`].
    pub v: u32,
    pub lang: String,
    pub stem: Stemming,
    /// Folded stop words.
    pub stop: Vec<String>,
    /// (title, url) of the sections documents belong to; the home page's title is "".
    pub sections: Vec<(String, String)>,
    /// Newest first, then undated pages by title.
    pub docs: Vec<Doc>,
    /// Stem → the documents containing it.
    pub terms: BTreeMap<String, Postings>,
}

/// A document: its section's index in [`Index::sections`], its URL (relative to the
/// section's when it starts with it, else root-relative), title, date (`YYYY-MM-DD` or
/// "") and a short summary. Written as a JSON array.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Doc(pub usize, pub String, pub String, pub String, pub String);

impl Doc {
    pub fn title(&self) -> &str {
        &self.2
    }

    pub fn summary(&self) -> &str {
        &self.4
    }
}

/// The documents with a term: ascending ids as differences from the previous one
/// (`[3, 1, 4]` is 3, 4, 8), or, when shorter, a bitmap in base64 (bit `i % 8` of byte
/// `i / 8` is document `i`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Postings {
    Deltas(Vec<u32>),
    Bits(String),
}

impl Postings {
    /// `docs`: ascending document ids, each below `total`.
    fn encode(docs: &[u32], total: usize) -> Postings {
        let mut deltas = Vec::with_capacity(docs.len());
        let mut last = 0;
        for (i, &d) in docs.iter().enumerate() {
            deltas.push(if i == 0 { d } else { d - last });
            last = d;
        }
        let list_len: usize = deltas.iter().map(|d| digits(*d) + 1).sum::<usize>() + 1;
        let bits_len = total.div_ceil(8).div_ceil(3) * 4 + 2;
        if bits_len < list_len {
            let mut bytes = vec![0u8; total.div_ceil(8)];
            for &d in docs {
                bytes[d as usize / 8] |= 1 << (d % 8);
            }
            Postings::Bits(base64::engine::general_purpose::STANDARD.encode(bytes))
        } else {
            Postings::Deltas(deltas)
        }
    }

    /// The document ids, ascending.
    pub fn docs(&self) -> Vec<usize> {
        match self {
            Postings::Deltas(deltas) => {
                let mut at = 0usize;
                deltas
                    .iter()
                    .map(|&d| {
                        at += d as usize;
                        at
                    })
                    .collect()
            }
            Postings::Bits(text) => base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .flat_map(|(i, &byte)| {
                    (0..8)
                        .filter(move |bit| byte & (1 << bit) != 0)
                        .map(move |bit| i * 8 + bit)
                })
                .collect(),
        }
    }
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// A document as it goes into [`Index::from_docs`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// (title, url) of its section; the home page's title is "".
    pub section: (String, String),
    pub url: String,
    pub title: String,
    /// `YYYY-MM-DD` or "".
    pub date: String,
    /// What results show under the title (cut to about 140 characters).
    pub summary: String,
    /// Everything searchable besides the title and summary (numbers in it are not).
    pub text: String,
}

impl Index {
    /// The index of `lang`'s pages: title, summary, tags, an event's place, an article's
    /// author and the body text (without code blocks or numbers).
    pub fn build(site: &Site, markdown: &[Rendered], lang: &str) -> Index {
        let mut ids: Vec<PageId> = (0..site.pages.len())
            .filter(|&id| {
                let p = &site.pages[id].page;
                p.lang == lang && is_indexed(p, site.now)
            })
            .collect();
        let title = |id: PageId| site.pages[id].page.title.as_str();
        ids.sort_by(|&a, &b| i18n::compare(lang, title(a), title(b)));
        ids.sort_by_key(|&id| {
            std::cmp::Reverse(listing_date(&site.pages[id].page).map(|w| w.datetime()))
        });
        let sources = ids.iter().map(|&id| {
            let sp = &site.pages[id];
            let p = &sp.page;
            let section = &site.sections[sp.section];
            let name = if section.is_home() {
                String::new()
            } else {
                section.title.clone()
            };
            let body = &markdown[id].text;
            let mut text = String::with_capacity(body.len() + 256);
            for part in p
                .tags
                .iter()
                .map(String::as_str)
                .chain(extra_text(p))
                .chain([body.as_str()])
            {
                text.push_str(part);
                text.push('\n');
            }
            Source {
                // Addresses as the browser requests them (search.js links them as they are).
                section: (name, site.config.url(&section.url).into_owned()),
                url: site.config.url(&sp.url).into_owned(),
                title: p.title.clone(),
                date: listing_date(p)
                    .map(|w| w.date().to_string())
                    .unwrap_or_default(),
                summary: p
                    .summary
                    .clone()
                    .unwrap_or_else(|| shorten(body, SUMMARY_CHARS * 2)),
                text,
            }
        });
        Index::from_docs(lang, sources)
    }

    /// The index of `docs`, in the order given.
    ///
    /// Documents are read a chunk at a time: each chunk's words are found in parallel and
    /// merged into the postings before the next chunk is read, so only one chunk's texts
    /// and word lists are in memory at once (on a 10,000-page site, holding every page's
    /// distinct words at once took more memory than the rest of the build).
    pub fn from_docs(lang: &str, docs: impl IntoIterator<Item = Source>) -> Index {
        const CHUNK: usize = 256;
        let stem = Stemming::for_language(lang);
        let stop: BTreeSet<&str> = stop_words(lang).iter().copied().collect();
        let mut sections: Vec<(String, String)> = Vec::new();
        let mut section_index: HashMap<(String, String), usize> = HashMap::new();
        let mut written = Vec::new();
        let mut terms: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = docs.into_iter();
        loop {
            let chunk: Vec<Source> = docs.by_ref().take(CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            let found: Vec<(String, Vec<String>)> = chunk
                .par_iter()
                .map(|source| {
                    let summary = shorten(&source.summary, SUMMARY_CHARS);
                    let heading = i18n::fold(&format!("{}\n{}", source.title, summary));
                    let body = i18n::fold(&source.text);
                    // Numbers count in the title and summary only: in body text they are
                    // mostly table cells and dates, thousands of one-page terms nobody
                    // searches for.
                    let body_words =
                        split_words(&body).filter(|w| !w.bytes().all(|b| b.is_ascii_digit()));
                    let distinct: HashSet<&str> = split_words(&heading).chain(body_words).collect();
                    let mut keys: Vec<String> = distinct
                        .into_iter()
                        .filter(|w| !stop.contains(w))
                        .map(|w| stem.stem(w).to_string())
                        .collect();
                    keys.sort_unstable();
                    keys.dedup();
                    (summary, keys)
                })
                .collect();
            for (source, (summary, keys)) in chunk.into_iter().zip(found) {
                let doc = written.len() as u32;
                let s = *section_index
                    .entry(source.section.clone())
                    .or_insert_with(|| {
                        sections.push(source.section.clone());
                        sections.len() - 1
                    });
                let url = source
                    .url
                    .strip_prefix(source.section.1.as_str())
                    .filter(|rest| !rest.starts_with('/'))
                    .unwrap_or(&source.url)
                    .to_string();
                for key in keys {
                    // Documents come in order, so each list stays ascending.
                    terms.entry(key).or_default().push(doc);
                }
                written.push(Doc(s, url, source.title, source.date, summary));
            }
        }
        let total = written.len();
        Index {
            v: FORMAT,
            lang: lang.to_string(),
            stem,
            stop: stop.iter().map(|s| s.to_string()).collect(),
            sections,
            docs: written,
            terms: terms
                .into_iter()
                .map(|(k, docs)| (k, Postings::encode(&docs, total)))
                .collect(),
        }
    }

    /// The index as `index.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A document's root-relative URL.
    pub fn url(&self, doc: &Doc) -> String {
        if doc.1.starts_with('/') {
            return doc.1.clone();
        }
        let base = self.sections.get(doc.0).map_or("/", |s| s.1.as_str());
        format!("{base}{}", doc.1)
    }
}

/// Text of type fields a reader would search for.
fn extra_text(p: &Page) -> Vec<&str> {
    match &p.fields {
        TypeFields::Event {
            location: Some(place),
            ..
        } => [Some(place.name.as_str()), place.address.as_deref()]
            .into_iter()
            .flatten()
            .collect(),
        TypeFields::Article {
            author: Some(author),
            ..
        } => vec![author.as_str()],
        _ => Vec::new(),
    }
}

/// `text` on one line, cut at a word boundary to about `max` characters with "…".
fn shorten(text: &str, max: usize) -> String {
    // Only the beginning matters, however long the text (a whole page body).
    let start = text
        .char_indices()
        .nth(max * 4)
        .map_or(text, |(i, _)| &text[..i]);
    let line = start.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max && start.len() == text.len() {
        return line;
    }
    let cut: String = line.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', '–', '-']))
}

// ---------------------------------------------------------------------------------------
// Querying: the rules `search.js` follows
// ---------------------------------------------------------------------------------------

/// How much a query word found in a document's title, its summary or elsewhere counts.
pub const TITLE_WEIGHT: u32 = 10;
pub const SUMMARY_WEIGHT: u32 = 3;
pub const BODY_WEIGHT: u32 = 1;

/// A query word: the folded word as typed, and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
struct QueryWord {
    typed: String,
    stem: String,
    /// The last word of a query still being typed matches index terms it begins.
    prefix: bool,
}

/// The documents matching `q`, best first: every query word (stop words aside) must
/// match, by stem, or as the beginning of a term for the last word when `q` does not
/// end in a space. A word in the title counts [`TITLE_WEIGHT`], in the summary
/// [`SUMMARY_WEIGHT`], elsewhere [`BODY_WEIGHT`]; equal scores keep index order (newest
/// first). `search.js` implements exactly this.
pub fn query(index: &Index, q: &str) -> Vec<usize> {
    let typed: Vec<String> = words(q)
        .into_iter()
        .filter(|w| !index.stop.contains(w))
        .collect();
    if typed.is_empty() {
        return Vec::new();
    }
    let open_end = !q.ends_with(char::is_whitespace);
    let last = typed.len() - 1;
    let query: Vec<QueryWord> = typed
        .into_iter()
        .enumerate()
        .map(|(i, w)| QueryWord {
            stem: index.stem.stem(&w).to_string(),
            prefix: open_end && i == last,
            typed: w,
        })
        .collect();

    let mut found: Option<BTreeSet<usize>> = None;
    for word in &query {
        let mut docs = BTreeSet::new();
        for (term, postings) in &index.terms {
            if term_matches(word, term) {
                docs.extend(postings.docs());
            }
        }
        found = Some(match found {
            None => docs,
            Some(before) => before.intersection(&docs).copied().collect(),
        });
    }
    let mut scored: Vec<(u32, usize)> = found
        .unwrap_or_default()
        .into_iter()
        .filter(|&d| d < index.docs.len())
        .map(|d| {
            let doc = &index.docs[d];
            let title = words(doc.title());
            let summary = words(doc.summary());
            let score = query
                .iter()
                .map(|w| {
                    let has =
                        |list: &[String]| list.iter().any(|t| term_matches(w, index.stem.stem(t)));
                    if has(&title) {
                        TITLE_WEIGHT
                    } else if has(&summary) {
                        SUMMARY_WEIGHT
                    } else {
                        BODY_WEIGHT
                    }
                })
                .sum();
            (score, d)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, d)| d).collect()
}

fn term_matches(word: &QueryWord, term: &str) -> bool {
    term == word.stem || (word.prefix && term.starts_with(&word.typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_split_and_short_ones_dropped() {
        let cases: &[(&str, &[&str])] = &[
            ("Žmonės, NERIMĄ!", &["zmones", "nerima"]),
            (
                "Įėjimas į „Vilties liniją“",
                &["iejimas", "vilties", "linija"],
            ),
            ("ąčęėįšųūž ĄČĘĖĮŠŲŪŽ", &["aceeisuuz", "aceeisuuz"]),
            (
                "Łódź, Straße, ﬁlmas, İstanbul",
                &["lodz", "strasse", "filmas", "istanbul"],
            ),
            ("ΣΟΦΟΣ σοφος", &["σοφοσ", "σοφοσ"]),
            ("0 800 28888 · 116 123", &["800", "28888", "116", "123"]),
            // Apostrophes are dropped: one word whichever is typed.
            ("adviser’s e-mail", &["advisers", "mail"]),
            ("пам'ять, пам’ять, памʼять", &["память", "память", "память"]),
            ("Skolā un ģimenē", &["skola", "un", "gimene"]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text), *expected, "{text}");
        }
    }

    #[test]
    fn lithuanian_forms_meet_at_one_stem() {
        let lt = Stemming::for_language("lt");
        let groups: &[&[&str]] = &[
            &["nerimas", "nerimo", "nerimui", "nerimą", "nerimu", "nerime"],
            &["žmonės", "žmonių", "žmonėms", "žmones", "žmonėse"],
            &[
                "renginys",
                "renginio",
                "renginiai",
                "renginių",
                "renginiuose",
                "renginyje",
            ],
            &[
                "sveikata",
                "sveikatos",
                "sveikatai",
                "sveikatą",
                "sveikatoje",
            ],
            &["emocinė", "emocinės", "emocinę", "emocinis"],
            &[
                "konsultantas",
                "konsultanto",
                "konsultantai",
                "konsultantams",
            ],
        ];
        for group in groups {
            let stems: BTreeSet<String> = group
                .iter()
                .map(|w| lt.stem(&i18n::fold(w)).to_string())
                .collect();
            assert_eq!(stems.len(), 1, "{group:?} → {stems:?}");
        }
        // Short words keep at least three letters.
        assert_eq!(lt.stem("kas"), "kas");
        assert_eq!(lt.stem("ausis"), "aus");
        let en = Stemming::for_language("en");
        assert_eq!(en.stem("events"), "event");
        assert_eq!(en.stem("stress"), "stress");
        assert_eq!(en.stem("focus"), "focus");
        assert_eq!(en.stem("bus"), "bus");
        assert_eq!(Stemming::for_language("de").stem("häuser"), "häuser");
    }

    /// `search.js`'s stemming, step for step: the first listed ending that fits.
    fn stem_as_the_script_does<'w>(rules: &Stemming, word: &'w str) -> &'w str {
        if rules.keep.iter().any(|k| word.ends_with(k.as_str())) {
            return word;
        }
        let length = word.chars().count();
        for ending in &rules.endings {
            if word.ends_with(ending.as_str()) && length - ending.chars().count() >= rules.min {
                return &word[..word.len() - ending.len()];
            }
        }
        word
    }

    #[test]
    fn stemming_agrees_with_the_scripts_walk_through_the_endings() {
        let text = "Žmonės, kurie kreipiasi anksti, dažnai sako: gaila, kad nepaskambinau \
                    anksčiau. Renginiuose, renginiams, renginyje; sveikatos, sveikatai, \
                    sveikatoje; emocinė, emocinės; konsultantams, konsultantų; iomis iuose \
                    aiu ąžuolas čia ėjimas ųų ys yse mis ims ums io uo ia ie a e i o u y \
                    kas ausis šuo žiemoje vasarą miegoti nerimaujame events stress focus \
                    bus classes ελληνικά ūsai";
        for lang in ["lt", "en", "de"] {
            let rules = Stemming::for_language(lang);
            for word in words(text) {
                assert_eq!(
                    rules.stem(&word),
                    stem_as_the_script_does(&rules, &word),
                    "{lang}: {word}"
                );
            }
        }
        let lt = Stemming::for_language("lt");
        assert!(lt.endings.iter().all(|e| e.is_ascii() && !e.is_empty()));
    }

    #[test]
    fn endings_are_longest_first() {
        let lt = Stemming::for_language("lt-LT");
        assert!(lt
            .endings
            .windows(2)
            .all(|w| w[0].len() > w[1].len() || (w[0].len() == w[1].len() && w[0] < w[1])));
        assert_eq!(lt.stem("renginiuose"), "rengin");
    }

    #[test]
    fn postings_round_trip_as_deltas_or_bits() {
        let sparse = [3u32, 4, 8, 1000];
        let p = Postings::encode(&sparse, 2000);
        assert_eq!(p, Postings::Deltas(vec![3, 1, 4, 992]));
        assert_eq!(p.docs(), [3, 4, 8, 1000]);
        let dense: Vec<u32> = (0..2000).filter(|d| d % 3 != 0).collect();
        let p = Postings::encode(&dense, 2000);
        assert!(matches!(p, Postings::Bits(_)), "{p:?}");
        assert_eq!(
            p.docs(),
            dense.iter().map(|&d| d as usize).collect::<Vec<_>>()
        );
        let json = serde_json::to_string(&p).expect("json");
        let back: Postings = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, p);
    }

    fn doc(title: &str, summary: &str, text: &str) -> Source {
        Source {
            section: ("Renginiai".into(), "/renginiai/".into()),
            url: format!("/renginiai/{}/", slug::slugify(title)),
            title: title.into(),
            date: "2026-01-01".into(),
            summary: summary.into(),
            text: text.into(),
        }
    }

    fn titles(index: &Index, q: &str) -> Vec<String> {
        query(index, q)
            .into_iter()
            .map(|d| index.docs[d].title().to_string())
            .collect()
    }

    fn lithuanian() -> Index {
        Index::from_docs(
            "lt",
            [
                doc(
                    "Kūrybinės dirbtuvės",
                    "Piešiame kartu.",
                    "Pokalbis apie nerimą ir miegą.",
                ),
                doc(
                    "Seminaras apie nerimą",
                    "Kaip atpažinti nerimą.",
                    "Seminaras darbuotojams.",
                ),
                doc(
                    "Susitikimas su žmonėmis",
                    "Žmonės pasakoja.",
                    "Gerovės konsultantas kalbasi.",
                ),
                doc(
                    "Žygis",
                    "Einame kartu.",
                    "Žmonės eina ir kalbasi apie stresą.",
                ),
            ],
        )
    }

    #[test]
    fn queries_ignore_case_diacritics_and_endings() {
        let index = lithuanian();
        let nerimas = ["Seminaras apie nerimą", "Kūrybinės dirbtuvės"];
        assert_eq!(titles(&index, "nerimas"), nerimas);
        assert_eq!(titles(&index, "NERIMAS"), nerimas);
        assert_eq!(titles(&index, "nerimą "), nerimas);
        assert_eq!(
            titles(&index, "zmones"),
            ["Susitikimas su žmonėmis", "Žygis"]
        );
        assert_eq!(
            titles(&index, "žmonių"),
            ["Susitikimas su žmonėmis", "Žygis"]
        );
        // Every word must match.
        assert_eq!(titles(&index, "zmones stresas"), ["Žygis"]);
        assert!(titles(&index, "nerimas stresas").is_empty());
        // Stop words alone find nothing; beside other words they are ignored.
        assert!(titles(&index, "ir su").is_empty());
        assert_eq!(titles(&index, "ir stresas"), ["Žygis"]);
    }

    #[test]
    fn the_last_word_matches_as_a_beginning_while_typed() {
        let index = lithuanian();
        assert_eq!(titles(&index, "konsult"), ["Susitikimas su žmonėmis"]);
        assert_eq!(
            titles(&index, "gerovės konsult"),
            ["Susitikimas su žmonėmis"]
        );
        // A finished word (a space after it) must match whole.
        assert!(titles(&index, "konsult ").is_empty());
        assert!(titles(&index, "konsult gerovės").is_empty());
    }

    #[test]
    fn title_hits_rank_above_summary_and_body_hits() {
        let index = Index::from_docs(
            "lt",
            [
                doc("Apie miegą", "Trumpai.", "Tekstas be to žodžio."),
                doc("Kitas", "Apie nerimą.", "Tekstas."),
                doc("Trečias", "Trumpai.", "Čia rašoma apie nerimą."),
                doc("Nerimas", "Trumpai.", "Tekstas."),
            ],
        );
        assert_eq!(titles(&index, "nerimas"), ["Nerimas", "Kitas", "Trečias"]);
    }

    #[test]
    fn documents_beyond_a_chunk_keep_their_order_and_numbers() {
        // More documents than one chunk holds: numbers run on across chunks.
        let docs = (0..700).map(|i| {
            let text = match i {
                0 | 255 | 256 | 699 => "Retas žodis: vaivorykštė.",
                _ => "Įprastas tekstas.",
            };
            doc(&format!("Puslapis {i:03}"), "Trumpai.", text)
        });
        let index = Index::from_docs("lt", docs);
        assert_eq!(index.docs.len(), 700);
        assert_eq!(index.docs[256].title(), "Puslapis 256");
        let key = Stemming::for_language("lt").stem("vaivorykste").to_string();
        assert_eq!(index.terms[&key].docs(), [0, 255, 256, 699]);
        assert_eq!(
            titles(&index, "vaivorykste"),
            [
                "Puslapis 000",
                "Puslapis 255",
                "Puslapis 256",
                "Puslapis 699"
            ]
        );
    }

    #[test]
    fn numbers_count_in_titles_and_summaries_only() {
        let index = Index::from_docs(
            "lt",
            [
                doc(
                    "Naujienlaiškis Nr. 2026",
                    "Skambinkite 116 123.",
                    "Lentelė: 4711 ir 1234.",
                ),
                doc("Kitas", "Trumpai.", "Dar 2026 metai."),
            ],
        );
        assert_eq!(titles(&index, "2026"), ["Naujienlaiškis Nr. 2026"]);
        assert_eq!(titles(&index, "116 123"), ["Naujienlaiškis Nr. 2026"]);
        assert!(titles(&index, "4711").is_empty());
        assert!(!index.terms.contains_key("1234"));
    }

    #[test]
    fn urls_are_kept_relative_to_their_section() {
        let index = lithuanian();
        let first = &index.docs[0];
        assert_eq!(first.1, "kurybines-dirbtuves/");
        assert_eq!(index.url(first), "/renginiai/kurybines-dirbtuves/");
        let json = index.to_json();
        let back: Index = serde_json::from_str(&json).expect("index parses");
        assert_eq!(back, index);
    }

    #[test]
    fn summaries_are_cut_at_a_word() {
        assert_eq!(shorten("Vienas  du\ntrys", 20), "Vienas du trys");
        // A text with more space than words is still cut with "…".
        let spaced = format!("Pradžia{}pabaiga", " ".repeat(1000));
        assert_eq!(shorten(&spaced, 20), "Pradžia…");
        let long = "žodis ".repeat(40);
        let cut = shorten(&long, 30);
        assert!(cut.ends_with("žodis…"), "{cut}");
        assert!(cut.chars().count() <= 31, "{cut}");
    }

    #[test]
    fn latvian_forms_meet_at_one_stem() {
        let lv = Stemming::for_language("lv");
        let groups: &[&[&str]] = &[
            &[
                "skola", "skolas", "skolā", "skolu", "skolām", "skolai", "skolās",
            ],
            &[
                "pasākums",
                "pasākumi",
                "pasākumu",
                "pasākumiem",
                "pasākumā",
                "pasākumos",
            ],
            &["ģimene", "ģimenes", "ģimenē", "ģimenei", "ģimeņu"],
        ];
        for group in groups {
            let stems: BTreeSet<String> = group
                .iter()
                .map(|w| lv.stem(&i18n::fold(w)).to_string())
                .collect();
            // ģimeņu keeps its ņ as n: the one form apart.
            assert!(stems.len() <= 2, "{group:?} → {stems:?}");
        }
        // No Lithuanian (or any) stemming on Ukrainian and Polish.
        assert!(Stemming::for_language("uk").endings.is_empty());
        assert!(Stemming::for_language("pl").endings.is_empty());
        for lang in ["lv", "uk", "pl"] {
            for w in stop_words(lang) {
                assert_eq!(i18n::fold(w), *w, "{lang}: stop words are written folded");
            }
        }
    }

    #[test]
    fn latvian_and_ukrainian_queries_find_folded_words() {
        let lv = Index::from_docs(
            "lv",
            [
                doc(
                    "Atpakaļ uz skolu",
                    "Par jauno mācību gadu.",
                    "Bērni skolā jūtas droši.",
                ),
                doc("Ģimenes diena", "Pasākums ģimenēm.", "Nāciet visa ģimene."),
            ],
        );
        assert_eq!(titles(&lv, "skola"), ["Atpakaļ uz skolu"]);
        assert_eq!(titles(&lv, "skolā"), ["Atpakaļ uz skolu"]);
        assert_eq!(titles(&lv, "gimene"), ["Ģimenes diena"]);
        assert_eq!(titles(&lv, "jutas drosi"), ["Atpakaļ uz skolu"]);
        let uk = Index::from_docs(
            "uk",
            [
                doc("Пам’ять і підтримка", "Про психічне здоров’я.", "Текст."),
                doc("Ґанок у Києві", "Їжа та є.", "Йога для всіх."),
            ],
        );
        for q in ["пам'ять", "пам’ять", "памʼять", "память"] {
            assert_eq!(titles(&uk, q), ["Пам’ять і підтримка"], "{q}");
        }
        assert_eq!(titles(&uk, "здоров'я"), ["Пам’ять і підтримка"]);
        assert_eq!(titles(&uk, "ганок"), ["Ґанок у Києві"]);
        assert_eq!(titles(&uk, "киеві"), ["Ґанок у Києві"]);
        assert_eq!(titles(&uk, "іжа"), ["Ґанок у Києві"]);
        assert_eq!(titles(&uk, "иога"), ["Ґанок у Києві"]);
    }
}
