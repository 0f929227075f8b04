// The preview beside the form: the entry drawn with the default theme's own markup and
// classes (themes/default/templates: article, event, poster, newsletter, story, page),
// under the site's stylesheet (registerPreviewStyle above), in the language being
// previewed: `lang` on the frame's root and on <main>, the theme's words for that
// language and dates as the browser's Intl writes them for it. PREVIEW_WORDS is written
// into the admin page by src/cms/admin.rs: { default, collections: { name: type },
// words: { lt: {…} } }.
// Decap gives `h` (React.createElement) and `createClass` as globals.
(function () {
  var P = PREVIEW_WORDS;

  function words(lang) { return P.words[lang] || P.words[P["default"]]; }
  function str(v) { return v === undefined || v === null ? "" : String(v); }
  function get(data, key) { return data && data.get ? data.get(key) : undefined; }

  // "2026-10-03" or "2026-10-03 18:00" (a Date from a picker too) → parts.
  function when(v) {
    if (v instanceof Date) {
      return { y: v.getFullYear(), m: v.getMonth() + 1, d: v.getDate(), hh: v.getHours(), mm: v.getMinutes(), time: true };
    }
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(str(v));
    if (!m) return null;
    return { y: +m[1], m: +m[2], d: +m[3], hh: +(m[4] || 0), mm: +(m[5] || 0), time: m[4] !== undefined };
  }
  function utc(p) { return new Date(Date.UTC(p.y, p.m - 1, p.d, p.hh, p.mm)); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(p) { return p.y + "-" + pad(p.m) + "-" + pad(p.d) + (p.time ? "T" + pad(p.hh) + ":" + pad(p.mm) : ""); }
  function day(lang, p, style) {
    try { return new Intl.DateTimeFormat(lang, { dateStyle: style, timeZone: "UTC" }).format(utc(p)); }
    catch (e) { return iso(p); }
  }
  function clock(lang, p) {
    try { return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" }).format(utc(p)); }
    catch (e) { return pad(p.hh) + ":" + pad(p.mm); }
  }
  function time(p, text) { return h("time", { dateTime: iso(p) }, text); }

  // An event's time, as the theme's event_when writes it.
  function eventWhen(lang, t, startValue, endValue) {
    var s = when(startValue), e = when(endValue);
    if (!s) return null;
    if (!s.time) return h("span", null, time(s, day(lang, s, "full")), " ", h("span", { className: "all-day" }, "(" + t.all_day + ")"));
    if (!e) return time(s, day(lang, s, "full") + ", " + clock(lang, s));
    if (e.y === s.y && e.m === s.m && e.d === s.d) {
      return h("span", null, time(s, day(lang, s, "full") + ", " + clock(lang, s)), "–", time(e, clock(lang, e)));
    }
    return h("span", null, time(s, day(lang, s, "full") + ", " + clock(lang, s)), " – ", time(e, day(lang, e, "full") + ", " + clock(lang, e)));
  }

  function asset(props, path) {
    if (!path) return "";
    var a = props.getAsset ? props.getAsset(path) : null;
    return a ? str(a) : str(path);
  }

  // A picture with its description; without one, the officer is told why it matters.
  function picture(props, t, className, path, alt) {
    if (!path) return null;
    return h("figure", { className: className },
      h("img", { src: asset(props, path), alt: str(alt) }),
      alt ? null : h("figcaption", { className: "alert alert-warning" }, t.cms_preview_alt_missing));
  }

  function notes(t, data) {
    return get(data, "draft") ? h("p", { className: "alert alert-warning" }, t.cms_preview_draft) : null;
  }

  function tags(t, data) {
    var list = get(data, "tags");
    var items = list && list.toArray ? list.toArray() : [];
    items = items.filter(function (x) { return str(x).trim() !== ""; });
    if (!items.length) return null;
    return h("div", { className: "tags" },
      h("h2", { className: "tags-title" }, t.tags),
      h("ul", { className: "tag-list" }, items.map(function (x, i) { return h("li", { key: i }, h("span", null, str(x))); })));
  }

  function head(t, data, extra) {
    return h("header", { className: "page-head" },
      h("div", { className: "wrap" },
        extra && extra.before,
        h("h1", null, str(get(data, "title")) || t.cms_preview_untitled, extra && extra.badge ? " " : null, extra && extra.badge),
        get(data, "summary") ? h("p", { className: "lead" }, str(get(data, "summary"))) : null,
        extra && extra.after));
  }

  function published(lang, t, data) {
    var d = when(get(data, "date"));
    return d ? h("span", { className: "meta-item" }, t.published + " ", time(d, day(lang, d, "long"))) : null;
  }

  function page(lang, t, data, props) {
    var meta = published(lang, t, data);
    return h("article", { className: "page" },
      head(t, data, { after: meta ? h("p", { className: "page-meta" }, meta) : null }),
      h("div", { className: "wrap page-body" },
        h("div", { className: "prose" }, notes(t, data),
          picture(props, t, "lead-image", get(data, "image"), get(data, "image_alt")),
          props.widgetFor("body"), tags(t, data))));
  }

  function article(lang, t, data, props) {
    var author = get(data, "author");
    var source = get(data, "source");
    var sourceName = get(source, "name"), sourceUrl = get(source, "url");
    var meta = h("p", { className: "page-meta" },
      author ? h("span", { className: "meta-item" }, t.written_by + " ", h("span", { className: "author" }, str(author))) : null,
      published(lang, t, data));
    return h("article", { className: "page article" },
      head(t, data, { after: meta }),
      h("div", { className: "wrap page-body" },
        h("div", { className: "prose" }, notes(t, data),
          picture(props, t, "lead-image", get(data, "image"), get(data, "image_alt")),
          props.widgetFor("body"),
          sourceName ? h("p", { className: "source" }, t.first_published_in + " ",
            sourceUrl ? h("a", { href: str(sourceUrl) }, str(sourceName)) : str(sourceName)) : null,
          tags(t, data))));
  }

  function fact(label, value) {
    return h("div", { className: "fact" }, h("dt", null, label), h("dd", null, value));
  }

  function event(lang, t, data, props) {
    var status = str(get(data, "status")) || "scheduled";
    var badge = status === "cancelled" ? h("span", { className: "badge badge-cancelled" }, t.status_cancelled)
      : status === "postponed" ? h("span", { className: "badge badge-postponed" }, t.status_postponed) : null;
    var place = get(data, "location");
    var placeName = get(place, "name"), address = get(place, "address");
    var online = get(data, "online_url"), registration = get(data, "registration_url");
    var participants = get(data, "participants");
    var whenText = eventWhen(lang, t, get(data, "start"), get(data, "end"));
    return h("article", { className: "page event" + (status !== "scheduled" ? " is-" + status : "") },
      head(t, data, { badge: badge }),
      h("div", { className: "wrap page-body has-aside" },
        h("aside", { className: "event-facts-box" },
          status === "cancelled" ? h("p", { className: "alert alert-caution status-notice" }, t.event_cancelled_notice)
            : status === "postponed" ? h("p", { className: "alert alert-warning status-notice" }, t.event_postponed_notice) : null,
          h("dl", { className: "event-facts" },
            whenText ? fact(t.event_when, whenText) : null,
            placeName ? fact(t.event_where, h("span", null, str(placeName), address ? h("br") : null,
              address ? h("span", { className: "address" }, str(address)) : null)) : null,
            online && status !== "cancelled" ? fact(t.event_online, h("a", { href: str(online) }, t.event_join_online)) : null,
            participants ? fact(t.event_participants, str(participants)) : null),
          registration && status === "scheduled"
            ? h("p", { className: "event-register" }, h("a", { className: "button button-primary", href: str(registration) }, t.register)) : null),
        h("div", { className: "prose" }, notes(t, data),
          picture(props, t, "lead-image", get(data, "image"), get(data, "image_alt")),
          props.widgetFor("body"), tags(t, data))));
  }

  var PAPER = { A4: "210 × 297 mm", A3: "297 × 420 mm", A2: "420 × 594 mm" };

  function poster(lang, t, data, props) {
    var size = str(get(data, "size")), pdf = get(data, "pdf"), image = get(data, "image");
    return h("article", { className: "page poster" },
      head(t, data),
      h("div", { className: "wrap poster-layout" },
        image ? h("figure", { className: "poster-figure" },
          h("img", { src: asset(props, image), alt: str(get(data, "image_alt")) }),
          h("figcaption", { className: "poster-caption" },
            get(data, "image_alt") ? null : h("span", { className: "alert alert-warning" }, t.cms_preview_alt_missing),
            size ? h("span", { className: "meta-item" }, t.poster_paper_size + ": " + size + (PAPER[size] ? " (" + PAPER[size] + ")" : "")) : null)) : null,
        h("div", { className: "poster-details" }, notes(t, data),
          pdf ? h("p", { className: "poster-download" },
            h("a", { className: "button button-primary", href: asset(props, pdf), type: "application/pdf", hrefLang: lang },
              t.download_poster + " (PDF" + (size ? ", " + size : "") + ")")) : null,
          h("section", { className: "prose poster-text", "aria-label": t.poster_text }, props.widgetFor("body")),
          h("div", { className: "prose" }, tags(t, data)))));
  }

  function newsletter(lang, t, data, props) {
    var number = get(data, "number"), d = when(get(data, "date"));
    var label = number || d ? h("p", { className: "issue-label" },
      number ? t.newsletter_number + "\u00a0" + str(number) : null,
      number && d ? " · " : null,
      d ? time(d, day(lang, d, "long")) : null) : null;
    return h("article", { className: "page newsletter" },
      head(t, data, { before: label }),
      h("div", { className: "wrap page-body" },
        h("div", { className: "prose" }, notes(t, data),
          picture(props, t, "lead-image", get(data, "image"), get(data, "image_alt")),
          props.widgetFor("body"), tags(t, data))));
  }

  // A story as the theme shows it: no photo of someone anonymous (a neutral shape
  // instead), "name withheld" or "(name changed)", the content warning before the text,
  // and a note to the officer while consent is not ticked.
  function story(lang, t, data, props) {
    var amb = get(data, "ambassador");
    var anonymous = !!get(data, "anonymous");
    var name = get(amb, "name"), role = get(amb, "role"), photo = get(amb, "photo"), photoAlt = get(amb, "photo_alt");
    var warning = get(data, "content_warning");
    var portrait = photo && !anonymous
      ? h("img", { src: asset(props, photo), alt: str(photoAlt) })
      : h("svg", { className: "portrait-placeholder", viewBox: "0 0 120 120", width: 120, height: 120, "aria-hidden": "true", focusable: "false" },
        h("circle", { cx: 60, cy: 60, r: 60, fill: "currentColor", opacity: ".16" }),
        h("circle", { cx: 60, cy: 47, r: 20, fill: "currentColor", opacity: ".55" }),
        h("path", { d: "M22 101c6-20 21-30 38-30s32 10 38 30a60 60 0 0 1-76 0z", fill: "currentColor", opacity: ".55" }));
    var person = h("p", { className: "story-person" },
      name ? h("span", { className: "story-name" }, str(name)) : anonymous ? h("span", { className: "story-name" }, t.name_withheld) : null,
      name && anonymous ? " " : null,
      name && anonymous ? h("span", { className: "name-note" }, t.name_changed) : null,
      role ? h("span", { className: "story-role" }, str(role)) : null);
    return h("article", { className: "page story" },
      h("header", { className: "page-head" },
        h("div", { className: "wrap story-head" },
          h("div", { className: "story-portrait" }, portrait),
          h("div", { className: "story-intro" },
            h("h1", null, str(get(data, "title")) || t.cms_preview_untitled),
            person,
            get(data, "summary") ? h("p", { className: "lead" }, str(get(data, "summary"))) : null))),
      h("div", { className: "wrap page-body" },
        get(data, "consent") ? null : h("p", { className: "alert alert-caution" }, t.cms_preview_no_consent),
        notes(t, data),
        photo && !anonymous && !photoAlt ? h("p", { className: "alert alert-warning" }, t.cms_preview_alt_missing) : null,
        warning ? h("aside", { className: "content-warning help-box", role: "note", "aria-labelledby": "cw-title" },
          h("div", { className: "content-warning-text" },
            h("h2", { id: "cw-title" }, t.content_warning),
            h("p", null, str(warning)))) : null,
        h("div", { className: "prose story-body" }, props.widgetFor("body")),
        h("div", { className: "prose" }, tags(t, data))));
  }

  var DRAW = { page: page, article: article, event: event, poster: poster, newsletter: newsletter, story: story };

  var Preview = createClass({
    // The frame is Decap's: its root element gets the previewed language and a title.
    label: function () {
      var lang = this.props.locale || P["default"];
      var doc = this.props.document;
      if (doc && doc.documentElement) {
        doc.documentElement.lang = lang;
        doc.title = str(get(this.props.entry.get("data"), "title")) || words(lang).cms_preview_untitled;
        // Decap's frame has no name of its own: the page's title names it.
        var frame = this.props.window && this.props.window.frameElement;
        if (frame) frame.title = doc.title;
      }
    },
    componentDidMount: function () { this.label(); },
    componentDidUpdate: function () { this.label(); },
    render: function () {
      var lang = this.props.locale || P["default"];
      var data = this.props.entry.get("data");
      var kind = P.collections[this.props.collection.get("name")] || str(get(data, "type"));
      var draw = DRAW[kind] || page;
      return h("main", { id: "main", lang: lang, className: "sklaida-preview type-" + (kind || "page") },
        draw(lang, words(lang), data, this.props));
    }
  });

  Object.keys(P.collections).forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
})();
