//! The dev server's transport: tiny_http accepts the connections and parses the
//! requests; this module hands each one to [`super::http`] on a thread of its own and
//! writes the answer back through tiny_http.
//!
//! tiny_http gives every connection a thread that reads its requests (keep-alive,
//! pipelining, bodies, `Expect`, HTTP versions). It sets no timeouts and buffers a
//! request head without limit; for a preview on loopback neither stalls anyone (a
//! silent connection holds only its own thread). What is added here: each request is
//! answered on its own short-lived thread, so a client that never reads its answer
//! holds that thread and nobody else's, and every socket gets a write timeout
//! ([`WRITE_TIMEOUT`], set on the listening socket, whose accepted sockets inherit
//! it), so such a write ends. An event stream's writer is handed to the broadcaster
//! ([`super::reload`]) and the request's thread ends at once.

use std::io::{self, Cursor, Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::http::{Body, Handled, Request, Response};

/// How long one write may wait for a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
const STACK_SIZE: usize = 256 * 1024;
/// How often the pool is nudged (see [`nudge_pool`]).
const NUDGE: Duration = Duration::from_millis(100);

/// Serves `listener` on this thread until it fails for good; `handle` answers each
/// request.
pub fn run<H>(listener: TcpListener, handle: H) -> io::Result<()>
where
    H: Fn(&Request) -> Handled + Send + Sync + 'static,
{
    socket2::SockRef::from(&listener).set_write_timeout(Some(WRITE_TIMEOUT))?;
    nudge_pool(listener.local_addr()?);
    let server = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
    let handle = Arc::new(handle);
    loop {
        let request = server.recv()?;
        let handle = Arc::clone(&handle);
        // A thread that cannot start drops the request: tiny_http answers it 500.
        let _ = std::thread::Builder::new()
            .name("sklaida-http".into())
            .stack_size(STACK_SIZE)
            .spawn(move || answer(request, &*handle));
    }
}

/// tiny_http's pool gives a new connection to an idle thread when there is one, but
/// connections that arrive together can all be queued for the same thread; if that
/// one takes a connection that never sends anything, the others wait until some
/// connection ends. A connection of our own every [`NUDGE`], closed at once, gives
/// the pool a thread that ends at once and takes the next queued connection.
fn nudge_pool(mut addr: SocketAddr) {
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
        });
    }
    let _ = std::thread::Builder::new()
        .name("sklaida-nudge".into())
        .stack_size(64 * 1024)
        .spawn(move || loop {
            std::thread::sleep(NUDGE);
            drop(TcpStream::connect_timeout(&addr, Duration::from_secs(1)));
        });
}

/// The transport-free form of a tiny_http request.
pub fn request_of(request: &tiny_http::Request) -> Request {
    Request {
        peer: request.remote_addr().map(SocketAddr::ip),
        body: Vec::new(),
        method: request.method().as_str().to_string(),
        target: request.url().to_string(),
        headers: request
            .headers()
            .iter()
            .map(|h| (h.field.as_str().to_string(), h.value.as_str().to_string()))
            .collect(),
    }
}

fn answer<H>(mut request: tiny_http::Request, handle: &H)
where
    H: Fn(&Request) -> Handled,
{
    let mut ours = request_of(&request);
    if ours.method == "POST" && ours.target.split('?').next() == Some(super::cms::API_PATH) {
        // At most one byte over the limit: enough to refuse it as too large.
        let _ = request
            .as_reader()
            .take(super::cms::BODY_LIMIT + 1)
            .read_to_end(&mut ours.body);
    }
    match handle(&ours) {
        Handled::Answer(response) if closes(&response) => {
            let head_only = request.method() == &tiny_http::Method::Head;
            let _ = write_closing(request.into_writer(), response, head_only);
        }
        Handled::Answer(response) => {
            let _ = request.respond(to_tiny(response));
        }
        Handled::Events(subscribe) => subscribe(request.into_writer()),
    }
}

fn closes(response: &Response) -> bool {
    response
        .headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("Connection") && v == "close")
}

/// An answer that must say `Connection: close` (a refusal whose connection cannot be
/// trusted), written here because tiny_http drops that header from its answers.
fn write_closing(
    mut writer: Box<dyn Write + Send>,
    response: Response,
    head_only: bool,
) -> io::Result<()> {
    let status = tiny_http::StatusCode(response.status);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        status.0,
        status.default_reason_phrase()
    );
    for (name, value) in &response.headers {
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len()));
    writer.write_all(head.as_bytes())?;
    if !head_only {
        match response.body {
            Body::Bytes(bytes) => writer.write_all(&bytes)?,
            Body::File(file, n) => {
                io::copy(&mut file.take(n), &mut writer)?;
            }
        }
    }
    writer.flush()
}

/// Our answer as tiny_http's, always with `Content-Length` (never chunked), so that
/// `Range` answers and HEAD give the length of the body.
fn to_tiny(response: Response) -> tiny_http::Response<Box<dyn Read + Send>> {
    let headers = response
        .headers
        .iter()
        // Values are ours, but a header must never be split by one.
        .filter(|(_, v)| !v.contains(['\r', '\n']))
        .filter_map(|(k, v)| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok())
        .collect();
    let len = response.body.len();
    let reader: Box<dyn Read + Send> = match response.body {
        Body::Bytes(bytes) => Box::new(Cursor::new(bytes)),
        Body::File(file, n) => Box::new(file.take(n)),
    };
    tiny_http::Response::new(
        tiny_http::StatusCode(response.status),
        headers,
        reader,
        usize::try_from(len).ok(),
        None,
    )
    .with_chunked_threshold(usize::MAX)
}
