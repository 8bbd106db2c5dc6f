//! The form steps (1, 2, 5 and 7): one line a field, walked from the field table.

use crate::rules::{Diagnostic, Severity};
use crate::tui::fields::{Note, Options, Text, Value};
use crate::tui::state::{FieldId as F, Kind, ListUi, State, Step, Written, locate};
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

/// Where a field's value starts: after the focus mark, the label and two spaces.
const VALUE_X: usize = LABEL_W + 4;

/// The lines of a form as they are built, and the text cursor's (line, column).
#[derive(Default)]
struct Form {
    lines: Vec<FormLine>,
    cursor: Option<(usize, usize)>,
}

impl Form {
    fn push(&mut self, spans: Vec<Span<'static>>, focused: bool) {
        self.lines.push(FormLine {
            line: Line::from(spans),
            focused,
        });
    }

    /// The text cursor goes at column `x` of the next line pushed.
    fn cursor_at(&mut self, x: usize) {
        self.cursor = Some((self.lines.len(), x));
    }
}

/// One field as the form draws it: whether it is focused, its label and its problems.
struct FieldView<'a> {
    s: &'a State,
    t: Theme,
    /// The form's width.
    w: usize,
    id: F,
    focus: bool,
    label: Span<'static>,
    diags: Vec<&'a Diagnostic>,
}

impl<'a> FieldView<'a> {
    fn new(s: &'a State, t: Theme, w: usize, id: F) -> FieldView<'a> {
        let focus = id == s.focused() && s.popup.is_none();
        let lead = if focus { "▸ " } else { "  " };
        let label = Span::styled(
            format!(
                "{lead}{:<width$}",
                fit(field_label(id, s), LABEL_W - 1),
                width = LABEL_W
            ),
            t.label(focus),
        );
        FieldView {
            s,
            t,
            w,
            id,
            focus,
            label,
            diags: s.diags_at(id, None),
        }
    }

    /// The value's room beside the label, leaving some for the codes.
    fn value_w(&self) -> usize {
        self.w.saturating_sub(VALUE_X + 7)
    }

    /// The label, then `spans`, then the field's marks and codes at the right.
    fn line(&self, spans: impl IntoIterator<Item = Span<'static>>) -> Vec<Span<'static>> {
        let mut line = vec![self.label.clone()];
        line.extend(spans);
        push_marks(&mut line, &self.diags, self.w, self.t);
        line
    }
}

pub(super) fn draw_form(
    f: &mut Frame,
    area: Rect,
    s: &State,
    t: Theme,
    cursor: &mut Option<Position>,
) {
    let w = area.width as usize;
    let mut form = Form::default();
    for id in s.fields() {
        let field = FieldView::new(s, t, w, id);
        match id.kind() {
            Kind::Text => text_field(&mut form, &field),
            Kind::Choice if options_of(id).is_some() => options_field(&mut form, &field),
            Kind::Choice | Kind::Bool => choice_field(&mut form, &field),
            Kind::List => list_field(&mut form, &field),
            _ => {}
        }
    }
    if s.step == Step::Export {
        export_tail(s, t, w, &mut form.lines);
    }
    render_scrolled(f, area, form, cursor);
}

/// Show the form from the line that keeps the focused field, and the text cursor, on screen.
fn render_scrolled(f: &mut Frame, area: Rect, form: Form, cursor: &mut Option<Position>) {
    let h = area.height as usize;
    let first = form.lines.iter().position(|l| l.focused).unwrap_or(0);
    let last = form.lines.iter().rposition(|l| l.focused).unwrap_or(0);
    // The whole focused field if it fits, else its top; the cursor's line wins.
    let mut top = (last + 1).saturating_sub(h).min(first);
    if let Some((ly, _)) = form.cursor {
        top = top.max((ly + 1).saturating_sub(h));
    }
    let shown: Vec<Line> = form
        .lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|l| l.line)
        .collect();
    f.render_widget(Paragraph::new(shown), area);
    if let Some((ly, cx)) = form.cursor
        && (top..top + h).contains(&ly)
        && cx < area.width as usize
    {
        *cursor = Some(Position::new(
            area.x + cx as u16,
            area.y + (ly - top) as u16,
        ));
    }
}

/// A text field: its value (around the cursor while edited), or its placeholder.
fn text_field(form: &mut Form, fv: &FieldView) {
    let (s, t, value_w) = (fv.s, fv.t, fv.value_w());
    let value = s.text_of(fv.id);
    let mut spans = Vec::new();
    if fv.focus {
        let (shown, cx) = scrolled(&value, s.cursor, value_w);
        form.cursor_at(VALUE_X + cx);
        spans.push(Span::raw(format!("  {shown}")));
        if value.is_empty() && has_default(fv.id) {
            spans.push(default_while_edited(fv));
        }
    } else if value.is_empty() {
        spans.push(Span::styled(
            format!("  {}", fit(&placeholder(fv.id, s), value_w)),
            t.dim(),
        ));
    } else {
        spans.push(Span::raw(format!("  {}", fit(&esc(&value), value_w))));
    }
    form.push(fv.line(spans), fv.focus);
}

/// Say what an empty field with a default means while it is being edited too; a long
/// default gives way, never the word that says it is one.
fn default_while_edited(fv: &FieldView) -> Span<'static> {
    let suffix = format!(" {}", text::DEFAULT_SUFFIX);
    let room = fv.value_w().saturating_sub(width(&suffix)).max(1);
    Span::styled(
        format!("{}{suffix}", fit(&placeholder(fv.id, fv.s), room)),
        fv.t.dim(),
    )
}

/// A choice with every option on a line of its own (so the Entra ID one carries its JIT
/// mark in full even at 60 columns), and the note under them.
fn options_field(form: &mut Form, fv: &FieldView) {
    let (s, t, w) = (fv.s, fv.t, fv.w);
    form.push(fv.line([]), fv.focus);
    let Some((options, note)) = options_of(fv.id) else {
        return;
    };
    for (name, on) in options(s.draft()) {
        let style = match (on, fv.focus) {
            (true, true) => t.selected(),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => Style::new(),
        };
        let option = format!("({}) {}", if on { "•" } else { " " }, name);
        let spans = vec![
            Span::raw("    "),
            Span::styled(fit(&option, w.saturating_sub(5)), style),
        ];
        form.push(spans, fv.focus);
    }
    for l in note
        .and_then(|note| note(s.draft()))
        .map_or_else(Vec::new, |why| wrap(why, w.saturating_sub(9)))
    {
        let spans = vec![
            Span::raw("        "),
            Span::styled(l, t.severity(Severity::Warning)),
        ];
        form.push(spans, fv.focus);
    }
}

/// A choice or switch on one line, `‹ value ›` while focused (Left/Right change it).
fn choice_field(form: &mut Form, fv: &FieldView) {
    let value = choice_value(fv.id, fv.s);
    let shown = if fv.focus {
        Span::styled(format!("‹ {value} ›"), fv.t.selected())
    } else {
        Span::raw(format!("  {value}"))
    };
    form.push(fv.line([shown]), fv.focus);
}

/// A list: its entries under the label, and while focused the `add>` line.
fn list_field(form: &mut Form, fv: &FieldView) {
    let items = fv.s.list_items(fv.id);
    if items.is_empty() && !fv.focus {
        let none = Span::styled(format!("  {}", text::NONE), fv.t.dim());
        form.push(fv.line([none]), false);
        return;
    }
    let ui = fv.s.lists.get(&fv.id).cloned().unwrap_or_default();
    for (i, item) in items.iter().enumerate() {
        list_entry(form, fv, i, item, fv.focus && i == ui.selected);
    }
    if fv.focus {
        add_line(form, fv, &ui, items.is_empty());
    }
}

/// Entry `i` of a list: its mark, the entry, its codes (and a group's name on a line of
/// its own when it does not fit beside the id).
fn list_entry(form: &mut Form, fv: &FieldView, i: usize, item: &str, selected: bool) {
    let (s, t, w) = (fv.s, fv.t, fv.w);
    let indent = " ".repeat(LABEL_W + 2);
    let first = if i == 0 {
        fv.label.clone()
    } else {
        Span::raw(indent.clone())
    };
    let at: Vec<&Diagnostic> = s
        .diags_at(fv.id, Some(i))
        .into_iter()
        .filter(|d| locate(d.field, s.draft()).2 == Some(i))
        .collect();
    let m = worst(&at).map_or(" ", |d| mark(d.severity));
    let style = if selected { t.selected() } else { Style::new() };
    // The entry gets the line up to its codes (only as wide as they are).
    let code_room = if at.is_empty() {
        1
    } else {
        width(&codes(&at)) + 2
    };
    let room = w.saturating_sub(VALUE_X + code_room);
    // A group whose name does not fit beside its id gets a line of its own, rather than
    // being cut to a letter.
    let (head, name) = match group_at(fv.id, s, i) {
        Some(g) if !g.name.is_empty() && width(&esc(item)) > room => {
            (g.id.as_str(), Some(g.name.as_str()))
        }
        _ => (item, None),
    };
    let mut spans = vec![
        first,
        Span::styled(format!("{m} {}", fit(&esc(head), room)), style),
    ];
    if !at.is_empty() {
        let sev = worst(&at).map(|d| d.severity);
        push_code(&mut spans, &codes(&at), w, sev, t);
    }
    form.push(spans, fv.focus);
    if let Some(name) = name {
        let spans = vec![
            Span::raw(format!("{indent}  ")),
            Span::styled(fit(&esc(name), room), style),
        ];
        form.push(spans, fv.focus);
    }
}

/// The focused list's `add>` line: what is typed (or how to type a group), with the
/// problems of the whole list and of the typed entry.
fn add_line(form: &mut Form, fv: &FieldView, ui: &ListUi, first: bool) {
    let (s, t) = (fv.s, fv.t);
    let lead = if first {
        fv.label.clone()
    } else {
        Span::raw(" ".repeat(LABEL_W + 2))
    };
    let (shown, cx) = scrolled(&ui.input, s.cursor, fv.value_w().saturating_sub(5));
    form.cursor_at(VALUE_X + width(text::ADD_PROMPT) + cx);
    let mut spans = vec![
        lead,
        Span::styled(format!("  {}", text::ADD_PROMPT), t.dim()),
    ];
    if ui.input.is_empty() && is_group_list(fv.id) {
        spans.push(Span::styled(text::GROUP_HINT, t.dim()));
    } else {
        spans.push(Span::raw(shown));
    }
    let whole: Vec<&Diagnostic> = fv
        .diags
        .iter()
        .filter(|d| locate(d.field, s.draft()).2.is_none())
        .copied()
        .chain(s.input_diags.iter())
        .collect();
    push_marks(&mut spans, &whole, fv.w, t);
    form.push(spans, true);
}

/// Step 7's lines under the fields: what blocks export, else what was written and the
/// next steps, else the notes on the chosen format.
pub(super) fn export_tail(s: &State, t: Theme, w: usize, lines: &mut Vec<FormLine>) {
    let tail = if !s.errors().is_empty() {
        export_blocked(s, t, w)
    } else if let Some(written) = &s.written {
        export_written(s, written, t, w)
    } else {
        export_notes(s, t, w)
    };
    lines.push(FormLine {
        line: Line::from(""),
        focused: false,
    });
    lines.extend(tail.into_iter().map(|line| FormLine {
        line,
        focused: false,
    }));
}

/// The errors that block export, one line each.
fn export_blocked(s: &State, t: Theme, w: usize) -> Vec<Line<'static>> {
    let errors = s.errors();
    let head = Line::styled(
        format!("  {}", text::export_blocked(errors.len())),
        t.severity(Severity::Error),
    );
    let each = errors
        .into_iter()
        .map(|d| Line::from(fit(&format!("  x {} {}", d.code, esc(&d.message)), w)));
    std::iter::once(head).chain(each).collect()
}

/// What the last export wrote, then the next steps.
fn export_written(s: &State, written: &Written, t: Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(format!("  {}", text::WRITTEN), t.title())];
    let files = &written.files;
    if files.len() > 2 {
        // The `all` folder in one line, so the next steps below still fit at 80×24.
        let folder = text::written_folder(&esc(&s.export_path), files.len());
        lines.push(Line::from(fit(&format!("    {folder}"), w)));
    } else {
        lines.extend(
            files
                .iter()
                .map(|p| Line::from(fit(&format!("    {}", esc(&p.display().to_string())), w))),
        );
    }
    for n in text::next_steps(s.draft().extension.kind) {
        for (i, l) in wrap(n, w.saturating_sub(6)).into_iter().enumerate() {
            let indent = if i == 0 { "  " } else { "    " };
            lines.push(Line::from(format!("{indent}{l}")));
        }
    }
    lines
}

/// Before exporting: what the chosen format will leave out or needs.
fn export_notes(s: &State, t: Theme, w: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for d in crate::rules::export_notes(s.draft(), s.format) {
        let text = format!("{} {} {}", mark(d.severity), d.code, esc(&d.message));
        // Continuation lines are indented 9 columns: wrap for those, or the line's end is
        // cut off at the screen edge.
        for (i, l) in wrap(&text, w.saturating_sub(9)).into_iter().enumerate() {
            let indent = if i == 0 { "  " } else { "         " };
            lines.push(Line::styled(format!("{indent}{l}"), t.severity(d.severity)));
        }
    }
    lines
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
