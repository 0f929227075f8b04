//! The broken-input corpus: every site under `tests/fixtures/broken/<case>/` is built
//! by the real `sklaida` binary, and its `expect.toml` says what must happen — the
//! exit status, the reports on stderr (file, line, field, words), the output files of
//! a build that must succeed. Every run must end without a panic, within
//! [`WATCHDOG`] (a hang detector, not a timing test) and, on Unix, within
//! [`MEMORY_LIMIT`] of address space. Cases that cannot be committed as files
//! (invalid UTF-8, a 5 MB line, a symlink loop …) name a generator in `expect.toml`
//! that writes them into the temporary copy; see `tests/fixtures/broken/README.md`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A run still going after this long is killed and the case fails as a hang.
const WATCHDOG: Duration = Duration::from_secs(20);
/// Address space a run may use (`ulimit -v`, KiB): an unbounded expansion fails.
#[cfg(unix)]
const MEMORY_LIMIT: u64 = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// The exit status of `sklaida build`.
    exit: i32,
    /// The number of errors in the last line (`3 errors`), when the build fails.
    #[serde(default)]
    errors: Option<usize>,
    /// A generator in this file that writes the case's content.
    #[serde(default)]
    generated: Option<String>,
    /// Skipped, with this reason, until a feature the case needs exists.
    #[serde(default)]
    ignore: Option<String>,
    /// Lines that stderr must have.
    #[serde(default)]
    report: Vec<Report>,
    /// Files a successful build must have written (relative to the output).
    #[serde(default)]
    outputs: Vec<String>,
    /// Elements the built pages must have.
    #[serde(default)]
    html: Vec<HtmlCheck>,
}

/// One stderr line: `file[:line[:column]]: severity: [field: ]message`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    file: String,
    #[serde(default)]
    line: Option<usize>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default = "error")]
    severity: String,
    /// Words the message must contain.
    contains: String,
}

fn error() -> String {
    "error".to_string()
}

/// The text of the first element matching `selector` in an output page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HtmlCheck {
    page: String,
    selector: String,
    text: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken")
}

/// What one run of the binary gave.
struct Run {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `sklaida <args>` in `cwd`; kills it after [`WATCHDOG`] (`status` is then `None`).
fn run(cwd: &Path, args: &[&str]) -> Run {
    let binary = env!("CARGO_BIN_EXE_sklaida");
    #[cfg(unix)]
    let mut command = {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("ulimit -v {MEMORY_LIMIT} && exec \"$0\" \"$@\""))
            .arg(binary);
        c
    };
    #[cfg(not(unix))]
    let mut command = Command::new(binary);
    let started = Instant::now();
    let mut child = command
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sklaida");
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = r.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = pipe(Box::new(child.stdout.take().expect("stdout")));
    let stderr = pipe(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status.code();
        }
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let took = started.elapsed();
    Run {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        took,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read case") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_name() == "expect.toml" {
            continue;
        }
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Whether `line` is the report `r` describes.
fn matches(line: &str, r: &Report) -> bool {
    let Some(rest) = line.strip_prefix(r.file.as_str()) else {
        return false;
    };
    let rest = match r.line {
        Some(n) => match rest.strip_prefix(&format!(":{n}")) {
            // `:4: ` or `:4:15: `, not `:41: `.
            Some(after) if after.starts_with(':') => after,
            _ => return false,
        },
        None => rest,
    };
    let Some((_, message)) = rest.split_once(&format!(": {}: ", r.severity)) else {
        return false;
    };
    let message = match &r.field {
        Some(f) => match message.strip_prefix(&format!("{f}: ")) {
            Some(m) => m,
            None => return false,
        },
        None => message,
    };
    message.contains(&r.contains)
}

/// Checks one case; returns what is wrong with it.
fn check_case(name: &str) -> Result<Duration, String> {
    let dir = corpus().join(name);
    let text =
        fs::read_to_string(dir.join("expect.toml")).map_err(|e| format!("expect.toml: {e}"))?;
    let expect: Expect = toml::from_str(&text).map_err(|e| format!("expect.toml: {e}"))?;
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    copy_dir(&dir, &site);
    if let Some(g) = &expect.generated {
        generate(g, &site)?;
    }
    // A case may put something where the output goes: it must be left as it was.
    let out = tmp.path().join("out");
    let out_before = special(&out);
    let r = run(tmp.path(), &["build", "--root", "site", "--output", "out"]);
    let shown = || format!("stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    if r.status.is_none() {
        return Err(format!(
            "still running after {WATCHDOG:?}: killed\n{}",
            shown()
        ));
    }
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack overflow",
        "memory allocation",
    ] {
        if r.stderr.contains(bad) || r.stdout.contains(bad) {
            return Err(format!("{bad:?} in the output\n{}", shown()));
        }
    }
    if r.status != Some(expect.exit) {
        return Err(format!(
            "exit status {:?}, expected {}\n{}",
            r.status,
            expect.exit,
            shown()
        ));
    }
    let lines: Vec<&str> = r.stderr.lines().collect();
    for report in &expect.report {
        if !lines.iter().any(|l| matches(l, report)) {
            return Err(format!("no stderr line like {report:?}\n{}", shown()));
        }
    }
    if out_before.is_some() && special(&out) != out_before {
        return Err(format!(
            "what was at the output path changed: {out_before:?} → {:?}",
            special(&out)
        ));
    }
    if expect.exit == 0 {
        if !r.stdout.contains("Built ") {
            return Err(format!("no summary\n{}", shown()));
        }
    } else {
        let count = expect.errors.unwrap_or(1);
        let last = format!("{count} error{}", if count == 1 { "" } else { "s" });
        if lines.last() != Some(&last.as_str()) {
            return Err(format!("the last line is not {last:?}\n{}", shown()));
        }
        if out_before.is_none() && out.exists() {
            return Err("a failed build created the output folder".to_string());
        }
        // Every error line names a file, like a compiler.
        for l in lines.iter().filter(|l| l.contains(": error: ")) {
            let file = l.split(": error: ").next().unwrap_or("");
            if file.is_empty() || file.starts_with(' ') {
                return Err(format!("an error without a file: {l}"));
            }
        }
    }
    for rel in &expect.outputs {
        if !out.join(rel).is_file() {
            return Err(format!("no output file {rel}\n{}", shown()));
        }
    }
    for h in &expect.html {
        let text = fs::read_to_string(out.join(&h.page)).map_err(|e| format!("{}: {e}", h.page))?;
        let doc = scraper::Html::parse_document(&text);
        let selector = scraper::Selector::parse(&h.selector).map_err(|e| format!("{e:?}"))?;
        let found: Option<String> = doc.select(&selector).next().map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        });
        if found.as_deref() != Some(h.text.as_str()) {
            return Err(format!(
                "{} {}: {found:?}, expected {:?}",
                h.page, h.selector, h.text
            ));
        }
    }
    // Nothing was written outside the temporary folder's `out/`, and a site without
    // `site.toml` did not even get a lock file.
    if !site.join("site.toml").exists()
        && fs::read_dir(tmp.path())
            .expect("list")
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains("sklaida"))
    {
        return Err("a folder without site.toml got files beside it".to_string());
    }
    let mut names: Vec<String> = fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n != "site"
                && n != "out"
                && n != OUTSIDE
                && !n.ends_with("sklaida-lock")
                && !n.ends_with("sklaida-stamp")
        })
        .collect();
    names.sort();
    if !names.is_empty() {
        return Err(format!("left beside the output: {names:?}"));
    }
    Ok(r.took)
}

/// What is at `path` without following a link (its type, and a link's target), if
/// anything.
fn special(path: &Path) -> Option<String> {
    let meta = fs::symlink_metadata(path).ok()?;
    let link = fs::read_link(path).ok();
    Some(format!("{:?} {link:?}", meta.file_type()))
}

/// A folder beside the site (and outside it) that generators may fill.
const OUTSIDE: &str = "outside";

const SITE_TOML: &str = "base_url = \"https://example.test\"\ndefault_language = \"lt\"\n\n[languages.lt]\ntitle = \"Bandomoji svetainė\"\ndescription = \"Svetainė testams\"\n\n[languages.en]\ntitle = \"Test site\"\ndescription = \"A site for tests\"\n";

/// Writes the content of a generated case into `site`.
fn generate(name: &str, site: &Path) -> Result<(), String> {
    let write = |rel: &str, bytes: &[u8]| {
        let path = site.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    };
    let page = |title: &str, body: &str| format!("---\ntitle: {title}\n---\n{body}\n");
    match name {
        // A byte that is not UTF-8 on line 5.
        "invalid_utf8" => write(
            "content/apie.md",
            b"---\ntitle: Apie\n---\nPirma eilut\xc4\x97.\nAntra \xff\xfe eilut\xc4\x97.\n",
        ),
        // A byte order mark before `---` and before `base_url`.
        "bom" => {
            write("site.toml", format!("\u{feff}{SITE_TOML}").as_bytes());
            write(
                "content/apie.md",
                format!("\u{feff}{}", page("Apie su BOM", "Tekstas.")).as_bytes(),
            );
        }
        // Windows line ends everywhere, and a lone `\r` too.
        "crlf" => {
            write("site.toml", SITE_TOML.replace('\n', "\r\n").as_bytes());
            let text =
                "---\ntitle: Apie\nsummary: Trumpai\n---\n# Antraštė\n\nPirma eilutė.\rAntra.\n";
            write("content/apie.md", text.replace('\n', "\r\n").as_bytes());
        }
        // 5 MB of prose without a line break.
        "long_line" => {
            let line = "žodis ".repeat(5 * 1024 * 1024 / 7);
            write("content/apie.md", page("Apie", &line).as_bytes());
        }
        // `extra` nested 10,000 lists deep.
        "deep_yaml" => {
            let depth = 10_000;
            let yaml = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            write(
                "content/apie.md",
                format!("---\ntitle: Apie\nextra: {yaml}\n---\n").as_bytes(),
            );
        }
        // 50,000 keys under `extra`.
        "many_keys" => {
            let mut text = String::from("---\ntitle: Apie\nextra:\n");
            for i in 0..50_000 {
                text.push_str(&format!("  raktas{i}: {i}\n"));
            }
            text.push_str("---\nTekstas.\n");
            write("content/apie.md", text.as_bytes());
        }
        // 10,000 blockquotes inside each other.
        "nested_blockquotes" => {
            let body = format!("{}gilu", "> ".repeat(10_000));
            write("content/apie.md", page("Apie", &body).as_bytes());
        }
        // 1,000 lists inside each other.
        "nested_lists" => {
            let body: String = (0..1_000)
                .map(|i| format!("{}- lygis {i}\n", "  ".repeat(i)))
                .collect();
            write("content/apie.md", page("Apie", &body).as_bytes());
        }
        // Brackets, emphasis and backticks that never close.
        "pathological_inline" => {
            let body = format!(
                "{}\n\n{}\n\n{}\n\n{}",
                "[".repeat(50_000),
                "*a **".repeat(20_000),
                "`".repeat(20_000),
                "<a ".repeat(20_000)
            );
            write("content/apie.md", page("Apie", &body).as_bytes());
        }
        // NUL bytes in the body (valid UTF-8).
        "nul_bytes" => write(
            "content/apie.md",
            page("Apie", "Prieš\0po.\n\n\0\0\0").as_bytes(),
        ),
        // `content/a/atgal` links back to `content/`.
        "symlink_loop" => {
            write(
                "content/a/puslapis.md",
                page("Puslapis", "Tekstas.").as_bytes(),
            );
            #[cfg(unix)]
            std::os::unix::fs::symlink("..", site.join("content/a/atgal")).expect("symlink");
            #[cfg(not(unix))]
            return Err("symlinks need Unix here".to_string());
        }
        other => return special_case(other, site),
    }
    Ok(())
}

/// Cases of files that are not regular files and of symlinks (issue 17, classes 1, 8
/// and 10): `output_…` put something that is not a folder where the output goes (the
/// temporary folder's `out`), `input_…` put it among the site's inputs, `symlink_…`
/// link inputs to files outside the site folder ([`OUTSIDE`], beside it).
#[cfg(unix)]
fn special_case(name: &str, site: &Path) -> Result<(), String> {
    use unix_files::{fifo, link, socket, write};
    let out = site.parent().expect("the temporary folder").join("out");
    match name {
        "output_is_a_fifo" => fifo(&out),
        "output_is_a_socket" => socket(&out),
        // `out` → `site/vamzdis`, a FIFO.
        "output_links_to_a_fifo" => {
            fifo(&site.join("vamzdis"));
            link("site/vamzdis", &out);
        }
        // `out` → `site/PASTABOS.txt`, somebody's notes.
        "output_links_to_a_file" => {
            write(&site.join("PASTABOS.txt"), b"pastabos\n");
            link("site/PASTABOS.txt", &out);
        }
        "output_link_to_nowhere" => link("nera", &out),
        "input_page_is_a_fifo" => fifo(&site.join("content/apie.md")),
        "input_template_is_a_fifo" => fifo(&site.join("templates/page.html")),
        "input_strings_are_a_socket" => socket(&site.join("i18n/lt.yaml")),
        "input_static_file_is_a_fifo" => fifo(&site.join("static/plakatas.png")),
        "input_site_toml_is_a_socket" => {
            fs::remove_file(site.join("site.toml")).expect("remove");
            socket(&site.join("site.toml"));
        }
        // A page of 65 MiB (a sparse file: nothing is written to disk).
        "input_page_too_large" => {
            let file = fs::File::create(site.join("content/didelis.md")).expect("create");
            file.set_len(65 << 20).expect("set_len");
        }
        other => return symlink_case(other, site),
    }
    Ok(())
}

/// The `symlink_…` cases of [`special_case`].
#[cfg(unix)]
fn symlink_case(name: &str, site: &Path) -> Result<(), String> {
    use unix_files::{link, write};
    let outside = site.parent().expect("the temporary folder").join(OUTSIDE);
    let page = |title: &str| format!("---\ntitle: {title}\n---\nTekstas.\n");
    match name {
        "symlink_page_outside_site" => {
            write(
                &outside.join("juodrastis.md"),
                page("Juodraštis").as_bytes(),
            );
            link(
                outside.join("juodrastis.md"),
                &site.join("content/renginiai/seminaras/index.md"),
            );
        }
        "symlink_static_outside_site" => {
            write(&outside.join("biudzetas.csv"), b"eilute,suma\n");
            link(
                "../../outside/biudzetas.csv",
                &site.join("static/biudzetas.csv"),
            );
        }
        // A whole folder: one error for the link, nothing from inside it.
        "symlink_folder_outside_site" => {
            write(&outside.join("a.md"), page("A").as_bytes());
            write(&outside.join("b.pdf"), b"%PDF-1.4\n");
            link(&outside, &site.join("content/dokumentai"));
        }
        "symlink_strings_outside_site" => {
            write(&outside.join("lt.yaml"), b"skip_to_content: Pereiti\n");
            link(outside.join("lt.yaml"), &site.join("i18n/lt.yaml"));
        }
        "symlink_template_to_dev_zero" => link("/dev/zero", &site.join("templates/page.html")),
        // `static/a.txt` → `../b.txt` (inside) → the folder beside the site.
        "symlink_chain_leaves_site" => {
            write(&outside.join("slapta.txt"), b"slapta\n");
            link("../outside/slapta.txt", &site.join("b.txt"));
            link("../b.txt", &site.join("static/a.txt"));
        }
        // `content/` itself, and a theme folder named in site.toml.
        "symlink_content_folder_outside_site" => {
            write(&outside.join("_index.md"), page("Svetima").as_bytes());
            fs::remove_dir_all(site.join("content")).expect("remove");
            link(&outside, &site.join("content"));
        }
        "symlink_theme_outside_site" => {
            write(&outside.join("templates/page.html"), b"{{ page.title }}\n");
            fs::create_dir_all(site.join("themes")).expect("mkdir");
            link("../../outside", &site.join("themes/bendra"));
        }
        // Links that stay inside the site folder are followed.
        "symlink_inside_site_is_followed" => {
            write(
                &site.join("bendra/tekstas.md"),
                page("Bendras tekstas").as_bytes(),
            );
            write(&site.join("bendra/logo.txt"), b"logo\n");
            link("../bendra/tekstas.md", &site.join("content/kopija.md"));
            link("../bendra", &site.join("static/bendra"));
        }
        other => return Err(format!("no generator {other:?}")),
    }
    Ok(())
}

/// Making special files and links for the generators; each makes its parent folder.
#[cfg(unix)]
mod unix_files {
    use std::fs;
    use std::path::Path;
    use std::process::Command;

    fn parent(path: &Path) {
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    }

    pub fn write(path: &Path, bytes: &[u8]) {
        parent(path);
        fs::write(path, bytes).expect("write");
    }

    pub fn fifo(path: &Path) {
        parent(path);
        let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
        assert!(made.success(), "mkfifo {}", path.display());
    }

    /// A socket file (the listener is closed at once; the file stays).
    pub fn socket(path: &Path) {
        parent(path);
        std::os::unix::net::UnixListener::bind(path).expect("socket");
    }

    pub fn link(target: impl AsRef<Path>, path: &Path) {
        parent(path);
        std::os::unix::fs::symlink(target, path).expect("symlink");
    }
}

#[cfg(not(unix))]
fn special_case(name: &str, _site: &Path) -> Result<(), String> {
    Err(format!("{name}: special files and symlinks need Unix here"))
}

#[test]
fn every_broken_site_fails_clearly_or_builds_and_never_panics_or_hangs() {
    let mut names: Vec<String> = fs::read_dir(corpus())
        .expect("the corpus")
        .filter_map(Result::ok)
        .filter(|e| e.path().join("expect.toml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 30, "only {} cases", names.len());
    let mut failures = Vec::new();
    let mut ignored = Vec::new();
    for name in &names {
        let expect =
            fs::read_to_string(corpus().join(name).join("expect.toml")).unwrap_or_default();
        if let Some(reason) = toml::from_str::<Expect>(&expect)
            .ok()
            .and_then(|e| e.ignore)
        {
            ignored.push(format!("{name} ({reason})"));
            continue;
        }
        match check_case(name) {
            Ok(took) => eprintln!("ok {name} ({} ms)", took.as_millis()),
            Err(why) => failures.push(format!("--- {name}: {why}")),
        }
    }
    if !ignored.is_empty() {
        eprintln!("ignored: {}", ignored.join(", "));
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        names.len(),
        failures.join("\n")
    );
}

/// A shortcode whose template fails while a page is rendered (the case is skipped by
/// the corpus run above until shortcodes exist).
#[test]
fn a_shortcode_template_error_names_the_shortcode_and_the_page() {
    if let Err(why) = check_case("shortcode_render_error") {
        panic!("{why}");
    }
}
