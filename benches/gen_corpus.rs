//! Benchmark corpus generator for Sklaida (and, optionally, the same site for Hugo).
//!
//! ```text
//! gen_corpus --pages N --out DIR [--hugo HUGODIR] [--seed S]
//! ```
//!
//! Writes a bilingual site of N Markdown pages in total: N/2 in Lithuanian (the
//! default language, at the site root) and N/2 English translations (under /en/),
//! spread over 10 sections. Every page has about 800 words of deterministic
//! pseudo-text, several `##`/`###` headings and a Markdown table; every tenth page
//! also has a fenced ```rust or ```toml block of 10–20 lines.
//!
//! `DIR` becomes a Sklaida site (`site.toml`, `content/`, `templates/`); with
//! `--hugo`, `HUGODIR` becomes a Hugo (0.111) site with the same pages, the same
//! URLs and equivalent minimal layouts. The output is a pure function of
//! (`--pages`, `--seed`), so two runs give byte-identical corpora.
//!
//! Standard library only: it is built as a Cargo example
//! (`cargo run --release --example gen_corpus -- …`) or standalone
//! (`rustc -O benches/gen_corpus.rs -o /tmp/gen_corpus`).

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const SECTIONS: usize = 10;
/// Words of body text per page (aimed at; the real count lands within a few words).
const TARGET_WORDS: usize = 800;

// ---------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------

/// Short, frequent Lithuanian words (picked more often than the content words).
const LT_FUNCTION: &[&str] = &[
    "ir",
    "bet",
    "kad",
    "nes",
    "o",
    "jei",
    "kai",
    "tai",
    "tačiau",
    "todėl",
    "taip",
    "pat",
    "dar",
    "jau",
    "net",
    "tik",
    "ar",
    "nei",
    "su",
    "be",
    "į",
    "iš",
    "ant",
    "po",
    "per",
    "prie",
    "už",
    "apie",
    "tarp",
    "dėl",
    "nuo",
    "iki",
    "pagal",
    "kaip",
    "kur",
    "kas",
    "kuris",
    "kuri",
    "šis",
    "ši",
    "tas",
    "ta",
    "visi",
    "kiekvienas",
    "mūsų",
    "jūsų",
    "jų",
    "savo",
    "labai",
    "daug",
    "mažai",
    "dažnai",
    "visada",
    "niekada",
    "čia",
    "ten",
    "šiandien",
    "rytoj",
    "vakar",
    "dabar",
];

/// Lithuanian content words, many with diacritics.
const LT_WORDS: &[&str] = &[
    // nouns
    "žmogus",
    "žmonės",
    "vaikas",
    "vaikai",
    "šeima",
    "mokykla",
    "mokytojas",
    "gydytojas",
    "ligoninė",
    "sveikata",
    "darbas",
    "darbuotojas",
    "miestas",
    "kaimas",
    "gatvė",
    "namai",
    "butas",
    "kambarys",
    "langas",
    "durys",
    "stalas",
    "knyga",
    "laikraštis",
    "žinia",
    "naujiena",
    "straipsnis",
    "laiškas",
    "klausimas",
    "atsakymas",
    "problema",
    "sprendimas",
    "būdas",
    "galimybė",
    "pagalba",
    "parama",
    "bendruomenė",
    "savanoris",
    "organizacija",
    "renginys",
    "susitikimas",
    "paroda",
    "koncertas",
    "diskusija",
    "projektas",
    "programa",
    "planas",
    "tikslas",
    "rezultatas",
    "tyrimas",
    "duomenys",
    "skaičius",
    "metai",
    "mėnuo",
    "savaitė",
    "diena",
    "valanda",
    "rytas",
    "vakaras",
    "naktis",
    "pavasaris",
    "vasara",
    "ruduo",
    "žiema",
    "oras",
    "saulė",
    "lietus",
    "sniegas",
    "vėjas",
    "upė",
    "ežeras",
    "jūra",
    "miškas",
    "medis",
    "gėlė",
    "žolė",
    "paukštis",
    "šuo",
    "katė",
    "arklys",
    "duona",
    "pienas",
    "vanduo",
    "obuolys",
    "kava",
    "arbata",
    "maistas",
    "virtuvė",
    "kelias",
    "tiltas",
    "automobilis",
    "autobusas",
    "traukinys",
    "dviratis",
    "stotis",
    "aikštė",
    "parkas",
    "bažnyčia",
    "pilis",
    "muziejus",
    "biblioteka",
    "teatras",
    "universitetas",
    "studentas",
    "profesorius",
    "mokslas",
    "kalba",
    "žodis",
    "sakinys",
    "istorija",
    "kultūra",
    "tradicija",
    "šventė",
    "daina",
    "šokis",
    "menas",
    "paveikslas",
    "nuotrauka",
    "žemėlapis",
    "valstybė",
    "vyriausybė",
    "savivaldybė",
    "įstatymas",
    "teisė",
    "pareiga",
    "laisvė",
    "lygybė",
    "teisingumas",
    "saugumas",
    "aplinka",
    "gamta",
    "energija",
    "šiluma",
    "šviesa",
    "kaina",
    "pinigai",
    "mokestis",
    "biudžetas",
    "rinka",
    "įmonė",
    "parduotuvė",
    "prekė",
    "paslauga",
    "vartotojas",
    "pilietis",
    "kaimynas",
    "draugas",
    "brolis",
    "sesuo",
    "motina",
    "tėvas",
    "senelis",
    "močiutė",
    "jaunimas",
    "senjoras",
    "ateitis",
    "praeitis",
    "dabartis",
    "pasaulis",
    "šalis",
    "regionas",
    "rajonas",
    "Lietuva",
    "Vilnius",
    "Kaunas",
    "Klaipėda",
    "Šiauliai",
    "Panevėžys",
    "Nemunas",
    "Neris",
    // verbs
    "būti",
    "yra",
    "buvo",
    "bus",
    "turėti",
    "turi",
    "galėti",
    "gali",
    "reikia",
    "norėti",
    "nori",
    "daryti",
    "daro",
    "eiti",
    "eina",
    "važiuoti",
    "važiuoja",
    "kalbėti",
    "rašyti",
    "rašo",
    "skaityti",
    "skaito",
    "žinoti",
    "žino",
    "matyti",
    "mato",
    "girdėti",
    "girdi",
    "suprasti",
    "supranta",
    "mokytis",
    "mokosi",
    "dirbti",
    "dirba",
    "gyventi",
    "gyvena",
    "padėti",
    "padeda",
    "kurti",
    "kuria",
    "statyti",
    "stato",
    "keisti",
    "keičia",
    "augti",
    "auga",
    "pradėti",
    "pradeda",
    "baigti",
    "baigia",
    "rasti",
    "randa",
    "ieškoti",
    "ieško",
    "dalyvauti",
    "dalyvauja",
    "kviesti",
    "kviečia",
    "pristatyti",
    "pristato",
    "aptarti",
    "aptaria",
    "spręsti",
    "sprendžia",
    "džiaugtis",
    "džiaugiasi",
    "rūpintis",
    "rūpinasi",
    "saugoti",
    "saugo",
    // adjectives
    "didelis",
    "didelė",
    "mažas",
    "maža",
    "naujas",
    "nauja",
    "senas",
    "sena",
    "geras",
    "gera",
    "blogas",
    "gražus",
    "graži",
    "svarbus",
    "svarbi",
    "įdomus",
    "įdomi",
    "sunkus",
    "lengvas",
    "greitas",
    "lėtas",
    "aukštas",
    "žemas",
    "ilgas",
    "trumpas",
    "šiltas",
    "šaltas",
    "žalias",
    "mėlynas",
    "baltas",
    "juodas",
    "raudonas",
    "geltonas",
    "pilkas",
    "šviesus",
    "tamsus",
    "tylus",
    "garsus",
    "linksmas",
    "liūdnas",
    "ramus",
    "stiprus",
    "silpnas",
    "jaunas",
    "vietinis",
    "viešas",
    "nacionalinis",
    "tarptautinis",
    "kasdienis",
    "ypatingas",
    "paprastas",
    "sudėtingas",
    "būtinas",
    "naudingas",
    "saugus",
    "sveikas",
    "švarus",
    "atviras",
    "uždaras",
    "pirmas",
    "antras",
    "trečias",
    "paskutinis",
    // adverbs
    "greitai",
    "lėtai",
    "gerai",
    "blogai",
    "kartu",
    "atskirai",
    "ypač",
    "būtent",
    "galbūt",
    "tikrai",
    "beveik",
    "visiškai",
    "netrukus",
    "anksčiau",
    "vėliau",
];

const EN_FUNCTION: &[&str] = &[
    "the",
    "the",
    "the",
    "a",
    "an",
    "and",
    "but",
    "that",
    "because",
    "or",
    "if",
    "when",
    "so",
    "then",
    "also",
    "still",
    "already",
    "even",
    "only",
    "not",
    "with",
    "without",
    "into",
    "from",
    "on",
    "after",
    "through",
    "near",
    "for",
    "about",
    "between",
    "of",
    "since",
    "until",
    "by",
    "as",
    "where",
    "what",
    "which",
    "who",
    "this",
    "these",
    "that",
    "those",
    "all",
    "every",
    "our",
    "your",
    "their",
    "its",
    "very",
    "many",
    "few",
    "often",
    "always",
    "never",
    "here",
    "there",
    "today",
    "tomorrow",
    "yesterday",
    "now",
    "in",
    "at",
    "to",
];

const EN_WORDS: &[&str] = &[
    // nouns
    "person",
    "people",
    "child",
    "children",
    "family",
    "school",
    "teacher",
    "doctor",
    "hospital",
    "health",
    "work",
    "worker",
    "city",
    "village",
    "street",
    "home",
    "flat",
    "room",
    "window",
    "door",
    "table",
    "book",
    "newspaper",
    "message",
    "news",
    "article",
    "letter",
    "question",
    "answer",
    "problem",
    "solution",
    "way",
    "chance",
    "help",
    "support",
    "community",
    "volunteer",
    "organisation",
    "event",
    "meeting",
    "exhibition",
    "concert",
    "discussion",
    "project",
    "programme",
    "plan",
    "goal",
    "result",
    "study",
    "data",
    "number",
    "year",
    "month",
    "week",
    "day",
    "hour",
    "morning",
    "evening",
    "night",
    "spring",
    "summer",
    "autumn",
    "winter",
    "weather",
    "sun",
    "rain",
    "snow",
    "wind",
    "river",
    "lake",
    "sea",
    "forest",
    "tree",
    "flower",
    "grass",
    "bird",
    "dog",
    "cat",
    "horse",
    "bread",
    "milk",
    "water",
    "apple",
    "coffee",
    "tea",
    "food",
    "kitchen",
    "road",
    "bridge",
    "car",
    "bus",
    "train",
    "bicycle",
    "station",
    "square",
    "park",
    "church",
    "castle",
    "museum",
    "library",
    "theatre",
    "university",
    "student",
    "professor",
    "science",
    "language",
    "word",
    "sentence",
    "history",
    "culture",
    "tradition",
    "holiday",
    "song",
    "dance",
    "art",
    "painting",
    "photo",
    "map",
    "state",
    "government",
    "municipality",
    "law",
    "right",
    "duty",
    "freedom",
    "equality",
    "justice",
    "safety",
    "environment",
    "nature",
    "energy",
    "heat",
    "light",
    "price",
    "money",
    "tax",
    "budget",
    "market",
    "company",
    "shop",
    "product",
    "service",
    "consumer",
    "citizen",
    "neighbour",
    "friend",
    "brother",
    "sister",
    "mother",
    "father",
    "grandfather",
    "grandmother",
    "youth",
    "senior",
    "future",
    "past",
    "present",
    "world",
    "country",
    "region",
    "district",
    "Lithuania",
    "Vilnius",
    "Kaunas",
    "Klaipėda",
    "Baltic",
    // verbs
    "be",
    "is",
    "was",
    "will",
    "have",
    "has",
    "can",
    "could",
    "need",
    "want",
    "wants",
    "do",
    "does",
    "go",
    "goes",
    "travel",
    "travels",
    "speak",
    "speaks",
    "write",
    "writes",
    "read",
    "reads",
    "know",
    "knows",
    "see",
    "sees",
    "hear",
    "hears",
    "understand",
    "understands",
    "learn",
    "learns",
    "work",
    "works",
    "live",
    "lives",
    "help",
    "helps",
    "create",
    "creates",
    "build",
    "builds",
    "change",
    "changes",
    "grow",
    "grows",
    "start",
    "starts",
    "finish",
    "finishes",
    "find",
    "finds",
    "search",
    "searches",
    "take part",
    "invite",
    "invites",
    "present",
    "presents",
    "discuss",
    "discusses",
    "solve",
    "solves",
    "enjoy",
    "enjoys",
    "care",
    "cares",
    "protect",
    "protects",
    // adjectives
    "big",
    "small",
    "new",
    "old",
    "good",
    "bad",
    "beautiful",
    "important",
    "interesting",
    "difficult",
    "easy",
    "fast",
    "slow",
    "high",
    "low",
    "long",
    "short",
    "warm",
    "cold",
    "green",
    "blue",
    "white",
    "black",
    "red",
    "yellow",
    "grey",
    "bright",
    "dark",
    "quiet",
    "loud",
    "cheerful",
    "sad",
    "calm",
    "strong",
    "weak",
    "young",
    "local",
    "public",
    "national",
    "international",
    "daily",
    "special",
    "simple",
    "complex",
    "necessary",
    "useful",
    "safe",
    "healthy",
    "clean",
    "open",
    "closed",
    "first",
    "second",
    "third",
    "last",
    // adverbs
    "quickly",
    "slowly",
    "well",
    "badly",
    "together",
    "separately",
    "especially",
    "exactly",
    "perhaps",
    "really",
    "almost",
    "completely",
    "soon",
    "earlier",
    "later",
];

/// 50 tags, Lithuanian and English, index-aligned (a page and its translation share tags).
const TAGS: &[(&str, &str)] = &[
    ("sveikata", "health"),
    ("švietimas", "education"),
    ("kultūra", "culture"),
    ("sportas", "sport"),
    ("gamta", "nature"),
    ("klimatas", "climate"),
    ("energetika", "energy"),
    ("transportas", "transport"),
    ("miestai", "cities"),
    ("kaimai", "villages"),
    ("jaunimas", "youth"),
    ("senjorai", "seniors"),
    ("šeima", "family"),
    ("darbas", "work"),
    ("ekonomika", "economy"),
    ("mokesčiai", "taxes"),
    ("teisė", "law"),
    ("saugumas", "safety"),
    ("technologijos", "technology"),
    ("mokslas", "science"),
    ("istorija", "history"),
    ("menas", "art"),
    ("muzika", "music"),
    ("teatras", "theatre"),
    ("kinas", "cinema"),
    ("literatūra", "literature"),
    ("kalba", "language"),
    ("savanorystė", "volunteering"),
    ("bendruomenė", "community"),
    ("renginiai", "events"),
    ("parodos", "exhibitions"),
    ("keliones", "travel"),
    ("maistas", "food"),
    ("žemės-ūkis", "agriculture"),
    ("miškai", "forests"),
    ("vanduo", "water"),
    ("atliekos", "waste"),
    ("lygybė", "equality"),
    ("demokratija", "democracy"),
    ("rinkimai", "elections"),
    ("savivalda", "local-government"),
    ("biudžetas", "budget"),
    ("būstas", "housing"),
    ("psichikos-sveikata", "mental-health"),
    ("prevencija", "prevention"),
    ("skaitmenizacija", "digitalisation"),
    ("duomenys", "data"),
    ("tyrimai", "research"),
    ("pagalba", "help"),
    ("ateitis", "future"),
];

/// Section titles (lt, en).
const SECTION_TITLES: &[(&str, &str)] = &[
    ("Sveikata", "Health"),
    ("Švietimas", "Education"),
    ("Kultūra", "Culture"),
    ("Gamta ir klimatas", "Nature and climate"),
    ("Miestai ir kaimai", "Towns and villages"),
    ("Darbas ir ekonomika", "Work and economy"),
    ("Teisė ir saugumas", "Law and safety"),
    ("Mokslas ir technologijos", "Science and technology"),
    ("Bendruomenė", "Community"),
    ("Renginiai", "Events"),
];

/// Identifier-ish words for the code blocks.
const CODE_WORDS: &[&str] = &[
    "page", "section", "site", "lang", "slug", "title", "summary", "date", "weight", "tag",
    "index", "count", "total", "items", "entry", "output", "input", "buffer", "cache", "config",
    "theme", "template", "render", "build", "path", "url", "asset", "image", "value", "key",
    "node", "tree", "list", "batch", "chunk", "token", "span", "link",
];

// ---------------------------------------------------------------------------
// Deterministic PRNG (SplitMix64 to seed, xorshift64* to draw)
// ---------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut z = seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        // SplitMix64 finaliser, so neighbouring page indices give unrelated streams.
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

// ---------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Lt,
    En,
}

impl Lang {
    fn function_words(self) -> &'static [&'static str] {
        match self {
            Lang::Lt => LT_FUNCTION,
            Lang::En => EN_FUNCTION,
        }
    }
    fn content_words(self) -> &'static [&'static str] {
        match self {
            Lang::Lt => LT_WORDS,
            Lang::En => EN_WORDS,
        }
    }
}

fn word(rng: &mut Rng, lang: Lang) -> &'static str {
    if rng.chance(35) {
        rng.pick(lang.function_words())
    } else {
        rng.pick(lang.content_words())
    }
}

fn push_capitalised(out: &mut String, w: &str) {
    let mut chars = w.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// Appends a sentence; returns its number of words.
fn sentence(out: &mut String, rng: &mut Rng, lang: Lang) -> usize {
    // Sum of two uniforms: lengths 4..=26, mostly around 12–18.
    let n = 2 + rng.range(1, 12) + rng.range(1, 12);
    for i in 0..n {
        let w = word(rng, lang);
        if i == 0 {
            push_capitalised(out, w);
        } else {
            out.push(' ');
            // A little inline markup now and then.
            match rng.below(60) {
                0 => {
                    out.push_str("**");
                    out.push_str(w);
                    out.push_str("**");
                }
                1 => {
                    out.push('*');
                    out.push_str(w);
                    out.push('*');
                }
                2 if lang == Lang::En || rng.chance(50) => {
                    out.push('`');
                    out.push_str(rng.pick(CODE_WORDS));
                    out.push('`');
                }
                _ => out.push_str(w),
            }
        }
        if i + 1 < n && i > 1 && rng.chance(7) {
            out.push(',');
        }
    }
    out.push(match rng.below(20) {
        0 => '?',
        1 => '!',
        _ => '.',
    });
    n
}

/// Appends a paragraph of 2–6 sentences and a blank line; returns its words.
fn paragraph(out: &mut String, rng: &mut Rng, lang: Lang) -> usize {
    let mut words = 0;
    for i in 0..rng.range(2, 6) {
        if i > 0 {
            out.push(' ');
        }
        words += sentence(out, rng, lang);
    }
    out.push_str("\n\n");
    words
}

/// A heading-like phrase of `lo..=hi` words (capitalised, no final stop).
fn phrase(out: &mut String, rng: &mut Rng, lang: Lang, lo: usize, hi: usize) -> usize {
    let n = rng.range(lo, hi);
    for i in 0..n {
        let w = if i == 0 {
            rng.pick(lang.content_words())
        } else {
            word(rng, lang)
        };
        if i == 0 {
            push_capitalised(out, w);
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    n
}

fn table(out: &mut String, rng: &mut Rng, lang: Lang) -> usize {
    let (first, total) = match lang {
        Lang::Lt => ("Rodiklis", "Iš viso"),
        Lang::En => ("Indicator", "Total"),
    };
    let year = rng.range(2018, 2022);
    let cols = rng.range(3, 4);
    let _ = write!(out, "| {first} |");
    for c in 0..cols {
        let _ = write!(out, " {} |", year + c);
    }
    let _ = writeln!(out, " {total} |");
    out.push_str("|---|");
    for _ in 0..=cols {
        out.push_str("---:|");
    }
    out.push('\n');
    let rows = rng.range(4, 7);
    let mut words = cols + 2;
    for _ in 0..rows {
        out.push_str("| ");
        push_capitalised(out, rng.pick(lang.content_words()));
        out.push(' ');
        out.push_str(rng.pick(lang.content_words()));
        out.push_str(" |");
        let mut sum = 0;
        for _ in 0..cols {
            let v = rng.range(10, 9999);
            sum += v;
            let _ = write!(out, " {v} |");
        }
        let _ = writeln!(out, " {sum} |");
        words += cols + 3;
    }
    out.push('\n');
    words
}

fn list(out: &mut String, rng: &mut Rng, lang: Lang) -> usize {
    let mut words = 0;
    let ordered = rng.chance(30);
    for i in 0..rng.range(3, 6) {
        if ordered {
            let _ = write!(out, "{}. ", i + 1);
        } else {
            out.push_str("- ");
        }
        words += phrase(out, rng, lang, 3, 9);
        out.push('\n');
    }
    out.push('\n');
    words
}

fn code_block(out: &mut String, rng: &mut Rng, rust: bool) {
    let lines = rng.range(10, 20);
    if rust {
        let name = rng.pick(CODE_WORDS);
        let _ = writeln!(out, "```rust\nfn collect_{name}(items: &[u32]) -> u64 {{");
        out.push_str("    let mut acc = 0u64;\n");
        // header (2) + body + closing (2) = lines
        for _ in 0..lines.saturating_sub(4) {
            let a = rng.pick(CODE_WORDS);
            let n = rng.range(2, 97);
            let _ = match rng.below(5) {
                0 => writeln!(
                    out,
                    "    // {} {} {}",
                    a,
                    rng.pick(CODE_WORDS),
                    rng.pick(CODE_WORDS)
                ),
                1 => writeln!(
                    out,
                    "    let {a}_{n} = items.iter().filter(|x| **x % {n} == 0).count() as u64;"
                ),
                2 => writeln!(
                    out,
                    "    acc = acc.wrapping_mul({n}).wrapping_add(items.len() as u64);"
                ),
                3 => writeln!(out, "    if acc > {n}_000 {{ acc -= {n}; }}"),
                _ => writeln!(
                    out,
                    "    acc += items.get({n}).copied().unwrap_or_default() as u64; // {a}"
                ),
            };
        }
        out.push_str("    acc\n}\n```\n\n");
    } else {
        let _ = writeln!(
            out,
            "```toml\n[package]\nname = \"{}-{}\"\nversion = \"0.{}.{}\"\n\n[dependencies]",
            rng.pick(CODE_WORDS),
            rng.pick(CODE_WORDS),
            rng.range(1, 30),
            rng.range(0, 9)
        );
        // header (5) + body + closing (1) = lines
        for _ in 0..lines.saturating_sub(6) {
            let a = rng.pick(CODE_WORDS);
            let b = rng.pick(CODE_WORDS);
            let _ = match rng.below(3) {
                0 => writeln!(
                    out,
                    "{a}-{b} = \"{}.{}\"",
                    rng.range(0, 9),
                    rng.range(0, 30)
                ),
                1 => writeln!(
                    out,
                    "{a}_{b} = {{ version = \"{}\", features = [\"{}\"] }}",
                    rng.range(1, 9),
                    rng.pick(CODE_WORDS)
                ),
                _ => writeln!(out, "# {a} {b}"),
            };
        }
        out.push_str("```\n\n");
    }
}

/// The Markdown body of one page (no front matter).
fn body(out: &mut String, rng: &mut Rng, lang: Lang, code: Option<bool>) {
    let mut words = paragraph(out, rng, lang);
    let mut h2 = 0;
    let table_after = rng.range(1, 3);
    let code_after = rng.range(1, 3);
    while words < TARGET_WORDS {
        out.push_str("## ");
        words += phrase(out, rng, lang, 2, 6);
        out.push_str("\n\n");
        h2 += 1;
        words += paragraph(out, rng, lang);
        if rng.chance(35) && words < TARGET_WORDS {
            out.push_str("### ");
            words += phrase(out, rng, lang, 2, 5);
            out.push_str("\n\n");
            words += paragraph(out, rng, lang);
        }
        if h2 == table_after {
            words += table(out, rng, lang);
        }
        if h2 == code_after {
            if let Some(rust) = code {
                code_block(out, rng, rust);
            }
        }
        if rng.chance(25) && words < TARGET_WORDS {
            words += list(out, rng, lang);
        }
        if words < TARGET_WORDS {
            words += paragraph(out, rng, lang);
        }
    }
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

// ---------------------------------------------------------------------------
// Writing the sites
// ---------------------------------------------------------------------------

struct Args {
    pages: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    seed: u64,
}

const USAGE: &str = "usage: gen_corpus --pages N --out DIR [--hugo HUGODIR] [--seed S]

  --pages N       total number of pages, both languages together (N/2 each)
  --out DIR       where to write the Sklaida site (created; must be empty or absent)
  --hugo HUGODIR  also write the same pages as a Hugo site there
  --seed S        PRNG seed (default 42); same N and seed give the same corpus";

fn parse_args() -> Result<Args, String> {
    let mut pages = None;
    let mut out = None;
    let mut hugo = None;
    let mut seed = 42u64;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let mut value = || -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--pages" => {
                let v = value()?;
                pages = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("--pages: not a number: {v}"))?,
                );
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            "--seed" => {
                let v = value()?;
                seed = v
                    .parse::<u64>()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            _ => return Err(format!("unknown argument: {arg}")),
        }
    }
    let pages = pages.ok_or("--pages is required")?;
    if pages < 2 {
        return Err("--pages must be at least 2".into());
    }
    let out = out.ok_or("--out is required")?;
    Ok(Args {
        pages,
        out,
        hugo,
        seed,
    })
}

fn ensure_empty_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!("{} exists and is not empty", dir.display()));
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, contents: &str) -> Result<(), String> {
    fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))
}

fn mkdir(path: &Path) -> Result<(), String> {
    fs::create_dir_all(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// YAML double-quoted scalar (our text never has control characters).
fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

const SITE_TOML: &str = r#"base_url = "https://bench.example"
default_language = "lt"

[languages.lt]
title = "Bandymas"
description = "Bandomasis korpusas"

[languages.en]
title = "Benchmark"
description = "Benchmark corpus"
"#;

/// Sklaida compiles every template of the default theme too, and Tera rejects a
/// child template that defines a block its parent lacks: so this `base.html`
/// declares every block the theme's templates use (`title`, `description`,
/// `head`, `body_class`, `content`), even though the corpus needs only two.
const SK_BASE: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ site.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ site.description }}{% endblock description %}">
{% block head %}{% endblock head %}
</head>
<body class="{% block body_class %}bench{% endblock body_class %}">
<nav class="languages"><ul>
{% for l in language_links %}<li>{% if l.current %}<span aria-current="true">{{ l.name }}</span>{% else %}<a href="{{ l.url }}" hreflang="{{ l.code }}">{{ l.name }}</a>{% endif %}</li>
{% endfor %}</ul></nav>
<main>
{% block content %}{% endblock content %}
</main>
</body>
</html>
"#;

const SK_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ site.title }}{% endblock title %}
{% block content %}<article>
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>{% endblock content %}
"#;

const SK_SECTION: &str = r#"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ site.title }}{% endblock title %}
{% block content %}<h1>{{ section.title }}</h1>
<ul>
{% for p in section.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}</ul>{% endblock content %}
"#;

const SK_TAG: &str = r#"{% extends "base.html" %}
{% block title %}{{ tag.name }} · {{ site.title }}{% endblock title %}
{% block content %}<h1>{{ tag.name }}</h1>
<ul>
{% for p in tag.pages %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>
{% endfor %}</ul>{% endblock content %}
"#;

const SK_TAGS: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{% if lang == "lt" %}Žymos{% else %}Tags{% endif %}</h1>
<ul>
{% for t in tags %}<li><a href="{{ t.url }}">{{ t.name }}</a></li>
{% endfor %}</ul>{% endblock content %}
"#;

const SK_404: &str = r#"{% extends "base.html" %}
{% block content %}<h1>404</h1>
<p><a href="{% if lang == site.default_language %}/{% else %}/{{ lang }}/{% endif %}">{{ site.title }}</a></p>{% endblock content %}
"#;

const SK_INDEX: &str = r#"{% extends "base.html" %}
{% block content %}<h1>{{ site.title }}</h1>
<ul>
{% for s in sections %}<li><a href="{{ s.url }}">{{ s.title }}</a></li>
{% endfor %}</ul>{% endblock content %}
"#;

const HUGO_TOML: &str = r#"baseURL = "https://bench.example/"
defaultContentLanguage = "lt"
defaultContentLanguageInSubdir = false
# The same kinds of output Sklaida writes on every build (it has no switch for them):
# pages, section lists, home pages, tag pages and the tag index, sitemap.xml,
# robots.txt and the 404 pages. Not RSS: Sklaida's feeds leave plain pages out, so
# for this corpus it writes only two empty site feeds, while Hugo's RSS would list
# every page in the home, section and tag feeds.
disableKinds = ["RSS"]
enableRobotsTXT = true
# Tag addresses as Sklaida makes them: /zymos/zemes-ukis/, /en/tags/mental-health/.
removePathAccents = true
# Dates run up to mid-2026; never let the clock decide how many pages are built.
buildFuture = true
buildExpired = true
enableGitInfo = false

[languages.lt]
weight = 1
languageName = "Lietuvių"
title = "Bandymas"
contentDir = "content/lt"
[languages.lt.taxonomies]
zyma = "zymos"
[languages.lt.params]
description = "Bandomasis korpusas"

[languages.en]
weight = 2
languageName = "English"
title = "Benchmark"
contentDir = "content/en"
[languages.en.taxonomies]
tag = "tags"
[languages.en.params]
description = "Benchmark corpus"
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title>
</head>
<body>
<nav class="languages"><ul>
{{ $page := . -}}
{{ range .Sites -}}
{{ $lang := .Language.Lang -}}
{{ if eq $lang $page.Language.Lang -}}
<li><span aria-current="true">{{ .Language.LanguageName }}</span></li>
{{ else -}}
{{ $url := .Home.RelPermalink -}}
{{ range $page.Translations }}{{ if eq .Language.Lang $lang }}{{ $url = .RelPermalink }}{{ end }}{{ end -}}
<li><a href="{{ $url }}" hreflang="{{ $lang }}">{{ .Language.LanguageName }}</a></li>
{{ end -}}
{{ end -}}
</ul></nav>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "title" }}{{ .Title }} · {{ .Site.Title }}{{ end }}
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>404</h1>
<p><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>
{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>{{ end }}
"#;

struct Front<'a> {
    title: &'a str,
    date: Option<&'a str>,
    summary: Option<&'a str>,
    tags: &'a [&'a str],
    /// Front matter key of the tags: `tags`, except `zymos` in Hugo's Lithuanian
    /// pages (Hugo names a taxonomy's folder after its key, Sklaida's is `/zymos/`).
    tags_key: &'a str,
    weight: Option<usize>,
    slug: Option<&'a str>,
    translation_key: Option<&'a str>,
}

fn front_matter(out: &mut String, f: &Front) {
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_str(f.title));
    if let Some(d) = f.date {
        let _ = writeln!(out, "date: {d}");
    }
    if let Some(s) = f.slug {
        let _ = writeln!(out, "slug: {s}");
    }
    if let Some(k) = f.translation_key {
        let _ = writeln!(out, "translationKey: {k}");
    }
    if let Some(w) = f.weight {
        let _ = writeln!(out, "weight: {w}");
    }
    if let Some(s) = f.summary {
        let _ = writeln!(out, "summary: {}", yaml_str(s));
    }
    if !f.tags.is_empty() {
        out.push_str(f.tags_key);
        out.push_str(": [");
        for (i, t) in f.tags.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&yaml_str(t));
        }
        out.push_str("]\n");
    }
    out.push_str("---\n\n");
}

fn run(args: Args) -> Result<(), String> {
    let start = Instant::now();
    let per_lang = args.pages / 2;
    let width = per_lang.saturating_sub(1).to_string().len().max(5);
    let sections = SECTIONS.min(per_lang);

    ensure_empty_dir(&args.out)?;
    let sk = &args.out;
    let sk_content = sk.join("content");
    mkdir(&sk.join("templates"))?;
    write(&sk.join("site.toml"), SITE_TOML)?;
    write(&sk.join("templates/base.html"), SK_BASE)?;
    write(&sk.join("templates/page.html"), SK_PAGE)?;
    write(&sk.join("templates/section.html"), SK_SECTION)?;
    write(&sk.join("templates/index.html"), SK_INDEX)?;
    write(&sk.join("templates/tag.html"), SK_TAG)?;
    write(&sk.join("templates/tags.html"), SK_TAGS)?;
    write(&sk.join("templates/404.html"), SK_404)?;

    let hugo = args.hugo.as_deref();
    if let Some(h) = hugo {
        ensure_empty_dir(h)?;
        mkdir(&h.join("layouts/_default"))?;
        write(&h.join("hugo.toml"), HUGO_TOML)?;
        write(&h.join("layouts/_default/baseof.html"), HUGO_BASEOF)?;
        write(&h.join("layouts/_default/single.html"), HUGO_SINGLE)?;
        write(&h.join("layouts/_default/list.html"), HUGO_LIST)?;
        write(&h.join("layouts/_default/index.html"), HUGO_INDEX)?;
        write(&h.join("layouts/404.html"), HUGO_404)?;
    }

    let mut buf = String::with_capacity(16 * 1024);
    let mut text = String::with_capacity(16 * 1024);

    // Home pages.
    let mut rng = Rng::new(args.seed, u64::MAX);
    for (lang, title, sk_name, hugo_dir) in [
        (Lang::Lt, "Bandymas", "_index.md", "lt"),
        (Lang::En, "Benchmark", "_index.en.md", "en"),
    ] {
        text.clear();
        paragraph(&mut text, &mut rng, lang);
        let f = Front {
            title,
            date: None,
            summary: None,
            tags: &[],
            tags_key: "tags",
            weight: None,
            slug: None,
            translation_key: None,
        };
        buf.clear();
        front_matter(&mut buf, &f);
        buf.push_str(&text);
        mkdir(&sk_content)?;
        write(&sk_content.join(sk_name), &buf)?;
        if let Some(h) = hugo {
            let dir = h.join("content").join(hugo_dir);
            mkdir(&dir)?;
            write(&dir.join("_index.md"), &buf)?;
        }
    }

    // Sections.
    let mut sk_dirs = Vec::with_capacity(sections);
    let mut hugo_dirs = Vec::with_capacity(sections);
    for s in 0..sections {
        let (lt_title, en_title) = SECTION_TITLES[s % SECTION_TITLES.len()];
        let lt_dir = format!("skyrius-{s:02}");
        let en_dir = format!("section-{s:02}");
        let key = format!("s{s:02}");
        let d = sk_content.join(&lt_dir);
        mkdir(&d)?;
        let mut rng = Rng::new(args.seed, u64::MAX - 1 - s as u64);
        for lang in [Lang::Lt, Lang::En] {
            text.clear();
            paragraph(&mut text, &mut rng, lang);
            let title = if lang == Lang::Lt { lt_title } else { en_title };
            let mut f = Front {
                title,
                date: None,
                summary: None,
                tags: &[],
                tags_key: "tags",
                weight: Some(s + 1),
                slug: None,
                translation_key: None,
            };
            if lang == Lang::En {
                f.slug = Some(&en_dir);
            }
            buf.clear();
            front_matter(&mut buf, &f);
            buf.push_str(&text);
            let name = if lang == Lang::Lt {
                "_index.md"
            } else {
                "_index.en.md"
            };
            write(&d.join(name), &buf)?;
            if let Some(h) = hugo {
                f.slug = None;
                f.translation_key = Some(&key);
                buf.clear();
                front_matter(&mut buf, &f);
                buf.push_str(&text);
                let hd = if lang == Lang::Lt {
                    h.join("content/lt").join(&lt_dir)
                } else {
                    h.join("content/en").join(&en_dir)
                };
                mkdir(&hd)?;
                write(&hd.join("_index.md"), &buf)?;
                if lang == Lang::Lt {
                    hugo_dirs.push((hd, h.join("content/en").join(&en_dir)));
                }
            }
        }
        sk_dirs.push(d);
    }

    // Pages.
    let first_day = days_from_civil(2020, 1, 1);
    let last_day = days_from_civil(2026, 6, 30);
    let mut bytes = 0usize;
    let mut code_pages = 0usize;
    for i in 0..per_lang {
        let s = i * sections / per_lang;
        let num = format!("{i:0width$}");
        let key = format!("p{num}");
        let en_slug = format!("page-{num}");

        // Shared by both translations: date, tags, whether (and which) code block.
        let mut meta = Rng::new(args.seed, i as u64);
        let (y, m, d) =
            civil_from_days(first_day + meta.below((last_day - first_day + 1) as usize) as i64);
        let date = format!("{y:04}-{m:02}-{d:02}");
        let mut tag_idx = Vec::with_capacity(3);
        let ntags = meta.range(2, 3);
        while tag_idx.len() < ntags {
            let t = meta.below(TAGS.len());
            if !tag_idx.contains(&t) {
                tag_idx.push(t);
            }
        }
        let code = if i % 10 == 0 {
            code_pages += 1;
            Some((i / 10) % 2 == 0)
        } else {
            None
        };

        for lang in [Lang::Lt, Lang::En] {
            let mut rng = Rng::new(
                args.seed ^ if lang == Lang::Lt { 0x4C54 } else { 0x454E },
                i as u64,
            );
            let mut title = String::new();
            phrase(&mut title, &mut rng, lang, 3, 7);
            let mut summary = String::new();
            sentence(&mut summary, &mut rng, lang);
            let summary = summary.replace(['*', '`'], "");
            text.clear();
            body(&mut text, &mut rng, lang, code);
            let tags: Vec<&str> = tag_idx
                .iter()
                .map(|&t| {
                    if lang == Lang::Lt {
                        TAGS[t].0
                    } else {
                        TAGS[t].1
                    }
                })
                .collect();
            let mut f = Front {
                title: &title,
                date: Some(&date),
                summary: Some(&summary),
                tags: &tags,
                tags_key: "tags",
                weight: None,
                slug: None,
                translation_key: None,
            };
            if lang == Lang::En {
                f.slug = Some(&en_slug);
            }
            buf.clear();
            front_matter(&mut buf, &f);
            buf.push_str(&text);
            bytes += buf.len();
            let name = if lang == Lang::Lt {
                format!("puslapis-{num}.md")
            } else {
                format!("puslapis-{num}.en.md")
            };
            write(&sk_dirs[s].join(name), &buf)?;

            if hugo.is_some() {
                f.slug = None;
                f.translation_key = Some(&key);
                if lang == Lang::Lt {
                    f.tags_key = "zymos";
                }
                buf.clear();
                front_matter(&mut buf, &f);
                buf.push_str(&text);
                let (lt_dir, en_dir) = &hugo_dirs[s];
                let path = if lang == Lang::Lt {
                    lt_dir.join(format!("puslapis-{num}.md"))
                } else {
                    en_dir.join(format!("page-{num}.md"))
                };
                write(&path, &buf)?;
            }
        }
    }

    eprintln!(
        "gen_corpus: {} pages ({} lt + {} en) in {} sections, {} with code, {:.1} MiB of Markdown -> {}{} in {:.2?}",
        per_lang * 2,
        per_lang,
        per_lang,
        sections,
        code_pages * 2,
        bytes as f64 / (1024.0 * 1024.0),
        args.out.display(),
        hugo.map(|h| format!(" and {} (Hugo)", h.display())).unwrap_or_default(),
        start.elapsed()
    );
    if args.pages % 2 == 1 {
        eprintln!(
            "gen_corpus: note: --pages {} is odd; wrote {}",
            args.pages,
            per_lang * 2
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            if e.contains("required") || e.starts_with("unknown") || e.contains("needs a value") {
                eprintln!("{USAGE}");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for z in [-1000, 0, 18262, 20000, 20634] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn bodies_are_about_800_words() {
        for i in 0..50 {
            let mut rng = Rng::new(42, i);
            let mut s = String::new();
            body(&mut s, &mut rng, Lang::Lt, None);
            let words = s.split_whitespace().count();
            assert!((750..1000).contains(&words), "{words}");
        }
    }
}
