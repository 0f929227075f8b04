//! Step 5 of [`Site::build`](super::Site::build): each section's list of pages and of
//! subsections, in order.

use super::{Section, SitePage};
use crate::content::{Page, PageId, SortBy, TypeFields};
use crate::i18n;

/// Puts every page in its section's list, sorted as the section asks
/// ([`sort_pages`]), and sorts subsections by weight, then title.
pub(super) fn fill_lists(sections: &mut [Section], pages: &[SitePage]) {
    for (id, p) in pages.iter().enumerate() {
        sections[p.section].pages.push(id);
    }
    for s in sections.iter_mut() {
        let order = s.file.as_ref().map_or(SortBy::Type, |f| f.sort_by);
        sort_pages(&mut s.pages, pages, &s.lang, order);
    }
    for id in 0..sections.len() {
        let mut subsections = std::mem::take(&mut sections[id].subsections);
        subsections.sort_by(|&a, &b| {
            let (a, b) = (&sections[a], &sections[b]);
            (a.weight.cmp(&b.weight)).then_with(|| i18n::compare(&a.lang, &a.title, &b.title))
        });
        sections[id].subsections = subsections;
    }
}

/// A section's list in `order`. By default dated types are newest first (events by
/// start) and others by weight; titles, in `lang`'s alphabetical order, break ties.
fn sort_pages(ids: &mut [PageId], pages: &[SitePage], lang: &str, order: SortBy) {
    let date = |p: &Page, any_type: bool| match &p.fields {
        TypeFields::Event { start, .. } => Some(start.datetime()),
        _ if any_type || p.content_type().is_dated() => p.date.map(|d| d.datetime()),
        _ => None,
    };
    let by_title = |a: &Page, b: &Page| i18n::compare(lang, &a.title, &b.title);
    ids.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a].page, &pages[b].page);
        let by_weight = || pa.weight.cmp(&pb.weight).then_with(|| by_title(pa, pb));
        match order {
            SortBy::Title => by_title(pa, pb).then_with(|| pa.weight.cmp(&pb.weight)),
            SortBy::Weight => by_weight(),
            SortBy::Date | SortBy::Type => {
                let any_type = order == SortBy::Date;
                match (date(pa, any_type), date(pb, any_type)) {
                    (Some(x), Some(y)) if x != y => y.cmp(&x),
                    (Some(_), None) if any_type => std::cmp::Ordering::Less,
                    (None, Some(_)) if any_type => std::cmp::Ordering::Greater,
                    _ => by_weight(),
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::super::testing::page;
    use super::*;

    fn titles(ids: &[PageId], pages: &[SitePage]) -> Vec<String> {
        ids.iter().map(|&id| pages[id].page.title.clone()).collect()
    }

    #[test]
    fn lists_sort_by_the_sections_order_with_lithuanian_titles() {
        let pages: Vec<SitePage> = [
            ("a", "title: Šaltinis\nweight: 2"),
            ("b", "title: Sala\nweight: 2"),
            ("c", "title: Žvaigždė\nweight: 1"),
            ("d", "title: Tiltas\ndate: 2026-01-02"),
        ]
        .into_iter()
        .map(|(rel, yaml)| SitePage {
            page: page(rel, "lt", yaml),
            url: String::new(),
            section: 0,
        })
        .collect();
        let mut ids = vec![0, 1, 2, 3];
        sort_pages(&mut ids, &pages, "lt", SortBy::Title);
        assert_eq!(
            titles(&ids, &pages),
            ["Sala", "Šaltinis", "Tiltas", "Žvaigždė"]
        );
        sort_pages(&mut ids, &pages, "lt", SortBy::Weight);
        assert_eq!(
            titles(&ids, &pages),
            ["Tiltas", "Žvaigždė", "Sala", "Šaltinis"]
        );
        sort_pages(&mut ids, &pages, "lt", SortBy::Date);
        assert_eq!(
            titles(&ids, &pages)[0],
            "Tiltas",
            "dated first with sort_by date"
        );
    }
}
