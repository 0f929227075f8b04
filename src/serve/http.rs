//! Answering HTTP requests from the private output folder, free of any transport:
//! [`super::server`] turns tiny_http's request into a [`Request`] and writes the
//! [`Response`] back, so all of this is tested without sockets.
//!
//! The request target comes exactly as the browser sent it, so the decoding, the
//! confinement to the output folder, folder index pages, redirects, the site's own 404
//! pages, `Range` and MIME types are all decided here, after the `Host` header (DNS
//! rebinding) and the body framing (`Content-Length`) are checked. The live reload
//! script is added to HTML responses on the way out; files on disk stay as `build`
//! would write them.

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::cms;
use super::reload::{self, EVENTS_PATH};
use super::Shared;

/// A request head, as the transport parsed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent (`/renginiai/%C5%BEiema/?x=1`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// The address the connection comes from, when the transport knows it.
    pub peer: Option<IpAddr>,
    /// The body: read only for a call to the CMS backend (`serve --cms`), up to
    /// [`cms::BODY_LIMIT`] and one byte more; empty otherwise.
    pub body: Vec<u8>,
}

impl Request {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// Every header called `name` (any case).
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// An answer's body.
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes from the file's current position.
    File(fs::File, u64),
}

impl Body {
    pub fn len(&self) -> u64 {
        match self {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, n) => *n,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An answer; the transport adds `Content-Length`.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: Body::Bytes(text.as_bytes().to_vec()),
        }
    }
}

/// Where an event stream's writer goes.
pub type Subscribe = Box<dyn FnOnce(Box<dyn Write + Send + 'static>) + Send>;

/// What the handler did with a request.
pub enum Handled {
    /// Write this answer.
    Answer(Response),
    /// An event stream: give the connection's writer to this.
    Events(Subscribe),
}

/// Whether `host` (a `Host` header's value) names this preview: `localhost`, a
/// loopback address or the address listened on, each with or without a port. A page
/// on another site can reach the preview only through a name of its own that it
/// points at 127.0.0.1 (DNS rebinding); such a name is refused. When listening on
/// every address (`0.0.0.0`, `::`), any IP address is taken as well: rebinding needs
/// a name, never an address.
pub fn host_allowed(host: &str, bind: IpAddr) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        let Some((ip, port)) = rest.split_once(']') else {
            return false;
        };
        if !(port.is_empty() || port.strip_prefix(':').is_some_and(is_port)) {
            return false;
        }
        ip
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bind || bind.is_unspecified(),
        Err(_) => false,
    }
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Refuses a request the preview must not answer: no single `Host` naming it (403),
/// or a body whose length is ambiguous (400: two `Content-Length` headers, or one
/// beside `Transfer-Encoding`, or one that is not a number), which a proxy in front
/// could read differently from us.
pub fn refuse(request: &Request, bind: IpAddr) -> Option<Response> {
    let hosts: Vec<&str> = request.all("Host").collect();
    let host_refused = match hosts.as_slice() {
        [] => Some((400, "bad request: a Host header is required\n")),
        [one] if host_allowed(one, bind) => None,
        [_] => Some((
            403,
            "forbidden: this preview answers only to localhost, loopback addresses and the address it listens on (a protection against DNS rebinding); open it as http://localhost:PORT/\n",
        )),
        _ => Some((400, "bad request: more than one Host header\n")),
    };
    let lengths: Vec<&str> = request.all("Content-Length").collect();
    let framing_refused = match lengths.as_slice() {
        [] => None,
        [_] if request.header("Transfer-Encoding").is_some() => Some((
            400,
            "bad request: Content-Length beside Transfer-Encoding\n",
        )),
        [one] if !one.is_empty() && one.bytes().all(|b| b.is_ascii_digit()) => None,
        [_] => Some((400, "bad request: Content-Length is not a number\n")),
        _ => Some((400, "bad request: more than one Content-Length header\n")),
    };
    let (status, text) = framing_refused.or(host_refused)?;
    let mut r = Response::text(status, text);
    // The rest of this connection cannot be trusted to be framed as we think.
    r.headers.push(("Connection", "close".into()));
    Some(finish(r))
}

/// What a request target names in the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file inside the output folder (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing `/`: where to send the browser.
    Redirect(String),
    NotFound,
    /// A target that cannot name a file in the folder (`..`, a bad escape, a NUL).
    BadRequest,
}

/// Resolves a request target (`/renginiai/%C5%BEiema/?x=1`) inside `root`, which must
/// be canonical. A path is decoded once, so `%252e` stays the literal `%2e`; `..`,
/// backslashes and NUL bytes are refused rather than normalised; the file found is
/// canonicalised again, so a symlink cannot lead outside `root`.
pub fn resolve(root: &Path, target: &str) -> Target {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Target::BadRequest;
    }
    let Some(segments) = segments(path) else {
        return Target::BadRequest;
    };
    let mut file = root.to_path_buf();
    for s in &segments {
        file.push(s);
    }
    let Ok(meta) = fs::metadata(&file) else {
        return Target::NotFound;
    };
    if meta.is_dir() {
        if !path.ends_with('/') {
            let query = target[path.len()..]
                .split('#')
                .next()
                .filter(|q| q.starts_with('?'))
                .unwrap_or("");
            return Target::Redirect(format!("{}{query}", folder_url(&segments)));
        }
        file.push("index.html");
    }
    match fs::canonicalize(&file) {
        Ok(real) if real.starts_with(root) && real.is_file() => Target::File(real),
        _ => Target::NotFound,
    }
}

/// The decoded, checked path segments of a URL path; `None` when the path cannot name
/// a file inside the folder.
fn segments(path: &str) -> Option<Vec<String>> {
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut out = Vec::new();
    for s in decoded.split('/') {
        match s {
            "" | "." => {}
            ".." => return None,
            s => {
                let mut parts = Path::new(s).components();
                if !matches!(
                    (parts.next(), parts.next()),
                    (Some(Component::Normal(_)), None)
                ) {
                    return None;
                }
                out.push(s.to_string());
            }
        }
    }
    Some(out)
}

/// `/a/b/` from decoded segments, each percent-encoded again: a redirect built from
/// them cannot turn into `//other.host/`.
fn folder_url(segments: &[String]) -> String {
    let mut url = String::from("/");
    for s in segments {
        for &b in s.as_bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
        url.push('/');
    }
    url
}

/// Decodes `%XX` escapes once. `None` for a `%` not followed by two hex digits.
pub fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The part of a file a `Range` header asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteRange {
    /// No usable range: send the whole file (also for several ranges or another unit).
    Whole,
    /// Bytes `start..=end`.
    Part { start: u64, end: u64 },
    /// A byte range that does not fit the file or cannot be read: 416.
    Unsatisfiable,
}

/// Parses one `Range: bytes=…` value for a file of `len` bytes.
pub fn parse_range(value: &str, len: u64) -> ByteRange {
    let Some(spec) = value.trim().strip_prefix("bytes=") else {
        return ByteRange::Whole;
    };
    if spec.contains(',') {
        return ByteRange::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return ByteRange::Unsatisfiable;
    };
    let number = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (first, last) = (first.trim(), last.trim());
    let range = match (first.is_empty(), last.is_empty()) {
        (true, true) => None,
        // `bytes=-500`: the last 500 bytes.
        (true, false) => number(last)
            .filter(|&n| n > 0 && len > 0)
            .map(|n| (len.saturating_sub(n), len - 1)),
        (false, true) => number(first).filter(|&s| s < len).map(|s| (s, len - 1)),
        (false, false) => match (number(first), number(last)) {
            (Some(s), Some(e)) if s <= e && s < len => Some((s, e.min(len - 1))),
            _ => None,
        },
    };
    match range {
        Some((start, end)) => ByteRange::Part { start, end },
        None => ByteRange::Unsatisfiable,
    }
}

/// The `Content-Type` for a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Inserts `snippet` before the last `</body>` (any case), or at the end.
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The site's not-found page for a missed path: the language's own (`/en/…` →
/// `en/404.html`) when the first segment has one, else the root `404.html`.
pub fn not_found_page(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let first = segments(path).and_then(|s| s.into_iter().next());
    first
        .map(|f| root.join(f).join("404.html"))
        .into_iter()
        .chain([root.join("404.html")])
        .find(|p| p.is_file())
}

fn html_reply(status: u16, html: Vec<u8>) -> Response {
    Response {
        status,
        headers: vec![("Content-Type", mime_type(Path::new("x.html")).into())],
        body: Body::Bytes(inject(&html, reload::SNIPPET)),
    }
}

/// Answers one request. The `/__sklaida/events` stream's writer is handed to the
/// broadcaster, so the request's thread is free at once.
pub(super) fn respond(request: &Request, shared: &Arc<Shared>) -> Handled {
    if let Some(refused) = refuse(request, shared.bind) {
        return Handled::Answer(refused);
    }
    let target = request.target.as_str();
    if target.split('?').next() == Some(EVENTS_PATH) {
        if shared.events.has_room() {
            let shared = Arc::clone(shared);
            return Handled::Events(Box::new(move |writer| shared.events.subscribe(writer)));
        }
        let mut r = Response::text(503, "too many live reload streams\n");
        r.headers.push(("Retry-After", "5".into()));
        return Handled::Answer(finish(r));
    }
    if target.split('?').next() == Some(cms::API_PATH) {
        return Handled::Answer(finish(cms_call(request, shared)));
    }
    let reply = match request.method.as_str() {
        "GET" | "HEAD" if shared.cms.is_some() && is_cms_config(target, shared) => {
            cms_config(shared, request)
        }
        "GET" | "HEAD" if is_cms_page(target, shared) => {
            without_reload(serve_file(shared, target, request.header("Range")))
        }
        "GET" | "HEAD" => serve_file(shared, target, request.header("Range")),
        _ => {
            let mut r = Response::text(405, "only GET and HEAD are served\n");
            r.headers.push(("Allow", "GET, HEAD".into()));
            r
        }
    };
    Handled::Answer(finish(reply))
}

/// A call to the CMS backend (`serve --cms`), answered only when the preview runs
/// with it and the call comes from a page of this computer ([`cms::allowed`]).
fn cms_call(request: &Request, shared: &Shared) -> Response {
    let Some(backend) = &shared.cms else {
        return Response::text(404, "the CMS backend runs only with sklaida serve --cms\n");
    };
    if request.method != "POST" {
        let mut r = Response::text(405, "the CMS backend takes only POST\n");
        r.headers.push(("Allow", "POST".into()));
        return r;
    }
    if let Err(why) = cms::allowed(
        request.peer,
        request.header("Host"),
        request.header("Origin"),
        request.header("Content-Type"),
    ) {
        return Response::text(403, &format!("forbidden: {why}\n"));
    }
    // The connection's thread has a small stack; JSON of any depth and the file
    // system calls get a thread of their own with room.
    let reply = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("sklaida-cms".into())
            .stack_size(cms::STACK_SIZE)
            .spawn_scoped(scope, || {
                let reply = backend.call(&request.body);
                if reply.status != 200 {
                    let why = reply.json["error"].as_str().unwrap_or("refused");
                    eprintln!("{} CMS: {why}", super::clock());
                }
                reply
            })
            .ok()
            .and_then(|t| t.join().ok())
    });
    let Some(reply) = reply else {
        return Response::text(500, "the CMS backend could not answer this call\n");
    };
    Response {
        status: reply.status,
        headers: vec![("Content-Type", "application/json".into())],
        body: Body::Bytes(reply.json.to_string().into_bytes()),
    }
}

/// Whether `target` asks for the CMS's configuration, `admin/config.yml` under the
/// site's base path.
fn is_cms_config(target: &str, shared: &Shared) -> bool {
    site_path(target, shared).as_deref() == Some(cms::CONFIG_PATH)
}

/// `target`'s path below the site's base path (query and fragment dropped), or `None`
/// when it is outside it.
fn site_path(target: &str, shared: &Shared) -> Option<String> {
    let base_path = shared
        .base_path
        .read()
        .map(|p| p.clone())
        .unwrap_or_default();
    let path = target.split(['?', '#']).next().unwrap_or("");
    path.strip_prefix(base_path.as_str()).map(str::to_string)
}

/// Whether `target` is a page of the CMS (`/admin/…` under the base path): the
/// editor is not a preview of the site, and a reload there would drop an edit
/// under way (every save rebuilds the site).
fn is_cms_page(target: &str, shared: &Shared) -> bool {
    site_path(target, shared)
        .is_some_and(|p| p == cms::ADMIN_PATH || p.starts_with(&format!("{}/", cms::ADMIN_PATH)))
}

/// `reply` without the live reload script.
fn without_reload(mut reply: Response) -> Response {
    if let Body::Bytes(bytes) = &reply.body {
        let snippet = reload::SNIPPET.as_bytes();
        if let Some(at) = bytes.windows(snippet.len()).position(|w| w == snippet) {
            let mut out = bytes[..at].to_vec();
            out.extend_from_slice(&bytes[at + snippet.len()..]);
            reply.body = Body::Bytes(out);
        }
    }
    reply
}

/// The CMS's configuration as built, pointed at this preview's backend.
fn cms_config(shared: &Shared, request: &Request) -> Response {
    let mut reply = serve_file(shared, &request.target, None);
    if reply.status != 200 {
        return reply;
    }
    let text = match std::mem::replace(&mut reply.body, Body::Bytes(Vec::new())) {
        Body::Bytes(b) => String::from_utf8_lossy(&b).into_owned(),
        Body::File(f, n) => {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut std::io::Read::take(f, n), &mut s);
            s
        }
    };
    let host = request.header("Host").unwrap_or("localhost");
    Response {
        status: 200,
        headers: vec![("Content-Type", "text/yaml; charset=utf-8".into())],
        body: Body::Bytes(cms::local_config(&text, host).into_bytes()),
    }
}

/// The headers every answer has.
fn finish(mut reply: Response) -> Response {
    // A preview must always show the latest save.
    reply.headers.push(("Cache-Control", "no-store".into()));
    reply
        .headers
        .push(("X-Content-Type-Options", "nosniff".into()));
    reply
}

fn serve_file(shared: &Shared, target: &str, range: Option<&str>) -> Response {
    // A rebuild swaps the folder by two renames: a file opened before stays readable,
    // but a request between the renames finds nothing. Such a miss waits for the swap
    // to end and asks again.
    let before = shared.swap_count();
    let reply = answer_from(shared, target, range);
    if reply.status != 404 && reply.status != 503 {
        return reply;
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut now = shared.swap_count();
    if now == before && now.is_multiple_of(2) {
        return reply;
    }
    while !now.is_multiple_of(2) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(2));
        now = shared.swap_count();
    }
    answer_from(shared, target, range)
}

fn answer_from(shared: &Shared, target: &str, range: Option<&str>) -> Response {
    if !shared.has_output() {
        return html_reply(
            503,
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>sklaida serve</title></head><body><p>The site has errors and could not be built yet: see the terminal.</p></body></html>".to_vec(),
        );
    }
    let base_path = shared
        .base_path
        .read()
        .map(|p| p.clone())
        .unwrap_or_default();
    answer_under(&shared.out_dir, &base_path, target, range)
}

/// The answer to a GET of `target` for a site published under `base_path`
/// (`/kampanija`): the folder `root` answers at `/kampanija/…`, as on the web; `/`
/// (and `/kampanija`) redirect to `/kampanija/`, and anything else outside it is not
/// found. With no base path this is [`answer`].
pub fn answer_under(root: &Path, base_path: &str, target: &str, range: Option<&str>) -> Response {
    if base_path.is_empty() {
        return answer(root, target, range);
    }
    let path = target.split(['?', '#']).next().unwrap_or("");
    let query = &target[path.len()..];
    let redirect = |location: String| {
        let mut r = Response::text(302, &format!("the site is at {location}\n"));
        r.headers.push(("Location", location));
        r
    };
    if path == "/" || path == base_path {
        return redirect(format!("{base_path}/{query}"));
    }
    let Some(inner) = target
        .strip_prefix(base_path)
        .filter(|rest| rest.starts_with('/'))
    else {
        // Outside the site: on the web this is another site's, or nobody's.
        return not_found(root, "/");
    };
    let mut reply = answer(root, inner, range);
    for (name, value) in &mut reply.headers {
        if *name == "Location" && value.starts_with('/') {
            *value = format!("{base_path}{value}");
        }
    }
    if reply.status == 301 || reply.status == 302 {
        reply.body = Body::Bytes(b"moved\n".to_vec());
    }
    reply
}

/// The answer to a GET of `target` (with its `Range` header) from the folder `root`
/// (canonical): a file, a redirect, a refusal or the site's not-found page.
pub fn answer(root: &Path, target: &str, range: Option<&str>) -> Response {
    match resolve(root, target) {
        Target::File(path) => match open(&path, range) {
            Ok(reply) => reply,
            Err(_) => Response::text(404, "not found\n"),
        },
        Target::Redirect(location) => {
            let mut r = Response::text(301, &format!("moved to {location}\n"));
            r.headers.push(("Location", location));
            r
        }
        Target::BadRequest => Response::text(
            400,
            "bad request: this path cannot name a file of the site\n",
        ),
        Target::NotFound => not_found(root, target),
    }
}

/// The site's not-found page for `target` (404), or a plain one.
fn not_found(root: &Path, target: &str) -> Response {
    match not_found_page(root, target).and_then(|p| fs::read(p).ok()) {
        Some(html) => html_reply(404, html),
        None => html_reply(
            404,
            b"<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>".to_vec(),
        ),
    }
}

/// Opens a file for a reply, with the script added to HTML and `range` applied.
fn open(path: &Path, range: Option<&str>) -> std::io::Result<Response> {
    let mime = mime_type(path);
    let (body, len) = if mime.starts_with("text/html") {
        let html = inject(&fs::read(path)?, reload::SNIPPET);
        let len = html.len() as u64;
        (Body::Bytes(html), len)
    } else {
        let file = fs::File::open(path)?;
        let len = file.metadata()?.len();
        (Body::File(file, len), len)
    };
    let mut reply = Response {
        status: 200,
        headers: vec![
            ("Content-Type", mime.into()),
            ("Accept-Ranges", "bytes".into()),
        ],
        body,
    };
    match range.map_or(ByteRange::Whole, |r| parse_range(r, len)) {
        ByteRange::Whole => {}
        ByteRange::Unsatisfiable => {
            let mut r = Response::text(416, "range not satisfiable\n");
            r.headers.push(("Content-Range", format!("bytes */{len}")));
            return Ok(r);
        }
        ByteRange::Part { start, end } => {
            reply.status = 206;
            reply
                .headers
                .push(("Content-Range", format!("bytes {start}-{end}/{len}")));
            let count = end - start + 1;
            reply.body = match reply.body {
                Body::Bytes(b) => Body::Bytes(b[start as usize..=end as usize].to_vec()),
                Body::File(mut f, _) => {
                    f.seek(SeekFrom::Start(start))?;
                    Body::File(f, count)
                }
            };
        }
    }
    Ok(reply)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("out");
        fs::create_dir_all(root.join("en/apie")).expect("mkdir");
        fs::create_dir_all(root.join("žiema")).expect("mkdir");
        fs::write(root.join("index.html"), "home").expect("write");
        fs::write(root.join("en/apie/index.html"), "about").expect("write");
        fs::write(root.join("žiema/šventė.txt"), "šventė").expect("write");
        fs::write(tmp.path().join("secret.txt"), "secret").expect("write");
        let root = fs::canonicalize(root).expect("canonical");
        (tmp, root)
    }

    #[test]
    fn decodes_lithuanian_letters_in_paths() {
        let (_tmp, root) = site();
        let target = "/%C5%BEiema/%C5%A1vent%C4%97.txt";
        assert_eq!(
            resolve(&root, target),
            Target::File(root.join("žiema/šventė.txt"))
        );
    }

    #[test]
    fn folders_serve_their_index_and_redirect_without_slash() {
        let (_tmp, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/en/apie/?x=1"),
            Target::File(root.join("en/apie/index.html"))
        );
        assert_eq!(
            resolve(&root, "/en/apie?x=1"),
            Target::Redirect("/en/apie/?x=1".into())
        );
        assert_eq!(
            resolve(&root, "/%C5%BEiema"),
            Target::Redirect("/%C5%BEiema/".into())
        );
    }

    #[test]
    fn paths_cannot_leave_the_folder() {
        let (_tmp, root) = site();
        for bad in [
            "/../secret.txt",
            "/en/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/en/..%5c..%5csecret.txt",
            "/a\\..\\secret.txt",
            "/index.html%00.txt",
            "/%zz",
            "secret.txt",
            "http://example.com/",
        ] {
            assert_eq!(resolve(&root, bad), Target::BadRequest, "{bad}");
        }
        // Decoded once: a double-encoded dot is a literal `%2e` name, which is absent.
        assert_eq!(resolve(&root, "/%252e%252e/secret.txt"), Target::NotFound);
        // An absolute path is a path inside the folder.
        assert_eq!(resolve(&root, "//etc/passwd"), Target::NotFound);
        assert_eq!(resolve(&root, "/etc/passwd"), Target::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_not_followed() {
        let (tmp, root) = site();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt"))
            .expect("symlink");
        assert_eq!(resolve(&root, "/link.txt"), Target::NotFound);
    }

    fn body(r: &Response) -> Vec<u8> {
        match &r.body {
            Body::Bytes(b) => b.clone(),
            Body::File(f, n) => {
                let mut out = Vec::new();
                std::io::Read::read_to_end(&mut std::io::Read::take(f, *n), &mut out)
                    .expect("read");
                out
            }
        }
    }

    fn location(r: &Response) -> Option<&str> {
        r.headers
            .iter()
            .find(|(k, _)| *k == "Location")
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn a_site_under_a_base_path_is_served_under_it() {
        let (_tmp, root) = site();
        fs::write(root.join("404.html"), "lt 404").expect("write");
        fs::write(root.join("en/404.html"), "en 404").expect("write");
        let get = |target: &str| answer_under(&root, "/kampanija", target, None);
        let home = get("/kampanija/");
        assert_eq!(home.status, 200);
        assert!(body(&home).starts_with(b"home"));
        let about = get("/kampanija/en/apie/?x=1");
        assert_eq!(about.status, 200);
        assert!(body(&about).starts_with(b"about"));
        let file = get("/kampanija/%C5%BEiema/%C5%A1vent%C4%97.txt");
        assert_eq!(body(&file), "šventė".as_bytes());
        // The host's root and the base path without its slash lead to the site.
        for (target, to) in [
            ("/", "/kampanija/"),
            ("/?q=a", "/kampanija/?q=a"),
            ("/kampanija", "/kampanija/"),
            ("/kampanija?q=a", "/kampanija/?q=a"),
            ("/kampanija/en/apie", "/kampanija/en/apie/"),
            ("/kampanija/en/apie?x=1", "/kampanija/en/apie/?x=1"),
        ] {
            let r = get(target);
            assert!(matches!(r.status, 301 | 302), "{target}: {}", r.status);
            assert_eq!(location(&r), Some(to), "{target}");
        }
        // Outside the base path nothing of the site answers, as on the web.
        for outside in [
            "/en/apie/",
            "/index.html",
            "/kampanijos/",
            "/kampanija.html",
        ] {
            let r = get(outside);
            assert_eq!(r.status, 404, "{outside}");
        }
        // Each language's own not-found page, under the prefix too.
        let missing = get("/kampanija/en/nope/");
        assert_eq!(missing.status, 404);
        assert!(body(&missing).starts_with(b"en 404"));
        assert!(body(&get("/kampanija/nope/")).starts_with(b"lt 404"));
        // Confinement still holds below the prefix.
        assert_eq!(get("/kampanija/../secret.txt").status, 400);
        assert_eq!(get("/kampanija/%2e%2e/secret.txt").status, 400);
        // No base path: the folder is the host's root, as before.
        assert_eq!(answer_under(&root, "", "/", None).status, 200);
        assert_eq!(answer_under(&root, "", "/kampanija/", None).status, 404);
    }

    #[test]
    fn language_prefixes_pick_their_not_found_page() {
        let (_tmp, root) = site();
        assert_eq!(not_found_page(&root, "/en/nope/"), None);
        fs::write(root.join("404.html"), "lt").expect("write");
        fs::write(root.join("en/404.html"), "en").expect("write");
        assert_eq!(
            not_found_page(&root, "/en/nope/"),
            Some(root.join("en/404.html"))
        );
        assert_eq!(not_found_page(&root, "/nope/"), Some(root.join("404.html")));
        assert_eq!(not_found_page(&root, "/../x"), Some(root.join("404.html")));
    }

    #[test]
    fn only_names_of_this_preview_are_accepted_as_host() {
        let loopback: IpAddr = "127.0.0.1".parse().expect("ip");
        let lan: IpAddr = "192.168.1.20".parse().expect("ip");
        let every: IpAddr = "0.0.0.0".parse().expect("ip");
        for host in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "127.3.4.5:80",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io:1111",
            "192.168.1.20:1111",
            "localhost:x",
            "localhost:1111:2",
            "[::1",
            "[::1]x",
            "",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        assert!(host_allowed("192.168.1.20:1111", lan));
        assert!(!host_allowed("192.168.1.21:1111", lan));
        // Listening on every address: any address, still no foreign name.
        assert!(host_allowed("10.0.0.7:1111", every));
        assert!(host_allowed("[fe80::1]:1111", every));
        assert!(!host_allowed("rebind.evil.example:1111", every));
    }

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".into(),
            target: "/".into(),
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            peer: None,
            body: Vec::new(),
        }
    }

    #[test]
    fn foreign_hosts_and_ambiguous_lengths_are_refused() {
        let bind: IpAddr = "127.0.0.1".parse().expect("ip");
        let status = |headers: &[(&str, &str)]| refuse(&request(headers), bind).map(|r| r.status);
        assert_eq!(status(&[("Host", "localhost:1111")]), None);
        assert_eq!(
            status(&[("host", "127.0.0.1:1"), ("Content-Length", "0")]),
            None
        );
        assert_eq!(status(&[("Host", "rebound.example:1111")]), Some(403));
        assert_eq!(status(&[]), Some(400));
        assert_eq!(
            status(&[("Host", "localhost"), ("Host", "evil")]),
            Some(400)
        );
        for lengths in [
            &[("Content-Length", "5"), ("Content-Length", "7")][..],
            &[("Content-Length", "5"), ("content-length", "5")][..],
            &[("Content-Length", "5"), ("Transfer-Encoding", "chunked")][..],
            &[("Content-Length", "-1")][..],
            &[("Content-Length", "5, 7")][..],
        ] {
            let mut headers = vec![("Host", "localhost")];
            headers.extend_from_slice(lengths);
            let refused = refuse(&request(&headers), bind).expect("refused");
            assert_eq!(refused.status, 400, "{lengths:?}");
            assert!(refused
                .headers
                .iter()
                .any(|(k, v)| *k == "Connection" && v == "close"));
        }
    }

    #[test]
    fn ranges() {
        use ByteRange::*;
        assert_eq!(parse_range("bytes=0-3", 10), Part { start: 0, end: 3 });
        assert_eq!(parse_range("bytes=4-", 10), Part { start: 4, end: 9 });
        assert_eq!(parse_range("bytes=-3", 10), Part { start: 7, end: 9 });
        assert_eq!(parse_range("bytes=-30", 10), Part { start: 0, end: 9 });
        assert_eq!(parse_range("bytes=5-100", 10), Part { start: 5, end: 9 });
        assert_eq!(parse_range("bytes=10-", 10), Unsatisfiable);
        assert_eq!(parse_range("bytes=5-2", 10), Unsatisfiable);
        assert_eq!(parse_range("bytes=x-2", 10), Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 10), Unsatisfiable);
        assert_eq!(parse_range("bytes=-", 10), Unsatisfiable);
        assert_eq!(parse_range("bytes=0-1,4-5", 10), Whole);
        assert_eq!(parse_range("items=0-1", 10), Whole);
    }

    #[test]
    fn mime_types() {
        for (name, mime) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
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
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(mime_type(Path::new(name)), mime, "{name}");
        }
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        assert_eq!(
            inject(b"<p></body></BODY></html>", "<s>"),
            b"<p></body><s></BODY></html>"
        );
        assert_eq!(inject(b"<p>", "<s>"), b"<p><s>");
    }
}
