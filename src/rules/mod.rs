//! Diagnostics (SPEC §6): `validate(&Draft) -> Vec<Diagnostic>`, pure and shared by the
//! wizard, `export` and `check`.

use std::fmt;

use crate::draft::{Draft, ValueType};

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

/// A machine-applicable fix the wizard offers on `Ctrl+F` (and `check` names in `help:`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Fix {
    /// Trim whitespace around `extension.bundle_ids[i]`.
    TrimBundleId(usize),
    /// Remove `extension.bundle_ids[i]`.
    RemoveBundleId(usize),
    /// Remove case-insensitive duplicates from the bundle IDs, keeping the first.
    DedupBundleIds,
    /// Remove every Microsoft app (and Authenticator) from the bundle IDs.
    RemoveMicrosoftApps,
    /// Trim whitespace around key and value of `extension.config[i]`.
    TrimConfig(usize),
    /// Set the declared type of `extension.config[i]` (converting the value as written).
    RetypeConfig(usize, ValueType),
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

/// Every diagnostic for a draft, in field order. Pure: no I/O, no globals that change.
pub fn validate(_draft: &Draft) -> Vec<Diagnostic> {
    // Filled in by the rule catalogue (issue 3).
    Vec::new()
}
