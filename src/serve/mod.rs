//! `sklaida serve`: a local preview that rebuilds on every save and reloads the
//! browser.
//!
//! The site is built with the same functions as `build` into a private folder (never
//! `public/`), served from there ([`http`]) through tiny_http ([`server`]),
//! rebuilt when the watcher ([`watch`]) reports a change ([`rebuild`]), and browsers
//! are told over Server-Sent Events ([`reload`]). A failed rebuild keeps the last
//! good pages and shows the error in the terminal and over the page.

pub mod cms;
pub mod http;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::{Diagnostic, Errors};
use crate::pipeline::BuildOptions;
use rebuild::SiteState;
use reload::{Broadcaster, Event};
use watch::{Area, Changed, Watcher};

/// How `serve` runs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// The first port to try; 0 lets the system choose a free one.
    pub port: u16,
    /// The address to listen on; loopback unless asked otherwise.
    pub bind: IpAddr,
    /// Include drafts and pages dated in the future.
    pub drafts: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Print every warning.
    pub verbose: bool,
    /// Also answer Decap CMS's `local_backend` calls, editing the site folder
    /// ([`cms`]); loopback only.
    pub cms: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            port: 1111,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            drafts: false,
            open: false,
            verbose: false,
            cms: false,
        }
    }
}

/// How many further ports are tried when the first is in use.
const PORT_TRIES: u16 = 10;
/// How long saves must pause before the rest of the site catches up with pages
/// that were re-rendered alone.
const CATCH_UP_AFTER: Duration = Duration::from_millis(700);

/// What the connection threads, the rebuild loop and the broadcaster share.
pub struct Shared {
    /// The private output folder, canonical.
    pub out_dir: PathBuf,
    /// Held by whatever changes the output folder (single files, a swap), so that a
    /// background catch-up cannot swap in over a page written after it started.
    pub writing: Mutex<()>,
    /// Odd while a whole new output is being swapped in: a request that missed a file
    /// meanwhile waits and asks again.
    swaps: AtomicU64,
    pub events: Broadcaster,
    has_output: AtomicBool,
    /// The address listened on: a `Host` naming it is accepted.
    pub bind: IpAddr,
    /// The base path of the site being served (`/kampanija`, or `""`): the preview
    /// answers under it, as the published site will.
    pub base_path: std::sync::RwLock<String>,
    /// The CMS backend, with `--cms`.
    pub cms: Option<cms::Backend>,
}

impl Shared {
    fn has_output(&self) -> bool {
        self.has_output.load(Ordering::Acquire)
    }

    fn set_has_output(&self) {
        self.has_output.store(true, Ordering::Release);
    }

    /// Swaps a finished output of a site under `base_path` in. The caller holds
    /// [`Shared::writing`].
    fn swap_in(&self, out: crate::output::Output, base_path: &str) -> Result<(), Diagnostic> {
        self.swaps.fetch_add(1, Ordering::SeqCst);
        base_path.clone_into(&mut self.base_path.write().unwrap_or_else(|e| e.into_inner()));
        // The old output is removed by the next build's start, outside the lock.
        let result = out.commit_leaving_old();
        self.swaps.fetch_add(1, Ordering::SeqCst);
        result?;
        self.set_has_output();
        Ok(())
    }

    /// A count that changes whenever an output is swapped in; odd during a swap.
    fn swap_count(&self) -> u64 {
        self.swaps.load(Ordering::SeqCst)
    }
}

/// The private folder: made at start, removed on exit (also on Ctrl+C).
struct Scratch(PathBuf);

impl Scratch {
    fn create() -> Result<Scratch, Diagnostic> {
        remove_abandoned_scratch();
        let dir = std::env::temp_dir().join(format!("sklaida-serve-{}", std::process::id()));
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::fs::create_dir_all(dir.join("site")).map_err(|e| Diagnostic::io(&dir, &e))?;
        let dir = std::fs::canonicalize(&dir).map_err(|e| Diagnostic::io(&dir, &e))?;
        Ok(Scratch(dir))
    }
}

/// Removes a folder that a background catch-up may still be writing into: again
/// until it is gone (the process exits right after, stopping the writer).
fn remove_while_written(dir: &Path) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while dir.exists() && std::time::Instant::now() < deadline {
        if std::fs::remove_dir_all(dir).is_err() {
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Private folders of dev servers that were killed without a chance to clean up.
fn remove_abandoned_scratch() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("sklaida-serve-"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        // Only where a process can be looked up; elsewhere leave it alone.
        let proc = Path::new("/proc");
        if proc.is_dir() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Builds, serves and watches the site until the process is stopped.
pub fn run(options: &ServeOptions) -> Result<(), Errors> {
    let root =
        std::fs::canonicalize(&options.root).map_err(|e| Diagnostic::io(&options.root, &e))?;
    let scratch = Scratch::create()?;
    let cleanup = scratch.0.clone();
    // Best effort: a second handler (tests starting servers in one process) is refused.
    let _ = ctrlc::set_handler(move || {
        remove_while_written(&cleanup);
        std::process::exit(0);
    });

    loopback_for_cms(options)?;
    let (listener, addr) = bind(options.bind, options.port)?;

    let (tx, rx) = mpsc::channel();
    let mut watcher = Watcher::start(&root, tx)?;

    let shared = Arc::new(Shared {
        out_dir: scratch.0.join("site"),
        writing: Mutex::new(()),
        swaps: AtomicU64::new(0),
        events: Broadcaster::default(),
        has_output: AtomicBool::new(false),
        bind: options.bind,
        base_path: std::sync::RwLock::new(String::new()),
        cms: options.cms.then(|| cms::Backend::new(&root)),
    });
    let mut state = SiteState::new(BuildOptions {
        root: root.clone(),
        output: Some(shared.out_dir.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    });

    println!("Building {} …", root.display());
    match state.build_all(&shared) {
        Ok(done) => {
            print_warnings(&done.warnings, options.verbose);
            println!(
                "Built {} pages and sections in {} ms",
                done.rendered,
                done.duration.as_millis()
            );
        }
        Err(errors) => {
            eprintln!("{errors}");
            shared.events.send(&Event::Error(errors.to_string()));
            println!("The site has errors; fix them and it is built on the next save.");
        }
    }

    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let handler = Arc::clone(&shared);
            if let Err(e) = server::run(listener, move |request| http::respond(request, &handler)) {
                eprintln!("error: the preview server stopped: {e}");
            }
        });
    }
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(15));
            shared.events.heartbeat();
        });
    }

    let base_path = shared
        .base_path
        .read()
        .map(|p| p.clone())
        .unwrap_or_default();
    let url = format!("http://{}{base_path}/", display_addr(addr));
    let admin_built = shared
        .out_dir
        .join(cms::CONFIG_PATH.trim_start_matches('/'))
        .is_file();
    announce(&root, &url, options, admin_built);

    loop {
        // After pages were re-rendered alone, a full build brings the rest of the
        // site up to date in the background once the saves pause.
        let mut batch = if state.is_stale() {
            match rx.recv_timeout(CATCH_UP_AFTER) {
                Ok(batch) => batch,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    state.start_catch_up(&shared);
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(batch) => batch,
                Err(_) => break,
            }
        };
        // Saves that arrive while rebuilding join the next rebuild.
        while let Ok(more) = rx.try_recv() {
            batch.extend(more);
        }
        batch.sort();
        batch.dedup();
        watcher.watch_new_folders();
        rebuild(&mut state, &shared, &batch, options.verbose);
    }
    drop(scratch);
    Ok(())
}

/// `--cms` edits the site's files: refused on anything but a loopback address.
fn loopback_for_cms(options: &ServeOptions) -> Result<(), Diagnostic> {
    if options.cms && !options.bind.is_loopback() {
        return Err(Diagnostic::error(
            Path::new("."),
            format!("--cms edits the site's files, so it runs only on this computer: leave out --bind {} (the preview then listens on 127.0.0.1)", options.bind),
        ));
    }
    Ok(())
}

/// The lines saying where the preview (and the CMS) is; the browser opened if asked.
fn announce(root: &Path, url: &str, options: &ServeOptions, admin_built: bool) {
    println!("Serving {} at {url} (Ctrl+C stops)", root.display());
    if options.cms && !admin_built {
        println!(
            "The CMS needs a [cms] table in site.toml (backend and repo; see docs/cms.md): with it, the editor at {url}admin/ saves into {}",
            root.join("content").display()
        );
    } else if options.cms {
        println!(
            "The CMS is at {url}admin/ and saves into {}",
            root.join("content").display()
        );
    }
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(url);
    }
}

/// One rebuild after `batch`, with its terminal line and browser event.
fn rebuild(state: &mut SiteState, shared: &Shared, batch: &[Changed], verbose: bool) {
    let what = describe(batch);
    let had_error = shared.events.has_error();
    match state.update(batch, shared) {
        Ok(done) => {
            print_warnings(&done.warnings, verbose);
            println!(
                "{} {what}: {} in {} ms",
                clock(),
                done.work(),
                done.duration.as_millis()
            );
            if had_error {
                shared.events.send(&Event::Ok);
            }
            let css_only = batch
                .iter()
                .all(|c| matches!(c.area, Area::Static | Area::Theme) && c.rel.ends_with(".css"));
            let event = if css_only && !had_error {
                Event::Css
            } else {
                Event::Reload
            };
            shared.events.send(&event);
        }
        Err(errors) => {
            eprintln!("{} {what}: the site could not be rebuilt:", clock());
            eprintln!("{errors}");
            eprintln!("Still serving the last good version.");
            shared.events.send(&Event::Error(errors.to_string()));
        }
    }
    let _ = std::io::stdout().flush();
}

/// `content/a.md changed`, `content/a.md and 3 more changed`.
fn describe(batch: &[Changed]) -> String {
    match batch {
        [] => "nothing changed".to_string(),
        [one] => format!("{} changed", one.rel),
        [first, rest @ ..] => format!("{} and {} more changed", first.rel, rest.len()),
    }
}

pub(crate) fn clock() -> String {
    jiff::Zoned::now().strftime("%H:%M:%S").to_string()
}

fn print_warnings(warnings: &[Diagnostic], verbose: bool) {
    eprint!(
        "{}",
        crate::error::warnings_text(warnings, (!verbose).then_some(10))
    );
}

/// Binds `port`, or the next free one of a few; port 0 takes any free port.
fn bind(ip: IpAddr, port: u16) -> Result<(TcpListener, SocketAddr), Diagnostic> {
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: other computers on the network can see this preview, drafts included"
        );
        eprintln!(
            "  The preview server (tiny_http) keeps a thread for every open connection and reads a request head of any size into memory, so anyone who can reach it can slow it down or exhaust its memory. To share a site, build it and put public/ behind a real web server."
        );
    }
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    let mut tried = port;
    loop {
        match TcpListener::bind((ip, tried)) {
            Ok(listener) => {
                let addr = listener.local_addr().map_err(|e| {
                    Diagnostic::error(Path::new("."), format!("cannot listen: {e}"))
                })?;
                if tried != port {
                    println!("Port {port} is in use; using {} instead.", addr.port());
                }
                return Ok((listener, addr));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && tried < last => {
                tried += 1;
            }
            Err(e) => {
                let ports = if tried == port {
                    format!("port {port}")
                } else {
                    format!("ports {port}–{tried}")
                };
                return Err(Diagnostic::error(
                    Path::new("."),
                    format!("cannot listen on {ip}, {ports}: {e}; choose another with --port"),
                ));
            }
        }
    }
}

fn display_addr(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}

fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        eprintln!("warning: cannot open a browser ({program}: {e}); open {url} yourself");
    }
}
