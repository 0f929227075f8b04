// Decap CMS's own interface words where its translation for the interface language
// (config.yml `locale`) is wrong, misspelt or missing (Decap shows the English then),
// merged over its phrases before it starts: "Publish now" in Lithuanian was "Skelbti
// naują" ("publish a new one"), "Fill in from another locale" had no translation.
// Only the phrases an officer meets in our forms are listed; the rest stay Decap's.
(function () {
  var FIXES = {
    lt: {
      app: { app: { checkConfigYml: "Patikrinkite config.yml failą." } },
      collection: { collectionTop: { viewAsList: "Sąrašas", viewAsGrid: "Tinklelis" } },
      editor: {
        editorInterface: {
          toggleI18n: "Rodyti kitą kalbą",
          togglePreview: "Rodyti peržiūrą",
          toggleScrollSync: "Slinkti kartu"
        },
        editorWidgets: {
          markdown: { strikethrough: "Perbraukta", toggleMode: { rich: "Raiškusis tekstas", markdown: "Markdown" } },
          object: { expand: "Išskleisti", collapse: "Suskleisti" },
          list: { add: "Pridėti: %{item}", addType: "Pridėti: %{item}" }
        },
        editorControlPane: {
          widget: {
            required: "Privaloma užpildyti laukelį „%{fieldLabel}“.",
            regexPattern: "Laukelis „%{fieldLabel}“ užpildytas netinkamai: %{pattern}."
          },
          i18n: {
            writingInLocale: "Kalba: %{locale}",
            copyFromLocale: "Užpildyti iš kitos kalbos",
            copyFromLocaleConfirm: "Užpildyti duomenimis iš %{locale} kalbos?\nVisas esamas turinys bus perrašytas."
          }
        },
        editor: {
          onPublishing: "Ar tikrai norite paskelbti šį įrašą?",
          onDeleteWithUnsavedChanges: "Ar tikrai norite ištrinti paskelbtą įrašą ir šios sesijos neišsaugotus pakeitimus?"
        },
        editorToolbar: {
          publishNow: "Skelbti dabar",
          changesSaved: "Pakeitimai išsaugoti",
          status: "Būsena: %{status}",
          duplicate: "Kurti kopiją",
          publishAndCreateNew: "Paskelbti ir kurti naują",
          publishAndDuplicate: "Paskelbti ir kurti kopiją",
          deleteUnpublishedChanges: "Ištrinti nepaskelbtus pakeitimus",
          backCollection: " Rašoma kolekcijoje „%{collectionLabel}“"
        }
      },
      ui: {
        toast: {
          entrySaved: "Įrašas išsaugotas",
          onFailToDelete: "Nepavyko ištrinti: %{details}",
          onFailToPersist: "Nepavyko išsaugoti įrašo: %{details}",
          onFailToUpdateStatus: "Nepavyko pakeisti būsenos: %{details}"
        },
        settingsDropdown: { account: "Paskyra" }
      }
    },
    pl: {
      collection: { collectionTop: { viewAsList: "Lista", viewAsGrid: "Siatka" } },
      editor: {
        editorControlPane: {
          i18n: {
            copyFromLocale: "Wypełnij z innego języka",
            copyFromLocaleConfirm: "Wypełnić danymi z języka %{locale}?\nCała obecna treść zostanie zastąpiona."
          }
        },
        editorWidgets: {
          markdown: { strikethrough: "Przekreślenie", toggleMode: { rich: "Tekst sformatowany", markdown: "Markdown" } },
          datetime: { setToNow: "Teraz" },
          object: { expand: "Rozwiń", collapse: "Zwiń" }
        }
      },
      ui: { settingsDropdown: { account: "Konto" } }
    },
    uk: {
      collection: { collectionTop: { viewAsList: "Список", viewAsGrid: "Сітка" } },
      editor: {
        editorWidgets: {
          markdown: { strikethrough: "Закреслений", toggleMode: { rich: "Форматований текст", markdown: "Markdown" } },
          datetime: { setToNow: "Зараз" },
          object: { expand: "Розгорнути", collapse: "Згорнути" }
        }
      },
      ui: { settingsDropdown: { account: "Обліковий запис" } }
    }
  };
  function merge(into, from) {
    var out = {};
    Object.keys(into || {}).forEach(function (k) { out[k] = into[k]; });
    Object.keys(from).forEach(function (k) {
      out[k] = typeof from[k] === "object" ? merge(out[k], from[k]) : from[k];
    });
    return out;
  }
  Object.keys(FIXES).forEach(function (locale) {
    var phrases = CMS.getLocale && CMS.getLocale(locale);
    if (phrases) CMS.registerLocale(locale, merge(phrases, FIXES[locale]));
  });
})();
