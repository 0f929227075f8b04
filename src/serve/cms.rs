//! `sklaida serve --cms`: the preview also answers Decap CMS's `local_backend`
//! protocol, so the generated admin page (`/admin/`) edits the files of the site
//! folder before any Git hosting is set up.
//!
//! The protocol is the one the npm package `decap-server` implements in its
//! "local file system" mode (`src/middlewares/localFs/index.ts`, 3.x): every call is
//! a `POST` of JSON `{ "action": …, "params": … }` to one address, answered with
//! JSON. The actions answered are those of that mode: `info` (publish mode `simple`,
//! no editorial workflow), `entriesByFolder`, `entriesByFiles`, `getEntry`,
//! `persistEntry`, `getMedia`, `getMediaFile`, `persistMedia`, `deleteFile`,
//! `deleteFiles` and `getDeployPreview`; any other is refused with 422 as
//! decap-server does.
//!
//! Paths are relative to the site folder, as Decap writes them from its
//! configuration (`content/renginiai/x.md`). Unlike decap-server, which lets the
//! CMS read and write anywhere in the folder, only [`AREAS`] are reachable: a path
//! must be plain (no `..`, `.`, backslashes, NUL bytes, hidden or editor-backup
//! names, absolute paths), and what it names, through any symlink, must be inside one
//! of them. Reads go through [`crate::input`] with its limits; every write goes to a
//! hidden temporary file beside the target that is then renamed over it, so the
//! watcher (which ignores hidden files) and the rebuild only ever see whole files.
//!
//! Everything here is free of the transport: [`Backend::call`] takes the request's
//! body and gives the status and JSON to answer; [`allowed`] decides who may call.

use std::fs;
use std::hash::Hasher;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use serde_json::{json, Value};

use crate::input;

/// Where the admin page's calls go (at the root, like the live reload stream, and
/// outside any address a site can have).
pub const API_PATH: &str = "/__sklaida/cms/api/v1";

/// The CMS's pages, under the site's base path (as `crate::cms` writes them).
pub const ADMIN_PATH: &str = "/admin";

/// Where the generated configuration is, under the site's base path.
pub const CONFIG_PATH: &str = "/admin/config.yml";

/// The folders of the site the CMS may read and write: the content and the site's
/// own static files (the media folder for images used across pages).
pub const AREAS: [&str; 2] = ["content", "static"];

/// The largest request body read (a base64 image is a third larger than the image).
pub const BODY_LIMIT: u64 = 64 << 20;

/// The stack of the thread a call runs on.
pub const STACK_SIZE: usize = 8 << 20;

/// The deepest folder listing asked for (`entriesByFolder`'s `depth`).
const MAX_DEPTH: u64 = 16;

/// An answer: the HTTP status and its JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub json: Value,
}

impl Reply {
    fn ok(json: Value) -> Reply {
        Reply { status: 200, json }
    }

    fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply {
            status,
            json: json!({ "error": message.into() }),
        }
    }
}

/// Whether a call may reach the backend: it comes from this computer (`peer` is a
/// loopback address), names this computer (`host`: `localhost` or a loopback
/// address, with a port), was sent by a page of this computer (`Origin`, which
/// browsers send with every `POST`; a page elsewhere cannot write the site's files)
/// and is JSON (which a page elsewhere cannot send without the preflight that this
/// server never grants). `Err` holds the reason, for the refusal.
pub fn allowed(
    peer: Option<IpAddr>,
    host: Option<&str>,
    origin: Option<&str>,
    content_type: Option<&str>,
) -> Result<(), &'static str> {
    if !peer.is_some_and(|p| p.is_loopback() || is_mapped_loopback(p)) {
        return Err("the CMS backend answers only to this computer (a loopback address)");
    }
    if !host.is_some_and(is_loopback_host) {
        return Err("the CMS backend answers only to http://localhost:PORT/ or a loopback address");
    }
    let same_computer = origin
        .and_then(|o| o.strip_prefix("http://"))
        .is_some_and(is_loopback_host);
    if !same_computer {
        return Err("the CMS backend answers only to pages served from this computer");
    }
    let json = content_type
        .and_then(|t| t.split(';').next())
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return Err("the CMS backend takes only application/json");
    }
    Ok(())
}

fn is_mapped_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()),
        IpAddr::V4(_) => false,
    }
}

/// `localhost`, `127.0.0.1` or `[::1]`, each with an optional port.
fn is_loopback_host(host: &str) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((ip, port)) if port.is_empty() || is_port(port.trim_start_matches(':')) => ip,
            _ => return false,
        }
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The site's configuration for Decap, with `local_backend` pointing at this
/// server (`host` is the request's checked `Host`): any `local_backend` it had is
/// replaced, the rest is kept as written.
pub fn local_config(config: &str, host: &str) -> String {
    let mut out = String::with_capacity(config.len() + 200);
    let mut skipping = false;
    for line in config.lines() {
        let top_level = !line.starts_with([' ', '\t', '#', '-']) && !line.trim().is_empty();
        if top_level {
            skipping = line.starts_with("local_backend:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    let hostname = host
        .rsplit_once(':')
        .filter(|(_, port)| is_port(port))
        .map_or(host, |(name, _)| name);
    // As the browser's `location.hostname` has it: `[::1]` keeps its brackets.
    out.push_str(&format!(
        "# Added by `sklaida serve --cms`: edits go to the files on this computer.\nlocal_backend:\n  url: {}\n  allowed_hosts: [{}]\n",
        json!(format!("http://{host}{API_PATH}")),
        json!(hostname)
    ));
    out
}

/// The backend over one site folder.
#[derive(Debug, Clone)]
pub struct Backend {
    /// The site folder, canonical.
    root: PathBuf,
}

impl Backend {
    /// The backend for the site folder `root` (canonical).
    pub fn new(root: &Path) -> Backend {
        Backend {
            root: root.to_path_buf(),
        }
    }

    /// Answers one call: `body` is the request body as sent.
    pub fn call(&self, body: &[u8]) -> Reply {
        if body.len() as u64 > BODY_LIMIT {
            return Reply::error(
                413,
                "the request is larger than the 64 MiB the CMS backend takes",
            );
        }
        let request: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return Reply::error(400, format!("the request is not JSON: {e}")),
        };
        let action = request.get("action").and_then(Value::as_str).unwrap_or("");
        let params = request.get("params").cloned().unwrap_or(Value::Null);
        let result = match action {
            "info" => Ok(json!({
                "repo": self.root.file_name().map(|n| n.to_string_lossy().into_owned()),
                "publish_modes": ["simple"],
                "type": "local_fs",
            })),
            "entriesByFolder" => self.entries_by_folder(&params),
            "entriesByFiles" => self.entries_by_files(&params),
            "getEntry" => string(&params, "path").map(|p| self.entry(&json!({ "path": p }))),
            "persistEntry" => self.persist_entry(&params),
            "getMedia" => self.get_media(&params),
            "getMediaFile" => string(&params, "path").and_then(|p| self.media_file(p)),
            "persistMedia" => self.persist_media(&params),
            "deleteFile" => string(&params, "path").and_then(|p| {
                self.delete(p)?;
                Ok(json!({ "message": format!("deleted file {p}") }))
            }),
            "deleteFiles" => self.delete_files(&params),
            "getDeployPreview" => Ok(Value::Null),
            other => return Reply::error(422, format!("Unknown action {other}")),
        };
        match result {
            Ok(json) => Reply::ok(json),
            Err(reply) => reply,
        }
    }

    fn entries_by_folder(&self, params: &Value) -> Result<Value, Reply> {
        let folder = string(params, "folder")?;
        let extension = params
            .get("extension")
            .and_then(Value::as_str)
            .unwrap_or("");
        let depth = params
            .get("depth")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            .min(MAX_DEPTH);
        let rel = checked(folder)?;
        // An area itself is listed too: the pages at the top of `content/` are a
        // collection.
        let Ok(dir) = self.folder(&rel) else {
            // decap-server lists a folder that does not exist yet as empty.
            return Ok(json!([]));
        };
        let mut files = Vec::new();
        list(&dir, &rel, extension, depth, &mut files);
        files.sort();
        let entries = files
            .iter()
            .map(|f| self.entry(&json!({ "path": f })))
            .collect();
        Ok(Value::Array(entries))
    }

    fn entries_by_files(&self, params: &Value) -> Result<Value, Reply> {
        let files = params
            .get("files")
            .and_then(Value::as_array)
            .ok_or_else(|| missing("files"))?;
        Ok(Value::Array(files.iter().map(|f| self.entry(f)).collect()))
    }

    /// `{ data, file: { path, label, id } }` for `file` (`{ path, label? }`); a file
    /// that cannot be read has `data` and `id` null, as in decap-server.
    fn entry(&self, file: &Value) -> Value {
        let path = file.get("path").and_then(Value::as_str).unwrap_or("");
        let label = file.get("label").cloned().unwrap_or(Value::Null);
        let read = checked(path)
            .ok()
            .and_then(|rel| self.read(&rel, input::TEXT_LIMIT).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match read {
            Some(text) => json!({
                "data": text,
                "file": { "path": path, "label": label, "id": id(text.as_bytes()) },
            }),
            None => json!({
                "data": null,
                "file": { "path": path, "label": label, "id": null },
            }),
        }
    }

    fn persist_entry(&self, params: &Value) -> Result<Value, Reply> {
        let files: Vec<&Value> = match params.get("dataFiles").and_then(Value::as_array) {
            Some(files) => files.iter().collect(),
            None => vec![params.get("entry").ok_or_else(|| missing("entry"))?],
        };
        let assets = match params.get("assets") {
            None | Some(Value::Null) => &[][..],
            Some(a) => a.as_array().ok_or_else(|| missing("assets"))?,
        };
        // Every path is checked before anything is written. As in decap-server, the
        // files move to their `newPath`s only when every one has one (a nested
        // collection's entry renamed); the folder's other files stay where they are.
        let moving = files
            .iter()
            .all(|f| f.get("newPath").and_then(Value::as_str).is_some());
        let mut writes = Vec::new();
        let mut removes = Vec::new();
        for file in &files {
            let path = checked(string(file, "path")?)?;
            let raw = string(file, "raw")?.as_bytes().to_vec();
            if moving {
                let to = checked(string(file, "newPath")?)?;
                if to != path {
                    removes.push(path);
                }
                writes.push((to, raw));
            } else {
                writes.push((path, raw));
            }
        }
        for asset in assets {
            writes.push(asset_write(asset)?);
        }
        for (rel, bytes) in &writes {
            self.write(rel, bytes)?;
        }
        for rel in &removes {
            self.delete(&slashed(rel))?;
        }
        Ok(json!({ "message": "entry persisted" }))
    }

    fn get_media(&self, params: &Value) -> Result<Value, Reply> {
        let rel = checked(string(params, "mediaFolder")?)?;
        let Ok(dir) = self.existing(&rel) else {
            return Ok(json!([]));
        };
        let mut files = Vec::new();
        list(&dir, &rel, "", 1, &mut files);
        files.sort();
        files
            .iter()
            .map(|f| self.media_file(f))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    /// `{ id, content (base64), encoding, path, name }`.
    fn media_file(&self, path: &str) -> Result<Value, Reply> {
        let rel = checked(path)?;
        let bytes = self.read(&rel, input::IMAGE_LIMIT)?;
        Ok(json!({
            "id": id(&bytes),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": path,
            "name": rel.file_name().map(|n| n.to_string_lossy().into_owned()),
        }))
    }

    fn persist_media(&self, params: &Value) -> Result<Value, Reply> {
        let asset = params.get("asset").ok_or_else(|| missing("asset"))?;
        let (rel, bytes) = asset_write(asset)?;
        self.write(&rel, &bytes)?;
        self.media_file(string(asset, "path")?)
    }

    fn delete_files(&self, params: &Value) -> Result<Value, Reply> {
        let paths: Vec<&str> = params
            .get("paths")
            .and_then(Value::as_array)
            .ok_or_else(|| missing("paths"))?
            .iter()
            .map(|p| p.as_str().ok_or_else(|| missing("paths")))
            .collect::<Result<_, _>>()?;
        for p in &paths {
            checked(p)?;
        }
        for p in &paths {
            self.delete(p)?;
        }
        Ok(json!({ "message": format!("deleted files {}", paths.join(", ")) }))
    }

    /// The real place of an existing `rel`, refused when it is outside the areas.
    fn existing(&self, rel: &Path) -> Result<PathBuf, Reply> {
        let real = fs::canonicalize(self.root.join(rel))
            .map_err(|e| Reply::error(404, format!("{}: {e}", rel.display())))?;
        self.inside_area(&real, rel)?;
        Ok(real)
    }

    /// The real place of an existing folder `rel` to list: in an area, or an area.
    fn folder(&self, rel: &Path) -> Result<PathBuf, Reply> {
        let real = fs::canonicalize(self.root.join(rel))
            .map_err(|e| Reply::error(404, format!("{}: {e}", rel.display())))?;
        let area = AREAS
            .iter()
            .any(|a| fs::canonicalize(self.root.join(a)).is_ok_and(|a| real == a));
        if area && real.is_dir() {
            return Ok(real);
        }
        self.existing(rel)
    }

    fn inside_area(&self, real: &Path, rel: &Path) -> Result<(), Reply> {
        let inside = AREAS.iter().any(|area| {
            fs::canonicalize(self.root.join(area)).is_ok_and(|a| real.starts_with(&a) && real != a)
        });
        if inside {
            Ok(())
        } else {
            Err(outside(rel))
        }
    }

    fn read(&self, rel: &Path, limit: u64) -> Result<Vec<u8>, Reply> {
        let real = self.existing(rel)?;
        input::read(&real, rel, limit).map_err(|d| Reply::error(500, d.message))
    }

    /// Writes `bytes` to `rel` whole: into a hidden file beside it, then renamed over
    /// it. Missing folders are made; the deepest one that exists must be in an area.
    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), Reply> {
        let limit = if is_text(rel) {
            input::TEXT_LIMIT
        } else {
            input::IMAGE_LIMIT
        };
        if bytes.len() as u64 > limit {
            return Err(Reply::error(
                413,
                format!("{}: the file is too large", rel.display()),
            ));
        }
        // A site may have no `static/` yet: the first upload makes it.
        if let Some(area) = rel.components().next() {
            let area = self.root.join(area);
            if fs::symlink_metadata(&area).is_err() {
                fs::create_dir(&area).map_err(|e| io_error(rel, &e))?;
            }
        }
        let target = self.root.join(rel);
        let mut existing = target.parent().map(Path::to_path_buf).unwrap_or_default();
        while fs::symlink_metadata(&existing).is_err() {
            if !existing.pop() {
                return Err(outside(rel));
            }
        }
        let real = fs::canonicalize(&existing).map_err(|e| io_error(rel, &e))?;
        let real_area = AREAS
            .iter()
            .filter_map(|a| fs::canonicalize(self.root.join(a)).ok())
            .any(|a| real.starts_with(&a));
        if !real_area {
            return Err(outside(rel));
        }
        if let Ok(meta) = fs::symlink_metadata(&target) {
            if meta.file_type().is_symlink() {
                self.existing(rel)?;
            } else if !meta.is_file() {
                return Err(Reply::error(
                    409,
                    format!(
                        "{}: {} is there, not a file",
                        rel.display(),
                        input::what(meta.file_type())
                    ),
                ));
            }
        }
        let dir = target.parent().ok_or_else(|| outside(rel))?;
        fs::create_dir_all(dir).map_err(|e| io_error(rel, &e))?;
        // Created only inside an area: check the made folder too (a race with a link).
        let real_dir = fs::canonicalize(dir).map_err(|e| io_error(rel, &e))?;
        if !AREAS
            .iter()
            .filter_map(|a| fs::canonicalize(self.root.join(a)).ok())
            .any(|a| real_dir.starts_with(&a))
        {
            return Err(outside(rel));
        }
        let name = target.file_name().ok_or_else(|| outside(rel))?;
        // One name per write, so two saves of one file at once never share it.
        static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = real_dir.join(format!(
            ".{}.sklaida-cms-{}-{n}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let written = fs::File::create(&temp)
            .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
            .and_then(|()| fs::rename(&temp, real_dir.join(name)));
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(io_error(rel, &e));
        }
        Ok(())
    }

    /// Removes `path`; one that is not there is no error (as in decap-server).
    fn delete(&self, path: &str) -> Result<(), Reply> {
        let rel = checked(path)?;
        let target = self.root.join(&rel);
        let Ok(meta) = fs::symlink_metadata(&target) else {
            return Ok(());
        };
        let parent = fs::canonicalize(target.parent().unwrap_or(&self.root))
            .map_err(|e| io_error(&rel, &e))?;
        self.inside_area(&parent.join("x"), &rel)?;
        if meta.is_dir() {
            return Err(Reply::error(
                409,
                format!("{path}: a folder is not deleted"),
            ));
        }
        fs::remove_file(&target).map_err(|e| io_error(&rel, &e))
    }
}

fn asset_write(asset: &Value) -> Result<(PathBuf, Vec<u8>), Reply> {
    let rel = checked(string(asset, "path")?)?;
    if asset.get("encoding").and_then(Value::as_str) != Some("base64") {
        return Err(Reply::error(422, "an asset's encoding must be base64"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(string(asset, "content")?)
        .map_err(|e| Reply::error(422, format!("{}: not base64: {e}", rel.display())))?;
    Ok((rel, bytes))
}

fn is_text(rel: &Path) -> bool {
    rel.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("svg"))
}

/// The files under `dir` (the real folder of `rel`) ending in `extension`, `depth`
/// levels down, as paths relative to the site folder with `/`; hidden and backup
/// files are left out, as every build leaves them out.
fn list(dir: &Path, rel: &Path, extension: &str, depth: u64, out: &mut Vec<String>) {
    if depth == 0 {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if input::is_ignored(&name) {
            continue;
        }
        let rel = rel.join(&name);
        // Links are not followed: what they point to may be outside the areas.
        match entry.file_type() {
            Ok(t) if t.is_dir() => list(&entry.path(), &rel, extension, depth - 1, out),
            Ok(t) if t.is_file() && name.ends_with(extension) => {
                out.push(slashed(&rel));
            }
            _ => {}
        }
    }
}

fn slashed(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A path the CMS sent, checked to be plain and in an area: `content/a/b.md`.
pub fn checked(path: &str) -> Result<PathBuf, Reply> {
    let bad = |why: &str| Reply::error(403, format!("{path}: {why}"));
    if path.contains(['\\', '\0']) || path.starts_with('/') {
        return Err(bad(
            "a path must be relative to the site folder, written with /",
        ));
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    for s in &segments {
        if *s == ".." || *s == "." {
            return Err(bad("a path may not contain . or .."));
        }
        if input::is_ignored(s) {
            return Err(bad("hidden and backup files are not edited"));
        }
        if s.contains(':') {
            return Err(bad("a path may not contain :"));
        }
    }
    match segments.first() {
        Some(first) if AREAS.contains(first) => Ok(segments.iter().collect()),
        _ => Err(outside(Path::new(path))),
    }
}

fn outside(rel: &Path) -> Reply {
    Reply::error(
        403,
        format!(
            "{}: the CMS may only read and write files in the site's {} folders",
            rel.display(),
            AREAS.join(" and ")
        ),
    )
}

fn io_error(rel: &Path, e: &std::io::Error) -> Reply {
    Reply::error(500, format!("{}: {e}", rel.display()))
}

fn string<'a>(params: &'a Value, key: &str) -> Result<&'a str, Reply> {
    params
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| missing(key))
}

fn missing(key: &str) -> Reply {
    Reply::error(422, format!("\"{key}\" is required"))
}

/// A file's version as the CMS compares them: a hash of its bytes.
fn id(bytes: &[u8]) -> String {
    let mut h = siphasher::sip128::SipHasher13::new();
    h.write(bytes);
    use siphasher::sip128::Hasher128 as _;
    format!("{:032x}", h.finish128().as_u128())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Backend) {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = fs::canonicalize(tmp.path()).expect("canonical");
        fs::create_dir_all(root.join("content/renginiai")).expect("mkdir");
        fs::create_dir_all(root.join("static/images")).expect("mkdir");
        fs::write(root.join("content/renginiai/a.md"), "---\ntitle: A\n---\n").expect("write");
        fs::write(
            root.join("content/renginiai/a.en.md"),
            "---\ntitle: A\n---\n",
        )
        .expect("write");
        fs::write(root.join("content/renginiai/.a.md.swp"), "x").expect("write");
        fs::write(root.join("site.toml"), "title = \"x\"\n").expect("write");
        (tmp, Backend::new(&root))
    }

    fn call(backend: &Backend, body: Value) -> Reply {
        backend.call(body.to_string().as_bytes())
    }

    #[test]
    fn info_says_simple_publishing_on_the_file_system() {
        let (_tmp, b) = site();
        let r = call(&b, json!({ "action": "info" }));
        assert_eq!(r.status, 200);
        assert_eq!(r.json["publish_modes"], json!(["simple"]));
        assert_eq!(r.json["type"], "local_fs");
    }

    #[test]
    fn folders_list_their_entries_without_hidden_files() {
        let (_tmp, b) = site();
        let r = call(
            &b,
            json!({ "action": "entriesByFolder", "params": { "branch": "main", "folder": "content/renginiai", "extension": "md", "depth": 1 } }),
        );
        assert_eq!(r.status, 200);
        let paths: Vec<&str> = r
            .json
            .as_array()
            .expect("array")
            .iter()
            .map(|e| e["file"]["path"].as_str().expect("path"))
            .collect();
        assert_eq!(
            paths,
            ["content/renginiai/a.en.md", "content/renginiai/a.md"]
        );
        assert_eq!(r.json[1]["data"], "---\ntitle: A\n---\n");
        assert_eq!(r.json[1]["file"]["id"].as_str().map(str::len), Some(32));
        let none = call(
            &b,
            json!({ "action": "entriesByFolder", "params": { "folder": "content/naujienos", "extension": "md", "depth": 1 } }),
        );
        assert_eq!(none.json, json!([]));
    }

    #[test]
    fn the_top_of_content_is_listed_but_not_the_site_folder() {
        let (tmp, b) = site();
        fs::write(
            tmp.path().join("content/apie.md"),
            "---\ntitle: Apie\n---\n",
        )
        .expect("write");
        let list = |folder: &str| {
            let r = call(
                &b,
                json!({ "action": "entriesByFolder", "params": { "folder": folder, "extension": "md", "depth": 1 } }),
            );
            r.json
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|e| e["file"]["path"].as_str().map(String::from))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        };
        assert_eq!(list("content"), ["content/apie.md"]);
        assert!(list("").is_empty());
        assert!(list(".").is_empty());
        let read = call(
            &b,
            json!({ "action": "getEntry", "params": { "path": "content" } }),
        );
        assert_eq!(read.json["data"], Value::Null);
    }

    #[test]
    fn entries_are_persisted_whole_and_read_back() {
        let (tmp, b) = site();
        let r = call(
            &b,
            json!({ "action": "persistEntry", "params": { "branch": "main",
                "dataFiles": [
                    { "slug": "b", "path": "content/renginiai/b.md", "raw": "---\ntitle: Bė\n---\n" },
                    { "slug": "b", "path": "content/renginiai/b.en.md", "raw": "---\ntitle: B\n---\n" }
                ],
                "assets": [ { "path": "static/images/x.png", "content": "iVBORw0K", "encoding": "base64" } ],
                "options": { "commitMessage": "Create", "useWorkflow": false, "status": "" } } }),
        );
        assert_eq!(r.status, 200, "{:?}", r.json);
        let root = tmp.path();
        assert_eq!(
            fs::read_to_string(root.join("content/renginiai/b.md")).expect("b"),
            "---\ntitle: Bė\n---\n"
        );
        assert!(root.join("content/renginiai/b.en.md").is_file());
        assert_eq!(
            fs::read(root.join("static/images/x.png")).expect("png"),
            [0x89, b'P', b'N', b'G', 0x0d, 0x0a]
        );
        let leftovers: Vec<_> = fs::read_dir(root.join("content/renginiai"))
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        let one = call(
            &b,
            json!({ "action": "getEntry", "params": { "path": "content/renginiai/b.md" } }),
        );
        assert_eq!(one.json["data"], "---\ntitle: Bė\n---\n");
        // The single-entry form, with a new folder.
        let r = call(
            &b,
            json!({ "action": "persistEntry", "params": {
            "entry": { "slug": "c", "path": "content/naujienos/c.md", "raw": "x" }, "assets": [] } }),
        );
        assert_eq!(r.status, 200, "{:?}", r.json);
        assert!(root.join("content/naujienos/c.md").is_file());
    }

    #[test]
    fn paths_outside_the_content_and_static_folders_are_refused() {
        let (tmp, b) = site();
        for path in [
            "site.toml",
            "../x.md",
            "content/../site.toml",
            "/etc/passwd",
            "content\\x.md",
            "content/.git/config",
            "content/a.md~",
            "templates/page.html",
            "content",
            "c:/x.md",
        ] {
            let r = call(
                &b,
                json!({ "action": "persistEntry", "params": {
                "dataFiles": [ { "slug": "x", "path": path, "raw": "x" } ], "assets": [] } }),
            );
            assert_eq!(r.status, 403, "{path}: {:?}", r.json);
            let read = call(
                &b,
                json!({ "action": "getMediaFile", "params": { "path": path } }),
            );
            assert_ne!(read.status, 200, "{path}");
        }
        assert_eq!(
            fs::read_to_string(tmp.path().join("site.toml")).expect("toml"),
            "title = \"x\"\n"
        );
        // One bad path in a call writes nothing at all.
        let r = call(
            &b,
            json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "slug": "ok", "path": "content/ok.md", "raw": "x" },
            { "slug": "x", "path": "../x.md", "raw": "x" } ], "assets": [] } }),
        );
        assert_eq!(r.status, 403);
        assert!(!tmp.path().join("content/ok.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_areas_are_neither_read_nor_written_through() {
        let (tmp, b) = site();
        let root = tmp.path();
        fs::create_dir_all(root.join("templates")).expect("mkdir");
        std::os::unix::fs::symlink(root.join("templates"), root.join("content/t")).expect("link");
        std::os::unix::fs::symlink(root.join("site.toml"), root.join("content/s.md"))
            .expect("link");
        let r = call(
            &b,
            json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "slug": "x", "path": "content/t/page.html", "raw": "x" } ], "assets": [] } }),
        );
        assert_eq!(r.status, 403, "{:?}", r.json);
        assert!(!root.join("templates/page.html").exists());
        let r = call(
            &b,
            json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "slug": "x", "path": "content/s.md", "raw": "x" } ], "assets": [] } }),
        );
        assert_eq!(r.status, 403, "{:?}", r.json);
        let e = call(
            &b,
            json!({ "action": "getEntry", "params": { "path": "content/s.md" } }),
        );
        assert_eq!(e.json["data"], Value::Null);
        assert_eq!(
            fs::read_to_string(root.join("site.toml")).expect("toml"),
            "title = \"x\"\n"
        );
        let d = call(
            &b,
            json!({ "action": "deleteFile", "params": { "path": "content/t/x" } }),
        );
        assert_ne!(d.status, 500);
    }

    #[test]
    fn the_first_upload_makes_the_static_folder() {
        let (tmp, b) = site();
        fs::remove_dir_all(tmp.path().join("static")).expect("rm");
        let r = call(
            &b,
            json!({ "action": "persistMedia", "params": {
            "asset": { "path": "static/uploads/p.png", "content": "AAEC", "encoding": "base64" } } }),
        );
        assert_eq!(r.status, 200, "{:?}", r.json);
        assert!(tmp.path().join("static/uploads/p.png").is_file());
    }

    #[test]
    fn media_is_listed_persisted_and_deleted() {
        let (tmp, b) = site();
        let r = call(
            &b,
            json!({ "action": "persistMedia", "params": {
            "asset": { "path": "static/images/p.png", "content": "AAEC", "encoding": "base64" },
            "options": { "commitMessage": "Upload" } } }),
        );
        assert_eq!(r.status, 200, "{:?}", r.json);
        assert_eq!(r.json["name"], "p.png");
        assert_eq!(r.json["content"], "AAEC");
        let all = call(
            &b,
            json!({ "action": "getMedia", "params": { "mediaFolder": "static/images" } }),
        );
        assert_eq!(all.json.as_array().map(Vec::len), Some(1));
        let d = call(
            &b,
            json!({ "action": "deleteFiles", "params": { "paths": ["static/images/p.png", "static/images/none.png"] } }),
        );
        assert_eq!(d.status, 200, "{:?}", d.json);
        assert!(!tmp.path().join("static/images/p.png").exists());
    }

    #[test]
    fn unknown_actions_and_bad_bodies_are_refused() {
        let (_tmp, b) = site();
        assert_eq!(
            call(&b, json!({ "action": "unpublishedEntries" })).status,
            422
        );
        assert_eq!(b.call(b"not json").status, 400);
        assert_eq!(
            call(&b, json!({ "action": "getDeployPreview" })).json,
            Value::Null
        );
    }

    #[test]
    fn entries_move_to_their_new_path_when_every_file_has_one() {
        let (tmp, b) = site();
        let moved = call(
            &b,
            json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "slug": "a", "path": "content/renginiai/a.md", "raw": "x", "newPath": "content/renginiai/b.md" },
            { "slug": "a", "path": "content/renginiai/a.en.md", "raw": "y", "newPath": "content/renginiai/b.en.md" } ], "assets": [] } }),
        );
        assert_eq!(moved.status, 200, "{:?}", moved.json);
        let dir = tmp.path().join("content/renginiai");
        assert!(!dir.join("a.md").exists() && !dir.join("a.en.md").exists());
        assert_eq!(fs::read_to_string(dir.join("b.en.md")).expect("moved"), "y");
        let refused = call(
            &b,
            json!({ "action": "persistEntry", "params": { "dataFiles": [
            { "slug": "b", "path": "content/renginiai/b.md", "raw": "x", "newPath": "site.toml" } ], "assets": [] } }),
        );
        assert_eq!(refused.status, 403);
        assert!(dir.join("b.md").exists());
    }

    #[test]
    fn only_json_from_pages_of_this_computer_is_taken() {
        let lo = Some(IpAddr::from([127, 0, 0, 1]));
        let json = Some("application/json; charset=utf-8");
        assert!(allowed(
            lo,
            Some("localhost:1111"),
            Some("http://localhost:1111"),
            json
        )
        .is_ok());
        assert!(allowed(
            Some("::1".parse().expect("ip")),
            Some("[::1]:1111"),
            Some("http://[::1]:1111"),
            json
        )
        .is_ok());
        assert!(allowed(
            Some("::ffff:127.0.0.1".parse().expect("ip")),
            Some("127.0.0.1:80"),
            Some("http://127.0.0.1"),
            json
        )
        .is_ok());
        assert!(allowed(
            Some(IpAddr::from([192, 168, 1, 2])),
            Some("localhost:1111"),
            Some("http://localhost:1111"),
            json
        )
        .is_err());
        assert!(allowed(
            None,
            Some("localhost:1111"),
            Some("http://localhost:1111"),
            json
        )
        .is_err());
        assert!(allowed(
            lo,
            Some("evil.example:1111"),
            Some("http://localhost:1111"),
            json
        )
        .is_err());
        assert!(allowed(
            lo,
            Some("192.168.1.2:1111"),
            Some("http://localhost:1111"),
            json
        )
        .is_err());
        assert!(allowed(
            lo,
            Some("localhost:1111"),
            Some("https://evil.example"),
            json
        )
        .is_err());
        assert!(allowed(lo, Some("localhost:1111"), Some("null"), json).is_err());
        assert!(allowed(lo, Some("localhost:1111"), None, json).is_err());
        assert!(allowed(
            lo,
            Some("localhost:1111"),
            Some("http://localhost:1111"),
            Some("text/plain")
        )
        .is_err());
        assert!(allowed(
            lo,
            Some("localhost:1111"),
            Some("http://localhost:1111"),
            None
        )
        .is_err());
    }

    #[test]
    fn the_config_points_decap_at_this_server() {
        let config = "backend:\n  name: github\n  repo: o/r\nlocal_backend: true\nmedia_folder: static/images\n";
        let out = local_config(config, "localhost:1111");
        assert!(
            out.starts_with("backend:\n  name: github\n  repo: o/r\nmedia_folder: static/images\n"),
            "{out}"
        );
        assert!(out.contains("local_backend:\n  url: \"http://localhost:1111/__sklaida/cms/api/v1\"\n  allowed_hosts: [\"localhost\"]\n"), "{out}");
        assert_eq!(out.matches("local_backend").count(), 1);
        let v6 = local_config("backend:\n  name: github\n", "[::1]:8");
        assert!(v6.contains("allowed_hosts: [\"[::1]\"]"), "{v6}");
        let parsed: Value = yaml_serde::from_str(&out).expect("yaml");
        assert_eq!(
            parsed["local_backend"]["url"],
            "http://localhost:1111/__sklaida/cms/api/v1"
        );
    }
}
