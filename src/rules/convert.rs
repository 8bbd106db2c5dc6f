//! X005 for a conversion (SPEC §8 "nothing silent"): what the draft holds that the chosen
//! export format cannot carry, named with its path and value. Import names what the input
//! held that the draft cannot (`Imported::findings`); this names the second step.

use super::{Diagnostic, Field, Severity, quote};
use crate::draft::{Draft, Kept};
use crate::export::Format;

/// The X005 findings of exporting `draft` as `format`.
pub(super) fn losses(draft: &Draft, format: Format) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let graph_body = matches!(format, Format::Graph | Format::All);
    let mobileconfig = matches!(format, Format::Mobileconfig | Format::All);
    let p = &draft.profile;
    let e = &draft.extension;
    if graph_body {
        // The Graph profile body (deviceConfigurations) has displayName, description,
        // roleScopeTagIds and the extension; none of Apple's payload metadata.
        let where_ = if format == Format::All {
            "graph/profile.json (Intune's device features template) cannot carry it; the \
             folder's graph/custom.json (Intune custom profile) and .mobileconfig do"
        } else {
            "Intune's device features template has no such setting; the Intune custom profile \
             (`--format graph-custom`) or the .mobileconfig carries it"
        };
        let texts: [(Field, &str, Option<&str>); 7] = [
            (
                Field::Organization,
                "profile.organization",
                Some(p.organization.as_str()).filter(|o| !o.is_empty()),
            ),
            (
                Field::Identifier,
                "profile.identifier",
                p.identifier.as_deref(),
            ),
            (Field::ProfileUuid, "profile.uuid", p.uuid.as_deref()),
            (
                Field::PayloadUuid,
                "extension.payload_uuid",
                e.payload_uuid.as_deref(),
            ),
            (
                Field::PayloadUuid,
                "extension.payload_identifier",
                e.payload_identifier.as_deref(),
            ),
            (
                Field::PayloadUuid,
                "extension.payload_display_name",
                e.payload_display_name.as_deref(),
            ),
            (
                Field::PayloadUuid,
                "extension.payload_organization",
                e.payload_organization
                    .as_deref()
                    .or(e.payload_description.as_deref()),
            ),
        ];
        for (field, path, value) in texts {
            if let Some(v) = value {
                // Metadata Intune makes up itself: nothing a device does depends on it.
                out.push(lost(
                    Severity::Info,
                    field,
                    &format!("{path} = {}", quote(v)),
                    where_,
                ));
            }
        }
        for (path, kept) in [
            ("profile.apple_keys", &p.apple_keys),
            ("extension.apple_keys", &e.apple_keys),
            ("extension.kerberos.apple_keys", &e.kerberos.apple_keys),
        ] {
            kept_losses(path, kept, where_, &mut out);
        }
    }
    if format == Format::Declaration {
        declaration_losses(draft, &mut out);
    }
    if format == Format::Jamf {
        kept_losses(
            "profile.apple_keys",
            &p.apple_keys,
            "the Jamf Pro plist carries ExtensionData only; set it in the Jamf Pro profile \
             where it offers it",
            &mut out,
        );
    }
    if mobileconfig && format == Format::Mobileconfig && p.scope_tags != ["0"] {
        out.push(lost(
            Severity::Info,
            Field::ScopeTag(0),
            &format!(
                "profile.scope_tags = [{}]",
                p.scope_tags
                    .iter()
                    .map(|t| quote(t))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "scope tags belong to the Intune profile, not to an Apple configuration profile",
        ));
    }
    out
}

/// What Apple's declarative configuration has no place for: the profile's own keys, the
/// payload's metadata, other payload keys than the two the declaration defines, and the
/// team identifier (the composed identifier on iOS is the bundle ID alone).
fn declaration_losses(draft: &Draft, out: &mut Vec<Diagnostic>) {
    let e = &draft.extension;
    let why = "a declaration has only its Identifier, ServerToken and the SSO payload's settings";
    kept_losses("profile.apple_keys", &draft.profile.apple_keys, why, out);
    let mut other = Kept::default();
    for (k, v) in &e.apple_keys.0 {
        if !crate::export::DECLARATION_EXTRA_KEYS.contains(&k.as_str()) {
            other.0.insert(k.clone(), v.clone());
        }
    }
    kept_losses("extension.apple_keys", &other, why, out);
    let metadata = [
        (
            "extension.payload_display_name",
            e.payload_display_name.as_deref(),
        ),
        (
            "extension.payload_organization",
            e.payload_organization.as_deref(),
        ),
        (
            "extension.payload_description",
            e.payload_description.as_deref(),
        ),
    ];
    for (path, value) in metadata {
        if let Some(v) = value {
            out.push(lost(
                Severity::Info,
                Field::File,
                &format!("{path} = {}", quote(v)),
                why,
            ));
        }
    }
    let uses_team = matches!(
        e.kind,
        crate::draft::ExtensionType::Redirect | crate::draft::ExtensionType::Credential
    );
    if uses_team && !e.team_id.is_empty() {
        out.push(lost(
            Severity::Info,
            Field::TeamId,
            &format!("extension.team_id = {}", quote(&e.team_id)),
            "on iOS the declaration's ExtensionComposedIdentifier is the bundle ID alone",
        ));
    }
}

/// Kept keys that only describe the profile to people (Apple's TopLevel.yaml).
const DESCRIPTIVE_KEYS: &[&str] = &[
    "PayloadDescription",
    "PayloadDisplayName",
    "PayloadOrganization",
    "ConsentText",
];

/// A key Apple documents for iOS that the Graph template has no setting for: a warning,
/// since the device would behave differently without it (e.g. no `preferredKDCs`).
fn kept_losses(path: &str, kept: &Kept, where_: &str, out: &mut Vec<Diagnostic>) {
    for (key, value) in &kept.0 {
        let shown = match value {
            toml::Value::String(s) => quote(s),
            toml::Value::Array(a) => format!("an array of {}", a.len()),
            toml::Value::Table(t) => format!("a dictionary of {} keys", t.len()),
            other => super::escape_for_terminal(&other.to_string()),
        };
        // Text only people read (the description, the organization, the consent text)
        // changes nothing a device does: info. Every other key does something: warning.
        let severity = if DESCRIPTIVE_KEYS.contains(&key.as_str()) {
            Severity::Info
        } else {
            Severity::Warning
        };
        out.push(lost(
            severity,
            Field::File,
            &format!("{path}.{} = {shown}", super::escape_for_terminal(key)),
            where_,
        ));
    }
}

fn lost(severity: Severity, field: Field, what: &str, why: &str) -> Diagnostic {
    let help = match severity {
        Severity::Info => "nothing to do unless you rely on it",
        _ => {
            "if the devices need it, deploy the .mobileconfig instead of (or beside) the Graph profile"
        }
    };
    not_carried(severity, field, what, why, help)
}

/// X005 (SPEC §8 "nothing silent"): `what` (a path and value, already escaped and quoted)
/// is not carried, `why`. The one wording of the rule, for import and for export.
pub fn not_carried(
    severity: Severity,
    field: Field,
    what: &str,
    why: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(
        "X005",
        severity,
        field,
        format!("{what} is not carried: {why}"),
        help,
    )
}
