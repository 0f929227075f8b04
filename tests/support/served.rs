//! `sklaida serve` for tests: the real binary serving a copy of a fixture site on a
//! free port, its output and errors gathered in a log, stopped when dropped. Needs
//! `support/fixture.rs` and `support/http.rs` beside it (as `super::fixture` and
//! `super::http`).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::fixture::copy_dir;
use super::http::{self, Reply};

/// How long a served page may take to show a change (debug builds, a busy CI).
pub const PATIENCE: Duration = Duration::from_secs(30);

/// A copy of a site served by `sklaida serve`; stopped when dropped.
pub struct Served {
    /// The copy of the site, which the test may edit.
    pub root: PathBuf,
    /// `host:port`.
    pub addr: String,
    /// The address `serve` announced (`http://127.0.0.1:PORT/`, with a site's base
    /// path: `http://127.0.0.1:PORT/kampanija/`).
    pub url: String,
    pub child: Child,
    log: Arc<Mutex<String>>,
    _tmp: tempfile::TempDir,
}

impl Served {
    /// Copies `site` into a temporary folder, lets `prepare` change the copy and runs
    /// `sklaida serve --root <copy>` on it with `args` added (and `--port 0`, unless
    /// `args` name a port), `TMPDIR` in the same temporary folder. Waits until it
    /// says where it serves; fails with its log if it does not.
    pub fn start(site: &Path, prepare: impl FnOnce(&Path), args: &[&str]) -> Served {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("site");
        copy_dir(site, &root);
        prepare(&root);
        let mut child = Command::new(env!("CARGO_BIN_EXE_sklaida"))
            .args(["serve", "--root"])
            .arg(&root)
            .args(if args.contains(&"--port") {
                &[][..]
            } else {
                &["--port", "0"][..]
            })
            .args(args)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start sklaida serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let log = Arc::clone(&log);
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    // "Serving <root> at http://127.0.0.1:PORT/ (Ctrl+C stops)"
                    if line.starts_with("Serving ") {
                        if let Some(url) = line
                            .split("http://")
                            .nth(1)
                            .and_then(|r| r.split_whitespace().next())
                        {
                            let _ = tx.send(format!("http://{url}"));
                        }
                    }
                    log.lock().expect("log").push_str(&format!("{line}\n"));
                }
            });
        }
        let Ok(url) = rx.recv_timeout(Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("sklaida serve did not start:\n{}", log.lock().expect("log"));
        };
        let addr = url["http://".len()..]
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        Served {
            root,
            addr,
            url,
            child,
            log,
            _tmp: tmp,
        }
    }

    /// Everything the server printed so far, standard output and errors.
    pub fn log(&self) -> String {
        self.log.lock().expect("log").clone()
    }

    /// The log once it holds `needle` (or after [`PATIENCE`]): the server prints
    /// before it announces a reload, but the thread reading its output may lag.
    pub fn log_with(&self, needle: &str) -> String {
        let started = Instant::now();
        loop {
            let log = self.log();
            if log.contains(needle) || started.elapsed() > PATIENCE {
                return log;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Writes `text` to `rel` in the served copy, making its folder if needed.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }

    /// `http://host:port`, the origin of the served pages.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn get(&self, target: &str) -> Reply {
        http::get(&self.addr, target)
    }

    pub fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        http::request(&self.addr, method, target, headers, b"")
    }

    /// Polls `target` until `ok` holds for the reply; after [`PATIENCE`] fails with
    /// the last reply and the server's log.
    pub fn wait_for(&self, target: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(target);
            if ok(&reply) {
                return reply;
            }
            assert!(
                started.elapsed() <= PATIENCE,
                "{target} never showed {what}; last reply {} {}\nserver log:\n{}",
                reply.status,
                reply.text(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server as Ctrl+C would (SIGTERM), killing it after 10 s.
    pub fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
