//! The popups: help, the key picker, save-as and the overwrite question.

use crate::tui::catalog;
use crate::tui::help;
use crate::tui::keymap;
use crate::tui::state::{Pending, Popup, State, Step};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Padding, Paragraph, Wrap};

use super::form::field_label;
use super::review::summary;
use super::scroll::Window;
use super::widgets::*;

/// The help popup's text: the selected problem in full first (the line under the fields
/// may cut it), then the step's and the field's help.
pub(super) fn help_lines(s: &State) -> Vec<String> {
    let mut lines = Vec::new();
    if !s.import_notes.is_empty() {
        lines.push(format!("▸ {}", text::IMPORT_NOTES_TITLE));
        lines.extend(s.import_notes.iter().map(|n| format!("- {}", esc(n))));
        lines.push(String::new());
    }
    if let Some(d) = s.selected_diag() {
        lines.push(format!(
            "▸ {}[{}] {}",
            d.severity.as_str(),
            d.code,
            esc(&d.message)
        ));
        if !d.help.is_empty() {
            lines.push(text::help_offer(&esc(&d.help)));
        }
        if let Some(fix) = &d.fix {
            lines.push(text::fix_offer(&catalog::fix_label(fix)));
        }
        lines.push(String::new());
    }
    if s.step == Step::Review {
        lines.push(format!("▸ {}", text::REVIEW_ALL));
        lines.extend(summary(s));
        lines.push(String::new());
    }
    lines.extend(help::text(s.step, s.focused(), field_label(s.focused(), s)));
    lines
}

/// The furthest the help popup can scroll at the current size (so Up works at once
/// after scrolling past the end).
pub fn help_max_scroll(s: &State) -> u16 {
    // Popup: terminal minus 4 columns, borders and padding take 4 more; minus 2 rows, and
    // the borders 2 more.
    let w = (s.size.0 as usize).saturating_sub(8).max(1);
    let h = (s.size.1 as usize).saturating_sub(4);
    let total: usize = help_lines(s)
        .iter()
        .map(|l| {
            if l.is_empty() {
                1
            } else {
                wrap(l, w).len().max(1)
            }
        })
        .sum();
    total.saturating_sub(h).min(u16::MAX as usize) as u16
}

pub(super) fn draw_popup(
    f: &mut Frame,
    area: Rect,
    s: &State,
    p: &Popup,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    match p {
        Popup::Help { scroll } => draw_help(f, area, s, *scroll, t),
        Popup::Picker { selected } => draw_picker(f, area, s, *selected, t),
        Popup::SaveAs { path } => *cursor = Some(draw_save_as(f, area, s, path)),
        Popup::Confirm(pending) => draw_confirm(f, area, pending),
    }
}

/// Help for the step and field (the selected problem first), scrolled by Up/Down.
fn draw_help(f: &mut Frame, area: Rect, s: &State, scroll: u16, t: Theme) {
    let r = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    clear_band(f, area, r);
    let lines: Vec<Line> = help_lines(s)
        .into_iter()
        .map(|l| {
            // `▸` starts a heading.
            if l.starts_with('▸') {
                Line::styled(l, t.title())
            } else {
                Line::from(l)
            }
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(
                boxed(&[text::HELP_TITLE, text::HELP_TITLE_SHORT], r.width)
                    .padding(Padding::horizontal(1)),
            ),
        r,
    );
}

/// The known plug-in keys (name, type, default), the highlighted one's meaning below.
fn draw_picker(f: &mut Frame, area: Rect, s: &State, selected: usize, t: Theme) {
    let keys = catalog::known_keys();
    let r = centered(
        area,
        area.width.saturating_sub(6),
        area.height.saturating_sub(4),
    );
    clear_band(f, area, r);
    let block = boxed(&[text::PICKER_TITLE, text::PICKER_TITLE_SHORT], r.width);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let w = inner.width as usize;
    // Four lines under the list for the meaning.
    let [list, meaning] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(4)]).areas(inner);
    let memory = &s.scroll.picker;
    let window = Window::new(keys.len(), selected, list.height as usize, memory);
    let items: Vec<ListItem> = keys[window.rows.clone()]
        .iter()
        .zip(window.rows.clone())
        .map(|(k, i)| {
            let style = if i == selected {
                t.selected()
            } else {
                Style::new()
            };
            ListItem::new(Line::from(Span::styled(fit(&key_line(k), w), style)))
        })
        .collect();
    window.list(f, list, List::new(items), memory);
    if let Some(k) = keys.get(selected) {
        let lines: Vec<Line> = wrap(k.meaning, w.saturating_sub(2))
            .into_iter()
            .take(4)
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        f.render_widget(Paragraph::new(lines), meaning);
    }
}

/// A known key's line: name (marked when legacy), type and default in columns.
fn key_line(k: &catalog::PickerKey) -> String {
    let name = if k.legacy {
        format!("{} {}", k.name, text::LEGACY)
    } else {
        k.name.to_string()
    };
    format!(
        " {:<42} {:<19} {}",
        fit(&name, 41),
        fit(k.type_label, 18),
        k.default
    )
}

/// The path being typed for save-as; returns where the cursor goes.
fn draw_save_as(f: &mut Frame, area: Rect, s: &State, path: &str) -> Position {
    let r = centered(area, area.width.saturating_sub(8), 3);
    clear_band(f, area, r);
    let block = boxed(&[text::SAVE_AS_TITLE, text::SAVE_AS_TITLE_SHORT], r.width);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let (shown, cx) = scrolled(path, s.cursor, inner.width.saturating_sub(2) as usize);
    f.render_widget(Paragraph::new(format!(" {shown}")), inner);
    Position::new(inner.x + 1 + cx as u16, inner.y)
}

/// "This file exists: overwrite?" with the path (cut to fit) and the keys that answer.
fn draw_confirm(f: &mut Frame, area: Rect, pending: &Pending) {
    let (Pending::SaveAs(path) | Pending::Export(_, path)) = pending;
    let r = centered(area, area.width.saturating_sub(8), 4);
    clear_band(f, area, r);
    let shown = esc(&path.display().to_string());
    let room = r.width.saturating_sub(4) as usize;
    let exists = text::exists(&shown);
    let exists = if width(&exists) <= room {
        exists
    } else {
        text::exists(&fit(&shown, room.saturating_sub(width(&text::exists("")))))
    };
    // The same keys as the footer's, from the one place that says what they do.
    let mut keys = vec![Span::raw(" ")];
    for (i, (k, a)) in keymap::CONFIRM_KEYS.iter().map(|b| b.hint()).enumerate() {
        if i > 0 {
            keys.push(Span::raw(" · "));
        }
        keys.push(Span::styled(k, Style::new().add_modifier(Modifier::BOLD)));
        keys.push(Span::raw(format!(" {a}")));
    }
    let lines = vec![Line::from(format!(" {exists}")), Line::from(keys)];
    f.render_widget(
        Paragraph::new(lines).block(boxed(&[text::OVERWRITE_TITLE], r.width)),
        r,
    );
}
