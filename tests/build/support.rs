//! Test support: a fixture site copied into a temporary folder, built with a fixed
//! "now", and helpers to read and parse what it wrote.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use sklaida::{BuildOptions, Diagnostic, Errors, Report};

/// The "now" of every test build: 2026-11-23 12:00 in the site's time zone.
pub fn now() -> jiff::civil::DateTime {
    jiff::civil::date(2026, 11, 23).at(12, 0, 0, 0)
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A site in a temporary folder: the site at `<tmp>/site`, its output at `<tmp>/public`.
pub struct TestSite {
    tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub out: PathBuf,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> TestSite {
        let site = TestSite::empty();
        let from = fixtures_dir().join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        copy_dir(&from, &site.root);
        site
    }

    /// An empty folder for the site (for `init`).
    pub fn empty() -> TestSite {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("site");
        let out = tmp.path().join("public");
        fs::create_dir_all(&root).expect("mkdir site");
        TestSite { tmp, root, out }
    }

    /// The temporary folder holding the site and its output.
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: Some(self.out.clone()),
            now: Some(now()),
            ..BuildOptions::default()
        }
    }

    pub fn build(&self) -> Result<Report, Errors> {
        sklaida::build(&self.options())
    }

    /// Builds and fails the test, listing every diagnostic, if the build fails.
    pub fn build_ok(&self) -> Report {
        match self.build() {
            Ok(r) => r,
            Err(e) => panic!("build failed:\n{e}"),
        }
    }

    pub fn build_drafts_ok(&self) -> Report {
        let options = BuildOptions {
            drafts: true,
            ..self.options()
        };
        match sklaida::build(&options) {
            Ok(r) => r,
            Err(e) => panic!("build with drafts failed:\n{e}"),
        }
    }

    /// Builds, expects failure, and returns the errors (warnings left out).
    pub fn build_errors(&self) -> Vec<Diagnostic> {
        match self.build() {
            Ok(r) => panic!(
                "expected the build to fail, but it succeeded: {}",
                r.summary()
            ),
            Err(Errors(ds)) => ds.into_iter().filter(Diagnostic::is_error).collect(),
        }
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Replaces `from` with `to` in the site's file `rel`, which must hold it.
    pub fn replace_in(&self, rel: &str, from: &str, to: &str) {
        let text = fs::read_to_string(self.root.join(rel)).expect("read");
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replace(from, to));
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).expect("remove");
    }

    /// A path in the output: `en/apie/` means `en/apie/index.html`.
    pub fn out_path(&self, rel: &str) -> PathBuf {
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.out.join(rel).join("index.html")
        } else {
            self.out.join(rel)
        }
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.out_path(rel).is_file()
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        let path = self.out_path(rel);
        fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The parsed HTML of an output page.
    pub fn html(&self, rel: &str) -> Html {
        let bytes = self.read(rel);
        Html::parse_document(std::str::from_utf8(&bytes).expect("output is UTF-8"))
    }

    /// Every output file: path relative to the output (with `/`) → bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        output_files(&self.out)
            .into_iter()
            .map(|(rel, path)| {
                let bytes = fs::read(&path).expect("read output");
                (rel, bytes)
            })
            .collect()
    }

    /// Every output HTML file, parsed: (path relative to the output, document).
    pub fn html_files(&self) -> Vec<(String, Html)> {
        html_files(&self.out)
    }
}

/// The repository's example site built at [`now`] into a temporary folder: the folder
/// (keep it alive), the output folder and the report.
pub fn build_example_site() -> (tempfile::TempDir, PathBuf, Report) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let options = BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output: Some(out.clone()),
        now: Some(now()),
        ..BuildOptions::default()
    };
    let report = sklaida::build(&options).unwrap_or_else(|e| panic!("example site:\n{e}"));
    (tmp, out, report)
}

/// Every file under `dir`: (relative path with `/`, full path), sorted.
pub fn output_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, e.path().to_path_buf())
        })
        .collect();
    files.sort();
    files
}

pub fn html_files(dir: &Path) -> Vec<(String, Html)> {
    output_files(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, path)| {
            let text = fs::read_to_string(&path).expect("output HTML is UTF-8");
            (rel, Html::parse_document(&text))
        })
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// Every element matching `css`, in document order.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// The one element matching `css`; fails the test if there are none or several.
pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one {css:?}, found {}:\n{}",
        found.len(),
        found
            .iter()
            .map(|e| e.html())
            .collect::<Vec<_>>()
            .join("\n")
    );
    found[0]
}

pub fn attr<'a>(element: ElementRef<'a>, name: &str) -> &'a str {
    element
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {}", element.html()))
}

/// The element's text with whitespace collapsed.
pub fn text(element: ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole document's text with whitespace collapsed.
pub fn document_text(html: &Html) -> String {
    text(html.root_element())
}

/// The error about `path` and `field`; fails the test, listing all errors, if none.
pub fn error_for<'a>(errors: &'a [Diagnostic], path: &str, field: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|d| d.path == Path::new(path) && d.field.as_deref() == Some(field))
        .unwrap_or_else(|| {
            panic!(
                "no error on {path} field {field:?}; errors:\n{}",
                list(errors)
            )
        })
}

/// Asserts there is exactly one error, about `path` and `field`, at `line`.
pub fn assert_single_error(errors: &[Diagnostic], path: &str, field: &str, line: usize) {
    assert_eq!(
        errors.len(),
        1,
        "expected one error, got:\n{}",
        list(errors)
    );
    let d = error_for(errors, path, field);
    assert_eq!(d.line, Some(line), "wrong line in: {d}");
}

pub fn list(ds: &[Diagnostic]) -> String {
    ds.iter().map(|d| format!("  {d}\n")).collect()
}

/// Babel's CLDR name of country `code` in `lang` (`tests/fixtures/cldr/countries.tsv`,
/// made by `countries.py`).
pub fn cldr_country(lang: &str, code: &str) -> String {
    let table = fs::read_to_string(fixtures_dir().join("cldr/countries.tsv")).expect("table");
    table
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let mut f = l.split('\t');
            (f.next() == Some(lang) && f.next() == Some(code)).then(|| f.next())?
        })
        .unwrap_or_else(|| panic!("no {lang} {code} in countries.tsv"))
        .to_string()
}
