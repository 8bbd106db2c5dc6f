//! Wizard state: the one `Draft` (the truth) plus where the admin is. Everything else here
//! is UI position (focus, cursor, selections, popups) or derived (diagnostics).

use std::collections::BTreeMap;
use std::path::PathBuf;

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

/// Every focusable field of every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum FieldId {
    Name,
    Description,
    Organization,
    Identifier,
    ExtType,
    SharedDeviceMode,
    ExtensionId,
    TeamId,
    Urls,
    Realm,
    Domains,
    KBlockKeychain,
    KRequirePresence,
    KDefaultRealm,
    KBlockAutodiscover,
    KManagedAppsOnly,
    KPrincipal,
    KSiteCode,
    KCacheName,
    KHelpText,
    KDomainRealms,
    BundleIds,
    ConfigTable,
    Target,
    IncludeGroups,
    ExcludeGroups,
    FilterId,
    FilterMode,
    AuthRequired,
    AuthAppId,
    License,
    ReviewList,
    ExportFormat,
    ExportPath,
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text, typed in place.
    Text,
    /// One of a few values, changed with Up/Down.
    Choice,
    /// A list of strings with an input line.
    List,
    /// The configuration table.
    Table,
    /// The review's diagnostics.
    Review,
}

impl FieldId {
    /// How the field is edited.
    pub fn kind(self) -> Kind {
        use FieldId::*;
        match self {
            Name | Description | Organization | Identifier | ExtensionId | TeamId | Realm
            | KPrincipal | KSiteCode | KCacheName | KHelpText | FilterId | AuthAppId
            | ExportPath => Kind::Text,
            ExtType | SharedDeviceMode | KBlockKeychain | KRequirePresence | KDefaultRealm
            | KBlockAutodiscover | KManagedAppsOnly | Target | FilterMode | AuthRequired
            | License | ExportFormat => Kind::Choice,
            Urls | Domains | KDomainRealms | BundleIds | IncludeGroups | ExcludeGroups => {
                Kind::List
            }
            ConfigTable => Kind::Table,
            ReviewList => Kind::Review,
        }
    }

    /// The help-file section name for this field (`## name` in `assets/help/`).
    pub fn help_key(self) -> &'static str {
        use FieldId::*;
        match self {
            Name => "name",
            Description => "description",
            Organization => "organization",
            Identifier => "identifier",
            ExtType => "type",
            SharedDeviceMode => "shared_device_mode",
            ExtensionId => "extension_id",
            TeamId => "team_id",
            Urls => "urls",
            Realm => "realm",
            Domains => "domains",
            KBlockKeychain => "block_keychain_usage",
            KRequirePresence => "require_user_presence",
            KDefaultRealm => "default_realm",
            KBlockAutodiscover => "block_autodiscover",
            KManagedAppsOnly => "managed_apps_only",
            KPrincipal => "principal_name",
            KSiteCode => "site_code",
            KCacheName => "cache_name",
            KHelpText => "sign_in_help_text",
            KDomainRealms => "domain_realms",
            BundleIds => "bundle_ids",
            ConfigTable => "config",
            Target => "target",
            IncludeGroups => "include_groups",
            ExcludeGroups => "exclude_groups",
            FilterId => "filter",
            FilterMode => "filter_mode",
            AuthRequired => "authenticator_required",
            AuthAppId => "app_id",
            License => "license",
            ReviewList => "diagnostics",
            ExportFormat => "format",
            ExportPath => "path",
        }
    }
}

/// The fields of a step, in Tab order (step 2 depends on the extension type).
pub fn fields(step: Step, draft: &Draft) -> Vec<FieldId> {
    use FieldId::*;
    match step {
        Step::Basics => vec![Name, Description, Organization, Identifier],
        Step::Extension => {
            let mut v = vec![ExtType];
            match draft.extension.kind {
                ExtensionType::EntraId => v.push(SharedDeviceMode),
                ExtensionType::Redirect => v.extend([ExtensionId, TeamId, Urls]),
                ExtensionType::Credential => v.extend([ExtensionId, TeamId, Realm, Domains]),
                ExtensionType::Kerberos => v.extend([
                    Realm,
                    Domains,
                    KBlockKeychain,
                    KRequirePresence,
                    KDefaultRealm,
                    KBlockAutodiscover,
                    KManagedAppsOnly,
                    KPrincipal,
                    KSiteCode,
                    KCacheName,
                    KHelpText,
                    KDomainRealms,
                ]),
            }
            v
        }
        Step::BundleIds => vec![BundleIds],
        Step::Config => vec![ConfigTable],
        Step::Assignments => vec![
            Target,
            IncludeGroups,
            ExcludeGroups,
            FilterId,
            FilterMode,
            AuthRequired,
            AuthAppId,
            License,
        ],
        Step::Review => vec![ReviewList],
        Step::Export => vec![ExportFormat, ExportPath],
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
    /// The profile: the single source of truth.
    pub draft: Draft,
    /// `rules::validate(&draft)`, recomputed after every change.
    pub diags: Vec<Diagnostic>,
    /// Diagnostics of the text in the focused list's input line, as it is typed (no fix:
    /// the entry is not in the draft yet).
    pub input_diags: Vec<Diagnostic>,
    /// Incremented on every change of the draft (the driver autosaves when it moves).
    pub revision: u64,
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
            input_diags: Vec::new(),
            revision: 0,
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
        };
        s.revalidate();
        s.cursor = s.focused_text().map_or(0, |t| t.chars().count());
        s
    }

    /// Recompute the diagnostics.
    pub fn revalidate(&mut self) {
        self.diags = rules::validate(&self.draft);
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
        let mut probe = Draft::new_jit();
        probe.profile.name = "probe".into();
        probe.extension.kind = self.draft.extension.kind;
        let want = match f {
            FieldId::BundleIds => {
                probe.extension.bundle_ids = vec![text];
                Field::BundleId(0)
            }
            FieldId::Urls => {
                probe.extension.urls = vec![text];
                Field::Url(0)
            }
            FieldId::Domains => {
                probe.extension.domains = vec![text];
                Field::Domain(0)
            }
            _ => return,
        };
        self.input_diags = rules::validate(&probe)
            .into_iter()
            .filter(|d| d.field == want)
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
        let d = &self.draft;
        let k = &d.extension.kerberos;
        match f {
            FieldId::Name => d.profile.name.clone(),
            FieldId::Description => d.profile.description.clone(),
            FieldId::Organization => d.profile.organization.clone(),
            FieldId::Identifier => d.profile.identifier.clone().unwrap_or_default(),
            FieldId::ExtensionId => d.extension.extension_id.clone(),
            FieldId::TeamId => d.extension.team_id.clone(),
            FieldId::Realm => d.extension.realm.clone(),
            FieldId::KPrincipal => k.principal_name.clone(),
            FieldId::KSiteCode => k.site_code.clone(),
            FieldId::KCacheName => k.cache_name.clone(),
            FieldId::KHelpText => k.sign_in_help_text.clone(),
            FieldId::FilterId => d
                .assignments
                .filter
                .as_ref()
                .map(|f| f.id.clone())
                .unwrap_or_default(),
            FieldId::AuthAppId => d.authenticator.app_id.clone(),
            FieldId::ExportPath => self.export_path.clone(),
            _ => String::new(),
        }
    }

    /// How many entries a list field has (without copying them).
    pub fn list_len(&self, f: FieldId) -> usize {
        let e = &self.draft.extension;
        let a = &self.draft.assignments;
        match f {
            FieldId::Urls => e.urls.len(),
            FieldId::Domains => e.domains.len(),
            FieldId::KDomainRealms => e.kerberos.domain_realms.len(),
            FieldId::BundleIds => e.bundle_ids.len(),
            FieldId::IncludeGroups => a.include_groups.len(),
            FieldId::ExcludeGroups => a.exclude_groups.len(),
            _ => 0,
        }
    }

    /// The strings of a list field. Groups are shown `id  name`, as they are typed: when
    /// the line is cut, the name goes, not the id Graph will use.
    pub fn list_items(&self, f: FieldId) -> Vec<String> {
        let e = &self.draft.extension;
        let group = |g: &crate::draft::Group| {
            if g.name.is_empty() {
                g.id.clone()
            } else {
                format!("{}  {}", g.id, g.name)
            }
        };
        match f {
            FieldId::Urls => e.urls.clone(),
            FieldId::Domains => e.domains.clone(),
            FieldId::KDomainRealms => e.kerberos.domain_realms.clone(),
            FieldId::BundleIds => e.bundle_ids.clone(),
            FieldId::IncludeGroups => self
                .draft
                .assignments
                .include_groups
                .iter()
                .map(group)
                .collect(),
            FieldId::ExcludeGroups => self
                .draft
                .assignments
                .exclude_groups
                .iter()
                .map(group)
                .collect(),
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
        let mut v: Vec<(Step, &Diagnostic)> = self
            .diags
            .iter()
            .map(|d| (locate(d.field, &self.draft).0, d))
            .collect();
        v.sort_by_key(|(s, d)| (*s, d.severity));
        v.into_iter().map(|(_, d)| d).collect()
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
    use FieldId as F;
    let kerberos = draft.extension.kind == ExtensionType::Kerberos;
    match field {
        Field::File | Field::Name => (Step::Basics, F::Name, None),
        Field::Description => (Step::Basics, F::Description, None),
        Field::Organization => (Step::Basics, F::Organization, None),
        // The UUIDs and scope tags have no field of their own in the wizard: they are kept
        // from an import; the identifier is the nearest thing an admin edits.
        Field::Identifier | Field::ProfileUuid | Field::ScopeTag(_) => {
            (Step::Basics, F::Identifier, None)
        }
        Field::ExtensionType => (Step::Extension, F::ExtType, None),
        Field::ExtensionId => (Step::Extension, F::ExtensionId, None),
        Field::TeamId => (Step::Extension, F::TeamId, None),
        Field::Urls => (Step::Extension, F::Urls, None),
        Field::Url(i) => (Step::Extension, F::Urls, Some(i)),
        Field::Realm => (Step::Extension, F::Realm, None),
        Field::Domains => (Step::Extension, F::Domains, None),
        Field::Domain(i) => (Step::Extension, F::Domains, Some(i)),
        Field::SharedDeviceMode => (Step::Extension, F::SharedDeviceMode, None),
        Field::PayloadUuid => (Step::Extension, F::ExtType, None),
        Field::Kerberos(name) => {
            let f = match name {
                "block_keychain_usage" => F::KBlockKeychain,
                "require_user_presence" => F::KRequirePresence,
                "default_realm" => F::KDefaultRealm,
                "block_autodiscover" => F::KBlockAutodiscover,
                "managed_apps_only" => F::KManagedAppsOnly,
                "principal_name" => F::KPrincipal,
                "site_code" => F::KSiteCode,
                "cache_name" => F::KCacheName,
                "sign_in_help_text" => F::KHelpText,
                "domain_realms" => F::KDomainRealms,
                _ if kerberos => F::Realm,
                _ => F::ExtType,
            };
            (Step::Extension, f, None)
        }
        Field::BundleIds => (Step::BundleIds, F::BundleIds, None),
        Field::BundleId(i) => (Step::BundleIds, F::BundleIds, Some(i)),
        Field::Config => (Step::Config, F::ConfigTable, None),
        Field::ConfigKey(i) | Field::ConfigType(i) | Field::ConfigValue(i) => {
            (Step::Config, F::ConfigTable, Some(i))
        }
        Field::Target => (Step::Assignments, F::Target, None),
        Field::IncludeGroup(i) => (Step::Assignments, F::IncludeGroups, Some(i)),
        Field::ExcludeGroup(i) => (Step::Assignments, F::ExcludeGroups, Some(i)),
        Field::Filter => (Step::Assignments, F::FilterId, None),
        Field::AuthenticatorRequired => (Step::Assignments, F::AuthRequired, None),
        Field::AuthenticatorAppId => (Step::Assignments, F::AuthAppId, None),
        Field::License => (Step::Assignments, F::License, None),
    }
}
