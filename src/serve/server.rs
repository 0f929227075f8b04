//! The dev server's HTTP/1.1 connections: std's `TcpListener`, `httparse` for request
//! heads, one thread per open connection.
//!
//! Everything a client can hold is bounded: at most [`MAX_CONNECTIONS`] connections
//! (more are answered 503 at once), a request head of at most [`MAX_HEAD`] bytes that
//! must arrive whole within [`HEAD_TIMEOUT`], a kept-alive connection closed after
//! [`IDLE_TIMEOUT`] without a request, and writes that make no progress for
//! [`WRITE_TIMEOUT`] (or fall below [`MIN_RATE`]) end the connection. So a client that
//! sends slowly, never finishes its request or never reads its answer holds one thread
//! for a while, never the others. Request bodies are never read (only GET and HEAD are
//! served): a request with one closes its connection after the answer. An event stream
//! leaves its thread: the handler keeps the socket and the thread ends.

use std::fs::File;
use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Connections open at once, each with its thread; event streams are not counted.
pub const MAX_CONNECTIONS: usize = 512;
/// The longest request line and headers accepted.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a request head may take to arrive once it has begun (and a new
/// connection to begin one).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a kept-alive connection may wait for its next request.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one write may wait for the client to read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Bytes per second a long answer must at least move at (after [`WRITE_TIMEOUT`]).
pub const MIN_RATE: u64 = 32 * 1024;
const MAX_HEADERS: usize = 64;
const STACK_SIZE: usize = 512 * 1024;

/// A request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target exactly as sent (`/renginiai/%C5%BEiema/?x=1`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Whether the connection may stay open after the answer.
    pub keep_alive: bool,
}

impl Request {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// An answer's body.
pub enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes from the file's current position.
    File(File, u64),
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

/// An answer; `Content-Length` and `Connection` are added when it is written.
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

/// What the handler did with a request.
pub enum Handled {
    /// Write this answer.
    Answer(Response),
    /// The handler took the connection (an event stream); the thread lets it be.
    TakenOver,
}

/// Serves `listener` on this thread until it fails for good; `handle` answers each
/// request and is given the connection's socket for event streams.
pub fn run<H>(listener: TcpListener, handle: H)
where
    H: Fn(&Request, &TcpStream) -> Handled + Send + Sync + 'static,
{
    let handle = Arc::new(handle);
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if is_fatal(&e) => return,
            Err(_) => {
                // Out of file descriptors and the like: wait for connections to end.
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
            continue;
        }
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            refuse(stream);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let handle = Arc::clone(&handle);
        let spawned = std::thread::Builder::new()
            .name("sklaida-http".into())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _slot = slot;
                connection(stream, &*handle);
            });
        // A thread that cannot start drops its stream (closing it) and its slot.
        drop(spawned);
    }
}

/// A connection's place in the count, given back when its thread ends.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn is_fatal(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::InvalidInput)
}

/// Too many connections: a short 503, then close.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\ntoo many connections; try again soon\r\n",
    );
    let _ = stream.shutdown(Shutdown::Both);
}

/// Requests of one connection, one after the other, until it closes or is closed.
fn connection<H>(mut stream: TcpStream, handle: &H)
where
    H: Fn(&Request, &TcpStream) -> Handled,
{
    let mut buffer: Vec<u8> = Vec::with_capacity(2048);
    let mut first = true;
    loop {
        let wait = if first { HEAD_TIMEOUT } else { IDLE_TIMEOUT };
        first = false;
        let (request, head_len) = match read_head(&mut stream, &mut buffer, wait) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => {
                let mut r = Response::text(status, reason(status));
                r.headers.push(("Connection", "close".into()));
                let _ = write_response(&mut stream, &r, false, false);
                let _ = stream.shutdown(Shutdown::Both);
                return;
            }
        };
        buffer.drain(..head_len);
        let has_body = request
            .header("Content-Length")
            .is_some_and(|n| n.trim() != "0")
            || request.header("Transfer-Encoding").is_some();
        // A body is never read, so the next request could not be found after it.
        let keep_alive = request.keep_alive && !has_body;
        match handle(&request, &stream) {
            Handled::TakenOver => return,
            Handled::Answer(response) => {
                let head_only = request.method == "HEAD";
                if write_response(&mut stream, &response, head_only, keep_alive).is_err()
                    || !keep_alive
                {
                    let _ = stream.shutdown(Shutdown::Both);
                    return;
                }
            }
        }
    }
}

/// Reads one request head. `Ok(None)`: the client closed or went quiet before sending
/// anything; `Err(status)`: answer with that status and close.
fn read_head(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    wait: Duration,
) -> Result<Option<(Request, usize)>, u16> {
    let mut deadline = Instant::now() + wait;
    let mut started = !buffer.is_empty();
    if started {
        deadline = Instant::now() + HEAD_TIMEOUT;
    }
    let mut chunk = [0u8; 4096];
    loop {
        if !buffer.is_empty() {
            match parse(buffer) {
                Ok(Some(parsed)) => return Ok(Some(parsed)),
                Ok(None) if buffer.len() >= MAX_HEAD => return Err(431),
                Ok(None) => {}
                Err(status) => return Err(status),
            }
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return if started { Err(408) } else { Ok(None) };
        }
        if stream.set_read_timeout(Some(left)).is_err() {
            return Ok(None);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                if !started {
                    started = true;
                    deadline = Instant::now() + HEAD_TIMEOUT;
                }
                buffer.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return if started { Err(408) } else { Ok(None) };
            }
            Err(_) => return Ok(None),
        }
    }
}

/// A complete request head at the start of `bytes` and its length; `None` while it
/// is incomplete; a status for one that cannot be served.
pub fn parse(bytes: &[u8]) -> Result<Option<(Request, usize)>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(httparse::Error::Version) => {
            let line = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
            let newer = line.windows(6).any(|w| w == b"HTTP/2" || w == b"HTTP/3");
            return Err(if newer { 505 } else { 400 });
        }
        Err(_) => return Err(400),
    };
    let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version) else {
        return Err(400);
    };
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect();
    let connection = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Connection"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(",");
    let keep_alive = if version >= 1 {
        !connection.contains("close")
    } else {
        connection.contains("keep-alive")
    };
    Ok(Some((
        Request {
            method: method.to_string(),
            target: target.to_string(),
            headers,
            keep_alive,
        },
        len,
    )))
}

/// Writes `response`: its head, then (unless `head_only`) its body, giving up on a
/// client that reads slower than [`MIN_RATE`].
fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let len = response.body.len();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        // Values are ours, but a header must never be split by one.
        if value.contains(['\r', '\n']) {
            continue;
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {len}\r\n"));
    if !keep_alive && !response.headers.iter().any(|(k, _)| *k == "Connection") {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if head_only {
        return stream.flush();
    }
    let started = Instant::now();
    let budget = WRITE_TIMEOUT + Duration::from_secs(len / MIN_RATE);
    let mut sent = 0u64;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut send = |stream: &mut TcpStream, bytes: &[u8]| -> io::Result<()> {
        stream.write_all(bytes)?;
        sent += bytes.len() as u64;
        if started.elapsed() > budget {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "client reads too slowly",
            ));
        }
        Ok(())
    };
    match &response.body {
        Body::Bytes(bytes) => {
            for part in bytes.chunks(chunk.len()) {
                send(stream, part)?;
            }
        }
        Body::File(file, n) => {
            let mut reader = file.take(*n);
            loop {
                let got = reader.read(&mut chunk)?;
                if got == 0 {
                    break;
                }
                send(stream, &chunk[..got])?;
            }
        }
    }
    if sent != len {
        // The file shrank while it was sent: the length promised is wrong.
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "file changed"));
    }
    stream.flush()
}

/// The reason phrase of the statuses the server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_parse_with_keep_alive_by_version() {
        let (r, len) =
            parse(b"GET /a%20b/?x=1 HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1\r\n\r\nrest")
                .expect("valid")
                .expect("complete");
        assert_eq!(len, 55);
        assert_eq!(
            (r.method.as_str(), r.target.as_str()),
            ("GET", "/a%20b/?x=1")
        );
        assert_eq!(r.header("range"), Some("bytes=0-1"));
        assert!(r.keep_alive);
        let close = parse(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n")
            .expect("valid")
            .expect("complete");
        assert!(!close.0.keep_alive);
        let old = parse(b"GET / HTTP/1.0\r\n\r\n")
            .expect("valid")
            .expect("complete");
        assert!(!old.0.keep_alive);
        let old_kept = parse(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .expect("valid")
            .expect("complete");
        assert!(old_kept.0.keep_alive);
    }

    #[test]
    fn partial_and_broken_heads() {
        assert_eq!(
            parse(b"GET / HTTP/1.1\r\nHost: x\r\n").expect("valid"),
            None
        );
        assert_eq!(parse(b"GET / HTTP/1.1\r\nHo").expect("valid"), None);
        assert_eq!(parse(b"GET / HTTP/2.0\r\n\r\n").err(), Some(505));
        assert_eq!(parse(b"GET /\0 HTTP/1.1\r\n\r\n").err(), Some(400));
        assert_eq!(parse(b"\x16\x03\x01\x02\x00").err(), Some(400));
        let many: String = (0..100).map(|i| format!("X-{i}: y\r\n")).collect();
        assert_eq!(
            parse(format!("GET / HTTP/1.1\r\n{many}\r\n").as_bytes()).err(),
            Some(431)
        );
    }

    /// A server on a free port answering every request with its target.
    fn echo() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr").to_string();
        std::thread::spawn(move || {
            run(listener, |r, _| {
                Handled::Answer(Response::text(200, &r.target))
            })
        });
        addr
    }

    fn exchange(addr: &str, send: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        s.write_all(send).expect("send");
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        String::from_utf8_lossy(&reply).into_owned()
    }

    #[test]
    fn pipelined_requests_are_answered_in_order_and_close_ends() {
        let addr = echo();
        let reply = exchange(
            &addr,
            b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nHEAD /b HTTP/1.1\r\nHost: x\r\n\r\nGET /c HTTP/1.1\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(reply.matches("HTTP/1.1 200 OK\r\n").count(), 3, "{reply}");
        assert!(
            reply.contains("Content-Length: 2\r\n\r\n/aHTTP/1.1"),
            "{reply}"
        );
        // HEAD: the length of the body it would have, no body.
        assert!(
            reply.contains("Content-Length: 2\r\n\r\nHTTP/1.1 200 OK"),
            "{reply}"
        );
        assert!(reply.ends_with("Connection: close\r\n\r\n/c"), "{reply}");
    }

    #[test]
    fn oversized_and_malformed_heads_are_refused() {
        let addr = echo();
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(exchange(&addr, long.as_bytes()).starts_with("HTTP/1.1 431 "));
        assert!(exchange(&addr, b"NOT HTTP AT ALL\r\n\r\n").starts_with("HTTP/1.1 400 "));
        // A body is not read: the connection closes after the answer.
        let reply = exchange(&addr, b"POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello");
        assert!(
            reply.starts_with("HTTP/1.1 200 ") && reply.contains("Connection: close"),
            "{reply}"
        );
    }
}
