//! `sklaida init` and `sklaida new`: writing a new site, and a new content file with
//! its type's front matter skeleton. They never overwrite an existing file.

use std::fs;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{slug::slugify, ContentType};
use crate::error::{Diagnostic, Errors};

const SITE_TOML: &str = r#"# The site's settings: see docs/content.md.
base_url = "https://example.lt"
default_language = "lt"
timezone = "Europe/Vilnius"

[languages.lt]
title = "Mūsų kampanija"
description = "Visuomenės sveikatos kampanijos svetainė"

[languages.en]
title = "Our campaign"
description = "A public health campaign website"

# The header lists the top-level sections. To choose its links yourself, add
# [[menu.main]] entries, each one of `page = "kontaktai.md"`, `section = "renginiai"`
# or `url = "https://…"` with `name`. The footer links the privacy notice and the
# accessibility statement by themselves; add others with [[menu.footer]].
[[menu.footer]]
page = "kontaktai.md"
"#;

const FILES: &[(&str, &str)] = &[
    ("site.toml", SITE_TOML),
    (
        ".gitignore",
        "# What `sklaida build` and `serve` make: not the site's source.\n/public/\n.sklaida-cache/\n.*.sklaida-*\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Pradžia\nsummary: Kam skirta kampanija ir ką jūs galite padaryti – vienu sakiniu.\n# Mygtukai po pavadinimu: `page` – turinio failas, `url` – adresas.\nactions:\n  - label: Susisiekite su mumis\n    page: kontaktai.md\n---\nSveiki! Čia – mūsų kampanijos svetainė.\n",
    ),
    (
        "content/_index.en.md",
        "---\ntitle: Home\nsummary: Who the campaign is for and what you can do, in one sentence.\n# Buttons below the title: `page` is a content file, `url` an address.\nactions:\n  - label: Contact us\n    page: kontaktai.md\n---\nWelcome! This is our campaign's website.\n",
    ),
    (
        "content/straipsniai/_index.md",
        "---\ntitle: Straipsniai\ntype: article\nweight: 1\n---\n",
    ),
    (
        "content/straipsniai/_index.en.md",
        "---\ntitle: Articles\nslug: articles\n---\n",
    ),
    (
        "content/renginiai/_index.md",
        "---\ntitle: Renginiai\ntype: event\nweight: 2\n---\n",
    ),
    (
        "content/renginiai/_index.en.md",
        "---\ntitle: Events\nslug: events\n---\n",
    ),
    (
        "content/plakatai/_index.md",
        "---\ntitle: Plakatai\ntype: poster\nweight: 3\n---\n",
    ),
    (
        "content/plakatai/_index.en.md",
        "---\ntitle: Posters\nslug: posters\n---\n",
    ),
    (
        "content/naujienlaiskiai/_index.md",
        "---\ntitle: Naujienlaiškiai\ntype: newsletter\nweight: 4\n---\n",
    ),
    (
        "content/naujienlaiskiai/_index.en.md",
        "---\ntitle: Newsletters\nslug: newsletters\n---\n",
    ),
    (
        "content/istorijos/_index.md",
        "---\ntitle: Istorijos\ntype: story\nweight: 5\n---\n",
    ),
    (
        "content/istorijos/_index.en.md",
        "---\ntitle: Stories\nslug: stories\n---\n",
    ),
    // The contact page (the home page's button) and the pages every footer links to by
    // their `role` (docs/content.md, "Menus").
    (
        "content/kontaktai.md",
        "---\ntitle: Kontaktai\nweight: 6\n---\nKaip su mumis susisiekti: telefonas, el. paštas, adresas ir darbo laikas.\n",
    ),
    (
        "content/kontaktai.en.md",
        "---\ntitle: Contact\nslug: contact\nweight: 6\n---\nHow to reach us: phone, email, address and opening hours.\n",
    ),
    (
        "content/privatumas.md",
        "---\ntitle: Privatumo pranešimas\nrole: privacy\n---\nKokių duomenų apie lankytojus renkame (geriausia – jokių), kodėl ir kaip su mumis susisiekti.\n",
    ),
    (
        "content/privatumas.en.md",
        "---\ntitle: Privacy notice\nslug: privacy\nrole: privacy\n---\nWhat we collect about visitors (best: nothing), why, and how to contact us.\n",
    ),
    (
        "content/prieinamumas.md",
        "---\ntitle: Pareiškimas dėl prieinamumo\nrole: accessibility\n---\nKiek svetainė atitinka prieinamumo reikalavimus, kas dar neprieinama ir kaip pranešti apie kliūtį.\n",
    ),
    (
        "content/prieinamumas.en.md",
        "---\ntitle: Accessibility statement\nslug: accessibility\nrole: accessibility\n---\nHow far this website meets accessibility requirements, what is not yet accessible and how to report a barrier.\n",
    ),
];

/// Creates a new site in `dir` (which may exist but must not hold a `site.toml`).
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Errors> {
    if dir.join("site.toml").exists() {
        return Err(Errors::one(Diagnostic::error(
            dir.join("site.toml"),
            "there is already a site here; init never overwrites files",
        )));
    }
    // All or nothing: refuse before writing anything if any file is in the way.
    if let Some((rel, _)) = FILES.iter().find(|(rel, _)| dir.join(rel).exists()) {
        return Err(Errors::one(Diagnostic::error(
            dir.join(rel),
            "already exists; init writes a new site only where none of its files are",
        )));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new content file of `kind` titled `title` in `lang` (default: the site's
/// default language) into the section of that type, and returns its path.
pub fn new_content(
    root: &Path,
    kind: &str,
    title: &str,
    lang: Option<&str>,
    today: jiff::civil::Date,
) -> Result<PathBuf, Errors> {
    let config = Config::load(root).map_err(Errors)?;
    let content_type = content_type(kind)?;
    let title = checked_title(title)?;
    let lang = lang.unwrap_or(&config.default_language);
    if config.language(lang).is_none() {
        return Err(Errors::one(Diagnostic::error(
            "site.toml",
            format!("the site has no language {lang:?}"),
        )));
    }
    let folder = match section_folder(root, content_type) {
        Some(folder) => folder,
        None => {
            // No section of this type yet: make one, so the new page is typed.
            let folder = PathBuf::from(content_type.folder_name());
            let index = root.join("content").join(&folder).join("_index.md");
            let title = content_type.folder_name();
            let mut title = title.to_string();
            title[..1].make_ascii_uppercase();
            write_new(
                &index,
                &format!("---\ntitle: {title}\ntype: {}\n---\n", content_type.name()),
            )?;
            folder
        }
    };
    let slug = file_slug(title);
    let stem = if content_type.is_dated() {
        format!("{today}-{slug}")
    } else {
        slug.clone()
    };
    let suffix = if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    };
    // Posters are bundles: their image file goes beside `index.md`.
    let dir = root.join("content").join(&folder);
    let path = if content_type == ContentType::Poster {
        dir.join(&stem).join(format!("index{suffix}.md"))
    } else {
        dir.join(format!("{stem}{suffix}.md"))
    };
    write_new(&path, &skeleton(content_type, title, today))?;
    Ok(path)
}

fn content_type(kind: &str) -> Result<ContentType, Errors> {
    ContentType::from_name(kind).ok_or_else(|| {
        Errors::one(Diagnostic::error(
            "sklaida new",
            format!(
                "unknown type {kind:?}; use one of page, article, event, poster, newsletter, story"
            ),
        ))
    })
}

/// Writes the `lang` version (default: the first other language of the site) of the
/// existing content file `of`, beside it under the same name with the language suffix
/// (`seminaras.md` → `seminaras.en.md`), so that the two pair; a `translation_key` of
/// `of` is copied. Returns the path written.
pub fn new_translation(
    root: &Path,
    of: &Path,
    kind: &str,
    title: &str,
    lang: Option<&str>,
    today: jiff::civil::Date,
) -> Result<PathBuf, Errors> {
    let config = Config::load(root).map_err(Errors)?;
    let content_type = content_type(kind)?;
    let title = checked_title(title)?;
    let refuse = |message: String| Errors::one(Diagnostic::error(of, message));
    let existing = if of.is_file() {
        of.to_path_buf()
    } else {
        root.join(of)
    };
    let name = existing
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".md"))
        .filter(|_| existing.is_file())
        .ok_or_else(|| {
            refuse("--translation-of names no Markdown file (`….md`) of the site".to_string())
        })?;
    let (base, its_lang) = match name.rsplit_once('.') {
        Some((base, suffix)) if config.language(suffix).is_some() => (base, suffix),
        _ => (name, config.default_language.as_str()),
    };
    let lang = match lang {
        Some(l) => l,
        None => config
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .find(|l| *l != its_lang)
            .ok_or_else(|| {
                refuse("the site has one language: there is nothing to translate into".to_string())
            })?,
    };
    if config.language(lang).is_none() || lang == its_lang {
        return Err(refuse(format!(
            "cannot make a {lang:?} translation of a {its_lang:?} file; name another of the site's languages with --lang"
        )));
    }
    let suffix = if lang == config.default_language {
        String::new()
    } else {
        format!(".{lang}")
    };
    let path = existing.with_file_name(format!("{base}{suffix}.md"));
    let text = crate::content::read_text(Path::new(""), &existing).map_err(Errors::one)?;
    let key = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find(|l| l.starts_with("translation_key:"));
    let mut skeleton = skeleton(content_type, title, today);
    if let Some(key) = key {
        skeleton = skeleton.replacen("\n", &format!("\n{key}\n"), 1);
    }
    write_new(&path, &skeleton)?;
    Ok(path)
}

/// The folder of the section whose pages have this type, if there is one.
fn section_folder(root: &Path, t: ContentType) -> Option<PathBuf> {
    if t == ContentType::Page {
        return Some(PathBuf::new());
    }
    let content = root.join("content");
    let found = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "_index.md")
        .find_map(|e| {
            let rel = e.path().strip_prefix(&content).ok()?;
            let text = crate::content::read_text(&content, rel).ok()?;
            let dir = e.path().parent()?;
            let folder_name = dir.file_name()?.to_str()?;
            let declared = text
                .lines()
                .find_map(|l| l.strip_prefix("type:"))
                .and_then(|v| ContentType::from_name(v.trim().trim_matches('"')));
            let matches = declared == Some(t)
                || (declared.is_none() && ContentType::from_folder(folder_name) == Some(t));
            matches.then(|| dir.strip_prefix(&content).ok().map(Path::to_path_buf))?
        });
    found
}

fn skeleton(t: ContentType, title: &str, today: jiff::civil::Date) -> String {
    let title = yaml_string(title);
    let body = match t {
        ContentType::Page => format!("title: {title}\nsummary: \"\"\n"),
        ContentType::Article => format!(
            "title: {title}\ndate: {today}\nsummary: \"\"\nauthor: \"\"\ntags: []\n# source: {{ name: \"\", url: \"https://\" }}   # for a reprint from the regional press\n"
        ),
        ContentType::Event => format!(
            "title: {title}\nstart: {today}T10:00\nend: {today}T12:00\nsummary: \"\"\nlocation:\n  name: \"\"\n  address: \"\"\n# online_url: \"https://\"\n# registration_url: \"https://\"\nstatus: scheduled\n# participants: 0   # fill in after the event\n"
        ),
        ContentType::Poster => format!(
            "title: {title}\nimage: poster.svg\nimage_alt: \"\"\nsize: A3\n# pdf: poster.pdf\n"
        ),
        ContentType::Newsletter => format!("title: {title}\ndate: {today}\nnumber: 1\nsummary: \"\"\n"),
        ContentType::Story => format!(
            "title: {title}\ndate: {today}\n# A story is published only with the person's written consent:\nconsent: false\nambassador:\n  name: \"\"\n  role: \"\"\n  # photo: photo.jpg\n  # photo_alt: \"\"\n# anonymous: true   # instead of ambassador\ncontent_warning: \"\"\n"
        ),
    };
    format!("---\n{body}---\n\n")
}

/// A title as YAML, written by the serializer so that it reads back exactly whatever
/// it holds (`: `, `#`, quotes, a leading `-` or `&`).
fn yaml_string(s: &str) -> String {
    yaml_serde::to_string(s).map_or_else(
        |_| format!("{s:?}"),
        |yaml| yaml.trim_end_matches('\n').to_string(),
    )
}

/// The title without surrounding spaces; a title is one line of text.
fn checked_title(title: &str) -> Result<&str, Errors> {
    let refuse = |message: String| Err(Errors::one(Diagnostic::error("sklaida new", message)));
    let trimmed = title.trim();
    if trimmed.is_empty() {
        return refuse(
            "the title is empty; write it in quotes: sklaida new article \"Rudens naujienos\""
                .into(),
        );
    }
    if let Some(c) = trimmed
        .chars()
        .find(|&c| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
    {
        return refuse(format!(
            "the title {title:?} has a line break or another control character (U+{:04X}); a title is one line of text",
            u32::from(c)
        ));
    }
    Ok(trimmed)
}

/// The file name part made from the title: its slug (ASCII), at most [`MAX_SLUG`]
/// characters, cut at a word.
fn file_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    let cut = &slug[..MAX_SLUG];
    let cut = cut.rsplit_once('-').map_or(cut, |(a, _)| a);
    cut.trim_end_matches('-').to_string()
}

/// The longest slug `new` names a file after (file systems allow 255 bytes).
const MAX_SLUG: usize = 80;

fn write_new(path: &Path, text: &str) -> Result<(), Errors> {
    if path.exists() {
        return Err(Errors::one(Diagnostic::error(
            path,
            "already exists; choose another title or remove the file first",
        )));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Errors::one(Diagnostic::io(parent, &e)))?;
    }
    fs::write(path, text).map_err(|e| Errors::one(Diagnostic::io(path, &e)))
}
