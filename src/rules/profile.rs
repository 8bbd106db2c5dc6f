//! Profile rules: P001 (name), P002 (identifier).

use super::{Diagnostic, Field, Severity, quote};
use crate::draft::Draft;

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    // Whitespace-only counts as empty: Intune and the Settings app would show a blank name.
    // Source: Graph `deviceConfiguration.displayName` (Nullable="false" in msgraph-metadata;
    // Intune's profile Name) and Apple `TopLevel.yaml`, key PayloadDisplayName (shown on
    // the profile's Detail screen).
    if d.profile.name.trim().is_empty() {
        out.push(Diagnostic::new(
            "P001",
            Severity::Error,
            Field::Name,
            "the profile has no name: Intune requires one, and it is how admins and users \
             recognise the profile in the admin center and in Settings",
            "Enter a name, e.g. `iOS - Entra ID SSO (JIT registration)`.",
        ));
    }
    // The effective identifier: the default `sso-wizard.` + slug is always valid, so only a
    // typed identifier can fail.
    let id = d.profile.effective_identifier();
    // Source: Apple `TopLevel.yaml`, key PayloadIdentifier (reverse-DNS style; the system
    // uses it to decide whether a profile replaces an installed one or is added beside it).
    // SPEC §6 P002: devices accept any string here (Apple's TopLevel.yaml only asks for a
    // reverse-DNS style); Jamf Pro and Microsoft's own Entra and Kerberos samples write
    // UUIDs, and Graph has no identifier at all. So a UUID is accepted as it is, anything
    // else not reverse-DNS is a warning, and only whitespace or control characters, which
    // make the profile hard to tell apart and to type, are an error.
    if is_uuid(&id) {
        return;
    }
    if let Some(problem) = reverse_dns_problem(&id) {
        let broken = id.chars().any(|c| c.is_whitespace() || c.is_control());
        out.push(Diagnostic::new(
            "P002",
            if broken {
                Severity::Error
            } else {
                Severity::Warning
            },
            Field::Identifier,
            format!(
                "the identifier {} is not reverse-DNS ({problem}): devices use it to tell \
                 profiles apart, and a re-export with the same identifier replaces the old profile",
                quote(&id)
            ),
            "Use letters, digits and `-` in labels joined by dots, e.g. `com.contoso.sso.jit` \
             (a UUID, as Jamf Pro writes, is fine too), or clear it to use the default.",
        ));
    }
}

/// `8-4-4-4-12` hexadecimal digits, any case: what Jamf Pro and other MDMs write as
/// `PayloadIdentifier`.
fn is_uuid(s: &str) -> bool {
    super::assignments::is_guid(s)
}

/// Why `s` is not `label(.label)+` with labels of `A-Za-z0-9-`; `None` when it is.
/// Decision (SPEC silent): at least two labels, since "reverse-DNS" implies a domain.
pub(super) fn reverse_dns_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() {
        return Some("it is empty");
    }
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Some(if c.is_whitespace() {
            "it contains a space"
        } else {
            "it contains a character other than letters, digits, `-` and `.`"
        });
    }
    if s.split('.').any(str::is_empty) {
        return Some("it has an empty label (a leading, trailing or double dot)");
    }
    if !s.contains('.') {
        return Some("it has a single label");
    }
    None
}
