// Before each save (Decap's preSave event): every language's data checked for what
// the widgets cannot say, and every translation begun for the fields the build
// requires (REQUIRED and COLLECTIONS, by collection, written into the admin page by
// src/cms/admin.rs). The messages are WORDS, in the site's default language
// (src/cms/admin.rs, from the i18n keys).
(function () {
  function problems(data) {
    var out = [];
    if (!data) return out;
    var get = function (k) { return data.get ? data.get(k) : undefined; };
    if (get("image") && !get("image_alt")) out.push(WORDS.cms_check_image_alt);
    var a = get("ambassador");
    var named = a && a.get && a.get("name");
    if (a && a.get && a.get("photo") && !a.get("photo_alt")) out.push(WORDS.cms_check_photo_alt);
    // A place is optional (an event online has none), but one given needs its name:
    // Decap would demand the name of an empty place too if the widget required it.
    var place = get("location");
    if (place && place.get && place.get("address") && !place.get("name")) out.push(WORDS.cms_check_place_name);
    // So is an article's source (an address needs the source's name) and a story's
    // ambassador: a role or photo belongs to someone named, never to an anonymous story.
    var source = get("source");
    if (source && source.get && source.get("url") && !source.get("name")) out.push(WORDS.cms_check_source_name);
    var details = a && a.get && (a.get("role") || a.get("photo") || a.get("photo_alt"));
    if (details && !named) out.push(WORDS.cms_check_ambassador_name);
    var start = get("start"), end = get("end");
    if (start && end && String(end) < String(start)) out.push(WORDS.cms_check_end_before_start);
    if (get("type") === "story") {
      if (named && get("anonymous")) out.push(WORDS.cms_check_anonymous_and_named);
      if (!named && !get("anonymous")) out.push(WORDS.cms_check_anonymous_or_named);
    }
    return out;
  }
  // An optional object begun and emptied again (or never touched): Decap writes
  // `location: {name: ""}`, `source: {name: "", url: ""}`, `ambassador: {name: ""}`.
  // Nothing written is none at all, so the file says nothing about it.
  var OPTIONAL_OBJECTS = ["location", "source", "ambassador"];
  function withoutEmptyObjects(data) {
    if (!data || !data.get) return data;
    return OPTIONAL_OBJECTS.reduce(function (d, key) {
      var value = d.get(key);
      if (value === undefined) return d;
      var given = value && value.some && value.some(function (v) { return v !== "" && v !== null && v !== undefined; });
      return given ? d : d.delete(key);
    }, data);
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      // The page's type is its collection's (names.js lists no page of another type).
      var kind = (COLLECTIONS[entry.get("collection")] || {}).type;
      var typed = function (d) { return d && d.set ? d.set("type", kind) : d; };
      // What the handler returns becomes the default language's data (Decap's event
      // runner sets it as the entry's `data`; translations cannot be changed here, and
      // the build reads their empty place, source or ambassador as none).
      var data = withoutEmptyObjects(entry.get("data"));
      var found = problems(typed(data));
      var needs = REQUIRED[entry.get("collection")] || ["title"];
      var i18n = entry.get("i18n");
      if (i18n && i18n.forEach) {
        i18n.forEach(function (value, locale) {
          var other = value.get("data");
          // A language with nothing written is not written at all; one begun must
          // hold what the build needs ("Fill in from another locale" copies it).
          if (!other || !other.size) return;
          needs.forEach(function (f) {
            if (!other.get(f)) found.push(locale + ": " + WORDS.cms_check_missing.replace("{field}", WORDS.fields[f] || f));
          });
          problems(typed(other)).forEach(function (p) { found.push(locale + ": " + p); });
        });
      }
      if (found.length) throw new Error(WORDS.cms_check_not_saved.replace("{problems}", found.join("; ")));
      return data;
    }
  });
})();
