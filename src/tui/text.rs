//! Every short user-facing string of the wizard, in one place (help texts live in
//! `assets/help/`).

use std::path::Path;

use super::state::Step;
use crate::draft::{Draft, ExtensionType, FilterMode, License, Target, ValueType};
use crate::export::Format;
use crate::rules::Fix;

/// Program name in the header.
pub const APP: &str = "sso-wizard";
/// After an empty field's default value while it is edited.
pub const DEFAULT_SUFFIX: &str = "(default)";
/// Header when the profile has no name yet.
pub const UNNAMED: &str = "(unnamed profile)";

/// Step titles, as in the step indicator.
pub fn step_title(step: Step) -> &'static str {
    match step {
        Step::Basics => "Basics",
        Step::Extension => "Extension type",
        Step::BundleIds => "App bundle IDs",
        Step::Config => "Additional configuration",
        Step::Assignments => "Assignments",
        Step::Review => "Review + create",
        Step::Export => "Export",
    }
}

/// The short explanation under the header (two lines at 80 columns at most).
pub fn step_intro(step: Step, kind: ExtensionType) -> &'static str {
    match (step, kind) {
        (Step::Basics, _) => {
            "Name the profile as admins will see it in Intune. The identifier keeps \
             re-exports of this profile recognisable as the same profile on devices."
        }
        (Step::Extension, _) => {
            "Choose the SSO app extension type. Just-in-time (JIT) registration needs \
             Microsoft Entra ID; the other types are for other identity providers."
        }
        (Step::BundleIds, ExtensionType::Kerberos) => {
            "Apps allowed to use the Kerberos credential (credential bundle ID ACL). \
             List each app that needs the ticket."
        }
        (Step::BundleIds, ExtensionType::Redirect | ExtensionType::Credential) => {
            "This extension type has no App bundle ID list in Intune: entries here are kept \
             in the draft but not exported. Choose Microsoft Entra ID for JIT registration."
        }
        (Step::BundleIds, _) => {
            "Non-Microsoft apps that may use single sign-on. Microsoft's MSAL apps are \
             covered automatically: don't add them, and never add Microsoft Authenticator."
        }
        (Step::Config, _) => {
            "Keys passed to the extension. JIT needs device_registration; keep both JIT \
             rows, with no spaces around keys or values."
        }
        (Step::Assignments, _) => {
            "Who gets the profile, and Microsoft Authenticator as a required app for the \
             same users (it hosts the SSO extension)."
        }
        (Step::Review, _) => {
            "Everything you chose, and every problem found. Enter on a problem takes you \
             to its field. Errors block export; warnings don't."
        }
        (Step::Export, _) => {
            "Write the profile for your route: Intune, Jamf Pro, any MDM or Apple's \
             declarative management. Nothing is overwritten without asking."
        }
    }
}

/// Field labels.
pub const NAME: &str = "Name";
/// Field label.
pub const DESCRIPTION: &str = "Description";
/// Field label.
pub const ORGANIZATION: &str = "Organization";
/// Field label.
pub const IDENTIFIER: &str = "Identifier";
/// Field label.
pub const SCOPE_TAGS: &str = "Scope tags";
/// Field label.
pub const SHARED_DEVICE_MODE: &str = "Shared device mode";
/// Field label.
pub const EXTENSION_ID: &str = "Extension ID";
/// Field label.
pub const TEAM_ID: &str = "Team ID";
/// Field label.
pub const URLS: &str = "URLs";
/// Field label.
pub const REALM: &str = "Realm";
/// Field label.
pub const DOMAINS: &str = "Domains";
/// Field label.
pub const K_BLOCK_KEYCHAIN: &str = "Block keychain usage";
/// Field label.
pub const K_REQUIRE_PRESENCE: &str = "Require Face ID/passcode";
/// Field label.
pub const K_DEFAULT_REALM: &str = "Set as default realm";
/// Field label.
pub const K_BLOCK_AUTODISCOVER: &str = "Block Autodiscover";
/// Field label.
pub const K_MANAGED_APPS_ONLY: &str = "Allow only managed apps";
/// Field label.
pub const K_PRINCIPAL: &str = "Principal name";
/// Field label.
pub const K_SITE_CODE: &str = "Active Directory site code";
/// Field label.
pub const K_CACHE_NAME: &str = "Cache name";
/// Field label.
pub const K_HELP_TEXT: &str = "Sign in window text";
/// Field label.
pub const K_DOMAIN_REALMS: &str = "Domain realm mapping";
/// Field label.
pub const BUNDLE_IDS: &str = "Bundle IDs";
/// Kerberos variant of the bundle-ID list title.
pub const BUNDLE_IDS_KERBEROS: &str = "App bundle IDs (credential ACL)";
/// Side panel title.
pub const COVERED: &str = "Covered automatically";
/// Side panel title where the long one does not fit (60 columns).
pub const COVERED_SHORT: &str = "Covered anyway";
/// The side panel's last line when not every app fits: `name … (+n)`, or `… (+n)`.
pub fn covered_more(name: &str, n: usize) -> String {
    if name.is_empty() {
        format!("… (+{n})")
    } else {
        format!("{name} … (+{n})")
    }
}
/// Field label.
pub const TARGET: &str = "Assign to";
/// Field label.
pub const INCLUDE_GROUPS: &str = "Groups";
/// Field label.
pub const EXCLUDE_GROUPS: &str = "Excluded groups";
/// Field label.
pub const FILTER_ID: &str = "Filter id";
/// Field label.
pub const FILTER_MODE: &str = "Filter mode";
/// Field label.
pub const AUTH_REQUIRED: &str = "Authenticator required";
/// Field label.
pub const AUTH_APP_ID: &str = "Authenticator app id";
/// Field label.
pub const LICENSE: &str = "Licence";
/// Field label.
pub const FORMAT: &str = "Format";
/// Field label.
pub const PATH: &str = "Path";
/// Placeholder for a blank optional field.
pub const BLANK: &str = "(blank)";
/// Prompt of a list's input line.
pub const ADD_PROMPT: &str = "add> ";
/// Prompt of a group list's input line.
pub const GROUP_HINT: &str = "<group id> <display name>";
/// Config table column headers.
pub const COL_KEY: &str = "Key";
/// Column header.
pub const COL_TYPE: &str = "Type";
/// Column header.
pub const COL_VALUE: &str = "Value";
/// Config table title.
pub const CONFIG_TITLE: &str = "Additional configuration";
/// Pseudo-row: add an empty row.
pub const NEW_ROW: &str = "+ new row";
/// Pseudo-row: open the picker.
pub const KNOWN_KEY: &str = "+ known key…";
/// Picker title.
pub const PICKER_TITLE: &str = "Known plug-in keys (Enter adds, Esc closes)";
/// Picker title on a narrow screen (the footer has the keys).
pub const PICKER_TITLE_SHORT: &str = "Known plug-in keys";
/// Marks a legacy key in the picker.
pub const LEGACY: &str = "(legacy)";
/// Help popup title.
pub const HELP_TITLE: &str = "Help (Up/Down scroll, Esc closes)";
/// Help popup title on a narrow screen.
pub const HELP_TITLE_SHORT: &str = "Help";
/// Save-as popup title.
pub const SAVE_AS_TITLE: &str = "Save the draft as an answers file (Enter saves, Esc cancels)";
/// Save-as popup title on a narrow screen (the footer has the keys).
pub const SAVE_AS_TITLE_SHORT: &str = "Save the draft as";
/// Heading of the import notes in help (`edit FILE`).
pub const IMPORT_NOTES_TITLE: &str =
    "What the imported file held that this profile cannot (left out):";

/// Status line when `edit FILE` left something out.
pub fn import_notes_status(n: usize) -> String {
    format!("The import left {n} thing(s) out; F1 lists them.")
}

/// A paste where no text goes (a choice, a table row not being edited).
pub const PASTE_NOWHERE: &str =
    "Nothing was pasted: move to a text field or list (or Enter to edit a row) first.";

/// Last line of a review summary that does not fit.
pub const REVIEW_MORE: &str = "… more: F1 shows everything chosen";
/// Review summary: the entries of a list that did not fit on its line.
pub fn summary_more(n: usize) -> String {
    format!("+{n} more")
}
/// Review summary: `label: value`.
pub fn summary_item(label: &str, value: &str) -> String {
    format!("{label}: {value}")
}
/// Review summary: a head with how many entries it has, `Bundle IDs (3)`.
pub fn summary_counted(head: &str, n: usize) -> String {
    format!("{head} ({n})")
}
/// Review summary: between the parts of a line.
pub const SUMMARY_SEP: &str = " · ";
/// Review summary: between the entries of a list.
pub const SUMMARY_LIST_SEP: &str = ", ";
/// Review summary: a configuration row, `key = value`.
pub fn summary_config_row(key: &str, value: &str) -> String {
    format!("{key} = {value}")
}
/// Review: problems scrolled out of the box.
pub fn review_hidden(n: usize) -> String {
    format!("{n} more: Up/Down")
}
/// An empty list in the review summary.
pub const NONE: &str = "(none)";

/// Review summary: the extension type (its field's label is the step's title).
pub const SUMMARY_TYPE: &str = "Type";
/// Review summary: the configuration rows (room for the first row on the page).
pub const SUMMARY_CONFIG: &str = "Configuration";
/// Review summary: Authenticator's app id (beside "Authenticator required").
pub const SUMMARY_APP_ID: &str = "App id";

/// Under a problem: the fix Ctrl+F applies.
pub fn fix_offer(label: &str) -> String {
    format!("fix (Ctrl+F): {label}")
}
/// Under a problem without a fix: its help.
pub fn help_offer(help: &str) -> String {
    format!("help: {help}")
}

/// Heading of the full summary in the review step's help.
pub const REVIEW_ALL: &str = "Everything chosen";

/// The `all` export's folder, in one line.
pub fn written_folder(folder: &str, files: usize) -> String {
    format!("{folder}/ ({files} files; REQUESTS.md lists the requests to send)")
}

/// Overwrite question.
pub const OVERWRITE_TITLE: &str = "Overwrite?";
/// Overwrite question: the path that exists.
pub fn exists(path: &str) -> String {
    format!("{path} exists.")
}
/// Review: summary box title.
pub const REVIEW_SUMMARY: &str = "Your profile";
/// Review: diagnostics box title.
pub const REVIEW_PROBLEMS: &str = "Problems";
/// Review with nothing to report.
pub const NO_PROBLEMS: &str = "No problems found. Ctrl+N goes to export.";
/// Export step: what was written.
pub const WRITTEN: &str = "Written:";
/// Status lines.
pub const NO_FIX: &str = "No automatic fix for this one.";
/// Status line.
pub const NOT_OVERWRITTEN: &str = "Nothing was overwritten.";
/// Status line.
pub const KEY_ALREADY_THERE: &str = "That key is already in the table; selected it.";
/// Status line.
pub const FILTER_ID_FIRST: &str = "Type a filter id first.";
/// Status line.
pub const TARGET_NOW_GROUPS: &str = "Assign to: now Selected groups.";
/// Too-small screen.
pub const TOO_SMALL: &str = "terminal too small — need 60×16";
/// Too-small screen, second line.
pub const TOO_SMALL_QUIT: &str = "Enlarge the window, or Ctrl+Q to quit (the draft is saved).";
/// Resume chooser title.
pub const RESUME_TITLE: &str = "Resume a draft?";
/// Resume chooser: the "new" line.
pub const RESUME_NEW: &str = "Start a new draft";
/// Resume chooser: a draft open in another wizard.
pub const IN_USE: &str = "open in another wizard: Enter opens a copy";

/// Status line when the draft chosen is open in another wizard (the copy's path is
/// printed on the way out, with every draft's).
pub fn working_on_copy(draft: &Path) -> String {
    let name = draft.file_name().unwrap_or_default().to_string_lossy();
    format!(
        "{} is open in another wizard; this is a copy.",
        super::input::escape_controls(&name)
    )
}

/// Status line when the draft could not be locked (it is still saved).
pub fn draft_not_locked(e: &str) -> String {
    format!("Another wizard could change this draft too: it could not be locked ({e}).")
}

/// Next steps after export, for an Entra ID profile (Microsoft's JIT registration steps).
pub const NEXT_STEPS: [&str; 4] = [
    "Next: assign Microsoft Authenticator as a required app to the same users.",
    "Create an enrollment profile (user enrollment, ADE with modern authentication, …).",
    "Assign compliance policies for JIT compliance remediation.",
    "Users' first sign-in after the home screen: an app covered by the extension (Teams).",
];

/// Next steps after export for the other types: JIT registration is not theirs.
pub const NEXT_STEPS_OTHER: [&str; 1] =
    ["Next: assign the profile, and the app that provides the extension, to the same users."];

/// The next steps after export for this extension type.
pub fn next_steps(kind: ExtensionType) -> &'static [&'static str] {
    match kind {
        ExtensionType::EntraId => &NEXT_STEPS,
        _ => &NEXT_STEPS_OTHER,
    }
}

/// Export-step notice when errors block export.
pub fn export_blocked(n: usize) -> String {
    format!("{n} error(s) block export — fix them first (Review lists them).")
}

/// "Saved as …".
pub fn saved_as(p: &Path) -> String {
    format!(
        "Saved as {}",
        super::input::escape_controls(&p.display().to_string())
    )
}

/// The drafts folder is not used (`why` says what is wrong with it and how to fix it).
pub fn drafts_refused(why: &str) -> String {
    format!("The draft is not being saved: {why}. Ctrl+S saves it where you choose.")
}

/// Header mark while the draft is not being saved.
pub const NOT_SAVING: &str = "! draft not saved (Ctrl+S)";

/// On the way out, when the drafts folder was not used and the draft changed.
pub fn not_saved_on_exit(why: &str) -> String {
    format!(
        "warning: the draft was not saved: {why}. Here it is as an answers file; copy it \
         into a .toml file to keep it:"
    )
}

/// Autosave failed.
pub fn draft_not_saved(e: &str) -> String {
    format!("Draft not saved: {e}")
}

/// A write that failed.
pub fn write_failed(e: &str) -> String {
    format!("Not written: {e}")
}

/// After an export.
pub fn exported(n: usize) -> String {
    format!("Exported {n} file(s).")
}

/// After a fix: what it changed, read from the draft before and after ("Removed
/// com.microsoft.skype.teams"), so the admin sees which entry went without looking for it.
pub fn fix_done(fix: &Fix, before: &Draft, after: &Draft) -> String {
    let esc = super::input::escape_controls;
    let (b, a) = (&before.extension, &after.extension);
    let key = |i: usize| {
        b.config
            .get(i)
            .map_or(String::new(), |p| esc(&p.key).into_owned())
    };
    match fix {
        Fix::RemoveBundleId(_) | Fix::DedupBundleIds | Fix::RemoveMicrosoftApps => {
            removed_entries(&gone(&b.bundle_ids, &a.bundle_ids))
        }
        Fix::RemoveDomain(_) => removed_entries(&gone(&b.domains, &a.domains)),
        Fix::RemoveConfig(i) => removed(&key(*i)),
        Fix::TrimBundleId(i) => format!(
            "Trimmed {}",
            esc(a.bundle_ids.get(*i).map_or("", |v| v.as_str()))
        ),
        Fix::TrimConfig(i) => format!("Trimmed {}", key(*i)),
        Fix::DotDomain(i) => format!(
            "Changed {} to {}",
            esc(b.domains.get(*i).map_or("", |v| v.trim())),
            esc(a.domains.get(*i).map_or("", |v| v.as_str()))
        ),
        Fix::RetypeConfig(i, t) => format!("{} is now {}", key(*i), value_type(*t)),
        Fix::RenameConfigKey(i, name) => format!("Renamed {} to {name}", key(*i)),
        Fix::SetDeviceRegistration(i) | Fix::NormalizeCommaList(i) => format!(
            "{} is now {}",
            key(*i),
            a.config
                .get(*i)
                .map_or(String::new(), |p| esc(&p.value.to_string()).into_owned())
        ),
        Fix::SwitchToEntraId => format!("Type is now {}", ext_type_short(a.kind)),
    }
}

/// The entries of `before` that are not in `after` (counting repeats).
fn gone(before: &[String], after: &[String]) -> Vec<String> {
    let mut left: Vec<&String> = after.iter().collect();
    before
        .iter()
        .filter(|e| match left.iter().position(|l| l == e) {
            Some(i) => {
                left.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

/// "Removed a" or "Removed 3 entries: a, b, c".
fn removed_entries(gone: &[String]) -> String {
    match gone {
        [] => "Nothing to change.".to_string(),
        [one] => removed(one),
        many => format!(
            "Removed {} entries: {}",
            many.len(),
            super::input::escape_controls(&many.join(", "))
        ),
    }
}

/// After a paste of several entries.
pub fn added(n: usize) -> String {
    format!("Added {n} entries.")
}

/// After Delete.
pub fn removed(what: &str) -> String {
    format!("Removed {}", super::input::escape_controls(what))
}

/// Extension type names, with the JIT mark for Entra ID.
pub fn ext_type(k: ExtensionType) -> &'static str {
    match k {
        ExtensionType::EntraId => "Microsoft Entra ID — needed for JIT registration",
        ExtensionType::Redirect => "Redirect",
        ExtensionType::Credential => "Credential",
        ExtensionType::Kerberos => "Kerberos",
    }
}

/// Short extension type name.
pub fn ext_type_short(k: ExtensionType) -> &'static str {
    match k {
        ExtensionType::EntraId => "Microsoft Entra ID",
        ExtensionType::Redirect => "Redirect",
        ExtensionType::Credential => "Credential",
        ExtensionType::Kerberos => "Kerberos",
    }
}

/// Why a non-Entra type is not the JIT route (memdocs set-up-just-in-time-registration.md,
/// "Set up JIT registration" step 3: the only type Microsoft documents for JIT).
pub fn no_jit(k: ExtensionType) -> Option<&'static str> {
    match k {
        ExtensionType::EntraId => None,
        ExtensionType::Redirect => Some(
            "Microsoft documents JIT registration only with the Microsoft Entra ID type. A \
             Redirect extension naming com.microsoft.azureauthenticator.ssoextension is that \
             plug-in: switch the type to Microsoft Entra ID.",
        ),
        ExtensionType::Credential => Some(
            "A credential extension is for other identity providers; Microsoft documents JIT \
             registration only with the Microsoft Entra ID type.",
        ),
        ExtensionType::Kerberos => Some(
            "Kerberos gives on-premises single sign-on; Microsoft documents JIT registration \
             only with the Microsoft Entra ID type.",
        ),
    }
}

/// Assignment targets.
pub fn target(t: Target) -> &'static str {
    match t {
        Target::AllUsers => "All users",
        Target::AllDevices => "All devices",
        Target::Groups => "Selected groups",
        Target::None => "Not assigned",
    }
}

/// Filter mode.
pub fn filter_mode(m: FilterMode) -> &'static str {
    match m {
        FilterMode::Include => "include matching devices",
        FilterMode::Exclude => "exclude matching devices",
    }
}

/// Licence types.
pub fn license(l: License) -> &'static str {
    match l {
        License::Store => "App Store",
        License::VppDevice => "VPP, device licensing",
        License::VppUser => "VPP, user licensing",
    }
}

/// Value types.
pub fn value_type(t: ValueType) -> &'static str {
    match t {
        ValueType::String => "String",
        ValueType::Integer => "Integer",
        ValueType::Boolean => "Boolean",
    }
}

/// A yes/no toggle.
pub fn yes_no(b: bool) -> &'static str {
    if b { "Yes" } else { "Not configured" }
}

/// Export formats.
pub fn format(f: Format) -> &'static str {
    match f {
        Format::Mobileconfig => "mobileconfig — Apple configuration profile",
        Format::Graph => "graph — Graph body that creates the profile",
        Format::GraphAssign => "graph-assign — Graph body that assigns it",
        Format::AuthenticatorAssign => "authenticator-assign — Authenticator as required app",
        Format::Jamf => "jamf — Jamf Pro plist + what to type",
        Format::GraphCustom => "graph-custom — Intune custom profile",
        Format::Declaration => "declaration — Apple declarative (iOS 27+)",
        Format::All => "all — a folder with every route and send.sh",
        Format::Answers => "answers — the answers file (TOML)",
    }
}

/// What each key does, as the footer and popups say it (the keys themselves are in
/// `keymap.rs`).
pub mod hint {
    /// Enter adds to a list.
    pub const ADD: &str = "add";
    /// Delete removes.
    pub const REMOVE: &str = "remove";
    /// Ctrl+F fixes.
    pub const FIX: &str = "fix";
    /// Tab moves between fields.
    pub const FIELD: &str = "field";
    /// Next step.
    pub const NEXT: &str = "next";
    /// Previous step.
    pub const PREV: &str = "back";
    /// Help.
    pub const HELP: &str = "help";
    /// Choice.
    pub const CHOOSE: &str = "choose";
    /// Move in a list.
    pub const MOVE: &str = "select";
    /// Enter edits a row.
    pub const EDIT: &str = "edit";
    /// Enter confirms an edit.
    pub const DONE: &str = "next/done";
    /// Esc leaves editing.
    pub const LEAVE: &str = "stop editing";
    /// Tab between cells.
    pub const CELL: &str = "cell";
    /// Enter jumps to a field.
    pub const JUMP: &str = "go to field";
    /// Enter exports.
    pub const EXPORT: &str = "export";
    /// Save-as.
    pub const SAVE: &str = "save as";
    /// Quit.
    pub const QUIT: &str = "quit";
    /// Enter confirms a field.
    pub const CONFIRM: &str = "confirm";
    /// Scroll help.
    pub const SCROLL: &str = "scroll";
    /// Close a popup.
    pub const CLOSE: &str = "close";
    /// Pick a key.
    pub const PICK: &str = "add row";
    /// Save in the save-as popup.
    pub const SAVE_HERE: &str = "save";
    /// Cancel a popup.
    pub const CANCEL: &str = "cancel";
    /// Overwrite.
    pub const YES: &str = "overwrite";
    /// Keep.
    pub const NO: &str = "keep the file";
    /// Open the chosen draft.
    pub const OPEN: &str = "open";
    /// Start a new draft instead.
    pub const NEW_DRAFT: &str = "new draft";
}
