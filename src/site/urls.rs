//! Steps 3, 6 and 8 of [`Site::build`](super::Site::build): every page's address, the
//! check that no two pages or sections share one, and the index of `.md` sources that
//! Markdown links are resolved through.

use std::collections::HashMap;

use super::sections::{section_for, ByFolder, Folders};
use super::{content_rel, Owner, Section, SitePage};
use crate::content::Page;
use crate::error::Diagnostic;

/// Each published page with its address (its folder's address and its slug) and the
/// section that lists it.
pub(super) fn place_pages(
    published: Vec<Page>,
    folders: &Folders,
    by_folder: &ByFolder,
) -> Vec<SitePage> {
    published
        .into_iter()
        .map(|page| {
            let url = format!(
                "{}{}/",
                folders.folder_url(&page.lang, &page.folder),
                page.slug
            );
            let section = section_for(by_folder, &page.lang, &page.folder);
            SitePage { page, url, section }
        })
        .collect()
}

/// (file, line of `field`) of a page or section, for diagnostics.
pub(super) fn place(
    pages: &[SitePage],
    sections: &[Section],
    owner: Owner,
    field: &str,
) -> (String, usize) {
    match owner {
        Owner::Page(id) => (
            pages[id].page.source.display().to_string(),
            pages[id].page.line_of(field),
        ),
        Owner::Section(id) => sections[id].file.as_ref().map_or_else(
            || ("a home page".to_string(), 1),
            |f| (f.source.display().to_string(), f.line_of(field)),
        ),
    }
}

/// Address → its page or section; an error at the `slug` of each page or section that
/// wants an address already taken (sections first, then pages).
pub(super) fn unique_urls(
    pages: &[SitePage],
    sections: &[Section],
) -> (HashMap<String, Owner>, Vec<Diagnostic>) {
    let mut urls: HashMap<String, Owner> = HashMap::new();
    let mut diagnostics = Vec::new();
    let owners = (0..sections.len())
        .map(|id| (sections[id].url.as_str(), Owner::Section(id)))
        .chain((0..pages.len()).map(|id| (pages[id].url.as_str(), Owner::Page(id))));
    for (url, owner) in owners {
        if let Some(prev) = urls.insert(url.to_string(), owner) {
            let (path, line) = place(pages, sections, owner, "slug");
            let (prev_path, prev_line) = place(pages, sections, prev, "slug");
            diagnostics.push(
                Diagnostic::error(
                    &path,
                    format!(
                        "{url}, which this file's {} makes, is also the address of {}; change one `slug`",
                        if line > 1 { "`slug`" } else { "name" },
                        address_maker(&prev_path, prev_line)
                    ),
                )
                .field("slug")
                .at_line(line),
            );
        }
    }
    (urls, diagnostics)
}

/// Where a file's address is made, for an error about two files at one address: its
/// `slug:` line, or its file name when it has none (`line_of` gives line 1 then).
fn address_maker(path: &str, slug_line: usize) -> String {
    if slug_line > 1 {
        format!("{path}:{slug_line} (its `slug`)")
    } else {
        format!("{path} (its file name)")
    }
}

/// Content-relative source path (`renginiai/a.md`) → its page or section.
pub(super) fn sources(pages: &[SitePage], sections: &[Section]) -> HashMap<String, Owner> {
    let mut sources = HashMap::new();
    for (id, p) in pages.iter().enumerate() {
        sources.insert(content_rel(&p.page.source), Owner::Page(id));
    }
    for (id, s) in sections.iter().enumerate() {
        if let Some(f) = &s.file {
            sources.insert(content_rel(&f.source), Owner::Section(id));
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::super::sections::build_sections;
    use super::super::testing::{config, page, section};
    use super::*;

    #[test]
    fn pages_take_their_folders_address_and_two_on_one_address_are_an_error() {
        let config = config();
        let files = vec![section("renginiai", "en", "title: Events\nslug: events")];
        let folders = Folders::new(&config, &files);
        let (sections, by_folder) = build_sections(&config, &files, &folders);
        let pages = place_pages(
            vec![
                page("renginiai/seminaras", "en", "title: Seminar"),
                page("renginiai/kitas", "en", "title: Other\nslug: seminaras"),
                page("apie", "lt", "title: Apie"),
            ],
            &folders,
            &by_folder,
        );
        let urls: Vec<_> = pages.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            ["/en/events/seminaras/", "/en/events/seminaras/", "/apie/"]
        );
        assert_eq!(pages[0].section, 2);
        assert_eq!(pages[2].section, 0);

        let (owners, ds) = unique_urls(&pages, &sections);
        assert_eq!(owners["/en/events/"], Owner::Section(2));
        assert_eq!(owners["/apie/"], Owner::Page(2));
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(
            ds[0].path,
            std::path::PathBuf::from("content/renginiai/kitas.en.md")
        );
        assert_eq!(ds[0].field.as_deref(), Some("slug"));
        assert_eq!(ds[0].line, Some(3));
        assert!(
            ds[0].message.contains("content/renginiai/seminaras.en.md"),
            "{ds:?}"
        );

        let sources = sources(&pages, &sections);
        assert_eq!(sources["apie.md"], Owner::Page(2));
        assert_eq!(sources["renginiai/_index.en.md"], Owner::Section(2));
    }
}
