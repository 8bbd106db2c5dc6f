//! Microsoft Graph (beta) request bodies (SPEC §5.2, §5.3): the profile create body and
//! the two assign bodies. Keys are written in a fixed order (serde_json's
//! `preserve_order`), and only client-settable properties: never server-managed ones
//! (`id`, `createdDateTime`, `version`, …) and never the deprecated `singleSignOnExtension`.

use serde_json::{Map, Value, json};

use super::{ExportError, exports_config, precheck};
use crate::draft::{Draft, ExtensionType, License, Target, TypedValue};

/// The body of `POST https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations`
/// that creates the profile. Refuses a draft [`precheck`] refuses.
pub fn graph_profile(draft: &Draft) -> Result<Value, ExportError> {
    precheck(draft)?;
    let profile = &draft.profile;
    let mut body = Map::new();
    body.insert(
        "@odata.type".into(),
        "#microsoft.graph.iosDeviceFeaturesConfiguration".into(),
    );
    body.insert("displayName".into(), profile.name.as_str().into());
    // Always present (Intune's own bodies carry it even when empty).
    body.insert("description".into(), profile.description.as_str().into());
    body.insert("roleScopeTagIds".into(), json!(profile.scope_tags));
    body.insert(
        "iosSingleSignOnExtension".into(),
        Value::Object(extension(draft)),
    );
    Ok(Value::Object(body))
}

/// The `iosSingleSignOnExtension` object of the chosen type.
fn extension(draft: &Draft) -> Map<String, Value> {
    let ext = &draft.extension;
    let mut e = Map::new();
    let odata = match ext.kind {
        ExtensionType::EntraId => "#microsoft.graph.iosAzureAdSingleSignOnExtension",
        ExtensionType::Redirect => "#microsoft.graph.iosRedirectSingleSignOnExtension",
        ExtensionType::Credential => "#microsoft.graph.iosCredentialSingleSignOnExtension",
        ExtensionType::Kerberos => "#microsoft.graph.iosKerberosSingleSignOnExtension",
    };
    e.insert("@odata.type".into(), odata.into());
    match ext.kind {
        ExtensionType::EntraId => {
            e.insert(
                "enableSharedDeviceMode".into(),
                ext.shared_device_mode.into(),
            );
            e.insert("bundleIdAccessControlList".into(), json!(ext.bundle_ids));
        }
        ExtensionType::Redirect => {
            e.insert(
                "extensionIdentifier".into(),
                ext.extension_id.as_str().into(),
            );
            if !ext.team_id.is_empty() {
                e.insert("teamIdentifier".into(), ext.team_id.as_str().into());
            }
            e.insert("urlPrefixes".into(), json!(ext.urls));
        }
        ExtensionType::Credential => {
            e.insert(
                "extensionIdentifier".into(),
                ext.extension_id.as_str().into(),
            );
            if !ext.team_id.is_empty() {
                e.insert("teamIdentifier".into(), ext.team_id.as_str().into());
            }
            // Non-nullable in Graph, so always sent, even as "".
            e.insert("realm".into(), ext.realm.as_str().into());
            e.insert("domains".into(), json!(ext.domains));
        }
        ExtensionType::Kerberos => {
            let k = &ext.kerberos;
            e.insert("realm".into(), ext.realm.as_str().into());
            e.insert("domains".into(), json!(ext.domains));
            // The booleans are non-nullable in Graph: always sent, false = "Not configured".
            e.insert("blockAutomaticLogin".into(), k.block_keychain_usage.into());
            e.insert("requireUserPresence".into(), k.require_user_presence.into());
            e.insert("isDefaultRealm".into(), k.default_realm.into());
            e.insert(
                "blockActiveDirectorySiteAutoDiscovery".into(),
                k.block_autodiscover.into(),
            );
            e.insert(
                "managedAppsInBundleIdACLIncluded".into(),
                k.managed_apps_only.into(),
            );
            for (key, value) in [
                ("userPrincipalName", &k.principal_name),
                ("activeDirectorySiteCode", &k.site_code),
                ("cacheName", &k.cache_name),
                ("signInHelpText", &k.sign_in_help_text),
            ] {
                if !value.is_empty() {
                    e.insert(key.into(), value.as_str().into());
                }
            }
            e.insert(
                "credentialBundleIdAccessControlList".into(),
                json!(ext.bundle_ids),
            );
            e.insert("domainRealms".into(), json!(k.domain_realms));
        }
    }
    if exports_config(ext.kind) {
        e.insert("configurations".into(), Value::Array(configurations(draft)));
    }
    e
}

/// The "Additional configuration" rows as `keyTypedValuePair`s, verbatim and in order
/// (unlike the `.mobileconfig`, no `AppAllowList` merge: Intune adds the bundle IDs itself).
fn configurations(draft: &Draft) -> Vec<Value> {
    draft
        .extension
        .config
        .iter()
        .filter_map(|pair| {
            let (odata, value) = match pair.typed().ok()? {
                TypedValue::String(v) => ("#microsoft.graph.keyStringValuePair", Value::from(v)),
                TypedValue::Integer(i) => ("#microsoft.graph.keyIntegerValuePair", i.into()),
                TypedValue::Boolean(b) => ("#microsoft.graph.keyBooleanValuePair", b.into()),
            };
            Some(json!({"@odata.type": odata, "key": pair.key, "value": value}))
        })
        .collect()
}

/// The include targets of `assignments.target`, each carrying the filter when one is set.
fn include_targets(draft: &Draft) -> Vec<Value> {
    let a = &draft.assignments;
    let mut targets: Vec<Map<String, Value>> = match a.target {
        Target::AllUsers => vec![target("allLicensedUsersAssignmentTarget", None)],
        Target::AllDevices => vec![target("allDevicesAssignmentTarget", None)],
        Target::Groups => a
            .include_groups
            .iter()
            .map(|g| target("groupAssignmentTarget", Some(&g.id)))
            .collect(),
        Target::None => Vec::new(),
    };
    if let Some(filter) = &a.filter {
        for t in &mut targets {
            t.insert(
                "deviceAndAppManagementAssignmentFilterId".into(),
                filter.id.as_str().into(),
            );
            t.insert(
                "deviceAndAppManagementAssignmentFilterType".into(),
                filter.mode.as_str().into(),
            );
        }
    }
    targets.into_iter().map(Value::Object).collect()
}

fn target(kind: &str, group_id: Option<&str>) -> Map<String, Value> {
    let mut t = Map::new();
    t.insert(
        "@odata.type".into(),
        format!("#microsoft.graph.{kind}").into(),
    );
    if let Some(id) = group_id {
        t.insert("groupId".into(), id.into());
    }
    t
}

/// The body of `POST …/deviceConfigurations/{id}/assign`. `/assign` replaces the whole
/// set, so this always carries the complete list: the include targets, then one
/// exclusion per excluded group (without the filter: Intune applies filters to
/// include assignments only).
pub fn graph_assign(draft: &Draft) -> Value {
    let exclusions = draft
        .assignments
        .exclude_groups
        .iter()
        .map(|g| Value::Object(target("exclusionGroupAssignmentTarget", Some(&g.id))));
    let assignments: Vec<Value> = include_targets(draft)
        .into_iter()
        .chain(exclusions)
        .map(|t| {
            json!({
                "@odata.type": "#microsoft.graph.deviceConfigurationAssignment",
                "target": t,
            })
        })
        .collect();
    json!({ "assignments": assignments })
}

/// The body of `POST …/deviceAppManagement/mobileApps/{app_id}/assign` making Microsoft
/// Authenticator (which hosts the plug-in) a required app for the same include targets.
pub fn authenticator_assign(draft: &Draft) -> Value {
    let settings = match draft.authenticator.license {
        License::Store => None,
        License::VppDevice => Some(true),
        License::VppUser => Some(false),
    }
    .map(|device| {
        json!({
            "@odata.type": "#microsoft.graph.iosVppAppAssignmentSettings",
            "useDeviceLicensing": device,
        })
    });
    let assignments: Vec<Value> = include_targets(draft)
        .into_iter()
        .map(|t| {
            let mut a = Map::new();
            a.insert(
                "@odata.type".into(),
                "#microsoft.graph.mobileAppAssignment".into(),
            );
            a.insert("intent".into(), "required".into());
            a.insert("target".into(), t);
            if let Some(s) = &settings {
                a.insert("settings".into(), s.clone());
            }
            Value::Object(a)
        })
        .collect();
    json!({ "mobileAppAssignments": assignments })
}
