//! Diagnostics as `check` prints them: compiler style for people (with the answers-file
//! line where there is one) or a JSON array for scripts.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::json;
use toml::de::{DeTable, DeValue};

use crate::draft::{floor_char_boundary, line_col};
use crate::rules::{Diagnostic, Field, Severity, escape_for_terminal, needs_escape};

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
    /// An all-ASCII text has columns equal to byte offsets.
    ascii: bool,
    /// The last column counted: (byte offset, characters from its line's start). Diagnostics
    /// come in field order, so the next one on the same line counts on from here: 10,000
    /// findings on one line cost one pass over it, not 10,000.
    last_column: Cell<(usize, usize)>,
}

/// Longest source line shown under a diagnostic, in bytes. A longer line (a draft's list of
/// 10,000 IDs on one line) is pointed at by line and column only: copying it into each
/// finding would make the output quadratic in the input.
const SHOWN_LINE_MAX: usize = 400;

/// After this many findings with the same code in one file, human output sums up the rest
/// in one line (`--format json` keeps every one).
const SAME_CODE_SHOWN: usize = 10;

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
            ascii: text.is_ascii(),
            last_column: Cell::new((0, 0)),
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

    /// 1-based line and column (in characters) of a byte offset: [`line_col`]'s answer,
    /// found without rescanning the text. The line comes from the line index; the column is
    /// counted by `line_col` over the part of the line not yet counted (from the last column
    /// counted when that is earlier on the same line), so 10,000 findings on one line cost
    /// one pass over it. An all-ASCII text needs no counting.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let end = floor_char_boundary(self.text, offset.min(self.text.len()));
        if self.ascii {
            return (line, end - start + 1);
        }
        let (last, counted) = self.last_column.get();
        let (from, base) = if last >= start && last <= end {
            (last, counted)
        } else {
            (start, 0)
        };
        // `from..end` lies within one line, so its column is its characters plus one.
        let (_, column) = line_col(&self.text[from..end], end - from);
        let chars = base + column - 1;
        self.last_column.set((end, chars));
        (line, chars + 1)
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
        let source = (line >= 1 && line <= self.line_starts.len())
            .then(|| {
                let text = self.line(line);
                let from = text
                    .char_indices()
                    .nth(column.saturating_sub(1))
                    .map_or(text.len(), |(i, _)| i);
                let to = text[from..]
                    .char_indices()
                    .nth(1)
                    .map_or(text.len(), |(i, _)| from + i);
                shown(text, from..to).map(|(text, span)| (text, line, span))
            })
            .flatten();
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
                    shown(text, from..to).map(|(text, span)| (text, line, span)),
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

/// The source line as shown under a finding: escaped (a hostile file cannot send escape
/// sequences or bidi overrides to the terminal), with the span moved to match. `None` for a
/// line too long to show.
fn shown(line: &str, span: Range<usize>) -> Option<(String, Range<usize>)> {
    if line.len() > SHOWN_LINE_MAX {
        return None;
    }
    let at = |i: usize| {
        let mut i = i.min(line.len());
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (from, to) = (at(span.start), at(span.end.max(span.start)));
    let before = escape_for_terminal(&line[..from]);
    let inside = escape_for_terminal(&line[from..to]);
    let after = escape_for_terminal(&line[to..]);
    let span = before.len()..before.len() + inside.len();
    Some((before + &inside + &after, span))
}

/// `n` with thousands separators: 9,990.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A field path without its list index: `extension.bundle_ids[7]` → `extension.bundle_ids`.
fn field_family(field: &Field) -> String {
    let path = field.to_string();
    match path.find('[') {
        Some(i) => path[..i].to_string(),
        None => path,
    }
}

/// Compiler-style text for people. `color` is false under `NO_COLOR` or when not a terminal.
pub fn render_human(items: &[Located], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    // Per (file, code): how many were shown, and the fields of the ones summed up.
    let mut seen: HashMap<(&str, &str), (usize, Vec<String>)> = HashMap::new();
    let mut order: Vec<(&str, &str)> = Vec::new();
    for item in items {
        let d = &item.diagnostic;
        let entry = seen.entry((item.file.as_str(), d.code)).or_insert_with(|| {
            order.push((item.file.as_str(), d.code));
            (0, Vec::new())
        });
        entry.0 += 1;
        if entry.0 > SAME_CODE_SHOWN {
            let family = field_family(&d.field);
            if !entry.1.contains(&family) {
                entry.1.push(family);
            }
            continue;
        }
        let file = escape_for_terminal(&item.file);
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
                    .path(file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone()).label(
                        // A parse error points at a place, not at a field of the draft.
                        (d.field != Field::File).then_some(field),
                    )),
            ),
            None => {
                let mut origin = Origin::path(match d.field {
                    Field::File => file.clone(),
                    _ => format!("{file} ({field})"),
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
    for key in order {
        let (count, families) = &seen[&key];
        if *count > SAME_CODE_SHOWN {
            out.push_str(&format!(
                "note: … and {} more {} at {} in {} (`--format json` lists every one)\n\n",
                grouped(count - SAME_CODE_SHOWN),
                key.1,
                families.join(", "),
                escape_for_terminal(key.0)
            ));
        }
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
    let s = serde_json::to_string_pretty(&array).expect("JSON of plain values");
    // serde_json escapes C0 controls but writes C1 controls and bidi overrides raw; as
    // `\uXXXX` they mean the same to a JSON reader and nothing to a terminal.
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        // A raw line break is the pretty-printer's; inside strings serde wrote `\n`.
        if c != '\n' && needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
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
    fn shown_lines_are_escaped_with_the_span_moved() {
        let s = "a\u{1b}[2Jb = \"x\u{202e}y\" z";
        let from = s.find('"').unwrap();
        let (text, span) = shown(s, from..s.len() - 2).unwrap();
        assert_eq!(text, "a\\u{1b}[2Jb = \"x\\u{202e}y\" z");
        assert_eq!(&text[span], "\"x\\u{202e}y\"");
        assert!(shown(&"a".repeat(SHOWN_LINE_MAX + 1), 0..1).is_none());
    }

    #[test]
    fn columns_count_characters_in_any_order() {
        let text = "k = [\"é\", \"ü\", \"x\"]\nsecond = \"ä\"\n";
        let map = SourceMap::new(text);
        let x = text.find("\"x").unwrap();
        let u = text.find("\"ü").unwrap();
        assert_eq!(map.position(x), (1, 16));
        // Backwards on the same line, then on to another line: the cache never misleads.
        assert_eq!(map.position(u), (1, 11));
        assert_eq!(map.position(text.find("\"ä").unwrap()), (2, 10));
        assert_eq!(map.position(x), (1, 16));
    }

    #[test]
    fn positions_are_line_cols_at_every_offset_in_any_order() {
        for text in [
            "k = [\"é\", \"ü\", \"x\"]\r\nsecond = \"ä\"\n\n😀 = 1",
            "ascii = 1\nk = [\"a\"]\n",
        ] {
            let map = SourceMap::new(text);
            // Forwards, backwards and past the end: mid-character offsets included.
            let offsets: Vec<usize> = (0..text.len() + 3).collect();
            for &i in offsets.iter().chain(offsets.iter().rev()) {
                assert_eq!(map.position(i), line_col(text, i), "{text:?} at {i}");
            }
        }
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(7), "7");
        assert_eq!(grouped(9990), "9,990");
        assert_eq!(grouped(1234567), "1,234,567");
    }
}
