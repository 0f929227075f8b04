//! Diagnostics: the one error type of Sklaida.
//!
//! Content problems are data, not panics: every stage returns the diagnostics it found,
//! each naming the file (and line, column and field where known), so a build reports
//! every problem at once and `check` and `serve` can reuse them.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem, with the place it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line, if known.
    pub line: Option<usize>,
    /// 1-based column, if known.
    pub column: Option<usize>,
    /// The front matter field or config key concerned, if any (`start`, `languages.en.title`).
    pub field: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// An IO failure on `path`, worded for a user.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Diagnostic::error(path, format!("cannot {}", describe_io(err)))
    }
}

fn describe_io(err: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match err.kind() {
        NotFound => "find this file or folder".to_string(),
        PermissionDenied => "access this file: permission denied".to_string(),
        _ => format!("read or write this file: {err}"),
    }
}

impl fmt::Display for Diagnostic {
    /// `content/renginiai/seminaras.md:4:1: error: start: expected a date …`, like a compiler.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {label}: ")?;
        if let Some(field) = &self.field {
            write!(f, "{field}: ")?;
        }
        write!(f, "{}", self.message)
    }
}

/// All the problems that stopped a build, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<Diagnostic>);

impl Errors {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Errors(vec![diagnostic])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.iter().filter(|d| d.is_error()).count();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Errors {}

impl From<Diagnostic> for Errors {
    fn from(d: Diagnostic) -> Self {
        Errors::one(d)
    }
}

/// Warnings as the command line shows them: the first `limit` (all with `None`), then
/// how many more there are. Empty when there are none.
pub fn warnings_text(warnings: &[Diagnostic], limit: Option<usize>) -> String {
    use std::fmt::Write as _;
    let shown = limit.map_or(warnings.len(), |l| l.min(warnings.len()));
    let mut out = String::new();
    for w in &warnings[..shown] {
        let _ = writeln!(out, "{w}");
    }
    if shown < warnings.len() {
        let _ = writeln!(
            out,
            "… and {} more warnings (--verbose shows all)",
            warnings.len() - shown
        );
    }
    out
}

/// Sort diagnostics by file, then line, so output groups by file.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
}

/// A 1-based (line, column) for a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    #[test]
    fn warnings_beyond_the_limit_are_counted() {
        let w = |n: usize| {
            super::Diagnostic::warning(std::path::PathBuf::from(format!("content/{n}.md")), "x")
        };
        let all: Vec<_> = (1..=3).map(w).collect();
        let text = super::warnings_text(&all, Some(2));
        assert_eq!(text.lines().count(), 3, "{text}");
        assert!(text.starts_with("content/1.md: warning: x\n"), "{text}");
        assert!(text.ends_with("… and 1 more warnings (--verbose shows all)\n"));
        assert_eq!(super::warnings_text(&all, None).lines().count(), 3);
        assert_eq!(super::warnings_text(&[], Some(2)), "");
    }

    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::error("content/a.md", "expected a date")
            .at_line(4)
            .field("start");
        assert_eq!(
            d.to_string(),
            "content/a.md:4: error: start: expected a date"
        );
    }

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ąb\ncd", 2), (1, 2));
    }
}
