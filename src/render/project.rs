//! Template values of projects (issue 12): a project page's fact box (`project`), the
//! acknowledgement that replaces the site-wide `funding` on a project's pages, and the
//! projects list of the section above project sections (`section.projects`). Amounts
//! and figures are formatted here per language (`i18n::format_money`, CLDR numbers).

use serde_json::{json, Value};

use crate::content::{ContentType, PageId};
use crate::funders::DisclaimerOn;
use crate::i18n::{country_name, format_date, format_money, format_number, DateStyle};
use crate::results::{percent, Results, MEASURES};
use crate::site::projects::{Project, ProjectId};
use crate::site::{Owner, Site};

/// The project `owner` belongs to.
pub fn project_of(site: &Site, owner: Owner) -> Option<ProjectId> {
    match owner {
        Owner::Page(id) => site.projects.of_page.get(id).copied().flatten(),
        Owner::Section(id) => site.projects.of_section.get(id).copied().flatten(),
    }
}

/// Whether a page shows funders' disclaimers that are for publications.
fn publishes_views(site: &Site, owner: Owner, project: &Project) -> bool {
    match owner {
        Owner::Section(id) => project.sections.contains(&id),
        Owner::Page(id) => {
            let page = &site.pages[id].page;
            crate::results::is_results_page(page)
                || matches!(
                    page.content_type(),
                    ContentType::Article
                        | ContentType::Newsletter
                        | ContentType::Poster
                        | ContentType::Story
                )
        }
    }
}

fn name_in(site: &Site, project: &Project, lang: &str) -> (String, String) {
    let id = project
        .sections
        .iter()
        .copied()
        .find(|&s| site.sections[s].lang == lang)
        .or(project.sections.first().copied());
    id.map_or_else(Default::default, |s| {
        (site.sections[s].title.clone(), site.sections[s].url.clone())
    })
}

/// `funding` on a page or section of project `pid` in `lang`: the shape of the
/// site-wide value (statement, programme, project_number, disclaimer) so e-mail and
/// older templates keep working, plus `funders` (each with `eu_emblem`, `emblem`,
/// `emblem_alt`, `statement`, `name`, `url`), `disclaimers` (those this kind of page
/// carries) and `project` (`name`, `url`, `code`).
pub fn acknowledgement(site: &Site, pid: ProjectId, lang: &str, owner: Owner) -> Value {
    let project = &site.projects.list[pid];
    let acks = project
        .acknowledgements
        .get(lang)
        .or_else(|| project.acknowledgements.values().next());
    let acks = acks.map_or(&[][..], Vec::as_slice);
    let views = publishes_views(site, owner, project);
    let disclaimers: Vec<&str> = acks
        .iter()
        .filter(|a| views || a.disclaimer_on == DisclaimerOn::Every)
        .filter_map(|a| a.disclaimer.as_deref())
        .collect();
    let funders: Vec<Value> = acks
        .iter()
        .map(|a| {
            json!({
                "name": a.name, "eu_emblem": a.eu_emblem, "emblem": a.emblem,
                "emblem_alt": a.emblem_alt, "statement": a.statement, "url": a.url,
            })
        })
        .collect();
    let names: Vec<&str> = acks.iter().filter_map(|a| a.name.as_deref()).collect();
    let statements: Vec<&str> = acks.iter().map(|a| a.statement.as_str()).collect();
    let (name, url) = name_in(site, project, lang);
    json!({
        "statement": statements.join(" · "),
        "programme": (!names.is_empty()).then(|| names.join(", ")),
        "project_number": project.code(),
        "disclaimer": (!disclaimers.is_empty()).then(|| disclaimers.join(" ")),
        "disclaimers": disclaimers,
        "funders": funders,
        "project": { "name": name, "url": url, "code": project.code() },
    })
}

/// The fact box of project `pid` in `lang` (see docs/templates.md).
pub fn fact_box(site: &Site, pid: ProjectId, lang: &str) -> Value {
    let project = &site.projects.list[pid];
    let def = site.config.default_language.as_str();
    let t = &project.table;
    let money = |n: f64| {
        let currency = t.budget.as_ref().map_or("EUR", |b| b.currency.as_str());
        format_money(lang, n, currency)
    };
    let partners: Vec<Value> = project
        .partners_in_order()
        .iter()
        .map(|p| {
            let base = name_in(site, project, def).1;
            json!({
                "name": p.name.get(lang, def),
                "country": p.country,
                "country_name": p.country.as_deref().and_then(|c| country_name(lang, c)),
                "url": p.url,
                "logo": p.logo.as_ref().map(|l| crate::site::addresses::resolve_asset(&base, l)),
                "logo_alt": p.logo_alt.as_ref().map(|a| a.get(lang, def)),
                "lead": p.role() == crate::content::project::Role::Lead,
            })
        })
        .collect();
    let results = Results::for_project(site, pid);
    let computed: Vec<Value> = MEASURES
        .iter()
        .map(|m| json!({ "id": m, "total": results.totals.get(m), "formatted": format_number(lang, results.totals.get(m) as f64) }))
        .collect();
    let indicators: Vec<Value> = t
        .indicators
        .iter()
        .map(|i| {
            json!({
                "label": i.label.get(lang, def),
                "value": format_number(lang, i.value),
                "target": i.target.map(|n| format_number(lang, n)),
                "percent": percent(i.value, i.target),
                "unit": i.unit.as_ref().map(|u| u.get(lang, def)),
            })
        })
        .collect();
    let (name, url) = name_in(site, project, lang);
    let programmes: Vec<String> = project
        .acknowledgements
        .get(lang)
        .into_iter()
        .flatten()
        .filter_map(|a| a.name.clone())
        .collect();
    json!({
        "name": name,
        "url": url,
        "code": t.code,
        "status": project.status.map(crate::site::projects::Status::name),
        "start": t.period.map(|p| format_date(lang, p.start, DateStyle::Long)),
        "end": t.period.map(|p| format_date(lang, p.end, DateStyle::Long)),
        "start_iso": t.period.map(|p| p.start.to_string()),
        "end_iso": t.period.map(|p| p.end.to_string()),
        "total": t.budget.as_ref().map(|b| money(b.total)),
        "grant": t.budget.as_ref().and_then(|b| b.grant).map(money),
        "programmes": programmes,
        "partners": partners,
        "indicators": indicators,
        "computed": computed,
    })
}

/// `section.projects` for a section with project sections directly below it: each
/// one's `name`, `url`, `code`, `status` and period, running first, then planned, then
/// completed (newest end first within each).
pub fn list_below(site: &Site, section: crate::content::SectionId) -> Option<Value> {
    let s = &site.sections[section];
    let mut items: Vec<(u8, std::cmp::Reverse<Option<jiff::civil::Date>>, Value)> = s
        .subsections
        .iter()
        .filter_map(|&sub| {
            let pid = site.projects.of_section.get(sub).copied().flatten()?;
            let project = &site.projects.list[pid];
            (project.folder == site.sections[sub].folder).then_some(())?;
            let order = match project.status.map(crate::site::projects::Status::name) {
                Some("running") => 0,
                Some("planned") => 1,
                _ => 2,
            };
            let mut v = fact_box(site, pid, &s.lang);
            if let Some(map) = v.as_object_mut() {
                map.remove("indicators");
                map.remove("computed");
                map.insert("url".into(), json!(site.sections[sub].url));
                map.insert("name".into(), json!(site.sections[sub].title));
            }
            Some((
                order,
                std::cmp::Reverse(project.table.period.map(|p| p.end)),
                v,
            ))
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    items.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Some(Value::Array(items.into_iter().map(|(_, _, v)| v).collect()))
}

/// The page's id is only used to find its project; kept for symmetry with sections.
pub fn page_project(site: &Site, id: PageId) -> Option<ProjectId> {
    project_of(site, Owner::Page(id))
}
