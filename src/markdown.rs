//! Markdown rendering: a page body becomes HTML plus what the build needs from it (heading
//! ids, links and images with file lines, plain text, word count, summary); code highlighting
//! (the shared syntax set and its CSS) lives here too. HTML comes from our own event loop, not
//! `pulldown_cmark::html`, because ids, footnotes, tables, alerts, images and code blocks all
//! need markup pulldown does not emit.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::LazyLock;

use pulldown_cmark::{
    Alignment, BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, LinkType,
    Options as ParserOptions, Parser, Tag, TagEnd,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::typography::{SmartPunctuation, Typography};

/// The class prefix of highlighted tokens; `highlight_css` styles exactly these classes.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Past these sizes a block is printed plain: syntect's regex engine is per line and can
/// take seconds on a minified megabyte, which would stall a whole build for one page.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;
const MAX_HIGHLIGHT_LINE: usize = 16 * 1024;

/// Fence tokens that mean "no highlighting" or that syntect knows under another name.
fn canonical_token(token: &str) -> Option<&str> {
    Some(match token {
        "" | "text" | "txt" | "plain" | "plaintext" | "none" => return None,
        "shell" | "console" | "zsh" | "bash" => "sh",
        "yml" => "yaml",
        "c++" => "cpp",
        "jsonc" | "json5" => "json",
        "htm" | "xhtml" => "html",
        "golang" => "go",
        "rs" => "rust",
        "py" | "python3" => "python",
        other => other,
    })
}

/// Shared, lazily loaded syntax set: loading it costs tens of milliseconds, so it happens
/// once per process and every thread shares it.
#[derive(Debug)]
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

static GLOBAL_HIGHLIGHTER: LazyLock<Highlighter> = LazyLock::new(|| Highlighter {
    syntaxes: SyntaxSet::load_defaults_newlines(),
});

impl Highlighter {
    pub fn global() -> &'static Highlighter {
        &GLOBAL_HIGHLIGHTER
    }

    /// Highlight `code` in `lang` (a fence info token such as "rust" or "yaml",
    /// case-insensitive, found by syntax name or file extension).
    ///
    /// Returns the HTML of classed `<span>`s (`hl-` classes, no inline colours), or `None`
    /// when the language is empty, unknown or plain text, or the code is too large to
    /// highlight quickly; the caller then prints the code escaped.
    pub fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let lowered = lang.trim().to_ascii_lowercase();
        let token = canonical_token(&lowered)?;
        if code.len() > MAX_HIGHLIGHT_BYTES
            || code.split('\n').any(|line| line.len() > MAX_HIGHLIGHT_LINE)
        {
            return None;
        }
        let syntax = self
            .syntaxes
            .find_syntax_by_token(token)
            .or_else(|| self.syntaxes.find_syntax_by_extension(token))?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// Background and text colour of code blocks; every token colour below is checked against
/// the background in the tests.
const CODE_BACKGROUND: &str = "#f6f8fa";
const CODE_FOREGROUND: &str = "#1f2328";

/// Token colours for the `hl-` classes, most general scopes first so that the more
/// specific selectors later in the list win on equal-specificity ties.
const PALETTE: &[(&str, &str, &str)] = &[
    // (selector, colour, extra declarations)
    (".hl-punctuation", "#1f2328", ""),
    (".hl-variable", "#953800", ""),
    (".hl-variable.hl-parameter", "#1f2328", ""),
    (".hl-support", "#0550ae", ""),
    (".hl-constant", "#0550ae", ""),
    (".hl-entity", "#6639ba", ""),
    (".hl-entity.hl-name.hl-tag", "#116329", ""),
    (".hl-entity.hl-other.hl-attribute-name", "#0550ae", ""),
    (".hl-keyword", "#cf222e", ""),
    (".hl-keyword.hl-operator", "#1f2328", ""),
    (".hl-storage", "#cf222e", ""),
    (".hl-string", "#0a3069", ""),
    (".hl-string.hl-regexp", "#116329", ""),
    (".hl-constant.hl-character.hl-escape", "#116329", ""),
    (".hl-comment", "#59636e", "font-style: italic;"),
    (".hl-markup.hl-heading", "#0550ae", "font-weight: bold;"),
    (".hl-markup.hl-bold", "#1f2328", "font-weight: bold;"),
    (".hl-markup.hl-italic", "#1f2328", "font-style: italic;"),
    (".hl-markup.hl-inserted", "#116329", ""),
    (".hl-markup.hl-deleted", "#82071e", ""),
    (".hl-invalid", "#82071e", "text-decoration: underline wavy;"),
];

/// CSS for the `hl-` classes: a hand-written light palette (GitHub-like colours), because
/// syntect's built-in light themes fail WCAG AA on their own backgrounds (the worst token
/// colour is 2.1:1 in InspiredGitHub, 1.1:1 in Solarized (light), 1.0:1 in
/// base16-ocean.light). Every colour here has at least 5:1 on the code background `#f6f8fa`.
pub fn highlight_css() -> String {
    let mut css = String::with_capacity(2048);
    css.push_str(
        "/* Sklaida code highlighting: light palette, every colour >= 4.5:1 on its background (WCAG AA). */\n",
    );
    css.push_str(&format!(
        "pre.code {{ background-color: {CODE_BACKGROUND}; color: {CODE_FOREGROUND}; }}\n"
    ));
    for (selector, colour, extra) in PALETTE {
        css.push_str(selector);
        css.push_str(" { color: ");
        css.push_str(colour);
        css.push(';');
        if !extra.is_empty() {
            css.push(' ');
            css.push_str(extra);
        }
        css.push_str(" }\n");
    }
    css
}

/// Rewrites a relative link or image destination, or keeps it (`None`).
pub type ResolveLink<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// How one document is rendered.
#[derive(Clone, Copy)]
pub struct Options<'a> {
    /// Prefix for footnote ids so several rendered documents on one page never clash, e.g.
    /// "fn-". Definitions get id="{prefix}{name}", references link to "#{prefix}{name}"
    /// and back-references to "#{prefix}ref-{name}". Names are slugged like heading ids.
    pub footnote_prefix: &'a str,
    /// Called for every relative link and image destination (no scheme, not starting with
    /// '/', '#', 'mailto:', 'tel:'); returns Some(new_url) to rewrite it, None to keep it.
    pub resolve_link: Option<&'a ResolveLink<'a>>,
    /// 1-based line number of the first body line in the file, so reported lines are lines
    /// of the file, not of the body.
    pub first_line: usize,
    /// Smart punctuation in the document's language (quotes, dashes, ellipses); `None`
    /// keeps the text as written.
    pub typography: Option<Typography>,
    /// The alerts' titles in the document's language (interface strings `alert_note`
    /// …); `None`: English, as on GitHub.
    pub alert_titles: Option<&'a AlertTitles>,
}

/// The visible titles of the five GFM alerts (`> [!NOTE]` …), in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertTitles {
    pub note: String,
    pub tip: String,
    pub important: String,
    pub warning: String,
    pub caution: String,
}

impl AlertTitles {
    /// The interface string keys of the titles, in the order of the fields.
    pub const KEYS: [&'static str; 5] = [
        "alert_note",
        "alert_tip",
        "alert_important",
        "alert_warning",
        "alert_caution",
    ];

    /// The titles `text` gives for [`AlertTitles::KEYS`], English where it gives none.
    pub fn from_strings(text: impl Fn(&str) -> Option<String>) -> AlertTitles {
        let english = AlertTitles::default();
        let [note, tip, important, warning, caution] = AlertTitles::KEYS.map(text);
        AlertTitles {
            note: note.unwrap_or(english.note),
            tip: tip.unwrap_or(english.tip),
            important: important.unwrap_or(english.important),
            warning: warning.unwrap_or(english.warning),
            caution: caution.unwrap_or(english.caution),
        }
    }

    fn title(&self, kind: BlockQuoteKind) -> &str {
        match kind {
            BlockQuoteKind::Note => &self.note,
            BlockQuoteKind::Tip => &self.tip,
            BlockQuoteKind::Important => &self.important,
            BlockQuoteKind::Warning => &self.warning,
            BlockQuoteKind::Caution => &self.caution,
        }
    }
}

impl Default for AlertTitles {
    fn default() -> Self {
        AlertTitles {
            note: "Note".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
        }
    }
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            footnote_prefix: "fn-",
            resolve_link: None,
            first_line: 1,
            typography: None,
            alert_titles: None,
        }
    }
}

impl fmt::Debug for Options<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Options")
            .field("footnote_prefix", &self.footnote_prefix)
            .field("resolve_link", &self.resolve_link.map(|_| "Fn"))
            .field("first_line", &self.first_line)
            .field("typography", &self.typography)
            .finish()
    }
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every link in the body (after rewriting), for the link checker.
    pub links: Vec<LinkRef>,
    pub images: Vec<ImageRef>,
    /// Words of prose (inline code counts, code blocks and markup do not).
    pub word_count: usize,
    /// HTML before a top-level `<!-- more -->` line, if there is one.
    pub summary_html: Option<String>,
    /// Plain text of the body without markup or code blocks, blocks separated by newlines.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// Plain text.
    pub title: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub url: String,
    /// Plain text of the link (an image's alt text counts).
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    pub line: usize,
    /// `![](lapai.svg "decorative")`: an ornament, written with `alt=""` and no title.
    pub decorative: bool,
}

/// Render a Markdown body to HTML and collect what the build needs from it.
pub fn render(source: &str, options: &Options) -> Rendered {
    let mut parser_options = ParserOptions::empty();
    parser_options.insert(ParserOptions::ENABLE_TABLES);
    parser_options.insert(ParserOptions::ENABLE_FOOTNOTES);
    parser_options.insert(ParserOptions::ENABLE_STRIKETHROUGH);
    parser_options.insert(ParserOptions::ENABLE_TASKLISTS);
    parser_options.insert(ParserOptions::ENABLE_HEADING_ATTRIBUTES);
    parser_options.insert(ParserOptions::ENABLE_GFM);

    let mut renderer = Renderer::new(source, options);
    let events = |parser_options| Parser::new_ext(source, parser_options).into_offset_iter();
    match options.typography {
        Some(typography) => {
            parser_options.insert(ParserOptions::ENABLE_SMART_PUNCTUATION);
            let mut smart = SmartPunctuation::new(source, typography);
            for (event, range) in events(parser_options) {
                let start = range.start;
                renderer.event(smart.rewrite(event, range), start);
            }
        }
        None => {
            for (event, range) in events(parser_options) {
                renderer.event(event, range.start);
            }
        }
    }
    let mut rendered = renderer.finish();
    // Kept for the whole build, so no doubling slack (about a fifth of the HTML).
    rendered.html.shrink_to_fit();
    rendered.text.shrink_to_fit();
    rendered
}

/// Byte offsets of line starts, so an event offset becomes a line by binary search.
struct LineIndex {
    starts: Vec<usize>,
    first_line: usize,
}

impl LineIndex {
    fn new(source: &str, first_line: usize) -> Self {
        let mut starts = Vec::with_capacity(source.len() / 40 + 1);
        starts.push(0);
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            starts,
            first_line: first_line.max(1),
        }
    }

    fn line(&self, offset: usize) -> usize {
        // starts[0] == 0, so at least one start is <= any offset and the count is >= 1.
        let line_in_body = self.starts.partition_point(|&start| start <= offset);
        line_in_body + self.first_line - 1
    }
}

struct PendingHeading {
    level: HeadingLevel,
    explicit_id: Option<String>,
    classes: Vec<String>,
    attrs: Vec<(String, Option<String>)>,
    /// Where the heading's inner HTML starts in the output; the opening tag is written
    /// once the text, and so the id, is known.
    start: usize,
    title: String,
    line: usize,
}

struct PendingImage {
    src: String,
    title: String,
    alt: String,
    line: usize,
    /// Tags opened inside the alt text, so the image's own end is recognised.
    nesting: usize,
}

struct PendingCode {
    lang: String,
    code: String,
}

#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    cell: usize,
    in_head: bool,
    body_open: bool,
}

struct Footnote {
    number: usize,
    references: usize,
}

/// Heading ids already used in this document, and the next suffix to try per base id.
#[derive(Default)]
struct Ids {
    used: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Ids {
    fn explicit(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    fn generated(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        let mut suffix = self.next_suffix.get(&base).copied().unwrap_or(1);
        loop {
            let candidate = format!("{base}-{suffix}");
            suffix += 1;
            if self.used.insert(candidate.clone()) {
                self.next_suffix.insert(base, suffix);
                return candidate;
            }
        }
    }
}

struct Renderer<'o> {
    options: &'o Options<'o>,
    lines: LineIndex,
    out: String,
    text: String,
    headings: Vec<Heading>,
    links: Vec<LinkRef>,
    images: Vec<ImageRef>,
    summary: Option<String>,
    /// Open tags; a `<!-- more -->` only counts at depth 0.
    depth: usize,
    html_block_start: Option<usize>,
    heading: Option<PendingHeading>,
    image: Option<PendingImage>,
    code: Option<PendingCode>,
    /// Indices into `links` of the links whose text is being collected.
    open_links: Vec<usize>,
    table: TableState,
    /// A task list checkbox's `<label>` is open.
    task_label: bool,
    in_metadata: bool,
    ids: Ids,
    /// Output saved while a footnote definition is written to its own buffer.
    footnote_stack: Vec<(String, String)>,
    footnote_defs: Vec<(String, String)>,
    /// Keys in `footnote_defs`; a repeated definition keeps the first.
    footnote_keys: HashSet<String>,
    footnotes: HashMap<String, Footnote>,
}

impl<'o> Renderer<'o> {
    fn new(source: &str, options: &'o Options<'o>) -> Self {
        Renderer {
            options,
            lines: LineIndex::new(source, options.first_line),
            out: String::with_capacity(source.len() + source.len() / 2),
            text: String::with_capacity(source.len()),
            headings: Vec::new(),
            links: Vec::new(),
            images: Vec::new(),
            summary: None,
            depth: 0,
            html_block_start: None,
            heading: None,
            image: None,
            code: None,
            open_links: Vec::new(),
            table: TableState::default(),
            task_label: false,
            in_metadata: false,
            ids: Ids::default(),
            footnote_stack: Vec::new(),
            footnote_defs: Vec::new(),
            footnote_keys: HashSet::new(),
            footnotes: HashMap::new(),
        }
    }

    fn event(&mut self, event: Event<'_>, offset: usize) {
        if self.image.is_some() {
            self.image_event(event);
            return;
        }
        if let Some(code) = &mut self.code {
            // A code block holds only text; its end is an ordinary end tag.
            match event {
                Event::Text(text) => code.code.push_str(&text),
                Event::End(end) => self.end(end),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if !self.in_metadata {
                    escape_body(&mut self.out, &text);
                    self.plain(&text);
                }
            }
            Event::Code(code) => {
                self.out.push_str("<code>");
                escape_body(&mut self.out, &code);
                self.out.push_str("</code>");
                self.plain(&code);
            }
            Event::InlineMath(math) => {
                self.out.push_str(r#"<span class="math math-inline">"#);
                escape_body(&mut self.out, &math);
                self.out.push_str("</span>");
                self.plain(&math);
            }
            Event::DisplayMath(math) => {
                self.out.push_str(r#"<span class="math math-display">"#);
                escape_body(&mut self.out, &math);
                self.out.push_str("</span>");
                self.plain(&math);
            }
            Event::Html(html) | Event::InlineHtml(html) => self.out.push_str(&html),
            Event::SoftBreak => {
                self.out.push('\n');
                self.plain(" ");
            }
            Event::HardBreak => {
                self.out.push_str("<br>\n");
                self.plain(" ");
            }
            Event::Rule => {
                self.fresh_line();
                self.out.push_str("<hr>\n");
            }
            Event::FootnoteReference(name) => self.footnote_reference(&name),
            Event::TaskListMarker(done) => {
                // The item's text labels its checkbox (WCAG 4.1.2; axe's `label` rule).
                self.out.push_str(if done {
                    r#"<label class="task"><input type="checkbox" disabled checked> "#
                } else {
                    r#"<label class="task"><input type="checkbox" disabled> "#
                });
                self.task_label = true;
            }
        }
    }

    #[allow(clippy::too_many_lines)] // one arm per pulldown-cmark tag, each a few lines
    fn start(&mut self, tag: Tag<'_>, offset: usize) {
        if let Tag::Image {
            dest_url, title, ..
        } = tag
        {
            // The image's own start and end are consumed by `image_event`, not counted.
            self.image = Some(PendingImage {
                src: self.rewrite(dest_url).into_string(),
                title: title.into_string(),
                alt: String::new(),
                line: self.lines.line(offset),
                nesting: 0,
            });
            return;
        }
        if matches!(
            tag,
            Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::List(_)
                | Tag::Table(_)
                | Tag::DefinitionList
        ) {
            self.close_task_label();
        }
        let top_level = self.depth == 0;
        self.depth += 1;
        match tag {
            Tag::Paragraph => {
                self.fresh_line();
                self.out.push_str("<p>");
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.fresh_line();
                self.heading = Some(PendingHeading {
                    level,
                    explicit_id: id.map(CowStr::into_string),
                    classes: classes.into_iter().map(CowStr::into_string).collect(),
                    attrs: attrs
                        .into_iter()
                        .map(|(k, v)| (k.into_string(), v.map(CowStr::into_string)))
                        .collect(),
                    start: self.out.len(),
                    title: String::new(),
                    line: self.lines.line(offset),
                });
            }
            Tag::BlockQuote(None) => {
                self.fresh_line();
                self.out.push_str("<blockquote>\n");
            }
            Tag::BlockQuote(Some(kind)) => {
                let class = alert_class(kind);
                let english;
                let titles = match self.options.alert_titles {
                    Some(titles) => titles,
                    None => {
                        english = AlertTitles::default();
                        &english
                    }
                };
                let title = titles.title(kind).to_string();
                self.fresh_line();
                self.out.push_str(r#"<div class="alert alert-"#);
                self.out.push_str(class);
                self.out.push_str(r#"" role="note">"#);
                self.out.push_str("\n<p class=\"alert-title\">");
                escape_body(&mut self.out, &title);
                self.out.push_str("</p>\n");
            }
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => fence_language(&info).to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(PendingCode {
                    lang,
                    code: String::new(),
                });
            }
            Tag::HtmlBlock => {
                if top_level {
                    self.html_block_start = Some(self.out.len());
                }
            }
            Tag::List(Some(1)) => {
                self.fresh_line();
                self.out.push_str("<ol>\n");
            }
            Tag::List(Some(start)) => {
                self.fresh_line();
                self.out.push_str(&format!("<ol start=\"{start}\">\n"));
            }
            Tag::List(None) => {
                self.fresh_line();
                self.out.push_str("<ul>\n");
            }
            Tag::Item => {
                self.fresh_line();
                self.out.push_str("<li>");
            }
            Tag::FootnoteDefinition(name) => {
                let key = footnote_key(&name);
                let saved = std::mem::take(&mut self.out);
                self.footnote_stack.push((key, saved));
            }
            Tag::DefinitionList => {
                self.fresh_line();
                self.out.push_str("<dl>\n");
            }
            Tag::DefinitionListTitle => {
                self.fresh_line();
                self.out.push_str("<dt>");
            }
            Tag::DefinitionListDefinition => {
                self.fresh_line();
                self.out.push_str("<dd>");
            }
            Tag::Table(alignments) => {
                self.fresh_line();
                self.out.push_str("<div class=\"table-wrap\">\n<table>\n");
                self.table = TableState {
                    alignments,
                    ..TableState::default()
                };
            }
            Tag::TableHead => {
                self.table.in_head = true;
                self.table.cell = 0;
                self.out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                if !self.table.body_open {
                    self.table.body_open = true;
                    self.out.push_str("<tbody>\n");
                }
                self.table.cell = 0;
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                self.out.push_str(if self.table.in_head {
                    "<th scope=\"col\""
                } else {
                    "<td"
                });
                self.out
                    .push_str(match self.table.alignments.get(self.table.cell) {
                        Some(Alignment::Left) => " style=\"text-align: left\">",
                        Some(Alignment::Center) => " style=\"text-align: center\">",
                        Some(Alignment::Right) => " style=\"text-align: right\">",
                        Some(Alignment::None) | None => ">",
                    });
            }
            Tag::Emphasis => self.out.push_str("<em>"),
            Tag::Strong => self.out.push_str("<strong>"),
            Tag::Strikethrough => self.out.push_str("<del>"),
            Tag::Superscript => self.out.push_str("<sup>"),
            Tag::Subscript => self.out.push_str("<sub>"),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                let url = if link_type == LinkType::Email {
                    format!("mailto:{dest_url}")
                } else {
                    self.rewrite(dest_url).into_string()
                };
                self.out.push_str("<a href=\"");
                escape_href(&mut self.out, &url);
                if !title.is_empty() {
                    self.out.push_str("\" title=\"");
                    escape_attr(&mut self.out, &title);
                }
                self.out.push_str("\">");
                self.open_links.push(self.links.len());
                self.links.push(LinkRef {
                    url,
                    text: String::new(),
                    line: self.lines.line(offset),
                });
            }
            Tag::MetadataBlock(_) => self.in_metadata = true,
            Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        if matches!(tag, TagEnd::Paragraph | TagEnd::Item) {
            self.close_task_label();
        }
        match tag {
            TagEnd::Paragraph => {
                self.out.push_str("</p>\n");
                self.text_break();
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::BlockQuote(None) => self.out.push_str("</blockquote>\n"),
            TagEnd::BlockQuote(Some(_)) => self.out.push_str("</div>\n"),
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::HtmlBlock => {
                if self.depth == 0 {
                    self.end_top_level_html_block();
                }
            }
            TagEnd::List(true) => self.out.push_str("</ol>\n"),
            TagEnd::List(false) => self.out.push_str("</ul>\n"),
            TagEnd::Item => {
                self.out.push_str("</li>\n");
                self.text_break();
            }
            TagEnd::FootnoteDefinition => {
                if let Some((key, saved)) = self.footnote_stack.pop() {
                    let definition = std::mem::replace(&mut self.out, saved);
                    if self.footnote_keys.insert(key.clone()) {
                        self.footnote_defs.push((key, definition));
                    }
                }
            }
            TagEnd::DefinitionList => self.out.push_str("</dl>\n"),
            TagEnd::DefinitionListTitle => {
                self.out.push_str("</dt>\n");
                self.text_break();
            }
            TagEnd::DefinitionListDefinition => {
                self.out.push_str("</dd>\n");
                self.text_break();
            }
            TagEnd::Table => {
                if self.table.body_open {
                    self.out.push_str("</tbody>\n");
                }
                self.out.push_str("</table>\n</div>\n");
                self.table = TableState::default();
            }
            TagEnd::TableHead => {
                self.table.in_head = false;
                self.out.push_str("</tr>\n</thead>\n");
                self.text_break();
            }
            TagEnd::TableRow => {
                self.out.push_str("</tr>\n");
                self.text_break();
            }
            TagEnd::TableCell => {
                self.out
                    .push_str(if self.table.in_head { "</th>" } else { "</td>" });
                self.table.cell += 1;
                if !self.text.is_empty() && !self.text.ends_with(char::is_whitespace) {
                    self.text.push(' ');
                }
            }
            TagEnd::Emphasis => self.out.push_str("</em>"),
            TagEnd::Strong => self.out.push_str("</strong>"),
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::Superscript => self.out.push_str("</sup>"),
            TagEnd::Subscript => self.out.push_str("</sub>"),
            TagEnd::Link => {
                self.out.push_str("</a>");
                self.open_links.pop();
            }
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            TagEnd::Image => {}
        }
    }

    /// Events inside an image only make its alt text; nothing reaches the output until
    /// the image's own end.
    fn image_event(&mut self, event: Event<'_>) {
        let Some(image) = &mut self.image else {
            return;
        };
        match event {
            Event::Start(_) => image.nesting += 1,
            Event::End(_) => {
                if image.nesting == 0 {
                    self.end_image();
                } else {
                    image.nesting -= 1;
                }
            }
            Event::Text(text) | Event::Code(text) => image.alt.push_str(&text),
            Event::InlineMath(text) | Event::DisplayMath(text) => image.alt.push_str(&text),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }

    fn end_image(&mut self) {
        let Some(image) = self.image.take() else {
            return;
        };
        let decorative = image.title == "decorative";
        self.out.push_str("<img src=\"");
        escape_href(&mut self.out, &image.src);
        self.out.push_str("\" alt=\"");
        if !decorative {
            escape_attr(&mut self.out, &image.alt);
        }
        if !image.title.is_empty() && !decorative {
            self.out.push_str("\" title=\"");
            escape_attr(&mut self.out, &image.title);
        }
        self.out.push_str("\" loading=\"lazy\" decoding=\"async\">");
        // An image that is a link's only content is what the link says.
        for &index in &self.open_links {
            if let Some(link) = self.links.get_mut(index).filter(|_| !decorative) {
                link.text.push_str(&image.alt);
            }
        }
        self.images.push(ImageRef {
            src: image.src,
            alt: image.alt,
            line: image.line,
            decorative,
        });
    }

    fn end_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let id = match heading.explicit_id.filter(|id| !id.is_empty()) {
            Some(id) => {
                self.ids.explicit(&id);
                id
            }
            None => self.ids.generated(slugify(&heading.title)),
        };
        let inner = self.out.split_off(heading.start.min(self.out.len()));
        let level = heading_level(heading.level);
        self.out.push_str(&format!("<h{level} id=\""));
        escape_attr(&mut self.out, &id);
        self.out.push('"');
        if !heading.classes.is_empty() {
            self.out.push_str(" class=\"");
            escape_attr(&mut self.out, &heading.classes.join(" "));
            self.out.push('"');
        }
        for (name, value) in &heading.attrs {
            if !is_attribute_name(name) {
                continue;
            }
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_attr(&mut self.out, value.as_deref().unwrap_or(""));
            self.out.push('"');
        }
        self.out.push('>');
        self.out.push_str(&inner);
        self.out.push_str(&format!("</h{level}>\n"));
        self.text_break();
        self.headings.push(Heading {
            level,
            id,
            title: heading.title.trim().to_string(),
            line: heading.line,
        });
    }

    fn end_code_block(&mut self) {
        let Some(block) = self.code.take() else {
            return;
        };
        self.fresh_line();
        if block.lang.is_empty() {
            self.out.push_str("<pre class=\"code\"><code>");
        } else {
            self.out.push_str("<pre class=\"code\" data-lang=\"");
            escape_attr(&mut self.out, &block.lang);
            self.out.push_str("\"><code class=\"language-");
            escape_attr(&mut self.out, &block.lang);
            self.out.push_str("\">");
        }
        match Highlighter::global().highlight(&block.code, &block.lang) {
            Some(highlighted) => self.out.push_str(&highlighted),
            None => escape_body(&mut self.out, &block.code),
        }
        self.out.push_str("</code></pre>\n");
    }

    /// A top-level HTML block that is only `<!-- more -->` ends the summary; the marker
    /// itself is not part of the page.
    fn end_top_level_html_block(&mut self) {
        let Some(start) = self.html_block_start.take() else {
            return;
        };
        if start > self.out.len() || !is_more_marker(&self.out[start..]) {
            return;
        }
        self.out.truncate(start);
        if self.summary.is_none() {
            self.summary = Some(self.out.clone());
        }
    }

    fn footnote_reference(&mut self, name: &str) {
        let key = footnote_key(name);
        let next_number = self.footnotes.len() + 1;
        let footnote = self.footnotes.entry(key.clone()).or_insert(Footnote {
            number: next_number,
            references: 0,
        });
        footnote.references += 1;
        let (number, references) = (footnote.number, footnote.references);
        let prefix = self.options.footnote_prefix;
        self.out.push_str("<sup class=\"footnote-ref\"><a href=\"#");
        escape_attr(&mut self.out, prefix);
        escape_attr(&mut self.out, &key);
        self.out.push_str("\" id=\"");
        push_reference_id(&mut self.out, prefix, &key, references);
        self.out.push_str(&format!("\">{number}</a></sup>"));
    }

    /// Footnotes go last, numbered in order of first reference as GitHub does; a definition
    /// nothing refers to still appears, after the referenced ones.
    fn write_footnotes(&mut self) {
        if self.footnote_defs.is_empty() {
            return;
        }
        let mut defs = std::mem::take(&mut self.footnote_defs);
        for (key, _) in &defs {
            let next_number = self.footnotes.len() + 1;
            self.footnotes.entry(key.clone()).or_insert(Footnote {
                number: next_number,
                references: 0,
            });
        }
        defs.sort_by_key(|(key, _)| self.footnotes.get(key).map_or(usize::MAX, |f| f.number));
        let prefix = self.options.footnote_prefix;
        self.fresh_line();
        self.out
            .push_str("<section class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (key, definition) in &defs {
            let references = self.footnotes.get(key).map_or(0, |f| f.references);
            let mut backrefs = String::new();
            for n in 1..=references {
                backrefs.push_str(" <a href=\"#");
                push_reference_id(&mut backrefs, prefix, key, n);
                backrefs.push_str(
                    "\" class=\"footnote-backref\" role=\"doc-backlink\">\u{21a9}\u{fe0e}",
                );
                if n > 1 {
                    backrefs.push_str(&format!("<sup>{n}</sup>"));
                }
                backrefs.push_str("</a>");
            }
            self.out.push_str("<li id=\"");
            escape_attr(&mut self.out, prefix);
            escape_attr(&mut self.out, key);
            self.out.push_str("\">\n");
            let body = definition.trim_end();
            // The back-links sit at the end of the last paragraph, not on a line of their own.
            match body.strip_suffix("</p>") {
                Some(before) => {
                    self.out.push_str(before);
                    self.out.push_str(&backrefs);
                    self.out.push_str("</p>\n");
                }
                None => {
                    self.out.push_str(body);
                    if !backrefs.is_empty() {
                        self.out.push_str("\n<p>");
                        self.out.push_str(backrefs.trim_start());
                        self.out.push_str("</p>\n");
                    } else {
                        self.out.push('\n');
                    }
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</section>\n");
    }

    fn finish(mut self) -> Rendered {
        // Unbalanced events cannot come from pulldown, but a half-open footnote must not
        // swallow the page.
        while let Some((_, saved)) = self.footnote_stack.pop() {
            let definition = std::mem::replace(&mut self.out, saved);
            self.out.push_str(&definition);
        }
        self.write_footnotes();
        let text = self.text.trim_end().to_string();
        Rendered {
            html: self.out,
            headings: self.headings,
            links: self.links,
            images: self.images,
            word_count: text.split_whitespace().count(),
            summary_html: self.summary,
            text,
        }
    }

    /// Text that a reader sees: goes to the plain text and to whatever heading or links
    /// are collecting their own text.
    fn plain(&mut self, s: &str) {
        if let Some(heading) = &mut self.heading {
            heading.title.push_str(s);
        }
        for &index in &self.open_links {
            if let Some(link) = self.links.get_mut(index) {
                link.text.push_str(s);
            }
        }
        if s == " " && (self.text.is_empty() || self.text.ends_with(char::is_whitespace)) {
            return;
        }
        self.text.push_str(s);
    }

    /// Ends a task list item's label: its text runs to the end of its first block.
    fn close_task_label(&mut self) {
        if self.task_label {
            self.task_label = false;
            self.out.push_str("</label>");
        }
    }

    fn text_break(&mut self) {
        let kept = self.text.trim_end_matches(' ').len();
        self.text.truncate(kept);
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    fn fresh_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn rewrite<'u>(&self, url: CowStr<'u>) -> CowStr<'u> {
        match self.options.resolve_link {
            Some(resolve) if is_relative(&url) => match resolve(&url) {
                Some(new_url) => CowStr::from(new_url),
                None => url,
            },
            _ => url,
        }
    }
}

/// Class suffix of a GFM alert (its title is [`AlertTitles`]'s).
fn alert_class(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The language of a fence info string: its first word, before any `,` or `{` that tools
/// use for extra settings (```` ```rust,ignore ```` or ```` ```toml {.wide} ````).
fn fence_language(info: &str) -> &str {
    let info = info.trim_start();
    let end = info
        .find(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .unwrap_or(info.len());
    &info[..end]
}

/// Heading attribute names come from authors; a name that is not a plain attribute name
/// would break the tag, so it is dropped.
fn is_attribute_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

fn is_more_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| inner.trim().eq_ignore_ascii_case("more"))
}

/// Relative means the site resolves it: no scheme and not rooted, a fragment, or empty.
fn is_relative(url: &str) -> bool {
    if url.is_empty() || url.starts_with(['/', '#']) {
        return false;
    }
    !has_scheme(url)
}

use crate::address::has_scheme;

fn footnote_key(name: &str) -> String {
    let key = slugify(name);
    if key.is_empty() {
        "note".to_string()
    } else {
        key
    }
}

fn push_reference_id(out: &mut String, prefix: &str, key: &str, n: usize) {
    escape_attr(out, prefix);
    out.push_str("ref-");
    escape_attr(out, key);
    if n > 1 {
        out.push_str(&format!("-{n}"));
    }
}

/// An id from heading text: lowercase, Latin letters with diacritics folded to ASCII,
/// other letters and digits kept, everything else collapsed into single dashes.
/// Empty when nothing is left (the caller picks a fallback).
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = fold_latin(c);
        if folded.is_some() || c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            match folded {
                Some(ascii) => slug.push_str(ascii),
                None => slug.push(c),
            }
        } else if !is_combining_mark(c) {
            dash = true;
        }
    }
    slug
}

/// Combining marks (e.g. the dot `İ` leaves after lowercasing) belong to the letter before
/// them, so they must not split a word.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

/// ASCII for lowercase Latin letters with diacritics used in Lithuanian, Latvian, Polish,
/// German, English loanwords and the other common European languages.
fn fold_latin(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Escape for text between tags.
fn escape_body(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        _ => None,
    });
}

/// Escape for a double- or single-quoted attribute value.
fn escape_attr(out: &mut String, s: &str) {
    escape_with(out, s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Only ASCII bytes are ever replaced, so slicing between them stays on char boundaries.
#[inline]
fn escape_with(out: &mut String, s: &str, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut mark = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if let Some(replacement) = replace(b) {
            out.push_str(&s[mark..i]);
            out.push_str(replacement);
            mark = i + 1;
        }
    }
    out.push_str(&s[mark..]);
}

/// Escape a URL for an href or src attribute the way pulldown-cmark does: characters
/// that are not URL-safe are percent-encoded, `&` and `'` become entities, and existing
/// `%XX` escapes are left alone.
fn escape_href(out: &mut String, url: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut mark = 0;
    for (i, &b) in url.as_bytes().iter().enumerate() {
        let safe = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b'-'
                    | b'.'
                    | b'/'
                    | b':'
                    | b';'
                    | b'='
                    | b'?'
                    | b'@'
                    | b'_'
                    | b'~'
            );
        if safe {
            continue;
        }
        // Every byte of a multi-byte char is unsafe, so a non-empty run between escapes is
        // safe ASCII and both its ends are char boundaries; an empty run is never sliced.
        if mark < i {
            out.push_str(&url[mark..i]);
        }
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 0xf) as usize] as char);
            }
        }
        mark = i + 1;
    }
    out.push_str(&url[mark..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn render_plain(source: &str) -> Rendered {
        render(source, &Options::default())
    }

    fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
        let selector = Selector::parse(css).expect("test selector is valid");
        doc.select(&selector).collect()
    }

    fn attr<'a>(element: &scraper::ElementRef<'a>, name: &str) -> &'a str {
        element.value().attr(name).unwrap_or("")
    }

    #[test]
    fn explicit_heading_id_is_kept() {
        let r = render_plain("# Tuščias {#}\n");
        assert_eq!(r.headings[0].id, "tuscias");
        let r = render_plain("## Kada ir kur {#kada .wide}\n");
        assert_eq!(r.html, "<h2 id=\"kada\" class=\"wide\">Kada ir kur</h2>\n");
        assert_eq!(r.headings[0].id, "kada");
        assert_eq!(r.headings[0].title, "Kada ir kur");
        assert_eq!(r.headings[0].level, 2);
    }

    #[test]
    fn lithuanian_heading_gets_transliterated_id() {
        let r = render_plain("# Kaip gauti pagalbą?\n");
        assert_eq!(
            r.html,
            "<h1 id=\"kaip-gauti-pagalba\">Kaip gauti pagalbą?</h1>\n"
        );
        assert_eq!(
            slugify("Ąžuolų ŠVIESA, ėjimas ir įėjimas"),
            "azuolu-sviesa-ejimas-ir-iejimas"
        );
        assert_eq!(slugify("Über die Straße"), "uber-die-strasse");
        assert_eq!(slugify("Łódź – Rīga (2025)"), "lodz-riga-2025");
        assert_eq!(slugify("İstanbul"), "istanbul");
        assert_eq!(slugify("Привет мир"), "привет-мир");
    }

    #[test]
    fn duplicate_and_empty_ids_are_made_unique() {
        let r = render_plain("# Apie\n\n# Apie\n\n## Apie {#kitas}\n\n# Apie\n\n# ???\n\n# !!!\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["apie", "apie-1", "kitas", "apie-2", "section", "section-1"]
        );
        // A generated suffix must not take an id a heading already has.
        let r = render_plain("# A-1\n\n# A\n\n# A\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a-1", "a", "a-2"]);
    }

    #[test]
    fn heading_lines_count_from_first_line() {
        let source = "Intro.\n\n## Antra\n\nTrečia\n------\n";
        let r = render(
            source,
            &Options {
                first_line: 4,
                ..Options::default()
            },
        );
        let lines: Vec<usize> = r.headings.iter().map(|h| h.line).collect();
        assert_eq!(lines, [6, 8]);
    }

    #[test]
    fn footnotes_are_prefixed_and_back_links_match() {
        let source =
            "Vienas[^a] du[^Antra] vėl[^a].\n\n[^a]: Pirma pastaba.\n\n[^Antra]: Antra pastaba.\n";
        let r = render(
            source,
            &Options {
                footnote_prefix: "p3-",
                ..Options::default()
            },
        );
        let doc = Html::parse_fragment(&r.html);
        let refs = select(&doc, "sup.footnote-ref a");
        let hrefs: Vec<&str> = refs.iter().map(|a| attr(a, "href")).collect();
        assert_eq!(hrefs, ["#p3-a", "#p3-antra", "#p3-a"]);
        let numbers: Vec<String> = refs.iter().map(|a| a.text().collect()).collect();
        assert_eq!(numbers, ["1", "2", "1"]);
        let ref_ids: Vec<&str> = refs.iter().map(|a| attr(a, "id")).collect();
        assert_eq!(ref_ids, ["p3-ref-a", "p3-ref-antra", "p3-ref-a-2"]);

        let items = select(&doc, "section.footnotes ol > li");
        let item_ids: Vec<&str> = items.iter().map(|li| attr(li, "id")).collect();
        assert_eq!(item_ids, ["p3-a", "p3-antra"]);
        let backrefs = select(&doc, "section.footnotes a.footnote-backref");
        let targets: Vec<&str> = backrefs.iter().map(|a| attr(a, "href")).collect();
        assert_eq!(targets, ["#p3-ref-a", "#p3-ref-a-2", "#p3-ref-antra"]);
        for target in targets {
            let id = target.trim_start_matches('#');
            assert!(ref_ids.contains(&id), "back-link {target} has no reference");
        }
        // The back-link sits inside the definition's paragraph.
        assert!(select(&doc, "li#p3-a > p > a.footnote-backref").len() == 2);
    }

    #[test]
    fn table_is_wrapped_and_header_cells_have_scope() {
        let r = render_plain("| Data | Vieta |\n|:-----|------:|\n| 05-01 | Vilnius |\n");
        let doc = Html::parse_fragment(&r.html);
        assert_eq!(select(&doc, "div.table-wrap > table").len(), 1);
        let headers = select(&doc, "thead th");
        assert_eq!(headers.len(), 2);
        assert!(headers.iter().all(|th| attr(th, "scope") == "col"));
        let cells: Vec<String> = select(&doc, "tbody td")
            .iter()
            .map(|td| td.text().collect())
            .collect();
        assert_eq!(cells, ["05-01", "Vilnius"]);
        assert_eq!(
            attr(&select(&doc, "tbody td")[1], "style"),
            "text-align: right"
        );
    }

    #[test]
    fn code_is_highlighted_with_classes_only() {
        let r = render_plain("```Rust\nfn main() { let x = \"<a>\"; } // komentaras\n```\n");
        let doc = Html::parse_fragment(&r.html);
        let pre = select(&doc, "pre.code");
        assert_eq!(pre.len(), 1);
        assert_eq!(attr(&pre[0], "data-lang"), "rust");
        let code = select(&doc, "pre.code > code.language-rust");
        assert_eq!(code.len(), 1);
        let text: String = code[0].text().collect();
        assert_eq!(text, "fn main() { let x = \"<a>\"; } // komentaras\n");
        assert!(!select(&doc, "span.hl-comment").is_empty());
        assert!(!select(&doc, "span.hl-string").is_empty());
        assert!(!r.html.contains("style="));
        assert!(r.html.contains("&lt;a&gt;"));
        // Code is not prose.
        assert_eq!(r.word_count, 0);
        assert_eq!(r.text, "");
    }

    #[test]
    fn unknown_or_missing_language_is_escaped_plain() {
        let r = render_plain("```klingon\n<b>&</b>\n```\n\n    <i>indented</i>\n");
        assert_eq!(
            r.html,
            "<pre class=\"code\" data-lang=\"klingon\"><code class=\"language-klingon\">&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n\
             <pre class=\"code\"><code>&lt;i&gt;indented&lt;/i&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn highlighter_finds_languages_by_token_and_extension() {
        let h = Highlighter::global();
        for lang in [
            "rust", "RS", "sh", "bash", "html", "yaml", "yml", "json", "Python",
        ] {
            assert!(h.highlight("x = 1\n", lang).is_some(), "{lang} not found");
        }
        for lang in ["", "  ", "nonexistent-lang", "text"] {
            assert!(h.highlight("x = 1\n", lang).is_none(), "{lang} highlighted");
        }
        let huge = "a".repeat(MAX_HIGHLIGHT_LINE + 1);
        assert!(h.highlight(&huge, "rust").is_none());
    }

    #[test]
    fn gfm_alert_becomes_a_note_div() {
        let r = render_plain("> [!WARNING]\n> Registracija *baigiasi*.\n");
        assert_eq!(
            r.html,
            "<div class=\"alert alert-warning\" role=\"note\">\n\
             <p class=\"alert-title\">Warning</p>\n\
             <p>Registracija <em>baigiasi</em>.</p>\n</div>\n"
        );
        let r = render_plain("> Paprasta citata.\n");
        assert_eq!(
            r.html,
            "<blockquote>\n<p>Paprasta citata.</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn relative_links_are_resolved_and_others_kept() {
        let resolve = |url: &str| -> Option<String> {
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let path = path.strip_prefix("../")?.strip_suffix(".md")?;
            let fragment = if fragment.is_empty() {
                String::new()
            } else {
                format!("#{fragment}")
            };
            Some(format!("/{path}/{fragment}"))
        };
        let seen = std::sync::Mutex::new(Vec::new());
        let recording = |url: &str| {
            if let Ok(mut seen) = seen.lock() {
                seen.push(url.to_string());
            }
            resolve(url)
        };
        let source = "[Seminaras](../renginiai/seminaras.md#kada), \
                      [išorė](https://example.lt/a), [vidus](#apie), [šaknis](/kontaktai/), \
                      [paštas](mailto:info@example.lt), [tel](tel:+37060000000), \
                      [liko](failas.pdf), <info@example.lt>\n";
        let r = render(
            source,
            &Options {
                resolve_link: Some(&recording),
                ..Options::default()
            },
        );
        let urls: Vec<&str> = r.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/renginiai/seminaras/#kada",
                "https://example.lt/a",
                "#apie",
                "/kontaktai/",
                "mailto:info@example.lt",
                "tel:+37060000000",
                "failas.pdf",
                "mailto:info@example.lt",
            ]
        );
        assert_eq!(r.links[0].text, "Seminaras");
        assert_eq!(r.links[1].text, "išorė");
        let asked = seen.lock().map(|s| s.clone()).unwrap_or_default();
        assert_eq!(asked, ["../renginiai/seminaras.md#kada", "failas.pdf"]);
        let doc = Html::parse_fragment(&r.html);
        let first = &select(&doc, "a")[0];
        assert_eq!(attr(first, "href"), "/renginiai/seminaras/#kada");
        assert_eq!(attr(first, "target"), "");
    }

    #[test]
    fn images_keep_alt_and_file_line() {
        let source =
            "Pirma eilutė.\n\nAntra ![Plakatas *su* `kodu`](img/plakatas.png \"Plakatas\")\n";
        let resolve = |url: &str| Some(format!("/renginiai/{url}"));
        let r = render(
            source,
            &Options {
                first_line: 5,
                resolve_link: Some(&resolve),
                ..Options::default()
            },
        );
        assert_eq!(
            r.images,
            [ImageRef {
                src: "/renginiai/img/plakatas.png".to_string(),
                alt: "Plakatas su kodu".to_string(),
                line: 7,
                decorative: false,
            }]
        );
        let doc = Html::parse_fragment(&r.html);
        let img = &select(&doc, "img")[0];
        assert_eq!(attr(img, "alt"), "Plakatas su kodu");
        assert_eq!(attr(img, "src"), "/renginiai/img/plakatas.png");
        assert_eq!(attr(img, "title"), "Plakatas");
        assert_eq!(attr(img, "loading"), "lazy");
        assert_eq!(attr(img, "decoding"), "async");
    }

    #[test]
    fn decorative_images_have_empty_alt_and_no_title() {
        let r = render("![lapai](lapai.svg \"decorative\")\n", &Options::default());
        assert!(r.images[0].decorative);
        let doc = Html::parse_fragment(&r.html);
        let img = &select(&doc, "img")[0];
        assert_eq!(attr(img, "alt"), "");
        assert_eq!(img.value().attr("title"), None);
    }

    #[test]
    fn linked_image_gives_the_link_its_alt_text() {
        let r = render_plain("[![Logotipas](logo.svg)](https://example.lt)\n");
        assert_eq!(r.links[0].text, "Logotipas");
        assert_eq!(r.images[0].alt, "Logotipas");
    }

    #[test]
    fn summary_is_split_at_more() {
        let r = render_plain("Įžanga *čia*.\n<!-- more -->\n\nLikusi dalis.\n");
        assert_eq!(
            r.summary_html.as_deref(),
            Some("<p>Įžanga <em>čia</em>.</p>\n")
        );
        assert_eq!(
            r.html,
            "<p>Įžanga <em>čia</em>.</p>\n<p>Likusi dalis.</p>\n"
        );
        assert!(render_plain("Be santraukos.\n").summary_html.is_none());
        // Inside a list it is just a comment, not a summary marker.
        let nested = render_plain("- a\n\n  <!-- more -->\n");
        assert!(nested.summary_html.is_none());
    }

    #[test]
    fn punctuation_is_left_alone() {
        let r = render_plain("Jis sakė \"a\" -- ir 'b'...\n");
        assert_eq!(r.html, "<p>Jis sakė \"a\" -- ir 'b'...</p>\n");
    }

    #[test]
    fn task_list_renders_disabled_checkboxes() {
        let r = render_plain("- [x] Užsiregistruoti\n- [ ] Atvykti\n");
        let doc = Html::parse_fragment(&r.html);
        let boxes = select(&doc, "li > label.task > input[type=checkbox][disabled]");
        assert_eq!(boxes.len(), 2);
        assert!(boxes[0].value().attr("checked").is_some());
        assert!(boxes[1].value().attr("checked").is_none());
        // Each checkbox is labelled by its item's text, and only by it.
        let labels: Vec<String> = select(&doc, "label.task")
            .iter()
            .map(|l| l.text().collect::<String>().trim().to_string())
            .collect();
        assert_eq!(labels, ["Užsiregistruoti", "Atvykti"]);
        let nested = render_plain(
            "- [ ] Pasiruošti
  - vanduo

- [x] Ateiti

  Antra pastraipa.
",
        );
        let doc = Html::parse_fragment(&nested.html);
        let labels: Vec<String> = select(&doc, "label.task")
            .iter()
            .map(|l| l.text().collect::<String>().trim().to_string())
            .collect();
        assert_eq!(labels, ["Pasiruošti", "Ateiti"]);
    }

    #[test]
    fn text_and_word_count_skip_markup_and_code_blocks() {
        let source = "# Antraštė\n\nDu *žodžiai* ir `kodas`.\n\n```sh\nnematomas kodas\n```\n\n<div>html</div>\n";
        let r = render_plain(source);
        assert_eq!(r.text, "Antraštė\nDu žodžiai ir kodas.");
        assert_eq!(r.word_count, 5);
    }

    #[test]
    fn raw_html_passes_through() {
        let r = render_plain("<div class=\"x\">\n\nA <b>b</b>\n\n</div>\n");
        assert_eq!(r.html, "<div class=\"x\">\n<p>A <b>b</b></p>\n</div>\n");
    }

    #[test]
    fn urls_are_escaped_without_breaking_utf8() {
        let r = render_plain("[a](<ąžuolas ir.md> \"t\\\"q\") ![x](a&b'c.png)\n");
        assert!(r
            .html
            .contains("href=\"%C4%85%C5%BEuolas%20ir.md\" title=\"t&quot;q\""));
        assert!(r.html.contains("src=\"a&amp;b&#x27;c.png\""));
        assert_eq!(r.links[0].url, "ąžuolas ir.md");
    }

    #[test]
    fn pathological_input_does_not_panic() {
        let deep_quotes = ">".repeat(10_000) + " gilu\n";
        let r = render_plain(&deep_quotes);
        assert!(r.html.contains("gilu"));
        let deep_lists: String = (0..1_000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        render_plain(&deep_lists);
        let brackets = "[".repeat(20_000) + &"]".repeat(20_000) + &"*_".repeat(20_000);
        render_plain(&brackets);
        let long_line = "žodis ".repeat(200_000);
        let r = render_plain(&long_line);
        assert_eq!(r.word_count, 200_000);
        for odd in [
            "",
            "\n",
            "#",
            "[^]",
            "[^x]:",
            "![",
            "```",
            "> [!NOTE]",
            "|a|\n|-|",
            "\u{0}",
        ] {
            render_plain(odd);
        }
    }

    /// WCAG relative luminance of a `#rrggbb` colour.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let value = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).unwrap_or(0);
            let c = f64::from(value) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
    }

    #[test]
    fn highlight_css_meets_wcag_aa() {
        let css = highlight_css();
        assert!(css.contains("pre.code { background-color: #f6f8fa;"));
        let background = luminance(CODE_BACKGROUND);
        let colours: Vec<&str> = css
            .split(" color: ")
            .skip(1)
            .map(|rest| &rest[..7])
            .collect();
        assert_eq!(colours.len(), PALETTE.len() + 1);
        for colour in colours {
            let l = luminance(colour);
            let ratio = (l.max(background) + 0.05) / (l.min(background) + 0.05);
            assert!(ratio >= 4.5, "{colour} has contrast {ratio:.2}");
        }
        for class in ["hl-comment", "hl-string", "hl-keyword", "hl-entity"] {
            assert!(css.contains(&format!(".{class}")));
        }
    }
}
