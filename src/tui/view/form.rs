//! The form steps (1, 2, 5 and 7): one line a field, walked from the field table.

use crate::rules::{Diagnostic, Severity};
use crate::tui::fields::{Note, Options, Text, Value};
use crate::tui::state::{FieldId as F, Kind, State, Step};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::widgets::*;

/// One line of a form, and whether it belongs to the focused field.
pub(super) struct FormLine {
    line: Line<'static>,
    focused: bool,
}

pub(super) const LABEL_W: usize = 27;

pub(super) fn draw_form(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    let w = area.width as usize;
    let focused = s.focused();
    let mut lines: Vec<FormLine> = Vec::new();
    let mut cursor_line: Option<(usize, usize)> = None;
    for field in s.fields() {
        let is_focus = field == focused && s.popup.is_none();
        let label = field_label(field, s);
        let lead = if is_focus { "▸ " } else { "  " };
        let label_span = Span::styled(
            format!("{lead}{:<width$}", fit(label, LABEL_W - 1), width = LABEL_W),
            t.label(is_focus),
        );
        let diags = s.diags_at(field, None);
        let value_w = w.saturating_sub(LABEL_W + 4 + 7);
        match field.kind() {
            Kind::Text => {
                let value = s.text_of(field);
                let mut spans = vec![label_span];
                if is_focus {
                    let (shown, cx) = scrolled(&value, s.cursor, value_w);
                    cursor_line = Some((lines.len(), LABEL_W + 4 + cx));
                    spans.push(Span::raw(format!("  {shown}")));
                    if value.is_empty() && has_default(field) {
                        // Say what an empty identifier means while it is being edited too;
                        // a long default gives way, never the word that says it is one.
                        let suffix = format!(" {}", text::DEFAULT_SUFFIX);
                        let room = value_w.saturating_sub(width(&suffix)).max(1);
                        spans.push(Span::styled(
                            format!("{}{suffix}", fit(&placeholder(field, s), room)),
                            t.dim(),
                        ));
                    }
                } else if value.is_empty() {
                    spans.push(Span::styled(
                        format!("  {}", fit(&placeholder(field, s), value_w)),
                        t.dim(),
                    ));
                } else {
                    spans.push(Span::raw(format!("  {}", fit(&esc(&value), value_w))));
                }
                push_marks(&mut spans, &diags, w, t);
                lines.push(FormLine {
                    line: Line::from(spans),
                    focused: is_focus,
                });
            }
            Kind::Choice if options_of(field).is_some() => {
                // The options get their own lines: the Entra ID one carries its JIT mark
                // in full even at 60 columns.
                let mut spans = vec![label_span];
                push_marks(&mut spans, &diags, w, t);
                lines.push(FormLine {
                    line: Line::from(spans),
                    focused: is_focus,
                });
                let Some((options, note)) = options_of(field) else {
                    continue;
                };
                for (name, on) in options(s.draft()) {
                    let mut style = Style::new();
                    if on {
                        style = style.add_modifier(Modifier::BOLD);
                        if is_focus {
                            style = t.selected();
                        }
                    }
                    let option = format!("({}) {}", if on { "•" } else { " " }, name);
                    lines.push(FormLine {
                        line: Line::from(vec![
                            Span::raw("    "),
                            Span::styled(fit(&option, w.saturating_sub(5)), style),
                        ]),
                        focused: is_focus,
                    });
                }
                if let Some(why) = note.and_then(|note| note(s.draft())) {
                    for l in wrap(why, w.saturating_sub(9)) {
                        lines.push(FormLine {
                            line: Line::from(vec![
                                Span::raw("        "),
                                Span::styled(l, t.severity(Severity::Warning)),
                            ]),
                            focused: is_focus,
                        });
                    }
                }
            }
            Kind::Choice | Kind::Bool => {
                let value = choice_value(field, s);
                let shown = if is_focus {
                    Span::styled(format!("‹ {value} ›"), t.selected())
                } else {
                    Span::raw(format!("  {value}"))
                };
                let mut spans = vec![label_span, shown];
                push_marks(&mut spans, &diags, w, t);
                lines.push(FormLine {
                    line: Line::from(spans),
                    focused: is_focus,
                });
            }
            Kind::List => {
                let items = s.list_items(field);
                let ui = s.lists.get(&field).cloned().unwrap_or_default();
                let indent = " ".repeat(LABEL_W + 2);
                if items.is_empty() && !is_focus {
                    let mut spans = vec![label_span.clone(), Span::styled("  (none)", t.dim())];
                    push_marks(&mut spans, &diags, w, t);
                    lines.push(FormLine {
                        line: Line::from(spans),
                        focused: false,
                    });
                    continue;
                }
                for (i, item) in items.iter().enumerate() {
                    let first = if i == 0 {
                        label_span.clone()
                    } else {
                        Span::raw(indent.clone())
                    };
                    let at = s.diags_at(field, Some(i));
                    let at: Vec<&Diagnostic> = at
                        .into_iter()
                        .filter(|d| crate::tui::state::locate(d.field, s.draft()).2 == Some(i))
                        .collect();
                    let sel = is_focus && i == ui.selected;
                    let m = worst(&at).map_or(" ", |d| mark(d.severity));
                    let style = if sel { t.selected() } else { Style::new() };
                    // The entry gets the line up to its codes (only as wide as they are).
                    let code_room = if at.is_empty() {
                        1
                    } else {
                        width(&codes(&at)) + 2
                    };
                    let room = w.saturating_sub(LABEL_W + 4 + code_room);
                    // A group whose name does not fit beside its id gets a line of its
                    // own, rather than being cut to a letter.
                    let (head, name) = match group_at(field, s, i) {
                        Some(g) if !g.name.is_empty() && width(&esc(item)) > room => {
                            (g.id.clone(), Some(g.name.clone()))
                        }
                        _ => (item.clone(), None),
                    };
                    let mut spans = vec![
                        first,
                        Span::styled(format!("{m} {}", fit(&esc(&head), room)), style),
                    ];
                    if !at.is_empty() {
                        push_code(
                            &mut spans,
                            &codes(&at),
                            w,
                            worst(&at).map(|d| d.severity),
                            t,
                        );
                    }
                    lines.push(FormLine {
                        line: Line::from(spans),
                        focused: is_focus,
                    });
                    if let Some(name) = name {
                        lines.push(FormLine {
                            line: Line::from(vec![
                                Span::raw(format!("{indent}  ")),
                                Span::styled(fit(&esc(&name), room), style),
                            ]),
                            focused: is_focus,
                        });
                    }
                }
                if is_focus {
                    let first = if items.is_empty() {
                        label_span.clone()
                    } else {
                        Span::raw(indent.clone())
                    };
                    let (shown, cx) = scrolled(&ui.input, s.cursor, value_w.saturating_sub(5));
                    cursor_line = Some((lines.len(), LABEL_W + 4 + width(text::ADD_PROMPT) + cx));
                    let mut spans = vec![
                        first,
                        Span::styled(format!("  {}", text::ADD_PROMPT), t.dim()),
                    ];
                    if ui.input.is_empty() && is_group_list(field) {
                        spans.push(Span::styled(text::GROUP_HINT, t.dim()));
                    } else {
                        spans.push(Span::raw(shown));
                    }
                    let whole: Vec<&Diagnostic> = diags
                        .iter()
                        .filter(|d| crate::tui::state::locate(d.field, s.draft()).2.is_none())
                        .copied()
                        .chain(s.input_diags.iter())
                        .collect();
                    push_marks(&mut spans, &whole, w, t);
                    lines.push(FormLine {
                        line: Line::from(spans),
                        focused: true,
                    });
                }
            }
            _ => {}
        }
    }
    if s.step == Step::Export {
        export_tail(s, t, w, &mut lines);
    }
    // Scroll so the focused field (and the cursor) is visible.
    let h = area.height as usize;
    let first = lines.iter().position(|l| l.focused).unwrap_or(0);
    let last = lines.iter().rposition(|l| l.focused).unwrap_or(0);
    let mut top = 0;
    if last >= h {
        top = (last + 1 - h).min(first);
    }
    if let Some((ly, _)) = cursor_line
        && ly >= top + h
    {
        top = ly + 1 - h;
    }
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|l| l.line)
        .collect();
    f.render_widget(Paragraph::new(shown), area);
    if let Some((ly, cx)) = cursor_line
        && ly >= top
        && ly < top + h
        && cx < w
    {
        *cursor = Some(Position::new(
            area.x + cx as u16,
            area.y + (ly - top) as u16,
        ));
    }
}

pub(super) fn export_tail(s: &State, t: Theme, w: usize, lines: &mut Vec<FormLine>) {
    let mut push = |line: Line<'static>| {
        lines.push(FormLine {
            line,
            focused: false,
        })
    };
    push(Line::from(""));
    let errors = s.errors();
    if !errors.is_empty() {
        push(Line::styled(
            format!("  {}", text::export_blocked(errors.len())),
            t.severity(Severity::Error),
        ));
        for d in errors {
            push(Line::from(fit(
                &format!("  x {} {}", d.code, esc(&d.message)),
                w,
            )));
        }
        return;
    }
    if let Some(written) = &s.written {
        push(Line::styled(format!("  {}", text::WRITTEN), t.title()));
        // The `all` folder in one line, so the next steps below still fit at 80×24.
        if written.files.len() > 2 {
            push(Line::from(fit(
                &format!(
                    "    {}",
                    text::written_folder(&esc(&s.export_path), written.files.len())
                ),
                w,
            )));
        }
        for p in written.files.iter().filter(|_| written.files.len() <= 2) {
            push(Line::from(fit(
                &format!("    {}", esc(&p.display().to_string())),
                w,
            )));
        }
        for n in text::next_steps(s.draft().extension.kind) {
            for (i, l) in wrap(n, w.saturating_sub(6)).into_iter().enumerate() {
                push(Line::from(format!(
                    "{}{l}",
                    if i == 0 { "  " } else { "    " }
                )));
            }
        }
    } else {
        for d in crate::rules::export_notes(s.draft(), s.format) {
            for (i, l) in wrap(
                &format!("{} {} {}", mark(d.severity), d.code, esc(&d.message)),
                // Continuation lines are indented 9 columns: wrap for those, or the
                // line's end is cut off at the screen edge.
                w.saturating_sub(9),
            )
            .into_iter()
            .enumerate()
            {
                let indent = if i == 0 { "  " } else { "         " };
                push(Line::styled(format!("{indent}{l}"), t.severity(d.severity)));
            }
        }
    }
}

/// The group behind entry `i` of a group list.
pub(super) fn group_at(f: F, s: &State, i: usize) -> Option<&crate::draft::Group> {
    match f.spec().value {
        Value::List(l) => l.entries.group(s.draft(), i),
        _ => None,
    }
}

/// A choice shown with every option on a line of its own, and the note under them.
pub(super) fn options_of(f: F) -> Option<(Options, Option<Note>)> {
    match f.spec().value {
        Value::Choice(c) => c.options.map(|o| (o, c.note)),
        _ => None,
    }
}

pub(super) fn has_default(f: F) -> bool {
    matches!(
        f.spec().value,
        Value::Text(Text {
            default: Some(_),
            ..
        })
    )
}

pub(super) fn is_group_list(f: F) -> bool {
    matches!(f.spec().value, Value::List(l) if l.entries.groups())
}

pub(super) fn field_label(f: F, s: &State) -> &'static str {
    (f.spec().label)(s.draft())
}

pub(super) fn placeholder(f: F, s: &State) -> String {
    match f.spec().value {
        Value::Text(Text {
            default: Some(default),
            ..
        }) => default(s.draft()),
        _ => text::BLANK.to_string(),
    }
}

pub(super) fn choice_value(f: F, s: &State) -> &'static str {
    match f.spec().value {
        Value::Choice(c) => (c.show)(s.draft()),
        Value::Bool(b) => text::yes_no((b.get)(s.draft())),
        Value::ExportFormat => text::format(s.format),
        _ => "",
    }
}
