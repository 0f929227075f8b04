//! Results and indicators: what the campaign achieved, for the results page and
//! `results.json`. Counted from the finished site model (events held, participants,
//! posters, articles, newsletters, stories), plus the manual `[[indicators]]` with
//! targets from `site.toml`.
//!
//! Counting rule: an item is counted once per translation group, not once per language
//! (an event published in Lithuanian and English is one event; an event published only
//! in English counts too), and its figures come from the group's default-language
//! version. Only what the model publishes counts, so drafts, pages dated in the future
//! and stories without consent never do. An event is *held* when it is over at the
//! build's "now" and its status is `scheduled`: cancelled, postponed and future events
//! are not held. Items count in the year of their date (events: of their start); an
//! item without a date (an undated poster) counts in the totals only.
//!
//! This module computes; it renders nothing and writes nothing.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::json;

use crate::config::Localized;
use crate::content::{EventStatus, Page, PageId, TypeFields, When};
use crate::error::Diagnostic;
use crate::site::Site;

/// The file name of the results data, at the root of the output.
pub const JSON_FILE: &str = "results.json";

/// The `extra.layout` of a results page.
pub const LAYOUT: &str = crate::content::RESULTS_LAYOUT;

/// The measures counted from content, in the order pages and `results.json` show them.
pub const MEASURES: [&str; 6] = [
    "events_held",
    "participants",
    "posters",
    "articles",
    "newsletters",
    "stories",
];

/// Figures counted from content, for the whole project or for one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub events_held: u64,
    /// The sum of `participants` over the events held.
    pub participants: u64,
    pub posters: u64,
    pub articles: u64,
    pub newsletters: u64,
    pub stories: u64,
}

impl Counts {
    /// The figure for one of [`MEASURES`].
    pub fn get(&self, measure: &str) -> u64 {
        match measure {
            "events_held" => self.events_held,
            "participants" => self.participants,
            "posters" => self.posters,
            "articles" => self.articles,
            "newsletters" => self.newsletters,
            "stories" => self.stories,
            _ => 0,
        }
    }
}

/// The campaign's results at the build's "now".
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub counted_at: jiff::civil::DateTime,
    pub totals: Counts,
    /// Per calendar year, oldest first.
    pub years: BTreeMap<i16, Counts>,
    /// Items without a date (posters usually): in the totals, in no year.
    pub undated: Counts,
    /// Events held whose `participants` is not filled in (counted as 0).
    pub held_without_participants: u64,
}

/// Whether an event is over at `now`: its end (else its start) has passed. An event
/// given as dates lasts until the end of its last day. Lists and results share this.
pub fn is_over(now: jiff::civil::DateTime, start: When, end: Option<When>) -> bool {
    match end.unwrap_or(start) {
        When::Date(d) => d < now.date(),
        When::DateTime(dt) => dt < now,
    }
}

/// The page that speaks for a translation group: its default-language version.
fn groups(site: &Site) -> impl Iterator<Item = &[PageId]> {
    site.translations
        .values()
        .filter(|g| !g.is_empty())
        .map(Vec::as_slice)
}

impl Results {
    /// Counts the published content of `site`.
    pub fn compute(site: &Site) -> Results {
        Results::compute_where(site, |_| true)
    }

    /// Counts the published content of one project: the groups whose counted
    /// (default-language) page belongs to it, so a page of project A never counts for B.
    pub fn for_project(site: &Site, project: crate::site::projects::ProjectId) -> Results {
        Results::compute_where(site, |id| {
            site.projects.of_page.get(id).copied().flatten() == Some(project)
        })
    }

    fn compute_where(site: &Site, counts: impl Fn(PageId) -> bool) -> Results {
        let mut results = Results {
            counted_at: site.now,
            totals: Counts::default(),
            years: BTreeMap::new(),
            undated: Counts::default(),
            held_without_participants: 0,
        };
        for group in groups(site).filter(|g| counts(g[0])) {
            let page = &site.pages[group[0]].page;
            let mut add = |year: Option<i16>, f: &dyn Fn(&mut Counts)| {
                f(&mut results.totals);
                match year {
                    Some(year) => f(results.years.entry(year).or_default()),
                    None => f(&mut results.undated),
                }
            };
            let year = page.date.map(|d| d.date().year());
            match &page.fields {
                TypeFields::Event {
                    start,
                    end,
                    status: EventStatus::Scheduled,
                    participants,
                    ..
                } if is_over(site.now, *start, *end) => {
                    let n = u64::from(participants.unwrap_or(0));
                    add(Some(start.date().year()), &|c| {
                        c.events_held += 1;
                        c.participants += n;
                    });
                    if participants.is_none() {
                        results.held_without_participants += 1;
                    }
                }
                TypeFields::Event { .. } | TypeFields::Page => {}
                TypeFields::Poster { .. } => add(year, &|c| c.posters += 1),
                TypeFields::Article { .. } => add(year, &|c| c.articles += 1),
                TypeFields::Newsletter { .. } => add(year, &|c| c.newsletters += 1),
                TypeFields::Story { .. } => add(year, &|c| c.stories += 1),
            }
        }
        results
    }

    /// The results for templates in `lang`: raw numbers (templates format them with
    /// `number` and `t(key="percent")`), manual indicators' text in `lang`.
    pub fn value(&self, site: &Site, lang: &str) -> serde_json::Value {
        let def = site.config.default_language.as_str();
        let years: Vec<i16> = self.years.keys().copied().collect();
        let computed: Vec<_> = MEASURES
            .iter()
            .map(|m| {
                json!({
                    "id": m,
                    "total": self.totals.get(m),
                    "by_year": self.years.values().map(|c| c.get(m)).collect::<Vec<_>>(),
                    "undated": self.undated.get(m),
                })
            })
            .collect();
        let indicators: Vec<_> = site
            .config
            .indicators
            .iter()
            .map(|i| {
                let text = |l: &Option<Localized>| l.as_ref().map(|l| l.get(lang, def).to_string());
                json!({
                    "label": i.label.get(lang, def),
                    "value": number(i.value),
                    "target": i.target.map(number),
                    "percent": percent(i.value, i.target).map(number),
                    "unit": text(&i.unit),
                    "source": text(&i.source),
                    "as_of": i.as_of.and_then(|d| d.date).map(|d| d.to_string()),
                })
            })
            .collect();
        json!({
            "counted_on": self.counted_at.date().to_string(),
            "years": years,
            "by_year": self.years.iter().map(|(y, c)| json!({ "year": y, "counts": c })).collect::<Vec<_>>(),
            "totals": self.totals,
            "has_undated": self.undated != Counts::default(),
            "computed": computed,
            "indicators": indicators,
            "held_without_participants": self.held_without_participants,
            "json_url": format!("/{JSON_FILE}"),
        })
    }

    /// `results.json`: every figure with its labels in every language, for reuse in
    /// reports. `text(lang, key)` gives interface strings (the measures' labels).
    pub fn json(&self, site: &Site, text: &dyn Fn(&str, &str) -> Option<String>) -> String {
        let config = &site.config;
        let langs: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        let localized = |l: &Localized| -> BTreeMap<&str, String> {
            langs
                .iter()
                .map(|&code| (code, l.get(code, &config.default_language).to_string()))
                .collect()
        };
        let label = |measure: &str| -> BTreeMap<&str, String> {
            langs
                .iter()
                .map(|&code| {
                    let key = format!("results_{measure}");
                    (
                        code,
                        text(code, &key).unwrap_or_else(|| measure.to_string()),
                    )
                })
                .collect()
        };
        let computed: Vec<_> = MEASURES
            .iter()
            .map(|m| {
                json!({
                    "id": m,
                    "label": label(m),
                    "total": self.totals.get(m),
                    "by_year": self.years.iter().map(|(y, c)| json!({ "year": y, "value": c.get(m) })).collect::<Vec<_>>(),
                    "undated": self.undated.get(m),
                })
            })
            .collect();
        let indicators: Vec<_> = config
            .indicators
            .iter()
            .map(|i| {
                json!({
                    "label": localized(&i.label),
                    "value": number(i.value),
                    "target": i.target.map(number),
                    "percent": percent(i.value, i.target).map(number),
                    "unit": i.unit.as_ref().map(localized),
                    "source": i.source.as_ref().map(localized),
                    "as_of": i.as_of.and_then(|d| d.date).map(|d| d.to_string()),
                })
            })
            .collect();
        let pages: BTreeMap<&str, String> = site
            .pages
            .iter()
            .filter(|p| is_results_page(&p.page))
            .map(|p| (p.page.lang.as_str(), config.permalink(&p.url)))
            .collect();
        let generated = self
            .counted_at
            .to_zoned(config.timezone.clone())
            .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_else(|_| self.counted_at.to_string());
        let value = json!({
            "generated": generated,
            "site": config.base_url,
            "pages": pages,
            "languages": langs,
            "counting": "Each item once per translation group; events held = over at `generated` with status scheduled; participants = sum over events held; items count in the year of their date (events: start).",
            "computed": computed,
            "held_without_participants": self.held_without_participants,
            "indicators": indicators,
        });
        let mut value = value;
        if !site.projects.list.is_empty() {
            value["projects"] = projects_json(site, &localized);
        }
        let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
        out.push('\n');
        out
    }
}

/// `results.json`'s `projects`: each project's figures, counted from its own pages, and
/// its indicators against their targets.
fn projects_json<'s>(
    site: &'s Site,
    localized: &dyn Fn(&Localized) -> BTreeMap<&'s str, String>,
) -> serde_json::Value {
    let projects: Vec<_> = site
        .projects
        .list
        .iter()
        .enumerate()
        .map(|(id, p)| {
            let counts = Results::for_project(site, id);
            let names: BTreeMap<&str, &str> = p
                .sections
                .iter()
                .map(|&s| (site.sections[s].lang.as_str(), site.sections[s].title.as_str()))
                .collect();
            let t = &p.table;
            json!({
                "folder": p.folder,
                "code": t.code,
                "name": names,
                "status": p.status.map(crate::site::projects::Status::name),
                "period": t.period.map(|d| json!({ "start": d.start.to_string(), "end": d.end.to_string() })),
                "budget": t.budget.as_ref().map(|b| json!({ "total": number(b.total), "grant": b.grant.map(number), "currency": b.currency })),
                "computed": MEASURES.iter().map(|m| (m.to_string(), counts.totals.get(m))).collect::<BTreeMap<_, _>>(),
                "held_without_participants": counts.held_without_participants,
                "indicators": t.indicators.iter().map(|i| json!({
                    "label": localized(&i.label),
                    "value": number(i.value),
                    "target": i.target.map(number),
                    "percent": percent(i.value, i.target).map(number),
                    "unit": i.unit.as_ref().map(localized),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!(projects)
}

/// A figure for JSON: whole numbers without a fraction (`227`, not `227.0`).
fn number(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// The value as a share of the target, in whole percent (113.5 → 114); `None` without
/// a target or when the share is too large for a number (1e300 of a target of 0.001).
pub fn percent(value: f64, target: Option<f64>) -> Option<f64> {
    target
        .filter(|t| *t > 0.0)
        .map(|t| (value / t * 100.0).round())
        .filter(|p| p.is_finite())
}

/// Whether a page asks for the results layout (`extra: { layout: results }`).
pub fn is_results_page(page: &Page) -> bool {
    page.is_results_page()
}

/// Whether the site has a results page in any language (then `results.json` is written).
pub fn has_results_page(site: &Site) -> bool {
    site.pages.iter().any(|p| is_results_page(&p.page))
}

/// Translations of an event that disagree with the version the results count (its
/// date, status or participants): a warning on the other file, so the figures are not
/// silently taken from one language.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for group in groups(site) {
        let first = &site.pages[group[0]].page;
        let TypeFields::Event {
            start,
            status,
            participants,
            ..
        } = &first.fields
        else {
            continue;
        };
        for &id in &group[1..] {
            let page = &site.pages[id].page;
            let TypeFields::Event {
                start: s,
                status: st,
                participants: p,
                ..
            } = &page.fields
            else {
                continue;
            };
            let differs = [
                ("start", s != start, start.iso()),
                ("status", st != status, format!("{status:?}").to_lowercase()),
                (
                    "participants",
                    p != participants,
                    participants.map_or_else(|| "not given".to_string(), |n| n.to_string()),
                ),
            ];
            for (field, different, counted) in differs {
                if different {
                    out.push(
                        Diagnostic::warning(
                            &page.source,
                            format!(
                                "differs from {} ({counted}); the results count that version, so make them agree",
                                first.source.display()
                            ),
                        )
                        .field(field)
                        .at_line(page.line_of(field)),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn an_event_is_over_after_its_last_moment() {
        let now = date(2026, 11, 23).at(12, 0, 0, 0);
        let day = |d: i8| When::Date(date(2026, 11, d));
        let at = |d: i8, h: i8| When::DateTime(date(2026, 11, d).at(h, 0, 0, 0));
        assert!(is_over(now, day(22), None));
        // A whole-day event lasts until midnight.
        assert!(!is_over(now, day(23), None));
        assert!(!is_over(now, day(20), Some(day(23))));
        assert!(is_over(now, at(23, 10), None));
        assert!(!is_over(now, at(23, 10), Some(at(23, 13))));
        assert!(!is_over(now, at(24, 9), None));
    }

    #[test]
    fn percent_is_rounded_and_needs_a_target() {
        assert_eq!(percent(227.0, Some(200.0)), Some(114.0));
        assert_eq!(percent(40.0, Some(40.0)), Some(100.0));
        assert_eq!(percent(1.0, Some(3.0)), Some(33.0));
        assert_eq!(percent(5.0, None), None);
        assert_eq!(percent(5.0, Some(0.0)), None);
        assert_eq!(percent(1e300, Some(1e-300)), None);
    }
}
