//! Inputs the fuzzers found (kept in `tests/fixtures/fuzz/<target>/`), run through the
//! same checks as the fuzz targets (`fuzz/checks.rs`), so a fixed crash stays fixed.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file kept for `target`; returns how many there were.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut count = 0;
    for entry in entries.filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("read input");
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Err(panic) = std::panic::catch_unwind(|| check(&bytes)) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            panic!("{target}/{name}: {why}");
        }
        count += 1;
    }
    count
}

#[test]
fn front_matter_inputs_found_by_fuzzing() {
    assert!(replay("front_matter", checks::front_matter) >= 1);
}

#[test]
fn markdown_inputs_found_by_fuzzing() {
    replay("markdown", checks::markdown);
}

#[test]
fn site_toml_inputs_found_by_fuzzing() {
    replay("site_toml", checks::site_toml);
}

#[test]
fn serve_request_inputs_found_by_fuzzing() {
    replay("serve_request", checks::serve_request);
}

#[test]
fn calendar_inputs_found_by_fuzzing() {
    assert!(replay("calendar", checks::calendar) >= 3);
}

/// The serve target's seeds (traversal, ranges, pipelined heads, the event stream)
/// go through the same checks, so the request-to-file mapping is held without cargo-fuzz.
#[test]
fn serve_request_seeds_pass_the_checks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/serve_request");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir)
        .expect("seeds")
        .filter_map(Result::ok)
    {
        checks::serve_request(&std::fs::read(entry.path()).expect("read seed"));
        count += 1;
    }
    assert!(count >= 4, "{count} seeds");
}
