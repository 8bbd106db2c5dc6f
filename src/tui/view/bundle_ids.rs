//! Step 3: the bundle-ID list and the apps covered anyway.

use crate::draft::ExtensionType;
use crate::rules::{Diagnostic, Field};
use crate::tui::catalog;
use crate::tui::state::{FieldId as F, ListUi, State};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::form::field_label;
use super::scroll::Window;
use super::widgets::*;

pub(super) fn draw_bundle_ids(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    let side_w = side_width(s, area);
    let [list_area, side] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(side_w)]).areas(area);
    let list_area = Rect {
        x: list_area.x + 1,
        width: list_area.width.saturating_sub(2),
        ..list_area
    };
    let ui = s.lists.get(&F::BundleIds).cloned().unwrap_or_default();
    let count = s.draft().extension.bundle_ids.len();
    let title = format!("{} ({count})", field_label(F::BundleIds, s));
    let block = boxed(&[&title], list_area.width);
    let inner = block.inner(list_area);
    f.render_widget(block, list_area);
    // The entries, a blank line, and the input line at the bottom of the box.
    let [entries, _, input] = Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    draw_entries(f, entries, s, t, ui.selected);
    let (line, cx) = input_line(s, t, &ui, inner.width as usize);
    f.render_widget(Paragraph::new(line), input);
    if inner.height >= 1 {
        *cursor = Some(Position::new(
            input.x + cx as u16,
            inner.y + inner.height - 1,
        ));
    }
    if side_w > 0 {
        draw_covered(f, side);
    }
}

/// The "covered automatically" panel only means something for Entra ID.
fn side_width(s: &State, area: Rect) -> u16 {
    match s.draft().extension.kind {
        ExtensionType::EntraId if area.width >= 70 => 29,
        ExtensionType::EntraId => 24,
        _ => 0,
    }
}

/// The entries around the selection, each with its worst mark and its codes.
fn draw_entries(f: &mut Frame, area: Rect, s: &State, t: Theme, selected: usize) {
    let items = &s.draft().extension.bundle_ids;
    let memory = &s.scroll.bundle_ids;
    let window = Window::new(items.len(), selected, area.height as usize, memory);
    // Only the window's entries: their problems are gathered in one pass over the
    // diagnostics, not one per entry.
    let mut at: Vec<Vec<&Diagnostic>> = vec![Vec::new(); window.rows.len()];
    for d in s.diags() {
        if let Field::BundleId(i) = d.field
            && window.rows.contains(&i)
        {
            at[i - window.rows.start].push(d);
        }
    }
    let w = area.width as usize;
    let active = s.popup.is_none();
    let rows: Vec<ListItem> = window
        .rows
        .clone()
        .zip(&at)
        .map(|(i, at)| entry(&items[i], at, w, active && i == selected, t))
        .collect();
    window.list(f, area, List::new(rows), memory);
}

fn entry(id: &str, at: &[&Diagnostic], w: usize, selected: bool, t: Theme) -> ListItem<'static> {
    let m = worst(at).map_or(" ", |d| mark(d.severity));
    let code = codes(at);
    let id_w = w.saturating_sub(width(&code) + 6);
    let mut spans = vec![Span::styled(
        format!(" {m} {}", fit(&esc(id), id_w)),
        if selected { t.selected() } else { Style::new() },
    )];
    if !at.is_empty() {
        push_code(&mut spans, &code, w, worst(at).map(|d| d.severity), t);
    }
    ListItem::new(Line::from(spans))
}

/// The `add>` line with what is typed so far (and its problems), and the cursor's column.
fn input_line(s: &State, t: Theme, ui: &ListUi, w: usize) -> (Line<'static>, usize) {
    let prompt_w = width(text::ADD_PROMPT);
    // Room for the typed entry's codes, so they never cover the text being typed.
    let typed_w = if s.input_diags.is_empty() {
        0
    } else {
        s.input_diags.len() * 5 + 3
    };
    let (shown, cx) = scrolled(
        &ui.input,
        s.cursor,
        w.saturating_sub(prompt_w + 2 + typed_w),
    );
    let mut spans = vec![
        Span::styled(format!(" {}", text::ADD_PROMPT), t.label(true)),
        Span::raw(shown),
    ];
    let typed: Vec<&Diagnostic> = s.input_diags.iter().collect();
    push_marks(&mut spans, &typed, w, t);
    (Line::from(spans), 1 + prompt_w + cx)
}

/// Side panel: the Microsoft apps that are covered automatically, the last line saying
/// how many more there are when they do not all fit.
fn draw_covered(f: &mut Frame, side: Rect) {
    let block = boxed(&[text::COVERED, text::COVERED_SHORT], side.width);
    let inner = block.inner(side);
    f.render_widget(block, side);
    let h = inner.height as usize;
    let w = inner.width as usize;
    let mut names: Vec<String> = catalog::microsoft_apps()
        .iter()
        .map(|(_, n)| n.to_string())
        .collect();
    if names.len() > h && h > 0 {
        let more = names.len() - h;
        let last = text::covered_more(&names[h - 1], more);
        let last = if width(&last) < w {
            last
        } else {
            text::covered_more("", more + 1)
        };
        names.truncate(h - 1);
        names.push(last);
    }
    let lines: Vec<Line> = names
        .iter()
        .map(|n| Line::from(format!(" {}", fit(n, w.saturating_sub(1)))))
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
