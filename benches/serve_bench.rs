//! Edit-to-served latency of `sklaida serve`: the time from writing one content file
//! to the moment the dev server serves the page with the change in it.
//!
//! ```text
//! serve_bench --addr 127.0.0.1:PORT --root SITE --file content/a/b.md --url /a/b/
//!             [--runs 20] [--pause-ms 3000] [--atomic]
//! ```
//!
//! Each run appends a unique marker paragraph to the file's body (a body-only edit,
//! the common case while writing), starts the clock just before the write, then asks
//! for `--url` over and over until the reply contains the marker. `--atomic` saves
//! the way many editors do (write a temporary file, rename it over the original).
//! Between runs it waits `--pause-ms`, so each edit meets an idle server. The file
//! is restored at the end. Standard library only (`rustc -O benches/serve_bench.rs`).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

struct Args {
    addr: String,
    root: PathBuf,
    file: String,
    url: String,
    runs: usize,
    pause: Duration,
    atomic: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        addr: String::new(),
        root: PathBuf::new(),
        file: String::new(),
        url: String::new(),
        runs: 20,
        pause: Duration::from_millis(3000),
        atomic: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--atomic" {
            args.atomic = true;
            continue;
        }
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--addr" => args.addr = value,
            "--root" => args.root = PathBuf::from(value),
            "--file" => args.file = value,
            "--url" => args.url = value,
            "--runs" => args.runs = value.parse().map_err(|_| "--runs: a number")?,
            "--pause-ms" => {
                args.pause =
                    Duration::from_millis(value.parse().map_err(|_| "--pause-ms: a number")?)
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.addr.is_empty() || args.file.is_empty() || args.url.is_empty() {
        return Err("usage: serve_bench --addr HOST:PORT --root SITE --file REL --url PATH [--runs N] [--pause-ms MS] [--atomic]".into());
    }
    Ok(args)
}

/// One GET; the body (headers included, which is fine for a `contains`).
fn fetch(addr: &str, url: &str) -> std::io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {url} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    Ok(reply)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let path = args.root.join(&args.file);
    let original = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut times = Vec::with_capacity(args.runs);
    for run in 0..args.runs {
        std::thread::sleep(args.pause);
        let marker = format!("benchmarkmarker{run}x{}", std::process::id());
        let text = format!("{original}\n{marker}\n");
        let started = Instant::now();
        let written = if args.atomic {
            let temp = path.with_extension("md.bench-tmp");
            std::fs::write(&temp, &text).and_then(|()| std::fs::rename(&temp, &path))
        } else {
            std::fs::write(&path, &text)
        };
        if let Err(e) = written {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        loop {
            match fetch(&args.addr, &args.url) {
                Ok(body) if contains(&body, marker.as_bytes()) => break,
                Ok(_) => {}
                Err(e) => {
                    eprintln!("request failed: {e}");
                    return ExitCode::FAILURE;
                }
            }
            if started.elapsed() > Duration::from_secs(60) {
                eprintln!("run {run}: the change was not served within 60 s");
                return ExitCode::FAILURE;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        eprintln!("run {run}: {ms:.1} ms");
        times.push(ms);
    }
    let _ = std::fs::write(&path, &original);
    times.sort_by(f64::total_cmp);
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "edit-to-served over {} runs: median {:.1} ms, p90 {:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        pick(0.5),
        pick(0.9),
        times[0],
        times[times.len() - 1]
    );
    ExitCode::SUCCESS
}
