//! Nothing lost: the real `sklaida build` on a site big enough to take a while, stopped
//! half-way (SIGKILL, Ctrl+C) or while loading (SIGTERM), raced by a second build,
//! pointed at a folder or special file it must not replace, or given a `site.toml`
//! that is a FIFO. The published output stays complete and byte-identical until a
//! build succeeds, and the next build cleans up after the stopped one.

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

/// A build stopped by a signal: exit 130 and the last line says nothing was published.
fn assert_interrupted(code: Option<i32>, stdout: &str, stderr: &str) {
    assert_no_panic(stderr);
    assert_eq!(code, Some(130), "{stdout}\n{stderr}");
    assert!(
        stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("Interrupted: nothing was published")),
        "{stderr}"
    );
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
    assert_interrupted(code, &stdout, &stderr);
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

/// Runs `command` to its end, killing it (and failing the test) after [`PATIENCE`]: a
/// hang bound, not a timing assertion.
fn run_bounded(command: &mut Command, what: &str) -> (Option<i32>, String, String) {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sklaida");
    finish_bounded(child, what)
}

/// [`finish`], killing the child (and failing the test) after [`PATIENCE`].
fn finish_bounded(mut child: Child, what: &str) -> (Option<i32>, String, String) {
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let (_, stdout, stderr) = finish(child);
            panic!("{what}: still running after {PATIENCE:?}, killed\n{stdout}\n{stderr}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    finish(child)
}

/// A small site at `<dir>/site`.
fn small_site(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    fs::create_dir_all(root.join("content")).expect("mkdir");
    fs::write(
        root.join("site.toml"),
        "base_url = \"https://example.test\"\n[languages.lt]\ntitle = \"T\"\ndescription = \"D\"\n",
    )
    .expect("write");
    fs::write(root.join("content/_index.md"), "---\ntitle: Pradžia\n---\n").expect("write");
    root
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

/// What is at `path`, links not followed: its type and a link's target.
fn file_kind(path: &Path) -> String {
    let meta = fs::symlink_metadata(path).expect("still there");
    format!("{:?} {:?}", meta.file_type(), fs::read_link(path).ok())
}

/// `--output` at a character device, a FIFO, a socket or a link to one: refused before
/// anything is created, and left exactly as it was. The device is a private node in a
/// temporary folder when the test may make one (as root); otherwise a link to
/// `/dev/null`, whose folder a user cannot rename anything in — the test never risks a
/// real device.
#[cfg(unix)]
#[test]
fn special_files_as_the_output_are_refused_and_left_as_they_were() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = small_site(tmp.path());
    let places = tmp.path().join("vietos");
    fs::create_dir_all(&places).expect("mkdir");

    let device = places.join("irenginys");
    let private_node = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !private_node {
        std::os::unix::fs::symlink("/dev/null", &device).expect("symlink");
    }
    let fifo = places.join("vamzdis");
    mkfifo(&fifo);
    let socket = places.join("lizdas");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("socket");
    let to_socket = places.join("nuoroda-i-lizda");
    std::os::unix::fs::symlink("lizdas", &to_socket).expect("symlink");

    let cases = [
        (&device, "it is a character device"),
        (&fifo, "it is a FIFO (named pipe)"),
        (&to_socket, "it is a socket"),
    ];
    let kinds: Vec<String> = cases.iter().map(|(p, _)| file_kind(p)).collect();
    for (output, reason) in cases {
        let (code, stdout, stderr) = run_bounded(
            Command::new(env!("CARGO_BIN_EXE_sklaida"))
                .args(["build", "--root"])
                .arg(&root)
                .arg("--output")
                .arg(output),
            reason,
        );
        assert_no_panic(&stderr);
        assert_eq!(code, Some(1), "{reason}: {stdout}\n{stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!(
                "{}: error: refusing to use this as the output folder",
                output.display()
            )) && first.contains(reason),
            "{reason}: {stderr}"
        );
    }
    // Each is what it was, and nothing was made beside them (no lock, no staging).
    let after: Vec<String> = cases.iter().map(|(p, _)| file_kind(p)).collect();
    assert_eq!(after, kinds);
    assert!(fs::metadata(&device)
        .expect("device")
        .file_type()
        .is_char_device());
    assert!(fs::metadata("/dev/null")
        .expect("/dev/null")
        .file_type()
        .is_char_device());
    let mut names: Vec<String> = fs::read_dir(&places)
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["irenginys", "lizdas", "nuoroda-i-lizda", "vamzdis"]);
}

/// A `site.toml` that is a FIFO nobody writes to (or a link to one) is an error at
/// once for `build` and `check`, not a read that waits for ever.
#[cfg(unix)]
#[test]
fn a_site_toml_fifo_is_an_error_at_once_not_a_wait() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = small_site(tmp.path());
    fs::remove_file(root.join("site.toml")).expect("remove");
    mkfifo(&root.join("site.toml"));
    let linked = small_site(&tmp.path().join("kita"));
    fs::remove_file(linked.join("site.toml")).expect("remove");
    mkfifo(&linked.join("nustatymai.toml"));
    std::os::unix::fs::symlink("nustatymai.toml", linked.join("site.toml")).expect("symlink");
    for site in [&root, &linked] {
        for command in ["build", "check"] {
            let (code, stdout, stderr) = run_bounded(
                Command::new(env!("CARGO_BIN_EXE_sklaida"))
                    .arg(command)
                    .arg("--root")
                    .arg(site),
                command,
            );
            assert_no_panic(&stderr);
            assert_eq!(code, Some(1), "{command}: {stdout}\n{stderr}");
            let report = format!("{stdout}{stderr}");
            assert!(
                report
                    .contains("site.toml: error: this is a FIFO (named pipe), not a regular file"),
                "{command}: {report}"
            );
        }
    }
    assert!(!tmp.path().join("site/public").exists());
}

/// A stop asked for before or while loading ends loading with the interruption, not
/// with a loaded site (the library's side of Ctrl+C; `main` turns it into exit 130).
#[test]
fn loading_ends_when_a_stop_is_asked_for() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = small_site(tmp.path());
    let options = sklaida::BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    assert!(sklaida::load(&options).is_ok(), "the site loads");
    // This test process only runs other tests' builds as child processes, so the
    // process-wide request touches nothing else.
    sklaida::interrupt::request();
    let errors = sklaida::load(&options).err().expect("interrupted");
    assert!(
        errors
            .0
            .iter()
            .any(|d| d.message == "the build was interrupted"),
        "{errors}"
    );
    assert!(!root.join("public").exists());
}

/// SIGTERM while the build is still loading (the output's staging folder exists, no
/// page is written yet) ends it with 130, publishes nothing and leaves nothing behind.
#[cfg(unix)]
#[test]
fn sigterm_while_loading_ends_the_build_at_once() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = small_site(tmp.path());
    // Highlighted code makes loading (Markdown rendering) the long part of the build.
    let code: String = (0..100)
        .map(|i| format!("    let x{i} = vec![1, 2, 3].iter().map(|v| v * 2).sum::<i32>();\n"))
        .collect();
    fs::create_dir_all(root.join("content/kodas")).expect("mkdir");
    for i in 0..40 {
        fs::write(
            root.join(format!("content/kodas/p{i}.md")),
            format!("---\ntitle: Kodas {i}\n---\n```rust\nfn main() {{\n{code}}}\n```\n"),
        )
        .expect("write");
    }
    let staging = tmp.path().join(".out.sklaida-staging");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(["build", "--root", "site", "--output", "out"])
        .current_dir(tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start sklaida");
    let started = Instant::now();
    while !staging.is_dir() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the build ended ({status}) before it could be stopped");
        }
        assert!(started.elapsed() < PATIENCE, "no staging folder appeared");
        std::thread::sleep(Duration::from_millis(1));
    }
    let written = walkdir::WalkDir::new(&staging)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    signal(&child, "-TERM");
    let (code, stdout, stderr) = finish_bounded(child, "after SIGTERM");
    assert_interrupted(code, &stdout, &stderr);
    if written > 0 {
        eprintln!("note: {written} files were already written when SIGTERM was sent");
    }
    assert!(!tmp.path().join("out").exists());
    let left: Vec<String> = fs::read_dir(tmp.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "site" && !n.ends_with("sklaida-lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
