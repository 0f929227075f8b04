//! Rendering: Tera set-up (templates compiled once, functions and filters for the
//! site's languages) and turning the site model into HTML strings.
//!
//! Rendering does no IO: it takes the model and the theme and returns text; the
//! output module writes it.

pub mod card;
pub mod chart;
pub mod context;
pub mod email;
pub mod jsonld;
pub mod prefix;
pub mod project;
pub mod qr;
mod search_page;
pub mod share;

use std::path::PathBuf;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult};

use crate::content::{ContentType, PageId, SectionId, When};
use crate::error::Diagnostic;
use crate::i18n::{self, DateStyle, Strings};
use crate::site::Site;
use crate::text::escape;
pub use crate::theme::{self, Theme};
pub use context::Views;

/// Where shortcode templates live among the templates: `shortcodes/<name>.html`.
pub const SHORTCODE_DIR: &str = "shortcodes/";

/// Compiled templates and the lookups that map their names back to files.
pub struct Renderer {
    tera: Tera,
    paths: std::collections::HashMap<String, PathBuf>,
    strings: Arc<Strings>,
    /// The site's base path (`/kampanija`, or `""`): rendered pages' root-relative
    /// addresses are put under it ([`prefix::html`]).
    base_path: String,
}

impl Renderer {
    /// Compiles every template; all syntax errors are reported together.
    pub fn new(
        theme: &Theme,
        strings: Arc<Strings>,
        base_path: &str,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let paths: std::collections::HashMap<String, PathBuf> = theme
            .templates
            .values()
            .map(|t| (t.name.clone(), t.origin.display_path()))
            .collect();
        let mut diagnostics = Vec::new();
        // Parse each template alone first, so every syntax error is found, not just the first.
        for t in theme.templates.values() {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(&t.name, &t.text) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    diagnostics.push(template_diagnostic(&e, &paths));
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }

        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml", ".htm", ".svg"]);
        register(&mut tera, Arc::clone(&strings));
        register_url(&mut tera, base_path);
        tera.add_raw_templates(
            theme
                .templates
                .values()
                .map(|t| (t.name.as_str(), t.text.as_str())),
        )
        .map_err(|e| template_diagnostics(&e, &paths))?;
        for required in ["page.html", "section.html", "index.html"] {
            if !tera.contains_template(required) {
                diagnostics.push(Diagnostic::error(
                    format!("templates/{required}"),
                    "the theme has no such template, and every site needs it",
                ));
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(Renderer {
            tera,
            paths,
            strings,
            base_path: base_path.to_string(),
        })
    }

    fn first_template<'a>(&self, names: &'a [String]) -> Option<&'a str> {
        names
            .iter()
            .find(|n| self.tera.contains_template(n))
            .map(String::as_str)
    }

    fn render(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        let html = self.render_template(name, ctx)?;
        prefix::html(&self.base_path, &html).map_err(|e| {
            Diagnostic::error(
                self.paths
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(format!("templates/{name}"))),
                format!("the page's addresses could not be put under the site's base path: {e}"),
            )
        })
    }

    /// `name` rendered, its addresses as the template wrote them.
    fn render_template(&self, name: &str, ctx: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, ctx).map_err(|e| {
            let mut d = template_diagnostic(&e, &self.paths);
            // Errors Tera gives without a place belong to the template being rendered.
            if d.path == std::path::Path::new("templates") {
                d.path = self
                    .paths
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
            }
            if d.message.contains("recursion depth for components") {
                d.message = format!(
                    "a component calls itself without end (Tera stops after 20 levels); check the components this template uses ({})",
                    d.message.trim_end_matches('.')
                );
            }
            d
        })
    }

    /// `<layout>.html` when front matter has `extra: { layout: … }`, else
    /// `<type>.html`, else `page.html`.
    pub fn render_page(&self, views: &Views, id: PageId) -> Result<String, Diagnostic> {
        let page = &views.site.pages[id].page;
        if let Some(layout) = page.extra.get("layout").and_then(|v| v.as_str()) {
            let name = format!("{layout}.html");
            if !self.tera.contains_template(&name) {
                return Err(Diagnostic::error(
                    &page.source,
                    format!(
                        "layout {layout:?}: there is no template {name} in templates/ or the theme"
                    ),
                )
                .field("extra.layout")
                .at_line(page.line_of("extra")));
            }
            return self
                .render(&name, &views.page_context(id))
                .map_err(|d| about(d, &page.source));
        }
        let names = [
            format!("{}.html", page.content_type().name()),
            "page.html".to_string(),
        ];
        let name = self.first_template(&names).unwrap_or("page.html");
        self.render(name, &views.page_context(id))
            .map_err(|d| about(d, &page.source))
    }

    /// `index.html` for home pages; `<type>-section.html`, else `section.html`.
    pub fn render_section(&self, views: &Views, id: SectionId) -> Result<String, Diagnostic> {
        let s = &views.site.sections[id];
        let mut names = Vec::new();
        if s.is_home() {
            names.push("index.html".to_string());
        } else {
            if let Some(t) = s.content_type.filter(|t| *t != ContentType::Page) {
                names.push(format!("{}-section.html", t.name()));
            }
            names.push("section.html".to_string());
        }
        let name = self.first_template(&names).unwrap_or("section.html");
        let source = s.file.as_ref().map(|f| f.source.clone());
        self.render(name, &views.section_context(id))
            .map_err(|d| match source {
                Some(src) => about(d, &src),
                None => d,
            })
    }

    /// Whether a shortcode `name` exists (a template `shortcodes/<name>.html`).
    pub fn has_shortcode(&self, name: &str) -> bool {
        self.tera
            .contains_template(&format!("{}{name}.html", SHORTCODE_DIR))
    }

    /// The names of every shortcode the theme and the site define, sorted.
    pub fn shortcode_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .tera
            .get_template_names()
            .filter_map(|n| {
                n.strip_prefix(SHORTCODE_DIR)?
                    .strip_suffix(".html")
                    .map(str::to_string)
            })
            .collect();
        names.sort();
        names
    }

    /// Renders the template of shortcode `name`. A template error is returned as text
    /// naming the template file and line, for a diagnostic at the call.
    pub fn render_shortcode(&self, name: &str, ctx: &tera::Context) -> Result<String, String> {
        let template = format!("{}{name}.html", SHORTCODE_DIR);
        self.tera.render(&template, ctx).map_err(|e| {
            let d = template_diagnostic(&e, &self.paths);
            let mut place = d.path.display().to_string();
            if let Some(line) = d.line {
                place.push_str(&format!(":{line}"));
            }
            format!("{place}: {}", d.message)
        })
    }

    /// An interface string outside templates (`tags_path`, feed wording), if defined.
    pub fn text(&self, lang: &str, key: &str) -> Option<String> {
        self.strings.get(lang, key, None).ok()
    }

    /// `tag.html` for the `tag`-th tag of `lang`, when the theme has the template.
    pub fn render_tag(
        &self,
        views: &Views,
        lang: &str,
        tag: usize,
    ) -> Option<Result<String, Diagnostic>> {
        if !self.tera.contains_template("tag.html") {
            return None;
        }
        let ctx = views.tag_context(lang, tag)?;
        Some(self.render("tag.html", &ctx))
    }

    /// `tags.html`, the tag index of `lang`, when the theme has the template.
    pub fn render_tag_index(
        &self,
        views: &Views,
        lang: &str,
    ) -> Option<Result<String, Diagnostic>> {
        if !self.tera.contains_template("tags.html") {
            return None;
        }
        let ctx = views.tag_index_context(lang)?;
        Some(self.render("tags.html", &ctx))
    }

    /// `search.html`, the search page of `lang`, when the theme has the template. The
    /// page's script gets the result count's plural forms (`search_results`) as written.
    pub fn render_search(&self, views: &Views, lang: &str) -> Option<Result<String, Diagnostic>> {
        if !self.has_search_page() {
            return None;
        }
        let mut ctx = views.search_context(lang)?;
        // (category, form) pairs in CLDR order: a list, so the attributes keep their order.
        let forms = self
            .strings
            .plural_forms(lang, "search_results")
            .unwrap_or_default();
        ctx.insert("search_count_forms", &forms);
        Some(self.render("search.html", &ctx))
    }

    /// Whether the theme has a search page (`search.html`).
    pub fn has_search_page(&self) -> bool {
        self.tera.contains_template("search.html")
    }

    /// `404.html` for a language, when the theme has one.
    pub fn render_not_found(
        &self,
        views: &Views,
        lang: &str,
    ) -> Option<Result<String, Diagnostic>> {
        self.tera
            .contains_template("404.html")
            .then(|| self.render("404.html", &views.not_found_context(lang)))
    }
}

/// Adds "while rendering <page>" so a template error also names the content file.
fn about(mut d: Diagnostic, source: &std::path::Path) -> Diagnostic {
    d.message = format!("{} (while rendering {})", d.message, source.display());
    d
}

/// A small page that sends readers of an old URL to the new one.
pub fn redirect_page(site: &Site, to: &str) -> String {
    let target = site.config.permalink(to);
    let t = escape(&target);
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{t}</title><link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url={t}\"></head><body><p><a href=\"{t}\">{t}</a></p></body></html>\n",
        lang = escape(&site.config.default_language),
    )
}

/// Every problem in a Tera error: some checks report several at once.
fn template_diagnostics(
    e: &tera::Error,
    paths: &std::collections::HashMap<String, PathBuf>,
) -> Vec<Diagnostic> {
    if let tera::ErrorKind::Msg(text) = e.kind() {
        let path_of = |name: &str| {
            paths
                .get(name)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
        };
        let found = reports(text, &path_of);
        if !found.is_empty() {
            return found;
        }
    }
    vec![template_diagnostic(e, paths)]
}

/// A Tera error as a diagnostic naming the template file and line.
fn template_diagnostic(
    e: &tera::Error,
    paths: &std::collections::HashMap<String, PathBuf>,
) -> Diagnostic {
    let path_of = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(path_of(r.filename()), message)
                .at(r.span().start_line, r.span().start_col + 1)
        }
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            path_of(name),
            "template not found: add it to templates/ or the theme",
        ),
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            path_of(current),
            format!("extends {parent:?}, which does not exist"),
        ),
        tera::ErrorKind::CircularExtend {
            tpl,
            inheritance_chain,
        } => Diagnostic::error(
            path_of(tpl),
            format!(
                "templates extend each other in a circle: {}",
                inheritance_chain.join(" → ")
            ),
        ),
        tera::ErrorKind::CircularInclude { tpl, include_chain } => Diagnostic::error(
            path_of(tpl),
            format!(
                "templates include each other in a circle: {}",
                include_chain.join(" → ")
            ),
        ),
        _ => reports(&e.to_string(), &path_of)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error("templates", e.to_string())),
    }
}

/// Tera reports some checks as text (`error: …` then ` --> name:line:col`): one
/// diagnostic per report. Returns nothing for other text.
fn reports(text: &str, path_of: &dyn Fn(&str) -> PathBuf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message: Option<&str> = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m);
        } else if let (Some(m), Some(loc)) = (message, line.trim_start().strip_prefix("--> ")) {
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next().and_then(|c| c.parse::<usize>().ok());
            let line_no = parts.next().and_then(|l| l.parse::<usize>().ok());
            if let (Some(col), Some(line_no), Some(name)) = (col, line_no, parts.next()) {
                out.push(Diagnostic::error(path_of(name), m).at(line_no, col + 1));
            }
            message = None;
        }
    }
    out
}

/// A file size as people read it: `900 B`, `48 kB`, `1,2 MB`, `2,4 GB` (decimal SI
/// units, numbers as CLDR writes them in the language; a no-break space before the unit).
pub fn file_size(lang: &str, bytes: f64) -> String {
    const KB: f64 = 1000.0;
    let (value, unit) = if bytes < KB {
        (bytes.round(), "B")
    } else if bytes < KB * KB {
        ((bytes / KB).round().max(1.0), "kB")
    } else if bytes < KB * KB * KB {
        ((bytes / KB / KB * 10.0).round() / 10.0, "MB")
    } else {
        ((bytes / KB / KB / KB * 10.0).round() / 10.0, "GB")
    };
    format!("{}\u{a0}{unit}", i18n::format_number(lang, value))
}

/// An interface string's named placeholders (`{value}`, `{date}`) replaced by the
/// arguments of `t()` with those names, so a sentence is written whole in each
/// language: `t(key="results_value_planned", value=…, target=…, percent=…)`.
fn fill_placeholders(mut text: String, kwargs: &Kwargs) -> String {
    for (name, value) in kwargs.iter() {
        let name = name.to_string();
        if name == "key" || name == "count" {
            continue;
        }
        let placeholder = format!("{{{name}}}");
        if text.contains(&placeholder) {
            let value = match value.as_str() {
                Some(s) => s.to_string(),
                None => value.to_string(),
            };
            text = text.replace(&placeholder, &value);
        }
    }
    text
}

fn lang_of(state: &State) -> String {
    state
        .get::<String>("lang")
        .ok()
        .flatten()
        .unwrap_or_else(|| "en".to_string())
}

fn parse_when(value: &str) -> TeraResult<When> {
    When::parse(value).ok_or_else(|| {
        tera::Error::message(format!("expected a date like 2024-02-26, got {value:?}"))
    })
}

/// The functions and filters templates use for the site's languages.
/// `url(path="/style.css")`: a root-relative address of the site (a theme file, a
/// page) as a browser requests it, under the base path of `base_url`
/// (`/kampanija/style.css`); addresses with a scheme and relative ones stay.
fn register_url(tera: &mut Tera, base_path: &str) {
    let base_path = base_path.to_string();
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            Ok(crate::address::prefixed(&base_path, &path).into_owned())
        },
    );
}

fn register(tera: &mut Tera, strings: Arc<Strings>) {
    tera.register_function(
        "t",
        move |kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let key: String = kwargs.must_get("key")?;
            let count: Option<f64> = kwargs.get("count")?;
            let lang = lang_of(state);
            let text = strings
                .get(&lang, &key, count)
                .map_err(|e| tera::Error::message(format!("{e} (language `{lang}`)")))?;
            Ok(fill_placeholders(text, &kwargs))
        },
    );
    let date_filter = |style: DateStyle| {
        move |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let when = parse_when(value)?;
            Ok(i18n::format_date(&lang_of(state), when.date(), style))
        }
    };
    tera.register_filter("date_long", date_filter(DateStyle::Long));
    tera.register_filter("date_full", date_filter(DateStyle::Full));
    tera.register_filter("date_short", date_filter(DateStyle::Short));
    tera.register_filter("month_year", date_filter(DateStyle::MonthYear));
    tera.register_filter(
        "time",
        |value: &str, _: Kwargs, state: &State| -> TeraResult<String> {
            let when = parse_when(value)?;
            Ok(when
                .time()
                .map(|t| i18n::format_time(&lang_of(state), t))
                .unwrap_or_default())
        },
    );
    tera.register_filter(
        "date_range",
        |value: &str, kwargs: Kwargs, state: &State| -> TeraResult<String> {
            let start = parse_when(value)?;
            let end: Option<String> = kwargs.get("end")?;
            let lang = lang_of(state);
            Ok(match end.as_deref().map(parse_when).transpose()? {
                Some(end) if end.date() != start.date() => {
                    i18n::format_date_range(&lang, start.date(), end.date())
                }
                _ => i18n::format_date(&lang, start.date(), DateStyle::Long),
            })
        },
    );
    tera.register_function("bar_chart", chart::function);
    qr::register(tera);
    tera.register_filter("number", |value: f64, _: Kwargs, state: &State| -> String {
        i18n::format_number(&lang_of(state), value)
    });
    tera.register_filter(
        "file_size",
        |bytes: f64, _: Kwargs, state: &State| -> String { file_size(&lang_of(state), bytes) },
    );
    tera.register_filter(
        "wrap",
        |text: &str, kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let width: Option<usize> = kwargs.get("width")?;
            Ok(email::wrap(text, width.unwrap_or(email::TEXT_WIDTH)))
        },
    );
}
