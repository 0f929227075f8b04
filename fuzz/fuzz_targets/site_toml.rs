//! `site.toml` loading: any text gives a validated config or diagnostics naming
//! `site.toml` at a line inside the text, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sklaida::config::Config;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Config::parse(text) {
        Ok(config) => {
            assert!(!config.languages.is_empty());
            assert_eq!(config.languages[0].code, config.default_language);
            assert!(!config.base_url.ends_with('/'));
        }
        Err(ds) => {
            assert!(!ds.is_empty());
            let lines = text.split('\n').count().max(1);
            for d in &ds {
                assert_eq!(d.path, std::path::Path::new("site.toml"));
                if let Some(line) = d.line {
                    assert!(line >= 1 && line <= lines, "line {line} of {lines}: {d}");
                }
            }
        }
    }
});
