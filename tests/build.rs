//! End-to-end tests of building sites: fixture sites under `tests/fixtures/` are copied
//! into a temporary folder, built with [`sklaida::build`] at a fixed "now", and the
//! output is parsed and checked.

#[path = "support/browser.rs"]
mod browser;
#[path = "support/example.rs"]
mod example;
#[path = "build/support.rs"]
mod support;

#[path = "build/authoring.rs"]
mod authoring;
#[path = "build/cards.rs"]
mod cards;
#[path = "build/check.rs"]
mod check;
#[path = "build/cli.rs"]
mod cli;
#[path = "build/cms.rs"]
mod cms;
#[path = "build/cms_words.rs"]
mod cms_words;
#[path = "build/discovery.rs"]
mod discovery;
#[path = "build/events.rs"]
mod events;
#[path = "build/example_site.rs"]
mod example_site;
#[path = "build/examples.rs"]
mod examples;
#[path = "build/html.rs"]
mod html;
#[path = "build/inputs.rs"]
mod inputs;
#[path = "build/interface_keys.rs"]
mod interface_keys;
#[path = "build/languages.rs"]
mod languages;
#[path = "build/menus.rs"]
mod menus;
#[path = "build/more_languages.rs"]
mod more_languages;
#[path = "build/newsletters.rs"]
mod newsletters;
#[path = "build/output.rs"]
mod output;
#[path = "build/posters.rs"]
mod posters;
#[path = "build/projects.rs"]
mod projects;
#[path = "build/publishing.rs"]
mod publishing;
#[path = "build/requests.rs"]
mod requests;
#[path = "build/results.rs"]
mod results;
#[path = "build/safety.rs"]
mod safety;
#[path = "build/scaffold.rs"]
mod scaffold;
#[path = "build/search.rs"]
mod search;
#[path = "build/sharing.rs"]
mod sharing;
#[path = "build/shortcodes.rs"]
mod shortcodes;
#[path = "build/stories.rs"]
mod stories;
#[path = "build/theme.rs"]
mod theme;
#[path = "build/typography.rs"]
mod typography;
#[path = "build/urls.rs"]
mod urls;
#[path = "build/validation.rs"]
mod validation;
#[path = "build/wording.rs"]
mod wording;
