//! The popups: help, the key picker, save-as and the overwrite question.

use crate::tui::catalog;
use crate::tui::help;
use crate::tui::keymap;
use crate::tui::state::{Popup, State, Step};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::form::field_label;
use super::review::summary;
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
        Popup::Help { scroll } => {
            let r = centered(
                area,
                area.width.saturating_sub(4),
                area.height.saturating_sub(2),
            );
            clear_band(f, area, r);
            let text_lines = help_lines(s);
            let lines: Vec<Line> = text_lines
                .into_iter()
                .map(|l| {
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
                    .scroll((*scroll, 0))
                    .block(
                        boxed(&[text::HELP_TITLE, text::HELP_TITLE_SHORT], r.width)
                            .padding(ratatui::widgets::Padding::horizontal(1)),
                    ),
                r,
            );
        }
        Popup::Picker { selected } => {
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
            let list_h = (inner.height as usize).saturating_sub(4);
            let top = if *selected >= list_h {
                selected + 1 - list_h
            } else {
                0
            };
            let mut lines: Vec<Line> = Vec::new();
            for (i, k) in keys.iter().enumerate().skip(top).take(list_h) {
                let name = if k.legacy {
                    format!("{} {}", k.name, text::LEGACY)
                } else {
                    k.name.to_string()
                };
                let txt = format!(
                    " {:<42} {:<19} {}",
                    fit(&name, 41),
                    fit(k.type_label, 18),
                    k.default
                );
                lines.push(Line::styled(
                    fit(&txt, w),
                    if i == *selected {
                        t.selected()
                    } else {
                        Style::new()
                    },
                ));
            }
            while lines.len() < list_h {
                lines.push(Line::from(""));
            }
            if let Some(k) = keys.get(*selected) {
                for l in wrap(k.meaning, w.saturating_sub(2)).into_iter().take(4) {
                    lines.push(Line::from(format!(" {l}")));
                }
            }
            f.render_widget(Paragraph::new(lines), inner);
        }
        Popup::SaveAs { path } => {
            let r = centered(area, area.width.saturating_sub(8), 3);
            clear_band(f, area, r);
            let block = boxed(&[text::SAVE_AS_TITLE, text::SAVE_AS_TITLE_SHORT], r.width);
            let inner = block.inner(r);
            f.render_widget(block, r);
            let (shown, cx) = scrolled(path, s.cursor, inner.width.saturating_sub(2) as usize);
            f.render_widget(Paragraph::new(format!(" {shown}")), inner);
            *cursor = Some(Position::new(inner.x + 1 + cx as u16, inner.y));
        }
        Popup::Confirm(pending) => {
            let path = match pending {
                crate::tui::state::Pending::SaveAs(p)
                | crate::tui::state::Pending::Export(_, p) => p,
            };
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
    }
}
