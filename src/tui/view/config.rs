//! Step 4: the configuration table.

use crate::rules::Diagnostic;
use crate::tui::state::State;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::*;

pub(super) fn draw_config(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let rows = &s.draft().extension.config;
    let title = format!("{} ({})", text::CONFIG_TITLE, rows.len());
    let block = boxed(&[&title], area.width);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let longest = rows.iter().map(|r| width(&esc(&r.key))).max().unwrap_or(0);
    let key_w = (longest + 2).clamp(12, (w * 45 / 100).max(12));
    let type_w = 9;
    let row_diags = |i: usize| -> Vec<&Diagnostic> {
        s.diags()
            .iter()
            .filter(|d| {
                matches!(d.field,
                    crate::rules::Field::ConfigKey(j)
                    | crate::rules::Field::ConfigType(j)
                    | crate::rules::Field::ConfigValue(j) if j == i)
            })
            .collect()
    };
    // Room for the codes only as wide as the widest row's codes: without problems the
    // value column gets it all (values such as `{{DEVICEREGISTRATION}}` need it).
    let code_w = (0..rows.len())
        .map(|i| {
            let at = row_diags(i);
            if at.is_empty() {
                0
            } else {
                width(&codes(&at)) + 1
            }
        })
        .max()
        .unwrap_or(0)
        .min(15);
    let val_w = w.saturating_sub(key_w + type_w + code_w + 2);
    let mut lines = vec![Line::styled(
        format!(
            "  {:<kw$}{:<tw$}{}",
            text::COL_KEY,
            text::COL_TYPE,
            text::COL_VALUE,
            kw = key_w,
            tw = type_w
        ),
        t.dim().add_modifier(Modifier::BOLD),
    )];
    let h = (inner.height as usize).saturating_sub(1);
    let total = rows.len() + 2;
    let sel = s.table.selected.min(total - 1);
    let active = s.popup.is_none();
    // When the rows do not all fit (60×16), "+ new row" and "+ known key…" share the last
    // line, so both ways to add a key stay on screen; the rows above scroll.
    let shared = total > h && h >= 2;
    let visible: Vec<usize> = if shared {
        let data_h = h - 1;
        let at = sel.min(rows.len().saturating_sub(1));
        let top = if at >= data_h { at + 1 - data_h } else { 0 };
        (top..rows.len()).take(data_h).chain([rows.len()]).collect()
    } else {
        let top = if sel >= h { sel + 1 - h } else { 0 };
        (top..total).take(h).collect()
    };
    for i in visible {
        let selected = active && i == sel;
        let y = lines.len();
        if i < rows.len() {
            let r = &rows[i];
            let at = row_diags(i);
            let m = worst(&at).map_or(" ", |d| mark(d.severity));
            let editing = if selected { s.table.editing } else { None };
            let key_txt = if editing == Some(0) {
                let (shown, cx) = scrolled(&r.key, s.cursor, key_w.saturating_sub(1));
                *cursor = Some(Position::new(inner.x + 2 + cx as u16, inner.y + y as u16));
                shown
            } else {
                fit(&esc(&r.key), key_w.saturating_sub(1))
            };
            // The type being chosen is marked `‹Integer›`, the marks in the gaps beside
            // the column (the key column always ends in a space), so no column moves and
            // the value keeps its room.
            let type_txt = if editing == Some(1) {
                format!("{}›", text::value_type(r.kind))
            } else {
                text::value_type(r.kind).to_string()
            };
            let val = r.value.to_string();
            let val_txt = if editing == Some(2) {
                let (shown, cx) = scrolled(&val, s.cursor, val_w.saturating_sub(1));
                *cursor = Some(Position::new(
                    inner.x + (2 + key_w + type_w + cx) as u16,
                    inner.y + y as u16,
                ));
                shown
            } else {
                fit(&esc(&val), val_w)
            };
            let cell = |txt: String, wd: usize, col: usize| {
                let style = if editing == Some(col) {
                    t.label(true).add_modifier(Modifier::UNDERLINED)
                } else if selected && editing.is_none() {
                    t.selected()
                } else {
                    Style::new()
                };
                Span::styled(format!("{txt:<wd$}"), style)
            };
            let mut spans = vec![Span::styled(
                format!("{m} "),
                worst(&at).map_or(Style::new(), |d| t.severity(d.severity)),
            )];
            if editing == Some(1) {
                spans.push(cell(key_txt, key_w - 1, 0));
                spans.push(cell("‹".into(), 1, 1));
            } else {
                spans.push(cell(key_txt, key_w, 0));
            }
            spans.extend([cell(type_txt, type_w, 1), cell(val_txt, val_w, 2)]);
            if !at.is_empty() {
                push_code(
                    &mut spans,
                    &codes(&at),
                    w,
                    worst(&at).map(|d| d.severity),
                    t,
                );
            }
            lines.push(Line::from(spans));
        } else if shared {
            let style = |on: bool| if active && on { t.selected() } else { t.dim() };
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(text::NEW_ROW, style(sel == rows.len())),
                Span::raw("   "),
                Span::styled(text::KNOWN_KEY, style(sel > rows.len())),
            ]));
        } else {
            let label = if i == rows.len() {
                text::NEW_ROW
            } else {
                text::KNOWN_KEY
            };
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(label, if selected { t.selected() } else { t.dim() }),
            ]));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}
