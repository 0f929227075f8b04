// Sklaida's own file names in every backend (issue 18). Decap's i18n `multiple_files`
// reads and writes the default language's file as `name.<default>.md` and lists
// only files with a language code; Sklaida's is `name.md`. Each backend Decap can
// make for this configuration is wrapped where Decap's registry keeps it
// (`CMS.getBackend(name)` returns the live entry), so every call that carries an
// entry's path goes through one mapping:
//
//   the CMS's `folder/x.<default>.md`  <->  the file `folder/x.md`
//
// A file read under another name (`x.<default>.md` written by an earlier release) is
// remembered and written back under that name, never duplicated. A collection lists
// neither its section's own files (`_index.md`, `_index.en.md`) nor pages whose front
// matter names another type (a page takes its section's type unless it says
// `type:`), and no empty file is written for a language not begun. COLLECTIONS
// (collection name -> folder and type) is written into the admin page by
// src/cms/admin.rs. Decap's editorial workflow is not enabled: its calls pass as
// they are.
(function () {
  var BACKENDS = ["github", "gitlab", "gitea", "proxy", "test-repo"];
  var EXTENSION = ".md";

  // The value of a top-level `type:` in a file's YAML front matter, or null.
  function declaredType(text) {
    if (typeof text !== "string") return null;
    var lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    if (lines[0].trim() !== "---") return null;
    for (var i = 1; i < lines.length; i++) {
      var line = lines[i].replace(/\s+$/, "");
      if (line === "---" || line === "...") return null;
      var m = /^type\s*:(.*)$/.exec(line);
      if (m) return m[1].replace(/\s#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");
    }
    return null;
  }

  // What Decap writes for a language nobody began: blank, or empty front matter.
  function holdsNothing(raw) {
    return /^\s*(---\s*---\s*)?$/.test(raw || "");
  }

  function found(result) {
    return !!result && result.data !== null && result.data !== undefined && result.data !== "";
  }

  function withPath(result, path) {
    var out = Object.assign({}, result);
    out.file = Object.assign({}, result && result.file, { path: path });
    return out;
  }

  // Copies the cursor Decap's backends hang on a listing (a symbol property).
  function keepSymbols(from, to) {
    Object.getOwnPropertySymbols(from).forEach(function (s) { to[s] = from[s]; });
    return to;
  }

  function Names(config) {
    var i18n = (config && config.i18n) || {};
    this.lang = i18n.default_locale;
    this.locales = i18n.locales || [];
    this.types = {};
    for (var name in COLLECTIONS) this.types[COLLECTIONS[name].folder] = COLLECTIONS[name].type;
    this.real = {};
    this.present = {};
  }

  // `folder/x.en.md` in a collection's folder: { dir, key: "x", lang: "en" }; lang
  // is null for `x.md`. Null for any other path.
  Names.prototype.split = function (path) {
    if (typeof path !== "string") return null;
    var slash = path.lastIndexOf("/");
    var dir = path.slice(0, Math.max(slash, 0));
    var base = path.slice(slash + 1);
    if (!Object.prototype.hasOwnProperty.call(this.types, dir) || base.slice(-EXTENSION.length) !== EXTENSION) return null;
    var stem = base.slice(0, -EXTENSION.length);
    var dot = stem.lastIndexOf(".");
    var lang = dot > 0 ? stem.slice(dot + 1) : null;
    if (lang === null || this.locales.indexOf(lang) < 0) return { dir: dir, key: stem, lang: null };
    return { dir: dir, key: stem.slice(0, dot), lang: lang };
  };

  Names.prototype.cmsPath = function (real) {
    var s = this.split(real);
    return s && s.lang === null ? s.dir + "/" + s.key + "." + this.lang + EXTENSION : real;
  };

  // The file a CMS path is written to: the one it was read from, else the plain name.
  Names.prototype.realPath = function (cms) {
    if (this.real[cms]) return this.real[cms];
    var s = this.split(cms);
    return s && s.lang === this.lang ? s.dir + "/" + s.key + EXTENSION : cms;
  };

  // A listing as Decap expects it: section files and pages of another type left out,
  // each file under its CMS path (remembered), one file per CMS path (the plain name
  // first when both exist, which the build refuses anyway).
  Names.prototype.list = function (entries) {
    var self = this;
    var other = {};
    entries.forEach(function (e) {
      var s = self.split(e.file && e.file.path);
      var declared = s && declaredType(e.data);
      if (declared && declared !== self.types[s.dir]) other[s.dir + "/" + s.key] = true;
    });
    var out = [];
    var at = {};
    entries.forEach(function (e) {
      var path = e.file && e.file.path;
      var s = self.split(path);
      if (!s) return out.push(e);
      if (s.key === "_index" || s.key.indexOf("_index.") === 0 || other[s.dir + "/" + s.key]) return;
      var cms = self.cmsPath(path);
      if (cms in at && s.lang !== null) return;
      if (found(e) || e.data === "") self.present[path] = true;
      self.real[cms] = path;
      if (cms in at) out[at[cms]] = withPath(e, cms);
      else at[cms] = out.push(withPath(e, cms)) - 1;
    });
    return keepSymbols(entries, out);
  };

  // One entry by its CMS path. The default language's file is looked for under its
  // plain name, then under `x.<default>.md`; a path without a language (Decap asking
  // whether a new entry's name is taken) finds either.
  Names.prototype.getEntry = function (inner, path) {
    var self = this;
    var s = this.split(path);
    if (!s || (s.lang !== null && s.lang !== this.lang)) {
      return inner.getEntry(path).then(function (r) {
        if (s && found(r)) self.present[path] = true;
        return r;
      });
    }
    var plain = s.dir + "/" + s.key + EXTENSION;
    var coded = s.dir + "/" + s.key + "." + this.lang + EXTENSION;
    var tries = s.lang !== null && this.real[path] ? [this.real[path]] : [plain, coded];
    var first;
    var next = function (i) {
      if (i >= tries.length) {
        if (first.error) return Promise.reject(first.error);
        return withPath(first.result, path);
      }
      return Promise.resolve()
        .then(function () { return inner.getEntry(tries[i]); })
        .then(
          function (r) { return { result: r }; },
          function (e) { return { error: e }; }
        )
        .then(function (got) {
          if (i === 0) first = got;
          if (!got.error && found(got.result)) {
            if (s.lang !== null) self.real[path] = tries[i];
            self.present[tries[i]] = true;
            return withPath(got.result, path);
          }
          return next(i + 1);
        });
    };
    return next(0);
  };

  // Decap's files for one save: under their real names, without a language nobody
  // began (unless its file was there before).
  Names.prototype.persistEntry = function (inner, entry, options) {
    var self = this;
    var files = [];
    var saved = [];
    (entry.dataFiles || []).forEach(function (f) {
      var s = self.split(f.path);
      if (s && s.lang !== null && s.lang !== self.lang && holdsNothing(f.raw) && !self.present[f.path]) return;
      var file = Object.assign({}, f, { path: self.realPath(f.path) });
      var cms = f.path;
      if (f.newPath) {
        var n = self.split(f.newPath);
        file.newPath = n && n.lang === self.lang ? n.dir + "/" + n.key + EXTENSION : f.newPath;
        cms = f.newPath;
      }
      files.push(file);
      saved.push([cms, file.newPath || file.path, file.path]);
    });
    return inner.persistEntry(Object.assign({}, entry, { dataFiles: files }), options).then(function (r) {
      saved.forEach(function (s) {
        if (s[1] !== s[2]) delete self.present[s[2]];
        self.real[s[0]] = s[1];
        self.present[s[1]] = true;
      });
      return r;
    });
  };

  Names.prototype.deleteFiles = function (inner, paths, message) {
    var self = this;
    var real = paths.map(function (p) { return self.realPath(p); });
    return inner.deleteFiles(real, message).then(function (r) {
      paths.forEach(function (p, i) { delete self.real[p]; delete self.present[real[i]]; });
      return r;
    });
  };

  Names.prototype.entriesByFiles = function (inner, files) {
    var self = this;
    var real = files.map(function (f) { return Object.assign({}, f, { path: self.realPath(f.path) }); });
    return inner.entriesByFiles(real).then(function (entries) {
      return entries.map(function (e, i) { return files[i] ? withPath(e, files[i].path) : e; });
    });
  };

  // The backend `inner` with every call that carries an entry's path mapped; the rest
  // goes to it as it is.
  function wrap(inner, names) {
    var own = {
      entriesByFolder: function (folder, extension, depth) {
        return inner.entriesByFolder(folder, extension, depth).then(function (e) { return names.list(e); });
      },
      entriesByFiles: function (files) { return names.entriesByFiles(inner, files); },
      getEntry: function (path) { return names.getEntry(inner, path); },
      persistEntry: function (entry, options) { return names.persistEntry(inner, entry, options); },
      deleteFiles: function (paths, message) { return names.deleteFiles(inner, paths, message); },
    };
    if (typeof inner.allEntriesByFolder === "function") {
      // Decap's pathRegex matches `.<default>.` names: applied after the mapping.
      own.allEntriesByFolder = function (folder, extension, depth, pathRegex) {
        return inner.allEntriesByFolder(folder, extension, depth).then(function (entries) {
          return names.list(entries).filter(function (e) {
            return !pathRegex || pathRegex.test(e.file.path);
          });
        });
      };
    }
    if (typeof inner.traverseCursor === "function") {
      own.traverseCursor = function (cursor, action) {
        return inner.traverseCursor(cursor, action).then(function (r) {
          return Object.assign({}, r, { entries: names.list(r.entries || []) });
        });
      };
    }
    return new Proxy(inner, {
      get: function (target, key) {
        if (Object.prototype.hasOwnProperty.call(own, key)) return own[key];
        var value = target[key];
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  BACKENDS.forEach(function (name) {
    var entry = CMS.getBackend(name);
    if (!entry || entry.sklaidaNames) return;
    var init = entry.init;
    entry.init = function (config, options) {
      return wrap(init.call(this, config, options), new Names(config));
    };
    entry.sklaidaNames = true;
  });
})();
