//! End-to-end tests of `sklaida serve`: the real binary serves a copy of
//! `tests/fixtures/serve` on a free port; the tests talk HTTP to it over plain
//! sockets, edit the site's files and watch the served pages and the event stream
//! change. The browser test drives headless Chromium over the DevTools protocol.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a rebuild may take to show before a test fails (debug builds, a busy CI).
const PATIENCE: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------
// Support: a served site (tests/support), an event stream reader
// ---------------------------------------------------------------------------

mod support {
    pub mod browser;
    pub mod fixture;
    pub mod http;
    pub mod served;
}

use support::browser::{self, Browser};
use support::fixture::fixture;
use support::http::request;
use support::served::Served;

/// `tests/fixtures/serve` served by `sklaida serve`.
fn start() -> Served {
    start_with(|_| {}, &[])
}

/// `tests/fixtures/serve` copied, changed by `prepare` and served with `args` added.
fn start_with(prepare: impl FnOnce(&Path), args: &[&str]) -> Served {
    Served::start(&fixture("serve"), prepare, args)
}

/// A reader of the live reload event stream.
struct EventStream {
    reader: BufReader<TcpStream>,
}

impl EventStream {
    /// Connects and waits for the server's greeting, so later events are not missed.
    fn open(addr: &str) -> EventStream {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        stream
            .write_all(
                format!("GET /__sklaida/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").as_bytes(),
            )
            .expect("send");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        let mut head = String::new();
        while !line.starts_with(": connected") {
            line.clear();
            assert!(
                reader.read_line(&mut line).expect("greeting") > 0,
                "stream closed before the greeting: {head}"
            );
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("text/event-stream"), "{head}");
        EventStream { reader }
    }

    /// The next event: its name and its data lines joined by `\n`.
    fn next(&mut self) -> (String, String) {
        let mut name = String::new();
        let mut data: Vec<String> = Vec::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("an event in time");
            assert!(n > 0, "the event stream closed");
            let line = line.trim_end_matches('\n');
            if line.is_empty() {
                if !name.is_empty() {
                    return (name, data.join("\n"));
                }
            } else if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_string();
            } else if let Some(d) = line.strip_prefix("data: ") {
                if !d.is_empty() {
                    data.push(d.to_string());
                }
            }
        }
    }

    /// Skips events until one named `name`; returns its data. Fails after
    /// [`PATIENCE`] (heartbeats keep the socket's own timeout from firing).
    fn expect(&mut self, name: &str) -> String {
        let started = Instant::now();
        let mut seen = Vec::new();
        while started.elapsed() < PATIENCE {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
            seen.push(n);
        }
        panic!("no {name} event in time; saw {seen:?}");
    }
}

const OVERRIDE_PAGE: &str = r#"<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ page.title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body><h1 id="override">{{ page.title }}</h1><main>{{ page.content | safe }}</main></body></html>
"#;

// ---------------------------------------------------------------------------
// Serving
// ---------------------------------------------------------------------------

#[test]
fn pages_are_served_with_the_reload_script_and_never_cached() {
    let site = start();
    let home = site.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let html = home.text();
    let script = html.find("new EventSource(\"/__sklaida/events\")");
    let body_end = html.rfind("</body>");
    assert!(
        matches!((script, body_end), (Some(s), Some(b)) if s < b),
        "the script must come just before </body>:\n{html}"
    );
    assert_eq!(
        home.body.len().to_string(),
        home.header("content-length").unwrap_or_default()
    );
    // Served from a private folder, not public/.
    assert!(!site.root.join("public").exists());
}

#[test]
fn build_output_has_no_reload_script() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    support::fixture::copy_dir(&fixture("serve"), &root);
    let out = tmp.path().join("public");
    sklaida::build(&sklaida::BuildOptions {
        root: root.clone(),
        output: Some(out.clone()),
        ..sklaida::BuildOptions::default()
    })
    .expect("build");
    for page in ["index.html", "apie/index.html", "404.html"] {
        let html = fs::read_to_string(out.join(page)).expect("read");
        assert!(!html.contains("__sklaida"), "{page}");
    }
}

#[test]
fn folders_redirect_to_their_slash_url_and_serve_their_index() {
    let site = start();
    let reply = site.get("/apie");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/apie/"));
    let reply = site.get("/en/apie?from=menu");
    assert_eq!(reply.status, 301);
    assert_eq!(reply.header("location"), Some("/en/apie/?from=menu"));
    let about = site.get("/en/apie/");
    assert_eq!(about.status, 200);
    assert_eq!(about.select_text("h1").as_deref(), Some("About us"));
}

#[test]
fn percent_encoded_lithuanian_file_names_are_found() {
    let site = start();
    let reply = site.get("/dokumentai/taisykl%C4%97s.txt");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "Taisyklės: būkite malonūs.\n");
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn misses_get_the_site_not_found_page_of_their_language() {
    let site = start();
    let lt = site.get("/nera-tokio/");
    assert_eq!(lt.status, 404);
    let en = site.get("/en/no-such-page/");
    assert_eq!(en.status, 404);
    let lang = |r: &support::http::Reply| {
        let html = r.html();
        let sel = scraper::Selector::parse("html").expect("selector");
        html.select(&sel)
            .next()
            .and_then(|e| e.value().attr("lang"))
            .map(str::to_string)
    };
    assert_eq!(lang(&lt).as_deref(), Some("lt"));
    assert_eq!(lang(&en).as_deref(), Some("en"));
    assert!(en.text().contains("__sklaida/events"));
}

#[test]
fn traversal_attempts_are_refused() {
    let site = start_with(
        |root| fs::write(root.join("secret.txt"), "TOP SECRET").expect("write"),
        &[],
    );
    for (target, status) in [
        ("/../secret.txt", 400),
        ("/../site/secret.txt", 400),
        ("/en/../../secret.txt", 400),
        ("/%2e%2e/secret.txt", 400),
        ("/%2E%2E%2Fsite.toml", 400),
        ("/..%5c..%5csite.toml", 400),
        ("/a\\..\\site.toml", 400),
        ("/index.html%00.txt", 400),
        ("/%zz", 400),
        ("/%252e%252e/secret.txt", 404),
        ("//etc/passwd", 404),
        ("/etc/passwd", 404),
        // Overlong UTF-8 for `.` and `/`: not UTF-8 at all.
        ("/%c0%ae%c0%ae/secret.txt", 400),
        ("/%e0%80%ae%e0%80%ae/secret.txt", 400),
        ("/%c0%af..%c0%afsecret.txt", 400),
        ("/.%2e/secret.txt", 400),
        ("/%2e./secret.txt", 400),
        ("/./././../secret.txt", 400),
        ("/..;/secret.txt", 404),
        ("/%u002e%u002e/secret.txt", 400),
        ("/%5c..%5csecret.txt", 400),
        ("/..%255csecret.txt", 404),
        ("/index.html%00", 400),
        ("/%2500", 404),
        ("/%ef%bc%8e%ef%bc%8e/secret.txt", 404),
        ("/C:/Windows/win.ini", 404),
        ("/%2fetc%2fpasswd", 404),
        ("http://evil.example/../secret.txt", 400),
        ("../secret.txt", 400),
        ("*", 400),
    ] {
        let reply = site.get(target);
        assert_eq!(reply.status, status, "{target}");
        let text = reply.text();
        assert!(
            !text.contains("TOP SECRET") && !text.contains("root:") && !text.contains("base_url"),
            "{target} leaked a file"
        );
    }
}

#[test]
fn range_requests_return_the_asked_bytes() {
    let clip: Vec<u8> = (0..1000u32).map(|i| (i % 251) as u8).collect();
    let for_prepare = clip.clone();
    let site = start_with(
        move |root| {
            fs::create_dir_all(root.join("static/video")).expect("mkdir");
            fs::write(root.join("static/video/klipas.mp4"), &for_prepare).expect("write");
        },
        &[],
    );
    let part = site.request("GET", "/video/klipas.mp4", &[("Range", "bytes=100-199")]);
    assert_eq!(part.status, 206);
    assert_eq!(part.header("content-range"), Some("bytes 100-199/1000"));
    assert_eq!(part.header("content-length"), Some("100"));
    assert_eq!(part.header("content-type"), Some("video/mp4"));
    assert_eq!(part.body, &clip[100..200]);

    let tail = site.request("GET", "/video/klipas.mp4", &[("Range", "bytes=-10")]);
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &clip[990..]);

    let whole = site.get("/video/klipas.mp4");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("accept-ranges"), Some("bytes"));
    assert_eq!(whole.body, clip);

    for bad in ["bytes=1000-", "bytes=500-100", "bytes=abc"] {
        let reply = site.request("GET", "/video/klipas.mp4", &[("Range", bad)]);
        assert_eq!(reply.status, 416, "{bad}");
        assert_eq!(reply.header("content-range"), Some("bytes */1000"), "{bad}");
    }
}

#[test]
fn head_requests_and_mime_types() {
    let files = [
        ("a.css", "text/css; charset=utf-8"),
        ("a.js", "text/javascript; charset=utf-8"),
        ("a.svg", "image/svg+xml"),
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("a.webp", "image/webp"),
        ("a.ics", "text/calendar; charset=utf-8"),
        ("a.xml", "application/xml; charset=utf-8"),
        ("a.json", "application/json"),
        ("a.webmanifest", "application/manifest+json"),
        ("a.pdf", "application/pdf"),
        ("a.mp4", "video/mp4"),
        ("a.woff2", "font/woff2"),
        ("a.txt", "text/plain; charset=utf-8"),
    ];
    let site = start_with(
        |root| {
            for (name, _) in files {
                fs::create_dir_all(root.join("static/mime")).expect("mkdir");
                fs::write(root.join("static/mime").join(name), "twelve bytes").expect("write");
            }
        },
        &[],
    );
    for (name, mime) in files {
        let reply = site.request("HEAD", &format!("/mime/{name}"), &[]);
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.header("content-type"), Some(mime), "{name}");
        assert_eq!(reply.header("content-length"), Some("12"), "{name}");
        assert!(reply.body.is_empty(), "HEAD sent a body for {name}");
    }
    let page = site.request("HEAD", "/", &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.is_empty());
    assert_eq!(site.request("HEAD", "/nera/", &[]).status, 404);
    assert_eq!(site.request("POST", "/", &[]).status, 405);
}

#[test]
fn event_streams_do_not_starve_page_requests() {
    let site = start();
    let streams: Vec<EventStream> = (0..24).map(|_| EventStream::open(&site.addr)).collect();
    let started = Instant::now();
    for _ in 0..10 {
        assert_eq!(site.get("/apie/").status, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "pages waited behind the event streams"
    );
    drop(streams);
}

// ---------------------------------------------------------------------------
// Under load and attack
// ---------------------------------------------------------------------------

/// Asks for `target` `count` times, one connection each, and fails if any answer is
/// not 200 or all of them take longer than `PATIENCE` (they would wait behind stuck
/// connections).
fn assert_answered(site: &Served, target: &str, count: usize, why: &str) {
    let started = Instant::now();
    for _ in 0..count {
        assert_eq!(site.get(target).status, 200, "{why}");
    }
    assert!(
        started.elapsed() < PATIENCE,
        "requests waited behind {why}:\n{}",
        site.log()
    );
}

#[test]
fn slow_and_unfinished_requests_do_not_hold_up_others() {
    let site = start();
    let connect = || {
        let s = TcpStream::connect(&site.addr).expect("connect");
        s.set_read_timeout(Some(PATIENCE)).expect("timeout");
        s
    };
    // Connections that never send anything.
    let silent: Vec<TcpStream> = (0..16).map(|_| connect()).collect();
    // Requests that never end: the request line and one header, then nothing.
    let stalled: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut s = connect();
            s.write_all(b"GET /apie/ HTTP/1.1\r\nHost: x\r\n")
                .expect("send");
            s
        })
        .collect();
    // Requests sent a byte at a time, slowly.
    let request = format!(
        "GET /apie/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        site.addr
    );
    let trickling: Vec<_> = (0..16)
        .map(|_| {
            let mut s = connect();
            let request = request.clone();
            std::thread::spawn(move || {
                for b in request.bytes() {
                    if s.write_all(&[b]).is_err() {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                let mut reply = Vec::new();
                let _ = s.read_to_end(&mut reply);
                Some(String::from_utf8_lossy(&reply).into_owned())
            })
        })
        .collect();
    assert_answered(&site, "/apie/", 20, "slow and unfinished requests");
    // A slow request that does arrive whole is answered too.
    for t in trickling {
        let reply = t.join().expect("slow client").unwrap_or_default();
        assert!(
            reply.starts_with("HTTP/1.1 200"),
            "{}",
            reply.lines().next().unwrap_or("")
        );
    }
    // And the silent and unfinished ones, still open, delay nobody.
    assert_answered(&site, "/", 5, "silent and unfinished connections");
    drop((silent, stalled));
}

#[test]
fn clients_that_do_not_read_their_answer_do_not_hold_up_others() {
    // A file far bigger than the socket buffers.
    let site = start_with(
        |root| {
            fs::create_dir_all(root.join("static/video")).expect("mkdir");
            fs::write(root.join("static/video/didelis.mp4"), vec![7u8; 32 << 20]).expect("write");
        },
        &[],
    );
    let readers: Vec<TcpStream> = (0..24)
        .map(|_| {
            let mut s = TcpStream::connect(&site.addr).expect("connect");
            s.write_all(b"GET /video/didelis.mp4 HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("send");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    assert_answered(&site, "/apie/", 20, "clients that do not read");
    drop(readers);
}

#[test]
fn fifty_event_streams_and_page_requests_are_all_answered() {
    let site = start();
    let mut streams: Vec<EventStream> = (0..50).map(|_| EventStream::open(&site.addr)).collect();
    let addr = site.addr.clone();
    let askers: Vec<_> = (0..8)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let target = if i % 2 == 0 { "/" } else { "/apie/" };
                (0..12)
                    .map(|_| request(&addr, "GET", target, &[], b"").status)
                    .collect::<Vec<u16>>()
            })
        })
        .collect();
    for asker in askers {
        let statuses = asker.join().expect("requests");
        assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    }
    // Every stream is still open and told of a save.
    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nNaujas tekstas po įrašymo.\n",
    );
    for stream in &mut streams {
        stream.expect("reload");
    }
}

/// A raw request and whatever the server answers until it closes.
fn exchange(addr: &str, raw: &str) -> String {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    s.write_all(raw.as_bytes()).expect("send");
    let mut reply = Vec::new();
    let _ = s.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
fn live_reload_reaches_readers_past_clients_that_never_read() {
    let site = start_with(
        |root| {
            fs::create_dir_all(root.join("static/video")).expect("mkdir");
            fs::write(root.join("static/video/didelis.mp4"), vec![7u8; 32 << 20]).expect("write");
        },
        &[],
    );
    // Thirty clients that ask for a file far bigger than the socket buffers, then for
    // the event stream on the same connection, and never read: their streams can take
    // no event at all.
    let stuck: Vec<TcpStream> = (0..30)
        .map(|_| {
            let mut s = TcpStream::connect(&site.addr).expect("connect");
            let host = &site.addr;
            s.write_all(
                format!(
                    "GET /video/didelis.mp4 HTTP/1.1\r\nHost: {host}\r\n\r\nGET /__sklaida/events HTTP/1.1\r\nHost: {host}\r\n\r\n"
                )
                .as_bytes(),
            )
            .expect("send");
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let mut events = EventStream::open(&site.addr);
    // More saves than a stream's queue holds: each reaches the reading client.
    for i in 0..12 {
        site.write(
            "content/apie.md",
            &format!("---\ntitle: Apie mus\n---\nĮrašymas numeris {i}.\n"),
        );
        events.expect("reload");
        let page = site.get("/apie/");
        assert!(page.text().contains(&format!("numeris {i}")), "save {i}");
    }
    drop(stuck);
}

#[test]
fn requests_naming_another_host_are_refused() {
    let site = start();
    let port = site.addr.rsplit(':').next().expect("port").to_string();
    let ask = |host: &str| {
        exchange(
            &site.addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = ask(&host);
        assert!(reply.starts_with("HTTP/1.1 200 "), "{host}: {reply}");
    }
    // A page on another site that points its own name at 127.0.0.1 (DNS rebinding).
    for host in [
        format!("rebind.evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
    ] {
        let reply = ask(&host);
        assert!(reply.starts_with("HTTP/1.1 403 "), "{host}: {reply}");
        assert!(reply.contains("DNS rebinding"), "{reply}");
        assert!(!reply.contains("<html"), "{host} got a page: {reply}");
    }
    let reply = exchange(
        &site.addr,
        "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert!(reply.starts_with("HTTP/1.1 400 "), "{reply}");
}

#[test]
fn ambiguous_body_lengths_are_refused() {
    let site = start();
    let host = site.addr.clone();
    for lengths in [
        "Content-Length: 3\r\nContent-Length: 5\r\n",
        "Content-Length: 3\r\nContent-Length: 3\r\n",
        "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
    ] {
        let reply = exchange(
            &site.addr,
            &format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{lengths}\r\nabc"),
        );
        assert!(reply.starts_with("HTTP/1.1 400 "), "{lengths}: {reply}");
        assert!(reply.contains("bad request:"), "{reply}");
        assert!(reply.contains("\r\nConnection: close\r\n"), "{reply}");
    }
}

#[test]
fn listening_is_on_loopback_unless_asked_and_then_warned_about() {
    let site = start();
    assert!(site.addr.starts_with("127.0.0.1:"), "{}", site.addr);
    assert!(
        !site.log().contains("warning: listening on"),
        "{}",
        site.log()
    );

    let open = start_with(|_| {}, &["--bind", "0.0.0.0"]);
    let log = open.log();
    assert!(
        log.lines().any(|l| l.starts_with(
            "warning: listening on 0.0.0.0: other computers on the network can see this preview"
        )),
        "{log}"
    );
    // What such a preview exposes, and the way to share a site instead, said once.
    assert_eq!(log.matches("tiny_http").count(), 1, "{log}");
    assert!(log.contains("public/ behind a real web server"), "{log}");
    let port = open.addr.rsplit(':').next().expect("port");
    assert_eq!(
        request(&format!("127.0.0.1:{port}"), "GET", "/", &[], b"").status,
        200
    );
}

// ---------------------------------------------------------------------------
// Watching and live reload
// ---------------------------------------------------------------------------

#[test]
fn content_edits_are_served_and_announced() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nNauja pastraipa apie gerovę.\n",
    );
    assert_eq!(events.expect("reload"), "");
    site.wait_for("/apie/", "the new paragraph", |r| {
        r.text().contains("Nauja pastraipa apie gerovę.")
    });
    let log = site.log_with("content/apie.md changed:");
    assert!(
        log.lines()
            .any(|l| l.contains("content/apie.md changed:") && l.contains("re-rendered in")),
        "one terminal line per rebuild:\n{log}"
    );
}

#[test]
fn an_edited_body_shows_in_its_page_and_lists_at_once_and_everywhere_soon() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write(
        "content/renginiai/seminaras.md",
        "---\ntitle: Seminaras apie nerimą\nstart: 2027-03-10T17:00\n---\nAtnaujinta pastraipa.\n",
    );
    events.expect("reload");
    // Everything a reader sees of the page is rewritten before the reload is sent.
    let quick: Vec<String> = ["/renginiai/seminaras/", "/renginiai/", "/"]
        .iter()
        .map(|page| {
            let text = site.get(page).text();
            assert!(text.contains("Atnaujinta pastraipa."), "{page}:\n{text}");
            assert!(!text.contains("Pirmoji pastraipa"), "{page}");
            text
        })
        .collect();
    let log = site.log_with("seminaras.md changed");
    assert!(
        log.contains("content/renginiai/seminaras.md changed: 3 pages re-rendered"),
        "only the page, its section and the home page:\n{log}"
    );
    // The rest of the site (feeds, tag pages) catches up when the saves pause.
    let started = Instant::now();
    while !site.log().contains("brought up to date") {
        assert!(started.elapsed() < PATIENCE, "no catch-up:\n{}", site.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    let feed = site.get("/atom.xml");
    if feed.status == 200 {
        assert!(feed.text().contains("Atnaujinta pastraipa."));
    }
    // The pages rendered alone are exactly what the full build makes of them.
    for (page, before) in ["/renginiai/seminaras/", "/renginiai/", "/"]
        .iter()
        .zip(&quick)
    {
        assert_eq!(&site.get(page).text(), before, "{page}");
    }
}

#[test]
fn a_front_matter_edit_rebuilds_the_model_but_renders_only_what_shows_the_page() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write(
        "content/renginiai/seminaras.md",
        "---\ntitle: Seminaras apie stresą\nstart: 2027-03-10T17:00\n---\nPirmoji pastraipa.\n",
    );
    events.expect("reload");
    let pages = ["/renginiai/seminaras/", "/renginiai/", "/", "/en/"];
    let quick: Vec<String> = pages.iter().map(|p| site.get(p).text()).collect();
    for (page, text) in pages.iter().zip(&quick).take(3) {
        assert!(text.contains("Seminaras apie stresą"), "{page}:\n{text}");
    }
    let log = site.log_with("seminaras.md changed");
    assert!(
        log.contains("content/renginiai/seminaras.md changed: 4 pages re-rendered"),
        "the page, its section and the two home pages, not all 7:\n{log}"
    );
    // What was rendered alone is what the full build in the background makes.
    let started = Instant::now();
    while !site.log().contains("brought up to date") {
        assert!(started.elapsed() < PATIENCE, "no catch-up:\n{}", site.log());
        std::thread::sleep(Duration::from_millis(50));
    }
    for (page, before) in pages.iter().zip(&quick) {
        assert_eq!(&site.get(page).text(), before, "{page}");
    }

    // A new title of a translated page shows in its translation too.
    site.write("content/apie.md", "---\ntitle: Kas mes esame\n---\nMes.\n");
    events.expect("reload");
    let en = site.get("/en/apie/").text();
    let lt = site.get("/apie/").text();
    assert!(lt.contains("Kas mes esame"));

    // A new slug moves the page: a full build.
    site.write(
        "content/renginiai/seminaras.md",
        "---\ntitle: Seminaras apie stresą\nstart: 2027-03-10T17:00\nslug: stresas\n---\nPirmoji pastraipa.\n",
    );
    events.expect("reload");
    assert_eq!(site.get("/renginiai/stresas/").status, 200);
    assert_eq!(site.get("/renginiai/seminaras/").status, 404);
    assert!(site
        .get("/renginiai/")
        .text()
        .contains("/renginiai/stresas/"));
    assert!(site
        .log_with("changed: 7 pages re-rendered")
        .contains("changed: 7 pages re-rendered"));
    // The translation rendered alone after the title edit matched the full build.
    assert_eq!(site.get("/en/apie/").text(), en);
}

#[test]
fn a_removed_page_is_gone() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    fs::remove_file(site.root.join("content/renginiai/seminaras.md")).expect("remove");
    events.expect("reload");
    assert_eq!(site.get("/renginiai/seminaras/").status, 404);
    assert!(!site
        .get("/renginiai/")
        .text()
        .contains("Seminaras apie nerimą"));
}

#[test]
fn template_edits_are_served() {
    let site = start();
    site.write("templates/page.html", OVERRIDE_PAGE);
    let page = site.wait_for("/apie/", "the overriding template", |r| {
        r.select_text("h1#override").is_some()
    });
    assert_eq!(page.select_text("h1#override").as_deref(), Some("Apie mus"));
}

#[test]
fn static_file_edits_are_served_and_stylesheets_swapped() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write("static/style.css", "body { color: rebeccapurple }\n");
    events.expect("css");
    site.wait_for("/style.css", "the new stylesheet", |r| {
        r.text() == "body { color: rebeccapurple }\n"
    });
    site.write("static/dokumentai/taisyklės.txt", "Nauja redakcija.\n");
    events.expect("reload");
    site.wait_for("/dokumentai/taisykl%C4%97s.txt", "the new text", |r| {
        r.text() == "Nauja redakcija.\n"
    });
}

#[test]
fn a_broken_template_shows_the_error_and_the_fix_clears_it() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write(
        "templates/page.html",
        "<html><body>\n{% if page.title %}\n<h1>{{ page.title }</h1>\n</body></html>\n",
    );
    let message = events.expect("error");
    assert!(
        message.contains("templates/page.html:3"),
        "the overlay names file and line: {message}"
    );
    // The terminal says the same.
    let wait = Instant::now();
    while !site.log().contains(message.lines().next().unwrap_or("?")) {
        assert!(wait.elapsed() < PATIENCE, "terminal:\n{}", site.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    // The last good pages are still served.
    let page = site.get("/apie/");
    assert_eq!(page.status, 200);
    assert!(page
        .text()
        .contains("savivaldybės visuomenės sveikatos biuras"));
    // A page opened now is told about the error at once.
    let mut late = EventStream::open(&site.addr);
    assert_eq!(late.expect("error"), message);

    site.write("templates/page.html", OVERRIDE_PAGE);
    events.expect("ok");
    events.expect("reload");
    late.expect("ok");
    site.wait_for("/apie/", "the fixed template", |r| {
        r.select_text("h1#override").is_some()
    });
}

#[test]
fn a_site_broken_at_start_is_served_once_fixed() {
    let site = start_with(
        |root| {
            fs::create_dir_all(root.join("templates")).expect("mkdir");
            fs::write(root.join("templates/page.html"), "{% if %}\n").expect("write");
        },
        &[],
    );
    let reply = site.get("/apie/");
    assert_eq!(reply.status, 503);
    assert!(reply.text().contains("__sklaida/events"));
    let mut events = EventStream::open(&site.addr);
    assert!(events.expect("error").contains("templates/page.html:1"));
    site.write("templates/page.html", OVERRIDE_PAGE);
    events.expect("ok");
    events.expect("reload");
    let page = site.get("/apie/");
    assert_eq!(page.status, 200);
    assert_eq!(page.select_text("h1#override").as_deref(), Some("Apie mus"));
}

#[test]
fn a_page_bundle_moved_in_with_its_files_is_picked_up() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    // Made outside the watched folders, then moved in whole: no event for its files.
    let outside = site.root.parent().expect("tmp").join("naujas");
    fs::create_dir_all(&outside).expect("mkdir");
    fs::write(
        outside.join("index.md"),
        "---\ntitle: Naujas renginys\nstart: 2026-12-01T10:00\n---\nAtvykite.\n",
    )
    .expect("write");
    fs::write(outside.join("planas.txt"), "planas").expect("write");
    fs::rename(&outside, site.root.join("content/renginiai/naujas")).expect("move in");
    events.expect("reload");
    let page = site.wait_for("/renginiai/naujas/", "the new bundle", |r| r.status == 200);
    assert_eq!(page.select_text("h1").as_deref(), Some("Naujas renginys"));
    assert_eq!(site.get("/renginiai/naujas/planas.txt").text(), "planas");
}

#[test]
fn a_save_the_way_vim_does_it_is_seen_and_its_files_ignored() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    // Vim: a swap file, a probe file, the original renamed to a backup, the new text
    // written, the backup removed.
    site.write("content/.apie.md.swp", "swap");
    site.write("content/4913", "");
    fs::remove_file(site.root.join("content/4913")).expect("remove probe");
    fs::rename(
        site.root.join("content/apie.md"),
        site.root.join("content/apie.md~"),
    )
    .expect("backup");
    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nPo įrašymo.\n",
    );
    fs::remove_file(site.root.join("content/apie.md~")).expect("remove backup");
    events.expect("reload");
    site.wait_for("/apie/", "the saved text", |r| {
        r.text().contains("Po įrašymo.")
    });
    let log = site.log();
    assert!(
        !log.contains(".swp") && !log.contains("md~") && !log.contains("error"),
        "{log}"
    );
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    // Find two free neighbouring ports and hold the first.
    let (held, port) = (0..50)
        .find_map(|_| {
            let l = TcpListener::bind("127.0.0.1:0").ok()?;
            let p = l.local_addr().ok()?.port();
            TcpListener::bind(("127.0.0.1", p + 1)).ok()?;
            Some((l, p))
        })
        .expect("two free ports");
    let site = start_with(|_| {}, &["--port", &port.to_string()]);
    assert!(
        site.log().contains(&format!("Port {port} is in use")),
        "{}",
        site.log()
    );
    assert_eq!(site.get("/").status, 200);
    drop(held);
}

#[test]
fn the_private_folder_is_removed_on_exit() {
    let mut site = start();
    let tmp = site.root.parent().expect("tmp").to_path_buf();
    let scratch = tmp.join(format!("sklaida-serve-{}", site.child.id()));
    assert!(scratch.join("site/index.html").is_file());
    site.terminate();
    assert!(!scratch.exists(), "{} is left behind", scratch.display());
}

// ---------------------------------------------------------------------------
// In a real browser
// ---------------------------------------------------------------------------

#[test]
fn browser_shows_a_markdown_edit_by_itself() {
    let Some(chromium) = browser::chromium("browser_shows_a_markdown_edit_by_itself") else {
        return;
    };
    let site = start();
    let mut browser = Browser::launch(chromium);
    let session = browser.open(&format!("http://{}/apie/", site.addr));
    let wait_until = |browser: &mut Browser, expression: &str, what: &str| {
        assert!(
            browser.became_true(&session, expression, PATIENCE),
            "the browser never showed {what}; server log:\n{}",
            site.log()
        );
    };
    wait_until(
        &mut browser,
        "document.readyState === 'complete' && document.body.innerText.includes('sveikatos biuras')",
        "the page",
    );
    // The live reload stream is open before the edit.
    wait_until(
        &mut browser,
        "window.sklaidaServeEvents?.readyState === EventSource.OPEN",
        "the event stream",
    );
    std::thread::sleep(Duration::from_millis(300));

    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nRedaguota naršyklės teste.\n",
    );
    wait_until(
        &mut browser,
        "document.body.innerText.includes('Redaguota naršyklės teste.')",
        "the edited paragraph",
    );

    // A broken template shows the overlay over the last good page; the fix removes it.
    site.write("templates/page.html", "{% if %}\n");
    wait_until(
        &mut browser,
        "(document.getElementById('sklaida-serve-error')?.textContent ?? '').includes('templates/page.html:1')",
        "the error overlay",
    );
    site.write("templates/page.html", OVERRIDE_PAGE);
    wait_until(
        &mut browser,
        "!document.getElementById('sklaida-serve-error') && !!document.getElementById('override')",
        "the fixed page without the overlay",
    );
    // Nothing but the dev server was asked for anything.
    let origins = browser.evaluate(
        &session,
        "performance.getEntriesByType('resource').map(e => new URL(e.name).origin).filter(o => o !== location.origin).length",
        false,
    );
    assert_eq!(origins, serde_json::json!(0));
}

#[test]
fn pages_with_shortcodes_follow_what_they_show_and_report_mistakes() {
    let site = start();
    let mut events = EventStream::open(&site.addr);
    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nRenginiai:\n\n{{ event_list(upcoming=true) }}\n",
    );
    events.expect("reload");
    let page = site.get("/apie/");
    assert_eq!(
        page.select_text("ul.shortcode-events a").as_deref(),
        Some("Seminaras apie nerimą")
    );
    // A new title of the event shows in the list at once, without a full build.
    site.write(
        "content/renginiai/seminaras.md",
        "---\ntitle: Seminaras apie stresą\nstart: 2027-03-10T17:00\n---\nPirmoji pastraipa.\n",
    );
    events.expect("reload");
    let page = site.get("/apie/");
    assert_eq!(
        page.select_text("ul.shortcode-events a").as_deref(),
        Some("Seminaras apie stresą")
    );
    // A broken call is an error naming the file and line; the last good page stays.
    site.write(
        "content/apie.md",
        "---\ntitle: Apie mus\n---\nRenginiai:\n\n{{ event_list(limit=\"du\") }}\n",
    );
    let message = events.expect("error");
    assert!(
        message.contains("content/apie.md:6") && message.contains("shortcode `event_list`"),
        "{message}"
    );
    assert_eq!(site.get("/apie/").status, 200);
}

#[test]
fn browser_loads_a_video_player_only_after_a_click() {
    let Some(chromium) = browser::chromium("browser_loads_a_video_player_only_after_a_click")
    else {
        return;
    };
    let site = start_with(
        |root| {
            fs::write(
                root.join("content/apie.md"),
                "---\ntitle: Apie mus\n---\nVaizdo įrašas:\n\n{{ video(youtube=\"aBc-123_xYz\", title=\"Apie gerovę\") }}\n",
            )
            .expect("write");
        },
        &[],
    );
    let mut browser = Browser::launch(chromium);
    let session = browser.open(&format!("http://{}/apie/", site.addr));
    browser.wait(
        &session,
        "document.readyState === 'complete' && window.sklaidaVideoEmbed === true",
        "the page and its script",
        PATIENCE,
    );
    let mut evaluate = |expression: &str| browser.evaluate(&session, expression, false);
    // Before the click: no player, and nothing asked of another site.
    assert_eq!(evaluate("document.querySelectorAll('iframe').length"), 0);
    let others = "performance.getEntriesByType('resource').map(e => new URL(e.name).origin).filter(o => o !== location.origin)";
    assert_eq!(evaluate(others), serde_json::json!([]));
    // The click turns the link into the privacy-enhanced player, in place.
    evaluate("document.querySelector('a.video-start').click()");
    assert_eq!(
        evaluate("document.querySelector('.video-frame iframe')?.src"),
        serde_json::json!("https://www.youtube-nocookie.com/embed/aBc-123_xYz?autoplay=1")
    );
    assert_eq!(
        evaluate("document.querySelector('.video-frame iframe').title"),
        serde_json::json!("Apie gerovę")
    );
    assert_eq!(
        evaluate("document.querySelectorAll('a.video-start').length"),
        0
    );
}

#[test]
fn browser_shows_the_eu_emblem_at_least_as_large_as_the_site_logo() {
    let Some(chromium) =
        browser::chromium("browser_shows_the_eu_emblem_at_least_as_large_as_the_site_logo")
    else {
        return;
    };
    let emblem = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 305 60\" width=\"305\" height=\"60\"><rect width=\"90\" height=\"60\" fill=\"#039\"/></svg>\n";
    let site = start_with(
        |root| {
            let toml = fs::read_to_string(root.join("site.toml")).expect("site.toml");
            fs::write(
                root.join("site.toml"),
                format!("{toml}\n[funding]\nprogramme = \"Programa\"\nemblem = {{ lt = \"/emblema-lt.svg\", en = \"/emblema-en.svg\" }}\nstatement = {{ lt = \"Bendrai finansuoja Europos Sąjunga\", en = \"Co-funded by the European Union\" }}\n"),
            )
            .expect("write");
            fs::write(root.join("static/emblema-lt.svg"), emblem).expect("write");
            fs::write(root.join("static/emblema-en.svg"), emblem).expect("write");
        },
        &[],
    );
    let mut browser = Browser::launch(chromium);
    for (url, statement) in [
        ("/apie/", "Bendrai finansuoja Europos Sąjunga"),
        ("/en/apie/", "Co-funded by the European Union"),
    ] {
        let session = browser.open(&format!("http://{}{url}", site.addr));
        browser.wait(
            &session,
            "document.readyState === 'complete' && document.querySelector('img.funding-emblem')?.complete === true",
            &format!("{url} with its emblem"),
            PATIENCE,
        );
        let mut evaluate = |expression: &str| browser.evaluate(&session, expression, false);
        assert_eq!(
            evaluate("document.querySelector('img.funding-emblem').alt"),
            serde_json::json!(statement)
        );
        // The emblem's picture (inside its white padding) against the header's logo.
        let sizes = evaluate(
            "(() => { const e = document.querySelector('img.funding-emblem'); const s = getComputedStyle(e); \
             return [e.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom), \
                     document.querySelector('.brand-mark').getBoundingClientRect().height]; })()",
        );
        let emblem = sizes[0].as_f64().expect("emblem height");
        let logo = sizes[1].as_f64().expect("logo height");
        // At least as large as any other logo (Regulation 2021/1060), and not below the
        // 1 cm minimum height of the Commission's emblem guidelines (96 px per 2.54 cm).
        let one_cm = 96.0 / 2.54;
        assert!(
            emblem >= logo && emblem >= one_cm,
            "{url}: emblem {emblem} px, logo {logo} px"
        );
    }
}
