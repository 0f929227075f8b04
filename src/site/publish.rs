//! Step 1 of [`Site::build`](super::Site::build): what is published. A story without
//! consent never is; drafts and pages dated in the future are only with `--drafts`.

use std::collections::HashMap;

use super::Publish;
use crate::content::{BrokenFiles, Page, SectionFile, TypeFields};
use crate::error::Diagnostic;

/// Every loaded page's translation key and language, published or not, so that a
/// translation that is only a draft still counts as existing; and every page file that
/// did not load (its own error says why), so that its translations are not also wrong.
pub(super) fn loaded_keys(pages: &[Page], broken: &BrokenFiles) -> HashMap<String, Vec<String>> {
    let mut keys: HashMap<String, Vec<String>> = HashMap::new();
    for p in pages {
        keys.entry(p.translation_key.clone())
            .or_default()
            .push(p.lang.clone());
    }
    for b in broken.0.iter().filter(|b| !b.section) {
        keys.entry(b.key.clone()).or_default().push(b.lang.clone());
    }
    keys
}

/// The pages to publish, in loading order, and a warning for each story left out for
/// want of consent.
pub(super) fn published_pages(pages: Vec<Page>, publish: Publish) -> (Vec<Page>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut published = Vec::with_capacity(pages.len());
    for page in pages {
        if let TypeFields::Story { consent: false, .. } = page.fields {
            diagnostics.push(
                Diagnostic::warning(
                    &page.source,
                    "not published: a story needs `consent: true` from the person it is about",
                )
                .field("consent"),
            );
            continue;
        }
        if !publish.drafts {
            if page.draft {
                continue;
            }
            if page.date.is_some_and(|d| d.datetime() > publish.now) {
                continue;
            }
        }
        published.push(page);
    }
    (published, diagnostics)
}

/// The sections to publish: draft sections only with `--drafts`.
pub(super) fn published_sections(files: Vec<SectionFile>, publish: Publish) -> Vec<SectionFile> {
    files
        .into_iter()
        .filter(|s| publish.drafts || !s.draft)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::{page, section};
    use super::*;

    fn at(drafts: bool) -> Publish {
        Publish {
            drafts,
            now: jiff::civil::date(2026, 6, 1).at(12, 0, 0, 0),
        }
    }

    #[test]
    fn drafts_and_future_pages_wait_and_stories_need_consent() {
        let pages = vec![
            page("a", "lt", "title: A\ndate: 2026-05-01"),
            page("b", "lt", "title: B\ndraft: true"),
            page("c", "lt", "title: C\ndate: 2026-07-01"),
            page(
                "d",
                "lt",
                "title: D\ntype: story\ndate: 2026-05-02\nanonymous: true\nconsent: false",
            ),
        ];
        let (published, ds) = published_pages(pages.clone(), at(false));
        let titles: Vec<_> = published.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["A"]);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(ds[0].message.contains("consent: true"), "{ds:?}");
        assert_eq!(ds[0].path, std::path::PathBuf::from("content/d.md"));

        let (published, _) = published_pages(pages, at(true));
        let titles: Vec<_> = published.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            ["A", "B", "C"],
            "the story waits for consent even so"
        );
    }

    #[test]
    fn draft_sections_wait_for_drafts_and_draft_pages_still_count_as_translations() {
        let files = vec![
            section("a", "lt", "title: A"),
            section("b", "lt", "title: B\ndraft: true"),
        ];
        let kept = published_sections(files.clone(), at(false));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].folder, "a");
        assert_eq!(published_sections(files, at(true)).len(), 2);

        let broken = BrokenFiles(vec![crate::content::Broken {
            rel: "x.de.md".to_string(),
            lang: "de".to_string(),
            key: "x".to_string(),
            section: false,
        }]);
        let keys = loaded_keys(
            &[
                page("x", "lt", "title: X"),
                page("x", "en", "title: X\ndraft: true"),
            ],
            &broken,
        );
        assert_eq!(
            keys["x"],
            ["lt", "en", "de"],
            "a file that did not load counts"
        );
    }
}
