//! The start-up chooser: resume a draft or start a new one.

use crate::rules::Severity;
use crate::tui::keymap;
use crate::tui::state::{Resume, ResumeEntry, State};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::scroll::Window;
use super::widgets::*;

pub(super) fn draw_resume(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let Some(r) = &s.resume else { return };
    let w = area.width.saturating_sub(4) as usize;
    let notes = note_lines(r, w, t);
    // The choices take the lines they need, the notes right below them; when the drafts
    // do not all fit, the choices give way, not the notes.
    let room = area.height.saturating_sub(3 + notes.len() as u16).max(1);
    let choices_h = (r.entries.len() as u16 + 1).min(room);
    let [title, _, choices, notes_area, _, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(choices_h),
        Constraint::Length(notes.len() as u16),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(Line::styled(
            format!(" {} · {}", text::APP, text::RESUME_TITLE),
            t.title(),
        )),
        title,
    );
    draw_choices(f, choices, s, r, t, w);
    f.render_widget(Paragraph::new(notes), notes_area);
    let hints: Vec<String> = keymap::hints(s)
        .into_iter()
        .map(|(k, a)| format!("{k} {a}"))
        .collect();
    f.render_widget(Paragraph::new(format!(" {}", hints.join(" · "))), footer);
}

/// The drafts, newest first, then "Start a new draft": a list that scrolls when the
/// drafts do not all fit, the notes below staying on screen.
fn draw_choices(f: &mut Frame, area: Rect, s: &State, r: &Resume, t: Theme, w: usize) {
    let len = r.entries.len() + 1;
    let memory = &s.scroll.resume;
    let window = Window::new(len, r.selected, area.height as usize, memory);
    let items: Vec<ListItem> = window
        .rows
        .clone()
        .map(|i| {
            let style = if i == r.selected {
                t.selected()
            } else {
                Style::new()
            };
            let line = match r.entries.get(i) {
                Some(e) => format!(" {}", fit(&entry_text(e), w)),
                None => format!("  {}", text::RESUME_NEW),
            };
            // The mark runs under the text only, as it always has.
            ListItem::new(Line::from(Span::styled(line, style)))
        })
        .collect();
    window.list(f, area, List::new(items), memory);
}

/// A draft as the admin recognises it: name, whether another wizard has it open, when it
/// was saved, its file.
fn entry_text(e: &ResumeEntry) -> String {
    let name = if e.draft.profile.name.is_empty() {
        text::UNNAMED.to_string()
    } else {
        esc(&e.draft.profile.name)
    };
    let file = e
        .path
        .file_name()
        .map(|n| esc(&n.to_string_lossy()))
        .unwrap_or_default();
    if e.in_use {
        format!(" {name} · {} · {} · {file}", text::IN_USE, e.when)
    } else {
        format!(" {name} · {} · {file}", e.when)
    }
}

/// What went wrong reading the drafts folder, after a blank line, each note marked `!`.
fn note_lines(r: &Resume, w: usize, t: Theme) -> Vec<Line<'static>> {
    if r.notes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from("")];
    for n in &r.notes {
        for (i, l) in wrap(&esc(n), w.saturating_sub(2)).into_iter().enumerate() {
            let lead = if i == 0 { " ! " } else { "   " };
            lines.push(Line::styled(
                format!("{lead}{l}"),
                t.severity(Severity::Warning),
            ));
        }
    }
    lines
}
