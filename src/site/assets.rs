//! Step 9 of [`Site::build`](super::Site::build): where copied files go. A bundle's
//! files go beside each language's page of the bundle; loose files of `content/` into
//! the default language's folder of the same name.

use std::collections::HashMap;

use super::sections::Folders;
use super::{CopiedFile, SitePage};
use crate::content::{split_rel, Asset};

/// Each copied file with its place in the output (a bundle file once per page).
pub(super) fn place_assets(
    assets: Vec<Asset>,
    pages: &[SitePage],
    folders: &Folders,
    default_language: &str,
) -> Vec<CopiedFile> {
    let mut copied = Vec::new();
    let bundle_pages: HashMap<&str, Vec<&SitePage>> =
        pages.iter().fold(HashMap::new(), |mut m, p| {
            if let Some(b) = &p.page.bundle {
                m.entry(b.as_str()).or_default().push(p);
            }
            m
        });
    for Asset {
        source,
        rel,
        bundle,
    } in assets
    {
        match bundle {
            Some(b) => {
                let inner = rel.strip_prefix(&b).unwrap_or(&rel).trim_start_matches('/');
                for p in bundle_pages.get(b.as_str()).into_iter().flatten() {
                    copied.push(CopiedFile {
                        source: source.clone(),
                        dest: format!("{}{}", p.url.trim_start_matches('/'), inner),
                    });
                }
            }
            None => {
                let (dir, name) = split_rel(&rel);
                let url = folders.folder_url(default_language, dir);
                copied.push(CopiedFile {
                    source,
                    dest: format!("{}{}", url.trim_start_matches('/'), name),
                });
            }
        }
    }
    copied
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::testing::{config, page, section};
    use super::*;

    #[test]
    fn bundle_files_go_beside_each_translation_and_loose_files_into_the_default_folder() {
        let config = config();
        let files = vec![section("dokumentai", "lt", "title: Dokumentai\nslug: docs")];
        let folders = Folders::new(&config, &files);
        let mut lt = page("seminaras/index", "lt", "title: Seminaras");
        lt.bundle = Some("seminaras".to_string());
        let mut en = page("seminaras/index", "en", "title: Seminar");
        en.bundle = Some("seminaras".to_string());
        let pages = vec![
            SitePage {
                page: lt,
                url: "/seminaras/".to_string(),
                section: 0,
            },
            SitePage {
                page: en,
                url: "/en/seminar/".to_string(),
                section: 1,
            },
        ];
        let assets = vec![
            Asset {
                source: PathBuf::from("content/seminaras/plakatas.png"),
                rel: "seminaras/plakatas.png".to_string(),
                bundle: Some("seminaras".to_string()),
            },
            Asset {
                source: PathBuf::from("content/dokumentai/planas.pdf"),
                rel: "dokumentai/planas.pdf".to_string(),
                bundle: None,
            },
        ];
        let dests: Vec<_> = place_assets(assets, &pages, &folders, "lt")
            .into_iter()
            .map(|c| c.dest)
            .collect();
        assert_eq!(
            dests,
            [
                "seminaras/plakatas.png",
                "en/seminar/plakatas.png",
                "docs/planas.pdf"
            ]
        );
    }
}
