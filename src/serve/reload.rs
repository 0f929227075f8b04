//! Live reload over Server-Sent Events.
//!
//! Served HTML pages get [`SNIPPET`], which opens an `EventSource` on [`EVENTS_PATH`].
//! Each stream's writer is taken from its request and given a small queue and a
//! thread that writes what the queue holds. Sending an event only puts it in every
//! queue, never waits: a stream whose queue is still full (its browser does not read)
//! is dropped at once, and its writer ends the response so the browser reconnects.
//! So no client, however slow, delays a rebuild or another client. At most
//! [`MAX_STREAMS`] are kept.

use std::io::Write;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

/// Event streams kept at once.
pub const MAX_STREAMS: usize = 256;
/// Events that may wait for one stream's writer; one more drops the stream.
pub const QUEUE: usize = 8;
const STACK_SIZE: usize = 64 * 1024;

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

type Writer = Box<dyn Write + Send + 'static>;

/// The open event streams and the error to greet new ones with.
#[derive(Default)]
pub struct Broadcaster {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// Each stream's queue; its writer thread ends when the sender is dropped.
    streams: Vec<SyncSender<Arc<[u8]>>>,
    /// The failing build's message, while the last rebuild failed.
    error: Option<String>,
}

impl Broadcaster {
    /// Whether another stream would be taken.
    pub fn has_room(&self) -> bool {
        self.streams() < MAX_STREAMS
    }

    /// Starts an event stream on `writer` (a connection whose request head was read):
    /// its thread writes the answer's head, the greeting, then every event queued. When
    /// there is no room or no thread, the writer is dropped (ending the connection's
    /// turn without an answer).
    pub fn subscribe(&self, writer: Writer) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if inner.streams.len() >= MAX_STREAMS {
            return;
        }
        let (tx, rx) = mpsc::sync_channel::<Arc<[u8]>>(QUEUE);
        let mut greeting = String::from("retry: 1000\n: connected\n\n");
        if let Some(message) = &inner.error {
            greeting.push_str(&Event::Error(message.clone()).encode());
        }
        let spawned = std::thread::Builder::new()
            .name("sklaida-events".into())
            .stack_size(STACK_SIZE)
            .spawn(move || write_stream(writer, greeting.as_bytes(), &rx));
        if spawned.is_ok() {
            inner.streams.push(tx);
        }
    }

    /// Queues `event` for every open stream and remembers an error for later ones.
    pub fn send(&self, event: &Event) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            Event::Error(message) => inner.error = Some(message.clone()),
            Event::Ok => inner.error = None,
            _ => {}
        }
        Self::queue(&mut inner.streams, event.encode().as_bytes());
    }

    /// A comment line, so streams whose browser has gone are found and dropped.
    pub fn heartbeat(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        Self::queue(&mut inner.streams, b": ping\n\n");
    }

    /// Whether the last rebuild failed.
    pub fn has_error(&self) -> bool {
        self.inner.lock().is_ok_and(|i| i.error.is_some())
    }

    pub fn streams(&self) -> usize {
        self.inner.lock().map_or(0, |i| i.streams.len())
    }

    /// Never waits: a full queue or a finished writer drops the stream.
    fn queue(streams: &mut Vec<SyncSender<Arc<[u8]>>>, bytes: &[u8]) {
        let bytes: Arc<[u8]> = Arc::from(bytes);
        streams.retain(|tx| match tx.try_send(Arc::clone(&bytes)) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }
}

/// One stream's thread: the answer's head and `greeting`, then each queued event as
/// a chunk, until a write fails or the stream is dropped; then the last chunk, so a
/// browser that still reads sees the answer end and reconnects.
fn write_stream(mut writer: Writer, greeting: &[u8], queue: &mpsc::Receiver<Arc<[u8]>>) {
    let head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nTransfer-Encoding: chunked\r\n\r\n";
    let chunk = |w: &mut Writer, data: &[u8]| -> std::io::Result<()> {
        write!(w, "{:x}\r\n", data.len())?;
        w.write_all(data)?;
        w.write_all(b"\r\n")?;
        w.flush()
    };
    if writer.write_all(head).is_err() || chunk(&mut writer, greeting).is_err() {
        return;
    }
    while let Ok(event) = queue.recv() {
        if chunk(&mut writer, &event).is_err() {
            return;
        }
    }
    let _ = writer.write_all(b"0\r\n\r\n").and_then(|()| writer.flush());
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

    /// A client that never reads: every write waits until the test ends.
    struct Stuck(Arc<Mutex<mpsc::Receiver<()>>>);

    impl Write for Stuck {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.lock().map(|r| r.recv());
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A client that reads everything at once.
    struct Reader(mpsc::Sender<Vec<u8>>);

    impl Write for Reader {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let _ = self.0.send(bytes.to_vec());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn clients_that_never_read_neither_block_events_nor_delay_others() {
        let (release, stuck) = mpsc::channel::<()>();
        let stuck = Arc::new(Mutex::new(stuck));
        let events = Arc::new(Broadcaster::default());
        for _ in 0..30 {
            events.subscribe(Box::new(Stuck(Arc::clone(&stuck))));
        }
        let (tx, received) = mpsc::channel();
        events.subscribe(Box::new(Reader(tx)));
        assert_eq!(events.streams(), 31);
        // Many more events than a queue holds, each once the reading client has the
        // one before (as saves come); a watchdog fails the test if sending ever waits
        // for the stuck clients.
        let sender = Arc::clone(&events);
        let (done_tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let wait_for = |text: &mut String, what: &str, count: usize| {
                while text.matches(what).count() < count {
                    match received.recv() {
                        Ok(bytes) => text.push_str(&String::from_utf8_lossy(&bytes)),
                        Err(_) => return,
                    }
                }
            };
            for i in 1..=QUEUE * 4 {
                sender.send(&Event::Reload);
                wait_for(&mut text, "event: reload\n", i);
            }
            sender.send(&Event::Error("a.md:1: error: x".into()));
            wait_for(&mut text, "data: a.md:1: error: x\n", 1);
            let _ = done_tx.send(text);
        });
        let text = done
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("sending events waited for clients that do not read");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert_eq!(text.matches("event: reload").count(), QUEUE * 4, "{text}");
        // The stuck streams were dropped; the reading one is kept.
        assert_eq!(events.streams(), 1);
        drop(release);
    }

    #[test]
    fn the_snippet_only_talks_to_the_dev_server() {
        assert!(SNIPPET.contains(EVENTS_PATH));
        assert!(!SNIPPET.contains("http:") && !SNIPPET.contains("https:"));
        assert!(!SNIPPET.contains("Storage"));
    }
}
