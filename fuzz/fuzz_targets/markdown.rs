//! Markdown rendering with the project's own event rewriting (heading ids, footnotes,
//! alerts, tables, images, code highlighting) and a link resolver like the build's.
//! Any text renders without a panic, heading ids are unique, and every reported line
//! is a line of the file.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use sklaida::markdown::{render, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let resolve = |href: &str| {
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        path.strip_suffix(".md").map(|p| {
            let url = format!("/{}/", p.trim_start_matches("../"));
            if fragment.is_empty() {
                url
            } else {
                format!("{url}#{fragment}")
            }
        })
    };
    let first_line = 5;
    let options = Options {
        footnote_prefix: "fn-",
        resolve_link: Some(&resolve),
        first_line,
    };
    let rendered = render(source, &options);
    let last_line = first_line + source.split('\n').count();
    let mut ids = HashSet::new();
    for h in &rendered.headings {
        // Ids the author gives (`{#id}`) may repeat; generated ones never do.
        if !source.contains('{') {
            assert!(ids.insert(h.id.as_str()), "duplicate heading id {:?}", h.id);
        }
        assert!((1..=6).contains(&h.level));
        assert!(h.line >= first_line && h.line <= last_line, "{h:?}");
    }
    for l in &rendered.links {
        assert!(l.line >= first_line && l.line <= last_line, "{l:?}");
    }
    for i in &rendered.images {
        assert!(i.line >= first_line && i.line <= last_line, "{i:?}");
    }
});
