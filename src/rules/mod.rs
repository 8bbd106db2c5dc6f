//! Diagnostics (SPEC §6): `validate(&Draft) -> Vec<Diagnostic>`, pure and shared by the
//! wizard, `export` and `check`.
//!
//! One file per area (profile, extension, bundle_ids, config, assignments); each pushes
//! its findings and [`validate`] sorts them into field order. Rules apply per extension
//! type: fields of other types are kept in the draft (switching type loses nothing) but are
//! not exported, so they are not checked either.

use std::fmt;

use crate::draft::{DEVICE_REGISTRATION_TOKEN, Draft, ExtensionType, RawValue, ValueType};
use crate::export::Format;

mod assignments;
mod bundle_ids;
mod config;
mod control;
mod convert;
mod extension;
mod fix;
mod profile;
mod text;

pub use convert::not_carried;
pub(crate) use text::quote;
pub use text::{escape_for_terminal, needs_escape};

/// How bad a diagnostic is. Errors block export; warnings and infos do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Blocks export.
    Error,
    /// Exported anyway; `--strict` fails on it.
    Warning,
    /// Advice.
    Info,
}

impl Severity {
    /// `error` | `warning` | `info`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The field a diagnostic belongs to. Displays as the answers-file path
/// (`extension.bundle_ids[3]`, `extension.config[1].value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The input file as a whole (X002, X003).
    File,
    /// `profile.name`.
    Name,
    /// `profile.description`.
    Description,
    /// `profile.organization`.
    Organization,
    /// `profile.identifier`.
    Identifier,
    /// `profile.uuid`.
    ProfileUuid,
    /// `profile.scope_tags[i]`.
    ScopeTag(usize),
    /// `extension.type`.
    ExtensionType,
    /// `extension.extension_id`.
    ExtensionId,
    /// `extension.team_id`.
    TeamId,
    /// `extension.urls` (the list as a whole).
    Urls,
    /// `extension.urls[i]`.
    Url(usize),
    /// `extension.realm`.
    Realm,
    /// `extension.domains` (the list as a whole).
    Domains,
    /// `extension.domains[i]`.
    Domain(usize),
    /// `extension.bundle_ids` (the list as a whole).
    BundleIds,
    /// `extension.bundle_ids[i]`.
    BundleId(usize),
    /// `extension.shared_device_mode`.
    SharedDeviceMode,
    /// `extension.payload_uuid`.
    PayloadUuid,
    /// `extension.kerberos.<name>`.
    Kerberos(&'static str),
    /// `extension.config` (the table as a whole).
    Config,
    /// `extension.config[i].key`.
    ConfigKey(usize),
    /// `extension.config[i].type`.
    ConfigType(usize),
    /// `extension.config[i].value`.
    ConfigValue(usize),
    /// `assignments.target`.
    Target,
    /// `assignments.include_groups[i]`.
    IncludeGroup(usize),
    /// `assignments.exclude_groups[i]`.
    ExcludeGroup(usize),
    /// `assignments.filter`.
    Filter,
    /// `authenticator.required`.
    AuthenticatorRequired,
    /// `authenticator.app_id`.
    AuthenticatorAppId,
    /// `authenticator.license`.
    License,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::File => f.write_str("(file)"),
            Field::Name => f.write_str("profile.name"),
            Field::Description => f.write_str("profile.description"),
            Field::Organization => f.write_str("profile.organization"),
            Field::Identifier => f.write_str("profile.identifier"),
            Field::ProfileUuid => f.write_str("profile.uuid"),
            Field::ScopeTag(i) => write!(f, "profile.scope_tags[{i}]"),
            Field::ExtensionType => f.write_str("extension.type"),
            Field::ExtensionId => f.write_str("extension.extension_id"),
            Field::TeamId => f.write_str("extension.team_id"),
            Field::Urls => f.write_str("extension.urls"),
            Field::Url(i) => write!(f, "extension.urls[{i}]"),
            Field::Realm => f.write_str("extension.realm"),
            Field::Domains => f.write_str("extension.domains"),
            Field::Domain(i) => write!(f, "extension.domains[{i}]"),
            Field::BundleIds => f.write_str("extension.bundle_ids"),
            Field::BundleId(i) => write!(f, "extension.bundle_ids[{i}]"),
            Field::SharedDeviceMode => f.write_str("extension.shared_device_mode"),
            Field::PayloadUuid => f.write_str("extension.payload_uuid"),
            Field::Kerberos(name) => write!(f, "extension.kerberos.{name}"),
            Field::Config => f.write_str("extension.config"),
            Field::ConfigKey(i) => write!(f, "extension.config[{i}].key"),
            Field::ConfigType(i) => write!(f, "extension.config[{i}].type"),
            Field::ConfigValue(i) => write!(f, "extension.config[{i}].value"),
            Field::Target => f.write_str("assignments.target"),
            Field::IncludeGroup(i) => write!(f, "assignments.include_groups[{i}]"),
            Field::ExcludeGroup(i) => write!(f, "assignments.exclude_groups[{i}]"),
            Field::Filter => f.write_str("assignments.filter"),
            Field::AuthenticatorRequired => f.write_str("authenticator.required"),
            Field::AuthenticatorAppId => f.write_str("authenticator.app_id"),
            Field::License => f.write_str("authenticator.license"),
        }
    }
}

impl Field {
    /// The wizard step (SPEC §4, 1–5) where the field is edited; `None` for the file itself.
    /// The review step groups diagnostics by it.
    pub fn step(&self) -> Option<u8> {
        match self {
            Field::File => None,
            Field::Name
            | Field::Description
            | Field::Organization
            | Field::Identifier
            | Field::ProfileUuid
            | Field::ScopeTag(_) => Some(1),
            Field::ExtensionType
            | Field::ExtensionId
            | Field::TeamId
            | Field::Urls
            | Field::Url(_)
            | Field::Realm
            | Field::Domains
            | Field::Domain(_)
            | Field::SharedDeviceMode
            | Field::PayloadUuid
            | Field::Kerberos(_) => Some(2),
            Field::BundleIds | Field::BundleId(_) => Some(3),
            Field::Config | Field::ConfigKey(_) | Field::ConfigType(_) | Field::ConfigValue(_) => {
                Some(4)
            }
            Field::Target
            | Field::IncludeGroup(_)
            | Field::ExcludeGroup(_)
            | Field::Filter
            | Field::AuthenticatorRequired
            | Field::AuthenticatorAppId
            | Field::License => Some(5),
        }
    }

    /// Position in the draft's field order (the wizard's step order): diagnostics sort by it.
    /// A list as a whole sorts before its entries; a config row's key, type, value in turn.
    pub fn sort_key(&self) -> (u8, usize, u8) {
        match *self {
            Field::File => (0, 0, 0),
            Field::Name => (1, 0, 0),
            Field::Description => (2, 0, 0),
            Field::Organization => (3, 0, 0),
            Field::Identifier => (4, 0, 0),
            Field::ProfileUuid => (5, 0, 0),
            Field::ScopeTag(i) => (6, i, 0),
            Field::ExtensionType => (10, 0, 0),
            Field::ExtensionId => (11, 0, 0),
            Field::TeamId => (12, 0, 0),
            Field::Urls => (13, 0, 0),
            Field::Url(i) => (13, i, 1),
            Field::Realm => (14, 0, 0),
            Field::Domains => (15, 0, 0),
            Field::Domain(i) => (15, i, 1),
            Field::BundleIds => (16, 0, 0),
            Field::BundleId(i) => (16, i, 1),
            Field::SharedDeviceMode => (17, 0, 0),
            Field::PayloadUuid => (17, 0, 1),
            Field::Kerberos(_) => (18, 0, 0),
            Field::Config => (19, 0, 0),
            Field::ConfigKey(i) => (19, i, 1),
            Field::ConfigType(i) => (19, i, 2),
            Field::ConfigValue(i) => (19, i, 3),
            Field::Target => (30, 0, 0),
            Field::IncludeGroup(i) => (31, i, 0),
            Field::ExcludeGroup(i) => (32, i, 0),
            Field::Filter => (33, 0, 0),
            Field::AuthenticatorRequired => (40, 0, 0),
            Field::AuthenticatorAppId => (41, 0, 0),
            Field::License => (42, 0, 0),
        }
    }
}

/// A machine-applicable fix the wizard offers on `Ctrl+F` (and `check` names in `help:`).
/// Indices refer to the draft the diagnostic came from; applying a fix to a draft that has
/// changed since is harmless (out-of-range indices do nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fix {
    /// Trim whitespace around `extension.bundle_ids[i]`.
    TrimBundleId(usize),
    /// Remove `extension.bundle_ids[i]`.
    RemoveBundleId(usize),
    /// Remove case-insensitive duplicates from the bundle IDs, keeping the first.
    DedupBundleIds,
    /// Remove the catalogued Microsoft apps (and Authenticator) from the bundle IDs; never
    /// Microsoft Defender, nor an uncatalogued `com.microsoft.` ID.
    RemoveMicrosoftApps,
    /// Make the extension type Microsoft Entra ID (a Redirect draft naming the plug-in).
    SwitchToEntraId,
    /// Trim whitespace around key and value of `extension.config[i]`.
    TrimConfig(usize),
    /// Set the declared type of `extension.config[i]` (converting the value as written).
    RetypeConfig(usize, ValueType),
    /// Remove the row `extension.config[i]`.
    RemoveConfig(usize),
    /// Make `extension.config[i]` a string row whose value is exactly `{{DEVICEREGISTRATION}}`.
    SetDeviceRegistration(usize),
    /// Rename the key of `extension.config[i]` to a documented key.
    RenameConfigKey(usize, &'static str),
    /// Rewrite the comma list in `extension.config[i]` as `a,b,c` (no spaces).
    NormalizeCommaList(usize),
    /// Give `extension.domains[i]` its leading dot.
    DotDomain(usize),
    /// Remove `extension.domains[i]` (its dotted form is already listed).
    RemoveDomain(usize),
}

/// One finding of [`validate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, e.g. `B003`.
    pub code: &'static str,
    /// Error, warning or info.
    pub severity: Severity,
    /// The field it belongs to.
    pub field: Field,
    /// What is wrong and why it matters (one or two sentences, no trailing newline).
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// A machine-applicable fix, where SPEC §6 names one.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic without a fix.
    pub fn new(
        code: &'static str,
        severity: Severity,
        field: Field,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            severity,
            field,
            message: message.into(),
            help: help.into(),
            fix: None,
        }
    }

    /// The same diagnostic with a fix attached.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// Every diagnostic for a draft, in field order. Pure: no I/O, no globals that change.
pub fn validate(draft: &Draft) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    profile::check(draft, &mut out);
    extension::check(draft, &mut out);
    bundle_ids::check(draft, &mut out);
    config::check(draft, &mut out);
    assignments::check(draft, &mut out);
    control::check(draft, &mut out);
    // Stable: diagnostics on the same field keep the order their rule emitted them in.
    out.sort_by_key(|d| d.field.sort_key());
    out
}

/// Diagnostics that depend on the export format, not only on the draft: X001, and X005 for
/// what the format cannot carry. `export` prints them beside [`validate`]'s; they never
/// block (infos and warnings).
pub fn export_notes(draft: &Draft, format: Format) -> Vec<Diagnostic> {
    let mut out = convert::losses(draft, format);
    if draft.extension.kind == ExtensionType::EntraId {
        out.extend(device_registration_notes(draft, format));
    }
    if matches!(format, Format::Declaration | Format::All) {
        // Source: Apple's declarative/declarations/configurations/extensible-sso.yaml
        // (supportedOS: introduced 27.0), summarised in the project's facts file.
        out.push(Diagnostic::new(
            "X008",
            Severity::Info,
            Field::File,
            "the declarative configuration (com.apple.configuration.extensible-sso) works on \
             iOS/iPadOS 27 and later only: older devices need the .mobileconfig (or the \
             Intune profile)",
            "Send both where devices older than 27 are enrolled, or only the .mobileconfig.",
        ));
    }
    // Worst first: a screen or a terminal that shows the first few must show what matters.
    out.sort_by_key(|d| d.severity);
    out
}

/// X001 for each `{{DEVICEREGISTRATION}}` an export outside Intune's device features
/// template would carry: info for a `.mobileconfig`, Jamf Pro plist or declaration; a
/// warning for the Intune custom profile, which looks like an Intune route but is not the
/// one Microsoft documents for JIT.
fn device_registration_notes(draft: &Draft, format: Format) -> Vec<Diagnostic> {
    let (severity, what) = match format {
        Format::Mobileconfig | Format::All => (Severity::Info, "this .mobileconfig"),
        Format::Jamf => (Severity::Info, "the Jamf Pro plist"),
        Format::Declaration => (Severity::Info, "the declaration"),
        Format::GraphCustom => (Severity::Warning, "the Intune custom profile"),
        _ => return Vec::new(),
    };
    let help = if format == Format::GraphCustom {
        "For JIT registration use the device features template (`--format graph`); use the \
         custom profile for keys that template cannot carry, on profiles without JIT."
    } else {
        "For JIT registration, create the profile in that template (the Graph bodies do); \
         use this file for single sign-on without JIT."
    };
    draft
        .extension
        .config
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(&p.value, RawValue::String(v) if v.contains(DEVICE_REGISTRATION_TOKEN)))
        .map(|(i, _)| {
            // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md, "Set up
            // JIT registration" (JIT only via Device features › Single sign-on app extension),
            // and intune/apps/app-configuration-policies-use-ios.md, "Tokens used in the
            // property list" (the tokens custom profiles take, per custom-settings-ios.md):
            // `{{DEVICEREGISTRATION}}` is not among them.
            Diagnostic::new(
                "X001",
                severity,
                Field::ConfigValue(i),
                format!(
                    "{what} carries the literal `{{{{DEVICEREGISTRATION}}}}`: Microsoft \
                     documents JIT registration only through Intune's Device features › Single \
                     sign-on app extension template, and the tokens Intune fills into custom \
                     profiles do not include this one"
                ),
                help,
            )
        })
        .collect()
}
