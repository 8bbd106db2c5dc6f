//! `update(&mut State, Msg) -> Vec<Effect>`: every behaviour of the wizard, with no I/O.
//! The driver (`terminal.rs`) turns terminal events into `Msg`s and runs the effects.

use std::path::PathBuf;

use crossterm::event::{KeyEvent, KeyEventKind};

use super::catalog;
use super::fields::{Value, cycle};
use super::input::{self, Edit};
use super::keymap::{self, Action as A};
use super::state::FieldId as F;
use super::state::{Kind, Pending, Popup, State, Step, locate};
use super::text;
use crate::draft::{ConfigPair, Draft, RawValue, ValueType, slug};
use crate::export::Format;

/// Something that happened: a key, a paste, a resize, or the result of an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// A key event (only presses are acted on).
    Key(KeyEvent),
    /// A bracketed paste.
    Paste(String),
    /// The terminal's new size.
    Resize(u16, u16),
    /// Result of [`Effect::SaveAs`].
    Saved(Result<PathBuf, WriteFailure>),
    /// Result of [`Effect::Export`]: the files written.
    Exported(Result<Vec<PathBuf>, WriteFailure>),
    /// The autosave delay since [`Effect::ScheduleSave`] has passed.
    SaveDue,
    /// Result of [`Effect::SaveDraft`] (the reason, when it failed).
    DraftSaved(Result<(), String>),
    /// The wizard is closing (a quit key, a signal, the terminal hung up).
    Closing,
}

/// Why a write did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFailure {
    /// The target exists; ask before overwriting.
    Exists(PathBuf),
    /// Anything else, said in one line.
    Other(String),
}

/// What the driver must do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write the draft as an answers file.
    SaveAs {
        /// Target path (relative to the working directory when relative).
        path: PathBuf,
        /// Replace an existing file.
        overwrite: bool,
    },
    /// Render the draft and write the files.
    Export {
        /// What to produce.
        format: Format,
        /// File (or folder, for `all`) to write.
        path: PathBuf,
        /// Replace existing files.
        overwrite: bool,
    },
    /// Save the draft and leave.
    Quit,
    /// The draft has changes that are not on disk: write it once the autosave delay has
    /// passed (the driver then sends [`Msg::SaveDue`]); later changes do not push it back.
    ScheduleSave,
    /// Write the draft to `draft_path` now (the driver answers with [`Msg::DraftSaved`]).
    SaveDraft,
}

/// Every export format, in the order offered (SPEC §2; the answers file is Ctrl+S).
pub const FORMATS: [Format; 8] = [
    Format::Mobileconfig,
    Format::Graph,
    Format::GraphAssign,
    Format::AuthenticatorAssign,
    Format::GraphCustom,
    Format::Jamf,
    Format::Declaration,
    Format::All,
];

/// Default file (or folder) name for an export: the same rule `export` uses, without
/// rendering the export to find it out.
pub fn default_export_name(draft: &Draft, format: Format) -> String {
    crate::export::default_file_name(&slug(&draft.profile.name), format)
}

/// Apply one message to the state; return what the driver must do.
pub fn update(s: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            s.size = (w, h);
            Vec::new()
        }
        Msg::Key(k) if k.kind != KeyEventKind::Press => Vec::new(),
        Msg::Key(k) => {
            let mut effects = on_key(s, k);
            s.refresh_input_diags();
            schedule_save(s, &mut effects);
            effects
        }
        Msg::Paste(text) => {
            on_paste(s, &text);
            s.refresh_input_diags();
            let mut effects = Vec::new();
            schedule_save(s, &mut effects);
            effects
        }
        Msg::SaveDue => save_if_unsaved(s),
        Msg::DraftSaved(Ok(())) => {
            s.mark_saved();
            Vec::new()
        }
        Msg::DraftSaved(Err(e)) => {
            // Tried again after the delay: the folder may come back (a full disk freed).
            s.status = Some(text::draft_not_saved(&e));
            vec![Effect::ScheduleSave]
        }
        Msg::Closing => {
            // What was typed into a list's input line is added, not lost (even on SIGHUP).
            commit_pending(s);
            save_if_unsaved(s)
        }
        Msg::Saved(r) => {
            match r {
                Ok(p) => s.status = Some(text::saved_as(&p)),
                Err(WriteFailure::Exists(p)) => {
                    s.popup = Some(Popup::Confirm(Pending::SaveAs(p)));
                }
                Err(WriteFailure::Other(e)) => s.status = Some(text::write_failed(&e)),
            }
            Vec::new()
        }
        Msg::Exported(r) => {
            match r {
                Ok(files) => {
                    s.status = Some(text::exported(files.len()));
                    s.written = Some(super::state::Written { files });
                }
                Err(WriteFailure::Exists(p)) => {
                    s.popup = Some(Popup::Confirm(Pending::Export(s.format, p)));
                }
                Err(WriteFailure::Other(e)) => s.status = Some(text::write_failed(&e)),
            }
            Vec::new()
        }
    }
}

/// Autosave follows every change that leaves the draft on disk behind (drafts go nowhere
/// while the drafts folder is refused).
fn schedule_save(s: &State, effects: &mut Vec<Effect>) {
    if s.unsaved() && s.draft_path.is_some() && !effects.contains(&Effect::Quit) {
        effects.push(Effect::ScheduleSave);
    }
}

fn save_if_unsaved(s: &State) -> Vec<Effect> {
    if s.unsaved() && s.draft_path.is_some() {
        vec![Effect::SaveDraft]
    } else {
        Vec::new()
    }
}

fn on_key(s: &mut State, k: KeyEvent) -> Vec<Effect> {
    s.status = None;
    if keymap::quits(&k) {
        return vec![Effect::Quit];
    }
    if s.too_small() {
        return Vec::new();
    }
    let action = keymap::action(s, &k);
    if s.resume.is_some() {
        on_resume_key(s, action);
        return Vec::new();
    }
    if s.popup.is_some() {
        return on_popup_key(s, action, k);
    }
    let f = s.focused();
    let editing = f.kind() == Kind::Table && s.table.editing.is_some();
    // Quit keys were acted on above, before anything else (even at a too-small size).
    match action {
        Some(A::Help) => s.popup = Some(Popup::Help { scroll: 0 }),
        Some(A::SaveAs) => {
            s.popup = Some(Popup::SaveAs {
                path: format!("{}.toml", slug(&s.draft().profile.name)),
            });
            s.cursor = usize::MAX;
        }
        Some(A::NextStep) => go_to(s, s.step.next()),
        Some(A::PrevStep) => go_to(s, s.step.prev()),
        Some(A::Fix) => apply_selected_fix(s),
        Some(A::Back) if editing => s.table.editing = None,
        Some(A::Back) => go_to(s, s.step.prev()),
        Some(A::NextField) if editing => table_cell(s, 1),
        Some(A::NextField) => move_focus(s, 1),
        Some(A::PrevField) if editing => table_cell(s, 2),
        Some(A::PrevField) => move_focus(s, -1),
        _ => {
            return match f.kind() {
                Kind::Text => on_text_key(s, f, action, k),
                Kind::Choice => on_choice_key(s, f, action),
                Kind::Bool => on_bool_key(s, f, action),
                Kind::List => on_list_key(s, f, action, k),
                Kind::Table => on_table_key(s, action, k),
                Kind::Review => on_review_key(s, action),
            };
        }
    }
    Vec::new()
}

fn on_resume_key(s: &mut State, action: Option<A>) {
    let Some(r) = s.resume.as_mut() else { return };
    match action {
        Some(A::Up) => r.selected = r.selected.saturating_sub(1),
        Some(A::Down) => r.selected = (r.selected + 1).min(r.entries.len()),
        Some(A::Enter) => {
            let step = r.entries.get(r.selected).map(|e| e.step);
            if let Some(e) = r.entries.get(r.selected).cloned() {
                s.open(e.draft, e.path, e.step);
            }
            s.resume = None;
            // Where it was left.
            if let Some(step) = step {
                go_to(s, step);
            }
            s.cursor = s.focused_text().map_or(0, |t| t.chars().count());
        }
        Some(A::Close) => {
            s.resume = None;
        }
        _ => {}
    }
}

fn on_popup_key(s: &mut State, action: Option<A>, k: KeyEvent) -> Vec<Effect> {
    let Some(popup) = s.popup.clone() else {
        return Vec::new();
    };
    match popup {
        Popup::Help { scroll } => {
            let max = super::view::help_max_scroll(s);
            let scroll = match action {
                Some(A::Up) => scroll.saturating_sub(1),
                Some(A::PageUp) => scroll.saturating_sub(10),
                Some(A::Down) => scroll.saturating_add(1).min(max),
                Some(A::PageDown) => scroll.saturating_add(10).min(max),
                Some(A::Close) => {
                    s.popup = None;
                    return Vec::new();
                }
                _ => scroll,
            };
            s.popup = Some(Popup::Help { scroll });
        }
        Popup::Picker { selected } => on_picker_key(s, action, selected),
        Popup::SaveAs { mut path } => match action {
            Some(A::Close) => s.popup = None,
            Some(A::Enter) => {
                s.popup = None;
                if !path.trim().is_empty() {
                    return vec![Effect::SaveAs {
                        path: PathBuf::from(path),
                        overwrite: false,
                    }];
                }
            }
            _ => {
                if input::edit(&mut path, &mut s.cursor, k) != Edit::NotMine {
                    s.popup = Some(Popup::SaveAs { path });
                }
            }
        },
        Popup::Confirm(pending) => match action {
            Some(A::Overwrite) => {
                s.popup = None;
                return vec![match pending {
                    Pending::SaveAs(path) => Effect::SaveAs {
                        path,
                        overwrite: true,
                    },
                    Pending::Export(format, path) => Effect::Export {
                        format,
                        path,
                        overwrite: true,
                    },
                }];
            }
            Some(A::Close) => {
                s.popup = None;
                s.status = Some(text::NOT_OVERWRITTEN.to_string());
            }
            _ => {}
        },
    }
    Vec::new()
}

fn on_picker_key(s: &mut State, action: Option<A>, selected: usize) {
    let keys = catalog::known_keys();
    match action {
        Some(A::Up) => {
            s.popup = Some(Popup::Picker {
                selected: selected.saturating_sub(1),
            })
        }
        Some(A::Down) => {
            s.popup = Some(Popup::Picker {
                selected: (selected + 1).min(keys.len().saturating_sub(1)),
            })
        }
        Some(A::Close) => s.popup = None,
        Some(A::Enter) => {
            s.popup = None;
            if let Some(known) = keys.get(selected) {
                let rows = &s.draft().extension.config;
                if let Some(i) = rows.iter().position(|r| r.key == known.name) {
                    s.table.selected = i;
                    s.status = Some(text::KEY_ALREADY_THERE.to_string());
                } else {
                    s.table.selected = s.edit(|d| {
                        d.extension.config.push(ConfigPair {
                            key: known.name.to_string(),
                            kind: known.value_type,
                            value: known.initial.clone(),
                        });
                        d.extension.config.len() - 1
                    });
                    s.table.editing = Some(2);
                    s.cursor = usize::MAX;
                }
            }
        }
        _ => {}
    }
}

/// Move to another step; what was typed in a list's input line is added first.
pub fn go_to(s: &mut State, step: Step) {
    commit_pending(s);
    s.table.editing = None;
    s.step = step;
    if step == Step::Export && !s.export_path_edited {
        s.export_path = default_export_name(s.draft(), s.format);
    }
    s.clamp();
    s.cursor = usize::MAX;
}

fn move_focus(s: &mut State, delta: isize) {
    commit_pending(s);
    let n = s.fields().len() as isize;
    let i = s.focus.get(&s.step).copied().unwrap_or(0) as isize;
    let next = (i + delta).rem_euclid(n) as usize;
    s.focus.insert(s.step, next);
    s.cursor = usize::MAX;
}

/// A list's input line holds text when focus leaves (or the wizard is closed, even by
/// SIGHUP): add it rather than lose it.
fn commit_pending(s: &mut State) {
    let f = s.focused();
    if f.kind() == Kind::List {
        let text = s.lists.get(&f).map(|l| l.input.clone()).unwrap_or_default();
        if !text.trim().is_empty() {
            add_entries(s, f, vec![text.trim().to_string()]);
            if let Some(l) = s.lists.get_mut(&f) {
                l.input.clear();
            }
        }
    }
}

fn apply_selected_fix(s: &mut State) {
    let Some(fix) = s.selected_fix().cloned() else {
        s.status = Some(text::NO_FIX.to_string());
        return;
    };
    let before = s.draft().clone();
    s.edit(|d| catalog::apply_fix(&fix, d));
    s.status = Some(text::fix_done(&fix, &before, s.draft()));
}

fn set_text(s: &mut State, f: F, v: String) {
    match f.spec().value {
        Value::Text(t) => s.edit(|d| (t.set)(d, v)),
        Value::ExportPath => {
            s.export_path = v;
            s.export_path_edited = true;
        }
        _ => {}
    }
}

fn on_text_key(s: &mut State, f: F, action: Option<A>, k: KeyEvent) -> Vec<Effect> {
    if action == Some(A::Enter) {
        if f == F::ExportPath {
            return export(s);
        }
        move_focus_forward_if_not_last(s);
        return Vec::new();
    }
    let mut v = s.text_of(f);
    if input::edit(&mut v, &mut s.cursor, k) == Edit::Changed {
        set_text(s, f, v);
    }
    Vec::new()
}

fn move_focus_forward_if_not_last(s: &mut State) {
    let n = s.fields().len();
    let i = s.focus.get(&s.step).copied().unwrap_or(0);
    if i + 1 < n {
        move_focus(s, 1);
    }
}

fn export(s: &mut State) -> Vec<Effect> {
    let errors = s.errors().len();
    if errors > 0 {
        s.status = Some(text::export_blocked(errors));
        return Vec::new();
    }
    if s.export_path.trim().is_empty() {
        s.export_path = default_export_name(s.draft(), s.format);
    }
    vec![Effect::Export {
        format: s.format,
        path: PathBuf::from(&s.export_path),
        overwrite: false,
    }]
}

fn on_bool_key(s: &mut State, f: F, action: Option<A>) -> Vec<Effect> {
    match action {
        Some(A::Enter) => move_focus_forward_if_not_last(s),
        Some(A::Up | A::Down | A::Toggle) => {
            if let Value::Bool(b) = f.spec().value {
                let v = (b.get)(s.draft());
                s.edit(|d| (b.set)(d, !v));
            }
        }
        _ => {}
    }
    Vec::new()
}

fn on_choice_key(s: &mut State, f: F, action: Option<A>) -> Vec<Effect> {
    let down = match action {
        Some(A::Down | A::Toggle) => true,
        Some(A::Up) => false,
        Some(A::Enter) => {
            move_focus_forward_if_not_last(s);
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    let space = action == Some(A::Toggle);
    match f.spec().value {
        Value::Choice(c) => {
            if space && !c.space {
                return Vec::new();
            }
            if let Err(why) = s.try_edit(|d| (c.step)(d, down)) {
                s.status = Some(why.to_string());
            }
        }
        Value::ExportFormat if !space => {
            s.format = cycle(&FORMATS, s.format, down);
            // What was written belongs to the old format; the new one's notes show instead.
            s.written = None;
            if !s.export_path_edited {
                s.export_path = default_export_name(s.draft(), s.format);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Add entries to a list field (as typed; the rules report what is wrong with them).
fn add_entries(s: &mut State, f: F, entries: Vec<String>) {
    let Value::List(list) = f.spec().value else {
        return;
    };
    if entries.is_empty() {
        return;
    }
    let n = entries.len();
    let why = s.edit(|d| {
        list.entries.add(d, entries);
        list.on_add.and_then(|on_add| on_add(d))
    });
    if let Some(why) = why {
        s.status = Some(why.to_string());
    }
    let len = s.list_len(f);
    s.lists.entry(f).or_default().selected = len - 1;
    if n > 1 {
        s.status = Some(text::added(n));
    }
}

fn remove_entry(s: &mut State, f: F, i: usize) {
    let Value::List(list) = f.spec().value else {
        return;
    };
    if i >= list.entries.len(s.draft()) {
        return;
    }
    if let Some(removed) = s.edit(|d| list.entries.remove(d, i)) {
        s.status = Some(text::removed(&removed));
    }
}

fn on_list_key(s: &mut State, f: F, action: Option<A>, k: KeyEvent) -> Vec<Effect> {
    let n = s.list_len(f);
    let ui = s.lists.entry(f).or_default();
    match action {
        Some(A::Up) => ui.selected = ui.selected.saturating_sub(1),
        Some(A::Down) => ui.selected = (ui.selected + 1).min(n.saturating_sub(1)),
        Some(A::Delete) => {
            let i = ui.selected;
            remove_entry(s, f, i);
        }
        Some(A::Enter) => {
            let text = std::mem::take(&mut ui.input);
            s.cursor = 0;
            // Spaces around an entry are never meant (a paste already splits on them).
            let text = text.trim();
            if !text.is_empty() {
                add_entries(s, f, vec![text.to_string()]);
            }
        }
        _ => {
            input::edit(&mut ui.input, &mut s.cursor, k);
        }
    }
    Vec::new()
}

fn table_cell(s: &mut State, delta: usize) {
    if let Some(c) = s.table.editing {
        s.table.editing = Some((c + delta) % 3);
        s.cursor = usize::MAX;
    }
}

fn on_table_key(s: &mut State, action: Option<A>, k: KeyEvent) -> Vec<Effect> {
    let rows = s.draft().extension.config.len();
    let sel = s.table.selected;
    if let Some(cell) = s.table.editing {
        if sel >= rows {
            s.table.editing = None;
            return Vec::new();
        }
        match (cell, action) {
            (2, Some(A::Enter)) => s.table.editing = None,
            (_, Some(A::Enter)) => table_cell(s, 1),
            (1, Some(A::Up | A::Down | A::Toggle)) => {
                let all = [ValueType::String, ValueType::Integer, ValueType::Boolean];
                s.edit(|d| {
                    let row = &mut d.extension.config[sel];
                    let text = row.value.to_string();
                    let i = all.iter().position(|t| *t == row.kind).unwrap_or(0);
                    row.kind = if action == Some(A::Up) {
                        all[(i + 2) % 3]
                    } else {
                        all[(i + 1) % 3]
                    };
                    row.value = RawValue::from_cell(row.kind, &text);
                });
            }
            (0, _) => {
                let mut v = s.draft().extension.config[sel].key.clone();
                if input::edit(&mut v, &mut s.cursor, k) == Edit::Changed {
                    set_cell(s, sel, 0, v);
                }
            }
            (2, _) => {
                let mut v = s.draft().extension.config[sel].value.to_string();
                if input::edit(&mut v, &mut s.cursor, k) == Edit::Changed {
                    set_cell(s, sel, 2, v);
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Some(A::Up) => s.table.selected = sel.saturating_sub(1),
        Some(A::Down) => s.table.selected = (sel + 1).min(rows + 1),
        Some(A::Delete) if sel < rows => {
            let row = s.edit(|d| d.extension.config.remove(sel));
            s.status = Some(text::removed(&row.key));
        }
        // Enter edits the row's value, what an admin changes far more often than its key
        // (Tab reaches the key and the type).
        Some(A::Enter) if sel < rows => {
            s.table.editing = Some(2);
            s.cursor = usize::MAX;
        }
        Some(A::Enter) if sel == rows => {
            s.edit(|d| d.extension.config.push(ConfigPair::string("", "")));
            s.table.selected = rows;
            s.table.editing = Some(0);
            s.cursor = 0;
        }
        Some(A::Enter) => s.popup = Some(Popup::Picker { selected: 0 }),
        _ => {}
    }
    Vec::new()
}

/// Write a typed text cell of config row `row`: 0 its key, 2 its value (read as the row's
/// type, kept as typed when it does not parse so the rules can say so).
fn set_cell(s: &mut State, row: usize, cell: usize, text: String) {
    s.edit(|d| {
        let r = &mut d.extension.config[row];
        if cell == 0 {
            r.key = text;
        } else {
            r.value = RawValue::from_cell(r.kind, &text);
        }
    });
}

fn on_review_key(s: &mut State, action: Option<A>) -> Vec<Effect> {
    let n = s.diags().len();
    match action {
        Some(A::Up) => s.review_selected = s.review_selected.saturating_sub(1),
        Some(A::Down) => s.review_selected = (s.review_selected + 1).min(n.saturating_sub(1)),
        Some(A::Enter) => {
            if let Some(d) = s.review_diags().get(s.review_selected) {
                let field = d.field;
                jump_to(s, field);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Show the field a diagnostic belongs to (and its entry).
pub fn jump_to(s: &mut State, field: crate::rules::Field) {
    let (step, f, entry) = locate(field, s.draft());
    go_to(s, step);
    let fields = s.fields();
    let i = fields.iter().position(|x| *x == f).unwrap_or(0);
    s.focus.insert(step, i);
    if let Some(e) = entry {
        match f.kind() {
            Kind::List => s.lists.entry(f).or_default().selected = e,
            Kind::Table => {
                s.table.selected = e;
                s.table.editing = match field {
                    crate::rules::Field::ConfigKey(_) => Some(0),
                    crate::rules::Field::ConfigType(_) => Some(1),
                    crate::rules::Field::ConfigValue(_) => Some(2),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    s.clamp();
    s.cursor = usize::MAX;
}

fn on_paste(s: &mut State, pasted: &str) {
    s.status = None;
    if s.too_small() || s.resume.is_some() {
        return;
    }
    if let Some(Popup::SaveAs { path }) = s.popup.as_mut() {
        input::insert_str(path, &mut s.cursor, pasted);
        return;
    }
    if s.popup.is_some() {
        return;
    }
    let f = s.focused();
    match f.kind() {
        Kind::List => {
            let groups = matches!(f.spec().value, Value::List(l) if l.entries.groups());
            let separated = if groups {
                pasted.contains(['\r', '\n'])
            } else {
                pasted.contains(|c: char| c == ',' || c.is_whitespace())
            };
            let ui = s.lists.entry(f).or_default();
            // The paste lands at the cursor, inside whatever is already typed: one piece
            // just edits the input line; a list splits the whole line into entries.
            let mut line = std::mem::take(&mut ui.input);
            let mut cursor = s.cursor;
            if !separated {
                input::insert_str(&mut line, &mut cursor, pasted);
                ui.input = line;
                s.cursor = cursor;
                return;
            }
            let at = input::byte_at(&line, cursor.min(line.chars().count()));
            line.insert_str(at, pasted);
            s.cursor = 0;
            let entries = if groups {
                line.split(['\r', '\n'])
                    .map(|l| {
                        l.chars()
                            .filter(|c| input::insertable(*c))
                            .collect::<String>()
                    })
                    .filter(|l| !l.trim().is_empty())
                    .collect()
            } else {
                input::split_paste(&line)
            };
            add_entries(s, f, entries);
        }
        Kind::Text => {
            let mut v = s.text_of(f);
            if input::insert_str(&mut v, &mut s.cursor, pasted) {
                set_text(s, f, v);
            }
        }
        Kind::Table => {
            let sel = s.table.selected;
            let Some(row) = s.draft().extension.config.get(sel) else {
                s.status = Some(text::PASTE_NOWHERE.to_string());
                return;
            };
            let (cell, mut v) = match s.table.editing {
                Some(0) => (0, row.key.clone()),
                Some(2) => (2, row.value.to_string()),
                _ => {
                    s.status = Some(text::PASTE_NOWHERE.to_string());
                    return;
                }
            };
            if input::insert_str(&mut v, &mut s.cursor, pasted) {
                set_cell(s, sel, cell, v);
            }
        }
        // A choice takes no text: say so rather than drop the paste without a word.
        _ => s.status = Some(text::PASTE_NOWHERE.to_string()),
    }
}
