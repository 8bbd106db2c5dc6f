//! Exporters (SPEC §5): `.mobileconfig`, the Graph profile body, the two assign bodies
//! and the `all` folder. Pure: they return bytes; the caller decides where they go.
//!
//! Public helpers for import and tests: [`mobileconfig`], [`graph_profile`],
//! [`graph_assign`], [`authenticator_assign`], [`requests_md`], [`precheck`],
//! [`profile_uuid`], [`payload_uuid`].

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::draft::{Draft, ExtensionType, ValueType, slug};

mod folder;
mod graph;
mod mobileconfig;

pub use folder::requests_md;
pub use graph::{authenticator_assign, graph_assign, graph_profile};
pub use mobileconfig::mobileconfig;

/// `ExtensionIdentifier` of the Microsoft Enterprise SSO plug-in (inside Authenticator).
pub const ENTRA_EXTENSION_ID: &str = "com.microsoft.azureauthenticator.ssoextension";

/// `ExtensionIdentifier` of Apple's built-in Kerberos extension.
pub const KERBEROS_EXTENSION_ID: &str = "com.apple.AppSSOKerberos.KerberosExtension";

/// `TeamIdentifier` Apple's schema fixes for the Kerberos extension.
pub const KERBEROS_TEAM_ID: &str = "apple";

/// The seven current Microsoft sign-in URLs (public, China, US Government clouds), in the
/// order Microsoft lists them (entra-sso-plugin-keys.md §2).
pub const ENTRA_URLS: [&str; 7] = [
    "https://login.microsoftonline.com",
    "https://login.microsoft.com",
    "https://sts.windows.net",
    "https://login.partner.microsoftonline.cn",
    "https://login.chinacloudapi.cn",
    "https://login.microsoftonline.us",
    "https://login-us.microsoftonline.com",
];

/// What `export --format` can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// Apple configuration profile (XML plist).
    Mobileconfig,
    /// Graph profile create body.
    Graph,
    /// Graph assign body for the profile.
    GraphAssign,
    /// Graph assign body making Microsoft Authenticator a required app.
    AuthenticatorAssign,
    /// A folder with every file above plus REQUESTS.md.
    All,
}

/// One file an export produces, relative to the output location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path (for `all`: inside the folder; otherwise the default file name).
    pub path: PathBuf,
    /// The exact bytes to write.
    pub bytes: Vec<u8>,
}

/// A draft that cannot make a valid document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportError {
    /// One line per problem, each saying what is wrong and how to fix it.
    pub problems: Vec<String>,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for ExportError {}

/// The file(s) `format` produces for `draft`, with their default relative paths
/// (single formats: `<slug>.<ext>`; `all`: paths inside the `<slug>/` folder, without
/// the folder itself). Refuses a draft that cannot make a valid document.
///
/// Every format runs [`precheck`], the assign bodies too: they only make sense together
/// with the profile they assign, so a draft that cannot make the profile exports nothing.
pub fn render(draft: &Draft, format: Format) -> Result<Vec<OutputFile>, ExportError> {
    precheck(draft)?;
    let slug = slug(&draft.profile.name);
    let file = |path: String, bytes: Vec<u8>| OutputFile {
        path: PathBuf::from(path),
        bytes,
    };
    Ok(match format {
        Format::Mobileconfig => vec![file(format!("{slug}.mobileconfig"), mobileconfig(draft)?)],
        Format::Graph => vec![file(
            format!("{slug}.graph.json"),
            json_bytes(&graph_profile(draft)?),
        )],
        Format::GraphAssign => vec![file(
            format!("{slug}.assign.json"),
            json_bytes(&graph_assign(draft)),
        )],
        Format::AuthenticatorAssign => vec![file(
            format!("{slug}.authenticator-assign.json"),
            json_bytes(&authenticator_assign(draft)),
        )],
        Format::All => folder::all(draft, &slug)?,
    })
}

/// Pretty JSON (2-space indent, keys in insertion order) with a trailing newline, so the
/// files diff cleanly and `cat` leaves the prompt on its own line.
pub(crate) fn json_bytes(value: &serde_json::Value) -> Vec<u8> {
    // Serialising a serde_json::Value into a Vec cannot fail.
    let mut bytes = serde_json::to_vec_pretty(value).expect("JSON value serialises");
    bytes.push(b'\n');
    bytes
}

/// UUID v5 (DNS namespace) of `name`, upper-case hyphenated: stable across re-exports.
fn uuid_v5(name: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, name.as_bytes())
        .hyphenated()
        .encode_upper(&mut uuid::Uuid::encode_buffer())
        .to_string()
}

/// The top-level `PayloadUUID`: `profile.uuid` if given, else v5 of the identifier.
pub fn profile_uuid(draft: &Draft) -> String {
    match &draft.profile.uuid {
        Some(u) if !u.trim().is_empty() => u.clone(),
        _ => uuid_v5(&draft.profile.effective_identifier()),
    }
}

/// The inner payload's `PayloadIdentifier`: `<identifier>.extensiblesso`.
pub fn payload_identifier(draft: &Draft) -> String {
    format!("{}.extensiblesso", draft.profile.effective_identifier())
}

/// The inner payload's `PayloadUUID`: `extension.payload_uuid` if given, else v5 of
/// [`payload_identifier`].
pub fn payload_uuid(draft: &Draft) -> String {
    match &draft.extension.payload_uuid {
        Some(u) if !u.trim().is_empty() => u.clone(),
        _ => uuid_v5(&payload_identifier(draft)),
    }
}

/// Whether `kind`'s exports carry the "Additional configuration" rows. Kerberos does not:
/// neither Intune's Kerberos template nor `iosKerberosSingleSignOnExtension` has them,
/// and Apple's Kerberos `ExtensionData` is a closed set of keys.
pub(crate) fn exports_config(kind: ExtensionType) -> bool {
    kind != ExtensionType::Kerberos
}

/// Refuses a draft that cannot make a valid document, listing every problem (what is
/// wrong, where in the answers file, how to fix it). The full rule catalogue lives in
/// `rules`; this is the minimum the exporters need to produce well-formed output.
pub fn precheck(draft: &Draft) -> Result<(), ExportError> {
    let mut problems = Vec::new();
    let ext = &draft.extension;

    if draft.profile.name.trim().is_empty() {
        problems.push(
            "profile.name is empty: give the profile a name; it becomes the Graph displayName \
             and the PayloadDisplayName."
                .to_string(),
        );
    }

    match ext.kind {
        ExtensionType::EntraId => {}
        ExtensionType::Redirect => {
            if ext.extension_id.trim().is_empty() {
                problems.push(
                    "extension.extension_id is empty: a redirect extension needs the bundle ID \
                     of the SSO app extension (ExtensionIdentifier)."
                        .to_string(),
                );
            }
            if ext.urls.is_empty() {
                problems.push(
                    "extension.urls is empty: a redirect extension needs at least one URL \
                     prefix of the identity provider, such as \"https://login.example.com\"."
                        .to_string(),
                );
            }
        }
        ExtensionType::Credential => {
            if ext.extension_id.trim().is_empty() {
                problems.push(
                    "extension.extension_id is empty: a credential extension needs the bundle \
                     ID of the SSO app extension (ExtensionIdentifier)."
                        .to_string(),
                );
            }
            if ext.domains.is_empty() {
                problems.push(
                    "extension.domains is empty: a credential extension needs at least one \
                     host or domain, such as \".contoso.com\"."
                        .to_string(),
                );
            }
        }
        ExtensionType::Kerberos => {
            if ext.realm.trim().is_empty() {
                problems.push(
                    "extension.realm is empty: the Kerberos extension needs the realm in upper \
                     case, such as \"CONTOSO.COM\"."
                        .to_string(),
                );
            }
            if ext.domains.is_empty() {
                problems.push(
                    "extension.domains is empty: the Kerberos extension needs at least one \
                     domain, such as \".contoso.com\"."
                        .to_string(),
                );
            }
        }
    }

    if exports_config(ext.kind) {
        let mut first_row: HashMap<&str, usize> = HashMap::new();
        for (i, pair) in ext.config.iter().enumerate() {
            if pair.key.is_empty() {
                problems.push(format!(
                    "extension.config[{i}].key is empty: give the row a key or remove the row."
                ));
                continue;
            }
            if let Some(first) = first_row.get(pair.key.as_str()) {
                problems.push(format!(
                    "extension.config[{i}].key \"{}\" repeats extension.config[{first}]: keep \
                     one row per key (the extension reads each key once).",
                    pair.key
                ));
            } else {
                first_row.insert(&pair.key, i);
            }
            if let Err(e) = pair.typed() {
                problems.push(format!(
                    "extension.config[{i}].value \"{}\" of key \"{}\" {e}: write a value of \
                     type {} or change extension.config[{i}].type.",
                    pair.value,
                    pair.key,
                    pair.kind.as_str()
                ));
            }
            // The bundle IDs are merged into this row's comma list (see mobileconfig.rs);
            // that only works when the row is a string.
            if ext.kind == ExtensionType::EntraId
                && pair.key == "AppAllowList"
                && pair.kind != ValueType::String
                && !ext.bundle_ids.is_empty()
            {
                problems.push(format!(
                    "extension.config[{i}] sets AppAllowList as {} while extension.bundle_ids \
                     is also given: AppAllowList is a comma-separated string; change its type \
                     to \"string\" or move its entries to extension.bundle_ids.",
                    pair.kind.as_str()
                ));
            }
        }
    }

    if let Some(filter) = &draft.assignments.filter
        && filter.id.trim().is_empty()
    {
        problems.push(
            "assignments.filter.id is empty: give the assignment filter's id, or remove the \
             filter."
                .to_string(),
        );
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(ExportError { problems })
    }
}
