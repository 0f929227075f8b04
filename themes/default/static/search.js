/* Sklaida site search, the default theme's only script. It runs on the search page:
 * reads ?q=, downloads this language's index (a JSON file beside the page, made by
 * `sklaida build`) and lists the pages that match. It asks nothing of any other
 * server and stores nothing: no cookies, no localStorage.
 *
 * Folding, words, stemming, matching and ranking follow `query` in src/search.rs
 * step for step; the stemming rules and stop words come from the index itself. */
(function () {
  "use strict";

  var app = document.getElementById("search-app");
  var input = document.getElementById("search-query");
  if (!app || !input || !window.fetch || !String.prototype.normalize) {
    return;
  }
  var form = input.form;
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var needsScript = document.getElementById("search-needs-js");
  var lang = app.getAttribute("data-lang") || "en";
  var TITLE_WEIGHT = 10;
  var SUMMARY_WEIGHT = 3;
  var BODY_WEIGHT = 1;
  var SHOWN = 100;

  if (needsScript) {
    needsScript.hidden = true;
  }

  // --- Words, as i18n::fold and search::words make them ---------------------------

  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var SPECIAL = {
    "ł": "l", "ø": "o", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ς": "σ",
    "ґ": "г", "є": "е", "'": "", "\u2019": "", "\u02bc": "", "\u2018": ""
  };
  var SPECIALS = /[łøđıßæœςґє'\u2019\u02bc\u2018]/g;
  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

  function fold(text) {
    return text
      .toLowerCase()
      .normalize("NFKD")
      .replace(MARKS, "")
      .replace(SPECIALS, function (c) { return SPECIAL[c]; });
  }

  function length(word) {
    return Array.from(word).length;
  }

  function words(text) {
    return fold(text).split(NOT_WORD).filter(function (w) { return length(w) >= 2; });
  }

  function stem(rules, word) {
    var i;
    for (i = 0; i < rules.keep.length; i++) {
      if (word.endsWith(rules.keep[i])) {
        return word;
      }
    }
    var n = length(word);
    for (i = 0; i < rules.endings.length; i++) {
      var ending = rules.endings[i];
      if (word.endsWith(ending) && n - length(ending) >= rules.min) {
        return word.slice(0, word.length - ending.length);
      }
    }
    return word;
  }

  // --- The index -------------------------------------------------------------------

  function postings(value) {
    var docs = [];
    var i;
    if (typeof value === "string") {
      var bytes = atob(value);
      for (i = 0; i < bytes.length; i++) {
        var byte = bytes.charCodeAt(i);
        for (var bit = 0; bit < 8; bit++) {
          if (byte & (1 << bit)) {
            docs.push(i * 8 + bit);
          }
        }
      }
    } else {
      var at = 0;
      for (i = 0; i < value.length; i++) {
        at += value[i];
        docs.push(at);
      }
    }
    return docs;
  }

  function matches(word, term) {
    return term === word.stem || (word.prefix && term.startsWith(word.typed));
  }

  /* The documents matching q, best first (indexes into index.docs), or null when q
     has no word to look for. */
  function query(index, q) {
    var typed = words(q).filter(function (w) { return index.stop.indexOf(w) < 0; });
    if (typed.length === 0) {
      return null;
    }
    var openEnd = !/\s$/.test(q);
    var query = typed.map(function (w, i) {
      return { typed: w, stem: stem(index.stem, w), prefix: openEnd && i === typed.length - 1 };
    });
    var terms = Object.keys(index.terms);
    var found = null;
    query.forEach(function (word) {
      var docs = new Set();
      terms.forEach(function (term) {
        if (matches(word, term)) {
          postings(index.terms[term]).forEach(function (d) { docs.add(d); });
        }
      });
      found = found === null ? docs : new Set(Array.from(found).filter(function (d) { return docs.has(d); }));
    });
    var has = function (word, list) {
      return list.some(function (w) { return matches(word, stem(index.stem, w)); });
    };
    var scored = Array.from(found)
      .filter(function (d) { return d < index.docs.length; })
      .map(function (d) {
        var doc = index.docs[d];
        var title = words(doc[2]);
        var summary = words(doc[4]);
        var score = 0;
        query.forEach(function (word) {
          score += has(word, title) ? TITLE_WEIGHT : has(word, summary) ? SUMMARY_WEIGHT : BODY_WEIGHT;
        });
        return [score, d];
      });
    scored.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    return scored.map(function (s) { return s[1]; });
  }

  function url(index, doc) {
    if (doc[1].charAt(0) === "/") {
      return doc[1];
    }
    var section = index.sections[doc[0]];
    return (section ? section[1] : "/") + doc[1];
  }

  // --- The page --------------------------------------------------------------------

  var locale = lang === "en" ? "en-GB" : lang;
  var plural = new Intl.PluralRules(locale);
  var number = new Intl.NumberFormat(locale);
  var dates = new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });

  function say(text) {
    status.textContent = text;
  }

  function count(n) {
    var form = app.getAttribute("data-count-" + plural.select(n)) || app.getAttribute("data-count-other") || "{count}";
    return form.replace("{count}", number.format(n));
  }

  function element(name, className, text) {
    var e = document.createElement(name);
    if (className) {
      e.className = className;
    }
    if (text) {
      e.textContent = text;
    }
    return e;
  }

  function show(index, q) {
    list.textContent = "";
    var found = query(index, q);
    if (found === null) {
      say(q.trim() ? app.getAttribute("data-hint") : "");
      return;
    }
    if (found.length === 0) {
      say(app.getAttribute("data-none"));
      return;
    }
    say(count(found.length));
    found.slice(0, SHOWN).forEach(function (d) {
      var doc = index.docs[d];
      var item = element("li", "search-result");
      var heading = element("h2", "search-result-title");
      var link = element("a", "", doc[2]);
      link.href = url(index, doc);
      heading.appendChild(link);
      item.appendChild(heading);
      var meta = [];
      var section = index.sections[doc[0]];
      if (section && section[0]) {
        meta.push(section[0]);
      }
      if (doc[3]) {
        var parts = doc[3].split("-");
        meta.push(dates.format(new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]))));
      }
      if (meta.length) {
        item.appendChild(element("p", "search-result-meta", meta.join(" · ")));
      }
      if (doc[4]) {
        item.appendChild(element("p", "search-result-summary", doc[4]));
      }
      list.appendChild(item);
    });
  }

  var index = null;
  var timer = null;

  function run() {
    var q = input.value;
    if (index) {
      show(index, q);
    }
    var address = new URL(window.location.href);
    if (q) {
      address.searchParams.set("q", q);
    } else {
      address.searchParams.delete("q");
    }
    window.history.replaceState(null, "", address.pathname + address.search);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    run();
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  if (initial) {
    say(app.getAttribute("data-loading"));
  }
  fetch(app.getAttribute("data-index"))
    .then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    })
    .then(function (loaded) {
      if (loaded.v !== 1) {
        throw new Error("index format " + loaded.v);
      }
      index = loaded;
      app.setAttribute("data-ready", "true");
      if (input.value) {
        show(index, input.value);
      }
    })
    .catch(function () {
      say(app.getAttribute("data-failed"));
    });

  // For tests of the rules against src/search.rs.
  window.sklaidaSearch = { fold: fold, words: words, query: function (q) { return index ? query(index, q) : null; } };
})();
