//! `sklaida serve --cms`: the real binary serves a copy of `tests/fixtures/cms_local`
//! with Decap CMS's local backend. The protocol tests send the calls exactly as
//! Decap's proxy backend sends them (`decap-cms-backend-proxy`: a `POST` of
//! `{ branch, action, params }` as `application/json; charset=utf-8` from the admin
//! page's origin) and check the files, the build and the live preview.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

mod support {
    pub mod browser;
    pub mod fixture;
    pub mod http;
    pub mod served;
}
use support::browser::Browser;
use support::fixture::fixture;
use support::http::request;
use support::served::Served;

const API: &str = "/__sklaida/cms/api/v1";

/// A call as Decap's proxy backend makes it: the status and the JSON answer.
fn call(site: &Served, action: &str, params: Value) -> (u16, Value) {
    let body = json!({ "branch": "main", "action": action, "params": params }).to_string();
    let origin = site.origin();
    let reply = request(
        &site.addr,
        "POST",
        API,
        &[
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json; charset=utf-8"),
        ],
        body.as_bytes(),
    );
    let json = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, json)
}

/// Polls `target` until its text holds every one of `needles`; that text.
fn shows(site: &Served, target: &str, needles: &[&str]) -> String {
    site.wait_for(target, &format!("{needles:?}"), |r| {
        r.status == 200 && needles.iter().all(|n| r.text().contains(n))
    })
    .text()
}

/// The Lithuanian event and its English translation as Decap 3.16 sends them in
/// `browser_creates_an_event_in_lithuanian_and_english_through_decap` (its
/// `persistEntry` call, recorded there and printed with `--nocapture`), with a body
/// added; the call below has that call's shape (the admin page's names.js has already
/// turned Decap's `begimas.lt.md` into Sklaida's `begimas.md`).
const EVENT_LT: &str = "---\ntitle: Bėgimas aplink ežerą\nsummary: Bėgame kartu už psichikos sveikatą.\nstart: 2026-06-14 09:00\nlocation:\n  name: Ežero pakrantė\n---\nAtbėk su draugais.\n";
const EVENT_EN: &str = "---\ntitle: Run around the lake\nsummary: We run together for mental health.\nstart: 2026-06-14 09:00\nlocation:\n  name: Lakeside\nslug: run-around-the-lake\n---\nCome with friends.\n";

#[test]
fn an_event_and_its_translation_saved_through_the_protocol_build_and_show_in_the_preview() {
    let site = Served::start(&fixture("cms_local"), |_| {}, &["--cms"]);
    // The editor is pointed here, and is not reloaded by the saves it makes.
    let config = site.get("/admin/config.yml");
    assert_eq!(config.status, 200);
    let config = config.text();
    let api = format!("url: \"http://{}{API}\"", site.addr);
    assert!(config.contains(&api), "{config}");
    let page = site.get("/admin/");
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("live reload"));
    assert!(site.get("/").text().contains("live reload"));

    let (status, info) = call(&site, "info", json!({}));
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["publish_modes"], json!(["simple"]));
    assert_eq!(info["type"], "local_fs");

    let (status, listed) = call(
        &site,
        "entriesByFolder",
        json!({ "branch": "main", "folder": "content/renginiai", "extension": "md", "depth": 1 }),
    );
    assert_eq!(status, 200, "{listed}");
    let paths: Vec<&str> = listed
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["file"]["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "content/renginiai/2026-03-30-savaite.md",
            "content/renginiai/_index.en.md",
            "content/renginiai/_index.md"
        ]
    );

    let (status, saved) = call(
        &site,
        "persistEntry",
        json!({
            "branch": "main",
            "dataFiles": [
                { "slug": "begimas", "path": "content/renginiai/begimas.md", "raw": EVENT_LT },
                { "slug": "begimas", "path": "content/renginiai/begimas.en.md", "raw": EVENT_EN },
            ],
            "assets": [],
            "options": { "collectionName": "renginiai", "commitMessage": "Create event “begimas”", "hasSubfolders": true, "newEntry": true, "status": "draft", "unpublished": false, "useWorkflow": false },
        }),
    );
    assert_eq!(status, 200, "{saved}");
    let dir = site.root.join("content/renginiai");
    assert_eq!(
        fs::read_to_string(dir.join("begimas.md")).expect("lt"),
        EVENT_LT
    );
    assert_eq!(
        fs::read_to_string(dir.join("begimas.en.md")).expect("en"),
        EVENT_EN
    );

    // The live preview shows both, each with the other as its translation.
    let lt = shows(
        &site,
        "/renginiai/begimas/",
        &["Bėgimas aplink ežerą", "Ežero pakrantė"],
    );
    assert!(lt.contains("/en/events/run-around-the-lake/"), "{lt}");
    shows(
        &site,
        "/en/events/run-around-the-lake/",
        &["Run around the lake", "Lakeside"],
    );
    shows(&site, "/renginiai/", &["Bėgimas aplink ežerą"]);

    // What the CMS wrote builds.
    let out = tempfile::tempdir().expect("out");
    build(&site.root, out.path());
    assert!(out
        .path()
        .join("en/events/run-around-the-lake/index.html")
        .is_file());

    // Read back as Decap opens an entry.
    let (_, entry) = call(
        &site,
        "getEntry",
        json!({ "path": "content/renginiai/begimas.en.md" }),
    );
    assert_eq!(entry["data"], EVENT_EN);
}

#[test]
fn media_is_saved_into_static_and_served() {
    let site = Served::start(&fixture("cms_local"), |_| {}, &["--cms"]);
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"2\" height=\"2\"></svg>";
    let (status, media) = call(
        &site,
        "persistMedia",
        json!({ "asset": { "path": "static/uploads/taskas.svg", "content": base64(svg.as_bytes()), "encoding": "base64" }, "options": { "commitMessage": "Upload" } }),
    );
    assert_eq!(status, 200, "{media}");
    assert_eq!(media["name"], "taskas.svg");
    shows(&site, "/uploads/taskas.svg", &["<svg"]);
    let (status, all) = call(
        &site,
        "getMedia",
        json!({ "mediaFolder": "static/uploads" }),
    );
    assert_eq!(status, 200);
    assert_eq!(all.as_array().map(Vec::len), Some(1), "{all}");
    assert_eq!(all[0]["path"], "static/uploads/taskas.svg");
}

#[test]
fn calls_from_elsewhere_and_paths_outside_content_are_refused() {
    let site = Served::start(&fixture("cms_local"), |_| {}, &["--cms"]);
    let body = json!({ "action": "persistEntry", "params": { "dataFiles": [
        { "slug": "x", "path": "content/x.md", "raw": "---\ntitle: X\n---\n" } ], "assets": [] } })
    .to_string();
    let origin = site.origin();
    let json_type = ("Content-Type", "application/json");
    for (headers, why) in [
        (
            vec![("Origin", "https://evil.example"), json_type],
            "another site's page",
        ),
        (vec![json_type], "no Origin"),
        (
            vec![("Origin", origin.as_str()), ("Content-Type", "text/plain")],
            "a form's body",
        ),
        (
            vec![
                ("Host", "rebound.example"),
                ("Origin", "http://rebound.example"),
                json_type,
            ],
            "a rebound name",
        ),
    ] {
        // A refused Host closes the connection at once: no body is sent with it.
        let sent = if why == "a rebound name" {
            &b""[..]
        } else {
            body.as_bytes()
        };
        let status = request(&site.addr, "POST", API, &headers, sent).status;
        assert!(status == 403, "{why}: {status}");
    }
    assert_eq!(site.get(API).status, 405);
    assert!(!site.root.join("content/x.md").exists());

    for path in [
        "site.toml",
        "templates/page.html",
        "content/../site.toml",
        "public/x.md",
    ] {
        let (status, reply) = call(
            &site,
            "persistEntry",
            json!({ "dataFiles": [ { "slug": "x", "path": path, "raw": "x" } ], "assets": [] }),
        );
        assert_eq!(status, 403, "{path}: {reply}");
    }
    assert!(fs::read_to_string(site.root.join("site.toml"))
        .expect("site.toml")
        .contains("Bandomoji svetainė"));
}

#[test]
fn without_cms_there_is_no_backend_and_with_it_no_other_address_than_loopback() {
    let site = Served::start(&fixture("cms_local"), |_| {}, &[]);
    let (status, _) = call(&site, "info", json!({}));
    assert_eq!(status, 404);
    assert!(!site
        .get("/admin/config.yml")
        .text()
        .contains("local_backend"));
    drop(site);
    let refused = Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args([
            "serve", "--cms", "--bind", "0.0.0.0", "--port", "0", "--root",
        ])
        .arg(fixture("cms_local"))
        .output()
        .expect("serve");
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("--cms") && stderr.contains("this computer"),
        "{stderr}"
    );
}

/// `sklaida build` of `root` into `out`, which must succeed.
fn build(root: &Path, out: &Path) {
    let build = Command::new(env!("CARGO_BIN_EXE_sklaida"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("build");
    assert!(
        build.status.success(),
        "sklaida build refused what the CMS wrote:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

fn base64(bytes: &[u8]) -> String {
    data_encoding::BASE64.encode(bytes)
}

// ---------------------------------------------------------------------------
// Decap CMS itself in headless Chromium
// ---------------------------------------------------------------------------

/// The decap-cms npm package's `dist/` (the version `[cms]` pins): `DECAP_CMS_DIR`,
/// which `.ci/run` sets after installing it into `.ci/cache/npm`, or that folder.
fn decap_dist() -> Option<PathBuf> {
    std::env::var_os("DECAP_CMS_DIR")
        .map(PathBuf::from)
        .into_iter()
        .chain([
            Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/cache/npm/node_modules/decap-cms/dist")
        ])
        .find(|d| d.join("decap-cms.js").is_file())
}

/// Serves the fixture with the CMS's script (and its chunks) in `static/admin/`, opens
/// `/admin/`; fails without Chromium or the package, as `tests/cms_browser.rs` does.
fn admin(test: &str) -> (Served, Browser, String) {
    admin_with(test, |_| {})
}

/// [`admin`] with the site copy changed by `prepare` first.
fn admin_with(test: &str, prepare: impl FnOnce(&Path)) -> (Served, Browser, String) {
    let chromium = Path::new("/usr/bin/chromium");
    assert!(
        chromium.exists(),
        "{test} needs /usr/bin/chromium (apt-get install -y chromium)"
    );
    let dist = decap_dist().unwrap_or_else(|| {
        panic!("{test} needs Decap CMS: npm install decap-cms@3.16.3 and set DECAP_CMS_DIR to its dist/ (.ci/run does)")
    });
    let site = Served::start(
        &fixture("cms_local"),
        |root| {
            copy_decap(&dist, root);
            prepare(root);
        },
        &["--cms"],
    );
    let mut browser = Browser::launch(chromium);
    let session = browser.open(&format!("http://{}/admin/", site.addr));
    (site, browser, session)
}

/// Decap's script and its chunks into the site's `static/admin/`.
fn copy_decap(dist: &Path, root: &Path) {
    let admin = root.join("static/admin");
    fs::create_dir_all(&admin).expect("mkdir");
    for entry in fs::read_dir(dist).expect("dist").filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".js") || name.ends_with(".wasm") || name.ends_with(".css") {
            fs::copy(entry.path(), admin.join(&name)).expect("copy");
        }
    }
}

/// Waits for `expression` in the admin page, failing with what the page shows.
fn wait(browser: &mut Browser, session: &str, site: &Served, expression: &str, what: &str) {
    if !browser.became_true(session, expression, Duration::from_secs(60)) {
        let shown = browser.evaluate(session, "document.body.innerText.slice(0, 3000)", false);
        panic!(
            "the CMS never showed {what}; it shows:\n{}\nserver log:\n{}",
            shown.as_str().unwrap_or(""),
            site.log()
        );
    }
}

/// Logs in to the local backend and waits for the collection `collection` in the list.
fn log_in(browser: &mut Browser, session: &str, site: &Served, collection: &str) {
    click(browser, session, site, "Prisijungti");
    wait(
        browser,
        session,
        site,
        &format!("document.body.innerText.includes({collection:?})"),
        "the collections",
    );
}

/// Opens a new entry of the events collection.
fn open_new_event(browser: &mut Browser, session: &str) {
    browser.evaluate(
        session,
        "location.hash = '#/collections/renginiai/new'",
        false,
    );
}

/// Clicks the first button (or menu item) whose text is `text`.
fn click(browser: &mut Browser, session: &str, site: &Served, text: &str) {
    let find = format!(
        "[...document.querySelectorAll('button, [role=menuitem], [role=button], a')].find(b => b.textContent.trim() === {text:?} && !b.disabled)"
    );
    wait(
        browser,
        session,
        site,
        &format!("!!({find})"),
        &format!("a button {text:?}"),
    );
    browser.evaluate(session, &format!("({find}).click()"), false);
}

/// Waits for the `index`th field labelled `label` (0: Lithuanian pane, 1: English);
/// the expression that finds it.
fn field(browser: &mut Browser, session: &str, site: &Served, label: &str, index: usize) -> String {
    let find = format!(
        "[...document.querySelectorAll('label')].filter(l => l.textContent.trim().toLowerCase().startsWith({label:?}.toLowerCase())).map(l => document.getElementById(l.htmlFor)).filter(Boolean)[{index}]"
    );
    wait(
        browser,
        session,
        site,
        &format!("!!({find})"),
        &format!("the field {label:?} #{index}"),
    );
    find
}

/// Types `text` over what the `index`th field labelled `label` holds (0: Lithuanian pane,
/// 1: English), as a person does: focus, then keystrokes' text.
fn type_into(
    browser: &mut Browser,
    session: &str,
    site: &Served,
    label: &str,
    index: usize,
    text: &str,
) {
    let find = field(browser, session, site, label, index);
    // What the field holds is selected, so the typing replaces it.
    browser.evaluate(
        session,
        &format!("(() => {{ const el = {find}; el.focus(); if (el.select) el.select(); }})()"),
        false,
    );
    browser.call(Some(session), "Input.insertText", json!({ "text": text }));
}

/// Sets a date or datetime input the way its picker does.
fn set_date(
    browser: &mut Browser,
    session: &str,
    site: &Served,
    label: &str,
    index: usize,
    value: &str,
) {
    let find = field(browser, session, site, label, index);
    browser.evaluate(
        session,
        &format!(
            "(() => {{ const el = {find}; const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; set.call(el, {value:?}); el.dispatchEvent(new Event('input', {{ bubbles: true }})); el.dispatchEvent(new Event('change', {{ bubbles: true }})); el.dispatchEvent(new Event('blur', {{ bubbles: true }})); }})()"
        ),
        false,
    );
}

#[test]
fn browser_creates_an_event_in_lithuanian_and_english_through_decap() {
    let (site, mut browser, session) =
        admin("browser_creates_an_event_in_lithuanian_and_english_through_decap");
    let b = &mut browser;
    log_in(b, &session, &site, "Renginiai");
    open_new_event(b, &session);
    type_into(b, &session, &site, "Pavadinimas", 0, "Bėgimas aplink ežerą");
    set_date(b, &session, &site, "Pradžia", 0, "2026-06-14T09:00");
    set_date(b, &session, &site, "Pradžia", 1, "2026-06-14T09:00");
    type_into(
        b,
        &session,
        &site,
        "Vietos pavadinimas",
        0,
        "Ežero pakrantė",
    );
    type_into(
        b,
        &session,
        &site,
        "Santrauka",
        0,
        "Bėgame kartu už psichikos sveikatą.",
    );
    type_into(b, &session, &site, "Pavadinimas", 1, "Run around the lake");
    type_into(b, &session, &site, "Vietos pavadinimas", 1, "Lakeside");
    type_into(
        b,
        &session,
        &site,
        "Santrauka",
        1,
        "We run together for mental health.",
    );
    type_into(
        b,
        &session,
        &site,
        "Adreso pabaiga",
        1,
        "run-around-the-lake",
    );
    // Every call Decap makes from here on is recorded as it is sent.
    b.evaluate(
        &session,
        "window.sklaidaCalls = []; const sent = window.fetch; window.fetch = (url, init) => { window.sklaidaCalls.push({ url: String(url), init: JSON.parse(JSON.stringify(init || {})) }); return sent(url, init); }; true",
        false,
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let dir = site.root.join("content/renginiai");
    let started = Instant::now();
    let (lt, en) = loop {
        let names: Vec<String> = fs::read_dir(&dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let lt = names
            .iter()
            .find(|n| n.starts_with("begimas") && !n.ends_with(".en.md"))
            .cloned();
        let en = names
            .iter()
            .find(|n| n.starts_with("begimas") && n.ends_with(".en.md"))
            .cloned();
        if let (Some(lt), Some(en)) = (lt, en) {
            break (lt, en);
        }
        if started.elapsed() > Duration::from_secs(60) {
            let shown = b.evaluate(&session, "document.body.innerText.slice(0, 3000)", false);
            panic!(
                "no files were saved: {names:?}\nthe CMS shows:\n{}\nserver log:\n{}",
                shown.as_str().unwrap_or(""),
                site.log()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    // The save was one call as the protocol tests send it: both files in one
    // `persistEntry`, JSON, to the address the served config.yml names.
    let calls = b.evaluate(
        &session,
        "JSON.stringify(window.sklaidaCalls) ?? location.href",
        false,
    );
    let calls: Value = serde_json::from_str(calls.as_str().unwrap_or("null"))
        .unwrap_or_else(|_| panic!("no calls recorded: {calls}"));
    let persist = calls
        .as_array()
        .expect("calls")
        .iter()
        .find(|c| {
            c["init"]["body"]
                .as_str()
                .is_some_and(|body| body.contains("\"persistEntry\""))
        })
        .unwrap_or_else(|| panic!("no persistEntry call: {calls}"));
    assert_eq!(persist["url"], format!("http://{}{API}", site.addr));
    assert_eq!(persist["init"]["method"], "POST");
    assert_eq!(
        persist["init"]["headers"]["Content-Type"],
        "application/json; charset=utf-8"
    );
    let body: Value =
        serde_json::from_str(persist["init"]["body"].as_str().expect("body")).expect("json");
    eprintln!("Decap's persistEntry call: {body:#}");
    let paths: Vec<&str> = body["params"]["dataFiles"]
        .as_array()
        .expect("dataFiles")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        [
            format!("content/renginiai/{lt}"),
            format!("content/renginiai/{en}")
        ]
    );
    assert_eq!(body["params"]["assets"], json!([]));
    assert_eq!(body["params"]["options"]["useWorkflow"], false);
    eprintln!("saved {lt} and {en}");
    eprintln!("{}", fs::read_to_string(dir.join(&lt)).expect("lt"));
    eprintln!("{}", fs::read_to_string(dir.join(&en)).expect("en"));
    // Sklaida's own names: the default language's file plain, no `.lt.md`.
    assert_eq!(lt, "begimas-aplink-ezera.md");
    assert_eq!(en, "begimas-aplink-ezera.en.md");
    assert!(!dir.join("begimas-aplink-ezera.lt.md").exists());
    shows(
        &site,
        "/en/events/run-around-the-lake/",
        &["Run around the lake", "Lakeside"],
    );
    let out = tempfile::tempdir().expect("out");
    build(&site.root, out.path());
    let slug = lt.trim_end_matches(".md");
    assert!(out
        .path()
        .join(format!("renginiai/{slug}/index.html"))
        .is_file());
    assert!(out
        .path()
        .join("en/events/run-around-the-lake/index.html")
        .is_file());
    shows(
        &site,
        &format!("/renginiai/{slug}/"),
        &[
            "Bėgimas aplink ežerą",
            "Ežero pakrantė",
            "/en/events/run-around-the-lake/",
        ],
    );
}

#[test]
fn browser_cannot_publish_a_story_without_consent_and_can_with_it() {
    let (site, mut browser, session) =
        admin("browser_cannot_publish_a_story_without_consent_and_can_with_it");
    let b = &mut browser;
    let file = site
        .root
        .join("content/istorijos/2026-11-02-be-sutikimo.lt.md");
    let before = fs::read_to_string(&file).expect("story");
    log_in(b, &session, &site, "Istorijos");
    b.evaluate(
        &session,
        "location.hash = '#/collections/istorijos/entries/2026-11-02-be-sutikimo'",
        false,
    );
    wait(
        b,
        &session,
        &site,
        "[...document.querySelectorAll('input')].some(i => i.value === 'Istorija be sutikimo')",
        "the story's title",
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Istorija be sutikimo (pataisyta)",
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    wait(
        b,
        &session,
        &site,
        "document.body.textContent.toLowerCase().includes(\"užpildytas netinkamai: istorija skelbiama tik gavus rašytinį\")",
        "the consent field's refusal",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        fs::read_to_string(&file).expect("story"),
        before,
        "the CMS saved a story without consent"
    );
    // Nothing was saved: the page is still not published.
    assert_eq!(site.get("/istorijos/be-sutikimo/").status, 404);

    // Ticked (a person's click on the switch), the same edit is saved and published.
    let consent = "[...document.querySelectorAll('label')].filter(l => l.textContent.trim().toLowerCase().startsWith('asmuo raštu sutiko')).map(l => document.getElementById(l.htmlFor)).filter(Boolean)[0]";
    let at = b.evaluate(
        &session,
        &format!("(() => {{ const el = {consent}; el.scrollIntoView({{ block: 'center' }}); const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"),
        false,
    );
    for kind in ["mousePressed", "mouseReleased"] {
        b.call(
            Some(&session),
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": at[0], "y": at[1], "button": "left", "clickCount": 1 }),
        );
    }
    wait(
        b,
        &session,
        &site,
        &format!("({consent}).getAttribute('aria-checked') === 'true'"),
        "the ticked consent",
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let started = Instant::now();
    while !fs::read_to_string(&file)
        .expect("story")
        .contains("consent: true")
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the ticked story was never saved:\n{}",
            site.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let saved = fs::read_to_string(&file).expect("story");
    assert!(
        saved.contains("title: Istorija be sutikimo (pataisyta)\n"),
        "{saved}"
    );
    shows(
        &site,
        "/istorijos/be-sutikimo/",
        &["Istorija be sutikimo (pataisyta)"],
    );
}

// ---------------------------------------------------------------------------
// Sklaida's own file names (the admin page's names.js)
// ---------------------------------------------------------------------------

/// Pages written by hand (no `type:`, fields the form does not show), a page of
/// another type and a file an earlier release wrote as `x.lt.md`.
const RANKA: &str = "---\ntitle: Rankų darbo renginys\nstart: 2026-05-01 10:00\nlocation:\n  name: Salė\nweight: 2\naliases:\n  - /senas-adresas/\n---\nParašyta ranka.\n";
const KITAS: &str = "---\ntitle: Ne renginys\ntype: page\n---\nPuslapis renginių skyriuje.\n";
const SENAS: &str = "---\ntype: event\ntitle: Senas renginys\nstart: 2026-04-01 10:00\nlocation:\n  name: Aula\n---\nSenas.\n";
const APIE: &str =
    "---\ntitle: Apie mus\nrole: accessibility\nweight: 3\nextra:\n  spalva: žalia\n---\nApie.\n";

/// The entries a collection's list shows, by slug, as Decap links them.
fn listed(browser: &mut Browser, session: &str, site: &Served, collection: &str) -> Vec<String> {
    browser.evaluate(
        session,
        &format!("location.hash = '#/collections/{collection}'"),
        false,
    );
    let links = format!(
        "[...document.querySelectorAll('a[href*=\"/collections/{collection}/entries/\"]')].map(a => a.getAttribute('href').split('/entries/')[1])"
    );
    wait(
        browser,
        session,
        site,
        &format!("{links}.length > 0"),
        &format!("the entries of {collection}"),
    );
    std::thread::sleep(Duration::from_millis(500));
    let mut slugs: Vec<String> = browser
        .evaluate(session, &links, false)
        .as_array()
        .expect("links")
        .iter()
        .filter_map(|s| s.as_str().map(String::from))
        .collect();
    slugs.sort();
    slugs
}

/// Opens an entry from its collection, replaces its Lithuanian title and publishes;
/// returns once `file` holds the new title.
#[allow(clippy::too_many_arguments)]
fn retitle(
    browser: &mut Browser,
    session: &str,
    site: &Served,
    collection: &str,
    slug: &str,
    title: &str,
    new: &str,
    file: &Path,
) {
    listed(browser, session, site, collection);
    browser.evaluate(
        session,
        &format!("location.hash = '#/collections/{collection}/entries/{slug}'"),
        false,
    );
    wait(
        browser,
        session,
        site,
        &format!("[...document.querySelectorAll('input')].some(i => i.value === {title:?})"),
        &format!("the title of {slug}"),
    );
    type_into(browser, session, site, "Pavadinimas", 0, new);
    click(browser, session, site, "Publikuoti");
    click(browser, session, site, "Skelbti dabar");
    let started = Instant::now();
    while !fs::read_to_string(file)
        .unwrap_or_default()
        .contains(&format!("title: {new}\n"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} was never saved with {new:?}:\n{}",
            file.display(),
            site.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Decap writes every language's file in one call: give it no time to add one.
    std::thread::sleep(Duration::from_millis(500));
}

/// The names of the `.md` files in `dir`, sorted.
fn md_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn browser_edits_pages_written_by_hand_in_their_own_files() {
    let (site, mut browser, session) = admin_with(
        "browser_edits_pages_written_by_hand_in_their_own_files",
        |root| {
            let events = root.join("content/renginiai");
            fs::write(events.join("ranka.md"), RANKA).expect("write");
            fs::write(events.join("kitas.md"), KITAS).expect("write");
            fs::write(events.join("senas.lt.md"), SENAS).expect("write");
            fs::write(root.join("content/apie.md"), APIE).expect("write");
        },
    );
    let b = &mut browser;
    log_in(b, &session, &site, "Renginiai");
    // Listed: the pages, by their own names; not the section's `_index` files, not
    // the page that says `type: page`.
    assert_eq!(
        listed(b, &session, &site, "renginiai"),
        ["2026-03-30-savaite", "ranka", "senas"]
    );
    assert_eq!(listed(b, &session, &site, "pages"), ["apie"]);

    let dir = site.root.join("content/renginiai");
    retitle(
        b,
        &session,
        &site,
        "renginiai",
        "ranka",
        "Rankų darbo renginys",
        "Rankų darbo renginys (pataisyta)",
        &dir.join("ranka.md"),
    );
    // Back into the same file, the fields the form does not show kept as they were.
    let saved = fs::read_to_string(dir.join("ranka.md")).expect("ranka");
    assert_eq!(
        saved,
        RANKA.replace("Rankų darbo renginys", "Rankų darbo renginys (pataisyta)")
    );
    // A file an earlier release wrote as `senas.lt.md` is edited where it is.
    retitle(
        b,
        &session,
        &site,
        "renginiai",
        "senas",
        "Senas renginys",
        "Senas renginys (pataisyta)",
        &dir.join("senas.lt.md"),
    );
    assert_eq!(
        md_files(&dir),
        [
            "2026-03-30-savaite.md",
            "_index.en.md",
            "_index.md",
            "kitas.md",
            "ranka.md",
            "senas.lt.md"
        ],
        "no `.lt.md` copy, no empty English file"
    );
    assert_eq!(
        fs::read_to_string(dir.join("kitas.md")).expect("kitas"),
        KITAS
    );
    // A page beside the home page: its role, weight and extra table survive.
    let apie = site.root.join("content/apie.md");
    retitle(
        b,
        &session,
        &site,
        "pages",
        "apie",
        "Apie mus",
        "Apie mus ir mūsų darbą",
        &apie,
    );
    assert_eq!(
        fs::read_to_string(&apie).expect("apie"),
        APIE.replace("Apie mus\n", "Apie mus ir mūsų darbą\n")
    );
    assert!(!site.root.join("content/apie.lt.md").exists());
    assert!(!site.root.join("content/apie.en.md").exists());
    let out = tempfile::tempdir().expect("out");
    build(&site.root, out.path());
    assert!(out.path().join("renginiai/ranka/index.html").is_file());
}

/// The test-repo backend (Decap's in-memory one) with the fixture's events: Decap's
/// listing reads a folder's files under the folder's path as one key, and an entry
/// by its path's segments, so both are given.
const TEST_REPO: &str = r#"
(() => {
  const file = (path, content) => ({ path, content });
  const folder = {
    "ranka.md": file("content/renginiai/ranka.md", RANKA),
    "kitas.md": file("content/renginiai/kitas.md", KITAS),
    "_index.md": file("content/renginiai/_index.md", "---\ntitle: Renginiai\ntype: event\n---\n"),
  };
  window.repoFiles = { "content/renginiai": folder, content: { renginiai: folder } };
  // config.yml's backend swapped for test-repo, as tests/cms_browser.rs does on the file.
  const sent = window.fetch;
  window.fetch = (url, init) => String(url).endsWith("config.yml")
    ? sent(url, init).then(r => r.text()).then(t => new Response(
        t.replace(/^backend:\n(?: .*\n)*/m, "backend:\n  name: test-repo\n"),
        { status: 200, headers: { "Content-Type": "text/yaml" } }))
    : sent(url, init);
  // Decap asks before it leaves a new entry's page; a person would say yes.
  window.confirm = () => true;
})();
"#;

#[test]
fn browser_writes_sklaidas_names_through_decaps_test_repo_backend_too() {
    let test = "browser_writes_sklaidas_names_through_decaps_test_repo_backend_too";
    let chromium = Path::new("/usr/bin/chromium");
    assert!(chromium.exists(), "{test} needs /usr/bin/chromium");
    let dist = decap_dist().unwrap_or_else(|| panic!("{test} needs Decap CMS (DECAP_CMS_DIR)"));
    // No `--cms`: the admin page as published, its backend the in-memory one.
    let site = Served::start(&fixture("cms_local"), |root| copy_decap(&dist, root), &[]);
    let mut browser = Browser::launch(chromium);
    let b = &mut browser;
    let session = b.open("about:blank");
    let preload = TEST_REPO
        .replace("RANKA", &json!(RANKA).to_string())
        .replace("KITAS", &json!(KITAS).to_string());
    b.call(Some(&session), "Page.enable", json!({}));
    b.call(
        Some(&session),
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": preload }),
    );
    b.call(
        Some(&session),
        "Page.navigate",
        json!({ "url": format!("http://{}/admin/", site.addr) }),
    );
    log_in(b, &session, &site, "Renginiai");
    assert_eq!(listed(b, &session, &site, "renginiai"), ["ranka"]);
    b.evaluate(
        &session,
        "location.hash = '#/collections/renginiai/entries/ranka'",
        false,
    );
    wait(
        b,
        &session,
        &site,
        "[...document.querySelectorAll('input')].some(i => i.value === 'Rankų darbo renginys')",
        "the hand-written event",
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Rankų darbo renginys (pataisyta)",
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let files = "JSON.stringify(Object.fromEntries(Object.entries(window.repoFiles.content.renginiai).map(([k, v]) => [k, v.content])))";
    wait(
        b,
        &session,
        &site,
        &format!("{files}.includes('(pataisyta)')"),
        "the saved event",
    );
    listed(b, &session, &site, "renginiai");
    open_new_event(b, &session);
    type_into(b, &session, &site, "Pavadinimas", 0, "Naujas renginys");
    set_date(b, &session, &site, "Pradžia", 0, "2026-06-14T09:00");
    type_into(b, &session, &site, "Vietos pavadinimas", 0, "Aikštė");
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    wait(
        b,
        &session,
        &site,
        &format!("{files}.includes('Naujas renginys')"),
        "the new event",
    );
    let held: Value =
        serde_json::from_str(b.evaluate(&session, files, false).as_str().expect("files"))
            .expect("json");
    let mut names: Vec<&str> = held
        .as_object()
        .expect("files")
        .keys()
        .map(String::as_str)
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["_index.md", "kitas.md", "naujas-renginys.md", "ranka.md"],
        "{held:#}"
    );
    assert_eq!(
        held["ranka.md"],
        RANKA.replace("Rankų darbo renginys", "Rankų darbo renginys (pataisyta)")
    );
}

/// The saved file of a new event whose name starts with `stem`, once Decap wrote it.
fn saved_event(browser: &mut Browser, session: &str, site: &Served, stem: &str) -> String {
    let dir = site.root.join("content/renginiai");
    let started = Instant::now();
    loop {
        if let Some(name) = md_files(&dir).into_iter().find(|n| n.starts_with(stem)) {
            return name;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let shown = browser.evaluate(session, "document.body.innerText.slice(0, 3000)", false);
            panic!(
                "no {stem}… was saved\nthe CMS shows:\n{}\nserver log:\n{}",
                shown.as_str().unwrap_or(""),
                site.log()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn browser_publishes_an_event_without_a_place_and_refuses_a_place_without_a_name() {
    let (site, mut browser, session) =
        admin("browser_publishes_an_event_without_a_place_and_refuses_a_place_without_a_name");
    let b = &mut browser;
    log_in(b, &session, &site, "Renginiai");
    // Online only: the place is left as it is.
    open_new_event(b, &session);
    type_into(b, &session, &site, "Pavadinimas", 0, "Nuotolinis seminaras");
    set_date(b, &session, &site, "Pradžia", 0, "2026-06-20T18:00");
    // A place begun and emptied again (selected, then Backspace) is no place either.
    type_into(b, &session, &site, "Vietos pavadinimas", 0, "Salė");
    b.evaluate(&session, "document.activeElement.select(); true", false);
    for kind in ["keyDown", "keyUp"] {
        b.call(
            Some(&session),
            "Input.dispatchKeyEvent",
            json!({ "type": kind, "key": "Backspace", "code": "Backspace", "windowsVirtualKeyCode": 8 }),
        );
    }
    wait(
        b,
        &session,
        &site,
        "document.activeElement.value === ''",
        "the emptied place",
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let name = saved_event(b, &session, &site, "nuotolinis-seminaras");
    let saved = fs::read_to_string(site.root.join("content/renginiai").join(&name)).expect("saved");
    eprintln!("Decap wrote {name}:\n{saved}");
    assert_eq!(name, "nuotolinis-seminaras.md");
    assert!(!saved.contains("location"), "{saved}");
    let out = tempfile::tempdir().expect("out");
    build(&site.root, out.path());
    assert!(out
        .path()
        .join("renginiai/nuotolinis-seminaras/index.html")
        .is_file());

    // An address without the place's name is refused before anything is written.
    open_new_event(b, &session);
    wait(
        b,
        &session,
        &site,
        "[...document.querySelectorAll('input')].every(i => i.value !== 'Nuotolinis seminaras')",
        "a new entry",
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Susitikimas be vietos",
    );
    set_date(b, &session, &site, "Pradžia", 0, "2026-06-21T18:00");
    type_into(b, &session, &site, "Adresas", 0, "Vilniaus g. 1");
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    wait(
        b,
        &session,
        &site,
        "document.body.textContent.includes('Neišsaugota') && document.body.textContent.includes('nurodykite ir vietos pavadinimą')",
        "the refusal of an address without a name",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        md_files(&site.root.join("content/renginiai"))
            .iter()
            .filter(|n| n.starts_with("susitikimas"))
            .count(),
        0,
        "the CMS saved a place without its name"
    );
}

/// The saved file in `folder` whose name contains `part`, once Decap wrote it.
fn saved_in(
    browser: &mut Browser,
    session: &str,
    site: &Served,
    folder: &str,
    part: &str,
) -> String {
    let dir = site.root.join("content").join(folder);
    let started = Instant::now();
    loop {
        if let Some(name) = md_files(&dir).into_iter().find(|n| n.contains(part)) {
            // Decap writes every language's file in one call: let it finish.
            std::thread::sleep(Duration::from_millis(500));
            return fs::read_to_string(dir.join(&name)).expect("saved");
        }
        if started.elapsed() > Duration::from_secs(60) {
            let shown = browser.evaluate(session, "document.body.innerText.slice(0, 3000)", false);
            panic!(
                "no {folder}/…{part}… was saved\nthe CMS shows:\n{}\nserver log:\n{}",
                shown.as_str().unwrap_or(""),
                site.log()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Ticks the switch labelled `label` with a person's click, and waits until it is on.
fn tick(browser: &mut Browser, session: &str, site: &Served, label: &str) {
    let find = field(browser, session, site, label, 0);
    let at = browser.evaluate(
        session,
        &format!("(() => {{ const el = {find}; el.scrollIntoView({{ block: 'center' }}); const r = el.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()"),
        false,
    );
    for kind in ["mousePressed", "mouseReleased"] {
        browser.call(
            Some(session),
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": at[0], "y": at[1], "button": "left", "clickCount": 1 }),
        );
    }
    wait(
        browser,
        session,
        site,
        &format!("({find}).getAttribute('aria-checked') === 'true'"),
        &format!("the ticked {label:?}"),
    );
}

#[test]
fn browser_publishes_an_article_without_a_source_and_an_anonymous_story_without_an_ambassador() {
    let (site, mut browser, session) = admin_with(
        "browser_publishes_an_article_without_a_source_and_an_anonymous_story_without_an_ambassador",
        |root| {
            let articles = root.join("content/straipsniai");
            fs::create_dir_all(&articles).expect("mkdir");
            fs::write(
                articles.join("_index.md"),
                "---\ntitle: Straipsniai\ntype: article\n---\n",
            )
            .expect("write");
        },
    );
    let b = &mut browser;
    log_in(b, &session, &site, "Straipsniai");
    // An article of our own: the source is left as it is.
    b.evaluate(
        &session,
        "location.hash = '#/collections/straipsniai/new'",
        false,
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Mūsų pačių straipsnis",
    );
    set_date(b, &session, &site, "Data", 0, "2026-06-20");
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let article = saved_in(b, &session, &site, "straipsniai", "musu-paciu-straipsnis");
    eprintln!("Decap wrote:\n{article}");
    assert!(!article.contains("source"), "{article}");

    // An anonymous story: the ambassador is left as it is.
    b.evaluate(
        &session,
        "location.hash = '#/collections/istorijos/new'",
        false,
    );
    wait(
        b,
        &session,
        &site,
        "[...document.querySelectorAll('input')].every(i => i.value !== 'Mūsų pačių straipsnis')",
        "a new story",
    );
    type_into(b, &session, &site, "Pavadinimas", 0, "Istorija be vardo");
    set_date(b, &session, &site, "Data", 0, "2026-06-21");
    tick(b, &session, &site, "Asmuo raštu sutiko");
    tick(b, &session, &site, "Asmuo neįvardijamas");
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    let story = saved_in(b, &session, &site, "istorijos", "istorija-be-vardo");
    eprintln!("Decap wrote:\n{story}");
    assert!(story.contains("anonymous: true"), "{story}");
    assert!(!story.contains("ambassador"), "{story}");
    let out = tempfile::tempdir().expect("out");
    build(&site.root, out.path());

    // A source's address without its name is refused before anything is written.
    b.evaluate(
        &session,
        "location.hash = '#/collections/straipsniai/new'",
        false,
    );
    wait(
        b,
        &session,
        &site,
        "[...document.querySelectorAll('input')].every(i => i.value !== 'Istorija be vardo')",
        "a new article",
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Straipsnis be šaltinio vardo",
    );
    set_date(b, &session, &site, "Data", 0, "2026-06-22");
    // The source is folded: its chevron button, beside its label, opens it.
    b.evaluate(
        &session,
        "[...document.querySelectorAll('button')].find(b => b.parentElement && b.parentElement.textContent.includes('Šaltinis (kur')).click()",
        false,
    );
    type_into(
        b,
        &session,
        &site,
        "Adresas",
        0,
        "https://example.test/kitur",
    );
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    wait(
        b,
        &session,
        &site,
        "document.body.textContent.includes('Neišsaugota') && document.body.textContent.includes('nurodykite ir šaltinio pavadinimą')",
        "the refusal of a source's address without its name",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(
        md_files(&site.root.join("content/straipsniai"))
            .iter()
            .filter(|n| n.contains("be-saltinio"))
            .count(),
        0,
        "the CMS saved a source without its name"
    );
}

#[test]
fn browser_refuses_an_ambassadors_role_without_a_name() {
    let (site, mut browser, session) = admin("browser_refuses_an_ambassadors_role_without_a_name");
    let b = &mut browser;
    log_in(b, &session, &site, "Istorijos");
    b.evaluate(
        &session,
        "location.hash = '#/collections/istorijos/new'",
        false,
    );
    type_into(
        b,
        &session,
        &site,
        "Pavadinimas",
        0,
        "Istorija su pareigomis",
    );
    set_date(b, &session, &site, "Data", 0, "2026-06-23");
    tick(b, &session, &site, "Asmuo raštu sutiko");
    tick(b, &session, &site, "Asmuo neįvardijamas");
    type_into(b, &session, &site, "Pareigos", 0, "Mokytoja");
    click(b, &session, &site, "Publikuoti");
    click(b, &session, &site, "Skelbti dabar");
    wait(
        b,
        &session,
        &site,
        "document.body.textContent.includes('Neišsaugota') && document.body.textContent.includes('nurodykite ir vardą')",
        "the refusal of an ambassador's role without a name",
    );
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        md_files(&site.root.join("content/istorijos"))
            .iter()
            .all(|n| !n.contains("su-pareigomis")),
        "the CMS saved an ambassador's role without a name"
    );
}
