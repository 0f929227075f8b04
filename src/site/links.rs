//! A Markdown link to another content file, as the address of that page in the
//! linking page's language: Markdown asks the model through [`resolve_link`].

use std::path::Path;

use super::{content_rel, Owner, Site};
use crate::content::{split_rel, PageId};

/// A Markdown link to another content file (`../renginiai/a.md#kada`) as that page's
/// URL, in the linking page's language when translated.
pub fn resolve_link(site: &Site, from: &Path, lang: &str, href: &str) -> Option<String> {
    let (target, fragment) = link_target(from, href)?;
    let url = match site.sources.get(&target)? {
        Owner::Page(id) => {
            let id: PageId = site.translation_in(*id, lang).unwrap_or(*id);
            site.pages[id].url.clone()
        }
        Owner::Section(id) => {
            let id = site.section_in(*id, lang).unwrap_or(*id);
            site.sections[id].url.clone()
        }
    };
    Some(match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    })
}

/// A Markdown link to a content file (`../renginiai/a.md#kada`) from the file `from`:
/// the content-relative path it names (`renginiai/a.md`) and its fragment.
fn link_target<'h>(from: &Path, href: &'h str) -> Option<(String, Option<&'h str>)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    if !path.ends_with(".md") {
        return None;
    }
    let from_rel = content_rel(from);
    let base = split_rel(&from_rel).0;
    let mut parts: Vec<&str> = if base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some((parts.join("/"), fragment))
}

/// Whether a Markdown link from `from` names a content file that did not load: its
/// own error says why, and the link is not reported again.
pub fn links_to_broken_file(site: &Site, from: &Path, href: &str) -> bool {
    link_target(from, href).is_some_and(|(target, _)| site.broken.has_file(&target))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{config, page, section};
    use super::super::{Publish, Site};
    use super::*;
    use crate::content::Content;

    #[test]
    fn md_links_resolve_relative_to_the_page_in_its_language() {
        let content = Content {
            pages: vec![
                page("renginiai/a", "lt", "title: A"),
                page("renginiai/a", "en", "title: A\nslug: a-en"),
                page("apie", "en", "title: About"),
            ],
            sections: vec![section("renginiai", "lt", "title: Renginiai")],
            assets: Vec::new(),
            broken: Default::default(),
        };
        let publish = Publish {
            drafts: false,
            now: jiff::civil::date(2026, 6, 1).at(0, 0, 0, 0),
        };
        let (site, ds) = Site::build(config(), content, publish);
        assert!(ds.is_empty(), "{ds:?}");
        let from = Path::new("content/apie.en.md");
        let link = |href| resolve_link(&site, from, "en", href);
        assert_eq!(
            link("renginiai/a.md#kada").as_deref(),
            Some("/en/renginiai/a-en/#kada")
        );
        assert_eq!(
            link("./renginiai/_index.md").as_deref(),
            Some("/renginiai/")
        );
        assert_eq!(link("../apie.md"), None, "above content/");
        assert_eq!(link("nera.md"), None);
        assert_eq!(link("renginiai/a.html"), None);
        let from = Path::new("content/renginiai/a.md");
        assert_eq!(
            resolve_link(&site, from, "lt", "a.md").as_deref(),
            Some("/renginiai/a/")
        );
    }
}
