//! Step 3: the bundle-ID list and the apps covered anyway.

use crate::draft::ExtensionType;
use crate::rules::Diagnostic;
use crate::tui::catalog;
use crate::tui::state::{FieldId as F, State};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::form::field_label;
use super::widgets::*;

pub(super) fn draw_bundle_ids(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    // The "covered automatically" panel only means something for Entra ID.
    let side_w = match s.draft().extension.kind {
        ExtensionType::EntraId if area.width >= 70 => 29,
        ExtensionType::EntraId => 24,
        _ => 0,
    };
    let [list_area, side] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(side_w)]).areas(area);
    let list_area = Rect {
        x: list_area.x + 1,
        width: list_area.width.saturating_sub(2),
        ..list_area
    };
    let items = &s.draft().extension.bundle_ids;
    let ui = s.lists.get(&F::BundleIds).cloned().unwrap_or_default();
    let title = format!("{} ({})", field_label(F::BundleIds, s), items.len());
    let block = boxed(&[&title], list_area.width);
    let inner = block.inner(list_area);
    f.render_widget(block, list_area);
    let w = inner.width as usize;
    let rows = (inner.height as usize).saturating_sub(2);
    // Keep the selected entry visible.
    let top = if ui.selected >= rows {
        ui.selected + 1 - rows
    } else {
        0
    };
    let mut per_entry: Vec<Vec<&Diagnostic>> = vec![Vec::new(); items.len()];
    for d in s.diags() {
        if let crate::rules::Field::BundleId(i) = d.field
            && let Some(v) = per_entry.get_mut(i)
        {
            v.push(d);
        }
    }
    let mut lines: Vec<Line> = Vec::new();
    let active = s.popup.is_none();
    for (i, item) in items.iter().enumerate().skip(top).take(rows) {
        let at = &per_entry[i];
        let m = worst(at).map_or(" ", |d| mark(d.severity));
        let code = codes(at);
        let id_w = w.saturating_sub(width(&code) + 6);
        let sel = active && i == ui.selected;
        let mut spans = vec![Span::styled(
            format!(" {m} {}", fit(&esc(item), id_w)),
            if sel { t.selected() } else { Style::new() },
        )];
        if !at.is_empty() {
            push_code(&mut spans, &code, w, worst(at).map(|d| d.severity), t);
        }
        lines.push(Line::from(spans));
    }
    while lines.len() < rows {
        lines.push(Line::from(""));
    }
    lines.push(Line::from(""));
    let prompt_w = width(text::ADD_PROMPT);
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
    lines.push(Line::from(spans));
    f.render_widget(Paragraph::new(lines), inner);
    if inner.height >= 1 {
        *cursor = Some(Position::new(
            inner.x + (1 + prompt_w + cx) as u16,
            inner.y + inner.height - 1,
        ));
    }
    if side_w == 0 {
        return;
    }
    // Side panel: the Microsoft apps that are covered automatically.
    let block = boxed(&[text::COVERED, text::COVERED_SHORT], side.width);
    let sin = block.inner(side);
    f.render_widget(block, side);
    let apps = catalog::microsoft_apps();
    let h = sin.height as usize;
    let sw = sin.width as usize;
    let mut names: Vec<String> = apps.iter().map(|(_, n)| n.to_string()).collect();
    if names.len() > h && h > 0 {
        let more = names.len() - h;
        let last = format!("{} … (+{more})", names[h - 1]);
        let last = if width(&last) < sw {
            last
        } else {
            format!("… (+{})", more + 1)
        };
        names.truncate(h - 1);
        names.push(last);
    }
    let lines: Vec<Line> = names
        .iter()
        .map(|n| Line::from(format!(" {}", fit(n, sw.saturating_sub(1)))))
        .collect();
    f.render_widget(Paragraph::new(lines), sin);
}
