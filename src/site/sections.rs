//! Step 2 of [`Site::build`](super::Site::build): the sections, each language's home
//! page first, and the folder addresses that pages and copied files share.

use std::collections::HashMap;

use super::Section;
use crate::config::Config;
use crate::content::{ancestors, join_rel, slug, split_rel, SectionFile, SectionId};

/// (language, content-relative folder) → its section.
pub(super) type ByFolder = HashMap<(String, String), SectionId>;

/// Works out folder URLs from the sections' per-language slugs.
pub(super) struct Folders<'a> {
    config: &'a Config,
    section_files: HashMap<(&'a str, &'a str), &'a SectionFile>,
}

impl<'a> Folders<'a> {
    pub(super) fn new(config: &'a Config, files: &'a [SectionFile]) -> Folders<'a> {
        Folders {
            config,
            section_files: files
                .iter()
                .map(|s| ((s.lang.as_str(), s.folder.as_str()), s))
                .collect(),
        }
    }

    /// `/renginiai/`, `/en/events/`: each folder's slug in `lang`, else its slugified name.
    pub(super) fn folder_url(&self, lang: &str, folder: &str) -> String {
        let mut url = self.config.language_root(lang);
        if folder.is_empty() {
            return url;
        }
        let mut prefix = String::new();
        for part in folder.split('/') {
            prefix = join_rel(&prefix, part);
            let own = self
                .section_files
                .get(&(lang, prefix.as_str()))
                .and_then(|s| s.slug.clone());
            url.push_str(&own.unwrap_or_else(|| slug::slugify(part)));
            url.push('/');
        }
        url
    }
}

/// The nearest section at or above `folder` in `lang`; the home page at the top.
pub(super) fn section_for(by_folder: &ByFolder, lang: &str, folder: &str) -> SectionId {
    ancestors(folder)
        .find_map(|d| by_folder.get(&(lang.to_string(), d.to_string())).copied())
        .unwrap_or(0)
}

/// Every section, home pages first (one per language, in the site's order, made up
/// when `_index.md` is missing), then parents before children; each knows its parent
/// and its subsections (not yet sorted).
pub(super) fn build_sections(
    config: &Config,
    files: &[SectionFile],
    folders: &Folders,
) -> (Vec<Section>, ByFolder) {
    let mut sections: Vec<Section> = Vec::new();
    let mut by_folder = ByFolder::new();
    for lang in &config.languages {
        let file = folders
            .section_files
            .get(&(lang.code.as_str(), ""))
            .copied();
        let id = sections.len();
        sections.push(Section {
            file: file.cloned(),
            lang: lang.code.clone(),
            folder: String::new(),
            title: file.map_or_else(|| lang.title.clone(), |f| f.title.clone()),
            url: config.language_root(&lang.code),
            content_type: None,
            weight: 0,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        by_folder.insert((lang.code.clone(), String::new()), id);
    }
    let mut sorted_files: Vec<&SectionFile> =
        files.iter().filter(|s| !s.folder.is_empty()).collect();
    // Parents before children.
    sorted_files.sort_by(|a, b| {
        (a.folder.matches('/').count(), &a.folder).cmp(&(b.folder.matches('/').count(), &b.folder))
    });
    for file in sorted_files {
        let id = sections.len();
        let parent = section_for(&by_folder, &file.lang, split_rel(&file.folder).0);
        sections.push(Section {
            file: Some(file.clone()),
            lang: file.lang.clone(),
            folder: file.folder.clone(),
            title: file.title.clone(),
            url: folders.folder_url(&file.lang, &file.folder),
            content_type: file.content_type,
            weight: file.weight,
            parent: Some(parent),
            pages: Vec::new(),
            subsections: Vec::new(),
        });
        by_folder.insert((file.lang.clone(), file.folder.clone()), id);
        sections[parent].subsections.push(id);
    }
    (sections, by_folder)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{config, section};
    use super::*;

    #[test]
    fn homes_come_first_then_parents_before_children_with_their_own_slugs() {
        let config = config();
        let files = vec![
            section("renginiai/seni", "lt", "title: Seni"),
            section("renginiai", "en", "title: Events\nslug: events"),
            section("renginiai", "lt", "title: Renginiai"),
        ];
        let folders = Folders::new(&config, &files);
        let (sections, by_folder) = build_sections(&config, &files, &folders);
        let urls: Vec<_> = sections.iter().map(|s| s.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/",
                "/en/",
                "/en/events/",
                "/renginiai/",
                "/renginiai/seni/"
            ]
        );
        assert_eq!(
            sections[0].title, "Svetainė",
            "a missing home page takes the language's title"
        );
        assert_eq!(sections[4].parent, Some(3));
        assert_eq!(sections[0].subsections, [3]);
        assert_eq!(sections[1].subsections, [2]);
        // A page in a folder without its own section belongs to the nearest one above.
        assert_eq!(section_for(&by_folder, "lt", "renginiai/seni/x"), 4);
        assert_eq!(section_for(&by_folder, "en", "renginiai/seni"), 2);
        assert_eq!(section_for(&by_folder, "en", "kita"), 1);
        // A folder without a section in a language is its name, slugified.
        assert_eq!(
            folders.folder_url("en", "renginiai/Seni Metai"),
            "/en/events/seni-metai/"
        );
    }
}
