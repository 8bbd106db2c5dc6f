//! Step 4: the configuration table.

use crate::draft::ConfigPair;
use crate::rules::{Diagnostic, Field};
use crate::tui::state::State;
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table};

use super::scroll::Window;
use super::widgets::*;

/// The type column's width: the longest type name and a space.
const TYPE_W: usize = 9;

/// The columns' widths: mark, key, type, value, codes (the mark column is 2 wide).
struct Columns {
    key: usize,
    value: usize,
    code: usize,
}

impl Columns {
    /// Widths for `rows` in `w` columns.
    fn new(s: &State, rows: &[ConfigPair], w: usize) -> Columns {
        let longest = rows.iter().map(|r| width(&esc(&r.key))).max().unwrap_or(0);
        let key = (longest + 2).clamp(12, (w * 45 / 100).max(12));
        // Room for the codes only as wide as the widest row's codes: without problems the
        // value column gets it all (values such as `{{DEVICEREGISTRATION}}` need it).
        let code = (0..rows.len())
            .map(|i| row_diags(s, i))
            .filter(|at| !at.is_empty())
            .map(|at| width(&codes(&at)) + 1)
            .max()
            .unwrap_or(0)
            .min(15);
        let value = w.saturating_sub(key + TYPE_W + code + 2);
        Columns { key, value, code }
    }

    fn widths(&self) -> [Constraint; 5] {
        [2, self.key, TYPE_W, self.value, self.code].map(|w| Constraint::Length(w as u16))
    }
}

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
    let cols = Columns::new(s, rows, inner.width as usize);
    let h = (inner.height as usize).saturating_sub(1);
    let sel = s.table.selected.min(rows.len() + 1);
    // When the rows do not all fit (60×16), "+ new row" and "+ known key…" share the last
    // line, so both ways to add a key stay on screen; the rows above scroll.
    let shared = rows.len() + 2 > h;
    let data_h = if shared {
        h.saturating_sub(1)
    } else {
        rows.len()
    };
    let table_area = Rect {
        height: (1 + data_h as u16).min(inner.height),
        ..inner
    };
    if let Some(c) = draw_table(f, table_area, s, t, &cols, sel) {
        *cursor = Some(c);
    }
    let adds = Rect {
        y: table_area.bottom(),
        height: inner.bottom().saturating_sub(table_area.bottom()),
        ..inner
    };
    f.render_widget(Paragraph::new(add_lines(s, t, shared)), adds);
}

/// The header and the rows around the selection (`sel`), scrolled by a remembered
/// offset; returns where the cursor goes when a cell of the selected row is edited.
fn draw_table(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cols: &Columns,
    sel: usize,
) -> Option<Position> {
    let memory = &s.scroll.config;
    let len = s.draft().extension.config.len();
    let window = Window::new(len, sel, (area.height as usize).saturating_sub(1), memory);
    let mut edit_x = None;
    let data: Vec<Row> = window
        .rows
        .clone()
        .map(|i| {
            let (row, x) = data_row(s, t, cols, i);
            edit_x = edit_x.or(x);
            row
        })
        .collect();
    let table = Table::new(data, cols.widths())
        .header(header(t, cols))
        .column_spacing(0)
        .highlight_spacing(HighlightSpacing::Never);
    let first = window.table(f, area, table, memory);
    let y = 1 + sel.saturating_sub(first);
    edit_x.map(|x| Position::new(area.x + x as u16, area.y + y as u16))
}

/// The column names, over the columns they name.
fn header(t: Theme, c: &Columns) -> Row<'static> {
    let style = t.dim().add_modifier(Modifier::BOLD);
    let name = |s: &'static str, w: usize| Cell::from(Span::styled(format!("{s:<w$}"), style));
    Row::new([
        Cell::from(""),
        name(text::COL_KEY, c.key),
        name(text::COL_TYPE, TYPE_W),
        name(text::COL_VALUE, 0),
    ])
}

/// The problems of row `i` (its key, type or value).
fn row_diags(s: &State, i: usize) -> Vec<&Diagnostic> {
    s.diags()
        .iter()
        .filter(|d| {
            matches!(d.field,
                Field::ConfigKey(j) | Field::ConfigType(j) | Field::ConfigValue(j) if j == i)
        })
        .collect()
}

/// Row `i`: its worst mark, the three cells, its codes; and when one of its texts is being
/// edited, the cursor's column in the table.
fn data_row(s: &State, t: Theme, c: &Columns, i: usize) -> (Row<'static>, Option<usize>) {
    let r = &s.draft().extension.config[i];
    let at = row_diags(s, i);
    let selected = s.popup.is_none() && i == s.table.selected;
    let editing = if selected { s.table.editing } else { None };
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
    // The key always leaves its column's last cell blank: the gap before the type.
    let (key, key_x) = text_cell(&r.key, editing == Some(0), s.cursor, c.key - 1, c.key - 1);
    let value = r.value.to_string();
    let (value, value_x) = text_cell(
        &value,
        editing == Some(2),
        s.cursor,
        c.value.saturating_sub(1),
        c.value,
    );
    // The type being chosen is marked `‹Integer›`, the marks in the gaps beside the
    // column (the key column always ends in a space), so no column moves and the value
    // keeps its room.
    let key = if editing == Some(1) {
        Line::from(vec![cell(key, c.key - 1, 0), cell("‹".into(), 1, 1)])
    } else {
        Line::from(cell(key, c.key, 0))
    };
    let kind = text::value_type(r.kind);
    let kind = if editing == Some(1) {
        format!("{kind}›")
    } else {
        kind.to_string()
    };
    let worst = worst(&at).map(|d| d.severity);
    let cells = [
        Cell::from(Span::styled(
            format!("{} ", worst.map_or(" ", mark)),
            worst.map_or(Style::new(), |sev| t.severity(sev)),
        )),
        Cell::from(key),
        Cell::from(cell(kind, TYPE_W, 1)),
        Cell::from(cell(value, c.value, 2)),
        Cell::from(code_cell(&codes(&at), c.code, worst, t)),
    ];
    let x = key_x
        .map(|x| 2 + x)
        .or(value_x.map(|x| 2 + c.key + TYPE_W + x));
    (Row::new(cells), x)
}

/// A key or value cut to `shown_w` columns, or while it is edited the part around the
/// cursor in `edit_w` columns and the cursor's column.
fn text_cell(
    value: &str,
    edited: bool,
    cursor: usize,
    edit_w: usize,
    shown_w: usize,
) -> (String, Option<usize>) {
    if edited {
        let (shown, cx) = scrolled(value, cursor, edit_w);
        (shown, Some(cx))
    } else {
        (fit(&esc(value), shown_w), None)
    }
}

/// A row's codes, right-aligned a space short of the box's edge.
fn code_cell(code: &str, w: usize, sev: Option<crate::rules::Severity>, t: Theme) -> Line<'static> {
    if code.is_empty() {
        return Line::default();
    }
    let pad = w.saturating_sub(width(code) + 1).max(1);
    Line::from(vec![
        Span::raw(" ".repeat(pad)),
        Span::styled(
            code.to_string(),
            sev.map_or(Style::new(), |s| t.severity(s)),
        ),
    ])
}

/// "+ new row" and "+ known key…": a line each, or both on the last line when `shared`.
fn add_lines(s: &State, t: Theme, shared: bool) -> Vec<Line<'static>> {
    let rows = s.draft().extension.config.len();
    let sel = s.table.selected;
    let style = |on: bool| {
        if s.popup.is_none() && on {
            t.selected()
        } else {
            t.dim()
        }
    };
    let new_row = Span::styled(text::NEW_ROW, style(sel == rows));
    let known = Span::styled(text::KNOWN_KEY, style(sel > rows));
    if shared {
        vec![Line::from(vec![
            Span::raw("  "),
            new_row,
            Span::raw("   "),
            known,
        ])]
    } else {
        vec![
            Line::from(vec![Span::raw("  "), new_row]),
            Line::from(vec![Span::raw("  "), known]),
        ]
    }
}
