//! The start-up chooser: resume a draft or start a new one.

use crate::rules::Severity;
use crate::tui::keymap;
use crate::tui::state::State;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::widgets::*;

pub(super) fn draw_resume(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let Some(r) = &s.resume else { return };
    let mut lines = vec![
        Line::styled(
            format!(" {} · {}", text::APP, text::RESUME_TITLE),
            t.title(),
        ),
        Line::from(""),
    ];
    let w = area.width.saturating_sub(4) as usize;
    for (i, e) in r.entries.iter().enumerate() {
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
        let txt = if e.in_use {
            format!(" {name} · {} · {} · {file}", text::IN_USE, e.when)
        } else {
            format!(" {name} · {} · {file}", e.when)
        };
        let txt = fit(&txt, w);
        lines.push(Line::styled(
            format!(" {txt}"),
            if i == r.selected {
                t.selected()
            } else {
                Style::new()
            },
        ));
    }
    lines.push(Line::styled(
        format!("  {}", text::RESUME_NEW),
        if r.selected == r.entries.len() {
            t.selected()
        } else {
            Style::new()
        },
    ));
    if !r.notes.is_empty() {
        lines.push(Line::from(""));
        for n in &r.notes {
            for (i, l) in wrap(&esc(n), w.saturating_sub(2)).into_iter().enumerate() {
                let lead = if i == 0 { " ! " } else { "   " };
                lines.push(Line::styled(
                    format!("{lead}{l}"),
                    t.severity(Severity::Warning),
                ));
            }
        }
    }
    let [body, footer] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    f.render_widget(Paragraph::new(lines), body);
    let hints: Vec<String> = keymap::hints(s)
        .into_iter()
        .map(|(k, a)| format!("{k} {a}"))
        .collect();
    f.render_widget(Paragraph::new(format!(" {}", hints.join(" · "))), footer);
}
