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
    var start = get("start"), end = get("end");
    if (start && end && String(end) < String(start)) out.push(WORDS.cms_check_end_before_start);
    if (get("type") === "story") {
      if (named && get("anonymous")) out.push(WORDS.cms_check_anonymous_and_named);
      if (!named && !get("anonymous")) out.push(WORDS.cms_check_anonymous_or_named);
    }
    return out;
  }
  // A place begun and emptied again: Decap writes `location: {name: ""}`. Nothing
  // written is no place at all, so the file says nothing about it.
  function withoutEmptyPlace(data) {
    var place = data && data.get ? data.get("location") : undefined;
    if (place === undefined) return data;
    var given = place && place.some && place.some(function (v) { return v !== "" && v !== null && v !== undefined; });
    return given ? data : data.delete("location");
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
      // the build reads their empty place as none).
      var data = withoutEmptyPlace(entry.get("data"));
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
