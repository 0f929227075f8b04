//! Nothing lost: the real `sklaida build` on a site big enough to take a while, stopped
//! half-way (SIGKILL, Ctrl+C), raced by a second build, or pointed at a folder it must
//! not replace. The published output stays complete and byte-identical until a build
//! succeeds, and the next build cleans up after the stopped one.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Pages of the generated site: enough that writing them takes a while.
const PAGES: usize = 1_000;
/// How long a test waits for the build to reach its write phase (a hang bound).
const PATIENCE: Duration = Duration::from_secs(120);

struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    /// A site of [`PAGES`] pages at `<tmp>/site`, built into `<tmp>/out`.
    fn generate() -> Site {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("site");
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(path, text).expect("write");
        };
        write(
            "site.toml",
            "base_url = \"https://example.test\"\n\n[languages.lt]\ntitle = \"Bandomoji svetainė\"\ndescription = \"Svetainė testams\"\n",
        );
        write("content/_index.md", "---\ntitle: Pradžia\n---\nSveiki.\n");
        write(
            "content/puslapiai/_index.md",
            "---\ntitle: Puslapiai\n---\n",
        );
        let body = "Sveikatos stiprinimo kampanija kviečia visus dalyvauti. ".repeat(30);
        for i in 0..PAGES {
            write(
                &format!("content/puslapiai/p{i}.md"),
                &format!(
                    "---\ntitle: Puslapis {i}\n---\n## Apie\n\n{body}\n\n## Kontaktai\n\n{body}\n"
                ),
            );
        }
        Site { tmp }
    }

    fn dir(&self) -> &Path {
        self.tmp.path()
    }

    fn out(&self) -> PathBuf {
        self.dir().join("out")
    }

    fn staging(&self) -> PathBuf {
        self.dir().join(".out.sklaida-staging")
    }

    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sklaida"));
        c.args(["build", "--root", "site", "--output", "out"])
            .current_dir(self.dir())
            .stdin(Stdio::null());
        c
    }

    /// A whole build; fails the test if it fails.
    fn build_ok(&self) -> String {
        self.build_ok_with(&[])
    }

    /// A whole build with more arguments; fails the test if it fails.
    fn build_ok_with(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().expect("run sklaida");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "build failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    fn spawn(&self) -> Child {
        self.command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sklaida")
    }

    /// Waits until the build in `child` has written some pages into its staging folder.
    fn wait_for_staging(&self, child: &mut Child) {
        let started = Instant::now();
        loop {
            let written = walkdir::WalkDir::new(self.staging())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .take(20)
                .count();
            if written >= 20 {
                return;
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("the build ended ({status}) before it could be stopped half-way; make PAGES bigger");
            }
            assert!(started.elapsed() < PATIENCE, "no staging folder appeared");
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Every file of the output: path → bytes.
    fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        snapshot(&self.out())
    }

    /// Files beside the site and its output other than the lock file.
    fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n != "site"
                    && n != "out"
                    && !n.ends_with("sklaida-lock")
                    && !n.ends_with("sklaida-stamp")
            })
            .collect();
        names.sort();
        names
    }

    /// Changes one page, so the next build writes something new.
    fn edit(&self) {
        fs::write(
            self.dir().join("site/content/puslapiai/p0.md"),
            "---\ntitle: Naujas pavadinimas\n---\nNaujas tekstas.\n",
        )
        .expect("edit");
    }
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn finish(child: Child) -> (Option<i32>, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().expect("wait");
    (
        status.code(),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn assert_no_panic(stderr: &str) {
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
}

/// The first `<h1>` of an output page.
fn h1(site: &Site, rel: &str) -> String {
    let text = fs::read_to_string(site.out().join(rel)).expect("page");
    let html = scraper::Html::parse_document(&text);
    let selector = scraper::Selector::parse("h1").expect("selector");
    html.select(&selector)
        .next()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .unwrap_or_default()
}

#[cfg(unix)]
fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

#[test]
fn a_killed_build_leaves_the_output_whole_and_the_next_build_cleans_up() {
    let site = Site::generate();
    site.build_ok();
    let before = site.snapshot();
    assert!(before.len() > PAGES);
    site.edit();

    let mut child = site.spawn();
    site.wait_for_staging(&mut child);
    child.kill().expect("SIGKILL");
    let _ = child.wait();

    // The killed build could not clean up; the published output is exactly as it was.
    assert!(
        site.staging().is_dir(),
        "the test did not stop the build half-way"
    );
    assert!(site.snapshot() == before, "the output changed");

    // The next build removes the half-written copy and publishes the edit.
    let stdout = site.build_ok();
    assert!(stdout.contains("Built 1000 pages"), "{stdout}");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    assert_eq!(h1(&site, "puslapiai/p0/index.html"), "Naujas pavadinimas");
    assert_eq!(site.snapshot().len(), before.len());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_build_cleanly_and_publishes_nothing() {
    let site = Site::generate();
    site.build_ok();
    let before = site.snapshot();
    site.edit();

    let mut child = site.spawn();
    site.wait_for_staging(&mut child);
    signal(&child, "-INT");
    let (code, stdout, stderr) = finish(child);
    assert_no_panic(&stderr);
    assert_eq!(code, Some(130), "{stdout}\n{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Interrupted: nothing was published")),
        "{stderr}"
    );
    assert!(!stdout.contains("Built "), "{stdout}");
    assert!(site.snapshot() == before, "the output changed");
    // The stopped build removed its own staging folder.
    assert_eq!(site.leftovers(), Vec::<String>::new());

    // SIGTERM (a `kill` without options) too.
    let mut child = site.spawn();
    site.wait_for_staging(&mut child);
    signal(&child, "-TERM");
    let (code, _, stderr) = finish(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(site.snapshot() == before, "the output changed");
    assert_eq!(site.leftovers(), Vec::<String>::new());

    site.build_ok();
    assert_eq!(h1(&site, "puslapiai/p0/index.html"), "Naujas pavadinimas");
}

#[test]
fn a_second_build_at_the_same_time_is_refused_and_the_first_completes() {
    let site = Site::generate();
    let mut first = site.spawn();
    site.wait_for_staging(&mut first);

    let second = site.command().output().expect("run sklaida");
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_no_panic(&stderr);
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("another sklaida build is writing this output folder right now"),
        "{stderr}"
    );

    let (code, stdout, stderr) = finish(first);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("Built 1000 pages"), "{stdout}");
    assert_eq!(site.leftovers(), Vec::<String>::new());
    // The output is whole: the build stamp says so, and building again regardless
    // finds every file already as it should be.
    let again = site.build_ok();
    assert!(
        again.starts_with("Nothing changed since the last build"),
        "{again}"
    );
    let forced = site.build_ok_with(&["--force"]);
    assert!(forced.contains(": 0 files written, "), "{forced}");
}

#[test]
fn output_folders_that_hold_other_things_are_refused() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("projektai/site");
    let home = tmp.path().join("home");
    let documents = tmp.path().join("dokumentai");
    for dir in [root.join("content"), home.clone(), documents.clone()] {
        fs::create_dir_all(&dir).expect("mkdir");
    }
    fs::write(
        root.join("site.toml"),
        "base_url = \"https://example.test\"\n[languages.lt]\ntitle = \"T\"\ndescription = \"D\"\n",
    )
    .expect("write");
    fs::write(root.join("content/_index.md"), "---\ntitle: Pradžia\n---\n").expect("write");
    fs::write(home.join(".bashrc"), "# mine\n").expect("write");
    fs::write(documents.join("sutartis.pdf"), "%PDF").expect("write");

    let cases: [(&str, PathBuf, &str); 7] = [
        ("content/", root.join("content"), "it is inside content/"),
        (
            "a folder in content/",
            root.join("content/public"),
            "it is inside content/",
        ),
        ("the site itself", root.clone(), "it holds the site itself"),
        (
            "a folder holding the site",
            tmp.path().join("projektai"),
            "it holds the site itself",
        ),
        ("the home folder", home.clone(), "it is your home folder"),
        (
            "the root of the disk",
            PathBuf::from("/"),
            "root of the disk",
        ),
        (
            "a folder of other files",
            documents.clone(),
            "no index.html",
        ),
    ];
    let before = snapshot(tmp.path());
    for (what, output, reason) in cases {
        let out = Command::new(env!("CARGO_BIN_EXE_sklaida"))
            .args(["build", "--root"])
            .arg(&root)
            .arg("--output")
            .arg(&output)
            .env("HOME", &home)
            .output()
            .expect("run sklaida");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_no_panic(&stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
        assert!(
            stderr.contains("refusing to use this as the output folder") && stderr.contains(reason),
            "{what}: {stderr}"
        );
    }
    // Nothing was replaced, removed or added.
    assert!(snapshot(tmp.path()) == before);
    let names: Vec<String> = fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("sklaida"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}
