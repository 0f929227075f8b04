//! Step 4 of [`Site::build`](super::Site::build): translations paired. Pages share a
//! translation key (their path without the language suffix, or `translation_key`);
//! sections share their folder.

use std::collections::HashMap;

use super::{Section, SitePage};
use crate::config::Config;
use crate::content::{PageId, SectionId};
use crate::error::Diagnostic;

/// Translation key → its pages, default language first. Errors: two pages claiming the
/// same language of one key (the later is left out), and a `translation_key` that no
/// loaded page in another language has (`loaded_keys`, drafts included).
pub(super) fn pair_pages(
    config: &Config,
    pages: &[SitePage],
    loaded_keys: &HashMap<String, Vec<String>>,
) -> (HashMap<String, Vec<PageId>>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut translations: HashMap<String, Vec<PageId>> = HashMap::new();
    for (id, p) in pages.iter().enumerate() {
        let group = translations
            .entry(p.page.translation_key.clone())
            .or_default();
        if let Some(&other) = group.iter().find(|&&o| pages[o].page.lang == p.page.lang) {
            // `apie.md` beside `apie/index.md`: one address, reported there.
            if pages[other].url == p.url {
                continue;
            }
            diagnostics.push(
                Diagnostic::error(
                    &p.page.source,
                    format!(
                        "{} and this file both claim to be the {} version of translation {:?}; give one of them another `translation_key`",
                        pages[other].page.source.display(),
                        p.page.lang,
                        p.page.translation_key
                    ),
                )
                .field("translation_key")
                .at_line(p.page.line_of("translation_key")),
            );
            continue;
        }
        group.push(id);
    }
    for group in translations.values_mut() {
        group.sort_by_key(|&id| language_rank(config, &pages[id].page.lang));
    }
    for p in pages {
        let partner_exists = loaded_keys
            .get(&p.page.translation_key)
            .is_some_and(|langs| langs.iter().any(|l| *l != p.page.lang));
        if p.page.explicit_translation_key && !partner_exists {
            diagnostics.push(
                Diagnostic::error(
                    &p.page.source,
                    format!(
                        "translation_key {:?} points at nothing: no page in another language has it",
                        p.page.translation_key
                    ),
                )
                .field("translation_key")
                .at_line(p.page.line_of("translation_key")),
            );
        }
    }
    (translations, diagnostics)
}

/// Section folder → the section in each language.
pub(super) fn pair_sections(sections: &[Section]) -> HashMap<String, Vec<SectionId>> {
    let mut groups: HashMap<String, Vec<SectionId>> = HashMap::new();
    for (id, s) in sections.iter().enumerate() {
        groups.entry(s.folder.clone()).or_default().push(id);
    }
    groups
}

fn language_rank(config: &Config, lang: &str) -> usize {
    config
        .languages
        .iter()
        .position(|l| l.code == lang)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{config, page};
    use super::*;

    fn placed(pages: Vec<crate::content::Page>) -> Vec<SitePage> {
        pages
            .into_iter()
            .map(|page| SitePage {
                // Each at its own address, as its file names it.
                url: format!("/{}/{}/", page.lang, page.source.display()),
                page,
                section: 0,
            })
            .collect()
    }

    #[test]
    fn translations_pair_default_language_first_and_clashes_are_errors() {
        let pages = placed(vec![
            page("a", "en", "title: A"),
            page("a", "lt", "title: A"),
            page("b", "lt", "title: B\ntranslation_key: a"),
            page("c", "lt", "title: C\ntranslation_key: niekur"),
        ]);
        let loaded = super::super::publish::loaded_keys(
            &pages.iter().map(|p| p.page.clone()).collect::<Vec<_>>(),
            &Default::default(),
        );
        let (groups, ds) = pair_pages(&config(), &pages, &loaded);
        assert_eq!(groups["a"], [1, 0], "lt, the default language, first");
        assert_eq!(ds.len(), 2, "{ds:?}");
        assert_eq!(ds[0].path, std::path::PathBuf::from("content/b.md"));
        assert!(
            ds[0]
                .message
                .contains("content/a.md and this file both claim"),
            "{ds:?}"
        );
        assert_eq!(ds[0].line, Some(3));
        assert_eq!(ds[1].path, std::path::PathBuf::from("content/c.md"));
        assert!(ds[1].message.contains("points at nothing"), "{ds:?}");
    }

    #[test]
    fn two_files_at_one_address_are_not_also_a_translation_clash() {
        let mut pages = placed(vec![
            page("apie", "lt", "title: Apie"),
            page("apie", "lt", "title: Apie"),
        ]);
        pages[1].page.source = "content/apie/index.md".into();
        pages[1].url = pages[0].url.clone();
        let loaded = super::super::publish::loaded_keys(
            &pages.iter().map(|p| p.page.clone()).collect::<Vec<_>>(),
            &Default::default(),
        );
        let (groups, ds) = pair_pages(&config(), &pages, &loaded);
        assert_eq!(groups["apie"], [0]);
        assert!(ds.is_empty(), "reported as one address: {ds:?}");
    }

    #[test]
    fn sections_pair_by_folder() {
        let config = config();
        let files = vec![
            super::super::testing::section("renginiai", "en", "title: Events"),
            super::super::testing::section("renginiai", "lt", "title: Renginiai"),
        ];
        let folders = super::super::sections::Folders::new(&config, &files);
        let (sections, _) = super::super::sections::build_sections(&config, &files, &folders);
        let groups = pair_sections(&sections);
        assert_eq!(groups[""], [0, 1]);
        assert_eq!(groups["renginiai"], [2, 3]);
    }
}
