//! Step: projects (issue 12). A section whose `_index.md` has a `project:` table is a
//! project; every page and section inside its folder belongs to it, and a page
//! elsewhere joins it with `project: <folder>` (or the project's `code`). Each project's
//! acknowledgement is resolved here once per site language from its funders (presets in
//! `crate::funders`, the site's own texts), so a wording missing in a language is an
//! error at the funder's line, before anything renders.
//!
//! The table is written in the default language's `_index.md`. A translation's
//! `_index.<lang>.md` may repeat it to give its texts as plain strings (a funder's
//! `statement`, a partner's `name`, an indicator's `label`), matched by position; figures
//! (code, period, budget, amounts, values, targets) are the default file's, and a
//! translation giving different ones gets a warning and is not used for them.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::config::{Config, Localized};
use crate::content::project::{Funder, ProjectFile, ProjectTable, Role};
use crate::content::{ancestors, SectionId};
use crate::error::Diagnostic;
use crate::funders::{DisclaimerOn, Fill, Preset};

use super::{Section, SitePage};

pub type ProjectId = usize;

/// Where a project is at the build's "now" (in the site's time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Planned,
    Running,
    Completed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Running => "running",
            Status::Completed => "completed",
        }
    }
}

/// One funder's acknowledgement in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Acknowledgement {
    /// The funder's or programme's name, when it has one.
    pub name: Option<String>,
    /// The theme draws the EU emblem (inline SVG) beside the statement.
    pub eu_emblem: bool,
    /// The site's emblem file (address) and its alternative text.
    pub emblem: Option<String>,
    pub emblem_alt: Option<String>,
    pub statement: String,
    pub disclaimer: Option<String>,
    pub disclaimer_on: DisclaimerOn,
    pub url: Option<String>,
}

/// A project of the site.
#[derive(Debug, Clone)]
pub struct Project {
    /// Content-relative folder of its section.
    pub folder: String,
    /// Its section in each language, default language first.
    pub sections: Vec<SectionId>,
    /// The table, from the default language's file, with translations' texts merged in.
    pub table: ProjectTable,
    pub source: PathBuf,
    /// `None` without a `period`.
    pub status: Option<Status>,
    /// Language code → its funders' acknowledgements, in `funders:` order.
    pub acknowledgements: BTreeMap<String, Vec<Acknowledgement>>,
}

impl Project {
    pub fn code(&self) -> Option<&str> {
        self.table.code.as_deref()
    }

    /// The lead partner first, then the others as written.
    pub fn partners_in_order(&self) -> Vec<&crate::content::project::Partner> {
        let mut out: Vec<_> = self.table.partners.iter().collect();
        out.sort_by_key(|p| p.role() != Role::Lead);
        out
    }
}

/// The site's projects and who belongs to which.
#[derive(Debug, Clone, Default)]
pub struct Projects {
    pub list: Vec<Project>,
    /// Per page (by `PageId`): its project.
    pub of_page: Vec<Option<ProjectId>>,
    /// Per section (by `SectionId`): its project (the project's own section included).
    pub of_section: Vec<Option<ProjectId>>,
}

/// Builds the projects of a site from its sections and pages.
pub fn build(
    config: &Config,
    sections: &[Section],
    pages: &[SitePage],
    now: jiff::civil::Date,
) -> (Projects, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut by_folder: BTreeMap<&str, Vec<SectionId>> = BTreeMap::new();
    for (id, s) in sections.iter().enumerate() {
        if s.file.as_ref().is_some_and(|f| f.project.is_some()) {
            by_folder.entry(s.folder.as_str()).or_default().push(id);
        }
    }
    let def = config.default_language.as_str();
    let mut list = Vec::new();
    for (folder, mut ids) in by_folder {
        ids.sort_by_key(|&id| sections[id].lang != def);
        let (table, source, ds) = merged_table(config, sections, &ids);
        diagnostics.extend(ds);
        let status = table.period.map(|p| status(p.start, p.end, now));
        let mut project = Project {
            folder: folder.to_string(),
            sections: all_languages(sections, folder, def),
            table,
            source,
            status,
            acknowledgements: BTreeMap::new(),
        };
        let file = main_file(sections, &ids);
        diagnostics.extend(acknowledge(config, sections, &mut project, &file));
        list.push(project);
    }
    let index: HashMap<&str, ProjectId> = list
        .iter()
        .enumerate()
        .map(|(i, p)| (p.folder.as_str(), i))
        .collect();
    let inside = |folder: &str| ancestors(folder).find_map(|d| index.get(d).copied());
    let of_section = sections.iter().map(|s| inside(&s.folder)).collect();
    let mut of_page = Vec::with_capacity(pages.len());
    for p in pages {
        let within = inside(&p.page.folder);
        let Some(claim) = p.page.project.as_deref() else {
            of_page.push(within);
            continue;
        };
        let named = list
            .iter()
            .position(|pr| pr.folder == claim || pr.code() == Some(claim));
        let line = p.page.line_of("project");
        match (within, named) {
            (_, None) => {
                let known: Vec<&str> = list.iter().map(|p| p.folder.as_str()).collect();
                let message = if known.is_empty() {
                    format!("there is no project {claim:?}: the site has no section with a `project:` table")
                } else {
                    format!("there is no project {claim:?}; name a project's folder under content/ ({}) or its code", known.join(", "))
                };
                diagnostics.push(
                    Diagnostic::error(&p.page.source, message)
                        .field("project")
                        .at_line(line),
                );
                of_page.push(within);
            }
            (Some(w), Some(n)) if w != n => {
                diagnostics.push(
                    Diagnostic::error(
                        &p.page.source,
                        format!(
                            "this page is inside the project {:?} and cannot belong to {claim:?}; move it, or remove `project:`",
                            list[w].folder
                        ),
                    )
                    .field("project")
                    .at_line(line),
                );
                of_page.push(Some(w));
            }
            (_, named) => of_page.push(named),
        }
    }
    (
        Projects {
            list,
            of_page,
            of_section,
        },
        diagnostics,
    )
}

/// Planned before its start day, completed after its end day, else running.
pub fn status(
    start: jiff::civil::Date,
    end: jiff::civil::Date,
    today: jiff::civil::Date,
) -> Status {
    if today < start {
        Status::Planned
    } else if today > end {
        Status::Completed
    } else {
        Status::Running
    }
}

/// The project's section in every language, the default language's first (its
/// address is where the folder's files are copied).
fn all_languages(sections: &[Section], folder: &str, def: &str) -> Vec<SectionId> {
    let mut ids: Vec<SectionId> = (0..sections.len())
        .filter(|&id| sections[id].folder == folder)
        .collect();
    ids.sort_by_key(|&id| sections[id].lang != def);
    ids
}

fn main_file(sections: &[Section], ids: &[SectionId]) -> ProjectFile {
    sections[ids[0]]
        .file
        .as_ref()
        .and_then(|f| f.project.clone())
        .unwrap_or_default()
}

/// The default language's table with the translations' texts merged in; a warning for
/// each translation whose figures differ.
fn merged_table(
    config: &Config,
    sections: &[Section],
    ids: &[SectionId],
) -> (ProjectTable, PathBuf, Vec<Diagnostic>) {
    let main = &sections[ids[0]];
    let source = main
        .file
        .as_ref()
        .map(|f| f.source.clone())
        .unwrap_or_default();
    let mut table = main_file(sections, ids).table;
    let mut out = Vec::new();
    for &id in &ids[1..] {
        let Some(file) = sections[id].file.as_ref() else {
            continue;
        };
        let Some(other) = file.project.as_ref() else {
            continue;
        };
        let lang = sections[id].lang.as_str();
        if figures(&other.table) != figures(&table) && !figures(&other.table).is_empty_figures() {
            out.push(
                Diagnostic::warning(
                    &file.source,
                    format!(
                        "the project's figures (code, period, budget, amounts, values, targets) differ from {}; they are taken from the default language's file only, so write them there and leave them out here",
                        source.display()
                    ),
                )
                .field("project")
                .at_line(other.line),
            );
        }
        merge_texts(&mut table, &other.table, lang, &config.default_language);
    }
    (table, source, out)
}

/// The figures of a table, for comparing translations.
#[derive(Debug, PartialEq)]
struct Figures {
    code: Option<String>,
    period: Option<crate::content::project::Period>,
    budget: Option<(u64, Option<u64>, String)>,
    amounts: Vec<Option<u64>>,
    values: Vec<(u64, Option<u64>)>,
}

impl Figures {
    fn is_empty_figures(&self) -> bool {
        self.code.is_none()
            && self.period.is_none()
            && self.budget.is_none()
            && self.amounts.iter().all(Option::is_none)
            && self.values.is_empty()
    }
}

fn figures(t: &ProjectTable) -> Figures {
    let bits = |f: f64| f.to_bits();
    Figures {
        code: t.code.clone(),
        period: t.period,
        budget: t
            .budget
            .as_ref()
            .map(|b| (bits(b.total), b.grant.map(bits), b.currency.clone())),
        amounts: t.funders.iter().map(|f| f.amount.map(bits)).collect(),
        values: t
            .indicators
            .iter()
            .map(|i| (bits(i.value), i.target.map(bits)))
            .collect(),
    }
}

/// Texts of `other` (a translation in `lang`) into `table`, by position.
fn merge_texts(table: &mut ProjectTable, other: &ProjectTable, lang: &str, def: &str) {
    for (f, o) in table.funders.iter_mut().zip(&other.funders) {
        for (mine, theirs) in [
            (&mut f.name, &o.name),
            (&mut f.programme, &o.programme),
            (&mut f.authority, &o.authority),
            (&mut f.emblem_alt, &o.emblem_alt),
            (&mut f.statement, &o.statement),
            (&mut f.disclaimer, &o.disclaimer),
        ] {
            merge(mine, theirs.as_ref(), lang, def);
        }
    }
    for (p, o) in table.partners.iter_mut().zip(&other.partners) {
        let mut name = Some(p.name.clone());
        merge(&mut name, Some(&o.name), lang, def);
        p.name = name.unwrap_or_else(|| p.name.clone());
        merge(&mut p.logo_alt, o.logo_alt.as_ref(), lang, def);
    }
    for (i, o) in table.indicators.iter_mut().zip(&other.indicators) {
        let mut label = Some(i.label.clone());
        merge(&mut label, Some(&o.label), lang, def);
        i.label = label.unwrap_or_else(|| i.label.clone());
        merge(&mut i.unit, o.unit.as_ref(), lang, def);
    }
}

/// A translation's text for `lang` into a per-language text.
fn merge(mine: &mut Option<Localized>, theirs: Option<&Localized>, lang: &str, def: &str) {
    let Some(text) = theirs.and_then(|t| exact(t, lang)) else {
        return;
    };
    let mut map = match mine.take() {
        Some(Localized::PerLanguage(map)) => map,
        Some(Localized::Same(s)) => BTreeMap::from([(def.to_string(), s)]),
        None => BTreeMap::new(),
    };
    map.insert(lang.to_string(), text.to_string());
    *mine = Some(Localized::PerLanguage(map));
}

/// The text written for exactly `lang` (a plain string is for every language).
pub fn exact<'a>(text: &'a Localized, lang: &str) -> Option<&'a str> {
    match text {
        Localized::Same(s) => Some(s),
        Localized::PerLanguage(map) => map.get(lang).map(String::as_str),
    }
}

/// Every language's acknowledgements; an error per funder and field for the languages
/// without a wording.
fn acknowledge(
    config: &Config,
    sections: &[Section],
    project: &mut Project,
    file: &ProjectFile,
) -> Vec<Diagnostic> {
    let def = config.default_language.as_str();
    let base_url = project
        .sections
        .first()
        .map_or_else(String::new, |&s| sections[s].url.clone());
    let mut missing: BTreeMap<(usize, &'static str), Vec<String>> = BTreeMap::new();
    for lang in &config.languages {
        let lang = lang.code.as_str();
        let title = project
            .sections
            .iter()
            .find(|&&s| sections[s].lang == lang)
            .or(project.sections.first())
            .map_or("", |&s| sections[s].title.as_str());
        let mut list = Vec::new();
        for (i, f) in project.table.funders.iter().enumerate() {
            let (ack, gaps) = one(f, &project.table, lang, def, title, &base_url);
            for gap in gaps {
                missing.entry((i, gap)).or_default().push(lang.to_string());
            }
            list.extend(ack);
        }
        project.acknowledgements.insert(lang.to_string(), list);
    }
    missing
        .into_iter()
        .map(|((i, field), langs)| {
            let preset = project.table.funders[i].preset.clone().unwrap_or_default();
            let example: Vec<String> = langs.iter().map(|l| format!("{l}: \"…\"")).collect();
            let message = if field == "disclaimer" && preset == "interreg" && lead(&project.table).is_none() {
                "the interreg disclaimer names the lead partner: mark one partner `role: lead`, or give `disclaimer:`".to_string()
            } else {
                format!(
                    "Sklaida has no wording of the {preset} {field} it can cite in {}; give the text your programme's guide uses: `{field}: {{ {} }}`",
                    langs.join(", "),
                    example.join(", ")
                )
            };
            Diagnostic::error(&project.source, message)
                .field(format!("project.funders[{}].{field}", i + 1))
                .at_line(file.funder_line(i))
        })
        .collect()
}

fn lead(table: &ProjectTable) -> Option<&crate::content::project::Partner> {
    table.partners.iter().find(|p| p.role() == Role::Lead)
}

/// One funder in `lang`, and the fields it has no wording for.
fn one(
    f: &Funder,
    table: &ProjectTable,
    lang: &str,
    def: &str,
    title: &str,
    base_url: &str,
) -> (Option<Acknowledgement>, Vec<&'static str>) {
    let text = |l: &Option<Localized>| l.as_ref().map(|t| t.get(lang, def).to_string());
    let emblem = f
        .emblem
        .as_ref()
        .map(|e| super::addresses::resolve_asset(base_url, e));
    let Some(preset) = f.preset() else {
        if f.preset.is_some() {
            return (None, Vec::new());
        }
        // A funder written out: the site's own texts, with the default language's as
        // the fallback, as site.toml's texts.
        return (
            Some(Acknowledgement {
                name: text(&f.name),
                eu_emblem: false,
                emblem,
                emblem_alt: text(&f.emblem_alt),
                statement: text(&f.statement).unwrap_or_default(),
                disclaimer: text(&f.disclaimer),
                disclaimer_on: DisclaimerOn::Publications,
                url: f.url.clone(),
            }),
            Vec::new(),
        );
    };
    let authority = text(&f.authority);
    let beneficiary = lead(table).map(|p| p.name.get(lang, def).to_string());
    let currency = table.budget.as_ref().map_or("EUR", |b| b.currency.as_str());
    let amount = f
        .amount
        .map(|a| crate::i18n::format_money_whole(lang, a, currency));
    let fill = Fill {
        authority: authority.as_deref(),
        beneficiary: beneficiary.as_deref(),
        project: Some(title),
        amount: amount.as_deref(),
    };
    let mut gaps = Vec::new();
    let own = |l: &Option<Localized>| l.as_ref().and_then(|t| exact(t, lang)).map(str::to_string);
    let statement = match preset {
        Preset::National => text(&f.statement),
        Preset::Interreg => own(&f.statement).or_else(|| text(&f.programme)),
        _ => own(&f.statement).or_else(|| preset.statement(lang, &fill)),
    };
    if statement.is_none() {
        gaps.push("statement");
    }
    let disclaimer = own(&f.disclaimer).or_else(|| preset.disclaimer(lang, &fill));
    if disclaimer.is_none() && preset.has_disclaimer() {
        gaps.push("disclaimer");
    }
    let name = match preset {
        Preset::Interreg => text(&f.programme),
        _ => text(&f.name),
    };
    let statement = statement.unwrap_or_default();
    let ack = Acknowledgement {
        name,
        eu_emblem: preset.eu_emblem() && f.emblem.is_none(),
        emblem,
        emblem_alt: text(&f.emblem_alt).or_else(|| Some(statement.clone())),
        statement,
        disclaimer,
        disclaimer_on: preset.disclaimer_on(),
        url: f.url.clone(),
    };
    (Some(ack), gaps)
}

#[cfg(test)]
mod tests {
    use super::super::testing::{config, page, section};
    use super::super::{Publish, Site};
    use crate::content::Content;
    use jiff::civil::date;

    const PROJECT: &str = "title: Sveikata kartu\nproject:\n  code: LLI-344\n  period: { start: 2018-10-01, end: 2020-12-31 }\n  budget: { total: 447391.61, grant: 380282.87 }\n  partners:\n    - { name: B, role: partner }\n    - { name: A, role: lead }\n  funders:\n    - { preset: interreg, programme: Interreg, disclaimer: { lt: \"Už turinį atsako A.\" } }\n    - preset: eu\n      disclaimer: { lt: \"ES nuomonė.\" }";

    fn site(
        pages: Vec<crate::content::Page>,
        extra: &str,
    ) -> (Site, Vec<crate::error::Diagnostic>) {
        let content = Content {
            pages,
            sections: vec![
                section("projektai", "lt", "title: Projektai"),
                section("projektai/lli", "lt", &format!("{PROJECT}{extra}")),
                section("projektai/lli", "en", "title: Healthy together"),
                section("projektai/kitas", "lt", "title: Kitas\nproject:\n  code: K-1\n  funders:\n    - { name: Ministerija, statement: Finansuoja ministerija }"),
            ],
            ..Content::default()
        };
        let now = date(2019, 5, 1).at(12, 0, 0, 0);
        Site::build(config(), content, Publish { drafts: false, now })
    }

    #[test]
    fn pages_inside_and_named_belong_and_others_not() {
        let pages = vec![
            page("projektai/lli/renginys", "lt", "title: R"),
            page(
                "naujienos/straipsnis",
                "lt",
                "title: S\nproject: projektai/lli",
            ),
            page("naujienos/kitas", "lt", "title: K\nproject: K-1"),
            page("apie", "lt", "title: Apie"),
        ];
        let (site, ds) = site(pages, "");
        assert!(ds.iter().all(|d| !d.is_error()), "{ds:?}");
        let of = |key: &str| {
            let id = site.translations[key][0];
            site.projects.of_page[id].map(|p| site.projects.list[p].folder.clone())
        };
        assert_eq!(
            of("projektai/lli/renginys").as_deref(),
            Some("projektai/lli")
        );
        assert_eq!(of("naujienos/straipsnis").as_deref(), Some("projektai/lli"));
        assert_eq!(of("naujienos/kitas").as_deref(), Some("projektai/kitas"));
        assert_eq!(of("apie"), None);
        let lli = site
            .projects
            .list
            .iter()
            .find(|p| p.folder == "projektai/lli")
            .expect("lli");
        assert_eq!(lli.status, Some(super::Status::Running));
        assert_eq!(lli.partners_in_order()[0].name.get("lt", "lt"), "A");
        let lt = &lli.acknowledgements["lt"];
        assert_eq!(lt[0].statement, "Interreg");
        assert_eq!(lt[1].statement, "Bendrai finansuoja Europos Sąjunga");
        assert!(lt[1].eu_emblem);
        let en = &lli.acknowledgements["en"];
        assert!(en[0]
            .disclaimer
            .as_deref()
            .is_some_and(|d| d.contains("sole responsibility of A ")));
    }

    #[test]
    fn wrong_claims_and_missing_wording_are_errors_at_their_lines() {
        let pages = vec![
            page("projektai/lli/renginys", "lt", "title: R\nproject: K-1"),
            page("naujienos/x", "lt", "title: X\nproject: nera"),
        ];
        let (_, ds) = site(pages, "\n    - { preset: erasmus, authority: EACEA }");
        let got: Vec<_> = ds
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.field.clone().unwrap_or_default(), d.line))
            .collect();
        assert!(got.contains(&("project".to_string(), Some(3))), "{got:?}");
        assert!(
            got.contains(&("project.funders[3].disclaimer".to_string(), Some(14))),
            "{got:?}"
        );
        assert_eq!(got.len(), 3, "{ds:?}");
    }

    #[test]
    fn status_follows_the_period() {
        let (s, e) = (date(2020, 1, 1), date(2020, 12, 31));
        assert_eq!(
            super::status(s, e, date(2019, 12, 31)),
            super::Status::Planned
        );
        assert_eq!(
            super::status(s, e, date(2020, 12, 31)),
            super::Status::Running
        );
        assert_eq!(
            super::status(s, e, date(2021, 1, 1)),
            super::Status::Completed
        );
    }
}
