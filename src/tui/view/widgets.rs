//! Pieces every view draws with: the theme, cutting and wrapping text, boxes, marks.

use crate::rules::{Diagnostic, Severity};
use crate::tui::columns;
use crate::tui::input::escape_controls;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

/// Colours and emphasis. Without colour (`NO_COLOR`) emphasis is bold and reverse only.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub(super) color: bool,
}

impl Theme {
    pub(super) fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub(super) fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub(super) fn label(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }
    pub(super) fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub(super) fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    pub(super) fn severity(self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Severity::Info => self.fg(Color::Blue),
        }
    }
}

/// The mark that says a severity without colour.
pub fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "x",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

pub(super) fn esc(s: &str) -> String {
    escape_controls(s).into_owned()
}

pub(super) fn width(s: &str) -> usize {
    Line::from(s).width()
}

/// Cut `s` to at most `w` columns (adding `…` when cut), control characters escaped.
pub(super) fn fit(s: &str, w: usize) -> String {
    columns::fit(s, w)
}

/// The part of a text input that fits in `w` columns with the cursor visible, and the
/// cursor's column within it.
pub(super) fn scrolled(s: &str, cursor: usize, w: usize) -> (String, usize) {
    let win = columns::window(s, cursor, w);
    (win.text, win.cursor)
}

/// A bordered box titled with the first of `titles` that fits with at least one `─` left
/// before the corner (else the last, cut), so a title never runs into its corner.
pub(super) fn boxed(titles: &[&str], box_w: u16) -> Block<'static> {
    let room = (box_w as usize).saturating_sub(3);
    let title = titles
        .iter()
        .map(|t| format!(" {t} "))
        .find(|t| width(t) <= room)
        .unwrap_or_else(|| {
            let last = titles.last().copied().unwrap_or_default();
            format!(" {} ", fit(last, room.saturating_sub(2)))
        });
    Block::bordered().title(title)
}

/// Blank the popup's rows across the whole screen: text beside a popup, cut at its border,
/// reads as part of it (`│tune`, `006`).
pub(super) fn clear_band(f: &mut Frame, area: Rect, r: Rect) {
    f.render_widget(Clear, Rect::new(area.x, r.y, area.width, r.height));
}

pub(super) fn worst<'a>(d: &[&'a Diagnostic]) -> Option<&'a Diagnostic> {
    d.iter().min_by_key(|d| d.severity).copied()
}

/// The codes at a field, worst first: when the column cuts them, the error's code stays.
pub(super) fn codes(d: &[&Diagnostic]) -> String {
    let mut sorted: Vec<&&Diagnostic> = d.iter().collect();
    sorted.sort_by_key(|d| d.severity);
    let mut v: Vec<&str> = sorted.iter().map(|d| d.code).collect();
    v.dedup();
    v.join(" ")
}

pub(super) fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(10);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && width(&line) + 1 + width(word) > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

pub(super) fn push_marks(
    spans: &mut Vec<Span<'static>>,
    diags: &[&Diagnostic],
    w: usize,
    t: Theme,
) {
    if let Some(d) = worst(diags) {
        let text = format!("{} {}", mark(d.severity), codes(diags));
        push_code(spans, &text, w, Some(d.severity), t);
    }
}

/// Right-align `code` on the line.
pub(super) fn push_code(
    spans: &mut Vec<Span<'static>>,
    code: &str,
    w: usize,
    sev: Option<Severity>,
    t: Theme,
) {
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let cw = width(code);
    let pad = w.saturating_sub(used + cw + 1).max(1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(
        code.to_string(),
        sev.map_or(Style::new(), |s| t.severity(s)),
    ));
}

pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
