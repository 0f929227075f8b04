//! `check --external`: asks other sites whether the addresses the site links to still
//! answer. Each address once (the fragment aside), a few at a time, `HEAD` first and
//! `GET` when a server refuses `HEAD`; redirects are not followed but reported, so the
//! link can be updated. Nothing here fails a check: other sites are often briefly down.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// How patient to be with other sites.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// For one request, connecting included.
    pub timeout: Duration,
    /// Requests at the same time.
    pub workers: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout: Duration::from_secs(10),
            workers: 8,
        }
    }
}

/// What an address answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Fine,
    Redirect { status: u16, location: String },
    Status(u16),
    Timeout,
    Unreachable(String),
}

impl Outcome {
    /// The warning text for `url`, or `None` when it answered fine.
    pub fn problem(&self, url: &str, settings: &Settings) -> Option<String> {
        Some(match self {
            Outcome::Fine => return None,
            Outcome::Redirect { status, location } => format!(
                "link to {url} redirects ({status}) to {location}: link to the new address instead"
            ),
            Outcome::Status(status) => {
                let reason = ureq::http::StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("");
                format!("link to {url}: the server answers {status} {reason}")
                    .trim_end()
                    .to_string()
            }
            Outcome::Timeout => format!(
                "link to {url}: no answer within {} s",
                settings.timeout.as_secs_f64()
            ),
            Outcome::Unreachable(why) => format!("link to {url} cannot be reached: {why}"),
        })
    }
}

/// Checks every address (each once) and returns what each answered.
pub fn check_all(urls: &[String], settings: &Settings) -> HashMap<String, Outcome> {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(settings.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!(
            "sklaida-check/",
            env!("CARGO_PKG_VERSION"),
            " (link checker)"
        ))
        .build();
    let agent: ureq::Agent = config.into();
    let next = AtomicUsize::new(0);
    let results = Mutex::new(HashMap::with_capacity(urls.len()));
    let workers = settings.workers.clamp(1, urls.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(url) = urls.get(i) else {
                    break;
                };
                let outcome = check_one(&agent, url);
                if let Ok(mut map) = results.lock() {
                    map.insert(url.clone(), outcome);
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

fn check_one(agent: &ureq::Agent, url: &str) -> Outcome {
    match agent.head(url).call() {
        Ok(response) => {
            let outcome = outcome_of(&response);
            match outcome {
                // Some servers refuse or mishandle HEAD: ask again with GET.
                Outcome::Status(_) => match agent.get(url).call() {
                    Ok(response) => outcome_of(&response),
                    Err(_) => outcome,
                },
                other => other,
            }
        }
        Err(ureq::Error::Timeout(_)) => Outcome::Timeout,
        Err(_) => match agent.get(url).call() {
            Ok(response) => outcome_of(&response),
            Err(ureq::Error::Timeout(_)) => Outcome::Timeout,
            Err(e) => Outcome::Unreachable(e.to_string()),
        },
    }
}

fn outcome_of<B>(response: &ureq::http::Response<B>) -> Outcome {
    let status = response.status().as_u16();
    match status {
        200..=299 => Outcome::Fine,
        300..=399 => Outcome::Redirect {
            status,
            location: response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no address given)")
                .to_string(),
        },
        _ => Outcome::Status(status),
    }
}
