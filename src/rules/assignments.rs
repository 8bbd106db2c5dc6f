//! Assignment and Authenticator rules: A001–A007.

use std::collections::HashSet;

use super::{Diagnostic, Field, Severity, quote};
use crate::draft::{Draft, ExtensionType, Target};
use crate::known::{FxBuild, ascii_lower};

pub(super) fn check(d: &Draft, out: &mut Vec<Diagnostic>) {
    let a = &d.assignments;
    let groups = a.target == Target::Groups;
    let reaches_nobody = match a.target {
        Target::None => true,
        Target::Groups => a.include_groups.is_empty(),
        Target::AllUsers | Target::AllDevices => false,
    };
    if reaches_nobody {
        // Decision: `groups` with no included group is as unassigned as `none`. Source:
        // memdocs intune/configuration/device-profile-assign.md (a profile reaches the groups
        // it is assigned to) and set-up-just-in-time-registration.md step 8.
        let what = if a.target == Target::None {
            "the profile is not assigned"
        } else {
            "\"selected groups\" is chosen but no group is included"
        };
        out.push(Diagnostic::new(
            "A002",
            Severity::Warning,
            Field::Target,
            format!("{what}: it reaches no user or device until you assign it in Intune"),
            "Choose all users, or add the groups of users who should get JIT registration.",
        ));
    }
    let jit = d.extension.kind == ExtensionType::EntraId
        && d.extension
            .config
            .iter()
            .any(|p| p.key.trim() == "device_registration");
    // Source: memdocs intune/enrollment/set-up-just-in-time-registration.md step 8 ("assign
    // the profile to all users, or select specific groups").
    if jit && a.target == Target::AllDevices {
        out.push(Diagnostic::new(
            "A004",
            Severity::Info,
            Field::Target,
            "JIT registration is assigned to all devices: Microsoft's JIT guide assigns the \
             profile to all users or to selected groups (and Authenticator to groups as a \
             required app)",
            "Consider all users or user groups, unless you have a reason to target devices.",
        ));
    }
    // Included groups are only exported with target = groups (the list is kept when the
    // target changes); exclusions apply to every target.
    let mut included: HashSet<String, FxBuild> = HashSet::default();
    if groups {
        for (i, g) in a.include_groups.iter().enumerate() {
            if let Some(diag) = not_guid(Field::IncludeGroup(i), "group", &g.id) {
                out.push(diag);
            }
            included.insert(ascii_lower(g.id.trim()).into_owned());
        }
    }
    for (i, g) in a.exclude_groups.iter().enumerate() {
        if let Some(diag) = not_guid(Field::ExcludeGroup(i), "group", &g.id) {
            out.push(diag);
        }
        // Source: memdocs intune/apps/apps-inc-exl-assignments.md and earlier versions of
        // intune/configuration/device-profile-assign.md, "Exclude groups from a profile
        // assignment": exclusion takes precedence over inclusion within one group type.
        if included.contains(ascii_lower(g.id.trim()).as_ref()) {
            let name = if g.name.trim().is_empty() {
                quote(&g.id)
            } else {
                quote(&g.name)
            };
            out.push(Diagnostic::new(
                "A003",
                Severity::Error,
                Field::ExcludeGroup(i),
                format!(
                    "group {name} is both included and excluded: Intune lets the exclusion win, \
                     so its members would not get the profile, which is rarely what was meant"
                ),
                "Remove it from one of the two lists.",
            ));
        }
    }
    // The filter id is a GUID (Intune assignment filter ids are), checked whenever it would
    // be exported: on any include target. A007, not A001: it is an id Intune made, which the
    // admin copies from the filter's page, not a group.
    if let Some(f) = &a.filter
        && a.target != Target::None
        && !is_guid(&f.id)
    {
        out.push(id_not_guid(
            Field::Filter,
            "assignment filter",
            &f.id,
            "it is sent in the assign body and REQUESTS.md names it",
            "Copy the filter's id from the Intune admin center (Tenant administration › \
             Filters › the filter): 8-4-4-4-12 hexadecimal digits.",
        ));
    }
    let auth = &d.authenticator;
    // Decision: A005 only for Entra ID, the type whose extension Authenticator hosts.
    // Source: entra-docs identity-platform/apple-sso-plugin.md, "iOS requirements" (the
    // plug-in comes with Authenticator, which must be installed) and
    // set-up-just-in-time-registration.md step 11 (Authenticator as a required app).
    if !auth.required && d.extension.kind == ExtensionType::EntraId {
        out.push(Diagnostic::new(
            "A005",
            Severity::Info,
            Field::AuthenticatorRequired,
            "the Microsoft Authenticator required-app assignment is not requested: the SSO \
             extension lives in Authenticator, so JIT registration only works where it is installed",
            "Turn it on, or make sure Authenticator reaches the same users another way.",
        ));
    }
    // A blank id is A006 (a warning: REQUESTS.md says where to put it); anything else must be
    // a GUID, because it becomes part of the request URL (…/mobileApps/{app_id}/assign): a
    // value like `../../x` would send the request somewhere else.
    if auth.required && !auth.app_id.trim().is_empty() && !is_guid(&auth.app_id) {
        out.push(id_not_guid(
            Field::AuthenticatorAppId,
            "Authenticator app",
            &auth.app_id,
            "it goes into the request URL …/mobileApps/{app_id}/assign",
            "Copy Microsoft Authenticator's app id from Intune (Apps › iOS/iPadOS › Microsoft \
             Authenticator: the GUID in the page's address), or leave it blank and fill it in later.",
        ));
    }
    // Source: microsoft-graph-docs-contrib api-reference/beta/api/intune-apps-mobileapp-assign.md
    // (POST /deviceAppManagement/mobileApps/{mobileAppId}/assign). A warning, not an error:
    // our decision, since the body is useful before the id is known.
    if auth.required && auth.app_id.trim().is_empty() {
        out.push(Diagnostic::new(
            "A006",
            Severity::Warning,
            Field::AuthenticatorAppId,
            "the Authenticator app id is blank: the required-app request is sent to \
             …/mobileApps/{app_id}/assign, so it cannot be made without it (the body is still exported)",
            "Find Microsoft Authenticator in Intune (Apps › iOS/iPadOS) and copy its app id \
             (a GUID, shown in the page's address), or substitute it in REQUESTS.md later.",
        ));
    }
}

/// A001. Source: Graph groupAssignmentTarget and exclusionGroupAssignmentTarget, `groupId`
/// ("the group Id"; Entra object ids are GUIDs, and a display name is not one).
fn not_guid(field: Field, what: &str, id: &str) -> Option<Diagnostic> {
    if is_guid(id) {
        return None;
    }
    Some(Diagnostic::new(
        "A001",
        Severity::Error,
        field,
        format!(
            "the {what} id {} is not a GUID: Graph identifies {what}s by their object id \
             (e.g. `6f1b2c3d-…`), not by name",
            quote(id)
        ),
        format!(
            "Copy the {what}'s object id from the Entra or Intune admin center (8-4-4-4-12 hexadecimal digits)."
        ),
    ))
}

/// A007: an id Intune made (not a group) that is not a GUID. Our decision: Graph documents
/// these ids only as strings (mobileApp `id`, `deviceAndAppManagementAssignmentFilterId`), but
/// the ones Intune makes are GUIDs, and the app id goes into a request URL.
fn id_not_guid(field: Field, what: &str, id: &str, why: &str, help: &str) -> Diagnostic {
    Diagnostic::new(
        "A007",
        Severity::Error,
        field,
        format!(
            "the {what} id {} is not a GUID: {why}, and the ids Intune makes are GUIDs",
            quote(id)
        ),
        help,
    )
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hexadecimal, any case, no braces (Graph's form).
pub(super) fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}
