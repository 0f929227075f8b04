//! TEMPORARY STUB (helper writes the real one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    Long,
    Full,
    Short,
    MonthYear,
}
pub fn format_date(_lang: &str, date: jiff::civil::Date, _s: DateStyle) -> String {
    date.to_string()
}
pub fn format_time(_lang: &str, t: jiff::civil::Time) -> String {
    t.strftime("%H:%M").to_string()
}
pub fn format_date_range(_lang: &str, a: jiff::civil::Date, b: jiff::civil::Date) -> String {
    format!("{a}–{b}")
}
pub fn format_number(_lang: &str, n: f64) -> String {
    n.to_string()
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    UnknownKey(String),
    NeedsCount(String),
}
impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}
#[derive(Debug, Clone, Default)]
pub struct Strings {
    map: std::collections::HashMap<(String, String), String>,
}
impl Strings {
    pub fn load(
        sources: &[(String, std::path::PathBuf, String)],
    ) -> (Strings, Vec<crate::error::Diagnostic>) {
        let mut map = std::collections::HashMap::new();
        for (lang, _, text) in sources {
            if let Ok(m) =
                yaml_serde::from_str::<std::collections::BTreeMap<String, yaml_serde::Value>>(text)
            {
                for (k, v) in m {
                    let s = match v {
                        yaml_serde::Value::String(s) => s,
                        yaml_serde::Value::Mapping(m) => m
                            .get("other")
                            .and_then(|x| x.as_str())
                            .unwrap_or("")
                            .to_string(),
                        _ => String::new(),
                    };
                    map.insert((lang.clone(), k), s);
                }
            }
        }
        (Strings { map }, vec![])
    }
    pub fn get(&self, lang: &str, key: &str, count: Option<f64>) -> Result<String, LookupError> {
        let s = self
            .map
            .get(&(lang.to_string(), key.to_string()))
            .ok_or_else(|| LookupError::UnknownKey(key.to_string()))?;
        Ok(match count {
            Some(c) => s.replace("{count}", &c.to_string()),
            None => s.clone(),
        })
    }
}
