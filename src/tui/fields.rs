//! The wizard's fields, each declared once: its step, label, help section, how it reads
//! and writes the `Draft`, the rules' field paths that belong to it, and its kind.
//! `update`, the views, help and the plain mode walk [`FIELDS`]; nothing else names a
//! field's draft member or rules path.

use super::state::Step;
use super::text;
use crate::draft::{Draft, ExtensionType, Filter, FilterMode, Group, License, Target};
use crate::rules::Field;

/// Every focusable field of every step, in Tab order (the order of [`FIELDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum FieldId {
    Name,
    Description,
    Organization,
    Identifier,
    ScopeTags,
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
    /// Yes or not configured, flipped with Up/Down/Space.
    Bool,
    /// A list of strings with an input line.
    List,
    /// The configuration table.
    Table,
    /// The review's diagnostics.
    Review,
}

/// A one-line text field of the draft.
#[derive(Clone, Copy)]
pub struct Text {
    /// Its value.
    pub get: fn(&Draft) -> &str,
    /// Store a new value.
    pub set: fn(&mut Draft, String),
    /// What an empty value stands for (shown dimmed), if not "(blank)".
    pub default: Option<fn(&Draft) -> String>,
}

/// A yes/no field of the draft.
#[derive(Clone, Copy)]
pub struct Bool {
    /// Its value.
    pub get: fn(&Draft) -> bool,
    /// Store a new value.
    pub set: fn(&mut Draft, bool),
}

/// Every option of a choice as shown, with whether it is the chosen one.
pub type Options = fn(&Draft) -> Vec<(&'static str, bool)>;
/// A warning about a choice's value, if it needs one.
pub type Note = fn(&Draft) -> Option<&'static str>;

/// One of a few values of the draft.
#[derive(Clone, Copy)]
pub struct Choice {
    /// The chosen value as shown.
    pub show: fn(&Draft) -> &'static str,
    /// Move to the next (`down`) or previous value: whether it moved (not at the first or
    /// last value); `Err` is what to tell the admin when there is nothing to change.
    pub step: fn(&mut Draft, down: bool) -> Result<bool, &'static str>,
    /// Space steps down as well (not where a stray Space would change the profile's kind).
    pub space: bool,
    /// Every option with whether it is chosen, when they are shown on lines of their own.
    pub options: Option<Options>,
    /// A warning about the chosen value, shown under the options.
    pub note: Option<Note>,
}

/// The entries of a list field.
#[derive(Clone, Copy)]
pub enum Entries {
    /// Strings, as typed.
    Strings(
        fn(&Draft) -> &Vec<String>,
        fn(&mut Draft) -> &mut Vec<String>,
    ),
    /// Groups, one a line: `<id> <display name>`.
    Groups(fn(&Draft) -> &Vec<Group>, fn(&mut Draft) -> &mut Vec<Group>),
}

/// A list field of the draft.
#[derive(Clone, Copy)]
pub struct List {
    /// Its entries.
    pub entries: Entries,
    /// Each entry is checked as it is typed, before it is added.
    pub checked_as_typed: bool,
    /// What adding entries also changes (and the status line that says so).
    pub on_add: Option<fn(&mut Draft) -> Option<&'static str>>,
}

/// What a field reads and writes.
#[derive(Clone, Copy)]
pub enum Value {
    /// A text field of the draft.
    Text(Text),
    /// A yes/no field of the draft.
    Bool(Bool),
    /// A choice of the draft.
    Choice(Choice),
    /// A list of the draft.
    List(List),
    /// The configuration table (rows edited cell by cell).
    Table,
    /// The review's diagnostics.
    Review,
    /// The export format (the session's, not the draft's).
    ExportFormat,
    /// The export path (the session's).
    ExportPath,
}

/// Whether a field is in the Review summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InSummary {
    /// Always, with its value.
    Always,
    /// Only while it has a value (a switch: only while on, named by its label).
    IfSet,
    /// In the full summary (help, plain mode), not on the review page (which has the room
    /// of an 80×24 screen only).
    NotOnPage,
    /// Never (the review itself, the export's choices).
    Never,
}

/// One field, declared once.
#[derive(Clone, Copy)]
pub struct Spec {
    /// Which field.
    pub id: FieldId,
    /// The step it is on.
    pub step: Step,
    /// The extension types it is shown for (empty: all).
    pub only: &'static [ExtensionType],
    /// Its label.
    pub label: fn(&Draft) -> &'static str,
    /// Its section in the step's help file (`## key` in `assets/help/`).
    pub help: &'static str,
    /// Whether a rules path belongs to this field, and to which entry.
    pub rules: fn(Field) -> Option<Option<usize>>,
    /// What it reads and writes.
    pub value: Value,
    /// Whether the Review summary shows it.
    pub summary: InSummary,
    /// Its label in the Review summary, when shorter than `label` there.
    pub summary_label: Option<&'static str>,
}

impl Spec {
    /// How the field is edited.
    pub fn kind(&self) -> Kind {
        match self.value {
            Value::Text(_) | Value::ExportPath => Kind::Text,
            Value::Bool(_) => Kind::Bool,
            Value::Choice(_) | Value::ExportFormat => Kind::Choice,
            Value::List(_) => Kind::List,
            Value::Table => Kind::Table,
            Value::Review => Kind::Review,
        }
    }

    /// Whether the field is shown for this draft.
    pub fn shown(&self, draft: &Draft) -> bool {
        self.only.is_empty() || self.only.contains(&draft.extension.kind)
    }
}

impl FieldId {
    /// The field's declaration.
    pub fn spec(self) -> &'static Spec {
        &FIELDS[self as usize]
    }

    /// How the field is edited.
    pub fn kind(self) -> Kind {
        self.spec().kind()
    }

    /// The help-file section name for this field (`## name` in `assets/help/`).
    pub fn help_key(self) -> &'static str {
        self.spec().help
    }
}

impl Entries {
    /// How many entries.
    pub fn len(&self, d: &Draft) -> usize {
        match self {
            Entries::Strings(get, _) => get(d).len(),
            Entries::Groups(get, _) => get(d).len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self, d: &Draft) -> bool {
        self.len(d) == 0
    }

    /// The entries as shown. Groups are `id  name`, as they are typed: when the line is
    /// cut, the name goes, not the id Graph will use.
    pub fn shown(&self, d: &Draft) -> Vec<String> {
        match self {
            Entries::Strings(get, _) => get(d).clone(),
            Entries::Groups(get, _) => get(d)
                .iter()
                .map(|g| {
                    if g.name.is_empty() {
                        g.id.clone()
                    } else {
                        format!("{}  {}", g.id, g.name)
                    }
                })
                .collect(),
        }
    }

    /// Append entries as typed (the rules report what is wrong with them).
    pub fn add(&self, d: &mut Draft, entries: Vec<String>) {
        match self {
            Entries::Strings(_, at) => at(d).extend(entries),
            Entries::Groups(_, at) => at(d).extend(entries.iter().map(|e| parse_group(e))),
        }
    }

    /// Remove entry `i`; what it was (a group's id).
    pub fn remove(&self, d: &mut Draft, i: usize) -> Option<String> {
        match self {
            Entries::Strings(_, at) => (i < at(d).len()).then(|| at(d).remove(i)),
            Entries::Groups(_, at) => (i < at(d).len()).then(|| at(d).remove(i).id),
        }
    }

    /// The group behind entry `i`, for a group list.
    pub fn group<'a>(&self, d: &'a Draft, i: usize) -> Option<&'a Group> {
        match self {
            Entries::Groups(get, _) => get(d).get(i),
            Entries::Strings(..) => None,
        }
    }

    /// Whether entries are groups (one a line, pasted line by line).
    pub fn groups(&self) -> bool {
        matches!(self, Entries::Groups(..))
    }
}

/// `<id> <display name>` (comma or whitespace after the id).
fn parse_group(line: &str) -> Group {
    let line = line.trim();
    // `split_once` steps over the separator whatever its length (U+3000 is three bytes).
    match line.split_once(|c: char| c == ',' || c.is_whitespace()) {
        Some((id, name)) => Group {
            id: id.to_string(),
            name: name.trim().to_string(),
        },
        None => Group {
            id: line.to_string(),
            name: String::new(),
        },
    }
}

/// The value after `cur` in `all` (or before it), stopping at the ends.
pub fn cycle<T: Copy + PartialEq>(all: &[T], cur: T, down: bool) -> T {
    let i = all.iter().position(|x| *x == cur).unwrap_or(0);
    if down {
        all[(i + 1).min(all.len() - 1)]
    } else {
        all[i.saturating_sub(1)]
    }
}

/// The Kerberos-only fields.
pub const KERBEROS: &[ExtensionType] = &[ExtensionType::Kerberos];
const APP_IDS: &[ExtensionType] = &[ExtensionType::Redirect, ExtensionType::Credential];
const REALMS: &[ExtensionType] = &[ExtensionType::Credential, ExtensionType::Kerberos];

/// A field of `step`, shown for every extension type, with no rules path of its own.
const fn field(
    id: FieldId,
    step: Step,
    help: &'static str,
    label: fn(&Draft) -> &'static str,
    value: Value,
) -> Spec {
    Spec {
        id,
        step,
        only: &[],
        label,
        help,
        rules: |_| None,
        value,
        summary: match value {
            Value::Review | Value::ExportFormat | Value::ExportPath => InSummary::Never,
            _ => InSummary::Always,
        },
        summary_label: None,
    }
}

impl Spec {
    /// Shown only for these extension types.
    const fn only(mut self, types: &'static [ExtensionType]) -> Spec {
        self.only = types;
        self
    }

    /// In the Review summary only while it has a value.
    const fn if_set(mut self) -> Spec {
        self.summary = InSummary::IfSet;
        self
    }

    /// Called `label` in the Review summary.
    const fn summary_label(mut self, label: &'static str) -> Spec {
        self.summary_label = Some(label);
        self
    }

    /// In the full summary only, not on the review page.
    const fn not_on_page(mut self) -> Spec {
        self.summary = InSummary::NotOnPage;
        self
    }

    /// The rules paths that belong to it.
    const fn owns(mut self, rules: fn(Field) -> Option<Option<usize>>) -> Spec {
        self.rules = rules;
        self
    }
}

/// The rules path of a one-value field.
macro_rules! path {
    ($($p:pat),+) => {
        |f| matches!(f, $($p)|+).then_some(None)
    };
}

/// The rules paths of a list: the list as a whole (if it has one) and its entries.
macro_rules! entries {
    ($entry:path) => {
        |f| match f {
            $entry(i) => Some(Some(i)),
            _ => None,
        }
    };
    ($whole:path, $entry:path) => {
        |f| match f {
            $whole => Some(None),
            $entry(i) => Some(Some(i)),
            _ => None,
        }
    };
}

/// A text member of the draft ("(blank)" when empty).
macro_rules! text {
    ($($m:ident).+) => {
        Value::Text(Text { get: |d| &d.$($m).+, set: |d, v| d.$($m).+ = v, default: None })
    };
}

/// A yes/no member of the draft.
macro_rules! boolean {
    ($($m:ident).+) => {
        Value::Bool(Bool { get: |d| d.$($m).+, set: |d, v| d.$($m).+ = v })
    };
}

/// A list member of the draft, checked as typed or not.
macro_rules! list {
    ($kind:ident, $checked:expr, $($m:ident).+) => {
        Value::List(List {
            entries: Entries::$kind(|d| &d.$($m).+, |d| &mut d.$($m).+),
            checked_as_typed: $checked,
            on_add: None,
        })
    };
}

/// A Kerberos field: its help section and its rules path are both its name, the name of
/// its member in the draft and in the answers file.
macro_rules! kerberos {
    ($id:ident, $label:expr, list, $name:ident) => {
        kerberos!(@ $id, $label, $name, list!(Strings, false, extension.kerberos.$name))
    };
    ($id:ident, $label:expr, boolean, $name:ident) => {
        // A switch is summarised by name while it is on.
        kerberos!(@ $id, $label, $name, boolean!(extension.kerberos.$name)).if_set()
    };
    ($id:ident, $label:expr, $value:ident, $name:ident) => {
        kerberos!(@ $id, $label, $name, $value!(extension.kerberos.$name))
    };
    (@ $id:ident, $label:expr, $name:ident, $value:expr) => {
        field(FieldId::$id, Step::Extension, stringify!($name), |_| $label, $value)
            .only(KERBEROS)
            .owns(path!(Field::Kerberos(stringify!($name))))
    };
}

/// The choice of a value among `all`, stopping at the ends.
macro_rules! choice {
    ($show:path, $all:expr, $($m:ident).+) => {
        Value::Choice(Choice {
            show: |d| $show(d.$($m).+),
            step: |d, down| {
                let next = cycle(&$all, d.$($m).+, down);
                Ok(std::mem::replace(&mut d.$($m).+, next) != next)
            },
            space: true,
            options: None,
            note: None,
        })
    };
}

use FieldId as I;
use Step::{Assignments, Basics, Export, Extension, Review};

/// Every field, in Tab order; `FIELDS[id as usize].id == id`.
#[rustfmt::skip]
pub static FIELDS: [Spec; 35] = [
    field(I::Name, Basics, "name", |_| text::NAME, text!(profile.name))
        .owns(path!(Field::File, Field::Name)),
    field(I::Description, Basics, "description", |_| text::DESCRIPTION, text!(profile.description))
        .owns(path!(Field::Description)).if_set(),
    field(I::Organization, Basics, "organization", |_| text::ORGANIZATION, text!(profile.organization))
        .owns(path!(Field::Organization)).if_set(),
    field(I::Identifier, Basics, "identifier", |_| text::IDENTIFIER, Value::Text(Text {
        get: |d| d.profile.identifier.as_deref().unwrap_or(""),
        set: |d, v| d.profile.identifier = (!v.is_empty()).then_some(v),
        default: Some(|d| d.profile.effective_identifier()),
    }))
    // The UUIDs have no field of their own in the wizard: they are kept from an import;
    // the identifier is the nearest thing an admin edits.
    .owns(path!(Field::Identifier, Field::ProfileUuid))
    .not_on_page(),
    // Graph `roleScopeTagIds`: who in Intune may see and edit the profile ("0" is Default).
    field(I::ScopeTags, Basics, "scope_tags", |_| text::SCOPE_TAGS, list!(Strings, false, profile.scope_tags))
        .owns(entries!(Field::ScopeTag)),
    field(I::ExtType, Extension, "type", |_| text::step_title(Step::Extension), Value::Choice(Choice {
        show: |d| text::ext_type_short(d.extension.kind),
        step: |d, down| {
            let next = cycle(&ExtensionType::ALL, d.extension.kind, down);
            Ok(std::mem::replace(&mut d.extension.kind, next) != next)
        },
        space: false,
        // The options get their own lines: the Entra ID one carries its JIT mark in full
        // even at 60 columns.
        options: Some(|d| {
            ExtensionType::ALL.iter().map(|k| (text::ext_type(*k), *k == d.extension.kind)).collect()
        }),
        note: Some(|d| text::no_jit(d.extension.kind)),
    }))
    .owns(path!(Field::ExtensionType, Field::PayloadUuid))
    .summary_label(text::SUMMARY_TYPE),
    field(I::SharedDeviceMode, Extension, "shared_device_mode", |_| text::SHARED_DEVICE_MODE,
        boolean!(extension.shared_device_mode))
        .only(&[ExtensionType::EntraId])
        .owns(path!(Field::SharedDeviceMode)),
    field(I::ExtensionId, Extension, "extension_id", |_| text::EXTENSION_ID, text!(extension.extension_id))
        .only(APP_IDS)
        .owns(path!(Field::ExtensionId)),
    field(I::TeamId, Extension, "team_id", |_| text::TEAM_ID, text!(extension.team_id))
        .only(APP_IDS)
        .owns(path!(Field::TeamId)),
    field(I::Urls, Extension, "urls", |_| text::URLS, list!(Strings, true, extension.urls))
        .only(&[ExtensionType::Redirect])
        .owns(entries!(Field::Urls, Field::Url)),
    field(I::Realm, Extension, "realm", |_| text::REALM, text!(extension.realm))
        .only(REALMS)
        .owns(path!(Field::Realm)),
    field(I::Domains, Extension, "domains", |_| text::DOMAINS, list!(Strings, true, extension.domains))
        .only(REALMS)
        .owns(entries!(Field::Domains, Field::Domain)),
    kerberos!(KBlockKeychain, text::K_BLOCK_KEYCHAIN, boolean, block_keychain_usage),
    kerberos!(KRequirePresence, text::K_REQUIRE_PRESENCE, boolean, require_user_presence),
    kerberos!(KDefaultRealm, text::K_DEFAULT_REALM, boolean, default_realm),
    kerberos!(KBlockAutodiscover, text::K_BLOCK_AUTODISCOVER, boolean, block_autodiscover),
    kerberos!(KManagedAppsOnly, text::K_MANAGED_APPS_ONLY, boolean, managed_apps_only),
    kerberos!(KPrincipal, text::K_PRINCIPAL, text, principal_name),
    kerberos!(KSiteCode, text::K_SITE_CODE, text, site_code),
    kerberos!(KCacheName, text::K_CACHE_NAME, text, cache_name),
    kerberos!(KHelpText, text::K_HELP_TEXT, text, sign_in_help_text),
    kerberos!(KDomainRealms, text::K_DOMAIN_REALMS, list, domain_realms),
    field(I::BundleIds, Step::BundleIds, "bundle_ids",
        |d| match d.extension.kind {
            ExtensionType::Kerberos => text::BUNDLE_IDS_KERBEROS,
            _ => text::BUNDLE_IDS,
        },
        list!(Strings, true, extension.bundle_ids))
        .owns(entries!(Field::BundleIds, Field::BundleId)),
    field(I::ConfigTable, Step::Config, "config", |_| text::CONFIG_TITLE, Value::Table)
        .owns(|f| match f {
            Field::Config => Some(None),
            Field::ConfigKey(i) | Field::ConfigType(i) | Field::ConfigValue(i) => Some(Some(i)),
            _ => None,
        })
        .summary_label(text::SUMMARY_CONFIG),
    field(I::Target, Assignments, "target", |_| text::TARGET,
        choice!(text::target, [Target::AllUsers, Target::AllDevices, Target::Groups, Target::None],
            assignments.target))
        .owns(path!(Field::Target)),
    field(I::IncludeGroups, Assignments, "include_groups", |_| text::INCLUDE_GROUPS, Value::List(List {
        entries: Entries::Groups(|d| &d.assignments.include_groups, |d| &mut d.assignments.include_groups),
        checked_as_typed: false,
        // Adding a group means "assign to groups"; say so instead of leaving the group
        // unused behind another target.
        on_add: Some(|d| {
            (d.assignments.target != Target::Groups).then(|| {
                d.assignments.target = Target::Groups;
                text::TARGET_NOW_GROUPS
            })
        }),
    }))
    .owns(entries!(Field::IncludeGroup)).if_set(),
    field(I::ExcludeGroups, Assignments, "exclude_groups", |_| text::EXCLUDE_GROUPS,
        list!(Groups, false, assignments.exclude_groups))
        .owns(entries!(Field::ExcludeGroup)).if_set(),
    field(I::FilterId, Assignments, "filter", |_| text::FILTER_ID, Value::Text(Text {
        get: |d| d.assignments.filter.as_ref().map_or("", |f| f.id.as_str()),
        set: |d, v| {
            let mode = d.assignments.filter.as_ref().map(|f| f.mode).unwrap_or_default();
            d.assignments.filter = (!v.is_empty()).then_some(Filter { id: v, mode });
        },
        default: None,
    }))
    .owns(path!(Field::Filter)).if_set(),
    field(I::FilterMode, Assignments, "filter_mode", |_| text::FILTER_MODE, Value::Choice(Choice {
        show: |d| d.assignments.filter.as_ref().map_or(text::BLANK, |f| text::filter_mode(f.mode)),
        // Two values: any step flips.
        step: |d, _| {
            let filter = d.assignments.filter.as_mut().ok_or(text::FILTER_ID_FIRST)?;
            filter.mode = match filter.mode {
                FilterMode::Include => FilterMode::Exclude,
                FilterMode::Exclude => FilterMode::Include,
            };
            Ok(true)
        },
        space: true,
        options: None,
        note: None,
    })).if_set(),
    field(I::AuthRequired, Assignments, "authenticator_required", |_| text::AUTH_REQUIRED,
        boolean!(authenticator.required))
        .owns(path!(Field::AuthenticatorRequired)),
    field(I::AuthAppId, Assignments, "app_id", |_| text::AUTH_APP_ID, text!(authenticator.app_id))
        .owns(path!(Field::AuthenticatorAppId))
        .summary_label(text::SUMMARY_APP_ID),
    field(I::License, Assignments, "license", |_| text::LICENSE,
        choice!(text::license, [License::Store, License::VppDevice, License::VppUser],
            authenticator.license))
        .owns(path!(Field::License)),
    field(I::ReviewList, Review, "diagnostics", |_| text::REVIEW_PROBLEMS, Value::Review),
    field(I::ExportFormat, Export, "format", |_| text::FORMAT, Value::ExportFormat),
    field(I::ExportPath, Export, "path", |_| text::PATH, Value::ExportPath),
];

/// The fields of a step, in Tab order (step 2 depends on the extension type).
pub fn fields(step: Step, draft: &Draft) -> Vec<FieldId> {
    FIELDS
        .iter()
        .filter(|f| f.step == step && f.shown(draft))
        .map(|f| f.id)
        .collect()
}

/// The field a rules path belongs to, and the entry within it (list index or config row).
pub fn owner(field: Field) -> Option<(&'static Spec, Option<usize>)> {
    // Which field owns a path depends only on its variant (and a Kerberos field's name),
    // never on a list index: remember it, so 10,000 findings cost one walk of the table
    // per variant instead of one each, several times a frame.
    type Shape = (std::mem::Discriminant<Field>, Option<&'static str>);
    static OWNERS: std::sync::Mutex<Option<std::collections::HashMap<Shape, Option<usize>>>> =
        std::sync::Mutex::new(None);
    let shape: Shape = (
        std::mem::discriminant(&field),
        match field {
            Field::Kerberos(name) => Some(name),
            _ => None,
        },
    );
    let mut owners = OWNERS.lock().unwrap_or_else(|e| e.into_inner());
    let index = *owners
        .get_or_insert_with(Default::default)
        .entry(shape)
        .or_insert_with(|| FIELDS.iter().position(|f| (f.rules)(field).is_some()));
    drop(owners);
    let spec = &FIELDS[index?];
    (spec.rules)(field).map(|entry| (spec, entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_id_order() {
        for (i, f) in FIELDS.iter().enumerate() {
            assert_eq!(f.id as usize, i, "{:?} is out of place", f.id);
        }
    }

    #[test]
    fn every_kerberos_member_has_one_field() {
        // Set each Kerberos field through the table: the answers file's
        // `[extension.kerberos]` then holds exactly the table's names, each written by the
        // field whose help section and rules path carry that name.
        let mut d = Draft::new_jit();
        d.extension.kind = ExtensionType::Kerberos;
        let mut names = Vec::new();
        for f in FIELDS.iter().filter(|f| f.only == KERBEROS) {
            match f.value {
                Value::Bool(b) => (b.set)(&mut d, true),
                Value::Text(t) => (t.set)(&mut d, "x".into()),
                Value::List(l) => l.entries.add(&mut d, vec!["x".into()]),
                _ => unreachable!(),
            }
            let (owner, _) = owner(Field::Kerberos(f.help)).expect(f.help);
            assert_eq!(owner.id, f.id);
            names.push(f.help.to_string());
        }
        let toml = toml::Value::try_from(&d.extension.kerberos).unwrap();
        let mut written: Vec<String> = toml.as_table().unwrap().keys().cloned().collect();
        written.sort();
        names.sort();
        assert_eq!(written, names);
    }
}
