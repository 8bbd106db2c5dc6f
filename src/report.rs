//! Diagnostics as `check` prints them: compiler style for people (with the answers-file
//! line where there is one) or a JSON array for scripts.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::json;
use toml::de::{DeTable, DeValue};

use crate::rules::{Diagnostic, Field, Severity};

/// A diagnostic tied to the file it was found in, with its place in that file when known.
#[derive(Debug, Clone)]
pub struct Located {
    /// The file as the user named it.
    pub file: String,
    /// The finding.
    pub diagnostic: Diagnostic,
    /// 1-based line and column, when the input is text we can point into.
    pub position: Option<(usize, usize)>,
    /// The source line (control characters replaced) and the span inside it.
    source: Option<(String, usize, Range<usize>)>,
}

/// Finds where fields live in an answers file, parsing it once.
pub struct SourceMap<'a> {
    text: &'a str,
    table: Option<DeTable<'a>>,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Index `text` (an answers file). A text that does not parse yields no positions.
    pub fn new(text: &'a str) -> Self {
        let table = DeTable::parse(text).ok().map(|t| t.into_inner());
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap {
            text,
            table,
            line_starts,
        }
    }

    /// Byte span of the value at `field`, or of its nearest enclosing value that exists.
    pub fn span(&self, field: &Field) -> Option<Range<usize>> {
        let table = self.table.as_ref()?;
        let path = field.to_string();
        let mut segments = path_segments(&path).into_iter();
        let first = segments.next()?;
        let PathSegment::Key(k) = first else {
            return None;
        };
        let mut current = table.get(k)?;
        for seg in segments {
            let next = match (seg, current.get_ref()) {
                (PathSegment::Key(k), DeValue::Table(t)) => t.get(k),
                (PathSegment::Index(i), DeValue::Array(a)) => a.get(i),
                _ => None,
            };
            match next {
                Some(v) => current = v,
                None => break,
            }
        }
        Some(current.span())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let end = offset.min(self.text.len());
        let column = self.text.get(start..end).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    fn line(&self, line: usize) -> &'a str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    /// A diagnostic at a known line and column (a parse error), with that source line.
    pub fn locate_at(
        &self,
        file: &str,
        diagnostic: Diagnostic,
        line: usize,
        column: usize,
    ) -> Located {
        let source = (line >= 1 && line <= self.line_starts.len()).then(|| {
            let text = self.line(line);
            let from = text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            let to = text[from..]
                .char_indices()
                .nth(1)
                .map_or(text.len(), |(i, _)| from + i);
            (printable(text), line, from..to)
        });
        Located {
            file: file.to_string(),
            diagnostic,
            position: Some((line, column)),
            source,
        }
    }

    /// Attach position and source line to a diagnostic of this file.
    pub fn locate(&self, file: &str, diagnostic: Diagnostic) -> Located {
        let span = self.span(&diagnostic.field);
        let (position, source) = match span {
            Some(span) => {
                let (line, column) = self.position(span.start);
                let text = self.line(line);
                let start = self.line_starts[line - 1];
                let from = span.start - start;
                // A span over several lines is shown on its first line only.
                let to = (span.end - start).min(text.len()).max(from);
                (
                    Some((line, column)),
                    Some((printable(text), line, from..to)),
                )
            }
            None => (None, None),
        };
        Located {
            file: file.to_string(),
            diagnostic,
            position,
            source,
        }
    }
}

/// A diagnostic of a file we cannot point into (a plist, JSON, or an unreadable file).
pub fn unlocated(file: &str, diagnostic: Diagnostic, position: Option<(usize, usize)>) -> Located {
    Located {
        file: file.to_string(),
        diagnostic,
        position,
        source: None,
    }
}

enum PathSegment<'p> {
    Key(&'p str),
    Index(usize),
}

fn path_segments(path: &str) -> Vec<PathSegment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        out.push(PathSegment::Key(key));
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(PathSegment::Index(i));
            }
        }
    }
    out
}

/// Replace control characters by `?` of the same byte length, so spans stay valid and a
/// hostile file cannot send escape sequences to the terminal.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                "?".repeat(c.len_utf8())
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Compiler-style text for people. `color` is false under `NO_COLOR` or when not a terminal.
pub fn render_human(items: &[Located], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for item in items {
        let d = &item.diagnostic;
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let field = d.field.to_string();
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let group = match &item.source {
            Some((text, line, span)) => title.element(
                Snippet::source(text.as_str())
                    .line_start(*line)
                    .path(item.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone()).label(
                        // A parse error points at a place, not at a field of the draft.
                        (d.field != Field::File).then_some(field),
                    )),
            ),
            None => {
                let mut origin = Origin::path(match d.field {
                    Field::File => item.file.clone(),
                    _ => format!("{} ({field})", item.file),
                });
                if let Some((line, column)) = item.position {
                    origin = origin.line(line).char_column(column);
                }
                title.element(origin)
            }
        };
        let mut help = d.help.clone();
        if let Some(fix) = &d.fix {
            help = format!("{help} (fix: {})", fix.label());
        }
        let group: Group<'_> = group.element(Level::HELP.message(help));
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// The JSON array of `check --format json`.
pub fn render_json(items: &[Located]) -> String {
    let array: Vec<_> = items
        .iter()
        .map(|item| {
            let d = &item.diagnostic;
            json!({
                "file": item.file,
                "code": d.code,
                "severity": d.severity.as_str(),
                "field": d.field.to_string(),
                "line": item.position.map(|p| p.0),
                "column": item.position.map(|p| p.1),
                "message": d.message,
                "help": d.help,
                "fix": d.fix.as_ref().map(|f| f.label()),
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&array).expect("JSON of plain values");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "format = 1\n[extension]\nbundle_ids = [\"a\", \"com.microsoft.skype.teams\"]\n\n[[extension.config]]\nkey = \"k\"\ntype = \"string\"\nvalue = \"v \"\n";

    #[test]
    fn spans_point_at_the_field() {
        let map = SourceMap::new(TEXT);
        let span = map.span(&Field::BundleId(1)).unwrap();
        assert_eq!(&TEXT[span.clone()], "\"com.microsoft.skype.teams\"");
        assert_eq!(map.position(span.start), (3, 20));
        let span = map.span(&Field::ConfigValue(0)).unwrap();
        assert_eq!(&TEXT[span], "\"v \"");
        // A field that is not written falls back to the nearest enclosing one.
        let span = map.span(&Field::Kerberos("site_code")).unwrap();
        assert!(
            TEXT[span.clone()].contains("extension"),
            "{:?}",
            &TEXT[span]
        );
        assert_eq!(map.span(&Field::Name), None);
    }

    #[test]
    fn printable_keeps_byte_offsets() {
        let s = "a\u{1b}[2Jb\u{85}c";
        let p = printable(s);
        assert_eq!(p.len(), s.len());
        assert!(!p.chars().any(char::is_control));
    }
}
