//! WCAG 2.2 AA gates that axe-core does not cover, on the example site in headless
//! Chromium, a page of every type in both languages (`support::example`):
//!
//! - reflow (1.4.10) at 320 CSS px, with and without the text-spacing override of
//!   1.4.12: no sideways scrolling and no text clipped by `overflow: hidden`;
//! - keyboard (2.1.1, 2.4.3, 2.4.7): Tab reaches every interactive element in document
//!   order, each with a visible focus indicator (its outline or box-shadow changes);
//! - focus not obscured (2.4.11): the focused element is not hidden by other content;
//! - target size minimum (2.5.8): 24×24 CSS px, or spaced as the criterion allows.
//!
//! Without Chromium the tests fail under CI and are skipped, loudly, elsewhere.

mod support {
    pub mod browser;
    pub mod example;
}

use std::path::Path;
use std::sync::OnceLock;

use support::browser::Browser;
use support::example::{self, navigate, set_viewport, Example};

const CHROMIUM: &str = "/usr/bin/chromium";

/// The text-spacing override of WCAG 2.1 success criterion 1.4.12 (the W3C's
/// bookmarklet values): line height 1.5, letter spacing 0.12 em, word spacing 0.16 em,
/// paragraph spacing 2 em.
const TEXT_SPACING: &str = "(() => { const s = document.createElement('style');
  s.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
  document.head.appendChild(s); return document.documentElement.offsetWidth; })()";

/// Sideways scrolling of the page, and elements whose `overflow: hidden` (or `clip`)
/// cuts off content. Visually hidden text (1×1 px, for screen readers) is meant to be.
const OVERFLOW: &str = r#"(() => {
  const found = [];
  const root = document.documentElement;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '');
  if (root.scrollWidth > root.clientWidth) {
    // The innermost elements that stick out, to say what to fix.
    const out = [...document.body.querySelectorAll('*')].filter(e =>
      e.getBoundingClientRect().right > root.clientWidth + 0.5 &&
      ![...e.children].some(c => c.getBoundingClientRect().right > root.clientWidth + 0.5));
    found.push(`the page scrolls sideways: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}; sticking out: ` +
      out.slice(0, 3).map(e => `${name(e)} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`).join(', '));
  }
  for (const e of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (s.display === 'none' || (e.offsetWidth <= 1 && e.offsetHeight <= 1)) continue;
    const cut = v => v === 'hidden' || v === 'clip';
    if (cut(s.overflowX) && e.scrollWidth > e.clientWidth)
      found.push(`${name(e)} clips its content sideways: scrollWidth ${e.scrollWidth} > clientWidth ${e.clientWidth}: "${e.textContent.trim().slice(0, 60)}"`);
    if (cut(s.overflowY) && e.scrollHeight > e.clientHeight)
      found.push(`${name(e)} clips its content below: scrollHeight ${e.scrollHeight} > clientHeight ${e.clientHeight}: "${e.textContent.trim().slice(0, 60)}"`);
  }
  return found;
})()"#;

/// The page's interactive elements that Tab should reach, in document order, each
/// marked with `data-gate` (its index); their unfocused outline and box-shadow.
const INTERACTIVE: &str = r#"(() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable=true]';
  const list = [...document.querySelectorAll(selector)].filter(e => {
    if (e.disabled || e.closest('[inert]') || e.getAttribute('tabindex') === '-1') return false;
    if (e.tagName === 'SUMMARY' && e.parentElement.tagName !== 'DETAILS') return false;
    const d = e.closest('details:not([open])');
    if (d && !(e.tagName === 'SUMMARY' && e.parentElement === d)) return false;
    const s = getComputedStyle(e);
    return s.visibility !== 'hidden' && e.getClientRects().length > 0;
  });
  // Chromium lets Tab stop on a scrolling box with nothing focusable inside (a wide
  // table in its wrapper): keyboard users scroll it that way.
  const scrolls = v => v === 'auto' || v === 'scroll';
  for (const e of document.body.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    const sideways = scrolls(s.overflowX) && e.scrollWidth > e.clientWidth;
    const down = scrolls(s.overflowY) && e.scrollHeight > e.clientHeight;
    if ((sideways || down) && !list.includes(e) && !list.some(f => e.contains(f))) list.push(e);
  }
  list.sort((a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  window.__gate = list;
  // Only what shows: an outline of style none or width 0 draws nothing, whatever its
  // colour or offset.
  window.__look = e => { const s = getComputedStyle(e);
    const outline = s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 ? 'no outline'
      : `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} offset ${s.outlineOffset}`;
    return `${outline}, box-shadow ${s.boxShadow}`; };
  window.__unfocused = list.map(window.__look);
  return list.length;
})()"#;

/// After a Tab: which listed element has the focus, whether its look changed from the
/// unfocused state, and whether another element covers it entirely.
const FOCUSED: &str = r#"new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(0)))).then(() => {
  const e = document.activeElement;
  const i = window.__gate.indexOf(e);
  const label = !e || e === document.body ? 'the page itself' :
    e.outerHTML.slice(0, 120);
  if (i < 0) return { index: -1, label };
  const look = window.__look(e);
  const rects = [...e.getClientRects()];
  const w = innerWidth, h = innerHeight;
  let seen = false, cover = '';
  for (const r of rects) {
    for (const [x, y] of [[0.5, 0.5], [0.1, 0.5], [0.9, 0.5], [0.5, 0.15], [0.5, 0.85]]) {
      const px = Math.min(Math.max(r.left + r.width * x, 0), w - 1);
      const py = Math.min(Math.max(r.top + r.height * y, 0), h - 1);
      const hit = document.elementFromPoint(px, py);
      if (hit && (e === hit || e.contains(hit) || hit.contains(e))) seen = true;
      else if (hit && !cover) cover = `${hit.outerHTML.slice(0, 80)} at (${Math.round(px)}, ${Math.round(py)})`;
    }
  }
  return { index: i, label, changed: look !== window.__unfocused[i], look, seen, cover };
})"#;

/// Targets smaller than 24×24 CSS px that are neither inline in a sentence nor spaced
/// so that a 24 px circle on each touches no other target (WCAG 2.2, 2.5.8).
const TARGET_SIZE: &str = r#"(() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const all = [...document.querySelectorAll(selector)].filter(e => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return s.visibility !== 'hidden' && r.width > 1 && r.height > 1 && !e.closest('.visually-hidden');
  });
  const block = e => { let b = e.parentElement;
    while (b && getComputedStyle(b).display.startsWith('inline')) b = b.parentElement; return b; };
  const inline = e => getComputedStyle(e).display === 'inline' &&
    block(e).textContent.replace(/\s+/g, '').length > e.textContent.replace(/\s+/g, '').length;
  const rect = e => e.getBoundingClientRect();
  const small = e => { const r = rect(e); return r.width < 24 - 0.01 || r.height < 24 - 0.01; };
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distance = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const found = [];
  for (const e of all) {
    if (!small(e) || inline(e)) continue;
    const c = centre(rect(e));
    const near = all.find(o => o !== e && !o.contains(e) && !e.contains(o) && (
      distance(c, rect(o)) < 12 ||
      (small(o) && !inline(o) && Math.hypot(c[0] - centre(rect(o))[0], c[1] - centre(rect(o))[1]) < 24)));
    if (near) {
      const r = rect(e);
      found.push(`${Math.round(r.width * 10) / 10}×${Math.round(r.height * 10) / 10} px target too close to ${near.outerHTML.slice(0, 80)}: ${e.outerHTML.slice(0, 120)}`);
    }
  }
  return found;
})()"#;

struct Served {
    addr: String,
    pages: Vec<String>,
    _site: Example,
}

/// The example site, built and served once for every test in this file.
fn served() -> Option<&'static Served> {
    static SERVED: OnceLock<Served> = OnceLock::new();
    if !Path::new(CHROMIUM).exists() {
        example::unavailable(
            "the WCAG gates (tests/gates.rs)",
            "/usr/bin/chromium is not installed",
            "Install it: apt-get install -y chromium",
        );
        return None;
    }
    Some(SERVED.get_or_init(|| {
        let site = Example::build();
        let pages = example::pages_to_check(&site.options, &site.out);
        let addr = site.serve();
        Served {
            addr,
            pages: pages.into_iter().collect(),
            _site: site,
        }
    }))
}

fn strings(value: serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

fn report(what: &str, served: &Served, problems: &[String]) {
    assert!(
        served.pages.len() >= 36,
        "too few pages checked: {:?}",
        served.pages
    );
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s) on {} pages:\n{}",
        problems.len(),
        served.pages.len(),
        problems.join("\n")
    );
    eprintln!("{what}: no problems on {} pages", served.pages.len());
}

#[test]
fn pages_reflow_at_320_px_with_and_without_text_spacing() {
    let Some(served) = served() else { return };
    let mut browser = Browser::launch(Path::new(CHROMIUM));
    let session = browser.open("about:blank");
    set_viewport(&mut browser, &session, 320, 640, true);
    let mut problems = Vec::new();
    for path in &served.pages {
        let url = format!("http://{}{path}", served.addr);
        navigate(&mut browser, &session, &url);
        for p in strings(browser.evaluate(&session, OVERFLOW, false)) {
            problems.push(format!("{path} at 320 px: {p}"));
        }
        browser.evaluate(&session, TEXT_SPACING, false);
        for p in strings(browser.evaluate(&session, OVERFLOW, false)) {
            problems.push(format!("{path} at 320 px with text spacing: {p}"));
        }
    }
    report(
        "reflow at 320 CSS px (WCAG 1.4.10, 1.4.12)",
        served,
        &problems,
    );
}

/// Presses Tab in the page until the focus leaves it, checking each stop.
fn tab_through(browser: &mut Browser, session: &str, label: &str, problems: &mut Vec<String>) {
    let count = browser
        .evaluate(session, INTERACTIVE, false)
        .as_u64()
        .unwrap_or(0);
    // One more Tab than there are elements: the last one leaves the page.
    for expected in 0..=count + 1 {
        for kind in ["rawKeyDown", "keyUp"] {
            browser.call(
                Some(session),
                "Input.dispatchKeyEvent",
                serde_json::json!({ "type": kind, "key": "Tab", "code": "Tab",
                    "windowsVirtualKeyCode": 9, "nativeVirtualKeyCode": 9 }),
            );
        }
        let at = browser.evaluate(session, FOCUSED, true);
        let index = at["index"].as_i64().unwrap_or(-1);
        let what = at["label"].as_str().unwrap_or_default().to_string();
        // The focus left the page, or came round to its start again.
        if index < 0 || (index == 0 && expected > 0) {
            if expected < count {
                let missed = browser.evaluate(
                    session,
                    &format!("window.__gate[{expected}].outerHTML.slice(0, 120)"),
                    false,
                );
                problems.push(format!(
                    "{label}: after {expected} of {count} interactive elements Tab went to {what}, never reaching {}",
                    missed.as_str().unwrap_or_default()
                ));
            }
            return;
        }
        if index != i64::try_from(expected).unwrap_or(-1) {
            problems.push(format!(
                "{label}: Tab stop {} is element {index} of the document order, not {expected}: {what}",
                expected + 1
            ));
            return;
        }
        if at["changed"] != true {
            problems.push(format!(
                "{label}: no visible focus indicator (unfocused and focused alike: {}): {what}",
                at["look"].as_str().unwrap_or_default()
            ));
        }
        if at["seen"] != true {
            problems.push(format!(
                "{label}: the focused element is hidden by {}: {what}",
                at["cover"].as_str().unwrap_or("other content")
            ));
        }
    }
    problems.push(format!("{label}: the focus never left the page"));
}

#[test]
fn keyboard_reaches_everything_in_order_with_a_visible_focus_not_obscured() {
    let Some(served) = served() else { return };
    let mut browser = Browser::launch(Path::new(CHROMIUM));
    let session = browser.open("about:blank");
    browser.call(
        Some(&session),
        "Emulation.setFocusEmulationEnabled",
        serde_json::json!({ "enabled": true }),
    );
    // Focus scrolls its element into view at once, not smoothly, so where it lands
    // can be checked straight after the Tab.
    browser.call(
        Some(&session),
        "Emulation.setEmulatedMedia",
        serde_json::json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    );
    let mut problems = Vec::new();
    for (width, height) in [(1280, 800), (320, 640)] {
        set_viewport(&mut browser, &session, width, height, width < 400);
        for path in &served.pages {
            let url = format!("http://{}{path}", served.addr);
            navigate(&mut browser, &session, &url);
            let label = format!("{path} at {width} px");
            tab_through(&mut browser, &session, &label, &mut problems);
        }
    }
    report(
        "keyboard (WCAG 2.1.1, 2.4.3, 2.4.7, 2.4.11)",
        served,
        &problems,
    );
}

#[test]
fn targets_are_at_least_24_px_or_spaced() {
    let Some(served) = served() else { return };
    let mut browser = Browser::launch(Path::new(CHROMIUM));
    let session = browser.open("about:blank");
    let mut problems = Vec::new();
    for (width, height) in [(1280, 800), (320, 640)] {
        set_viewport(&mut browser, &session, width, height, width < 400);
        for path in &served.pages {
            let url = format!("http://{}{path}", served.addr);
            navigate(&mut browser, &session, &url);
            for p in strings(browser.evaluate(&session, TARGET_SIZE, false)) {
                problems.push(format!("{path} at {width} px: {p}"));
            }
        }
    }
    report("target size (WCAG 2.5.8)", served, &problems);
}
