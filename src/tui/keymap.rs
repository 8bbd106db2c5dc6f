//! Every key binding, declared once. `update` asks [`action`] what a key does where the
//! admin is; the footer, the popups and the resume chooser render [`hints`] from the same
//! bindings, so a hint cannot name a key that does something else (gitui's
//! `commands()` → cmdbar).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::state::{FieldId, Kind, Popup, State, Step};
use super::text::hint;

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Save the draft and leave.
    Quit,
    /// Open help.
    Help,
    /// Open the save-as popup.
    SaveAs,
    /// Next step.
    NextStep,
    /// Previous step.
    PrevStep,
    /// Apply the selected problem's fix.
    Fix,
    /// Stop editing a table cell, else go back a step.
    Back,
    /// Next field (or cell, while a table row is edited).
    NextField,
    /// Previous field (or cell).
    PrevField,
    /// Move up, or the previous value.
    Up,
    /// Move down, or the next value.
    Down,
    /// Scroll a page up.
    PageUp,
    /// Scroll a page down.
    PageDown,
    /// Flip a switch or step a choice.
    Toggle,
    /// The focused thing's main action (confirm, add, edit, export, save, open, go to).
    Enter,
    /// Remove the selected entry or row.
    Delete,
    /// Close a popup, or keep a file, or start a new draft.
    Close,
    /// Overwrite the file.
    Overwrite,
}

/// A key with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
}

const fn key(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}

impl Key {
    fn matches(self, k: &KeyEvent) -> bool {
        self.code == k.code && self.ctrl == k.modifiers.contains(KeyModifiers::CONTROL)
    }

    /// The key as the footer names it.
    fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(c) if self.ctrl => return format!("Ctrl+{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => return c.to_string(),
            KeyCode::F(n) => return format!("F{n}"),
            KeyCode::Up => "Up",
            KeyCode::Down => "Down",
            KeyCode::Enter => "Enter",
            KeyCode::Esc => "Esc",
            KeyCode::Tab => "Tab",
            KeyCode::BackTab => "Shift+Tab",
            KeyCode::Delete => "Del",
            KeyCode::PageUp => "PgUp",
            KeyCode::PageDown => "PgDn",
            _ => "?",
        };
        base.to_string()
    }
}

/// Keys that do one thing (or one thing each way), and the hint that names them.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// Each key and what it does.
    keys: &'static [(Key, Action)],
    /// How many of the keys the hint names (the rest are aliases).
    shown: usize,
    /// What the hint says they do.
    does: &'static str,
}

impl Binding {
    /// The hint: the keys it names (`Up/Down`) and what they do.
    pub fn hint(&self) -> (String, &'static str) {
        let names: Vec<String> = self.keys[..self.shown]
            .iter()
            .map(|(k, _)| k.name())
            .collect();
        (names.join("/"), self.does)
    }
}

const fn binding(keys: &'static [(Key, Action)], shown: usize, does: &'static str) -> Binding {
    Binding { keys, shown, does }
}

use Action as A;
use KeyCode as C;

/// Ctrl+Q (or Ctrl+C): leave, anywhere.
pub const QUIT: Binding = binding(&[(ctrl('q'), A::Quit), (ctrl('c'), A::Quit)], 1, hint::QUIT);
const HELP: Binding = binding(
    &[(key(C::F(1)), A::Help), (ch('?'), A::Help)],
    1,
    hint::HELP,
);
const SAVE: Binding = binding(&[(ctrl('s'), A::SaveAs)], 1, hint::SAVE);
const NEXT: Binding = binding(
    &[(ctrl('n'), A::NextStep), (key(C::PageDown), A::NextStep)],
    1,
    hint::NEXT,
);
const PREV: Binding = binding(
    &[(ctrl('p'), A::PrevStep), (key(C::PageUp), A::PrevStep)],
    1,
    hint::PREV,
);
const FIX: Binding = binding(&[(ctrl('f'), A::Fix)], 1, hint::FIX);
const FIELD: Binding = binding(
    &[(key(C::Tab), A::NextField), (key(C::BackTab), A::PrevField)],
    1,
    hint::FIELD,
);
const CELL: Binding = binding(
    &[(key(C::Tab), A::NextField), (key(C::BackTab), A::PrevField)],
    1,
    hint::CELL,
);
const ESC_BACK: Binding = binding(&[(key(C::Esc), A::Back)], 0, "");
const LEAVE: Binding = binding(&[(key(C::Esc), A::Back)], 1, hint::LEAVE);

const UP_DOWN: &[(Key, Action)] = &[(key(C::Up), A::Up), (key(C::Down), A::Down)];
const ENTER: &[(Key, Action)] = &[(key(C::Enter), A::Enter)];
const ESC_CLOSE: &[(Key, Action)] = &[(key(C::Esc), A::Close)];

const fn up_down(does: &'static str) -> Binding {
    binding(UP_DOWN, 2, does)
}
const fn enter(does: &'static str) -> Binding {
    binding(ENTER, 1, does)
}
const fn esc(does: &'static str) -> Binding {
    binding(ESC_CLOSE, 1, does)
}
const CHOOSE: Binding = binding(
    &[
        (key(C::Up), A::Up),
        (key(C::Down), A::Down),
        (ch(' '), A::Toggle),
    ],
    2,
    hint::CHOOSE,
);
const REMOVE: Binding = binding(&[(key(C::Delete), A::Delete)], 1, hint::REMOVE);
const CLOSE: Binding = binding(
    &[
        (key(C::Esc), A::Close),
        (key(C::Enter), A::Close),
        (key(C::F(1)), A::Close),
        (ch('?'), A::Close),
    ],
    1,
    hint::CLOSE,
);
const SCROLL: Binding = binding(
    &[
        (key(C::Up), A::Up),
        (key(C::Down), A::Down),
        (key(C::PageUp), A::PageUp),
        (key(C::PageDown), A::PageDown),
    ],
    2,
    hint::SCROLL,
);
// Only `y` replaces a file: Enter pressed twice on the path must not overwrite by
// accident, so Enter keeps it like Esc.
const YES: Binding = binding(
    &[(ch('y'), A::Overwrite), (ch('Y'), A::Overwrite)],
    1,
    hint::YES,
);
const NO: Binding = binding(
    &[
        (ch('n'), A::Close),
        (key(C::Enter), A::Close),
        (key(C::Esc), A::Close),
        (ch('N'), A::Close),
    ],
    3,
    hint::NO,
);

/// The overwrite question's keys (its popup lists them too).
pub const CONFIRM_KEYS: [Binding; 2] = [YES, NO];

/// Keys that act the same on every field of every step (after the field's own).
const STEP_KEYS: [Binding; 8] = [FIX, FIELD, NEXT, PREV, HELP, SAVE, QUIT, ESC_BACK];

/// What can be done where the admin is, most specific first, each with whether its hint
/// shows now (a key that does nothing here is not offered; worked out only `for_hints`,
/// as finding the fix walks the diagnostics).
fn bindings(s: &State, for_hints: bool) -> Vec<(Binding, bool)> {
    let always = |b: Binding| (b, true);
    if s.resume.is_some() {
        return vec![
            always(up_down(hint::CHOOSE)),
            always(enter(hint::OPEN)),
            always(esc(hint::NEW_DRAFT)),
            always(QUIT),
        ];
    }
    match &s.popup {
        Some(Popup::Help { .. }) => return vec![always(SCROLL), always(CLOSE), always(QUIT)],
        Some(Popup::Picker { .. }) => {
            return vec![
                always(up_down(hint::MOVE)),
                always(enter(hint::PICK)),
                always(esc(hint::CLOSE)),
                (QUIT, false),
            ];
        }
        Some(Popup::SaveAs { .. }) => {
            return vec![
                always(enter(hint::SAVE_HERE)),
                always(esc(hint::CANCEL)),
                (QUIT, false),
            ];
        }
        Some(Popup::Confirm(_)) => return vec![always(YES), always(NO), (QUIT, false)],
        None => {}
    }
    let f = s.focused();
    let editing = f.kind() == Kind::Table && s.table.editing.is_some();
    let mut v = field_bindings(s, f);
    for b in STEP_KEYS {
        let shown = for_hints
            && match b.keys[0].1 {
                A::Fix => s.selected_fix().is_some(),
                A::NextField => s.fields().len() > 1 && !editing,
                A::NextStep => s.step != Step::Export,
                A::PrevStep => s.step != Step::Basics,
                _ => b.shown > 0,
            };
        v.push((b, shown));
    }
    v
}

/// The focused field's own keys.
fn field_bindings(s: &State, f: FieldId) -> Vec<(Binding, bool)> {
    let always = |b: Binding| (b, true);
    match f.kind() {
        Kind::Text if f == FieldId::ExportPath => vec![always(enter(hint::EXPORT))],
        Kind::Text => vec![always(enter(hint::CONFIRM))],
        // Enter on the format moves to the path, where Enter exports: say so, or a
        // first-time admin is left looking for the export key.
        Kind::Choice if f == FieldId::ExportFormat => {
            vec![always(CHOOSE), always(enter(hint::CONFIRM))]
        }
        Kind::Choice | Kind::Bool => vec![always(CHOOSE), (enter(hint::CONFIRM), false)],
        Kind::List => vec![
            always(enter(hint::ADD)),
            (REMOVE, s.list_len(f) > 0),
            (up_down(hint::MOVE), false),
        ],
        // Up/Down choose only the type: in the key and value cells they are the text's.
        Kind::Table if s.table.editing == Some(1) => vec![
            always(CHOOSE),
            always(CELL),
            always(enter(hint::DONE)),
            always(LEAVE),
        ],
        Kind::Table if s.table.editing.is_some() => {
            vec![always(CELL), always(enter(hint::DONE)), always(LEAVE)]
        }
        Kind::Table => vec![
            always(up_down(hint::MOVE)),
            always(enter(hint::EDIT)),
            (REMOVE, s.table.selected < s.draft().extension.config.len()),
        ],
        Kind::Review => {
            let any = !s.diags().is_empty();
            vec![(up_down(hint::MOVE), any), (enter(hint::JUMP), any)]
        }
    }
}

/// What key `k` does now, if anything. A plain character typed into a text input is
/// text, not a command (`?` is a question mark in a name).
pub fn action(s: &State, k: &KeyEvent) -> Option<Action> {
    if quits(k) {
        return Some(Action::Quit);
    }
    let typing = s.in_text();
    bindings(s, false).iter().find_map(|(b, _)| {
        b.keys
            .iter()
            .filter(|(key, _)| !(typing && key.is_char()))
            .find(|(key, _)| key.matches(k))
            .map(|(_, a)| *a)
    })
}

/// Whether `k` leaves the wizard (it does everywhere, even on the too-small screen).
pub fn quits(k: &KeyEvent) -> bool {
    QUIT.keys.iter().any(|(key, _)| key.matches(k))
}

impl Key {
    fn is_char(self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl
    }
}

/// The hints to show now, in order: the focused thing's keys, then the step's.
pub fn hints(s: &State) -> Vec<(String, &'static str)> {
    bindings(s, true)
        .into_iter()
        .filter(|(b, shown)| *shown && b.shown > 0)
        .map(|(b, _)| b.hint())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;

    #[test]
    fn key_names_read_as_the_footer_always_said() {
        assert_eq!(QUIT.hint(), ("Ctrl+Q".to_string(), hint::QUIT));
        assert_eq!(NO.hint(), ("n/Enter/Esc".to_string(), hint::NO));
        assert_eq!(SCROLL.hint().0, "Up/Down");
    }

    #[test]
    fn every_hinted_key_does_its_bindings_action() {
        // On every step, each key a hint names is dispatched to that binding's action:
        // no earlier binding takes the key.
        let mut s = State::new(Draft::new_jit());
        for step in Step::ALL {
            s.step = step;
            for (b, shown) in bindings(&s, true) {
                for (k, a) in b.keys.iter().take(b.shown).filter(|_| shown) {
                    let ev = KeyEvent::new(
                        k.code,
                        if k.ctrl {
                            KeyModifiers::CONTROL
                        } else {
                            KeyModifiers::NONE
                        },
                    );
                    assert_eq!(action(&s, &ev), Some(*a), "{:?} on {step:?}", k);
                }
            }
        }
    }
}
