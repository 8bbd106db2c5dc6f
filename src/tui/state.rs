//! Wizard state: the one `Draft` (the truth) plus where the admin is. Everything else here
//! is UI position (focus, cursor, selections, popups) or derived (diagnostics).

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::fields::{self, Value};
pub use super::fields::{FieldId, Kind, fields};
use crate::draft::{Draft, ExtensionType};
use crate::export::Format;
use crate::rules::{self, Diagnostic, Field};

/// The seven steps of SPEC §4, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// 1: name, description, organization, identifier.
    Basics,
    /// 2: the extension type and its fields.
    Extension,
    /// 3: App bundle IDs.
    BundleIds,
    /// 4: Additional configuration.
    Config,
    /// 5: assignments and Authenticator.
    Assignments,
    /// 6: Review + create.
    Review,
    /// 7: Export.
    Export,
}

impl Step {
    /// All steps in order.
    pub const ALL: [Step; 7] = [
        Step::Basics,
        Step::Extension,
        Step::BundleIds,
        Step::Config,
        Step::Assignments,
        Step::Review,
        Step::Export,
    ];

    /// 1-based number.
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    /// The next step (the last stays).
    pub fn next(self) -> Step {
        Step::ALL[self.number().min(6)]
    }

    /// The previous step (the first stays).
    pub fn prev(self) -> Step {
        Step::ALL[self.number().saturating_sub(2)]
    }
}

/// UI state of one list field: its selected entry and the not-yet-added input line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListUi {
    /// Selected entry.
    pub selected: usize,
    /// The input line (not part of the draft until Enter adds it).
    pub input: String,
}

/// The config table: selected row (rows, then "+ new row", then "+ known key…") and the
/// cell being edited, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableUi {
    /// Selected line.
    pub selected: usize,
    /// Cell being edited: 0 key, 1 type, 2 value.
    pub editing: Option<usize>,
}

/// A popup over the step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Popup {
    /// Help for the step and field, scrolled.
    Help {
        /// First line shown.
        scroll: u16,
    },
    /// The known-key picker; `selected` indexes `catalog::known_keys()`.
    Picker {
        /// Highlighted key.
        selected: usize,
    },
    /// Save the draft as an answers file at `path`.
    SaveAs {
        /// The path typed so far.
        path: String,
    },
    /// A file exists: overwrite?
    Confirm(Pending),
}

/// An action waiting for "overwrite?" confirmation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Save-as to this path.
    SaveAs(PathBuf),
    /// Export in this format to this path.
    Export(Format, PathBuf),
}

/// One resumable draft offered at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResumeEntry {
    /// Where it lives.
    pub path: PathBuf,
    /// Its content.
    pub draft: Draft,
    /// "3 min ago", "2026-11-26 13:40 UTC".
    pub when: String,
    /// Open in another wizard when the chooser was shown: opening it opens a copy.
    pub in_use: bool,
    /// The step it was left at (it opens there).
    pub step: Step,
}

/// The start-up chooser: resume a recent draft or start a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// Recent drafts, newest first.
    pub entries: Vec<ResumeEntry>,
    /// Highlighted line (`entries.len()` = start a new draft).
    pub selected: usize,
    /// Problems found while reading the drafts folder (corrupt drafts set aside).
    pub notes: Vec<String>,
}

/// What was written by the last export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written (relative to the working directory when that is where they are).
    pub files: Vec<PathBuf>,
}

/// The whole wizard state.
#[derive(Debug, Clone)]
pub struct State {
    /// The profile: the single source of truth. Changed only through [`State::edit`] (and
    /// [`State::open`]), so the diagnostics, the revision and the selections always follow.
    draft: Draft,
    /// `rules::validate(&draft)`, recomputed after every change.
    diags: Vec<Diagnostic>,
    /// The review list's order (indices into `diags`), sorted on first use after a change
    /// rather than on every frame of the Review step.
    review_order: std::sync::OnceLock<Vec<usize>>,
    /// Diagnostics of the text in the focused list's input line, as it is typed (no fix:
    /// the entry is not in the draft yet).
    pub input_diags: Vec<Diagnostic>,
    /// Incremented on every change of the draft.
    revision: u64,
    /// The revision and step of the draft as last written to `draft_path` (by an autosave
    /// or on the way out); `None` while nothing of this draft is on disk.
    saved: Option<(u64, Step)>,
    /// Current step.
    pub step: Step,
    /// Focused field index per step.
    pub focus: BTreeMap<Step, usize>,
    /// Cursor (in characters) of the focused text input.
    pub cursor: usize,
    /// List fields' UI state.
    pub lists: BTreeMap<FieldId, ListUi>,
    /// The config table's UI state.
    pub table: TableUi,
    /// Selected diagnostic in the review list.
    pub review_selected: usize,
    /// Export format.
    pub format: Format,
    /// Export path as typed (relative paths are relative to the working directory).
    pub export_path: String,
    /// Whether the admin edited the export path (then format changes leave it alone).
    pub export_path_edited: bool,
    /// The last export's result.
    pub written: Option<Written>,
    /// Open popup.
    pub popup: Option<Popup>,
    /// The start-up chooser, while shown.
    pub resume: Option<Resume>,
    /// One-line message for the admin (saved, exported, refused), until the next key.
    pub status: Option<String>,
    /// What `edit FILE`'s import left out (already escaped); shown at the top of help.
    pub import_notes: Vec<String>,
    /// Where the draft is autosaved (the driver writes it; resuming changes it).
    pub draft_path: Option<PathBuf>,
    /// Why drafts are not being saved at all (an unsafe drafts folder), shown while it lasts.
    pub drafts_off: Option<String>,
    /// Terminal size.
    pub size: (u16, u16),
    /// Colours allowed (`NO_COLOR` unset or empty).
    pub color: bool,
    /// Where the views' lists were scrolled to last frame (the views keep it, not `update`).
    pub scroll: crate::tui::view::ScrollMemory,
}

/// The smallest usable terminal: below it the "too small" screen shows and only the quit
/// keys are acted on. `update` and the view both ask [`too_small`], so they cannot disagree.
pub const MIN_SIZE: (u16, u16) = (60, 16);

/// Whether a `w`×`h` terminal is below [`MIN_SIZE`].
pub fn too_small(w: u16, h: u16) -> bool {
    w < MIN_SIZE.0 || h < MIN_SIZE.1
}

impl State {
    /// A wizard on `draft`.
    pub fn new(draft: Draft) -> State {
        let mut s = State {
            draft,
            diags: Vec::new(),
            review_order: std::sync::OnceLock::new(),
            input_diags: Vec::new(),
            revision: 0,
            saved: None,
            step: Step::Basics,
            focus: BTreeMap::new(),
            cursor: 0,
            lists: BTreeMap::new(),
            table: TableUi::default(),
            review_selected: 0,
            format: Format::Mobileconfig,
            export_path: String::new(),
            export_path_edited: false,
            written: None,
            popup: None,
            resume: None,
            status: None,
            import_notes: Vec::new(),
            draft_path: None,
            drafts_off: None,
            size: (80, 24),
            color: false,
            scroll: Default::default(),
        };
        s.revalidate();
        s.cursor = s.focused_text().map_or(0, |t| t.chars().count());
        s
    }

    /// The profile being edited.
    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    /// `rules::validate` of the draft, as of the last change.
    pub fn diags(&self) -> &[Diagnostic] {
        &self.diags
    }

    /// How many changes the draft has had (0: untouched since it was opened).
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Change the draft. Every change goes through here, so the diagnostics are
    /// recomputed, the revision moves (the draft is then unsaved) and selections that
    /// pointed past a removed entry are pulled back.
    pub fn edit<R>(&mut self, change: impl FnOnce(&mut Draft) -> R) -> R {
        let r = change(&mut self.draft);
        self.changed();
        r
    }

    /// [`State::edit`] with a change that may refuse or find nothing to do: `Err` and
    /// `Ok(false)` mean nothing was changed (the diagnostics and the revision stay as they
    /// are, so no save is due).
    pub fn try_edit<E>(
        &mut self,
        change: impl FnOnce(&mut Draft) -> Result<bool, E>,
    ) -> Result<bool, E> {
        let changed = change(&mut self.draft)?;
        if changed {
            self.changed();
        }
        Ok(changed)
    }

    /// What follows every change of the draft.
    fn changed(&mut self) {
        self.revision += 1;
        self.revalidate();
        self.clamp();
    }

    /// Open another draft (a resumed one, at `path`, which holds it as it is now).
    pub fn open(&mut self, draft: Draft, path: PathBuf, step: Step) {
        self.draft = draft;
        self.draft_path = Some(path);
        self.revalidate();
        self.saved = Some((self.revision, step));
        self.clamp();
    }

    /// Whether the draft on disk is behind this one: changed since it was written, or (for
    /// a draft already on disk) left at another step. Moving between the steps of a new,
    /// untouched draft writes nothing.
    pub fn unsaved(&self) -> bool {
        match self.saved {
            Some((revision, step)) => revision != self.revision || step != self.step,
            None => self.revision != 0,
        }
    }

    /// Note that the draft as it is now has been written to `draft_path`.
    pub fn mark_saved(&mut self) {
        self.saved = Some((self.revision, self.step));
    }

    /// Note that `draft_path` holds nothing of this draft yet (a copy to be written).
    pub fn mark_unsaved(&mut self) {
        self.saved = Some((self.revision.wrapping_sub(1), self.step));
    }

    fn revalidate(&mut self) {
        self.diags = rules::validate(&self.draft);
        self.review_order.take();
    }

    /// Keep every selection and the focus inside what exists.
    pub fn clamp(&mut self) {
        let lists: Vec<FieldId> = self.lists.keys().copied().collect();
        for f in lists {
            let n = self.list_len(f);
            if let Some(l) = self.lists.get_mut(&f) {
                l.selected = l.selected.min(n.saturating_sub(1));
            }
        }
        let rows = self.draft.extension.config.len();
        self.table.selected = self.table.selected.min(rows + 1);
        if self.table.selected >= rows {
            self.table.editing = None;
        }
        // The review lists every diagnostic: its length without sorting them (this runs
        // on every change, 10,000 findings included).
        let n = self.diags.len();
        self.review_selected = self.review_selected.min(n.saturating_sub(1));
        let nf = self.fields().len();
        let i = self.focus.entry(self.step).or_insert(0);
        *i = (*i).min(nf - 1);
    }

    /// Check the focused list's input line on its own, so its problems show while typing.
    /// Only that entry is validated (a tiny draft), so this stays cheap with long lists.
    pub fn refresh_input_diags(&mut self) {
        self.input_diags.clear();
        let f = self.focused();
        let Some(text) = self.lists.get(&f).map(|l| l.input.clone()) else {
            return;
        };
        if text.is_empty() {
            return;
        }
        let Value::List(list) = f.spec().value else {
            return;
        };
        if !list.checked_as_typed {
            return;
        }
        let mut probe = Draft::new_jit();
        probe.profile.name = "probe".into();
        probe.extension.kind = self.draft.extension.kind;
        list.entries.add(&mut probe, vec![text]);
        self.input_diags = rules::validate(&probe)
            .into_iter()
            .filter(|d| (f.spec().rules)(d.field) == Some(Some(0)))
            .map(|mut d| {
                d.fix = None;
                d
            })
            .collect();
    }

    /// The fields of the current step.
    pub fn fields(&self) -> Vec<FieldId> {
        fields(self.step, &self.draft)
    }

    /// The focused field of the current step.
    pub fn focused(&self) -> FieldId {
        let f = self.fields();
        let i = self.focus.get(&self.step).copied().unwrap_or(0);
        f[i.min(f.len() - 1)]
    }

    /// Whether the terminal is below the minimum size.
    pub fn too_small(&self) -> bool {
        too_small(self.size.0, self.size.1)
    }

    /// The text of the focused text input (field or list input line), if any.
    pub fn focused_text(&self) -> Option<String> {
        let f = self.focused();
        match f.kind() {
            Kind::Text => Some(self.text_of(f)),
            Kind::List => Some(
                self.lists
                    .get(&f)
                    .map(|l| l.input.clone())
                    .unwrap_or_default(),
            ),
            Kind::Table => {
                let row = self.draft.extension.config.get(self.table.selected)?;
                match self.table.editing {
                    Some(0) => Some(row.key.clone()),
                    Some(2) => Some(row.value.to_string()),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Whether typed characters go into a text input now (then `?` is a character).
    pub fn in_text(&self) -> bool {
        self.popup
            .as_ref()
            .is_some_and(|p| matches!(p, Popup::SaveAs { .. }))
            || (self.popup.is_none() && self.resume.is_none() && self.focused_text().is_some())
    }

    /// The current value of a text field.
    pub fn text_of(&self, f: FieldId) -> String {
        match f.spec().value {
            Value::Text(t) => (t.get)(&self.draft).to_string(),
            Value::ExportPath => self.export_path.clone(),
            _ => String::new(),
        }
    }

    /// How many entries a list field has (without copying them).
    pub fn list_len(&self, f: FieldId) -> usize {
        match f.spec().value {
            Value::List(l) => l.entries.len(&self.draft),
            _ => 0,
        }
    }

    /// The strings of a list field, as shown (groups `id  name`).
    pub fn list_items(&self, f: FieldId) -> Vec<String> {
        match f.spec().value {
            Value::List(l) => l.entries.shown(&self.draft),
            _ => Vec::new(),
        }
    }

    /// Diagnostics of the current step, most severe first (stable within a severity).
    pub fn step_diags(&self, step: Step) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self
            .diags
            .iter()
            .filter(|d| locate(d.field, &self.draft).0 == step)
            .collect();
        v.sort_by_key(|d| d.severity);
        v
    }

    /// Diagnostics that belong to a field (and, for lists and the table, to an entry).
    pub fn diags_at(&self, f: FieldId, entry: Option<usize>) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self
            .diags
            .iter()
            .filter(|d| {
                let (_, field, e) = locate(d.field, &self.draft);
                field == f && (entry.is_none() || e.is_none() || e == entry)
            })
            .collect();
        v.sort_by_key(|d| d.severity);
        v
    }

    /// The fix Ctrl+F applies: the selected problem's, or else that of another problem on
    /// the same entry (an error without a fix must not hide the trim fix beside it).
    pub fn selected_fix(&self) -> Option<&crate::rules::Fix> {
        let d = self.selected_diag()?;
        if let Some(fix) = &d.fix {
            return Some(fix);
        }
        let here = locate(d.field, &self.draft);
        self.diags
            .iter()
            .filter(|x| locate(x.field, &self.draft) == here)
            .find_map(|x| x.fix.as_ref())
    }

    /// The diagnostic shown under the fields: the focused entry's, else the focused
    /// field's, else the step's most severe one.
    pub fn selected_diag(&self) -> Option<&Diagnostic> {
        if self.step == Step::Review {
            return self.review_diags().get(self.review_selected).copied();
        }
        if self.step == Step::Export {
            return None;
        }
        let f = self.focused();
        let entry = match f.kind() {
            Kind::List => Some(self.lists.get(&f).map_or(0, |l| l.selected)),
            Kind::Table => Some(self.table.selected),
            _ => None,
        };
        if let Some(e) = entry {
            let at: Vec<&Diagnostic> = self
                .diags
                .iter()
                .filter(|d| {
                    let (_, field, i) = locate(d.field, &self.draft);
                    field == f && i == Some(e)
                })
                .collect();
            if let Some(d) = at.iter().min_by_key(|d| d.severity) {
                return Some(d);
            }
            if let Some(d) = self.input_diags.iter().min_by_key(|d| d.severity) {
                return Some(d);
            }
        }
        if let Some(d) = self.diags_at(f, None).first() {
            return Some(d);
        }
        self.step_diags(self.step).first().copied()
    }

    /// Every diagnostic, grouped by step in step order (the review list).
    pub fn review_diags(&self) -> Vec<&Diagnostic> {
        let order = self.review_order.get_or_init(|| {
            let mut v: Vec<(Step, rules::Severity, usize)> = self
                .diags
                .iter()
                .enumerate()
                .map(|(i, d)| (locate(d.field, &self.draft).0, d.severity, i))
                .collect();
            // Stable: within a step and severity, the rules' order.
            v.sort_by_key(|(s, sev, _)| (*s, *sev));
            v.into_iter().map(|(_, _, i)| i).collect()
        });
        order.iter().map(|&i| &self.diags[i]).collect()
    }

    /// Whether any error blocks export.
    pub fn errors(&self) -> Vec<&Diagnostic> {
        self.diags
            .iter()
            .filter(|d| d.severity == rules::Severity::Error)
            .collect()
    }
}

/// Where a diagnostic's field lives: step, field, and entry (list index or config row).
pub fn locate(field: Field, draft: &Draft) -> (Step, FieldId, Option<usize>) {
    match fields::owner(field) {
        Some((spec, entry)) => (spec.step, spec.id, entry),
        // Only a Kerberos name no field declares gets here (none does today: the field
        // table's test sets every Kerberos member): show it with the realm.
        None if draft.extension.kind == ExtensionType::Kerberos => {
            (Step::Extension, FieldId::Realm, None)
        }
        None => (Step::Extension, FieldId::ExtType, None),
    }
}
