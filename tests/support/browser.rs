//! Headless Chromium for tests, driven over the Chrome DevTools Protocol with
//! tungstenite: whether it is installed ([`chromium`]), launch, send a command, read
//! its reply, wait for the page, print it to PDF, take a screenshot. Shared by every
//! test that needs a browser; each uses what it needs. Needs no other support module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Where CI (`.ci/run`) installs Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Whether the tests run under CI (`CI=true`), where every tool must be there.
pub fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Fails under CI, else prints, loudly, why `test` did not run and how to run it.
pub fn unavailable(test: &str, what: &str, how: &str) {
    let message = format!("SKIPPED {test}: {what}. {how}");
    assert!(!under_ci(), "{message}");
    eprintln!("\n{}\n{message}\n{}\n", "!".repeat(80), "!".repeat(80));
}

/// [`CHROMIUM`] if it is installed; else `None`, after [`unavailable`] said so for
/// `test` (a failure under CI).
pub fn chromium(test: &str) -> Option<&'static Path> {
    let path = Path::new(CHROMIUM);
    if path.exists() {
        return Some(path);
    }
    unavailable(
        test,
        "/usr/bin/chromium is not installed",
        "apt-get install -y chromium",
    );
    None
}

/// A minimal Chrome DevTools Protocol client over tungstenite.
pub struct Browser {
    child: Child,
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("tempdir");
        let mut child = Command::new(chromium)
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--remote-debugging-port=0",
                "about:blank",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = tx.send(url.trim().to_string());
                }
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("chromium printed its DevTools address");
        let (socket, _) = tungstenite::connect(url.as_str()).expect("connect to DevTools");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_secs(30)))
                .expect("timeout");
        }
        Browser {
            child,
            socket,
            next_id: 0,
            _profile: profile,
        }
    }

    /// Sends a command and returns its result, skipping events in between. An error
    /// answer fails the test.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: serde_json::Value,
    ) -> serde_json::Value {
        match self.try_call(session, method, params) {
            Ok(result) => result,
            Err(error) => panic!("{method}: {error}"),
        }
    }

    /// Sends a command; its result, or the error DevTools answered with.
    pub fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: serde_json::Value,
    ) -> Result<serde_json::Value, serde_json::Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = serde_json::json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = serde_json::Value::from(s);
        }
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .expect("send to DevTools");
        loop {
            let reply = self.socket.read().expect("DevTools reply");
            let tungstenite::Message::Text(text) = reply else {
                continue;
            };
            let value: serde_json::Value = serde_json::from_str(text.as_str()).expect("JSON");
            if value["id"] == id {
                return match value.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(value["result"].clone()),
                };
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Opens `url` in a new tab and attaches to it; returns the session for [`Browser::call`].
    pub fn open(&mut self, url: &str) -> String {
        self.open_target(url).1
    }

    /// Opens `url` in a new tab and attaches to it; returns the tab's target id (for
    /// `Target.closeTarget`) and the session.
    pub fn open_target(&mut self, url: &str) -> (String, String) {
        let target = self.call(
            None,
            "Target.createTarget",
            serde_json::json!({ "url": url }),
        );
        let target_id = target["targetId"].as_str().expect("targetId").to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            serde_json::json!({ "targetId": target_id, "flatten": true }),
        );
        let session = attached["sessionId"]
            .as_str()
            .expect("sessionId")
            .to_string();
        (target_id, session)
    }

    /// Opens a blank tab, turns its scripts off unless `scripts`, then goes to `url`;
    /// returns the session. Wait for what the page should show with [`Browser::wait`].
    pub fn open_with_scripts(&mut self, url: &str, scripts: bool) -> String {
        let session = self.open("about:blank");
        if !scripts {
            self.call(
                Some(&session),
                "Emulation.setScriptExecutionDisabled",
                serde_json::json!({ "value": true }),
            );
        }
        self.call(
            Some(&session),
            "Page.navigate",
            serde_json::json!({ "url": url }),
        );
        session
    }

    /// Waits until `expression` is true in the page, failing the test after
    /// `patience`. While the page navigates there may be no context to evaluate in
    /// (DevTools answers with an error): that is "not yet" too.
    pub fn wait(&mut self, session: &str, expression: &str, what: &str, patience: Duration) {
        assert!(
            self.became_true(session, expression, patience),
            "the browser never showed {what}"
        );
    }

    /// Whether `expression` became true in the page within `patience`, asking every
    /// 50 ms; [`Browser::wait`] for tests that need nothing more in their message.
    pub fn became_true(&mut self, session: &str, expression: &str, patience: Duration) -> bool {
        let started = Instant::now();
        loop {
            let value = self.try_call(
                Some(session),
                "Runtime.evaluate",
                serde_json::json!({ "expression": expression, "returnByValue": true }),
            );
            if value.is_ok_and(|v| v["result"]["value"] == serde_json::Value::Bool(true)) {
                return true;
            }
            if started.elapsed() >= patience {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The value of a JavaScript expression in the page; with `await_promise`, of the
    /// promise it returns. An exception fails the test.
    pub fn evaluate(
        &mut self,
        session: &str,
        expression: &str,
        await_promise: bool,
    ) -> serde_json::Value {
        let result = self.call(
            Some(session),
            "Runtime.evaluate",
            serde_json::json!({
                "expression": expression,
                "returnByValue": true,
                "awaitPromise": await_promise,
            }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("JavaScript failed: {exception}");
        }
        result["result"]["value"].clone()
    }
}

impl Browser {
    /// The open page printed to PDF with its own page sizes (`@page`) and backgrounds.
    pub fn print_to_pdf(&mut self, session: &str) -> Vec<u8> {
        let pdf = self.call(
            Some(session),
            "Page.printToPDF",
            serde_json::json!({ "preferCSSPageSize": true, "printBackground": true }),
        );
        decode_base64(&pdf["data"], "PDF")
    }

    /// A PNG of the part of the page in `clip` (`x`, `y`, `width`, `height` in CSS
    /// pixels from the document's top left, and `scale`).
    pub fn screenshot(&mut self, session: &str, clip: serde_json::Value) -> Vec<u8> {
        let shot = self.call(
            Some(session),
            "Page.captureScreenshot",
            serde_json::json!({ "format": "png", "captureBeyondViewport": true, "clip": clip }),
        );
        decode_base64(&shot["data"], "PNG")
    }
}

/// The bytes of a DevTools answer's base64 `data`.
fn decode_base64(data: &serde_json::Value, what: &str) -> Vec<u8> {
    let data = data
        .as_str()
        .unwrap_or_else(|| panic!("no {what} data in the answer"));
    data_encoding::BASE64
        .decode(data.as_bytes())
        .unwrap_or_else(|e| panic!("{what} data: {e}"))
}
