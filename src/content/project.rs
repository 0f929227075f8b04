//! A section's `project:` table (issue 12): code, period, budget, funders, partners and
//! indicators, typed and checked while loading. Texts are strings or per-language
//! tables (`config::Localized`). What needs the whole site (a page's `project:`, the
//! site's languages, translations' tables) is checked by `site::projects`.

use std::path::Path;

use serde::Deserialize;

use crate::config::Localized;
use crate::error::Diagnostic;
use crate::funders::{Preset, NAMES};

/// The `project:` table as written.
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ProjectTable {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub budget: Option<Budget>,
    #[serde(default)]
    pub funders: Vec<Funder>,
    #[serde(default)]
    pub partners: Vec<Partner>,
    #[serde(default)]
    pub indicators: Vec<ProjectIndicator>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    pub total: f64,
    #[serde(default)]
    pub grant: Option<f64>,
    #[serde(default = "euro")]
    pub currency: String,
}

fn euro() -> String {
    "EUR".to_string()
}

/// One funder: a preset with its fields, or a funder written out (`name`, `statement`…).
/// `statement` and `disclaimer` given beside a preset replace its wording in the
/// languages they name (and give the languages it has none in).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Funder {
    #[serde(default)]
    pub preset: Option<String>,
    #[serde(default)]
    pub name: Option<Localized>,
    #[serde(default)]
    pub programme: Option<Localized>,
    #[serde(default)]
    pub authority: Option<Localized>,
    /// EEA and Norway Grants: the grant, in the budget's currency.
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub emblem: Option<String>,
    #[serde(default)]
    pub emblem_alt: Option<Localized>,
    #[serde(default)]
    pub statement: Option<Localized>,
    #[serde(default)]
    pub disclaimer: Option<Localized>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Funder {
    /// The preset, when `preset:` names a known one.
    pub fn preset(&self) -> Option<Preset> {
        self.preset.as_deref().and_then(Preset::from_name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    Lead,
    #[default]
    Partner,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    pub name: Localized,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub logo_alt: Option<Localized>,
    #[serde(default)]
    pub role: Option<String>,
}

impl Partner {
    pub fn role(&self) -> Role {
        if self.role.as_deref() == Some("lead") {
            Role::Lead
        } else {
            Role::Partner
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectIndicator {
    pub label: Localized,
    pub value: f64,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub unit: Option<Localized>,
}

/// The table with the file lines of its parts, for diagnostics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectFile {
    pub table: ProjectTable,
    /// The line of `project:`.
    pub line: usize,
    /// The line of each funder, partner and indicator (its `- ` item), in order.
    pub funder_lines: Vec<usize>,
    pub partner_lines: Vec<usize>,
    /// The line of each partner's `country:`: its own line in a block item, else the
    /// item's line.
    pub partner_country_lines: Vec<usize>,
    pub indicator_lines: Vec<usize>,
    /// Lines of `period:`, `budget:` and `code:` inside the table.
    pub period_line: usize,
    pub budget_line: usize,
}

/// Where the `project:` table's parts are: `yaml` is the front matter text, whose first
/// line is file line `first`.
pub fn locate(yaml: &str, first: usize) -> ProjectFile {
    let lines: Vec<&str> = yaml.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let is_key = |l: &str, key: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    let Some(top) = lines
        .iter()
        .position(|l| indent(l) == 0 && is_key(l, "project"))
    else {
        return ProjectFile::default();
    };
    let end = lines[top + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) == 0)
        .map_or(lines.len(), |i| top + 1 + i);
    let block = &lines[top + 1..end];
    let at = |i: usize| first + top + 1 + i;
    let key_line = |key: &str| {
        block
            .iter()
            .position(|l| is_key(l, key))
            .map_or(first + top, at)
    };
    // The `- ` items of a list key (block style); a flow list (`[…]`) gives its key line.
    let items = |key: &str| -> Vec<usize> {
        let Some(k) = block.iter().position(|l| is_key(l, key)) else {
            return Vec::new();
        };
        let key_indent = indent(block[k]);
        let mut out = Vec::new();
        let mut item_indent = None;
        for (i, l) in block.iter().enumerate().skip(k + 1) {
            if l.trim().is_empty() || l.trim_start().starts_with('#') {
                continue;
            }
            let ind = indent(l);
            if ind < key_indent || (ind == key_indent && !l.trim_start().starts_with('-')) {
                break;
            }
            if l.trim_start().starts_with('-') && *item_indent.get_or_insert(ind) == ind {
                out.push(at(i));
            }
        }
        out
    };
    // The line of `key` inside each of `item_lines`' block items, else the item's line.
    let item_fields = |item_lines: &[usize], key: &str| -> Vec<usize> {
        let index = |line: usize| line - (first + top + 1);
        let after_dash = |l: &str| l.trim_start().trim_start_matches('-').to_string();
        item_lines
            .iter()
            .enumerate()
            .map(|(i, &line)| {
                let end = item_lines
                    .get(i + 1)
                    .map_or(block.len(), |&next| index(next));
                (index(line)..end)
                    .find(|&j| is_key(&after_dash(block[j]), key))
                    .map_or(line, at)
            })
            .collect()
    };
    let partner_lines = items("partners");
    ProjectFile {
        table: ProjectTable::default(),
        line: first + top,
        funder_lines: items("funders"),
        partner_country_lines: item_fields(&partner_lines, "country"),
        partner_lines,
        indicator_lines: items("indicators"),
        period_line: key_line("period"),
        budget_line: key_line("budget"),
    }
}

impl ProjectFile {
    fn nth(lines: &[usize], i: usize, fallback: usize) -> usize {
        lines.get(i).copied().unwrap_or(fallback)
    }

    pub fn funder_line(&self, i: usize) -> usize {
        Self::nth(&self.funder_lines, i, self.line)
    }

    pub fn partner_line(&self, i: usize) -> usize {
        Self::nth(&self.partner_lines, i, self.line)
    }

    pub fn partner_country_line(&self, i: usize) -> usize {
        Self::nth(&self.partner_country_lines, i, self.partner_line(i))
    }

    pub fn indicator_line(&self, i: usize) -> usize {
        Self::nth(&self.indicator_lines, i, self.line)
    }

    /// The project's own checks: presets and their required fields, alt texts, period
    /// and budget. Every problem, each at its line.
    pub fn check(&self, path: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut err = |line: usize, field: String, message: String| {
            out.push(Diagnostic::error(path, message).field(field).at_line(line));
        };
        let t = &self.table;
        if let Some(p) = t.period {
            if p.end < p.start {
                err(
                    self.period_line,
                    "project.period.end".into(),
                    format!(
                        "the project ends ({}) before it starts ({}); check the dates",
                        p.end, p.start
                    ),
                );
            }
        }
        if let Some(b) = &t.budget {
            if let Some(grant) = b.grant.filter(|g| *g > b.total) {
                err(
                    self.budget_line,
                    "project.budget.grant".into(),
                    format!("the grant ({grant}) is larger than the project's total budget ({}); check both figures", b.total),
                );
            }
            if b.currency.len() != 3 || !b.currency.bytes().all(|c| c.is_ascii_uppercase()) {
                err(
                    self.budget_line,
                    "project.budget.currency".into(),
                    format!(
                        "{:?} is not a currency code; write its ISO 4217 code, like EUR",
                        b.currency
                    ),
                );
            }
        }
        for (i, f) in t.funders.iter().enumerate() {
            for (field, message) in funder_problems(f) {
                err(
                    self.funder_line(i),
                    format!("project.funders[{}].{field}", i + 1),
                    message,
                );
            }
        }
        let mut leads = 0;
        for (i, p) in t.partners.iter().enumerate() {
            let field = |name: &str| format!("project.partners[{}].{name}", i + 1);
            if let Some(message) = p.country.as_deref().and_then(country_problem) {
                err(self.partner_country_line(i), field("country"), message);
            }
            if p.logo.is_some() && p.logo_alt.is_none() {
                err(self.partner_line(i), field("logo_alt"), "a partner's `logo` needs `logo_alt`: the text people who cannot see the logo hear, usually the partner's name".into());
            }
            match p.role.as_deref() {
                None | Some("partner") => {}
                Some("lead") => leads += 1,
                Some(other) => err(
                    self.partner_line(i),
                    field("role"),
                    format!("unknown role {other:?}; use lead or partner"),
                ),
            }
            if leads > 1 && p.role() == Role::Lead {
                err(
                    self.partner_line(i),
                    field("role"),
                    "a project has one lead partner; another partner is already `role: lead`"
                        .into(),
                );
            }
        }
        out
    }
}

/// What is wrong with one funder: (field, message).
fn funder_problems(f: &Funder) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let Some(name) = f.preset.as_deref() else {
        if f.name.is_none() {
            out.push(("name", "a funder without `preset:` needs `name:` (and `statement:`); or use one of the presets: eu, erasmus, interreg, eea-grants, norway-grants, national".to_string()));
        }
        if f.statement.is_none() {
            out.push(("statement", "a funder without `preset:` needs `statement:`, the acknowledgement its rules ask for".to_string()));
        }
        if f.emblem.is_some() && f.emblem_alt.is_none() {
            out.push((
                "emblem_alt",
                "`emblem` needs `emblem_alt`: the text people who cannot see the emblem hear"
                    .to_string(),
            ));
        }
        return out;
    };
    let Some(preset) = Preset::from_name(name) else {
        out.push(("preset", format!("unknown preset {name:?}; use one of {}, or leave `preset` out and write `name`, `statement` and `disclaimer`", NAMES.join(", "))));
        return out;
    };
    match preset {
        Preset::EeaGrants | Preset::NorwayGrants if f.amount.is_none() => out.push((
            "amount",
            format!("the {name} acknowledgement names the grant: add `amount:` (in the budget's currency)"),
        )),
        Preset::Interreg if f.programme.is_none() => out.push((
            "programme",
            "the interreg preset needs `programme:`, the programme's name (\"Interreg V-A Latvia–Lithuania Programme 2014–2020\")".to_string(),
        )),
        Preset::Erasmus if f.authority.is_none() => out.push((
            "authority",
            "the erasmus disclaimer names the granting authority: add `authority:` (EACEA or your national agency)".to_string(),
        )),
        Preset::National if f.name.is_none() || f.statement.is_none() => out.push((
            if f.name.is_none() { "name" } else { "statement" },
            "the national preset needs `name:` (the ministry or agency) and `statement:` (its wording)".to_string(),
        )),
        _ => {}
    }
    if matches!(f.amount, Some(a) if a <= 0.0 || !a.is_finite()) {
        out.push(("amount", "`amount` must be a positive number".to_string()));
    }
    if f.emblem.is_some() && f.emblem_alt.is_none() {
        out.push((
            "emblem_alt",
            "`emblem` needs `emblem_alt`: the text people who cannot see the emblem hear"
                .to_string(),
        ));
    }
    out
}

/// What is wrong with a partner's `country:`, with the way to write it; `None` for a
/// country code CLDR knows (`i18n::is_country`).
fn country_problem(code: &str) -> Option<String> {
    if crate::i18n::is_country(code) {
        return None;
    }
    let upper = code.trim().to_uppercase();
    let way = "write the country's two-letter ISO 3166-1 code in capitals, like LT, LV or PL; the page shows its name in the page's language";
    Some(if crate::i18n::is_country(&upper) {
        format!("{code:?} is a country code in small letters; write it in capitals: {upper}")
    } else if upper == "UK" {
        format!("{code:?} is not a country code; the United Kingdom's is GB")
    } else if upper == "EL" {
        format!("{code:?} is the EU's abbreviation for Greece; its country code is GR")
    } else if let Some(found) = crate::i18n::country_code_of_name(&NAME_LANGUAGES, code) {
        format!("{code:?} is a country's name; write its code instead: {found} (the page shows the name in the page's language)")
    } else {
        format!("{code:?} is not a country code CLDR knows; {way}")
    })
}

/// The languages a `country:` written as a name is looked up in for the hint: the
/// default theme's.
const NAME_LANGUAGES: [&str; 5] = ["lt", "en", "lv", "uk", "pl"];

/// Reads the `project:` value of a front matter (already parsed as YAML) into its table
/// with lines; a shape error names the field.
pub fn parse(
    path: &Path,
    value: yaml_serde::Value,
    yaml: &str,
    first: usize,
) -> Result<ProjectFile, Vec<Diagnostic>> {
    let mut file = locate(yaml, first);
    match yaml_serde::from_value::<ProjectTable>(value) {
        Ok(table) => {
            file.table = table;
            let problems = file.check(path);
            if problems.is_empty() {
                Ok(file)
            } else {
                Err(problems)
            }
        }
        Err(e) => {
            let message = e.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            Err(vec![Diagnostic::error(
                path,
                format!("the `project:` table: {message}"),
            )
            .field("project")
            .at_line(file.line)])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: LLI-344\nproject:\n  code: LLI-344\n  period: { start: 2018-10-01, end: 2020-12-31 }\n  budget: { total: 447391.61, grant: 380282.87, currency: EUR }\n  funders:\n    - { preset: interreg, programme: \"Interreg\" }\n    - preset: eea-grants\n      amount: 250000\n  partners:\n    - { name: A, role: lead, logo: a.svg, logo_alt: A }\n    - { name: B }\nweight: 1\n";

    fn parsed(yaml: &str) -> Result<ProjectFile, Vec<Diagnostic>> {
        let all: yaml_serde::Value = yaml_serde::from_str(yaml).expect("yaml");
        let value = all.get("project").cloned().expect("project");
        parse(Path::new("content/p/_index.md"), value, yaml, 2)
    }

    #[test]
    fn parts_are_found_at_their_lines() {
        let f = parsed(YAML).expect("valid");
        assert_eq!(f.line, 3);
        assert_eq!(f.period_line, 5);
        assert_eq!(f.budget_line, 6);
        assert_eq!(f.funder_lines, vec![8, 9]);
        assert_eq!(f.partner_lines, vec![12, 13]);
        assert_eq!(f.table.partners[0].role(), Role::Lead);
        assert_eq!(f.table.budget.as_ref().map(|b| b.total), Some(447_391.61));
    }

    #[test]
    fn every_problem_is_reported_at_its_line() {
        let bad = YAML
            .replace("end: 2020-12-31", "end: 2017-12-31")
            .replace("grant: 380282.87", "grant: 500000")
            .replace("preset: interreg", "preset: intereg")
            .replace("      amount: 250000\n", "")
            .replace("logo_alt: A ", "");
        let errors = parsed(&bad).expect_err("invalid");
        let got: Vec<_> = errors
            .iter()
            .map(|d| (d.line, d.field.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Some(5), "project.period.end".to_string()),
                (Some(6), "project.budget.grant".to_string()),
                (Some(8), "project.funders[1].preset".to_string()),
                (Some(9), "project.funders[2].amount".to_string()),
                (Some(11), "project.partners[1].logo_alt".to_string()),
            ]
        );
    }

    #[test]
    fn a_partner_country_is_a_code_cldr_knows_and_errors_name_its_line() {
        let yaml = "title: P\nproject:\n  code: P\n  partners:\n    - { name: A, country: LT }\n    - { name: B, country: lv }\n    - name: C\n      url: https://c.example\n      country: Latvija\n    - name: D\n      country: UK\n    - { name: E, country: XY }\n    - { name: F, country: EU }\n    - name: G\n      country: UA\nweight: 1\n";
        let errors = parsed(yaml).expect_err("invalid");
        let got: Vec<_> = errors
            .iter()
            .map(|d| (d.line.unwrap_or(0), d.field.clone().unwrap_or_default()))
            .collect();
        let field = |n: usize| format!("project.partners[{n}].country");
        assert_eq!(
            got,
            vec![
                (7, field(2)),
                (10, field(3)),
                (12, field(4)),
                (13, field(5)),
                (14, field(6))
            ]
        );
        let hints = [
            "in capitals: LV",
            "write its code instead: LV",
            "the United Kingdom's is GB",
            "not a country code CLDR knows",
            "not a country code CLDR knows",
        ];
        for (d, hint) in errors.iter().zip(hints) {
            assert!(d.message.contains(hint), "{}", d.message);
        }
        let f = parsed(
            &yaml
                .replace(" lv ", " LV ")
                .replace("Latvija", "LV")
                .replace("UK", "GB")
                .replace("XY", "EE")
                .replace("EU", "PL"),
        )
        .expect("valid");
        assert_eq!(f.partner_country_lines, vec![6, 7, 10, 12, 13, 14, 16]);
    }
}
