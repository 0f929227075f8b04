//! Funder presets: the statement and disclaimer a funding programme requires, in the
//! languages where the wording can be cited (sources in docs/content.md, "Funder
//! presets"). A wording the theme cannot cite in a language is `None` here, and the
//! model asks the site to give it (`statement: { uk: "…" }`), never a guess.
//!
//! Foundation layer: pure data and string filling, read by `content` (checking a
//! project's `funders:` while loading) and by `site::projects` (each language's
//! acknowledgement). It knows no pages and no templates.

/// The programmes Sklaida knows the wording of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// ESF+, ERDF, Cohesion Fund: "Co-funded by the European Union" with the emblem.
    Eu,
    /// Erasmus+: "Funded by the European Union", disclaimer naming the granting authority.
    Erasmus,
    /// An Interreg programme: its own logo (the site's file), the beneficiary disclaimer.
    Interreg,
    /// EEA Grants: the Communication and Design Manual's boilerplate with the amount.
    EeaGrants,
    /// Norway Grants: as EEA Grants, from Norway alone.
    NorwayGrants,
    /// A ministry or agency: its name and statement are the site's.
    National,
}

/// The preset names, as written in `preset:`.
pub const NAMES: [&str; 6] = [
    "eu",
    "erasmus",
    "interreg",
    "eea-grants",
    "norway-grants",
    "national",
];

/// Where a funder's disclaimer is shown on a project's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisclaimerOn {
    /// Every page of the project (Interreg: the programme asks it on the project's
    /// website and every publication).
    Every,
    /// Pages that publish the project's views: the project page, articles, stories,
    /// posters, newsletters and the results page.
    Publications,
}

/// What the fields of a funder give a preset to fill in.
#[derive(Debug, Clone, Default)]
pub struct Fill<'a> {
    /// `authority` (Erasmus+).
    pub authority: Option<&'a str>,
    /// The lead partner, the beneficiary (Interreg).
    pub beneficiary: Option<&'a str>,
    /// The project's name (EEA and Norway Grants).
    pub project: Option<&'a str>,
    /// The grant, already formatted for the language with its currency (EEA and Norway).
    pub amount: Option<&'a str>,
}

impl Preset {
    pub fn from_name(name: &str) -> Option<Preset> {
        Some(match name {
            "eu" => Preset::Eu,
            "erasmus" => Preset::Erasmus,
            "interreg" => Preset::Interreg,
            "eea-grants" => Preset::EeaGrants,
            "norway-grants" => Preset::NorwayGrants,
            "national" => Preset::National,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Preset::Eu => "eu",
            Preset::Erasmus => "erasmus",
            Preset::Interreg => "interreg",
            Preset::EeaGrants => "eea-grants",
            Preset::NorwayGrants => "norway-grants",
            Preset::National => "national",
        }
    }

    /// Whether the theme draws the EU emblem beside the statement.
    pub fn eu_emblem(self) -> bool {
        matches!(self, Preset::Eu | Preset::Erasmus)
    }

    pub fn disclaimer_on(self) -> DisclaimerOn {
        match self {
            Preset::Interreg => DisclaimerOn::Every,
            _ => DisclaimerOn::Publications,
        }
    }

    /// The statement shown beside the emblem in `lang`, where it can be cited. `None`
    /// for a preset whose statement is the site's (`national`) or the programme's name
    /// (`interreg`) and for a language without a cited wording.
    pub fn statement(self, lang: &str, fill: &Fill) -> Option<String> {
        let lang = primary(lang);
        match self {
            Preset::Eu => co_funded(lang).map(str::to_string),
            Preset::Erasmus => funded(lang).map(str::to_string),
            Preset::EeaGrants | Preset::NorwayGrants => {
                let (project, amount) = (fill.project?, fill.amount?);
                let donors = if self == Preset::EeaGrants {
                    "Iceland, Liechtenstein and Norway through the EEA Grants"
                } else {
                    "Norway through the Norway Grants"
                };
                (lang == "en").then(|| {
                    format!("The {project} project benefits from a {amount} grant from {donors}.")
                })
            }
            Preset::Interreg | Preset::National => None,
        }
    }

    /// Whether the preset has a statement of its own (else the site gives it, or, for
    /// Interreg, the programme's name stands for it).
    pub fn has_statement(self) -> bool {
        !matches!(self, Preset::Interreg | Preset::National)
    }

    /// The disclaimer in `lang`, where it can be cited; `None` also for presets that
    /// have none (EEA and Norway Grants, national).
    pub fn disclaimer(self, lang: &str, fill: &Fill) -> Option<String> {
        let lang = primary(lang);
        match (self, lang) {
            (Preset::Eu, "en") => Some(
                "Co-funded by the European Union. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union. Neither the European Union nor the granting authority can be held responsible for them."
                    .to_string(),
            ),
            (Preset::Erasmus, "en") => {
                let authority = fill.authority?;
                Some(format!(
                    "Funded by the European Union. Views and opinions expressed are however those of the author(s) only and do not necessarily reflect those of the European Union or {authority}. Neither the European Union nor {authority} can be held responsible for them."
                ))
            }
            (Preset::Interreg, "en") => {
                let beneficiary = fill.beneficiary?;
                Some(format!(
                    "The contents of this publication are the sole responsibility of {beneficiary} and can under no circumstances be regarded as reflecting the position of the European Union."
                ))
            }
            _ => None,
        }
    }

    /// Whether the preset has a disclaimer at all (then every language needs one).
    pub fn has_disclaimer(self) -> bool {
        matches!(self, Preset::Eu | Preset::Erasmus | Preset::Interreg)
    }
}

/// `lt-LT` → `lt`.
fn primary(lang: &str) -> &str {
    lang.split('-').next().unwrap_or(lang)
}

/// "Co-funded by the European Union" as the Commission's emblem files write it.
fn co_funded(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "en" => "Co-funded by the European Union",
        "lt" => "Bendrai finansuoja Europos Sąjunga",
        "lv" => "Līdzfinansē Eiropas Savienība",
        "pl" => "Współfinansowane przez Unię Europejską",
        _ => return None,
    })
}

/// "Funded by the European Union" as the Commission's emblem files write it.
fn funded(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "en" => "Funded by the European Union",
        "lt" => "Finansuoja Europos Sąjunga",
        "lv" => "Finansē Eiropas Savienība",
        "pl" => "Finansowane przez Unię Europejską",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_a_preset_and_back() {
        for name in NAMES {
            assert_eq!(Preset::from_name(name).map(Preset::name), Some(name));
        }
        assert_eq!(Preset::from_name("EU"), None);
        assert_eq!(Preset::from_name("esf"), None);
    }

    #[test]
    fn eu_statements_exist_where_cited_and_nowhere_else() {
        let fill = Fill::default();
        assert_eq!(
            Preset::Eu.statement("lt", &fill).as_deref(),
            Some("Bendrai finansuoja Europos Sąjunga")
        );
        assert_eq!(
            Preset::Erasmus.statement("lv", &fill).as_deref(),
            Some("Finansē Eiropas Savienība")
        );
        assert_eq!(Preset::Eu.statement("uk", &fill), None);
        // Disclaimers are cited in English only.
        assert!(Preset::Eu.disclaimer("en", &fill).is_some());
        assert_eq!(Preset::Eu.disclaimer("lt", &fill), None);
    }

    #[test]
    fn fields_are_filled_into_the_wording() {
        let fill = Fill {
            authority: Some("EACEA"),
            beneficiary: Some("Pakruojo rajono savivaldybės administracija"),
            project: Some("Healthy Together"),
            amount: Some("€250,000"),
        };
        let erasmus = Preset::Erasmus.disclaimer("en", &fill).unwrap_or_default();
        assert!(erasmus.contains("European Union or EACEA. Neither the European Union nor EACEA"));
        let interreg = Preset::Interreg.disclaimer("en", &fill).unwrap_or_default();
        assert!(interreg.contains("sole responsibility of Pakruojo rajono"));
        assert_eq!(
            Preset::EeaGrants.statement("en", &fill).as_deref(),
            Some("The Healthy Together project benefits from a €250,000 grant from Iceland, Liechtenstein and Norway through the EEA Grants.")
        );
        assert_eq!(
            Preset::NorwayGrants.statement("en", &fill).as_deref(),
            Some("The Healthy Together project benefits from a €250,000 grant from Norway through the Norway Grants.")
        );
        assert_eq!(Preset::EeaGrants.statement("lt", &fill), None);
    }
}
