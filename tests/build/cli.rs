//! The `sklaida` binary, end to end.

use std::process::{Command, Output};

use crate::support::*;

fn sklaida(args: &[&str], cwd: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run sklaida")
}

#[test]
fn cli_build_prints_summary_and_writes_public() {
    // The multilingual fixture has no dates, so the real "now" of the binary is fine.
    let site = TestSite::fixture("multilingual");
    let out = sklaida(&["build", "--root", "site"], site.tmp());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let summary = stdout
        .lines()
        .find(|l| l.starts_with("Built "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stdout}"));
    assert!(
        summary.starts_with("Built 14 pages (lt 8, en 6) and 6 sections into site/public: "),
        "{summary}"
    );
    assert!(
        summary
            .contains(" files written, 0 unchanged (20 share cards drawn, 0 from the cache), in "),
        "{summary}"
    );
    assert!(site.root.join("public/index.html").is_file());
    assert!(site.root.join("public/en/activities/index.html").is_file());
    assert!(stderr.trim().is_empty(), "unexpected warnings:\n{stderr}");
}

#[test]
fn cli_build_fails_on_bad_input_and_names_file_line_and_field() {
    let site = TestSite::fixture("three_broken");
    let out = sklaida(&["build", "--root", "site", "--output", "out"], site.tmp());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(!stdout.contains("Built "), "{stdout}");
    assert!(!site.tmp().join("out").exists());

    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.contains(
            &"content/renginiai/seminaras.md:3: error: start: expected a date like 2024-02-26 (all day), 2024-02-26T10:00 or 2024-02-26 10:00 (the site's time zone), 2024-02-26T10:00+02:00 (an offset from UTC, or Z) or 2024-02-26T10:00[Europe/Paris] (a time zone); got \"rytoj\""
        ),
        "{stderr}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/kontaktai.fr.md: error: ")),
        "{stderr}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("content/apie.md:")),
        "{stderr}"
    );
    assert_eq!(lines.last(), Some(&"3 errors"), "{stderr}");
}

#[test]
fn cli_check_reports_errors_without_writing() {
    let site = TestSite::fixture("three_broken");
    let out = sklaida(&["check", "--root", "site"], site.tmp());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("content/renginiai/seminaras.md:3: error: start: "));
    assert!(!site.root.join("public").exists());
}

/// `--base-url` is checked by the same rule as `base_url` in site.toml: a bad value is
/// an error naming the option, and nothing is written.
#[test]
fn cli_bad_base_url_option_is_an_error_naming_it_in_build_and_check() {
    let site = TestSite::fixture("multilingual");
    for bad in [
        "javascript:alert(1)//x",
        "https://preview.example.test/kampanija/?x=1",
        "https://preview.example.test/kampanija/#x",
        "ftp://preview.example.test/kampanija/",
        "https://user:slaptas@preview.example.test",
        "//preview.example.test",
        "https://preview.example.test/\"><script>",
        "data:text/html,x",
        "",
    ] {
        let out = sklaida(
            &[
                "build",
                "--root",
                "site",
                "--output",
                "out",
                "--base-url",
                bad,
            ],
            site.tmp(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "build {bad:?}: {stderr}");
        assert!(
            stderr.lines().any(|l| l.starts_with("--base-url: error: ")),
            "build {bad:?}: {stderr}"
        );
        assert!(!site.tmp().join("out").exists(), "build {bad:?} wrote out/");

        let out = sklaida(&["check", "--root", "site", "--base-url", bad], site.tmp());
        let report = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "check {bad:?}: {report}");
        assert!(
            report.contains("--base-url: error: "),
            "check {bad:?}: {report}"
        );
    }
}

/// `build` and `check` agree on every value, and a good one reaches the pages.
#[test]
fn cli_build_and_check_agree_on_base_url_option() {
    let site = TestSite::fixture("themed");
    for (value, valid) in [
        ("https://preview.example.test/", true),
        ("http://localhost:8080", true),
        ("https://preview.example.test/kampanija/", true),
        ("https://preview.example.test/#x", false),
        ("https://preview.example.test?x=1", false),
        ("ftp://preview.example.test", false),
        ("preview.example.test", false),
    ] {
        let built = sklaida(
            &[
                "build",
                "--root",
                "site",
                "--output",
                "out",
                "--base-url",
                value,
            ],
            site.tmp(),
        );
        let checked = sklaida(
            &["check", "--root", "site", "--base-url", value],
            site.tmp(),
        );
        assert_eq!(
            built.status.success(),
            valid,
            "build {value:?}: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        // The fixture has other findings (no privacy page), so `check` is judged by
        // whether it accepts the option.
        let report = String::from_utf8_lossy(&checked.stdout);
        let refused = report.contains("--base-url: error: ");
        assert_eq!(refused, !valid, "check {value:?}: {report}");
        assert!(valid || checked.status.code() == Some(1), "check {value:?}");
        if valid {
            let html = scraper::Html::parse_document(
                &std::fs::read_to_string(site.tmp().join("out/en/apie/index.html")).expect("built"),
            );
            let canonical = attr(one(&html, r#"link[rel="canonical"]"#), "href");
            let base = value.trim_end_matches('/');
            assert_eq!(canonical, format!("{base}/en/apie/"), "{value:?}");
            // Under a sub-path, the page's own links are under it too.
            let style = attr(one(&html, r#"link[rel="stylesheet"]"#), "href");
            let path = base
                .splitn(4, '/')
                .nth(3)
                .map_or(String::new(), |p| format!("/{p}"));
            assert_eq!(style, format!("{path}/style.css"), "{value:?}");
            std::fs::remove_dir_all(site.tmp().join("out")).expect("remove out/");
        }
    }
}
