//! Step 7 of [`Site::build`](super::Site::build): redirects from old addresses
//! (`aliases` in front matter), and, once every file of the build is known, the check
//! that none would replace one ([`Site::alias_clashes`]).

use std::collections::HashMap;
use std::path::PathBuf;

use super::urls::place;
use super::{Alias, Owner, Section, Site, SitePage};
use crate::address;
use crate::error::Diagnostic;

/// Every page's and section's aliases, normalised; an error at an alias that is
/// another page's address or already another alias.
pub(super) fn collect(
    pages: &[SitePage],
    sections: &[Section],
    urls: &HashMap<String, Owner>,
) -> (Vec<Alias>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut aliases: Vec<Alias> = Vec::new();
    let mut alias_owner: HashMap<String, Owner> = HashMap::new();
    let alias_sources = (0..pages.len())
        .map(|id| (&pages[id].page.aliases, &pages[id].url, Owner::Page(id)))
        .chain((0..sections.len()).filter_map(|id| {
            let f = sections[id].file.as_ref()?;
            Some((&f.aliases, &sections[id].url, Owner::Section(id)))
        }));
    for (list, url, owner) in alias_sources {
        let (source, line) = place(pages, sections, owner, "aliases");
        for a in list {
            let from = address::normalize_alias(a);
            let problem = if let Some(&other) = urls.get(&from) {
                Some(format!(
                    "is the address of another page ({}), which a redirect would replace; remove the alias or change it",
                    place(pages, sections, other, "slug").0
                ))
            } else if let Some(&other) = alias_owner.get(&from) {
                Some(format!(
                    "is also an alias of {}",
                    place(pages, sections, other, "aliases").0
                ))
            } else {
                None
            };
            match problem {
                Some(p) => diagnostics.push(
                    Diagnostic::error(&source, format!("alias {a:?} {p}"))
                        .field("aliases")
                        .at_line(line),
                ),
                None => {
                    alias_owner.insert(from.clone(), owner);
                    aliases.push(Alias {
                        from,
                        to: url.clone(),
                        written: a.clone(),
                        source: PathBuf::from(&source),
                        line,
                    });
                }
            }
        }
    }
    (aliases, diagnostics)
}

impl Site {
    /// Aliases whose redirect file would replace another file of the build, or stand
    /// where one needs a folder (`/robots.txt/`): errors at the alias, naming the file.
    pub fn alias_clashes(&self) -> Vec<Diagnostic> {
        let mut folders: HashMap<&str, &str> = HashMap::new();
        for (file, what) in &self.files {
            for (i, _) in file.match_indices('/') {
                folders.entry(&file[..i]).or_insert(what);
            }
        }
        let mut diagnostics = Vec::new();
        for a in &self.aliases {
            let file = address::file_of(&a.from);
            let above = file
                .match_indices('/')
                .find_map(|(i, _)| self.files.get(&file[..i]));
            let other = self
                .files
                .get(&file)
                .or(above)
                .map(String::as_str)
                .or_else(|| folders.get(file.as_str()).copied());
            if let Some(other) = other {
                diagnostics.push(
                    Diagnostic::error(
                        &a.source,
                        format!(
                            "alias {:?} would replace {other} (/{file}) with a redirect; remove the alias or change it",
                            a.written
                        ),
                    )
                    .field("aliases")
                    .at_line(a.line),
                );
            }
        }
        diagnostics
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::page;
    use super::*;

    #[test]
    fn aliases_redirect_unless_the_address_is_taken() {
        let pages: Vec<SitePage> = [
            ("a", "/a/", "title: A\naliases: [/senas/, /b/]"),
            ("b", "/b/", "title: B\naliases: [senas]"),
        ]
        .into_iter()
        .map(|(rel, url, yaml)| SitePage {
            page: page(rel, "lt", yaml),
            url: url.to_string(),
            section: 0,
        })
        .collect();
        let urls: HashMap<String, Owner> = [
            ("/a/".to_string(), Owner::Page(0)),
            ("/b/".to_string(), Owner::Page(1)),
        ]
        .into_iter()
        .collect();
        let (aliases, ds) = collect(&pages, &[], &urls);
        assert_eq!(aliases.len(), 1, "{aliases:?}");
        assert_eq!(
            (aliases[0].from.as_str(), aliases[0].to.as_str()),
            ("/senas/", "/a/")
        );
        assert_eq!(aliases[0].line, 3);
        assert_eq!(ds.len(), 2, "{ds:?}");
        assert!(
            ds[0]
                .message
                .contains("\"/b/\" is the address of another page (content/b.md)"),
            "{ds:?}"
        );
        assert_eq!(ds[1].path, PathBuf::from("content/b.md"));
        assert!(
            ds[1].message.contains("is also an alias of content/a.md"),
            "{ds:?}"
        );
    }
}
