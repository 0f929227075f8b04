//! Live reload over Server-Sent Events.
//!
//! Served HTML pages get [`SNIPPET`], which opens an `EventSource` on [`EVENTS_PATH`].
//! Each stream's socket is taken over from its connection (whose thread then ends) and
//! kept here; every event is written and flushed to all of them. A stream that fails
//! to take a write (its browser is gone, or does not read for [`STREAM_WRITE_TIMEOUT`])
//! is dropped; at most [`MAX_STREAMS`] are kept.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::Duration;

/// Event streams kept at once (each is an open socket, not a thread).
pub const MAX_STREAMS: usize = 256;
/// How long an event may wait for a browser that does not read it.
pub const STREAM_WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// The path of the event stream.
pub const EVENTS_PATH: &str = "/__sklaida/events";

/// The script added before `</body>` of served HTML. It talks only to the dev server:
/// `reload` reloads the page (the browser keeps the scroll position), `css` swaps
/// the stylesheets with a cache-busting query, `error` shows the build's message in
/// an overlay and `ok` removes it.
pub const SNIPPET: &str = r#"<script>/* sklaida serve: live reload */
(() => {
  const id = "sklaida-serve-error";
  const events = new EventSource("/__sklaida/events");
  window.sklaidaServeEvents = events;
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      url.searchParams.set("sklaida", Date.now());
      link.href = url.pathname + url.search;
    }
  });
  events.addEventListener("error", (e) => {
    if (!e.data) return;
    let box = document.getElementById(id);
    if (!box) {
      box = document.createElement("pre");
      box.id = id;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1em;z-index:2147483647;background:#fff0f0;color:#700;border-top:4px solid #c00;font:14px/1.4 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "The site could not be rebuilt; showing the last good version.\n\n" + e.data;
  });
  events.addEventListener("ok", () => document.getElementById(id)?.remove());
})();
</script>"#;

/// What the browser is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them.
    Css,
    /// The rebuild failed: the message, as the terminal shows it.
    Error(String),
    /// The previous error is fixed.
    Ok,
}

impl Event {
    /// The event in the `text/event-stream` format: one `data:` line per line.
    pub fn encode(&self) -> String {
        let (name, data) = match self {
            Event::Reload => ("reload", ""),
            Event::Css => ("css", ""),
            Event::Error(message) => ("error", message.as_str()),
            Event::Ok => ("ok", ""),
        };
        let mut out = format!("event: {name}\n");
        if data.is_empty() {
            out.push_str("data: \n");
        }
        for line in data.lines() {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }
}

type Stream = Box<dyn Write + Send + 'static>;

/// The open event streams and the error to greet new ones with.
#[derive(Default)]
pub struct Broadcaster {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    streams: Vec<Stream>,
    /// The failing build's message, while the last rebuild failed.
    error: Option<String>,
}

impl Broadcaster {
    /// Takes over a connection as an event stream; `false` when there are too many.
    pub fn subscribe(&self, socket: TcpStream) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.streams.len() >= MAX_STREAMS {
            return false;
        }
        let _ = socket.set_write_timeout(Some(STREAM_WRITE_TIMEOUT));
        let mut stream: Stream = Box::new(socket);
        let mut greeting = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\nretry: 1000\n: connected\n\n",
        );
        if let Some(message) = &inner.error {
            greeting.push_str(&Event::Error(message.clone()).encode());
        }
        if stream.write_all(greeting.as_bytes()).is_ok() && stream.flush().is_ok() {
            inner.streams.push(stream);
        }
        true
    }

    /// Sends `event` to every open stream and remembers an error for later ones.
    pub fn send(&self, event: &Event) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            Event::Error(message) => inner.error = Some(message.clone()),
            Event::Ok => inner.error = None,
            _ => {}
        }
        Self::write_all(&mut inner.streams, event.encode().as_bytes());
    }

    /// A comment line, so streams whose browser has gone are found and dropped.
    pub fn heartbeat(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        Self::write_all(&mut inner.streams, b": ping\n\n");
    }

    /// Whether the last rebuild failed.
    pub fn has_error(&self) -> bool {
        self.inner.lock().is_ok_and(|i| i.error.is_some())
    }

    pub fn streams(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.streams.len())
    }

    fn write_all(streams: &mut Vec<Stream>, bytes: &[u8]) {
        streams.retain_mut(|s| s.write_all(bytes).is_ok() && s.flush().is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_put_every_line_in_its_own_data_field() {
        assert_eq!(Event::Reload.encode(), "event: reload\ndata: \n\n");
        assert_eq!(
            Event::Error("a.md:3: error: x\n1 error".into()).encode(),
            "event: error\ndata: a.md:3: error: x\ndata: 1 error\n\n"
        );
    }

    #[test]
    fn the_snippet_only_talks_to_the_dev_server() {
        assert!(SNIPPET.contains(EVENTS_PATH));
        assert!(!SNIPPET.contains("http:") && !SNIPPET.contains("https:"));
        assert!(!SNIPPET.contains("Storage"));
    }
}
