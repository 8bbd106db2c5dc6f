//! Views: functions of the state that draw a frame. Nothing here changes state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::catalog;
use super::columns;
use super::fields::{Note, Options, Text, Value};
use super::help;
use super::input::escape_controls;
use super::keymap;
use super::state::{FieldId as F, Kind, Popup, State, Step};
use super::text;
use crate::draft::{ExtensionType, Target};
use crate::rules::{Diagnostic, Severity};

/// Colours and emphasis. Without colour (`NO_COLOR`) emphasis is bold and reverse only.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    fn label(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }
    fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    fn severity(self, s: Severity) -> Style {
        match s {
            Severity::Error => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Severity::Warning => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Severity::Info => self.fg(Color::Blue),
        }
    }
}

/// The mark that says a severity without colour.
pub fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "x",
        Severity::Warning => "!",
        Severity::Info => "i",
    }
}

fn esc(s: &str) -> String {
    escape_controls(s).into_owned()
}

fn width(s: &str) -> usize {
    Line::from(s).width()
}

/// Cut `s` to at most `w` columns (adding `…` when cut), control characters escaped.
fn fit(s: &str, w: usize) -> String {
    columns::fit(s, w)
}

/// The part of a text input that fits in `w` columns with the cursor visible, and the
/// cursor's column within it.
fn scrolled(s: &str, cursor: usize, w: usize) -> (String, usize) {
    let win = columns::window(s, cursor, w);
    (win.text, win.cursor)
}

/// Draw the whole wizard.
pub fn draw(f: &mut Frame, s: &State) {
    let area = f.area();
    let t = Theme { color: s.color };
    if s.too_small() || super::state::too_small(area.width, area.height) {
        draw_too_small(f, area, t);
        return;
    }
    if s.resume.is_some() {
        draw_resume(f, area, s, t);
        return;
    }
    // The intro takes the lines it needs (at 60 columns a two-line intro wraps to three,
    // and its last words are the warning), borrowing the gap line below it if needed.
    let intro_text = text::step_intro(s.step, s.draft.extension.kind);
    let intro_h =
        (wrap(intro_text, area.width.saturating_sub(2) as usize).len() as u16).clamp(1, 4);
    let gap_h = u16::from(intro_h <= 2);
    let [header, rule1, intro, _gap, body, diag, rule2, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(intro_h),
        Constraint::Length(gap_h),
        Constraint::Min(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, s, t);
    let rule = "─".repeat(area.width.saturating_sub(2) as usize);
    f.render_widget(Paragraph::new(format!(" {rule}")).style(t.dim()), rule1);
    f.render_widget(Paragraph::new(format!(" {rule}")).style(t.dim()), rule2);
    f.render_widget(
        Paragraph::new(wrap(intro_text, area.width.saturating_sub(2) as usize).join("\n"))
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1))),
        intro,
    );
    let mut cursor = None;
    match s.step {
        Step::BundleIds => draw_bundle_ids(f, body, s, t, &mut cursor),
        Step::Config => draw_config(f, body, s, t, &mut cursor),
        Step::Review => draw_review(f, body, s, t),
        _ => draw_form(f, body, s, t, &mut cursor),
    }
    draw_diag(f, diag, s, t);
    draw_footer(f, footer, s, t);
    if let Some(p) = &s.popup {
        cursor = None;
        draw_popup(f, area, s, p, t, &mut cursor);
    }
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

/// A bordered box titled with the first of `titles` that fits with at least one `─` left
/// before the corner (else the last, cut), so a title never runs into its corner.
fn boxed(titles: &[&str], box_w: u16) -> Block<'static> {
    let room = (box_w as usize).saturating_sub(3);
    let title = titles
        .iter()
        .map(|t| format!(" {t} "))
        .find(|t| width(t) <= room)
        .unwrap_or_else(|| {
            let last = titles.last().copied().unwrap_or_default();
            format!(" {} ", fit(last, room.saturating_sub(2)))
        });
    Block::bordered().title(title)
}

/// Blank the popup's rows across the whole screen: text beside a popup, cut at its border,
/// reads as part of it (`│tune`, `006`).
fn clear_band(f: &mut Frame, area: Rect, r: Rect) {
    f.render_widget(Clear, Rect::new(area.x, r.y, area.width, r.height));
}

fn draw_too_small(f: &mut Frame, area: Rect, t: Theme) {
    let lines = vec![
        Line::styled(text::TOO_SMALL, t.title()),
        Line::from(text::TOO_SMALL_QUIT),
    ];
    let y = area.height.saturating_sub(2) / 2;
    let r = Rect::new(
        area.x,
        area.y + y,
        area.width,
        area.height.saturating_sub(y),
    );
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
        r,
    );
}

fn draw_header(f: &mut Frame, r: Rect, s: &State, t: Theme) {
    let name = if s.draft.profile.name.is_empty() {
        text::UNNAMED.to_string()
    } else {
        esc(&s.draft.profile.name)
    };
    let right = format!("{}/7  {} ", s.step.number(), text::step_title(s.step));
    let left_w = (r.width as usize).saturating_sub(width(&right) + 2);
    let left = match s.drafts_off {
        None => format!(" {} · {}", text::APP, name),
        Some(_) => format!(" {} · {} · {}", text::APP, text::NOT_SAVING, name),
    };
    let left = fit(&left, left_w);
    let pad = (r.width as usize).saturating_sub(width(&left) + width(&right));
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left, t.title()),
            Span::raw(" ".repeat(pad)),
            Span::styled(right, t.title()),
        ])),
        r,
    );
}

fn worst<'a>(d: &[&'a Diagnostic]) -> Option<&'a Diagnostic> {
    d.iter().min_by_key(|d| d.severity).copied()
}

/// The codes at a field, worst first: when the column cuts them, the error's code stays.
fn codes(d: &[&Diagnostic]) -> String {
    let mut sorted: Vec<&&Diagnostic> = d.iter().collect();
    sorted.sort_by_key(|d| d.severity);
    let mut v: Vec<&str> = sorted.iter().map(|d| d.code).collect();
    v.dedup();
    v.join(" ")
}

/// One line of a form, and whether it belongs to the focused field.
struct FormLine {
    line: Line<'static>,
    focused: bool,
}

const LABEL_W: usize = 27;

fn draw_form(f: &mut Frame, area: Rect, s: &State, t: Theme, cursor: &mut Option<Position>) {
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
                        // Say what an empty identifier means while it is being edited too.
                        spans.push(Span::styled(
                            format!("{} {}", placeholder(field, s), text::DEFAULT_SUFFIX),
                            t.dim(),
                        ));
                    }
                } else if value.is_empty() {
                    spans.push(Span::styled(
                        format!("  {}", placeholder(field, s)),
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
                for (name, on) in options(&s.draft) {
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
                if let Some(why) = note.and_then(|note| note(&s.draft)) {
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
                        .filter(|d| super::state::locate(d.field, &s.draft).2 == Some(i))
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
                        .filter(|d| super::state::locate(d.field, &s.draft).2.is_none())
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

fn export_tail(s: &State, t: Theme, w: usize, lines: &mut Vec<FormLine>) {
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
        for n in text::NEXT_STEPS {
            for (i, l) in wrap(n, w.saturating_sub(6)).into_iter().enumerate() {
                push(Line::from(format!(
                    "{}{l}",
                    if i == 0 { "  " } else { "    " }
                )));
            }
        }
    } else {
        for d in crate::rules::export_notes(&s.draft, s.format) {
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

fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(10);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && width(&line) + 1 + width(word) > w {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

fn push_marks(spans: &mut Vec<Span<'static>>, diags: &[&Diagnostic], w: usize, t: Theme) {
    if let Some(d) = worst(diags) {
        let text = format!("{} {}", mark(d.severity), codes(diags));
        push_code(spans, &text, w, Some(d.severity), t);
    }
}

/// Right-align `code` on the line.
fn push_code(
    spans: &mut Vec<Span<'static>>,
    code: &str,
    w: usize,
    sev: Option<Severity>,
    t: Theme,
) {
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let cw = width(code);
    let pad = w.saturating_sub(used + cw + 1).max(1);
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(
        code.to_string(),
        sev.map_or(Style::new(), |s| t.severity(s)),
    ));
}

/// The group behind entry `i` of a group list.
fn group_at(f: F, s: &State, i: usize) -> Option<&crate::draft::Group> {
    match f.spec().value {
        Value::List(l) => l.entries.group(&s.draft, i),
        _ => None,
    }
}

/// A choice shown with every option on a line of its own, and the note under them.
fn options_of(f: F) -> Option<(Options, Option<Note>)> {
    match f.spec().value {
        Value::Choice(c) => c.options.map(|o| (o, c.note)),
        _ => None,
    }
}

fn has_default(f: F) -> bool {
    matches!(
        f.spec().value,
        Value::Text(Text {
            default: Some(_),
            ..
        })
    )
}

fn is_group_list(f: F) -> bool {
    matches!(f.spec().value, Value::List(l) if l.entries.groups())
}

fn field_label(f: F, s: &State) -> &'static str {
    (f.spec().label)(&s.draft)
}

fn placeholder(f: F, s: &State) -> String {
    match f.spec().value {
        Value::Text(Text {
            default: Some(default),
            ..
        }) => default(&s.draft),
        _ => text::BLANK.to_string(),
    }
}

fn choice_value(f: F, s: &State) -> &'static str {
    match f.spec().value {
        Value::Choice(c) => (c.show)(&s.draft),
        Value::Bool(b) => text::yes_no((b.get)(&s.draft)),
        Value::ExportFormat => text::format(s.format),
        _ => "",
    }
}

fn draw_bundle_ids(f: &mut Frame, area: Rect, s: &State, t: Theme, cursor: &mut Option<Position>) {
    // The "covered automatically" panel only means something for Entra ID.
    let side_w = match s.draft.extension.kind {
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
    let items = &s.draft.extension.bundle_ids;
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
    for d in &s.diags {
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

fn draw_config(f: &mut Frame, area: Rect, s: &State, t: Theme, cursor: &mut Option<Position>) {
    let area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let rows = &s.draft.extension.config;
    let title = format!("{} ({})", text::CONFIG_TITLE, rows.len());
    let block = boxed(&[&title], area.width);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = inner.width as usize;
    let longest = rows.iter().map(|r| width(&esc(&r.key))).max().unwrap_or(0);
    let key_w = (longest + 2).clamp(12, (w * 45 / 100).max(12));
    let type_w = 9;
    let row_diags = |i: usize| -> Vec<&Diagnostic> {
        s.diags
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
    let top = if sel >= h { sel + 1 - h } else { 0 };
    let active = s.popup.is_none();
    for i in (top..total).take(h) {
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

fn blank_or(v: &str) -> String {
    if v.is_empty() {
        text::BLANK.to_string()
    } else {
        esc(v)
    }
}

fn summary(s: &State) -> Vec<String> {
    let d = &s.draft;
    let e = &d.extension;
    let list = |v: &[String]| {
        if v.is_empty() {
            "(none)".to_string()
        } else {
            v.iter().map(|x| esc(x)).collect::<Vec<_>>().join(", ")
        }
    };
    let mut out = vec![
        format!(
            "Name: {} · Identifier: {}",
            if d.profile.name.is_empty() {
                text::BLANK.to_string()
            } else {
                esc(&d.profile.name)
            },
            esc(&d.profile.effective_identifier())
        ),
        format!("Type: {}", text::ext_type_short(e.kind)),
    ];
    if !d.profile.organization.is_empty() || !d.profile.description.is_empty() {
        out.insert(
            1,
            format!(
                "{}: {} · {}: {}",
                text::ORGANIZATION,
                blank_or(&d.profile.organization),
                text::DESCRIPTION,
                blank_or(&d.profile.description)
            ),
        );
    }
    match e.kind {
        ExtensionType::EntraId => {
            out[1].push_str(&format!(
                " · {}: {}",
                text::SHARED_DEVICE_MODE,
                text::yes_no(e.shared_device_mode)
            ));
        }
        ExtensionType::Redirect => out.push(format!(
            "{}: {} · {}: {} · {}: {}",
            text::EXTENSION_ID,
            esc(&e.extension_id),
            text::TEAM_ID,
            blank_or(&e.team_id),
            text::URLS,
            list(&e.urls)
        )),
        ExtensionType::Credential => out.push(format!(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            text::EXTENSION_ID,
            esc(&e.extension_id),
            text::TEAM_ID,
            blank_or(&e.team_id),
            text::REALM,
            esc(&e.realm),
            text::DOMAINS,
            list(&e.domains)
        )),
        ExtensionType::Kerberos => {
            let k = &e.kerberos;
            out.push(format!(
                "{}: {} · {}: {}",
                text::REALM,
                esc(&e.realm),
                text::DOMAINS,
                list(&e.domains)
            ));
            let yes: Vec<&str> = [
                (k.block_keychain_usage, "block keychain usage"),
                (k.require_user_presence, "require Face ID/Touch ID/passcode"),
                (k.default_realm, "default realm"),
                (k.block_autodiscover, "block Autodiscover"),
                (k.managed_apps_only, "managed apps only"),
            ]
            .into_iter()
            .filter_map(|(on, label)| on.then_some(label))
            .collect();
            out.push(format!(
                "Kerberos: {} · principal {} · site code {} · cache {} · sign-in text {} · domain realms {}",
                if yes.is_empty() { "(no switches on)".to_string() } else { yes.join(", ") },
                blank_or(&k.principal_name),
                blank_or(&k.site_code),
                blank_or(&k.cache_name),
                blank_or(&k.sign_in_help_text),
                list(&k.domain_realms)
            ));
        }
    }
    out.push(format!(
        "{} ({}): {}",
        text::BUNDLE_IDS,
        e.bundle_ids.len(),
        list(&e.bundle_ids)
    ));
    out.push(format!(
        "Configuration: {}",
        e.config
            .iter()
            .map(|p| format!("{} = {}", esc(&p.key), esc(&p.value.to_string())))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let a = &d.assignments;
    let mut assign = format!("{}: {}", text::TARGET, text::target(a.target));
    if a.target == Target::Groups {
        assign.push_str(&format!(" ({})", a.include_groups.len()));
    }
    if !a.exclude_groups.is_empty() {
        assign.push_str(&format!(
            " · {}: {}",
            text::EXCLUDE_GROUPS,
            a.exclude_groups.len()
        ));
    }
    if let Some(filter) = &a.filter {
        assign.push_str(&format!(
            " · filter {} ({})",
            esc(&filter.id),
            filter.mode.as_str()
        ));
    }
    out.push(assign);
    let au = &d.authenticator;
    out.push(format!(
        "{}: {} · {}: {} · {}",
        text::AUTH_REQUIRED,
        text::yes_no(au.required),
        text::AUTH_APP_ID,
        if au.app_id.is_empty() {
            text::BLANK.to_string()
        } else {
            esc(&au.app_id)
        },
        text::license(au.license)
    ));
    out
}

fn draw_review(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    // The problems come first: they are what the admin acts on. The box gets the lines it
    // needs and the summary the rest (at least three lines, wrapped, not cut; F1 shows all
    // of it).
    let w = area.width.saturating_sub(4) as usize;
    let mut wrapped: Vec<String> = Vec::new();
    for item in summary(s) {
        for (i, l) in wrap(&item, w).into_iter().enumerate() {
            wrapped.push(if i == 0 {
                format!(" {l}")
            } else {
                format!("   {l}")
            });
        }
    }
    let diags = s.review_diags();
    let lines = review_lines(s, &diags, area.width.saturating_sub(4) as usize, t);
    let box_h = lines.len().max(1) + 2;
    let height = area.height as usize;
    let sum_h = wrapped
        .len()
        .min(height.saturating_sub(box_h))
        .max(wrapped.len().min(3))
        .min(height.saturating_sub(3)) as u16;
    if wrapped.len() > sum_h as usize && sum_h > 0 {
        wrapped.truncate(sum_h as usize);
        if let Some(last) = wrapped.last_mut() {
            *last = format!(" {}", text::REVIEW_MORE);
        }
    }
    let [top, bottom] =
        Layout::vertical([Constraint::Length(sum_h), Constraint::Min(3)]).areas(area);
    let summary_lines: Vec<Line> = wrapped.into_iter().map(Line::from).collect();
    f.render_widget(Paragraph::new(summary_lines), top);
    let bottom = Rect {
        x: bottom.x + 1,
        width: bottom.width.saturating_sub(2),
        ..bottom
    };
    let title = format!("{} ({})", text::REVIEW_PROBLEMS, diags.len());
    let mut block = boxed(&[&title], bottom.width);
    let inner = block.inner(bottom);
    if diags.is_empty() {
        f.render_widget(block, bottom);
        f.render_widget(Paragraph::new(format!(" {}", text::NO_PROBLEMS)), inner);
        return;
    }
    let h = inner.height as usize;
    let sel_line = lines
        .iter()
        .position(|(_, i)| *i == Some(s.review_selected))
        .unwrap_or(0);
    let top = if sel_line >= h { sel_line + 1 - h } else { 0 };
    // Problems scrolled out of the box are counted on its border: the title's count must
    // never disagree silently with what is listed.
    let hidden = lines
        .iter()
        .enumerate()
        .filter(|(n, (_, i))| i.is_some() && (*n < top || *n >= top + h))
        .count();
    if hidden > 0 {
        block = block.title_bottom(format!(" {} ", text::review_hidden(hidden)));
    }
    f.render_widget(block, bottom);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(h)
        .map(|(l, _)| l)
        .collect();
    f.render_widget(Paragraph::new(shown), inner);
}

/// The review's problem list, `w` columns wide: a heading per step, then its diagnostics
/// (each with its index in `diags`).
fn review_lines(
    s: &State,
    diags: &[&Diagnostic],
    w: usize,
    t: Theme,
) -> Vec<(Line<'static>, Option<usize>)> {
    let mut lines: Vec<(Line, Option<usize>)> = Vec::new();
    let mut last_step = None;
    for (i, d) in diags.iter().enumerate() {
        let step = super::state::locate(d.field, &s.draft).0;
        if last_step != Some(step) {
            last_step = Some(step);
            lines.push((
                Line::styled(
                    format!(" {}/7  {}", step.number(), text::step_title(step)),
                    t.title(),
                ),
                None,
            ));
        }
        let sel = i == s.review_selected && s.popup.is_none();
        let txt = format!("   {} {} {}", mark(d.severity), d.code, esc(&d.message));
        lines.push((
            Line::styled(
                fit(&txt, w),
                if sel {
                    t.selected()
                } else {
                    t.severity(d.severity)
                },
            ),
            Some(i),
        ));
    }
    lines
}

fn draw_diag(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let w = area.width.saturating_sub(3) as usize;
    if let Some(status) = &s.status {
        f.render_widget(
            Paragraph::new(format!(" {}", fit(status, w))).style(t.title()),
            area,
        );
        return;
    }
    let Some(d) = s.selected_diag() else { return };
    let head = format!("{}[{}] ", d.severity.as_str(), d.code);
    let body = wrap(&format!("{head}{}", esc(&d.message)), w);
    let mut lines: Vec<Line> = Vec::new();
    for (i, l) in body.iter().take(2).enumerate() {
        if i == 0 {
            let rest = l.strip_prefix(&head).unwrap_or(l);
            lines.push(Line::from(vec![
                Span::raw(" "),
                Span::styled(head.clone(), t.severity(d.severity)),
                Span::raw(rest.to_string()),
            ]));
        } else {
            let more = body.len() > 2;
            let l = if more {
                fit(&format!("{l} …"), w)
            } else {
                l.clone()
            };
            lines.push(Line::from(format!("   {l}")));
        }
    }
    let last = match &d.fix {
        Some(fix) => format!("   fix (Ctrl+F): {}", catalog::fix_label(fix)),
        None if !d.help.is_empty() => format!("   help: {}", esc(&d.help)),
        None => String::new(),
    };
    while lines.len() < 2 {
        lines.push(Line::from(""));
    }
    lines.push(Line::styled(fit(&last, w + 2), t.label(d.fix.is_some())));
    f.render_widget(Paragraph::new(lines), area);
}

/// The footer's key hints, from the keymap: what the focused component can do.
pub fn hints(s: &State) -> Vec<(String, &'static str)> {
    keymap::hints(s)
}

fn draw_footer(f: &mut Frame, area: Rect, s: &State, t: Theme) {
    let w = area.width.saturating_sub(1) as usize;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (i, (k, a)) in hints(s).iter().enumerate() {
        let sep = if i == 0 { "" } else { " · " };
        let len = width(sep) + width(k) + 1 + width(a);
        if used + len > w {
            break;
        }
        used += len;
        spans.push(Span::styled(sep, t.dim()));
        spans.push(Span::styled(
            k.clone(),
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {a}")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help popup's text: the selected problem in full first (the line under the fields
/// may cut it), then the step's and the field's help.
fn help_lines(s: &State) -> Vec<String> {
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
            lines.push(format!("help: {}", esc(&d.help)));
        }
        if let Some(fix) = &d.fix {
            lines.push(format!("fix (Ctrl+F): {}", catalog::fix_label(fix)));
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

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_popup(
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
                super::state::Pending::SaveAs(p) | super::state::Pending::Export(_, p) => p,
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

fn draw_resume(f: &mut Frame, area: Rect, s: &State, t: Theme) {
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
